//! The demo's agreements, policy documents, collaboration activity, income, compensation rule and
//! KPI targets: a TLO mandate since FY2004, licences and options on the families that are alive,
//! 100+ joint research projects under their agreements, contract research, NDAs and MTAs, the
//! policy register with version histories back to FY2004 (national universities were incorporated
//! on 1 April 2004), ten fiscal years (FY2016–FY2025) of consultations, start-up support and
//! seminars (and the current year up to `today`), and the income each agreement brought.
//! Deterministic from the demo's rng; nothing is dated after `today`.

use chrono::{Datelike, Days, Months, NaiveDate};
use rand::seq::SliceRandom;
use rand::Rng;
use rand_chacha::ChaCha8Rng;
use sha2::{Digest, Sha256};

mod collaboration;

use super::{Cast, DemoOptions, DemoSummary};
use crate::agreements::{
    self as ag, Agreement, AgreementKind, AgreementStatus, Link, Party, PartyRole, ReportObligation,
};
use crate::domain::{FamilyId, OrganisationId};
use crate::error::Result;
use crate::kpi::{self, KpiMetric, Target};
use crate::money::compensation::{self, CompensationRule, Tier};
use crate::money::{self, Income, IncomeCategory};
use crate::policies::{self, PolicyDocument, PolicyKind, PolicyVersion};
use crate::store::Write;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap_or(NaiveDate::MIN)
}

fn plus_months(x: NaiveDate, n: u32) -> NaiveDate {
    x.checked_add_months(Months::new(n)).unwrap_or(x)
}

fn plus_days(x: NaiveDate, n: u64) -> NaiveDate {
    x.checked_add_days(Days::new(n)).unwrap_or(x)
}

fn random_day(rng: &mut ChaCha8Rng, fy: i32) -> NaiveDate {
    plus_days(d(fy, 4, 1), rng.gen_range(0..365))
}

struct Demo<'a, 'w> {
    w: &'a mut Write<'w>,
    rng: &'a mut ChaCha8Rng,
    cast: &'a Cast,
    today: NaiveDate,
    serial: u32,
}

/// Generates everything of issue 4 for the demo institution.
pub(super) fn generate(
    w: &mut Write<'_>,
    rng: &mut ChaCha8Rng,
    cast: &Cast,
    opts: DemoOptions,
    summary: &mut DemoSummary,
) -> Result<()> {
    let mut g = Demo {
        w,
        rng,
        cast,
        today: opts.today,
        serial: 0,
    };
    let emp_inv = policy_register(&mut g)?;
    compensation::create_rule(
        g.w,
        &CompensationRule {
            id: None,
            name: "職務発明規程 第2版 補償金（実施補償）".to_owned(),
            effective_from: d(2005, 4, 1),
            deduct_costs: true,
            policy_document_id: Some(emp_inv),
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
    compensation::create_rule(
        g.w,
        &CompensationRule {
            id: None,
            name: "職務発明規程 第3版 相当の利益（特許法35条4項）".to_owned(),
            effective_from: d(2016, 4, 1),
            deduct_costs: true,
            policy_document_id: Some(emp_inv),
            tiers: vec![
                Tier {
                    up_to_yen: Some(1_000_000),
                    inventors_bp: 5000,
                    department_bp: 2500,
                    institution_bp: 2500,
                },
                Tier {
                    up_to_yen: Some(10_000_000),
                    inventors_bp: 3000,
                    department_bp: 3500,
                    institution_bp: 3500,
                },
                Tier {
                    up_to_yen: None,
                    inventors_bp: 2000,
                    department_bp: 4000,
                    institution_bp: 4000,
                },
            ],
        },
    )?;
    tlo_mandate(&mut g)?;
    licences(&mut g)?;
    // Ten full fiscal years from FY2016, and the current one up to today.
    for fy in 2016..=crate::portfolio::fiscal_year(g.today).max(2025) {
        if d(fy, 4, 1) > g.today {
            break;
        }
        collaboration::collaboration_year(&mut g, fy)?;
    }
    targets(&mut g)?;
    let count = |table: &str| -> Result<u32> {
        g.w.tx()
            .query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
    };
    summary.agreements = count("agreement")?;
    summary.policy_documents = count("policy_document")?;
    summary.activities = count("activity")?;
    summary.income = count("income")?;
    Ok(())
}

/// A policy document of the demo: code, title, kind, and (fiscal year, summary) of each version.
type DemoPolicy = (
    &'static str,
    &'static str,
    PolicyKind,
    &'static [(i32, &'static str)],
);

