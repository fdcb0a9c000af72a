//! The office server for the black-box tests: the throwaway PostgreSQL cluster `scripts/test.sh`
//! starts (`CHIZAI_TEST_PG`, a URL to its `postgres` database as a superuser). Each test gets a
//! database of its own. Without the variable the server tests skip, saying so; with
//! `CHIZAI_PG_REQUIRED=1` (CI) they fail instead.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::sync::atomic::{AtomicU32, Ordering};

static NEXT: AtomicU32 = AtomicU32::new(0);

/// The admin URL of the test server, or None (skip) when there is none and none is required.
pub fn server() -> Option<String> {
    match std::env::var("CHIZAI_TEST_PG") {
        Ok(url) if !url.is_empty() => Some(url),
        _ => {
            assert!(
                std::env::var("CHIZAI_PG_REQUIRED").as_deref() != Ok("1"),
                "CHIZAI_PG_REQUIRED=1 but CHIZAI_TEST_PG is not set: run the tests with scripts/test.sh"
            );
            eprintln!("skipped: no PostgreSQL for the tests (CHIZAI_TEST_PG unset; scripts/test.sh starts one)");
            None
        }
    }
}

/// Runs SQL on the test server's `postgres` database as its superuser.
pub fn admin(url: &str, sql: &str) {
    let mut client =
        postgres::Client::connect(url, postgres::NoTls).expect("connect to the test server");
    client
        .batch_execute(sql)
        .unwrap_or_else(|e| panic!("{sql}: {e}"));
}

/// A new, empty database on the test server, named after `label`; returns its URL (as `user`,
/// the superuser when None).
pub fn fresh_db(url: &str, label: &str) -> (String, String) {
    let name = format!(
        "t_{}_{}_{}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::SeqCst),
        label
            .chars()
            .filter(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
    )
    .to_lowercase();
    // Two calls: a batch of statements is one implicit transaction, and CREATE DATABASE refuses
    // to run inside one.
    admin(url, &format!("DROP DATABASE IF EXISTS {name}"));
    admin(url, &format!("CREATE DATABASE {name}"));
    (name.clone(), with_db(url, &name, None))
}

/// `url` pointed at database `db`, signed in as `user` (else as in `url`).
pub fn with_db(url: &str, db: &str, user: Option<&str>) -> String {
    let (head, query) = url.split_once('?').unwrap_or((url, ""));
    let (scheme_user, _old_db) = head.rsplit_once('/').expect("URL with a database");
    let scheme_user = match user {
        Some(u) => {
            let (scheme, rest) = scheme_user.split_once("://").expect("scheme");
            let host = rest.rsplit_once('@').map_or(rest, |(_, h)| h);
            format!("{scheme}://{u}@{host}")
        }
        None => scheme_user.to_owned(),
    };
    if query.is_empty() {
        format!("{scheme_user}/{db}")
    } else {
        format!("{scheme_user}/{db}?{query}")
    }
}
