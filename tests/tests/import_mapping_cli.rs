//! Black-box tests of how `chizai import` reads what offices really type: Shift_JIS and
//! tab-separated files, a mapping file for columns (`[columns]`) and for values (`[values.FIELD]`,
//! `--map`), and the words office sheets use for statuses (出願, 国際段階, 権利消滅 …).

#![allow(clippy::expect_used)]

mod common;

use common::{application_rows as stored, chizai, count, init, run, temp_db};

#[test]
fn shift_jis_tab_separated_and_a_mapping_file_are_read() {
    let (dir, db) = temp_db();
    init(&db);
    let text = "社内管理No\t出願番号\t出願日\t名称\t自由記述\r\nX-9\t特願２０２２－０１２３４５\t平成３１年４月３０日\t蓄電池\tメモ\r\n";
    let (bytes, _, unmappable) = encoding_rs::SHIFT_JIS.encode(text);
    assert!(!unmappable, "the fixture is representable in Shift_JIS");
    let csv = dir.path().join("sjis.txt");
    std::fs::write(&csv, &bytes).expect("write");
    let mapping = dir.path().join("map.toml");
    std::fs::write(
        &mapping,
        "[columns]\n\"社内管理No\" = \"reference\"\n\"自由記述\" = \"ignore\"\n",
    )
    .expect("write mapping");
    let (ok, out, err) = run(
        &db,
        &[
            "import",
            csv.to_str().unwrap_or_default(),
            "--mapping",
            mapping.to_str().unwrap_or_default(),
        ],
    );
    assert!(ok, "Shift_JIS with tabs imports: {out}{err}");
    assert!(
        !out.contains("columns not imported"),
        "the mapping file ignores 自由記述 on purpose:\n{out}"
    );
    assert_eq!(
        stored(&db),
        vec![(
            "X-9".to_string(),
            Some("2022-012345".to_string()),
            Some("2019-04-30".to_string()),
            "filed".to_string()
        )],
        "the mapped reference, the full-width number and the last day of 平成 come through"
    );
}

/// Issue 13: the words real office sheets use for a status map to our codes, a word no synonym
/// covers is a problem the dry run shows by row and column, and `--map` maps it (a mapping to
/// something that is not a status is refused, naming the file and what is accepted).
#[test]
fn office_words_for_statuses_are_read_and_a_mapping_file_maps_any_other() {
    let (dir, db) = temp_db();
    init(&db);
    let csv = dir.path().join("office.csv");
    let rows = [
        ("S-1", "出願", "filed"),
        ("S-2", "国際段階", "filed"),
        ("S-3", "審査請求済", "examination"),
        ("S-4", "権利消滅", "lapsed"),
        ("S-5", "取下げ", "abandoned"),
        ("S-6", "年金不納", "lapsed"),
        ("S-7", "出願済", "filed"),
        ("S-8", "審査待ち", "examination"),
    ];
    let mut text = String::from("整理番号,出願番号,出願日,発明の名称,状態\r\n");
    for (i, (reference, word, _)) in rows.iter().enumerate() {
        text.push_str(&format!(
            "{reference},特願2024-00010{i},2024/4/1,表示装置{i},{word}\r\n"
        ));
    }
    std::fs::write(&csv, [b"\xEF\xBB\xBF".as_slice(), text.as_bytes()].concat())
        .expect("write csv");
    let path = csv.to_str().unwrap_or_default();

    let (_, out, err) = run(&db, &["import", path, "--dry-run"]);
    let out = out + &err;
    assert!(
        out.contains("row 9, column 状態") && out.contains("審査待ち"),
        "the unknown word is a problem of row 9 (Excel's numbering) in the dry run:\n{out}"
    );
    assert_eq!(count(&db, "SELECT COUNT(*) FROM application"), 0);

    let bad = dir.path().join("bad.toml");
    std::fs::write(&bad, "[values.status]\n\"審査待ち\" = \"alive\"\n").expect("write map");
    let (ok, _, err) = run(
        &db,
        &["import", path, "--map", bad.to_str().unwrap_or_default()],
    );
    assert!(
        !ok && err.contains("bad.toml") && err.contains("alive") && err.contains("granted"),
        "a mapping to no status names the file, the value and what is accepted:\n{err}"
    );

    let map = dir.path().join("map.toml");
    std::fs::write(&map, "[values.status]\n\"審査待ち\" = \"examination\"\n").expect("write map");
    chizai(&db)
        .args(["import", path, "--map", map.to_str().unwrap_or_default()])
        .assert()
        .success();
    let got: Vec<(String, String)> = stored(&db).into_iter().map(|r| (r.0, r.3)).collect();
    let want: Vec<(String, String)> = rows
        .iter()
        .map(|(r, _, code)| (r.to_string(), code.to_string()))
        .collect();
    assert_eq!(
        got, want,
        "each office word (and the mapped one) is stored as our code"
    );
}
