//! A database file that is not there: the demo on the very first start, a question otherwise.
//!
//! The README promises that the first start opens the demo institution with no click, so the
//! default file on a desk that has never opened one is created as the demo. Any other missing
//! file is not made up: a file `desk.toml` names, or the default file this desk has opened
//! before (it was moved, deleted, or its disk is not mounted), starts the window on a screen
//! that asks — create an empty institution there, create the demo there, or open another file.
//! A file named by `CHIZAI_DB` is refused outright (a mistyped path in a script must not turn
//! into a demo portfolio), unless `CHIZAI_NEW_DB=demo` asks for the demo there.
//!
//! "Opened before" is a record beside `desk.toml`: every file the desk opens is added to it.

use std::path::{Path, PathBuf};

use chizai_core::demo::{self, DemoOptions};
use chizai_core::portfolio::{self, Institution};
use chizai_core::store::{Actor, Store};
use serde::Deserialize;
use ts_rs::TS;

use crate::error::{CommandError, CommandResult, ErrorCode};
use crate::place::Origin;
use crate::state::{now, today};

/// The record of the files this desk has opened, one path a line, beside `desk.toml`.
pub const RECORD_FILE: &str = "opened-databases.txt";

/// What to do about a database file that is not there.
#[derive(Debug, Clone, PartialEq)]
pub enum WhenMissing {
    /// Create the demo institution there (the first start).
    Demo,
    /// Refuse with this error (named by `CHIZAI_DB`).
    Refuse(CommandError),
    /// Ask on the start screen.
    Ask,
}

/// What the start screen creates in place of a missing file.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum NewDatabase {
    /// An institution with nothing in it yet.
    Empty {
        /// Its name, e.g. 国立大学法人 東都大学.
        institution: String,
    },
    /// The demo institution.
    Demo,
}

/// What to do about the missing file `path`, chosen by `origin`; `opened_before` says whether
/// this desk has opened it, `new_db` is `CHIZAI_NEW_DB`.
pub fn when_missing(
    path: &Path,
    origin: Origin,
    opened_before: bool,
    new_db: Option<&str>,
) -> WhenMissing {
    match origin {
        Origin::Env if new_db == Some("demo") => WhenMissing::Demo,
        Origin::Env => WhenMissing::Refuse(CommandError::new(
            ErrorCode::NotFound,
            format!(
                "no Chizai database at {} (named by CHIZAI_DB); nothing was created there. Correct CHIZAI_DB, create the database with `chizai init --institution NAME` or `chizai demo`, or start with CHIZAI_NEW_DB=demo to make the demo there",
                path.display()
            ),
        )),
        Origin::Desk => WhenMissing::Ask,
        Origin::Default if opened_before => WhenMissing::Ask,
        Origin::Default => WhenMissing::Demo,
    }
}

/// The start error of a file the start screen asks about.
pub fn not_there(path: &Path) -> CommandError {
    CommandError::new(
        ErrorCode::NotFound,
        format!(
            "the database file {} is not there (moved, deleted, or on a disk that is not mounted); nothing was created. Create an empty institution or the demo there, or open another file",
            path.display()
        ),
    )
}

/// Creates `new` at `path`, which must not exist yet, with the institution's signing key (as
/// `chizai init` and `chizai demo` make it, so the first snapshot needs no extra step).
pub fn create(path: &Path, new: &NewDatabase) -> CommandResult<Store> {
    if path.exists() {
        return Err(CommandError::new(
            ErrorCode::Conflict,
            format!(
                "{} exists now; nothing was created: restart Chizai to open it",
                path.display()
            ),
        ));
    }
    if let NewDatabase::Empty { institution } = new {
        if institution.trim().is_empty() {
            return Err(CommandError::invalid(
                "institution",
                "give the institution's name",
            ));
        }
    }
    let at = now();
    let mut store = Store::open(path, at)?;
    match new {
        NewDatabase::Demo => {
            let opts = DemoOptions {
                scale: demo::DEFAULT_SCALE,
                seed: demo::DEFAULT_SEED,
                today: today(),
            };
            demo::generate(&mut store, opts, at)?;
        }
        NewDatabase::Empty { institution } => {
            let inst = Institution {
                name: institution.trim().to_owned(),
                name_en: None,
                vice_president: None,
            };
            store.write(&Actor::from_env(), at, "init", |w| {
                portfolio::set_institution(w, &inst)
            })?;
        }
    }
    let keys = chizai_core::snapshot::key::key_dir(path);
    chizai_core::snapshot::key::ensure_key_pair(&keys)?;
    Ok(store)
}

