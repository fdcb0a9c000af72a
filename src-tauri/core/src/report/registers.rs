//! The registers as plain lines: 保有特許一覧 (portfolio), 契約一覧 (agreements), 規程一覧 (policies).
//!
//! Each takes lines that the store-facing code fills (already in Japanese where they are labels)
//! and returns a [`Register`] to lay out. Keeping the lines plain means a register can be fed
//! from the store, a snapshot or a test alike, and the layout decisions (columns, grouping,
//! what is flagged red) live here, in one place.

use chrono::{NaiveDate, NaiveDateTime};

use super::canvas::Align;
use super::doc::{Orientation, ReportMeta};
use super::format::{date_short, thousands};
use super::register::Register;
use super::table::{Column, Row};
use crate::agreements::AgreementStatus;

/// Frame data every register needs.
#[derive(Clone, Debug, PartialEq)]
pub struct RegisterHead {
    /// Institution name.
    pub institution: String,
    /// As-of date (基準日).
    pub as_of: NaiveDate,
    /// Production time (Japan time), passed in.
    pub created: NaiveDateTime,
}

impl RegisterHead {
    pub(crate) fn meta(&self, title: &str, subject: &str) -> ReportMeta {
        ReportMeta {
            title: title.to_string(),
            institution: self.institution.clone(),
            as_of: self.as_of,
            created: self.created,
            subject: subject.to_string(),
        }
    }
}

fn opt_date(d: Option<NaiveDate>) -> String {
    d.map_or_else(|| "—".to_string(), date_short)
}

fn opt(s: &Option<String>) -> String {
    s.as_deref()
        .filter(|s| !s.is_empty())
        .unwrap_or("—")
        .to_string()
}

/// One application or right in the portfolio register.
#[derive(Clone, Debug, PartialEq)]
pub struct PortfolioLine {
    /// Database id of the application (to join licence data), if read from the store.
    pub application_id: Option<i64>,
    /// Family reference (grouping key).
    pub family_reference: String,
    /// Family title.
    pub family_title: String,
    /// The office's own reference (整理番号).
    pub reference: String,
    /// Office code (JP, PCT, US…).
    pub office: String,
    /// Right type in Japanese (特許, 実用新案…).
    pub right_type: String,
    /// Status in Japanese (出願中, 審査中, 登録, 放棄…).
    pub status: String,
    /// Application number as displayed.
    pub application_number: Option<String>,
    /// Filing date.
    pub filed_on: Option<NaiveDate>,
    /// Registration number.
    pub registration_number: Option<String>,
    /// Registration date.
    pub registered_on: Option<NaiveDate>,
    /// Co-applicants with their shares, e.g. `株式会社サンプル（50%）`.
    pub co_applicants: Vec<String>,
    /// Licence status in Japanese (`独占許諾中`), `None` when not licensed.
    pub licence: Option<String>,
    /// Lapsed, abandoned or expired: printed in red.
    pub ended: bool,
}

