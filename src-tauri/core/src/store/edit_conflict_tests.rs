//! Every form that edits a record refuses to save over a colleague's change, on both engines:
//! the disclosure, the person, the agreement and the institution send back the record as they
//! showed it, and the write compares it with the stored one inside its transaction. The
//! application form (which carries a version number) is covered in `engine_tests` and
//! `portfolio::edit`.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use chrono::{NaiveDate, Utc};

use super::engine_tests::engines;
use super::{Actor, Store};
use crate::agreements::{self as ag, AgreementKind, AgreementStatus, Party, PartyRole};
use crate::domain::Succession;
use crate::error::{CoreError, ErrorCode, Failure, Result};
use crate::portfolio::{self as pf, Disclosure, Institution, Organisation, Person};
use crate::store::Write;

fn as_desk<T>(
    store: &mut Store,
    who: &str,
    f: impl FnOnce(&mut Write<'_>) -> Result<T>,
) -> Result<T> {
    store.write(&Actor(who.into()), Utc::now(), "edit", f)
}

/// The refusal is a conflict that names the colleague, and nothing of the stale save is kept.
fn assert_refused(engine: &str, what: &str, r: Result<impl std::fmt::Debug>) {
    let err = r.expect_err("a save over a colleague's change must be refused");
    assert_eq!(err.code(), ErrorCode::Conflict, "{engine} {what}: {err}");
    let text = err.to_string();
    assert!(
        text.contains("suzuki") && text.contains("reload"),
        "{engine} {what}: the message names who changed it and what to do: {text}"
    );
}

fn person(name: &str) -> Person {
    Person {
        id: None,
        name: name.into(),
        name_kana: None,
        role: crate::domain::PersonRole::Inventor,
        department: Some("工学研究科".into()),
        internal: true,
        email: None,
    }
}

#[test]
fn a_person_edited_meanwhile_is_not_overwritten() {
    for (engine, mut store) in engines("conflict_person") {
        let id = as_desk(&mut store, "t", |w| {
            pf::create_person(w, &person("山田 太郎"))
        })
        .unwrap();
        // Sato opens the form; Suzuki corrects the department and saves first.
        let shown = pf::list_person_entries(store.conn()).unwrap()[0]
            .person
            .clone();
        let mut suzuki = shown.clone();
        suzuki.department = Some("理学研究科".into());
        as_desk(&mut store, "suzuki", |w| {
            pf::update_person(w, id, &suzuki, Some(&shown))
        })
        .unwrap();
        let mut sato = shown.clone();
        sato.email = Some("yamada@example.ac.jp".into());
        let stale = as_desk(&mut store, "sato", |w| {
            pf::update_person(w, id, &sato, Some(&shown))
        });
        assert_refused(&engine, "person", stale);
        let now = pf::list_person_entries(store.conn()).unwrap()[0]
            .person
            .clone();
        assert_eq!(
            now.department.as_deref(),
            Some("理学研究科"),
            "{engine}: Suzuki's change stays"
        );
        assert_eq!(now.email, None, "{engine}: Sato's stale save wrote nothing");
        // Reloaded, Sato's change goes through on top of Suzuki's.
        sato = Person {
            email: Some("yamada@example.ac.jp".into()),
            ..now.clone()
        };
        as_desk(&mut store, "sato", |w| {
            pf::update_person(w, id, &sato, Some(&now))
        })
        .unwrap();
    }
}

#[test]
fn a_disclosure_decided_meanwhile_is_not_overwritten() {
    for (engine, mut store) in engines("conflict_disclosure") {
        let inventor = as_desk(&mut store, "t", |w| {
            pf::create_person(w, &person("佐藤 花子"))
        })
        .unwrap();
        let d = Disclosure {
            id: None,
            number: "D2026-007".into(),
            title: "高効率ペロブスカイト太陽電池".into(),
            received_on: NaiveDate::from_ymd_opt(2026, 5, 1).unwrap(),
            funding_source: None,
            government_funded: false,
            evaluation: None,
            succession: Succession::Pending,
            succession_on: None,
            succession_reason: None,
            confidential: true,
            inventors: vec![pf::InventorShare {
                person_id: inventor,
                share_bp: 10_000,
            }],
        };
        let id = as_desk(&mut store, "t", |w| pf::save_disclosure(w, None, &d, None)).unwrap();
        // Both open the list's record; Suzuki records the succession decision first.
        let shown = pf::list_disclosures(store.conn(), true).unwrap()[0].clone();
        let decided = Disclosure {
            succession: Succession::Succeeded,
            succession_on: NaiveDate::from_ymd_opt(2026, 6, 1),
            ..shown.clone()
        };
        as_desk(&mut store, "suzuki", |w| {
            pf::save_disclosure(w, Some(id), &decided, Some(&shown))
        })
        .unwrap();
        let retitled = Disclosure {
            title: "ペロブスカイト太陽電池".into(),
            ..shown.clone()
        };
        let stale = as_desk(&mut store, "sato", |w| {
            pf::save_disclosure(w, Some(id), &retitled, Some(&shown))
        });
        assert_refused(&engine, "disclosure", stale);
        let now = pf::get_disclosure(store.conn(), "D2026-007").unwrap();
        assert_eq!(
            now.succession,
            Succession::Succeeded,
            "{engine}: the decision is not undone"
        );
        // The CLI and imports pass no loaded record: they check nothing (and still work).
        as_desk(&mut store, "t", |w| {
            pf::save_disclosure(w, Some(id), &now, None)
        })
        .unwrap();
    }
}

#[test]
fn an_agreement_changed_meanwhile_is_not_overwritten_but_a_new_file_is_no_conflict() {
    for (engine, mut store) in engines("conflict_agreement") {
        let org = as_desk(&mut store, "t", |w| {
            pf::create_organisation(
                w,
                &Organisation {
                    id: None,
                    name: "東都化学株式会社".into(),
                    kind: crate::domain::OrganisationKind::Company,
                    country: "JP".into(),
                },
            )
        })
        .unwrap();
        let a = ag::Agreement {
            status: AgreementStatus::InForce,
            signed_on: NaiveDate::from_ymd_opt(2026, 4, 1),
            effective_on: NaiveDate::from_ymd_opt(2026, 4, 1),
            parties: vec![Party {
                organisation_id: org,
                role: PartyRole::Licensee,
            }],
            ..ag::Agreement::new(
                "L2026-01",
                "非独占的実施許諾契約",
                AgreementKind::LicenceNonExclusive,
            )
        };
        let id = as_desk(&mut store, "t", |w| ag::create_agreement(w, &a)).unwrap();
        let shown = ag::get_agreement(store.conn(), id).unwrap();
        // A file attached by a colleague is not a change of the terms the form edits.
        let file = std::env::temp_dir().join(format!(
            "chizai-conflict-{}-{engine}.pdf",
            std::process::id()
        ));
        std::fs::write(&file, b"%PDF-1.4 signed copy").unwrap();
        let files = tempfile::tempdir().unwrap();
        as_desk(&mut store, "suzuki", |w| {
            crate::attachments::attach(w, files.path(), "agreement", id.0, &file).map(|_| ())
        })
        .unwrap();
        let noted = ag::Agreement {
            notes: Some("契約書原本は知財本部金庫".into()),
            ..shown.clone()
        };
        as_desk(&mut store, "sato", |w| {
            ag::edit_agreement(w, id, &noted, Some(&shown))
        })
        .unwrap();
        // Suzuki now saves from the form opened before Sato's note: refused.
        let renamed = ag::Agreement {
            territory: Some("日本国内".into()),
            ..shown.clone()
        };
        let stale = as_desk(&mut store, "suzuki", |w| {
            ag::edit_agreement(w, id, &renamed, Some(&shown))
        });
        let err = stale.expect_err("Sato's note was saved after Suzuki opened the form");
        assert!(
            matches!(err, CoreError::Conflict(ref m) if m.contains("sato")),
            "{engine}: {err}"
        );
        assert_eq!(
            ag::get_agreement(store.conn(), id)
                .unwrap()
                .notes
                .as_deref(),
            Some("契約書原本は知財本部金庫"),
            "{engine}: Sato's note stays"
        );
        std::fs::remove_file(&file).ok();
    }
}

#[test]
fn the_institution_renamed_meanwhile_is_not_overwritten() {
    for (engine, mut store) in engines("conflict_institution") {
        let first = Institution {
            name: "東都大学".into(),
            name_en: None,
            vice_president: None,
        };
        as_desk(&mut store, "t", |w| pf::set_institution(w, &first)).unwrap();
        let shown = pf::get_institution(store.conn()).unwrap();
        let renamed = Institution {
            name: "国立大学法人東都大学".into(),
            ..shown.clone()
        };
        as_desk(&mut store, "suzuki", |w| {
            pf::edit_institution(w, &renamed, Some(&shown))
        })
        .unwrap();
        let vp = Institution {
            vice_president: Some("田中 一郎".into()),
            ..shown.clone()
        };
        let stale = as_desk(&mut store, "sato", |w| {
            pf::edit_institution(w, &vp, Some(&shown))
        });
        assert_refused(&engine, "institution", stale);
        assert_eq!(
            pf::get_institution(store.conn()).unwrap().name,
            "国立大学法人東都大学",
            "{engine}"
        );
    }
}

#[test]
fn a_deadline_settled_meanwhile_is_not_settled_again() {
    // Two desks show the same open deadline; Suzuki marks it done. Sato's waiver from the stale
    // pane would silently replace Suzuki's date, note and name: refused, naming Suzuki.
    use crate::deadlines::{self as dl, DeadlineStatus, NewDeadline};
    for (engine, mut store) in engines("conflict_deadline") {
        let due = NaiveDate::from_ymd_opt(2026, 12, 25).unwrap();
        let d = as_desk(&mut store, "t", |w| {
            dl::add_manual(
                w,
                &NewDeadline {
                    application_id: None,
                    agreement_ref: Some("L2026-01".into()),
                    code: Some("agreement.report".into()),
                    title: "実施報告書の受領".into(),
                    due,
                    responsible_id: None,
                    notes: None,
                },
            )
        })
        .unwrap();
        let seen = Some(DeadlineStatus::Open);
        as_desk(&mut store, "suzuki", |w| {
            dl::expect_status(w, d.id, seen)?;
            dl::mark_done(w, d.id, due, Some("受領済み"))
        })
        .unwrap();
        let stale = as_desk(&mut store, "sato", |w| {
            dl::expect_status(w, d.id, seen)?;
            dl::waive(w, d.id, "契約解約のため")
        });
        assert_refused(&engine, "deadline", stale);
        let now = dl::get_deadline(store.conn(), d.id).unwrap();
        assert_eq!(
            now.status,
            DeadlineStatus::Done,
            "{engine}: Suzuki's completion stays"
        );
    }
}
