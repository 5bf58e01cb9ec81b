//! read: bytes → text → a [`Document`] of paragraphs and tables, every block and cell with its line.
//!
//! Two table layouts are told apart by looking at the lines themselves, not by configuration:
//! *row per line* (cells separated by tabs) and *cell per line* (a Word export: every cell on its own
//! tab-indented line, rows separated by blank lines). Normalisation happens here, once: full-width
//! forms, spaced-out CJK labels, LaTeX and HTML remnants, Markdown emphasis, Word bookmarks,
//! `[illegible]` marks and project codes split over two cells.

use std::fmt;

/// How the table rows of a run of lines were laid out in the extracted text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Layout {
    /// One table row per line, cells separated by tabs.
    RowPerLine,
    /// One cell per tab-indented line, rows separated by blank lines.
    CellPerLine,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cell {
    pub text: String,
    pub line: u32,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub cells: Vec<Cell>,
    pub line: u32,
}

impl Row {
    pub fn text(&self, i: usize) -> &str {
        self.cells.get(i).map(|c| c.text.as_str()).unwrap_or("")
    }

    pub fn is_blank(&self) -> bool {
        self.cells.iter().all(|c| c.text.is_empty())
    }

    /// The row's non-empty cells joined, for matching words anywhere in it.
    pub fn joined(&self) -> String {
        let parts: Vec<&str> = self
            .cells
            .iter()
            .map(|c| c.text.as_str())
            .filter(|t| !t.is_empty())
            .collect();
        parts.join(" ")
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    pub rows: Vec<Row>,
    pub layout: Layout,
    pub line: u32,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paragraph {
    pub text: String,
    pub line: u32,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    Paragraph(Paragraph),
    Table(Table),
}

impl Block {
    pub fn line(&self) -> u32 {
        match self {
            Block::Paragraph(p) => p.line,
            Block::Table(t) => t.line,
        }
    }
}

/// Something the reader had to drop or could not read (an `[illegible]` mark).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadNote {
    pub line: u32,
    pub what: String,
}

/// A document as blocks, plus its decoded lines (for the source page and provenance links).
#[derive(Debug, Clone)]
pub struct Document {
    pub file: String,
    pub lines: Vec<String>,
    pub blocks: Vec<Block>,
    pub notes: Vec<ReadNote>,
}

/// Why a file could not be read as a document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadError {
    pub file: String,
    pub line: Option<u32>,
    pub reason: String,
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{}: {}", self.file, line, self.reason),
            None => write!(f, "{}: {}", self.file, self.reason),
        }
    }
}

impl std::error::Error for ReadError {}

