//! The docket on the demo institution, on a fixed day (CHIZAI_TODAY=2026-11-28): the dashboard
//! lists overdue and next-30-day deadlines and opens one in the docket; the docket filters and
//! shows a month with the office's closed days; the ICS export writes a calendar; recording a
//! 拒絶理由通知 dated 2026-10-06 on a domestic JP application gives a response deadline of
//! 2026-12-07 (60 days end on Saturday 12-05, rolled to Monday) whose explanation names
//! 特許法第50条; marking it done shows it done; the audit log holds both writes.
//!
//! The native save dialog cannot be driven over WebDriver, so the export is exercised by calling
//! the `export_docket` command with a path, exactly as the dialog's answer is passed.

use serde_json::{json, Value};

use crate::harness::{artifacts_dir, with_desk_env, Db, Desk};

const TODAY: &str = "2026-11-28";

/// Calls a shell command from the page and returns its result (or `{"error": …}`).
async fn invoke(desk: &Desk, cmd: &str, args: Value) -> Value {
    let script = format!(
        "const done = arguments[arguments.length - 1]; \
         window.__TAURI_INTERNALS__.invoke({cmd:?}, {args}) \
           .then(r => done({{ ok: r }}), e => done({{ error: e }}));"
    );
    let out = desk
        .client
        .execute_async(&script, vec![])
        .await
        .unwrap_or_else(|e| panic!("invoke {cmd} failed: {e}"));
    match out.get("ok") {
        Some(v) => v.clone(),
        None => panic!("{cmd} was refused: {out}"),
    }
}

/// Sets a Svelte-bound input's value as typing would (an `input` event), for date fields whose
/// keyboard format depends on the locale.
async fn set_value(desk: &Desk, css: &str, value: &str) {
    desk.find(css).await;
    desk.js(&format!(
        "const el = document.querySelector({css:?}); el.value = {value:?}; \
         el.dispatchEvent(new Event('input', {{ bubbles: true }})); \
         el.dispatchEvent(new Event('change', {{ bubbles: true }}));"
    ))
    .await;
}

/// Clicks the element as a person would, after scrolling it into the view (the detail pane
/// scrolls on its own, so a button may sit below its fold).
async fn click(desk: &Desk, css: &str) {
    desk.find(css).await;
    desk.js(&format!(
        "document.querySelector({css:?}).scrollIntoView({{ block: 'center' }});"
    ))
    .await;
    desk.find(css)
        .await
        .click()
        .await
        .unwrap_or_else(|e| panic!("click {css}: {e}"));
}

