//! Deterministic sample inputs: a board report and a large synthetic register.
//!
//! Used by the tests, the benchmark (`report_bench`) and the README page image, so that the
//! layout can be judged and timed without a database. Figures are invented but plausible for
//! a mid-sized national university.
//!
//! Not part of the library: the unit tests compile it as `report::sample`, and the benchmark and
//! the example include this file by path. It names the crate `chizai_core` (the library's
//! `extern crate self`) so that the one file reads the same in all three; each of them uses only
//! part of it.
#![allow(dead_code)]

use chrono::{Duration, NaiveDate, NaiveDateTime};

use chizai_core::report::board::{
    seed_targets, AnnuityDecision, BoardReport, ExpiringAgreement, FiscalYearFigures,
    NationalPhaseDue, PolicyState,
};
use chizai_core::report::canvas::Align;
use chizai_core::report::deadlines::{DeadlineLine, DeadlineState};
use chizai_core::report::doc::{Orientation, ReportMeta};
use chizai_core::report::format::{date_short, yen};
use chizai_core::report::register::Register;
use chizai_core::report::registers::{AgreementLine, PolicyLine};
use chizai_core::report::table::{Column, Row};

/// A board report for fiscal year `fy` of a sample institution.
pub fn board(fy: i32, as_of: NaiveDate, created: NaiveDateTime) -> BoardReport {
    let years = (fy - 9..=fy)
        .enumerate()
        .map(|(i, year)| {
            let i = i as u32;
            FiscalYearFigures {
                fiscal_year: year,
                disclosures: 60 + i * 7 + (i % 3) * 4,
                filings_jp: 30 + i * 4,
                filings_pct: 6 + i * 2,
                filings_foreign: 4 + i * 2 + i % 2,
                grants: 4 + i * i / 2 + i,
                licences: 3 + i * 2,
                patents_under_licence: 3 + i * i * i / 17,
                income_yen: 8_000_000 + i64::from(i) * 3_100_000 + i64::from(i % 2) * 1_250_000,
                cost_yen: 30_000_000 + i64::from(i) * 1_900_000,
                joint_research: 140 + i * 11,
                startups: 2 + i / 2,
                consultations: 380 + i * 35,
            }
        })
        .collect::<Vec<_>>();
    let targets = seed_targets(&years, fy);
    let day = |offset: i64| as_of + Duration::days(offset);
    BoardReport {
        institution: "国立大学法人 北辰大学".to_string(),
        fiscal_year: fy,
        as_of,
        created,
        vice_president: Some("山田 太郎".to_string()),
        years,
        targets,
        annuities: Some(
            (0..7)
                .map(|i| AnnuityDecision {
                    reference: format!("特許第{}号", 6_512_300 + i * 1_117),
                    title: [
                        "高効率ペロブスカイト太陽電池の製造方法",
                        "腸内細菌叢を用いた疾患リスク判定方法",
                        "低温焼結が可能な銀ナノ粒子インク",
                        "自律移動ロボットの経路計画装置",
                        "海洋プラスチック分解酵素およびその利用",
                        "半導体ウエハの欠陥検査システム",
                        "木質バイオマス由来の高分子材料",
                    ][i as usize % 7]
                        .to_string(),
                    office: if i == 3 { "US" } else { "JP" }.to_string(),
                    year: 4 + i % 5,
                    due: day(12 + i64::from(i) * 11),
                    fee_yen: Some(10_400 + i64::from(i) * 8_300),
                    paid_to: Some(3 + i % 5),
                    grace: false,
                })
                .collect(),
        ),
        national_phase: Some(vec![
            NationalPhaseDue {
                reference: "PCT/JP2024/012345".to_string(),
                title: "全固体電池用の硫化物固体電解質".to_string(),
                offices: "US, EP, CN".to_string(),
                due: day(40),
                estimated_cost_yen: Some(3_800_000),
            },
            NationalPhaseDue {
                reference: "PCT/JP2024/023456".to_string(),
                title: "mRNA送達用脂質ナノ粒子".to_string(),
                offices: "US, EP".to_string(),
                due: day(71),
                estimated_cost_yen: None,
            },
        ]),
        expiring_agreements: Some(vec![
            ExpiringAgreement {
                reference: "AG-2021-014".to_string(),
                kind: "共同研究契約".to_string(),
                counterparty: "株式会社サンプル電機".to_string(),
                expiry: day(30),
                notice_by: Some(day(-1)),
            },
            ExpiringAgreement {
                reference: "AG-2023-102".to_string(),
                kind: "ライセンス契約（非独占）".to_string(),
                counterparty: "Example Pharmaceuticals Co., Ltd.".to_string(),
                expiry: day(85),
                notice_by: Some(day(25)),
            },
        ]),
        policies: Some(vec![
            PolicyState {
                title: "知的財産ポリシー".to_string(),
                version: "第3版".to_string(),
                status: "施行中".to_string(),
                effective: NaiveDate::from_ymd_opt(fy - 3, 4, 1),
                next_review: NaiveDate::from_ymd_opt(fy + 1, 3, 31),
            },
            PolicyState {
                title: "職務発明規程".to_string(),
                version: "第5版".to_string(),
                status: "施行中".to_string(),
                effective: NaiveDate::from_ymd_opt(fy - 6, 4, 1),
                next_review: NaiveDate::from_ymd_opt(fy - 1, 3, 31),
            },
            PolicyState {
                title: "利益相反マネジメントポリシー".to_string(),
                version: "第2版".to_string(),
                status: "施行中".to_string(),
                effective: NaiveDate::from_ymd_opt(fy - 2, 10, 1),
                next_review: NaiveDate::from_ymd_opt(fy + 2, 9, 30),
            },
        ]),
        decision_window: Some((as_of, chizai_core::horizons::quarter_end(as_of))),
        snapshot_fingerprint: None,
    }
}

