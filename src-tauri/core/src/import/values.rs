//! Cell values as people type them: dates, offices, rights, statuses, yes/no, people with shares.
//!
//! Every reader returns `Ok(None)` for a blank cell and `Err(message)` with a message that starts
//! with the cell's text and says what is wrong, so the importer can print
//! `row 12, column 出願日: 令和5年2月30日 is not a date: month 2 of 2023 has 28 days`.

use chrono::NaiveDate;
use unicode_normalization::UnicodeNormalization;

use super::sheet::Cell;
use crate::era::{from_excel_serial, parse_date};

/// A problem found in one cell (or row) of the sheet.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, ts_rs::TS)]
pub struct Problem {
    /// The row number as Excel shows it.
    pub row: usize,
    /// The column's header text (empty for a problem with the whole row).
    pub column: String,
    /// What is wrong, starting with the value.
    pub message: String,
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.column.is_empty() {
            write!(f, "row {}: {}", self.row, self.message)
        } else {
            write!(
                f,
                "row {}, column {}: {}",
                self.row, self.column, self.message
            )
        }
    }
}

/// The cell as trimmed text, `None` when blank.
pub fn text(cell: &Cell) -> Option<String> {
    let t = cell.text();
    let t = t.trim();
    (!t.is_empty()).then(|| t.to_string())
}

/// A date: an Excel date cell, an Excel serial number, or text in any form [`parse_date`] reads.
pub fn date(cell: &Cell) -> Result<Option<NaiveDate>, String> {
    match cell {
        Cell::Date(d) => Ok(Some(*d)),
        Cell::Number(n) => from_excel_serial(*n).map(Some).map_err(|e| e.to_string()),
        Cell::Error(e) => Err(format!("{e} is an Excel error value, not a date")),
        Cell::Bool(b) => Err(format!("{b} is not a date")),
        _ => match text(cell) {
            None => Ok(None),
            Some(t) => parse_date(&t).map(Some).map_err(|e| e.to_string()),
        },
    }
}

/// A whole number (e.g. the year annuities are paid to): `5`, `５`, `5年`, `第5年分`.
pub fn whole_number(cell: &Cell) -> Result<Option<u32>, String> {
    match cell {
        Cell::Number(n) if n.fract() == 0.0 && *n >= 0.0 && *n < 1e9 => Ok(Some(*n as u32)),
        _ => match text(cell) {
            None => Ok(None),
            Some(t) => {
                let folded: String = t.nfkc().collect();
                let digits: String = folded
                    .trim_start_matches('第')
                    .trim_end_matches(['年', '分'])
                    .trim_end_matches('年')
                    .to_string();
                digits
                    .parse()
                    .map(Some)
                    .map_err(|_| format!("{t} is not a whole number"))
            }
        },
    }
}

/// Text as typed, with full-width letters and digits folded (NFKC) and trimmed: how a record
/// number (届出番号, 契約番号) is stored when a sheet creates the record.
pub fn nfkc_trim(raw: &str) -> String {
    raw.nfkc().collect::<String>().trim().to_string()
}

/// A record number folded for matching: NFKC, dash look-alikes as `-`, no spaces, upper-case,
/// so `ｋｙ−２０２４−００１` finds `KY-2024-001`.
pub fn number_key(raw: &str) -> String {
    raw.nfkc()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '\u{2010}'..='\u{2015}' | '\u{2212}' | '\u{30FC}' | '\u{FE63}' => '-',
            c => c.to_ascii_uppercase(),
        })
        .collect()
}

/// A word folded for matching a vocabulary: NFKC, lower-case, no spaces.
pub fn fold_word(raw: &str) -> String {
    raw.nfkc()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_lowercase()
}

