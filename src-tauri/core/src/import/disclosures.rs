//! Planning a disclosure register (発明届出一覧): what each row creates, updates or leaves alone.
//!
//! Contract:
//! - A row is matched to a stored disclosure by its number (届出番号, folded: NFKC, no spaces).
//! - A new disclosure needs its number, title (発明の名称) and date received (受付日/届出日);
//!   a decision (承継/不承継) needs its date (承継決定日).
//! - A blank cell never erases what is stored; 国費 and 秘密 default to 無 and 有 for a new one.
//! - Inventors are matched to stored people by name and created on write, as for applications.

use std::collections::HashMap;

use super::applications::same_parties;
use super::cells::Cells;
use super::columns::Field;
use super::parties::{PartyBook, PartyRef};
use super::values::{self, number_key};
use super::{Changes, Planned, PlannedRow, Planner, Shown};
use crate::domain::{DisclosureId, PersonId, PersonRole, Succession};
use crate::error::Result;
use crate::portfolio::{self, Disclosure, InventorShare};
use crate::store::Write;

/// The fields a disclosure register can have.
pub const FIELDS: [Field; 11] = [
    Field::DisclosureNumber,
    Field::Title,
    Field::ReceivedOn,
    Field::Inventors,
    Field::Funding,
    Field::GovernmentFunded,
    Field::Evaluation,
    Field::Succession,
    Field::SuccessionOn,
    Field::SuccessionReason,
    Field::Confidential,
];

/// One planned disclosure row.
#[derive(Debug, Clone)]
pub struct DisclosureRow {
    row: usize,
    matched: Option<DisclosureId>,
    disclosure: Disclosure,
    inventors: Option<Vec<(PartyRef, u32)>>,
    changes: Vec<&'static str>,
}

/// The disclosures kind of the import pipeline.
pub struct DisclosurePlanner {
    stored: HashMap<String, Disclosure>,
    parties: PartyBook,
    seen: HashMap<String, usize>,
}

impl DisclosurePlanner {
    /// Loads the stored disclosures and people.
    pub fn load(conn: &crate::store::Conn) -> Result<DisclosurePlanner> {
        Ok(DisclosurePlanner {
            stored: portfolio::list_disclosures(conn, false)?
                .into_iter()
                .map(|d| (number_key(&d.number), d))
                .collect(),
            parties: PartyBook::load(conn)?,
            seen: HashMap::new(),
        })
    }
}

/// 承継 / 不承継 / 未定 as people write them.
pub fn succession(raw: &str) -> Option<Succession> {
    values::succession_code(raw).and_then(|c| Succession::parse(c).ok())
}

impl PlannedRow for DisclosureRow {
    fn shown(&self) -> Shown<'_> {
        Shown::new(
            self.row,
            self.matched.is_none(),
            &self.changes,
            &self.disclosure.number,
        )
    }
}

impl Planner for DisclosurePlanner {
    type Row = DisclosureRow;

    const FIELDS: &'static [Field] = &FIELDS;

