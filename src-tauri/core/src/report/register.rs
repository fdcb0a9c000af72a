//! Registers (一覧): a titled table of every record, flowing over as many pages as needed.
//!
//! The portfolio (保有特許一覧), agreement (契約一覧) and policy (規程一覧) registers and the docket
//! (期限一覧) are all this shape: a short summary block, then one table whose header row repeats
//! on every page. What a register shows is decided by whoever builds its rows (the store-facing
//! code); this module only lays it out.

use super::canvas::{Align, Colour, TextStyle};
use super::doc::{Document, Orientation, Pdf, ReportMeta};
use super::table::{Column, Row, Table};
use super::ReportError;

/// A register ready to be laid out.
#[derive(Clone, Debug, PartialEq)]
pub struct Register {
    /// Frame and metadata.
    pub meta: ReportMeta,
    /// Portrait or landscape (wide registers).
    pub orientation: Orientation,
    /// Summary lines (label, value) printed above the table, e.g. ("ファミリー数", "1,234").
    pub summary: Vec<(String, String)>,
    /// Notes printed under the summary (what the register includes, how it is ordered).
    pub notes: Vec<String>,
    /// Columns of the table.
    pub columns: Vec<Column>,
    /// Rows of the table.
    pub rows: Vec<Row>,
    /// Type size of the table in points.
    pub size: f32,
}

/// Lays out `register` and returns the PDF.
pub fn register_report(register: &Register) -> Result<Pdf, ReportError> {
    let mut doc = Document::new(register.meta.clone(), register.orientation)?;
    doc.new_page();
    draw_summary(&mut doc, &register.summary)?;
    for note in &register.notes {
        doc.paragraph(note, TextStyle::regular(8.0).colour(Colour::GREY))?;
    }
    doc.y += 4.0;
    if register.rows.is_empty() {
        doc.paragraph("該当するデータはありません。", TextStyle::regular(10.0))?;
    } else {
        Table {
            columns: register.columns.clone(),
            rows: register.rows.clone(),
            size: register.size,
        }
        .draw(&mut doc)?;
    }
    doc.finish()
}

/// A row of summary boxes (label over value) across the body width.
pub fn draw_summary(doc: &mut Document, items: &[(String, String)]) -> Result<(), ReportError> {
    if items.is_empty() {
        return Ok(());
    }
    let h = 34.0;
    doc.ensure(h + 6.0);
    let per_row = items.len().min(6);
    let gap = 6.0;
    let w = (doc.body_width() - gap * (per_row as f32 - 1.0)) / per_row as f32;
    for chunk in items.chunks(per_row) {
        doc.ensure(h + 6.0);
        let (left, y) = (doc.left(), doc.y);
        let page = doc.page();
        for (i, (label, value)) in chunk.iter().enumerate() {
            let x = left + i as f32 * (w + gap);
            page.rect(x, y, w, h, Some(Colour::BAND), None);
            page.text(
                x + 6.0,
                y + 11.0,
                Align::Left,
                label,
                TextStyle::regular(7.5).colour(Colour::GREY),
            )?;
            page.text(
                x + w - 6.0,
                y + 28.0,
                Align::Right,
                value,
                TextStyle::bold(13.0).colour(Colour::NAVY),
            )?;
        }
        doc.y += h + gap;
    }
    Ok(())
}
