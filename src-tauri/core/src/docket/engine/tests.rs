//! Table-driven cases for every row of the rule table, runs of closed days, month-end triggers
//! under both conventions, terms on closed days, and the properties of the engine.
//!
//! Expected dates were worked out by hand from the articles cited in each case (weekdays
//! checked against a calendar), not read back from the engine.
#![allow(clippy::too_many_arguments)] // one rstest table: each column is a case argument

use super::*;
use proptest::prelude::*;
use rstest::rstest;

pub(super) fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

pub(super) fn facts(office: &str, right: &str, events: &[(&str, &str)]) -> Facts {
    let mut f = Facts::new(office, RightType::parse(right).unwrap());
    for (k, v) in events {
        f = f.with(k, d(v)).unwrap();
    }
    f
}

/// The one deadline with this code/variant/year-or-target selector.
pub(super) fn pick<'a>(all: &'a [ComputedDeadline], code: &str, sel: &str) -> &'a ComputedDeadline {
    let (variant, key) = sel.split_once(':').unwrap_or((sel, ""));
    let hits: Vec<&ComputedDeadline> = all
        .iter()
        .filter(|x| x.code == code)
        .filter(|x| x.variant.as_deref().unwrap_or("") == variant)
        .filter(|x| {
            key.is_empty()
                || x.year.map(|y| y.to_string()).as_deref() == Some(key)
                || x.target.as_deref() == Some(key)
        })
        .collect();
    assert_eq!(hits.len(), 1, "exactly one {code}/{sel} in {all:#?}");
    hits[0]
}