/// A synthetic portfolio register of `rows` applications, landscape, for the benchmark.
pub fn register(rows: usize, as_of: NaiveDate, created: NaiveDateTime) -> Register {
    const TITLES: [&str; 5] = [
        "高効率ペロブスカイト太陽電池の製造方法",
        "腸内細菌叢を用いた疾患リスク判定方法および判定キット",
        "低温焼結が可能な銀ナノ粒子インク",
        "自律移動ロボットの経路計画装置、経路計画方法およびプログラム",
        "Method for producing a sulfide solid electrolyte",
    ];
    const STATUS: [&str; 5] = ["出願済", "審査中", "登録", "登録", "放棄"];
    let mut out = Vec::with_capacity(rows + rows / 8);
    for i in 0..rows {
        if i % 8 == 0 {
            out.push(Row::Group(format!("ファミリー F-{:06}", i / 8 + 1)));
        }
        let filed = as_of - Duration::days((i as i64 * 37) % 7000);
        let status = STATUS[i % 5];
        let cells = vec![
            format!("特願{}-{:06}", 2005 + (i % 20), 100_000 + i % 900_000),
            TITLES[i % 5].to_string(),
            ["JP", "PCT", "US", "EP", "CN"][i % 5].to_string(),
            status.to_string(),
            date_short(filed),
            if status == "登録" {
                format!("特許第{}号", 6_000_000 + i)
            } else {
                "—".to_string()
            },
            if i % 3 == 0 {
                "株式会社サンプル電機（50%）".to_string()
            } else {
                "—".to_string()
            },
            if i % 4 == 0 {
                "許諾中".to_string()
            } else {
                "—".to_string()
            },
            yen(((i % 97) as i64) * 12_300),
        ];
        out.push(if status == "放棄" {
            Row::alert(cells)
        } else {
            Row::cells(cells)
        });
    }
    Register {
        meta: ReportMeta {
            title: "保有特許一覧".to_string(),
            institution: "国立大学法人 北辰大学".to_string(),
            as_of,
            created,
            subject: "保有特許一覧（ベンチマーク用の合成データ）".to_string(),
        },
        orientation: Orientation::Landscape,
        summary: vec![
            (
                "出願・権利".to_string(),
                chizai_core::report::format::thousands(rows as i64),
            ),
            (
                "ファミリー".to_string(),
                chizai_core::report::format::thousands(rows.div_ceil(8) as i64),
            ),
        ],
        notes: vec!["合成データ：ファミリー順、ファミリー内は出願日順。".to_string()],
        columns: vec![
            Column::new("出願番号", 1.7, Align::Left),
            Column::new("発明の名称", 4.2, Align::Left),
            Column::new("庁", 0.6, Align::Center),
            Column::new("状態", 0.9, Align::Center),
            Column::new("出願日", 1.2, Align::Center),
            Column::new("登録番号", 1.7, Align::Left),
            Column::new("共同出願人", 2.4, Align::Left),
            Column::new("実施許諾", 0.9, Align::Center),
            Column::new("当年度費用", 1.3, Align::Right),
        ],
        rows: out,
        size: 7.5,
    }
}