fn policy_register(g: &mut Demo<'_, '_>) -> Result<crate::policies::PolicyDocumentId> {
    let docs: &[DemoPolicy] = &[
        (
            "IP-POLICY",
            "東都大学知的財産ポリシー",
            PolicyKind::IpPolicy,
            &[
                (2004, "法人化に伴い制定（機関一元管理）"),
                (2010, "TLO連携の明確化"),
                (2016, "産学連携推進の方針を追加"),
                (2022, "データ・ソフトウェアの取扱いを追加"),
            ],
        ),
        (
            "EMP-INV",
            "東都大学職務発明規程",
            PolicyKind::EmployeeInvention,
            &[
                (2004, "制定"),
                (2005, "実施補償の算定方法を規定"),
                (2016, "平成27年改正特許法35条に対応（相当の利益）"),
                (2021, "学生発明の取扱いを追加"),
            ],
        ),
        (
            "COI",
            "東都大学利益相反マネジメントポリシー",
            PolicyKind::ConflictOfInterest,
            &[
                (2005, "制定"),
                (2018, "大学発ベンチャー株式保有の取扱いを追加"),
            ],
        ),
        (
            "CONF",
            "東都大学秘密保持規程",
            PolicyKind::Confidentiality,
            &[(2006, "制定"), (2019, "営業秘密管理の強化")],
        ),
        (
            "JR-RULES",
            "東都大学共同研究取扱規程",
            PolicyKind::JointResearch,
            &[
                (2004, "制定"),
                (2012, "間接経費率の改定"),
                (2020, "オンライン契約手続に対応"),
            ],
        ),
        (
            "MODEL-JR",
            "共同研究契約書ひな形",
            PolicyKind::ModelAgreement,
            &[
                (2004, "制定"),
                (2015, "成果の帰属条項を改定"),
                (2023, "不実施補償条項を見直し"),
            ],
        ),
    ];
    let mut emp_inv = None;
    for (code, title, kind, history) in docs {
        let mut versions = Vec::new();
        for (i, (fy, summary)) in history.iter().enumerate() {
            let effective = d(*fy, 4, 1);
            if effective > g.today {
                break;
            }
            let version = format!("{}.0", i + 1);
            let file_name = format!("{code}_v{version}.pdf");
            // The demo has no files: the digest names what the PDF's text would be.
            let sha = hex::encode(Sha256::digest(
                format!("{title} 第{}版 {summary}", i + 1).as_bytes(),
            ));
            let last = i + 1 == history.len();
            versions.push(PolicyVersion {
                id: None,
                version,
                approval_body: Some(
                    if *kind == PolicyKind::ModelAgreement {
                        "産学連携本部会議"
                    } else {
                        "役員会"
                    }
                    .to_owned(),
                ),
                approved_on: Some(effective - Days::new(10)),
                effective_on: Some(effective),
                superseded_on: None,
                summary: Some((*summary).to_owned()),
                next_review_on: last.then(|| review_after(d(fy + 5, 3, 31), g.today)),
                file_name: Some(file_name),
                sha256: Some(sha),
            });
        }
        if *code == "MODEL-JR" {
            versions.push(PolicyVersion {
                id: None,
                version: "4.0".to_owned(),
                approval_body: None,
                approved_on: None,
                effective_on: None,
                superseded_on: None,
                summary: Some("（案）電子契約・データ提供条項の追加".to_owned()),
                next_review_on: None,
                file_name: None,
                sha256: None,
            });
        }
        let id = policies::create_policy_document(
            g.w,
            &PolicyDocument {
                id: None,
                code: (*code).to_owned(),
                title: (*title).to_owned(),
                kind: *kind,
                obsolete: false,
                versions,
            },
        )?;
        if *code == "EMP-INV" {
            emp_inv = Some(id);
        }
    }
    emp_inv.ok_or_else(|| crate::error::CoreError::Integrity("demo: no 職務発明規程".to_owned()))
}

