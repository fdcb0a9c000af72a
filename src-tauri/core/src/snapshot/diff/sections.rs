//! The diff sections over the docket, agreements and policies: what an auditor asks between two
//! year ends — which deadlines were completed, waived or dropped; which agreements were signed,
//! expired or ended; which policy versions were approved.

use std::collections::HashMap;

use crate::store::Conn;

use super::{ChangeLine, Window};
use crate::snapshot::error::Result;

/// A row's comparable state, keyed by id.
type States = HashMap<i64, (String, String, String)>;

fn states(conn: &Conn, sql: &str) -> Result<States> {
    let mut stmt = conn.prepare(sql)?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            (
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
            ),
        ))
    })?;
    let mut out = HashMap::new();
    for row in rows {
        let (id, state) = row?;
        out.insert(id, state);
    }
    Ok(out)
}

/// Deadlines completed, waived or made obsolete since the old snapshot (status changed to one of
/// them, or a new row already in it).
pub(super) fn deadlines(a: &Conn, b: &Conn, _: Window) -> Result<Vec<ChangeLine>> {
    let sql = "SELECT d.id, d.status,
                      d.code || ' ' || coalesce(ap.reference, d.agreement_ref, '') || ' 期限 ' || d.due,
                      coalesce(d.done_on || coalesce(' ' || d.done_note, ''), d.waive_reason, d.obsolete_reason, '')
               FROM deadline d LEFT JOIN application ap ON ap.id = d.application_id";
    let (old, new) = (states(a, sql)?, states(b, sql)?);
    let mut lines: Vec<ChangeLine> = new
        .iter()
        .filter(|(id, (status, _, _))| {
            matches!(status.as_str(), "done" | "waived" | "obsolete")
                && old.get(id).map(|o| &o.0) != Some(status)
        })
        .map(|(_, (status, key, detail))| ChangeLine {
            key: key.clone(),
            change: status.clone(),
            detail: detail.clone(),
        })
        .collect();
    lines.sort_by(|x, y| (&x.change, &x.key).cmp(&(&y.change, &y.key)));
    Ok(lines)
}

/// Agreements that appeared or changed status (signed, in force, expired, terminated).
pub(super) fn agreements(a: &Conn, b: &Conn, _: Window) -> Result<Vec<ChangeLine>> {
    let sql = "SELECT id, status, number || ' ' || title,
                      kind || coalesce(' 締結 ' || signed_on, '') || coalesce(' 満了 ' || expires_on, '')
               FROM agreement";
    let (old, new) = (states(a, sql)?, states(b, sql)?);
    let mut lines = Vec::new();
    for (id, (status, key, detail)) in &new {
        match old.get(id) {
            None => lines.push(ChangeLine {
                key: key.clone(),
                change: format!("added ({status})"),
                detail: detail.clone(),
            }),
            Some((before, _, _)) if before != status => lines.push(ChangeLine {
                key: key.clone(),
                change: format!("{before} → {status}"),
                detail: detail.clone(),
            }),
            _ => {}
        }
    }
    for (id, (status, key, detail)) in &old {
        if !new.contains_key(id) {
            lines.push(ChangeLine {
                key: key.clone(),
                change: format!("removed ({status})"),
                detail: detail.clone(),
            });
        }
    }
    lines.sort_by(|x, y| x.key.cmp(&y.key));
    Ok(lines)
}

/// Policy versions approved since the old snapshot (approval recorded in the new one only).
pub(super) fn policies(a: &Conn, b: &Conn, _: Window) -> Result<Vec<ChangeLine>> {
    let sql =
        "SELECT v.id, coalesce(v.approved_on, ''), d.code || ' ' || d.title || ' ' || v.version,
                      coalesce('施行 ' || v.effective_on, '')
               FROM policy_version v JOIN policy_document d ON d.id = v.document_id";
    let (old, new) = (states(a, sql)?, states(b, sql)?);
    let mut lines: Vec<ChangeLine> = new
        .iter()
        .filter(|(id, (approved, _, _))| {
            !approved.is_empty() && old.get(id).map(|o| o.0.is_empty()).unwrap_or(true)
        })
        .map(|(_, (approved, key, detail))| ChangeLine {
            key: key.clone(),
            change: format!("approved {approved}"),
            detail: detail.clone(),
        })
        .collect();
    lines.sort_by(|x, y| x.key.cmp(&y.key));
    Ok(lines)
}
