//! `chizai copy`: moving a desk's database to the office server and back (issue 12, "Moving").
//!
//! Two shapes, nothing else:
//! * `chizai --db FILE copy --to URL` — the desk's file into an empty server database;
//! * `chizai --db NEWFILE copy --from URL` — the server's database into a new file (NEWFILE must
//!   not exist yet, or be empty).
//!
//! The core copies every table row by row in one transaction on the target and appends one audit
//! row recording the move (see `chizai_core::store::copy`).

use std::io::IsTerminal;

use chizai_core::progress::Progress;
use chizai_core::store::copy::{self, CopyOptions};
use chizai_core::store::{server, Actor, Store};
use clap::Args;

use crate::context::Ctx;
use crate::error::{CliError, CliResult, ErrorCode};
use crate::output::{self, Format};

#[derive(Debug, Args)]
pub struct CopyArgs {
    /// The empty office-server database (postgres://USER@HOST[:PORT]/DBNAME) to copy the --db
    /// file into.
    #[arg(
        long,
        value_name = "URL",
        conflicts_with = "from",
        required_unless_present = "from"
    )]
    to: Option<String>,
    /// The office-server database to copy into the new --db file.
    #[arg(long, value_name = "URL")]
    from: Option<String>,
    #[arg(long, value_enum, default_value_t)]
    format: Format,
}

pub fn run(ctx: &Ctx, args: CopyArgs) -> CliResult<()> {
    ctx.refuse_snapshot()?;
    if ctx.server.is_some() {
        return Err(CliError::usage(
            "copy takes the desk's file as --db: `chizai --db FILE copy --to URL` moves it to the server, `chizai --db NEWFILE copy --from URL` brings the server's database into a new file",
        ));
    }
    let url = args
        .to
        .as_deref()
        .or(args.from.as_deref())
        .unwrap_or_default();
    if !server::is_server_url(url) {
        return Err(CliError::coded(ErrorCode::Validation, format!(
            "{url:?} is not a server URL: write postgres://USER@HOST[:PORT]/DBNAME (copy moves between a file and a server)"
        )));
    }
    let (source, mut target) = if args.to.is_some() {
        if !ctx.db.is_file() {
            return Err(CliError::coded(
                ErrorCode::NotFound,
                format!(
                    "no Chizai database at {}: pass the desk's file with --db FILE",
                    ctx.db.display()
                ),
            ));
        }
        let source = Store::open(&ctx.db, ctx.now)?;
        let target = Store::open_server(url, ctx.now)?;
        (source, target)
    } else {
        let empty = std::fs::metadata(&ctx.db).map_or(true, |m| m.is_file() && m.len() == 0);
        if !empty {
            return Err(CliError::coded(
                ErrorCode::Conflict,
                format!(
                    "{} already exists: copy --from writes a new file only; pass --db NEW_FILE",
                    ctx.db.display()
                ),
            ));
        }
        let source = Store::open_server(url, ctx.now)?;
        let target = Store::open(&ctx.db, ctx.now)?;
        (source, target)
    };
    let tty = std::io::stderr().is_terminal();
    let mut progress = Progress::new(|done: usize, total: usize| {
        if tty {
            eprint!("\rcopying {done}/{total} rows");
            if done == total {
                eprintln!();
            }
        }
    });
    let summary = copy::copy(
        &source,
        &mut target,
        &Actor::from_env(),
        ctx.now,
        &CopyOptions { record: true },
        &mut progress,
    )?;
    if args.from.is_some() {
        crate::snapshot::ensure_key(ctx)?;
    }
    match args.format {
        Format::Json => output::json(&summary)?,
        Format::Table => {
            println!(
                "copied {} rows in {} tables from {} to {}",
                summary.rows,
                summary.tables.len(),
                summary.from,
                summary.to
            );
            let rows: Vec<Vec<String>> = summary
                .tables
                .iter()
                .filter(|t| t.rows > 0)
                .map(|t| vec![t.table.clone(), t.rows.to_string()])
                .collect();
            output::table(&["table", "rows"], &rows);
            println!(
                "search index rebuilt: {} entries; audit trail: {} entries, head {} (the last one records this copy)",
                summary.search_entries, summary.audit_rows, summary.audit_head
            );
        }
    }
    Ok(())
}
