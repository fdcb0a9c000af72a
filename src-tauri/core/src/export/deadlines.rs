//! 期限管理表: the docket with what was recorded on each deadline, in the columns the deadlines
//! importer matches by (application, 区分, 手続コード, 年次, 移行国, 期限) and takes over.

use std::collections::HashMap;

use super::sheet::{col, date, int, opt_text, text, Sheet, Value};
use super::ColumnKind::*;
use crate::error::Result;
use crate::store::Conn;
use crate::{deadlines, portfolio};

/// Every deadline, obsolete ones included, by due date.
pub(super) fn all_deadlines(conn: &Conn) -> Result<Vec<deadlines::Deadline>> {
    let filter = deadlines::DeadlineFilter {
        status: deadlines::StatusFilter::All,
        ..deadlines::DeadlineFilter::default()
    };
    deadlines::list_deadlines(conn, &filter, chrono::NaiveDate::default())
}

/// The register laid out.
pub(super) fn sheet(conn: &Conn) -> Result<Sheet> {
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
    let numbers: HashMap<i64, String> = portfolio::list_all_applications(conn)?
        .into_iter()
        .filter_map(|a| Some((a.id?.0, a.application_number?)))
        .collect();
    let rows = all_deadlines(conn)?
        .into_iter()
        .map(|d| {
            let number = d.application_id.and_then(|id| numbers.get(&id.0)).cloned();
            vec![
                opt_text(&d.application_reference),
                opt_text(&d.office),
                opt_text(&number),
                opt_text(&d.agreement_ref),
                text(d.origin.label_ja()),
                text(d.code.clone()),
                text(d.title.clone()),
                int(d.year),
                opt_text(&d.target),
                Value::Date(d.due),
                text(d.status.label_ja()),
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
