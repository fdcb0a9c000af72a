//! Closed vocabularies. Each value has one stored/JSON spelling (`as_str`) and parses from it with a
//! validation error that lists the accepted values, so bad input names what would have been right.
//!
//! Each value also has its Japanese and English label, written here once (`Filed = "filed"
//! ("出願済", "Filed")`): the PDF reports, the Excel/CSV exports, the importer (which reads the
//! labels back), the CLI and the desktop (through the generated `ui/src/bindings/labels.ts`) all
//! read them from here, so 出願済 cannot be 出願中 in another place. The macro will not compile a
//! value without both labels. [`vocabularies`] lists every vocabulary for the UI's table.

macro_rules! vocab {
    ($(#[$doc:meta])* $name:ident, $field:literal { $($body:tt)* }) => {
        vocab!($(#[$doc])* $name, $field, |_t: &str| None => { $($body)* });
    };
    ($(#[$doc:meta])* $name:ident, $field:literal, $alias:expr => { $($(#[$vdoc:meta])* $variant:ident = $text:literal ($ja:literal, $en:literal)),* $(,)? }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize, ts_rs::TS)]
        pub enum $name {
            $($(#[$vdoc])* #[serde(rename = $text)] $variant),*
        }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant),*];

            /// The stored and JSON spelling.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),* }
            }

            /// The Japanese label: reports, exports, the importer and the desktop print this.
            pub fn label_ja(self) -> &'static str {
                match self { $($name::$variant => $ja),* }
            }

            /// The English label.
            pub fn label_en(self) -> &'static str {
                match self { $($name::$variant => $en),* }
            }

            /// Every value with its labels, in declaration order.
            pub const LABELS: &'static [$crate::domain::Label] = &[
                $($crate::domain::Label { code: $text, ja: $ja, en: $en }),*
            ];

            /// The value whose Japanese or English label is `text` (as the export writes it).
            pub fn from_label(text: &str) -> Option<Self> {
                let t = text.trim();
                Self::ALL.iter().copied().find(|v| v.label_ja() == t || v.label_en().eq_ignore_ascii_case(t))
            }

            /// Parses the stored spelling; the error names the field and the accepted values.
            pub fn parse(text: &str) -> Result<Self, $crate::error::CoreError> {
                let t = text.trim();
                $(if t.eq_ignore_ascii_case($text) { return Ok($name::$variant); })*
                let alias: fn(&str) -> Option<$name> = $alias;
                if let Some(v) = alias(t).or_else(|| Self::from_label(t)) {
                    return Ok(v);
                }
                let accepted: Vec<&str> = Self::ALL.iter().map(|v| v.as_str()).collect();
                Err($crate::error::CoreError::invalid($field, format!("{t:?} is not one of {}", accepted.join(", "))))
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl std::str::FromStr for $name {
            type Err = $crate::error::CoreError;
            fn from_str(s: &str) -> Result<Self, $crate::error::CoreError> { Self::parse(s) }
        }

        impl rusqlite::types::ToSql for $name {
            fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
                Ok(rusqlite::types::ToSqlOutput::from(self.as_str()))
            }
        }

        impl rusqlite::types::FromSql for $name {
            fn column_result(value: rusqlite::types::ValueRef<'_>) -> rusqlite::types::FromSqlResult<Self> {
                let text = value.as_str()?;
                Self::parse(text).map_err(|e| rusqlite::types::FromSqlError::Other(Box::new(e)))
            }
        }
    };
}
pub(crate) use vocab;

/// One value of a closed vocabulary: its stored code and its labels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Label {
    /// The stored and JSON spelling (`filed`).
    pub code: &'static str,
    /// Japanese label (`出願済`).
    pub ja: &'static str,
    /// English label (`Filed`).
    pub en: &'static str,
}

