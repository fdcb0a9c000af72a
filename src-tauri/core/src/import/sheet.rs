//! Reading a register file into rows of cells: `.xlsx` (calamine) and `.csv`/`.tsv`/`.txt`.
//!
//! Contract: every row keeps the number a person sees in Excel (1-based, counting title and header
//! rows), so problems can be reported as `row 12`. Merged cells are filled with the value of their
//! top-left cell (a vertically merged 出願人 belongs to every row it spans). CSV bytes are decoded
//! as UTF-8 (with or without BOM), UTF-16 (with BOM, what Excel's "Unicode text" writes) or
//! Shift_JIS/CP932 (what Japanese Excel writes by default), detected in that order; the delimiter
//! is a tab when the first lines hold more tabs than commas, otherwise a comma.
//!
//! Nothing reaches a parser before [`limits`] has checked it: the file's size, and for a workbook
//! its zip directory, the bytes each part inflates to, the counts it declares and holds, every
//! cell reference and the length of every cell's text (calamine allocates from what a workbook
//! declares). A panic inside calamine that the checks did not foresee becomes an error too.

pub mod limits;

use std::io::{Cursor, Read};
use std::path::Path;

use calamine::{DataRef, Reader, Xlsx};
use chrono::NaiveDate;

use super::ImportError;
use crate::era::from_excel_serial;

/// One cell's value as the file holds it.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    /// No value.
    Empty,
    /// Text (CSV cells are always text).
    Text(String),
    /// A number (may be a date typed as a serial or formatted as a number).
    Number(f64),
    /// A cell Excel itself formats as a date.
    Date(NaiveDate),
    /// TRUE/FALSE.
    Bool(bool),
    /// An Excel error value (`#N/A`, `#REF!`).
    Error(String),
}

impl Cell {
    /// Whether the cell holds nothing (empty, or only whitespace).
    pub fn is_blank(&self) -> bool {
        match self {
            Cell::Empty => true,
            Cell::Text(t) => t.trim().is_empty(),
            _ => false,
        }
    }

    /// The cell as text, the way a person would read it (numbers without a trailing `.0`).
    pub fn text(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(t) => t.trim().to_string(),
            Cell::Number(n) if n.fract() == 0.0 && n.abs() < 1e15 => format!("{}", *n as i64),
            Cell::Number(n) => n.to_string(),
            Cell::Date(d) => d.format("%Y-%m-%d").to_string(),
            Cell::Bool(b) => b.to_string(),
            Cell::Error(e) => e.clone(),
        }
    }
}

/// A row of a sheet with its row number as Excel shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// 1-based row number in the file.
    pub number: usize,
    /// The cells, column A first.
    pub cells: Vec<Cell>,
}

/// The rows of one sheet (or of a CSV file).
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// The sheet name (`CSV` for a CSV file).
    pub sheet: String,
    /// Every row, empty ones included.
    pub rows: Vec<Row>,
}

