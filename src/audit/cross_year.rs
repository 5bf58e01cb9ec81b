//! cross-year: the narrative's 上年 figures (the total, 三公 and its items, basic and project
//! expenditure, the 类) against the previous year's own disclosure of the same department, when
//! the site has it. Last year's figure is the one the narrative states (`较上年 B 万元`), or this
//! year's less the stated change (then its line is the sentence of the change). Each finding cites
//! both documents' lines.
//!
//! The statements are taken from a budget when it is read ([`prior_statements`]), so the check
//! needs only them and the previous year's totals, 三公 and 类 ([`check`]), never two whole
//! documents at once.

use super::tolerance::{Term, equal_finding};
use super::*;

/// The rule of every finding here.
pub const RULE: &str = "cross-year";

/// What a 上年 figure is about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum PriorItem {
    /// 收支总计 (compared with last year's expenditure total, or its income total without one).
    Total,
    Basic,
    Project,
    Sanggong(SanggongItem),
    /// A 类 by its code.
    Class(String),
}

/// One figure the narrative gives for last year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PriorStatement {
    pub item: PriorItem,
    /// The item as the finding names it.
    pub label_zh: String,
    pub label_en: String,
    /// Last year's amount, stated or this year's less the stated change.
    pub figure: Figure,
}

/// Last year's figure a narrative gives: `prior` when stated, otherwise `current − change` (at
/// the change's line), `current` when it says 持平.
fn prior_of(current: &Figure, change: Option<&Change>, prior: Option<&Figure>) -> Option<Figure> {
    if let Some(p) = prior {
        return Some(p.clone());
    }
    let change = change?;
    let (amount, printed) = match (&change.amount, change.unchanged) {
        (Some(c), _) => (
            current.amount - c.amount,
            format!("{} − ({})", current.printed, c.printed),
        ),
        (None, true) => (current.amount, format!("{}（持平）", current.printed)),
        (None, false) => return None,
    };
    Some(Figure::new(
        amount,
        change.source.clone(),
        printed,
        Unit::TenThousandYuan,
    ))
}

/// Every 上年 figure of `budget`'s narrative this rule checks.
pub fn prior_statements(budget: &Budget) -> Vec<PriorStatement> {
    let n = &budget.narrative;
    let mut out = Vec::new();
    fn push(
        out: &mut Vec<PriorStatement>,
        item: PriorItem,
        zh: &str,
        en: &str,
        figure: Option<Figure>,
    ) {
        if let Some(figure) = figure {
            out.push(PriorStatement {
                item,
                label_zh: zh.to_string(),
                label_en: en.to_string(),
                figure,
            });
        }
    }
    // The total: stated, or derived from the change sentence (see `Totals::prior_year`).
    push(
        &mut out,
        PriorItem::Total,
        "收支总计",
        "the total",
        budget.totals.prior_year.clone(),
    );
    for claim in &n.claims {
        let item = match claim.item.trim() {
            "基本支出" => (PriorItem::Basic, "基本支出", "basic expenditure"),
            "项目支出" => (PriorItem::Project, "项目支出", "project expenditure"),
            _ => continue,
        };
        if out.iter().any(|s| s.item == item.0) {
            continue;
        }
        let figure = match (&claim.prior, &claim.change) {
            (Some(p), _) => Some(p.clone()),
            (None, Some(c)) => Some(Figure::new(
                claim.amount.amount - c.amount,
                c.source.clone(),
                format!("{} − ({})", claim.amount.printed, c.printed),
                Unit::TenThousandYuan,
            )),
            (None, None) if claim.unchanged => Some(claim.amount.clone()),
            (None, None) => None,
        };
        push(&mut out, item.0, item.1, item.2, figure);
    }
    let s = &n.sanggong;
    for item in SanggongItem::LISTED {
        if item == SanggongItem::Vehicles {
            continue;
        }
        let current = s.amounts.get(item).or(if item == SanggongItem::Total {
            budget.sanggong.total.as_ref()
        } else {
            None
        });
        let stated_prior = if item == SanggongItem::Total {
            s.total_prior.as_ref()
        } else {
            None
        };
        let figure = current.and_then(|c| prior_of(c, s.change(item), stated_prior));
        let zh = if item == SanggongItem::Total {
            Sanggong::NAME_ZH
        } else {
            item.label_zh()
        };
        let en = if item == SanggongItem::Total {
            Sanggong::NAME_EN
        } else {
            item.label_en()
        };
        push(&mut out, PriorItem::Sanggong(item), zh, en, figure);
    }
    for stated in &n.functions {
        let Some(code) = &stated.code else { continue };
        if code.as_str().len() != 3 {
            continue;
        }
        let figure = prior_of(&stated.amount, stated.change.as_ref(), None);
        let label = format!("{}（{}）", stated.name, code.as_str());
        if out
            .iter()
            .any(|s| s.item == PriorItem::Class(code.as_str().to_string()))
        {
            continue;
        }
        push(
            &mut out,
            PriorItem::Class(code.as_str().to_string()),
            &label,
            &label,
            figure,
        );
    }
    out
}

