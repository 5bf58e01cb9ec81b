//! The SVG drawing and its text-layout engine: bars, grid and swatches through plotters' SVG
//! backend; every piece of text placed here, measured by our own estimate (CJK ≈ 1 em, ASCII
//! ≈ 0.6 em) so labels wrap, shorten and keep apart the same on every machine.

use super::*;

/// A colour of the palette.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Rgb(u8, u8, u8);

impl Rgb {
    pub(super) fn plotters(self) -> RGBColor {
        RGBColor(self.0, self.1, self.2)
    }

    pub(super) fn luminance(self) -> f64 {
        let channel = |c: u8| {
            let v = f64::from(c) / 255.0;
            if v <= 0.03928 {
                v / 12.92
            } else {
                ((v + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * channel(self.0) + 0.7152 * channel(self.1) + 0.0722 * channel(self.2)
    }

    /// Black or white, whichever contrasts more with this colour.
    pub(super) fn text_colour(self) -> &'static str {
        let l = self.luminance();
        if (l + 0.05) / 0.05 >= 1.05 / (l + 0.05) {
            "#000"
        } else {
            "#fff"
        }
    }
}

/// Okabe–Ito, distinguishable with every common colour-vision deficiency. Yellow is left out: on
/// white it cannot be told from the background.
pub(super) const SERIES: [Rgb; 6] = [
    Rgb(0x00, 0x72, 0xB2), // blue
    Rgb(0xE6, 0x9F, 0x00), // orange
    Rgb(0x00, 0x9E, 0x73), // bluish green
    Rgb(0xD5, 0x5E, 0x00), // vermillion
    Rgb(0x56, 0xB4, 0xE9), // sky blue
    Rgb(0xCC, 0x79, 0xA7), // reddish purple
];
pub(super) const OTHER: Rgb = Rgb(0x99, 0x99, 0x99);
pub(super) const TEXT: &str = "#222";
pub(super) const MUTED: &str = "#555";
pub(super) const GRID: Rgb = Rgb(0xDD, 0xDD, 0xDD);
pub(super) const AXIS: Rgb = Rgb(0x66, 0x66, 0x66);
pub(super) const BACKGROUND: Rgb = Rgb(0xFF, 0xFF, 0xFF);

/// The width of every drawing: labels above the bars, so every bar and its value fit a phone's
/// screen without scrolling sideways; a wide screen shows the charts side by side. One drawing a
/// chart, one file: the same image on every screen, in the open data and in a report.
pub const WIDTH: u32 = 340;
pub(super) const PAD: f64 = 16.0;
pub(super) const TITLE_SIZE: f64 = 16.0;
pub(super) const SUBTITLE_SIZE: f64 = 12.0;
pub(super) const LABEL_SIZE: f64 = 13.0;
pub(super) const VALUE_SIZE: f64 = 12.0;
pub(super) const TICK_SIZE: f64 = 11.0;
pub(super) const LEGEND_SIZE: f64 = 12.0;
pub(super) const NOTE_SIZE: f64 = 12.0;
pub(super) const BAR_HEIGHT: f64 = 18.0;
/// How far right of the zero line a row label starts (the line runs from the first row to the
/// last, past the labels above the bars).
pub(super) const LABEL_INSET: f64 = 4.0;

/// Estimated advance of a character in em. Generous on purpose: a label measured too wide only
/// wastes a little room, one measured too narrow overlaps.
pub(super) fn char_em(c: char) -> f64 {
    match c {
        'i' | 'j' | 'l' | '.' | ',' | ':' | ';' | '!' | '|' | '\'' | '(' | ')' | ' ' => 0.35,
        'm' | 'w' | 'M' | 'W' | '%' | '@' => 0.9,
        c if c.is_ascii() => 0.62,
        _ => 1.0,
    }
}

/// Estimated width of `text` at `size` px, independent of any installed font.
pub fn text_width(text: &str, size: f64) -> f64 {
    text.chars().map(char_em).sum::<f64>() * size
}

/// A label fitted into a width: its lines, and the full text when it had to be shortened.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Fitted {
    pub(super) lines: Vec<String>,
    pub(super) shortened: bool,
}

impl Fitted {
    pub(super) fn width(&self, size: f64) -> f64 {
        self.lines
            .iter()
            .map(|l| text_width(l, size))
            .fold(0.0, f64::max)
    }
}

/// Wraps `text` into at most `max_lines` lines of `max_width`, shortening the last with "…".
/// Breaks prefer the place after a space or a Chinese punctuation mark near the end of a line.
pub(super) fn fit(text: &str, size: f64, max_width: f64, max_lines: usize) -> Fitted {
    let mut lines: Vec<String> = Vec::new();
    let mut rest: Vec<char> = text.chars().collect();
    while !rest.is_empty() {
        if lines.len() + 1 == max_lines {
            let whole: String = rest.iter().collect();
            if text_width(&whole, size) <= max_width {
                lines.push(whole);
                return Fitted {
                    lines,
                    shortened: false,
                };
            }
            let ellipsis = text_width("…", size);
            let mut line = String::new();
            let mut width = 0.0;
            for &c in &rest {
                let w = char_em(c) * size;
                if width + w + ellipsis > max_width {
                    break;
                }
                width += w;
                line.push(c);
            }
            line.push('…');
            lines.push(line);
            return Fitted {
                lines,
                shortened: true,
            };
        }
        let mut width = 0.0;
        let mut end = 0;
        while end < rest.len() && width + char_em(rest[end]) * size <= max_width {
            width += char_em(rest[end]) * size;
            end += 1;
        }
        if end == rest.len() {
            lines.push(rest.iter().collect());
            break;
        }
        let end = end.max(1);
        let soft = (end / 2..end)
            .rev()
            .find(|&i| matches!(rest[i], ' ' | '、' | '，' | '）' | ')' | '：' | '；'))
            .map_or(end, |i| i + 1);
        lines.push(
            rest[..soft]
                .iter()
                .collect::<String>()
                .trim_end()
                .to_string(),
        );
        rest.drain(..soft);
        while rest.first() == Some(&' ') {
            rest.remove(0);
        }
    }
    Fitted {
        lines,
        shortened: false,
    }
}

pub(super) struct Segment {
    /// Length in axis units (万元, or percent on a share chart).
    pub(super) value: f64,
    pub(super) colour: Rgb,
    /// Written inside the segment when it fits.
    pub(super) text: Option<String>,
    pub(super) tooltip: String,
}

pub(super) struct Row {
    pub(super) label: String,
    pub(super) segments: Vec<Segment>,
    /// Written after the end of the bar.
    pub(super) end_text: String,
}

pub(super) enum Scale {
    Amount,
    Share,
}

pub(super) struct Plot<'a> {
    pub(super) id: &'a str,
    pub(super) title: &'a str,
    pub(super) desc: &'a str,
    pub(super) subtitle: String,
    pub(super) legend: Vec<(String, Rgb)>,
    pub(super) rows: Vec<Row>,
    pub(super) scale: Scale,
    /// Shown under the axis: what was left out, and other remarks.
    pub(super) notes: &'a [String],
}

pub(super) enum Shape {
    Rect {
        x0: i32,
        y0: i32,
        x1: i32,
        y1: i32,
        colour: Rgb,
    },
    Line {
        x0: i32,
        y0: i32,
        x1: i32,
        y1: i32,
        colour: Rgb,
    },
}

/// Axis ticks: a step of 1, 2 or 5 × 10ⁿ with at most six intervals whose labels do not touch.
pub(super) fn ticks(
    max: f64,
    plot_width: f64,
    label: impl Fn(Decimal) -> String,
) -> (Vec<(Decimal, String)>, f64) {
    let max = if max > 0.0 { max } else { 1.0 };
    for exponent in -2i32..=15 {
        for mantissa in [1i64, 2, 5] {
            let step = if exponent < 0 {
                Decimal::new(mantissa, exponent.unsigned_abs())
            } else {
                Decimal::from(mantissa) * Decimal::from(10i64.pow(exponent.unsigned_abs()))
            };
            let intervals = (max / to_f64(step)).ceil().max(1.0);
            if intervals > 6.0 {
                continue;
            }
            let n = intervals as i64;
            let marks: Vec<(Decimal, String)> = (0..=n)
                .map(|i| {
                    let v = step * Decimal::from(i);
                    (v, label(v))
                })
                .collect();
            let widest = marks
                .iter()
                .map(|(_, l)| text_width(l, TICK_SIZE))
                .fold(0.0, f64::max);
            if plot_width / intervals >= widest + 12.0 {
                return (marks, to_f64(step) * intervals);
            }
        }
    }
    (vec![(Decimal::ZERO, label(Decimal::ZERO))], max)
}

/// Coordinates in the text layer, to a tenth of a pixel.
pub(super) fn px(v: f64) -> String {
    let tenths = (v * 10.0).round() / 10.0;
    if tenths.fract() == 0.0 {
        format!("{}", tenths as i64)
    } else {
        format!("{tenths:.1}")
    }
}

/// The font size the text layer's group sets, so the texts of that size (values, subtitle,
/// legend, notes: most of a chart's texts) need not state it.
const LAYER_SIZE: f64 = 12.0;

/// Writes a `<text>` whose size and style its group sets.
fn grouped_text(out: &mut String, x: f64, y: f64, content: &str) {
    let _ = writeln!(
        out,
        r#"<text x="{}" y="{}">{}</text>"#,
        px(x),
        px(y),
        format::escape(content)
    );
}

/// Writes a `<text>`; `attrs` are extra attributes, already escaped.
pub(super) fn text(out: &mut String, x: f64, y: f64, size: f64, attrs: &str, content: &str) {
    let _ = write!(out, r#"<text x="{}" y="{}""#, px(x), px(y));
    if size != LAYER_SIZE {
        let _ = write!(out, r#" font-size="{}""#, px(size));
    }
    let _ = writeln!(out, "{attrs}>{}</text>", format::escape(content));
}

pub(super) fn render(plot: &Plot) -> String {
    let width = f64::from(WIDTH);
    let mut shapes: Vec<Shape> = Vec::new();
    let mut layer = String::new();

    // Title, subtitle, legend.
    let mut y = PAD;
    let title = fit(plot.title, TITLE_SIZE, width - 2.0 * PAD, 2);
    for line in &title.lines {
        y += TITLE_SIZE + 4.0;
        text(
            &mut layer,
            PAD,
            y,
            TITLE_SIZE,
            r#" font-weight="bold""#,
            line,
        );
    }
    y += SUBTITLE_SIZE + 8.0;
    text(
        &mut layer,
        PAD,
        y,
        SUBTITLE_SIZE,
        &format!(r#" fill="{MUTED}""#),
        &plot.subtitle,
    );
    if !plot.legend.is_empty() {
        y += 8.0;
        let mut x = PAD;
        let mut baseline = y + LEGEND_SIZE;
        for (name, colour) in &plot.legend {
            let label = fit(name, LEGEND_SIZE, width / 2.0, 1);
            let item = 12.0 + 5.0 + label.width(LEGEND_SIZE) + 16.0;
            if x > PAD && x + item - 16.0 > width - PAD {
                x = PAD;
                baseline += LEGEND_SIZE + 8.0;
            }
            let top = baseline - LEGEND_SIZE + 1.0;
            shapes.push(Shape::Rect {
                x0: x.round() as i32,
                y0: top.round() as i32,
                x1: (x + 12.0).round() as i32,
                y1: (top + 12.0).round() as i32,
                colour: *colour,
            });
            labelled(&mut layer, &label, name, |layer| {
                text(
                    layer,
                    x + 17.0,
                    baseline,
                    LEGEND_SIZE,
                    "",
                    &label.lines.concat(),
                )
            });
            x += item;
        }
        y = baseline;
    }
    let plot_top = y + 14.0;

    // Row labels and the space they and the end texts need: each label on its own line(s)
    // above its bar, as wide as the chart, a little right of the zero line that runs past it.
    let label_x = PAD + LABEL_INSET;
    let label_room = width - PAD - label_x;
    let fitted: Vec<Fitted> = plot
        .rows
        .iter()
        .map(|r| fit(&r.label, LABEL_SIZE, label_room, 2))
        .collect();
    let two_lines = fitted.iter().any(|f| f.lines.len() > 1);
    let line_height = LABEL_SIZE + 3.0;
    let label_block = if two_lines { 2.0 } else { 1.0 } * line_height;
    let row_height = label_block + BAR_HEIGHT + 10.0;
    let end_width = plot
        .rows
        .iter()
        .map(|r| text_width(&r.end_text, VALUE_SIZE))
        .fold(0.0, f64::max);
    let x0 = PAD;
    let max_tick_half = text_width("100,000", TICK_SIZE) / 2.0;
    let x1 = width - PAD - (end_width + 6.0).max(max_tick_half);
    let plot_width = x1 - x0;
    let plot_bottom = plot_top + row_height * plot.rows.len() as f64;

    // Axis.
    let (marks, axis_max) = match plot.scale {
        Scale::Amount => {
            let max = plot
                .rows
                .iter()
                .map(|r| r.segments.iter().map(|s| s.value).sum::<f64>())
                .fold(0.0, f64::max);
            ticks(max, plot_width, format::amount_tick)
        }
        Scale::Share => ticks(100.0, plot_width, format::percent_tick),
    };
    let x_of = |v: f64| x0 + v / axis_max * plot_width;
    // The tick labels share their size, anchor and colour through a group.
    let _ = writeln!(
        layer,
        r#"<g font-size="{}" text-anchor="middle" fill="{MUTED}">"#,
        px(TICK_SIZE)
    );
    for (value, label) in &marks {
        let x = x_of(to_f64(*value)).round();
        shapes.push(Shape::Line {
            x0: x.round() as i32,
            y0: plot_top.round() as i32,
            x1: x.round() as i32,
            y1: plot_bottom.round() as i32,
            colour: if value.is_zero() { AXIS } else { GRID },
        });
        grouped_text(&mut layer, x, plot_bottom + TICK_SIZE + 5.0, label);
    }
    layer.push_str("</g>\n");

    // Bars.
    let mut tooltips = String::new();
    for (i, (row, label)) in plot.rows.iter().zip(&fitted).enumerate() {
        let row_top = plot_top + row_height * i as f64;
        let centre = row_top + label_block + 2.0 + BAR_HEIGHT / 2.0;
        let first = row_top + LABEL_SIZE;
        labelled(&mut layer, label, &row.label, |layer| {
            for (n, line) in label.lines.iter().enumerate() {
                text(
                    layer,
                    label_x,
                    first + line_height * n as f64,
                    LABEL_SIZE,
                    "",
                    line,
                );
            }
        });
        let top = (centre - BAR_HEIGHT / 2.0).round() as i32;
        let bottom = top + BAR_HEIGHT as i32;
        let mut cumulative = 0.0;
        let mut end = x0.round() as i32;
        for segment in &row.segments {
            let start = x_of(cumulative).round() as i32;
            cumulative += segment.value;
            let mut stop = x_of(cumulative).round() as i32;
            if segment.value > 0.0 && stop == start {
                stop = start + 1;
            }
            if stop <= start {
                continue;
            }
            end = stop;
            shapes.push(Shape::Rect {
                x0: start,
                y0: top,
                x1: stop,
                y1: bottom,
                colour: segment.colour,
            });
            if row.segments.len() > 1 && start > x0.round() as i32 {
                // A white seam keeps neighbouring segments apart for every kind of colour vision.
                shapes.push(Shape::Line {
                    x0: start,
                    y0: top,
                    x1: start,
                    y1: bottom - 1,
                    colour: BACKGROUND,
                });
            }
            if let Some(inside) = &segment.text
                && text_width(inside, VALUE_SIZE) + 8.0 <= f64::from(stop - start)
            {
                text(
                    &mut layer,
                    f64::from(start + stop) / 2.0,
                    centre + VALUE_SIZE * 0.35,
                    VALUE_SIZE,
                    &format!(
                        r#" text-anchor="middle" fill="{}""#,
                        segment.colour.text_colour()
                    ),
                    inside,
                );
            }
            let _ = writeln!(
                tooltips,
                r##"<rect x="{start}" y="{top}" width="{}" height="{}" fill="#000" fill-opacity="0"><title>{}</title></rect>"##,
                stop - start,
                bottom - top,
                format::escape(&segment.tooltip)
            );
        }
        if !row.end_text.is_empty() {
            // A white box keeps the value legible where it crosses a grid line. A box, not a
            // halo: LibreOffice, Word, WPS and Inkscape ignore `paint-order`, and a halo drawn
            // over the text there hides it.
            let x = f64::from(end) + 6.0;
            let _ = writeln!(
                layer,
                r##"<rect x="{}" y="{}" width="{}" height="{}" fill="#fff"/>"##,
                px(x - 2.0),
                px(centre - VALUE_SIZE / 2.0 - 1.0),
                px(text_width(&row.end_text, VALUE_SIZE) + 4.0),
                px(VALUE_SIZE + 2.0)
            );
            text(
                &mut layer,
                x,
                centre + VALUE_SIZE * 0.35,
                VALUE_SIZE,
                r#" class="value""#,
                &row.end_text,
            );
        }
    }

    let mut y = plot_bottom + TICK_SIZE + 5.0;
    if !plot.notes.is_empty() {
        y += 6.0;
    }
    for note in plot.notes {
        let fitted = fit(note, NOTE_SIZE, width - 2.0 * PAD, 3);
        labelled(&mut layer, &fitted, note, |layer| {
            for line in &fitted.lines {
                y += NOTE_SIZE + 5.0;
                text(
                    layer,
                    PAD,
                    y,
                    NOTE_SIZE,
                    &format!(r#" fill="{MUTED}""#),
                    line,
                );
            }
        });
    }
    let height = (y + PAD).ceil() as u32;
    let drawn = draw_shapes(&shapes, WIDTH, height);
    assemble(plot, height, &drawn, &layer, &tooltips)
}

/// Writes a label through `write`, wrapped in a group with the full text as tooltip when the
/// label had to be shortened.
pub(super) fn labelled(
    layer: &mut String,
    label: &Fitted,
    full: &str,
    write: impl FnOnce(&mut String),
) {
    if label.shortened {
        let _ = write!(layer, "<g><title>{}</title>", format::escape(full));
    }
    write(layer);
    if label.shortened {
        layer.push_str("</g>\n");
    }
}

/// Rectangles and lines through plotters' SVG backend (integer coordinates, deterministic).
pub(super) fn draw_shapes(shapes: &[Shape], width: u32, height: u32) -> String {
    let mut buffer = String::new();
    {
        let mut backend = SVGBackend::with_string(&mut buffer, (width, height));
        let result = (|| {
            backend.draw_rect(
                (0, 0),
                (width as i32, height as i32),
                &BACKGROUND.plotters(),
                true,
            )?;
            for shape in shapes {
                match *shape {
                    Shape::Rect {
                        x0,
                        y0,
                        x1,
                        y1,
                        colour,
                    } => backend.draw_rect((x0, y0), (x1, y1), &colour.plotters(), true)?,
                    Shape::Line {
                        x0,
                        y0,
                        x1,
                        y1,
                        colour,
                    } => backend.draw_line((x0, y0), (x1, y1), &colour.plotters())?,
                }
            }
            backend.present()
        })();
        // Drawing into a String performs no I/O and cannot fail.
        debug_assert!(result.is_ok());
    }
    without_default_attributes(&buffer)
}

/// Whether `text` holds a character that a double-quoted attribute value must escape.
const fn has_markup(text: &str) -> bool {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if matches!(bytes[i], b'"' | b'&' | b'<') {
            return true;
        }
        i += 1;
    }
    false
}

/// Plotters' shapes without the attributes that only state SVG's defaults (every shape is
/// opaque, a filled rectangle has no stroke, a line is one unit wide): a sixth of a chart's bytes,
/// drawn the same by browsers, resvg and office programs.
fn without_default_attributes(drawn: &str) -> String {
    drawn
        .replace(" opacity=\"1\"", "")
        .replace(" stroke=\"none\"", "")
        .replace(" stroke-width=\"1\"", "")
}

/// Replaces plotters' `<svg>` opening tag with one that carries the accessible name, adds `<title>`
/// and `<desc>`, and appends the text layer and the tooltips.
pub(super) fn assemble(
    plot: &Plot,
    height: u32,
    drawn: &str,
    layer: &str,
    tooltips: &str,
) -> String {
    let body = drawn.split_once('\n').map_or(drawn, |(_, rest)| rest);
    let body = body.trim_end().strip_suffix("</svg>").unwrap_or(body);
    let id = format::escape(plot.id);
    let width = WIDTH;
    let mut svg = String::with_capacity(body.len() + layer.len() + tooltips.len() + 1024);
    let _ = write!(
        svg,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" \
         viewBox=\"0 0 {width} {height}\" role=\"img\" aria-labelledby=\"{id}-title {id}-desc\">\n\
         <title id=\"{id}-title\">{}</title>\n<desc id=\"{id}-desc\">{}</desc>\n",
        format::escape(plot.title),
        format::escape(plot.desc)
    );
    svg.push_str(body);
    // The font stack's single quotes stand as they are inside the double-quoted attribute (its
    // escaped form, `&#39;`, cost 80 bytes a chart); it holds no `"`, `&` or `<`.
    const _: () = assert!(!has_markup(FONT_FAMILY));
    let _ = write!(
        svg,
        "<g font-family=\"{FONT_FAMILY}\" fill=\"{TEXT}\" font-size=\"{}\">\n{layer}</g>\n<g>\n{tooltips}</g>\n</svg>\n",
        px(LAYER_SIZE)
    );
    svg
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cjk_is_measured_one_em_wide() {
        assert_eq!(text_width("一般公共服务支出", 20.0), 160.0);
        assert!(text_width("595.48", 12.0) < 6.0 * 12.0 * 0.62);
    }

    #[test]
    fn long_labels_wrap_then_shorten() {
        let short = fit("行政运行", 13.0, 100.0, 2);
        assert_eq!(short.lines, vec!["行政运行"]);
        assert!(!short.shortened);
        let wrapped = fit("其他政府办公厅（室）及相关机构事务支出", 13.0, 150.0, 2);
        assert_eq!(wrapped.lines.len(), 2);
        assert!(!wrapped.shortened);
        assert_eq!(
            wrapped.lines.concat(),
            "其他政府办公厅（室）及相关机构事务支出"
        );
        let cut = fit("其他政府办公厅（室）及相关机构事务支出", 13.0, 80.0, 2);
        assert!(cut.shortened);
        assert!(cut.lines[1].ends_with('…'));
        assert!(cut.width(13.0) <= 80.0);
    }

    #[test]
    fn ticks_are_round_and_do_not_touch() {
        let (marks, max) = ticks(595.48, 400.0, format::amount_tick);
        let labels: Vec<&str> = marks.iter().map(|(_, l)| l.as_str()).collect();
        assert_eq!(labels, ["0", "100", "200", "300", "400", "500", "600"]);
        assert_eq!(max, 600.0);
        let (marks, _) = ticks(4.10, 400.0, format::amount_tick);
        assert_eq!(marks.last().map(|(_, l)| l.as_str()), Some("5"));
        let (marks, _) = ticks(4212.99, 200.0, format::amount_tick);
        assert!(marks.iter().all(|(_, l)| l.contains(',') || l.len() < 4));
    }

    #[test]
    fn text_on_bars_contrasts() {
        assert_eq!(SERIES[0].text_colour(), "#fff");
        assert_eq!(SERIES[1].text_colour(), "#000");
    }
}
