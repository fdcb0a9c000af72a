//! 発明届出一覧: every disclosure with its inventors and shares and the succession decision,
//! in the headers the importer recognises.

use super::sheet::{
    col, date, name, opt_text, person_names, share_list, text, yes_no, Sheet, Value,
};
use super::ColumnKind::*;
use crate::error::Result;
use crate::portfolio;
use crate::store::Conn;

/// The register laid out.
pub(super) fn sheet(conn: &Conn) -> Result<Sheet> {
    let columns = vec![
        col("発明届出番号", Text, 16.0),
        col("発明の名称", Text, 44.0),
        col("受付日", Date, 12.0),
        col("発明者", Text, 34.0),
        col("資金", Text, 20.0),
        col("国費（バイ・ドール）", Text, 10.0),
        col("評価", Text, 30.0),
        col("承継", Text, 8.0),
        col("承継決定日", Date, 12.0),
        col("承継理由", Text, 30.0),
        col("秘密", Text, 6.0),
    ];
    let people = person_names(conn)?;
    let person = |id: i64| name(&people, id);
    let rows = portfolio::list_disclosures(conn, false)?
        .into_iter()
        .map(|d| {
            vec![
                text(d.number.clone()),
                text(d.title.clone()),
                Value::Date(d.received_on),
                text(share_list(
                    d.inventors
                        .iter()
                        .map(|s| (person(s.person_id.0), s.share_bp)),
                )),
                opt_text(&d.funding_source),
                yes_no(d.government_funded),
                opt_text(&d.evaluation),
                text(d.succession.label_ja()),
                date(d.succession_on),
                opt_text(&d.succession_reason),
                yes_no(d.confidential),
            ]
        })
        .collect();
    Ok(Sheet {
        name: "発明届出一覧",
        columns,
        rows,
    })
}
