//! The fields of a deadline row after what it belongs to, read group by group: what the row says
//! the deadline is ([`Said`]: origin, status, code, procedure, year, target) and what it records
//! of the deadline's state ([`State`]: done, waived, notes).
//!
//! Every reader records its problem in the row's cells and reads on, so one pass reports every
//! problem of the row; a value that could not be read is `None`, like a blank cell.

use chrono::NaiveDate;

use super::{origin_word, status_word};
use crate::deadlines::{Deadline, DeadlineStatus, Origin, Recorded};
use crate::import::cells::Cells;
use crate::import::columns::Field;
use crate::import::parties::PartyRef;
use crate::import::values;
use crate::import::Changes;

/// The due date; its absence is a problem only when the row has no other one yet (a row that
/// names no application says so first).
pub(super) fn due(c: &mut Cells<'_>) -> Option<NaiveDate> {
    let due = c.date(Field::Due);
    if due.is_none() && c.problems.is_empty() {
        c.problem(
            Field::Due,
            "the due date (期限) is empty: a deadline needs it".into(),
        );
    }
    due
}

/// What a row says the deadline is, read once.
pub(super) struct Said {
    pub origin: Option<Origin>,
    pub status: Option<DeadlineStatus>,
    pub code: Option<String>,
    pub title: Option<String>,
    pub year: Option<u32>,
    pub target: Option<String>,
}

/// Reads the origin, the status, the code, the procedure, the year and the target country.
pub(super) fn said(c: &mut Cells<'_>) -> Said {
    Said {
        origin: c.word(Field::Origin, origin_word, "自動 or 手動"),
        status: c.word(
            Field::Status,
            status_word,
            "a deadline status: write 未了, 完了, 放棄 or 失効",
        ),
        code: c.text(Field::Code),
        title: c.text(Field::Procedure),
        year: c.whole(Field::Year),
        target: c
            .text(Field::Target)
            .map(|t| values::nfkc_trim(&t).to_ascii_uppercase()),
    }
}

impl Said {
    /// Whether `d` has the code, year and target the row gives (a blank one fits any).
    pub fn fits(&self, d: &Deadline) -> bool {
        self.code.as_ref().is_none_or(|c| *c == d.code)
            && self.year.is_none_or(|y| d.year == Some(y))
            && self
                .target
                .as_ref()
                .is_none_or(|t| d.target.as_deref() == Some(t.as_str()))
    }
}

/// What a row records of the deadline's state.
pub(super) struct State {
    done_on: Option<NaiveDate>,
    done_by: Option<String>,
    done_note: Option<String>,
    waive_reason: Option<String>,
    notes: Option<String>,
}

/// Reads when and by whom it was done, the notes, and why it was waived.
pub(super) fn state(c: &mut Cells<'_>) -> State {
    State {
        done_on: c.date(Field::DoneOn),
        done_by: c.text(Field::DoneBy),
        done_note: c.text(Field::DoneNote),
        waive_reason: c.text(Field::WaiveReason),
        notes: c.text(Field::Notes),
    }
}

impl State {
    /// Takes the row's state (with its `status`, or done when only a done date is given) over
    /// `r` and names the changes. A done deadline needs its date (a problem of the row); a waived
    /// one without a reason gets the import's own note.
    pub fn take(
        self,
        c: &mut Cells<'_>,
        r: &mut Recorded,
        status: Option<DeadlineStatus>,
        responsible: Option<&PartyRef>,
    ) -> Changes {
        let mut changes = Changes::default();
        let status = status.or_else(|| self.done_on.map(|_| DeadlineStatus::Done));
        changes.set("status", &mut r.status, status);
        changes.set("done_on", &mut r.done_on, self.done_on.map(Some));
        changes.set("done_by", &mut r.done_by, self.done_by.map(Some));
        changes.set("done_note", &mut r.done_note, self.done_note.map(Some));
        changes.set(
            "waive_reason",
            &mut r.waive_reason,
            self.waive_reason.map(Some),
        );
        changes.set("notes", &mut r.notes, self.notes.map(Some));
        if let Some(p) = responsible {
            if p.existing_id().is_none() || p.existing_id() != r.responsible_id.map(|i| i.0) {
                changes.note("responsible");
            }
        }
        if r.status == DeadlineStatus::Done && r.done_on.is_none() {
            c.problem(
                if c.has(Field::DoneOn) {
                    Field::DoneOn
                } else {
                    Field::Status
                },
                "a done deadline (完了) needs the date it was done (完了日)".into(),
            );
        }
        if r.status == DeadlineStatus::Waived && r.waive_reason.is_none() {
            r.waive_reason = Some("期限管理表の取込で放棄として記録（理由の記載なし）".into());
        }
        changes
    }
}
