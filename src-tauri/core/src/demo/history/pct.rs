//! The international part of a family's history: the PCT application claiming the JP priority and
//! the national phases entered from it at 30/31 months, each carried through examination to grant.
//! CN and KR phases request examination on entry (专利法第35条, 특허법 제59조) and keep their
//! annuities paid (CN: from the year after grant; KR: years 1–3 with the registration), so their
//! docket shows what is coming, not a backlog.

use super::*;
use crate::demo::docket::SETTLED_AFTER_DAYS;
use crate::docket::{derive_year, Facts};

/// The PCT application claiming the JP priority, and its national phases.
pub(super) fn pct_family(
    g: &mut Gen<'_, '_>,
    ctx: &FamilyCtx<'_>,
    jp: &Filed,
    filed: NaiveDate,
) -> Result<()> {
    let (raw, _) = number(g, Office::Pct, filed);
    let mut a = base_application(ctx, Office::Pct, "PCT", filed, raw.clone());
    a.route = Route::Paris;
    let claim = PriorityClaim {
        earlier_application_id: Some(jp.id),
        office: Office::Jp,
        number: String::new(),
        filed_on: jp.filed,
    };
    a.priority_claims = vec![claim.clone()];
    let priority = jp.filed;
    let published = plus_months(priority, 18);
    if published <= g.today {
        a.published_on = Some(published);
        a.publication_number = Some(format!(
            "WO{}/{:06}",
            published.year(),
            g.rng.gen_range(1..200_000)
        ));
        a.status = Status::Published;
    }
    let national = plus_months(priority, 30);
    if plus_months(priority, 31) < g.today {
        a.status = Status::Concluded;
    }
    let id = portfolio::create_application(g.w, &a)?;
    g.summary.applications += 1;
    event(g, id, EventKind::Filed, filed)?;
    let isr = plus_months(filed, g.rng.gen_range(3..5));
    event(g, id, EventKind::IsrTransmitted, isr)?;
    if a.published_on.is_some() {
        event(g, id, EventKind::Published, published)?;
    }
    let fee = g.rng.gen_range(35..46) * 10_000;
    cost(g, id, filed, CostCategory::Filing, fee, ctx.firm)?;
    if national > g.today {
        return Ok(());
    }
    let mut targets: Vec<Office> = [
        (Office::Us, 0.6),
        (Office::Ep, 0.45),
        (Office::Cn, 0.35),
        (Office::Kr, 0.15),
    ]
    .into_iter()
    .filter(|(_, p)| g.rng.gen_bool(*p))
    .map(|(o, _)| o)
    .collect();
    if targets.is_empty() {
        targets.push(Office::Us);
    }
    for office in targets {
        if g.summary.applications >= g.scale {
            break;
        }
        let months = if office == Office::Ep || office == Office::Kr {
            31
        } else {
            30
        };
        let entry = plus_days(plus_months(priority, months), 0)
            .checked_sub_days(Days::new(g.rng.gen_range(3..45)))
            .unwrap_or(national);
        if entry > g.today {
            continue;
        }
        national_phase(g, ctx, office, id, filed, entry, &claim)?;
    }
    Ok(())
}

