//! What the desk's forms need beyond the plain writes: one save for an application that may open a
//! new family, one save for a disclosure (intake, evaluation, succession decision), people kept
//! up to date and marked obsolete (never deleted), and previews of typed dates and numbers so a
//! form shows back what the core will store before anything is saved.

use crate::store::{AuditEntity, Conn, OptionalExtension};
use chrono::NaiveDate;
use rusqlite::params;
use serde::{Deserialize, Serialize};

use super::model::*;
use super::read::{get_disclosure, list_people};
use super::validate;
use super::write::{create_application, create_disclosure, create_family, update_application};
use crate::domain::*;
use crate::error::{CoreError, Result};
use crate::search;
use crate::store::{Action, Write};

/// Creates (`id` None) or updates an application. With `new_family`, the family is created first
/// in the same transaction and the application joins it, so a failed application leaves no
/// orphan family behind. The application's deadlines — and those of the applications that depend
/// on its facts ([`crate::deadlines::dependents`]) — are recomputed in the same transaction (a
/// corrected filing date moves its deadlines at once); `today` dates what becomes obsolete.
/// `seen`, the version the editor loaded, refuses the save when a colleague changed the record
/// since ([`crate::store::versions`]).
pub fn save_application(
    w: &mut Write<'_>,
    id: Option<ApplicationId>,
    application: &Application,
    new_family: Option<&Family>,
    today: NaiveDate,
    seen: Option<i64>,
) -> Result<ApplicationId> {
    if let (Some(id), Some(seen)) = (id, seen) {
        w.expect_unchanged(
            "application",
            &id.0.to_string(),
            seen,
            &format!("application {}", application.reference),
        )?;
    }
    let mut a = application.clone();
    if let Some(f) = new_family {
        a.family_id = create_family(w, f)?;
    }
    // The applications whose deadlines depend on this one, before and after the change (a
    // removed priority link reopens the earlier application's priority deadline).
    let mut touched = match id {
        Some(id) => crate::deadlines::dependents(w.tx(), id)?,
        None => Vec::new(),
    };
    let id = match id {
        Some(id) => {
            update_application(w, id, &a)?;
            id
        }
        None => create_application(w, &a)?,
    };
    touched.extend(crate::deadlines::dependents(w.tx(), id)?);
    touched.sort();
    touched.dedup();
    for app in touched {
        crate::deadlines::recompute(w, Some(app), today)?;
    }
    Ok(id)
}

/// Replaces a disclosure's fields and inventors (the evaluation and the succession decision are
/// fields of it); the audit row keeps the before and after.
pub fn update_disclosure(w: &mut Write<'_>, id: DisclosureId, d: &Disclosure) -> Result<()> {
    super::write::validate_disclosure(d)?;
    let before = get_disclosure(w.tx(), &id.0.to_string())?;
    let clash: Option<i64> = w
        .tx()
        .query_row(
            "SELECT id FROM disclosure WHERE number = ?1 AND id <> ?2",
            params![d.number, id],
            |r| r.get(0),
        )
        .optional()?;
    if clash.is_some() {
        return Err(CoreError::Conflict(format!(
            "disclosure number {} is already recorded",
            d.number
        )));
    }
    w.tx().execute(
        "UPDATE disclosure SET number = ?2, title = ?3, received_on = ?4, funding_source = ?5,
             government_funded = ?6, evaluation = ?7, succession = ?8, succession_on = ?9,
             succession_reason = ?10, confidential = ?11
         WHERE id = ?1",
        params![
            id,
            d.number,
            d.title,
            d.received_on,
            d.funding_source,
            d.government_funded,
            d.evaluation,
            d.succession,
            d.succession_on,
            d.succession_reason,
            d.confidential
        ],
    )?;
    w.tx().execute(
        "DELETE FROM disclosure_inventor WHERE disclosure_id = ?1",
        [id],
    )?;
    super::write::write_disclosure_inventors(w, id, &d.inventors)?;
    search::index(w, "disclosure", id.0)?;
    let after = Disclosure {
        id: Some(id),
        ..d.clone()
    };
    w.audit(
        AuditEntity::Disclosure,
        id,
        Action::Update,
        Some(&before),
        Some(&after),
    )
}

