//! What can stop an import as a whole (problems in single cells are collected, not raised).

use crate::error::{CoreError, ErrorCode, Failure};

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
    /// The file exceeds a limit that keeps a crafted or corrupt file from exhausting memory; the
    /// detail names the part, the limit and what to do.
    #[error("{file}: {detail}")]
    Limit {
        /// The file (filled in by the reader that knows its path).
        file: String,
        /// What exceeded which limit, and what to do.
        detail: String,
    },
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

impl ImportError {
    /// Names `path` in a limit refusal (the readers that work on bytes do not know it).
    pub fn in_file(self, path: &std::path::Path) -> Self {
        match self {
            ImportError::Limit { detail, .. } => ImportError::Limit {
                file: path.display().to_string(),
                detail,
            },
            other => other,
        }
    }
}

impl Failure for ImportError {
    fn code(&self) -> ErrorCode {
        match self {
            ImportError::Store(e) => e.code(),
            ImportError::Read { .. } => ErrorCode::Storage,
            // Everything else is about the file's content: the person fixes the file or the mapping.
            _ => ErrorCode::Validation,
        }
    }

    fn field(&self) -> Option<&str> {
        match self {
            ImportError::Store(e) => e.field(),
            _ => None,
        }
    }

    fn detail(&self) -> String {
        match self {
            ImportError::Store(e) => e.detail(),
            other => other.to_string(),
        }
    }
}
