//! Agreement records as stored, exported and shown. `id` is `None` on a record about to be created.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::domain::{
    id_type, vocab, ApplicationId, DisclosureId, FamilyId, OrganisationId, PersonId,
};

id_type!(
    /// An agreement (契約).
    AgreementId,
);

vocab!(
    /// What an agreement is.
    AgreementKind, "agreement.kind" {
        /// 技術移転委託: the institution mandates a TLO to market its inventions.
        TloMandate = "tlo_mandate" ("技術移転委託契約", "TLO mandate"),
        /// 専用実施権 / 独占的通常実施権の許諾.
        LicenceExclusive = "licence_exclusive" ("独占実施許諾契約", "Licence (exclusive)"),
        /// 通常実施権の許諾.
        LicenceNonExclusive = "licence_non_exclusive" ("非独占実施許諾契約", "Licence (non-exclusive)"),
        /// オプション契約: the right to take a licence later.
        Option = "option" ("オプション契約", "Option"),
        /// 譲渡: the right is sold.
        Assignment = "assignment" ("譲渡契約", "Assignment"),
        /// 共同研究契約.
        JointResearch = "joint_research" ("共同研究契約", "Joint research"),
        /// 受託研究契約.
        ContractResearch = "contract_research" ("受託研究契約", "Contract research"),
        /// 秘密保持契約.
        Nda = "nda" ("秘密保持契約", "NDA"),
        /// 研究成果有体物提供契約 (material transfer).
        Mta = "mta" ("研究成果有体物提供契約", "MTA (material transfer)"),
    }
);

impl AgreementKind {
    /// Licences, options and assignments: the agreements that put a patent into practice (実施許諾等).
    pub fn is_licensing(self) -> bool {
        matches!(
            self,
            AgreementKind::LicenceExclusive
                | AgreementKind::LicenceNonExclusive
                | AgreementKind::Option
                | AgreementKind::Assignment
        )
    }
}

vocab!(
    /// Where an agreement is in its life.
    AgreementStatus, "agreement.status" {
        Negotiating = "negotiating" ("交渉中", "Negotiating"), InForce = "in_force" ("有効", "In force"),
        Expired = "expired" ("満了", "Expired"), Terminated = "terminated" ("解約", "Terminated"),
    }
);

vocab!(
    /// What a party is to an agreement.
    PartyRole, "agreement.parties.role" {
        Licensee = "licensee" ("実施権者", "Licensee"), Licensor = "licensor" ("許諾者", "Licensor"),
        Tlo = "tlo" ("TLO", "TLO"), Partner = "partner" ("共同研究先", "Research partner"),
        Sponsor = "sponsor" ("委託者", "Sponsor"), Assignee = "assignee" ("譲受人", "Assignee"),
        Recipient = "recipient" ("受領者", "Recipient"), Provider = "provider" ("提供者", "Provider"),
        Other = "other" ("その他", "Other"),
    }
);

/// A party to an agreement (the institution itself is implicit).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct Party {
    pub organisation_id: OrganisationId,
    pub role: PartyRole,
}

/// What an agreement covers: one application, a whole family, or a disclosure (and so every
/// application that grows from it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case", tag = "entity", content = "id")]
pub enum Link {
    Application(ApplicationId),
    Family(FamilyId),
    Disclosure(DisclosureId),
}

/// A milestone payment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct Milestone {
    pub description: String,
    pub amount_yen: i64,
    #[serde(default)]
    pub due_on: Option<NaiveDate>,
}

/// A recurring reporting obligation (e.g. a royalty report every six months).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct ReportObligation {
    pub what: String,
    pub every_months: u32,
    pub first_due_on: NaiveDate,
}

/// Financial terms. All money is integer yen; the royalty rate is in basis points (300 = 3 %).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct Terms {
    #[serde(default)]
    pub upfront_yen: i64,
    #[serde(default)]
    pub royalty_rate_bp: Option<u32>,
    /// What the running royalty is charged on (e.g. 正味販売価格).
    #[serde(default)]
    pub royalty_base: Option<String>,
    #[serde(default)]
    pub annual_minimum_yen: i64,
    /// Research funding the partner pays (共同研究費・受託研究費).
    #[serde(default)]
    pub funding_yen: i64,
    #[serde(default)]
    pub milestones: Vec<Milestone>,
}

