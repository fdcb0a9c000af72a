//! Tables that flow across pages.
//!
//! Column widths are weights shared out over the body width. Each cell wraps inside its
//! column (Japanese line-breaking rules, see `text`); a row is as tall as its tallest cell and
//! is never split across pages. When a row does not fit, a new page starts and the header row
//! is drawn again, so every page of a register can be read on its own. A group row (a week of
//! the docket, a patent family) is kept on the same page as the row after it.

use super::canvas::{Align, Colour, Stroke, TextStyle};
use super::doc::Document;
use super::text::wrap;
use super::ReportError;

/// One column: header text, relative width, alignment of its cells.
#[derive(Clone, Debug, PartialEq)]
pub struct Column {
    /// Header text (may wrap).
    pub header: String,
    /// Relative width: the columns share the body width in proportion to these.
    pub weight: f32,
    /// Alignment of the cells (amounts and counts: right).
    pub align: Align,
}

impl Column {
    /// A column of `weight` aligned `align`.
    pub fn new(header: &str, weight: f32, align: Align) -> Self {
        Self {
            header: header.to_string(),
            weight,
            align,
        }
    }
}

/// One row of a table.
#[derive(Clone, Debug, PartialEq)]
pub enum Row {
    /// A row of cells (as many as columns; missing cells are blank).
    Cells {
        /// The cell texts.
        cells: Vec<String>,
        /// Set in red: overdue, lapsed, needs a decision.
        alert: bool,
    },
    /// A band across the whole table that names the rows below it.
    Group(String),
}

impl Row {
    /// A normal row.
    pub fn cells<I, S>(cells: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        Row::Cells {
            cells: cells.into_iter().map(Into::into).collect(),
            alert: false,
        }
    }

    /// A row set in red.
    pub fn alert<I, S>(cells: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        Row::Cells {
            cells: cells.into_iter().map(Into::into).collect(),
            alert: true,
        }
    }
}

/// A table: columns, rows, type size.
#[derive(Clone, Debug, PartialEq)]
pub struct Table {
    /// The columns.
    pub columns: Vec<Column>,
    /// The rows, in order.
    pub rows: Vec<Row>,
    /// Type size of the cells in points (the header is set in bold at the same size).
    pub size: f32,
}

const PAD_X: f32 = 3.0;
const PAD_Y: f32 = 2.6;

struct Laid {
    lines: Vec<Vec<String>>,
    height: f32,
}

impl Table {
    fn widths(&self, total: f32) -> Vec<f32> {
        let sum: f32 = self.columns.iter().map(|c| c.weight).sum();
        self.columns
            .iter()
            .map(|c| total * c.weight / sum.max(f32::EPSILON))
            .collect()
    }

    fn line_height(&self) -> f32 {
        self.size * 1.35
    }

    fn lay_out(
        &self,
        cells: &[String],
        widths: &[f32],
        style: TextStyle,
    ) -> Result<Laid, ReportError> {
        let m = style.metrics()?;
        let mut lines = Vec::with_capacity(widths.len());
        let mut most = 1;
        for (i, w) in widths.iter().enumerate() {
            let text = cells.get(i).map(String::as_str).unwrap_or("");
            let inner = w - 2.0 * PAD_X;
            let cell = if m.text_width(text, style.size) <= inner && !text.contains('\n') {
                vec![text.to_string()]
            } else {
                wrap(text, inner, style.size, m)
            };
            most = most.max(cell.len());
            lines.push(cell);
        }
        Ok(Laid {
            lines,
            height: most as f32 * self.line_height() + 2.0 * PAD_Y,
        })
    }

    fn draw_cells(
        &self,
        doc: &mut Document,
        laid: &Laid,
        widths: &[f32],
        style: TextStyle,
        header: bool,
    ) -> Result<(), ReportError> {
        let (left, right, top) = (doc.left(), doc.right(), doc.y);
        let lh = self.line_height();
        let page = doc.page();
        if header {
            page.rect(
                left,
                top,
                right - left,
                laid.height,
                Some(Colour::BAND),
                None,
            );
        }
        let mut x = left;
        for (i, (w, lines)) in widths.iter().zip(&laid.lines).enumerate() {
            let align = if header {
                Align::Center
            } else {
                self.columns.get(i).map_or(Align::Left, |c| c.align)
            };
            for (n, line) in lines.iter().enumerate() {
                let baseline = top + PAD_Y + n as f32 * lh + self.size * 1.05;
                page.text_in(x + PAD_X, w - 2.0 * PAD_X, baseline, align, line, style)?;
            }
            x += w;
        }
        let bottom = top + laid.height;
        let rule = if header {
            Stroke::solid(Colour::NAVY, 0.8)
        } else {
            Stroke::solid(Colour::LIGHT, 0.4)
        };
        page.line(left, bottom, right, bottom, rule);
        doc.y = bottom;
        Ok(())
    }

    /// Draws the table at the document's cursor, flowing over as many pages as needed.
    pub fn draw(&self, doc: &mut Document) -> Result<(), ReportError> {
        let widths = self.widths(doc.body_width());
        let head_style = TextStyle::bold(self.size);
        let body_style = TextStyle::regular(self.size);
        let alert_style = body_style.colour(Colour::RED);
        let headers: Vec<String> = self.columns.iter().map(|c| c.header.clone()).collect();
        let head = self.lay_out(&headers, &widths, head_style)?;
        let group_h = self.line_height() + 2.0 * PAD_Y;

        let first = self
            .rows
            .first()
            .map(|r| self.row_height(r, &widths))
            .transpose()?;
        doc.ensure(head.height + first.unwrap_or(0.0));
        self.draw_cells(doc, &head, &widths, head_style, true)?;

        for (i, row) in self.rows.iter().enumerate() {
            let (laid, keep) = match row {
                Row::Cells { cells, alert } => {
                    let style = if *alert { alert_style } else { body_style };
                    let laid = self.lay_out(cells, &widths, style)?;
                    let h = laid.height;
                    (Some((laid, style)), h)
                }
                Row::Group(_) => {
                    let next = match self.rows.get(i + 1) {
                        Some(r) => self.row_height(r, &widths)?,
                        None => 0.0,
                    };
                    (None, group_h + next)
                }
            };
            if doc.remaining() < keep {
                doc.new_page();
                self.draw_cells(doc, &head, &widths, head_style, true)?;
            }
            match (row, laid) {
                (Row::Group(title), _) => {
                    let (left, right, y) = (doc.left(), doc.right(), doc.y);
                    let page = doc.page();
                    page.rect(left, y, right - left, group_h, Some(Colour::BAND), None);
                    page.text(
                        left + PAD_X,
                        y + PAD_Y + self.size * 1.05,
                        Align::Left,
                        title,
                        TextStyle::bold(self.size).colour(Colour::NAVY),
                    )?;
                    doc.y += group_h;
                }
                (_, Some((laid, style))) => self.draw_cells(doc, &laid, &widths, style, false)?,
                (Row::Cells { .. }, None) => {}
            }
        }
        Ok(())
    }

    fn row_height(&self, row: &Row, widths: &[f32]) -> Result<f32, ReportError> {
        match row {
            Row::Cells { cells, .. } => Ok(self
                .lay_out(cells, widths, TextStyle::regular(self.size))?
                .height),
            Row::Group(_) => Ok(self.line_height() + 2.0 * PAD_Y),
        }
    }
}
