use super::super::sheet::Cell;
use super::*;
use rstest::rstest;

const APP_FIELDS: [Field; 6] = [
    Field::Reference,
    Field::ApplicationNumber,
    Field::FiledOn,
    Field::Title,
    Field::Office,
    Field::Inventors,
];

fn row(number: usize, cells: &[&str]) -> Row {
    Row {
        number,
        cells: cells
            .iter()
            .map(|c| {
                if c.is_empty() {
                    Cell::Empty
                } else {
                    Cell::Text(c.to_string())
                }
            })
            .collect(),
    }
}

#[rstest]
#[case("出願番号", Some(Field::ApplicationNumber))]
#[case("出願番号※", Some(Field::ApplicationNumber))]
#[case("出願日（必須）", Some(Field::FiledOn))]
#[case("Application No.", Some(Field::ApplicationNumber))]
#[case("Filing Date", Some(Field::FiledOn))]
#[case("国・地域", Some(Field::Office))]
#[case("国/地域", Some(Field::Office))]
#[case("発明の名称", Some(Field::Title))]
#[case("ＴＩＴＬＥ", Some(Field::Title))]
#[case("担当者メモ", None)]
fn headers_are_recognised_in_japanese_and_english(
    #[case] header: &str,
    #[case] want: Option<Field>,
) {
    let fields = [
        Field::ApplicationNumber,
        Field::FiledOn,
        Field::Office,
        Field::Title,
    ];
    assert_eq!(
        recognise(header, &fields, &Mapping::default()),
        want,
        "{header:?}"
    );
}

#[test]
fn the_mapping_file_wins_and_can_ignore() {
    let mapping: Mapping =
        toml::from_str("[columns]\n\"社内管理No\" = \"reference\"\n\"出願日\" = \"ignore\"\n")
            .unwrap_or_default();
    assert_eq!(
        recognise("社内管理No", &APP_FIELDS, &mapping),
        Some(Field::Reference),
        "mapped header"
    );
    assert_eq!(
        recognise("出願日", &APP_FIELDS, &mapping),
        Some(Field::Ignore),
        "mapping overrides synonyms"
    );
}

#[test]
fn title_rows_and_a_second_header_row_are_skipped() {
    let table = Table {
        sheet: "S".into(),
        rows: vec![
            row(
                1,
                &[
                    "保有特許一覧（2024年3月31日現在）",
                    "保有特許一覧（2024年3月31日現在）",
                    "",
                ],
            ),
            row(2, &[]),
            row(3, &["整理番号", "出願番号", "出願日", "社内メモ"]),
            row(4, &["Reference", "Application No.", "Filing date", ""]),
            row(5, &["K-1", "特願2024-1", "2024-01-05", "x"]),
        ],
    };
    let layout = layout(&table, &APP_FIELDS, &Mapping::default());
    let layout = layout.ok();
    assert_eq!(
        layout.as_ref().map(|l| l.header_index),
        Some(2),
        "the header is row 3, below the title"
    );
    assert_eq!(
        layout.as_ref().map(|l| l.extra_header_rows.clone()),
        Some(vec![3]),
        "the English header row is skipped"
    );
    assert_eq!(
        layout.as_ref().and_then(|l| l.column(Field::FiledOn)),
        Some(2),
        "出願日 is column C"
    );
    assert_eq!(
        layout.map(|l| l.unknown),
        Some(vec!["社内メモ".to_string()]),
        "unknown headers are reported"
    );
}

#[test]
fn a_sheet_without_headers_is_refused() {
    let table = Table {
        sheet: "S".into(),
        rows: vec![row(1, &["a", "b"]), row(2, &["1", "2"])],
    };
    assert!(
        matches!(
            layout(&table, &APP_FIELDS, &Mapping::default()),
            Err(ImportError::NoHeader { .. })
        ),
        "no header row"
    );
}

#[rstest]
#[case(&["合計", "", "12件"], true)]
#[case(&["", "計"], true)]
#[case(&["Total", "3"], true)]
#[case(&["K-1", "合計"], false)]
fn totals_rows_are_recognised(#[case] cells: &[&str], #[case] want: bool) {
    assert_eq!(is_totals_row(&row(9, cells)), want, "{cells:?}");
}
