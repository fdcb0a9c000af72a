//! Policy documents (規程・ポリシー): 知財ポリシー, 職務発明規程, 利益相反ポリシー, 秘密保持規程,
//! 共同研究取扱規程, model agreements, each with its versions (approval body and date, effective date,
//! summary of changes, the file by SHA-256, next review date).
//!
//! The register's invariant: exactly one version of a document is in force on any date from its
//! first effective date on. A version is in force from its effective date until the next approved
//! version's effective date; approving a new version supersedes the previous one on that date, and a
//! version whose effective date is not after every approved one's is refused (it would overlap).
//! [`list`] with a date answers "which version was in force on D"; [`obligations`] gives the
//! `policy.review` deadline for the docket. A version's document is kept content-addressed and
//! verified on read ([`attach_document`], [`read_document`]).

mod document;
mod model;
mod read;
mod write;

pub use document::*;
pub use model::*;
pub use read::*;
pub use write::*;

#[cfg(test)]
mod tests;
