//! Moving a portfolio between engines: a desk's SQLite file into an empty office-server database
//! (`chizai copy --to URL`), the server's database back into a new file (`--from URL`), and the
//! temporary SQLite file a snapshot of a server database is taken from.
//!
//! Lossless and verbatim: every table the catalogs list (SQLite `sqlite_master`, PostgreSQL
//! `information_schema`), row by row with its ids, the audit trail included — so `audit verify`
//! holds on the target and its head is the source's. Left out: `schema_migration` (each side is
//! migrated by its own open, and both must stand at the same version), FTS5's shadow tables and
//! `search_index`, which is derived data each engine keeps its own way and is rebuilt on the
//! target from the copied rows by [`crate::search::rebuild`].
//!
//! * One transaction on the target (the store's write path), with every foreign key deferred to
//!   the commit (SQLite `PRAGMA defer_foreign_keys`, PostgreSQL `SET CONSTRAINTS ALL DEFERRED`:
//!   the server's references are DEFERRABLE), so a failure anywhere leaves the target empty. Tables
//!   still go parents first ([`order_tables`]), so the order is stable and the deferred checks few.
//! * The source is read in one consistent view (a read transaction; REPEATABLE READ on a server)
//!   and in pages: keyset paging by primary key (SQLite's rowid for a table without one), so a
//!   100,000-application portfolio's million audit rows never sit in memory at once.
//! * Columns are named from the target's catalog and read by name from the source.
//! * With [`CopyOptions::record`], one audit row on the target records the move (who, from where,
//!   row counts), appended after the copied chain's head.
//! * Attachment contents follow their rows: a desk's file keeps them as files beside it, the
//!   server in `attachment_content` ([`crate::attachments`]); each recorded digest is read from
//!   the source's form, checked, and written in the target's. A content missing or altered at the
//!   source stops the copy (nothing written): a move loses nothing silently.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Utc};
use rusqlite::types::Value;
use serde::Serialize;

use super::{migrate, params_from_iter, Action, Actor, AuditEntity, Conn, Engine, Store};

mod contents;
use crate::error::{CoreError, Result};
use crate::progress::Progress;
use contents::{copy_contents, files_beside};

/// Rows read from the source per page.
const PAGE_ROWS: usize = 2000;
/// Parameters per INSERT on the target (several rows per statement; well under both engines' limits).
const INSERT_PARAMS: usize = 2000;

/// What the copy does besides the rows.
#[derive(Debug, Clone, Default)]
pub struct CopyOptions {
    /// Append one audit row on the target recording the move (`chizai copy`); off for the private
    /// copy a snapshot is taken from, whose audit head must be the server's own.
    pub record: bool,
}

/// One table copied.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct TableCopied {
    pub table: String,
    pub rows: u64,
}

/// What a copy wrote.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct CopySummary {
    /// Where the rows came from: `file PATH` or `server USER@HOST/DATABASE` (never a password).
    pub from: String,
    /// Where they went, in the same form.
    pub to: String,
    pub schema_version: u32,
    /// Tables in the order they were copied, with their row counts.
    pub tables: Vec<TableCopied>,
    /// Rows copied in all (the move's own audit row not counted).
    pub rows: u64,
    /// Search-index entries rebuilt on the target.
    pub search_entries: u64,
    /// Attachment contents moved (one per distinct file, however many records name it).
    pub attachment_contents: u64,
    /// The target's audit trail after the copy: rows and head hash.
    pub audit_rows: i64,
    pub audit_head: String,
}

/// How a store is named in messages and in the move's audit row.
pub fn describe(store: &Store) -> String {
    match (store.server(), store.path()) {
        (Some(s), _) => format!("server {}", s.label),
        (None, Some(p)) => format!("file {}", p.display()),
        (None, None) => "an in-memory database".to_owned(),
    }
}

