//! site: all budgets together → the view structs the templates read. Amounts stay exact decimal
//! strings (the templates format them with the `wan` filter); shares, changes and sums are
//! computed here, never in a template. Every link is relative to the site's root; templates
//! prefix it with `root` (the path back to the root from the page being rendered).

use std::collections::BTreeMap;

use rust_decimal::{Decimal, RoundingStrategy};
use serde::Serialize;
use serde_json::Value;

use crate::charts::{self, Chart};
use crate::config::{Config, Identity};
use crate::model::{
    Amount, Budget, Change, EconomicNode, Figure, Finding, FunctionNode, Indicator, Severity,
    Source, TableKind, TableRecord, Text, Unit, parse_decimal,
};

/// The disclosure-completeness score of a budget (score, grade and checklist), serialised for
/// the pages and the open data.
pub fn completeness(budget: &Budget) -> Option<Value> {
    serde_json::to_value(crate::audit::completeness(budget)).ok()
}

/// A figure on a page: its exact amount in 万元 (`None`: not disclosed) and the source line it
/// links to.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct FigureView {
    pub amount: Option<String>,
    pub href: Option<String>,
}

impl FigureView {
    fn of(slug: &str, figure: Option<&Figure>) -> FigureView {
        FigureView {
            amount: figure.map(|f| f.exact()),
            href: figure.map(|f| source_href(slug, &f.source)),
        }
    }

