//! `chizai import` and `chizai export` for registers (Excel and CSV), beside the lossless JSON
//! exchange of `admin`: a `.json` file (or `--kind` absent on export) goes to the JSON exchange,
//! everything else to the register importer/exporter of the core.
//!
//! Import exit codes: 0 when the file came in (or, in a dry run, would come in) without problems,
//! 1 when there are problems (the report lists every one; nothing is written unless
//! `--skip-invalid`, which then imports the valid rows and exits 0).

use std::io::IsTerminal;
use std::path::PathBuf;

use chizai_core::export::{self as register_export, ExportFormat, Register};
use chizai_core::import::{self, columns::Mapping, ImportOptions, ImportReport, Kind};
use chizai_core::progress::Progress;
use chizai_core::store::Actor;
use clap::Args;

use crate::admin;
use crate::context::Ctx;
use crate::error::{CliError, CliResult, ErrorCode, Failure};
use crate::output::{self, Format};

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The register (.xlsx, .csv, .tsv, .txt) or a JSON export (.json) to import.
    file: PathBuf,
    /// What the sheet holds: applications (保有特許・出願一覧), disclosures (発明届出一覧),
    /// agreements (契約一覧) or deadlines (期限管理表: manual deadlines and the done/waived state
    /// of computed ones; never moves a computed due date). Default: applications, or the mapping
    /// file's kind. Import disclosures and applications before the agreements and deadlines that
    /// name them.
    #[arg(long)]
    kind: Option<String>,
    /// The sheet of a workbook (default: the first).
    #[arg(long)]
    sheet: Option<String>,
    /// A TOML file mapping other headers to fields and other values to ours (`[values.status]`;
    /// see the README). `--map` is the same.
    #[arg(long, visible_alias = "map")]
    mapping: Option<PathBuf>,
    /// Report what would be created, updated and left alone, and every problem; write nothing.
    #[arg(long)]
    dry_run: bool,
    /// Import the valid rows and list the rows left out, instead of refusing the whole file.
    #[arg(long)]
    skip_invalid: bool,
    #[arg(long, value_enum, default_value_t)]
    format: Format,
}

pub fn import(ctx: &Ctx, args: ImportArgs) -> CliResult<()> {
    let is_json = args
        .file
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("json"));
    if is_json || args.kind.as_deref() == Some("json") {
        return admin::import(ctx, admin::ImportArgs { file: args.file });
    }
    let mapping = match &args.mapping {
        Some(path) => Mapping::read(path)?,
        None => Mapping::default(),
    };
    let kind = match args.kind.as_deref().or(mapping.kind.as_deref()) {
        Some(k) => Kind::parse(k)?,
        None => Kind::Applications,
    };
    let opts = ImportOptions {
        kind,
        sheet: args.sheet.clone(),
        mapping,
        dry_run: args.dry_run,
        skip_invalid: args.skip_invalid,
    };
    let mut store = ctx.open_existing()?;
    let tty = std::io::stderr().is_terminal();
    let mut progress = Progress::new(|done: usize, total: usize| {
        if tty {
            eprint!("\rwriting {done}/{total} rows");
            if done == total {
                eprintln!();
            }
        }
    });
    let report = import::import_file(
        &mut store,
        &args.file,
        &opts,
        &Actor::from_env(),
        ctx.now,
        &mut progress,
    )
    .map_err(|e| match e {
        // A limit refusal and the database's own errors say what they are about; the rest is
        // about the file, named in front.
        import::ImportError::Limit { .. } | import::ImportError::Store(_) => CliError::from(e),
        other => CliError::coded(other.code(), format!("{}: {other}", args.file.display())),
    })?;
    match args.format {
        Format::Json => output::json(&report)?,
        Format::Table => print_report(&args.file, &report),
    }
    if !report.problems.is_empty() && !args.skip_invalid {
        return Err(CliError {
            message: String::new(),
            exit_code: 1,
        });
    }
    Ok(())
}

