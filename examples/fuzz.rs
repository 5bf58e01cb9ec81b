//! A mutation fuzzer that runs on stable Rust (`cargo fuzz` needs nightly).
//!
//! ```sh
//! nice -n 10 cargo run --release --example fuzz -- --seconds 600
//! ```
//!
//! Seeds: the documents of `content/budgets/` and the texts of `tests/corpus/`. Each mutant is one
//! to four mutations of a seed — figures made huge, long or negative, given 28 decimals or
//! full-width digits; lines dropped, doubled, swapped, joined, split or repeated thousands of times;
//! one very long line of markup; the text re-encoded (GB18030, UTF-16 with its BOM), cut inside a
//! character, sprinkled with stray bytes, NULs, CRs and form feeds; HTML, Markdown and LaTeX
//! markup, and the file named `.txt`, `.md` or `.html` — and goes through load → parse → audit on
//! a worker thread. A panic is caught; a mutant that takes longer than `--hang-ms` is a hang (the
//! run stops, the worker cannot be taken back; `--hang-ms-per-mb`, default 15000, is added per MB
//! of the mutant). Every `--build-every`-th mutant also goes through a
//! whole site build beside one seed. Each crasher is saved into `tests/fuzz/crashers/`, where
//! `tests/fuzz_regressions.rs` replays it in every test run.
//!
//! Options: `--seconds N` (default 60), `--seed S` (the generator's start, default from the
//! clock; printed, so a run can be replayed), `--hang-ms MS` (default 10000), `--build-every N`
//! (default 500, 0 for never), `--save DIR`. Exit status 1 when a panic or hang was found.

use std::panic::AssertUnwindSafe;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// A small deterministic generator, so a run can be replayed from its seed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        // xorshift64*
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    fn chance(&mut self, one_in: usize) -> bool {
        self.below(one_in) == 0
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

struct Options {
    seconds: u64,
    seed: u64,
    hang: Duration,
    hang_per_mb: Duration,
    build_every: u64,
    save: PathBuf,
}

fn options() -> Options {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut o = Options {
        seconds: 60,
        seed: std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(1, |d| d.as_nanos() as u64)
            | 1,
        hang: Duration::from_millis(10_000),
        hang_per_mb: Duration::from_millis(15_000),
        build_every: 500,
        save: root.join("tests/fuzz/crashers"),
    };
    let args: Vec<String> = std::env::args().skip(1).collect();
    for pair in args.chunks(2) {
        let value = pair.get(1).map(String::as_str).unwrap_or("");
        let number = || {
            value.parse::<u64>().unwrap_or_else(|_| {
                eprintln!("{} needs a number", pair[0]);
                std::process::exit(2)
            })
        };
        match pair[0].as_str() {
            "--seconds" => o.seconds = number(),
            "--seed" => o.seed = number() | 1,
            "--hang-ms" => o.hang = Duration::from_millis(number()),
            "--hang-ms-per-mb" => o.hang_per_mb = Duration::from_millis(number()),
            "--build-every" => o.build_every = number(),
            "--save" => o.save = PathBuf::from(value),
            other => {
                eprintln!("unknown option {other}; see the head of examples/fuzz.rs");
                std::process::exit(2)
            }
        }
    }
    o
}

/// The seed texts: every document of `content/budgets/` and every text of `tests/corpus/`.
fn seeds() -> Vec<(String, Vec<u8>)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut out = Vec::new();
    for dir in ["content/budgets", "tests/corpus"] {
        let mut paths: Vec<PathBuf> = std::fs::read_dir(root.join(dir))
            .into_iter()
            .flatten()
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == "txt"))
            .collect();
        paths.sort();
        for p in paths {
            if let Ok(bytes) = std::fs::read(&p) {
                let name = p.file_name().unwrap().to_string_lossy().into_owned();
                out.push((name, bytes));
            }
        }
    }
    out
}

