//! The fields of an agreement row after its number, read group by group: what the agreement is
//! (title, kind, status), when it binds (its dates and renewal), and what it grants and pays
//! (field of use, territory, money terms).
//!
//! Every reader records its problem in the row's cells and reads on, so one pass reports every
//! problem of the row; a value that could not be read is `None`, like a blank cell. Taking a group
//! over the agreement leaves the stored value of a blank cell alone and names each change.

use chrono::NaiveDate;

use super::{kind_word, status_word};
use crate::agreements::{Agreement, AgreementKind, AgreementStatus};
use crate::import::cells::Cells;
use crate::import::columns::Field;
use crate::import::Changes;

/// What the agreement is.
pub(super) struct What {
    pub title: Option<String>,
    pub kind: Option<AgreementKind>,
    pub status: Option<AgreementStatus>,
}

/// Reads the title, the kind and the status.
pub(super) fn what(c: &mut Cells<'_>) -> What {
    let title = c.text(Field::Title);
    let kind = c.word(
        Field::AgreementKind,
        kind_word,
        "a kind of agreement: write 共同研究, 受託研究, 実施許諾, 独占実施許諾, オプション, 譲渡, 秘密保持, MTA or 技術移転委託",
    );
    let status = c.word(
        Field::Status,
        status_word,
        "an agreement status: write 交渉中, 有効, 満了 or 解除",
    );
    What {
        title,
        kind,
        status,
    }
}

/// When the agreement binds: its dates and its renewal.
pub(super) struct Period {
    signed_on: Option<NaiveDate>,
    effective_on: Option<NaiveDate>,
    expires_on: Option<NaiveDate>,
    terminated_on: Option<NaiveDate>,
    auto_renewal: Option<bool>,
    renewal_term_months: Option<u32>,
    renewal_notice_days: Option<u32>,
}

/// Reads the dates and the renewal terms.
pub(super) fn period(c: &mut Cells<'_>) -> Period {
    Period {
        signed_on: c.date(Field::SignedOn),
        effective_on: c.date(Field::EffectiveOn),
        expires_on: c.date(Field::ExpiresOn),
        terminated_on: c.date(Field::TerminatedOn),
        auto_renewal: c.yes_no(Field::AutoRenewal),
        renewal_term_months: c.whole(Field::RenewalTermMonths),
        renewal_notice_days: c.whole(Field::RenewalNoticeDays),
    }
}

impl Period {
    /// Takes the sheet's dates and renewal over `a`.
    pub fn take(self, a: &mut Agreement, changes: &mut Changes) {
        changes.set("signed_on", &mut a.signed_on, self.signed_on.map(Some));
        changes.set(
            "effective_on",
            &mut a.effective_on,
            self.effective_on.map(Some),
        );
        changes.set("expires_on", &mut a.expires_on, self.expires_on.map(Some));
        changes.set(
            "terminated_on",
            &mut a.terminated_on,
            self.terminated_on.map(Some),
        );
        changes.set("auto_renewal", &mut a.auto_renewal, self.auto_renewal);
        changes.set(
            "renewal_term_months",
            &mut a.renewal_term_months,
            self.renewal_term_months.map(Some),
        );
        changes.set(
            "renewal_notice_days",
            &mut a.renewal_notice_days,
            self.renewal_notice_days.map(Some),
        );
    }
}

/// What the agreement grants and pays.
pub(super) struct Scope {
    field_of_use: Option<String>,
    territory: Option<String>,
    upfront_yen: Option<i64>,
    royalty_rate_bp: Option<u32>,
    royalty_base: Option<String>,
    annual_minimum_yen: Option<i64>,
    funding_yen: Option<i64>,
}

/// Reads the field of use, the territory and the money terms.
pub(super) fn scope(c: &mut Cells<'_>) -> Scope {
    Scope {
        field_of_use: c.text(Field::FieldOfUse),
        territory: c.text(Field::Territory),
        upfront_yen: c.yen(Field::UpfrontYen),
        royalty_rate_bp: c.percent_bp(Field::RoyaltyRate),
        royalty_base: c.text(Field::RoyaltyBase),
        annual_minimum_yen: c.yen(Field::AnnualMinimumYen),
        funding_yen: c.yen(Field::FundingYen),
    }
}

impl Scope {
    /// Takes the sheet's field of use, territory and money terms over `a`.
    pub fn take(self, a: &mut Agreement, changes: &mut Changes) {
        changes.set("field", &mut a.field, self.field_of_use.map(Some));
        changes.set("territory", &mut a.territory, self.territory.map(Some));
        changes.set("upfront_yen", &mut a.terms.upfront_yen, self.upfront_yen);
        changes.set(
            "royalty_rate",
            &mut a.terms.royalty_rate_bp,
            self.royalty_rate_bp.map(Some),
        );
        changes.set(
            "royalty_base",
            &mut a.terms.royalty_base,
            self.royalty_base.map(Some),
        );
        changes.set(
            "annual_minimum_yen",
            &mut a.terms.annual_minimum_yen,
            self.annual_minimum_yen,
        );
        changes.set("funding_yen", &mut a.terms.funding_yen, self.funding_yen);
    }
}
