//! Sections (a table title, the lines under it, its rows and the notes after it) and the column
//! labels of a table's header, aligned against what its data rows hold.

use crate::load::{Block, Document, Paragraph, Row, is_note, is_title};
use crate::model::{Amount, Figure, Source, TableKind, Unit, parse_decimal};

/// A titled table of the document: the title, the short lines between title and table (unit,
/// department), its rows (a table broken by a page or a note continues) and the notes after it.
#[derive(Debug, Clone)]
pub struct Section<'a> {
    pub title: &'a Paragraph,
    pub kind: Option<TableKind>,
    pub meta: Vec<&'a Paragraph>,
    pub rows: Vec<&'a Row>,
    pub notes: Vec<&'a Paragraph>,
}

/// Whether a table's cells name other tables (a list of the document's tables).
fn lists_tables(t: &crate::load::Table) -> bool {
    t.rows.iter().any(|r| {
        r.cells
            .iter()
            .any(|c| is_title(&c.text) && table_kind(&c.text).is_some())
    })
}

/// Titles of tables whose rows no layout gave: the title stands on a line of its own and figures
/// alone on their lines follow it (a table copied in reading order, a cell a line), but no table
/// does before the next title. The table is there, unread, not undisclosed.
pub fn unread_titles(doc: &Document) -> Vec<(TableKind, &Paragraph)> {
    let mut out = Vec::new();
    for (i, block) in doc.blocks.iter().enumerate() {
        let Block::Paragraph(title) = block else {
            continue;
        };
        let Some(kind) = is_title(&title.text)
            .then(|| table_kind(&title.text))
            .flatten()
        else {
            continue;
        };
        let mut figures = 0;
        for next in &doc.blocks[i + 1..] {
            match next {
                Block::Table(_) => {
                    figures = 0;
                    break;
                }
                Block::Paragraph(p) if is_title(&p.text) => break,
                Block::Paragraph(p) => {
                    figures += p.text.split_whitespace().filter(|w| is_amount(w)).count();
                }
            }
        }
        if figures >= 5 {
            out.push((kind, title));
        }
    }
    out
}

/// How many paragraphs after a table may hold its note.
const NOTE_PARAGRAPHS: usize = 2;

/// Splits a document into titled table sections. A table with no title of its own since the
/// previous table continues that table's section.
pub fn sections(doc: &Document) -> Vec<Section<'_>> {
    let mut out: Vec<Section> = Vec::new();
    let mut pending: Option<(&Paragraph, Vec<&Paragraph>)> = None;
    let mut notes_open = 0usize;
    // The paragraphs since the last table: a table after words of its own (a heading, a caption
    // that is not a title) starts a section of its own instead of continuing the last one.
    let mut since_table: Vec<&Paragraph> = Vec::new();
    for block in &doc.blocks {
        match block {
            Block::Paragraph(p) => {
                since_table.push(p);
                if is_title(&p.text) {
                    pending = Some((p, Vec::new()));
                    notes_open = 0;
                } else if let Some((_, meta)) = pending.as_mut() {
                    meta.push(p);
                } else if notes_open > 0
                    && let Some(last) = out.last_mut()
                {
                    last.notes.push(p);
                    notes_open -= 1;
                }
            }
            Block::Table(t) => {
                // A table whose cells are tables' titles is the list of tables (目录, 西安's
                // `表8表9 | 部门综合预算…表 | 是 | 不涉及`), not the table the title before it names.
                let kind_of = |title: &str| (!lists_tables(t)).then(|| table_kind(title)).flatten();
                if let Some((title, meta)) = pending.take() {
                    out.push(Section {
                        title,
                        kind: kind_of(&title.text),
                        meta,
                        rows: t.rows.iter().collect(),
                        notes: Vec::new(),
                    });
                } else if let Some(caption) = since_table.iter().rev().find(|p| !is_note(&p.text)) {
                    out.push(Section {
                        title: caption,
                        kind: kind_of(&caption.text),
                        meta: Vec::new(),
                        rows: t.rows.iter().collect(),
                        notes: Vec::new(),
                    });
                } else if let Some(last) = out.last_mut() {
                    last.rows.extend(t.rows.iter());
                }
                since_table.clear();
                notes_open = NOTE_PARAGRAPHS;
            }
        }
    }
    out
}

