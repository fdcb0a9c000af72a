//! Black-box tests of `chizai import --kind disclosures|agreements|deadlines`: export → import into
//! an empty database → the same records for every importable kind (XLSX and CSV), and hand-made
//! messy sheets (和暦, full-width digits, Shift_JIS, a title row, a second header row, an empty row,
//! a totals row, an unknown column) whose dry run reports every problem by row and column;
//! all-or-nothing, idempotent re-import, one audited update for one changed cell, and the deadline
//! rule (computed due dates are matched, never moved).

#![allow(clippy::expect_used)]

mod common;

use std::collections::HashMap;
use std::path::Path;

use common::{chizai, temp_db};
use rust_xlsxwriter::Workbook;
use serde_json::Value;

const INSTITUTION: &str = "国立大学法人 東都大学";

fn init(db: &Path) {
    chizai(db)
        .args(["init", "--institution", INSTITUTION])
        .assert()
        .success();
}

fn run(db: &Path, args: &[&str]) -> (bool, String) {
    let out = chizai(db).args(args).output().expect("run chizai");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.success(), text)
}

fn import(db: &Path, file: &Path, kind: &str, extra: &[&str]) -> (bool, String) {
    let mut args = vec!["import", file.to_str().unwrap_or_default(), "--kind", kind];
    args.extend_from_slice(extra);
    run(db, &args)
}

fn export_json(db: &Path, dir: &Path, kind: &str) -> Value {
    let out = dir.join(format!("{kind}-{}.json", db_name(db)));
    let p = out.to_str().unwrap_or_default();
    chizai(db)
        .args(["export", "--kind", kind, "--out", p])
        .assert()
        .success();
    serde_json::from_slice(&std::fs::read(&out).expect("export")).expect("JSON")
}

fn db_name(db: &Path) -> String {
    db.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}

fn count(db: &Path, sql: &str) -> i64 {
    let conn = rusqlite::Connection::open(db).expect("open db");
    conn.query_row(sql, [], |r| r.get(0)).expect("count")
}

