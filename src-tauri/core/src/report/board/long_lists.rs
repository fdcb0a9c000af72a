//! A decision list too long for a board: totals and the items that need a decision first.
//!
//! At 100,000 applications a quarter brings about 5,800 annuities and 700 national-phase entries:
//! printed in full, 判断事項 ran to 240 pages nobody at a board meeting reads. Up to
//! [`LISTED_IN_FULL`] items are still listed one by one; a longer list becomes its count and
//! money, broken down by office for annuities, and the [`PRIORITY_ITEMS`] items to decide first —
//! annuities already in their grace period (late: a surcharge is due), then the dearest; entries
//! and agreements with the nearest date — with a pointer to the docket report (期限一覧), which
//! lists every one.

use std::collections::BTreeMap;

use super::{AnnuityDecision, ExpiringAgreement, NationalPhaseDue};
use crate::report::canvas::{Align, TextStyle};
use crate::report::doc::Document;
use crate::report::format::{thousands, yen};
use crate::report::table::{Column, Row, Table};
use crate::report::ReportError;

/// The longest list printed in full.
pub(super) const LISTED_IN_FULL: usize = 50;
/// Items printed one by one from a longer list.
pub(super) const PRIORITY_ITEMS: usize = 30;

/// Where every item of a summarised list is.
const FULL_LIST: &str = "全件の一覧は期限一覧（期限一覧レポート）にあります。";

fn note(doc: &mut Document, text: &str) -> Result<(), ReportError> {
    doc.paragraph(text, TextStyle::regular(8.5))?;
    doc.y += 3.0;
    Ok(())
}

/// Annuities: the count and fees by office, then the grace-period ones and the dearest.
/// `table` lays out the items as the full list does.
pub(super) fn annuities(
    doc: &mut Document,
    items: &[AnnuityDecision],
    table: impl FnOnce(&[AnnuityDecision]) -> Table,
) -> Result<(), ReportError> {
    let known: i64 = items.iter().filter_map(|a| a.fee_yen).sum();
    let grace = items.iter().filter(|a| a.grace).count();
    note(
        doc,
        &format!(
            "該当は{}件（うち追納期間中{}件）、見込み年金額の合計は{}です。一件ずつ挙げるには多いため、庁別の件数と金額、および優先して判断いただく{}件（追納期間中のもの、次いで見込み年金額の大きいもの）を示します。{FULL_LIST}",
            thousands(items.len() as i64),
            thousands(grace as i64),
            yen(known),
            PRIORITY_ITEMS
        ),
    )?;
    by_office(items).draw(doc)?;
    doc.y += 6.0;
    let mut first: Vec<AnnuityDecision> = items.to_vec();
    first.sort_by(|a, b| {
        b.grace
            .cmp(&a.grace)
            .then(b.fee_yen.unwrap_or(0).cmp(&a.fee_yen.unwrap_or(0)))
            .then(a.due.cmp(&b.due))
            .then(a.reference.cmp(&b.reference))
    });
    first.truncate(PRIORITY_ITEMS);
    // The full list's order (by due date) for the few that are printed.
    table(&first).draw(doc)
}

/// Count, grace-period count and fees of the annuities per office, with their total.
fn by_office(items: &[AnnuityDecision]) -> Table {
    #[derive(Default)]
    struct Sum {
        count: i64,
        grace: i64,
        fee: i64,
        unknown: i64,
    }
    let mut offices: BTreeMap<&str, Sum> = BTreeMap::new();
    let mut total = Sum::default();
    for a in items {
        for s in [offices.entry(a.office.as_str()).or_default(), &mut total] {
            s.count += 1;
            s.grace += i64::from(a.grace);
            s.fee += a.fee_yen.unwrap_or(0);
            s.unknown += i64::from(a.fee_yen.is_none());
        }
    }
    let line = |name: &str, s: &Sum| {
        [
            name.to_string(),
            thousands(s.count),
            thousands(s.grace),
            yen(s.fee),
            thousands(s.unknown),
        ]
    };
    let mut rows: Vec<Row> = offices
        .iter()
        .map(|(office, s)| Row::cells(line(office, s)))
        .collect();
    rows.push(Row::cells(line("合計", &total)));
    Table {
        columns: vec![
            Column::new("庁", 1.0, Align::Center),
            Column::new("件数", 1.2, Align::Right),
            Column::new("うち追納期間", 1.4, Align::Right),
            Column::new("見込み年金額", 2.0, Align::Right),
            Column::new("年金額の記録なし", 1.6, Align::Right),
        ],
        rows,
        size: 8.0,
    }
}

/// National-phase entries: the count and estimated cost, then the nearest deadlines.
pub(super) fn national_phase(
    doc: &mut Document,
    items: &[NationalPhaseDue],
    table: impl FnOnce(&[NationalPhaseDue]) -> Table,
) -> Result<(), ReportError> {
    let estimated: i64 = items.iter().filter_map(|n| n.estimated_cost_yen).sum();
    let unknown = items
        .iter()
        .filter(|n| n.estimated_cost_yen.is_none())
        .count();
    note(
        doc,
        &format!(
            "該当は{}件、概算費用の合計は{}（概算のないもの{}件）です。期限の近い{}件を示します。{FULL_LIST}",
            thousands(items.len() as i64),
            yen(estimated),
            thousands(unknown as i64),
            PRIORITY_ITEMS
        ),
    )?;
    let mut first = items.to_vec();
    first.sort_by(|a, b| a.due.cmp(&b.due).then(a.reference.cmp(&b.reference)));
    first.truncate(PRIORITY_ITEMS);
    table(&first).draw(doc)
}

/// Expiring agreements: the count, then the nearest expiries.
pub(super) fn expiring(
    doc: &mut Document,
    items: &[ExpiringAgreement],
    table: impl FnOnce(&[ExpiringAgreement]) -> Table,
) -> Result<(), ReportError> {
    note(
        doc,
        &format!(
            "該当は{}件です。満了の近い{}件を示します。全件は契約一覧（契約一覧レポート）にあります。",
            thousands(items.len() as i64),
            PRIORITY_ITEMS
        ),
    )?;
    let mut first = items.to_vec();
    first.sort_by(|a, b| a.expiry.cmp(&b.expiry).then(a.reference.cmp(&b.reference)));
    first.truncate(PRIORITY_ITEMS);
    table(&first).draw(doc)
}