/// An amount of yen: a number cell, or text such as `1,200,000`, `¥1,200,000`, `１２０万円`.
/// Negative amounts and fractions of a yen are refused.
pub fn yen(cell: &Cell) -> Result<Option<i64>, String> {
    match cell {
        Cell::Number(n) if n.fract() == 0.0 && *n >= 0.0 && *n < 1e15 => Ok(Some(*n as i64)),
        Cell::Number(n) => Err(format!(
            "{n} is not an amount of yen (a whole number, 0 or more)"
        )),
        _ => {
            let Some(t) = text(cell) else { return Ok(None) };
            let folded: String = fold_word(&t)
                .chars()
                .filter(|c| !matches!(c, ',' | '¥' | '￥' | '\\'))
                .collect();
            let (digits, factor) = match folded.strip_suffix('円').unwrap_or(&folded) {
                d if d.ends_with('万') => (d.trim_end_matches('万'), 10_000.0),
                d if d.ends_with('千') => (d.trim_end_matches('千'), 1_000.0),
                d => (d, 1.0),
            };
            let bad =
                || format!("{t} is not an amount of yen (write 1200000, 1,200,000 or 120万円)");
            let value: f64 = digits.parse().map_err(|_| bad())?;
            let yen = value * factor;
            if !(0.0..1e15).contains(&yen) || yen.fract() != 0.0 {
                return Err(bad());
            }
            Ok(Some(yen as i64))
        }
    }
}

/// Yes or no: 有/無, あり/なし, ○/×, はい/いいえ, 要/不要, yes/no, true/false, 1/0.
pub fn yes_no(cell: &Cell) -> Result<Option<bool>, String> {
    if let Cell::Bool(b) = cell {
        return Ok(Some(*b));
    }
    let Some(t) = text(cell) else { return Ok(None) };
    match fold_word(&t).as_str() {
        "有" | "あり" | "有り" | "○" | "〇" | "はい" | "要" | "yes" | "y" | "true" | "1"
        | "する" => Ok(Some(true)),
        "無" | "なし" | "無し" | "×" | "いいえ" | "不要" | "no" | "n" | "false" | "0"
        | "しない" | "-" => Ok(Some(false)),
        _ => Err(format!("{t} is not yes or no (write 有 or 無)")),
    }
}

/// A percentage as basis points: `3%`, `3`, `3.5 %`, `３．５％`; a number cell below 1 is read
/// as Excel's percent format (0.03 = 3 %).
pub fn percent_bp(cell: &Cell) -> Result<Option<u32>, String> {
    let value = match cell {
        Cell::Number(n) if *n > 0.0 && *n < 1.0 => n * 100.0,
        Cell::Number(n) => *n,
        _ => {
            let Some(t) = text(cell) else { return Ok(None) };
            let folded = fold_word(&t);
            folded
                .trim_end_matches('%')
                .parse()
                .map_err(|_| format!("{t} is not a percentage (write 3% or 3.5%)"))?
        }
    };
    if !(0.0..=100.0).contains(&value) {
        return Err(format!("{value} is not a percentage from 0 to 100"));
    }
    Ok(Some((value * 100.0).round() as u32))
}

/// The status code for what registers write: our labels (出願済, 審査中, 登録, … and the
/// English ones) and the words office sheets use (出願, 出願中, 国際段階, 審査請求済, 権利消滅,
/// 取下げ, 年金不納, …). Anything else needs a `[values.status]` line in the mapping file.
pub fn status_code(raw: &str) -> Option<&'static str> {
    let key: String = raw
        .nfkc()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_lowercase();
    let code = match key.as_str() {
        "drafting" | "未出願" | "出願準備中" | "準備中" | "起案中" | "出願準備"
        | "明細書作成中" => "drafting",
        "filed" | "出願" | "出願中" | "出願済" | "出願済み" | "係属中" | "pending" | "国際段階"
        | "国際段階中" | "国際出願中" | "審査請求前" | "未請求" => "filed",
        "published" | "公開" | "公開済" | "公開済み" | "公開中" => "published",
        "examination"
        | "審査中"
        | "審査請求"
        | "審査請求済"
        | "審査請求済み"
        | "中間処理中"
        | "中間対応中"
        | "拒絶理由通知"
        | "拒絶理由通知対応中"
        | "審判中"
        | "審判請求中" => "examination",
        "granted" | "登録" | "登録済" | "登録済み" | "権利化" | "権利化済" | "特許" | "存続中"
        | "権利存続" | "権利存続中" | "維持" | "維持中" => "granted",
        "refused" | "拒絶" | "拒絶査定" | "拒絶確定" => "refused",
        "lapsed" | "消滅" | "失効" | "年金不納" | "年金未納" | "年金不納消滅" | "権利消滅"
        | "未納消滅" => "lapsed",
        "abandoned" | "放棄" | "取下" | "取下げ" | "取り下げ" | "取下済" | "みなし取下"
        | "みなし取下げ" | "見なし取下げ" | "権利放棄" | "審査請求せず" => {
            "abandoned"
        }
        "expired" | "満了" | "存続期間満了" | "期間満了" | "権利満了" => "expired",
        "concluded" | "国際段階終了" | "移行済" | "国内移行済" | "国内移行済み" => {
            "concluded"
        }
        _ => {
            return crate::domain::Status::from_label(raw.trim())
                .or_else(|| crate::domain::Status::parse(&key).ok())
                .map(|s| s.as_str())
        }
    };
    Some(code)
}

