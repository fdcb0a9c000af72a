//! Black-box tests of `chizai import` / `chizai export` with hand-made registers: a messy Excel
//! sheet (title row, merged cells, a second header row, empty rows, a totals row), CSV in
//! Shift_JIS and UTF-8 with BOM, a mapping file, dry run, all-or-nothing, --skip-invalid,
//! idempotent re-import, updates in the audit trail, and export → import round trips.

#![allow(clippy::expect_used)]

mod common;

use std::path::Path;

use common::{application_rows as stored, chizai, count, init, run, temp_db};
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};

/// The messy register: a merged title, an empty row, Japanese headers with an unknown column, an
/// English second header row, values typed every way, a vertically merged 出願人, an empty row
/// between data, one impossible date (row 10) and a totals row.
fn messy_xlsx(path: &Path, bad_date: &str) {
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    ws.set_name("保有特許").expect("name");
    let date = Format::new().set_num_format("yyyy/m/d");
    ws.merge_range(
        0,
        0,
        0,
        8,
        "保有特許一覧（令和6年3月31日現在）",
        &Format::new(),
    )
    .expect("title");
    let headers = [
        "整理番号",
        "国・地域",
        "出願番号",
        "出願日",
        "発明の名称",
        "発明者",
        "出願人",
        "状態",
        "社内メモ",
    ];
    let english = [
        "Ref.",
        "Country",
        "Application No.",
        "Filing date",
        "Title",
        "Inventors",
        "Applicant",
        "Status",
        "",
    ];
    for (c, (h, e)) in headers.iter().zip(english).enumerate() {
        ws.write_string(2, c as u16, *h).expect("header");
        ws.write_string(3, c as u16, e).expect("english header");
    }
    let rows: [[&str; 9]; 5] = [
        [
            "K-001",
            "日本",
            "特願２０２４－０００１２３",
            "令和6年1月15日",
            "半導体装置の製造方法",
            "山田太郎(60%)、鈴木花子(40%)",
            "",
            "出願中",
            "要確認",
        ],
        [
            "K-002",
            "JP",
            "特願平10-123456",
            "H10.4.1",
            "古い特許",
            "山田 太郎",
            "",
            "登録",
            "",
        ],
        [
            "K-003",
            "PCT",
            "pct/jp2023/5",
            "",
            "国際出願",
            "鈴木花子",
            "国立大学法人東都大学、株式会社みなと製作所",
            "",
            "",
        ],
        [
            "K-004",
            "米国",
            "17/123,456",
            "",
            "米国出願",
            "佐藤次郎・山田太郎",
            "",
            "審査中",
            "",
        ],
        [
            "K-005",
            "JP",
            "2023-000777",
            bad_date,
            "日付の誤り",
            "佐藤次郎",
            "",
            "出願中",
            "",
        ],
    ];
    let row_numbers = [4u32, 5, 6, 7, 9];
    for (r, cells) in row_numbers.iter().zip(rows) {
        for (c, value) in cells.iter().enumerate() {
            if !value.is_empty() {
                ws.write_string(*r, c as u16, *value).expect("cell");
            }
        }
    }
    // K-003 is filed on a real Excel date cell, K-004 on a serial number typed as a number.
    ws.write_datetime_with_format(
        6,
        3,
        ExcelDateTime::from_ymd(2023, 1, 10).expect("date"),
        &date,
    )
    .expect("date cell");
    ws.write_number(7, 3, 45000.0).expect("serial");
    // 出願人 of K-003 and K-004 is one merged cell.
    ws.merge_range(
        6,
        6,
        7,
        6,
        "国立大学法人東都大学、株式会社みなと製作所",
        &Format::new(),
    )
    .expect("merged applicant");
    ws.write_string(10, 0, "合計").expect("totals");
    ws.write_string(10, 2, "5件").expect("totals");
    book.save(path).expect("save workbook");
}

#[test]
fn a_messy_sheet_dry_run_lists_every_row_and_problem_and_writes_nothing() {
    let (dir, db) = temp_db();
    init(&db);
    let file = dir.path().join("register.xlsx");
    messy_xlsx(&file, "令和5年2月30日");
    let audit_before = count(&db, "SELECT COUNT(*) FROM audit_log");
    let (ok, out, _) = run(
        &db,
        &["import", file.to_str().unwrap_or_default(), "--dry-run"],
    );
    assert!(
        !ok,
        "a dry run with problems exits non-zero so scripts notice:\n{out}"
    );
    assert!(
        out.contains("row 10, column 出願日: 令和5年2月30日 is not a date"),
        "the impossible date is reported with its row (as Excel numbers it) and header:\n{out}"
    );
    for reference in ["K-001", "K-002", "K-003", "K-004"] {
        assert!(
            out.lines()
                .any(|l| l.trim_start().starts_with("create") && l.contains(reference)),
            "{reference} would be created:\n{out}"
        );
    }
    assert!(
        out.contains("社内メモ"),
        "the unknown column is reported, not dropped silently:\n{out}"
    );
    assert!(
        out.contains("a totals row") && out.contains("a second header row"),
        "totals and repeated headers are passed over visibly:\n{out}"
    );
    assert!(stored(&db).is_empty(), "a dry run writes nothing");
    assert_eq!(
        count(&db, "SELECT COUNT(*) FROM audit_log"),
        audit_before,
        "not even an audit row"
    );
}

