use proptest::prelude::*;
use rstest::rstest;

use super::*;
use crate::office::{Office, RightType};

fn app(office: Office, raw: &str) -> Result<ApplicationNumber, NumberError> {
    parse_application_number(&office, raw)
}

#[rstest]
#[case::plain("特願2024-123456", "2024-123456", Some(RightType::Patent))]
#[case::no_word("2024-123456", "2024-123456", None)]
#[case::full_width("特願２０２４－１２３４５６", "2024-123456", Some(RightType::Patent))]
#[case::katakana_long_vowel("特願2024ー123456", "2024-123456", Some(RightType::Patent))]
#[case::minus_sign("2024\u{2212}123456", "2024-123456", None)]
#[case::em_dash("2024\u{2014}123456", "2024-123456", None)]
#[case::spaces("特願 2024 - 123456", "2024-123456", Some(RightType::Patent))]
#[case::dai_go("特願第2024-123456号", "2024-123456", Some(RightType::Patent))]
#[case::run_together("2024123456", "2024-123456", None)]
#[case::short_serial("特願2024-1234", "2024-001234", Some(RightType::Patent))]
#[case::jp_prefix("JP2024-123456", "2024-123456", None)]
#[case::heisei("特願平10-123456", "1998-123456", Some(RightType::Patent))]
#[case::heisei_full_width("特願平１０－１２３４５６", "1998-123456", Some(RightType::Patent))]
#[case::heisei_letter("H10-123456", "1998-123456", None)]
#[case::heisei_name_nen("特願平成10年第123456号", "1998-123456", Some(RightType::Patent))]
#[case::heisei_gannen("特願平元-000123", "1989-000123", Some(RightType::Patent))]
#[case::heisei_11("特願平11-999999", "1999-999999", Some(RightType::Patent))]
#[case::showa("特願昭63-012345", "1988-012345", Some(RightType::Patent))]
#[case::showa_letter("s63-12345", "1988-012345", None)]
#[case::square_era("特願㍻10-123456", "1998-123456", Some(RightType::Patent))]
#[case::utility_model("実願2021-001234", "2021-001234", Some(RightType::UtilityModel))]
#[case::design("意願2022-012345", "2022-012345", Some(RightType::Design))]
#[case::trademark("商願2023-123456", "2023-123456", Some(RightType::Trademark))]
#[case::long_word(
    "実用新案登録出願2021-1234",
    "2021-001234",
    Some(RightType::UtilityModel)
)]
#[case::label("出願番号:特願2024-123456", "2024-123456", Some(RightType::Patent))]
fn jp_application_numbers_normalise(
    #[case] raw: &str,
    #[case] normalized: &str,
    #[case] right: Option<RightType>,
) {
    let n = app(Office::Jp, raw);
    assert_eq!(
        n.as_ref().map(|n| n.normalized.as_str()),
        Ok(normalized),
        "{raw:?} is a JP application number"
    );
    let n = n.ok();
    assert_eq!(
        n.as_ref().and_then(|n| n.right_type),
        right,
        "the word before the number names the right"
    );
    assert_eq!(
        n.as_ref().map(|n| n.raw.as_str()),
        Some(raw),
        "the raw text is kept exactly as typed"
    );
}

#[rstest]
#[case::era_after_2000("特願平12-123456", "Western year")]
#[case::reiwa("特願令和5-123456", "Western year")]
#[case::showa_65("特願昭65-123456", "has no year 65")]
#[case::zero_serial("特願2024-000000", "cannot be 0")]
#[case::pct("PCT/JP2024/012345", "PCT number")]
fn jp_application_numbers_refuse_impossible_parts(#[case] raw: &str, #[case] reason: &str) {
    let err = app(Office::Jp, raw)
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(
        err.contains(reason),
        "{raw:?} must be refused saying {reason:?}, got {err:?}"
    );
    assert!(
        err.starts_with(raw),
        "the message starts with the input: {err:?}"
    );
}

#[rstest]
#[case("")]
#[case("   ")]
#[case("特願")]
#[case("24-123456")]
#[case("2024-1234567")]
#[case("2024123")]
#[case("abc")]
#[case("特願2024-12a456")]
#[case("2024--123456")]
fn jp_application_numbers_refuse_other_shapes(#[case] raw: &str) {
    assert!(
        app(Office::Jp, raw).is_err(),
        "{raw:?} is no JP application number"
    );
}

