//! What every register is laid out as — columns of a kind and rows of values — and the helpers
//! the registers write their cells with, in one place: one place decides that a blank text is an
//! empty cell, how shares and yes/no are written, and how records other registers point at are
//! named.

use std::collections::HashMap;

use chrono::NaiveDate;

use crate::error::Result;
use crate::portfolio::{self, percent_text};
use crate::store::Conn;

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

/// A column of `kind`, `width` Excel characters wide.
pub(super) fn col(header: &'static str, kind: ColumnKind, width: f64) -> Column {
    Column {
        header,
        kind,
        width,
    }
}

/// Text; a blank text is an empty cell.
pub(super) fn text(s: impl Into<String>) -> Value {
    let s = s.into();
    if s.is_empty() {
        Value::Empty
    } else {
        Value::Text(s)
    }
}

/// Text if there is any.
pub(super) fn opt_text(s: &Option<String>) -> Value {
    s.as_deref().map_or(Value::Empty, text)
}

/// A date if there is one.
pub(super) fn date(d: Option<NaiveDate>) -> Value {
    d.map_or(Value::Empty, Value::Date)
}

/// A whole number if there is one.
pub(super) fn int(n: Option<u32>) -> Value {
    n.map_or(Value::Empty, |n| Value::Int(i64::from(n)))
}

/// 有 or 無, as the importer reads them back.
pub(super) fn yes_no(b: bool) -> Value {
    text(if b { "有" } else { "無" })
}

/// A percentage of basis points as the registers write it (`2.5%`).
pub(super) fn percent(bp: u32) -> String {
    percent_text(bp).replace(' ', "")
}

/// Names with their shares: `山田太郎(60%)、鈴木花子(40%)`.
pub(super) fn share_list<'a>(items: impl Iterator<Item = (&'a str, u32)>) -> String {
    items
        .map(|(name, bp)| format!("{name}({})", percent(bp)))
        .collect::<Vec<_>>()
        .join("、")
}

/// Every person's name as the registers write it: people who share their name with someone
/// carry their stable key, `山田太郎[P17]`, which the importer matches on (so two inventors of the
/// same name stay two people through an export and an import).
pub(super) fn person_names(conn: &Conn) -> Result<HashMap<i64, String>> {
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

/// Every person's name as stored.
pub(super) fn plain_person_names(conn: &Conn) -> Result<HashMap<i64, String>> {
    Ok(portfolio::list_people(conn)?
        .into_iter()
        .filter_map(|p| Some((p.id?.0, p.name)))
        .collect())
}

/// Every organisation's name.
pub(super) fn organisation_names(conn: &Conn) -> Result<HashMap<i64, String>> {
    Ok(portfolio::list_organisations(conn)?
        .into_iter()
        .filter_map(|o| Some((o.id?.0, o.name)))
        .collect())
}

/// Every family's reference.
pub(super) fn family_references(conn: &Conn) -> Result<HashMap<i64, String>> {
    Ok(portfolio::list_families(conn)?
        .into_iter()
        .filter_map(|f| Some((f.id?.0, f.reference)))
        .collect())
}

/// The name of `id` in `names`, `?` for one that is not there.
pub(super) fn name(names: &HashMap<i64, String>, id: i64) -> &str {
    names.get(&id).map_or("?", String::as_str)
}
