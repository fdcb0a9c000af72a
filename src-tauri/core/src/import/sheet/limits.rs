//! The limits a register file must stay within, checked before any parser allocates for it.
//!
//! A workbook is a zip of XML parts, and calamine trusts what they declare: a `sharedStrings.xml`
//! that declares `uniqueCount="3000000000"` makes it reserve 72 GB before reading a single string,
//! a cell reference of twenty letters overflows its column arithmetic (a panic), a 1 KB deflate
//! stream can inflate to gigabytes. So [`check_workbook`] walks the zip's central directory and
//! then inflates every XML part itself, through a reader that stops at the per-part cap (the
//! declared sizes may lie), scanning it with the same XML settings calamine uses: declared and
//! actual counts of shared strings and cells, every cell, row, dimension and merge reference
//! inside Excel's grid (A1:XFD1048576), and no cell text longer than Excel's 32,767 characters.
//! Only a workbook that passes is handed to calamine. CSV files get the same treatment in
//! [`check_csv_record`] (rows, fields per row, field length).
//!
//! Every refusal is an [`ImportError::Limit`] that names the part of the file, the limit and what
//! to do; the caller adds the file's path.

use std::io::{BufReader, Cursor, Read};

use quick_xml::events::{BytesStart, Event};

use crate::import::ImportError;

/// The largest register file read at all (a 10,000-row register is 1–2 MB as .xlsx, ~5 MB as CSV).
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;
/// The most bytes one part of a workbook may inflate to.
pub const MAX_PART_BYTES: u64 = 256 * 1024 * 1024;
/// The most bytes all the XML parts of a workbook may inflate to together.
pub const MAX_TOTAL_BYTES: u64 = 512 * 1024 * 1024;
/// The most parts (files) a workbook may hold.
pub const MAX_PARTS: usize = 10_000;
/// The most shared strings a workbook may declare or hold.
pub const MAX_SHARED_STRINGS: u64 = 2_000_000;
/// The most cells one part may hold (a 10,000-row register of 30 columns has 300,000).
pub const MAX_PART_CELLS: u64 = 5_000_000;
/// Excel's own limit on the text of one cell, in characters.
pub const MAX_CELL_CHARS: usize = 32_767;
/// Excel's last row.
pub const MAX_ROW: u64 = 1_048_576;
/// Excel's last column (XFD).
pub const MAX_COLUMN: u64 = 16_384;
/// The most rows a CSV file may have (Excel's).
pub const MAX_CSV_ROWS: usize = 1_048_576;
/// The most fields one CSV row may have (Excel's columns).
pub const MAX_CSV_FIELDS: usize = 16_384;

const SAVE_AGAIN: &str =
    "save the register again from Excel as .xlsx (or as CSV UTF-8), or split it";

fn limit(detail: String) -> ImportError {
    ImportError::Limit {
        file: "the file".into(),
        detail,
    }
}

/// Refuses a file larger than [`MAX_FILE_BYTES`].
pub fn check_file_size(len: u64) -> Result<(), ImportError> {
    if len > MAX_FILE_BYTES {
        return Err(limit(format!(
            "the file is {len} bytes, more than the limit of {MAX_FILE_BYTES} bytes (64 MiB) for a register; split it into several files"
        )));
    }
    Ok(())
}

/// Checks a workbook's bytes against every limit above before calamine reads them.
pub fn check_workbook(bytes: &[u8]) -> Result<(), ImportError> {
    check_file_size(bytes.len() as u64)?;
    check_workbook_within(
        bytes,
        Caps {
            part: MAX_PART_BYTES,
            total: MAX_TOTAL_BYTES,
        },
    )
}

/// The inflated-size caps (the constants, or smaller ones in tests).
#[derive(Debug, Clone, Copy)]
struct Caps {
    part: u64,
    total: u64,
}

