//! One page being drawn: a list of printpdf operations with a top-left coordinate system.
//!
//! Layout code thinks in points from the top-left corner of the page (as one reads a page);
//! PDF measures from the bottom-left. The canvas does that conversion in one place, sets the
//! font, size and colour for each text run, and keeps every text run inside its own text
//! object (BT … ET) so that runs never inherit each other's state.

use printpdf::{
    Color, Line, LineDashPattern, LinePoint, Op, PaintMode, PdfFontHandle, Point, Polygon,
    PolygonRing, Pt, Rect, Rgb, TextItem, WindingOrder,
};

use super::fonts::{metrics, FontStyle, Metrics};
use super::ReportError;

/// Points per millimetre.
pub const MM: f32 = 72.0 / 25.4;

/// A colour on paper.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Colour(pub f32, pub f32, pub f32);

impl Colour {
    /// Body text.
    pub const BLACK: Colour = Colour(0.1, 0.1, 0.1);
    /// Secondary text, axes.
    pub const GREY: Colour = Colour(0.45, 0.45, 0.45);
    /// Grid lines, rules.
    pub const LIGHT: Colour = Colour(0.82, 0.82, 0.82);
    /// Table header band, zebra rows.
    pub const BAND: Colour = Colour(0.93, 0.94, 0.96);
    /// The institution's accent: headings, first series.
    pub const NAVY: Colour = Colour(0.11, 0.23, 0.42);
    /// Second series.
    pub const TEAL: Colour = Colour(0.16, 0.55, 0.55);
    /// Third series.
    pub const OCHRE: Colour = Colour(0.85, 0.6, 0.18);
    /// Warnings, the confidentiality mark, overdue items.
    pub const RED: Colour = Colour(0.75, 0.12, 0.12);
    /// Met targets.
    pub const GREEN: Colour = Colour(0.18, 0.5, 0.25);

    fn pdf(self) -> Color {
        Color::Rgb(Rgb {
            r: self.0,
            g: self.1,
            b: self.2,
            icc_profile: None,
        })
    }
}

/// How a run of text is set.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct TextStyle {
    /// Face.
    pub font: FontStyle,
    /// Size in points.
    pub size: f32,
    /// Colour.
    pub colour: Colour,
}

impl TextStyle {
    /// Regular body text at `size`.
    pub const fn regular(size: f32) -> Self {
        Self {
            font: FontStyle::Regular,
            size,
            colour: Colour::BLACK,
        }
    }

    /// Bold text at `size`.
    pub const fn bold(size: f32) -> Self {
        Self {
            font: FontStyle::Bold,
            size,
            colour: Colour::BLACK,
        }
    }

    /// The same style in another colour.
    pub const fn colour(mut self, colour: Colour) -> Self {
        self.colour = colour;
        self
    }

    /// The metrics of this style's face.
    pub fn metrics(&self) -> Result<&'static Metrics, ReportError> {
        metrics(self.font)
    }

    /// Width of `text` in this style, in points.
    pub fn width(&self, text: &str) -> Result<f32, ReportError> {
        Ok(self.metrics()?.text_width(text, self.size))
    }
}

/// Horizontal alignment of text against an x position or inside a box.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Align {
    /// Text starts at x.
    Left,
    /// Text is centred on x (or in the box).
    Center,
    /// Text ends at x (or at the box's right edge): numbers and amounts.
    Right,
}

/// How a line is stroked.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Stroke {
    /// Colour.
    pub colour: Colour,
    /// Width in points.
    pub width: f32,
    /// Dash and gap lengths in points, or solid.
    pub dash: Option<(f32, f32)>,
}

impl Stroke {
    /// A solid line.
    pub const fn solid(colour: Colour, width: f32) -> Self {
        Self {
            colour,
            width,
            dash: None,
        }
    }

    /// A dashed line (target trajectories).
    pub const fn dashed(colour: Colour, width: f32, dash: f32, gap: f32) -> Self {
        Self {
            colour,
            width,
            dash: Some((dash, gap)),
        }
    }
}

/// One page: its size and the operations drawn so far.
#[derive(Debug)]
pub struct Canvas {
    /// Page width in points.
    pub width: f32,
    /// Page height in points.
    pub height: f32,
    pub(crate) ops: Vec<Op>,
    fonts: [printpdf::FontId; 2],
}

impl Canvas {
    pub(crate) fn new(width: f32, height: f32, fonts: [printpdf::FontId; 2]) -> Self {
        Self {
            width,
            height,
            ops: Vec::with_capacity(512),
            fonts,
        }
    }

    fn pt(&self, x: f32, y: f32) -> Point {
        Point {
            x: Pt(x),
            y: Pt(self.height - y),
        }
    }

