//! Facts about one application in, every deadline that follows out.
//!
//! [`compute`] reads the rule table row by row: a row applies when the office, the right type,
//! the applicant kind, its required/excluded facts and its validity window match. Each
//! applicable row yields one deadline (or several, for annuities, maintenance stages,
//! renewals and national phases), then rows that `follow` a code derive their deadlines from
//! those (extensions, grace periods). Nothing here knows a law beyond counting: the law is in
//! `rules.toml`.
//!
//! Conservative by construction: where rules.md leaves a date uncertain (two conventions that
//! differ, a roll-forward whose application is disputed), the earlier date is docketed and the
//! deadline carries an `uncertain` note naming the later candidate.
//!
//! Annuities, renewals and maintenance fees: only the next [`AHEAD`] open ones (after
//! `paid_through`) are materialised; [`derive_year`] gives any year on demand.

mod explain;

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use super::calendar::{DayKind, OfficeCalendar};
use super::period::{end_of_period, Convention, Period};
pub use super::rules::{ApplicantKind, RightType};
use super::rules::{Roll, Rule, RuleTable, Schedule, Start};
use super::DocketError;

/// How many open annuities/renewals/maintenance stages are materialised per row.
pub const AHEAD: usize = 3;

/// Facts that start a period (the `--event` keys of `chizai calc`).
pub const TRIGGER_FACTS: &[&str] = &[
    "filed",
    "priority",
    "parent_filed",
    "oa_dispatched",
    "refusal_served",
    "grant_decision_served",
    "registered",
    "granted",
    "disclosed",
    "isr_transmitted",
    "agreement_expires",
    "renewal_notice_due",
    "report_due",
    "review_due",
];

/// Every fact the rule table may name: triggers, then facts that close a deadline.
pub const KNOWN_FACTS: &[&str] = &[
    "filed",
    "priority",
    "parent_filed",
    "oa_dispatched",
    "refusal_served",
    "grant_decision_served",
    "registered",
    "granted",
    "disclosed",
    "isr_transmitted",
    "agreement_expires",
    "renewal_notice_due",
    "report_due",
    "review_due",
    "exam_requested",
    "oa_responded",
    "appeal_filed",
    "grant_fee_paid",
    "priority_used",
    "grace_certificate_filed",
    "entered_jp",
    "entered_us",
    "entered_ep",
    "entered_cn",
    "entered_kr",
    "article19_filed",
    "demand_filed",
    "validated",
    "nonprovisional_filed",
];

/// Offices an application can be filed at (plus the agreement/policy pseudo-offices).
pub const OFFICES: &[&str] = &["JP", "PCT", "EP", "US", "CN", "KR", "AGREEMENT", "POLICY"];

/// What is known about one application (or agreement/policy) on a given day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Facts {
    /// Office code: JP, PCT, EP, US, CN, KR (or AGREEMENT, POLICY).
    pub office: String,
    /// Right type.
    pub right: RightType,
    /// Domestic or overseas applicant (在外者).
    #[serde(default)]
    pub applicant: ApplicantKind,
    /// Dated facts by key ([`KNOWN_FACTS`]).
    #[serde(default)]
    pub dates: BTreeMap<String, NaiveDate>,
    /// Annuities/renewals/maintenance paid through this year (JP years 1–3 come with the grant fee).
    #[serde(default)]
    pub paid_through: Option<u32>,
}

impl Facts {
    /// Facts of an application with no dated fact yet.
    pub fn new(office: &str, right: RightType) -> Facts {
        Facts {
            office: office.trim().to_ascii_uppercase(),
            right,
            applicant: ApplicantKind::Domestic,
            dates: BTreeMap::new(),
            paid_through: None,
        }
    }