/// A number as a careless or hostile document might print it.
fn number(rng: &mut Rng) -> String {
    let int_digits = *rng.pick(&[1, 3, 7, 15, 18, 19, 28, 29, 30, 40, 80]);
    let decimals = *rng.pick(&[0, 0, 2, 2, 4, 10, 11, 27, 28, 29, 40]);
    let mut s = String::new();
    if rng.chance(4) {
        s.push(*rng.pick(&['-', '－', '−']));
    }
    for i in 0..int_digits {
        let d = if i == 0 {
            1 + rng.below(9)
        } else {
            rng.below(10)
        };
        s.push(char::from(b'0' + d as u8));
        let left = int_digits - i - 1;
        if left > 0 && left % 3 == 0 && rng.chance(3) {
            s.push(',');
        }
    }
    if decimals > 0 {
        s.push('.');
        for _ in 0..decimals {
            s.push(char::from(b'0' + rng.below(10) as u8));
        }
    }
    if rng.chance(6) {
        // Full-width digits.
        s = s
            .chars()
            .map(|c| match c {
                '0'..='9' => char::from_u32(c as u32 - '0' as u32 + '０' as u32).unwrap(),
                '.' => '．',
                other => other,
            })
            .collect();
    }
    s
}

/// Byte ranges of the numbers (`[0-9][0-9.,]*`) of a text.
fn number_spans(text: &str) -> Vec<(usize, usize)> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i].is_ascii_digit() {
            let start = i;
            while i < b.len() && (b[i].is_ascii_digit() || b[i] == b'.' || b[i] == b',') {
                i += 1;
            }
            out.push((start, i));
        } else {
            i += 1;
        }
    }
    out
}

const MARKUP: &[&str] = &[
    "<table><tr><td>",
    "</td><td colspan=\"999999\">",
    "<td rowspan=\"99999\">",
    "</tr></table>",
    "<a",
    "<!--",
    "<script>alert(1)</script>",
    "<![CDATA[",
    "&#x0;&amp;&lt;",
    "| --- | --- |",
    "|||||||",
    "\t\t\t\t",
    "\\textbf{",
    "$\\frac{1}{2}$",
    "[illegible]",
    "**",
    "合计",
    "单位：元",
    "单位：万元",
    "2024年部门收支总体情况表",
    "支出功能分类科目",
    "\u{c}",
    "\r",
    "\u{feff}",
    "\u{200b}",
    "%",
    "（",
];