#[rstest]
// --- 審査請求 48条の3
#[case("JP", "patent", "domestic", &[("filed", "2022-12-31")], "jp.exam_request", "", "2025-12-31", "2026-01-05", "3 years from a 31 Dec filing end 31 Dec; 年末年始 and Sunday 4 Jan roll to 5 Jan")]
#[case("JP", "patent", "domestic", &[("filed", "2001-09-30")], "jp.exam_request", "", "2008-09-30", "2008-09-30", "filed on the last day of the 7-year rule: 7 years")]
#[case("JP", "patent", "domestic", &[("filed", "2001-10-01")], "jp.exam_request", "", "2004-10-01", "2004-10-01", "filed the day the 3-year rule began")]
#[case("JP", "patent", "domestic", &[("parent_filed", "2020-05-10"), ("filed", "2023-05-01")], "jp.exam_request", "", "2023-05-31", "2023-05-31", "divisional: parent + 3y (2023-05-10) is earlier than own filing + 30 days")]
#[case("JP", "patent", "domestic", &[("parent_filed", "2021-06-15"), ("filed", "2022-01-10")], "jp.exam_request", "", "2024-06-15", "2024-06-17", "divisional: parent + 3y is later; a Saturday, rolled to Monday")]
#[case("JP", "patent", "domestic", &[("parent_filed", "1999-06-01"), ("filed", "2003-02-03")], "jp.exam_request", "", "2006-06-01", "2006-06-01", "divisional of a parent under the 7-year rule: parent + 7 years")]
// --- 拒絶理由通知 50条・5条
#[case("JP", "patent", "domestic", &[("oa_dispatched", "2024-04-09")], "jp.oa_response", "", "2024-06-08", "2024-06-10", "60 days end on a Saturday")]
#[case("JP", "patent", "overseas", &[("oa_dispatched", "2025-02-03")], "jp.oa_response", "", "2025-05-03", "2025-05-07", "3 months for 在外者 end in Golden Week 2025: 5/3–5/6 closed")]
#[case("JP", "patent", "domestic", &[("oa_dispatched", "2025-02-03")], "jp.oa_response", "extended", "2025-06-04", "2025-06-04", "extension: 2 months added to the original end 2025-04-04")]
#[case("JP", "patent", "domestic", &[("oa_dispatched", "2019-02-26")], "jp.oa_response", "", "2019-04-27", "2019-05-07", "Golden Week 2019 with the enthronement days: 27 Apr – 6 May closed")]
#[case("JP", "patent", "domestic", &[("oa_dispatched", "2020-06-11")], "jp.oa_response", "", "2020-08-10", "2020-08-11", "2020 Olympic move: 山の日 on 10 Aug")]
// --- 拒絶査定不服審判 121条
#[case("JP", "patent", "domestic", &[("refusal_served", "2024-01-31")], "jp.appeal", "", "2024-04-30", "2024-04-30", "served on a month end: 3 months end on 30 April (JPO month-end rule)")]
#[case("JP", "patent", "domestic", &[("refusal_served", "2009-03-31")], "jp.appeal", "", "2009-04-30", "2009-04-30", "served before 2009-04-01: 30 days")]
#[case("JP", "patent", "domestic", &[("refusal_served", "2009-04-01")], "jp.appeal", "", "2009-07-01", "2009-07-01", "served from 2009-04-01: 3 months")]
#[case("JP", "patent", "domestic", &[("refusal_served", "2019-07-22")], "jp.appeal", "", "2019-10-22", "2019-10-23", "ends on 即位礼正殿の儀 2019-10-22: rolled a day")]
#[case("JP", "trademark", "domestic", &[("refusal_served", "2024-01-31")], "jp.appeal", "", "2024-04-30", "2024-04-30", "trademarks: same 3 months (商標法44条)")]
// --- 特許料 108条
#[case("JP", "patent", "domestic", &[("grant_decision_served", "2025-12-01")], "jp.grant_fee", "", "2025-12-31", "2026-01-05", "30 days end in 年末年始")]
#[case("JP", "patent", "domestic", &[("grant_decision_served", "2020-06-23")], "jp.grant_fee", "", "2020-07-23", "2020-07-27", "2020 Olympic moves: 7/23 海の日, 7/24 スポーツの日, weekend")]
#[case("JP", "patent", "domestic", &[("grant_decision_served", "2021-06-22")], "jp.grant_fee", "", "2021-07-22", "2021-07-26", "2021 Olympic moves: 7/22 海の日, 7/23 スポーツの日, weekend")]
#[case("JP", "patent", "domestic", &[("grant_decision_served", "2021-07-09")], "jp.grant_fee", "", "2021-08-08", "2021-08-10", "2021: 山の日 on Sunday 8/8, substitute 8/9")]
#[case("JP", "design", "domestic", &[("grant_decision_served", "2025-12-01")], "jp.grant_fee", "", "2025-12-31", "2026-01-05", "design registration fee: 30 days (意匠法43条1項)")]
#[case("JP", "trademark", "domestic", &[("grant_decision_served", "2024-04-03")], "jp.grant_fee", "", "2024-05-03", "2024-05-07", "trademark registration fee: 30 days end on 憲法記念日; 5/4–5/6 closed")]
// --- 年金 108条2項・追納 112条
#[case("JP", "patent", "domestic", &[("filed", "2015-03-10"), ("registered", "2018-05-03")], "jp.annuity", ":4", "2021-05-03", "2021-05-06", "year 4 due on the 3rd anniversary, in Golden Week 2021")]
#[case("JP", "patent", "domestic", &[("filed", "2015-03-10"), ("registered", "2018-05-03")], "jp.annuity_grace", ":4", "2021-11-06", "2021-11-08", "追納: 6 months from the day after the rolled due date 2021-05-06; a Saturday")]
#[case("JP", "patent", "domestic", &[("filed", "2020-01-10"), ("registered", "2024-02-29")], "jp.annuity", ":4", "2027-02-28", "2027-03-01", "registered on 29 Feb: anniversary in 2027 is 28 Feb, a Sunday")]
#[case("JP", "utility_model", "domestic", &[("filed", "2015-03-10"), ("registered", "2015-06-01")], "jp.annuity", ":4", "2018-06-01", "2018-06-01", "utility model year 4")]
#[case("JP", "design", "domestic", &[("filed", "2021-03-01"), ("registered", "2022-02-07")], "jp.annuity", ":2", "2023-02-07", "2023-02-07", "design filed from 2020-04-01: year 2 due on the 1st anniversary")]
// --- 存続期間 67条 (never rolled)
#[case("JP", "patent", "domestic", &[("filed", "2005-03-09")], "jp.term", "", "2025-03-09", "2025-03-09", "20 years end on a Sunday: a term is not rolled")]
#[case("JP", "utility_model", "domestic", &[("filed", "2010-05-15")], "jp.term", "", "2020-05-15", "2020-05-15", "utility model 10 years")]
#[case("JP", "utility_model", "domestic", &[("filed", "2004-05-15")], "jp.term", "", "2010-05-15", "2010-05-15", "utility model filed before 2005-04-01: 6 years, a Saturday, not rolled")]
#[case("JP", "design", "domestic", &[("filed", "2021-07-04")], "jp.term", "", "2046-07-04", "2046-07-04", "design filed from 2020-04-01: 25 years from filing")]
#[case("JP", "design", "domestic", &[("filed", "2010-01-10"), ("registered", "2010-09-05")], "jp.term", "", "2030-09-05", "2030-09-05", "design filed 2007–2020: 20 years from registration")]
// --- 優先権 41条 / パリ条約4条C
#[case("JP", "patent", "domestic", &[("filed", "2023-02-28")], "jp.domestic_priority", "", "2024-02-29", "2024-02-29", "JPO month-end rule: 2023-02-28 + 12 months = 2024-02-29")]
#[case("JP", "patent", "domestic", &[("filed", "2023-02-28")], "paris.priority", "", "2024-02-28", "2024-02-28", "same-day rule gives 2024-02-28, earlier than JPO's 2024-02-29: the earlier is docketed")]
#[case("JP", "patent", "domestic", &[("filed", "2024-05-03")], "paris.priority", "", "2025-05-03", "2025-05-07", "12 months end in Golden Week 2025")]
#[case("JP", "design", "domestic", &[("filed", "2024-01-15")], "paris.priority", "", "2024-07-15", "2024-07-16", "design: 6 months, ends on 海の日 2024")]
#[case("US", "provisional", "domestic", &[("filed", "2023-01-15")], "paris.priority", "", "2024-01-15", "2024-01-16", "US provisional as a first filing: ends on MLK Day")]
// --- 新規性喪失の例外 30条
#[case("JP", "patent", "domestic", &[("disclosed", "2024-05-03")], "jp.grace_filing", "", "2025-05-03", "2025-05-03", "roll uncertain: the unrolled Saturday is docketed")]
#[case("JP", "patent", "domestic", &[("disclosed", "2017-12-08")], "jp.grace_filing", "", "2018-06-08", "2018-06-08", "disclosed the day before 2017-12-09: 6 months")]
#[case("JP", "patent", "domestic", &[("disclosed", "2017-12-09")], "jp.grace_filing", "", "2018-12-09", "2018-12-09", "disclosed from 2017-12-09: 1 year")]
#[case("JP", "patent", "domestic", &[("disclosed", "2024-06-01"), ("filed", "2024-12-03")], "jp.grace_certificate", "", "2025-01-02", "2025-01-06", "30 days end in 年末年始; weekend follows")]
#[case("JP", "patent", "domestic", &[("priority", "2024-01-15"), ("filed", "2025-01-10")], "jp.publication", "", "2025-07-15", "2025-07-15", "18 months from the priority date, information only")]
// --- PCT
#[case("PCT", "patent", "domestic", &[("priority", "2023-02-28"), ("filed", "2024-02-26")], "jp.national_phase", "", "2025-08-28", "2025-08-28", "30 months from a month-end priority: same-day 8/28 is earlier than JPO 8/31")]
#[case("PCT", "patent", "domestic", &[("priority", "2024-01-20"), ("filed", "2025-01-17")], "jp.national_phase", "", "2026-07-20", "2026-07-21", "ends on 海の日 2026")]
#[case("PCT", "patent", "domestic", &[("priority", "2022-06-25"), ("filed", "2023-06-23")], "pct.national_phase", ":US", "2024-12-25", "2024-12-26", "US 30 months end on Christmas Day")]
#[case("PCT", "patent", "domestic", &[("priority", "2022-06-25"), ("filed", "2023-06-23")], "pct.national_phase", ":EP", "2025-01-25", "2025-01-27", "EP 31 months end on a Saturday")]
#[case("PCT", "patent", "domestic", &[("priority", "2022-06-25"), ("filed", "2023-06-23")], "pct.national_phase", ":KR", "2025-01-25", "2025-01-31", "KR 31 months end on a Saturday: Sunday, the temporary holiday of 27 Jan and Seollal 28–30 Jan 2025 follow at the KIPO")]
#[case("PCT", "patent", "domestic", &[("priority", "2022-06-25"), ("filed", "2023-06-23")], "pct.national_phase", ":CN", "2024-12-25", "2024-12-25", "CN 30 months: an ordinary Wednesday at the CNIPA")]
#[case("PCT", "patent", "domestic", &[("priority", "2021-08-04"), ("filed", "2022-08-03")], "pct.national_phase", ":CN", "2024-02-04", "2024-02-04", "CN 30 months end on Sunday 4 Feb 2024, a moved working day (调休): the CNIPA is open, not rolled")]
#[case("PCT", "patent", "domestic", &[("priority", "2022-06-01"), ("filed", "2023-05-30")], "cn.national_phase", "late", "2025-02-01", "2025-02-05", "CN 32 months with the grace fee (细则第120条) end in the Spring Festival 2025 (28 Jan – 4 Feb)")]
#[case("PCT", "patent", "domestic", &[("priority", "2023-05-01"), ("filed", "2024-04-26"), ("isr_transmitted", "2024-03-10")], "pct.article19", "", "2024-09-01", "2024-09-02", "priority + 16 months is later than ISR + 2 months; a Sunday")]
#[case("PCT", "patent", "domestic", &[("priority", "2023-05-01"), ("filed", "2024-04-26"), ("isr_transmitted", "2024-08-20")], "pct.article19", "", "2024-10-20", "2024-10-21", "ISR + 2 months is later")]
#[case("PCT", "patent", "domestic", &[("filed", "2023-05-01"), ("isr_transmitted", "2023-09-01")], "pct.article19", "", "2024-09-01", "2024-09-02", "no priority claim: the international filing date is the priority date")]
#[case("PCT", "patent", "domestic", &[("priority", "2023-05-01"), ("filed", "2024-04-26"), ("isr_transmitted", "2024-03-10")], "pct.demand", "", "2025-03-01", "2025-03-03", "priority + 22 months is later; a Saturday at the JPO")]
// --- EP
#[case("EP", "patent", "domestic", &[("filed", "2021-06-15")], "ep.renewal", ":3", "2023-06-30", "2023-06-30", "year 3: last day of the month of the 2nd anniversary")]
#[case("EP", "patent", "domestic", &[("filed", "2021-06-15")], "ep.renewal", ":4", "2024-06-30", "2024-06-30", "a Sunday due date is not moved (the grace end is)")]
#[case("EP", "patent", "domestic", &[("filed", "2021-06-15")], "ep.renewal", "grace:4", "2024-12-30", "2025-01-02", "6 months after the due date end in the EPO Christmas closure")]
#[case("EP", "patent", "domestic", &[("filed", "2021-06-15"), ("granted", "2024-03-27")], "ep.opposition", "", "2024-12-27", "2025-01-02", "9 months end on a bridging day; closure to 1 Jan")]
#[case("EP", "patent", "domestic", &[("filed", "2021-06-15"), ("granted", "2024-03-30")], "ep.validation", "", "2024-06-30", "2024-06-30", "validation: national law, not rolled here")]
// --- US
#[case("US", "patent", "domestic", &[("oa_dispatched", "2024-04-04")], "us.oa_response", "", "2024-07-04", "2024-07-05", "3 months end on Independence Day")]
#[case("US", "patent", "domestic", &[("oa_dispatched", "2024-04-04")], "us.oa_response", "extended", "2024-10-04", "2024-10-04", "6 months with extension fees")]
#[case("US", "patent", "domestic", &[("oa_dispatched", "2023-11-30")], "us.oa_response", "", "2024-02-29", "2024-02-29", "same-day rule: Feb has no 30th, last day of February")]
#[case("US", "provisional", "domestic", &[("filed", "2023-01-15")], "us.nonprovisional", "", "2024-01-15", "2024-01-16", "12 months end on MLK Day")]
#[case("US", "patent", "domestic", &[("granted", "2020-11-11")], "us.maintenance", ":4", "2024-05-11", "2024-05-13", "3.5 years end on a Saturday")]
#[case("US", "patent", "domestic", &[("granted", "2020-11-11")], "us.maintenance", ":8", "2028-05-11", "2028-05-11", "7.5 years")]
#[case("US", "patent", "domestic", &[("granted", "2020-11-11")], "us.maintenance", ":12", "2032-05-11", "2032-05-11", "11.5 years")]
#[case("US", "patent", "domestic", &[("granted", "2020-11-11")], "us.maintenance", "grace:4", "2024-11-11", "2024-11-12", "grace ends 4 years after grant, on Veterans Day")]
// --- CN: 专利法 / 实施细则 (2023): same-day counting (细则第5条), CNIPA rest and moved working days
#[case("CN", "patent", "domestic", &[("filed", "2021-10-01")], "cn.exam_request", "", "2024-10-01", "2024-10-08", "3 years (专利法第35条) end in National Day week 2024 (1–7 Oct): first working day 8 Oct")]
#[case("CN", "patent", "domestic", &[("filed", "2021-02-04")], "cn.exam_request", "", "2024-02-04", "2024-02-04", "ends on Sunday 4 Feb 2024, a moved working day: the CNIPA is open")]
#[case("CN", "patent", "domestic", &[("priority", "2021-09-28"), ("filed", "2022-09-20")], "cn.exam_request", "", "2024-09-28", "2024-09-29", "from the priority date (细则第12条); Saturday 28 Sep rolls to the working Sunday 29 Sep 2024")]
#[case("CN", "patent", "domestic", &[("parent_filed", "2020-03-02"), ("filed", "2023-01-10")], "cn.exam_request", "", "2023-03-10", "2023-03-10", "divisional: parent + 3 years (2023-03-02) leaves under 2 months, so 2 months from the divisional's filing")]
#[case("CN", "patent", "domestic", &[("oa_dispatched", "2025-06-01")], "cn.oa_response", "", "2025-10-01", "2025-10-09", "first office action: 4 months end in the 2025 National Day and Mid-Autumn break (1–8 Oct)")]
#[case("CN", "patent", "domestic", &[("earlier_oa_dispatched", "2025-03-01"), ("oa_dispatched", "2025-12-31")], "cn.oa_response", "", "2026-02-28", "2026-02-28", "further office action: 2 months from 31 Dec end on the last day of February, Saturday 28 Feb 2026, a moved working day")]
#[case("CN", "patent", "domestic", &[("oa_dispatched", "2025-06-01")], "cn.oa_response", "extended", "2025-12-01", "2025-12-01", "extension of 2 months (细则第6条第4款) added to the unrolled end 2025-10-01")]
#[case("CN", "patent", "domestic", &[("grant_decision_served", "2024-08-01")], "cn.grant_fee", "", "2024-10-01", "2024-10-08", "registration within 2 months (细则第60条) ends on National Day 2024")]
#[case("CN", "patent", "domestic", &[("filed", "2019-04-30"), ("registered", "2022-08-10")], "cn.annuity", ":5", "2023-04-30", "2023-05-04", "registered in patent year 4 (paid with the registration): year 5 due on the 4th filing anniversary, a Sunday before Labour Day 1–3 May 2023")]
#[case("CN", "patent", "domestic", &[("filed", "2019-04-30"), ("registered", "2022-08-10")], "cn.annuity_grace", ":5", "2023-10-30", "2023-10-30", "late payment: 6 months from the unrolled due date (细则第115条)")]
#[case("CN", "patent", "domestic", &[("filed", "2005-10-01")], "cn.term", "", "2025-10-01", "2025-10-01", "20 years (专利法第42条) end on National Day: a term is not rolled")]
#[case("CN", "design", "domestic", &[("filed", "2022-03-15")], "cn.term", "", "2037-03-15", "2037-03-15", "a design filed from 2021-06-01: 15 years")]
#[case("CN", "design", "domestic", &[("filed", "2021-05-31")], "cn.term", "", "2031-05-31", "2031-05-31", "a design filed before 2021-06-01: 10 years")]
// --- KR: 특허법 제14조 counting (the JPO's way), KIPO holidays, Saturdays and 1 May
#[case("KR", "patent", "domestic", &[("filed", "2021-09-17")], "kr.exam_request", "", "2024-09-17", "2024-09-19", "3 years (제59조 제2항) end in Chuseok 2024 (16–18 Sep)")]
#[case("KR", "patent", "domestic", &[("filed", "2016-05-05")], "kr.exam_request", "", "2021-05-05", "2021-05-06", "filed before 2017-03-01: 5 years, ending on Children's Day")]
#[case("KR", "patent", "domestic", &[("parent_filed", "2019-01-10"), ("filed", "2022-01-01")], "kr.exam_request", "", "2022-01-31", "2022-02-03", "divisional: 30 days from its filing are later than parent + 3 years, and end in Seollal 2022 (31 Jan – 2 Feb)")]
#[case("KR", "patent", "domestic", &[("oa_dispatched", "2024-07-16")], "kr.oa_response", "", "2024-09-16", "2024-09-19", "2 months (제63조) end on the eve of Chuseok 2024")]
#[case("KR", "patent", "domestic", &[("oa_dispatched", "2024-07-16")], "kr.oa_response", "extended", "2025-01-16", "2025-01-16", "4 months of extensions added to the unrolled end 2024-09-16")]
#[case("KR", "patent", "domestic", &[("filed", "2019-06-03"), ("registered", "2021-05-01")], "kr.annuity", ":4", "2024-05-01", "2024-05-02", "year 4 due on the 3rd anniversary of registration (제79조), Workers' Day: rolled (제14조 제4호)")]
#[case("KR", "patent", "domestic", &[("filed", "2019-06-03"), ("registered", "2021-05-01")], "kr.annuity_grace", ":4", "2024-11-01", "2024-11-01", "additional payment within 6 months (제81조) of the unrolled due date")]
#[case("KR", "patent", "domestic", &[("filed", "2006-09-25")], "kr.term", "", "2026-09-25", "2026-09-25", "20 years (제88조) end on Chuseok 2026: a term is not rolled")]
// --- 商標
#[case("JP", "trademark", "domestic", &[("registered", "2016-03-20")], "tm.renewal", ":10", "2026-03-20", "2026-03-20", "term ends on 春分の日 2026: a term is not rolled")]
#[case("JP", "trademark", "domestic", &[("registered", "2016-03-20")], "tm.renewal", "late:10", "2026-09-20", "2026-09-24", "late renewal: Sunday, 敬老の日, 国民の休日 9/22, 秋分の日")]
// --- agreements and policies: their own dates, not rolled
#[case("AGREEMENT", "patent", "domestic", &[("agreement_expires", "2026-03-29")], "agreement.expiry", "", "2026-03-29", "2026-03-29", "the agreement's date, a Sunday, kept")]
#[case("AGREEMENT", "patent", "domestic", &[("renewal_notice_due", "2026-01-02")], "agreement.renewal_notice", "", "2026-01-02", "2026-01-02", "not rolled over 年末年始")]
#[case("AGREEMENT", "patent", "domestic", &[("report_due", "2026-05-31")], "agreement.report", "", "2026-05-31", "2026-05-31", "report date kept")]
#[case("POLICY", "patent", "domestic", &[("review_due", "2027-01-02")], "policy.review", "", "2027-01-02", "2027-01-02", "review date kept")]
fn every_rule_row(
    #[case] office: &str,
    #[case] right: &str,
    #[case] applicant: &str,
    #[case] events: &[(&str, &str)],
    #[case] code: &str,
    #[case] sel: &str,
    #[case] unrolled: &str,
    #[case] due: &str,
    #[case] why: &str,
) {
    let mut f = facts(office, right, events);
    if applicant == "overseas" {
        f.applicant = ApplicantKind::Overseas;
    }
    let all = compute(&f).unwrap();
    let dl = pick(&all, code, sel);
    assert_eq!(
        (dl.unrolled, dl.due),
        (d(unrolled), d(due)),
        "{code}/{sel}: {why}\n{}",
        dl.explanation
    );
    assert!(dl.due >= dl.unrolled, "never before the unrolled date");
    assert!(!dl.explanation.is_empty() && !dl.explanation_en.is_empty());
    assert!(
        dl.explanation.contains(dl.basis.as_ref()),
        "the explanation cites the basis"
    );
}

