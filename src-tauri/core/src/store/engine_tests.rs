//! The store's guarantees, checked on both engines: the embedded SQLite file and a real
//! PostgreSQL server (`CHIZAI_TEST_PG`, the throwaway cluster `scripts/test.sh` starts; without
//! it only SQLite runs, unless `CHIZAI_PG_REQUIRED=1`, as in CI, makes that a failure).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;

use chrono::Utc;

use super::{audit, Action, Actor, AuditEntity, Store};
use crate::error::{ErrorCode, Failure};

static NEXT: AtomicU32 = AtomicU32::new(0);

/// A fresh server database for one test, as its URL (None: no server here).
fn server_db(label: &str) -> Option<String> {
    let url = match std::env::var("CHIZAI_TEST_PG") {
        Ok(u) if !u.is_empty() => u,
        _ => {
            assert!(
                std::env::var("CHIZAI_PG_REQUIRED").as_deref() != Ok("1"),
                "CHIZAI_PG_REQUIRED=1 but CHIZAI_TEST_PG is unset"
            );
            return None;
        }
    };
    let name = format!(
        "core_{}_{}_{label}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::SeqCst)
    );
    let mut admin = postgres::Client::connect(&url, postgres::NoTls).unwrap();
    // One statement each: DROP/CREATE DATABASE refuse to run inside a (multi-statement) block.
    admin
        .batch_execute(&format!("DROP DATABASE IF EXISTS {name}"))
        .unwrap();
    // Tests run in parallel: another CREATE DATABASE may hold the template for a moment.
    for attempt in 0.. {
        match admin.batch_execute(&format!("CREATE DATABASE {name}")) {
            Ok(()) => break,
            Err(e)
                if attempt < 100 && e.code() == Some(&postgres::error::SqlState::OBJECT_IN_USE) =>
            {
                std::thread::sleep(Duration::from_millis(50 + 10 * attempt));
            }
            Err(e) => panic!("CREATE DATABASE {name}: {e}"),
        }
    }
    let (head, query) = url.split_once('?').unwrap_or((&url, ""));
    let base = head.rsplit_once('/').unwrap().0;
    Some(if query.is_empty() {
        format!("{base}/{name}")
    } else {
        format!("{base}/{name}?{query}")
    })
}

/// The stores a test runs on: SQLite in memory, and a server database when there is one.
pub(super) fn engines(label: &str) -> Vec<(String, Store)> {
    let mut out = vec![("sqlite".to_owned(), Store::open_in_memory().unwrap())];
    if let Some(url) = server_db(label) {
        out.push((
            "postgres".to_owned(),
            Store::open_server(&url, Utc::now()).unwrap(),
        ));
    }
    out
}

fn person(store: &mut Store, name: &str) -> Result<i64, crate::error::CoreError> {
    store.write(&Actor("t".into()), Utc::now(), "add", |w| {
        w.tx().execute(
            "INSERT INTO person (id, name, role) VALUES (?1, ?2, 'inventor')",
            rusqlite::params![None::<i64>, name],
        )?;
        let id = w.tx().last_insert_rowid();
        w.audit(
            AuditEntity::Person,
            id,
            Action::Create,
            None::<&()>,
            Some(&name),
        )?;
        Ok(id)
    })
}

#[test]
fn a_failed_write_leaves_nothing_on_either_engine() {
    // All or nothing: a write that fails half-way keeps neither its rows nor its audit entries.
    for (engine, mut store) in engines("failed_write") {
        let first = person(&mut store, "山田").unwrap();
        let err = store
            .write(&Actor("t".into()), Utc::now(), "add", |w| {
                w.tx().execute(
                    "INSERT INTO person (id, name, role) VALUES (NULL, '佐藤', 'inventor')",
                    [],
                )?;
                w.audit(
                    AuditEntity::Person,
                    0,
                    Action::Create,
                    None::<&()>,
                    Some(&"佐藤"),
                )?;
                // A CHECK violation after the first insert: the whole write must go.
                w.tx().execute(
                    "INSERT INTO person (id, name, role) VALUES (NULL, '鈴木', 'no-such-role')",
                    [],
                )?;
                Ok(())
            })
            .unwrap_err();
        assert_eq!(err.code(), ErrorCode::Conflict, "{engine}: {err}");
        let people: i64 = store
            .conn()
            .query_row("SELECT count(*) FROM person", [], |r| r.get(0))
            .unwrap();
        assert_eq!(people, 1, "{engine}: only the first write's row");
        let chain = audit::verify(store.conn()).unwrap();
        assert_eq!((chain.rows, chain.broken), (1, None), "{engine}");
        // The store works on after the failure; ids go on from the first row.
        let next = person(&mut store, "高橋").unwrap();
        assert!(next > first, "{engine}");
    }
}

#[test]
fn ids_follow_sqlite_rules_on_the_server_too() {
    // A NULL id asks for the next one; an explicit id (a copy, an import keeping its numbers)
    // moves the next one past it — on both engines, or imported portfolios would collide.
    for (engine, mut store) in engines("ids") {
        let a = person(&mut store, "一").unwrap();
        store
            .write(&Actor("t".into()), Utc::now(), "add", |w| {
                w.tx().execute(
                    "INSERT INTO person (id, name, role) VALUES (?1, '二', 'inventor')",
                    [a + 10],
                )?;
                Ok(())
            })
            .unwrap();
        let c = person(&mut store, "三").unwrap();
        assert_eq!(c, a + 11, "{engine}");
    }
}

