//! A report document: A4 pages with the house frame, a flowing cursor, and the PDF it becomes.
//!
//! Every page carries the same frame (設計: the "every page" list): institution name,
//! report title, the as-of date in 西暦 with 和暦, the confidentiality mark 関係者外秘 and the page
//! number "n / N". N is only known at the end, so the frame is drawn when the document is
//! finished, on top of the page content.
//!
//! Content flows down the body area with a cursor (`y`, points from the top). A block that
//! does not fit in what is left of the page asks for a new page first (`ensure`).
//!
//! The PDF's metadata is set explicitly (title, author = institution, subject, creation and
//! modification date = the `created` time passed in), since printpdf's defaults are the epoch
//! and empty strings. The fonts are embedded as subsets (only the glyphs used).

use chrono::{Datelike, NaiveDateTime, Timelike};
use printpdf::{Date, DateTime, Mm, Offset, PdfDocument, PdfPage, PdfSaveOptions, Time};

use super::canvas::{Align, Canvas, Colour, Stroke, TextStyle, MM};
use super::fonts::FontStyle;
use super::format::date_with_era;
use super::ReportError;

/// A4 in points.
const A4: (f32, f32) = (210.0 * MM, 297.0 * MM);
const MARGIN_X: f32 = 15.0 * MM;
const HEADER_BOTTOM: f32 = 24.0 * MM;
const FOOTER_TOP: f32 = 14.0 * MM;

/// What every page and the PDF metadata say about a report.
#[derive(Clone, Debug, PartialEq)]
pub struct ReportMeta {
    /// Report title, e.g. `知的財産本部 活動報告（2025年度）`. Also the PDF title.
    pub title: String,
    /// Institution name: page header and the PDF author.
    pub institution: String,
    /// The date the figures are as of (基準日).
    pub as_of: chrono::NaiveDate,
    /// When the report was produced (PDF creation date, footer), in Japan time. Passed in.
    pub created: NaiveDateTime,
    /// PDF subject line.
    pub subject: String,
}

/// A finished report: the PDF file's bytes and its page count.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pdf {
    /// The PDF file.
    pub bytes: Vec<u8>,
    /// Number of pages.
    pub pages: usize,
}

/// Page orientation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Orientation {
    /// A4 portrait: the board report, the docket.
    Portrait,
    /// A4 landscape: wide registers.
    Landscape,
}

/// A report being laid out.
pub struct Document {
    meta: ReportMeta,
    pdf: PdfDocument,
    fonts: [printpdf::FontId; 2],
    pages: Vec<Canvas>,
    width: f32,
    height: f32,
    /// Cursor: points from the top of the current page where the next block goes.
    pub y: f32,
}

impl Document {
    /// A document with no pages yet; the fonts are registered (and later subset).
    pub fn new(meta: ReportMeta, orientation: Orientation) -> Result<Self, ReportError> {
        let mut pdf = PdfDocument::new(&meta.title);
        let mut fonts = Vec::with_capacity(2);
        for style in [FontStyle::Regular, FontStyle::Bold] {
            fonts.push(pdf.add_font(super::fonts::parsed(style)?));
        }
        let [regular, bold]: [printpdf::FontId; 2] = fonts
            .try_into()
            .map_err(|_| ReportError::Font(FontStyle::Regular))?;
        let (width, height) = match orientation {
            Orientation::Portrait => A4,
            Orientation::Landscape => (A4.1, A4.0),
        };
        Ok(Self {
            meta,
            pdf,
            fonts: [regular, bold],
            pages: Vec::new(),
            width,
            height,
            y: 0.0,
        })
    }

    /// The report's metadata.
    pub fn meta(&self) -> &ReportMeta {
        &self.meta
    }

    /// Left edge of the body area.
    pub fn left(&self) -> f32 {
        MARGIN_X
    }

    /// Right edge of the body area.
    pub fn right(&self) -> f32 {
        self.width - MARGIN_X
    }

    /// Width of the body area.
    pub fn body_width(&self) -> f32 {
        self.width - 2.0 * MARGIN_X
    }

    /// Top of the body area.
    pub fn top(&self) -> f32 {
        HEADER_BOTTOM
    }

    /// Bottom of the body area.
    pub fn bottom(&self) -> f32 {
        self.height - FOOTER_TOP
    }

    /// Number of pages so far.
    pub fn page_count(&self) -> usize {
        self.pages.len()
    }

    /// Starts a new page and puts the cursor at the top of its body.
    pub fn new_page(&mut self) {
        self.pages
            .push(Canvas::new(self.width, self.height, self.fonts.clone()));
        self.y = self.top();
    }

    /// The current page (a first page is started if there is none).
    pub fn page(&mut self) -> &mut Canvas {
        if self.pages.is_empty() {
            self.new_page();
        }
        let last = self.pages.len() - 1;
        &mut self.pages[last]
    }

    /// Space left on the current page below the cursor.
    pub fn remaining(&self) -> f32 {
        if self.pages.is_empty() {
            0.0
        } else {
            self.bottom() - self.y
        }
    }

    /// Makes sure `height` points fit below the cursor; starts a new page if not. Returns
    /// whether a new page was started.
    pub fn ensure(&mut self, height: f32) -> bool {
        if self.pages.is_empty() || self.remaining() < height {
            self.new_page();
            true
        } else {
            false
        }
    }

