//! Inventor compensation (職務発明の相当の利益, 特許法35条4項) from the institution's rule, stored as
//! data ([`CompensationRule`]): the rule in effect for fiscal year FY is the one with the latest
//! `effective_from` on or before 1 April FY.
//!
//! The computation for FY, per invention (disclosure):
//! 1. IP income of FY ([`IncomeCategory::is_ip`]) is attributed to the disclosures its agreement
//!    covers — linked directly, through a family's disclosure, or through an application's family —
//!    split equally between them (the odd yen to the lowest disclosure id). Income under an agreement
//!    that covers no disclosure is reported as unattributed.
//! 2. Net income = attributed income − (when the rule deducts costs) the FY's cost-ledger entries on
//!    the applications of that disclosure's families, floored at zero.
//! 3. The inventors' pool is taken from the net income tier by tier (marginal, like a tax bracket):
//!    each tier's slice × its `inventors_bp`, each product floored to the yen.
//! 4. The pool is split by the disclosure's inventor shares, each floored; the yen left over go one
//!    each to the inventors in their listed order, so the parts add up to the pool exactly.
//!
//! Each inventor's total for FY can be marked paid; the paid amount is frozen in
//! `compensation_payment` and shown beside the current computation.

use std::collections::{BTreeMap, BTreeSet};

use crate::store::{AuditEntity, Conn, OptionalExtension};
use chrono::NaiveDate;
use rusqlite::params;
use serde::{Deserialize, Serialize};

use super::IncomeCategory;
use crate::domain::{id_type, DisclosureId, PersonId};
use crate::error::{CoreError, ErrorCode, Failure, Result};
use crate::portfolio::validate as pv;
use crate::store::{Action, Write};

id_type!(
    /// A compensation rule.
    CompensationRuleId,
);

/// One bracket of net income and how it is shared. Shares are basis points summing to 10000.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct Tier {
    /// Upper bound of the bracket (cumulative net income, yen); `None` for the last, open bracket.
    #[serde(default)]
    pub up_to_yen: Option<i64>,
    pub inventors_bp: u32,
    pub department_bp: u32,
    pub institution_bp: u32,
}

/// The 職務発明規程's sharing rule.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct CompensationRule {
    #[serde(default)]
    pub id: Option<CompensationRuleId>,
    pub name: String,
    pub effective_from: NaiveDate,
    /// Deduct the FY's patent costs of an invention from its income before sharing.
    #[serde(default)]
    pub deduct_costs: bool,
    /// The 職務発明規程 this rule comes from.
    #[serde(default)]
    pub policy_document_id: Option<crate::policies::PolicyDocumentId>,
    pub tiers: Vec<Tier>,
}

fn validate(r: &CompensationRule) -> Result<()> {
    pv::text("compensation_rule.name", &r.name, 200)?;
    pv::date("compensation_rule.effective_from", r.effective_from)?;
    if r.tiers.is_empty() {
        return Err(CoreError::invalid(
            "compensation_rule.tiers",
            "give at least one tier",
        ));
    }
    let mut previous = 0_i64;
    for (i, t) in r.tiers.iter().enumerate() {
        let field = format!("compensation_rule.tiers[{i}]");
        let sum = t.inventors_bp + t.department_bp + t.institution_bp;
        if sum != 10_000 {
            return Err(CoreError::invalid(
                field,
                format!(
                    "the inventors', department's and institution's shares add up to {}; they must add up to exactly 100 %",
                    pv::percent(sum)
                ),
            ));
        }
        let last = i + 1 == r.tiers.len();
        match (t.up_to_yen, last) {
            (None, true) => {}
            (None, false) => {
                return Err(CoreError::invalid(
                    field,
                    "only the last tier may be open-ended (no up_to_yen)",
                ))
            }
            (Some(_), true) => {
                return Err(CoreError::invalid(
                    field,
                    "the last tier must be open-ended (leave up_to_yen empty)",
                ))
            }
            (Some(u), false) if u <= previous => {
                return Err(CoreError::invalid(
                    field,
                    format!("up_to_yen ¥{u} must be above the previous tier's ¥{previous}"),
                ))
            }
            (Some(u), false) => previous = u,
        }
    }
    Ok(())
}

