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

/// The report and whether the run should fail.
pub fn report(
    results: &[Result<Budget, DocumentError>],
    deny: Deny,
    colour: bool,
) -> (String, bool) {
    let p = Paint(colour);
    let mut out = String::new();
    let mut fail = false;
    for r in results {
        match r {
            Ok(b) => {
                describe(&mut out, b, &p);
                fail |= b.findings.iter().any(|f| match deny {
                    Deny::Unreadable => false,
                    Deny::Errors => f.severity == Severity::Error,
                    Deny::Warnings => f.severity >= Severity::Warning,
                });
            }
            Err(e) => {
                let _ = writeln!(out, "{} {}", p.color("1;31", "unreadable:"), e);
                fail = true;
            }
        }
        out.push('\n');
    }
    let docs = results.len();
    let unreadable = results.iter().filter(|r| r.is_err()).count();
    let count = |s: Severity| {
        results
            .iter()
            .flatten()
            .flat_map(|b| &b.findings)
            .filter(|f| f.severity == s)
            .count()
    };
    let _ = writeln!(
        out,
        "{docs} documents, {unreadable} unreadable; {} errors, {} warnings, {} info",
        count(Severity::Error),
        count(Severity::Warning),
        count(Severity::Info)
    );
    (out, fail)
}