#[test]
fn explanation_names_each_closed_day_rolled_over() {
    let all = compute(&facts("JP", "patent", &[("filed", "2022-12-31")])).unwrap();
    let dl = pick(&all, "jp.exam_request", "");
    assert!(
        dl.explanation
            .contains("2026-01-03 年末年始, 2026-01-04 日曜日"),
        "each day and its reason: {}",
        dl.explanation
    );
    assert!(
        dl.explanation_en.contains("2026-01-04 Sunday"),
        "{}",
        dl.explanation_en
    );
    let reasons: Vec<_> = dl.rolled_over.iter().map(|r| r.kind).collect();
    assert_eq!(
        reasons,
        [
            DayKind::YearEnd,
            DayKind::National,
            DayKind::YearEnd,
            DayKind::YearEnd,
            DayKind::Weekend
        ],
        "31 Dec, 元日, 2 Jan, 3 Jan (Saturday, but 年末年始), Sunday"
    );
}

#[test]
fn bare_computation_plus_explain_equals_compute() {
    let f = facts(
        "PCT",
        "patent",
        &[
            ("priority", "2023-05-01"),
            ("filed", "2024-04-26"),
            ("isr_transmitted", "2024-03-10"),
        ],
    );
    let full = compute(&f).unwrap();
    let mut bare = compute_bare(&f).unwrap();
    assert!(
        bare.iter().all(|x| x.explanation.is_empty()),
        "bare means no text"
    );
    for x in &mut bare {
        let (ja, en) = explain(x).unwrap();
        x.explanation = ja;
        x.explanation_en = en;
    }
    assert_eq!(bare, full, "explaining later gives the same deadlines");
    let art19 = pick(&full, "pct.article19", "");
    let alt = art19.alternative.as_ref().unwrap();
    assert_eq!(
        (alt.trigger.fact.as_ref(), alt.end),
        ("isr_transmitted", d("2024-05-10")),
        "the losing candidate is kept"
    );
    assert!(
        art19.explanation.contains("2024-05-10"),
        "and explained: {}",
        art19.explanation
    );
}

