//! What changed between two snapshots: the comparison auditors make with last year's file.
//!
//! Applications are matched by their reference (整理番号), which never changes: added, removed,
//! status changes and new registrations. Money is what the *newer* snapshot records in the window
//! (old as-of, new as-of]: costs by category, income once an income table exists.
//!
//! Extension point: deadlines completed or waived, agreements signed or expired and policy versions
//! approved are sections that need the docket and agreement tables. [`extension_sections`] lists them;
//! each is `None` in the JSON while the snapshots hold no such table, with a note saying so. A module
//! that adds the table fills its section there (a function `(&Conn, &Conn, Window) ->
//! Vec<ChangeLine>`), and the CLI prints any section generically.

use std::collections::{BTreeMap, HashMap};

use crate::store::Conn;
use chrono::NaiveDate;
use serde::Serialize;

use super::contents::table_exists;
use super::error::{Result, SnapshotError};
use super::open::Opened;

mod sections;

/// One side of the comparison.
#[derive(Debug, Clone, Serialize, PartialEq, ts_rs::TS)]
pub struct Side {
    pub as_of: NaiveDate,
    pub created_at: String,
    pub institution: String,
    pub signer_fingerprint: String,
    pub content_sha256: String,
    pub applications: usize,
}

/// An application as listed in the diff.
#[derive(Debug, Clone, Serialize, PartialEq, Eq, ts_rs::TS)]
pub struct AppLine {
    pub reference: String,
    pub office: String,
    pub title: String,
    pub status: String,
}

/// A status that changed.
#[derive(Debug, Clone, Serialize, PartialEq, Eq, ts_rs::TS)]
pub struct StatusChange {
    pub reference: String,
    pub office: String,
    pub title: String,
    pub from: String,
    pub to: String,
}

/// A right registered since the old snapshot.
#[derive(Debug, Clone, Serialize, PartialEq, Eq, ts_rs::TS)]
pub struct Registration {
    pub reference: String,
    pub office: String,
    pub registration_number: String,
    pub registered_on: Option<String>,
}

/// Changes to applications.
#[derive(Debug, Clone, Serialize, PartialEq, Default, ts_rs::TS)]
pub struct ApplicationChanges {
    pub added: Vec<AppLine>,
    pub removed: Vec<AppLine>,
    pub status_changes: Vec<StatusChange>,
    pub registrations: Vec<Registration>,
}

/// A generic line of an extension section (deadlines, agreements, policies).
#[derive(Debug, Clone, Serialize, PartialEq, Eq, ts_rs::TS)]
pub struct ChangeLine {
    pub key: String,
    pub change: String,
    pub detail: String,
}

/// Money recorded for the window between the two as-of dates.
#[derive(Debug, Clone, Serialize, PartialEq, ts_rs::TS)]
pub struct Money {
    /// Exclusive.
    pub from: NaiveDate,
    /// Inclusive.
    pub to: NaiveDate,
    pub cost_yen: i64,
    pub cost_by_category: BTreeMap<String, i64>,
    /// None while the snapshots hold no income table.
    pub income_yen: Option<i64>,
}

/// The whole comparison.
#[derive(Debug, Clone, Serialize, PartialEq, ts_rs::TS)]
pub struct SnapshotDiff {
    pub old: Side,
    pub new: Side,
    pub applications: ApplicationChanges,
    /// Deadlines completed or waived (None: no docket table in these snapshots).
    pub deadlines: Option<Vec<ChangeLine>>,
    /// Agreements signed or expired (None: no agreement table).
    pub agreements: Option<Vec<ChangeLine>>,
    /// Policy versions approved (None: no policy table).
    pub policies: Option<Vec<ChangeLine>>,
    pub money: Money,
    /// What could not be compared, and why.
    pub notes: Vec<String>,
}

/// The window of a diff: (from, to].
#[derive(Debug, Clone, Copy)]
pub struct Window {
    pub from: NaiveDate,
    pub to: NaiveDate,
}

