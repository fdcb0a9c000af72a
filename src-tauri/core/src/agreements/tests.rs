//! The bad inputs of issue 4: each is a validation error naming the field, and nothing is written
//! (no row, no audit entry) because the whole write is one transaction.

use chrono::NaiveDate;
use rstest::rstest;

use super::*;
use crate::error::CoreError;
use crate::kpi::fixture::{blank_agreement, d, fixture, now, Fixture};
use crate::money::compensation::{self, CompensationRule, Tier};
use crate::money::{create_income, Income, IncomeCategory};
use crate::policies::{self, PolicyDocument, PolicyKind, PolicyVersion};
use crate::store::{Actor, Write};

fn counts(f: &Fixture) -> (i64, i64) {
    let c = f.store.conn();
    let audit: i64 = c
        .query_row("SELECT count(*) FROM audit_log", [], |r| r.get(0))
        .unwrap();
    let rows: i64 = c
        .query_row(
            "SELECT (SELECT count(*) FROM agreement) + (SELECT count(*) FROM income) + (SELECT count(*) FROM policy_version)
                    + (SELECT count(*) FROM compensation_rule) + (SELECT count(*) FROM policy_document)",
            [],
            |r| r.get(0),
        )
        .unwrap();
    (audit, rows)
}

fn version(v: &str, effective: Option<&str>) -> PolicyVersion {
    PolicyVersion {
        id: None,
        version: v.into(),
        approval_body: effective.map(|_| "役員会".into()),
        approved_on: effective.map(d),
        effective_on: effective.map(d),
        superseded_on: None,
        summary: None,
        next_review_on: None,
        file_name: None,
        sha256: None,
    }
}

type Bad = fn(&mut Write<'_>, &Fixture) -> crate::error::Result<()>;

#[rstest]
#[case::expiry_before_effective("agreement.expires_on", (|w, f| {
    let mut a = blank_agreement("X1", AgreementKind::LicenceNonExclusive, f.company);
    (a.effective_on, a.expires_on) = (Some(d("2022-01-01")), Some(d("2021-12-31")));
    create_agreement(w, &a).map(|_| ())
}) as Bad)]
#[case::licence_on_an_abandoned_right("agreement.links[0]", (|w, f| {
    let mut a = blank_agreement("X2", AgreementKind::LicenceExclusive, f.company);
    a.effective_on = Some(d("2023-01-01"));
    a.links = vec![Link::Application(f.a5_abandoned)];
    create_agreement(w, &a).map(|_| ())
}) as Bad)]
#[case::negative_upfront("agreement.terms.upfront_yen", (|w, f| {
    let mut a = blank_agreement("X3", AgreementKind::LicenceExclusive, f.company);
    a.effective_on = Some(d("2023-01-01"));
    a.terms.upfront_yen = -1;
    create_agreement(w, &a).map(|_| ())
}) as Bad)]
#[case::negative_income("income.amount_yen", (|w, _f| {
    create_income(w, &Income { id: None, agreement_id: AgreementId(1), received_on: d("2023-01-01"),
        category: IncomeCategory::RunningRoyalty, amount_yen: -5, note: None }).map(|_| ())
}) as Bad)]
#[case::shares_not_summing_to_100("compensation_rule.tiers[0]", (|w, _f| {
    compensation::create_rule(w, &CompensationRule { id: None, name: "bad".into(), effective_from: d("2024-04-01"),
        deduct_costs: false, policy_document_id: None,
        tiers: vec![Tier { up_to_yen: None, inventors_bp: 5000, department_bp: 2500, institution_bp: 2000 }] }).map(|_| ())
}) as Bad)]
#[case::overlapping_in_force_versions("policy_document.versions[1].effective_on", (|w, _f| {
    // A document whose second version would take effect on the same day as the first.
    policies::create_policy_document(w, &PolicyDocument { id: None, code: "P".into(), title: "P".into(),
        kind: PolicyKind::IpPolicy, obsolete: false,
        versions: vec![version("1", Some("2020-04-01")), version("2", Some("2020-04-01"))] }).map(|_| ())
}) as Bad)]
fn bad_input_is_refused_with_its_field_and_nothing_is_written(
    #[case] field: &str,
    #[case] bad: Bad,
) {
    let mut f = fixture();
    let before = counts(&f);
    let err = {
        let fx = &fixture_view(&f);
        f.store
            .write(&Actor("t".into()), now(), "bad", |w| bad(w, fx))
            .unwrap_err()
    };
    match err {
        CoreError::Validation {
            field: got,
            message,
        } => {
            assert_eq!(got, field, "the error names the field ({message})");
            assert!(!message.is_empty());
        }
        other => panic!("expected a validation error on {field}, got {other:?}"),
    }
    assert_eq!(
        counts(&f),
        before,
        "a refused write leaves no row and no audit entry"
    );
}

