//! What the shell keeps between commands: the open store.
//!
//! The database is the one this desk is on (see [`crate::place`]): `CHIZAI_DB` when set (a file
//! path, or an office server's `postgres://` URL), else the desk's own choice in `desk.toml`, else
//! `chizai.sqlite` in the OS data directory — so `chizai` and the app look at one database. On
//! first start with no database at the default place the demo institution is created, so the desk
//! never opens empty; a path named by `CHIZAI_DB` that does not exist is refused instead (a
//! mistyped path must not turn into a demo portfolio that someone then works in), unless
//! `CHIZAI_NEW_DB=demo` asks for the demo there. A server is never filled with the demo.
//!
//! A database that does not open (a missing file, the server down, a wrong password, a newer
//! schema) does not stop the app: the window starts on the start screen with the one-line error
//! and the database settings, and every command fails with that error.
//!
//! The store is one connection behind a `Mutex`: commands are short (a page of rows, one
//! detail) and one person works at the desk, so a queue of one is the right shape. A panic inside
//! a command is caught where the lock is held and becomes an `Internal` error; the lock is never
//! left poisoned (a write that panicked was rolled back when its transaction dropped), so the next
//! command works. Files are parsed before the lock is taken (see `commands::transfer`).

use std::path::PathBuf;
use std::sync::Mutex;

use chizai_core::demo::{self, DemoOptions};
use chizai_core::error::CoreError;
use chizai_core::store::server::ServerSession;
use chizai_core::store::Conn;
use chizai_core::store::{Actor, Store, Write};
use chrono::{DateTime, Local, NaiveDate, Utc};

use crate::error::{CommandError, CommandResult, ErrorCode};
use crate::place::{self, Place};

/// Shell state managed by Tauri.
#[derive(Debug)]
pub struct AppState {
    /// The database file this window works on; on a server, the file this desk would open, whose
    /// folder holds the desk's snapshots and keys.
    pub db_path: PathBuf,
    /// The database this window works on.
    pub place: Place,
    /// Who is signed in, on a server.
    pub server: Option<ServerSession>,
    /// Why the database did not open (the start screen shows it); every command then fails with it.
    pub start_error: Option<CommandError>,
    store: Mutex<Option<Store>>,
}

impl AppState {
    /// Opens the database this desk is on (see [`crate::place`]), creating the demo institution
    /// in a file when there is none yet. A database that does not open is not fatal: the window
    /// starts and shows why, with what to do.
    pub fn open() -> AppState {
        let env = std::env::var("CHIZAI_DB").ok();
        let desk_file = place::desk_file();
        let default_file =
            chizai_core::paths::default_data_dir().map(|d| d.join(chizai_core::paths::DB_FILE));
        let chosen = place::choose(env.as_deref(), desk_file.as_deref(), default_file.clone());
        let anchor = |p: &Place| match p {
            Place::File(path) => path.clone(),
            Place::Server(_) => default_file
                .clone()
                .unwrap_or_else(|| PathBuf::from(chizai_core::paths::DB_FILE)),
        };
        let place = match chosen {
            Ok(place) => place,
            Err(err) => {
                let place = Place::File(default_file.clone().unwrap_or_default());
                return AppState::failed(anchor(&place), place, err);
            }
        };
        let db_path = anchor(&place);
        let opened = match &place {
            Place::File(path) => open_file(path),
            Place::Server(url) => Store::open_server(url, now()).map_err(CommandError::from),
        };
        // A day fixed by CHIZAI_TODAY is the writes' today too (the docket after an import).
        let opened = opened.map(|mut store| {
            store.set_today(today_is_fixed().then(today));
            store
        });
        match opened {
            Ok(store) => AppState {
                db_path,
                place,
                server: store.server().cloned(),
                start_error: None,
                store: Mutex::new(Some(store)),
            },
            Err(err) => AppState::failed(db_path, place, err),
        }
    }

    fn failed(db_path: PathBuf, place: Place, err: CommandError) -> AppState {
        eprintln!("chizai-desktop: the database did not open: {}", err.message);
        AppState {
            db_path,
            place,
            server: None,
            start_error: Some(err),
            store: Mutex::new(None),
        }
    }

    /// Runs a read against the store.
    pub fn read<T>(&self, f: impl FnOnce(&Conn) -> Result<T, CoreError>) -> CommandResult<T> {
        let store = self.lock();
        let store = self.opened(&store)?;
        Ok(guarded(|| f(store.conn()))??)
    }