    /// Add a dated fact, refusing an unknown key (a typo must not silently drop a deadline).
    pub fn with(mut self, key: &str, date: NaiveDate) -> Result<Facts, DocketError> {
        let key = key.trim().to_ascii_lowercase();
        if !KNOWN_FACTS.contains(&key.as_str()) {
            return Err(DocketError::UnknownFact(key, KNOWN_FACTS.join(", ")));
        }
        self.dates.insert(key, date);
        Ok(self)
    }

    /// The date of a fact, if known.
    pub fn date(&self, key: &str) -> Option<NaiveDate> {
        self.dates.get(key).copied()
    }

    fn first_present(&self, keys: &[String]) -> Option<Trigger> {
        keys.iter().find_map(|k| {
            self.date(k).map(|date| Trigger {
                fact: k.clone(),
                date,
            })
        })
    }

    fn validate(&self) -> Result<(), DocketError> {
        if !OFFICES.contains(&self.office.as_str()) {
            return Err(DocketError::UnknownOffice(self.office.clone()));
        }
        for key in self.dates.keys() {
            if !KNOWN_FACTS.contains(&key.as_str()) {
                return Err(DocketError::UnknownFact(
                    key.clone(),
                    KNOWN_FACTS.join(", "),
                ));
            }
        }
        if let (Some(p), Some(f)) = (self.date("priority"), self.date("filed")) {
            if p > f {
                return Err(DocketError::InconsistentFact(
                    "priority".into(),
                    format!("priority date {p} is after the filing date {f}: check both dates"),
                ));
            }
        }
        Ok(())
    }
}

/// The fact a period runs from, and its date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Trigger {
    /// Fact key (or `<code>.unrolled` / `<code>.due` for derived deadlines).
    pub fact: String,
    /// Its date.
    pub date: NaiveDate,
}

/// A closed day a deadline was rolled over, with the reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RolledDay {
    /// The day.
    pub date: NaiveDate,
    /// Why the office was closed.
    pub kind: DayKind,
    /// Reason, Japanese (「日曜日」「年末年始」「憲法記念日」).
    pub reason_ja: String,
    /// Reason, English.
    pub reason_en: String,
    /// A predicted (not yet official) Japanese holiday.
    pub predicted: bool,
}

/// One computed deadline with everything needed to check it by hand.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ComputedDeadline {
    /// Rule code (rules.md), e.g. `jp.exam_request`.
    pub code: String,
    /// Second deadline of the same code: `extended`, `grace`, `late`.
    pub variant: Option<String>,
    /// What it is, Japanese.
    pub title_ja: String,
    /// What it is, English.
    pub title_en: String,
    /// Office whose rule it is.
    pub office: String,
    /// The date to act by (after any roll-forward).
    pub due: NaiveDate,
    /// The end of the period before any roll-forward.
    pub unrolled: NaiveDate,
    /// The fact the period runs from.
    pub trigger: Trigger,
    /// The period counted.
    pub period: Period,
    /// The counting convention used.
    pub convention: Convention,
    /// Roll-forward policy of the rule.
    pub roll: Roll,
    /// The calendar of closed days used.
    pub calendar: OfficeCalendar,
    /// Each closed day rolled over, in order.
    pub rolled_over: Vec<RolledDay>,
    /// Legal basis, Japanese.
    pub basis: String,
    /// Legal basis, English.
    pub basis_en: String,
    /// Annuity/renewal year (JP year N, EP year N, US 4/8/12, trademark 10/20…).
    pub year: Option<u32>,
    /// Target office of a national phase from a PCT application.
    pub target: Option<String>,
    /// Why the date is uncertain and which later date was not docketed (Japanese).
    pub uncertain: Option<String>,
    /// Same in English.
    pub uncertain_en: Option<String>,
    /// A date to know, not an act to do.
    pub info: bool,
    /// The fact that closed this deadline, if any (e.g. examination requested).
    pub closed: Option<Trigger>,
    /// How the date was reached, Japanese.
    pub explanation: String,
    /// How the date was reached, English.
    pub explanation_en: String,
}

