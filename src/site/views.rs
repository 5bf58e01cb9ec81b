//! The view structs of a department page: what the templates read, amounts as exact strings
//! beside their formatted text and the source line they link to.

use super::*;

/// A figure on a page: its exact amount in 万元 (`None`: not disclosed) and the source line it
/// links to.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FigureView {
    pub amount: Option<String>,
    /// The amount as shown: grouped, two decimals (see [`crate::format::amount`]).
    pub shown: Option<String>,
    pub href: Option<String>,
    /// 更正 or 推算, when the amount is not the printed one.
    pub mark: Option<MarkView>,
    /// The exact amount, where `shown` rounds it (a tooltip: `25796.589222`).
    pub exact: Option<String>,
}

/// The mark beside a figure that is not used as printed: its label, what it means in a line, and
/// the place on the department page that gives the evidence or formula with the lines.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MarkView {
    #[serde(deserialize_with = "crate::interned::str")]
    pub label: crate::interned::StaticStr,
    pub title: String,
    pub href: String,
}

/// A corrected or derived figure as the department page explains it.
#[derive(Debug, Clone, Serialize)]
pub struct BasisView {
    pub id: String,
    pub label: &'static str,
    pub what: String,
    pub figure: FigureView,
    /// The printed text for a correction (`2.19 元`).
    pub printed: Option<String>,
    pub reason: Option<String>,
    /// The evidence (更正) or the formula (推算).
    pub text: String,
    pub sources: Vec<Link>,
}

/// The anchor of a figure's explanation on its department page.
pub(super) fn basis_id(figure: &Figure) -> String {
    let printed: String = figure
        .printed
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    format!("basis-l{}-{printed}", figure.source.line)
}

impl MarkView {
    fn of(slug: &str, figure: &Figure) -> Option<MarkView> {
        let mark = figure.mark()?;
        let title = match (&figure.correction, &figure.derivation) {
            (Some(c), _) => format!("{}；{}", c.reason_zh, c.evidence_zh),
            (None, Some(d)) => format!("由表中各行推算：{}", d.formula_zh),
            (None, None) => String::new(),
        };
        Some(MarkView {
            label: mark.label_zh(),
            title,
            href: urls::anchor(&urls::department(slug), &basis_id(figure)),
        })
    }
}

impl BasisView {
    pub(super) fn of(slug: &str, what: &str, figure: &Figure) -> Option<BasisView> {
        let mark = figure.mark()?;
        let link = |s: &Source| Link {
            label: format!("第 {} 行", s.line),
            href: source_href(slug, s),
        };
        let (printed, reason, text, sources) = match (&figure.correction, &figure.derivation) {
            (Some(c), _) => (
                Some(format!("{} {}", figure.printed, figure.unit.label())),
                Some(c.reason_zh.clone()),
                c.evidence_zh.clone(),
                c.sources.iter().map(link).collect(),
            ),
            (None, Some(d)) => (
                None,
                None,
                d.formula_zh.clone(),
                d.sources.iter().map(link).collect(),
            ),
            (None, None) => return None,
        };
        Some(BasisView {
            id: basis_id(figure),
            label: mark.label_zh(),
            what: what.to_string(),
            figure: FigureView::of(slug, Some(figure)),
            printed,
            reason,
            text,
            sources,
        })
    }
}

impl FigureView {
    pub(super) fn of(slug: &str, figure: Option<&Figure>) -> FigureView {
        let mut view = FigureView::new(
            figure.map(|f| f.exact()),
            figure.map(|f| source_href(slug, &f.source)),
        );
        view.mark = figure.and_then(|f| MarkView::of(slug, f));
        view
    }

    pub(super) fn computed(amount: Option<Amount>) -> FigureView {
        FigureView::new(amount.map(|a| a.to_string()), None)
    }

    pub(super) fn new(amount: Option<String>, href: Option<String>) -> FigureView {
        FigureView {
            shown: amount.as_deref().map(format::amount_text),
            exact: amount.clone().filter(|a| format::rounds(a)),
            amount,
            href,
            mark: None,
        }
    }
}

/// The one line that all of a row's disclosed figures come from, taken off the figures: the row
/// links it once (its name) instead of once per figure. `None`, and the figures keep their own
/// links, when they come from different lines or one of them has none.
pub(super) fn shared_line(figures: &mut [&mut FigureView]) -> Option<String> {
    let mut hrefs = figures
        .iter()
        .filter(|f| f.amount.is_some())
        .map(|f| f.href.as_deref());
    let first = hrefs.next()??;
    if !hrefs.all(|h| h == Some(first)) {
        return None;
    }
    let line = first.to_string();
    for f in figures.iter_mut() {
        f.href = None;
    }
    Some(line)
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

#[derive(Debug, Clone, Serialize, Deserialize)]
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
    /// True when the document prints only the code and the name comes from the reference
    /// lists.
    pub name_from_reference: bool,
    pub amount: FigureView,
    pub basic: FigureView,
    pub project: FigureView,
    /// Share of the department's total expenditure.
    pub share: Option<String>,
    pub derived: bool,
    /// The code's page across departments (function codes only).
    pub classification_href: Option<String>,
    /// The source line all the row's figures come from (see [`shared_line`]).
    pub href: Option<String>,
}

impl CodeRow {
    /// The row with its figures' one line linked once, from its name.
    pub(super) fn linked_once(mut self) -> CodeRow {
        self.href = shared_line(&mut [&mut self.amount, &mut self.basic, &mut self.project]);
        self
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct CellView {
    /// The cell as printed.
    pub text: String,
    /// The figure it holds (in 万元, linked to its line unless its row links the line), when it
    /// is one.
    pub figure: Option<FigureView>,
    /// On a row's first label: the line all the row's figures come from.
    pub href: Option<String>,
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

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct FindingView {
    pub number: usize,
    pub id: String,
    #[serde(deserialize_with = "crate::interned::str")]
    pub severity: crate::interned::StaticStr,
    /// The severity in the site's language.
    #[serde(deserialize_with = "crate::interned::str")]
    pub severity_label: crate::interned::StaticStr,
    /// The message in the site's language.
    pub message: String,
    pub sources: Vec<Link>,
    /// The findings a counting line stands for (differences within rounding).
    pub details: Vec<FindingView>,
    /// The page that shows it, when not the department's year page (a cross-year finding is
    /// on its timeline).
    pub page: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
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
    /// The department it reports to.
    pub parent: Option<String>,
    /// Where the disclosure was published (the departments table or `site.toml`), and when.
    pub official_url: Option<String>,
    pub published: Option<String>,
    pub file: String,
    pub href: String,
    pub source_href: String,
    /// The department's timeline: every year it disclosed.
    pub timeline_href: String,
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
    /// Figures not used as printed (更正) or not printed at all (推算), with their evidence.
    pub basis: Vec<BasisView>,
    pub finding_counts: BTreeMap<&'static str, usize>,
    pub completeness: Completeness,
    pub downloads: Vec<Link>,
    /// The charts of [`charts::KINDS`] that have something to draw.
    pub charts: Vec<ChartView>,
}