/// Stores a rule with its tiers.
pub fn create_rule(w: &mut Write<'_>, r: &CompensationRule) -> Result<CompensationRuleId> {
    validate(r)?;
    w.tx()
        .prepare_cached(
            "INSERT INTO compensation_rule (id, name, effective_from, deduct_costs, policy_document_id) VALUES (?1, ?2, ?3, ?4, ?5)",
        )?
        .execute(params![r.id, r.name, r.effective_from, r.deduct_costs, r.policy_document_id])
        .map_err(|e| match e {
            err if err.code() == ErrorCode::Conflict => CoreError::Conflict(format!(
                "a compensation rule already takes effect on {}, or its policy document does not exist",
                r.effective_from
            )),
            err => err,
        })?;
    let id = CompensationRuleId(w.tx().last_insert_rowid());
    for (pos, t) in r.tiers.iter().enumerate() {
        w.tx()
            .prepare_cached(
                "INSERT INTO compensation_tier (rule_id, position, up_to_yen, inventors_bp, department_bp, institution_bp)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?
            .execute(params![id, pos as i64, t.up_to_yen, t.inventors_bp, t.department_bp, t.institution_bp])?;
    }
    w.audit(
        AuditEntity::CompensationRule,
        id,
        Action::Create,
        None::<&()>,
        Some(&CompensationRule {
            id: Some(id),
            ..r.clone()
        }),
    )?;
    Ok(id)
}

fn tiers(conn: &Conn, id: CompensationRuleId) -> Result<Vec<Tier>> {
    let mut stmt = conn.prepare_cached(
        "SELECT up_to_yen, inventors_bp, department_bp, institution_bp FROM compensation_tier WHERE rule_id = ?1 ORDER BY position",
    )?;
    let rows = stmt.query_map([id], |r| {
        Ok(Tier {
            up_to_yen: r.get(0)?,
            inventors_bp: r.get(1)?,
            department_bp: r.get(2)?,
            institution_bp: r.get(3)?,
        })
    })?;
    rows.collect::<crate::error::Result<_>>()
}

/// Every rule, oldest first.
pub fn list_rules(conn: &Conn) -> Result<Vec<CompensationRule>> {
    let mut rules = conn
        .prepare("SELECT id, name, effective_from, deduct_costs, policy_document_id FROM compensation_rule ORDER BY id")?
        .query_map([], |r| {
            Ok(CompensationRule {
                id: r.get(0)?,
                name: r.get(1)?,
                effective_from: r.get(2)?,
                deduct_costs: r.get(3)?,
                policy_document_id: r.get(4)?,
                tiers: Vec::new(),
            })
        })?
        .collect::<crate::error::Result<Vec<_>>>()?;
    for r in &mut rules {
        if let Some(id) = r.id {
            r.tiers = tiers(conn, id)?;
        }
    }
    Ok(rules)
}

/// The rule in effect for fiscal year `fy`.
pub fn rule_for(conn: &Conn, fy: i32) -> Result<Option<CompensationRule>> {
    let start = fy_start(fy)?;
    Ok(list_rules(conn)?
        .into_iter()
        .filter(|r| r.effective_from <= start)
        .max_by_key(|r| r.effective_from))
}

fn fy_start(fy: i32) -> Result<NaiveDate> {
    NaiveDate::from_ymd_opt(fy, 4, 1)
        .ok_or_else(|| CoreError::invalid("fiscal_year", format!("{fy} is not a fiscal year")))
}

/// The inventors' pool from `net` under `tiers` (marginal brackets, each slice floored).
pub fn inventors_pool(net: i64, tiers: &[Tier]) -> i64 {
    let mut pool: i128 = 0;
    let mut lower = 0_i64;
    for t in tiers {
        let upper = t.up_to_yen.unwrap_or(i64::MAX).min(net.max(0));
        if upper > lower {
            pool += i128::from(upper - lower) * i128::from(t.inventors_bp) / 10_000;
        }
        lower = lower.max(upper);
        if t.up_to_yen.is_none_or(|u| u >= net) {
            break;
        }
    }
    i64::try_from(pool).unwrap_or(i64::MAX)
}

/// Splits `pool` by inventor shares (basis points, listed order): floors, then the remaining yen one
/// each in listed order.
pub fn split(pool: i64, shares: &[(PersonId, u32)]) -> Vec<(PersonId, i64)> {
    let mut parts: Vec<(PersonId, i64)> = shares
        .iter()
        .map(|(p, bp)| (*p, (i128::from(pool) * i128::from(*bp) / 10_000) as i64))
        .collect();
    let mut left = pool - parts.iter().map(|(_, a)| a).sum::<i64>();
    for part in parts.iter_mut() {
        if left <= 0 {
            break;
        }
        part.1 += 1;
        left -= 1;
    }
    parts
}

/// One invention's line of the distribution.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub struct InventionLine {
    pub disclosure_id: DisclosureId,
    pub number: String,
    pub title: String,
    pub income_yen: i64,
    pub cost_yen: i64,
    pub net_yen: i64,
    pub inventors_pool_yen: i64,
}