/// The succession code: 承継 → succeeded, 不承継/非承継 → not_succeeded, 未定/検討中 → pending.
pub fn succession_code(raw: &str) -> Option<&'static str> {
    let key: String = raw
        .nfkc()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_lowercase();
    let code = match key.as_str() {
        "承継" | "承継する" | "承継済" | "機関承継" | "succeeded" | "yes" | "○" => {
            "succeeded"
        }
        "不承継" | "非承継" | "承継しない" | "not_succeeded" | "notsucceeded" | "no" | "×" => {
            "not_succeeded"
        }
        "未定" | "未決定" | "検討中" | "審議中" | "pending" | "-" => "pending",
        _ => {
            return crate::domain::Succession::from_label(raw.trim())
                .or_else(|| crate::domain::Succession::parse(&key).ok())
                .map(|s| s.as_str())
        }
    };
    Some(code)
}

/// A name with its share in basis points (10000 = 100 %) when the cell gave one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NamedShare {
    /// The name, spaces inside it kept as typed (trimmed).
    pub name: String,
    /// The share given, if any.
    pub share_bp: Option<u32>,
}

/// Splits a list of people or organisations: separated by 、 ・ ; ； ， or a line break, each with
/// an optional share `山田太郎(60%)`, `山田太郎 60%`, `山田太郎:60`.
pub fn named_shares(raw: &str) -> Result<Vec<NamedShare>, String> {
    let folded: String = raw.nfkc().collect();
    let mut out = Vec::new();
    for part in folded.split(['、', '・', ';', '\n', '，', '､']) {
        let part = part.trim();
        if part.is_empty() {
            continue;
        }
        let (name, share) = split_share(part).map_err(|e| format!("{raw}: {e}"))?;
        if name.is_empty() {
            return Err(format!("{raw}: a share {part} has no name before it"));
        }
        out.push(NamedShare {
            name: name.to_string(),
            share_bp: share,
        });
    }
    Ok(out)
}

fn split_share(part: &str) -> Result<(&str, Option<u32>), String> {
    let (head, number) = if let Some(open) = part.rfind('(').filter(|_| part.ends_with(')')) {
        (&part[..open], &part[open + 1..part.len() - 1])
    } else if let Some((head, tail)) = part.rsplit_once([':', ' ']) {
        if tail.trim_end_matches('%').parse::<f64>().is_ok() {
            (head, tail)
        } else {
            return Ok((part, None));
        }
    } else if let Some(stripped) = part.strip_suffix('%') {
        let digits = stripped
            .char_indices()
            .rev()
            .take_while(|(_, c)| c.is_ascii_digit() || *c == '.')
            .last()
            .map(|(i, _)| i)
            .unwrap_or(stripped.len());
        (&stripped[..digits], &part[digits..])
    } else {
        return Ok((part, None));
    };
    let value = number.trim().trim_end_matches('%').trim();
    let percent: f64 = value
        .parse()
        .map_err(|_| format!("{number} is not a share (write 60% or 60)"))?;
    if !(0.0..=100.0).contains(&percent) || percent == 0.0 {
        return Err(format!(
            "{number} is not a share above 0 % and at most 100 %"
        ));
    }
    Ok((head.trim(), Some((percent * 100.0).round() as u32)))
}

