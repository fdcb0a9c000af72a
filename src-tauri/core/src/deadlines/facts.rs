//! The docket facts of applications, read in bulk from the portfolio: the application's own
//! columns (filing, registration, examination request, annuities paid, residence), its earliest
//! priority claim, the deemed filing date of a derived application (its first parent's filing
//! date) and its events that are not obsolete.
//!
//! Events map to fact keys one to one (the event vocabulary uses the docket's keys). A fact that
//! happens once takes its earliest date (filed, disclosed, registered, …); a refusal or grant
//! decision takes the latest. Office actions repeat: each is kept with the response that
//! followed it, and the recompute docket one response deadline per office action.

use std::collections::HashMap;

use crate::store::Conn;
use chrono::NaiveDate;

use crate::docket::{ApplicantKind, Fact, Facts, RightType};
use crate::domain::{ApplicationId, PersonId, Status};
use crate::error::Result;

/// What the recompute needs about one application.
#[derive(Debug, Clone)]
pub struct ApplicationFacts {
    /// The application.
    pub id: ApplicationId,
    /// Its status (`abandoned`, `lapsed`, … stop the docket).
    pub status: Status,
    /// Its responsible person (the default for new deadlines).
    pub responsible_id: Option<PersonId>,
    /// Facts without office actions.
    pub facts: Facts,
    /// Each office action dispatched, with the response that followed it (if any).
    pub office_actions: Vec<(NaiveDate, Option<NaiveDate>)>,
}

/// Facts whose latest occurrence counts (a later decision replaces an earlier one).
const LATEST: [Fact; 3] = [
    Fact::RefusalServed,
    Fact::GrantDecisionServed,
    Fact::AppealFiled,
];

/// Load the facts of every application, or of one.
pub fn load_facts(conn: &Conn, only: Option<ApplicationId>) -> Result<Vec<ApplicationFacts>> {
    let apps = own_facts(conn, only)?;
    let index = apps.iter().enumerate().map(|(i, a)| (a.id.0, i)).collect();
    let mut loaded = Loaded { apps, index };
    for linked in &LINKED {
        linked_facts(conn, only, linked, &mut loaded)?;
    }
    deemed_dates(conn, only, &mut loaded)?;
    event_facts(conn, only, &mut loaded)?;
    Ok(loaded.apps)
}

/// The applications loaded so far, found by id as the other loaders' rows name them.
struct Loaded {
    apps: Vec<ApplicationFacts>,
    index: HashMap<i64, usize>,
}

impl Loaded {
    /// The application `id`, when it is one of those loaded.
    fn app(&mut self, id: i64) -> Option<&mut ApplicationFacts> {
        self.index.get(&id).and_then(|i| self.apps.get_mut(*i))
    }
}

/// The facts in the application's own columns.
fn own_facts(conn: &Conn, only: Option<ApplicationId>) -> Result<Vec<ApplicationFacts>> {
    let filter = if only.is_some() {
        "WHERE a.id = ?1"
    } else {
        "WHERE ?1 IS NULL"
    };
    let mut apps: Vec<ApplicationFacts> = Vec::new();
    let mut stmt = conn.prepare(&format!(
        "SELECT a.id, a.office, a.right_type, a.applicant_residence, a.filed_on, a.registered_on,
                a.exam_requested_on, a.annuities_paid_to, a.status, a.responsible_id
         FROM application a {filter} ORDER BY a.id"
    ))?;
    let mut rows = stmt.query([only.map(|a| a.0)])?;
    while let Some(r) = rows.next()? {
        let id: i64 = r.get(0)?;
        let office: String = r.get(1)?;
        let right: String = r.get(2)?;
        let residence: String = r.get(3)?;
        let mut facts = Facts::new(&office, RightType::parse(&right)?);
        if residence == "overseas" {
            facts.applicant = ApplicantKind::Overseas;
        }
        let registered: Option<NaiveDate> = r.get(5)?;
        let mut granted = None;
        if matches!(office.as_str(), "US" | "EP") {
            granted = registered;
        }
        for (fact, date) in [
            (Fact::Filed, r.get(4)?),
            (Fact::Registered, registered),
            (Fact::Granted, granted),
            (Fact::ExamRequested, r.get(6)?),
        ] {
            if let Some(date) = date {
                facts.set(fact, date);
            }
        }
        facts.paid_through = r.get(7)?;
        apps.push(ApplicationFacts {
            id: ApplicationId(id),
            status: Status::parse(&r.get::<_, String>(8)?)?,
            responsible_id: r.get(9)?,
            facts,
            office_actions: Vec::new(),
        });
    }
    Ok(apps)
}

