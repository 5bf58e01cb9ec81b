//! Reading and parsing all five seeds (`cargo bench --bench parse`). Prints the median and the
//! fastest of many runs; the goal is under 20 ms in a release build.

use std::path::Path;
use std::time::{Duration, Instant};

fn main() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("content/budgets");
    let paths = gongkai::department::document_paths(&dir).expect("content/budgets exists");
    let docs: Vec<(String, String, Vec<u8>)> = paths
        .iter()
        .map(|p| {
            let file = p
                .file_name()
                .unwrap_or_default()
                .to_string_lossy()
                .into_owned();
            let slug = gongkai::department::slug_of(p);
            (file, slug, std::fs::read(p).expect("seed readable"))
        })
        .collect();
    let bytes: usize = docs.iter().map(|d| d.2.len()).sum();
    let run = || {
        for (file, slug, data) in &docs {
            let doc = gongkai::load::read(file, data).expect("seed reads");
            let budget = gongkai::parse::parse(&doc, slug).expect("seed parses");
            std::hint::black_box(budget);
        }
    };
    for _ in 0..5 {
        run();
    }
    let mut times: Vec<Duration> = (0..50)
        .map(|_| {
            let start = Instant::now();
            run();
            start.elapsed()
        })
        .collect();
    times.sort();
    let median = times[times.len() / 2];
    println!(
        "read+parse of {} seeds ({:.0} KB): median {:.2} ms, fastest {:.2} ms over {} runs ({:.1} MB/s)",
        docs.len(),
        bytes as f64 / 1024.0,
        median.as_secs_f64() * 1e3,
        times[0].as_secs_f64() * 1e3,
        times.len(),
        bytes as f64 / median.as_secs_f64() / 1e6
    );
}
