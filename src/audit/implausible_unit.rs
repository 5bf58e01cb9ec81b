//! implausible-unit: an amount printed in 元 that can only be 万元.

use super::*;

/// Every narrative figure with its label, for the rules that look at all of them.
pub(super) fn narrative_figures(budget: &Budget) -> Vec<Term> {
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
pub(super) fn implausible_unit(budget: &Budget, out: &mut Vec<Finding>) {
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
        // A correction the arithmetic proved: the site uses the proven reading, marked 更正.
        let (zh_evidence, en_evidence) = if term.figure.correction.is_some() {
            (
                format!("{zh_evidence}；本站按 {} 万元使用，标“更正”", meant.printed),
                format!(
                    "{en_evidence}; the site uses {}, marked corrected",
                    meant.printed
                ),
            )
        } else {
            (zh_evidence, en_evidence)
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audit::test_support::*;

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
}
