//! Progress of long work (import, reports, snapshots, recompute) and how a person stops it.
//!
//! A long task calls [`Progress::step`] as it goes. The face decides what progress looks like (the
//! CLI prints to a terminal's stderr, the desktop sends a Tauri channel message) and may raise the
//! cancel flag from another thread; the next `step` then returns [`CoreError::Cancelled`], and the
//! task's one transaction rolls back, so a cancelled task leaves nothing written.

use std::sync::atomic::{AtomicBool, Ordering};

use crate::error::{CoreError, Result};

/// The observer and cancel switch handed to a long task.
pub struct Progress<'a> {
    report: Box<dyn FnMut(usize, usize) + 'a>,
    cancel: Option<&'a AtomicBool>,
}

impl std::fmt::Debug for Progress<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Progress")
            .field("cancellable", &self.cancel.is_some())
            .finish()
    }
}

impl<'a> Progress<'a> {
    /// Reports every step to `report(done, total)`.
    pub fn new(report: impl FnMut(usize, usize) + 'a) -> Self {
        Progress {
            report: Box::new(report),
            cancel: None,
        }
    }

    /// Reports nothing and cannot be cancelled: for tests, benchmarks and scripts.
    pub fn silent() -> Progress<'static> {
        Progress {
            report: Box::new(|_, _| {}),
            cancel: None,
        }
    }

    /// Stops the task at its next step once `flag` is set.
    pub fn cancelled_by(mut self, flag: &'a AtomicBool) -> Self {
        self.cancel = Some(flag);
        self
    }

    /// `done` of `total` units are finished. Fails with [`CoreError::Cancelled`] once the cancel
    /// flag is raised; the caller propagates it so the task's transaction rolls back.
    pub fn step(&mut self, done: usize, total: usize) -> Result<()> {
        (self.report)(done, total);
        if self.cancel.is_some_and(|flag| flag.load(Ordering::Relaxed)) {
            return Err(CoreError::Cancelled);
        }
        Ok(())
    }

    /// Reports `done` of `total` without checking the flag: for the last report of a task whose
    /// work is already complete (a file renamed into place), which a cancel can no longer undo.
    pub fn report(&mut self, done: usize, total: usize) {
        (self.report)(done, total);
    }

    /// Whether the cancel flag is raised: for the moment just before a task's commit point.
    pub fn is_cancelled(&self) -> bool {
        self.cancel.is_some_and(|flag| flag.load(Ordering::Relaxed))
    }

    /// The cancel flag, for work that must be interrupted from another thread (an SQLite
    /// statement through its interrupt handle).
    pub fn cancel_flag(&self) -> Option<&'a AtomicBool> {
        self.cancel
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reports_each_step_and_stops_once_cancelled() {
        let flag = AtomicBool::new(false);
        let mut seen = Vec::new();
        {
            let mut progress =
                Progress::new(|done, total| seen.push((done, total))).cancelled_by(&flag);
            assert!(progress.step(1, 3).is_ok());
            flag.store(true, Ordering::Relaxed);
            // The step that sees the flag still reports, then refuses to go on.
            assert!(matches!(progress.step(2, 3), Err(CoreError::Cancelled)));
        }
        assert_eq!(seen, vec![(1, 3), (2, 3)]);
    }
}
