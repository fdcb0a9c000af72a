//! The registers of the office's other work: agreements, policy documents, activities, income.

use std::collections::HashMap;

// The cell helpers are layout.rs's: one place decides that a blank text is an empty cell.
use super::layout::{col, date, opt_text, text, ColumnKind, Sheet, Value};
use crate::error::Result;
use crate::{activities, agreements, deadlines, money, policies, portfolio};

/// 契約一覧: every agreement with what the importer reads back (parties with their roles, what it
/// covers, terms), then two computed columns (対象件数, 収入累計) the importer passes over.
pub fn agreements(conn: &crate::store::Conn) -> Result<Sheet> {
    use crate::import::agreements::{role_ja, status_ja};
    use ColumnKind::*;
    let columns = vec![
        col("契約番号", Text, 16.0),
        col("件名", Text, 40.0),
        col("種類", Text, 16.0),
        col("状態", Text, 8.0),
        col("締結日", Date, 12.0),
        col("発効日", Date, 12.0),
        col("満了日", Date, 12.0),
        col("解除日", Date, 12.0),
        col("自動更新", Text, 8.0),
        col("更新期間（月）", Int, 8.0),
        col("更新拒絶通知（日前）", Int, 8.0),
        col("相手方", Text, 36.0),
        col("対象", Text, 30.0),
        col("実施分野", Text, 20.0),
        col("許諾地域", Text, 12.0),
        col("一時金", Yen, 14.0),
        col("実施料率", Text, 8.0),
        col("実施料の基礎", Text, 16.0),
        col("最低実施料", Yen, 14.0),
        col("研究費", Yen, 14.0),
        col("担当者", Text, 12.0),
        col("備考", Text, 30.0),
        col("対象件数", Int, 8.0),
        col("収入累計", Yen, 14.0),
    ];
    let names = Names::load(conn)?;
    let income: HashMap<i64, i64> = agreements::list(conn, &agreements::AgreementQuery::default())?
        .into_iter()
        .map(|r| (r.id.0, r.income_yen))
        .collect();
    let yen = |n: i64| if n == 0 { Value::Empty } else { Value::Yen(n) };
    let rows = agreements::list_all(conn)?
        .into_iter()
        .map(|a| {
            let parties: Vec<String> = a
                .parties
                .iter()
                .map(|p| format!("{}({})", names.org(p.organisation_id.0), role_ja(p.role)))
                .collect();
            let links: Vec<String> = a.links.iter().map(|l| names.link(l)).collect();
            vec![
                text(a.number.clone()),
                text(a.title.clone()),
                text(a.kind.label_ja()),
                text(status_ja(a.status)),
                date(a.signed_on),
                date(a.effective_on),
                date(a.expires_on),
                date(a.terminated_on),
                text(if a.auto_renewal { "有" } else { "無" }),
                a.renewal_term_months
                    .map_or(Value::Empty, |n| Value::Int(i64::from(n))),
                a.renewal_notice_days
                    .map_or(Value::Empty, |n| Value::Int(i64::from(n))),
                text(parties.join("、")),
                text(links.join("、")),
                opt_text(&a.field),
                opt_text(&a.territory),
                yen(a.terms.upfront_yen),
                a.terms.royalty_rate_bp.map_or(Value::Empty, |bp| {
                    text(portfolio::percent_text(bp).replace(' ', ""))
                }),
                opt_text(&a.terms.royalty_base),
                yen(a.terms.annual_minimum_yen),
                yen(a.terms.funding_yen),
                a.responsible_id
                    .map_or(Value::Empty, |id| text(names.person(id.0))),
                opt_text(&a.notes),
                Value::Int(a.links.len() as i64),
                Value::Yen(a.id.and_then(|id| income.get(&id.0).copied()).unwrap_or(0)),
            ]
        })
        .collect();
    Ok(Sheet {
        name: "契約一覧",
        columns,
        rows,
    })
}

/// Names of the records other registers point at, for writing them as people read them.
struct Names {
    people: HashMap<i64, String>,
    orgs: HashMap<i64, String>,
    applications: HashMap<i64, (String, Option<String>)>,
    families: HashMap<i64, String>,
    disclosures: HashMap<i64, String>,
}

