//! Which column holds what: header recognition, the mapping file, and finding the header row.
//!
//! Contract:
//! - Headers are compared after folding (NFKC, no spaces, no marks such as `※`/`*`/`(必須)`,
//!   lower-case), against the usual Japanese and English names of each field ([`Field::synonyms`]).
//! - A mapping file (TOML) maps any other header to a field, or to `ignore`:
//!   ```toml
//!   kind = "applications"   # optional, as --kind
//!   sheet = "保有特許"        # optional, as --sheet
//!   header_row = 3          # optional: the header's row number as Excel shows it
//!   [columns]
//!   "社内管理No" = "reference"
//!   "メモ欄" = "ignore"
//!   [values.status]         # optional: the sheet's own words for a field's values
//!   "生存" = "granted"
//!   "PCT移行待ち" = "filed"
//!   ```
//! - `[values.FIELD]` maps a cell's whole text (folded the same way) to what the importer reads
//!   instead; for the closed vocabularies (status, office, right_type, succession) the target
//!   must be one of ours, checked when the file is read. The words offices commonly use need no
//!   mapping (see `values::status_code`).
//! - The header row is the first of the first 30 rows in which at least two cells are recognised
//!   headers; title rows above it (often merged) are skipped. A row right below it whose cells are
//!   again headers (an English second header row) is skipped too.
//! - Columns with a header that maps to nothing are reported by name, never silently dropped.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;
use unicode_normalization::UnicodeNormalization;

pub use super::fields::Field;
use super::sheet::{Row, Table};
use super::ImportError;

/// A header folded for comparison: NFKC, lower-case, without spaces, marks and bracketed notes.
pub fn fold_header(header: &str) -> String {
    let folded: String = header.nfkc().collect::<String>().to_lowercase();
    let mut out = String::new();
    let mut depth = 0usize;
    for c in folded.chars() {
        match c {
            '(' | '[' | '【' | '〔' => depth += 1,
            ')' | ']' | '】' | '〕' => depth = depth.saturating_sub(1),
            _ if depth > 0 => {}
            c if c.is_whitespace() || "※*＊_.:：・-".contains(c) => {}
            c => out.push(c),
        }
    }
    out
}

/// The mapping file's contents.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Mapping {
    /// The kind of register (as `--kind`).
    #[serde(default)]
    pub kind: Option<String>,
    /// The sheet to read (as `--sheet`).
    #[serde(default)]
    pub sheet: Option<String>,
    /// The header's row number as Excel shows it (1-based).
    #[serde(default)]
    pub header_row: Option<usize>,
    /// Header text → field name (or `ignore`).
    #[serde(default)]
    pub columns: BTreeMap<String, String>,
    /// Field name → (the sheet's word → our value), for values no synonym covers.
    #[serde(default)]
    pub values: BTreeMap<String, BTreeMap<String, String>>,
}

/// A cell's text folded for matching a mapped value: NFKC, no white space, lower-case.
pub fn fold_value(text: &str) -> String {
    text.nfkc()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_lowercase()
}

/// Checks a mapped value of a closed vocabulary: `Err` names what is accepted.
fn check_value(field: Field, target: &str) -> Result<(), String> {
    use crate::domain::{Office, RightType, Status, Succession};
    let ok = match field {
        Field::Status => super::values::status_code(target).is_some(),
        Field::Succession => super::values::succession_code(target).is_some(),
        Field::Office => Office::parse(target).is_ok(),
        Field::RightType => RightType::parse(target).is_ok(),
        _ => return Ok(()),
    };
    if ok {
        return Ok(());
    }
    let accepted: Vec<&str> = match field {
        Field::Status => Status::ALL.iter().map(|s| s.as_str()).collect(),
        Field::Succession => Succession::ALL.iter().map(|s| s.as_str()).collect(),
        Field::Office => Office::ALL.iter().map(|s| s.as_str()).collect(),
        _ => RightType::ALL.iter().map(|s| s.as_str()).collect(),
    };
    Err(format!("use one of {}", accepted.join(", ")))
}

impl Mapping {
    /// Reads and checks a mapping file: every target must be a field name.
    pub fn read(path: &Path) -> Result<Mapping, ImportError> {
        let text = std::fs::read_to_string(path).map_err(|source| ImportError::Read {
            path: path.display().to_string(),
            source,
        })?;
        let mapping: Mapping = toml::from_str(&text)
            .map_err(|e| ImportError::Mapping(format!("{}: {e}", path.display())))?;
        for (header, target) in &mapping.columns {
            if Field::from_name(target).is_none() {
                let names: Vec<&str> = Field::all_names().collect();
                return Err(ImportError::Mapping(format!(
                    "{}: column {header:?} maps to {target:?}, which is not a field; use one of {}",
                    path.display(),
                    names.join(", ")
                )));
            }
        }
        for (name, words) in &mapping.values {
            let Some(field) = Field::from_name(name).filter(|f| *f != Field::Ignore) else {
                let names: Vec<&str> = Field::all_names().collect();
                return Err(ImportError::Mapping(format!(
                    "{}: [values.{name}] names no field; use one of {}",
                    path.display(),
                    names.join(", ")
                )));
            };
            for (word, target) in words {
                check_value(field, target).map_err(|accepted| {
                    ImportError::Mapping(format!(
                        "{}: [values.{name}] maps {word:?} to {target:?}, which is not a {name}; {accepted}",
                        path.display()
                    ))
                })?;
            }
        }
        Ok(mapping)
    }