    fn plan(&mut self, c: &mut Cells<'_>) -> Planned<DisclosureRow> {
        let number = c
            .text(Field::DisclosureNumber)
            .map(|n| values::nfkc_trim(&n));
        let Some(number) = number else {
            c.problem(
                Field::DisclosureNumber,
                "the disclosure number (届出番号) is empty: it identifies the disclosure".into(),
            );
            return Planned::Invalid;
        };
        if let Some(first) = self.seen.insert(number_key(&number), c.number()) {
            c.row_problem(format!("the same disclosure as row {first} ({number})"));
        }
        let stored = self.stored.get(&number_key(&number));
        let title = c.text(Field::Title);
        let received_on = c.date(Field::ReceivedOn);
        let inventors = c
            .text(Field::Inventors)
            .and_then(|t| super::parties::people_with_shares(c, &mut self.parties, &t));
        let funding = c.text(Field::Funding);
        let government_funded = c.yes_no(Field::GovernmentFunded);
        let evaluation = c.text(Field::Evaluation);
        let decision = c.word(
            Field::Succession,
            succession,
            "a succession decision: write 承継, 不承継 or 未定",
        );
        let succession_on = c.date(Field::SuccessionOn);
        let reason = c.text(Field::SuccessionReason);
        let confidential = c.yes_no(Field::Confidential);

        let mut d = match stored {
            Some(s) => s.clone(),
            None => {
                let (Some(title), Some(received_on)) = (title.clone(), received_on) else {
                    if title.is_none() {
                        c.problem(
                            Field::Title,
                            "the title (発明の名称) is empty: a new disclosure needs it".into(),
                        );
                    }
                    if received_on.is_none() && c.problems.is_empty() {
                        c.problem(
                            Field::ReceivedOn,
                            "the date received (受付日) is empty: a new disclosure needs it".into(),
                        );
                    }
                    return Planned::Invalid;
                };
                Disclosure {
                    id: None,
                    number: number.clone(),
                    title,
                    received_on,
                    funding_source: None,
                    government_funded: false,
                    evaluation: None,
                    succession: Succession::Pending,
                    succession_on: None,
                    succession_reason: None,
                    confidential: true,
                    inventors: Vec::new(),
                }
            }
        };
        let mut changes = Changes::default();
        changes.set("title", &mut d.title, title);
        changes.set("received_on", &mut d.received_on, received_on);
        changes.set("funding_source", &mut d.funding_source, funding.map(Some));
        changes.set(
            "government_funded",
            &mut d.government_funded,
            government_funded,
        );
        changes.set("evaluation", &mut d.evaluation, evaluation.map(Some));
        changes.set("succession", &mut d.succession, decision);
        changes.set(
            "succession_on",
            &mut d.succession_on,
            succession_on.map(Some),
        );
        changes.set(
            "succession_reason",
            &mut d.succession_reason,
            reason.map(Some),
        );
        changes.set("confidential", &mut d.confidential, confidential);
        if let Some(list) = &inventors {
            let stored = d.inventors.iter().map(|s| (s.person_id.0, s.share_bp));
            if !same_parties(list, stored) {
                changes.note("inventors");
            }
        }
        check_dates(c, &d);
        if !c.problems.is_empty() {
            return Planned::Invalid;
        }
        Planned::Row(DisclosureRow {
            row: c.number(),
            matched: stored.and_then(|s| s.id),
            disclosure: d,
            inventors,
            changes: changes.into_names(),
        })
    }

    fn write(&mut self, w: &mut Write<'_>, p: &DisclosureRow) -> Result<()> {
        let mut d = p.disclosure.clone();
        if let Some(list) = &p.inventors {
            d.inventors = list
                .iter()
                .map(|(person, share)| {
                    Ok(InventorShare {
                        person_id: PersonId(self.parties.person_id(
                            w,
                            person,
                            PersonRole::Inventor,
                        )?),
                        share_bp: *share,
                    })
                })
                .collect::<Result<_>>()?;
        }
        match p.matched {
            Some(id) => portfolio::update_disclosure(w, id, &d),
            None => portfolio::create_disclosure(w, &d).map(|_| ()),
        }
    }
}

/// The checks the store would make, reported at the row and column instead of at write time.
fn check_dates(c: &mut Cells<'_>, d: &Disclosure) {
    if d.succession != Succession::Pending && d.succession_on.is_none() {
        c.problem(
            if c.has(Field::SuccessionOn) {
                Field::SuccessionOn
            } else {
                Field::Succession
            },
            format!(
                "a decision ({}) needs its date (承継決定日)",
                d.succession.as_str()
            ),
        );
    }
    if let Some(on) = d.succession_on {
        if on < d.received_on {
            c.problem(
                Field::SuccessionOn,
                format!(
                    "{on} is before the date received {}; the dates are reversed",
                    d.received_on
                ),
            );
        }
    }
}