impl Names {
    fn load(conn: &crate::store::Conn) -> Result<Names> {
        Ok(Names {
            people: portfolio::list_people(conn)?
                .into_iter()
                .filter_map(|p| Some((p.id?.0, p.name)))
                .collect(),
            orgs: portfolio::list_organisations(conn)?
                .into_iter()
                .filter_map(|o| Some((o.id?.0, o.name)))
                .collect(),
            applications: portfolio::list_all_applications(conn)?
                .into_iter()
                .filter_map(|a| Some((a.id?.0, (a.reference, a.application_number))))
                .collect(),
            families: portfolio::list_families(conn)?
                .into_iter()
                .filter_map(|f| Some((f.id?.0, f.reference)))
                .collect(),
            disclosures: portfolio::list_disclosures(conn, false)?
                .into_iter()
                .filter_map(|d| Some((d.id?.0, d.number)))
                .collect(),
        })
    }

    fn person(&self, id: i64) -> String {
        self.people.get(&id).cloned().unwrap_or_else(|| "?".into())
    }

    fn org(&self, id: i64) -> String {
        self.orgs.get(&id).cloned().unwrap_or_else(|| "?".into())
    }

    /// An application by its reference; a family as `ファミリー:REF`; a disclosure as `届出:NUMBER`.
    fn link(&self, link: &agreements::Link) -> String {
        match link {
            agreements::Link::Application(id) => self
                .applications
                .get(&id.0)
                .map_or_else(|| "?".into(), |a| a.0.clone()),
            agreements::Link::Family(id) => {
                format!(
                    "ファミリー:{}",
                    self.families.get(&id.0).map_or("?", String::as_str)
                )
            }
            agreements::Link::Disclosure(id) => {
                format!(
                    "届出:{}",
                    self.disclosures.get(&id.0).map_or("?", String::as_str)
                )
            }
        }
    }
}

/// Every deadline, obsolete ones included, by due date.
pub fn all_deadlines(conn: &crate::store::Conn) -> Result<Vec<deadlines::Deadline>> {
    let filter = deadlines::DeadlineFilter {
        status: deadlines::StatusFilter::All,
        ..deadlines::DeadlineFilter::default()
    };
    deadlines::list_deadlines(conn, &filter, chrono::NaiveDate::default())
}

/// 期限管理表: the docket with what was recorded on each deadline, in the columns the deadlines
/// importer matches by (application, 区分, 手続コード, 年次, 移行国, 期限) and takes over.
pub fn deadlines(conn: &crate::store::Conn) -> Result<Sheet> {
    use crate::import::deadlines::{origin_ja, status_ja};
    use ColumnKind::*;
    let columns = vec![
        col("整理番号", Text, 16.0),
        col("国", Text, 6.0),
        col("出願番号", Text, 18.0),
        col("契約番号", Text, 14.0),
        col("区分", Text, 6.0),
        col("手続コード", Text, 20.0),
        col("手続", Text, 36.0),
        col("年次", Int, 6.0),
        col("移行国", Text, 8.0),
        col("期限", Date, 12.0),
        col("状態", Text, 8.0),
        col("完了日", Date, 12.0),
        col("完了者", Text, 12.0),
        col("完了メモ", Text, 24.0),
        col("放棄理由", Text, 24.0),
        col("担当者", Text, 12.0),
        col("備考", Text, 24.0),
    ];
    let names = Names::load(conn)?;
    let rows = all_deadlines(conn)?
        .into_iter()
        .map(|d| {
            let number = d
                .application_id
                .and_then(|id| names.applications.get(&id.0))
                .and_then(|a| a.1.clone());
            vec![
                opt_text(&d.application_reference),
                opt_text(&d.office),
                opt_text(&number),
                opt_text(&d.agreement_ref),
                text(origin_ja(d.origin)),
                text(d.code.clone()),
                text(d.title.clone()),
                d.year.map_or(Value::Empty, |y| Value::Int(i64::from(y))),
                opt_text(&d.target),
                Value::Date(d.due),
                text(status_ja(d.status)),
                date(d.done_on),
                opt_text(&d.done_by),
                opt_text(&d.done_note),
                opt_text(&d.waive_reason),
                opt_text(&d.responsible),
                opt_text(&d.notes),
            ]
        })
        .collect();
    Ok(Sheet {
        name: "期限管理表",
        columns,
        rows,
    })
}

