//! Layout robustness: each seed re-rendered by this test into the other table layout, with columns
//! reordered, and with a table restated in 元, must parse to the same model.

use std::fmt::Write as _;
use std::path::Path;

use gongkai::load::{Block, Document, Layout, read_text};
use gongkai::model::{Budget, Figure, FunctionNode};
use rust_decimal::Decimal;

const SEEDS: [&str; 5] = [
    "weihui-2024",
    "luohe-2024",
    "fengxian-2024",
    "fengquan-2024",
    "laiyuan-2024",
];

fn seed_text(slug: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("content/budgets")
        .join(format!("{slug}.txt"));
    std::fs::read_to_string(path).expect("seed exists")
}

fn load(slug: &str, text: &str) -> Budget {
    gongkai::department::load_bytes(&format!("{slug}.txt"), slug, text.as_bytes())
        .unwrap_or_else(|e| panic!("{e}"))
}

/// Rewrites the rows of a table, given the title (and unit line) before it.
type TableEdit<'a> = dyn Fn(&str, Vec<Vec<String>>) -> Vec<Vec<String>> + 'a;

/// Writes a document back as text with every table in `layout`, passing each table through `edit`
/// (given the title paragraph before it).
fn render(doc: &Document, layout: Layout, edit: &TableEdit) -> String {
    let mut out = String::new();
    let mut title = String::new();
    for block in &doc.blocks {
        match block {
            Block::Paragraph(p) => {
                if p.text.ends_with('表') || p.text.contains("单位：") {
                    title = if p.text.contains("单位：") {
                        format!("{title}|{}", p.text)
                    } else {
                        p.text.clone()
                    };
                }
                out.push_str(&p.text);
                out.push_str("\n\n");
            }
            Block::Table(t) => {
                let rows: Vec<Vec<String>> = t
                    .rows
                    .iter()
                    .map(|r| r.cells.iter().map(|c| c.text.clone()).collect())
                    .collect();
                let rows = edit(&title, rows);
                if layout == Layout::SpaceAligned {
                    out.push_str(&space_aligned(&rows));
                    out.push('\n');
                    continue;
                }
                for row in rows {
                    match layout {
                        Layout::RowPerLine => {
                            out.push_str(&row.join("\t"));
                            out.push_str("\t\n");
                        }
                        Layout::CellPerLine => {
                            for cell in &row {
                                out.push('\t');
                                out.push_str(cell);
                                out.push('\n');
                            }
                            out.push('\n');
                        }
                        Layout::SpaceAligned => unreachable!("written above"),
                    }
                }
                out.push('\n');
            }
        }
    }
    out
}

