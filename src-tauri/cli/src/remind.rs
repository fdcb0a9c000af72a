//! `chizai remind`: the day's e-mail digests of deadlines (issue 16) — for a server's scheduled
//! job (cron, a systemd timer, Windows Task Scheduler). Prepares every digest of `--today`, sends
//! each through the SMTP server (`--smtp`, `CHIZAI_SMTP`, else the settings) and logs it; a
//! digest already sent for the day is never sent again, a failed one is retried by the next run.
//! `--dry-run` prints what would go out and writes nothing; `--test-to` sends one test mail;
//! `--log` lists the sent-log.

use chizai_core::remind::{self, Digest, LogEntry, Outcome, Sender, SmtpTarget};
use chizai_core::store::Actor;
use clap::{Args, Subcommand};
use serde::Serialize;

use crate::context::Ctx;
use crate::error::{CliError, CliResult, ErrorCode};
use crate::output::{self, opt, Format};

/// `chizai remind [--dry-run] [--smtp URL] [--format json] | --test-to ADDRESS | --log | settings`.
#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct RemindArgs {
    #[command(subcommand)]
    command: Option<RemindCommand>,
    /// Print every digest that would go out (recipient, subject, lines); send and write nothing.
    #[arg(long)]
    dry_run: bool,
    /// The SMTP server: smtp://[USER@]HOST[:PORT] (STARTTLS; ?tls=none for a plain relay) or
    /// smtps://[USER@]HOST[:PORT] (TLS). Default: the settings. The password comes from
    /// CHIZAI_SMTP_PASSWORD or the OS keyring, never from the URL.
    #[arg(long, env = "CHIZAI_SMTP", value_name = "URL")]
    smtp: Option<String>,
    /// The sender address (default: the settings' sender).
    #[arg(long, env = "CHIZAI_SMTP_FROM", value_name = "ADDRESS")]
    from: Option<String>,
    /// Send one test mail to this address and stop (checks the SMTP settings).
    #[arg(long, value_name = "ADDRESS", conflicts_with_all = ["dry_run", "log"])]
    test_to: Option<String>,
    /// List the sent-log (newest first) instead of running.
    #[arg(long, conflicts_with = "dry_run")]
    log: bool,
    /// With --log: only the failures still to be retried.
    #[arg(long, requires = "log")]
    failed: bool,
    /// With --log: how many rows.
    #[arg(long, default_value_t = 50, requires = "log")]
    limit: usize,
    /// Output format.
    #[arg(long, value_enum, default_value = "table")]
    format: Format,
}

#[derive(Debug, Subcommand)]
enum RemindCommand {
    /// Show the reminder settings, or change the ones given (audited): the SMTP server (a URL as
    /// for --smtp; never a password), the sender and the office manager.
    Settings {
        /// smtp://[USER@]HOST[:PORT][?tls=none] or smtps://[USER@]HOST[:PORT].
        #[arg(long, value_name = "URL")]
        smtp: Option<String>,
        /// The sender address of the digests.
        #[arg(long, value_name = "ADDRESS")]
        from: Option<String>,
        /// The sender's display name.
        #[arg(long, value_name = "NAME")]
        from_name: Option<String>,
        /// The person (id) who receives every overdue deadline of the office; 0 for nobody.
        #[arg(long, value_name = "PERSON_ID")]
        office_manager: Option<i64>,
        /// Output format.
        #[arg(long, value_enum, default_value = "table")]
        format: Format,
    },
}

/// One digest in the run's report: what was prepared and what became of it.
#[derive(Debug, Serialize)]
struct DigestReport<'a> {
    #[serde(flatten)]
    digest: &'a Digest,
    /// sent, failed, or dry_run.
    status: &'static str,
    attempts: Option<u32>,
    message_id: Option<String>,
    error: Option<String>,
}

/// The run's report (`--format json`: a stable shape, documented in the README).
#[derive(Debug, Serialize)]
struct RunReport<'a> {
    day: chrono::NaiveDate,
    dry_run: bool,
    office_closed: Option<&'a str>,
    smtp: Option<String>,
    digests: Vec<DigestReport<'a>>,
    already_sent: &'a [chizai_core::domain::PersonId],
    unassigned: usize,
    failures: Vec<LogEntry>,
}

