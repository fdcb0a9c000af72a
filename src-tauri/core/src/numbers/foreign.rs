//! PCT, USPTO, EPO, CNIPA and KIPO numbers, and the plain form for any other office.
//!
//! Input arrives folded and compacted (no spaces or commas). Each parser accepts the office's own
//! printed form with or without the office prefix and separators, and writes the canonical form
//! documented in the parent module.

use super::{ApplicationNumber, NumberError, PublicationNumber, RegistrationNumber};
use crate::office::{Office, RightType};

fn unrecognised(
    raw: &str,
    office: &Office,
    what: &'static str,
    example: &'static str,
) -> NumberError {
    NumberError::Unrecognised {
        raw: raw.trim().to_string(),
        office: office.code().to_string(),
        what,
        example,
    }
}

fn invalid(raw: &str, office: &Office, what: &'static str, reason: String) -> NumberError {
    NumberError::Invalid {
        raw: raw.trim().to_string(),
        office: office.code().to_string(),
        what,
        reason,
    }
}

fn strip_prefix_ci<'a>(text: &'a str, prefix: &str) -> Option<&'a str> {
    let head = text.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| &text[prefix.len()..])
}

fn all_digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

fn base(office: Office, raw: &str, normalized: String, serial: u64) -> ApplicationNumber {
    ApplicationNumber {
        office,
        right_type: None,
        year: None,
        serial,
        series: None,
        check: None,
        receiving_office: None,
        normalized,
        raw: raw.to_string(),
    }
}

/// Two-digit years of numbers that switched to four digits: 78–99 → 19xx, 00–… → 20xx.
fn century(yy: u32) -> i32 {
    if yy >= 78 {
        1900 + yy as i32
    } else {
        2000 + yy as i32
    }
}

const PCT_EXAMPLE: &str = "PCT/JP2024/012345 (before 2004: PCT/JP03/01234)";

pub(super) fn pct_application(raw: &str, text: &str) -> Result<ApplicationNumber, NumberError> {
    const WHAT: &str = "application number";
    let office = Office::Pct;
    let err = || unrecognised(raw, &office, WHAT, PCT_EXAMPLE);
    let body = strip_prefix_ci(text, "PCT").ok_or_else(err)?;
    let body = body.strip_prefix('/').unwrap_or(body);
    let ro = body
        .get(..2)
        .filter(|ro| ro.bytes().all(|b| b.is_ascii_alphabetic()))
        .ok_or_else(err)?;
    let ro = ro.to_ascii_uppercase();
    let rest = &body[2..];
    let (year_text, serial_text) = match rest.split_once('/') {
        Some((y, s)) => (y, s),
        None if rest.len() == 10 && all_digits(rest) => rest.split_at(4),
        None if rest.len() == 7 && all_digits(rest) => rest.split_at(2),
        None => return Err(err()),
    };
    if !all_digits(year_text) || !all_digits(serial_text) {
        return Err(err());
    }
    let serial: u64 = serial_text.parse().map_err(|_| err())?;
    if serial == 0 {
        return Err(invalid(
            raw,
            &office,
            WHAT,
            "the serial number cannot be 0".into(),
        ));
    }
    let (year, normalized) = match year_text.len() {
        4 => {
            let year: i32 = year_text.parse().map_err(|_| err())?;
            if year < 2004 {
                return Err(invalid(
                    raw,
                    &office,
                    WHAT,
                    format!(
                        "before 2004 the year has two digits: PCT/{ro}{:02}/{serial:05}",
                        year % 100
                    ),
                ));
            }
            if serial_text.len() > 6 {
                return Err(err());
            }
            (year, format!("PCT/{ro}{year}/{serial:06}"))
        }
        2 => {
            let yy: u32 = year_text.parse().map_err(|_| err())?;
            let year = century(yy);
            if year >= 2004 {
                return Err(invalid(
                    raw,
                    &office,
                    WHAT,
                    format!("from 2004 the year has four digits: PCT/{ro}{year}/{serial:06}"),
                ));
            }
            if serial_text.len() > 5 {
                return Err(err());
            }
            (year, format!("PCT/{ro}{yy:02}/{serial:05}"))
        }
        _ => return Err(err()),
    };
    Ok(ApplicationNumber {
        right_type: Some(RightType::Patent),
        year: Some(year),
        receiving_office: Some(ro),
        ..base(office, raw, normalized, serial)
    })
}

