//! The facts the rule table may name, as one typed list.
//!
//! `rules.toml` names facts by key (`trigger = "filed"`, `closed_by = ["exam_requested"]`), the
//! facts given to [`compute`](super::compute) are keyed the same way, and an application's events
//! use the same words. [`Fact`] is that vocabulary: [`KNOWN_FACTS`] (what the rule table and the
//! facts are checked against) and [`TRIGGER_FACTS`] are read off it, so a fact is added in one
//! place. The keys stay the stored and serialised form: the facts' JSON and the docket's facts
//! hash are unchanged by the type.

/// A dated fact about an application (or agreement, or policy).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Fact {
    /// 出願日.
    Filed,
    /// The earliest priority date claimed.
    Priority,
    /// The first application's filing date, for a derived application (分割・変更).
    ParentFiled,
    /// An office action's dispatch.
    OaDispatched,
    /// Service of a decision of refusal.
    RefusalServed,
    /// Service of a decision to grant.
    GrantDecisionServed,
    /// Registration (設定登録).
    Registered,
    /// Grant (US issue, EP mention of grant).
    Granted,
    /// The inventor's own public disclosure (新規性喪失の例外).
    Disclosed,
    /// Transmittal of the international search report.
    IsrTransmitted,
    /// An agreement's expiry.
    AgreementExpires,
    /// The last day to refuse an agreement's renewal.
    RenewalNoticeDue,
    /// A report an agreement requires.
    ReportDue,
    /// A policy's review date.
    ReviewDue,
    /// The request for examination.
    ExamRequested,
    /// The response to an office action.
    OaResponded,
    /// An appeal against a refusal.
    AppealFiled,
    /// The grant (registration) fee paid.
    GrantFeePaid,
    /// A later application claimed this one's priority.
    PriorityUsed,
    /// The certificate for the exception to lack of novelty filed.
    GraceCertificateFiled,
    /// The national phase entered at the JPO.
    EnteredJp,
    /// The national phase entered at the USPTO.
    EnteredUs,
    /// The regional phase entered at the EPO.
    EnteredEp,
    /// The national phase entered at CNIPA.
    EnteredCn,
    /// The national phase entered at KIPO.
    EnteredKr,
    /// PCT Article 19 amendments filed.
    Article19Filed,
    /// The demand for international preliminary examination filed.
    DemandFiled,
    /// A European patent validated.
    Validated,
    /// The non-provisional application filed (US provisional).
    NonprovisionalFiled,
    /// The dispatch of the office action before the one being answered: tells a further office
    /// action from the first where the period differs (CN: 4 months first, 2 months further).
    EarlierOaDispatched,
}

use Fact as F;

impl Fact {
    /// Every fact: those that start a period first ([`TRIGGER_FACTS`]), then those that close a
    /// deadline or refine one.
    pub const ALL: [Fact; 30] = [
        F::Filed,
        F::Priority,
        F::ParentFiled,
        F::OaDispatched,
        F::RefusalServed,
        F::GrantDecisionServed,
        F::Registered,
        F::Granted,
        F::Disclosed,
        F::IsrTransmitted,
        F::AgreementExpires,
        F::RenewalNoticeDue,
        F::ReportDue,
        F::ReviewDue,
        F::ExamRequested,
        F::OaResponded,
        F::AppealFiled,
        F::GrantFeePaid,
        F::PriorityUsed,
        F::GraceCertificateFiled,
        F::EnteredJp,
        F::EnteredUs,
        F::EnteredEp,
        F::EnteredCn,
        F::EnteredKr,
        F::Article19Filed,
        F::DemandFiled,
        F::Validated,
        F::NonprovisionalFiled,
        F::EarlierOaDispatched,
    ];

    /// How many facts start a period: the first ones of [`Fact::ALL`].
    const TRIGGERS: usize = 14;

