//! Rebuilds from the cache of the previous build (issue 20): a department whose document and
//! settings did not change is taken as the last build left it, a site-wide stage whose inputs did
//! not change keeps its files; and whatever changed — one document, a year of a department that
//! others compare with, a template, a setting, a row of the departments table, the cache itself,
//! a file of the output — the output is byte for byte the site built afresh from the same inputs.

mod common;
use common::{copy_of_example, example_config, snapshot};

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use gongkai::build::BuildReport;
use gongkai::config::Config;

/// A copy of the example project in a temporary folder (kept while the first value lives): its
/// folder, the output folder beside it, and the example settings.
fn example_project() -> (tempfile::TempDir, PathBuf, PathBuf, Config) {
    let dir = tempfile::tempdir().unwrap();
    let root = copy_of_example(dir.path());
    let out = dir.path().join("public");
    (dir, root, out, example_config())
}

fn build(root: &Path, config: &Config, out: &Path) -> BuildReport {
    gongkai::build::build(root, config, out, &indicatif::ProgressBar::hidden())
        .unwrap_or_else(|e| panic!("the build fails: {e}"))
}

/// Builds `root` over `out` (from its cache), then afresh into a new folder beside it (whose
/// cache is empty), and asserts that the two are the same site, file for file and byte for byte.
fn rebuild_is_fresh(root: &Path, config: &Config, out: &Path, what: &str) -> BuildReport {
    let report = build(root, config, out);
    let fresh = out.with_file_name(format!(
        "fresh-{}",
        what.replace(|c: char| !c.is_ascii_alphanumeric(), "-")
    ));
    let clean = build(root, config, &fresh);
    assert_eq!(clean.cached, 0, "{what}: the fresh build had a cache");
    let (a, b) = (snapshot(out), snapshot(&fresh));
    let only = |x: &BTreeMap<String, Vec<u8>>, y: &BTreeMap<String, Vec<u8>>| {
        x.keys()
            .filter(|k| !y.contains_key(*k))
            .cloned()
            .collect::<Vec<_>>()
    };
    assert!(
        a.len() == b.len() && only(&a, &b).is_empty(),
        "{what}: only in the rebuilt site {:?}, only in the fresh one {:?}",
        only(&a, &b),
        only(&b, &a)
    );
    let differ: Vec<&String> = a
        .iter()
        .filter(|(p, x)| b[*p] != **x)
        .map(|(p, _)| p)
        .collect();
    assert!(differ.is_empty(), "{what}: these files differ: {differ:?}");
    assert_eq!(report.departments, clean.departments);
    assert_eq!(report.document_errors, clean.document_errors, "{what}");
    assert_eq!(
        (report.files, report.bytes),
        (clean.files, clean.bytes),
        "{what}"
    );
    report
}

fn append(path: &Path, text: &str) {
    let mut all = std::fs::read_to_string(path).unwrap();
    all.push_str(text);
    std::fs::write(path, all).unwrap();
}

fn replace(path: &Path, from: &str, to: &str) {
    let all = std::fs::read_to_string(path).unwrap();
    assert!(all.contains(from), "{from:?} not in {}", path.display());
    std::fs::write(path, all.replace(from, to)).unwrap();
}

/// The folder of the build cache of the site written to `out`.
fn cache_of(out: &Path) -> PathBuf {
    let name = out.file_name().unwrap().to_string_lossy();
    out.with_file_name(".gongkai-cache")
        .join(format!("site-{name}"))
}

