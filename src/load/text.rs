//! Extracted text → blocks. Three table layouts are told apart by looking at the lines
//! themselves: *row per line* (cells separated by tabs), *cell per line* (a Word export: every
//! cell on its own tab-indented line, rows separated by blank lines) and *space-aligned* (columns
//! separated by runs of spaces, as `pdftotext -layout` writes them; see [`super::columns`]). Form
//! feeds start a new page. Project codes split over two cells are joined here.

use super::columns::{self, Line};
use super::normalize::normalize;
use super::{Block, Cell, Document, Layout, Paragraph, ReadNote, Row, Table};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum LineKind {
    Blank,
    /// A tab-indented line holding one cell (cell-per-line candidate).
    SingleCell,
    /// A line with tab-separated cells.
    Cells,
    /// A line with cells apart by runs of spaces.
    Spaced,
    /// A Markdown table row (`| 合计 | 1,004.56 |`).
    Pipe,
    Text,
}

/// The longest line (in bytes) read as a table row: seven times the longest of the seeds and the
/// corpus (1,194). A longer one is read as text and ends a table: in a table, its columns times
/// the table's lines once took 21 GB of memory (a line of 50,000 figures;
/// `tests/fuzz/crashers/29b75875bb67264a.txt`).
pub const MAX_TABLE_LINE: usize = 8192;

