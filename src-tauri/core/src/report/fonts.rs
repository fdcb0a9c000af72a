//! The embedded Japanese fonts and their advance widths.
//!
//! BIZ UDGothic Regular and Bold (SIL OFL 1.1, licence text in `assets/fonts/OFL.txt`) are
//! compiled into the binary so a report looks the same on every machine and never depends on
//! what fonts an office PC happens to have. The PDF embeds a subset of each (only the glyphs
//! used), which printpdf does at save time.
//!
//! Measurement reads the glyph id and advance of each character from `cmap` and `hmtx` once per
//! process (a table for the Basic Multilingual Plane plus a map for the rest) and then costs one
//! array index per character: the 1,000-page register measures every cell, so this is the hot
//! path. The same table gives the glyph ids the canvas writes into the PDF, so printpdf does not
//! look each character up again (its own cmap lookup was 60 % of the time of a large register).

use std::collections::HashMap;
use std::sync::OnceLock;

use super::ReportError;

static GOTHIC_REGULAR: &[u8] = include_bytes!("../../assets/fonts/BIZUDGothic-Regular.ttf");
static GOTHIC_BOLD: &[u8] = include_bytes!("../../assets/fonts/BIZUDGothic-Bold.ttf");

/// The two faces a report may use.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum FontStyle {
    /// BIZ UDGothic Regular: body text, table cells.
    Regular,
    /// BIZ UDGothic Bold: titles, headings, table headers.
    Bold,
}

impl FontStyle {
    /// The font program (TTF bytes) of this face.
    pub(crate) fn bytes(self) -> &'static [u8] {
        match self {
            FontStyle::Regular => GOTHIC_REGULAR,
            FontStyle::Bold => GOTHIC_BOLD,
        }
    }

    fn index(self) -> usize {
        match self {
            FontStyle::Regular => 0,
            FontStyle::Bold => 1,
        }
    }
}

const MISSING: u16 = u16::MAX;

/// Advance widths of one face, in font units, with its units per em.
#[derive(Debug)]
pub struct Metrics {
    bmp: Vec<(u16, u16)>,
    astral: HashMap<u32, (u16, u16)>,
    notdef: u16,
    units_per_em: f32,
    ascender: f32,
    descender: f32,
}

impl Metrics {
    fn parse(bytes: &[u8]) -> Option<Self> {
        let face = ttf_parser::Face::parse(bytes, 0).ok()?;
        let mut bmp = vec![(0, MISSING); 0x1_0000];
        let mut astral = HashMap::new();
        let cmap = face.tables().cmap?;
        for sub in cmap.subtables.into_iter().filter(|s| s.is_unicode()) {
            sub.codepoints(|cp| {
                let Some(gid) = sub.glyph_index(cp) else {
                    return;
                };
                let adv = face.glyph_hor_advance(gid).unwrap_or(0);
                match usize::try_from(cp) {
                    Ok(i) if i < bmp.len() => {
                        if bmp[i].1 == MISSING {
                            bmp[i] = (gid.0, adv);
                        }
                    }
                    _ => {
                        astral.entry(cp).or_insert((gid.0, adv));
                    }
                }
            });
        }
        let notdef = face
            .glyph_hor_advance(ttf_parser::GlyphId(0))
            .unwrap_or(face.units_per_em());
        Some(Self {
            bmp,
            astral,
            notdef,
            units_per_em: f32::from(face.units_per_em()),
            ascender: f32::from(face.ascender()),
            descender: f32::from(face.descender()),
        })
    }

    /// Whether the face has a glyph for `c` (else it prints as the empty box).
    pub fn has_glyph(&self, c: char) -> bool {
        self.units(c).is_some()
    }

    fn glyph(&self, c: char) -> Option<(u16, u16)> {
        let cp = u32::from(c);
        match self.bmp.get(cp as usize) {
            Some(&(_, MISSING)) => None,
            Some(&g) => Some(g),
            None => self.astral.get(&cp).copied(),
        }
    }

