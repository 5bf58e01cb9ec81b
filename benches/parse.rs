//! Reading and parsing the five seeds and the seven real disclosures of `tests/corpus/`
//! (`cargo bench --bench parse`). Prints, per set, the median and the fastest of many runs and the
//! median per 100 KB; the goal is under 20 ms per 100 KB in a release build.

use std::path::Path;
use std::time::{Duration, Instant};

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    bench("seeds", &root.join("content/budgets"));
    bench("corpus", &root.join("tests/corpus"));
}

fn bench(name: &str, dir: &Path) {
    // The extracted texts (the corpus folder also holds its notes in Markdown).
    let paths: Vec<_> = gongkai::department::document_paths(dir)
        .expect("the folder exists")
        .into_iter()
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
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
        "read+parse of {} {name} documents ({:.0} KB): median {:.2} ms, fastest {:.2} ms over {} runs ({:.1} MB/s, {:.2} ms per 100 KB)",
        docs.len(),
        bytes as f64 / 1024.0,
        median.as_secs_f64() * 1e3,
        times[0].as_secs_f64() * 1e3,
        times.len(),
        bytes as f64 / median.as_secs_f64() / 1e6,
        median.as_secs_f64() * 1e3 / (bytes as f64 / 102_400.0)
    );
}
