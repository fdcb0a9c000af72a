//! How numbers and dates are written on paper.
//!
//! Dates are written in the Western calendar with the Japanese era year beside it, as the
//! university's documents do: `2026年3月31日（令和8年）`. Era boundaries (元号法 and the
//! accession days): 昭和 1926-12-25 – 1989-01-07, 平成 1989-01-08 – 2019-04-30, 令和 from
//! 2019-05-01; the first year of an era is written 元年. Dates before 昭和 carry no era.
//!
//! Money is written in yen with thousands separators; a negative amount carries △, the sign
//! Japanese public-sector accounts use.

use chrono::{Datelike, NaiveDate};

/// Japanese era (元号) boundaries: first day and name, newest first.
const ERAS: [(i32, u32, u32, &str); 3] = [
    (2019, 5, 1, "令和"),
    (1989, 1, 8, "平成"),
    (1926, 12, 25, "昭和"),
];

/// The era year of `date`, e.g. `令和8年`, `令和元年`; `None` before 昭和.
pub fn era_year(date: NaiveDate) -> Option<String> {
    ERAS.iter().find_map(|&(y, m, d, name)| {
        let start = NaiveDate::from_ymd_opt(y, m, d)?;
        if date < start {
            return None;
        }
        let n = date.year() - y + 1;
        Some(if n == 1 {
            format!("{name}元年")
        } else {
            format!("{name}{n}年")
        })
    })
}

/// `2026年3月31日`.
pub fn date_ja(date: NaiveDate) -> String {
    format!("{}年{}月{}日", date.year(), date.month(), date.day())
}

/// `2026年3月31日（令和8年）`: the Western date with the era year beside it.
pub fn date_with_era(date: NaiveDate) -> String {
    match era_year(date) {
        Some(era) => format!("{}（{era}）", date_ja(date)),
        None => date_ja(date),
    }
}

/// `2026/03/31`: compact date for table cells.
pub fn date_short(date: NaiveDate) -> String {
    date.format("%Y/%m/%d").to_string()
}

/// `2025年度`: a fiscal year (1 April – 31 March) named by its starting year.
pub fn fiscal_year(fy: i32) -> String {
    format!("{fy}年度")
}

/// `1,234,567` (negative: `△1,234,567`).
pub fn thousands(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 3);
    if n < 0 {
        out.push('△');
    }
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// `¥1,234,567` (negative: `△¥1,234,567`).
pub fn yen(n: i64) -> String {
    if n < 0 {
        format!("△¥{}", thousands(-n))
    } else {
        format!("¥{}", thousands(n))
    }
}

/// An amount in millions of yen with one decimal, for charts and KPI cells: `12.3`.
pub fn million_yen(n: i64) -> String {
    format!("{:.1}", n as f64 / 1_000_000.0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[rstest]
    #[case("2026-03-31", "2026年3月31日（令和8年）", "the issue's own example")]
    #[case(
        "2019-05-01",
        "2019年5月1日（令和元年）",
        "first day of 令和 is year 1, written 元年"
    )]
    #[case("2019-04-30", "2019年4月30日（平成31年）", "last day of 平成")]
    #[case("1989-01-07", "1989年1月7日（昭和64年）", "last day of 昭和")]
    #[case("1989-01-08", "1989年1月8日（平成元年）", "first day of 平成")]
    #[case("2020-01-01", "2020年1月1日（令和2年）", "令和 years count from 2019")]
    #[case("1926-12-24", "1926年12月24日", "before 昭和 no era is written")]
    fn dates_carry_the_era_year(#[case] date: &str, #[case] want: &str, #[case] why: &str) {
        assert_eq!(date_with_era(d(date)), want, "{why}");
    }

    #[rstest]
    #[case(0, "¥0")]
    #[case(999, "¥999")]
    #[case(1_000, "¥1,000")]
    #[case(1_234_567, "¥1,234,567")]
    #[case(-45_000, "△¥45,000")]
    #[case(100_000_000, "¥100,000,000")]
    fn yen_groups_thousands(#[case] n: i64, #[case] want: &str) {
        assert_eq!(yen(n), want, "thousands separated every three digits");
    }
}
