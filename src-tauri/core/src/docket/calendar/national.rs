//! Public holidays of the PRC (CNIPA) and the ROK (KIPO), as published for each year.
//!
//! Neither calendar can be computed the way the Japanese one is: the PRC's rest days are set
//! by a State Council notice every year (with weekend days moved to working days, 调休), and the
//! ROK's follow the lunar calendar, elections and holidays the government designates. So both
//! are data (`cn.toml`, `kr.toml`), one `[[year]]` per published year with its source, and a
//! year that is not in the data is weekends only with a coverage note (like EPO/WIPO).
//!
//! Besides the holidays, the CNIPA data lists `workdays`: Saturdays and Sundays on which the
//! office is open (专利审查指南 第五部分第七章 2.3: the moved days count), so a deadline that
//! ends on one of them does not roll. The KIPO's Saturday and Workers' Day (1 May) closures come
//! from 특허법 제14조 제4호 and are added by [`super::OfficeCalendar`], not listed here.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::OnceLock;

use chrono::{Datelike, NaiveDate};
use serde::Deserialize;

use crate::docket::DocketError;

/// The CNIPA's rest days and adjusted working days, as shipped.
pub const CN_DAYS: &str = include_str!("cn.toml");
/// The KIPO's public holidays, as shipped.
pub const KR_DAYS: &str = include_str!("kr.toml");

#[derive(Debug, Deserialize)]
struct File {
    year: Vec<Year>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Year {
    year: i32,
    complete: bool,
    #[allow(dead_code)]
    source: String,
    closed: Vec<(NaiveDate, NaiveDate, String, String)>,
    #[serde(default)]
    workdays: Vec<NaiveDate>,
}

/// A named holiday of one of these calendars.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NamedDay {
    /// Japanese name.
    pub name_ja: String,
    /// English name.
    pub name_en: String,
}

/// One office's parsed data: holiday by date, open weekend days, and each year's completeness.
#[derive(Debug, Default)]
pub struct National {
    /// Rest days (weekdays and the weekend days inside a published range).
    pub days: HashMap<NaiveDate, NamedDay>,
    /// Saturdays and Sundays on which the office is open (PRC 调休).
    pub workdays: HashSet<NaiveDate>,
    /// Year → true when the year's list is complete.
    pub years: BTreeMap<i32, bool>,
}

impl National {
    /// Whether the year is in the data (`Some(complete)`), or not at all (`None`).
    pub fn year(&self, year: i32) -> Option<bool> {
        self.years.get(&year).copied()
    }
}

/// Parse and check one file: every range inside its year and in order, no day twice, every
/// working day a weekend day outside the rest days.
pub fn parse(text: &str, file: &str) -> Result<National, DocketError> {
    let bad = |msg: String| DocketError::ClosingDays(format!("{file}: {msg}"));
    let parsed: File = toml::from_str(text).map_err(|e| bad(e.to_string()))?;
    let mut out = National::default();
    for y in parsed.year {
        if out.years.insert(y.year, y.complete).is_some() {
            return Err(bad(format!("year {} is listed twice: merge them", y.year)));
        }
        for (from, to, ja, en) in y.closed {
            if from > to || from.year() != y.year || to.year() != y.year {
                return Err(bad(format!(
                    "{from}..{to} is not a range inside {}: fix the row",
                    y.year
                )));
            }
            for day in from.iter_days().take_while(|d| *d <= to) {
                let named = NamedDay {
                    name_ja: ja.clone(),
                    name_en: en.clone(),
                };
                if out.days.insert(day, named).is_some() {
                    return Err(bad(format!("{day} is in two rows: keep one")));
                }
            }
        }
        for day in y.workdays {
            if day.year() != y.year || day.weekday().num_days_from_monday() < 5 {
                return Err(bad(format!(
                    "working day {day} is not a Saturday or Sunday of {}: only moved weekend days are listed",
                    y.year
                )));
            }
            out.workdays.insert(day);
        }
    }
    if let Some(day) = out.workdays.iter().find(|d| out.days.contains_key(d)) {
        return Err(bad(format!("{day} is both a rest day and a working day")));
    }
    Ok(out)
}

/// The CNIPA data (empty when the embedded file is broken: a test keeps it parsing).
pub fn cn() -> &'static National {
    static CN: OnceLock<National> = OnceLock::new();
    CN.get_or_init(|| parse(CN_DAYS, "cn.toml").unwrap_or_default())
}