/// A review every five years: the first 31 March of that cycle that is not past `today`.
fn review_after(mut due: NaiveDate, today: NaiveDate) -> NaiveDate {
    while due < today {
        due = plus_months(due, 60);
    }
    due
}

fn tlo(g: &Demo<'_, '_>) -> Result<OrganisationId> {
    g.w.tx().query_row(
        "SELECT id FROM organisation WHERE kind = 'tlo' ORDER BY id LIMIT 1",
        [],
        |r| r.get(0),
    )
}

fn agreement(g: &mut Demo<'_, '_>, a: Agreement) -> Result<ag::AgreementId> {
    ag::create_agreement(g.w, &a)
}

fn base(
    number: String,
    title: String,
    kind: AgreementKind,
    signed: NaiveDate,
    expires: NaiveDate,
    today: NaiveDate,
    party: Party,
) -> Agreement {
    Agreement {
        status: if expires < today {
            AgreementStatus::Expired
        } else {
            AgreementStatus::InForce
        },
        signed_on: Some(signed),
        effective_on: Some(signed),
        expires_on: Some(expires),
        parties: vec![party],
        ..Agreement::new(number, title, kind)
    }
}

fn tlo_mandate(g: &mut Demo<'_, '_>) -> Result<()> {
    let tlo = tlo(g)?;
    let mut a = base(
        "TLO-2004-001".to_owned(),
        "技術移転業務委託契約（承認TLO）".to_owned(),
        AgreementKind::TloMandate,
        d(2004, 4, 1),
        d(2005, 3, 31),
        g.today,
        Party {
            organisation_id: tlo,
            role: PartyRole::Tlo,
        },
    );
    a.status = AgreementStatus::InForce;
    a.auto_renewal = true;
    a.renewal_term_months = Some(12);
    a.renewal_notice_days = Some(90);
    a.responsible_id = g.cast.staff.first().copied();
    a.reports = vec![ReportObligation {
        what: "技術移転活動年次報告".to_owned(),
        every_months: 12,
        first_due_on: d(2005, 5, 31),
    }];
    agreement(g, a)?;
    Ok(())
}