#[rstest]
#[case::new("PCT/JP2024/012345", "PCT/JP2024/012345", 2024)]
#[case::lower_case("pct/jp2024/12345", "PCT/JP2024/012345", 2024)]
#[case::full_width("ＰＣＴ／ＪＰ２０２４／０１２３４５", "PCT/JP2024/012345", 2024)]
#[case::spaces("PCT / JP2024 / 012345", "PCT/JP2024/012345", 2024)]
#[case::run_together("PCTJP2024012345", "PCT/JP2024/012345", 2024)]
#[case::other_ro("PCT/US2010/000001", "PCT/US2010/000001", 2010)]
#[case::old("PCT/JP03/01234", "PCT/JP03/01234", 2003)]
#[case::old_short("PCT/JP03/1234", "PCT/JP03/01234", 2003)]
#[case::nineties("PCT/JP98/00012", "PCT/JP98/00012", 1998)]
fn pct_numbers_normalise(#[case] raw: &str, #[case] normalized: &str, #[case] year: i32) {
    let n = app(Office::Pct, raw);
    assert_eq!(
        n.as_ref().map(|n| n.normalized.as_str()),
        Ok(normalized),
        "{raw:?} is a PCT number"
    );
    assert_eq!(
        n.ok().and_then(|n| n.year),
        Some(year),
        "two-digit years before 2004, four after"
    );
}

#[rstest]
#[case::four_digit_before_2004("PCT/JP2003/012345")]
#[case::two_digit_after_2004("PCT/JP05/01234")]
#[case::no_ro("PCT/2024/012345")]
#[case::too_long_serial("PCT/JP2024/1234567")]
#[case::not_pct("JP2024/012345")]
fn pct_numbers_refuse_wrong_forms(#[case] raw: &str) {
    assert!(
        app(Office::Pct, raw).is_err(),
        "{raw:?} is no PCT application number of its year"
    );
}

#[rstest]
#[case("17/123,456", "17/123,456", None)]
#[case("US 17/123456", "17/123,456", None)]
#[case("17123456", "17/123,456", None)]
#[case("１７／１２３，４５６", "17/123,456", None)]
#[case("63/012,345", "63/012,345", Some(RightType::Provisional))]
#[case("29/123,456", "29/123,456", Some(RightType::Design))]
fn us_numbers_normalise(
    #[case] raw: &str,
    #[case] normalized: &str,
    #[case] right: Option<RightType>,
) {
    let n = app(Office::Us, raw);
    assert_eq!(
        n.as_ref().map(|n| n.normalized.as_str()),
        Ok(normalized),
        "{raw:?} is a US number"
    );
    assert_eq!(
        n.ok().and_then(|n| n.right_type),
        right,
        "series 60–63 are provisionals, 29 designs"
    );
}

#[rstest]
#[case("EP 23123456.7", "23123456.7", 2023)]
#[case("23123456.7", "23123456.7", 2023)]
#[case("EP23 123 456", "23123456", 2023)]
#[case("99123456.1", "99123456.1", 1999)]
fn ep_numbers_normalise(#[case] raw: &str, #[case] normalized: &str, #[case] year: i32) {
    let n = app(Office::Ep, raw);
    assert_eq!(
        n.as_ref().map(|n| n.normalized.as_str()),
        Ok(normalized),
        "{raw:?} is an EP number"
    );
    assert_eq!(
        n.ok().and_then(|n| n.year),
        Some(year),
        "the first two digits are the year"
    );
}

#[rstest]
#[case("CN202410123456.X", "202410123456.X", RightType::Patent)]
#[case("ZL 202420123456.1", "202420123456.1", RightType::UtilityModel)]
#[case("202430123456", "202430123456", RightType::Design)]
#[case("03112345.6", "03112345.6", RightType::Patent)]
fn cn_numbers_normalise(#[case] raw: &str, #[case] normalized: &str, #[case] right: RightType) {
    let n = app(Office::Cn, raw);
    assert_eq!(
        n.as_ref().map(|n| n.normalized.as_str()),
        Ok(normalized),
        "{raw:?} is a CN number"
    );
    assert_eq!(
        n.ok().and_then(|n| n.right_type),
        Some(right),
        "the type digit names the right"
    );
}

#[rstest]
#[case("10-2024-0123456", "10-2024-0123456", RightType::Patent)]
#[case("KR 1020240123456", "10-2024-0123456", RightType::Patent)]
#[case("30-2023-0012345", "30-2023-0012345", RightType::Design)]
fn kr_numbers_normalise(#[case] raw: &str, #[case] normalized: &str, #[case] right: RightType) {
    let n = app(Office::Kr, raw);
    assert_eq!(
        n.as_ref().map(|n| n.normalized.as_str()),
        Ok(normalized),
        "{raw:?} is a KR number"
    );
    assert_eq!(
        n.ok().and_then(|n| n.right_type),
        Some(right),
        "the first two digits name the right"
    );
}

