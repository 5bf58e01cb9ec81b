//! audit: Budget → findings. Arithmetic identities, table-against-table and text-against-table
//! agreement, previous-year arithmetic, implausible units, placeholders, missing tables, and a
//! disclosure-completeness score.
//!
//! Severity policy:
//! - a sum or a comparison of amounts that is off by nothing is silent; off by no more than the
//!   rounding the printed digits allow (half a unit of the last printed digit of every figure
//!   involved) is **info**; off by more is an **error**;
//! - a printed percentage is checked against the range the printed amounts allow at the printed
//!   precision of the percentage; inside that range it is silent (a recomputed share is almost never
//!   exact, so reporting every one as info would only be noise); outside it by up to one percentage
//!   point is a **warning** (truncated instead of rounded, or a slightly different base), by more an
//!   **error** (the share describes some other figure);
//! - a likely problem that is not a disagreement of figures (a unit that cannot be right, a
//!   placeholder, a missing or unexplained empty table, a count that does not match) is a **warning**.
//!
//! A figure that is `None` was not disclosed: every rule stays silent about it; completeness is
//! where non-disclosure counts.

use std::collections::{BTreeMap, BTreeSet};

use rust_decimal::Decimal;
use serde::Serialize;

use crate::format;
use crate::model::{
    Amount, Budget, Change, Compared, EconomicNode, Figure, Finding, FunctionCode, FunctionNode,
    Percent, Sanggong, SanggongItem, Severity, Source, TableKind, TableRecord, Unit, parse_decimal,
};

/// Every finding about one budget: the parser's own first, then the audit's, in rule order.
pub fn audit(budget: &Budget) -> Vec<Finding> {
    audit_with_lines(budget, &[])
}

/// Like [`audit`], also searching the raw document `lines` (line 1 first) for placeholders, since
/// the model does not keep every narrative sentence.
pub fn audit_with_lines(budget: &Budget, lines: &[String]) -> Vec<Finding> {
    let mut out = budget.findings.clone();
    let rules: [fn(&Budget, &mut Vec<Finding>); 17] = [
        function_tree_sum,
        economic_tree_sum,
        basic_split,
        basic_plus_project,
        income_equals_expenditure,
        cross_table,
        narrative_vs_table,
        narrative_share,
        prior_year_arithmetic,
        sanggong_sum,
        sanggong_table_total,
        procurement_sum,
        projects_vs_project_total,
        project_count,
        implausible_unit,
        missing_table,
        empty_table_unexplained,
    ];
    for rule in rules {
        rule(budget, &mut out);
    }
    placeholder(budget, lines, &mut out);
    out
}

// ---------------------------------------------------------------------------------------------
// Figures, labels and the tolerance arithmetic shared by the rules.

/// A figure with what it is, in Chinese and English.
#[derive(Debug, Clone)]
struct Term {
    zh: String,
    en: String,
    figure: Figure,
    /// How far rounding may have moved the figure, when that is more than half a unit of its
    /// last digit (a sum of rounded figures).
    half: Option<Decimal>,
}

impl Term {
    fn new(zh: impl Into<String>, en: impl Into<String>, figure: &Figure) -> Self {
        Term {
            zh: zh.into(),
            en: en.into(),
            figure: figure.clone(),
            half: None,
        }
    }

    fn amount(&self) -> Decimal {
        self.figure.amount.value()
    }

    fn half(&self) -> Decimal {
        self.half.unwrap_or_else(|| self.figure.amount.half_unit())
    }

    fn compared(&self) -> Compared {
        Compared {
            label: self.zh.clone(),
            amount: Some(self.figure.amount),
            source: Some(self.figure.source.clone()),
        }
    }

    fn show_zh(&self) -> String {
        match self.figure.unit {
            Unit::Yuan => format!(
                "{} 万元（原文 {} 元）",
                format::amount_plain(self.amount()),
                self.figure.printed
            ),
            Unit::TenThousandYuan => format!("{} 万元", format::amount_plain(self.amount())),
        }
    }

    fn show_en(&self) -> String {
        match self.figure.unit {
            Unit::Yuan => {
                format!(
                    "{} (10k yuan; printed {} yuan)",
                    format::amount_plain(self.amount()),
                    self.figure.printed
                )
            }
            Unit::TenThousandYuan => format!("{} (10k yuan)", format::amount_plain(self.amount())),
        }
    }
}

/// Silent when equal, info within rounding, error beyond it.
fn severity_of(diff: Decimal, tolerance: Decimal) -> Option<Severity> {
    if diff.is_zero() {
        None
    } else if diff.abs() <= tolerance {
        Some(Severity::Info)
    } else {
        Some(Severity::Error)
    }
}

fn rounding_note(severity: Severity, tolerance: Decimal) -> (String, String) {
    let t = format::amount_plain(tolerance);
    if severity == Severity::Info {
        (
            format!("在四舍五入允许的 ±{t} 万元之内"),
            format!("within the ±{t} that rounding allows"),
        )
    } else {
        (
            format!("超出四舍五入允许的 ±{t} 万元"),
            format!("beyond the ±{t} that rounding allows"),
        )
    }
}

fn finding(
    severity: Severity,
    rule: &str,
    message: (String, String),
    figures: Vec<Compared>,
) -> Finding {
    let mut sources: Vec<Source> = Vec::new();
    for s in figures.iter().filter_map(|c| c.source.clone()) {
        if !sources.contains(&s) {
            sources.push(s);
        }
    }
    // English messages may start with a label (`the narrative's …`).
    let mut chars = message.1.chars();
    let message_en = chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default();
    Finding {
        severity,
        rule: rule.to_string(),
        message_zh: message.0,
        message_en,
        figures,
        sources,
    }
}

/// Checks a stated total against the sum of its parts. `parts_label` names the parts as a group
/// (`其下各项`); without it the parts are named one by one.
fn check_sum(
    out: &mut Vec<Finding>,
    rule: &str,
    total: &Term,
    parts: &[Term],
    parts_label: Option<(&str, &str)>,
) {
    if parts.is_empty() {
        return;
    }
    let sum: Decimal = parts.iter().map(Term::amount).sum();
    let tolerance: Decimal = parts.iter().map(Term::half).sum::<Decimal>() + total.half();
    let diff = total.amount() - sum;
    let Some(severity) = severity_of(diff, tolerance) else {
        return;
    };
    let (named_zh, named_en) = match parts_label {
        Some((zh, en)) => (zh.to_string(), en.to_string()),
        None => (
            parts
                .iter()
                .map(|p| p.zh.as_str())
                .collect::<Vec<_>>()
                .join(" + "),
            parts
                .iter()
                .map(|p| p.en.as_str())
                .collect::<Vec<_>>()
                .join(" + "),
        ),
    };
    let (note_zh, note_en) = rounding_note(severity, tolerance);
    let message = (
        format!(
            "{}为 {}，但{}之和为 {} 万元，相差 {} 万元，{}。",
            total.zh,
            total.show_zh(),
            named_zh,
            format::amount_plain(sum),
            format::amount_plain(diff),
            note_zh
        ),
        format!(
            "{} is {} but {} add up to {}, a difference of {}, {}.",
            total.en,
            total.show_en(),
            named_en,
            format::amount_plain(sum),
            format::amount_plain(diff),
            note_en
        ),
    );
    let mut figures = vec![total.compared()];
    figures.extend(parts.iter().map(Term::compared));
    out.push(finding(severity, rule, message, figures));
}

/// Checks that two figures that state the same thing agree.
fn check_equal(out: &mut Vec<Finding>, rule: &str, left: &Term, right: &Term) {
    if let Some(f) = equal_finding(rule, left, right) {
        out.push(f);
    }
}

fn equal_finding(rule: &str, left: &Term, right: &Term) -> Option<Finding> {
    let diff = left.amount() - right.amount();
    let tolerance = left.half() + right.half();
    let severity = severity_of(diff, tolerance)?;
    let (note_zh, note_en) = rounding_note(severity, tolerance);
    let message = (
        format!(
            "{}为 {}，而{}为 {}，相差 {} 万元，{}。",
            left.zh,
            left.show_zh(),
            right.zh,
            right.show_zh(),
            format::amount_plain(diff),
            note_zh
        ),
        format!(
            "{} is {} while {} is {}, a difference of {}, {}.",
            left.en,
            left.show_en(),
            right.en,
            right.show_en(),
            format::amount_plain(diff),
            note_en
        ),
    );
    Some(finding(
        severity,
        rule,
        message,
        vec![left.compared(), right.compared()],
    ))
}

/// Checks a figure that covers part of the funds (`part`, e.g. 一般公共预算) against one that
/// covers all of them (`whole`): more than the whole is an error; less is only info, since other
/// funds (政府性基金, 事业收入 …) can explain the gap.
fn check_at_most(out: &mut Vec<Finding>, rule: &str, part: &Term, whole: &Term) {
    let diff = part.amount() - whole.amount();
    let tolerance = part.half() + whole.half();
    let Some(mut severity) = severity_of(diff, tolerance) else {
        return;
    };
    let (note_zh, note_en) = if severity == Severity::Error && diff < Decimal::ZERO {
        severity = Severity::Info;
        (
            "差额只能由其他资金来源解释".to_string(),
            "only funds of other sources can explain the gap".to_string(),
        )
    } else {
        rounding_note(severity, tolerance)
    };
    let message = (
        format!(
            "{}为 {}，{}为 {}，相差 {} 万元，{}。",
            part.zh,
            part.show_zh(),
            whole.zh,
            whole.show_zh(),
            format::amount_plain(diff),
            note_zh
        ),
        format!(
            "{} is {} and {} is {}, a difference of {}, {}.",
            part.en,
            part.show_en(),
            whole.en,
            whole.show_en(),
            format::amount_plain(diff),
            note_en
        ),
    );
    out.push(finding(
        severity,
        rule,
        message,
        vec![part.compared(), whole.compared()],
    ));
}

/// How far a printed percentage lies outside the range that `part / whole` can take when both
/// may have been rounded by `part_half` and `whole_half`: zero when it fits. Also returns the
/// share computed from the amounts as printed. `None` when the whole is not positive.
fn percent_gap(
    part: (Decimal, Decimal),
    whole: (Decimal, Decimal),
    stated: Decimal,
) -> Option<(Decimal, Decimal)> {
    let (p, hp) = (part.0.abs(), part.1);
    let (w, hw) = whole;
    if w - hw <= Decimal::ZERO {
        return None;
    }
    let hundred = Decimal::ONE_HUNDRED;
    let low = ((p - hp).max(Decimal::ZERO) * hundred).checked_div(w + hw)?;
    let high = ((p + hp) * hundred).checked_div(w - hw)?;
    let computed = (p * hundred).checked_div(w)?;
    let s = stated.abs();
    let hs = Decimal::new(5, stated.scale() + 1);
    let gap = (s - hs - high).max(low - (s + hs)).max(Decimal::ZERO);
    Some((computed, gap))
}

/// Severity of a percentage that misses its range by `gap` percentage points.
fn percent_severity(gap: Decimal) -> Severity {
    if gap <= Decimal::ONE {
        Severity::Warning
    } else {
        Severity::Error
    }
}

fn percent_compared(label: &str, percent: &Percent) -> Compared {
    Compared {
        label: format!("{label}（{}%）", percent.value),
        amount: None,
        source: Some(percent.source.clone()),
    }
}

/// A narrative figure printed in 元 whose value is too small to be a budget line (under 100 元)
/// was almost certainly meant in 万元; this is that reading. `None` when the figure looks right.
fn read_as_wan(figure: &Figure) -> Option<Figure> {
    if figure.unit != Unit::Yuan {
        return None;
    }
    let printed = parse_decimal(&figure.printed)?;
    (printed > Decimal::ZERO && printed < Decimal::ONE_HUNDRED).then(|| Figure {
        amount: Amount::from_wan(printed),
        source: figure.source.clone(),
        printed: figure.printed.clone(),
        unit: Unit::TenThousandYuan,
    })
}

/// A narrative figure as it was evidently meant (see [`read_as_wan`]); the implausible-unit rule
/// reports the slip, so other rules need not trip over it again.
fn as_meant(figure: &Figure) -> Figure {
    read_as_wan(figure).unwrap_or_else(|| figure.clone())
}