fn classify(line: &str) -> LineKind {
    let trimmed_end = line.trim_end_matches([' ', '\r', '\u{3000}']);
    if trimmed_end.trim().is_empty() && !trimmed_end.contains('\t') {
        return LineKind::Blank;
    }
    if trimmed_end.len() > MAX_TABLE_LINE {
        return LineKind::Text;
    }
    let t = trimmed_end.trim_start();
    if t.starts_with('|') && t.matches('|').count() >= 2 {
        return LineKind::Pipe;
    }
    if !trimmed_end.contains('\t') {
        return if columns::is_spaced(trimmed_end) {
            LineKind::Spaced
        } else {
            LineKind::Text
        };
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
    let pages = page_numbers(&lines);
    let mut notes: Vec<ReadNote> = lines
        .iter()
        .enumerate()
        .filter(|(_, l)| l.len() > MAX_TABLE_LINE)
        .map(|(i, l)| ReadNote {
            line: i as u32 + 1,
            what: format!(
                "此行长 {} 字节，超过表格行上限 {MAX_TABLE_LINE}，只按文字读取其前 {MAX_TABLE_LINE} 字节 / a line of {} bytes, \
                 beyond the {MAX_TABLE_LINE} of a table row: its first {MAX_TABLE_LINE} are read as text",
                l.len(),
                l.len()
            ),
            kind: super::NoteKind::LongLine,
        })
        .collect();
    let mut blocks: Vec<Block> = Vec::new();
    let spaced_lines: Vec<Line> = lines
        .iter()
        .zip(&kinds)
        .enumerate()
        .filter(|(_, (_, k))| **k == LineKind::Spaced)
        .map(|(j, (l, _))| Line {
            number: j as u32 + 1,
            page: 1,
            text: l,
        })
        .collect();
    let measure = columns::measure_of(&spaced_lines);

    let mut i = 0;
    while i < lines.len() {
        match kinds[i] {
            LineKind::Blank => i += 1,
            LineKind::Text => {
                paragraph(&mut blocks, &lines[i], i, &mut notes);
                i += 1;
            }
            LineKind::Spaced => {
                let end = spaced_run(&lines, &kinds, i);
                // Header lines of one label each right above the first spaced line (`公务接待费`
                // over its column) belong to the table, not to the text before it.
                let mut start = i;
                while start > 0
                    && kinds[start - 1] == LineKind::Text
                    && is_header_words(&lines[start - 1])
                    && matches!(blocks.last(), Some(Block::Paragraph(p)) if p.line == start as u32)
                {
                    blocks.pop();
                    start -= 1;
                }
                let run: Vec<Line> = (start..end)
                    .filter(|&j| kinds[j] != LineKind::Blank && !is_artifact_line(&lines[j]))
                    .map(|j| Line {
                        number: j as u32 + 1,
                        page: pages.get(j).copied().unwrap_or(1),
                        text: &lines[j],
                    })
                    .collect();
                let spaced = run
                    .iter()
                    .filter(|l| kinds[l.number as usize - 1] == LineKind::Spaced)
                    .count();
                if spaced >= 2 || columns::has_data(&run) {
                    let rows = columns::table_rows(&run, measure)
                        .into_iter()
                        .map(|mut row| {
                            for c in &mut row.cells {
                                c.text = normalize(&c.text, c.line, &mut notes);
                            }
                            merge_split_codes(&mut row.cells);
                            row
                        })
                        .collect();
                    push_rows(&mut blocks, rows, Layout::SpaceAligned);
                } else {
                    for l in &run {
                        paragraph(&mut blocks, l.text, l.number as usize - 1, &mut notes);
                    }
                }
                i = end;
            }
            LineKind::Pipe => {
                let end = (i..lines.len())
                    .find(|&j| kinds[j] != LineKind::Pipe)
                    .unwrap_or(lines.len());
                let rows = (i..end)
                    .filter(|&j| !is_pipe_rule(&lines[j]))
                    .map(|j| {
                        let cells = pipe_cells(&lines[j])
                            .map(|c| Cell {
                                text: normalize(c, j as u32 + 1, &mut notes),
                                line: j as u32 + 1,
                            })
                            .collect();
                        make_row(cells, j as u32 + 1)
                    })
                    .collect();
                push_rows(&mut blocks, rows, Layout::RowPerLine);
                i = end;
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
    let pages = if pages.last().is_some_and(|&p| p > 1) {
        pages
    } else {
        Vec::new()
    };
    Document {
        file: file.to_string(),
        lines,
        pages,
        blocks,
        notes,
    }
}

/// The cells of a Markdown table row, without the outer pipes (`\|` is a pipe inside a cell).
fn pipe_cells(line: &str) -> impl Iterator<Item = &str> {
    let t = line.trim();
    let t = t.strip_prefix('|').unwrap_or(t);
    let t = t.strip_suffix('|').unwrap_or(t);
    t.split('|').map(str::trim)
}

/// The rule under a Markdown table's header (`|---|:---:|`).
fn is_pipe_rule(line: &str) -> bool {
    pipe_cells(line).all(|c| !c.is_empty() && c.chars().all(|ch| matches!(ch, '-' | ':' | ' ')))
}

/// The page of each line: a form feed starts the next page.
fn page_numbers(lines: &[String]) -> Vec<u32> {
    let mut page = 1;
    lines
        .iter()
        .map(|l| {
            page += l.matches('\u{c}').count() as u32;
            page
        })
        .collect()
}

fn paragraph(blocks: &mut Vec<Block>, raw: &str, index: usize, notes: &mut Vec<ReadNote>) {
    let line_no = index as u32 + 1;
    // Only the first [`MAX_TABLE_LINE`] bytes of a longer line are read (its note says so; the
    // source page shows it whole): the narrative's reading is not linear in one paragraph.
    let mut cut = raw.len().min(MAX_TABLE_LINE);
    while !raw.is_char_boundary(cut) {
        cut -= 1;
    }
    let raw = &raw[..cut];
    // A Markdown heading (`## 2024年部门收支总表`) is its words.
    let raw = match raw.trim_start().strip_prefix('#') {
        Some(rest) => rest.trim_start_matches('#').trim_start(),
        None => raw,
    };
    let text = normalize(raw, line_no, notes);
    if !text.is_empty() && !is_page_artifact(&text) {
        blocks.push(Block::Paragraph(Paragraph {
            text,
            line: line_no,
        }));
    }
}

/// Where a run of space-aligned lines starting at `start` ends. It goes on over blank lines, page
/// numbers and lines of words between table lines (a wrapped name, a header word), and stops at a
/// title, a note (`注：…`) or text followed by no table line.
fn spaced_run(lines: &[String], kinds: &[LineKind], start: usize) -> usize {
    let mut end = start + 1;
    let mut j = start + 1;
    while j < lines.len() {
        match kinds[j] {
            // A line too long for a table row ends the table.
            LineKind::Text if lines[j].len() > MAX_TABLE_LINE => break,
            LineKind::Spaced if !is_title_line(&lines[j]) => {
                j += 1;
                end = j;
            }
            LineKind::Blank => j += 1,
            LineKind::Text if is_artifact_line(&lines[j]) => j += 1,
            LineKind::Text if !is_title_line(&lines[j]) && !is_note(&lines[j]) => {
                // Indented word lines (cells of a column further right, the columns left of it
                // empty) may follow each other for long; other word lines a table line must follow.
                // Short label lines (`上年结转`, `其中：财政拨款资金结转`: a row whose cells
                // right of the label are blank) may follow each other for a few lines.
                let indented = |k: usize| lines[k].starts_with("    ");
                let label = |k: usize| {
                    let t = squeezed(&lines[k]);
                    t.chars().count() <= 24 && !t.contains('。') && !t.contains('，')
                };
                let reach = if indented(j) { 60 } else { 8 };
                // A cell's text wrapped in a column further right may end beside a name that
                // wraps round its row's figures (`广州市采购经理人指数` / figures / `调查编制工作经费`).
                let next_within = |reach: usize| {
                    (j + 1..lines.len().min(j + reach)).find(|&k| {
                        kinds[k] != LineKind::Blank
                            && !is_artifact_line(&lines[k])
                            && !(kinds[k] == LineKind::Text
                                && !is_title_line(&lines[k])
                                && (indented(j) || label(j))
                                && (indented(k) || label(k)))
                    })
                };
                let next = next_within(reach);
                // The table goes on over a page break when the next page repeats a header line of
                // it (the page number and the page's first header words in between).
                let repeated_header = next_within(60).is_some_and(|k| {
                    kinds[k] == LineKind::Spaced && {
                        let header = squeezed(&lines[k]);
                        (start..j)
                            .any(|i| kinds[i] == LineKind::Spaced && squeezed(&lines[i]) == header)
                    }
                });
                // … when a row of figures follows them, or a header line right under them (a
                // heading between two tables has the next table's header further down).
                let data = |k: usize| {
                    columns::has_data(&[columns::Line {
                        number: 0,
                        page: 0,
                        text: &lines[k],
                    }])
                };
                // A row's name printed over its figures (`广州市统计局2026年信` + the right
                // column's text, then the figures): words naming no column, a row of figures next.
                let name_over_row = |k: usize| {
                    !columns::names_a_column(&lines[k])
                        && (k + 1..lines.len())
                            .find(|&n| kinds[n] != LineKind::Blank)
                            .is_some_and(|n| kinds[n] == LineKind::Spaced && data(n))
                };
                let figures = |k: usize| {
                    indented(j) || !label(j) || k == j + 1 || data(k) || name_over_row(k)
                };
                match next {
                    _ if repeated_header => j += 1,
                    Some(k)
                        if kinds[k] == LineKind::Spaced
                            && !is_title_line(&lines[k])
                            && figures(k) =>
                    {
                        j += 1
                    }
                    _ => break,
                }
            }
            _ => break,
        }
    }
    end
}

fn squeezed(line: &str) -> String {
    line.chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{3000}')
        .collect()
}

/// A table title on a line of its own (its words may be spread out).
fn is_title_line(line: &str) -> bool {
    is_title(&squeezed(line))
}

/// A short line of label words (`公务接待费`, `“三公”经费财政 因公出国（境）费`): no sentence, no
/// title, unit or note.
fn is_header_words(line: &str) -> bool {
    let t = squeezed(line);
    !t.is_empty()
        && t.chars().count() <= 30
        && !t.ends_with(['。', '：', ':', '；'])
        && !t.contains('，')
        && !t.contains("单位")
        && !is_title_line(line)
        && !is_note(line)
        && !is_artifact_line(line)
}

/// A note under a table (`注：…`, `备注：…`) ends it.
pub fn is_note(line: &str) -> bool {
    let t = squeezed(line);
    t.starts_with("注:")
        || t.starts_with("注：")
        || t.starts_with("备注")
        || t.starts_with("说明：")
}

/// A page number or running mark: `- 10 -`, `第 3 页`, `3/12`, a lone number.
fn is_artifact_line(line: &str) -> bool {
    let t = squeezed(line);
    if t.is_empty() {
        return false;
    }
    let digits = t.chars().filter(|c| c.is_ascii_digit()).count();
    let rest = t
        .chars()
        .filter(|c| !c.is_ascii_digit())
        .collect::<String>();
    (digits > 0
        && digits <= 4
        && rest
            .chars()
            .all(|c| matches!(c, '-' | '—' | '/' | '第' | '页' | '共')))
        && !t.contains(',')
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
pub(crate) fn merge_split_codes(cells: &mut Vec<Cell>) {
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

/// The title with its numbering and trailing parenthetical remarks removed
/// (`表13-1`, `（1）`, `（按支出功能分类科目）`).
fn title_core(text: &str) -> &str {
    let mut s = text.trim();
    loop {
        let before = s;
        for (open, close) in [('(', ')'), ('（', '）')] {
            if s.ends_with(close)
                && let Some(start) = s.rfind(open)
            {
                s = s[..start].trim_end();
            }
        }
        if s == before {
            return s;
        }
    }
}

/// A table title: a short line ending in 表 that is not a list entry of a table of contents.
pub fn is_title(text: &str) -> bool {
    let core = title_core(text);
    text.chars().count() <= 60
        && !text.starts_with("- ")
        && core.ends_with('表')
        && !text.contains('。')
        && !text.contains("详见")
}

fn is_page_artifact(text: &str) -> bool {
    text == "page number"
        || text
            .chars()
            .all(|c| c == '-' || c == '—' || c.is_whitespace())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tables_of(doc: &Document) -> Vec<&Table> {
        doc.blocks
            .iter()
            .filter_map(|b| match b {
                Block::Table(t) => Some(t),
                _ => None,
            })
            .collect()
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
    fn wrapped_text_of_a_right_column_and_names_wrapped_round_their_row_stay_in_the_table() {
        // As 广州's project table: 绩效目标 wrapped over many lines at the right, a project name
        // above and below its row of figures.
        let pad = " ".repeat(60);
        let text = format!(
            "项目支出表\n\
             项目名称            合计        财政拨款      绩效目标\n\
             机构运行经费        86.37       86.37         1.提高数据质量\n\
             {pad}加强分析研究，为统计事业\n\
             {pad}发展提供后勤支持。\n\
             {pad}通过开展指数调查，完善统\n\
             \x20  采购经理人指数\n\
             \x20                 100.00      100.00        计指标体系\n\
             调查编制工作经费\n\
             {pad}性，为决策提供依据。\n\
             统计专项经费        195.19      195.19        高质量发展\n"
        );
        let doc = read_text("t.txt", &text);
        let tables = tables_of(&doc);
        assert_eq!(tables.len(), 1, "{:#?}", doc.blocks);
        let names: Vec<&str> = tables[0].rows.iter().map(|r| r.text(0)).collect();
        assert!(
            names.contains(&"采购经理人指数调查编制工作经费"),
            "{names:?}"
        );
        assert!(names.contains(&"统计专项经费"), "{names:?}");
    }
    #[test]
    fn a_table_goes_on_after_a_page_break_that_repeats_its_header() {
        // The last row's name wraps below it, the page number and a header word stand between.
        let pad = " ".repeat(50);
        let text = format!(
            "项目支出表\n\
             {pad}财政拨款\n\
             项目名称            合计        一般公共预算      绩效目标\n\
             统计专项经费        195.19      195.19            高质量发展\n\
             人口抽样\n\
             \x20                 15.00       15.00             科学制定规划\n\
             调查经费\n\
             {pad}提供统计信息支持。\n\
             \n\
             {pad}- 19 -\n\
             {ff}{pad}财政拨款\n\
             项目名称            合计        一般公共预算      绩效目标\n\
             {pad}保障网络安全\n\
             农业普查经费        534.72      534.72            摸清家底\n",
            ff = '\u{c}'
        );
        let doc = read_text("t.txt", &text);
        let tables = tables_of(&doc);
        assert_eq!(tables.len(), 1, "{:#?}", doc.blocks);
        let names: Vec<&str> = tables[0].rows.iter().map(|r| r.text(0)).collect();
        assert!(names.contains(&"农业普查经费"), "{names:?}");
        // The repeated header is no row of the table.
        assert_eq!(
            names.iter().filter(|n| **n == "项目名称").count(),
            1,
            "{names:?}"
        );
    }

    #[test]
    fn a_name_over_its_row_after_a_wrapped_name_keeps_the_table_going() {
        // As 广州's project table, page 19: a name wrapped below its row, the right column's
        // text, then the next name printed over its row of figures beside that column's text.
        let pad = " ".repeat(50);
        let text = format!(
            "项目支出表\n\
             项目名称            合计        一般公共预算      绩效目标\n\
             \x20  农业普查宣传\n\
             \x20                 76.30       76.30             增加支持度\n\
             经费\n\
             {pad}进度，使普查顺利开展。\n\
             {pad}在原有维护体系的基础上\n\
             \x20  2026年信息化运维                                录各类业务系统\n\
             \x20                 12.12       12.12             件更新维护\n\
             项目                                              性和安全性\n\
             其他运行经费        7.00        7.00              后勤支持\n"
        );
        let doc = read_text("t.txt", &text);
        let tables = tables_of(&doc);
        assert_eq!(tables.len(), 1, "{:#?}", doc.blocks);
        let names: Vec<&str> = tables[0].rows.iter().map(|r| r.text(0)).collect();
        assert!(names.contains(&"其他运行经费"), "{names:?}");
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
}

#[cfg(test)]
mod long_lines {
    use super::*;

    #[test]
    fn a_line_beyond_the_table_row_limit_is_text_with_a_note() {
        // A space-aligned table with one line of 50,000 figures: read as a row, its columns times
        // the table's lines took 21 GB.
        let row = "  一般公共服务支出      595.48      483.80      111.68";
        let long = " 1,234.56".repeat(50_000);
        let mut lines = vec!["单位：万元".to_string()];
        lines.extend(std::iter::repeat_n(row.to_string(), 200));
        lines.push(long.clone());
        lines.extend(std::iter::repeat_n(row.to_string(), 200));
        let start = std::time::Instant::now();
        let doc = read_text("long.txt", &lines.join("\n"));
        assert!(start.elapsed().as_secs() < 30, "{:?}", start.elapsed());
        assert_eq!(doc.notes.len(), 1);
        assert_eq!(doc.notes[0].line, 202);
        assert_eq!(doc.notes[0].kind, crate::load::NoteKind::LongLine);
        assert!(doc.notes[0].what.contains(&long.len().to_string()));
        assert!(doc.blocks.iter().any(|b| matches!(b, Block::Table(_))));
    }
}
