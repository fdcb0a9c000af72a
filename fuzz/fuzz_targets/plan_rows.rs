//! Row planning of every importable kind on any CSV bytes, as a dry run against a small database
//! (one application, one disclosure, one agreement, its docket): a table or an error, never a
//! panic, and a dry run never writes.
#![no_main]

use std::cell::RefCell;

use chizai_core::import::{self, columns::Mapping, sheet, ImportOptions, Kind};
use chizai_core::progress::Progress;
use chizai_core::store::{Actor, Store};
use libfuzzer_sys::fuzz_target;

fn now() -> chrono::DateTime<chrono::Utc> {
    chrono::DateTime::from_timestamp(1_780_000_000, 0).unwrap_or_default()
}

/// The seed rows each kind plans against: imported once through the importer itself.
const SEED: &[(Kind, &str)] = &[
    (Kind::Disclosures, "届出番号,発明の名称,届出日,発明者,承継,承継決定日\nD-1,装置,令和5年4月1日,山田太郎(60%)、鈴木花子(40%),承継,2023-05-01\n"),
    (Kind::Applications, "整理番号,出願番号,出願日,発明の名称,発明者,審査請求日\nK-1,特願2023-012345,2023-06-01,装置,山田太郎,2024-01-10\n"),
    (Kind::Agreements, "契約番号,件名,種類,締結日,相手方,対象\nA-1,実施許諾,実施許諾,2024-04-01,株式会社A,K-1\n"),
    (Kind::Deadlines, "整理番号,手続,期限,状態\nK-1,社内報告,2025-01-10,未了\n"),
];

fn seeded() -> Option<Store> {
    let mut store = Store::open_in_memory().ok()?;
    for (kind, csv) in SEED {
        let table = sheet::read_csv(csv.as_bytes()).ok()?;
        let opts = options(*kind, false);
        import::import_table(&mut store, &table, &opts, &Actor("fuzz".into()), now(), &mut Progress::silent()).ok()?;
    }
    Some(store)
}

thread_local! {
    /// One seeded database for the whole run: dry runs never write, so every input sees the same.
    static STORE: RefCell<Option<Store>> = RefCell::new(seeded());
}

fn options(kind: Kind, dry_run: bool) -> ImportOptions {
    ImportOptions { kind, sheet: None, mapping: Mapping::default(), dry_run, skip_invalid: true }
}

fuzz_target!(|bytes: &[u8]| {
    let Ok(table) = sheet::read_csv(bytes) else { return };
    STORE.with_borrow_mut(|store| {
        let Some(store) = store else { return };
        for kind in Kind::ALL {
            let report = import::import_table(store, &table, &options(kind, true), &Actor("fuzz".into()), now(), &mut Progress::silent());
            assert!(report.is_err() || report.is_ok_and(|r| !r.written), "a dry run never writes");
        }
    });
});