/// Copies every row of `source` into the empty `target`, in one transaction on the target.
pub fn copy(
    source: &Store,
    target: &mut Store,
    actor: &Actor,
    now: DateTime<Utc>,
    opts: &CopyOptions,
    progress: &mut Progress<'_>,
) -> Result<CopySummary> {
    let (from, to) = (describe(source), describe(target));
    let version = migrate::current_version(source.conn())?;
    let target_version = migrate::current_version(target.conn())?;
    if version != target_version {
        return Err(CoreError::Version(format!(
            "{from} is at schema version {version} and {to} at {target_version}: open both with the same Chizai so they are migrated alike, then copy again"
        )));
    }
    let plan = plan(source.conn(), target.conn())?;
    refuse_non_empty(target.conn(), &plan, &to)?;
    let read = source.conn().read_view()?;
    let mut counts = Vec::with_capacity(plan.len());
    let mut total = 0u64;
    for t in &plan {
        let n: i64 =
            source
                .conn()
                .query_row(&format!("SELECT count(*) FROM {}", q(&t.name)), [], |r| {
                    r.get(0)
                })?;
        let n = u64::try_from(n).unwrap_or(0);
        counts.push(n);
        total += n;
    }
    let source_head = super::audit::head(source.conn())?;
    let target_dir = target.path().map(files_beside);
    let summary = target.write(actor, now, "copying a database into this one", |w| {
        let tx = w.tx();
        tx.execute_batch(match tx.engine() {
            Engine::Sqlite => "PRAGMA defer_foreign_keys = ON",
            Engine::Postgres => "SET CONSTRAINTS ALL DEFERRED",
        })?;
        let mut tables = Vec::with_capacity(plan.len());
        let mut done = 0u64;
        let total_units = usize::try_from(total).unwrap_or(usize::MAX).max(1);
        progress.step(0, total_units)?;
        for t in &plan {
            let rows = copy_table(source.conn(), tx, t, &mut |n| {
                done += n;
                progress.step(usize::try_from(done).unwrap_or(usize::MAX), total_units)
            })?;
            tables.push(TableCopied {
                table: t.name.clone(),
                rows,
            });
        }
        let attachment_contents = copy_contents(source, w.tx(), target_dir.as_deref())?;
        let search_entries = crate::search::rebuild(w)?;
        check_references(w.tx())?;
        // The copied chain must end where the source's does, before anything is appended.
        w.reload_audit_head()?;
        let head = super::audit::head(w.tx())?;
        if head != source_head {
            return Err(CoreError::Integrity(format!(
                "the copied audit trail ends at entry {} ({}) but {from}'s ends at {} ({}); nothing was written",
                head.0, head.1, source_head.0, source_head.1
            )));
        }
        let rows: u64 = tables.iter().map(|t| t.rows).sum();
        if opts.record {
            let counts: BTreeMap<&str, u64> =
                tables.iter().map(|t| (t.table.as_str(), t.rows)).collect();
            let record = serde_json::json!({
                "from": from,
                "to": to,
                "schema_version": version,
                "rows": rows,
                "tables": counts,
            });
            w.audit(AuditEntity::Database, "copy", Action::Import, None::<&()>, Some(&record))?;
        }
        let (audit_rows, audit_head) = super::audit::head(w.tx())?;
        if progress.is_cancelled() {
            return Err(CoreError::Cancelled);
        }
        Ok(CopySummary {
            from: from.clone(),
            to: to.clone(),
            schema_version: version,
            tables,
            rows,
            search_entries,
            attachment_contents,
            audit_rows,
            audit_head,
        })
    });
    drop(read);
    let summary = summary?;
    for (t, expected) in summary.tables.iter().zip(&counts) {
        if t.rows != *expected {
            return Err(CoreError::Integrity(format!(
                "table {} had {expected} rows in {from} but {} were copied",
                t.table, t.rows
            )));
        }
    }
    target.after_bulk_load()?;
    Ok(summary)
}

/// One table to copy: its name, the target's columns (and on a server their types, for the casts
/// a multi-row INSERT needs), and the key the source is paged by.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct TablePlan {
    pub name: String,
    pub columns: Vec<String>,
    /// PostgreSQL types of `columns` on a server target (empty for SQLite).
    pub types: Vec<String>,
    /// The source's primary key; `rowid` for a SQLite table without one.
    pub key: Vec<String>,
}

