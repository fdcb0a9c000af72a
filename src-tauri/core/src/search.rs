//! Full-text search over titles, numbers, references, inventors and parties.
//!
//! FTS5 with the trigram tokenizer: Japanese has no word breaks, so any substring of three or more
//! characters of an indexed text matches (「半導体」 finds 「酸化物半導体薄膜トランジスタ」). Queries of one
//! or two characters are below the trigram size and fall back to `LIKE` over the same index.
//! Queries are NFKC-folded like the indexed text, so full-width and half-width forms meet.

use crate::store::Conn;
use rusqlite::params;
use rusqlite::types::Value;
use serde::Serialize;
use unicode_normalization::UnicodeNormalization;

use crate::error::Result;
use crate::store::{Engine, Write};

/// One search result.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct SearchHit {
    /// `application` or `disclosure` (later areas add theirs).
    pub entity: String,
    pub entity_id: i64,
    /// Reference and title, for display.
    pub label: String,
}

/// How queries and index entries are folded alike (NFKC, lower case).
pub(crate) fn fold(text: &str) -> String {
    text.nfkc().collect::<String>().to_lowercase()
}

/// The WHERE clause (over `search_index`) and its one parameter for a query text. On SQLite a
/// query of three or more characters is an FTS5 trigram phrase; on a server it is `LIKE '%…%'`,
/// which the pg_trgm index serves — the same substring hits over the same folded text.
pub(crate) fn match_clause(engine: Engine, text: &str) -> (String, Value) {
    let folded = fold(text.trim());
    if engine == Engine::Sqlite && folded.chars().count() >= 3 {
        // A quoted FTS5 string is matched as a phrase; quotes inside are doubled.
        let phrase = format!("\"{}\"", folded.replace('"', "\"\""));
        return ("search_index MATCH ?".to_owned(), Value::Text(phrase));
    }
    let escaped = folded
        .replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_");
    let pattern = Value::Text(format!("%{escaped}%"));
    match engine {
        Engine::Sqlite => ("text LIKE ? ESCAPE '\\'".to_owned(), pattern),
        // `~~` is PostgreSQL's own name for a case-sensitive LIKE (backslash is its escape by
        // default): spelled so, the dialect's LIKE → ILIKE rewrite leaves it alone. Both sides are
        // folded already, so the hits are the same, and ILIKE lower-cases every character of every
        // text it tests again — twice the time of a search on the server.
        Engine::Postgres => ("text ~~ ?".to_owned(), pattern),
    }
}

/// (Re)builds the index entry of one record from what is stored now.
pub(crate) fn index(w: &mut Write<'_>, entity: &str, id: i64) -> Result<()> {
    let text: Option<String> = match entity {
        "application" => w
            .tx()
            .prepare_cached(
                "SELECT a.reference || ' ' || a.title || ' ' || coalesce(a.application_number, '') || ' ' ||
                        coalesce(a.application_number_raw, '') || ' ' || coalesce(a.registration_number, '') || ' ' ||
                        f.reference || ' ' ||
                        coalesce((SELECT group_concat(p.name, ' ') FROM application_inventor i JOIN person p ON p.id = i.person_id
                                  WHERE i.application_id = a.id), '') || ' ' ||
                        coalesce((SELECT group_concat(o.name, ' ') FROM co_applicant c JOIN organisation o ON o.id = c.organisation_id
                                  WHERE c.application_id = a.id), '')
                 FROM application a JOIN family f ON f.id = a.family_id WHERE a.id = ?1",
            )?
            .query_row([id], |r| r.get(0))
            .ok(),
        "disclosure" => w
            .tx()
            .prepare_cached(
                "SELECT d.number || ' ' || d.title || ' ' ||
                        coalesce((SELECT group_concat(p.name, ' ') FROM disclosure_inventor i JOIN person p ON p.id = i.person_id
                                  WHERE i.disclosure_id = d.id), '')
                 FROM disclosure d WHERE d.id = ?1",
            )?
            .query_row([id], |r| r.get(0))
            .ok(),
        _ => None,
    };
    put(w, entity, id, text.as_deref())
}

