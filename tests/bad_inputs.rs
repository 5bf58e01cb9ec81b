//! The bad-input set of issue 16: a project whose content holds every kind of hostile or broken
//! input at once — figures beyond range, odd file names, a name two files share, hidden files,
//! links in a loop and to nothing, an override for no document, a document in UTF-16, one cut
//! inside a character, a line of ten million bytes of markup, a document too large, an output
//! folder inside the content, a Markdown page with script, stale folders of a stopped build —
//! builds, says what it left out with the expected message naming the file (and line), and
//! builds every other document with every link resolving.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use gongkai::build::BuildReport;
use gongkai::config::Config;
use gongkai::write::MARKER;

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn seed(name: &str) -> Vec<u8> {
    std::fs::read(repo().join("content/budgets").join(name)).expect("the seed exists")
}

fn build(root: &Path, config: &Config, out: &Path) -> BuildReport {
    gongkai::build::build(root, config, out, &indicatif::ProgressBar::hidden())
        .expect("the build goes through whatever the documents hold")
}

/// The report's messages, one per left-out input, as `main` prints them.
fn messages(report: &BuildReport) -> Vec<String> {
    report
        .document_errors
        .iter()
        .map(ToString::to_string)
        .collect()
}

/// The one message about `file`; fails when there is none or more than one.
fn message_about<'a>(messages: &'a [String], file: &str) -> &'a str {
    let found: Vec<&String> = messages
        .iter()
        .filter(|m| {
            m.split(": ")
                .next()
                .is_some_and(|f| f == file || f.ends_with(&format!("/{file}")))
        })
        .collect();
    assert_eq!(found.len(), 1, "one message about {file}: {messages:#?}");
    found[0]
}

/// `text` with every `needle` replaced by `with`, and the lines where it was.
fn with_figure(text: &str, needle: &str, with: &str) -> (String, Vec<u32>) {
    let mut at = Vec::new();
    let lines: Vec<String> = text
        .lines()
        .enumerate()
        .map(|(i, l)| {
            if l.contains(needle) {
                at.push(i as u32 + 1);
            }
            l.replace(needle, with)
        })
        .collect();
    assert!(!at.is_empty(), "{needle} is in the seed");
    (lines.join("\n"), at)
}

