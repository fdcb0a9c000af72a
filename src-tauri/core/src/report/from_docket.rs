//! The board report's decisions (判断事項) read from the stored docket and the costs: annuities
//! due in the next quarter on rights with no licence (keep or drop, with the fee and the years
//! already paid) and the PCT national-phase entries due (enter or not, and where).
//!
//! The quarter counts from the day the report is printed ([`crate::horizons::next_quarter`]),
//! not from the as-of date of the figures: a board report on last year's figures still asks
//! what must be decided now. Only open, generated deadlines count; a deadline done, waived or
//! obsolete needs no decision.
//!
//! The fee is estimated from what the application's own cost ledger shows. For a JP patent the
//! fee schedule of 特許法107条1項 (base + per claim, by bracket of years) is data below: the
//! number of claims is read back from the last annuity paid (or the registration fee for years
//! 1–3), so crossing into a dearer bracket (year 7, year 10) is priced right. Elsewhere the last
//! annuity paid is repeated. With no cost on record the fee is unknown and the report says so.

use std::collections::{BTreeMap, HashMap};

use crate::store::Conn;
use chrono::NaiveDate;
use rusqlite::params;

use super::board::{AnnuityDecision, NationalPhaseDue};
use super::ReportError;

/// Codes of the docket rules that keep a right alive for a fee: annuities (年金), EP renewal
/// fees, US maintenance fees and CN/KR annuities, with their grace periods. Matched as code
/// prefixes.
pub const ANNUITY_CODES: &[&str] = &[
    "jp.annuity",
    "ep.renewal",
    "us.maintenance",
    "cn.annuity",
    "kr.annuity",
];

/// Codes of the national-phase entry deadlines of a PCT application (移行先 in `target`).
pub const NATIONAL_PHASE_CODES: &[&str] = &["pct.national_phase", "jp.national_phase"];

/// A bracket of the JPO patent fee schedule: years `from..=to` cost `base + per_claim × claims`.
struct FeeBracket {
    from: u32,
    to: u32,
    base: i64,
    per_claim: i64,
}

/// 特許法107条1項 (as revised 2022-04-01): 特許料 per year for applications filed from
/// 2004-04-01. Years 1–3 are paid together at registration (108条1項).
const JP_PATENT_FEES: &[FeeBracket] = &[
    FeeBracket {
        from: 1,
        to: 3,
        base: 4_300,
        per_claim: 300,
    },
    FeeBracket {
        from: 4,
        to: 6,
        base: 10_400,
        per_claim: 800,
    },
    FeeBracket {
        from: 7,
        to: 9,
        base: 24_800,
        per_claim: 1_900,
    },
    FeeBracket {
        from: 10,
        to: 25,
        base: 59_400,
        per_claim: 4_600,
    },
];

fn bracket(year: u32) -> Option<&'static FeeBracket> {
    JP_PATENT_FEES
        .iter()
        .find(|b| (b.from..=b.to).contains(&year))
}

/// The number of claims that makes `amount` the fee of `year` (times `years` paid at once).
fn claims_from(amount: i64, year: u32, years: i64) -> Option<i64> {
    let b = bracket(year)?;
    let per_year = amount.checked_div(years)?;
    let over = per_year - b.base;
    (amount % years == 0 && over > 0 && over % b.per_claim == 0).then(|| over / b.per_claim)
}

/// The JP patent fee of `year` for `claims` claims.
pub fn jp_patent_fee(year: u32, claims: i64) -> Option<i64> {
    bracket(year).map(|b| b.base + b.per_claim * claims)
}

struct Candidate {
    application_id: i64,
    code: String,
    year: Option<u32>,
    due: NaiveDate,
    reference: String,
    registration_number: Option<String>,
    title: String,
    office: String,
    right_type: String,
    registered_on: Option<String>,
    paid_to: Option<u32>,
}

fn date(text: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").ok()
}

fn code_filter(codes: &[&str]) -> String {
    codes
        .iter()
        .map(|c| format!("d.code LIKE '{c}%'"))
        .collect::<Vec<_>>()
        .join(" OR ")
}

