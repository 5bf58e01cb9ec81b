//! One budget → the view of its department page.

use super::*;

pub(super) fn share(part: Option<&Figure>, whole: Option<&Figure>) -> Option<String> {
    format::share_text(part?.amount.value(), whole?.amount.value())
}

pub(super) fn region_text(who: &Identity) -> String {
    [&who.region.province, &who.region.city, &who.region.county]
        .into_iter()
        .flatten()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .join(" ")
}

/// A finding's severity as the page names it.
pub(super) fn severity_label(s: Severity, lang: Lang) -> &'static str {
    lang.get(match s {
        Severity::Error => "severity_error",
        Severity::Warning => "severity_warning",
        Severity::Info => "severity_info",
    })
}

/// "line 12" in the site's language.
pub(super) fn line_label(line: u32, lang: Lang) -> String {
    format!("{}{line}{}", lang.get("line_start"), lang.get("line_end"))
}

pub(super) fn change_view(budget: &Budget) -> Option<ChangeView> {
    let t = &budget.totals;
    if let (Some(now), Some(prior)) = (&t.expenditure, &t.prior_year) {
        let diff = now.amount - prior.amount;
        return Some(ChangeView {
            amount: Some(diff.to_string()),
            percent: format::share_text(diff.value(), prior.amount.value()),
            unchanged: diff.is_zero(),
            href: Some(source_href(&budget.slug, &prior.source)),
            computed: true,
        });
    }
    budget
        .narrative
        .change
        .as_ref()
        .map(|c: &Change| ChangeView {
            amount: c.amount.as_ref().map(|f| f.amount.to_string()),
            percent: c.percent.as_ref().map(|p| format::percent(p.value)),
            unchanged: c.unchanged,
            href: Some(source_href(&budget.slug, &c.source)),
            computed: false,
        })
}

/// The rows of the function tree, parents before children; shares are of `total`.
pub(super) fn function_rows(
    slug: &str,
    roots: &[FunctionNode],
    total: Option<&Figure>,
) -> Vec<CodeRow> {
    preorder(roots)
        .into_iter()
        .map(|(depth, n)| CodeRow {
            href: None,
            id: format!("fn-{}", n.code),
            code: n.code.to_string(),
            level: n.code.level().label(),
            depth,
            name: n.name.clone().unwrap_or_default(),
            name_from_reference: n.name_from_reference,
            amount: FigureView::of(slug, n.amount.as_ref()),
            basic: FigureView::of(slug, n.basic.as_ref()),
            project: FigureView::of(slug, n.project.as_ref()),
            share: share(n.amount.as_ref(), total),
            derived: n.derived,
            classification_href: Some(urls::classification(n.code.as_str())),
        })
        .map(CodeRow::linked_once)
        .collect()
}

/// The rows of the economic tree, parents before children; shares are of `total`.
pub(super) fn economic_rows(
    slug: &str,
    roots: &[EconomicNode],
    total: Option<&Figure>,
) -> Vec<CodeRow> {
    preorder(roots)
        .into_iter()
        .map(|(depth, n)| CodeRow {
            href: None,
            id: format!("ec-{}", n.code),
            code: n.code.to_string(),
            level: n.code.level().label(),
            depth,
            name: n.name.clone().unwrap_or_default(),
            name_from_reference: n.name_from_reference,
            amount: FigureView::of(slug, n.amount.as_ref()),
            basic: FigureView::default(),
            project: FigureView::default(),
            share: share(n.amount.as_ref(), total),
            derived: n.derived,
            classification_href: None,
        })
        .map(CodeRow::linked_once)
        .collect()
}

/// A cell is shown as an amount when it reads as a number and is not a classification code:
/// a column headed 编码/代码/类/款/项 holds codes, and elsewhere a bare run of 3, 5 or 7 digits
/// that starts like a function or economic code is taken for one.
pub(super) fn cell_amount(text: &str, unit: Unit, code_column: bool) -> Option<Amount> {
    let plain_digits = text.bytes().all(|b| b.is_ascii_digit());
    let looks_like_code = plain_digits
        && matches!(text.len(), 3 | 5 | 7)
        && matches!(text.as_bytes()[0], b'2' | b'3' | b'5');
    if code_column || looks_like_code {
        return None;
    }
    parse_decimal(text).map(|d| Amount::from_unit(d, unit))
}