    /// Runs one audited write transaction as the desk's user (see [`Actor::from_env`]). `what`
    /// names the operation in the refusal an auditor snapshot gives (`ErrorCode::ReadOnly`).
    pub fn write<T>(
        &self,
        what: &str,
        f: impl FnOnce(&mut Write<'_>) -> Result<T, CoreError>,
    ) -> CommandResult<T> {
        let mut store = self.lock();
        let store = self.opened_mut(&mut store)?;
        Ok(guarded(|| {
            store.write(&Actor::from_env(), now(), what, f)
        })??)
    }

    /// Runs `f` with the store itself, for core operations that manage their own transaction
    /// (import, snapshot creation, recompute). They refuse on a read-only store themselves.
    pub fn with_store<T, E>(&self, f: impl FnOnce(&mut Store) -> Result<T, E>) -> CommandResult<T>
    where
        CommandError: From<E>,
    {
        let mut store = self.lock();
        let store = self.opened_mut(&mut store)?;
        Ok(guarded(|| f(store))??)
    }

    /// Runs a long read (a report, an export) on a connection of its own to the same file, so the
    /// store's lock is held only to learn which file is open and other commands go on meanwhile.
    /// WAL gives the read one consistent view; an in-memory store is read under the lock.
    pub fn read_detached<T, E>(&self, f: impl FnOnce(&Conn) -> Result<T, E>) -> CommandResult<T>
    where
        CommandError: From<E>,
    {
        let (path, read_only) = {
            let store = self.lock();
            let store = self.opened(&store)?;
            (
                store.path().map(std::path::Path::to_path_buf),
                store.is_read_only(),
            )
        };
        let Some(path) = path else {
            return self.with_store(|store| f(store.conn()));
        };
        let conn = if read_only {
            // An auditor snapshot's extracted database, verified when it was opened.
            Store::open_read_only_verified(&path)?
        } else {
            Store::open_reader(&path)?
        };
        Ok(guarded(|| f(conn.conn()))??)
    }

    /// Puts `store` in place of the open one (opening an auditor snapshot, returning to the desk),
    /// and gives back the one it replaced.
    pub fn replace_store(&self, store: Store) -> CommandResult<Store> {
        let mut current = self.lock();
        let current = self.opened_mut(&mut current)?;
        Ok(std::mem::replace(current, store))
    }

    /// True while an auditor snapshot is open: every write is refused.
    pub fn is_read_only(&self) -> CommandResult<bool> {
        let store = self.lock();
        Ok(self.opened(&store)?.is_read_only())
    }
}

/// Opens the database file, creating the demo institution when there is none yet (and none was
/// named by `CHIZAI_DB`, unless `CHIZAI_NEW_DB=demo` asks for it).
fn open_file(db_path: &std::path::Path) -> CommandResult<Store> {
    let fresh = !db_path.exists();
    if fresh {
        let named = std::env::var_os("CHIZAI_DB").is_some_and(|p| !p.is_empty());
        let new_db = std::env::var("CHIZAI_NEW_DB").ok();
        if let Some(refusal) = missing_db_refusal(db_path, named, new_db.as_deref()) {
            return Err(refusal);
        }
    }
    let now = Utc::now();
    let mut store = Store::open(db_path, now)?;
    if fresh {
        let opts = DemoOptions {
            scale: demo::DEFAULT_SCALE,
            seed: demo::DEFAULT_SEED,
            today: today(),
        };
        demo::generate(&mut store, opts, now)?;
        // The institution's signing key comes with it (as `chizai demo` makes it), so the
        // settings show a fingerprint and the first snapshot needs no extra step.
        let keys = chizai_core::snapshot::key::key_dir(db_path);
        chizai_core::snapshot::key::ensure_key_pair(&keys)?;
    }
    Ok(store)
}

/// Why a missing database is not created, if it is not: a path named by `CHIZAI_DB` is created
/// (as the demo) only when `CHIZAI_NEW_DB=demo` asks for it.
fn missing_db_refusal(
    db_path: &std::path::Path,
    named_by_env: bool,
    new_db: Option<&str>,
) -> Option<CommandError> {
    if !named_by_env || new_db == Some("demo") {
        return None;
    }
    Some(CommandError::new(
        ErrorCode::NotFound,
        format!(
            "no Chizai database at {} (named by CHIZAI_DB); nothing was created there. Correct CHIZAI_DB, create the database with `chizai init --institution NAME` or `chizai demo`, or start with CHIZAI_NEW_DB=demo to make the demo there",
            db_path.display()
        ),
    ))
}

/// Today at the desk: `CHIZAI_TODAY` (YYYY-MM-DD) when set — so the end-to-end tests and a
/// what-if session see a fixed day, as the CLI's `--today` does — else the local date.
pub fn today() -> NaiveDate {
    std::env::var("CHIZAI_TODAY")
        .ok()
        .and_then(|s| NaiveDate::parse_from_str(&s, "%Y-%m-%d").ok())
        .unwrap_or_else(|| Local::now().date_naive())
}

/// Whether `CHIZAI_TODAY` fixes today (else today follows the local clock).
pub fn today_is_fixed() -> bool {
    std::env::var("CHIZAI_TODAY")
        .ok()
        .is_some_and(|s| NaiveDate::parse_from_str(&s, "%Y-%m-%d").is_ok())
}

/// Now, for audit timestamps.
pub fn now() -> DateTime<Utc> {
    Utc::now()
}

impl AppState {
    /// The store, even after a panic elsewhere: a write that panicked was rolled back when its
    /// transaction dropped, so what the lock guards is consistent.
    fn lock(&self) -> std::sync::MutexGuard<'_, Option<Store>> {
        self.store
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// The open store, or why there is none (the start error).
    fn opened<'a>(&self, store: &'a Option<Store>) -> CommandResult<&'a Store> {
        store.as_ref().ok_or_else(|| self.not_open())
    }

    fn opened_mut<'a>(&self, store: &'a mut Option<Store>) -> CommandResult<&'a mut Store> {
        store.as_mut().ok_or_else(|| self.not_open())
    }

    fn not_open(&self) -> CommandError {
        self.start_error.clone().unwrap_or_else(|| {
            CommandError::new(
                ErrorCode::Internal,
                "the database is not open: restart Chizai",
            )
        })
    }
}

