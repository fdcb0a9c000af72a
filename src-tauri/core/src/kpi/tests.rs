//! The KPIs, inventor compensation and the export round trip against a small hand-made dataset whose
//! numbers were worked out by hand (the working is in the comments beside each assertion).
//!
//! The dataset (FY = 年度, April–March):
//! - disclosures D1 (2020-05-10, FY2020; P1 60 %, P2 40 %), D2 (2021-02-15, FY2020; P2), D3
//!   (2021-04-01, FY2021; not taken over)
//! - family F1 (D1): A1 JP filed 2020-07-01, granted 2022-03-15 (FY2021); A2 PCT filed 2021-03-31
//!   (FY2020); A3 US filed 2022-12-01 (FY2022); A4 EP filed 2022-12-20, granted 2024-06-01 (FY2024)
//! - family F2 (D2): A5 JP filed 2021-04-01 (FY2021), abandoned
//! - O1 option on A1, signed 2020-12-01, expired 2021-11-30; L1 exclusive licence on F1, signed
//!   2021-10-01 to 2031-09-30; N1 NDA 2020-06-01; NEG a licence still negotiating on F1; J1 joint
//!   research agreement 2020-04-01 – 2022-03-31
//! - income: J1 ¥5,000,000 (2020-05-01), O1 ¥200,000 option fee (2021-01-10), L1 ¥1,000,000
//!   licence fee (2021-10-31), L1 ¥3,000,000 royalty (2022-04-30)
//! - costs on A1: ¥400,000 (2020-07-01), ¥100,000 (2022-05-01)
//! - activities: consultations 2020-04-10 and 2021-04-01; projects JR1 2020-04-01 – 2022-03-31
//!   (¥5,000,000), JR2 from 2021-06-01 (¥2,000,000); start-up support 2021-03-31; seminars
//!   2021-04-01 (50) and 2021-12-01 (30)

use chrono::{NaiveDate, TimeZone, Utc};

use super::*;
use crate::activities::{create_activity, Activity, ActivityKind};
use crate::agreements::*;
use crate::domain::*;
use crate::money::compensation::{self, CompensationRule, Tier};
use crate::money::{create_income, Income, IncomeCategory};
use crate::portfolio::{self as pf, *};
use crate::store::{Actor, Store, Write};

pub(crate) fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

pub(crate) fn now() -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 28, 9, 0, 0).unwrap()
}

pub(crate) fn blank_agreement(number: &str, kind: AgreementKind, org: OrganisationId) -> Agreement {
    Agreement {
        id: None,
        number: number.into(),
        title: format!("{number} title"),
        kind,
        status: AgreementStatus::InForce,
        signed_on: None,
        effective_on: None,
        expires_on: None,
        terminated_on: None,
        auto_renewal: false,
        renewal_term_months: None,
        renewal_notice_days: None,
        field: None,
        territory: None,
        terms: Terms::default(),
        responsible_id: None,
        notes: None,
        parties: vec![Party {
            organisation_id: org,
            role: PartyRole::Licensee,
        }],
        links: vec![],
        reports: vec![],
        attachments: vec![],
    }
}

fn activity(kind: ActivityKind, on: &str) -> Activity {
    Activity {
        id: None,
        kind,
        started_on: d(on),
        ended_on: None,
        title: format!("{kind} {on}"),
        organisation_id: None,
        company_name: None,
        researcher_id: None,
        coordinator_id: None,
        outcome: None,
        amount_yen: 0,
        audience: None,
        support_type: None,
        founders: None,
        equity: false,
        agreement_id: None,
        led_to_activity_id: None,
        led_to_agreement_id: None,
    }
}

/// Ids of the hand-made dataset.
pub(crate) struct Fixture {
    pub store: Store,
    pub p1: PersonId,
    pub p2: PersonId,
    pub company: OrganisationId,
    pub a5_abandoned: ApplicationId,
    pub f1: FamilyId,
}

fn app(
    w: &mut Write<'_>,
    fam: FamilyId,
    reference: &str,
    office: Office,
    filed: &str,
    status: Status,
    reg: Option<&str>,
) -> ApplicationId {
    pf::create_application(
        w,
        &Application {
            id: None,
            family_id: fam,
            reference: reference.into(),
            office,
            right_type: RightType::Patent,
            route: Route::Direct,
            title: "t".into(),
            application_number: None,
            application_number_raw: None,
            filed_on: Some(d(filed)),
            parent_id: None,
            pct_id: None,
            publication_number: None,
            published_on: None,
            exam_requested_on: None,
            registration_number: None,
            registered_on: reg.map(d),
            status,
            applicant_residence: Residence::Domestic,
            responsible_id: None,
            patent_firm_id: None,
            annuities_paid_to: None,
            notes: None,
            inventors: vec![],
            co_applicants: vec![],
            priority_claims: vec![],
        },
    )
    .unwrap()
}