/// Where the record is kept: the app's data directory, beside `desk.toml`.
pub fn record_file() -> Option<PathBuf> {
    chizai_core::paths::default_data_dir().map(|d| d.join(RECORD_FILE))
}

/// Whether `record` lists `db`.
pub fn opened_before(record: &Path, db: &Path) -> bool {
    std::fs::read_to_string(record)
        .map(|text| text.lines().any(|line| Path::new(line) == db))
        .unwrap_or(false)
}

/// Adds `db` to `record`. Best effort: a desk that cannot write its record only loses the
/// question for that file later (it would get the demo), so a failure is a line on stderr.
pub fn remember(record: &Path, db: &Path) {
    if opened_before(record, db) {
        return;
    }
    let line = format!("{}\n", db.display());
    let written = record
        .parent()
        .map_or(Ok(()), std::fs::create_dir_all)
        .and_then(|()| {
            use std::io::Write;
            std::fs::OpenOptions::new()
                .create(true)
                .append(true)
                .open(record)
                .and_then(|mut f| f.write_all(line.as_bytes()))
        });
    if let Err(err) = written {
        eprintln!(
            "chizai-desktop: could not note {} in {}: {err}",
            db.display(),
            record.display()
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_first_start_at_the_default_place_gets_the_demo_unasked() {
        let path = Path::new("/data/chizai.sqlite");
        assert_eq!(
            when_missing(path, Origin::Default, false, None),
            WhenMissing::Demo,
            "the README's first start: the demo, no click"
        );
        assert_eq!(
            when_missing(path, Origin::Default, true, None),
            WhenMissing::Ask,
            "a file this desk opened before and is gone now is asked about, not replaced"
        );
        assert_eq!(
            when_missing(path, Origin::Desk, false, None),
            WhenMissing::Ask,
            "a file desk.toml names is asked about"
        );
        assert_eq!(
            when_missing(path, Origin::Env, true, Some("demo")),
            WhenMissing::Demo,
            "CHIZAI_NEW_DB=demo asks for it"
        );
        let WhenMissing::Refuse(refusal) = when_missing(path, Origin::Env, false, None) else {
            panic!("a missing file named by CHIZAI_DB is refused");
        };
        assert_eq!(refusal.code, ErrorCode::NotFound);
        assert!(
            refusal.message.contains("/data/chizai.sqlite")
                && refusal.message.contains("chizai init"),
            "names the path and what to do: {}",
            refusal.message
        );
    }

    #[test]
    fn the_record_remembers_each_file_once() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let record = dir.path().join("sub").join(RECORD_FILE);
        let db = dir.path().join("chizai.sqlite");
        assert!(!opened_before(&record, &db), "no record yet");
        remember(&record, &db);
        remember(&record, &db);
        assert!(opened_before(&record, &db));
        assert!(!opened_before(&record, &dir.path().join("other.sqlite")));
        let text = std::fs::read_to_string(&record).unwrap_or_default();
        assert_eq!(text.lines().count(), 1, "listed once: {text}");
    }

    #[test]
    fn an_empty_institution_is_created_with_its_name_and_key() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let path = dir.path().join("new.sqlite");
        let blank = create(
            &path,
            &NewDatabase::Empty {
                institution: "  ".into(),
            },
        );
        assert_eq!(
            blank.err().and_then(|e| e.field).as_deref(),
            Some("institution")
        );
        assert!(!path.exists(), "a refused name creates nothing");
        let store = create(
            &path,
            &NewDatabase::Empty {
                institution: "国立大学法人 東都大学".into(),
            },
        )
        .unwrap_or_else(|e| panic!("{e:?}"));
        let inst = portfolio::get_institution(store.conn()).map(|i| i.name);
        assert_eq!(inst.ok().as_deref(), Some("国立大学法人 東都大学"));
        let page =
            portfolio::list_applications(store.conn(), &Default::default()).map(|p| p.rows.len());
        assert_eq!(page.ok(), Some(0), "empty: no demo applications");
        assert!(
            chizai_core::snapshot::key::key_dir(&path).exists(),
            "the signing key comes with it"
        );
        let again = create(&path, &NewDatabase::Demo);
        assert_eq!(
            again.err().map(|e| e.code),
            Some(ErrorCode::Conflict),
            "an existing file is never overwritten"
        );
    }
}
