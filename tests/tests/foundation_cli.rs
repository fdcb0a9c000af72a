//! Black-box tests of the foundation through the `chizai` binary: init, demo, JSON round trip,
//! listings, search, the audit chain, and the bad-input catalogue (each bad record is refused with
//! an error naming its field, and nothing at all is written).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::*;
use predicates::prelude::*;
use rstest::rstest;
use serde_json::{json, Value};

#[test]
fn init_creates_a_database_and_refuses_to_overwrite_it() {
    let (_dir, db) = temp_db();
    chizai(&db)
        .args(["init", "--institution", "国立大学法人 試験大学"])
        .assert()
        .success();
    assert!(db.is_file(), "init writes the file named by --db");
    chizai(&db)
        .args(["init", "--institution", "別の大学"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("already exists"));
}

#[test]
fn read_commands_on_a_missing_database_say_how_to_create_one() {
    let (_dir, db) = temp_db();
    chizai(&db)
        .args(["applications", "list"])
        .assert()
        .code(66)
        .stderr(
            predicate::str::contains("chizai init").and(predicate::str::contains("panicked").not()),
        );
    assert!(!db.exists(), "a read command never creates a database");
}

#[test]
fn the_demo_is_a_realistic_portfolio_and_deterministic() {
    let (_dir, db) = demo_db();
    let page = json(&db, &["applications", "list"]);
    let total = page["total"].as_u64().unwrap();
    assert_eq!(total, 450, "the default demo has 450 applications");
    let offices: std::collections::BTreeSet<&str> = page["rows"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|r| r["office"].as_str())
        .collect();
    for office in ["JP", "PCT", "US", "EP", "CN"] {
        assert!(
            offices.contains(office),
            "the demo files at {office}, as a national university does"
        );
    }
    let statuses: std::collections::BTreeSet<&str> = page["rows"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|r| r["status"].as_str())
        .collect();
    for status in ["granted", "examination", "abandoned"] {
        assert!(
            statuses.contains(status),
            "the demo shows applications that are {status}"
        );
    }
    let disclosures = json(&db, &["disclosures", "list"]);
    let n = disclosures.as_array().unwrap().len();
    assert!(
        (250..=400).contains(&n),
        "about 300 disclosures over ten years, got {n}"
    );

    let (_dir2, db2) = demo_db();
    let a = chizai(&db)
        .args(["export", "--out", "-"])
        .output()
        .unwrap()
        .stdout;
    let b = chizai(&db2)
        .args(["export", "--out", "-"])
        .output()
        .unwrap()
        .stdout;
    assert!(a == b, "the same seed and today give the same database");
}

#[test]
fn export_then_import_into_an_empty_database_then_export_is_identical() {
    let (dir, db) = demo_db();
    let first = dir.path().join("first.json");
    chizai(&db)
        .args(["export", "--out"])
        .arg(&first)
        .assert()
        .success();
    let copy = dir.path().join("copy.sqlite");
    chizai(&copy).arg("import").arg(&first).assert().success();
    let second = dir.path().join("second.json");
    chizai(&copy)
        .args(["export", "--out"])
        .arg(&second)
        .assert()
        .success();
    let (a, b) = (
        std::fs::read(&first).unwrap(),
        std::fs::read(&second).unwrap(),
    );
    assert!(
        a.len() > 100_000,
        "the export holds the whole demo portfolio"
    );
    assert!(a == b, "the JSON exchange is lossless");
    chizai(&copy).args(["audit", "verify"]).assert().success();
}

#[test]
fn search_finds_japanese_substrings_of_any_length() {
    let (_dir, db) = demo_db();
    let hits = json(&db, &["search", "半導体"]);
    let hits = hits.as_array().unwrap();
    assert!(
        !hits.is_empty(),
        "a three-character substring of demo titles is found by the trigram index"
    );
    assert!(
        hits.iter()
            .all(|h| h["label"].as_str().unwrap_or("").contains("半導体")),
        "every hit contains the text"
    );
    let short = json(&db, &["search", "抗体"]);
    assert!(
        !short.as_array().unwrap().is_empty(),
        "two characters fall back to LIKE and still match"
    );
    let filtered = json(
        &db,
        &["applications", "list", "--text", "半導体", "--office", "JP"],
    );
    let rows = filtered["rows"].as_array().unwrap();
    assert!(
        !rows.is_empty()
            && rows
                .iter()
                .all(|r| r["office"] == "JP" && r["title"].as_str().unwrap().contains("半導体"))
    );
}

#[test]
fn show_finds_an_application_by_reference_or_number_as_typed() {
    let (_dir, db) = demo_db();
    let page = json(
        &db,
        &["applications", "list", "--office", "JP", "--limit", "1"],
    );
    let row = &page["rows"][0];
    let number = row["application_number"].as_str().unwrap();
    let typed = format!("特願{}", number.replace('-', "－"));
    let by_number = json(&db, &["applications", "show", &typed]);
    assert_eq!(
        by_number["application"]["reference"], row["reference"],
        "a full-width typed number finds the application"
    );
    assert!(by_number["events"]
        .as_array()
        .unwrap()
        .iter()
        .any(|e| e["kind"] == "filed"));
}

#[test]
fn audit_verify_reports_the_first_broken_link_and_exits_1() {
    let (_dir, db) = demo_db();
    chizai(&db)
        .args(["audit", "verify"])
        .assert()
        .success()
        .stdout(predicate::str::contains("intact"));
    let conn = rusqlite::Connection::open(&db).unwrap();
    conn.execute("UPDATE audit_log SET actor = 'mallory' WHERE seq = 42", [])
        .unwrap();
    drop(conn);
    let report = chizai(&db)
        .args(["audit", "verify", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(
        report.status.code(),
        Some(1),
        "a broken chain is a failed check"
    );
    let v: Value = serde_json::from_slice(&report.stdout).unwrap();
    assert_eq!(v["broken"]["seq"], 42, "the edited row is named");
}

/// A minimal valid export: one person, one family, one JP application with one inventor.
fn minimal() -> Value {
    json!({
        "format": "chizai-export", "version": 1,
        "institution": {"name": "国立大学法人 試験大学"},
        "people": [{"id": 1, "name": "山田 太郎", "role": "inventor"}, {"id": 2, "name": "佐藤 花子", "role": "inventor"}],
        "organisations": [{"id": 1, "name": "株式会社試験", "kind": "company"}],
        "families": [{"id": 1, "reference": "F-1", "title": "試験装置"}],
        "applications": [{
            "id": 1, "family_id": 1, "reference": "A-1", "office": "JP", "right_type": "patent",
            "title": "試験装置及び試験方法", "application_number_raw": "特願2024-123456",
            "filed_on": "2024-04-01", "status": "filed",
            "inventors": [{"person_id": 1, "share_bp": 6000}, {"person_id": 2, "share_bp": 4000}]
        }]
    })
}

fn import(value: &Value) -> (tempfile::TempDir, std::path::PathBuf, std::process::Output) {
    let (dir, db) = temp_db();
    let file = dir.path().join("in.json");
    std::fs::write(&file, serde_json::to_vec(value).unwrap()).unwrap();
    let out = chizai(&db).arg("import").arg(&file).output().unwrap();
    (dir, db, out)
}

fn count_applications(db: &std::path::Path) -> i64 {
    if !db.exists() {
        return 0;
    }
    let conn = rusqlite::Connection::open(db).unwrap();
    conn.query_row("SELECT count(*) FROM application", [], |r| r.get(0))
        .unwrap_or(0)
}

#[test]
fn the_minimal_record_imports_so_the_bad_cases_below_fail_for_their_own_reason() {
    let (_dir, db, out) = import(&minimal());
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(count_applications(&db), 1);
}

#[rstest]
#[case::shares_not_100("/applications/0/inventors/1/share_bp", json!(3000), "application.inventors", "100 %")]
#[case::unknown_office("/applications/0/office", json!("XX"), "applications[0].office", "JP")]
#[case::unknown_right("/applications/0/right_type", json!("copyright"), "applications[0].right_type", "patent")]
#[case::impossible_date("/applications/0/filed_on", json!("2024-02-30"), "applications[0].filed_on", "YYYY-MM-DD")]
#[case::year_typo("/applications/0/filed_on", json!("20224-04-01"), "applications[0].filed_on", "YYYY-MM-DD")]
#[case::reversed_dates("/applications/0/registered_on", json!("2023-01-01"), "application.registered_on", "reversed")]
#[case::malformed_number("/applications/0/application_number_raw", json!("特願ABC"), "application_number", "JP")]
#[case::oversized_title("/applications/0/title", json!("長".repeat(501)), "application.title", "500")]
#[case::empty_title("/applications/0/title", json!("  "), "application.title", "empty")]
#[case::unknown_inventor("/applications/0/inventors/1/person_id", json!(99), "application.inventors", "person 99 does not exist")]
#[case::unknown_pct_parent("/applications/0/pct_id", json!(77), "application 1", "not in the file")]
#[case::negative_cost("/costs", json!([{"application_id": 1, "incurred_on": "2024-05-01", "category": "filing", "amount_yen": -5}]), "amount_yen", "negative")]
fn bad_records_are_refused_naming_the_field_and_nothing_is_written(
    #[case] pointer: &str,
    #[case] value: Value,
    #[case] field: &str,
    #[case] hint: &str,
) {
    let mut data = minimal();
    let (parent, key) = pointer.rsplit_once('/').unwrap();
    let target = if parent.is_empty() {
        &mut data
    } else {
        data.pointer_mut(parent).unwrap()
    };
    match target {
        Value::Array(items) => items[key.parse::<usize>().unwrap()] = value,
        other => other[key] = value,
    }
    let (_dir, db, out) = import(&data);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        out.status.code(),
        Some(65),
        "refused as invalid input (EX_DATAERR): {stderr}"
    );
    assert!(
        stderr.starts_with("chizai: error:") && stderr.lines().count() == 1,
        "one clear line: {stderr}"
    );
    assert!(
        stderr.contains(field) && stderr.contains(hint),
        "names {field} and says {hint:?}: {stderr}"
    );
    assert!(!stderr.contains("panicked"), "never a panic");
    assert_eq!(
        count_applications(&db),
        0,
        "all or nothing: no application was written"
    );
}

#[test]
fn a_duplicate_application_number_is_a_conflict_and_nothing_is_written() {
    let mut data = minimal();
    let mut second = data["applications"][0].clone();
    second["id"] = json!(2);
    second["reference"] = json!("A-2");
    second["application_number_raw"] = json!("特願２０２４－１２３４５６");
    data["applications"].as_array_mut().unwrap().push(second);
    let (_dir, db, out) = import(&data);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        out.status.code(),
        Some(73),
        "a conflict (EX_CANTCREAT): {stderr}"
    );
    assert!(
        stderr.contains("2024-123456") && stderr.contains("already recorded"),
        "full-width input normalises to the same number: {stderr}"
    );
    assert_eq!(count_applications(&db), 0);
}

#[rstest]
#[case::full_width("特願２０２４－１２３４５６", "2024-123456")]
#[case::heisei_era("特願平１０－１２３４５６", "1998-123456")]
#[case::dash_lookalike("特願2024ー123456", "2024-123456")]
fn full_width_digits_and_era_years_are_accepted_and_normalised(
    #[case] raw: &str,
    #[case] normalised: &str,
) {
    let mut data = minimal();
    data["applications"][0]["application_number_raw"] = json!(raw);
    if normalised.starts_with("1998") {
        data["applications"][0]["filed_on"] = json!("1998-06-01");
    }
    let (_dir, db, out) = import(&data);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let shown = json(&db, &["applications", "show", "A-1"]);
    assert_eq!(shown["application"]["application_number"], normalised);
    assert_eq!(
        shown["application"]["application_number_raw"], raw,
        "the raw text is kept beside the parsed number"
    );
}

#[test]
fn a_non_utf8_or_truncated_import_file_is_refused_with_what_is_wrong() {
    let (dir, db) = temp_db();
    let sjis = dir.path().join("sjis.json");
    std::fs::write(&sjis, b"{\"format\": \"\x93\xc1\x8b\x96\"}").unwrap();
    chizai(&db)
        .arg("import")
        .arg(&sjis)
        .assert()
        .code(65)
        .stderr(predicate::str::contains("not UTF-8"));
    let truncated = dir.path().join("cut.json");
    let full = serde_json::to_string(&minimal()).unwrap();
    std::fs::write(&truncated, &full[..full.len() / 2]).unwrap();
    chizai(&db)
        .arg("import")
        .arg(&truncated)
        .assert()
        .code(65)
        .stderr(predicate::str::contains("truncated"));
    assert_eq!(count_applications(&db), 0);
}

#[test]
fn the_demo_docket_is_worked_like_a_real_desk_so_only_recent_deadlines_are_overdue() {
    let (_dir, db) = demo_db();
    let overdue = json(&db, &["deadlines", "--status", "overdue"]);
    let overdue = overdue.as_array().unwrap();
    assert!(
        !overdue.is_empty(),
        "a real desk has a few overdue items for the dashboard to show"
    );
    assert!(
        overdue.len() < 60,
        "but not hundreds: the past was settled ({} overdue)",
        overdue.len()
    );
    // TODAY is 2026-11-28; deadlines that fell due more than 45 days before it were settled.
    for d in overdue {
        assert!(
            d["due"].as_str().unwrap() >= "2026-10-14",
            "an old deadline left open: {d}"
        );
    }
    let done = json(&db, &["deadlines", "--status", "done"]);
    let waived = json(&db, &["deadlines", "--status", "waived"]);
    assert!(
        !done.as_array().unwrap().is_empty() && !waived.as_array().unwrap().is_empty(),
        "settled as done or, for optional procedures, waived"
    );
    chizai(&db).args(["audit", "verify"]).assert().success();
}