/// The KIPO data (empty when the embedded file is broken: a test keeps it parsing).
pub fn kr() -> &'static National {
    static KR: OnceLock<National> = OnceLock::new();
    KR.get_or_init(|| parse(KR_DAYS, "kr.toml").unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::super::{DayKind, OfficeCalendar};
    use super::*;
    use rstest::rstest;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn shipped_files_parse_and_cover_2015_to_the_last_published_year() {
        let cn = parse(CN_DAYS, "cn.toml").unwrap();
        let kr = parse(KR_DAYS, "kr.toml").unwrap();
        for year in 2015..=2026 {
            assert_eq!(
                cn.year(year),
                Some(true),
                "PRC {year}: the State Council notice is published"
            );
            assert_eq!(kr.year(year), Some(true), "ROK {year} is published");
        }
        assert_eq!(
            cn.year(2027),
            None,
            "the PRC's 2027 notice is not in the data: weekends only, flagged"
        );
        assert_eq!(
            kr.year(2027),
            Some(false),
            "ROK 2027: fixed and lunar days known, temporary holidays not yet"
        );
        assert!(
            kr.workdays.is_empty(),
            "the ROK does not move weekend days to working days"
        );
        assert!(
            cn.workdays.len() > 60,
            "every PRC year has its adjusted working days"
        );
    }

    #[test]
    fn bad_rows_are_refused_with_the_file_and_the_fix() {
        let crossing = "[[year]]\nyear = 2024\ncomplete = true\nsource = \"x\"\nclosed = [[\"2024-12-31\", \"2025-01-01\", \"a\", \"b\"]]\n";
        let err = parse(crossing, "cn.toml").unwrap_err().to_string();
        assert!(
            err.contains("cn.toml") && err.contains("inside 2024"),
            "{err}"
        );
        let weekday_work = "[[year]]\nyear = 2024\ncomplete = true\nsource = \"x\"\nclosed = []\nworkdays = [\"2024-02-05\"]\n";
        let err = parse(weekday_work, "cn.toml").unwrap_err().to_string();
        assert!(err.contains("not a Saturday or Sunday"), "{err}");
        let both = "[[year]]\nyear = 2024\ncomplete = true\nsource = \"x\"\nclosed = [[\"2024-02-10\", \"2024-02-11\", \"a\", \"b\"]]\nworkdays = [\"2024-02-11\"]\n";
        assert!(parse(both, "cn.toml").is_err(), "a day cannot be both");
        assert!(cn().days.contains_key(&d("2024-10-01")));
    }

    #[rstest]
    #[case("2024-02-10", true, "Spring Festival 2024 starts on Saturday 10 Feb")]
    #[case("2024-02-14", true, "a weekday inside the Spring Festival range")]
    #[case(
        "2024-02-16",
        true,
        "the last moved rest day of the 2024 Spring Festival"
    )]
    #[case(
        "2024-02-04",
        false,
        "Sunday 4 Feb 2024 is a moved working day: the CNIPA is open"
    )]
    #[case(
        "2024-02-18",
        false,
        "Sunday 18 Feb 2024 is a moved working day: the CNIPA is open"
    )]
    #[case(
        "2024-02-19",
        false,
        "the Monday after the Spring Festival is an ordinary day"
    )]
    #[case("2024-10-07", true, "National Day week 2024 runs 1–7 Oct")]
    #[case("2024-10-12", false, "Saturday 12 Oct 2024 is a moved working day")]
    #[case("2025-02-04", true, "the longer Spring Festival of 2025 ends on 4 Feb")]
    #[case(
        "2026-02-23",
        true,
        "the nine-day Spring Festival of 2026 ends on Monday 23 Feb"
    )]
    #[case("2026-02-28", false, "Saturday 28 Feb 2026 is a moved working day")]
    fn cnipa_rest_and_moved_working_days(
        #[case] date: &str,
        #[case] closed: bool,
        #[case] why: &str,
    ) {
        let cal = OfficeCalendar::for_office("CN");
        assert_eq!(cal.closed(d(date)).is_some(), closed, "{why}");
        assert_eq!(cal.is_closed(d(date)), closed, "{why} (fast path)");
    }

    #[rstest]
    #[case(
        "2024-02-09",
        "韓国の公休日 ソルラル（旧正月）",
        "Seollal 2024 is 9–11 Feb"
    )]
    #[case(
        "2024-02-12",
        "韓国の公休日 代替公休日（ソルラル）",
        "substitute day for Seollal on a Sunday"
    )]
    #[case(
        "2024-04-10",
        "韓国の公休日 国会議員選挙日",
        "the 2024 general election day"
    )]
    #[case(
        "2024-10-01",
        "韓国の公休日 国軍の日（臨時公休日）",
        "Armed Forces Day 2024, designated"
    )]
    #[case(
        "2025-05-01",
        "勤労者の日（韓国特許法第14条第4号）",
        "1 May counts for KIPO periods"
    )]
    #[case(
        "2025-10-08",
        "韓国の公休日 代替公休日（秋夕）",
        "substitute day for Chuseok 2025"
    )]
    fn kipo_holidays(#[case] date: &str, #[case] name: &str, #[case] why: &str) {
        let c = OfficeCalendar::Kipo.closed(d(date)).unwrap();
        assert_eq!(
            (c.kind, c.name_ja.as_ref()),
            (DayKind::PublicHoliday, name),
            "{why}"
        );
        assert!(OfficeCalendar::Kipo.is_closed(d(date)), "{why} (fast path)");
        assert!(
            OfficeCalendar::Kipo.closed(d("2024-02-13")).is_none(),
            "13 Feb 2024 is an ordinary Tuesday in Korea"
        );
    }

    #[test]
    fn cnipa_and_kipo_years_outside_the_data_are_flagged() {
        assert!(OfficeCalendar::Cnipa
            .coverage_note(d("2024-05-01"))
            .is_none());
        let (ja, en) = OfficeCalendar::Cnipa
            .coverage_note(d("2027-02-08"))
            .unwrap();
        assert!(ja.contains("2027") && en.contains("weekends only"), "{en}");
        assert!(OfficeCalendar::Cnipa
            .coverage_note(d("2014-10-01"))
            .is_some());
        let (_, en) = OfficeCalendar::Kipo.coverage_note(d("2027-02-08")).unwrap();
        assert!(en.contains("partly known"), "{en}");
        assert!(OfficeCalendar::Kipo
            .coverage_note(d("2026-09-25"))
            .is_none());
        assert_eq!(OfficeCalendar::for_office("kipo"), OfficeCalendar::Kipo);
    }
}
