//! 収入一覧: income by date, with its fiscal year and agreement.

use super::sheet::{col, opt_text, text, Sheet, Value};
use super::ColumnKind::*;
use crate::error::Result;
use crate::money;
use crate::store::Conn;

/// The register laid out.
pub(super) fn sheet(conn: &Conn) -> Result<Sheet> {
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