fn target(args: &RemindArgs, settings: &remind::ReminderSettings) -> CliResult<SmtpTarget> {
    match &args.smtp {
        Some(url) => Ok(SmtpTarget::parse_url(url)?),
        None => SmtpTarget::from_settings(settings).ok_or_else(|| {
            CliError::coded(
                ErrorCode::Validation,
                "no SMTP server: pass --smtp smtp://HOST:PORT (or smtps://…), set CHIZAI_SMTP, or set the server in the app's Settings → メール通知",
            )
        }),
    }
}

fn sender(args: &RemindArgs, settings: &remind::ReminderSettings) -> CliResult<Sender> {
    let address = args
        .from
        .clone()
        .or_else(|| settings.from_address.clone())
        .ok_or_else(|| {
            CliError::coded(
                ErrorCode::Validation,
                "no sender address: pass --from ADDRESS, set CHIZAI_SMTP_FROM, or set the sender in the app's Settings → メール通知",
            )
        })?;
    Ok(Sender {
        address,
        name: settings.from_name.clone(),
    })
}

/// Run `chizai remind …`.
pub fn run(ctx: &Ctx, args: RemindArgs) -> CliResult<()> {
    if let Some(RemindCommand::Settings {
        smtp,
        from,
        from_name,
        office_manager,
        format,
    }) = args.command
    {
        return settings(ctx, smtp, from, from_name, office_manager, format);
    }
    if args.log {
        let db = ctx.open_existing()?;
        let rows = remind::list_log(db.conn(), args.limit, args.failed)?;
        return print_log(&rows, args.format);
    }
    if let Some(to) = &args.test_to {
        let db = ctx.open_existing()?;
        let settings = remind::get_settings(db.conn())?;
        let target = target(&args, &settings)?;
        let id = remind::send_test(&target, &sender(&args, &settings)?, to, ctx.now)?;
        println!("test mail sent to {to} through {} ({id})", target.label());
        return Ok(());
    }
    let mut db = ctx.open_existing()?;
    let plan = remind::prepare(db.conn(), ctx.today, ctx.now)?;
    let mut outcomes: Vec<Outcome> = Vec::new();
    let mut smtp = None;
    if !args.dry_run && !plan.digests.is_empty() {
        let target = target(&args, &plan.settings)?;
        let sender = sender(&args, &plan.settings)?;
        if db.is_read_only() {
            return Err(CliError::coded(
                ErrorCode::ReadOnly,
                "this database is opened read-only (an auditor snapshot, or an auditor's login on the office server): sending reminders is refused; --dry-run shows what would go out",
            ));
        }
        smtp = Some(target.label());
        outcomes = remind::send_plan(
            &mut db,
            &Actor::from_env(),
            ctx.now,
            &plan,
            &target,
            &sender,
        )?;
    }
    let failures = remind::list_log(db.conn(), 1000, true)?;
    let report = RunReport {
        day: plan.day,
        dry_run: args.dry_run,
        office_closed: plan.office_closed.as_deref(),
        smtp,
        digests: plan
            .digests
            .iter()
            .map(|d| {
                let o = outcomes.iter().find(|o| o.person_id == d.person_id);
                DigestReport {
                    digest: d,
                    status: match o.map(|o| o.status) {
                        Some(remind::LogStatus::Sent) => "sent",
                        Some(_) => "failed",
                        None => "dry_run",
                    },
                    attempts: o.map(|o| o.attempts),
                    message_id: o.and_then(|o| o.message_id.clone()),
                    error: o.and_then(|o| o.error.clone()),
                }
            })
            .collect(),
        already_sent: &plan.already_sent,
        unassigned: plan.unassigned,
        failures,
    };
    match args.format {
        Format::Json => output::json(&report)?,
        Format::Table => print_report(&report, args.dry_run),
    }
    let failed = report
        .digests
        .iter()
        .filter(|d| d.status == "failed")
        .count();
    if failed > 0 {
        return Err(CliError::coded(ErrorCode::Server, format!(
            "{failed} digest(s) not sent; they are retried on the next run (chizai remind --log --failed)"
        )));
    }
    Ok(())
}