fn print_report(file: &std::path::Path, r: &ImportReport) {
    println!(
        "{} (sheet {}, header row {}): {} data rows",
        file.display(),
        r.sheet,
        r.header_row,
        r.rows
    );
    for (label, rows) in [
        ("create", &r.created),
        ("update", &r.updated),
        ("unchanged", &r.unchanged),
    ] {
        for s in rows {
            let number = s.application_number.as_deref().unwrap_or("-");
            let changes = if s.changes.is_empty() {
                String::new()
            } else {
                format!(" ({})", s.changes.join(", "))
            };
            let detail = s
                .detail
                .as_deref()
                .map(|d| format!(" {d}"))
                .unwrap_or_default();
            println!(
                "  {label:<9} row {:<5} {} {number}{detail}{changes}",
                s.row, s.reference
            );
        }
    }
    for i in &r.ignored {
        println!("  ignored   row {:<5} {}", i.row, i.reason);
    }
    if !r.unknown_columns.is_empty() {
        println!(
            "columns not imported (map them with --mapping): {}",
            r.unknown_columns.join(", ")
        );
    }
    if !r.problems.is_empty() {
        println!("problems ({}):", r.problems.len());
        for p in &r.problems {
            println!("  {p}");
        }
    }
    let skipped = if r.skipped.is_empty() {
        String::new()
    } else {
        format!(
            "; rows left out: {}",
            r.skipped
                .iter()
                .map(|n| n.to_string())
                .collect::<Vec<_>>()
                .join(", ")
        )
    };
    let verdict = if r.dry_run {
        format!(
            "dry run: {} to create, {} to update, {} unchanged, {} problems; nothing written",
            r.created.len(),
            r.updated.len(),
            r.unchanged.len(),
            r.problems.len()
        )
    } else if r.written {
        format!(
            "imported: {} created, {} updated, {} unchanged{skipped}",
            r.created.len(),
            r.updated.len(),
            r.unchanged.len()
        )
    } else if !r.problems.is_empty() && r.skipped.is_empty() {
        "nothing written: correct the problems above, or pass --skip-invalid to import the other rows".to_string()
    } else {
        format!(
            "nothing to change: {} rows match the database{skipped}",
            r.unchanged.len()
        )
    };
    println!("{verdict}");
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// Where to write (use - for stdout with JSON or CSV).
    #[arg(long)]
    out: PathBuf,
    /// The register to export (applications, disclosures, costs, people, organisations,
    /// agreements, policies, activities, income, deadlines); without
    /// it, the whole portfolio as the lossless JSON exchange file.
    #[arg(long)]
    kind: Option<String>,
    /// xlsx, csv or json (default: from the file extension, else json).
    #[arg(long)]
    format: Option<String>,
}

pub fn export(ctx: &Ctx, args: ExportArgs) -> CliResult<()> {
    let Some(kind) = &args.kind else {
        if args
            .format
            .as_deref()
            .is_some_and(|f| !f.eq_ignore_ascii_case("json"))
        {
            return Err(CliError::usage("--format xlsx/csv exports one register: add --kind applications (or disclosures, costs, people, organisations, agreements, policies, activities, income, deadlines)"));
        }
        return admin::export(ctx, admin::ExportArgs { out: args.out });
    };
    let register = Register::parse(kind)?;
    let format = match &args.format {
        Some(f) => ExportFormat::parse(f),
        None => ExportFormat::from_path(&args.out),
    }?;
    let store = ctx.open_existing()?;
    if args.out.as_os_str() == "-" {
        use std::io::Write as _;
        let bytes = register_export::export(store.conn(), register, format)?;
        std::io::stdout().write_all(&bytes).map_err(|e| {
            CliError::coded(ErrorCode::Storage, format!("cannot write to stdout: {e}"))
        })?;
        return Ok(());
    }
    // The desktop's export path: laid out once, written whole or not at all.
    register_export::write_export(
        store.conn(),
        register,
        format,
        &args.out,
        &mut chizai_core::progress::Progress::silent(),
    )?;
    eprintln!(
        "exported {} as {} to {}",
        register.as_str(),
        format.as_str(),
        args.out.display()
    );
    Ok(())
}
