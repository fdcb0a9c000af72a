//! The demo's collaboration activity of one fiscal year: joint research projects under their
//! agreements (a third grown from a consultation), contract research, NDAs and MTAs, technical
//! consultations, start-up support and seminars, with the research funds they brought.

use chrono::{Days, NaiveDate};
use rand::seq::SliceRandom;
use rand::Rng;

use super::{agreement, base, income, plus_days, plus_months, random_day, tlo, Demo};
use crate::activities::{self, Activity, ActivityKind};
use crate::agreements::{AgreementKind, Party, PartyRole, ReportObligation};
use crate::error::Result;
use crate::money::IncomeCategory;

const TOPICS: &[&str] = &[
    "センサー材料の耐久性評価",
    "培養条件の最適化",
    "画像解析アルゴリズムの適用",
    "微生物発酵による機能性成分",
    "二次電池電極の劣化解析",
    "ロボットハンドの把持制御",
    "農作物の鮮度保持",
    "医療用ポリマーの生体適合性",
    "半導体薄膜の成膜条件",
    "触媒の再生方法",
    "IoT データの異常検知",
    "新規抗菌ペプチド",
];

fn activity(g: &mut Demo<'_, '_>, a: Activity) -> Result<activities::ActivityId> {
    activities::create_activity(g.w, &a)
}

