//! The rule table: `rules.toml`, embedded at compile time and parsed once.
//!
//! Each row is one rule in one validity window, in words a reviewer can check against the law
//! (the header of `rules.toml` explains every field). The engine reads rows; it holds no
//! rule of its own beyond the mechanics of counting. Changing a law is editing or adding a row
//! (with a new window) and a test case — never an `if` in the engine.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::period::{Convention, Period};
use super::DocketError;

/// The kind of right: the portfolio's one vocabulary (`patent`, `utility_model`, `design`,
/// `trademark`, `provisional`).
pub use crate::domain::RightType;

/// Whether the applicant resides in Japan (特許法第8条 在外者 otherwise).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ApplicantKind {
    /// Resident in Japan.
    #[default]
    Domestic,
    /// 在外者: no domicile or residence in Japan.
    Overseas,
}

/// How a row's end is counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CountRule {
    /// 特許法第3条.
    Jpo,
    /// PCT R80.2 / EPC R131(4) / US.
    SameDay,
    /// Both, docketing the earlier and flagging the row uncertain when they differ.
    EarlierOfBoth,
}

impl CountRule {
    /// The conventions to try, the first being the one reported when both agree.
    pub fn conventions(self) -> &'static [Convention] {
        match self {
            CountRule::Jpo => &[Convention::Jpo],
            CountRule::SameDay => &[Convention::SameDay],
            CountRule::EarlierOfBoth => &[Convention::SameDay, Convention::Jpo],
        }
    }
}

/// Whether the end moves to the next open day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Roll {
    /// Procedural period: rolled (特許法第3条第2項, R80.5, R134, 37 CFR 1.7).
    Yes,
    /// Term of a right or a date to know: never rolled.
    No,
    /// Not settled whether it rolls: the unrolled (earlier) date is docketed, with a note.
    Uncertain,
}

/// How many deadlines a row produces.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Schedule {
    /// One deadline.
    #[default]
    Once,
    /// Year N (from `first_year`) due on the (N−1)th anniversary, until the term ends.
    Annual,
    /// Fixed stages after the trigger (US maintenance 3.5/7.5/11.5 years).
    Stages,
    /// Every `period` after the trigger (trademark renewals).
    Renewal,
}

/// Where a derived (`follows`) row starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Start {
    /// The leader's trigger; the period is added to the leader's own period.
    Trigger,
    /// The leader's end before roll-forward (an extension: 特許法第5条).
    Unrolled,
    /// The leader's rolled due date (追納: 特許法第112条).
    Rolled,
}

/// A second candidate: the deadline is the later of the row's end and this one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LaterOf {
    /// Facts the second period runs from, first present wins.
    pub trigger: Vec<String>,
    /// Its length.
    pub period: Period,
}

