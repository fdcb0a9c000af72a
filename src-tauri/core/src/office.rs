//! Patent offices and kinds of right: the two small vocabularies every register shares.
//!
//! Contract:
//! - [`Office`] serialises as its upper-case code (`"JP"`, `"PCT"`, `"US"`, `"EP"`, `"CN"`, `"KR"`,
//!   or any other two-letter ISO 3166 / WIPO ST.3 code such as `"DE"`), so the JSON export, the
//!   database column and the TypeScript side all see the same short string.
//! - [`RightType`] serialises in snake_case (`"patent"`, `"utility_model"`, `"design"`,
//!   `"trademark"`, `"provisional"`).
//! - Both parse (`FromStr`) what people type in the registers: the code in any case, the English
//!   name, or the Japanese word (`日本`, `米国`, `欧州`, `特許`, `実用新案`, `意匠`, `商標`, …). An
//!   unknown value is an error that lists what is accepted, never a silent `Other`.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use unicode_normalization::UnicodeNormalization;

/// Errors of this module: a value that names no office or no kind of right.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OfficeError {
    /// The text is not an office Chizai knows, nor a two-letter country code.
    #[error("unknown office {0:?}: use JP, PCT, US, EP, CN, KR or another two-letter country code (日本, 米国, 欧州, 中国, 韓国 are accepted too)")]
    UnknownOffice(String),
    /// The text is not a kind of right.
    #[error("unknown right type {0:?}: use patent (特許), utility_model (実用新案), design (意匠), trademark (商標) or provisional (仮出願)")]
    UnknownRightType(String),
}

/// A patent office (or the PCT international phase, which Chizai files like an office).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub enum Office {
    /// Japan Patent Office (特許庁).
    Jp,
    /// International application under the Patent Cooperation Treaty.
    Pct,
    /// United States Patent and Trademark Office.
    Us,
    /// European Patent Office.
    Ep,
    /// China National Intellectual Property Administration.
    Cn,
    /// Korean Intellectual Property Office.
    Kr,
    /// Any other office, by its two-letter upper-case code (`DE`, `GB`, `TW`, …).
    Other(String),
}

impl Office {
    /// The stable code: `JP`, `PCT`, `US`, `EP`, `CN`, `KR` or the other office's code.
    pub fn code(&self) -> &str {
        match self {
            Office::Jp => "JP",
            Office::Pct => "PCT",
            Office::Us => "US",
            Office::Ep => "EP",
            Office::Cn => "CN",
            Office::Kr => "KR",
            Office::Other(code) => code,
        }
    }

    /// The Japanese name shown first in the UI and in reports.
    pub fn name_ja(&self) -> &str {
        match self {
            Office::Jp => "日本",
            Office::Pct => "PCT",
            Office::Us => "米国",
            Office::Ep => "欧州",
            Office::Cn => "中国",
            Office::Kr => "韓国",
            Office::Other(code) => code,
        }
    }
}

impl fmt::Display for Office {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl FromStr for Office {
    type Err = OfficeError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let key: String = s.nfkc().filter(|c| !c.is_whitespace()).collect();
        let upper = key.to_ascii_uppercase();
        let office = match upper.as_str() {
            "JP" | "JPO" | "JAPAN" | "日本" | "日本国" | "特許庁" => Office::Jp,
            "PCT" | "WO" | "国際" | "国際出願" | "PCT出願" => Office::Pct,
            "US" | "USA" | "USPTO" | "UNITEDSTATES" | "米国" | "アメリカ" | "アメリカ合衆国" => {
                Office::Us
            }
            "EP" | "EPO" | "EUROPE" | "欧州" | "ヨーロッパ" | "欧州特許庁" => {
                Office::Ep
            }
            "CN" | "CHINA" | "CNIPA" | "中国" | "中華人民共和国" => Office::Cn,
            "KR" | "KOREA" | "KIPO" | "韓国" | "大韓民国" => Office::Kr,
            code if code.len() == 2 && code.bytes().all(|b| b.is_ascii_uppercase()) => {
                Office::Other(code.to_string())
            }
            _ => return Err(OfficeError::UnknownOffice(s.to_string())),
        };
        Ok(office)
    }
}

impl TryFrom<String> for Office {
    type Error = OfficeError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        value.parse()
    }
}

impl From<Office> for String {
    fn from(office: Office) -> Self {
        office.code().to_string()
    }
}

/// The kind of industrial-property right an application is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RightType {
    /// 特許 (Patent Act).
    Patent,
    /// 実用新案 (Utility Model Act).
    UtilityModel,
    /// 意匠 (Design Act).
    Design,
    /// 商標 (Trademark Act).
    Trademark,
    /// A US provisional application (35 USC 111(b)); becomes nothing unless followed up.
    Provisional,
}