/// The figure `previous` (last year's budget) discloses for `item`.
fn disclosed(previous: &Budget, item: &PriorItem) -> Option<Figure> {
    let t = &previous.totals;
    match item {
        PriorItem::Total => t.expenditure.clone().or_else(|| t.income.clone()),
        PriorItem::Basic => t.basic.clone(),
        PriorItem::Project => t.project.clone(),
        PriorItem::Sanggong(i) => previous.sanggong.get(*i).cloned(),
        PriorItem::Class(code) => previous.function(code).and_then(|n| n.amount.clone()),
    }
}

/// This year's 上年 figures (`statements`, of the document `year`) against `previous`, the same
/// department's disclosure of `year − 1`: silent when they agree, info within rounding, an error
/// beyond it.
pub fn check(statements: &[PriorStatement], year: u16, previous: &Budget) -> Vec<Finding> {
    let last = year.saturating_sub(1);
    statements
        .iter()
        .filter_map(|s| {
            let theirs = disclosed(previous, &s.item)?;
            let stated = Term::new(
                format!("{year}年说明所列{}上年预算", s.label_zh),
                format!("the {year} narrative's {} for last year", s.label_en),
                &s.figure,
            );
            let own = Term::new(
                format!("{last}年公开的{}", s.label_zh),
                format!("the {} of the {last} disclosure", s.label_en),
                &theirs,
            );
            equal_finding(RULE, &stated, &own)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Amount, Change, Source};

    fn fig(text: &str, file: &str, line: u32) -> Figure {
        Figure::new(
            Amount::parse(text, Unit::TenThousandYuan).unwrap(),
            Source::new(file, line),
            text,
            Unit::TenThousandYuan,
        )
    }

    #[test]
    fn a_stated_prior_total_is_checked_against_last_years_total_with_both_lines() {
        let mut this = Budget::empty("a/2024", "a-2024.txt");
        this.totals.prior_year = Some(fig("100.00", "a-2024.txt", 7));
        let mut last = Budget::empty("a/2023", "a-2023.txt");
        last.totals.expenditure = Some(fig("120.00", "a-2023.txt", 30));
        let found = check(&prior_statements(&this), 2024, &last);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].severity, Severity::Error);
        assert_eq!(
            found[0].sources,
            vec![Source::new("a-2024.txt", 7), Source::new("a-2023.txt", 30)]
        );
        last.totals.expenditure = Some(fig("100.00", "a-2023.txt", 30));
        assert!(check(&prior_statements(&this), 2024, &last).is_empty());
    }

    #[test]
    fn a_sanggong_item_prior_is_this_year_less_the_stated_change() {
        let mut this = Budget::empty("a/2024", "a-2024.txt");
        let s = &mut this.narrative.sanggong;
        s.amounts.reception = Some(fig("10.00", "a-2024.txt", 9));
        s.reception_change = Some(Change {
            amount: Some(fig("-2.00", "a-2024.txt", 9)),
            percent: None,
            unchanged: false,
            source: Source::new("a-2024.txt", 9),
        });
        let statements = prior_statements(&this);
        assert_eq!(statements.len(), 1);
        assert_eq!(statements[0].figure.amount.to_string(), "12.00");
        let mut last = Budget::empty("a/2023", "a-2023.txt");
        last.sanggong.reception = Some(fig("12.00", "a-2023.txt", 40));
        assert!(check(&statements, 2024, &last).is_empty());
        last.sanggong.reception = Some(fig("13.00", "a-2023.txt", 40));
        let found = check(&statements, 2024, &last);
        assert_eq!(found.len(), 1);
        assert!(found[0].message_zh.contains("2023年公开的"), "{found:?}");
    }
}
