//! Recording policy documents and versions. The invariant kept here: per document, approved
//! versions have distinct effective dates and each is in force until the next one takes effect, so
//! exactly one version is in force on any date from the first effective date on.

use crate::store::OptionalExtension;
use chrono::NaiveDate;
use rusqlite::params;

use super::model::*;
use super::read::{get_document, get_version};
use crate::agreements::check_sha256;
use crate::error::{CoreError, Result};
use crate::portfolio::validate as pv;
use crate::search;
use crate::store::{Action, AuditEntity, Write};

/// Records a policy document and, in effective-date order, its versions (drafts last).
pub fn create_policy_document(w: &mut Write<'_>, d: &PolicyDocument) -> Result<PolicyDocumentId> {
    pv::text("policy_document.code", &d.code, 50)?;
    pv::text("policy_document.title", &d.title, pv::MAX_TITLE)?;
    let dup: Option<i64> = w
        .tx()
        .query_row(
            "SELECT id FROM policy_document WHERE code = ?1",
            [&d.code],
            |r| r.get(0),
        )
        .optional()?;
    if dup.is_some() {
        return Err(CoreError::Conflict(format!(
            "policy document code {} is already used; add a version to that document instead",
            d.code
        )));
    }
    w.tx()
        .prepare_cached("INSERT INTO policy_document (id, code, title, kind, obsolete) VALUES (?1, ?2, ?3, ?4, ?5)")?
        .execute(params![d.id, d.code, d.title, d.kind, d.obsolete])?;
    let id = PolicyDocumentId(w.tx().last_insert_rowid());
    search::put(
        w,
        "policy_document",
        id.0,
        Some(&format!("{} {} {}", d.code, d.title, d.kind.label_ja())),
    )?;
    w.audit(
        AuditEntity::PolicyDocument,
        id,
        Action::Create,
        None::<&()>,
        Some(&PolicyDocument {
            id: Some(id),
            versions: Vec::new(),
            ..d.clone()
        }),
    )?;
    let mut versions: Vec<&PolicyVersion> = d.versions.iter().collect();
    versions.sort_by_key(|v| (v.effective_on.is_none(), v.effective_on));
    for (i, v) in versions.into_iter().enumerate() {
        add_policy_version(w, id, v).map_err(|e| match e {
            CoreError::Validation { field, message } => {
                CoreError::invalid(format!("policy_document.versions[{i}].{field}"), message)
            }
            other => other,
        })?;
    }
    Ok(id)
}

fn check_version(v: &PolicyVersion) -> Result<()> {
    pv::text("version", &v.version, 20)?;
    pv::optional_text("approval_body", &v.approval_body, 200)?;
    pv::optional_text("summary", &v.summary, pv::MAX_NOTE)?;
    for (field, d) in [
        ("approved_on", v.approved_on),
        ("effective_on", v.effective_on),
        ("next_review_on", v.next_review_on),
    ] {
        if let Some(d) = d {
            pv::date(field, d)?;
        }
    }
    if v.approved_on.is_some() != v.effective_on.is_some() {
        return Err(CoreError::invalid(
            "effective_on",
            "an approved version needs both its approval date and its effective date (a draft has neither)",
        ));
    }
    pv::order(
        ("effective_on", v.effective_on),
        ("next_review_on", v.next_review_on),
    )?;
    if let Some(sha) = &v.sha256 {
        check_sha256("sha256", sha)?;
    }
    if v.file_name.is_some() != v.sha256.is_some() {
        return Err(CoreError::invalid(
            "file_name",
            "a file needs both its name and its SHA-256",
        ));
    }
    Ok(())
}

