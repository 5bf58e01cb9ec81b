//! What the audit (and the parser) say about a document.

use serde::{Deserialize, Serialize};

use super::{Amount, Source};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn label(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// One figure that a finding compares.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Compared {
    /// What the figure is, in Chinese (`支出总表 合计`).
    pub label: String,
    pub amount: Option<Amount>,
    pub source: Option<Source>,
}

/// Something a reader should know about a document: a figure that does not add up, a table that is
/// missing, a number that could not be read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    pub severity: Severity,
    /// Stable rule identifier (`function-tree-sum`, `unreadable-figure` …).
    pub rule: String,
    pub message_zh: String,
    pub message_en: String,
    pub figures: Vec<Compared>,
    pub sources: Vec<Source>,
    /// Findings this one stands for (the rounding differences of a document, counted in one
    /// line), each with its own lines.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub details: Vec<Finding>,
}
