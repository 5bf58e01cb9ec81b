//! Charts of one department's budget, of all departments side by side, and of one classification
//! across departments, as standalone SVG documents that can also be inlined in a page.
//!
//! Bars, grid lines and legend swatches are drawn with plotters' SVG backend. Every piece of text is
//! placed here instead: plotters measures text by its UTF-8 byte length (a CJK label comes out ~1.7×
//! too wide) and would otherwise need the build machine's fonts. Our own estimate (CJK ≈ 1 em, ASCII
//! ≈ 0.6 em, slightly generous) sizes label areas, wraps or shortens long labels and keeps tick and
//! value labels apart, so the layout is the same on every machine and the browser only picks a font
//! from the stack in [`FONT_FAMILY`].
//!
//! Printed values come from the exact decimals; `f64` is used for geometry only. A figure the
//! document does not disclose is left out of the drawing and named in the chart's description.
//!
//! Which charts: `department` and `comparison` (and [`classification_chart`] here) choose the
//! figures; `bars` turns them into plots with their descriptions and data; `svg` draws them.

use std::fmt::Write as _;

use plotters::prelude::{DrawingBackend, RGBColor, SVGBackend};
use rust_decimal::Decimal;
use serde::Serialize;

use crate::format;
use crate::model::{Amount, Budget, EconomicNode, Figure, FunctionNode, SanggongItem};
use crate::parse::codes;
use crate::strings::Lang;

mod bars;
mod comparison;
mod department;
mod png;
mod svg;
mod trend;

use bars::*;
use comparison::*;
use department::*;
pub use png::{Fonts, PNG_SCALE, PngError, svg_to_png};
use svg::*;
pub use svg::{WIDTH, text_width};
pub use trend::trend_chart;

/// The chart kinds of one document, in the order a department page shows them.
pub const KINDS: &[&str] = &[
    "by-function",
    "basic-project",
    "personnel-public",
    "basic-economic",
    "sanggong",
    "projects",
];

/// The charts of the comparison page, in order.
pub const COMPARISON_KINDS: &[&str] = &[
    "compare-total",
    "compare-function-shares",
    "compare-sanggong",
    "compare-basic-project",
];

/// The name of the chart a classification page shows.
pub const CLASSIFICATION_KIND: &str = "by-department";

/// Common Chinese system fonts first (macOS, Windows and the fonts Word and WPS bring, Linux and
/// Android), then the generic family, so a program that knows none of them still picks a font of
/// its own that has the characters instead of drawing boxes.
pub const FONT_FAMILY: &str = "'PingFang SC', 'Hiragino Sans GB', 'Microsoft YaHei', SimHei, \
     SimSun, 'Noto Sans CJK SC', 'Noto Sans SC', 'Source Han Sans SC', 'WenQuanYi Micro Hei', \
     'WenQuanYi Zen Hei', 'Droid Sans Fallback', sans-serif";

/// How many projects the project chart shows.
pub const TOP_PROJECTS: usize = 10;

/// One chart: its SVG and the same figures as data, for a table that screen readers can use.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Chart {
    /// File stem: the chart is written as `charts/<slug>/<name>.svg`.
    pub name: String,
    /// Unique within a page: prefixes the ids inside the SVG.
    pub id: String,
    pub title: String,
    /// What the chart shows in words, including what was left out and why.
    pub desc: String,
    /// A standalone SVG document (no XML declaration, so it can be inlined in HTML as it is),
    /// [`WIDTH`] wide with the labels above the bars. Pages show it from its file, so a page's
    /// view leaves it out.
    #[serde(skip_serializing)]
    pub svg: String,
    pub data: Vec<ChartDatum>,
    /// Figures not drawn (not disclosed, negative), one sentence each; also part of `desc`.
    pub notes: Vec<String>,
}

/// One figure of a chart.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChartDatum {
    /// The full label (the drawing may shorten it).
    pub label: String,
    /// Which part of a stacked bar, when the chart stacks.
    pub series: Option<String>,
    pub amount: Amount,
    /// The amount in 万元 with thousands separators and every digit the document printed
    /// (at least two decimals).
    pub value: String,
    /// Share of the bar or chart total, `52.42%`, where the chart shows shares.
    pub share: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ChartError {
    #[error("unknown chart kind {0:?} (kinds: {kinds})", kinds = KINDS.join(", "))]
    UnknownKind(String),
    #[error("{slug}: nothing to draw for chart {kind}: {reason}")]
    NoData {
        slug: String,
        kind: &'static str,
        reason: String,
    },
}

/// Every chart of one department that has something to draw, in [`KINDS`] order, in Chinese.
pub fn department_charts(budget: &Budget) -> Vec<Chart> {
    department_charts_in(budget, Lang::ZhCn)
}

/// [`department_charts`] in a language.
pub fn department_charts_in(budget: &Budget, lang: Lang) -> Vec<Chart> {
    KINDS
        .iter()
        .filter_map(|kind| chart_by_kind_in(budget, kind, lang).ok())
        .collect()
}

/// One chart of one department, by its kind (one of [`KINDS`]), in Chinese.
pub fn chart_by_kind(budget: &Budget, kind: &str) -> Result<Chart, ChartError> {
    chart_by_kind_in(budget, kind, Lang::ZhCn)
}

