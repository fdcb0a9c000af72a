//! `chizai deadlines`: the docket over the database — list (table, JSON, CSV, ICS), mark done,
//! waive, add by hand, recompute from the applications' facts.

use chizai_core::deadlines::{self as dl, Deadline, DeadlineFilter, NewDeadline, StatusFilter};
use chizai_core::domain::{DeadlineId, PersonId};
use chizai_core::portfolio as pf;
use chizai_core::store::Actor;
use chrono::NaiveDate;
use clap::{Args, Subcommand, ValueEnum};

use crate::context::{parse_date, Ctx};
use crate::error::CliResult;
use crate::output::{self, opt};

/// `chizai deadlines [list options] | done | waive | add | recompute`.
#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct DeadlinesArgs {
    #[command(subcommand)]
    command: Option<DeadlinesCommand>,
    #[command(flatten)]
    list: ListArgs,
}

#[derive(Debug, Subcommand)]
enum DeadlinesCommand {
    /// Mark a deadline done.
    Done {
        /// Deadline id.
        id: i64,
        /// The day it was done (YYYY-MM-DD).
        #[arg(long, value_parser = parse_date)]
        on: NaiveDate,
        /// What was done.
        #[arg(long)]
        note: Option<String>,
    },
    /// Waive a deadline (decide not to act), with the reason.
    Waive {
        /// Deadline id.
        id: i64,
        /// Why (e.g. 権利放棄の決定).
        #[arg(long)]
        reason: String,
    },
    /// Add a deadline by hand.
    Add {
        /// The application (reference, application number or id).
        #[arg(long)]
        application: Option<String>,
        /// Or an agreement reference.
        #[arg(long)]
        agreement: Option<String>,
        /// What is due.
        #[arg(long)]
        title: String,
        /// The date (YYYY-MM-DD).
        #[arg(long, value_parser = parse_date)]
        due: NaiveDate,
        /// A code, e.g. agreement.report (default: manual).
        #[arg(long)]
        code: Option<String>,
        /// Responsible person's id.
        #[arg(long)]
        responsible: Option<i64>,
        /// Notes.
        #[arg(long)]
        notes: Option<String>,
    },
    /// Recompute the generated deadlines from the applications' facts (idempotent).
    Recompute {
        /// Only this application (reference, application number or id).
        #[arg(long)]
        application: Option<String>,
    },
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum ListFormat {
    Table,
    Json,
    Csv,
    Ics,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum StatusArg {
    Open,
    Done,
    Waived,
    Overdue,
    /// Open, without information notices whose day has passed (the desktop docket's default).
    Actionable,
    Obsolete,
    All,
}

#[derive(Debug, Args)]
struct ListArgs {
    /// Due on or after (YYYY-MM-DD).
    #[arg(long, value_parser = parse_date)]
    from: Option<NaiveDate>,
    /// Due on or before (YYYY-MM-DD).
    #[arg(long, value_parser = parse_date)]
    to: Option<NaiveDate>,
    /// Which deadlines.
    #[arg(long, value_enum, default_value = "open")]
    status: StatusArg,
    /// Office of the application (JP, PCT, US, EP, …).
    #[arg(long)]
    office: Option<String>,
    /// Responsible person (part of the name, or the id).
    #[arg(long)]
    responsible: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value = "table")]
    format: ListFormat,
}

