//! An HTML page (a disclosure saved from a government site) → blocks: every `<table>` a table of
//! rows and cells, the text between them paragraphs, each with the line of the page it starts on.
//!
//! The page is tokenised by `html5ever` (the HTML5 tokenizer of the Servo project: entities,
//! unclosed tags and the other liberties of real pages are handled as browsers do). A cell spanning
//! several columns (`colspan`) fills each of them, as a space-aligned header label does; a cell
//! spanning rows (`rowspan`) leaves the cells under it blank. A table that holds tables is a
//! layout table: its own rows are dropped and the tables inside are kept.

use std::cell::RefCell;

use html5ever::tendril::StrTendril;
use html5ever::tokenizer::states::RawKind;
use html5ever::tokenizer::{
    BufferQueue, Tag, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts,
};

use super::normalize::normalize;
use super::positioned::{self, Piece};
use super::text::{merge_split_codes, read_text};
use super::{Block, Cell, Document, Layout, Paragraph, ReadNote, Row, Table};

/// The fewest positioned pieces that make a page of positioned text (a PDF turned into HTML)
/// rather than a page with a positioned banner.
const MIN_PIECES: usize = 20;

/// A table being read.
#[derive(Default)]
struct OpenTable {
    rows: Vec<Row>,
    row: Option<Row>,
    /// The cell being read: its text, first line and column span.
    cell: Option<(String, u32, usize)>,
    /// Per column, how many more rows a `rowspan` cell above covers.
    spans: Vec<usize>,
    /// True when a table stands inside this one.
    holds_tables: bool,
    line: u32,
}

impl OpenTable {
    fn start_row(&mut self, line: u32) {
        self.end_row();
        self.row = Some(Row {
            cells: Vec::new(),
            line,
        });
        self.skip_spanned();
    }

    /// Columns still covered by a cell above get a blank cell.
    fn skip_spanned(&mut self) {
        let Some(row) = self.row.as_mut() else { return };
        while let Some(left) = self.spans.get_mut(row.cells.len()).filter(|n| **n > 0) {
            *left -= 1;
            row.cells.push(Cell {
                text: String::new(),
                line: row.line,
            });
        }
    }

    fn end_cell(&mut self, rowspan: usize) {
        let Some((text, line, colspan)) = self.cell.take() else {
            return;
        };
        if self.row.is_none() {
            self.start_row(line);
        }
        let row = self.row.as_mut().expect("a row");
        let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
        for _ in 0..colspan.max(1) {
            let at = row.cells.len();
            if self.spans.len() <= at {
                self.spans.resize(at + 1, 0);
            }
            self.spans[at] = rowspan.saturating_sub(1);
            row.cells.push(Cell {
                text: text.clone(),
                line,
            });
        }
        self.skip_spanned();
    }

    fn end_row(&mut self) {
        self.end_cell(1);
        if let Some(row) = self.row.take()
            && row.cells.iter().any(|c| !c.text.is_empty())
        {
            self.rows.push(row);
        }
    }
}

#[derive(Default)]
struct State {
    blocks: Vec<Block>,
    tables: Vec<OpenTable>,
    /// Paragraph text being gathered and the line it starts on.
    text: String,
    text_line: u32,
    /// The rowspan of the open cell of each open table.
    rowspans: Vec<usize>,
    skip: usize,
    /// Absolutely positioned text (`pdftohtml`'s pages), with the class of each piece.
    pieces: Vec<(Piece, String)>,
    /// The positioned element being read.
    piece: Option<(Piece, String)>,
    /// Pages: boxes positioned `relative` that hold the positioned pieces.
    page: u32,
    /// The page's style sheets (font sizes of the pieces' classes).
    css: String,
    in_style: bool,
}

impl State {
    fn end_piece(&mut self) {
        if let Some(piece) = self.piece.take()
            && !piece.0.text.trim().is_empty()
        {
            self.pieces.push(piece);
        }
    }

    fn flush_text(&mut self) {
        let text = self.text.split_whitespace().collect::<Vec<_>>().join(" ");
        self.text.clear();
        if !text.is_empty() {
            self.blocks.push(Block::Paragraph(Paragraph {
                text,
                line: self.text_line,
            }));
        }
    }

    /// Ends the innermost open table: a table of its own unless tables stand inside it.
    fn close_table(&mut self) {
        if let Some(mut t) = self.tables.pop() {
            t.end_row();
            if !t.holds_tables && !t.rows.is_empty() {
                self.blocks.push(Block::Table(Table {
                    rows: t.rows,
                    layout: Layout::RowPerLine,
                    line: t.line,
                }));
            }
        }
    }

