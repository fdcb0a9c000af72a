//! Planning an agreement register (契約一覧): what each row creates, updates or leaves alone.
//!
//! Contract:
//! - A row is matched to a stored agreement by its number (契約番号, folded: NFKC, dashes, no
//!   spaces, upper-case).
//! - 相手方 lists the other parties separated by 、 ; or line breaks, each with an optional role
//!   in brackets (`株式会社A(実施権者)`); without one, the role follows the kind of agreement
//!   (a licence's party is the licensee, a joint research's the partner, …). 「・」 is not a
//!   separator here: company names contain it.
//! - 対象 lists what the agreement covers: application references, `ファミリー:REF` for a family
//!   and `届出:NUMBER` for a disclosure (an unmarked name is looked up as an application, then a
//!   disclosure, then a family). They must be in the database: import those registers first.
//! - Milestones, reporting obligations and attachments are not in a register sheet; an update
//!   keeps the stored ones, and a blank cell never erases what is stored.
//! - New agreements are recorded as they were (as the JSON exchange does): a licence may cover a
//!   right that has lapsed since it was signed.

use std::collections::HashMap;

use super::cells::Cells;
use super::columns::Field;
use super::parties::{PartyBook, PartyRef};
use super::values::{self, fold_word, number_key};
use super::{Changes, Planned, PlannedRow, Planner, Shown};
use crate::agreements::{
    self, Agreement, AgreementId, AgreementKind, AgreementStatus, Link, Party, PartyRole,
};
use crate::domain::{OrganisationId, OrganisationKind, PersonId, PersonRole};
use crate::error::Result;
use crate::portfolio;
use crate::store::Write;

mod read;

/// The fields an agreement register can have.
pub const FIELDS: [Field; 23] = [
    Field::AgreementNumber,
    Field::Title,
    Field::AgreementKind,
    Field::Status,
    Field::SignedOn,
    Field::EffectiveOn,
    Field::ExpiresOn,
    Field::TerminatedOn,
    Field::AutoRenewal,
    Field::RenewalTermMonths,
    Field::RenewalNoticeDays,
    Field::Parties,
    Field::Links,
    Field::FieldOfUse,
    Field::Territory,
    Field::UpfrontYen,
    Field::RoyaltyRate,
    Field::RoyaltyBase,
    Field::AnnualMinimumYen,
    Field::FundingYen,
    Field::Responsible,
    Field::Notes,
    Field::Computed,
];

/// One planned agreement row.
#[derive(Debug, Clone)]
pub struct AgreementRow {
    row: usize,
    matched: Option<AgreementId>,
    agreement: Agreement,
    parties: Option<Vec<(PartyRef, PartyRole)>>,
    responsible: Option<PartyRef>,
    changes: Vec<&'static str>,
}

/// The agreements kind of the import pipeline.
pub struct AgreementPlanner {
    stored: HashMap<String, Agreement>,
    parties: PartyBook,
    applications: HashMap<String, crate::domain::ApplicationId>,
    families: HashMap<String, crate::domain::FamilyId>,
    disclosures: HashMap<String, crate::domain::DisclosureId>,
    seen: HashMap<String, usize>,
}

impl AgreementPlanner {
    /// Loads the stored agreements and what their links and parties may name.
    pub fn load(conn: &crate::store::Conn) -> Result<AgreementPlanner> {
        Ok(AgreementPlanner {
            stored: agreements::list_all(conn)?
                .into_iter()
                .map(|a| (number_key(&a.number), a))
                .collect(),
            parties: PartyBook::load(conn)?,
            applications: portfolio::list_all_applications(conn)?
                .into_iter()
                .filter_map(|a| Some((number_key(&a.reference), a.id?)))
                .collect(),
            families: portfolio::list_families(conn)?
                .into_iter()
                .filter_map(|f| Some((number_key(&f.reference), f.id?)))
                .collect(),
            disclosures: portfolio::list_disclosures(conn, false)?
                .into_iter()
                .filter_map(|d| Some((number_key(&d.number), d.id?)))
                .collect(),
            seen: HashMap::new(),
        })
    }

    /// The row's agreement number (folded), noting one an earlier row had; None when empty.
    fn number(&mut self, c: &mut Cells<'_>) -> Option<String> {
        let Some(number) = c
            .text(Field::AgreementNumber)
            .map(|n| values::nfkc_trim(&n))
        else {
            c.problem(
                Field::AgreementNumber,
                "the agreement number (契約番号) is empty: it identifies the agreement".into(),
            );
            return None;
        };
        if let Some(first) = self.seen.insert(number_key(&number), c.number()) {
            c.row_problem(format!("the same agreement as row {first} ({number})"));
        }
        Some(number)
    }

