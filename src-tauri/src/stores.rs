//! The open store and the connections that read beside it, shared with the worker threads that
//! commands run on.
//!
//! Every store command runs on a blocking worker (see [`crate::state::AppState`]), never on the
//! main thread, so the window keeps drawing whatever the database does. Writes (and the core
//! operations that manage their own transaction: import, snapshot, recompute) go through the one
//! store behind a `Mutex`: a queue of one writer is what SQLite allows anyway. Reads do not queue
//! behind them: each takes a reader connection of its own from a small idle list (opened on
//! demand, at most [`MAX_IDLE_READERS`] kept), so an import or snapshot in progress never blocks
//! browsing. On a file, WAL gives each read the last committed state without waiting for the
//! writer; on an office server a reader is a second session. An in-memory store, an auditor
//! snapshot and a reader that will not open fall back to reading through the store itself.
//!
//! A panic inside a command is caught where the lock (or the reader) is held and becomes an
//! `Internal` error; the lock is never left poisoned (a write that panicked was rolled back when
//! its transaction dropped), and a reader that saw a panic is dropped, not reused.

use std::path::PathBuf;
use std::sync::{Mutex, MutexGuard, PoisonError};

use chizai_core::error::CoreError;
use chizai_core::store::{Actor, Conn, Store, Write};

use crate::error::{CommandError, CommandResult, ErrorCode};
use crate::state::now;

/// Readers kept open between reads: the screens ask a few things at once (the dashboard's
/// panels); more are opened and closed as needed. Each keeps its page cache (up to 64 MiB on a
/// large portfolio), so few are kept.
pub const MAX_IDLE_READERS: usize = 2;

/// Where reader connections come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReadFrom {
    /// A live database file: readers are read-only connections to it (WAL).
    File(PathBuf),
    /// An office server: readers are sessions of their own on the same URL.
    Server(String),
    /// No second connection (in memory, an auditor snapshot, nothing open): read through the store.
    Store,
}

impl ReadFrom {
    /// Where the readers of `store` come from.
    pub fn of(store: &Store, server_url: Option<&str>) -> ReadFrom {
        if store.is_read_only() {
            return ReadFrom::Store;
        }
        match (store.path(), server_url) {
            (Some(path), _) => ReadFrom::File(path.to_path_buf()),
            (None, Some(url)) => ReadFrom::Server(url.to_owned()),
            (None, None) => ReadFrom::Store,
        }
    }

    fn open(&self) -> Option<CommandResult<Store>> {
        let opened = match self {
            ReadFrom::File(path) => Store::open_reader(path),
            ReadFrom::Server(url) => Store::open_server(url, now()),
            ReadFrom::Store => return None,
        };
        Some(opened.map_err(CommandError::from))
    }
}

#[derive(Debug)]
struct Readers {
    from: ReadFrom,
    idle: Vec<Store>,
    /// Bumped when the store is replaced: a reader checked out before goes back to no list.
    generation: u64,
}

/// Called with `true` when a write starts waiting for another writer's lock and with `false`
/// when it stops waiting (it got the lock, or gave up).
pub type WaitNotice = dyn Fn(bool) + Send + Sync;

/// The store, its readers and why it did not open.
pub struct Stores {
    store: Mutex<Option<Store>>,
    readers: Mutex<Readers>,
    start_error: Mutex<Option<CommandError>>,
    waiting: Mutex<Option<std::sync::Arc<WaitNotice>>>,
}

impl std::fmt::Debug for Stores {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Stores").finish_non_exhaustive()
    }
}

impl Stores {
    /// `store` opened (its readers come `from` there), or none and why.
    pub fn new(store: Result<Store, CommandError>, from: ReadFrom) -> Stores {
        let (store, start_error, from) = match store {
            Ok(store) => (Some(store), None, from),
            Err(err) => (None, Some(err), ReadFrom::Store),
        };
        Stores {
            store: Mutex::new(store),
            readers: Mutex::new(Readers {
                from,
                idle: Vec::new(),
                generation: 0,
            }),
            start_error: Mutex::new(start_error),
            waiting: Mutex::new(None),
        }
    }

    /// Why the database did not open, while it is not open.
    pub fn start_error(&self) -> Option<CommandError> {
        relock(&self.start_error).clone()
    }

