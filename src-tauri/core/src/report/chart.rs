//! Small vector charts: bars (grouped or stacked), lines, and a dashed target trajectory,
//! with a value axis, grid lines, category labels and a legend.
//!
//! The value axis starts at zero (these are counts and amounts; a truncated axis would
//! exaggerate) and ends at a "nice" round number (1, 2, 2.5 or 5 × 10ⁿ per step) above the
//! largest value, target included, so a target above the actuals stays on the chart.

use super::canvas::{Align, Canvas, Colour, Stroke, TextStyle};
use super::ReportError;

/// How a series is drawn.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SeriesKind {
    /// Bars, one per category.
    Bar,
    /// A line with markers.
    Line,
}

/// One series of values, one per category (`None`: no figure for that year).
#[derive(Clone, Debug, PartialEq)]
pub struct Series {
    /// Legend text.
    pub label: String,
    /// Values, aligned with the chart's categories.
    pub values: Vec<Option<f64>>,
    /// Bar or line.
    pub kind: SeriesKind,
    /// Colour.
    pub colour: Colour,
}

/// A chart over categories (fiscal years).
#[derive(Clone, Debug, PartialEq)]
pub struct Chart {
    /// Title above the plot.
    pub title: String,
    /// Unit shown above the value axis (`件`, `百万円`).
    pub unit: String,
    /// Category labels along the bottom.
    pub categories: Vec<String>,
    /// Series drawn in order (bars first, then lines).
    pub series: Vec<Series>,
    /// The target trajectory, dashed; `None` where no target applies.
    pub target: Option<Vec<Option<f64>>>,
    /// Stack the bar series instead of setting them side by side.
    pub stacked: bool,
}

/// A round step for about `ticks` divisions up to `max`.
fn nice_step(max: f64, ticks: f64) -> f64 {
    if max <= 0.0 || !max.is_finite() {
        return 1.0;
    }
    let raw = max / ticks;
    let mag = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 2.5, 5.0, 10.0]
        .iter()
        .map(|k| k * mag)
        .find(|s| *s >= raw)
        .unwrap_or(10.0 * mag);
    if step < 1.0 && max >= 1.0 {
        1.0
    } else {
        step
    }
}

fn axis_label(v: f64, step: f64) -> String {
    if step.fract() == 0.0 {
        super::format::thousands(v.round() as i64)
    } else {
        format!("{v:.1}")
    }
}

impl Chart {
    fn max_value(&self) -> f64 {
        let n = self.categories.len();
        let mut max = 0.0f64;
        for i in 0..n {
            let bars = self
                .series
                .iter()
                .filter(|s| s.kind == SeriesKind::Bar)
                .filter_map(|s| s.values.get(i).copied().flatten());
            let bar_top = if self.stacked {
                bars.sum::<f64>()
            } else {
                bars.fold(0.0, f64::max)
            };
            max = max.max(bar_top);
            for s in self.series.iter().filter(|s| s.kind == SeriesKind::Line) {
                max = max.max(s.values.get(i).copied().flatten().unwrap_or(0.0));
            }
            if let Some(t) = &self.target {
                max = max.max(t.get(i).copied().flatten().unwrap_or(0.0));
            }
        }
        max
    }