    fn characters(&mut self, s: &str, line: u32) {
        if self.in_style {
            self.css.push_str(s);
        }
        if self.skip > 0 {
            return;
        }
        if let Some((piece, _)) = self.piece.as_mut() {
            piece.text.push_str(s);
        }
        if let Some(t) = self.tables.last_mut() {
            if let Some((text, first, _)) = t.cell.as_mut() {
                if text.trim().is_empty() {
                    *first = line;
                }
                text.push_str(s);
            }
            // Text between cells of a table is stray whitespace.
            return;
        }
        if self.text.trim().is_empty() {
            self.text_line = line;
        }
        self.text.push_str(s);
    }

    fn tag(&mut self, tag: &Tag, line: u32) {
        let name: &str = &tag.name;
        let attr = |key: &str| {
            tag.attrs
                .iter()
                .find(|a| &*a.name.local == key)
                .and_then(|a| a.value.trim().parse::<usize>().ok())
                .filter(|&n| (1..=100).contains(&n))
        };
        let style = tag
            .attrs
            .iter()
            .find(|a| &*a.name.local == "style")
            .map(|a| a.value.to_string());
        if tag.kind == TagKind::StartTag
            && let Some(style) = &style
        {
            if let Some((top, left)) = positioned::position(style) {
                self.end_piece();
                let class = tag
                    .attrs
                    .iter()
                    .find(|a| &*a.name.local == "class")
                    .map(|a| a.value.to_string())
                    .unwrap_or_default();
                self.piece = Some((
                    Piece {
                        page: self.page,
                        top,
                        left,
                        size: None,
                        text: String::new(),
                    },
                    class,
                ));
            } else if style.replace(' ', "").contains("position:relative") {
                self.end_piece();
                self.page += 1;
            }
        }
        if tag.kind == TagKind::EndTag && matches!(name, "p" | "div") {
            self.end_piece();
        }
        match (tag.kind, name) {
            (TagKind::StartTag, "style") => {
                self.in_style = true;
                self.skip += 1
            }
            (TagKind::EndTag, "style") => {
                self.in_style = false;
                self.skip = self.skip.saturating_sub(1)
            }
            (TagKind::StartTag, "script" | "head" | "noscript" | "template") => self.skip += 1,
            (TagKind::EndTag, "script" | "head" | "noscript" | "template") => {
                self.skip = self.skip.saturating_sub(1)
            }
            (TagKind::StartTag, "table") => {
                self.flush_text();
                if let Some(outer) = self.tables.last_mut() {
                    outer.holds_tables = true;
                }
                self.tables.push(OpenTable {
                    line,
                    ..OpenTable::default()
                });
            }
            (TagKind::EndTag, "table") => self.close_table(),
            (TagKind::StartTag, "tr") => {
                if let Some(t) = self.tables.last_mut() {
                    t.start_row(line);
                }
            }
            (TagKind::EndTag, "tr") => {
                if let Some(t) = self.tables.last_mut() {
                    let rowspan = self.rowspans.pop().unwrap_or(1);
                    t.end_cell(rowspan);
                    t.end_row();
                }
            }
            (TagKind::StartTag, "td" | "th") => {
                if let Some(t) = self.tables.last_mut() {
                    let rowspan = self.rowspans.pop().unwrap_or(1);
                    t.end_cell(rowspan);
                    if t.row.is_none() {
                        t.start_row(line);
                    }
                    t.cell = Some((String::new(), line, attr("colspan").unwrap_or(1)));
                    self.rowspans.push(attr("rowspan").unwrap_or(1));
                }
            }
            (TagKind::EndTag, "td" | "th") => {
                if let Some(t) = self.tables.last_mut() {
                    let rowspan = self.rowspans.pop().unwrap_or(1);
                    t.end_cell(rowspan);
                }
            }
            (_, "br") => self.characters("\n", line),
            (_, "p" | "div" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "li" | "caption")
            | (_, "section" | "article" | "header" | "footer" | "blockquote" | "pre" | "hr")
            | (_, "ul" | "ol" | "title" | "body") => {
                if self.tables.last().is_some_and(|t| t.cell.is_some()) {
                    self.characters(" ", line);
                } else {
                    self.flush_text();
                }
            }
            _ => {}
        }
    }
}

struct Sink(RefCell<State>);

impl TokenSink for Sink {
    type Handle = ();

    fn process_token(&self, token: Token, line_number: u64) -> TokenSinkResult<()> {
        let line = u32::try_from(line_number).unwrap_or(u32::MAX);
        let mut state = self.0.borrow_mut();
        match token {
            Token::TagToken(tag) => {
                state.tag(&tag, line);
                if tag.kind == TagKind::StartTag {
                    match &*tag.name {
                        "script" => return TokenSinkResult::RawData(RawKind::ScriptData),
                        "style" | "noscript" => return TokenSinkResult::RawData(RawKind::Rawtext),
                        "title" | "textarea" => return TokenSinkResult::RawData(RawKind::Rcdata),
                        _ => {}
                    }
                }
            }
            Token::CharacterTokens(s) => state.characters(&s, line),
            Token::EOFToken => {
                while !state.tables.is_empty() {
                    state.close_table();
                }
                state.flush_text();
            }
            _ => {}
        }
        TokenSinkResult::Continue
    }
}

