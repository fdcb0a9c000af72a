//! What the manifest says about the database inside, read from the database itself: the same
//! function runs at creation (to write the claims) and at verification (to check them).

use std::collections::{BTreeMap, BTreeSet};

use crate::store::{Conn, OptionalExtension};

use super::format::{AuditHead, InstitutionName};
use crate::store::{audit, migrate};

/// The facts the manifest records about a database.
#[derive(Debug, Clone, PartialEq)]
pub struct Contents {
    pub counts: BTreeMap<String, i64>,
    pub audit: AuditHead,
    pub schema_version: u32,
    pub institution: InstitutionName,
    /// The SHA-256 of every attachment the database refers to.
    pub attachments: BTreeSet<String>,
}

/// Reads the facts from `conn`.
pub fn read(conn: &Conn) -> crate::error::Result<Contents> {
    let (rows, head) = audit::head(conn)?;
    let schema_version = migrate::current_version(conn)?;
    let institution = conn
        .query_row(
            "SELECT name, name_en FROM institution WHERE id = 1",
            [],
            |r| {
                Ok(InstitutionName {
                    name: r.get(0)?,
                    name_en: r.get(1)?,
                })
            },
        )
        .optional()?
        .unwrap_or(InstitutionName {
            name: String::new(),
            name_en: None,
        });
    let mut attachments = BTreeSet::new();
    if table_exists(conn, "attachment")? {
        let mut stmt = conn.prepare("SELECT DISTINCT sha256 FROM attachment")?;
        for sha in stmt.query_map([], |r| r.get::<_, String>(0))? {
            attachments.insert(sha?);
        }
    }
    Ok(Contents {
        counts: counts(conn)?,
        audit: AuditHead { rows, head },
        schema_version,
        institution,
        attachments,
    })
}

/// Rows per ordinary table; virtual tables and their shadow tables (the FTS index) are left out
/// because they are derived from the others.
pub fn counts(conn: &Conn) -> crate::error::Result<BTreeMap<String, i64>> {
    let mut stmt = conn.prepare(
        "SELECT name, sql LIKE 'CREATE VIRTUAL TABLE%' FROM sqlite_master
         WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name",
    )?;
    let tables: Vec<(String, bool)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<crate::error::Result<_>>()?;
    let virtual_prefixes: Vec<String> = tables
        .iter()
        .filter(|(_, v)| *v)
        .map(|(n, _)| format!("{n}_"))
        .collect();
    let mut out = BTreeMap::new();
    for (name, is_virtual) in &tables {
        if *is_virtual || virtual_prefixes.iter().any(|p| name.starts_with(p)) {
            continue;
        }
        let quoted = name.replace('"', "\"\"");
        let n: i64 = conn.query_row(&format!("SELECT count(*) FROM \"{quoted}\""), [], |r| {
            r.get(0)
        })?;
        out.insert(name.clone(), n);
    }
    Ok(out)
}

/// True when the database has an ordinary table `name` (sections of the diff depend on it).
pub fn table_exists(conn: &Conn, name: &str) -> crate::error::Result<bool> {
    conn.query_row(
        "SELECT count(*) > 0 FROM sqlite_master WHERE type = 'table' AND name = ?1",
        [name],
        |r| r.get(0),
    )
}
