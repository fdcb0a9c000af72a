//! The portfolio on the demo institution: a Japanese substring search narrows the list to titles
//! that contain it, Enter opens the detail with its history, Esc closes it.

use crate::harness::{with_desk, Db};

#[test]
fn japanese_substring_search_then_open_detail() {
    with_desk("portfolio", Db::Fresh, |desk| async move {
        desk.find("nav a[data-nav=portfolio]")
            .await
            .click()
            .await
            .unwrap();
        desk.until(
            "Number(document.querySelector('[data-testid=portfolio-total]').dataset.total) > 100",
            "the demo institution's applications are listed",
        )
        .await;
        let all: u64 = desk
            .js("return Number(document.querySelector('[data-testid=portfolio-total]').dataset.total)")
            .await
            .as_u64()
            .unwrap();
        desk.until(
            "document.querySelector('[data-testid=portfolio-list] .title')",
            "rows rendered",
        )
        .await;
        desk.screenshot("list").await;
        // A three-character run of kanji/kana from the middle of the first title: a substring that
        // is not at a word boundary, which only an n-gram (trigram) index finds.
        let needle = desk
            .js("const t = document.querySelector('[data-testid=portfolio-list] .title').textContent; \
                 const m = t.match(/[\\u3040-\\u30ff\\u4e00-\\u9fff]{4,}/); \
                 return m ? m[0].slice(1, 4) : t.slice(1, 4);")
            .await
            .as_str()
            .unwrap()
            .to_owned();
        let search = desk.find("[data-testid=portfolio-search]").await;
        search.send_keys(&needle).await.unwrap();
        desk.until(
            &format!(
                "(() => {{ const n = Number(document.querySelector('[data-testid=portfolio-total]').dataset.total); \
                 return n > 0 && n < {all}; }})()"
            ),
            "the search narrows the list",
        )
        .await;
        tokio::time::sleep(std::time::Duration::from_millis(300)).await;
        let titles: Vec<String> = desk
            .js("return [...document.querySelectorAll('[data-testid=portfolio-list] .title')].map(e => e.textContent)")
            .await
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|v| v.as_str().map(str::to_owned))
            .collect();
        assert!(!titles.is_empty(), "matching rows are shown");
        let ms = desk
            .js("return document.querySelector('[data-testid=portfolio-total]').dataset.ms")
            .await;
        eprintln!(
            "portfolio search for {needle:?}: {} of {all} rows, {ms} ms end to end",
            titles.len()
        );
        for title in &titles {
            assert!(
                title.contains(&needle),
                "every listed title contains the Japanese substring {needle:?}: {title}"
            );
        }
        desk.screenshot("search").await;

        desk.js("document.querySelector('[data-testid=portfolio-list]').focus()")
            .await;
        desk.press('\u{E007}').await; // Enter
        let title = desk
            .find("[data-testid=application-detail-title]")
            .await
            .text()
            .await
            .unwrap();
        assert!(
            !title.is_empty(),
            "the detail shows the application's title"
        );
        desk.until(
            "document.querySelector('[data-testid=detail-events]')",
            "the detail lists the application's history",
        )
        .await;
        desk.screenshot("detail").await;
        desk.js("document.activeElement.blur()").await;
        desk.press('\u{E00C}').await; // Escape
        desk.until(
            "!document.querySelector('[data-testid=application-detail]')",
            "Esc closes the detail",
        )
        .await;
        desk
    });
}