/// `chizai remind settings`: shows, or changes what is given.
fn settings(
    ctx: &Ctx,
    smtp: Option<String>,
    from: Option<String>,
    from_name: Option<String>,
    office_manager: Option<i64>,
    format: Format,
) -> CliResult<()> {
    let changing =
        smtp.is_some() || from.is_some() || from_name.is_some() || office_manager.is_some();
    let shown = if changing {
        let mut store = ctx.open_for_write()?;
        let mut s = remind::get_settings(store.conn())?;
        if let Some(url) = &smtp {
            let t = SmtpTarget::parse_url(url)?;
            s.smtp_host = Some(t.host);
            s.smtp_port = Some(t.port);
            s.smtp_security = t.security;
            s.smtp_user = t.user;
        }
        if from.is_some() {
            s.from_address = from;
        }
        if from_name.is_some() {
            s.from_name = from_name;
        }
        if let Some(id) = office_manager {
            s.office_manager_id = (id != 0).then_some(chizai_core::domain::PersonId(id));
        }
        store.write(
            &Actor::from_env(),
            ctx.now,
            "change the reminder settings",
            |w| remind::set_settings(w, &s),
        )?
    } else {
        let db = ctx.open_existing()?;
        remind::get_settings(db.conn())?
    };
    if format == Format::Json {
        return output::json(&shown);
    }
    let server = SmtpTarget::from_settings(&shown).map(|t| t.label());
    let manager = match (&shown.office_manager, shown.office_manager_id) {
        (Some(name), Some(id)) => Some(format!("{name} ({id})")),
        _ => None,
    };
    println!("SMTP server     {}", opt(&server));
    println!("sender          {}", opt(&shown.from_address));
    println!("sender name     {}", opt(&shown.from_name));
    println!("office manager  {}", opt(&manager));
    Ok(())
}

fn print_report(r: &RunReport<'_>, dry_run: bool) {
    if let Some(why) = r.office_closed {
        println!(
            "{}: the office is closed ({why}); no reminders are sent on a closed day",
            r.day
        );
        return;
    }
    if dry_run {
        for d in &r.digests {
            println!("To: {} <{}>", d.digest.person, opt(&d.digest.recipient));
            println!("Subject: {}", d.digest.subject);
            println!(
                "Attachment: chizai-deadlines.ics ({} events)\n",
                d.digest.calendar_events
            );
            println!("{}", d.digest.body);
            println!("{}", "─".repeat(60));
        }
    }
    let rows: Vec<Vec<String>> = r
        .digests
        .iter()
        .map(|d| {
            vec![
                d.digest.person.clone(),
                opt(&d.digest.recipient),
                d.digest.reminders.len().to_string(),
                (d.digest.overdue.len() + d.digest.office_overdue.len()).to_string(),
                d.status.to_owned(),
                d.error.clone().unwrap_or_default(),
            ]
        })
        .collect();
    output::table(&["担当者", "宛先", "通知", "徒過", "状態", "エラー"], &rows);
    println!(
        "{}: {} digest(s){}; {} already sent today; {} item(s) with nobody to remind",
        r.day,
        r.digests.len(),
        r.smtp
            .as_deref()
            .map(|s| format!(" through {s}"))
            .unwrap_or_default(),
        r.already_sent.len(),
        r.unassigned
    );
}

fn print_log(rows: &[LogEntry], format: Format) -> CliResult<()> {
    if format == Format::Json {
        return output::json(rows);
    }
    let rows: Vec<Vec<String>> = rows
        .iter()
        .map(|e| {
            vec![
                e.day.to_string(),
                e.person.clone(),
                opt(&e.recipient),
                serde_json::to_value(e.status)
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_owned))
                    .unwrap_or_default(),
                e.attempts.to_string(),
                e.items.to_string(),
                e.error.clone().unwrap_or_default(),
            ]
        })
        .collect();
    output::table(
        &["日付", "担当者", "宛先", "状態", "試行", "件数", "エラー"],
        &rows,
    );
    Ok(())
}