/// The approved version that is in force last, and a refusal when `effective` does not come after it.
fn check_after_latest(
    w: &Write<'_>,
    doc: PolicyDocumentId,
    own: Option<PolicyVersionId>,
    effective: NaiveDate,
) -> Result<Option<PolicyVersionId>> {
    let latest: Option<(i64, String, NaiveDate)> = w
        .tx()
        .query_row(
            "SELECT id, version, effective_on FROM policy_version
             WHERE document_id = ?1 AND effective_on IS NOT NULL AND id IS NOT ?2
             ORDER BY effective_on DESC LIMIT 1",
            params![doc, own],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()?;
    match latest {
        Some((_, version, from)) if effective <= from => Err(CoreError::invalid(
            "effective_on",
            format!(
                "{effective} is not after {from}, when version {version} takes effect: the two would overlap \
                 (exactly one version is in force at a time); give the new version a later effective date"
            ),
        )),
        Some((id, ..)) => Ok(Some(PolicyVersionId(id))),
        None => Ok(None),
    }
}

/// Marks `previous` superseded from `on`, with its audit row.
fn supersede(w: &mut Write<'_>, previous: PolicyVersionId, on: NaiveDate) -> Result<()> {
    let before = get_version(w.tx(), previous)?;
    w.tx().execute(
        "UPDATE policy_version SET superseded_on = ?2 WHERE id = ?1",
        params![previous, on],
    )?;
    let after = PolicyVersion {
        superseded_on: Some(on),
        ..before.clone()
    };
    w.audit(
        AuditEntity::PolicyVersion,
        previous,
        Action::Update,
        Some(&before),
        Some(&after),
    )
}

/// Adds a version (a draft, or an approved version that supersedes the current one on its effective
/// date). Refuses a version whose effective date is not after every approved version's.
pub fn add_policy_version(
    w: &mut Write<'_>,
    doc: PolicyDocumentId,
    input: &PolicyVersion,
) -> Result<PolicyVersionId> {
    check_version(input)?;
    get_document(w.tx(), doc)?;
    let dup: Option<i64> = w
        .tx()
        .query_row(
            "SELECT id FROM policy_version WHERE document_id = ?1 AND version = ?2",
            params![doc, input.version],
            |r| r.get(0),
        )
        .optional()?;
    if dup.is_some() {
        return Err(CoreError::Conflict(format!(
            "version {} of this document is already recorded; number the new version differently",
            input.version
        )));
    }
    let previous = match input.effective_on {
        Some(e) => check_after_latest(w, doc, None, e)?,
        None => None,
    };
    let v = PolicyVersion {
        superseded_on: None,
        ..input.clone()
    };
    w.tx()
        .prepare_cached(
            "INSERT INTO policy_version (id, document_id, version, approval_body, approved_on, effective_on,
                 summary, next_review_on, file_name, sha256)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        )?
        .execute(params![
            v.id, doc, v.version, v.approval_body, v.approved_on, v.effective_on, v.summary,
            v.next_review_on, v.file_name, v.sha256
        ])?;
    let id = PolicyVersionId(w.tx().last_insert_rowid());
    if let (Some(prev), Some(e)) = (previous, v.effective_on) {
        supersede(w, prev, e)?;
    }
    w.audit(
        AuditEntity::PolicyVersion,
        id,
        Action::Create,
        None::<&()>,
        Some(&PolicyVersion { id: Some(id), ..v }),
    )?;
    Ok(id)
}

/// Approves a draft: it takes effect on `effective_on` and supersedes the version in force then.
pub fn approve_policy_version(
    w: &mut Write<'_>,
    id: PolicyVersionId,
    approval_body: &str,
    approved_on: NaiveDate,
    effective_on: NaiveDate,
) -> Result<()> {
    let before = get_version(w.tx(), id)?;
    if before.effective_on.is_some() {
        return Err(CoreError::Conflict(format!(
            "version {} is already approved; record a new version instead",
            before.version
        )));
    }
    let after = PolicyVersion {
        approval_body: Some(approval_body.to_owned()),
        approved_on: Some(approved_on),
        effective_on: Some(effective_on),
        ..before.clone()
    };
    check_version(&after)?;
    let doc: PolicyDocumentId = w.tx().query_row(
        "SELECT document_id FROM policy_version WHERE id = ?1",
        [id],
        |r| r.get(0),
    )?;
    let previous = check_after_latest(w, doc, Some(id), effective_on)?;
    w.tx().execute(
        "UPDATE policy_version SET approval_body = ?2, approved_on = ?3, effective_on = ?4 WHERE id = ?1",
        params![id, approval_body, approved_on, effective_on],
    )?;
    if let Some(prev) = previous {
        supersede(w, prev, effective_on)?;
    }
    w.audit(
        AuditEntity::PolicyVersion,
        id,
        Action::Update,
        Some(&before),
        Some(&after),
    )
}