/// A fact an application takes from other rows of the portfolio.
struct Linked {
    /// Which fact the row gives.
    fact: LinkedFact,
    /// `SELECT owner, [office,] date FROM … WHERE …`: the query without its scope.
    select: &'static str,
    /// The column holding the application the fact belongs to (what `only` filters on).
    owner: &'static str,
    /// What one row of the result stands for.
    group_by: &'static str,
}

/// How a linked row names its fact.
enum LinkedFact {
    /// Always the same fact.
    Fixed(Fact),
    /// The national phase entered at the office in the row's second column.
    EnteredAt,
}

/// The facts that come from other rows. An application's own earliest priority claim; and links
/// inside the portfolio that close deadlines: a later application claiming this one's priority
/// uses the priority (パリ条約・国内優先), a national phase entered from this PCT application
/// closes that office's entry deadline.
const LINKED: [Linked; 3] = [
    Linked {
        fact: LinkedFact::Fixed(Fact::Priority),
        select: "SELECT c.application_id, MIN(c.filed_on) FROM priority_claim c WHERE",
        owner: "c.application_id",
        group_by: "c.application_id",
    },
    Linked {
        fact: LinkedFact::Fixed(Fact::PriorityUsed),
        select: "SELECT c.earlier_application_id, MIN(l.filed_on) FROM priority_claim c
                 JOIN application l ON l.id = c.application_id
                 WHERE c.earlier_application_id IS NOT NULL AND l.filed_on IS NOT NULL AND",
        owner: "c.earlier_application_id",
        group_by: "c.earlier_application_id",
    },
    Linked {
        fact: LinkedFact::EnteredAt,
        select: "SELECT n.pct_id, lower(n.office), MIN(n.filed_on) FROM application n
                 WHERE n.pct_id IS NOT NULL AND n.filed_on IS NOT NULL AND",
        owner: "n.pct_id",
        group_by: "n.pct_id, n.office",
    },
];

/// Reads one [`Linked`] fact for every application, or for `only`.
fn linked_facts(
    conn: &Conn,
    only: Option<ApplicationId>,
    linked: &Linked,
    loaded: &mut Loaded,
) -> Result<()> {
    let scope = if only.is_some() {
        [linked.owner, " = ?1"].concat()
    } else {
        "?1 IS NULL".to_string()
    };
    let sql = [linked.select, " ", &scope, " GROUP BY ", linked.group_by].concat();
    let mut stmt = conn.prepare(&sql)?;
    let mut rows = stmt.query([only.map(|a| a.0)])?;
    while let Some(r) = rows.next()? {
        let id: i64 = r.get(0)?;
        let (fact, date): (Option<Fact>, NaiveDate) = match linked.fact {
            LinkedFact::Fixed(fact) => (Some(fact), r.get(1)?),
            LinkedFact::EnteredAt => (Fact::entered(&r.get::<_, String>(1)?), r.get(2)?),
        };
        if let (Some(fact), Some(a)) = (fact, loaded.app(id)) {
            a.facts.set(fact, date);
        }
    }
    Ok(())
}

/// The facts the application's events record, and its office actions with the response that
/// followed each. Event kinds that are no docket fact (published, annuity_paid, abandoned, …)
/// are passed over.
fn event_facts(conn: &Conn, only: Option<ApplicationId>, loaded: &mut Loaded) -> Result<()> {
    let mut stmt = conn.prepare(&format!(
        "SELECT e.application_id, e.kind, e.occurred_on FROM application_event e
         {} ORDER BY e.application_id, e.occurred_on, e.id",
        if only.is_some() {
            "WHERE e.obsolete = 0 AND e.application_id = ?1"
        } else {
            "WHERE e.obsolete = 0 AND ?1 IS NULL"
        }
    ))?;
    let mut rows = stmt.query([only.map(|a| a.0)])?;
    let mut responses: HashMap<i64, Vec<NaiveDate>> = HashMap::new();
    while let Some(r) = rows.next()? {
        let id: i64 = r.get(0)?;
        let kind: String = r.get(1)?;
        let date: NaiveDate = r.get(2)?;
        let Some(a) = loaded.app(id) else {
            continue;
        };
        match Fact::parse(&kind) {
            Some(Fact::OaDispatched) => a.office_actions.push((date, None)),
            Some(Fact::OaResponded) => responses.entry(id).or_default().push(date),
            Some(fact) if LATEST.contains(&fact) => a.facts.set(fact, date),
            Some(fact) => a.facts.set_if_unknown(fact, date),
            None => {}
        }
    }
    for a in loaded.apps.iter_mut() {
        let Some(resp) = responses.get(&a.id.0) else {
            continue;
        };
        let dispatched: Vec<NaiveDate> = a.office_actions.iter().map(|o| o.0).collect();
        for (i, oa) in a.office_actions.iter_mut().enumerate() {
            let next = dispatched.get(i + 1).copied();
            oa.1 = resp
                .iter()
                .copied()
                .find(|r| *r >= oa.0 && next.is_none_or(|n| *r < n));
        }
    }
    Ok(())
}