pub(crate) fn fixture() -> Fixture {
    let mut store = Store::open_in_memory().unwrap();
    let f = store
        .write(&Actor("test".into()), now(), "fixture", |w| {
            let person = |w: &mut Write<'_>, name: &str| {
                pf::create_person(
                    w,
                    &Person {
                        id: None,
                        name: name.into(),
                        name_kana: None,
                        role: PersonRole::Inventor,
                        department: None,
                        internal: true,
                        email: None,
                    },
                )
            };
            let p1 = person(w, "発明 一郎")?;
            let p2 = person(w, "発明 二郎")?;
            let company = pf::create_organisation(
                w,
                &Organisation {
                    id: None,
                    name: "株式会社テスト".into(),
                    kind: OrganisationKind::Company,
                    country: "JP".into(),
                },
            )?;
            let disclosure =
                |w: &mut Write<'_>, n: &str, on: &str, s: Succession, inv: Vec<InventorShare>| {
                    pf::create_disclosure(
                        w,
                        &Disclosure {
                            id: None,
                            number: n.into(),
                            title: n.into(),
                            received_on: d(on),
                            funding_source: None,
                            government_funded: false,
                            evaluation: None,
                            succession: s,
                            succession_on: Some(d(on)),
                            succession_reason: None,
                            confidential: true,
                            inventors: inv,
                        },
                    )
                };
            let d1 = disclosure(
                w,
                "D1",
                "2020-05-10",
                Succession::Succeeded,
                vec![
                    InventorShare {
                        person_id: p1,
                        share_bp: 6000,
                    },
                    InventorShare {
                        person_id: p2,
                        share_bp: 4000,
                    },
                ],
            )?;
            let d2 = disclosure(
                w,
                "D2",
                "2021-02-15",
                Succession::Succeeded,
                vec![InventorShare {
                    person_id: p2,
                    share_bp: 10000,
                }],
            )?;
            disclosure(
                w,
                "D3",
                "2021-04-01",
                Succession::NotSucceeded,
                vec![InventorShare {
                    person_id: p1,
                    share_bp: 10000,
                }],
            )?;
            let f1 = pf::create_family(
                w,
                &Family {
                    id: None,
                    reference: "F1".into(),
                    title: "F1".into(),
                    disclosure_id: Some(d1),
                },
            )?;
            let f2 = pf::create_family(
                w,
                &Family {
                    id: None,
                    reference: "F2".into(),
                    title: "F2".into(),
                    disclosure_id: Some(d2),
                },
            )?;
            let a1 = app(
                w,
                f1,
                "A1",
                Office::Jp,
                "2020-07-01",
                Status::Granted,
                Some("2022-03-15"),
            );
            app(
                w,
                f1,
                "A2",
                Office::Pct,
                "2021-03-31",
                Status::Concluded,
                None,
            );
            app(
                w,
                f1,
                "A3",
                Office::Us,
                "2022-12-01",
                Status::Examination,
                None,
            );
            app(
                w,
                f1,
                "A4",
                Office::Ep,
                "2022-12-20",
                Status::Granted,
                Some("2024-06-01"),
            );
            let a5 = app(
                w,
                f2,
                "A5",
                Office::Jp,
                "2021-04-01",
                Status::Abandoned,
                None,
            );

            let mut o1 = blank_agreement("O1", AgreementKind::Option, company);
            o1.status = AgreementStatus::Expired;
            (o1.signed_on, o1.effective_on, o1.expires_on) = (
                Some(d("2020-12-01")),
                Some(d("2020-12-01")),
                Some(d("2021-11-30")),
            );
            o1.links = vec![Link::Application(a1)];
            let o1 = create_agreement(w, &o1)?;
            let mut l1 = blank_agreement("L1", AgreementKind::LicenceExclusive, company);
            (l1.signed_on, l1.effective_on, l1.expires_on) = (
                Some(d("2021-10-01")),
                Some(d("2021-10-01")),
                Some(d("2031-09-30")),
            );
            l1.links = vec![Link::Family(f1)];
            let l1 = create_agreement(w, &l1)?;
            let mut n1 = blank_agreement("N1", AgreementKind::Nda, company);
            (n1.signed_on, n1.expires_on) = (Some(d("2020-06-01")), Some(d("2022-05-31")));
            create_agreement(w, &n1)?;
            let mut neg = blank_agreement("NEG", AgreementKind::LicenceNonExclusive, company);
            neg.status = AgreementStatus::Negotiating;
            neg.links = vec![Link::Family(f1)];
            create_agreement(w, &neg)?;
            let mut j1 = blank_agreement("J1", AgreementKind::JointResearch, company);
            (j1.signed_on, j1.expires_on) = (Some(d("2020-04-01")), Some(d("2022-03-31")));
            let j1 = create_agreement(w, &j1)?;

            for (agreement_id, on, category, amount_yen) in [
                (j1, "2020-05-01", IncomeCategory::JointResearch, 5_000_000),
                (o1, "2021-01-10", IncomeCategory::OptionFee, 200_000),
                (l1, "2021-10-31", IncomeCategory::LicenceFee, 1_000_000),
                (l1, "2022-04-30", IncomeCategory::RunningRoyalty, 3_000_000),
            ] {
                create_income(
                    w,
                    &Income {
                        id: None,
                        agreement_id,
                        received_on: d(on),
                        category,
                        amount_yen,
                        note: None,
                    },
                )?;
            }
            for (on, amount_yen) in [("2020-07-01", 400_000), ("2022-05-01", 100_000)] {
                pf::add_cost(
                    w,
                    &Cost {
                        id: None,
                        application_id: Some(a1),
                        incurred_on: d(on),
                        category: CostCategory::Filing,
                        amount_yen,
                        vendor_id: None,
                        note: None,
                    },
                )?;
            }
            let mut jr1 = activity(ActivityKind::JointResearch, "2020-04-01");
            (
                jr1.ended_on,
                jr1.organisation_id,
                jr1.amount_yen,
                jr1.agreement_id,
            ) = (Some(d("2022-03-31")), Some(company), 5_000_000, Some(j1));
            let jr1 = create_activity(w, &jr1)?;
            let mut c1 = activity(ActivityKind::Consultation, "2020-04-10");
            c1.led_to_activity_id = Some(jr1);
            create_activity(w, &c1)?;
            create_activity(w, &activity(ActivityKind::Consultation, "2021-04-01"))?;
            let mut jr2 = activity(ActivityKind::JointResearch, "2021-06-01");
            (jr2.organisation_id, jr2.amount_yen) = (Some(company), 2_000_000);
            create_activity(w, &jr2)?;
            create_activity(w, &activity(ActivityKind::StartupSupport, "2021-03-31"))?;
            for (on, n) in [("2021-04-01", 50), ("2021-12-01", 30)] {
                let mut s = activity(ActivityKind::Seminar, on);
                s.audience = Some(n);
                create_activity(w, &s)?;
            }
            compensation::create_rule(
                w,
                &CompensationRule {
                    id: None,
                    name: "rule".into(),
                    effective_from: d("2016-04-01"),
                    deduct_costs: true,
                    policy_document_id: None,
                    tiers: vec![
                        Tier {
                            up_to_yen: Some(1_000_000),
                            inventors_bp: 5000,
                            department_bp: 2500,
                            institution_bp: 2500,
                        },
                        Tier {
                            up_to_yen: None,
                            inventors_bp: 3000,
                            department_bp: 3500,
                            institution_bp: 3500,
                        },
                    ],
                },
            )?;
            Ok((p1, p2, company, a5, f1))
        })
        .unwrap();
    Fixture {
        store,
        p1: f.0,
        p2: f.1,
        company: f.2,
        a5_abandoned: f.3,
        f1: f.4,
    }
}

