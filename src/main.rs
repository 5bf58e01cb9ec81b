use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use clap::{Parser, Subcommand};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use gongkai::config::Config;
use gongkai::{build, charts, check, department};

/// mimalloc: the build allocates and frees many small strings and maps from several threads at
/// once (template contexts above all); the system allocator made that a quarter of its time.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Transparent huge pages off for this process. mimalloc asks for them on its arenas, and the
/// kernel then zeroes 2 MB for each first touch of a fresh region: measured on a rebuild of 10,000
/// departments after one document changed, that was 44 % of all samples and 2 s of the 3 s (system
/// time), for a process whose peak is 250 MB. Nothing else changes.
fn no_huge_pages() {
    #[cfg(target_os = "linux")]
    let _ = nix::sys::prctl::set_thp_disable(true);
}

#[derive(Parser)]
#[command(
    name = "gongkai",
    version,
    about = "Budget-transparency portals from disclosure documents"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Start a new portal in DIR (default: here): site.toml, content/, the GitHub Pages
    /// workflow, .gitignore. Files already there are kept.
    Init {
        #[arg(default_value = ".")]
        dir: PathBuf,
    },
    /// Build, serve the site on 127.0.0.1 and rebuild when content, templates, static or
    /// site.toml change; open pages reload.
    Serve {
        /// Port on 127.0.0.1 (0: any free port).
        #[arg(long, default_value_t = 8000)]
        port: u16,
        /// The site configuration; its folder holds content/, templates/ and static/.
        #[arg(long)]
        config: Option<PathBuf>,
        /// Output folder (default: `output` of site.toml).
        #[arg(long)]
        output: Option<PathBuf>,
        /// The URL the site is published at (canonical links, sitemap, 404 page).
        #[arg(long)]
        base_url: Option<String>,
    },
    /// Parse one document and print its data as the site publishes it (data/<slug>.json).
    Parse {
        file: PathBuf,
        /// Print gongkai's internal model of the budget instead.
        #[arg(long)]
        model: bool,
    },
    /// Read every document of a folder; print what was recognised, what is missing and the
    /// findings. Exits non-zero when a document cannot be read (or, with --deny, on findings).
    /// With --site: check every link and anchor of a built site instead.
    Check {
        #[arg(default_value = "content/budgets")]
        dir: PathBuf,
        /// A built site to check: every internal link and #anchor resolves.
        #[arg(long, conflicts_with = "dir")]
        site: Option<PathBuf>,
        /// Also fail on findings of this severity or worse: unreadable (default), errors, warnings.
        #[arg(long, default_value = "unreadable")]
        deny: check::Deny,
    },
    /// Build the site: site.toml → content/ → the output folder.
    Build {
        /// The site configuration; its folder holds content/, templates/ and static/.
        #[arg(long)]
        config: Option<PathBuf>,
        /// Output folder (default: `output` of site.toml, relative to it).
        #[arg(long)]
        output: Option<PathBuf>,
        /// The URL the site is published at (instead of `base_url` of site.toml), for canonical
        /// links, the sitemap and the 404 page; the Pages workflow passes the one GitHub gives.
        #[arg(long)]
        base_url: Option<String>,
        /// Print nothing but errors and warnings (no progress bar).
        #[arg(long, conflicts_with = "verbose")]
        quiet: bool,
        /// Also print how long each stage took and the peak memory.
        #[arg(long, short)]
        verbose: bool,
    },
    /// Render one chart of one document as SVG or PNG, e.g. for a report.
    Chart {
        file: PathBuf,
        /// by-function, basic-project, personnel-public, basic-economic, sanggong or projects.
        #[arg(long)]
        kind: String,
        /// Where to write the chart (standard output when absent); `.svg` or `.png` sets the
        /// format.
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// svg or png; by default from the extension of --output (svg on standard output).
        #[arg(long)]
        format: Option<ChartFormat>,
        /// A font file with Chinese characters for the PNG's text (default: found among the
        /// system's fonts). May be given more than once.
        #[arg(long)]
        font: Vec<PathBuf>,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum ChartFormat {
    Svg,
    Png,
}

/// The format of `gongkai chart`: --format, else the extension of --output, else SVG.
fn chart_format(
    format: Option<ChartFormat>,
    output: Option<&std::path::Path>,
) -> Result<ChartFormat, String> {
    if let Some(f) = format {
        return Ok(f);
    }
    let Some(path) = output else {
        return Ok(ChartFormat::Svg);
    };
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    match ext.as_deref() {
        Some("svg") => Ok(ChartFormat::Svg),
        Some("png") => Ok(ChartFormat::Png),
        _ => Err(format!(
            "{}: cannot tell the format from the file name: end it in .svg or .png, or give \
             --format svg|png",
            path.display()
        )),
    }
}

/// Writes `bytes` to `path` through a temporary file beside it, so an existing file is either
/// replaced whole or left as it was.
fn write_whole(path: &std::path::Path, bytes: &[u8]) -> std::io::Result<()> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = path.with_file_name(format!(".{name}.gongkai-tmp"));
    std::fs::write(&tmp, bytes)?;
    std::fs::rename(&tmp, path).inspect_err(|_| {
        let _ = std::fs::remove_file(&tmp);
    })
}

