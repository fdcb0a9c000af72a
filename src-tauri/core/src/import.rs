//! Importing the office's existing registers from Excel (`.xlsx`) and CSV.
//!
//! Every kind goes through one pipeline: [`sheet`] reads the file into rows (decoding
//! Shift_JIS/UTF-8/UTF-16, filling merged cells), [`columns`] finds the header row and maps
//! headers to the kind's fields (Japanese and English names, a mapping file for the rest),
//! [`values`] reads each cell as people type it (和暦, Excel serials, full-width digits, people
//! lists with shares, yen), the kind's [`Planner`] decides what each row creates, updates or
//! leaves alone — collecting every problem of every row at once and reading the database only —
//! and, unless it is a dry run or a problem stops it, the planned rows are written in one audited
//! transaction, together with what they imply (imported applications get their deadlines).
//! Blank rows, totals rows and repeated header rows are passed over by the pipeline, not by the
//! kinds.
//!
//! Kinds (`--kind`): `applications` ([`applications`]), `disclosures` ([`disclosures`]),
//! `agreements` ([`agreements`]) and `deadlines` ([`deadlines`], which records the state of the
//! docket and never moves a computed due date — see that module).

pub mod agreements;
pub mod applications;
mod apply;
pub mod cells;
pub mod columns;
pub mod deadlines;
pub mod disclosures;
mod error;
pub mod fields;
mod kinds;
pub mod parties;
mod planner;
pub mod sheet;
pub mod values;

use std::path::Path;

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::error::CoreError;
use crate::progress::Progress;
use crate::store::{Actor, Store};
use cells::Cells;
use columns::{is_totals_row, Layout, Mapping};
pub use error::ImportError;
pub use planner::{Action, Changes, Planned, PlannedRow, Planner, Shown};
use values::Problem;

/// Which register a sheet holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
#[ts(rename_all = "snake_case")]
pub enum Kind {
    /// Applications and rights (保有特許・出願一覧).
    Applications,
    /// Invention disclosures (発明届出一覧).
    Disclosures,
    /// Agreements (契約一覧).
    Agreements,
    /// Deadlines (期限管理表): manual deadlines and the state of computed ones.
    Deadlines,
}

impl Kind {
    /// Every kind that can be imported, in `--kind` order.
    pub const ALL: [Kind; 4] = [
        Kind::Applications,
        Kind::Disclosures,
        Kind::Agreements,
        Kind::Deadlines,
    ];

    /// The `--kind` spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Applications => "applications",
            Kind::Disclosures => "disclosures",
            Kind::Agreements => "agreements",
            Kind::Deadlines => "deadlines",
        }
    }

    /// Parses `--kind` / the mapping file's `kind`.
    pub fn parse(text: &str) -> Result<Kind, ImportError> {
        match text.trim().to_ascii_lowercase().as_str() {
            "applications" | "application" | "patents" | "出願" | "特許" => {
                Ok(Kind::Applications)
            }
            "disclosures" | "disclosure" | "発明届出" | "届出" => Ok(Kind::Disclosures),
            "agreements" | "agreement" | "contracts" | "契約" => Ok(Kind::Agreements),
            "deadlines" | "deadline" | "docket" | "期限" => Ok(Kind::Deadlines),
            other => Err(ImportError::Mapping(format!(
                "kind {other:?} cannot be imported from a sheet; use one of {}",
                Kind::ALL.map(Kind::as_str).join(", ")
            ))),
        }
    }
}

/// How to import.
#[derive(Debug, Clone)]
pub struct ImportOptions {
    /// The register kind (default: applications).
    pub kind: Kind,
    /// The sheet of a workbook (default: the mapping file's, else the first).
    pub sheet: Option<String>,
    /// Header mapping (default: none, only the usual headers).
    pub mapping: Mapping,
    /// Plan and report only; write nothing.
    pub dry_run: bool,
    /// Import the valid rows and list the invalid ones instead of refusing the whole file.
    pub skip_invalid: bool,
}

/// One row's outcome in the report.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub struct RowSummary {
    /// The row number as Excel shows it.
    pub row: usize,
    /// The record's key: the application's 整理番号, the disclosure's or agreement's number, the
    /// deadline's application reference (or agreement number).
    pub reference: String,
    /// The normalised application number, if any.
    pub application_number: Option<String>,
    /// The fields that change (updates only).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub changes: Vec<String>,
    /// What else identifies the row (a deadline's code, due date and title).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
}

/// A row that is not data (a totals line, a repeated header) or that the kind passes over.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub struct IgnoredRow {
    /// The row number.
    pub row: usize,
    /// Why it was passed over.
    pub reason: String,
}

/// What an import did (or, in a dry run, would do).
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub struct ImportReport {
    /// The register kind.
    pub kind: Kind,
    /// The sheet read.
    pub sheet: String,
    /// The header row's number.
    pub header_row: usize,
    /// Data rows read (blank, header and totals rows not counted).
    pub rows: usize,
    /// Rows that create a record.
    pub created: Vec<RowSummary>,
    /// Rows that change a record.
    pub updated: Vec<RowSummary>,
    /// Rows that match a record exactly.
    pub unchanged: Vec<RowSummary>,
    /// Rows with problems that were left out (`--skip-invalid`).
    pub skipped: Vec<usize>,
    /// Rows that are not data.
    pub ignored: Vec<IgnoredRow>,
    /// Every problem, row by row.
    pub problems: Vec<Problem>,
    /// Headers no field was found for: not imported.
    pub unknown_columns: Vec<String>,
    /// Whether this was a dry run.
    pub dry_run: bool,
    /// Whether anything was written.
    pub written: bool,
}