fn source_line(budget: &Budget, line: u32) -> Source {
    Source::new(budget.file.clone(), line)
}

// ---------------------------------------------------------------------------------------------
// function-tree-sum, economic-tree-sum

fn function_label(node: &FunctionNode) -> (String, String) {
    let level = node.code.level();
    let name = node
        .name
        .as_deref()
        .map(|n| format!("（{n}）"))
        .unwrap_or_default();
    (
        format!("{} {}{}", node.code, level.label(), name),
        format!("function {} {}", level.label(), node.code),
    )
}

/// One amount column of the function tree.
type Column = fn(&FunctionNode) -> Option<&Figure>;

/// 项 sum to their 款, 款 to their 类, 类 to the 合计, in each of the total, 基本 and 项目 columns.
/// The rounding allowance of a derived node: the allowances of the printed figures it sums.
fn derived_half(node: &FunctionNode, column: Column) -> Option<Decimal> {
    if !node.derived || node.children.is_empty() {
        return column(node).map(|f| f.amount.half_unit());
    }
    node.children.iter().map(|c| derived_half(c, column)).sum()
}

/// A 三公 table that also lists 会议费 and 培训费 has a grand 合计: it must be the 三公 subtotal
/// plus those two.
fn sanggong_table_total(budget: &Budget, out: &mut Vec<Finding>) {
    let Some(table) = budget.table(TableKind::Sanggong) else {
        return;
    };
    let (Some(total), Some(sanggong)) =
        (table.figure("table_total"), table.figure("sanggong_total"))
    else {
        return;
    };
    let mut parts = vec![Term::new(
        "“三公”经费小计",
        "“three public” subtotal",
        sanggong,
    )];
    for (key, zh, en) in [
        ("meeting", "会议费", "meetings"),
        ("training", "培训费", "training"),
    ] {
        if let Some(f) = table.figure(key) {
            parts.push(Term::new(zh, en, f));
        }
    }
    check_sum(
        out,
        "sanggong-table-total",
        &Term::new(
            "“三公”经费表合计",
            "the “three public” table's total",
            total,
        ),
        &parts,
        None,
    );
}

/// 政府采购 as stated: the total is its goods, works and services.
fn procurement_sum(budget: &Budget, out: &mut Vec<Finding>) {
    let p = &budget.narrative.procurement;
    let Some(total) = &p.total else {
        return;
    };
    let parts: Option<Vec<Term>> = [
        (&p.goods, "政府采购货物", "goods"),
        (&p.works, "政府采购工程", "works"),
        (&p.services, "政府采购服务", "services"),
    ]
    .into_iter()
    .map(|(f, zh, en)| f.as_ref().map(|f| Term::new(zh, en, f)))
    .collect();
    if let Some(parts) = parts {
        check_sum(
            out,
            "procurement-sum",
            &Term::new("政府采购预算", "procurement budget", total),
            &parts,
            None,
        );
    }
}

fn function_tree_sum(budget: &Budget, out: &mut Vec<Finding>) {
    fn walk(node: &FunctionNode, out: &mut Vec<Finding>) {
        if !node.derived && !node.children.is_empty() {
            let (zh, en) = function_label(node);
            // Not empty: checked above.
            let child_level = node.children[0].code.level().label();
            let columns: [(&str, &str, Column); 3] = [
                ("合计", "total", |n| n.amount.as_ref()),
                ("基本支出", "basic expenditure", |n| n.basic.as_ref()),
                ("项目支出", "project expenditure", |n| {
                    n.project.as_ref()
                }),
            ];
            for (col_zh, col_en, column) in columns {
                let (Some(total), Some(parts)) = (
                    column(node),
                    node.children.iter().map(column).collect::<Option<Vec<_>>>(),
                ) else {
                    continue;
                };
                let parts: Vec<Term> = node
                    .children
                    .iter()
                    .zip(parts)
                    .map(|(c, f)| {
                        let (czh, cen) = function_label(c);
                        let mut term =
                            Term::new(format!("{czh} {col_zh}"), format!("{cen} {col_en}"), f);
                        // A node the parser summed from its children is as uncertain as all of
                        // their rounding together, not half a unit of one figure.
                        if c.derived {
                            term.half = derived_half(c, column);
                        }
                        term
                    })
                    .collect();
                check_sum(
                    out,
                    "function-tree-sum",
                    &Term::new(format!("{zh} {col_zh}"), format!("{en} {col_en}"), total),
                    &parts,
                    Some((
                        &format!("其下各{child_level}"),
                        &format!("the {child_level} under it"),
                    )),
                );
            }
        }
        for child in &node.children {
            walk(child, out);
        }
    }
    for class in &budget.by_function {
        walk(class, out);
    }
    let classes: Option<Vec<Term>> = budget
        .by_function
        .iter()
        .map(|n| {
            let (zh, en) = function_label(n);
            n.amount.as_ref().map(|f| Term::new(zh, en, f))
        })
        .collect();
    if let (Some(total), Some(classes)) = (&budget.totals.expenditure, classes) {
        check_sum(
            out,
            "function-tree-sum",
            &Term::new("支出合计", "total expenditure", total),
            &classes,
            Some(("各类支出", "the function classes")),
        );
    }
}

/// 款 sum to their 类, and the 类 to the basic expenditure (which may include other funds).
fn economic_tree_sum(budget: &Budget, out: &mut Vec<Finding>) {
    fn label(node: &EconomicNode) -> (String, String) {
        let name = node
            .name
            .as_deref()
            .map(|n| format!("（{n}）"))
            .unwrap_or_default();
        (
            format!("经济分类 {}{}", node.code, name),
            format!("economic class {}", node.code),
        )
    }
    for node in &budget.by_economic {
        if node.derived || node.children.is_empty() {
            continue;
        }
        let (Some(total), Some(parts)) = (
            &node.amount,
            node.children
                .iter()
                .map(|c| c.amount.as_ref())
                .collect::<Option<Vec<_>>>(),
        ) else {
            continue;
        };
        let (zh, en) = label(node);
        let parts: Vec<Term> = node
            .children
            .iter()
            .zip(parts)
            .map(|(c, f)| {
                let (czh, cen) = label(c);
                Term::new(czh, cen, f)
            })
            .collect();
        check_sum(
            out,
            "economic-tree-sum",
            &Term::new(zh, en, total),
            &parts,
            Some(("其下各款", "the sections under it")),
        );
    }
    let classes: Option<Vec<Term>> = budget
        .by_economic
        .iter()
        .map(|n| {
            let (zh, en) = label(n);
            n.amount.as_ref().map(|f| Term::new(zh, en, f))
        })
        .collect();
    if let (Some(basic), Some(classes)) = (&budget.totals.basic, classes)
        && !classes.is_empty()
    {
        let sum: Amount = classes.iter().map(|c| c.figure.amount).sum();
        let sum_figure = Figure {
            amount: sum,
            source: classes[0].figure.source.clone(),
            printed: format::amount_plain(sum.value()),
            unit: Unit::TenThousandYuan,
        };
        let sum_term = Term {
            // A sum may be off by the rounding of every figure in it.
            half: Some(classes.iter().map(Term::half).sum()),
            ..Term::new(
                "基本支出表各经济分类之和",
                "the economic classes of basic expenditure",
                &sum_figure,
            )
        };
        check_at_most(
            out,
            "economic-tree-sum",
            &sum_term,
            &Term::new("基本支出", "basic expenditure", basic),
        );
    }
}

// ---------------------------------------------------------------------------------------------
// basic-split, basic-plus-project, income-equals-expenditure

/// 基本支出 = 人员经费 + 公用经费, in the totals, in the narrative, and on every economic line.
fn basic_split(budget: &Budget, out: &mut Vec<Finding>) {
    const PARTS: [(&str, &str); 2] = [("人员经费", "personnel"), ("公用经费", "public funds")];
    let t = &budget.totals;
    let n = &budget.narrative;
    let narrative_differs =
        n.basic != t.basic || n.personnel != t.personnel || n.public_funds != t.public_funds;
    let mut wholes = vec![(
        ("基本支出".to_string(), "basic expenditure".to_string()),
        [&t.basic, &t.personnel, &t.public_funds],
    )];
    if narrative_differs {
        wholes.push((
            (
                NARRATIVE_ZH.to_string() + "基本支出",
                NARRATIVE_EN.to_string() + "basic expenditure",
            ),
            [&n.basic, &n.personnel, &n.public_funds],
        ));
    }
    for line in &budget.economic_lines {
        let name = match (&line.code, &line.name) {
            (Some(code), Some(name)) => format!("{code} {name}"),
            (Some(code), None) => code.to_string(),
            (None, Some(name)) => name.clone(),
            (None, None) => String::new(),
        };
        wholes.push((
            (
                format!("基本支出表 {name} 合计"),
                format!("basic expenditure line {name}"),
            ),
            [&line.total, &line.personnel, &line.public_funds],
        ));
    }
    for ((zh, en), [whole, a, b]) in wholes {
        check_two_parts(out, "basic-split", (&zh, &en, whole), PARTS, [a, b]);
    }
}

/// 基本支出 + 项目支出 = 支出合计, in the totals, the narrative and every function line.
fn basic_plus_project(budget: &Budget, out: &mut Vec<Finding>) {
    const PARTS: [(&str, &str); 2] = [("基本支出", "basic"), ("项目支出", "project")];
    let t = &budget.totals;
    let n = &budget.narrative;
    let narrative_differs =
        n.expenditure_total != t.expenditure || n.basic != t.basic || n.project != t.project;
    let mut wholes = vec![(
        ("支出合计".to_string(), "total expenditure".to_string()),
        [&t.expenditure, &t.basic, &t.project],
    )];
    if narrative_differs {
        wholes.push((
            (
                NARRATIVE_ZH.to_string() + "支出合计",
                NARRATIVE_EN.to_string() + "total expenditure",
            ),
            [&n.expenditure_total, &n.basic, &n.project],
        ));
    }
    for line in &budget.function_lines {
        wholes.push((
            (
                format!("{} {} {}", line.table.name_zh(), line.code, line.name),
                format!("{} line {}", line.table.name_en(), line.code),
            ),
            [&line.total, &line.basic, &line.project],
        ));
    }
    for ((zh, en), [whole, a, b]) in wholes {
        check_two_parts(out, "basic-plus-project", (&zh, &en, whole), PARTS, [a, b]);
    }
}

/// A whole against its two parts, when all three are disclosed.
/// How a whole read from the narrative is named; its parts then are the narrative's too.
const NARRATIVE_ZH: &str = "说明中的";
const NARRATIVE_EN: &str = "the narrative's ";

fn check_two_parts(
    out: &mut Vec<Finding>,
    rule: &str,
    (zh, en, whole): (&str, &str, &Option<Figure>),
    labels: [(&str, &str); 2],
    parts: [&Option<Figure>; 2],
) {
    let (Some(whole), Some(a), Some(b)) = (whole, parts[0], parts[1]) else {
        return;
    };
    // Parts of the narrative's whole are the narrative's: “说明中的人员经费 + 公用经费”.
    let (first_zh, first_en) = if zh.starts_with(NARRATIVE_ZH) {
        (
            format!("{NARRATIVE_ZH}{}", labels[0].0),
            format!("its {}", labels[0].1),
        )
    } else {
        (labels[0].0.to_string(), labels[0].1.to_string())
    };
    check_sum(
        out,
        rule,
        &Term::new(zh, en, whole),
        &[
            Term::new(&first_zh, &first_en, a),
            Term::new(labels[1].0, labels[1].1, b),
        ],
        None,
    );
}