#[rstest]
#[case(Office::Us, "17/1234567")]
#[case(Office::Us, "123/123456")]
#[case(Office::Ep, "2312345.7")]
#[case(Office::Ep, "23123456.77")]
#[case(Office::Cn, "202450123456.1")]
#[case(Office::Cn, "20241012345.1")]
#[case(Office::Kr, "10-2024-012345")]
#[case(Office::Kr, "99-2024-0123456")]
fn foreign_numbers_refuse_wrong_shapes(#[case] office: Office, #[case] raw: &str) {
    assert!(
        app(office, raw).is_err(),
        "{raw:?} is no {office} application number"
    );
}

#[rstest]
#[case(
    "特許第7123456号",
    "7123456",
    Some(RightType::Patent),
    "特許第7123456号"
)]
#[case(
    "特許第７１２３４５６号",
    "7123456",
    Some(RightType::Patent),
    "特許第7123456号"
)]
#[case("第7123456号", "7123456", None, "特許第7123456号")]
#[case("JP7123456B2", "7123456", None, "特許第7123456号")]
#[case(
    "実用新案登録第3212345号",
    "3212345",
    Some(RightType::UtilityModel),
    "実用新案登録第3212345号"
)]
#[case(
    "意匠登録第1712345号",
    "1712345",
    Some(RightType::Design),
    "意匠登録第1712345号"
)]
#[case(
    "商標登録第6123456号",
    "6123456",
    Some(RightType::Trademark),
    "商標登録第6123456号"
)]
fn jp_registration_numbers_normalise(
    #[case] raw: &str,
    #[case] normalized: &str,
    #[case] right: Option<RightType>,
    #[case] display: &str,
) {
    let n = parse_registration_number(&Office::Jp, raw);
    assert_eq!(
        n.as_ref().map(|n| n.normalized.as_str()),
        Ok(normalized),
        "{raw:?} is a JP registration"
    );
    assert_eq!(
        n.as_ref().ok().and_then(|n| n.right_type),
        right,
        "the word names the right"
    );
    assert_eq!(
        n.ok().map(|n| n.display()),
        Some(display.to_string()),
        "shown as the JPO prints it"
    );
}

#[rstest]
#[case(Office::Us, "US 11,234,567 B2", "11,234,567")]
#[case(Office::Us, "D987654", "D987,654")]
#[case(Office::Ep, "EP 1 234 567 B1", "1234567")]
#[case(Office::Cn, "ZL202410123456.X", "ZL202410123456.X")]
#[case(Office::Kr, "10-1234567", "10-1234567")]
fn foreign_registration_numbers_normalise(
    #[case] office: Office,
    #[case] raw: &str,
    #[case] normalized: &str,
) {
    let n = parse_registration_number(&office, raw);
    assert_eq!(
        n.map(|n| n.normalized),
        Ok(normalized.to_string()),
        "{raw:?} is a {office} registration"
    );
}

#[rstest]
#[case("特許第号")]
#[case("特許第12345678号")]
#[case("特許第0号")]
#[case("第7123456号XYZ")]
fn jp_registration_numbers_refuse_other_shapes(#[case] raw: &str) {
    assert!(
        parse_registration_number(&Office::Jp, raw).is_err(),
        "{raw:?} is no JP registration number"
    );
}

#[rstest]
#[case(Office::Jp, "特開2024-123456", "特開2024-123456")]
#[case(Office::Jp, "特表２０２４－５１２３４５", "特表2024-512345")]
#[case(Office::Jp, "特開平10-123456", "特開1998-123456")]
#[case(Office::Jp, "再表2018/123456", "再表2018/123456")]
#[case(Office::Pct, "WO2024/123456 A1", "WO2024/123456")]
#[case(Office::Pct, "WO03/12345", "WO03/012345")]
#[case(Office::Us, "US 2024/0123456 A1", "2024/0123456")]
fn publication_numbers_normalise(
    #[case] office: Office,
    #[case] raw: &str,
    #[case] normalized: &str,
) {
    let n = parse_publication_number(&office, raw);
    assert_eq!(
        n.map(|n| n.normalized),
        Ok(normalized.to_string()),
        "{raw:?} is a {office} publication"
    );
}

