//! The register's invariant under any order of approvals: exactly one version in force on every
//! date from the first effective date on, none before, and a refused version writes nothing.

use chrono::{Days, NaiveDate};
use proptest::prelude::*;

use super::*;
use crate::kpi::fixture::now;
use crate::store::{Actor, Store};

fn day(offset: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2004, 4, 1).unwrap() + Days::new(u64::from(offset))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]
    #[test]
    fn exactly_one_version_is_in_force_whatever_the_order_of_approvals(
        offsets in proptest::collection::vec(0u32..8000, 1..12),
        probes in proptest::collection::vec(0u32..9000, 20),
    ) {
        let mut store = Store::open_in_memory().unwrap();
        let doc = store.write(&Actor("t".into()), now(), "doc", |w| create_policy_document(w, &PolicyDocument {
            id: None, code: "P".into(), title: "P".into(), kind: PolicyKind::IpPolicy, obsolete: false, versions: vec![],
        })).unwrap();
        let mut latest: Option<NaiveDate> = None;
        for (i, off) in offsets.iter().enumerate() {
            let e = day(*off);
            let v = PolicyVersion { id: None, version: format!("v{i}"), approval_body: Some("役員会".into()),
                approved_on: Some(e), effective_on: Some(e), superseded_on: None, summary: None,
                next_review_on: None, file_name: None, sha256: None };
            let audit_before: i64 = store.conn().query_row("SELECT count(*) FROM audit_log", [], |r| r.get(0)).unwrap();
            let r = store.write(&Actor("t".into()), now(), "v", |w| add_policy_version(w, doc, &v));
            let expect_ok = latest.is_none_or(|l| e > l);
            prop_assert_eq!(r.is_ok(), expect_ok, "a version is accepted exactly when it takes effect after the latest ({:?} vs {:?})", e, latest);
            if expect_ok {
                latest = Some(e);
            } else {
                let audit_after: i64 = store.conn().query_row("SELECT count(*) FROM audit_log", [], |r| r.get(0)).unwrap();
                prop_assert_eq!(audit_before, audit_after, "a refused version writes nothing");
            }
        }
        let d = get_document(store.conn(), doc).unwrap();
        let first = d.versions.iter().filter_map(|v| v.effective_on).min().unwrap();
        for p in probes {
            let on = day(p);
            let n = d.versions.iter().filter(|v| v.state_on(on) == VersionState::InForce).count();
            prop_assert_eq!(n, usize::from(on >= first), "in force on {}: {} versions", on, n);
        }
    }
}
