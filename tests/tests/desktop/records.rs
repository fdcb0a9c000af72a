//! The records screens on the demo institution: agreements (register, detail, a new agreement
//! through the form with an inline validation error corrected, the unsaved-edits guard, the audit
//! trail), policies ("in force on" an earlier date shows the earlier version; approving a draft),
//! collaboration activities per fiscal year, income and inventor compensation (mark paid).

use serde_json::json;

use crate::harness::{with_desk, Db, Desk};

/// Sets a form control's value the way typing or picking does (an `input` and a `change` event).
pub(crate) async fn set(desk: &Desk, css: &str, value: &str) {
    let script = format!(
        "const el = document.querySelector({css:?}); if (!el) return false; \
         el.value = {value:?}; el.dispatchEvent(new Event('input', {{bubbles: true}})); \
         el.dispatchEvent(new Event('change', {{bubbles: true}})); return true;",
        css = css,
        value = value
    );
    assert_eq!(
        desk.js(&script).await,
        json!(true),
        "no control matches `{css}`"
    );
    // A day field (DayInput) hands the text to the core and holds the ISO day it read in
    // `data-iso`: wait for it before the form is saved.
    let iso = value.len() == 10 && value.as_bytes()[4] == b'-' && value.as_bytes()[7] == b'-';
    if iso {
        desk.until(
            &format!(
                "(() => {{ const el = document.querySelector({css:?}); \
                 return !el.hasAttribute('data-iso') || el.dataset.iso === {value:?}; }})()"
            ),
            "the day field read the date",
        )
        .await;
    }
}

async fn strings(desk: &Desk, script: &str) -> Vec<String> {
    desk.js(script)
        .await
        .as_array()
        .cloned()
        .unwrap_or_default()
        .into_iter()
        .filter_map(|v| v.as_str().map(str::to_owned))
        .collect()
}

async fn nav(desk: &Desk, screen: &str) {
    desk.find(&format!("nav a[data-nav={screen}]"))
        .await
        .click()
        .await
        .unwrap();
    desk.until(
        &format!("document.querySelector('[data-testid={screen}][data-loaded=true]')"),
        &format!("the {screen} screen loaded"),
    )
    .await;
}

