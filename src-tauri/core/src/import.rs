//! Importing the office's existing registers from Excel (`.xlsx`) and CSV.
//!
//! The flow: [`sheet`] reads the file into rows (decoding Shift_JIS/UTF-8/UTF-16, filling merged
//! cells), [`columns`] finds the header row and maps headers to fields (Japanese and English
//! names, a mapping file for the rest), [`values`] reads each cell as people type it (和暦,
//! Excel serials, full-width digits, people lists with shares), and the kind's importer plans
//! what each row creates, updates or leaves alone, collecting every problem at once.

pub mod applications;
mod apply;
pub mod columns;
mod kinds;
pub mod parties;
pub mod sheet;
pub mod values;

use std::collections::HashMap;
use std::path::Path;

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::error::CoreError;
use crate::portfolio;
use crate::progress::Progress;
use crate::store::{Actor, Store};
use applications::{AppRow, Existing, Plan};
use columns::{is_totals_row, Mapping};
use values::Problem;

/// Which register a sheet holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
#[ts(rename_all = "snake_case")]
pub enum Kind {
    /// Applications and rights (保有特許・出願一覧).
    Applications,
}

impl Kind {
    /// Parses `--kind` / the mapping file's `kind`.
    pub fn parse(text: &str) -> Result<Kind, ImportError> {
        match text.trim().to_ascii_lowercase().as_str() {
            "applications" | "application" | "patents" | "出願" | "特許" => {
                Ok(Kind::Applications)
            }
            other => Err(ImportError::Mapping(format!(
                "kind {other:?} cannot be imported from a sheet yet; use applications"
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
    /// The application's 整理番号.
    pub reference: String,
    /// The normalised application number, if any.
    pub application_number: Option<String>,
    /// The fields that change (updates only).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub changes: Vec<String>,
}

/// A row that is not data (a totals line, a repeated header).
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
    let layout = columns::layout(&table, &applications::FIELDS, &opts.mapping)?;
    let existing = load_existing(store.conn())?;
    let mut parties = parties::PartyBook::load(store.conn())?;
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
    let mut planned: Vec<AppRow> = Vec::new();
    let mut seen = HashMap::new();
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
        let before = report.problems.len();
        match applications::plan_row(
            row,
            &layout,
            &existing,
            &mut parties,
            &mut seen,
            &mut report.problems,
        ) {
            Some(plan) if report.problems.len() == before => planned.push(plan),
            _ => report.skipped.push(row.number),
        }
    }
    for p in &planned {
        let summary = RowSummary {
            row: p.row,
            reference: p.app.reference.clone(),
            application_number: p.app.application_number.clone(),
            changes: p.changes.iter().map(|c| c.to_string()).collect(),
        };
        match p.plan {
            Plan::Create => report.created.push(summary),
            Plan::Update(_) => report.updated.push(summary),
            Plan::Unchanged(_) => report.unchanged.push(summary),
        }
    }
    let refused = !report.problems.is_empty() && !opts.skip_invalid;
    if opts.dry_run || refused {
        if !opts.skip_invalid {
            report.skipped.clear();
        }
        return Ok(report);
    }
    let to_write: Vec<&AppRow> = planned
        .iter()
        .filter(|p| !matches!(p.plan, Plan::Unchanged(_)))
        .collect();
    if !to_write.is_empty() {
        store.write(actor, now, "import", |w| {
            apply::write_rows(w, &to_write, &mut parties, progress)
        })?;
        report.written = true;
    }
    Ok(report)
}

fn load_existing(conn: &rusqlite::Connection) -> Result<Existing, CoreError> {
    let apps = portfolio::list_all_applications(conn)?;
    let mut existing = Existing {
        by_id: HashMap::new(),
        by_reference: HashMap::new(),
        by_number: HashMap::new(),
        families: portfolio::list_families(conn)?
            .into_iter()
            .filter_map(|f| Some((f.reference, f.id?)))
            .collect(),
        disclosures: portfolio::list_disclosures(conn, false)?
            .into_iter()
            .filter_map(|d| Some((d.number, d.id?)))
            .collect(),
    };
    for a in apps {
        let Some(id) = a.id else { continue };
        existing.by_reference.insert(a.reference.clone(), id);
        if let Some(n) = &a.application_number {
            existing.by_number.insert((a.office, n.clone()), id);
        }
        existing.by_id.insert(id, a);
    }
    Ok(existing)
}

/// What can stop an import as a whole (problems in single cells are collected, not raised).
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// The file could not be read.
    #[error("cannot read {path}: {source}")]
    Read {
        /// The file.
        path: String,
        /// Why.
        source: std::io::Error,
    },
    /// The file's extension is not one Chizai imports.
    #[error("{0}: import reads .xlsx, .csv, .tsv and .txt registers (and .json exports)")]
    UnsupportedFile(String),
    /// The workbook could not be opened.
    #[error("the workbook cannot be read: {0}; save it again from Excel as .xlsx")]
    Workbook(String),
    /// `--sheet` names a sheet the workbook does not have.
    #[error("the workbook has no sheet {wanted:?}; its sheets are: {available}")]
    NoSuchSheet {
        /// The sheet asked for.
        wanted: String,
        /// The sheets there are.
        available: String,
    },
    /// The CSV bytes are in no encoding Chizai reads.
    #[error("{0}")]
    Encoding(String),
    /// The CSV is malformed.
    #[error("the CSV file cannot be read: {0}")]
    Csv(String),
    /// The mapping file is wrong.
    #[error("mapping: {0}")]
    Mapping(String),
    /// The database refused the write (nothing was written).
    #[error(transparent)]
    Store(#[from] CoreError),
    /// No row looks like a header.
    #[error("sheet {sheet}: no header row found in the first 30 rows; expected headers such as {expected}, or give a mapping file")]
    NoHeader {
        /// The sheet.
        sheet: String,
        /// Headers that would have been recognised.
        expected: String,
    },
}
