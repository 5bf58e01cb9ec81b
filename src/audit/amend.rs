//! Before the rules run: the figures the document's own arithmetic settles. A misprint that an
//! identity proves (a 元 for 万元, a dropped digit) is read as proven and marked 更正, keeping the
//! printed amount; a figure the document does not print but whose lines its tables give
//! (人员经费, 公用经费, 基本支出, 项目支出) is computed from those lines and marked 推算. Nothing is
//! guessed: a reading is taken only when exactly one reading makes the identity exact, and a
//! derivation only adds printed table lines, never the narrative's rounded figures.

use super::*;
use crate::model::{Correction, SanggongItem};

/// Applies the proven corrections and the derivations to `budget`.
pub fn amend(budget: &mut Budget) {
    correct_sanggong(budget);
    derive_totals(budget);
}

// ---------------------------------------------------------------------------------------------
// Corrections

/// The readings of a printed figure a misprint could stand for: the printed number in 万元 when
/// it was printed in 元 (a unit slip), and the printed digits with one digit added anywhere (a
/// dropped digit). Each with its reason.
fn readings(figure: &Figure) -> Vec<(Decimal, &'static str, &'static str)> {
    let mut out = Vec::new();
    let Some(printed) = parse_decimal(&figure.printed) else {
        return out;
    };
    if figure.unit == Unit::Yuan && printed > Decimal::ZERO && printed < Decimal::ONE_HUNDRED {
        out.push((
            printed,
            "单位误印为“元”，应为“万元”",
            "unit printed as 元 for 万元",
        ));
    }
    let text = printed.abs().to_string();
    for at in 0..=text.len() {
        for digit in '0'..='9' {
            let mut candidate = text.clone();
            candidate.insert(at, digit);
            if candidate.starts_with('0') && !candidate.starts_with("0.") {
                continue;
            }
            if let Ok(d) = candidate.parse::<Decimal>() {
                let amount = Amount::from_unit(d, figure.unit).value();
                if amount != figure.amount.value() {
                    out.push((amount, "漏印一位数字", "a digit dropped"));
                }
            }
        }
    }
    out
}

/// The one reading of `parts[idx]` that makes `total = Σ parts` exact, when the figures as
/// printed do not add up and exactly one reading (of one kind) does.
fn proven_reading(
    total: &Figure,
    parts: &[&Figure],
    idx: usize,
) -> Option<(Decimal, &'static str, &'static str)> {
    let printed_sum: Decimal = parts.iter().map(|p| p.amount.value()).sum();
    let tolerance: Decimal =
        parts.iter().map(|p| p.amount.half_unit()).sum::<Decimal>() + total.amount.half_unit();
    if (total.amount.value() - printed_sum).abs() <= tolerance {
        return None;
    }
    let rest = total.amount.value()
        - parts
            .iter()
            .enumerate()
            .filter(|(j, _)| *j != idx)
            .map(|(_, p)| p.amount.value())
            .sum::<Decimal>();
    let mut fitting = readings(parts[idx])
        .into_iter()
        .filter(|(value, _, _)| *value == rest);
    let first = fitting.next()?;
    // Two different explanations prove neither.
    fitting.all(|(_, zh, _)| zh == first.1).then_some(first)
}