fn run_chart(
    file: PathBuf,
    kind: &str,
    output: Option<PathBuf>,
    format: Option<ChartFormat>,
    fonts: &[PathBuf],
) -> ExitCode {
    let format = match chart_format(format, output.as_deref()) {
        Ok(f) => f,
        Err(e) => return failed(&e),
    };
    let budget = match department::load_file(&file) {
        Ok(b) => b,
        Err(e) => return failed(&e),
    };
    let chart = match charts::chart_by_kind(&budget, kind) {
        Ok(c) => c,
        Err(e) => return failed(&e),
    };
    let bytes = match format {
        ChartFormat::Svg => chart.svg.into_bytes(),
        ChartFormat::Png => {
            match charts::Fonts::find(fonts).and_then(|f| charts::svg_to_png(&chart.svg, &f)) {
                Ok(png) => png,
                Err(e) => return failed(&e),
            }
        }
    };
    let written = match &output {
        Some(path) => write_whole(path, &bytes),
        None => std::io::Write::write_all(&mut std::io::stdout(), &bytes),
    };
    match written {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            let to = output.map_or("standard output".to_string(), |p| p.display().to_string());
            eprintln!("error: {to}: {e}");
            ExitCode::FAILURE
        }
    }
}

/// Prints an error the way every command does and gives the failing exit status.
fn failed(e: &dyn std::fmt::Display) -> ExitCode {
    eprintln!("error: {e}");
    ExitCode::FAILURE
}

/// An error with its whole cause chain.
fn report(e: &dyn std::error::Error) {
    eprintln!("error: {e}");
    let mut cause = e.source();
    while let Some(c) = cause {
        eprintln!("  caused by: {c}");
        cause = c.source();
    }
}

/// The progress bar of a build: hidden with `--quiet`, and otherwise drawn (on a terminal only)
/// once the build has taken a second, so quick builds print nothing but their summary.
fn progress_bar(quiet: bool) -> ProgressBar {
    let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::hidden());
    if quiet {
        return bar;
    }
    if let Ok(style) = ProgressStyle::with_template(
        "{spinner} {msg} {bar:30} {pos}/{len} 部门 · {elapsed} (剩余约 {eta})",
    ) {
        bar.set_style(style);
    }
    bar.set_message("building");
    let late = bar.clone();
    std::thread::spawn(move || {
        std::thread::sleep(Duration::from_secs(1));
        if !late.is_finished() {
            late.set_draw_target(ProgressDrawTarget::stderr());
            late.enable_steady_tick(Duration::from_millis(200));
        }
    });
    bar
}

fn print_timings(r: &build::BuildReport, total: Duration) {
    let ms = |d: &Duration| d.as_secs_f64() * 1000.0;
    let mb = |m: Option<u64>| m.map_or("?".to_string(), |m| m.to_string());
    eprintln!("stages (wall time, peak memory so far):");
    for (name, d, peak) in &r.stages {
        eprintln!("  {name:<28} {:>10.1} ms {:>7} MB", ms(d), mb(*peak));
    }
    eprintln!("  {:<28} {:>10.1} ms", "total", ms(&total));
    eprintln!(
        "per-department steps (summed over {} threads):",
        rayon::current_num_threads()
    );
    for (name, d) in &r.department_steps {
        eprintln!("  {name:<28} {:>10.1} ms", ms(d));
    }
    let kept = if r.stages_kept.is_empty() {
        String::new()
    } else {
        format!("; kept as they were: {}", r.stages_kept.join(", "))
    };
    eprintln!(
        "cache: {} of {} departments unchanged ({} not read again){kept}",
        r.cached, r.departments, r.unread
    );
    eprintln!(
        "output: {} files, {:.1} MB; peak memory: {}",
        r.files,
        r.bytes as f64 / 1e6,
        build::peak_memory_mb().map_or("unknown".to_string(), |mb| format!("{mb} MB"))
    );
}

/// The configuration (`./site.toml` when no `--config` is given; its absence means the defaults)
/// with `--base-url` applied, and the project folder it belongs to.
fn load_project(
    config_path: Option<PathBuf>,
    base_url: Option<&str>,
) -> Result<(PathBuf, Config), gongkai::config::ConfigError> {
    let path = config_path
        .clone()
        .unwrap_or_else(|| PathBuf::from("site.toml"));
    let mut config = if config_path.is_none() && !path.exists() {
        Config::default()
    } else {
        Config::load(&path)?
    };
    if let Some(url) = base_url {
        config = config.with_base_url(url)?;
    }
    let root = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    Ok((root, config))
}

