//! The JSON exchange carries the docket: what people recorded on deadlines (done, waived, notes),
//! the deadlines they entered by hand and the reminder settings reach the new database, and the
//! computed dates are the facts' own whatever the file says. Before version 2 an exchange import
//! silently reopened every deadline an office had closed.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::path::Path;

use common::*;
use serde_json::Value;

fn export(db: &Path, out: &Path) -> Value {
    chizai(db)
        .args(["export", "--out"])
        .arg(out)
        .assert()
        .success();
    serde_json::from_slice(&std::fs::read(out).unwrap()).unwrap()
}

fn docket(db: &Path) -> Value {
    json(db, &["deadlines", "--status", "all"])
}

fn with_status<'a>(docket: &'a Value, status: &str) -> Vec<&'a Value> {
    docket
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["status"] == status)
        .collect()
}

#[test]
fn what_people_recorded_on_the_docket_survives_export_and_import() {
    let (dir, db) = demo_db();
    let open = json(&db, &["deadlines", "--status", "open"]);
    let open = open.as_array().unwrap();
    assert!(open.len() > 3, "the demo has open deadlines to act on");
    let done_id = open[0]["id"].as_i64().unwrap().to_string();
    let waived_id = open[1]["id"].as_i64().unwrap().to_string();
    let app = open[2]["application_reference"]
        .as_str()
        .unwrap()
        .to_owned();
    for args in [
        vec![
            "deadlines",
            "done",
            &done_id,
            "--on",
            "2026-11-20",
            "--note",
            "代理人に指示済み",
        ],
        vec![
            "deadlines",
            "waive",
            &waived_id,
            "--reason",
            "権利化を断念（発明委員会決定）",
        ],
        vec![
            "deadlines",
            "add",
            "--application",
            &app,
            "--title",
            "共同出願人への報告",
            "--due",
            "2027-01-15",
        ],
        vec![
            "remind",
            "settings",
            "--smtp",
            "smtp://chizai@mail.example.ac.jp:587",
            "--from",
            "chizai@example.ac.jp",
            "--from-name",
            "知的財産本部",
        ],
    ] {
        chizai(&db).args(&args).assert().success();
    }
    let before = docket(&db);
    assert!(
        with_status(&before, "done")
            .iter()
            .any(|d| d["done_note"] == "代理人に指示済み"),
        "the done mark with its note is in the source"
    );
    assert!(!with_status(&before, "waived").is_empty());
    assert!(before
        .as_array()
        .unwrap()
        .iter()
        .any(|d| d["origin"] == "manual" && d["title"] == "共同出願人への報告"));

    let file = dir.path().join("portfolio.json");
    let exported = export(&db, &file);
    assert_eq!(exported["version"], 2);
    let copy = dir.path().join("copy.sqlite");
    chizai(&copy).arg("import").arg(&file).assert().success();
    assert_eq!(
        docket(&copy),
        before,
        "the same docket, row for row: ids, dates, done/waived marks, notes, manual deadlines"
    );
    let again = dir.path().join("again.json");
    assert_eq!(
        export(&copy, &again),
        exported,
        "and the exchange stays lossless"
    );
    assert_eq!(
        json(&copy, &["remind", "settings"]),
        json(&db, &["remind", "settings"]),
        "the reminder settings travel too (never a password)"
    );
    chizai(&copy).args(["audit", "verify"]).assert().success();
}

#[test]
fn a_due_date_edited_in_the_file_is_brought_back_to_what_the_facts_say() {
    let (dir, db) = demo_db();
    let file = dir.path().join("portfolio.json");
    let mut data = export(&db, &file);
    let rows = data["deadlines"].as_array_mut().unwrap();
    let row = rows
        .iter_mut()
        .find(|d| d["origin"] == "generated" && d["status"] == "open" && d["info"] == false)
        .expect("an open generated deadline");
    let id = row["id"].as_i64().unwrap();
    let due = row["due"].clone();
    row["due"] = Value::from("2099-12-31");
    std::fs::write(&file, serde_json::to_vec(&data).unwrap()).unwrap();
    let copy = dir.path().join("copy.sqlite");
    chizai(&copy).arg("import").arg(&file).assert().success();
    let imported = docket(&copy);
    let same = imported
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["id"] == id)
        .expect("the row keeps its id");
    assert_eq!(
        same["due"], due,
        "a generated deadline's date is computed from the facts, not taken from a file"
    );
}

#[test]
fn a_broken_deadline_in_the_file_is_named_and_nothing_is_written() {
    let (dir, db) = demo_db();
    let file = dir.path().join("portfolio.json");
    let mut data = export(&db, &file);
    let rows = data["deadlines"].as_array_mut().unwrap();
    let at = rows
        .iter()
        .position(|d| d["status"] == "waived")
        .expect("the demo waives fees its history left unpaid");
    rows[at]["waive_reason"] = Value::Null;
    std::fs::write(&file, serde_json::to_vec(&data).unwrap()).unwrap();
    let copy = dir.path().join("copy.sqlite");
    let (ok, _, err) = run(&copy, &["import", file.to_str().unwrap()]);
    assert!(!ok);
    assert!(
        err.contains(&format!("deadlines[{at}].waive_reason")),
        "the error names the record and the field: {err}"
    );
    assert_eq!(
        count(&copy, "SELECT count(*) FROM application"),
        0,
        "one transaction: nothing of the file was written"
    );
}

#[test]
fn a_version_1_file_without_a_docket_still_imports_with_the_docket_computed() {
    let (dir, db) = demo_db();
    let file = dir.path().join("portfolio.json");
    let mut data = export(&db, &file);
    let object = data.as_object_mut().unwrap();
    object.remove("deadlines");
    object.remove("reminder_settings");
    object.insert("version".into(), Value::from(1));
    std::fs::write(&file, serde_json::to_vec(&data).unwrap()).unwrap();
    let copy = dir.path().join("copy.sqlite");
    chizai(&copy).arg("import").arg(&file).assert().success();
    let computed = count(
        &copy,
        "SELECT count(*) FROM deadline WHERE origin = 'generated'",
    );
    assert!(
        computed > 1000,
        "the docket is computed from the facts: {computed} rows"
    );
}

#[test]
fn the_docket_travels_to_the_office_server_too() {
    // The same file into a PostgreSQL database: the same docket, and the next deadline entered
    // by hand gets a new id (explicit ids moved the server's identity past them).
    let Some(admin) = common::pg::server() else {
        return;
    };
    let (dir, db) = demo_db();
    let open = json(&db, &["deadlines", "--status", "open"]);
    let id = open[0]["id"].as_i64().unwrap().to_string();
    chizai(&db)
        .args(["deadlines", "done", &id, "--on", "2026-11-20"])
        .assert()
        .success();
    let file = dir.path().join("portfolio.json");
    export(&db, &file);
    let (_, url) = common::pg::fresh_db(&admin, "exchange_docket");
    let server = Path::new(&url);
    chizai(server).arg("import").arg(&file).assert().success();
    assert_eq!(docket(server), docket(&db), "same docket on both engines");
    let app = open[1]["application_reference"].as_str().unwrap();
    chizai(server)
        .args(["deadlines", "add", "--application", app])
        .args(["--title", "報告", "--due", "2027-02-01"])
        .assert()
        .success();
    let max = docket(&db)
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|d| d["id"].as_i64())
        .max()
        .unwrap();
    let on_server = docket(server);
    let added = on_server
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["title"] == "報告")
        .expect("the new deadline is listed");
    assert!(added["id"].as_i64().unwrap() > max, "{added}");
}
