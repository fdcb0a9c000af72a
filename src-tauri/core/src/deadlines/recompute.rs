//! Recompute the generated deadlines of one application or of the whole portfolio.
//!
//! For each application: compute its deadlines from its facts (one response deadline per office
//! action), give each a key, and compare with the stored generated rows by key and fingerprint
//! (the computed dates and what they depend on). New → insert; changed → rewrite the computed
//! columns only; unchanged → nothing; stored but no longer computed → open ones become obsolete
//! with the reason (done/waived ones keep what the person recorded), except a fee of a year now
//! paid (and its grace deadline), which is closed as paid. Explanation texts are built
//! only for rows that are written, so an unchanged docket costs a computation and a comparison.
//! A closing fact (examination requested, response filed, …) marks an open or waived deadline
//! done. An optional procedure whose chance (restoration included) had already ended when it is
//! first computed — an old register imported, an old application typed in — is inserted waived
//! with that reason instead of as an overdue task (rules.toml `optional`, `restorable`).

mod hash;
mod stored;

use std::collections::HashMap;
use std::fmt::Write as _;
use std::sync::atomic::Ordering;

use chrono::NaiveDate;
use rusqlite::params;
use serde::Serialize;

use super::facts::{load_facts, ApplicationFacts};
use super::DeadlineStatus;
use super::{reminders_for, reminders_text};
use crate::docket::{compute_bare, compute_bare_where, explain, ComputedDeadline, Fact, Facts};
use crate::domain::{ApplicationId, DeadlineId, Status};
use crate::error::{CoreError, Result};
use crate::store::{Action, AuditEntity, Write};
use hash::{key_hash, Fnv};
use stored::{changed_only, load_stored, Stored, StoredMap};

/// What a recompute changed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct RecomputeSummary {
    /// Applications looked at.
    pub applications: usize,
    /// Applications skipped because their facts (and the rules) did not change since the last
    /// recompute.
    pub skipped: usize,
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
/// (`withdrawn`, which the list of strings also named, is an event kind: the schema never lets it
/// stand as an application's status.)
const ENDED: [Status; 4] = [
    Status::Abandoned,
    Status::Lapsed,
    Status::Expired,
    Status::Concluded,
];

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
fn fingerprint(d: &ComputedDeadline) -> i64 {
    let mut f = Fnv::new();
    f.date(d.due)
        .date(d.unrolled)
        .bytes(d.trigger.fact.as_bytes())
        .date(d.trigger.date)
        .bytes(
            &[d.period.years, d.period.months, d.period.days]
                .map(u32::to_le_bytes)
                .concat(),
        )
        .bytes(d.title_ja.as_bytes())
        .bytes(&[u8::from(d.uncertain.is_some()), u8::from(d.info)]);
    if let Some(c) = &d.closed {
        f.bytes(c.fact.as_bytes()).date(c.date);
    }
    for r in &d.rolled_over {
        f.date(r.date).bytes(&[u8::from(r.predicted)]);
    }
    f.finish()
}

/// Deadlines of one application with their keys.
pub(super) fn computed_for(app: &ApplicationFacts) -> Result<Vec<(String, ComputedDeadline)>> {
    let mut out = Vec::new();
    if ENDED.contains(&app.status) {
        return Ok(out);
    }
    for d in compute_bare(&app.facts)? {
        out.push((key(&d, None), d));
    }
    for (n, (dispatched, responded)) in app.office_actions.iter().enumerate() {
        let mut f: Facts = app.facts.clone();
        f.set(Fact::OaDispatched, *dispatched);
        if let Some(r) = responded {
            f.set(Fact::OaResponded, *r);
        }
        if let Some((earlier, _)) = n.checked_sub(1).and_then(|i| app.office_actions.get(i)) {
            f.set(Fact::EarlierOaDispatched, *earlier);
        }
        for d in compute_bare_where(&f, |code| code.ends_with(".oa_response"))? {
            out.push((key(&d, Some(n + 1)), d));
        }
    }
    Ok(out)
}

/// A write the comparison asks for.
enum Pending {
    Insert(String, ComputedDeadline, i64),
    Update((i64, i64), String, ComputedDeadline, i64),
}

