//! Charts of all departments side by side: totals, 三公, shares by 类, basic/project.

use super::*;

pub(super) fn common_year(budgets: &[&Budget], lang: Lang) -> String {
    match budgets.first().and_then(|b| b.year) {
        Some(year) if budgets.iter().all(|b| b.year == Some(year)) => year_text(year, lang),
        _ => String::new(),
    }
}

pub(super) fn compare_amounts(
    budgets: &[&Budget],
    kind: &'static str,
    title: String,
    figure: impl Fn(&Budget) -> Option<Amount>,
    lang: Lang,
) -> Option<Chart> {
    let mut rows = Vec::new();
    let mut missing = Vec::new();
    for budget in budgets {
        match figure(budget) {
            Some(amount) => rows.push((budget.display_name().to_string(), amount)),
            None => missing.push(budget.display_name().to_string()),
        }
    }
    if rows.len() < 2 {
        return None;
    }
    let mut extra_notes = Vec::new();
    keep_largest(&mut rows, &mut extra_notes, lang);
    Some(amount_bars(BarsSpec {
        id: format!("chart-{kind}"),
        name: kind,
        what: title.clone(),
        title,
        lang,
        rows,
        missing: named_few(missing, lang),
        sort: true,
        shares: false,
        colour_of: None,
        legend: Vec::new(),
        extra_notes,
    }))
}

pub(super) fn compare_total(budgets: &[&Budget], lang: Lang) -> Option<Chart> {
    compare_amounts(
        budgets,
        "compare-total",
        lang.fill(
            "chart_compare_total_title",
            &[("year", &common_year(budgets, lang))],
        ),
        |b| amount_of(&b.totals.expenditure),
        lang,
    )
}

pub(super) fn compare_sanggong(budgets: &[&Budget], lang: Lang) -> Option<Chart> {
    compare_amounts(
        budgets,
        "compare-sanggong",
        lang.fill(
            "chart_compare_sanggong_title",
            &[("year", &common_year(budgets, lang))],
        ),
        |b| amount_of(&b.sanggong.total),
        lang,
    )
}

/// One part of a 100 % bar before colours are assigned.
pub(super) struct Part {
    pub(super) key: String,
    pub(super) amount: Amount,
}

pub(super) fn compare_function_shares(
    budgets: &[&Budget],
    mut extra_notes: Vec<String>,
    lang: Lang,
) -> Option<Chart> {
    const KIND: &str = "compare-function-shares";
    let mut departments = Vec::new();
    let mut missing = Vec::new();
    for budget in budgets {
        let undisclosed: Vec<String> = budget
            .by_function
            .iter()
            .filter(|n| n.amount.is_none())
            .map(function_label)
            .collect();
        if !undisclosed.is_empty() {
            extra_notes.push(lang.fill(
                "chart_undisclosed_parts_note",
                &[
                    ("who", budget.display_name()),
                    ("list", &undisclosed.join(lang.get("list_sep"))),
                ],
            ));
        }
        let parts: Vec<Part> = budget
            .by_function
            .iter()
            .filter_map(|n| {
                amount_of(&n.amount).map(|amount| Part {
                    key: function_label(n),
                    amount,
                })
            })
            .collect();
        if parts.is_empty() {
            missing.push(budget.display_name().to_string());
        } else {
            departments.push((budget.display_name().to_string(), parts));
        }
    }
    if departments.len() < 2 {
        return None;
    }
    // Series ordered by their total over all departments; the smallest beyond the palette share
    // one grey "其他" series.
    let mut keys: Vec<(String, Decimal)> = Vec::new();
    for (_, parts) in &departments {
        for part in parts {
            match keys.iter_mut().find(|(k, _)| *k == part.key) {
                Some((_, sum)) => *sum += part.amount.value(),
                None => keys.push((part.key.clone(), part.amount.value())),
            }
        }
    }
    keys.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    let named = if keys.len() > SERIES.len() {
        SERIES.len() - 1
    } else {
        keys.len()
    };
    let mut series: Vec<(String, Rgb)> = keys[..named]
        .iter()
        .enumerate()
        .map(|(i, (k, _))| (k.clone(), SERIES[i]))
        .collect();
    let other_label = lang.get("chart_other");
    if keys.len() > named {
        series.push((other_label.to_string(), OTHER));
        let merged: Vec<&str> = keys[named..].iter().map(|(k, _)| k.as_str()).collect();
        extra_notes.push(lang.fill(
            "chart_other_note",
            &[
                ("other", other_label),
                ("list", &merged.join(lang.get("list_sep"))),
            ],
        ));
    }
    let rows = departments
        .into_iter()
        .map(|(label, parts)| {
            let mut merged: Vec<Part> = Vec::new();
            for part in parts {
                let key = if series.iter().any(|(k, _)| *k == part.key) {
                    part.key
                } else {
                    other_label.to_string()
                };
                match merged.iter_mut().find(|p| p.key == key) {
                    Some(p) => p.amount = p.amount + part.amount,
                    None => merged.push(Part {
                        key,
                        amount: part.amount,
                    }),
                }
            }
            merged.sort_by_key(|p| series.iter().position(|(k, _)| *k == p.key));
            (label, merged)
        })
        .collect();
    Some(share_bars(ShareSpec {
        id: format!("chart-{KIND}"),
        name: KIND,
        title: lang.fill(
            "chart_function_shares_title",
            &[("year", &common_year(budgets, lang))],
        ),
        what: lang.get("chart_function_shares_what").to_string(),
        lang,
        series,
        rows,
        missing,
        extra_notes,
    }))
}

pub(super) fn compare_basic_project(
    budgets: &[&Budget],
    extra_notes: Vec<String>,
    lang: Lang,
) -> Option<Chart> {
    const KIND: &str = "compare-basic-project";
    let mut rows = Vec::new();
    let mut missing = Vec::new();
    for budget in budgets {
        match (
            amount_of(&budget.totals.basic),
            amount_of(&budget.totals.project),
        ) {
            (Some(basic), Some(project)) => rows.push((
                budget.display_name().to_string(),
                vec![
                    Part {
                        key: lang.get("basic_expenditure").to_string(),
                        amount: basic,
                    },
                    Part {
                        key: lang.get("project_expenditure").to_string(),
                        amount: project,
                    },
                ],
            )),
            _ => missing.push(budget.display_name().to_string()),
        }
    }
    if rows.len() < 2 {
        return None;
    }
    Some(share_bars(ShareSpec {
        id: format!("chart-{KIND}"),
        name: KIND,
        title: lang.fill(
            "chart_basic_project_shares_title",
            &[("year", &common_year(budgets, lang))],
        ),
        what: lang.get("chart_basic_project_shares_what").to_string(),
        lang,
        series: vec![
            (lang.get("basic_expenditure").to_string(), SERIES[0]),
            (lang.get("project_expenditure").to_string(), SERIES[1]),
        ],
        rows,
        missing,
        extra_notes,
    }))
}
