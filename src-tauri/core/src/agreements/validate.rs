//! Validation of agreements before they are written: dates in order, no negative money, links that
//! exist and (for licences, options and assignments) rights that are still alive. Every failure is a
//! [`CoreError::Validation`] naming the field; validation runs before the first insert, inside the
//! caller's transaction, so a refused agreement leaves nothing behind.

use crate::store::{Conn, OptionalExtension};

use super::model::*;
use crate::domain::{Status, Succession};
use crate::error::{CoreError, Result};
use crate::portfolio::validate as pv;

/// Checks an agreement on its own and against what it links to. The liveness rule applies to the
/// links in `fresh` only: a right that lapsed after it was licensed does not make the agreement
/// unrecordable (an update or an import keeps it), but a new link to a dead right is refused.
pub(crate) fn agreement(conn: &Conn, a: &Agreement, fresh: &[Link]) -> Result<()> {
    pv::text("agreement.number", &a.number, 50)?;
    pv::text("agreement.title", &a.title, pv::MAX_TITLE)?;
    pv::optional_text("agreement.notes", &a.notes, pv::MAX_NOTE)?;
    pv::optional_text("agreement.field", &a.field, 500)?;
    pv::optional_text("agreement.territory", &a.territory, 500)?;
    for (field, d) in [
        ("agreement.signed_on", a.signed_on),
        ("agreement.effective_on", a.effective_on),
        ("agreement.expires_on", a.expires_on),
        ("agreement.terminated_on", a.terminated_on),
    ] {
        if let Some(d) = d {
            pv::date(field, d)?;
        }
    }
    pv::order(
        ("effective_on", a.effective_on),
        ("agreement.expires_on", a.expires_on),
    )?;
    pv::order(
        ("effective_on", a.start()),
        ("agreement.terminated_on", a.terminated_on),
    )?;
    if a.status == AgreementStatus::InForce && a.start().is_none() {
        return Err(CoreError::invalid(
            "agreement.effective_on",
            "an agreement in force needs its effective (or signing) date",
        ));
    }
    if a.status == AgreementStatus::Terminated && a.terminated_on.is_none() {
        return Err(CoreError::invalid(
            "agreement.terminated_on",
            "a terminated agreement needs its termination date",
        ));
    }
    if a.renewal_notice_days.is_some() && a.expires_on.is_none() {
        return Err(CoreError::invalid(
            "agreement.renewal_notice_days",
            "a renewal-notice period needs the expiry date it counts back from",
        ));
    }
    if a.auto_renewal && a.expires_on.is_none() {
        return Err(CoreError::invalid(
            "agreement.auto_renewal",
            "an auto-renewing agreement needs the expiry date of its first term",
        ));
    }
    if a.renewal_term_months == Some(0) {
        return Err(CoreError::invalid(
            "agreement.renewal_term_months",
            "must be at least 1 month",
        ));
    }
    terms(&a.terms)?;
    if a.parties.is_empty() {
        return Err(CoreError::invalid(
            "agreement.parties",
            "name at least one other party (licensee, TLO, partner, …)",
        ));
    }
    let needed = match a.kind {
        AgreementKind::LicenceExclusive
        | AgreementKind::LicenceNonExclusive
        | AgreementKind::Option => Some(PartyRole::Licensee),
        AgreementKind::Assignment => Some(PartyRole::Assignee),
        AgreementKind::TloMandate => Some(PartyRole::Tlo),
        _ => None,
    };
    if let Some(role) = needed.filter(|r| !a.parties.iter().any(|p| p.role == *r)) {
        return Err(CoreError::invalid(
            "agreement.parties",
            format!("a {} agreement needs a party with the role {role}", a.kind),
        ));
    }
    let mut seen = std::collections::HashSet::new();
    for l in &a.links {
        if !seen.insert(*l) {
            return Err(CoreError::invalid(
                "agreement.links",
                format!("{l:?} is listed twice"),
            ));
        }
    }
    for (i, r) in a.reports.iter().enumerate() {
        pv::text(&format!("agreement.reports[{i}].what"), &r.what, 500)?;
        if !(1..=120).contains(&r.every_months) {
            return Err(CoreError::invalid(
                format!("agreement.reports[{i}].every_months"),
                format!("{} is not between 1 and 120 months", r.every_months),
            ));
        }
        pv::date(
            &format!("agreement.reports[{i}].first_due_on"),
            r.first_due_on,
        )?;
    }
    links(conn, a, fresh)
}

