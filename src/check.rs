//! `gongkai check`: what was recognised in each document, what is missing, and the findings,
//! grouped per document; coloured on a terminal, plain when piped.

use std::fmt::Write as _;

use crate::department::DocumentError;
use crate::model::{Budget, Severity};

/// How strict the exit status is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Deny {
    /// Fail only on documents that cannot be read.
    #[default]
    Unreadable,
    /// Also fail on error-level findings.
    Errors,
    /// Also fail on warnings.
    Warnings,
}

impl std::str::FromStr for Deny {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "unreadable" => Ok(Deny::Unreadable),
            "errors" | "error" => Ok(Deny::Errors),
            "warnings" | "warning" => Ok(Deny::Warnings),
            _ => Err(format!(
                "--deny takes unreadable, errors or warnings, not {s:?}"
            )),
        }
    }
}

struct Paint(bool);

impl Paint {
    fn color(&self, code: &str, text: &str) -> String {
        if self.0 {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_string()
        }
    }
    fn severity(&self, s: Severity) -> String {
        match s {
            Severity::Error => self.color("1;31", "error"),
            Severity::Warning => self.color("33", "warning"),
            Severity::Info => self.color("36", "info"),
        }
    }
}

fn describe(out: &mut String, b: &Budget, p: &Paint) {
    let _ = writeln!(out, "{} {}", p.color("1", &b.file), b.display_name());
    let found: Vec<String> = b
        .tables
        .iter()
        .map(|t| format!("{}{}", t.kind.name_zh(), if t.empty { "(空)" } else { "" }))
        .collect();
    let _ = writeln!(out, "  tables:   {}", found.join("、"));
    let unknown: Vec<String> = b
        .findings
        .iter()
        .filter(|f| f.rule == "table-not-recognised")
        .filter_map(|f| {
            let line = f.sources.first()?.line;
            let title = f.message_zh.split('”').next()?.trim_start_matches('“');
            Some(format!("{title} (line {line})"))
        })
        .collect();
    if !unknown.is_empty() {
        let _ = writeln!(out, "  not recognised: {}", unknown.join("、"));
    }
    let missing: Vec<&str> = crate::model::TableKind::REQUIRED
        .iter()
        .filter(|k| !crate::audit::table_disclosed(b, **k))
        .map(|k| k.name_zh())
        .collect();
    if !missing.is_empty() {
        let _ = writeln!(out, "  missing:  {}", missing.join("、"));
    }
    let t = &b.totals;
    let amount = |f: &Option<crate::model::Figure>| {
        f.as_ref()
            .map(|f| format!("{}", f.amount.rounded(2)))
            .unwrap_or_else(|| "未披露".to_string())
    };
    let _ = writeln!(
        out,
        "  totals:   支出 {}  基本 {}  项目 {}  人员 {}  公用 {}  三公 {}  (万元)",
        amount(&t.expenditure),
        amount(&t.basic),
        amount(&t.project),
        amount(&t.personnel),
        amount(&t.public_funds),
        amount(&b.sanggong.total)
    );
    let _ = writeln!(
        out,
        "  read:     {} 项 function lines, {} economic lines, {} projects, {} indicators",
        b.function_items().len(),
        b.economic_lines.len(),
        b.projects.len(),
        b.projects.iter().map(|p| p.indicators.len()).sum::<usize>()
    );
    // Tables not recognised are listed above.
    for f in b
        .findings
        .iter()
        .filter(|f| f.rule != "table-not-recognised")
    {
        let at: Vec<String> = f
            .sources
            .iter()
            .map(|s| format!("{}:{}", s.file, s.line))
            .collect();
        let _ = writeln!(
            out,
            "  {} [{}] {} ({})",
            p.severity(f.severity),
            f.rule,
            f.message_zh,
            at.join(", ")
        );
        let _ = writeln!(out, "      {}", f.message_en);
    }
}

/// One document's part of the report, made as soon as it is read (its budget is then dropped:
/// at 10,000 departments the budgets together took 2.7 GB).
#[derive(Debug, Clone)]
pub struct Checked {
    text: String,
    /// Whether it fails the run under the `deny` it was checked with.
    fail: bool,
    unreadable: bool,
    /// Its findings of each severity: errors, warnings, info.
    counts: [usize; 3],
}

/// What `gongkai check` says of one document, and whether it fails the run under `deny`.
pub fn check_one(result: &Result<Budget, DocumentError>, deny: Deny, colour: bool) -> Checked {
    let p = Paint(colour);
    let mut text = String::new();
    let (fail, unreadable, counts) = match result {
        Ok(b) => {
            describe(&mut text, b, &p);
            let count = |s: Severity| b.findings.iter().filter(|f| f.severity == s).count();
            let fail = b.findings.iter().any(|f| match deny {
                Deny::Unreadable => false,
                Deny::Errors => f.severity == Severity::Error,
                Deny::Warnings => f.severity >= Severity::Warning,
            });
            let counts = [
                count(Severity::Error),
                count(Severity::Warning),
                count(Severity::Info),
            ];
            (fail, false, counts)
        }
        Err(e) => {
            let _ = writeln!(text, "{} {}", p.color("1;31", "unreadable:"), e);
            (true, true, [0; 3])
        }
    };
    text.push('\n');
    Checked {
        text,
        fail,
        unreadable,
        counts,
    }
}

/// The report of the documents checked, in their order, and whether the run should fail.
pub fn report(checked: &[Checked]) -> (String, bool) {
    let mut out: String = checked.iter().map(|c| c.text.as_str()).collect();
    let docs = checked.len();
    let unreadable = checked.iter().filter(|c| c.unreadable).count();
    let count = |i: usize| checked.iter().map(|c| c.counts[i]).sum::<usize>();
    let _ = writeln!(
        out,
        "{docs} documents, {unreadable} unreadable; {} errors, {} warnings, {} info",
        count(0),
        count(1),
        count(2)
    );
    (out, checked.iter().any(|c| c.fail))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Finding;

    fn finding(severity: Severity) -> Finding {
        Finding {
            severity,
            rule: "test-rule".into(),
            message_zh: "测试".into(),
            message_en: "test".into(),
            figures: Vec::new(),
            sources: Vec::new(),
            details: Vec::new(),
        }
    }

    #[test]
    fn the_report_counts_each_document_as_it_was_checked() {
        let mut b = Budget::empty("a", "a.txt");
        b.findings = vec![finding(Severity::Warning), finding(Severity::Info)];
        let unreadable = Err(DocumentError {
            file: "b.txt".into(),
            line: Some(3),
            message: "cannot be read".into(),
        });
        let results = [Ok(b), unreadable];
        let checked = |deny| {
            results
                .iter()
                .map(|r| check_one(r, deny, false))
                .collect::<Vec<_>>()
        };
        let (text, fail) = report(&checked(Deny::Unreadable));
        assert!(fail, "an unreadable document fails the run");
        assert!(text.contains("unreadable: b.txt"), "{text}");
        assert!(
            text.trim_end()
                .ends_with("2 documents, 1 unreadable; 0 errors, 1 warnings, 1 info"),
            "{text}"
        );
        // Each document's part ends in an empty line, in the order given.
        assert!(text.find("a.txt").unwrap() < text.find("b.txt").unwrap());
        assert_eq!(text.matches("\n\n").count(), 2, "{text}");

        // Without the unreadable one: a warning fails only when warnings are denied.
        let only = |deny| report(&checked(deny)[..1]).1;
        assert!(!only(Deny::Unreadable));
        assert!(!only(Deny::Errors));
        assert!(only(Deny::Warnings));
    }
}