/// How far up a chain of derived applications the deemed date is looked for (a divisional of a
/// divisional of …); a longer chain is a data error (a loop of parents), cut here.
const MAX_CHAIN: i64 = 32;

/// A derived application — divisional (分割, 特許法44条), converted (変更, 46条) or based on a
/// utility model registration (46条の2) — is deemed filed on its parent's date, and a parent that
/// is itself derived passes on its own deemed date: the first application of the chain gives
/// `parent_filed`. Its priority claims are deemed made in the derived application too (44条4項),
/// so one without claims of its own takes the first application's earliest priority date.
fn deemed_dates(conn: &Conn, only: Option<ApplicationId>, loaded: &mut Loaded) -> Result<()> {
    let mut stmt = conn.prepare(&format!(
        "WITH RECURSIVE up(start, node, depth) AS (
             SELECT a.id, a.parent_id, 1 FROM application a
             WHERE a.parent_id IS NOT NULL AND (CAST(?1 AS BIGINT) IS NULL OR a.id = ?1)
             UNION ALL
             SELECT up.start, p.parent_id, up.depth + 1 FROM up JOIN application p ON p.id = up.node
             WHERE p.parent_id IS NOT NULL AND up.depth < {MAX_CHAIN}
         )
         SELECT u.start, r.filed_on,
                (SELECT MIN(c.filed_on) FROM priority_claim c WHERE c.application_id = r.id)
         FROM up u JOIN application r ON r.id = u.node
         WHERE u.depth = (SELECT MAX(v.depth) FROM up v WHERE v.start = u.start)"
    ))?;
    let mut rows = stmt.query([only.map(|a| a.0)])?;
    while let Some(r) = rows.next()? {
        let id: i64 = r.get(0)?;
        let Some(a) = loaded.app(id) else {
            continue;
        };
        if let Some(root_filed) = r.get::<_, Option<NaiveDate>>(1)? {
            a.facts.set(Fact::ParentFiled, root_filed);
        }
        if let Some(priority) = r.get::<_, Option<NaiveDate>>(2)? {
            a.facts.set_if_unknown(Fact::Priority, priority);
        }
    }
    Ok(())
}

/// The applications whose docket facts depend on `id`'s own fields: itself, the applications
/// derived from it (their deemed filing date), the earlier applications it claims priority from
/// (their priority deadline closes when it is filed) and the PCT application it entered the
/// national phase from (that entry deadline closes). Saving `id` recomputes all of them.
pub fn dependents(conn: &Conn, id: ApplicationId) -> Result<Vec<ApplicationId>> {
    let mut stmt = conn.prepare_cached(&format!(
        "WITH RECURSIVE down(node, depth) AS (
             SELECT CAST(?1 AS BIGINT), 0
             UNION ALL
             SELECT c.id, down.depth + 1 FROM down JOIN application c ON c.parent_id = down.node
             WHERE down.depth < {MAX_CHAIN}
         )
         SELECT node FROM down
         UNION SELECT earlier_application_id FROM priority_claim
               WHERE application_id = ?1 AND earlier_application_id IS NOT NULL
         UNION SELECT pct_id FROM application WHERE id = ?1 AND pct_id IS NOT NULL"
    ))?;
    let ids = stmt
        .query_map([id.0], |r| r.get::<_, i64>(0))?
        .collect::<crate::error::Result<Vec<i64>>>()?;
    Ok(ids.into_iter().map(ApplicationId).collect())
}