/// The tables of the target, parents first, each checked against the source.
fn plan(source: &Conn, target: &Conn) -> Result<Vec<TablePlan>> {
    let target_tables = catalog::tables(target)?;
    let source_tables = catalog::tables(source)?;
    let (t, s): (BTreeSet<_>, BTreeSet<_>) = (
        target_tables.iter().collect(),
        source_tables.iter().collect(),
    );
    if let Some(extra) = s.difference(&t).next().or_else(|| t.difference(&s).next()) {
        return Err(CoreError::Integrity(format!(
            "table {extra} is in one database and not the other although both are at the same schema version; nothing was copied"
        )));
    }
    let mut deps = Vec::with_capacity(target_tables.len());
    for name in &target_tables {
        deps.push((name.clone(), catalog::parents(target, name)?));
    }
    let mut out = Vec::with_capacity(deps.len());
    for name in order_tables(&deps) {
        let columns = catalog::columns(target, &name)?;
        let source_columns: BTreeSet<String> =
            catalog::columns(source, &name)?.into_iter().collect();
        if let Some(c) = columns.iter().find(|c| !source_columns.contains(*c)) {
            return Err(CoreError::Integrity(format!(
                "column {name}.{c} is missing from the source database; nothing was copied"
            )));
        }
        let types = match target.engine() {
            Engine::Postgres => catalog::pg_types(target, &name)?,
            Engine::Sqlite => Vec::new(),
        };
        let mut key = catalog::primary_key(source, &name)?;
        if key.is_empty() {
            match source.engine() {
                Engine::Sqlite => key.push("rowid".to_owned()),
                Engine::Postgres => {
                    return Err(CoreError::Integrity(format!(
                        "table {name} has no primary key on the server, so it cannot be read page by page"
                    )))
                }
            }
        }
        out.push(TablePlan {
            name,
            columns,
            types,
            key,
        });
    }
    Ok(out)
}

/// Tables ordered so that a table comes after the tables it references (ties and cycles by
/// name; a self-reference is ignored): the copy defers its checks anyway, this keeps it stable.
pub(crate) fn order_tables(deps: &[(String, Vec<String>)]) -> Vec<String> {
    let names: BTreeSet<&str> = deps.iter().map(|(n, _)| n.as_str()).collect();
    let mut waiting: BTreeMap<&str, BTreeSet<&str>> = deps
        .iter()
        .map(|(n, ps)| {
            let ps = ps
                .iter()
                .map(String::as_str)
                .filter(|p| p != n && names.contains(p))
                .collect();
            (n.as_str(), ps)
        })
        .collect();
    let mut out = Vec::with_capacity(deps.len());
    while !waiting.is_empty() {
        let ready = waiting
            .iter()
            .find(|(_, ps)| ps.is_empty())
            .map(|(n, _)| *n)
            // A cycle: take the first by name and go on (the deferred checks hold it).
            .or_else(|| waiting.keys().next().copied());
        let Some(next) = ready else { break };
        waiting.remove(next);
        for ps in waiting.values_mut() {
            ps.remove(next);
        }
        out.push(next.to_owned());
    }
    out
}

/// Refuses a target that holds any row in any table the copy writes (or in its search index).
fn refuse_non_empty(target: &Conn, plan: &[TablePlan], label: &str) -> Result<()> {
    let names = plan
        .iter()
        .map(|t| t.name.as_str())
        .chain(std::iter::once("search_index"));
    for name in names {
        let any = target
            .prepare(&format!("SELECT 1 FROM {} LIMIT 1", q(name)))?
            .exists([])?;
        if any {
            return Err(CoreError::Conflict(format!(
                "{label} is not empty (table {name} holds rows): a copy goes into an empty database only — create a new one (createdb, or a new file name) and copy again; nothing was written"
            )));
        }
    }
    Ok(())
}