#[test]
fn an_import_with_a_problem_writes_nothing_at_all() {
    let (dir, db) = temp_db();
    init(&db);
    let file = dir.path().join("register.xlsx");
    messy_xlsx(&file, "R5.2.29");
    let (ok, out, _) = run(&db, &["import", file.to_str().unwrap_or_default()]);
    assert!(!ok, "one bad row refuses the import");
    assert!(
        out.contains("row 10, column 出願日: R5.2.29 is not a date: month 2 of 2023 has 28 days"),
        "{out}"
    );
    assert!(out.contains("nothing written"), "{out}");
    assert!(
        stored(&db).is_empty(),
        "all or nothing: the four good rows are not written either"
    );
    assert_eq!(
        count(&db, "SELECT COUNT(*) FROM person"),
        0,
        "no inventor was created either"
    );
}

#[test]
fn skip_invalid_imports_the_good_rows_and_reimport_changes_nothing() {
    let (dir, db) = temp_db();
    init(&db);
    let file = dir.path().join("register.xlsx");
    messy_xlsx(&file, "令和5年2月30日");
    let path = file.to_str().unwrap_or_default();
    let (ok, out, err) = run(&db, &["import", path, "--skip-invalid"]);
    assert!(ok, "--skip-invalid imports the rest: {out}{err}");
    assert!(
        out.contains("rows left out: 10"),
        "the skipped row is listed:\n{out}"
    );
    let rows = stored(&db);
    let want = vec![
        (
            "K-001".to_string(),
            Some("2024-000123".to_string()),
            Some("2024-01-15".to_string()),
            "filed".to_string(),
        ),
        (
            "K-002".to_string(),
            Some("1998-123456".to_string()),
            Some("1998-04-01".to_string()),
            "granted".to_string(),
        ),
        (
            "K-003".to_string(),
            Some("PCT/JP2023/000005".to_string()),
            Some("2023-01-10".to_string()),
            "filed".to_string(),
        ),
        (
            "K-004".to_string(),
            Some("17/123,456".to_string()),
            Some("2023-03-15".to_string()),
            "examination".to_string(),
        ),
    ];
    assert_eq!(
        rows, want,
        "full-width numbers, era years, Excel dates and serials, Japanese statuses are all read"
    );
    assert_eq!(
        count(
            &db,
            "SELECT COUNT(*) FROM person WHERE name IN ('山田太郎', '山田 太郎')"
        ),
        1,
        "山田 太郎 and 山田太郎 are one person"
    );
    assert_eq!(
        count(&db, "SELECT COUNT(*) FROM co_applicant c JOIN organisation o ON o.id = c.organisation_id WHERE o.name = '株式会社みなと製作所' AND c.share_bp = 5000"),
        2,
        "the merged 出願人 cell belongs to both rows; the company shares equally with the institution"
    );
    assert_eq!(
        count(
            &db,
            "SELECT COUNT(*) FROM organisation WHERE name LIKE '%東都大学%'"
        ),
        0,
        "the institution is not its own co-applicant"
    );

    assert_eq!(
        count(
            &db,
            "SELECT COUNT(*) FROM application_event WHERE kind = 'filed'"
        ),
        4,
        "each filing date is recorded as a filed event too, so the docket sees it like a typed one"
    );
    let audit = count(&db, "SELECT COUNT(*) FROM audit_log");
    let (ok, out, _) = run(&db, &["import", path, "--skip-invalid"]);
    assert!(
        ok && out.contains("nothing to change"),
        "re-importing the same sheet changes nothing:\n{out}"
    );
    assert_eq!(
        count(&db, "SELECT COUNT(*) FROM audit_log"),
        audit,
        "and writes no audit row"
    );
    chizai(&db).args(["audit", "verify"]).assert().success();
}

#[test]
fn a_changed_row_updates_the_record_and_the_audit_trail_says_so() {
    let (dir, db) = temp_db();
    init(&db);
    let csv = dir.path().join("list.csv");
    let write = |status: &str| {
        let text = format!("整理番号,出願番号,出願日,発明の名称,状態\r\nA-1,特願2024-000001,2024/4/1,表示装置,{status}\r\n");
        std::fs::write(&csv, [b"\xEF\xBB\xBF".as_slice(), text.as_bytes()].concat())
            .expect("write csv");
    };
    write("出願中");
    chizai(&db)
        .args(["import", csv.to_str().unwrap_or_default()])
        .assert()
        .success();
    write("審査中");
    let (ok, out, _) = run(
        &db,
        &["import", csv.to_str().unwrap_or_default(), "--dry-run"],
    );
    assert!(
        ok && out.contains("update") && out.contains("(status)"),
        "the dry run names the changed field:\n{out}"
    );
    chizai(&db)
        .args(["import", csv.to_str().unwrap_or_default()])
        .assert()
        .success();
    assert_eq!(stored(&db)[0].3, "examination", "the status was updated");
    assert_eq!(
        count(
            &db,
            "SELECT COUNT(*) FROM audit_log WHERE entity = 'application' AND action = 'update'"
        ),
        1,
        "the update is in the audit trail with its before and after"
    );
}

