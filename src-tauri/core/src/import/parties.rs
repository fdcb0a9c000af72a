//! People and organisations named in a sheet: matched to stored ones by name (NFKC, spaces
//! ignored, so 山田 太郎 and 山田太郎 are one person), created on write when new.

use std::collections::HashMap;

use super::values::name_key;
use crate::domain::{OrganisationKind, PersonRole};
use crate::error::Result;
use crate::portfolio::{self, Organisation, Person};
use crate::store::Write;

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
    people: HashMap<String, i64>,
    organisations: HashMap<String, i64>,
    institution: String,
}

impl PartyBook {
    /// Loads the names of everyone stored.
    pub fn load(conn: &rusqlite::Connection) -> Result<PartyBook> {
        let people = portfolio::list_people(conn)?
            .into_iter()
            .filter_map(|p| Some((name_key(&p.name), p.id?.0)))
            .collect();
        let organisations = portfolio::list_organisations(conn)?
            .into_iter()
            .filter_map(|o| Some((name_key(&o.name), o.id?.0)))
            .collect();
        let institution = portfolio::get_institution(conn)
            .map(|i| name_key(&i.name))
            .unwrap_or_default();
        Ok(PartyBook {
            people,
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

    /// A person (inventor).
    pub fn person(&self, name: &str) -> PartyRef {
        self.people.get(&name_key(name)).map_or_else(
            || PartyRef::New(name.trim().to_string()),
            |id| PartyRef::Existing(*id),
        )
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

    /// The id of a person, creating them (with `role`) on first use.
    pub fn person_id(
        &mut self,
        w: &mut Write<'_>,
        party: &PartyRef,
        role: PersonRole,
    ) -> Result<i64> {
        match party {
            PartyRef::Existing(id) => Ok(*id),
            PartyRef::New(name) => {
                if let Some(id) = self.people.get(&name_key(name)) {
                    return Ok(*id);
                }
                let person = Person {
                    id: None,
                    name: name.clone(),
                    name_kana: None,
                    role,
                    department: None,
                    internal: role != PersonRole::Expert,
                    email: None,
                };
                let id = portfolio::create_person(w, &person)?.0;
                self.people.insert(name_key(name), id);
                Ok(id)
            }
        }
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
