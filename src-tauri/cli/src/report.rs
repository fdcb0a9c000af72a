//! `chizai report …`: the PDF reports (board report and registers), written to `--out`.
//!
//! Each command reads its data from the database, builds the report's plain input and calls
//! one core layout function; the core never reads the clock, so the as-of date (`--as-of`,
//! else `--today`) and the production time (now, in Japan time) are passed in from here.
//! The result line names the file, its page count and size; `--format json` prints
//! `{"report", "path", "pages", "bytes", "as_of"}`.

use std::path::PathBuf;

use chizai_core::report::{self, from_modules, from_store, Pdf, RegisterHead};
use chrono::{FixedOffset, NaiveDate, NaiveDateTime};
use clap::{Args, Subcommand};
use serde::Serialize;

use crate::context::{parse_date, Ctx};
use crate::error::{CliError, CliResult};
use crate::output::{self, Format};

/// The reports.
#[derive(Debug, Subcommand)]
pub enum ReportCommand {
    /// Board report (知的財産本部 活動報告) for a fiscal year.
    Board(BoardArgs),
    /// Docket (期限一覧) for a date range, overdue first, grouped by week.
    Docket(DocketArgs),
    /// Portfolio register (保有特許一覧): every family and application.
    Portfolio(RegisterArgs),
    /// Agreement register (契約一覧).
    Agreements(RegisterArgs),
    /// Policy register (規程一覧).
    Policies(RegisterArgs),
}

/// Options of `report board`.
#[derive(Debug, Args)]
pub struct BoardArgs {
    /// Fiscal year (April–March, named by its starting year), e.g. 2025.
    #[arg(long)]
    fy: i32,
    /// The PDF file to write.
    #[arg(long)]
    out: PathBuf,
    /// As-of date (基準日); default: the end of the fiscal year, or today if that is earlier.
    #[arg(long, value_parser = parse_date)]
    as_of: Option<NaiveDate>,
    #[arg(long, value_enum, default_value_t)]
    format: Format,
}

/// Options of `report docket`.
#[derive(Debug, Args)]
pub struct DocketArgs {
    /// First day of the range (default: today).
    #[arg(long, value_parser = parse_date)]
    from: Option<NaiveDate>,
    /// Last day of the range (default: 90 days after --from).
    #[arg(long, value_parser = parse_date)]
    to: Option<NaiveDate>,
    /// The PDF file to write.
    #[arg(long)]
    out: PathBuf,
    /// As-of date (基準日): deadlines open before it are overdue; default: today.
    #[arg(long, value_parser = parse_date)]
    as_of: Option<NaiveDate>,
    #[arg(long, value_enum, default_value_t)]
    format: Format,
}

/// Options of the registers.
#[derive(Debug, Args)]
pub struct RegisterArgs {
    /// The PDF file to write.
    #[arg(long)]
    out: PathBuf,
    /// As-of date (基準日); default: today.
    #[arg(long, value_parser = parse_date)]
    as_of: Option<NaiveDate>,
    #[arg(long, value_enum, default_value_t)]
    format: Format,
}

#[derive(Debug, Serialize)]
struct Written<'a> {
    report: &'a str,
    path: String,
    pages: usize,
    bytes: usize,
    as_of: NaiveDate,
}

fn japan_now(ctx: &Ctx) -> NaiveDateTime {
    match FixedOffset::east_opt(9 * 3600) {
        Some(jst) => ctx.now.with_timezone(&jst).naive_local(),
        None => ctx.now.naive_utc(),
    }
}

fn failed(e: report::ReportError) -> CliError {
    CliError::new(e.to_string())
}

fn write(
    kind: &str,
    out: &std::path::Path,
    pdf: &Pdf,
    as_of: NaiveDate,
    format: Format,
) -> CliResult<()> {
    chizai_core::atomic::write_atomically(
        out,
        &pdf.bytes,
        &mut chizai_core::progress::Progress::silent(),
    )
    .map_err(|e| {
        CliError::new(format!(
            "cannot write {}: {e}; check the --out path",
            out.display()
        ))
    })?;
    let written = Written {
        report: kind,
        path: out.display().to_string(),
        pages: pdf.pages,
        bytes: pdf.bytes.len(),
        as_of,
    };
    match format {
        Format::Json => output::json(&written),
        Format::Table => {
            println!(
                "wrote {} ({} pages, {} bytes)",
                written.path, written.pages, written.bytes
            );
            Ok(())
        }
    }
}

