//! The portfolio listing: filter, full-text match, sort and page in one SQL statement, so that a
//! page of 50 out of 100,000 applications costs one indexed query, not a load of the table.

use crate::store::Conn;
use chrono::NaiveDate;
use rusqlite::types::Value;
use serde::{Deserialize, Serialize};

use crate::domain::*;
use crate::error::Result;

/// What to sort the listing by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum SortKey {
    #[default]
    Reference,
    FiledOn,
    Status,
    Office,
    Title,
}

/// Filters and paging for [`list_applications`]. Every filter is optional.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ts_rs::TS)]
pub struct ApplicationQuery {
    #[serde(default)]
    pub office: Option<Office>,
    #[serde(default)]
    pub status: Option<Status>,
    #[serde(default)]
    pub right_type: Option<RightType>,
    /// Title, number, reference, inventor or co-applicant text (Japanese substrings match).
    #[serde(default)]
    pub text: Option<String>,
    #[serde(default)]
    pub filed_from: Option<NaiveDate>,
    #[serde(default)]
    pub filed_to: Option<NaiveDate>,
    #[serde(default)]
    pub family_id: Option<FamilyId>,
    #[serde(default)]
    pub sort: SortKey,
    #[serde(default)]
    pub descending: bool,
    /// Page size; 0 means 50.
    #[serde(default)]
    pub limit: u32,
    #[serde(default)]
    pub offset: u32,
    /// Do not count the matches (`total` is then 0): a later page of a list whose total the
    /// caller already has. The count is most of a page's cost on a server (it reads every match).
    #[serde(default)]
    pub skip_count: bool,
    /// Count at most this many matches; when there are more, `total` is this number and
    /// [`Page::total_is_lower_bound`] says so ("10,000+"). The window's first page of a broad
    /// search needs no exact figure, and counting every match is most of that page's cost
    /// (issue 15). `None` counts them all, as the CLI always does.
    #[serde(default)]
    pub count_cap: Option<u32>,
}

/// One line of the portfolio listing.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct ApplicationRow {
    pub id: ApplicationId,
    pub reference: String,
    pub family_reference: String,
    pub office: Office,
    pub right_type: RightType,
    pub title: String,
    pub application_number: Option<String>,
    pub filed_on: Option<NaiveDate>,
    pub status: Status,
    pub registration_number: Option<String>,
    pub registered_on: Option<NaiveDate>,
}

/// A page of results with the total count of matches.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct Page<T> {
    pub total: u64,
    pub offset: u32,
    pub rows: Vec<T>,
    /// There are more than `total` matches: the count stopped at the query's `count_cap`.
    /// Left out of the JSON when false, so an uncapped listing (the CLI's) reads as before.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    #[ts(optional = nullable)]
    pub total_is_lower_bound: bool,
}

