//! A small hand-made dataset for the KPI, compensation and bad-input tests; the tests work out their
//! expected numbers by hand from this description (the working is beside each assertion).
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
        status: AgreementStatus::InForce,
        parties: vec![Party {
            organisation_id: org,
            role: PartyRole::Licensee,
        }],
        ..Agreement::new(number, format!("{number} title"), kind)
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