/// The 三公 identity (total = 出国 + 车辆 + 接待, with 车辆 as one figure or its two parts): a part
/// whose printed figure breaks it and whose one misprint reading restores it exactly is
/// corrected, in the narrative and wherever the same printed figure was taken over.
fn correct_sanggong(budget: &mut Budget) {
    let mut done: Vec<(Source, Figure)> = Vec::new();
    for statement in [&budget.narrative.sanggong.amounts, &budget.sanggong] {
        let Some(total) = statement.total.clone() else {
            continue;
        };
        let items: Vec<SanggongItem> = if statement.vehicles.is_some() {
            vec![
                SanggongItem::Outbound,
                SanggongItem::Vehicles,
                SanggongItem::Reception,
            ]
        } else {
            vec![
                SanggongItem::Outbound,
                SanggongItem::VehiclePurchase,
                SanggongItem::VehicleOperation,
                SanggongItem::Reception,
            ]
        };
        let Some(parts) = items
            .iter()
            .map(|i| statement.get(*i).cloned())
            .collect::<Option<Vec<Figure>>>()
        else {
            continue;
        };
        let refs: Vec<&Figure> = parts.iter().collect();
        for (idx, printed) in parts.iter().enumerate() {
            let Some((value, reason_zh, reason_en)) = proven_reading(&total, &refs, idx) else {
                continue;
            };
            let others: Vec<String> = items
                .iter()
                .zip(&parts)
                .enumerate()
                .filter(|(j, _)| *j != idx)
                .map(|(_, (i, f))| {
                    format!(
                        "{} {}",
                        i.label_zh(),
                        format::amount_plain(f.amount.value())
                    )
                })
                .collect();
            let mut sources = vec![total.source.clone()];
            for f in &parts {
                if !sources.contains(&f.source) {
                    sources.push(f.source.clone());
                }
            }
            let mut fixed = printed.clone();
            fixed.amount = Amount::from_wan(value);
            fixed.correction = Some(Box::new(Correction {
                printed: printed.amount,
                reason_zh: reason_zh.to_string(),
                reason_en: reason_en.to_string(),
                evidence_zh: format!(
                    "“三公”经费合计 {} 万元 − {} = {} 万元",
                    format::amount_plain(total.amount.value()),
                    others.join(" − "),
                    format::amount_plain(value)
                ),
                evidence_en: format!(
                    "the 三公 total {} less the other items ({}) leaves exactly {}",
                    format::amount_plain(total.amount.value()),
                    others.join(", "),
                    format::amount_plain(value)
                ),
                sources,
            }));
            done.push((printed.source.clone(), fixed));
        }
    }
    if done.is_empty() {
        return;
    }
    // Every copy of a corrected printed figure (the narrative's figures fill the 三公 of a
    // document without a 三公 table) takes the proven reading.
    let apply = |slot: &mut Option<Figure>| {
        if let Some(f) = slot.as_mut()
            && f.correction.is_none()
            && let Some((_, fixed)) = done.iter().find(|(s, fixed)| {
                *s == f.source && fixed.printed == f.printed && fixed.unit == f.unit
            })
        {
            *f = fixed.clone();
        }
    };
    for item in SanggongItem::ALL {
        apply(budget.narrative.sanggong.amounts.slot_mut(item));
        apply(budget.sanggong.slot_mut(item));
    }
}

// ---------------------------------------------------------------------------------------------
// Derivations

/// One printed line a derivation adds: its label and figure.
struct Line<'a> {
    label: String,
    figure: &'a Figure,
}

/// A figure that is the sum of printed lines (label, figure), marked 推算 with its formula and
/// the lines.
pub(super) fn sum_of(lines: &[(String, &Figure)]) -> Option<Figure> {
    let lines: Vec<Line> = lines
        .iter()
        .map(|(label, figure)| Line {
            label: label.clone(),
            figure,
        })
        .collect();
    derived(&lines)
}

fn derived(lines: &[Line]) -> Option<Figure> {
    let terms: Vec<String> = lines
        .iter()
        .map(|l| {
            format!(
                "{} {}",
                l.label,
                format::amount_plain(l.figure.amount.value())
            )
        })
        .collect();
    let sum: Amount = lines.iter().map(|l| l.figure.amount).sum();
    let formula = format!(
        "{} = {} 万元",
        terms.join(" + "),
        format::amount_plain(sum.value())
    );
    let figures: Vec<&Figure> = lines.iter().map(|l| l.figure).collect();
    Figure::derived_sum(&figures, (formula.clone(), formula))
}

/// 人员经费 are the basic expenditure's 工资福利支出 (301) and 对个人和家庭的补助 (303); 公用经费
/// the rest of it (商品和服务支出 302, 资本性支出 310 …).
fn is_personnel_class(code: &str) -> bool {
    matches!(code, "301" | "303")
}

