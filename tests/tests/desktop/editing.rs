//! Editing at the desk: an application registered through the form (with the core's validation
//! message shown beside the inventors and then corrected), found by the search, retitled and seen
//! in the audit log; a disclosure received and decided; the unsaved-edits guard; the settings.

use crate::harness::{with_desk, Db, Desk};

/// Sets a text field or select as a person would leave it (input + change events, then blur).
async fn fill(desk: &Desk, css: &str, value: &str) {
    let script = format!(
        "const el = document.querySelector({css:?}); el.focus(); el.value = {value:?}; \
         el.dispatchEvent(new Event('input', {{bubbles: true}})); \
         el.dispatchEvent(new Event('change', {{bubbles: true}})); el.blur(); return true;",
        css = css,
        value = value
    );
    desk.find(css).await;
    desk.js(&script).await;
}

/// Picks the `n`th real option (after the placeholder) of the `i`th select matching `css`.
async fn choose(desk: &Desk, css: &str, i: usize, n: usize) {
    desk.js(&format!(
        "const el = document.querySelectorAll({css:?})[{i}]; el.value = el.options[{n} + 1].value; \
         el.dispatchEvent(new Event('change', {{bubbles: true}})); return true;"
    ))
    .await;
}

async fn nav(desk: &Desk, screen: &str) {
    desk.find(&format!("nav a[data-nav={screen}]"))
        .await
        .click()
        .await
        .unwrap();
}

/// Clicks `css` once it can take a click: right after a screen or form mounts, WebKit can report
/// the element not yet interactable (laid out but not painted); that is retried for up to 10 s.
async fn click(desk: &Desk, css: &str) {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    loop {
        match desk.find(css).await.click().await {
            Ok(_) => return,
            Err(fantoccini::error::CmdError::Standard(e))
                if e.error == fantoccini::error::ErrorStatus::ElementNotInteractable
                    && std::time::Instant::now() < deadline =>
            {
                tokio::time::sleep(std::time::Duration::from_millis(100)).await;
            }
            Err(e) => {
                desk.screenshot("click-failed").await;
                panic!("click {css}: {e:?}")
            }
        }
    }
}

const TITLE: &str = "自己組織化ナノ構造による高効率水素生成触媒";

#[test]
fn application_form_validates_inline_saves_and_is_audited() {
    with_desk("editing-application", Db::Demo, |desk| async move {
        nav(&desk, "portfolio").await;
        click(&desk, "[data-testid=application-new]").await;
        desk.until(
            "document.querySelectorAll('[data-testid=af-family] option, #af-family-ref').length > 0 \
             && document.querySelector('[data-testid=af-inventors-add]')",
            "the application form is open and its lists are loaded",
        )
        .await;
        fill(&desk, "[data-testid=af-reference]", "E2E-2025-001").await;
        fill(
            &desk,
            "[data-testid=af-number]",
            "特願２０２５－０９８７６５",
        )
        .await;
        desk.until(
            "(document.querySelector('[data-testid=af-number-shown]')?.textContent ?? '').includes('2025-098765')",
            "the number typed with full-width digits is shown back as the core stores it",
        )
        .await;
        fill(&desk, "[data-testid=af-filed]", "令和7年4月1日").await;
        desk.find("[data-testid=af-title]")
            .await
            .send_keys(TITLE)
            .await
            .unwrap();
        for _ in 0..2 {
            click(&desk, "[data-testid=af-inventors-add]").await;
        }
        desk.until(
            "document.querySelector('[data-testid=af-inventors-who]').options.length > 2",
            "people to choose from are loaded",
        )
        .await;
        choose(&desk, "[data-testid=af-inventors-who]", 0, 0).await;
        choose(&desk, "[data-testid=af-inventors-who]", 1, 1).await;
        desk.js(
            "const p = document.querySelectorAll('[data-testid=af-inventors-pct]'); \
                 for (const [el, v] of [[p[0], '60'], [p[1], '30']]) { el.value = v; \
                 el.dispatchEvent(new Event('input', {bubbles: true})); } return true;",
        )
        .await;
        click(&desk, "[data-testid=form-save]").await;
        desk.until(
            "document.querySelector('[data-testid=application-form] [data-error-for=inventors]')",
            "the core's inventor-share rule is shown beside the inventors",
        )
        .await;
        let message = desk
            .find("[data-testid=application-form] [data-error-for=inventors]")
            .await
            .text()
            .await
            .unwrap();
        assert!(
            message.contains("90 %") && message.contains("100 %"),
            "the inline message is the core's, naming the 90 % total: {message}"
        );
        assert!(
            desk.js("return !!document.querySelector('[data-testid=application-form]')")
                .await
                .as_bool()
                .unwrap(),
            "a refused save keeps the form and what was typed"
        );
        desk.screenshot("form-invalid").await;

        desk.js("const el = document.querySelectorAll('[data-testid=af-inventors-pct]')[1]; el.value = '40'; \
                 el.dispatchEvent(new Event('input', {bubbles: true})); return true;")
            .await;
        click(&desk, "[data-testid=form-save]").await;
        desk.until(
            "!document.querySelector('[data-testid=application-form]') && \
             document.querySelector('[data-testid=application-detail-title]')?.textContent === '自己組織化ナノ構造による高効率水素生成触媒'",
            "after the corrected save the new application's detail is shown",
        )
        .await;
        let inventors = desk.texts("[data-testid=detail-inventors] tr").await;
        assert_eq!(
            inventors.len(),
            2,
            "both inventors are recorded: {inventors:?}"
        );

        let search = desk.find("[data-testid=portfolio-search]").await;
        search.send_keys("ナノ構造による高効率").await.unwrap();
        desk.until(
            "[...document.querySelectorAll('[data-testid=portfolio-list] .title')].some(e => e.textContent === '自己組織化ナノ構造による高効率水素生成触媒')",
            "the new application is found by a Japanese substring of its title",
        )
        .await;

        click(&desk, "[data-testid=application-edit]").await;
        desk.until(
            "document.querySelector('[data-testid=af-title]')?.value === '自己組織化ナノ構造による高効率水素生成触媒'",
            "the edit form opens filled in",
        )
        .await;
        desk.screenshot("form-edit").await;
        fill(&desk, "[data-testid=af-title]", "改良型ナノ構造触媒").await;
        click(&desk, "[data-testid=form-save]").await;
        desk.until(
            "document.querySelector('[data-testid=application-detail-title]')?.textContent === '改良型ナノ構造触媒' \
             && !document.querySelector('[data-testid=application-form]')",
            "the detail shows the new title after the save",
        )
        .await;
        let id = desk.js("return location.hash.split('/')[2]").await;
        let id = id.as_str().unwrap().to_owned();

        nav(&desk, "audit").await;
        desk.until(
            "document.querySelector('[data-testid=audit-list] [role=option], [data-testid=audit-list] .row')",
            "the audit log lists entries",
        )
        .await;
        // The save writes the application's row and then recomputes its docket in the same
        // transaction (a 期限の再計算 row after it): the change is among the newest rows.
        let newest = desk
            .js(
                "return [...document.querySelectorAll('[data-testid=audit-list] [role=option]')] \
                 .slice(0, 5).map((r) => r.textContent).join('\\n');",
            )
            .await;
        let newest = newest.as_str().unwrap();
        let first = newest
            .lines()
            .find(|l| l.contains(&format!("案件 #{id}")))
            .unwrap_or(newest);
        assert!(
            first.contains(&format!("案件 #{id}"))
                && first.contains("更新")
                && first.contains("e2e"),
            "the newest audit entry is the title change, by the desk's user, in words \
             (案件 / 更新, not the stored codes application / update): {first}"
        );
        desk
    });
}

