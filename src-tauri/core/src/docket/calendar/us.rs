//! US federal holidays (5 U.S.C. 6103) as the USPTO observes them (37 CFR 1.7(a): a Saturday,
//! Sunday or Federal holiday within the District of Columbia).
//!
//! - Fixed days falling on a Saturday are observed on the Friday before, on a Sunday on the
//!   Monday after (Executive Order 11582, 5 U.S.C. 6103(b)); New Year's Day on a Saturday is
//!   observed on 31 December of the year before.
//! - Monday holidays from 1971 (Uniform Monday Holiday Act); Veterans Day on the 4th Monday of
//!   October 1971–1977, back on 11 November from 1978; Martin Luther King Jr. Day from 1986;
//!   Juneteenth from 2021.
//! - Inauguration Day (20 January after a presidential election, 21 January when the 20th is a
//!   Sunday) is a holiday within the District of Columbia (5 U.S.C. 6103(c)).

use chrono::{Datelike, Duration, NaiveDate, Weekday};

/// A US federal holiday as observed (the day the office is closed).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UsHoliday {
    /// The observed day.
    pub date: NaiveDate,
    /// Name, with "(observed)" when shifted from a weekend.
    pub name: &'static str,
    /// Whether the day was shifted from a Saturday or Sunday.
    pub observed: bool,
}

fn nth(y: i32, m: u32, wd: Weekday, n: u8) -> Option<NaiveDate> {
    NaiveDate::from_weekday_of_month_opt(y, m, wd, n)
}

fn last_monday_of_may(y: i32) -> Option<NaiveDate> {
    let first_june = NaiveDate::from_ymd_opt(y, 6, 1)?;
    let mut d = first_june - Duration::days(1);
    while d.weekday() != Weekday::Mon {
        d -= Duration::days(1);
    }
    Some(d)
}

/// Observed federal holidays whose observed day lies in `year` (so New Year's Day of `year + 1`
/// observed on 31 December of `year` is included).
pub fn holidays_of_year(year: i32) -> Vec<UsHoliday> {
    let mut fixed: Vec<(Option<NaiveDate>, &'static str)> = Vec::new();
    let mut floating: Vec<(Option<NaiveDate>, &'static str)> = Vec::new();
    for y in [year, year + 1] {
        fixed.push((NaiveDate::from_ymd_opt(y, 1, 1), "New Year's Day"));
    }
    fixed.push((NaiveDate::from_ymd_opt(year, 7, 4), "Independence Day"));
    fixed.push((NaiveDate::from_ymd_opt(year, 12, 25), "Christmas Day"));
    if year >= 2021 {
        fixed.push((
            NaiveDate::from_ymd_opt(year, 6, 19),
            "Juneteenth National Independence Day",
        ));
    }
    if !(1971..1978).contains(&year) {
        fixed.push((NaiveDate::from_ymd_opt(year, 11, 11), "Veterans Day"));
    } else {
        floating.push((nth(year, 10, Weekday::Mon, 4), "Veterans Day"));
    }
    if year >= 1986 {
        floating.push((
            nth(year, 1, Weekday::Mon, 3),
            "Birthday of Martin Luther King, Jr.",
        ));
    }
    if year >= 1971 {
        floating.push((nth(year, 2, Weekday::Mon, 3), "Washington's Birthday"));
        floating.push((last_monday_of_may(year), "Memorial Day"));
        floating.push((nth(year, 10, Weekday::Mon, 2), "Columbus Day"));
    } else {
        fixed.push((
            NaiveDate::from_ymd_opt(year, 2, 22),
            "Washington's Birthday",
        ));
        fixed.push((NaiveDate::from_ymd_opt(year, 5, 30), "Memorial Day"));
    }
    floating.push((nth(year, 9, Weekday::Mon, 1), "Labor Day"));
    floating.push((nth(year, 11, Weekday::Thu, 4), "Thanksgiving Day"));
    if year >= 1965 && (year - 1965) % 4 == 0 {
        if let Some(d) = NaiveDate::from_ymd_opt(year, 1, 20) {
            let d = if d.weekday() == Weekday::Sun {
                d + Duration::days(1)
            } else {
                d
            };
            floating.push((Some(d), "Inauguration Day"));
        }
    }

    let mut out = Vec::new();
    for (date, name) in fixed {
        let Some(date) = date else { continue };
        let (observed_date, observed) = match date.weekday() {
            Weekday::Sat => (date - Duration::days(1), true),
            Weekday::Sun => (date + Duration::days(1), true),
            _ => (date, false),
        };
        out.push(UsHoliday {
            date: observed_date,
            name,
            observed,
        });
    }
    for (date, name) in floating.into_iter() {
        if let Some(date) = date {
            out.push(UsHoliday {
                date,
                name,
                observed: false,
            });
        }
    }
    out.retain(|h| h.date.year() == year);
    out.sort_by_key(|h| h.date);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[rstest]
    #[case(
        "2021-06-18",
        "Juneteenth 2021 fell on Saturday: observed Friday 18 June"
    )]
    #[case(
        "2022-06-20",
        "Juneteenth 2022 fell on Sunday: observed Monday 20 June"
    )]
    #[case(
        "2021-12-31",
        "New Year's Day 2022 fell on Saturday: observed Friday 31 Dec 2021"
    )]
    #[case("2021-01-20", "Inauguration Day 2021 (Wednesday)")]
    #[case("2025-01-20", "Inauguration Day 2025 coincides with MLK Day")]
    #[case("2024-11-28", "Thanksgiving 2024 is the 4th Thursday of November")]
    #[case("2024-05-27", "Memorial Day 2024 is the last Monday of May")]
    #[case("1975-10-27", "Veterans Day 1971–1977 on the 4th Monday of October")]
    #[case(
        "2023-11-10",
        "Veterans Day 2023 fell on Saturday: observed Friday 10 Nov"
    )]
    fn observed_federal_holidays(#[case] date: &str, #[case] why: &str) {
        let date = d(date);
        assert!(
            holidays_of_year(date.year()).iter().any(|h| h.date == date),
            "{why}"
        );
    }

    #[rstest]
    #[case("2020-06-19", "Juneteenth became a federal holiday only in 2021")]
    #[case("1983-01-17", "MLK Day only from 1986 (3rd Monday of January 1983)")]
    #[case("2022-01-20", "no inauguration in 2022")]
    fn not_federal_holidays(#[case] date: &str, #[case] why: &str) {
        let date = d(date);
        assert!(
            !holidays_of_year(date.year()).iter().any(|h| h.date == date),
            "{why}"
        );
    }

    #[test]
    fn eleven_holidays_in_2024() {
        assert_eq!(
            holidays_of_year(2024).len(),
            11,
            "2024: 11 federal holidays, none shifted out of the year, no inauguration"
        );
    }
}
