//! 契約一覧: every agreement with what the importer reads back (parties with their roles, what it
//! covers, terms), then two computed columns (対象件数, 収入累計) the importer passes over.

use std::collections::HashMap;

use super::sheet::{
    col, date, family_references, int, name, opt_text, organisation_names, percent,
    plain_person_names, text, yes_no, Sheet, Value,
};
use super::ColumnKind::*;
use crate::error::Result;
use crate::store::Conn;
use crate::{agreements, portfolio};

/// The register laid out.
pub(super) fn sheet(conn: &Conn) -> Result<Sheet> {
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
    let people = plain_person_names(conn)?;
    let orgs = organisation_names(conn)?;
    let links = Links::load(conn)?;
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
                .map(|p| {
                    format!(
                        "{}({})",
                        name(&orgs, p.organisation_id.0),
                        p.role.label_ja()
                    )
                })
                .collect();
            let covers: Vec<String> = a.links.iter().map(|l| links.name(l)).collect();
            vec![
                text(a.number.clone()),
                text(a.title.clone()),
                text(a.kind.label_ja()),
                text(a.status.label_ja()),
                date(a.signed_on),
                date(a.effective_on),
                date(a.expires_on),
                date(a.terminated_on),
                yes_no(a.auto_renewal),
                int(a.renewal_term_months),
                int(a.renewal_notice_days),
                text(parties.join("、")),
                text(covers.join("、")),
                opt_text(&a.field),
                opt_text(&a.territory),
                yen(a.terms.upfront_yen),
                a.terms
                    .royalty_rate_bp
                    .map_or(Value::Empty, |bp| text(percent(bp))),
                opt_text(&a.terms.royalty_base),
                yen(a.terms.annual_minimum_yen),
                yen(a.terms.funding_yen),
                a.responsible_id
                    .map_or(Value::Empty, |id| text(name(&people, id.0))),
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

/// What an agreement can cover, by the names the importer reads back.
struct Links {
    applications: HashMap<i64, String>,
    families: HashMap<i64, String>,
    disclosures: HashMap<i64, String>,
}

impl Links {
    fn load(conn: &Conn) -> Result<Links> {
        Ok(Links {
            applications: portfolio::list_all_applications(conn)?
                .into_iter()
                .filter_map(|a| Some((a.id?.0, a.reference)))
                .collect(),
            families: family_references(conn)?,
            disclosures: portfolio::list_disclosures(conn, false)?
                .into_iter()
                .filter_map(|d| Some((d.id?.0, d.number)))
                .collect(),
        })
    }

    /// An application by its reference; a family as `ファミリー:REF`; a disclosure as `届出:NUMBER`.
    fn name(&self, link: &agreements::Link) -> String {
        match link {
            agreements::Link::Application(id) => name(&self.applications, id.0).to_string(),
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