/// 規程一覧: each policy document with the version in force.
pub fn policies(conn: &crate::store::Conn) -> Result<Sheet> {
    use ColumnKind::*;
    let columns = vec![
        col("規程番号", Text, 14.0),
        col("名称", Text, 36.0),
        col("種類", Text, 16.0),
        col("版", Text, 8.0),
        col("施行日", Date, 12.0),
        col("承認日", Date, 12.0),
        col("承認機関", Text, 18.0),
        col("次回見直し", Date, 12.0),
        col("版数", Int, 6.0),
        col("廃止", Text, 6.0),
    ];
    let rows = policies::list(conn, None)?
        .into_iter()
        .map(|p| {
            vec![
                text(p.code),
                text(p.title),
                text(p.kind.label_ja()),
                opt_text(&p.version),
                date(p.effective_on),
                date(p.approved_on),
                opt_text(&p.approval_body),
                date(p.next_review_on),
                Value::Int(p.versions as i64),
                text(if p.obsolete { "廃止" } else { "" }),
            ]
        })
        .collect();
    Ok(Sheet {
        name: "規程一覧",
        columns,
        rows,
    })
}

/// 活動一覧: consultations, joint research, start-up support, seminars.
pub fn activities(conn: &crate::store::Conn) -> Result<Sheet> {
    use ColumnKind::*;
    let people: HashMap<i64, String> = portfolio::list_people(conn)?
        .into_iter()
        .filter_map(|p| Some((p.id?.0, p.name)))
        .collect();
    let orgs: HashMap<i64, String> = portfolio::list_organisations(conn)?
        .into_iter()
        .filter_map(|o| Some((o.id?.0, o.name)))
        .collect();
    let columns = vec![
        col("種類", Text, 14.0),
        col("開始日", Date, 12.0),
        col("終了日", Date, 12.0),
        col("件名", Text, 40.0),
        col("相手先", Text, 28.0),
        col("研究者", Text, 14.0),
        col("コーディネーター", Text, 14.0),
        col("金額", Yen, 14.0),
        col("参加者数", Int, 8.0),
        col("成果", Text, 30.0),
    ];
    let rows = activities::list_all(conn)?
        .into_iter()
        .map(|a| {
            let partner = a
                .organisation_id
                .and_then(|id| orgs.get(&id.0).cloned())
                .or(a.company_name.clone());
            vec![
                text(a.kind.as_str()),
                Value::Date(a.started_on),
                date(a.ended_on),
                text(a.title),
                opt_text(&partner),
                opt_text(&a.researcher_id.and_then(|id| people.get(&id.0).cloned())),
                opt_text(&a.coordinator_id.and_then(|id| people.get(&id.0).cloned())),
                Value::Yen(a.amount_yen),
                a.audience
                    .map_or(Value::Empty, |n| Value::Int(i64::from(n))),
                opt_text(&a.outcome),
            ]
        })
        .collect();
    Ok(Sheet {
        name: "活動一覧",
        columns,
        rows,
    })
}

/// 収入一覧: income by date, with its fiscal year and agreement.
pub fn income(conn: &crate::store::Conn) -> Result<Sheet> {
    use ColumnKind::*;
    let columns = vec![
        col("受領日", Date, 12.0),
        col("年度", Int, 8.0),
        col("区分", Text, 16.0),
        col("金額", Yen, 14.0),
        col("契約番号", Text, 16.0),
        col("契約種類", Text, 16.0),
        col("備考", Text, 30.0),
    ];
    let rows = money::list_income(conn, None)?
        .into_iter()
        .map(|i| {
            vec![
                Value::Date(i.received_on),
                Value::Int(i64::from(i.fiscal_year)),
                text(i.category.as_str()),
                Value::Yen(i.amount_yen),
                text(i.agreement_number),
                text(i.agreement_kind.label_ja()),
                opt_text(&i.note),
            ]
        })
        .collect();
    Ok(Sheet {
        name: "収入一覧",
        columns,
        rows,
    })
}
