//! Every path of the site, relative to its root (templates prefix `root`, the way back to the root
//! from the page being rendered). The URL map of ARCHITECTURE.md, in code: a page, a link and the
//! file written for it all take their path from here.

/// The home page, the first page of the list of all departments.
pub const HOME: &str = "index.html";
/// The first pages of the other lists of all departments.
pub const COMPARE: &str = "compare/index.html";
pub const AUDIT: &str = "audit/index.html";
pub const PROJECTS: &str = "projects/index.html";
pub const SEARCH: &str = "search/index.html";
pub const CLASSIFICATION_INDEX: &str = "classification/index.html";
/// The open data of every department together.
/// The page a server shows for a path that does not exist (GitHub Pages looks for this name).
pub const NOT_FOUND: &str = "404.html";
pub const BUDGETS_JSON: &str = "data/budgets.json";
/// Every department with its years.
pub const DEPARTMENTS_JSON: &str = "data/departments.json";
/// Every figure of every department and year, one per row (department, year, item, code, amount).
pub const SERIES_CSV: &str = "data/series.csv";

/// The key of one department's year (`weihui/2024`): every path of that year's pages and data
/// is made from it as from a slug (`departments/weihui/2024/index.html`, `data/weihui/2024.json`).
pub fn year_slug(department: &str, year: u16) -> String {
    format!("{department}/{year}")
}

/// The departments of one year side by side, when the site has more than one year: the year's
/// home page.
pub fn year_overview(year: u16) -> String {
    in_year(Some(year), HOME)
}

/// A page about all departments in one year's variant (`years/2023/compare/index.html`), on a
/// site of several years; the page itself (each department's latest year) for `None`. Every
/// path of a list, classification page or comparison chart goes through here, so a year's pages
/// sit under `years/<year>/` as the site's own sit under the root.
pub fn in_year(year: Option<u16>, path: &str) -> String {
    match year {
        Some(year) => format!("years/{year}/{path}"),
        None => path.to_string(),
    }
}

/// A department's timeline: every year it disclosed, linking each year's page.
pub fn timeline(department: &str) -> String {
    format!("departments/{department}/index.html")
}

/// Page `number` (1-based) of a list whose first page is `first` (`compare/index.html` →
/// `compare/page-2.html`).
pub fn list_page(first: &str, number: usize) -> String {
    if number == 1 {
        return first.to_string();
    }
    match first.rsplit_once('/') {
        Some((dir, _)) => format!("{dir}/page-{number}.html"),
        None => format!("page-{number}.html"),
    }
}

/// The timeline of the department whose year's key is `year_slug` (`weihui/2024` →
/// `departments/weihui/index.html`).
pub fn timeline_of(year_slug: &str) -> String {
    timeline(year_slug.rsplit_once('/').map_or(year_slug, |(id, _)| id))
}

/// A department's page.
pub fn department(slug: &str) -> String {
    format!("departments/{slug}/index.html")
}

/// The page of a department's source text.
pub fn source(slug: &str) -> String {
    format!("departments/{slug}/source.html")
}

/// A line of a department's source text: where every figure links.
pub fn source_line(slug: &str, line: u32) -> String {
    format!("departments/{slug}/source.html#L{line}")
}

/// A file published in a department's folder (the original PDF).
pub fn department_file(slug: &str, file: &str) -> String {
    format!("departments/{slug}/{file}")
}

/// A place on a page (`departments/a/index.html#fn-201`).
pub fn anchor(page: &str, id: &str) -> String {
    format!("{page}#{id}")
}

/// The page of one function code across departments.
pub fn classification(code: &str) -> String {
    format!("classification/{code}/index.html")
}

/// A department's chart as a standalone SVG.
pub fn department_chart(slug: &str, name: &str) -> String {
    format!("charts/{slug}/{name}.svg")
}

/// A chart comparing all departments.
pub fn comparison_chart(name: &str) -> String {
    format!("charts/compare/{name}.svg")
}

/// The chart of one function code across departments.
pub fn classification_chart(code: &str) -> String {
    format!("charts/classification/{code}.svg")
}

/// One department's open data.
pub fn department_json(slug: &str) -> String {
    format!("data/{slug}.json")
}

/// An open-data table of every department (`functions`, `economic`, `projects`, `sanggong`).
pub fn csv(table: &str) -> String {
    format!("data/{table}.csv")
}

/// A Markdown page of `content/pages/`.
pub fn page(name: &str) -> String {
    format!("pages/{name}/index.html")
}

/// The search index's metadata, which every page loads. Its name never changes, so a changed
/// document does not change every page that links it; it names the build whose shards it goes
/// with ([`search_file`]).
pub const SEARCH_META: &str = "search/meta.js";

/// A shard of the search index (`kind` `t` for terms, `d` for documents) of build `id`.
pub fn search_file(kind: &str, id: &str, shard: usize) -> String {
    format!("search/{kind}-{id}-{shard}.js")
}

/// A URL path with its `%XX` escapes decoded; `None` for a bad escape or bytes that are not
/// UTF-8 (the server and the link check read paths alike).
pub fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            out.push(u8::from_str_radix(text.get(i + 1..i + 3)?, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn list_pages_after_the_first_sit_beside_it() {
        assert_eq!(list_page(HOME, 1), "index.html");
        assert_eq!(list_page(HOME, 3), "page-3.html");
        assert_eq!(list_page(COMPARE, 2), "compare/page-2.html");
        assert_eq!(search_file("t", "abc", 2), "search/t-abc-2.js");
    }

    #[test]
    fn a_year_page_sits_in_its_departments_folder_beside_the_timeline() {
        let slug = year_slug("weihui", 2024);
        assert_eq!(department(&slug), "departments/weihui/2024/index.html");
        assert_eq!(timeline("weihui"), "departments/weihui/index.html");
        assert_eq!(department_json(&slug), "data/weihui/2024.json");
    }

    #[test]
    fn a_years_lists_sit_under_its_folder_as_the_sites_own_under_the_root() {
        assert_eq!(year_overview(2023), "years/2023/index.html");
        assert_eq!(
            in_year(Some(2023), COMPARE),
            "years/2023/compare/index.html"
        );
        assert_eq!(
            list_page(&in_year(Some(2023), AUDIT), 2),
            "years/2023/audit/page-2.html"
        );
        assert_eq!(
            in_year(Some(2023), &classification("201")),
            "years/2023/classification/201/index.html"
        );
        assert_eq!(in_year(None, PROJECTS), PROJECTS);
    }
}
