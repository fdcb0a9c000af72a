//! Importing the office's existing registers from Excel (`.xlsx`) and CSV.
//!
//! The flow: [`sheet`] reads the file into rows (decoding Shift_JIS/UTF-8/UTF-16, filling merged
//! cells), [`columns`] finds the header row and maps headers to fields (Japanese and English
//! names, a mapping file for the rest), [`values`] reads each cell as people type it (和暦,
//! Excel serials, full-width digits, people lists with shares), and the kind's importer plans
//! what each row creates, updates or leaves alone, collecting every problem at once.

pub mod columns;
pub mod sheet;
pub mod values;

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
    /// No row looks like a header.
    #[error("sheet {sheet}: no header row found in the first 30 rows; expected headers such as {expected}, or give a mapping file")]
    NoHeader {
        /// The sheet.
        sheet: String,
        /// Headers that would have been recognised.
        expected: String,
    },
}
