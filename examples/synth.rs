//! Writes a synthetic portal of N department budgets made from the five seeds, plus the same
//! pages as a Hugo site, for the benchmark (`scripts/bench`):
//!
//! ```sh
//! cargo run --release --example synth -- 1000 /tmp/portal [SEED]
//! gongkai build --config /tmp/portal/site.toml
//! hugo --quiet -s /tmp/portal/hugo
//! ```

use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(n), Some(dir)) = (
        args.first().and_then(|a| a.parse::<usize>().ok()),
        args.get(1),
    ) else {
        eprintln!("usage: synth N DIR [SEED]");
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
    match gongkai::synth::generate(n, seed, &dir) {
        Ok(departments) => {
            let yuan = departments.iter().filter(|d| d.yuan).count();
            eprintln!(
                "wrote {} documents ({} with tables in 元), site.toml and a Hugo site into {} in {:.1} s",
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
