use chrono::NaiveDate;
use proptest::prelude::*;
use rstest::rstest;

use super::*;

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap_or(NaiveDate::MIN)
}

#[rstest]
#[case::iso("2023-03-31", "2023-03-31")]
#[case::iso_short("2023-3-1", "2023-03-01")]
#[case::slashes("2023/3/31", "2023-03-31")]
#[case::dots("2023.3.31", "2023-03-31")]
#[case::kanji("2023年3月31日", "2023-03-31")]
#[case::kanji_no_day_word("2023年3月31", "2023-03-31")]
#[case::compact("20230331", "2023-03-31")]
#[case::full_width("２０２３年３月３１日", "2023-03-31")]
#[case::full_width_slash("２０２３／３／３１", "2023-03-31")]
#[case::excel_time("2023/3/31 0:00:00", "2023-03-31")]
#[case::weekday("2023年3月31日(金)", "2023-03-31")]
#[case::report_form("2026年3月31日（令和8年）", "2026-03-31")]
#[case::spaces(" 令和 5年 3月 31日 ", "2023-03-31")]
#[case::reiwa("令和5年3月31日", "2023-03-31")]
#[case::reiwa_letter("R5.3.31", "2023-03-31")]
#[case::reiwa_letter_lower("r5.3.31", "2023-03-31")]
#[case::reiwa_kanji_short("令5.3.31", "2023-03-31")]
#[case::reiwa_gannen("令和元年5月1日", "2019-05-01")]
#[case::reiwa_1("R1.5.1", "2019-05-01")]
#[case::reiwa_square("㋿5年3月31日", "2023-03-31")]
#[case::heisei_slash("H30/4/1", "2018-04-01")]
#[case::heisei_kanji("平成30年4月1日", "2018-04-01")]
#[case::heisei_last("平成31年4月30日", "2019-04-30")]
#[case::heisei_first("平成元年1月8日", "1989-01-08")]
#[case::heisei_square("㍻30年4月1日", "2018-04-01")]
#[case::showa_dots("S63.1.1", "1988-01-01")]
#[case::showa_last("昭和64年1月7日", "1989-01-07")]
#[case::showa_first("昭和元年12月25日", "1926-12-25")]
#[case::taisho("大正15年12月24日", "1926-12-24")]
#[case::meiji("明治45年7月29日", "1912-07-29")]
#[case::meiji_gregorian_start("M6.1.1", "1873-01-01")]
#[case::excel_serial("45016", "2023-03-31")]
#[case::excel_serial_with_time("45016.75", "2023-03-31")]
#[case::excel_serial_1("1", "1900-01-01")]
#[case::excel_serial_59("59", "1900-02-28")]
#[case::excel_serial_61("61", "1900-03-01")]
#[case::leap_day("2024-02-29", "2024-02-29")]
fn dates_typed_in_registers_parse(#[case] input: &str, #[case] want: &str) {
    assert_eq!(parse_date(input), Ok(d(want)), "{input:?} is {want}");
}

#[rstest]
#[case::feb_30_reiwa("令和5年2月30日", "month 2 of 2023 has 28 days")]
#[case::feb_29_non_leap("2023-02-29", "month 2 of 2023 has 28 days")]
#[case::april_31("2024/4/31", "month 4 of 2024 has 30 days")]
#[case::month_13("2024-13-01", "there is no month 13")]
#[case::day_0("2024-01-00", "there is no day 0")]
#[case::after_heisei(
    "平成31年5月1日",
    "平成 ended on 2019-04-30 (平成31年4月30日); this day is 令和元年5月1日"
)]
#[case::heisei_32("H32.1.1", "平成 ended on 2019-04-30")]
#[case::before_reiwa(
    "令和元年4月30日",
    "令和 began on 2019-05-01; this day is 平成31年4月30日"
)]
#[case::after_showa("昭和64年1月8日", "昭和 ended on 1989-01-07")]
#[case::before_heisei("平成元年1月7日", "平成 began on 1989-01-08")]
#[case::year_zero("令和0年1月1日", "there is no year 0")]
#[case::lunisolar("明治5年12月2日", "1873")]
#[case::lunisolar_western("1850-01-01", "1873")]
#[case::excel_60("60", "1900-02-29")]
#[case::excel_0("0", "Excel serial dates run from 1")]
fn impossible_dates_say_what_is_wrong(#[case] input: &str, #[case] reason: &str) {
    let message = parse_date(input)
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(
        message.starts_with(&format!("{input} is not a date")),
        "message names the input: {message:?}"
    );
    assert!(
        message.contains(reason),
        "{input:?} must be refused because {reason:?}, got {message:?}"
    );
}

#[rstest]
#[case("")]
#[case("   ")]
#[case("yesterday")]
#[case("23/3/31")]
#[case("3/31/2023")]
#[case("2023-03")]
#[case("2023/3-31")]
#[case("2023年3-31")]
#[case("R.5.3.31")]
#[case("123456")]
#[case("令和五年三月三十一日")]
#[case("2023-03-31-01")]
fn unknown_shapes_are_refused(#[case] input: &str) {
    assert!(
        parse_date(input).is_err(),
        "{input:?} is not a date Chizai should guess at"
    );
}

#[test]
fn the_unrecognised_message_shows_the_accepted_forms() {
    let message = parse_date("yesterday")
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(
        message.contains("令和5年3月31日") && message.contains("R5.3.31"),
        "lists accepted forms: {message}"
    );
}