/// Runs `f`, turning a panic into an `Internal` error instead of unwinding through the lock.
fn guarded<T>(f: impl FnOnce() -> T) -> CommandResult<T> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)).map_err(|_| {
        CommandError::new(
            ErrorCode::Internal,
            "a fault in Chizai stopped this command; nothing it had begun to write was kept, and the next command works",
        )
    })
}

impl From<CoreError> for CommandError {
    fn from(err: CoreError) -> Self {
        use chizai_core::error::ErrorCode as Core;
        let code = match err.code() {
            Core::NotFound => ErrorCode::NotFound,
            Core::Validation => ErrorCode::Validation,
            Core::Conflict => ErrorCode::Conflict,
            Core::Storage => ErrorCode::Storage,
            Core::ReadOnly => ErrorCode::ReadOnly,
            Core::Integrity => ErrorCode::Integrity,
            Core::Version => ErrorCode::Version,
            Core::Cancelled => ErrorCode::Cancelled,
            Core::Busy => ErrorCode::Busy,
        };
        let field = match &err {
            CoreError::Validation { field, .. } => Some(field.clone()),
            _ => None,
        };
        CommandError {
            field,
            ..CommandError::new(code, err.to_string())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_database_named_by_chizai_db_is_refused_not_filled_with_the_demo() {
        let path = std::path::Path::new("/nowhere/typo.sqlite");
        let refusal = missing_db_refusal(path, true, None);
        assert_eq!(refusal.as_ref().map(|e| e.code), Some(ErrorCode::NotFound));
        let message = refusal.map(|e| e.message).unwrap_or_default();
        assert!(
            message.contains("typo.sqlite") && message.contains("chizai init"),
            "names the path and what to do: {message}"
        );
        assert!(
            missing_db_refusal(path, true, Some("demo")).is_none(),
            "asked for the demo"
        );
        assert!(
            missing_db_refusal(path, false, None).is_none(),
            "the default place on first start gets the demo"
        );
    }

    #[test]
    fn a_panic_in_a_command_fails_it_and_the_next_command_works() {
        let state = AppState {
            db_path: PathBuf::from(":memory:"),
            place: Place::File(PathBuf::from(":memory:")),
            server: None,
            start_error: None,
            store: Mutex::new(Some(
                Store::open_in_memory().unwrap_or_else(|e| panic!("{e}")),
            )),
        };
        let failed = state
            .with_store(|_store| -> Result<(), CoreError> { panic!("a fault inside a command") });
        assert_eq!(failed.err().map(|e| e.code), Some(ErrorCode::Internal));
        let written = state.write("test", |w| {
            chizai_core::portfolio::set_institution(
                w,
                &chizai_core::portfolio::Institution {
                    name: "東都大学".into(),
                    name_en: None,
                    vice_president: None,
                },
            )
        });
        assert!(written.is_ok(), "the store is not poisoned: {written:?}");
        let read = state.read(chizai_core::portfolio::get_institution);
        assert_eq!(read.map(|i| i.name).ok().as_deref(), Some("東都大学"));
    }
}
