//! site: all budgets together → the view structs the templates read. Amounts stay exact decimal
//! strings (the templates format them with the `wan` filter); shares, changes and sums are
//! computed here, never in a template. Every link is relative to the site's root; templates
//! prefix it with `root` (the path back to the root from the page being rendered).

use std::collections::BTreeMap;

use serde::Serialize;

use crate::audit::{self, Completeness};
use crate::charts::{self, Chart};
use crate::config::{Config, Identity};
use crate::format;
use crate::model::{
    Amount, Budget, Change, EconomicNode, Figure, Finding, FunctionNode, Indicator, SanggongItem,
    Severity, Source, TableKind, TableRecord, Text, Unit, parse_decimal, preorder,
};

/// A figure on a page: its exact amount in 万元 (`None`: not disclosed) and the source line it
/// links to.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct FigureView {
    pub amount: Option<String>,
    /// The amount as shown: grouped, two decimals (see [`crate::format::amount`]).
    pub shown: Option<String>,
    pub href: Option<String>,
}

impl FigureView {
    fn of(slug: &str, figure: Option<&Figure>) -> FigureView {
        FigureView::new(
            figure.map(|f| f.exact()),
            figure.map(|f| source_href(slug, &f.source)),
        )
    }

    fn computed(amount: Option<Amount>) -> FigureView {
        FigureView::new(amount.map(|a| a.to_string()), None)
    }

    fn new(amount: Option<String>, href: Option<String>) -> FigureView {
        FigureView {
            shown: amount.as_deref().map(format::amount_text),
            amount,
            href,
        }
    }
}

fn source_href(slug: &str, source: &Source) -> String {
    format!("departments/{slug}/source.html#L{}", source.line)
}

/// A label with a figure (summary tables).
#[derive(Debug, Clone, Serialize)]
pub struct Labeled {
    pub id: &'static str,
    pub label: String,
    pub figure: FigureView,
    pub share: Option<String>,
}

/// A piece of text with the line it came from.
#[derive(Debug, Clone, Serialize)]
pub struct TextView {
    pub text: String,
    pub href: String,
}