    /// Has every write tell `notice` when it starts and stops waiting for another writer.
    pub fn on_wait(&self, notice: std::sync::Arc<WaitNotice>) {
        *relock(&self.waiting) = Some(notice);
    }

    /// Runs a read on a reader connection of its own (or through the store, see the module).
    pub fn read<T>(&self, f: impl FnOnce(&Conn) -> Result<T, CoreError>) -> CommandResult<T> {
        let Some((reader, generation)) = self.check_out() else {
            let store = self.lock();
            let store = self.opened(&store)?;
            return Ok(guarded(|| f(store.conn()))??);
        };
        let read = guarded(|| f(reader.conn()));
        if read.is_ok() {
            self.check_in(reader, generation);
        }
        Ok(read??)
    }

    /// Runs one audited write transaction as the desk's user (see [`Actor::from_env`]). `what`
    /// names the operation in the refusal an auditor snapshot gives (`ErrorCode::ReadOnly`).
    pub fn write<T>(
        &self,
        what: &str,
        f: impl FnOnce(&mut Write<'_>) -> Result<T, CoreError>,
    ) -> CommandResult<T> {
        self.with_store(|store| store.write(&Actor::from_env(), now(), what, f))
    }

    /// Runs `f` with the store itself, for core operations that manage their own transaction
    /// (import, snapshot creation, recompute). They refuse on a read-only store themselves.
    /// While `f` waits for another writer's lock, the wait notice (see [`Stores::on_wait`]) hears.
    pub fn with_store<T, E>(&self, f: impl FnOnce(&mut Store) -> Result<T, E>) -> CommandResult<T>
    where
        CommandError: From<E>,
    {
        let waiting = relock(&self.waiting).clone();
        let mut store = self.lock();
        let store = self.opened_mut(&mut store)?;
        store.on_wait(waiting.map(|notice| move |w: bool| notice(w)));
        let done = guarded(|| f(store));
        store.on_wait(None::<fn(bool)>);
        Ok(done??)
    }

    /// Runs a long read (a report, an export) on a connection of its own to the same file, so
    /// the store's lock is held only to learn which file is open and other commands go on
    /// meanwhile; the idle readers stay free for the screens. An in-memory store is read under
    /// the lock.
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
    /// and gives back the one it replaced. The readers of the old one are closed.
    pub fn replace_store(&self, store: Store, from: ReadFrom) -> CommandResult<Store> {
        let mut current = self.lock();
        let current = self.opened_mut(&mut current)?;
        let mut readers = relock(&self.readers);
        readers.idle.clear();
        readers.generation += 1;
        readers.from = from;
        Ok(std::mem::replace(current, store))
    }

    /// Opens `store` where none was open (the start screen made the database): the start error
    /// goes and every command works from now on.
    pub fn put_store(&self, store: Store, from: ReadFrom) -> CommandResult<()> {
        let mut current = self.lock();
        if current.is_some() {
            return Err(CommandError::new(
                ErrorCode::Conflict,
                "a database is already open in this window",
            ));
        }
        *current = Some(store);
        let mut readers = relock(&self.readers);
        readers.generation += 1;
        readers.from = from;
        *relock(&self.start_error) = None;
        Ok(())
    }

    /// A reader from the idle list, or a new one; `None` when reads go through the store.
    fn check_out(&self) -> Option<(Store, u64)> {
        let (from, generation) = {
            let mut readers = relock(&self.readers);
            if let Some(reader) = readers.idle.pop() {
                return Some((reader, readers.generation));
            }
            (readers.from.clone(), readers.generation)
        };
        match from.open()? {
            Ok(reader) => Some((reader, generation)),
            Err(err) => {
                // Reading through the store still works; only the concurrency is lost.
                eprintln!(
                    "chizai-desktop: a reader did not open, reading through the store: {}",
                    err.message
                );
                None
            }
        }
    }

    fn check_in(&self, reader: Store, generation: u64) {
        let mut readers = relock(&self.readers);
        if readers.generation == generation && readers.idle.len() < MAX_IDLE_READERS {
            readers.idle.push(reader);
        }
    }

    /// The store, even after a panic elsewhere: a write that panicked was rolled back when its
    /// transaction dropped, so what the lock guards is consistent.
    fn lock(&self) -> MutexGuard<'_, Option<Store>> {
        relock(&self.store)
    }

