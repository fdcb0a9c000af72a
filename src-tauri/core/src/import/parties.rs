//! People and organisations named in a sheet: matched to stored ones by name (NFKC, spaces
//! ignored, so 山田 太郎 and 山田太郎 are one person), created on write when new.
//!
//! Two people may share a name (homonyms are common), so a person may carry a tag in brackets:
//! `山田太郎[P17]` is the stable key the export writes for people who share their name with
//! someone (`P` + the person's id; importing into an empty database creates them under that id,
//! so a re-export is the same), and `山田太郎[工学研究科]` names the person by name and
//! department. A name that fits several stored people without a tag is a problem of the row — in
//! the plan, so the dry run shows it and `--skip-invalid` skips the row — never a guess.

use std::collections::HashMap;

use super::cells::Cells;
use super::columns::Field;
use super::values::{self, name_key};
use crate::domain::{OrganisationKind, PersonRole};
use crate::error::Result;
use crate::portfolio::{self, Organisation, Person};
use crate::store::Write;

/// What a person's name in a cell carries besides the name.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Tag {
    /// Nothing: matched by name alone.
    None,
    /// The stable key `P17`.
    Key(i64),
    /// A department: matched by name and department.
    Department(String),
}

/// Splits `山田太郎[P17]` / `山田太郎［工学研究科］` into the name and its tag.
fn split_tag(text: &str) -> (String, Tag) {
    let folded = super::values::nfkc_trim(text);
    let Some(inner) = folded
        .strip_suffix(']')
        .and_then(|t| t.rsplit_once('['))
        .filter(|(name, _)| !name.trim().is_empty())
    else {
        return (folded, Tag::None);
    };
    let (name, tag) = (inner.0.trim().to_string(), inner.1.trim());
    let key = tag
        .strip_prefix(['P', 'p'])
        .filter(|d| !d.is_empty() && d.chars().all(|c| c.is_ascii_digit()))
        .and_then(|d| d.parse::<i64>().ok());
    match key {
        Some(id) => (name, Tag::Key(id)),
        None if tag.is_empty() => (name, Tag::None),
        None => (name, Tag::Department(tag.to_string())),
    }
}

/// The key the export writes for a person who shares a name: `P17`.
pub fn person_key(id: i64) -> String {
    format!("P{id}")
}

/// A person or organisation named in a row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PartyRef {
    /// Stored, by id.
    Existing(i64),
    /// Not stored yet: created on write (once per name).
    New(String),
}

impl PartyRef {
    /// The stored id, if any.
    pub fn existing_id(&self) -> Option<i64> {
        match self {
            PartyRef::Existing(id) => Some(*id),
            PartyRef::New(_) => None,
        }
    }

    /// Orders stored parties by id (as the store lists co-applicants), new ones after.
    pub fn sort_key(&self) -> (i64, String) {
        match self {
            PartyRef::Existing(id) => (*id, String::new()),
            PartyRef::New(name) => (i64::MAX, name.clone()),
        }
    }
}

/// The stored people and organisations by folded name, plus those created during the write.
#[derive(Debug, Default)]
pub struct PartyBook {
    /// Folded name → every stored person of that name, by id.
    people: HashMap<String, Vec<i64>>,
    /// Id → (folded name, folded department) of every stored person.
    person_info: HashMap<i64, (String, String)>,
    /// People created during the write, by folded name and tag.
    created: HashMap<String, i64>,
    /// The highest key (`P…`) a sheet asked for that is not stored: people created without a
    /// key get ids above it, so the keyed ones keep theirs.
    reserved: i64,
    organisations: HashMap<String, i64>,
    institution: String,
}

impl PartyBook {
    /// Loads the names of everyone stored.
    pub fn load(conn: &crate::store::Conn) -> Result<PartyBook> {
        let mut people: HashMap<String, Vec<i64>> = HashMap::new();
        let mut person_info = HashMap::new();
        for p in portfolio::list_people(conn)? {
            let Some(id) = p.id else { continue };
            let key = name_key(&p.name);
            people.entry(key.clone()).or_default().push(id.0);
            let department = p.department.as_deref().map(name_key).unwrap_or_default();
            person_info.insert(id.0, (key, department));
        }
        let organisations = portfolio::list_organisations(conn)?
            .into_iter()
            .filter_map(|o| Some((name_key(&o.name), o.id?.0)))
            .collect();
        let institution = portfolio::get_institution(conn)
            .map(|i| name_key(&i.name))
            .unwrap_or_default();
        Ok(PartyBook {
            people,
            person_info,
            created: HashMap::new(),
            reserved: 0,
            organisations,
            institution,
        })
    }