#[test]
fn month_end_convention_difference_is_flagged_uncertain() {
    let all = compute(&facts("JP", "patent", &[("filed", "2023-02-28")])).unwrap();
    let paris = pick(&all, "paris.priority", "");
    assert!(
        paris.uncertain.is_some(),
        "2024-02-28 vs 2024-02-29 must be flagged"
    );
    let domestic = pick(&all, "jp.domestic_priority", "");
    assert!(
        domestic.uncertain.is_none(),
        "the JPO rule alone has one answer"
    );
}

#[test]
fn uncertain_roll_names_the_later_date() {
    let all = compute(&facts("JP", "patent", &[("disclosed", "2024-05-03")])).unwrap();
    let g = pick(&all, "jp.grace_filing", "");
    assert!(
        g.uncertain.as_deref().unwrap_or("").contains("2025-05-07"),
        "the rolled candidate is named: {:?}",
        g.uncertain
    );
}

#[test]
fn extension_only_from_2016_04_01() {
    let before = compute(&facts("JP", "patent", &[("oa_dispatched", "2016-03-31")])).unwrap();
    assert!(
        !before
            .iter()
            .any(|x| x.variant.as_deref() == Some("extended")),
        "no extension on request before 2016-04-01"
    );
}

#[test]
fn annuities_stop_at_the_end_of_the_term() {
    let f = facts(
        "JP",
        "patent",
        &[("filed", "2005-01-10"), ("registered", "2020-06-01")],
    );
    let years: Vec<u32> = compute(&f)
        .unwrap()
        .iter()
        .filter(|x| x.code == "jp.annuity")
        .filter_map(|x| x.year)
        .collect();
    assert_eq!(
        years,
        [4, 5],
        "term ends 2025-01-10: year 6 (2025-06-01) is after it"
    );
}

