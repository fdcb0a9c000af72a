//! Planning a deadlines register (期限管理表): the state of the docket, not its dates.
//!
//! Computed deadlines are derived from the applications' facts by the rule engine; a sheet cannot
//! move them. So importing a deadlines register means:
//! - A row whose deadline the docket computed (same application, same due date, and the same
//!   手続コード/年次/移行国 when the sheet has them) is **matched**: its recorded state is
//!   taken over — 状態 (未了/完了/放棄), 完了日, 完了者, 完了メモ, 放棄理由, 担当者, 備考.
//! - A row that names a computed deadline by its code (or is marked 区分 自動) but gives another
//!   due date is a **problem**, never an overwrite and never a silent duplicate: correct the
//!   application's facts and recompute instead. A row marked 自動 that matches nothing is a
//!   problem too (import the applications, run `chizai deadlines recompute`, then the sheet).
//! - Any other row is a **manual** deadline: matched to a stored manual one by application (or
//!   契約番号), due date, code and 手続 text, otherwise created.
//! - A row whose 状態 is 失効 (obsolete) is history of the other system: passed over.
//! - The application must be in the database (by 整理番号, else 出願番号): deadlines are imported
//!   after applications.

use std::collections::HashMap;

use chrono::NaiveDate;

use super::cells::Cells;
use super::columns::Field;
use super::parties::{PartyBook, PartyRef};
use super::values::{self, fold_word, number_key};
use super::{Planned, PlannedRow, Planner, Shown};
use crate::deadlines::{
    self, Deadline, DeadlineFilter, DeadlineStatus, NewDeadline, Origin, Recorded, StatusFilter,
};
use crate::domain::{ApplicationId, DeadlineId, Office, PersonId, PersonRole};
use crate::error::Result;
use crate::numbers;
use crate::portfolio;
use crate::store::Write;
use read::Said;

mod read;

/// The fields a deadlines register can have.
pub const FIELDS: [Field; 17] = [
    Field::Reference,
    Field::Office,
    Field::ApplicationNumber,
    Field::AgreementNumber,
    Field::Origin,
    Field::Code,
    Field::Procedure,
    Field::Year,
    Field::Target,
    Field::Due,
    Field::Status,
    Field::DoneOn,
    Field::DoneBy,
    Field::DoneNote,
    Field::WaiveReason,
    Field::Responsible,
    Field::Notes,
];

/// What a deadline row is matched by.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Owner {
    Application(ApplicationId),
    Agreement(String),
}

/// One planned deadline row.
#[derive(Debug, Clone)]
pub struct DeadlineRow {
    row: usize,
    matched: Option<DeadlineId>,
    new: Option<NewDeadline>,
    recorded: Recorded,
    responsible: Option<PartyRef>,
    reference: String,
    application_number: Option<String>,
    detail: String,
    changes: Vec<&'static str>,
}

/// The deadlines kind of the import pipeline.
pub struct DeadlinePlanner {
    by_owner: HashMap<Owner, Vec<Deadline>>,
    by_reference: HashMap<String, (ApplicationId, Option<String>)>,
    by_number: HashMap<(Office, String), (ApplicationId, String)>,
    parties: PartyBook,
    seen: HashMap<(Owner, String, NaiveDate, String), usize>,
    /// Years of fees paid per application: a fee row of a year paid is history, not a problem.
    paid: HashMap<ApplicationId, u32>,
}

