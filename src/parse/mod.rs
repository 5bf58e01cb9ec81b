//! parse: Document → Budget. Tables are recognised by their titles and header words, never by
//! their position; columns by their header text, checked against what the data rows hold.
//! Figures from tables win over the same figures stated in the narrative; the narrative fills in
//! what no table states. Each figure keeps the line it came from.

pub mod claims;
pub mod clause;
pub mod codes;
pub mod grid;
pub mod groups;
pub mod narrative;
pub mod sanggong;
pub mod tables;

use std::collections::BTreeMap;

use crate::load::{Block, Document, NoteKind, Paragraph};
use crate::model::*;
use grid::{Grid, Section, sections};
use tables::Reader;

/// A document that is not a budget disclosure.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    pub line: Option<u32>,
    pub message: String,
}

impl std::fmt::Display for ParseError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

/// Everything read from the tables, before it is merged with the narrative.
#[derive(Default)]
struct FromTables {
    records: Vec<TableRecord>,
    summary: Option<tables::SummaryTable>,
    expenditure: Option<tables::FunctionTable>,
    general: Option<tables::FunctionTable>,
    income: Option<tables::FunctionTable>,
    economic: Option<tables::EconomicTable>,
    sanggong: Option<Sanggong>,
    project_table: Vec<Project>,
    performance: Vec<Project>,
    overall: Vec<Indicator>,
    vehicles: Option<Count>,
    department: Option<Text>,
}

pub fn parse(doc: &Document, slug: &str) -> Result<Budget, ParseError> {
    let paragraphs: Vec<&Paragraph> = doc
        .blocks
        .iter()
        .filter_map(|b| match b {
            Block::Paragraph(p) => Some(p),
            Block::Table(_) => None,
        })
        .collect();
    let facts = narrative::read_narrative(&doc.file, &paragraphs);
    let mut reader = Reader {
        file: &doc.file,
        findings: Vec::new(),
    };
    let secs = sections(doc);
    let grids: Vec<Grid> = secs.iter().map(Grid::new).collect();
    let units = table_units(&secs, &grids, &paragraphs, &facts.narrative);
    let t = read_tables(&mut reader, &secs, &grids, &paragraphs, &units);

    let has_tables = t.records.iter().any(|r| !r.empty);
    let n = &facts.narrative;
    if !has_tables && n.income_total.is_none() && n.expenditure_total.is_none() {
        return Err(ParseError {
            line: None,
            message: "not a budget disclosure: no budget table and no stated total found / 不是预算公开文件：未找到预算表或收支总额"
                .into(),
        });
    }
    let mut findings = reader.findings;
    for note in &doc.notes {
        let (rule, zh, en) = match note.kind {
            NoteKind::PdfPage => ("pdf-page-unreadable", note.what.clone(), note.what.clone()),
            NoteKind::Illegible => (
                "illegible",
                "原文此处标为无法辨认，其内容未能读取".into(),
                "the source marks this place as illegible; its content could not be read".into(),
            ),
            NoteKind::Encoding => (
                "undecodable-bytes",
                "此行有无法解码的字节（文件可能在字符中间被截断），已替换为 �".into(),
                "bytes on this line are no character (the file may be cut inside a character); \
                 replaced by �"
                    .into(),
            ),
            NoteKind::LongLine => ("line-too-long", note.what.clone(), note.what.clone()),
        };
        findings.push(Finding {
            severity: Severity::Warning,
            rule: rule.into(),
            message_zh: zh,
            message_en: en,
            figures: Vec::new(),
            sources: vec![Source::new(&doc.file, note.line)],
            details: Vec::new(),
        });
    }

    findings.extend(narrative_beyond_range(&doc.file, &paragraphs));
    let mut unread: Vec<TableKind> = Vec::new();
    for (kind, title) in grid::unread_titles(doc) {
        if t.records.iter().any(|r| r.kind == kind) || unread.contains(&kind) {
            continue;
        }
        unread.push(kind);
        findings.push(Finding {
            severity: Severity::Warning,
            rule: "unread-table".into(),
            message_zh: format!(
                "第 {} 行有{}的标题，其下有数字，但未能读出表格（文字可能是按阅读顺序逐格导出的）；该表的数字未使用。",
                title.line,
                kind.name_zh()
            ),
            message_en: format!(
                "Line {} titles the {}, with figures under it, but no table could be read there \
                 (the text may list its cells one by one in reading order); its figures are not used.",
                title.line,
                kind.name_en()
            ),
            figures: Vec::new(),
            sources: vec![Source::new(&doc.file, title.line)],
            details: Vec::new(),
        });
    }

    let totals = totals(&t, n);
    let (by_function, function_lines) = function_tree(&t, n);
    let (by_economic, economic_lines) = match &t.economic {
        Some(e) => (economic_tree(&e.lines), e.lines.clone()),
        None => (Vec::new(), Vec::new()),
    };
    findings.extend(codes::name_findings(&function_lines, &economic_lines));
    let sanggong = merge_sanggong(t.sanggong.clone().unwrap_or_default(), &n.sanggong.amounts);
    let projects = merge_projects(&t.project_table, &t.performance);
    let mut narrative = facts.narrative.clone();
    if narrative.vehicles.is_none() {
        narrative.vehicles = t.vehicles.clone();
    }
    let mut sub_units = t
        .income
        .as_ref()
        .map(|i| i.units.clone())
        .unwrap_or_default();
    if sub_units.is_empty() {
        sub_units = t
            .expenditure
            .as_ref()
            .map(|i| i.units.clone())
            .unwrap_or_default();
    }
    if sub_units.is_empty() {
        sub_units = facts.sub_units.clone();
    }
    Ok(Budget {
        slug: slug.to_string(),
        file: doc.file.clone(),
        name: t.department.clone().or(facts.title_name),
        year: facts.year,
        totals,
        by_function,
        function_lines,
        by_economic,
        economic_lines,
        sanggong,
        projects,
        overall_indicators: t.overall,
        sub_units,
        responsibilities: facts.responsibilities,
        structure: facts.structure,
        glossary: facts.glossary,
        narrative,
        tables: t.records,
        findings,
        origin: crate::model::Origin::default(),
    })
}

