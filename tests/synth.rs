//! The synthetic portal of `examples/synth`: every document reads, names itself by its new name,
//! and its totals are its seed's times the department's factor, exactly — in 万元 whether its
//! tables were restated in 元 or not.

use gongkai::department;
use gongkai::synth::{self, SEEDS};

#[test]
fn twenty_synthetic_documents_parse_to_their_seeds_totals_times_the_factor() {
    let dir = tempfile::tempdir().unwrap();
    let departments = synth::generate(20, 7, dir.path()).unwrap();
    assert_eq!(departments.len(), 20);
    assert!(departments.iter().any(|d| d.yuan), "some restated in 元");
    assert!(departments.iter().any(|d| d.factor > 1));
    let seeds: Vec<_> = SEEDS
        .iter()
        .map(|s| department::load_bytes(s.file, "seed", s.text.as_bytes()).unwrap())
        .collect();
    let results = department::load_dir(&dir.path().join("content/budgets")).unwrap();
    assert_eq!(results.len(), 20);
    for (d, result) in departments.iter().zip(results) {
        let budget = result.unwrap_or_else(|e| panic!("{}: {e}", d.slug));
        assert_eq!(budget.slug, d.slug);
        let name = budget.name.as_ref().map(|t| t.text.as_str()).unwrap_or("");
        assert!(
            name.starts_with(&d.name),
            "{}: read {name:?}, wrote {:?}",
            d.slug,
            d.name
        );
        let seed = &seeds[d.seed];
        assert_eq!(
            synth::totals(&budget),
            synth::expected_totals(seed, d.factor),
            "{} (seed {}, ×{}, 元: {})",
            d.slug,
            SEEDS[d.seed].file,
            d.factor,
            d.yuan
        );
        assert_eq!(budget.projects.len(), seed.projects.len(), "{}", d.slug);
        assert_eq!(budget.tables.len(), seed.tables.len(), "{}", d.slug);
    }
    // The site configuration and the Hugo pages are there too.
    let config = gongkai::config::Config::load(&dir.path().join("site.toml"))
        .and_then(|c| c.with_table(&dir.path().join("content/departments.csv")))
        .unwrap();
    assert_eq!(config.departments.len(), 20);
    let md = std::fs::read_to_string(dir.path().join("hugo/content/d00001-2024.md")).unwrap();
    assert!(md.contains(&departments[0].name) && md.contains("| --- |"));
}

#[test]
fn the_same_seed_writes_the_same_portal() {
    assert_eq!(synth::departments(50, 1), synth::departments(50, 1));
    assert_ne!(synth::departments(50, 1), synth::departments(50, 2));
    let d = &synth::departments(5, 3)[0];
    let plan = synth::yuan_plan(&SEEDS[d.seed]);
    assert_eq!(synth::document(d, &plan), synth::document(d, &plan));
}
