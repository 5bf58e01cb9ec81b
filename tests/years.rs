//! Many years of one portal (issue 19): three synthetic years of five departments, in files whose
//! names say nothing about department or year, build into a timeline per department, year pages
//! linked both ways, the lists of all departments on the latest year with links to the others,
//! the open data of every year, and exactly the planted 上年 mismatches as cross-year findings,
//! each citing both documents' lines.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use gongkai::config::Config;
use gongkai::synth::years::{Planted, PlantedItem, write_years};

const YEARS: [u16; 3] = [2022, 2023, 2024];

fn read(out: &Path, path: &str) -> String {
    std::fs::read_to_string(out.join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn json(out: &Path, path: &str) -> serde_json::Value {
    serde_json::from_str(&read(out, path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The cell of `column` in row `row` of a table of a department's data (its rows are arrays
/// under `columns`; a column of one value is in `same`).
fn cell<'a>(table: &'a serde_json::Value, row: usize, column: &str) -> &'a serde_json::Value {
    if let Some(v) = table.get("same").and_then(|s| s.get(column)) {
        return v;
    }
    let j = table["columns"]
        .as_array()
        .unwrap_or_else(|| panic!("no columns in {table}"))
        .iter()
        .position(|c| c == column)
        .unwrap_or_else(|| panic!("no column {column} in {table}"));
    &table["rows"][row][j]
}

/// The rows of a table of a department's data (none when the data leaves it out).
fn rows(table: &serde_json::Value) -> usize {
    table["rows"].as_array().map_or(0, Vec::len)
}

/// The `href`s of a page's links, resolved against the page's folder, with their `#anchor`.
fn links_with_anchors(page: &str, html: &str) -> Vec<String> {
    let dir = Path::new(page).parent().unwrap_or(Path::new(""));
    // A value stands in quotes, or without them where it needs none (the minifier leaves them
    // out there).
    html.split("href=")
        .skip(1)
        .filter_map(|rest| match rest.strip_prefix('"') {
            Some(quoted) => quoted.split('"').next(),
            None => rest.split([' ', '>']).next(),
        })
        .filter(|h| !h.starts_with('#') && !h.contains("://"))
        .map(|h| {
            assert!(!h.starts_with('/'), "{page}: {h} is not relative");
            let (path, anchor) = h.split_once('#').map_or((h, None), |(p, a)| (p, Some(a)));
            let mut parts: Vec<String> = dir
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            for piece in path.split('/') {
                match piece {
                    ".." => {
                        parts.pop();
                    }
                    "." | "" => {}
                    p => parts.push(p.to_string()),
                }
            }
            let path = parts.join("/");
            match anchor {
                Some(a) => format!("{path}#{a}"),
                None => path,
            }
        })
        .collect()
}

/// The `href`s of a page's links, resolved against the page's folder.
fn links(page: &str, html: &str) -> Vec<String> {
    links_with_anchors(page, html)
        .into_iter()
        .map(|l| l.split('#').next().unwrap_or_default().to_string())
        .collect()
}

/// The links of a page's year switch (resolved), and the one marked as the page itself.
fn year_switch(page: &str, html: &str) -> Option<(BTreeSet<String>, String)> {
    let start = html.find("<nav class=years")?;
    let nav = &html[start..];
    let nav = &nav[..nav.find("</nav>").unwrap()];
    let current = nav
        .split("<a ")
        .filter(|a| a.contains("aria-current=page"))
        .map(|a| links(page, a).remove(0))
        .collect::<Vec<_>>();
    assert_eq!(current.len(), 1, "{page}: one year is the page's own");
    Some((links(page, nav).into_iter().collect(), current[0].clone()))
}

/// A figure as the pages show it: its amount in 万元, linked to its line of the year's document
/// (a source of a document of one text file is its line).
fn figure(id: &str, year: u16, amount: &serde_json::Value, source: &serde_json::Value) -> String {
    let line = source
        .as_u64()
        .unwrap_or_else(|| panic!("a line: {source}"));
    format!(
        "departments/{id}/{year}/source.html#L{line}>{}</a>",
        shown(amount.as_str().unwrap())
    )
}

/// An amount as the pages show it (`12,345.60`).
fn shown(amount: &str) -> String {
    gongkai::format::amount_text(amount)
}

/// The words a cross-year finding about `item` names it by.
fn label(item: PlantedItem) -> &'static str {
    match item {
        PlantedItem::Total => "收支总计",
        PlantedItem::Basic => "基本支出",
        PlantedItem::Sanggong => "“三公”经费",
        PlantedItem::Reception => "公务接待费",
        PlantedItem::Class201 => "（201）",
    }
}

#[test]
fn three_synthetic_years_build_timelines_a_year_switch_open_data_and_the_planted_mismatches() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("project");
    let planted: Vec<Planted> = write_years(
        &root.join("content/budgets"),
        5,
        YEARS[0],
        YEARS.len(),
        2,
        19,
    )
    .unwrap();
    // One planted mismatch of each kind.
    let kinds: BTreeSet<String> = planted.iter().map(|p| format!("{:?}", p.item)).collect();
    assert_eq!(kinds.len(), 5, "{planted:#?}");
    // No Markdown pages: the audit pages link the methodology only where there is one.
    let config = Config::parse("title = \"t\"\n", "site.toml").unwrap();
    let out = dir.path().join("public");
    let report =
        gongkai::build::build(&root, &config, &out, &indicatif::ProgressBar::hidden()).unwrap();
    assert!(report.document_errors.is_empty(), "{report:?}");
    assert_eq!(report.departments, 15);

    // data/departments.json: each department with its three years.
    let departments = json(&out, "data/departments.json");
    let departments = departments.as_array().unwrap();
    assert_eq!(departments.len(), 5);
    let mut file_of: BTreeMap<(String, u16), String> = BTreeMap::new();
    let mut found = Vec::new();
    for d in departments {
        let id = d["department"].as_str().unwrap();
        let name = d["name"].as_str().unwrap();
        // The id is the name the documents state (made safe for a path), not a file name.
        assert_eq!(id, gongkai::department::slug_from(name));
        let years: Vec<u64> = d["years"]
            .as_array()
            .unwrap()
            .iter()
            .map(|y| y["year"].as_u64().unwrap())
            .collect();
        assert_eq!(years, [2022, 2023, 2024], "{id}");
        for y in d["years"].as_array().unwrap() {
            let year = y["year"].as_u64().unwrap() as u16;
            // Each year's data carries its department and year.
            let data = json(&out, y["data"].as_str().unwrap());
            assert_eq!(data["department"], id);
            assert_eq!(data["year"], year);
            file_of.insert(
                (id.to_string(), year),
                data["file"].as_str().unwrap().into(),
            );
            assert!(out.join(y["page"].as_str().unwrap()).is_file());
            assert_eq!(
                y["page"].as_str().unwrap(),
                format!("departments/{id}/{year}/index.html")
            );
        }

        // The timeline: every year linked, its figures, the change and the trend chart.
        let page = format!("departments/{id}/index.html");
        let html = read(&out, &page);
        let linked = links(&page, &html);
        for year in YEARS {
            let target = format!("departments/{id}/{year}/index.html");
            assert!(linked.contains(&target), "{page} links {target}");
        }
        for l in &linked {
            assert!(out.join(l).is_file(), "{page}: {l} resolves");
        }
        assert!(html.contains("id=chart-trend"), "{page}: a trend chart");
        assert!(out.join(format!("charts/{id}/trend.svg")).is_file());
        for year in YEARS {
            let data = json(&out, &format!("data/{id}/{year}.json"));
            let total = data["totals"]["expenditure"].as_str().unwrap();
            assert!(
                html.contains(&format!(">{}</a>", shown(total))),
                "{page}: {total}"
            );
        }
        // Every year's page links back to the timeline.
        for year in YEARS {
            let page = format!("departments/{id}/{year}/index.html");
            let html = read(&out, &page);
            assert!(
                links(&page, &html).contains(&format!("departments/{id}/index.html")),
                "{page} links its timeline"
            );
        }

        for f in d["cross_year_findings"].as_array().unwrap() {
            found.push((id.to_string(), f.clone()));
            // Shown on the timeline too, with a link to each document's line.
            assert!(html.contains(f["message"].as_str().unwrap()), "{page}");
        }
    }

    // Exactly the planted mismatches, each an error citing the misstating document's line and
    // the previous year's.
    assert_eq!(found.len(), planted.len(), "{found:#?}\n{planted:#?}");
    for p in &planted {
        let id = gongkai::department::slug_from(&p.department);
        let before = &file_of[&(id.clone(), p.year - 1)];
        let hit: Vec<&serde_json::Value> = found
            .iter()
            .filter(|(d, f)| {
                *d == id
                    && f["sources"][0]["file"] == p.file.as_str()
                    && f["message"].as_str().unwrap().contains(label(p.item))
            })
            .map(|(_, f)| f)
            .collect();
        assert_eq!(hit.len(), 1, "{p:?}: {found:#?}");
        let f = hit[0];
        assert_eq!(f["rule"], "cross-year");
        assert_eq!(f["severity"], "error", "{f:#}");
        assert_eq!(f["sources"][1]["file"], before.as_str(), "{f:#}");
        assert!(f["sources"][0]["line"].as_u64().unwrap() > 0);
        assert!(f["sources"][1]["line"].as_u64().unwrap() > 0);
    }

    // The lists of all departments show the latest year and link the others.
    let home = read(&out, "index.html");
    let home_links = links("index.html", &home);
    for d in departments {
        let id = d["department"].as_str().unwrap();
        for year in YEARS {
            assert!(
                home_links.contains(&format!("departments/{id}/{year}/index.html")),
                "the home page links {id} {year}"
            );
        }
        assert!(home_links.contains(&format!("departments/{id}/index.html")));
    }
    // Each cross-year finding is listed on the audit page of the year whose narrative it checks
    // (the site's own audit page is each department's latest year), linked to the timeline, and
    // shown on the pages of both years it compares, with a link to each document's line.
    let year_of: BTreeMap<&str, u16> = file_of
        .iter()
        .map(|((_, year), file)| (file.as_str(), *year))
        .collect();
    let mut cited: BTreeSet<(String, u16)> = BTreeSet::new();
    for (id, f) in &found {
        let message = f["message"].as_str().unwrap();
        let [checked, before] = [0, 1].map(|k| {
            let s = &f["sources"][k];
            let year = year_of[s["file"].as_str().unwrap()];
            let line = s["line"].as_u64().unwrap();
            (year, format!("departments/{id}/{year}/source.html#L{line}"))
        });
        assert_eq!(before.0 + 1, checked.0, "{f:#}");
        for year in YEARS {
            let page = format!("years/{year}/audit/index.html");
            let audit = read(&out, &page);
            assert_eq!(audit.contains(message), year == checked.0, "{page}: {f:#}");
            if year == checked.0 {
                assert!(audit.contains(&format!("departments/{id}/index.html#cross-year-")));
            }
        }
        let audit = read(&out, "audit/index.html");
        assert_eq!(
            audit.contains(message),
            checked.0 == YEARS[2],
            "audit: {f:#}"
        );
        for year in [checked.0, before.0] {
            cited.insert((id.clone(), year));
            let page = format!("departments/{id}/{year}/index.html");
            let html = read(&out, &page);
            assert!(html.contains("id=cross-year"), "{page}");
            assert!(html.contains(message), "{page}: {f:#}");
            let linked = links_with_anchors(&page, &html);
            for (_, line) in [&checked, &before] {
                assert!(linked.contains(line), "{page} links {line}");
            }
        }
    }
    for (id, year) in file_of.keys() {
        let page = format!("departments/{id}/{year}/index.html");
        let html = read(&out, &page);
        assert_eq!(
            html.contains("id=cross-year"),
            cited.contains(&(id.clone(), *year)),
            "{page}: a cross-year section only where a finding cites it"
        );
    }
    // A page per year, linked from the year switch of the lists, each listing the departments
    // of that year and linking their pages of that year.
    for year in YEARS {
        let page = format!("years/{year}/index.html");
        assert!(
            home_links.contains(&page),
            "the home page's year switch links {page}"
        );
        let html = read(&out, &page);
        let linked = links(&page, &html);
        for d in departments {
            let id = d["department"].as_str().unwrap();
            assert!(
                linked.contains(&format!("departments/{id}/{year}/index.html")),
                "{page}: {id}"
            );
        }
    }
    let compare = read(&out, "compare/index.html");
    for d in departments {
        let id = d["department"].as_str().unwrap();
        assert!(compare.contains(&format!("departments/{id}/2024/index.html")));
        assert!(!compare.contains(&format!("departments/{id}/2023/index.html")));
    }

    // The comparison, classification, project and audit pages of each year, under
    // `years/<year>/`: each shows that year's figures, linked to that year's documents, and its
    // year switch links the same page in every year and the site's own (the latest year).
    let lists = [
        "index.html",
        "compare/index.html",
        "audit/index.html",
        "projects/index.html",
        "classification/index.html",
        "classification/201/index.html",
    ];
    for list in lists {
        let own: BTreeSet<String> = std::iter::once(list.to_string())
            .chain(YEARS.map(|year| format!("years/{year}/{list}")))
            .collect();
        for (page, year) in std::iter::once((list.to_string(), None))
            .chain(YEARS.map(|year| (format!("years/{year}/{list}"), Some(year))))
        {
            let html = read(&out, &page);
            let (switch, current) = year_switch(&page, &html).expect(&page);
            assert_eq!(
                switch, own,
                "{page}: the switch links this page in every year"
            );
            assert_eq!(current, page, "{page}: the switch marks the page itself");
            for target in &switch {
                assert!(out.join(target).is_file(), "{page}: {target} resolves");
            }
            let Some(year) = year else { continue };
            let linked = links(&page, &html);
            for d in departments {
                let id = d["department"].as_str().unwrap();
                let data = json(&out, &format!("data/{id}/{year}.json"));
                let shown = match list {
                    "index.html" | "compare/index.html" => vec![figure(
                        id,
                        year,
                        &data["totals"]["expenditure"],
                        &data["totals_source"]["expenditure"],
                    )],
                    "classification/201/index.html" | "classification/index.html" => {
                        let classes = &data["by_function"];
                        assert_eq!(cell(classes, 0, "code"), "201");
                        if list == "classification/index.html" {
                            continue;
                        }
                        vec![figure(
                            id,
                            year,
                            cell(classes, 0, "amount"),
                            cell(classes, 0, "source"),
                        )]
                    }
                    "projects/index.html" => {
                        let projects = &data["projects"];
                        (0..rows(projects))
                            .filter(|&p| cell(projects, p, "amount").is_string())
                            .map(|p| {
                                // The amount's line, where it is not the project's own.
                                let amount_source = cell(projects, p, "amount_source");
                                let source = if amount_source.is_null() {
                                    cell(projects, p, "source")
                                } else {
                                    amount_source
                                };
                                figure(id, year, cell(projects, p, "amount"), source)
                            })
                            .collect()
                    }
                    _ => Vec::new(),
                };
                for s in &shown {
                    assert!(html.contains(s), "{page}: {s}");
                }
                // (The project list names a department by its projects: none in these documents.)
                let listed = list != "projects/index.html" || rows(&data["projects"]) > 0;
                assert_eq!(
                    linked.contains(&format!("departments/{id}/{year}/index.html")),
                    listed,
                    "{page}: {id} {year}"
                );
                // (Only a cross-year finding links another year: its previous document's line.)
                for other in YEARS.into_iter().filter(|y| *y != year) {
                    let elsewhere = format!("departments/{id}/{other}/index.html");
                    assert!(!linked.contains(&elsewhere), "{page} links {elsewhere}");
                }
            }
        }
    }
    // The classification index of a year lists that year's codes, summed over its departments.
    for year in YEARS {
        let page = format!("years/{year}/classification/index.html");
        let html = read(&out, &page);
        let total: rust_decimal::Decimal = departments
            .iter()
            .map(|d| {
                let id = d["department"].as_str().unwrap();
                let data = json(&out, &format!("data/{id}/{year}.json"));
                cell(&data["by_function"], 0, "amount")
                    .as_str()
                    .unwrap()
                    .parse::<rust_decimal::Decimal>()
                    .unwrap()
            })
            .sum();
        assert!(
            html.contains(&format!(">{}<", shown(&total.to_string()))),
            "{page}: {total}"
        );
    }

    // The long table: a row per disclosed figure, department and year, amounts as the data.
    let series = read(&out, "data/series.csv");
    let mut header = series.lines().next().unwrap().to_string();
    header.retain(|c| c != '\u{feff}');
    assert_eq!(
        header,
        "部门标识,年度,项目,编码,金额（万元）,来源文件,来源行"
    );
    for d in departments {
        let id = d["department"].as_str().unwrap();
        for year in YEARS {
            let data = json(&out, &format!("data/{id}/{year}.json"));
            let total = data["totals"]["expenditure"].as_str().unwrap();
            let row = format!("{id},{year},支出总计,,{total},");
            assert_eq!(series.matches(&row).count(), 1, "{row}");
            let class = cell(&data["by_function"], 0, "amount").as_str().unwrap();
            let row = format!("{id},{year},一般公共服务支出,201,{class},");
            assert_eq!(series.matches(&row).count(), 1, "{row}");
        }
    }

    // Every internal link of the site resolves.
    let checked = gongkai::sitecheck::check(&out).unwrap();
    assert!(checked.broken.is_empty(), "{:#?}", checked.broken);
}

#[test]
fn a_site_of_one_year_per_department_has_no_year_switch_and_no_pages_per_year() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let config = Config::load(&repo.join("site.toml")).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    let report =
        gongkai::build::build(repo, &config, &out, &indicatif::ProgressBar::hidden()).unwrap();
    assert!(report.departments > 1);
    assert!(!out.join("years").exists());
    let mut pages = 0;
    for entry in walkdir::WalkDir::new(&out) {
        let entry = entry.unwrap();
        if entry.path().extension().is_some_and(|x| x == "html") {
            let html = std::fs::read_to_string(entry.path()).unwrap();
            let page = entry
                .path()
                .strip_prefix(&out)
                .unwrap()
                .display()
                .to_string();
            // A timeline lists its department's years (one, here) and its cross-year check.
            if page.starts_with("departments/") && page.matches('/').count() == 2 {
                continue;
            }
            assert!(!html.contains("class=years"), "{page}: a year switch");
            assert!(
                !html.contains("id=cross-year"),
                "{page}: cross-year findings"
            );
            pages += 1;
        }
    }
    assert!(pages > 20, "{pages}");
}
