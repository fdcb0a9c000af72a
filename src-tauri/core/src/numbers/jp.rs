//! JPO numbers: 特願2024-123456, 特願平10-123456, 特許第7123456号, 特開2024-123456.
//!
//! The input arrives folded and compacted (see the parent module). Application numbers before
//! 2000 carry the era year (平 or 昭, also H/S or the full era name); from 2000 the Western year.
//! The serial has six digits; fewer are accepted and zero-padded (people drop leading zeros).

use super::{ApplicationNumber, NumberError, PublicationNumber, RegistrationNumber};
use crate::era::Era;
use crate::office::{Office, RightType};

const APP_EXAMPLE: &str = "特願2024-123456 (or 2024-123456; before 2000 特願平10-123456)";
const REG_EXAMPLE: &str = "特許第7123456号 (or 7123456)";
const PUB_EXAMPLE: &str = "特開2024-123456 or 特表2024-512345";

/// Application prefixes, longest first so that 実用新案登録出願 wins over shorter words.
const APP_WORDS: [(&str, RightType); 8] = [
    ("実用新案登録出願", RightType::UtilityModel),
    ("意匠登録出願", RightType::Design),
    ("商標登録出願", RightType::Trademark),
    ("特許出願", RightType::Patent),
    ("特願", RightType::Patent),
    ("実願", RightType::UtilityModel),
    ("意願", RightType::Design),
    ("商願", RightType::Trademark),
];

const REG_WORDS: [(&str, RightType); 7] = [
    ("実用新案登録", RightType::UtilityModel),
    ("意匠登録", RightType::Design),
    ("商標登録", RightType::Trademark),
    ("実登", RightType::UtilityModel),
    ("特許", RightType::Patent),
    ("意登", RightType::Design),
    ("商登", RightType::Trademark),
];

const PUB_WORDS: [&str; 6] = ["特開", "特表", "再表", "特公", "実開", "実公"];

fn invalid(raw: &str, what: &'static str, reason: String) -> NumberError {
    NumberError::Invalid {
        raw: raw.trim().to_string(),
        office: "JP".into(),
        what,
        reason,
    }
}

fn unrecognised(raw: &str, what: &'static str, example: &'static str) -> NumberError {
    NumberError::Unrecognised {
        raw: raw.trim().to_string(),
        office: "JP".into(),
        what,
        example,
    }
}

fn strip_ascii_prefix<'a>(text: &'a str, prefix: &str) -> &'a str {
    match text.get(..prefix.len()) {
        Some(head) if head.eq_ignore_ascii_case(prefix) => &text[prefix.len()..],
        _ => text,
    }
}

/// Splits an era marker (平成/平/H, 昭和/昭/S; 令和/令/R so that it can be refused clearly).
fn split_era(text: &str) -> Option<(Era, &str)> {
    let forms: [(&str, Era); 9] = [
        ("平成", Era::Heisei),
        ("昭和", Era::Showa),
        ("令和", Era::Reiwa),
        ("平", Era::Heisei),
        ("昭", Era::Showa),
        ("令", Era::Reiwa),
        ("H", Era::Heisei),
        ("S", Era::Showa),
        ("R", Era::Reiwa),
    ];
    forms.into_iter().find_map(|(form, era)| {
        let rest = strip_ascii_prefix_exact(text, form)?;
        rest.starts_with(|c: char| c.is_ascii_digit() || c == '元')
            .then_some((era, rest))
    })
}

fn strip_ascii_prefix_exact<'a>(text: &'a str, prefix: &str) -> Option<&'a str> {
    let head = text.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| &text[prefix.len()..])
}

fn digits_prefix(text: &str) -> (&str, &str) {
    let n = text.bytes().take_while(u8::is_ascii_digit).count();
    text.split_at(n)
}

/// Reads `<year><sep><serial>` with an era or Western year; returns (Gregorian year, serial).
fn year_and_serial(
    raw: &str,
    body: &str,
    what: &'static str,
    example: &'static str,
    max_serial_digits: usize,
) -> Result<(i32, u64), NumberError> {
    let (year, rest) = if let Some((era, rest)) = split_era(body) {
        let (year_text, rest) = match rest.strip_prefix('元') {
            Some(rest) => ("1", rest),
            None => digits_prefix(rest),
        };
        if year_text.is_empty() || year_text.len() > 2 {
            return Err(unrecognised(raw, what, example));
        }
        let era_year: u32 = year_text
            .parse()
            .map_err(|_| unrecognised(raw, what, example))?;
        if era_year == 0 {
            return Err(invalid(
                raw,
                what,
                format!("there is no year 0 of {}", era.name()),
            ));
        }
        let year = era.gregorian_year(era_year);
        let last_year = era.last_day().map(|d| chrono::Datelike::year(&d));
        if last_year.is_some_and(|last| year > last) {
            return Err(invalid(
                raw,
                what,
                format!("{} has no year {era_year}", era.name()),
            ));
        }
        if year >= 2000 {
            return Err(invalid(
                raw,
                what,
                format!(
                    "numbers from 2000 on carry the Western year: write {year}-… instead of {}{era_year}-…",
                    era.name()
                ),
            ));
        }
        let rest = rest
            .strip_prefix(['-', '年'])
            .ok_or_else(|| unrecognised(raw, what, example))?;
        (year, rest)
    } else {
        let (year_text, rest) = digits_prefix(body);
        match (year_text.len(), rest.strip_prefix(['-', '年', '/'])) {
            (4, Some(rest)) => (
                year_text
                    .parse()
                    .map_err(|_| unrecognised(raw, what, example))?,
                rest,
            ),
            (n, None) if n == 4 + max_serial_digits && rest.is_empty() => {
                let (y, s) = year_text.split_at(4);
                (y.parse().map_err(|_| unrecognised(raw, what, example))?, s)
            }
            _ => return Err(unrecognised(raw, what, example)),
        }
    };
    if !(1885..=2200).contains(&year) {
        return Err(invalid(
            raw,
            what,
            format!("year {year} is not a plausible filing year"),
        ));
    }
    if rest.is_empty()
        || rest.len() > max_serial_digits
        || !rest.bytes().all(|b| b.is_ascii_digit())
    {
        return Err(unrecognised(raw, what, example));
    }
    let serial: u64 = rest.parse().map_err(|_| unrecognised(raw, what, example))?;
    if serial == 0 {
        return Err(invalid(raw, what, "the serial number cannot be 0".into()));
    }
    Ok((year, serial))
}

