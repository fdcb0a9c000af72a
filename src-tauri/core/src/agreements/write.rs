//! Creating and changing agreements. Each function validates first, then writes, indexes the record
//! for full-text search and appends its audit row through the caller's [`Write`].

use crate::store::OptionalExtension;
use chrono::NaiveDate;
use rusqlite::params;

use super::model::*;
use super::read::get_agreement;
use super::validate;
use crate::error::{CoreError, ErrorCode, Failure, Result};
use crate::search;
use crate::store::{Action, AuditEntity, Write};

/// Records a new agreement with its parties, links, milestones and reports (files are attached
/// through [`attachments::attach`](crate::attachments::attach)). A licence,
/// option or assignment may not cover a dead right or an invention not taken over.
pub fn create_agreement(w: &mut Write<'_>, a: &Agreement) -> Result<AgreementId> {
    insert(w, a, &a.links)
}

/// Records an agreement as it was (an import): its links are not re-checked for liveness, since a
/// right may have lapsed after it was licensed.
pub fn record_agreement(w: &mut Write<'_>, a: &Agreement) -> Result<AgreementId> {
    insert(w, a, &[])
}

fn insert(w: &mut Write<'_>, a: &Agreement, fresh: &[Link]) -> Result<AgreementId> {
    validate::agreement(w.tx(), a, fresh)?;
    let dup: Option<i64> = w
        .tx()
        .query_row(
            "SELECT id FROM agreement WHERE number = ?1",
            [&a.number],
            |r| r.get(0),
        )
        .optional()?;
    if dup.is_some() {
        return Err(CoreError::Conflict(format!(
            "agreement number {} is already recorded; give the new agreement its own number",
            a.number
        )));
    }
    w.tx()
        .prepare_cached(
            "INSERT INTO agreement (id, number, title, kind, status, signed_on, effective_on, expires_on,
                 terminated_on, auto_renewal, renewal_term_months, renewal_notice_days, field, territory,
                 upfront_yen, royalty_rate_bp, royalty_base, annual_minimum_yen, funding_yen, responsible_id, notes)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21)",
        )?
        .execute(params![
            a.id, a.number, a.title, a.kind, a.status, a.signed_on, a.effective_on, a.expires_on,
            a.terminated_on, a.auto_renewal, a.renewal_term_months, a.renewal_notice_days, a.field,
            a.territory, a.terms.upfront_yen, a.terms.royalty_rate_bp, a.terms.royalty_base,
            a.terms.annual_minimum_yen, a.terms.funding_yen, a.responsible_id, a.notes
        ])?;
    let id = AgreementId(w.tx().last_insert_rowid());
    write_children(w, id, a)?;
    index_agreement(w, id)?;
    w.audit(
        AuditEntity::Agreement,
        id,
        Action::Create,
        None::<&()>,
        Some(&Agreement {
            id: Some(id),
            ..a.clone()
        }),
    )?;
    Ok(id)
}

/// The agreement form's save: [`update_agreement`] refused when the stored agreement is no
/// longer `loaded`, what the form showed (attachments are left out: the form does not edit them,
/// and adding a file is no conflict with editing the terms).
pub fn edit_agreement(
    w: &mut Write<'_>,
    id: AgreementId,
    input: &Agreement,
    loaded: Option<&Agreement>,
) -> Result<()> {
    let without_files = |a: &Agreement| Agreement {
        attachments: Vec::new(),
        ..a.clone()
    };
    let stored = without_files(&get_agreement(w.tx(), id)?);
    let loaded = loaded.map(without_files);
    let label = format!("agreement {}", stored.number);
    w.expect_as_loaded(
        "agreement",
        &id.0.to_string(),
        loaded.as_ref(),
        &stored,
        &label,
    )?;
    update_agreement(w, id, input)
}