    /// Whether `name` is the institution itself (its full name, or the name without the legal form,
    /// e.g. 東都大学 for 国立大学法人 東都大学).
    pub fn is_institution(&self, name: &str) -> bool {
        let key = name_key(name);
        !self.institution.is_empty()
            && !key.is_empty()
            && (key == self.institution
                || self.institution.ends_with(&key)
                || key.ends_with(&self.institution))
    }

    /// A person (inventor), as [`PartyBook::person_checked`] finds them; a name that fits several
    /// people is taken as the first of them (for columns where the kind reports no problem).
    pub fn person(&self, text: &str) -> PartyRef {
        self.resolve(text).unwrap_or_else(|(first, _)| first)
    }

    /// A person named in a cell: by key (`山田太郎[P17]`, which must be this person's name), by
    /// name and department (`山田太郎[工学研究科]`), or by name alone. `Err` says why the name
    /// cannot be matched (it fits several people, or the key is someone else's) and how to write it.
    pub fn person_checked(&mut self, text: &str) -> std::result::Result<PartyRef, String> {
        let found = self.resolve(text).map_err(|(_, why)| why)?;
        if let (PartyRef::New(_), (_, Tag::Key(id))) = (&found, split_tag(text)) {
            self.reserved = self.reserved.max(id);
        }
        Ok(found)
    }

    fn resolve(&self, text: &str) -> std::result::Result<PartyRef, (PartyRef, String)> {
        let (name, tag) = split_tag(text);
        let key = name_key(&name);
        let stored: &[i64] = self.people.get(&key).map_or(&[], Vec::as_slice);
        let new = || PartyRef::New(text.trim().to_string());
        let first = || {
            stored
                .first()
                .map_or_else(new, |id| PartyRef::Existing(*id))
        };
        let listing = || {
            stored
                .iter()
                .map(|id| {
                    let dept = self
                        .person_info
                        .get(id)
                        .map(|(_, d)| d.as_str())
                        .filter(|d| !d.is_empty())
                        .unwrap_or("所属なし");
                    format!("{name}[{}] {dept}", person_key(*id))
                })
                .collect::<Vec<_>>()
                .join(", ")
        };
        match tag {
            Tag::Key(id) => match self.person_info.get(&id) {
                Some((stored_name, _)) if *stored_name == key => Ok(PartyRef::Existing(id)),
                Some((stored_name, _)) => Err((
                    first(),
                    format!(
                        "{text}: {} is {stored_name} in this database, not {name}; correct the name or \
                         the key, or remove [{}] to match by name",
                        person_key(id),
                        person_key(id)
                    ),
                )),
                None => Ok(new()),
            },
            Tag::Department(dept) => {
                let dept = name_key(&dept);
                let fits: Vec<i64> = stored
                    .iter()
                    .copied()
                    .filter(|id| self.person_info.get(id).is_some_and(|(_, d)| *d == dept))
                    .collect();
                match fits.as_slice() {
                    [] => Ok(new()),
                    [one] => Ok(PartyRef::Existing(*one)),
                    _ => Err((
                        first(),
                        format!(
                            "{text} fits {} people ({}); write the key of the one meant, e.g. {name}[{}]",
                            fits.len(),
                            listing(),
                            person_key(fits[0])
                        ),
                    )),
                }
            }
            Tag::None => match stored {
                [] => Ok(new()),
                [one] => Ok(PartyRef::Existing(*one)),
                _ => Err((
                    first(),
                    format!(
                        "{name} names {} people in this database ({}); write which one, e.g. {name}[{}], \
                         or the name with the department in brackets",
                        stored.len(),
                        listing(),
                        person_key(stored[0])
                    ),
                )),
            },
        }
    }

    /// The problem with a list of people or organisations naming one of them twice (a write
    /// would refuse it), or `None`.
    pub fn listed_twice(list: &[(PartyRef, u32)]) -> Option<String> {
        let folded = |p: &PartyRef| match p {
            PartyRef::Existing(id) => format!("#{id}"),
            PartyRef::New(text) => {
                let (name, tag) = split_tag(text);
                format!("{}|{tag:?}", name_key(&name))
            }
        };
        for (i, (a, _)) in list.iter().enumerate() {
            if list[..i].iter().any(|(b, _)| folded(a) == folded(b)) {
                let name = match a {
                    PartyRef::Existing(id) => person_key(*id),
                    PartyRef::New(text) => text.clone(),
                };
                return Some(format!(
                    "{name} is listed twice; if these are two people of the same name, tell them \
                     apart by department in brackets (山田太郎[工学研究科]) or by their keys ([P…])"
                ));
            }
        }
        None
    }

