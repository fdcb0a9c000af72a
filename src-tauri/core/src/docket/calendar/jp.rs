//! Japanese national holidays computed from 国民の祝日に関する法律 (昭和23年法律第178号) and its
//! history, for any year from 1949.
//!
//! Order matters and follows the law: first the 国民の祝日 of the year (第2条, including the
//! one-off days that special laws made holidays or 祝日扱い), then 振替休日 (第3条第2項, from
//! 1973-04-12), then 国民の休日 (第3条第3項, from 1985-12-27), both derived from the 祝日 only.
//!
//! The equinox days are fixed each year in the 官報 (the February before); the astronomical
//! formula used here reproduces every official date from 1955 and predicts later years. The
//! Cabinet Office list ends at [`LAST_OFFICIAL_YEAR`]; later days are marked predicted.

use chrono::{Datelike, Duration, NaiveDate, Weekday};

use super::DayKind;

/// Last year of the Cabinet Office's official list (内閣府 syukujitsu.csv) this build knows.
pub const LAST_OFFICIAL_YEAR: i32 = 2027;

/// First year computed from the law (enacted 1948-07-20; its first full year).
pub const FIRST_YEAR: i32 = 1949;

/// One Japanese holiday of a given year.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct JpHoliday {
    /// The day.
    pub date: NaiveDate,
    /// National holiday, substitute, citizens' or one-off.
    pub kind: DayKind,
    /// Name as the law (or the special law) gives it.
    pub name_ja: &'static str,
    /// English name.
    pub name_en: &'static str,
}

/// One-off holidays made by special laws (kind `Special`): (date, JA, EN).
const ONE_OFF: [(i32, u32, u32, &str, &str); 6] = [
    (
        1959,
        4,
        10,
        "結婚の儀",
        "Wedding of Crown Prince Akihito (special law)",
    ),
    (
        1989,
        2,
        24,
        "大喪の礼",
        "Funeral of Emperor Showa (special law)",
    ),
    (
        1990,
        11,
        12,
        "即位礼正殿の儀",
        "Enthronement ceremony of Emperor Akihito (special law)",
    ),
    (
        1993,
        6,
        9,
        "結婚の儀",
        "Wedding of Crown Prince Naruhito (special law)",
    ),
    (
        2019,
        5,
        1,
        "天皇の即位の日",
        "Day of the Emperor's accession (special law, 祝日扱い)",
    ),
    (
        2019,
        10,
        22,
        "即位礼正殿の儀の行われる日",
        "Enthronement ceremony day (special law, 祝日扱い)",
    ),
];

fn ymd(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d)
}

/// The `n`th (1-based) `weekday` of a month.
fn nth_weekday(y: i32, m: u32, weekday: Weekday, n: u32) -> Option<NaiveDate> {
    NaiveDate::from_weekday_of_month_opt(y, m, weekday, n as u8)
}

/// Day of the vernal equinox (春分日) in March by the standard formula for 1900–2150.
pub fn vernal_equinox_day(year: i32) -> u32 {
    equinox_day(year, [20.8357, 20.8431, 21.8510])
}

/// Day of the autumnal equinox (秋分日) in September by the standard formula for 1900–2150.
pub fn autumnal_equinox_day(year: i32) -> u32 {
    equinox_day(year, [23.2588, 23.2488, 24.2488])
}

fn equinox_day(year: i32, base: [f64; 3]) -> u32 {
    let y = f64::from(year);
    let (b, leap_base) = if year < 1980 {
        (base[0], 1983.0)
    } else if year < 2100 {
        (base[1], 1980.0)
    } else {
        (base[2], 1980.0)
    };
    // `int()` of the published formula truncates toward zero (it matters before 1983).
    let value = b + 0.242194 * (y - 1980.0) - ((y - leap_base) / 4.0).trunc();
    // The formula yields 19–24: always a valid day number.
    value.floor() as u32
}

