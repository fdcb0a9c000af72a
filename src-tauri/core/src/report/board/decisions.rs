//! Page 3+ of the board report: the decisions due in the next quarter (annuities on patents
//! with no licence, national-phase entries, expiring agreements), the state of the policy
//! documents, and the snapshot the figures come from. A decision list longer than a board can
//! read is summarised ([`long_lists`]).

use chrono::NaiveDate;

use super::long_lists::{self, LISTED_IN_FULL};
use super::{AnnuityDecision, BoardReport, ExpiringAgreement, NationalPhaseDue, PolicyState};
use crate::report::canvas::{Align, Colour, TextStyle};
use crate::report::doc::Document;
use crate::report::format::{date_short, yen};
use crate::report::table::{Column, Row, Table};
use crate::report::ReportError;

fn none_line(doc: &mut Document, text: &str) -> Result<(), ReportError> {
    doc.paragraph(text, TextStyle::regular(9.0).colour(Colour::GREY))
}

/// What is printed when a list's data is not recorded in this database at all: "none due"
/// would be a false reassurance.
const NOT_RECORDED: &str =
    "このデータベースには未登録のため表示できません。期限や事項がないという意味ではありません。";

pub(super) fn draw(doc: &mut Document, r: &BoardReport) -> Result<(), ReportError> {
    doc.new_page();
    doc.heading("判断事項：年金納付期限（実施許諾のない特許）", 60.0)?;
    let window = r.decision_window.map_or(String::new(), |(from, to)| {
        format!("（{}〜{}）", date_short(from), date_short(to))
    });
    doc.paragraph(
        &format!("次の四半期{window}に年金の納付期限が来る権利のうち、実施許諾契約のないもの。維持（納付）か放棄かのご判断をお願いします。年金額は費用台帳の納付実績からの見込みです。"),
        TextStyle::regular(8.5),
    )?;
    doc.y += 3.0;
    match r.annuities.as_deref() {
        Some(items) if items.len() > LISTED_IN_FULL => {
            long_lists::annuities(doc, items, |first| annuities(first, "上記の合計"))?
        }
        items => list(doc, items, "該当なし", |items| annuities(items, "合計"))?,
    }
    doc.heading("判断事項：国内移行期限（PCT）", 50.0)?;
    match r.national_phase.as_deref() {
        Some(items) if items.len() > LISTED_IN_FULL => {
            long_lists::national_phase(doc, items, national_phase)?
        }
        items => list(doc, items, "該当なし", national_phase)?,
    }
    doc.heading("判断事項：満了する契約", 50.0)?;
    match r.expiring_agreements.as_deref() {
        Some(items) if items.len() > LISTED_IN_FULL => {
            long_lists::expiring(doc, items, |first| expiring(first, r.as_of))?
        }
        items => list(doc, items, "該当なし", |items| expiring(items, r.as_of))?,
    }
    doc.heading("規程・ポリシーの状況", 50.0)?;
    list(
        doc,
        r.policies.as_deref(),
        "登録された規程はありません",
        |items| policies(items, r.as_of),
    )?;

    doc.heading("データの出所", 30.0)?;
    let source = match &r.snapshot_fingerprint {
        Some(fp) => {
            format!("本報告の数値は署名付きスナップショット（SHA-256: {fp}）から作成しました。")
        }
        None => "本報告の数値は作成時点のデータベースから作成しました（スナップショット未作成）。"
            .to_string(),
    };
    doc.paragraph(&source, TextStyle::regular(8.5))
}

/// One list of the page: its table when it has rows, `empty` when it has none, and
/// [`NOT_RECORDED`] when the data is not in this database at all.
fn list<T>(
    doc: &mut Document,
    items: Option<&[T]>,
    empty: &str,
    table: impl FnOnce(&[T]) -> Table,
) -> Result<(), ReportError> {
    match items {
        Some(items) if !items.is_empty() => table(items).draw(doc),
        None => none_line(doc, NOT_RECORDED),
        Some(_) => none_line(doc, empty),
    }
}