/// Recognises the kind of a table from its title words.
pub fn table_kind(title: &str) -> Option<TableKind> {
    let t: String = title.chars().filter(|c| !c.is_whitespace()).collect();
    let has = |w: &str| t.contains(w);
    let kind = if has("三公") {
        TableKind::Sanggong
    } else if has("整体") && has("绩效") {
        TableKind::OverallPerformance
    } else if has("绩效目标") || has("绩效指标") || (has("项目") && has("绩效")) {
        TableKind::ProjectPerformance
    } else if has("政府采购") {
        TableKind::Procurement
    } else if has("固定资产") || has("国有资产") {
        TableKind::Assets
    } else if has("政府性基金") {
        TableKind::GovernmentFund
    } else if has("国有资本经营") {
        TableKind::StateCapital
    } else if has("项目支出") || has("专项业务经费支出") || has("项目预算") {
        TableKind::Projects
    } else if has("基本支出") {
        if has("功能分类") {
            TableKind::BasicFunction
        } else {
            TableKind::BasicEconomic
        }
    } else if has("经济分类") {
        TableKind::EconomicSummary
    } else if has("财政拨款") && has("收支") {
        TableKind::FiscalSummary
    } else if has("一般公共预算") && has("支出") {
        TableKind::GeneralExpenditure
    } else if has("收支") {
        TableKind::Summary
    } else if has("收入") {
        TableKind::Income
    } else if has("支出") {
        TableKind::Expenditure
    } else {
        return None;
    };
    Some(kind)
}

/// The unit a line states (`单位：万元`, `金额单位：元`, `（单位：万元）`); `编制单位：…` names a
/// department, so every `单位` of the line is tried.
pub fn unit_in(text: &str) -> Option<Unit> {
    let t: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    t.match_indices("单位").find_map(|(at, key)| {
        let rest = t[at + key.len()..].trim_start_matches([':', '：', '(', '（']);
        if rest.starts_with("万元") {
            Some(Unit::TenThousandYuan)
        } else if rest.starts_with("千元") {
            Some(Unit::ThousandYuan)
        } else if rest.starts_with('元') {
            Some(Unit::Yuan)
        } else {
            None
        }
    })
}

/// A meta row of a Word export: department, year and unit in the table's first row.
fn is_meta_row(row: &Row) -> bool {
    let joined = row.joined();
    let non_empty = row.cells.iter().filter(|c| !c.text.is_empty()).count();
    non_empty <= 4
        && (unit_in(&joined).is_some()
            || joined.contains("预算年度")
            || joined.contains("部门名称")
            || joined.contains("单位名称"))
}

/// The 栏次 row numbering the columns (`栏次 1 2 3`), or a row of sequence numbers only.
fn is_column_numbering(row: &Row) -> bool {
    let first = row
        .cells
        .iter()
        .find(|c| !c.text.is_empty())
        .map(|c| c.text.as_str());
    first == Some("栏次")
}

/// A cell that holds a figure: a decimal with a point (`922.94`, `4,212.99`, `6106713.00`).
pub fn is_decimal_figure(text: &str) -> bool {
    text.contains('.') && parse_decimal(text).is_some()
}

/// A cell that holds a classification code or a long project code.
pub fn is_code(text: &str) -> bool {
    let digits = !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit());
    digits
        && (((text.len() == 3 || text.len() == 5 || text.len() == 7) && text.starts_with('2'))
            || ((text.len() == 3 || text.len() == 5) && text.starts_with('3'))
            || text.len() >= 15)
}

/// A cell that holds an amount as tables print them: with a point or thousands separators
/// (`922.94`, `2,932,700`), or whole 元 without either (`1998194`); not a classification code.
pub fn is_amount(text: &str) -> bool {
    !is_code(text)
        && parse_decimal(text).is_some()
        && (text.contains('.')
            || text.contains(',')
            || (text.len() >= 3 && text.bytes().all(|b| b.is_ascii_digit())))
}