/// The entities the index knows, each with its own band of FTS rowids.
const ENTITIES: &[&str] = &[
    "application",
    "disclosure",
    "agreement",
    "policy_document",
    "activity",
];

/// The FTS rowid of (`entity`, `id`): `band << 40 | id`. FTS5 finds a row quickly only by its rowid
/// (the `entity` and `entity_id` columns are UNINDEXED), so replacing an entry by rowid keeps each
/// write O(log n) instead of a scan of the whole index.
fn rowid(entity: &str, id: i64) -> Result<i64> {
    let band = ENTITIES.iter().position(|e| *e == entity).ok_or_else(|| {
        crate::error::CoreError::invalid(
            "search.entity",
            format!("{entity:?} is not an indexed entity"),
        )
    })?;
    if !(0..1_i64 << 40).contains(&id) {
        return Err(crate::error::CoreError::invalid(
            "search.entity_id",
            format!("{id} is out of range"),
        ));
    }
    Ok(((band as i64 + 1) << 40) | id)
}

/// The condition "application `a` matches `text`" and its parameter, for the register's filter.
pub(crate) fn application_filter(conn: &Conn, text: &str) -> Result<(String, Value)> {
    let engine = conn.engine();
    let (clause, value) = match_clause(engine, text);
    Ok(match engine {
        // One or two characters have no trigram: every application's entry is read. As a
        // subquery, the page and the count each read them all again (two scans of the index's
        // applications for one search, 佐藤 with no hit the slowest); read once here, the ids are
        // handed to both as one JSON array.
        Engine::Sqlite if fold(text.trim()).chars().count() < 3 => {
            let first = rowid("application", 0)?;
            let last = first + (1_i64 << 40) - 1;
            let ids: Vec<i64> = conn
                .prepare_cached(&format!(
                    "SELECT rowid - {first} FROM search_index WHERE rowid BETWEEN {first} AND {last} AND {clause}"
                ))?
                .query_map(params![value], |r| r.get(0))?
                .collect::<Result<_>>()?;
            (
                "a.id IN (SELECT value FROM json_each(?))".to_owned(),
                Value::Text(serde_json::to_string(&ids)?),
            )
        }
        Engine::Sqlite => {
            // The rowid range selects the applications' band of the index without reading other rows.
            let first = rowid("application", 0)?;
            let last = first + (1_i64 << 40) - 1;
            (
                format!("a.id IN (SELECT rowid - {first} FROM search_index WHERE rowid BETWEEN {first} AND {last} AND {clause})"),
                value,
            )
        }
        // Three or more characters: the trigram index finds the matches once (an InitPlan) and
        // the page and count look them up by id. Written as `IN (…)`, the planner would rather
        // walk the sort order and test each application's entry for the pattern — 5× slower for
        // a broad word (半導体: 1,000 matches in 51,000 JP applications). Shorter texts have no
        // trigram, so every entry is read either way: there walking the order stops at the page.
        Engine::Postgres if fold(text.trim()).chars().count() >= 3 => (
            format!("a.id = ANY(ARRAY(SELECT entity_id FROM search_index WHERE entity = 'application' AND {clause}))"),
            value,
        ),
        Engine::Postgres => (
            format!("a.id IN (SELECT entity_id FROM search_index WHERE entity = 'application' AND {clause})"),
            value,
        ),
    })
}

/// Stores `text` as the index entry of (`entity`, `id`), replacing any earlier one; areas outside the
/// portfolio (agreements, …) call this with their own text.
pub fn put(w: &mut Write<'_>, entity: &str, id: i64, text: Option<&str>) -> Result<()> {
    let key = rowid(entity, id)?;
    let tx = w.tx();
    match tx.engine() {
        Engine::Sqlite if w.search_deferred() => {
            tx.prepare_cached(
                "INSERT OR REPLACE INTO temp.search_deferred (key, entity, entity_id, text)
                 VALUES (?1, ?2, ?3, ?4)",
            )?
            .execute(params![key, entity, id, text.map(fold)])?;
        }
        Engine::Sqlite => write_entry(tx, key, entity, id, text.map(fold).as_deref())?,
        Engine::Postgres => {
            tx.prepare_cached("DELETE FROM search_index WHERE entity = ?1 AND entity_id = ?2")?
                .execute(params![entity, id])?;
            if let Some(text) = text {
                tx.prepare_cached(
                    "INSERT INTO search_index (entity, entity_id, text) VALUES (?1, ?2, ?3)",
                )?
                .execute(params![entity, id, fold(text)])?;
            }
        }
    }
    Ok(())
}