/// Runs one `chizai report …` command.
pub fn run(ctx: &Ctx, cmd: ReportCommand) -> CliResult<()> {
    match cmd {
        ReportCommand::Board(args) => board(ctx, args),
        ReportCommand::Docket(args) => docket(ctx, args),
        ReportCommand::Portfolio(args) => portfolio(ctx, args),
        ReportCommand::Agreements(args) => agreements(ctx, args),
        ReportCommand::Policies(args) => policies(ctx, args),
    }
}

fn head(ctx: &Ctx, as_of: Option<NaiveDate>) -> CliResult<(crate::context::Db, RegisterHead)> {
    let store = ctx.open_existing()?;
    let institution = from_store::institution_name(store.conn()).map_err(failed)?;
    let head = RegisterHead {
        institution,
        as_of: as_of.unwrap_or(ctx.today),
        created: japan_now(ctx),
    };
    Ok((store, head))
}

fn board(ctx: &Ctx, args: BoardArgs) -> CliResult<()> {
    let fy_end = NaiveDate::from_ymd_opt(args.fy + 1, 3, 31)
        .ok_or_else(|| CliError::new(format!("--fy {} is not a usable fiscal year", args.fy)))?;
    let as_of = args.as_of.unwrap_or(fy_end.min(ctx.today));
    let (store, head) = head(ctx, Some(as_of))?;
    let conn = store.conn();
    let years = from_modules::kpi_figures(conn, args.fy).map_err(failed)?;
    let input = report::BoardReport {
        institution: head.institution,
        fiscal_year: args.fy,
        as_of,
        created: head.created,
        vice_president: from_store::vice_president(conn).map_err(failed)?,
        targets: from_modules::kpi_targets(conn).map_err(failed)?,
        years,
        annuities: None,
        national_phase: None,
        expiring_agreements: Some(from_modules::expiring_agreements(conn, as_of).map_err(failed)?),
        policies: Some(from_modules::policy_states(conn, as_of).map_err(failed)?),
        snapshot_fingerprint: None,
    };
    let pdf = report::board_report(&input).map_err(failed)?;
    write("board", &args.out, &pdf, as_of, args.format)
}

fn docket(ctx: &Ctx, args: DocketArgs) -> CliResult<()> {
    let from = args.from.unwrap_or(ctx.today);
    let to = args.to.unwrap_or(from + chrono::Duration::days(90));
    if to < from {
        return Err(CliError::new(format!(
            "--to {to} is before --from {from}; give the range in order"
        )));
    }
    let (store, head) = head(ctx, args.as_of)?;
    let lines = from_modules::deadline_lines(store.conn(), from, to, head.as_of).map_err(failed)?;
    let pdf = report::register_report(&report::docket_register(&head, from, to, &lines))
        .map_err(failed)?;
    write("docket", &args.out, &pdf, head.as_of, args.format)
}

fn portfolio(ctx: &Ctx, args: RegisterArgs) -> CliResult<()> {
    let (store, head) = head(ctx, args.as_of)?;
    let mut lines = from_store::portfolio_lines(store.conn()).map_err(failed)?;
    let licences = from_modules::licences_on(store.conn(), head.as_of).map_err(failed)?;
    for l in &mut lines {
        l.licence = l.application_id.and_then(|id| licences.get(&id).cloned());
    }
    let pdf =
        report::register_report(&report::portfolio_register(&head, &lines)).map_err(failed)?;
    write("portfolio", &args.out, &pdf, head.as_of, args.format)
}

fn agreements(ctx: &Ctx, args: RegisterArgs) -> CliResult<()> {
    let (store, head) = head(ctx, args.as_of)?;
    let lines = from_modules::agreement_lines(store.conn()).map_err(failed)?;
    let pdf =
        report::register_report(&report::agreement_register(&head, &lines)).map_err(failed)?;
    write("agreements", &args.out, &pdf, head.as_of, args.format)
}

fn policies(ctx: &Ctx, args: RegisterArgs) -> CliResult<()> {
    let (store, head) = head(ctx, args.as_of)?;
    let lines = from_modules::policy_lines(store.conn(), head.as_of).map_err(failed)?;
    let pdf = report::register_report(&report::policy_register(&head, &lines)).map_err(failed)?;
    write("policies", &args.out, &pdf, head.as_of, args.format)
}