/// The portfolio register: every family and its applications, grouped by family.
pub fn portfolio_register(head: &RegisterHead, lines: &[PortfolioLine]) -> Register {
    let mut lines: Vec<&PortfolioLine> = lines.iter().collect();
    lines.sort_by(|a, b| {
        (&a.family_reference, a.filed_on, &a.reference).cmp(&(
            &b.family_reference,
            b.filed_on,
            &b.reference,
        ))
    });
    let mut rows = Vec::with_capacity(lines.len() * 5 / 4);
    let mut family: Option<&str> = None;
    let mut families = 0;
    for l in &lines {
        if family != Some(l.family_reference.as_str()) {
            family = Some(&l.family_reference);
            families += 1;
            rows.push(Row::Group(format!(
                "{}　{}",
                l.family_reference, l.family_title
            )));
        }
        let cells = vec![
            l.reference.clone(),
            opt(&l.application_number),
            l.office.clone(),
            l.right_type.clone(),
            l.status.clone(),
            opt_date(l.filed_on),
            match (&l.registration_number, l.registered_on) {
                (Some(n), Some(d)) => format!("{n}\n{}", date_short(d)),
                (Some(n), None) => n.clone(),
                _ => "—".to_string(),
            },
            if l.co_applicants.is_empty() {
                "—".to_string()
            } else {
                l.co_applicants.join("\n")
            },
            opt(&l.licence),
        ];
        rows.push(if l.ended {
            Row::alert(cells)
        } else {
            Row::cells(cells)
        });
    }
    let count = |f: &dyn Fn(&PortfolioLine) -> bool| {
        thousands(lines.iter().filter(|l| f(l)).count() as i64)
    };
    Register {
        meta: head.meta("保有特許一覧", "ファミリー・出願・権利の一覧"),
        orientation: Orientation::Landscape,
        summary: vec![
            ("ファミリー".into(), thousands(families)),
            ("出願・権利".into(), thousands(lines.len() as i64)),
            (
                "登録済み".into(),
                count(&|l| l.registration_number.is_some() && !l.ended),
            ),
            ("実施許諾中".into(), count(&|l| l.licence.is_some())),
            ("共同出願".into(), count(&|l| !l.co_applicants.is_empty())),
            ("消滅・放棄".into(), count(&|l| l.ended)),
        ],
        notes: vec!["ファミリーごとに出願日順。赤字は消滅・放棄・満了したもの。".to_string()],
        columns: vec![
            Column::new("整理番号", 1.5, Align::Left),
            Column::new("出願番号", 1.9, Align::Left),
            Column::new("庁", 0.6, Align::Center),
            Column::new("種別", 0.9, Align::Center),
            Column::new("状態", 1.0, Align::Center),
            Column::new("出願日", 1.1, Align::Center),
            Column::new("登録番号・登録日", 1.8, Align::Left),
            Column::new("共同出願人", 2.6, Align::Left),
            Column::new("実施許諾", 1.2, Align::Center),
        ],
        rows,
        size: 7.5,
    }
}

/// One agreement in the agreement register.
#[derive(Clone, Debug, PartialEq)]
pub struct AgreementLine {
    /// Agreement reference.
    pub reference: String,
    /// Kind in Japanese (`共同研究契約`, `ライセンス契約（独占）`…).
    pub kind: String,
    /// Title or subject.
    pub title: String,
    /// Parties other than the institution.
    pub counterparties: Vec<String>,
    /// Date signed.
    pub signed_on: Option<NaiveDate>,
    /// Effective date.
    pub effective_on: Option<NaiveDate>,
    /// Expiry date.
    pub expires_on: Option<NaiveDate>,
    /// Status in Japanese (`有効`, `満了`, `解約`).
    pub status: String,
    /// Linked applications and disclosures (references).
    pub linked: Vec<String>,
    /// Financial terms in brief (`一時金 ¥1,000,000、実施料 3%`).
    pub terms: Option<String>,
}

/// The agreement register, by kind then expiry.
pub fn agreement_register(head: &RegisterHead, lines: &[AgreementLine]) -> Register {
    let mut lines: Vec<&AgreementLine> = lines.iter().collect();
    lines.sort_by(|a, b| {
        (&a.kind, a.expires_on, &a.reference).cmp(&(&b.kind, b.expires_on, &b.reference))
    });
    let mut rows = Vec::new();
    let mut kind: Option<&str> = None;
    let soon = head.as_of + chrono::Duration::days(92);
    let mut expiring = 0;
    for l in &lines {
        if kind != Some(l.kind.as_str()) {
            kind = Some(&l.kind);
            rows.push(Row::Group(l.kind.clone()));
        }
        let ending = l.status == AgreementStatus::InForce.label_ja()
            && l.expires_on.is_some_and(|d| d >= head.as_of && d <= soon);
        expiring += usize::from(ending);
        let cells = vec![
            l.reference.clone(),
            l.title.clone(),
            l.counterparties.join("\n"),
            opt_date(l.signed_on),
            format!("{}\n〜{}", opt_date(l.effective_on), opt_date(l.expires_on)),
            l.status.clone(),
            if l.linked.is_empty() {
                "—".to_string()
            } else {
                l.linked.join("、")
            },
            opt(&l.terms),
        ];
        rows.push(if ending {
            Row::alert(cells)
        } else {
            Row::cells(cells)
        });
    }
    let active = lines
        .iter()
        .filter(|l| l.status == AgreementStatus::InForce.label_ja())
        .count();
    Register {
        meta: head.meta(
            "契約一覧",
            "技術移転・ライセンス・共同研究・秘密保持等の契約",
        ),
        orientation: Orientation::Landscape,
        summary: vec![
            ("契約".into(), thousands(lines.len() as i64)),
            (
                AgreementStatus::InForce.label_ja().into(),
                thousands(active as i64),
            ),
            ("3か月以内に満了".into(), thousands(expiring as i64)),
        ],
        notes: vec![
            "種別ごとに満了日順。赤字は基準日から3か月以内に満了する有効な契約。".to_string(),
        ],
        columns: vec![
            Column::new("契約番号", 1.3, Align::Left),
            Column::new("件名", 2.8, Align::Left),
            Column::new("相手方", 2.4, Align::Left),
            Column::new("締結日", 1.1, Align::Center),
            Column::new("有効期間", 1.3, Align::Center),
            Column::new("状態", 0.8, Align::Center),
            Column::new("対象の出願・届出", 1.8, Align::Left),
            Column::new("主な条件", 2.0, Align::Left),
        ],
        rows,
        size: 7.5,
    }
}