/// A finding for each figure of the text between the tables that is beyond the range read (the
/// narrative reads no such figure): a number printed with a point or separators, or followed by
/// 元 or 万元 (a long run of bare digits is a code).
fn narrative_beyond_range(file: &str, paragraphs: &[&Paragraph]) -> Vec<Finding> {
    static NUMBER: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r"[-−－]?[0-9０-９][0-9０-９,，.．]*").expect("a valid pattern")
    });
    let mut out = Vec::new();
    for p in paragraphs {
        for m in NUMBER.find_iter(&p.text) {
            let t = m.as_str().trim_end_matches([',', '，', '.', '．']);
            let amount = t.contains([',', '，', '.', '．'])
                || p.text[m.end()..].trim_start().starts_with(['元', '万']);
            if amount && beyond_range(t) {
                out.push(tables::beyond_range_finding(
                    "说明中的金额",
                    t,
                    Source::new(file, p.line),
                ));
            }
        }
    }
    out
}

/// How the unit of a table is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum UnitBasis {
    /// The table says (`单位：元`).
    Stated,
    /// Its figures hold the narrative's total in that unit (`371,514,655.00` for 37,151.47 万元).
    Magnitude,
    /// The unit of the document's other tables, or of a short line of it (`单位：元` above a
    /// title), else 万元.
    Document,
}

type TableUnit = (Unit, UnitBasis);