/// Reads `path` by its extension: `.xlsx`/`.xlsm` as a workbook (the sheet named `sheet`, or the
/// first), `.csv`/`.tsv`/`.txt` as delimited text.
pub fn read_table(path: &Path, sheet: Option<&str>) -> Result<Table, ImportError> {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    if !matches!(ext.as_str(), "xlsx" | "xlsm" | "csv" | "tsv" | "txt") {
        return Err(ImportError::UnsupportedFile(path.display().to_string()));
    }
    let read_err = |source| ImportError::Read {
        path: path.display().to_string(),
        source,
    };
    let file = std::fs::File::open(path).map_err(read_err)?;
    let declared = file.metadata().map_err(read_err)?.len();
    limits::check_file_size(declared).map_err(|e| e.in_file(path))?;
    // Read through a cap as well: a file that grows while read (or a pipe) stops at the limit.
    let mut bytes = Vec::new();
    file.take(limits::MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(read_err)?;
    limits::check_file_size(bytes.len() as u64).map_err(|e| e.in_file(path))?;
    let table = match ext.as_str() {
        "csv" | "tsv" | "txt" => read_csv(&bytes),
        _ => read_xlsx(&bytes, sheet),
    };
    table.map_err(|e| e.in_file(path))
}

/// Reads a workbook from its bytes.
pub fn read_xlsx(bytes: &[u8], sheet: Option<&str>) -> Result<Table, ImportError> {
    limits::check_workbook(bytes)?;
    // The checks keep calamine's arithmetic and allocations inside Excel's grid; should a
    // workbook still find a panic in it, the import fails with an error instead of taking the
    // app (and the store lock it holds) down.
    let bytes = std::panic::AssertUnwindSafe(bytes);
    std::panic::catch_unwind(move || read_checked_xlsx(*bytes, sheet)).unwrap_or_else(|_| {
        Err(ImportError::Workbook(
            "the workbook's structure is damaged (the reader stopped on it)".into(),
        ))
    })
}

fn read_checked_xlsx(bytes: &[u8], sheet: Option<&str>) -> Result<Table, ImportError> {
    let bad = |e: calamine::XlsxError| ImportError::Workbook(e.to_string());
    let mut book: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).map_err(bad)?;
    let names = book.sheet_names();
    let name = match sheet {
        Some(wanted) => names
            .iter()
            .find(|n| n.as_str() == wanted)
            .cloned()
            .ok_or_else(|| ImportError::NoSuchSheet {
                wanted: wanted.to_string(),
                available: names.join(", "),
            })?,
        None => names
            .first()
            .cloned()
            .ok_or_else(|| ImportError::Workbook("the workbook has no sheet".into()))?,
    };
    // Cells are read one by one into ragged rows (each row only as long as its last cell), with a
    // cap on what is held: a crafted or corrupt workbook whose cells sit at A1 and XFD1048576
    // would otherwise make a dense range of 17 billion cells (calamine's `worksheet_range`).
    let mut grid: Vec<Vec<Cell>> = Vec::new();
    let mut held = 0usize;
    {
        let mut reader = book.worksheet_cells_reader(&name).map_err(bad)?;
        while let Some(cell) = reader.next_cell().map_err(bad)? {
            let (r, c) = cell.get_position();
            let value = cell_of_ref(cell.get_value());
            if value.is_blank() {
                continue;
            }
            let (r, c) = (r as usize, c as usize);
            if r >= MAX_ROWS || c >= MAX_COLUMNS {
                return Err(ImportError::Workbook(format!(
                    "the cell at row {}, column {} is beyond Excel's last row or column",
                    r + 1,
                    c + 1
                )));
            }
            // Counted before anything is allocated for it.
            held += (r + 1).saturating_sub(grid.len());
            held += (c + 1).saturating_sub(grid.get(r).map_or(0, Vec::len));
            if held > MAX_CELLS {
                return Err(ImportError::Workbook(format!(
                    "the sheet {name} spans more than {MAX_CELLS} cells; delete the empty rows and columns far from the data"
                )));
            }
            if grid.len() <= r {
                grid.resize_with(r + 1, Vec::new);
            }
            let Some(row) = grid.get_mut(r) else { continue };
            if row.len() <= c {
                row.resize(c + 1, Cell::Empty);
            }
            if let Some(slot) = row.get_mut(c) {
                *slot = value;
            }
        }
    }
    let merged = book.merge_cells_by_sheet_name(&name).map_err(bad)?;
    for region in merged {
        let (r0, c0) = (region.start.0 as usize, region.start.1 as usize);
        let value = grid.get(r0).and_then(|r| r.get(c0)).cloned();
        let Some(value) = value else { continue };
        // Only the part of a merged region inside the data is filled: a region reaching the
        // sheet's last row must not make millions of rows.
        let last_row = (region.end.0 as usize).min(grid.len().saturating_sub(1));
        for row in grid.iter_mut().take(last_row + 1).skip(r0) {
            let last_col = (region.end.1 as usize).min(MAX_MERGED_WIDTH + c0);
            if row.len() <= last_col {
                held += last_col + 1 - row.len();
                if held > MAX_CELLS {
                    return Err(ImportError::Workbook(format!(
                        "the sheet {name} spans more than {MAX_CELLS} cells once merged cells are filled"
                    )));
                }
                row.resize(last_col + 1, Cell::Empty);
            }
            for slot in row.iter_mut().take(last_col + 1).skip(c0) {
                if slot.is_blank() {
                    *slot = value.clone();
                }
            }
        }
    }
    Ok(Table {
        sheet: name,
        rows: grid
            .into_iter()
            .enumerate()
            .map(|(i, cells)| Row {
                number: i + 1,
                cells,
            })
            .collect(),
    })
}

