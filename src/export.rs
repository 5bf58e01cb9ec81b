//! Open data: one budget → the JSON object of `data/<id>/<year>.json` (`export/budget.rs`) and its
//! entry in the index `data/budgets.json`, the departments across years
//! (`data/departments.json`), and all budgets → CSV tables. Pure functions; the write stage puts
//! the results on disk.
//!
//! Amounts are exact decimal strings in 万元; a figure the document does not disclose is `null`,
//! never `"0"`. Every figure's provenance sits beside it (`source`, `totals_source`, …).

mod budget;

pub use budget::{FORMAT, budget_json};

use serde_json::{Map, Value, json};

use crate::config::Identity;
use crate::model::{Budget, Figure, Finding, SanggongItem, Source, preorder};
use crate::strings::Lang;

/// The keys of a department's open data that `data/budgets.json` repeats: who it is, which
/// document and year, and its totals. The rest (every table, 三公, project and finding, with
/// the source of each figure) is in the department's own file, which the entry links.
const INDEX_KEYS: [&str; 11] = [
    "slug",
    "department",
    "name",
    "year",
    "level",
    "region",
    "parent",
    "official_url",
    "published",
    "file",
    "totals",
];

/// A department's entry in `data/budgets.json`, from its open data ([`budget_json`]): the keys
/// of [`INDEX_KEYS`], then `data` (its file, `data/<id>/<year>.json`) and `page` (its page),
/// both relative to the site's root. An index, not a second copy of every department's data.
pub fn index_entry(full: &Value, slug: &str) -> Value {
    let mut entry = Map::new();
    for key in INDEX_KEYS {
        entry.insert(
            key.to_string(),
            full.get(key).cloned().unwrap_or(Value::Null),
        );
    }
    entry.insert(
        "data".into(),
        Value::String(crate::site::urls::department_json(slug)),
    );
    entry.insert(
        "page".into(),
        Value::String(crate::site::urls::department(slug)),
    );
    Value::Object(entry)
}

fn source_json(source: &Source) -> Value {
    json!({"file": source.file, "line": source.line})
}

/// A finding of `data/departments.json`: each figure and source with its file, since a
/// cross-year finding cites the documents of two years.
fn finding_json(f: &Finding) -> Value {
    json!({
        "severity": f.severity.label(),
        "rule": f.rule,
        "message": f.message_zh,
        "message_en": f.message_en,
        "figures": f.figures.iter().map(|c| json!({
            "label": c.label,
            "amount": c.amount.map(|a| a.to_string()),
            "source": c.source.as_ref().map(source_json),
        })).collect::<Vec<_>>(),
        "sources": f.sources.iter().map(source_json).collect::<Vec<_>>(),
        "details": f.details.iter().map(finding_json).collect::<Vec<_>>(),
    })
}

/// A CSV document: UTF-8 with a byte-order mark (so Excel picks the encoding) and CRLF line ends.
#[derive(Debug, Default)]
struct Csv {
    text: String,
}

impl Csv {
    /// A CSV whose header names the columns `keys` in the site's language (`csv_<key>` of its
    /// strings table: `amount_wan` in English, `金额（万元）` in Chinese).
    fn new(keys: &[&str], lang: Lang) -> Csv {
        let mut csv = Csv {
            text: "\u{feff}".to_string(),
        };
        csv.row(
            keys.iter()
                .map(|k| lang.get(&format!("csv_{k}")).to_string()),
        );
        csv
    }

    fn row(&mut self, cells: impl IntoIterator<Item = String>) {
        let mut first = true;
        for cell in cells {
            if !first {
                self.text.push(',');
            }
            first = false;
            self.text.push_str(&csv_field(&cell));
        }
        self.text.push_str("\r\n");
    }
}

/// Quotes a field when it needs it, and writes it so a spreadsheet (Excel, WPS, LibreOffice)
/// shows it as it is:
/// - a text a spreadsheet would run as a formula — starting with `=`, `+`, `-`, `@`, a tab or a
///   CR — gets a leading apostrophe; a plain number (`-12.50`, an amount) is no formula and
///   passes unchanged;
/// - a long code of digits (12 or more, like a 21-digit project code, or one with a leading
///   zero), which a spreadsheet would turn into `4.1E+20` or strip of its zeros, is written as
///   the text formula `="…"`, which keeps every digit (the JSON has the plain code).
fn csv_field(cell: &str) -> String {
    let digits = !cell.is_empty() && cell.bytes().all(|b| b.is_ascii_digit());
    let cell = if digits && (cell.len() >= 12 || (cell.len() > 1 && cell.starts_with('0'))) {
        format!("=\"{cell}\"")
    } else if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) && !is_plain_number(cell) {
        format!("'{cell}")
    } else {
        cell.to_string()
    };
    if cell.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", cell.replace('"', "\"\""))
    } else {
        cell
    }
}