/// A name quoted for SQL on either engine.
fn q(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// The source's SELECT for one page: the first page (`after` false), or the page after the last
/// key read. Key columns not among `columns` (SQLite's rowid) are selected after them.
pub(crate) fn page_sql(t: &TablePlan, after: bool) -> String {
    let mut select: Vec<String> = t.columns.iter().map(|c| q(c)).collect();
    for k in &t.key {
        if !t.columns.contains(k) {
            select.push(if k == "rowid" { k.clone() } else { q(k) });
        }
    }
    let key: Vec<String> = t
        .key
        .iter()
        .map(|k| if k == "rowid" { k.clone() } else { q(k) })
        .collect();
    let key = key.join(", ");
    let filter = if after {
        let marks: Vec<String> = (1..=t.key.len()).map(|i| format!("?{i}")).collect();
        format!(" WHERE ({key}) > ({})", marks.join(", "))
    } else {
        String::new()
    };
    format!(
        "SELECT {} FROM {}{filter} ORDER BY {key} LIMIT {PAGE_ROWS}",
        select.join(", "),
        q(&t.name)
    )
}

/// Where each key column sits in a page's row.
fn key_positions(t: &TablePlan) -> Vec<usize> {
    let mut extra = t.columns.len();
    t.key
        .iter()
        .map(|k| match t.columns.iter().position(|c| c == k) {
            Some(i) => i,
            None => {
                extra += 1;
                extra - 1
            }
        })
        .collect()
}

/// The target's INSERT of `rows` rows (PostgreSQL: each value cast to its column's type, which a
/// multi-row VALUES list does not infer).
pub(crate) fn insert_sql(t: &TablePlan, rows: usize) -> String {
    let n = t.columns.len();
    let tuples: Vec<String> = (0..rows)
        .map(|r| {
            let marks: Vec<String> = (0..n)
                .map(|c| {
                    let mark = format!("?{}", r * n + c + 1);
                    match t.types.get(c) {
                        Some(ty) => format!("CAST({mark} AS {ty})"),
                        None => mark,
                    }
                })
                .collect();
            format!("({})", marks.join(", "))
        })
        .collect();
    let cols: Vec<String> = t.columns.iter().map(|c| q(c)).collect();
    format!(
        "INSERT INTO {} ({}) VALUES {}",
        q(&t.name),
        cols.join(", "),
        tuples.join(", ")
    )
}

/// Copies one table page by page; `done(n)` after each page. Returns the rows copied.
fn copy_table(
    source: &Conn,
    target: &Conn,
    t: &TablePlan,
    done: &mut dyn FnMut(u64) -> Result<()>,
) -> Result<u64> {
    let positions = key_positions(t);
    let width = t.columns.len();
    let selected = width + t.key.iter().filter(|k| !t.columns.contains(k)).count();
    let per_insert = (INSERT_PARAMS / width.max(1)).max(1);
    let (first, next) = (page_sql(t, false), page_sql(t, true));
    let mut last_key: Option<Vec<Value>> = None;
    let mut copied = 0u64;
    loop {
        let mut page: Vec<Vec<Value>> = Vec::with_capacity(PAGE_ROWS);
        let mut keys = None;
        {
            let mut stmt = source.prepare_cached(match last_key {
                None => &first,
                Some(_) => &next,
            })?;
            let mut rows = stmt.query(params_from_iter(last_key.take().unwrap_or_default()))?;
            while let Some(r) = rows.next()? {
                let mut values = Vec::with_capacity(selected);
                for i in 0..selected {
                    values.push(Value::from(r.get_ref(i)?));
                }
                keys = Some(
                    positions
                        .iter()
                        .map(|p| values.get(*p).cloned().unwrap_or(Value::Null))
                        .collect(),
                );
                values.truncate(width);
                page.push(values);
            }
        }
        if page.is_empty() {
            return Ok(copied);
        }
        for chunk in page.chunks(per_insert) {
            let values = chunk.iter().flatten();
            target
                .prepare_cached(&insert_sql(t, chunk.len()))?
                .execute(params_from_iter(values))
                .map_err(|e| copy_error(&t.name, e))?;
        }
        copied += page.len() as u64;
        done(page.len() as u64)?;
        if page.len() < PAGE_ROWS {
            return Ok(copied);
        }
        last_key = keys;
    }
}

fn copy_error(table: &str, e: CoreError) -> CoreError {
    CoreError::Integrity(format!(
        "could not write the rows of table {table} into the target: {e}; nothing was written"
    ))
}

/// Checks every deferred reference before the commit, naming the first broken one.
fn check_references(tx: &Conn) -> Result<()> {
    match tx.engine() {
        Engine::Postgres => tx.execute_batch("SET CONSTRAINTS ALL IMMEDIATE").map_err(|e| {
            CoreError::Integrity(format!(
                "the source database holds a reference to a missing record ({e}); run `chizai check` on it; nothing was written"
            ))
        }),
        Engine::Sqlite => {
            let broken = tx
                .query_row(
                    "SELECT \"table\", parent FROM pragma_foreign_key_check LIMIT 1",
                    [],
                    |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)),
                )
                .map(Some)
                .or_else(|e| match e {
                    CoreError::Sqlite(rusqlite::Error::QueryReturnedNoRows) => Ok(None),
                    e => Err(e),
                })?;
            match broken {
                None => Ok(()),
                Some((table, parent)) => Err(CoreError::Integrity(format!(
                    "a row of {table} refers to a {parent} the source does not hold; run `chizai check` on the source; nothing was written"
                ))),
            }
        }
    }
}