#[rstest]
#[case("特願2024-123456", Some(Office::Jp))]
#[case("2024-123456", Some(Office::Jp))]
#[case("PCT/JP2024/012345", Some(Office::Pct))]
#[case("EP23123456.7", Some(Office::Ep))]
#[case("23123456.7", Some(Office::Ep))]
#[case("17/123,456", Some(Office::Us))]
#[case("10-2024-0123456", Some(Office::Kr))]
#[case("202410123456.X", Some(Office::Cn))]
#[case("not a number", None)]
fn office_is_inferred_from_the_shape(#[case] raw: &str, #[case] office: Option<Office>) {
    assert_eq!(
        infer_office(raw),
        office,
        "{raw:?} shows its office by its shape"
    );
}

#[test]
fn display_shows_the_register_form() {
    let shown =
        |office: Office, raw: &str| app(office, raw).map(|n| n.display()).unwrap_or_default();
    assert_eq!(
        shown(Office::Jp, "2024-123456"),
        "特願2024-123456",
        "JP numbers are shown with 特願"
    );
    assert_eq!(
        shown(Office::Jp, "実願2021-1234"),
        "実願2021-001234",
        "the right's word is kept"
    );
    assert_eq!(
        shown(Office::Jp, "H10-123456"),
        "特願平10-123456",
        "numbers before 2000 are shown in the era"
    );
    assert_eq!(
        shown(Office::Jp, "S63-12345"),
        "特願昭63-012345",
        "昭和 years before 1989"
    );
    assert_eq!(
        shown(Office::Us, "17123456"),
        "US 17/123,456",
        "abroad: office code and number"
    );
}

#[test]
fn empty_input_names_the_number() {
    let err = parse_application_number(&Office::Jp, " \u{3000} ").err();
    assert_eq!(
        err,
        Some(NumberError::Empty {
            what: "application number"
        }),
        "blank text is empty"
    );
}

fn arb_dash() -> impl Strategy<Value = &'static str> {
    prop::sample::select(vec![
        "-", "－", "‐", "‑", "‒", "–", "—", "―", "−", "ー", " - ",
    ])
}

fn full_width(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_ascii_digit() {
                char::from_u32(c as u32 - '0' as u32 + '０' as u32).unwrap_or(c)
            } else {
                c
            }
        })
        .collect()
}

proptest! {
    #[test]
    fn jp_numbers_typed_any_way_normalise_to_the_same(year in 2000i32..2100, serial in 1u64..1_000_000, dash in arb_dash(), wide in any::<bool>(), word in prop::sample::select(vec!["", "特願", "特願第", "JP"])) {
        let body = format!("{year}{dash}{serial}");
        let body = if wide { full_width(&body) } else { body };
        let raw = format!("{word}{body}");
        let parsed = app(Office::Jp, &raw);
        prop_assert_eq!(parsed.as_ref().map(|n| n.normalized.clone()), Ok(format!("{year}-{serial:06}")));
        prop_assert_eq!(parsed.as_ref().map(|n| n.raw.clone()), Ok(raw));
    }

    #[test]
    fn jp_era_numbers_map_to_their_western_year(era_year in 1u32..12, serial in 1u64..1_000_000) {
        let raw = format!("特願平{era_year}-{serial:06}");
        let parsed = app(Office::Jp, &raw);
        prop_assert_eq!(parsed.map(|n| n.normalized), Ok(format!("{}-{serial:06}", 1988 + era_year)));
    }

    #[test]
    fn normalised_forms_parse_back_to_themselves(year in 2004i32..2100, serial in 1u64..1_000_000, series in 1u32..99) {
        for (office, raw) in [
            (Office::Jp, format!("{year}-{serial:06}")),
            (Office::Pct, format!("PCT/JP{year}/{serial:06}")),
            (Office::Us, format!("{series:02}/{serial:06}")),
            (Office::Ep, format!("{:02}{serial:06}.3", year % 100)),
            (Office::Kr, format!("10-{year}-{serial:07}")),
        ] {
            let first = app(office, &raw).map(|n| n.normalized);
            let second = first.clone().and_then(|n| app(office, &n).map(|n| n.normalized));
            prop_assert!(first.is_ok(), "{} {} parses", office, raw);
            prop_assert_eq!(first, second, "the canonical form is a fixed point");
        }
    }

    #[test]
    fn parsers_never_panic(office in prop::sample::select(vec![Office::Jp, Office::Pct, Office::Us, Office::Ep, Office::Cn, Office::Kr]), raw in "\\PC{0,24}") {
        let _ = parse_application_number(&office, &raw);
        let _ = parse_registration_number(&office, &raw);
        let _ = parse_publication_number(&office, &raw);
        let _ = infer_office(&raw);
    }
}
