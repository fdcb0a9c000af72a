//! What the shell keeps between commands: the open store.
//!
//! The database is the one this desk is on (see [`crate::place`]): `CHIZAI_DB` when set (a file
//! path, or an office server's `postgres://` URL), else the desk's own choice in `desk.toml`, else
//! `chizai.sqlite` in the OS data directory — so `chizai` and the app look at one database. On
//! first start with no database at the default place the demo institution is created, so the desk
//! never opens empty; any other missing file is asked about or refused (see [`crate::missing`]).
//! A server is never filled with the demo.
//!
//! A database that does not open (a missing file, the server down, a wrong password, a newer
//! schema) does not stop the app: the window starts on the start screen with the one-line error
//! and the database settings, and every command fails with that error.
//!
//! Every command that touches the store is `async` and does its work on a blocking worker
//! ([`AppState::run`]): the main thread only draws the window. What the store and its readers
//! do between them (reads beside a long write, a panic failing only its command) is in
//! [`crate::stores`].

use std::path::PathBuf;
use std::sync::Arc;

use chizai_core::error::CoreError;
use chizai_core::store::server::ServerSession;
use chizai_core::store::Conn;
use chizai_core::store::{Store, Write};
use chrono::{DateTime, Local, NaiveDate, Utc};

use crate::error::{CommandError, CommandResult, ErrorCode};
use crate::missing::{self, NewDatabase, WhenMissing};
use crate::place::{self, Place};
use crate::stores::{ReadFrom, Stores};

/// The event a write waiting for another writer's lock sends: `true` when it starts waiting (after
/// [`chizai_core::store::WAIT_NOTICE_AFTER`]), `false` when it stops.
pub const WRITER_WAITING: &str = "writer-waiting";

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
    /// True when the file is not there and the start screen asks what to do (see
    /// [`crate::missing`]); it stays true after the answer (the start error then is gone).
    pub missing: bool,
    stores: Arc<Stores>,
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
        let (place, origin) = match chosen {
            Ok(chosen) => chosen,
            Err(err) => {
                let place = Place::File(default_file.clone().unwrap_or_default());
                return AppState::failed(anchor(&place), place, err);
            }
        };
        let db_path = anchor(&place);
        let record = missing::record_file();
        let opened = match &place {
            Place::File(path) if !path.exists() => {
                let before = record
                    .as_deref()
                    .is_some_and(|r| missing::opened_before(r, path));
                let new_db = std::env::var("CHIZAI_NEW_DB").ok();
                match missing::when_missing(path, origin, before, new_db.as_deref()) {
                    WhenMissing::Demo => missing::create(path, &NewDatabase::Demo),
                    WhenMissing::Refuse(err) => Err(err),
                    WhenMissing::Ask => {
                        let err = missing::not_there(path);
                        let mut state = AppState::failed(db_path, place, err);
                        state.missing = true;
                        return state;
                    }
                }
            }
            Place::File(path) => Store::open(path, now()).map_err(CommandError::from),
            Place::Server(url) => Store::open_server(url, now()).map_err(CommandError::from),
        };
        if let (Ok(_), Place::File(path), Some(record)) = (&opened, &place, &record) {
            missing::remember(record, path);
        }
        let opened = opened.and_then(with_busy_wait);
        match opened {
            Ok(store) => AppState::with(db_path, place, store),
            Err(err) => AppState::failed(db_path, place, err),
        }
    }

    /// The state of a window on `store`, opened at `place`.
    pub fn with(db_path: PathBuf, place: Place, store: Store) -> AppState {
        let url = match &place {
            Place::Server(url) => Some(url.as_str()),
            Place::File(_) => None,
        };
        let from = ReadFrom::of(&store, url);
        AppState {
            db_path,
            server: store.server().cloned(),
            place,
            missing: false,
            stores: Arc::new(Stores::new(Ok(store), from)),
        }
    }

    fn failed(db_path: PathBuf, place: Place, err: CommandError) -> AppState {
        eprintln!("chizai-desktop: the database did not open: {}", err.message);
        AppState {
            db_path,
            place,
            server: None,
            missing: false,
            stores: Arc::new(Stores::new(Err(err), ReadFrom::Store)),
        }
    }

    /// Why the database did not open (the start screen shows it); every command then fails with it.
    pub fn start_error(&self) -> Option<CommandError> {
        self.stores.start_error()
    }

    /// The store and its readers, for work already on a worker thread (a task, a notice).
    pub fn stores(&self) -> &Stores {
        &self.stores
    }

    /// Has the window hear [`WRITER_WAITING`] (`true`, then `false`) while a write waits for
    /// another writer's lock, so it can say so instead of seeming to hang.
    pub fn announce_waits<R: tauri::Runtime>(&self, app: &tauri::AppHandle<R>) {
        use tauri::Emitter;
        let app = app.clone();
        self.stores.on_wait(Arc::new(move |waiting| {
            // A window already closed hears nothing; the write goes on regardless.
            let _ = app.emit(WRITER_WAITING, waiting);
        }));
    }

    /// Runs `f` on a blocking worker thread, off the main thread that draws the window.
    pub async fn run<T: Send + 'static>(
        &self,
        f: impl FnOnce(&Stores) -> CommandResult<T> + Send + 'static,
    ) -> CommandResult<T> {
        let stores = Arc::clone(&self.stores);
        tauri::async_runtime::spawn_blocking(move || f(&stores))
            .await
            .map_err(|e| {
                CommandError::new(
                    ErrorCode::Internal,
                    format!("the command stopped abnormally: {e}"),
                )
            })?
    }

    /// Runs a read on a connection of its own, off the main thread (see [`Stores::read`]).
    pub async fn read<T: Send + 'static>(
        &self,
        f: impl FnOnce(&Conn) -> Result<T, CoreError> + Send + 'static,
    ) -> CommandResult<T> {
        self.run(move |stores| stores.read(f)).await
    }

    /// Runs one audited write transaction, off the main thread (see [`Stores::write`]).
    pub async fn write<T: Send + 'static>(
        &self,
        what: &'static str,
        f: impl FnOnce(&mut Write<'_>) -> Result<T, CoreError> + Send + 'static,
    ) -> CommandResult<T> {
        self.run(move |stores| stores.write(what, f)).await
    }
}