#[test]
fn agreement_created_through_the_form_after_an_inline_error() {
    with_desk("records-agreements", Db::Demo, |desk| async move {
        nav(&desk, "agreements").await;
        desk.until(
            "Number(document.querySelector('[data-testid=agreements-count]').dataset.count) > 10",
            "the demo's agreements are listed",
        )
        .await;
        desk.until(
            "document.querySelector('[data-testid=agreement-list] [data-col=number]')",
            "rows rendered",
        )
        .await;
        let numbers = strings(&desk, "return [...document.querySelectorAll('[data-testid=agreement-list] [data-col=number]')].map(e => e.textContent)").await;
        assert!(
            numbers
                .iter()
                .any(|n| n.starts_with("ASG-") || n.starts_with("CR-")),
            "demo agreement numbers are shown: {numbers:?}"
        );
        let parties = strings(&desk, "return [...document.querySelectorAll('[data-testid=agreement-list] [data-col=parties]')].map(e => e.textContent)").await;
        assert!(
            parties.iter().any(|p| p.contains("株式会社")),
            "counterparties are named: {parties:?}"
        );
        desk.screenshot("list").await;

        // The kind filter narrows the register to that kind.
        set(&desk, "[data-testid=filter-kind]", "joint_research").await;
        desk.until(
            "[...document.querySelectorAll('[data-testid=agreement-list] [data-col=kind]')].every(e => e.textContent === '共同研究契約') \
             && document.querySelectorAll('[data-testid=agreement-list] [data-col=kind]').length > 0",
            "only joint research agreements are listed",
        )
        .await;
        set(&desk, "[data-testid=filter-kind]", "").await;

        // Keyboard: focus the list, ↓ then Enter opens the second agreement; Esc closes it.
        desk.js("document.querySelector('[data-testid=agreement-list]').focus()")
            .await;
        desk.press('\u{E015}').await; // ArrowDown
        desk.press('\u{E007}').await; // Enter
        desk.find("[data-testid=agreement-detail]").await;
        let detail_parties = desk
            .find("[data-testid=detail-parties]")
            .await
            .text()
            .await
            .unwrap();
        assert!(
            !detail_parties.trim().is_empty(),
            "the detail names the parties"
        );
        desk.screenshot("detail").await;
        desk.js("document.activeElement.blur()").await;
        desk.press('\u{E00C}').await; // Escape
        desk.until(
            "!document.querySelector('[data-testid=agreement-detail]')",
            "Esc closes the detail",
        )
        .await;

        // A new agreement whose expiry is before its start: the core refuses, the form says so
        // beside the expiry date.
        desk.find("[data-testid=agreement-new]")
            .await
            .click()
            .await
            .unwrap();
        desk.find("[data-testid=agreement-form]").await;
        set(&desk, "[data-testid=f-number]", "JR-E2E-001").await;
        set(
            &desk,
            "[data-testid=f-title]",
            "「試験用センサー」共同研究契約",
        )
        .await;
        set(&desk, "[data-testid=f-kind]", "joint_research").await;
        set(&desk, "[data-testid=f-effective_on]", "2026-04-01").await;
        set(&desk, "[data-testid=f-expires_on]", "2025-03-31").await;
        set(&desk, "[data-testid=f-funding]", "3,000,000").await;
        let partner = desk
            .js("return document.querySelector('[data-testid=f-party-org]').options[1].value")
            .await;
        set(
            &desk,
            "[data-testid=f-party-org]",
            partner.as_str().unwrap(),
        )
        .await;
        desk.find("[data-testid=f-save]")
            .await
            .click()
            .await
            .unwrap();
        let message = desk
            .find("[data-field=expires_on] [data-testid=field-error]")
            .await
            .text()
            .await
            .unwrap();
        assert!(
            message.contains("2025-03-31") && message.contains("before"),
            "the core's message is shown beside the expiry date: {message}"
        );
        let elsewhere = desk
            .js("return document.querySelectorAll('[data-testid=field-error]').length")
            .await;
        assert_eq!(
            elsewhere,
            json!(1),
            "only the field the core named is marked"
        );
        desk.screenshot("form-error").await;

        // Esc outside a field with unsaved edits asks first; staying keeps every entry.
        desk.js("document.activeElement.blur()").await;
        desk.press('\u{E00C}').await;
        desk.find("[data-testid=unsaved-dialog]").await;
        desk.screenshot("unsaved-guard").await;
        desk.find("[data-testid=unsaved-stay]")
            .await
            .click()
            .await
            .unwrap();
        desk.until(
            "!document.querySelector('[data-testid=unsaved-dialog]')",
            "the question closes",
        )
        .await;
        assert_eq!(
            desk.js("return document.querySelector('[data-testid=f-number]').value")
                .await,
            json!("JR-E2E-001"),
            "staying keeps what was typed"
        );

        // Corrected, it is recorded, opened, listed, and audited.
        set(&desk, "[data-testid=f-expires_on]", "2028-03-31").await;
        desk.find("[data-testid=f-save]")
            .await
            .click()
            .await
            .unwrap();
        desk.until(
            "/^#\\/agreements\\/\\d+$/.test(location.hash) && document.querySelector('[data-testid=agreement-detail]')",
            "the new agreement opens",
        )
        .await;
        let id = desk
            .js("return location.hash.split('/')[2]")
            .await
            .as_str()
            .unwrap()
            .to_owned();
        let kicker = desk
            .find("[data-testid=agreement-detail]")
            .await
            .text()
            .await
            .unwrap();
        assert!(
            kicker.contains("JR-E2E-001"),
            "the detail shows the new number"
        );
        assert!(
            kicker.contains("¥3,000,000"),
            "funding shown as yen: {kicker}"
        );
        desk.until(
            "[...document.querySelectorAll('[data-testid=agreement-list] [aria-selected=true] [data-col=number]')] \
             .some(e => e.textContent === 'JR-E2E-001')",
            "the new agreement is in the register, selected and scrolled into view",
        )
        .await;
        desk.screenshot("created").await;

        nav_audit(&desk, &id).await;
        desk
    });
}

