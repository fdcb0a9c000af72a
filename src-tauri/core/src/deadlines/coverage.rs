//! The docket's marker for offices without rules: which live applications sit at an office the
//! rule table does not cover (TW, DE, …), so the docket shows "no rules for TW: enter the agent's
//! deadlines by hand" instead of a silently empty list.

use crate::store::Conn;
use serde::Serialize;

use super::DeadlineFilter;
use crate::docket::no_rules;
use crate::domain::Status;
use crate::error::Result;

/// How many references a marker lists (the rest are counted).
const LISTED: usize = 5;

/// Live applications at an office whose deadlines are not computed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct UnruledOffice {
    /// The office code.
    pub office: String,
    /// Live applications there (filed, published, under examination or granted).
    pub applications: u32,
    /// Of those, the ones with no open deadline at all (not even a manual one).
    pub without_deadlines: u32,
    /// The first few of those without deadlines, by reference.
    pub references: Vec<String>,
    /// The marker, Japanese.
    pub message_ja: String,
    /// The marker, English.
    pub message_en: String,
}

/// The offices without rules that hold live applications (only `filter.office` when it names
/// one), in office order.
pub fn unruled_offices(conn: &Conn, filter: &DeadlineFilter) -> Result<Vec<UnruledOffice>> {
    let alive: Vec<&str> = crate::domain::Status::ALL
        .iter()
        .filter(|s| s.is_alive() && **s != Status::Drafting)
        .map(|s| s.as_str())
        .collect();
    let mut stmt = conn.prepare(&format!(
        "SELECT a.office, a.reference,
                EXISTS (SELECT 1 FROM deadline d WHERE d.application_id = a.id AND d.status = 'open')
         FROM application a WHERE a.status IN ({}) AND (CAST(?1 AS TEXT) IS NULL OR a.office = ?1)
         ORDER BY a.office, a.reference",
        alive
            .iter()
            .map(|s| format!("'{s}'"))
            .collect::<Vec<_>>()
            .join(", ")
    ))?;
    let office = filter
        .office
        .as_deref()
        .map(|o| o.trim().to_ascii_uppercase());
    let mut rows = stmt.query([office])?;
    let mut out: Vec<UnruledOffice> = Vec::new();
    while let Some(r) = rows.next()? {
        let office: String = r.get(0)?;
        let Some(marker) = no_rules(&office) else {
            continue;
        };
        if out.last().is_none_or(|u| u.office != office) {
            out.push(UnruledOffice {
                office: office.clone(),
                applications: 0,
                without_deadlines: 0,
                references: Vec::new(),
                message_ja: marker.message_ja,
                message_en: marker.message_en,
            });
        }
        let Some(entry) = out.last_mut() else {
            continue;
        };
        entry.applications += 1;
        if !r.get::<_, bool>(2)? {
            entry.without_deadlines += 1;
            if entry.references.len() < LISTED {
                entry.references.push(r.get(1)?);
            }
        }
    }
    Ok(out)
}

impl UnruledOffice {
    /// One line for the command line: the marker, then what it concerns.
    pub fn line(&self) -> String {
        let mut s = format!(
            "{} ({} live applications, {} without any open deadline",
            self.message_en, self.applications, self.without_deadlines
        );
        if !self.references.is_empty() {
            s.push_str(": ");
            s.push_str(&self.references.join(", "));
            if (self.without_deadlines as usize) > self.references.len() {
                s.push_str(", …");
            }
        }
        s.push(')');
        s
    }
}
