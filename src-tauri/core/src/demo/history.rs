//! The demo's prosecution history from FY2016 to the current fiscal year (filled up to today): disclosures → succession → JP filing →
//! PCT → national phases, each application carried through publication, examination, office
//! actions, grant and annuities up to `today`, with the costs each step brings.

use std::collections::HashMap;

use chrono::{Datelike, Days, Months, NaiveDate};
use rand::seq::SliceRandom;
use rand::Rng;
use rand_chacha::ChaCha8Rng;

mod pct;

use super::words::*;
use super::{Cast, DemoOptions, DemoSummary};
use crate::domain::*;
use crate::error::Result;
use crate::portfolio::{
    self, Application, CoApplicant, Cost, Disclosure, Event, Family, InventorShare, PriorityClaim,
};
use crate::store::Write;

/// The first fiscal year of the demo's history (the agreements and activities start there too).
const FIRST_FY: i32 = 2016;

fn plus_days(d: NaiveDate, n: u64) -> NaiveDate {
    d.checked_add_days(Days::new(n)).unwrap_or(d)
}

fn plus_months(d: NaiveDate, n: u32) -> NaiveDate {
    d.checked_add_months(Months::new(n)).unwrap_or(d)
}

/// Running state of one generation: serial counters per office and year, and the totals.
struct Gen<'a, 'w> {
    w: &'a mut Write<'w>,
    rng: &'a mut ChaCha8Rng,
    cast: &'a Cast,
    today: NaiveDate,
    scale: u32,
    serials: HashMap<(Office, i32), u32>,
    /// The inventors of each field, gathered once (a disclosure draws its inventors from one field).
    pools: Vec<(Field, Vec<PersonId>)>,
    registrations: HashMap<Office, u32>,
    summary: &'a mut DemoSummary,
}

/// What one application's history produced, for the family's later steps.
struct Filed {
    id: ApplicationId,
    filed: NaiveDate,
}

pub(super) fn generate(
    w: &mut Write<'_>,
    rng: &mut ChaCha8Rng,
    cast: &Cast,
    opts: DemoOptions,
    summary: &mut DemoSummary,
) -> Result<()> {
    // FY2016 to the current fiscal year, the current one filled up to today only (a desk opened
    // in December sees this year's disclosures so far beside last year's whole year).
    let last_fy = crate::portfolio::fiscal_year(opts.today).max(FIRST_FY + 9);
    let current_start = NaiveDate::from_ymd_opt(last_fy, 4, 1).unwrap_or(opts.today);
    let elapsed = ((opts.today - current_start).num_days() as f64 / 365.0).clamp(0.05, 1.0);
    let years = f64::from(last_fy - FIRST_FY) + elapsed;
    let span = (last_fy - FIRST_FY + 1) as u32;
    let per_year = (opts.scale as f64 / 1.45 / years).ceil().max(1.0) as u32;
    let mut g = Gen {
        w,
        rng,
        cast,
        today: opts.today,
        scale: opts.scale,
        serials: HashMap::new(),
        pools: FACULTIES
            .iter()
            .map(|(_, _, field)| {
                (
                    *field,
                    cast.inventors
                        .iter()
                        .filter(|(_, f)| f == field)
                        .map(|(p, _)| *p)
                        .collect(),
                )
            })
            .collect(),
        registrations: HashMap::new(),
        summary,
    };
    let mut i = 0_u32;
    while g.summary.applications < g.scale {
        // Year by year; should the portfolio need more disclosures than one pass gives, the
        // next pass spreads them over the years again rather than piling them on the last.
        let fy = FIRST_FY + ((i / per_year) % span) as i32;
        i += 1;
        let start = NaiveDate::from_ymd_opt(fy, 4, 1).unwrap_or(g.today);
        let received = plus_days(start, g.rng.gen_range(0..365));
        if received > g.today {
            if i > per_year.saturating_mul(span).saturating_mul(8) {
                break;
            }
            continue;
        }
        disclosure(&mut g, fy, i, received)?;
    }
    Ok(())
}

fn shares(rng: &mut ChaCha8Rng, n: usize) -> Vec<u32> {
    let patterns: &[&[u32]] = match n {
        1 => &[&[10_000]],
        2 => &[&[5_000, 5_000], &[7_000, 3_000], &[6_000, 4_000]],
        3 => &[
            &[5_000, 3_000, 2_000],
            &[4_000, 3_000, 3_000],
            &[3_334, 3_333, 3_333],
        ],
        _ => &[&[4_000, 3_000, 2_000, 1_000], &[2_500, 2_500, 2_500, 2_500]],
    };
    patterns
        .choose(rng)
        .map(|p| p.to_vec())
        .unwrap_or_else(|| vec![10_000])
}

