//! Times `gongkai::load::pdf::layout_text` against `pdftotext -layout` on the same PDFs and tells
//! how many of pdftotext's table lines (3+ numeric cells) come out with the same cells:
//!
//!     cargo run --release --example pdf_bench -- [PDF or folder …] [--out DIR]
//!
//! With no path it reads every PDF under tests/corpus. `--out DIR` writes each text there
//! (NAME.txt ours, NAME.poppler.txt pdftotext's) for a diff. Without pdftotext on the PATH it
//! compares with the `.txt` beside each PDF and times nothing but ours.
//!
//! `warm ms` is what a rebuild spends on an unchanged PDF instead of extracting it: reading the
//! file, hashing it and taking its text from the cache an earlier build filled
//! (`gongkai::load::cached_pdf_text`, the build's own path), fastest of three after one
//! `read_cached` that fills a fresh cache folder. The goal is < 5 ms. Reading that text into
//! tables afterwards is the same work as for a `.txt` document and is not part of it.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use gongkai::load::pdf::{layout_text, table_lines_matched};
use gongkai::load::{cached_pdf_text, read_cached};

const RUNS: usize = 3;

fn main() {
    let mut paths = Vec::new();
    let mut out: Option<PathBuf> = None;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        if arg == "--out" {
            out = args.next().map(PathBuf::from);
        } else {
            paths.push(PathBuf::from(arg));
        }
    }
    if paths.is_empty() {
        paths.push(PathBuf::from(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/corpus"
        )));
    }
    let mut pdfs = Vec::new();
    for p in &paths {
        collect(p, &mut pdfs);
    }
    pdfs.sort();
    if let Some(dir) = &out {
        std::fs::create_dir_all(dir).expect("--out folder");
    }
    let poppler = Command::new("pdftotext").arg("-v").output().is_ok();
    let cache = std::env::temp_dir().join(format!("gongkai-pdf-bench-{}", std::process::id()));
    std::fs::create_dir_all(&cache).expect("cache folder");
    println!(
        "{:<45} {:>5} {:>9} {:>9} {:>6} {:>8} {:>12}",
        "pdf", "pages", "ours ms", "poppler", "ratio", "warm ms", "table lines"
    );
    let (mut all_ours, mut all_theirs, mut all_matched, mut all_total) =
        (Duration::ZERO, Duration::ZERO, 0, 0);
    let mut worst_warm = Duration::ZERO;
    for pdf in &pdfs {
        let bytes = std::fs::read(pdf).expect("read pdf");
        let name = pdf.file_stem().unwrap().to_string_lossy().to_string();
        let (ours, ours_time) = best_of(|| match layout_text(&bytes) {
            Ok(text) => text,
            Err(e) => {
                eprintln!("{name}: {e}");
                String::new()
            }
        });
        let (reference, theirs_time) = if poppler {
            let (text, time) = best_of(|| pdftotext(pdf));
            (text, Some(time))
        } else {
            (
                std::fs::read_to_string(pdf.with_extension("txt")).unwrap_or_default(),
                None,
            )
        };
        if let Some(dir) = &out {
            std::fs::write(dir.join(format!("{name}.txt")), &ours).unwrap();
            std::fs::write(dir.join(format!("{name}.poppler.txt")), &reference).unwrap();
        }
        let warm = warm_read(pdf, &cache);
        worst_warm = worst_warm.max(warm);
        let (matched, total) = table_lines_matched(&ours, &reference);
        all_ours += ours_time;
        all_matched += matched;
        all_total += total;
        let (theirs_ms, ratio) = match theirs_time {
            Some(t) => {
                all_theirs += t;
                (
                    ms(t),
                    format!("{:.2}", ours_time.as_secs_f64() / t.as_secs_f64()),
                )
            }
            None => ("-".into(), "-".into()),
        };
        println!(
            "{:<45} {:>5} {:>9} {:>9} {:>6} {:>8} {:>5}/{:<5} {:.1}%",
            name,
            ours.matches('\u{c}').count(),
            ms(ours_time),
            theirs_ms,
            ratio,
            format!("{:.2}", warm.as_secs_f64() * 1000.0),
            matched,
            total,
            percent(matched, total)
        );
    }
    let _ = std::fs::remove_dir_all(&cache);
    println!(
        "{:<45} {:>5} {:>9} {:>9} {:>6} {:>8} {:>5}/{:<5} {:.1}%",
        "all",
        "",
        ms(all_ours),
        if poppler { ms(all_theirs) } else { "-".into() },
        if poppler {
            format!("{:.2}", all_ours.as_secs_f64() / all_theirs.as_secs_f64())
        } else {
            "-".into()
        },
        format!("≤{:.2}", worst_warm.as_secs_f64() * 1000.0),
        all_matched,
        all_total,
        percent(all_matched, all_total)
    );
}

/// A rebuild's cost for an unchanged PDF: read the file, take its text from the filled cache.
fn warm_read(pdf: &Path, cache: &Path) -> Duration {
    let name = pdf.file_name().unwrap_or_default().to_string_lossy();
    let bytes = std::fs::read(pdf).expect("read pdf");
    if let Err(e) = read_cached(&name, &bytes, Some(cache)) {
        eprintln!("{name}: {e}");
        return Duration::ZERO;
    }
    (0..RUNS)
        .map(|_| {
            let start = Instant::now();
            let bytes = std::fs::read(pdf).expect("read pdf");
            let text = cached_pdf_text(&bytes, cache);
            assert!(text.is_some(), "{name}: not in the cache after a read");
            start.elapsed()
        })
        .min()
        .unwrap_or_default()
}

fn collect(path: &Path, pdfs: &mut Vec<PathBuf>) {
    if path.is_dir() {
        for entry in std::fs::read_dir(path).expect("read folder").flatten() {
            collect(&entry.path(), pdfs);
        }
    } else if path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("pdf"))
    {
        pdfs.push(path.to_path_buf());
    }
}

fn pdftotext(pdf: &Path) -> String {
    let output = Command::new("pdftotext")
        .args(["-layout", "-enc", "UTF-8"])
        .arg(pdf)
        .arg("-")
        .output()
        .expect("run pdftotext");
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// The result of the last run and the fastest of [`RUNS`] runs.
fn best_of(mut run: impl FnMut() -> String) -> (String, Duration) {
    let mut best = Duration::MAX;
    let mut text = String::new();
    for _ in 0..RUNS {
        let start = Instant::now();
        text = run();
        best = best.min(start.elapsed());
    }
    (text, best)
}

fn ms(d: Duration) -> String {
    format!("{:.1}", d.as_secs_f64() * 1000.0)
}

fn percent(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        100.0
    } else {
        100.0 * part as f64 / whole as f64
    }
}