/// The 国民の祝日 of a year (第2条 as in force that year, with the Olympic moves of 2020/2021
/// and the one-off days), unordered.
fn national_days(y: i32) -> Vec<JpHoliday> {
    let mut out: Vec<JpHoliday> = Vec::with_capacity(20);
    let mut push = |date: Option<NaiveDate>, name_ja: &'static str, name_en: &'static str| {
        if let Some(date) = date {
            out.push(JpHoliday {
                date,
                kind: DayKind::National,
                name_ja,
                name_en,
            });
        }
    };
    push(ymd(y, 1, 1), "元日", "New Year's Day");
    let coming_of_age = if y < 2000 {
        ymd(y, 1, 15)
    } else {
        nth_weekday(y, 1, Weekday::Mon, 2)
    };
    push(coming_of_age, "成人の日", "Coming of Age Day");
    if y >= 1967 {
        push(ymd(y, 2, 11), "建国記念の日", "National Foundation Day");
    }
    if y >= 2020 {
        push(ymd(y, 2, 23), "天皇誕生日", "The Emperor's Birthday");
    }
    push(
        ymd(y, 3, vernal_equinox_day(y)),
        "春分の日",
        "Vernal Equinox Day",
    );
    match y {
        ..=1988 => push(ymd(y, 4, 29), "天皇誕生日", "The Emperor's Birthday"),
        1989..=2006 => push(ymd(y, 4, 29), "みどりの日", "Greenery Day"),
        _ => push(ymd(y, 4, 29), "昭和の日", "Showa Day"),
    }
    push(ymd(y, 5, 3), "憲法記念日", "Constitution Memorial Day");
    if y >= 2007 {
        push(ymd(y, 5, 4), "みどりの日", "Greenery Day");
    }
    push(ymd(y, 5, 5), "こどもの日", "Children's Day");
    let marine = match y {
        ..=1995 => None,
        1996..=2002 => ymd(y, 7, 20),
        2020 => ymd(y, 7, 23),
        2021 => ymd(y, 7, 22),
        _ => nth_weekday(y, 7, Weekday::Mon, 3),
    };
    push(marine, "海の日", "Marine Day");
    let mountain = match y {
        ..=2015 => None,
        2020 => ymd(y, 8, 10),
        2021 => ymd(y, 8, 8),
        _ => ymd(y, 8, 11),
    };
    push(mountain, "山の日", "Mountain Day");
    let aged = match y {
        ..=1965 => None,
        1966..=2002 => ymd(y, 9, 15),
        _ => nth_weekday(y, 9, Weekday::Mon, 3),
    };
    push(aged, "敬老の日", "Respect for the Aged Day");
    push(
        ymd(y, 9, autumnal_equinox_day(y)),
        "秋分の日",
        "Autumnal Equinox Day",
    );
    match y {
        ..=1965 => {}
        1966..=1999 => push(ymd(y, 10, 10), "体育の日", "Health and Sports Day"),
        2000..=2019 => push(
            nth_weekday(y, 10, Weekday::Mon, 2),
            "体育の日",
            "Health and Sports Day",
        ),
        2020 => push(ymd(y, 7, 24), "スポーツの日", "Sports Day"),
        2021 => push(ymd(y, 7, 23), "スポーツの日", "Sports Day"),
        _ => push(
            nth_weekday(y, 10, Weekday::Mon, 2),
            "スポーツの日",
            "Sports Day",
        ),
    }
    push(ymd(y, 11, 3), "文化の日", "Culture Day");
    push(ymd(y, 11, 23), "勤労感謝の日", "Labour Thanksgiving Day");
    if (1989..=2018).contains(&y) {
        push(ymd(y, 12, 23), "天皇誕生日", "The Emperor's Birthday");
    }
    for (oy, m, d, ja, en) in ONE_OFF {
        if oy == y {
            if let Some(date) = ymd(y, m, d) {
                out.push(JpHoliday {
                    date,
                    kind: DayKind::Special,
                    name_ja: ja,
                    name_en: en,
                });
            }
        }
    }
    out
}

