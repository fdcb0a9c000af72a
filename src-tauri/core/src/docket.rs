//! The docket: statutory deadlines, computed to the day and explained.
//!
//! Four layers, each usable on its own:
//! - [`calendar`]: which days an office is closed, and why. The Japanese national-holiday
//!   calendar is computed from 国民の祝日に関する法律 and its history (and tested day for day
//!   against the Cabinet Office's list); USPTO closed days from 5 U.S.C. 6103; EPO and WIPO
//!   closing days are data shipped per year.
//! - [`period`]: the two ways of counting a period (特許法第3条 vs PCT Rule 80.2 / EPC Rule
//!   131(4) / US) and the roll-forward over closed days, recording every day rolled over.
//! - [`rules`]: the rule table (`rules.toml`), one reviewable row per rule and validity window,
//!   with its legal basis. Changing a law is editing a row and adding a test case.
//! - [`fact`]: the facts the rule table may name, one typed list.
//! - [`engine`]: facts about one application in, every deadline that follows out, each with
//!   the explanation of how it was reached.
//!
//! Nothing here reads the clock or touches a database: time and facts are passed in.

pub mod calendar;
pub mod coverage;
pub mod engine;
pub mod fact;
pub mod period;
pub mod rules;

pub use calendar::{ClosedDay, DayKind, OfficeCalendar};
pub use coverage::{has_rules, no_rules, NoRules};
pub use engine::{
    compute, compute_bare, compute_bare_where, derive_year, explain, Alternative, ApplicantKind,
    ComputedDeadline, Facts, RightType, RolledDay, Trigger,
};
pub use fact::{Fact, KNOWN_FACTS, TRIGGER_FACTS};
pub use period::{Convention, Period};
pub use rules::{Rule, RuleTable};

/// Errors of the docket layer. Each names the input that was wrong and what to do.
#[derive(Debug, thiserror::Error)]
pub enum DocketError {
    /// A period string in the rule table or on the command line could not be read.
    #[error("period `{0}` is not valid: write e.g. `60d`, `3m`, `1y` or `3y6m`")]
    BadPeriod(String),
    /// A date arithmetic result fell outside the supported range.
    #[error("date {0} plus {1} is out of the supported range (years 1900–2200)")]
    OutOfRange(chrono::NaiveDate, String),
    /// The embedded rule table does not parse or is inconsistent.
    #[error("rule table: {0}")]
    RuleTable(String),
    /// The embedded closing-days data of an office does not parse.
    #[error("closing-day data: {0}")]
    ClosingDays(String),
    /// An office code that the docket does not know.
    #[error(
        "office `{0}` is unknown: use JP, PCT, EP, US, CN, KR, TW, DE, GB, FR, CA, AU, IN or SG"
    )]
    UnknownOffice(String),
    /// A fact key that the docket does not know.
    #[error("fact `{0}` is unknown: use one of {1}")]
    UnknownFact(String, String),
    /// A fact is inconsistent with another one.
    #[error("fact `{0}`: {1}")]
    InconsistentFact(String, String),
}

impl crate::error::Failure for DocketError {
    fn code(&self) -> crate::error::ErrorCode {
        use crate::error::ErrorCode;
        match self {
            // The rule table and the closing days are compiled in: a fault there is the program's.
            DocketError::RuleTable(_) | DocketError::ClosingDays(_) => ErrorCode::Internal,
            _ => ErrorCode::Validation,
        }
    }
}

impl From<DocketError> for crate::error::CoreError {
    fn from(e: DocketError) -> Self {
        match e {
            DocketError::RuleTable(_) | DocketError::ClosingDays(_) => {
                crate::error::CoreError::Integrity(e.to_string())
            }
            other => crate::error::CoreError::invalid("docket", other.to_string()),
        }
    }
}
