//! Which days an office is closed, and why.
//!
//! - **JPO**: 行政機関の休日 (行政機関の休日に関する法律第1条, the days 特許法第3条第2項 points
//!   to): Saturdays, Sundays, national/substitute/citizens' holidays and one-off days
//!   ([`jp`]), and 29 December – 3 January.
//! - **USPTO**: Saturdays, Sundays and federal holidays within the District of Columbia
//!   (37 CFR 1.7(a), [`us`]).
//! - **EPO** (EPC Rule 134(1)) and **WIPO** (the International Bureau, PCT Rule 80.5): weekends
//!   plus the closing days the office publishes each year, kept as data in
//!   `calendar/closing_days.toml`. For a year not in that file only weekends are known, and
//!   [`OfficeCalendar::coverage_note`] says so.
//! - **CNIPA** (专利法实施细则 2023 第五条, 专利审查指南 第五部分第七章 2.3): the PRC's public
//!   holidays as the State Council arranges them each year, and weekends, except the weekend
//!   days the same notice makes working days (调休), on which the office is open ([`national`]).
//! - **KIPO** (특허법 제14조 제4호): the ROK's public holidays (관공서의 공휴일에 관한 규정, incl.
//!   lunar, substitute, election and temporary holidays), Saturdays, Sundays and Workers' Day
//!   (1 May) ([`national`]).
//! - CNIPA and KIPO years not in their data are weekends only, flagged like EPO/WIPO.
//! - **Weekends only**: offices whose closing days Chizai does not keep (TW, DE, …).
//!
//! Kinds are reported with the most specific reason first: a holiday on a Saturday is the
//! holiday; 3 January on a Saturday is 年末年始. Lookups are served from tables built once.

pub mod jp;
pub mod national;
pub mod us;

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};
use std::sync::OnceLock;

use chrono::{Datelike, Duration, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};

use super::DocketError;

/// Why a day is closed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DayKind {
    /// 国民の祝日 (第2条).
    National,
    /// 振替休日 (第3条第2項).
    Substitute,
    /// 国民の休日 (第3条第3項).
    Citizens,
    /// A one-off day made a holiday by a special law (大喪の礼, 即位の日, …).
    Special,
    /// 年末年始: 29 December – 3 January (行政機関の休日に関する法律第1条第1項第3号).
    YearEnd,
    /// Saturday or Sunday.
    Weekend,
    /// A US federal holiday (5 U.S.C. 6103), as observed.
    Federal,
    /// A closing day published by the office (EPO, WIPO).
    OfficeClosure,
    /// A public holiday of the PRC or the ROK (incl. moved, substitute, election and temporary
    /// days, and the KIPO's Workers' Day).
    PublicHoliday,
}

/// A day on which an office is closed, with the reason in Japanese and English.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClosedDay {
    /// The day.
    pub date: NaiveDate,
    /// Why it is closed.
    pub kind: DayKind,
    /// Reason in Japanese (e.g. 「日曜日」「年末年始」「憲法記念日」).
    pub name_ja: Cow<'static, str>,
    /// Reason in English.
    pub name_en: Cow<'static, str>,
    /// True for Japanese holidays of years beyond the Cabinet Office's official list.
    pub predicted: bool,
}

/// The closed-day calendar of one office.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum OfficeCalendar {
    /// Japan Patent Office.
    Jpo,
    /// United States Patent and Trademark Office.
    Uspto,
    /// European Patent Office.
    Epo,
    /// WIPO International Bureau (PCT).
    Wipo,
    /// China National Intellectual Property Administration.
    Cnipa,
    /// Korean Intellectual Property Office.
    Kipo,
    /// An office whose closing days are not kept: weekends only.
    WeekendsOnly,
}

impl OfficeCalendar {
    /// The calendar that governs periods before an office code (JP, US, EP, WO/IB/PCT, CN, KR,
    /// others).
    pub fn for_office(code: &str) -> OfficeCalendar {
        match code.to_ascii_uppercase().as_str() {
            "JP" | "JPO" => OfficeCalendar::Jpo,
            "US" | "USPTO" => OfficeCalendar::Uspto,
            "EP" | "EPO" => OfficeCalendar::Epo,
            "WO" | "IB" | "WIPO" | "PCT" => OfficeCalendar::Wipo,
            "CN" | "CNIPA" => OfficeCalendar::Cnipa,
            "KR" | "KIPO" => OfficeCalendar::Kipo,
            _ => OfficeCalendar::WeekendsOnly,
        }
    }