/// One mutation of a text (or of its bytes, for the encodings).
fn mutate(bytes: Vec<u8>, rng: &mut Rng) -> Vec<u8> {
    let text = String::from_utf8_lossy(&bytes).into_owned();
    let mut lines: Vec<String> = text.split('\n').map(str::to_string).collect();
    let n = lines.len().max(1);
    match rng.below(16) {
        // Numbers: a figure replaced by one of any size and scale.
        0..=3 => {
            let spans = number_spans(&text);
            let mut out = text.clone();
            for _ in 0..=rng.below(4) {
                if spans.is_empty() {
                    break;
                }
                let (a, b) = *rng.pick(&spans);
                if b <= out.len() && out.is_char_boundary(a) && out.is_char_boundary(b) {
                    out.replace_range(a..b, &number(rng));
                }
            }
            return out.into_bytes();
        }
        // Lines: drop, double, swap, join, split, repeat.
        4 => {
            lines.remove(rng.below(n).min(lines.len().saturating_sub(1)));
        }
        5 => {
            let i = rng.below(n);
            let l = lines[i].clone();
            let times = *rng.pick(&[1, 2, 50, 3000]);
            for _ in 0..times {
                lines.insert(i, l.clone());
            }
        }
        6 => {
            let (a, b) = (rng.below(n), rng.below(n));
            lines.swap(a, b);
        }
        7 => {
            let i = rng.below(n);
            if i + 1 < lines.len() {
                let next = lines.remove(i + 1);
                lines[i].push_str(&next);
            }
        }
        8 => {
            let i = rng.below(n);
            let chars: Vec<char> = lines[i].chars().collect();
            let at = rng.below(chars.len() + 1);
            let (a, b): (String, String) =
                (chars[..at].iter().collect(), chars[at..].iter().collect());
            lines[i] = a;
            lines.insert(i + 1, b);
        }
        // One very long line of markup or figures.
        9 => {
            let unit = *rng.pick(&["<a", "<", "|", "\t1.00", " 1,234.56", "合计", "<td>", "x"]);
            let times = *rng.pick(&[1_000, 50_000, 400_000]);
            lines.insert(rng.below(n), unit.repeat(times));
        }
        // Markup inserted into a line.
        10 | 11 => {
            for _ in 0..=rng.below(5) {
                let i = rng.below(lines.len());
                let chars: Vec<char> = lines[i].chars().collect();
                let at = rng.below(chars.len() + 1);
                let mut l: String = chars[..at].iter().collect();
                let markup: &&str = rng.pick(MARKUP);
                l.push_str(markup);
                l.extend(&chars[at..]);
                lines[i] = l;
            }
        }
        // Encodings.
        12 => {
            return match rng.below(3) {
                0 => encoding_rs::GB18030.encode(&text).0.into_owned(),
                1 => {
                    let mut out = vec![0xFF, 0xFE];
                    out.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
                    out
                }
                _ => {
                    let mut out = vec![0xFE, 0xFF];
                    out.extend(text.encode_utf16().flat_map(u16::to_be_bytes));
                    out
                }
            };
        }
        // Cut anywhere, also inside a character.
        13 => {
            let mut b = bytes;
            b.truncate(rng.below(b.len() + 1));
            return b;
        }
        // Stray bytes.
        14 => {
            let mut b = bytes;
            for _ in 0..=rng.below(8) {
                let at = rng.below(b.len() + 1);
                let byte = *rng.pick(&[0x00, 0x80, 0xC3, 0xE4, 0xFF, b'\r', 0x0C, b'\t', b'<']);
                b.insert(at, byte);
            }
            return b;
        }
        // Line endings.
        _ => {
            let sep = *rng.pick(&["\r\n", "\r", "\n\n", "\u{c}\n"]);
            return lines.join(sep).into_bytes();
        }
    }
    lines.join("\n").into_bytes()
}

/// What a worker did with one mutant.
enum Outcome {
    Done,
    Panicked(String),
}

fn run_one(name: &str, bytes: &[u8]) -> Outcome {
    match std::panic::catch_unwind(AssertUnwindSafe(|| {
        let _ = gongkai::department::load_bytes(name, "fuzz", bytes);
    })) {
        Ok(()) => Outcome::Done,
        Err(e) => Outcome::Panicked(panic_text(&e)),
    }
}

/// A whole build of the mutant beside one seed, into a temporary folder.
fn build_one(name: &str, bytes: &[u8], seed: &(String, Vec<u8>)) -> Outcome {
    match std::panic::catch_unwind(AssertUnwindSafe(|| {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let budgets = dir.path().join("content/budgets");
        std::fs::create_dir_all(&budgets).expect("a content folder");
        std::fs::write(budgets.join(&seed.0), &seed.1).expect("the seed written");
        std::fs::write(budgets.join(format!("mutant-{name}")), bytes).expect("the mutant written");
        let config = gongkai::config::Config::default();
        let report = gongkai::build::build(
            dir.path(),
            &config,
            &dir.path().join("public"),
            &indicatif::ProgressBar::hidden(),
        );
        assert!(report.is_ok(), "the build failed: {:?}", report.err());
    })) {
        Ok(()) => Outcome::Done,
        Err(e) => Outcome::Panicked(panic_text(&e)),
    }
}

fn panic_text(e: &Box<dyn std::any::Any + Send>) -> String {
    e.downcast_ref::<String>()
        .cloned()
        .or_else(|| e.downcast_ref::<&str>().map(|s| s.to_string()))
        .unwrap_or_else(|| "a panic".into())
}