fn check_workbook_within(bytes: &[u8], caps: Caps) -> Result<(), ImportError> {
    let mut zip = match zip::ZipArchive::new(Cursor::new(bytes)) {
        Ok(z) => z,
        // Not a zip at all: calamine gives the precise reason, and allocates nothing for it.
        Err(_) => return Ok(()),
    };
    if zip.len() > MAX_PARTS {
        return Err(limit(format!(
            "the workbook holds {} parts, more than the limit of {MAX_PARTS}; {SAVE_AGAIN}",
            zip.len()
        )));
    }
    // The central directory first: a declared size over the cap is refused without inflating.
    let mut declared_total = 0u64;
    for i in 0..zip.len() {
        let Ok(entry) = zip.by_index_raw(i) else {
            continue;
        };
        let name = entry.name().map(|n| n.into_owned()).unwrap_or_default();
        if entry.size() > caps.part {
            return Err(limit(format!(
                "the part {name} declares {} bytes once inflated, more than the limit of {} bytes; {SAVE_AGAIN}",
                entry.size(),
                caps.part
            )));
        }
        declared_total = declared_total.saturating_add(entry.size());
    }
    if declared_total > caps.total {
        return Err(limit(format!(
            "the workbook's parts declare {declared_total} bytes once inflated, more than the limit of {} bytes; {SAVE_AGAIN}",
            caps.total
        )));
    }
    // Then every part is inflated through a cap and scanned (the declared sizes may lie). Every
    // part, not only those named .xml: the workbook's relationships may point calamine at a sheet
    // under any name. A part that is not XML (an image) ends its scan at its first error.
    let mut inflated_total = 0u64;
    for i in 0..zip.len() {
        let Ok(entry) = zip.by_index(i) else {
            // An entry the zip reader cannot open is one calamine cannot open either.
            continue;
        };
        let name = entry.name().map(|n| n.into_owned()).unwrap_or_default();
        let mut capped = Capped {
            inner: entry,
            read: 0,
            cap: caps.part.min(caps.total.saturating_sub(inflated_total)),
        };
        let scanned = scan_part(&name, &mut capped);
        if capped.read > capped.cap {
            return Err(limit(format!(
                "the part {name} inflates to more than {} bytes (the limit for one part is {} and for the whole workbook {}); {SAVE_AGAIN}",
                capped.cap, caps.part, caps.total
            )));
        }
        match scanned {
            Err(ImportError::Limit { detail, .. })
                if !is_xml_part(&name) && detail.contains("not well-formed XML") => {}
            other => other?,
        }
        inflated_total += capped.read;
    }
    Ok(())
}

fn is_xml_part(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    lower.ends_with(".xml") || lower.ends_with(".rels") || lower.ends_with(".vml")
}

/// A reader that counts what it passes on and fails once more than `cap` bytes came through.
struct Capped<R> {
    inner: R,
    read: u64,
    cap: u64,
}

impl<R: Read> Read for Capped<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if self.read > self.cap {
            return Err(std::io::Error::other("inflated size limit reached"));
        }
        let room = usize::try_from(self.cap + 1 - self.read).unwrap_or(usize::MAX);
        let len = buf.len().min(room);
        let n = self.inner.read(&mut buf[..len])?;
        self.read += n as u64;
        Ok(n)
    }
}

/// What one part holds, counted as it is scanned.
#[derive(Default)]
struct Counts {
    shared_strings: u64,
    cells: u64,
    /// Characters of text in the current `<si>` or `<c>`.
    text_chars: usize,
    /// Inside a `<si>` or `<c>`: only a cell's text counts against the cell limit.
    in_cell: bool,
}

fn scan_part<R: Read>(name: &str, input: &mut Capped<R>) -> Result<(), ImportError> {
    let mut xml = quick_xml::Reader::from_reader(BufReader::new(input));
    let config = xml.config_mut();
    // The settings calamine reads with, so both see the same elements.
    config.check_end_names = false;
    config.trim_text(false);
    config.check_comments = false;
    config.expand_empty_elements = true;
    let mut counts = Counts::default();
    let mut buf = Vec::with_capacity(1024);
    loop {
        buf.clear();
        let event = xml.read_event_into(&mut buf).map_err(|e| {
            limit(format!(
                "the part {name} is not well-formed XML ({e}); {SAVE_AGAIN}"
            ))
        })?;
        match event {
            Event::Start(e) => check_element(name, &e, &mut counts)?,
            Event::End(e) if matches!(e.local_name().as_ref(), "si" | "c") => {
                counts.in_cell = false;
            }
            Event::Text(t) => add_text(name, &mut counts, t.chars().count())?,
            Event::CData(t) => add_text(name, &mut counts, t.len())?,
            Event::GeneralRef(_) => add_text(name, &mut counts, 1)?,
            Event::Eof => return Ok(()),
            _ => {}
        }
    }
}

fn add_text(name: &str, counts: &mut Counts, chars: usize) -> Result<(), ImportError> {
    if !counts.in_cell {
        return Ok(());
    }
    counts.text_chars = counts.text_chars.saturating_add(chars);
    if counts.text_chars > MAX_CELL_CHARS {
        return Err(limit(format!(
            "a cell's text in {name} is longer than {MAX_CELL_CHARS} characters, Excel's own limit for one cell; shorten it or keep long text outside the register"
        )));
    }
    Ok(())
}