#[test]
fn a_rebuild_after_one_change_is_the_site_built_afresh() {
    let (_dir, root, out, config) = example_project();
    let first = build(&root, &config, &out);
    assert_eq!(first.cached, 0);
    let n = first.departments;
    assert!(n >= 5, "{first:?}");

    let again = rebuild_is_fresh(&root, &config, &out, "nothing changed");
    assert_eq!(again.cached, n, "every department is taken from the cache");
    assert_eq!(
        again.stages_kept,
        ["lists", "search index", "open data"],
        "no site-wide stage runs again"
    );

    // A line added to one narrative: that department is built again, nothing else.
    let budgets = root.join("content/budgets");
    let luohe = budgets.join("luohe-2024.txt");
    append(&luohe, "\n说明：本文件第 1 次修改。\n");
    let one = rebuild_is_fresh(&root, &config, &out, "a narrative line");
    assert_eq!(one.cached, n - 1);

    // Its name changed: every list shows it, so the lists are made again (from the other
    // departments' summaries in the cache).
    replace(&luohe, "漯河市人民政府办公室", "漯河市人民政府办公厅");
    let named = rebuild_is_fresh(&root, &config, &out, "a name");
    assert_eq!(named.cached, n - 1);
    assert!(!named.stages_kept.contains(&"lists"), "{named:?}");

    // A document gone, then back.
    let weihui = budgets.join("weihui-2024.txt");
    let kept = std::fs::read(&weihui).unwrap();
    std::fs::remove_file(&weihui).unwrap();
    let gone = rebuild_is_fresh(&root, &config, &out, "a document removed");
    assert_eq!((gone.departments, gone.cached), (n - 1, n - 1));
    std::fs::write(&weihui, kept).unwrap();
    let back = rebuild_is_fresh(&root, &config, &out, "a document back");
    assert_eq!((back.departments, back.cached), (n, n - 1));

    // A document that cannot be read as a budget is left out, and the others kept.
    std::fs::write(&luohe, "这不是预算文件。\n").unwrap();
    let broken = rebuild_is_fresh(&root, &config, &out, "a document broken");
    assert_eq!(broken.document_errors.len(), 1, "{broken:?}");
    assert_eq!(broken.cached, n - 1);
}

/// Makes every file under `dir` look last changed an hour ago.
fn age(dir: &Path) {
    let then = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
    for entry in walkdir::WalkDir::new(dir) {
        let entry = entry.unwrap();
        if entry.file_type().is_file() {
            let file = std::fs::File::options()
                .write(true)
                .open(entry.path())
                .unwrap();
            file.set_modified(then).unwrap();
        }
    }
}

#[test]
fn documents_whose_stamps_did_not_change_are_not_read_again() {
    let (_dir, root, out, config) = example_project();
    age(&root);
    let n = build(&root, &config, &out).departments;
    let again = rebuild_is_fresh(&root, &config, &out, "old documents");
    assert_eq!((again.cached, again.unread), (n, n), "{again:?}");

    // Changed: its length and time differ, so it is read and built again.
    let luohe = root.join("content/budgets/luohe-2024.txt");
    append(&luohe, "\n说明：本文件第 1 次修改。\n");
    let one = rebuild_is_fresh(&root, &config, &out, "one old document changed");
    assert_eq!((one.cached, one.unread), (n - 1, n - 1), "{one:?}");
    // Changed a moment ago: a change within the same tick of the clock would leave the same
    // stamp, so it is read (and found the same) until it is old enough.
    let next = rebuild_is_fresh(&root, &config, &out, "one recent document");
    assert_eq!((next.cached, next.unread), (n, n - 1), "{next:?}");
    // Once it is old, its stamp is taken anew when it is read and found the same, and trusted
    // from then on.
    age(&root);
    let aged = rebuild_is_fresh(&root, &config, &out, "every document old again");
    assert_eq!((aged.cached, aged.unread), (n, 0), "{aged:?}");
    let settled = rebuild_is_fresh(&root, &config, &out, "nothing changed since");
    assert_eq!((settled.cached, settled.unread), (n, n), "{settled:?}");
    // The project's folder named another way (as from another working folder): the same
    // documents, the same cache.
    let spelled = rebuild_is_fresh(&root.join("."), &config, &out, "the folder named otherwise");
    assert_eq!((spelled.cached, spelled.unread), (n, n), "{spelled:?}");

    // A file put into the output by hand is not the build's: it stays. A department no longer
    // built goes, though the output is not walked.
    std::fs::write(out.join("notes.txt"), "mine").unwrap();
    std::fs::remove_file(root.join("content/budgets/weihui-2024.txt")).unwrap();
    let gone = build(&root, &config, &out);
    assert_eq!(gone.departments, n - 1);
    assert!(!out.join("departments/weihui").exists());
    assert_eq!(
        std::fs::read_to_string(out.join("notes.txt")).unwrap(),
        "mine"
    );
}

