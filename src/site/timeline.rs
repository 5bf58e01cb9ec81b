//! One department across years: its timeline page (every year it disclosed, the totals,
//! basic/project, 人员/公用, 三公 and the 类 by year, the change on the previous year disclosed, a
//! trend chart), the cross-year findings, and which year the lists of all departments show (the
//! latest), and the year switch of the pages that have a variant per year.

use std::collections::BTreeSet;

use super::*;

/// A year of a department, linking its page.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct YearLink {
    pub year: u16,
    pub href: String,
}

/// One figure of one year, with its change on the previous column.
#[derive(Debug, Clone, Serialize)]
pub struct TimelineCell {
    pub figure: FigureView,
    /// Signed exact change in 万元 on the previous year shown, when both are disclosed.
    pub change: Option<String>,
    /// The change as a percentage of the previous year's figure.
    pub percent: Option<String>,
}

/// One item across the years.
#[derive(Debug, Clone, Serialize)]
pub struct TimelineRow {
    pub label: String,
    /// The 类 code, for a class row.
    pub code: Option<String>,
    pub classification_href: Option<String>,
    pub cells: Vec<TimelineCell>,
}

/// A department's timeline page.
#[derive(Debug, Clone, Serialize)]
pub struct TimelineView {
    pub department: String,
    /// The name of its latest year.
    pub name: String,
    pub href: String,
    /// Oldest first.
    pub years: Vec<YearLink>,
    pub rows: Vec<TimelineRow>,
    pub charts: Vec<ChartView>,
    pub findings: Vec<FindingView>,
    /// The cross-year findings as the audit gives them (for the open data).
    #[serde(skip)]
    pub cross_year: Vec<Finding>,
    /// For each cross-year finding, the keys of the two years it compares: the year whose
    /// narrative states last year's figure, and the year before (`weihui/2024`, `weihui/2023`).
    #[serde(skip)]
    pub compared: Vec<(String, String)>,
    /// The keys of its years' pages (`weihui/2024`), oldest first.
    #[serde(skip)]
    pub slugs: Vec<String>,
}

/// The departments of `summaries` (in site order), each with the indices of its years, oldest
/// first; departments in the order their first document comes.
pub fn departments(summaries: &[Summary]) -> Vec<(String, Vec<usize>)> {
    let mut order: Vec<(String, Vec<usize>)> = Vec::new();
    let mut at: BTreeMap<&str, usize> = BTreeMap::new();
    for (i, s) in summaries.iter().enumerate() {
        match at.get(s.department.as_str()) {
            Some(&k) => order[k].1.push(i),
            None => {
                at.insert(&s.department, order.len());
                order.push((s.department.clone(), vec![i]));
            }
        }
    }
    for (_, years) in &mut order {
        years.sort_by_key(|&i| summaries[i].chart.year);
    }
    order
}

/// Every department's timeline, in the order of [`departments`].
pub fn timelines(summaries: &[Summary], lang: Lang) -> Vec<TimelineView> {
    use rayon::prelude::*;
    // Each draws its trend chart: in parallel.
    departments(summaries)
        .into_par_iter()
        .map(|(id, years)| {
            let years: Vec<&Summary> = years.iter().map(|&i| &summaries[i]).collect();
            timeline(&id, &years, lang)
        })
        .collect()
}

/// Adds each cross-year finding of `timelines` to the entry in the lists of all departments of
/// the year whose narrative it checks (the audit pages of that year list it, and count it).
pub fn add_cross_year(summaries: &mut [Summary], timelines: &[TimelineView]) {
    let at: BTreeMap<&str, usize> = summaries
        .iter()
        .enumerate()
        .map(|(i, s)| (s.slug.as_str(), i))
        .collect();
    let mut found: Vec<(usize, &FindingView)> = Vec::new();
    for t in timelines {
        for (f, (checked, _)) in t.findings.iter().zip(&t.compared) {
            if let Some(&i) = at.get(checked.as_str()) {
                found.push((i, f));
            }
        }
    }
    for (i, f) in found {
        let s = &mut summaries[i];
        s.findings += 1;
        let listed = &mut s.listing.department;
        *listed.finding_counts.entry(f.severity).or_insert(0) += 1;
        listed.findings.push(f.clone());
    }
}