#[test]
fn only_the_next_open_annuities_are_materialised_and_any_year_derives() {
    let mut f = facts(
        "JP",
        "patent",
        &[("filed", "2015-03-10"), ("registered", "2018-05-03")],
    );
    f.paid_through = Some(10);
    let years: Vec<u32> = compute(&f)
        .unwrap()
        .iter()
        .filter(|x| x.code == "jp.annuity")
        .filter_map(|x| x.year)
        .collect();
    assert_eq!(years, [11, 12, 13], "paid through year 10: the next three");
    let y15 = derive_year(&f, "jp.annuity", 15).unwrap().unwrap();
    assert_eq!(
        y15.unrolled,
        d("2032-05-03"),
        "year 15 on the 14th anniversary"
    );
    assert!(
        derive_year(&f, "jp.annuity", 19).unwrap().is_none(),
        "term ends 2035-03-10: no year 19"
    );
    assert!(
        derive_year(&f, "jp.annuity", 3).unwrap().is_none(),
        "years 1–3 are the grant fee"
    );
}

#[test]
fn ep_renewals_end_with_the_mention_of_grant() {
    let f = facts(
        "EP",
        "patent",
        &[("filed", "2021-06-15"), ("granted", "2024-03-06")],
    );
    let years: Vec<u32> = compute(&f)
        .unwrap()
        .iter()
        .filter(|x| x.code == "ep.renewal" && x.variant.is_none())
        .filter_map(|x| x.year)
        .collect();
    assert_eq!(
        years,
        [3],
        "year 4 starts after the mention of grant: paid nationally"
    );
}