/// The unit of every table: stated, else told by its figures, else the document's.
fn table_units(
    secs: &[Section],
    grids: &[Grid],
    paragraphs: &[&Paragraph],
    narrative: &Narrative,
) -> Vec<TableUnit> {
    let total = narrative
        .expenditure_total
        .as_ref()
        .or(narrative.income_total.as_ref())
        .map(|f| f.amount.value());
    let known: Vec<Option<TableUnit>> = grids
        .iter()
        .map(|g| match g.unit {
            Some(u) => Some((u, UnitBasis::Stated)),
            None => total
                .and_then(|t| unit_by_magnitude(g, t))
                .map(|u| (u, UnitBasis::Magnitude)),
        })
        .collect();
    let majority = |units: &mut dyn Iterator<Item = Unit>| {
        let mut counts: Vec<(Unit, usize)> = Vec::new();
        for u in units {
            match counts.iter_mut().find(|(k, _)| *k == u) {
                Some((_, n)) => *n += 1,
                None => counts.push((u, 1)),
            }
        }
        // The most stated; on a tie 万元, the unit the standard uses.
        counts
            .into_iter()
            .max_by_key(|&(u, n)| (n, u == Unit::TenThousandYuan))
            .map(|(u, _)| u)
    };
    let of_tables = secs
        .iter()
        .zip(&known)
        .filter(|(s, _)| s.kind.is_some())
        .filter_map(|(_, k)| k.map(|(u, _)| u));
    let document = majority(&mut of_tables.into_iter())
        .or_else(|| {
            let lines = paragraphs
                .iter()
                .filter(|p| p.text.chars().count() <= 60)
                .filter_map(|p| grid::unit_in(&p.text));
            majority(&mut lines.into_iter())
        })
        .unwrap_or(Unit::TenThousandYuan);
    known
        .into_iter()
        .map(|k| k.unwrap_or((document, UnitBasis::Document)))
        .collect()
}

/// 元 when a figure of the table is the narrative's total (万元) in 元 and none is the total in
/// 万元; 万元 the other way round; else nothing.
fn unit_by_magnitude(grid: &Grid, total: rust_decimal::Decimal) -> Option<Unit> {
    let near = |v: rust_decimal::Decimal| (v - total).abs() <= rust_decimal::Decimal::new(1, 2);
    let figures: Vec<rust_decimal::Decimal> = grid
        .data
        .iter()
        .flat_map(|row| row.cells.iter())
        .filter(|c| grid::is_amount(&c.text))
        .filter_map(|c| parse_decimal(&c.text))
        .collect();
    let in_wan = figures.iter().any(|&v| near(v));
    let in_yuan = figures
        .iter()
        .any(|&v| near(v / rust_decimal::Decimal::new(10000, 0)));
    match (in_yuan, in_wan) {
        (true, false) => Some(Unit::Yuan),
        (false, true) => Some(Unit::TenThousandYuan),
        _ => None,
    }
}

fn keyed(key: impl Into<String>, f: &Option<Figure>) -> Option<KeyedFigure> {
    f.as_ref().map(|f| KeyedFigure {
        key: key.into(),
        figure: f.clone(),
    })
}

fn function_keys(t: &tables::FunctionTable) -> Vec<KeyedFigure> {
    let mut out: Vec<KeyedFigure> = [
        keyed("total", &t.total),
        keyed("basic", &t.basic),
        keyed("project", &t.project),
    ]
    .into_iter()
    .flatten()
    .collect();
    for line in &t.lines {
        if let Some(k) = keyed(line.code.figure_key(), &line.total) {
            out.push(k);
        }
    }
    out
}