    /// Short label for explanations (JPO, USPTO, EPO, WIPO, CNIPA, KIPO, weekends only).
    pub fn label(self) -> &'static str {
        match self {
            OfficeCalendar::Jpo => "JPO",
            OfficeCalendar::Uspto => "USPTO",
            OfficeCalendar::Epo => "EPO",
            OfficeCalendar::Wipo => "WIPO",
            OfficeCalendar::Cnipa => "CNIPA",
            OfficeCalendar::Kipo => "KIPO",
            OfficeCalendar::WeekendsOnly => "weekends only",
        }
    }

    /// Whether the office is closed on `date` (fast path of [`OfficeCalendar::closed`]).
    pub fn is_closed(self, date: NaiveDate) -> bool {
        let weekend = matches!(date.weekday(), Weekday::Sat | Weekday::Sun);
        if self == OfficeCalendar::Cnipa {
            // A moved working day (调休) is open although it is a Saturday or Sunday.
            let cn = national::cn();
            return cn.days.contains_key(&date) || (weekend && !cn.workdays.contains(&date));
        }
        if weekend {
            return true;
        }
        match self {
            OfficeCalendar::Jpo => is_year_end(date) || jp_table().contains_key(&date),
            OfficeCalendar::Uspto => us_table().contains_key(&date),
            OfficeCalendar::Epo | OfficeCalendar::Wipo => {
                listed().days.contains_key(&(self.label(), date))
            }
            OfficeCalendar::Kipo => national::kr().days.contains_key(&date) || is_may_day(date),
            OfficeCalendar::Cnipa | OfficeCalendar::WeekendsOnly => false,
        }
    }

    /// The reason the office is closed on `date`, or `None` when it is open.
    pub fn closed(self, date: NaiveDate) -> Option<ClosedDay> {
        let holiday = match self {
            OfficeCalendar::Jpo => jp_table().get(&date).map(|h| ClosedDay {
                date,
                kind: h.kind,
                name_ja: Cow::Borrowed(h.name_ja),
                name_en: Cow::Borrowed(h.name_en),
                predicted: date.year() > jp::LAST_OFFICIAL_YEAR,
            }),
            OfficeCalendar::Uspto => us_table().get(&date).map(|h| ClosedDay {
                date,
                kind: DayKind::Federal,
                name_ja: Cow::Owned(format!("米国連邦祝日 {}", h.name)),
                name_en: if h.observed {
                    Cow::Owned(format!("{} (observed)", h.name))
                } else {
                    Cow::Borrowed(h.name)
                },
                predicted: false,
            }),
            OfficeCalendar::Epo | OfficeCalendar::Wipo => listed()
                .days
                .get(&(self.label(), date))
                .map(|name| ClosedDay {
                    date,
                    kind: DayKind::OfficeClosure,
                    name_ja: Cow::Owned(format!("{}閉庁日 {name}", self.label())),
                    name_en: Cow::Owned(format!("{} closing day: {name}", self.label())),
                    predicted: false,
                }),
            OfficeCalendar::Cnipa => national::cn().days.get(&date).map(|h| ClosedDay {
                date,
                kind: DayKind::PublicHoliday,
                name_ja: Cow::Owned(format!("中国の休日 {}", h.name_ja)),
                name_en: Cow::Owned(format!("PRC public holiday: {}", h.name_en)),
                predicted: false,
            }),
            OfficeCalendar::Kipo => national::kr()
                .days
                .get(&date)
                .map(|h| ClosedDay {
                    date,
                    kind: DayKind::PublicHoliday,
                    name_ja: Cow::Owned(format!("韓国の公休日 {}", h.name_ja)),
                    name_en: Cow::Owned(format!("ROK public holiday: {}", h.name_en)),
                    predicted: false,
                })
                .or_else(|| {
                    is_may_day(date).then_some(ClosedDay {
                        date,
                        kind: DayKind::PublicHoliday,
                        name_ja: Cow::Borrowed("勤労者の日（韓国特許法第14条第4号）"),
                        name_en: Cow::Borrowed("Workers' Day (KR Patent Act Art. 14(iv))"),
                        predicted: false,
                    })
                }),
            OfficeCalendar::WeekendsOnly => None,
        };
        if holiday.is_some() {
            return holiday;
        }
        if self == OfficeCalendar::Cnipa && national::cn().workdays.contains(&date) {
            return None;
        }
        if self == OfficeCalendar::Jpo && is_year_end(date) {
            return Some(ClosedDay {
                date,
                kind: DayKind::YearEnd,
                name_ja: Cow::Borrowed("年末年始"),
                name_en: Cow::Borrowed("year-end closure (29 Dec – 3 Jan)"),
                predicted: false,
            });
        }
        match date.weekday() {
            Weekday::Sat => Some(weekend(date, "土曜日", "Saturday")),
            Weekday::Sun => Some(weekend(date, "日曜日", "Sunday")),
            _ => None,
        }
    }

    /// Every closed day from `from` to `to` inclusive, in order.
    pub fn closed_days(self, from: NaiveDate, to: NaiveDate) -> Vec<ClosedDay> {
        from.iter_days()
            .take_while(|d| *d <= to)
            .filter_map(|d| self.closed(d))
            .collect()
    }

    /// The first day on or after `date` on which the office is open, with every closed day
    /// passed over (empty when `date` itself is open).
    pub fn next_open_day(self, date: NaiveDate) -> (NaiveDate, Vec<ClosedDay>) {
        let mut day = date;
        let mut passed = Vec::new();
        // A run of closed days never exceeds a few weeks; the bound guards bad data.
        for _ in 0..366 {
            match self.closed(day) {
                Some(c) => passed.push(c),
                None => return (day, passed),
            }
            day += Duration::days(1);
        }
        (day, passed)
    }

    /// A warning when the closed days of `date`'s year are not fully known: a Japanese year
    /// beyond the official list (predicted), or an EPO/WIPO year missing from the data.
    pub fn coverage_note(self, date: NaiveDate) -> Option<(String, String)> {
        let year = date.year();
        match self {
            OfficeCalendar::Jpo if year > jp::LAST_OFFICIAL_YEAR => Some((
                format!("{year}年の祝日は内閣府の公表前の予測（春分・秋分は天文計算）"),
                format!("{year} Japanese holidays are predicted (not yet officially published)"),
            )),
            OfficeCalendar::Epo | OfficeCalendar::Wipo => {
                match listed().years.get(&(self.label(), year)) {
                    Some(true) => None,
                    Some(false) => Some((
                        format!("{}の{year}年閉庁日データは一部のみ: 公報で確認", self.label()),
                        format!("{} closing days for {year} are only partly known: check the official list", self.label()),
                    )),
                    None => Some((
                        format!("{}の{year}年閉庁日データなし（週末のみ考慮）: 公報で確認", self.label()),
                        format!("{} closing days for {year} are not in the data (weekends only): check the official list", self.label()),
                    )),
                }
            }
            OfficeCalendar::Cnipa | OfficeCalendar::Kipo => {
                let (data, ja, en) = if self == OfficeCalendar::Cnipa {
                    (national::cn(), "中国", "PRC")
                } else {
                    (national::kr(), "韓国", "ROK")
                };
                match data.year(year) {
                    Some(true) => None,
                    Some(false) => Some((
                        format!("{ja}の{year}年の休日は一部のみ既知（臨時の休日が未指定の可能性）: 公示で確認"),
                        format!("{en} holidays for {year} are only partly known (a temporary holiday may still be designated): check the official notice"),
                    )),
                    None => Some((
                        format!("{ja}の{year}年の休日データなし（週末のみ考慮）: 公示で確認"),
                        format!("{en} holidays for {year} are not known (weekends only): check the official notice"),
                    )),
                }
            }
            OfficeCalendar::WeekendsOnly => Some((
                "この庁の閉庁日データなし（週末のみ考慮）".to_string(),
                "this office's closing days are not kept (weekends only): check locally"
                    .to_string(),
            )),
            _ => None,
        }
    }
}