/// The cross-year findings each year's page shows: those that compare it with the year before
/// or the year after, by the key of the year (`weihui/2024`), in the order of the timelines.
pub fn cross_year_by_page(timelines: &[TimelineView]) -> Vec<(&str, Vec<&FindingView>)> {
    let mut pages = Vec::new();
    for t in timelines.iter().filter(|t| !t.findings.is_empty()) {
        for slug in &t.slugs {
            let shown: Vec<&FindingView> = t
                .findings
                .iter()
                .zip(&t.compared)
                .filter(|(_, (checked, before))| checked == slug || before == slug)
                .map(|(f, _)| f)
                .collect();
            if !shown.is_empty() {
                pages.push((slug.as_str(), shown));
            }
        }
    }
    pages
}

/// Marks each department's other years and its timeline in its entry of the lists of all
/// departments, and returns which summaries those lists show: the latest year of each
/// department, in site order.
pub fn latest_years(summaries: &mut [Summary]) -> Vec<bool> {
    let mut latest = vec![false; summaries.len()];
    for (id, years) in departments(summaries) {
        let links: Vec<YearLink> = years
            .iter()
            .map(|&i| YearLink {
                year: summaries[i].chart.year.unwrap_or_default(),
                href: summaries[i].href.clone(),
            })
            .collect();
        if let Some(&last) = years.last() {
            latest[last] = true;
            let year = summaries[last].chart.year;
            let listed = &mut summaries[last].listing.department;
            listed.timeline = urls::timeline(&id);
            listed.other_years = links.into_iter().filter(|l| Some(l.year) != year).collect();
        }
    }
    latest
}

fn change_cell(
    previous: Option<&Figure>,
    figure: Option<&Figure>,
) -> (Option<String>, Option<String>) {
    match (previous, figure) {
        (Some(p), Some(f)) => {
            let delta = f.amount - p.amount;
            (
                Some(delta.to_string()),
                format::share_text(delta.value(), p.amount.value()),
            )
        }
        _ => (None, None),
    }
}

fn row(
    label: String,
    code: Option<String>,
    years: &[&Summary],
    figure: impl Fn(&Budget) -> Option<&Figure>,
) -> TimelineRow {
    let mut cells = Vec::with_capacity(years.len());
    let mut previous: Option<&Figure> = None;
    for s in years {
        let f = figure(&s.chart);
        let (change, percent) = change_cell(previous, f);
        cells.push(TimelineCell {
            figure: FigureView::of(&s.slug, f),
            change,
            percent,
        });
        previous = f;
    }
    TimelineRow {
        classification_href: code.as_deref().map(urls::classification),
        label,
        code,
        cells,
    }
}

fn timeline(id: &str, years: &[&Summary], lang: Lang) -> TimelineView {
    let latest = years.last().expect("a department has a year");
    let mut rows = vec![
        row(lang.get("total_income").into(), None, years, |b| {
            b.totals.income.as_ref()
        }),
        row(lang.get("total_expenditure").into(), None, years, |b| {
            b.totals.expenditure.as_ref()
        }),
        row(lang.get("basic_expenditure").into(), None, years, |b| {
            b.totals.basic.as_ref()
        }),
        row(lang.get("project_expenditure").into(), None, years, |b| {
            b.totals.project.as_ref()
        }),
        row(lang.get("personnel").into(), None, years, |b| {
            b.totals.personnel.as_ref()
        }),
        row(lang.get("public_funds").into(), None, years, |b| {
            b.totals.public_funds.as_ref()
        }),
    ];
    for item in SanggongItem::LISTED {
        let label = if lang.is_english() {
            item.label_en()
        } else {
            item.label_zh()
        };
        rows.push(row(label.to_string(), None, years, |b| {
            b.sanggong.get(item)
        }));
    }
    // Every 类 any year states, in code order, named as its latest year names it.
    let mut classes: BTreeMap<String, String> = BTreeMap::new();
    for s in years {
        for n in &s.chart.by_function {
            let code = n.code.as_str().to_string();
            let name = n.name.clone().unwrap_or_else(|| code.clone());
            classes.insert(code, name);
        }
    }
    for (code, name) in classes {
        let mut r = row(name, Some(code.clone()), years, |b| {
            b.function(&code).and_then(|n| n.amount.as_ref())
        });
        // The classification pages are those of the latest year.
        if latest.chart.function(&code).is_none() {
            r.classification_href = None;
        }
        rows.push(r);
    }
    // Each year's 上年 figures against the year before, where the site has that year.
    let mut cross_year = Vec::new();
    let mut compared = Vec::new();
    let mut files: BTreeMap<&str, &str> = BTreeMap::new();
    for pair in years.windows(2) {
        let (before, after) = (pair[0], pair[1]);
        if let (Some(a), Some(b)) = (after.chart.year, before.chart.year)
            && b + 1 == a
        {
            let found = audit::cross_year::check(&after.prior, a, &before.chart);
            compared.extend(std::iter::repeat_n(
                (after.slug.clone(), before.slug.clone()),
                found.len(),
            ));
            cross_year.extend(found);
        }
    }
    for s in years {
        files.insert(&s.chart.file, &s.slug);
    }
    let findings = cross_year
        .iter()
        .enumerate()
        .map(|(i, f)| {
            let mut v = finding_view(&latest.slug, i + 1, f, lang);
            // Each line links into the document it is in.
            for (link, source) in v.sources.iter_mut().zip(&f.sources) {
                if let Some(slug) = files.get(source.file.as_str()) {
                    link.href = urls::source_line(slug, source.line);
                    link.label = format!("{} {}", source.file, link.label);
                }
            }
            v.id = format!("cross-year-{}", i + 1);
            v.page = Some(urls::timeline(id));
            v
        })
        .collect();
    let name = latest.name.clone();
    let budgets: Vec<&Budget> = years.iter().map(|s| &s.chart).collect();
    let charts = charts::trend_chart(&budgets, &name, lang)
        .into_iter()
        .map(|chart| {
            let href = urls::department_chart(id, &chart.name);
            ChartView::new(chart, href, lang)
        })
        .collect();
    TimelineView {
        department: id.to_string(),
        name,
        href: urls::timeline(id),
        years: years
            .iter()
            .map(|s| YearLink {
                year: s.chart.year.unwrap_or_default(),
                href: s.href.clone(),
            })
            .collect(),
        rows,
        charts,
        findings,
        cross_year,
        compared,
        slugs: years.iter().map(|s| s.slug.clone()).collect(),
    }
}