/// Every closed vocabulary by the name of its type (as in the TypeScript bindings), with the
/// labels of its values: the table the desktop's label lookup is generated from.
pub fn vocabularies() -> Vec<(&'static str, &'static [Label])> {
    use crate::activities::ActivityKind;
    use crate::agreements::{AgreementKind, AgreementStatus, PartyRole};
    use crate::deadlines::{DeadlineStatus, Origin};
    use crate::kpi::KpiMetric;
    use crate::money::IncomeCategory;
    use crate::policies::{PolicyKind, VersionState};
    vec![
        ("Office", Office::LABELS),
        ("RightType", RightType::LABELS),
        ("Route", Route::LABELS),
        ("Status", Status::LABELS),
        ("EventKind", EventKind::LABELS),
        ("PersonRole", PersonRole::LABELS),
        ("OrganisationKind", OrganisationKind::LABELS),
        ("Succession", Succession::LABELS),
        ("CostCategory", CostCategory::LABELS),
        ("Residence", Residence::LABELS),
        ("AgreementKind", AgreementKind::LABELS),
        ("AgreementStatus", AgreementStatus::LABELS),
        ("PartyRole", PartyRole::LABELS),
        ("PolicyKind", PolicyKind::LABELS),
        ("VersionState", VersionState::LABELS),
        ("KpiMetric", KpiMetric::LABELS),
        ("ActivityKind", ActivityKind::LABELS),
        ("IncomeCategory", IncomeCategory::LABELS),
        ("DeadlineStatus", DeadlineStatus::LABELS),
        ("Origin", Origin::LABELS),
        ("AuditEntity", crate::store::AuditEntity::LABELS),
    ]
}

vocab!(
    /// The office (or the PCT international phase) an application is filed with.
    Office, "office", crate::office::office_alias => {
        Jp = "JP" ("日本", "Japan"), Pct = "PCT" ("PCT", "PCT"),
        Us = "US" ("米国", "United States"), Ep = "EP" ("欧州", "Europe"),
        Cn = "CN" ("中国", "China"), Kr = "KR" ("韓国", "Korea"), Tw = "TW" ("台湾", "Taiwan"),
        De = "DE" ("ドイツ", "Germany"), Gb = "GB" ("英国", "United Kingdom"),
        Fr = "FR" ("フランス", "France"), Ca = "CA" ("カナダ", "Canada"),
        Au = "AU" ("豪州", "Australia"), In = "IN" ("インド", "India"),
        Sg = "SG" ("シンガポール", "Singapore"),
    }
);

vocab!(
    /// The kind of right.
    RightType, "right_type", crate::office::right_type_alias => {
        Patent = "patent" ("特許", "Patent"),
        UtilityModel = "utility_model" ("実用新案", "Utility model"),
        Design = "design" ("意匠", "Design"), Trademark = "trademark" ("商標", "Trademark"),
        /// A US provisional application.
        Provisional = "provisional" ("仮出願", "Provisional"),
    }
);

vocab!(
    /// How an application came about.
    Route, "route" {
        Direct = "direct" ("直接出願", "Direct"), Paris = "paris" ("パリルート", "Paris route"),
        PctNational = "pct_national" ("PCT国内移行", "PCT national phase"),
        Divisional = "divisional" ("分割出願", "Divisional"),
        DomesticPriority = "domestic_priority" ("国内優先", "Domestic priority"),
    }
);

vocab!(
    /// Where an application is in its life.
    Status, "status" {
        Drafting = "drafting" ("出願準備中", "Drafting"), Filed = "filed" ("出願済", "Filed"),
        Published = "published" ("公開済", "Published"),
        Examination = "examination" ("審査中", "Examination"),
        Granted = "granted" ("登録", "Granted"), Refused = "refused" ("拒絶", "Refused"),
        Lapsed = "lapsed" ("消滅", "Lapsed"), Abandoned = "abandoned" ("放棄", "Abandoned"),
        Expired = "expired" ("満了", "Expired"),
        /// A PCT application whose international phase has ended (national phases carry on).
        Concluded = "concluded" ("国際段階終了", "International phase ended"),
    }
);