pub(super) fn is_code_header(text: &str) -> bool {
    matches!(text.trim(), "类" | "款" | "项") || text.contains("编码") || text.contains("代码")
}

pub(super) fn table_view(slug: &str, t: &TableRecord) -> TableView {
    let unit = t.unit.unwrap_or(Unit::TenThousandYuan);
    let split = t.header_rows.min(t.rows.len());
    let code_columns: Vec<bool> = {
        let width = t.rows.iter().map(Vec::len).max().unwrap_or(0);
        (0..width)
            .map(|i| {
                t.rows[..split]
                    .iter()
                    .any(|r| r.get(i).is_some_and(|c| is_code_header(&c.text)))
            })
            .collect()
    };
    let cells = |row: &Vec<crate::model::TableCell>, header: bool| -> Vec<CellView> {
        row.iter()
            .enumerate()
            .map(|(i, c)| {
                let amount = if header {
                    None
                } else {
                    cell_amount(&c.text, unit, code_columns.get(i).copied().unwrap_or(false))
                };
                CellView {
                    text: c.text.clone(),
                    figure: amount.map(|a| {
                        let mut figure = FigureView::new(
                            Some(a.to_string()),
                            Some(urls::source_line(slug, c.line)),
                        );
                        // Restated from 元: the cell as printed is the tooltip.
                        if unit != Unit::TenThousandYuan {
                            figure.exact = Some(c.text.clone());
                        }
                        figure
                    }),
                    href: None,
                }
            })
            .collect()
    };
    // A row whose figures all come from one line links it once, from its first label.
    let linked_once = |mut row: Vec<CellView>| -> Vec<CellView> {
        let Some(label) = row
            .iter()
            .position(|c| c.figure.is_none() && !c.text.trim().is_empty())
        else {
            return row;
        };
        let mut figures: Vec<&mut FigureView> =
            row.iter_mut().filter_map(|c| c.figure.as_mut()).collect();
        if figures.is_empty() {
            return row;
        }
        let line = shared_line(&mut figures);
        row[label].href = line;
        row
    };
    TableView {
        id: format!("table-{}", t.kind.id()),
        kind: t.kind.name_zh(),
        title: t.title.clone(),
        href: source_href(slug, &t.source),
        converted_from: (unit == Unit::Yuan).then_some("元"),
        header: t.rows[..split].iter().map(|r| cells(r, true)).collect(),
        rows: t.rows[split..]
            .iter()
            .map(|r| linked_once(cells(r, false)))
            .collect(),
        has_rows: t.rows.len() > split,
        empty: t.empty,
        note: t.note.as_ref().map(|n| TextView::of(slug, n)),
    }
}

pub(super) fn indicator_view(slug: &str, i: &Indicator) -> IndicatorView {
    IndicatorView {
        level1: i.level1.clone().unwrap_or_default(),
        level2: i.level2.clone().unwrap_or_default(),
        name: i.name.clone(),
        value: i.value.clone(),
        href: source_href(slug, &i.source),
    }
}

pub(super) fn finding_view(slug: &str, number: usize, f: &Finding, lang: Lang) -> FindingView {
    FindingView {
        number,
        id: format!("finding-{number}"),
        severity: f.severity.label(),
        severity_label: severity_label(f.severity, lang),
        message: if lang.is_english() {
            f.message_en.clone()
        } else {
            f.message_zh.clone()
        },
        sources: f
            .sources
            .iter()
            .map(|s| Link {
                label: line_label(s.line, lang),
                href: source_href(slug, s),
            })
            .collect(),
        details: f
            .details
            .iter()
            .enumerate()
            .map(|(i, d)| {
                let mut v = finding_view(slug, i + 1, d, lang);
                v.id = format!("finding-{number}-{}", i + 1);
                v
            })
            .collect(),
        page: None,
    }
}

