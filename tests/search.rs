//! The search index: the tokenizer and ranking against the fixtures `static/search.js` is tested
//! against too (tests/js/search.test.mjs), and the queries the end-to-end test types, on the
//! example content.

use std::path::Path;

use gongkai::model::Budget;
use gongkai::search::{self, Index, Kind, SearchDoc, Tier};
use serde_json::Value;

const FIXTURES: &str = "tests/fixtures/search";

fn fixture(name: &str) -> Value {
    let path = Path::new(FIXTURES).join(name);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn tokenizer_matches_the_shared_fixture() {
    let cases = fixture("tokenize.json");
    for case in cases["cases"].as_array().unwrap() {
        let input = case["input"].as_str().unwrap();
        assert_eq!(
            search::normalize(input),
            case["normalized"].as_str().unwrap(),
            "normalised form of {input:?}"
        );
        let tokens: Vec<Value> = search::tokenize(input)
            .into_iter()
            .map(|t| serde_json::json!([t.term, t.position]))
            .collect();
        assert_eq!(Value::Array(tokens), case["tokens"], "tokens of {input:?}");
    }
}

fn tier_number(tier: Tier) -> u64 {
    tier as u64
}

#[test]
fn ranking_matches_the_shared_fixture_and_its_committed_index() {
    let fixture = fixture("ranking.json");
    let docs: Vec<SearchDoc> = serde_json::from_value(fixture["documents"].clone()).unwrap();
    let index = Index::new(&docs);
    for q in fixture["queries"].as_array().unwrap() {
        let query = q["query"].as_str().unwrap();
        let got: Vec<Value> = index
            .search(query, search::DEFAULT_WINDOW)
            .into_iter()
            .map(|h| serde_json::json!([docs[h.doc].title, tier_number(h.tier)]))
            .collect();
        assert_eq!(Value::Array(got), q["expected"], "results of {query:?}");
    }
    // The node test searches the files built from the same documents; they must be current.
    let dir = Path::new(FIXTURES).join("index");
    // Small shards, so the fixture has several of each kind.
    let files = index.files_sharded(512, 64);
    if std::env::var_os("UPDATE_SEARCH_FIXTURES").is_some() {
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("search")).unwrap();
        for (path, contents) in &files.files {
            std::fs::write(dir.join(path), contents).unwrap();
        }
        std::fs::write(dir.join("meta.txt"), format!("{}\n", files.meta)).unwrap();
    }
    let committed = std::fs::read_to_string(dir.join("meta.txt")).unwrap_or_default();
    assert_eq!(
        committed.trim(),
        files.meta,
        "tests/fixtures/search/index is stale: rerun with UPDATE_SEARCH_FIXTURES=1"
    );
    for (path, contents) in &files.files {
        let on_disk = std::fs::read_to_string(dir.join(path)).unwrap_or_default();
        assert_eq!(
            &on_disk, contents,
            "{path} is stale: rerun with UPDATE_SEARCH_FIXTURES=1"
        );
    }
}

fn example_budgets() -> Vec<Budget> {
    gongkai::department::load_dir(Path::new("content/budgets"))
        .unwrap()
        .into_iter()
        .map(|r| r.unwrap())
        .collect()
}

#[test]
fn example_content_answers_the_end_to_end_queries() {
    let budgets = example_budgets();
    let docs = search::documents(&budgets);
    let index = Index::new(&docs);
    let hits = |q: &str, window: usize| -> Vec<&SearchDoc> {
        index
            .search(q, window)
            .into_iter()
            .map(|h| &docs[h.doc])
            .collect()
    };

    let weihui: Vec<&str> = budgets
        .iter()
        .filter(|b| b.slug.starts_with("weihui"))
        .flat_map(|b| b.projects.iter().map(|p| p.name.as_str()))
        .filter(|n| n.contains("电子政务"))
        .collect();
    assert!(!weihui.is_empty());
    let e = index.search("电子政务", 100);
    for name in &weihui {
        assert!(
            e.iter().any(|h| docs[h.doc].title == *name
                && docs[h.doc].department.starts_with("weihui")
                && h.tier == Tier::PhraseInName),
            "{name}"
        );
    }

    let with_code: Vec<&str> = budgets
        .iter()
        .filter(|b| b.function("2010301").is_some())
        .map(|b| b.slug.as_str())
        .collect();
    assert!(!with_code.is_empty());
    let r = hits("2010301", 1000);
    for slug in &with_code {
        assert!(
            r.iter().any(|d| d.department == *slug
                && d.kind == Kind::Function
                && d.anchor.as_deref() == Some("fn-2010301")
                && d.title == "行政运行"),
            "{slug}: {r:#?}"
        );
    }

    let h = hits("热线", 8);
    assert!(
        h.iter()
            .any(|d| d.department.starts_with("luohe") && d.title.contains("12345")),
        "{h:#?}"
    );
    assert!(!hits("三公", 8).is_empty());
    assert!(hits("齉龘", 8).is_empty());
    assert!(hits("xqzzv", 8).is_empty());
}

#[test]
fn example_index_is_small_and_sharded() {
    let budgets = example_budgets();
    let files = search::search_files(&budgets);
    let bytes: usize = files.files.iter().map(|(_, c)| c.len()).sum();
    eprintln!(
        "{} departments, {} documents, {} files, {} bytes",
        budgets.len(),
        search::documents(&budgets).len(),
        files.files.len(),
        bytes
    );
    assert!(files.files.iter().any(|(p, _)| p.starts_with("search/t-")));
    assert!(files.files.iter().any(|(p, _)| p.starts_with("search/d-")));
    assert_eq!(files, search::search_files(&budgets), "deterministic");
}

#[test]
fn the_streamed_index_is_the_index_built_at_once() {
    // The site build feeds the index one department at a time (postings worked out in parallel,
    // document shards written as they fill); the files must be those of the whole index.
    let budgets = example_budgets();
    let all = search::documents(&budgets);
    let mut writer = search::IndexWriter::new();
    let mut streamed = Vec::new();
    // Twice over, so the document shards fill and flush on the way.
    for round in 0..2 {
        for b in &budgets {
            let mut docs = search::documents(std::slice::from_ref(b));
            for d in &mut docs {
                d.department = format!("{}-{round}", d.department);
            }
            streamed.extend(writer.add(search::PreparedDocs::new(docs)));
        }
    }
    let finished = writer.finish();
    streamed.extend(finished.files);
    let mut twice = Vec::new();
    for round in 0..2 {
        for d in &all {
            let mut d = d.clone();
            d.department = format!("{}-{round}", d.department);
            twice.push(d);
        }
    }
    let whole = Index::from_docs(twice).files();
    assert!(
        whole
            .files
            .iter()
            .filter(|(p, _)| p.starts_with("search/d-"))
            .count()
            > 2
    );
    let mut streamed_sorted = streamed.clone();
    streamed_sorted.sort();
    let mut whole_sorted = whole.files.clone();
    whole_sorted.sort();
    assert_eq!(streamed_sorted.len(), whole_sorted.len());
    for (a, b) in streamed_sorted.iter().zip(&whole_sorted) {
        assert_eq!(a.0, b.0);
        assert!(a.1 == b.1, "{} differs", a.0);
    }
    assert_eq!(finished.meta, whole.meta);
}