/// 收入 = 支出, where income may or may not already include 上年结转.
fn income_equals_expenditure(budget: &Budget, out: &mut Vec<Finding>) {
    let t = &budget.totals;
    let n = &budget.narrative;
    let pairs = [
        (&t.income, &t.expenditure, "", "", true),
        (
            &n.income_total,
            &n.expenditure_total,
            "说明中的",
            "the narrative's ",
            false,
        ),
    ];
    for (income, expenditure, zh, en, from_tables) in pairs {
        let (Some(income), Some(expenditure)) = (income, expenditure) else {
            continue;
        };
        if !from_tables
            && Some(income) == t.income.as_ref()
            && Some(expenditure) == t.expenditure.as_ref()
        {
            continue;
        }
        let income_term = Term::new(format!("{zh}收入总计"), format!("{en}total income"), income);
        let expenditure_term = Term::new(
            format!("{zh}支出总计"),
            format!("{en}total expenditure"),
            expenditure,
        );
        let plain = equal_finding("income-equals-expenditure", &income_term, &expenditure_term);
        let Some(plain) = plain else {
            continue;
        };
        // Income of the year plus what was carried over must then cover expenditure.
        if let Some(carried) = &t.carried_over {
            let mut parts = Vec::new();
            check_sum(
                &mut parts,
                "income-equals-expenditure",
                &expenditure_term,
                &[
                    income_term.clone(),
                    Term::new("上年结转", "carried over from last year", carried),
                ],
                None,
            );
            match parts.pop() {
                None => continue,
                Some(with_carry) if with_carry.severity < plain.severity => {
                    out.push(with_carry);
                    continue;
                }
                Some(_) => {}
            }
        }
        out.push(plain);
    }
}

// ---------------------------------------------------------------------------------------------
// cross-table

/// Which funds a table covers: 0 all funds, 1 fiscal appropriations, 2 the general public budget.
/// A table of a higher rank can only show less than one of a lower rank.
fn coverage_rank(kind: TableKind) -> u8 {
    match kind {
        TableKind::FiscalSummary => 1,
        TableKind::GeneralExpenditure | TableKind::BasicEconomic => 2,
        _ => 0,
    }
}

/// The grand total of expenditure printed in a table: the first amount right of its total label.
fn table_total(budget: &Budget, table: &TableRecord) -> Option<Figure> {
    let labels: &[&str] = match table.kind {
        TableKind::Summary | TableKind::FiscalSummary => &["支出总计", "本年支出合计", "支出合计"],
        _ => &["合计", "总计", "支出合计"],
    };
    // Tables without a stated unit are taken as 万元, the unit of nearly every disclosure; a
    // wrong guess shows up as a 10,000× difference that implausible-unit reports.
    let unit = table.unit.unwrap_or(Unit::TenThousandYuan);
    let body = table.rows.iter().skip(table.header_rows);
    for label in labels {
        for row in body.clone() {
            let Some(at) = row.iter().position(|c| {
                let text: String = c.text.chars().filter(|ch| !ch.is_whitespace()).collect();
                text.trim_end_matches(['：', ':']) == *label
            }) else {
                continue;
            };
            let found = row[at + 1..].iter().find_map(|c| {
                Amount::parse(&c.text, unit).ok().map(|amount| Figure {
                    amount,
                    source: source_line(budget, c.line),
                    printed: c.text.trim().to_string(),
                    unit,
                })
            });
            if found.is_some() {
                return found;
            }
        }
    }
    None
}

/// The same figure in different tables: the grand totals of 收支总表, 支出总表, 财政拨款收支总表
/// and 一般公共预算支出表, and each function code's amount in every table that lists it.
fn cross_table(budget: &Budget, out: &mut Vec<Finding>) {
    let kinds = [
        TableKind::Summary,
        TableKind::Expenditure,
        TableKind::FiscalSummary,
        TableKind::GeneralExpenditure,
    ];
    let totals: Vec<(TableKind, Term)> = kinds
        .iter()
        .filter_map(|&kind| {
            let table = budget.table(kind)?;
            let figure = table_total(budget, table)?;
            Some((
                kind,
                Term::new(
                    format!("{}支出合计", kind.name_zh()),
                    format!("the total of the {}", kind.name_en()),
                    &figure,
                ),
            ))
        })
        .collect();
    for (i, (kind_a, a)) in totals.iter().enumerate() {
        for (kind_b, b) in &totals[i + 1..] {
            compare_by_coverage(out, (*kind_a, a), (*kind_b, b));
        }
    }

    // Same code, different tables. Lines of the same code within one table (one per subordinate
    // unit) are summed first.
    let mut by_code: BTreeMap<(&FunctionCode, TableKind), Vec<&Figure>> = BTreeMap::new();
    for line in &budget.function_lines {
        if let Some(total) = &line.total {
            by_code
                .entry((&line.code, line.table))
                .or_default()
                .push(total);
        }
    }
    let codes: BTreeSet<&FunctionCode> = by_code.keys().map(|(c, _)| *c).collect();
    for code in codes {
        let terms: Vec<(TableKind, Term)> = by_code
            .iter()
            .filter(|((c, _), _)| *c == code)
            .map(|((_, kind), figures)| {
                let amount: Amount = figures.iter().map(|f| f.amount).sum();
                // Every entry holds at least the figure that created it.
                let mut figure = figures[0].clone();
                let mut half = None;
                if figures.len() > 1 {
                    figure.amount = amount;
                    figure.printed = format::amount_plain(amount.value());
                    half = Some(figures.iter().map(|f| f.amount.half_unit()).sum());
                }
                let term = Term::new(
                    format!("{} {} 合计", kind.name_zh(), code),
                    format!("{} in the {}", code, kind.name_en()),
                    &figure,
                );
                (*kind, Term { half, ..term })
            })
            .collect();
        for (i, (kind_a, a)) in terms.iter().enumerate() {
            for (kind_b, b) in &terms[i + 1..] {
                compare_by_coverage(out, (*kind_a, a), (*kind_b, b));
            }
        }
    }
}

fn compare_by_coverage(out: &mut Vec<Finding>, a: (TableKind, &Term), b: (TableKind, &Term)) {
    let (rank_a, rank_b) = (coverage_rank(a.0), coverage_rank(b.0));
    if rank_a == rank_b {
        check_equal(out, "cross-table", a.1, b.1);
    } else if rank_a > rank_b {
        check_at_most(out, "cross-table", a.1, b.1);
    } else {
        check_at_most(out, "cross-table", b.1, a.1);
    }
}

// ---------------------------------------------------------------------------------------------
// narrative-vs-table, narrative-share

/// A 类 name without the decorations the narrative and the tables add differently.
fn bare_function_name(name: &str) -> String {
    let mut s: String = name.chars().filter(|c| !c.is_whitespace()).collect();
    for decoration in ["（类）", "(类)", "（类", "(类"] {
        s = s.replace(decoration, "");
    }
    s.trim_end_matches("支出").to_string()
}

/// The table figure of a function code: from the 一般公共预算支出表 when it lists the code (the
/// narrative's section on it speaks of that table), otherwise from the tree.
fn table_function_figure<'a>(budget: &'a Budget, code: &FunctionCode) -> Option<&'a Figure> {
    budget
        .function_lines
        .iter()
        .find(|l| l.table == TableKind::GeneralExpenditure && &l.code == code)
        .and_then(|l| l.total.as_ref())
        .or_else(|| {
            budget
                .function(code.as_str())
                .and_then(|n| n.amount.as_ref())
        })
}

/// Compares a narrative figure with the table figure for the same thing. A difference of exactly
/// 10,000× is a unit slip and goes to implausible-unit instead.
fn narrative_against_table(out: &mut Vec<Finding>, narrative: &Term, table: &Term) {
    if narrative.figure == table.figure {
        return;
    }
    let meant = Term {
        figure: as_meant(&narrative.figure),
        ..narrative.clone()
    };
    let Some(found) = equal_finding("narrative-vs-table", &meant, table) else {
        return;
    };
    if found.severity == Severity::Error
        && let Some(slip) = unit_slip(narrative, table)
    {
        out.push(slip);
        return;
    }
    out.push(found);
}

/// A 10,000× difference between a narrative figure and a table figure, said the right way round.
fn unit_slip(narrative: &Term, table: &Term) -> Option<Finding> {
    let ten_thousand = Decimal::from(10_000);
    let n = narrative.amount();
    let t = table.amount();
    let fits = |big: Decimal, big_half: Decimal, small: Decimal, small_half: Decimal| {
        (big - small * ten_thousand).abs() <= big_half + small_half * ten_thousand && !big.is_zero()
    };
    let table_unit = table.figure.unit.label();
    let message = if fits(n, narrative.half(), t, table.half()) {
        (
            format!(
                "{}为 {}，恰为{} {} 的一万倍：表中金额按“{}”读入，实际似以万元印出（或单位行有误）。",
                narrative.zh,
                narrative.show_zh(),
                table.zh,
                table.show_zh(),
                table_unit
            ),
            format!(
                "{} is {}, exactly 10,000 times {} ({}): the table, read as {}, seems to print its \
                 figures in 10k yuan (or its unit line is wrong).",
                narrative.en,
                narrative.show_en(),
                table.en,
                table.show_en(),
                table.figure.unit.label()
            ),
        )
    } else if fits(t, table.half(), n, narrative.half()) {
        (
            format!(
                "{}为 {}，恰为{} {} 的一万倍：表中金额似以元印出，而表头单位为“{}”。",
                table.zh,
                table.show_zh(),
                narrative.zh,
                narrative.show_zh(),
                table_unit
            ),
            format!(
                "{} is {}, exactly 10,000 times {} ({}): the table seems to print yuan under a \
                 {} heading.",
                table.en,
                table.show_en(),
                narrative.en,
                narrative.show_en(),
                table.figure.unit.label()
            ),
        )
    } else {
        return None;
    };
    Some(finding(
        Severity::Warning,
        "implausible-unit",
        message,
        vec![narrative.compared(), table.compared()],
    ))
}

/// Narrative figures against the table figures for the same thing: totals, the basic/project and
/// personnel/public split, the 类 and 项 the text names, and the 三公 items.
fn narrative_vs_table(budget: &Budget, out: &mut Vec<Finding>) {
    let n = &budget.narrative;
    let t = &budget.totals;
    let pairs: [(&Option<Figure>, &Option<Figure>, &str, &str); 6] = [
        (&n.income_total, &t.income, "收入总计", "total income"),
        (
            &n.expenditure_total,
            &t.expenditure,
            "支出总计",
            "total expenditure",
        ),
        (&n.basic, &t.basic, "基本支出", "basic expenditure"),
        (&n.project, &t.project, "项目支出", "project expenditure"),
        (&n.personnel, &t.personnel, "人员经费", "personnel"),
        (&n.public_funds, &t.public_funds, "公用经费", "public funds"),
    ];
    for (stated, table, zh, en) in pairs {
        let (Some(stated), Some(table)) = (stated, table) else {
            continue;
        };
        // Income in the text may count 上年结转 where the table's does not.
        if zh == "收入总计"
            && let Some(carried) = &t.carried_over
            && stated.amount == table.amount + carried.amount
        {
            continue;
        }
        narrative_against_table(
            out,
            &Term::new(
                format!("说明中的{zh}"),
                format!("the narrative's {en}"),
                stated,
            ),
            &Term::new(format!("表中{zh}"), format!("the tables' {en}"), table),
        );
    }

    for stated in n.functions.iter().chain(&n.function_items) {
        let code = stated.code.clone().or_else(|| {
            let bare = bare_function_name(&stated.name);
            budget
                .by_function
                .iter()
                .find(|node| {
                    node.name.as_deref().map(bare_function_name).as_deref() == Some(bare.as_str())
                })
                .map(|node| node.code.clone())
        });
        let Some(code) = code else {
            continue;
        };
        let Some(table) = table_function_figure(budget, &code) else {
            continue;
        };
        narrative_against_table(
            out,
            &Term::new(
                format!("说明中的{}（{}）", stated.name, code),
                format!("the narrative's {code}"),
                &stated.amount,
            ),
            &Term::new(
                format!("表中 {code}"),
                format!("{code} in the tables"),
                table,
            ),
        );
    }

    for (stated, table, zh, en) in sanggong_items(&n.sanggong.amounts, &budget.sanggong) {
        narrative_against_table(
            out,
            &Term::new(
                format!("说明中的{zh}"),
                format!("the narrative's {en}"),
                stated,
            ),
            &Term::new(
                format!("三公经费表中的{zh}"),
                format!("the 三公 table's {en}"),
                table,
            ),
        );
    }
}

/// The 三公 items two statements both give, paired.
fn sanggong_items<'a>(
    a: &'a Sanggong,
    b: &'a Sanggong,
) -> Vec<(&'a Figure, &'a Figure, &'static str, &'static str)> {
    SanggongItem::ALL
        .into_iter()
        .filter_map(|item| Some((a.get(item)?, b.get(item)?, item.label_zh(), item.label_en())))
        .collect()
}

