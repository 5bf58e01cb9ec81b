//! The site in its language: the example site built with `language = "zh-CN"` (the default)
//! shows no English in its page text, and built with `language = "en"` shows no Chinese in its
//! navigation, headings, the site's own table headers and chart titles except the names and
//! codes of the documents (department, code, project and unit names stay Chinese beside their
//! codes) and the site's own content (its title, the pages of content/pages/). The budget tables
//! as the documents print them keep their printed headers. Findings are shown in English (their
//! English message); some of the audit's English messages still quote Chinese terms and source
//! text, which this test does not check.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use gongkai::config::Config;
use gongkai::model::{Budget, preorder};
use regex::Regex;

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn build_in(language: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    let config = Config {
        language: language.to_string(),
        ..example_config()
    };
    gongkai::build::build(&repo(), &config, &out, &indicatif::ProgressBar::hidden()).unwrap();
    (dir, out)
}

fn example_config() -> Config {
    Config::load(&repo().join("site.toml")).expect("the example site.toml is valid")
}

fn budgets() -> Vec<Budget> {
    gongkai::department::load_dir(&repo().join("content/budgets"))
        .unwrap()
        .into_iter()
        .map(|r| r.unwrap())
        .collect()
}

/// Every name a document gives: departments, codes, projects, units, indicators, with the
/// longest first (so a longer name is taken out before a shorter one inside it).
fn names() -> Vec<String> {
    let config = example_config();
    let mut names = BTreeSet::new();
    // The site's own title and description are the site's words, in whatever language.
    names.insert(config.title.clone());
    names.insert(config.description.clone());
    for b in budgets() {
        names.insert(b.display_name().to_string());
        let who = config.identity(&b.slug, b.name.as_ref().map(|t| t.text.as_str()));
        names.insert(who.name.clone());
        for (_, n) in preorder(&b.by_function) {
            names.extend(n.name.clone());
            names.extend(gongkai::parse::codes::function_name(n.code.as_str()));
        }
        for (_, n) in preorder(&b.by_economic) {
            names.extend(n.name.clone());
            names.extend(gongkai::parse::codes::economic_name(n.code.as_str()));
        }
        for p in &b.projects {
            names.insert(p.name.clone());
            names.extend(p.unit.clone());
            names.extend(p.category.clone());
            names.extend(p.indicators.iter().map(|i| i.name.clone()));
        }
        names.extend(b.sub_units.iter().map(|u| u.name.clone()));
    }
    let mut names: Vec<String> = names.into_iter().filter(|n| !n.is_empty()).collect();
    names.sort_by_key(|n| std::cmp::Reverse(n.chars().count()));
    names
}

/// The text of every element matched by `pattern` (its first group), tags removed.
fn texts(html: &str, pattern: &Regex) -> Vec<String> {
    let tags = Regex::new(r"<[^>]*>").unwrap();
    pattern
        .captures_iter(html)
        .map(|c| tags.replace_all(&c[1], " ").to_string())
        .map(|t| t.replace("&amp;", "&"))
        .collect()
}

fn is_han(c: char) -> bool {
    ('\u{3400}'..='\u{9fff}').contains(&c) || ('\u{f900}'..='\u{faff}').contains(&c)
}

/// The pages to read: home, comparison, audit, projects, a department, a classification page.
fn key_pages(out: &Path) -> Vec<PathBuf> {
    let mut pages = vec![
        out.join("index.html"),
        out.join("compare/index.html"),
        out.join("audit/index.html"),
        out.join("projects/index.html"),
        out.join("classification/index.html"),
        out.join("search/index.html"),
    ];
    for dir in ["departments", "classification"] {
        let mut found: Vec<PathBuf> = std::fs::read_dir(out.join(dir))
            .unwrap()
            .filter_map(Result::ok)
            .map(|e| e.path().join("index.html"))
            .filter(|p| p.exists())
            .collect();
        found.sort();
        pages.extend(found.into_iter().take(2));
    }
    pages
}