/// A row that holds data rather than header words: an amount, a code, or two numbers or more
/// (`0  0  0` in a 元 table).
fn is_data_row(row: &Row) -> bool {
    row.cells
        .iter()
        .any(|c| is_amount(&c.text) || is_code(&c.text))
        || row
            .cells
            .iter()
            .filter(|c| parse_decimal(&c.text).is_some())
            .count()
            >= 2
}

/// A table's rows split into header and data, with column labels.
#[derive(Debug, Clone)]
pub struct Grid<'a> {
    pub unit: Option<Unit>,
    /// The department name a meta line or row gives (`部门名称：…`).
    pub department: Option<(String, u32)>,
    pub header: Vec<&'a Row>,
    pub data: Vec<&'a Row>,
    /// Number of columns of the data rows.
    pub width: usize,
    /// Per column, the header words above it (upper rows' merged cells carried right).
    pub labels: Vec<String>,
    /// Per column, the lowest header word of its own (not carried from a merged cell).
    pub own_labels: Vec<String>,
}

impl<'a> Grid<'a> {
    pub fn new(section: &Section<'a>) -> Grid<'a> {
        let mut unit = None;
        let mut department = None;
        for p in &section.meta {
            if p.text.chars().count() <= 60 {
                unit = unit.or(unit_in(&p.text));
                department = department.or_else(|| department_in(&p.text).map(|d| (d, p.line)));
            }
        }
        unit = unit.or(unit_in(&section.title.text));
        let mut rows: Vec<&Row> = Vec::new();
        for (i, row) in section.rows.iter().enumerate() {
            if i < 2 && is_meta_row(row) {
                for c in &row.cells {
                    unit = unit.or(unit_in(&c.text));
                    department = department.or_else(|| department_in(&c.text).map(|d| (d, c.line)));
                }
                if department.is_none()
                    && let Some(c) = row.cells.iter().find(|c| looks_like_department(&c.text))
                {
                    department = Some((strip_leading_code(&c.text).to_string(), c.line));
                }
                continue;
            }
            if is_column_numbering(row) {
                continue;
            }
            rows.push(row);
        }
        let split = rows
            .iter()
            .position(|r| is_data_row(r))
            .unwrap_or(rows.len());
        let header: Vec<&Row> = rows[..split].to_vec();
        let data: Vec<&Row> = rows[split..].to_vec();
        let width = data
            .iter()
            .map(|r| r.cells.len())
            .max()
            .or_else(|| header.iter().map(|r| r.cells.len()).max())
            .unwrap_or(0);
        let (labels, own_labels) = column_labels(&header, &data, width);
        Grid {
            unit,
            department,
            header,
            data,
            width,
            labels,
            own_labels,
        }
    }

    /// The first column whose data cells are mostly figures.
    pub fn figure_column(&self) -> Option<usize> {
        (0..self.width).find(|&c| column_content(&self.data, c) == Content::Figures)
    }

    /// The first column whose label satisfies `pred`.
    pub fn column(&self, pred: impl Fn(&str) -> bool) -> Option<usize> {
        self.labels.iter().position(|l| pred(l))
    }
}

fn department_in(text: &str) -> Option<String> {
    for key in [
        "部门名称：",
        "部门名称:",
        "单位名称：",
        "单位名称:",
        "部门（单位）名称",
        "编制单位：",
        "预算单位：",
    ] {
        if let Some(at) = text.find(key) {
            let name = text[at + key.len()..].trim();
            if !name.is_empty() {
                return Some(name.to_string());
            }
        }
    }
    None
}

fn looks_like_department(text: &str) -> bool {
    let t = strip_leading_code(text);
    !t.is_empty()
        && (t.ends_with("办公室")
            || t.ends_with("局")
            || t.ends_with("委员会")
            || t.ends_with("中心")
            || t.ends_with("政府"))
        && !t.contains('：')
}

fn strip_leading_code(text: &str) -> &str {
    text.trim_start_matches(|c: char| c.is_ascii_digit()).trim()
}

/// What a column's data cells mostly hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Content {
    Figures,
    Codes,
    Words,
    Blank,
}