/// Decodes bytes as UTF-8 (with or without BOM), else as GB18030 (a superset of GBK and GB2312).
/// Binary data (NUL bytes, many control characters) is refused with the line where it starts.
pub fn decode(file: &str, bytes: &[u8]) -> Result<String, ReadError> {
    let err = |line: Option<u32>, reason: &str| ReadError {
        file: file.to_string(),
        line,
        reason: reason.to_string(),
    };
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(err(None, "the file is empty / 文件为空"));
    }
    if let Some(pos) = bytes.iter().position(|&b| b == 0) {
        return Err(err(
            Some(line_of(bytes, pos)),
            "binary data (NUL byte), not a text document / 二进制数据，不是文本文件",
        ));
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t.to_string(),
        Err(_) => {
            let (decoded, _, had_errors) = encoding_rs::GB18030.decode(bytes);
            if had_errors {
                return Err(err(
                    None,
                    "neither UTF-8 nor GB18030 text / 既不是 UTF-8 也不是 GB18030 编码的文本",
                ));
            }
            decoded.into_owned()
        }
    };
    let controls = text
        .chars()
        .filter(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\u{c}'))
        .count();
    if controls * 20 > text.chars().count().max(1) {
        let first = text
            .char_indices()
            .find(|(_, c)| c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\u{c}'))
            .map(|(i, _)| line_of(text.as_bytes(), i));
        return Err(err(
            first,
            "mostly control characters, not a text document / 大量控制字符，不是文本文件",
        ));
    }
    Ok(text)
}

fn line_of(bytes: &[u8], pos: usize) -> u32 {
    bytes[..pos].iter().filter(|&&b| b == b'\n').count() as u32 + 1
}

/// Reads a document from its bytes.
pub fn read(file: &str, bytes: &[u8]) -> Result<Document, ReadError> {
    let text = decode(file, bytes)?;
    Ok(read_text(file, &text))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum LineKind {
    Blank,
    /// A tab-indented line holding one cell (cell-per-line candidate).
    SingleCell,
    /// A line with tab-separated cells.
    Cells,
    Text,
}

fn classify(line: &str) -> LineKind {
    let trimmed_end = line.trim_end_matches([' ', '\r', '\u{3000}']);
    if trimmed_end.trim().is_empty() && !trimmed_end.contains('\t') {
        return LineKind::Blank;
    }
    if !trimmed_end.contains('\t') {
        return LineKind::Text;
    }
    if let Some(rest) = trimmed_end.strip_prefix('\t') {
        let rest = rest.trim_end_matches(['\t', ' ']);
        if !rest.contains('\t') {
            return LineKind::SingleCell;
        }
    }
    LineKind::Cells
}

/// Reads a document from decoded text.
pub fn read_text(file: &str, text: &str) -> Document {
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let lines: Vec<String> = text.split('\n').map(str::to_string).collect();
    let kinds: Vec<LineKind> = lines.iter().map(|l| classify(l)).collect();
    let mut notes = Vec::new();
    let mut blocks: Vec<Block> = Vec::new();

    let mut i = 0;
    while i < lines.len() {
        match kinds[i] {
            LineKind::Blank => i += 1,
            LineKind::Text => {
                let line_no = i as u32 + 1;
                let text = normalize(&lines[i], line_no, &mut notes);
                if !text.is_empty() && !is_page_artifact(&text) {
                    blocks.push(Block::Paragraph(Paragraph {
                        text,
                        line: line_no,
                    }));
                }
                i += 1;
            }
            LineKind::SingleCell | LineKind::Cells => {
                let run_end = (i..lines.len())
                    .find(|&j| !matches!(kinds[j], LineKind::SingleCell | LineKind::Cells))
                    .unwrap_or(lines.len());
                let all_single = kinds[i..run_end].iter().all(|k| *k == LineKind::SingleCell);
                let (layout, rows) = if all_single && run_end - i >= 2 {
                    let cells = (i..run_end)
                        .map(|j| cell(&lines[j], j, &mut notes))
                        .collect::<Vec<_>>();
                    (Layout::CellPerLine, vec![make_row(cells, i as u32 + 1)])
                } else if all_single {
                    // One lone tab-indented line: a one-cell row.
                    (
                        Layout::CellPerLine,
                        vec![make_row(vec![cell(&lines[i], i, &mut notes)], i as u32 + 1)],
                    )
                } else {
                    let rows = (i..run_end)
                        .map(|j| {
                            let cells = lines[j]
                                .trim_end_matches(['\r', ' '])
                                .split('\t')
                                .map(|c| Cell {
                                    text: normalize(c, j as u32 + 1, &mut notes),
                                    line: j as u32 + 1,
                                })
                                .collect();
                            make_row(cells, j as u32 + 1)
                        })
                        .collect();
                    (Layout::RowPerLine, rows)
                };
                push_rows(&mut blocks, rows, layout);
                i = run_end;
            }
        }
    }
    Document {
        file: file.to_string(),
        lines,
        blocks,
        notes,
    }
}

fn cell(line: &str, index: usize, notes: &mut Vec<ReadNote>) -> Cell {
    let line_no = index as u32 + 1;
    let content = line.strip_prefix('\t').unwrap_or(line);
    Cell {
        text: normalize(content, line_no, notes),
        line: line_no,
    }
}

/// Rows continue the table before them when only blank lines lie between (a page break inside a
/// table); a paragraph ends a table.
fn push_rows(blocks: &mut Vec<Block>, rows: Vec<Row>, layout: Layout) {
    if let Some(Block::Table(t)) = blocks.last_mut()
        && t.layout == layout
    {
        t.rows.extend(rows);
        return;
    }
    let line = rows.first().map(|r| r.line).unwrap_or(0);
    blocks.push(Block::Table(Table { rows, layout, line }));
}

fn make_row(mut cells: Vec<Cell>, line: u32) -> Row {
    merge_split_codes(&mut cells);
    Row { cells, line }
}

/// A long project code broken over two cells (`41070424000` | `0000004850`) becomes one cell.
fn merge_split_codes(cells: &mut Vec<Cell>) {
    let mut i = 0;
    while i + 1 < cells.len() {
        let a = &cells[i].text;
        let b = &cells[i + 1].text;
        let digits = |s: &str| !s.is_empty() && s.bytes().all(|c| c.is_ascii_digit());
        if digits(a) && digits(b) && a.len() >= 8 && a.len() + b.len() >= 15 {
            let joined = format!("{a}{b}");
            cells[i].text = joined;
            cells.remove(i + 1);
        } else {
            i += 1;
        }
    }
}

fn is_page_artifact(text: &str) -> bool {
    text == "page number"
        || text
            .chars()
            .all(|c| c == '-' || c == '—' || c.is_whitespace())
}

fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FA1F)
}