#[rstest]
#[case("1873-01-01", Era::Meiji, 6)]
#[case("1912-07-29", Era::Meiji, 45)]
#[case("1912-07-30", Era::Taisho, 1)]
#[case("1926-12-24", Era::Taisho, 15)]
#[case("1926-12-25", Era::Showa, 1)]
#[case("1989-01-07", Era::Showa, 64)]
#[case("1989-01-08", Era::Heisei, 1)]
#[case("2019-04-30", Era::Heisei, 31)]
#[case("2019-05-01", Era::Reiwa, 1)]
#[case("2026-03-31", Era::Reiwa, 8)]
fn era_boundaries_are_exact(#[case] date: &str, #[case] era: Era, #[case] year: u32) {
    let w = to_wareki(d(date));
    assert_eq!(
        w.map(|w| (w.era, w.year)),
        Some((era, year)),
        "{date} is {}{year}",
        era.name()
    );
}

#[test]
fn no_era_before_the_gregorian_calendar() {
    assert_eq!(
        era_of(d("1872-12-31")),
        None,
        "Japan used the lunisolar calendar until 1872-12-31"
    );
    assert_eq!(
        format_wareki(d("1872-12-31")),
        "1872年12月31日",
        "falls back to the Gregorian date"
    );
}

#[rstest]
#[case("2026-03-31", "令和8年3月31日", "2026年3月31日（令和8年）", "R8.3.31")]
#[case("2019-05-01", "令和元年5月1日", "2019年5月1日（令和元年）", "R1.5.1")]
#[case(
    "2019-04-30",
    "平成31年4月30日",
    "2019年4月30日（平成31年）",
    "H31.4.30"
)]
#[case("1989-01-08", "平成元年1月8日", "1989年1月8日（平成元年）", "H1.1.8")]
#[case("1989-01-07", "昭和64年1月7日", "1989年1月7日（昭和64年）", "S64.1.7")]
fn dates_format_in_the_era(
    #[case] date: &str,
    #[case] wareki: &str,
    #[case] long: &str,
    #[case] short: &str,
) {
    let date = d(date);
    assert_eq!(format_wareki(date), wareki, "和暦 form");
    assert_eq!(
        format_date_ja(date),
        long,
        "report form: Gregorian with the era year after"
    );
    assert_eq!(
        format_wareki_short(date),
        short,
        "short form with the era initial"
    );
}

#[rstest]
#[case("2025-04-01", 2025)]
#[case("2026-03-31", 2025)]
#[case("2026-04-01", 2026)]
#[case("2026-01-01", 2025)]
fn fiscal_years_run_april_to_march(#[case] date: &str, #[case] fy: i32) {
    assert_eq!(
        fiscal_year_of(d(date)),
        fy,
        "{date} is in 年度 {fy}: named by the April it starts in"
    );
}

#[test]
fn fiscal_year_range_is_april_first_to_march_thirty_first() {
    assert_eq!(
        fiscal_year_range(2025),
        Some((d("2025-04-01"), d("2026-03-31"))),
        "FY2025 = 2025-04-01 – 2026-03-31"
    );
    assert_eq!(
        fiscal_year_range(2023).map(|r| r.1),
        Some(d("2024-03-31")),
        "ends on 31 March"
    );
}

#[rstest]
#[case(2025, "2025年度（令和7年度）")]
#[case(2019, "2019年度（令和元年度）")]
#[case(2018, "2018年度（平成30年度）")]
#[case(1988, "1988年度（昭和63年度）")]
#[case(1989, "1989年度（平成元年度）")]
fn fiscal_years_are_named_in_the_era_of_most_of_the_year(#[case] fy: i32, #[case] label: &str) {
    assert_eq!(
        format_fiscal_year(fy),
        label,
        "ministries name FY2019 令和元年度 and FY1988 昭和63年度"
    );
}

#[rstest]
#[case("1900-01-01", 1)]
#[case("1900-02-28", 59)]
#[case("1900-03-01", 61)]
#[case("2023-03-31", 45016)]
fn excel_serials_match_excel(#[case] date: &str, #[case] serial: i64) {
    assert_eq!(
        excel_serial_of(d(date)),
        serial,
        "Excel numbers {date} as {serial}"
    );
    assert_eq!(
        from_excel_serial(serial as f64),
        Ok(d(date)),
        "and serial {serial} reads back as {date}"
    );
}

fn arb_date() -> impl Strategy<Value = NaiveDate> {
    let first = d("1873-01-01").num_days_from_ce();
    let last = d("2150-12-31").num_days_from_ce();
    (first..=last).prop_map(|n| NaiveDate::from_num_days_from_ce_opt(n).unwrap_or(NaiveDate::MIN))
}

proptest! {
    #[test]
    fn every_format_parses_back_to_the_date(date in arb_date()) {
        for text in [
            format_wareki(date),
            format_date_ja(date),
            format_wareki_short(date),
            format_gregorian_ja(date),
            date.format("%Y-%m-%d").to_string(),
            date.format("%Y/%-m/%-d").to_string(),
        ] {
            prop_assert_eq!(parse_date(&text), Ok(date), "{} must read back", text);
        }
    }

    #[test]
    fn excel_serials_round_trip(date in arb_date()) {
        prop_assume!(date >= d("1900-01-01"));
        prop_assert_eq!(from_excel_serial(excel_serial_of(date) as f64), Ok(date));
    }

    #[test]
    fn fiscal_year_range_contains_the_date(date in arb_date()) {
        let range = fiscal_year_range(fiscal_year_of(date));
        prop_assert!(range.is_some_and(|(first, last)| first <= date && date <= last));
    }

    #[test]
    fn parse_never_panics(input in "\\PC{0,30}") {
        let _ = parse_date(&input);
    }
}
