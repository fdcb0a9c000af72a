//! Import speed (issue 8): a 10,000-row XLSX register imports in ≤ 3 s, its dry run in ≤ 2 s.
//! The sheet is built with rust_xlsxwriter like the registers offices keep: 整理番号, 国, 出願番号
//! typed with 特願, 和暦 and ISO dates, inventors with shares, co-applicants, statuses. The import
//! goes into a fresh database file (WAL, audit chain, FTS index), as `chizai import` does.
//! Run by `bench/run.sh import`; CHIZAI_BENCH_ROWS=N changes the size.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::Instant;

use chizai_core::import::{self, columns::Mapping, ImportOptions, Kind};
use chizai_core::portfolio::{self, Institution};
use chizai_core::progress::Progress;
use chizai_core::store::{Actor, Store};
use chrono::Utc;
use rust_xlsxwriter::Workbook;

fn sheet(path: &std::path::Path, rows: u32) {
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    let headers = [
        "整理番号",
        "国",
        "出願番号",
        "出願日",
        "発明の名称",
        "発明者",
        "出願人",
        "状態",
        "審査請求日",
        "登録番号",
        "登録日",
        "備考",
    ];
    for (c, h) in headers.iter().enumerate() {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    let surnames = [
        "山田", "鈴木", "佐藤", "高橋", "田中", "伊藤", "渡辺", "中村", "小林", "加藤",
    ];
    let given = [
        "太郎", "花子", "健太", "彩", "直樹", "智子", "光男", "蓮", "雄一", "美咲",
    ];
    let companies = [
        "株式会社みなと製作所",
        "常盤エネルギー株式会社",
        "瑞穂ソフトウェア株式会社",
    ];
    for i in 0..rows {
        let r = i + 1;
        let year = 2005 + i % 20;
        let (m, d) = (1 + i % 12, 1 + i % 28);
        let inventor = |k: u32| {
            format!(
                "{}{}",
                surnames[((i + k) % 10) as usize],
                given[((i * 7 + k) % 10) as usize]
            )
        };
        ws.write_string(r, 0, format!("BENCH-{i:05}")).unwrap();
        ws.write_string(r, 1, "JP").unwrap();
        ws.write_string(r, 2, format!("特願{year}－{:06}", 100_000 + i))
            .unwrap();
        if i % 2 == 0 {
            ws.write_string(r, 3, format!("{year}/{m}/{d}")).unwrap();
        } else {
            let reiwa = year - 2018;
            let text = if year >= 2020 {
                format!("令和{reiwa}年{m}月{d}日")
            } else {
                format!("平成{}年{m}月{d}日", year - 1988)
            };
            ws.write_string(r, 3, text).unwrap();
        }
        ws.write_string(r, 4, format!("高効率な半導体装置の製造方法 その{i}"))
            .unwrap();
        ws.write_string(r, 5, format!("{}(60%)、{}(40%)", inventor(0), inventor(3)))
            .unwrap();
        if i % 3 == 0 {
            ws.write_string(
                r,
                6,
                format!("国立大学法人 東都大学、{}", companies[(i % 3) as usize]),
            )
            .unwrap();
        }
        let granted = i % 4 == 0;
        ws.write_string(r, 7, if granted { "登録" } else { "審査中" })
            .unwrap();
        ws.write_string(r, 8, format!("{}-{m:02}-{d:02}", year + 1))
            .unwrap();
        if granted {
            ws.write_string(r, 9, format!("特許第{}号", 6_000_000 + i))
                .unwrap();
            ws.write_string(r, 10, format!("{}-{m:02}-{d:02}", year + 3))
                .unwrap();
        }
        ws.write_string(r, 11, "ベンチマーク用").unwrap();
    }
    book.save(path).unwrap();
}

fn main() {
    let rows: u32 = std::env::var("CHIZAI_BENCH_ROWS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(10_000);
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("register.xlsx");
    sheet(&file, rows);
    let db = dir.path().join("bench.sqlite");
    let now = Utc::now();
    let mut store = Store::open(&db, now).unwrap();
    let actor = Actor("bench".into());
    let inst = Institution {
        name: "国立大学法人 東都大学".into(),
        name_en: None,
        vice_president: None,
    };
    store
        .write(&actor, now, "init", |w| {
            portfolio::set_institution(w, &inst)
        })
        .unwrap();
    let mut opts = ImportOptions {
        kind: Kind::Applications,
        sheet: None,
        mapping: Mapping::default(),
        dry_run: true,
        skip_invalid: false,
    };

    let t = Instant::now();
    let report = import::import_file(
        &mut store,
        &file,
        &opts,
        &actor,
        now,
        &mut Progress::silent(),
    )
    .unwrap();
    let dry = t.elapsed().as_secs_f64();
    assert!(
        report.problems.is_empty(),
        "the bench sheet is clean: {:?}",
        report.problems.first()
    );
    assert_eq!(report.created.len(), rows as usize);

    opts.dry_run = false;
    let t = Instant::now();
    let report = import::import_file(
        &mut store,
        &file,
        &opts,
        &actor,
        now,
        &mut Progress::silent(),
    )
    .unwrap();
    let real = t.elapsed().as_secs_f64();
    assert!(report.written && report.created.len() == rows as usize);

    let t = Instant::now();
    let report = import::import_file(
        &mut store,
        &file,
        &opts,
        &actor,
        now,
        &mut Progress::silent(),
    )
    .unwrap();
    let again = t.elapsed().as_secs_f64();
    assert_eq!(
        report.unchanged.len(),
        rows as usize,
        "re-import is idempotent"
    );

    let verdict = |s: f64, budget: f64| if s <= budget { "ok" } else { "OVER BUDGET" };
    println!(
        "import {rows}-row xlsx, dry run         {dry:>7.3} s  budget 2 s  {}",
        verdict(dry, 2.0)
    );
    println!(
        "import {rows}-row xlsx, real import     {real:>7.3} s  budget 3 s  {}",
        verdict(real, 3.0)
    );
    println!("import {rows}-row xlsx, re-import (no-op) {again:>5.3} s");
}