/// What one deadline is counted from and how; the engine fills in the rest.
struct Spec<'a> {
    rule: &'a Rule,
    trigger: Trigger,
    period: Period,
    calendar: OfficeCalendar,
    year: Option<u32>,
    target: Option<String>,
    /// For `later_of`: the second candidate's trigger and period.
    later: Option<(Trigger, Period)>,
    /// Derived rows: the leader's end the period runs from (unrolled/rolled start).
    derived_from: Option<(String, &'static str)>,
}

fn calendar_of(rule: &Rule, office: &str, target: Option<&str>) -> OfficeCalendar {
    match rule.calendar.as_deref() {
        Some("target") => OfficeCalendar::for_office(target.unwrap_or(office)),
        Some(cal) => OfficeCalendar::for_office(cal),
        None => OfficeCalendar::for_office(office),
    }
}

fn applies(rule: &Rule, facts: &Facts) -> bool {
    let office_ok = rule.office == facts.office
        || (rule.office == "any" && !matches!(facts.office.as_str(), "AGREEMENT" | "POLICY"));
    let right_ok = rule.rights.is_empty() || rule.rights.contains(&facts.right);
    let applicant_ok = rule.applicant.is_none_or(|a| a == facts.applicant);
    let requires_ok = rule.requires.iter().all(|f| facts.date(f).is_some());
    let unless_ok = rule.unless.iter().all(|f| facts.date(f).is_none());
    let window_fact = rule
        .window_fact
        .clone()
        .or_else(|| facts.first_present(&rule.trigger).map(|t| t.fact));
    let window_ok = match window_fact.and_then(|f| facts.date(&f)) {
        Some(d) => rule.in_window(d),
        None => rule.from.is_none() && rule.until.is_none(),
    };
    office_ok && right_ok && applicant_ok && requires_ok && unless_ok && window_ok
}

/// Every deadline that follows from `facts`, ordered by due date then code.
pub fn compute(facts: &Facts) -> Result<Vec<ComputedDeadline>, DocketError> {
    compute_with(RuleTable::embedded()?, facts)
}

/// [`compute`] over a given rule table (tests, or a table under review).
pub fn compute_with(
    table: &RuleTable,
    facts: &Facts,
) -> Result<Vec<ComputedDeadline>, DocketError> {
    facts.validate()?;
    let mut out = Vec::new();
    for rule in table.rule.iter().filter(|r| r.follows.is_none()) {
        if !applies(rule, facts) {
            continue;
        }
        for spec in primary_specs(rule, facts, None)? {
            out.push(build(spec, facts)?);
        }
    }
    let mut derived = Vec::new();
    for rule in table.rule.iter().filter(|r| r.follows.is_some()) {
        if !applies(rule, facts) {
            continue;
        }
        for leader in out
            .iter()
            .filter(|d| Some(&d.code) == rule.follows.as_ref() && d.variant.is_none())
        {
            derived.push(build(derived_spec(rule, leader)?, facts)?);
        }
    }
    out.extend(derived);
    out.sort_by(|a, b| (a.due, &a.code, a.year).cmp(&(b.due, &b.code, b.year)));
    Ok(out)
}

/// The deadline of one year (annuity/renewal year, US stage 4/8/12, trademark 10/20/…) of a
/// scheduled rule, derived on demand whatever `paid_through` says. `None` when the year does
/// not exist (before the first fee year, after the term, or a rule that is not scheduled).
pub fn derive_year(
    facts: &Facts,
    code: &str,
    year: u32,
) -> Result<Option<ComputedDeadline>, DocketError> {
    facts.validate()?;
    let table = RuleTable::embedded()?;
    for rule in table
        .rule
        .iter()
        .filter(|r| r.code == code && r.follows.is_none() && r.schedule != Schedule::Once)
    {
        if !applies(rule, facts) {
            continue;
        }
        if let Some(spec) = primary_specs(rule, facts, Some(year))?.into_iter().next() {
            return Ok(Some(build(spec, facts)?));
        }
    }
    Ok(None)
}