/// [`chart_by_kind`] in a language.
pub fn chart_by_kind_in(budget: &Budget, kind: &str, lang: Lang) -> Result<Chart, ChartError> {
    match kind {
        "by-function" => by_function(budget, lang),
        "basic-project" => basic_project(budget, lang),
        "personnel-public" => personnel_public(budget, lang),
        "basic-economic" => basic_economic(budget, lang),
        "sanggong" => sanggong(budget, lang),
        "projects" => projects(budget, lang),
        other => Err(ChartError::UnknownKind(other.to_string())),
    }
}

/// The most bars a chart across departments draws: beyond it a chart is a wall of bars no one
/// reads, and its size would grow with the portal. The tables beside the charts list every
/// department.
pub const MAX_BARS: usize = 30;

/// At most this many names are listed in a chart's note; the rest are counted.
const MAX_NAMED: usize = 10;

/// The charts of the comparison page (departments side by side); those with fewer than two
/// departments to compare are left out. With more than [`MAX_BARS`] departments each chart draws
/// the largest and says so.
pub fn comparison_charts<B: std::borrow::Borrow<Budget>>(budgets: &[B]) -> Vec<Chart> {
    comparison_charts_in(budgets, Lang::ZhCn)
}

/// [`comparison_charts`] in a language.
pub fn comparison_charts_in<B: std::borrow::Borrow<Budget>>(
    budgets: &[B],
    lang: Lang,
) -> Vec<Chart> {
    let all: Vec<&Budget> = budgets.iter().map(|b| b.borrow()).collect();
    let (largest, note) = largest_departments(&all, lang);
    [
        compare_total(&all, lang),
        compare_function_shares(&largest, note.clone(), lang),
        compare_sanggong(&all, lang),
        compare_basic_project(&largest, note, lang),
    ]
    .into_iter()
    .flatten()
    .collect()
}

/// The departments a chart of shares draws: all of them, or the [`MAX_BARS`] with the largest
/// expenditure (largest first) and a note saying so.
fn largest_departments<'a>(all: &[&'a Budget], lang: Lang) -> (Vec<&'a Budget>, Vec<String>) {
    if all.len() <= MAX_BARS {
        return (all.to_vec(), Vec::new());
    }
    let mut sorted = all.to_vec();
    sorted.sort_by(|a, b| {
        let (a, b) = (
            amount_of(&a.totals.expenditure),
            amount_of(&b.totals.expenditure),
        );
        b.cmp(&a)
    });
    sorted.truncate(MAX_BARS);
    let note = lang.fill(
        "chart_largest_note",
        &[
            ("n", &all.len().to_string()),
            ("max", &MAX_BARS.to_string()),
        ],
    );
    (sorted, vec![note])
}

/// Draws only the [`MAX_BARS`] largest of `rows` (sorted largest first), with a note when some
/// are left out.
fn keep_largest(rows: &mut Vec<(String, Amount)>, notes: &mut Vec<String>, lang: Lang) {
    if rows.len() > MAX_BARS {
        sort_descending(rows);
        notes.push(lang.fill(
            "chart_keep_largest_note",
            &[
                ("n", &rows.len().to_string()),
                ("max", &MAX_BARS.to_string()),
            ],
        ));
        rows.truncate(MAX_BARS);
    }
}

/// Names for a note: all of them, or the first [`MAX_NAMED`] and how many more.
fn named_few(mut names: Vec<String>, lang: Lang) -> Vec<String> {
    if names.len() > MAX_NAMED {
        let more = names.len() - MAX_NAMED;
        names.truncate(MAX_NAMED);
        if let Some(last) = names.last_mut() {
            last.push_str(&lang.fill("chart_named_more", &[("n", &more.to_string())]));
        }
    }
    names
}

/// A bar per department for one classification code (`201`, `20103` …); `None` unless at least two
/// departments have an amount. `name` is the code's name (the standard 类 name is used when absent).
pub fn classification_chart(
    code: &str,
    name: Option<&str>,
    rows: &[(String, Amount)],
) -> Option<Chart> {
    classification_chart_in(code, name, rows, Lang::ZhCn)
}

/// [`classification_chart`] in a language.
pub fn classification_chart_in(
    code: &str,
    name: Option<&str>,
    rows: &[(String, Amount)],
    lang: Lang,
) -> Option<Chart> {
    if rows.len() < 2 {
        return None;
    }
    let standard = codes::function_name(code);
    let name = name.or(standard.as_deref()).unwrap_or("");
    let words = [("code", code), ("name", name)];
    let title = lang
        .fill("chart_classification_title", &words)
        .replace("  ", " ");
    let mut bars: Vec<(String, Amount)> = rows.to_vec();
    let mut extra_notes = Vec::new();
    keep_largest(&mut bars, &mut extra_notes, lang);
    let chart = amount_bars(BarsSpec {
        id: format!("chart-fn-{code}-{CLASSIFICATION_KIND}"),
        name: CLASSIFICATION_KIND,
        title,
        what: lang.fill("chart_classification_what", &words),
        lang,
        rows: bars,
        missing: Vec::new(),
        sort: true,
        shares: false,
        colour_of: None,
        legend: Vec::new(),
        extra_notes,
    });
    Some(chart)
}
