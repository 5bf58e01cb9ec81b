//! function-tree-sum, economic-tree-sum, and the sums inside the 三公 and procurement tables.

use super::*;

pub(super) fn function_label(node: &FunctionNode) -> (String, String) {
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
pub(super) type Column = fn(&FunctionNode) -> Option<&Figure>;

/// 项 sum to their 款, 款 to their 类, 类 to the 合计, in each of the total, 基本 and 项目 columns.
/// The rounding allowance of a derived node: the allowances of the printed figures it sums.
pub(super) fn derived_half(node: &FunctionNode, column: Column) -> Option<Decimal> {
    if !node.derived || node.children.is_empty() {
        return column(node).map(|f| f.amount.half_unit());
    }
    node.children.iter().map(|c| derived_half(c, column)).sum()
}

/// A 三公 table that also lists 会议费 and 培训费 has a grand 合计: it must be the 三公 subtotal
/// plus those two.
pub(super) fn sanggong_table_total(budget: &Budget, out: &mut Vec<Finding>) {
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
pub(super) fn procurement_sum(budget: &Budget, out: &mut Vec<Finding>) {
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

pub(super) fn function_tree_sum(budget: &Budget, out: &mut Vec<Finding>) {
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
    // Classes read from the general budget's table add up to that table's total, not to the
    // department's (which may hold other funds).
    let from_general = budget
        .function_lines
        .first()
        .is_some_and(|l| l.table == TableKind::GeneralExpenditure);
    let total = if from_general {
        budget
            .table(TableKind::GeneralExpenditure)
            .and_then(|t| t.figure("total"))
            .map(|f| {
                Term::new(
                    "一般公共预算支出合计",
                    "total general budget expenditure",
                    f,
                )
            })
    } else {
        budget
            .totals
            .expenditure
            .as_ref()
            .map(|f| Term::new("支出合计", "total expenditure", f))
    };
    if let (Some(total), Some(classes)) = (total, classes) {
        check_sum(
            out,
            "function-tree-sum",
            &total,
            &classes,
            Some(("各类支出", "the function classes")),
        );
    }
}

/// 款 sum to their 类, and the 类 to the basic expenditure (which may include other funds).
pub(super) fn economic_tree_sum(budget: &Budget, out: &mut Vec<Finding>) {
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
            correction: None,
            derivation: None,
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audit::test_support::*;

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
            name_from_reference: false,
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
}
