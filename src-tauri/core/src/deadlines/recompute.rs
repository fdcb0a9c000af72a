//! Recompute the generated deadlines of one application or of the whole portfolio.
//!
//! For each application: compute its deadlines from its facts (one response deadline per office
//! action), give each a key, and compare with the stored generated rows by key and fingerprint
//! (the computed dates and what they depend on). New → insert; changed → rewrite the computed
//! columns only; unchanged → nothing; stored but no longer computed → open ones become obsolete
//! with the reason (done/waived ones keep what the person recorded). Explanation texts are built
//! only for rows that are written, so an unchanged docket costs a computation and a comparison.
//! A closing fact (examination requested, response filed, …) marks an open deadline done.

use std::collections::HashMap;
use std::fmt::Write as _;

use chrono::NaiveDate;
use rusqlite::params;
use serde::Serialize;

use super::facts::{load_facts, ApplicationFacts};
use super::{reminders_for, reminders_text};
use crate::docket::{compute_bare, explain, ComputedDeadline, Facts};
use crate::domain::{ApplicationId, DeadlineId};
use crate::error::Result;
use crate::store::{Action, Write};

/// What a recompute changed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct RecomputeSummary {
    /// Applications looked at.
    pub applications: usize,
    /// Deadlines computed.
    pub computed: usize,
    /// New rows.
    pub created: usize,
    /// Rows whose computed columns changed (or that were reopened).
    pub updated: usize,
    /// Open rows closed by a fact (examination requested, response filed, …).
    pub closed: usize,
    /// Open rows whose trigger disappeared, now obsolete.
    pub obsoleted: usize,
    /// Rows left as they were.
    pub unchanged: usize,
}

/// Statuses after which an application has no docket (its open deadlines become obsolete).
const ENDED: &[&str] = &["abandoned", "lapsed", "expired", "concluded", "withdrawn"];

struct Stored {
    id: DeadlineId,
    status: String,
    fingerprint: String,
}

/// The key of a generated deadline within its application.
fn key(d: &ComputedDeadline, occurrence: Option<usize>) -> String {
    let mut k = d.code.to_string();
    k.push('|');
    k.push_str(d.variant.as_deref().unwrap_or(""));
    k.push('|');
    if let Some(y) = d.year {
        let _ = write!(k, "{y}");
    }
    k.push('|');
    k.push_str(d.target.as_deref().unwrap_or(""));
    if let Some(n) = occurrence {
        let _ = write!(k, "|#{n}");
    }
    k
}

/// What the stored row's computed columns depend on.
fn fingerprint(d: &ComputedDeadline) -> String {
    let mut f = String::with_capacity(96);
    let _ = write!(
        f,
        "{}|{}|{}:{}|{}|{}|{}|{}",
        d.due,
        d.unrolled,
        d.trigger.fact,
        d.trigger.date,
        d.period,
        d.title_ja,
        d.uncertain.is_some(),
        d.closed
            .as_ref()
            .map(|c| c.date.to_string())
            .unwrap_or_default()
    );
    for r in &d.rolled_over {
        let _ = write!(f, "|{}{}", r.date, if r.predicted { "p" } else { "" });
    }
    f
}

/// Deadlines of one application with their keys.
fn computed_for(app: &ApplicationFacts) -> Result<Vec<(String, ComputedDeadline)>> {
    let mut out = Vec::new();
    if ENDED.contains(&app.status.as_str()) {
        return Ok(out);
    }
    for d in compute_bare(&app.facts)? {
        out.push((key(&d, None), d));
    }
    for (n, (dispatched, responded)) in app.office_actions.iter().enumerate() {
        let mut f: Facts = app.facts.clone();
        f.dates.insert("oa_dispatched".to_string(), *dispatched);
        if let Some(r) = responded {
            f.dates.insert("oa_responded".to_string(), *r);
        }
        for d in compute_bare(&f)?
            .into_iter()
            .filter(|d| d.code.ends_with(".oa_response"))
        {
            out.push((key(&d, Some(n + 1)), d));
        }
    }
    Ok(out)
}

#[derive(Serialize)]
struct Change<'a> {
    key: &'a str,
    due: NaiveDate,
    unrolled: NaiveDate,
    status: &'a str,
}

fn explanation_json(d: &ComputedDeadline) -> Result<String> {
    let (ja, en) = explain(d)?;
    Ok(serde_json::json!({
        "ja": ja,
        "en": en,
        "trigger": d.trigger,
        "period": d.period,
        "convention": d.convention,
        "calendar": d.calendar,
        "rolled_over": d.rolled_over,
        "uncertain": d.uncertain,
        "uncertain_en": d.uncertain_en,
        "alternative": d.alternative,
        "closed": d.closed,
    })
    .to_string())
}

