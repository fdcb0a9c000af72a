//! The demo institution: a deterministic, realistic national university's IP office, so that the
//! desktop app, the CLI, the reports and the benchmarks all have a portfolio worth looking at.
//!
//! 東都大学 (fictional) with faculties of engineering, medicine, science and agriculture: invention
//! disclosures from FY2016 to the current fiscal year (filled up to today, so this year is partly
//! done beside last year's whole), succession decisions, JP filings, PCT filings within
//! the priority year, national phases at 30/31 months, examination requests, office actions, grants,
//! annuities, abandonments, co-applicant companies, patent firms and the costs of all of it. The
//! same `seed` and `today` always give the same database; events after `today` are not invented.
//! `scale` asks for that many applications (about 450 at the default) with the same realism.

mod agreements;
mod docket;
mod history;
mod words;

use chrono::NaiveDate;
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde::Serialize;

use crate::domain::*;
use crate::error::{CoreError, Result};
use crate::portfolio::{self, Institution, Organisation, Person};
use crate::store::{Actor, Store};
use words::*;

/// How much and which demo to make.
#[derive(Debug, Clone, Copy)]
pub struct DemoOptions {
    /// Applications to generate (about 450 for the ordinary demo).
    pub scale: u32,
    pub seed: u64,
    /// Nothing after this day is generated (the prosecution history runs up to it).
    pub today: NaiveDate,
}

/// The default number of applications.
pub const DEFAULT_SCALE: u32 = 450;

/// The demo's default seed: `chizai demo` and the desktop's first start make the same institution.
pub const DEFAULT_SEED: u64 = 2004;

/// What was generated.
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct DemoSummary {
    pub people: u32,
    pub organisations: u32,
    pub disclosures: u32,
    pub families: u32,
    pub applications: u32,
    pub events: u32,
    pub costs: u32,
    pub agreements: u32,
    pub policy_documents: u32,
    pub activities: u32,
    pub income: u32,
    /// Past deadlines recorded as done or waived (see `demo/docket.rs`).
    pub deadlines_settled: usize,
}

/// The demo's e-mail domain (a documentation name, never a real university's): staff
/// and inventors get addresses there so the demo can be reminded into a test mail sink.
pub const MAIL_DOMAIN: &str = "example.ac.jp";

/// The demo institution's name.
pub const INSTITUTION: &str = "国立大学法人 東都大学";

