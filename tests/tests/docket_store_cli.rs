//! Black-box tests of `chizai deadlines` on the demo database: listing in four formats,
//! overdue against the fixed today, done / waive / add, and an idempotent recompute.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{chizai, demo_db, json, TODAY};
use predicates::prelude::PredicateBooleanExt;
use predicates::str::contains;

fn out(cmd: &mut assert_cmd::Command) -> String {
    let o = cmd.assert().success();
    String::from_utf8(o.get_output().stdout.clone()).expect("utf-8")
}

#[test]
fn demo_has_a_docket_and_recompute_is_idempotent() {
    let (_dir, db) = demo_db();
    let open = json(&db, &["deadlines"]);
    let open = open.as_array().expect("array");
    assert!(
        open.len() > 100,
        "the demo portfolio yields a docket: {}",
        open.len()
    );
    for d in open {
        assert_eq!(d["status"], "open", "default listing is open deadlines");
        for key in ["id", "code", "due", "unrolled", "title", "explanation"] {
            assert!(!d[key].is_null(), "{key} present: {d}");
        }
    }
    let text = out(chizai(&db).args(["deadlines", "recompute"]));
    assert!(
        text.contains("0 created, 0 updated, 0 closed, 0 obsolete"),
        "demo already recomputed, a second run changes nothing: {text}"
    );
}

#[test]
fn overdue_means_open_and_before_today() {
    let (_dir, db) = demo_db();
    let overdue = json(&db, &["deadlines", "--status", "overdue"]);
    let overdue = overdue.as_array().expect("array");
    assert!(
        !overdue.is_empty(),
        "the demo has overdue deadlines on {TODAY}, so the loop below checks something"
    );
    for d in overdue {
        assert!(
            d["due"].as_str().expect("due") < TODAY,
            "overdue is before {TODAY}: {d}"
        );
        assert_eq!(d["info"], false, "a date to know is never overdue");
    }
    let ranged = json(
        &db,
        &["deadlines", "--from", "2027-01-01", "--to", "2027-03-31"],
    );
    let ranged = ranged.as_array().expect("array");
    assert!(!ranged.is_empty(), "the demo has deadlines in 2027 Q1");
    for d in ranged {
        let due = d["due"].as_str().expect("due");
        assert!(
            ("2027-01-01"..="2027-03-31").contains(&due),
            "in range: {due}"
        );
    }
}

#[test]
fn done_waive_and_add_are_recorded() {
    let (_dir, db) = demo_db();
    let open = json(&db, &["deadlines", "--office", "JP"]);
    let open = open.as_array().expect("array");
    assert!(open.iter().all(|d| d["office"] == "JP"), "office filter");
    let first_id = open[0]["id"].as_i64().expect("id");
    let first = first_id.to_string();
    let second = open[1]["id"].as_i64().expect("id").to_string();
    chizai(&db)
        .args([
            "deadlines",
            "done",
            &first,
            "--on",
            "2026-11-20",
            "--note",
            "代理人へ指示済み",
        ])
        .assert()
        .success();
    chizai(&db)
        .args(["deadlines", "waive", &second, "--reason", ""])
        .assert()
        .failure()
        .stderr(contains("reason"));
    chizai(&db)
        .args([
            "deadlines",
            "waive",
            &second,
            "--reason",
            "権利化しない方針（知財委員会決定）",
        ])
        .assert()
        .success();
    let done = json(&db, &["deadlines", "--status", "done"]);
    let d = done
        .as_array()
        .expect("array")
        .iter()
        .find(|d| d["id"].as_i64() == Some(first_id))
        .expect("the deadline marked done");
    assert_eq!(d["done_on"], "2026-11-20");
    assert_eq!(d["done_note"], "代理人へ指示済み");
    assert_eq!(d["done_by"], "test", "the actor is recorded");
    let reference = open[0]["application_reference"]
        .as_str()
        .expect("ref")
        .to_string();
    chizai(&db)
        .args([
            "deadlines",
            "add",
            "--application",
            &reference,
            "--title",
            "発明者面談",
            "--due",
            "2026-12-15",
        ])
        .assert()
        .success();
    let text = out(chizai(&db).args(["deadlines", "recompute"]));
    assert!(
        text.contains("0 obsolete"),
        "recompute keeps manual and recorded deadlines: {text}"
    );
    let after = json(&db, &["deadlines", "--status", "all"]);
    let after = after.as_array().expect("array");
    let kept = after
        .iter()
        .find(|d| d["id"].as_i64() == Some(first_id))
        .expect("kept");
    assert_eq!(
        kept["status"], "done",
        "a recompute keeps what a person recorded"
    );
    assert!(after
        .iter()
        .any(|d| d["title"] == "発明者面談" && d["origin"] == "manual"));
    let audit = json(&db, &["audit", "verify"]);
    assert!(
        audit["broken"].is_null(),
        "audit chain intact after docket writes: {audit}"
    );
}

