//! Tests on the produced PDF bytes: parsed back with lopdf and with poppler's tools
//! (`pdftotext`, `pdffonts`, installed by the README's setup), as a reader would see them.

use std::io::Write;
use std::process::Command;

use chrono::{NaiveDate, NaiveDateTime};
use lopdf::Document as Lopdf;

use super::sample;
use super::{board_report, register_report};

fn as_of() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 3, 31).unwrap()
}

fn created() -> NaiveDateTime {
    as_of().and_hms_opt(9, 30, 0).unwrap() + chrono::Duration::days(1)
}

/// Runs a poppler tool on `pdf` and returns its stdout.
fn poppler(tool: &str, args: &[&str], pdf: &[u8]) -> String {
    let mut file = tempfile::NamedTempFile::new().unwrap();
    file.write_all(pdf).unwrap();
    let out = Command::new(tool)
        .args(args)
        .arg(file.path())
        .arg("-")
        .output()
        .or_else(|_| Command::new(tool).args(args).arg(file.path()).output())
        .unwrap_or_else(|e| {
            panic!("{tool} is needed for the PDF tests (apt-get install poppler-utils): {e}")
        });
    assert!(
        out.status.success(),
        "{tool} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn page_text(pdf: &[u8], page: usize) -> String {
    let p = page.to_string();
    poppler("pdftotext", &["-f", &p, "-l", &p, "-layout"], pdf)
}

fn fonts(pdf: &[u8]) -> String {
    let mut file = tempfile::NamedTempFile::new().unwrap();
    file.write_all(pdf).unwrap();
    let out = Command::new("pdffonts")
        .arg(file.path())
        .output()
        .expect("pdffonts");
    String::from_utf8(out.stdout).unwrap()
}

fn info_string(doc: &Lopdf, key: &[u8]) -> String {
    let info = doc.trailer.get(b"Info").unwrap().as_reference().unwrap();
    let dict = doc.get_dictionary(info).unwrap();
    let bytes = dict.get(key).unwrap().as_str().unwrap();
    if bytes.starts_with(&[0xFE, 0xFF]) {
        let units: Vec<u16> = bytes[2..]
            .chunks(2)
            .map(|c| u16::from_be_bytes([c[0], c[1]]))
            .collect();
        String::from_utf16(&units).unwrap()
    } else {
        String::from_utf8_lossy(bytes).into_owned()
    }
}

#[test]
fn board_report_has_its_pages_frame_and_japanese_text() {
    let report = sample::board(2025, as_of(), created());
    let rendered = board_report(&report).unwrap();
    let pdf = rendered.bytes;
    let doc = Lopdf::load_mem(&pdf).unwrap();
    let n = doc.get_pages().len();
    assert_eq!(
        n, 3,
        "summary, ten-year charts, decisions: three pages for the sample"
    );
    assert_eq!(rendered.pages, n, "the reported page count is the file's");
    for page in 1..=n {
        let text = page_text(&pdf, page);
        for want in [
            "国立大学法人 北辰大学",
            "知的財産本部 活動報告（2025年度）",
            "基準日 2026年3月31日（令和8年）",
            "関係者外秘",
            &format!("{page} / {n}"),
        ] {
            assert!(
                text.contains(want),
                "page {page} lacks the frame item {want:?}:\n{text}"
            );
        }
    }
    let first = page_text(&pdf, 1);
    assert!(first.contains("特許取得件数"), "KPI table on page 1");
    assert!(
        first.contains("大学発特許取得数を10年間で15倍"),
        "the founding target is shown"
    );
    let second = page_text(&pdf, 2);
    assert!(second.contains("10年間の推移") && second.contains("2016") && second.contains("2025"));
    let third = page_text(&pdf, 3);
    assert!(
        third.contains("特許第6512300号") && third.contains("□維持 □放棄"),
        "annuity decisions listed"
    );
    assert!(
        third.contains("職務発明規程") && third.contains("期限超過"),
        "an overdue review is flagged"
    );
}

#[test]
fn kpi_table_shows_the_figures_it_was_given() {
    let mut report = sample::board(2025, as_of(), created());
    let fy = report
        .years
        .iter_mut()
        .find(|y| y.fiscal_year == 2025)
        .unwrap();
    fy.grants = 4321;
    fy.income_yen = 98_765_432;
    let pdf = board_report(&report).unwrap().bytes;
    let text = page_text(&pdf, 1);
    let grants = text.lines().find(|l| l.contains("特許取得件数")).unwrap();
    assert!(
        grants.contains("4,321"),
        "the year's grants with a thousands separator: {grants}"
    );
    let income = text.lines().find(|l| l.contains("知財収入")).unwrap();
    assert!(income.contains("¥98,765,432"), "income in yen: {income}");
}

#[test]
fn metadata_is_set_explicitly() {
    let report = sample::board(2025, as_of(), created());
    let doc = Lopdf::load_mem(&board_report(&report).unwrap().bytes).unwrap();
    assert_eq!(
        info_string(&doc, b"Title"),
        "知的財産本部 活動報告（2025年度）"
    );
    assert_eq!(
        info_string(&doc, b"Author"),
        "国立大学法人 北辰大学",
        "author is the institution"
    );
    let date = info_string(&doc, b"CreationDate");
    assert_eq!(
        date, "D:20260401003000+00'00'",
        "created 09:30 Japan time is 00:30 UTC: printpdf always writes a +00'00' offset, so the \
         instant must be given in UTC or readers show a time nine hours late"
    );
}

#[test]
fn fonts_are_embedded_as_subsets_and_the_file_stays_small() {
    let report = sample::board(2025, as_of(), created());
    let pdf = board_report(&report).unwrap().bytes;
    let listing = fonts(&pdf);
    let rows: Vec<&str> = listing.lines().skip(2).collect();
    assert_eq!(rows.len(), 2, "regular and bold, nothing else:\n{listing}");
    for row in rows {
        let cols: Vec<&str> = row.split_whitespace().collect();
        assert!(
            cols[0].contains('+'),
            "subset fonts carry the XXXXXX+ tag: {row}"
        );
        assert!(cols[0].contains("BIZUDGothic"), "the shipped face: {row}");
        let flags = &cols[cols.len() - 5..cols.len() - 2];
        assert_eq!(
            flags,
            ["yes", "yes", "yes"],
            "emb / sub / uni all yes: {row}"
        );
    }
    assert!(
        pdf.len() < 400_000,
        "a subset 3-page report is small, got {} bytes",
        pdf.len()
    );
}

#[test]
fn register_repeats_its_header_on_every_page() {
    let register = sample::register(300, as_of(), created());
    let pdf = register_report(&register).unwrap().bytes;
    let n = Lopdf::load_mem(&pdf).unwrap().get_pages().len();
    assert!(
        n >= 5,
        "300 rows of a landscape register take several pages, got {n}"
    );
    for page in 1..=n {
        let text = page_text(&pdf, page);
        let header = text
            .lines()
            .find(|l| l.contains("出願番号"))
            .unwrap_or_else(|| panic!("page {page} lacks the header row:\n{text}"));
        for col in ["発明の名称", "共同出願人", "実施許諾", "当年度費用"] {
            assert!(
                header.contains(col),
                "page {page} header lacks {col}: {header}"
            );
        }
        assert!(
            text.contains(&format!("{page} / {n}")),
            "page number on page {page}"
        );
    }
}

#[test]
fn register_cells_wrap_without_breaking_kinsoku() {
    let register = sample::register(40, as_of(), created());
    let pdf = register_report(&register).unwrap().bytes;
    let text = poppler("pdftotext", &["-raw"], &pdf);
    let joined: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    assert!(
        joined.contains("自律移動ロボットの経路計画装置、経路計画方法およびプログラム"),
        "the long title is all there, wrapped inside its cell:\n{text}"
    );
    assert!(
        !text.contains("自律移動ロボットの経路計画装置、経路計画方法およびプログラム"),
        "the title is wider than its column, so it must wrap:\n{text}"
    );
    for line in text.lines() {
        let first = line.trim_start().chars().next();
        assert!(
            !matches!(first, Some('。' | '、' | '）' | '」')),
            "a line starts with closing punctuation: {line}"
        );
    }
}

fn head() -> super::RegisterHead {
    super::RegisterHead {
        institution: "国立大学法人 北辰大学".into(),
        as_of: as_of(),
        created: created(),
    }
}

#[test]
fn portfolio_register_groups_by_family_and_flags_ended_rights() {
    use super::{portfolio_register, PortfolioLine};
    let line = |family: &str, reference: &str, status: &str, ended: bool| PortfolioLine {
        application_id: None,
        family_reference: family.into(),
        family_title: format!("{family}の発明"),
        reference: reference.into(),
        office: "JP".into(),
        right_type: "特許".into(),
        status: status.into(),
        application_number: Some(format!("特願2024-{reference}")),
        filed_on: NaiveDate::from_ymd_opt(2024, 4, 1),
        registration_number: None,
        registered_on: None,
        co_applicants: vec!["株式会社サンプル（50%）".into()],
        licence: None,
        ended,
    };
    let lines = [
        line("F-2", "000003", "出願中", false),
        line("F-1", "000001", "登録", false),
        line("F-1", "000002", "放棄", true),
    ];
    let register = portfolio_register(&head(), &lines);
    let pdf = register_report(&register).unwrap().bytes;
    let text = page_text(&pdf, 1);
    let f1 = text.find("F-1の発明").expect("family F-1 has a group row");
    let f2 = text.find("F-2の発明").expect("family F-2 has a group row");
    assert!(f1 < f2, "families in reference order");
    assert!(text.contains("保有特許一覧") && text.contains("共同出願人"));
    let summary = text.lines().find(|l| l.contains("消滅・放棄")).unwrap();
    assert!(
        summary.contains("ファミリー"),
        "the summary row names its boxes: {summary}"
    );
}

#[test]
fn docket_register_prints_overdue_first() {
    use super::{docket_register, DeadlineLine, DeadlineState};
    let line = |due: (i32, u32, u32), what: &str| DeadlineLine {
        due: NaiveDate::from_ymd_opt(due.0, due.1, due.2).unwrap(),
        what: what.into(),
        code: "jp.exam_request".into(),
        subject: "特願2023-012345 全固体電池".into(),
        explanation: "出願日 2023-04-03 の翌日起算で3年、2026-04-03（金）".into(),
        responsible: Some("佐藤".into()),
        state: DeadlineState::Open,
    };
    let lines = [
        line((2026, 4, 3), "審査請求期限"),
        line((2026, 3, 10), "中間応答期限"),
    ];
    let register = docket_register(
        &head(),
        as_of(),
        NaiveDate::from_ymd_opt(2026, 6, 30).unwrap(),
        &lines,
    );
    let pdf = register_report(&register).unwrap().bytes;
    let text = page_text(&pdf, 1);
    let overdue = text
        .find("期限超過・未了（1件）")
        .expect("an overdue group");
    let late = text.find("中間応答期限").unwrap();
    let week = text
        .find("2026年3月30日（月）〜2026年4月5日（日）の週")
        .expect("the week of 3 April");
    let due = text.find("審査請求期限").unwrap();
    assert!(
        overdue < late && late < week && week < due,
        "overdue first, then by week:\n{text}"
    );
}

#[test]
fn decisions_not_recorded_are_not_reported_as_none_due() {
    let mut report = sample::board(2025, as_of(), created());
    report.annuities = None;
    report.policies = Some(Vec::new());
    let pdf = board_report(&report).unwrap().bytes;
    let decisions = page_text(&pdf, 3);
    let annuity_block = &decisions[..decisions.find("国内移行期限").unwrap()];
    assert!(
        annuity_block.contains("未登録"),
        "missing annuity data is named as missing:\n{annuity_block}"
    );
    assert!(
        !annuity_block.contains("該当なし"),
        "and never as 'none due'"
    );
    assert!(
        decisions.contains("登録された規程はありません"),
        "an empty list is an empty list"
    );
    let summary = page_text(&pdf, 1);
    let boxes = summary
        .lines()
        .skip_while(|l| !l.contains("年金納付"))
        .take(3)
        .collect::<Vec<_>>()
        .join("\n");
    assert!(
        boxes.contains("未登録"),
        "the summary box says 未登録:\n{boxes}"
    );
}

#[test]
fn a_target_past_its_year_reads_achieved_or_not_against_the_final_multiple() {
    let mut report = sample::board(2025, as_of(), created());
    assert!(!report.targets.is_empty(), "the sample has targets");
    // Move every target's year behind the report's year: no trajectory is left to be "on".
    for t in &mut report.targets {
        t.target_fiscal_year = 2023;
        t.base_fiscal_year = t.base_fiscal_year.min(2018);
    }
    let pdf = board_report(&report).unwrap().bytes;
    let first = page_text(&pdf, 1);
    assert!(
        !first.contains("軌道上の目標"),
        "no trajectory past the target year:\n{first}"
    );
    assert!(
        first.contains("2023年度までの目標")
            && (first.contains("：達成") || first.contains("：未達")),
        "the final target, achieved or not:\n{first}"
    );
}

/// Issue 15: at 100,000 applications a quarter brings thousands of annuities and hundreds of
/// national-phase entries. The board gets their count and money, the fees by office and the
/// thirty to decide first (late ones in their grace period, then the dearest), with the docket
/// report named for the rest — a few pages, not 240.
#[test]
fn a_long_decision_list_is_summarised_with_the_items_to_decide_first() {
    use super::board::{AnnuityDecision, NationalPhaseDue};
    let mut report = sample::board(2025, as_of(), created());
    let annuity = report.annuities.as_ref().unwrap()[0].clone();
    let start = annuity.due;
    report.annuities = Some(
        (0..3000_i64)
            .map(|i| AnnuityDecision {
                reference: format!("特許第{}号", 7_000_000 + i),
                office: if i % 3 == 0 { "US" } else { "JP" }.to_string(),
                due: start + chrono::Duration::days(i % 80),
                // The dearest are the last; the five in their grace period the cheapest.
                fee_yen: Some(10_000 + 10 * i),
                grace: i < 5,
                ..annuity.clone()
            })
            .collect(),
    );
    let entry = report.national_phase.as_ref().unwrap()[0].clone();
    report.national_phase = Some(
        (0..200_i64)
            .map(|i| NationalPhaseDue {
                reference: format!("PCT/JP2025/{:06}", 100_000 + i),
                // The nearest deadlines are the last references.
                due: entry.due + chrono::Duration::days(200 - i),
                estimated_cost_yen: (i % 2 == 0).then_some(1_000_000),
                ..entry.clone()
            })
            .collect(),
    );
    let rendered = board_report(&report).unwrap();
    assert!(
        rendered.pages <= 6,
        "the decisions fit a few pages ({} pages)",
        rendered.pages
    );
    let text: String = (1..=rendered.pages)
        .map(|p| page_text(&rendered.bytes, p))
        .collect();
    let from = text.find("判断事項：年金納付期限").unwrap();
    let to = text.find("判断事項：国内移行期限").unwrap();
    let annuities = &text[from..to];
    let national = &text[to..text.find("判断事項：満了する契約").unwrap()];

    // Sentences as read, whatever the line breaks.
    let flat = |s: &str| s.split_whitespace().collect::<String>();
    // 3,000 × ¥10,000 + ¥10 × (0 + 1 + … + 2,999)
    assert!(
        flat(annuities)
            .contains("該当は3,000件（うち追納期間中5件）、見込み年金額の合計は¥74,985,000"),
        "the count and total lead:\n{annuities}"
    );
    let office_line = |office: &str| {
        annuities
            .lines()
            .find(|l| l.trim_start().starts_with(office) && !l.contains("特許第"))
            .unwrap_or_else(|| panic!("a line for {office}:\n{annuities}"))
            .to_string()
    };
    assert!(office_line("JP").contains("2,000"), "{}", office_line("JP"));
    assert!(office_line("US").contains("1,000"), "{}", office_line("US"));
    let printed = |i: i64| annuities.contains(&format!("特許第{}号", 7_000_000 + i));
    assert!(
        (0..5).all(printed),
        "every annuity in its grace period is listed"
    );
    assert!(
        (2975..3000).all(printed),
        "then the 25 dearest:\n{annuities}"
    );
    assert!(
        !printed(2974) && !printed(5) && !printed(1500),
        "and nothing else"
    );
    assert_eq!(annuities.matches("□維持 □放棄").count(), 30);
    assert!(
        flat(annuities).contains("全件の一覧は期限一覧（期限一覧レポート）にあります。"),
        "the full list is named:\n{annuities}"
    );

    assert!(
        flat(national).contains("該当は200件、概算費用の合計は¥100,000,000（概算のないもの100件）"),
        "{national}"
    );
    let entry_printed = |i: i64| national.contains(&format!("PCT/JP2025/{:06}", 100_000 + i));
    assert!(
        (170..200).all(entry_printed) && !entry_printed(169),
        "the thirty nearest deadlines:\n{national}"
    );
}

/// Up to fifty items a list is printed whole, as before.
#[test]
fn a_decision_list_of_fifty_is_printed_whole() {
    use super::board::AnnuityDecision;
    let mut report = sample::board(2025, as_of(), created());
    let annuity = report.annuities.as_ref().unwrap()[0].clone();
    report.annuities = Some(
        (0..50_i64)
            .map(|i| AnnuityDecision {
                reference: format!("特許第{}号", 7_000_000 + i),
                ..annuity.clone()
            })
            .collect(),
    );
    let rendered = board_report(&report).unwrap();
    let text: String = (1..=rendered.pages)
        .map(|p| page_text(&rendered.bytes, p))
        .collect();
    assert!((0..50).all(|i| text.contains(&format!("特許第{}号", 7_000_000 + i))));
    assert!(!text.contains("該当は"), "no summary");
}