fn read_tables(
    r: &mut Reader,
    secs: &[Section],
    grids: &[Grid],
    paragraphs: &[&Paragraph],
    units: &[TableUnit],
) -> FromTables {
    let mut t = FromTables::default();
    for (i, (s, grid)) in secs.iter().zip(grids).enumerate() {
        if t.department.is_none()
            && let Some((name, line)) = &grid.department
        {
            t.department = Some(Text {
                text: name.clone(),
                source: Source::new(r.file, *line),
            });
        }
        let Some(kind) = s.kind else {
            if tables::has_figures(grid) && crate::load::is_title(&s.title.text) {
                r.findings.push(Finding {
                    severity: Severity::Info,
                    rule: "table-not-recognised".into(),
                    message_zh: format!("“{}”是一张有数字的表，但未能识别它是哪种表", s.title.text),
                    message_en: format!(
                        "“{}” is a table with figures, but which table it is was not recognised",
                        s.title.text
                    ),
                    figures: Vec::new(),
                    sources: vec![Source::new(r.file, s.title.line)],
                    details: Vec::new(),
                });
            }
            continue;
        };
        let (unit, basis) = units[i];
        if basis != UnitBasis::Stated
            && tables::has_figures(grid)
            && !matches!(
                kind,
                TableKind::ProjectPerformance | TableKind::OverallPerformance
            )
        {
            // No table of the document states its unit and the figures do not tell: the unit is
            // a guess, which the reader must be warned of.
            let unsettled =
                basis == UnitBasis::Document && !units.iter().any(|(_, b)| *b == UnitBasis::Stated);
            r.findings.push(Finding {
                severity: if unsettled {
                    Severity::Warning
                } else {
                    Severity::Info
                },
                rule: "unit-not-stated".into(),
                message_zh: match basis {
                    UnitBasis::Magnitude => format!(
                        "“{}”未注明金额单位；表中数字是说明所述总额的{}数，按{}读取",
                        s.title.text,
                        unit.label(),
                        unit.label()
                    ),
                    _ => format!(
                        "“{}”未注明金额单位，按本文件其他表格的单位（{}）读取",
                        s.title.text,
                        unit.label()
                    ),
                },
                message_en: match basis {
                    UnitBasis::Magnitude => format!(
                        "“{}” states no unit; its figures are the narrative's total in {}, so it is read in {}",
                        s.title.text,
                        unit.label(),
                        unit.label()
                    ),
                    _ => format!(
                        "“{}” states no unit; read in {} like the document's other tables",
                        s.title.text,
                        unit.label()
                    ),
                },
                figures: Vec::new(),
                sources: vec![Source::new(r.file, s.title.line)],
                details: Vec::new(),
            });
        }
        let mut figures = Vec::new();
        match kind {
            TableKind::Summary | TableKind::FiscalSummary => {
                let sum = tables::read_summary(r, grid, unit);
                figures.extend(
                    [
                        keyed("income_total", &sum.income_total),
                        keyed("expenditure_total", &sum.expenditure_total),
                        keyed("income_current", &sum.income_current),
                        keyed("expenditure_current", &sum.expenditure_current),
                        keyed("carried_over", &sum.carried_over),
                        keyed("basic", &sum.basic),
                        keyed("project", &sum.project),
                    ]
                    .into_iter()
                    .flatten(),
                );
                for (code, f) in &sum.classes {
                    figures.push(KeyedFigure {
                        key: format!("class:{code}"),
                        figure: f.clone(),
                    });
                }
                for (prefix, list) in [
                    ("basic_economic", &sum.basic_economic),
                    ("project_economic", &sum.project_economic),
                ] {
                    for (code, f) in list {
                        figures.push(KeyedFigure {
                            key: format!("{prefix}:{code}"),
                            figure: f.clone(),
                        });
                    }
                }
                if kind == TableKind::Summary && t.summary.is_none() {
                    t.summary = Some(sum);
                }
            }
            // Basic expenditure by function class: its figures are its own (the department's
            // function lines come from the tables of all expenditure).
            TableKind::BasicFunction => {
                let ft = tables::read_function_table(r, grid, kind, unit);
                figures = function_keys(&ft);
            }
            TableKind::Expenditure | TableKind::GeneralExpenditure | TableKind::Income => {
                let ft = tables::read_function_table(r, grid, kind, unit);
                figures = function_keys(&ft);
                let slot = match kind {
                    TableKind::Expenditure => &mut t.expenditure,
                    TableKind::GeneralExpenditure => &mut t.general,
                    _ => &mut t.income,
                };
                if slot.is_none() {
                    *slot = Some(ft);
                }
            }
            TableKind::BasicEconomic => {
                let e = tables::read_economic(r, grid, unit);
                figures.extend(
                    [
                        keyed("total", &e.total),
                        keyed("personnel", &e.personnel),
                        keyed("public_funds", &e.public_funds),
                    ]
                    .into_iter()
                    .flatten(),
                );
                for line in &e.lines {
                    if let Some(code) = line.code.as_ref().filter(|c| c.as_str().len() == 3)
                        && let Some(k) = keyed(format!("class:{code}"), &line.total)
                    {
                        figures.push(k);
                    }
                }
                if t.economic.is_none() {
                    t.economic = Some(e);
                }
            }
            TableKind::Sanggong => {
                let (sg, extras) = sanggong::read_sanggong(r, grid, unit);
                figures.extend(extras);
                figures.extend(SanggongItem::ALL.into_iter().filter_map(|item| {
                    sg.get(item).map(|f| KeyedFigure {
                        key: item.figure_key().to_string(),
                        figure: f.clone(),
                    })
                }));
                if t.sanggong.is_none() {
                    t.sanggong = Some(sg);
                }
            }
            TableKind::Projects => {
                let ps = tables::read_project_table(r, grid, unit);
                if t.project_table.is_empty() {
                    t.project_table = ps;
                }
            }
            TableKind::ProjectPerformance => {
                let unit = grid.unit.unwrap_or(Unit::TenThousandYuan);
                if let Some(p) = tables::read_performance_form(r, s, unit) {
                    t.performance.push(p);
                } else {
                    t.performance
                        .extend(tables::read_performance_summary(r, grid, unit));
                }
            }
            TableKind::OverallPerformance => {
                if t.overall.is_empty() {
                    t.overall = tables::read_overall(r, s);
                }
            }
            TableKind::Assets => {
                if t.vehicles.is_none() {
                    t.vehicles = tables::read_vehicles(r, grid);
                }
            }
            TableKind::GovernmentFund
            | TableKind::StateCapital
            | TableKind::EconomicSummary
            | TableKind::Procurement => {}
        }
        let empty = !tables::has_figures(grid)
            && !matches!(
                kind,
                TableKind::ProjectPerformance | TableKind::OverallPerformance
            );
        let subject = match kind {
            TableKind::GovernmentFund => Some("政府性基金"),
            TableKind::StateCapital => Some("国有资本经营"),
            TableKind::Procurement => Some("政府采购"),
            _ => None,
        };
        // The note beside the table, else a sentence of the narrative that says there is nothing
        // of that kind (`本单位无当年政府性基金预算收支，并已公开空表`).
        let note = s
            .notes
            .iter()
            .chain(s.meta.iter())
            .copied()
            .find(|p| explains_empty(&p.text))
            .or_else(|| {
                let subject = subject?;
                paragraphs
                    .iter()
                    .copied()
                    .find(|p| p.text.contains(subject) && explains_empty(&p.text))
            })
            .map(|p| Text {
                text: p.text.clone(),
                source: Source::new(r.file, p.line),
            });
        let header_rows = grid.header.len();
        let rows = grid
            .header
            .iter()
            .chain(grid.data.iter())
            .map(|row| {
                row.cells
                    .iter()
                    .map(|c| TableCell {
                        text: c.text.clone(),
                        line: c.line,
                    })
                    .collect()
            })
            .collect();
        t.records.push(TableRecord {
            kind,
            title: s.title.text.clone(),
            source: Source::new(r.file, s.title.line),
            unit: grid.unit,
            rows,
            header_rows,
            empty,
            note,
            figures,
        });
    }
    t
}

