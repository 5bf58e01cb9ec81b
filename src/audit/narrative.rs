//! narrative-vs-table, narrative-share: what the text says against the tables.

use super::*;

/// A 类 name without the decorations the narrative and the tables add differently.
pub(super) fn bare_function_name(name: &str) -> String {
    let mut s: String = name.chars().filter(|c| !c.is_whitespace()).collect();
    for decoration in ["（类）", "(类)", "（类", "(类"] {
        s = s.replace(decoration, "");
    }
    s.trim_end_matches("支出").to_string()
}

/// The table figure of a function code: from the 一般公共预算支出表 when it lists the code (the
/// narrative's section on it speaks of that table), otherwise from the tree.
pub(super) fn table_function_figure<'a>(
    budget: &'a Budget,
    code: &FunctionCode,
) -> Option<&'a Figure> {
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
pub(super) fn narrative_against_table(out: &mut Vec<Finding>, narrative: &Term, table: &Term) {
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
pub(super) fn unit_slip(narrative: &Term, table: &Term) -> Option<Finding> {
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
pub(super) fn narrative_vs_table(budget: &Budget, out: &mut Vec<Finding>) {
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
    // The narrative's 基本支出 and 项目支出 may be those of the fiscal appropriation (财政拨款)
    // only: when they add up to a fiscal table's total and not to the total of all funds, they are
    // a part of the tables' figures, not a restatement of them.
    let fiscal_part = fiscal_split(budget);
    for (stated, table, zh, en) in pairs {
        let (Some(stated), Some(table)) = (stated, table) else {
            continue;
        };
        if fiscal_part && matches!(zh, "基本支出" | "项目支出") {
            check_at_most(
                out,
                "narrative-vs-table",
                &Term::new(
                    format!("说明中的财政拨款{zh}"),
                    format!("the narrative's fiscal {en}"),
                    stated,
                ),
                &Term::new(format!("表中{zh}"), format!("the tables' {en}"), table),
            );
            continue;
        }
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
        // The text may speak of the general budget's table or of the table of all funds: a
        // figure one of them gives is no discrepancy.
        let key = code.figure_key();
        let elsewhere = [TableKind::GeneralExpenditure, TableKind::Expenditure]
            .into_iter()
            .filter_map(|k| budget.table(k)?.figure(&key))
            .any(|f| f.amount == stated.amount.amount);
        if elsewhere {
            continue;
        }
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

/// True when the narrative's 基本支出 + 项目支出 is the total of a fiscal table (财政拨款收支总表,
/// 一般公共预算支出表) and not the total of all funds.
fn fiscal_split(budget: &Budget) -> bool {
    let n = &budget.narrative;
    let (Some(basic), Some(project)) = (&n.basic, &n.project) else {
        return false;
    };
    let sum = basic.amount.value() + project.amount.value();
    let half = basic.amount.half_unit() + project.amount.half_unit();
    let fits = |f: &Figure| (f.amount.value() - sum).abs() <= half + f.amount.half_unit();
    if budget.totals.expenditure.as_ref().is_none_or(fits) {
        return false;
    }
    [TableKind::FiscalSummary, TableKind::GeneralExpenditure]
        .into_iter()
        .filter_map(|k| budget.table(k))
        .filter_map(|t| table_total(budget, t))
        .any(|f| fits(&f))
}

/// The 三公 items two statements both give, paired.
pub(super) fn sanggong_items<'a>(
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
pub(super) fn narrative_share(budget: &Budget, out: &mut Vec<Finding>) {
    let n = &budget.narrative;
    let t = &budget.totals;
    let basic_plus_project = match (&n.basic, &n.project) {
        (Some(b), Some(p)) => Some(Figure {
            amount: b.amount + p.amount,
            source: b.source.clone(),
            printed: format::amount_plain((b.amount + p.amount).value()),
            unit: Unit::TenThousandYuan,
            correction: None,
            derivation: None,
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
    // The classes the narrative gives shares of are the parts of the whole it means (杭州's
    // 一般公共预算当年拨款, which no table may print on its own): their sum is a whole too, and
    // only shares that add up to 100 % fit it.
    let shared: Vec<&Figure> = n
        .functions
        .iter()
        .filter(|s| s.share.is_some())
        .map(|s| &s.amount)
        .collect();
    let parts_sum = (shared.len() >= 2).then(|| {
        let sum: Amount = shared.iter().map(|f| f.amount).sum();
        Figure::new(
            sum,
            shared[0].source.clone(),
            format::amount_plain(sum.value()),
            Unit::TenThousandYuan,
        )
    });
    let of_functions = [
        &n.expenditure_total,
        &general_total,
        &t.expenditure,
        &parts_sum,
    ];
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

pub(super) fn check_share(
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audit::test_support::*;
    use crate::model::KeyedFigure;

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
    fn class_shares_of_a_whole_no_table_prints_fit_the_sum_of_the_classes() {
        // 杭州 lines 110–113: 科学技术 28.00 (0.5%), 社会保障和就业 396.67 (6.9%), 卫生健康 80.52
        // (1.4%), 自然资源海洋气象等 5,247.87 (91.2%) of the 一般公共预算当年拨款 (5,753.06).
        let mut b = empty();
        b.narrative.expenditure_total = Some(fig("5876.67", 75));
        for (name, amount, share) in [
            ("科学技术", "28.00", "0.5"),
            ("社会保障和就业", "396.67", "6.9"),
            ("卫生健康", "80.52", "1.4"),
            ("自然资源海洋气象等", "5247.87", "91.2"),
        ] {
            b.narrative.functions.push(StatedFunction {
                name: name.to_string(),
                code: None,
                amount: fig(amount, 113),
                share: Some(pct(share, 113)),
                change: None,
            });
        }
        assert!(run(&b, "narrative-share").is_empty());
        // A share that does not add up with the others is still found.
        b.narrative.functions[3].share = Some(pct("81.2", 113));
        assert_eq!(run(&b, "narrative-share").len(), 1);
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

    #[test]
    fn a_class_figure_of_the_general_budget_table_is_no_discrepancy() {
        // The tree is the table of all funds (220: 5,371.48); the text gives the general
        // budget's 220 (5,247.87), which its own table prints.
        let mut b = empty();
        b.by_function = vec![node("220", "5371.48", 414, vec![])];
        b.narrative.functions.push(StatedFunction {
            name: "自然资源海洋气象等(类)".to_string(),
            code: Some(FunctionCode::new("220").unwrap()),
            amount: fig("5247.87", 113),
            share: None,
            change: None,
        });
        assert_eq!(run(&b, "narrative-vs-table").len(), 1);
        let mut general = table(TableKind::GeneralExpenditure, &[], 460);
        general.figures.push(KeyedFigure {
            key: "class:220".to_string(),
            figure: fig("5247.87", 473),
        });
        b.tables.push(general);
        assert!(run(&b, "narrative-vs-table").is_empty());
        // A figure no table gives is still one.
        b.narrative.functions[0].amount = fig("5247.78", 113);
        assert_eq!(run(&b, "narrative-vs-table").len(), 1);
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
}