fn disclosure(g: &mut Gen<'_, '_>, fy: i32, seq: u32, received: NaiveDate) -> Result<()> {
    let field = FACULTIES[g.rng.gen_range(0..FACULTIES.len())].2;
    let pool: &[PersonId] = g
        .pools
        .iter()
        .find(|(f, _)| *f == field)
        .map(|(_, p)| p.as_slice())
        .unwrap_or(&[]);
    let n = [1, 2, 2, 3, 3, 4][g.rng.gen_range(0..6)].min(pool.len().max(1));
    let chosen: Vec<PersonId> = pool.choose_multiple(g.rng, n).copied().collect();
    let inventors: Vec<InventorShare> = chosen
        .iter()
        .zip(shares(g.rng, chosen.len()))
        .map(|(p, s)| InventorShare {
            person_id: *p,
            share_bp: s,
        })
        .collect();
    let (subjects, objects, patterns) = title_parts(field);
    let title = patterns
        .choose(g.rng)
        .copied()
        .unwrap_or("{s}の{o}")
        .replace("{s}", subjects.choose(g.rng).copied().unwrap_or("新規材料"))
        .replace("{o}", objects.choose(g.rng).copied().unwrap_or("製造方法"));
    let (funding, government) = FUNDING[g.rng.gen_range(0..FUNDING.len())];
    let decided = plus_days(received, g.rng.gen_range(20..75));
    let (succession, on, reason) = if decided > g.today {
        (Succession::Pending, None, None)
    } else if g.rng.gen_bool(0.78) {
        (Succession::Succeeded, Some(decided), None)
    } else {
        (
            Succession::NotSucceeded,
            Some(decided),
            NON_SUCCESSION_REASONS
                .choose(g.rng)
                .map(|s| (*s).to_owned()),
        )
    };
    let number = format!("{fy}-{seq:05}");
    let id = portfolio::create_disclosure(
        g.w,
        &Disclosure {
            id: None,
            number: format!("発明届{number}"),
            title: title.clone(),
            received_on: received,
            funding_source: Some(funding.to_owned()),
            government_funded: government,
            evaluation: Some(
                if succession == Succession::NotSucceeded {
                    "知財評価委員会：出願見送り"
                } else {
                    "知財評価委員会：出願推奨"
                }
                .to_owned(),
            ),
            succession,
            succession_on: on,
            succession_reason: reason,
            confidential: true,
            inventors: inventors.clone(),
        },
    )?;
    g.summary.disclosures += 1;
    if let (Succession::Succeeded, Some(on)) = (succession, on) {
        family(g, &number, &title, id, on, &inventors)?;
    }
    Ok(())
}

/// Common fields of every application in a family.
struct FamilyCtx<'a> {
    family: FamilyId,
    reference: String,
    title: &'a str,
    inventors: &'a [InventorShare],
    co_applicants: Vec<CoApplicant>,
    responsible: Option<PersonId>,
    firm: Option<OrganisationId>,
    claims: i64,
}

fn family(
    g: &mut Gen<'_, '_>,
    number: &str,
    title: &str,
    disclosure: DisclosureId,
    decided: NaiveDate,
    inventors: &[InventorShare],
) -> Result<()> {
    let reference = format!("TT{number}");
    let family = portfolio::create_family(
        g.w,
        &Family {
            id: None,
            reference: reference.clone(),
            title: title.to_owned(),
            disclosure_id: Some(disclosure),
        },
    )?;
    g.summary.families += 1;
    let co_applicants = if g.rng.gen_bool(0.25) {
        g.cast
            .companies
            .choose(g.rng)
            .map(|c| {
                vec![CoApplicant {
                    organisation_id: *c,
                    share_bp: 5_000,
                }]
            })
            .unwrap_or_default()
    } else {
        Vec::new()
    };
    let ctx = FamilyCtx {
        family,
        reference,
        title,
        inventors,
        co_applicants,
        responsible: g.cast.staff.choose(g.rng).copied(),
        firm: g.cast.firms.choose(g.rng).copied(),
        claims: g.rng.gen_range(5..16),
    };
    let jp_filed = plus_days(decided, g.rng.gen_range(10..80));
    let Some(jp) = jp_application(g, &ctx, jp_filed)? else {
        return Ok(());
    };
    let pct_filed = plus_days(jp.filed, g.rng.gen_range(330..364));
    if g.rng.gen_bool(0.4) && pct_filed <= g.today && g.summary.applications < g.scale {
        pct::pct_family(g, &ctx, &jp, pct_filed)?;
    }
    Ok(())
}

