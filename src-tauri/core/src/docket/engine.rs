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
mod specs;

use std::borrow::Cow;
use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use super::calendar::{DayKind, OfficeCalendar};
use super::fact::{Fact, KNOWN_FACTS};
use super::period::{end_of_period, Convention, Period};
pub use super::rules::{ApplicantKind, RightType};
use super::rules::{Roll, Rule, RuleTable, Schedule};
use super::DocketError;
use specs::{derived_spec, primary_specs, Spec};

pub use explain::fact_label;

/// How many open annuities/renewals/maintenance stages are materialised per row.
pub const AHEAD: usize = 3;

/// Offices an application can be filed at (plus the agreement/policy pseudo-offices).
/// Offices without rules of their own are accepted (see [`super::coverage`]): the
/// office-independent rules still apply to them and the docket marks the rest as not computed.
pub const OFFICES: &[&str] = &[
    "JP",
    "PCT",
    "EP",
    "US",
    "CN",
    "KR",
    "TW",
    "DE",
    "GB",
    "FR",
    "CA",
    "AU",
    "IN",
    "SG",
    "AGREEMENT",
    "POLICY",
];

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
    /// Dated facts by key ([`KNOWN_FACTS`], the keys of [`Fact`]).
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

    /// Records the date of `fact`, replacing one known before (a later decision replaces an
    /// earlier one).
    pub fn set(&mut self, fact: Fact, date: NaiveDate) {
        self.dates.insert(fact.key().to_string(), date);
    }

    /// Records the date of `fact` unless one is known already: a fact that happens once keeps
    /// the date recorded first.
    pub fn set_if_unknown(&mut self, fact: Fact, date: NaiveDate) {
        self.dates.entry(fact.key().to_string()).or_insert(date);
    }

    /// The date of a fact, if known.
    pub fn date(&self, key: &str) -> Option<NaiveDate> {
        self.dates.get(key).copied()
    }

    fn first_present(&self, keys: &'static [String]) -> Option<Trigger> {
        keys.iter().find_map(|k| {
            self.date(k).map(|date| Trigger {
                fact: Cow::Borrowed(k.as_str()),
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
    pub fact: Cow<'static, str>,
    /// Its date.
    pub date: NaiveDate,
}

/// The losing candidate of a "later of" rule (R46.1, R54bis.1, 48条の3第2項), kept so the
/// explanation can show both.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Alternative {
    /// Its trigger.
    pub trigger: Trigger,
    /// Its period.
    pub period: Period,
    /// Its end (not later than the docketed unrolled date).
    pub end: NaiveDate,
}

/// A closed day a deadline was rolled over, with the reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RolledDay {
    /// The day.
    pub date: NaiveDate,
    /// Why the office was closed.
    pub kind: DayKind,
    /// Reason, Japanese (「日曜日」「年末年始」「憲法記念日」).
    pub reason_ja: Cow<'static, str>,
    /// Reason, English.
    pub reason_en: Cow<'static, str>,
    /// A predicted (not yet official) Japanese holiday.
    pub predicted: bool,
}

/// One computed deadline with everything needed to check it by hand.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ComputedDeadline {
    /// Rule code (rules.md), e.g. `jp.exam_request`.
    pub code: Cow<'static, str>,
    /// Second deadline of the same code: `extended`, `grace`, `late`.
    pub variant: Option<Cow<'static, str>>,
    /// What it is, Japanese.
    pub title_ja: Cow<'static, str>,
    /// What it is, English.
    pub title_en: Cow<'static, str>,
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
    pub basis: Cow<'static, str>,
    /// Legal basis, English.
    pub basis_en: Cow<'static, str>,
    /// Annuity/renewal year (JP year N, EP year N, US 4/8/12, trademark 10/20…).
    pub year: Option<u32>,
    /// Target office of a national phase from a PCT application.
    pub target: Option<Cow<'static, str>>,
    /// The other candidate of a "later of" rule.
    pub alternative: Option<Alternative>,
    /// Why the date is uncertain and which later date was not docketed (Japanese).
    pub uncertain: Option<String>,
    /// Same in English.
    pub uncertain_en: Option<String>,
    /// A date to know, not an act to do.
    pub info: bool,
    /// The fact that closed this deadline, if any (e.g. examination requested).
    pub closed: Option<Trigger>,
    /// For a procedure an office may decide not to take: the last day it can still be taken,
    /// restoration included (rolled to an open day). Chizai learning of it only after that day
    /// records it as passed, not as a task (see `deadlines::recompute`).
    pub chance_ends: Option<NaiveDate>,
    /// How the date was reached, Japanese (empty from [`compute_bare`]; see [`explain`]).
    pub explanation: String,
    /// How the date was reached, English.
    pub explanation_en: String,
}

impl ComputedDeadline {
    /// The earliest trigger date of this deadline (the other candidate's, for a later-of rule).
    fn closed_origin(&self) -> NaiveDate {
        match &self.alternative {
            Some(a) => a.trigger.date.min(self.trigger.date),
            None => self.trigger.date,
        }
    }
}

/// The Japanese and English explanation of a deadline computed by this engine.
pub fn explain(d: &ComputedDeadline) -> Result<(String, String), DocketError> {
    let table = RuleTable::embedded()?;
    let rule = table
        .rule
        .iter()
        .find(|r| {
            r.code == d.code
                && r.variant.as_deref() == d.variant.as_deref()
                && r.title_ja == d.title_ja
        })
        .ok_or_else(|| DocketError::RuleTable(format!("no row for {} ({})", d.code, d.title_en)))?;
    let leader_title = rule.follows.as_ref().and_then(|l| {
        table
            .rule
            .iter()
            .find(|r| &r.code == l && r.follows.is_none())
            .map(|r| r.title_ja.as_str())
    });
    Ok(explain::explain(d, rule, leader_title))
}

fn applies(rule: &'static Rule, facts: &Facts) -> bool {
    let office_ok = rule.office == facts.office
        || (rule.office == "any" && !matches!(facts.office.as_str(), "AGREEMENT" | "POLICY"));
    if !office_ok
        || !(rule.rights.is_empty() || rule.rights.contains(&facts.right))
        || !rule.applicant.is_none_or(|a| a == facts.applicant)
        || !rule.requires.iter().all(|f| facts.date(f).is_some())
        || !rule.unless.iter().all(|f| facts.date(f).is_none())
    {
        return false;
    }
    let window_date = match &rule.window_fact {
        Some(f) => facts.date(f),
        None => facts.first_present(&rule.trigger).map(|t| t.date),
    };
    match window_date {
        Some(d) => rule.in_window(d),
        None => rule.from.is_none() && rule.until.is_none(),
    }
}

/// Every deadline that follows from `facts`, ordered by due date then code, each with its
/// explanation in Japanese and English.
pub fn compute(facts: &Facts) -> Result<Vec<ComputedDeadline>, DocketError> {
    let table = RuleTable::embedded()?;
    let mut out = compute_with(table, facts)?;
    for d in &mut out {
        let (ja, en) = explain(d)?;
        d.explanation = ja;
        d.explanation_en = en;
    }
    Ok(out)
}

/// [`compute`] without the explanation texts (empty strings): the docket recompute compares
/// dates and reasons, and explains only what changed. [`explain`] fills them in later.
pub fn compute_bare(facts: &Facts) -> Result<Vec<ComputedDeadline>, DocketError> {
    compute_with(RuleTable::embedded()?, facts)
}

/// Bare computation over a given (static) rule table.
pub fn compute_with(
    table: &'static RuleTable,
    facts: &Facts,
) -> Result<Vec<ComputedDeadline>, DocketError> {
    compute_where(table, facts, |_| true)
}

/// Bare computation of the rows whose code satisfies `keep` (e.g. only the office-action
/// responses, computed once per office action by the docket recompute).
pub fn compute_bare_where(
    facts: &Facts,
    keep: impl Fn(&str) -> bool,
) -> Result<Vec<ComputedDeadline>, DocketError> {
    compute_where(RuleTable::embedded()?, facts, keep)
}

fn compute_where(
    table: &'static RuleTable,
    facts: &Facts,
    keep: impl Fn(&str) -> bool,
) -> Result<Vec<ComputedDeadline>, DocketError> {
    facts.validate()?;
    let mut out = Vec::with_capacity(16);
    for rule in table.rule.iter().filter(|r| r.follows.is_none()) {
        if !keep(&rule.code) || !applies(rule, facts) {
            continue;
        }
        for spec in primary_specs(rule, facts, None)? {
            out.push(build(spec, facts)?);
        }
    }
    let primaries = out.len();
    for rule in table.rule.iter().filter(|r| r.follows.is_some()) {
        if !keep(&rule.code) || !applies(rule, facts) {
            continue;
        }
        for i in 0..primaries {
            let leader = &out[i];
            if Some(leader.code.as_ref()) == rule.follows.as_deref() && leader.variant.is_none() {
                let spec = derived_spec(rule, leader);
                out.push(build(spec, facts)?);
            }
        }
    }
    out.sort_by(|a, b| (a.due, &a.code, a.year).cmp(&(b.due, &b.code, b.year)));
    Ok(out)
}

/// The deadline of one year (annuity/renewal year, US stage 4/8/12, trademark 10/20/…) of a
/// scheduled rule, derived on demand whatever `paid_through` says, with its explanation.
/// `None` when the year does not exist (before the first fee year, after the term, or a rule
/// that is not scheduled).
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
            let mut d = build(spec, facts)?;
            let (ja, en) = explain(&d)?;
            d.explanation = ja;
            d.explanation_en = en;
            return Ok(Some(d));
        }
    }
    Ok(None)
}