const US_EXAMPLE: &str = "17/123,456";

fn with_thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

pub(super) fn us_application(raw: &str, text: &str) -> Result<ApplicationNumber, NumberError> {
    const WHAT: &str = "application number";
    let office = Office::Us;
    let err = || unrecognised(raw, &office, WHAT, US_EXAMPLE);
    let body = strip_prefix_ci(text, "USSN")
        .or_else(|| strip_prefix_ci(text, "US"))
        .unwrap_or(text);
    let (series_text, serial_text) = match body.split_once('/') {
        Some(parts) => parts,
        None if body.len() == 8 && all_digits(body) => body.split_at(2),
        None => return Err(err()),
    };
    if series_text.len() != 2
        || !all_digits(series_text)
        || serial_text.len() > 6
        || !all_digits(serial_text)
    {
        return Err(err());
    }
    let series: u32 = series_text.parse().map_err(|_| err())?;
    let serial: u64 = serial_text.parse().map_err(|_| err())?;
    if series == 0 || serial == 0 {
        return Err(invalid(
            raw,
            &office,
            WHAT,
            "series code and serial cannot be 0".into(),
        ));
    }
    let right_type = match series {
        60..=63 => Some(RightType::Provisional),
        29 => Some(RightType::Design),
        _ => None,
    };
    let serial_display = format!("{:03},{:03}", serial / 1000, serial % 1000);
    Ok(ApplicationNumber {
        right_type,
        series: Some(series),
        ..base(office, raw, format!("{series:02}/{serial_display}"), serial)
    })
}

const EP_EXAMPLE: &str = "EP 23123456.7";

pub(super) fn ep_application(raw: &str, text: &str) -> Result<ApplicationNumber, NumberError> {
    const WHAT: &str = "application number";
    let office = Office::Ep;
    let err = || unrecognised(raw, &office, WHAT, EP_EXAMPLE);
    let body = strip_prefix_ci(text, "EP").unwrap_or(text);
    let (digits, check) = match body.split_once('.') {
        Some((d, c)) => (d, Some(c)),
        None => (body, None),
    };
    if digits.len() != 8 || !all_digits(digits) {
        return Err(err());
    }
    let check = match check {
        Some(c) if c.len() == 1 && all_digits(c) => c.chars().next(),
        Some(_) => return Err(err()),
        None => None,
    };
    let yy: u32 = digits[..2].parse().map_err(|_| err())?;
    let serial: u64 = digits[2..].parse().map_err(|_| err())?;
    let normalized = match check {
        Some(c) => format!("{digits}.{c}"),
        None => digits.to_string(),
    };
    Ok(ApplicationNumber {
        right_type: Some(RightType::Patent),
        year: Some(century(yy)),
        check,
        ..base(office, raw, normalized, serial)
    })
}

const CN_EXAMPLE: &str = "CN 202410123456.X (before October 2003: 03112345.6)";

