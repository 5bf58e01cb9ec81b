//! Charts of one department's budget: by function, basic/project, personnel/public funds, basic
//! expenditure by economic class, 三公 and the largest projects.

use super::*;

pub(super) fn heading(budget: &Budget, lang: Lang) -> String {
    match budget.year {
        Some(year) => format!("{}{}", budget.display_name(), year_text(year, lang)),
        None => budget.display_name().to_string(),
    }
}

/// `2024年` (or ` (2024)` in English) after a name.
pub(super) fn year_text(year: u16, lang: Lang) -> String {
    lang.fill("chart_year", &[("year", &year.to_string())])
}

/// A 三公 item's name in the chart's language.
pub(super) fn item_label(item: SanggongItem, lang: Lang) -> &'static str {
    if lang.is_english() {
        item.label_en()
    } else {
        item.label_zh()
    }
}

pub(super) fn chart_id(budget: &Budget, name: &str) -> String {
    // A year's key (`weihui/2024`) gives `chart-weihui-2024-…`: one token in an id list.
    format!("chart-{}-{}", budget.slug.replace('/', "-"), name)
}

pub(super) fn amount_of(figure: &Option<Figure>) -> Option<Amount> {
    figure.as_ref().map(|f| f.amount)
}

pub(super) fn no_data(budget: &Budget, kind: &'static str, reason: &str) -> ChartError {
    ChartError::NoData {
        slug: budget.slug.clone(),
        kind,
        reason: reason.to_string(),
    }
}

/// A bar's label: the code and its name, the standard name when the document gives none.
pub(super) fn code_label(
    code: &str,
    name: Option<&str>,
    standard: fn(&str) -> Option<String>,
) -> String {
    match name.map(str::to_string).or_else(|| standard(code)) {
        Some(name) => format!("{code} {name}"),
        None => code.to_string(),
    }
}

pub(super) fn function_label(node: &FunctionNode) -> String {
    code_label(
        node.code.as_str(),
        node.name.as_deref(),
        codes::function_name,
    )
}

pub(super) fn economic_label(node: &EconomicNode) -> String {
    code_label(
        node.code.as_str(),
        node.name.as_deref(),
        codes::economic_name,
    )
}

pub(super) fn by_function(budget: &Budget, lang: Lang) -> Result<Chart, ChartError> {
    const KIND: &str = "by-function";
    if budget.by_function.is_empty() {
        return Err(no_data(budget, KIND, "no expenditure by function"));
    }
    let mut rows = Vec::new();
    let mut missing = Vec::new();
    for node in &budget.by_function {
        match amount_of(&node.amount) {
            Some(amount) => rows.push((function_label(node), amount)),
            None => missing.push(function_label(node)),
        }
    }
    Ok(amount_bars(BarsSpec {
        id: chart_id(budget, KIND),
        name: KIND,
        title: lang.fill(
            "chart_by_function_title",
            &[("who", &heading(budget, lang))],
        ),
        what: lang.fill("chart_by_function_what", &[("who", &heading(budget, lang))]),
        lang,
        rows,
        missing,
        sort: true,
        shares: true,
        colour_of: None,
        legend: Vec::new(),
        extra_notes: Vec::new(),
    }))
}

pub(super) fn two_part(
    budget: &Budget,
    kind: &'static str,
    title: String,
    parts: [(&str, &Option<Figure>); 2],
    lang: Lang,
) -> Result<Chart, ChartError> {
    let mut rows = Vec::new();
    let mut missing = Vec::new();
    for (label, figure) in parts {
        match amount_of(figure) {
            Some(amount) => rows.push((label.to_string(), amount)),
            None => missing.push(label.to_string()),
        }
    }
    if rows.is_empty() {
        return Err(no_data(budget, kind, "neither figure is disclosed"));
    }
    let labels: Vec<String> = parts.iter().map(|(label, _)| label.to_string()).collect();
    Ok(amount_bars(BarsSpec {
        id: chart_id(budget, kind),
        name: kind,
        what: title.clone(),
        title,
        lang,
        rows,
        missing,
        sort: false,
        shares: true,
        colour_of: Some(Box::new(move |label: &str| {
            let index = labels.iter().position(|l| l == label).unwrap_or(0);
            SERIES[index % SERIES.len()]
        })),
        legend: Vec::new(),
        extra_notes: Vec::new(),
    }))
}

pub(super) fn basic_project(budget: &Budget, lang: Lang) -> Result<Chart, ChartError> {
    two_part(
        budget,
        "basic-project",
        lang.fill(
            "chart_basic_project_title",
            &[("who", &heading(budget, lang))],
        ),
        [
            (lang.get("basic_expenditure"), &budget.totals.basic),
            (lang.get("project_expenditure"), &budget.totals.project),
        ],
        lang,
    )
}

pub(super) fn personnel_public(budget: &Budget, lang: Lang) -> Result<Chart, ChartError> {
    two_part(
        budget,
        "personnel-public",
        lang.fill(
            "chart_personnel_public_title",
            &[("who", &heading(budget, lang))],
        ),
        [
            (lang.get("personnel"), &budget.totals.personnel),
            (lang.get("public_funds"), &budget.totals.public_funds),
        ],
        lang,
    )
}

