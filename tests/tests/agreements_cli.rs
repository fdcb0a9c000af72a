//! Black-box tests of the agreements, policies, activities, income, compensation and KPI commands on
//! the demo institution.

mod common;

use common::{chizai, demo_db, json};

#[test]
fn the_demo_has_the_agreements_issue_4_asks_for() {
    let (_dir, db) = demo_db();
    let rows = json(&db, &["agreements", "list"]);
    let rows = rows.as_array().expect("a JSON array of agreements");
    let kind = |k: &str| rows.iter().filter(|r| r["kind"] == k).count();
    assert_eq!(kind("tlo_mandate"), 1, "one TLO mandate");
    let licensing = kind("licence_exclusive")
        + kind("licence_non_exclusive")
        + kind("option")
        + kind("assignment");
    assert!(
        (30..=60).contains(&licensing),
        "30–60 licences/options/assignments, got {licensing}"
    );
    assert!(
        kind("joint_research") >= 100,
        "100+ joint research agreements, got {}",
        kind("joint_research")
    );
    assert!(kind("nda") > 0, "NDAs");
}

#[test]
fn agreements_show_gives_parties_and_obligations() {
    let (_dir, db) = demo_db();
    let detail = json(&db, &["agreements", "show", "TLO-2004-001"]);
    assert_eq!(detail["agreement"]["kind"], "tlo_mandate");
    assert_eq!(detail["parties"][0]["role"], "tlo");
    let codes: Vec<&str> = detail["obligations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["code"].as_str().unwrap())
        .collect();
    assert!(
        codes.contains(&"agreement.renewal_notice"),
        "an auto-renewing mandate has renewal-notice dates: {codes:?}"
    );
    chizai(&db)
        .args(["agreements", "show", "NO-SUCH"])
        .assert()
        .failure()
        .stderr(predicates::str::contains("agreement not found"));
}

#[test]
fn policies_answer_which_version_was_in_force_on_a_date() {
    let (_dir, db) = demo_db();
    let on = |date: &str| {
        let rows = json(&db, &["policies", "list", "--on", date]);
        rows.as_array()
            .unwrap()
            .iter()
            .find(|r| r["code"] == "IP-POLICY")
            .unwrap()["version"]
            .clone()
    };
    assert_eq!(
        on("2004-03-31"),
        serde_json::Value::Null,
        "before the first IP policy took effect"
    );
    assert_eq!(on("2004-04-01"), "1.0", "in force from FY2004");
    assert_eq!(
        on("2016-03-31"),
        "2.0",
        "the 2010 version until the day before the 2016 one"
    );
    assert_eq!(on("2016-04-01"), "3.0");
    let show = json(&db, &["policies", "show", "MODEL-JR", "--on", "2024-01-01"]);
    assert_eq!(show["in_force"]["version"], "3.0");
    assert!(
        show["states"]
            .as_array()
            .unwrap()
            .iter()
            .any(|s| s == "draft"),
        "the model agreement has a draft"
    );
    chizai(&db)
        .args(["policies", "list", "--on", "2024-13-01"])
        .assert()
        .code(2);
}

#[test]
fn kpi_json_has_ten_years_and_both_seed_targets() {
    let (_dir, db) = demo_db();
    let k = json(&db, &["kpi", "--fy", "2025", "--years", "10"]);
    let years = k["years"].as_array().unwrap();
    assert_eq!(years.len(), 10);
    assert_eq!(years[0]["fiscal_year"], 2016, "oldest first");
    assert!(
        years
            .iter()
            .all(|y| y["consultations"].as_i64().unwrap() > 0),
        "ten years of activity"
    );
    let metrics: Vec<&str> = k["targets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["target"]["metric"].as_str().unwrap())
        .collect();
    assert_eq!(metrics, vec!["patents_granted", "patents_under_licence"]);
    chizai(&db)
        .args(["kpi", "--fy", "2025"])
        .assert()
        .success()
        .stdout(predicates::str::contains("特許取得"));
}

#[test]
fn compensation_can_be_marked_paid_once() {
    let (_dir, db) = demo_db();
    let dist = json(&db, &["compensation", "--fy", "2024"]);
    let first = &dist["inventors"][0];
    let person = first["person_id"]
        .as_i64()
        .expect("someone is owed compensation in FY2024")
        .to_string();
    let total: i64 = dist["inventors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["amount_yen"].as_i64().unwrap())
        .sum();
    assert_eq!(
        total,
        dist["total_yen"].as_i64().unwrap(),
        "the lines add up to the total"
    );
    chizai(&db)
        .args([
            "compensation",
            "--fy",
            "2024",
            "--mark-paid",
            &person,
            "--paid-on",
            "2025-06-30",
        ])
        .assert()
        .success();
    chizai(&db)
        .args([
            "compensation",
            "--fy",
            "2024",
            "--mark-paid",
            &person,
            "--paid-on",
            "2025-07-01",
        ])
        .assert()
        .failure();
    let after = json(&db, &["compensation", "--fy", "2024"]);
    assert_eq!(after["inventors"][0]["paid_on"], "2025-06-30");
}

#[test]
fn activities_and_income_list_by_fiscal_year() {
    let (_dir, db) = demo_db();
    let acts = json(
        &db,
        &["activities", "list", "--kind", "seminar", "--fy", "2020"],
    );
    assert!(acts
        .as_array()
        .unwrap()
        .iter()
        .all(|a| a["kind"] == "seminar"));
    let income = json(&db, &["income", "list", "--fy", "2023"]);
    assert!(income
        .as_array()
        .unwrap()
        .iter()
        .all(|i| i["fiscal_year"] == 2023));
    assert!(!income.as_array().unwrap().is_empty());
}

#[test]
fn a_signed_copy_is_attached_by_its_sha256() {
    let (dir, db) = demo_db();
    let pdf = dir.path().join("signed.pdf");
    std::fs::write(&pdf, b"%PDF-1.4 signed licence").unwrap();
    chizai(&db)
        .args(["agreements", "attach", "TLO-2004-001"])
        .arg(&pdf)
        .assert()
        .success();
    let detail = json(&db, &["agreements", "show", "TLO-2004-001"]);
    let files = detail["agreement"]["attachments"].as_array().unwrap();
    assert_eq!(files.len(), 1);
    assert_eq!(files[0]["file_name"], "signed.pdf");
    assert_eq!(
        files[0]["sha256"], "f44bd3fc1a0daf3c6a428bf6482bc4d6c2efa3d89bda3598b38800df0a8cfe90",
        "the SHA-256 of the bytes (computed independently with Python's hashlib)"
    );
    let stored = dir
        .path()
        .join("attachments/f4/f44bd3fc1a0daf3c6a428bf6482bc4d6c2efa3d89bda3598b38800df0a8cfe90");
    assert_eq!(
        std::fs::read(stored).unwrap(),
        b"%PDF-1.4 signed licence",
        "the content is stored under its digest"
    );
}

// Test helpers: a panic is a failed test (clippy allows unwrap only inside #[test] functions).
#[allow(clippy::unwrap_used)]
fn count(db: &std::path::Path, args: &[&str]) -> usize {
    json(db, args).as_array().unwrap().len()
}

#[allow(clippy::unwrap_used)]
fn audit_rows(db: &std::path::Path) -> i64 {
    json(db, &["audit", "verify"])["rows"].as_i64().unwrap()
}

#[test]
fn bad_agreements_and_income_are_refused_from_the_cli_and_nothing_is_written() {
    let (dir, db) = demo_db();
    let company = json(&db, &["agreements", "show", "TLO-2004-001"])["parties"][0]
        ["organisation_id"]
        .as_i64()
        .unwrap();
    let before = (
        count(&db, &["agreements", "list"]),
        count(&db, &["income", "list"]),
        audit_rows(&db),
    );
    let reversed = dir.path().join("reversed.json");
    std::fs::write(
        &reversed,
        format!(
            r#"{{"number": "BAD-1", "title": "逆転した期間", "kind": "licence_non_exclusive", "status": "in_force",
                "effective_on": "2025-04-01", "expires_on": "2025-03-31",
                "parties": [{{"organisation_id": {company}, "role": "licensee"}}]}}"#
        ),
    )
    .unwrap();
    chizai(&db)
        .args(["agreements", "add"])
        .arg(&reversed)
        .assert()
        .code(65)
        .stderr(predicates::str::contains("agreement.expires_on"));
    chizai(&db)
        .args([
            "income",
            "add",
            "--agreement",
            "TLO-2004-001",
            "--on",
            "2025-05-01",
            "--category",
            "running_royalty",
            "--amount",
            "-100",
        ])
        .assert()
        .code(65)
        .stderr(predicates::str::contains("income.amount_yen"));
    let after = (
        count(&db, &["agreements", "list"]),
        count(&db, &["income", "list"]),
        audit_rows(&db),
    );
    assert_eq!(
        before, after,
        "refused writes leave no agreement, no income and no audit row"
    );
}

#[test]
fn a_new_policy_version_supersedes_the_old_one_on_its_effective_date() {
    let (dir, db) = demo_db();
    let draft = dir.path().join("v.json");
    std::fs::write(
        &draft,
        r#"{"version": "5.0", "summary": "生成AIの取扱いを追加"}"#,
    )
    .unwrap();
    chizai(&db)
        .args(["policies", "add-version", "IP-POLICY"])
        .arg(&draft)
        .assert()
        .success();
    chizai(&db)
        .args([
            "policies",
            "approve",
            "IP-POLICY",
            "5.0",
            "--body",
            "役員会",
            "--approved-on",
            "2026-12-10",
            "--effective-on",
            "2027-04-01",
        ])
        .assert()
        .success();
    let version_on = |date: &str| {
        json(&db, &["policies", "show", "IP-POLICY", "--on", date])["in_force"]["version"].clone()
    };
    assert_eq!(
        version_on("2027-03-31"),
        "4.0",
        "the 2022 version until the day before"
    );
    assert_eq!(
        version_on("2027-04-01"),
        "5.0",
        "the new version from its effective date"
    );
    chizai(&db)
        .args([
            "policies",
            "approve",
            "IP-POLICY",
            "5.0",
            "--body",
            "役員会",
            "--approved-on",
            "2026-12-10",
            "--effective-on",
            "2027-04-01",
        ])
        .assert()
        .failure();
}

/// A policy version keeps its file (issue 13): attached content-addressed with its SHA-256 on the
/// version, extracted whole, carried in a snapshot (extracted from the snapshot alone), and a
/// file altered on disk is refused with nothing written.
#[test]
fn a_policy_document_is_kept_verified_and_carried_in_snapshots() {
    let (dir, db) = demo_db();
    let pdf = dir.path().join("知的財産ポリシー第4版.pdf");
    let content = b"%PDF-1.4 IP policy, version 4.0, approved by the board";
    std::fs::write(&pdf, content).unwrap();
    chizai(&db)
        .args(["policies", "attach", "IP-POLICY", "4.0"])
        .arg(&pdf)
        .assert()
        .success();
    let show = json(&db, &["policies", "show", "IP-POLICY"]);
    let version = show["document"]["versions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|v| v["version"] == "4.0")
        .cloned()
        .unwrap();
    assert_eq!(version["file_name"], "知的財産ポリシー第4版.pdf");
    let sha = version["sha256"].as_str().unwrap().to_owned();
    let stored = dir.path().join("attachments").join(&sha[..2]).join(&sha);
    assert_eq!(
        std::fs::read(&stored).unwrap(),
        content,
        "the file is stored under the digest recorded on the version"
    );

    let out = dir.path().join("extracted.pdf");
    chizai(&db)
        .args(["policies", "extract", "IP-POLICY", "4.0", "--out"])
        .arg(&out)
        .assert()
        .success();
    assert_eq!(std::fs::read(&out).unwrap(), content, "extracted whole");

    let snap = dir.path().join("year-end.chizaisnap");
    chizai(&db)
        .args(["snapshot", "create", "--out"])
        .arg(&snap)
        .assert()
        .success();
    std::fs::write(&stored, b"%PDF-1.4 quietly edited afterwards").unwrap();
    let from_snapshot = dir.path().join("from-snapshot.pdf");
    chizai(&db)
        .arg("--snapshot")
        .arg(&snap)
        .args(["policies", "extract", "IP-POLICY", "4.0", "--out"])
        .arg(&from_snapshot)
        .assert()
        .success();
    assert_eq!(
        std::fs::read(&from_snapshot).unwrap(),
        content,
        "the snapshot carries the document as it was when taken"
    );

    let refused = dir.path().join("refused.pdf");
    chizai(&db)
        .args(["policies", "extract", "IP-POLICY", "4.0", "--out"])
        .arg(&refused)
        .assert()
        .failure()
        .stderr(predicates::str::contains("altered"));
    assert!(!refused.exists(), "a tampered document writes nothing");

    chizai(&db)
        .args(["policies", "extract", "IP-POLICY", "9.9", "--out"])
        .arg(&refused)
        .assert()
        .failure()
        .stderr(predicates::str::contains("4.0"));
}
