//! Closed vocabularies. Each value has one stored/JSON spelling (`as_str`) and parses from it with a
//! validation error that lists the accepted values, so bad input names what would have been right.

macro_rules! vocab {
    ($(#[$doc:meta])* $name:ident, $field:literal { $($body:tt)* }) => {
        vocab!($(#[$doc])* $name, $field, |_t: &str| None => { $($body)* });
    };
    ($(#[$doc:meta])* $name:ident, $field:literal, $alias:expr => { $($(#[$vdoc:meta])* $variant:ident = $text:literal),* $(,)? }) => {
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

            /// Parses the stored spelling; the error names the field and the accepted values.
            pub fn parse(text: &str) -> Result<Self, $crate::error::CoreError> {
                let t = text.trim();
                $(if t.eq_ignore_ascii_case($text) { return Ok($name::$variant); })*
                let alias: fn(&str) -> Option<$name> = $alias;
                if let Some(v) = alias(t) {
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

vocab!(
    /// The office (or the PCT international phase) an application is filed with.
    Office, "office", crate::office::office_alias => {
        Jp = "JP", Pct = "PCT", Us = "US", Ep = "EP", Cn = "CN", Kr = "KR", Tw = "TW",
        De = "DE", Gb = "GB", Fr = "FR", Ca = "CA", Au = "AU", In = "IN", Sg = "SG",
    }
);

vocab!(
    /// The kind of right.
    RightType, "right_type", crate::office::right_type_alias => {
        Patent = "patent", UtilityModel = "utility_model", Design = "design",
        Trademark = "trademark",
        /// A US provisional application.
        Provisional = "provisional",
    }
);

vocab!(
    /// How an application came about.
    Route, "route" {
        Direct = "direct", Paris = "paris", PctNational = "pct_national",
        Divisional = "divisional", DomesticPriority = "domestic_priority",
    }
);

vocab!(
    /// Where an application is in its life.
    Status, "status" {
        Drafting = "drafting", Filed = "filed", Published = "published",
        Examination = "examination", Granted = "granted", Refused = "refused",
        Lapsed = "lapsed", Abandoned = "abandoned", Expired = "expired",
        /// A PCT application whose international phase has ended (national phases carry on).
        Concluded = "concluded",
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
        Filed = "filed", Published = "published", ExamRequested = "exam_requested",
        /// 拒絶理由通知の発送 / an office action mailed.
        OaDispatched = "oa_dispatched", OaResponded = "oa_responded",
        /// 拒絶査定の送達.
        RefusalServed = "refusal_served", AppealFiled = "appeal_filed",
        /// 特許査定の送達.
        GrantDecisionServed = "grant_decision_served", GrantFeePaid = "grant_fee_paid",
        Registered = "registered",
        /// US grant / EP mention of grant.
        Granted = "granted", AnnuityPaid = "annuity_paid",
        IsrTransmitted = "isr_transmitted", NationalPhaseEntered = "national_phase_entered",
        /// The inventor's own public disclosure (新規性喪失の例外, 特許法30条).
        Disclosed = "disclosed", Abandoned = "abandoned", Lapsed = "lapsed", Withdrawn = "withdrawn",
    }
);

vocab!(
    /// What a person is to the institution.
    PersonRole, "person.role" { Inventor = "inventor", Staff = "staff", Expert = "expert" }
);

vocab!(
    /// What an organisation is.
    OrganisationKind, "organisation.kind" {
        Company = "company", Tlo = "tlo", PatentFirm = "patent_firm", LawFirm = "law_firm",
        FundingAgency = "funding_agency", University = "university", Other = "other",
    }
);

vocab!(
    /// The succession decision on a disclosure (承継 / 不承継).
    Succession, "succession" { Pending = "pending", Succeeded = "succeeded", NotSucceeded = "not_succeeded" }
);

vocab!(
    /// What a cost was for.
    CostCategory, "cost.category" {
        Filing = "filing", Attorney = "attorney", OfficialFee = "official_fee", Annuity = "annuity",
        Translation = "translation", Other = "other",
    }
);

vocab!(
    /// Whether the applicant resides in Japan (国内居住者) or abroad (在外者, 特許法8条): the JPO gives
    /// an overseas applicant longer response periods.
    Residence, "applicant_residence" { Domestic = "domestic", Overseas = "overseas" }
);
