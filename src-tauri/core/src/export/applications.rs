//! 出願・権利一覧: every application in the headers the importer recognises, inventors and
//! co-applicants with their shares, so exporting and importing into an empty database gives the
//! same applications.

use super::sheet::{
    col, date, family_references, int, name, opt_text, organisation_names, person_names,
    share_list, text, Sheet, Value,
};
use super::ColumnKind::*;
use crate::error::Result;
use crate::portfolio;
use crate::store::Conn;

/// The register laid out.
pub(super) fn sheet(conn: &Conn) -> Result<Sheet> {
    let people = person_names(conn)?;
    let orgs = organisation_names(conn)?;
    let families = family_references(conn)?;
    let person = |id: i64| name(&people, id);
    let org = |id: i64| name(&orgs, id);
    let columns = vec![
        col("整理番号", Text, 16.0),
        col("ファミリー", Text, 16.0),
        col("国", Text, 6.0),
        col("種別", Text, 9.0),
        col("発明の名称", Text, 44.0),
        col("出願番号", Text, 20.0),
        col("出願日", Date, 12.0),
        col("公開番号", Text, 18.0),
        col("公開日", Date, 12.0),
        col("審査請求日", Date, 12.0),
        col("登録番号", Text, 14.0),
        col("登録日", Date, 12.0),
        col("状態", Text, 10.0),
        col("発明者", Text, 34.0),
        col("出願人", Text, 30.0),
        col("代理人", Text, 22.0),
        col("担当者", Text, 12.0),
        col("年金納付済年", Int, 8.0),
        col("備考", Text, 30.0),
    ];
    let rows = portfolio::list_all_applications(conn)?
        .into_iter()
        .map(|a| {
            vec![
                text(a.reference.clone()),
                text(families.get(&a.family_id.0).cloned().unwrap_or_default()),
                text(a.office.as_str()),
                text(a.right_type.name_ja()),
                text(a.title.clone()),
                opt_text(&a.application_number),
                date(a.filed_on),
                opt_text(&a.publication_number),
                date(a.published_on),
                date(a.exam_requested_on),
                opt_text(&a.registration_number),
                date(a.registered_on),
                text(a.status.label_ja()),
                text(share_list(
                    a.inventors
                        .iter()
                        .map(|s| (person(s.person_id.0), s.share_bp)),
                )),
                text(share_list(
                    a.co_applicants
                        .iter()
                        .map(|s| (org(s.organisation_id.0), s.share_bp)),
                )),
                a.patent_firm_id.map_or(Value::Empty, |id| text(org(id.0))),
                a.responsible_id
                    .map_or(Value::Empty, |id| text(person(id.0))),
                int(a.annuities_paid_to),
                opt_text(&a.notes),
            ]
        })
        .collect();
    Ok(Sheet {
        name: "出願・権利一覧",
        columns,
        rows,
    })
}
