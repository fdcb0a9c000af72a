//! Offices and kinds of right as people type them in registers: codes in any case and width, the
//! English names, and the Japanese words (`日本`, `米国`, `欧州`, `特許`, `実用新案`, `意匠`, `商標`, …).
//!
//! The types themselves are the closed vocabularies of [`crate::domain`] ([`Office`] serialises as
//! its upper-case code, [`RightType`] in snake_case). `Office::parse` / `RightType::parse` (and
//! `FromStr`, serde) accept exactly the stored spellings plus the aliases below; an unknown value is
//! an error that lists what is accepted, never a silent "other".

use unicode_normalization::UnicodeNormalization;

pub use crate::domain::{Office, RightType};

/// Typed names of offices other than the stored code.
pub(crate) fn office_alias(text: &str) -> Option<Office> {
    let key: String = text.nfkc().filter(|c| !c.is_whitespace()).collect();
    let office = match key.to_ascii_uppercase().as_str() {
        "JP" | "JPO" | "JAPAN" | "日本" | "日本国" | "特許庁" => Office::Jp,
        "PCT" | "WO" | "国際" | "国際出願" | "PCT出願" => Office::Pct,
        "US" | "USA" | "USPTO" | "UNITEDSTATES" | "米国" | "アメリカ" | "アメリカ合衆国" => {
            Office::Us
        }
        "EP" | "EPO" | "EUROPE" | "欧州" | "ヨーロッパ" | "欧州特許庁" => Office::Ep,
        "CN" | "CHINA" | "CNIPA" | "中国" | "中華人民共和国" => Office::Cn,
        "KR" | "KOREA" | "KIPO" | "韓国" | "大韓民国" => Office::Kr,
        "TW" | "TAIWAN" | "台湾" => Office::Tw,
        "DE" | "GERMANY" | "ドイツ" => Office::De,
        "GB" | "UK" | "英国" | "イギリス" => Office::Gb,
        "FR" | "FRANCE" | "フランス" => Office::Fr,
        "CA" | "CANADA" | "カナダ" => Office::Ca,
        "AU" | "AUSTRALIA" | "豪州" | "オーストラリア" => Office::Au,
        "IN" | "INDIA" | "インド" => Office::In,
        "SG" | "SINGAPORE" | "シンガポール" => Office::Sg,
        _ => return None,
    };
    Some(office)
}

/// Typed names of rights other than the stored code.
pub(crate) fn right_type_alias(text: &str) -> Option<RightType> {
    let key: String = text.nfkc().filter(|c| !c.is_whitespace()).collect();
    let right = match key.to_ascii_lowercase().replace(['-', ' '], "_").as_str() {
        "patent" | "特許" | "発明" | "特許出願" => RightType::Patent,
        "utility_model" | "utilitymodel" | "um" | "実用新案" | "実案" | "実用新案登録" => {
            RightType::UtilityModel
        }
        "design" | "意匠" | "意匠登録" => RightType::Design,
        "trademark" | "tm" | "商標" | "商標登録" => RightType::Trademark,
        "provisional" | "仮出願" | "米国仮出願" => RightType::Provisional,
        _ => return None,
    };
    Some(right)
}

impl Office {
    /// The stable code: `JP`, `PCT`, `US`, `EP`, …
    pub fn code(self) -> &'static str {
        self.as_str()
    }

    /// The Japanese name shown first in the UI and in reports.
    pub fn name_ja(self) -> &'static str {
        match self {
            Office::Jp => "日本",
            Office::Pct => "PCT",
            Office::Us => "米国",
            Office::Ep => "欧州",
            Office::Cn => "中国",
            Office::Kr => "韓国",
            Office::Tw => "台湾",
            Office::De => "ドイツ",
            Office::Gb => "英国",
            Office::Fr => "フランス",
            Office::Ca => "カナダ",
            Office::Au => "豪州",
            Office::In => "インド",
            Office::Sg => "シンガポール",
        }
    }
}

impl RightType {
    /// The stable snake_case code used in JSON and the database.
    pub fn code(self) -> &'static str {
        self.as_str()
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
    #[case("de", Office::De)]
    fn office_parses_codes_and_japanese_names(#[case] input: &str, #[case] want: Office) {
        assert_eq!(
            input.parse::<Office>().ok(),
            Some(want),
            "{input:?} names a known office"
        );
    }

    #[rstest]
    #[case("")]
    #[case("Narnia")]
    #[case("D3")]
    #[case("火星")]
    fn office_rejects_unknown_names(#[case] input: &str) {
        let err = input
            .parse::<Office>()
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(
            err.starts_with("office:"),
            "{input:?} is no office; the error names the field, got {err:?}"
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
            input.parse::<RightType>().ok(),
            Some(want),
            "{input:?} names a right"
        );
    }

    #[test]
    fn serde_uses_the_stable_codes() {
        let json = serde_json::to_string(&(Office::Pct, Office::De, RightType::UtilityModel)).ok();
        assert_eq!(
            json.as_deref(),
            Some(r#"["PCT","DE","utility_model"]"#),
            "offices serialise upper-case, rights snake_case"
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
                right.code().parse::<RightType>().ok(),
                Some(*right),
                "code of {right:?} parses back"
            );
            assert_eq!(
                right.name_ja().parse::<RightType>().ok(),
                Some(*right),
                "Japanese name of {right:?} parses back"
            );
        }
    }
}
