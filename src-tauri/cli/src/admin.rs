//! Database-level commands: init, demo, JSON import/export, audit.

use std::path::PathBuf;

use chizai_core::demo::{self, DemoOptions};
use chizai_core::exchange;
use chizai_core::portfolio::{self, Institution};
use chizai_core::snapshot;
use chizai_core::store::{audit, health, Actor};
use clap::{Args, Subcommand};

use crate::context::Ctx;
use crate::error::{CliError, CliResult, ErrorCode};
use crate::output::{self, Format};

#[derive(Debug, Args)]
pub struct InitArgs {
    /// The institution's name, e.g. 国立大学法人 東都大学.
    #[arg(long)]
    institution: String,
    /// The vice-president responsible (担当副学長).
    #[arg(long)]
    vice_president: Option<String>,
}

pub fn init(ctx: &Ctx, args: InitArgs) -> CliResult<()> {
    ctx.refuse_snapshot()?;
    if ctx.server.is_none() && ctx.db.is_file() {
        return Err(CliError::coded(
            ErrorCode::Conflict,
            format!(
                "{} already exists; init creates a new database (pass --db NEW_FILE)",
                ctx.db.display()
            ),
        ));
    }
    let mut store = ctx.open_for_write()?;
    let held: i64 = store
        .conn()
        .query_row("SELECT count(*) FROM institution", [], |r| r.get(0))?;
    if held > 0 {
        return Err(CliError::coded(
            ErrorCode::Conflict,
            format!(
            "{} already holds an institution; init creates a new database (an empty one: createdb)",
            ctx.db_label()
        ),
        ));
    }
    let inst = Institution {
        name: args.institution,
        name_en: None,
        vice_president: args.vice_president,
    };
    store.write(&Actor::from_env(), ctx.now, "init", |w| {
        portfolio::set_institution(w, &inst)
    })?;
    crate::snapshot::ensure_key(ctx)?;
    println!("created {} for {}", ctx.db_label(), inst.name);
    Ok(())
}

#[derive(Debug, Args)]
pub struct DemoArgs {
    /// How many applications to generate (the ordinary demo has about 450).
    #[arg(long, default_value_t = demo::DEFAULT_SCALE)]
    scale: u32,
    /// Random seed: the same seed and today give the same database.
    #[arg(long, default_value_t = demo::DEFAULT_SEED)]
    seed: u64,
    #[arg(long, value_enum, default_value_t)]
    format: Format,
}

pub fn demo(ctx: &Ctx, args: DemoArgs) -> CliResult<()> {
    let mut store = ctx.open_for_write()?;
    let opts = DemoOptions {
        scale: args.scale,
        seed: args.seed,
        today: ctx.today,
    };
    let summary = demo::generate(&mut store, opts, ctx.now)?;
    crate::snapshot::ensure_key(ctx)?;
    match args.format {
        Format::Json => output::json(&summary)?,
        Format::Table => println!(
            "{}: {} disclosures, {} families, {} applications, {} events, {} costs, {} people → {}",
            demo::INSTITUTION,
            summary.disclosures,
            summary.families,
            summary.applications,
            summary.events,
            summary.costs,
            summary.people,
            ctx.db_label()
        ),
    }
    Ok(())
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The JSON file written by `chizai export`.
    pub(crate) file: PathBuf,
}

pub fn import(ctx: &Ctx, args: ImportArgs) -> CliResult<()> {
    let data = exchange::read_file(&args.file)?;
    let mut store = ctx.open_for_write()?;
    let summary = exchange::import(&mut store, &data, &Actor::from_env(), ctx.now)?;
    println!(
        "imported {} applications, {} disclosures, {} families, {} events, {} costs from {}",
        summary.applications,
        summary.disclosures,
        summary.families,
        summary.events,
        summary.costs,
        args.file.display()
    );
    Ok(())
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// Where to write the JSON (use - for stdout).
    #[arg(long)]
    pub(crate) out: PathBuf,
}

pub fn export(ctx: &Ctx, args: ExportArgs) -> CliResult<()> {
    let store = ctx.open_existing()?;
    let data = exchange::export(store.conn())?;
    let text = serde_json::to_string_pretty(&data)
        .map_err(|e| CliError::coded(ErrorCode::Internal, format!("cannot encode JSON: {e}")))?;
    if args.out.as_os_str() == "-" {
        println!("{text}");
        return Ok(());
    }
    chizai_core::atomic::write_atomically(
        &args.out,
        (text + "\n").as_bytes(),
        &mut chizai_core::progress::Progress::silent(),
    )
    .map_err(|e| {
        CliError::coded(
            ErrorCode::Storage,
            format!("cannot write {}: {e}", args.out.display()),
        )
    })?;
    eprintln!(
        "exported {} applications to {}",
        data.applications.len(),
        args.out.display()
    );
    Ok(())
}

