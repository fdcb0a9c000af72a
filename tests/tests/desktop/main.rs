//! End-to-end tests of the desktop app: the real binary, the real WebKit, driven like a person.
//! See `harness.rs` for how the app is started and what is needed to run them.
#![allow(clippy::expect_used, clippy::unwrap_used)]

mod agreement_form;
mod audit;
mod audit_work;
mod busy;
mod docket;
mod editing;
mod harness;
mod missing;
#[path = "../common/pg.rs"]
mod pg;
mod plain_words;
mod portfolio;
mod records;
mod sealed_key;
mod server;
mod shell;
mod speed;
