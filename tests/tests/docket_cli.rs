//! Black-box tests of `chizai calc` and `chizai holidays`: the built binary, no database.
#![allow(clippy::unwrap_used, clippy::expect_used)] // test helpers: a panic is a failed test

use std::path::PathBuf;

use assert_cmd::Command;
use predicates::str::contains;
use serde_json::Value;

/// The `chizai` binary built next to this test executable (target/debug/chizai).
fn chizai() -> Command {
    let exe = std::env::current_exe().unwrap();
    let dir: PathBuf = exe.parent().unwrap().parent().unwrap().to_path_buf();
    let mut cmd = Command::new(dir.join(format!("chizai{}", std::env::consts::EXE_SUFFIX)));
    let home = tempfile::tempdir().unwrap();
    // No database is touched: run in an empty directory with an empty HOME.
    cmd.current_dir(home.path()).env("HOME", home.path());
    std::mem::forget(home);
    cmd
}

fn json(args: &[&str]) -> Vec<Value> {
    let out = chizai()
        .args(args)
        .arg("--format")
        .arg("json")
        .assert()
        .success();
    let text = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    serde_json::from_str::<Value>(&text)
        .unwrap()
        .as_array()
        .unwrap()
        .clone()
}

fn find<'a>(all: &'a [Value], code: &str) -> &'a Value {
    all.iter()
        .find(|v| v["code"] == code && v["variant"].is_null())
        .unwrap_or_else(|| panic!("{code} missing in {all:#?}"))
}

#[test]
fn calc_exam_request_rolls_over_the_year_end_and_explains_it() {
    let all = json(&[
        "calc",
        "--office",
        "JP",
        "--right",
        "patent",
        "--event",
        "filed=2022-12-31",
    ]);
    let e = find(&all, "jp.exam_request");
    assert_eq!(
        e["due"], "2026-01-05",
        "31 Dec – 3 Jan closed and 4 Jan a Sunday"
    );
    assert_eq!(e["unrolled"], "2025-12-31");
    assert_eq!(e["basis"], "特許法第48条の3第1項");
    let why = e["explanation"].as_str().unwrap();
    assert!(
        why.contains("2026-01-03 年末年始, 2026-01-04 日曜日"),
        "{why}"
    );
    for v in &all {
        for key in ["code", "due", "unrolled", "basis", "explanation"] {
            assert!(v.get(key).is_some(), "every deadline has `{key}`: {v}");
        }
    }
}

#[test]
fn calc_pct_lists_national_phases_with_their_target() {
    let all = json(&[
        "calc",
        "--office",
        "PCT",
        "--event",
        "priority=2022-06-25",
        "--event",
        "filed=2023-06-23",
    ]);
    let targets: Vec<&str> = all
        .iter()
        .filter(|v| v["code"] == "pct.national_phase" || v["code"] == "jp.national_phase")
        .map(|v| v["target"].as_str().unwrap())
        .collect();
    for t in ["JP", "US", "EP", "CN", "KR"] {
        assert!(targets.contains(&t), "national phase into {t}: {targets:?}");
    }
    let us = all
        .iter()
        .find(|v| v["code"] == "pct.national_phase" && v["target"] == "US")
        .unwrap();
    assert_eq!(
        us["due"], "2024-12-26",
        "30 months end on Christmas Day at the USPTO"
    );
}

#[test]
fn calc_annuities_carry_their_year() {
    let all = json(&[
        "calc",
        "--office",
        "JP",
        "--event",
        "filed=2015-03-10",
        "--event",
        "registered=2018-05-03",
    ]);
    let years: Vec<u64> = all
        .iter()
        .filter(|v| v["code"] == "jp.annuity")
        .map(|v| v["year"].as_u64().unwrap())
        .collect();
    assert_eq!(
        years,
        [4, 5, 6],
        "the next three annuities after the grant fee"
    );
}

#[test]
fn calc_overseas_applicant_gets_three_months() {
    let all = json(&[
        "calc",
        "--office",
        "JP",
        "--applicant",
        "overseas",
        "--event",
        "oa_dispatched=2025-02-03",
    ]);
    assert_eq!(
        find(&all, "jp.oa_response")["due"],
        "2025-05-07",
        "3 months, Golden Week 2025"
    );
}