fn weekend(date: NaiveDate, ja: &'static str, en: &'static str) -> ClosedDay {
    ClosedDay {
        date,
        kind: DayKind::Weekend,
        name_ja: Cow::Borrowed(ja),
        name_en: Cow::Borrowed(en),
        predicted: false,
    }
}

/// Workers' Day (근로자의 날, 1 May): the KIPO counts it a holiday for periods (특허법 제14조 제4호).
fn is_may_day(date: NaiveDate) -> bool {
    (date.month(), date.day()) == (5, 1)
}

fn is_year_end(date: NaiveDate) -> bool {
    matches!((date.month(), date.day()), (12, 29..=31) | (1, 1..=3))
}

/// Last year for which holiday tables are built; later dates are weekends (and 年末年始) only.
const LAST_TABLE_YEAR: i32 = 2200;

fn jp_table() -> &'static HashMap<NaiveDate, jp::JpHoliday> {
    static TABLE: OnceLock<HashMap<NaiveDate, jp::JpHoliday>> = OnceLock::new();
    TABLE.get_or_init(|| {
        (jp::FIRST_YEAR..=LAST_TABLE_YEAR)
            .flat_map(jp::holidays_of_year)
            .map(|h| (h.date, h))
            .collect()
    })
}

fn us_table() -> &'static HashMap<NaiveDate, us::UsHoliday> {
    static TABLE: OnceLock<HashMap<NaiveDate, us::UsHoliday>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut map = HashMap::new();
        for h in (1900..=LAST_TABLE_YEAR).flat_map(us::holidays_of_year) {
            map.entry(h.date).or_insert(h);
        }
        map
    })
}

