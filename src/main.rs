use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use gongkai::config::Config;
use gongkai::{build, charts, check, pipeline};

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
    /// Parse one document and print its budget as JSON.
    Parse { file: PathBuf },
    /// Read every document of a folder; print what was recognised, what is missing and the
    /// findings. Exits non-zero when a document cannot be read (or, with --deny, on findings).
    Check {
        #[arg(default_value = "content/budgets")]
        dir: PathBuf,
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
        /// Print nothing but errors and warnings.
        #[arg(long)]
        quiet: bool,
    },
    /// Render one chart of one document as a standalone SVG, e.g. for a report.
    Chart {
        file: PathBuf,
        /// by-function, basic-project, personnel-public, basic-economic, sanggong or projects.
        #[arg(long)]
        kind: String,
        /// Where to write the SVG (standard output when absent).
        #[arg(short, long)]
        output: Option<PathBuf>,
    },
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

fn run_build(config_path: Option<PathBuf>, output: Option<PathBuf>, quiet: bool) -> ExitCode {
    // Without --config, a missing ./site.toml means the defaults.
    let path = config_path
        .clone()
        .unwrap_or_else(|| PathBuf::from("site.toml"));
    let config = if config_path.is_none() && !path.exists() {
        Config::default()
    } else {
        match Config::load(&path) {
            Ok(c) => c,
            Err(e) => {
                report(&e);
                return ExitCode::FAILURE;
            }
        }
    };
    let root = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let output = output.unwrap_or_else(|| root.join(&config.output));
    match build::build(&root, &config, &output) {
        Ok(r) => {
            for e in &r.document_errors {
                eprintln!("warning: {e} (left out of the site)");
            }
            if !quiet {
                eprintln!(
                    "built {} departments, {} files into {}",
                    r.departments,
                    r.files,
                    output.display()
                );
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            report(&e);
            ExitCode::FAILURE
        }
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Parse { file } => match pipeline::load_file(&file) {
            Ok(budget) => match serde_json::to_string_pretty(&budget) {
                Ok(json) => {
                    println!("{json}");
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("error: {e}");
                    ExitCode::FAILURE
                }
            },
            Err(e) => {
                eprintln!("error: {e}");
                ExitCode::FAILURE
            }
        },
        Command::Chart { file, kind, output } => {
            let budget = match pipeline::load_file(&file) {
                Ok(b) => b,
                Err(e) => {
                    eprintln!("error: {e}");
                    return ExitCode::FAILURE;
                }
            };
            let chart = match charts::chart_by_kind(&budget, &kind) {
                Ok(c) => c,
                Err(e) => {
                    eprintln!("error: {e}");
                    return ExitCode::FAILURE;
                }
            };
            match output {
                Some(path) => match std::fs::write(&path, &chart.svg) {
                    Ok(()) => ExitCode::SUCCESS,
                    Err(e) => {
                        eprintln!("error: {}: {e}", path.display());
                        ExitCode::FAILURE
                    }
                },
                None => {
                    print!("{}", chart.svg);
                    ExitCode::SUCCESS
                }
            }
        }
        Command::Check { dir, deny } => match pipeline::load_dir(&dir) {
            Ok(results) => {
                let (text, fail) = check::report(&results, deny, std::io::stdout().is_terminal());
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
            quiet,
        } => run_build(config, output, quiet),
    }
}
