//! The office server, black box: the `chizai` binary against a real PostgreSQL (the throwaway
//! cluster `scripts/test.sh` starts). The same seed must give the same portfolio, docket and
//! search on the server as in a desk's file; many desks writing at once must lose nothing and
//! keep one audit chain; an auditor's login must be refused writes by the database itself.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::path::Path;

use common::pg;

/// `chizai --db TARGET ARGS` (a file path or a server URL: the common command with a fixed today
/// and actor), waiting up to a minute for another desk's write.
fn run(target: &str, args: &[&str]) -> std::process::Output {
    common::chizai(Path::new(target))
        .env("CHIZAI_BUSY_WAIT_SECS", "60")
        .args(args)
        .output()
        .expect("run chizai")
}

fn ok(target: &str, args: &[&str]) -> String {
    let out = run(target, args);
    assert!(
        out.status.success(),
        "chizai {args:?} on {target} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8 output")
}

#[test]
fn the_same_seed_gives_the_same_portfolio_docket_and_search_on_the_server() {
    // One core, two engines: an office moving to the server must see exactly what its desk file
    // showed — same applications, same deadlines to the day, same search hits (pg_trgm vs FTS5).
    let Some(url) = pg::server() else { return };
    let (_name, server) = pg::fresh_db(&url, "same_seed");
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("desk.sqlite");
    let file = file.to_str().unwrap();
    ok(file, &["demo"]);
    ok(&server, &["demo"]);
    for args in [
        &[
            "applications",
            "list",
            "--limit",
            "1000",
            "--format",
            "json",
        ][..],
        &["deadlines", "--status", "all", "--format", "csv"],
        &["deadlines", "--format", "json"],
        // The register's text filter takes another path on the server for three or more
        // characters (the trigram matches first) than for fewer: both must match the file.
        &[
            "applications",
            "list",
            "--text",
            "半導体",
            "--sort",
            "filed",
            "--desc",
            "--limit",
            "5",
            "--offset",
            "2",
            "--format",
            "json",
        ],
        &[
            "applications",
            "list",
            "--text",
            "佐藤",
            "--office",
            "JP",
            "--format",
            "json",
        ],
        &["search", "半導体"],
        &["search", "電池", "--limit", "500"],
        &["search", "ab"],
        &["search", "特願"],
        &["agreements", "list", "--format", "json"],
        &["kpi", "--fy", "2025", "--format", "json"],
        &["income", "list", "--format", "json"],
    ] {
        assert_eq!(
            ok(file, args),
            ok(&server, args),
            "`chizai {}` differs between the file and the server",
            args.join(" ")
        );
    }
    assert!(ok(&server, &["audit", "verify"]).starts_with("audit trail intact"));
}

#[test]
fn eight_desks_writing_at_once_lose_nothing_and_keep_one_audit_chain() {
    // 8 processes × 25 writes at the same moment: every write must land (a writer that meets
    // another's lock waits, it never fails with "locked" or a deadlock) and the audit trail must
    // stay one verifiable chain.
    let Some(url) = pg::server() else { return };
    let (_name, server) = pg::fresh_db(&url, "eight_desks");
    ok(&server, &["demo"]);
    let manual = |s: &str| -> usize {
        let v: serde_json::Value = serde_json::from_str(s).unwrap();
        v.as_array()
            .map(|rows| rows.iter().filter(|r| r["code"] == "manual").count())
            .unwrap_or(0)
    };
    let manual_before = manual(&ok(
        &server,
        &["deadlines", "--status", "all", "--format", "json"],
    ));
    let before = ok(&server, &["audit", "verify", "--format", "json"]);
    let before: serde_json::Value = serde_json::from_str(&before).unwrap();
    let desks: Vec<_> = (0..8)
        .map(|desk| {
            let server = server.clone();
            std::thread::spawn(move || {
                for n in 0..25 {
                    let title = format!("desk {desk} write {n}");
                    let out = run(
                        &server,
                        &[
                            "deadlines",
                            "add",
                            "--application",
                            "TT2016-00001-JP",
                            "--title",
                            &title,
                            "--due",
                            "2027-01-15",
                        ],
                    );
                    assert!(
                        out.status.success(),
                        "{title}: {}",
                        String::from_utf8_lossy(&out.stderr)
                    );
                }
            })
        })
        .collect();
    for d in desks {
        d.join().expect("a desk's writes");
    }
    let rows = ok(
        &server,
        &["deadlines", "--status", "all", "--format", "json"],
    );
    assert_eq!(
        manual(&rows),
        manual_before + 200,
        "every one of the 200 writes landed"
    );
    let after = ok(&server, &["audit", "verify", "--format", "json"]);
    let after: serde_json::Value = serde_json::from_str(&after).unwrap();
    assert!(after["broken"].is_null(), "the chain holds: {after}");
    assert!(
        after["rows"].as_i64().unwrap() >= before["rows"].as_i64().unwrap() + 200,
        "each write appended to the one chain: {before} → {after}"
    );
}