fn terms(t: &Terms) -> Result<()> {
    for (field, v) in [
        ("agreement.terms.upfront_yen", t.upfront_yen),
        ("agreement.terms.annual_minimum_yen", t.annual_minimum_yen),
        ("agreement.terms.funding_yen", t.funding_yen),
    ] {
        non_negative(field, v)?;
    }
    if let Some(r) = t.royalty_rate_bp {
        if r > 10_000 {
            return Err(CoreError::invalid(
                "agreement.terms.royalty_rate_bp",
                format!("{r} basis points is above 100 %"),
            ));
        }
    }
    for (i, m) in t.milestones.iter().enumerate() {
        pv::text(
            &format!("agreement.terms.milestones[{i}].description"),
            &m.description,
            500,
        )?;
        non_negative(
            &format!("agreement.terms.milestones[{i}].amount_yen"),
            m.amount_yen,
        )?;
    }
    Ok(())
}

/// Money may be zero but never negative: a refund or a credit is recorded as its own entry.
pub(crate) fn non_negative(field: &str, yen: i64) -> Result<()> {
    if yen < 0 {
        return Err(CoreError::invalid(
            field,
            format!("¥{yen} is negative; amounts are entered as positive yen"),
        ));
    }
    Ok(())
}

/// A lower-case hex SHA-256 (64 characters).
pub(crate) fn sha256(field: &str, text: &str) -> Result<()> {
    if text.len() != 64 || !text.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')) {
        return Err(CoreError::invalid(
            field,
            format!("{text:?} is not a SHA-256 (64 lower-case hex digits)"),
        ));
    }
    Ok(())
}

/// Every link must exist; a licence, option or assignment cannot cover a right that is dead
/// (abandoned, lapsed, expired, refused) or an invention the institution did not take over (不承継).
fn links(conn: &Conn, a: &Agreement, fresh: &[Link]) -> Result<()> {
    for (i, l) in a.links.iter().enumerate() {
        let licensing =
            a.kind.is_licensing() && a.status != AgreementStatus::Expired && fresh.contains(l);
        let field = format!("agreement.links[{i}]");
        match *l {
            Link::Application(id) => {
                let row: Option<(String, Status)> = conn
                    .prepare_cached("SELECT reference, status FROM application WHERE id = ?1")?
                    .query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))
                    .optional()?;
                let Some((reference, status)) = row else {
                    return Err(CoreError::invalid(
                        field,
                        format!("application {id} does not exist"),
                    ));
                };
                if licensing && !status.is_alive() && status != Status::Concluded {
                    return Err(CoreError::invalid(
                        field,
                        format!(
                            "application {reference} is {status}; a {} cannot cover a right that is no longer alive",
                            a.kind
                        ),
                    ));
                }
            }
            Link::Family(id) => {
                let row: Option<(String, i64, i64)> = conn
                    .prepare_cached(
                        "SELECT f.reference, count(a.id),
                                count(CASE WHEN a.status IN ('drafting','filed','published','examination','granted','concluded') THEN 1 END)
                         FROM family f LEFT JOIN application a ON a.family_id = f.id WHERE f.id = ?1 GROUP BY f.id",
                    )?
                    .query_row([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
                    .optional()?;
                let Some((reference, total, alive)) = row else {
                    return Err(CoreError::invalid(
                        field,
                        format!("family {id} does not exist"),
                    ));
                };
                if licensing && total > 0 && alive == 0 {
                    return Err(CoreError::invalid(
                        field,
                        format!("every application of family {reference} is abandoned, lapsed or expired; a {} cannot cover it", a.kind),
                    ));
                }
            }
            Link::Disclosure(id) => {
                let row: Option<(String, Succession)> = conn
                    .prepare_cached("SELECT number, succession FROM disclosure WHERE id = ?1")?
                    .query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))
                    .optional()?;
                let Some((number, succession)) = row else {
                    return Err(CoreError::invalid(
                        field,
                        format!("disclosure {id} does not exist"),
                    ));
                };
                if licensing && succession == Succession::NotSucceeded {
                    return Err(CoreError::invalid(
                        field,
                        format!("disclosure {number} was not taken over (不承継); the institution cannot license it"),
                    ));
                }
            }
        }
    }
    Ok(())
}
