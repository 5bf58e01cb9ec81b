//! stated-claims: every statement of an item's amount the narrative makes (`parse::claims`),
//! whether or not the model knows the item — this year less last year is the stated change, the
//! percentage is the change over last year, the amount is the table row of the same item, and
//! two statements about one item agree. Statements the model already checks (the total, 三公,
//! the 类 and 项 it reads) are left to their own rules, so nothing is reported twice.

use super::*;
use crate::model::Claim;

/// Figures the model's own rules already check, by where they stand and how they are printed.
fn covered(figures: impl IntoIterator<Item = Option<Figure>>) -> BTreeSet<(Source, String)> {
    figures
        .into_iter()
        .flatten()
        .map(|f| (f.source, f.printed))
        .collect()
}

fn key_of(f: &Figure) -> (Source, String) {
    (f.source.clone(), f.printed.clone())
}

/// The narrative figures whose change prior-year-arithmetic checks.
fn changes_checked(budget: &Budget) -> BTreeSet<(Source, String)> {
    let n = &budget.narrative;
    let s = &n.sanggong;
    let mut figures: Vec<Option<Figure>> = Vec::new();
    if n.change.is_some() {
        figures.extend([n.expenditure_total.clone(), n.income_total.clone()]);
    }
    if s.total_change.is_some() {
        figures.push(s.amounts.total.clone());
    }
    for item in SanggongItem::ALL {
        if s.change(item).is_some() {
            figures.push(s.amounts.get(item).cloned());
        }
    }
    for stated in n.functions.iter().chain(&n.function_items) {
        if stated.change.is_some() {
            figures.push(Some(stated.amount.clone()));
        }
    }
    for stated in &n.economic {
        if stated.change.is_some() {
            figures.push(Some(stated.amount.clone()));
        }
    }
    covered(figures)
}

/// The narrative figures narrative-vs-table already compares with a table.
fn tables_checked(budget: &Budget) -> BTreeSet<(Source, String)> {
    let n = &budget.narrative;
    let mut figures: Vec<Option<Figure>> = vec![
        n.income_total.clone(),
        n.expenditure_total.clone(),
        n.basic.clone(),
        n.project.clone(),
        n.personnel.clone(),
        n.public_funds.clone(),
    ];
    figures.extend(SanggongItem::ALL.map(|i| n.sanggong.amounts.get(i).cloned()));
    figures.extend(
        n.functions
            .iter()
            .chain(&n.function_items)
            .map(|s| Some(s.amount.clone())),
    );
    covered(figures)
}

/// The amount as it was meant: a proven correction of the same printed figure, else the
/// evident 元 slip.
fn meant(budget: &Budget, figure: &Figure) -> Figure {
    let corrected = SanggongItem::ALL
        .into_iter()
        .filter_map(|i| budget.narrative.sanggong.amounts.get(i))
        .find(|f| f.correction.is_some() && key_of(f) == key_of(figure));
    corrected.cloned().unwrap_or_else(|| as_meant(figure))
}

pub(super) fn stated_claims(budget: &Budget, out: &mut Vec<Finding>) {
    let claims = &budget.narrative.claims;
    let changes = changes_checked(budget);
    let tables = tables_checked(budget);
    for claim in claims {
        let amount = meant(budget, &claim.amount);
        let label = claim_label(claim);
        if !changes.contains(&key_of(&claim.amount))
            && (claim.prior.is_some() || claim.change.is_some() || claim.unchanged)
        {
            let change = Change {
                amount: claim.change.clone(),
                percent: claim.percent.clone(),
                unchanged: claim.unchanged,
                source: claim.amount.source.clone(),
            };
            check_change(
                out,
                (&label, &label),
                &amount,
                &change,
                claim.prior.as_ref(),
            );
        }
        if !tables.contains(&key_of(&claim.amount))
            && let Some((table_label, table)) = table_row(budget, claim)
            && table.source != claim.amount.source
        {
            let mut found = Vec::new();
            narrative_against_table(
                &mut found,
                &Term::new(
                    format!("说明中的{label}"),
                    format!("the narrative's {label}"),
                    &amount,
                ),
                &Term::new(table_label.0, table_label.1, &table),
            );
            if let Some(d) = &table.derivation {
                for f in &mut found {
                    for s in &d.sources {
                        if !f.sources.contains(s) {
                            f.sources.push(s.clone());
                        }
                    }
                }
            }
            out.extend(found);
        }
    }
    claims_agree(budget, out);
}