    /// What the row says the agreement covers, each found in the database; one that is not is
    /// a problem of the row.
    fn links(&self, c: &mut Cells<'_>) -> Option<Vec<Link>> {
        let text = c.text(Field::Links)?;
        let mut links = Vec::new();
        for item in list_items(&text) {
            match self.link(&item) {
                Some(l) if !links.contains(&l) => links.push(l),
                Some(_) => {}
                None => c.problem(
                    Field::Links,
                    format!("{item} is no application, family or disclosure in the database; import those registers first"),
                ),
            }
        }
        Some(links)
    }

    fn link(&self, raw: &str) -> Option<Link> {
        let folded = values::nfkc_trim(raw);
        let marked = |prefixes: &[&str]| {
            prefixes
                .iter()
                .find_map(|p| folded.strip_prefix(p).map(number_key))
        };
        if let Some(key) = marked(&["ファミリー:", "family:", "ファミリー："]) {
            return self.families.get(&key).map(|id| Link::Family(*id));
        }
        if let Some(key) = marked(&["届出:", "disclosure:", "発明届出:"]) {
            return self.disclosures.get(&key).map(|id| Link::Disclosure(*id));
        }
        let key = number_key(&folded);
        self.applications
            .get(&key)
            .map(|id| Link::Application(*id))
            .or_else(|| self.disclosures.get(&key).map(|id| Link::Disclosure(*id)))
            .or_else(|| self.families.get(&key).map(|id| Link::Family(*id)))
    }
}

/// The kind of agreement as people write it (共同研究契約, 実施許諾, NDA, …).
pub fn kind_word(raw: &str) -> Option<AgreementKind> {
    let key = fold_word(raw);
    let key = key.trim_end_matches("契約書").trim_end_matches("契約");
    if let Some(k) = AgreementKind::ALL
        .iter()
        .find(|k| key == k.as_str() || key == fold_word(k.label_ja()).trim_end_matches("契約"))
    {
        return Some(*k);
    }
    use AgreementKind as K;
    Some(match key {
        "tlo" | "技術移転" | "技術移転委託" | "tlo委託" => K::TloMandate,
        "専用実施権"
        | "専用実施権設定"
        | "独占的通常実施権"
        | "独占ライセンス"
        | "独占的実施許諾"
        | "exclusivelicence"
        | "exclusivelicense" => K::LicenceExclusive,
        "実施許諾"
        | "通常実施権"
        | "通常実施権許諾"
        | "ライセンス"
        | "非独占ライセンス"
        | "licence"
        | "license"
        | "nonexclusivelicence"
        | "nonexclusivelicense" => K::LicenceNonExclusive,
        "オプション" | "option" => K::Option,
        "譲渡" | "特許権譲渡" | "持分譲渡" | "権利譲渡" | "assignment" => {
            K::Assignment
        }
        "共同研究" | "jointresearch" => K::JointResearch,
        "受託研究" | "委託研究" | "contractresearch" => K::ContractResearch,
        "秘密保持" | "守秘義務" | "nda" | "cda" => K::Nda,
        "mta" | "有体物提供" | "研究成果有体物提供" | "試料提供" => K::Mta,
        _ => return None,
    })
}

/// The status of an agreement as people write it.
pub fn status_word(raw: &str) -> Option<AgreementStatus> {
    use AgreementStatus as S;
    Some(match fold_word(raw).as_str() {
        "negotiating" | "交渉中" | "協議中" | "締結前" | "調整中" => S::Negotiating,
        "in_force" | "inforce" | "有効" | "締結済" | "締結済み" | "契約中" | "履行中" | "継続"
        | "継続中" => S::InForce,
        "expired" | "満了" | "終了" | "期間満了" | "契約満了" => S::Expired,
        "terminated" | "解除" | "解約" | "中途解約" | "中途終了" => S::Terminated,
        _ => return None,
    })
}

/// A party's role as people write it.
pub fn role_word(raw: &str) -> Option<PartyRole> {
    let key = fold_word(raw);
    if let Some(r) = PartyRole::ALL
        .iter()
        .find(|r| key == r.as_str() || key == fold_word(r.label_ja()))
    {
        return Some(*r);
    }
    use PartyRole as R;
    Some(match key.as_str() {
        "ライセンシー" | "実施者" | "被許諾者" => R::Licensee,
        "ライセンサー" => R::Licensor,
        "共同研究者" | "パートナー" | "相手方" => R::Partner,
        "委託元" | "依頼者" | "資金提供者" | "スポンサー" => R::Sponsor,
        "譲受者" | "譲受先" => R::Assignee,
        "受入者" | "受領先" => R::Recipient,
        "提供元" => R::Provider,
        _ => return None,
    })
}