#[test]
fn closing_fact_marks_the_deadline_closed() {
    let f = facts(
        "JP",
        "patent",
        &[("filed", "2023-01-05"), ("exam_requested", "2024-02-01")],
    );
    let all = compute(&f).unwrap();
    let e = pick(&all, "jp.exam_request", "");
    assert_eq!(
        e.closed.as_ref().map(|c| c.date),
        Some(d("2024-02-01")),
        "exam requested"
    );
}

#[test]
fn unknown_fact_and_office_are_refused() {
    let f = Facts::new("JP", RightType::Patent);
    assert!(
        f.clone().with("fild", d("2024-01-01")).is_err(),
        "typo refused"
    );
    assert!(
        compute(&Facts::new("XX", RightType::Patent)).is_err(),
        "unknown office refused"
    );
    let bad = facts(
        "JP",
        "patent",
        &[("priority", "2024-02-01"), ("filed", "2024-01-01")],
    );
    assert!(compute(&bad).is_err(), "priority after filing refused");
}

#[test]
fn a_first_filing_gets_its_full_docket() {
    let f = facts("JP", "patent", &[("filed", "2024-04-01")]);
    let all = compute(&f).unwrap();
    let codes: Vec<&str> = all.iter().map(|x| x.code.as_ref()).collect();
    for code in [
        "jp.exam_request",
        "jp.domestic_priority",
        "paris.priority",
        "jp.publication",
        "jp.term",
    ] {
        assert!(
            codes.contains(&code),
            "{code} expected for a JP first filing: {codes:?}"
        );
    }
}

