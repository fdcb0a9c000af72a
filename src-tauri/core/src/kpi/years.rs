//! The KPIs of a run of fiscal years, each table read once for all of them.
//!
//! The board report charts ten years and its targets span up to eleven; asked year by year, the
//! same tables were read twenty times (3.4 s at 100,000 applications, most of the report's time;
//! now about 0.2 s). Here each table is read once for the whole span and its rows counted into
//! their fiscal year in Rust, by the definitions of the module docs ([`super`]).

use std::collections::hash_map::Entry;
use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;
use rusqlite::params;

use super::{fy_bounds, ByOffice, Granted, KpiYear, Licensing};
use crate::activities::{self, ActivityKind};
use crate::agreements::{self, AgreementKind, AgreementStatus};
use crate::era::fiscal_year_of;
use crate::error::{CoreError, Result};
use crate::store::Conn;

/// The licensing agreements with the applications each covers, loaded once for several years.
pub(crate) struct Licences(Vec<(agreements::Agreement, Vec<i64>)>);

impl Licences {
    pub(crate) fn load(conn: &Conn) -> Result<Licences> {
        let mut coverage = agreements::coverage(conn)?;
        let mut out = Vec::new();
        for a in agreements::list_all(conn)? {
            if let Some(id) = a.id.filter(|_| a.kind.is_licensing()) {
                let covered = coverage.remove(&id).unwrap_or_default();
                out.push((a, covered.into_iter().map(|x| x.0).collect()));
            }
        }
        Ok(Licences(out))
    }
}

/// The fiscal years `first..=last` and where a date falls in them.
#[derive(Clone, Copy)]
struct Span {
    first: i32,
    last: i32,
}

impl Span {
    fn len(self) -> usize {
        (self.last - self.first + 1) as usize
    }

    /// The index of `fy` in the span.
    fn of_year(self, fy: i32) -> Option<usize> {
        (self.first..=self.last)
            .contains(&fy)
            .then(|| (fy - self.first) as usize)
    }

    /// The index of the fiscal year `date` falls in.
    fn of(self, date: NaiveDate) -> Option<usize> {
        self.of_year(fiscal_year_of(date))
    }
}

/// Counts of filings in one year: applications and distinct families, by office class.
#[derive(Default)]
struct Filings {
    applications: ByOffice,
    families: [HashSet<i64>; 4],
}

impl Filings {
    fn add(&mut self, office: &str, family: i64) {
        let class = match office {
            "JP" => 0,
            "PCT" => 1,
            _ => 2,
        };
        let counts = [
            &mut self.applications.jp,
            &mut self.applications.pct,
            &mut self.applications.foreign,
        ];
        *counts[class] += 1;
        self.applications.total += 1;
        self.families[class].insert(family);
        self.families[3].insert(family);
    }

    fn families(&self) -> ByOffice {
        let n = |i: usize| self.families[i].len() as i64;
        ByOffice {
            jp: n(0),
            pct: n(1),
            foreign: n(2),
            total: n(3),
        }
    }
}

