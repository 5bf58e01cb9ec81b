//! Writes a synthetic portal of N department budgets made from the five seeds, plus the same
//! pages as a Hugo site, for the benchmark (`scripts/bench`):
//!
//! ```sh
//! cargo run --release --example synth -- 1000 /tmp/portal [SEED]
//! gongkai build --config /tmp/portal/site.toml
//! hugo --quiet -s /tmp/portal/hugo
//! ```
//!
//! With `--years K`, it writes K years (2022 on) of N small departments instead, each year's
//! narrative stating last year's figures as the previous year disclosed them, except one document
//! in ten from the second year on (printed: file, department, year, item, by how much):
//!
//! ```sh
//! cargo run --release --example synth -- 100 /tmp/years --years 3
//! ```

use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let years = match args.iter().position(|a| a == "--years") {
        Some(at) => {
            let k = args.get(at + 1).and_then(|k| k.parse::<usize>().ok());
            args.drain(at..(at + 2).min(args.len()));
            match k {
                Some(k) if k > 0 => Some(k),
                _ => {
                    eprintln!("usage: synth N DIR [SEED] [--years K]");
                    return ExitCode::from(2);
                }
            }
        }
        None => None,
    };
    let (Some(n), Some(dir)) = (
        args.first().and_then(|a| a.parse::<usize>().ok()),
        args.get(1),
    ) else {
        eprintln!("usage: synth N DIR [SEED] [--years K]");
        return ExitCode::from(2);
    };
    let seed = match args.get(2).map(|s| s.parse::<u64>()) {
        None => 2024,
        Some(Ok(s)) => s,
        Some(Err(e)) => {
            eprintln!("error: SEED: {e}");
            return ExitCode::from(2);
        }
    };
    let dir = PathBuf::from(dir);
    let start = std::time::Instant::now();
    if let Some(k) = years {
        let budgets = dir.join("content").join("budgets");
        return match gongkai::synth::years::write_years(&budgets, n, 2022, k, 10, seed) {
            Ok(planted) => {
                for p in &planted {
                    println!(
                        "{}\t{}\t{}\t{:?}\t{}",
                        p.file, p.department, p.year, p.item, p.off
                    );
                }
                eprintln!(
                    "wrote {} documents ({} departments × {k} years, {} planted mismatches) into {} in {:.1} s",
                    n * k,
                    n,
                    planted.len(),
                    budgets.display(),
                    start.elapsed().as_secs_f64()
                );
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("error: {}: {e}", dir.display());
                ExitCode::FAILURE
            }
        };
    }
    match gongkai::synth::generate(n, seed, &dir) {
        Ok(departments) => {
            let yuan = departments.iter().filter(|d| d.yuan).count();
            eprintln!(
                "wrote {} documents ({} with tables in 元), site.toml, content/departments.csv and a Hugo site into {} in {:.1} s",
                departments.len(),
                yuan,
                dir.display(),
                start.elapsed().as_secs_f64()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {}: {e}", dir.display());
            ExitCode::FAILURE
        }
    }
}
