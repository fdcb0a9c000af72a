//! Collaboration activity: the coordinators' work the seed counts (産学官連携コーディネーター) —
//! technical consultations (技術相談), joint research projects (共同研究), start-up support
//! (大学発ベンチャー支援) and seminars. Each record can say what it led to (another activity, e.g. a
//! consultation that became a joint research project, or an agreement).
//!
//! One table for the four kinds: they share date, title, company, researcher and coordinator; the
//! kind-specific fields (period and amount, support type and founders, audience) are optional and
//! checked per kind.

use crate::store::{AuditEntity, Conn, OptionalExtension, Row};
use chrono::NaiveDate;
use rusqlite::params;
use serde::{Deserialize, Serialize};

use crate::agreements::{non_negative, AgreementId};
use crate::domain::{id_type, vocab, OrganisationId, PersonId};
use crate::error::{CoreError, ErrorCode, Failure, Result};
use crate::portfolio::{fiscal_year, validate as pv};
use crate::search;
use crate::store::{Action, Write};

id_type!(
    /// A collaboration activity.
    ActivityId,
);

vocab!(
    /// The kind of collaboration activity.
    ActivityKind, "activity.kind" {
        /// 技術相談.
        Consultation = "consultation" ("技術相談", "Technical consultation"),
        /// 共同研究 (a project, usually under a joint research agreement).
        JointResearch = "joint_research" ("共同研究", "Joint research"),
        /// 大学発ベンチャー支援.
        StartupSupport = "startup_support" ("大学発ベンチャー支援", "Start-up support"),
        /// セミナー・展示会・広報.
        Seminar = "seminar" ("セミナー・展示会", "Seminar / exhibition"),
    }
);

/// A collaboration activity.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct Activity {
    #[serde(default)]
    pub id: Option<ActivityId>,
    pub kind: ActivityKind,
    /// The consultation or seminar date; the start of a project.
    pub started_on: NaiveDate,
    /// The end of a joint research project (None while it runs).
    #[serde(default)]
    pub ended_on: Option<NaiveDate>,
    /// Topic, project title, start-up name or seminar title.
    pub title: String,
    /// The company (partner, consulting company, start-up) when it is a recorded organisation.
    #[serde(default)]
    pub organisation_id: Option<OrganisationId>,
    /// The company's name when it is not (a one-off consultation).
    #[serde(default)]
    pub company_name: Option<String>,
    /// The researcher (PI of a project).
    #[serde(default)]
    pub researcher_id: Option<PersonId>,
    #[serde(default)]
    pub coordinator_id: Option<PersonId>,
    #[serde(default)]
    pub outcome: Option<String>,
    /// Research funds of a joint research project (yen).
    #[serde(default)]
    pub amount_yen: i64,
    /// Seminar audience.
    #[serde(default)]
    pub audience: Option<u32>,
    /// Start-up support: e.g. 起業相談, インキュベーション施設, ライセンス, 出資.
    #[serde(default)]
    pub support_type: Option<String>,
    #[serde(default)]
    pub founders: Option<String>,
    /// The institution took equity (新株予約権・株式).
    #[serde(default)]
    pub equity: bool,
    /// The agreement this activity runs under (a project's joint research agreement).
    #[serde(default)]
    pub agreement_id: Option<AgreementId>,
    #[serde(default)]
    pub led_to_activity_id: Option<ActivityId>,
    #[serde(default)]
    pub led_to_agreement_id: Option<AgreementId>,
}

fn validate(a: &Activity) -> Result<()> {
    pv::text("activity.title", &a.title, pv::MAX_TITLE)?;
    pv::date("activity.started_on", a.started_on)?;
    pv::order(
        ("started_on", Some(a.started_on)),
        ("activity.ended_on", a.ended_on),
    )?;
    pv::optional_text("activity.outcome", &a.outcome, pv::MAX_NOTE)?;
    pv::optional_text("activity.company_name", &a.company_name, 200)?;
    non_negative("activity.amount_yen", a.amount_yen)?;
    match a.kind {
        ActivityKind::JointResearch if a.organisation_id.is_none() => Err(CoreError::invalid(
            "activity.organisation_id",
            "a joint research project needs its partner organisation",
        )),
        ActivityKind::Seminar if a.audience.is_none() => Err(CoreError::invalid(
            "activity.audience",
            "a seminar needs its audience count (0 if unknown)",
        )),
        ActivityKind::Consultation | ActivityKind::Seminar if a.ended_on.is_some() => {
            Err(CoreError::invalid(
                "activity.ended_on",
                "a consultation or seminar is one dated event; only a project has an end date",
            ))
        }
        _ => Ok(()),
    }
}

const COLUMNS: &str =
    "id, kind, started_on, ended_on, title, organisation_id, company_name, researcher_id,
    coordinator_id, outcome, amount_yen, audience, support_type, founders, equity, agreement_id,
    led_to_activity_id, led_to_agreement_id";