/// How long a write waits for another writer's lock: `CHIZAI_BUSY_WAIT_SECS` when set (as in the
/// CLI: the tests, a desk that would rather fail fast), else the core's 30 s; and the day the
/// writes take as today.
fn with_busy_wait(mut store: Store) -> CommandResult<Store> {
    if let Some(secs) = std::env::var("CHIZAI_BUSY_WAIT_SECS")
        .ok()
        .and_then(|s| s.trim().parse::<u64>().ok())
    {
        store.set_busy_wait(std::time::Duration::from_secs(secs))?;
    }
    // A day fixed by CHIZAI_TODAY is the writes' today too (the docket after an import).
    store.set_today(today_is_fixed().then(today));
    Ok(store)
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

#[cfg(test)]
mod tests {
    use super::*;

    use std::sync::mpsc;
    use std::time::Duration;

    use chizai_core::portfolio::{self, Institution};
    use tauri::async_runtime::block_on;

    fn institution(name: &str) -> Institution {
        Institution {
            name: name.into(),
            name_en: None,
            vice_president: None,
        }
    }

    /// A window on a fresh database file in `dir`.
    fn desk_on_file(dir: &std::path::Path) -> AppState {
        let path = dir.join("chizai.sqlite");
        let store = Store::open(&path, now()).unwrap_or_else(|e| panic!("{e}"));
        AppState::with(path.clone(), Place::File(path), store)
    }

    #[test]
    fn a_panic_in_a_command_fails_it_and_the_next_command_works() {
        let store = Store::open_in_memory().unwrap_or_else(|e| panic!("{e}"));
        let path = PathBuf::from(":memory:");
        let state = AppState::with(path.clone(), Place::File(path), store);
        let failed = block_on(state.run(|stores| {
            stores.with_store(|_store| -> Result<(), CoreError> {
                panic!("a fault inside a command")
            })
        }));
        assert_eq!(failed.err().map(|e| e.code), Some(ErrorCode::Internal));
        let written = block_on(state.write("test", |w| {
            portfolio::set_institution(w, &institution("東都大学"))
        }));
        assert!(written.is_ok(), "the store is not poisoned: {written:?}");
        let read = block_on(state.read(portfolio::get_institution));
        assert_eq!(read.map(|i| i.name).ok().as_deref(), Some("東都大学"));
    }

    #[test]
    fn a_read_answers_while_a_long_write_holds_the_store() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let state = Arc::new(desk_on_file(dir.path()));
        block_on(state.write("test", |w| {
            portfolio::set_institution(w, &institution("東都大学"))
        }))
        .unwrap_or_else(|e| panic!("{e:?}"));

        // A write that holds the store (and its open transaction) until the test lets it go.
        let (entered, in_write) = mpsc::channel();
        let (release, released) = mpsc::channel::<()>();
        let writer = Arc::clone(&state);
        let write = std::thread::spawn(move || {
            block_on(writer.write("test", move |w| {
                portfolio::set_institution(w, &institution("東都大学（改称）"))?;
                let _ = entered.send(());
                let _ = released.recv();
                Ok(())
            }))
        });
        in_write
            .recv_timeout(Duration::from_secs(30))
            .unwrap_or_else(|e| panic!("the write never began: {e}"));

        let (answer, answered) = mpsc::channel();
        let reader = Arc::clone(&state);
        std::thread::spawn(move || {
            let _ = answer.send(block_on(reader.read(portfolio::get_institution)));
        });
        // The write is still held: a read that queued behind it would never answer here.
        let read = answered
            .recv_timeout(Duration::from_secs(30))
            .unwrap_or_else(|_| panic!("the read waited behind the write holding the store"));
        assert_eq!(
            read.map(|i| i.name).ok().as_deref(),
            Some("東都大学"),
            "the read sees the last committed state, not the write in progress"
        );

        let _ = release.send(());
        let written = write
            .join()
            .unwrap_or_else(|_| panic!("the write panicked"));
        assert!(written.is_ok(), "{written:?}");
        let after = block_on(state.read(portfolio::get_institution));
        assert_eq!(
            after.map(|i| i.name).ok().as_deref(),
            Some("東都大学（改称）"),
            "once committed, the next read (on a reader connection) sees the write"
        );
    }
}