/// The ids of a fixture without its store, so the closure can borrow them during the write.
fn fixture_view(f: &Fixture) -> Fixture {
    Fixture {
        store: crate::store::Store::open_in_memory().unwrap(),
        p1: f.p1,
        p2: f.p2,
        company: f.company,
        a5_abandoned: f.a5_abandoned,
        f1: f.f1,
    }
}

#[test]
fn a_back_dated_version_is_refused_and_a_later_one_supersedes_on_its_effective_date() {
    let mut f = fixture();
    let doc = f
        .store
        .write(&Actor("t".into()), now(), "doc", |w| {
            policies::create_policy_document(
                w,
                &PolicyDocument {
                    id: None,
                    code: "IP".into(),
                    title: "IP".into(),
                    kind: PolicyKind::IpPolicy,
                    obsolete: false,
                    versions: vec![version("1", Some("2020-04-01"))],
                },
            )
        })
        .unwrap();
    let back = f.store.write(&Actor("t".into()), now(), "v", |w| {
        policies::add_policy_version(w, doc, &version("0", Some("2019-04-01")))
    });
    assert!(
        matches!(back, Err(CoreError::Validation { ref field, .. }) if field == "effective_on"),
        "{back:?}"
    );
    let draft = f
        .store
        .write(&Actor("t".into()), now(), "v", |w| {
            policies::add_policy_version(w, doc, &version("2", None))
        })
        .unwrap();
    f.store
        .write(&Actor("t".into()), now(), "approve", |w| {
            policies::approve_policy_version(w, draft, "役員会", d("2023-03-20"), d("2023-04-01"))
        })
        .unwrap();
    let at = |on: &str| {
        policies::in_force_on(f.store.conn(), doc, d(on))
            .unwrap()
            .map(|v| v.version)
    };
    assert_eq!(
        at("2020-03-31"),
        None,
        "nothing before the first effective date"
    );
    assert_eq!(
        at("2023-03-31").as_deref(),
        Some("1"),
        "version 1 until the day before version 2"
    );
    assert_eq!(
        at("2023-04-01").as_deref(),
        Some("2"),
        "version 2 from its effective date"
    );
    let all = policies::get_document(f.store.conn(), doc).unwrap();
    assert_eq!(
        all.versions[0].superseded_on,
        Some(d("2023-04-01")),
        "approving 2 superseded 1 on 2's effective date"
    );
    for day in [
        "2020-04-01",
        "2021-07-07",
        "2023-03-31",
        "2023-04-01",
        "2030-01-01",
    ] {
        let n = all
            .versions
            .iter()
            .filter(|v| v.state_on(d(day)) == policies::VersionState::InForce)
            .count();
        assert_eq!(n, 1, "exactly one version in force on {day}");
    }
}

#[test]
fn a_licence_update_keeps_a_right_that_lapsed_after_it_was_licensed() {
    let mut f = fixture();
    let l1 = find_agreement(f.store.conn(), "L1").unwrap();
    let mut a = get_agreement(f.store.conn(), l1).unwrap();
    a.notes = Some("royalty audit 2024".into());
    f.store
        .write(&Actor("t".into()), now(), "upd", |w| {
            update_agreement(w, l1, &a)
        })
        .unwrap();
    a.links.push(Link::Application(f.a5_abandoned));
    let err = f.store.write(&Actor("t".into()), now(), "upd", |w| {
        update_agreement(w, l1, &a)
    });
    assert!(
        matches!(err, Err(CoreError::Validation { .. })),
        "a new link to an abandoned right is refused: {err:?}"
    );
}

#[test]
fn a_licence_without_a_licensee_is_refused() {
    let mut f = fixture();
    let mut a = blank_agreement("X9", AgreementKind::LicenceExclusive, f.company);
    a.effective_on = Some(d("2023-01-01"));
    a.parties[0].role = PartyRole::Partner;
    let err = f.store.write(&Actor("t".into()), now(), "bad", |w| {
        create_agreement(w, &a)
    });
    assert!(
        matches!(err, Err(CoreError::Validation { ref field, .. }) if field == "agreement.parties"),
        "who is licensed must be named: {err:?}"
    );
}

