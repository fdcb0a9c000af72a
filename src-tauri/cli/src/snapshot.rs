//! `chizai snapshot create|verify|diff` and `chizai key show|init`: auditor snapshots over
//! `chizai_core::snapshot`.
//!
//! `verify` prints a summary and exits 0 when the digest, the signature and the audit chain inside all
//! hold; otherwise it prints the precise reason (`--format json`: `{"ok": false, "code", "reason"}`)
//! and exits 1.

use std::path::PathBuf;

use chizai_core::snapshot::{self, key, CreateOptions, Opened, SnapshotDiff, TrustedKey};
use clap::{Args, Subcommand};
use serde_json::json;

use crate::context::{parse_date, Ctx};
use crate::error::{CliError, CliResult, ErrorCode, Failure};
use crate::output::{self, Format};

#[derive(Debug, Subcommand)]
pub enum SnapshotCommand {
    /// Write a signed snapshot of the whole database (attachments included) to one file.
    Create(CreateArgs),
    /// Check a snapshot: digest, signature (and signer, with --key) and the audit chain inside.
    Verify {
        file: PathBuf,
        /// The institution's public key or its fingerprint (as `chizai key show` prints), or a file
        /// holding one. Without it only the file's own key is checked: compare its fingerprint.
        #[arg(long)]
        key: Option<String>,
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
    /// What changed between two snapshots (OLD is the earlier).
    Diff {
        old: PathBuf,
        new: PathBuf,
        /// The key both must be signed with (public key, fingerprint or file).
        #[arg(long)]
        key: Option<String>,
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
}

#[derive(Debug, Args)]
pub struct CreateArgs {
    /// The snapshot file to write (must not exist).
    #[arg(long)]
    out: PathBuf,
    /// The day the snapshot stands for, e.g. the fiscal year end (default: today).
    #[arg(long, value_parser = parse_date)]
    as_of: Option<chrono::NaiveDate>,
    /// A note kept in the signed manifest.
    #[arg(long)]
    note: Option<String>,
    #[arg(long, value_enum, default_value_t)]
    format: Format,
}

pub fn run(ctx: &Ctx, cmd: SnapshotCommand) -> CliResult<()> {
    match cmd {
        SnapshotCommand::Create(args) => create(ctx, args),
        SnapshotCommand::Verify { file, key, format } => verify(ctx, file, key, format),
        SnapshotCommand::Diff {
            old,
            new,
            key,
            format,
        } => diff(ctx, old, new, key, format),
    }
}

fn create(ctx: &Ctx, args: CreateArgs) -> CliResult<()> {
    ctx.refuse_snapshot()?;
    let db = ctx.open_existing()?;
    let opts = CreateOptions {
        as_of: args.as_of.unwrap_or(ctx.today),
        note: args.note,
        now: ctx.now,
        passphrase: typed_passphrase(&key::key_dir(&ctx.db))?,
    };
    let created = snapshot::create(&db, &key::key_dir(&ctx.db), &args.out, &opts)?;
    match args.format {
        Format::Json => output::json(&created)?,
        Format::Table => {
            let m = &created.manifest;
            println!(
                "snapshot of {} as of {} written to {}",
                m.institution.name,
                m.as_of,
                created.path.display()
            );
            println!(
                "  {} bytes (database {} bytes), {} attachments, audit head {} after {} entries",
                created.file_size,
                created.database_size,
                m.entries.len().saturating_sub(1),
                m.audit.head,
                m.audit.rows
            );
            println!("  signed by key {}", created.signer.fingerprint);
        }
    }
    Ok(())
}

fn trusted(key: Option<String>) -> CliResult<Option<TrustedKey>> {
    Ok(key.as_deref().map(TrustedKey::parse).transpose()?)
}

fn verify(ctx: &Ctx, file: PathBuf, key: Option<String>, format: Format) -> CliResult<()> {
    let trusted = trusted(key)?;
    let pinned = snapshot::trust::pinned(&ctx.db)?;
    let opened = match snapshot::trust::open_pinned(
        &file,
        trusted.as_ref(),
        &pinned,
        &mut chizai_core::progress::Progress::silent(),
    ) {
        Ok(o) => o,
        Err(e) => {
            let code = e.rejection().map(|r| r.code()).unwrap_or("error");
            if format == Format::Json {
                output::json(
                    &json!({"ok": false, "file": file, "code": code, "reason": e.to_string()}),
                )?;
            }
            return Err(CliError::new(format!(
                "{} is NOT a valid snapshot: {e}",
                file.display()
            )));
        }
    };
    match format {
        Format::Json => output::json(&json!({
            "ok": true,
            "file": file,
            "file_size": opened.file_size,
            "signer": opened.signer,
            "key_checked": opened.key_checked,
            "manifest": opened.manifest,
        }))?,
        Format::Table => print_summary(&file, &opened),
    }
    Ok(())
}

fn print_summary(file: &std::path::Path, o: &Opened) {
    let m = &o.manifest;
    println!("snapshot OK: {}", file.display());
    println!(
        "  {} — as of {}, taken {}, Chizai {} (schema {})",
        m.institution.name, m.as_of, m.created_at, m.app_version, m.schema_version
    );
    if let Some(note) = &m.note {
        println!("  note: {note}");
    }
    let trust = if o.key_checked {
        "the expected key: the one given with --key or pinned here"
    } else {
        "not checked against a trusted key: compare this fingerprint with the institution's, or pass --key"
    };
    println!("  signed by {} ({trust})", o.signer.fingerprint);
    println!(
        "  content: {} bytes, SHA-256 {}, digest and signature hold",
        m.payload.size, m.payload.sha256
    );
    println!(
        "  audit trail intact: {} entries, head {}",
        m.audit.rows, m.audit.head
    );
    let counts: Vec<String> = m
        .counts
        .iter()
        .filter(|(_, n)| **n > 0)
        .map(|(t, n)| format!("{t} {n}"))
        .collect();
    println!("  rows: {}", counts.join(", "));
}

fn diff(
    ctx: &Ctx,
    old: PathBuf,
    new: PathBuf,
    key: Option<String>,
    format: Format,
) -> CliResult<()> {
    let trusted = trusted(key)?;
    let pinned = snapshot::trust::pinned(&ctx.db)?;
    let open = |p: &PathBuf| {
        snapshot::trust::open_pinned(
            p,
            trusted.as_ref(),
            &pinned,
            &mut chizai_core::progress::Progress::silent(),
        )
        .map_err(|e| CliError::coded(e.code(), format!("{}: {e}", p.display())))
    };
    let (a, b) = (open(&old)?, open(&new)?);
    eprintln!(
        "chizai: {} signed by {}; {} signed by {}",
        old.display(),
        a.signer.fingerprint,
        new.display(),
        b.signer.fingerprint
    );
    let d = snapshot::diff(&a, &b)?;
    match format {
        Format::Json => output::json(&d)?,
        Format::Table => print_diff(&d),
    }
    Ok(())
}

fn print_diff(d: &SnapshotDiff) {
    println!(
        "{}: as of {} → as of {} ({} → {} applications)",
        d.new.institution, d.old.as_of, d.new.as_of, d.old.applications, d.new.applications
    );
    let a = &d.applications;
    println!("\n出願の追加 (added): {}", a.added.len());
    let line = |l: &snapshot::diff::AppLine| {
        vec![
            l.reference.clone(),
            l.office.clone(),
            l.status.clone(),
            l.title.clone(),
        ]
    };
    output::table(
        &["整理番号", "庁", "状態", "発明の名称"],
        &a.added.iter().map(line).collect::<Vec<_>>(),
    );
    if !a.removed.is_empty() {
        println!("\n出願の削除 (removed): {}", a.removed.len());
        output::table(
            &["整理番号", "庁", "状態", "発明の名称"],
            &a.removed.iter().map(line).collect::<Vec<_>>(),
        );
    }
    println!("\n状態の変更 (status changes): {}", a.status_changes.len());
    output::table(
        &["整理番号", "庁", "旧", "新", "発明の名称"],
        &a.status_changes
            .iter()
            .map(|c| {
                vec![
                    c.reference.clone(),
                    c.office.clone(),
                    c.from.clone(),
                    c.to.clone(),
                    c.title.clone(),
                ]
            })
            .collect::<Vec<_>>(),
    );
    println!("\n登録 (registrations): {}", a.registrations.len());
    output::table(
        &["整理番号", "庁", "登録番号", "登録日"],
        &a.registrations
            .iter()
            .map(|r| {
                vec![
                    r.reference.clone(),
                    r.office.clone(),
                    r.registration_number.clone(),
                    output::opt(&r.registered_on),
                ]
            })
            .collect::<Vec<_>>(),
    );
    for (name, section) in [
        ("期限 (deadlines)", &d.deadlines),
        ("契約 (agreements)", &d.agreements),
        ("規程 (policies)", &d.policies),
    ] {
        if let Some(lines) = section {
            println!("\n{name}: {}", lines.len());
            output::table(
                &["対象", "変更", "内容"],
                &lines
                    .iter()
                    .map(|l| vec![l.key.clone(), l.change.clone(), l.detail.clone()])
                    .collect::<Vec<_>>(),
            );
        }
    }
    let m = &d.money;
    println!("\n費用・収入 ({} 〜 {}]", m.from, m.to);
    for (cat, yen) in &m.cost_by_category {
        println!("  費用 {cat}: {yen} 円");
    }
    println!("  費用合計 (cost): {} 円", m.cost_yen);
    println!(
        "  収入 (income): {}",
        output::opt(&m.income_yen.map(|y| format!("{y} 円")))
    );
    for note in &d.notes {
        println!("note: {note}");
    }
}

#[derive(Debug, Subcommand)]
pub enum KeyCommand {
    /// Print the institution's public key and its fingerprint (hand the fingerprint to auditors).
    Show {
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
    /// Create the key pair for a database made before keys existed (refuses to replace one).
    Init,
    /// Seal the secret key by a passphrase (typed twice; a script gives it in
    /// CHIZAI_KEY_NEW_PASSPHRASE): a copied data folder no longer carries a key that signs.
    /// Sealed already: changes the passphrase (the current one opens it first).
    Seal,
    /// Remove the passphrase (the current one opens the key first).
    Unseal,
    /// Pin a key whose snapshots this computer reads without --key: the fingerprint the
    /// institution handed over (or its public key, or the .pub file). Kept in keys/trusted.txt.
    Trust {
        /// The fingerprint (64 hex digits, as `chizai key show` prints), public key or file.
        key: String,
        /// A note kept beside it (whose key, how it was handed over).
        #[arg(long, default_value = "")]
        note: String,
    },
}

pub fn key(ctx: &Ctx, cmd: KeyCommand) -> CliResult<()> {
    let dir = key::key_dir(&ctx.db);
    match cmd {
        KeyCommand::Show { format } => {
            let info = snapshot::institution_key(&ctx.db)?;
            match format {
                Format::Json => output::json(&info)?,
                Format::Table => {
                    println!("public key:  {}", info.public_key);
                    println!("fingerprint: {}", info.fingerprint);
                }
            }
        }
        KeyCommand::Trust { key: input, note } => {
            ctx.refuse_snapshot()?;
            let (trusted, new) = snapshot::trust::pin(&ctx.db, &input, &note)?;
            let file = dir.join(snapshot::trust::TRUSTED_FILE);
            if new {
                println!("pinned {} in {}", trusted.grouped(), file.display());
            } else {
                println!("{} is already trusted here", trusted.grouped());
            }
        }
        KeyCommand::Seal => {
            ctx.refuse_snapshot()?;
            let current = if key::is_sealed(&dir)? {
                typed_passphrase(&dir)?
            } else {
                None
            };
            let new = new_passphrase()?;
            key::seal_key(&dir, current.as_deref(), &new)?;
            println!(
                "the signing key in {} is sealed by the passphrase: snapshots ask for it (or {})",
                dir.display(),
                snapshot::sealed::PASSPHRASE_ENV
            );
        }
        KeyCommand::Unseal => {
            ctx.refuse_snapshot()?;
            if !key::is_sealed(&dir)? {
                println!("the signing key in {} has no passphrase", dir.display());
                return Ok(());
            }
            key::unseal_key(&dir, typed_passphrase(&dir)?.as_deref())?;
            println!(
                "the signing key in {} has no passphrase any more (the file stays readable by you only)",
                dir.display()
            );
        }
        KeyCommand::Init => {
            ctx.refuse_snapshot()?;
            let info = key::create_key_pair(&dir)?;
            println!("created the institution key pair in {}", dir.display());
            println!("fingerprint: {}", info.fingerprint);
        }
    }
    Ok(())
}

/// The passphrase of a sealed key typed on the terminal, when neither CHIZAI_KEY_PASSPHRASE nor
/// the OS keyring has it; `None` leaves the lookup (and its message) to the core.
fn typed_passphrase(dir: &std::path::Path) -> CliResult<Option<String>> {
    use std::io::IsTerminal;
    if !dir.join(key::SECRET_FILE).exists() || !key::is_sealed(dir)? {
        return Ok(None);
    }
    let known = chizai_core::secrets::lookup(
        snapshot::sealed::PASSPHRASE_ENV,
        snapshot::sealed::KEYRING_ACCOUNT,
    );
    if known.is_ok() || !std::io::stdin().is_terminal() {
        return Ok(None);
    }
    let typed = rpassword::prompt_password("passphrase of the signing key: ")
        .map_err(|e| CliError::new(format!("the passphrase could not be read: {e}")))?;
    Ok(Some(typed))
}

/// The new passphrase: CHIZAI_KEY_NEW_PASSPHRASE, else typed twice on the terminal.
fn new_passphrase() -> CliResult<String> {
    use std::io::IsTerminal;
    if let Ok(p) = std::env::var("CHIZAI_KEY_NEW_PASSPHRASE") {
        return Ok(p);
    }
    if !std::io::stdin().is_terminal() {
        return Err(CliError::usage(
            "type the new passphrase on a terminal, or give it in CHIZAI_KEY_NEW_PASSPHRASE",
        ));
    }
    let read = |prompt: &str| {
        rpassword::prompt_password(prompt)
            .map_err(|e| CliError::new(format!("the passphrase could not be read: {e}")))
    };
    let first = read("new passphrase (10 characters or more): ")?;
    if read("the same again: ")? != first {
        return Err(CliError::coded(
            ErrorCode::Validation,
            "the two passphrases differ; nothing was changed",
        ));
    }
    Ok(first)
}

/// Creates the key pair beside a new database (init, demo); reports the fingerprint on stderr.
pub fn ensure_key(ctx: &Ctx) -> CliResult<()> {
    let dir = key::key_dir(&ctx.db);
    let (info, created) = key::ensure_key_pair(&dir)?;
    if created {
        eprintln!(
            "created the institution signing key in {} (fingerprint {})",
            dir.display(),
            info.fingerprint
        );
    }
    Ok(())
}