#[test]
fn csv_and_ics_exports() {
    let (_dir, db) = demo_db();
    let listed = json(&db, &["deadlines", "--to", "2027-06-30"]);
    let n = listed.as_array().expect("array").len();
    let csv = out(chizai(&db).args(["deadlines", "--to", "2027-06-30", "--format", "csv"]));
    assert!(
        csv.starts_with("id,due,unrolled,status,application,office,code"),
        "header: {csv}"
    );
    assert_eq!(
        csv.lines().count(),
        n + 1,
        "one line per deadline plus the header"
    );
    let ics = out(chizai(&db).args(["deadlines", "--to", "2027-06-30", "--format", "ics"]));
    assert!(
        ics.starts_with("BEGIN:VCALENDAR\r\n"),
        "RFC 5545 with CRLF lines"
    );
    assert_eq!(
        ics.matches("BEGIN:VEVENT").count(),
        n,
        "one VEVENT per deadline"
    );
    let again = out(chizai(&db).args(["deadlines", "--to", "2027-06-30", "--format", "ics"]));
    let uids = |s: &str| -> Vec<String> {
        s.lines()
            .filter(|l| l.starts_with("UID:"))
            .map(str::to_string)
            .collect()
    };
    assert_eq!(
        uids(&ics),
        uids(&again),
        "stable UIDs: re-import updates, not duplicates"
    );
}

#[test]
fn the_demo_dockets_its_cn_and_kr_national_phases() {
    // Issue 16: the demo's national phases into China and Korea get their own deadlines,
    // computed from the CNIPA/KIPO rules, instead of the "no rules" marker.
    let (_dir, db) = demo_db();
    for (office, prefix) in [("CN", "cn."), ("KR", "kr.")] {
        let all = json(&db, &["deadlines", "--status", "all", "--office", office]);
        let all = all.as_array().expect("array");
        let codes: std::collections::BTreeSet<&str> =
            all.iter().filter_map(|d| d["code"].as_str()).collect();
        for what in [
            "exam_request",
            "oa_response",
            "annuity",
            "annuity_grace",
            "term",
        ] {
            let code = format!("{prefix}{what}");
            assert!(
                codes.contains(code.as_str()),
                "the demo's {office} phases have {code}: {codes:?}"
            );
        }
        assert!(
            all.iter()
                .filter(|d| d["code"] == format!("{prefix}exam_request"))
                .all(|d| d["status"] == "done"),
            "{office}: examination is requested on entry, so no request deadline is left open"
        );
        let open_annuity = all
            .iter()
            .find(|d| d["code"] == format!("{prefix}annuity") && d["status"] == "open")
            .expect("an open annuity");
        assert!(
            open_annuity["explanation"]["ja"]
                .as_str()
                .unwrap_or_default()
                .contains(if office == "CN" {
                    "中国専利法第43条"
                } else {
                    "韓国特許法第79条"
                }),
            "the explanation cites the law: {open_annuity}"
        );
    }
    chizai(&db)
        .args(["deadlines"])
        .assert()
        .success()
        .stderr(predicates::str::contains("no rules for CN").not())
        .stdout(predicates::str::contains("no rules for CN").not())
        .stdout(predicates::str::contains("no rules for KR").not());
}
