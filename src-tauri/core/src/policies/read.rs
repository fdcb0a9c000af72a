//! Reading the policy register: documents with their versions, and "which version was in force on D".

use crate::store::{Conn, OptionalExtension, Row};
use chrono::NaiveDate;
use serde::Serialize;

use super::model::*;
use crate::agreements::obligations::{Obligation, POLICY_REVIEW};
use crate::error::{CoreError, Result};

const VERSION_COLUMNS: &str =
    "id, version, approval_body, approved_on, effective_on, superseded_on, summary,
    next_review_on, file_name, sha256";

fn version_from_row(r: &Row<'_>) -> crate::error::Result<PolicyVersion> {
    Ok(PolicyVersion {
        id: r.get(0)?,
        version: r.get(1)?,
        approval_body: r.get(2)?,
        approved_on: r.get(3)?,
        effective_on: r.get(4)?,
        superseded_on: r.get(5)?,
        summary: r.get(6)?,
        next_review_on: r.get(7)?,
        file_name: r.get(8)?,
        sha256: r.get(9)?,
    })
}

/// One version.
pub fn get_version(conn: &Conn, id: PolicyVersionId) -> Result<PolicyVersion> {
    let sql = format!("SELECT {VERSION_COLUMNS} FROM policy_version WHERE id = ?1");
    conn.prepare_cached(&sql)?
        .query_row([id], version_from_row)
        .optional()?
        .ok_or_else(|| CoreError::not_found("policy version", id))
}

fn versions(conn: &Conn, doc: PolicyDocumentId) -> Result<Vec<PolicyVersion>> {
    let sql =
        format!("SELECT {VERSION_COLUMNS} FROM policy_version WHERE document_id = ?1 ORDER BY id");
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map([doc], version_from_row)?;
    rows.collect::<crate::error::Result<_>>()
}

fn document_from_row(r: &Row<'_>) -> crate::error::Result<PolicyDocument> {
    Ok(PolicyDocument {
        id: r.get(0)?,
        code: r.get(1)?,
        title: r.get(2)?,
        kind: r.get(3)?,
        obsolete: r.get(4)?,
        versions: Vec::new(),
    })
}

/// One document with all its versions.
pub fn get_document(conn: &Conn, id: PolicyDocumentId) -> Result<PolicyDocument> {
    let mut d = conn
        .prepare_cached(
            "SELECT id, code, title, kind, obsolete FROM policy_document WHERE id = ?1",
        )?
        .query_row([id], document_from_row)
        .optional()?
        .ok_or_else(|| CoreError::not_found("policy document", id))?;
    d.versions = versions(conn, id)?;
    Ok(d)
}

/// Finds a document by code or id.
pub fn find_document(conn: &Conn, key: &str) -> Result<PolicyDocumentId> {
    let key = key.trim();
    conn.query_row(
        "SELECT id FROM policy_document WHERE code = ?1 OR CAST(id AS TEXT) = ?1 ORDER BY (code = ?1) DESC LIMIT 1",
        [key],
        |r| r.get(0),
    )
    .optional()?
    .map(PolicyDocumentId)
    .ok_or_else(|| CoreError::not_found("policy document", key))
}

/// Every document with its versions, in id order.
pub fn list_all(conn: &Conn) -> Result<Vec<PolicyDocument>> {
    let mut docs = conn
        .prepare("SELECT id, code, title, kind, obsolete FROM policy_document ORDER BY id")?
        .query_map([], document_from_row)?
        .collect::<crate::error::Result<Vec<_>>>()?;
    for d in &mut docs {
        if let Some(id) = d.id {
            d.versions = versions(conn, id)?;
        }
    }
    Ok(docs)
}

/// The policy register: each document with the version in force on `on` (or, with `None`, the latest
/// approved version, in force now or scheduled).
pub fn list(conn: &Conn, on: Option<NaiveDate>) -> Result<Vec<PolicyRow>> {
    let mut rows = Vec::new();
    for d in list_all(conn)? {
        let Some(id) = d.id else { continue };
        let v = match on {
            Some(on) => d.in_force_on(on),
            None => d.latest_approved(),
        };
        rows.push(PolicyRow {
            id,
            code: d.code.clone(),
            title: d.title.clone(),
            kind: d.kind,
            obsolete: d.obsolete,
            version: v.map(|v| v.version.clone()),
            effective_on: v.and_then(|v| v.effective_on),
            approved_on: v.and_then(|v| v.approved_on),
            approval_body: v.and_then(|v| v.approval_body.clone()),
            next_review_on: v.and_then(|v| v.next_review_on),
            versions: d.versions.len(),
            drafts: d
                .versions
                .iter()
                .filter(|v| v.effective_on.is_none())
                .count(),
        });
    }
    Ok(rows)
}

/// A document with where each of its versions stands on a date: the desk's register view.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub struct DocumentOn {
    pub document: PolicyDocument,
    pub on: NaiveDate,
    /// The version in force on `on`, if any (its id).
    pub in_force: Option<PolicyVersionId>,
    /// Each version's standing on `on`, in the order of `document.versions`.
    pub states: Vec<VersionState>,
}

/// Every document with its versions and their standing on `on` (superseded versions included:
/// nothing is ever deleted from the register).
pub fn register_on(conn: &Conn, on: NaiveDate) -> Result<Vec<DocumentOn>> {
    Ok(list_all(conn)?
        .into_iter()
        .map(|document| DocumentOn {
            in_force: document.in_force_on(on).and_then(|v| v.id),
            states: document.versions.iter().map(|v| v.state_on(on)).collect(),
            on,
            document,
        })
        .collect())
}

/// The version of document `doc` in force on `on`, if any.
pub fn in_force_on(
    conn: &Conn,
    doc: PolicyDocumentId,
    on: NaiveDate,
) -> Result<Option<PolicyVersion>> {
    Ok(get_document(conn, doc)?.in_force_on(on).cloned())
}

/// The `policy.review` obligation of a document: the next review date of its latest approved
/// version. An abolished document, or one without a review date, has none.
pub fn obligations(d: &PolicyDocument) -> Vec<Obligation> {
    if d.obsolete {
        return Vec::new();
    }
    d.latest_approved()
        .and_then(|v| v.next_review_on.map(|due| (v, due)))
        .map(|(v, due)| Obligation {
            code: POLICY_REVIEW,
            fact: "review_due",
            entity: "policy_document",
            entity_id: d.id.map(|i| i.0).unwrap_or(0),
            due_on: due,
            basis: format!(
                "{} {} version {}: next review set at approval",
                d.code, d.title, v.version
            ),
            basis_ja: format!(
                "{} {} 第{}版: 承認時に定めた次回見直し",
                d.code, d.title, v.version
            ),
        })
        .into_iter()
        .collect()
}