/// Reads an HTML page (already decoded) into a document.
pub fn read_html(file: &str, html: &str) -> Document {
    let sink = Sink(RefCell::new(State::default()));
    let tokenizer = Tokenizer::new(sink, TokenizerOpts::default());
    let input = BufferQueue::default();
    input.push_back(StrTendril::from_slice(html));
    let _ = tokenizer.feed(&input);
    tokenizer.end();
    let mut state = tokenizer.sink.0.into_inner();
    state.end_piece();
    // A page of positioned text and no table: laid out again and read as text.
    let has_tables = state.blocks.iter().any(|b| matches!(b, Block::Table(_)));
    if !has_tables && state.pieces.len() >= MIN_PIECES {
        let sizes = positioned::class_sizes(&state.css);
        let pieces: Vec<Piece> = state
            .pieces
            .into_iter()
            .map(|(mut piece, class)| {
                piece.size = class
                    .split_whitespace()
                    .find_map(|c| sizes.iter().find(|(k, _)| k == c).map(|(_, v)| *v));
                piece
            })
            .collect();
        return read_text(file, &positioned::lay_out(&pieces));
    }
    let mut notes: Vec<ReadNote> = Vec::new();
    let blocks = state
        .blocks
        .into_iter()
        .filter_map(|b| match b {
            Block::Paragraph(p) => {
                let text = normalize(&p.text, p.line, &mut notes);
                (!text.is_empty()).then_some(Block::Paragraph(Paragraph { text, ..p }))
            }
            Block::Table(mut t) => {
                for row in &mut t.rows {
                    for c in &mut row.cells {
                        c.text = normalize(&c.text, c.line, &mut notes);
                    }
                    merge_split_codes(&mut row.cells);
                }
                Some(Block::Table(t))
            }
        })
        .collect();
    Document {
        file: file.to_string(),
        lines: html.lines().map(str::to_string).collect(),
        pages: Vec::new(),
        blocks,
        notes,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tables(doc: &Document) -> Vec<Vec<Vec<String>>> {
        doc.blocks
            .iter()
            .filter_map(|b| match b {
                Block::Table(t) => Some(
                    t.rows
                        .iter()
                        .map(|r| r.cells.iter().map(|c| c.text.clone()).collect())
                        .collect(),
                ),
                Block::Paragraph(_) => None,
            })
            .collect()
    }

    #[test]
    fn cells_rows_spans_and_lines() {
        let html = "<html><head><title>x</title><style>td{}</style></head><body>\n\
            <h2>2024年部门收支总表</h2>\n\
            <p>单位：万元</p>\n\
            <table>\n\
            <tr><th rowspan=\"2\">科目编码</th><th colspan=\"2\">一般公共预算支出</th></tr>\n\
            <tr><th>基本支出</th><th>项目支出</th></tr>\n\
            <tr><td>2010301</td><td>1,004.56</td><td>&nbsp;</td></tr>\n\
            </table>\n\
            <script>var a = '<td>no</td>';</script>\n\
            </body></html>";
        let doc = read_html("a.html", html);
        let paragraphs: Vec<(&str, u32)> = doc
            .blocks
            .iter()
            .filter_map(|b| match b {
                Block::Paragraph(p) => Some((p.text.as_str(), p.line)),
                Block::Table(_) => None,
            })
            .collect();
        assert_eq!(paragraphs, [("2024年部门收支总表", 2), ("单位：万元", 3)]);
        let t = tables(&doc);
        assert_eq!(t.len(), 1);
        assert_eq!(
            t[0][0],
            ["科目编码", "一般公共预算支出", "一般公共预算支出"]
        );
        assert_eq!(t[0][1], ["", "基本支出", "项目支出"]);
        assert_eq!(t[0][2], ["2010301", "1,004.56", ""]);
        let Block::Table(table) = &doc.blocks[2] else {
            panic!("a table")
        };
        assert_eq!(table.rows[2].cells[1].line, 7);
    }

    #[test]
    fn a_layout_table_gives_the_tables_inside_it() {
        let html = "<table><tr><td>页眉</td></tr><tr><td>\
            <table><tr><td>合计</td><td>12.5</td></tr></table>\
            </td></tr></table>";
        let t = tables(&read_html("a.html", html));
        assert_eq!(t, [[["合计", "12.5"]]]);
    }

    #[test]
    fn unclosed_cells_and_entities() {
        let html = "<table><tr><td>行政运行<td>1&#44;004.56<tr><td>合计<td>2</table><p>注：无";
        let doc = read_html("a.html", html);
        assert_eq!(tables(&doc), [[["行政运行", "1,004.56"], ["合计", "2"]]]);
        assert!(matches!(doc.blocks.last(), Some(Block::Paragraph(p)) if p.text == "注：无"));
    }
}
