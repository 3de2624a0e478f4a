#![forbid(unsafe_code)]

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = groupscribe::cli::Cli::parse();
    match groupscribe::cli::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("groupscribe: {error}");
            ExitCode::FAILURE
        }
    }
}
