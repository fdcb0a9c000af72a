//! Japanese eras (和暦), dates as people type them, Excel serial dates, and fiscal years (年度).
//!
//! Contract:
//! - Era boundaries are exact (元号法 and the proclamations of each era): 明治 from 1868-10-23,
//!   大正 from 1912-07-30, 昭和 from 1926-12-25 to 1989-01-07, 平成 1989-01-08 – 2019-04-30,
//!   令和 from 2019-05-01. Year 1 of an era is written 元年 and runs from the era's first day to
//!   31 December of that Gregorian year.
//! - Japan adopted the Gregorian calendar on 明治6年1月1日 (1873-01-01); earlier 明治 dates were
//!   lunisolar and do not map day for day, so dates before 1873 are neither given an era nor
//!   accepted as era dates (patent records start in 1885 anyway).
//! - [`parse_date`] accepts what registers contain (ISO, slashes, dots, 年月日, era names, era
//!   letters `R5.3.31`, 元年, full-width digits, Excel serial numbers, a trailing time or weekday)
//!   and refuses impossible days and dates outside their era with an error saying what is wrong:
//!   `令和5年2月30日 is not a date: month 2 of 2023 has 28 days`.
//! - Excel serial numbers use the 1900 date system, including its fictitious 1900-02-29 (serial 60),
//!   which is refused rather than silently shifted.
//! - Fiscal years (年度) run 1 April – 31 March and are named by the year they start in.
//!
//! Everything works on `chrono::NaiveDate`; nothing reads the clock.

mod parse;

use std::fmt;

use chrono::{Datelike, Duration, NaiveDate};
use serde::{Deserialize, Serialize};

pub use parse::parse_date;

/// Why a text or number could not be read as a date. Each message starts with the input and says
/// what was wrong with it, so an import can print `row 3, column 出願日: <message>`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DateError {
    /// Nothing was given.
    #[error("the date is empty: write it as 2023-03-31, 2023年3月31日 or 令和5年3月31日")]
    Empty,
    /// The text has no date shape Chizai knows.
    #[error("{input} is not a date: write it as 2023-03-31, 2023/3/31, 2023年3月31日, 令和5年3月31日, R5.3.31 or an Excel serial number")]
    Unrecognised {
        /// The text as given.
        input: String,
    },
    /// The shape is right but the day does not exist (month 13, 30 February, …).
    #[error("{input} is not a date: {reason}")]
    Impossible {
        /// The text as given.
        input: String,
        /// What is wrong, e.g. `month 2 of 2023 has 28 days`.
        reason: String,
    },
    /// An era date outside its era (平成31年5月1日, 令和元年4月1日).
    #[error("{input} is not a date: {reason}")]
    OutsideEra {
        /// The text as given.
        input: String,
        /// Which boundary was crossed and what the day is called instead.
        reason: String,
    },
    /// A real day that Chizai cannot place: before 1873 or an impossible Excel serial.
    #[error("{input} is not a date: {reason}")]
    OutOfRange {
        /// The text as given.
        input: String,
        /// What range is accepted.
        reason: String,
    },
}

/// A Japanese era.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Era {
    /// 明治 (1868-10-23 – 1912-07-29).
    Meiji,
    /// 大正 (1912-07-30 – 1926-12-24).
    Taisho,
    /// 昭和 (1926-12-25 – 1989-01-07).
    Showa,
    /// 平成 (1989-01-08 – 2019-04-30).
    Heisei,
    /// 令和 (from 2019-05-01).
    Reiwa,
}

/// The first day on which Japan used the Gregorian calendar (明治6年1月1日).
pub fn gregorian_adoption() -> NaiveDate {
    ymd(1873, 1, 1)
}

fn ymd(year: i32, month: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, month, day).unwrap_or(NaiveDate::MIN)
}

impl Era {
    /// All eras, oldest first.
    pub const ALL: [Era; 5] = [Era::Meiji, Era::Taisho, Era::Showa, Era::Heisei, Era::Reiwa];

    /// The era's name: 明治, 大正, 昭和, 平成, 令和.
    pub fn name(self) -> &'static str {
        match self {
            Era::Meiji => "明治",
            Era::Taisho => "大正",
            Era::Showa => "昭和",
            Era::Heisei => "平成",
            Era::Reiwa => "令和",
        }
    }

    /// The Latin initial used in short forms (`R5.3.31`): M, T, S, H, R.
    pub fn letter(self) -> char {
        match self {
            Era::Meiji => 'M',
            Era::Taisho => 'T',
            Era::Showa => 'S',
            Era::Heisei => 'H',
            Era::Reiwa => 'R',
        }
    }

    /// The first day of the era.
    pub fn first_day(self) -> NaiveDate {
        match self {
            Era::Meiji => ymd(1868, 10, 23),
            Era::Taisho => ymd(1912, 7, 30),
            Era::Showa => ymd(1926, 12, 25),
            Era::Heisei => ymd(1989, 1, 8),
            Era::Reiwa => ymd(2019, 5, 1),
        }
    }

    /// The last day of the era, or `None` for the current one.
    pub fn last_day(self) -> Option<NaiveDate> {
        let next = match self {
            Era::Meiji => Era::Taisho,
            Era::Taisho => Era::Showa,
            Era::Showa => Era::Heisei,
            Era::Heisei => Era::Reiwa,
            Era::Reiwa => return None,
        };
        next.first_day().pred_opt()
    }

    /// The Gregorian year of the era's year `n` (元年 is 1).
    pub fn gregorian_year(self, n: u32) -> i32 {
        self.first_day().year() + n as i32 - 1
    }

    /// Whether the era contains `date`.
    pub fn contains(self, date: NaiveDate) -> bool {
        date >= self.first_day() && self.last_day().is_none_or(|last| date <= last)
    }
}

