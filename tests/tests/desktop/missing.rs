//! A database file this desk opened before and that is gone now is not silently replaced by the
//! demo: the window asks, and each answer it gives leads to a working desk on that file.

use std::time::Duration;

use fantoccini::Locator;

use crate::harness::{with_desk_until, Db, Desk, DASHBOARD_READY};
use crate::records::set;

const ASKS: &str = "[data-testid=start-missing]";

async fn until_dashboard(desk: &Desk) {
    desk.client
        .wait()
        .at_most(Duration::from_secs(60))
        .for_element(Locator::Css(DASHBOARD_READY))
        .await
        .unwrap_or_else(|e| panic!("the desk did not open on the new database: {e}"));
}

#[test]
fn a_missing_file_opened_before_is_asked_about_and_the_demo_made_on_request() {
    with_desk_until("missing-file", Db::Missing, &[], ASKS, |desk| async move {
        assert!(
            !desk.db.exists(),
            "nothing was created before the question was answered"
        );
        let text = desk.find(ASKS).await.text().await.unwrap();
        assert!(
            text.contains("データベースファイルが見つかりません")
                && text.contains(&desk.db.display().to_string()),
            "the screen says which file is missing: {text}"
        );
        for choice in ["missing-empty", "missing-demo", "missing-other"] {
            desk.find(&format!("[data-testid={choice}]")).await;
        }
        // The first screen painted: WebKit draws its text a moment after the web font is ready.
        desk.js("return document.fonts.ready.then(() => true)")
            .await;
        tokio::time::sleep(Duration::from_secs(2)).await;
        desk.screenshot("asks").await;
        desk.find("[data-testid=missing-demo]")
            .await
            .click()
            .await
            .unwrap();
        until_dashboard(&desk).await;
        assert!(desk.db.is_file(), "the demo was made where the file was");
        desk.screenshot("demo").await;
        desk
    });
}

#[test]
fn a_missing_file_can_be_replaced_by_an_empty_institution() {
    with_desk_until("missing-empty", Db::Missing, &[], ASKS, |desk| async move {
        set(
            &desk,
            "[data-testid=missing-institution]",
            "国立大学法人 北辰大学",
        )
        .await;
        desk.find("[data-testid=missing-empty]")
            .await
            .click()
            .await
            .unwrap();
        until_dashboard(&desk).await;
        let db = rusqlite::Connection::open(&desk.db).unwrap();
        let name: String = db
            .query_row("SELECT name FROM institution", [], |r| r.get(0))
            .unwrap();
        assert_eq!(
            name, "国立大学法人 北辰大学",
            "the institution typed on the start screen"
        );
        let applications: i64 = db
            .query_row("SELECT count(*) FROM application", [], |r| r.get(0))
            .unwrap();
        assert_eq!(applications, 0, "empty: none of the demo's applications");
        desk
    });
}
