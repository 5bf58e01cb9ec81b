//! Completeness: a disclosure-completeness score per department.

use super::*;

/// One element of the standard disclosure and whether the document has it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckItem {
    pub id: String,
    pub label_zh: String,
    pub label_en: String,
    pub met: bool,
    /// A basic element: grade A needs all of them.
    pub basic: bool,
}

/// How completely a department discloses its budget against the standard disclosure.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
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
    use crate::audit::test_support::*;

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