/// Annuities, renewals and maintenance fees open and due in `from..=to` on applications not in
/// `licensed` (ids of applications covered by a licence in force), one line per application
/// and year (the earliest due: the fee itself before its grace period), by due date.
pub fn annuity_decisions(
    conn: &Conn,
    from: NaiveDate,
    to: NaiveDate,
    licensed: &HashMap<i64, String>,
) -> Result<Vec<AnnuityDecision>, ReportError> {
    let due = format!(
        "d.origin = 'generated' AND d.status = 'open' AND d.info = 0
            AND d.due BETWEEN ?1 AND ?2 AND ({})",
        code_filter(ANNUITY_CODES)
    );
    let sql = format!(
        "SELECT d.application_id, d.code, d.year, d.due, a.reference, a.registration_number,
                a.title, a.office, a.right_type, a.registered_on, a.annuities_paid_to
           FROM deadline d JOIN application a ON a.id = d.application_id
          WHERE {due}
          ORDER BY d.due, a.reference, d.code"
    );
    let mut stmt = conn.prepare(&sql)?;
    let rows = stmt.query_map(params![from.to_string(), to.to_string()], |r| {
        let due: String = r.get(3)?;
        Ok(Candidate {
            application_id: r.get(0)?,
            code: r.get(1)?,
            year: r
                .get::<_, Option<i64>>(2)?
                .and_then(|y| u32::try_from(y).ok()),
            due: date(&due).unwrap_or(from),
            reference: r.get(4)?,
            registration_number: r.get(5)?,
            title: r.get(6)?,
            office: r.get(7)?,
            right_type: r.get(8)?,
            registered_on: r.get(9)?,
            paid_to: r
                .get::<_, Option<i64>>(10)?
                .and_then(|y| u32::try_from(y).ok()),
        })
    })?;
    let mut seen = std::collections::HashSet::new();
    let mut candidates = Vec::new();
    for c in rows {
        let c = c?;
        if !licensed.contains_key(&c.application_id) && seen.insert((c.application_id, c.year)) {
            candidates.push(c);
        }
    }
    let ledger = Ledger::read(conn, &due, from, to)?;
    Ok(candidates
        .into_iter()
        .map(|c| {
            let fee_yen = ledger.fee_estimate(&c);
            // A JP right's years 1–3 are paid with the registration fee (特許法108条1項).
            let paid_to = c
                .paid_to
                .or_else(|| (c.office == "JP" && c.registered_on.is_some()).then_some(3));
            AnnuityDecision {
                reference: match &c.registration_number {
                    Some(n) => format!("{}\n{n}", c.reference),
                    None => c.reference.clone(),
                },
                title: c.title,
                office: c.office,
                year: c.year.unwrap_or(0),
                due: c.due,
                fee_yen,
                paid_to,
                grace: c.code.ends_with("_grace"),
            }
        })
        .collect())
}

/// What the fee estimate reads from the cost ledger of the applications with an annuity due,
/// read in one statement (a query per annuity was 0.2 s of the board report at 100,000
/// applications): each one's last annuity paid, and its official fees by date.
struct Ledger {
    /// Application → (incurred on, cost id, amount) of its latest annuity.
    last_annuity: HashMap<i64, (String, i64, i64)>,
    /// (application, incurred on) → (cost id, amount) of the latest official fee that day.
    official: HashMap<(i64, String), (i64, i64)>,
}

impl Ledger {
    /// The ledger of the applications of the deadlines `d` matching `due` (with `?1`, `?2` the
    /// first and last day).
    fn read(conn: &Conn, due: &str, from: NaiveDate, to: NaiveDate) -> Result<Ledger, ReportError> {
        let sql = format!(
            "SELECT application_id, category, incurred_on, id, amount_yen FROM cost
              WHERE category IN ('annuity', 'official_fee')
                AND application_id IN (SELECT d.application_id FROM deadline d WHERE {due})"
        );
        let mut ledger = Ledger {
            last_annuity: HashMap::new(),
            official: HashMap::new(),
        };
        let mut stmt = conn.prepare(&sql)?;
        let rows = stmt.query_map(params![from.to_string(), to.to_string()], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, i64>(3)?,
                r.get::<_, i64>(4)?,
            ))
        })?;
        for row in rows {
            let (app, category, on, id, amount) = row?;
            if category == "annuity" {
                let slot = ledger
                    .last_annuity
                    .entry(app)
                    .or_insert((on.clone(), id, amount));
                // The latest by date, then by id (ORDER BY incurred_on DESC, id DESC).
                if (&on, id) > (&slot.0, slot.1) {
                    *slot = (on, id, amount);
                }
            } else {
                let slot = ledger.official.entry((app, on)).or_insert((id, amount));
                if id > slot.0 {
                    *slot = (id, amount);
                }
            }
        }
        Ok(ledger)
    }

    /// The fee of `c`'s year (see the module header).
    fn fee_estimate(&self, c: &Candidate) -> Option<i64> {
        let last_annuity = self.last_annuity.get(&c.application_id).map(|a| a.2);
        let jp_patent = c.office == "JP" && c.right_type == "patent";
        let Some(year) = c.year.filter(|_| jp_patent) else {
            return last_annuity;
        };
        let claims = match (last_annuity, c.paid_to) {
            (Some(amount), Some(paid)) => claims_from(amount, paid, 1),
            _ => None,
        };
        // The official fee recorded on the registration date: years 1–3 paid together.
        let claims = claims.or_else(|| {
            let on = c.registered_on.clone()?;
            let (_, amount) = self.official.get(&(c.application_id, on))?;
            claims_from(*amount, 1, 3)
        });
        match claims {
            Some(n) => jp_patent_fee(year, n),
            None => last_annuity,
        }
    }
}

