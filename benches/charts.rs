//! Rendering every chart of the five seed documents (department charts of each, the comparison
//! charts, and one classification chart per 类 shared by several departments). Budget: 50 ms.
//!
//! `cargo bench --bench charts`

// Shared with the tests, which use more of it.
#[allow(dead_code)]
#[path = "../tests/chart_fixtures/mod.rs"]
mod chart_fixtures;

use std::time::{Duration, Instant};

use gongkai::charts::{Chart, classification_chart, comparison_charts, department_charts};
use gongkai::model::Budget;

fn render_all(budgets: &[Budget]) -> Vec<Chart> {
    let mut charts: Vec<Chart> = budgets.iter().flat_map(department_charts).collect();
    charts.extend(comparison_charts(budgets));
    let mut codes: Vec<&str> = budgets
        .iter()
        .flat_map(|b| b.by_function.iter().map(|n| n.code.as_str()))
        .collect();
    codes.sort_unstable();
    codes.dedup();
    for code in codes {
        let rows: Vec<(String, gongkai::model::Amount)> = budgets
            .iter()
            .filter_map(|b| {
                let amount = b.function(code)?.amount.as_ref()?.amount;
                Some((b.display_name().to_string(), amount))
            })
            .collect();
        charts.extend(classification_chart(code, None, &rows));
    }
    charts
}

fn main() {
    let budgets = chart_fixtures::seeds();
    let warm = render_all(&budgets);
    let bytes: usize = warm.iter().map(|c| c.svg.len()).sum();
    let mut times: Vec<Duration> = (0..200)
        .map(|_| {
            let start = Instant::now();
            let charts = render_all(std::hint::black_box(&budgets));
            std::hint::black_box(charts);
            start.elapsed()
        })
        .collect();
    times.sort();
    let median = times[times.len() / 2];
    let worst = times[times.len() - 1];
    println!(
        "charts of the five seeds: {} charts, {} KB of SVG; median {:.3} ms, worst {:.3} ms (budget 50 ms)",
        warm.len(),
        bytes / 1024,
        median.as_secs_f64() * 1e3,
        worst.as_secs_f64() * 1e3
    );
    assert!(median < Duration::from_millis(50), "over the 50 ms budget");
}
