//! Reading a date as people type it into a register.
//!
//! The text is folded first (NFKC: full-width digits and ／．－, ㋿/㍻/㍼ → era names; dash
//! look-alikes → `-`), a trailing time (`2023/3/31 0:00:00`, what Excel's CSV export writes) and a
//! trailing parenthesis (a weekday `(金)` or the era year of `2026年3月31日（令和8年）`) are dropped,
//! spaces are removed, and what is left must be one of:
//! - `YYYY-M-D`, `YYYY/M/D`, `YYYY.M.D`, `YYYY年M月D日`, `YYYYMMDD`;
//! - an era date: 令和5年3月31日, 令和元年5月1日, 平5.3.31, R5.3.31, H30/4/1, s63-1-1;
//! - an Excel serial number (up to five digits, optionally with a time fraction).
//!
//! Two-digit Western years and month-first orders are refused: they are ambiguous.

use chrono::NaiveDate;

use super::{from_excel_serial, gregorian_adoption, DateError, Era};
use crate::numbers::fold_typed;

/// Reads a date typed in any of the forms of the module header.
///
/// ```
/// use chizai_core::era::parse_date;
/// let d = chrono::NaiveDate::from_ymd_opt(2023, 3, 31);
/// assert_eq!(parse_date("R5.3.31").ok(), d);
/// assert_eq!(parse_date("２０２３年３月３１日").ok(), d);
/// ```
pub fn parse_date(input: &str) -> Result<NaiveDate, DateError> {
    let folded = fold_typed(input);
    let trimmed = folded.trim();
    if trimmed.is_empty() {
        return Err(DateError::Empty);
    }
    let unrecognised = || DateError::Unrecognised {
        input: input.trim().to_string(),
    };
    let without_time = drop_trailing_time(trimmed);
    let without_paren = drop_trailing_parenthesis(without_time);
    let compact: String = without_paren
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    if compact.is_empty() {
        return Err(unrecognised());
    }

    if let Some((era, rest)) = split_era(&compact) {
        let (year_text, rest) = split_era_year(rest).ok_or_else(unrecognised)?;
        let era_year = if year_text == "元" {
            1
        } else {
            year_text.parse::<u32>().map_err(|_| unrecognised())?
        };
        if era_year == 0 {
            return Err(DateError::Impossible {
                input: input.trim().to_string(),
                reason: format!(
                    "there is no year 0 of {}; the first year is 元年",
                    era.name()
                ),
            });
        }
        let (month, day) = month_day(rest).ok_or_else(unrecognised)?;
        return era_date(input.trim(), era, era_year, month, day);
    }

    if compact.bytes().all(|b| b.is_ascii_digit()) && compact.len() == 8 {
        let year = compact[0..4].parse().map_err(|_| unrecognised())?;
        let month = compact[4..6].parse().map_err(|_| unrecognised())?;
        let day = compact[6..8].parse().map_err(|_| unrecognised())?;
        return gregorian_date(input.trim(), year, month, day);
    }
    if is_serial(&compact) {
        let serial: f64 = compact.parse().map_err(|_| unrecognised())?;
        return from_excel_serial(serial).map_err(|e| relabel(e, input.trim()));
    }

    let digits = compact.bytes().take_while(u8::is_ascii_digit).count();
    if digits != 4 {
        return Err(unrecognised());
    }
    let year: i32 = compact[..4].parse().map_err(|_| unrecognised())?;
    let (month, day) = month_day(&compact[4..]).ok_or_else(unrecognised)?;
    gregorian_date(input.trim(), year, month, day)
}

fn drop_trailing_time(s: &str) -> &str {
    match s.rsplit_once(char::is_whitespace) {
        Some((head, tail))
            if tail.contains(':')
                && tail
                    .chars()
                    .all(|c| c.is_ascii_digit() || c == ':' || c == '.') =>
        {
            head.trim_end()
        }
        _ => s,
    }
}

fn drop_trailing_parenthesis(s: &str) -> &str {
    if let Some(head) = s.strip_suffix(')') {
        if let Some(open) = head.rfind('(') {
            return head[..open].trim_end();
        }
    }
    s
}

fn is_serial(s: &str) -> bool {
    let (whole, frac) = s.split_once('.').unwrap_or((s, "0"));
    (1..=5).contains(&whole.len())
        && whole.bytes().all(|b| b.is_ascii_digit())
        && !frac.is_empty()
        && frac.bytes().all(|b| b.is_ascii_digit())
}

