//! Black-box tests that every route leads to the same docket: an application imported from CSV,
//! from Excel or through the JSON exchange, or changed by `applications event`, has at once the
//! deadlines `chizai calc` computes from the same facts; a paid fee advances the years paid; an
//! office without rules is marked; and two inventors of the same name stay two people through an
//! export and an import.

#![allow(clippy::expect_used)]

mod common;

use std::path::Path;

use common::{chizai, count, init, json, run, temp_db};
use serde_json::Value;

/// Two JP patents: one pending (no examination request yet), one granted with years 1–3 paid.
const REGISTER: [[&str; 9]; 3] = [
    [
        "整理番号",
        "出願番号",
        "出願日",
        "発明の名称",
        "審査請求日",
        "登録日",
        "登録番号",
        "状態",
        "年金納付済年",
    ],
    [
        "K-1",
        "特願2024-012345",
        "2024-02-20",
        "熱電変換素子",
        "",
        "",
        "",
        "出願中",
        "",
    ],
    [
        "K-2",
        "特願2019-045678",
        "2019-04-10",
        "半導体装置",
        "2020-01-15",
        "2021-03-01",
        "特許第6912345号",
        "登録",
        "3",
    ],
];

/// The same facts as `chizai calc` arguments.
fn calc_args(reference: &str) -> Vec<&'static str> {
    match reference {
        "K-1" => vec!["calc", "--office", "JP", "--event", "filed=2024-02-20"],
        _ => vec![
            "calc",
            "--office",
            "JP",
            "--event",
            "filed=2019-04-10",
            "--event",
            "exam_requested=2020-01-15",
            "--event",
            "registered=2021-03-01",
            "--paid-through",
            "3",
        ],
    }
}

type Row = (String, Option<u64>, Option<String>, String);

fn key(d: &Value) -> Row {
    (
        d["code"].as_str().unwrap_or_default().to_string(),
        d["year"].as_u64(),
        d["target"].as_str().map(str::to_string),
        d["due"].as_str().unwrap_or_default().to_string(),
    )
}

/// What the engine computes from the facts (calc needs no database).
fn computed(db: &Path, args: &[&str]) -> Vec<Row> {
    let mut rows: Vec<Row> = json(db, args)
        .as_array()
        .expect("calc prints an array")
        .iter()
        .map(key)
        .collect();
    rows.sort();
    rows
}

/// The application's docket as stored (obsolete rows left out).
fn stored(db: &Path, reference: &str) -> Vec<Row> {
    let mut rows: Vec<Row> = json(db, &["deadlines", "--status", "all"])
        .as_array()
        .expect("deadlines prints an array")
        .iter()
        .filter(|d| d["application_reference"] == reference && d["status"] != "obsolete")
        .map(key)
        .collect();
    rows.sort();
    rows
}

fn assert_same_docket(db: &Path, route: &str) {
    for reference in ["K-1", "K-2"] {
        let want = computed(db, &calc_args(reference));
        assert!(
            want.iter().any(|r| r.0 == "jp.term"),
            "calc computes the term of {reference}: {want:?}"
        );
        assert_eq!(
            stored(db, reference),
            want,
            "{route}: {reference} has, at once and without a recompute, the deadlines the engine \
             computes from the same facts"
        );
    }
}

fn write_csv(path: &Path) {
    let text: String = REGISTER
        .iter()
        .map(|r| r.join(",") + "\n")
        .collect::<String>();
    std::fs::write(path, text).expect("write csv");
}

fn write_xlsx(path: &Path) {
    let mut book = rust_xlsxwriter::Workbook::new();
    let ws = book.add_worksheet();
    for (r, row) in REGISTER.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            if !cell.is_empty() {
                ws.write_string(r as u32, c as u16, *cell).expect("cell");
            }
        }
    }
    book.save(path).expect("save xlsx");
}

