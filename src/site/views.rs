//! The view structs of a department page: what the templates read, amounts as exact strings
//! beside their formatted text and the source line they link to.

use super::*;

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
    pub(super) fn of(slug: &str, figure: Option<&Figure>) -> FigureView {
        FigureView::new(
            figure.map(|f| f.exact()),
            figure.map(|f| source_href(slug, &f.source)),
        )
    }

    pub(super) fn computed(amount: Option<Amount>) -> FigureView {
        FigureView::new(amount.map(|a| a.to_string()), None)
    }

    pub(super) fn new(amount: Option<String>, href: Option<String>) -> FigureView {
        FigureView {
            shown: amount.as_deref().map(format::amount_text),
            amount,
            href,
        }
    }
}

pub(super) fn source_href(slug: &str, source: &Source) -> String {
    urls::source_line(slug, source.line)
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
    pub(super) fn of(slug: &str, t: &Text) -> TextView {
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
    /// The body's rows, each cell a [`CellView`] (templates/table.html writes them).
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