#[test]
fn an_auditor_login_reads_but_the_database_refuses_its_writes() {
    // Roles are the database's, not the UI's: an auditor's login reads the portfolio, the CLI
    // refuses its writes, and even SQL sent past Chizai is refused by the server. Nobody — staff
    // included — may rewrite the audit trail.
    let Some(url) = pg::server() else { return };
    let (db, server) = pg::fresh_db(&url, "auditor");
    ok(&server, &["demo"]);
    pg::admin(
        &url,
        "DO $$ BEGIN CREATE ROLE chizai_test_auditor LOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END $$;
         DO $$ BEGIN CREATE ROLE chizai_test_staff LOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END $$;",
    );
    ok(
        &server,
        &["server", "grant", "chizai_test_auditor", "--as", "auditor"],
    );
    ok(
        &server,
        &["server", "grant", "chizai_test_staff", "--as", "staff"],
    );
    let auditor = pg::with_db(&url, &db, Some("chizai_test_auditor"));
    let staff = pg::with_db(&url, &db, Some("chizai_test_staff"));

    let who = ok(&auditor, &["server", "whoami", "--format", "json"]);
    assert!(who.contains("\"auditor\""), "{who}");
    assert!(ok(&auditor, &["applications", "list", "--limit", "3"]).contains("of 450"));
    let refused = run(
        &auditor,
        &[
            "deadlines",
            "add",
            "--application",
            "TT2016-00001-JP",
            "--title",
            "x",
            "--due",
            "2027-01-15",
        ],
    );
    assert!(!refused.status.success());
    assert!(
        String::from_utf8_lossy(&refused.stderr).contains("read-only"),
        "{}",
        String::from_utf8_lossy(&refused.stderr)
    );

    // Past the CLI: the server itself refuses.
    let mut as_auditor = postgres::Client::connect(&auditor, postgres::NoTls).unwrap();
    let err = as_auditor
        .batch_execute("UPDATE application SET title = 'x' WHERE id = 1")
        .unwrap_err();
    assert_eq!(
        err.code(),
        Some(&postgres::error::SqlState::INSUFFICIENT_PRIVILEGE)
    );
    let mut as_staff = postgres::Client::connect(&staff, postgres::NoTls).unwrap();
    for sql in [
        "UPDATE audit_log SET actor = 'x' WHERE seq = 1",
        "DELETE FROM audit_log WHERE seq = 1",
        "UPDATE institution SET name = 'x'",
    ] {
        let err = as_staff.batch_execute(sql).unwrap_err();
        assert_eq!(
            err.code(),
            Some(&postgres::error::SqlState::INSUFFICIENT_PRIVILEGE),
            "{sql}: {err}"
        );
    }
    // Staff write the docket.
    ok(
        &staff,
        &[
            "deadlines",
            "add",
            "--application",
            "TT2016-00001-JP",
            "--title",
            "staff",
            "--due",
            "2027-01-15",
        ],
    );
    assert!(ok(&server, &["audit", "verify"]).starts_with("audit trail intact"));
}

#[test]
fn a_server_that_cannot_be_reached_or_is_misnamed_gets_one_clear_line() {
    // Server down, a database that does not exist, a password in the URL: one line naming what to
    // do, exit 1, nothing created anywhere.
    let Some(url) = pg::server() else { return };
    let missing = pg::with_db(&url, "no_such_database_here", None);
    let out = run(&missing, &["applications", "list"]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("no database no_such_database_here"), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");

    let down = "postgres://nobody@localhost/x?host=/nonexistent-socket-dir&port=5999";
    let out = run(down, &["applications", "list"]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("cannot reach the database server"), "{err}");

    let with_password = "postgres://u:secret@localhost/x";
    let out = run(with_password, &["applications", "list"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("~/.pgpass"), "{err}");
    assert!(
        !Path::new("postgres:").exists(),
        "a URL is never taken for a file name"
    );
}

#[test]
fn a_newer_schema_or_a_login_without_a_role_is_refused_with_what_to_do() {
    // A server upgraded by a newer Chizai must not be written by an older one; a login nobody
    // granted a role gets the grant command to ask for, not a bare "permission denied".
    let Some(url) = pg::server() else { return };
    let (db, server) = pg::fresh_db(&url, "refusals");
    ok(&server, &["init", "--institution", "東都大学"]);
    pg::admin(
        &url,
        "DO $$ BEGIN CREATE ROLE chizai_test_nobody LOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END $$;",
    );
    let nobody = pg::with_db(&url, &db, Some("chizai_test_nobody"));
    let out = run(&nobody, &["applications", "list"]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("chizai server grant"), "{err}");

    let mut owner = postgres::Client::connect(&server, postgres::NoTls).unwrap();
    owner
        .batch_execute(
            "INSERT INTO schema_migration (number, name, checksum, applied_at)
             VALUES (999, '0999_future', 'x', '2030-01-01T00:00:00Z')",
        )
        .unwrap();
    let out = run(&server, &["applications", "list"]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("newer Chizai"), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
}

#[test]
fn both_engines_have_one_schema() {
    // The server's migrations are twins of the file's: same tables, columns, keys, indexes and
    // checks, the differences only the documented ones (scripts/compare-schemas.sh says which).
    // A migration added to one side only, or written differently, fails here.
    let Some(url) = pg::server() else { return };
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("../scripts/compare-schemas.sh");
    let out = std::process::Command::new("bash")
        .arg(&script)
        .arg(&url)
        .env("CHIZAI_BIN", common::chizai_bin())
        .output()
        .expect("run compare-schemas.sh");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success() && stdout.contains("schemas match"),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
