//! Helpers the integration tests share: the repository, its example site and copies of it, and a
//! built site's files. Each test file takes what it uses (`mod common;`).
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use gongkai::config::Config;

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn example_config() -> Config {
    Config::load(&repo().join("site.toml")).expect("the example site.toml is valid")
}

/// A copy of the example project (content only) that a test may change.
pub fn copy_of_example(dir: &Path) -> PathBuf {
    let root = dir.join("project");
    for entry in walkdir::WalkDir::new(repo().join("content")) {
        let entry = entry.unwrap();
        let relative = entry.path().strip_prefix(repo()).unwrap();
        let target = root.join(relative);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
    root
}

/// Every file of a built site, by relative path.
pub fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            (rel, std::fs::read(e.path()).unwrap())
        })
        .collect()
}