/// One row of the rule table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rule {
    /// Stable code (rules.md), e.g. `jp.exam_request`.
    pub code: String,
    /// A second deadline under the same code (`extended`, `grace`, `late`).
    #[serde(default)]
    pub variant: Option<String>,
    /// What the deadline is, in Japanese.
    pub title_ja: String,
    /// What the deadline is, in English.
    pub title_en: String,
    /// Office of the application the row applies to (JP, PCT, EP, US, any, AGREEMENT, POLICY).
    pub office: String,
    /// Right types (empty: any).
    #[serde(default)]
    pub rights: Vec<RightType>,
    /// Trigger facts, first present wins.
    pub trigger: Vec<String>,
    /// Length of the period.
    pub period: Period,
    /// Counting convention.
    pub convention: CountRule,
    /// Roll-forward policy.
    pub roll: Roll,
    /// Calendar override: JPO, USPTO, EPO, WIPO, CNIPA, KIPO or `target`.
    #[serde(default)]
    pub calendar: Option<String>,
    /// Fact whose date decides the validity window (default: the trigger).
    #[serde(default)]
    pub window_fact: Option<String>,
    /// Window: on or after.
    #[serde(default)]
    pub from: Option<NaiveDate>,
    /// Window: on or before.
    #[serde(default)]
    pub until: Option<NaiveDate>,
    /// Only for this applicant kind.
    #[serde(default)]
    pub applicant: Option<ApplicantKind>,
    /// Facts that must be present.
    #[serde(default)]
    pub requires: Vec<String>,
    /// Facts that must be absent.
    #[serde(default)]
    pub unless: Vec<String>,
    /// Fact that closes the deadline (`{target}` is replaced by the target office, lower case).
    #[serde(default)]
    pub closed_by: Option<String>,
    /// A second candidate; the later end wins.
    #[serde(default)]
    pub later_of: Option<LaterOf>,
    /// How many deadlines the row produces.
    #[serde(default)]
    pub schedule: Schedule,
    /// Annual: first year with a fee of its own.
    #[serde(default)]
    pub first_year: Option<u32>,
    /// Annual: term of the right, from `term_trigger`.
    #[serde(default)]
    pub term: Option<Period>,
    /// Annual: facts the term runs from, first present wins (a divisional's deemed filing
    /// date, `parent_filed`, before its own).
    #[serde(default)]
    pub term_trigger: Vec<String>,
    /// A fee that keeps the right alive year by year (annuity, renewal, maintenance): paying
    /// it — marking its deadline or its grace deadline done — advances the years paid.
    #[serde(default)]
    pub fee: bool,
    /// Annual: due on the last day of the anniversary's month (EPC R51(1)).
    #[serde(default)]
    pub month_end: bool,
    /// Annual: no more fall due at this office after this fact (EP: mention of grant).
    #[serde(default)]
    pub ends_with: Option<String>,
    /// Annual: a year that began on or before this fact's date is not due as a deadline of its
    /// own (CN: the annuity of the year of grant is paid with the registration, 实施细则第114条).
    #[serde(default)]
    pub starts_after: Option<String>,
    /// Stages: (period from the trigger, year label).
    #[serde(default)]
    pub stages: Vec<(Period, u32)>,
    /// Derived from each deadline of this code.
    #[serde(default)]
    pub follows: Option<String>,
    /// Derived rows: where they start.
    #[serde(default)]
    pub start: Option<Start>,
    /// National phase into one office.
    #[serde(default)]
    pub target: Option<String>,
    /// National phases: period per target office.
    #[serde(default)]
    pub targets: BTreeMap<String, Period>,
    /// A date to know, not an act.
    #[serde(default)]
    pub info: bool,
    /// A procedure an office may decide not to take (a foreign filing under priority, a
    /// national phase, PCT amendments): once its chance has passed for good it is history,
    /// not a task — see [`Rule::restorable`].
    #[serde(default)]
    pub optional: bool,
    /// How long after the due date a late act stays possible (priority restored for a
    /// 正当な理由, a late national phase); none = the chance ends on the due date.
    #[serde(default)]
    pub restorable: Option<Period>,
    /// Legal basis in Japanese.
    pub basis_ja: String,
    /// Legal basis in English.
    pub basis_en: String,
    /// Note shown in the explanation, Japanese.
    #[serde(default)]
    pub note_ja: Option<String>,
    /// Note shown in the explanation, English.
    #[serde(default)]
    pub note_en: Option<String>,
}

impl RuleTable {
    /// The English title of a generated deadline stored with `code` and its Japanese title
    /// (the row whose Japanese title it carries, else the code's first row).
    pub fn title_en(&self, code: &str, title_ja: &str) -> Option<&str> {
        let rows = || self.rule.iter().filter(|r| r.code == code);
        rows()
            .find(|r| r.title_ja == title_ja)
            .or_else(|| rows().next())
            .map(|r| r.title_en.as_str())
    }

    /// True when `code` is a procedure an office may decide not to take ([`Rule::optional`]).
    pub fn is_optional(&self, code: &str) -> bool {
        self.rule.iter().any(|r| r.code == code && r.optional)
    }

    /// True when a deadline of `code` is a fee of a year (see [`Rule::fee`]), or the grace
    /// deadline of one (a row that `follows` a fee row).
    pub fn is_fee(&self, code: &str) -> bool {
        self.rule.iter().any(|r| {
            r.code == code
                && (r.fee
                    || r.follows
                        .as_deref()
                        .is_some_and(|leader| self.rule.iter().any(|l| l.code == leader && l.fee)))
        })
    }
}