/// Shares stated in % against the amounts they are shares of. A share may be of any of several
/// wholes (the personnel share is usually of basic expenditure, some documents give it of the
/// total): it stands if it fits one.
fn narrative_share(budget: &Budget, out: &mut Vec<Finding>) {
    let n = &budget.narrative;
    let t = &budget.totals;
    let basic_plus_project = match (&n.basic, &n.project) {
        (Some(b), Some(p)) => Some(Figure {
            amount: b.amount + p.amount,
            source: b.source.clone(),
            printed: format::amount_plain((b.amount + p.amount).value()),
            unit: Unit::TenThousandYuan,
        }),
        _ => None,
    };
    let general_total = budget
        .table(TableKind::GeneralExpenditure)
        .and_then(|table| table_total(budget, table));
    let of_total: &[&Option<Figure>] = &[
        &n.expenditure_total,
        &t.expenditure,
        &basic_plus_project,
        &general_total,
    ];
    let of_basic: &[&Option<Figure>] = &[&n.basic, &t.basic, &n.expenditure_total, &t.expenditure];
    let shares = [
        (
            &n.basic,
            &n.basic_share,
            of_total,
            "基本支出",
            "basic expenditure",
        ),
        (
            &n.project,
            &n.project_share,
            of_total,
            "项目支出",
            "project expenditure",
        ),
        (
            &n.personnel,
            &n.personnel_share,
            of_basic,
            "人员经费",
            "personnel",
        ),
        (
            &n.public_funds,
            &n.public_funds_share,
            of_basic,
            "公用经费",
            "public funds",
        ),
    ];
    for (part, share, wholes, zh, en) in shares {
        if let (Some(part), Some(share)) = (part, share) {
            check_share(out, (part, zh, en), share, wholes);
        }
    }
    let of_functions = [&n.expenditure_total, &general_total, &t.expenditure];
    for stated in n.functions.iter().chain(&n.function_items) {
        if let Some(share) = &stated.share {
            check_share(
                out,
                (&stated.amount, &stated.name, &stated.name),
                share,
                &of_functions,
            );
        }
    }
}

fn check_share(
    out: &mut Vec<Finding>,
    part: (&Figure, &str, &str),
    share: &Percent,
    wholes: &[&Option<Figure>],
) {
    let (figure, zh, en) = part;
    let figure = as_meant(figure);
    let mut best: Option<(Decimal, Decimal, &Figure)> = None;
    for whole in wholes.iter().filter_map(|w| w.as_ref()) {
        let Some((computed, gap)) = percent_gap(
            (figure.amount.value(), figure.amount.half_unit()),
            (whole.amount.value(), whole.amount.half_unit()),
            share.value,
        ) else {
            continue;
        };
        if gap.is_zero() {
            return;
        }
        if best.is_none_or(|(_, g, _)| gap < g) {
            best = Some((computed, gap, whole));
        }
    }
    let Some((computed, gap, whole)) = best else {
        return;
    };
    let message = (
        format!(
            "说明称{zh}占 {}%，但按所列金额 {} / {} 万元计算为 {}%，超出印出精度 {}%。",
            share.value,
            format::amount_plain(figure.amount.value()),
            format::amount_plain(whole.amount.value()),
            format::percent_plain(computed),
            format::percent_plain(gap)
        ),
        format!(
            "The narrative gives {en} as {}% but the amounts {} / {} give {}%, {} points beyond the \
             printed precision.",
            share.value,
            format::amount_plain(figure.amount.value()),
            format::amount_plain(whole.amount.value()),
            format::percent_plain(computed),
            format::percent_plain(gap)
        ),
    );
    out.push(finding(
        percent_severity(gap),
        "narrative-share",
        message,
        vec![
            percent_compared(&format!("{zh}占比"), share),
            Term::new(zh, en, &figure).compared(),
            Term::new("总额", "whole", whole).compared(),
        ],
    ));
}

// ---------------------------------------------------------------------------------------------
// prior-year-arithmetic

/// This year − the stated change = last year, and the stated % = change / last year, for the
/// total, 三公 and its items, and every 类, 项 and economic class the text gives a change for.
fn prior_year_arithmetic(budget: &Budget, out: &mut Vec<Finding>) {
    let n = &budget.narrative;
    let t = &budget.totals;
    if let (Some(current), Some(change)) = (
        n.expenditure_total
            .as_ref()
            .or(n.income_total.as_ref())
            .or(t.expenditure.as_ref()),
        &n.change,
    ) {
        // A prior year derived from the change sentence itself proves nothing.
        let stated_prior = t.prior_year.as_ref().filter(|p| p.source != change.source);
        check_change(
            out,
            ("收支总计", "the total"),
            current,
            change,
            stated_prior,
        );
    }
    let s = &n.sanggong;
    let sanggong_current = s.amounts.total.as_ref().or(budget.sanggong.total.as_ref());
    if let (Some(current), Some(change)) = (sanggong_current, &s.total_change) {
        check_change(
            out,
            (Sanggong::NAME_ZH, Sanggong::NAME_EN),
            current,
            change,
            s.total_prior.as_ref(),
        );
    }
    for item in SanggongItem::LISTED {
        if matches!(item, SanggongItem::Total | SanggongItem::Vehicles) {
            continue;
        }
        if let (Some(current), Some(change)) = (s.amounts.get(item), s.change(item)) {
            check_change(
                out,
                (item.label_zh(), item.label_en()),
                current,
                change,
                None,
            );
        }
    }
    for stated in n.functions.iter().chain(&n.function_items) {
        if let Some(change) = &stated.change {
            check_change(
                out,
                (&stated.name, &stated.name),
                &stated.amount,
                change,
                None,
            );
        }
    }
    for stated in &n.economic {
        if let Some(change) = &stated.change {
            let label = format!("{}（{}）", stated.name, stated.code);
            check_change(out, (&label, &stated.code), &stated.amount, change, None);
        }
    }
}

fn check_change(
    out: &mut Vec<Finding>,
    label: (&str, &str),
    current: &Figure,
    change: &Change,
    prior: Option<&Figure>,
) {
    let (zh, en) = label;
    let current = as_meant(current);
    let current_term = Term::new(format!("{zh}本年预算"), format!("{en} this year"), &current);
    let change_amount = match (&change.amount, change.unchanged) {
        (Some(amount), true) if !amount.amount.is_zero() => {
            out.push(finding(
                Severity::Warning,
                "prior-year-arithmetic",
                (
                    format!(
                        "说明称{zh}与上年持平，却又写明变动 {} 万元。",
                        format::amount_plain(amount.amount.value())
                    ),
                    format!(
                        "The narrative calls {en} unchanged yet states a change of {}.",
                        format::amount_plain(amount.amount.value())
                    ),
                ),
                vec![
                    current_term.compared(),
                    Term::new("增减额", "change", amount).compared(),
                ],
            ));
            return;
        }
        (Some(amount), _) => Some(amount.clone()),
        // 持平 is a change of exactly zero, as precise as the current figure.
        (None, true) => Some(Figure {
            amount: Amount::from_wan(Decimal::new(0, current.amount.value().scale())),
            source: change.source.clone(),
            printed: "持平".to_string(),
            unit: Unit::TenThousandYuan,
        }),
        (None, false) => None,
    };

    if let (Some(prior), Some(delta)) = (prior, &change_amount) {
        let diff = current.amount.value() - delta.amount.value() - prior.amount.value();
        let tolerance =
            current.amount.half_unit() + delta.amount.half_unit() + prior.amount.half_unit();
        if let Some(severity) = severity_of(diff, tolerance) {
            let (note_zh, note_en) = rounding_note(severity, tolerance);
            let expected = current.amount - delta.amount;
            out.push(finding(
                severity,
                "prior-year-arithmetic",
                (
                    format!(
                        "说明称{zh}本年 {} 万元，较上年 {} 万元变动 {} 万元，但 {} − ({}) = {} 万元，相差 {} 万元，{}。",
                        format::amount_plain(current.amount.value()),
                        format::amount_plain(prior.amount.value()),
                        format::amount_plain(delta.amount.value()),
                        format::amount_plain(current.amount.value()),
                        format::amount_plain(delta.amount.value()),
                        format::amount_plain(expected.value()),
                        format::amount_plain(diff),
                        note_zh
                    ),
                    format!(
                        "The narrative gives {en} as {} this year, {} last year and a change of {}, \
                         but {} − ({}) = {}, a difference of {}, {}.",
                        format::amount_plain(current.amount.value()),
                        format::amount_plain(prior.amount.value()),
                        format::amount_plain(delta.amount.value()),
                        format::amount_plain(current.amount.value()),
                        format::amount_plain(delta.amount.value()),
                        format::amount_plain(expected.value()),
                        format::amount_plain(diff),
                        note_en
                    ),
                ),
                vec![
                    current_term.compared(),
                    Term::new(format!("{zh}上年预算"), format!("{en} last year"), prior).compared(),
                    Term::new(format!("{zh}增减额"), format!("{en} change"), delta).compared(),
                ],
            ));
        }
    }

    let Some(percent) = &change.percent else {
        return;
    };
    let c = (current.amount.value(), current.amount.half_unit());
    // Last year is stated, or this year less the change, with both their roundings.
    let base = match (prior, &change_amount) {
        (Some(p), _) => (p.amount.value(), p.amount.half_unit()),
        (None, Some(d)) => (c.0 - d.amount.value(), c.1 + d.amount.half_unit()),
        (None, None) => return,
    };
    let delta = match (&change_amount, prior) {
        (Some(d), _) => (d.amount.value(), d.amount.half_unit()),
        (None, Some(p)) => (c.0 - p.amount.value(), c.1 + p.amount.half_unit()),
        (None, None) => return,
    };
    let Some((computed, gap)) = percent_gap(delta, base, percent.value) else {
        return;
    };
    if gap.is_zero() {
        return;
    }
    // A common slip: printing this year as a share of last year instead of the change.
    let ratio_slip = percent_gap(c, base, percent.value).is_some_and(|(_, g)| g.is_zero());
    let (hint_zh, hint_en) = if ratio_slip {
        (
            "；所列百分比恰为本年占上年的比例，似把比率误作增减幅度",
            "; the stated percentage is this year as a share of last year, printed in place of the change",
        )
    } else {
        ("", "")
    };
    let (direction_zh, direction_en) = if delta.0 < Decimal::ZERO {
        ("减少", "fell")
    } else {
        ("增加", "rose")
    };
    out.push(finding(
        percent_severity(gap),
        "prior-year-arithmetic",
        (
            format!(
                "说明称{zh}{direction_zh} {}%，但按{direction_zh} {} 万元、上年 {} 万元计算为 {}%{}。",
                percent.value.abs(),
                format::amount_plain(delta.0.abs()),
                format::amount_plain(base.0),
                format::percent_plain(computed),
                hint_zh
            ),
            format!(
                "The narrative states {en} {direction_en} by {}%, but {} on last year's {} is {}%{}.",
                percent.value.abs(),
                format::amount_plain(delta.0.abs()),
                format::amount_plain(base.0),
                format::percent_plain(computed),
                hint_en
            ),
        ),
        vec![
            percent_compared(&format!("{zh}增减幅度"), percent),
            current_term.compared(),
            Compared {
                label: format!("{zh}上年预算"),
                amount: Some(Amount::from_wan(base.0)),
                source: Some(prior.map_or_else(|| change.source.clone(), |p| p.source.clone())),
            },
        ],
    ));
}

// ---------------------------------------------------------------------------------------------
// sanggong-sum, projects-vs-project-total, project-count

