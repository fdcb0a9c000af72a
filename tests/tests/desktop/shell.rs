//! The desk itself: it opens in Japanese on the dashboard, every screen is reachable from the
//! navigation, language and calendar switch, and the keyboard works without a mouse.

use crate::harness::{artifacts_dir, with_desk, Db};

const NAV_JA: [&str; 13] = [
    "ダッシュボード",
    "期限管理",
    "案件",
    "発明届出",
    "契約",
    "規程",
    "産学連携活動",
    "収入・補償",
    "帳票",
    "取込・出力",
    "監査",
    "設定",
    "監査ログ",
];

#[test]
fn opens_in_japanese_and_every_screen_is_reachable() {
    with_desk("shell", Db::Demo, |desk| async move {
        let nav = desk.texts("nav a[data-nav]").await;
        assert_eq!(
            nav, NAV_JA,
            "the navigation lists the 13 areas, in Japanese by default"
        );
        assert_eq!(
            desk.js("return document.documentElement.lang").await,
            "ja",
            "the document is labelled Japanese so WebKit picks Japanese glyph forms"
        );
        let font = desk
            .js("return getComputedStyle(document.body).fontFamily")
            .await;
        assert!(
            font.as_str().unwrap_or_default().contains("BIZ UDGothic"),
            "the shipped UI font is used, got {font}"
        );
        desk.screenshot("01-dashboard").await;
        let screens: Vec<String> = desk
            .js("return [...document.querySelectorAll('nav a[data-nav]')].map(a => a.dataset.nav)")
            .await
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|v| v.as_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default();
        assert_eq!(screens.len(), 13, "one nav link per screen");
        for (i, screen) in screens.iter().enumerate() {
            desk.find(&format!("nav a[data-nav={screen}]"))
                .await
                .click()
                .await
                .unwrap();
            desk.until(
                &format!("document.querySelector('main').dataset.screen === '{screen}'"),
                &format!("clicking {screen} in the navigation shows that screen"),
            )
            .await;
            let heading = desk.find("main h1").await.text().await.unwrap();
            assert_eq!(heading, NAV_JA[i], "screen {screen} shows its own title");
            desk.screenshot(&format!("{:02}-{screen}", i + 2)).await;
        }

        let rss = desk.rss_kb();
        let figures = serde_json::json!({
            "cold_start_ms": desk.cold_start.as_millis(),
            "rss_kb": rss,
        });
        eprintln!("desktop figures (debug build, demo database already made): {figures}");
        std::fs::write(artifacts_dir().join("figures.json"), figures.to_string()).unwrap();
        desk
    });
}

#[test]
fn language_and_calendar_switch() {
    with_desk("switch", Db::Fresh, |desk| async move {
        desk.find("[data-testid=lang-en]")
            .await
            .click()
            .await
            .unwrap();
        desk.until(
            "document.querySelector('nav a[data-nav=docket]').textContent === 'Docket'",
            "English labels after the switch",
        )
        .await;
        assert_eq!(desk.js("return document.documentElement.lang").await, "en");
        desk.find("[data-testid=calendar-wareki]")
            .await
            .click()
            .await
            .unwrap();
        desk.until(
            "new RegExp('Reiwa [0-9]+/[0-9]{2}/[0-9]{2}').test(document.querySelector('[data-testid=dashboard]').textContent)",
            "an era date in English after choosing the Japanese calendar",
        )
        .await;
        desk.screenshot("english-wareki").await;
        desk.find("[data-testid=lang-ja]")
            .await
            .click()
            .await
            .unwrap();
        desk.until(
            "new RegExp('令和(元|[0-9]+)年[0-9]+月[0-9]+日').test(document.querySelector('[data-testid=dashboard]').textContent)",
            "back in Japanese, the date reads 令和N年M月D日",
        )
        .await;
        let nav = desk.texts("nav a[data-nav]").await;
        assert_eq!(nav, NAV_JA, "switching back restores every Japanese label");
        // 令和8年12月11日 is five full-width characters longer than 2026/12/11: every day in the
        // dashboard's deadline lists still fits its cell (it was clipped).
        let days = desk
            .js("const d = [...document.querySelectorAll('[data-testid=dashboard] .due')]; \
                 return { n: d.length, clipped: d.filter((e) => e.scrollWidth > e.clientWidth + 1).map((e) => e.textContent) };")
            .await;
        assert!(
            days["n"].as_u64().unwrap_or(0) > 0,
            "the demo's dashboard lists deadlines: {days}"
        );
        assert_eq!(
            days["clipped"].as_array().map(Vec::len),
            Some(0),
            "no 和暦 day is clipped: {days}"
        );
        desk.screenshot("japanese-wareki").await;
        desk
    });
}

#[test]
fn keyboard_slash_searches_escape_leaves_arrows_move() {
    with_desk("keyboard", Db::Fresh, |desk| async move {
        desk.press('/').await;
        desk.until(
            "document.activeElement && document.activeElement.id === 'global-search'",
            "`/` focuses the search field",
        )
        .await;
        desk.press('\u{E00C}').await; // Escape
        desk.until(
            "document.activeElement === document.body",
            "Esc leaves the search field",
        )
        .await;
        desk.find("nav a[data-nav=dashboard]").await;
        desk.js("document.querySelector('nav a[data-nav=dashboard]').focus()")
            .await;
        desk.press('\u{E015}').await; // ArrowDown
        desk.until(
            "document.activeElement.dataset.nav === 'docket'",
            "↓ in the navigation moves to the next screen",
        )
        .await;
        desk.press('\u{E007}').await; // Enter
        desk.until(
            "document.querySelector('main').dataset.screen === 'docket'",
            "Enter on a navigation link opens its screen",
        )
        .await;
        let outline = desk
            .js("return getComputedStyle(document.activeElement).outlineStyle")
            .await;
        assert_eq!(outline, "solid", "keyboard focus is visible");
        desk
    });
}