#[test]
fn every_route_gives_the_docket_the_engine_computes_from_the_same_facts() {
    let (dir, csv_db) = temp_db();
    let d = dir.path();
    init(&csv_db);
    let csv = d.join("register.csv");
    write_csv(&csv);
    let (ok, out, err) = run(&csv_db, &["import", csv.to_str().unwrap_or_default()]);
    assert!(ok, "the CSV imports: {out}{err}");
    assert_same_docket(&csv_db, "CSV import");

    let xlsx_db = d.join("xlsx.sqlite");
    init(&xlsx_db);
    let xlsx = d.join("register.xlsx");
    write_xlsx(&xlsx);
    let (ok, out, err) = run(&xlsx_db, &["import", xlsx.to_str().unwrap_or_default()]);
    assert!(ok, "the XLSX imports: {out}{err}");
    assert_same_docket(&xlsx_db, "XLSX import");

    let exchange = d.join("all.json");
    chizai(&csv_db)
        .args(["export", "--out", exchange.to_str().unwrap_or_default()])
        .assert()
        .success();
    let json_db = d.join("json.sqlite");
    let (ok, out, err) = run(&json_db, &["import", exchange.to_str().unwrap_or_default()]);
    assert!(ok, "the JSON exchange imports: {out}{err}");
    assert_same_docket(&json_db, "JSON exchange");

    // An office action recorded on the command line: its response deadline in the same write.
    let (ok, out, err) = run(
        &csv_db,
        &[
            "applications",
            "event",
            "K-1",
            "--kind",
            "oa_dispatched",
            "--on",
            "2026-10-02",
        ],
    );
    assert!(ok, "{out}{err}");
    assert!(out.contains("deadlines: 2 new"), "{out}");
    let mut args = calc_args("K-1");
    args.extend(["--event", "oa_dispatched=2026-10-02"]);
    let want: Vec<Row> = computed(&csv_db, &args)
        .into_iter()
        .filter(|r| r.0 == "jp.oa_response")
        .collect();
    assert_eq!(
        want.len(),
        2,
        "the 60-day response and its extension: {want:?}"
    );
    let got: Vec<Row> = stored(&csv_db, "K-1")
        .into_iter()
        .filter(|r| r.0 == "jp.oa_response")
        .collect();
    assert_eq!(
        got, want,
        "applications event: the response deadlines are those calc gives"
    );
    let audited = count(
        &csv_db,
        "SELECT COUNT(*) FROM audit_log WHERE entity = 'application' AND action = 'update'",
    );
    let (ok, out, err) = run(
        &csv_db,
        &[
            "applications",
            "event",
            "K-1",
            "--kind",
            "exam_requested",
            "--on",
            "2026-11-02",
        ],
    );
    assert!(ok, "{out}{err}");
    assert_eq!(
        count(
            &csv_db,
            "SELECT COUNT(*) FROM audit_log WHERE entity = 'application' AND action = 'update'"
        ),
        audited + 1,
        "the request changes the application row (status, date): audited with before and after"
    );
    let exam: Vec<Value> = json(&csv_db, &["deadlines", "--status", "all"])
        .as_array()
        .expect("array")
        .iter()
        .filter(|d| d["application_reference"] == "K-1" && d["code"] == "jp.exam_request")
        .cloned()
        .collect();
    assert_eq!(exam.len(), 1, "{exam:?}");
    assert_eq!(
        exam[0]["status"], "done",
        "and the examination request closed its deadline"
    );
}

