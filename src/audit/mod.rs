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
//!
//! One file per rule family; `tolerance` holds the arithmetic they share, `completeness` the
//! score. Each rule is a `fn(&Budget, &mut Vec<Finding>)`, run in the order of [`audit_with_lines`].

use std::collections::{BTreeMap, BTreeSet};

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::format;
use crate::model::{
    Amount, Budget, Change, Compared, EconomicNode, Figure, Finding, FunctionCode, FunctionNode,
    Percent, Sanggong, SanggongItem, Severity, Source, TableKind, TableRecord, Unit, parse_decimal,
};

mod amend;
mod claims;
mod completeness;
mod cross_table;
pub mod cross_year;
mod implausible_unit;
mod narrative;
mod parts;
mod placeholder;
mod prior_year;
mod tables;
#[cfg(test)]
mod test_support;
mod tolerance;
mod totals;
mod trees;

pub use amend::amend;
use claims::*;
pub use completeness::{CheckItem, Completeness, completeness};
use cross_table::*;
use implausible_unit::*;
use narrative::*;
use parts::*;
use placeholder::*;
use prior_year::*;
pub use tables::table_disclosed;
use tables::*;
use tolerance::*;
use totals::*;
use trees::*;

/// Every finding about one budget: the parser's own first, then the audit's, in rule order.
pub fn audit(budget: &Budget) -> Vec<Finding> {
    audit_with_lines(budget, &[])
}

/// Like [`audit`], also searching the raw document `lines` (line 1 first) for placeholders, since
/// the model does not keep every narrative sentence.
pub fn audit_with_lines(budget: &Budget, lines: &[String]) -> Vec<Finding> {
    let mut out = budget.findings.clone();
    let rules: [fn(&Budget, &mut Vec<Finding>); 18] = [
        function_tree_sum,
        economic_tree_sum,
        basic_split,
        basic_plus_project,
        income_equals_expenditure,
        cross_table,
        narrative_vs_table,
        narrative_share,
        prior_year_arithmetic,
        stated_claims,
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
    procurement_contradiction(budget, lines, &mut out);
    count_rounding(out)
}

/// Differences within rounding are no one's mistake: they are counted in one info line per
/// document, which lists them (each with its lines), not reported one by one.
fn count_rounding(findings: Vec<Finding>) -> Vec<Finding> {
    let (rounding, mut out): (Vec<Finding>, Vec<Finding>) = findings
        .into_iter()
        .partition(|f| f.severity == Severity::Info && f.message_zh.contains(WITHIN_ROUNDING_ZH));
    if rounding.is_empty() {
        return out;
    }
    let n = rounding.len();
    out.push(Finding {
        severity: Severity::Info,
        rule: "rounding".to_string(),
        message_zh: format!(
            "{n} 处差额在四舍五入允许的范围之内（各数按印出的位数四舍五入所致），明细见下。"
        ),
        message_en: format!(
            "{n} difference(s) within what rounding the printed figures allows; listed below."
        ),
        figures: Vec::new(),
        sources: Vec::new(),
        details: rounding,
    });
    out
}