fn spec<'a>(rule: &'a Rule, facts: &Facts, trigger: Trigger, period: Period) -> Spec<'a> {
    Spec {
        rule,
        calendar: calendar_of(rule, &facts.office, rule.target.as_deref()),
        trigger,
        period,
        year: None,
        target: rule.target.clone(),
        later: None,
        derived_from: None,
    }
}

/// Specs of a primary row; with `only_year`, just that year of a schedule.
fn primary_specs<'a>(
    rule: &'a Rule,
    facts: &Facts,
    only_year: Option<u32>,
) -> Result<Vec<Spec<'a>>, DocketError> {
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
                s.target = Some(target.clone());
                specs.push(s);
            }
        }
        Schedule::Once => {
            let mut s = spec(rule, facts, trigger.clone(), rule.period);
            if let Some(later) = &rule.later_of {
                s.later = facts
                    .first_present(&later.trigger)
                    .map(|t| (t, later.period));
            }
            specs.push(s);
        }
        Schedule::Annual => {
            let (Some(first), Some(term)) = (rule.first_year, rule.term) else {
                return Ok(Vec::new());
            };
            let term_from = rule
                .term_trigger
                .as_deref()
                .and_then(|t| facts.date(t))
                .unwrap_or(trigger.date);
            let term_end = end_of_period(term_from, term, Convention::Jpo)?;
            let ends_with = rule.ends_with.as_deref().and_then(|f| facts.date(f));
            let mut year = first.max(only_year.unwrap_or(0));
            while specs.len() < AHEAD && year < 200 {
                let period = Period::years(year - 1);
                let anniversary = end_of_period(trigger.date, period, Convention::SameDay)?;
                if anniversary > term_end || ends_with.is_some_and(|e| anniversary > e) {
                    break;
                }
                if only_year.is_some_and(|y| y < year) {
                    break;
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

fn derived_spec<'a>(rule: &'a Rule, leader: &ComputedDeadline) -> Result<Spec<'a>, DocketError> {
    let start = rule.start.unwrap_or(Start::Rolled);
    let (trigger, period, derived_from) = match start {
        Start::Trigger => (
            leader.trigger.clone(),
            Period {
                years: leader.period.years + rule.period.years,
                months: leader.period.months + rule.period.months,
                days: leader.period.days + rule.period.days,
            },
            None,
        ),
        Start::Unrolled => (
            Trigger {
                fact: format!("{}.unrolled", leader.code),
                date: leader.unrolled,
            },
            rule.period,
            Some((leader.title_ja.clone(), "unrolled")),
        ),
        Start::Rolled => (
            Trigger {
                fact: format!("{}.due", leader.code),
                date: leader.due,
            },
            rule.period,
            Some((leader.title_ja.clone(), "rolled")),
        ),
    };
    let calendar = match rule.calendar.as_deref() {
        Some(c) if c != "target" => OfficeCalendar::for_office(c),
        _ => leader.calendar,
    };
    Ok(Spec {
        rule,
        trigger,
        period,
        calendar,
        year: leader.year,
        target: leader.target.clone(),
        later: None,
        derived_from,
    })
}

fn build(spec: Spec<'_>, facts: &Facts) -> Result<ComputedDeadline, DocketError> {
    let rule = spec.rule;
    // Candidates under each convention of the row; the earliest is docketed.
    let mut candidates: Vec<(NaiveDate, Convention)> = Vec::new();
    for conv in rule.convention.conventions() {
        candidates.push((end_of_period(spec.trigger.date, spec.period, *conv)?, *conv));
    }
    let (mut unrolled, mut convention) = candidates[0];
    for (d, c) in &candidates[1..] {
        if *d < unrolled {
            unrolled = *d;
            convention = *c;
        }
    }
    let mut uncertain: Vec<(String, String)> = Vec::new();
    if let Some(latest) = candidates
        .iter()
        .map(|c| c.0)
        .max()
        .filter(|l| *l != unrolled)
    {
        uncertain.push((
            format!("PCT/パリ条約の応当日方式と特許法第3条方式で満了日が異なる（{unrolled} / {latest}）: 早い方を記載"),
            format!("the same-day and JP Art. 3 conventions differ ({unrolled} / {latest}): the earlier is docketed"),
        ));
    }
    if rule.schedule == Schedule::Annual && rule.month_end && spec.derived_from.is_none() {
        unrolled = last_of_month(unrolled);
    }
    let mut trigger = spec.trigger.clone();
    let mut period = spec.period;
    let mut later_note = None;
    if let Some((t2, p2)) = &spec.later {
        let other = end_of_period(t2.date, *p2, convention)?;
        later_note = Some((
            unrolled,
            other,
            t2.clone(),
            *p2,
            spec.trigger.clone(),
            spec.period,
        ));
        if other > unrolled {
            unrolled = other;
            trigger = t2.clone();
            period = *p2;
        }
    }
    let (due, passed) = match rule.roll {
        Roll::Yes => spec.calendar.next_open_day(unrolled),
        Roll::No => (unrolled, Vec::new()),
        Roll::Uncertain => {
            let (rolled, _) = spec.calendar.next_open_day(unrolled);
            if rolled != unrolled {
                uncertain.push((
                    format!("閉庁日による繰り下げ（特許法第3条第2項）の適用が確実でない: 繰り下げれば {rolled}。早い方 {unrolled} を記載"),
                    format!("whether the closed-day roll-forward (Art. 3(2)) applies is unsettled: rolled it would be {rolled}; the earlier {unrolled} is docketed"),
                ));
            }
            (unrolled, Vec::new())
        }
    };
    let rolled_over: Vec<RolledDay> = passed
        .into_iter()
        .map(|c| RolledDay {
            date: c.date,
            kind: c.kind,
            reason_ja: c.name_ja,
            reason_en: c.name_en,
            predicted: c.predicted,
        })
        .collect();
    let closed = rule.closed_by.as_ref().and_then(|f| {
        let key = f.replace(
            "{target}",
            &spec.target.clone().unwrap_or_default().to_ascii_lowercase(),
        );
        facts.date(&key).map(|date| Trigger { fact: key, date })
    });
    let mut d = ComputedDeadline {
        code: rule.code.clone(),
        variant: rule.variant.clone(),
        title_ja: rule.title_ja.clone(),
        title_en: rule.title_en.clone(),
        office: facts.office.clone(),
        due,
        unrolled,
        trigger,
        period,
        convention,
        roll: rule.roll,
        calendar: spec.calendar,
        rolled_over,
        basis: rule.basis_ja.clone(),
        basis_en: rule.basis_en.clone(),
        year: spec.year,
        target: spec.target.clone(),
        uncertain: None,
        uncertain_en: None,
        info: rule.info,
        closed,
        explanation: String::new(),
        explanation_en: String::new(),
    };
    if !uncertain.is_empty() {
        d.uncertain = Some(
            uncertain
                .iter()
                .map(|u| u.0.as_str())
                .collect::<Vec<_>>()
                .join("。"),
        );
        d.uncertain_en = Some(
            uncertain
                .iter()
                .map(|u| u.1.as_str())
                .collect::<Vec<_>>()
                .join("; "),
        );
    }
    let (ja, en) = explain::explain(&d, rule, later_note.as_ref(), spec.derived_from.as_ref());
    d.explanation = ja;
    d.explanation_en = en;
    Ok(d)
}

fn last_of_month(d: NaiveDate) -> NaiveDate {
    let (y, m) = if d.month() == 12 {
        (d.year() + 1, 1)
    } else {
        (d.year(), d.month() + 1)
    };
    NaiveDate::from_ymd_opt(y, m, 1)
        .and_then(|n| n.pred_opt())
        .unwrap_or(d)
}

#[cfg(test)]
mod tests;