fn number(g: &mut Gen<'_, '_>, office: Office, filed: NaiveDate) -> (String, u32) {
    // US series codes span two years, so US serials count per series, not per year.
    let series_year = if office == Office::Us {
        filed.year() - (filed.year() - 2015).rem_euclid(2)
    } else {
        filed.year()
    };
    let counter = g.serials.entry((office, series_year)).or_insert(0);
    *counter += g.rng.gen_range(1..40);
    let serial = *counter + 1_000;
    let year = filed.year();
    let text = match office {
        Office::Jp => format!("特願{year}-{serial:06}"),
        Office::Pct => format!("PCT/JP{year}/{:06}", serial),
        Office::Us => {
            // A US series code spans two years: odd years number from 500,000 so the two never meet.
            let serial = serial + 500_000 * (year - 2015).rem_euclid(2) as u32;
            format!(
                "{}/{:03},{:03}",
                15 + (year - 2015) / 2,
                serial / 1000 % 1000,
                serial % 1000
            )
        }
        Office::Ep => ep_number(year, serial),
        Office::Cn => format!("{year}8{:07}.{}", serial, serial % 10),
        _ => format!("10-{year}-7{:06}", serial),
    };
    (text, serial)
}

/// An EP application number with its check digit (EPO: Luhn's mod-10 over the eight digits).
fn ep_number(year: i32, serial: u32) -> String {
    let digits = format!("{:02}{:06}", year % 100, serial % 1_000_000);
    let mut sum = 0;
    for (i, c) in digits.chars().rev().enumerate() {
        let mut d = c.to_digit(10).unwrap_or(0);
        if i % 2 == 0 {
            d *= 2;
            if d > 9 {
                d -= 9;
            }
        }
        sum += d;
    }
    format!("{digits}.{}", (10 - sum % 10) % 10)
}

fn registration(g: &mut Gen<'_, '_>, office: Office, on: NaiveDate) -> String {
    let counter = g.registrations.entry(office).or_insert(0);
    *counter += 1;
    let base = (on.year() - 2016).max(0) as u32 * 230_000;
    match office {
        Office::Jp => format!("特許第{}号", 6_000_000 + base + *counter * 3),
        Office::Us => format!("US {}", 9_500_000 + base * 2 + *counter * 7),
        Office::Ep => format!("EP {}", 3_000_000 + base / 2 + *counter * 5),
        other => format!("{other} {}", 100_000_000 + base + *counter * 11),
    }
}

fn event(g: &mut Gen<'_, '_>, app: ApplicationId, kind: EventKind, on: NaiveDate) -> Result<bool> {
    if on > g.today {
        return Ok(false);
    }
    portfolio::insert_event(
        g.w,
        &Event {
            id: None,
            application_id: app,
            kind,
            occurred_on: on,
            note: None,
        },
    )?;
    g.summary.events += 1;
    Ok(true)
}

fn cost(
    g: &mut Gen<'_, '_>,
    app: ApplicationId,
    on: NaiveDate,
    category: CostCategory,
    amount: i64,
    vendor: Option<OrganisationId>,
) -> Result<()> {
    if on > g.today {
        return Ok(());
    }
    portfolio::add_cost(
        g.w,
        &Cost {
            id: None,
            application_id: Some(app),
            incurred_on: on,
            category,
            amount_yen: amount,
            vendor_id: vendor,
            note: None,
        },
    )?;
    g.summary.costs += 1;
    Ok(())
}

fn base_application(
    ctx: &FamilyCtx<'_>,
    office: Office,
    suffix: &str,
    filed: NaiveDate,
    raw: String,
) -> Application {
    Application {
        id: None,
        family_id: ctx.family,
        reference: format!("{}-{suffix}", ctx.reference),
        office,
        right_type: RightType::Patent,
        route: Route::Direct,
        title: ctx.title.to_owned(),
        application_number: None,
        application_number_raw: Some(raw),
        filed_on: Some(filed),
        parent_id: None,
        pct_id: None,
        publication_number: None,
        published_on: None,
        exam_requested_on: None,
        registration_number: None,
        registered_on: None,
        status: Status::Filed,
        applicant_residence: Residence::Domestic,
        responsible_id: ctx.responsible,
        patent_firm_id: ctx.firm,
        annuities_paid_to: None,
        notes: None,
        inventors: ctx.inventors.to_vec(),
        co_applicants: ctx.co_applicants.clone(),
        priority_claims: Vec::new(),
    }
}