impl fmt::Display for Era {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A date written in an era: 令和8年3月31日.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WarekiDate {
    /// The era.
    pub era: Era,
    /// The year within the era, 1 for 元年.
    pub year: u32,
    /// Month 1–12.
    pub month: u32,
    /// Day of the month.
    pub day: u32,
}

impl WarekiDate {
    /// The era year as written: `元年` or `8年`.
    pub fn year_text(&self) -> String {
        era_year_text(self.year)
    }
}

fn era_year_text(year: u32) -> String {
    if year == 1 {
        "元年".to_string()
    } else {
        format!("{year}年")
    }
}

impl fmt::Display for WarekiDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}{}{}月{}日",
            self.era.name(),
            self.year_text(),
            self.month,
            self.day
        )
    }
}

/// The era in force on `date`, or `None` before the Gregorian calendar (1873-01-01).
pub fn era_of(date: NaiveDate) -> Option<Era> {
    if date < gregorian_adoption() {
        return None;
    }
    Era::ALL
        .into_iter()
        .rev()
        .find(|era| date >= era.first_day())
}

/// `date` written in its era, or `None` before 1873-01-01.
pub fn to_wareki(date: NaiveDate) -> Option<WarekiDate> {
    let era = era_of(date)?;
    Some(WarekiDate {
        era,
        year: (date.year() - era.first_day().year() + 1) as u32,
        month: date.month(),
        day: date.day(),
    })
}

/// `令和8年3月31日`; outside the eras (before 1873) the Gregorian `1850年1月1日`.
pub fn format_wareki(date: NaiveDate) -> String {
    match to_wareki(date) {
        Some(w) => w.to_string(),
        None => format_gregorian_ja(date),
    }
}

/// `2026年3月31日`.
pub fn format_gregorian_ja(date: NaiveDate) -> String {
    format!("{}年{}月{}日", date.year(), date.month(), date.day())
}

/// `2026年3月31日（令和8年）`: the form reports use, Gregorian first with the era year after.
pub fn format_date_ja(date: NaiveDate) -> String {
    match to_wareki(date) {
        Some(w) => format!(
            "{}（{}{}）",
            format_gregorian_ja(date),
            w.era.name(),
            w.year_text()
        ),
        None => format_gregorian_ja(date),
    }
}

/// `R8.3.31` (元年 is written 1 here, as on forms); before 1873 the ISO date.
pub fn format_wareki_short(date: NaiveDate) -> String {
    match to_wareki(date) {
        Some(w) => format!("{}{}.{}.{}", w.era.letter(), w.year, w.month, w.day),
        None => date.format("%Y-%m-%d").to_string(),
    }
}

/// The Excel (1900 date system) serial number of `date`, as Excel itself numbers it: days from
/// 1899-12-31, plus one from 1 March 1900 on because Excel counts a 29 February 1900.
pub fn excel_serial_of(date: NaiveDate) -> i64 {
    let days = (date - ymd(1899, 12, 31)).num_days();
    if date >= ymd(1900, 3, 1) {
        days + 1
    } else {
        days
    }
}

/// The date of an Excel serial number (1900 date system; a fraction is a time of day and is
/// dropped). Serial 60 is Excel's fictitious 1900-02-29 and is refused, as are serials below 1 and
/// beyond 9999-12-31.
pub fn from_excel_serial(serial: f64) -> Result<NaiveDate, DateError> {
    let input = format!("Excel serial {serial}");
    let whole = serial.floor();
    if !whole.is_finite() || !(1.0..=2_958_465.0).contains(&whole) {
        return Err(DateError::OutOfRange {
            input,
            reason: "Excel serial dates run from 1 (1900-01-01) to 2958465 (9999-12-31)".into(),
        });
    }
    let days = whole as i64;
    if days == 60 {
        return Err(DateError::Impossible {
            input,
            reason: "serial 60 is 1900-02-29, a day that exists only in Excel's 1900 leap-year bug"
                .into(),
        });
    }
    let base = if days < 60 {
        ymd(1899, 12, 31)
    } else {
        ymd(1899, 12, 30)
    };
    base.checked_add_signed(Duration::days(days))
        .ok_or(DateError::OutOfRange {
            input,
            reason: "beyond the dates Chizai can hold".into(),
        })
}

/// The fiscal year (年度) containing `date`, named by the year it starts in: 2026-03-31 → 2025.
pub fn fiscal_year_of(date: NaiveDate) -> i32 {
    if date.month() >= 4 {
        date.year()
    } else {
        date.year() - 1
    }
}

/// The first and last day of fiscal year `fy`: 1 April `fy` – 31 March `fy + 1`. `None` only for
/// years beyond what `NaiveDate` holds.
pub fn fiscal_year_range(fy: i32) -> Option<(NaiveDate, NaiveDate)> {
    let first = NaiveDate::from_ymd_opt(fy, 4, 1)?;
    let last = NaiveDate::from_ymd_opt(fy.checked_add(1)?, 3, 31)?;
    Some((first, last))
}

/// `2025年度（令和7年度）`. A fiscal year takes the era in force for most of it (its 1 October), as
/// ministries do: FY1988 is 昭和63年度, FY2019 is 令和元年度.
pub fn format_fiscal_year(fy: i32) -> String {
    let era_year = NaiveDate::from_ymd_opt(fy, 10, 1).and_then(to_wareki);
    match era_year {
        Some(w) => format!("{fy}年度（{}{}度）", w.era.name(), era_year_text(w.year)),
        None => format!("{fy}年度"),
    }
}

#[cfg(test)]
mod tests;
