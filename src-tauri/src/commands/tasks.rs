//! Long work: a task runs on a worker thread, reports progress through the channel the UI passed
//! in, and stops when the UI calls [`cancel_task`] with its id.
//!
//! The UI names each task (`task_id`) before it asks, so it can cancel before the answer comes.
//! The registry holds one cancel flag per running task; the core's [`Progress`] checks it at every
//! step and the task's transaction or temporary file is dropped, so a cancelled task leaves
//! nothing. Progress messages are thinned to one per 50 ms (a register walks thousands of rows)
//! but the first and the last are always sent.
//!
//! The registry also remembers the files tasks wrote this session: `open_output` opens only those,
//! so the webview cannot make the shell open an arbitrary path.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use chizai_core::progress::Progress;
use serde::Serialize;
use tauri::ipc::Channel;
use tauri::{AppHandle, Manager, State};
use ts_rs::TS;

use crate::error::{CommandError, CommandResult, ErrorCode};
use crate::state::AppState;

/// One progress message: `done` of `total` units (rows, sections, bytes: the task decides).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
pub struct ProgressEvent {
    /// Units finished.
    pub done: u64,
    /// Units in all.
    pub total: u64,
}

const THROTTLE: Duration = Duration::from_millis(50);

/// The running tasks' cancel flags and the files written this session.
#[derive(Debug, Default)]
pub struct Tasks {
    running: Mutex<HashMap<String, Arc<AtomicBool>>>,
    written: Mutex<HashSet<PathBuf>>,
}

impl Tasks {
    /// Registers `id` and returns its cancel flag; a second task under a running id is refused.
    fn start(&self, id: &str) -> CommandResult<Arc<AtomicBool>> {
        let mut running = self.running.lock().map_err(|_| poisoned())?;
        if running.contains_key(id) {
            return Err(CommandError::new(
                ErrorCode::Conflict,
                format!("a task named {id:?} is already running"),
            ));
        }
        let flag = Arc::new(AtomicBool::new(false));
        running.insert(id.to_owned(), Arc::clone(&flag));
        Ok(flag)
    }

    fn finish(&self, id: &str) {
        if let Ok(mut running) = self.running.lock() {
            running.remove(id);
        }
    }

    /// Raises the flag of `id`; false when no such task is running (it already ended).
    fn cancel(&self, id: &str) -> bool {
        self.running
            .lock()
            .ok()
            .and_then(|running| running.get(id).map(|f| f.store(true, Ordering::Relaxed)))
            .is_some()
    }

    /// Remembers that this session wrote `path` (a report, an export).
    pub fn remember(&self, path: &Path) {
        if let Ok(mut written) = self.written.lock() {
            written.insert(path.to_path_buf());
        }
    }

    /// Whether this session wrote `path`.
    pub fn wrote(&self, path: &Path) -> bool {
        self.written
            .lock()
            .map(|w| w.contains(path))
            .unwrap_or(false)
    }
}

/// Runs `work` on a blocking worker thread with a [`Progress`] that reports to `channel` and is
/// cancelled by [`cancel_task`]`(task_id)`.
pub async fn run<T, F>(
    app: AppHandle,
    task_id: String,
    channel: Channel<ProgressEvent>,
    work: F,
) -> CommandResult<T>
where
    T: Send + 'static,
    F: FnOnce(&AppState, &Tasks, &mut Progress<'_>) -> CommandResult<T> + Send + 'static,
{
    let flag = app.state::<Tasks>().start(&task_id)?;
    let worker = app.clone();
    let joined = tauri::async_runtime::spawn_blocking(move || {
        let (state, tasks) = (worker.state::<AppState>(), worker.state::<Tasks>());
        let mut last: Option<Instant> = None;
        let mut progress = Progress::new(|done, total| {
            let due = last.is_none_or(|t| t.elapsed() >= THROTTLE) || done >= total;
            if due {
                last = Some(Instant::now());
                // A closed window drops the channel; the task goes on to its end regardless.
                let _ = channel.send(ProgressEvent {
                    done: done as u64,
                    total: total as u64,
                });
            }
        })
        .cancelled_by(&flag);
        work(&state, &tasks, &mut progress)
    })
    .await;
    app.state::<Tasks>().finish(&task_id);
    joined.map_err(|e| {
        CommandError::new(
            ErrorCode::Internal,
            format!("the task stopped abnormally: {e}"),
        )
    })?
}

/// Asks the running task `task_id` to stop; returns false when it had already ended.
#[tauri::command]
pub fn cancel_task(tasks: State<'_, Tasks>, task_id: String) -> bool {
    tasks.cancel(&task_id)
}

fn poisoned() -> CommandError {
    CommandError::new(
        ErrorCode::Internal,
        "the task registry was poisoned by an earlier failure",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cancel_raises_the_running_tasks_flag_only() {
        let tasks = Tasks::default();
        let a = tasks.start("a").unwrap();
        let b = tasks.start("b").unwrap();
        assert!(tasks.cancel("a"));
        assert!(a.load(Ordering::Relaxed));
        assert!(!b.load(Ordering::Relaxed), "b keeps running");
        tasks.finish("a");
        assert!(!tasks.cancel("a"), "a finished task cannot be cancelled");
    }

    #[test]
    fn a_running_id_cannot_be_reused_until_it_ends() {
        let tasks = Tasks::default();
        let _first = tasks.start("t").unwrap();
        assert_eq!(tasks.start("t").unwrap_err().code, ErrorCode::Conflict);
        tasks.finish("t");
        let again = tasks.start("t").unwrap();
        assert!(
            !again.load(Ordering::Relaxed),
            "a new task starts uncancelled"
        );
    }

    #[test]
    fn only_files_written_this_session_are_known() {
        let tasks = Tasks::default();
        tasks.remember(Path::new("/tmp/board.pdf"));
        assert!(tasks.wrote(Path::new("/tmp/board.pdf")));
        assert!(!tasks.wrote(Path::new("/etc/passwd")));
    }
}
