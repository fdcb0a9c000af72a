//! Line breaking for Japanese and mixed Japanese/Latin text.
//!
//! Break opportunities come from the Unicode line-breaking algorithm (UAX #14, via
//! `unicode-linebreak`), which already encodes the core of 禁則処理 (JIS X 4051): closing
//! brackets and punctuation (。、）」』】, class CL/CP), iteration marks and small kana (NS/CJ)
//! never start a line, opening brackets (「（, class OP) never end one, and a Latin word or a
//! number is one unbreakable unit. Lines are then filled greedily with the measured advances.
//! Only a single unit wider than the whole line (a long URL, a 40-digit number) is cut between
//! characters, since there is no better place for it.

use unicode_linebreak::{linebreaks, BreakOpportunity};

use super::fonts::Metrics;

/// Characters that must not start a line beyond what UAX #14 forbids by default: small kana,
/// the prolonged sound mark and iteration marks (UAX #14 class CJ is tailorable; Japanese
/// typesetting, JIS X 4051 行頭禁則, keeps them off the line start).
const NO_LINE_START: &[char] = &[
    'ぁ', 'ぃ', 'ぅ', 'ぇ', 'ぉ', 'っ', 'ゃ', 'ゅ', 'ょ', 'ゎ', 'ゕ', 'ゖ', 'ァ', 'ィ', 'ゥ', 'ェ',
    'ォ', 'ッ', 'ャ', 'ュ', 'ョ', 'ヮ', 'ヵ', 'ヶ', 'ー', 'ゝ', 'ゞ', 'ヽ', 'ヾ', '々', '〻', '゠',
    '〜',
];

/// Break positions of `text` (byte offsets where a new line may start) and whether each is
/// forced. Tailored: no break after a slash inside an identifier (`PCT/JP2024/012345`, a
/// US serial `17/123,456`), which UAX #14 would allow.
fn breaks(text: &str) -> impl Iterator<Item = (usize, bool)> + '_ {
    linebreaks(text).filter_map(move |(pos, kind)| {
        let mandatory = kind == BreakOpportunity::Mandatory;
        let next = text[pos..].chars().next();
        let after_slash =
            text[..pos].ends_with('/') && next.is_some_and(|c| c.is_ascii_alphanumeric());
        if !mandatory && (after_slash || next.is_some_and(|c| NO_LINE_START.contains(&c))) {
            None
        } else {
            Some((pos, mandatory))
        }
    })
}

/// Breaks `text` into lines no wider than `width` points at `size` points. Newlines in the
/// text are kept as forced breaks; trailing spaces are dropped from each line. An empty text
/// gives one empty line.
pub fn wrap(text: &str, width: f32, size: f32, m: &Metrics) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    let mut line_w = 0.0f32;
    let mut start = 0;
    for (end, mandatory) in breaks(text) {
        let seg = &text[start..end];
        start = end;
        let body = seg.trim_end_matches(['\n', '\r', '\u{2028}', '\u{2029}']);
        let visible = body.trim_end();
        let visible_w = m.text_width(visible, size);
        if !line.is_empty() && line_w + visible_w > width {
            lines.push(line.trim_end().to_string());
            line.clear();
            line_w = 0.0;
        }
        if line.is_empty() && visible_w > width {
            for c in body.chars() {
                let cw = m.char_width(c, size);
                if !line.is_empty() && line_w + cw > width && !c.is_whitespace() {
                    lines.push(std::mem::take(&mut line));
                    line_w = 0.0;
                }
                line.push(c);
                line_w += cw;
            }
        } else {
            line.push_str(body);
            line_w += m.text_width(body, size);
        }
        if mandatory && end < text.len() {
            lines.push(line.trim_end().to_string());
            line.clear();
            line_w = 0.0;
        }
    }
    lines.push(line.trim_end().to_string());
    lines
}

/// `text` cut to fit `width` points, with `…` when something was cut.
pub fn truncate(text: &str, width: f32, size: f32, m: &Metrics) -> String {
    if m.text_width(text, size) <= width {
        return text.to_string();
    }
    let budget = width - m.char_width('…', size);
    let mut out = String::new();
    let mut w = 0.0;
    for c in text.chars() {
        let cw = m.char_width(c, size);
        if w + cw > budget {
            break;
        }
        out.push(c);
        w += cw;
    }
    out.push('…');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::fonts::{metrics, FontStyle};

    const NO_LINE_START: &[char] = &[
        '。', '、', '）', '」', '』', '】', 'ー', 'ッ', 'ょ', '，', '．',
    ];

    fn m() -> &'static Metrics {
        metrics(FontStyle::Regular).unwrap()
    }

    #[test]
    fn no_line_starts_with_closing_punctuation_at_any_width() {
        let text = "本件は、共同出願人（株式会社サンプル）との協議の結果、「存続期間満了まで維持」とする。\
                    ライセンス契約の締結状況ー実施料の入金ッを確認しょ。その後、審査請求を行う。";
        for chars in 3..30 {
            let width = chars as f32 * 10.0;
            let lines = wrap(text, width, 10.0, m());
            assert_eq!(
                lines.concat(),
                text,
                "wrapping must not lose or add characters"
            );
            for (i, l) in lines.iter().enumerate().skip(1) {
                let first = l.chars().next().unwrap();
                assert!(
                    !NO_LINE_START.contains(&first),
                    "line {i} starts with {first:?} at width {chars} em: {lines:?}"
                );
            }
            for l in &lines[..lines.len() - 1] {
                let last = l.chars().last().unwrap();
                assert!(
                    !['（', '「'].contains(&last),
                    "an opening bracket ends a line: {lines:?}"
                );
            }
        }
    }

    #[test]
    fn lines_fit_the_width_when_units_allow() {
        let text = "知的財産本部は、大学発特許の取得数を10年間で15倍にすることを目標とする。";
        let lines = wrap(text, 100.0, 10.0, m());
        assert!(
            lines.len() > 2,
            "a 37-character text at 10 em per line wraps"
        );
        for l in &lines {
            assert!(
                m().text_width(l, 10.0) <= 100.0 + 0.01,
                "{l} overflows 100 pt"
            );
        }
    }

    #[test]
    fn latin_words_and_numbers_are_not_split() {
        let text =
            "Licence agreement with Example Pharmaceuticals Co., Ltd. for PCT/JP2024/012345 signed";
        let lines = wrap(text, 120.0, 10.0, m());
        let words: Vec<&str> = text.split(' ').collect();
        let rejoined: Vec<&str> = lines.iter().flat_map(|l| l.split(' ')).collect();
        assert_eq!(
            rejoined, words,
            "every line break falls between words: {lines:?}"
        );
    }

    #[test]
    fn a_unit_wider_than_the_line_is_cut_and_nothing_lost() {
        let text = "https://example.jp/very/long/path/that/cannot/fit/on/one/line";
        let lines = wrap(text, 60.0, 10.0, m());
        assert!(lines.len() > 1);
        assert_eq!(lines.concat(), text);
        assert!(lines.iter().all(|l| m().text_width(l, 10.0) <= 60.0 + 0.01));
    }

    #[test]
    fn newlines_force_breaks() {
        assert_eq!(
            wrap("一行目\n二行目", 500.0, 10.0, m()),
            vec!["一行目", "二行目"]
        );
        assert_eq!(wrap("", 500.0, 10.0, m()), vec![""]);
    }

    #[test]
    fn truncate_marks_the_cut() {
        assert_eq!(truncate("保有特許一覧", 100.0, 10.0, m()), "保有特許一覧");
        assert_eq!(truncate("保有特許一覧", 40.0, 10.0, m()), "保有特…");
    }
}
