//! The dated obligations an agreement or a policy document creates, for the docket to materialise.
//!
//! Pure functions of the record (no database, no clock): the docket calls them and turns each
//! [`Obligation`] into a deadline under the rule `code` (rules.md: `agreement.expiry`,
//! `agreement.renewal_notice`, `agreement.report`, `policy.review`), feeding the engine the trigger
//! fact named in `fact`. These dates are the parties' own (no statutory counting) and are not rolled
//! over holidays. Months are added the calendar way, ending on a month's last day when it has no
//! such day (31 Jan + 1 month = 28/29 Feb).

use chrono::{Days, Months, NaiveDate};
use serde::Serialize;

use super::model::*;

/// One dated obligation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct Obligation {
    /// The deadline rule code (rules.md).
    pub code: &'static str,
    /// The docket engine's trigger fact for this code.
    pub fact: &'static str,
    /// `agreement` or `policy_document`.
    pub entity: &'static str,
    pub entity_id: i64,
    pub due_on: NaiveDate,
    /// Why this date, in words a person can check against the document (English).
    pub basis: String,
    /// The same in Japanese, as the desk shows it.
    pub basis_ja: String,
}

/// Rule code of an agreement's expiry.
pub const EXPIRY: &str = "agreement.expiry";
/// Rule code of the last day to give notice of (non-)renewal.
pub const RENEWAL_NOTICE: &str = "agreement.renewal_notice";
/// Rule code of a reporting obligation.
pub const REPORT: &str = "agreement.report";
/// Rule code of a policy document's next review.
pub const POLICY_REVIEW: &str = "policy.review";

fn plus_months(d: NaiveDate, n: u32) -> Option<NaiveDate> {
    d.checked_add_months(Months::new(n))
}

