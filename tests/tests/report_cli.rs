//! Black-box tests of `chizai report …`: the built binary on a demo database in a temp dir, the
//! PDFs read back with poppler's `pdftotext` / `pdfinfo` as a reader's viewer would.
#![allow(clippy::unwrap_used, clippy::expect_used)] // test helpers: a panic is a failed test

use std::path::{Path, PathBuf};
use std::process::Command as Std;

use assert_cmd::Command;
use tempfile::TempDir;

/// A date the demo generator accepts (2026-04-15 and 2026-03-31 fail in `demo` with a duplicate
/// US number: a foundation bug, reported).
const TODAY: &str = "2026-06-30";

fn chizai_path() -> PathBuf {
    let exe = std::env::current_exe().expect("test executable path");
    let dir = exe.parent().and_then(Path::parent).expect("target/debug");
    let bin = dir.join(format!("chizai{}", std::env::consts::EXE_SUFFIX));
    assert!(
        bin.is_file(),
        "{} is missing: run `cargo build --workspace` first",
        bin.display()
    );
    bin
}

fn chizai(db: &Path) -> Command {
    let mut cmd = Command::new(chizai_path());
    cmd.arg("--db").arg(db).arg("--today").arg(TODAY);
    cmd
}

/// A demo database (the ordinary demo institution) in a fresh temp dir.
fn demo() -> (TempDir, PathBuf) {
    let dir = TempDir::new().unwrap();
    let db = dir.path().join("chizai.db");
    chizai(&db).arg("demo").assert().success();
    (dir, db)
}

fn poppler(tool: &str, args: &[&str], pdf: &Path) -> String {
    let out = Std::new(tool)
        .args(args)
        .arg(pdf)
        .args(if tool == "pdftotext" {
            vec!["-"]
        } else {
            vec![]
        })
        .output()
        .unwrap_or_else(|e| panic!("{tool} is needed (apt-get install poppler-utils): {e}"));
    assert!(out.status.success(), "{tool} failed on {}", pdf.display());
    String::from_utf8(out.stdout).unwrap()
}

fn pages(pdf: &Path) -> usize {
    let info = poppler("pdfinfo", &[], pdf);
    info.lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .expect("pdfinfo reports Pages")
}

fn page_text(pdf: &Path, page: usize) -> String {
    let p = page.to_string();
    poppler("pdftotext", &["-layout", "-f", &p, "-l", &p], pdf)
}

fn report_json(db: &Path, args: &[&str]) -> serde_json::Value {
    let out = chizai(db)
        .arg("report")
        .args(args)
        .args(["--format", "json"])
        .assert()
        .success();
    serde_json::from_slice(&out.get_output().stdout).expect("report prints JSON with --format json")
}

#[test]
fn portfolio_register_lists_every_application_with_the_frame_on_each_page() {
    let (dir, db) = demo();
    let out = dir.path().join("portfolio.pdf");
    let written = report_json(
        &db,
        &[
            "portfolio",
            "--out",
            out.to_str().unwrap(),
            "--as-of",
            "2026-03-31",
        ],
    );
    let n = pages(&out);
    assert_eq!(written["pages"], n, "the JSON page count is the file's");
    assert_eq!(
        written["bytes"],
        std::fs::metadata(&out).unwrap().len(),
        "bytes is the file size"
    );
    assert!(
        n >= 2,
        "the demo portfolio takes more than one landscape page, got {n}"
    );

    let export = chizai(&db)
        .args(["export", "--out", "-"])
        .assert()
        .success();
    let data: serde_json::Value = serde_json::from_slice(&export.get_output().stdout).unwrap();
    let apps = data["applications"]
        .as_array()
        .expect("export lists applications");
    assert!(!apps.is_empty(), "the demo has applications to look for");
    let all = poppler("pdftotext", &["-raw"], &out);
    for app in apps.iter().take(40) {
        let reference = app["reference"].as_str().unwrap();
        assert!(
            all.contains(reference),
            "application {reference} is in the register"
        );
    }
    assert!(
        all.contains("独占実施許諾"),
        "the demo licenses patents (`chizai kpi`: patents under licence > 0), so some rows show the licence kind"
    );
    for page in 1..=n {
        let text = page_text(&out, page);
        assert!(
            text.contains("保有特許一覧") && text.contains("関係者外秘"),
            "frame on page {page}"
        );
        assert!(
            text.contains("基準日 2026年3月31日（令和8年）"),
            "as-of date with era on page {page}"
        );
        assert!(
            text.contains(&format!("{page} / {n}")),
            "page number on page {page}"
        );
        assert!(
            text.contains("整理番号") && text.contains("共同出願人"),
            "header row on page {page}"
        );
    }
}