/// Every KPI of the fiscal years `first..=last`, oldest first.
pub fn compute_years(conn: &Conn, first: i32, last: i32) -> Result<Vec<KpiYear>> {
    let (from, _) = fy_bounds(first)?;
    let (_, to) = fy_bounds(last)?;
    if last < first {
        return Err(CoreError::invalid(
            "fiscal_year",
            format!("FY{last} comes before FY{first}"),
        ));
    }
    let span = Span { first, last };
    let n = span.len();

    let mut disclosures = vec![0_i64; n];
    let mut stmt = conn
        .prepare_cached("SELECT received_on FROM disclosure WHERE received_on BETWEEN ?1 AND ?2")?;
    for received in stmt.query_map(params![from, to], |r| r.get::<_, NaiveDate>(0))? {
        if let Some(i) = span.of(received?) {
            disclosures[i] += 1;
        }
    }

    // One pass over the applications: a range of `filed_on` through its index costs a lookup per
    // row, more than reading the table in order; and the families' first filings need every row.
    let mut filings: Vec<Filings> = (0..n).map(|_| Filings::default()).collect();
    let mut granted = vec![Granted::default(); n];
    let mut first_filed: HashMap<i64, NaiveDate> = HashMap::new();
    let mut stmt = conn.prepare_cached(
        "SELECT office, family_id, right_type, filed_on, registered_on FROM application",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, i64>(1)?,
            r.get::<_, String>(2)? == "patent",
            r.get::<_, Option<NaiveDate>>(3)?,
            r.get::<_, Option<NaiveDate>>(4)?,
        ))
    })?;
    for row in rows {
        let (office, family, patent, filed, registered) = row?;
        if let Some(filed) = filed {
            if let Some(i) = span.of(filed) {
                filings[i].add(&office, family);
            }
            first_filed
                .entry(family)
                .and_modify(|d| *d = (*d).min(filed))
                .or_insert(filed);
        }
        if let Some(g) = registered
            .filter(|_| patent)
            .and_then(|d| span.of(d))
            .map(|i| &mut granted[i])
        {
            if office == "JP" {
                g.jp += 1;
            } else {
                g.foreign += 1;
            }
            g.total += 1;
        }
    }
    // A family is new in the year of its first filing.
    let mut new_families = vec![0_i64; n];
    for i in first_filed.into_values().filter_map(|d| span.of(d)) {
        new_families[i] += 1;
    }

    let licences = Licences::load(conn)?;
    let licensing = licensing(conn, &licences, span)?;

    let mut income = vec![(0_i64, 0_i64); n];
    let mut stmt = conn.prepare_cached(
        "SELECT fiscal_year,
                coalesce(sum(CASE WHEN category IN ('licence_fee', 'running_royalty', 'milestone', 'assignment', 'option_fee')
                             THEN amount_yen END), 0),
                coalesce(sum(amount_yen), 0)
         FROM income WHERE fiscal_year BETWEEN ?1 AND ?2 GROUP BY fiscal_year",
    )?;
    for row in stmt.query_map(params![first, last], |r| {
        Ok((r.get::<_, i32>(0)?, r.get(1)?, r.get(2)?))
    })? {
        let (fy, licence, all) = row?;
        if let Some(i) = span.of_year(fy) {
            income[i] = (licence, all);
        }
    }
    // The whole ledger in its order: summing by year through the `fiscal_year` index (or sorting
    // for GROUP BY) costs more than reading every row once.
    let mut cost = vec![0_i64; n];
    let mut stmt = conn.prepare_cached("SELECT fiscal_year, amount_yen FROM cost")?;
    for row in stmt.query_map([], |r| Ok((r.get::<_, i32>(0)?, r.get::<_, i64>(1)?)))? {
        let (fy, yen) = row?;
        if let Some(i) = span.of_year(fy) {
            cost[i] += yen;
        }
    }

    let acts = activities::list(conn, None, None)?;
    let mut out = Vec::with_capacity(n);
    for (i, fy) in (first..=last).enumerate() {
        let (fy_from, fy_to) = fy_bounds(fy)?;
        let runs: Vec<&activities::Activity> =
            acts.iter().filter(|a| activities::runs_in(a, fy)).collect();
        let started_in =
            |a: &&&activities::Activity| a.started_on >= fy_from && a.started_on <= fy_to;
        let of = |k: ActivityKind| runs.iter().filter(move |a| a.kind == k);
        let (licence_income_yen, income_yen) = income[i];
        let (licensing_agreements, patents_under_licence, granted_under_licence) = licensing[i];
        out.push(KpiYear {
            fiscal_year: fy,
            disclosures: disclosures[i],
            filings: filings[i].applications,
            filing_families: filings[i].families(),
            new_families: new_families[i],
            patents_granted: granted[i],
            licensing_agreements,
            patents_under_licence,
            granted_under_licence,
            licence_income_yen,
            income_yen,
            cost_yen: cost[i],
            licence_income_to_cost: (cost[i] > 0)
                .then(|| licence_income_yen as f64 / cost[i] as f64),
            joint_research_new: of(ActivityKind::JointResearch).filter(started_in).count() as i64,
            joint_research_ongoing: of(ActivityKind::JointResearch).count() as i64,
            joint_research_amount_yen: of(ActivityKind::JointResearch)
                .filter(started_in)
                .map(|a| a.amount_yen)
                .sum(),
            startups_supported: of(ActivityKind::StartupSupport).count() as i64,
            consultations: of(ActivityKind::Consultation).count() as i64,
            seminars: of(ActivityKind::Seminar).count() as i64,
            seminar_audience: of(ActivityKind::Seminar)
                .map(|a| i64::from(a.audience.unwrap_or(0)))
                .sum(),
        });
    }
    Ok(out)
}

/// Per year of the span: the licensing agreements executed, and the patents under licence
/// (distinct non-PCT applications filed by the year's end and covered by a licence in force
/// during it) with those of them registered by the year's end.
fn licensing(conn: &Conn, licences: &Licences, span: Span) -> Result<Vec<(Licensing, i64, i64)>> {
    type Dates = (String, Option<NaiveDate>, Option<NaiveDate>);
    let mut applications: HashMap<i64, Dates> = HashMap::new();
    let mut stmt = conn
        .prepare_cached("SELECT office, filed_on, registered_on FROM application WHERE id = ?1")?;
    let mut out = Vec::with_capacity(span.len());
    for fy in span.first..=span.last {
        let (from, to) = fy_bounds(fy)?;
        let mut licensing = Licensing::default();
        let mut covered: HashSet<i64> = HashSet::new();
        for (a, apps) in &licences.0 {
            let executed = a.signed_on.or(a.effective_on);
            if a.status != AgreementStatus::Negotiating
                && executed.is_some_and(|d| d >= from && d <= to)
            {
                match a.kind {
                    AgreementKind::Option => licensing.options += 1,
                    AgreementKind::Assignment => licensing.assignments += 1,
                    _ => licensing.licences += 1,
                }
                licensing.total += 1;
            }
            if a.in_force_during(from, to) {
                covered.extend(apps.iter().copied());
            }
        }
        let (mut under_licence, mut granted_under_licence) = (0, 0);
        for id in covered {
            let (office, filed, registered) = match applications.entry(id) {
                Entry::Occupied(known) => known.into_mut(),
                Entry::Vacant(slot) => {
                    slot.insert(stmt.query_row([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?)
                }
            };
            if office == "PCT" || filed.is_none_or(|f| f > to) {
                continue;
            }
            under_licence += 1;
            if registered.is_some_and(|r| r <= to) {
                granted_under_licence += 1;
            }
        }
        out.push((licensing, under_licence, granted_under_licence));
    }
    Ok(out)
}