/// Sample lines for the docket, agreement and policy registers (layout checks and docs).
pub fn register_lines(
    as_of: NaiveDate,
) -> (Vec<DeadlineLine>, Vec<AgreementLine>, Vec<PolicyLine>) {
    let day = |offset: i64| as_of + Duration::days(offset);
    let what = [
        (
            "審査請求期限",
            "jp.exam_request",
            "出願日 {t} の翌日から3年（特許法48条の3）",
        ),
        (
            "中間応答期限",
            "jp.oa_response",
            "拒絶理由通知 発送日 {t} から60日（特許法50条）",
        ),
        (
            "年金納付期限（第4年分）",
            "jp.annuity",
            "登録日 {t} の3年後の応当日（特許法108条2項）",
        ),
        (
            "国内移行期限",
            "pct.national_phase",
            "優先日 {t} から30か月（PCT22条）、休日のため翌開庁日へ繰下げ",
        ),
        (
            "契約満了日",
            "agreement.expiry",
            "契約書第12条に定める期間満了日",
        ),
    ];
    let deadlines = (0..40)
        .map(|i: i64| {
            let (w, code, why) = what[(i % 5) as usize];
            let due = day(i * 3 - 9);
            DeadlineLine {
                due,
                what: w.to_string(),
                code: code.to_string(),
                subject: format!("特願2023-{:06} 全固体電池用の硫化物固体電解質", 12_000 + i),
                explanation: why.replace("{t}", &date_short(due - Duration::days(1095))),
                responsible: Some(["佐藤", "鈴木", "高橋"][(i % 3) as usize].to_string()),
                state: if i % 7 == 2 {
                    DeadlineState::Done(due - Duration::days(5))
                } else {
                    DeadlineState::Open
                },
            }
        })
        .collect();
    let agreements = (0..12)
        .map(|i: i64| AgreementLine {
            reference: format!("AG-{}-{:03}", 2020 + i % 6, i + 1),
            kind: [
                "共同研究契約",
                "ライセンス契約（独占）",
                "秘密保持契約",
                "技術移転委託契約",
            ][(i % 4) as usize]
                .to_string(),
            title: "全固体電池材料に関する共同研究".to_string(),
            counterparties: vec![[
                "株式会社サンプル電機",
                "Example Pharmaceuticals Co., Ltd.",
                "北辰TLO株式会社",
            ][(i % 3) as usize]
                .to_string()],
            signed_on: Some(day(-400 - i * 30)),
            effective_on: Some(day(-390 - i * 30)),
            expires_on: Some(day(i * 40 - 100)),
            status: if i * 40 - 100 < 0 { "満了" } else { "有効" }.to_string(),
            linked: vec![format!("F-{:04}", i + 10)],
            terms: Some(format!("一時金 {}、実施料 3%", yen(500_000 * (i + 1)))),
        })
        .collect();
    let policies = [
        ("知的財産ポリシー", "知財ポリシー", "第3版", 365),
        ("職務発明規程", "職務発明規程", "第5版", -20),
        ("利益相反マネジメントポリシー", "利益相反", "第2版", 700),
        ("共同研究取扱規程", "共同研究取扱規程", "第4版", 120),
        ("秘密保持契約書（ひな形）", "ひな形", "第1版", 30),
    ]
    .iter()
    .map(|&(title, kind, version, review)| PolicyLine {
        title: title.to_string(),
        kind: kind.to_string(),
        version: version.to_string(),
        approved_by: Some("役員会".to_string()),
        approved_on: Some(day(-800)),
        effective_on: Some(day(-790)),
        next_review: Some(day(review)),
        status: "施行中".to_string(),
        sha256: Some(
            "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08".to_string(),
        ),
    })
    .collect();
    (deadlines, agreements, policies)
}