#[test]
fn disclosure_intake_then_succession_decision() {
    with_desk("editing-disclosure", Db::Demo, |desk| async move {
        nav(&desk, "disclosures").await;
        click(&desk, "[data-testid=disclosure-new]").await;
        desk.find("[data-testid=disclosure-form]").await;
        fill(&desk, "[data-testid=df-number]", "E2E-D-0001").await;
        fill(&desk, "[data-testid=df-received]", "R7.5.1").await;
        fill(
            &desk,
            "[data-testid=df-title]",
            "超音波を用いた非破壊検査装置",
        )
        .await;
        fill(&desk, "[data-testid=df-funding]", "科研費 25K00001").await;
        click(&desk, "[data-testid=df-inventors-add]").await;
        desk.until(
            "document.querySelector('[data-testid=df-inventors-who]').options.length > 1",
            "people to choose from are loaded",
        )
        .await;
        choose(&desk, "[data-testid=df-inventors-who]", 0, 2).await;
        fill(&desk, "[data-testid=df-inventors-pct]", "100").await;
        desk.screenshot("intake").await;
        click(&desk, "[data-testid=form-save]").await;
        desk.until(
            "!document.querySelector('[data-testid=disclosure-form]') && \
             document.querySelector('[data-testid=disclosure-detail] h2')?.textContent === '超音波を用いた非破壊検査装置'",
            "the received disclosure is shown",
        )
        .await;
        assert_eq!(
            desk.js("return document.querySelector('[data-testid=disclosure-succession]').dataset.succession")
                .await,
            "pending"
        );

        click(&desk, "[data-testid=disclosure-decide]").await;
        desk.find("[data-testid=decision-form]").await;
        fill(
            &desk,
            "[data-testid=df-evaluation]",
            "新規性あり。装置メーカー2社が関心。",
        )
        .await;
        click(&desk, "[data-testid=df-succession-succeeded]").await;
        // A decision without its date: the core refuses and says so beside the date.
        click(&desk, "[data-testid=form-save]").await;
        desk.until(
            "document.querySelector('[data-testid=decision-form] [data-error-for=succession_on]')",
            "the missing decision date is reported inline",
        )
        .await;
        fill(&desk, "[data-testid=df-succession-on]", "令和7年6月2日").await;
        fill(&desk, "[data-testid=df-reason]", "事業化の見込みが高い").await;
        desk.screenshot("decision").await;
        click(&desk, "[data-testid=form-save]").await;
        desk.until(
            "!document.querySelector('[data-testid=decision-form]') && \
             document.querySelector('[data-testid=disclosure-succession]')?.dataset.succession === 'succeeded'",
            "the succession decision is recorded",
        )
        .await;
        let shown = desk
            .find("[data-testid=disclosure-succession]")
            .await
            .text()
            .await
            .unwrap();
        assert!(shown.contains("承継") && shown.contains("2025"), "{shown}");
        desk.screenshot("decided").await;
        desk
    });
}