/// One policy document (the version in force or the latest draft) in the policy register.
#[derive(Clone, Debug, PartialEq)]
pub struct PolicyLine {
    /// Title.
    pub title: String,
    /// Kind in Japanese (`知財ポリシー`, `職務発明規程`…).
    pub kind: String,
    /// Version label.
    pub version: String,
    /// Approving body (`役員会`, `知的財産本部会議`).
    pub approved_by: Option<String>,
    /// Approval date.
    pub approved_on: Option<NaiveDate>,
    /// Effective date.
    pub effective_on: Option<NaiveDate>,
    /// Next scheduled review.
    pub next_review: Option<NaiveDate>,
    /// Status in Japanese (`施行中`, `案`, `廃止`).
    pub status: String,
    /// SHA-256 of the stored file (hex), if a file is stored.
    pub sha256: Option<String>,
}

/// The policy register; a review date before the as-of date is flagged.
pub fn policy_register(head: &RegisterHead, lines: &[PolicyLine]) -> Register {
    let mut overdue = 0;
    let rows = lines
        .iter()
        .map(|l| {
            let late =
                l.status.starts_with("施行中") && l.next_review.is_some_and(|d| d < head.as_of);
            overdue += usize::from(late);
            let review = match l.next_review {
                Some(d) if late => format!("{}\n（期限超過）", date_short(d)),
                other => opt_date(other),
            };
            let cells = vec![
                l.title.clone(),
                l.kind.clone(),
                l.version.clone(),
                format!("{}\n{}", opt(&l.approved_by), opt_date(l.approved_on)),
                opt_date(l.effective_on),
                review,
                l.status.clone(),
                l.sha256
                    .as_deref()
                    .map_or("—".to_string(), |h| h.chars().take(16).collect()),
            ];
            if late {
                Row::alert(cells)
            } else {
                Row::cells(cells)
            }
        })
        .collect();
    let in_force = lines
        .iter()
        .filter(|l| l.status.starts_with("施行中"))
        .count();
    Register {
        meta: head.meta("規程一覧", "知的財産に関する規程・ポリシー・ひな形"),
        orientation: Orientation::Portrait,
        summary: vec![
            ("規程・ポリシー".into(), thousands(lines.len() as i64)),
            ("施行中".into(), thousands(in_force as i64)),
            ("見直し期限超過".into(), thousands(overdue as i64)),
        ],
        notes: vec![
            "SHA-256 は保管ファイルの指紋（先頭16桁）。赤字は見直し期限を過ぎたもの。".to_string(),
        ],
        columns: vec![
            Column::new("名称", 2.6, Align::Left),
            Column::new("種別", 1.5, Align::Left),
            Column::new("版", 0.7, Align::Center),
            Column::new("承認", 1.5, Align::Left),
            Column::new("施行日", 1.1, Align::Center),
            Column::new("次回見直し", 1.2, Align::Center),
            Column::new("状態", 0.8, Align::Center),
            Column::new("SHA-256", 1.5, Align::Left),
        ],
        rows,
        size: 7.5,
    }
}