fn national_phase(
    g: &mut Gen<'_, '_>,
    ctx: &FamilyCtx<'_>,
    office: Office,
    pct: ApplicationId,
    pct_filed: NaiveDate,
    entry: NaiveDate,
    claim: &PriorityClaim,
) -> Result<()> {
    let (raw, _) = number(g, office, entry);
    let suffix = office.as_str();
    // A national phase keeps the international filing date as its filing date (PCT Art. 11(3)).
    let mut a = base_application(ctx, office, suffix, pct_filed, raw);
    a.route = Route::PctNational;
    a.pct_id = Some(pct);
    a.priority_claims = vec![claim.clone()];
    a.applicant_residence = Residence::Overseas;
    a.status = Status::Examination;
    let mut plan = vec![(EventKind::NationalPhaseEntered, entry)];
    if matches!(office, Office::Cn | Office::Kr) {
        plan.push((EventKind::ExamRequested, entry));
        a.exam_requested_on = Some(entry);
    }
    let oa = plus_months(entry, g.rng.gen_range(10..22));
    let mut granted = None;
    if oa <= g.today {
        plan.push((EventKind::OaDispatched, oa));
        let responded = plus_days(oa, g.rng.gen_range(60..88));
        if responded <= g.today {
            plan.push((EventKind::OaResponded, responded));
            let decision = plus_months(responded, g.rng.gen_range(4..12));
            if decision <= g.today && g.rng.gen_bool(0.65) {
                granted = Some(decision);
            }
        }
    }
    if let Some(on) = granted {
        plan.push((EventKind::Granted, on));
        a.registered_on = Some(on);
        a.registration_number = Some(registration(g, office, on));
        a.status = Status::Granted;
    }
    let paid = fees_paid(g.today, office, pct_filed, granted)?;
    // KR years 1–3 come with the registration (특허법 제79조 제1항).
    let registration_years = (office == Office::Kr && granted.is_some()).then_some(3);
    a.annuities_paid_to = paid.last().map(|(year, _)| *year).or(registration_years);
    let id = portfolio::create_application(g.w, &a)?;
    g.summary.applications += 1;
    for (kind, on) in plan {
        event(g, id, kind, on)?;
    }
    let (low, high) = match office {
        Office::Us => (90, 130),
        Office::Ep => (120, 180),
        Office::Cn => (70, 100),
        _ => (60, 90),
    };
    let fee = g.rng.gen_range(low..high) * 10_000;
    cost(g, id, entry, CostCategory::Translation, fee, ctx.firm)?;
    if let Some(on) = granted {
        let fee = g.rng.gen_range(15..40) * 10_000;
        cost(g, id, on, CostCategory::OfficialFee, fee, ctx.firm)?;
        // CN: the year of grant's annuity with the registration (细则第114条); KR: years 1–3
        // (특허법 제79조). Later years on their due dates. Amounts in yen, by bracket of years.
        let annuity = |year: u32| -> i64 {
            match (office, year) {
                (Office::Kr, _) => 30_000 + 3_000 * i64::from(year),
                (_, 0..=6) => 24_000,
                (_, 7..=9) => 40_000,
                (_, 10..=12) => 80_000,
                _ => 120_000,
            }
        };
        match office {
            Office::Cn => cost(g, id, on, CostCategory::Annuity, annuity(1), None)?,
            Office::Kr => cost(g, id, on, CostCategory::Annuity, 3 * annuity(1), None)?,
            _ => {}
        }
        if matches!(office, Office::Cn | Office::Kr) {
            for (year, due) in &paid {
                let on = due.pred_opt().unwrap_or(*due);
                cost(g, id, on, CostCategory::Annuity, annuity(*year), None)?;
            }
        }
    }
    Ok(())
}

/// The years of renewal fees (EP, EPC R51), maintenance fees (US, 35 USC 41(b)) or annuities
/// (CN 细则第115条, KR 특허법 제79조) a national phase has paid, with their due dates: every one
/// that fell due more than [`SETTLED_AFTER_DAYS`] days before `today`, on the dates the docket
/// engine computes. The fees of an office that works its docket are facts of the application
/// (its years paid), not only deadlines marked done.
fn fees_paid(
    today: NaiveDate,
    office: Office,
    filed: NaiveDate,
    granted: Option<NaiveDate>,
) -> Result<Vec<(u32, NaiveDate)>> {
    let (code, facts) = match (office, granted) {
        (Office::Ep, _) => {
            let mut f = Facts::new("EP", RightType::Patent).with("filed", filed)?;
            if let Some(on) = granted {
                f = f.with("granted", on)?;
            }
            ("ep.renewal", f)
        }
        (Office::Us, Some(on)) => (
            "us.maintenance",
            Facts::new("US", RightType::Patent)
                .with("filed", filed)?
                .with("granted", on)?,
        ),
        (Office::Cn | Office::Kr, Some(on)) => {
            let (code, label) = if office == Office::Cn {
                ("cn.annuity", "CN")
            } else {
                ("kr.annuity", "KR")
            };
            (
                code,
                Facts::new(label, RightType::Patent)
                    .with("filed", filed)?
                    .with("registered", on)?,
            )
        }
        _ => return Ok(Vec::new()),
    };
    let cutoff = today
        .checked_sub_days(Days::new(SETTLED_AFTER_DAYS))
        .unwrap_or(today);
    let mut paid = Vec::new();
    for year in 1..=20 {
        match derive_year(&facts, code, year)? {
            Some(d) if d.due <= cutoff => paid.push((year, d.due)),
            Some(_) => break,
            None => {}
        }
    }
    Ok(paid)
}