    /// A section heading with a rule under it; kept with at least `keep` points of what
    /// follows.
    pub fn heading(&mut self, text: &str, keep: f32) -> Result<(), ReportError> {
        let style = TextStyle::bold(12.0).colour(Colour::NAVY);
        let h = 22.0;
        if !self.pages.is_empty() && self.y > self.top() {
            self.y += 6.0;
        }
        self.ensure(h + keep);
        let (left, right, y) = (self.left(), self.right(), self.y);
        let page = self.page();
        page.rect(left, y + 2.0, 3.0, 13.0, Some(Colour::NAVY), None);
        page.text(left + 7.0, y + 13.0, Align::Left, text, style)?;
        page.line(
            left,
            y + 18.0,
            right,
            y + 18.0,
            Stroke::solid(Colour::LIGHT, 0.6),
        );
        self.y += h;
        Ok(())
    }

    /// A wrapped paragraph in `style` across the body width.
    pub fn paragraph(&mut self, text: &str, style: TextStyle) -> Result<(), ReportError> {
        let lines = super::text::wrap(text, self.body_width(), style.size, style.metrics()?);
        let lh = style.size * 1.6;
        for line in lines {
            self.ensure(lh);
            let (left, y) = (self.left(), self.y);
            self.page()
                .text(left, y + style.size, Align::Left, &line, style)?;
            self.y += lh;
        }
        Ok(())
    }

    fn draw_frame(&mut self) -> Result<(), ReportError> {
        let total = self.pages.len();
        let (left, right) = (MARGIN_X, self.width - MARGIN_X);
        let bottom = self.height - FOOTER_TOP;
        let as_of = format!("基準日 {}", date_with_era(self.meta.as_of));
        let created = format!("出力 {}", self.meta.created.format("%Y-%m-%d %H:%M"));
        let small = TextStyle::regular(8.0).colour(Colour::GREY);
        let mark = TextStyle::bold(9.0).colour(Colour::RED);
        let title = TextStyle::bold(13.0);
        let (institution, report_title) = (self.meta.institution.clone(), self.meta.title.clone());
        for (i, page) in self.pages.iter_mut().enumerate() {
            page.text(left, 11.0 * MM, Align::Left, &institution, small)?;
            let mark_w = page.text(right - 3.0, 11.0 * MM, Align::Right, "関係者外秘", mark)?;
            page.rect(
                right - mark_w - 6.0,
                11.0 * MM - 10.5,
                mark_w + 6.0,
                14.0,
                None,
                Some(Stroke::solid(Colour::RED, 0.8)),
            );
            page.text(left, 18.5 * MM, Align::Left, &report_title, title)?;
            page.text(
                right,
                18.5 * MM,
                Align::Right,
                &as_of,
                small.colour(Colour::BLACK),
            )?;
            page.line(
                left,
                20.5 * MM,
                right,
                20.5 * MM,
                Stroke::solid(Colour::NAVY, 1.0),
            );
            page.line(
                left,
                bottom + 4.0,
                right,
                bottom + 4.0,
                Stroke::solid(Colour::LIGHT, 0.5),
            );
            let y = bottom + 16.0;
            page.text(left, y, Align::Left, &created, small)?;
            page.text(
                self.width / 2.0,
                y,
                Align::Center,
                &format!("{} / {}", i + 1, total),
                TextStyle::regular(9.0),
            )?;
            page.text(right, y, Align::Right, &institution, small)?;
        }
        Ok(())
    }

    /// Draws the page frames, sets the metadata and writes the PDF with subset fonts.
    pub fn finish(mut self) -> Result<Pdf, ReportError> {
        if self.pages.is_empty() {
            self.new_page();
        }
        self.draw_frame()?;
        let created = pdf_date(self.meta.created);
        let info = &mut self.pdf.metadata.info;
        info.document_title = self.meta.title.clone();
        info.author = self.meta.institution.clone();
        info.subject = self.meta.subject.clone();
        info.creator = "Chizai".to_string();
        info.producer = format!("Chizai {} (printpdf)", env!("CARGO_PKG_VERSION"));
        info.creation_date = created;
        info.modification_date = created;
        info.metadata_date = created;
        let (w, h) = (Mm(self.width / MM), Mm(self.height / MM));
        let count = self.pages.len();
        let pages = std::mem::take(&mut self.pages)
            .into_iter()
            .map(|c| PdfPage::new(w, h, c.ops))
            .collect();
        self.pdf.with_pages(pages);
        let opts = PdfSaveOptions {
            subset_fonts: true,
            ..Default::default()
        };
        let mut warnings = Vec::new();
        Ok(Pdf {
            bytes: self.pdf.save(&opts, &mut warnings),
            pages: count,
        })
    }
}

/// A local time in Japan (UTC+9) as a PDF date.
/// The PDF date of `t`, a Japan wall-clock time. printpdf writes every date as `D:…+00'00'` whatever
/// offset it is given (it formats the components and hard-codes UTC), so the instant must be handed
/// over in UTC: 09:30 in Tokyo is written `D:…003000+00'00'`, which a reader shows as 09:30 JST.
fn pdf_date(t: NaiveDateTime) -> DateTime {
    let utc = t - chrono::Duration::hours(9);
    let small = |v: u32| u8::try_from(v).unwrap_or(0);
    DateTime::new_in_offset(
        Date {
            year: utc.year(),
            month: small(utc.month()),
            day: small(utc.day()),
        },
        Time {
            hour: small(utc.hour()),
            minute: small(utc.minute()),
            second: small(utc.second()),
            millisecond: 0,
        },
        Offset {
            hours: 0,
            minutes: 0,
            seconds: 0,
            milliseconds: 0,
        },
    )
}