/// The catalogs, asked through the seam.
mod catalog {
    use super::*;

    /// Tables the copy writes: every ordinary table but the migration record, SQLite's own, and
    /// the search index with FTS5's shadow tables.
    pub fn tables(conn: &Conn) -> Result<Vec<String>> {
        let sql = match conn.engine() {
            Engine::Sqlite => "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name",
            Engine::Postgres => {
                "SELECT table_name::text FROM information_schema.tables
                 WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY 1"
            }
        };
        let mut stmt = conn.prepare(sql)?;
        let names = stmt
            .query_map([], |r| r.get::<_, String>(0))?
            .collect::<Result<Vec<_>>>()?;
        Ok(names.into_iter().filter(|n| copied(n)).collect())
    }

    pub fn copied(name: &str) -> bool {
        name != "schema_migration"
            // Contents move in their own step (each engine keeps them its own way).
            && name != "attachment_content"
            && name != "search_index"
            && !name.starts_with("search_index_")
            && !name.starts_with("sqlite_")
    }

    pub fn columns(conn: &Conn, table: &str) -> Result<Vec<String>> {
        let sql = match conn.engine() {
            Engine::Sqlite => "SELECT name FROM pragma_table_info(?1) ORDER BY cid",
            Engine::Postgres => {
                "SELECT column_name::text FROM information_schema.columns
                 WHERE table_schema = current_schema() AND table_name::text = ?1 ORDER BY ordinal_position"
            }
        };
        let mut stmt = conn.prepare(sql)?;
        let cols = stmt.query_map([table], |r| r.get::<_, String>(0))?;
        cols.collect()
    }

    /// The server's type of each column, as a CAST names it.
    pub fn pg_types(conn: &Conn, table: &str) -> Result<Vec<String>> {
        let mut stmt = conn.prepare(
            "SELECT format_type(a.atttypid, a.atttypmod) FROM pg_attribute a
             WHERE a.attrelid = to_regclass(?1) AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum",
        )?;
        let types = stmt.query_map([q(table)], |r| r.get::<_, String>(0))?;
        types.collect()
    }

    pub fn primary_key(conn: &Conn, table: &str) -> Result<Vec<String>> {
        let sql = match conn.engine() {
            Engine::Sqlite => "SELECT name FROM pragma_table_info(?1) WHERE pk > 0 ORDER BY pk",
            Engine::Postgres => {
                "SELECT k.column_name::text FROM information_schema.table_constraints c
                 JOIN information_schema.key_column_usage k
                   ON k.constraint_schema = c.constraint_schema AND k.constraint_name = c.constraint_name
                 WHERE c.table_schema = current_schema() AND c.table_name::text = ?1
                   AND c.constraint_type = 'PRIMARY KEY'
                 ORDER BY k.ordinal_position"
            }
        };
        let mut stmt = conn.prepare(sql)?;
        let cols = stmt.query_map([table], |r| r.get::<_, String>(0))?;
        cols.collect()
    }

    /// The tables `table` references.
    pub fn parents(conn: &Conn, table: &str) -> Result<Vec<String>> {
        let sql = match conn.engine() {
            Engine::Sqlite => "SELECT DISTINCT \"table\" FROM pragma_foreign_key_list(?1)",
            Engine::Postgres => {
                "SELECT DISTINCT ccu.table_name::text FROM information_schema.table_constraints c
                 JOIN information_schema.constraint_column_usage ccu
                   ON ccu.constraint_schema = c.constraint_schema AND ccu.constraint_name = c.constraint_name
                 WHERE c.table_schema = current_schema() AND c.table_name::text = ?1
                   AND c.constraint_type = 'FOREIGN KEY'"
            }
        };
        let mut stmt = conn.prepare(sql)?;
        let names = stmt.query_map([table], |r| r.get::<_, String>(0))?;
        names.collect()
    }
}

#[cfg(test)]
#[path = "copy_tests.rs"]
mod tests;