#[test]
fn docket_flow_record_office_action_then_mark_done() {
    with_desk_env(
        "docket",
        Db::Fresh,
        &[("CHIZAI_TODAY", TODAY)],
        |desk| async move {
            // Dashboard: the deadline lists beside the KPI tiles.
            desk.until(
                "document.querySelector('[data-testid=dashboard-deadlines][data-ready=true]')",
                "the dashboard's deadline lists loaded",
            )
            .await;
            let overview = invoke(&desk, "deadline_overview", json!({})).await;
            assert_eq!(overview["today"], TODAY, "the app runs on CHIZAI_TODAY");
            // The counts are the whole lists'; the overview carries only their first rows.
            let overdue = overview["overdue_total"].as_u64().unwrap() as usize;
            let upcoming = overview["upcoming_total"].as_u64().unwrap() as usize;
            assert_eq!(
                overview["upcoming"].as_array().unwrap().len(),
                upcoming.min(20),
                "the first 20 of the next 30 days are carried"
            );
            assert!(upcoming > 0, "the demo has deadlines in the next 30 days");
            let shown = desk
                .js("return document.querySelectorAll('[data-testid=dashboard-upcoming] li').length")
                .await
                .as_u64()
                .unwrap() as usize;
            assert_eq!(
                shown,
                upcoming.min(12),
                "the dashboard lists the core's next 30 days"
            );
            if overdue > 0 {
                desk.find("[data-testid=dashboard-overdue] li").await;
            }
            let due_today = overview["due_today"].as_u64().unwrap() as usize;
            if overdue + due_today > 0 {
                let badge = desk
                    .find("[data-testid=docket-badge]")
                    .await
                    .text()
                    .await
                    .unwrap();
                assert_eq!(
                    badge,
                    (overdue + due_today).to_string(),
                    "the docket nav badge counts them"
                );
            }
            desk.screenshot("dashboard").await;

            // A dashboard line opens that deadline in the docket with its explanation.
            let first_id = overview["upcoming"][0]["deadline"]["id"].as_i64().unwrap();
            click(
                &desk,
                &format!("[data-testid=dashboard-upcoming] a[data-id='{first_id}']"),
            )
            .await;
            desk.until(
                &format!("location.hash === '#/docket/{first_id}'"),
                "the docket opens the deadline",
            )
            .await;
            desk.find("[data-testid=deadline-pane] [data-testid=deadline-steps] li")
                .await;

            // Filters: status overdue, then office JP with code prefix `jp.`.
            desk.js("location.hash = '#/docket'").await;
            desk.until(
                "!document.querySelector('[data-testid=deadline-pane]')",
                "pane closed",
            )
            .await;
            desk.until(
                "Number(document.querySelector('[data-testid=docket-total]')?.dataset.total) > 0",
                "the open deadlines are listed",
            )
            .await;
            // The docket opens on what needs action: overdue rows first (the demo has overdue
            // deadlines), then by due date; information notices whose day has passed are hidden
            // unless 未了（参考を含む） is chosen.
            let default_status = desk
                .js("return document.querySelector('[data-testid=docket-status]').value")
                .await;
            assert_eq!(default_status, json!("actionable"), "the default view");
            tokio::time::sleep(std::time::Duration::from_millis(300)).await;
            let shown: Vec<String> = desk
                .js("return [...document.querySelectorAll('[data-testid=docket-list] [data-state]')].map(e => e.dataset.state)")
                .await
                .as_array()
                .unwrap()
                .iter()
                .filter_map(|v| v.as_str().map(str::to_owned))
                .collect();
            assert!(!shown.is_empty(), "rows are shown");
            assert_eq!(shown[0], "overdue", "overdue comes first: {shown:?}");
            let first_other = shown
                .iter()
                .position(|s| s != "overdue")
                .unwrap_or(shown.len());
            assert!(
                shown[first_other..].iter().all(|s| s != "overdue"),
                "no overdue row below the others: {shown:?}"
            );
            let actionable: u64 = desk
                .js("return Number(document.querySelector('[data-testid=docket-total]').dataset.total)")
                .await
                .as_u64()
                .unwrap();
            set_value(&desk, "[data-testid=docket-status]", "open").await;
            desk.until(
                &format!("Number(document.querySelector('[data-testid=docket-total]').dataset.total) > {actionable}"),
                "every open deadline, past notices included, is more than what needs action",
            )
            .await;
            let all_open: u64 = desk
                .js("return Number(document.querySelector('[data-testid=docket-total]').dataset.total)")
                .await
                .as_u64()
                .unwrap();
            assert!(all_open > 0);
            set_value(&desk, "[data-testid=docket-office]", "JP").await;
            let code = desk.find("[data-testid=docket-code]").await;
            code.send_keys("jp.oa").await.unwrap();
            desk.until(
                &format!(
                    "(() => {{ const n = Number(document.querySelector('[data-testid=docket-total]').dataset.total); \
                     return n < {all_open}; }})()"
                ),
                "the filters narrow the list",
            )
            .await;
            tokio::time::sleep(std::time::Duration::from_millis(300)).await;
            let codes: Vec<String> = desk
                .js("return [...document.querySelectorAll('[data-testid=docket-list] .code')].map(e => e.dataset.code)")
                .await
                .as_array()
                .unwrap()
                .iter()
                .filter_map(|v| v.as_str().map(str::to_owned))
                .collect();
            for c in &codes {
                assert!(
                    c.starts_with("jp.oa"),
                    "every row matches the code filter: {c}"
                );
            }
            // Back to everything open; the list screenshot.
            desk.js("document.querySelector('[data-testid=docket-code]').value = ''; \
                     document.querySelector('[data-testid=docket-code]').dispatchEvent(new Event('input', {bubbles: true}));")
                .await;
            set_value(&desk, "[data-testid=docket-office]", "").await;
            set_value(&desk, "[data-testid=docket-status]", "overdue").await;
            tokio::time::sleep(std::time::Duration::from_millis(400)).await;
            let states: Vec<Value> = desk
                .js("return [...document.querySelectorAll('[data-testid=docket-list] [data-state]')].map(e => e.dataset.state)")
                .await
                .as_array()
                .unwrap()
                .clone();
            assert!(
                states.iter().all(|s| s == "overdue"),
                "overdue filter: {states:?}"
            );
            set_value(&desk, "[data-testid=docket-status]", "open").await;
            desk.until(
                &format!("Number(document.querySelector('[data-testid=docket-total]').dataset.total) === {all_open}"),
                "all open deadlines again",
            )
            .await;
            desk.screenshot("list").await;

            // The month calendar: November 2026 with the JPO's closed days (文化の日 on the 3rd).
            click(&desk, "[data-testid=view-calendar]").await;
            desk.until(
                "document.querySelector('[data-testid=docket-calendar][data-month=\"2026-11\"]')",
                "the calendar shows this month",
            )
            .await;
            let holiday = desk
                .js("return document.querySelector('[data-date=\"2026-11-03\"] .why')?.textContent")
                .await;
            assert_eq!(holiday, json!("文化の日"));
            desk.screenshot("calendar").await;
            click(&desk, "[data-testid=view-list]").await;

            // ICS export through the command the save dialog's answer goes to.
            let path = artifacts_dir().join("docket-export.ics");
            let _ = std::fs::remove_file(&path);
            let written = invoke(
                &desk,
                "export_docket",
                json!({ "filter": { "status": "open" }, "format": "ics", "path": path }),
            )
            .await;
            let ics = std::fs::read_to_string(&path).expect("the ICS file was written");
            assert!(ics.starts_with("BEGIN:VCALENDAR"));
            assert_eq!(
                ics.matches("BEGIN:VEVENT").count() as u64,
                written["rows"].as_u64().unwrap()
            );
            assert_eq!(written["rows"].as_u64().unwrap(), all_open);

            // A domestic JP patent in examination, filed before the office action's date.
            let page = invoke(
                &desk,
                "list_applications",
                json!({ "query": { "office": "JP", "status": "examination", "filed_to": "2026-06-30", "limit": 50 } }),
            )
            .await;
            let mut app_id = None;
            for row in page["rows"].as_array().unwrap() {
                let id = row["id"].as_i64().unwrap();
                let detail = invoke(&desk, "application_detail", json!({ "id": id })).await;
                let a = &detail["application"];
                if a["right_type"] == "patent" && a["applicant_residence"] == "domestic" {
                    app_id = Some(id);
                    break;
                }
            }
            let app_id = app_id.expect("the demo has a domestic JP patent in examination");
            desk.js(&format!("location.hash = '#/portfolio/{app_id}'"))
                .await;
            desk.find("[data-testid=application-deadlines]").await;

            // 記録: a date before the filing date is refused, the message under the date field.
            click(&desk, "[data-testid=record-event]").await;
            set_value(&desk, "[data-testid=event-kind]", "oa_dispatched").await;
            // Dates are typed as the office writes them (2026/12/02, 令和8年12月2日), whatever
            // the OS locale; the core reads them when the field changes.
            set_value(&desk, "[data-testid=event-date]", "1999/01/04").await;
            desk.until(
                "document.querySelector('[data-testid=event-date]').dataset.iso === '1999-01-04'",
                "1999/01/04 is read as 4 January 1999",
            )
            .await;
            click(&desk, "[data-testid=event-save]").await;
            let refusal = desk
                .find("[data-testid=event-form] [data-field=occurred_on] [data-testid=field-error]")
                .await
                .text()
                .await
                .unwrap();
            assert!(
                refusal.contains("filing date") && !refusal.contains("event.occurred_on"),
                "the core's message beside the date, without the field's name pasted in front: {refusal}"
            );

            // 拒絶理由通知 dispatched on Tuesday 2026-10-06.
            set_value(&desk, "[data-testid=event-date]", "令和8年10月6日").await;
            desk.until(
                "document.querySelector('[data-testid=event-date]').dataset.iso === '2026-10-06'",
                "令和8年10月6日 is read as 2026-10-06",
            )
            .await;
            let shown = desk
                .js("return document.querySelector('[data-testid=event-date]').value")
                .await;
            assert_eq!(
                shown,
                json!("2026/10/06"),
                "the field shows the day back as YYYY/MM/DD (西暦 desk), not in the OS locale's order"
            );
            desk.find("[data-testid=event-note]")
                .await
                .send_keys("e2e 拒絶理由通知")
                .await
                .unwrap();
            click(&desk, "[data-testid=event-save]").await;
            desk.find("[data-testid=event-saved]").await;
            let row = "[data-testid=application-deadline-list] tr[data-changed][data-code='jp.oa_response']";
            desk.find(row).await;
            let new_id: i64 = desk
                .js(&format!(
                    "return Number(document.querySelector(\"{row}\").dataset.id)"
                ))
                .await
                .as_i64()
                .unwrap();
            let explained = desk
                .find(&format!(
                    "tr[data-explains='{new_id}'] [data-testid=deadline-explanation]"
                ))
                .await
                .text()
                .await
                .unwrap();
            assert!(
                explained.contains("特許法第50条"),
                "the rule is named: {explained}"
            );
            assert!(
                explained.contains("2026-10-06"),
                "the dispatch date is the start: {explained}"
            );
            assert!(
                explained.contains("繰り下げ"),
                "the roll-forward is explained: {explained}"
            );
            let detail = invoke(&desk, "deadline_detail", json!({ "id": new_id })).await;
            assert_eq!(detail["view"]["deadline"]["due"], "2026-12-07");
            assert_eq!(detail["explanation"]["unrolled"], "2026-12-05");
            desk.screenshot("recorded").await;

            // Open it in the docket and mark it done.
            click(
                &desk,
                &format!("[data-testid=application-deadline-list] tr[data-id='{new_id}'] a"),
            )
            .await;
            desk.until(
                &format!("location.hash === '#/docket/{new_id}'"),
                "docket opens it",
            )
            .await;
            let due = desk
                .find("[data-testid=deadline-due]")
                .await
                .attr("data-due")
                .await
                .unwrap();
            assert_eq!(due.as_deref(), Some("2026-12-07"));
            desk.find("[data-testid=deadline-steps] li").await;
            desk.screenshot("explanation").await;
            click(&desk, "[data-testid=deadline-done]").await;
            let on = desk
                .find("[data-testid=done-on]")
                .await
                .attr("data-iso")
                .await
                .unwrap();
            assert_eq!(
                on.as_deref(),
                Some(TODAY),
                "done defaults to the desk's today"
            );
            let shown = desk
                .js("return document.querySelector('[data-testid=done-on]').value")
                .await;
            assert_eq!(
                shown,
                json!(TODAY.replace('-', "/")),
                "shown as the office writes it"
            );
            desk.find("[data-testid=done-note]")
                .await
                .send_keys("意見書・補正書を提出")
                .await
                .unwrap();
            click(&desk, "[data-testid=deadline-save]").await;
            desk.until(
                "document.querySelector('[data-testid=deadline-state] [data-state=done]')",
                "the deadline shows done",
            )
            .await;
            let done_on = desk
                .find("[data-testid=deadline-done-on]")
                .await
                .text()
                .await
                .unwrap();
            assert!(done_on.contains("2026"), "{done_on}");
            desk.screenshot("done").await;

            // The audit log holds the event and the deadline's change.
            let audit = invoke(&desk, "recent_audit", json!({ "limit": 50 })).await;
            let rows = audit.as_array().unwrap();
            assert!(rows
                .iter()
                .any(|r| r["entity"] == "event" && r["action"] == "create"));
            assert!(rows.iter().any(|r| r["entity"] == "deadline"
                && r["entity_id"].as_str() == Some(new_id.to_string().as_str())
                && r["after"]["status"] == "done"));
            desk
        },
    );
}