/// Lists applications matching `q`, sorted and paged.
pub fn list_applications(conn: &Conn, q: &ApplicationQuery) -> Result<Page<ApplicationRow>> {
    let mut clauses: Vec<String> = Vec::new();
    let mut args: Vec<Value> = Vec::new();
    let mut push = |clause: &str, v: Value| {
        args.push(v);
        clauses.push(clause.replace('?', &format!("?{}", args.len())));
    };
    if let Some(o) = q.office {
        push("a.office = ?", Value::Text(o.as_str().into()));
    }
    if let Some(s) = q.status {
        push("a.status = ?", Value::Text(s.as_str().into()));
    }
    if let Some(r) = q.right_type {
        push("a.right_type = ?", Value::Text(r.as_str().into()));
    }
    if let Some(f) = q.family_id {
        push("a.family_id = ?", Value::Integer(f.0));
    }
    if let Some(d) = q.filed_from {
        push("a.filed_on >= ?", Value::Text(d.to_string()));
    }
    if let Some(d) = q.filed_to {
        push("a.filed_on <= ?", Value::Text(d.to_string()));
    }
    if let Some(text) = q.text.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
        let (clause, value) = crate::search::application_filter(conn, text)?;
        push(&clause, value);
    }
    let filter = if clauses.is_empty() {
        String::new()
    } else {
        format!("WHERE {}", clauses.join(" AND "))
    };
    let order = match q.sort {
        SortKey::Reference => "a.reference",
        SortKey::FiledOn => "a.filed_on",
        SortKey::Status => "a.status",
        SortKey::Office => "a.office",
        SortKey::Title => "a.title",
    };
    let dir = if q.descending { "DESC" } else { "ASC" };
    // SQLite's order of empty values (first going up, last going down), spelled out for the
    // server — only for the one sort column that can be empty: on a NOT NULL column the clause
    // would keep PostgreSQL from walking the (reference, id) index and make it sort the table.
    let nulls = match (q.sort, q.descending) {
        (SortKey::FiledOn, true) => "NULLS LAST",
        (SortKey::FiledOn, false) => "NULLS FIRST",
        _ => "",
    };
    let limit = if q.limit == 0 {
        50
    } else {
        q.limit.min(10_000)
    };
    let (total, total_is_lower_bound) = if q.skip_count {
        (0, false)
    } else {
        count(conn, &filter, &args, q.count_cap)?
    };
    // The offset is a parameter, so the pages the window fetches as it scrolls share one prepared
    // statement (on the server a new SQL text is a parse, a plan and a round trip more). The limit
    // stays in the text (a few sizes in use): with both bound, PostgreSQL's generic plan must guess
    // the limit, costs it too high and plans every call afresh (0.5 ms of a 1 ms page).
    args.push(Value::Integer(i64::from(q.offset)));
    let offset_at = args.len();
    // Page on the application table alone (index order, no join for the skipped rows), then join
    // the family for the 50 rows shown.
    let sql = format!(
        "SELECT a.id, a.reference, f.reference, a.office, a.right_type, a.title, a.application_number, a.filed_on,
                a.status, a.registration_number, a.registered_on
         FROM (SELECT a.id AS id FROM application a {filter} ORDER BY {order} {dir} {nulls}, a.id {dir} LIMIT {limit} OFFSET ?{offset_at}) page
         JOIN application a ON a.id = page.id JOIN family f ON f.id = a.family_id
         ORDER BY {order} {dir} {nulls}, a.id {dir}"
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt
        .query_map(crate::store::params_from_iter(args.iter()), |r| {
            Ok(ApplicationRow {
                id: r.get(0)?,
                reference: r.get(1)?,
                family_reference: r.get(2)?,
                office: r.get(3)?,
                right_type: r.get(4)?,
                title: r.get(5)?,
                application_number: r.get(6)?,
                filed_on: r.get(7)?,
                status: r.get(8)?,
                registration_number: r.get(9)?,
                registered_on: r.get(10)?,
            })
        })?
        .collect::<crate::error::Result<_>>()?;
    Ok(Page {
        total,
        offset: q.offset,
        rows,
        total_is_lower_bound,
    })
}