/// Annuities due, by date, with their total (labelled `total`); one in its grace period (追納)
/// is marked.
fn annuities(items: &[AnnuityDecision], total: &str) -> Table {
    let mut annuities = items.to_vec();
    annuities.sort_by(|a, b| a.due.cmp(&b.due).then(a.reference.cmp(&b.reference)));
    let mut rows: Vec<Row> = annuities
        .iter()
        .map(|a| {
            let cells = [
                a.reference.clone(),
                a.title.clone(),
                a.office.clone(),
                a.paid_to
                    .map_or("—".to_string(), |y| format!("第{y}年分まで")),
                match (a.year, a.grace) {
                    (0, _) => "—".to_string(),
                    (y, false) => format!("第{y}年分"),
                    (y, true) => format!("第{y}年分\n（追納期間）"),
                },
                date_short(a.due),
                a.fee_yen.map_or("記録なし".to_string(), yen),
                "□維持 □放棄".to_string(),
            ];
            if a.grace {
                Row::alert(cells)
            } else {
                Row::cells(cells)
            }
        })
        .collect();
    let fees: i64 = annuities.iter().filter_map(|a| a.fee_yen).sum();
    rows.push(Row::cells([total, "", "", "", "", "", &yen(fees), ""]));
    Table {
        columns: vec![
            Column::new("番号", 2.0, Align::Left),
            Column::new("発明の名称", 3.1, Align::Left),
            Column::new("庁", 0.5, Align::Center),
            Column::new("納付済", 1.6, Align::Center),
            Column::new("年次", 1.5, Align::Center),
            Column::new("納付期限", 1.3, Align::Center),
            Column::new("年金額", 1.2, Align::Right),
            Column::new("判断", 1.5, Align::Center),
        ],
        rows,
        size: 8.0,
    }
}

/// National-phase entries due, by date.
fn national_phase(items: &[NationalPhaseDue]) -> Table {
    let mut items = items.to_vec();
    items.sort_by_key(|a| a.due);
    Table {
        columns: vec![
            Column::new("PCT出願番号", 2.2, Align::Left),
            Column::new("発明の名称", 3.8, Align::Left),
            Column::new("移行先候補", 1.6, Align::Left),
            Column::new("移行期限", 1.4, Align::Center),
            Column::new("概算費用", 1.5, Align::Right),
        ],
        rows: items
            .iter()
            .map(|n| {
                Row::cells([
                    n.reference.clone(),
                    n.title.clone(),
                    n.offices.clone(),
                    date_short(n.due),
                    n.estimated_cost_yen.map_or("—".to_string(), yen),
                ])
            })
            .collect(),
        size: 8.0,
    }
}

/// Agreements expiring, by date; one whose notice date has passed on `as_of` is marked.
fn expiring(items: &[ExpiringAgreement], as_of: NaiveDate) -> Table {
    let mut items = items.to_vec();
    items.sort_by_key(|a| a.expiry);
    Table {
        columns: vec![
            Column::new("契約番号", 1.6, Align::Left),
            Column::new("種別", 2.0, Align::Left),
            Column::new("相手方", 3.0, Align::Left),
            Column::new("満了日", 1.3, Align::Center),
            Column::new("通知期限", 1.3, Align::Center),
        ],
        rows: items
            .iter()
            .map(|a| {
                let cells = [
                    a.reference.clone(),
                    a.kind.clone(),
                    a.counterparty.clone(),
                    date_short(a.expiry),
                    a.notice_by.map_or("—".to_string(), date_short),
                ];
                if a.notice_by.is_some_and(|d| d < as_of) {
                    Row::alert(cells)
                } else {
                    Row::cells(cells)
                }
            })
            .collect(),
        size: 8.0,
    }
}

/// The policy documents as given; one whose review date has passed on `as_of` is marked.
fn policies(items: &[PolicyState], as_of: NaiveDate) -> Table {
    Table {
        columns: vec![
            Column::new("規程", 3.2, Align::Left),
            Column::new("版", 0.8, Align::Center),
            Column::new("状態", 1.4, Align::Left),
            Column::new("施行日", 1.3, Align::Center),
            Column::new("次回見直し", 2.3, Align::Center),
        ],
        rows: items
            .iter()
            .map(|p| {
                let overdue = p.next_review.is_some_and(|d| d < as_of);
                let review = match p.next_review {
                    Some(d) if overdue => format!("{}（期限超過）", date_short(d)),
                    Some(d) => date_short(d),
                    None => "—".to_string(),
                };
                let cells = [
                    p.title.clone(),
                    p.version.clone(),
                    p.status.clone(),
                    p.effective.map_or("—".to_string(), date_short),
                    review,
                ];
                if overdue {
                    Row::alert(cells)
                } else {
                    Row::cells(cells)
                }
            })
            .collect(),
        size: 8.0,
    }
}