/// Plans the import of `path` and, unless it is a dry run or has problems (without
/// `skip_invalid`), writes it in one transaction through the store's write path.
/// `progress` hears `(done, total)` while rows are written; cancelling it rolls the import back.
pub fn import_file(
    store: &mut Store,
    path: &Path,
    opts: &ImportOptions,
    actor: &Actor,
    now: DateTime<Utc>,
    progress: &mut Progress<'_>,
) -> Result<ImportReport, ImportError> {
    let sheet_name = opts.sheet.as_deref().or(opts.mapping.sheet.as_deref());
    let table = sheet::read_table(path, sheet_name)?;
    import_table(store, &table, opts, actor, now, progress)
}

/// [`import_file`] for a table already read (the fuzz target and tests build tables directly).
pub fn import_table(
    store: &mut Store,
    table: &sheet::Table,
    opts: &ImportOptions,
    actor: &Actor,
    now: DateTime<Utc>,
    progress: &mut Progress<'_>,
) -> Result<ImportReport, ImportError> {
    let conn = store.conn();
    match opts.kind {
        Kind::Applications => {
            let planner = applications::AppPlanner::load(conn)?;
            run(store, table, opts, planner, actor, now, progress)
        }
        Kind::Disclosures => {
            let planner = disclosures::DisclosurePlanner::load(conn)?;
            run(store, table, opts, planner, actor, now, progress)
        }
        Kind::Agreements => {
            let planner = agreements::AgreementPlanner::load(conn)?;
            run(store, table, opts, planner, actor, now, progress)
        }
        Kind::Deadlines => {
            let planner = deadlines::DeadlinePlanner::load(conn)?;
            run(store, table, opts, planner, actor, now, progress)
        }
    }
}

/// The pipeline every kind shares: layout → plan every row → report → write in one transaction.
fn run<P: Planner>(
    store: &mut Store,
    table: &sheet::Table,
    opts: &ImportOptions,
    mut planner: P,
    actor: &Actor,
    now: DateTime<Utc>,
    progress: &mut Progress<'_>,
) -> Result<ImportReport, ImportError> {
    let layout = columns::layout(table, P::FIELDS, &opts.mapping)?;
    let mut report = ImportReport {
        kind: opts.kind,
        sheet: table.sheet.clone(),
        header_row: table.rows.get(layout.header_index).map_or(0, |r| r.number),
        rows: 0,
        created: Vec::new(),
        updated: Vec::new(),
        unchanged: Vec::new(),
        skipped: Vec::new(),
        ignored: Vec::new(),
        problems: Vec::new(),
        unknown_columns: layout.unknown.clone(),
        dry_run: opts.dry_run,
        written: false,
    };
    let planned = plan_rows(table, &layout, &mut planner, &mut report);
    let mut to_write = Vec::new();
    for p in &planned {
        let (action, summary) = planner::summary(p);
        let row = summary.row;
        match action {
            Action::Create => report.created.push(summary),
            Action::Update => report.updated.push(summary),
            Action::Unchanged => report.unchanged.push(summary),
        }
        if action != Action::Unchanged {
            to_write.push((row, p));
        }
    }
    let refused = !report.problems.is_empty() && !opts.skip_invalid;
    if opts.dry_run || refused {
        if !opts.skip_invalid {
            report.skipped.clear();
        }
        return Ok(report);
    }
    if !to_write.is_empty() {
        let total = to_write.len();
        store.write(actor, now, "import", |w| {
            for (done, (row, p)) in to_write.iter().enumerate() {
                planner.write(w, p).map_err(|e| CoreError::Validation {
                    field: format!("row {row}"),
                    message: e.to_string(),
                })?;
                if done % 500 == 0 || done + 1 == total {
                    progress.step(done + 1, total)?;
                }
            }
            let today = w.today();
            planner.finish(w, today)
        })?;
        report.written = true;
    }
    Ok(report)
}

/// Plans every data row after the header, passing over blank, totals and repeated header rows.
fn plan_rows<P: Planner>(
    table: &sheet::Table,
    layout: &Layout,
    planner: &mut P,
    report: &mut ImportReport,
) -> Vec<P::Row> {
    let mut planned = Vec::new();
    for (index, row) in table.rows.iter().enumerate().skip(layout.header_index + 1) {
        if layout.extra_header_rows.contains(&index) {
            report.ignored.push(IgnoredRow {
                row: row.number,
                reason: "a second header row".into(),
            });
            continue;
        }
        if row.cells.iter().all(sheet::Cell::is_blank) {
            continue;
        }
        if is_totals_row(row) {
            report.ignored.push(IgnoredRow {
                row: row.number,
                reason: "a totals row".into(),
            });
            continue;
        }
        report.rows += 1;
        let mut cells = Cells::new(row, layout);
        let outcome = planner.plan(&mut cells);
        let clean = cells.problems.is_empty();
        report.problems.append(&mut cells.problems);
        match outcome {
            Planned::Row(p) if clean => planned.push(p),
            Planned::Ignored(reason) if clean => report.ignored.push(IgnoredRow {
                row: row.number,
                reason,
            }),
            _ => report.skipped.push(row.number),
        }
    }
    planned
}