fn arb_date() -> impl Strategy<Value = NaiveDate> {
    (0i64..(365 * 60)).prop_map(|n| d("1975-01-01") + chrono::Duration::days(n))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// A rolled deadline is never on a closed day and never before its unrolled date; a
    /// deadline that does not roll equals its unrolled date.
    #[test]
    fn rolled_due_is_open_and_never_earlier(filed in arb_date(), oa in arb_date(), reg_offset in 0i64..4000) {
        let registered = filed + chrono::Duration::days(reg_offset);
        for (office, right) in [("JP", "patent"), ("US", "patent"), ("EP", "patent"), ("PCT", "patent"), ("JP", "trademark"), ("CN", "patent"), ("KR", "patent"), ("CN", "design")] {
            let f = facts(office, right, &[])
                .with("filed", filed).unwrap()
                .with("oa_dispatched", oa).unwrap()
                .with("registered", registered).unwrap()
                .with("granted", registered).unwrap()
                .with("refusal_served", oa).unwrap()
                .with("grant_decision_served", oa).unwrap()
                .with("isr_transmitted", oa).unwrap();
            for dl in compute(&f).unwrap() {
                prop_assert!(dl.due >= dl.unrolled, "{} due before unrolled", dl.code);
                match dl.roll {
                    Roll::Yes => prop_assert!(!dl.calendar.is_closed(dl.due), "{} {} due on a closed day", dl.code, dl.due),
                    Roll::No | Roll::Uncertain => prop_assert_eq!(dl.due, dl.unrolled, "{} must not roll", dl.code),
                }
            }
        }
    }

    /// The term of a right is never rolled, whatever day it ends on.
    #[test]
    fn a_term_is_never_rolled(filed in arb_date()) {
        for right in ["patent", "utility_model", "design"] {
            let f = facts("JP", right, &[]).with("filed", filed).unwrap().with("registered", filed).unwrap();
            for dl in compute(&f).unwrap().iter().filter(|x| x.code == "jp.term") {
                prop_assert_eq!(dl.due, dl.unrolled, "term {} rolled", dl.due);
                prop_assert!(dl.rolled_over.is_empty());
            }
        }
    }

    /// Both conventions agree except when the trigger is at a month end.
    #[test]
    fn conventions_agree_away_from_month_ends(t in arb_date(), months in 1u32..40) {
        let p = Period::months(months);
        let jpo = end_of_period(t, p, Convention::Jpo).unwrap();
        let same = end_of_period(t, p, Convention::SameDay).unwrap();
        if t.succ_opt().unwrap().month() == t.month() {
            prop_assert_eq!(jpo, same, "mid-month trigger {} + {}m", t, months);
        } else {
            prop_assert!(jpo >= same, "month-end trigger: JPO never earlier");
        }
    }
}