/// CJK punctuation and full-width brackets that never want a space beside them.
fn is_cjk_punct(c: char) -> bool {
    matches!(c as u32, 0x3000..=0x303F | 0xFF01..=0xFF0F | 0xFF1A..=0xFF20 | 0xFF3B..=0xFF40 | 0xFF5B..=0xFF65)
        || matches!(c, '“' | '”' | '‘' | '’' | '—' | '…' | '·' | '≥' | '≤' | '×')
}

fn is_wide(c: char) -> bool {
    is_cjk(c) || is_cjk_punct(c)
}

/// Normalises one line or cell of text. See the module documentation for what is removed.
pub fn normalize(raw: &str, line: u32, notes: &mut Vec<ReadNote>) -> String {
    // Most cells are empty or a plain number: nothing to normalise.
    if raw
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b',' | b'-' | b'%'))
    {
        return raw.to_string();
    }
    let mut s = raw.to_string();
    // Word bookmarks: `[bookmark: _Toc_2_2_0000000001]`
    while let Some(start) = s.find("[bookmark:") {
        match s[start..].find(']') {
            Some(end) => s.replace_range(start..start + end + 1, ""),
            None => break,
        }
    }
    if s.contains("[illegible]") {
        notes.push(ReadNote {
            line,
            what: "[illegible]".to_string(),
        });
        s = s.replace("[illegible]", " ");
    }
    if s.contains('$') {
        s = strip_latex(&s);
    }
    if s.contains('<') || s.contains('&') {
        s = strip_html(&s);
    }
    if s.contains("**") {
        s = s.replace("**", "");
    }
    let mut out = String::with_capacity(s.len());
    for ch in s.chars() {
        let ch = match ch {
            '０'..='９' | 'Ａ'..='Ｚ' | 'ａ'..='ｚ' => {
                char::from_u32(ch as u32 - 0xFEE0).unwrap_or(ch)
            }
            '％' => '%',
            '．' => '.',
            '\u{a0}' | '\u{3000}' | '\u{2009}' | '\u{202f}' | '\t' | '\r' => ' ',
            c => c,
        };
        out.push(ch);
    }
    collapse_spaces(&out)
}

/// Collapses runs of spaces and removes those that only spread CJK text out (`本 年 收 入` →
/// `本年收入`, `2024 年` → `2024年`). Spaces between two Latin words or two numbers stay.
fn collapse_spaces(s: &str) -> String {
    let chars: Vec<char> = s.trim().chars().collect();
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == ' ' {
            let mut j = i;
            while j < chars.len() && chars[j] == ' ' {
                j += 1;
            }
            let prev = out.chars().last();
            let next = chars.get(j).copied();
            let keep = match (prev, next) {
                (Some(p), Some(n)) => !(is_wide(p) || is_wide(n)),
                _ => false,
            };
            if keep {
                out.push(' ');
            }
            i = j;
        } else {
            out.push(c);
            i += 1;
        }
    }
    out
}

fn strip_latex(s: &str) -> String {
    let mut out = s.to_string();
    for (from, to) in [
        ("\\geqslant", "≥"),
        ("\\leqslant", "≤"),
        ("\\geq", "≥"),
        ("\\leq", "≤"),
        ("\\ge", "≥"),
        ("\\le", "≤"),
        ("\\%", "%"),
        ("\\times", "×"),
        ("\\sim", "~"),
        ("\\pm", "±"),
        ("\\,", ""),
        ("\\;", ""),
        ("\\ ", " "),
    ] {
        out = out.replace(from, to);
    }
    out.replace(['$', '{', '}'], "")
}

