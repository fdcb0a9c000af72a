//! Money the headquarters brings in: income (licence fees, running royalties, milestones, assignment
//! proceeds, option fees, joint- and contract-research funds), each dated, linked to the agreement it
//! is paid under and counted in the fiscal year (年度, April–March) of its date. Expenses are the
//! portfolio's cost ledger. Inventor compensation (職務発明の相当の利益) is in [`compensation`].
//!
//! Amounts are integer yen and strictly positive: a refund or correction is its own record in the
//! cost ledger, never a negative income.

pub mod compensation;

use crate::store::{AuditEntity, Conn, OptionalExtension};
use chrono::NaiveDate;
use rusqlite::params;
use serde::{Deserialize, Serialize};

use crate::agreements::{AgreementId, AgreementKind};
use crate::domain::{id_type, vocab};
use crate::error::{CoreError, Result};
use crate::portfolio::{fiscal_year, validate as pv};
use crate::store::{Action, Write};

id_type!(
    /// An income entry.
    IncomeId,
);

vocab!(
    /// What an income was.
    IncomeCategory, "income.category" {
        /// 一時金・契約一時金.
        LicenceFee = "licence_fee" ("一時金", "Licence fee"),
        /// ランニングロイヤルティ.
        RunningRoyalty = "running_royalty" ("ランニングロイヤルティ", "Running royalty"),
        Milestone = "milestone" ("マイルストーン", "Milestone"),
        /// 譲渡対価.
        Assignment = "assignment" ("譲渡対価", "Assignment proceeds"),
        OptionFee = "option_fee" ("オプション料", "Option fee"),
        /// 共同研究費.
        JointResearch = "joint_research" ("共同研究費", "Joint research funds"),
        /// 受託研究費.
        ContractResearch = "contract_research" ("受託研究費", "Contract research funds"),
        Other = "other" ("その他", "Other"),
    }
);

impl IncomeCategory {
    /// Income from exploiting IP (実施料等収入): what the KPIs call licence income and what inventor
    /// compensation is shared from. Research funds are not.
    pub fn is_ip(self) -> bool {
        matches!(
            self,
            IncomeCategory::LicenceFee
                | IncomeCategory::RunningRoyalty
                | IncomeCategory::Milestone
                | IncomeCategory::Assignment
                | IncomeCategory::OptionFee
        )
    }
}

/// One income entry.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct Income {
    #[serde(default)]
    pub id: Option<IncomeId>,
    pub agreement_id: AgreementId,
    pub received_on: NaiveDate,
    pub category: IncomeCategory,
    pub amount_yen: i64,
    #[serde(default)]
    pub note: Option<String>,
}

/// An income entry as listed, with its fiscal year and agreement.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub struct IncomeRow {
    pub id: IncomeId,
    pub received_on: NaiveDate,
    pub fiscal_year: i32,
    pub category: IncomeCategory,
    pub amount_yen: i64,
    pub agreement_id: AgreementId,
    pub agreement_number: String,
    pub agreement_kind: AgreementKind,
    pub note: Option<String>,
}

/// Books an income entry; its fiscal year follows from its date.
pub fn create_income(w: &mut Write<'_>, i: &Income) -> Result<IncomeId> {
    pv::date("income.received_on", i.received_on)?;
    pv::optional_text("income.note", &i.note, pv::MAX_NOTE)?;
    if i.amount_yen <= 0 {
        return Err(CoreError::invalid(
            "income.amount_yen",
            format!(
                "¥{} is not a positive amount; a refund or correction is booked in the cost ledger",
                i.amount_yen
            ),
        ));
    }
    let exists: Option<i64> = w
        .tx()
        .query_row(
            "SELECT id FROM agreement WHERE id = ?1",
            [i.agreement_id],
            |r| r.get(0),
        )
        .optional()?;
    if exists.is_none() {
        return Err(CoreError::invalid(
            "income.agreement_id",
            format!(
                "agreement {} does not exist; income is booked against its agreement",
                i.agreement_id
            ),
        ));
    }
    w.tx()
        .prepare_cached(
            "INSERT INTO income (id, agreement_id, received_on, fiscal_year, category, amount_yen, note)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        )?
        .execute(params![i.id, i.agreement_id, i.received_on, fiscal_year(i.received_on), i.category, i.amount_yen, i.note])?;
    let id = IncomeId(w.tx().last_insert_rowid());
    w.audit(
        AuditEntity::Income,
        id,
        Action::Create,
        None::<&()>,
        Some(&Income {
            id: Some(id),
            ..i.clone()
        }),
    )?;
    Ok(id)
}

/// Income entries of fiscal year `fy` (all years when `None`), by date.
pub fn list_income(conn: &Conn, fy: Option<i32>) -> Result<Vec<IncomeRow>> {
    let mut stmt = conn.prepare_cached(
        "SELECT i.id, i.received_on, i.fiscal_year, i.category, i.amount_yen, i.agreement_id, a.number, a.kind, i.note
         FROM income i JOIN agreement a ON a.id = i.agreement_id
         WHERE CAST(?1 AS BIGINT) IS NULL OR i.fiscal_year = ?1 ORDER BY i.received_on, i.id",
    )?;
    let rows = stmt.query_map(params![fy], |r| {
        Ok(IncomeRow {
            id: r.get(0)?,
            received_on: r.get(1)?,
            fiscal_year: r.get(2)?,
            category: r.get(3)?,
            amount_yen: r.get(4)?,
            agreement_id: r.get(5)?,
            agreement_number: r.get(6)?,
            agreement_kind: r.get(7)?,
            note: r.get(8)?,
        })
    })?;
    rows.collect::<crate::error::Result<_>>()
}

/// Every income entry in id order (export).
pub fn list_all_income(conn: &Conn) -> Result<Vec<Income>> {
    let mut stmt = conn.prepare(
        "SELECT id, agreement_id, received_on, category, amount_yen, note FROM income ORDER BY id",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok(Income {
            id: r.get(0)?,
            agreement_id: r.get(1)?,
            received_on: r.get(2)?,
            category: r.get(3)?,
            amount_yen: r.get(4)?,
            note: r.get(5)?,
        })
    })?;
    rows.collect::<crate::error::Result<_>>()
}