#[derive(Debug, Subcommand)]
pub enum AuditCommand {
    /// Walk the hash chain, and check it continues the history signed into the newest snapshot
    /// (the desk's snapshot folder, or --against FILE); exit 1 and name the first broken link.
    Verify {
        /// The snapshot whose signed audit head the live history must continue.
        #[arg(long, value_name = "SNAPSHOT")]
        against: Option<PathBuf>,
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
    /// The most recent changes.
    List {
        #[arg(long, default_value_t = 20)]
        limit: u32,
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
}

/// The live history checked against `--against FILE` or the newest snapshot in the desk's folder
/// (none under `--snapshot`: that history is the snapshot's own).
fn check_against_snapshot(
    ctx: &Ctx,
    store: &chizai_core::store::Store,
    against: Option<PathBuf>,
) -> CliResult<Option<snapshot::trust::CheckedAgainst>> {
    if ctx.snapshot.is_some() {
        return Ok(None);
    }
    let Some(file) = against.or_else(|| snapshot::trust::latest_desk_snapshot(&ctx.db)) else {
        return Ok(None);
    };
    let pinned = snapshot::trust::pinned(&ctx.db)?;
    snapshot::trust::check_live_against(store.conn(), &file, &pinned)
        .map(Some)
        .map_err(|e| {
            CliError::new(format!(
                "audit trail checked against {}: {e}",
                file.display()
            ))
        })
}

pub fn audit(ctx: &Ctx, cmd: AuditCommand) -> CliResult<()> {
    let store = ctx.open_existing()?;
    match cmd {
        AuditCommand::Verify { against, format } => {
            let report = audit::verify(store.conn())?;
            let checked = check_against_snapshot(ctx, &store, against)?;
            match format {
                Format::Json => match &checked {
                    None => output::json(&report)?,
                    Some(c) => {
                        let mut value = serde_json::to_value(&report).map_err(|e| {
                            CliError::coded(ErrorCode::Internal, format!("cannot encode JSON: {e}"))
                        })?;
                        value["against_snapshot"] = serde_json::to_value(c).map_err(|e| {
                            CliError::coded(ErrorCode::Internal, format!("cannot encode JSON: {e}"))
                        })?;
                        output::json(&value)?
                    }
                },
                Format::Table => match &report.broken {
                    None => println!(
                        "audit trail intact: {} entries, head {}",
                        report.rows, report.head
                    ),
                    Some(b) => println!("audit trail BROKEN at entry {}: {}", b.seq, b.reason),
                },
            }
            if let (Some(c), Format::Table) = (&checked, format) {
                println!(
                    "continues the history signed into {} (as of {}): entry {} has hash {}",
                    c.file, c.as_of, c.rows, c.head
                );
            }
            if let Some(b) = report.broken {
                return Err(CliError {
                    message: format!("the audit trail is broken at entry {}", b.seq),
                    exit_code: 1,
                });
            }
            Ok(())
        }
        AuditCommand::List { limit, format } => {
            let entries = audit::list_recent(store.conn(), limit)?;
            match format {
                Format::Json => output::json(&entries)?,
                Format::Table => {
                    let rows = entries
                        .iter()
                        .map(|e| {
                            vec![
                                e.seq.to_string(),
                                e.at.clone(),
                                e.actor.clone(),
                                e.action.clone(),
                                format!("{} {}", e.entity, e.entity_id),
                            ]
                        })
                        .collect::<Vec<_>>();
                    output::table(&["#", "日時", "担当", "操作", "対象"], &rows);
                }
            }
            Ok(())
        }
    }
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    #[arg(long, value_enum, default_value_t)]
    format: Format,
}

/// `chizai check`: SQLite's full-file `quick_check` on demand, recorded with its result (the open
/// no longer runs it every time; see the core's `store::health`). Exit 1 when it fails.
pub fn check(ctx: &Ctx, args: CheckArgs) -> CliResult<()> {
    ctx.refuse_snapshot()?;
    let mut store = ctx.open_existing()?;
    let rec = health::check_and_record(&mut store, ctx.now, health::CheckReason::OnDemand)?;
    match args.format {
        Format::Json => output::json(&rec)?,
        Format::Table if rec.ok => println!(
            "integrity ok: {} passed its check in {} ms ({})",
            ctx.db_label(),
            rec.millis,
            rec.checked_at
        ),
        Format::Table => println!("INTEGRITY CHECK FAILED: {}: {}", ctx.db_label(), rec.detail),
    }
    if rec.ok {
        Ok(())
    } else {
        Err(CliError::new(format!(
            "{} failed SQLite's quick_check; restore it from a backup (files named *.backup-*) or a snapshot",
            ctx.db.display()
        )))
    }
}
