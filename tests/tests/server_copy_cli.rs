//! Moving a portfolio between a desk's file and the office server (issue 12, "Moving"):
//! `chizai --db FILE copy --to URL`, `chizai --db NEWFILE copy --from URL`, snapshots taken from
//! the server, and the JSON export/import across engines. Every test needs the test server
//! (`CHIZAI_TEST_PG`, started by scripts/test.sh) and skips cleanly without it.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::path::Path;

use common::{chizai, demo_db, json, run, temp_db};

/// What a person sees of a portfolio: the register, the docket, a Japanese search, the
/// agreements — each as the CLI prints it.
fn views(db: &Path) -> Vec<String> {
    let out = |args: &[&str]| {
        let (ok, stdout, stderr) = run(db, args);
        assert!(ok, "chizai {args:?} on {}: {stderr}", db.display());
        stdout
    };
    vec![
        out(&["applications", "list", "--format", "json"]),
        out(&["deadlines", "--status", "all", "--format", "csv"]),
        out(&["search", "半導体"]),
        out(&["agreements", "list", "--format", "json"]),
    ]
}

/// `audit verify` succeeds; returns the number of entries it checked.
fn audit_rows(db: &Path) -> i64 {
    let report = json(db, &["audit", "verify"]);
    assert!(report["broken"].is_null(), "{report}");
    report["rows"].as_i64().unwrap()
}

/// The whole portfolio as the JSON export writes it.
fn export(db: &Path) -> serde_json::Value {
    let (ok, stdout, stderr) = run(db, &["export", "--out", "-"]);
    assert!(ok, "export from {}: {stderr}", db.display());
    serde_json::from_str(&stdout).unwrap()
}

#[test]
fn a_desk_moves_to_the_server_and_back_without_loss() {
    // The "Moving": a desk's file goes to the server and comes back into a new file, and
    // at each stop the register, docket, search, agreements and the audit chain read the same —
    // the only difference is the one audit row each move records.
    let Some(admin) = common::pg::server() else {
        return;
    };
    let (dir, desk) = demo_db();
    let (_, url) = common::pg::fresh_db(&admin, "move");
    let url = Path::new(&url);
    let before = views(&desk);
    let desk_rows = audit_rows(&desk);

    let summary = json(&desk, &["copy", "--to", url.to_str().unwrap()]);
    assert!(summary["rows"].as_u64().unwrap() > 0, "{summary}");
    assert!(
        summary["from"].as_str().unwrap().starts_with("file "),
        "{summary}"
    );
    assert_eq!(views(url), before, "the server reads as the desk did");
    assert_eq!(
        audit_rows(url),
        desk_rows + 1,
        "one audit row records the move"
    );
    let last = json(url, &["audit", "list", "--limit", "1"]);
    assert_eq!(last[0]["entity"], "database", "{last}");
    assert_eq!(last[0]["action"], "import", "{last}");

    let back = dir.path().join("back.sqlite");
    let (ok, _, stderr) = run(&back, &["copy", "--from", url.to_str().unwrap()]);
    assert!(ok, "{stderr}");
    assert_eq!(
        views(&back),
        before,
        "the file brought back reads as the desk did"
    );
    assert_eq!(
        audit_rows(&back),
        desk_rows + 2,
        "each move adds one audit row"
    );
    assert_eq!(
        export(&back),
        export(&desk),
        "the exported portfolio is the same after the round trip"
    );
}

#[test]
fn a_non_empty_target_is_refused_and_nothing_written() {
    // A copy into a database that already holds a portfolio would mix two offices' records: it is
    // refused with one line, and neither the server nor an existing file changes.
    let Some(admin) = common::pg::server() else {
        return;
    };
    let (dir, desk) = demo_db();
    let (_, url) = common::pg::fresh_db(&admin, "full");
    let (ok, _, stderr) = run(&desk, &["copy", "--to", &url]);
    assert!(ok, "{stderr}");
    let rows = audit_rows(Path::new(&url));

    let (ok, _, stderr) = run(&desk, &["copy", "--to", &url]);
    assert!(!ok);
    assert!(stderr.contains("not empty"), "{stderr}");
    assert_eq!(stderr.trim().lines().count(), 1, "one line: {stderr}");
    assert_eq!(
        audit_rows(Path::new(&url)),
        rows,
        "nothing written on the server"
    );

    // An existing file is never the target of --from.
    let desk_rows = audit_rows(&desk);
    let (ok, _, stderr) = run(&desk, &["copy", "--from", &url]);
    assert!(!ok);
    assert!(stderr.contains("already exists"), "{stderr}");
    assert_eq!(audit_rows(&desk), desk_rows);
    drop(dir);
}