/// Fills an empty database with the demo institution, in one transaction.
pub fn generate(
    store: &mut Store,
    opts: DemoOptions,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<DemoSummary> {
    if opts.scale == 0 {
        return Err(CoreError::invalid(
            "scale",
            "must be at least 1 application",
        ));
    }
    let existing: i64 = store
        .conn()
        .query_row("SELECT count(*) FROM application", [], |r| r.get(0))?;
    if existing > 0 {
        return Err(CoreError::Conflict(format!(
            "this database already holds {existing} applications; the demo fills only an empty database (use --db NEW_FILE)"
        )));
    }
    store.bulk_load(|store| fill(store, opts, now))
}

/// [`generate`]'s one write, into a database known to be empty.
fn fill(
    store: &mut Store,
    opts: DemoOptions,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<DemoSummary> {
    let actor = Actor("demo".to_owned());
    store
        .write(&actor, now, "demo", |w| {
            let mut rng = ChaCha8Rng::seed_from_u64(opts.seed);
            let mut summary = DemoSummary::default();
            portfolio::set_institution(
                w,
                &Institution {
                    name: INSTITUTION.to_owned(),
                    name_en: Some("Toto University".to_owned()),
                    vice_president: Some("理事・副学長（研究・産学連携担当） 山本 修一".to_owned()),
                },
            )?;
            let mut cast = Cast::default();
            for (i, (name, mailbox)) in [
                ("高橋 由美", "takahashi.yumi"),
                ("中村 健太", "nakamura.kenta"),
                ("小川 直子", "ogawa.naoko"),
                ("遠藤 拓也", "endo.takuya"),
                ("藤井 彩", "fujii.aya"),
            ]
            .iter()
            .enumerate()
            {
                let dept = if i == 0 {
                    "知的財産本部 知財マネージャー"
                } else {
                    "知的財産本部"
                };
                let email = format!("{mailbox}@{MAIL_DOMAIN}");
                cast.staff.push(person(
                    w,
                    name,
                    PersonRole::Staff,
                    Some(dept),
                    true,
                    Some(email),
                )?);
            }
            for name in [
                "弁理士 青山 修",
                "弁護士 桜井 恵子",
                "元企業知財部長 森 正人",
            ] {
                person(w, name, PersonRole::Expert, Some("外部専門家"), false, None)?;
            }
            // The office manager receives every overdue deadline; the digests come from the office.
            crate::remind::set_settings(
                w,
                &crate::remind::ReminderSettings {
                    from_address: Some(format!("chizai@{MAIL_DOMAIN}")),
                    from_name: Some("東都大学 知的財産本部".to_owned()),
                    office_manager_id: cast.staff.first().copied(),
                    ..crate::remind::ReminderSettings::default()
                },
            )?;
            for name in COMPANIES {
                cast.companies
                    .push(org(w, name, OrganisationKind::Company)?);
            }
            for name in PATENT_FIRMS {
                cast.firms.push(org(w, name, OrganisationKind::PatentFirm)?);
            }
            org(
                w,
                "株式会社東都テクノロジーパートナーズ",
                OrganisationKind::Tlo,
            )?;
            for name in [
                "国立研究開発法人科学技術振興機構",
                "国立研究開発法人日本医療研究開発機構",
                "国立研究開発法人新エネルギー・産業技術総合開発機構",
            ] {
                org(w, name, OrganisationKind::FundingAgency)?;
            }
            let inventors_wanted = (opts.scale / 2).clamp(60, 20_000);
            for n in 0..inventors_wanted {
                let (faculty, depts, field) = FACULTIES[rng.gen_range(0..FACULTIES.len())];
                let dept = depts.choose(&mut rng).copied().unwrap_or(faculty);
                let name = format!(
                    "{} {}",
                    pick(&mut rng, SURNAMES),
                    pick(&mut rng, GIVEN_NAMES)
                );
                let id = person(
                    w,
                    &name,
                    PersonRole::Inventor,
                    Some(&format!("{faculty} {dept}")),
                    true,
                    Some(format!("inventor{:05}@{MAIL_DOMAIN}", n + 1)),
                )?;
                cast.inventors.push((id, field));
            }
            summary.people = 8 + inventors_wanted;
            summary.organisations = (COMPANIES.len() + PATENT_FIRMS.len() + 4) as u32;
            // The search index is written once the records are, in order (see search::Deferred).
            let index = crate::search::Deferred::begin(w)?;
            history::generate(w, &mut rng, &cast, opts, &mut summary)?;
            agreements::generate(w, &mut rng, &cast, opts, &mut summary)?;
            index.finish(w)?;
            summary.deadlines_settled = docket::settle(w, opts.today)?;
            Ok(summary)
        })
        .and_then(|summary| {
            store.after_bulk_load()?;
            Ok(summary)
        })
}

/// The people and organisations the history draws on.
#[derive(Debug, Default)]
pub(crate) struct Cast {
    pub staff: Vec<PersonId>,
    pub inventors: Vec<(PersonId, Field)>,
    pub companies: Vec<OrganisationId>,
    pub firms: Vec<OrganisationId>,
}

fn pick<'a>(rng: &mut ChaCha8Rng, list: &[&'a str]) -> &'a str {
    list[rng.gen_range(0..list.len())]
}

fn person(
    w: &mut crate::store::Write<'_>,
    name: &str,
    role: PersonRole,
    dept: Option<&str>,
    internal: bool,
    email: Option<String>,
) -> Result<PersonId> {
    portfolio::create_person(
        w,
        &Person {
            id: None,
            name: name.to_owned(),
            name_kana: None,
            role,
            department: dept.map(str::to_owned),
            internal,
            email,
        },
    )
}

fn org(
    w: &mut crate::store::Write<'_>,
    name: &str,
    kind: OrganisationKind,
) -> Result<OrganisationId> {
    portfolio::create_organisation(
        w,
        &Organisation {
            id: None,
            name: name.to_owned(),
            kind,
            country: "JP".to_owned(),
        },
    )
}