    /// The key the rule table, the facts and the events use.
    pub const fn key(self) -> &'static str {
        match self {
            F::Filed => "filed",
            F::Priority => "priority",
            F::ParentFiled => "parent_filed",
            F::OaDispatched => "oa_dispatched",
            F::RefusalServed => "refusal_served",
            F::GrantDecisionServed => "grant_decision_served",
            F::Registered => "registered",
            F::Granted => "granted",
            F::Disclosed => "disclosed",
            F::IsrTransmitted => "isr_transmitted",
            F::AgreementExpires => "agreement_expires",
            F::RenewalNoticeDue => "renewal_notice_due",
            F::ReportDue => "report_due",
            F::ReviewDue => "review_due",
            F::ExamRequested => "exam_requested",
            F::OaResponded => "oa_responded",
            F::AppealFiled => "appeal_filed",
            F::GrantFeePaid => "grant_fee_paid",
            F::PriorityUsed => "priority_used",
            F::GraceCertificateFiled => "grace_certificate_filed",
            F::EnteredJp => "entered_jp",
            F::EnteredUs => "entered_us",
            F::EnteredEp => "entered_ep",
            F::EnteredCn => "entered_cn",
            F::EnteredKr => "entered_kr",
            F::Article19Filed => "article19_filed",
            F::DemandFiled => "demand_filed",
            F::Validated => "validated",
            F::NonprovisionalFiled => "nonprovisional_filed",
            F::EarlierOaDispatched => "earlier_oa_dispatched",
        }
    }

    /// The fact a key names, if it is one.
    pub fn parse(key: &str) -> Option<Fact> {
        Fact::ALL.into_iter().find(|f| f.key() == key)
    }

    /// The national (or regional) phase entered at `office` (as stored, any case), for the
    /// offices the rule table has an entry deadline for.
    pub fn entered(office: &str) -> Option<Fact> {
        match office.to_ascii_lowercase().as_str() {
            "jp" => Some(F::EnteredJp),
            "us" => Some(F::EnteredUs),
            "ep" => Some(F::EnteredEp),
            "cn" => Some(F::EnteredCn),
            "kr" => Some(F::EnteredKr),
            _ => None,
        }
    }

    /// How the docket's explanation names the fact a period runs from (Japanese, English);
    /// `None` for a fact that only closes or refines a deadline.
    pub fn label(self) -> Option<(&'static str, &'static str)> {
        Some(match self {
            F::Filed => ("出願日", "filing date"),
            F::Priority => ("優先日", "priority date"),
            F::ParentFiled => (
                "原出願の出願日（分割・変更出願のみなし出願日）",
                "the parent's filing date (the deemed filing date of a divisional or converted application)",
            ),
            F::OaDispatched => ("拒絶理由通知等の発送日", "office action dispatch"),
            F::EarlierOaDispatched => ("前回の拒絶理由通知等の発送日", "the earlier office action's dispatch"),
            F::RefusalServed => ("拒絶査定謄本の送達日", "service of the decision of refusal"),
            F::GrantDecisionServed => ("登録査定謄本の送達日", "service of the decision to grant"),
            F::Registered => ("設定登録日", "registration date"),
            F::Granted => ("特許付与（公告）日", "grant / mention of grant"),
            F::Disclosed => ("発明の公開日（自己の公表）", "own public disclosure"),
            F::IsrTransmitted => ("国際調査報告の送付日", "ISR transmittal"),
            F::AgreementExpires => ("契約満了日", "agreement expiry date"),
            F::RenewalNoticeDue => ("更新通知期限", "renewal notice date"),
            F::ReportDue => ("報告期限", "report date"),
            F::ReviewDue => ("見直し期限", "review date"),
            _ => return None,
        })
    }
}

/// The keys of `facts`, in order (a `const` so the lists below are built at compile time).
const fn keys<const N: usize>(facts: &[Fact]) -> [&'static str; N] {
    let mut out = [""; N];
    let mut i = 0;
    while i < N {
        out[i] = facts[i].key();
        i += 1;
    }
    out
}

/// Every fact the rule table may name: triggers, then facts that close a deadline.
pub const KNOWN_FACTS: &[&str] = &keys::<{ Fact::ALL.len() }>(&Fact::ALL);

/// Facts that start a period (the `--event` keys of `chizai calc`).
pub const TRIGGER_FACTS: &[&str] = &keys::<{ Fact::TRIGGERS }>(&Fact::ALL);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_fact_reads_back_from_its_key_and_the_lists_follow_the_enum() {
        for fact in Fact::ALL {
            assert_eq!(Fact::parse(fact.key()), Some(fact), "{fact:?}");
        }
        assert_eq!(KNOWN_FACTS.len(), Fact::ALL.len());
        assert_eq!(
            TRIGGER_FACTS.last(),
            Some(&"review_due"),
            "the triggers end where the closing facts begin"
        );
        assert_eq!(Fact::entered("EP"), Some(Fact::EnteredEp));
        assert_eq!(
            Fact::entered("TW"),
            None,
            "no entry deadline is docketed for TW"
        );
    }
}
