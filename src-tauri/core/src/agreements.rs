//! Agreements (契約) and TLO relations: technology-transfer mandates, licences, options,
//! assignments, joint and contract research, NDAs and MTAs, with their parties, the applications,
//! families and disclosures they cover, financial terms, reporting obligations and signed files.
//!
//! Reads take a `&Connection`; writes take the store's [`Write`](crate::store::Write), validate
//! first and audit in the caller's transaction. The dated obligations an agreement creates come from
//! the pure [`obligations::of_agreement`], which the docket materialises as deadlines.
//!
//! An agreement "binds" from its effective date (else its signing date) to its termination date,
//! else — unless it renews itself — its expiry date; a negotiating agreement binds no one. The KPIs
//! count licences, options and assignments ([`AgreementKind::is_licensing`]) by that period.

mod links;
mod model;
pub mod obligations;
mod read;
mod validate;
mod write;

pub use links::{describe_links, resolve_link, LinkTarget};
pub use model::*;
pub use obligations::Obligation;
pub use read::*;
pub(crate) use validate::{non_negative, sha256 as check_sha256};
pub use write::*;

#[cfg(test)]
mod tests;