#[test]
fn calc_table_is_readable() {
    chizai()
        .args([
            "calc",
            "--office",
            "US",
            "--event",
            "oa_dispatched=2024-04-04",
        ])
        .assert()
        .success()
        .stdout(contains("2024-07-05"))
        .stdout(contains("us.oa_response"));
}

#[test]
fn calc_refuses_a_typo_in_a_fact_and_says_what_to_use() {
    chizai()
        .args(["calc", "--office", "JP", "--event", "fild=2024-01-01"])
        .assert()
        .failure()
        .stderr(contains("fild"))
        .stderr(contains("filed"));
    chizai()
        .args(["calc", "--office", "JP", "--event", "filed=2024-13-01"])
        .assert()
        .failure()
        .stderr(contains("YYYY-MM-DD"));
}

#[test]
fn holidays_json_has_date_name_kind() {
    let out = chizai()
        .args([
            "holidays",
            "--from",
            "2019-04-27",
            "--to",
            "2019-05-06",
            "--format",
            "json",
        ])
        .assert()
        .success();
    let all: Vec<Value> = serde_json::from_slice::<Value>(&out.get_output().stdout)
        .unwrap()
        .as_array()
        .unwrap()
        .clone();
    assert_eq!(all.len(), 10, "27 Apr – 6 May 2019 were all closed");
    let day = |d: &str| all.iter().find(|v| v["date"] == d).unwrap().clone();
    assert_eq!(
        day("2019-05-01")["kind"],
        "special",
        "accession day, special law"
    );
    assert_eq!(
        day("2019-04-30")["kind"],
        "citizens",
        "between 昭和の日 and 5/1"
    );
    assert_eq!(day("2019-05-06")["kind"], "substitute", "for Sunday 5/5");
    assert_eq!(day("2019-04-28")["kind"], "weekend");
    assert_eq!(day("2019-05-03")["name"], "憲法記念日");
}

#[test]
fn holidays_mark_year_end_and_predictions() {
    let out = chizai()
        .args([
            "holidays",
            "--from",
            "2028-12-28",
            "--to",
            "2029-01-04",
            "--format",
            "json",
            "--no-weekends",
        ])
        .assert()
        .success();
    let all: Vec<Value> = serde_json::from_slice::<Value>(&out.get_output().stdout)
        .unwrap()
        .as_array()
        .unwrap()
        .clone();
    let kinds: Vec<&str> = all.iter().map(|v| v["kind"].as_str().unwrap()).collect();
    assert_eq!(
        kinds,
        ["year_end", "year_end", "year_end", "national", "year_end", "year_end"],
        "29–31 Dec, 元日, 2–3 Jan"
    );
    let new_year = all.iter().find(|v| v["date"] == "2029-01-01").unwrap();
    assert_eq!(
        new_year["predicted"], true,
        "2029 is beyond the official list"
    );
}

#[test]
fn holidays_for_the_uspto() {
    chizai()
        .args([
            "holidays",
            "--office",
            "US",
            "--from",
            "2024-06-01",
            "--to",
            "2024-07-31",
            "--no-weekends",
        ])
        .assert()
        .success()
        .stdout(contains("2024-06-19"))
        .stdout(contains("2024-07-04"));
}

#[test]
fn calc_cn_exam_request_rolls_over_national_day_and_cites_the_law() {
    let all = json(&["calc", "--office", "CN", "--event", "filed=2021-10-01"]);
    let e = find(&all, "cn.exam_request");
    assert_eq!(
        (e["unrolled"].as_str(), e["due"].as_str()),
        (Some("2024-10-01"), Some("2024-10-08")),
        "3 years end on National Day; 1–7 Oct 2024 are rest days at the CNIPA"
    );
    assert_eq!(e["calendar"], "CNIPA");
    assert!(
        e["basis_en"].as_str().unwrap().contains("Art. 35(1)"),
        "{}",
        e["basis_en"]
    );
    assert!(
        e["explanation"]
            .as_str()
            .unwrap()
            .contains("中国の休日 国慶節"),
        "each rest day is named: {}",
        e["explanation"]
    );
    assert!(
        all.iter().any(|v| v["code"] == "cn.term"),
        "the term is listed too"
    );
}