async fn nav_audit(desk: &Desk, id: &str) {
    desk.find("nav a[data-nav=audit]")
        .await
        .click()
        .await
        .unwrap();
    desk.until(
        &format!(
            "[...document.querySelectorAll('[data-testid=audit-list] [role=option]')].slice(0, 5) \
             .some(r => r.textContent.includes('契約 #{id}') && r.textContent.includes('e2e'))"
        ),
        "the audit trail's newest rows record the agreement, by the desk's user",
    )
    .await;
}

#[test]
fn policies_activities_and_money_on_the_demo() {
    with_desk("records-others", Db::Demo, |desk| async move {
        // Policies: today's version, then the one in force on an earlier date.
        nav(&desk, "policies").await;
        let version_of =
            "return [...document.querySelectorAll('[data-testid=policy-list] [role=option]')] \
             .filter(r => r.querySelector('[data-col=code]').textContent === 'IP-POLICY') \
             .map(r => r.querySelector('[data-col=version]').textContent)";
        desk.until(
            "document.querySelector('[data-testid=policy-list] [data-col=code]')",
            "policies listed",
        )
        .await;
        let now = strings(&desk, version_of).await;
        assert_eq!(
            now,
            vec!["4.0".to_owned()],
            "IP-POLICY's fourth version is in force today"
        );
        desk.screenshot("policies").await;
        set(&desk, "[data-testid=policies-on]", "2010-06-01").await;
        desk.until(
            &format!("(() => {{ const v = (() => {{ {version_of} }})(); return v.length === 1 && v[0] !== '4.0'; }})()"),
            "an earlier date shows an earlier version",
        )
        .await;
        let then = strings(&desk, version_of).await;
        assert!(
            then[0].ends_with(".0") && then[0].as_str() < "4.0",
            "2010: {then:?}"
        );
        desk.screenshot("policies-2010").await;

        // Approve the draft 4.0 of the model joint research agreement, effective today.
        let today = desk.js("const d = new Date(); return `${d.getFullYear()}-${String(d.getMonth()+1).padStart(2,'0')}-${String(d.getDate()).padStart(2,'0')}`").await;
        let today = today.as_str().unwrap().to_owned();
        set(&desk, "[data-testid=policies-on]", &today).await;
        desk.until(
            &format!(
                "(() => {{ const v = (() => {{ {version_of} }})(); return v[0] === '4.0'; }})()"
            ),
            "back to today",
        )
        .await;
        desk.js("const rows = [...document.querySelectorAll('[data-testid=policy-list] [role=option]')]; \
                 const r = rows.find(r => r.querySelector('[data-col=code]').textContent === 'MODEL-JR'); \
                 r.dispatchEvent(new MouseEvent('click', {bubbles: true}));").await;
        desk.find("[data-testid=policy-detail]").await;
        desk.find("[data-testid=approve-4\\.0]")
            .await
            .click()
            .await
            .unwrap();
        set(&desk, "[data-testid=approve-body]", "産学連携本部会議").await;
        set(&desk, "[data-testid=approve-approved]", &today).await;
        set(&desk, "[data-testid=approve-effective]", &today).await;
        desk.find("[data-testid=approve-save]")
            .await
            .click()
            .await
            .unwrap();
        desk.until(
            "(() => { const rows = [...document.querySelectorAll('[data-testid=policy-versions] tbody tr')]; \
               const s = Object.fromEntries(rows.map(r => [r.cells[0].textContent, r.dataset.state])); \
               return s['4.0'] === 'in_force' && s['3.0'] === 'superseded' && s['1.0'] === 'superseded'; })()",
            "the approved version is in force and the earlier ones are kept, marked superseded",
        )
        .await;
        desk.screenshot("policy-approved").await;

        // Activities of a past fiscal year: every listed activity belongs to it.
        nav(&desk, "activities").await;
        set(&desk, "[data-testid=activities-fy]", "2022").await;
        desk.until(
            "Number(document.querySelector('[data-testid=activities-count]').dataset.count) > 0 \
             && document.querySelector('[data-testid=activity-list] [data-col=title]')",
            "FY2022's activities are listed",
        )
        .await;
        let fy_label = desk.js("const s = document.querySelector('[data-testid=activities-fy]'); return s.options[s.selectedIndex].textContent").await;
        assert_eq!(fy_label, json!("2022年度"));
        desk.screenshot("activities").await;

        // Income and compensation: yen from integers, and marking an inventor paid.
        nav(&desk, "money").await;
        desk.until(
            "document.querySelector('[data-testid=income-list] [data-col=amount]')",
            "income is listed",
        )
        .await;
        let amounts = strings(&desk, "return [...document.querySelectorAll('[data-testid=income-list] [data-col=amount]')].map(e => e.textContent)").await;
        assert!(
            amounts.iter().all(|a| a.starts_with('¥')
                && a.trim_start_matches('¥')
                    .chars()
                    .all(|c| c.is_ascii_digit() || c == ',')),
            "amounts are yen with separators: {amounts:?}"
        );
        desk.screenshot("money").await;
        if desk
            .js("return !!document.querySelector('[data-testid=mark-paid]')")
            .await
            == json!(true)
        {
            let person = desk.js("return document.querySelector('[data-testid=mark-paid]').closest('tr').dataset.person").await;
            let person = person.as_str().unwrap().to_owned();
            desk.find("[data-testid=mark-paid]")
                .await
                .click()
                .await
                .unwrap();
            desk.until(
                &format!("document.querySelector('[data-testid=inventor-lines] tr[data-person=\"{person}\"]').dataset.paid === 'true'"),
                "the inventor is marked paid",
            )
            .await;
            desk.screenshot("money-paid").await;
        } else {
            panic!("the demo's last closed fiscal year has compensation left to pay");
        }

        // Recording income through the form: an amount that is not whole yen is refused beside
        // the field; then a royalty received in June 2025 is listed in FY2025 with the total.
        desk.find("[data-testid=income-new]")
            .await
            .click()
            .await
            .unwrap();
        desk.find("[data-testid=income-form]").await;
        // The agreements arrive after the form shows (a read of their own).
        desk.until(
            "document.querySelector('[data-testid=if-agreement]').options.length > 1",
            "the income form lists the agreements to choose from",
        )
        .await;
        let first = desk
            .js("return document.querySelector('[data-testid=if-agreement]').options[1].value")
            .await;
        set(&desk, "[data-testid=if-agreement]", first.as_str().unwrap()).await;
        set(&desk, "[data-testid=if-received]", "2025-06-10").await;
        set(&desk, "[data-testid=if-amount]", "12万").await;
        desk.find("[data-testid=form-save]")
            .await
            .click()
            .await
            .unwrap();
        desk.find("[data-error-for=amount_yen]").await;
        set(&desk, "[data-testid=if-amount]", "1,234,567").await;
        desk.find("[data-testid=form-save]")
            .await
            .click()
            .await
            .unwrap();
        desk.until(
            "!document.querySelector('[data-testid=income-form]') \
             && [...document.querySelectorAll('[data-testid=income-list] [data-col=amount]')].some(e => e.textContent === '¥1,234,567')",
            "the new income is listed in its fiscal year",
        )
        .await;
        let fy = desk
            .js("const s = document.querySelector('[data-testid=money-fy]'); return s.value")
            .await;
        assert_eq!(
            fy,
            json!("2025"),
            "June 2025 belongs to FY2025 (April–March)"
        );
        desk.screenshot("income-recorded").await;
        desk
    });
}