impl Status {
    /// True while the application or right can still be lost by missing a deadline.
    pub fn is_alive(self) -> bool {
        matches!(
            self,
            Status::Drafting
                | Status::Filed
                | Status::Published
                | Status::Examination
                | Status::Granted
        )
    }
}

vocab!(
    /// A dated event on an application. The keys are the docket's trigger facts.
    EventKind, "event.kind" {
        Filed = "filed" ("出願", "Filed"), Published = "published" ("公開", "Published"),
        ExamRequested = "exam_requested" ("審査請求", "Examination requested"),
        /// 拒絶理由通知の発送 / an office action mailed.
        OaDispatched = "oa_dispatched" ("拒絶理由通知発送", "Office action dispatched"),
        OaResponded = "oa_responded" ("意見書・補正書提出", "Office action answered"),
        /// 拒絶査定の送達.
        RefusalServed = "refusal_served" ("拒絶査定送達", "Refusal served"),
        AppealFiled = "appeal_filed" ("拒絶査定不服審判請求", "Appeal filed"),
        /// 特許査定の送達.
        GrantDecisionServed = "grant_decision_served" ("特許査定送達", "Decision to grant served"),
        GrantFeePaid = "grant_fee_paid" ("設定登録料納付", "Grant fee paid"),
        Registered = "registered" ("設定登録", "Registered"),
        /// US grant / EP mention of grant.
        Granted = "granted" ("特許付与", "Granted"),
        AnnuityPaid = "annuity_paid" ("年金納付", "Annuity paid"),
        IsrTransmitted = "isr_transmitted" ("国際調査報告送付", "Search report transmitted"),
        NationalPhaseEntered = "national_phase_entered" ("国内移行", "National phase entered"),
        /// The inventor's own public disclosure (新規性喪失の例外, 特許法30条).
        Disclosed = "disclosed" ("発明者による公開", "Inventor's own disclosure"),
        Abandoned = "abandoned" ("放棄", "Abandoned"), Lapsed = "lapsed" ("失効", "Lapsed"),
        Withdrawn = "withdrawn" ("取下げ", "Withdrawn"),
    }
);

vocab!(
    /// What a person is to the institution.
    PersonRole, "person.role" {
        Inventor = "inventor" ("発明者", "Inventor"), Staff = "staff" ("職員", "Staff"),
        Expert = "expert" ("外部専門家", "Outside expert"),
    }
);

vocab!(
    /// What an organisation is.
    OrganisationKind, "organisation.kind" {
        Company = "company" ("企業", "Company"), Tlo = "tlo" ("TLO", "TLO"),
        PatentFirm = "patent_firm" ("特許事務所", "Patent firm"),
        LawFirm = "law_firm" ("法律事務所", "Law firm"),
        FundingAgency = "funding_agency" ("資金配分機関", "Funding agency"),
        University = "university" ("大学", "University"), Other = "other" ("その他", "Other"),
    }
);

vocab!(
    /// The succession decision on a disclosure (承継 / 不承継).
    Succession, "succession" {
        Pending = "pending" ("未決定", "Pending"), Succeeded = "succeeded" ("承継", "Succeeded"),
        NotSucceeded = "not_succeeded" ("不承継", "Not succeeded"),
    }
);

vocab!(
    /// What a cost was for.
    CostCategory, "cost.category" {
        Filing = "filing" ("出願費用", "Filing"), Attorney = "attorney" ("代理人費用", "Attorney"),
        OfficialFee = "official_fee" ("庁費用", "Official fee"),
        Annuity = "annuity" ("年金", "Annuity"),
        Translation = "translation" ("翻訳費用", "Translation"), Other = "other" ("その他", "Other"),
    }
);

vocab!(
    /// Whether the applicant resides in Japan (国内居住者) or abroad (在外者, 特許法8条): the JPO gives
    /// an overseas applicant longer response periods.
    Residence, "applicant_residence" {
        Domestic = "domestic" ("国内居住者", "Resident in Japan"),
        Overseas = "overseas" ("在外者", "Overseas resident"),
    }
);