    /// The open store, or why there is none (the start error).
    fn opened<'a>(&self, store: &'a Option<Store>) -> CommandResult<&'a Store> {
        store.as_ref().ok_or_else(|| self.not_open())
    }

    fn opened_mut<'a>(&self, store: &'a mut Option<Store>) -> CommandResult<&'a mut Store> {
        store.as_mut().ok_or_else(|| self.not_open())
    }

    fn not_open(&self) -> CommandError {
        self.start_error().unwrap_or_else(|| {
            CommandError::new(
                ErrorCode::Internal,
                "the database is not open: restart Chizai",
            )
        })
    }
}

/// A lock whatever an earlier panic did: everything these guard is consistent between commands.
fn relock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
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

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::{mpsc, Arc};
    use std::time::Duration;

    use chizai_core::portfolio::{self, Institution};

    fn rename(stores: &Stores, name: &str) -> CommandResult<()> {
        let institution = Institution {
            name: name.into(),
            name_en: None,
            vice_president: None,
        };
        stores.write("test", |w| portfolio::set_institution(w, &institution))
    }

    #[test]
    fn a_write_behind_another_writer_says_it_waits_and_then_lands() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let path = dir.path().join("chizai.sqlite");
        let store = Store::open(&path, now()).unwrap_or_else(|e| panic!("{e}"));
        let stores = Arc::new(Stores::new(Ok(store), ReadFrom::File(path.clone())));
        let (heard, notices) = mpsc::channel();
        stores.on_wait(Arc::new(move |waiting| {
            let _ = heard.send(waiting);
        }));
        rename(&stores, "東都大学").unwrap_or_else(|e| panic!("{e:?}"));
        assert!(
            notices.try_recv().is_err(),
            "a write that meets no other writer says nothing"
        );

        // Another program's writer (a connection of its own) holds the lock until told.
        let other = rusqlite::Connection::open(&path).unwrap_or_else(|e| panic!("{e}"));
        other
            .execute_batch("BEGIN IMMEDIATE")
            .unwrap_or_else(|e| panic!("{e}"));
        let writer = Arc::clone(&stores);
        let write = std::thread::spawn(move || rename(&writer, "東都大学（改称）"));
        assert_eq!(
            notices.recv_timeout(Duration::from_secs(30)).ok(),
            Some(true),
            "the write, finding the lock held, says that it waits"
        );
        other
            .execute_batch("COMMIT")
            .unwrap_or_else(|e| panic!("{e}"));
        let written = write
            .join()
            .unwrap_or_else(|_| panic!("the write panicked"));
        assert!(
            written.is_ok(),
            "the write went ahead once the lock was free: {written:?}"
        );
        assert_eq!(
            notices.recv_timeout(Duration::from_secs(30)).ok(),
            Some(false),
            "and says it stopped waiting"
        );
        let name = stores.read(portfolio::get_institution).map(|i| i.name);
        assert_eq!(name.ok().as_deref(), Some("東都大学（改称）"));
    }

    #[test]
    fn a_lock_held_past_the_wait_fails_busy_and_the_wait_notice_ends() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let path = dir.path().join("chizai.sqlite");
        let mut store = Store::open(&path, now()).unwrap_or_else(|e| panic!("{e}"));
        // Longer than the second before the notice, short for a test.
        store
            .set_busy_wait(Duration::from_secs(2))
            .unwrap_or_else(|e| panic!("{e}"));
        let stores = Stores::new(Ok(store), ReadFrom::File(path.clone()));
        let (heard, notices) = mpsc::channel();
        stores.on_wait(Arc::new(move |waiting| {
            let _ = heard.send(waiting);
        }));
        let other = rusqlite::Connection::open(&path).unwrap_or_else(|e| panic!("{e}"));
        other
            .execute_batch("BEGIN IMMEDIATE")
            .unwrap_or_else(|e| panic!("{e}"));
        let failed = rename(&stores, "東都大学");
        assert_eq!(
            failed.as_ref().err().map(|e| e.code),
            Some(ErrorCode::Busy),
            "its own code, not a storage error: {failed:?}"
        );
        let said: Vec<bool> = notices.try_iter().collect();
        assert_eq!(
            said,
            [true, false],
            "the window heard the wait begin and end, so the banner does not stay"
        );
        other
            .execute_batch("ROLLBACK")
            .unwrap_or_else(|e| panic!("{e}"));
        assert!(
            rename(&stores, "東都大学").is_ok(),
            "with the lock free the next write goes ahead"
        );
    }
}