#[test]
fn fy2020_counts_match_the_hand_count() {
    let f = fixture();
    let k = compute(f.store.conn(), 2020).unwrap();
    assert_eq!(
        k.disclosures, 2,
        "D1 (2020-05-10) and D2 (2021-02-15) fall in FY2020"
    );
    assert_eq!(
        k.filings,
        ByOffice {
            jp: 1,
            pct: 1,
            foreign: 0,
            total: 2
        },
        "A1 JP and A2 PCT (2021-03-31 is FY2020's last day)"
    );
    assert_eq!(
        k.filing_families,
        ByOffice {
            jp: 1,
            pct: 1,
            foreign: 0,
            total: 1
        },
        "both filings are F1's"
    );
    assert_eq!(k.new_families, 1, "F1's first filing 2020-07-01");
    assert_eq!(k.patents_granted.total, 0, "nothing registered in FY2020");
    assert_eq!(
        k.licensing_agreements,
        Licensing {
            licences: 0,
            options: 1,
            assignments: 0,
            total: 1
        },
        "O1 signed 2020-12-01; the NDA and joint research do not count"
    );
    assert_eq!(
        k.patents_under_licence, 1,
        "O1 covers A1 from 2020-12-01; NEG is only negotiating"
    );
    assert_eq!(
        k.granted_under_licence, 0,
        "A1 was registered only in FY2021"
    );
    assert_eq!(
        (k.licence_income_yen, k.income_yen),
        (200_000, 5_200_000),
        "O1's option fee; plus J1's ¥5,000,000 research funds"
    );
    assert_eq!(k.cost_yen, 400_000);
    assert_eq!(k.licence_income_to_cost, Some(0.5), "200,000 / 400,000");
    assert_eq!(
        (
            k.joint_research_new,
            k.joint_research_ongoing,
            k.joint_research_amount_yen
        ),
        (1, 1, 5_000_000),
        "JR1 starts 2020-04-01"
    );
    assert_eq!(
        (k.startups_supported, k.consultations),
        (1, 1),
        "start-up support 2021-03-31; consultation 2020-04-10"
    );
    assert_eq!(
        (k.seminars, k.seminar_audience),
        (0, 0),
        "both seminars are in FY2021"
    );
}