/// Run `chizai deadlines …`.
pub fn run(ctx: &Ctx, args: DeadlinesArgs) -> CliResult<()> {
    match args.command {
        None => list(ctx, args.list),
        Some(DeadlinesCommand::Done { id, on, note }) => {
            let mut store = ctx.open_existing()?;
            let d = store.write(&Actor::from_env(), ctx.now, "mark a deadline done", |w| {
                dl::mark_done(w, DeadlineId(id), on, note.as_deref())
            })?;
            println!("{} done on {} ({} {})", d.id, on, d.code, d.title);
            Ok(())
        }
        Some(DeadlinesCommand::Waive { id, reason }) => {
            let mut store = ctx.open_existing()?;
            let d = store.write(&Actor::from_env(), ctx.now, "waive a deadline", |w| {
                dl::waive(w, DeadlineId(id), &reason)
            })?;
            println!("{} waived ({} {})", d.id, d.code, d.title);
            Ok(())
        }
        Some(DeadlinesCommand::Add {
            application,
            agreement,
            title,
            due,
            code,
            responsible,
            notes,
        }) => {
            let mut store = ctx.open_existing()?;
            let application_id = application
                .map(|key| pf::find_application(store.conn(), &key))
                .transpose()?;
            let input = NewDeadline {
                application_id,
                agreement_ref: agreement,
                code,
                title,
                due,
                responsible_id: responsible.map(PersonId),
                notes,
            };
            let d = store.write(&Actor::from_env(), ctx.now, "add a deadline", |w| {
                dl::add_manual(w, &input)
            })?;
            println!("{} added: {} {}", d.id, d.due, d.title);
            Ok(())
        }
        Some(DeadlinesCommand::Recompute { application }) => {
            let mut store = ctx.open_existing()?;
            let only = application
                .map(|key| pf::find_application(store.conn(), &key))
                .transpose()?;
            let today = ctx.today;
            let s = store.write(&Actor::from_env(), ctx.now, "recompute the docket", |w| {
                dl::recompute(w, only, today)
            })?;
            println!(
                "{} applications ({} unchanged since the last recompute), {} deadlines computed: {} created, {} updated, {} closed, {} obsolete, {} unchanged",
                s.applications, s.skipped, s.computed, s.created, s.updated, s.closed, s.obsoleted, s.unchanged
            );
            Ok(())
        }
    }
}

fn list(ctx: &Ctx, a: ListArgs) -> CliResult<()> {
    let store = ctx.open_existing()?;
    let filter = DeadlineFilter {
        from: a.from,
        to: a.to,
        status: match a.status {
            StatusArg::Open => StatusFilter::Open,
            StatusArg::Done => StatusFilter::Done,
            StatusArg::Waived => StatusFilter::Waived,
            StatusArg::Overdue => StatusFilter::Overdue,
            StatusArg::Actionable => StatusFilter::Actionable,
            StatusArg::Obsolete => StatusFilter::Obsolete,
            StatusArg::All => StatusFilter::All,
        },
        office: a.office,
        responsible: a.responsible,
        ..DeadlineFilter::default()
    };
    let rows = dl::list_deadlines(store.conn(), &filter, ctx.today)?;
    // Offices without rules: a marker, never a silently empty docket. On stdout under the table;
    // on stderr for the machine formats, whose shape stays as documented.
    let unruled = dl::unruled_offices(store.conn(), &filter)?;
    for u in &unruled {
        match a.format {
            ListFormat::Table => {}
            _ => eprintln!("chizai: note: {}", u.line()),
        }
    }
    match a.format {
        ListFormat::Json => output::json(&rows),
        ListFormat::Csv => {
            print!("{}", dl::to_csv(&rows, ctx.today));
            Ok(())
        }
        ListFormat::Ics => {
            let institution = pf::get_institution(store.conn())
                .map(|i| i.name)
                .unwrap_or_else(|_| "Chizai".to_string());
            print!("{}", dl::to_ics(&rows, &institution, ctx.now));
            Ok(())
        }
        ListFormat::Table => {
            let table: Vec<Vec<String>> = rows
                .iter()
                .map(|d| {
                    vec![
                        d.id.to_string(),
                        d.due.to_string(),
                        d.state(ctx.today).csv_label().to_string(),
                        opt(&d.application_reference),
                        opt(&d.office),
                        code_label(d),
                        d.title.clone(),
                        opt(&d.responsible),
                    ]
                })
                .collect();
            output::table(
                &[
                    "id",
                    "期限 due",
                    "status",
                    "整理番号",
                    "office",
                    "rule",
                    "内容",
                    "担当",
                ],
                &table,
            );
            for u in &unruled {
                println!("! {}", u.line());
                println!("! {}", u.message_ja);
            }
            Ok(())
        }
    }
}

fn code_label(d: &Deadline) -> String {
    let mut s = d.code.clone();
    if let Some(y) = d.year {
        s.push_str(&format!(" y{y}"));
    }
    if let Some(t) = &d.target {
        s.push_str(&format!(" →{t}"));
    }
    s
}