    /// Draws the chart in the box with top-left (x, y), `w` wide and `h` tall.
    pub fn draw(
        &self,
        page: &mut Canvas,
        x: f32,
        y: f32,
        w: f32,
        h: f32,
    ) -> Result<(), ReportError> {
        let title = TextStyle::bold(9.0);
        let small = TextStyle::regular(6.5).colour(Colour::GREY);
        page.text(x, y + 9.0, Align::Left, &self.title, title)?;

        let ly = y + 17.0;
        let mut lx = x + w;
        let mut legend: Vec<(String, Colour, Option<SeriesKind>)> = self
            .series
            .iter()
            .map(|s| (s.label.clone(), s.colour, Some(s.kind)))
            .collect();
        if self.target.is_some() {
            legend.push(("目標".to_string(), Colour::RED, None));
        }
        for (label, colour, kind) in legend.iter().rev() {
            let tw = page.text(lx, ly, Align::Right, label, small)?;
            lx -= tw + 3.0;
            match kind {
                Some(SeriesKind::Bar) => {
                    page.rect(lx - 6.0, ly - 5.0, 6.0, 5.5, Some(*colour), None)
                }
                Some(SeriesKind::Line) => page.line(
                    lx - 8.0,
                    ly - 2.2,
                    lx,
                    ly - 2.2,
                    Stroke::solid(*colour, 1.2),
                ),
                None => page.line(
                    lx - 8.0,
                    ly - 2.2,
                    lx,
                    ly - 2.2,
                    Stroke::dashed(*colour, 1.0, 2.0, 1.5),
                ),
            }
            lx -= 12.0;
        }

        let plot_left = x + 26.0;
        let plot_top = y + 30.0;
        let plot_bottom = y + h - 11.0;
        let plot_right = x + w - 2.0;
        let plot_h = plot_bottom - plot_top;
        let plot_w = plot_right - plot_left;

        let ticks = 4.0;
        let step = nice_step(self.max_value(), ticks);
        let top_value = (self.max_value() / step).ceil().max(1.0) * step;
        let n_ticks = (top_value / step).round() as i32;
        let scale = |v: f64| plot_bottom - (v / top_value) as f32 * plot_h;

        page.text(x, ly, Align::Left, &format!("（{}）", self.unit), small)?;
        for t in 0..=n_ticks {
            let v = f64::from(t) * step;
            let ty = scale(v);
            let stroke = if t == 0 {
                Stroke::solid(Colour::GREY, 0.6)
            } else {
                Stroke::solid(Colour::LIGHT, 0.3)
            };
            page.line(plot_left, ty, plot_right, ty, stroke);
            page.text(
                plot_left - 3.0,
                ty + 2.2,
                Align::Right,
                &axis_label(v, step),
                small,
            )?;
        }

        let n = self.categories.len().max(1);
        let band = plot_w / n as f32;
        let centre = |i: usize| plot_left + band * (i as f32 + 0.5);
        for (i, cat) in self.categories.iter().enumerate() {
            page.text(centre(i), plot_bottom + 8.0, Align::Center, cat, small)?;
        }

        if self.max_value() <= 0.0 {
            let note = TextStyle::regular(8.0).colour(Colour::GREY);
            let (cx, cy) = (
                (plot_left + plot_right) / 2.0,
                (plot_top + plot_bottom) / 2.0,
            );
            page.text(cx, cy, Align::Center, "データなし", note)?;
            return Ok(());
        }
        let bars: Vec<&Series> = self
            .series
            .iter()
            .filter(|s| s.kind == SeriesKind::Bar)
            .collect();
        if !bars.is_empty() {
            let group = band * 0.7;
            let each = if self.stacked {
                group
            } else {
                group / bars.len() as f32
            };
            for i in 0..self.categories.len() {
                let mut base = 0.0f64;
                for (k, s) in bars.iter().enumerate() {
                    let Some(v) = s.values.get(i).copied().flatten() else {
                        continue;
                    };
                    let bx = if self.stacked {
                        centre(i) - group / 2.0
                    } else {
                        centre(i) - group / 2.0 + each * k as f32
                    };
                    let (lo, hi) = if self.stacked {
                        (base, base + v)
                    } else {
                        (0.0, v)
                    };
                    let (top, bottom) = (scale(hi), scale(lo));
                    if bottom - top > 0.0 {
                        page.rect(bx, top, each * 0.92, bottom - top, Some(s.colour), None);
                    }
                    if self.stacked {
                        base += v;
                    }
                }
            }
        }

        let polyline = |values: &[Option<f64>]| -> Vec<(f32, f32)> {
            values
                .iter()
                .enumerate()
                .take(self.categories.len())
                .filter_map(|(i, v)| v.map(|v| (centre(i), scale(v))))
                .collect()
        };
        for s in self.series.iter().filter(|s| s.kind == SeriesKind::Line) {
            let pts = polyline(&s.values);
            page.polyline(&pts, Stroke::solid(s.colour, 1.3));
            for (px, py) in pts {
                page.dot(px, py, 1.6, s.colour);
            }
        }
        if let Some(target) = &self.target {
            let pts = polyline(target);
            page.polyline(&pts, Stroke::dashed(Colour::RED, 1.0, 3.0, 2.0));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    #[rstest]
    #[case(10.0, 2.5)]
    #[case(37.0, 10.0)]
    #[case(4.0, 1.0)]
    #[case(1.0, 1.0)]
    #[case(1234.0, 500.0)]
    #[case(0.0, 1.0)]
    fn steps_are_round_and_cover_the_maximum(#[case] max: f64, #[case] want: f64) {
        let step = nice_step(max, 4.0);
        assert_eq!(step, want, "1/2/2.5/5 × 10ⁿ step for max {max}");
        assert!(
            step * 4.0 >= max || max == 0.0,
            "four steps reach the maximum"
        );
    }
}
