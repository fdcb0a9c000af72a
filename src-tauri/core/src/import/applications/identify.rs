//! What identifies an application row: its office, application number, kind of right and 整理番号,
//! and the stored application they match.
//!
//! Read first, before the row's other fields, because the office decides how the numbers are
//! parsed and the match decides whether a missing title is a problem. A row naming the same
//! application as an earlier row of the sheet, or whose reference and number match two different
//! stored applications, is a problem of the row: importing it would merge or overwrite silently.

use std::collections::HashMap;

use super::Existing;
use crate::domain::{ApplicationId, Office, RightType};
use crate::import::cells::Cells;
use crate::import::columns::Field;
use crate::numbers::{self, parse_application_number, ApplicationNumber};

/// The identifying fields of a row, as far as they could be read.
pub(super) struct Identity {
    /// The office: the 国 column's, else the one the number implies, else JP.
    pub office: Option<Office>,
    /// The application number, parsed for the office.
    pub number: Option<ApplicationNumber>,
    /// The kind of right: the 種別 column's, else the one the number implies.
    pub right_type: Option<RightType>,
    /// The 整理番号, or `OFFICE-NUMBER` when the sheet has none (so a re-import finds it again).
    pub reference: Option<String>,
    /// The stored application the reference (else the number) matches.
    pub matched: Option<ApplicationId>,
}

/// Reads what identifies the row and finds the stored application it means; `seen` holds the
/// keys of the earlier rows of the sheet.
pub(super) fn identify(
    c: &mut Cells<'_>,
    existing: &Existing,
    seen: &mut HashMap<String, usize>,
) -> Identity {
    let raw_number = c.text(Field::ApplicationNumber);
    let office = read_office(c, raw_number.as_deref());
    let number = match (&office, &raw_number) {
        (Some(office), Some(raw)) => match parse_application_number(office, raw) {
            Ok(n) => Some(n),
            Err(e) => {
                c.problem(Field::ApplicationNumber, e.to_string());
                None
            }
        },
        _ => None,
    };
    let right_from_number = number.as_ref().and_then(|n| n.right_type);
    let right_type = match c.text(Field::RightType) {
        Some(t) => RightType::parse(&t)
            .map_err(|e| c.problem(Field::RightType, format!("{t} is not a kind of right: {e}")))
            .ok(),
        None => right_from_number,
    };
    let normalized = number.as_ref().map(|n| n.normalized.clone());
    let reference = c.text(Field::Reference).or_else(|| {
        let office = office.as_ref()?;
        normalized
            .as_ref()
            .map(|n| format!("{}-{n}", office.as_str()))
    });
    if reference.is_none() && raw_number.is_none() {
        c.row_problem(
            "the row has neither 整理番号 nor 出願番号: one of them identifies the application"
                .into(),
        );
    }
    let matched = find_stored(
        c,
        existing,
        reference.as_deref(),
        office.zip(normalized.clone()),
        raw_number.as_deref(),
    );
    note_seen(c, seen, reference.as_deref(), office.zip(normalized));
    Identity {
        office,
        number,
        right_type,
        reference,
        matched,
    }
}

/// The 国 column's office; without the column, the office the number implies, else JP.
fn read_office(c: &mut Cells<'_>, raw_number: Option<&str>) -> Option<Office> {
    match c.text(Field::Office) {
        Some(t) => match Office::parse(&t) {
            Ok(o) => Some(o),
            Err(e) => {
                c.problem(Field::Office, format!("{t} is not an office: {e}"));
                None
            }
        },
        None => Some(
            raw_number
                .and_then(numbers::infer_office)
                .unwrap_or(Office::Jp),
        ),
    }
}

/// The stored application the reference, else the (office, number), matches; both matching
/// different applications is a problem.
fn find_stored(
    c: &mut Cells<'_>,
    existing: &Existing,
    reference: Option<&str>,
    number: Option<(Office, String)>,
    raw_number: Option<&str>,
) -> Option<ApplicationId> {
    let by_reference = reference.and_then(|r| existing.by_reference.get(r).copied());
    let by_number = number.and_then(|key| existing.by_number.get(&key).copied());
    if let (Some(a), Some(b)) = (by_reference, by_number) {
        if a != b {
            let other = existing
                .by_id
                .get(&b)
                .map(|x| x.reference.clone())
                .unwrap_or_default();
            c.problem(
                Field::ApplicationNumber,
                format!(
                    "{} is recorded as {other}, but 整理番号 {} is another application; correct one of the two",
                    raw_number.unwrap_or_default(),
                    reference.unwrap_or_default()
                ),
            );
        }
    }
    by_reference.or(by_number)
}

/// Records the row's keys, or the problem that an earlier row named the same application.
fn note_seen(
    c: &mut Cells<'_>,
    seen: &mut HashMap<String, usize>,
    reference: Option<&str>,
    number: Option<(Office, String)>,
) {
    let keys = [
        reference.map(|r| format!("ref:{r}")),
        number.map(|(o, n)| format!("no:{o}:{n}")),
    ];
    for key in keys.into_iter().flatten() {
        if let Some(first) = seen.get(&key) {
            c.row_problem(format!(
                "the same application as row {first} ({})",
                key.split_once(':').map(|x| x.1).unwrap_or("")
            ));
        } else {
            seen.insert(key, c.number());
        }
    }
}