/// The JP priority filing and its examination, grant and annuities.
fn jp_application(
    g: &mut Gen<'_, '_>,
    ctx: &FamilyCtx<'_>,
    filed: NaiveDate,
) -> Result<Option<Filed>> {
    if filed > g.today || g.summary.applications >= g.scale {
        return Ok(None);
    }
    let (raw, _) = number(g, Office::Jp, filed);
    let mut a = base_application(ctx, Office::Jp, "JP", filed, raw);
    let today = g.today;
    let published = plus_months(filed, 18);
    if published <= today {
        a.published_on = Some(published);
        a.publication_number = Some(format!(
            "特開{}-{:06}",
            published.year(),
            g.rng.gen_range(1..200_000)
        ));
        a.status = Status::Published;
    }
    let mut plan: Vec<(EventKind, NaiveDate)> = vec![(EventKind::Filed, filed)];
    if a.published_on.is_some() {
        plan.push((EventKind::Published, published));
    }
    let requested = plus_months(filed, g.rng.gen_range(1..34));
    if g.rng.gen_bool(0.85) && requested <= today {
        a.exam_requested_on = Some(requested);
        a.status = Status::Examination;
        plan.push((EventKind::ExamRequested, requested));
        prosecute_jp(g, &mut a, &mut plan, requested)?;
    } else if plus_months(filed, 36) < today {
        // 審査請求なし: the application is deemed withdrawn after three years (特許法48条の3第4項).
        plan.push((EventKind::Withdrawn, plus_days(plus_months(filed, 36), 1)));
        a.status = Status::Abandoned;
    }
    let id = portfolio::create_application(g.w, &a)?;
    g.summary.applications += 1;
    for (kind, on) in plan {
        event(g, id, kind, on)?;
    }
    let firm = ctx.firm;
    let fee = g.rng.gen_range(28..42) * 10_000;
    cost(g, id, filed, CostCategory::Attorney, fee, firm)?;
    cost(g, id, filed, CostCategory::OfficialFee, 14_000, None)?;
    if let Some(r) = a.exam_requested_on {
        cost(
            g,
            id,
            r,
            CostCategory::OfficialFee,
            138_000 + 4_000 * ctx.claims,
            None,
        )?;
    }
    if let Some(reg) = a.registered_on {
        cost(
            g,
            id,
            reg,
            CostCategory::OfficialFee,
            (4_300 + 300 * ctx.claims) * 3,
            None,
        )?;
        for year in 4..=a.annuities_paid_to.unwrap_or(3) {
            let due = plus_months(reg, 12 * (year - 1));
            let fee = match year {
                4..=6 => 10_400 + 800 * ctx.claims,
                7..=9 => 24_800 + 1_900 * ctx.claims,
                _ => 59_400 + 4_600 * ctx.claims,
            };
            cost(
                g,
                id,
                plus_days(due, 0).pred_opt().unwrap_or(due),
                CostCategory::Annuity,
                fee,
                None,
            )?;
        }
    }
    Ok(Some(Filed { id, filed }))
}

/// Office action, decision, registration and annuities of a JP application under examination.
fn prosecute_jp(
    g: &mut Gen<'_, '_>,
    a: &mut Application,
    plan: &mut Vec<(EventKind, NaiveDate)>,
    requested: NaiveDate,
) -> Result<()> {
    let today = g.today;
    let mut at = plus_months(requested, g.rng.gen_range(8..20));
    if g.rng.gen_bool(0.8) {
        if at > today {
            return Ok(());
        }
        plan.push((EventKind::OaDispatched, at));
        at = plus_days(at, g.rng.gen_range(40..58));
        if at > today {
            return Ok(());
        }
        plan.push((EventKind::OaResponded, at));
        at = plus_months(at, g.rng.gen_range(2..6));
    }
    if at > today {
        return Ok(());
    }
    if g.rng.gen_bool(0.22) {
        plan.push((EventKind::RefusalServed, at));
        a.status = Status::Refused;
        return Ok(());
    }
    plan.push((EventKind::GrantDecisionServed, at));
    let paid = plus_days(at, g.rng.gen_range(14..28));
    let registered = plus_days(paid, g.rng.gen_range(14..30));
    if registered > today {
        return Ok(());
    }
    plan.push((EventKind::GrantFeePaid, paid));
    plan.push((EventKind::Registered, registered));
    a.registered_on = Some(registered);
    a.registration_number = Some(registration(g, Office::Jp, registered));
    a.status = Status::Granted;
    a.annuities_paid_to = Some(3);
    let unlicensed = a.co_applicants.is_empty();
    for year in 4..=20 {
        let due = plus_months(registered, 12 * (year - 1));
        if due > today {
            break;
        }
        if unlicensed && year >= 6 && g.rng.gen_bool(0.12) {
            // 年金不納: the right lapses when the grace period (特許法112条) ends unpaid.
            plan.push((EventKind::Lapsed, plus_days(plus_months(due, 6), 1)));
            a.status = if plus_months(due, 6) < today {
                Status::Lapsed
            } else {
                Status::Granted
            };
            break;
        }
        plan.push((EventKind::AnnuityPaid, due.pred_opt().unwrap_or(due)));
        a.annuities_paid_to = Some(year);
    }
    Ok(())
}
