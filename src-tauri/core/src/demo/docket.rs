//! The demo's docket: generated from the portfolio by the same recompute as any database, then the
//! past settled the way an office that works its docket leaves it — a deadline more than
//! [`SETTLED_AFTER_DAYS`] days gone is done (a procedure filed in time) or, for the optional
//! procedures an office often lets pass (the rule table's `optional` ones: a foreign filing
//! under the Paris priority, a domestic priority claim, PCT amendments and demands), waived with
//! the committee's reason. The fees the office pays are facts of the history (each application's years paid); a fee still open here
//! is one the office decided not to pay, waived as such — never marked paid. What falls due
//! within the last weeks stays open, so the dashboard shows the few overdue items a real desk has.
//! Every change goes through `deadlines::mark_done`/`waive`, so the audit trail records it.

use chrono::{Days, NaiveDate};

use crate::deadlines::{self, DeadlineFilter, DeadlineStatus, StatusFilter};
use crate::error::Result;
use crate::store::Write;

/// How long ago a deadline must have fallen due for the demo to record it as handled.
pub const SETTLED_AFTER_DAYS: u64 = 45;

/// Computes the docket and settles its past; returns how many deadlines were settled.
pub(super) fn settle(w: &mut Write<'_>, today: NaiveDate) -> Result<usize> {
    deadlines::recompute(w, None, today)?;
    let cutoff = today
        .checked_sub_days(Days::new(SETTLED_AFTER_DAYS))
        .unwrap_or(today);
    let filter = DeadlineFilter {
        to: Some(cutoff),
        status: StatusFilter::Open,
        ..DeadlineFilter::default()
    };
    // Which procedures are optional and which are fees is the rule table's to say.
    let fees = crate::docket::RuleTable::embedded()?;
    let mut settled = 0;
    // Paying a fee of a year brings the next year onto the docket (and closes the paid year's
    // grace deadline): settle again until nothing old is left open. Each round settles every
    // old open deadline, and the years of a right are finite, so this ends; the bound is a guard.
    for _round in 0..MAX_ROUNDS {
        let past: Vec<_> = deadlines::list_rows(w.tx(), &filter, today)?
            .into_iter()
            .filter(|d| !d.info)
            .collect();
        if past.is_empty() {
            break;
        }
        for d in past {
            // An earlier payment in this round may have closed it already.
            if deadlines::get_row(w.tx(), d.id)?.status != DeadlineStatus::Open {
                continue;
            }
            if fees.is_optional(&d.code) {
                deadlines::settle_waived(
                    w,
                    d.id,
                    "知財評価委員会の判断により手続しない（デモデータ）",
                )?;
            } else if fees.is_fee(&d.code) {
                // The history pays every fee the office keeps paying (the years paid are facts of
                // the application): one still open here is a right the office let go (年金不納).
                deadlines::settle_waived(
                    w,
                    d.id,
                    "権利を維持しない判断により年金不納（デモデータ）",
                )?;
            } else {
                let on = d.due.checked_sub_days(Days::new(7)).unwrap_or(d.due);
                deadlines::settle_done(w, d.id, on, Some("期限内に手続済み（デモデータ）"))?;
            }
            settled += 1;
        }
    }
    Ok(settled)
}

/// Rounds of settling at most (a right has at most 20 annual fees, paid three at a time).
const MAX_ROUNDS: usize = 32;