#[test]
fn a_year_that_others_are_compared_with_changes_their_pages_too() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("project");
    let budgets = root.join("content/budgets");
    let planted = gongkai::synth::years::write_years(&budgets, 3, 2022, 3, 2, 7).expect("written");
    let config = Config::parse("title = \"t\"\n", "site.toml").unwrap();
    let out = dir.path().join("public");
    let first = build(&root, &config, &out);
    assert_eq!(first.departments, 9, "{first:?}");

    // A year that a later one misstates: without it, the later year's page (whose own document
    // did not change) loses its cross-year finding; with it back, gets it again.
    let p = planted
        .iter()
        .find(|p| p.year > 2022)
        .expect("a planted mismatch");
    let id = gongkai::department::slug_from(&p.department);
    let data: serde_json::Value = serde_json::from_slice(
        &std::fs::read(out.join(format!("data/{id}/{}.json", p.year - 1))).unwrap(),
    )
    .unwrap();
    let earlier = budgets.join(data["file"].as_str().expect("the year's file"));
    let page = out.join(format!("departments/{id}/{}/index.html", p.year));
    let shown = std::fs::read_to_string(&page).unwrap();
    let text = std::fs::read(&earlier).unwrap();
    std::fs::remove_file(&earlier).unwrap();
    let without = rebuild_is_fresh(&root, &config, &out, "an earlier year removed");
    assert_eq!(without.departments, 8);
    assert_ne!(
        std::fs::read_to_string(&page).unwrap(),
        shown,
        "the later year's page kept its cross-year finding"
    );
    std::fs::write(&earlier, text).unwrap();
    rebuild_is_fresh(&root, &config, &out, "an earlier year back");
    assert_eq!(std::fs::read_to_string(&page).unwrap(), shown);

    // The planted document itself changed: the earlier year's page shows the finding too.
    append(&budgets.join(&p.file), "\n说明：本文件第 1 次修改。\n");
    rebuild_is_fresh(&root, &config, &out, "the misstating year changed");
}

#[test]
fn a_changed_template_or_setting_builds_every_department_again() {
    let (_dir, root, out, config) = example_project();
    let n = build(&root, &config, &out).departments;

    std::fs::create_dir_all(root.join("templates")).unwrap();
    std::fs::write(
        root.join("templates/table.html"),
        "{% macro rows(rows, root) %}{% for cells in rows %}<tr class=\"mine\">{% for c in cells %}<td>{% if c.figure %}{{ c.figure.amount }}{% else %}{{ c.text }}{% endif %}</td>{% endfor %}</tr>{% endfor %}{% endmacro %}",
    )
    .unwrap();
    let template = rebuild_is_fresh(&root, &config, &out, "a template");
    assert_eq!(template.cached, 0, "a template override shapes every page");
    assert!(
        std::fs::read_to_string(out.join("departments/weihui/2024/index.html"))
            .unwrap()
            .contains("<tr class=mine>")
    );
    std::fs::remove_file(root.join("templates/table.html")).unwrap();
    let removed = rebuild_is_fresh(&root, &config, &out, "a template removed");
    assert_eq!(removed.cached, 0);

    let mut titled = config.clone();
    titled.title = "另一个标题".into();
    let setting = rebuild_is_fresh(&root, &titled, &out, "the title");
    assert_eq!(setting.cached, 0, "every page shows the site's title");

    // A row of the departments table: its department alone is built again.
    let table = root.join("content/departments.csv");
    replace(&table, "卫辉市,县级", "卫辉市,市级");
    let row = rebuild_is_fresh(&root, &titled, &out, "a row of the table");
    assert_eq!(row.cached, n - 1);

    // A Markdown page: every page links it, so every department is built again.
    append(&root.join("content/pages/about.md"), "\n又一段。\n");
    let page = rebuild_is_fresh(&root, &titled, &out, "a Markdown page");
    assert_eq!(page.cached, n, "the page's text is on its own page only");
    std::fs::write(
        root.join("content/pages/faq.md"),
        "# 常见问题\n\n问与答。\n",
    )
    .unwrap();
    let new_page = rebuild_is_fresh(&root, &titled, &out, "a new Markdown page");
    assert_eq!(new_page.cached, 0, "every page links the pages");
}