/// The basic expenditure's economic classes as the tables print them: the classes of the
/// 基本支出 table by economic class, else the classes a summary table lists under 基本支出.
fn basic_classes(budget: &Budget) -> Vec<Line<'_>> {
    let from_tree: Vec<Line> = budget
        .by_economic
        .iter()
        .filter_map(|n| {
            let f = n.amount.as_ref()?;
            let name = n.name.clone().unwrap_or_default();
            Some(Line {
                label: format!("{name}（{}）", n.code),
                figure: f,
            })
        })
        .collect();
    if !from_tree.is_empty() {
        return from_tree;
    }
    for kind in [TableKind::Summary, TableKind::FiscalSummary] {
        let Some(table) = budget.table(kind) else {
            continue;
        };
        let lines: Vec<Line> = table
            .figures
            .iter()
            .filter_map(|k| {
                let code = k.key.strip_prefix("basic_economic:")?;
                let name = crate::model::economic_class_name(code).unwrap_or_default();
                Some(Line {
                    label: format!("{name}（{code}）"),
                    figure: &k.figure,
                })
            })
            .collect();
        if !lines.is_empty() {
            return lines;
        }
    }
    Vec::new()
}

fn class_of(line: &Line) -> String {
    line.label
        .rsplit('（')
        .next()
        .unwrap_or("")
        .trim_end_matches('）')
        .to_string()
}

