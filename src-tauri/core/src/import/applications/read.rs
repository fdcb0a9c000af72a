//! The fields of an application row after what identifies it: its dates, numbers and status,
//! and its people (inventors, co-applicants, patent firm, responsible staff).
//!
//! Every reader records its problem in the row's cells and reads on, so one pass reports every
//! problem of the row; a value that could not be read is `None`, like a blank cell.

use crate::domain::{Office, Status};
use crate::import::cells::Cells;
use crate::import::columns::Field;
use crate::import::parties::{self, PartyBook, PartyRef};
use crate::import::values;
use crate::numbers::{parse_publication_number, parse_registration_number};

/// A row's dates, numbers, status and free text.
pub(super) struct Facts {
    pub title: Option<String>,
    pub filed_on: Option<chrono::NaiveDate>,
    pub published_on: Option<chrono::NaiveDate>,
    pub exam_requested_on: Option<chrono::NaiveDate>,
    pub registered_on: Option<chrono::NaiveDate>,
    pub publication_number: Option<String>,
    pub registration_number: Option<String>,
    pub status: Option<Status>,
    pub annuities_paid_to: Option<u32>,
    pub notes: Option<String>,
}

/// A row's people, each list with shares in basis points.
pub(super) struct People {
    pub inventors: Option<Vec<(PartyRef, u32)>>,
    pub co_applicants: Option<Vec<(PartyRef, u32)>>,
    pub patent_firm: Option<PartyRef>,
    pub responsible: Option<PartyRef>,
}

/// Reads the dates, numbers (normalised for `office` when it is known), status and notes.
pub(super) fn facts(c: &mut Cells<'_>, office: Option<&Office>) -> Facts {
    let title = c.text(Field::Title);
    let filed_on = c.date(Field::FiledOn);
    let published_on = c.date(Field::PublishedOn);
    let exam_requested_on = c.date(Field::ExamRequestedOn);
    let registered_on = c.date(Field::RegisteredOn);
    let publication_number = c.text(Field::PublicationNumber).and_then(|t| match office {
        Some(o) => parse_publication_number(o, &t)
            .map(|n| n.normalized)
            .map_err(|e| c.problem(Field::PublicationNumber, e.to_string()))
            .ok(),
        None => Some(t),
    });
    let registration_number = c
        .text(Field::RegistrationNumber)
        .and_then(|t| match office {
            Some(o) => parse_registration_number(o, &t)
                .map(|n| n.normalized)
                .map_err(|e| c.problem(Field::RegistrationNumber, e.to_string()))
                .ok(),
            None => Some(t),
        });
    let status = c.text(Field::Status).and_then(|t| {
        let status = values::status_code(&t).and_then(|s| Status::parse(s).ok());
        if status.is_none() {
            c.problem(Field::Status, format!("{t} is not a status: write 出願中, 審査中, 登録, 放棄, 拒絶, 満了 (or filed, examination, granted, …)"));
        }
        status
    });
    let annuities_paid_to = c.whole(Field::AnnuitiesPaidTo);
    Facts {
        title,
        filed_on,
        published_on,
        exam_requested_on,
        registered_on,
        publication_number,
        registration_number,
        status,
        annuities_paid_to,
        notes: c.text(Field::Notes),
    }
}

/// Reads the inventors, co-applicants, patent firm and responsible staff member.
pub(super) fn people(c: &mut Cells<'_>, book: &mut PartyBook) -> People {
    let inventors = c
        .text(Field::Inventors)
        .and_then(|t| parties::people_with_shares(c, book, &t));
    let co_applicants = c
        .text(Field::Applicants)
        .and_then(|t| co_applicants(c, book, &t));
    let patent_firm = c.text(Field::PatentFirm).map(|n| book.patent_firm(&n));
    let responsible = c
        .text(Field::Responsible)
        .and_then(|n| match book.person_checked(&n) {
            Ok(p) => Some(p),
            Err(m) => {
                c.problem(Field::Responsible, m);
                None
            }
        });
    People {
        inventors,
        co_applicants,
        patent_firm,
        responsible,
    }
}

/// The co-applicants of the 出願人 cell with their shares. The institution itself is not a
/// co-applicant: its share is what the others leave, and co-applicants named without shares
/// split the right equally with it.
fn co_applicants(
    c: &mut Cells<'_>,
    book: &mut PartyBook,
    text: &str,
) -> Option<Vec<(PartyRef, u32)>> {
    let list = match values::named_shares(text) {
        Ok(list) => list,
        Err(m) => {
            c.problem(Field::Applicants, m);
            return None;
        }
    };
    let (own, others): (Vec<_>, Vec<_>) =
        list.into_iter().partition(|n| book.is_institution(&n.name));
    let own_share: Option<u32> = if own.is_empty() {
        None
    } else {
        own.iter().map(|n| n.share_bp).sum()
    };
    let given: u32 = others.iter().filter_map(|n| n.share_bp).sum();
    let total = if others.iter().all(|n| n.share_bp.is_none()) {
        10_000 - 10_000 / (others.len() as u32 + 1)
    } else if others.iter().all(|n| n.share_bp.is_some())
        && own_share.is_none_or(|o| o + given == 10_000)
        && given <= 10_000
    {
        given
    } else {
        10_000 - own_share.unwrap_or(0)
    };
    match values::resolve_shares(&others, total) {
        Ok(shares) => {
            let mut v: Vec<_> = others
                .iter()
                .zip(shares)
                .map(|(n, s)| (book.organisation(&n.name), s))
                .collect();
            v.sort_by_key(|(p, _)| p.sort_key());
            Some(v)
        }
        Err(m) => {
            c.problem(Field::Applicants, format!("{text}: {m}"));
            None
        }
    }
}