/// Saves a crasher under a name made from its hash; returns the path.
fn save(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        h = (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3);
    }
    let ext = Path::new(name)
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("txt");
    let path = dir.join(format!("{h:016x}.{ext}"));
    let _ = std::fs::create_dir_all(dir);
    let _ = std::fs::write(&path, bytes);
    path
}

type Job = (u64, String, Vec<u8>, bool);

fn main() {
    let o = options();
    let seeds = seeds();
    assert!(!seeds.is_empty(), "no seeds found");
    println!(
        "fuzz: {} seeds, {} s, seed {}, hang after {} ms, a whole build every {} mutants",
        seeds.len(),
        o.seconds,
        o.seed,
        o.hang.as_millis(),
        o.build_every
    );
    // Panics are counted and saved, not printed one by one.
    std::panic::set_hook(Box::new(|_| {}));
    let mut rng = Rng(o.seed);
    let (jobs, job_rx) = mpsc::channel::<Job>();
    let (done_tx, done) = mpsc::channel::<(u64, Outcome, Duration)>();
    let build_seed = seeds[0].clone();
    std::thread::spawn(move || {
        for (id, name, bytes, whole) in job_rx {
            let start = Instant::now();
            let outcome = if whole {
                build_one(&name, &bytes, &build_seed)
            } else {
                run_one(&name, &bytes)
            };
            if done_tx.send((id, outcome, start.elapsed())).is_err() {
                break;
            }
        }
    });

    let end = Instant::now() + Duration::from_secs(o.seconds);
    let (mut mutants, mut builds, mut panics, mut hangs) = (0u64, 0u64, 0u64, 0u64);
    let mut slowest = (Duration::ZERO, 0usize);
    let mut bytes_total = 0u64;
    while Instant::now() < end {
        let (seed_name, seed_bytes) = rng.pick(&seeds).clone();
        let mut bytes = seed_bytes;
        for _ in 0..=rng.below(4) {
            bytes = mutate(bytes, &mut rng);
        }
        let stem = Path::new(&seed_name)
            .file_stem()
            .unwrap()
            .to_string_lossy()
            .into_owned();
        let name = format!("{stem}.{}", rng.pick(&["txt", "txt", "txt", "md", "html"]));
        let whole = o.build_every > 0 && mutants % o.build_every == o.build_every - 1;
        mutants += 1;
        builds += u64::from(whole);
        bytes_total += bytes.len() as u64;
        jobs.send((mutants, name.clone(), bytes.clone(), whole))
            .expect("the worker runs");
        // Reading is linear in the input: a hang is a time beyond the base plus a share per MB
        // (a 5 MB mutant takes seconds in a debug build).
        let limit = o.hang + o.hang_per_mb * (bytes.len() as u32 / 1_000_000);
        match done.recv_timeout(limit) {
            Ok((_, Outcome::Done, took)) => {
                if took > slowest.0 {
                    slowest = (took, bytes.len());
                }
            }
            Ok((_, Outcome::Panicked(message), _)) => {
                panics += 1;
                let path = save(&o.save, &name, &bytes);
                println!(
                    "PANIC ({}): {message}\n  saved {}",
                    if whole { "build" } else { "read" },
                    path.display()
                );
            }
            Err(_) => {
                hangs += 1;
                let path = save(&o.save, &name, &bytes);
                println!(
                    "HANG: still running after {} ms ({} bytes)\n  saved {}",
                    limit.as_millis(),
                    bytes.len(),
                    path.display()
                );
                break;
            }
        }
    }
    println!(
        "fuzz: {mutants} mutants ({builds} whole builds, {:.1} MB in all), {panics} panics, {hangs} hangs; slowest {} ms ({} bytes)",
        bytes_total as f64 / 1e6,
        slowest.0.as_millis(),
        slowest.1
    );
    std::process::exit(i32::from(panics + hangs > 0));
}
