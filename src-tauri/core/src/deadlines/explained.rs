//! Explanations rebuilt when shown, not stored with every row.
//!
//! A generated deadline's explanation (trigger, period, convention, each closed day rolled over,
//! uncertainties, in Japanese and English) follows from its rule, its application's facts and the
//! calendar — the same inputs the recompute used. Storing it cost about 1.2 KB per row (at 100,000
//! applications, 590,000 rows: most of the database), so the recompute stores `{}` and a read
//! rebuilds the explanation by computing the application's deadlines again (microseconds each).
//!
//! The rebuilt deadline is used only when it gives the stored dates: if the facts changed after
//! the last recompute (or the row was obsolete, or its rule is gone), the explanation says so
//! instead of explaining a date that is not the docketed one. Rows written before this change
//! keep their stored explanation, which is shown as it is.

use std::collections::{BTreeSet, HashMap};

use crate::store::Conn;

use super::facts::load_facts;
use super::recompute::{computed_for, explanation_value};
use super::{Deadline, DeadlineStatus, Origin};
use crate::docket::ComputedDeadline;
use crate::domain::ApplicationId;
use crate::error::Result;

/// Up to this many applications, one read per application is always taken.
const BULK: usize = 64;

/// Above this share of the portfolio (1 in N applications), one bulk read of every application's
/// facts is cheaper than one indexed read per application: measured at 100,000 applications, the
/// bulk read costs about 11 µs per application in the portfolio, a single read about 150 µs.
const BULK_SHARE: usize = 14;

fn needs(d: &Deadline) -> bool {
    d.origin == Origin::Generated
        && d.application_id.is_some()
        && d.explanation.as_object().is_some_and(|o| o.is_empty())
}

/// Fills in the explanation of every generated row of `rows` that has none stored.
pub(super) fn fill(conn: &Conn, rows: &mut [Deadline]) -> Result<()> {
    let wanted: BTreeSet<i64> = rows
        .iter()
        .filter(|d| needs(d))
        .filter_map(|d| d.application_id.map(|a| a.0))
        .collect();
    if wanted.is_empty() {
        return Ok(());
    }
    let portfolio: i64 = if wanted.len() > BULK {
        conn.query_row("SELECT count(*) FROM application", [], |r| r.get(0))?
    } else {
        0
    };
    let portfolio = usize::try_from(portfolio).unwrap_or(usize::MAX);
    let apps = if wanted.len() > BULK && wanted.len().saturating_mul(BULK_SHARE) > portfolio {
        let mut all = load_facts(conn, None)?;
        all.retain(|a| wanted.contains(&a.id.0));
        all
    } else {
        let mut some = Vec::with_capacity(wanted.len());
        for id in &wanted {
            some.extend(load_facts(conn, Some(ApplicationId(*id)))?);
        }
        some
    };
    let mut computed: HashMap<(i64, String), ComputedDeadline> = HashMap::new();
    for app in &apps {
        for (key, d) in computed_for(app)? {
            computed.insert((app.id.0, key), d);
        }
    }
    for d in rows.iter_mut().filter(|d| needs(d)) {
        let (Some(app), Some(key)) = (d.application_id, d.key.clone()) else {
            continue;
        };
        d.explanation = match computed.get(&(app.0, key)) {
            Some(c) if c.due == d.due && c.unrolled == d.unrolled => explanation_value(c)?,
            _ => not_current(d),
        };
    }
    Ok(())
}

/// What is shown when the facts no longer give the stored dates.
fn not_current(d: &Deadline) -> serde_json::Value {
    if d.status == DeadlineStatus::Obsolete {
        let why = d.obsolete_reason.as_deref().unwrap_or("");
        return serde_json::json!({
            "ja": format!("{}: 期限 {}（満了日 {}）。この期限は廃止されました: {why}", d.title, d.due, d.unrolled),
            "en": format!("{}: due {} (period ends {}). This deadline is obsolete: {why}", d.title, d.due, d.unrolled),
            "stale": true,
        });
    }
    serde_json::json!({
        "ja": format!(
            "{}: 期限 {}（満了日 {}）。現在の事実からはこの日付が再計算されないため、説明を表示できません。期限を再計算してください。",
            d.title, d.due, d.unrolled
        ),
        "en": format!(
            "{}: due {} (period ends {}). The current facts no longer give this date, so it cannot be explained; recompute the docket.",
            d.title, d.due, d.unrolled
        ),
        "stale": true,
    })
}
