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

use std::fmt::Write as _;

use plotters::prelude::{DrawingBackend, RGBColor, SVGBackend};
use rust_decimal::Decimal;
use serde::Serialize;

use crate::format;
use crate::model::{Amount, Budget, EconomicNode, Figure, FunctionNode, Sanggong, SanggongItem};
use crate::parse::codes;

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

/// Common Chinese system fonts first (macOS, Windows, Linux/Android), then a generic fallback.
pub const FONT_FAMILY: &str = "'PingFang SC', 'Hiragino Sans GB', 'Microsoft YaHei', \
     'Noto Sans CJK SC', 'Source Han Sans SC', 'WenQuanYi Micro Hei', sans-serif";

/// How many projects the project chart shows.
pub const TOP_PROJECTS: usize = 10;

/// The unit every amount of a chart is in.
const UNIT: &str = "万元";

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
    /// A standalone SVG document (no XML declaration, so it can be inlined in HTML as it is).
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

/// Every chart of one department that has something to draw, in [`KINDS`] order.
pub fn department_charts(budget: &Budget) -> Vec<Chart> {
    KINDS
        .iter()
        .filter_map(|kind| chart_by_kind(budget, kind).ok())
        .collect()
}

/// One chart of one department, by its kind (one of [`KINDS`]).
pub fn chart_by_kind(budget: &Budget, kind: &str) -> Result<Chart, ChartError> {
    match kind {
        "by-function" => by_function(budget),
        "basic-project" => basic_project(budget),
        "personnel-public" => personnel_public(budget),
        "basic-economic" => basic_economic(budget),
        "sanggong" => sanggong(budget),
        "projects" => projects(budget),
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
    let all: Vec<&Budget> = budgets.iter().map(|b| b.borrow()).collect();
    let (largest, note) = largest_departments(&all);
    [
        compare_total(&all),
        compare_function_shares(&largest, note.clone()),
        compare_sanggong(&all),
        compare_basic_project(&largest, note),
    ]
    .into_iter()
    .flatten()
    .collect()
}

/// The departments a chart of shares draws: all of them, or the [`MAX_BARS`] with the largest
/// expenditure (largest first) and a note saying so.
fn largest_departments<'a>(all: &[&'a Budget]) -> (Vec<&'a Budget>, Vec<String>) {
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
    let note = format!(
        "共 {} 个部门，图中只画出支出总额最大的 {MAX_BARS} 个；全部部门见表格。",
        all.len()
    );
    (sorted, vec![note])
}

/// Draws only the [`MAX_BARS`] largest of `rows` (sorted largest first), with a note when some
/// are left out.
fn keep_largest(rows: &mut Vec<(String, Amount)>, notes: &mut Vec<String>) {
    if rows.len() > MAX_BARS {
        sort_descending(rows);
        notes.push(format!(
            "共 {} 个部门有金额，图中只画出最大的 {MAX_BARS} 个；全部部门见表格。",
            rows.len()
        ));
        rows.truncate(MAX_BARS);
    }
}

