//! The docket as files the desk saves: CSV for a spreadsheet, ICS for a calendar, written whole
//! or not at all.

use std::path::Path;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::{list_deadlines, to_csv, to_ics, DeadlineFilter};
use crate::error::Result;
use crate::portfolio as pf;

/// The file formats the docket is saved in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum ExportFormat {
    /// CSV for a spreadsheet (UTF-8 with a BOM, so Excel reads the Japanese).
    Csv,
    /// iCalendar for a calendar application.
    Ics,
}

/// A file the desk wrote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct ExportedFile {
    /// Where it was written.
    pub path: String,
    /// Deadlines in it.
    pub rows: u32,
    /// Its size.
    pub bytes: u32,
}

/// Writes the deadlines matching `filter` to `path` as CSV or ICS (`now` stamps the ICS).
pub fn export_docket(
    conn: &crate::store::Conn,
    filter: &DeadlineFilter,
    format: ExportFormat,
    path: &Path,
    today: NaiveDate,
    now: DateTime<Utc>,
) -> Result<ExportedFile> {
    let rows = list_deadlines(conn, filter, today)?;
    let text = match format {
        ExportFormat::Csv => format!("\u{feff}{}", to_csv(&rows, today)),
        ExportFormat::Ics => {
            let institution = pf::get_institution(conn)
                .map(|i| i.name)
                .unwrap_or_else(|_| "Chizai".to_string());
            to_ics(&rows, &institution, now)
        }
    };
    crate::atomic::write_atomically(
        path,
        text.as_bytes(),
        &mut crate::progress::Progress::silent(),
    )?;
    Ok(ExportedFile {
        path: path.display().to_string(),
        rows: u32::try_from(rows.len()).unwrap_or(u32::MAX),
        bytes: u32::try_from(text.len()).unwrap_or(u32::MAX),
    })
}