/// What comparing one application's computed deadlines with the stored ones found.
#[derive(Default)]
struct Outcome {
    computed: usize,
    unchanged: usize,
    changes: Vec<Pending>,
}

fn compare_app(app: &ApplicationFacts, stored: &StoredMap) -> Result<Outcome> {
    let mut out = Outcome::default();
    for (k, d) in computed_for(app)? {
        out.computed += 1;
        let fp = fingerprint(&d);
        let key = (app.id.0, key_hash(&k));
        match stored.get(&key) {
            None => out.changes.push(Pending::Insert(k, d, fp)),
            Some(s) => {
                s.seen.store(true, Ordering::Relaxed);
                if s.fingerprint == fp && s.status != DeadlineStatus::Obsolete {
                    out.unchanged += 1;
                } else {
                    out.changes.push(Pending::Update(key, k, d, fp));
                }
            }
        }
    }
    Ok(out)
}

/// Compare a batch on two threads (the machine's cores are few; more would not help).
fn compare_batch(batch: &[ApplicationFacts], stored: &StoredMap) -> Result<Vec<Outcome>> {
    let (left, right) = batch.split_at(batch.len() / 2);
    std::thread::scope(|scope| {
        let handle = scope.spawn(|| {
            right
                .iter()
                .map(|a| compare_app(a, stored))
                .collect::<Result<Vec<_>>>()
        });
        let mut out = left
            .iter()
            .map(|a| compare_app(a, stored))
            .collect::<Result<Vec<_>>>()?;
        let rest = handle
            .join()
            .map_err(|_| CoreError::Integrity("docket computation thread panicked".into()))??;
        out.extend(rest);
        Ok(out)
    })
}

#[derive(Serialize)]
struct Change<'a> {
    key: &'a str,
    due: NaiveDate,
    unrolled: NaiveDate,
    status: DeadlineStatus,
}

/// A generated deadline as its application's docket entry records its creation. What most rows
/// share is left out (the trail of a large portfolio holds hundreds of thousands of these): the
/// date before rolling over a closed day when it is the due date, the status when open.
#[derive(Serialize)]
struct Created {
    id: DeadlineId,
    key: String,
    due: NaiveDate,
    #[serde(skip_serializing_if = "Option::is_none")]
    unrolled: Option<NaiveDate>,
    #[serde(skip_serializing_if = "is_open")]
    status: DeadlineStatus,
}

fn is_open(status: &DeadlineStatus) -> bool {
    *status == DeadlineStatus::Open
}

/// The explanation of a computed deadline as shown (rebuilt on read: see `explained`).
pub(super) fn explanation_value(d: &ComputedDeadline) -> Result<serde_json::Value> {
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
    }))
}

/// What the row stores: nothing, the explanation is rebuilt from rule, facts and calendar when
/// shown (`explained`), which keeps a 100,000-application docket lean.
const STORED_EXPLANATION: &str = "{}";

/// Recompute the generated deadlines of one application (`Some`, always recomputed) or of
/// all (`None`: those whose facts changed since the last recompute), in the caller's write.
/// `today` dates the obsolete reasons.
pub fn recompute(
    w: &mut Write<'_>,
    only: Option<ApplicationId>,
    today: NaiveDate,
) -> Result<RecomputeSummary> {
    recompute_inner(w, only, today, only.is_some())
}

/// Recompute every application's deadlines whatever the stored facts hashes say (after a
/// repair, or to measure the full cost).
pub fn recompute_forced(w: &mut Write<'_>, today: NaiveDate) -> Result<RecomputeSummary> {
    recompute_inner(w, None, today, true)
}