/// Compares two opened snapshots; `old` must not be as of a later day than `new`.
pub fn diff(old: &Opened, new: &Opened) -> Result<SnapshotDiff> {
    if old.manifest.as_of > new.manifest.as_of {
        return Err(SnapshotError::invalid(
            "OLD",
            format!(
                "is as of {}, after NEW ({}): give the earlier snapshot first",
                old.manifest.as_of, new.manifest.as_of
            ),
        ));
    }
    super::trust::check_continues(
        new.store.conn(),
        &old.manifest.audit,
        "the newer snapshot's audit trail",
    )?;
    let (a, b) = (old.store.conn(), new.store.conn());
    let window = Window {
        from: old.manifest.as_of,
        to: new.manifest.as_of,
    };
    let before = applications(a)?;
    let after = applications(b)?;
    let mut changes = ApplicationChanges::default();
    let mut refs: Vec<&String> = before.keys().chain(after.keys()).collect();
    refs.sort();
    refs.dedup();
    for r in refs {
        match (before.get(r), after.get(r)) {
            (None, Some(n)) => {
                changes.added.push(n.line.clone());
                if let Some(reg) = n.registration(r) {
                    changes.registrations.push(reg);
                }
            }
            (Some(o), None) => changes.removed.push(o.line.clone()),
            (Some(o), Some(n)) => {
                if o.line.status != n.line.status {
                    changes.status_changes.push(StatusChange {
                        reference: r.clone(),
                        office: n.line.office.clone(),
                        title: n.line.title.clone(),
                        from: o.line.status.clone(),
                        to: n.line.status.clone(),
                    });
                }
                if o.registration_number.is_none() {
                    if let Some(reg) = n.registration(r) {
                        changes.registrations.push(reg);
                    }
                }
            }
            (None, None) => {}
        }
    }
    let mut notes = Vec::new();
    let mut sections = BTreeMap::new();
    for (name, table, compare) in extension_sections() {
        if table_exists(a, table)? && table_exists(b, table)? {
            sections.insert(name, Some(compare(a, b, window)?));
        } else {
            sections.insert(name, None);
            notes.push(format!(
                "{name}: these snapshots hold no `{table}` table (schema {} and {}); not compared",
                old.manifest.schema_version, new.manifest.schema_version
            ));
        }
    }
    let money = money(b, window, &mut notes)?;
    let side = |o: &Opened, n: usize| Side {
        as_of: o.manifest.as_of,
        created_at: o.manifest.created_at.clone(),
        institution: o.manifest.institution.name.clone(),
        signer_fingerprint: o.signer.fingerprint.clone(),
        content_sha256: o.manifest.payload.sha256.clone(),
        applications: n,
    };
    Ok(SnapshotDiff {
        old: side(old, before.len()),
        new: side(new, after.len()),
        applications: changes,
        deadlines: sections.remove("deadlines").flatten(),
        agreements: sections.remove("agreements").flatten(),
        policies: sections.remove("policies").flatten(),
        money,
        notes,
    })
}

type Compare = fn(&Conn, &Conn, Window) -> Result<Vec<ChangeLine>>;

/// The sections that depend on tables other pieces of Chizai add: (section, table, comparison).
/// Each comparison runs only when both snapshots hold the table.
pub fn extension_sections() -> Vec<(&'static str, &'static str, Compare)> {
    vec![
        ("deadlines", "deadline", sections::deadlines),
        ("agreements", "agreement", sections::agreements),
        ("policies", "policy_version", sections::policies),
    ]
}

struct AppState {
    line: AppLine,
    registration_number: Option<String>,
    registered_on: Option<String>,
}

impl AppState {
    fn registration(&self, reference: &str) -> Option<Registration> {
        self.registration_number.as_ref().map(|n| Registration {
            reference: reference.to_owned(),
            office: self.line.office.clone(),
            registration_number: n.clone(),
            registered_on: self.registered_on.clone(),
        })
    }
}

fn applications(conn: &Conn) -> Result<HashMap<String, AppState>> {
    let mut stmt = conn.prepare(
        "SELECT reference, office, title, status, registration_number, registered_on FROM application",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok(AppState {
            line: AppLine {
                reference: r.get(0)?,
                office: r.get(1)?,
                title: r.get(2)?,
                status: r.get(3)?,
            },
            registration_number: r.get(4)?,
            registered_on: r.get(5)?,
        })
    })?;
    let mut out = HashMap::new();
    for row in rows {
        let row = row?;
        out.insert(row.line.reference.clone(), row);
    }
    Ok(out)
}

fn money(conn: &Conn, w: Window, notes: &mut Vec<String>) -> Result<Money> {
    let (from, to) = (w.from.to_string(), w.to.to_string());
    let mut stmt = conn.prepare(
        "SELECT category, sum(amount_yen) FROM cost WHERE incurred_on > ?1 AND incurred_on <= ?2
         GROUP BY category ORDER BY category",
    )?;
    let cost_by_category: BTreeMap<String, i64> = stmt
        .query_map([&from, &to], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<crate::error::Result<_>>()?;
    let income_yen = if table_exists(conn, "income")? {
        match conn.query_row(
            "SELECT coalesce(sum(amount_yen), 0) FROM income WHERE received_on > ?1 AND received_on <= ?2",
            [&from, &to],
            |r| r.get(0),
        ) {
            Ok(v) => Some(v),
            Err(e) => {
                notes.push(format!("income: the income table is not in the expected shape ({e})"));
                None
            }
        }
    } else {
        notes.push(
            "income: these snapshots hold no income table; only costs are compared".to_owned(),
        );
        None
    };
    Ok(Money {
        from: w.from,
        to: w.to,
        cost_yen: cost_by_category.values().sum(),
        cost_by_category,
        income_yen,
    })
}
