//! The discrepancies of the seeds, each read off the document by hand (file and line in the
//! comment), must be reported — at the severity stated and naming the lines involved — and the
//! figures the document's own arithmetic settles must be used as settled.

use std::path::Path;

use gongkai::model::{Budget, Finding, Severity};

fn seed(slug: &str) -> Budget {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("content/budgets")
        .join(format!("{slug}.txt"));
    gongkai::department::load_file(&path).expect("the seeds read")
}

/// Every finding, those counted in a rounding line included.
fn all(b: &Budget) -> Vec<&Finding> {
    b.findings
        .iter()
        .flat_map(|f| std::iter::once(f).chain(f.details.iter()))
        .collect()
}

/// A finding of `rule` at `severity` whose lines include all of `lines` and whose message holds
/// every one of `words`.
#[track_caller]
fn reported(b: &Budget, rule: &str, severity: Severity, lines: &[u32], words: &[&str]) {
    let found = all(b).into_iter().any(|f| {
        f.rule == rule
            && f.severity == severity
            && lines.iter().all(|l| f.sources.iter().any(|s| s.line == *l))
            && words.iter().all(|w| f.message_zh.contains(w))
    });
    if !found {
        let listed: Vec<String> = all(b)
            .iter()
            .map(|f| {
                let lines: Vec<u32> = f.sources.iter().map(|s| s.line).collect();
                format!("{} {:?} {:?} {}", f.rule, f.severity, lines, f.message_zh)
            })
            .collect();
        panic!(
            "{}: no {rule} {severity:?} at {lines:?} with {words:?}; found:\n{}",
            b.slug,
            listed.join("\n")
        );
    }
}

#[test]
fn fengquan_basic_expenditure_moved_into_the_projects() {
    let b = seed("fengquan-2024");
    // fengquan-2024.txt:88 基本支出 1058.62 万元; :102 人员经费 980.74 + 公用经费 57.88 = 1038.62.
    reported(&b, "basic-split", Severity::Error, &[88, 102], &["1058.62"]);
    // :88 基本支出 1058.62 / 项目支出 203.04 against the 支出总表 :225 1038.62 / 223.04.
    reported(
        &b,
        "narrative-vs-table",
        Severity::Error,
        &[88, 225],
        &["1058.62", "1038.62"],
    );
    reported(
        &b,
        "narrative-vs-table",
        Severity::Error,
        &[88, 225],
        &["203.04", "223.04"],
    );
}

#[test]
fn fengxian_changes_percentages_and_units() {
    let b = seed("fengxian-2024");
    // fengxian-2024.txt:190 “三公” 33.96，较上年 35.38 减少 1.41（96%）: 96% is this year over last.
    reported(
        &b,
        "prior-year-arithmetic",
        Severity::Error,
        &[190],
        &["三公", "本年占上年"],
    );
    // :190 公务接待费 …减少1.29万元（62.84%）: 1.29 on 3.48 is 37%, 62.84% is 2.19 over 3.49.
    reported(
        &b,
        "prior-year-arithmetic",
        Severity::Error,
        &[190],
        &["公务接待费", "62.84"],
    );
    // :190 公务用车运行维护费 31.77，较上年31.89减少0.12（0.3%）: 0.38%, truncated.
    reported(
        &b,
        "prior-year-arithmetic",
        Severity::Warning,
        &[190],
        &["0.3%"],
    );
    // :190 公务接待费2.19元: the 三公 total less the other items is 2.19 万元.
    reported(
        &b,
        "implausible-unit",
        Severity::Warning,
        &[190],
        &["2.19", "33.96"],
    );
    // :190 会议费 2.68，较上年2.70万元减少0.19万元: 2.68 − 2.70 = −0.02.
    reported(
        &b,
        "prior-year-arithmetic",
        Severity::Error,
        &[190],
        &["会议费", "2.68", "2.70"],
    );
    // :190 培训费 0.36，较上年0.37万元减少0.10万元: 0.36 − 0.37 = −0.01.
    reported(
        &b,
        "prior-year-arithmetic",
        Severity::Error,
        &[190],
        &["培训费", "0.36", "0.37"],
    );
    // :164 商品和服务支出(302) 205.22 万元; the 收支总表 lists 302 under 基本支出 54000.00 元 (:254)
    // and under 专项业务经费支出 1951872.92 元 (:259): 200.587292 万元 (205.22 = 200.59 + 504's 4.63).
    reported(
        &b,
        "narrative-vs-table",
        Severity::Error,
        &[164, 254, 259],
        &["205.22", "200.587292"],
    );
}

#[test]
fn laiyuan_sanggong_total_and_procurement() {
    let b = seed("laiyuan-2024");
    // laiyuan-2024.txt:1523 the 三公 table's 合计 186.00 ≠ :1530 三公小计 171.00 (+ blank 会议费/培训费).
    reported(
        &b,
        "sanggong-table-total",
        Severity::Error,
        &[1523, 1530],
        &["186.00", "171.00"],
    );
    // :3257 “无政府采购预算，空表列示” yet :3260 “9.31万元，已按要求列入政府采购预算”.
    reported(
        &b,
        "narrative-consistency",
        Severity::Warning,
        &[3257, 3260],
        &["9.31"],
    );
}

#[test]
fn weihui_procurement_parts_exceed_the_total() {
    let b = seed("weihui-2024");
    // weihui-2024.txt:157 政府采购预算安排3万元, :159 货物预算35.25万元.
    reported(&b, "procurement-sum", Severity::Error, &[157], &["35.25"]);
}

#[test]
fn fengxian_uses_the_proven_reception_and_a_derived_personnel_figure() {
    let b = seed("fengxian-2024");
    let r = b.sanggong.reception.as_ref().unwrap();
    assert_eq!(r.amount.value().to_string(), "2.19");
    assert_eq!((r.printed.as_str(), r.unit.label()), ("2.19", "元"));
    assert!(r.correction.is_some());
    let p = b.totals.personnel.as_ref().unwrap();
    // fengxian-2024.txt:253 4014919.00 元 + :255 39600.00 元.
    assert_eq!(p.amount, "405.4519".parse().unwrap());
    assert!(p.derivation.is_some());
}

#[test]
fn rounding_differences_are_one_line_per_document() {
    for slug in [
        "fengquan-2024",
        "fengxian-2024",
        "laiyuan-2024",
        "luohe-2024",
        "weihui-2024",
    ] {
        let b = seed(slug);
        let lines: Vec<&Finding> = b.findings.iter().filter(|f| f.rule == "rounding").collect();
        assert!(lines.len() <= 1, "{slug}");
        for f in &b.findings {
            assert!(
                f.rule == "rounding" || !f.message_zh.contains("在四舍五入允许的"),
                "{slug}: a rounding difference on its own: {}",
                f.message_zh
            );
            assert!(!f.message_zh.contains("0.0200005"), "{}", f.message_zh);
        }
    }
}