impl DeadlinePlanner {
    /// Loads the stored docket and the applications it belongs to.
    pub fn load(conn: &crate::store::Conn) -> Result<DeadlinePlanner> {
        let filter = DeadlineFilter {
            status: StatusFilter::All,
            ..DeadlineFilter::default()
        };
        let mut by_owner: HashMap<Owner, Vec<Deadline>> = HashMap::new();
        for d in deadlines::list_deadlines(conn, &filter, NaiveDate::default())? {
            let owner = match (d.application_id, &d.agreement_ref) {
                (Some(id), _) => Owner::Application(id),
                (None, Some(r)) => Owner::Agreement(number_key(r)),
                (None, None) => continue,
            };
            by_owner.entry(owner).or_default().push(d);
        }
        let mut by_reference = HashMap::new();
        let mut by_number = HashMap::new();
        let mut paid = HashMap::new();
        for a in portfolio::list_all_applications(conn)? {
            let Some(id) = a.id else { continue };
            if let Some(years) = a.annuities_paid_to {
                paid.insert(id, years);
            }
            if let Some(n) = &a.application_number {
                by_number.insert((a.office, n.clone()), (id, a.reference.clone()));
            }
            by_reference.insert(number_key(&a.reference), (id, a.application_number));
        }
        Ok(DeadlinePlanner {
            by_owner,
            by_reference,
            by_number,
            parties: PartyBook::load(conn)?,
            seen: HashMap::new(),
            paid,
        })
    }

    /// Why a computed row that matches nothing is history rather than a problem: a fee of a year
    /// the application has paid (the docket keeps no deadline for it any more).
    fn paid_year(&self, owner: &Owner, said: &Said) -> Option<String> {
        let Owner::Application(app) = owner else {
            return None;
        };
        let (code, year) = (said.code.as_deref()?, said.year?);
        let paid = *self.paid.get(app)?;
        let fee = crate::docket::RuleTable::embedded()
            .ok()
            .is_some_and(|t| t.is_fee(code));
        (fee && year <= paid).then(|| {
            format!("{code} year {year}: a fee of a year already paid (years paid: {paid}), nothing left to do")
        })
    }

    /// Notes a row that repeats an earlier row's deadline (same owner, code, year, target, due
    /// date and procedure).
    fn note_repeat(
        &mut self,
        c: &mut Cells<'_>,
        owner: &Owner,
        said: &Said,
        due: NaiveDate,
        reference: &str,
    ) {
        let key = (
            owner.clone(),
            format!("{:?}|{:?}|{:?}", said.code, said.year, said.target),
            due,
            said.title.as_deref().map(fold_word).unwrap_or_default(),
        );
        if let Some(first) = self.seen.insert(key, c.number()) {
            c.row_problem(format!(
                "the same deadline as row {first} ({reference} {due})"
            ));
        }
    }

    /// The application (or agreement) a row belongs to: (owner, reference, application number).
    fn owner(&self, c: &mut Cells<'_>) -> Option<(Owner, String, Option<String>)> {
        if let Some(reference) = c.text(Field::Reference) {
            return match self.by_reference.get(&number_key(&reference)) {
                Some((id, number)) => Some((Owner::Application(*id), reference, number.clone())),
                None => {
                    c.problem(Field::Reference, format!("{reference} is not an application in the database; import the applications first"));
                    None
                }
            };
        }
        if let Some(raw) = c.text(Field::ApplicationNumber) {
            let office = c
                .text(Field::Office)
                .and_then(|o| Office::parse(&o).ok())
                .or_else(|| numbers::infer_office(&raw))
                .unwrap_or(Office::Jp);
            let found = numbers::parse_application_number(&office, &raw)
                .ok()
                .and_then(|n| {
                    self.by_number
                        .get(&(office, n.normalized.clone()))
                        .map(|x| (x, n))
                });
            return match found {
                Some(((id, reference), n)) => Some((
                    Owner::Application(*id),
                    reference.clone(),
                    Some(n.normalized),
                )),
                None => {
                    c.problem(Field::ApplicationNumber, format!("{raw} is not an application in the database; import the applications first"));
                    None
                }
            };
        }
        if let Some(agreement) = c.text(Field::AgreementNumber) {
            let key = values::nfkc_trim(&agreement);
            return Some((Owner::Agreement(number_key(&key)), key, None));
        }
        c.row_problem("the row names no application (整理番号 or 出願番号) and no agreement (契約番号): a deadline belongs to one".into());
        None
    }
}

