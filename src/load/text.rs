//! Extracted text → blocks. Two table layouts are told apart by looking at the lines themselves:
//! *row per line* (cells separated by tabs) and *cell per line* (a Word export: every cell on its
//! own tab-indented line, rows separated by blank lines). Project codes split over two cells are
//! joined here.

use super::normalize::normalize;
use super::{Block, Cell, Document, Layout, Paragraph, ReadNote, Row, Table};

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

#[cfg(test)]
mod tests {
    use super::*;

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
}
