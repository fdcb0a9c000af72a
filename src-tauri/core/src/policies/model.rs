//! Policy documents and their versions as stored, exported and shown.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::domain::{id_type, vocab};

id_type!(
    /// A policy document (規程・ポリシー), across all its versions.
    PolicyDocumentId,
    /// One version of a policy document.
    PolicyVersionId,
);

vocab!(
    /// What a policy document is.
    PolicyKind, "policy_document.kind" {
        /// 知的財産ポリシー.
        IpPolicy = "ip_policy" ("知的財産ポリシー", "IP policy"),
        /// 職務発明規程 (特許法35条).
        EmployeeInvention = "employee_invention" ("職務発明規程", "Employee invention rules"),
        /// 利益相反ポリシー.
        ConflictOfInterest = "conflict_of_interest" ("利益相反ポリシー", "Conflict of interest policy"),
        /// 秘密保持規程.
        Confidentiality = "confidentiality" ("秘密保持規程", "Confidentiality rules"),
        /// 共同研究取扱規程.
        JointResearch = "joint_research" ("共同研究取扱規程", "Joint research rules"),
        /// 契約書ひな形.
        ModelAgreement = "model_agreement" ("契約書ひな形", "Model agreement"),
        Other = "other" ("その他", "Other"),
    }
);

vocab!(
    /// Where a version stands on a given date.
    VersionState, "policy_version.state" {
        /// Not approved yet.
        Draft = "draft" ("案（未承認）", "Draft"),
        /// Approved only after the date asked about (on that date it was not even decided).
        Later = "later" ("未承認（当時）", "Not yet approved then"),
        /// Approved, taking effect later.
        Approved = "approved" ("承認済・施行前", "Approved, not yet effective"),
        InForce = "in_force" ("施行中", "In force"),
        Superseded = "superseded" ("旧版", "Superseded"),
    }
);

/// One version of a policy document. A version is in force from `effective_on` until the next
/// approved version's `effective_on` (kept in `superseded_on`, which the write path maintains).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct PolicyVersion {
    #[serde(default)]
    pub id: Option<PolicyVersionId>,
    /// e.g. "1.0", "第3版".
    pub version: String,
    /// e.g. 役員会, 教育研究評議会.
    #[serde(default)]
    pub approval_body: Option<String>,
    #[serde(default)]
    pub approved_on: Option<NaiveDate>,
    #[serde(default)]
    pub effective_on: Option<NaiveDate>,
    /// Set when a later version takes effect; derived, ignored on input.
    #[serde(default)]
    pub superseded_on: Option<NaiveDate>,
    #[serde(default)]
    pub summary: Option<String>,
    #[serde(default)]
    pub next_review_on: Option<NaiveDate>,
    #[serde(default)]
    pub file_name: Option<String>,
    /// SHA-256 of the file (PDF/DOCX), whose bytes are stored content-addressed.
    #[serde(default)]
    pub sha256: Option<String>,
}

impl PolicyVersion {
    /// Where this version stands on `on`. Being in force depends on the effective dates alone, so a
    /// retroactive approval (承認日 after 施行日) still leaves exactly one version in force.
    pub fn state_on(&self, on: NaiveDate) -> VersionState {
        match (self.effective_on, self.superseded_on) {
            (None, _) => VersionState::Draft,
            (Some(e), _) if on < e && self.approved_on.is_some_and(|a| a > on) => {
                VersionState::Later
            }
            (Some(e), _) if on < e => VersionState::Approved,
            (Some(_), Some(s)) if on >= s => VersionState::Superseded,
            _ => VersionState::InForce,
        }
    }
}

/// A policy document with its versions (in id order).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct PolicyDocument {
    #[serde(default)]
    pub id: Option<PolicyDocumentId>,
    /// Short stable code, e.g. `IP-POLICY`.
    pub code: String,
    pub title: String,
    pub kind: PolicyKind,
    /// Abolished (廃止): kept, no longer reviewed.
    #[serde(default)]
    pub obsolete: bool,
    #[serde(default)]
    pub versions: Vec<PolicyVersion>,
}

impl PolicyDocument {
    /// The version in force on `on`, if any.
    pub fn in_force_on(&self, on: NaiveDate) -> Option<&PolicyVersion> {
        self.versions
            .iter()
            .find(|v| v.state_on(on) == VersionState::InForce)
    }

    /// The approved version with the latest effective date (in force now or scheduled).
    pub fn latest_approved(&self) -> Option<&PolicyVersion> {
        self.versions
            .iter()
            .filter(|v| v.effective_on.is_some())
            .max_by_key(|v| v.effective_on)
    }
}

/// One row of the policy register.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PolicyRow {
    pub id: PolicyDocumentId,
    pub code: String,
    pub title: String,
    pub kind: PolicyKind,
    pub obsolete: bool,
    /// The version in force on the asked date (or the latest approved one when no date was asked).
    pub version: Option<String>,
    pub effective_on: Option<NaiveDate>,
    pub approved_on: Option<NaiveDate>,
    pub approval_body: Option<String>,
    pub next_review_on: Option<NaiveDate>,
    /// How many versions the document has had (drafts included).
    pub versions: usize,
    /// A revision is being drafted (改定案審議中): versions not yet approved.
    pub drafts: usize,
}
