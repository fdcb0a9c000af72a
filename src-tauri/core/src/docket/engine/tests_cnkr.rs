//! China (CNIPA) and Korea (KIPO) beyond the worked dates of `tests.rs`: which annuity years
//! fall due after the grant, which office action period applies, and what the explanation says
//! about moved working days and years whose holidays are not yet known.

use super::tests::{d, facts, pick};
use super::*;

#[test]
fn cn_annuities_start_after_the_year_of_grant() {
    // Filed 2019-04-30, registered 2022-08-10: patent year 4 (from 2022-04-30) is the year of
    // grant, paid with the registration (细则第114条); the docket starts at year 5.
    let f = facts(
        "CN",
        "patent",
        &[("filed", "2019-04-30"), ("registered", "2022-08-10")],
    );
    let years: Vec<u32> = compute(&f)
        .unwrap()
        .iter()
        .filter(|x| x.code == "cn.annuity")
        .filter_map(|x| x.year)
        .collect();
    assert_eq!(years, [5, 6, 7], "the next three open years, none before 5");
    assert!(
        derive_year(&f, "cn.annuity", 4).unwrap().is_none(),
        "the year of grant is not a deadline of its own"
    );
    let unregistered = facts("CN", "patent", &[("filed", "2019-04-30")]);
    assert!(
        compute(&unregistered)
            .unwrap()
            .iter()
            .all(|x| x.code != "cn.annuity"),
        "no annuity before the registration"
    );
}

#[test]
fn cn_first_office_action_gets_four_months_and_a_further_one_two() {
    let first = compute(&facts("CN", "patent", &[("oa_dispatched", "2025-03-03")])).unwrap();
    assert_eq!(
        pick(&first, "cn.oa_response", "").due,
        d("2025-07-03"),
        "no earlier office action on record: the first, 4 months"
    );
    let answered = compute(&facts(
        "CN",
        "patent",
        &[
            ("oa_dispatched", "2025-03-03"),
            ("oa_responded", "2025-06-20"),
        ],
    ))
    .unwrap();
    let dl = pick(&answered, "cn.oa_response", "");
    assert_eq!(
        (dl.due, dl.closed.as_ref().map(|c| c.date)),
        (d("2025-07-03"), Some(d("2025-06-20"))),
        "its response closes the first office action, which keeps its 4 months"
    );
    let further = compute(&facts(
        "CN",
        "patent",
        &[
            ("earlier_oa_dispatched", "2024-09-02"),
            ("oa_dispatched", "2025-03-03"),
        ],
    ))
    .unwrap();
    let dl = pick(&further, "cn.oa_response", "");
    assert_eq!(
        dl.due,
        d("2025-05-06"),
        "2 months end on 3 May, inside the Labour Day break (1–5 May 2025)"
    );
    assert!(dl.closed.is_none(), "nothing answers the new action yet");
    assert_eq!(
        pick(&further, "cn.oa_response", "extended").unrolled,
        d("2025-07-03"),
        "the extension follows whichever row applied"
    );
}

#[test]
fn cn_explanation_says_a_moved_working_day_is_open() {
    let all = compute(&facts(
        "CN",
        "patent",
        &[("priority", "2021-09-28"), ("filed", "2022-09-20")],
    ))
    .unwrap();
    let dl = pick(&all, "cn.exam_request", "");
    assert!(
        dl.explanation.contains("2024-09-28 土曜日") && dl.explanation.contains("調休による出勤日"),
        "rolled over Saturday to the working Sunday, and says why: {}",
        dl.explanation
    );
    assert!(
        dl.explanation_en.contains("made a working day"),
        "{}",
        dl.explanation_en
    );
    assert!(
        dl.explanation.contains("中国専利法第35条"),
        "cites the basis"
    );
}

#[test]
fn a_deadline_in_a_year_without_published_holidays_says_so() {
    let cn = compute(&facts("CN", "patent", &[("filed", "2024-02-08")])).unwrap();
    let dl = pick(&cn, "cn.exam_request", "");
    assert_eq!(dl.calendar, OfficeCalendar::Cnipa);
    assert!(
        dl.explanation_en.contains("2027") && dl.explanation_en.contains("weekends only"),
        "the 2027 PRC notice is not in the data: {}",
        dl.explanation_en
    );
    let kr = compute(&facts("KR", "patent", &[("filed", "2024-02-08")])).unwrap();
    let dl = pick(&kr, "kr.exam_request", "");
    assert!(
        dl.explanation_en.contains("partly known"),
        "ROK 2027: temporary holidays may still come: {}",
        dl.explanation_en
    );
}

#[test]
fn pct_national_phases_into_cn_and_kr_roll_by_their_own_calendars() {
    let all = compute(&facts(
        "PCT",
        "patent",
        &[("priority", "2022-07-17"), ("filed", "2023-07-14")],
    ))
    .unwrap();
    let cn = pick(&all, "pct.national_phase", ":CN");
    let kr = pick(&all, "pct.national_phase", ":KR");
    assert_eq!(
        (cn.calendar, kr.calendar),
        (OfficeCalendar::Cnipa, OfficeCalendar::Kipo)
    );
    assert_eq!(cn.unrolled, d("2025-01-17"), "CN: 30 months");
    assert_eq!(kr.unrolled, d("2025-02-17"), "KR: 31 months");
    let late = pick(&all, "cn.national_phase", "late");
    assert_eq!(
        late.unrolled,
        d("2025-03-17"),
        "CN with the grace fee: 32 months"
    );
    assert_eq!(late.target.as_deref(), Some("CN"));
}

#[test]
fn cn_and_kr_have_rules_of_their_own() {
    for office in ["CN", "KR"] {
        assert!(
            crate::docket::coverage::no_rules(office).is_none(),
            "{office} is covered by rules.toml"
        );
    }
}