fn explains_empty(text: &str) -> bool {
    [
        "无数据",
        "空表",
        "无使用",
        "没有",
        "不涉及",
        "无政府性基金",
        "无国有资本",
    ]
    .iter()
    .any(|w| text.contains(w))
}

fn first_some(options: &[&Option<Figure>]) -> Option<Figure> {
    options.iter().find_map(|o| (*o).clone())
}

fn totals(t: &FromTables, n: &Narrative) -> Totals {
    let none = None;
    let sum = t.summary.as_ref();
    let exp = t.expenditure.as_ref();
    let gen_ = t.general.as_ref();
    let eco = t.economic.as_ref();
    let expenditure = first_some(&[
        sum.map_or(&none, |s| &s.expenditure_total),
        sum.map_or(&none, |s| &s.expenditure_current),
        exp.map_or(&none, |e| &e.total),
        &n.expenditure_total,
    ]);
    let prior_year = match (&expenditure, &n.change) {
        (Some(total), Some(change)) => change.amount.as_ref().map(|c| {
            let amount = total.amount - c.amount;
            Figure {
                amount,
                source: change.source.clone(),
                printed: amount.to_string(),
                unit: Unit::TenThousandYuan,
                correction: None,
                derivation: None,
            }
        }),
        _ => None,
    };
    Totals {
        income: first_some(&[
            sum.map_or(&none, |s| &s.income_total),
            sum.map_or(&none, |s| &s.income_current),
            &n.income_total,
        ]),
        expenditure,
        basic: first_some(&[
            exp.map_or(&none, |e| &e.basic),
            gen_.map_or(&none, |e| &e.basic),
            sum.map_or(&none, |s| &s.basic),
            &n.basic,
        ]),
        project: first_some(&[
            exp.map_or(&none, |e| &e.project),
            gen_.map_or(&none, |e| &e.project),
            sum.map_or(&none, |s| &s.project),
            &n.project,
        ]),
        personnel: first_some(&[eco.map_or(&none, |e| &e.personnel), &n.personnel]),
        public_funds: first_some(&[eco.map_or(&none, |e| &e.public_funds), &n.public_funds]),
        carried_over: sum.and_then(|s| s.carried_over.clone()),
        prior_year,
    }
}