/// The number of applications matching `filter`, counting no further than `cap` when one is
/// given; true beside it when the count stopped there.
fn count(conn: &Conn, filter: &str, args: &[Value], cap: Option<u32>) -> Result<(u64, bool)> {
    let params = crate::store::params_from_iter(args.iter());
    let Some(cap) = cap else {
        let sql = format!("SELECT count(*) FROM application a {filter}");
        return Ok((conn.query_row(&sql, params, |r| r.get(0))?, false));
    };
    // One more than the cap tells "exactly the cap" from "more"; the LIMIT lets both engines stop
    // reading matches there.
    let sql = format!(
        "SELECT count(*) FROM (SELECT 1 FROM application a {filter} LIMIT {}) capped",
        u64::from(cap) + 1
    );
    let n: u64 = conn.query_row(&sql, params, |r| r.get(0))?;
    Ok(if n > u64::from(cap) {
        (u64::from(cap), true)
    } else {
        (n, false)
    })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::store::Store;
    use std::collections::HashMap;

    /// A small demo institution in memory (60 applications, a fixed seed and day).
    fn demo_store() -> Store {
        let mut store = Store::open_in_memory().unwrap();
        let opts = crate::demo::DemoOptions {
            scale: 60,
            seed: 7,
            today: NaiveDate::from_ymd_opt(2026, 4, 15).unwrap(),
        };
        crate::demo::generate(&mut store, opts, chrono::Utc::now()).unwrap();
        store
    }

    #[test]
    fn a_later_page_without_the_count_has_the_same_rows() {
        // The window counts once and fetches the pages it scrolls to without counting again:
        // those pages must be exactly the counted listing's rows at the same offsets.
        let store = demo_store();
        let all = ApplicationQuery {
            sort: SortKey::FiledOn,
            descending: true,
            limit: 10_000,
            ..Default::default()
        };
        let everything = list_applications(store.conn(), &all).unwrap();
        assert_eq!(
            everything.total as usize,
            everything.rows.len(),
            "one page holds them all"
        );
        assert!(
            everything.total >= 60,
            "the demo's applications: {}",
            everything.total
        );
        let second = ApplicationQuery {
            limit: 20,
            offset: 20,
            skip_count: true,
            ..all
        };
        let page = list_applications(store.conn(), &second).unwrap();
        assert_eq!(page.total, 0, "not counted, as asked");
        assert_eq!(
            page.rows,
            everything.rows[20..40].to_vec(),
            "the same rows at the same offset"
        );
    }

    #[test]
    fn a_capped_count_says_it_is_a_lower_bound_and_keeps_the_rows() {
        let store = demo_store();
        let exact = list_applications(store.conn(), &ApplicationQuery::default()).unwrap();
        assert!(
            exact.total > 20,
            "the demo has more than 20: {}",
            exact.total
        );
        let n = u32::try_from(exact.total).unwrap();
        for (cap, total, lower_bound, why) in [
            (
                Some(20),
                20,
                true,
                "more matches than the cap: the cap, marked as a lower bound",
            ),
            (
                Some(n),
                exact.total,
                false,
                "exactly the cap: exact, not a lower bound",
            ),
            (Some(n + 1), exact.total, false, "fewer than the cap: exact"),
            (None, exact.total, false, "no cap: exact"),
        ] {
            let q = ApplicationQuery {
                count_cap: cap,
                ..Default::default()
            };
            let page = list_applications(store.conn(), &q).unwrap();
            assert_eq!(
                (page.total, page.total_is_lower_bound),
                (total, lower_bound),
                "{why}"
            );
            assert_eq!(
                page.rows, exact.rows,
                "the cap counts; it does not change the page"
            );
        }
    }

    #[test]
    fn a_text_of_any_length_finds_exactly_the_applications_whose_entry_holds_it() {
        // One or two characters are scanned once and handed over as ids (no trigram); three go
        // through FTS5. Either way: the applications whose index entry contains the folded text,
        // counted and paged alike, with the other filters applied on top.
        let store = demo_store();
        let pairs = |sql: &str| -> Vec<(i64, String)> {
            store
                .conn()
                .prepare(sql)
                .unwrap()
                .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
                .unwrap()
                .collect::<crate::error::Result<_>>()
                .unwrap()
        };
        let entries =
            pairs("SELECT entity_id, text FROM search_index WHERE entity = 'application'");
        let title: Vec<char> = entries[0].1.split(' ').nth(1).unwrap().chars().collect();
        let texts = [
            title[..1].iter().collect::<String>(),
            title[..2].iter().collect::<String>(),
            title[1..4].iter().collect::<String>(),
            "ＴＴ".to_owned(), // full-width: folded like the index ("tt")
            "鬱鬱".to_owned(), // nowhere
        ];
        let offices: HashMap<i64, String> = pairs("SELECT id, office FROM application")
            .into_iter()
            .collect();
        for text in &texts {
            let folded = crate::search::fold(text);
            for office in [None, Some(Office::Jp)] {
                let mut expected: Vec<i64> = entries
                    .iter()
                    .filter(|(id, t)| {
                        t.contains(&folded) && office.is_none_or(|o| offices[id] == o.as_str())
                    })
                    .map(|(id, _)| *id)
                    .collect();
                expected.sort_unstable();
                let q = ApplicationQuery {
                    text: Some(text.clone()),
                    office,
                    limit: 10_000,
                    ..Default::default()
                };
                let page = list_applications(store.conn(), &q).unwrap();
                let mut found: Vec<i64> = page.rows.iter().map(|r| r.id.0).collect();
                found.sort_unstable();
                assert_eq!(found, expected, "{text:?} in {office:?}");
                assert_eq!(page.total as usize, expected.len(), "{text:?} counted");
            }
        }
    }

    #[test]
    fn an_exact_page_reads_in_json_as_before_the_cap_existed() {
        // The CLI's `applications list --format json` is documented without the flag.
        let page: Page<u8> = Page {
            total: 3,
            offset: 0,
            rows: vec![1],
            total_is_lower_bound: false,
        };
        assert_eq!(
            serde_json::to_string(&page).unwrap(),
            r#"{"total":3,"offset":0,"rows":[1]}"#
        );
    }
}
