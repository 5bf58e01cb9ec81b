//! missing-table, empty-table-unexplained.

use super::*;

/// Whether the document discloses what a required table holds: the table itself, or for
/// projects and performance targets the same content read from elsewhere.
pub fn table_disclosed(budget: &Budget, kind: TableKind) -> bool {
    budget.table(kind).is_some()
        || match kind {
            TableKind::Projects => !budget.projects.is_empty(),
            TableKind::ProjectPerformance => {
                budget.projects.iter().any(|p| !p.indicators.is_empty())
                    || budget.table(TableKind::OverallPerformance).is_some()
            }
            _ => false,
        }
}

pub(super) fn missing_table(budget: &Budget, out: &mut Vec<Finding>) {
    for kind in TableKind::REQUIRED {
        if table_disclosed(budget, kind) {
            continue;
        }
        // The parser may have said so already, or found its title over rows it could not read.
        let known = budget.findings.iter().any(|f| {
            matches!(f.rule.as_str(), "missing-table" | "unread-table")
                && f.message_zh.contains(kind.name_zh())
        });
        if known {
            continue;
        }
        out.push(Finding {
            severity: Severity::Warning,
            rule: "missing-table".to_string(),
            message_zh: format!("未公开{}（财预〔2016〕143号要求公开）。", kind.name_zh()),
            message_en: format!(
                "The {} is not disclosed, though the standard requires it.",
                kind.name_en()
            ),
            figures: Vec::new(),
            sources: vec![Source::new(budget.file.clone(), 1)],
            details: Vec::new(),
        });
    }
}

pub(super) fn empty_table_unexplained(budget: &Budget, out: &mut Vec<Finding>) {
    for table in budget.tables.iter().filter(|t| t.empty && t.note.is_none()) {
        out.push(Finding {
            severity: Severity::Warning,
            rule: "empty-table-unexplained".to_string(),
            message_zh: format!("{}为空表，但未说明原因。", table.title),
            message_en: format!(
                "The {} is empty and no reason is given.",
                table.kind.name_en()
            ),
            figures: Vec::new(),
            sources: vec![table.source.clone()],
            details: Vec::new(),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audit::test_support::*;

    // --- missing-table, empty-table-unexplained ------------------------------------------

    #[test]
    fn missing_tables_are_named() {
        let found = run(&empty(), "missing-table");
        assert_eq!(found.len(), TableKind::REQUIRED.len());
        assert!(
            found
                .iter()
                .any(|f| f.message_zh.contains("“三公”经费支出表"))
        );
        assert!(run(&complete(), "missing-table").is_empty());
    }

    #[test]
    fn missing_table_not_repeated_after_the_parser() {
        let mut b = empty();
        b.findings.push(Finding {
            severity: Severity::Warning,
            rule: "missing-table".to_string(),
            message_zh: "未找到收支总表".to_string(),
            message_en: "no summary table".to_string(),
            figures: Vec::new(),
            sources: Vec::new(),
            details: Vec::new(),
        });
        let found = run(&b, "missing-table");
        assert_eq!(found.len(), TableKind::REQUIRED.len());
        // The parser's own finding comes first.
        assert_eq!(audit(&b)[0].message_zh, "未找到收支总表");
    }

    #[test]
    fn empty_table_needs_a_note() {
        let mut b = complete();
        b.tables.push(table(TableKind::GovernmentFund, &[], 340));
        assert_eq!(run(&b, "empty-table-unexplained").len(), 1);
        b.tables.last_mut().expect("just pushed").note = Some(Text {
            text: "本单位无政府性基金预算收支，此表为空。".to_string(),
            source: Source::new(FILE, 345),
        });
        assert!(run(&b, "empty-table-unexplained").is_empty());
    }
}