fn default_role(kind: AgreementKind) -> PartyRole {
    match kind {
        AgreementKind::TloMandate => PartyRole::Tlo,
        AgreementKind::LicenceExclusive
        | AgreementKind::LicenceNonExclusive
        | AgreementKind::Option => PartyRole::Licensee,
        AgreementKind::Assignment => PartyRole::Assignee,
        AgreementKind::JointResearch => PartyRole::Partner,
        AgreementKind::ContractResearch => PartyRole::Sponsor,
        AgreementKind::Mta => PartyRole::Recipient,
        AgreementKind::Nda => PartyRole::Other,
    }
}

/// Splits a list cell on 、 ; , and line breaks (half- or full-width; not on 「・」), keeping
/// each item as typed.
fn list_items(raw: &str) -> Vec<String> {
    raw.split(['、', ';', '；', '\n', ',', '，', '､'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

/// `名称(役割)` or `名称（役割）` → (name as typed, role) when the bracket holds a role; otherwise
/// the whole text is the name (`株式会社A（承認TLO）` is a name).
fn party_item(item: &str) -> (String, Option<PartyRole>) {
    let close = item.ends_with(')') || item.ends_with('）');
    if let Some(open) = item.rfind(['(', '（']).filter(|_| close) {
        let inner = item[open..]
            .trim_start_matches(['(', '（'])
            .trim_end_matches([')', '）']);
        if let Some(role) = role_word(inner) {
            return (item[..open].trim().to_string(), Some(role));
        }
    }
    (item.to_string(), None)
}

impl PlannedRow for AgreementRow {
    fn shown(&self) -> Shown<'_> {
        Shown::new(
            self.row,
            self.matched.is_none(),
            &self.changes,
            &self.agreement.number,
        )
    }
}

impl Planner for AgreementPlanner {
    type Row = AgreementRow;

    const FIELDS: &'static [Field] = &FIELDS;

    /// Plans one row, field group by field group — its number, what it is ([`read::what`]),
    /// when it binds ([`read::period`]), what it grants and pays ([`read::scope`]), its people and
    /// what it covers — so every problem of the row is recorded before any is acted on; then the
    /// sheet's values are taken over the stored agreement (or a new one) and the result is
    /// checked as a whole.
    fn plan(&mut self, c: &mut Cells<'_>) -> Planned<AgreementRow> {
        let Some(number) = self.number(c) else {
            return Planned::Invalid;
        };
        let stored = self.stored.get(&number_key(&number));
        let what = read::what(c);
        let period = read::period(c);
        let scope = read::scope(c);
        let responsible = c.text(Field::Responsible).map(|n| self.parties.staff(&n));
        let notes = c.text(Field::Notes);
        let party_items = c.text(Field::Parties).map(|t| list_items(&t));
        let links = self.links(c);
        let mut a = match stored {
            Some(s) => s.clone(),
            None => match new_agreement(c, &number, &what) {
                Some(a) => a,
                None => return Planned::Invalid,
            },
        };
        let mut changes = Changes::default();
        changes.set("title", &mut a.title, what.title);
        changes.set("kind", &mut a.kind, what.kind);
        period.take(&mut a, &mut changes);
        scope.take(&mut a, &mut changes);
        changes.set("notes", &mut a.notes, notes.map(Some));
        changes.set("links", &mut a.links, links);
        // A new agreement with a start date and no status column is in force.
        let status = what.status.or(match (stored, a.start()) {
            (None, Some(_)) => Some(AgreementStatus::InForce),
            _ => None,
        });
        changes.set("status", &mut a.status, status);
        let parties = party_items.map(|items| parties_of(&mut self.parties, &items, a.kind));
        compare_people(&a, &mut changes, parties.as_deref(), responsible.as_ref());
        check(c, &a, parties.as_deref());
        if !c.problems.is_empty() {
            return Planned::Invalid;
        }
        Planned::Row(AgreementRow {
            row: c.number(),
            matched: stored.and_then(|s| s.id),
            agreement: a,
            parties,
            responsible,
            changes: changes.into_names(),
        })
    }

    fn write(&mut self, w: &mut Write<'_>, p: &AgreementRow) -> Result<()> {
        let mut a = p.agreement.clone();
        if let Some(list) = &p.parties {
            a.parties = list
                .iter()
                .map(|(party, role)| {
                    let id = self
                        .parties
                        .organisation_id(w, party, OrganisationKind::Company)?;
                    Ok(Party {
                        organisation_id: OrganisationId(id),
                        role: *role,
                    })
                })
                .collect::<Result<_>>()?;
        }
        if let Some(r) = &p.responsible {
            a.responsible_id = Some(PersonId(self.parties.person_id(w, r, PersonRole::Staff)?));
        }
        match p.matched {
            Some(id) => agreements::update_agreement(w, id, &a),
            None => agreements::record_agreement(w, &a).map(|_| ()),
        }
    }
}

/// The row's parties: each organisation as named, with the role in brackets or else the one the
/// kind of agreement implies.
fn parties_of(
    book: &mut PartyBook,
    items: &[String],
    kind: AgreementKind,
) -> Vec<(PartyRef, PartyRole)> {
    items
        .iter()
        .map(|item| {
            let (name, role) = party_item(item);
            (
                book.organisation(&name),
                role.unwrap_or_else(|| default_role(kind)),
            )
        })
        .collect()
}

/// A new agreement of the row's number, title and kind; None, with the problems, when the row
/// lacks the title or the kind a new agreement needs.
fn new_agreement(c: &mut Cells<'_>, number: &str, what: &read::What) -> Option<Agreement> {
    let (Some(title), Some(kind)) = (what.title.clone(), what.kind) else {
        if what.title.is_none() {
            c.problem(
                Field::Title,
                "the title (件名) is empty: a new agreement needs it".into(),
            );
        }
        if c.text(Field::AgreementKind).is_none() {
            c.problem(
                Field::AgreementKind,
                "the kind (種類) is empty: a new agreement needs it".into(),
            );
        }
        return None;
    };
    Some(Agreement::new(number, title, kind))
}

/// Notes whether the row's parties and responsible person differ from the stored ones (both
/// are resolved to ids only on write).
fn compare_people(
    a: &Agreement,
    changes: &mut Changes,
    parties: Option<&[(PartyRef, PartyRole)]>,
    responsible: Option<&PartyRef>,
) {
    if let Some(list) = parties {
        let same = list.len() == a.parties.len()
            && list.iter().zip(&a.parties).all(|((p, role), s)| {
                p.existing_id() == Some(s.organisation_id.0) && *role == s.role
            });
        if !same {
            changes.note("parties");
        }
    }
    if let Some(p) = responsible {
        if p.existing_id().is_none() || p.existing_id() != a.responsible_id.map(|i| i.0) {
            changes.note("responsible");
        }
    }
}

/// The store's main rules, reported at the row and column instead of at write time.
fn check(c: &mut Cells<'_>, a: &Agreement, parties: Option<&[(PartyRef, PartyRole)]>) {
    if let (Some(start), Some(end)) = (a.effective_on, a.expires_on) {
        if end < start {
            c.problem(
                Field::ExpiresOn,
                format!("{end} is before the effective date {start}; the dates are reversed"),
            );
        }
    }
    if let (Some(start), Some(end)) = (a.start(), a.terminated_on) {
        if end < start {
            c.problem(
                Field::TerminatedOn,
                format!("{end} is before the start {start}; the dates are reversed"),
            );
        }
    }
    if a.status == AgreementStatus::InForce && a.start().is_none() {
        c.problem(
            Field::Status,
            "an agreement in force (有効) needs its signing or effective date (締結日/発効日)"
                .into(),
        );
    }
    if a.status == AgreementStatus::Terminated && a.terminated_on.is_none() {
        c.problem(
            Field::Status,
            "a terminated agreement (解除) needs its termination date (解除日)".into(),
        );
    }
    if a.auto_renewal && a.expires_on.is_none() {
        c.problem(
            Field::AutoRenewal,
            "an auto-renewing agreement needs the expiry date of its first term (満了日)".into(),
        );
    }
    let roles: Vec<PartyRole> = match parties {
        Some(list) => list.iter().map(|(_, r)| *r).collect(),
        None => a.parties.iter().map(|p| p.role).collect(),
    };
    if roles.is_empty() {
        c.problem(
            Field::Parties,
            "no other party (相手方): an agreement needs at least one".into(),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_statuses_and_roles_read_what_offices_write_and_what_the_export_writes() {
        for k in AgreementKind::ALL {
            assert_eq!(
                kind_word(k.label_ja()),
                Some(*k),
                "the export's label reads back"
            );
        }
        assert_eq!(
            kind_word("共同研究契約"),
            Some(AgreementKind::JointResearch)
        );
        assert_eq!(kind_word("ＮＤＡ"), Some(AgreementKind::Nda));
        assert_eq!(kind_word("協定"), None);
        for s in AgreementStatus::ALL {
            assert_eq!(status_word(s.label_ja()), Some(*s));
        }
        for r in PartyRole::ALL {
            assert_eq!(role_word(r.label_ja()), Some(*r));
        }
        assert_eq!(
            party_item("株式会社A（承認TLO）"),
            ("株式会社A（承認TLO）".to_string(), None),
            "a bracket that is no role is part of the name"
        );
        assert_eq!(
            party_item("株式会社A(実施権者)"),
            ("株式会社A".to_string(), Some(PartyRole::Licensee))
        );
        assert_eq!(
            list_items("ＡＢＣ・ジャパン株式会社、B社"),
            vec!["ＡＢＣ・ジャパン株式会社", "B社"]
        );
    }
}
