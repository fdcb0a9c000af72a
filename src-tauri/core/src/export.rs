//! Exporting registers to Excel, CSV and JSON.
//!
//! Contract:
//! - A register is laid out once ([`layout`]) as Japanese headers, column kinds and rows, then
//!   written as XLSX (`rust_xlsxwriter`: header row frozen, column widths set, dates as real Excel
//!   dates, yen as numbers with a `¥#,##0` format, an autofilter on the header) or as CSV (UTF-8
//!   with a BOM so that Japanese Excel opens it correctly; dates ISO, yen plain integers).
//! - The applications register uses the headers the importer recognises, with inventors and
//!   co-applicants written with their shares (`山田太郎(60%)、鈴木花子(40%)`), so exporting and
//!   importing into an empty database gives the same applications.
//! - JSON writes the register's records exactly as the core's serde types (ids included), for
//!   scripts; the lossless whole-portfolio file is `exchange` (`chizai export` without `--kind`).

mod activities;
mod agreements;
mod applications;
mod costs;
mod deadlines;
mod disclosures;
pub mod formula;
mod income;
mod layout;
mod people;
mod policies;
mod sheet;

use std::path::Path;

use rust_xlsxwriter::{ExcelDateTime, Format, FormatAlign, Workbook, XlsxError};

use crate::error::{CoreError, Result};
pub use layout::layout;
pub use sheet::{Column, ColumnKind, Sheet, Value};

/// A register that can be exported.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Register {
    /// Applications and rights (出願・権利一覧).
    Applications,
    /// Invention disclosures (発明届出一覧).
    Disclosures,
    /// Cost ledger (費用).
    Costs,
    /// People (人).
    People,
    /// Organisations (組織).
    Organisations,
    /// Agreements (契約一覧).
    Agreements,
    /// Policy documents (規程一覧).
    Policies,
    /// Collaboration activities (活動一覧).
    Activities,
    /// Income (収入一覧).
    Income,
    /// The docket (期限管理表): computed and manual deadlines with what was recorded on them.
    Deadlines,
}

impl Register {
    /// Every register, in menu order.
    pub const ALL: [Register; 10] = [
        Register::Applications,
        Register::Disclosures,
        Register::Costs,
        Register::People,
        Register::Organisations,
        Register::Agreements,
        Register::Policies,
        Register::Activities,
        Register::Income,
        Register::Deadlines,
    ];

    /// The `--kind` spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Register::Applications => "applications",
            Register::Disclosures => "disclosures",
            Register::Costs => "costs",
            Register::People => "people",
            Register::Organisations => "organisations",
            Register::Agreements => "agreements",
            Register::Policies => "policies",
            Register::Activities => "activities",
            Register::Income => "income",
            Register::Deadlines => "deadlines",
        }
    }

    /// Parses `--kind`.
    pub fn parse(text: &str) -> Result<Register> {
        let all = Register::ALL;
        let key = text.trim().to_ascii_lowercase();
        all.into_iter()
            .find(|r| r.as_str() == key || key == r.as_str().trim_end_matches('s'))
            .ok_or_else(|| {
                CoreError::invalid(
                    "kind",
                    format!(
                        "{text:?} is not a register that can be exported; use one of {}",
                        all.map(Register::as_str).join(", ")
                    ),
                )
            })
    }
}

/// The file format of an export.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    /// Excel workbook.
    Xlsx,
    /// CSV, UTF-8 with BOM.
    Csv,
    /// JSON array of records.
    Json,
}

impl ExportFormat {
    /// The `--format` spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            ExportFormat::Xlsx => "xlsx",
            ExportFormat::Csv => "csv",
            ExportFormat::Json => "json",
        }
    }

    /// Parses `--format`.
    pub fn parse(text: &str) -> Result<ExportFormat> {
        match text.trim().to_ascii_lowercase().as_str() {
            "xlsx" | "excel" => Ok(ExportFormat::Xlsx),
            "csv" => Ok(ExportFormat::Csv),
            "json" => Ok(ExportFormat::Json),
            _ => Err(CoreError::invalid(
                "format",
                format!("{text:?} is not xlsx, csv or json"),
            )),
        }
    }

    /// The format named by a file's extension (default JSON).
    pub fn from_path(path: &Path) -> Result<ExportFormat> {
        match path.extension().and_then(|e| e.to_str()) {
            Some(ext) if ["xlsx", "csv", "json"].contains(&ext.to_ascii_lowercase().as_str()) => {
                ExportFormat::parse(ext)
            }
            _ => Ok(ExportFormat::Json),
        }
    }
}