#[test]
fn files_and_sheets_that_cannot_be_read_are_refused_clearly() {
    let (dir, db) = temp_db();
    init(&db);
    let file = dir.path().join("register.xlsx");
    messy_xlsx(&file, "2023-01-01");
    let (ok, _, err) = run(
        &db,
        &[
            "import",
            file.to_str().unwrap_or_default(),
            "--sheet",
            "Sheet9",
        ],
    );
    assert!(
        !ok && err.contains("no sheet \"Sheet9\"") && err.contains("保有特許"),
        "names the sheets there are: {err}"
    );
    let odd = dir.path().join("register.ods");
    std::fs::write(&odd, b"x").expect("write");
    let (ok, _, err) = run(&db, &["import", odd.to_str().unwrap_or_default()]);
    assert!(
        !ok && err.contains(".xlsx, .csv"),
        "says which files are read: {err}"
    );
    let bad = dir.path().join("bad.csv");
    std::fs::write(&bad, [0x82u8, 0xFF, 0xFE, 0x00, 0x81]).expect("write");
    let (ok, _, err) = run(&db, &["import", bad.to_str().unwrap_or_default()]);
    assert!(
        !ok && err.contains("Shift_JIS"),
        "undecodable bytes are named as such: {err}"
    );
}

#[test]
fn every_register_exports_and_the_applications_come_back_the_same() {
    let (dir, demo) = common::demo_db();
    for kind in [
        "applications",
        "disclosures",
        "costs",
        "people",
        "organisations",
        "agreements",
        "policies",
        "activities",
        "income",
    ] {
        for ext in ["xlsx", "csv", "json"] {
            let out = dir.path().join(format!("{kind}.{ext}"));
            chizai(&demo)
                .args([
                    "export",
                    "--kind",
                    kind,
                    "--out",
                    out.to_str().unwrap_or_default(),
                ])
                .assert()
                .success();
            let bytes = std::fs::read(&out).expect("exported file");
            match ext {
                "csv" => assert!(
                    bytes.starts_with(b"\xEF\xBB\xBF"),
                    "{kind}.csv starts with a BOM for Excel"
                ),
                "xlsx" => assert!(bytes.starts_with(b"PK"), "{kind}.xlsx is a zip package"),
                _ => assert!(
                    serde_json::from_slice::<serde_json::Value>(&bytes).is_ok_and(|v| v.is_array()),
                    "{kind}.json is an array"
                ),
            }
        }
    }
    let first = dir.path().join("first.sqlite");
    init(&first);
    let xlsx = dir.path().join("applications.xlsx");
    chizai(&first)
        .args(["import", xlsx.to_str().unwrap_or_default()])
        .assert()
        .success();
    assert_eq!(
        count(&first, "SELECT COUNT(*) FROM application"),
        count(&demo, "SELECT COUNT(*) FROM application"),
        "every exported application comes back"
    );
    let again = dir.path().join("again.csv");
    chizai(&first)
        .args([
            "export",
            "--kind",
            "applications",
            "--out",
            again.to_str().unwrap_or_default(),
        ])
        .assert()
        .success();
    let second = dir.path().join("second.sqlite");
    init(&second);
    chizai(&second)
        .args(["import", again.to_str().unwrap_or_default()])
        .assert()
        .success();
    let third = dir.path().join("third.csv");
    chizai(&second)
        .args([
            "export",
            "--kind",
            "applications",
            "--out",
            third.to_str().unwrap_or_default(),
        ])
        .assert()
        .success();
    assert_eq!(
        std::fs::read(&again).ok(),
        std::fs::read(&third).ok(),
        "export → import into an empty database → export gives the same register"
    );
}

#[test]
fn json_exports_still_go_to_the_lossless_exchange() {
    let (dir, demo) = common::demo_db();
    let json = dir.path().join("all.json");
    chizai(&demo)
        .args(["export", "--out", json.to_str().unwrap_or_default()])
        .assert()
        .success();
    let (_d2, fresh) = temp_db();
    chizai(&fresh)
        .args(["import", json.to_str().unwrap_or_default()])
        .assert()
        .success();
    assert_eq!(
        count(&fresh, "SELECT COUNT(*) FROM application"),
        count(&demo, "SELECT COUNT(*) FROM application"),
        "a .json file is the JSON exchange import, not a register"
    );
}