fn licences(g: &mut Demo<'_, '_>) -> Result<()> {
    let families: Vec<(FamilyId, String, NaiveDate)> = {
        let mut stmt = g.w.tx().prepare(
            "SELECT f.id, f.title, min(a.filed_on) FROM family f JOIN application a ON a.family_id = f.id
             WHERE a.filed_on IS NOT NULL GROUP BY f.id
             HAVING count(CASE WHEN a.status IN ('filed','published','examination','granted') THEN 1 END) > 0
             ORDER BY f.id",
        )?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
        rows.collect::<crate::error::Result<_>>()?
    };
    let mut picks: Vec<&(FamilyId, String, NaiveDate)> = families.iter().collect();
    picks.shuffle(g.rng);
    let wanted = 48.min(picks.len() / 2).max(1.min(picks.len()));
    let tlo = tlo(g)?;
    for (fid, title, first) in picks.into_iter().take(wanted) {
        let earliest = plus_months(*first, 6);
        if earliest >= g.today {
            continue;
        }
        let span = (g.today - earliest).num_days().max(1) as u64;
        // Most licences follow within three years of the first filing.
        let signed = plus_days(earliest, g.rng.gen_range(0..span.min(1100)));
        let kind = match g.rng.gen_range(0..10) {
            0..=2 => AgreementKind::LicenceExclusive,
            3..=6 => AgreementKind::LicenceNonExclusive,
            7..=8 => AgreementKind::Option,
            _ => AgreementKind::Assignment,
        };
        let years = if kind == AgreementKind::Option {
            1
        } else {
            g.rng.gen_range(5..=10)
        };
        let expires = plus_months(signed, 12 * years) - Days::new(1);
        let company = *g.cast.companies.choose(g.rng).unwrap_or(&tlo);
        g.serial += 1;
        let prefix = match kind {
            AgreementKind::Option => "OPT",
            AgreementKind::Assignment => "ASG",
            _ => "LIC",
        };
        let mut a = base(
            format!("{prefix}-{}-{:03}", signed.year(), g.serial),
            format!("「{title}」{}", kind.label_ja()),
            kind,
            signed,
            expires,
            g.today,
            Party {
                organisation_id: company,
                role: if kind == AgreementKind::Assignment {
                    PartyRole::Assignee
                } else {
                    PartyRole::Licensee
                },
            },
        );
        a.parties.push(Party {
            organisation_id: tlo,
            role: PartyRole::Tlo,
        });
        a.links = vec![Link::Family(*fid)];
        a.territory = Some("全世界".to_owned());
        a.responsible_id = g.cast.staff.choose(g.rng).copied();
        let upfront = g.rng.gen_range(5..=50) * 100_000;
        a.terms.upfront_yen = upfront;
        if matches!(
            kind,
            AgreementKind::LicenceExclusive | AgreementKind::LicenceNonExclusive
        ) {
            a.terms.royalty_rate_bp = Some(g.rng.gen_range(2..=6) * 50);
            a.terms.royalty_base = Some("正味販売価格".to_owned());
            a.terms.annual_minimum_yen = if kind == AgreementKind::LicenceExclusive {
                500_000
            } else {
                0
            };
            a.reports = vec![ReportObligation {
                what: "実施報告書（ロイヤルティ報告）".to_owned(),
                every_months: 6,
                first_due_on: plus_months(signed, 6),
            }];
        }
        let id = agreement(g, a)?;
        let category = match kind {
            AgreementKind::Option => IncomeCategory::OptionFee,
            AgreementKind::Assignment => IncomeCategory::Assignment,
            _ => IncomeCategory::LicenceFee,
        };
        income(g, id, plus_days(signed, 30), category, upfront)?;
        if matches!(
            kind,
            AgreementKind::LicenceExclusive | AgreementKind::LicenceNonExclusive
        ) {
            let mut due = plus_months(signed, 12);
            while due <= g.today && due <= expires {
                let amount = g.rng.gen_range(1..=30) * 100_000;
                income(g, id, due, IncomeCategory::RunningRoyalty, amount)?;
                due = plus_months(due, 12);
            }
        }
    }
    Ok(())
}

fn income(
    g: &mut Demo<'_, '_>,
    agreement_id: ag::AgreementId,
    on: NaiveDate,
    category: IncomeCategory,
    amount: i64,
) -> Result<()> {
    if on > g.today {
        return Ok(());
    }
    money::create_income(
        g.w,
        &Income {
            id: None,
            agreement_id,
            received_on: on,
            category,
            amount_yen: amount,
            note: None,
        },
    )?;
    Ok(())
}

fn targets(g: &mut Demo<'_, '_>) -> Result<()> {
    kpi::create_target(
        g.w,
        &Target {
            id: None,
            metric: KpiMetric::PatentsGranted,
            label: "大学発特許取得数を10年間で15倍".to_owned(),
            baseline_fy: 2016,
            baseline_value: Some(2),
            multiplier: 15.0,
            horizon_years: 10,
        },
    )?;
    kpi::create_target(
        g.w,
        &Target {
            id: None,
            metric: KpiMetric::PatentsUnderLicence,
            label: "大学発特許実施件数を5年後に10倍".to_owned(),
            baseline_fy: 2020,
            baseline_value: None,
            multiplier: 10.0,
            horizon_years: 5,
        },
    )?;
    Ok(())
}