pub(super) fn cn_application(raw: &str, text: &str) -> Result<ApplicationNumber, NumberError> {
    const WHAT: &str = "application number";
    let office = Office::Cn;
    let err = || unrecognised(raw, &office, WHAT, CN_EXAMPLE);
    let body = strip_prefix_ci(text, "CN")
        .or_else(|| strip_prefix_ci(text, "ZL"))
        .unwrap_or(text);
    let (digits, check) = match body.split_once('.') {
        Some((d, c)) => (d, Some(c)),
        None => (body, None),
    };
    let check = match check {
        Some(c) if c.len() == 1 && (all_digits(c) || c.eq_ignore_ascii_case("X")) => {
            c.chars().next().map(|c| c.to_ascii_uppercase())
        }
        Some(_) => return Err(err()),
        None => None,
    };
    if !all_digits(digits) {
        return Err(err());
    }
    let (year, type_digit, serial_text) = match digits.len() {
        12 => (
            digits[..4].parse::<i32>().map_err(|_| err())?,
            &digits[4..5],
            &digits[5..],
        ),
        8 => {
            let yy: u32 = digits[..2].parse().map_err(|_| err())?;
            let year = century(yy);
            if !(1985..=2003).contains(&year) {
                return Err(invalid(
                    raw,
                    &office,
                    WHAT,
                    "eight-digit numbers were issued 1985–2003; later ones have twelve digits"
                        .into(),
                ));
            }
            (year, &digits[2..3], &digits[3..])
        }
        _ => return Err(err()),
    };
    let right_type = match type_digit {
        "1" | "8" => RightType::Patent,
        "2" | "9" => RightType::UtilityModel,
        "3" => RightType::Design,
        _ => {
            return Err(invalid(
                raw,
                &office,
                WHAT,
                format!("type digit {type_digit} is not 1, 2, 3, 8 or 9"),
            ))
        }
    };
    let serial: u64 = serial_text.parse().map_err(|_| err())?;
    let normalized = match check {
        Some(c) => format!("{digits}.{c}"),
        None => digits.to_string(),
    };
    Ok(ApplicationNumber {
        right_type: Some(right_type),
        year: Some(year),
        check,
        ..base(office, raw, normalized, serial)
    })
}

const KR_EXAMPLE: &str = "10-2024-0123456";

pub(super) fn kr_application(raw: &str, text: &str) -> Result<ApplicationNumber, NumberError> {
    const WHAT: &str = "application number";
    let office = Office::Kr;
    let err = || unrecognised(raw, &office, WHAT, KR_EXAMPLE);
    let body = strip_prefix_ci(text, "KR").unwrap_or(text);
    let joined: String = body.chars().filter(|c| *c != '-').collect();
    let dashes_ok = body.matches('-').count() == 0
        || (body.matches('-').count() == 2
            && body.get(2..3) == Some("-")
            && body.get(7..8) == Some("-"));
    if joined.len() != 13 || !all_digits(&joined) || !dashes_ok {
        return Err(err());
    }
    let (kind, rest) = joined.split_at(2);
    let (year_text, serial_text) = rest.split_at(4);
    let right_type = match kind {
        "10" => RightType::Patent,
        "20" => RightType::UtilityModel,
        "30" => RightType::Design,
        "40" | "41" | "45" => RightType::Trademark,
        _ => {
            return Err(invalid(
                raw,
                &office,
                WHAT,
                format!("right code {kind} is not 10, 20, 30 or 40"),
            ))
        }
    };
    let serial: u64 = serial_text.parse().map_err(|_| err())?;
    Ok(ApplicationNumber {
        right_type: Some(right_type),
        year: Some(year_text.parse().map_err(|_| err())?),
        ..base(
            office,
            raw,
            format!("{kind}-{year_text}-{serial_text}"),
            serial,
        )
    })
}

pub(super) fn other_application(office: &Office, raw: &str, text: &str) -> ApplicationNumber {
    let normalized = text.to_uppercase();
    let serial = normalized
        .chars()
        .filter(char::is_ascii_digit)
        .collect::<String>()
        .parse()
        .unwrap_or(0);
    base(*office, raw, normalized, serial)
}