fn recompute_inner(
    w: &mut Write<'_>,
    only: Option<ApplicationId>,
    today: NaiveDate,
    force: bool,
) -> Result<RecomputeSummary> {
    let all = load_facts(w.tx(), only)?;
    let total = all.len();
    let apps = changed_only(w, all, force)?;
    let stored = load_stored(w, &apps, total)?;
    let mut summary = RecomputeSummary {
        applications: total,
        skipped: total - apps.len(),
        ..RecomputeSummary::default()
    };
    let apps: Vec<ApplicationFacts> = {
        let mut states = w.tx().prepare_cached(
            "INSERT INTO docket_state (application_id, facts_hash) VALUES (?1, ?2)
             ON CONFLICT (application_id) DO UPDATE SET facts_hash = excluded.facts_hash",
        )?;
        for (a, h) in &apps {
            states.execute(params![a.id, h])?;
        }
        apps.into_iter().map(|(a, _)| a).collect()
    };
    if !apps.is_empty() {
        // The facts hashes are derived data: one audit row says which applications were
        // recomputed, rather than one per hash.
        let ids: Vec<i64> = apps.iter().map(|a| a.id.0).take(1000).collect();
        w.audit::<serde_json::Value, _>(
            AuditEntity::DocketState,
            "recompute",
            Action::Update,
            None,
            Some(&serde_json::json!({ "applications": apps.len(), "first_ids": ids })),
        )?;
    }
    // Computing and comparing are pure: batches of applications are handled on two threads
    // against the stored fingerprints, and only the changes come back to be written here, in
    // order, in the caller's transaction.
    let mut created = Vec::new();
    for batch in apps.chunks(4096) {
        for (app, outcome) in batch.iter().zip(compare_batch(batch, &stored)?) {
            summary.computed += outcome.computed;
            summary.unchanged += outcome.unchanged;
            created.clear();
            for change in outcome.changes {
                match change {
                    Pending::Insert(k, d, fp) => {
                        let (id, status) = insert(w, app, &k, &d, fp, today)?;
                        created.push(Created {
                            id,
                            key: k,
                            due: d.due,
                            unrolled: (d.unrolled != d.due).then_some(d.unrolled),
                            status,
                        });
                        summary.created += 1;
                    }
                    Pending::Update(key, k, d, fp) => {
                        let Some(s) = stored.get(&key) else { continue };
                        if update(w, s, &k, &d, fp)? {
                            summary.closed += 1;
                        } else {
                            summary.updated += 1;
                        }
                    }
                }
            }
            if !created.is_empty() {
                // The new rows of one application's docket are one audit entry (they are the
                // consequence of its facts, which have entries of their own): a trail of a
                // hundred thousand applications carries one row per docket, not one per date.
                w.audit::<(), _>(
                    AuditEntity::Docket,
                    app.id.0,
                    Action::Create,
                    None,
                    Some(&serde_json::json!({ "created": &created })),
                )?;
            }
        }
    }
    let reason = format!(
        "{today} の再計算で起算事実がなくなった / trigger no longer present (recomputed {today})"
    );
    let mut leftovers: Vec<((i64, i64), Stored)> = stored
        .into_iter()
        .filter(|(_, s)| s.status == DeadlineStatus::Open && !s.seen.load(Ordering::Relaxed))
        .collect();
    leftovers.sort_by_key(|(_, s)| s.id.0);
    let ended: HashMap<i64, &str> = apps
        .iter()
        .filter(|a| ENDED.contains(&a.status))
        .map(|a| (a.id.0, a.status.as_str()))
        .collect();
    let paid: HashMap<i64, u32> = apps
        .iter()
        .filter_map(|a| Some((a.id.0, a.facts.paid_through?)))
        .collect();
    for ((app_id, _), s) in leftovers {
        let (k, year, code): (String, Option<u32>, String) = w.tx().query_row(
            "SELECT key, year, code FROM deadline WHERE id = ?1",
            [s.id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )?;
        if !ended.contains_key(&app_id) {
            if let Some(through) = super::fees::paid_by(&code, year, paid.get(&app_id)) {
                super::fees::close_paid(w, s.id, &k, through, today)?;
                summary.closed += 1;
                continue;
            }
        }
        let why = match ended.get(&app_id) {
            Some(status) => format!("出願の状態が {status} / application {status}"),
            None => reason.clone(),
        };
        w.tx().execute(
            "UPDATE deadline SET status = 'obsolete', obsolete_reason = ?2 WHERE id = ?1",
            params![s.id, why],
        )?;
        w.audit(
            AuditEntity::Deadline,
            s.id,
            Action::Obsolete,
            Some(&serde_json::json!({ "key": k, "status": DeadlineStatus::Open })),
            Some(
                &serde_json::json!({ "key": k, "status": DeadlineStatus::Obsolete, "reason": why }),
            ),
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
    fp: i64,
    today: NaiveDate,
) -> Result<(DeadlineId, DeadlineStatus)> {
    let (status, done_on, done_by, done_note) = match &d.closed {
        Some(c) => (
            DeadlineStatus::Done,
            Some(c.date),
            Some("docket".to_string()),
            Some(format!("{} {}", c.fact, c.date)),
        ),
        None => (DeadlineStatus::Open, None, None, None),
    };
    // An optional procedure whose chance (restoration included) had ended before Chizai first
    // computed it — an old register imported, an old application typed in — is history: it was
    // taken or let go long ago, and an "overdue" task nobody can act on would bury the real ones.
    let passed = d.closed.is_none() && d.chance_ends.is_some_and(|last| last < today);
    let (status, waive_reason) = if passed {
        let last = d.chance_ends.unwrap_or(d.due);
        (
            DeadlineStatus::Waived,
            Some(format!(
                "最初に計算した {today} には手続の機会（回復の期間を含め {last} まで）が過ぎていた / \
                 the chance to act (restoration included, until {last}) had passed when first computed on {today}"
            )),
        )
    } else {
        (status, None)
    };
    w.tx()
        .prepare_cached(
            "INSERT INTO deadline (origin, application_id, key, code, title, due, unrolled, basis,
             year, target, info, explanation_json, fingerprint, status, done_on, done_by,
             done_note, responsible_id, reminders, waive_reason)
             VALUES ('generated', ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14,
             ?15, ?16, ?17, ?18, ?19)",
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
            STORED_EXPLANATION,
            fp,
            status.as_str(),
            done_on,
            done_by,
            done_note,
            app.responsible_id,
            reminders_text(reminders_for(&d.code)),
            waive_reason,
        ])?;
    Ok((DeadlineId(w.tx().last_insert_rowid()), status))
}

/// Rewrite the computed columns; returns true when a closing fact closed an open deadline.
fn update(w: &mut Write<'_>, s: &Stored, k: &str, d: &ComputedDeadline, fp: i64) -> Result<bool> {
    let (before_due, before_unrolled, stored_status): (NaiveDate, NaiveDate, String) =
        w.tx().query_row(
            "SELECT due, unrolled, status FROM deadline WHERE id = ?1",
            [s.id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )?;
    let before_status = DeadlineStatus::parse(&stored_status)?;
    let reopen = s.status == DeadlineStatus::Obsolete;
    // A closing fact outranks a waiver, a person's or the docket's own "the chance had passed":
    // the act happened after all (the later filing used the priority), and the trail keeps both.
    let waived = before_status == DeadlineStatus::Waived;
    let close = d
        .closed
        .as_ref()
        .filter(|_| s.status == DeadlineStatus::Open || reopen || waived);
    let status = match (close, reopen) {
        (Some(_), _) => DeadlineStatus::Done,
        (None, true) => DeadlineStatus::Open,
        (None, false) => before_status,
    };
    let (done_on, done_note) = match close {
        Some(c) => (Some(c.date), Some(format!("{} {}", c.fact, c.date))),
        None => (None, None),
    };
    w.tx().execute(
        "UPDATE deadline SET title = ?2, due = ?3, unrolled = ?4, basis = ?5, year = ?6,
         target = ?7, info = ?8, explanation_json = ?9, fingerprint = ?10, status = ?11,
         obsolete_reason = NULL,
         waive_reason = CASE WHEN CAST(?12 AS TEXT) IS NULL THEN waive_reason ELSE NULL END,
         done_on = CASE WHEN CAST(?12 AS TEXT) IS NULL THEN done_on ELSE ?12 END,
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
            STORED_EXPLANATION,
            fp,
            status.as_str(),
            done_on,
            done_note,
        ],
    )?;
    let before = Change {
        key: k,
        due: before_due,
        unrolled: before_unrolled,
        status: before_status,
    };
    let after = Change {
        key: k,
        due: d.due,
        unrolled: d.unrolled,
        status,
    };
    // A new rule text or a row brought back to its facts after an exchange import changes nothing
    // a person sees in the trail (key, dates, status): no audit row that says "from X to X".
    if before.due != after.due || before.unrolled != after.unrolled || before.status != after.status
    {
        w.audit(
            AuditEntity::Deadline,
            s.id,
            Action::Update,
            Some(&before),
            Some(&after),
        )?;
    }
    Ok(close.is_some())
}