#[test]
fn a_paid_fee_advances_the_years_paid_and_closes_its_grace_deadline() {
    let (_dir, db) = common::demo_db();
    let all = json(&db, &["deadlines", "--status", "all"]);
    let all = all.as_array().expect("array");
    let fees = [
        "jp.annuity",
        "jp.annuity_grace",
        "ep.renewal",
        "us.maintenance",
    ];
    // No alarm on a fee of a year that is paid: the demo's overdue list has none.
    let overdue = json(&db, &["deadlines", "--status", "overdue"]);
    for o in overdue.as_array().expect("array") {
        if !fees.contains(&o["code"].as_str().unwrap_or_default()) {
            continue;
        }
        let paid = all.iter().any(|d| {
            d["application_id"] == o["application_id"]
                && d["year"] == o["year"]
                && d["status"] == "done"
                && fees.contains(&d["code"].as_str().unwrap_or_default())
        });
        assert!(!paid, "an overdue alarm on a fee already paid: {o}");
    }

    // Pay the next JP annuity of a granted patent.
    let next = all
        .iter()
        .find(|d| d["code"] == "jp.annuity" && d["status"] == "open")
        .expect("the demo has granted JP patents with annuities to pay");
    let (id, app, year) = (
        next["id"].as_i64().unwrap_or_default(),
        next["application_reference"]
            .as_str()
            .unwrap_or_default()
            .to_string(),
        next["year"].as_u64().unwrap_or_default(),
    );
    let (ok, out, err) = run(
        &db,
        &["deadlines", "done", &id.to_string(), "--on", "2026-11-20"],
    );
    assert!(ok, "{out}{err}");
    let shown = json(&db, &["applications", "show", &app]);
    assert_eq!(
        shown["application"]["annuities_paid_to"].as_u64(),
        Some(year),
        "paying year {year} of {app} is a fact of the application"
    );
    let after = json(&db, &["deadlines", "--status", "all"]);
    let mine: Vec<&Value> = after
        .as_array()
        .expect("array")
        .iter()
        .filter(|d| d["application_reference"] == app.as_str())
        .collect();
    let grace = mine
        .iter()
        .find(|d| d["code"] == "jp.annuity_grace" && d["year"].as_u64() == Some(year))
        .expect("the year's 追納 deadline is kept");
    assert_eq!(
        grace["status"], "done",
        "the year is paid: its grace deadline is closed, never to turn overdue"
    );
    assert!(
        mine.iter().any(|d| d["code"] == "jp.annuity"
            && d["year"].as_u64() == Some(year + 3)
            && d["status"] == "open"),
        "year {} comes onto the docket",
        year + 3
    );
}

#[test]
fn an_office_without_rules_is_marked_in_the_docket_and_the_calculator() {
    let (_dir, db) = temp_db();
    let (ok, out, err) = run(
        &db,
        &[
            "calc",
            "--office",
            "TW",
            "--event",
            "filed=2025-05-01",
            "--event",
            "priority=2024-05-02",
        ],
    );
    assert!(ok, "{out}{err}");
    assert!(
        out.contains("no rules for TW: enter the agent's deadlines by hand"),
        "the calculator says why nothing is listed:\n{out}"
    );
    let (ok, out, err) = run(
        &db,
        &[
            "calc",
            "--office",
            "DE",
            "--event",
            "filed=2025-05-01",
            "--format",
            "json",
        ],
    );
    assert!(ok);
    assert!(
        serde_json::from_str::<Value>(&out).is_ok_and(|v| v.is_array()),
        "JSON keeps its documented shape: {out}"
    );
    assert!(
        err.contains("no rules for DE"),
        "the marker goes to stderr: {err}"
    );
    // CN and KR have rules of their own (issue 16): deadlines, no marker.
    for office in ["CN", "KR"] {
        let (ok, out, err) = run(
            &db,
            &["calc", "--office", office, "--event", "filed=2025-05-01"],
        );
        assert!(ok, "{out}{err}");
        assert!(
            !out.contains("no rules") && !err.contains("no rules"),
            "{office} is covered:\n{out}{err}"
        );
        assert!(
            out.contains(&format!("{}.exam_request", office.to_ascii_lowercase())),
            "{office}: the examination request is computed:\n{out}"
        );
    }

    init(&db);
    let csv = db.with_file_name("tw.csv");
    std::fs::write(
        &csv,
        "整理番号,国,出願番号,出願日,発明の名称,状態\nT-1,TW,112123456,2025-05-01,熱電変換素子,出願中\nC-1,CN,202510123456.7,2025-05-01,熱電変換素子,出願中\n",
    )
    .expect("csv");
    let (ok, out, err) = run(&db, &["import", csv.to_str().unwrap_or_default()]);
    assert!(ok, "{out}{err}");
    let (ok, out, err) = run(&db, &["deadlines"]);
    assert!(ok, "{err}");
    assert!(
        out.contains("! no rules for TW: enter the agent's deadlines by hand (1 live applications"),
        "the docket marks the office:\n{out}"
    );
    assert!(
        !out.contains("no rules for CN") && out.contains("cn.exam_request"),
        "CN's deadlines are computed, not marked:\n{out}"
    );
    assert!(out.contains("手入力"), "in Japanese too:\n{out}");
}

