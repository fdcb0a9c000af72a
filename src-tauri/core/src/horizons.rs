//! The time spans every face of Chizai shares, defined once: Japan time for what is printed,
//! "the next quarter" (the docket report's default range, agreements expiring, the board
//! report's decisions) and the two years of obligations shown with an agreement.
//!
//! Nothing here reads the clock: callers pass `today` and `now` in (the CLI's `--today`, the
//! desktop's `CHIZAI_TODAY`), so a report printed on a given day is the same whoever prints it.

use chrono::{DateTime, Days, FixedOffset, Months, NaiveDate, NaiveDateTime, Utc};

/// Days in "the next quarter": the docket report's default range, the agreements counted as
/// expiring, and the board report's decisions (年金, 国内移行, 契約満了).
pub const QUARTER_DAYS: u64 = 90;

/// Months of coming obligations shown with an agreement.
pub const OBLIGATIONS_AHEAD_MONTHS: u32 = 24;

/// Japan Standard Time, UTC+9 (no daylight saving).
const JST_SECONDS: i32 = 9 * 3600;

/// `now` as the wall-clock time in Japan: the production time printed on reports and exports.
pub fn japan_time(now: DateTime<Utc>) -> NaiveDateTime {
    match FixedOffset::east_opt(JST_SECONDS) {
        Some(jst) => now.with_timezone(&jst).naive_local(),
        None => now.naive_utc(),
    }
}

/// The last day of the quarter that starts on `today` (`today` + [`QUARTER_DAYS`] days).
pub fn quarter_end(today: NaiveDate) -> NaiveDate {
    today
        .checked_add_days(Days::new(QUARTER_DAYS))
        .unwrap_or(NaiveDate::MAX)
}

/// The first and last day of the next quarter counted from `today`, both included.
pub fn next_quarter(today: NaiveDate) -> (NaiveDate, NaiveDate) {
    (today, quarter_end(today))
}

/// The last day of the obligations shown with an agreement, counted from `today`.
pub fn obligations_until(today: NaiveDate) -> NaiveDate {
    today
        .checked_add_months(Months::new(OBLIGATIONS_AHEAD_MONTHS))
        .unwrap_or(NaiveDate::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn japan_time_is_nine_hours_ahead_of_utc_across_midnight() {
        let now = DateTime::parse_from_rfc3339("2026-03-31T20:30:00Z")
            .unwrap()
            .with_timezone(&Utc);
        assert_eq!(
            japan_time(now),
            d("2026-04-01").and_hms_opt(5, 30, 0).unwrap(),
            "20:30 UTC on 31 March is 05:30 on 1 April in Tokyo: a new fiscal year"
        );
    }

    #[test]
    fn the_quarter_counts_ninety_days_from_today_inclusive() {
        assert_eq!(
            next_quarter(d("2026-06-30")),
            (d("2026-06-30"), d("2026-09-28")),
            "30 June + 90 days: 31 (Jul) + 31 (Aug) + 28 = 28 September"
        );
        assert_eq!(
            obligations_until(d("2024-02-29")),
            d("2026-02-28"),
            "24 months from a leap day ends on the last day of February"
        );
    }
}
