//! prior-year-arithmetic: this year, last year and the stated change.

use super::*;

/// This year − the stated change = last year, and the stated % = change / last year, for the
/// total, 三公 and its items, and every 类, 项 and economic class the text gives a change for.
pub(super) fn prior_year_arithmetic(budget: &Budget, out: &mut Vec<Finding>) {
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

pub(super) fn check_change(
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
            correction: None,
            derivation: None,
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audit::test_support::*;

    // --- prior-year-arithmetic -----------------------------------------------------------

    #[test]
    fn prior_year_arithmetic_catches_fengxian_sanggong() {
        let found = run(&fengxian(), "prior-year-arithmetic");
        let messages: Vec<&str> = found.iter().map(|f| f.message_zh.as_str()).collect();
        assert_eq!(found.len(), 4, "{messages:#?}");
        let with = |word: &str, severity: Severity| {
            found
                .iter()
                .filter(|f| f.message_zh.contains(word) && f.severity == severity)
                .count()
        };
        // 33.96 + 1.41 = 35.37 against 35.38: within the rounding of three figures.
        assert_eq!(with("35.38", Severity::Info), 1, "{messages:#?}");
        // 96% is this year as a share of last year, not the change (4.0%).
        assert_eq!(with("本年占上年", Severity::Error), 2, "{messages:#?}");
        // Reception: 1.29 on 3.48 is 37.07%, not 62.84%.
        assert_eq!(with("公务接待费", Severity::Error), 1, "{messages:#?}");
        // Vehicle operation: 0.12 on 31.89 is 0.38%, printed 0.3%: truncated, a warning.
        assert_eq!(
            found
                .iter()
                .filter(|f| f.severity == Severity::Warning)
                .count(),
            1
        );
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
}
