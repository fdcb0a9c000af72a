//! Application, registration and publication numbers as people type them, per office.
//!
//! Contract: every parser folds its input first ([`fold_typed`]: NFKC, so full-width digits and
//! `－／．` become ASCII; the dash look-alikes U+2010–2015, U+2212, U+30FC, U+FE58, U+FE63, U+FF0D
//! become `-`), then drops spaces, commas and the words 特願/第/号, converts era years, checks the
//! shape of the office, and returns the parts together with one canonical `normalized` form and the
//! `raw` text exactly as given. Two inputs denote the same number exactly when their `normalized`
//! forms (with the office) are equal, so `normalized` is the matching key for imports and the
//! uniqueness key in the store.
//!
//! Canonical application forms (`normalized`):
//!
//! | office | typed | normalized |
//! |---|---|---|
//! | JP | 特願2024-123456, ２０２４－１２３４５６, 特願平10-123456, 実願2021-1234 | `2024-123456`, `1998-123456`, `2021-001234` (Western year, six-digit serial; the right type is a separate field) |
//! | PCT | PCT/JP2024/012345, pct/jp03/1234 | `PCT/JP2024/012345` (from 2004), `PCT/JP03/01234` (before 2004: two-digit year, five-digit serial) |
//! | US | 17/123,456, US 17123456 | `17/123,456` (series code / serial with the USPTO's comma) |
//! | EP | EP 23 123 456.7, 23123456 | `23123456.7`, `23123456` (check digit kept when given, not verified) |
//! | CN | CN202410123456.X, 200310012345.6 | `202410123456.X` (check digit kept when given, not verified) |
//! | KR | 10-2024-0123456, 1020240123456 | `10-2024-0123456` |
//! | other | anything | upper-case, spaces/commas dropped |
//!
//! JP numbers carry era years before 2000 (特願平10-…, 特願昭63-…) and the Western year from 2000;
//! an era year of 2000 or later is refused because no such number was ever issued. PCT numbers
//! carry a four-digit year from 2004 (PCT Administrative Instructions, s. 307).

mod foreign;
mod jp;

use serde::{Deserialize, Serialize};
use unicode_normalization::UnicodeNormalization;

use crate::office::{Office, RightType};

/// Why a number could not be read. Messages start with the input and name the expected form.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NumberError {
    /// Nothing was given.
    #[error("the {what} is empty")]
    Empty {
        /// Which number: `application number`, `registration number`, …
        what: &'static str,
    },
    /// The text has no shape of that office's numbers.
    #[error("{raw} is not a {office} {what}: write it like {example}")]
    Unrecognised {
        /// The text as given.
        raw: String,
        /// The office code.
        office: String,
        /// Which number.
        what: &'static str,
        /// An example of the accepted form.
        example: &'static str,
    },
    /// The shape is right but a part is impossible (era year after 2000, serial 0, …).
    #[error("{raw} is not a valid {office} {what}: {reason}")]
    Invalid {
        /// The text as given.
        raw: String,
        /// The office code.
        office: String,
        /// Which number.
        what: &'static str,
        /// What is wrong and how to write it instead.
        reason: String,
    },
}

/// A parsed application number.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApplicationNumber {
    /// The office the number belongs to (`PCT` for international applications).
    pub office: Office,
    /// The kind of right when the number says it (特願 → patent, 実願 → utility model, US series
    /// 60–63 → provisional, CN type digit, KR type code); `None` when the number does not tell.
    pub right_type: Option<RightType>,
    /// The Gregorian filing year when the number carries one (JP, PCT, EP, CN, KR).
    pub year: Option<i32>,
    /// The serial within the year (or within the US series).
    pub serial: u64,
    /// The US series code (`17` in `17/123,456`).
    pub series: Option<u32>,
    /// The check character of EP and CN numbers, when given.
    pub check: Option<char>,
    /// The PCT receiving office (`JP` in `PCT/JP2024/012345`).
    pub receiving_office: Option<String>,
    /// The canonical form (see the module table): the matching and uniqueness key.
    pub normalized: String,
    /// The text exactly as given.
    pub raw: String,
}

impl ApplicationNumber {
    /// The number as a Japanese register shows it: `特願2024-123456`, `特願平10-123456`,
    /// `PCT/JP2024/012345`, `US 17/123,456`, `EP 23123456.7`.
    pub fn display(&self) -> String {
        match self.office {
            Office::Jp => jp::display_application(self),
            Office::Pct => self.normalized.clone(),
            _ => format!("{} {}", self.office.code(), self.normalized),
        }
    }
}

/// A parsed registration (grant) number.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegistrationNumber {
    /// The office that granted the right.
    pub office: Office,
    /// The kind of right when the text says it (特許/実用新案登録/意匠登録/商標登録, US `D`).
    pub right_type: Option<RightType>,
    /// The canonical form: JP `7123456`, US `11,234,567` / `D987,654` / `RE49,123`, EP `1234567`,
    /// CN `ZL202410123456.X`, KR `10-1234567`.
    pub normalized: String,
    /// The text exactly as given.
    pub raw: String,
}