/// `-12.50`, `3`, `0.5`: digits with at most one point, after at most one leading minus.
fn is_plain_number(cell: &str) -> bool {
    let body = cell.strip_prefix('-').unwrap_or(cell);
    let (int, frac) = body.split_once('.').unwrap_or((body, "0"));
    !int.is_empty()
        && !frac.is_empty()
        && int.bytes().all(|b| b.is_ascii_digit())
        && frac.bytes().all(|b| b.is_ascii_digit())
}

fn amount_cell(figure: Option<&Figure>) -> String {
    figure.map(|f| f.exact()).unwrap_or_default()
}

fn line_cell(figure: Option<&Figure>) -> String {
    figure
        .map(|f| f.source.line.to_string())
        .unwrap_or_default()
}

/// One department across the years the site has, for `data/departments.json`.
pub struct DepartmentYears<'a> {
    pub department: &'a str,
    pub name: &'a str,
    /// Each year with the key of its pages and data (`weihui/2024`), oldest first.
    pub years: Vec<(u16, &'a str)>,
    /// What the cross-year check found (each citing both documents' lines).
    pub findings: &'a [Finding],
}

/// `data/departments.json`: each department with its years, where each year's data and page
/// are, and the cross-year findings.
pub fn departments_json(departments: &[DepartmentYears]) -> Value {
    Value::Array(
        departments
            .iter()
            .map(|d| {
                json!({
                    "department": d.department,
                    "name": d.name,
                    "years": d.years.iter().map(|(year, slug)| json!({
                        "year": year,
                        "data": crate::site::urls::department_json(slug),
                        "page": crate::site::urls::department(slug),
                    })).collect::<Vec<_>>(),
                    "cross_year_findings": d.findings.iter().map(finding_json).collect::<Vec<_>>(),
                })
            })
            .collect(),
    )
}

/// `series.csv`: every total, 三公 item and 类 of every department and year, one figure a row
/// (department, year, item, code, amount, and its file and line), for time series. `rows` are
/// (department id, year, budget). A figure not disclosed has no row.
pub fn series_csv(rows: &[(&str, u16, &Budget)], lang: Lang) -> String {
    let mut csv = Csv::new(
        &[
            "department_id",
            "year",
            "item",
            "code",
            "amount_wan",
            "source_file",
            "source_line",
        ],
        lang,
    );
    for (department, year, budget) in rows {
        let t = &budget.totals;
        let mut figures: Vec<(String, String, Option<&Figure>)> = [
            ("total_income", &t.income),
            ("total_expenditure", &t.expenditure),
            ("basic_expenditure", &t.basic),
            ("project_expenditure", &t.project),
            ("personnel", &t.personnel),
            ("public_funds", &t.public_funds),
        ]
        .into_iter()
        .map(|(key, f)| (lang.get(key).to_string(), String::new(), f.as_ref()))
        .collect();
        for item in SanggongItem::LISTED {
            let label = if lang.is_english() {
                item.label_en()
            } else {
                item.label_zh()
            };
            figures.push((label.to_string(), String::new(), budget.sanggong.get(item)));
        }
        for node in &budget.by_function {
            figures.push((
                node.name.clone().unwrap_or_default(),
                node.code.as_str().to_string(),
                node.amount.as_ref(),
            ));
        }
        for (item, code, figure) in figures {
            let Some(figure) = figure else { continue };
            csv.row([
                department.to_string(),
                year.to_string(),
                item,
                code,
                figure.exact(),
                figure.source.file.clone(),
                figure.source.line.to_string(),
            ]);
        }
    }
    csv.text
}

/// A budget with the name it is shown under.
pub type Named<'a> = (&'a Budget, &'a Identity);