/// Every Japanese holiday of `year`, sorted by date: 国民の祝日, one-off days, 振替休日 and
/// 国民の休日. Years before [`FIRST_YEAR`] give an empty list.
pub fn holidays_of_year(year: i32) -> Vec<JpHoliday> {
    if year < FIRST_YEAR {
        return Vec::new();
    }
    // Neighbouring years matter: a Sunday holiday on 31 Dec never occurs, but a citizens'
    // holiday test looks one day across the year edge, so compute with a margin.
    let mut days: Vec<JpHoliday> = national_days(year);
    days.extend(
        national_days(year + 1)
            .into_iter()
            .filter(|h| h.date.month() == 1),
    );
    days.sort_by_key(|h| h.date);
    let is_national = |d: NaiveDate, all: &[JpHoliday]| all.iter().any(|h| h.date == d);

    let substitute_from = ymd(1973, 4, 12);
    let new_substitute_rule = ymd(2007, 1, 1);
    let mut extra: Vec<JpHoliday> = Vec::new();
    for h in &days {
        if h.date.weekday() != Weekday::Sun || Some(h.date) < substitute_from {
            continue;
        }
        let mut next = h.date + Duration::days(1);
        if Some(h.date) >= new_substitute_rule {
            // 第3条第2項 (2005 amendment): the nearest following day that is not a 祝日.
            while is_national(next, &days) {
                next += Duration::days(1);
            }
        } else if is_national(next, &days) {
            // Before 2007: only the very next day, and only if it is not itself a 祝日.
            continue;
        }
        extra.push(JpHoliday {
            date: next,
            kind: DayKind::Substitute,
            name_ja: "振替休日",
            name_en: "Substitute holiday",
        });
    }

    let citizens_from = ymd(1985, 12, 27);
    for h in &days {
        let between = h.date + Duration::days(1);
        let after = h.date + Duration::days(2);
        if Some(between) < citizens_from
            || !is_national(after, &days)
            || is_national(between, &days)
            || between.weekday() == Weekday::Sun
            || extra.iter().any(|e| e.date == between)
        {
            continue;
        }
        extra.push(JpHoliday {
            date: between,
            kind: DayKind::Citizens,
            name_ja: "国民の休日",
            name_en: "Citizens' holiday",
        });
    }
    days.extend(extra);
    days.retain(|h| h.date.year() == year);
    days.sort_by_key(|h| h.date);
    days.dedup_by_key(|h| h.date);
    days
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    const OFFICIAL: &str = include_str!("../../../tests/fixtures/syukujitsu.csv");

    fn official() -> BTreeMap<NaiveDate, &'static str> {
        OFFICIAL
            .lines()
            .filter(|l| !l.starts_with('#') && !l.is_empty())
            .map(|l| {
                let (d, n) = l.split_once(',').unwrap();
                (NaiveDate::parse_from_str(d, "%Y-%m-%d").unwrap(), n)
            })
            .collect()
    }

    /// The Cabinet Office names substitute and citizens' days 「休日」, the 2019 accession days
    /// 「休日（祝日扱い）」 and 2019's sports day 「体育の日（スポーツの日）」.
    fn official_name(h: &JpHoliday) -> &'static str {
        match (h.kind, h.date.year(), h.name_ja) {
            (DayKind::Substitute | DayKind::Citizens, _, _) => "休日",
            (DayKind::Special, 2019, _) => "休日（祝日扱い）",
            (_, 2019, "体育の日") => "体育の日（スポーツの日）",
            (_, _, name) => name,
        }
    }

    #[test]
    fn agrees_with_the_cabinet_office_list_day_for_day_in_both_directions() {
        let official = official();
        let first = official.keys().next().unwrap().year();
        let last = official.keys().next_back().unwrap().year();
        assert_eq!(
            (first, last),
            (1955, LAST_OFFICIAL_YEAR),
            "fixture covers 1955..LAST_OFFICIAL_YEAR"
        );
        let mut mismatches = Vec::new();
        for year in first..=last {
            let computed: BTreeMap<NaiveDate, &str> = holidays_of_year(year)
                .iter()
                .map(|h| (h.date, official_name(h)))
                .collect();
            for (d, n) in official.range(ymd(year, 1, 1).unwrap()..=ymd(year, 12, 31).unwrap()) {
                if computed.get(d) != Some(n) {
                    mismatches.push(format!("{d}: official {n}, computed {:?}", computed.get(d)));
                }
            }
            for (d, n) in &computed {
                if !official.contains_key(d) {
                    mismatches.push(format!("{d}: computed {n}, not in the official list"));
                }
            }
        }
        assert!(
            mismatches.is_empty(),
            "calendar must equal the official list: {mismatches:#?}"
        );
    }

    #[test]
    fn equinox_formula_predicts_known_later_years() {
        // National Astronomical Observatory (暦要項) predictions: 2030 春分 3/20, 秋分 9/23.
        assert_eq!(
            vernal_equinox_day(2030),
            20,
            "2030 vernal equinox is 20 March"
        );
        assert_eq!(
            autumnal_equinox_day(2030),
            23,
            "2030 autumnal equinox is 23 September"
        );
    }

    #[test]
    fn substitute_rule_from_2007_skips_following_holidays() {
        // 2008-05-04 (みどりの日) is a Sunday and 05-05 is こどもの日, so the substitute day is
        // 05-06: the nearest day that is not a 祝日 (第3条第2項 as amended in 2005).
        let days = holidays_of_year(2008);
        let sub = days.iter().find(|h| h.kind == DayKind::Substitute).unwrap();
        assert_eq!(
            sub.date,
            ymd(2008, 5, 6).unwrap(),
            "Sunday 5/4 → first non-祝日 is 5/6"
        );
    }
}