/// Excel's last row (1,048,576).
const MAX_ROWS: usize = 1 << 20;
/// Excel's last column (XFD, 16,384).
const MAX_COLUMNS: usize = 1 << 14;
/// The most cells a sheet may hold once laid out as rows (a 10,000-row register of 30 columns is
/// 300,000); beyond it the workbook is refused instead of exhausting memory.
const MAX_CELLS: usize = 20_000_000;
/// The widest merged region that is filled (a title merged across the whole sheet is not data).
const MAX_MERGED_WIDTH: usize = 256;

fn cell_of_ref(data: &DataRef<'_>) -> Cell {
    match data {
        DataRef::Empty => Cell::Empty,
        DataRef::String(s) => Cell::Text(s.clone()),
        DataRef::SharedString(s) => Cell::Text((*s).to_string()),
        DataRef::Int(i) => Cell::Number(*i as f64),
        DataRef::Float(f) => Cell::Number(*f),
        DataRef::Bool(b) => Cell::Bool(*b),
        DataRef::DateTime(dt) => match from_excel_serial(dt.as_f64()) {
            Ok(date) if dt.is_datetime() => Cell::Date(date),
            _ => Cell::Number(dt.as_f64()),
        },
        DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => Cell::Text(s.clone()),
        DataRef::Error(e) => Cell::Error(e.to_string()),
    }
}

/// Decodes CSV bytes (see the module header for the encodings tried).
pub fn decode_text(bytes: &[u8]) -> Result<String, ImportError> {
    if let Some((encoding, bom_len)) = encoding_rs::Encoding::for_bom(bytes) {
        let (text, had_errors) = encoding.decode_without_bom_handling(&bytes[bom_len..]);
        if had_errors {
            return Err(ImportError::Encoding(format!(
                "the file starts with a {} byte-order mark but is not valid {}",
                encoding.name(),
                encoding.name()
            )));
        }
        return Ok(text.into_owned());
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Ok(text.to_string());
    }
    let (text, had_errors) = encoding_rs::SHIFT_JIS.decode_without_bom_handling(bytes);
    if had_errors {
        return Err(ImportError::Encoding(
            "the file is neither UTF-8 nor Shift_JIS (CP932): save it from Excel as \"CSV UTF-8\""
                .into(),
        ));
    }
    Ok(text.into_owned())
}

fn detect_delimiter(text: &str) -> u8 {
    let sample: String = text.lines().take(10).collect::<Vec<_>>().join("\n");
    let tabs = sample.matches('\t').count();
    let commas = sample.matches(',').count();
    if tabs > commas {
        b'\t'
    } else {
        b','
    }
}

