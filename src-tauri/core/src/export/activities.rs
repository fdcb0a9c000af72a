//! 活動一覧: consultations, joint research, start-up support, seminars.

use super::sheet::{
    col, date, int, opt_text, organisation_names, plain_person_names, text, Sheet, Value,
};
use super::ColumnKind::*;
use crate::activities;
use crate::error::Result;
use crate::store::Conn;

/// The register laid out.
pub(super) fn sheet(conn: &Conn) -> Result<Sheet> {
    let people = plain_person_names(conn)?;
    let orgs = organisation_names(conn)?;
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
                int(a.audience),
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