/// Every `href`/`src` of every HTML page resolves to a file of the site (and its anchor to an id).
fn assert_links_resolve(out: &Path) {
    let attr = regex::Regex::new(r#"\s(href|src|id)=(?:"([^"]*)"|([^\s>"']+))"#).unwrap();
    let mut files: BTreeMap<String, String> = BTreeMap::new();
    for e in walkdir::WalkDir::new(out).into_iter().map(Result::unwrap) {
        if e.file_type().is_file() {
            let rel = e
                .path()
                .strip_prefix(out)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            let text = if rel.ends_with(".html") {
                std::fs::read_to_string(e.path()).unwrap()
            } else {
                String::new()
            };
            files.insert(rel, text);
        }
    }
    let ids: BTreeMap<&str, BTreeSet<String>> = files
        .iter()
        .map(|(path, html)| {
            let set = attr
                .captures_iter(html)
                .filter(|c| &c[1] == "id")
                .map(|c| c.get(2).or(c.get(3)).unwrap().as_str().to_string())
                .collect();
            (path.as_str(), set)
        })
        .collect();
    let mut checked = 0;
    for (from, html) in &files {
        for c in attr.captures_iter(html) {
            if &c[1] == "id" {
                continue;
            }
            let link = c
                .get(2)
                .or(c.get(3))
                .unwrap()
                .as_str()
                .replace("&amp;", "&");
            if link.contains("://") || link.starts_with("mailto:") {
                continue;
            }
            let (file, fragment) = link.split_once('#').unwrap_or((&link, ""));
            let file = percent_decode(file);
            let target = if file.is_empty() {
                from.clone()
            } else {
                let mut parts: Vec<&str> = from.split('/').collect();
                parts.pop();
                for part in file.split('/') {
                    match part {
                        ".." => assert!(parts.pop().is_some(), "{from}: {link} leaves the site"),
                        "." | "" => {}
                        p => parts.push(p),
                    }
                }
                parts.join("/")
            };
            assert!(
                files.contains_key(&target),
                "{from}: {link} → {target} does not exist"
            );
            if !fragment.is_empty() && target.ends_with(".html") {
                assert!(
                    ids[target.as_str()].contains(fragment),
                    "{from}: {link} → no id {fragment} in {target}"
                );
            }
            checked += 1;
        }
    }
    assert!(checked > 100, "only {checked} links");
}

fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%'
            && i + 2 < b.len()
            && let Ok(v) = u8::from_str_radix(&s[i + 1..i + 3], 16)
        {
            out.push(v);
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[test]
fn every_bad_input_is_reported_and_the_rest_builds_with_every_link_resolving() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("project");
    let budgets = root.join("content/budgets");
    let pages = root.join("content/pages");
    std::fs::create_dir_all(budgets.join("sub")).unwrap();
    std::fs::create_dir_all(&pages).unwrap();
    let weihui = seed("weihui-2024.txt");
    let weihui_text = String::from_utf8(weihui.clone()).unwrap();

    // The good ones; a folder is one department, named after it.
    std::fs::write(budgets.join("weihui-2024.txt"), &weihui).unwrap();
    std::fs::write(budgets.join("fengquan-2024.txt"), seed("fengquan-2024.txt")).unwrap();
    std::fs::write(budgets.join("sub/weihui-2024.txt"), &weihui).unwrap();
    // Names that go into paths and links; `a b.txt` and `a#b.txt` both give `a-b`.
    for name in [
        "...txt",
        "..txt",
        "a b.txt",
        "a#b.txt",
        "c?d.txt",
        "e%41f.txt",
        ".hidden.txt",
    ] {
        std::fs::write(budgets.join(name), &weihui).unwrap();
    }
    // A figure of 29 digits and one of 28 decimals: each made unchecked arithmetic panic.
    let (huge, huge_line) = with_figure(&weihui_text, "922.94", "79228162514264337593543950335");
    std::fs::write(budgets.join("huge.txt"), huge).unwrap();
    let (fine, fine_line) = with_figure(&weihui_text, "922.94", "922.9400000000000000000000000001");
    std::fs::write(budgets.join("fine.txt"), fine).unwrap();
    // UTF-16 with its BOM; a file cut inside its last character.
    let mut utf16 = vec![0xFF, 0xFE];
    utf16.extend(weihui_text.encode_utf16().flat_map(u16::to_le_bytes));
    std::fs::write(budgets.join("utf16.txt"), utf16).unwrap();
    let mut cut = format!("{}\n最后一行", weihui_text.trim_end()).into_bytes();
    cut.pop();
    let cut_line = weihui_text.trim_end().lines().count() as u32 + 1;
    std::fs::write(budgets.join("cut.txt"), cut).unwrap();
    // One line of ten million bytes of unclosed markup: stripping it took minutes.
    let long = format!("{weihui_text}\n{}\n", "<a".repeat(5_000_000));
    std::fs::write(budgets.join("long-line.txt"), long).unwrap();
    // Beyond the size read.
    let large = weihui_text.repeat(gongkai::load::MAX_TEXT_BYTES / weihui_text.len() + 1);
    std::fs::write(budgets.join("large.txt"), large).unwrap();
    // Links in a loop and to nothing.
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(".", budgets.join("sub/loop")).unwrap();
        std::os::unix::fs::symlink("nowhere.txt", budgets.join("dangling.txt")).unwrap();
    }
    // Not a regular file (a named pipe: reading it would wait forever).
    #[cfg(unix)]
    {
        let made = std::process::Command::new("mkfifo")
            .arg(budgets.join("pipe.txt"))
            .status();
        assert!(made.is_ok_and(|s| s.success()), "mkfifo runs");
    }
    // The example's pages (the audit page links the methodology), and one that would run script.
    for page in ["glossary.md", "methodology.md"] {
        std::fs::copy(repo().join("content/pages").join(page), pages.join(page)).unwrap();
    }
    std::fs::write(
        pages.join("about.md"),
        "# 关于\n\n<script>alert(1)</script>\n\n[点我](javascript:alert(2))\n\n<b onmouseover=alert(3)>粗</b>\n",
    )
    .unwrap();
    // Leftovers of a build that was killed, beside the output (a pid no process has).
    let out = root.join("public");
    let stale = root.join(".public.tmp-4194400");
    std::fs::create_dir_all(&stale).unwrap();
    std::fs::write(stale.join(MARKER), "x").unwrap();
    std::fs::write(root.join(".public.lists-4194400"), "x").unwrap();

    // The copies of one document are one department and year: each gets an id of its own,
    // except one copy of fengquan, which must be reported as fengquan's twin.
    std::fs::write(budgets.join("twin.txt"), seed("fengquan-2024.txt")).unwrap();
    let mut toml = "[departments.weihui-2024]\nname = \"卫辉\"\ndepartment = \"weihui-2024\"\n\
                    [departments.no-such-slug]\nname = \"无\"\n"
        .to_string();
    for slug in [
        "sub",
        "a-b",
        "c-d",
        "e-41f",
        "huge",
        "fine",
        "utf16",
        "cut",
        "long-line",
    ] {
        toml.push_str(&format!("[departments.{slug}]\ndepartment = \"{slug}\"\n"));
    }
    let config = Config::parse(&toml, "site.toml").unwrap();
    let start = std::time::Instant::now();
    let report = build(&root, &config, &out);
    let took = start.elapsed();
    let m = messages(&report);

    // Each left-out input, with its expected message.
    assert!(
        message_about(&m, "...txt").contains("no letter or digit"),
        "{m:#?}"
    );
    assert!(
        message_about(&m, "..txt").contains("no letter or digit"),
        "{m:#?}"
    );
    assert!(
        message_about(&m, ".hidden.txt").contains("hidden file"),
        "{m:#?}"
    );
    let same_year = message_about(&m, "twin.txt");
    assert!(
        same_year.contains("fengquan-2024.txt") && same_year.contains("2024"),
        "names both files and the year: {same_year}"
    );
    let twin = message_about(&m, "a#b.txt");
    assert!(twin.contains("departments/a-b/"), "{twin}");
    assert!(
        twin.contains("content/budgets/a b.txt"),
        "names both files: {twin}"
    );
    assert!(
        message_about(&m, "large.txt").contains("MB a document may have"),
        "{m:#?}"
    );
    assert!(
        message_about(&m, "site.toml").contains("[departments.no-such-slug] names no document"),
        "{m:#?}"
    );
    #[cfg(unix)]
    {
        assert!(message_about(&m, "loop").contains("loop"), "{m:#?}");
        assert!(
            message_about(&m, "dangling.txt").contains("dangling"),
            "{m:#?}"
        );
        assert!(
            message_about(&m, "pipe.txt").contains("not a regular file"),
            "{m:#?}"
        );
    }
    assert_eq!(
        m.len(),
        if cfg!(unix) { 10 } else { 7 },
        "nothing else is left out: {m:#?}"
    );

    // Everything else is on the site, under an id safe in a path and a link: the one the
    // configuration gives, or fengquan's name as its document states it.
    let built: BTreeSet<String> = std::fs::read_dir(out.join("departments"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    let expected: BTreeSet<String> = [
        "weihui-2024",
        "中共新乡市凤泉区委员会办公室",
        "sub",
        "a-b",
        "c-d",
        "e-41f",
        "huge",
        "fine",
        "utf16",
        "cut",
        "long-line",
    ]
    .map(String::from)
    .into();
    assert_eq!(built, expected);
    assert_eq!(report.departments, expected.len());
    assert_links_resolve(&out);

    // A figure beyond range is a finding with its file and line; the document still builds.
    let data = |slug: &str| -> serde_json::Value {
        let text = std::fs::read_to_string(out.join(format!("data/{slug}/2024.json"))).unwrap();
        serde_json::from_str::<serde_json::Value>(&text).unwrap()
    };
    // The lines a finding cites: its `sources`, or, when it leaves them out, its figures' own
    // (a source of a document of one text file is its line).
    let cited = |finding: &serde_json::Value| -> Vec<u64> {
        let sources: Vec<&serde_json::Value> = match finding["sources"].as_array() {
            Some(sources) => sources.iter().collect(),
            None => finding["figures"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|f| &f[2])
                .collect(),
        };
        sources
            .into_iter()
            .map(|s| s.as_u64().unwrap_or_else(|| panic!("a line: {finding:#}")))
            .collect()
    };
    for (slug, file, lines) in [
        ("huge", "huge.txt", &huge_line),
        ("fine", "fine.txt", &fine_line),
    ] {
        let data = data(slug);
        assert_eq!(data["file"], file);
        let f = &data["findings"];
        let hits: Vec<&serde_json::Value> = f
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["rule"] == "figure-out-of-range")
            .collect();
        // In the narrative (its first line) and in the tables: each at a line that prints it.
        assert!(hits.len() >= 2, "{slug}: {f:#}");
        for hit in &hits {
            let line = cited(hit)[0] as u32;
            assert!(lines.contains(&line), "{slug}: line {line} of {hit:#}");
            assert!(
                hit["message_en"]
                    .as_str()
                    .unwrap()
                    .contains("beyond the range read")
            );
        }
        assert!(
            hits.iter().any(|h| cited(h)[0] == lines[0] as u64),
            "{slug}: {f:#}"
        );
    }
    // The cut character: a warning at its line.
    let f = data("cut")["findings"].clone();
    let hit = f
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "undecodable-bytes")
        .unwrap_or_else(|| panic!("cut: {f:#}"));
    assert_eq!(cited(hit)[0], cut_line as u64);
    // UTF-16 reads like the UTF-8 original.
    let total = |slug: &str| {
        let text = std::fs::read_to_string(out.join(format!("data/{slug}/2024.json"))).unwrap();
        serde_json::from_str::<serde_json::Value>(&text).unwrap()["totals"].clone()
    };
    assert_eq!(total("utf16"), total("weihui-2024"));
    // Linear reading: the ten-million-byte line takes seconds, not minutes.
    assert!(took.as_secs() < 120, "the build took {took:?}");

    // The Markdown page is sanitised.
    let about = std::fs::read_to_string(out.join("pages/about/index.html")).unwrap();
    for bad in ["<script>alert", "javascript:", "onmouseover"] {
        assert!(!about.contains(bad), "{bad} in the about page");
    }
    // Open data: a 21-digit project code stays text in a spreadsheet.
    let projects = std::fs::read_to_string(out.join("data/projects.csv")).unwrap();
    assert!(
        projects.contains("\"=\"\"410704240000000004844\"\"\""),
        "{projects}"
    );

    // The stale folders of the killed build are gone; no temporary file of this one is left.
    let beside: Vec<String> = std::fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.'))
        .collect();
    assert!(
        beside.iter().all(|n| n == ".gongkai-cache"),
        "left beside the output: {beside:?}"
    );
}