/// Splits a leading era name, kanji or Latin initial; the initial only counts when a year follows.
fn split_era(s: &str) -> Option<(Era, &str)> {
    for era in Era::ALL {
        if let Some(rest) = s.strip_prefix(era.name()) {
            return Some((era, rest));
        }
    }
    let mut chars = s.chars();
    let first = chars.next()?;
    let rest = chars.as_str();
    let era = match first {
        '明' | 'M' | 'm' => Era::Meiji,
        '大' | 'T' | 't' => Era::Taisho,
        '昭' | 'S' | 's' => Era::Showa,
        '平' | 'H' | 'h' => Era::Heisei,
        '令' | 'R' | 'r' => Era::Reiwa,
        _ => return None,
    };
    let year_follows = rest.starts_with('元') || rest.starts_with(|c: char| c.is_ascii_digit());
    year_follows.then_some((era, rest))
}

fn split_era_year(s: &str) -> Option<(&str, &str)> {
    if let Some(rest) = s.strip_prefix('元') {
        return Some(("元", rest));
    }
    let digits = s.bytes().take_while(u8::is_ascii_digit).count();
    (1..=3).contains(&digits).then(|| s.split_at(digits))
}

/// Reads `<sep>M<sep>D[日]` after the year. Separators: `年…月…[日]` or the same one of `-/.`
/// twice.
fn month_day(s: &str) -> Option<(u32, u32)> {
    let mut chars = s.chars();
    let sep = chars.next()?;
    let rest = chars.as_str();
    let (month_sep, day_end): (char, Option<char>) = match sep {
        '年' => ('月', Some('日')),
        '-' | '/' | '.' => (sep, None),
        _ => return None,
    };
    let (month_text, rest) = rest.split_once(month_sep)?;
    let day_text = match day_end {
        Some(end) => rest.strip_suffix(end).unwrap_or(rest),
        None => rest,
    };
    let valid = |t: &str| (1..=2).contains(&t.len()) && t.bytes().all(|b| b.is_ascii_digit());
    if !valid(month_text) || !valid(day_text) {
        return None;
    }
    Some((month_text.parse().ok()?, day_text.parse().ok()?))
}

fn impossible_reason(year: i32, month: u32, day: u32) -> String {
    if !(1..=12).contains(&month) {
        return format!("there is no month {month}");
    }
    if day == 0 {
        return "there is no day 0".to_string();
    }
    let next_month = if month == 12 {
        NaiveDate::from_ymd_opt(year + 1, 1, 1)
    } else {
        NaiveDate::from_ymd_opt(year, month + 1, 1)
    };
    match next_month.and_then(|d| d.pred_opt()) {
        Some(last) => format!(
            "month {month} of {year} has {} days",
            chrono::Datelike::day(&last)
        ),
        None => format!("year {year} is out of range"),
    }
}

fn gregorian_date(input: &str, year: i32, month: u32, day: u32) -> Result<NaiveDate, DateError> {
    let date = NaiveDate::from_ymd_opt(year, month, day).ok_or_else(|| DateError::Impossible {
        input: input.to_string(),
        reason: impossible_reason(year, month, day),
    })?;
    if date < gregorian_adoption() {
        return Err(DateError::OutOfRange {
            input: input.to_string(),
            reason:
                "dates before 1873-01-01 (明治6年) were lunisolar; Chizai takes dates from 1873 on"
                    .into(),
        });
    }
    Ok(date)
}

fn era_date(
    input: &str,
    era: Era,
    era_year: u32,
    month: u32,
    day: u32,
) -> Result<NaiveDate, DateError> {
    if era_year > 200 {
        return Err(DateError::OutsideEra {
            input: input.to_string(),
            reason: format!("{} has no year {era_year}", era.name()),
        });
    }
    let date = gregorian_date(input, era.gregorian_year(era_year), month, day)?;
    if date < era.first_day() {
        return Err(DateError::OutsideEra {
            input: input.to_string(),
            reason: format!(
                "{} began on {}; this day is {}",
                era.name(),
                era.first_day(),
                super::format_wareki(date)
            ),
        });
    }
    if let Some(last) = era.last_day() {
        if date > last {
            return Err(DateError::OutsideEra {
                input: input.to_string(),
                reason: format!(
                    "{} ended on {last} ({}); this day is {}",
                    era.name(),
                    super::format_wareki(last),
                    super::format_wareki(date)
                ),
            });
        }
    }
    Ok(date)
}

fn relabel(error: DateError, input: &str) -> DateError {
    match error {
        DateError::Impossible { reason, .. } => DateError::Impossible {
            input: input.to_string(),
            reason,
        },
        DateError::OutOfRange { reason, .. } => DateError::OutOfRange {
            input: input.to_string(),
            reason,
        },
        other => other,
    }
}