impl TextView {
    fn of(slug: &str, t: &Text) -> TextView {
        TextView {
            text: t.text.clone(),
            href: source_href(slug, &t.source),
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Link {
    pub label: String,
    pub href: String,
}

/// One row of a flattened 类 → 款 → 项 or economic tree.
#[derive(Debug, Clone, Serialize)]
pub struct CodeRow {
    pub id: String,
    pub code: String,
    pub level: &'static str,
    pub depth: usize,
    pub name: String,
    pub amount: FigureView,
    pub basic: FigureView,
    pub project: FigureView,
    /// Share of the department's total expenditure.
    pub share: Option<String>,
    pub derived: bool,
    /// The code's page across departments (function codes only).
    pub classification_href: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct CellView {
    /// The cell as printed.
    pub text: String,
    /// The figure it holds (in 万元, linked to its line), when it is one.
    pub figure: Option<FigureView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct TableView {
    pub id: String,
    pub kind: &'static str,
    pub title: String,
    pub href: String,
    /// What the original printed its amounts in, when it was not 万元.
    pub converted_from: Option<&'static str>,
    pub header: Vec<Vec<CellView>>,
    /// Rendered as HTML by the render stage (not handed to the template cell by cell).
    #[serde(skip)]
    pub rows: Vec<Vec<CellView>>,
    pub has_rows: bool,
    pub empty: bool,
    pub note: Option<TextView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct IndicatorView {
    pub level1: String,
    pub level2: String,
    pub name: String,
    pub value: String,
    pub href: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct ProjectView {
    pub number: usize,
    pub id: String,
    pub name: String,
    pub unit: Option<String>,
    pub category: Option<String>,
    pub code: Option<String>,
    pub amount: FigureView,
    pub href: String,
    pub indicators: Vec<IndicatorView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct SubUnitView {
    pub code: Option<String>,
    pub name: String,
    pub amount: FigureView,
    pub href: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct FindingView {
    pub number: usize,
    pub id: String,
    pub severity: &'static str,
    pub severity_zh: &'static str,
    pub message: String,
    pub message_en: String,
    pub sources: Vec<Link>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ChangeView {
    /// Signed exact amount in 万元.
    pub amount: Option<String>,
    /// Signed percentage, formatted (`-3.20%`).
    pub percent: Option<String>,
    pub unchanged: bool,
    /// The sentence or figure it was read from.
    pub href: Option<String>,
    /// True when computed from this year's total and the previous year's.
    pub computed: bool,
}

/// A chart as a page shows it: the inline SVG, the standalone file it is also written to, and
/// the same figures as a table.
#[derive(Debug, Clone, Serialize)]
pub struct ChartView {
    #[serde(flatten)]
    pub chart: Chart,
    /// The standalone SVG file, relative to the site root (`charts/<slug>/<name>.svg`).
    pub href: String,
    pub table: ChartTable,
}

/// A chart's figures as a table: a row per bar; for a 100 % stacked chart a column per part.
#[derive(Debug, Clone, Serialize)]
pub struct ChartTable {
    /// Heading of the label column.
    pub corner: &'static str,
    pub columns: Vec<String>,
    pub rows: Vec<ChartTableRow>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ChartTableRow {
    pub label: String,
    pub cells: Vec<ChartCell>,
}

/// One cell: the figure and, below it, a second figure (the amount under a share).
#[derive(Debug, Clone, Default, Serialize)]
pub struct ChartCell {
    pub main: String,
    pub sub: Option<String>,
}

impl ChartView {
    fn new(chart: Chart, href: String) -> ChartView {
        let table = chart_table(&chart);
        ChartView { chart, href, table }
    }
}

fn chart_table(chart: &Chart) -> ChartTable {
    let corner = match chart.name.as_str() {
        "by-function" | "basic-economic" => "科目",
        "projects" => "项目名称",
        name if name.starts_with("compare-") || name == charts::CLASSIFICATION_KIND => "部门",
        _ => "项目",
    };
    let stacked = chart.data.iter().any(|d| d.series.is_some());
    if !stacked {
        let shares = chart.data.iter().any(|d| d.share.is_some());
        let mut columns = vec!["金额（万元）".to_string()];
        if shares {
            columns.push("占比".to_string());
        }
        let rows = chart
            .data
            .iter()
            .map(|d| {
                let mut cells = vec![ChartCell {
                    main: d.value.clone(),
                    sub: None,
                }];
                if shares {
                    cells.push(ChartCell {
                        main: d.share.clone().unwrap_or_default(),
                        sub: None,
                    });
                }
                ChartTableRow {
                    label: d.label.clone(),
                    cells,
                }
            })
            .collect();
        return ChartTable {
            corner,
            columns,
            rows,
        };
    }
    // A column per part, in the legend's order (each bar lists its parts in that order, so a
    // part first seen goes right after the part before it in its bar); a row per bar.
    let mut series: Vec<&str> = Vec::new();
    let mut labels: Vec<&str> = Vec::new();
    let mut previous: Option<(&str, &str)> = None;
    for d in &chart.data {
        let key = d.series.as_deref().unwrap_or_default();
        if !series.contains(&key) {
            let at = match previous {
                Some((label, before)) if label == d.label => series
                    .iter()
                    .position(|s| *s == before)
                    .map_or(0, |i| i + 1),
                _ => 0,
            };
            series.insert(at, key);
        }
        if !labels.contains(&d.label.as_str()) {
            labels.push(&d.label);
        }
        previous = Some((&d.label, key));
    }
    let mut columns: Vec<String> = series.iter().map(|s| s.to_string()).collect();
    columns.push("合计（万元）".to_string());
    let rows = labels
        .iter()
        .map(|label| {
            let parts: Vec<_> = chart.data.iter().filter(|d| d.label == *label).collect();
            let mut cells: Vec<ChartCell> = series
                .iter()
                .map(|key| {
                    parts
                        .iter()
                        .find(|d| d.series.as_deref() == Some(*key))
                        .map_or_else(ChartCell::default, |d| ChartCell {
                            main: d.share.clone().unwrap_or_default(),
                            sub: Some(format!("{} 万元", d.value)),
                        })
                })
                .collect();
            let total: Amount = parts.iter().map(|d| d.amount).sum();
            cells.push(ChartCell {
                main: format::amount_exact(total.value()),
                sub: None,
            });
            ChartTableRow {
                label: label.to_string(),
                cells,
            }
        })
        .collect();
    ChartTable {
        corner,
        columns,
        rows,
    }
}

/// Everything one department page shows.
#[derive(Debug, Clone, Serialize)]
pub struct DepartmentView {
    pub slug: String,
    pub name: String,
    pub year: Option<u16>,
    pub level: Option<String>,
    pub region: String,
    pub file: String,
    pub href: String,
    pub source_href: String,
    pub total: FigureView,
    pub summary: Vec<Labeled>,
    pub change: Option<ChangeView>,
    pub sanggong: Vec<Labeled>,
    pub vehicles: Option<u32>,
    pub functions: Vec<CodeRow>,
    pub classes: Vec<CodeRow>,
    pub economic: Vec<CodeRow>,
    pub tables: Vec<TableView>,
    pub missing_tables: Vec<&'static str>,
    pub projects: Vec<ProjectView>,
    pub project_total: FigureView,
    pub overall_indicators: Vec<IndicatorView>,
    pub responsibilities: Vec<TextView>,
    pub structure: Vec<TextView>,
    pub sub_units: Vec<SubUnitView>,
    pub findings: Vec<FindingView>,
    pub finding_counts: BTreeMap<&'static str, usize>,
    pub completeness: Completeness,
    pub downloads: Vec<Link>,
    /// The charts of [`charts::KINDS`] that have something to draw.
    pub charts: Vec<ChartView>,
}

/// One department's row of the comparison.
#[derive(Debug, Clone, Serialize)]
pub struct CompareRow {
    pub slug: String,
    pub name: String,
    pub href: String,
    pub year: Option<u16>,
    pub region: String,
    pub total: FigureView,
    pub income: FigureView,
    pub basic: FigureView,
    pub basic_share: Option<String>,
    pub project: FigureView,
    pub project_share: Option<String>,
    pub personnel: FigureView,
    pub public_funds: FigureView,
    pub sanggong_total: FigureView,
    pub outbound: FigureView,
    pub reception: FigureView,
    pub vehicle_purchase: FigureView,
    pub vehicle_operation: FigureView,
    pub project_count: usize,
    pub project_total: FigureView,
    pub project_largest: FigureView,
    pub prior_year: FigureView,
    pub change: Option<ChangeView>,
    /// 类 amounts in the order of `Compare::classes`.
    pub classes: Vec<ShareCell>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ShareCell {
    pub amount: FigureView,
    pub share: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct CodeHeader {
    pub code: String,
    pub name: String,
    pub href: String,
}

/// One page of the comparison: its departments' rows, the 类 columns and, on the first page,
/// the charts comparing every department.
#[derive(Debug, Clone, Serialize)]
pub struct Compare<'a> {
    pub rows: Vec<CompareRow>,
    pub classes: &'a [CodeHeader],
    /// The charts of [`charts::COMPARISON_KINDS`] (each needs two departments).
    pub charts: &'a [ChartView],
}

/// One function code across departments.
#[derive(Debug, Clone, Serialize)]
pub struct CodePage {
    pub code: String,
    pub level: &'static str,
    pub depth: usize,
    pub name: String,
    pub href: String,
    pub parent: Option<CodeHeader>,
    pub children: Vec<CodeHeader>,
    pub rows: Vec<CodeDepartment>,
    /// Sum over the departments that state it.
    pub total: FigureView,
    /// A bar per department, when at least two state an amount.
    pub chart: Option<ChartView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct CodeDepartment {
    pub name: String,
    pub href: String,
    pub amount: FigureView,
    pub share: Option<String>,
}

/// One project in the list of all projects.
#[derive(Debug, Clone, Serialize)]
pub struct ProjectRow {
    pub department: String,
    pub department_href: String,
    pub name: String,
    pub unit: Option<String>,
    pub category: Option<String>,
    pub amount: FigureView,
    pub indicators: usize,
    pub href: String,
}

/// A Markdown page of `content/pages/`.
#[derive(Debug, Clone, Serialize)]
pub struct PageLink {
    pub name: String,
    pub title: String,
    pub href: String,
}

/// The site's own settings as the templates see them.
#[derive(Debug, Clone, Serialize)]
pub struct SiteInfo {
    pub title: String,
    pub description: String,
    pub language: String,
    pub base_url: Option<String>,
    pub pages: Vec<PageLink>,
    /// The search index's metadata script (`search/meta-<id>.js`), loaded by every page.
    pub search_meta: Option<String>,
}

fn share(part: Option<&Figure>, whole: Option<&Figure>) -> Option<String> {
    format::share_text(part?.amount.value(), whole?.amount.value())
}

fn region_text(who: &Identity) -> String {
    [&who.region.province, &who.region.city, &who.region.county]
        .into_iter()
        .flatten()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .join(" ")
}

fn severity_zh(s: Severity) -> &'static str {
    match s {
        Severity::Error => "错误",
        Severity::Warning => "警告",
        Severity::Info => "提示",
    }
}

fn change_view(budget: &Budget) -> Option<ChangeView> {
    let t = &budget.totals;
    if let (Some(now), Some(prior)) = (&t.expenditure, &t.prior_year) {
        let diff = now.amount - prior.amount;
        return Some(ChangeView {
            amount: Some(diff.to_string()),
            percent: format::share_text(diff.value(), prior.amount.value()),
            unchanged: diff.is_zero(),
            href: Some(source_href(&budget.slug, &prior.source)),
            computed: true,
        });
    }
    budget
        .narrative
        .change
        .as_ref()
        .map(|c: &Change| ChangeView {
            amount: c.amount.as_ref().map(|f| f.amount.to_string()),
            percent: c.percent.as_ref().map(|p| format::percent(p.value)),
            unchanged: c.unchanged,
            href: Some(source_href(&budget.slug, &c.source)),
            computed: false,
        })
}

/// The rows of the function tree, parents before children; shares are of `total`.
fn function_rows(slug: &str, roots: &[FunctionNode], total: Option<&Figure>) -> Vec<CodeRow> {
    preorder(roots)
        .into_iter()
        .map(|(depth, n)| CodeRow {
            id: format!("fn-{}", n.code),
            code: n.code.to_string(),
            level: n.code.level().label(),
            depth,
            name: n.name.clone().unwrap_or_default(),
            amount: FigureView::of(slug, n.amount.as_ref()),
            basic: FigureView::of(slug, n.basic.as_ref()),
            project: FigureView::of(slug, n.project.as_ref()),
            share: share(n.amount.as_ref(), total),
            derived: n.derived,
            classification_href: Some(format!("classification/{}/index.html", n.code)),
        })
        .collect()
}

/// The rows of the economic tree, parents before children; shares are of `total`.
fn economic_rows(slug: &str, roots: &[EconomicNode], total: Option<&Figure>) -> Vec<CodeRow> {
    preorder(roots)
        .into_iter()
        .map(|(depth, n)| CodeRow {
            id: format!("ec-{}", n.code),
            code: n.code.to_string(),
            level: n.code.level().label(),
            depth,
            name: n.name.clone().unwrap_or_default(),
            amount: FigureView::of(slug, n.amount.as_ref()),
            basic: FigureView::default(),
            project: FigureView::default(),
            share: share(n.amount.as_ref(), total),
            derived: n.derived,
            classification_href: None,
        })
        .collect()
}

/// A cell is shown as an amount when it reads as a number and is not a classification code:
/// a column headed 编码/代码/类/款/项 holds codes, and elsewhere a bare run of 3, 5 or 7 digits
/// that starts like a function or economic code is taken for one.
fn cell_amount(text: &str, unit: Unit, code_column: bool) -> Option<Amount> {
    let plain_digits = text.bytes().all(|b| b.is_ascii_digit());
    let looks_like_code = plain_digits
        && matches!(text.len(), 3 | 5 | 7)
        && matches!(text.as_bytes()[0], b'2' | b'3' | b'5');
    if code_column || looks_like_code {
        return None;
    }
    parse_decimal(text).map(|d| Amount::from_unit(d, unit))
}

fn is_code_header(text: &str) -> bool {
    matches!(text.trim(), "类" | "款" | "项") || text.contains("编码") || text.contains("代码")
}

fn table_view(slug: &str, t: &TableRecord) -> TableView {
    let unit = t.unit.unwrap_or(Unit::TenThousandYuan);
    let split = t.header_rows.min(t.rows.len());
    let code_columns: Vec<bool> = {
        let width = t.rows.iter().map(Vec::len).max().unwrap_or(0);
        (0..width)
            .map(|i| {
                t.rows[..split]
                    .iter()
                    .any(|r| r.get(i).is_some_and(|c| is_code_header(&c.text)))
            })
            .collect()
    };
    let cells = |row: &Vec<crate::model::TableCell>, header: bool| -> Vec<CellView> {
        row.iter()
            .enumerate()
            .map(|(i, c)| {
                let amount = if header {
                    None
                } else {
                    cell_amount(&c.text, unit, code_columns.get(i).copied().unwrap_or(false))
                };
                CellView {
                    text: c.text.clone(),
                    figure: amount.map(|a| {
                        FigureView::new(
                            Some(a.to_string()),
                            Some(format!("departments/{slug}/source.html#L{}", c.line)),
                        )
                    }),
                }
            })
            .collect()
    };
    TableView {
        id: format!("table-{}", t.kind.id()),
        kind: t.kind.name_zh(),
        title: t.title.clone(),
        href: source_href(slug, &t.source),
        converted_from: (unit == Unit::Yuan).then_some("元"),
        header: t.rows[..split].iter().map(|r| cells(r, true)).collect(),
        rows: t.rows[split..].iter().map(|r| cells(r, false)).collect(),
        has_rows: t.rows.len() > split,
        empty: t.empty,
        note: t.note.as_ref().map(|n| TextView::of(slug, n)),
    }
}

fn indicator_view(slug: &str, i: &Indicator) -> IndicatorView {
    IndicatorView {
        level1: i.level1.clone().unwrap_or_default(),
        level2: i.level2.clone().unwrap_or_default(),
        name: i.name.clone(),
        value: i.value.clone(),
        href: source_href(slug, &i.source),
    }
}

fn finding_view(slug: &str, number: usize, f: &Finding) -> FindingView {
    FindingView {
        number,
        id: format!("finding-{number}"),
        severity: f.severity.label(),
        severity_zh: severity_zh(f.severity),
        message: f.message_zh.clone(),
        message_en: f.message_en.clone(),
        sources: f
            .sources
            .iter()
            .map(|s| Link {
                label: format!("第 {} 行", s.line),
                href: source_href(slug, s),
            })
            .collect(),
    }
}

fn project_total(budget: &Budget) -> Option<Amount> {
    let amounts: Vec<Amount> = budget
        .projects
        .iter()
        .filter_map(|p| p.amount.as_ref().map(|f| f.amount))
        .collect();
    (!amounts.is_empty()).then(|| amounts.into_iter().sum())
}

fn department_view(budget: &Budget, who: &Identity) -> DepartmentView {
    let slug = budget.slug.as_str();
    let t = &budget.totals;
    let total = t.expenditure.as_ref();
    let fig = |f: Option<&Figure>| FigureView::of(slug, f);
    let labeled = |id, label: String, f: Option<&Figure>, whole: Option<&Figure>| Labeled {
        id,
        label,
        figure: fig(f),
        share: share(f, whole),
    };
    let summary = vec![
        labeled("income", "收入总计".into(), t.income.as_ref(), None),
        labeled("expenditure", "支出总计".into(), total, None),
        labeled("basic", "基本支出".into(), t.basic.as_ref(), total),
        labeled("project", "项目支出".into(), t.project.as_ref(), total),
        labeled(
            "personnel",
            "人员经费".into(),
            t.personnel.as_ref(),
            t.basic.as_ref(),
        ),
        labeled(
            "public-funds",
            "公用经费".into(),
            t.public_funds.as_ref(),
            t.basic.as_ref(),
        ),
        labeled(
            "carried-over",
            "上年结转".into(),
            t.carried_over.as_ref(),
            None,
        ),
        labeled("prior-year", "上年预算".into(), t.prior_year.as_ref(), None),
    ];
    let s = &budget.sanggong;
    let sg = s.total.as_ref();
    let sanggong = SanggongItem::LISTED
        .into_iter()
        .map(|item| {
            let label = if item.is_vehicle_part() {
                format!("其中：{}", item.label_zh())
            } else {
                item.label_zh().to_string()
            };
            let whole = (item != SanggongItem::Total).then_some(sg).flatten();
            labeled(item.id(), label, s.get(item), whole)
        })
        .collect();
    let functions = function_rows(slug, &budget.by_function, total);
    let classes: Vec<CodeRow> = functions.iter().filter(|r| r.depth == 0).cloned().collect();
    let economic = economic_rows(slug, &budget.by_economic, t.basic.as_ref());
    let mut finding_counts = BTreeMap::new();
    for f in &budget.findings {
        *finding_counts.entry(f.severity.label()).or_insert(0) += 1;
    }
    let page = format!("departments/{slug}/");
    DepartmentView {
        slug: slug.to_string(),
        name: who.name.clone(),
        year: budget.year,
        level: who.level.clone(),
        region: region_text(who),
        file: budget.file.clone(),
        href: format!("{page}index.html"),
        source_href: format!("{page}source.html"),
        total: fig(total),
        summary,
        change: change_view(budget),
        sanggong,
        vehicles: budget.narrative.vehicles.as_ref().map(|c| c.value),
        functions,
        classes,
        economic,
        tables: {
            // A kind can occur twice (a table restated, or split); the first keeps the plain id.
            let mut seen: BTreeMap<TableKind, usize> = BTreeMap::new();
            budget
                .tables
                .iter()
                .map(|t| {
                    let mut view = table_view(slug, t);
                    let n = seen.entry(t.kind).or_insert(0);
                    *n += 1;
                    if *n > 1 {
                        view.id = format!("{}-{n}", view.id);
                    }
                    view
                })
                .collect()
        },
        missing_tables: TableKind::ALL
            .iter()
            .filter(|k| budget.table(**k).is_none())
            .map(|k| k.name_zh())
            .collect(),
        projects: budget
            .projects
            .iter()
            .enumerate()
            .map(|(i, p)| ProjectView {
                number: i + 1,
                id: format!("project-{}", i + 1),
                name: p.name.clone(),
                unit: p.unit.clone(),
                category: p.category.clone(),
                code: p.code.clone(),
                amount: fig(p.amount.as_ref()),
                href: source_href(slug, &p.source),
                indicators: p
                    .indicators
                    .iter()
                    .map(|i| indicator_view(slug, i))
                    .collect(),
            })
            .collect(),
        project_total: FigureView::computed(project_total(budget)),
        overall_indicators: budget
            .overall_indicators
            .iter()
            .map(|i| indicator_view(slug, i))
            .collect(),
        responsibilities: budget
            .responsibilities
            .iter()
            .map(|t| TextView::of(slug, t))
            .collect(),
        structure: budget
            .structure
            .iter()
            .map(|t| TextView::of(slug, t))
            .collect(),
        sub_units: budget
            .sub_units
            .iter()
            .map(|u| SubUnitView {
                code: u.code.clone(),
                name: u.name.clone(),
                amount: fig(u.amount.as_ref()),
                href: source_href(slug, &u.source),
            })
            .collect(),
        findings: budget
            .findings
            .iter()
            .enumerate()
            .map(|(i, f)| finding_view(slug, i + 1, f))
            .collect(),
        finding_counts,
        completeness: audit::completeness(budget),
        downloads: vec![
            Link {
                label: "原始文件（文本）".into(),
                href: format!("{page}source.txt"),
            },
            Link {
                label: "本部门数据（JSON）".into(),
                href: format!("data/{slug}.json"),
            },
            // The tables as CSV hold every department (a `slug` column says whose each row is):
            // one file per table, not one per department and table.
            Link {
                label: "功能分类（CSV，全部部门）".into(),
                href: "data/functions.csv".into(),
            },
            Link {
                label: "经济分类（CSV，全部部门）".into(),
                href: "data/economic.csv".into(),
            },
            Link {
                label: "项目（CSV，全部部门）".into(),
                href: "data/projects.csv".into(),
            },
            Link {
                label: "“三公”经费（CSV，全部部门）".into(),
                href: "data/sanggong.csv".into(),
            },
        ],
        charts: Vec::new(),
    }
}

/// One department's row of the comparison, without its 类 cells (they need every department's
/// 类 first; see [`site_wide`]).
fn compare_row(b: &Budget, v: &DepartmentView) -> CompareRow {
    let slug = b.slug.as_str();
    let t = &b.totals;
    let s = &b.sanggong;
    let fig = |f: Option<&Figure>| FigureView::of(slug, f);
    CompareRow {
        slug: slug.to_string(),
        name: v.name.clone(),
        href: v.href.clone(),
        year: b.year,
        region: v.region.clone(),
        total: fig(t.expenditure.as_ref()),
        income: fig(t.income.as_ref()),
        basic: fig(t.basic.as_ref()),
        basic_share: share(t.basic.as_ref(), t.expenditure.as_ref()),
        project: fig(t.project.as_ref()),
        project_share: share(t.project.as_ref(), t.expenditure.as_ref()),
        personnel: fig(t.personnel.as_ref()),
        public_funds: fig(t.public_funds.as_ref()),
        sanggong_total: fig(s.total.as_ref()),
        outbound: fig(s.outbound.as_ref()),
        reception: fig(s.reception.as_ref()),
        vehicle_purchase: fig(s.vehicle_purchase.as_ref()),
        vehicle_operation: fig(s.vehicle_operation.as_ref()),
        project_count: b.projects.len(),
        project_total: v.project_total.clone(),
        project_largest: fig(b
            .projects
            .iter()
            .filter_map(|p| p.amount.as_ref())
            .max_by_key(|f| f.amount)),
        prior_year: fig(t.prior_year.as_ref()),
        change: v.change.clone(),
        classes: Vec::new(),
    }
}

/// Every node of a function tree, in tree order, as the classification pages show it.
fn code_entries(b: &Budget) -> Vec<CodeEntry> {
    preorder(&b.by_function)
        .into_iter()
        .map(|(_, n)| CodeEntry {
            code: n.code.to_string(),
            name: n.name.clone(),
            amount: n.amount.as_ref().map(|f| f.amount),
            exact: n.amount.as_ref().map(|f| f.exact().into_boxed_str()),
            line: n.amount.as_ref().map_or(0, |f| f.source.line),
        })
        .collect()
}

fn code_header(code: &str, name: &str) -> CodeHeader {
    CodeHeader {
        code: code.to_string(),
        name: name.to_string(),
        href: format!("classification/{code}/index.html"),
    }
}

/// The 类 columns of the comparison: every 类 any department states, with the first name given.
fn compare_classes(summaries: &[Summary]) -> Vec<CodeHeader> {
    let mut class_names: BTreeMap<&str, &str> = BTreeMap::new();
    for s in summaries {
        for e in s.codes.iter().filter(|e| e.code.len() == 3) {
            let name = class_names.entry(&e.code).or_default();
            if name.is_empty() {
                *name = e.name.as_deref().unwrap_or_default();
            }
        }
    }
    class_names
        .iter()
        .map(|(code, name)| code_header(code, name))
        .collect()
}

/// A department's cells of the 类 table, in the order of `classes`.
pub fn class_cells(summary: &Summary, classes: &[CodeHeader]) -> Vec<ShareCell> {
    classes
        .iter()
        .map(|c| match summary.codes.iter().find(|e| e.code == c.code) {
            Some(e) => ShareCell {
                amount: summary.figure(e),
                share: summary.share(e),
            },
            None => ShareCell {
                amount: FigureView::default(),
                share: None,
            },
        })
        .collect()
}

/// Every function code (类, 款 and 项) any department states, in code order, with the departments
/// that state it (as indexes into the summaries and their code entries).
#[derive(Debug, Clone, Default)]
pub struct CodeIndex {
    codes: Vec<(String, String)>,
    rows: Vec<Vec<(u32, u32)>>,
}

/// One line of the list of all codes.
#[derive(Debug, Clone, Serialize)]
pub struct CodeLine {
    pub code: String,
    pub level: &'static str,
    pub depth: usize,
    pub name: String,
    pub href: String,
    /// How many departments state it.
    pub count: usize,
    pub total: FigureView,
}

fn code_level(code: &str) -> &'static str {
    match code.len() {
        3 => "类",
        5 => "款",
        _ => "项",
    }
}

impl CodeIndex {
    fn new(summaries: &[Summary]) -> CodeIndex {
        // Per code: its first name given, and (summary, entry) of each department stating it.
        type Seen<'a> = BTreeMap<&'a str, (&'a str, Vec<(u32, u32)>)>;
        let mut seen: Seen = BTreeMap::new();
        for (i, s) in summaries.iter().enumerate() {
            for (j, e) in s.codes.iter().enumerate() {
                let entry = seen.entry(&e.code).or_insert(("", Vec::new()));
                if entry.0.is_empty() {
                    entry.0 = e.name.as_deref().unwrap_or_default();
                }
                entry.1.push((i as u32, j as u32));
            }
        }
        let mut index = CodeIndex::default();
        for (code, (name, rows)) in seen {
            index.codes.push((code.to_string(), name.to_string()));
            index.rows.push(rows);
        }
        index
    }

    pub fn len(&self) -> usize {
        self.codes.len()
    }

    pub fn is_empty(&self) -> bool {
        self.codes.is_empty()
    }

    fn entries<'a>(
        &'a self,
        summaries: &'a [Summary],
        i: usize,
    ) -> impl Iterator<Item = (&'a Summary, &'a CodeEntry)> {
        self.rows[i].iter().map(|&(s, e)| {
            (
                &summaries[s as usize],
                &summaries[s as usize].codes[e as usize],
            )
        })
    }

    fn header(&self, code: &str) -> Option<CodeHeader> {
        let i = self
            .codes
            .binary_search_by(|(c, _)| c.as_str().cmp(code))
            .ok()?;
        Some(code_header(code, &self.codes[i].1))
    }

    fn total(&self, summaries: &[Summary], i: usize) -> FigureView {
        let amounts: Vec<Amount> = self
            .entries(summaries, i)
            .filter_map(|(_, e)| e.amount)
            .collect();
        FigureView::computed((!amounts.is_empty()).then(|| amounts.into_iter().sum()))
    }

    /// The list of all codes (the classification index page).
    pub fn lines(&self, summaries: &[Summary]) -> Vec<CodeLine> {
        self.codes
            .iter()
            .enumerate()
            .map(|(i, (code, name))| CodeLine {
                code: code.clone(),
                level: code_level(code),
                depth: (code.len() - 3) / 2,
                name: name.clone(),
                href: format!("classification/{code}/index.html"),
                count: self.rows[i].len(),
                total: self.total(summaries, i),
            })
            .collect()
    }

    /// The page of the `i`-th code, made when it is rendered (a code's rows are only held while
    /// its page is).
    pub fn page(&self, summaries: &[Summary], i: usize) -> CodePage {
        let (code, name) = &self.codes[i];
        let parent = match code.len() {
            5 | 7 => self.header(&code[..code.len() - 2]),
            _ => None,
        };
        let children = self.codes[i + 1..]
            .iter()
            .take_while(|(k, _)| k.starts_with(code.as_str()))
            .filter(|(k, _)| k.len() == code.len() + 2)
            .map(|(k, n)| code_header(k, n))
            .collect();
        let bars: Vec<(String, Amount)> = self
            .entries(summaries, i)
            .filter_map(|(s, e)| e.amount.map(|a| (s.name.clone(), a)))
            .collect();
        CodePage {
            code: code.clone(),
            level: code_level(code),
            depth: (code.len() - 3) / 2,
            name: name.clone(),
            href: format!("classification/{code}/index.html"),
            parent,
            children,
            rows: self
                .entries(summaries, i)
                .map(|(s, e)| CodeDepartment {
                    name: s.name.clone(),
                    href: format!("{}#fn-{code}", s.href),
                    amount: s.figure(e),
                    share: s.share(e),
                })
                .collect(),
            total: self.total(summaries, i),
            chart: charts::classification_chart(
                code,
                (!name.is_empty()).then_some(name.as_str()),
                &bars,
            )
            .map(|chart| ChartView::new(chart, format!("charts/classification/{code}.svg"))),
        }
    }
}

/// Names a budget as the site names it (a configured name before the one read from the
/// document), so its charts and search entries say what its pages say. The name keeps its
/// source line; a document without a name gets the configured one at line 0.
pub fn name_as_site(budget: &mut Budget, who: &Identity) {
    match &mut budget.name {
        Some(name) => name.text.clone_from(&who.name),
        None => {
            budget.name = Some(Text {
                text: who.name.clone(),
                source: Source::new(budget.file.clone(), 0),
            })
        }
    }
}

/// Everything one department's own pages show, charts included. `budget` is named as the site
/// names it ([`name_as_site`]).
pub fn department(budget: &Budget, who: &Identity) -> DepartmentView {
    let mut view = department_view(budget, who);
    view.charts = charts::department_charts(budget)
        .into_iter()
        .map(|chart| {
            let href = format!("charts/{}/{}.svg", budget.slug, chart.name);
            ChartView::new(chart, href)
        })
        .collect();
    view
}

/// What the site-wide pages keep of one department once its own pages are written: its entries
/// of the home, comparison, audit and project lists, and the few figures the classification
/// pages and the comparison charts read. Never its tables, text or charts, so a portal of ten
/// thousand departments fits in memory.
#[derive(Debug, Clone)]
pub struct Summary {
    pub slug: String,
    pub name: String,
    pub href: String,
    pub findings: usize,
    pub projects: usize,
    pub expenditure: Option<Amount>,
    /// Every node of its function tree (the classification pages and the 类 cells).
    pub codes: Vec<CodeEntry>,
    /// The budget as the comparison charts see it: name, year, totals, “三公” and the 类 amounts.
    pub chart: Budget,
    pub listing: Listing,
}

/// A department as the lists of all departments show it (home and audit pages): its view
/// without its tables, charts, text and projects.
#[derive(Debug, Clone, Serialize)]
pub struct ListedDepartment {
    pub slug: String,
    pub name: String,
    pub year: Option<u16>,
    pub level: Option<String>,
    pub region: String,
    pub href: String,
    pub total: FigureView,
    pub change: Option<ChangeView>,
    pub project_total: FigureView,
    pub missing_tables: Vec<&'static str>,
    pub findings: Vec<FindingView>,
    pub finding_counts: BTreeMap<&'static str, usize>,
    pub completeness: Completeness,
}

/// What one department adds to the lists of all departments.
#[derive(Debug, Clone)]
pub struct Listing {
    /// Its entry of the home and audit pages.
    pub department: ListedDepartment,
    /// Its row of the comparison, without the 类 cells (they need every department's 类 first;
    /// see [`class_cells`]).
    pub row: CompareRow,
    /// Its rows of the list of all projects.
    pub projects: Vec<ProjectRow>,
}

impl Listing {
    pub fn new(budget: &Budget, view: &DepartmentView) -> Listing {
        let projects = budget
            .projects
            .iter()
            .zip(&view.projects)
            .map(|(p, pv)| ProjectRow {
                department: view.name.clone(),
                department_href: view.href.clone(),
                name: p.name.clone(),
                unit: p.unit.clone(),
                category: p.category.clone(),
                amount: pv.amount.clone(),
                indicators: p.indicators.len(),
                href: format!("{}#{}", view.href, pv.id),
            })
            .collect();
        let department = ListedDepartment {
            slug: view.slug.clone(),
            name: view.name.clone(),
            year: view.year,
            level: view.level.clone(),
            region: view.region.clone(),
            href: view.href.clone(),
            total: view.total.clone(),
            change: view.change.clone(),
            project_total: view.project_total.clone(),
            missing_tables: view.missing_tables.clone(),
            findings: view.findings.clone(),
            finding_counts: view.finding_counts.clone(),
            completeness: view.completeness.clone(),
        };
        Listing {
            department,
            row: compare_row(budget, view),
            projects,
        }
    }
}

/// One function code of one department, small: a portal keeps one per code per department.
#[derive(Debug, Clone)]
pub struct CodeEntry {
    pub code: String,
    pub name: Option<String>,
    pub amount: Option<Amount>,
    /// The exact amount as [`Figure::exact`] gives it, and its source line.
    exact: Option<Box<str>>,
    line: u32,
}

impl Summary {
    /// A code's amount as the pages show it, linked to its line of the source.
    pub fn figure(&self, e: &CodeEntry) -> FigureView {
        FigureView::new(
            e.exact.as_deref().map(str::to_string),
            e.exact
                .as_ref()
                .map(|_| format!("departments/{}/source.html#L{}", self.slug, e.line)),
        )
    }

    /// A code's share of the department's expenditure.
    pub fn share(&self, e: &CodeEntry) -> Option<String> {
        format::share_text(e.amount?.value(), self.expenditure?.value())
    }
}

impl Summary {
    pub fn new(budget: &Budget, view: &DepartmentView) -> Summary {
        let chart = Budget {
            slug: budget.slug.clone(),
            file: budget.file.clone(),
            name: budget.name.clone(),
            year: budget.year,
            totals: budget.totals.clone(),
            by_function: budget
                .by_function
                .iter()
                .map(|n| FunctionNode {
                    code: n.code.clone(),
                    name: n.name.clone(),
                    amount: n.amount.clone(),
                    basic: None,
                    project: None,
                    derived: n.derived,
                    children: Vec::new(),
                })
                .collect(),
            sanggong: budget.sanggong.clone(),
            ..Budget::empty(&budget.slug, &budget.file)
        };
        Summary {
            slug: view.slug.clone(),
            name: view.name.clone(),
            href: view.href.clone(),
            findings: view.findings.len(),
            projects: budget.projects.len(),
            expenditure: budget.totals.expenditure.as_ref().map(|f| f.amount),
            codes: code_entries(budget),
            chart,
            listing: Listing::new(budget, view),
        }
    }
}

/// What the site-wide pages share, from every department's summary in site order.
#[derive(Debug, Clone)]
pub struct SiteWide {
    /// The 类 columns of the comparison.
    pub classes: Vec<CodeHeader>,
    /// The charts of [`charts::COMPARISON_KINDS`] (each needs two departments).
    pub charts: Vec<ChartView>,
    pub codes: CodeIndex,
    pub finding_total: usize,
    pub project_total: usize,
    /// Departments per page of the lists of all departments.
    pub page_size: usize,
}

/// The site's own settings as the templates see them.
pub fn site_info(config: &Config, pages: Vec<PageLink>, search_meta: Option<String>) -> SiteInfo {
    SiteInfo {
        title: config.title.clone(),
        description: config.description.clone(),
        language: config.language.clone(),
        base_url: config.base_url.clone(),
        pages,
        search_meta,
    }
}

/// Assembles the comparison and classification pages from the departments' summaries, in the
/// order given (sorted by file). Each grows with the number of departments times a bounded
/// number of codes, never with its square.
pub fn site_wide(summaries: &[Summary], page_size: usize) -> SiteWide {
    let budgets: Vec<&Budget> = summaries.iter().map(|s| &s.chart).collect();
    SiteWide {
        classes: compare_classes(summaries),
        charts: charts::comparison_charts(&budgets)
            .into_iter()
            .map(|chart| {
                let href = format!("charts/compare/{}.svg", chart.name);
                ChartView::new(chart, href)
            })
            .collect(),
        codes: CodeIndex::new(summaries),
        finding_total: summaries.iter().map(|s| s.findings).sum(),
        project_total: summaries.iter().map(|s| s.projects).sum(),
        page_size,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_not_amounts_but_figures_are() {
        let w = Unit::TenThousandYuan;
        assert_eq!(cell_amount("2010301", w, false), None);
        assert_eq!(cell_amount("30101", w, false), None);
        assert_eq!(cell_amount("03", w, true), None);
        assert_eq!(
            cell_amount("1,234.50", w, false).unwrap().to_string(),
            "1234.50"
        );
        assert_eq!(
            cell_amount("6106713.00", Unit::Yuan, false)
                .unwrap()
                .to_string(),
            "610.671300"
        );
        assert_eq!(cell_amount("2500", w, false).unwrap().to_string(), "2500");
        assert_eq!(cell_amount("行政运行", w, false), None);
        assert!(is_code_header("科目编码") && is_code_header("款") && !is_code_header("项目名称"));
    }

    #[test]
    fn a_stacked_chart_table_has_a_column_per_part_in_legend_order() {
        let datum = |label: &str, series: &str, amount: &str| charts::ChartDatum {
            label: label.into(),
            series: Some(series.into()),
            amount: amount.parse().unwrap(),
            value: amount.into(),
            share: Some(format!("{amount}%")),
        };
        let chart = Chart {
            name: "compare-function-shares".into(),
            id: "chart-x".into(),
            title: String::new(),
            desc: String::new(),
            svg: String::new(),
            // The first bar has no 213; the legend has it before 其他.
            data: vec![
                datum("甲", "201", "60"),
                datum("甲", "其他", "40"),
                datum("乙", "201", "50"),
                datum("乙", "213", "30"),
                datum("乙", "其他", "20"),
            ],
            notes: Vec::new(),
        };
        let table = chart_table(&chart);
        assert_eq!(table.corner, "部门");
        assert_eq!(table.columns, ["201", "213", "其他", "合计（万元）"]);
        let first: Vec<&str> = table.rows[0]
            .cells
            .iter()
            .map(|c| c.main.as_str())
            .collect();
        assert_eq!(first, ["60%", "", "40%", "100.00"]);
        assert_eq!(table.rows[1].cells[1].sub.as_deref(), Some("30 万元"));
    }
}
