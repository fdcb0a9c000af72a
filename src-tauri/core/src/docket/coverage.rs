//! Which offices the rule table covers. An office without rules of its own (TW, DE, …) gets
//! no statutory deadline from the engine beyond the office-independent ones (the Paris priority
//! year), so an empty docket there means "not computed", never "nothing due". The docket and the
//! calculator carry a visible marker for such an office instead of staying silent.

use serde::Serialize;

use super::rules::RuleTable;

/// The marker for an office whose deadlines the engine does not compute.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct NoRules {
    /// The office code (TW, DE, …).
    pub office: String,
    /// What to do, Japanese.
    pub message_ja: String,
    /// What to do, English.
    pub message_en: String,
}

/// True when the rule table has rules of `office`'s own (JP, PCT, EP, US, CN, KR and the
/// agreement and policy pseudo-offices today).
pub fn has_rules(office: &str) -> bool {
    let office = office.trim().to_ascii_uppercase();
    RuleTable::embedded()
        .map(|t| t.rule.iter().any(|r| r.office == office))
        .unwrap_or(false)
}

/// The marker for `office`, or `None` when the rule table covers it.
pub fn no_rules(office: &str) -> Option<NoRules> {
    let office = office.trim().to_ascii_uppercase();
    if has_rules(&office) {
        return None;
    }
    Some(NoRules {
        message_ja: format!(
            "{office} の期限規則はありません: 現地代理人から届いた期限を手入力してください"
        ),
        message_en: format!("no rules for {office}: enter the agent's deadlines by hand"),
        office,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offices_without_rules_are_marked_and_covered_ones_are_not() {
        for covered in ["JP", "PCT", "EP", "US", "CN", "KR", "jp", "kr"] {
            assert!(
                no_rules(covered).is_none(),
                "{covered} has rules in rules.toml"
            );
        }
        let tw = no_rules("TW").expect("TW has no rule of its own in rules.toml");
        assert_eq!(
            tw.message_en, "no rules for TW: enter the agent's deadlines by hand",
            "the marker says what is missing and what to do"
        );
        assert!(tw.message_ja.contains("手入力"), "{}", tw.message_ja);
        assert!(no_rules("DE").is_some());
    }
}