fn claim_label(claim: &Claim) -> String {
    match &claim.code {
        Some(code) => format!("{}（{code}）", claim.item),
        None => claim.item.clone(),
    }
}

/// The table figure of the item a claim names: a function code, an economic class (all funds,
/// where a summary table lists the classes under both 基本支出 and 项目支出), a 三公 item, 会议费
/// or 培训费 of the 三公 table.
fn table_row(budget: &Budget, claim: &Claim) -> Option<((String, String), Figure)> {
    if let Some(code) = &claim.code {
        if code.starts_with('2')
            && let Some(fc) = FunctionCode::new(code)
        {
            let f = table_function_figure(budget, &fc)?;
            return Some((
                (format!("表中 {code}"), format!("{code} in the tables")),
                f.clone(),
            ));
        }
        if code.starts_with('3') && code.len() == 3 {
            return economic_all_funds(budget, code);
        }
        return None;
    }
    let name = fold(&claim.item);
    if let Some(code) = crate::model::ECONOMIC_CLASSES
        .iter()
        .find(|(_, n)| folded(n).eq(name.chars()))
        .map(|(c, _)| *c)
    {
        return economic_all_funds(budget, code);
    }
    let table = budget.table(TableKind::Sanggong)?;
    for (key, zh) in [("meeting", "会议费"), ("training", "培训费")] {
        if name == zh {
            let f = table.figure(key)?;
            return Some((
                (
                    format!("三公经费表中的{zh}"),
                    format!("the 三公 table's {key}"),
                ),
                f.clone(),
            ));
        }
    }
    None
}

/// Names compared without brackets, quotes and spaces.
fn fold(name: &str) -> String {
    folded(name).collect()
}

/// The characters of [`fold`], without making the string.
fn folded(name: &str) -> impl Iterator<Item = char> + '_ {
    name.chars()
        .filter(|c| !c.is_whitespace() && !"()（）“”\"".contains(*c))
}

/// An economic class over all funds: its 基本支出 and 项目支出 lines of a summary table added.
fn economic_all_funds(budget: &Budget, code: &str) -> Option<((String, String), Figure)> {
    for kind in [TableKind::Summary, TableKind::FiscalSummary] {
        let Some(table) = budget.table(kind) else {
            continue;
        };
        let basic = table.figure(&format!("basic_economic:{code}"));
        let project = table.figure(&format!("project_economic:{code}"));
        let blocks = |prefix: &str| table.figures.iter().any(|k| k.key.starts_with(prefix));
        if !(blocks("basic_economic:") && blocks("project_economic:")) {
            continue;
        }
        let name = crate::model::economic_class_name(code).unwrap_or_default();
        let lines: Vec<(String, &Figure)> = [("基本支出", basic), ("项目支出", project)]
            .into_iter()
            .filter_map(|(part, f)| Some((format!("{name}（{code}）{part}"), f?)))
            .collect();
        let figure = amend::sum_of(&lines)?;
        return Some((
            (
                format!("表中{name}（{code}）基本支出与项目支出之和"),
                format!("economic class {code} in the tables (basic + project)"),
            ),
            figure,
        ));
    }
    None
}

/// Two statements of this year's amount of one coded item (same name and code) agree. Items
/// named without a code are left alone: the same words (`预算执行数`, a 类 name) often name the
/// item of another fund, unit or project in the next paragraph.
fn claims_agree(budget: &Budget, out: &mut Vec<Finding>) {
    let claims = &budget.narrative.claims;
    let mut seen: BTreeMap<(String, Option<String>), &Claim> = BTreeMap::new();
    for claim in claims {
        if GENERIC.contains(&claim.item.as_str()) || claim.code.is_none() {
            continue;
        }
        let key = (fold(&claim.item), claim.code.clone());
        let Some(first) = seen.get(&key) else {
            seen.insert(key, claim);
            continue;
        };
        if first.amount.source == claim.amount.source {
            continue;
        }
        let label = claim_label(claim);
        let (a, b) = (meant(budget, &first.amount), meant(budget, &claim.amount));
        if let Some(f) = equal_finding(
            "narrative-consistency",
            &Term::new(
                format!("说明中的{label}"),
                format!("the narrative's {label}"),
                &a,
            ),
            &Term::new(
                format!("另一处说明中的{label}"),
                format!("elsewhere the narrative's {label}"),
                &b,
            ),
        ) {
            out.push(f);
        }
    }
}