/// The function tree from the most complete table by function code: the expenditure table, else
/// the general-budget table, else the income table; a document without any such table gets its
/// 类 from the summary table and its 项 from the narrative's coded list.
fn function_tree(t: &FromTables, n: &Narrative) -> (Vec<FunctionNode>, Vec<FunctionLine>) {
    let table = [&t.expenditure, &t.general, &t.income]
        .into_iter()
        .flatten()
        .find(|ft| !ft.lines.is_empty());
    if let Some(ft) = table {
        return (build_function_tree(&ft.lines), ft.lines.clone());
    }
    let mut lines: Vec<FunctionLine> = Vec::new();
    if let Some(sum) = &t.summary {
        for (code, f) in &sum.classes {
            lines.push(FunctionLine {
                code: code.clone(),
                name: codes::class_name(code.as_str())
                    .unwrap_or_default()
                    .to_string(),
                total: Some(f.clone()),
                basic: None,
                project: None,
                table: TableKind::Summary,
            });
        }
    }
    for item in &n.function_items {
        if let Some(code) = &item.code {
            lines.push(FunctionLine {
                code: code.clone(),
                name: item.name.clone(),
                total: Some(item.amount.clone()),
                basic: None,
                project: None,
                table: TableKind::Summary,
            });
        }
    }
    (build_function_tree(&lines), lines)
}

fn sum_figures<'a>(
    figs: impl Iterator<Item = &'a Option<Figure>>,
    source: &Source,
) -> Option<Figure> {
    let mut total = Amount::ZERO;
    let mut any = false;
    for f in figs {
        let f = f.as_ref()?;
        total = total + f.amount;
        any = true;
    }
    any.then(|| Figure {
        amount: total,
        source: source.clone(),
        printed: total.to_string(),
        unit: Unit::TenThousandYuan,
        correction: None,
        derivation: None,
    })
}

