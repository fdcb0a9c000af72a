//! A snapshot taken at the desk when the institution's signing key is sealed by a passphrase
//! (`chizai key seal`, issue 14): the form asks for the passphrase, a wrong one writes nothing,
//! the right one signs.

use crate::harness::{target_debug, with_desk, Db, Desk};

const PASSPHRASE: &str = "東都大学 知財本部 2026";

async fn snapshot_files(desk: &Desk) -> usize {
    let listed = desk
        .js("return window.__TAURI_INTERNALS__.invoke('list_snapshots', {}).then((l) => l.length);")
        .await;
    listed.as_u64().unwrap_or(0) as usize
}

async fn create(desk: &Desk) {
    desk.find("[data-testid=snapshot-create]")
        .await
        .click()
        .await
        .unwrap();
}

#[test]
fn the_snapshot_form_asks_for_the_passphrase_of_a_sealed_key() {
    with_desk("sealed_key", Db::Demo, |desk| async move {
        let info = desk
            .js("return window.__TAURI_INTERNALS__.invoke('app_info', {});")
            .await;
        let db = info["db_path"]
            .as_str()
            .expect("app_info gives the database");
        let sealed = std::process::Command::new(target_debug().join("chizai"))
            .args(["--db", db, "key", "seal"])
            .env("CHIZAI_KEY_NEW_PASSPHRASE", PASSPHRASE)
            .env_remove("CHIZAI_KEY_PASSPHRASE")
            .output()
            .unwrap();
        assert!(
            sealed.status.success(),
            "{}",
            String::from_utf8_lossy(&sealed.stderr)
        );

        desk.find("nav a[data-nav=snapshots]")
            .await
            .click()
            .await
            .unwrap();
        desk.find("[data-testid=snapshots]").await;
        assert_eq!(snapshot_files(&desk).await, 0);
        create(&desk).await;
        let field = desk.find("[data-testid=snapshot-passphrase]").await;
        desk.find("[data-testid=snapshot-passphrase-hint]").await;
        assert_eq!(snapshot_files(&desk).await, 0, "nothing written without it");

        field.send_keys("東都大学 知財本部 2025").await.unwrap();
        create(&desk).await;
        // The first refusal said none was given; this one says the passphrase does not open it.
        desk.until(
            "document.querySelector('[data-testid=task]')?.textContent.includes('does not open')",
            "the wrong passphrase is refused",
        )
        .await;
        assert_eq!(
            snapshot_files(&desk).await,
            0,
            "nothing written with a wrong one"
        );
        desk.screenshot("snapshot-passphrase").await;

        field.clear().await.unwrap();
        field.send_keys(PASSPHRASE).await.unwrap();
        create(&desk).await;
        desk.find("[data-testid=snapshot-created]").await;
        assert_eq!(snapshot_files(&desk).await, 1, "signed and listed");
        desk
    });
}
