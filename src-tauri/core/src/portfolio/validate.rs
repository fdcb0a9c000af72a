//! Validation of portfolio records before they are written. Every rule returns a
//! [`CoreError::Validation`] naming the field and what would be accepted; nothing is written when
//! any rule fails, because validation runs inside the caller's transaction before the first insert.

use chrono::{Datelike, NaiveDate};
use unicode_normalization::UnicodeNormalization;

use super::model::*;
use crate::error::{CoreError, Result};

/// Longest title accepted (characters): a real title is far shorter; this stops pasted documents.
pub const MAX_TITLE: usize = 500;
/// Longest free-text note accepted (characters).
pub const MAX_NOTE: usize = 10_000;

pub(crate) fn text(field: &str, value: &str, max: usize) -> Result<()> {
    if value.trim().is_empty() {
        return Err(CoreError::invalid(field, "must not be empty"));
    }
    let n = value.chars().count();
    if n > max {
        return Err(CoreError::invalid(
            field,
            format!("is {n} characters long; at most {max} are accepted"),
        ));
    }
    Ok(())
}

pub(crate) fn optional_text(field: &str, value: &Option<String>, max: usize) -> Result<()> {
    match value {
        Some(v) if v.chars().count() > max => Err(CoreError::invalid(
            field,
            format!(
                "is {} characters long; at most {max} are accepted",
                v.chars().count()
            ),
        )),
        _ => Ok(()),
    }
}

/// A plausible calendar date for IP records (1900–2199): catches typed years like 20224.
pub(crate) fn date(field: &str, d: NaiveDate) -> Result<()> {
    if !(1900..2200).contains(&d.year()) {
        return Err(CoreError::invalid(
            field,
            format!("{d} is outside 1900–2199; check the year"),
        ));
    }
    Ok(())
}

/// `later` must not be before `earlier` (both optional).
pub(crate) fn order(
    earlier: (&str, Option<NaiveDate>),
    later: (&str, Option<NaiveDate>),
) -> Result<()> {
    if let (Some(a), Some(b)) = (earlier.1, later.1) {
        if b < a {
            return Err(CoreError::invalid(
                later.0,
                format!("{b} is before {} {a}; the dates are reversed", earlier.0),
            ));
        }
    }
    Ok(())
}

/// Inventor shares: no one twice, each above zero, together exactly 100 %.
pub(crate) fn inventor_shares(field: &str, shares: &[InventorShare]) -> Result<()> {
    if shares.is_empty() {
        return Ok(());
    }
    let mut seen = std::collections::HashSet::new();
    for s in shares {
        if !seen.insert(s.person_id) {
            return Err(CoreError::invalid(
                field,
                format!("person {} is listed twice", s.person_id),
            ));
        }
        if s.share_bp == 0 || s.share_bp > 10_000 {
            return Err(CoreError::invalid(
                field,
                format!(
                    "person {}'s share must be above 0 % and at most 100 %",
                    s.person_id
                ),
            ));
        }
    }
    let total: u32 = shares.iter().map(|s| s.share_bp).sum();
    if total != 10_000 {
        return Err(CoreError::invalid(
            field,
            format!(
                "shares add up to {}; they must add up to exactly 100 %",
                percent(total)
            ),
        ));
    }
    Ok(())
}

/// Co-applicant shares: each above zero, together at most 100 % (the institution holds the rest).
pub(crate) fn co_applicant_shares(shares: &[CoApplicant]) -> Result<()> {
    let mut seen = std::collections::HashSet::new();
    for s in shares {
        if !seen.insert(s.organisation_id) {
            return Err(CoreError::invalid(
                "co_applicants",
                format!("organisation {} is listed twice", s.organisation_id),
            ));
        }
        if s.share_bp == 0 {
            return Err(CoreError::invalid(
                "co_applicants",
                format!(
                    "organisation {}'s share must be above 0 %",
                    s.organisation_id
                ),
            ));
        }
    }
    let total: u32 = shares.iter().map(|s| s.share_bp).sum();
    if total > 10_000 {
        return Err(CoreError::invalid(
            "co_applicants",
            format!(
                "shares add up to {}; at most 100 % can be shared",
                percent(total)
            ),
        ));
    }
    Ok(())
}

/// Formats basis points as a percentage: 3333 → "33.33 %".
pub fn percent(bp: u32) -> String {
    if bp.is_multiple_of(100) {
        format!("{} %", bp / 100)
    } else {
        format!("{}.{:02} %", bp / 100, bp % 100)
    }
}

/// The typing-level normalisation of a number as rules.md describes it: NFKC (full-width digits and
/// punctuation), dash look-alikes to `-`, spaces and commas removed, and the words 特願/第/号 dropped.
/// Office-specific parsing (era years, check digits) builds on this.
pub fn normalize_number_text(raw: &str) -> String {
    let folded: String = raw.nfkc().collect();
    let mut out = String::with_capacity(folded.len());
    for c in folded.chars() {
        match c {
            '\u{2010}'..='\u{2015}' | '\u{2212}' | '\u{30FC}' | '\u{FF0D}' | '\u{FE63}' => {
                out.push('-')
            }
            ' ' | ',' | '\u{3000}' | '\t' => {}
            _ => out.push(c),
        }
    }
    for word in ["特願", "特許出願", "第", "号"] {
        out = out.replace(word, "");
    }
    out
}

/// The normalised application number for `office` (see [`crate::numbers`]), or an error naming
/// `application_number` that says what the office's numbers look like.
pub(crate) fn application_number(office: crate::domain::Office, raw: &str) -> Result<String> {
    crate::numbers::parse_application_number(&office, raw)
        .map(|n| n.normalized)
        .map_err(|e| CoreError::invalid("application_number", e.to_string()))
}