/// Applications whose inventors share a name: two people of the same name on one application,
/// and one of them on another. The department in brackets tells them apart.
const HOMONYMS: &str = "整理番号,出願番号,出願日,発明の名称,発明者,状態\n\
H-1,特願2024-020001,2024-03-01,二人の山田,山田太郎[工学研究科](50%)、山田太郎[医学部](50%),出願中\n\
H-2,特願2024-020002,2024-03-02,工学の山田,山田太郎[工学研究科]、鈴木花子,出願中\n";

fn export_csv(db: &Path, out: &Path) -> String {
    chizai(db)
        .args([
            "export",
            "--kind",
            "applications",
            "--out",
            out.to_str().unwrap_or_default(),
        ])
        .assert()
        .success();
    std::fs::read_to_string(out).expect("exported csv")
}

#[test]
fn two_inventors_of_the_same_name_stay_two_people_through_export_and_import() {
    let (dir, db) = temp_db();
    let d = dir.path();
    init(&db);
    let csv = d.join("homonyms.csv");
    std::fs::write(&csv, HOMONYMS).expect("csv");
    let (ok, out, err) = run(&db, &["import", csv.to_str().unwrap_or_default()]);
    assert!(ok, "{out}{err}");
    assert_eq!(
        count(&db, "SELECT COUNT(*) FROM person WHERE name = '山田太郎'"),
        2,
        "two people named 山田太郎, told apart by department"
    );
    assert_eq!(
        count(
            &db,
            "SELECT COUNT(DISTINCT i.person_id) FROM application_inventor i
             JOIN application a ON a.id = i.application_id
             JOIN person p ON p.id = i.person_id
             WHERE p.name = '山田太郎' AND p.department = '工学研究科'"
        ),
        1,
        "H-1 and H-2 name the same 工学研究科 山田太郎"
    );

    let first = export_csv(&db, &d.join("first.csv"));
    let h1 = first
        .lines()
        .find(|l| l.starts_with("H-1,"))
        .expect("H-1 exported");
    assert!(
        h1.contains("山田太郎[P") && h1.matches("[P").count() == 2,
        "each 山田太郎 carries their stable key: {h1}"
    );
    assert!(
        !first.contains("鈴木花子["),
        "a name nobody shares is written plain:\n{first}"
    );

    // Into an empty database: the same people, so the same register.
    let fresh = d.join("fresh.sqlite");
    init(&fresh);
    let (ok, out, err) = run(
        &fresh,
        &["import", d.join("first.csv").to_str().unwrap_or_default()],
    );
    assert!(ok, "the exported register imports whole: {out}{err}");
    assert_eq!(
        export_csv(&fresh, &d.join("second.csv")),
        first,
        "export → import into an empty database → export gives the same register"
    );
    // Into the same database: nothing changes.
    let (ok, out, _) = run(
        &db,
        &["import", d.join("first.csv").to_str().unwrap_or_default()],
    );
    assert!(
        ok && out.contains("nothing to change"),
        "re-importing the export changes nothing:\n{out}"
    );

    // A plain 山田太郎 now fits two people: a problem of the plan, by row and column.
    let ambiguous = d.join("ambiguous.csv");
    std::fs::write(
        &ambiguous,
        "整理番号,出願番号,出願日,発明の名称,発明者,状態\n\
         H-3,特願2024-020003,2024-03-03,どの山田,山田太郎,出願中\n\
         H-4,特願2024-020004,2024-03-04,鈴木の発明,鈴木花子,出願中\n",
    )
    .expect("csv");
    let path = ambiguous.to_str().unwrap_or_default();
    let (ok, out, _) = run(&db, &["import", path, "--dry-run", "--format", "json"]);
    assert!(!ok, "a dry run with a problem exits 1");
    let report: Value = serde_json::from_str(&out).expect("the report is JSON");
    let problems = report["problems"].as_array().expect("problems");
    assert_eq!(problems.len(), 1, "{report}");
    assert_eq!(problems[0]["row"], 2);
    assert_eq!(problems[0]["column"], "発明者");
    assert!(
        problems[0]["message"]
            .as_str()
            .is_some_and(|m| m.contains("names 2 people")),
        "{report}"
    );
    let (ok, out, err) = run(&db, &["import", path, "--skip-invalid"]);
    assert!(ok, "--skip-invalid imports the good row: {out}{err}");
    assert!(out.contains("rows left out: 2"), "{out}");
    assert_eq!(
        count(
            &db,
            "SELECT COUNT(*) FROM application WHERE reference IN ('H-3', 'H-4')"
        ),
        1,
        "H-4 imported, H-3 skipped"
    );
}