/// Reads CSV (or tab-separated) bytes into a table; every cell is text.
pub fn read_csv(bytes: &[u8]) -> Result<Table, ImportError> {
    let text = decode_text(bytes)?;
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(detect_delimiter(&text))
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    let (mut counted_to, mut line) = (0usize, 1usize);
    for record in reader.records() {
        let record = record.map_err(|e| ImportError::Csv(e.to_string()))?;
        let mut start = record
            .position()
            .map(|p| p.byte() as usize)
            .unwrap_or(counted_to);
        while matches!(text.as_bytes().get(start), Some(b'\n' | b'\r')) {
            start += 1;
        }
        if let Some(skipped) = text.as_bytes().get(counted_to..start) {
            line += skipped.iter().filter(|b| **b == b'\n').count();
            counted_to = start;
        }
        let number = line;
        limits::check_csv_record(number, rows.len() + 1, &record)?;
        let cells = record
            .iter()
            .map(|s| {
                if s.trim().is_empty() {
                    Cell::Empty
                } else {
                    // A cell Chizai's CSV export neutralised (`'=…`) reads back as its text.
                    Cell::Text(crate::export::formula::restore(s).to_string())
                }
            })
            .collect();
        rows.push(Row { number, cells });
    }
    Ok(Table {
        sheet: "CSV".into(),
        rows,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(table: &Table) -> Vec<(usize, Vec<String>)> {
        table
            .rows
            .iter()
            .map(|r| (r.number, r.cells.iter().map(Cell::text).collect()))
            .collect()
    }

    #[test]
    fn utf8_with_bom_and_without_read_alike() {
        let plain = "出願番号,出願日\n特願2024-123456,令和6年1月5日\n";
        let with_bom = [b"\xEF\xBB\xBF".as_slice(), plain.as_bytes()].concat();
        let a = read_csv(plain.as_bytes()).map(|t| texts(&t)).ok();
        let b = read_csv(&with_bom).map(|t| texts(&t)).ok();
        assert!(a.is_some(), "UTF-8 CSV reads");
        assert_eq!(a, b, "the BOM is not part of the first header");
    }

    #[test]
    fn shift_jis_is_detected_and_decoded() {
        let (bytes, _, _) =
            encoding_rs::SHIFT_JIS.encode("出願番号\t発明の名称\n特願2024-000001\t半導体装置\n");
        let table = read_csv(&bytes).map(|t| texts(&t));
        assert_eq!(
            table.ok().and_then(|t| t.get(1).cloned()),
            Some((
                2,
                vec!["特願2024-000001".to_string(), "半導体装置".to_string()]
            )),
            "Shift_JIS bytes decode to the same Japanese, tab-separated"
        );
    }

    #[test]
    fn utf16_with_bom_is_decoded() {
        let mut bytes = vec![0xFF, 0xFE];
        for unit in "出願番号\t出願日\n".encode_utf16() {
            bytes.extend_from_slice(&unit.to_le_bytes());
        }
        let table = read_csv(&bytes).map(|t| texts(&t));
        assert_eq!(
            table.ok().and_then(|t| t.first().cloned()).map(|r| r.1),
            Some(vec!["出願番号".to_string(), "出願日".to_string()]),
            "Excel's Unicode text (UTF-16LE, tabs) reads"
        );
    }

    proptest::proptest! {
        #[test]
        fn readers_never_panic_on_arbitrary_bytes(bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..400)) {
            let _ = read_csv(&bytes);
            let _ = read_xlsx(&bytes, None);
            let mut zip_like = b"PK\x03\x04".to_vec();
            zip_like.extend_from_slice(&bytes);
            let _ = read_xlsx(&zip_like, Some("Sheet1"));
        }

        #[test]
        fn csv_text_never_panics(text in "[\\PC\t\r\n,\"]{0,200}") {
            let _ = read_csv(text.as_bytes());
        }
    }

    #[test]
    fn far_apart_cells_neither_hang_nor_exhaust_memory() {
        // What kept the xlsx_register fuzz target from finishing: calamine's dense range for a
        // cell at A1 and one at XFD1048576 is 17 billion cells; read cell by cell it is two.
        let mut book = rust_xlsxwriter::Workbook::new();
        let ws = book.add_worksheet();
        let built = ws
            .write_string(0, 0, "表題")
            .and_then(|ws| ws.write_string(1_048_575, 16_383, "端"))
            .map(|_| ());
        assert!(built.is_ok(), "{built:?}");
        let bytes = book.save_to_buffer().unwrap_or_default();
        let started = std::time::Instant::now();
        let table = read_xlsx(&bytes, None);
        assert!(
            started.elapsed() < std::time::Duration::from_secs(10),
            "read in {:?}",
            started.elapsed()
        );
        let rows = table.map(|t| t.rows.len()).unwrap_or(0);
        assert!(rows <= 1_048_576, "{rows} rows");
    }

    #[test]
    fn undecodable_bytes_are_refused() {
        let err = read_csv(&[0x82, 0xFF, 0xFE, 0x00, 0x81]).err();
        assert!(
            matches!(err, Some(ImportError::Encoding(_))),
            "neither UTF-8 nor Shift_JIS: {err:?}"
        );
    }

    #[test]
    fn quoted_cells_keep_commas_and_newlines_and_rows_keep_their_line() {
        let table =
            read_csv("a,b\n\"x,y\",\"two\nlines\"\n\nlast,row\n".as_bytes()).map(|t| texts(&t));
        let rows = table.unwrap_or_default();
        assert_eq!(
            rows[1].1,
            vec!["x,y".to_string(), "two\nlines".to_string()],
            "quotes protect , and newlines"
        );
        assert_eq!(
            rows.last().map(|r| r.0),
            Some(5),
            "row numbers are file lines, so problems point at the right line"
        );
    }
}