impl Rule {
    /// Whether `date` of the window fact lies in the row's validity window.
    pub fn in_window(&self, date: NaiveDate) -> bool {
        self.from.is_none_or(|f| date >= f) && self.until.is_none_or(|u| date <= u)
    }
}

/// The parsed rule table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleTable {
    /// Every row, in file order.
    pub rule: Vec<Rule>,
}

/// The rule table as shipped.
pub const RULES_TOML: &str = include_str!("rules.toml");

impl RuleTable {
    /// Parse and check a rule table (facts known, `follows` resolvable, periods sane).
    pub fn parse(text: &str, known_facts: &[&str]) -> Result<RuleTable, DocketError> {
        let table: RuleTable =
            toml::from_str(text).map_err(|e| DocketError::RuleTable(e.to_string()))?;
        for r in &table.rule {
            let row = || {
                format!(
                    "{}{}",
                    r.code,
                    r.variant
                        .as_deref()
                        .map(|v| format!("/{v}"))
                        .unwrap_or_default()
                )
            };
            let check = |fact: &str| -> Result<(), DocketError> {
                let fact = fact.replace("{target}", "jp");
                if known_facts.contains(&fact.as_str()) {
                    Ok(())
                } else {
                    Err(DocketError::RuleTable(format!(
                        "row {}: fact `{fact}` is unknown to the engine",
                        row()
                    )))
                }
            };
            for f in r
                .trigger
                .iter()
                .chain(&r.requires)
                .chain(&r.unless)
                .chain(r.closed_by.iter())
                .chain(r.window_fact.iter())
                .chain(&r.term_trigger)
                .chain(r.ends_with.iter())
                .chain(r.starts_after.iter())
                .chain(r.later_of.iter().flat_map(|l| &l.trigger))
            {
                check(f)?;
            }
            if r.trigger.is_empty() {
                return Err(DocketError::RuleTable(format!("row {}: no trigger", row())));
            }
            if let Some(leader) = &r.follows {
                if !table
                    .rule
                    .iter()
                    .any(|o| &o.code == leader && o.follows.is_none())
                {
                    return Err(DocketError::RuleTable(format!(
                        "row {}: follows `{leader}`, which has no primary row",
                        row()
                    )));
                }
                if r.start.is_none() {
                    return Err(DocketError::RuleTable(format!(
                        "row {}: a derived row needs `start`",
                        row()
                    )));
                }
            }
            if r.schedule == Schedule::Annual && (r.first_year.is_none() || r.term.is_none()) {
                return Err(DocketError::RuleTable(format!(
                    "row {}: an annual schedule needs first_year and term",
                    row()
                )));
            }
            if r.schedule == Schedule::Stages && r.stages.is_empty() {
                return Err(DocketError::RuleTable(format!(
                    "row {}: a staged schedule needs stages",
                    row()
                )));
            }
            if let (Some(f), Some(u)) = (r.from, r.until) {
                if f > u {
                    return Err(DocketError::RuleTable(format!(
                        "row {}: window from {f} is after until {u}",
                        row()
                    )));
                }
            }
        }
        Ok(table)
    }