/// Every figure of the page that is not used as printed or not printed at all, once each.
fn basis_views(budget: &Budget) -> Vec<BasisView> {
    let t = &budget.totals;
    let mut figures: Vec<(&str, Option<&Figure>)> = vec![
        ("收入总计", t.income.as_ref()),
        ("支出总计", t.expenditure.as_ref()),
        ("基本支出", t.basic.as_ref()),
        ("项目支出", t.project.as_ref()),
        ("人员经费", t.personnel.as_ref()),
        ("公用经费", t.public_funds.as_ref()),
    ];
    figures.extend(
        SanggongItem::LISTED
            .into_iter()
            .map(|item| (item.label_zh(), budget.sanggong.get(item))),
    );
    let mut out: Vec<BasisView> = Vec::new();
    for (what, f) in figures {
        if let Some(v) = f.and_then(|f| BasisView::of(&budget.slug, what, f))
            && !out.iter().any(|o| o.id == v.id)
        {
            out.push(v);
        }
    }
    out
}

pub(super) fn project_total(budget: &Budget) -> Option<Amount> {
    let amounts: Vec<Amount> = budget
        .projects
        .iter()
        .filter_map(|p| p.amount.as_ref().map(|f| f.amount))
        .collect();
    (!amounts.is_empty()).then(|| amounts.into_iter().sum())
}