/// 三公 total = 出国 + 车辆 + 接待, and 车辆 = 购置 + 运行, in the table and in the narrative.
fn sanggong_sum(budget: &Budget, out: &mut Vec<Finding>) {
    let statements = [
        (&budget.sanggong, "三公经费表", "the 三公 table"),
        (&budget.narrative.sanggong.amounts, "说明", "the narrative"),
    ];
    for (s, where_zh, where_en) in statements {
        // The narrative's figures as meant: a 元 slip is implausible-unit's to report.
        let term = |item: SanggongItem| {
            s.get(item).map(|f| {
                Term::new(
                    format!("{where_zh}中的{}", item.label_zh()),
                    format!("{where_en}'s {}", item.label_en()),
                    &as_meant(f),
                )
            })
        };
        let vehicles = term(SanggongItem::Vehicles);
        let purchase = term(SanggongItem::VehiclePurchase);
        let operation = term(SanggongItem::VehicleOperation);
        if let (Some(v), Some(p), Some(o)) = (&vehicles, &purchase, &operation) {
            check_sum(out, "sanggong-sum", v, &[p.clone(), o.clone()], None);
        }
        let vehicle_parts = match (vehicles, purchase, operation) {
            (Some(v), _, _) => Some(vec![v]),
            (None, Some(p), Some(o)) => Some(vec![p, o]),
            _ => None,
        };
        let (Some(total), Some(outbound), Some(reception), Some(vehicle_parts)) = (
            term(SanggongItem::Total),
            term(SanggongItem::Outbound),
            term(SanggongItem::Reception),
            vehicle_parts,
        ) else {
            continue;
        };
        let mut parts = vec![outbound];
        parts.extend(vehicle_parts);
        parts.push(reception);
        check_sum(out, "sanggong-sum", &total, &parts, None);
    }
}

/// The projects listed add up to 项目支出.
fn projects_vs_project_total(budget: &Budget, out: &mut Vec<Finding>) {
    let Some(total) = &budget.totals.project else {
        return;
    };
    if budget.projects.is_empty() {
        return;
    }
    let Some(parts) = budget
        .projects
        .iter()
        .map(|p| {
            p.amount
                .as_ref()
                .map(|f| Term::new(p.name.clone(), p.name.clone(), f))
        })
        .collect::<Option<Vec<_>>>()
    else {
        return;
    };
    let label = format!("所列 {} 个项目", parts.len());
    let label_en = format!("the {} projects listed", parts.len());
    check_sum(
        out,
        "projects-vs-project-total",
        &Term::new("项目支出", "project expenditure", total),
        &parts,
        Some((&label, &label_en)),
    );
}

/// The number of projects the text states against the number listed.
fn project_count(budget: &Budget, out: &mut Vec<Finding>) {
    let Some(count) = &budget.narrative.project_count else {
        return;
    };
    let listed = budget.projects.len();
    if listed == 0 || listed == count.value as usize {
        return;
    }
    out.push(finding(
        Severity::Warning,
        "project-count",
        (
            format!(
                "说明称共 {} 个项目，但项目表列出 {} 个。",
                count.value, listed
            ),
            format!(
                "The narrative states {} projects but {} are listed.",
                count.value, listed
            ),
        ),
        vec![Compared {
            label: format!("说明中的项目个数 {}", count.value),
            amount: None,
            source: Some(count.source.clone()),
        }],
    ));
}

// ---------------------------------------------------------------------------------------------
// implausible-unit

/// Every narrative figure with its label, for the rules that look at all of them.
fn narrative_figures(budget: &Budget) -> Vec<Term> {
    let n = &budget.narrative;
    let s = &n.sanggong.amounts;
    let named: [(Option<&Figure>, &str, &str); 7] = [
        (n.income_total.as_ref(), "收入总计", "total income"),
        (
            n.expenditure_total.as_ref(),
            "支出总计",
            "total expenditure",
        ),
        (n.basic.as_ref(), "基本支出", "basic expenditure"),
        (n.project.as_ref(), "项目支出", "project expenditure"),
        (n.personnel.as_ref(), "人员经费", "personnel"),
        (n.public_funds.as_ref(), "公用经费", "public funds"),
        (
            n.operating_costs.as_ref(),
            "机关运行经费",
            "operating costs",
        ),
    ];
    let sanggong = SanggongItem::ALL.into_iter().map(|item| match item {
        SanggongItem::Total => (s.get(item), Sanggong::NAME_ZH, Sanggong::NAME_EN),
        _ => (s.get(item), item.label_zh(), item.label_en()),
    });
    let prior = (
        n.sanggong.total_prior.as_ref(),
        "上年“三公”经费",
        "last year's 三公 total",
    );
    let mut terms: Vec<Term> = named
        .into_iter()
        .chain(sanggong)
        .chain([prior])
        .filter_map(|(f, zh, en)| f.map(|f| Term::new(zh, en, f)))
        .collect();
    for stated in n.functions.iter().chain(&n.function_items) {
        terms.push(Term::new(
            stated.name.clone(),
            stated.name.clone(),
            &stated.amount,
        ));
    }
    for stated in &n.economic {
        terms.push(Term::new(
            stated.name.clone(),
            stated.code.clone(),
            &stated.amount,
        ));
    }
    terms
}

/// A narrative amount printed in 元 that is too small to be one (2.19 元 of reception costs),
/// with the evidence for 万元 where there is some: the 三公 total less the other items leaves
/// exactly that figure in 万元. (Table-against-narrative slips of 10,000× are reported by
/// narrative-vs-table's comparison under this same rule id.)
fn implausible_unit(budget: &Budget, out: &mut Vec<Finding>) {
    let already: BTreeSet<Source> = out
        .iter()
        .filter(|f| f.rule == "implausible-unit")
        .flat_map(|f| f.sources.iter().cloned())
        .collect();
    let s = &budget.narrative.sanggong.amounts;
    for term in narrative_figures(budget) {
        if already.contains(&term.figure.source) {
            continue;
        }
        let Some(meant) = read_as_wan(&term.figure) else {
            continue;
        };
        let mut figures = vec![term.compared()];
        // Evidence: is it exactly the remainder of the 三公 total once the other items are taken?
        let remainder = s
            .total
            .as_ref()
            .filter(|total| *total != &term.figure)
            .and_then(|total| {
                let items: Vec<&Option<Figure>> = if s.vehicles.is_some() {
                    vec![&s.outbound, &s.vehicles, &s.reception]
                } else {
                    vec![
                        &s.outbound,
                        &s.vehicle_purchase,
                        &s.vehicle_operation,
                        &s.reception,
                    ]
                };
                let is_term = |f: &&Option<Figure>| f.as_ref() == Some(&term.figure);
                if !items.iter().any(is_term) {
                    return None;
                }
                let others: Vec<&Figure> = items
                    .iter()
                    .filter(|f| !is_term(f))
                    .map(|f| f.as_ref())
                    .collect::<Option<_>>()?;
                let rest: Decimal = others.iter().map(|f| f.amount.value()).sum();
                (total.amount.value() - rest == meant.amount.value()).then_some(total)
            });
        let (zh_evidence, en_evidence) = match remainder {
            Some(total) => {
                figures.push(Term::new("“三公”经费合计", "三公 total", total).compared());
                (
                    format!(
                        "；“三公”经费合计 {} 万元减去其他各项恰余 {} 万元",
                        format::amount_plain(total.amount.value()),
                        meant.printed
                    ),
                    format!(
                        "; the 三公 total of {} less the other items leaves exactly {}",
                        format::amount_plain(total.amount.value()),
                        meant.printed
                    ),
                )
            }
            None => (String::new(), String::new()),
        };
        out.push(finding(
            Severity::Warning,
            "implausible-unit",
            (
                format!(
                    "说明中的{}印作 {} 元，数额过小，应为 {} 万元{}。",
                    term.zh, term.figure.printed, meant.printed, zh_evidence
                ),
                format!(
                    "The narrative prints {} as {} yuan, implausibly small: it must mean {} (10k yuan){}.",
                    term.en, term.figure.printed, meant.printed, en_evidence
                ),
            ),
            figures,
        ));
    }
}

// ---------------------------------------------------------------------------------------------
// placeholder

/// Where a placeholder (`XX`, `××`, `xxx`) sits in a text: the run found, or `None`. A run of X
/// joined to other Latin letters or digits is a word or code (`XXL`, `xxgk`), not a placeholder;
/// lowercase needs three, since `xx` is common in web addresses.
fn find_placeholder(text: &str) -> Option<String> {
    let chars: Vec<char> = text.chars().collect();
    let is_x = |c: char| matches!(c, 'X' | 'x' | 'Ｘ' | 'ｘ' | '×');
    let mut i = 0;
    while i < chars.len() {
        if !is_x(chars[i]) {
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len() && is_x(chars[i]) {
            i += 1;
        }
        let run: String = chars[start..i].iter().collect();
        let joined = |c: Option<&char>| c.is_some_and(|c| c.is_ascii_alphanumeric());
        let isolated =
            !joined(start.checked_sub(1).and_then(|j| chars.get(j))) && !joined(chars.get(i));
        let long_enough = if run.chars().all(|c| c == 'x') {
            run.len() >= 3
        } else {
            run.chars().count() >= 2
        };
        if isolated && long_enough {
            return Some(run);
        }
    }
    None
}

/// Placeholders left in the text. With the document's lines every line is searched; the model's
/// texts (table cells, responsibilities, glossary, projects, indicators) are searched too. One
/// finding per line.
fn placeholder(budget: &Budget, lines: &[String], out: &mut Vec<Finding>) {
    let mut hits: BTreeMap<u32, (String, String)> = BTreeMap::new();
    let mut note = |line: u32, text: &str| {
        if let Some(run) = find_placeholder(text) {
            hits.entry(line)
                .or_insert_with(|| (run, text.trim().chars().take(60).collect()));
        }
    };
    for (index, line) in lines.iter().enumerate() {
        note(u32::try_from(index + 1).unwrap_or(u32::MAX), line);
    }
    for table in &budget.tables {
        for cell in table.rows.iter().flatten() {
            note(cell.line, &cell.text);
        }
    }
    let texts = budget
        .name
        .iter()
        .chain(&budget.responsibilities)
        .chain(&budget.structure);
    for text in texts {
        note(text.source.line, &text.text);
    }
    for entry in &budget.glossary {
        note(
            entry.source.line,
            &format!("{}：{}", entry.term, entry.definition),
        );
    }
    for project in &budget.projects {
        note(project.source.line, &project.name);
        if let Some(unit) = &project.unit {
            note(project.source.line, unit);
        }
    }
    let indicators = budget
        .projects
        .iter()
        .flat_map(|p| &p.indicators)
        .chain(&budget.overall_indicators);
    for indicator in indicators {
        note(
            indicator.source.line,
            &format!("{} {}", indicator.name, indicator.value),
        );
    }
    for (line, (run, excerpt)) in hits {
        let source = source_line(budget, line);
        out.push(Finding {
            severity: Severity::Warning,
            rule: "placeholder".to_string(),
            message_zh: format!("第 {line} 行留有占位符“{run}”，内容未填写：{excerpt}"),
            message_en: format!("Line {line} still holds the placeholder “{run}”: {excerpt}"),
            figures: Vec::new(),
            sources: vec![source],
        });
    }
}

// ---------------------------------------------------------------------------------------------
// missing-table, empty-table-unexplained

/// Whether the document discloses what a required table holds: the table itself, or for
/// projects and performance targets the same content read from elsewhere.
pub fn table_disclosed(budget: &Budget, kind: TableKind) -> bool {
    budget.table(kind).is_some()
        || match kind {
            TableKind::Projects => !budget.projects.is_empty(),
            TableKind::ProjectPerformance => {
                budget.projects.iter().any(|p| !p.indicators.is_empty())
                    || budget.table(TableKind::OverallPerformance).is_some()
            }
            _ => false,
        }
}

fn missing_table(budget: &Budget, out: &mut Vec<Finding>) {
    for kind in TableKind::REQUIRED {
        if table_disclosed(budget, kind) {
            continue;
        }
        // The parser may have said so already.
        let known = budget
            .findings
            .iter()
            .any(|f| f.rule == "missing-table" && f.message_zh.contains(kind.name_zh()));
        if known {
            continue;
        }
        out.push(Finding {
            severity: Severity::Warning,
            rule: "missing-table".to_string(),
            message_zh: format!("未公开{}（财预〔2016〕143号要求公开）。", kind.name_zh()),
            message_en: format!(
                "The {} is not disclosed, though the standard requires it.",
                kind.name_en()
            ),
            figures: Vec::new(),
            sources: vec![Source::new(budget.file.clone(), 1)],
        });
    }
}

fn empty_table_unexplained(budget: &Budget, out: &mut Vec<Finding>) {
    for table in budget.tables.iter().filter(|t| t.empty && t.note.is_none()) {
        out.push(Finding {
            severity: Severity::Warning,
            rule: "empty-table-unexplained".to_string(),
            message_zh: format!("{}为空表，但未说明原因。", table.title),
            message_en: format!(
                "The {} is empty and no reason is given.",
                table.kind.name_en()
            ),
            figures: Vec::new(),
            sources: vec![table.source.clone()],
        });
    }
}

// ---------------------------------------------------------------------------------------------
// Completeness

/// One element of the standard disclosure and whether the document has it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CheckItem {
    pub id: String,
    pub label_zh: String,
    pub label_en: String,
    pub met: bool,
    /// A basic element: grade A needs all of them.
    pub basic: bool,
}