fn column_content(data: &[&Row], col: usize) -> Content {
    let (mut figures, mut codes, mut words) = (0, 0, 0);
    for row in data {
        let t = row.text(col);
        if t.is_empty() {
            continue;
        }
        if is_code(t) {
            codes += 1;
        } else if parse_decimal(t).is_some() {
            figures += 1;
        } else {
            words += 1;
        }
    }
    if figures + codes + words == 0 {
        Content::Blank
    } else if figures >= codes && figures >= words {
        Content::Figures
    } else if codes >= words {
        Content::Codes
    } else {
        Content::Words
    }
}

/// How well a header word fits what its column holds: +1 agree, -1 contradict, 0 no opinion.
fn fit(label: &str, content: Content) -> i32 {
    if label.is_empty() || content == Content::Blank {
        return 0;
    }
    let names = label.contains("名称") || label == "项目" || label.contains("项目名称");
    let codes =
        label.contains("编码") || label.contains("代码") || matches!(label, "类" | "款" | "项");
    let figures = !names
        && !codes
        && [
            "合计",
            "总计",
            "小计",
            "金额",
            "预算数",
            "经费",
            "支出",
            "收入",
            "拨款",
            "资金",
            "费",
        ]
        .iter()
        .any(|w| label.contains(w));
    match content {
        Content::Figures if figures => 1,
        Content::Figures if names || codes => -1,
        Content::Codes if codes => 1,
        Content::Codes if figures => -1,
        Content::Words if names => 1,
        Content::Words if figures => -1,
        _ => 0,
    }
}

/// Places a header row that has fewer cells than the data (merged cells are left out by some
/// exports) at the offset where its words best fit the columns below them.
fn align(row: &Row, data: &[&Row], width: usize, contents: &[Content]) -> Vec<String> {
    let cells: Vec<&str> = row.cells.iter().map(|c| c.text.as_str()).collect();
    let mut best = (i32::MIN, 0usize);
    let slack = width.saturating_sub(cells.len());
    for offset in 0..=slack {
        let score: i32 = cells
            .iter()
            .enumerate()
            .map(|(i, t)| {
                fit(
                    t,
                    contents.get(i + offset).copied().unwrap_or(Content::Blank),
                )
            })
            .sum();
        if score > best.0 {
            best = (score, offset);
        }
    }
    let _ = data;
    let mut out = vec![String::new(); width.max(cells.len())];
    for (i, t) in cells.iter().enumerate() {
        out[i + best.1] = t.to_string();
    }
    out.truncate(width.max(1));
    out
}

fn column_labels(header: &[&Row], data: &[&Row], width: usize) -> (Vec<String>, Vec<String>) {
    let contents: Vec<Content> = (0..width).map(|c| column_content(data, c)).collect();
    let aligned: Vec<Vec<String>> = header
        .iter()
        .map(|r| align(r, data, width, &contents))
        .collect();
    let mut labels = vec![String::new(); width];
    let mut own = vec![String::new(); width];
    let last = aligned.len().saturating_sub(1);
    for (r, row) in aligned.iter().enumerate() {
        let mut carried = String::new();
        let mut carried_from = 0;
        for c in 0..width {
            let text = row.get(c).map(String::as_str).unwrap_or("");
            // Nor past a column that a label above puts in another group than the one it
            // started in (`因公出国（境）费` stops under `公务用车购置及运行维护费`).
            let cell = |r: &Vec<String>, k: usize| r.get(k).cloned().unwrap_or_default();
            if text.is_empty()
                && !carried.is_empty()
                && aligned[..r].iter().any(|upper| {
                    !cell(upper, c).is_empty() && cell(upper, c) != cell(upper, carried_from)
                })
            {
                carried.clear();
            }
            // A merged label spans the empty cells to its right when labels stand under it (a
            // group such as 基本支出 over 小计/人员经费/公用经费); a lowest label spans nothing.
            let has_children = aligned[r + 1..]
                .iter()
                .any(|lower| lower.get(c).is_some_and(|t| !t.is_empty()));
            let word = if !text.is_empty() {
                carried = if has_children {
                    text.to_string()
                } else {
                    String::new()
                };
                carried_from = c;
                own[c] = text.to_string();
                text.to_string()
            } else if r < last {
                carried.clone()
            } else {
                String::new()
            };
            if !word.is_empty() && !labels[c].ends_with(&word) {
                if !labels[c].is_empty() {
                    labels[c].push(' ');
                }
                labels[c].push_str(&word);
            }
        }
    }
    (labels, own)
}