/// 未了 / 完了 / 放棄 / 失効 as people write them.
pub fn status_word(raw: &str) -> Option<DeadlineStatus> {
    use DeadlineStatus as S;
    Some(match fold_word(raw).as_str() {
        "open" | "未了" | "未" | "未対応" | "対応中" | "未完了" | "未処理" | "要対応" => {
            S::Open
        }
        "done" | "完了" | "済" | "済み" | "対応済" | "対応済み" | "手続済" | "手続済み"
        | "処理済" | "処理済み" | "○" => S::Done,
        "waived" | "放棄" | "不要" | "見送り" | "手続しない" | "対応不要" => {
            S::Waived
        }
        "obsolete" | "対象外" | "失効" | "取消" | "無効" => S::Obsolete,
        _ => return None,
    })
}

/// 自動 (computed) / 手動 (entered by hand).
pub fn origin_word(raw: &str) -> Option<Origin> {
    match fold_word(raw).as_str() {
        "自動" | "計算" | "自動計算" | "generated" | "computed" => Some(Origin::Generated),
        "手動" | "手入力" | "任意" | "manual" => Some(Origin::Manual),
        _ => None,
    }
}

/// Finds the stored deadline a row means; `Err` with the problem when the row contradicts the
/// docket; `Ok(None)` for a new manual deadline.
fn find(
    said: &Said,
    due: NaiveDate,
    stored: &[Deadline],
) -> std::result::Result<Option<DeadlineId>, String> {
    let live = || {
        stored
            .iter()
            .filter(|d| d.status != DeadlineStatus::Obsolete)
    };
    if said.origin != Some(Origin::Manual) {
        let mut same: Vec<&Deadline> = live()
            .filter(|d| d.origin == Origin::Generated && d.due == due && said.fits(d))
            .collect();
        if same.len() > 1 {
            if let Some(t) = &said.title {
                same.retain(|d| fold_word(&d.title) == fold_word(t));
            }
        }
        if let Some(d) = same.first() {
            return Ok(Some(d.id));
        }
        let by_code: Vec<&Deadline> = live()
            .filter(|d| d.origin == Origin::Generated && said.code.is_some() && said.fits(d))
            .collect();
        if said.origin == Some(Origin::Generated) || !by_code.is_empty() {
            let code = said.code.as_deref().unwrap_or("the deadline");
            let computed = by_code
                .iter()
                .map(|d| d.due.to_string())
                .collect::<Vec<_>>();
            return Err(if computed.is_empty() {
                format!("{due} is no computed due date of {code} in the docket: import the applications, run `chizai deadlines recompute`, then this sheet; or mark the row 手動 to keep it as a manual deadline")
            } else {
                format!("{due} is not the computed due date of {code} ({}): computed deadlines follow the application's facts — correct the facts and recompute, not the deadline", computed.join(", "))
            });
        }
    }
    let title = said.title.as_deref().map(fold_word);
    Ok(live()
        .find(|d| {
            d.origin == Origin::Manual
                && d.due == due
                && said.code.as_ref().is_none_or(|c| *c == d.code)
                && title.as_ref().is_none_or(|t| *t == fold_word(&d.title))
        })
        .map(|d| d.id))
}

/// A new manual deadline for the row's owner; None, with the problem, when the row says neither
/// what is due (手続) nor its code.
fn new_deadline(
    c: &mut Cells<'_>,
    said: &Said,
    owner: &Owner,
    reference: &str,
    due: NaiveDate,
) -> Option<NewDeadline> {
    let Some(title) = said.title.clone().or_else(|| said.code.clone()) else {
        c.problem(
            Field::Procedure,
            "what is due (手続) is empty: a new deadline needs it".into(),
        );
        return None;
    };
    Some(NewDeadline {
        application_id: match owner {
            Owner::Application(id) => Some(*id),
            Owner::Agreement(_) => None,
        },
        agreement_ref: match owner {
            Owner::Agreement(_) => Some(reference.to_string()),
            Owner::Application(_) => None,
        },
        code: said.code.clone(),
        title,
        due,
        responsible_id: None,
        notes: None,
    })
}

