//! One vocabulary: every code has its Japanese and English label in the domain, and the PDF
//! registers and the Excel/CSV exports print exactly those labels (before, `filed` was 出願済 in
//! the PDF and 出願中 in Excel, `terminated` 解約 in one place and 解除 in another).

use std::collections::HashSet;

use chrono::NaiveDate;

use crate::agreements::AgreementStatus;
use crate::deadlines::DeadlineStatus;
use crate::domain::{vocabularies, Status};
use crate::export::{layout, Register, Sheet};
use crate::store::Store;

fn demo_store() -> Store {
    let mut store = Store::open_in_memory().unwrap();
    crate::demo::generate(
        &mut store,
        crate::demo::DemoOptions {
            scale: 60,
            seed: 7,
            today: NaiveDate::from_ymd_opt(2026, 6, 30).unwrap(),
        },
        chrono::Utc::now(),
    )
    .unwrap();
    store
}

#[test]
fn every_code_has_a_japanese_and_an_english_label_and_no_two_codes_share_one() {
    let all = vocabularies();
    assert!(all.len() >= 20, "status, kinds, routes, roles, events, …");
    for (name, labels) in all {
        assert!(!labels.is_empty(), "{name} has codes");
        let mut codes = HashSet::new();
        let mut ja = HashSet::new();
        let mut en = HashSet::new();
        for l in labels {
            assert!(
                !l.ja.trim().is_empty(),
                "{name}.{} has a Japanese label",
                l.code
            );
            assert!(
                !l.en.trim().is_empty(),
                "{name}.{} has an English label",
                l.code
            );
            assert!(codes.insert(l.code), "{name}.{} is listed once", l.code);
            // The importer reads labels back: two codes with one label could not be told apart.
            assert!(ja.insert(l.ja), "{name}: {} labels two codes", l.ja);
            assert!(
                en.insert(l.en.to_lowercase()),
                "{name}: {} labels two codes",
                l.en
            );
        }
    }
    assert_eq!(Status::Filed.label_ja(), "出願済");
    assert_eq!(AgreementStatus::Terminated.label_ja(), "解約");
}

fn column(sheet: &Sheet, header: &str) -> Vec<String> {
    let i = sheet
        .columns
        .iter()
        .position(|c| c.header == header)
        .unwrap_or_else(|| panic!("{} has a {header} column", sheet.name));
    sheet
        .rows
        .iter()
        .map(|r| r[i].text())
        .filter(|t| !t.is_empty())
        .collect()
}

fn labels_of(
    codes: &[&'static str],
    ja: impl Fn(&str) -> Option<&'static str>,
) -> HashSet<&'static str> {
    codes.iter().filter_map(|c| ja(c)).collect()
}

#[test]
fn the_exports_and_the_pdf_registers_print_the_domain_labels() {
    let store = demo_store();
    let conn = store.conn();
    let status_ja: HashSet<&str> = Status::ALL.iter().map(|s| s.label_ja()).collect();

    let apps = layout(conn, Register::Applications).unwrap();
    let exported = column(&apps, "状態");
    assert!(!exported.is_empty(), "the demo has applications");
    for s in &exported {
        assert!(
            status_ja.contains(s.as_str()),
            "the export writes {s}, not a domain label"
        );
    }
    assert!(
        exported.iter().any(|s| s == "出願済"),
        "filed reads 出願済 in Excel too"
    );

    let lines = super::from_store::portfolio_lines(conn).unwrap();
    assert!(!lines.is_empty());
    for l in &lines {
        assert!(
            status_ja.contains(l.status.as_str()),
            "the PDF prints {}",
            l.status
        );
    }

    let agreement_ja = labels_of(&["negotiating", "in_force", "expired", "terminated"], |c| {
        AgreementStatus::parse(c).ok().map(|s| s.label_ja())
    });
    let agreements = layout(conn, Register::Agreements).unwrap();
    let exported = column(&agreements, "状態");
    assert!(!exported.is_empty(), "the demo has agreements");
    for s in exported {
        assert!(
            agreement_ja.contains(s.as_str()),
            "agreement export writes {s}"
        );
    }
    for l in super::from_modules::agreement_lines(conn).unwrap() {
        assert!(
            agreement_ja.contains(l.status.as_str()),
            "agreement PDF prints {}",
            l.status
        );
    }

    let deadline_ja: HashSet<&str> = DeadlineStatus::LABELS.iter().map(|l| l.ja).collect();
    let docket = layout(conn, Register::Deadlines).unwrap();
    let status_header = docket
        .columns
        .iter()
        .find(|c| c.header.contains("状態"))
        .map(|c| c.header)
        .unwrap();
    let exported = column(&docket, status_header);
    assert!(!exported.is_empty(), "the demo has deadlines");
    for s in exported {
        assert!(deadline_ja.contains(s.as_str()), "docket export writes {s}");
    }
}