pub(super) fn basic_economic(budget: &Budget, lang: Lang) -> Result<Chart, ChartError> {
    const KIND: &str = "basic-economic";
    if budget.by_economic.is_empty() {
        return Err(no_data(
            budget,
            KIND,
            "no basic expenditure by economic class",
        ));
    }
    let mut rows = Vec::new();
    let mut missing = Vec::new();
    let mut class_of = Vec::new();
    let mut legend = Vec::new();
    for (index, class) in budget.by_economic.iter().enumerate() {
        let colour = SERIES[index % SERIES.len()];
        legend.push((economic_label(class), colour));
        let sections: Vec<&EconomicNode> = if class.children.is_empty() {
            vec![class]
        } else {
            class.children.iter().collect()
        };
        for node in sections {
            let label = economic_label(node);
            match amount_of(&node.amount) {
                Some(amount) => {
                    class_of.push((label.clone(), colour));
                    rows.push((label, amount));
                }
                None => missing.push(label),
            }
        }
    }
    Ok(amount_bars(BarsSpec {
        id: chart_id(budget, KIND),
        name: KIND,
        title: lang.fill("chart_economic_title", &[("who", &heading(budget, lang))]),
        what: lang.fill("chart_economic_what", &[("who", &heading(budget, lang))]),
        lang,
        rows,
        missing,
        sort: true,
        shares: false,
        colour_of: Some(Box::new(move |label: &str| {
            class_of
                .iter()
                .find(|(l, _)| l == label)
                .map_or(SERIES[0], |(_, c)| *c)
        })),
        legend: if budget.by_economic.len() > 1 {
            legend
        } else {
            Vec::new()
        },
        extra_notes: Vec::new(),
    }))
}

pub(super) fn sanggong(budget: &Budget, lang: Lang) -> Result<Chart, ChartError> {
    const KIND: &str = "sanggong";
    let s = &budget.sanggong;
    // The vehicle costs as a whole only when the document does not split them.
    let whole_vehicles =
        s.vehicle_purchase.is_none() && s.vehicle_operation.is_none() && s.vehicles.is_some();
    let items = SanggongItem::ALL.into_iter().filter(|item| match item {
        SanggongItem::Total => false,
        SanggongItem::Vehicles => whole_vehicles,
        SanggongItem::VehiclePurchase | SanggongItem::VehicleOperation => !whole_vehicles,
        SanggongItem::Outbound | SanggongItem::Reception => true,
    });
    let mut rows = Vec::new();
    let mut missing = Vec::new();
    for item in items {
        let label = item_label(item, lang).to_string();
        match s.get(item) {
            Some(figure) => rows.push((label, figure.amount)),
            None => missing.push(label),
        }
    }
    if rows.is_empty() {
        return Err(no_data(budget, KIND, "no “三公” item is disclosed"));
    }
    let extra_notes = match amount_of(&s.total) {
        Some(total) => vec![lang.fill(
            "chart_sanggong_total_note",
            &[
                ("label", item_label(SanggongItem::Total, lang)),
                ("amount", &format::amount(total.value())),
                ("unit", lang.get("chart_unit")),
            ],
        )],
        None => Vec::new(),
    };
    Ok(amount_bars(BarsSpec {
        id: chart_id(budget, KIND),
        name: KIND,
        title: lang.fill("chart_sanggong_title", &[("who", &heading(budget, lang))]),
        what: lang.fill("chart_sanggong_what", &[("who", &heading(budget, lang))]),
        lang,
        rows,
        missing,
        sort: false,
        shares: false,
        colour_of: None,
        legend: Vec::new(),
        extra_notes,
    }))
}

pub(super) fn projects(budget: &Budget, lang: Lang) -> Result<Chart, ChartError> {
    const KIND: &str = "projects";
    let mut rows: Vec<(String, Amount)> = budget
        .projects
        .iter()
        .filter_map(|p| amount_of(&p.amount).map(|a| (p.name.clone(), a)))
        .collect();
    if rows.is_empty() {
        return Err(no_data(budget, KIND, "no project with a disclosed amount"));
    }
    sort_descending(&mut rows);
    let mut extra_notes = Vec::new();
    if rows.len() > TOP_PROJECTS {
        extra_notes.push(lang.fill(
            "chart_projects_top_note",
            &[
                ("n", &rows.len().to_string()),
                ("max", &TOP_PROJECTS.to_string()),
            ],
        ));
        rows.truncate(TOP_PROJECTS);
    }
    let missing = budget
        .projects
        .iter()
        .filter(|p| p.amount.is_none())
        .map(|p| p.name.clone())
        .collect::<Vec<_>>();
    Ok(amount_bars(BarsSpec {
        id: chart_id(budget, KIND),
        name: KIND,
        title: lang.fill("chart_projects_title", &[("who", &heading(budget, lang))]),
        what: lang.fill("chart_projects_what", &[("who", &heading(budget, lang))]),
        lang,
        rows,
        missing,
        sort: true,
        shares: false,
        colour_of: None,
        legend: Vec::new(),
        extra_notes,
    }))
}