    fn computed(amount: Option<Amount>) -> FigureView {
        FigureView {
            amount: amount.map(|a| a.to_string()),
            href: None,
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
    pub label: &'static str,
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
    pub text: String,
    /// Exact amount in 万元 when the cell is a figure.
    pub amount: Option<String>,
    pub href: String,
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
    pub rows: Vec<Vec<CellView>>,
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
                main: charts::format_exact(total),
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
    pub completeness: Option<Value>,
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

#[derive(Debug, Clone, Serialize)]
pub struct Compare {
    pub rows: Vec<CompareRow>,
    pub classes: Vec<CodeHeader>,
    /// The charts of [`charts::COMPARISON_KINDS`] (each needs two departments).
    pub charts: Vec<ChartView>,
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

/// Everything the pages need.
#[derive(Debug, Clone, Serialize)]
pub struct Site {
    pub info: SiteInfo,
    pub departments: Vec<DepartmentView>,
    pub compare: Compare,
    pub codes: Vec<CodePage>,
    pub projects: Vec<ProjectRow>,
    pub finding_total: usize,
}

fn percent(part: Decimal, whole: Decimal) -> Option<String> {
    if whole.is_zero() {
        return None;
    }
    let p = (part * Decimal::from(100) / whole)
        .round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero);
    Some(format!("{p:.2}%"))
}

fn share(part: Option<&Figure>, whole: Option<&Figure>) -> Option<String> {
    percent(part?.amount.value(), whole?.amount.value())
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
            percent: percent(diff.value(), prior.amount.value()),
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
            percent: c.percent.as_ref().map(|p| format!("{:.2}%", p.value)),
            unchanged: c.unchanged,
            href: Some(source_href(&budget.slug, &c.source)),
            computed: false,
        })
}

fn function_rows(
    slug: &str,
    nodes: &[FunctionNode],
    depth: usize,
    total: Option<&Figure>,
    out: &mut Vec<CodeRow>,
) {
    for n in nodes {
        out.push(CodeRow {
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
        });
        function_rows(slug, &n.children, depth + 1, total, out);
    }
}

fn economic_rows(
    slug: &str,
    nodes: &[EconomicNode],
    depth: usize,
    total: Option<&Figure>,
    out: &mut Vec<CodeRow>,
) {
    for n in nodes {
        out.push(CodeRow {
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
        });
        economic_rows(slug, &n.children, depth + 1, total, out);
    }
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
            .map(|(i, c)| CellView {
                text: c.text.clone(),
                amount: if header {
                    None
                } else {
                    cell_amount(&c.text, unit, code_columns.get(i).copied().unwrap_or(false))
                        .map(|a| a.to_string())
                },
                href: format!("departments/{slug}/source.html#L{}", c.line),
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
    let labeled = |id, label, f: Option<&Figure>, whole: Option<&Figure>| Labeled {
        id,
        label,
        figure: fig(f),
        share: share(f, whole),
    };
    let summary = vec![
        labeled("income", "收入总计", t.income.as_ref(), None),
        labeled("expenditure", "支出总计", total, None),
        labeled("basic", "基本支出", t.basic.as_ref(), total),
        labeled("project", "项目支出", t.project.as_ref(), total),
        labeled(
            "personnel",
            "人员经费",
            t.personnel.as_ref(),
            t.basic.as_ref(),
        ),
        labeled(
            "public-funds",
            "公用经费",
            t.public_funds.as_ref(),
            t.basic.as_ref(),
        ),
        labeled("carried-over", "上年结转", t.carried_over.as_ref(), None),
        labeled("prior-year", "上年预算", t.prior_year.as_ref(), None),
    ];
    let s = &budget.sanggong;
    let sg = s.total.as_ref();
    let sanggong = vec![
        labeled("sanggong-total", "“三公”经费合计", sg, None),
        labeled(
            "sanggong-outbound",
            "因公出国（境）费",
            s.outbound.as_ref(),
            sg,
        ),
        labeled("sanggong-reception", "公务接待费", s.reception.as_ref(), sg),
        labeled(
            "sanggong-vehicles",
            "公务用车购置及运行费",
            s.vehicles.as_ref(),
            sg,
        ),
        labeled(
            "sanggong-vehicle-purchase",
            "其中：公务用车购置费",
            s.vehicle_purchase.as_ref(),
            sg,
        ),
        labeled(
            "sanggong-vehicle-operation",
            "其中：公务用车运行费",
            s.vehicle_operation.as_ref(),
            sg,
        ),
    ];
    let mut functions = Vec::new();
    function_rows(slug, &budget.by_function, 0, total, &mut functions);
    let classes: Vec<CodeRow> = functions.iter().filter(|r| r.depth == 0).cloned().collect();
    let mut economic = Vec::new();
    economic_rows(
        slug,
        &budget.by_economic,
        0,
        t.basic.as_ref(),
        &mut economic,
    );
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
        completeness: completeness(budget),
        downloads: vec![
            Link {
                label: "原始文件（文本）".into(),
                href: format!("{page}source.txt"),
            },
            Link {
                label: "本部门数据（JSON）".into(),
                href: format!("data/{slug}.json"),
            },
            Link {
                label: "功能分类（CSV）".into(),
                href: format!("data/{slug}/functions.csv"),
            },
            Link {
                label: "经济分类（CSV）".into(),
                href: format!("data/{slug}/economic.csv"),
            },
            Link {
                label: "项目（CSV）".into(),
                href: format!("data/{slug}/projects.csv"),
            },
            Link {
                label: "“三公”经费（CSV）".into(),
                href: format!("data/{slug}/sanggong.csv"),
            },
        ],
        charts: Vec::new(),
    }
}

fn compare(budgets: &[(&Budget, &Identity)], views: &[DepartmentView]) -> Compare {
    let mut class_names: BTreeMap<String, String> = BTreeMap::new();
    for (b, _) in budgets {
        for n in &b.by_function {
            let name = class_names.entry(n.code.to_string()).or_default();
            if name.is_empty() {
                *name = n.name.clone().unwrap_or_default();
            }
        }
    }
    let classes: Vec<CodeHeader> = class_names
        .iter()
        .map(|(code, name)| CodeHeader {
            code: code.clone(),
            name: name.clone(),
            href: format!("classification/{code}/index.html"),
        })
        .collect();
    let rows = budgets
        .iter()
        .zip(views)
        .map(|((b, _), v)| {
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
                classes: classes
                    .iter()
                    .map(|c| {
                        let node = b.by_function.iter().find(|n| n.code.as_str() == c.code);
                        let amount = node.and_then(|n| n.amount.as_ref());
                        ShareCell {
                            amount: fig(amount),
                            share: share(amount, t.expenditure.as_ref()),
                        }
                    })
                    .collect(),
            }
        })
        .collect();
    Compare {
        rows,
        classes,
        charts: Vec::new(),
    }
}

fn code_pages(budgets: &[(&Budget, &Identity)], views: &[DepartmentView]) -> Vec<CodePage> {
    struct Seen<'a> {
        name: String,
        rows: Vec<(&'a Budget, usize, Option<&'a Figure>)>,
    }
    fn walk<'a>(
        b: &'a Budget,
        i: usize,
        nodes: &'a [FunctionNode],
        seen: &mut BTreeMap<String, Seen<'a>>,
    ) {
        for n in nodes {
            let entry = seen.entry(n.code.to_string()).or_insert_with(|| Seen {
                name: String::new(),
                rows: Vec::new(),
            });
            if entry.name.is_empty() {
                entry.name = n.name.clone().unwrap_or_default();
            }
            entry.rows.push((b, i, n.amount.as_ref()));
            walk(b, i, &n.children, seen);
        }
    }
    let mut seen = BTreeMap::new();
    for (i, (b, _)) in budgets.iter().enumerate() {
        walk(b, i, &b.by_function, &mut seen);
    }
    let header = |code: &str, seen: &BTreeMap<String, Seen>| CodeHeader {
        code: code.to_string(),
        name: seen.get(code).map(|s| s.name.clone()).unwrap_or_default(),
        href: format!("classification/{code}/index.html"),
    };
    seen.iter()
        .map(|(code, s)| {
            let parent_code = match code.len() {
                5 | 7 => Some(&code[..code.len() - 2]),
                _ => None,
            };
            let amounts: Vec<Amount> = s
                .rows
                .iter()
                .filter_map(|(_, _, f)| f.map(|f| f.amount))
                .collect();
            CodePage {
                code: code.clone(),
                level: match code.len() {
                    3 => "类",
                    5 => "款",
                    _ => "项",
                },
                depth: (code.len() - 3) / 2,
                name: s.name.clone(),
                href: format!("classification/{code}/index.html"),
                parent: parent_code
                    .filter(|p| seen.contains_key(*p))
                    .map(|p| header(p, &seen)),
                children: seen
                    .keys()
                    .filter(|k| k.len() == code.len() + 2 && k.starts_with(code.as_str()))
                    .map(|k| header(k, &seen))
                    .collect(),
                rows: s
                    .rows
                    .iter()
                    .map(|(b, i, f)| CodeDepartment {
                        name: views[*i].name.clone(),
                        href: format!("{}#fn-{code}", views[*i].href),
                        amount: FigureView::of(&b.slug, *f),
                        share: share(*f, b.totals.expenditure.as_ref()),
                    })
                    .collect(),
                total: FigureView::computed(
                    (!amounts.is_empty()).then(|| amounts.into_iter().sum()),
                ),
                chart: classification_chart(code, &s.name, &s.rows, views),
            }
        })
        .collect()
}