/// Builds 类 → 款 → 项 from lines of any level. A printed 类 or 款 row gives its node's amounts;
/// otherwise they are the sum of the children (and marked derived).
pub fn build_function_tree(lines: &[FunctionLine]) -> Vec<FunctionNode> {
    let mut printed: BTreeMap<String, &FunctionLine> = BTreeMap::new();
    let mut codes: BTreeMap<String, ()> = BTreeMap::new();
    for line in lines {
        printed
            .entry(line.code.as_str().to_string())
            .or_insert(line);
        let mut c = Some(line.code.clone());
        while let Some(code) = c {
            codes.insert(code.as_str().to_string(), ());
            c = code.parent();
        }
    }
    fn node(
        code: &str,
        printed: &BTreeMap<String, &FunctionLine>,
        codes: &BTreeMap<String, ()>,
    ) -> FunctionNode {
        let children: Vec<FunctionNode> = codes
            .keys()
            .filter(|c| {
                FunctionCode::new(c)
                    .and_then(|fc| fc.parent())
                    .is_some_and(|p| p.as_str() == code)
            })
            .map(|c| node(c, printed, codes))
            .collect();
        let fc = FunctionCode::new(code).expect("codes in the tree are valid");
        match printed.get(code) {
            Some(line) => {
                let printed_name = Some(line.name.clone()).filter(|n| !n.is_empty());
                FunctionNode {
                    code: fc,
                    name_from_reference: printed_name.is_none()
                        && codes::function_name(code).is_some(),
                    name: printed_name.or_else(|| codes::function_name(code)),
                    amount: line.total.clone(),
                    basic: line.basic.clone(),
                    project: line.project.clone(),
                    derived: false,
                    children,
                }
            }
            None => {
                let source = children
                    .iter()
                    .find_map(|c| c.amount.as_ref().map(|f| f.source.clone()))
                    .unwrap_or_else(|| Source::new("", 0));
                let name = codes::function_name(code);
                FunctionNode {
                    code: fc,
                    name_from_reference: name.is_some(),
                    name,
                    amount: sum_figures(children.iter().map(|c| &c.amount), &source),
                    basic: sum_figures(children.iter().map(|c| &c.basic), &source),
                    project: sum_figures(children.iter().map(|c| &c.project), &source),
                    derived: true,
                    children,
                }
            }
        }
    }
    codes
        .keys()
        .filter(|c| c.len() == 3)
        .map(|c| node(c, &printed, &codes))
        .collect()
}

/// The lines of one economic 类: its printed 类 row, its 款 lines by code, and lines coded only
/// with the 类.
type ClassLines<'a> = (
    Option<&'a EconomicLine>,
    BTreeMap<String, Vec<&'a EconomicLine>>,
    Vec<&'a EconomicLine>,
);

