//! Each register laid out as columns and rows, once, for every file format.

use std::collections::HashMap;

use chrono::NaiveDate;

use super::Register;
use crate::domain::{Status, Succession};
use crate::error::Result;
use crate::portfolio::{self, percent_text};

/// How a column's values are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnKind {
    /// Text.
    Text,
    /// A date (a real Excel date in XLSX, ISO in CSV).
    Date,
    /// Yen (a number with a yen format in XLSX).
    Yen,
    /// A whole number.
    Int,
}

/// One column.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Column {
    /// The header (Japanese, as the importer recognises it).
    pub header: &'static str,
    /// What it holds.
    pub kind: ColumnKind,
    /// Width in Excel characters.
    pub width: f64,
}

/// One cell.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// Nothing.
    Empty,
    /// Text.
    Text(String),
    /// A date.
    Date(NaiveDate),
    /// Yen.
    Yen(i64),
    /// A whole number.
    Int(i64),
}

impl Value {
    /// The value as CSV text.
    pub fn text(&self) -> String {
        match self {
            Value::Empty => String::new(),
            Value::Text(t) => t.clone(),
            Value::Date(d) => d.format("%Y-%m-%d").to_string(),
            Value::Yen(n) | Value::Int(n) => n.to_string(),
        }
    }
}

/// A register ready to write.
#[derive(Debug, Clone, PartialEq)]
pub struct Sheet {
    /// The sheet name.
    pub name: &'static str,
    /// The columns.
    pub columns: Vec<Column>,
    /// The rows, one value per column.
    pub rows: Vec<Vec<Value>>,
}

pub(super) fn col(header: &'static str, kind: ColumnKind, width: f64) -> Column {
    Column {
        header,
        kind,
        width,
    }
}

pub(super) fn text(s: impl Into<String>) -> Value {
    let s = s.into();
    if s.is_empty() {
        Value::Empty
    } else {
        Value::Text(s)
    }
}

pub(super) fn opt_text(s: &Option<String>) -> Value {
    s.as_deref().map_or(Value::Empty, text)
}

pub(super) fn date(d: Option<NaiveDate>) -> Value {
    d.map_or(Value::Empty, Value::Date)
}

/// The Japanese status word the importer reads back: the domain's label.
pub fn status_ja(s: Status) -> &'static str {
    s.label_ja()
}

fn succession_ja(s: Succession) -> &'static str {
    s.label_ja()
}

pub(super) fn share_list<'a>(items: impl Iterator<Item = (&'a str, u32)>) -> String {
    items
        .map(|(name, bp)| format!("{name}({})", percent_text(bp).replace(' ', "")))
        .collect::<Vec<_>>()
        .join("、")
}

/// Every person's name as the registers write it: people who share their name with someone
/// carry their stable key, `山田太郎[P17]`, which the importer matches on (so two inventors of the
/// same name stay two people through an export and an import).
fn person_names(conn: &crate::store::Conn) -> Result<HashMap<i64, String>> {
    let people = portfolio::list_people(conn)?;
    let mut count: HashMap<String, usize> = HashMap::new();
    for p in &people {
        *count
            .entry(crate::import::values::name_key(&p.name))
            .or_default() += 1;
    }
    Ok(people
        .into_iter()
        .filter_map(|p| {
            let id = p.id?.0;
            let shared = count
                .get(&crate::import::values::name_key(&p.name))
                .is_some_and(|n| *n > 1);
            Some(if shared {
                (
                    id,
                    format!("{}[{}]", p.name, crate::import::parties::person_key(id)),
                )
            } else {
                (id, p.name)
            })
        })
        .collect())
}

/// Lays out `register` from the database.
pub fn layout(conn: &crate::store::Conn, register: Register) -> Result<Sheet> {
    let people = person_names(conn)?;
    let orgs: HashMap<i64, String> = portfolio::list_organisations(conn)?
        .into_iter()
        .filter_map(|o| Some((o.id?.0, o.name)))
        .collect();
    let person = |id: i64| people.get(&id).map(String::as_str).unwrap_or("?");
    let org = |id: i64| orgs.get(&id).map(String::as_str).unwrap_or("?");
    use ColumnKind::*;
    let sheet = match register {
        Register::Agreements => super::office_layout::agreements(conn)?,
        Register::Policies => super::office_layout::policies(conn)?,
        Register::Activities => super::office_layout::activities(conn)?,
        Register::Income => super::office_layout::income(conn)?,
        Register::Deadlines => super::office_layout::deadlines(conn)?,
        Register::Applications => {
            let families: HashMap<i64, String> = portfolio::list_families(conn)?
                .into_iter()
                .filter_map(|f| Some((f.id?.0, f.reference)))
                .collect();
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
                        text(status_ja(a.status)),
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
                        a.annuities_paid_to
                            .map_or(Value::Empty, |n| Value::Int(i64::from(n))),
                        opt_text(&a.notes),
                    ]
                })
                .collect();
            Sheet {
                name: "出願・権利一覧",
                columns,
                rows,
            }
        }
        Register::Disclosures => {
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
            let yes_no = |b: bool| text(if b { "有" } else { "無" });
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
                        text(succession_ja(d.succession)),
                        date(d.succession_on),
                        opt_text(&d.succession_reason),
                        yes_no(d.confidential),
                    ]
                })
                .collect();
            Sheet {
                name: "発明届出一覧",
                columns,
                rows,
            }
        }
        Register::Costs => {
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
                        c.vendor_id.map_or(Value::Empty, |id| text(org(id.0))),
                        opt_text(&c.note),
                    ]
                })
                .collect();
            Sheet {
                name: "費用",
                columns,
                rows,
            }
        }
        Register::People => {
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
            Sheet {
                name: "人",
                columns,
                rows,
            }
        }
        Register::Organisations => {
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
            Sheet {
                name: "組織",
                columns,
                rows,
            }
        }
    };
    Ok(sheet)
}

/// The register's records as pretty JSON (the core's serde types, ids included).
pub fn json(conn: &crate::store::Conn, register: Register) -> Result<Vec<u8>> {
    let value = match register {
        Register::Applications => serde_json::to_value(portfolio::list_all_applications(conn)?)?,
        Register::Disclosures => serde_json::to_value(portfolio::list_disclosures(conn, false)?)?,
        Register::Costs => serde_json::to_value(portfolio::list_costs(conn, None)?)?,
        Register::People => serde_json::to_value(portfolio::list_people(conn)?)?,
        Register::Organisations => serde_json::to_value(portfolio::list_organisations(conn)?)?,
        Register::Agreements => serde_json::to_value(crate::agreements::list_all(conn)?)?,
        Register::Policies => serde_json::to_value(crate::policies::list_all(conn)?)?,
        Register::Activities => serde_json::to_value(crate::activities::list_all(conn)?)?,
        Register::Income => serde_json::to_value(crate::money::list_all_income(conn)?)?,
        Register::Deadlines => serde_json::to_value(super::office_layout::all_deadlines(conn)?)?,
    };
    let mut bytes = serde_json::to_vec_pretty(&value)?;
    bytes.push(b'\n');
    Ok(bytes)
}