/// One inventor's total for the year.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub struct InventorLine {
    pub person_id: PersonId,
    pub name: String,
    pub amount_yen: i64,
    /// When this year's compensation was marked paid, and the amount then frozen.
    pub paid_on: Option<NaiveDate>,
    pub paid_yen: Option<i64>,
}

/// The computed distribution of one fiscal year.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub struct Distribution {
    pub fiscal_year: i32,
    pub rule: Option<CompensationRule>,
    pub inventions: Vec<InventionLine>,
    pub inventors: Vec<InventorLine>,
    /// IP income under agreements that cover no disclosure (nothing to share it by).
    pub unattributed_yen: i64,
    pub total_yen: i64,
}

/// Computes the distribution of fiscal year `fy` (a read: nothing is written).
pub fn compute(conn: &Conn, fy: i32) -> Result<Distribution> {
    let rule = rule_for(conn, fy)?;
    let mut income_by_disclosure: BTreeMap<DisclosureId, i64> = BTreeMap::new();
    let mut unattributed = 0_i64;
    let mut stmt = conn.prepare_cached(
        "SELECT agreement_id, category, amount_yen FROM income WHERE fiscal_year = ?1 ORDER BY id",
    )?;
    let incomes = stmt
        .query_map([fy], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, IncomeCategory>(1)?,
                r.get::<_, i64>(2)?,
            ))
        })?
        .collect::<crate::error::Result<Vec<_>>>()?;
    for (agreement, category, amount) in incomes {
        if !category.is_ip() {
            continue;
        }
        let disclosures = covered_disclosures(conn, agreement)?;
        if disclosures.is_empty() {
            unattributed += amount;
            continue;
        }
        let n = disclosures.len() as i64;
        for (i, d) in disclosures.iter().enumerate() {
            let part = amount / n + i64::from((i as i64) < amount % n);
            *income_by_disclosure.entry(*d).or_default() += part;
        }
    }
    let mut inventions = Vec::new();
    let mut per_person: BTreeMap<PersonId, i64> = BTreeMap::new();
    for (d, income) in income_by_disclosure {
        let cost = match &rule {
            Some(r) if r.deduct_costs => conn.query_row(
                "SELECT coalesce(sum(c.amount_yen), 0) FROM cost c JOIN application a ON a.id = c.application_id
                 JOIN family f ON f.id = a.family_id WHERE f.disclosure_id = ?1 AND c.fiscal_year = ?2",
                params![d, fy],
                |r| r.get(0),
            )?,
            _ => 0,
        };
        let net = (income - cost).max(0);
        let pool = rule
            .as_ref()
            .map(|r| inventors_pool(net, &r.tiers))
            .unwrap_or(0);
        let (number, title): (String, String) = conn.query_row(
            "SELECT number, title FROM disclosure WHERE id = ?1",
            [d],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        let shares = conn
            .prepare_cached("SELECT person_id, share_bp FROM disclosure_inventor WHERE disclosure_id = ?1 ORDER BY position")?
            .query_map([d], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<crate::error::Result<Vec<(PersonId, u32)>>>()?;
        for (p, amount) in split(pool, &shares) {
            *per_person.entry(p).or_default() += amount;
        }
        inventions.push(InventionLine {
            disclosure_id: d,
            number,
            title,
            income_yen: income,
            cost_yen: cost,
            net_yen: net,
            inventors_pool_yen: pool,
        });
    }
    let mut inventors = Vec::new();
    for (p, amount) in per_person {
        let name: String =
            conn.query_row("SELECT name FROM person WHERE id = ?1", [p], |r| r.get(0))?;
        let paid: Option<(NaiveDate, i64)> = conn
            .query_row(
                "SELECT paid_on, amount_yen FROM compensation_payment WHERE fiscal_year = ?1 AND person_id = ?2",
                params![fy, p],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        inventors.push(InventorLine {
            person_id: p,
            name,
            amount_yen: amount,
            paid_on: paid.map(|x| x.0),
            paid_yen: paid.map(|x| x.1),
        });
    }
    let total_yen = inventors.iter().map(|i| i.amount_yen).sum();
    Ok(Distribution {
        fiscal_year: fy,
        rule,
        inventions,
        inventors,
        unattributed_yen: unattributed,
        total_yen,
    })
}

/// The disclosures an agreement covers (directly, via families, via applications), ascending.
fn covered_disclosures(conn: &Conn, agreement: i64) -> Result<Vec<DisclosureId>> {
    let mut stmt = conn.prepare_cached(
        "SELECT l.disclosure_id FROM agreement_link l WHERE l.agreement_id = ?1 AND l.disclosure_id IS NOT NULL
         UNION SELECT f.disclosure_id FROM agreement_link l JOIN family f ON f.id = l.family_id
               WHERE l.agreement_id = ?1 AND f.disclosure_id IS NOT NULL
         UNION SELECT f.disclosure_id FROM agreement_link l JOIN application a ON a.id = l.application_id
               JOIN family f ON f.id = a.family_id WHERE l.agreement_id = ?1 AND f.disclosure_id IS NOT NULL",
    )?;
    let set: BTreeSet<DisclosureId> = stmt
        .query_map([agreement], |r| r.get(0))?
        .collect::<crate::error::Result<_>>()?;
    Ok(set.into_iter().collect())
}

/// A payment as recorded.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct Payment {
    pub fiscal_year: i32,
    pub person_id: PersonId,
    pub amount_yen: i64,
    pub paid_on: NaiveDate,
    #[serde(default)]
    pub note: Option<String>,
}

/// Marks inventor `person`'s compensation for `fy` paid on `paid_on`, freezing the amount computed
/// now. Refused when nothing is due or it was already marked paid.
pub fn mark_paid(
    w: &mut Write<'_>,
    fy: i32,
    person: PersonId,
    paid_on: NaiveDate,
) -> Result<Payment> {
    let dist = compute(w.tx(), fy)?;
    let line = dist
        .inventors
        .iter()
        .find(|l| l.person_id == person)
        .ok_or_else(|| {
            CoreError::invalid(
                "person",
                format!("person {person} has no compensation in FY{fy}"),
            )
        })?;
    if let Some(on) = line.paid_on {
        return Err(CoreError::Conflict(format!(
            "{}'s FY{fy} compensation was already marked paid on {on}",
            line.name
        )));
    }
    let p = Payment {
        fiscal_year: fy,
        person_id: person,
        amount_yen: line.amount_yen,
        paid_on,
        note: None,
    };
    record_payment(w, &p)?;
    Ok(p)
}

/// Inserts a payment as it is (mark_paid and import).
pub fn record_payment(w: &mut Write<'_>, p: &Payment) -> Result<()> {
    crate::agreements::non_negative("payment.amount_yen", p.amount_yen)?;
    w.tx()
        .prepare_cached(
            "INSERT INTO compensation_payment (fiscal_year, person_id, amount_yen, paid_on, note) VALUES (?1, ?2, ?3, ?4, ?5)",
        )?
        .execute(params![p.fiscal_year, p.person_id, p.amount_yen, p.paid_on, p.note])?;
    w.audit(
        AuditEntity::CompensationPayment,
        format!("{}:{}", p.fiscal_year, p.person_id),
        Action::Create,
        None::<&()>,
        Some(p),
    )
}

/// Every recorded payment (export).
pub fn list_payments(conn: &Conn) -> Result<Vec<Payment>> {
    let mut stmt = conn.prepare(
        "SELECT fiscal_year, person_id, amount_yen, paid_on, note FROM compensation_payment ORDER BY fiscal_year, person_id",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok(Payment {
            fiscal_year: r.get(0)?,
            person_id: r.get(1)?,
            amount_yen: r.get(2)?,
            paid_on: r.get(3)?,
            note: r.get(4)?,
        })
    })?;
    rows.collect::<crate::error::Result<_>>()
}