/// The row as the report shows it: code, due date and procedure, the stored ones where the
/// sheet left them blank.
fn detail(said: &Said, stored: Option<&Deadline>, due: NaiveDate) -> String {
    let text = format!(
        "{} {due} {}",
        said.code
            .as_deref()
            .or(stored.map(|d| d.code.as_str()))
            .unwrap_or("manual"),
        said.title
            .as_deref()
            .or(stored.map(|d| d.title.as_str()))
            .unwrap_or_default()
    );
    text.trim().to_string()
}

impl PlannedRow for DeadlineRow {
    fn shown(&self) -> Shown<'_> {
        Shown {
            application_number: self.application_number.as_deref(),
            detail: Some(&self.detail),
            ..Shown::new(
                self.row,
                self.matched.is_none(),
                &self.changes,
                &self.reference,
            )
        }
    }
}

impl Planner for DeadlinePlanner {
    type Row = DeadlineRow;

    const FIELDS: &'static [Field] = &FIELDS;

    /// Plans one row, field group by field group — what it belongs to, its due date, what it
    /// says the deadline is ([`read::said`]) and what it records of its state
    /// ([`read::state`]) — so every problem of the row is recorded before any is acted on; then
    /// the row is matched to the docket ([`find`]) and its state taken over the stored one (or a
    /// new manual deadline's).
    fn plan(&mut self, c: &mut Cells<'_>) -> Planned<DeadlineRow> {
        let owner = self.owner(c);
        let due = read::due(c);
        let said = read::said(c);
        let state = read::state(c);
        let responsible = c.text(Field::Responsible).map(|n| self.parties.staff(&n));
        let (Some((owner, reference, application_number)), Some(due)) = (owner, due) else {
            return Planned::Invalid;
        };
        if said.status == Some(DeadlineStatus::Obsolete) {
            return Planned::Ignored(
                "an obsolete deadline (失効): history of the other system, not imported".into(),
            );
        }
        self.note_repeat(c, &owner, &said, due, &reference);
        let stored_list = self
            .by_owner
            .get(&owner)
            .map(Vec::as_slice)
            .unwrap_or_default();
        let matched = match find(&said, due, stored_list) {
            Ok(m) => m,
            Err(message) => {
                if let Some(why) = self.paid_year(&owner, &said) {
                    return Planned::Ignored(why);
                }
                c.problem(Field::Due, message);
                return Planned::Invalid;
            }
        };
        let stored = matched.and_then(|id| stored_list.iter().find(|d| d.id == id));
        let mut r = stored.map_or_else(Recorded::open, Recorded::of);
        let changes = state.take(c, &mut r, said.status, responsible.as_ref());
        let new = match matched {
            Some(_) => None,
            None => match new_deadline(c, &said, &owner, &reference, due) {
                Some(new) => Some(new),
                None => return Planned::Invalid,
            },
        };
        if !c.problems.is_empty() {
            return Planned::Invalid;
        }
        Planned::Row(DeadlineRow {
            row: c.number(),
            matched,
            new,
            recorded: r,
            responsible,
            detail: detail(&said, stored, due),
            reference,
            application_number,
            changes: changes.into_names(),
        })
    }

    fn write(&mut self, w: &mut Write<'_>, p: &DeadlineRow) -> Result<()> {
        let mut r = p.recorded.clone();
        if let Some(person) = &p.responsible {
            r.responsible_id = Some(PersonId(self.parties.person_id(
                w,
                person,
                PersonRole::Staff,
            )?));
        }
        let id = match (&p.new, p.matched) {
            (Some(new), _) => deadlines::add_manual(w, new)?.id,
            (None, Some(id)) => id,
            (None, None) => return Ok(()),
        };
        let fresh_and_plain = p.new.is_some()
            && r.status == DeadlineStatus::Open
            && r.responsible_id.is_none()
            && r.notes.is_none();
        if !fresh_and_plain {
            deadlines::record_state(w, id, &r)?;
        }
        Ok(())
    }
}