/// Replaces the SQLite index entry `key` by `folded` (none: removes it).
fn write_entry(tx: &Conn, key: i64, entity: &str, id: i64, folded: Option<&str>) -> Result<()> {
    tx.prepare_cached("DELETE FROM search_index WHERE rowid = ?1")?
        .execute([key])?;
    if let Some(text) = folded {
        tx.prepare_cached(
            "INSERT INTO search_index (rowid, entity, entity_id, text) VALUES (?1, ?2, ?3, ?4)",
        )?
        .execute(params![key, entity, id, text])?;
    }
    Ok(())
}

/// Index entries held back while a bulk load writes its records, then written in rowid order.
///
/// FTS5 writes its pending terms out to a new segment whenever an entry's rowid is lower than the
/// last one's. A portfolio written invention by invention (a disclosure, then its applications)
/// alternates between the entities' rowid bands, so nearly every entry started a segment, and the
/// segments were merged again and again — a fifth of the demo's time at 100,000 applications.
/// While a `Deferred` is active, [`put`] records the entry (the last one per record wins, a
/// removal included) in a temporary table of the connection, which [`Deferred::finish`] writes
/// in order; the index then holds exactly what the puts one by one would have left. The table is
/// created and dropped inside the caller's transaction, so a rollback leaves nothing behind.
/// SQLite only (a server's index has no such cost): on a server `begin` and `finish` do nothing.
/// Dropped without `finish` (an error on the way), the write it belongs to is rolled back anyway.
#[must_use = "the entries held back are written by `finish`"]
pub(crate) struct Deferred(());

impl Deferred {
    /// Holds back the index entries of the writes that follow, until [`Deferred::finish`].
    pub(crate) fn begin(w: &mut Write<'_>) -> Result<Deferred> {
        if w.tx().engine() == Engine::Sqlite && !w.search_deferred() {
            w.tx().execute_batch(
                "CREATE TEMP TABLE search_deferred (
                     key INTEGER PRIMARY KEY, entity TEXT NOT NULL, entity_id INTEGER NOT NULL, text TEXT)",
            )?;
            w.set_search_deferred(true);
        }
        Ok(Deferred(()))
    }

    /// Writes the entries held back, in rowid order, and stops holding them back.
    pub(crate) fn finish(self, w: &mut Write<'_>) -> Result<()> {
        if !w.search_deferred() {
            return Ok(());
        }
        w.set_search_deferred(false);
        let tx = w.tx();
        let entries: Vec<(i64, String, i64, Option<String>)> = tx
            .prepare("SELECT key, entity, entity_id, text FROM temp.search_deferred ORDER BY key")?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
            .collect::<Result<_>>()?;
        tx.execute_batch("DROP TABLE temp.search_deferred")?;
        for (key, entity, id, text) in entries {
            write_entry(tx, key, &entity, id, text.as_deref())?;
        }
        Ok(())
    }
}

/// Rebuilds the entry of every indexed record from the stored rows, with the same texts the
/// write paths index: for a database whose rows were copied in from another engine (the index is
/// derived data, and each engine keeps it its own way). Returns the entries written.
pub(crate) fn rebuild(w: &mut Write<'_>) -> Result<u64> {
    let mut written = 0u64;
    for entity in ENTITIES {
        // Page by id: a large portfolio's ids are read a few thousand at a time.
        let mut after = 0_i64;
        loop {
            let ids: Vec<i64> = w
                .tx()
                .prepare_cached(&format!(
                    "SELECT id FROM {entity} WHERE id > ?1 ORDER BY id LIMIT 5000"
                ))?
                .query_map([after], |r| r.get(0))?
                .collect::<Result<_>>()?;
            let Some(last) = ids.last() else { break };
            after = *last;
            for id in ids {
                reindex(w, entity, id)?;
                written += 1;
            }
        }
    }
    Ok(written)
}

