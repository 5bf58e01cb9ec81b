//! Figures with their labels, and the tolerance arithmetic every rule shares: how far rounding
//! may move a printed figure, and how far a printed percentage may lie from the amounts it
//! describes.

use super::*;

/// A figure with what it is, in Chinese and English.
#[derive(Debug, Clone)]
pub(super) struct Term {
    pub(super) zh: String,
    pub(super) en: String,
    pub(super) figure: Figure,
    /// How far rounding may have moved the figure, when that is more than half a unit of its
    /// last digit (a sum of rounded figures).
    pub(super) half: Option<Decimal>,
}

impl Term {
    pub(super) fn new(zh: impl Into<String>, en: impl Into<String>, figure: &Figure) -> Self {
        Term {
            zh: zh.into(),
            en: en.into(),
            figure: figure.clone(),
            half: None,
        }
    }

    pub(super) fn amount(&self) -> Decimal {
        self.figure.amount.value()
    }

    pub(super) fn half(&self) -> Decimal {
        self.half.unwrap_or_else(|| self.figure.amount.half_unit())
    }

    pub(super) fn compared(&self) -> Compared {
        Compared {
            label: self.zh.clone(),
            amount: Some(self.figure.amount),
            source: Some(self.figure.source.clone()),
        }
    }

    pub(super) fn show_zh(&self) -> String {
        match self.figure.unit {
            Unit::TenThousandYuan => format!("{} 万元", format::amount_plain(self.amount())),
            other => format!(
                "{} 万元（原文 {} {}）",
                format::amount_plain(self.amount()),
                self.figure.printed,
                other.label()
            ),
        }
    }

    pub(super) fn show_en(&self) -> String {
        match self.figure.unit {
            Unit::TenThousandYuan => format!("{} (10k yuan)", format::amount_plain(self.amount())),
            other => format!(
                "{} (10k yuan; printed {} {})",
                format::amount_plain(self.amount()),
                self.figure.printed,
                other.label_en()
            ),
        }
    }
}

/// Silent when equal, info within rounding, error beyond it.
pub(super) fn severity_of(diff: Decimal, tolerance: Decimal) -> Option<Severity> {
    if diff.is_zero() {
        None
    } else if diff.abs() <= tolerance {
        Some(Severity::Info)
    } else {
        Some(Severity::Error)
    }
}

/// The words every within-rounding note carries, so the notes can be counted together.
pub(super) const WITHIN_ROUNDING_ZH: &str = "在四舍五入允许的";

pub(super) fn rounding_note(severity: Severity, tolerance: Decimal) -> (String, String) {
    let t = format::tolerance(tolerance);
    if severity == Severity::Info {
        (
            format!("{WITHIN_ROUNDING_ZH} ±{t} 万元之内"),
            format!("within the ±{t} that rounding allows"),
        )
    } else {
        (
            format!("超出四舍五入允许的 ±{t} 万元"),
            format!("beyond the ±{t} that rounding allows"),
        )
    }
}

pub(super) fn finding(
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
        details: Vec::new(),
    }
}

/// Checks a stated total against the sum of its parts. `parts_label` names the parts as a group
/// (`其下各项`); without it the parts are named one by one.
pub(super) fn check_sum(
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
pub(super) fn check_equal(out: &mut Vec<Finding>, rule: &str, left: &Term, right: &Term) {
    if let Some(f) = equal_finding(rule, left, right) {
        out.push(f);
    }
}

pub(super) fn equal_finding(rule: &str, left: &Term, right: &Term) -> Option<Finding> {
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
pub(super) fn check_at_most(out: &mut Vec<Finding>, rule: &str, part: &Term, whole: &Term) {
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
pub(super) fn percent_gap(
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
pub(super) fn percent_severity(gap: Decimal) -> Severity {
    if gap <= Decimal::ONE {
        Severity::Warning
    } else {
        Severity::Error
    }
}

pub(super) fn percent_compared(label: &str, percent: &Percent) -> Compared {
    Compared {
        label: format!("{label}（{}%）", percent.value),
        amount: None,
        source: Some(percent.source.clone()),
    }
}

/// A narrative figure printed in 元 whose value is too small to be a budget line (under 100 元)
/// was almost certainly meant in 万元; this is that reading. `None` when the figure looks right.
pub(super) fn read_as_wan(figure: &Figure) -> Option<Figure> {
    if figure.unit != Unit::Yuan {
        return None;
    }
    let printed = parse_decimal(&figure.printed)?;
    (printed > Decimal::ZERO && printed < Decimal::ONE_HUNDRED).then(|| Figure {
        amount: Amount::from_wan(printed),
        source: figure.source.clone(),
        printed: figure.printed.clone(),
        unit: Unit::TenThousandYuan,
        correction: None,
        derivation: None,
    })
}

/// A narrative figure as it was evidently meant (see [`read_as_wan`]); the implausible-unit rule
/// reports the slip, so other rules need not trip over it again.
pub(super) fn as_meant(figure: &Figure) -> Figure {
    read_as_wan(figure).unwrap_or_else(|| figure.clone())
}

pub(super) fn source_line(budget: &Budget, line: u32) -> Source {
    Source::new(budget.file.clone(), line)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audit::test_support::*;

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
}
