//! basic-split, basic-plus-project, income-equals-expenditure.

use super::*;

/// 基本支出 = 人员经费 + 公用经费, in the totals, in the narrative, and on every economic line.
pub(super) fn basic_split(budget: &Budget, out: &mut Vec<Finding>) {
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
    // 人员经费 and 公用经费 of the 一般公共预算基本支出表 cover the general budget only: against a
    // 基本支出 of all funds (read elsewhere) they can only be less.
    let economic = budget.table(TableKind::BasicEconomic);
    let parts_from_economic = economic.is_some_and(|e| {
        e.figure("personnel") == t.personnel.as_ref()
            && e.figure("public_funds") == t.public_funds.as_ref()
            && e.figure("total")
                .is_some_and(|total| Some(total) != t.basic.as_ref())
    });
    for (i, ((zh, en), [whole, a, b])) in wholes.into_iter().enumerate() {
        if i == 0
            && parts_from_economic
            && let (Some(whole), Some(a), Some(b)) = (whole, a, b)
        {
            let mut sum = a.clone();
            sum.amount = a.amount + b.amount;
            sum.printed = format::amount_plain(sum.amount.value());
            sum.unit = Unit::TenThousandYuan;
            let mut part = Term::new(
                "一般公共预算基本支出表人员经费 + 公用经费",
                "personnel + public funds of the general budget's basic table",
                &sum,
            );
            part.half = Some(a.amount.half_unit() + b.amount.half_unit());
            check_at_most(out, "basic-split", &part, &Term::new(&zh, &en, whole));
            continue;
        }
        check_two_parts(out, "basic-split", (&zh, &en, whole), PARTS, [a, b]);
    }
}

/// 基本支出 + 项目支出 = 支出合计, in the totals, the narrative and every function line.
pub(super) fn basic_plus_project(budget: &Budget, out: &mut Vec<Finding>) {
    const PARTS: [(&str, &str); 2] = [("基本支出", "basic"), ("项目支出", "project")];
    let t = &budget.totals;
    let n = &budget.narrative;
    // The narrative's 基本/项目 may be those of the fiscal appropriation (重庆's 三、财政拨款情况说明)
    // while its total is of all funds: parts that add up to the general budget's or the fiscal
    // appropriation's total are theirs, not the narrative total's.
    let parts_of_a_fund = match (&n.basic, &n.project) {
        (Some(b), Some(p)) => [TableKind::GeneralExpenditure, TableKind::FiscalSummary]
            .into_iter()
            .filter_map(|kind| budget.table(kind))
            .filter_map(|table| table_total(budget, table))
            .any(|total| {
                let gap = (b.amount + p.amount - total.amount).value().abs();
                gap <= b.amount.half_unit() + p.amount.half_unit() + total.amount.half_unit()
            }),
        _ => false,
    };
    let narrative_differs = !parts_of_a_fund
        && (n.expenditure_total != t.expenditure || n.basic != t.basic || n.project != t.project);
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
pub(super) const NARRATIVE_ZH: &str = "说明中的";
pub(super) const NARRATIVE_EN: &str = "the narrative's ";

pub(super) fn check_two_parts(
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
pub(super) fn income_equals_expenditure(budget: &Budget, out: &mut Vec<Finding>) {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audit::test_support::*;

    // --- basic-split ---------------------------------------------------------------------

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
}