fn without_number_words(text: &str) -> String {
    text.chars()
        .filter(|c| *c != '第' && *c != '号' && *c != ':')
        .collect()
}

pub(super) fn application(raw: &str, text: &str) -> Result<ApplicationNumber, NumberError> {
    const WHAT: &str = "application number";
    let text = text.strip_prefix("出願番号").unwrap_or(text);
    let text = without_number_words(text);
    let body = strip_ascii_prefix(&text, "JP");
    let mut body = body.strip_prefix("出願番号").unwrap_or(body);
    let mut right_type = None;
    for (word, right) in APP_WORDS {
        if let Some(rest) = body.strip_prefix(word) {
            right_type = Some(right);
            body = rest;
            break;
        }
    }
    if body.to_ascii_uppercase().starts_with("PCT") {
        return Err(invalid(
            raw,
            WHAT,
            "this is a PCT number: record it with office PCT".into(),
        ));
    }
    let (year, serial) = year_and_serial(raw, body, WHAT, APP_EXAMPLE, 6)?;
    Ok(ApplicationNumber {
        office: Office::Jp,
        right_type,
        year: Some(year),
        serial,
        series: None,
        check: None,
        receiving_office: None,
        normalized: format!("{year}-{serial:06}"),
        raw: raw.to_string(),
    })
}

/// `特願2024-123456`, or `特願平10-123456` before 2000 (1989 is shown as 平成元年, although
/// numbers of its first week were 昭64: the stored raw text keeps what was actually issued).
pub(super) fn display_application(number: &ApplicationNumber) -> String {
    let word = match number.right_type {
        Some(RightType::UtilityModel) => "実願",
        Some(RightType::Design) => "意願",
        Some(RightType::Trademark) => "商願",
        _ => "特願",
    };
    let year = number.year.unwrap_or_default();
    if year >= 2000 {
        return format!("{word}{year}-{:06}", number.serial);
    }
    let (mark, era_year) = if year >= 1989 {
        ("平", year - 1988)
    } else {
        ("昭", year - 1925)
    };
    format!("{word}{mark}{era_year}-{:06}", number.serial)
}

pub(super) fn registration(raw: &str, text: &str) -> Result<RegistrationNumber, NumberError> {
    const WHAT: &str = "registration number";
    let text = text.strip_prefix("登録番号").unwrap_or(text);
    let text = without_number_words(text);
    let mut body = strip_ascii_prefix(&text, "JP");
    let mut right_type = None;
    for (word, right) in REG_WORDS {
        if let Some(rest) = body.strip_prefix(word) {
            right_type = Some(right);
            body = rest;
            break;
        }
    }
    let (digits, kind_code) = digits_prefix(body);
    let kind_ok = kind_code.is_empty()
        || (kind_code.len() <= 2
            && kind_code.starts_with(|c: char| c.is_ascii_alphabetic())
            && kind_code[1..].bytes().all(|b| b.is_ascii_digit()));
    if digits.is_empty() || digits.len() > 7 || !kind_ok {
        return Err(unrecognised(raw, WHAT, REG_EXAMPLE));
    }
    let number: u64 = digits
        .parse()
        .map_err(|_| unrecognised(raw, WHAT, REG_EXAMPLE))?;
    if number == 0 {
        return Err(invalid(
            raw,
            WHAT,
            "a registration number cannot be 0".into(),
        ));
    }
    Ok(RegistrationNumber {
        office: Office::Jp,
        right_type,
        normalized: number.to_string(),
        raw: raw.to_string(),
    })
}

pub(super) fn publication(raw: &str, text: &str) -> Result<PublicationNumber, NumberError> {
    const WHAT: &str = "publication number";
    let text = without_number_words(text);
    let body = strip_ascii_prefix(&text, "JP");
    let Some(word) = PUB_WORDS.into_iter().find(|w| body.starts_with(w)) else {
        return Err(unrecognised(raw, WHAT, PUB_EXAMPLE));
    };
    let rest = &body[word.len()..];
    let (year, serial) = year_and_serial(raw, rest, WHAT, PUB_EXAMPLE, 6)?;
    let normalized = if word == "再表" {
        format!("{word}{year}/{serial:06}")
    } else {
        format!("{word}{year}-{serial:06}")
    };
    Ok(PublicationNumber {
        office: Office::Jp,
        normalized,
        year: Some(year),
        raw: raw.to_string(),
    })
}
