//! Budgets, figures and tables for the rules' tests, and running one rule.

use super::*;
pub(crate) use crate::model::{
    Count, EconomicCode, FunctionLine, GlossaryEntry, Project, StatedFunction, TableCell, Text,
};

pub(crate) const FILE: &str = "test.txt";

pub(crate) fn fig(printed: &str, line: u32) -> Figure {
    Figure {
        amount: printed.parse().expect("test amounts are numbers"),
        source: Source::new(FILE, line),
        printed: printed.to_string(),
        unit: Unit::TenThousandYuan,
        correction: None,
        derivation: None,
    }
}

pub(crate) fn yuan(printed: &str, line: u32) -> Figure {
    Figure {
        amount: Amount::parse(printed, Unit::Yuan).expect("test amounts are numbers"),
        source: Source::new(FILE, line),
        printed: printed.to_string(),
        unit: Unit::Yuan,
        correction: None,
        derivation: None,
    }
}

pub(crate) fn pct(printed: &str, line: u32) -> Percent {
    Percent {
        value: printed.parse().expect("test percentages are numbers"),
        source: Source::new(FILE, line),
    }
}

pub(crate) fn change(amount: Option<&str>, percent: Option<&str>, line: u32) -> Change {
    Change {
        amount: amount.map(|a| fig(a, line)),
        percent: percent.map(|p| pct(p, line)),
        unchanged: false,
        source: Source::new(FILE, line),
    }
}

pub(crate) fn node(
    code: &str,
    amount: &str,
    line: u32,
    children: Vec<FunctionNode>,
) -> FunctionNode {
    FunctionNode {
        code: FunctionCode::new(code).expect("test codes are valid"),
        name: None,
        amount: Some(fig(amount, line)),
        basic: None,
        project: None,
        derived: false,
        children,
        name_from_reference: false,
    }
}

pub(crate) fn table(kind: TableKind, rows: &[&[&str]], first_line: u32) -> TableRecord {
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

pub(crate) fn project(name: &str, amount: &str, line: u32) -> Project {
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

pub(crate) fn empty() -> Budget {
    Budget {
        year: Some(2024),
        ..Budget::empty("test", FILE)
    }
}

/// A budget that discloses everything, so completeness and missing-table stay quiet.
pub(crate) fn complete() -> Budget {
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

pub(crate) fn fired<'a>(findings: &'a [Finding], rule: &str) -> Vec<&'a Finding> {
    findings.iter().filter(|f| f.rule == rule).collect()
}

/// The findings of one rule, those within rounding taken out of the line that counts them.
pub(crate) fn run(b: &Budget, rule: &str) -> Vec<Finding> {
    audit(b)
        .into_iter()
        .flat_map(|f| {
            if f.rule == "rounding" {
                f.details
            } else {
                vec![f]
            }
        })
        .filter(|f| f.rule == rule)
        .collect()
}

/// fengquan-2024 line 88 gives 基本支出 1058.62 万元; its tables (lines 225, 327) give 1038.62
/// = 人员经费 980.74 + 公用经费 57.88.
pub(crate) fn fengquan() -> Budget {
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

/// fengxian-2024 line 190: 33.96 万元, 较上年预算 35.38 万元减少 1.41 万元（96%）; 公务接待费
/// 2.19元, 较上年3.49减少1.29万元（62.84%）; 公务用车运行维护费 31.77 万元, 减少 0.12 万元（0.3%）.
pub(crate) fn fengxian() -> Budget {
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
