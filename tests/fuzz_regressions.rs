//! Every input the fuzzer (`examples/fuzz.rs`) found to panic or hang, kept in
//! `tests/fuzz/crashers/`, goes through load → parse → audit again in every test run: it must end
//! (in seconds, not minutes) without a panic, either read or refused with an error naming its
//! file.

use std::path::Path;
use std::time::{Duration, Instant};

#[test]
fn every_saved_crasher_reads_or_is_refused_without_a_panic() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz/crashers");
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .expect("tests/fuzz/crashers exists")
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file() && p.file_name().is_some_and(|n| n != "README.md"))
        .collect();
    paths.sort();
    for path in &paths {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let bytes = std::fs::read(path).unwrap();
        let start = Instant::now();
        match gongkai::department::load_bytes(&name, "crasher", &bytes) {
            Ok(_) => {}
            Err(e) => assert!(e.to_string().starts_with(&name), "{name}: {e}"),
        }
        // Generous for a debug build on a busy machine; the hangs found took minutes.
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "{name} took {:?}",
            start.elapsed()
        );
    }
}