#[test]
fn an_output_folder_inside_the_content_is_not_read_back() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().to_path_buf();
    let budgets = root.join("content/budgets");
    std::fs::create_dir_all(&budgets).unwrap();
    std::fs::write(budgets.join("weihui-2024.txt"), seed("weihui-2024.txt")).unwrap();
    let out = budgets.join("public");
    let config = Config::default();
    let first = build(&root, &config, &out);
    assert_eq!(first.departments, 1);
    // The site holds `departments/<id>/2024/source.html`, the document's text as HTML (a kind of
    // document gongkai reads): a second build must not read it.
    let id = "卫辉市人民政府办公室";
    assert!(
        out.join(format!("departments/{id}/2024/source.html"))
            .is_file()
    );
    let second = build(&root, &config, &out);
    assert_eq!(second.departments, 1);
    let m = messages(&second);
    assert_eq!(m.len(), 1, "{m:#?}");
    assert!(
        message_about(&m, "public").contains("not read back as content"),
        "{m:#?}"
    );
}

#[test]
fn page_size_zero_is_refused_with_its_key() {
    let err = Config::parse("page_size = 0\n", "site.toml").unwrap_err();
    assert!(
        err.to_string().starts_with("site.toml: page_size = 0"),
        "{err}"
    );
}

#[test]
fn an_unreadable_file_is_reported_and_the_rest_builds() {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let budgets = dir.path().join("content/budgets");
        std::fs::create_dir_all(&budgets).unwrap();
        std::fs::write(budgets.join("weihui-2024.txt"), seed("weihui-2024.txt")).unwrap();
        let locked = budgets.join("locked.txt");
        std::fs::write(&locked, seed("luohe-2024.txt")).unwrap();
        std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
        if std::fs::read(&locked).is_ok() {
            // Root reads every file: nothing to test here.
            return;
        }
        let report = build(dir.path(), &Config::default(), &dir.path().join("public"));
        assert_eq!(report.departments, 1);
        let m = messages(&report);
        assert!(
            message_about(&m, "locked.txt").contains("cannot read"),
            "{m:#?}"
        );
    }
}

/// A row of the departments table whose document is missing is one warning naming the table's
/// line; the row is not reported a second time as an override of `site.toml`.
#[test]
fn a_table_row_without_its_document_is_reported_once_at_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("project");
    let budgets = root.join("content/budgets");
    std::fs::create_dir_all(&budgets).unwrap();
    std::fs::write(budgets.join("weihui-2024.txt"), seed("weihui-2024.txt")).unwrap();
    let table = root.join("content/departments.csv");
    std::fs::write(
        &table,
        "slug,province,level\nweihui-2024,河南省,县级\nghost-2024,河南省,县级\n",
    )
    .unwrap();
    let config = Config::parse("title = \"t\"\n", "site.toml")
        .unwrap()
        .with_table(&table)
        .unwrap();
    let report = build(&root, &config, &root.join("public"));
    assert_eq!(report.departments, 1);
    assert!(messages(&report).is_empty(), "{:#?}", messages(&report));
    let ghost: Vec<&String> = report
        .warnings
        .iter()
        .filter(|w| w.contains("ghost-2024"))
        .collect();
    assert_eq!(ghost.len(), 1, "{:#?}", report.warnings);
    assert!(ghost[0].contains("departments.csv:3"), "{}", ghost[0]);
}
