//! Cells a spreadsheet would run as formulas, neutralised in CSV exports and read back on import.
//!
//! A CSV cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return is taken by Excel and
//! LibreOffice as a formula (CSV injection: `=HYPERLINK(...)`, `@SUM(...)`, DDE). As OWASP
//! recommends, such a cell is written with a leading `'`, which makes the spreadsheet show it as
//! text. A plain number (`-5`, `+3.5`) cannot run and is left alone. So that the export and the
//! importer agree on every text, a cell that already begins with `'` before such a character gets
//! one more `'`; [`restore`] removes exactly one, giving back the original text.

use std::borrow::Cow;

/// The characters that make a spreadsheet read a cell as a formula.
const TRIGGERS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

fn needs_prefix(text: &str) -> bool {
    match text.chars().next() {
        Some(c) if TRIGGERS.contains(&c) => true,
        Some('\'') => needs_prefix(&text[1..]),
        _ => false,
    }
}

fn is_plain_number(text: &str) -> bool {
    !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '+' | '-' | '.' | 'e' | 'E'))
        && text.parse::<f64>().is_ok_and(f64::is_finite)
}

/// The cell as written to a CSV export: `'` before a text a spreadsheet would run.
pub fn neutralise(text: &str) -> Cow<'_, str> {
    if !is_plain_number(text) && needs_prefix(text) {
        Cow::Owned(format!("'{text}"))
    } else {
        Cow::Borrowed(text)
    }
}

/// The original text of a cell read from a CSV file written by [`neutralise`].
pub fn restore(text: &str) -> &str {
    match text.strip_prefix('\'') {
        Some(rest) if needs_prefix(rest) => rest,
        _ => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_cells_are_neutralised_and_read_back_to_their_text() {
        let cases = [
            (
                "=HYPERLINK(\"http://x\",\"click\")",
                "'=HYPERLINK(\"http://x\",\"click\")",
            ),
            ("+81-3-1234-5678", "'+81-3-1234-5678"),
            ("-cmd|' /C calc'!A0", "'-cmd|' /C calc'!A0"),
            ("@SUM(A1:A2)", "'@SUM(A1:A2)"),
            ("\t=1+1", "'\t=1+1"),
            ("\r=1+1", "'\r=1+1"),
            ("'=already quoted", "''=already quoted"),
            ("-5", "-5"),
            ("+3.5", "+3.5"),
            ("'90年代の研究", "'90年代の研究"),
            ("半導体装置", "半導体装置"),
            ("", ""),
        ];
        assert!(!cases.is_empty());
        for (original, written) in cases {
            assert_eq!(
                neutralise(original),
                written,
                "written form of {original:?}"
            );
            assert_eq!(
                restore(written),
                original,
                "{written:?} reads back as the original"
            );
        }
    }
}

#[cfg(test)]
mod round_trip {
    use crate::export::{to_csv, Column, ColumnKind, Sheet, Value};
    use crate::import::sheet::read_csv;

    #[test]
    fn a_csv_export_runs_no_formula_and_the_importer_reads_the_original_titles() {
        let titles = [
            "=HYPERLINK(\"http://evil\",\"請求書\")",
            "@SUM(1,2)",
            "-2+3",
            "普通の名称",
        ];
        let sheet = Sheet {
            name: "出願",
            columns: vec![Column {
                header: "発明の名称",
                kind: ColumnKind::Text,
                width: 40.0,
            }],
            rows: titles
                .iter()
                .map(|t| vec![Value::Text((*t).to_owned())])
                .collect(),
        };
        let bytes = to_csv(&sheet);
        let text = String::from_utf8_lossy(&bytes);
        assert!(
            text.contains("'=HYPERLINK") && text.contains("'@SUM") && text.contains("'-2+3"),
            "every formula-looking cell is written with a leading apostrophe: {text}"
        );
        let table = read_csv(&bytes).map(|t| t.rows).unwrap_or_default();
        let read: Vec<String> = table.iter().skip(1).map(|r| r.cells[0].text()).collect();
        assert_eq!(read, titles, "the importer gives back the original text");
    }
}
