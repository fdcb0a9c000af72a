//! Counting a period from a trigger day, and rolling its end over closed days.
//!
//! Two conventions, never mixed:
//! - [`Convention::Jpo`] — 特許法第3条第1項 (and the same article of the utility-model, design
//!   and trademark laws): the trigger day is not counted (初日不算入); a period in days ends
//!   after that many days; a period in months or years ends on the day *before* the day that
//!   corresponds, in the last month, to the first counted day, or on the last day of that month
//!   when it has no such day. So 2023-02-28 + 12 months = 2024-02-29 and 4/30 + 3 months = 7/31.
//! - [`Convention::SameDay`] — PCT Rule 80.2, EPC Rule 131(4), MPEP 710.01(a): the day with the
//!   same number in the last month, or that month's last day (4/30 + 1 month = 5/30).
//!
//! Roll-forward (特許法第3条第2項, PCT R80.5, EPC R134, 37 CFR 1.7) is separate: [`roll`] moves an
//! end to the next open day of an office and records each closed day passed with its reason.

use chrono::{Datelike, Duration, Months, NaiveDate};
use serde::{Deserialize, Serialize};

use super::calendar::{ClosedDay, OfficeCalendar};
use super::DocketError;

/// A period: years, months and days (any may be zero), e.g. `3y`, `60d`, `3y6m`.
/// Serialised as that short text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Period {
    /// Whole years.
    pub years: u32,
    /// Whole months (added to the years).
    pub months: u32,
    /// Days (added after the months).
    pub days: u32,
}

impl Period {
    /// A period of `n` days.
    pub const fn days(n: u32) -> Period {
        Period {
            years: 0,
            months: 0,
            days: n,
        }
    }
    /// A period of `n` months.
    pub const fn months(n: u32) -> Period {
        Period {
            years: 0,
            months: n,
            days: 0,
        }
    }
    /// A period of `n` years.
    pub const fn years(n: u32) -> Period {
        Period {
            years: n,
            months: 0,
            days: 0,
        }
    }

    /// Total months (years × 12 + months).
    pub fn total_months(self) -> u32 {
        self.years * 12 + self.months
    }

    /// Parse `60d`, `3m`, `1y`, `3y6m`, `0d`.
    pub fn parse(text: &str) -> Result<Period, DocketError> {
        let bad = || DocketError::BadPeriod(text.to_string());
        let mut p = Period::default();
        let mut number = String::new();
        let mut seen = false;
        for c in text.trim().chars() {
            if c.is_ascii_digit() {
                number.push(c);
                continue;
            }
            let n: u32 = number.parse().map_err(|_| bad())?;
            number.clear();
            match c {
                'y' => p.years += n,
                'm' => p.months += n,
                'd' => p.days += n,
                _ => return Err(bad()),
            }
            seen = true;
        }
        if !number.is_empty() || !seen {
            return Err(bad());
        }
        Ok(p)
    }

    /// Japanese label: 3年, 60日, 3年6月.
    pub fn label_ja(self) -> String {
        let mut s = String::new();
        if self.years > 0 {
            s.push_str(&format!("{}年", self.years));
        }
        if self.months > 0 {
            s.push_str(&format!("{}月", self.months));
        }
        if self.days > 0 || s.is_empty() {
            s.push_str(&format!("{}日", self.days));
        }
        s
    }

    /// English label: 3 years, 60 days, 3 years 6 months.
    pub fn label_en(self) -> String {
        let mut parts = Vec::new();
        let plural = |n: u32, one: &str| format!("{n} {one}{}", if n == 1 { "" } else { "s" });
        if self.years > 0 {
            parts.push(plural(self.years, "year"));
        }
        if self.months > 0 {
            parts.push(plural(self.months, "month"));
        }
        if self.days > 0 || parts.is_empty() {
            parts.push(plural(self.days, "day"));
        }
        parts.join(" ")
    }
}

impl TryFrom<String> for Period {
    type Error = DocketError;
    fn try_from(text: String) -> Result<Self, Self::Error> {
        Period::parse(&text)
    }
}

