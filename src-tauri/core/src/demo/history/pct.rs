//! The international part of a family's history: the PCT application claiming the JP priority and
//! the national phases entered from it at 30/31 months, each carried through examination to grant.

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
    a.annuities_paid_to = fees_paid(g.today, office, pct_filed, granted)?;
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
    }
    Ok(())
}

/// The years of renewal fees (EP, EPC R51) or maintenance fees (US, 35 USC 41(b)) a national
/// phase has paid: every one that fell due more than [`SETTLED_AFTER_DAYS`] days before `today`,
/// on the dates the docket engine computes. The fees of an office that works its docket are
/// facts of the application (its years paid), not only deadlines marked done.
fn fees_paid(
    today: NaiveDate,
    office: Office,
    filed: NaiveDate,
    granted: Option<NaiveDate>,
) -> Result<Option<u32>> {
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
        _ => return Ok(None),
    };
    let cutoff = today
        .checked_sub_days(Days::new(SETTLED_AFTER_DAYS))
        .unwrap_or(today);
    let mut paid = None;
    for year in 1..=20 {
        match derive_year(&facts, code, year)? {
            Some(d) if d.due <= cutoff => paid = Some(year),
            Some(_) => break,
            None => {}
        }
    }
    Ok(paid)
}