#[test]
fn a_writer_waits_for_another_desk_and_then_goes_ahead_on_the_server() {
    // Two desks on one server: the second write waits for the first's lock and then succeeds;
    // a wait shorter than the other's hold ends in Busy (its own code), not a database message.
    let Some(url) = server_db("two_desks") else {
        return;
    };
    let mut first = Store::open_server(&url, Utc::now()).unwrap();
    let mut second = Store::open_server(&url, Utc::now()).unwrap();
    person(&mut first, "seed").unwrap();
    let (held, release) = std::sync::mpsc::channel::<()>();
    let holder = std::thread::spawn(move || {
        first
            .write(&Actor("a".into()), Utc::now(), "hold", |w| {
                w.tx().execute(
                    "INSERT INTO person (id, name, role) VALUES (NULL, 'A', 'inventor')",
                    [],
                )?;
                held.send(()).unwrap();
                std::thread::sleep(Duration::from_millis(1500));
                w.audit(
                    AuditEntity::Person,
                    0,
                    Action::Create,
                    None::<&()>,
                    Some(&"A"),
                )?;
                Ok(())
            })
            .unwrap();
    });
    release.recv().unwrap();
    second.set_busy_wait(Duration::from_millis(200)).unwrap();
    let err = person(&mut second, "too soon").unwrap_err();
    assert_eq!(err.code(), ErrorCode::Busy, "{err}");
    second.set_busy_wait(Duration::from_secs(30)).unwrap();
    person(&mut second, "B").unwrap();
    holder.join().unwrap();
    let chain = audit::verify(second.conn()).unwrap();
    assert_eq!((chain.rows, chain.broken), (3, None));
}

#[test]
fn search_finds_the_same_records_on_both_engines() {
    // pg_trgm over the folded text must hit what FTS5's trigram index hits: Japanese substrings,
    // full-width/half-width forms, short queries, and no false hits.
    let mut hits: Vec<Vec<Vec<(String, i64)>>> = Vec::new();
    for (_engine, mut store) in engines("search") {
        store
            .write(&Actor("t".into()), Utc::now(), "index", |w| {
                crate::search::put(
                    w,
                    "application",
                    1,
                    Some("酸化物半導体薄膜トランジスタ ＡＢＣ-12"),
                )?;
                crate::search::put(w, "application", 2, Some("リチウムイオン電池の正極材料"))?;
                crate::search::put(w, "disclosure", 1, Some("半導体レーザー abc"))?;
                crate::search::put(w, "application", 2, Some("全固体電池"))?;
                Ok(())
            })
            .unwrap();
        let mut per_query = Vec::new();
        for q in [
            "半導体",
            "abc",
            "ＡＢＣ",
            "電池",
            "正極",
            "ab",
            "固",
            "トランジスタ ＡＢＣ",
            "なし",
        ] {
            let found = crate::search::search(store.conn(), q, 50).unwrap();
            per_query.push(found.into_iter().map(|h| (h.entity, h.entity_id)).collect());
        }
        hits.push(per_query);
    }
    if let [sqlite, server] = hits.as_slice() {
        assert_eq!(sqlite, server);
    }
    assert_eq!(hits[0][0].len(), 2, "半導体 is in two records");
    assert!(
        hits[0][4].is_empty(),
        "a replaced entry no longer matches its old text"
    );
}

#[test]
fn a_save_over_a_colleagues_change_is_refused_on_both_engines() {
    // Optimistic concurrency: the version a form loaded is checked inside the write; a change by
    // another desk in between refuses the save and names who made it.
    for (engine, mut store) in engines("versions") {
        let id = person(&mut store, "山田").unwrap();
        let seen = super::versions::version(store.conn(), "person", &id.to_string()).unwrap();
        store
            .write(&Actor("suzuki".into()), Utc::now(), "edit", |w| {
                w.tx()
                    .execute("UPDATE person SET name = '山田 太郎' WHERE id = ?1", [id])?;
                w.audit(
                    AuditEntity::Person,
                    id,
                    Action::Update,
                    Some(&"山田"),
                    Some(&"山田 太郎"),
                )
            })
            .unwrap();
        let err = store
            .write(&Actor("sato".into()), Utc::now(), "edit", |w| {
                w.expect_unchanged("person", &id.to_string(), seen, "person 山田")
            })
            .unwrap_err();
        assert_eq!(err.code(), ErrorCode::Conflict, "{engine}: {err}");
        assert!(err.to_string().contains("suzuki"), "{engine}: {err}");
        let now = super::versions::version(store.conn(), "person", &id.to_string()).unwrap();
        assert!(now > seen, "{engine}");
        store
            .write(&Actor("sato".into()), Utc::now(), "edit", |w| {
                w.expect_unchanged("person", &id.to_string(), now, "person 山田")
            })
            .unwrap();
    }
}