#[test]
fn fy2021_counts_match_the_hand_count() {
    let f = fixture();
    let k = compute(f.store.conn(), 2021).unwrap();
    assert_eq!(
        k.disclosures, 1,
        "D3 on 2021-04-01, FY2021's first day (counted though not taken over)"
    );
    assert_eq!(
        k.filings,
        ByOffice {
            jp: 1,
            pct: 0,
            foreign: 0,
            total: 1
        },
        "A5 filed 2021-04-01"
    );
    assert_eq!(k.new_families, 1, "F2");
    assert_eq!(
        k.patents_granted,
        Granted {
            jp: 1,
            foreign: 0,
            total: 1
        },
        "A1 registered 2022-03-15"
    );
    assert_eq!(k.licensing_agreements.total, 1, "L1 signed 2021-10-01");
    assert_eq!(
        k.patents_under_licence, 1,
        "O1 and L1 both cover A1; A2 is PCT, A3/A4 are filed only in FY2022"
    );
    assert_eq!(
        k.granted_under_licence, 1,
        "A1 registered before 2022-03-31"
    );
    assert_eq!(
        (k.licence_income_yen, k.income_yen, k.cost_yen),
        (1_000_000, 1_000_000, 0)
    );
    assert_eq!(
        k.licence_income_to_cost, None,
        "no cost in FY2021: no ratio"
    );
    assert_eq!(
        (
            k.joint_research_new,
            k.joint_research_ongoing,
            k.joint_research_amount_yen
        ),
        (1, 2, 2_000_000),
        "JR2 is new; JR1 still runs"
    );
    assert_eq!(
        (k.seminars, k.seminar_audience, k.consultations),
        (2, 80, 1),
        "50 + 30 people"
    );
}

#[test]
fn fy2022_and_fy2024_count_the_foreign_filings_and_grants_under_licence() {
    let f = fixture();
    let k = compute(f.store.conn(), 2022).unwrap();
    assert_eq!(
        k.filings,
        ByOffice {
            jp: 0,
            pct: 0,
            foreign: 2,
            total: 2
        },
        "A3 US and A4 EP"
    );
    assert_eq!(k.filing_families.foreign, 1, "both are F1's");
    assert_eq!(k.new_families, 0, "F1 was first filed in FY2020");
    assert_eq!(
        (k.patents_under_licence, k.granted_under_licence),
        (3, 1),
        "L1 covers A1, A3, A4 (not PCT A2); only A1 is granted"
    );
    assert_eq!(
        (k.joint_research_new, k.joint_research_ongoing),
        (0, 1),
        "JR1 ended 2022-03-31; JR2 runs on"
    );
    assert_eq!(k.licence_income_to_cost, Some(30.0), "3,000,000 / 100,000");
    let k = compute(f.store.conn(), 2024).unwrap();
    assert_eq!(
        k.patents_granted,
        Granted {
            jp: 0,
            foreign: 1,
            total: 1
        },
        "A4 EP registered 2024-06-01"
    );
    assert_eq!(
        (k.patents_under_licence, k.granted_under_licence),
        (3, 2),
        "A1 and A4 granted"
    );
}