/// How completely a department discloses its budget against the standard disclosure.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Completeness {
    /// 0–100, basic elements weighing twice as much as the others.
    pub score: u32,
    /// `A`–`D`.
    pub grade: String,
    pub checklist: Vec<CheckItem>,
}

/// The eight tables of 财预〔2016〕143号 are the basic elements (an empty table counts when its
/// emptiness is explained); project expenditure, performance targets, function codes down to 项,
/// the four 三公 items, a previous-year comparison and a glossary are the additional ones.
///
/// Grades, in the spirit of PEFA PI-5: **A** every basic element and at least 5 of the 6 others;
/// **B** at least 7 basic and 10 elements in all; **C** at least 6 basic; **D** otherwise.
pub fn completeness(budget: &Budget) -> Completeness {
    let mut checklist: Vec<CheckItem> = TableKind::BASIC
        .iter()
        .map(|&kind| CheckItem {
            id: format!("table-{}", kind.id()),
            label_zh: kind.name_zh().to_string(),
            label_en: kind.name_en().to_string(),
            met: budget
                .table(kind)
                .is_some_and(|t| !t.empty || t.note.is_some()),
            basic: true,
        })
        .collect();
    let leaves = budget.function_items();
    let sanggong_split = |s: &Sanggong| {
        s.outbound.is_some()
            && s.reception.is_some()
            && s.vehicle_purchase.is_some()
            && s.vehicle_operation.is_some()
    };
    let additional = [
        (
            "projects",
            "项目支出",
            "project expenditure",
            table_disclosed(budget, TableKind::Projects),
        ),
        (
            "performance-targets",
            "绩效目标",
            "performance targets",
            table_disclosed(budget, TableKind::ProjectPerformance)
                || !budget.overall_indicators.is_empty(),
        ),
        (
            "function-items",
            "功能分类细化到项",
            "function codes down to 项",
            !leaves.is_empty()
                && leaves
                    .iter()
                    .all(|n| n.code.level() == crate::model::CodeLevel::Item),
        ),
        (
            "sanggong-items",
            "“三公”经费分四项列示",
            "三公 split into its four items",
            sanggong_split(&budget.sanggong) || sanggong_split(&budget.narrative.sanggong.amounts),
        ),
        (
            "prior-year",
            "与上年对比",
            "previous-year comparison",
            budget.narrative.change.is_some() || budget.totals.prior_year.is_some(),
        ),
        (
            "glossary",
            "名词解释",
            "glossary",
            !budget.glossary.is_empty(),
        ),
    ];
    checklist.extend(additional.into_iter().map(|(id, zh, en, met)| CheckItem {
        id: id.to_string(),
        label_zh: zh.to_string(),
        label_en: en.to_string(),
        met,
        basic: false,
    }));

    let weight = |item: &CheckItem| if item.basic { 2u32 } else { 1 };
    let total: u32 = checklist.iter().map(weight).sum();
    let met: u32 = checklist.iter().filter(|i| i.met).map(weight).sum();
    let score = (met * 100 + total / 2) / total;
    let basic_total = checklist.iter().filter(|i| i.basic).count();
    let basic_met = checklist.iter().filter(|i| i.basic && i.met).count();
    let all_met = checklist.iter().filter(|i| i.met).count();
    let other_met = all_met - basic_met;
    let grade = if basic_met == basic_total && other_met >= 5 {
        "A"
    } else if basic_met + 1 >= basic_total && all_met >= 10 {
        "B"
    } else if basic_met + 2 >= basic_total {
        "C"
    } else {
        "D"
    };
    Completeness {
        score,
        grade: grade.to_string(),
        checklist,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{
        Count, EconomicCode, FunctionLine, GlossaryEntry, Project, StatedFunction, TableCell, Text,
    };

    const FILE: &str = "test.txt";

    fn fig(printed: &str, line: u32) -> Figure {
        Figure {
            amount: printed.parse().expect("test amounts are numbers"),
            source: Source::new(FILE, line),
            printed: printed.to_string(),
            unit: Unit::TenThousandYuan,
        }
    }

    fn yuan(printed: &str, line: u32) -> Figure {
        Figure {
            amount: Amount::parse(printed, Unit::Yuan).expect("test amounts are numbers"),
            source: Source::new(FILE, line),
            printed: printed.to_string(),
            unit: Unit::Yuan,
        }
    }

    fn pct(printed: &str, line: u32) -> Percent {
        Percent {
            value: printed.parse().expect("test percentages are numbers"),
            source: Source::new(FILE, line),
        }
    }

    fn change(amount: Option<&str>, percent: Option<&str>, line: u32) -> Change {
        Change {
            amount: amount.map(|a| fig(a, line)),
            percent: percent.map(|p| pct(p, line)),
            unchanged: false,
            source: Source::new(FILE, line),
        }
    }

    fn node(code: &str, amount: &str, line: u32, children: Vec<FunctionNode>) -> FunctionNode {
        FunctionNode {
            code: FunctionCode::new(code).expect("test codes are valid"),
            name: None,
            amount: Some(fig(amount, line)),
            basic: None,
            project: None,
            derived: false,
            children,
        }
    }

    fn table(kind: TableKind, rows: &[&[&str]], first_line: u32) -> TableRecord {
        TableRecord {
            kind,
            title: kind.name_zh().to_string(),
            source: Source::new(FILE, first_line),
            unit: Some(Unit::TenThousandYuan),
            rows: rows
                .iter()
                .zip(first_line + 1..)
                .map(|(row, line)| {
                    row.iter()
                        .map(|t| TableCell {
                            text: t.to_string(),
                            line,
                        })
                        .collect()
                })
                .collect(),
            header_rows: 0,
            figures: Vec::new(),
            empty: rows.is_empty(),
            note: None,
        }
    }

    fn project(name: &str, amount: &str, line: u32) -> Project {
        Project {
            name: name.to_string(),
            unit: None,
            category: None,
            code: None,
            amount: Some(fig(amount, line)),
            indicators: Vec::new(),
            source: Source::new(FILE, line),
        }
    }

    fn empty() -> Budget {
        Budget {
            year: Some(2024),
            ..Budget::empty("test", FILE)
        }
    }

    /// A budget that discloses everything, so completeness and missing-table stay quiet.
    fn complete() -> Budget {
        let mut b = empty();
        for kind in TableKind::ALL {
            b.tables.push(table(kind, &[&["合计", "1.00"]], 100));
        }
        b.projects.push(project("办公设备", "1.00", 200));
        b.by_function = vec![node(
            "201",
            "1.00",
            10,
            vec![node(
                "20103",
                "1.00",
                11,
                vec![node("2010301", "1.00", 12, vec![])],
            )],
        )];
        b.sanggong = Sanggong {
            total: Some(fig("3.00", 50)),
            outbound: Some(fig("0.00", 51)),
            vehicles: None,
            vehicle_purchase: Some(fig("0.00", 52)),
            vehicle_operation: Some(fig("2.00", 53)),
            reception: Some(fig("1.00", 54)),
        };
        b.narrative.change = Some(change(Some("0.10"), None, 60));
        b.glossary.push(GlossaryEntry {
            term: "三公经费".to_string(),
            definition: "因公出国（境）费、公务用车购置及运行费和公务接待费".to_string(),
            source: Source::new(FILE, 70),
        });
        b
    }

    fn fired<'a>(findings: &'a [Finding], rule: &str) -> Vec<&'a Finding> {
        findings.iter().filter(|f| f.rule == rule).collect()
    }

    fn run(b: &Budget, rule: &str) -> Vec<Finding> {
        audit(b).into_iter().filter(|f| f.rule == rule).collect()
    }

    // --- tolerance -----------------------------------------------------------------------

    #[test]
    fn pure_rounding_is_info_not_error() {
        let mut b = empty();
        // 966.70 stated; its 款 sum to 966.69: one cent is within 3 × 0.005.
        b.by_function = vec![node(
            "201",
            "966.70",
            10,
            vec![
                node("20103", "500.00", 11, vec![]),
                node("20131", "466.69", 12, vec![]),
            ],
        )];
        let found = run(&b, "function-tree-sum");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].severity, Severity::Info);
        assert!(
            found[0].message_zh.contains("966.70"),
            "{}",
            found[0].message_zh
        );
        assert!(
            found[0].message_zh.contains("966.69"),
            "{}",
            found[0].message_zh
        );
        assert!(found[0].message_zh.contains("四舍五入"));
        assert_eq!(found[0].figures.len(), 3);
        assert_eq!(found[0].sources.len(), 3);
    }

    // --- function-tree-sum ---------------------------------------------------------------

    #[test]
    fn procurement_sum_fires_when_parts_exceed_the_total_and_stays_silent_when_they_add_up() {
        // weihui-2024.txt:157-159: 政府采购预算安排3万元，其中：货物35.25万元、工程0万元、服务0万元.
        let mut b = empty();
        b.narrative.procurement.total = Some(fig("3", 157));
        b.narrative.procurement.goods = Some(fig("35.25", 159));
        b.narrative.procurement.works = Some(fig("0", 159));
        b.narrative.procurement.services = Some(fig("0", 159));
        let found = run(&b, "procurement-sum");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].severity, Severity::Error);
        b.narrative.procurement.total = Some(fig("35.25", 157));
        assert!(run(&b, "procurement-sum").is_empty());
        b.narrative.procurement.goods = None;
        assert!(
            run(&b, "procurement-sum").is_empty(),
            "an undisclosed part is not zero"
        );
    }

    #[test]
    fn sanggong_table_total_fires_when_the_grand_total_is_more_than_its_rows() {
        // laiyuan-2024.txt:1521-1605: 合计 186.00, “三公”经费小计 171.00, 会议费 and 培训费 blank.
        let mut b = empty();
        let mut t = table(TableKind::Sanggong, &[], 1499);
        t.figures = vec![
            crate::model::KeyedFigure {
                key: "table_total".into(),
                figure: fig("186.00", 1521),
            },
            crate::model::KeyedFigure {
                key: "sanggong_total".into(),
                figure: fig("171.00", 1528),
            },
            crate::model::KeyedFigure {
                key: "meeting".into(),
                figure: fig("0", 1584),
            },
            crate::model::KeyedFigure {
                key: "training".into(),
                figure: fig("0", 1605),
            },
        ];
        b.tables.push(t.clone());
        let found = run(&b, "sanggong-table-total");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].severity, Severity::Error);
        b.tables[0].figures[2].figure = fig("15.00", 1584);
        assert!(run(&b, "sanggong-table-total").is_empty());
    }

    #[test]
    fn function_tree_sum_fires_beyond_rounding_at_every_level() {
        let mut b = empty();
        b.by_function = vec![node(
            "201",
            "966.70",
            10,
            vec![node(
                "20131",
                "956.70",
                11,
                vec![
                    node("2013101", "900.00", 12, vec![]),
                    node("2013150", "50.00", 13, vec![]),
                ],
            )],
        )];
        b.totals.expenditure = Some(fig("1000.00", 5));
        let found = run(&b, "function-tree-sum");
        assert_eq!(found.len(), 3, "{found:#?}");
        assert!(found.iter().all(|f| f.severity == Severity::Error));
        assert!(found[0].message_en.contains("201"));
    }

    #[test]
    fn function_tree_sum_silent_when_it_adds_up_or_is_derived_or_undisclosed() {
        let mut b = empty();
        let mut derived = node("208", "10.00", 20, vec![node("20805", "3.00", 21, vec![])]);
        derived.derived = true;
        let mut undisclosed = node("210", "5.00", 30, vec![node("21011", "5.00", 31, vec![])]);
        undisclosed.children[0].amount = None;
        b.by_function = vec![
            node(
                "201",
                "966.70",
                10,
                vec![
                    node("20103", "500.00", 11, vec![]),
                    node("20131", "466.70", 12, vec![]),
                ],
            ),
            derived,
            undisclosed,
        ];
        assert!(run(&b, "function-tree-sum").is_empty());
    }

    #[test]
    fn function_tree_checks_basic_and_project_columns() {
        let mut b = empty();
        let mut class = node("201", "10.00", 10, vec![node("20103", "10.00", 11, vec![])]);
        class.basic = Some(fig("6.00", 10));
        class.children[0].basic = Some(fig("4.00", 11));
        b.by_function = vec![class];
        let found = run(&b, "function-tree-sum");
        assert_eq!(found.len(), 1);
        assert!(found[0].message_zh.contains("基本支出"));
    }

    // --- economic-tree-sum ---------------------------------------------------------------

    fn economic(code: &str, amount: &str, line: u32, children: Vec<EconomicNode>) -> EconomicNode {
        EconomicNode {
            code: EconomicCode::new(code).expect("test codes are valid"),
            name: None,
            amount: Some(fig(amount, line)),
            derived: false,
            children,
        }
    }

    #[test]
    fn economic_tree_sum_fires_and_stays_silent() {
        let mut b = empty();
        b.by_economic = vec![economic(
            "301",
            "100.00",
            10,
            vec![
                economic("30101", "60.00", 11, vec![]),
                economic("30102", "30.00", 12, vec![]),
            ],
        )];
        assert_eq!(run(&b, "economic-tree-sum")[0].severity, Severity::Error);
        b.by_economic[0].children[1] = economic("30102", "40.00", 12, vec![]);
        b.totals.basic = Some(fig("100.00", 5));
        assert!(run(&b, "economic-tree-sum").is_empty());
        // More basic expenditure by class than there is basic expenditure is impossible.
        b.totals.basic = Some(fig("90.00", 5));
        assert_eq!(run(&b, "economic-tree-sum")[0].severity, Severity::Error);
    }

    // --- basic-split ---------------------------------------------------------------------

    /// fengquan-2024 line 88 gives 基本支出 1058.62 万元; its tables (lines 225, 327) give 1038.62
    /// = 人员经费 980.74 + 公用经费 57.88.
    fn fengquan() -> Budget {
        let mut b = empty();
        b.file = "fengquan-2024.txt".to_string();
        b.totals.expenditure = Some(fig("1261.66", 225));
        b.totals.basic = Some(fig("1038.62", 225));
        b.totals.project = Some(fig("223.04", 225));
        b.totals.personnel = Some(fig("980.74", 327));
        b.totals.public_funds = Some(fig("57.88", 327));
        b.narrative.expenditure_total = Some(fig("1261.66", 88));
        b.narrative.basic = Some(fig("1058.62", 88));
        b.narrative.basic_share = Some(pct("83.91", 88));
        b.narrative.project = Some(fig("203.04", 88));
        b.narrative.project_share = Some(pct("16.09", 88));
        b.narrative.personnel = Some(fig("980.74", 104));
        b.narrative.personnel_share = Some(pct("77.73", 104));
        b.narrative.public_funds = Some(fig("57.88", 104));
        b.narrative.public_funds_share = Some(pct("4.59", 104));
        b.narrative.change = Some(change(Some("84.41"), Some("7.17"), 80));
        b
    }

    #[test]
    fn basic_split_catches_fengquan_narrative() {
        let found = run(&fengquan(), "basic-split");
        assert_eq!(found.len(), 1, "{found:#?}");
        assert_eq!(found[0].severity, Severity::Error);
        assert!(found[0].message_zh.contains("1058.62"));
        assert!(found[0].message_zh.contains("1038.62"));
        // Both sides are the narrative's, and the message says so.
        assert!(
            found[0]
                .message_zh
                .contains("但说明中的人员经费 + 公用经费之和"),
            "{}",
            found[0].message_zh
        );
        assert!(found[0].message_en.contains("but its personnel"));
    }

    #[test]
    fn basic_split_silent_when_tables_agree() {
        let mut b = fengquan();
        b.narrative.basic = Some(fig("1038.62", 88));
        assert!(run(&b, "basic-split").is_empty());
    }

    // --- basic-plus-project --------------------------------------------------------------

    #[test]
    fn basic_plus_project_fires_and_stays_silent() {
        let mut b = empty();
        // weihui-2024 line 115: 922.94 = 483.80 + 439.14.
        b.totals.expenditure = Some(fig("922.94", 115));
        b.totals.basic = Some(fig("483.80", 115));
        b.totals.project = Some(fig("439.14", 115));
        b.function_lines.push(FunctionLine {
            code: FunctionCode::new("2013101").expect("valid"),
            name: "行政运行".to_string(),
            total: Some(fig("422.15", 230)),
            basic: Some(fig("362.15", 230)),
            project: Some(fig("60.00", 230)),
            table: TableKind::Expenditure,
        });
        assert!(run(&b, "basic-plus-project").is_empty());
        b.totals.project = Some(fig("439.41", 115));
        b.function_lines[0].project = Some(fig("6.00", 230));
        let found = run(&b, "basic-plus-project");
        assert_eq!(found.len(), 2);
        assert!(found.iter().all(|f| f.severity == Severity::Error));
    }

    // --- income-equals-expenditure -------------------------------------------------------

    #[test]
    fn income_equals_expenditure_allows_carry_over() {
        let mut b = empty();
        // fengquan-2024 line 306–314: 本年收入 1,241.66 + 上年结转 20.00 = 支出 1,261.66.
        b.totals.income = Some(fig("1241.66", 306));
        b.totals.expenditure = Some(fig("1261.66", 306));
        b.totals.carried_over = Some(fig("20.00", 314));
        assert!(run(&b, "income-equals-expenditure").is_empty());
        b.totals.carried_over = None;
        let found = run(&b, "income-equals-expenditure");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].severity, Severity::Error);
    }

    // --- cross-table ---------------------------------------------------------------------

    #[test]
    fn cross_table_compares_grand_totals() {
        let mut b = empty();
        b.tables.push(table(
            TableKind::Summary,
            &[&["收入总计", "922.94", "支出总计", "922.94"]],
            240,
        ));
        b.tables.push(table(
            TableKind::Expenditure,
            &[&["", "合计", "922.94", "483.80"]],
            250,
        ));
        b.tables.push(table(
            TableKind::GeneralExpenditure,
            &[&["合计", "922.94"]],
            320,
        ));
        assert!(run(&b, "cross-table").is_empty());
        b.tables[1] = table(
            TableKind::Expenditure,
            &[&["", "合计", "932.94", "483.80"]],
            250,
        );
        let found = run(&b, "cross-table");
        assert_eq!(found.len(), 2, "{found:#?}");
        // 收支总表 and 支出总表 cover the same funds: an error.
        assert_eq!(found[0].severity, Severity::Error);
        // The general budget may fall short of all funds: info only.
        assert_eq!(found[1].severity, Severity::Info);
        // A general-budget table showing less than the whole is not an error.
        b.tables[1] = table(TableKind::Expenditure, &[&["", "合计", "922.94"]], 250);
        b.tables[2] = table(TableKind::GeneralExpenditure, &[&["合计", "862.94"]], 320);
        let found = run(&b, "cross-table");
        assert_eq!(found.len(), 2, "against 收支总表 and 支出总表");
        assert!(found.iter().all(|f| f.severity == Severity::Info));
    }

    #[test]
    fn cross_table_compares_function_codes() {
        let mut b = empty();
        let line = |table: TableKind, amount: &str, at: u32| FunctionLine {
            code: FunctionCode::new("2010301").expect("valid"),
            name: "行政运行".to_string(),
            total: Some(fig(amount, at)),
            basic: None,
            project: None,
            table,
        };
        b.function_lines = vec![
            line(TableKind::Expenditure, "239.14", 260),
            line(TableKind::Summary, "239.14", 240),
        ];
        assert!(run(&b, "cross-table").is_empty());
        b.function_lines
            .push(line(TableKind::GeneralExpenditure, "293.14", 330));
        let found = run(&b, "cross-table");
        assert_eq!(found.len(), 2);
        assert!(found.iter().all(|f| f.severity == Severity::Error));
    }

    // --- narrative-vs-table --------------------------------------------------------------

    #[test]
    fn narrative_vs_table_catches_fengquan_basic_and_project() {
        let found = run(&fengquan(), "narrative-vs-table");
        assert_eq!(found.len(), 2, "{found:#?}");
        assert!(found.iter().all(|f| f.severity == Severity::Error));
        assert!(found[0].message_zh.contains("1058.62") && found[0].message_zh.contains("1038.62"));
        assert!(found[0].sources.contains(&Source::new(FILE, 88)));
    }

    #[test]
    fn narrative_vs_table_silent_when_text_matches() {
        let mut b = fengquan();
        b.narrative.basic = Some(fig("1038.62", 88));
        b.narrative.project = Some(fig("223.04", 88));
        assert!(run(&b, "narrative-vs-table").is_empty());
    }

    #[test]
    fn narrative_vs_table_matches_classes_by_name() {
        let mut b = empty();
        let mut class = node("201", "966.70", 230, vec![]);
        class.name = Some("一般公共服务支出".to_string());
        b.by_function = vec![class];
        b.narrative.functions.push(StatedFunction {
            name: "一般公共服务(类)".to_string(),
            code: None,
            amount: fig("966.70", 100),
            share: Some(pct("76.62", 100)),
            change: None,
        });
        assert!(run(&b, "narrative-vs-table").is_empty());
        b.narrative.functions[0].amount = fig("976.70", 100);
        assert_eq!(run(&b, "narrative-vs-table")[0].severity, Severity::Error);
    }

    // --- narrative-share -----------------------------------------------------------------

    #[test]
    fn narrative_share_accepts_either_base() {
        // fengquan gives personnel as a share of the total (77.73%), luohe of basic (92.9%).
        let mut b = fengquan();
        assert!(run(&b, "narrative-share").is_empty());
        b.narrative.personnel_share = Some(pct("94.43", 104));
        assert!(run(&b, "narrative-share").is_empty());
    }

    #[test]
    fn narrative_share_warns_just_outside_precision_and_errs_far_outside() {
        let mut b = empty();
        b.narrative.expenditure_total = Some(fig("922.94", 115));
        b.narrative.basic = Some(fig("483.80", 115));
        b.narrative.basic_share = Some(pct("52.42", 115));
        assert!(run(&b, "narrative-share").is_empty());
        b.narrative.basic_share = Some(pct("52.5", 115));
        assert_eq!(run(&b, "narrative-share")[0].severity, Severity::Warning);
        b.narrative.basic_share = Some(pct("62.42", 115));
        let found = run(&b, "narrative-share");
        assert_eq!(found[0].severity, Severity::Error);
        assert!(
            found[0].message_zh.contains("52.42"),
            "{}",
            found[0].message_zh
        );
    }

    // --- prior-year-arithmetic -----------------------------------------------------------

    /// fengxian-2024 line 190: 33.96 万元, 较上年预算 35.38 万元减少 1.41 万元（96%）; 公务接待费
    /// 2.19元, 较上年3.49减少1.29万元（62.84%）; 公务用车运行维护费 31.77 万元, 减少 0.12 万元（0.3%）.
    fn fengxian() -> Budget {
        let mut b = empty();
        b.file = "fengxian-2024.txt".to_string();
        let s = &mut b.narrative.sanggong;
        s.amounts.total = Some(fig("33.96", 190));
        s.total_prior = Some(fig("35.38", 190));
        s.total_change = Some(change(Some("-1.41"), Some("-96"), 190));
        s.amounts.outbound = Some(fig("0.00", 190));
        s.outbound_change = Some(Change {
            unchanged: true,
            ..change(None, None, 190)
        });
        s.amounts.reception = Some(yuan("2.19", 190));
        s.reception_change = Some(change(Some("-1.29"), Some("-62.84"), 190));
        s.amounts.vehicle_operation = Some(fig("31.77", 190));
        s.vehicle_operation_change = Some(change(Some("-0.12"), Some("-0.3"), 190));
        s.amounts.vehicle_purchase = Some(fig("0.00", 190));
        s.vehicle_purchase_change = Some(Change {
            unchanged: true,
            ..change(None, None, 190)
        });
        b
    }

    #[test]
    fn prior_year_arithmetic_catches_fengxian_sanggong() {
        let found = run(&fengxian(), "prior-year-arithmetic");
        let messages: Vec<&str> = found.iter().map(|f| f.message_zh.as_str()).collect();
        assert_eq!(found.len(), 4, "{messages:#?}");
        // 33.96 + 1.41 = 35.37 against 35.38: within the rounding of three figures.
        assert_eq!(found[0].severity, Severity::Info);
        // 96% is this year as a share of last year, not the change (4.0%).
        assert_eq!(found[1].severity, Severity::Error);
        assert!(
            found[1].message_zh.contains("本年占上年"),
            "{}",
            found[1].message_zh
        );
        // Reception: 1.29 on 3.48 is 37.07%, not 62.84%.
        assert_eq!(found[2].severity, Severity::Error);
        assert!(found[2].message_zh.contains("公务接待费"));
        // Vehicle operation: 0.12 on 31.89 is 0.38%, printed 0.3%: truncated, a warning.
        assert_eq!(found[3].severity, Severity::Warning);
    }

    #[test]
    fn prior_year_arithmetic_silent_on_consistent_documents() {
        let mut b = empty();
        // weihui-2024 line 107: 922.94, +284.22, 44.50%.
        b.narrative.expenditure_total = Some(fig("922.94", 107));
        b.narrative.change = Some(change(Some("284.22"), Some("44.50"), 107));
        assert!(run(&b, "prior-year-arithmetic").is_empty());
        // luohe-2024 line 109: 4212.99, −383.72, −8.3%.
        b.narrative.expenditure_total = Some(fig("4212.99", 109));
        b.narrative.change = Some(change(Some("-383.72"), Some("-8.3"), 109));
        assert!(run(&b, "prior-year-arithmetic").is_empty());
        // fengquan-2024 line 80: 1261.66, +84.41, 7.17%.
        assert!(run(&fengquan(), "prior-year-arithmetic").is_empty());
    }

    #[test]
    fn prior_year_arithmetic_flags_unchanged_with_a_change() {
        let mut b = empty();
        b.narrative.sanggong.amounts.total = Some(fig("11.00", 120));
        b.narrative.sanggong.total_change = Some(Change {
            unchanged: true,
            ..change(Some("2.00"), None, 120)
        });
        assert_eq!(
            run(&b, "prior-year-arithmetic")[0].severity,
            Severity::Warning
        );
    }

    // --- sanggong-sum --------------------------------------------------------------------

    #[test]
    fn sanggong_sum_fires_and_stays_silent() {
        let mut b = empty();
        // fengquan-2024 lines 110–118: 11.00 = 0.00 + 2.00 + 9.00 (9.00 = 0.00 + 9.00).
        b.sanggong = Sanggong {
            total: Some(fig("11.00", 110)),
            outbound: Some(fig("0.00", 114)),
            vehicles: Some(fig("9.00", 118)),
            vehicle_purchase: Some(fig("0.00", 118)),
            vehicle_operation: Some(fig("9.00", 118)),
            reception: Some(fig("2.00", 116)),
        };
        assert!(run(&b, "sanggong-sum").is_empty());
        b.sanggong.vehicle_operation = Some(fig("8.00", 118));
        b.sanggong.reception = Some(fig("3.00", 116));
        let found = run(&b, "sanggong-sum");
        assert_eq!(found.len(), 2);
        assert!(found.iter().all(|f| f.severity == Severity::Error));
    }

    #[test]
    fn sanggong_sum_reads_fengxian_reception_as_meant() {
        // 0.00 + 2.19 + 31.77 + 0.00 = 33.96 once 2.19 元 is read as 万元; the slip itself is
        // implausible-unit's finding.
        assert!(run(&fengxian(), "sanggong-sum").is_empty());
    }

    // --- projects-vs-project-total, project-count ----------------------------------------

    #[test]
    fn projects_sum_to_project_total_within_rounding() {
        let mut b = empty();
        // luohe prints project amounts to 0.1 and the total to 0.01.
        b.totals.project = Some(fig("100.04", 117));
        b.projects = vec![project("甲", "50.0", 400), project("乙", "50.0", 401)];
        let found = run(&b, "projects-vs-project-total");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].severity, Severity::Info);
        b.projects[1] = project("乙", "50.04", 401);
        b.projects[0] = project("甲", "50.00", 400);
        assert!(run(&b, "projects-vs-project-total").is_empty());
        b.projects[1] = project("乙", "40.04", 401);
        assert_eq!(
            run(&b, "projects-vs-project-total")[0].severity,
            Severity::Error
        );
        // A project without an amount: no sum to check.
        b.projects[1].amount = None;
        assert!(run(&b, "projects-vs-project-total").is_empty());
    }

    #[test]
    fn project_count_fires_and_stays_silent() {
        let mut b = empty();
        b.projects = vec![project("甲", "1.00", 400)];
        b.narrative.project_count = Some(Count {
            value: 1,
            source: Source::new(FILE, 90),
        });
        assert!(run(&b, "project-count").is_empty());
        b.narrative.project_count = Some(Count {
            value: 31,
            source: Source::new(FILE, 90),
        });
        assert_eq!(run(&b, "project-count")[0].severity, Severity::Warning);
    }

    // --- implausible-unit ----------------------------------------------------------------

    #[test]
    fn implausible_unit_catches_fengxian_reception_in_yuan() {
        let found = run(&fengxian(), "implausible-unit");
        assert_eq!(found.len(), 1, "{found:#?}");
        assert_eq!(found[0].severity, Severity::Warning);
        assert!(
            found[0].message_zh.contains("2.19 元"),
            "{}",
            found[0].message_zh
        );
        assert!(
            found[0].message_zh.contains("恰余"),
            "{}",
            found[0].message_zh
        );
    }

    #[test]
    fn implausible_unit_silent_for_amounts_in_wan_and_real_yuan() {
        let mut b = fengxian();
        b.narrative.sanggong.amounts.reception = Some(fig("2.19", 190));
        b.narrative.expenditure_total = Some(yuan("6106713.00", 20));
        assert!(run(&b, "implausible-unit").is_empty());
    }

    #[test]
    fn implausible_unit_says_which_side_of_a_ten_thousand_fold_difference() {
        let mut b = empty();
        b.narrative.expenditure_total = Some(fig("610.67", 100));
        // A table headed 元 whose figures are in fact 万元.
        b.totals.expenditure = Some(yuan("610.67", 280));
        let found = audit(&b);
        assert!(fired(&found, "narrative-vs-table").is_empty());
        let slip = fired(&found, "implausible-unit");
        assert_eq!(slip.len(), 1);
        assert!(
            slip[0]
                .message_en
                .contains("seems to print its figures in 10k yuan")
        );
        // A table headed 万元 that prints 元.
        b.totals.expenditure = Some(fig("6106700", 280));
        let slip = run(&b, "implausible-unit");
        assert!(
            slip[0].message_en.contains("seems to print yuan"),
            "{}",
            slip[0].message_en
        );
    }

    // --- placeholder ---------------------------------------------------------------------

    #[test]
    fn placeholder_finds_fengxian_xx_in_lines_and_cells() {
        let mut b = empty();
        let lines = vec![
            "六、国有资产占有使用及资产购置情况说明".to_string(),
            "截止上年底，本单位共有车辆22辆，单价20万元以上的设备XX台（套）。".to_string(),
        ];
        b.tables
            .push(table(TableKind::Projects, &[&["项目", "××项目"]], 300));
        let found: Vec<Finding> = audit_with_lines(&b, &lines)
            .into_iter()
            .filter(|f| f.rule == "placeholder")
            .collect();
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].sources, vec![Source::new(FILE, 2)]);
        assert_eq!(found[0].severity, Severity::Warning);
        assert_eq!(found[1].sources, vec![Source::new(FILE, 301)]);
    }

    #[test]
    fn placeholder_silent_on_words_and_addresses() {
        assert_eq!(find_placeholder("见 www.gov.cn/xxgk 与 XXL 号"), None);
        assert_eq!(find_placeholder("本单位共有车辆 22 辆"), None);
        assert_eq!(find_placeholder("2×3 平方米"), None);
        assert_eq!(find_placeholder("xxx 单位"), Some("xxx".to_string()));
        let b = complete();
        let lines = vec!["本单位共有车辆22辆".to_string()];
        assert!(
            audit_with_lines(&b, &lines)
                .iter()
                .all(|f| f.rule != "placeholder")
        );
    }

    // --- missing-table, empty-table-unexplained ------------------------------------------

    #[test]
    fn missing_tables_are_named() {
        let found = run(&empty(), "missing-table");
        assert_eq!(found.len(), TableKind::REQUIRED.len());
        assert!(
            found
                .iter()
                .any(|f| f.message_zh.contains("“三公”经费支出表"))
        );
        assert!(run(&complete(), "missing-table").is_empty());
    }

    #[test]
    fn missing_table_not_repeated_after_the_parser() {
        let mut b = empty();
        b.findings.push(Finding {
            severity: Severity::Warning,
            rule: "missing-table".to_string(),
            message_zh: "未找到收支总表".to_string(),
            message_en: "no summary table".to_string(),
            figures: Vec::new(),
            sources: Vec::new(),
        });
        let found = run(&b, "missing-table");
        assert_eq!(found.len(), TableKind::REQUIRED.len());
        // The parser's own finding comes first.
        assert_eq!(audit(&b)[0].message_zh, "未找到收支总表");
    }

    #[test]
    fn empty_table_needs_a_note() {
        let mut b = complete();
        b.tables.push(table(TableKind::GovernmentFund, &[], 340));
        assert_eq!(run(&b, "empty-table-unexplained").len(), 1);
        b.tables.last_mut().expect("just pushed").note = Some(Text {
            text: "本单位无政府性基金预算收支，此表为空。".to_string(),
            source: Source::new(FILE, 345),
        });
        assert!(run(&b, "empty-table-unexplained").is_empty());
    }

    // --- completeness --------------------------------------------------------------------

    #[test]
    fn completeness_grades() {
        let full = completeness(&complete());
        assert_eq!((full.score, full.grade.as_str()), (100, "A"));
        assert_eq!(full.checklist.len(), 14);
        assert!(full.checklist.iter().all(|c| c.met));

        let none = completeness(&empty());
        assert_eq!((none.score, none.grade.as_str()), (0, "D"));

        // One basic table missing: no longer A.
        let mut b = complete();
        b.tables.retain(|t| t.kind != TableKind::GovernmentFund);
        let c = completeness(&b);
        assert_eq!(c.grade, "B");
        assert_eq!(c.score, 91);

        // An empty table without a note does not count; two basic elements short is C.
        b.tables.retain(|t| t.kind != TableKind::Sanggong);
        b.tables.push(table(TableKind::Sanggong, &[], 370));
        assert_eq!(completeness(&b).grade, "C");
        b.tables.retain(|t| t.kind != TableKind::Income);
        assert_eq!(completeness(&b).grade, "D");
    }

    #[test]
    fn completeness_counts_function_items_and_sanggong_split() {
        let mut b = complete();
        b.by_function[0].children[0].children.clear();
        b.sanggong.vehicle_purchase = None;
        let c = completeness(&b);
        let met = |id: &str| c.checklist.iter().find(|i| i.id == id).map(|i| i.met);
        assert_eq!(met("function-items"), Some(false));
        assert_eq!(met("sanggong-items"), Some(false));
        assert_eq!(c.grade, "B");
    }

    #[test]
    fn undisclosed_figures_are_never_zero() {
        let mut b = fengquan();
        b.totals.public_funds = None;
        b.narrative.public_funds = None;
        b.totals.project = None;
        b.narrative.project = None;
        assert!(run(&b, "basic-split").is_empty());
        assert!(run(&b, "basic-plus-project").is_empty());
    }

    #[test]
    fn class_shares_checked_against_the_total() {
        // fengquan-2024 line 100: 一般公共服务(类)支出 966.70 万元，占 76.62 %.
        let mut b = fengquan();
        b.narrative.functions.push(StatedFunction {
            name: "一般公共服务(类)".to_string(),
            code: None,
            amount: fig("966.70", 100),
            share: Some(pct("76.62", 100)),
            change: None,
        });
        assert!(run(&b, "narrative-share").is_empty());
        b.narrative.functions[0].share = Some(pct("67.62", 100));
        assert_eq!(run(&b, "narrative-share")[0].severity, Severity::Error);
    }

    #[test]
    fn audit_is_deterministic() {
        let b = fengquan();
        assert_eq!(audit(&b), audit(&b));
    }
}