/// Shares for the listed names: as given (they must then be given for all and add up to
/// `total_bp`), or split equally with the remainder to the first names.
pub fn resolve_shares(list: &[NamedShare], total_bp: u32) -> Result<Vec<u32>, String> {
    if list.is_empty() {
        return Ok(Vec::new());
    }
    let given = list.iter().filter(|s| s.share_bp.is_some()).count();
    if given == 0 {
        let n = list.len() as u32;
        return Ok((0..n)
            .map(|i| total_bp / n + u32::from(i < total_bp % n))
            .collect());
    }
    if given != list.len() {
        return Err("give a share for every name or for none".into());
    }
    let shares: Vec<u32> = list.iter().filter_map(|s| s.share_bp).collect();
    let sum: u32 = shares.iter().sum();
    if sum != total_bp {
        return Err(format!(
            "the shares add up to {} %; they must add up to {} %",
            f64::from(sum) / 100.0,
            f64::from(total_bp) / 100.0
        ));
    }
    Ok(shares)
}

/// A name folded for matching people and organisations: NFKC, no spaces.
pub fn name_key(name: &str) -> String {
    name.nfkc().filter(|c| !c.is_whitespace()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    fn ns(name: &str, share: Option<u32>) -> NamedShare {
        NamedShare {
            name: name.into(),
            share_bp: share,
        }
    }

    #[rstest]
    #[case("山田太郎、鈴木花子", vec![ns("山田太郎", None), ns("鈴木花子", None)])]
    #[case("山田太郎・鈴木花子", vec![ns("山田太郎", None), ns("鈴木花子", None)])]
    #[case("山田 太郎; 鈴木 花子", vec![ns("山田 太郎", None), ns("鈴木 花子", None)])]
    #[case("山田太郎(60%)、鈴木花子(40%)", vec![ns("山田太郎", Some(6000)), ns("鈴木花子", Some(4000))])]
    #[case("山田太郎（６０％）・鈴木花子（４０％）", vec![ns("山田太郎", Some(6000)), ns("鈴木花子", Some(4000))])]
    #[case("山田太郎 60%; 鈴木花子 40%", vec![ns("山田太郎", Some(6000)), ns("鈴木花子", Some(4000))])]
    #[case("山田太郎:33.33、鈴木花子:66.67", vec![ns("山田太郎", Some(3333)), ns("鈴木花子", Some(6667))])]
    #[case("山田太郎60%", vec![ns("山田太郎", Some(6000))])]
    fn people_lists_split_with_optional_shares(#[case] raw: &str, #[case] want: Vec<NamedShare>) {
        assert_eq!(named_shares(raw), Ok(want), "{raw:?}");
    }

    #[rstest]
    #[case("山田太郎(abc)")]
    #[case("山田太郎(0%)")]
    #[case("山田太郎(150%)")]
    #[case("(50%)")]
    fn bad_shares_are_refused(#[case] raw: &str) {
        assert!(named_shares(raw).is_err(), "{raw:?} has no valid share");
    }

    #[test]
    fn shares_resolve_equally_or_as_given() {
        let three = [ns("a", None), ns("b", None), ns("c", None)];
        assert_eq!(
            resolve_shares(&three, 10_000),
            Ok(vec![3334, 3333, 3333]),
            "equal split, remainder to the first"
        );
        let mixed = [ns("a", Some(5000)), ns("b", None)];
        assert!(
            resolve_shares(&mixed, 10_000).is_err(),
            "shares for some names only are refused"
        );
        let short = [ns("a", Some(5000)), ns("b", Some(4000))];
        let err = resolve_shares(&short, 10_000).err().unwrap_or_default();
        assert!(
            err.contains("90 %"),
            "the message says what they add up to: {err}"
        );
    }

    #[rstest]
    #[case(Cell::Text("令和5年3月31日".into()), Some("2023-03-31"))]
    #[case(Cell::Number(45016.0), Some("2023-03-31"))]
    #[case(Cell::Date(NaiveDate::from_ymd_opt(2023, 3, 31).unwrap_or_default()), Some("2023-03-31"))]
    #[case(Cell::Empty, None)]
    #[case(Cell::Text("  ".into()), None)]
    fn dates_come_from_text_serials_and_date_cells(#[case] cell: Cell, #[case] want: Option<&str>) {
        let got = date(&cell).map(|d| d.map(|d| d.to_string()));
        assert_eq!(got, Ok(want.map(str::to_string)), "{cell:?}");
    }

    #[test]
    fn a_bad_date_message_starts_with_the_value() {
        let err = date(&Cell::Text("令和5年2月30日".into()))
            .err()
            .unwrap_or_default();
        assert!(err.starts_with("令和5年2月30日 is not a date"), "{err}");
    }

    #[rstest]
    #[case("出願中", "filed")]
    #[case("審査中", "examination")]
    #[case("登録", "granted")]
    #[case("放棄", "abandoned")]
    #[case("みなし取下げ", "abandoned")]
    #[case("満了", "expired")]
    #[case("Granted", "granted")]
    #[case("出願", "filed")]
    #[case("出願済", "filed")]
    #[case("国際段階", "filed")]
    #[case("審査請求済", "examination")]
    #[case("権利消滅", "lapsed")]
    #[case("取下げ", "abandoned")]
    #[case("年金不納", "lapsed")]
    #[case("ＰＵＢＬＩＳＨＥＤ", "published")]
    fn statuses_map_from_japanese_words(#[case] raw: &str, #[case] code: &str) {
        assert_eq!(status_code(raw), Some(code), "{raw:?}");
    }

    /// The export writes the domain's labels; the importer must read every one of them back, in
    /// both languages, or an export would not re-import.
    #[test]
    fn every_status_label_reads_back_as_its_code() {
        assert!(!crate::domain::Status::ALL.is_empty());
        for s in crate::domain::Status::ALL {
            assert_eq!(
                status_code(s.label_ja()),
                Some(s.as_str()),
                "{}",
                s.label_ja()
            );
            assert_eq!(
                status_code(s.label_en()),
                Some(s.as_str()),
                "{}",
                s.label_en()
            );
        }
        assert_eq!(status_code("生存"), None, "an unknown word is not guessed");
    }

    #[rstest]
    #[case(Cell::Text("1,200,000".into()), Ok(Some(1_200_000)))]
    #[case(Cell::Text("￥１，２００，０００".into()), Ok(Some(1_200_000)))]
    #[case(Cell::Text("１２０万円".into()), Ok(Some(1_200_000)))]
    #[case(Cell::Text("500千円".into()), Ok(Some(500_000)))]
    #[case(Cell::Number(300000.0), Ok(Some(300_000)))]
    #[case(Cell::Empty, Ok(None))]
    fn yen_reads_what_offices_type(#[case] cell: Cell, #[case] want: Result<Option<i64>, ()>) {
        assert_eq!(yen(&cell).map_err(|_| ()), want, "{cell:?}");
    }

    #[rstest]
    #[case(Cell::Text("-5".into()))]
    #[case(Cell::Text("abc".into()))]
    #[case(Cell::Number(1.5))]
    #[case(Cell::Text("1.5円".into()))]
    fn bad_amounts_of_yen_are_refused(#[case] cell: Cell) {
        let err = yen(&cell).err().unwrap_or_default();
        assert!(err.contains("is not an amount of yen"), "{cell:?}: {err}");
    }

    #[rstest]
    #[case("有", Some(true))]
    #[case("○", Some(true))]
    #[case("無", Some(false))]
    #[case("×", Some(false))]
    #[case("なし", Some(false))]
    fn yes_no_words(#[case] raw: &str, #[case] want: Option<bool>) {
        assert_eq!(yes_no(&Cell::Text(raw.into())), Ok(want), "{raw:?}");
        assert!(yes_no(&Cell::Text("たぶん".into())).is_err());
    }

    #[rstest]
    #[case(Cell::Text("3%".into()), Some(300))]
    #[case(Cell::Text("３．５％".into()), Some(350))]
    #[case(Cell::Number(0.03), Some(300))]
    #[case(Cell::Number(5.0), Some(500))]
    fn percentages_as_basis_points(#[case] cell: Cell, #[case] want: Option<u32>) {
        assert_eq!(percent_bp(&cell), Ok(want), "{cell:?}");
    }

    #[test]
    fn record_numbers_match_however_they_are_typed() {
        assert_eq!(
            number_key("ｌｉｃ－２０２４−００１ "),
            number_key("LIC-2024-001")
        );
        assert_eq!(nfkc_trim(" ＬＩＣ－２０２４－００１ "), "LIC-2024-001");
    }
}