/// Names for a note: all of them, or the first [`MAX_NAMED`] and how many more.
fn named_few(mut names: Vec<String>) -> Vec<String> {
    if names.len() > MAX_NAMED {
        let more = names.len() - MAX_NAMED;
        names.truncate(MAX_NAMED);
        if let Some(last) = names.last_mut() {
            last.push_str(&format!(" 等（另有 {more} 个）"));
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
    if rows.len() < 2 {
        return None;
    }
    let standard = codes::function_name(code);
    let name = name.or(standard.as_deref()).unwrap_or("");
    let title = format!("{code} {name}：各部门支出").replace("  ", " ");
    let mut bars: Vec<(String, Amount)> = rows.to_vec();
    let mut extra_notes = Vec::new();
    keep_largest(&mut bars, &mut extra_notes);
    let chart = amount_bars(BarsSpec {
        id: format!("chart-fn-{code}-{CLASSIFICATION_KIND}"),
        name: CLASSIFICATION_KIND,
        title,
        what: format!("各部门在 {code} {name} 下的支出"),
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

// ---------------------------------------------------------------------------------------------
// Department charts

fn heading(budget: &Budget) -> String {
    match budget.year {
        Some(year) => format!("{}{}年", budget.display_name(), year),
        None => budget.display_name().to_string(),
    }
}

fn chart_id(budget: &Budget, name: &str) -> String {
    format!("chart-{}-{}", budget.slug, name)
}

fn amount_of(figure: &Option<Figure>) -> Option<Amount> {
    figure.as_ref().map(|f| f.amount)
}

fn no_data(budget: &Budget, kind: &'static str, reason: &str) -> ChartError {
    ChartError::NoData {
        slug: budget.slug.clone(),
        kind,
        reason: reason.to_string(),
    }
}

/// A bar's label: the code and its name, the standard name when the document gives none.
fn code_label(code: &str, name: Option<&str>, standard: fn(&str) -> Option<String>) -> String {
    match name.map(str::to_string).or_else(|| standard(code)) {
        Some(name) => format!("{code} {name}"),
        None => code.to_string(),
    }
}

fn function_label(node: &FunctionNode) -> String {
    code_label(
        node.code.as_str(),
        node.name.as_deref(),
        codes::function_name,
    )
}

fn economic_label(node: &EconomicNode) -> String {
    code_label(
        node.code.as_str(),
        node.name.as_deref(),
        codes::economic_name,
    )
}

fn by_function(budget: &Budget) -> Result<Chart, ChartError> {
    const KIND: &str = "by-function";
    if budget.by_function.is_empty() {
        return Err(no_data(budget, KIND, "no expenditure by function"));
    }
    let mut rows = Vec::new();
    let mut missing = Vec::new();
    for node in &budget.by_function {
        match amount_of(&node.amount) {
            Some(amount) => rows.push((function_label(node), amount)),
            None => missing.push(function_label(node)),
        }
    }
    Ok(amount_bars(BarsSpec {
        id: chart_id(budget, KIND),
        name: KIND,
        title: format!("{}支出（按功能分类 类级）", heading(budget)),
        what: format!("{}各功能分类（类）的支出", heading(budget)),
        rows,
        missing,
        sort: true,
        shares: true,
        colour_of: None,
        legend: Vec::new(),
        extra_notes: Vec::new(),
    }))
}

fn two_part(
    budget: &Budget,
    kind: &'static str,
    title: String,
    parts: [(&str, &Option<Figure>); 2],
) -> Result<Chart, ChartError> {
    let mut rows = Vec::new();
    let mut missing = Vec::new();
    for (label, figure) in parts {
        match amount_of(figure) {
            Some(amount) => rows.push((label.to_string(), amount)),
            None => missing.push(label.to_string()),
        }
    }
    if rows.is_empty() {
        return Err(no_data(budget, kind, "neither figure is disclosed"));
    }
    let labels: Vec<String> = parts.iter().map(|(label, _)| label.to_string()).collect();
    Ok(amount_bars(BarsSpec {
        id: chart_id(budget, kind),
        name: kind,
        what: title.clone(),
        title,
        rows,
        missing,
        sort: false,
        shares: true,
        colour_of: Some(Box::new(move |label: &str| {
            let index = labels.iter().position(|l| l == label).unwrap_or(0);
            SERIES[index % SERIES.len()]
        })),
        legend: Vec::new(),
        extra_notes: Vec::new(),
    }))
}

fn basic_project(budget: &Budget) -> Result<Chart, ChartError> {
    two_part(
        budget,
        "basic-project",
        format!("{}基本支出与项目支出", heading(budget)),
        [
            ("基本支出", &budget.totals.basic),
            ("项目支出", &budget.totals.project),
        ],
    )
}

fn personnel_public(budget: &Budget) -> Result<Chart, ChartError> {
    two_part(
        budget,
        "personnel-public",
        format!("{}基本支出：人员经费与公用经费", heading(budget)),
        [
            ("人员经费", &budget.totals.personnel),
            ("公用经费", &budget.totals.public_funds),
        ],
    )
}

fn basic_economic(budget: &Budget) -> Result<Chart, ChartError> {
    const KIND: &str = "basic-economic";
    if budget.by_economic.is_empty() {
        return Err(no_data(
            budget,
            KIND,
            "no basic expenditure by economic class",
        ));
    }
    let mut rows = Vec::new();
    let mut missing = Vec::new();
    let mut class_of = Vec::new();
    let mut legend = Vec::new();
    for (index, class) in budget.by_economic.iter().enumerate() {
        let colour = SERIES[index % SERIES.len()];
        legend.push((economic_label(class), colour));
        let sections: Vec<&EconomicNode> = if class.children.is_empty() {
            vec![class]
        } else {
            class.children.iter().collect()
        };
        for node in sections {
            let label = economic_label(node);
            match amount_of(&node.amount) {
                Some(amount) => {
                    class_of.push((label.clone(), colour));
                    rows.push((label, amount));
                }
                None => missing.push(label),
            }
        }
    }
    Ok(amount_bars(BarsSpec {
        id: chart_id(budget, KIND),
        name: KIND,
        title: format!("{}基本支出（按经济分类 款级）", heading(budget)),
        what: format!(
            "{}基本支出各经济分类（款）的金额，颜色表示所属的类",
            heading(budget)
        ),
        rows,
        missing,
        sort: true,
        shares: false,
        colour_of: Some(Box::new(move |label: &str| {
            class_of
                .iter()
                .find(|(l, _)| l == label)
                .map_or(SERIES[0], |(_, c)| *c)
        })),
        legend: if budget.by_economic.len() > 1 {
            legend
        } else {
            Vec::new()
        },
        extra_notes: Vec::new(),
    }))
}

fn sanggong(budget: &Budget) -> Result<Chart, ChartError> {
    const KIND: &str = "sanggong";
    let s = &budget.sanggong;
    // The vehicle costs as a whole only when the document does not split them.
    let whole_vehicles =
        s.vehicle_purchase.is_none() && s.vehicle_operation.is_none() && s.vehicles.is_some();
    let items = SanggongItem::ALL.into_iter().filter(|item| match item {
        SanggongItem::Total => false,
        SanggongItem::Vehicles => whole_vehicles,
        SanggongItem::VehiclePurchase | SanggongItem::VehicleOperation => !whole_vehicles,
        SanggongItem::Outbound | SanggongItem::Reception => true,
    });
    let mut rows = Vec::new();
    let mut missing = Vec::new();
    for item in items {
        let label = item.label_zh().to_string();
        match s.get(item) {
            Some(figure) => rows.push((label, figure.amount)),
            None => missing.push(label),
        }
    }
    if rows.is_empty() {
        return Err(no_data(budget, KIND, "no “三公” item is disclosed"));
    }
    let extra_notes = match amount_of(&s.total) {
        Some(total) => vec![format!(
            "{} {} {UNIT}。",
            SanggongItem::Total.label_zh(),
            format::amount(total.value())
        )],
        None => Vec::new(),
    };
    Ok(amount_bars(BarsSpec {
        id: chart_id(budget, KIND),
        name: KIND,
        title: format!("{}{}", heading(budget), Sanggong::NAME_ZH),
        what: format!("{}{}各项金额", heading(budget), Sanggong::NAME_ZH),
        rows,
        missing,
        sort: false,
        shares: false,
        colour_of: None,
        legend: Vec::new(),
        extra_notes,
    }))
}

fn projects(budget: &Budget) -> Result<Chart, ChartError> {
    const KIND: &str = "projects";
    let mut rows: Vec<(String, Amount)> = budget
        .projects
        .iter()
        .filter_map(|p| amount_of(&p.amount).map(|a| (p.name.clone(), a)))
        .collect();
    if rows.is_empty() {
        return Err(no_data(budget, KIND, "no project with a disclosed amount"));
    }
    sort_descending(&mut rows);
    let mut extra_notes = Vec::new();
    if rows.len() > TOP_PROJECTS {
        extra_notes.push(format!(
            "共 {} 个项目列出金额，图中为金额最大的 {TOP_PROJECTS} 个。",
            rows.len()
        ));
        rows.truncate(TOP_PROJECTS);
    }
    let missing = budget
        .projects
        .iter()
        .filter(|p| p.amount.is_none())
        .map(|p| p.name.clone())
        .collect::<Vec<_>>();
    Ok(amount_bars(BarsSpec {
        id: chart_id(budget, KIND),
        name: KIND,
        title: format!("{}金额最大的项目", heading(budget)),
        what: format!("{}项目支出中金额最大的项目", heading(budget)),
        rows,
        missing,
        sort: true,
        shares: false,
        colour_of: None,
        legend: Vec::new(),
        extra_notes,
    }))
}

// ---------------------------------------------------------------------------------------------
// Comparison charts

fn common_year(budgets: &[&Budget]) -> String {
    match budgets.first().and_then(|b| b.year) {
        Some(year) if budgets.iter().all(|b| b.year == Some(year)) => format!("{year}年"),
        _ => String::new(),
    }
}

fn compare_amounts(
    budgets: &[&Budget],
    kind: &'static str,
    title: String,
    figure: impl Fn(&Budget) -> Option<Amount>,
) -> Option<Chart> {
    let mut rows = Vec::new();
    let mut missing = Vec::new();
    for budget in budgets {
        match figure(budget) {
            Some(amount) => rows.push((budget.display_name().to_string(), amount)),
            None => missing.push(budget.display_name().to_string()),
        }
    }
    if rows.len() < 2 {
        return None;
    }
    let mut extra_notes = Vec::new();
    keep_largest(&mut rows, &mut extra_notes);
    Some(amount_bars(BarsSpec {
        id: format!("chart-{kind}"),
        name: kind,
        what: title.clone(),
        title,
        rows,
        missing: named_few(missing),
        sort: true,
        shares: false,
        colour_of: None,
        legend: Vec::new(),
        extra_notes,
    }))
}

fn compare_total(budgets: &[&Budget]) -> Option<Chart> {
    compare_amounts(
        budgets,
        "compare-total",
        format!("各部门{}支出总额", common_year(budgets)),
        |b| amount_of(&b.totals.expenditure),
    )
}

fn compare_sanggong(budgets: &[&Budget]) -> Option<Chart> {
    compare_amounts(
        budgets,
        "compare-sanggong",
        format!("各部门{}{}", common_year(budgets), Sanggong::NAME_ZH),
        |b| amount_of(&b.sanggong.total),
    )
}

/// One part of a 100 % bar before colours are assigned.
struct Part {
    key: String,
    amount: Amount,
}

fn compare_function_shares(budgets: &[&Budget], mut extra_notes: Vec<String>) -> Option<Chart> {
    const KIND: &str = "compare-function-shares";
    let mut departments = Vec::new();
    let mut missing = Vec::new();
    for budget in budgets {
        let undisclosed: Vec<String> = budget
            .by_function
            .iter()
            .filter(|n| n.amount.is_none())
            .map(function_label)
            .collect();
        if !undisclosed.is_empty() {
            extra_notes.push(format!(
                "{}的{}未公开金额，未计入。",
                budget.display_name(),
                undisclosed.join("、")
            ));
        }
        let parts: Vec<Part> = budget
            .by_function
            .iter()
            .filter_map(|n| {
                amount_of(&n.amount).map(|amount| Part {
                    key: function_label(n),
                    amount,
                })
            })
            .collect();
        if parts.is_empty() {
            missing.push(budget.display_name().to_string());
        } else {
            departments.push((budget.display_name().to_string(), parts));
        }
    }
    if departments.len() < 2 {
        return None;
    }
    // Series ordered by their total over all departments; the smallest beyond the palette share
    // one grey "其他" series.
    let mut keys: Vec<(String, Decimal)> = Vec::new();
    for (_, parts) in &departments {
        for part in parts {
            match keys.iter_mut().find(|(k, _)| *k == part.key) {
                Some((_, sum)) => *sum += part.amount.value(),
                None => keys.push((part.key.clone(), part.amount.value())),
            }
        }
    }
    keys.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    let named = if keys.len() > SERIES.len() {
        SERIES.len() - 1
    } else {
        keys.len()
    };
    let mut series: Vec<(String, Rgb)> = keys[..named]
        .iter()
        .enumerate()
        .map(|(i, (k, _))| (k.clone(), SERIES[i]))
        .collect();
    if keys.len() > named {
        series.push((OTHER_LABEL.to_string(), OTHER));
        let merged: Vec<&str> = keys[named..].iter().map(|(k, _)| k.as_str()).collect();
        extra_notes.push(format!("{OTHER_LABEL}：{}。", merged.join("、")));
    }
    let rows = departments
        .into_iter()
        .map(|(label, parts)| {
            let mut merged: Vec<Part> = Vec::new();
            for part in parts {
                let key = if series.iter().any(|(k, _)| *k == part.key) {
                    part.key
                } else {
                    OTHER_LABEL.to_string()
                };
                match merged.iter_mut().find(|p| p.key == key) {
                    Some(p) => p.amount = p.amount + part.amount,
                    None => merged.push(Part {
                        key,
                        amount: part.amount,
                    }),
                }
            }
            merged.sort_by_key(|p| series.iter().position(|(k, _)| *k == p.key));
            (label, merged)
        })
        .collect();
    Some(share_bars(ShareSpec {
        id: format!("chart-{KIND}"),
        name: KIND,
        title: format!("各部门{}支出结构（按功能分类 类级）", common_year(budgets)),
        what: "各部门支出中各功能分类（类）所占的比例".to_string(),
        series,
        rows,
        missing,
        extra_notes,
    }))
}

fn compare_basic_project(budgets: &[&Budget], extra_notes: Vec<String>) -> Option<Chart> {
    const KIND: &str = "compare-basic-project";
    let mut rows = Vec::new();
    let mut missing = Vec::new();
    for budget in budgets {
        match (
            amount_of(&budget.totals.basic),
            amount_of(&budget.totals.project),
        ) {
            (Some(basic), Some(project)) => rows.push((
                budget.display_name().to_string(),
                vec![
                    Part {
                        key: "基本支出".to_string(),
                        amount: basic,
                    },
                    Part {
                        key: "项目支出".to_string(),
                        amount: project,
                    },
                ],
            )),
            _ => missing.push(budget.display_name().to_string()),
        }
    }
    if rows.len() < 2 {
        return None;
    }
    Some(share_bars(ShareSpec {
        id: format!("chart-{KIND}"),
        name: KIND,
        title: format!("各部门{}基本支出与项目支出占比", common_year(budgets)),
        what: "各部门基本支出与项目支出各占的比例".to_string(),
        series: vec![
            ("基本支出".to_string(), SERIES[0]),
            ("项目支出".to_string(), SERIES[1]),
        ],
        rows,
        missing,
        extra_notes,
    }))
}

// ---------------------------------------------------------------------------------------------
// From figures to plots

type ColourOf = Box<dyn Fn(&str) -> Rgb>;

/// A chart of one bar per label, its length the amount.
struct BarsSpec {
    id: String,
    name: &'static str,
    title: String,
    /// What the chart shows, as the opening of its description.
    what: String,
    rows: Vec<(String, Amount)>,
    /// Labels whose figure is not disclosed.
    missing: Vec<String>,
    sort: bool,
    /// Show each bar's share of the sum of all bars.
    shares: bool,
    colour_of: Option<ColourOf>,
    legend: Vec<(String, Rgb)>,
    extra_notes: Vec<String>,
}

fn sort_descending(rows: &mut [(String, Amount)]) {
    rows.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
}

fn amount_bars(spec: BarsSpec) -> Chart {
    let BarsSpec {
        id,
        name,
        title,
        what,
        mut rows,
        missing,
        sort,
        shares,
        colour_of,
        legend,
        extra_notes,
    } = spec;
    let mut notes = Vec::new();
    if !missing.is_empty() {
        notes.push(format!("未公开、未绘制：{}。", missing.join("、")));
    }
    let negative: Vec<String> = rows
        .iter()
        .filter(|(_, a)| a.value().is_sign_negative() && !a.is_zero())
        .map(|(l, a)| format!("{l} {}", format::amount(a.value())))
        .collect();
    if !negative.is_empty() {
        notes.push(format!("负数未绘制：{}。", negative.join("、")));
        rows.retain(|(_, a)| !a.value().is_sign_negative() || a.is_zero());
    }
    if sort {
        sort_descending(&mut rows);
    }
    notes.extend(extra_notes);
    // A share of a whole one of whose parts is undisclosed would overstate the others.
    let shares = shares && missing.is_empty();
    let sum: Decimal = rows.iter().map(|(_, a)| a.value()).sum();
    let share_of = |amount: Amount| {
        if shares {
            format::share(amount.value(), sum)
        } else {
            None
        }
    };

    let data: Vec<ChartDatum> = rows
        .iter()
        .map(|(label, amount)| ChartDatum {
            label: label.clone(),
            series: None,
            amount: *amount,
            value: format::amount_exact(amount.value()),
            share: share_of(*amount).map(format::percent),
        })
        .collect();

    let plot_rows = rows
        .iter()
        .map(|(label, amount)| {
            let colour = colour_of.as_ref().map_or(SERIES[0], |f| f(label));
            let shown = format::amount(amount.value());
            let end_text = match share_of(*amount) {
                Some(s) => format!("{shown}（{}）", format::percent(s)),
                None => shown.clone(),
            };
            Row {
                label: label.clone(),
                segments: vec![Segment {
                    value: to_f64(amount.value()),
                    colour,
                    text: None,
                    tooltip: format!("{label}：{end_text} {UNIT}"),
                }],
                end_text,
            }
        })
        .collect();

    let listing = rows
        .iter()
        .map(|(label, amount)| format!("{label} {}", format::amount(amount.value())))
        .collect::<Vec<_>>()
        .join("；");
    let order = if sort {
        "，按金额从大到小排列"
    } else {
        ""
    };
    let mut desc = format!("横向条形图：{what}，单位{UNIT}{order}。{listing}。");
    for note in &notes {
        desc.push_str(note);
    }
    let subtitle = format!("单位：{UNIT}{}", if shares { "；括号内为占比" } else { "" });
    let svg = render(&Plot {
        id: &id,
        title: &title,
        desc: &desc,
        subtitle,
        legend,
        rows: plot_rows,
        scale: Scale::Amount,
        notes: &notes,
    });
    Chart {
        name: name.to_string(),
        id,
        title,
        desc,
        svg,
        data,
        notes,
    }
}

/// A chart of one 100 % bar per label, split into parts.
struct ShareSpec {
    id: String,
    name: &'static str,
    title: String,
    what: String,
    series: Vec<(String, Rgb)>,
    rows: Vec<(String, Vec<Part>)>,
    missing: Vec<String>,
    extra_notes: Vec<String>,
}

fn share_bars(spec: ShareSpec) -> Chart {
    let ShareSpec {
        id,
        name,
        title,
        what,
        series,
        rows,
        missing,
        extra_notes,
    } = spec;
    let mut notes = Vec::new();
    if !missing.is_empty() {
        notes.push(format!("未公开、未绘制：{}。", missing.join("、")));
    }
    notes.extend(extra_notes);
    let colour = |key: &str| {
        series
            .iter()
            .find(|(k, _)| k == key)
            .map_or(OTHER, |(_, c)| *c)
    };
    let mut data = Vec::new();
    let mut plot_rows = Vec::new();
    let mut listing = Vec::new();
    for (label, parts) in &rows {
        let parts: Vec<&Part> = parts
            .iter()
            .filter(|p| !p.amount.value().is_sign_negative())
            .collect();
        let total: Decimal = parts.iter().map(|p| p.amount.value()).sum();
        let mut segments = Vec::new();
        let mut described = Vec::new();
        for part in &parts {
            let s = format::share(part.amount.value(), total);
            data.push(ChartDatum {
                label: label.clone(),
                series: Some(part.key.clone()),
                amount: part.amount,
                value: format::amount_exact(part.amount.value()),
                share: s.map(format::percent),
            });
            let share_text = s.map(format::percent).unwrap_or_default();
            described.push(format!("{} {share_text}", part.key));
            segments.push(Segment {
                value: if total.is_zero() {
                    0.0
                } else {
                    to_f64(part.amount.value()) / to_f64(total) * 100.0
                },
                colour: colour(&part.key),
                text: s.map(format::percent_short),
                tooltip: format!(
                    "{label} · {}：{} {UNIT}（{share_text}）",
                    part.key,
                    format::amount(part.amount.value())
                ),
            });
        }
        let total_text = format::amount(total);
        listing.push(format!(
            "{label}（合计 {total_text}）：{}",
            described.join("，")
        ));
        plot_rows.push(Row {
            label: label.clone(),
            segments,
            end_text: total_text,
        });
    }
    let mut desc = format!(
        "百分比堆积条形图：{what}；条形右侧为合计（{UNIT}）。{}。",
        listing.join("；")
    );
    for note in &notes {
        desc.push_str(note);
    }
    let svg = render(&Plot {
        id: &id,
        title: &title,
        desc: &desc,
        subtitle: format!("占比（%）；条形右侧为合计（{UNIT}）"),
        legend: series.clone(),
        rows: plot_rows,
        scale: Scale::Share,
        notes: &notes,
    });
    Chart {
        name: name.to_string(),
        id,
        title,
        desc,
        svg,
        data,
        notes,
    }
}

// ---------------------------------------------------------------------------------------------
// Numbers

fn to_f64(value: Decimal) -> f64 {
    use rust_decimal::prelude::ToPrimitive;
    value.to_f64().unwrap_or(0.0)
}

// ---------------------------------------------------------------------------------------------
// Drawing

/// A colour of the palette.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Rgb(u8, u8, u8);

impl Rgb {
    fn plotters(self) -> RGBColor {
        RGBColor(self.0, self.1, self.2)
    }

    fn luminance(self) -> f64 {
        let channel = |c: u8| {
            let v = f64::from(c) / 255.0;
            if v <= 0.03928 {
                v / 12.92
            } else {
                ((v + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * channel(self.0) + 0.7152 * channel(self.1) + 0.0722 * channel(self.2)
    }

    /// Black or white, whichever contrasts more with this colour.
    fn text_colour(self) -> &'static str {
        let l = self.luminance();
        if (l + 0.05) / 0.05 >= 1.05 / (l + 0.05) {
            "#000"
        } else {
            "#fff"
        }
    }
}

/// Okabe–Ito, distinguishable with every common colour-vision deficiency. Yellow is left out: on
/// white it cannot be told from the background.
const SERIES: [Rgb; 6] = [
    Rgb(0x00, 0x72, 0xB2), // blue
    Rgb(0xE6, 0x9F, 0x00), // orange
    Rgb(0x00, 0x9E, 0x73), // bluish green
    Rgb(0xD5, 0x5E, 0x00), // vermillion
    Rgb(0x56, 0xB4, 0xE9), // sky blue
    Rgb(0xCC, 0x79, 0xA7), // reddish purple
];
const OTHER: Rgb = Rgb(0x99, 0x99, 0x99);
const OTHER_LABEL: &str = "其他";
const TEXT: &str = "#222";
const MUTED: &str = "#555";
const GRID: Rgb = Rgb(0xDD, 0xDD, 0xDD);
const AXIS: Rgb = Rgb(0x66, 0x66, 0x66);
const BACKGROUND: Rgb = Rgb(0xFF, 0xFF, 0xFF);

const WIDTH: u32 = 760;
const PAD: f64 = 16.0;
const TITLE_SIZE: f64 = 16.0;
const SUBTITLE_SIZE: f64 = 12.0;
const LABEL_SIZE: f64 = 13.0;
const VALUE_SIZE: f64 = 12.0;
const TICK_SIZE: f64 = 11.0;
const LEGEND_SIZE: f64 = 12.0;
const NOTE_SIZE: f64 = 12.0;
const BAR_HEIGHT: f64 = 18.0;
/// The widest a row label may be, as a share of the chart's width.
const LABEL_SHARE: f64 = 0.36;

/// Estimated advance of a character in em. Generous on purpose: a label measured too wide only
/// wastes a little room, one measured too narrow overlaps.
fn char_em(c: char) -> f64 {
    match c {
        'i' | 'j' | 'l' | '.' | ',' | ':' | ';' | '!' | '|' | '\'' | '(' | ')' | ' ' => 0.35,
        'm' | 'w' | 'M' | 'W' | '%' | '@' => 0.9,
        c if c.is_ascii() => 0.62,
        _ => 1.0,
    }
}

/// Estimated width of `text` at `size` px, independent of any installed font.
pub fn text_width(text: &str, size: f64) -> f64 {
    text.chars().map(char_em).sum::<f64>() * size
}

/// A label fitted into a width: its lines, and the full text when it had to be shortened.
#[derive(Debug, Clone, PartialEq)]
struct Fitted {
    lines: Vec<String>,
    shortened: bool,
}

impl Fitted {
    fn width(&self, size: f64) -> f64 {
        self.lines
            .iter()
            .map(|l| text_width(l, size))
            .fold(0.0, f64::max)
    }
}

/// Wraps `text` into at most `max_lines` lines of `max_width`, shortening the last with "…".
/// Breaks prefer the place after a space or a Chinese punctuation mark near the end of a line.
fn fit(text: &str, size: f64, max_width: f64, max_lines: usize) -> Fitted {
    let mut lines: Vec<String> = Vec::new();
    let mut rest: Vec<char> = text.chars().collect();
    while !rest.is_empty() {
        if lines.len() + 1 == max_lines {
            let whole: String = rest.iter().collect();
            if text_width(&whole, size) <= max_width {
                lines.push(whole);
                return Fitted {
                    lines,
                    shortened: false,
                };
            }
            let ellipsis = text_width("…", size);
            let mut line = String::new();
            let mut width = 0.0;
            for &c in &rest {
                let w = char_em(c) * size;
                if width + w + ellipsis > max_width {
                    break;
                }
                width += w;
                line.push(c);
            }
            line.push('…');
            lines.push(line);
            return Fitted {
                lines,
                shortened: true,
            };
        }
        let mut width = 0.0;
        let mut end = 0;
        while end < rest.len() && width + char_em(rest[end]) * size <= max_width {
            width += char_em(rest[end]) * size;
            end += 1;
        }
        if end == rest.len() {
            lines.push(rest.iter().collect());
            break;
        }
        let end = end.max(1);
        let soft = (end / 2..end)
            .rev()
            .find(|&i| matches!(rest[i], ' ' | '、' | '，' | '）' | ')' | '：' | '；'))
            .map_or(end, |i| i + 1);
        lines.push(
            rest[..soft]
                .iter()
                .collect::<String>()
                .trim_end()
                .to_string(),
        );
        rest.drain(..soft);
        while rest.first() == Some(&' ') {
            rest.remove(0);
        }
    }
    Fitted {
        lines,
        shortened: false,
    }
}

struct Segment {
    /// Length in axis units (万元, or percent on a share chart).
    value: f64,
    colour: Rgb,
    /// Written inside the segment when it fits.
    text: Option<String>,
    tooltip: String,
}

struct Row {
    label: String,
    segments: Vec<Segment>,
    /// Written after the end of the bar.
    end_text: String,
}

enum Scale {
    Amount,
    Share,
}

struct Plot<'a> {
    id: &'a str,
    title: &'a str,
    desc: &'a str,
    subtitle: String,
    legend: Vec<(String, Rgb)>,
    rows: Vec<Row>,
    scale: Scale,
    /// Shown under the axis: what was left out, and other remarks.
    notes: &'a [String],
}

enum Shape {
    Rect {
        x0: i32,
        y0: i32,
        x1: i32,
        y1: i32,
        colour: Rgb,
    },
    Line {
        x0: i32,
        y0: i32,
        x1: i32,
        y1: i32,
        colour: Rgb,
    },
}

/// Axis ticks: a step of 1, 2 or 5 × 10ⁿ with at most six intervals whose labels do not touch.
fn ticks(
    max: f64,
    plot_width: f64,
    label: impl Fn(Decimal) -> String,
) -> (Vec<(Decimal, String)>, f64) {
    let max = if max > 0.0 { max } else { 1.0 };
    for exponent in -2i32..=15 {
        for mantissa in [1i64, 2, 5] {
            let step = if exponent < 0 {
                Decimal::new(mantissa, exponent.unsigned_abs())
            } else {
                Decimal::from(mantissa) * Decimal::from(10i64.pow(exponent.unsigned_abs()))
            };
            let intervals = (max / to_f64(step)).ceil().max(1.0);
            if intervals > 6.0 {
                continue;
            }
            let n = intervals as i64;
            let marks: Vec<(Decimal, String)> = (0..=n)
                .map(|i| {
                    let v = step * Decimal::from(i);
                    (v, label(v))
                })
                .collect();
            let widest = marks
                .iter()
                .map(|(_, l)| text_width(l, TICK_SIZE))
                .fold(0.0, f64::max);
            if plot_width / intervals >= widest + 12.0 {
                return (marks, to_f64(step) * intervals);
            }
        }
    }
    (vec![(Decimal::ZERO, label(Decimal::ZERO))], max)
}

/// Coordinates in the text layer, to a tenth of a pixel.
fn px(v: f64) -> String {
    let tenths = (v * 10.0).round() / 10.0;
    if tenths.fract() == 0.0 {
        format!("{}", tenths as i64)
    } else {
        format!("{tenths:.1}")
    }
}

/// Writes a `<text>`; `attrs` are extra attributes, already escaped.
fn text(out: &mut String, x: f64, y: f64, size: f64, attrs: &str, content: &str) {
    let _ = writeln!(
        out,
        r#"<text x="{}" y="{}" font-size="{}"{attrs}>{}</text>"#,
        px(x),
        px(y),
        px(size),
        format::escape(content)
    );
}

fn render(plot: &Plot) -> String {
    let width = f64::from(WIDTH);
    let mut shapes: Vec<Shape> = Vec::new();
    let mut layer = String::new();

    // Title, subtitle, legend.
    let mut y = PAD;
    let title = fit(plot.title, TITLE_SIZE, width - 2.0 * PAD, 2);
    for line in &title.lines {
        y += TITLE_SIZE + 4.0;
        text(
            &mut layer,
            PAD,
            y,
            TITLE_SIZE,
            r#" font-weight="bold""#,
            line,
        );
    }
    y += SUBTITLE_SIZE + 8.0;
    text(
        &mut layer,
        PAD,
        y,
        SUBTITLE_SIZE,
        &format!(r#" fill="{MUTED}""#),
        &plot.subtitle,
    );
    if !plot.legend.is_empty() {
        y += 8.0;
        let mut x = PAD;
        let mut baseline = y + LEGEND_SIZE;
        for (name, colour) in &plot.legend {
            let label = fit(name, LEGEND_SIZE, width / 2.0, 1);
            let item = 12.0 + 5.0 + label.width(LEGEND_SIZE) + 16.0;
            if x > PAD && x + item - 16.0 > width - PAD {
                x = PAD;
                baseline += LEGEND_SIZE + 8.0;
            }
            let top = baseline - LEGEND_SIZE + 1.0;
            shapes.push(Shape::Rect {
                x0: x.round() as i32,
                y0: top.round() as i32,
                x1: (x + 12.0).round() as i32,
                y1: (top + 12.0).round() as i32,
                colour: *colour,
            });
            labelled(&mut layer, &label, name, |layer| {
                text(
                    layer,
                    x + 17.0,
                    baseline,
                    LEGEND_SIZE,
                    "",
                    &label.lines.concat(),
                )
            });
            x += item;
        }
        y = baseline;
    }
    let plot_top = y + 14.0;

    // Row labels and the space they and the end texts need.
    let fitted: Vec<Fitted> = plot
        .rows
        .iter()
        .map(|r| fit(&r.label, LABEL_SIZE, width * LABEL_SHARE, 2))
        .collect();
    let label_width = fitted
        .iter()
        .map(|f| f.width(LABEL_SIZE))
        .fold(24.0, f64::max);
    let two_lines = fitted.iter().any(|f| f.lines.len() > 1);
    let row_height = if two_lines { 38.0 } else { 28.0 };
    let end_width = plot
        .rows
        .iter()
        .map(|r| text_width(&r.end_text, VALUE_SIZE))
        .fold(0.0, f64::max);
    let x0 = PAD + label_width + 10.0;
    let max_tick_half = text_width("100,000", TICK_SIZE) / 2.0;
    let x1 = width - PAD - (end_width + 6.0).max(max_tick_half);
    let plot_width = x1 - x0;
    let plot_bottom = plot_top + row_height * plot.rows.len() as f64;

    // Axis.
    let (marks, axis_max) = match plot.scale {
        Scale::Amount => {
            let max = plot
                .rows
                .iter()
                .map(|r| r.segments.iter().map(|s| s.value).sum::<f64>())
                .fold(0.0, f64::max);
            ticks(max, plot_width, format::amount_tick)
        }
        Scale::Share => ticks(100.0, plot_width, format::percent_tick),
    };
    let x_of = |v: f64| x0 + v / axis_max * plot_width;
    for (value, label) in &marks {
        let x = x_of(to_f64(*value)).round();
        shapes.push(Shape::Line {
            x0: x.round() as i32,
            y0: plot_top.round() as i32,
            x1: x.round() as i32,
            y1: plot_bottom.round() as i32,
            colour: if value.is_zero() { AXIS } else { GRID },
        });
        text(
            &mut layer,
            x,
            plot_bottom + TICK_SIZE + 5.0,
            TICK_SIZE,
            &format!(r#" text-anchor="middle" fill="{MUTED}""#),
            label,
        );
    }

    // Bars.
    let mut tooltips = String::new();
    for (i, (row, label)) in plot.rows.iter().zip(&fitted).enumerate() {
        let centre = plot_top + row_height * (i as f64 + 0.5);
        let line_height = LABEL_SIZE + 3.0;
        let first =
            centre - line_height * (label.lines.len() as f64 - 1.0) / 2.0 + LABEL_SIZE * 0.35;
        labelled(&mut layer, label, &row.label, |layer| {
            for (n, line) in label.lines.iter().enumerate() {
                text(
                    layer,
                    x0 - 8.0,
                    first + line_height * n as f64,
                    LABEL_SIZE,
                    r#" text-anchor="end""#,
                    line,
                );
            }
        });
        let top = (centre - BAR_HEIGHT / 2.0).round() as i32;
        let bottom = top + BAR_HEIGHT as i32;
        let mut cumulative = 0.0;
        let mut end = x0.round() as i32;
        for segment in &row.segments {
            let start = x_of(cumulative).round() as i32;
            cumulative += segment.value;
            let mut stop = x_of(cumulative).round() as i32;
            if segment.value > 0.0 && stop == start {
                stop = start + 1;
            }
            if stop <= start {
                continue;
            }
            end = stop;
            shapes.push(Shape::Rect {
                x0: start,
                y0: top,
                x1: stop,
                y1: bottom,
                colour: segment.colour,
            });
            if row.segments.len() > 1 && start > x0.round() as i32 {
                // A white seam keeps neighbouring segments apart for every kind of colour vision.
                shapes.push(Shape::Line {
                    x0: start,
                    y0: top,
                    x1: start,
                    y1: bottom - 1,
                    colour: BACKGROUND,
                });
            }
            if let Some(inside) = &segment.text
                && text_width(inside, VALUE_SIZE) + 8.0 <= f64::from(stop - start)
            {
                text(
                    &mut layer,
                    f64::from(start + stop) / 2.0,
                    centre + VALUE_SIZE * 0.35,
                    VALUE_SIZE,
                    &format!(
                        r#" text-anchor="middle" fill="{}""#,
                        segment.colour.text_colour()
                    ),
                    inside,
                );
            }
            let _ = writeln!(
                tooltips,
                r##"<rect x="{start}" y="{top}" width="{}" height="{}" fill="#000" fill-opacity="0"><title>{}</title></rect>"##,
                stop - start,
                bottom - top,
                format::escape(&segment.tooltip)
            );
        }
        text(
            &mut layer,
            f64::from(end) + 6.0,
            centre + VALUE_SIZE * 0.35,
            VALUE_SIZE,
            // A white outline keeps the value legible where it crosses a grid line.
            r##" class="value" stroke="#fff" stroke-width="3" paint-order="stroke""##,
            &row.end_text,
        );
    }

    let mut y = plot_bottom + TICK_SIZE + 5.0;
    if !plot.notes.is_empty() {
        y += 6.0;
    }
    for note in plot.notes {
        let fitted = fit(note, NOTE_SIZE, width - 2.0 * PAD, 3);
        labelled(&mut layer, &fitted, note, |layer| {
            for line in &fitted.lines {
                y += NOTE_SIZE + 5.0;
                text(
                    layer,
                    PAD,
                    y,
                    NOTE_SIZE,
                    &format!(r#" fill="{MUTED}""#),
                    line,
                );
            }
        });
    }
    let height = (y + PAD).ceil() as u32;
    let drawn = draw_shapes(&shapes, height);
    assemble(plot, height, &drawn, &layer, &tooltips)
}

/// Writes a label through `write`, wrapped in a group with the full text as tooltip when the
/// label had to be shortened.
fn labelled(layer: &mut String, label: &Fitted, full: &str, write: impl FnOnce(&mut String)) {
    if label.shortened {
        let _ = write!(layer, "<g><title>{}</title>", format::escape(full));
    }
    write(layer);
    if label.shortened {
        layer.push_str("</g>\n");
    }
}

/// Rectangles and lines through plotters' SVG backend (integer coordinates, deterministic).
fn draw_shapes(shapes: &[Shape], height: u32) -> String {
    let mut buffer = String::new();
    {
        let mut backend = SVGBackend::with_string(&mut buffer, (WIDTH, height));
        let result = (|| {
            backend.draw_rect(
                (0, 0),
                (WIDTH as i32, height as i32),
                &BACKGROUND.plotters(),
                true,
            )?;
            for shape in shapes {
                match *shape {
                    Shape::Rect {
                        x0,
                        y0,
                        x1,
                        y1,
                        colour,
                    } => backend.draw_rect((x0, y0), (x1, y1), &colour.plotters(), true)?,
                    Shape::Line {
                        x0,
                        y0,
                        x1,
                        y1,
                        colour,
                    } => backend.draw_line((x0, y0), (x1, y1), &colour.plotters())?,
                }
            }
            backend.present()
        })();
        // Drawing into a String performs no I/O and cannot fail.
        debug_assert!(result.is_ok());
    }
    buffer
}

/// Replaces plotters' `<svg>` opening tag with one that carries the accessible name, adds `<title>`
/// and `<desc>`, and appends the text layer and the tooltips.
fn assemble(plot: &Plot, height: u32, drawn: &str, layer: &str, tooltips: &str) -> String {
    let body = drawn.split_once('\n').map_or(drawn, |(_, rest)| rest);
    let body = body.trim_end().strip_suffix("</svg>").unwrap_or(body);
    let id = format::escape(plot.id);
    let mut svg = String::with_capacity(body.len() + layer.len() + tooltips.len() + 1024);
    let _ = write!(
        svg,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{WIDTH}\" height=\"{height}\" \
         viewBox=\"0 0 {WIDTH} {height}\" role=\"img\" aria-labelledby=\"{id}-title {id}-desc\">\n\
         <title id=\"{id}-title\">{}</title>\n<desc id=\"{id}-desc\">{}</desc>\n",
        format::escape(plot.title),
        format::escape(plot.desc)
    );
    svg.push_str(body);
    let _ = write!(
        svg,
        "<g font-family=\"{}\" fill=\"{TEXT}\">\n{layer}</g>\n<g>\n{tooltips}</g>\n</svg>\n",
        format::escape(FONT_FAMILY)
    );
    svg
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cjk_is_measured_one_em_wide() {
        assert_eq!(text_width("一般公共服务支出", 20.0), 160.0);
        assert!(text_width("595.48", 12.0) < 6.0 * 12.0 * 0.62);
    }

    #[test]
    fn long_labels_wrap_then_shorten() {
        let short = fit("行政运行", 13.0, 100.0, 2);
        assert_eq!(short.lines, vec!["行政运行"]);
        assert!(!short.shortened);
        let wrapped = fit("其他政府办公厅（室）及相关机构事务支出", 13.0, 150.0, 2);
        assert_eq!(wrapped.lines.len(), 2);
        assert!(!wrapped.shortened);
        assert_eq!(
            wrapped.lines.concat(),
            "其他政府办公厅（室）及相关机构事务支出"
        );
        let cut = fit("其他政府办公厅（室）及相关机构事务支出", 13.0, 80.0, 2);
        assert!(cut.shortened);
        assert!(cut.lines[1].ends_with('…'));
        assert!(cut.width(13.0) <= 80.0);
    }

    #[test]
    fn ticks_are_round_and_do_not_touch() {
        let (marks, max) = ticks(595.48, 400.0, format::amount_tick);
        let labels: Vec<&str> = marks.iter().map(|(_, l)| l.as_str()).collect();
        assert_eq!(labels, ["0", "100", "200", "300", "400", "500", "600"]);
        assert_eq!(max, 600.0);
        let (marks, _) = ticks(4.10, 400.0, format::amount_tick);
        assert_eq!(marks.last().map(|(_, l)| l.as_str()), Some("5"));
        let (marks, _) = ticks(4212.99, 200.0, format::amount_tick);
        assert!(marks.iter().all(|(_, l)| l.contains(',') || l.len() < 4));
    }

    #[test]
    fn text_on_bars_contrasts() {
        assert_eq!(SERIES[0].text_colour(), "#fff");
        assert_eq!(SERIES[1].text_colour(), "#000");
    }
}