    /// Draws `text` with its baseline at `y`, aligned against `x`. Returns the text's width.
    pub fn text(
        &mut self,
        x: f32,
        y: f32,
        align: Align,
        text: &str,
        style: TextStyle,
    ) -> Result<f32, ReportError> {
        if text.is_empty() {
            return Ok(0.0);
        }
        let m = style.metrics()?;
        let w = m.text_width(text, style.size);
        let left = match align {
            Align::Left => x,
            Align::Center => x - w / 2.0,
            Align::Right => x - w,
        };
        let font = self.fonts[usize::from(style.font == FontStyle::Bold)].clone();
        let pos = self.pt(left, y);
        self.ops.extend([
            Op::SetFillColor {
                col: style.colour.pdf(),
            },
            Op::StartTextSection,
            Op::SetFont {
                font: PdfFontHandle::External(font),
                size: Pt(style.size),
            },
            Op::SetTextCursor { pos },
            Op::ShowText {
                items: vec![TextItem::GlyphIds(m.glyph_ids(text))],
            },
            Op::EndTextSection,
        ]);
        Ok(w)
    }

    /// Draws `text` inside the box from `left` to `left + width`, aligned, baseline at `y`.
    pub fn text_in(
        &mut self,
        left: f32,
        width: f32,
        y: f32,
        align: Align,
        text: &str,
        style: TextStyle,
    ) -> Result<f32, ReportError> {
        let x = match align {
            Align::Left => left,
            Align::Center => left + width / 2.0,
            Align::Right => left + width,
        };
        self.text(x, y, align, text, style)
    }

    fn set_stroke(&mut self, stroke: Stroke) {
        let dash = match stroke.dash {
            Some((d, g)) => LineDashPattern::new(0.0, &[d, g]),
            None => LineDashPattern::solid(),
        };
        self.ops.extend([
            Op::SetOutlineColor {
                col: stroke.colour.pdf(),
            },
            Op::SetOutlineThickness {
                pt: Pt(stroke.width),
            },
            Op::SetLineDashPattern { dash },
        ]);
    }

    /// A straight line from (x1, y1) to (x2, y2).
    pub fn line(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, stroke: Stroke) {
        self.polyline(&[(x1, y1), (x2, y2)], stroke);
    }

    /// An open polyline through `points`.
    pub fn polyline(&mut self, points: &[(f32, f32)], stroke: Stroke) {
        if points.len() < 2 {
            return;
        }
        self.set_stroke(stroke);
        let points = points
            .iter()
            .map(|&(x, y)| LinePoint {
                p: self.pt(x, y),
                bezier: false,
            })
            .collect();
        self.ops.push(Op::DrawLine {
            line: Line {
                points,
                is_closed: false,
            },
        });
    }

    /// A rectangle with its top-left corner at (x, y), filled and/or stroked.
    pub fn rect(
        &mut self,
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        fill: Option<Colour>,
        stroke: Option<Stroke>,
    ) {
        let mode = match (fill, stroke) {
            (Some(_), Some(_)) => PaintMode::FillStroke,
            (Some(_), None) => PaintMode::Fill,
            (None, Some(_)) => PaintMode::Stroke,
            (None, None) => return,
        };
        if let Some(c) = fill {
            self.ops.push(Op::SetFillColor { col: c.pdf() });
        }
        if let Some(s) = stroke {
            self.set_stroke(s);
        }
        self.ops.push(Op::DrawRectangle {
            rectangle: Rect {
                x: Pt(x),
                y: Pt(self.height - y - h),
                width: Pt(w),
                height: Pt(h),
                mode: Some(mode),
                winding_order: Some(WindingOrder::NonZero),
            },
        });
    }

    /// A filled circle (chart markers).
    pub fn dot(&mut self, cx: f32, cy: f32, r: f32, fill: Colour) {
        const K: f32 = 0.552_284_8;
        let c = r * K;
        let p = |x: f32, y: f32, bezier: bool| LinePoint {
            p: self.pt(cx + x, cy + y),
            bezier,
        };
        let points = vec![
            p(r, 0.0, false),
            p(r, c, true),
            p(c, r, true),
            p(0.0, r, false),
            p(-c, r, true),
            p(-r, c, true),
            p(-r, 0.0, false),
            p(-r, -c, true),
            p(-c, -r, true),
            p(0.0, -r, false),
            p(c, -r, true),
            p(r, -c, true),
            p(r, 0.0, false),
        ];
        self.ops.push(Op::SetFillColor { col: fill.pdf() });
        self.ops.push(Op::DrawPolygon {
            polygon: Polygon {
                rings: vec![PolygonRing { points }],
                mode: PaintMode::Fill,
                winding_order: WindingOrder::NonZero,
            },
        });
    }
}