#[test]
fn calc_cn_keeps_a_deadline_on_a_moved_working_sunday() {
    let all = json(&["calc", "--office", "CN", "--event", "filed=2021-02-04"]);
    let e = find(&all, "cn.exam_request");
    assert_eq!(
        e["due"], "2024-02-04",
        "Sunday 4 Feb 2024 is a working day (调休): not rolled"
    );
    assert!(e["rolled_over"].as_array().unwrap().is_empty());
}

#[test]
fn calc_kr_annuity_and_its_grace_and_no_marker() {
    let out = chizai()
        .args([
            "calc",
            "--office",
            "KR",
            "--event",
            "filed=2019-06-03",
            "--event",
            "registered=2021-05-01",
            "--format",
            "json",
        ])
        .assert()
        .success();
    let stderr = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    assert!(
        !stderr.contains("no rules"),
        "KR has rules of its own now: {stderr}"
    );
    let all: Vec<Value> = serde_json::from_slice(&out.get_output().stdout).unwrap();
    let y4 = all
        .iter()
        .find(|v| v["code"] == "kr.annuity" && v["year"] == 4)
        .expect("year 4 annuity");
    assert_eq!(
        (y4["unrolled"].as_str(), y4["due"].as_str()),
        (Some("2024-05-01"), Some("2024-05-02")),
        "due on the 3rd anniversary of registration, Workers' Day: rolled (Art. 14(iv))"
    );
    assert!(
        all.iter()
            .any(|v| v["code"] == "kr.annuity_grace" && v["year"] == 4 && v["due"] == "2024-11-01"),
        "the 6-month additional payment period follows"
    );
}

#[test]
fn calc_pct_national_phase_into_kr_rolls_over_seollal() {
    let all = json(&[
        "calc",
        "--office",
        "PCT",
        "--event",
        "priority=2022-06-25",
        "--event",
        "filed=2023-06-23",
    ]);
    let kr = all
        .iter()
        .find(|v| v["code"] == "pct.national_phase" && v["target"] == "KR")
        .unwrap();
    assert_eq!(
        kr["due"], "2025-01-31",
        "31 months, then the weekend, 27 Jan and Seollal 28–30 Jan 2025"
    );
    assert_eq!(kr["calendar"], "KIPO");
    let cn_late = all
        .iter()
        .find(|v| v["code"] == "cn.national_phase" && v["variant"] == "late")
        .unwrap();
    assert_eq!(
        cn_late["unrolled"], "2025-02-25",
        "CN: 32 months with the grace fee"
    );
}

#[test]
fn holidays_for_the_cnipa_list_rest_days_and_leave_out_moved_working_days() {
    let rows = json(&[
        "holidays",
        "--office",
        "CN",
        "--from",
        "2024-02-01",
        "--to",
        "2024-02-29",
    ]);
    let dates: Vec<&str> = rows.iter().map(|r| r["date"].as_str().unwrap()).collect();
    for day in ["2024-02-10", "2024-02-14", "2024-02-16", "2024-02-17"] {
        assert!(dates.contains(&day), "{day} is closed: {dates:?}");
    }
    for day in ["2024-02-04", "2024-02-18"] {
        assert!(
            !dates.contains(&day),
            "{day} is a moved working day: {dates:?}"
        );
    }
    let sf = rows.iter().find(|r| r["date"] == "2024-02-14").unwrap();
    assert_eq!(sf["kind"], "public_holiday");
    assert_eq!(sf["name_en"], "PRC public holiday: Spring Festival");
}

#[test]
fn holidays_for_the_kipo_and_a_year_without_data_warns() {
    chizai()
        .args([
            "holidays",
            "--office",
            "KR",
            "--from",
            "2024-02-01",
            "--to",
            "2024-02-29",
            "--no-weekends",
        ])
        .assert()
        .success()
        .stdout(contains("2024-02-09"))
        .stdout(contains("2024-02-12"))
        .stdout(contains("Seollal"));
    chizai()
        .args([
            "holidays",
            "--office",
            "CN",
            "--from",
            "2027-01-01",
            "--to",
            "2027-12-31",
            "--no-weekends",
        ])
        .assert()
        .success()
        .stderr(contains("2027"))
        .stderr(contains("weekends only"));
    chizai()
        .args([
            "holidays",
            "--office",
            "TW",
            "--from",
            "2024-01-01",
            "--to",
            "2024-12-31",
        ])
        .assert()
        .failure()
        .stderr(contains("JP, US, EP, WO, CN and KR"));
}