#[test]
fn board_report_kpi_table_shows_what_chizai_kpi_says() {
    let (dir, db) = demo();
    let out = dir.path().join("board.pdf");
    let written = report_json(
        &db,
        &["board", "--fy", "2025", "--out", out.to_str().unwrap()],
    );
    assert_eq!(
        written["as_of"], "2026-03-31",
        "FY2025 ends on 31 March 2026, before --today"
    );
    assert!(
        pages(&out) >= 3 && page_text(&out, 3).contains("判断事項"),
        "summary, ten-year charts, then the decisions (now filled, as many pages as they need)"
    );

    let kpi = chizai(&db)
        .args(["kpi", "--fy", "2025", "--years", "2", "--format", "json"])
        .assert()
        .success();
    let kpi: serde_json::Value = serde_json::from_slice(&kpi.get_output().stdout).unwrap();
    let (prev, now) = (&kpi["years"][0], &kpi["years"][1]);
    assert_eq!(now["fiscal_year"], 2025);
    let text = page_text(&out, 1);
    let cells = |label: &str| -> Vec<String> {
        let line = text
            .lines()
            .find(|l| l.contains(label))
            .unwrap_or_else(|| panic!("{label} row:\n{text}"));
        line.split_whitespace()
            .map(|c| c.replace([',', '¥'], ""))
            .collect()
    };
    let expect = [
        ("発明届出件数", "/disclosures"),
        ("特許取得件数", "/patents_granted/total"),
        ("ライセンス契約件数", "/licensing_agreements/total"),
        ("実施許諾中の特許件数", "/patents_under_licence"),
        ("知財収入", "/licence_income_yen"),
        ("技術相談件数", "/consultations"),
    ];
    for (label, pointer) in expect {
        let row = cells(label);
        for year in [prev, now] {
            let v = year
                .pointer(pointer)
                .and_then(serde_json::Value::as_i64)
                .unwrap()
                .to_string();
            assert!(
                row.contains(&v),
                "{label} for FY{} is {v} in `chizai kpi`; the report's row is {row:?}",
                year["fiscal_year"]
            );
        }
    }
    assert!(
        text.contains("大学発特許取得数を10年間で15倍"),
        "the demo's recorded target is shown"
    );
}

/// The text of `text` from `start` up to `end` (or its end).
fn section<'a>(text: &'a str, start: &str, end: &str) -> &'a str {
    let from = text
        .find(start)
        .unwrap_or_else(|| panic!("{start} is printed:\n{text}"));
    let rest = &text[from..];
    rest.find(end).map_or(rest, |to| &rest[..to])
}

/// `chizai deadlines --format json` for `args`: the stored docket.
fn deadlines(db: &Path, args: &[&str]) -> Vec<serde_json::Value> {
    let out = chizai(db)
        .arg("deadlines")
        .args(args)
        .args(["--format", "json"])
        .assert()
        .success();
    serde_json::from_slice::<serde_json::Value>(&out.get_output().stdout)
        .unwrap()
        .as_array()
        .cloned()
        .unwrap()
}

