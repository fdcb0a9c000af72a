//! Fees of a year — JP annuities (特許料, 特許法108条2項), EP renewal fees (EPC R51), US
//! maintenance fees (35 USC 41(b)), trademark renewals (商標法19条) — are facts, not only
//! deadlines: paying one advances the application's years paid (`annuities_paid_to`), and a year
//! paid has nothing left to do — neither its fee nor its grace/surcharge deadline (追納,
//! 特許法112条: double fee; EPC R51(2): 50 % surcharge; 37 CFR 1.362(e)).
//!
//! Marking a fee deadline (or its grace deadline) done advances the years paid as far as the
//! consecutive years are paid, audits the application's change, and recomputes its docket in
//! the same transaction: the next years appear, and what is still open for a paid year is closed
//! as paid (never left to turn overdue). Which codes are fees is data (`fee = true` in
//! `rules.toml`).

use chrono::NaiveDate;
use rusqlite::params;

use super::{recompute, Deadline, Origin};
use crate::docket::RuleTable;
use crate::domain::{ApplicationId, DeadlineId};
use crate::error::Result;
use crate::store::{Action, AuditEntity, Write};

/// The years paid that cover a stored row of `code` for `year`, when the row is a fee (or its
/// grace deadline) of a year already paid; `None` otherwise.
pub(super) fn paid_by(code: &str, year: Option<u32>, paid: Option<&u32>) -> Option<u32> {
    let (year, paid) = (year?, *paid?);
    let fee = RuleTable::embedded().ok()?.is_fee(code);
    (fee && year <= paid).then_some(paid)
}

/// Closes an open row of a year now paid: done, by the docket, with why.
pub(super) fn close_paid(
    w: &mut Write<'_>,
    id: DeadlineId,
    key: &str,
    through: u32,
    today: NaiveDate,
) -> Result<()> {
    let note = format!("第{through}年分まで納付済み / fees paid through year {through}");
    w.tx().execute(
        "UPDATE deadline SET status = 'done', done_on = ?2, done_by = 'docket', done_note = ?3
         WHERE id = ?1",
        params![id, today, note],
    )?;
    w.audit(
        AuditEntity::Deadline,
        id,
        Action::Update,
        Some(&serde_json::json!({ "key": key, "status": "open" })),
        Some(&serde_json::json!({ "key": key, "status": "done", "note": note })),
    )
}

/// The code of the fee row a stored code belongs to: the fee itself, or the row its grace
/// deadline follows (`jp.annuity_grace` → `jp.annuity`).
fn fee_code(table: &RuleTable, code: &str) -> Option<String> {
    let rows = || table.rule.iter().filter(move |r| r.code == code);
    if rows().any(|r| r.fee) {
        return Some(code.to_string());
    }
    rows()
        .find_map(|r| r.follows.clone())
        .filter(|leader| table.rule.iter().any(|l| &l.code == leader && l.fee))
}

/// After `done` was marked done: when it is a fee of a year (or its grace deadline), advance the
/// application's years paid over every consecutive year now paid, audit that change and
/// recompute the application. Returns the new years paid when they moved.
pub(super) fn after_done(
    w: &mut Write<'_>,
    done: &Deadline,
    today: NaiveDate,
) -> Result<Option<u32>> {
    let (Some(app), Some(_), Origin::Generated) = (done.application_id, done.year, done.origin)
    else {
        return Ok(None);
    };
    let table = RuleTable::embedded()?;
    let Some(fee) = fee_code(table, &done.code) else {
        return Ok(None);
    };
    let mut codes: Vec<String> = table
        .rule
        .iter()
        .filter(|r| r.follows.as_deref() == Some(fee.as_str()))
        .map(|r| r.code.clone())
        .collect();
    codes.push(fee.clone());
    let paid: Option<u32> = w.tx().query_row(
        "SELECT annuities_paid_to FROM application WHERE id = ?1",
        [app],
        |r| r.get(0),
    )?;
    let through = paid.unwrap_or(0);
    // Each materialised year after the years paid, with whether any of its rows (the fee or its
    // grace deadline) is done; the years paid advance over the leading run of paid years.
    let mut years: Vec<(u32, bool)> = Vec::new();
    {
        let mut stmt = w.tx().prepare_cached(
            "SELECT year, MAX(CASE WHEN status = 'done' THEN 1 ELSE 0 END) FROM deadline
             WHERE application_id = ?1 AND origin = 'generated' AND year > ?2
               AND status <> 'obsolete' AND code IN (SELECT value FROM json_each(?3))
             GROUP BY year ORDER BY year",
        )?;
        let codes_json = serde_json::to_string(&codes)?;
        let mut rows = stmt.query(params![app, through, codes_json])?;
        while let Some(r) = rows.next()? {
            years.push((r.get(0)?, r.get(1)?));
        }
    }
    let advanced = years
        .iter()
        .take_while(|(_, done)| *done)
        .map(|(y, _)| *y)
        .last();
    let Some(new_paid) = advanced else {
        return Ok(None);
    };
    set_years_paid(w, app, paid, new_paid)?;
    recompute(w, Some(app), today)?;
    Ok(Some(new_paid))
}

fn set_years_paid(
    w: &mut Write<'_>,
    app: ApplicationId,
    before: Option<u32>,
    after: u32,
) -> Result<()> {
    w.tx().execute(
        "UPDATE application SET annuities_paid_to = ?2 WHERE id = ?1",
        params![app, after],
    )?;
    w.audit(
        AuditEntity::Application,
        app,
        Action::Update,
        Some(&serde_json::json!({ "annuities_paid_to": before })),
        Some(&serde_json::json!({ "annuities_paid_to": after })),
    )
}

/// An `annuity_paid` event pays the application's next fee: its earliest open fee deadline (not
/// a grace deadline) is marked done on the event's date, with what follows from that.
pub(super) fn pay_next(w: &mut Write<'_>, app: ApplicationId, on: NaiveDate) -> Result<()> {
    let table = RuleTable::embedded()?;
    let open = super::list_deadlines(
        w.tx(),
        &super::DeadlineFilter {
            application: Some(app),
            ..super::DeadlineFilter::default()
        },
        on,
    )?;
    let next = open
        .into_iter()
        .filter(|d| {
            d.origin == Origin::Generated
                && d.year.is_some()
                && fee_code(table, &d.code).as_deref() == Some(d.code.as_str())
                && d.key.as_deref().and_then(|k| k.split('|').nth(1)) == Some("")
        })
        .min_by_key(|d| (d.year, d.due));
    if let Some(d) = next {
        super::mark_done(w, d.id, on, Some("年金納付の記録 / fee paid (event)"))?;
    }
    Ok(())
}