    /// The embedded table, parsed once. Its parse is checked by a test, so an error here
    /// means a broken build; callers surface it rather than panic.
    pub fn embedded() -> Result<&'static RuleTable, DocketError> {
        static TABLE: OnceLock<Result<RuleTable, String>> = OnceLock::new();
        TABLE
            .get_or_init(|| {
                RuleTable::parse(RULES_TOML, super::fact::KNOWN_FACTS).map_err(|e| e.to_string())
            })
            .as_ref()
            .map_err(|e| DocketError::RuleTable(e.clone()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stored_deadline_finds_its_english_title_by_code_and_japanese_title() {
        // The English desk shows the rule's English title; a code with variants (the former
        // 7-year rule) must pick the variant the stored Japanese title names.
        let t = RuleTable::embedded().unwrap();
        assert_eq!(
            t.title_en("jp.exam_request", "出願審査請求期限（旧法7年）"),
            Some("Request for examination (former 7-year rule)")
        );
        assert_eq!(
            t.title_en("jp.exam_request", "something retitled"),
            Some("Request for examination")
        );
        assert_eq!(t.title_en("manual", "手入力"), None);
    }

    /// The codes of shared/rules.md, in its order.
    const RULES_MD_CODES: [&str; 39] = [
        "jp.exam_request",
        "jp.oa_response",
        "jp.appeal",
        "jp.grant_fee",
        "jp.annuity",
        "jp.annuity_grace",
        "jp.term",
        "jp.domestic_priority",
        "paris.priority",
        "jp.grace_filing",
        "jp.grace_certificate",
        "jp.publication",
        "jp.national_phase",
        "pct.national_phase",
        "pct.article19",
        "pct.demand",
        "ep.renewal",
        "ep.opposition",
        "ep.validation",
        "us.oa_response",
        "us.nonprovisional",
        "us.maintenance",
        "tm.renewal",
        "cn.exam_request",
        "cn.oa_response",
        "cn.grant_fee",
        "cn.annuity",
        "cn.annuity_grace",
        "cn.national_phase",
        "cn.term",
        "kr.exam_request",
        "kr.oa_response",
        "kr.annuity",
        "kr.annuity_grace",
        "kr.term",
        "agreement.expiry",
        "agreement.renewal_notice",
        "agreement.report",
        "policy.review",
    ];

    #[test]
    fn every_row_parses_and_every_code_of_rules_md_has_a_row() {
        let table = RuleTable::embedded().unwrap();
        for code in RULES_MD_CODES {
            assert!(
                table.rule.iter().any(|r| r.code == code),
                "rules.md code {code} has no row in rules.toml"
            );
        }
        for r in &table.rule {
            assert!(
                RULES_MD_CODES.contains(&r.code.as_str()),
                "row code {} is not a rules.md code",
                r.code
            );
        }
    }

    #[test]
    fn each_row_is_identified_by_code_variant_and_title() {
        // `engine::explain` finds a deadline's row by these three.
        let table = RuleTable::embedded().unwrap();
        for (i, a) in table.rule.iter().enumerate() {
            for b in &table.rule[i + 1..] {
                assert!(
                    (&a.code, &a.variant, &a.title_ja) != (&b.code, &b.variant, &b.title_ja),
                    "two rows of {} share a title: give each its own",
                    a.code
                );
            }
        }
    }

    #[test]
    fn windows_of_the_same_rule_never_overlap() {
        let table = RuleTable::embedded().unwrap();
        for (i, a) in table.rule.iter().enumerate() {
            for b in &table.rule[i + 1..] {
                let same = a.code == b.code
                    && a.variant == b.variant
                    && a.applicant == b.applicant
                    && a.trigger == b.trigger
                    && a.rights.iter().any(|r| b.rights.contains(r));
                // Rows that one fact tells apart (CN's first and further office actions: one
                // requires an earlier response, the other excludes it) never both apply.
                let exclusive = a.requires.iter().any(|f| b.unless.contains(f))
                    || b.requires.iter().any(|f| a.unless.contains(f));
                if !same || exclusive {
                    continue;
                }
                let a_from = a.from.unwrap_or(NaiveDate::MIN);
                let a_until = a.until.unwrap_or(NaiveDate::MAX);
                let b_from = b.from.unwrap_or(NaiveDate::MIN);
                let b_until = b.until.unwrap_or(NaiveDate::MAX);
                assert!(
                    a_until < b_from || b_until < a_from,
                    "{} ({}) has two rows whose windows overlap",
                    a.code,
                    a.title_en
                );
            }
        }
    }

    #[test]
    fn a_broken_row_is_refused_with_its_code() {
        let bad = r#"
[[rule]]
code = "jp.test"
title_ja = "x"
title_en = "x"
office = "JP"
trigger = ["filedd"]
period = "3y"
convention = "jpo"
roll = "yes"
basis_ja = "x"
basis_en = "x"
"#;
        let err = RuleTable::parse(bad, super::super::fact::KNOWN_FACTS).unwrap_err();
        assert!(
            err.to_string().contains("filedd"),
            "names the bad fact: {err}"
        );
        let bad_period = bad.replace("\"3y\"", "\"3w\"").replace("filedd", "filed");
        assert!(
            RuleTable::parse(&bad_period, super::super::fact::KNOWN_FACTS).is_err(),
            "a bad period is refused"
        );
    }
}