/// The bar chart of one function code across the departments that state an amount for it.
fn classification_chart(
    code: &str,
    name: &str,
    rows: &[(&Budget, usize, Option<&Figure>)],
    views: &[DepartmentView],
) -> Option<ChartView> {
    let bars: Vec<(String, Amount)> = rows
        .iter()
        .filter_map(|(_, i, f)| f.map(|f| (views[*i].name.clone(), f.amount)))
        .collect();
    let name = (!name.is_empty()).then_some(name);
    charts::classification_chart(code, name, &bars)
        .map(|chart| ChartView::new(chart, format!("charts/classification/{code}.svg")))
}

/// The budgets as the charts see them: named as the site names them (a configured name before
/// the one read from the document).
fn charted(named: &[(&Budget, &Identity)]) -> Vec<Budget> {
    named
        .iter()
        .map(|(b, who)| {
            let mut b = (*b).clone();
            match &mut b.name {
                Some(name) => name.text.clone_from(&who.name),
                // Only the text is drawn; the source is never shown for a chart.
                None => {
                    b.name = Some(Text {
                        text: who.name.clone(),
                        source: Source::new(b.file.clone(), 0),
                    })
                }
            }
            b
        })
        .collect()
}

/// Assembles the site from every budget that loaded, in the order given (sorted by file).
pub fn assemble(config: &Config, budgets: &[Budget], pages: Vec<PageLink>) -> Site {
    let identities: Vec<Identity> = budgets
        .iter()
        .map(|b| config.identity(&b.slug, b.name.as_ref().map(|t| t.text.as_str())))
        .collect();
    let named: Vec<(&Budget, &Identity)> = budgets.iter().zip(&identities).collect();
    let charted = charted(&named);
    let departments: Vec<DepartmentView> = named
        .iter()
        .zip(&charted)
        .map(|((b, who), c)| {
            let mut view = department_view(b, who);
            view.charts = charts::department_charts(c)
                .into_iter()
                .map(|chart| {
                    let href = format!("charts/{}/{}.svg", b.slug, chart.name);
                    ChartView::new(chart, href)
                })
                .collect();
            view
        })
        .collect();
    let projects = named
        .iter()
        .zip(&departments)
        .flat_map(|((b, _), v)| {
            b.projects
                .iter()
                .zip(&v.projects)
                .map(move |(p, pv)| ProjectRow {
                    department: v.name.clone(),
                    department_href: v.href.clone(),
                    name: p.name.clone(),
                    unit: p.unit.clone(),
                    category: p.category.clone(),
                    amount: pv.amount.clone(),
                    indicators: p.indicators.len(),
                    href: format!("{}#{}", v.href, pv.id),
                })
        })
        .collect();
    Site {
        info: SiteInfo {
            title: config.title.clone(),
            description: config.description.clone(),
            language: config.language.clone(),
            base_url: config.base_url.clone(),
            pages,
            search_meta: None,
        },
        compare: Compare {
            charts: charts::comparison_charts(&charted)
                .into_iter()
                .map(|chart| {
                    let href = format!("charts/compare/{}.svg", chart.name);
                    ChartView::new(chart, href)
                })
                .collect(),
            ..compare(&named, &departments)
        },
        codes: code_pages(&named, &departments),
        projects,
        finding_total: budgets.iter().map(|b| b.findings.len()).sum(),
        departments,
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

    #[test]
    fn shares_round_half_away_from_zero() {
        assert_eq!(
            percent(Decimal::new(1, 0), Decimal::new(8, 0)).unwrap(),
            "12.50%"
        );
        assert_eq!(
            percent(Decimal::new(59548, 2), Decimal::new(92294, 2)).unwrap(),
            "64.52%"
        );
        assert_eq!(percent(Decimal::ONE, Decimal::ZERO), None);
    }
}