/// Replaces an agreement's fields and lists; the audit row keeps the before and after.
pub fn update_agreement(w: &mut Write<'_>, id: AgreementId, input: &Agreement) -> Result<()> {
    let before = get_agreement(w.tx(), id)?;
    let a = Agreement {
        id: Some(id),
        ..input.clone()
    };
    let fresh: Vec<Link> = a
        .links
        .iter()
        .filter(|l| !before.links.contains(l))
        .copied()
        .collect();
    validate::agreement(w.tx(), &a, &fresh)?;
    let clash: Option<i64> = w
        .tx()
        .query_row(
            "SELECT id FROM agreement WHERE number = ?1 AND id <> ?2",
            params![a.number, id],
            |r| r.get(0),
        )
        .optional()?;
    if clash.is_some() {
        return Err(CoreError::Conflict(format!(
            "agreement number {} is already used by another agreement",
            a.number
        )));
    }
    w.tx().execute(
        "UPDATE agreement SET number = ?2, title = ?3, kind = ?4, status = ?5, signed_on = ?6, effective_on = ?7,
             expires_on = ?8, terminated_on = ?9, auto_renewal = ?10, renewal_term_months = ?11,
             renewal_notice_days = ?12, field = ?13, territory = ?14, upfront_yen = ?15, royalty_rate_bp = ?16,
             royalty_base = ?17, annual_minimum_yen = ?18, funding_yen = ?19, responsible_id = ?20, notes = ?21
         WHERE id = ?1",
        params![
            id, a.number, a.title, a.kind, a.status, a.signed_on, a.effective_on, a.expires_on,
            a.terminated_on, a.auto_renewal, a.renewal_term_months, a.renewal_notice_days, a.field,
            a.territory, a.terms.upfront_yen, a.terms.royalty_rate_bp, a.terms.royalty_base,
            a.terms.annual_minimum_yen, a.terms.funding_yen, a.responsible_id, a.notes
        ],
    )?;
    for table in [
        "agreement_party",
        "agreement_link",
        "agreement_milestone",
        "agreement_report",
    ] {
        w.tx().execute(
            &format!("DELETE FROM {table} WHERE agreement_id = ?1"),
            [id],
        )?;
    }
    write_children(w, id, &a)?;
    index_agreement(w, id)?;
    w.audit(
        AuditEntity::Agreement,
        id,
        Action::Update,
        Some(&before),
        Some(&a),
    )
}

/// Ends an agreement early (解約): status `terminated` from `on`.
pub fn terminate_agreement(w: &mut Write<'_>, id: AgreementId, on: NaiveDate) -> Result<()> {
    let mut a = get_agreement(w.tx(), id)?;
    a.status = AgreementStatus::Terminated;
    a.terminated_on = Some(on);
    update_agreement(w, id, &a)
}

fn write_children(w: &mut Write<'_>, id: AgreementId, a: &Agreement) -> Result<()> {
    for (pos, p) in a.parties.iter().enumerate() {
        w.tx()
            .prepare_cached(
                "INSERT INTO agreement_party (agreement_id, position, organisation_id, role) VALUES (?1, ?2, ?3, ?4)",
            )?
            .execute(params![id, pos as i64, p.organisation_id, p.role])
            .map_err(|e| missing(e, &format!("agreement.parties[{pos}]"), "organisation", p.organisation_id.0))?;
    }
    for (pos, l) in a.links.iter().enumerate() {
        let (app, fam, dis) = match *l {
            Link::Application(x) => (Some(x.0), None, None),
            Link::Family(x) => (None, Some(x.0), None),
            Link::Disclosure(x) => (None, None, Some(x.0)),
        };
        w.tx()
            .prepare_cached(
                "INSERT INTO agreement_link (agreement_id, position, application_id, family_id, disclosure_id)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
            )?
            .execute(params![id, pos as i64, app, fam, dis])?;
    }
    for (pos, m) in a.terms.milestones.iter().enumerate() {
        w.tx()
            .prepare_cached(
                "INSERT INTO agreement_milestone (agreement_id, position, description, amount_yen, due_on)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
            )?
            .execute(params![id, pos as i64, m.description, m.amount_yen, m.due_on])?;
    }
    for (pos, r) in a.reports.iter().enumerate() {
        w.tx()
            .prepare_cached(
                "INSERT INTO agreement_report (agreement_id, position, what, every_months, first_due_on)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
            )?
            .execute(params![id, pos as i64, r.what, r.every_months, r.first_due_on])?;
    }
    Ok(())
}

/// (Re)builds the search-index entry of one agreement from what is stored now.
pub(crate) fn index_agreement(w: &mut Write<'_>, id: AgreementId) -> Result<()> {
    let text: String = w
        .tx()
        .prepare_cached(
            "SELECT a.number || ' ' || a.title || ' ' || coalesce(a.field, '') || ' ' ||
                    coalesce((SELECT group_concat(o.name, ' ') FROM agreement_party p
                              JOIN organisation o ON o.id = p.organisation_id WHERE p.agreement_id = a.id), '')
             FROM agreement a WHERE a.id = ?1",
        )?
        .query_row([id], |r| r.get(0))?;
    search::put(w, "agreement", id.0, Some(&text))
}

fn missing(e: CoreError, field: &str, what: &str, id: i64) -> CoreError {
    match e {
        err if err.code() == ErrorCode::Conflict => {
            CoreError::invalid(field, format!("{what} {id} does not exist"))
        }
        err => err,
    }
}
