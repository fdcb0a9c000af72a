//! chizai-core: the whole of Chizai that is not a window or a terminal.
//!
//! Domain types, the SQLite store with its audit trail, the deadline rules engine,
//! reports and snapshots. The desktop shell (`src-tauri`) and the CLI (`chizai`) are two
//! thin faces over this crate; neither holds SQL, rules or business decisions.
//!
//! Time is always passed in (`today`, `as_of`, `now`): nothing here reads the clock
//! except the outermost callers.

// The report's sample inputs (`report/sample.rs`) are compiled into the unit tests here and, by
// path, into the benchmark and the example, which see this crate as `chizai_core`: naming the
// crate that way from inside too lets the one file serve all three.
extern crate self as chizai_core;

pub mod activities;
pub mod agreements;
pub mod atomic;
pub mod attachments;
pub mod deadlines;
pub mod demo;
pub mod docket;
pub mod domain;
pub mod era;
pub mod error;
pub mod exchange;
pub mod export;
pub mod horizons;
pub mod import;
pub mod kpi;
pub mod money;
pub mod numbers;
pub mod office;
pub mod paths;
pub mod policies;
pub mod portfolio;
pub mod progress;
pub mod remind;
pub mod report;
pub mod search;
pub mod secrets;
pub mod settings;
pub mod snapshot;
pub mod store;