/// Rows as `pdftotext -layout` prints a table: each column as wide as its widest cell (in
/// characters), four spaces apart, figures right-aligned and words left-aligned.
fn space_aligned(rows: &[Vec<String>]) -> String {
    let width = rows.iter().map(Vec::len).max().unwrap_or(0);
    // The tab seeds leave out the cells a merged header label spans; a PDF centres `功能分类科目`
    // over the code and name columns, so the label after it stands over its own column.
    let rows: Vec<Vec<String>> = rows
        .iter()
        .map(|r| {
            let mut r = r.clone();
            if r.len() < width
                && let Some(at) = r.iter().position(|t| t.ends_with("分类科目"))
            {
                r.insert(at + 1, String::new());
            }
            r
        })
        .collect();
    let rows = &rows[..];
    let chars = |s: &str| s.chars().count();
    let widths: Vec<usize> = (0..width)
        .map(|c| {
            rows.iter()
                .map(|r| r.get(c).map_or(0, |t| chars(t)))
                .max()
                .unwrap_or(0)
        })
        .collect();
    let figure = |t: &str| gongkai::model::parse_decimal(t).is_some();
    let mut out = String::new();
    for row in rows {
        let mut line = String::new();
        for (c, w) in widths.iter().enumerate() {
            let t = row.get(c).map_or("", String::as_str);
            let pad = " ".repeat(w - chars(t));
            if figure(t) {
                line.push_str(&pad);
                line.push_str(t);
            } else {
                line.push_str(t);
                line.push_str(&pad);
            }
            line.push_str("    ");
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

fn same(_: &str, rows: Vec<Vec<String>>) -> Vec<Vec<String>> {
    rows
}

fn amount(f: &Option<Figure>) -> String {
    f.as_ref()
        .map(|f| f.amount.value().normalize().to_string())
        .unwrap_or_else(|| "-".into())
}

/// Everything the model says, without where it says it (line numbers change with the layout).
fn signature(b: &Budget) -> String {
    let mut s = String::new();
    let t = &b.totals;
    let _ = writeln!(s, "name {}", b.display_name());
    for (k, f) in [
        ("income", &t.income),
        ("expenditure", &t.expenditure),
        ("basic", &t.basic),
        ("project", &t.project),
        ("personnel", &t.personnel),
        ("public", &t.public_funds),
        ("prior", &t.prior_year),
    ] {
        let _ = writeln!(s, "{k} {}", amount(f));
    }
    fn walk(s: &mut String, nodes: &[FunctionNode]) {
        for n in nodes {
            let _ = writeln!(
                s,
                "fn {} {} {} {}",
                n.code,
                amount(&n.amount),
                amount(&n.basic),
                amount(&n.project)
            );
            walk(s, &n.children);
        }
    }
    walk(&mut s, &b.by_function);
    for l in &b.economic_lines {
        let code = l.code.as_ref().map(|c| c.to_string()).unwrap_or_default();
        let _ = writeln!(
            s,
            "econ {code} {} {} {}",
            amount(&l.total),
            amount(&l.personnel),
            amount(&l.public_funds)
        );
    }
    let g = &b.sanggong;
    for f in [
        &g.total,
        &g.outbound,
        &g.vehicles,
        &g.vehicle_purchase,
        &g.vehicle_operation,
        &g.reception,
    ] {
        let _ = writeln!(s, "sanggong {}", amount(f));
    }
    for p in &b.projects {
        let _ = writeln!(
            s,
            "project {} {} {}",
            p.name,
            amount(&p.amount),
            p.indicators.len()
        );
    }
    let _ = writeln!(s, "units {}", b.sub_units.len());
    s
}

fn other(layout: Layout) -> Layout {
    match layout {
        Layout::RowPerLine => Layout::CellPerLine,
        Layout::CellPerLine | Layout::SpaceAligned => Layout::RowPerLine,
    }
}

fn main_layout(doc: &Document) -> Layout {
    let row = doc
        .blocks
        .iter()
        .filter(|b| matches!(b, Block::Table(t) if t.layout == Layout::RowPerLine))
        .count();
    let cell = doc
        .blocks
        .iter()
        .filter(|b| matches!(b, Block::Table(t) if t.layout == Layout::CellPerLine))
        .count();
    if row >= cell {
        Layout::RowPerLine
    } else {
        Layout::CellPerLine
    }
}

#[test]
fn every_seed_parses_alike_in_the_other_layout() {
    for slug in SEEDS {
        let text = seed_text(slug);
        let original = load(slug, &text);
        let doc = read_text(&format!("{slug}.txt"), &text);
        let flipped = render(&doc, other(main_layout(&doc)), &same);
        let again = load(slug, &flipped);
        assert!(
            !original.by_function.is_empty(),
            "{slug}: the seed has a function tree"
        );
        assert_eq!(
            signature(&original),
            signature(&again),
            "{slug} in the other layout"
        );
        // And back again.
        let doc2 = read_text(&format!("{slug}.txt"), &flipped);
        let back = render(&doc2, main_layout(&doc), &same);
        assert_eq!(
            signature(&original),
            signature(&load(slug, &back)),
            "{slug} back in its own layout"
        );
    }
}

#[test]
fn every_seed_parses_alike_with_space_aligned_columns() {
    for slug in SEEDS {
        let text = seed_text(slug);
        let original = load(slug, &text);
        let doc = read_text(&format!("{slug}.txt"), &text);
        let spaced = render(&doc, Layout::SpaceAligned, &same);
        let again_doc = read_text(&format!("{slug}.txt"), &spaced);
        assert!(
            again_doc
                .blocks
                .iter()
                .any(|b| matches!(b, Block::Table(t) if t.layout == Layout::SpaceAligned)),
            "{slug}: the test wrote space-aligned tables"
        );
        assert_eq!(
            signature(&original),
            signature(&load(slug, &spaced)),
            "{slug} with space-aligned columns"
        );
    }
}

/// Moves the 项目支出 column group before the 基本支出 group in tables by function code, and swaps
/// the two code pairs and the 人员/公用 columns of the economic table.
fn reorder(title: &str, mut rows: Vec<Vec<String>>) -> Vec<Vec<String>> {
    let by_function = title.ends_with("支出总体情况表")
        || title.ends_with("支出预算表")
        || title.ends_with("一般公共预算支出情况表");
    if by_function && !title.contains("三公") && !title.contains("基金") && !title.contains("项目")
    {
        let basic = rows
            .iter()
            .find_map(|r| r.iter().position(|c| c == "基本支出"));
        let project = rows
            .iter()
            .find_map(|r| r.iter().position(|c| c == "项目支出"));
        if let (Some(b), Some(p)) = (basic, project) {
            for row in rows.iter_mut() {
                if row.len() > p {
                    let tail: Vec<String> = row.drain(p..).collect();
                    let mid: Vec<String> = row.drain(b..).collect();
                    row.extend(tail);
                    row.extend(mid);
                }
            }
        }
    }
    if title.contains("基本支出") {
        for row in rows.iter_mut() {
            if row.len() >= 7 {
                row.swap(5, 6);
                let first: Vec<String> = row.drain(0..2).collect();
                row.splice(2..2, first);
            }
        }
    }
    rows
}

#[test]
fn reordered_columns_parse_alike() {
    // The seeds with one row per line keep every header row at full width, so whole column groups
    // can be moved; the Word export (laiyuan) merges header cells away and is covered above.
    for slug in ["weihui-2024", "luohe-2024", "fengquan-2024"] {
        let text = seed_text(slug);
        let original = load(slug, &text);
        let doc = read_text(&format!("{slug}.txt"), &text);
        let moved = render(&doc, Layout::RowPerLine, &reorder);
        assert!(
            moved != render(&doc, Layout::RowPerLine, &same),
            "{slug}: the test moved columns"
        );
        assert_eq!(
            signature(&original),
            signature(&load(slug, &moved)),
            "{slug} with columns reordered"
        );
    }
}

/// Restates a figure in 元: exact, by shifting the decimal point four places.
fn to_yuan(text: &str) -> Option<String> {
    if !text.contains('.') {
        return None;
    }
    let d = gongkai::model::parse_decimal(text)?;
    Some((d * Decimal::from(10_000)).round_dp(2).to_string())
}

#[test]
fn tables_restated_in_yuan_parse_alike() {
    for slug in ["weihui-2024", "luohe-2024", "fengquan-2024", "laiyuan-2024"] {
        let text = seed_text(slug);
        let original = load(slug, &text);
        let doc = read_text(&format!("{slug}.txt"), &text);
        let layout = main_layout(&doc);
        // The first table whose unit line says 万元 is restated in 元, and its unit line with it.
        let done = std::cell::Cell::new(false);
        let restated = render(&doc, layout, &|title, rows| {
            let says_wan = title.contains("单位：万元")
                || rows
                    .iter()
                    .take(2)
                    .flatten()
                    .any(|c| c.contains("单位：万元"));
            let has_figures = rows.iter().flatten().any(|c| to_yuan(c).is_some());
            if says_wan && has_figures && !done.get() {
                done.set(true);
                rows.into_iter()
                    .map(|r| {
                        r.into_iter()
                            .map(|c| to_yuan(&c).unwrap_or(c).replace("单位：万元", "单位：元"))
                            .collect()
                    })
                    .collect()
            } else {
                rows
            }
        });
        // A unit line printed as a paragraph before that table.
        let restated = restate_unit_paragraph(&restated, &doc, layout);
        assert!(
            restated.contains("单位：元"),
            "{slug}: the test restated a table in 元"
        );
        let again = load(slug, &restated);
        let unit_changed = again
            .tables
            .iter()
            .any(|t| t.unit == Some(gongkai::model::Unit::Yuan));
        assert!(unit_changed, "{slug}: a table is now read in 元");
        assert_eq!(
            signature(&original),
            signature(&again),
            "{slug} restated in 元"
        );
    }
}

/// When the restated table's unit was a paragraph of its own, that paragraph must say 元 too: the
/// first `单位：万元` line followed (after its title block) by a figure restated in 元.
fn restate_unit_paragraph(text: &str, _doc: &Document, _layout: Layout) -> String {
    // The restated table is the first one with figures of 元 size after a 万元 unit paragraph:
    // change the last such paragraph before the first figure with six or more integer digits.
    let first_big = text.lines().position(|l| {
        l.split('\t').any(|c| {
            c.contains('.')
                && c.split('.')
                    .next()
                    .is_some_and(|i| i.len() >= 6 && i.bytes().all(|b| b.is_ascii_digit()))
        })
    });
    let Some(first_big) = first_big else {
        return text.to_string();
    };
    let lines: Vec<&str> = text.lines().collect();
    let unit_line = (0..first_big).rev().find(|&i| lines[i] == "单位：万元");
    let mut out: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
    if let Some(i) = unit_line {
        let between_is_heading = lines[i + 1..first_big]
            .iter()
            .all(|l| !l.contains('\t') || l.split('\t').all(|c| to_yuan(c).is_none()));
        if between_is_heading {
            out[i] = "单位：元".to_string();
        }
    }
    out.join("\n") + "\n"
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// A document written as a web page: paragraphs as `<p>`, tables as `<table>` rows of `<td>`.
fn as_html(doc: &Document) -> String {
    let mut out = String::from(
        "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>预算</title></head><body>\n",
    );
    for block in &doc.blocks {
        match block {
            Block::Paragraph(p) => {
                out.push_str(&format!("<p>{}</p>\n", escape(&p.text)));
            }
            Block::Table(t) => {
                out.push_str("<table border=\"1\">\n");
                for r in &t.rows {
                    out.push_str("<tr>");
                    for c in &r.cells {
                        out.push_str(&format!("<td>{}</td>", escape(&c.text)));
                    }
                    out.push_str("</tr>\n");
                }
                out.push_str("</table>\n");
            }
        }
    }
    out.push_str("</body></html>\n");
    out
}

/// A document written as Markdown: paragraphs, titles as headings, tables as pipe tables.
fn as_markdown(doc: &Document) -> String {
    let mut out = String::new();
    for block in &doc.blocks {
        match block {
            Block::Paragraph(p) => {
                let heading = if p.text.ends_with('表') { "## " } else { "" };
                out.push_str(&format!("{heading}{}\n\n", p.text));
            }
            Block::Table(t) => {
                for (i, r) in t.rows.iter().enumerate() {
                    let cells: Vec<String> =
                        r.cells.iter().map(|c| c.text.replace('|', "\\|")).collect();
                    out.push_str(&format!("| {} |\n", cells.join(" | ")));
                    if i == 0 {
                        out.push_str(&format!("|{}\n", "---|".repeat(cells.len())));
                    }
                }
                out.push('\n');
            }
        }
    }
    out
}

#[test]
fn every_seed_parses_alike_as_a_web_page_and_as_markdown() {
    for slug in SEEDS {
        let text = seed_text(slug);
        let original = signature(&load(slug, &text));
        let doc = read_text(&format!("{slug}.txt"), &text);
        for (ext, written) in [("html", as_html(&doc)), ("md", as_markdown(&doc))] {
            let file = format!("{slug}.{ext}");
            let again = gongkai::department::load_bytes(&file, slug, written.as_bytes())
                .unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(original, signature(&again), "{slug} as .{ext}");
        }
    }
}