/// A document that says it has no 政府采购 budget yet states an amount 列入政府采购预算 (put in
/// the procurement budget) contradicts itself: a warning naming both lines.
pub(super) fn procurement_contradiction(budget: &Budget, lines: &[String], out: &mut Vec<Finding>) {
    static NONE: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r"无政府采购预算|未安排政府采购预算|没有政府采购预算").expect("valid")
    });
    static LISTED: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(
            r"(?P<num>\d[\d,]*(?:\.\d+)?)\s*万元[^。；]{0,30}?列入(?:了)?(?:部门)?政府采购预算",
        )
        .expect("valid")
    });
    let numbered = || lines.iter().enumerate().map(|(i, l)| (i as u32 + 1, l));
    let Some((none_line, _)) = numbered().find(|(_, l)| NONE.is_match(l)) else {
        return;
    };
    for (line, text) in numbered() {
        let Some(caps) = LISTED.captures(text) else {
            continue;
        };
        let Some(amount) = parse_decimal(&caps["num"]).filter(|d| *d > Decimal::ZERO) else {
            continue;
        };
        let amount = format::amount_plain(amount);
        out.push(finding(
            Severity::Warning,
            "narrative-consistency",
            (
                format!("说明称无政府采购预算，却又称 {amount} 万元已列入政府采购预算。"),
                format!(
                    "The narrative says there is no procurement budget, yet puts {amount} (10k yuan) in it."
                ),
            ),
            vec![
                Compared {
                    label: "无政府采购预算".to_string(),
                    amount: None,
                    source: Some(source_line(budget, none_line)),
                },
                Compared {
                    label: "列入政府采购预算".to_string(),
                    amount: parse_decimal(&caps["num"]).map(Amount::from_wan),
                    source: Some(source_line(budget, line)),
                },
            ],
        ));
        return;
    }
}

/// Words that name no one item.
const GENERIC: &[&str] = &[
    "收入", "支出", "预算", "合计", "总计", "金额", "资金", "其他",
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audit::test_support::*;

    fn claim(item: &str, a: &str, prior: Option<&str>, change: Option<&str>, line: u32) -> Claim {
        Claim {
            item: item.to_string(),
            code: None,
            amount: fig(a, line),
            prior: prior.map(|p| fig(p, line)),
            change: change.map(|c| fig(c, line)),
            percent: None,
            share: None,
            unchanged: false,
        }
    }

    #[test]
    fn a_change_that_does_not_add_up_is_reported_for_any_item() {
        let mut b = empty();
        // fengxian-2024.txt:190 会议费 2.68, last year 2.70, “减少0.19”; 培训费 0.36/0.37/−0.10.
        b.narrative.claims = vec![
            claim("会议费", "2.68", Some("2.70"), Some("-0.19"), 190),
            claim("培训费", "0.36", Some("0.37"), Some("-0.10"), 190),
            claim("公用经费", "5.40", Some("7.20"), Some("-1.80"), 206),
        ];
        let found = run(&b, "prior-year-arithmetic");
        assert_eq!(found.len(), 2, "{found:#?}");
        assert!(found.iter().all(|f| f.severity == Severity::Error));
        assert!(
            found[0].message_zh.contains("会议费"),
            "{}",
            found[0].message_zh
        );
        assert!(
            found[1].message_zh.contains("培训费"),
            "{}",
            found[1].message_zh
        );
    }

    #[test]
    fn two_statements_of_one_coded_item_must_agree() {
        let mut b = empty();
        let mut a = claim("行政运行", "239.14", None, None, 10);
        a.code = Some("2010301".into());
        let mut c = a.clone();
        c.amount = fig("293.14", 40);
        b.narrative.claims = vec![a.clone(), c];
        let found = run(&b, "narrative-consistency");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].severity, Severity::Error);
        assert_eq!(found[0].sources.len(), 2);
        let mut same = a.clone();
        same.amount = fig("239.14", 40);
        b.narrative.claims = vec![a, same];
        assert!(run(&b, "narrative-consistency").is_empty());
    }
}