/// Japanese holidays (national, substitute, citizens', one-off) between two dates inclusive,
/// without weekends or 年末年始, each flagged `predicted` beyond the official list.
pub fn jp_holidays(from: NaiveDate, to: NaiveDate) -> Vec<ClosedDay> {
    (from.year()..=to.year())
        .flat_map(jp::holidays_of_year)
        .filter(|h| h.date >= from && h.date <= to)
        .map(|h| ClosedDay {
            date: h.date,
            kind: h.kind,
            name_ja: Cow::Borrowed(h.name_ja),
            name_en: Cow::Borrowed(h.name_en),
            predicted: h.date.year() > jp::LAST_OFFICIAL_YEAR,
        })
        .collect()
}

#[derive(Debug, Deserialize)]
struct ListedFile {
    year: Vec<ListedYear>,
    day: Vec<ListedDay>,
}

#[derive(Debug, Deserialize)]
struct ListedYear {
    office: String,
    year: i32,
    complete: bool,
    #[allow(dead_code)]
    source: String,
}

#[derive(Debug, Deserialize)]
struct ListedDay {
    office: String,
    date: NaiveDate,
    name: String,
}

/// Parsed `closing_days.toml`: (office label, date) → name; (office label, year) → complete.
struct Listed {
    days: HashMap<(&'static str, NaiveDate), String>,
    years: BTreeMap<(&'static str, i32), bool>,
}

/// The EPO and WIPO closing days as shipped.
pub const CLOSING_DAYS: &str = include_str!("calendar/closing_days.toml");

fn office_label(office: &str) -> Result<&'static str, DocketError> {
    match office {
        "EPO" => Ok("EPO"),
        "WIPO" => Ok("WIPO"),
        other => Err(DocketError::ClosingDays(format!(
            "office `{other}` is not EPO or WIPO: fix the row in closing_days.toml"
        ))),
    }
}

fn parse_listed(text: &str) -> Result<Listed, DocketError> {
    let file: ListedFile =
        toml::from_str(text).map_err(|e| DocketError::ClosingDays(e.to_string()))?;
    let mut years = BTreeMap::new();
    for y in file.year {
        years.insert((office_label(&y.office)?, y.year), y.complete);
    }
    let mut days = HashMap::new();
    for d in file.day {
        let label = office_label(&d.office)?;
        if !years.contains_key(&(label, d.date.year()))
            && !years.contains_key(&(label, d.date.year() + 1))
            && !years.contains_key(&(label, d.date.year() - 1))
        {
            return Err(DocketError::ClosingDays(format!(
                "{} {} belongs to no [[year]] with a source: add the year first",
                d.office, d.date
            )));
        }
        days.insert((label, d.date), d.name);
    }
    Ok(Listed { days, years })
}

fn listed() -> &'static Listed {
    static LISTED: OnceLock<Listed> = OnceLock::new();
    LISTED.get_or_init(|| {
        // The file is embedded and checked by a test; a broken edit degrades to weekends only.
        parse_listed(CLOSING_DAYS).unwrap_or(Listed {
            days: HashMap::new(),
            years: BTreeMap::new(),
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn closing_days_file_parses_and_every_day_has_a_sourced_year() {
        let listed = parse_listed(CLOSING_DAYS).unwrap();
        assert!(listed.days.len() > 50, "EPO and WIPO days are shipped");
        for (office, date) in listed.days.keys() {
            assert!(
                !matches!(date.weekday(), Weekday::Sat | Weekday::Sun),
                "{office} {date}: weekends are implicit, a listed weekend day is a typo"
            );
        }
    }

    #[rstest]
    #[case(OfficeCalendar::Jpo, "2026-01-03", DayKind::YearEnd, "年末年始")]
    #[case(OfficeCalendar::Jpo, "2026-01-04", DayKind::Weekend, "日曜日")]
    #[case(OfficeCalendar::Jpo, "2026-01-01", DayKind::National, "元日")]
    #[case(OfficeCalendar::Jpo, "2019-05-01", DayKind::Special, "天皇の即位の日")]
    #[case(OfficeCalendar::Jpo, "2019-04-30", DayKind::Citizens, "国民の休日")]
    #[case(OfficeCalendar::Jpo, "2021-08-09", DayKind::Substitute, "振替休日")]
    #[case(OfficeCalendar::Jpo, "2020-07-24", DayKind::National, "スポーツの日")]
    #[case(
        OfficeCalendar::Uspto,
        "2024-07-04",
        DayKind::Federal,
        "米国連邦祝日 Independence Day"
    )]
    #[case(
        OfficeCalendar::Epo,
        "2024-12-24",
        DayKind::OfficeClosure,
        "EPO閉庁日 Christmas Eve"
    )]
    fn closed_day_reasons(
        #[case] cal: OfficeCalendar,
        #[case] date: &str,
        #[case] kind: DayKind,
        #[case] name: &str,
    ) {
        let c = cal.closed(d(date)).unwrap();
        assert_eq!(
            (c.kind, c.name_ja.as_ref()),
            (kind, name),
            "{date} at {cal:?}"
        );
        assert!(cal.is_closed(d(date)), "fast path agrees for {date}");
    }