/// The demo at a scale where one application names two different people of the same name (the
/// 2,000 names of the demo's word lists are shared by its N/2 inventors). The case is
/// the 10,000-application demo; this scale has the same kinds of homonyms — checked below — and
/// keeps the test to seconds on two cores.
const HOMONYM_SCALE: &str = "3000";

#[test]
fn a_large_demo_register_with_homonyms_reimports_whole() {
    let (dir, demo) = temp_db();
    let d = dir.path();
    chizai(&demo)
        .args(["demo", "--scale", HOMONYM_SCALE])
        .assert()
        .success();
    let pairs = count(
        &demo,
        "SELECT COUNT(*) FROM application_inventor a JOIN application_inventor b
           ON a.application_id = b.application_id AND a.person_id < b.person_id
         JOIN person p ON p.id = a.person_id JOIN person q ON q.id = b.person_id
         WHERE p.name = q.name",
    );
    assert!(
        pairs > 0,
        "the demo has applications naming two people of the same name"
    );
    let first = export_csv(&demo, &d.join("first.csv"));
    let fresh = d.join("fresh.sqlite");
    init(&fresh);
    let (ok, out, err) = run(
        &fresh,
        &["import", d.join("first.csv").to_str().unwrap_or_default()],
    );
    assert!(ok, "the whole register imports: {out}{err}");
    let links = "SELECT COUNT(*) FROM application_inventor";
    assert_eq!(
        count(&fresh, links),
        count(&demo, links),
        "every inventor of every application comes back"
    );
    assert_eq!(
        count(
            &fresh,
            "SELECT COUNT(*) FROM application_inventor a JOIN application_inventor b
               ON a.application_id = b.application_id AND a.person_id < b.person_id
             JOIN person p ON p.id = a.person_id JOIN person q ON q.id = b.person_id
             WHERE p.name = q.name"
        ),
        pairs,
        "homonyms on one application stay two people"
    );
    assert!(first.contains("[P"), "homonyms carry their keys");
    // The demo stores registration numbers as typed (特許第6690003号), the importer normalised
    // (6690003): the registers are compared one generation on, as import_cli.rs does.
    let second = export_csv(&fresh, &d.join("second.csv"));
    let again = d.join("again.sqlite");
    init(&again);
    let (ok, out, err) = run(
        &again,
        &["import", d.join("second.csv").to_str().unwrap_or_default()],
    );
    assert!(ok, "{out}{err}");
    assert_eq!(
        export_csv(&again, &d.join("third.csv")),
        second,
        "export → import into an empty database → export gives the same register"
    );
    let (ok, out, _) = run(
        &fresh,
        &["import", d.join("second.csv").to_str().unwrap_or_default()],
    );
    assert!(
        ok && out.contains("nothing to change"),
        "re-importing its own export changes nothing:\n{out}"
    );
}