/// Every node of every function tree: `functions.csv`.
pub fn functions_csv(budgets: &[Named], lang: Lang) -> String {
    let mut csv = Csv::new(
        &[
            "slug",
            "department",
            "code",
            "level",
            "name",
            "amount_wan",
            "basic_wan",
            "project_wan",
            "derived",
            "source_file",
            "source_line",
        ],
        lang,
    );
    for (b, who) in budgets {
        for (_, n) in preorder(&b.by_function) {
            csv.row([
                b.slug.clone(),
                who.name.clone(),
                n.code.to_string(),
                n.code.level().label().to_string(),
                n.name.clone().unwrap_or_default(),
                amount_cell(n.amount.as_ref()),
                amount_cell(n.basic.as_ref()),
                amount_cell(n.project.as_ref()),
                n.derived.to_string(),
                b.file.clone(),
                line_cell(n.amount.as_ref()),
            ]);
        }
    }
    csv.text
}

/// Every node of every economic tree: `economic.csv`.
pub fn economic_csv(budgets: &[Named], lang: Lang) -> String {
    let mut csv = Csv::new(
        &[
            "slug",
            "department",
            "code",
            "level",
            "name",
            "amount_wan",
            "derived",
            "source_file",
            "source_line",
        ],
        lang,
    );
    for (b, who) in budgets {
        for (_, n) in preorder(&b.by_economic) {
            csv.row([
                b.slug.clone(),
                who.name.clone(),
                n.code.to_string(),
                n.code.level().label().to_string(),
                n.name.clone().unwrap_or_default(),
                amount_cell(n.amount.as_ref()),
                n.derived.to_string(),
                b.file.clone(),
                line_cell(n.amount.as_ref()),
            ]);
        }
    }
    csv.text
}

/// Every project with its amount and number of indicators: `projects.csv`.
pub fn projects_csv(budgets: &[Named], lang: Lang) -> String {
    let mut csv = Csv::new(
        &[
            "slug",
            "department",
            "project",
            "unit",
            "category",
            "code",
            "amount_wan",
            "indicators",
            "source_file",
            "source_line",
        ],
        lang,
    );
    for (b, who) in budgets {
        for p in &b.projects {
            csv.row([
                b.slug.clone(),
                who.name.clone(),
                p.name.clone(),
                p.unit.clone().unwrap_or_default(),
                p.category.clone().unwrap_or_default(),
                p.code.clone().unwrap_or_default(),
                amount_cell(p.amount.as_ref()),
                p.indicators.len().to_string(),
                b.file.clone(),
                p.amount
                    .as_ref()
                    .map_or(p.source.line, |f| f.source.line)
                    .to_string(),
            ]);
        }
    }
    csv.text
}