/// Creates (`id` None) or updates a disclosure. `loaded`, the record as the editor showed it,
/// refuses the update when a colleague changed it since ([`Write::expect_as_loaded`]).
pub fn save_disclosure(
    w: &mut Write<'_>,
    id: Option<DisclosureId>,
    d: &Disclosure,
    loaded: Option<&Disclosure>,
) -> Result<DisclosureId> {
    match id {
        Some(id) => {
            let stored = get_disclosure(w.tx(), &id.0.to_string())?;
            w.expect_as_loaded(
                "disclosure",
                &id.0.to_string(),
                loaded,
                &stored,
                &format!("disclosure {}", stored.number),
            )?;
            update_disclosure(w, id, d)?;
            Ok(id)
        }
        None => create_disclosure(w, d),
    }
}

/// A person as the staff list shows it: the record and whether it is obsolete.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct PersonEntry {
    pub person: Person,
    /// Marked obsolete (left, retired): kept for the records that name them, offered no more.
    pub obsolete: bool,
}

/// Every person with the obsolete mark, in id order.
pub fn list_person_entries(conn: &Conn) -> Result<Vec<PersonEntry>> {
    let obsolete: std::collections::HashSet<i64> = conn
        .prepare("SELECT id FROM person WHERE obsolete = 1")?
        .query_map([], |r| r.get(0))?
        .collect::<crate::error::Result<_>>()?;
    Ok(list_people(conn)?
        .into_iter()
        .map(|p| PersonEntry {
            obsolete: p.id.is_some_and(|id| obsolete.contains(&id.0)),
            person: p,
        })
        .collect())
}

fn get_person(conn: &Conn, id: PersonId) -> Result<Person> {
    list_people(conn)?
        .into_iter()
        .find(|p| p.id == Some(id))
        .ok_or_else(|| CoreError::not_found("person", id))
}

/// Changes a person's record. Applications and disclosures naming them are re-indexed, so a
/// corrected name is found by the search at once.
/// `loaded`, the record as the editor showed it, refuses the change when a colleague changed
/// it since ([`Write::expect_as_loaded`]).
pub fn update_person(
    w: &mut Write<'_>,
    id: PersonId,
    p: &Person,
    loaded: Option<&Person>,
) -> Result<()> {
    validate::text("person.name", &p.name, 200)?;
    validate::optional_text("person.department", &p.department, 200)?;
    let before = get_person(w.tx(), id)?;
    w.expect_as_loaded(
        "person",
        &id.0.to_string(),
        loaded,
        &before,
        &format!("person {}", before.name),
    )?;
    w.tx().execute(
        "UPDATE person SET name = ?2, name_kana = ?3, role = ?4, department = ?5, internal = ?6, email = ?7
         WHERE id = ?1",
        params![id, p.name, p.name_kana, p.role, p.department, p.internal, p.email],
    )?;
    reindex_person(w, id)?;
    let after = Person {
        id: Some(id),
        ..p.clone()
    };
    w.audit(
        AuditEntity::Person,
        id,
        Action::Update,
        Some(&before),
        Some(&after),
    )
}

fn reindex_person(w: &mut Write<'_>, id: PersonId) -> Result<()> {
    for (entity, sql) in [
        (
            "application",
            "SELECT DISTINCT application_id FROM application_inventor WHERE person_id = ?1",
        ),
        (
            "disclosure",
            "SELECT DISTINCT disclosure_id FROM disclosure_inventor WHERE person_id = ?1",
        ),
    ] {
        let ids: Vec<i64> = w
            .tx()
            .prepare(sql)?
            .query_map([id], |r| r.get(0))?
            .collect::<crate::error::Result<_>>()?;
        for record in ids {
            search::index(w, entity, record)?;
        }
    }
    Ok(())
}