#[test]
fn the_english_site_has_no_chinese_outside_names_and_codes() {
    let (_dir, out) = build_in("en");
    let names = names();
    let parts = [
        (
            "navigation",
            Regex::new(r"(?s)<nav[^>]*>(.*?)</nav>").unwrap(),
        ),
        (
            "heading",
            Regex::new(r"(?s)<h[1-3][^>]*>(.*?)</h[1-3]>").unwrap(),
        ),
        (
            "table header",
            Regex::new(r"(?s)<thead>(.*?)</thead>").unwrap(),
        ),
        (
            "chart title",
            Regex::new(r"(?s)<title[^>]*>(.*?)</title>").unwrap(),
        ),
    ];
    let mut problems = Vec::new();
    let mut seen = 0;
    // The documents' own tables (as printed) and links to the site's own pages are content.
    let content = Regex::new(
        r#"(?s)<table class="?grid"?>.*?</table>|<a href="?[^" >]*pages/[^>]*>[^<]*</a>"#,
    )
    .unwrap();
    let findings = Regex::new(r#"(?s)<ol class="?findings"?>(.*?)</ol>"#).unwrap();
    let mut english_findings = 0;
    for page in key_pages(&out) {
        let html = std::fs::read_to_string(&page).unwrap();
        assert!(html.contains(r#"lang="en""#) || html.contains("lang=en"));
        for text in texts(&html, &findings) {
            english_findings += text.matches("line ").count();
            assert!(!text.contains("第 "), "{}: {text}", page.display());
        }
        let html = content.replace_all(&html, " ");
        for (what, pattern) in &parts {
            for text in texts(&html, pattern) {
                seen += 1;
                let mut rest = text.clone();
                for name in &names {
                    rest = rest.replace(name.as_str(), " ");
                }
                if rest.chars().any(is_han) {
                    problems.push(format!(
                        "{} {what}: {:?}",
                        page.strip_prefix(&out).unwrap().display(),
                        rest.split_whitespace().collect::<Vec<_>>().join(" ")
                    ));
                }
            }
        }
    }
    assert!(seen > 50, "read {seen} texts");
    assert!(
        english_findings > 10,
        "findings in English: {english_findings}"
    );
    problems.dedup();
    assert!(
        problems.is_empty(),
        "{} texts with Chinese outside names:\n{}",
        problems.len(),
        problems.join("\n")
    );
    // The English words are there, and the open data keeps its English keys.
    let home = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(home.contains("Compare"), "navigation in English");
    let csv = std::fs::read_to_string(out.join("data/functions.csv")).unwrap();
    assert!(
        csv.starts_with("\u{feff}slug,department,code,"),
        "{}",
        &csv[..60]
    );
}

#[test]
fn the_chinese_site_shows_no_english_in_its_text() {
    let (_dir, out) = build_in("zh-CN");
    let english = Regex::new(r"\b(not disclosed|not available|source|illegible)\b").unwrap();
    let tags = Regex::new(r"(?s)<script.*?</script>|<style.*?</style>|<svg.*?</svg>").unwrap();
    // Tooltips are page text too: no English title attributes.
    let titles = Regex::new(r#"title="?([^">]*)"#).unwrap();
    let markup = Regex::new(r"<[^>]*>").unwrap();
    for page in key_pages(&out) {
        let html = std::fs::read_to_string(&page).unwrap();
        for t in titles.captures_iter(&html) {
            assert!(
                !english.is_match(&t[1]),
                "{}: title {:?}",
                page.display(),
                &t[1]
            );
        }
        let body = tags.replace_all(&html, " ");
        let text = markup.replace_all(&body, " ");
        assert!(
            !english.is_match(&text),
            "{}: English in the text: {:?}",
            page.display(),
            english.find(&text).map(|m| {
                let start = text[..m.start()]
                    .char_indices()
                    .rev()
                    .nth(40)
                    .map_or(0, |(i, _)| i);
                &text[start..m.end()]
            })
        );
        assert!(!text.contains("[illegible]"), "{}", page.display());
    }
    // CSV headers in Chinese, JSON keys in English.
    let csv = std::fs::read_to_string(out.join("data/functions.csv")).unwrap();
    assert!(csv.starts_with("\u{feff}标识,部门,"), "{}", &csv[..40]);
    let json = std::fs::read_to_string(out.join("data/budgets.json")).unwrap();
    assert!(json.contains("\"slug\""));
}