/// One department's row of a year's overview: its comparison row and its findings by severity.
#[derive(Debug, Clone, Serialize)]
pub struct YearRow {
    #[serde(flatten)]
    pub row: CompareRow,
    pub finding_counts: BTreeMap<&'static str, usize>,
}

/// The departments that disclosed one year, side by side (`years/<year>/`).
#[derive(Debug, Clone, Serialize)]
pub struct YearOverview {
    pub year: u16,
    pub href: String,
    pub rows: Vec<YearRow>,
}

/// A page per year of the site, in year order, when it has more than one year (none otherwise:
/// a site of one year looks as it did).
pub fn year_overviews(summaries: &[Summary]) -> Vec<YearOverview> {
    let mut by_year: BTreeMap<u16, Vec<&Summary>> = BTreeMap::new();
    for s in summaries {
        if let Some(year) = s.chart.year {
            by_year.entry(year).or_default().push(s);
        }
    }
    if by_year.len() < 2 {
        return Vec::new();
    }
    by_year
        .into_iter()
        .map(|(year, list)| YearOverview {
            year,
            href: urls::year_overview(year),
            rows: list
                .into_iter()
                .map(|s| YearRow {
                    row: s.listing.row.clone(),
                    finding_counts: s.listing.department.finding_counts.clone(),
                })
                .collect(),
        })
        .collect()
}

/// A page's year switch: the same page in each year of the site, and the site's own page (each
/// department's latest year).
#[derive(Debug, Clone, Serialize)]
pub struct YearSwitch {
    /// The site's own page, when it has one.
    pub latest: Option<String>,
    /// The year shown; `None` on the site's own pages.
    pub current: Option<u16>,
    pub years: Vec<YearLink>,
}

/// The years of a site of several years, with the function codes the pages of each year (and
/// the site's own pages) have, for the year switches. Empty on a site of one year: no switch and
/// no pages per year.
#[derive(Debug, Clone, Default)]
pub struct SiteYears {
    /// By year; `None` is the site's own pages (each department's latest year).
    codes: BTreeMap<Option<u16>, BTreeSet<String>>,
}

impl SiteYears {
    /// The years of `summaries`; `latest` says which of them the site's own pages show (see
    /// [`latest_years`]).
    pub fn new(summaries: &[Summary], latest: &[bool]) -> SiteYears {
        let years: BTreeSet<u16> = summaries.iter().filter_map(|s| s.chart.year).collect();
        if years.len() < 2 {
            return SiteYears::default();
        }
        let mut codes: BTreeMap<Option<u16>, BTreeSet<String>> = years
            .into_iter()
            .map(|y| (Some(y), BTreeSet::new()))
            .collect();
        codes.insert(None, BTreeSet::new());
        for (s, &own) in summaries.iter().zip(latest) {
            let Some(year) = s.chart.year else { continue };
            let mut scopes = vec![Some(year)];
            if own {
                scopes.push(None);
            }
            for scope in scopes {
                let set = codes.entry(scope).or_default();
                for e in &s.codes {
                    if !set.contains(&e.code) {
                        set.insert(e.code.clone());
                    }
                }
            }
        }
        SiteYears { codes }
    }

