//! The audit log on the demo institution: the latest changes are listed and the hash chain
//! verifies from the window.

use crate::harness::{with_desk, Db};

#[test]
fn audit_log_lists_changes_and_the_chain_verifies() {
    with_desk("audit", Db::Demo, |desk| async move {
        desk.find("nav a[data-nav=audit]")
            .await
            .click()
            .await
            .unwrap();
        desk.until(
            "Number(document.querySelector('[data-testid=audit-list]').dataset.count) > 0",
            "the demo's writes are in the audit trail",
        )
        .await;
        desk.find("[data-testid=audit-verify]")
            .await
            .click()
            .await
            .unwrap();
        let result = desk.find("[data-testid=audit-result]").await;
        let class = result.attr("class").await.unwrap().unwrap_or_default();
        assert!(
            class.contains("ok"),
            "an untouched demo database verifies: {}",
            result.text().await.unwrap_or_default()
        );
        desk.screenshot("verified").await;
        desk
    });
}
