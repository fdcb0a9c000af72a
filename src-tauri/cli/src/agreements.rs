//! Agreements and policy documents: `chizai agreements list|show`, `chizai policies list|show`.

use chizai_core::agreements::{self as ag, AgreementKind, AgreementQuery, AgreementStatus};
use chizai_core::attachments;
use chizai_core::policies;
use chizai_core::store::Actor;
use clap::{Args, Subcommand};

use crate::context::{parse_date, Ctx};
use crate::error::{CliError, CliResult, ErrorCode};
use crate::output::{self, opt, Format};

#[derive(Debug, Subcommand)]
pub enum AgreementsCommand {
    /// The agreement register.
    List(AgreementListArgs),
    /// One agreement (by number or id) with its parties, covered applications, income and obligations.
    Show {
        key: String,
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
    /// Record a new agreement from a JSON file (the `agreements show --format json` "agreement"
    /// shape without its id; `-` reads standard input).
    Add { file: std::path::PathBuf },
    /// End an agreement early (解約) on a date.
    Terminate {
        key: String,
        #[arg(long, value_parser = parse_date)]
        on: chrono::NaiveDate,
    },
    /// Attach a file (the signed PDF, …) to an agreement, stored by its SHA-256 beside the database.
    Attach {
        key: String,
        file: std::path::PathBuf,
    },
}

#[derive(Debug, Args)]
pub struct AgreementListArgs {
    /// tlo_mandate, licence_exclusive, licence_non_exclusive, option, assignment, joint_research,
    /// contract_research, nda, mta
    #[arg(long, value_parser = |s: &str| AgreementKind::parse(s).map_err(|e| e.to_string()))]
    kind: Option<AgreementKind>,
    /// negotiating, in_force, expired, terminated
    #[arg(long, value_parser = |s: &str| AgreementStatus::parse(s).map_err(|e| e.to_string()))]
    status: Option<AgreementStatus>,
    /// Only agreements in force on this date (YYYY-MM-DD).
    #[arg(long, value_parser = parse_date)]
    in_force_on: Option<chrono::NaiveDate>,
    #[arg(long, value_enum, default_value_t)]
    format: Format,
}

pub fn agreements(ctx: &Ctx, cmd: AgreementsCommand) -> CliResult<()> {
    let mut store = ctx.open_existing()?;
    match cmd {
        AgreementsCommand::Add { file } => {
            let a: ag::Agreement = read_json(&file)?;
            let id = store.write(&Actor::from_env(), ctx.now, "recording an agreement", |w| {
                ag::create_agreement(w, &a)
            })?;
            println!("recorded agreement {} (id {id})", a.number);
        }
        AgreementsCommand::Terminate { key, on } => {
            let id = ag::find_agreement(store.conn(), &key)?;
            store.write(
                &Actor::from_env(),
                ctx.now,
                "terminating an agreement",
                |w| ag::terminate_agreement(w, id, on),
            )?;
            println!("terminated {key} on {on}");
        }
        AgreementsCommand::Attach { key, file } => {
            let id = ag::find_agreement(store.conn(), &key)?;
            let data_dir = ctx.data_dir();
            let attachment = store.write(&Actor::from_env(), ctx.now, "attaching a file", |w| {
                attachments::attach(w, &data_dir, "agreement", id.0, &file)
            })?;
            println!(
                "attached {} to {key} (attachment {attachment})",
                file.display()
            );
        }
        AgreementsCommand::List(a) => {
            let q = AgreementQuery {
                kind: a.kind,
                status: a.status,
                organisation_id: None,
                in_force_on: a.in_force_on,
            };
            let rows = ag::list(store.conn(), &q)?;
            match a.format {
                Format::Json => output::json(&rows)?,
                Format::Table => {
                    let table: Vec<Vec<String>> = rows
                        .iter()
                        .map(|r| {
                            vec![
                                r.number.clone(),
                                r.kind.label_ja().to_owned(),
                                r.status.label_ja().to_owned(),
                                opt(&r.effective_on),
                                if r.auto_renewal {
                                    "自動更新".to_owned()
                                } else {
                                    opt(&r.expires_on)
                                },
                                r.parties.clone(),
                                yen(r.income_yen),
                                r.title.clone(),
                            ]
                        })
                        .collect();
                    output::table(
                        &[
                            "契約番号",
                            "種別",
                            "状態",
                            "発効日",
                            "満了日",
                            "相手方",
                            "収入累計",
                            "件名",
                        ],
                        &table,
                    );
                    println!("{} agreements", rows.len());
                }
            }
        }
        AgreementsCommand::Show { key, format } => {
            let id = ag::find_agreement(store.conn(), &key)?;
            let until = chizai_core::horizons::obligations_until(ctx.today);
            let detail = ag::get_detail(store.conn(), id, until)?;
            match format {
                Format::Json => output::json(&detail)?,
                Format::Table => {
                    let a = &detail.agreement;
                    println!("{}  {}", a.number, a.title);
                    println!(
                        "種別 {} / 状態 {} / 署名 {} / 発効 {} / 満了 {}{}",
                        a.kind.label_ja(),
                        a.status.label_ja(),
                        opt(&a.signed_on),
                        opt(&a.effective_on),
                        opt(&a.expires_on),
                        if a.auto_renewal {
                            "（自動更新）"
                        } else {
                            ""
                        }
                    );
                    for p in &detail.parties {
                        println!("相手方  {} ({})", p.name, p.role);
                    }
                    if a.terms.upfront_yen > 0
                        || a.terms.funding_yen > 0
                        || a.terms.royalty_rate_bp.is_some()
                    {
                        println!(
                            "条件  一時金 {} / 料率 {} / 研究費 {}",
                            yen(a.terms.upfront_yen),
                            a.terms
                                .royalty_rate_bp
                                .map(chizai_core::portfolio::percent_text)
                                .unwrap_or_else(|| "—".into()),
                            yen(a.terms.funding_yen)
                        );
                    }
                    for c in &detail.covered_applications {
                        println!(
                            "対象  {} {} {} {}",
                            c.reference, c.office, c.status, c.title
                        );
                    }
                    for f in &a.attachments {
                        println!(
                            "添付  {} ({} bytes, SHA-256 {})",
                            f.file_name, f.size_bytes, f.sha256
                        );
                    }
                    println!("収入累計 {}", yen(detail.income_yen));
                    for o in &detail.obligations {
                        println!("期限  {} {} — {}", o.due_on, o.code, o.basis);
                    }
                }
            }
        }
    }
    Ok(())
}

/// Yen as every face prints it (`¥1,234,567`, negative `△¥…`): the core's one definition.
pub use chizai_core::report::format::yen;

#[derive(Debug, Subcommand)]
pub enum PoliciesCommand {
    /// Add a version (JSON: version, approval_body, approved_on, effective_on, summary,
    /// next_review_on, file_name, sha256) to a document; an approved version supersedes the
    /// current one on its effective date.
    AddVersion {
        key: String,
        file: std::path::PathBuf,
    },
    /// Approve a draft version: it takes effect on --effective-on.
    Approve {
        key: String,
        version: String,
        #[arg(long)]
        body: String,
        #[arg(long, value_parser = parse_date)]
        approved_on: chrono::NaiveDate,
        #[arg(long, value_parser = parse_date)]
        effective_on: chrono::NaiveDate,
    },
    /// Store FILE as the document of version VERSION of KEY (content-addressed, its SHA-256
    /// recorded on the version, audited; carried in snapshots).
    Attach {
        key: String,
        version: String,
        file: std::path::PathBuf,
    },
    /// Write the stored document of version VERSION of KEY to --out, after checking it against
    /// the digest recorded on the version (a file altered on disk is refused).
    Extract {
        key: String,
        version: String,
        #[arg(long)]
        out: std::path::PathBuf,
    },
    /// The policy register: each document with the version in force.
    List {
        /// The date asked about (default: today).
        #[arg(long, value_parser = parse_date)]
        on: Option<chrono::NaiveDate>,
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
    /// One document (by code or id) with its version history and the version in force on a date.
    Show {
        key: String,
        #[arg(long, value_parser = parse_date)]
        on: Option<chrono::NaiveDate>,
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
}

#[derive(Debug, serde::Serialize)]
struct PolicyShow {
    document: policies::PolicyDocument,
    on: chrono::NaiveDate,
    in_force: Option<policies::PolicyVersion>,
    states: Vec<policies::VersionState>,
}

/// The id of version `version` of the document `key` (code or id).
fn policy_version(
    store: &chizai_core::store::Store,
    key: &str,
    version: &str,
) -> CliResult<policies::PolicyVersionId> {
    let conn = store.conn();
    let doc = policies::get_document(conn, policies::find_document(conn, key)?)?;
    doc.versions
        .iter()
        .find(|v| v.version == version)
        .and_then(|v| v.id)
        .ok_or_else(|| {
            let known: Vec<&str> = doc.versions.iter().map(|v| v.version.as_str()).collect();
            CliError::coded(
                ErrorCode::NotFound,
                format!(
                    "{key} has no version {version:?}; its versions are {}",
                    known.join(", ")
                ),
            )
        })
}

pub fn policies(ctx: &Ctx, cmd: PoliciesCommand) -> CliResult<()> {
    let mut store = ctx.open_existing()?;
    match cmd {
        PoliciesCommand::AddVersion { key, file } => {
            let doc = policies::find_document(store.conn(), &key)?;
            let v: policies::PolicyVersion = read_json(&file)?;
            let id = store.write(
                &Actor::from_env(),
                ctx.now,
                "adding a policy version",
                |w| policies::add_policy_version(w, doc, &v),
            )?;
            println!("added version {} to {key} (id {id})", v.version);
        }
        PoliciesCommand::Approve {
            key,
            version,
            body,
            approved_on,
            effective_on,
        } => {
            let doc =
                policies::get_document(store.conn(), policies::find_document(store.conn(), &key)?)?;
            let v = doc
                .versions
                .iter()
                .find(|v| v.version == version)
                .and_then(|v| v.id)
                .ok_or_else(|| {
                    CliError::coded(
                        ErrorCode::NotFound,
                        format!("{key} has no version {version:?}"),
                    )
                })?;
            store.write(
                &Actor::from_env(),
                ctx.now,
                "approving a policy version",
                |w| policies::approve_policy_version(w, v, &body, approved_on, effective_on),
            )?;
            println!("approved {key} version {version}, in force from {effective_on}");
        }
        PoliciesCommand::Attach { key, version, file } => {
            let v = policy_version(&store, &key, &version)?;
            let data_dir = ctx.data_dir();
            store.write(
                &Actor::from_env(),
                ctx.now,
                "attaching a policy document",
                |w| policies::attach_document(w, &data_dir, v, &file),
            )?;
            let stored = policies::get_version(store.conn(), v)?;
            println!(
                "attached {} to {key} version {version} (sha256 {})",
                file.display(),
                stored.sha256.unwrap_or_default()
            );
        }
        PoliciesCommand::Extract { key, version, out } => {
            let v = policy_version(&store, &key, &version)?;
            // From a snapshot (--snapshot), the file comes out of the snapshot itself.
            let data_dir = match &store {
                crate::context::Db::Snapshot(opened) => opened.data_dir(),
                crate::context::Db::Live(_) => ctx.data_dir(),
            };
            let (meta, bytes) = policies::read_document(store.conn(), &data_dir, v)?;
            chizai_core::atomic::write_atomically(
                &out,
                &bytes,
                &mut chizai_core::progress::Progress::silent(),
            )?;
            println!(
                "wrote {} ({}, {} bytes, sha256 {} verified)",
                out.display(),
                meta.file_name,
                bytes.len(),
                meta.sha256
            );
        }
        PoliciesCommand::List { on, format } => {
            let on = on.unwrap_or(ctx.today);
            let rows = policies::list(store.conn(), Some(on))?;
            match format {
                Format::Json => output::json(&rows)?,
                Format::Table => {
                    let table: Vec<Vec<String>> = rows
                        .iter()
                        .map(|r| {
                            vec![
                                r.code.clone(),
                                r.kind.label_ja().to_owned(),
                                opt(&r.version),
                                opt(&r.effective_on),
                                opt(&r.approval_body),
                                opt(&r.next_review_on),
                                r.title.clone(),
                            ]
                        })
                        .collect();
                    output::table(
                        &[
                            "コード",
                            "種別",
                            "版",
                            "施行日",
                            "承認機関",
                            "次回見直し",
                            "名称",
                        ],
                        &table,
                    );
                    println!("{} documents, versions in force on {on}", rows.len());
                }
            }
        }
        PoliciesCommand::Show { key, on, format } => {
            let on = on.unwrap_or(ctx.today);
            let document =
                policies::get_document(store.conn(), policies::find_document(store.conn(), &key)?)?;
            let show = PolicyShow {
                in_force: document.in_force_on(on).cloned(),
                states: document.versions.iter().map(|v| v.state_on(on)).collect(),
                document,
                on,
            };
            match format {
                Format::Json => output::json(&show)?,
                Format::Table => {
                    println!(
                        "{}  {}（{}）",
                        show.document.code,
                        show.document.title,
                        show.document.kind.label_ja()
                    );
                    let table: Vec<Vec<String>> = show
                        .document
                        .versions
                        .iter()
                        .zip(&show.states)
                        .map(|(v, s)| {
                            vec![
                                v.version.clone(),
                                s.to_string(),
                                opt(&v.approved_on),
                                opt(&v.effective_on),
                                opt(&v.superseded_on),
                                opt(&v.summary),
                            ]
                        })
                        .collect();
                    output::table(
                        &["版", "状態", "承認日", "施行日", "失効日", "改正概要"],
                        &table,
                    );
                    println!(
                        "in force on {on}: {}",
                        show.in_force
                            .as_ref()
                            .map(|v| v.version.as_str())
                            .unwrap_or("none")
                    );
                }
            }
        }
    }
    Ok(())
}

/// The largest JSON record file read (one agreement, policy version or activity is a few KB).
const MAX_RECORD_BYTES: u64 = 4 * 1024 * 1024;

/// Reads a JSON record from `path` (`-` for standard input), with an error that names the file;
/// more than [`MAX_RECORD_BYTES`] is refused (serde_json refuses nesting deeper than 128).
pub fn read_json<T: serde::de::DeserializeOwned>(path: &std::path::Path) -> CliResult<T> {
    use std::io::Read as _;
    let mut buf = String::new();
    let read = if path.as_os_str() == "-" {
        std::io::stdin()
            .take(MAX_RECORD_BYTES + 1)
            .read_to_string(&mut buf)
    } else {
        std::fs::File::open(path)
            .and_then(|f| f.take(MAX_RECORD_BYTES + 1).read_to_string(&mut buf))
    };
    read.map_err(|e| {
        CliError::coded(
            ErrorCode::Storage,
            format!("cannot read {}: {e}", path.display()),
        )
    })?;
    if buf.len() as u64 > MAX_RECORD_BYTES {
        return Err(CliError::coded(ErrorCode::Validation, format!(
            "{}: more than {MAX_RECORD_BYTES} bytes (4 MiB), the limit for one JSON record; give one record per file",
            path.display()
        )));
    }
    let text = buf;
    serde_json::from_str(&text).map_err(|e| {
        CliError::coded(
            ErrorCode::Validation,
            format!("{}: not a valid record: {e}", path.display()),
        )
    })
}