fn run_build(
    config_path: Option<PathBuf>,
    output: Option<PathBuf>,
    base_url: Option<String>,
    quiet: bool,
    verbose: bool,
) -> ExitCode {
    let start = Instant::now();
    let (root, config) = match load_project(config_path, base_url.as_deref()) {
        Ok(p) => p,
        Err(e) => {
            report(&e);
            return ExitCode::FAILURE;
        }
    };
    let output = output.unwrap_or_else(|| root.join(&config.output));
    let bar = progress_bar(quiet);
    let result = build::build(&root, &config, &output, &bar);
    bar.finish_and_clear();
    match result {
        Ok(r) => {
            for e in &r.document_errors {
                eprintln!("warning: {e} (left out of the site)");
            }
            for w in &r.warnings {
                eprintln!("warning: {w}");
            }
            if !quiet {
                eprintln!(
                    "built {} departments, {} files into {}",
                    r.departments,
                    r.files,
                    output.display()
                );
            }
            if verbose {
                print_timings(&r, start.elapsed());
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            report(&e);
            ExitCode::FAILURE
        }
    }
}

/// One document's data as `data/<slug>.json` has it (with `model`: the internal model).
fn run_parse(file: &std::path::Path, model: bool) -> ExitCode {
    let budget = match department::load_file(file) {
        Ok(b) => b,
        Err(e) => return failed(&e),
    };
    let json = if model {
        serde_json::to_string_pretty(&budget)
    } else {
        // Who the department is: ./site.toml and ./content/departments.csv when there are.
        let config = load_project(None, None)
            .and_then(|(root, c)| {
                c.with_table(&root.join("content").join(build::DEPARTMENTS_TABLE))
            })
            .unwrap_or_else(|e| {
                eprintln!("warning: {e} (the department's name is the one read)");
                Config::default()
            });
        let who = config.identity(&budget.slug, budget.name.as_ref().map(|t| t.text.as_str()));
        let mut budget = budget;
        // Which department and year, as the site keys its pages and data.
        let department = match gongkai::years::key_of(&budget, &who, &file.display().to_string()) {
            Ok(key) => {
                budget.slug = key.slug();
                Some(key.department)
            }
            Err(e) => {
                eprintln!("warning: {e}");
                None
            }
        };
        let value = gongkai::export::budget_json(
            &budget,
            &who,
            department.as_deref(),
            &gongkai::audit::completeness(&budget),
        );
        serde_json::to_string_pretty(&value)
    };
    match json {
        Ok(json) => {
            println!("{json}");
            ExitCode::SUCCESS
        }
        Err(e) => failed(&e),
    }
}

fn run_init(dir: &std::path::Path) -> ExitCode {
    match gongkai::init::init(dir) {
        Ok(created) => {
            for path in &created.written {
                println!("created {}", path.display());
            }
            for path in &created.kept {
                println!("kept    {} (already there)", path.display());
            }
            let cd = if dir == std::path::Path::new(".") {
                String::new()
            } else {
                format!("cd {} && ", dir.display())
            };
            println!(
                "\nnext: put budget documents in content/budgets/, list the departments in \
                 content/departments.csv, then `{cd}gongkai serve` to preview"
            );
            ExitCode::SUCCESS
        }
        Err(e) => failed(&e),
    }
}

fn run_site_check(site: &std::path::Path) -> ExitCode {
    match gongkai::sitecheck::check(site) {
        Ok(r) => {
            for b in &r.broken {
                println!("{b}");
            }
            println!(
                "{} pages, {} internal links, {} broken",
                r.pages,
                r.links,
                r.broken.len()
            );
            if r.broken.is_empty() && r.pages > 0 {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            }
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}

fn main() -> ExitCode {
    no_huge_pages();
    let cli = Cli::parse();
    match cli.command {
        Command::Parse { file, model } => run_parse(&file, model),
        Command::Init { dir } => run_init(&dir),
        Command::Serve {
            port,
            config,
            output,
            base_url,
        } => {
            let options = gongkai::serve::Options {
                config,
                base_url,
                output,
                port,
            };
            let result = gongkai::serve::serve(options, |address| {
                println!("serving {address} (Ctrl-C to stop)");
                use std::io::Write;
                let _ = std::io::stdout().flush();
            });
            match result {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    report(&e);
                    ExitCode::FAILURE
                }
            }
        }
        Command::Chart {
            file,
            kind,
            output,
            format,
            font,
        } => run_chart(file, &kind, output, format, &font),
        Command::Check {
            site: Some(site), ..
        } => run_site_check(&site),
        Command::Check { dir, deny, .. } => match department::load_dir_map(&dir, |result| {
            check::check_one(&result, deny, std::io::stdout().is_terminal())
        }) {
            Ok(checked) => {
                let (text, fail) = check::report(&checked);
                print!("{text}");
                if fail {
                    ExitCode::FAILURE
                } else {
                    ExitCode::SUCCESS
                }
            }
            Err(e) => {
                eprintln!("error: {}: {e}", dir.display());
                ExitCode::from(2)
            }
        },
        Command::Build {
            config,
            output,
            base_url,
            quiet,
            verbose,
        } => run_build(config, output, base_url, quiet, verbose),
    }
}
