//! The registers of the office's other work: agreements, policy documents, activities, income.

use std::collections::HashMap;

use super::layout::{Column, ColumnKind, Sheet, Value};
use crate::error::Result;
use crate::{activities, agreements, money, policies, portfolio};

fn col(header: &'static str, kind: ColumnKind, width: f64) -> Column {
    Column {
        header,
        kind,
        width,
    }
}

fn text(s: impl Into<String>) -> Value {
    let s = s.into();
    if s.is_empty() {
        Value::Empty
    } else {
        Value::Text(s)
    }
}

fn opt_text(s: &Option<String>) -> Value {
    s.as_deref().map_or(Value::Empty, text)
}

fn date(d: Option<chrono::NaiveDate>) -> Value {
    d.map_or(Value::Empty, Value::Date)
}

/// 契約一覧: every agreement with its parties and the income received under it.
pub fn agreements(conn: &rusqlite::Connection) -> Result<Sheet> {
    use ColumnKind::*;
    let columns = vec![
        col("契約番号", Text, 16.0),
        col("件名", Text, 40.0),
        col("種類", Text, 16.0),
        col("状態", Text, 12.0),
        col("締結日", Date, 12.0),
        col("発効日", Date, 12.0),
        col("満了日", Date, 12.0),
        col("自動更新", Text, 8.0),
        col("相手方", Text, 36.0),
        col("対象件数", Int, 8.0),
        col("収入累計", Yen, 14.0),
    ];
    let rows = agreements::list(conn, &agreements::AgreementQuery::default())?
        .into_iter()
        .map(|a| {
            vec![
                text(a.number),
                text(a.title),
                text(a.kind.label_ja()),
                text(a.status.as_str()),
                date(a.signed_on),
                date(a.effective_on),
                date(a.expires_on),
                text(if a.auto_renewal { "有" } else { "無" }),
                text(a.parties),
                Value::Int(a.links as i64),
                Value::Yen(a.income_yen),
            ]
        })
        .collect();
    Ok(Sheet {
        name: "契約一覧",
        columns,
        rows,
    })
}

/// 規程一覧: each policy document with the version in force.
pub fn policies(conn: &rusqlite::Connection) -> Result<Sheet> {
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
pub fn activities(conn: &rusqlite::Connection) -> Result<Sheet> {
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
pub fn income(conn: &rusqlite::Connection) -> Result<Sheet> {
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