impl RightType {
    /// All kinds, in display order.
    pub const ALL: [RightType; 5] = [
        RightType::Patent,
        RightType::UtilityModel,
        RightType::Design,
        RightType::Trademark,
        RightType::Provisional,
    ];

    /// The stable snake_case code used in JSON and the database.
    pub fn code(self) -> &'static str {
        match self {
            RightType::Patent => "patent",
            RightType::UtilityModel => "utility_model",
            RightType::Design => "design",
            RightType::Trademark => "trademark",
            RightType::Provisional => "provisional",
        }
    }

    /// The Japanese name.
    pub fn name_ja(self) -> &'static str {
        match self {
            RightType::Patent => "特許",
            RightType::UtilityModel => "実用新案",
            RightType::Design => "意匠",
            RightType::Trademark => "商標",
            RightType::Provisional => "仮出願",
        }
    }
}

impl fmt::Display for RightType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl FromStr for RightType {
    type Err = OfficeError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let key: String = s.nfkc().filter(|c| !c.is_whitespace()).collect();
        let lower = key.to_ascii_lowercase().replace(['-', ' '], "_");
        let right = match lower.as_str() {
            "patent" | "特許" | "発明" | "特許出願" => RightType::Patent,
            "utility_model" | "utilitymodel" | "um" | "実用新案" | "実案" | "実用新案登録" => {
                RightType::UtilityModel
            }
            "design" | "意匠" | "意匠登録" => RightType::Design,
            "trademark" | "tm" | "商標" | "商標登録" => RightType::Trademark,
            "provisional" | "仮出願" | "米国仮出願" => RightType::Provisional,
            _ => return Err(OfficeError::UnknownRightType(s.to_string())),
        };
        Ok(right)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    #[rstest]
    #[case("JP", Office::Jp)]
    #[case("jp", Office::Jp)]
    #[case("ＪＰ", Office::Jp)]
    #[case("日本", Office::Jp)]
    #[case("PCT", Office::Pct)]
    #[case("WO", Office::Pct)]
    #[case("米国", Office::Us)]
    #[case(" us ", Office::Us)]
    #[case("欧州", Office::Ep)]
    #[case("中国", Office::Cn)]
    #[case("韓国", Office::Kr)]
    #[case("de", Office::Other("DE".into()))]
    fn office_parses_codes_and_japanese_names(#[case] input: &str, #[case] want: Office) {
        assert_eq!(
            input.parse::<Office>(),
            Ok(want),
            "{input:?} names a known office"
        );
    }

    #[rstest]
    #[case("")]
    #[case("Narnia")]
    #[case("D3")]
    #[case("火星")]
    fn office_rejects_unknown_names(#[case] input: &str) {
        let err = input.parse::<Office>().err();
        assert!(
            matches!(err, Some(OfficeError::UnknownOffice(_))),
            "{input:?} is no office, got {err:?}"
        );
    }

    #[rstest]
    #[case("patent", RightType::Patent)]
    #[case("特許", RightType::Patent)]
    #[case("utility_model", RightType::UtilityModel)]
    #[case("Utility-Model", RightType::UtilityModel)]
    #[case("実用新案", RightType::UtilityModel)]
    #[case("意匠", RightType::Design)]
    #[case("商標", RightType::Trademark)]
    #[case("provisional", RightType::Provisional)]
    fn right_type_parses_codes_and_japanese_names(#[case] input: &str, #[case] want: RightType) {
        assert_eq!(
            input.parse::<RightType>(),
            Ok(want),
            "{input:?} names a right"
        );
    }

    #[test]
    fn serde_uses_the_stable_codes() {
        let json = serde_json::to_string(&(
            Office::Pct,
            Office::Other("DE".into()),
            RightType::UtilityModel,
        ));
        assert_eq!(
            json.ok().as_deref(),
            Some(r#"["PCT","DE","utility_model"]"#),
            "offices serialise upper-case, rights snake_case"
        );
        let back: Result<(Office, RightType), _> = serde_json::from_str(r#"["kr","design"]"#);
        assert_eq!(
            back.ok(),
            Some((Office::Kr, RightType::Design)),
            "deserialising goes through FromStr"
        );
        let bad: Result<Office, _> = serde_json::from_str(r#""Narnia""#);
        assert!(
            bad.is_err(),
            "an unknown office is refused when deserialising"
        );
    }

    #[test]
    fn every_right_type_round_trips_through_its_code() {
        for right in RightType::ALL {
            assert_eq!(
                right.code().parse::<RightType>(),
                Ok(right),
                "code of {right:?} parses back"
            );
            assert_eq!(
                right.name_ja().parse::<RightType>(),
                Ok(right),
                "Japanese name of {right:?} parses back"
            );
        }
    }
}