fn check_element(name: &str, e: &BytesStart<'_>, counts: &mut Counts) -> Result<(), ImportError> {
    let local = e.local_name();
    match local.as_ref() {
        "sst" => {
            for key in ["count", "uniqueCount"] {
                if let Some(value) = attribute(e, key) {
                    let declared = value.trim().parse::<u64>().unwrap_or(u64::MAX);
                    if declared > MAX_SHARED_STRINGS {
                        return Err(limit(format!(
                            "{name} declares {key}=\"{value}\" shared strings, more than the limit of {MAX_SHARED_STRINGS}; {SAVE_AGAIN}"
                        )));
                    }
                }
            }
        }
        "si" => {
            counts.text_chars = 0;
            counts.in_cell = true;
            counts.shared_strings += 1;
            if counts.shared_strings > MAX_SHARED_STRINGS {
                return Err(limit(format!(
                    "{name} holds more than {MAX_SHARED_STRINGS} shared strings, the limit; {SAVE_AGAIN}"
                )));
            }
        }
        "c" => {
            counts.text_chars = 0;
            counts.in_cell = true;
            counts.cells += 1;
            if counts.cells > MAX_PART_CELLS {
                return Err(limit(format!(
                    "the sheet {name} holds more than {MAX_PART_CELLS} cells, the limit; delete the rows and columns that are not part of the register, or split it"
                )));
            }
            if let Some(r) = attribute(e, "r") {
                check_cell_ref(name, "cell", &r)?;
            }
        }
        "row" => {
            if let Some(r) = attribute(e, "r") {
                check_row_number(name, &r)?;
            }
        }
        "dimension" | "mergeCell" => {
            if let Some(r) = attribute(e, "ref") {
                check_range(name, local.as_ref(), &r)?;
            }
        }
        "f" => {
            if let Some(si) = attribute(e, "si") {
                if si
                    .trim()
                    .parse::<u64>()
                    .map_or(true, |n| n > MAX_PART_CELLS)
                {
                    return Err(limit(format!(
                        "a shared formula in {name} has index si=\"{si}\", beyond the limit of {MAX_PART_CELLS}; {SAVE_AGAIN}"
                    )));
                }
            }
            if let Some(r) = attribute(e, "ref") {
                check_range(name, "shared formula", &r)?;
            }
        }
        _ => {}
    }
    Ok(())
}

fn attribute(e: &BytesStart<'_>, wanted: &str) -> Option<String> {
    e.attributes()
        .with_checks(false)
        .flatten()
        .find(|a| a.key.local_name().as_ref() == wanted)
        .map(|a| a.value.into_owned())
}

/// `A1:C3` (or one cell): both ends inside the grid, the first not after the second.
fn check_range(name: &str, what: &str, text: &str) -> Result<(), ImportError> {
    let mut ends = Vec::new();
    for part in text.split(':') {
        ends.push(check_cell_ref(name, what, part)?);
    }
    match ends.as_slice() {
        [_] => Ok(()),
        [(r0, c0), (r1, c1)] if r0 <= r1 && c0 <= c1 => Ok(()),
        _ => Err(limit(format!(
            "the {what} range {text:?} in {name} is not a range of cells from top-left to bottom-right; {SAVE_AGAIN}"
        ))),
    }
}

/// A cell reference such as `B12` (an optional `$` before either part): the column at most XFD,
/// the row 1 to 1,048,576.
fn check_cell_ref(name: &str, what: &str, text: &str) -> Result<(u64, u64), ImportError> {
    let bad = || {
        limit(format!(
            "the {what} reference {text:?} in {name} is not a cell inside Excel's grid (A1 to XFD1048576); {SAVE_AGAIN}"
        ))
    };
    let t = text.trim().replace('$', "");
    let split = t.find(|c: char| c.is_ascii_digit()).ok_or_else(bad)?;
    let (letters, digits) = t.split_at(split);
    if letters.is_empty()
        || letters.len() > 3
        || !letters.chars().all(|c| c.is_ascii_alphabetic())
        || digits.len() > 7
        || !digits.chars().all(|c| c.is_ascii_digit())
    {
        return Err(bad());
    }
    let column = letters.bytes().fold(0u64, |acc, b| {
        acc * 26 + u64::from(b.to_ascii_uppercase() - b'A') + 1
    });
    let row: u64 = digits.parse().map_err(|_| bad())?;
    if column > MAX_COLUMN || row == 0 || row > MAX_ROW {
        return Err(bad());
    }
    Ok((row, column))
}

fn check_row_number(name: &str, text: &str) -> Result<(), ImportError> {
    match text.trim().parse::<u64>() {
        Ok(row) if (1..=MAX_ROW).contains(&row) && text.len() <= 7 => Ok(()),
        _ => Err(limit(format!(
            "the row number {text:?} in {name} is outside Excel's rows (1 to {MAX_ROW}); {SAVE_AGAIN}"
        ))),
    }
}

/// Checks one CSV record as it is read: the row count, the fields in the row, each field's length.
pub fn check_csv_record(
    line: usize,
    rows: usize,
    record: &csv::StringRecord,
) -> Result<(), ImportError> {
    if rows > MAX_CSV_ROWS {
        return Err(limit(format!(
            "the file has more than {MAX_CSV_ROWS} rows (Excel's limit); split it into several files"
        )));
    }
    if record.len() > MAX_CSV_FIELDS {
        return Err(limit(format!(
            "line {line} has {} fields, more than the limit of {MAX_CSV_FIELDS} (Excel's columns); check the delimiter or split the row",
            record.len()
        )));
    }
    for (i, field) in record.iter().enumerate() {
        if field.len() > MAX_CELL_CHARS && field.chars().count() > MAX_CELL_CHARS {
            return Err(limit(format!(
                "line {line}, field {}: {} characters, more than {MAX_CELL_CHARS} (Excel's limit for one cell); an unclosed quote makes the rest of a file one field — check the quotes",
                i + 1,
                field.chars().count()
            )));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests;