#[test]
fn series_runs_oldest_first_and_targets_follow_the_geometric_trajectory() {
    let mut f = fixture();
    let s = series(f.store.conn(), 2022, 3).unwrap();
    assert_eq!(
        s.iter().map(|k| k.fiscal_year).collect::<Vec<_>>(),
        vec![2020, 2021, 2022]
    );
    f.store
        .write(&Actor("t".into()), now(), "target", |w| {
            create_target(
                w,
                &Target {
                    id: None,
                    metric: KpiMetric::PatentsUnderLicence,
                    label: "×10 in 5".into(),
                    baseline_fy: 2020,
                    baseline_value: None,
                    multiplier: 10.0,
                    horizon_years: 5,
                },
            )
        })
        .unwrap();
    let t = targets(f.store.conn()).unwrap();
    assert_eq!(
        t[0].baseline, 1,
        "measured: 1 patent under licence in FY2020"
    );
    assert_eq!(t[0].points.len(), 6, "FY2020 to FY2025 inclusive");
    assert!(
        (t[0].points[5].target - 10.0).abs() < 1e-9,
        "×10 at the horizon"
    );
    assert!(
        (t[0].points[1].target - 10f64.powf(0.2)).abs() < 1e-9,
        "one fifth of the way, geometrically"
    );
    assert_eq!(t[0].points[2].actual, 3, "FY2022's measured value");
}

#[test]
fn compensation_follows_the_tiers_net_of_costs_and_splits_by_shares() {
    let mut f = fixture();
    let c = compensation::compute(f.store.conn(), 2022).unwrap();
    // L1's royalty ¥3,000,000 → D1 (through F1); FY2022 cost on A1 ¥100,000 → net ¥2,900,000;
    // pool = 1,000,000 × 50 % + 1,900,000 × 30 % = 500,000 + 570,000 = 1,070,000;
    // P1 60 % = 642,000, P2 40 % = 428,000.
    assert_eq!(c.inventions.len(), 1);
    assert_eq!(
        (c.inventions[0].net_yen, c.inventions[0].inventors_pool_yen),
        (2_900_000, 1_070_000)
    );
    let amounts: Vec<(PersonId, i64)> = c
        .inventors
        .iter()
        .map(|l| (l.person_id, l.amount_yen))
        .collect();
    assert_eq!(amounts, vec![(f.p1, 642_000), (f.p2, 428_000)]);
    let c2020 = compensation::compute(f.store.conn(), 2020).unwrap();
    assert_eq!(
        c2020.total_yen, 0,
        "O1's ¥200,000 is less than FY2020's ¥400,000 cost: net floored at 0"
    );
    let c2021 = compensation::compute(f.store.conn(), 2021).unwrap();
    assert_eq!(
        c2021.total_yen, 500_000,
        "¥1,000,000 licence fee, no cost: all in the 50 % tier"
    );
    let p = f
        .store
        .write(&Actor("t".into()), now(), "pay", |w| {
            compensation::mark_paid(w, 2022, f.p1, d("2023-06-30"))
        })
        .unwrap();
    assert_eq!(p.amount_yen, 642_000, "the computed amount is frozen");
    let again = f.store.write(&Actor("t".into()), now(), "pay", |w| {
        compensation::mark_paid(w, 2022, f.p1, d("2023-07-01"))
    });
    assert!(again.is_err(), "paying twice is refused");
    let c = compensation::compute(f.store.conn(), 2022).unwrap();
    assert_eq!(c.inventors[0].paid_on, Some(d("2023-06-30")));
}

#[test]
fn the_split_gives_the_odd_yen_in_listed_order_and_always_adds_up() {
    let shares = [
        (PersonId(1), 3333),
        (PersonId(2), 3333),
        (PersonId(3), 3334),
    ];
    let parts = compensation::split(100, &shares);
    assert_eq!(
        parts.iter().map(|p| p.1).collect::<Vec<_>>(),
        vec![34, 33, 33],
        "33+33+33 = 99; the odd yen to the first listed"
    );
    for pool in [0, 1, 7, 999_999, 1_070_000] {
        assert_eq!(
            compensation::split(pool, &shares)
                .iter()
                .map(|p| p.1)
                .sum::<i64>(),
            pool,
            "the parts add up to {pool}"
        );
    }
}

#[test]
fn export_then_import_gives_the_same_export() {
    let f = fixture();
    let first = crate::exchange::export(f.store.conn()).unwrap();
    assert!(
        !first.agreements.is_empty() && !first.activities.is_empty() && !first.income.is_empty()
    );
    let mut copy = Store::open_in_memory().unwrap();
    crate::exchange::import(&mut copy, &first, &Actor("t".into()), now()).unwrap();
    let second = crate::exchange::export(copy.conn()).unwrap();
    assert_eq!(
        serde_json::to_string(&first).unwrap(),
        serde_json::to_string(&second).unwrap(),
        "lossless round trip"
    );
    let _ = (f.company, f.a5_abandoned, f.f1);
}