#[test]
fn a_snapshot_taken_from_the_server_verifies_and_opens_offline() {
    // Auditors need no server: a snapshot of the server's database is the same single signed
    // SQLite file, verified and read with --snapshot like a desk's.
    let Some(admin) = common::pg::server() else {
        return;
    };
    let (dir, desk) = demo_db();
    let (_, url) = common::pg::fresh_db(&admin, "snap");
    let (ok, _, stderr) = run(&desk, &["copy", "--to", &url]);
    assert!(ok, "{stderr}");
    let snap = dir.path().join("server.chizai-snapshot");
    // A server desk keeps its signing key in its own data folder (XDG_DATA_HOME here).
    let data_home = dir.path().join("server-desk");
    let on_server = |args: &[&str]| {
        let out = chizai(Path::new(&url))
            .env("XDG_DATA_HOME", &data_home)
            .args(args)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
        assert!(out.status.success(), "chizai {args:?}: {stderr}");
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    on_server(&["key", "init"]);
    let key: serde_json::Value =
        serde_json::from_str(&on_server(&["key", "show", "--format", "json"])).unwrap();
    let fingerprint = key["fingerprint"].as_str().unwrap().to_owned();
    on_server(&["snapshot", "create", "--out", snap.to_str().unwrap()]);
    // Verified where no key is pinned (an auditor's machine): the file's own signature holds.
    let (_offline_dir, offline) = temp_db();
    let verified = json(
        &offline,
        &[
            "snapshot",
            "verify",
            snap.to_str().unwrap(),
            "--key",
            &fingerprint,
        ],
    );
    assert_eq!(verified["ok"], true, "{verified}");
    let server_rows = audit_rows(Path::new(&url));
    assert_eq!(
        verified["manifest"]["audit"]["rows"].as_i64(),
        Some(server_rows),
        "the snapshot holds the server's audit trail, nothing added"
    );
    let (ok, stdout, stderr) = run(
        &offline,
        &[
            "--snapshot",
            snap.to_str().unwrap(),
            "--snapshot-key",
            &fingerprint,
            "applications",
            "list",
            "--format",
            "json",
        ],
    );
    assert!(ok, "{stderr}");
    assert_eq!(
        stdout,
        views(Path::new(&url))[0],
        "the snapshot reads as the server"
    );
}

#[test]
fn the_json_export_moves_between_engines_both_ways() {
    // The exchange format is the engine-neutral way out: SQLite → JSON → PostgreSQL → JSON →
    // SQLite gives the same JSON at every step.
    let Some(admin) = common::pg::server() else {
        return;
    };
    let (dir, desk) = demo_db();
    let file = dir.path().join("export.json");
    let (ok, _, stderr) = run(&desk, &["export", "--out", file.to_str().unwrap()]);
    assert!(ok, "{stderr}");
    let (_, url) = common::pg::fresh_db(&admin, "json");
    let (ok, _, stderr) = run(Path::new(&url), &["import", file.to_str().unwrap()]);
    assert!(ok, "{stderr}");
    let original = export(&desk);
    assert_eq!(export(Path::new(&url)), original, "SQLite → PostgreSQL");
    let again = dir.path().join("again.json");
    let (ok, _, stderr) = run(
        Path::new(&url),
        &["export", "--out", again.to_str().unwrap()],
    );
    assert!(ok, "{stderr}");
    let (_, back) = temp_db();
    let (ok, _, stderr) = run(&back, &["import", again.to_str().unwrap()]);
    assert!(ok, "{stderr}");
    assert_eq!(export(&back), original, "PostgreSQL → SQLite");
    assert_eq!(audit_rows(Path::new(&url)), audit_rows(&back));
}

#[test]
fn attached_files_move_with_the_portfolio_and_every_desk_on_the_server_opens_them() {
    // A signed policy attached on a desk must survive the move to the server and back, and on the
    // server be the same for a colleague whose desk never had the file (the contents live in the
    // database there, not in one desk's folder); a snapshot of the server carries it too.
    let Some(admin) = common::pg::server() else {
        return;
    };
    let (dir, desk) = demo_db();
    let pdf = dir.path().join("知的財産ポリシー第4版.pdf");
    let content = b"%PDF-1.4 IP policy, version 4.0, approved by the board".to_vec();
    std::fs::write(&pdf, &content).unwrap();
    let (ok, _, stderr) = run(
        &desk,
        &[
            "policies",
            "attach",
            "IP-POLICY",
            "4.0",
            pdf.to_str().unwrap(),
        ],
    );
    assert!(ok, "{stderr}");
    let (_, url) = common::pg::fresh_db(&admin, "files");
    let summary = json(&desk, &["copy", "--to", &url]);
    assert_eq!(
        summary["attachment_contents"], 1,
        "the one content moved: {summary}"
    );

    // A colleague's desk: another data folder, no attachments of its own.
    let colleague = tempfile::tempdir().unwrap();
    let extract = |db: &Path, out: &Path, data_home: &Path| {
        let o = chizai(db)
            .env("XDG_DATA_HOME", data_home)
            .args(["policies", "extract", "IP-POLICY", "4.0", "--out"])
            .arg(out)
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        std::fs::read(out).unwrap()
    };
    let got = extract(
        Path::new(&url),
        &colleague.path().join("from-server.pdf"),
        colleague.path(),
    );
    assert_eq!(
        got, content,
        "the colleague reads the desk's file from the server"
    );

    // Attached on the server by the colleague, read back from a file copied off the server.
    let letter = colleague.path().join("ライセンス契約書.pdf");
    std::fs::write(&letter, b"%PDF-1.4 signed licence").unwrap();
    let agreement = json(Path::new(&url), &["agreements", "list"])[0]["number"]
        .as_str()
        .unwrap()
        .to_owned();
    let o = chizai(Path::new(&url))
        .env("XDG_DATA_HOME", colleague.path())
        .args(["agreements", "attach", &agreement])
        .arg(&letter)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let back_dir = tempfile::tempdir().unwrap();
    let back = back_dir.path().join("back.sqlite");
    let summary = json(&back, &["copy", "--from", &url]);
    assert_eq!(
        summary["attachment_contents"], 2,
        "both contents came back: {summary}"
    );
    let got = extract(
        &back,
        &back_dir.path().join("from-file.pdf"),
        back_dir.path(),
    );
    assert_eq!(
        got, content,
        "the file brought back holds the policy document"
    );
    let stored: Vec<_> = walk(&back_dir.path().join("attachments"));
    assert_eq!(
        stored.len(),
        2,
        "both contents as files beside the new desk file: {stored:?}"
    );

    // A snapshot of the server carries the contents, read offline from the snapshot alone.
    let snap_home = tempfile::tempdir().unwrap();
    let snap = snap_home.path().join("server.chizai-snapshot");
    let on_server = |args: &[&str]| {
        let o = chizai(Path::new(&url))
            .env("XDG_DATA_HOME", snap_home.path())
            .args(args)
            .output()
            .unwrap();
        assert!(
            o.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
        String::from_utf8_lossy(&o.stdout).into_owned()
    };
    on_server(&["key", "init"]);
    let key: serde_json::Value =
        serde_json::from_str(&on_server(&["key", "show", "--format", "json"])).unwrap();
    on_server(&["snapshot", "create", "--out", snap.to_str().unwrap()]);
    let fingerprint = key["fingerprint"].as_str().unwrap();
    let verified = json(
        &back,
        &[
            "snapshot",
            "verify",
            snap.to_str().unwrap(),
            "--key",
            fingerprint,
        ],
    );
    assert_eq!(verified["ok"], true, "{verified}");
    let files = verified["manifest"]["entries"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["kind"] == "attachment")
        .count();
    assert_eq!(files, 2, "the snapshot holds both contents: {verified}");
    let o = chizai(&back)
        .args([
            "--snapshot",
            snap.to_str().unwrap(),
            "--snapshot-key",
            fingerprint,
        ])
        .args(["policies", "extract", "IP-POLICY", "4.0", "--out"])
        .arg(back_dir.path().join("from-snapshot.pdf"))
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(
        std::fs::read(back_dir.path().join("from-snapshot.pdf")).unwrap(),
        content,
        "read offline from the server's snapshot alone"
    );
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut files = Vec::new();
    for e in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let p = e.path();
        if p.is_dir() {
            files.extend(walk(&p));
        } else {
            files.push(p);
        }
    }
    files
}
