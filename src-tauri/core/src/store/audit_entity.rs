//! What an audit row is about: the closed list of the kinds of record the write path audits.
//!
//! The stored spelling (`as_str`) is what every audit row since the first release holds in its
//! `entity` column and hashes into the chain, so a spelling here never changes; a new kind of
//! record gets a new value. The labels are the audit log's words for each kind (through the
//! generated `labels.ts`, like every other vocabulary).

use crate::domain::vocab;

vocab!(
    /// The kind of record an audit row is about.
    AuditEntity, "audit.entity" {
        Activity = "activity" ("産学連携活動", "Activity"),
        Agreement = "agreement" ("契約", "Agreement"),
        Application = "application" ("案件", "Application"),
        Attachment = "attachment" ("添付ファイル", "Attachment"),
        CompensationPayment = "compensation_payment" ("補償金の支払", "Compensation payment"),
        CompensationRule = "compensation_rule" ("補償規程", "Compensation rule"),
        Cost = "cost" ("費用", "Cost"),
        /// A whole database copied between a desk's file and the office server.
        Database = "database" ("データベース", "Database"),
        Deadline = "deadline" ("期限", "Deadline"),
        Disclosure = "disclosure" ("発明届出", "Disclosure"),
        /// The deadlines a recompute created for one application, as one entry.
        Docket = "docket" ("案件の算出期限", "An application's computed deadlines"),
        /// One recompute of the docket (what it added, changed and closed).
        DocketState = "docket_state" ("期限の再計算", "Docket recompute"),
        Event = "event" ("手続記録", "Recorded event"),
        Family = "family" ("ファミリー", "Family"),
        Income = "income" ("収入", "Income"),
        Institution = "institution" ("機関情報", "Institution"),
        IntegrityCheck = "integrity_check" ("データベース検査", "Database check"),
        KpiTarget = "kpi_target" ("KPI目標", "KPI target"),
        Organisation = "organisation" ("組織", "Organisation"),
        Person = "person" ("人物", "Person"),
        PolicyDocument = "policy_document" ("規程", "Policy"),
        PolicyVersion = "policy_version" ("規程の版", "Policy version"),
        ReminderLog = "reminder_log" ("メール通知の送信記録", "Reminder sent"),
        ReminderSettings = "reminder_settings" ("メール通知の設定", "Reminder settings"),
        ServerRole = "server_role" ("サーバーの権限", "Server role"),
    }
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_stored_spellings_are_those_the_audit_trail_already_holds() {
        // Hashed into every audit row: a changed spelling would break the chain's meaning.
        let stored: Vec<&str> = AuditEntity::ALL.iter().map(|e| e.as_str()).collect();
        assert_eq!(
            stored,
            [
                "activity",
                "agreement",
                "application",
                "attachment",
                "compensation_payment",
                "compensation_rule",
                "cost",
                "database",
                "deadline",
                "disclosure",
                "docket",
                "docket_state",
                "event",
                "family",
                "income",
                "institution",
                "integrity_check",
                "kpi_target",
                "organisation",
                "person",
                "policy_document",
                "policy_version",
                "reminder_log",
                "reminder_settings",
                "server_role",
            ]
        );
    }
}
