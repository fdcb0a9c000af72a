//! The patent portfolio: institution, people, organisations, invention disclosures, families,
//! applications with their events, co-applicants, priority claims and costs.
//!
//! Reads take a `&Connection`; writes take the store's [`Write`](crate::store::Write) so each one is
//! validated, written and audited inside the caller's single transaction.

mod edit;
mod model;
mod query;
mod read;
pub(crate) mod validate;
mod write;

pub use edit::*;
pub use model::*;
pub use query::{list_applications, ApplicationQuery, ApplicationRow, Page, SortKey};
pub use read::*;
pub use validate::{normalize_number_text, percent as percent_text};
pub use write::*;
