//! 規程一覧: each policy document with the version in force.

use super::sheet::{col, date, opt_text, text, Sheet, Value};
use super::ColumnKind::*;
use crate::error::Result;
use crate::policies;
use crate::store::Conn;

/// The register laid out.
pub(super) fn sheet(conn: &Conn) -> Result<Sheet> {
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