impl RegistrationNumber {
    /// `特許第7123456号`, `意匠登録第1712345号`, or the office code and the number abroad.
    pub fn display(&self) -> String {
        match self.office {
            Office::Jp => {
                let word = match self.right_type {
                    Some(RightType::UtilityModel) => "実用新案登録",
                    Some(RightType::Design) => "意匠登録",
                    Some(RightType::Trademark) => "商標登録",
                    _ => "特許",
                };
                format!("{word}第{}号", self.normalized)
            }
            _ => format!("{} {}", self.office.code(), self.normalized),
        }
    }
}

/// A parsed publication number.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublicationNumber {
    /// The publishing office (`PCT` for WO publications).
    pub office: Office,
    /// The canonical form: JP `特開2024-123456` / `特表2024-512345` / `特公1995-012345`
    /// (kind word kept, Western year), PCT `WO2024/123456` (`WO03/012345` before 2004),
    /// US `2024/0123456`, other offices upper-case without spaces.
    pub normalized: String,
    /// The Gregorian year when the number carries one.
    pub year: Option<i32>,
    /// The text exactly as given.
    pub raw: String,
}

/// Folds typed text: NFKC (full-width → ASCII, ㍻ → 平成, `－／．` → `-/.`) and every dash
/// look-alike (U+2010–2015, U+2212, U+30FC, U+FE58, U+FE63, U+FF0D) to `-`. Spaces are kept.
pub fn fold_typed(raw: &str) -> String {
    raw.nfkc()
        .map(|c| match c {
            '\u{2010}'..='\u{2015}'
            | '\u{2212}'
            | '\u{30FC}'
            | '\u{FE58}'
            | '\u{FE63}'
            | '\u{FF0D}' => '-',
            other => other,
        })
        .collect()
}

/// [`fold_typed`], then without any whitespace or commas (`,` and the ideographic `、`).
pub fn compact(raw: &str) -> String {
    fold_typed(raw)
        .chars()
        .filter(|c| !c.is_whitespace() && *c != ',' && *c != '、')
        .collect()
}

/// Reads an application number of `office`.
///
/// ```
/// use chizai_core::{numbers::parse_application_number, office::Office};
/// let n = parse_application_number(&Office::Jp, "特願平１０－１２３４５６").unwrap();
/// assert_eq!(n.normalized, "1998-123456");
/// assert_eq!(n.raw, "特願平１０－１２３４５６");
/// ```
pub fn parse_application_number(
    office: &Office,
    raw: &str,
) -> Result<ApplicationNumber, NumberError> {
    let text = compact(raw);
    if text.is_empty() {
        return Err(NumberError::Empty {
            what: "application number",
        });
    }
    match office {
        Office::Jp => jp::application(raw, &text),
        Office::Pct => foreign::pct_application(raw, &text),
        Office::Us => foreign::us_application(raw, &text),
        Office::Ep => foreign::ep_application(raw, &text),
        Office::Cn => foreign::cn_application(raw, &text),
        Office::Kr => foreign::kr_application(raw, &text),
        _ => Ok(foreign::other_application(office, raw, &text)),
    }
}

/// Reads a registration (grant) number of `office`.
pub fn parse_registration_number(
    office: &Office,
    raw: &str,
) -> Result<RegistrationNumber, NumberError> {
    let text = compact(raw);
    if text.is_empty() {
        return Err(NumberError::Empty {
            what: "registration number",
        });
    }
    match office {
        Office::Jp => jp::registration(raw, &text),
        _ => foreign::registration(office, raw, &text),
    }
}

/// Reads a publication number of `office` (JP 特開/特表/再表/特公/実開, PCT WO, US pre-grant).
pub fn parse_publication_number(
    office: &Office,
    raw: &str,
) -> Result<PublicationNumber, NumberError> {
    let text = compact(raw);
    if text.is_empty() {
        return Err(NumberError::Empty {
            what: "publication number",
        });
    }
    match office {
        Office::Jp => jp::publication(raw, &text),
        _ => foreign::publication(office, raw, &text),
    }
}

/// Guesses the office from an application number's own shape, for sheets without an office
/// column: `PCT/…` → PCT, 特願/実願/意願/商願 or `2024-123456` → JP, `EP…` → EP, `17/123,456` → US,
/// `CN…`/`202410123456.X` → CN, `KR…`/`10-2024-0123456` → KR. `None` when nothing fits.
pub fn infer_office(raw: &str) -> Option<Office> {
    let text = compact(raw).to_uppercase();
    if text.starts_with("PCT") {
        return Some(Office::Pct);
    }
    let jp_words = [
        "特願",
        "実願",
        "意願",
        "商願",
        "特許出願",
        "実用新案登録出願",
        "意匠登録出願",
        "商標登録出願",
    ];
    if jp_words.iter().any(|w| text.starts_with(w)) {
        return Some(Office::Jp);
    }
    for (prefix, office) in [
        ("EP", Office::Ep),
        ("US", Office::Us),
        ("CN", Office::Cn),
        ("ZL", Office::Cn),
        ("KR", Office::Kr),
        ("JP", Office::Jp),
    ] {
        if text.starts_with(prefix) {
            return Some(office);
        }
    }
    [Office::Jp, Office::Kr, Office::Us, Office::Cn, Office::Ep]
        .into_iter()
        .find(|office| parse_application_number(office, raw).is_ok())
}

#[cfg(test)]
mod tests;