    pub fn is_empty(&self) -> bool {
        self.codes.is_empty()
    }

    /// The years, oldest first.
    pub fn years(&self) -> Vec<u16> {
        self.codes.keys().filter_map(|y| *y).collect()
    }

    /// Each year's overview (its home page).
    pub fn overviews(&self) -> Vec<YearLink> {
        self.years()
            .into_iter()
            .map(|year| YearLink {
                year,
                href: urls::year_overview(year),
            })
            .collect()
    }

    /// The switch of the page `page` (its path on the site's own pages, such as
    /// [`urls::COMPARE`]) in the year `current`, linking it in every year.
    pub fn switch(&self, current: Option<u16>, page: &str) -> Option<YearSwitch> {
        (!self.is_empty()).then(|| YearSwitch {
            latest: Some(page.to_string()),
            current,
            years: self
                .years()
                .into_iter()
                .map(|year| YearLink {
                    year,
                    href: urls::in_year(Some(year), page),
                })
                .collect(),
        })
    }

    /// The switch of the page of `code`, linking its page in each year that states it.
    pub fn code_switch(&self, current: Option<u16>, code: &str) -> Option<YearSwitch> {
        let mut switch = self.switch(current, &urls::classification(code))?;
        let has = |scope: Option<u16>| self.codes.get(&scope).is_some_and(|c| c.contains(code));
        if !has(None) {
            switch.latest = None;
        }
        switch.years.retain(|y| has(Some(y.year)));
        Some(switch)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::FunctionCode;

    /// A department's year stating the function codes `codes`.
    fn summary(slug: &str, year: u16, codes: &[&str]) -> Summary {
        let mut budget = Budget::empty(slug, &format!("{slug}.txt"));
        budget.year = Some(year);
        budget.by_function = codes
            .iter()
            .map(|c| FunctionNode {
                code: FunctionCode::new(c).unwrap(),
                name: None,
                amount: None,
                basic: None,
                project: None,
                derived: false,
                children: Vec::new(),
                name_from_reference: false,
            })
            .collect();
        let view = department_view(&budget, &Identity::default(), Lang::ZhCn);
        Summary::new(&budget, &view)
    }

    #[test]
    fn a_switch_links_a_page_in_every_year_and_a_codes_page_where_the_year_states_it() {
        let summaries = [
            summary("a/2023", 2023, &["201", "205"]),
            summary("a/2024", 2024, &["201"]),
            summary("b/2023", 2023, &["208"]),
        ];
        // The site's own pages show a/2024 and b/2023.
        let years = SiteYears::new(&summaries, &[false, true, true]);
        assert_eq!(years.years(), [2023, 2024]);
        let switch = years.switch(Some(2023), urls::COMPARE).unwrap();
        assert_eq!(switch.latest.as_deref(), Some(urls::COMPARE));
        let hrefs: Vec<&str> = switch.years.iter().map(|y| y.href.as_str()).collect();
        assert_eq!(
            hrefs,
            [
                "years/2023/compare/index.html",
                "years/2024/compare/index.html"
            ]
        );
        // 205 only in 2023, and not on the site's own pages (a/2024 states no 205).
        let switch = years.code_switch(Some(2023), "205").unwrap();
        assert_eq!(switch.latest, None);
        let hrefs: Vec<&str> = switch.years.iter().map(|y| y.href.as_str()).collect();
        assert_eq!(hrefs, ["years/2023/classification/205/index.html"]);
        // 208 in 2023 and, through b/2023, on the site's own pages.
        let switch = years.code_switch(None, "208").unwrap();
        assert_eq!(
            switch.latest.as_deref(),
            Some("classification/208/index.html")
        );
        assert_eq!(switch.years.len(), 1);
        // One year: no switch.
        let one = SiteYears::new(&summaries[..1], &[true]);
        assert!(one.is_empty() && one.switch(None, urls::COMPARE).is_none());
        assert!(one.code_switch(None, "201").is_none());
    }
}
