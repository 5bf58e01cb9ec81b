//! What each department adds to the lists of all departments (home, comparison, audit,
//! projects), and the summary the site-wide pages keep of it.

use super::*;

/// One department's row of the comparison.
#[derive(Debug, Clone, Serialize, Deserialize)]
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

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ShareCell {
    pub amount: FigureView,
    pub share: Option<String>,
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

/// One project in the list of all projects.
#[derive(Debug, Clone, Serialize, Deserialize)]
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

/// One department's row of the comparison, without its 类 cells (they need every department's
/// 类 first; see [`site_wide`]).
pub(super) fn compare_row(b: &Budget, v: &DepartmentView) -> CompareRow {
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
pub(super) fn code_entries(b: &Budget) -> Vec<CodeEntry> {
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

/// The 类 columns of the comparison: every 类 any department states, with the first name given,
/// each linking its page among those of `year`.
pub(super) fn compare_classes(summaries: &[&Summary], year: Option<u16>) -> Vec<CodeHeader> {
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
        .map(|(code, name)| code_header(code, name, year))
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

/// What the site-wide pages keep of one department once its own pages are written: its entries
/// of the home, comparison, audit and project lists, and the few figures the classification
/// pages and the comparison charts read. Never its tables, text or charts, so a portal of ten
/// thousand departments fits in memory.
#[derive(Debug, Clone, Serialize, Deserialize)]
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
    /// The department's id across years (see [`crate::years`]).
    pub department: String,
    /// The 上年 figures of its narrative, for the check against the previous year's disclosure.
    pub prior: Vec<audit::cross_year::PriorStatement>,
}

/// A department as the lists of all departments show it (home and audit pages): its view
/// without its tables, charts, text and projects.
#[derive(Debug, Clone, Serialize, Deserialize)]
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
    #[serde(deserialize_with = "crate::interned::strs")]
    pub missing_tables: Vec<&'static str>,
    pub findings: Vec<FindingView>,
    #[serde(deserialize_with = "crate::interned::keys")]
    pub finding_counts: BTreeMap<&'static str, usize>,
    pub completeness: Completeness,
    /// Its timeline (every year) and its years other than this one (see [`latest_years`]).
    pub timeline: String,
    pub other_years: Vec<YearLink>,
}

/// What one department adds to the lists of all departments.
#[derive(Debug, Clone, Serialize, Deserialize)]
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
                href: urls::anchor(&view.href, &pv.id),
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
            timeline: view.timeline_href.clone(),
            other_years: Vec::new(),
        };
        Listing {
            department,
            row: compare_row(budget, view),
            projects,
        }
    }
}

/// One function code of one department, small: a portal keeps one per code per department.
#[derive(Debug, Clone, Serialize, Deserialize)]
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
                .map(|_| urls::source_line(&self.slug, e.line)),
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
                    name_from_reference: false,
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
            department: String::new(),
            prior: Vec::new(),
        }
    }
}