#[test]
fn the_docket_gets_every_obligation_up_to_a_date_in_date_order() {
    let mut f = fixture();
    let l1 = find_agreement(f.store.conn(), "L1").unwrap();
    let mut a = get_agreement(f.store.conn(), l1).unwrap();
    a.renewal_notice_days = Some(180);
    a.reports = vec![ReportObligation {
        what: "実施報告".into(),
        every_months: 12,
        first_due_on: d("2022-09-30"),
    }];
    f.store
        .write(&Actor("t".into()), now(), "upd", |w| {
            update_agreement(w, l1, &a)
        })
        .unwrap();
    let all = list_obligations(f.store.conn(), d("2031-12-31")).unwrap();
    let l1_codes: Vec<(&str, NaiveDate)> = all
        .iter()
        .filter(|o| o.entity_id == l1.0 && o.entity == "agreement")
        .map(|o| (o.code, o.due_on))
        .collect();
    // Reports 2022-09-30 … 2031-09-30 (10: the last falls on the expiry day, still in the term); notice
    // 180 days before 2031-09-30 = 2031-04-03; expiry 2031-09-30. O1 (expired) and N1/J1 (no
    // notice, fixture dates) add their own.
    assert_eq!(
        l1_codes
            .iter()
            .filter(|c| c.0 == obligations::REPORT)
            .count(),
        10
    );
    assert!(l1_codes.contains(&(obligations::RENEWAL_NOTICE, d("2031-04-03"))));
    assert!(l1_codes.contains(&(obligations::EXPIRY, d("2031-09-30"))));
    assert!(
        all.windows(2).all(|w| w[0].due_on <= w[1].due_on),
        "in date order"
    );
    assert!(all.iter().all(|o| o.due_on <= d("2031-12-31")));
}

#[test]
fn expiring_lists_the_terms_that_end_in_the_window() {
    let f = fixture();
    // In force: L1 (ends 2031-09-30), N1 and J1 carry the fixture's end dates (N1 2022-05-31,
    // J1 2022-03-31); O1 is expired and NEG negotiating, so never listed.
    let q = expiring(f.store.conn(), d("2022-01-01"), d("2022-06-30")).unwrap();
    let numbers: Vec<&str> = q.iter().map(|e| e.number.as_str()).collect();
    assert_eq!(
        numbers,
        vec!["J1", "N1"],
        "J1 ends 2022-03-31, N1 2022-05-31, in end-date order"
    );
    assert!(expiring(f.store.conn(), d("2031-07-01"), d("2031-09-30"))
        .unwrap()
        .iter()
        .any(|e| e.number == "L1"));
}

#[rstest]
#[case::mid_january(
    "2022-01-15",
    &["J1", "L1", "N1"],
    &["J1"],
    &["O1"],
    "J1 ends 2022-03-31, within 90 days; O1 expired; NEG negotiates and is nowhere"
)]
#[case::mid_june(
    "2022-06-15",
    &["L1"],
    &[],
    &["J1", "N1", "O1"],
    "J1 and N1 passed their end dates though still marked in force; L1 runs to 2031"
)]
fn standing_filters_by_the_day(
    #[case] today: &str,
    #[case] in_force: &[&str],
    #[case] expiring: &[&str],
    #[case] ended: &[&str],
    #[case] why: &str,
) {
    let f = fixture();
    let numbers = |s: Option<Standing>| -> Vec<String> {
        list_standing(f.store.conn(), &AgreementQuery::default(), s, d(today))
            .unwrap()
            .into_iter()
            .map(|r| r.number)
            .collect()
    };
    assert_eq!(numbers(Some(Standing::InForce)), in_force, "{why}");
    assert_eq!(numbers(Some(Standing::Expiring)), expiring, "{why}");
    assert_eq!(numbers(Some(Standing::Ended)), ended, "{why}");
    assert_eq!(numbers(None).len(), 5, "no standing: the whole register");
}

#[test]
fn register_on_a_date_marks_each_version_and_keeps_the_superseded() {
    let mut f = fixture();
    f.store
        .write(&Actor("t".into()), now(), "doc", |w| {
            policies::create_policy_document(
                w,
                &PolicyDocument {
                    id: None,
                    code: "IP".into(),
                    title: "知的財産ポリシー".into(),
                    kind: PolicyKind::IpPolicy,
                    obsolete: false,
                    versions: vec![
                        version("1.0", Some("2004-04-01")),
                        version("2.0", Some("2016-04-01")),
                        version("3.0", None),
                    ],
                },
            )
        })
        .unwrap();
    let states = |on: &str| {
        let reg = policies::register_on(f.store.conn(), d(on)).unwrap();
        let doc = reg.into_iter().find(|x| x.document.code == "IP").unwrap();
        let in_force = doc
            .in_force
            .and_then(|id| doc.document.versions.iter().find(|v| v.id == Some(id)))
            .map(|v| v.version.clone());
        (in_force, doc.states)
    };
    use policies::VersionState::*;
    assert_eq!(
        states("2010-01-01"),
        (Some("1.0".into()), vec![InForce, Later, Draft]),
        "before 2.0 was approved, 1.0 is in force"
    );
    assert_eq!(
        states("2020-01-01"),
        (Some("2.0".into()), vec![Superseded, InForce, Draft]),
        "1.0 is kept, marked superseded"
    );
    assert_eq!(
        states("2000-01-01").0,
        None,
        "nothing in force before the first version"
    );
}