/// Recompute the generated deadlines of one application (`Some`) or of all (`None`), in the
/// caller's write. `today` dates the obsolete reasons.
pub fn recompute(
    w: &mut Write<'_>,
    only: Option<ApplicationId>,
    today: NaiveDate,
) -> Result<RecomputeSummary> {
    let apps = load_facts(w.tx(), only)?;
    let mut stored: HashMap<(i64, String), Stored> = HashMap::new();
    {
        let mut stmt = w.tx().prepare(
            "SELECT application_id, key, id, status, fingerprint FROM deadline
             WHERE origin = 'generated' AND (?1 IS NULL OR application_id = ?1)",
        )?;
        let mut rows = stmt.query([only.map(|a| a.0)])?;
        while let Some(r) = rows.next()? {
            stored.insert(
                (r.get(0)?, r.get(1)?),
                Stored {
                    id: r.get(2)?,
                    status: r.get(3)?,
                    fingerprint: r.get(4)?,
                },
            );
        }
    }
    let mut summary = RecomputeSummary {
        applications: apps.len(),
        ..RecomputeSummary::default()
    };
    for app in &apps {
        for (k, d) in computed_for(app)? {
            summary.computed += 1;
            let fp = fingerprint(&d);
            match stored.remove(&(app.id.0, k.clone())) {
                None => {
                    insert(w, app, &k, &d, &fp)?;
                    summary.created += 1;
                }
                Some(s) if s.fingerprint == fp && s.status != "obsolete" => {
                    summary.unchanged += 1;
                }
                Some(s) => {
                    if update(w, &s, &k, &d, &fp)? {
                        summary.closed += 1;
                    } else {
                        summary.updated += 1;
                    }
                }
            }
        }
    }
    let reason = format!(
        "{today} の再計算で起算事実がなくなった / trigger no longer present (recomputed {today})"
    );
    let mut leftovers: Vec<((i64, String), Stored)> = stored
        .into_iter()
        .filter(|(_, s)| s.status == "open")
        .collect();
    leftovers.sort_by_key(|(_, s)| s.id.0);
    let ended: HashMap<i64, &str> = apps
        .iter()
        .filter(|a| ENDED.contains(&a.status.as_str()))
        .map(|a| (a.id.0, a.status.as_str()))
        .collect();
    for ((app_id, k), s) in leftovers {
        let why = match ended.get(&app_id) {
            Some(status) => format!("出願の状態が {status} / application {status}"),
            None => reason.clone(),
        };
        w.tx().execute(
            "UPDATE deadline SET status = 'obsolete', obsolete_reason = ?2 WHERE id = ?1",
            params![s.id, why],
        )?;
        w.audit(
            "deadline",
            s.id,
            Action::Obsolete,
            Some(&serde_json::json!({ "key": k, "status": "open" })),
            Some(&serde_json::json!({ "key": k, "status": "obsolete", "reason": why })),
        )?;
        summary.obsoleted += 1;
    }
    Ok(summary)
}

fn insert(
    w: &mut Write<'_>,
    app: &ApplicationFacts,
    k: &str,
    d: &ComputedDeadline,
    fp: &str,
) -> Result<()> {
    let (status, done_on, done_by, done_note) = match &d.closed {
        Some(c) => (
            "done",
            Some(c.date),
            Some("docket".to_string()),
            Some(format!("{} {}", c.fact, c.date)),
        ),
        None => ("open", None, None, None),
    };
    w.tx()
        .prepare_cached(
            "INSERT INTO deadline (origin, application_id, key, code, title, due, unrolled, basis,
             year, target, info, explanation_json, fingerprint, status, done_on, done_by,
             done_note, responsible_id, reminders)
             VALUES ('generated', ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14,
             ?15, ?16, ?17, ?18)",
        )?
        .execute(params![
            app.id,
            k,
            d.code.as_ref(),
            d.title_ja.as_ref(),
            d.due,
            d.unrolled,
            d.basis.as_ref(),
            d.year,
            d.target.as_deref(),
            i64::from(d.info),
            explanation_json(d)?,
            fp,
            status,
            done_on,
            done_by,
            done_note,
            app.responsible_id,
            reminders_text(reminders_for(&d.code)),
        ])?;
    let id = DeadlineId(w.tx().last_insert_rowid());
    let after = Change {
        key: k,
        due: d.due,
        unrolled: d.unrolled,
        status,
    };
    w.audit::<Change<'_>, _>("deadline", id, Action::Create, None, Some(&after))?;
    Ok(())
}

/// Rewrite the computed columns; returns true when a closing fact closed an open deadline.
fn update(w: &mut Write<'_>, s: &Stored, k: &str, d: &ComputedDeadline, fp: &str) -> Result<bool> {
    let (before_due, before_unrolled): (NaiveDate, NaiveDate) = w.tx().query_row(
        "SELECT due, unrolled FROM deadline WHERE id = ?1",
        [s.id],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    let reopen = s.status == "obsolete";
    let close = d.closed.as_ref().filter(|_| s.status == "open" || reopen);
    let status = match (close, reopen) {
        (Some(_), _) => "done",
        (None, true) => "open",
        (None, false) => s.status.as_str(),
    };
    let (done_on, done_note) = match close {
        Some(c) => (Some(c.date), Some(format!("{} {}", c.fact, c.date))),
        None => (None, None),
    };
    w.tx().execute(
        "UPDATE deadline SET title = ?2, due = ?3, unrolled = ?4, basis = ?5, year = ?6,
         target = ?7, info = ?8, explanation_json = ?9, fingerprint = ?10, status = ?11,
         obsolete_reason = NULL,
         done_on = CASE WHEN ?12 IS NULL THEN done_on ELSE ?12 END,
         done_by = CASE WHEN ?12 IS NULL THEN done_by ELSE 'docket' END,
         done_note = CASE WHEN ?12 IS NULL THEN done_note ELSE ?13 END
         WHERE id = ?1",
        params![
            s.id,
            d.title_ja.as_ref(),
            d.due,
            d.unrolled,
            d.basis.as_ref(),
            d.year,
            d.target.as_deref(),
            i64::from(d.info),
            explanation_json(d)?,
            fp,
            status,
            done_on,
            done_note,
        ],
    )?;
    let before = Change {
        key: k,
        due: before_due,
        unrolled: before_unrolled,
        status: &s.status,
    };
    let after = Change {
        key: k,
        due: d.due,
        unrolled: d.unrolled,
        status,
    };
    w.audit(
        "deadline",
        s.id,
        Action::Update,
        Some(&before),
        Some(&after),
    )?;
    Ok(close.is_some())
}
