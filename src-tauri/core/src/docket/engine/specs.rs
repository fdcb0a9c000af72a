//! What each applicable row asks to compute: one [`Spec`] per deadline, from the row's
//! schedule (once, per target office, annual, stages, renewals) or from a leader deadline for
//! derived rows (extensions, grace periods).

use std::borrow::Cow;

use chrono::NaiveDate;

use super::{ComputedDeadline, Facts, Trigger, AHEAD};
use crate::docket::calendar::OfficeCalendar;
use crate::docket::period::{end_of_period, Convention, Period};
use crate::docket::rules::{Rule, Schedule, Start};
use crate::docket::DocketError;

/// What one deadline is counted from and how; the engine fills in the rest.
pub(super) struct Spec {
    pub(super) rule: &'static Rule,
    pub(super) trigger: Trigger,
    pub(super) period: Period,
    pub(super) calendar: OfficeCalendar,
    pub(super) year: Option<u32>,
    pub(super) target: Option<Cow<'static, str>>,
    /// For `later_of`: the second candidate's trigger and period.
    pub(super) later: Option<(Trigger, Period)>,
    /// A derived row (its start is the leader's end, not a fact).
    pub(super) derived: bool,
    /// The date of the fact the chain started from: a closing fact counts only on or after it.
    pub(super) origin: NaiveDate,
}

pub(super) fn calendar_of(rule: &Rule, office: &str, target: Option<&str>) -> OfficeCalendar {
    match rule.calendar.as_deref() {
        Some("target") => OfficeCalendar::for_office(target.unwrap_or(office)),
        Some(cal) => OfficeCalendar::for_office(cal),
        None => OfficeCalendar::for_office(office),
    }
}

pub(super) fn spec(rule: &'static Rule, facts: &Facts, trigger: Trigger, period: Period) -> Spec {
    let origin = trigger.date;
    Spec {
        rule,
        calendar: calendar_of(rule, &facts.office, rule.target.as_deref()),
        trigger,
        period,
        year: None,
        target: rule.target.as_deref().map(Cow::Borrowed),
        later: None,
        derived: false,
        origin,
    }
}

/// Specs of a primary row; with `only_year`, just that year of a schedule.
pub(super) fn primary_specs(
    rule: &'static Rule,
    facts: &Facts,
    only_year: Option<u32>,
) -> Result<Vec<Spec>, DocketError> {
    let Some(trigger) = facts.first_present(&rule.trigger) else {
        return Ok(Vec::new());
    };
    let paid = facts.paid_through.unwrap_or(0);
    let wanted = |year: u32, count: usize| match only_year {
        Some(y) => y == year,
        None => year > paid && count < AHEAD,
    };
    let mut specs = Vec::new();
    match rule.schedule {
        Schedule::Once if !rule.targets.is_empty() => {
            for (target, period) in &rule.targets {
                let mut s = spec(rule, facts, trigger.clone(), *period);
                s.calendar = calendar_of(rule, &facts.office, Some(target));
                s.target = Some(Cow::Borrowed(target.as_str()));
                specs.push(s);
            }
        }
        Schedule::Once => {
            let mut s = spec(rule, facts, trigger.clone(), rule.period);
            if let Some(later) = &rule.later_of {
                s.later = facts
                    .first_present(&later.trigger)
                    .map(|t| (t, later.period));
                if let Some((t, _)) = &s.later {
                    s.origin = s.origin.min(t.date);
                }
            }
            specs.push(s);
        }
        Schedule::Annual => {
            let (Some(first), Some(term)) = (rule.first_year, rule.term) else {
                return Ok(Vec::new());
            };
            let term_from = facts
                .first_present(&rule.term_trigger)
                .map_or(trigger.date, |t| t.date);
            let term_end = end_of_period(term_from, term, Convention::Jpo)?;
            let ends_with = rule.ends_with.as_deref().and_then(|f| facts.date(f));
            let starts_after = rule.starts_after.as_deref().and_then(|f| facts.date(f));
            let start = match only_year {
                Some(y) => y,
                None => first.max(paid + 1),
            };
            let mut year = start.max(first);
            while specs.len() < AHEAD && year < 200 {
                let period = Period::years(year - 1);
                let anniversary = end_of_period(trigger.date, period, Convention::SameDay)?;
                if anniversary > term_end
                    || ends_with.is_some_and(|e| anniversary > e)
                    || only_year.is_some_and(|y| y < year)
                {
                    break;
                }
                if starts_after.is_some_and(|s| anniversary <= s) {
                    year += 1;
                    continue;
                }
                if wanted(year, specs.len()) {
                    let mut s = spec(rule, facts, trigger.clone(), period);
                    s.year = Some(year);
                    specs.push(s);
                }
                year += 1;
            }
        }
        Schedule::Stages => {
            for (period, year) in &rule.stages {
                if wanted(*year, specs.len()) {
                    let mut s = spec(rule, facts, trigger.clone(), *period);
                    s.year = Some(*year);
                    specs.push(s);
                }
            }
        }
        Schedule::Renewal => {
            let step = rule.period.years.max(1);
            for n in 1..=30u32 {
                let year = n * step;
                if only_year.is_some_and(|y| y < year) || specs.len() >= AHEAD {
                    break;
                }
                if wanted(year, specs.len()) {
                    let mut s = spec(rule, facts, trigger.clone(), Period::years(year));
                    s.year = Some(year);
                    specs.push(s);
                }
            }
        }
    }
    Ok(specs)
}

pub(super) fn derived_spec(rule: &'static Rule, leader: &ComputedDeadline) -> Spec {
    let start = rule.start.unwrap_or(Start::Rolled);
    let (trigger, period) = match start {
        Start::Trigger => (
            leader.trigger.clone(),
            Period {
                years: leader.period.years + rule.period.years,
                months: leader.period.months + rule.period.months,
                days: leader.period.days + rule.period.days,
            },
        ),
        Start::Unrolled => (
            Trigger {
                fact: Cow::Owned(format!("{}.unrolled", leader.code)),
                date: leader.unrolled,
            },
            rule.period,
        ),
        Start::Rolled => (
            Trigger {
                fact: Cow::Owned(format!("{}.due", leader.code)),
                date: leader.due,
            },
            rule.period,
        ),
    };
    let calendar = match rule.calendar.as_deref() {
        Some(c) if c != "target" => OfficeCalendar::for_office(c),
        _ => leader.calendar,
    };
    Spec {
        rule,
        trigger,
        period,
        calendar,
        year: leader.year,
        target: leader.target.clone(),
        later: None,
        derived: start != Start::Trigger,
        origin: leader.closed_origin(),
    }
}