/// Reads a cell as a figure. A blank cell in a table row is a printed blank, which tables use for
/// zero; text that is not a number is `Err` with the text.
pub fn cell_figure(row: &Row, col: usize, unit: Unit, file: &str) -> Result<Figure, String> {
    let cell = row.cells.get(col);
    let text = cell.map(|c| c.text.as_str()).unwrap_or("");
    let line = cell.map(|c| c.line).unwrap_or(row.line);
    let amount = if text.is_empty() || matches!(text, "-" | "—" | "－") {
        // A blank prints no digits at all: it is an exact zero, as precise as the two-decimal
        // figures around it, not a figure rounded to whole units.
        Amount::from_unit(rust_decimal::Decimal::new(0, 2), unit)
    } else {
        Amount::parse(text, unit).map_err(|_| text.to_string())?
    };
    Ok(Figure {
        amount,
        source: Source::new(file, line),
        printed: text.to_string(),
        unit,
        correction: None,
        derivation: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn units_of_a_line() {
        assert_eq!(unit_in("编制单位：某局        单位：元"), Some(Unit::Yuan));
        assert_eq!(unit_in("金额单位：万元"), Some(Unit::TenThousandYuan));
        assert_eq!(unit_in("（单位：千元）"), Some(Unit::ThousandYuan));
        assert_eq!(unit_in("编制单位：某局"), None);
    }
    use crate::load::read_text;

    #[test]
    fn a_title_over_figures_no_layout_gave_rows_is_unread_not_missing() {
        // A table in reading order (pdftotext without -layout): the title, then a cell a line.
        let plain = read_text(
            "t.txt",
            "目录\n一、收支总表\n二、一般公共预算支出表\n\n一般公共预算支出表\n\n科目\n\n合计\n\n\
             基本支出\n\n1,000.00\n\n600.00\n\n400.00\n\n[201]一般公共服务支出\n\n1,000.00\n\n\
             600.00\n\n400.00\n",
        );
        let unread = unread_titles(&plain);
        assert_eq!(unread.len(), 1, "{unread:?}");
        assert_eq!(unread[0].0, TableKind::GeneralExpenditure);
        assert_eq!(unread[0].1.line, 5);
        // The same table in tab rows is read: nothing is unread.
        let tabbed = read_text(
            "t.txt",
            "一般公共预算支出表\n科目\t合计\t基本支出\n201\t1,000.00\t600.00\n202\t1.00\t2.00\n\
             203\t1.00\t2.00\n",
        );
        assert!(unread_titles(&tabbed).is_empty());
    }

    #[test]
    fn a_list_of_tables_is_no_table_of_the_kind_its_title_names() {
        // 西安's contents (lines 516–532): a table's name on a line of its own, then rows naming
        // the next tables with 是/否 空表.
        let doc = read_text(
            "t.txt",
            "表7    部门综合预算一般公共预算基本支出明细表（按支出功能分类科目）\n\
             表8\t部门综合预算一般公共预算基本支出明细表（按支出经济分类科目）\t否\n\
             表9\t部门综合预算政府性基金收支表\t是\n",
        );
        let secs = sections(&doc);
        assert!(secs.iter().all(|s| s.kind.is_none()), "{secs:#?}");
        // The table itself, under the same title, is read as its kind.
        let doc = read_text(
            "t.txt",
            "部门综合预算一般公共预算基本支出明细表（按支出功能分类科目）\n\
             功能科目编码\t功能科目名称\t合计\n201\t一般公共服务支出\t25,379,608.13\n",
        );
        assert_eq!(sections(&doc)[0].kind, Some(TableKind::BasicFunction));
    }

    #[test]
    fn titles_are_told_from_text() {
        assert!(is_title("2024年部门收支总体情况表"));
        assert!(is_title("2024年单位专项业务经费绩效目标表（1）"));
        assert!(is_title(
            "2024年单位综合预算一般公共预算支出明细表（按支出功能分类科目）"
        ));
        assert!(!is_title("- 一、2024 年单位收支总体情况表"));
        assert!(!is_title("（详见公开报表中的绩效目标表）。"));
        assert!(!is_title("单位：万元"));
    }

    #[test]
    fn kinds_come_from_title_words() {
        let k = |t: &str| table_kind(t);
        assert_eq!(k("部门收支预算表"), Some(TableKind::Summary));
        assert_eq!(k("2024年单位综合预算收支总表"), Some(TableKind::Summary));
        assert_eq!(k("部门预算收入总表"), Some(TableKind::Income));
        assert_eq!(k("2024年部门支出总体情况表"), Some(TableKind::Expenditure));
        assert_eq!(
            k("部门预算财政拨款收支总表"),
            Some(TableKind::FiscalSummary)
        );
        assert_eq!(
            k("部门预算一般公共预算财政拨款支出表"),
            Some(TableKind::GeneralExpenditure)
        );
        assert_eq!(
            k("部门预算一般公共预算财政拨款基本支出表"),
            Some(TableKind::BasicEconomic)
        );
        assert_eq!(
            k("部门预算财政拨款“三公”经费支出表"),
            Some(TableKind::Sanggong)
        );
        assert_eq!(
            k("2024年政府性基金预算支出情况表"),
            Some(TableKind::GovernmentFund)
        );
        assert_eq!(k("项目支出表"), Some(TableKind::Projects));
        assert_eq!(
            k("1、OA系统服务费绩效目标表"),
            Some(TableKind::ProjectPerformance)
        );
        assert_eq!(
            k("部门（单位）整体绩效目标表"),
            Some(TableKind::OverallPerformance)
        );
        assert_eq!(k("2024年单位综合预算公开报表"), None);
    }

    #[test]
    fn short_header_rows_are_aligned_by_what_columns_hold() {
        let doc = read_text(
            "t.txt",
            "某某表\n\t序号\n\t功能分类科目\n\t合计\n\t基本支出\n\t项目支出\n\n\t1\n\t201\n\t一般公共服务支出\n\t10.00\n\t6.00\n\t4.00\n",
        );
        let s = sections(&doc);
        let g = Grid::new(&s[0]);
        assert_eq!(g.width, 6);
        assert_eq!(g.column(|l| l.contains("合计")), Some(3));
        assert_eq!(g.column(|l| l.contains("基本支出")), Some(4));
        assert_eq!(g.column(|l| l.contains("项目支出")), Some(5));
    }

    #[test]
    fn merged_header_words_carry_right() {
        let doc = read_text(
            "t.txt",
            "支出表\n单位：元\n科目编码\t\t\t名称\t合计\t基本支出\t\t项目支出\t\n\t\t\t\t\t小计\t人员\t小计\t其他\n201\t03\t01\t行政运行\t1.00\t1.00\t1.00\t\t\n",
        );
        let s = sections(&doc);
        assert_eq!(s[0].kind, Some(TableKind::Expenditure));
        let g = Grid::new(&s[0]);
        assert_eq!(g.unit, Some(Unit::Yuan));
        assert_eq!(g.labels[5], "基本支出 小计");
        assert_eq!(g.labels[7], "项目支出 小计");
        assert_eq!(
            g.column(|l| l.contains("项目支出") && l.contains("小计")),
            Some(7)
        );
    }
}