    fn units(&self, c: char) -> Option<u16> {
        self.glyph(c).map(|g| g.1)
    }

    /// The glyph ids of `text` for the PDF content stream, each with the character it stands
    /// for (the PDF's ToUnicode map, so the text can be copied and searched). Characters the
    /// face lacks become glyph 0 (the empty box).
    pub fn glyph_ids(&self, text: &str) -> Vec<printpdf::Codepoint> {
        text.chars()
            .map(|c| {
                let gid = self.glyph(c).map_or(0, |g| g.0);
                printpdf::Codepoint::with_cid(gid, 0.0, c.to_string())
            })
            .collect()
    }

    /// Advance of `c` at `size` points, in points.
    pub fn char_width(&self, c: char, size: f32) -> f32 {
        f32::from(self.units(c).unwrap_or(self.notdef)) * size / self.units_per_em
    }

    /// Advance of `text` at `size` points, in points (no kerning: the faces are set solid).
    pub fn text_width(&self, text: &str, size: f32) -> f32 {
        let units: u32 = text
            .chars()
            .map(|c| u32::from(self.units(c).unwrap_or(self.notdef)))
            .sum();
        units as f32 * size / self.units_per_em
    }

    /// Height above the baseline of the tallest glyphs at `size`, in points.
    pub fn ascent(&self, size: f32) -> f32 {
        self.ascender * size / self.units_per_em
    }

    /// Depth below the baseline at `size`, in points (positive).
    pub fn descent(&self, size: f32) -> f32 {
        -self.descender * size / self.units_per_em
    }
}

static METRICS: [OnceLock<Option<Metrics>>; 2] = [OnceLock::new(), OnceLock::new()];
static PARSED: [OnceLock<Option<printpdf::ParsedFont>>; 2] = [OnceLock::new(), OnceLock::new()];

/// The face of `style` parsed for the PDF (its glyphs, for embedding a subset), parsed on first
/// use and kept for the process.
pub fn parsed(style: FontStyle) -> Result<&'static printpdf::ParsedFont, ReportError> {
    PARSED[style.index()]
        .get_or_init(|| printpdf::ParsedFont::from_bytes(style.bytes(), 0, &mut Vec::new()))
        .as_ref()
        .ok_or(ReportError::Font(style))
}

/// Parses both faces (for the PDF and their metrics) on threads of their own, so that a report
/// reading the database meanwhile finds them ready: about 20 ms of a small report's 80 ms. A face
/// asked for before its thread is done waits for it; a face that fails to parse says so when asked.
pub fn prepare_in_background() {
    for style in [FontStyle::Regular, FontStyle::Bold] {
        if PARSED[style.index()].get().is_none() {
            std::thread::spawn(move || {
                let _ = parsed(style);
                let _ = metrics(style);
            });
        }
    }
}

/// The metrics of `style`, parsed on first use and kept for the process.
pub fn metrics(style: FontStyle) -> Result<&'static Metrics, ReportError> {
    METRICS[style.index()]
        .get_or_init(|| Metrics::parse(style.bytes()))
        .as_ref()
        .ok_or(ReportError::Font(style))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_width_kana_and_kanji_are_one_em_and_latin_half() {
        let m = metrics(FontStyle::Regular).unwrap();
        assert_eq!(
            m.char_width('特', 10.0),
            10.0,
            "BIZ UDGothic sets kanji on a full em"
        );
        assert_eq!(
            m.char_width('あ', 10.0),
            10.0,
            "kana are full width in the non-P face"
        );
        assert_eq!(
            m.char_width('A', 10.0),
            5.0,
            "Latin is half width in BIZ UDGothic"
        );
        assert!(m.has_glyph('¥') && m.has_glyph('令') && m.has_glyph('△'));
        assert_eq!(m.text_width("特許A", 10.0), 25.0, "widths add up");
    }
}
