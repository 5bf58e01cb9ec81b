use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use gongkai::pipeline;

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
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Parse { file } => match pipeline::load_file(&file) {
            Ok(budget) => {
                println!(
                    "{}",
                    serde_json::to_string_pretty(&budget).unwrap_or_default()
                );
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("error: {e}");
                ExitCode::FAILURE
            }
        },
    }
}