pub(super) fn department_view(budget: &Budget, who: &Identity, lang: Lang) -> DepartmentView {
    let slug = budget.slug.as_str();
    let t = &budget.totals;
    let total = t.expenditure.as_ref();
    let fig = |f: Option<&Figure>| FigureView::of(slug, f);
    let labeled = |id, label: String, f: Option<&Figure>, whole: Option<&Figure>| Labeled {
        id,
        label,
        figure: fig(f),
        share: share(f, whole),
    };
    let summary = vec![
        labeled(
            "income",
            lang.get("total_income").into(),
            t.income.as_ref(),
            None,
        ),
        labeled(
            "expenditure",
            lang.get("total_expenditure").into(),
            total,
            None,
        ),
        labeled(
            "basic",
            lang.get("basic_expenditure").into(),
            t.basic.as_ref(),
            total,
        ),
        labeled(
            "project",
            lang.get("project_expenditure").into(),
            t.project.as_ref(),
            total,
        ),
        labeled(
            "personnel",
            lang.get("personnel").into(),
            t.personnel.as_ref(),
            t.basic.as_ref(),
        ),
        labeled(
            "public-funds",
            lang.get("public_funds").into(),
            t.public_funds.as_ref(),
            t.basic.as_ref(),
        ),
        labeled(
            "carried-over",
            lang.get("carried_over").into(),
            t.carried_over.as_ref(),
            None,
        ),
        labeled(
            "prior-year",
            lang.get("prior_year").into(),
            t.prior_year.as_ref(),
            None,
        ),
    ];
    let s = &budget.sanggong;
    let sg = s.total.as_ref();
    let sanggong = SanggongItem::LISTED
        .into_iter()
        .map(|item| {
            let name = if lang.is_english() {
                item.label_en()
            } else {
                item.label_zh()
            };
            let label = if item.is_vehicle_part() {
                format!("{}{name}", lang.get("of_which"))
            } else {
                name.to_string()
            };
            let whole = (item != SanggongItem::Total).then_some(sg).flatten();
            labeled(item.id(), label, s.get(item), whole)
        })
        .collect();
    let functions = function_rows(slug, &budget.by_function, total);
    let classes: Vec<CodeRow> = functions.iter().filter(|r| r.depth == 0).cloned().collect();
    let economic = economic_rows(slug, &budget.by_economic, t.basic.as_ref());
    let mut finding_counts = BTreeMap::new();
    for f in &budget.findings {
        *finding_counts.entry(f.severity.label()).or_insert(0) += 1;
    }
    DepartmentView {
        slug: slug.to_string(),
        name: who.name.clone(),
        year: budget.year,
        level: who.level.clone(),
        region: region_text(who),
        parent: who.parent.clone(),
        official_url: who.official_url.clone(),
        published: who.published.clone(),
        file: budget.file.clone(),
        href: urls::department(slug),
        source_href: urls::source(slug),
        timeline_href: urls::timeline_of(slug),
        total: fig(total),
        summary,
        change: change_view(budget),
        sanggong,
        vehicles: budget.narrative.vehicles.as_ref().map(|c| c.value),
        functions,
        classes,
        economic,
        tables: {
            // A kind can occur twice (a table restated, or split); the first keeps the plain id.
            let mut seen: BTreeMap<TableKind, usize> = BTreeMap::new();
            budget
                .tables
                .iter()
                .map(|t| {
                    let mut view = table_view(slug, t);
                    let n = seen.entry(t.kind).or_insert(0);
                    *n += 1;
                    if *n > 1 {
                        view.id = format!("{}-{n}", view.id);
                    }
                    view
                })
                .collect()
        },
        missing_tables: TableKind::ALL
            .iter()
            .filter(|k| budget.table(**k).is_none())
            .map(|k| k.name_zh())
            .collect(),
        projects: budget
            .projects
            .iter()
            .enumerate()
            .map(|(i, p)| ProjectView {
                number: i + 1,
                id: format!("project-{}", i + 1),
                name: p.name.clone(),
                unit: p.unit.clone(),
                category: p.category.clone(),
                code: p.code.clone(),
                amount: fig(p.amount.as_ref()),
                href: source_href(slug, &p.source),
                indicators: p
                    .indicators
                    .iter()
                    .map(|i| indicator_view(slug, i))
                    .collect(),
            })
            .collect(),
        project_total: FigureView::computed(project_total(budget)),
        overall_indicators: budget
            .overall_indicators
            .iter()
            .map(|i| indicator_view(slug, i))
            .collect(),
        responsibilities: budget
            .responsibilities
            .iter()
            .map(|t| TextView::of(slug, t))
            .collect(),
        structure: budget
            .structure
            .iter()
            .map(|t| TextView::of(slug, t))
            .collect(),
        sub_units: budget
            .sub_units
            .iter()
            .map(|u| SubUnitView {
                code: u.code.clone(),
                name: u.name.clone(),
                amount: fig(u.amount.as_ref()),
                href: source_href(slug, &u.source),
            })
            .collect(),
        findings: budget
            .findings
            .iter()
            .enumerate()
            .map(|(i, f)| finding_view(slug, i + 1, f, lang))
            .collect(),
        basis: basis_views(budget),
        finding_counts,
        completeness: audit::completeness(budget),
        downloads: vec![
            Link {
                label: lang.get("download_json").into(),
                href: urls::department_json(slug),
            },
            // The tables as CSV hold every department (a `slug` column says whose each row is):
            // one file per table, not one per department and table.
            Link {
                label: lang.get("download_functions").into(),
                href: urls::csv("functions"),
            },
            Link {
                label: lang.get("download_economic").into(),
                href: urls::csv("economic"),
            },
            Link {
                label: lang.get("download_projects").into(),
                href: urls::csv("projects"),
            },
            Link {
                label: lang.get("download_sanggong").into(),
                href: urls::csv("sanggong"),
            },
        ],
        charts: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_not_amounts_but_figures_are() {
        let w = Unit::TenThousandYuan;
        assert_eq!(cell_amount("2010301", w, false), None);
        assert_eq!(cell_amount("30101", w, false), None);
        assert_eq!(cell_amount("03", w, true), None);
        assert_eq!(
            cell_amount("1,234.50", w, false).unwrap().to_string(),
            "1234.50"
        );
        assert_eq!(
            cell_amount("6106713.00", Unit::Yuan, false)
                .unwrap()
                .to_string(),
            "610.671300"
        );
        assert_eq!(cell_amount("2500", w, false).unwrap().to_string(), "2500");
        assert_eq!(cell_amount("行政运行", w, false), None);
        assert!(is_code_header("科目编码") && is_code_header("款") && !is_code_header("项目名称"));
    }
}