fn strip_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(start) = rest.find('<') {
        let after = &rest[start + 1..];
        let is_tag = after
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '/' || c == '!');
        match (is_tag, after.find('>')) {
            (true, Some(end)) => {
                out.push_str(&rest[..start]);
                out.push(' ');
                rest = &after[end + 1..];
            }
            _ => {
                out.push_str(&rest[..start + 1]);
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out.replace("&nbsp;", " ")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

/// A key for matching labels: no spaces, full-width brackets and colons folded to ASCII.
pub fn key(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '（' => '(',
            '）' => ')',
            '：' => ':',
            '，' => ',',
            '、' => ',',
            c => c,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn norm(s: &str) -> String {
        normalize(s, 1, &mut Vec::new())
    }

    #[test]
    fn spaced_out_labels_close_up() {
        assert_eq!(norm("本 年 收 入 合 计"), "本年收入合计");
        assert_eq!(norm("2024 年 3 月 18 日"), "2024年3月18日");
        assert_eq!(
            norm("漯河市人民政府驻北京联 络处"),
            "漯河市人民政府驻北京联络处"
        );
        assert_eq!(norm("OA system  v2"), "OA system v2");
        assert_eq!(norm("  收入  922.94 万元 "), "收入922.94万元");
    }

    #[test]
    fn latex_html_and_markdown_remnants_go() {
        assert_eq!(norm("$\\geq 100\\%$"), "≥100%");
        assert_eq!(norm("<p>目标1: 全县</p> <p>目标2</p>"), "目标1:全县目标2");
        assert_eq!(norm("一、办公室**主要职责**"), "一、办公室主要职责");
        assert_eq!(
            norm("[bookmark: _Toc_2_2_0000000001]部门预算收支总表"),
            "部门预算收支总表"
        );
        assert_eq!(norm("a < b"), "a < b");
    }

    #[test]
    fn full_width_digits_become_ascii() {
        assert_eq!(norm("１２３．４５％"), "123.45%");
    }

    #[test]
    fn illegible_marks_are_noted() {
        let mut notes = Vec::new();
        assert_eq!(normalize("[illegible]", 7, &mut notes), "");
        assert_eq!(
            notes,
            vec![ReadNote {
                line: 7,
                what: "[illegible]".into()
            }]
        );
    }

    #[test]
    fn row_per_line_tables_are_found_and_page_breaks_joined() {
        let doc = read_text(
            "t.txt",
            "标题表\n\n收入\t\t支出\t\n项目\t金额\n\n一、拨款\t1,0.5\t\n说明文字\n",
        );
        assert_eq!(doc.blocks.len(), 3);
        let Block::Table(t) = &doc.blocks[1] else {
            panic!("expected a table")
        };
        assert_eq!(t.layout, Layout::RowPerLine);
        assert_eq!(t.rows.len(), 3);
        assert_eq!(t.rows[2].line, 6);
        assert_eq!(t.rows[0].text(2), "支出");
    }

    #[test]
    fn cell_per_line_tables_are_found() {
        let doc = read_text("t.txt", "表题\n\ta\n\tb\n\n\t1\n\t\n\n说明\n");
        let Block::Table(t) = &doc.blocks[1] else {
            panic!("expected a table")
        };
        assert_eq!(t.layout, Layout::CellPerLine);
        assert_eq!(t.rows.len(), 2);
        assert_eq!(t.rows[1].cells.len(), 2);
        assert_eq!(t.rows[1].cells[0].line, 5);
        assert_eq!(t.rows[1].text(1), "");
    }

    #[test]
    fn split_project_codes_are_joined() {
        let doc = read_text("t.txt", "41070424000\t0000004850\t名称\t9.00\n");
        let Block::Table(t) = &doc.blocks[0] else {
            panic!("expected a table")
        };
        assert_eq!(t.rows[0].text(0), "410704240000000004850");
        assert_eq!(t.rows[0].text(1), "名称");
        let doc = read_text("t.txt", "41070424000 0000004850\t名称\t9.00\n");
        let Block::Table(t) = &doc.blocks[0] else {
            panic!("expected a table")
        };
        assert_eq!(t.rows[0].text(0), "41070424000 0000004850");
    }

    #[test]
    fn binary_and_empty_files_are_refused_with_a_reason() {
        let e = read("x.bin", b"abc\n\x00\x01").unwrap_err();
        assert_eq!(e.line, Some(2));
        assert!(e.to_string().starts_with("x.bin:2:"));
        assert!(read("e.txt", b"  \n").is_err());
    }

    #[test]
    fn gb18030_is_decoded() {
        let (bytes, _, _) = encoding_rs::GB18030.encode("收入总计 922.94 万元");
        let doc = read("g.txt", &bytes).unwrap();
        let Block::Paragraph(p) = &doc.blocks[0] else {
            panic!()
        };
        assert_eq!(p.text, "收入总计922.94万元");
    }
}