/// Marks a person obsolete (or active again). Nothing is deleted: records naming them keep them.
pub fn set_person_obsolete(w: &mut Write<'_>, id: PersonId, obsolete: bool) -> Result<()> {
    let before = get_person(w.tx(), id)?;
    w.tx().execute(
        "UPDATE person SET obsolete = ?2 WHERE id = ?1",
        params![id, obsolete],
    )?;
    let action = if obsolete {
        Action::Obsolete
    } else {
        Action::Update
    };
    w.audit(
        AuditEntity::Person,
        id,
        action,
        Some(&before),
        Some(&serde_json::json!({ "id": id, "obsolete": obsolete })),
    )
}

/// A date as a person typed it (2024-04-01, 2024/4/1, 令和6年4月1日, R6.4.1, …), or a validation
/// error on `field` saying what is accepted.
pub fn parse_typed_date(field: &str, text: &str) -> Result<NaiveDate> {
    let d = crate::era::parse_date(text).map_err(|e| CoreError::invalid(field, e.to_string()))?;
    validate::date(field, d)?;
    Ok(d)
}

/// The application number as it will be stored for `office` (特願2024-123456 → 2024-123456), or
/// a validation error on `application_number` that says what the office's numbers look like.
pub fn preview_application_number(office: Office, raw: &str) -> Result<String> {
    validate::application_number(office, raw)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::{ErrorCode, Failure};
    use crate::portfolio::{create_person, get_application, list_disclosures};
    use crate::store::{Actor, Store};

    fn now() -> chrono::DateTime<chrono::Utc> {
        chrono::DateTime::parse_from_rfc3339("2026-04-01T00:00:00Z")
            .unwrap()
            .with_timezone(&chrono::Utc)
    }

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 4, 1).unwrap()
    }

    fn person(store: &mut Store, name: &str) -> PersonId {
        store
            .write(&Actor("t".into()), now(), "p", |w| {
                create_person(
                    w,
                    &Person {
                        id: None,
                        name: name.into(),
                        name_kana: None,
                        role: PersonRole::Inventor,
                        department: Some("工学研究科".into()),
                        internal: true,
                        email: None,
                    },
                )
            })
            .unwrap()
    }

    fn application(inventors: Vec<InventorShare>) -> Application {
        serde_json::from_value(serde_json::json!({
            "family_id": 0, "reference": "T-1", "office": "JP", "right_type": "patent",
            "title": "熱電変換素子", "status": "filed", "filed_on": "2024-04-01",
            "application_number_raw": "特願２０２４－１２３４５６",
        }))
        .map(|a: Application| Application { inventors, ..a })
        .unwrap()
    }

    fn audit_rows(store: &Store) -> i64 {
        store
            .conn()
            .query_row("SELECT count(*) FROM audit_log", [], |r| r.get(0))
            .unwrap()
    }

    #[test]
    fn a_new_family_and_its_application_are_one_transaction() {
        let mut store = Store::open_in_memory().unwrap();
        let a = person(&mut store, "山田 太郎");
        let b = person(&mut store, "佐藤 花子");
        let family = Family {
            id: None,
            reference: "F-1".into(),
            title: "熱電変換素子".into(),
            disclosure_id: None,
        };
        let before = audit_rows(&store);
        let ninety = application(vec![
            InventorShare {
                person_id: a,
                share_bp: 6000,
            },
            InventorShare {
                person_id: b,
                share_bp: 3000,
            },
        ]);
        let err = store
            .write(&Actor("t".into()), now(), "save", |w| {
                save_application(w, None, &ninety, Some(&family), today(), None)
            })
            .unwrap_err();
        match err {
            CoreError::Validation { field, message } => {
                assert_eq!(field, "application.inventors");
                assert!(message.contains("90 %"), "{message}");
            }
            other => panic!("expected a validation error, got {other}"),
        }
        assert_eq!(audit_rows(&store), before, "a refused save writes nothing");
        let families: i64 = store
            .conn()
            .query_row("SELECT count(*) FROM family", [], |r| r.get(0))
            .unwrap();
        assert_eq!(
            families, 0,
            "the new family is rolled back with the application"
        );

        let hundred = application(vec![
            InventorShare {
                person_id: a,
                share_bp: 7000,
            },
            InventorShare {
                person_id: b,
                share_bp: 3000,
            },
        ]);
        let id = store
            .write(&Actor("t".into()), now(), "save", |w| {
                save_application(w, None, &hundred, Some(&family), today(), None)
            })
            .unwrap();
        let saved = get_application(store.conn(), id).unwrap();
        assert_eq!(saved.application_number.as_deref(), Some("2024-123456"));
        assert_ne!(
            saved.family_id.0, 0,
            "the application joined the new family"
        );

        let renamed = Application {
            title: "改良型熱電変換素子".into(),
            ..saved.clone()
        };
        store
            .write(&Actor("t".into()), now(), "save", |w| {
                save_application(w, Some(id), &renamed, None, today(), None)
            })
            .unwrap();
        assert_eq!(
            get_application(store.conn(), id).unwrap().title,
            "改良型熱電変換素子"
        );
        let last: String = store
            .conn()
            .query_row(
                "SELECT action FROM audit_log ORDER BY seq DESC LIMIT 1",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(last, "update");
    }

    #[test]
    fn a_colleagues_change_in_between_refuses_the_second_save() {
        // Two desks open the same application; the first saves, the second saves what it loaded
        // earlier: it must be refused (naming who changed it), never overwrite the first.
        let mut store = Store::open_in_memory().unwrap();
        let a = person(&mut store, "山田 太郎");
        let family = Family {
            id: None,
            reference: "F-9".into(),
            title: "素子".into(),
            disclosure_id: None,
        };
        let whole = application(vec![InventorShare {
            person_id: a,
            share_bp: 10000,
        }]);
        let id = store
            .write(&Actor("t".into()), now(), "seed", |w| {
                save_application(w, None, &whole, Some(&family), today(), None)
            })
            .unwrap();
        let opened = crate::portfolio::get_application_detail(store.conn(), id).unwrap();
        let mine = Application {
            title: "佐藤の修正".into(),
            ..opened.application.clone()
        };
        let theirs = Application {
            title: "鈴木の修正".into(),
            ..opened.application.clone()
        };
        store
            .write(&Actor("suzuki".into()), now(), "save", |w| {
                save_application(w, Some(id), &theirs, None, today(), Some(opened.version))
            })
            .unwrap();
        let err = store
            .write(&Actor("sato".into()), now(), "save", |w| {
                save_application(w, Some(id), &mine, None, today(), Some(opened.version))
            })
            .unwrap_err();
        assert_eq!(err.code(), ErrorCode::Conflict, "{err}");
        assert!(
            err.to_string().contains("suzuki"),
            "names who changed it: {err}"
        );
        assert_eq!(
            get_application(store.conn(), id).unwrap().title,
            "鈴木の修正"
        );
        // Reloaded, the same change goes through.
        let reloaded = crate::portfolio::get_application_detail(store.conn(), id).unwrap();
        store
            .write(&Actor("sato".into()), now(), "save", |w| {
                save_application(w, Some(id), &mine, None, today(), Some(reloaded.version))
            })
            .unwrap();
        assert_eq!(
            get_application(store.conn(), id).unwrap().title,
            "佐藤の修正"
        );
    }

    #[test]
    fn a_disclosure_is_taken_in_then_decided() {
        let mut store = Store::open_in_memory().unwrap();
        let a = person(&mut store, "山田 太郎");
        let mut d = Disclosure {
            id: None,
            number: "D2026-001".into(),
            title: "自己修復する高分子材料".into(),
            received_on: NaiveDate::from_ymd_opt(2026, 4, 10).unwrap(),
            funding_source: Some("JST CREST".into()),
            government_funded: true,
            evaluation: None,
            succession: Succession::Pending,
            succession_on: None,
            succession_reason: None,
            confidential: true,
            inventors: vec![InventorShare {
                person_id: a,
                share_bp: 10_000,
            }],
        };
        let id = store
            .write(&Actor("t".into()), now(), "d", |w| {
                save_disclosure(w, None, &d, None)
            })
            .unwrap();
        d.evaluation = Some("新規性あり、市場性中".into());
        d.succession = Succession::Succeeded;
        let err = store
            .write(&Actor("t".into()), now(), "d", |w| {
                save_disclosure(w, Some(id), &d, None)
            })
            .unwrap_err();
        assert!(
            matches!(&err, CoreError::Validation { field, .. } if field == "disclosure.succession_on"),
            "a decision without its date is refused: {err}"
        );
        d.succession_on = NaiveDate::from_ymd_opt(2026, 5, 20);
        d.succession_reason = Some("事業化の見込み".into());
        store
            .write(&Actor("t".into()), now(), "d", |w| {
                save_disclosure(w, Some(id), &d, None)
            })
            .unwrap();
        let stored = list_disclosures(store.conn(), true).unwrap();
        assert_eq!(stored.len(), 1);
        assert_eq!(stored[0].succession, Succession::Succeeded);
        assert_eq!(
            stored[0].inventors.len(),
            1,
            "inventors are rewritten, not doubled"
        );
        assert_eq!(
            stored[0].evaluation.as_deref(),
            Some("新規性あり、市場性中")
        );
    }

    #[test]
    fn people_are_edited_and_marked_obsolete_never_deleted() {
        let mut store = Store::open_in_memory().unwrap();
        let a = person(&mut store, "山田 太郎");
        let mut p = get_person(store.conn(), a).unwrap();
        p.role = PersonRole::Staff;
        p.name = "山田 太朗".into();
        store
            .write(&Actor("t".into()), now(), "p", |w| {
                update_person(w, a, &p, None)
            })
            .unwrap();
        store
            .write(&Actor("t".into()), now(), "p", |w| {
                set_person_obsolete(w, a, true)
            })
            .unwrap();
        let list = list_person_entries(store.conn()).unwrap();
        assert_eq!(list.len(), 1, "the person is kept");
        assert!(list[0].obsolete);
        assert_eq!(list[0].person.name, "山田 太朗");
        assert_eq!(list[0].person.role, PersonRole::Staff);
        let blank = Person {
            name: " ".into(),
            ..p
        };
        let err = store
            .write(&Actor("t".into()), now(), "p", |w| {
                update_person(w, a, &blank, None)
            })
            .unwrap_err();
        assert!(matches!(err, CoreError::Validation { ref field, .. } if field == "person.name"));
    }

    #[test]
    fn typed_dates_and_numbers_are_previewed_as_the_core_stores_them() {
        assert_eq!(
            parse_typed_date("filed_on", "令和6年4月1日").unwrap(),
            NaiveDate::from_ymd_opt(2024, 4, 1).unwrap()
        );
        assert_eq!(
            parse_typed_date("filed_on", "R6.4.1").unwrap(),
            NaiveDate::from_ymd_opt(2024, 4, 1).unwrap()
        );
        let err = parse_typed_date("application.filed_on", "令和5年2月30日").unwrap_err();
        assert!(
            matches!(&err, CoreError::Validation { field, message } if field == "application.filed_on" && message.contains("28 days")),
            "{err}"
        );
        assert_eq!(
            preview_application_number(Office::Jp, "特願平10-123456").unwrap(),
            "1998-123456"
        );
        let err = preview_application_number(Office::Jp, "abc").unwrap_err();
        assert!(
            matches!(err, CoreError::Validation { ref field, .. } if field == "application_number")
        );
    }
}