/// Issue 13: the 判断事項 pages list what the stored docket says is due in the quarter from the
/// day the report is printed (--today), not 未登録: annuities on unlicensed rights with the fee
/// and the years already paid, and the national-phase entries due.
#[test]
fn board_report_decisions_list_the_annuities_and_national_phases_due_next_quarter() {
    let (dir, db) = demo();
    let out = dir.path().join("board.pdf");
    report_json(
        &db,
        &["board", "--fy", "2025", "--out", out.to_str().unwrap()],
    );
    let text: String = (1..=pages(&out)).map(|p| page_text(&out, p)).collect();
    assert!(
        !text.contains("未登録"),
        "every decision list is filled from the database"
    );
    let quarter_end = "2026-09-28"; // --today 2026-06-30 + 90 days
    let annuities = section(&text, "判断事項：年金納付期限", "判断事項：国内移行期限");
    assert!(
        annuities.contains("2026/06/30〜2026/09/28"),
        "the quarter counts from the day printed:\n{annuities}"
    );
    let rows: Vec<&str> = annuities.lines().filter(|l| l.contains("□維持")).collect();
    assert!(
        !rows.is_empty(),
        "the demo has annuities due next quarter:\n{annuities}"
    );
    for row in &rows {
        assert!(
            row.contains("年分") && (row.contains('¥') || row.contains("記録なし")),
            "each annuity line shows the year due and the fee, or that no fee is on record: {row}"
        );
        if row.contains(" JP ") {
            assert!(
                row.contains('¥'),
                "a JP fee follows from 特許法107条: {row}"
            );
        }
    }
    assert!(
        rows.iter().any(|r| r.contains('¥')),
        "the fees are shown:\n{annuities}"
    );
    assert!(
        rows.iter().any(|r| r.contains("年分まで")),
        "the years already paid are shown:\n{annuities}"
    );
    let due: Vec<String> = deadlines(
        &db,
        &["--from", TODAY, "--to", quarter_end, "--status", "open"],
    )
    .into_iter()
    .filter(|d| {
        let code = d["code"].as_str().unwrap_or("");
        code.starts_with("jp.annuity")
            || code.starts_with("ep.renewal")
            || code.starts_with("us.maintenance")
            || code.starts_with("cn.annuity")
            || code.starts_with("kr.annuity")
    })
    .filter_map(|d| d["application_reference"].as_str().map(str::to_owned))
    .collect();
    let printed = due
        .iter()
        .filter(|r| annuities.contains(r.as_str()))
        .count();
    assert!(
        printed >= rows.len() && printed > 0,
        "the annuity lines are the docket's open annuities of the quarter ({printed} of {} printed)",
        due.len()
    );

    let national = section(&text, "判断事項：国内移行期限", "判断事項：満了する契約");
    let entries: Vec<String> = deadlines(
        &db,
        &["--from", TODAY, "--to", quarter_end, "--status", "open"],
    )
    .into_iter()
    // The entry deadlines themselves (the CN 32-month grace date, `cn.national_phase`, is a
    // fallback the board does not decide on).
    .filter(|d| {
        d["code"]
            .as_str()
            .is_some_and(|c| c == "pct.national_phase" || c == "jp.national_phase")
    })
    .filter_map(|d| d["application_reference"].as_str().map(str::to_owned))
    .collect();
    assert!(
        !entries.is_empty(),
        "the demo has national-phase entries due next quarter"
    );
    for reference in &entries {
        assert!(
            national.contains(reference.as_str()),
            "{reference}'s national phase is due next quarter and listed:\n{national}"
        );
    }
}

#[test]
fn agreement_and_policy_registers_come_out_of_the_demo() {
    let (dir, db) = demo();
    for (kind, title, column) in [
        ("agreements", "契約一覧", "相手方"),
        ("policies", "規程一覧", "次回見直し"),
    ] {
        let out = dir.path().join(format!("{kind}.pdf"));
        let written = report_json(&db, &[kind, "--out", out.to_str().unwrap()]);
        assert_eq!(written["report"], kind);
        let text = page_text(&out, 1);
        assert!(
            text.contains(title) && text.contains(column),
            "{kind} register page 1:\n{text}"
        );
        assert!(
            !text.contains("該当するデータはありません"),
            "the demo has {kind}"
        );
    }
}

#[test]
fn docket_report_lists_the_stored_deadlines_of_the_range_with_overdue_first() {
    let (dir, db) = demo();
    let out = dir.path().join("docket.pdf");
    let json = report_json(
        &db,
        &[
            "docket",
            "--from",
            TODAY,
            "--to",
            "2026-09-30",
            "--out",
            out.to_str().unwrap(),
        ],
    );
    assert_eq!(
        json["pages"].as_u64().map(|n| n as usize),
        Some(pages(&out)),
        "the JSON page count is the PDF's"
    );
    let listed = chizai(&db)
        .args([
            "deadlines",
            "--from",
            TODAY,
            "--to",
            "2026-09-30",
            "--format",
            "json",
        ])
        .assert()
        .success();
    let listed: serde_json::Value = serde_json::from_slice(&listed.get_output().stdout).unwrap();
    let first = listed
        .as_array()
        .and_then(|a| a.iter().find(|d| d["info"] == false))
        .expect("the demo has deadlines in the range");
    let text: String = (1..=pages(&out)).map(|p| page_text(&out, p)).collect();
    assert!(
        text.contains("関係者外秘") && text.contains("期限一覧"),
        "every page carries the frame"
    );
    let reference = first["application_reference"].as_str().unwrap();
    assert!(
        text.contains(reference),
        "a deadline of the range ({reference}) is printed"
    );
    let overdue = text.find("期限超過");
    assert!(
        overdue.is_some(),
        "the demo has overdue deadlines and they are listed"
    );
}

#[test]
fn report_without_a_database_says_how_to_make_one() {
    let dir = TempDir::new().unwrap();
    chizai(&dir.path().join("none.db"))
        .args(["report", "portfolio", "--out"])
        .arg(dir.path().join("x.pdf"))
        .assert()
        .failure()
        .stderr(predicates::str::contains("chizai demo"));
}
