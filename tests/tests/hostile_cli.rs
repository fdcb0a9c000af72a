//! Hostile files through the built `chizai`: the crafted workbooks of the fuzz corpus (each once a
//! panic or a 72 GB allocation in the reader) are refused with the file, the limit and what to do,
//! exit 1, and nothing written.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::*;
use predicates::prelude::*;

#[test]
fn every_crafted_workbook_is_refused_with_the_limit_and_nothing_written() {
    let seeds =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../fuzz/seeds/xlsx_register");
    let crafted: Vec<_> = std::fs::read_dir(&seeds)
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with("crafted_"))
        })
        .collect();
    assert!(
        crafted.len() >= 5,
        "the crafted workbooks are in the fuzz corpus: {crafted:?}"
    );
    let (dir, db) = temp_db();
    chizai(&db)
        .args(["init", "--institution", "試験大学"])
        .assert()
        .success();
    for file in crafted {
        let copy = dir.path().join(file.file_name().unwrap());
        std::fs::copy(&file, &copy).unwrap();
        chizai(&db)
            .arg("import")
            .arg(&copy)
            .assert()
            .code(65)
            .stderr(
                predicate::str::contains(copy.display().to_string())
                    .and(predicate::str::contains("save the register again"))
                    .and(predicate::str::contains("panicked").not()),
            );
    }
    assert_eq!(
        json(&db, &["applications", "list"])["total"],
        0,
        "nothing was imported"
    );
}
