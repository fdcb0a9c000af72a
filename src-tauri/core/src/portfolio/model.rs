//! Portfolio records as they are stored, exported to JSON and shown. `id` is `None` on a record that
//! is about to be created; every other field means the same in the database, the JSON export and the
//! UI. Shares are basis points (10000 = 100 %) so that sums are exact.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::domain::*;

/// The institution that owns this database (one per database).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct Institution {
    pub name: String,
    #[serde(default)]
    pub name_en: Option<String>,
    #[serde(default)]
    pub vice_president: Option<String>,
}

/// An inventor, staff member or outside expert.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct Person {
    #[serde(default)]
    pub id: Option<PersonId>,
    pub name: String,
    #[serde(default)]
    pub name_kana: Option<String>,
    pub role: PersonRole,
    #[serde(default)]
    pub department: Option<String>,
    /// A member of the institution (true) or an outside person (false).
    #[serde(default = "yes")]
    pub internal: bool,
    #[serde(default)]
    pub email: Option<String>,
}

/// A company, TLO, patent firm, funding agency, university…
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct Organisation {
    #[serde(default)]
    pub id: Option<OrganisationId>,
    pub name: String,
    pub kind: OrganisationKind,
    #[serde(default = "jp")]
    pub country: String,
}

/// One inventor's share of an invention.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct InventorShare {
    pub person_id: PersonId,
    /// Basis points: 10000 = 100 %.
    pub share_bp: u32,
}

/// A co-applicant (共同出願人) and its share of the right.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct CoApplicant {
    pub organisation_id: OrganisationId,
    /// Basis points: 10000 = 100 %.
    pub share_bp: u32,
}

/// A priority claim: the earlier application it rests on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct PriorityClaim {
    /// The earlier application when it is in this portfolio.
    #[serde(default)]
    pub earlier_application_id: Option<ApplicationId>,
    pub office: Office,
    pub number: String,
    pub filed_on: NaiveDate,
}

/// An invention disclosure (発明届出) and the succession decision on it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct Disclosure {
    #[serde(default)]
    pub id: Option<DisclosureId>,
    pub number: String,
    pub title: String,
    pub received_on: NaiveDate,
    #[serde(default)]
    pub funding_source: Option<String>,
    /// Government-funded research: 日本版バイ・ドール (産業技術力強化法17条) reporting applies.
    #[serde(default)]
    pub government_funded: bool,
    #[serde(default)]
    pub evaluation: Option<String>,
    #[serde(default = "pending")]
    pub succession: Succession,
    #[serde(default)]
    pub succession_on: Option<NaiveDate>,
    #[serde(default)]
    pub succession_reason: Option<String>,
    #[serde(default = "yes")]
    pub confidential: bool,
    #[serde(default)]
    pub inventors: Vec<InventorShare>,
}

/// A patent family: the applications that protect one invention in several offices.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct Family {
    #[serde(default)]
    pub id: Option<FamilyId>,
    pub reference: String,
    pub title: String,
    #[serde(default)]
    pub disclosure_id: Option<DisclosureId>,
}

/// One application or right at one office.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct Application {
    #[serde(default)]
    pub id: Option<ApplicationId>,
    pub family_id: FamilyId,
    /// The office's own reference (整理番号), unique.
    pub reference: String,
    pub office: Office,
    pub right_type: RightType,
    #[serde(default = "direct")]
    pub route: Route,
    pub title: String,
    /// Normalised number (see `numbers`); derived from `application_number_raw` on write.
    #[serde(default)]
    pub application_number: Option<String>,
    /// The number exactly as it was typed or imported.
    #[serde(default)]
    pub application_number_raw: Option<String>,
    #[serde(default)]
    pub filed_on: Option<NaiveDate>,
    /// The parent of a divisional application.
    #[serde(default)]
    pub parent_id: Option<ApplicationId>,
    /// The PCT application a national phase entered from.
    #[serde(default)]
    pub pct_id: Option<ApplicationId>,
    #[serde(default)]
    pub publication_number: Option<String>,
    #[serde(default)]
    pub published_on: Option<NaiveDate>,
    #[serde(default)]
    pub exam_requested_on: Option<NaiveDate>,
    #[serde(default)]
    pub registration_number: Option<String>,
    #[serde(default)]
    pub registered_on: Option<NaiveDate>,
    pub status: Status,
    #[serde(default = "domestic")]
    pub applicant_residence: Residence,
    #[serde(default)]
    pub responsible_id: Option<PersonId>,
    #[serde(default)]
    pub patent_firm_id: Option<OrganisationId>,
    /// Annuities are paid up to and including this year of the right.
    #[serde(default)]
    pub annuities_paid_to: Option<u32>,
    #[serde(default)]
    pub notes: Option<String>,
    #[serde(default)]
    pub inventors: Vec<InventorShare>,
    #[serde(default)]
    pub co_applicants: Vec<CoApplicant>,
    #[serde(default)]
    pub priority_claims: Vec<PriorityClaim>,
}

/// A dated event on an application.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct Event {
    #[serde(default)]
    pub id: Option<EventId>,
    pub application_id: ApplicationId,
    pub kind: EventKind,
    pub occurred_on: NaiveDate,
    #[serde(default)]
    pub note: Option<String>,
}

/// A cost ledger entry, counted in the fiscal year (年度) of `incurred_on`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct Cost {
    #[serde(default)]
    pub id: Option<CostId>,
    #[serde(default)]
    pub application_id: Option<ApplicationId>,
    pub incurred_on: NaiveDate,
    pub category: CostCategory,
    pub amount_yen: i64,
    #[serde(default)]
    pub vendor_id: Option<OrganisationId>,
    #[serde(default)]
    pub note: Option<String>,
}

fn yes() -> bool {
    true
}
fn jp() -> String {
    "JP".to_owned()
}
fn pending() -> Succession {
    Succession::Pending
}
fn direct() -> Route {
    Route::Direct
}
fn domestic() -> Residence {
    Residence::Domestic
}
