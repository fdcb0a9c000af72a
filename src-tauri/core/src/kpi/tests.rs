//! The KPIs, inventor compensation and the export round trip against the hand-made dataset of
//! [`fixture`](super::fixture), whose numbers were worked out by hand (the working is in the
//! comments beside each assertion).

use super::fixture::{d, fixture, now};
use super::*;
use crate::domain::*;
use crate::money::compensation;
use crate::store::{Actor, Store};

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

/// The board report computes many years in one pass (`compute_years`): a year's KPIs are the
/// same whichever span they are computed in, and the targets reuse years already computed.
#[test]
fn a_year_counts_the_same_alone_and_within_a_span() {
    let f = fixture();
    let span = compute_years(f.store.conn(), 2019, 2025).unwrap();
    assert_eq!(span.len(), 7);
    for k in &span {
        assert_eq!(
            k,
            &compute(f.store.conn(), k.fiscal_year).unwrap(),
            "FY{}",
            k.fiscal_year
        );
    }
    assert!(
        span.iter()
            .any(|k| k.filings.total > 0 && k.patents_under_licence > 0),
        "the span holds years with filings and licences (else this proves little)"
    );
    assert!(compute_years(f.store.conn(), 2022, 2021).is_err());
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
    assert_eq!(target_years(f.store.conn()).unwrap(), Some((2020, 2025)));
    assert_eq!(
        t,
        targets_with(f.store.conn(), &series(f.store.conn(), 2022, 3).unwrap()).unwrap(),
        "the years given are the years computed"
    );
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
    let mut f = fixture();
    // The fixture writes its facts below the routes; every route recomputes the docket, and the
    // exchange (version 2) carries it, so the source gets its docket as a desk's would have it.
    f.store
        .write(&Actor("t".into()), now(), "recompute", |w| {
            crate::deadlines::recompute(w, None, d("2026-11-28"))
        })
        .unwrap();
    let first = crate::exchange::export(f.store.conn()).unwrap();
    assert!(
        !first.deadlines.is_empty(),
        "the docket travels in the file"
    );
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