#[test]
fn unsaved_edits_guard_and_settings() {
    with_desk("editing-settings", Db::Demo, |desk| async move {
        nav(&desk, "settings").await;
        desk.until(
            "document.querySelector('[data-testid=institution-name]')?.value.length > 0",
            "the institution's name is shown",
        )
        .await;
        let fingerprint = desk
            .find("[data-testid=key-fingerprint]")
            .await
            .text()
            .await
            .unwrap();
        assert_eq!(
            fingerprint.split(' ').filter(|g| g.len() == 4).count(),
            16,
            "the signing key's SHA-256 fingerprint, in groups of four: {fingerprint}"
        );
        desk.until(
            "document.querySelectorAll('[data-testid=settings-closing] [data-office=EPO] tr').length > 3",
            "the EPO's closing days are listed",
        )
        .await;
        desk.until(
            "document.querySelectorAll('[data-testid=settings-closing] [data-office=KIPO] tr').length > 0 && \
             (Number(document.querySelector('[data-testid=closing-year]').value) > 2026 || \
              document.querySelectorAll('[data-testid=settings-closing] [data-office=CNIPA] [data-testid=closing-open-days] tr').length > 0)",
            "the KIPO's holidays and the CNIPA's moved working days (调休) are listed",
        )
        .await;
        desk.screenshot("settings").await;
        desk.js("document.querySelector('[data-office=CNIPA]').scrollIntoView()")
            .await;
        desk.screenshot("settings-cnipa").await;
        // メール通知: the demo's office manager and sender, no failed reminder (issue 16).
        desk.until(
            "document.querySelector('[data-testid=reminders-manager]')?.selectedOptions[0]?.textContent.includes('高橋 由美') && \
             document.querySelector('[data-testid=reminders-from]').value === 'chizai@example.ac.jp'",
            "the reminder settings show the demo's office manager and sender",
        )
        .await;
        assert!(
            desk.js("return !document.querySelector('[data-testid=reminders-failures]')")
                .await
                .as_bool()
                .unwrap_or(false),
            "no failed reminder is listed in a fresh demo"
        );
        desk.js("document.querySelector('[data-testid=settings-reminders]').scrollIntoView()")
            .await;
        desk.screenshot("settings-reminders").await;
        desk.js("document.querySelector('[data-testid=settings-staff]').scrollIntoView()")
            .await;
        desk.screenshot("settings-staff").await;

        // A dirty form holds the person back: stay, then discard.
        fill(
            &desk,
            "[data-testid=institution-name]",
            "国立大学法人 東都大学（変更中）",
        )
        .await;
        nav(&desk, "portfolio").await;
        desk.find("[data-testid=unsaved-dialog]").await;
        desk.screenshot("guard").await;
        click(&desk, "[data-testid=unsaved-stay]").await;
        desk.until(
            "!document.querySelector('[data-testid=unsaved-dialog]') && \
             document.querySelector('main').dataset.screen === 'settings' && location.hash === '#/settings'",
            "staying keeps the settings and what was typed",
        )
        .await;
        assert_eq!(
            desk.js("return document.querySelector('[data-testid=institution-name]').value")
                .await,
            "国立大学法人 東都大学（変更中）"
        );
        nav(&desk, "portfolio").await;
        click(&desk, "[data-testid=unsaved-discard]").await;
        desk.until(
            "document.querySelector('main').dataset.screen === 'portfolio'",
            "discarding leaves",
        )
        .await;

        // Esc on a dirty application form asks too; Cancel then discard closes it.
        click(&desk, "[data-testid=application-new]").await;
        fill(&desk, "[data-testid=af-title]", "書きかけ").await;
        desk.js("document.activeElement?.blur()").await;
        desk.press('\u{E00C}').await; // Escape
        desk.find("[data-testid=unsaved-dialog]").await;
        desk.press('\u{E00C}').await; // Escape answers "keep editing"
        desk.until(
            "!document.querySelector('[data-testid=unsaved-dialog]') && document.querySelector('[data-testid=application-form]')",
            "Esc in the dialog keeps the form",
        )
        .await;
        click(&desk, "[data-testid=form-cancel]").await;
        click(&desk, "[data-testid=unsaved-discard]").await;
        desk.until(
            "!document.querySelector('[data-testid=application-form]')",
            "discarding closes the form",
        )
        .await;

        // Nothing unsaved: the language switch (settings) needs no confirmation.
        nav(&desk, "settings").await;
        desk.until(
            "document.querySelector('main').dataset.screen === 'settings' && !document.querySelector('[data-testid=unsaved-dialog]')",
            "a clean desk navigates without asking",
        )
        .await;
        desk
    });
}