impl From<Period> for String {
    fn from(p: Period) -> String {
        p.to_string()
    }
}

impl std::fmt::Display for Period {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.years > 0 {
            write!(f, "{}y", self.years)?;
        }
        if self.months > 0 {
            write!(f, "{}m", self.months)?;
        }
        if self.days > 0 || (self.years == 0 && self.months == 0) {
            write!(f, "{}d", self.days)?;
        }
        Ok(())
    }
}

/// How the end of a period is found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Convention {
    /// 特許法第3条: 初日不算入, the day before the corresponding day, month-end rule.
    Jpo,
    /// PCT R80.2 / EPC R131(4) / US: the same day number, or the last day of the month.
    SameDay,
}

impl Convention {
    /// Japanese description for explanations.
    pub fn label_ja(self) -> &'static str {
        match self {
            Convention::Jpo => "特許法第3条（初日不算入・応当日の前日・月末）",
            Convention::SameDay => "応当日（同じ日付、なければ月末）PCT規則80.2/EPC規則131(4)",
        }
    }
    /// English description for explanations.
    pub fn label_en(self) -> &'static str {
        match self {
            Convention::Jpo => "JP Patent Act Art. 3 (first day not counted, month-end rule)",
            Convention::SameDay => "same day number or month end (PCT R80.2 / EPC R131(4) / US)",
        }
    }
}

fn last_day_of_month(year: i32, month: u32) -> Option<NaiveDate> {
    let first = NaiveDate::from_ymd_opt(year, month, 1)?;
    let next = first.checked_add_months(Months::new(1))?;
    next.pred_opt()
}

/// The day with number `day` in the month `months` after `from`'s month, or that month's last day.
fn same_day_in_month(from: NaiveDate, months: u32, day: u32) -> Option<NaiveDate> {
    let first = NaiveDate::from_ymd_opt(from.year(), from.month(), 1)?;
    let target = first.checked_add_months(Months::new(months))?;
    NaiveDate::from_ymd_opt(target.year(), target.month(), day)
        .or_else(|| last_day_of_month(target.year(), target.month()))
}

/// The last day of `period` from `trigger` under `convention` (not rolled).
pub fn end_of_period(
    trigger: NaiveDate,
    period: Period,
    convention: Convention,
) -> Result<NaiveDate, DocketError> {
    let out_of_range = || DocketError::OutOfRange(trigger, period.to_string());
    let months = period.total_months();
    let after_months = if months == 0 {
        trigger
    } else {
        match convention {
            Convention::SameDay => {
                same_day_in_month(trigger, months, trigger.day()).ok_or_else(out_of_range)?
            }
            Convention::Jpo => {
                let first_counted = trigger.succ_opt().ok_or_else(out_of_range)?;
                let first = NaiveDate::from_ymd_opt(first_counted.year(), first_counted.month(), 1)
                    .ok_or_else(out_of_range)?;
                let target = first
                    .checked_add_months(Months::new(months))
                    .ok_or_else(out_of_range)?;
                match NaiveDate::from_ymd_opt(target.year(), target.month(), first_counted.day()) {
                    Some(corresponding) => corresponding.pred_opt().ok_or_else(out_of_range)?,
                    None => {
                        last_day_of_month(target.year(), target.month()).ok_or_else(out_of_range)?
                    }
                }
            }
        }
    };
    after_months
        .checked_add_signed(Duration::days(i64::from(period.days)))
        .ok_or_else(out_of_range)
}