/// 人员经费 and 公用经费 from the basic expenditure's economic classes, 基本支出 and 项目支出
/// from the function classes' columns, each only where the document states none.
fn derive_totals(budget: &mut Budget) {
    let mut personnel = None;
    let mut public_funds = None;
    {
        let classes = basic_classes(budget);
        // The classes must be the whole basic expenditure (not the 一般公共预算 part of it) where
        // the document states that.
        let whole = match &budget.totals.basic {
            Some(basic) => {
                let sum: Decimal = classes.iter().map(|l| l.figure.amount.value()).sum();
                let half: Decimal = classes
                    .iter()
                    .map(|l| l.figure.amount.half_unit())
                    .sum::<Decimal>()
                    + basic.amount.half_unit();
                (sum - basic.amount.value()).abs() <= half
            }
            None => true,
        };
        if whole && classes.iter().any(|l| class_of(l) == "301") {
            let (people, rest): (Vec<Line>, Vec<Line>) = classes
                .into_iter()
                .partition(|l| is_personnel_class(&class_of(l)));
            if budget.totals.personnel.is_none() {
                personnel = derived(&people);
            }
            if budget.totals.public_funds.is_none() {
                public_funds = derived(&rest);
            }
        }
    }
    if personnel.is_some() {
        budget.totals.personnel = personnel;
    }
    if public_funds.is_some() {
        budget.totals.public_funds = public_funds;
    }
    type Column = fn(&FunctionNode) -> Option<&Figure>;
    let columns: [(Column, &str); 2] = [
        (|n| n.basic.as_ref(), "基本支出"),
        (|n| n.project.as_ref(), "项目支出"),
    ];
    // Only a tree of all expenditure: its classes add up to the total.
    let covers_all = budget.totals.expenditure.as_ref().is_some_and(|total| {
        let amounts: Option<Vec<&Figure>> = budget
            .by_function
            .iter()
            .map(|n| n.amount.as_ref())
            .collect();
        amounts.is_some_and(|a| {
            let sum: Decimal = a.iter().map(|f| f.amount.value()).sum();
            let half: Decimal =
                a.iter().map(|f| f.amount.half_unit()).sum::<Decimal>() + total.amount.half_unit();
            !a.is_empty() && (sum - total.amount.value()).abs() <= half
        })
    });
    if !covers_all {
        return;
    }
    let mut found: Vec<Option<Figure>> = Vec::new();
    for (column, label) in columns {
        let lines: Option<Vec<Line>> = budget
            .by_function
            .iter()
            .map(|n| {
                let (zh, _) = function_label(n);
                column(n).filter(|_| !n.derived).map(|f| Line {
                    label: format!("{zh} {label}"),
                    figure: f,
                })
            })
            .collect();
        found.push(lines.filter(|l| !l.is_empty()).and_then(|l| derived(&l)));
    }
    let mut found = found.into_iter();
    if budget.totals.basic.is_none() {
        budget.totals.basic = found.next().flatten();
    } else {
        found.next();
    }
    if budget.totals.project.is_none() {
        budget.totals.project = found.next().flatten();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audit::test_support::*;

    #[test]
    fn a_unit_slip_the_sanggong_total_proves_is_corrected() {
        let mut b = empty();
        let s = &mut b.narrative.sanggong.amounts;
        s.total = Some(fig("33.96", 190));
        s.outbound = Some(fig("0.00", 190));
        s.vehicle_purchase = Some(fig("0.00", 190));
        s.vehicle_operation = Some(fig("31.77", 190));
        s.reception = Some(yuan("2.19", 190));
        b.sanggong = b.narrative.sanggong.amounts.clone();
        amend(&mut b);
        let r = b.sanggong.reception.as_ref().unwrap();
        assert_eq!(r.amount.value().to_string(), "2.19");
        assert_eq!(r.printed, "2.19");
        let c = r.correction.as_ref().unwrap();
        assert_eq!(c.printed.value(), Decimal::new(219, 6));
        assert!(c.evidence_zh.contains("33.96"), "{}", c.evidence_zh);
        assert!(c.reason_zh.contains("元"), "{}", c.reason_zh);
        assert!(
            b.narrative
                .sanggong
                .amounts
                .reception
                .as_ref()
                .unwrap()
                .correction
                .is_some()
        );
    }

    #[test]
    fn figures_that_add_up_or_fit_two_readings_are_left_as_printed() {
        let mut b = empty();
        let s = &mut b.sanggong;
        s.total = Some(fig("10.00", 5));
        s.outbound = Some(fig("1.00", 5));
        s.vehicles = Some(fig("4.00", 5));
        s.reception = Some(fig("5.00", 5));
        amend(&mut b);
        assert!(b.sanggong.reception.as_ref().unwrap().correction.is_none());
        // 10.00 − 1.00 − 4.00 = 5.00, but 接待 printed 7.00 has no misprint reading giving 5.00.
        b.sanggong.reception = Some(fig("7.00", 5));
        amend(&mut b);
        assert!(b.sanggong.reception.as_ref().unwrap().correction.is_none());
        assert_eq!(b.sanggong.reception.as_ref().unwrap().printed, "7.00");
    }

    #[test]
    fn a_dropped_digit_is_corrected() {
        let mut b = empty();
        let s = &mut b.sanggong;
        s.total = Some(fig("12.50", 5));
        s.outbound = Some(fig("1.00", 5));
        s.vehicles = Some(fig("1.50", 5));
        // 10.00 printed as 1.00? ambiguous with outbound; use 接待 printed 0.00 → no; 1.0 → 10.0
        s.reception = Some(fig("1.0", 6));
        amend(&mut b);
        let r = b.sanggong.reception.as_ref().unwrap();
        assert_eq!(r.amount.value(), Decimal::new(100, 1));
        assert!(r.correction.as_ref().unwrap().reason_zh.contains("漏印"));
    }

    #[test]
    fn personnel_is_derived_from_the_basic_economic_classes() {
        let mut b = empty();
        b.by_economic = vec![
            econ("301", "工资福利支出", fig("401.49", 20)),
            econ("302", "商品和服务支出", fig("5.40", 21)),
            econ("303", "对个人和家庭的补助", fig("3.96", 22)),
        ];
        amend(&mut b);
        let p = b.totals.personnel.as_ref().unwrap();
        assert_eq!(p.amount.value().to_string(), "405.45");
        let d = p.derivation.as_ref().unwrap();
        assert!(d.formula_zh.contains("401.49 + "), "{}", d.formula_zh);
        assert_eq!(d.sources.len(), 2);
        let q = b.totals.public_funds.as_ref().unwrap();
        assert_eq!(q.amount.value().to_string(), "5.40");
        // A printed figure is never replaced.
        let mut b2 = empty();
        b2.by_economic = b.by_economic.clone();
        b2.totals.personnel = Some(fig("400.00", 9));
        amend(&mut b2);
        assert_eq!(b2.totals.personnel.as_ref().unwrap().printed, "400.00");
    }

    fn econ(code: &str, name: &str, f: Figure) -> EconomicNode {
        EconomicNode {
            code: crate::model::EconomicCode::new(code).unwrap(),
            name: Some(name.to_string()),
            name_from_reference: false,
            amount: Some(f),
            derived: false,
            children: Vec::new(),
        }
    }
}
