//! The IPC surface: one file per area, each command one delegation to chizai-core.
//!
//! All commands are listed in the one `generate_handler!` in `lib.rs`. A command parses its input,
//! calls one core function and converts the error; it holds no SQL and makes no decision. Every
//! command on the store is `async` and does its work through [`crate::state::AppState`], which runs
//! it on a blocking worker: Tauri runs a sync command on the main thread, which would freeze the
//! window for as long as the database takes.

pub mod activities;
pub mod agreements;
pub mod app;
pub mod audit;
pub mod dashboard;
pub mod database;
pub mod docket;
pub mod money;
pub mod policies;
pub mod portfolio;
pub mod reminders;
pub mod reports;
pub mod settings;
pub mod snapshots;
pub mod tasks;
pub mod transfer;