fn blank(kind: ActivityKind, on: NaiveDate, title: String) -> Activity {
    Activity {
        id: None,
        kind,
        started_on: on,
        ended_on: None,
        title,
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

pub(super) fn collaboration_year(g: &mut Demo<'_, '_>, fy: i32) -> Result<()> {
    let tlo = tlo(g)?;
    // Joint research: 11–13 new projects a year, each under its agreement; a third grew from a consultation.
    for k in 0..g.rng.gen_range(11..=13) {
        let start = random_day(g.rng, fy);
        if start > g.today {
            continue;
        }
        let company = *g.cast.companies.choose(g.rng).unwrap_or(&tlo);
        let (pi, _) = *g.cast.inventors.choose(g.rng).unwrap_or(&(
            crate::domain::PersonId(1),
            crate::demo::words::Field::Engineering,
        ));
        let topic = TOPICS[g.rng.gen_range(0..TOPICS.len())];
        let months = 12 * g.rng.gen_range(1..=3);
        let end = plus_months(start, months) - Days::new(1);
        let amount = g.rng.gen_range(10..=100) * 100_000;
        let coordinator = g.cast.staff.choose(g.rng).copied();
        let consult = if g.rng.gen_bool(0.35) {
            let mut c = blank(
                ActivityKind::Consultation,
                start - Days::new(g.rng.gen_range(30..120)),
                topic.to_owned(),
            );
            c.organisation_id = Some(company);
            c.researcher_id = Some(pi);
            c.coordinator_id = coordinator;
            c.outcome = Some("共同研究へ発展".to_owned());
            Some(activity(g, c)?)
        } else {
            None
        };
        let mut a = base(
            format!("JR-{fy}-{:03}", k + 1),
            format!("{topic}に関する共同研究"),
            AgreementKind::JointResearch,
            start,
            end,
            g.today,
            Party {
                organisation_id: company,
                role: PartyRole::Partner,
            },
        );
        a.terms.funding_yen = amount;
        a.responsible_id = coordinator;
        a.reports = vec![ReportObligation {
            what: "共同研究実施報告書".to_owned(),
            every_months: 12,
            first_due_on: plus_months(start, 12),
        }];
        let agreement_id = agreement(g, a)?;
        let mut p = blank(
            ActivityKind::JointResearch,
            start,
            format!("{topic}に関する共同研究"),
        );
        p.ended_on = Some(end);
        p.organisation_id = Some(company);
        p.researcher_id = Some(pi);
        p.coordinator_id = coordinator;
        p.amount_yen = amount;
        p.agreement_id = Some(agreement_id);
        let project = activity(g, p)?;
        if let Some(c) = consult {
            activities::set_led_to(g.w, c, Some(project), Some(agreement_id))?;
        }
        income(
            g,
            agreement_id,
            plus_days(start, 45),
            IncomeCategory::JointResearch,
            amount,
        )?;
    }
    // Contract research, NDAs and MTAs.
    for (kind, count, prefix, months) in [
        (AgreementKind::ContractResearch, 2, "CR", 12),
        (AgreementKind::Nda, 5, "NDA", 24),
        (AgreementKind::Mta, 1, "MTA", 12),
    ] {
        for k in 0..count {
            let start = random_day(g.rng, fy);
            if start > g.today {
                continue;
            }
            let company = *g.cast.companies.choose(g.rng).unwrap_or(&tlo);
            let role = match kind {
                AgreementKind::ContractResearch => PartyRole::Sponsor,
                AgreementKind::Mta => PartyRole::Recipient,
                _ => PartyRole::Partner,
            };
            let mut a = base(
                format!("{prefix}-{fy}-{:03}", k + 1),
                format!(
                    "{}に関する{}",
                    TOPICS[g.rng.gen_range(0..TOPICS.len())],
                    kind.label_ja()
                ),
                kind,
                start,
                plus_months(start, months) - Days::new(1),
                g.today,
                Party {
                    organisation_id: company,
                    role,
                },
            );
            if kind == AgreementKind::ContractResearch {
                a.terms.funding_yen = g.rng.gen_range(5..=30) * 100_000;
            }
            let funding = a.terms.funding_yen;
            let id = agreement(g, a)?;
            if funding > 0 {
                income(
                    g,
                    id,
                    plus_days(start, 30),
                    IncomeCategory::ContractResearch,
                    funding,
                )?;
            }
        }
    }
    // Technical consultations: 40–60 a year.
    for _ in 0..g.rng.gen_range(40..=60) {
        let on = random_day(g.rng, fy);
        if on > g.today {
            continue;
        }
        let mut c = blank(
            ActivityKind::Consultation,
            on,
            TOPICS[g.rng.gen_range(0..TOPICS.len())].to_owned(),
        );
        if g.rng.gen_bool(0.5) {
            c.organisation_id = g.cast.companies.choose(g.rng).copied();
        } else {
            c.company_name = Some(format!(
                "{}株式会社",
                ["東邦", "新和", "大和", "中央", "平成"][g.rng.gen_range(0..5)]
            ));
        }
        c.researcher_id = g.cast.inventors.choose(g.rng).map(|x| x.0);
        c.coordinator_id = g.cast.staff.choose(g.rng).copied();
        c.outcome = Some(
            ["情報提供", "研究者紹介", "継続相談", "秘密保持契約へ"][g.rng.gen_range(0..4)]
                .to_owned(),
        );
        activity(g, c)?;
    }
    // Start-up support: 2–4 a year.
    for k in 0..g.rng.gen_range(2..=4) {
        let on = random_day(g.rng, fy);
        if on > g.today {
            continue;
        }
        let mut s = blank(
            ActivityKind::StartupSupport,
            on,
            format!("東都発ベンチャー {fy}-{}", k + 1),
        );
        s.founders = g
            .cast
            .inventors
            .choose(g.rng)
            .map(|x| format!("研究者 #{}", x.0));
        s.support_type = Some(
            [
                "起業相談",
                "インキュベーション施設入居",
                "ライセンス供与",
                "新株予約権取得",
            ][g.rng.gen_range(0..4)]
            .to_owned(),
        );
        s.equity = s.support_type.as_deref() == Some("新株予約権取得");
        s.coordinator_id = g.cast.staff.choose(g.rng).copied();
        activity(g, s)?;
    }
    // Seminars: 4–6 a year.
    for _ in 0..g.rng.gen_range(4..=6) {
        let on = random_day(g.rng, fy);
        if on > g.today {
            continue;
        }
        let mut s = blank(
            ActivityKind::Seminar,
            on,
            [
                "知財セミナー",
                "新技術説明会",
                "産学連携フェア出展",
                "研究者向け特許講習会",
            ][g.rng.gen_range(0..4)]
            .to_owned(),
        );
        s.audience = Some(g.rng.gen_range(20..=200));
        s.coordinator_id = g.cast.staff.choose(g.rng).copied();
        activity(g, s)?;
    }
    Ok(())
}