/// The index entry of one record of `entity`, as its module's write path makes it.
fn reindex(w: &mut Write<'_>, entity: &str, id: i64) -> Result<()> {
    match entity {
        "agreement" => crate::agreements::index_agreement(w, crate::agreements::AgreementId(id)),
        "policy_document" => {
            let (code, title, kind): (String, String, crate::policies::PolicyKind) = w
                .tx()
                .prepare_cached("SELECT code, title, kind FROM policy_document WHERE id = ?1")?
                .query_row([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
            put(
                w,
                entity,
                id,
                Some(&format!("{code} {title} {}", kind.label_ja())),
            )
        }
        "activity" => {
            let (title, company, outcome): (String, Option<String>, Option<String>) = w
                .tx()
                .prepare_cached("SELECT title, company_name, outcome FROM activity WHERE id = ?1")?
                .query_row([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
            let text = format!(
                "{} {} {}",
                title,
                company.as_deref().unwrap_or(""),
                outcome.as_deref().unwrap_or("")
            );
            put(w, entity, id, Some(&text))
        }
        _ => index(w, entity, id),
    }
}

/// Searches every indexed record; applications and disclosures are labelled with reference and title.
pub fn search(conn: &Conn, text: &str, limit: u32) -> Result<Vec<SearchHit>> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(Vec::new());
    }
    let (clause, value) = match_clause(conn.engine(), text);
    let clause = clause
        .replace("search_index MATCH", "s.search_index MATCH")
        .replace("text LIKE", "s.text LIKE")
        .replace("text ~~", "s.text ~~");
    let select = "SELECT s.entity, s.entity_id,
                CASE s.entity
                  WHEN 'application' THEN (SELECT reference || '  ' || title FROM application WHERE id = s.entity_id)
                  WHEN 'disclosure' THEN (SELECT number || '  ' || title FROM disclosure WHERE id = s.entity_id)
                  WHEN 'agreement' THEN (SELECT number || '  ' || title FROM agreement WHERE id = s.entity_id)
                  WHEN 'policy_document' THEN (SELECT code || '  ' || title FROM policy_document WHERE id = s.entity_id)
                  WHEN 'activity' THEN (SELECT started_on || '  ' || title FROM activity WHERE id = s.entity_id)
                  ELSE s.entity || ' ' || s.entity_id END
         FROM search_index s";
    let hit = |r: &crate::store::Row<'_>| {
        Ok(SearchHit {
            entity: r.get(0)?,
            entity_id: r.get(1)?,
            label: r.get::<_, Option<String>>(2)?.unwrap_or_default(),
        })
    };
    match conn.engine() {
        // Hits in index order: by entity band, then id (SQLite's rowid is exactly that).
        Engine::Sqlite => conn
            .prepare_cached(&format!(
                "{select} WHERE {clause} ORDER BY s.rowid LIMIT ?2"
            ))?
            .query_map(params![value, limit], hit)?
            .collect(),
        // The same order, band by band along the (entity, entity_id) index: a common word stops
        // after `limit` hits instead of matching and sorting the whole index. (The clause's bare
        // `?` comes first: it is ?1.)
        Engine::Postgres => {
            let mut stmt = conn.prepare_cached(&format!(
                "{select} WHERE {clause} AND s.entity = ?3 ORDER BY s.entity_id LIMIT ?2"
            ))?;
            let mut hits: Vec<SearchHit> = Vec::new();
            for entity in ENTITIES {
                let left = i64::from(limit) - hits.len() as i64;
                if left <= 0 {
                    break;
                }
                for h in stmt.query_map(params![value, left, entity], hit)? {
                    hits.push(h?);
                }
            }
            Ok(hits)
        }
    }
}

#[cfg(test)]
#[path = "search_tests.rs"]
mod tests;
