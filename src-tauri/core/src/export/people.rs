//! 人 and 組織: the people and organisations the other registers name.

use super::sheet::{col, opt_text, text, Sheet};
use super::ColumnKind::*;
use crate::error::Result;
use crate::portfolio;
use crate::store::Conn;

/// 人: every person.
pub(super) fn people(conn: &Conn) -> Result<Sheet> {
    let columns = vec![
        col("氏名", Text, 16.0),
        col("ふりがな", Text, 18.0),
        col("区分", Text, 10.0),
        col("所属", Text, 24.0),
        col("学内", Text, 6.0),
        col("メール", Text, 28.0),
    ];
    let rows = portfolio::list_people(conn)?
        .into_iter()
        .map(|p| {
            vec![
                text(p.name.clone()),
                opt_text(&p.name_kana),
                text(p.role.as_str()),
                opt_text(&p.department),
                text(if p.internal { "学内" } else { "学外" }),
                opt_text(&p.email),
            ]
        })
        .collect();
    Ok(Sheet {
        name: "人",
        columns,
        rows,
    })
}

/// 組織: every organisation.
pub(super) fn organisations(conn: &Conn) -> Result<Sheet> {
    let columns = vec![
        col("名称", Text, 30.0),
        col("種別", Text, 14.0),
        col("国", Text, 6.0),
    ];
    let rows = portfolio::list_organisations(conn)?
        .into_iter()
        .map(|o| {
            vec![
                text(o.name.clone()),
                text(o.kind.as_str()),
                text(o.country.clone()),
            ]
        })
        .collect();
    Ok(Sheet {
        name: "組織",
        columns,
        rows,
    })
}