/// A register's records with every id replaced by what a person reads (a person's or
/// organisation's name, an application's reference), so two databases can be compared. Fields the
/// register sheet does not carry are dropped: `id`, agreements' `reports`, `milestones` and
/// `attachments` (the JSON exchange carries those).
fn readable(records: &Value, names: &HashMap<(&'static str, i64), String>) -> Value {
    match records {
        Value::Object(map) => Value::Object(
            map.iter()
                .filter(|(k, _)| {
                    !["id", "reports", "milestones", "attachments"].contains(&k.as_str())
                })
                .map(|(k, v)| {
                    let table = match k.as_str() {
                        "person_id" | "responsible_id" => Some("person"),
                        "organisation_id" | "patent_firm_id" => Some("organisation"),
                        "application_id" => Some("application"),
                        _ => None,
                    };
                    let v = match (table, v.as_i64()) {
                        (Some(t), Some(id)) => names
                            .get(&(t, id))
                            .map_or(v.clone(), |n| Value::String(n.clone())),
                        _ => readable(v, names),
                    };
                    (k.clone(), v)
                })
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(|v| readable(v, names)).collect()),
        other => other.clone(),
    }
}

fn names(db: &Path, dir: &Path) -> HashMap<(&'static str, i64), String> {
    let mut out = HashMap::new();
    for (kind, table, field) in [
        ("people", "person", "name"),
        ("organisations", "organisation", "name"),
        ("applications", "application", "reference"),
    ] {
        for r in export_json(db, dir, kind).as_array().into_iter().flatten() {
            if let (Some(id), Some(name)) = (r["id"].as_i64(), r[field].as_str()) {
                out.insert((table, id), name.to_string());
            }
        }
        assert!(
            out.keys().any(|(t, _)| *t == table),
            "the export lists {kind}, so the comparison built on it can fail"
        );
    }
    out
}

#[test]
fn every_importable_kind_comes_back_the_same_from_xlsx_and_csv() {
    let (dir, demo) = common::demo_db();
    let d = dir.path();
    let demo_names = names(&demo, d);
    let exchange = d.join("all.json");
    chizai(&demo)
        .args(["export", "--out", exchange.to_str().unwrap_or_default()])
        .assert()
        .success();
    // The facts without the docket (a version 1 exchange file): the deadlines register below is
    // then what brings back what was recorded on the deadlines.
    let facts_only = d.join("facts.json");
    let mut all: Value =
        serde_json::from_slice(&std::fs::read(&exchange).unwrap_or_default()).unwrap_or_default();
    if let Some(object) = all.as_object_mut() {
        object.remove("deadlines");
        object.insert("version".into(), Value::from(1));
    }
    std::fs::write(&facts_only, serde_json::to_vec(&all).unwrap_or_default()).unwrap_or_default();
    for ext in ["xlsx", "csv"] {
        let fresh = d.join(format!("fresh-{ext}.sqlite"));
        init(&fresh);
        // Disclosures and applications first: agreements and deadlines name them.
        for kind in ["disclosures", "applications", "agreements"] {
            let file = d.join(format!("{kind}.{ext}"));
            chizai(&demo)
                .args([
                    "export",
                    "--kind",
                    kind,
                    "--out",
                    file.to_str().unwrap_or_default(),
                ])
                .assert()
                .success();
            let (ok, out) = import(&fresh, &file, kind, &[]);
            assert!(
                ok && out.contains("imported:"),
                "{kind}.{ext} imports:\n{out}"
            );
        }
        let fresh_names = names(&fresh, d);
        // The demo stores registration numbers as typed (特許第6690003号), the importer normalised
        // (6690003): applications are compared one generation on, as import_cli.rs does for CSV.
        let again = d.join(format!("again-{ext}.sqlite"));
        init(&again);
        for kind in ["disclosures", "applications"] {
            let file = d.join(format!("{kind}-again.{ext}"));
            chizai(&fresh)
                .args([
                    "export",
                    "--kind",
                    kind,
                    "--out",
                    file.to_str().unwrap_or_default(),
                ])
                .assert()
                .success();
            assert!(import(&again, &file, kind, &[]).0, "{kind} imports again");
        }
        assert_eq!(
            readable(&export_json(&again, d, "applications"), &names(&again, d)),
            readable(&export_json(&fresh, d, "applications"), &fresh_names),
            "applications: export as {ext} → import → export → import gives the same records"
        );
        for kind in ["disclosures", "agreements"] {
            assert_eq!(
                readable(&export_json(&fresh, d, kind), &fresh_names),
                readable(&export_json(&demo, d, kind), &demo_names),
                "{kind}: export as {ext} → import into an empty database gives the same records"
            );
        }
        let audit = count(&fresh, "SELECT COUNT(*) FROM audit_log");
        for kind in ["disclosures", "applications", "agreements"] {
            let (ok, out) = import(&fresh, &d.join(format!("{kind}.{ext}")), kind, &[]);
            assert!(
                ok && out.contains("nothing to change"),
                "re-importing {kind}.{ext} changes nothing:\n{out}"
            );
        }
        assert_eq!(
            count(&fresh, "SELECT COUNT(*) FROM audit_log"),
            audit,
            "and writes no audit row"
        );

        // The docket: the facts come first (the JSON exchange without its docket), the recompute
        // derives the deadlines, and the deadlines register brings what was recorded on them.
        let docket = d.join(format!("docket-{ext}.sqlite"));
        chizai(&docket)
            .args(["import", facts_only.to_str().unwrap_or_default()])
            .assert()
            .success();
        chizai(&docket)
            .args(["deadlines", "recompute"])
            .assert()
            .success();
        let file = d.join(format!("deadlines.{ext}"));
        chizai(&demo)
            .args([
                "export",
                "--kind",
                "deadlines",
                "--out",
                file.to_str().unwrap_or_default(),
            ])
            .assert()
            .success();
        let (ok, out) = import(&docket, &file, "deadlines", &[]);
        assert!(
            ok && out.contains("updated"),
            "deadlines.{ext} imports:\n{out}"
        );
        let strip = |v: Value| readable(&v, &HashMap::new());
        assert_eq!(
            strip(export_json(&docket, d, "deadlines")),
            strip(export_json(&demo, d, "deadlines")),
            "deadlines.{ext}: every computed deadline has the state recorded in the demo"
        );
        let (ok, out) = import(&docket, &file, "deadlines", &[]);
        assert!(
            ok && out.contains("nothing to change"),
            "re-importing deadlines.{ext}:\n{out}"
        );
    }
}

/// A small database: one application (filed, examination requested) with its docket computed.
fn office_db(dir: &Path) -> std::path::PathBuf {
    let db = dir.join("office.sqlite");
    init(&db);
    let apps = dir.join("apps.csv");
    std::fs::write(
        &apps,
        "整理番号,出願番号,出願日,発明の名称,発明者\nK-1,特願2023-012345,2023-06-01,半導体装置,山田太郎\n",
    )
    .expect("write");
    let (ok, out) = import(&db, &apps, "applications", &[]);
    assert!(ok, "{out}");
    chizai(&db)
        .args(["deadlines", "recompute"])
        .assert()
        .success();
    db
}

fn write_xlsx(path: &Path, sheet: &str, rows: &[(u32, Vec<&str>)], title: &str) {
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    ws.set_name(sheet).expect("name");
    ws.merge_range(0, 0, 0, 5, title, &rust_xlsxwriter::Format::new())
        .expect("title");
    for (r, cells) in rows {
        for (c, v) in cells.iter().enumerate() {
            if !v.is_empty() {
                ws.write_string(*r, c as u16, *v).expect("cell");
            }
        }
    }
    book.save(path).expect("save");
}

#[test]
fn a_messy_disclosure_sheet_is_reported_row_and_column_precisely_then_imported_once() {
    let (dir, db) = temp_db();
    init(&db);
    let file = dir.path().join("届出.xlsx");
    let sheet = |bad_date: &'static str| -> Vec<(u32, Vec<&'static str>)> {
        vec![
            (
                2,
                vec![
                    "届出番号",
                    "発明の名称",
                    "届出日",
                    "発明者",
                    "承継",
                    "承継決定日",
                    "社内メモ",
                ],
            ),
            (
                3,
                vec![
                    "No.",
                    "Title",
                    "Received",
                    "Inventors",
                    "Succession",
                    "Decided on",
                    "",
                ],
            ),
            (
                4,
                vec![
                    "Ｄ－２０２３－００１",
                    "半導体装置",
                    "令和5年4月1日",
                    "山田太郎(60%)、鈴木花子(40%)",
                    "承継",
                    "R5.5.10",
                    "確認中",
                ],
            ),
            (
                5,
                vec!["D-2023-002", "電池", bad_date, "佐藤次郎", "未定", "", ""],
            ),
            (
                7,
                vec![
                    "D-2023-003",
                    "触媒",
                    "H31.4.1",
                    "佐藤次郎・山田太郎",
                    "たぶん",
                    "",
                    "",
                ],
            ),
            (8, vec!["合計", "3件", "", "", "", "", ""]),
        ]
    };
    write_xlsx(
        &file,
        "発明届出",
        &sheet("令和5年2月30日"),
        "発明届出一覧（令和5年度）",
    );
    let (ok, out) = import(&db, &file, "disclosures", &["--dry-run"]);
    assert!(!ok, "problems make the dry run fail:\n{out}");
    for line in [
        "row 6, column 届出日: 令和5年2月30日 is not a date",
        "row 8, column 承継: たぶん is not a succession decision",
        "ignored   row 4     a second header row",
        "ignored   row 9     a totals row",
        "columns not imported (map them with --mapping): 社内メモ",
        "create    row 5     D-2023-001",
        "problems (2):",
    ] {
        assert!(out.contains(line), "the dry run says {line:?}:\n{out}");
    }
    assert_eq!(
        count(&db, "SELECT COUNT(*) FROM disclosure"),
        0,
        "a dry run writes nothing"
    );
    let (ok, out) = import(&db, &file, "disclosures", &[]);
    assert!(
        !ok && out.contains("nothing written"),
        "all or nothing:\n{out}"
    );
    assert_eq!(
        count(&db, "SELECT COUNT(*) FROM disclosure"),
        0,
        "nothing was written"
    );

    let (ok, out) = import(&db, &file, "disclosures", &["--skip-invalid"]);
    assert!(
        ok && out.contains("rows left out: 6, 8"),
        "--skip-invalid lists the rows left out:\n{out}"
    );
    assert_eq!(count(&db, "SELECT COUNT(*) FROM disclosure"), 1);
    let stored: (String, String, String) = rusqlite::Connection::open(&db)
        .expect("db")
        .query_row(
            "SELECT number, received_on, succession_on FROM disclosure",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .expect("row");
    assert_eq!(
        stored,
        (
            "D-2023-001".into(),
            "2023-04-01".into(),
            "2023-05-10".into()
        ),
        "full-width number folded, 和暦 dates read"
    );

    let mut fixed = sheet("R5.3.1");
    fixed[4].1[4] = "不承継";
    fixed[4].1[5] = "令和5年6月1日";
    write_xlsx(&file, "発明届出", &fixed, "発明届出一覧（令和5年度）");
    let (ok, out) = import(&db, &file, "disclosures", &[]);
    assert!(
        ok && out.contains("imported: 2 created, 0 updated, 1 unchanged"),
        "{out}"
    );
    let audit = count(&db, "SELECT COUNT(*) FROM audit_log");
    let (ok, out) = import(&db, &file, "disclosures", &[]);
    assert!(
        ok && out.contains("nothing to change: 3 rows"),
        "re-import changes nothing:\n{out}"
    );
    assert_eq!(count(&db, "SELECT COUNT(*) FROM audit_log"), audit);

    fixed[3].1[1] = "電池の製造方法";
    write_xlsx(&file, "発明届出", &fixed, "発明届出一覧（令和5年度）");
    let (ok, out) = import(&db, &file, "disclosures", &[]);
    assert!(
        ok && out.contains("update    row 6     D-2023-002 - (title)"),
        "{out}"
    );
    assert_eq!(
        count(
            &db,
            "SELECT COUNT(*) FROM audit_log WHERE entity = 'disclosure' AND action = 'update'"
        ),
        1,
        "one changed cell is one audited update"
    );
}

#[test]
fn a_shift_jis_agreement_sheet_reports_every_problem_then_imports_once() {
    let (dir, _keep) = (tempfile::tempdir().expect("dir"), ());
    let db = office_db(dir.path());
    let csv = |rows: &str| {
        let text = format!(
            "契約番号,契約名,種別,相手方,締結日,開始日,終了日,対象,一時金,担当\r\n{rows}合計,,,,,,,,１２０万円,\r\n"
        );
        encoding_rs::SHIFT_JIS.encode(&text).0.into_owned()
    };
    let good = "ＬＩＣ－２０２４－００１,半導体装置の実施許諾,実施許諾,株式会社みなと製作所(実施権者),令和6年4月1日,2024-04-01,2029-03-31,K-1,１２０万円,田中一郎\r\n";
    let bad = "JR-2024-002,共同研究,共同研究契約,ＡＢＣ・ジャパン株式会社,R6.5.1,2024-05-01,2024-04-30,K-9,abc,\r\n\
               NDA-2024-003,秘密保持,協定,株式会社X,R6.6.1,,,,,\r\n";
    let file = dir.path().join("契約.csv");
    std::fs::write(&file, csv(&format!("{good}\r\n{bad}"))).expect("write");
    let (ok, out) = import(&db, &file, "agreements", &["--dry-run"]);
    assert!(!ok, "{out}");
    for line in [
        "row 4, column 終了日: 2024-04-30 is before the effective date 2024-05-01",
        "row 4, column 対象: K-9 is no application, family or disclosure in the database",
        "row 4, column 一時金: abc is not an amount of yen",
        "row 5, column 種別: 協定 is not a kind of agreement",
        "create    row 2     LIC-2024-001",
        "ignored   row 6     a totals row",
        "problems (4):",
    ] {
        assert!(out.contains(line), "the dry run says {line:?}:\n{out}");
    }
    std::fs::write(
        &file,
        csv(&format!(
            "{good}JR-2024-002,共同研究,共同研究契約,ＡＢＣ・ジャパン株式会社,R6.5.1,2024-05-01,2025-04-30,K-1,,\r\n"
        )),
    )
    .expect("write");
    let (ok, out) = import(&db, &file, "agreements", &[]);
    assert!(ok && out.contains("imported: 2 created"), "{out}");
    let show = common::json(&db, &["agreements", "show", "LIC-2024-001"]);
    let a = &show["agreement"];
    assert_eq!(
        a["terms"]["upfront_yen"], 1_200_000,
        "１２０万円 read: {show}"
    );
    assert_eq!(a["parties"][0]["role"], "licensee");
    assert_eq!(a["links"].as_array().map(Vec::len), Some(1), "K-1 linked");
    assert_eq!(
        a["status"], "in_force",
        "signed and without a status: in force"
    );
    let partner = count(
        &db,
        "SELECT COUNT(*) FROM organisation WHERE name = 'ＡＢＣ・ジャパン株式会社'",
    );
    assert_eq!(partner, 1, "「・」 inside a company name does not split it");
    let audit = count(&db, "SELECT COUNT(*) FROM audit_log");
    let (ok, out) = import(&db, &file, "agreements", &[]);
    assert!(ok && out.contains("nothing to change: 2 rows"), "{out}");
    assert_eq!(count(&db, "SELECT COUNT(*) FROM audit_log"), audit);
}

#[test]
fn a_deadlines_sheet_records_state_and_manual_deadlines_but_never_moves_a_computed_date() {
    let dir = tempfile::tempdir().expect("dir");
    let db = office_db(dir.path());
    let docket = common::json(&db, &["deadlines", "--status", "all"]);
    let exam = docket
        .as_array()
        .into_iter()
        .flatten()
        .find(|d| d["code"] == "jp.exam_request")
        .expect("the docket computed the examination request deadline");
    let due = exam["due"].as_str().unwrap_or_default().to_string();
    let other = "2099-01-01";
    let body = format!(
        "\u{feff}整理番号,手続,期限,状態,完了日,担当,手続コード,備考欄\n\
         K-1,審査請求,{due},済,Ｒ６．１．１０,田中一郎,,\n\
         K-1,社内報告書の提出,令和8年1月9日,未了,,田中一郎,,\n\
         K-1,審査請求,{other},,,,jp.exam_request,\n\
         K-9,年金,2027-01-01,,,,,\n\
         \n\
         K-1,委員会,2027-02-30,,,,,\n"
    );
    let file = dir.path().join("期限.csv");
    std::fs::write(&file, &body).expect("write");
    let (ok, out) = import(&db, &file, "deadlines", &["--dry-run"]);
    assert!(!ok, "{out}");
    for line in [
        format!(
            "row 4, column 期限: {other} is not the computed due date of jp.exam_request ({due})"
        ),
        "row 5, column 整理番号: K-9 is not an application in the database".to_string(),
        "row 7, column 期限: 2027-02-30 is not a date".to_string(),
        format!("update    row 2     K-1 2023-012345 jp.exam_request {due}"),
        "create    row 3     K-1 2023-012345 manual 2026-01-09 社内報告書の提出".to_string(),
        "columns not imported (map them with --mapping): 備考欄".to_string(),
        "problems (3):".to_string(),
    ] {
        assert!(out.contains(&line), "the dry run says {line:?}:\n{out}");
    }
    let (ok, out) = import(&db, &file, "deadlines", &["--skip-invalid"]);
    assert!(ok && out.contains("rows left out: 4, 5, 7"), "{out}");
    let after = common::json(&db, &["deadlines", "--status", "all"]);
    let list = after.as_array().cloned().unwrap_or_default();
    let exam = list
        .iter()
        .find(|d| d["code"] == "jp.exam_request")
        .expect("exam");
    assert_eq!(
        (
            exam["due"].as_str(),
            exam["status"].as_str(),
            exam["done_on"].as_str(),
            exam["origin"].as_str()
        ),
        (
            Some(due.as_str()),
            Some("done"),
            Some("2024-01-10"),
            Some("generated")
        ),
        "the computed deadline keeps its date and records the state"
    );
    assert_eq!(
        list.iter()
            .filter(|d| d["code"] == "jp.exam_request")
            .count(),
        1,
        "the row with another date made no duplicate"
    );
    let manual = list
        .iter()
        .find(|d| d["origin"] == "manual")
        .expect("manual");
    assert_eq!(manual["due"], "2026-01-09");
    assert_eq!(manual["responsible"], "田中一郎");
    let audit = count(&db, "SELECT COUNT(*) FROM audit_log");
    let (ok, out) = import(&db, &file, "deadlines", &["--skip-invalid"]);
    assert!(ok && out.contains("nothing to change: 2 rows"), "{out}");
    assert_eq!(
        count(&db, "SELECT COUNT(*) FROM audit_log"),
        audit,
        "re-import writes nothing"
    );
    // A recompute keeps what the import recorded.
    chizai(&db)
        .args(["deadlines", "recompute"])
        .assert()
        .success();
    let again = common::json(&db, &["deadlines", "--status", "all"]);
    assert_eq!(again, after, "recompute after the import changes nothing");
}
