//! Why a figure's amount is not simply what the document printed: a misprint the document's own
//! arithmetic proves (更正), or a figure the document does not print but whose lines its tables
//! give (推算). A figure without either is used as printed.

use serde::{Deserialize, Serialize};

use super::{Amount, Source};

/// A misprint proven by the document's own arithmetic: the amount used is the proven reading, the
/// printed one is kept here.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Correction {
    /// The amount as printed, in 万元 (the printed text and unit stay on the figure).
    pub printed: Amount,
    /// What was misprinted (`单位误印为“元”`).
    pub reason_zh: String,
    pub reason_en: String,
    /// The arithmetic that proves the reading (`“三公”经费合计 33.96 − 0.00 − 31.77 − 0.00 = 2.19`).
    pub evidence_zh: String,
    pub evidence_en: String,
    /// The lines the evidence uses.
    pub sources: Vec<Source>,
}

/// A figure computed from printed lines (推算): the formula and the lines it adds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Derivation {
    /// `工资福利支出 401.4919 + 对个人和家庭的补助 3.96`
    pub formula_zh: String,
    pub formula_en: String,
    pub sources: Vec<Source>,
}