#[cfg(test)]
mod tests {
    use rstest::rstest;

    use super::*;

    fn tier(up_to: Option<i64>, inventors_bp: u32) -> Tier {
        let rest = 10_000 - inventors_bp;
        Tier {
            up_to_yen: up_to,
            inventors_bp,
            department_bp: rest / 2,
            institution_bp: rest - rest / 2,
        }
    }

    #[rstest]
    #[case(0, 0, "nothing to share")]
    #[case(999_999, 499_999, "half of ¥999,999, floored")]
    #[case(1_000_000, 500_000, "the whole first bracket at 50 %")]
    #[case(1_000_001, 500_000, "30 % of the one yen above is floored to 0")]
    #[case(10_000_000, 3_200_000, "500,000 + 9,000,000 × 30 %")]
    #[case(12_000_000, 3_600_000, "3,200,000 + 2,000,000 × 20 %")]
    fn tiers_are_marginal_brackets(#[case] net: i64, #[case] pool: i64, #[case] why: &str) {
        let tiers = [
            tier(Some(1_000_000), 5000),
            tier(Some(10_000_000), 3000),
            tier(None, 2000),
        ];
        assert_eq!(inventors_pool(net, &tiers), pool, "{why}");
    }

    #[rstest]
    #[case(vec![tier(Some(5), 5000), tier(Some(5), 3000), tier(None, 2000)], "compensation_rule.tiers[1]")]
    #[case(vec![tier(None, 5000), tier(None, 3000)], "compensation_rule.tiers[0]")]
    #[case(vec![tier(Some(5), 5000)], "compensation_rule.tiers[0]")]
    #[case(vec![], "compensation_rule.tiers")]
    fn malformed_tiers_are_refused(#[case] tiers: Vec<Tier>, #[case] field: &str) {
        let rule = CompensationRule {
            id: None,
            name: "r".into(),
            effective_from: NaiveDate::from_ymd_opt(2020, 4, 1).unwrap(),
            deduct_costs: true,
            policy_document_id: None,
            tiers,
        };
        match validate(&rule) {
            Err(CoreError::Validation { field: got, .. }) => assert_eq!(got, field),
            other => panic!("expected a validation error on {field}, got {other:?}"),
        }
    }
}
