//! The explanation of one deadline, in Japanese and in English: trigger, period and convention,
//! the unrolled end, each closed day rolled over with its reason, the legal basis, notes and
//! uncertainties. The UI and the reports print these strings as they are.

use chrono::Datelike;

use super::{ComputedDeadline, Trigger};
use crate::docket::fact::Fact;
use crate::docket::period::Convention;
use crate::docket::rules::{Roll, Rule};

/// Japanese and English label of a fact key.
pub fn fact_label(fact: &str) -> (&'static str, &'static str) {
    Fact::parse(fact).and_then(Fact::label).unwrap_or(("", ""))
}

/// How the period was counted, named by the law of the office whose rule it is: the `cn.` and
/// `kr.` rules count by their own articles (the same arithmetic as the conventions they use).
fn counting(d: &ComputedDeadline) -> (&'static str, &'static str) {
    let office = d.code.split('.').next().unwrap_or_default();
    match (office, d.convention) {
        ("cn", Convention::SameDay) => (
            "中国専利法実施細則第5条（初日不算入・最終月の応当日、なければ月末）",
            "CN Implementing Regulations Rule 5 (first day not counted; the corresponding day of the last month, or its last day)",
        ),
        ("kr", Convention::Jpo) => (
            "韓国特許法第14条（初日不算入・応当日の前日・月末）",
            "KR Patent Act Art. 14 (first day not counted, the day before the corresponding day, month-end rule)",
        ),
        // A JP or KR fee due on an anniversary (年金: 設定登録日の応当日) is a due date, not a
        // period under PCT/EPC rules: say what it is without citing them.
        ("jp" | "kr", Convention::SameDay) => (
            "応当日（同じ日付、その日がない月は月末）",
            "the anniversary (the same day number, or the month's last day)",
        ),
        _ => (d.convention.label_ja(), d.convention.label_en()),
    }
}

fn trigger_label(t: &Trigger) -> (String, String) {
    let (ja, en) = fact_label(&t.fact);
    if ja.is_empty() {
        (t.fact.to_string(), t.fact.to_string())
    } else {
        (ja.to_string(), en.to_string())
    }
}

/// Build the Japanese and English explanation of `d`, computed from `rule`; `leader_title`
/// is the title of the deadline a derived row follows.
pub fn explain(d: &ComputedDeadline, rule: &Rule, leader_title: Option<&str>) -> (String, String) {
    let mut ja = Vec::new();
    let mut en = Vec::new();
    let year_ja = d.year.map(|y| format!("（第{y}年分）")).unwrap_or_default();
    let year_en = d.year.map(|y| format!(" (year {y})")).unwrap_or_default();
    let target = d
        .target
        .as_deref()
        .map(|t| format!(" [{t}]"))
        .unwrap_or_default();
    let leader = leader_title.unwrap_or(&d.code);
    let (tja, ten) = if d.trigger.fact.ends_with(".unrolled") {
        (
            format!("{leader}の満了日（繰り下げ前）"),
            "the original end (before roll-forward)".to_string(),
        )
    } else if d.trigger.fact.ends_with(".due") {
        (
            format!("{leader}の期限（繰り下げ後）の翌日起算"),
            "the rolled due date".to_string(),
        )
    } else {
        trigger_label(&d.trigger)
    };
    ja.push(format!(
        "{}{year_ja}{target}: {tja} {} から{}（{}）→ 満了日 {}",
        d.title_ja,
        d.trigger.date,
        d.period.label_ja(),
        counting(d).0,
        d.unrolled
    ));
    en.push(format!(
        "{}{year_en}{target}: {} from {ten} {} ({}) → ends {}",
        d.title_en,
        d.period.label_en(),
        d.trigger.date,
        counting(d).1,
        d.unrolled
    ));
    if rule.month_end {
        ja.push("応当日の属する月の末日".to_string());
        en.push("last day of the anniversary month".to_string());
    }
    if let Some(alt) = &d.alternative {
        let (l2ja, l2en) = trigger_label(&alt.trigger);
        let (l1ja, l1en) = trigger_label(&d.trigger);
        ja.push(format!(
            "{l1ja}+{} = {} と {l2ja}+{} = {} の遅い方",
            d.period.label_ja(),
            d.unrolled,
            alt.period.label_ja(),
            alt.end
        ));
        en.push(format!(
            "the later of {l1en} + {} = {} and {l2en} + {} = {}",
            d.period.label_en(),
            d.unrolled,
            alt.period.label_en(),
            alt.end
        ));
    }
    match d.roll {
        Roll::Yes if d.rolled_over.is_empty() => {
            ja.push(format!("{}の開庁日のため繰り下げなし", d.calendar.label()));
            en.push(format!(
                "an open day at the {}: not rolled",
                d.calendar.label()
            ));
        }
        Roll::Yes => {
            let days_ja: Vec<String> = d
                .rolled_over
                .iter()
                .map(|r| {
                    format!(
                        "{} {}{}",
                        r.date,
                        r.reason_ja,
                        if r.predicted { "（予測）" } else { "" }
                    )
                })
                .collect();
            let days_en: Vec<String> = d
                .rolled_over
                .iter()
                .map(|r| {
                    format!(
                        "{} {}{}",
                        r.date,
                        r.reason_en,
                        if r.predicted { " (predicted)" } else { "" }
                    )
                })
                .collect();
            ja.push(format!(
                "閉庁日（{}）のため繰り下げ: {} → 期限 {}",
                d.calendar.label(),
                days_ja.join(", "),
                d.due
            ));
            en.push(format!(
                "rolled over {} closed days: {} → due {}",
                d.calendar.label(),
                days_en.join(", "),
                d.due
            ));
        }
        Roll::No => {
            ja.push("繰り下げない".to_string());
            en.push("not rolled".to_string());
        }
        Roll::Uncertain => {}
    }
    if d.roll == Roll::Yes
        && d.due.weekday().num_days_from_monday() >= 5
        && !d.calendar.is_closed(d.due)
    {
        // Only the CNIPA opens on a weekend day: one the State Council moved (调休).
        ja.push(format!(
            "{} は土日だが調休による出勤日（{}開庁）",
            d.due,
            d.calendar.label()
        ));
        en.push(format!(
            "{} is a weekend day made a working day (调休): the {} is open",
            d.due,
            d.calendar.label()
        ));
    }
    if d.roll == Roll::Yes {
        if let Some((cja, cen)) = d.calendar.coverage_note(d.due) {
            ja.push(cja);
            en.push(cen);
        }
    }
    ja.push(format!("根拠: {}", d.basis));
    en.push(format!("basis: {}", d.basis_en));
    if let (Some(nja), Some(nen)) = (&rule.note_ja, &rule.note_en) {
        ja.push(nja.clone());
        en.push(nen.clone());
    }
    if let (Some(uja), Some(uen)) = (&d.uncertain, &d.uncertain_en) {
        ja.push(format!("要注意: {uja}"));
        en.push(format!("uncertain: {uen}"));
    }
    if let Some(c) = &d.closed {
        let (cja, cen) = (c.fact.as_ref(), c.fact.as_ref());
        ja.push(format!("{cja} {} により完了", c.date));
        en.push(format!("closed by {cen} on {}", c.date));
    }
    (ja.join("。") + "。", en.join("; ") + ".")
}
