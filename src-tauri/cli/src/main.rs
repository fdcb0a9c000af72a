//! `chizai`: the command line over chizai-core.

mod calc;
mod holidays;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Chizai (知財): the IP headquarters' portfolio and docket, from the command line.
#[derive(Debug, Parser)]
#[command(name = "chizai", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// What-if deadline calculator: facts in, every deadline out (no database).
    Calc(calc::CalcArgs),
    /// The days an office is closed between two dates, with their names.
    Holidays(holidays::HolidaysArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Calc(args) => calc::run(args),
        Command::Holidays(args) => holidays::run(args),
    };
    match result {
        Ok(out) => {
            print!("{out}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}