fn from_row(r: &Row<'_>) -> crate::error::Result<Activity> {
    Ok(Activity {
        id: r.get(0)?,
        kind: r.get(1)?,
        started_on: r.get(2)?,
        ended_on: r.get(3)?,
        title: r.get(4)?,
        organisation_id: r.get(5)?,
        company_name: r.get(6)?,
        researcher_id: r.get(7)?,
        coordinator_id: r.get(8)?,
        outcome: r.get(9)?,
        amount_yen: r.get(10)?,
        audience: r.get(11)?,
        support_type: r.get(12)?,
        founders: r.get(13)?,
        equity: r.get(14)?,
        agreement_id: r.get(15)?,
        led_to_activity_id: r.get(16)?,
        led_to_agreement_id: r.get(17)?,
    })
}

/// Records an activity.
pub fn create_activity(w: &mut Write<'_>, a: &Activity) -> Result<ActivityId> {
    validate(a)?;
    w.tx()
        .prepare_cached(&format!(
            "INSERT INTO activity ({COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18)"
        ))?
        .execute(params![
            a.id, a.kind, a.started_on, a.ended_on, a.title, a.organisation_id, a.company_name, a.researcher_id,
            a.coordinator_id, a.outcome, a.amount_yen, a.audience, a.support_type, a.founders, a.equity,
            a.agreement_id, a.led_to_activity_id, a.led_to_agreement_id
        ])
        .map_err(|e| match e {
            err if err.code() == ErrorCode::Conflict => CoreError::invalid(
                "activity",
                "a linked organisation, person, agreement or activity does not exist",
            ),
            err => err,
        })?;
    let id = ActivityId(w.tx().last_insert_rowid());
    let text = format!(
        "{} {} {}",
        a.title,
        a.company_name.as_deref().unwrap_or(""),
        a.outcome.as_deref().unwrap_or("")
    );
    search::put(w, "activity", id.0, Some(&text))?;
    w.audit(
        AuditEntity::Activity,
        id,
        Action::Create,
        None::<&()>,
        Some(&Activity {
            id: Some(id),
            ..a.clone()
        }),
    )?;
    Ok(id)
}

/// Records what an activity led to (a later project or an agreement).
pub fn set_led_to(
    w: &mut Write<'_>,
    id: ActivityId,
    activity: Option<ActivityId>,
    agreement: Option<AgreementId>,
) -> Result<()> {
    let before = get_activity(w.tx(), id)?;
    w.tx().execute(
        "UPDATE activity SET led_to_activity_id = ?2, led_to_agreement_id = ?3 WHERE id = ?1",
        params![id, activity, agreement],
    )?;
    let after = Activity {
        led_to_activity_id: activity,
        led_to_agreement_id: agreement,
        ..before.clone()
    };
    w.audit(
        AuditEntity::Activity,
        id,
        Action::Update,
        Some(&before),
        Some(&after),
    )
}

/// One activity.
pub fn get_activity(conn: &Conn, id: ActivityId) -> Result<Activity> {
    conn.prepare_cached(&format!("SELECT {COLUMNS} FROM activity WHERE id = ?1"))?
        .query_row([id], from_row)
        .optional()?
        .ok_or_else(|| CoreError::not_found("activity", id))
}

/// Activities of `kind` (all kinds when `None`) that took place, or ran, during fiscal year `fy`
/// (all years when `None`), in date order.
pub fn list(conn: &Conn, kind: Option<ActivityKind>, fy: Option<i32>) -> Result<Vec<Activity>> {
    let rows = conn
        .prepare_cached(&format!(
            "SELECT {COLUMNS} FROM activity ORDER BY started_on, id"
        ))?
        .query_map([], from_row)?
        .collect::<crate::error::Result<Vec<_>>>()?;
    Ok(rows
        .into_iter()
        .filter(|a| kind.is_none_or(|k| k == a.kind))
        .filter(|a| fy.is_none_or(|fy| runs_in(a, fy)))
        .collect())
}

/// Every activity in id order (export).
pub fn list_all(conn: &Conn) -> Result<Vec<Activity>> {
    let rows = conn
        .prepare(&format!("SELECT {COLUMNS} FROM activity ORDER BY id"))?
        .query_map([], from_row)?
        .collect::<crate::error::Result<Vec<_>>>()?;
    Ok(rows)
}

/// True when `a` took place in fiscal year `fy` or, for a project, ran on any day of it.
pub fn runs_in(a: &Activity, fy: i32) -> bool {
    let start_fy = fiscal_year(a.started_on);
    match a.kind {
        ActivityKind::JointResearch => {
            start_fy <= fy && a.ended_on.is_none_or(|e| fiscal_year(e) >= fy)
        }
        _ => start_fy == fy,
    }
}