    #[rstest]
    #[case(
        OfficeCalendar::Jpo,
        "2026-12-28",
        "Monday 28 Dec is a working day at the JPO"
    )]
    #[case(OfficeCalendar::Jpo, "2019-12-23", "no 天皇誕生日 in 2019")]
    #[case(
        OfficeCalendar::Uspto,
        "2026-12-28",
        "USPTO open the Monday after Christmas"
    )]
    #[case(OfficeCalendar::Epo, "2025-03-03", "an ordinary Monday at the EPO")]
    fn open_days(#[case] cal: OfficeCalendar, #[case] date: &str, #[case] why: &str) {
        assert!(cal.closed(d(date)).is_none(), "{why}");
        assert!(!cal.is_closed(d(date)), "{why} (fast path)");
    }

    #[test]
    fn golden_week_2019_is_a_run_of_ten_closed_days() {
        let (open, passed) = OfficeCalendar::Jpo.next_open_day(d("2019-04-27"));
        assert_eq!(
            open,
            d("2019-05-07"),
            "27 Apr – 6 May 2019: weekend, 祝日, 休日 all closed"
        );
        assert_eq!(passed.len(), 10, "every day from 27 Apr to 6 May is listed");
    }

    #[test]
    fn predicted_beyond_the_official_list() {
        let days = jp_holidays(d("2027-01-01"), d("2028-12-31"));
        assert!(days
            .iter()
            .filter(|h| h.date.year() == 2027)
            .all(|h| !h.predicted));
        assert!(
            days.iter()
                .filter(|h| h.date.year() == 2028)
                .all(|h| h.predicted),
            "2028 is beyond the official list"
        );
        assert!(OfficeCalendar::Jpo.coverage_note(d("2028-03-20")).is_some());
    }

    #[test]
    fn epo_unknown_year_is_flagged() {
        assert!(OfficeCalendar::Epo.coverage_note(d("2031-05-01")).is_some());
        assert!(OfficeCalendar::Epo.coverage_note(d("2023-05-01")).is_none());
    }
}
