//! The agreement form as a licensing officer fills it (issue 18): the terms asked are those of
//! the agreement's kind, what it covers is added by reference (an unknown one said beside the
//! box), and milestones and reporting duties are edited as rows — all saved and shown in the
//! detail, where an assignment shows no royalty and a licence no research fund.

use serde_json::json;

use crate::harness::{with_desk, Db, Desk};
use crate::records::set;

/// Clicks a button of the long form, scrolled to the middle first (the sticky save bar would
/// otherwise cover a button at the bottom edge, as it covers nothing a person aims at).
async fn click(desk: &Desk, css: &str) {
    let el = desk.find(css).await;
    desk.js(&format!(
        "document.querySelector({css:?}).scrollIntoView({{block: 'center'}}); return true;"
    ))
    .await;
    el.click().await.unwrap();
}

async fn present(desk: &Desk, css: &str) -> bool {
    desk.js(&format!("return !!document.querySelector({css:?})"))
        .await
        == json!(true)
}

#[test]
fn a_licence_with_what_it_covers_milestones_and_reports() {
    with_desk("agreement-form", Db::Demo, |desk| async move {
        // An application of the demo to license, as the office would read it off its register.
        let reference = desk
            .js("return window.__TAURI_INTERNALS__.invoke('list_applications', { query: { office: 'JP', status: 'granted', limit: 1 } }) \
                 .then(p => p.rows[0].reference)")
            .await;
        let reference = reference.as_str().expect("a demo application").to_owned();

        desk.find("nav a[data-nav=agreements]")
            .await
            .click()
            .await
            .unwrap();
        click(&desk, "[data-testid=agreement-new]").await;
        desk.find("[data-testid=agreement-form]").await;

        // The kind decides the terms asked: research has its fund, a licence its royalty.
        set(&desk, "[data-testid=f-kind]", "joint_research").await;
        assert!(present(&desk, "[data-testid=f-funding]").await);
        assert!(
            !present(&desk, "[data-testid=f-rate]").await,
            "no royalty on research"
        );
        set(&desk, "[data-testid=f-kind]", "licence_non_exclusive").await;
        assert!(present(&desk, "[data-testid=f-rate]").await);
        assert!(
            !present(&desk, "[data-testid=f-funding]").await,
            "no research fund on a licence"
        );

        set(&desk, "[data-testid=f-number]", "LIC-E2E-001").await;
        set(
            &desk,
            "[data-testid=f-title]",
            "センサー技術の非独占的実施許諾契約",
        )
        .await;
        set(&desk, "[data-testid=f-effective_on]", "2026-04-01").await;
        set(&desk, "[data-testid=f-expires_on]", "2031-03-31").await;
        set(&desk, "[data-testid=f-rate]", "3.5").await;
        let org = desk
            .js("return document.querySelector('[data-testid=f-party-org]').options[1].value")
            .await;
        set(&desk, "[data-testid=f-party-org]", org.as_str().unwrap()).await;
        set(&desk, "[data-testid=f-party-role]", "licensee").await;

        // Covered: an unknown reference is said beside the box; the real one is added, labelled.
        set(&desk, "[data-testid=f-link-text]", "TT9999-99999-XX").await;
        click(&desk, "[data-testid=f-link-add]").await;
        let said = desk
            .find("[data-testid=f-link-error]")
            .await
            .text()
            .await
            .unwrap();
        assert!(
            said.contains("TT9999-99999-XX"),
            "the box says what was not found: {said}"
        );
        set(&desk, "[data-testid=f-link-text]", &reference).await;
        click(&desk, "[data-testid=f-link-add]").await;
        desk.until(
            &format!(
                "[...document.querySelectorAll('[data-testid=f-link]')].some(e => e.textContent.includes({reference:?}))"
            ),
            "the application is listed as covered, with its reference",
        )
        .await;

        // A milestone and a reporting duty, as rows.
        click(&desk, "[data-testid=f-milestone-add]").await;
        set(&desk, "[data-testid=f-milestone-what]", "製品上市時").await;
        set(&desk, "[data-testid=f-milestone-amount]", "5,000,000").await;
        click(&desk, "[data-testid=f-report-add]").await;
        set(&desk, "[data-testid=f-report-what]", "実施状況報告").await;
        set(&desk, "[data-testid=f-report-every]", "6").await;
        set(&desk, "[data-testid=f-report-first]", "2026-09-30").await;
        desk.screenshot("filled").await;
        click(&desk, "[data-testid=f-save]").await;
        desk.until(
            "/^#\\/agreements\\/\\d+$/.test(location.hash) && document.querySelector('[data-testid=agreement-detail]')",
            "the new licence opens",
        )
        .await;
        let detail = desk
            .find("[data-testid=agreement-detail]")
            .await
            .text()
            .await
            .unwrap();
        assert!(
            detail.contains(&reference),
            "the covered application is listed: {detail}"
        );
        assert!(
            detail.contains("製品上市時") && detail.contains("¥5,000,000"),
            "the milestone: {detail}"
        );
        assert!(
            detail.contains("実施状況報告") && detail.contains("6か月ごと"),
            "the reporting duty: {detail}"
        );
        assert!(
            !detail.contains("研究費"),
            "no research fund line on a licence: {detail}"
        );
        desk.screenshot("detail").await;

        // The reporting duty is on the docket's obligations of the agreement.
        assert!(
            desk.js("return [...document.querySelectorAll('[data-testid=agreement-detail] td')].some(e => e.textContent.includes('2026/09/30'))")
                .await
                == json!(true)
                || detail.contains("2026/09/30"),
            "the first report is due 2026/09/30: {detail}"
        );
        desk
    });
}