    /// The value mapping by field, the sheet's words folded ([`fold_value`]).
    fn value_map(&self) -> BTreeMap<Field, BTreeMap<String, String>> {
        self.values
            .iter()
            .filter_map(|(name, words)| {
                let field = Field::from_name(name)?;
                let words = words
                    .iter()
                    .map(|(w, t)| (fold_value(w), t.trim().to_string()))
                    .collect();
                Some((field, words))
            })
            .collect()
    }

    fn field_for(&self, header: &str) -> Option<Field> {
        let folded = fold_header(header);
        self.columns
            .iter()
            .find(|(h, _)| fold_header(h) == folded)
            .and_then(|(_, target)| Field::from_name(target))
    }
}

/// Recognises one header: the mapping file first, then the synonyms of `fields`.
pub fn recognise(header: &str, fields: &[Field], mapping: &Mapping) -> Option<Field> {
    if let Some(field) = mapping.field_for(header) {
        return Some(field);
    }
    let folded = fold_header(header);
    if folded.is_empty() {
        return None;
    }
    fields
        .iter()
        .copied()
        .find(|f| f.synonyms().iter().any(|s| fold_header(s) == folded))
}

/// Where each field is, and what was not understood.
#[derive(Debug, Clone, PartialEq)]
pub struct Layout {
    /// Index (0-based) of the header row in the table's rows.
    pub header_index: usize,
    /// Row indices (0-based) of further header rows to skip.
    pub extra_header_rows: Vec<usize>,
    /// Column index → field.
    pub columns: BTreeMap<usize, Field>,
    /// Header text of each column (for messages).
    pub headers: BTreeMap<usize, String>,
    /// Headers that map to no field: reported, not imported.
    pub unknown: Vec<String>,
    /// The mapping file's `[values.FIELD]`: folded sheet word → the value read instead.
    pub values: BTreeMap<Field, BTreeMap<String, String>>,
}

impl Layout {
    /// The column of `field`, if the sheet has it.
    pub fn column(&self, field: Field) -> Option<usize> {
        self.columns
            .iter()
            .find(|(_, f)| **f == field)
            .map(|(c, _)| *c)
    }

    /// The header text of column `col` (for `row N, column 出願日: …`).
    pub fn header(&self, col: usize) -> &str {
        self.headers.get(&col).map(String::as_str).unwrap_or("?")
    }
}

fn recognised_count(row: &Row, fields: &[Field], mapping: &Mapping) -> usize {
    row.cells
        .iter()
        .filter(|c| recognise(&c.text(), fields, mapping).is_some_and(|f| f != Field::Ignore))
        .count()
}

/// Finds the header row and maps its columns to `fields`.
pub fn layout(table: &Table, fields: &[Field], mapping: &Mapping) -> Result<Layout, ImportError> {
    let header_index = match mapping.header_row {
        Some(n) => table
            .rows
            .iter()
            .position(|r| r.number == n)
            .ok_or_else(|| {
                ImportError::Mapping(format!("header_row = {n} is beyond the sheet's last row"))
            })?,
        None => table
            .rows
            .iter()
            .take(30)
            .position(|r| recognised_count(r, fields, mapping) >= 2)
            .ok_or_else(|| ImportError::NoHeader {
                sheet: table.sheet.clone(),
                expected: fields
                    .iter()
                    .filter_map(|f| f.synonyms().first())
                    .copied()
                    .collect::<Vec<_>>()
                    .join(", "),
            })?,
    };
    let header_row = &table.rows[header_index];
    let mut columns = BTreeMap::new();
    let mut headers = BTreeMap::new();
    let mut unknown = Vec::new();
    for (col, cell) in header_row.cells.iter().enumerate() {
        let text = cell.text();
        if text.is_empty() {
            continue;
        }
        headers.insert(col, text.clone());
        match recognise(&text, fields, mapping) {
            // Computed columns (対象件数, 収入累計) come from other records: known, not imported.
            Some(Field::Ignore | Field::Computed) => {}
            Some(field) if columns.values().any(|f| *f == field) => {
                return Err(ImportError::Mapping(format!(
                    "two columns are {}: {} and {text}; map one of them to another field or to ignore",
                    field.name(),
                    columns
                        .iter()
                        .find(|(_, f)| **f == field)
                        .and_then(|(c, _)| headers.get(c))
                        .cloned()
                        .unwrap_or_default()
                )));
            }
            Some(field) => {
                columns.insert(col, field);
            }
            None => unknown.push(text),
        }
    }
    let mut extra_header_rows = Vec::new();
    let mut next = header_index + 1;
    while let Some(row) = table.rows.get(next) {
        let recognised = recognised_count(row, fields, mapping);
        if recognised >= 2 || (recognised >= 1 && recognised * 2 >= non_blank(row)) {
            extra_header_rows.push(next);
            next += 1;
        } else {
            break;
        }
    }
    Ok(Layout {
        header_index,
        extra_header_rows,
        columns,
        headers,
        unknown,
        values: mapping.value_map(),
    })
}

fn non_blank(row: &Row) -> usize {
    row.cells.iter().filter(|c| !c.is_blank()).count()
}

/// Whether a row is a totals line (合計, 計, 小計, Total, 件数 in its first non-empty cell).
pub fn is_totals_row(row: &Row) -> bool {
    let first = row
        .cells
        .iter()
        .find(|c| !c.is_blank())
        .map(|c| fold_header(&c.text()));
    matches!(
        first.as_deref(),
        Some("合計" | "計" | "小計" | "総計" | "total" | "totals" | "sum" | "件数")
    ) || first
        .as_deref()
        .is_some_and(|t| t.starts_with("合計") || t.starts_with("total"))
}

#[cfg(test)]
mod tests;