#[test]
fn a_corrupt_or_stale_cache_is_ignored_and_built_again() {
    let (_dir, root, out, config) = example_project();
    let n = build(&root, &config, &out).departments;
    let cache = cache_of(&out);
    let payloads: Vec<PathBuf> = std::fs::read_dir(&cache)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "dep"))
        .collect();
    assert_eq!(payloads.len(), n, "one payload per department");

    // Every payload damaged, and a name changed so the lists need every summary: each is built
    // again from its document.
    for p in &payloads {
        // A byte of each part changed (the file: 16 bytes of magic, the parts' lengths, the
        // parts).
        let mut bytes = std::fs::read(p).unwrap();
        let mut at = 40;
        for k in 0..3 {
            let len = u64::from_le_bytes(bytes[16 + 8 * k..24 + 8 * k].try_into().unwrap());
            bytes[at + len as usize / 2] ^= 0x20;
            at += len as usize;
        }
        std::fs::write(p, bytes).unwrap();
    }
    let luohe = root.join("content/budgets/luohe-2024.txt");
    replace(&luohe, "漯河市人民政府办公室", "漯河市人民政府办公厅");
    rebuild_is_fresh(&root, &config, &out, "damaged payloads");

    // Payloads gone: the same.
    for p in &payloads {
        let _ = std::fs::remove_file(p);
    }
    replace(&luohe, "漯河市人民政府办公厅", "漯河市人民政府");
    rebuild_is_fresh(&root, &config, &out, "payloads gone");

    // The manifest damaged: nothing is taken from it.
    let manifest = cache.join("manifest");
    let mut bytes = std::fs::read(&manifest).unwrap();
    let last = bytes.len() - 2;
    bytes[last] ^= 0x01;
    std::fs::write(&manifest, bytes).unwrap();
    let damaged = rebuild_is_fresh(&root, &config, &out, "a damaged manifest");
    assert_eq!(damaged.cached, 0);
    std::fs::write(&manifest, "{}").unwrap();
    assert_eq!(
        rebuild_is_fresh(&root, &config, &out, "a manifest of nothing").cached,
        0
    );

    // A page of the output changed by hand: its department is built again; a list page changed
    // by hand: the lists are made again.
    append(
        &out.join("departments/weihui/2024/index.html"),
        "<!-- mine -->",
    );
    let by_hand = rebuild_is_fresh(&root, &config, &out, "a page changed by hand");
    assert_eq!(by_hand.cached, n - 1);
    append(&out.join("compare/index.html"), "<!-- mine -->");
    let list = rebuild_is_fresh(&root, &config, &out, "a list changed by hand");
    assert_eq!(list.cached, n);
    assert!(!list.stages_kept.contains(&"lists"), "{list:?}");
    // A file of the output removed: the same.
    std::fs::remove_file(out.join("departments/luohe/2024/source.html")).unwrap();
    let removed = rebuild_is_fresh(&root, &config, &out, "a file removed");
    assert_eq!(removed.cached, n - 1);
}

#[test]
fn a_failed_build_leaves_the_output_and_its_cache_as_they_were() {
    let (_dir, root, out, config) = example_project();
    let n = build(&root, &config, &out).departments;
    let before = snapshot(&out);
    let manifest = std::fs::read(cache_of(&out).join("manifest")).unwrap();

    std::fs::create_dir_all(root.join("templates")).unwrap();
    std::fs::write(
        root.join("templates/department.html"),
        "{{ d.no_such_field.deeper }}",
    )
    .unwrap();
    let err = gongkai::build::build(&root, &config, &out, &indicatif::ProgressBar::hidden());
    assert!(
        err.is_err(),
        "a template that fails while rendering fails the build"
    );
    assert_eq!(snapshot(&out), before);
    assert_eq!(
        std::fs::read(cache_of(&out).join("manifest")).unwrap(),
        manifest
    );

    std::fs::remove_file(root.join("templates/department.html")).unwrap();
    let again = rebuild_is_fresh(&root, &config, &out, "after a failed build");
    assert_eq!(again.cached, n, "the cache still describes the output");
}