/// An agreement (契約) with its parties, links, terms and obligations.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct Agreement {
    #[serde(default)]
    pub id: Option<AgreementId>,
    pub number: String,
    pub title: String,
    pub kind: AgreementKind,
    pub status: AgreementStatus,
    #[serde(default)]
    pub signed_on: Option<NaiveDate>,
    #[serde(default)]
    pub effective_on: Option<NaiveDate>,
    #[serde(default)]
    pub expires_on: Option<NaiveDate>,
    #[serde(default)]
    pub terminated_on: Option<NaiveDate>,
    /// The term renews itself unless notice is given (自動更新).
    #[serde(default)]
    pub auto_renewal: bool,
    /// Length of each renewal (months); defaults to 12 when auto-renewing.
    #[serde(default)]
    pub renewal_term_months: Option<u32>,
    /// Notice must be given this many days before the end of a term.
    #[serde(default)]
    pub renewal_notice_days: Option<u32>,
    /// Field of use (licences).
    #[serde(default)]
    pub field: Option<String>,
    #[serde(default)]
    pub territory: Option<String>,
    #[serde(default)]
    pub terms: Terms,
    #[serde(default)]
    pub responsible_id: Option<PersonId>,
    #[serde(default)]
    pub notes: Option<String>,
    #[serde(default)]
    pub parties: Vec<Party>,
    #[serde(default)]
    pub links: Vec<Link>,
    #[serde(default)]
    pub reports: Vec<ReportObligation>,
    /// Signed copies and other files, from the content-addressed attachment store
    /// ([`attachments::attach`](crate::attachments::attach) with entity `agreement`). Shown here,
    /// written there: create and update leave them alone.
    #[serde(default, skip_deserializing)]
    pub attachments: Vec<crate::attachments::Attachment>,
}

impl Agreement {
    /// A new agreement under negotiation with nothing recorded but its number, title and kind:
    /// the base a form, an import or a fixture fills in.
    pub fn new(number: impl Into<String>, title: impl Into<String>, kind: AgreementKind) -> Self {
        Agreement {
            id: None,
            number: number.into(),
            title: title.into(),
            kind,
            status: AgreementStatus::Negotiating,
            signed_on: None,
            effective_on: None,
            expires_on: None,
            terminated_on: None,
            auto_renewal: false,
            renewal_term_months: None,
            renewal_notice_days: None,
            field: None,
            territory: None,
            terms: Terms::default(),
            responsible_id: None,
            notes: None,
            parties: Vec::new(),
            links: Vec::new(),
            reports: Vec::new(),
            attachments: Vec::new(),
        }
    }

    /// The day the agreement starts to bind: its effective date, else its signing date.
    pub fn start(&self) -> Option<NaiveDate> {
        self.effective_on.or(self.signed_on)
    }

    /// The last day it binds, as far as known: the termination date, else (when it does not renew
    /// itself) the expiry date; `None` means open-ended.
    pub fn end(&self) -> Option<NaiveDate> {
        match self.terminated_on {
            Some(t) => Some(t),
            None if self.auto_renewal && self.status != AgreementStatus::Expired => None,
            None => self.expires_on,
        }
    }

    /// True when the agreement binds on at least one day of `from..=to` (never while negotiating).
    pub fn in_force_during(&self, from: NaiveDate, to: NaiveDate) -> bool {
        if self.status == AgreementStatus::Negotiating {
            return false;
        }
        let Some(start) = self.start() else {
            return false;
        };
        start <= to && self.end().is_none_or(|e| e >= from)
    }
}

/// One row of the agreement register.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub struct AgreementRow {
    pub id: AgreementId,
    pub number: String,
    pub title: String,
    pub kind: AgreementKind,
    pub status: AgreementStatus,
    pub signed_on: Option<NaiveDate>,
    pub effective_on: Option<NaiveDate>,
    pub expires_on: Option<NaiveDate>,
    pub auto_renewal: bool,
    /// Party names joined with 「・」.
    pub parties: String,
    /// How many applications/families/disclosures it covers.
    pub links: usize,
    /// Income booked against it, all years.
    pub income_yen: i64,
}

/// Filters of the agreement register.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct AgreementQuery {
    #[serde(default)]
    pub kind: Option<AgreementKind>,
    #[serde(default)]
    pub status: Option<AgreementStatus>,
    /// Only agreements with a party of this organisation.
    #[serde(default)]
    pub organisation_id: Option<OrganisationId>,
    /// Only agreements in force on this day.
    #[serde(default)]
    pub in_force_on: Option<NaiveDate>,
}

/// Where an agreement stands on a given day: the register's quick filters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum Standing {
    /// Binds on the day.
    InForce,
    /// In force, and its current term ends within [`EXPIRING_WITHIN_DAYS`] days of the day.
    Expiring,
    /// No longer binds: expired, terminated, or past its end.
    Ended,
}

/// How far ahead [`Standing::Expiring`] looks: a quarter, time enough to negotiate a renewal.
pub const EXPIRING_WITHIN_DAYS: u64 = crate::horizons::QUARTER_DAYS;
