//! Charts of one department's budget: by function, basic/project, personnel/public funds, basic
//! expenditure by economic class, 三公 and the largest projects.

use super::*;

pub(super) fn heading(budget: &Budget) -> String {
    match budget.year {
        Some(year) => format!("{}{}年", budget.display_name(), year),
        None => budget.display_name().to_string(),
    }
}

pub(super) fn chart_id(budget: &Budget, name: &str) -> String {
    format!("chart-{}-{}", budget.slug, name)
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

pub(super) fn by_function(budget: &Budget) -> Result<Chart, ChartError> {
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
        title: format!("{}支出（按功能分类 类级）", heading(budget)),
        what: format!("{}各功能分类（类）的支出", heading(budget)),
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

pub(super) fn basic_project(budget: &Budget) -> Result<Chart, ChartError> {
    two_part(
        budget,
        "basic-project",
        format!("{}基本支出与项目支出", heading(budget)),
        [
            ("基本支出", &budget.totals.basic),
            ("项目支出", &budget.totals.project),
        ],
    )
}

pub(super) fn personnel_public(budget: &Budget) -> Result<Chart, ChartError> {
    two_part(
        budget,
        "personnel-public",
        format!("{}基本支出：人员经费与公用经费", heading(budget)),
        [
            ("人员经费", &budget.totals.personnel),
            ("公用经费", &budget.totals.public_funds),
        ],
    )
}

pub(super) fn basic_economic(budget: &Budget) -> Result<Chart, ChartError> {
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
        title: format!("{}基本支出（按经济分类 款级）", heading(budget)),
        what: format!(
            "{}基本支出各经济分类（款）的金额，颜色表示所属的类",
            heading(budget)
        ),
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

pub(super) fn sanggong(budget: &Budget) -> Result<Chart, ChartError> {
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
        let label = item.label_zh().to_string();
        match s.get(item) {
            Some(figure) => rows.push((label, figure.amount)),
            None => missing.push(label),
        }
    }
    if rows.is_empty() {
        return Err(no_data(budget, KIND, "no “三公” item is disclosed"));
    }
    let extra_notes = match amount_of(&s.total) {
        Some(total) => vec![format!(
            "{} {} {UNIT}。",
            SanggongItem::Total.label_zh(),
            format::amount(total.value())
        )],
        None => Vec::new(),
    };
    Ok(amount_bars(BarsSpec {
        id: chart_id(budget, KIND),
        name: KIND,
        title: format!("{}{}", heading(budget), Sanggong::NAME_ZH),
        what: format!("{}{}各项金额", heading(budget), Sanggong::NAME_ZH),
        rows,
        missing,
        sort: false,
        shares: false,
        colour_of: None,
        legend: Vec::new(),
        extra_notes,
    }))
}

pub(super) fn projects(budget: &Budget) -> Result<Chart, ChartError> {
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
        extra_notes.push(format!(
            "共 {} 个项目列出金额，图中为金额最大的 {TOP_PROJECTS} 个。",
            rows.len()
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
        title: format!("{}金额最大的项目", heading(budget)),
        what: format!("{}项目支出中金额最大的项目", heading(budget)),
        rows,
        missing,
        sort: true,
        shares: false,
        colour_of: None,
        legend: Vec::new(),
        extra_notes,
    }))
}
