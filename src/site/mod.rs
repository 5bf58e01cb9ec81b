//! site: all budgets together → the view structs the templates read. Amounts stay exact decimal
//! strings (the templates format them with the `wan` filter); shares, changes and sums are
//! computed here, never in a template. Every link is relative to the site's root; templates
//! prefix it with `root` (the path back to the root from the page being rendered).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::audit::{self, Completeness};
use crate::charts::{self, Chart};
use crate::config::{Config, Identity};
use crate::format;
use crate::model::{
    Amount, Budget, Change, EconomicNode, Figure, Finding, FunctionNode, Indicator, SanggongItem,
    Severity, Source, TableKind, TableRecord, Text, Unit, parse_decimal, preorder,
};
use crate::strings::Lang;

mod chart_view;
mod classification;
mod department;
mod lists;
mod timeline;
pub mod urls;
mod views;

pub use chart_view::*;
pub use classification::*;
use department::*;
pub use lists::*;
pub use timeline::*;
pub use views::*;

/// A Markdown page of `content/pages/`.
#[derive(Debug, Clone, Serialize)]
pub struct PageLink {
    pub name: String,
    pub title: String,
    pub href: String,
}

/// The site's own settings as the templates see them.
#[derive(Debug, Clone, Serialize)]
pub struct SiteInfo {
    pub title: String,
    pub description: String,
    pub language: String,
    /// The strings table of `language`.
    #[serde(skip)]
    pub lang: Lang,
    pub base_url: Option<String>,
    pub pages: Vec<PageLink>,
    /// The search index's metadata script (`search/meta.js`), loaded by every page.
    pub search_meta: Option<String>,
    /// The years of the site, each linking its overview, when it has more than one (the pages
    /// that have no variant per year show these as their year switch).
    pub years: Vec<YearLink>,
}

/// The links of the site's navigation: to the lists of all departments, those of one year on a
/// year's pages.
#[derive(Debug, Clone, Serialize)]
pub struct Nav {
    pub home: String,
    pub compare: String,
    pub classification: String,
    pub projects: String,
    pub audit: String,
}

impl Nav {
    /// The lists of `year` (see [`urls::in_year`]); the site's own for `None`.
    pub fn of(year: Option<u16>) -> Nav {
        Nav {
            home: urls::in_year(year, urls::HOME),
            compare: urls::in_year(year, urls::COMPARE),
            classification: urls::in_year(year, urls::CLASSIFICATION_INDEX),
            projects: urls::in_year(year, urls::PROJECTS),
            audit: urls::in_year(year, urls::AUDIT),
        }
    }
}

/// Names a budget as the site names it (a configured name before the one read from the
/// document), so its charts and search entries say what its pages say. The name keeps its
/// source line; a document without a name gets the configured one at line 0.
pub fn name_as_site(budget: &mut Budget, who: &Identity) {
    match &mut budget.name {
        Some(name) => name.text.clone_from(&who.name),
        None => {
            budget.name = Some(Text {
                text: who.name.clone(),
                source: Source::new(budget.file.clone(), 0),
            })
        }
    }
}

/// Everything one department's own pages show, charts included. `budget` is named as the site
/// names it ([`name_as_site`]).
pub fn department(budget: &Budget, who: &Identity, lang: Lang) -> DepartmentView {
    let mut view = department_view(budget, who, lang);
    view.charts = charts::department_charts_in(budget, lang)
        .into_iter()
        .map(|chart| {
            let href = urls::department_chart(&budget.slug, &chart.name);
            ChartView::new(chart, href, lang)
        })
        .collect();
    view
}

/// What the site-wide pages share, from every department's summary in site order.
#[derive(Debug, Clone)]
pub struct SiteWide {
    /// The 类 columns of the comparison.
    pub classes: Vec<CodeHeader>,
    /// The charts of [`charts::COMPARISON_KINDS`] (each needs two departments).
    pub charts: Vec<ChartView>,
    pub codes: CodeIndex,
    pub finding_total: usize,
    pub project_total: usize,
    /// Departments per page of the lists of all departments.
    pub page_size: usize,
    /// The year of these pages (`years/<year>/…`), or `None` for the site's own pages (each
    /// department's latest year).
    pub year: Option<u16>,
}

/// The site's own settings as the templates see them.
pub fn site_info(config: &Config, pages: Vec<PageLink>, search_meta: Option<String>) -> SiteInfo {
    SiteInfo {
        title: config.title.clone(),
        description: config.description.clone(),
        language: config.language.clone(),
        lang: config.lang(),
        base_url: config.base_url.clone(),
        pages,
        search_meta,
        years: Vec::new(),
    }
}

/// Assembles the comparison and classification pages from the departments' summaries, in the
/// order given (sorted by file), as the pages of `year` (the site's own for `None`). Each grows
/// with the number of departments times a bounded number of codes, never with its square.
pub fn site_wide(
    summaries: &[&Summary],
    page_size: usize,
    lang: Lang,
    year: Option<u16>,
) -> SiteWide {
    let budgets: Vec<&Budget> = summaries.iter().map(|s| &s.chart).collect();
    SiteWide {
        classes: compare_classes(summaries, year),
        charts: charts::comparison_charts_in(&budgets, lang)
            .into_iter()
            .map(|chart| {
                let href = urls::in_year(year, &urls::comparison_chart(&chart.name));
                ChartView::new(chart, href, lang)
            })
            .collect(),
        codes: CodeIndex::new(summaries, year),
        finding_total: summaries.iter().map(|s| s.findings).sum(),
        project_total: summaries.iter().map(|s| s.projects).sum(),
        page_size,
        year,
    }
}