    /// A staff member (matched among all people).
    pub fn staff(&self, name: &str) -> PartyRef {
        self.person(name)
    }

    /// An organisation (co-applicant).
    pub fn organisation(&self, name: &str) -> PartyRef {
        self.organisations.get(&name_key(name)).map_or_else(
            || PartyRef::New(name.trim().to_string()),
            |id| PartyRef::Existing(*id),
        )
    }

    /// A patent firm (matched among all organisations).
    pub fn patent_firm(&self, name: &str) -> PartyRef {
        self.organisation(name)
    }

    /// The id of a person, creating them (with `role`) on first use: a keyed person under their
    /// key's id when it is free, a person named with a department with that department.
    pub fn person_id(
        &mut self,
        w: &mut Write<'_>,
        party: &PartyRef,
        role: PersonRole,
    ) -> Result<i64> {
        let PartyRef::New(text) = party else {
            return Ok(party.existing_id().unwrap_or_default());
        };
        let (name, tag) = split_tag(text);
        let memo = format!("{}|{tag:?}", name_key(&name));
        if let Some(id) = self.created.get(&memo) {
            return Ok(*id);
        }
        let free = |id: i64| -> Result<bool> {
            let taken: Option<i64> = crate::store::OptionalExtension::optional(w.tx().query_row(
                "SELECT id FROM person WHERE id = ?1",
                [id],
                |r| r.get(0),
            ))?;
            Ok(taken.is_none())
        };
        let id = match &tag {
            Tag::Key(id) if *id > 0 && free(*id)? => Some(*id),
            _ => {
                let max: i64 =
                    w.tx()
                        .query_row("SELECT coalesce(max(id), 0) FROM person", [], |r| r.get(0))?;
                Some(max.max(self.reserved) + 1)
            }
        };
        let person = Person {
            id: id.map(crate::domain::PersonId),
            name: name.clone(),
            name_kana: None,
            role,
            department: match tag {
                Tag::Department(d) => Some(d),
                _ => None,
            },
            internal: role != PersonRole::Expert,
            email: None,
        };
        let id = portfolio::create_person(w, &person)?.0;
        self.created.insert(memo, id);
        Ok(id)
    }

    /// The id of an organisation, creating it (as `kind`) on first use.
    pub fn organisation_id(
        &mut self,
        w: &mut Write<'_>,
        party: &PartyRef,
        kind: OrganisationKind,
    ) -> Result<i64> {
        match party {
            PartyRef::Existing(id) => Ok(*id),
            PartyRef::New(name) => {
                if let Some(id) = self.organisations.get(&name_key(name)) {
                    return Ok(*id);
                }
                let org = Organisation {
                    id: None,
                    name: name.clone(),
                    kind,
                    country: "JP".into(),
                };
                let id = portfolio::create_organisation(w, &org)?.0;
                self.organisations.insert(name_key(name), id);
                Ok(id)
            }
        }
    }
}

/// The inventors of a cell with their shares, each matched to one person (a name that fits
/// several people, a key that is someone else's, a person listed twice: problems of the cell,
/// found here so the dry run shows them and `--skip-invalid` skips the row).
pub fn people_with_shares(
    c: &mut Cells<'_>,
    parties: &mut PartyBook,
    text: &str,
) -> Option<Vec<(PartyRef, u32)>> {
    let (list, shares) = match values::named_shares(text)
        .and_then(|l| values::resolve_shares(&l, 10_000).map(|s| (l, s)))
    {
        Ok(found) => found,
        Err(m) => {
            c.problem(Field::Inventors, m);
            return None;
        }
    };
    let mut out = Vec::with_capacity(list.len());
    let mut clean = true;
    for (n, share) in list.iter().zip(shares) {
        match parties.person_checked(&n.name) {
            Ok(p) => out.push((p, share)),
            Err(m) => {
                c.problem(Field::Inventors, m);
                clean = false;
            }
        }
    }
    if let Some(m) = PartyBook::listed_twice(&out) {
        c.problem(Field::Inventors, m);
        clean = false;
    }
    clean.then_some(out)
}
