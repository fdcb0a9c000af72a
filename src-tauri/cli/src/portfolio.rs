//! Portfolio listings: applications, disclosures and search.

use chizai_core::attachments;
use chizai_core::domain::{EventKind, Office, RightType, Status};
use chizai_core::portfolio::Event;
use chizai_core::portfolio::{self as pf, percent_text, ApplicationQuery, SortKey};
use chizai_core::search as fts;
use chizai_core::store::Actor;
use clap::{Args, Subcommand, ValueEnum};

use crate::context::{parse_date, Ctx};
use crate::error::CliResult;
use crate::output::{self, opt, Format};

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum Sort {
    Reference,
    Filed,
    Status,
    Office,
    Title,
}

#[derive(Debug, Subcommand)]
pub enum ApplicationsCommand {
    /// List applications, filtered, sorted and paged.
    List(ListArgs),
    /// Show one application (by reference, application number or id) with its events and costs.
    Show {
        key: String,
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
    /// Record a dated event (office action dispatched, decision served, registered, …) and
    /// recompute the application's deadlines in the same transaction.
    Event {
        /// The application: reference, application number or id.
        key: String,
        /// filed, published, exam_requested, oa_dispatched, oa_responded, refusal_served, appeal_filed,
        /// grant_decision_served, grant_fee_paid, registered, granted, annuity_paid, isr_transmitted,
        /// national_phase_entered, disclosed, abandoned, lapsed, withdrawn
        #[arg(long, value_parser = |s: &str| EventKind::parse(s).map_err(|e| e.to_string()))]
        kind: EventKind,
        #[arg(long, value_parser = parse_date)]
        on: chrono::NaiveDate,
        #[arg(long)]
        note: Option<String>,
    },
    /// Attach a file (stored by its SHA-256 beside the database).
    Attach {
        key: String,
        file: std::path::PathBuf,
    },
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// JP, PCT, US, EP, CN, KR, …
    #[arg(long, value_parser = |s: &str| Office::parse(s).map_err(|e| e.to_string()))]
    office: Option<Office>,
    /// drafting, filed, published, examination, granted, refused, lapsed, abandoned, expired, concluded
    #[arg(long, value_parser = |s: &str| Status::parse(s).map_err(|e| e.to_string()))]
    status: Option<Status>,
    /// patent, utility_model, design, trademark, provisional
    #[arg(long, value_parser = |s: &str| RightType::parse(s).map_err(|e| e.to_string()))]
    right: Option<RightType>,
    /// Text in the title, number, reference, inventors or co-applicants.
    #[arg(long)]
    text: Option<String>,
    #[arg(long, value_parser = parse_date)]
    filed_from: Option<chrono::NaiveDate>,
    #[arg(long, value_parser = parse_date)]
    filed_to: Option<chrono::NaiveDate>,
    #[arg(long, value_enum, default_value = "reference")]
    sort: Sort,
    #[arg(long)]
    desc: bool,
    /// Rows per page (0 = all).
    #[arg(long, default_value_t = 0)]
    limit: u32,
    #[arg(long, default_value_t = 0)]
    offset: u32,
    #[arg(long, value_enum, default_value_t)]
    format: Format,
}

pub fn applications(ctx: &Ctx, cmd: ApplicationsCommand) -> CliResult<()> {
    let mut store = ctx.open_existing()?;
    match cmd {
        ApplicationsCommand::Event {
            key,
            kind,
            on,
            note,
        } => {
            let id = pf::find_application(store.conn(), &key)?;
            let event = Event {
                id: None,
                application_id: id,
                kind,
                occurred_on: on,
                note,
            };
            let today = ctx.today;
            let recorded = store.write(&Actor::from_env(), ctx.now, "recording an event", |w| {
                chizai_core::deadlines::record_event(w, &event, today)
            })?;
            println!(
                "recorded {kind} on {on} for {key} (event {})",
                recorded.event_id
            );
            let s = recorded.summary;
            println!(
                "deadlines: {} new, {} changed, {} closed, {} obsolete",
                s.created, s.updated, s.closed, s.obsoleted
            );
        }
        ApplicationsCommand::Attach { key, file } => {
            let id = pf::find_application(store.conn(), &key)?;
            let data_dir = ctx.data_dir();
            let attachment = store.write(&Actor::from_env(), ctx.now, "attaching a file", |w| {
                attachments::attach(w, &data_dir, "application", id.0, &file)
            })?;
            println!(
                "attached {} to {key} (attachment {attachment})",
                file.display()
            );
        }
        ApplicationsCommand::List(a) => {
            let q = ApplicationQuery {
                office: a.office,
                status: a.status,
                right_type: a.right,
                text: a.text,
                filed_from: a.filed_from,
                filed_to: a.filed_to,
                family_id: None,
                sort: match a.sort {
                    Sort::Reference => SortKey::Reference,
                    Sort::Filed => SortKey::FiledOn,
                    Sort::Status => SortKey::Status,
                    Sort::Office => SortKey::Office,
                    Sort::Title => SortKey::Title,
                },
                descending: a.desc,
                limit: if a.limit == 0 { 10_000 } else { a.limit },
                offset: a.offset,
                skip_count: false,
                // The CLI's total is always exact (its JSON is documented so).
                count_cap: None,
            };
            let page = pf::list_applications(store.conn(), &q)?;
            match a.format {
                Format::Json => output::json(&page)?,
                Format::Table => {
                    let rows = page
                        .rows
                        .iter()
                        .map(|r| {
                            vec![
                                r.reference.clone(),
                                r.office.to_string(),
                                opt(&r.application_number),
                                opt(&r.filed_on),
                                r.status.label_ja().to_owned(),
                                opt(&r.registration_number),
                                r.title.clone(),
                            ]
                        })
                        .collect::<Vec<_>>();
                    output::table(
                        &[
                            "整理番号",
                            "庁",
                            "出願番号",
                            "出願日",
                            "状態",
                            "登録番号",
                            "発明の名称",
                        ],
                        &rows,
                    );
                    println!("{} of {} applications", page.rows.len(), page.total);
                }
            }
        }
        ApplicationsCommand::Show { key, format } => {
            let id = pf::find_application(store.conn(), &key)?;
            let detail = pf::get_application_detail(store.conn(), id)?;
            match format {
                Format::Json => output::json(&detail)?,
                Format::Table => {
                    let a = &detail.application;
                    println!("{}  {}", a.reference, a.title);
                    println!(
                        "  庁 / 種別: {} / {}   状態: {}   ファミリー: {}",
                        a.office,
                        a.right_type.label_ja(),
                        a.status.label_ja(),
                        detail.family_reference
                    );
                    println!(
                        "  出願番号: {}   出願日: {}",
                        opt(&a.application_number_raw),
                        opt(&a.filed_on)
                    );
                    println!(
                        "  公開: {} {}   審査請求: {}",
                        opt(&a.publication_number),
                        opt(&a.published_on),
                        opt(&a.exam_requested_on)
                    );
                    println!(
                        "  登録: {} {}   年金納付済: {}",
                        opt(&a.registration_number),
                        opt(&a.registered_on),
                        opt(&a.annuities_paid_to)
                    );
                    let inventors: Vec<String> = detail
                        .inventors
                        .iter()
                        .map(|i| format!("{} {}", i.name, percent_text(i.share_bp)))
                        .collect();
                    println!("  発明者: {}", inventors.join("、"));
                    let co: Vec<String> = detail
                        .co_applicants
                        .iter()
                        .map(|i| format!("{} {}", i.name, percent_text(i.share_bp)))
                        .collect();
                    println!(
                        "  共同出願人: {}",
                        if co.is_empty() {
                            "—".to_owned()
                        } else {
                            co.join("、")
                        }
                    );
                    println!("  経過:");
                    for e in &detail.events {
                        println!("    {}  {}", e.occurred_on, e.kind);
                    }
                    let total: i64 = detail.costs.iter().map(|c| c.amount_yen).sum();
                    println!("  費用: {} 件 計 {} 円", detail.costs.len(), total);
                }
            }
        }
    }
    Ok(())
}

#[derive(Debug, Subcommand)]
pub enum DisclosuresCommand {
    /// List disclosures, newest first.
    List {
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
    /// Show one disclosure by number or id.
    Show {
        key: String,
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
}

pub fn disclosures(ctx: &Ctx, cmd: DisclosuresCommand) -> CliResult<()> {
    let store = ctx.open_existing()?;
    match cmd {
        DisclosuresCommand::List { format } => {
            let list = pf::list_disclosures(store.conn(), true)?;
            match format {
                Format::Json => output::json(&list)?,
                Format::Table => {
                    let rows = list
                        .iter()
                        .map(|d| {
                            vec![
                                d.number.clone(),
                                d.received_on.to_string(),
                                d.succession.to_string(),
                                opt(&d.succession_on),
                                d.title.clone(),
                            ]
                        })
                        .collect::<Vec<_>>();
                    output::table(
                        &["届出番号", "受付日", "承継", "決定日", "発明の名称"],
                        &rows,
                    );
                }
            }
        }
        DisclosuresCommand::Show { key, format } => {
            let d = pf::get_disclosure(store.conn(), &key)?;
            match format {
                Format::Json => output::json(&d)?,
                Format::Table => {
                    println!("{}  {}", d.number, d.title);
                    println!(
                        "  受付日: {}   資金: {}   政府資金: {}",
                        d.received_on,
                        opt(&d.funding_source),
                        if d.government_funded {
                            "あり（日本版バイ・ドール）"
                        } else {
                            "なし"
                        }
                    );
                    println!(
                        "  承継: {} {} {}",
                        d.succession,
                        opt(&d.succession_on),
                        d.succession_reason.clone().unwrap_or_default()
                    );
                    println!("  評価: {}", opt(&d.evaluation));
                }
            }
        }
    }
    Ok(())
}

#[derive(Debug, Args)]
pub struct SearchArgs {
    /// What to look for (a Japanese substring, a number, a name).
    text: String,
    #[arg(long, default_value_t = 50)]
    limit: u32,
    #[arg(long, value_enum, default_value_t)]
    format: Format,
}

pub fn search(ctx: &Ctx, args: SearchArgs) -> CliResult<()> {
    let store = ctx.open_existing()?;
    let hits = fts::search(store.conn(), &args.text, args.limit)?;
    match args.format {
        Format::Json => output::json(&hits)?,
        Format::Table => {
            let rows = hits
                .iter()
                .map(|h| vec![h.entity.clone(), h.entity_id.to_string(), h.label.clone()])
                .collect::<Vec<_>>();
            output::table(&["種類", "ID", "内容"], &rows);
        }
    }
    Ok(())
}