/// The 三公 items of every department, one row each: `sanggong.csv`.
pub fn sanggong_csv(budgets: &[Named], lang: Lang) -> String {
    let amount_columns = SanggongItem::LISTED.map(|item| format!("{}_wan", item.key()));
    let mut header = vec!["slug", "department"];
    header.extend(amount_columns.iter().map(String::as_str));
    header.extend(["source_file", "total_source_line", "notes"]);
    let mut csv = Csv::new(&header, lang);
    for (b, who) in budgets {
        let s = &b.sanggong;
        let mut row = vec![b.slug.clone(), who.name.clone()];
        row.extend(SanggongItem::LISTED.map(|item| amount_cell(s.get(item))));
        // A corrected or derived amount says so beside the row: `reception 更正: 原文 2.19 元 …`.
        let notes: Vec<String> = SanggongItem::LISTED
            .into_iter()
            .filter_map(|item| {
                let f = s.get(item)?;
                let mark = f.mark()?;
                let why = match (&f.correction, &f.derivation) {
                    (Some(c), _) => format!(
                        "原文 {} {}；{}；{}",
                        f.printed,
                        f.unit.label(),
                        c.reason_zh,
                        c.evidence_zh
                    ),
                    (None, Some(d)) => d.formula_zh.clone(),
                    (None, None) => String::new(),
                };
                Some(format!("{} {}: {}", item.key(), mark.label_zh(), why))
            })
            .collect();
        row.extend([
            b.file.clone(),
            line_cell(s.total.as_ref()),
            notes.join(" | "),
        ]);
        csv.row(row);
    }
    csv.text
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Region;
    use crate::model::*;

    pub(super) fn figure(text: &str, line: u32) -> Figure {
        Figure {
            amount: text.parse().unwrap(),
            source: Source::new("t-2024.txt", line),
            printed: text.to_string(),
            unit: Unit::TenThousandYuan,
            correction: None,
            derivation: None,
        }
    }

    pub(super) fn budget() -> Budget {
        let mut b: Budget = serde_json::from_value(json!({
            "slug": "t-2024", "file": "t-2024.txt", "name": null, "year": 2024,
            "totals": {}, "by_function": [], "function_lines": [], "by_economic": [],
            "economic_lines": [], "sanggong": {}, "projects": [], "overall_indicators": [],
            "sub_units": [], "responsibilities": [], "structure": [], "glossary": [],
            "narrative": {
                "functions": [], "function_items": [], "economic": [],
                "sanggong": {"amounts": {}}, "procurement": {"none": false}, "staff": {}
            },
            "tables": [], "findings": []
        }))
        .unwrap();
        b.totals.expenditure = Some(figure("922.94", 40));
        b.totals.basic = Some(figure("483.80", 41));
        b.by_function.push(FunctionNode {
            code: FunctionCode::new("201").unwrap(),
            name: Some("一般公共服务支出".into()),
            amount: Some(figure("595.48", 300)),
            basic: None,
            project: None,
            derived: false,
            children: vec![],
            name_from_reference: false,
        });
        b.sanggong.total = Some(figure("4.10", 90));
        b.projects.push(Project {
            name: "电子外网建设项目, 二期".into(),
            unit: Some("卫辉市人民政府办公室".into()),
            category: None,
            code: None,
            amount: Some(figure("64.00", 400)),
            indicators: vec![Indicator {
                level1: Some("产出指标".into()),
                level2: Some("数量指标".into()),
                name: "联网单位".into(),
                value: "≥100个".into(),
                source: Source::new("t-2024.txt", 401),
            }],
            source: Source::new("t-2024.txt", 399),
        });
        b
    }

    pub(super) fn who() -> Identity {
        Identity {
            name: "测试部门".into(),
            region: Region {
                province: Some("河南省".into()),
                city: None,
                county: None,
            },
            ..Identity::default()
        }
    }

    #[test]
    fn csv_has_bom_crlf_and_quotes_commas() {
        let b = budget();
        let w = who();
        let text = projects_csv(&[(&b, &w)], Lang::English);
        assert!(text.starts_with("\u{feff}slug,department,project,"));
        let zh = projects_csv(&[(&b, &w)], Lang::ZhCn);
        assert!(zh.starts_with("\u{feff}标识,部门,项目名称,"), "{zh}");
        assert!(zh.contains("金额（万元）"), "{zh}");
        assert!(text.contains("\"电子外网建设项目, 二期\""), "{text}");
        assert!(text.contains(",64.00,1,t-2024.txt,400\r\n"), "{text}");
        let f = functions_csv(&[(&b, &w)], Lang::English);
        assert!(
            f.contains("t-2024,测试部门,201,类,一般公共服务支出,595.48,,,false,t-2024.txt,300\r\n"),
            "{f}"
        );
        let s = sanggong_csv(&[(&b, &w)], Lang::English);
        assert!(
            s.contains("t-2024,测试部门,4.10,,,,,,t-2024.txt,90,\r\n"),
            "{s}"
        );
    }

    #[test]
    fn csv_fields_are_escaped_and_formulas_defused() {
        assert_eq!(csv_field("a\"b"), "\"a\"\"b\"");
        assert_eq!(csv_field("=SUM(A1)"), "'=SUM(A1)");
        assert_eq!(csv_field("-12.50"), "-12.50");
        // Every character a spreadsheet starts a formula with.
        assert_eq!(csv_field("+1+cmd|' /C calc'!A0"), "'+1+cmd|' /C calc'!A0");
        assert_eq!(csv_field("-2+3"), "'-2+3");
        assert_eq!(csv_field("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(csv_field("\t=1"), "'\t=1");
        assert_eq!(csv_field("\r=1"), "\"'\r=1\"");
        assert_eq!(csv_field("-"), "'-");
        // Long codes stay text with every digit; short ones and amounts are numbers.
        assert_eq!(
            csv_field("411000210000000012345"),
            "\"=\"\"411000210000000012345\"\"\""
        );
        assert_eq!(csv_field("0123"), "\"=\"\"0123\"\"\"");
        assert_eq!(csv_field("2010301"), "2010301");
        assert_eq!(csv_field("610.6713"), "610.6713");
    }
}
