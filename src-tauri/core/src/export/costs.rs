//! 費用: the cost ledger by date, with its fiscal year and application.

use std::collections::HashMap;

use super::sheet::{col, name, opt_text, organisation_names, text, Sheet, Value};
use super::ColumnKind::*;
use crate::error::Result;
use crate::portfolio;
use crate::store::Conn;

/// The register laid out.
pub(super) fn sheet(conn: &Conn) -> Result<Sheet> {
    let orgs = organisation_names(conn)?;
    let refs: HashMap<i64, String> = portfolio::list_all_applications(conn)?
        .into_iter()
        .filter_map(|a| Some((a.id?.0, a.reference)))
        .collect();
    let columns = vec![
        col("日付", Date, 12.0),
        col("年度", Int, 8.0),
        col("整理番号", Text, 16.0),
        col("区分", Text, 14.0),
        col("金額", Yen, 14.0),
        col("支払先", Text, 24.0),
        col("備考", Text, 30.0),
    ];
    let rows = portfolio::list_costs(conn, None)?
        .into_iter()
        .map(|c| {
            vec![
                Value::Date(c.incurred_on),
                Value::Int(i64::from(crate::era::fiscal_year_of(c.incurred_on))),
                c.application_id.map_or(Value::Empty, |id| {
                    text(refs.get(&id.0).cloned().unwrap_or_default())
                }),
                text(c.category.as_str()),
                Value::Yen(c.amount_yen),
                c.vendor_id
                    .map_or(Value::Empty, |id| text(name(&orgs, id.0))),
                opt_text(&c.note),
            ]
        })
        .collect();
    Ok(Sheet {
        name: "費用",
        columns,
        rows,
    })
}