/// Move `end` to the office's next open day, returning it and every closed day passed.
pub fn roll(end: NaiveDate, calendar: OfficeCalendar) -> (NaiveDate, Vec<ClosedDay>) {
    calendar.next_open_day(end)
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
        "2023-02-28",
        "12m",
        "2024-02-29",
        "trigger on a month end ends on a month end (rules.md)"
    )]
    #[case("2024-04-30", "3m", "2024-07-31", "4/30 + 3 months = 7/31 (rules.md)")]
    #[case("2023-02-28", "6m", "2023-08-31", "2/28 + 6 months = 8/31 (rules.md)")]
    #[case("2024-09-30", "3m", "2024-12-31", "9/30 + 3 months = 12/31 (rules.md)")]
    #[case(
        "2024-01-30",
        "1m",
        "2024-02-29",
        "first counted day 1/31: Feb has no 31st, month end"
    )]
    #[case(
        "2024-01-15",
        "1m",
        "2024-02-15",
        "ordinary: the corresponding day minus one = same number"
    )]
    #[case(
        "2020-03-10",
        "20y",
        "2040-03-10",
        "term of 20 years ends on the anniversary day"
    )]
    #[case(
        "2024-02-29",
        "1y",
        "2025-02-28",
        "first counted day 3/1: day before 2025-03-01"
    )]
    #[case(
        "2024-12-31",
        "2m",
        "2025-02-28",
        "first counted day 1/1: day before 3/1 is Feb's last"
    )]
    #[case(
        "2024-01-10",
        "60d",
        "2024-03-10",
        "60 days: 21 in Jan + 29 in Feb + 10 in Mar"
    )]
    #[case("2024-03-31", "3y", "2027-03-31", "3 years from a month end")]
    fn jpo_convention(
        #[case] trigger: &str,
        #[case] p: &str,
        #[case] want: &str,
        #[case] why: &str,
    ) {
        let got = end_of_period(d(trigger), Period::parse(p).unwrap(), Convention::Jpo).unwrap();
        assert_eq!(got, d(want), "{why}");
    }

    #[rstest]
    #[case("2024-04-30", "1m", "2024-05-30", "4/30 + 1 month = 5/30 (rules.md)")]
    #[case(
        "2023-02-28",
        "12m",
        "2024-02-28",
        "same day number, no month-end rule"
    )]
    #[case("2024-01-31", "1m", "2024-02-29", "Feb has no 31st: last day of Feb")]
    #[case("2024-08-31", "6m", "2025-02-28", "Feb 2025 has no 31st")]
    #[case("2022-02-28", "30m", "2024-08-28", "PCT 30 months keep the day number")]
    #[case("2020-05-12", "3y6m", "2023-11-12", "US maintenance 3.5 years")]
    fn same_day_convention(
        #[case] trigger: &str,
        #[case] p: &str,
        #[case] want: &str,
        #[case] why: &str,
    ) {
        let got =
            end_of_period(d(trigger), Period::parse(p).unwrap(), Convention::SameDay).unwrap();
        assert_eq!(got, d(want), "{why}");
    }

    #[rstest]
    #[case("60d", Period::days(60))]
    #[case("3y6m", Period { years: 3, months: 6, days: 0 })]
    #[case("0d", Period::days(0))]
    fn parse_periods(#[case] text: &str, #[case] want: Period) {
        assert_eq!(Period::parse(text).unwrap(), want, "{text}");
        assert_eq!(
            Period::parse(&want.to_string()).unwrap(),
            want,
            "display round-trips"
        );
    }

    #[rstest]
    #[case("")]
    #[case("3")]
    #[case("3w")]
    #[case("m")]
    fn bad_periods(#[case] text: &str) {
        assert!(Period::parse(text).is_err(), "`{text}` is not a period");
    }

    #[test]
    fn roll_over_year_end_lists_each_day() {
        let (due, passed) = roll(d("2025-12-29"), OfficeCalendar::Jpo);
        assert_eq!(
            due,
            d("2026-01-05"),
            "29 Dec – 3 Jan closed, 4 Jan a Sunday"
        );
        let reasons: Vec<_> = passed.iter().map(|c| c.name_ja.as_str()).collect();
        assert_eq!(
            reasons,
            [
                "年末年始",
                "年末年始",
                "年末年始",
                "元日",
                "年末年始",
                "年末年始",
                "日曜日"
            ],
            "each day rolled over with its reason"
        );
    }
}