fn build(spec: Spec, facts: &Facts) -> Result<ComputedDeadline, DocketError> {
    let rule = spec.rule;
    // Candidates under each convention of the row; the earliest is docketed.
    let conventions = rule.convention.conventions();
    let mut convention = conventions[0];
    let mut unrolled = end_of_period(spec.trigger.date, spec.period, convention)?;
    let mut latest = unrolled;
    for conv in &conventions[1..] {
        let end = end_of_period(spec.trigger.date, spec.period, *conv)?;
        if end < unrolled {
            unrolled = end;
            convention = *conv;
        }
        latest = latest.max(end);
    }
    let mut uncertain: Vec<(String, String)> = Vec::new();
    if latest != unrolled {
        uncertain.push((
            format!("PCT/パリ条約の応当日方式と特許法第3条方式で満了日が異なる（{unrolled} / {latest}）: 早い方を記載"),
            format!("the same-day and JP Art. 3 conventions differ ({unrolled} / {latest}): the earlier is docketed"),
        ));
    }
    if rule.schedule == Schedule::Annual && rule.month_end && !spec.derived {
        unrolled = last_of_month(unrolled);
    }
    let mut trigger = spec.trigger;
    let mut period = spec.period;
    let mut alternative = None;
    if let Some((t2, p2)) = spec.later {
        let other = end_of_period(t2.date, p2, convention)?;
        if other > unrolled {
            alternative = Some(Alternative {
                trigger: std::mem::replace(&mut trigger, t2),
                period: std::mem::replace(&mut period, p2),
                end: std::mem::replace(&mut unrolled, other),
            });
        } else {
            alternative = Some(Alternative {
                trigger: t2,
                period: p2,
                end: other,
            });
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
        let key: Cow<'static, str> = if f.contains("{target}") {
            let target = spec
                .target
                .as_deref()
                .unwrap_or_default()
                .to_ascii_lowercase();
            Cow::Owned(f.replace("{target}", &target))
        } else {
            Cow::Borrowed(f.as_str())
        };
        facts
            .date(&key)
            .filter(|date| *date >= spec.origin)
            .map(|date| Trigger { fact: key, date })
    });
    let (uncertain, uncertain_en) = if uncertain.is_empty() {
        (None, None)
    } else {
        (
            Some(
                uncertain
                    .iter()
                    .map(|u| u.0.as_str())
                    .collect::<Vec<_>>()
                    .join("。"),
            ),
            Some(
                uncertain
                    .iter()
                    .map(|u| u.1.as_str())
                    .collect::<Vec<_>>()
                    .join("; "),
            ),
        )
    };
    let chance_ends = if rule.optional {
        Some(match rule.restorable {
            Some(late) => {
                let end = end_of_period(due, late, convention)?;
                spec.calendar.next_open_day(end).0
            }
            None => due,
        })
    } else {
        None
    };
    Ok(ComputedDeadline {
        code: Cow::Borrowed(rule.code.as_str()),
        variant: rule.variant.as_deref().map(Cow::Borrowed),
        title_ja: Cow::Borrowed(rule.title_ja.as_str()),
        title_en: Cow::Borrowed(rule.title_en.as_str()),
        office: facts.office.clone(),
        due,
        unrolled,
        trigger,
        period,
        convention,
        roll: rule.roll,
        calendar: spec.calendar,
        rolled_over,
        basis: Cow::Borrowed(rule.basis_ja.as_str()),
        basis_en: Cow::Borrowed(rule.basis_en.as_str()),
        year: spec.year,
        target: spec.target,
        alternative,
        uncertain,
        uncertain_en,
        info: rule.info,
        closed,
        chance_ends,
        explanation: String::new(),
        explanation_en: String::new(),
    })
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
#[cfg(test)]
mod tests_cnkr;