/// PCT applications with a national-phase entry open and due in `from..=to`: one line per PCT
/// application with its target offices and the earliest due date, by due date. The offices come in
/// the order their deadlines were made (`d.id` breaks ties: without it the order of one date's
/// offices was the engine's own, and a server printed them otherwise than the desk's file).
pub fn national_phase_due(
    conn: &Conn,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<NationalPhaseDue>, ReportError> {
    let sql = format!(
        "SELECT d.application_id, a.reference,
                coalesce(a.application_number, a.application_number_raw), a.title, d.target, d.due
           FROM deadline d JOIN application a ON a.id = d.application_id
          WHERE d.origin = 'generated' AND d.status = 'open' AND d.info = 0
            AND d.due BETWEEN ?1 AND ?2 AND ({})
          ORDER BY d.due, a.reference, d.id",
        code_filter(NATIONAL_PHASE_CODES)
    );
    let mut stmt = conn.prepare(&sql)?;
    let mut by_app: BTreeMap<i64, (NationalPhaseDue, Vec<String>)> = BTreeMap::new();
    let rows = stmt.query_map(params![from.to_string(), to.to_string()], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, Option<String>>(2)?,
            r.get::<_, String>(3)?,
            r.get::<_, Option<String>>(4)?,
            r.get::<_, String>(5)?,
        ))
    })?;
    for row in rows {
        let (id, reference, number, title, target, due) = row?;
        let due = date(&due).unwrap_or(from);
        let entry = by_app.entry(id).or_insert_with(|| {
            (
                NationalPhaseDue {
                    reference: match number {
                        Some(n) => format!("{reference}\n{n}"),
                        None => reference,
                    },
                    title,
                    offices: String::new(),
                    due,
                    estimated_cost_yen: None,
                },
                Vec::new(),
            )
        });
        entry.0.due = entry.0.due.min(due);
        if let Some(t) = target.filter(|t| !entry.1.contains(t)) {
            entry.1.push(t);
        }
    }
    let mut out: Vec<NationalPhaseDue> = by_app
        .into_values()
        .map(|(mut n, offices)| {
            n.offices = if offices.is_empty() {
                "—".to_string()
            } else {
                offices.join(", ")
            };
            n
        })
        .collect();
    out.sort_by(|a, b| (a.due, &a.reference).cmp(&(b.due, &b.reference)));
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Store;

    fn demo(today: NaiveDate) -> Store {
        let mut store = Store::open_in_memory().unwrap();
        crate::demo::generate(
            &mut store,
            crate::demo::DemoOptions {
                scale: 150,
                seed: crate::demo::DEFAULT_SEED,
                today,
            },
            chrono::Utc::now(),
        )
        .unwrap();
        store
    }

    /// On the demo: every open annuity of the quarter on an unlicensed application is listed
    /// once, with a fee and the years paid; licensed ones are left out (no decision to make).
    #[test]
    fn the_decisions_are_the_open_annuities_of_the_quarter_on_unlicensed_rights() {
        let today = NaiveDate::from_ymd_opt(2026, 6, 30).unwrap();
        let store = demo(today);
        let conn = store.conn();
        let (from, to) = crate::horizons::next_quarter(today);
        let licensed = super::super::from_modules::licences_on(conn, today).unwrap();
        let listed = annuity_decisions(conn, from, to, &licensed).unwrap();
        assert!(
            !listed.is_empty(),
            "the demo has annuities due next quarter"
        );
        for a in &listed {
            assert!(
                (from..=to).contains(&a.due),
                "{} due {} is in the quarter",
                a.reference,
                a.due
            );
            assert!(
                a.fee_yen.is_some(),
                "{}: the demo records the fees paid",
                a.reference
            );
            assert!(
                a.paid_to.is_none_or(|p| p < a.year),
                "{}: paid before the year due",
                a.reference
            );
        }
        let all = annuity_decisions(conn, from, to, &HashMap::new()).unwrap();
        assert!(all.len() >= listed.len());
        let references: Vec<&str> = listed.iter().map(|a| a.reference.as_str()).collect();
        let apps: Vec<(i64, String)> = conn
            .prepare("SELECT id, reference FROM application")
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        for (id, reference) in apps.iter().filter(|(id, _)| licensed.contains_key(id)) {
            assert!(
                !references
                    .iter()
                    .any(|r| r.lines().next() == Some(reference.as_str())),
                "{reference} (application {id}) is under licence: no keep-or-drop decision"
            );
        }
        let national = national_phase_due(conn, from, to).unwrap();
        for n in &national {
            assert!((from..=to).contains(&n.due) && n.offices != "—", "{n:?}");
        }
    }

    #[test]
    fn the_claims_are_read_back_from_a_paid_fee_and_priced_into_the_next_bracket() {
        assert_eq!(
            claims_from(10_400 + 800 * 5, 6, 1),
            Some(5),
            "year 6 of a 5-claim patent costs ¥14,400"
        );
        assert_eq!(
            jp_patent_fee(7, 5),
            Some(24_800 + 1_900 * 5),
            "year 7 enters the ¥24,800 + ¥1,900/claim bracket"
        );
        assert_eq!(
            claims_from((4_300 + 300 * 8) * 3, 1, 3),
            Some(8),
            "the registration fee pays years 1–3 at once"
        );
        assert_eq!(
            claims_from(12_345, 5, 1),
            None,
            "an amount off the schedule gives no claim count (a surcharge, a foreign fee)"
        );
    }
}