/// Groups economic lines by 类 and 款. Lines with the same code are summed; a printed 类 row that
/// its 款 rows add up to is that 类's amount.
fn economic_tree(lines: &[EconomicLine]) -> Vec<EconomicNode> {
    let mut by_class: BTreeMap<String, ClassLines> = BTreeMap::new();
    let mut last_code: Option<EconomicCode> = None;
    for line in lines {
        let code = line.code.clone().or_else(|| last_code.clone());
        let Some(code) = code else { continue };
        if line.code.is_some() {
            last_code = Some(code.clone());
        }
        let entry = by_class
            .entry(code.class().as_str().to_string())
            .or_default();
        match code.level() {
            CodeLevel::Class if line.code.is_some() && entry.0.is_none() => entry.0 = Some(line),
            CodeLevel::Class => entry.2.push(line),
            _ => entry
                .1
                .entry(code.as_str().to_string())
                .or_default()
                .push(line),
        }
    }
    let sum = |ls: &[&EconomicLine]| -> Option<Figure> {
        let source = ls
            .first()
            .and_then(|l| l.total.as_ref())
            .map(|f| f.source.clone())?;
        sum_figures(ls.iter().map(|l| &l.total), &source).map(|mut f| {
            if ls.len() == 1
                && let Some(t) = &ls[0].total
            {
                f = t.clone();
            }
            f
        })
    };
    by_class
        .into_iter()
        .filter_map(|(class, (class_row, sections, loose))| {
            let code = EconomicCode::new(&class)?;
            let children: Vec<EconomicNode> = sections
                .iter()
                .filter_map(|(c, ls)| {
                    let printed = ls.iter().find_map(|l| l.name.clone());
                    Some(EconomicNode {
                        code: EconomicCode::new(c)?,
                        name_from_reference: printed.is_none() && codes::economic_name(c).is_some(),
                        name: printed.or_else(|| codes::economic_name(c)),
                        amount: sum(ls),
                        derived: ls.len() > 1,
                        children: Vec::new(),
                    })
                })
                .collect();
            let mut all: Vec<&EconomicLine> = sections.values().flatten().copied().collect();
            all.extend(loose.iter().copied());
            let children_sum = sum(&all);
            // A printed 类 row is the class subtotal only when its 款 rows add up to it; otherwise it
            // is one more line of that class.
            let (amount, derived) = match class_row {
                Some(row) => {
                    let printed = row.total.clone();
                    let is_subtotal = match (&printed, &children_sum) {
                        (Some(p), Some(s)) => {
                            (p.amount - s.amount).value().abs()
                                <= p.amount.half_unit()
                                    * rust_decimal::Decimal::from(all.len().max(1))
                        }
                        (Some(_), None) => true,
                        _ => false,
                    };
                    if is_subtotal {
                        (printed, false)
                    } else {
                        all.push(row);
                        (sum(&all), true)
                    }
                }
                None => (children_sum, all.len() != 1),
            };
            let printed = class_row.and_then(|l| l.name.clone());
            Some(EconomicNode {
                name_from_reference: printed.is_none() && codes::economic_name(&class).is_some(),
                name: printed.or_else(|| codes::economic_name(&class)),
                code,
                amount,
                derived,
                children,
            })
        })
        .collect()
}

/// 三公 items from the table, each missing item taken from the narrative.
fn merge_sanggong(table: Sanggong, stated: &Sanggong) -> Sanggong {
    Sanggong {
        total: table.total.or_else(|| stated.total.clone()),
        outbound: table.outbound.or_else(|| stated.outbound.clone()),
        vehicles: table.vehicles.or_else(|| stated.vehicles.clone()),
        vehicle_purchase: table
            .vehicle_purchase
            .or_else(|| stated.vehicle_purchase.clone()),
        vehicle_operation: table
            .vehicle_operation
            .or_else(|| stated.vehicle_operation.clone()),
        reception: table.reception.or_else(|| stated.reception.clone()),
    }
}

fn name_key(name: &str) -> String {
    name.chars().filter(|c| c.is_alphanumeric()).collect()
}

/// The projects of the project table, with the indicators and codes of the performance tables
/// matched by name; without a project table, the performance tables' projects.
fn merge_projects(table: &[Project], performance: &[Project]) -> Vec<Project> {
    if table.is_empty() {
        return performance.to_vec();
    }
    // Each target row is used once, so two units' projects of the same name do not share one.
    let mut used = vec![false; performance.len()];
    table
        .iter()
        .map(|p| {
            let mut p = p.clone();
            let found = performance
                .iter()
                .enumerate()
                .find(|(i, q)| !used[*i] && name_key(&q.name) == name_key(&p.name));
            if let Some((i, perf)) = found {
                used[i] = true;
                p.indicators = perf.indicators.clone();
                p.code = p.code.or_else(|| perf.code.clone());
            }
            p
        })
        .collect()
}