/// Exports `register` as the bytes of a file in `format`.
pub fn export(
    conn: &crate::store::Conn,
    register: Register,
    format: ExportFormat,
) -> Result<Vec<u8>> {
    match format {
        ExportFormat::Json => layout::json(conn, register),
        ExportFormat::Csv => Ok(to_csv(&layout(conn, register)?)),
        ExportFormat::Xlsx => to_xlsx(&layout(conn, register)?)
            .map_err(|e| CoreError::invalid("export", format!("cannot build the workbook: {e}"))),
    }
}

/// The `--kind` names of every register, in menu order (the desktop lists them).
pub fn registers() -> Vec<&'static str> {
    Register::ALL.iter().map(|r| r.as_str()).collect()
}

/// Exports the register named `kind` as `format` (their `--kind`/`--format` spellings) into the
/// file `out`: [`write_export`] for a caller that holds names, not values (the desktop passes back
/// the names [`registers`] listed).
pub fn export_to_file(
    conn: &crate::store::Conn,
    kind: &str,
    format: &str,
    out: &Path,
    progress: &mut crate::progress::Progress<'_>,
) -> Result<u64> {
    let (register, format) = (Register::parse(kind)?, ExportFormat::parse(format)?);
    write_export(conn, register, format, out, progress)
}

/// Exports `register` as `format` into the file `out`, written whole or not at all
/// ([`crate::atomic::write_atomically`]). Steps: the register read and laid out, the file
/// written. Returns the file's size in bytes.
pub fn write_export(
    conn: &crate::store::Conn,
    register: Register,
    format: ExportFormat,
    out: &Path,
    progress: &mut crate::progress::Progress<'_>,
) -> Result<u64> {
    let bytes = export(conn, register, format)?;
    progress.step(1, 2)?;
    crate::atomic::write_atomically(out, &bytes, progress)?;
    progress.report(2, 2);
    Ok(bytes.len() as u64)
}

/// CSV bytes: UTF-8 with a BOM, comma-separated, quoted where needed; cells a spreadsheet would run
/// as formulas are neutralised ([`formula`]).
pub fn to_csv(sheet: &Sheet) -> Vec<u8> {
    let mut out = b"\xEF\xBB\xBF".to_vec();
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    let _ = writer.write_record(
        sheet
            .columns
            .iter()
            .map(|c| formula::neutralise(c.header).into_owned()),
    );
    for row in &sheet.rows {
        let _ = writer.write_record(
            row.iter()
                .map(|v| formula::neutralise(&v.text()).into_owned()),
        );
    }
    if let Ok(bytes) = writer.into_inner() {
        out.extend(bytes);
    }
    out
}

/// XLSX bytes.
pub fn to_xlsx(sheet: &Sheet) -> std::result::Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    ws.set_name(sheet.name)?;
    let header = Format::new()
        .set_bold()
        .set_background_color(0xDDEBF7)
        .set_align(FormatAlign::Center);
    let date = Format::new().set_num_format("yyyy-mm-dd");
    let yen = Format::new().set_num_format("¥#,##0");
    let text = Format::new().set_text_wrap();
    for (c, column) in sheet.columns.iter().enumerate() {
        let c = c as u16;
        ws.write_string_with_format(0, c, column.header, &header)?;
        ws.set_column_width(c, column.width)?;
    }
    for (r, row) in sheet.rows.iter().enumerate() {
        let r = r as u32 + 1;
        for (c, value) in row.iter().enumerate() {
            let c = c as u16;
            match value {
                Value::Empty => {}
                Value::Text(t) if t.contains('\n') => {
                    ws.write_string_with_format(r, c, t, &text)?;
                }
                Value::Text(t) => {
                    ws.write_string(r, c, t)?;
                }
                Value::Int(n) => {
                    ws.write_number(r, c, *n as f64)?;
                }
                Value::Yen(n) => {
                    ws.write_number_with_format(r, c, *n as f64, &yen)?;
                }
                Value::Date(d) => {
                    use chrono::Datelike;
                    let dt =
                        ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8)?;
                    ws.write_datetime_with_format(r, c, &dt, &date)?;
                }
            }
        }
    }
    ws.set_freeze_panes(1, 0)?;
    if !sheet.columns.is_empty() {
        ws.autofilter(
            0,
            0,
            sheet.rows.len() as u32,
            sheet.columns.len() as u16 - 1,
        )?;
    }
    book.save_to_buffer()
}
