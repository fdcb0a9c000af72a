//! The contract every kind of register meets to join the import pipeline, and the parts the kinds
//! share, written once.
//!
//! A kind names its columns (one table, [`Planner::FIELDS`]), plans a row from its cells and
//! writes a planned row. How a planned row is reported is the same for every kind, so it lives
//! here ([`summary`]): a row that matched no stored record creates one, a matched row that changes
//! nothing is unchanged, and only an update lists the fields it changes. [`Changes`] is how a kind
//! takes a sheet's values over a stored record: a blank cell never erases what is stored.

use chrono::NaiveDate;

use super::cells::Cells;
use super::columns::Field;
use super::RowSummary;
use crate::store::Write;

/// What a planned row does to its record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// A new record.
    Create,
    /// Changes to a stored record.
    Update,
    /// The row says what is stored already.
    Unchanged,
}

/// What planning made of one data row.
#[derive(Debug)]
pub enum Planned<R> {
    /// A row to write (or to leave alone, when it matches).
    Row(R),
    /// A row the kind passes over, with the reason (e.g. an obsolete deadline).
    Ignored(String),
    /// The row has problems (recorded in the row's [`Cells`]).
    Invalid,
}

/// A kind's importer: the fields it reads, how it plans a row and how it writes one.
pub trait Planner {
    /// A planned row.
    type Row: PlannedRow;
    /// The fields a sheet of this kind may have: the kind's one table of columns.
    const FIELDS: &'static [Field];
    /// Plans one data row, recording every problem in `cells`; reads, never writes.
    fn plan(&mut self, cells: &mut Cells<'_>) -> Planned<Self::Row>;
    /// Writes one created or updated row inside the import's transaction.
    fn write(&mut self, w: &mut Write<'_>, row: &Self::Row) -> crate::error::Result<()>;
    /// Runs once after the last row, in the same transaction: what the written rows imply
    /// (the applications kind recomputes the docket of every application whose facts changed).
    fn finish(&mut self, _w: &mut Write<'_>, _today: NaiveDate) -> crate::error::Result<()> {
        Ok(())
    }
}

/// What the report reads off a planned row, whatever its kind.
pub trait PlannedRow {
    /// How the report shows the row.
    fn shown(&self) -> Shown<'_>;
}

/// How the report shows a planned row.
#[derive(Debug, Clone, Copy)]
pub struct Shown<'a> {
    /// The row number as Excel shows it.
    pub row: usize,
    /// Whether the row matched no stored record, so writing it creates one.
    pub is_new: bool,
    /// The fields the row changes in the record it matched.
    pub changes: &'a [&'static str],
    /// The record's key, as [`RowSummary::reference`] describes it.
    pub reference: &'a str,
    /// The normalised application number, for the kinds that know one.
    pub application_number: Option<&'a str>,
    /// What else identifies the row, for the kinds whose key is not unique (deadlines).
    pub detail: Option<&'a str>,
}

impl<'a> Shown<'a> {
    /// A row shown by its number, whether it is new, its changes and its key.
    pub fn new(row: usize, is_new: bool, changes: &'a [&'static str], reference: &'a str) -> Self {
        Shown {
            row,
            is_new,
            changes,
            reference,
            application_number: None,
            detail: None,
        }
    }
}

/// What a planned row does, and how the report shows it.
pub fn summary(p: &impl PlannedRow) -> (Action, RowSummary) {
    let p = p.shown();
    let action = match (p.is_new, p.changes.is_empty()) {
        (true, _) => Action::Create,
        (false, true) => Action::Unchanged,
        (false, false) => Action::Update,
    };
    let changes = if action == Action::Update {
        p.changes.iter().map(|c| c.to_string()).collect()
    } else {
        Vec::new()
    };
    let summary = RowSummary {
        row: p.row,
        reference: p.reference.to_string(),
        application_number: p.application_number.map(str::to_string),
        changes,
        detail: p.detail.map(str::to_string),
    };
    (action, summary)
}

/// The fields a row changes, named as the report lists them, in the order the kind compares them.
#[derive(Debug, Default)]
pub struct Changes(Vec<&'static str>);

impl Changes {
    /// Takes the sheet's `value` into `slot` when the cell had one that differs from what is
    /// stored; a blank cell (`None`) leaves the stored value alone.
    pub fn set<T: PartialEq>(&mut self, name: &'static str, slot: &mut T, value: Option<T>) {
        if let Some(v) = value {
            if *slot != v {
                *slot = v;
                self.0.push(name);
            }
        }
    }

    /// Notes a change the kind found by its own comparison (people, parties, links by id).
    pub fn note(&mut self, name: &'static str) {
        self.0.push(name);
    }

    /// Whether nothing changes.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The names, for the planned row.
    pub fn into_names(self) -> Vec<&'static str> {
        self.0
    }
}
