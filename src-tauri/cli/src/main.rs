//! `chizai`: the command line over chizai-core, for scripts, auditors and our own checks.
//!
//! Every command is a thin call into the core. Listings take `--format table|json`. Errors print one
//! line on stderr (`chizai: error: …`) and exit with the status of their kind (`error::exit_code`,
//! the table in README.md): 1 for a check that found a problem, 2 for a usage error; never a panic.

mod admin;
mod agreements;
mod calc;
mod collaboration;
mod context;
mod copy;
mod deadlines;
mod error;
mod holidays;
mod output;
mod portfolio;
mod registers;
mod remind;
mod report;
mod server;
mod snapshot;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use context::{parse_date, Ctx};

/// Chizai (知財): the desk of a university IP headquarters.
#[derive(Debug, Parser)]
#[command(name = "chizai", version, about, long_about = None)]
struct Cli {
    /// The database file (default: the desktop app's, in the OS data directory).
    #[arg(long, global = true, env = "CHIZAI_DB")]
    db: Option<PathBuf>,
    /// The date taken as today (YYYY-MM-DD), for reproducible scripts; default: the system date.
    #[arg(long, global = true, env = "CHIZAI_TODAY", value_parser = parse_date)]
    today: Option<chrono::NaiveDate>,
    /// Read an auditor snapshot instead of the database: verified, then opened read-only (every
    /// command that writes is refused).
    #[arg(long, global = true, value_name = "FILE")]
    snapshot: Option<PathBuf>,
    /// The key `--snapshot FILE` must be signed by (fingerprint, public key or a file holding one),
    /// for this command only; without it the keys pinned here (`chizai key trust`) decide.
    #[arg(long, global = true, value_name = "KEY")]
    snapshot_key: Option<String>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Create a new database for an institution.
    Init(admin::InitArgs),
    /// Fill an empty database with the demo institution (東都大学).
    Demo(admin::DemoArgs),
    /// Import an Excel/CSV register (dry run, all or nothing), or a JSON export into an empty database.
    Import(registers::ImportArgs),
    /// Export a register as XLSX/CSV/JSON (--kind), or the whole portfolio as JSON.
    Export(registers::ExportArgs),
    /// Patent applications and rights.
    #[command(subcommand)]
    Applications(portfolio::ApplicationsCommand),
    /// Invention disclosures (発明届出).
    #[command(subcommand)]
    Disclosures(portfolio::DisclosuresCommand),
    /// Full-text search over titles, numbers, inventors and parties (Japanese substrings match).
    Search(portfolio::SearchArgs),
    /// Move the database between this desk's file and an office server: `--db FILE copy --to URL`,
    /// or `--db NEWFILE copy --from URL` (every row, ids and audit trail kept).
    Copy(copy::CopyArgs),
    /// The hash-chained audit trail.
    #[command(subcommand)]
    Audit(admin::AuditCommand),
    /// Check the database file now (SQLite quick_check) and record the result.
    Check(admin::CheckArgs),
    /// The docket: list (table/json/csv/ics), done, waive, add, recompute.
    Deadlines(deadlines::DeadlinesArgs),
    /// Agreements (契約): TLO mandate, licences, options, joint research, NDAs, …
    #[command(subcommand)]
    Agreements(agreements::AgreementsCommand),
    /// Policy documents (規程・ポリシー) and the version in force on a date.
    #[command(subcommand)]
    Policies(agreements::PoliciesCommand),
    /// Collaboration activity: consultations, joint research, start-up support, seminars.
    #[command(subcommand)]
    Activities(collaboration::ActivitiesCommand),
    /// Income (licence fees, royalties, research funds).
    #[command(subcommand)]
    Income(collaboration::IncomeCommand),
    /// Inventor compensation (職務発明の相当の利益) for a fiscal year.
    Compensation(collaboration::CompensationArgs),
    /// KPIs per fiscal year against the targets.
    Kpi(collaboration::KpiArgs),
    /// What-if deadline calculator: facts in, every deadline out (no database).
    Calc(calc::CalcArgs),
    /// The days an office is closed between two dates, with their names.
    Holidays(holidays::HolidaysArgs),
    /// Signed auditor snapshots: create, verify, diff.
    #[command(subcommand)]
    Snapshot(snapshot::SnapshotCommand),
    /// The institution's signing key.
    #[command(subcommand)]
    Key(snapshot::KeyCommand),
    /// PDF reports: the board report and the registers.
    #[command(subcommand)]
    Report(report::ReportCommand),
    /// The office server: grant and revoke roles, list them, who this desk signs in as.
    #[command(subcommand)]
    Server(server::ServerCommand),
    /// E-mail the day's deadline digests (run daily by cron, a systemd timer or Task Scheduler).
    Remind(remind::RemindArgs),
}

fn main() -> ExitCode {
    restore_sigpipe();
    let cli = Cli::parse();
    let result = Ctx::new(cli.db, cli.snapshot, cli.today).map(|mut ctx| {
        ctx.snapshot_key = cli.snapshot_key;
        ctx
    });
    let result = result.and_then(|ctx| match cli.command {
        Command::Init(args) => admin::init(&ctx, args),
        Command::Demo(args) => admin::demo(&ctx, args),
        Command::Import(args) => registers::import(&ctx, args),
        Command::Export(args) => registers::export(&ctx, args),
        Command::Applications(cmd) => portfolio::applications(&ctx, cmd),
        Command::Disclosures(cmd) => portfolio::disclosures(&ctx, cmd),
        Command::Search(args) => portfolio::search(&ctx, args),
        Command::Copy(args) => copy::run(&ctx, args),
        Command::Audit(cmd) => admin::audit(&ctx, cmd),
        Command::Check(args) => admin::check(&ctx, args),
        Command::Deadlines(args) => deadlines::run(&ctx, args),
        Command::Agreements(cmd) => agreements::agreements(&ctx, cmd),
        Command::Policies(cmd) => agreements::policies(&ctx, cmd),
        Command::Activities(cmd) => collaboration::activities(&ctx, cmd),
        Command::Income(cmd) => collaboration::income(&ctx, cmd),
        Command::Compensation(args) => collaboration::compensation(&ctx, args),
        Command::Kpi(args) => collaboration::kpi(&ctx, args),
        Command::Calc(args) => calc::run(args),
        Command::Holidays(args) => holidays::run(args),
        Command::Snapshot(cmd) => snapshot::run(&ctx, cmd),
        Command::Key(cmd) => snapshot::key(&ctx, cmd),
        Command::Report(cmd) => report::run(&ctx, cmd),
        Command::Server(cmd) => server::run(&ctx, cmd),
        Command::Remind(args) => remind::run(&ctx, args),
    });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            if !e.message.is_empty() {
                eprintln!("chizai: error: {}", e.message);
            }
            ExitCode::from(e.exit_code.clamp(1, 255) as u8)
        }
    }
}

/// Rust ignores SIGPIPE, so printing into a closed pipe (`chizai deadlines | head`) would panic;
/// a command-line tool should instead end quietly as `ls | head` does.
#[cfg(unix)]
fn restore_sigpipe() {
    // SAFETY: called first thing in main, before any thread or output exists; SIG_DFL is valid.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}

#[cfg(not(unix))]
fn restore_sigpipe() {}