/// The obligations of `a` falling on or before `until`, in date order.
///
/// * A negotiating, expired or terminated agreement creates none.
/// * Without auto-renewal: `agreement.expiry` on `expires_on`, and, when a notice period is set,
///   `agreement.renewal_notice` that many days before it (the last day to ask for a renewal).
/// * With auto-renewal: each term end (`expires_on`, then every `renewal_term_months`, default 12)
///   up to `until` gives an `agreement.renewal_notice` (the last day to give notice of non-renewal,
///   `renewal_notice_days` before the end, default 0); there is no expiry while it renews.
/// * Each reporting obligation: `first_due_on` and every `every_months` after it, while the
///   agreement binds and up to `until`.
pub fn of_agreement(a: &Agreement, until: NaiveDate) -> Vec<Obligation> {
    let mut out = Vec::new();
    if a.status != AgreementStatus::InForce {
        return out;
    }
    let id = a.id.map(|i| i.0).unwrap_or(0);
    let make = |code, fact, due_on, (basis, basis_ja): (String, String)| Obligation {
        code,
        fact,
        entity: "agreement",
        entity_id: id,
        due_on,
        basis,
        basis_ja,
    };
    let ja = |d: NaiveDate| d.format("%Y/%m/%d").to_string();
    let notice = a.renewal_notice_days.unwrap_or(0);
    if let Some(expires) = a.expires_on {
        if a.auto_renewal {
            let term = a.renewal_term_months.unwrap_or(12).max(1);
            let mut end = Some(expires);
            let mut k = 0_u32;
            while let Some(e) = end.filter(|e| {
                *e <= until
                    .checked_add_days(Days::new(u64::from(notice)))
                    .unwrap_or(until)
            }) {
                if let Some(due) = e.checked_sub_days(Days::new(u64::from(notice))) {
                    if due <= until {
                        out.push(make(
                            RENEWAL_NOTICE,
                            "renewal_notice_due",
                            due,
                            (
                                format!(
                                    "{}: term ends {e}; notice of non-renewal {notice} days before (自動更新, {term}-month terms)",
                                    a.number
                                ),
                                format!(
                                    "{}: 期間満了 {}、その{notice}日前までに更新拒絶の通知（自動更新、{term}か月ごと）",
                                    a.number,
                                    ja(e)
                                ),
                            ),
                        ));
                    }
                }
                k += 1;
                end = plus_months(expires, term.saturating_mul(k));
            }
        } else {
            if expires <= until {
                out.push(make(
                    EXPIRY,
                    "agreement_expires",
                    expires,
                    (
                        format!("{}: expires {expires}", a.number),
                        format!("{}: {} 期間満了", a.number, ja(expires)),
                    ),
                ));
            }
            if let Some(days) = a.renewal_notice_days {
                if let Some(due) = expires.checked_sub_days(Days::new(u64::from(days))) {
                    if due <= until {
                        out.push(make(
                            RENEWAL_NOTICE,
                            "renewal_notice_due",
                            due,
                            (
                                format!(
                                    "{}: expires {expires}; renewal to be requested {days} days before",
                                    a.number
                                ),
                                format!(
                                    "{}: {} 期間満了、その{days}日前までに更新の申入れ",
                                    a.number,
                                    ja(expires)
                                ),
                            ),
                        ));
                    }
                }
            }
        }
    }
    let last = match a.end() {
        Some(e) => e.min(until),
        None => until,
    };
    for r in &a.reports {
        let mut k = 0_u32;
        while let Some(due) = plus_months(r.first_due_on, r.every_months.saturating_mul(k)) {
            if due > last {
                break;
            }
            out.push(make(
                REPORT,
                "report_due",
                due,
                (
                    format!(
                        "{}: {} (every {} months from {})",
                        a.number, r.what, r.every_months, r.first_due_on
                    ),
                    format!(
                        "{}: {}（{}から{}か月ごと）",
                        a.number,
                        r.what,
                        ja(r.first_due_on),
                        r.every_months
                    ),
                ),
            ));
            k += 1;
        }
    }
    out.sort_by(|x, y| x.due_on.cmp(&y.due_on).then(x.code.cmp(y.code)));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::OrganisationId;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn licence() -> Agreement {
        Agreement {
            id: Some(AgreementId(7)),
            status: AgreementStatus::InForce,
            signed_on: Some(d("2024-01-31")),
            effective_on: Some(d("2024-01-31")),
            expires_on: Some(d("2025-03-31")),
            renewal_notice_days: Some(90),
            parties: vec![Party {
                organisation_id: OrganisationId(1),
                role: PartyRole::Licensee,
            }],
            reports: vec![ReportObligation {
                what: "royalty report".into(),
                every_months: 6,
                first_due_on: d("2024-08-31"),
            }],
            ..Agreement::new("L-1", "t", AgreementKind::LicenceExclusive)
        }
    }

    #[test]
    fn fixed_term_gives_expiry_notice_and_reports_within_the_term() {
        let got = of_agreement(&licence(), d("2030-01-01"));
        let dates: Vec<(&str, NaiveDate)> = got.iter().map(|o| (o.code, o.due_on)).collect();
        assert_eq!(
            dates,
            vec![
                (REPORT, d("2024-08-31")),
                (RENEWAL_NOTICE, d("2024-12-31")),
                (REPORT, d("2025-02-28")),
                (EXPIRY, d("2025-03-31")),
            ],
            "reports every 6 months from 2024-08-31 (2025-02-28: February has no 31st) stop at the expiry; \
             notice 90 days before 2025-03-31 is 2024-12-31; nothing is rolled"
        );
    }

    #[test]
    fn auto_renewal_gives_a_notice_per_term_and_no_expiry() {
        let mut a = licence();
        a.auto_renewal = true;
        a.renewal_notice_days = Some(30);
        a.reports.clear();
        let got = of_agreement(&a, d("2027-12-31"));
        let dates: Vec<NaiveDate> = got.iter().map(|o| o.due_on).collect();
        assert!(
            got.iter().all(|o| o.code == RENEWAL_NOTICE),
            "an auto-renewing agreement does not expire"
        );
        assert_eq!(
            dates,
            vec![d("2025-03-01"), d("2026-03-01"), d("2027-03-01")],
            "terms end each 31 March; 30 days before is 1 March (2025, 2026, 2027 are not leap years)"
        );
    }

    #[test]
    fn a_terminated_or_negotiating_agreement_creates_nothing() {
        for status in [
            AgreementStatus::Terminated,
            AgreementStatus::Negotiating,
            AgreementStatus::Expired,
        ] {
            let mut a = licence();
            a.status = status;
            assert!(
                of_agreement(&a, d("2030-01-01")).is_empty(),
                "{status} binds no one to a date"
            );
        }
    }
}
