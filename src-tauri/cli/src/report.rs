//! `chizai report …`: the PDF reports (board report and registers), written to `--out`.
//!
//! Each command is one call of the core's [`report::produce_to_file`], the path the desktop
//! takes too; the core never reads the clock, so today (`--today`), the as-of date (`--as-of`)
//! and the production time (now, in Japan time) are passed in from here.
//! The result line names the file, its page count and size; `--format json` prints
//! `{"report", "path", "pages", "bytes", "as_of"}`.

use std::path::{Path, PathBuf};

use chizai_core::horizons::japan_time;
use chizai_core::progress::Progress;
use chizai_core::report::{self, ReportKind, ReportRequest};
use chrono::NaiveDate;
use clap::{Args, Subcommand};

use crate::context::{parse_date, Ctx};
use crate::error::{CliError, CliResult, ErrorCode};
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

/// `--format json`: `{"report", "path", "pages", "bytes", "as_of"}`, in that order.
#[derive(serde::Serialize)]
struct Written<'a> {
    report: ReportKind,
    path: &'a str,
    pages: u32,
    bytes: u32,
    as_of: NaiveDate,
}

/// Writes `req` to `out` through the core's one path ([`report::produce_to_file`]: the same
/// inputs, layout and atomic write as the desktop's 帳票 screen and its print buttons).
fn produce(ctx: &Ctx, req: ReportRequest, out: &Path, format: Format) -> CliResult<()> {
    let store = ctx.open_existing()?;
    let written = report::produce_to_file(
        store.conn(),
        &req,
        ctx.today,
        japan_time(ctx.now),
        out,
        &mut Progress::silent(),
    )?;
    match format {
        // The CLI's stable shape: `report`, not the IPC type's `kind`.
        Format::Json => output::json(&Written {
            report: written.kind,
            path: &written.path,
            pages: written.pages,
            bytes: written.bytes,
            as_of: written.as_of,
        }),
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
    let req = |kind, as_of| ReportRequest {
        kind,
        fiscal_year: None,
        as_of,
        from: None,
        to: None,
    };
    match cmd {
        ReportCommand::Board(args) => {
            if NaiveDate::from_ymd_opt(args.fy + 1, 3, 31).is_none() {
                return Err(CliError::coded(
                    ErrorCode::Validation,
                    format!("--fy {} is not a usable fiscal year", args.fy),
                ));
            }
            let r = ReportRequest {
                fiscal_year: Some(args.fy),
                ..req(ReportKind::Board, args.as_of)
            };
            produce(ctx, r, &args.out, args.format)
        }
        ReportCommand::Docket(args) => {
            let r = ReportRequest {
                from: args.from,
                to: args.to,
                ..req(ReportKind::Docket, args.as_of)
            };
            produce(ctx, r, &args.out, args.format)
        }
        ReportCommand::Portfolio(a) => {
            produce(ctx, req(ReportKind::Portfolio, a.as_of), &a.out, a.format)
        }
        ReportCommand::Agreements(a) => {
            produce(ctx, req(ReportKind::Agreements, a.as_of), &a.out, a.format)
        }
        ReportCommand::Policies(a) => {
            produce(ctx, req(ReportKind::Policies, a.as_of), &a.out, a.format)
        }
    }
}