pub(super) fn registration(
    office: &Office,
    raw: &str,
    text: &str,
) -> Result<RegistrationNumber, NumberError> {
    const WHAT: &str = "registration number";
    let upper = text.to_uppercase();
    let body = upper.strip_prefix(office.code()).unwrap_or(&upper);
    let done = |normalized: String, right_type| {
        Ok(RegistrationNumber {
            office: *office,
            right_type,
            normalized,
            raw: raw.to_string(),
        })
    };
    match office {
        Office::Us => {
            let (prefix, rest, right) = if let Some(rest) = body.strip_prefix("RE") {
                ("RE", rest, None)
            } else if let Some(rest) = body.strip_prefix('D') {
                ("D", rest, Some(RightType::Design))
            } else if let Some(rest) = body.strip_prefix("PP") {
                ("PP", rest, None)
            } else {
                ("", body, Some(RightType::Patent))
            };
            let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
            let kind = &rest[digits.len()..];
            let n: u64 = digits
                .parse()
                .map_err(|_| unrecognised(raw, office, WHAT, "11,234,567 or D987,654"))?;
            if digits.len() > 8 || kind.len() > 2 || n == 0 {
                return Err(unrecognised(raw, office, WHAT, "11,234,567 or D987,654"));
            }
            done(format!("{prefix}{}", with_thousands(n)), right)
        }
        Office::Ep => {
            let digits: String = body.chars().take_while(char::is_ascii_digit).collect();
            if digits.len() != 7 || body.len() > 9 {
                return Err(unrecognised(raw, office, WHAT, "EP 1234567 B1"));
            }
            done(digits, Some(RightType::Patent))
        }
        Office::Cn => {
            let app = cn_application(raw, body.strip_prefix("ZL").unwrap_or(body))
                .map_err(|_| unrecognised(raw, office, WHAT, "ZL202410123456.X"))?;
            done(format!("ZL{}", app.normalized), app.right_type)
        }
        Office::Kr => {
            let (kind, number) = body.split_once('-').unwrap_or(("", body));
            if !all_digits(number)
                || number.len() > 7
                || !(kind.is_empty() || (kind.len() == 2 && all_digits(kind)))
            {
                return Err(unrecognised(raw, office, WHAT, "10-1234567"));
            }
            let normalized = if kind.is_empty() {
                number.to_string()
            } else {
                format!("{kind}-{number}")
            };
            done(normalized, None)
        }
        _ => {
            if body.is_empty() {
                return Err(unrecognised(
                    raw,
                    office,
                    WHAT,
                    "the office's printed number",
                ));
            }
            done(body.to_string(), None)
        }
    }
}

pub(super) fn publication(
    office: &Office,
    raw: &str,
    text: &str,
) -> Result<PublicationNumber, NumberError> {
    const WHAT: &str = "publication number";
    let upper = text.to_uppercase();
    let done = |normalized: String, year: Option<i32>| {
        Ok(PublicationNumber {
            office: *office,
            normalized,
            year,
            raw: raw.to_string(),
        })
    };
    match office {
        Office::Pct => {
            let err = || unrecognised(raw, office, WHAT, "WO2024/123456");
            let body = upper.strip_prefix("WO").ok_or_else(err)?;
            let (year_text, serial_text) = body.split_once('/').ok_or_else(err)?;
            let serial_text = ["A1", "A2", "A3", "A9"]
                .into_iter()
                .find_map(|kind| serial_text.strip_suffix(kind))
                .unwrap_or(serial_text);
            if !all_digits(year_text) || !all_digits(serial_text) || serial_text.len() > 6 {
                return Err(err());
            }
            let serial: u64 = serial_text.parse().map_err(|_| err())?;
            match year_text.len() {
                4 => {
                    let year: i32 = year_text.parse().map_err(|_| err())?;
                    done(format!("WO{year}/{serial:06}"), Some(year))
                }
                2 => {
                    let yy: u32 = year_text.parse().map_err(|_| err())?;
                    done(format!("WO{yy:02}/{serial:06}"), Some(century(yy)))
                }
                _ => Err(err()),
            }
        }
        Office::Us => {
            let err = || unrecognised(raw, office, WHAT, "US 2024/0123456 A1");
            let body = upper.strip_prefix("US").unwrap_or(&upper);
            let body = body
                .strip_suffix("A1")
                .or_else(|| body.strip_suffix("A2"))
                .unwrap_or(body);
            let (year_text, serial_text) = match body.split_once('/') {
                Some(parts) => parts,
                None if body.len() == 11 && all_digits(body) => body.split_at(4),
                None => return Err(err()),
            };
            if year_text.len() != 4
                || !all_digits(year_text)
                || serial_text.len() != 7
                || !all_digits(serial_text)
            {
                return Err(err());
            }
            done(format!("{year_text}/{serial_text}"), year_text.parse().ok())
        }
        _ => {
            let body = upper.strip_prefix(office.code()).unwrap_or(&upper);
            if body.is_empty() {
                return Err(unrecognised(
                    raw,
                    office,
                    WHAT,
                    "the office's printed number",
                ));
            }
            done(body.to_string(), None)
        }
    }
}
