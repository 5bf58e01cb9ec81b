//! The build's clock: wall time and peak memory of each stage, and the per-department steps
//! timed across threads.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

/// Wall-clock stages of one build.
pub(super) struct Clock {
    last: Instant,
    pub(super) stages: Vec<(&'static str, Duration, Option<u64>)>,
}

impl Clock {
    pub(super) fn new() -> Clock {
        Clock {
            last: Instant::now(),
            stages: Vec::new(),
        }
    }

    pub(super) fn lap(&mut self, stage: &'static str) {
        let now = Instant::now();
        self.stages.push((stage, now - self.last, peak_memory_mb()));
        self.last = now;
    }
}

/// The steps of the per-department stage, timed across threads.
#[derive(Default)]
pub(super) struct Steps([AtomicU64; 7]);

const STEP_NAMES: [&str; 7] = [
    "read and hash",
    "parse, audit",
    "open data",
    "views and charts",
    "render",
    "minify and write",
    "cache payload",
];

impl Steps {
    /// Runs `f`, adding its time to step `i`.
    pub(super) fn time<T>(&self, i: usize, f: impl FnOnce() -> T) -> T {
        let start = Instant::now();
        let out = f();
        self.0[i].fetch_add(start.elapsed().as_nanos() as u64, Ordering::Relaxed);
        out
    }

    pub(super) fn report(&self) -> Vec<(&'static str, Duration)> {
        STEP_NAMES
            .iter()
            .zip(&self.0)
            .map(|(n, t)| (*n, Duration::from_nanos(t.load(Ordering::Relaxed))))
            .collect()
    }
}

/// Peak resident memory of this process so far, in MB (Linux; `None` elsewhere).
pub fn peak_memory_mb() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024)
}
