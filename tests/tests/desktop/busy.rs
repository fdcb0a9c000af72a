//! Another writer at the desk's database (here this test's own connection, a process apart from
//! the app, holding `BEGIN IMMEDIATE`): a save waits for it with a line saying so — the window
//! meanwhile still answers reads — and lands once the lock is let go.

use serde_json::json;

use crate::harness::{with_desk, Db};
use crate::records::set;

const RENAMED: &str = "国立大学法人 東都大学（書込待ち試験）";

#[test]
fn a_save_behind_another_writer_shows_the_wait_and_then_lands() {
    with_desk("busy-writer", Db::Demo, |desk| async move {
        desk.find("nav a[data-nav=settings]")
            .await
            .click()
            .await
            .unwrap();
        desk.until(
            "document.querySelector('[data-testid=institution-name]')?.value.length > 0",
            "the institution's name is shown",
        )
        .await;
        let before = desk
            .js("return document.querySelector('[data-testid=institution-name]').value")
            .await;
        set(&desk, "[data-testid=institution-name]", RENAMED).await;

        let other = rusqlite::Connection::open(&desk.db).unwrap();
        other.execute_batch("BEGIN IMMEDIATE").unwrap();
        desk.find("[data-testid=institution-save]")
            .await
            .click()
            .await
            .unwrap();
        desk.until(
            "document.querySelector('[data-testid=writer-waiting]')",
            "the save, finding the lock held, says that it waits",
        )
        .await;
        let line = desk
            .find("[data-testid=writer-waiting]")
            .await
            .text()
            .await
            .unwrap();
        assert!(
            line.contains("別の利用者が書き込み中です。待っています…"),
            "the wait is said in plain Japanese: {line}"
        );
        desk.screenshot("waiting").await;

        // The waiting save holds the desk's store; a read still answers, on its own connection.
        let read = desk
            .js(
                "return window.__TAURI_INTERNALS__.invoke('get_institution') \
                 .then((ok) => ({ ok }), (err) => ({ err }));",
            )
            .await;
        assert_eq!(
            read["ok"]["name"], before,
            "a read answers while the save waits, with the last committed name: {read}"
        );
        assert!(
            desk.js("return !!document.querySelector('[data-testid=writer-waiting]')")
                .await
                == json!(true),
            "the other writer still holds the lock: the save is still waiting"
        );

        other.execute_batch("COMMIT").unwrap();
        desk.until(
            "!document.querySelector('[data-testid=writer-waiting]')",
            "the line goes once the save has the lock",
        )
        .await;
        desk.until(
            "document.querySelector('[data-testid=settings-institution] .ok')",
            "the save reports it was saved",
        )
        .await;
        let saved: String = other
            .query_row("SELECT name FROM institution", [], |r| r.get(0))
            .unwrap();
        assert_eq!(saved, RENAMED, "the save landed in the database");
        desk.screenshot("saved").await;
        desk
    });
}
