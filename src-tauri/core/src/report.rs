//! PDF reports: the board report and the registers the vice-president takes to the board.
//!
//! The engine is printpdf (0.12, `text_layout` without `html`) driven with drawing operations,
//! plus a small layout layer of our own, because the reports need things HTML-to-PDF does not
//! give: tables that flow across pages with the header repeated, Japanese line breaking
//! (禁則), right-aligned yen amounts, and charts with a target trajectory.
//!
//! - `fonts`: BIZ UDGothic (SIL OFL 1.1) compiled in, advance widths cached per process.
//! - `text`: line breaking (UAX #14 plus Japanese line-start rules).
//! - `canvas`: one page, top-left coordinates, text/lines/rectangles.
//! - `doc`: the document, the frame on every page (institution, title, 基準日 in 西暦 and 和暦,
//!   関係者外秘, "n / N"), metadata, subset-font PDF output.
//! - `table`, `chart`: the blocks reports are built from.
//! - `format`: yen, thousands, dates with the era year.
//! - `board`: the board report (知的財産本部 活動報告) from a plain input struct.
//! - `register`: a register (titled summary + one flowing table) from rows.
//! - `registers`, `deadlines`: the portfolio, agreement, policy and docket registers from plain
//!   lines that the store-facing code fills.
//! - `from_docket`: the board report's decisions (annuities, national phases) from the docket.
//! - `from_store`, `from_modules`: report inputs read from the database and from the `kpi`,
//!   `agreements` and `policies` modules.
//! - `produce`: one report by kind from the database to a file, in cancellable steps.
//! - `sample`: deterministic sample inputs for tests, the benchmark and the README image;
//!   compiled into those only, not into the library.
//!
//! Nothing here reads the clock or the database: callers pass the data, the as-of date and
//! the creation time in, and get PDF bytes back.

pub mod board;
pub mod canvas;
pub mod chart;
pub mod deadlines;
pub mod doc;
pub mod fonts;
pub mod format;
pub mod from_docket;
pub mod from_modules;
pub mod from_store;
pub mod produce;
pub mod register;
pub mod registers;
#[cfg(test)]
pub mod sample;
pub mod table;
pub mod text;

#[cfg(test)]
mod labels_tests;
#[cfg(test)]
mod tests;

pub use board::{board_report, BoardReport};
pub use canvas::{Align, Colour, TextStyle};
pub use deadlines::{docket_register, write_docket_pdf, DeadlineLine, DeadlineState, WrittenPdf};
pub use doc::{Document, Orientation, Pdf, ReportMeta};
pub use fonts::FontStyle;
pub use produce::{produce, produce_to_file, ReportKind, ReportRequest, ReportWritten};
pub use register::{register_report, Register};
pub use registers::{
    agreement_register, policy_register, portfolio_register, AgreementLine, PolicyLine,
    PortfolioLine, RegisterHead,
};
pub use table::{Column, Row, Table};

/// What can go wrong while producing a report.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    /// The embedded font could not be read: the binary is damaged.
    #[error("the embedded font {0:?} could not be parsed; reinstall Chizai")]
    Font(FontStyle),
    /// The input cannot be laid out (e.g. no fiscal years given).
    #[error("report input is not usable: {0}")]
    Input(String),
    /// A domain module failed while gathering the report's data.
    #[error("{0}")]
    Core(#[from] crate::error::CoreError),
    /// The database could not be read.
    #[error("database error while reading report data: {0}")]
    Store(#[from] rusqlite::Error),
}

impl crate::error::Failure for ReportError {
    fn code(&self) -> crate::error::ErrorCode {
        use crate::error::ErrorCode;
        match self {
            ReportError::Font(_) => ErrorCode::Internal,
            ReportError::Input(_) => ErrorCode::Validation,
            ReportError::Core(e) => e.code(),
            ReportError::Store(_) => ErrorCode::Storage,
        }
    }

    fn field(&self) -> Option<&str> {
        match self {
            ReportError::Core(e) => e.field(),
            _ => None,
        }
    }

    fn detail(&self) -> String {
        match self {
            ReportError::Core(e) => e.detail(),
            other => other.to_string(),
        }
    }
}
