//! PDF → text laid out like `pdftotext -layout`: one row per line, columns kept apart by runs of
//! spaces, a form feed after every page. Read in-process with `pdf_oxide` (no external binary, no
//! OCR), so the space-aligned reader in [`super::text`] can take a PDF as it takes pdftotext's text.
//!
//! The layout, page by page:
//! 1. every glyph with its baseline origin, advance and font size, turned so that the page's main
//!    writing direction runs left to right (glyphs in other directions are dropped);
//! 2. glyphs grouped into rows by baseline, within a tolerance relative to the font size;
//! 3. within a row, glyphs sorted by x: a gap under [`WORD_GAP`] font sizes joins them (CJK text
//!    is set without spaces), a gap up to [`COLUMN_GAP`] character widths is one space (words in a
//!    cell), a wider gap puts the next glyph at its own column, `round(x / char_width)`, with at
//!    least two spaces before it, so a column separator always survives as a run of 2+ spaces;
//! 4. `char_width` is the page's median advance per display column, a CJK (full-width) glyph
//!    taking two columns as in a terminal.

use std::collections::HashMap;
use std::fmt;
use std::panic::{AssertUnwindSafe, catch_unwind};

use pdf_oxide::PdfDocument;
use pdf_oxide::layout::TextChar;

/// Why a PDF gave no text, or not all of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PdfError {
    /// Encrypted with a user password: no page can be read without it.
    Encrypted,
    /// No page holds any text (a scanned or image-only PDF); these are its pages. No OCR is done.
    ImageOnly { pages: Vec<u32> },
    /// The file is not a PDF that can be parsed (damaged or truncated).
    Broken { reason: String },
    /// Some pages could not be read; `text` is the document with those pages left empty (each page
    /// still ends in a form feed, so page numbers stay right).
    Pages {
        failed: Vec<PageFailure>,
        text: String,
    },
}

/// One page that could not be read (pages count from 1).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageFailure {
    pub page: u32,
    pub reason: String,
}

impl fmt::Display for PdfError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PdfError::Encrypted => write!(
                f,
                "the PDF is encrypted and needs a password (PDF已加密，需要密码才能读取)"
            ),
            PdfError::ImageOnly { pages } => write!(
                f,
                "no text on any page ({}): a scanned or image-only PDF, which is not read \
                 without OCR (扫描件或纯图片PDF，没有可提取的文字)",
                page_list(pages)
            ),
            PdfError::Broken { reason } => write!(
                f,
                "the PDF cannot be parsed, damaged or truncated (PDF文件损坏或不完整): {reason}"
            ),
            PdfError::Pages { failed, .. } => {
                let pages: Vec<u32> = failed.iter().map(|p| p.page).collect();
                write!(
                    f,
                    "{} could not be read, the other pages were (第{}页无法读取)",
                    page_list(&pages),
                    pages
                        .iter()
                        .map(u32::to_string)
                        .collect::<Vec<_>>()
                        .join("、")
                )?;
                for p in failed {
                    write!(f, "; page {}: {}", p.page, p.reason)?;
                }
                Ok(())
            }
        }
    }
}

impl std::error::Error for PdfError {}

/// "page 3", "pages 1–4, 7".
fn page_list(pages: &[u32]) -> String {
    let mut runs: Vec<String> = Vec::new();
    let mut i = 0;
    while i < pages.len() {
        let mut j = i;
        while j + 1 < pages.len() && pages[j + 1] == pages[j] + 1 {
            j += 1;
        }
        runs.push(if j > i {
            format!("{}–{}", pages[i], pages[j])
        } else {
            pages[i].to_string()
        });
        i = j + 1;
    }
    let word = if pages.len() == 1 { "page" } else { "pages" };
    format!("{word} {}", runs.join(", "))
}

/// Within a word, the most a glyph may stand apart from the one before it, in font sizes
/// (pdftotext's `minWordBreakSpace`).
const WORD_BREAK: f32 = 0.1;
/// Within a word, the most a glyph may step back over the one before it, in font sizes.
const WORD_OVERLAP: f32 = 0.2;
/// Between two words of a line, a gap over this many font sizes is a space (`maxCharSpacing`).
const SPACE_GAP: f32 = 0.03;
/// Between words of one character each (letter-spaced text, "- 1 -"), a gap is a space only from
/// this many times the narrowest gap, or from [`BLOCK_GAP`] font sizes.
const WIDE_SPACE_FACTOR: f32 = 1.3;
/// A gap, in font sizes, over which pdftotext does not pull a word into the block of the words
/// before it (`minColSpacing1`), so a space always separates them.
const BLOCK_GAP: f32 = 0.3;
/// A gap, in font sizes, from which the next word starts a new column (pdftotext's blocks are
/// apart by at least 1 em).
const COLUMN_GAP: f32 = 0.99;
/// Baselines closer than this, in font sizes, are one row (`maxIntraLineDelta`).
const ROW_TOLERANCE: f32 = 0.5;
/// Baselines closer than this, in points, may be one word.
const WORD_BASELINE: f32 = 0.5;

/// The text of a PDF laid out like `pdftotext -layout`: rows by baseline, columns kept by x
/// position, pages separated by '\f'.
pub fn layout_text(bytes: &[u8]) -> Result<String, PdfError> {
    let doc = guarded(|| PdfDocument::from_bytes(bytes.to_vec()).map_err(|e| e.to_string()))
        .map_err(|reason| PdfError::Broken { reason })?;
    if guarded(|| Ok(doc.is_encrypted() && !doc.is_authenticated())).unwrap_or(false) {
        return Err(PdfError::Encrypted);
    }
    let count = guarded(|| doc.page_count().map_err(|e| e.to_string()))
        .map_err(|reason| PdfError::Broken { reason })?;
    if count == 0 {
        return Err(PdfError::Broken {
            reason: "no pages".into(),
        });
    }
    let mut text = String::new();
    let mut failed = Vec::new();
    let mut empty = Vec::new();
    for index in 0..count {
        let page = index as u32 + 1;
        match guarded(|| page_glyphs(&doc, index)) {
            Ok(glyphs) => {
                if glyphs.is_empty() {
                    empty.push(page);
                }
                text.push_str(&layout_page(&glyphs));
            }
            Err(reason) => failed.push(PageFailure { page, reason }),
        }
        text.push('\u{c}');
    }
    if failed.len() == count {
        return Err(PdfError::Broken {
            reason: format!("no page could be read; page 1: {}", failed[0].reason),
        });
    }
    if !failed.is_empty() {
        return Err(PdfError::Pages { failed, text });
    }
    if empty.len() == count {
        return Err(PdfError::ImageOnly { pages: empty });
    }
    Ok(text)
}

/// Runs a call into the PDF crate with its panics turned into errors.
fn guarded<T>(call: impl FnOnce() -> Result<T, String>) -> Result<T, String> {
    match catch_unwind(AssertUnwindSafe(call)) {
        Ok(result) => result,
        Err(panic) => {
            let what = panic
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown".into());
            Err(format!("the PDF reader panicked: {what}"))
        }
    }
}

/// A glyph in the page's reading frame: `x0..x1` along the writing direction, `y` the baseline
/// (growing up the page), `size` the font size, all in points.
#[derive(Debug, Clone, Copy)]
struct Glyph {
    c: char,
    x0: f32,
    x1: f32,
    y: f32,
    size: f32,
    /// Top of the glyph box above the baseline (the font's ascent).
    ascent: f32,
    /// Display columns: 2 for a full-width glyph, 1 otherwise.
    columns: u8,
}

impl Glyph {
    fn is_space(&self) -> bool {
        self.c.is_whitespace()
    }
}

/// The page's glyphs in its main writing direction, top to bottom and left to right.
fn page_glyphs(doc: &PdfDocument, index: usize) -> Result<Vec<Glyph>, String> {
    let chars = doc.extract_chars(index).map_err(|e| e.to_string())?;
    if chars.is_empty() {
        // The crate reads an undecodable content stream as an empty page; tell the two apart.
        doc.get_page_content_data(index)
            .map_err(|e| e.to_string())?;
    }
    Ok(glyphs(&chars))
}

/// The writing direction of a character as a quarter turn: 0 left to right, 1 upwards, 2 right to
/// left (upside down), 3 downwards.
fn quadrant(ch: &TextChar) -> usize {
    let (a, b) = match ch.matrix {
        Some(m) if m[0] != 0.0 || m[1] != 0.0 => (m[0], m[1]),
        _ => {
            let r = ch.rotation_degrees.to_radians();
            (r.cos(), r.sin())
        }
    };
    let angle = b.atan2(a).to_degrees();
    (((angle + 45.0).rem_euclid(360.0)) / 90.0) as usize % 4
}

fn glyphs(chars: &[TextChar]) -> Vec<Glyph> {
    let mut per_quadrant = [0usize; 4];
    for ch in chars {
        if !ch.char.is_whitespace() {
            per_quadrant[quadrant(ch)] += 1;
        }
    }
    let main = (0..4)
        .max_by_key(|&q| (per_quadrant[q], 4 - q))
        .unwrap_or(0);
    // Unit vectors of the writing direction and of "up" for the main quadrant.
    let (dx, dy) = [(1.0, 0.0), (0.0, 1.0), (-1.0, 0.0), (0.0, -1.0)][main];
    let (ux, uy) = (-dy, dx);
    chars
        .iter()
        .filter(|ch| quadrant(ch) == main && !ch.char.is_control())
        .map(|ch| {
            let size = if ch.font_size > 0.0 {
                ch.font_size
            } else {
                ch.bbox.height.max(1.0)
            };
            // As pdftotext, a glyph ends at its advance without the character spacing (Tc, Tw).
            let advance = if ch.advance_width > 0.0 {
                ch.advance_width
            } else if ch.bbox.width > 0.0 {
                ch.bbox.width
            } else {
                size * if is_wide(ch.char) { 1.0 } else { 0.5 }
            };
            let x0 = ch.origin_x * dx + ch.origin_y * dy;
            // A character of ambiguous width (…, “, ①) is as wide as its font draws it.
            let wide = is_wide(ch.char) || (!ch.char.is_ascii() && advance >= 0.75 * size);
            Glyph {
                c: ch.char,
                x0,
                x1: x0 + advance,
                y: ch.origin_x * ux + ch.origin_y * uy,
                size,
                ascent: if ch.ascent > 0.0 && ch.ascent < 2.0 * size {
                    ch.ascent
                } else {
                    0.95 * size
                },
                columns: if wide { 2 } else { 1 },
            }
        })
        .filter(|g| g.x0.is_finite() && g.x1.is_finite() && g.y.is_finite())
        .collect()
}

/// Whether a character is East Asian wide or full-width (two display columns).
fn is_wide(c: char) -> bool {
    let u = c as u32;
    matches!(u,
        0x1100..=0x115F
        | 0x2E80..=0x303E
        | 0x3041..=0x33FF
        | 0x3400..=0x4DBF
        | 0x4E00..=0x9FFF
        | 0xA000..=0xA4CF
        | 0xAC00..=0xD7A3
        | 0xF900..=0xFAFF
        | 0xFE30..=0xFE4F
        | 0xFF00..=0xFF60
        | 0xFFE0..=0xFFE6
        | 0x20000..=0x3FFFD)
}

/// A run of glyphs drawn one after the other without a break (pdftotext's `TextWord`).
#[derive(Debug, Clone)]
struct Word {
    text: String,
    x0: f32,
    x1: f32,
    y: f32,
    size: f32,
    /// Top of the word's box.
    top: f32,
    /// Display columns of the text.
    columns: usize,
    /// Glyphs in the word.
    len: usize,
}

impl Word {
    fn start(g: &Glyph) -> Word {
        Word {
            text: g.c.to_string(),
            x0: g.x0,
            x1: g.x1,
            y: g.y,
            size: g.size,
            top: g.y + g.ascent,
            columns: usize::from(g.columns),
            len: 1,
        }
    }
}

/// Glyphs (top to bottom, left to right) into words, as pdftotext does: a word ends at a space, at a
/// change of font size, and where the next glyph is not where this one ends.
fn words(glyphs: &[Glyph]) -> Vec<Word> {
    let mut words: Vec<Word> = Vec::new();
    let mut last: Option<&Glyph> = None;
    for g in glyphs {
        if g.is_space() {
            last = None;
            continue;
        }
        if let Some(p) = last {
            let em = p.size.max(g.size);
            let step = g.x0 - p.x1;
            // The same glyph drawn again over itself (fake bold, shadow) is kept once.
            if g.c == p.c && (g.x0 - p.x0).abs() < 0.1 * em && (g.y - p.y).abs() < 0.2 * em {
                continue;
            }
            let joined = (g.size - p.size).abs() <= 0.01 * em
                && (g.y - p.y).abs() <= WORD_BASELINE
                && step <= WORD_BREAK * em
                && step >= -WORD_OVERLAP * em;
            if joined && let Some(w) = words.last_mut() {
                w.text.push(g.c);
                w.x1 = w.x1.max(g.x1);
                w.columns += usize::from(g.columns);
                w.len += 1;
                last = Some(g);
                continue;
            }
        }
        words.push(Word::start(g));
        last = Some(g);
    }
    words
}

/// The page's width of one display column in points: the median advance per column.
fn char_width(glyphs: &[Glyph]) -> f32 {
    let mut widths: Vec<f32> = glyphs
        .iter()
        .filter(|g| !g.is_space() && g.x1 > g.x0)
        .map(|g| (g.x1 - g.x0) / f32::from(g.columns))
        .collect();
    if widths.is_empty() {
        return 5.0;
    }
    let mid = widths.len() / 2;
    let (_, median, _) = widths.select_nth_unstable_by(mid, f32::total_cmp);
    median.max(0.5)
}

/// One page's text, every row ending in a newline.
fn layout_page(glyphs: &[Glyph]) -> String {
    let mut words = words(glyphs);
    if words.is_empty() {
        return String::new();
    }
    let cw = char_width(glyphs);
    let left = words.iter().map(|w| w.x0).fold(f32::INFINITY, f32::min);
    // As pdftotext: top to bottom by the top of the box, a new row where the baseline moves by
    // more than half the font size.
    words.sort_by(|a, b| b.top.total_cmp(&a.top).then(a.x0.total_cmp(&b.x0)));
    let mut out = String::new();
    let mut start = 0;
    let mut previous: Option<(f32, f32)> = None; // baseline and font size of the last row
    while start < words.len() {
        let top = words[start].y;
        let mut end = start + 1;
        while end < words.len()
            && (words[end].y - words[end - 1].y).abs() <= ROW_TOLERANCE * words[end - 1].size
        {
            end += 1;
        }
        let row = &mut words[start..end];
        start = end;
        row.sort_by(|a, b| a.x0.total_cmp(&b.x0));
        // As pdftotext: a line per font size the baseline moved down, up to five.
        if let Some((y, size)) = previous {
            let lines = ((y - top) / size).clamp(1.0, 5.0) as usize;
            out.extend(std::iter::repeat_n('\n', lines - 1));
        }
        previous = Some((top, row[row.len() - 1].size));
        layout_row(row, left, cw, &mut out);
        out.push('\n');
    }
    out
}

/// One row's words (sorted by x) as a line, without its newline: each run of words closer than
/// [`COLUMN_GAP`] is one cell, its words apart by a space where pdftotext would put one; each cell
/// starts at its own column, at least two spaces after the one before.
fn layout_row(row: &[Word], left: f32, cw: f32, out: &mut String) {
    // Words drawn twice at the same place are kept once.
    let mut kept: Vec<&Word> = Vec::with_capacity(row.len());
    for w in row {
        let twice = kept.iter().rev().take(4).any(|k| {
            k.text == w.text
                && (k.x0 - w.x0).abs() < 0.1 * w.size
                && (k.y - w.y).abs() < 0.2 * w.size
        });
        if !twice {
            kept.push(w);
        }
    }
    let mut column = 0usize;
    let mut cell_start = 0;
    while cell_start < kept.len() {
        let mut cell_end = cell_start + 1;
        while cell_end < kept.len() {
            let (p, w) = (kept[cell_end - 1], kept[cell_end]);
            if w.x0 - p.x1 >= COLUMN_GAP * p.size.max(w.size) {
                break;
            }
            cell_end += 1;
        }
        let cell = &kept[cell_start..cell_end];
        let target = ((cell[0].x0 - left) / cw).round().max(0.0) as usize;
        let pad = if cell_start == 0 {
            target
        } else {
            target.saturating_sub(column).max(2)
        };
        out.extend(std::iter::repeat_n(' ', pad));
        column += pad;
        let space = space_threshold(cell);
        for (i, w) in cell.iter().enumerate() {
            if i > 0 && w.x0 - cell[i - 1].x1 >= space {
                out.push(' ');
                column += 1;
            }
            out.push_str(&w.text);
            column += w.columns;
        }
        cell_start = cell_end;
    }
}

/// The gap over which two words of a cell are apart by a space (pdftotext's
/// `TextLine::coalesce`): any visible gap, except between words of one glyph each, as in
/// letter-spaced text, where only a gap clearly wider than the narrowest one is.
fn space_threshold(cell: &[&Word]) -> f32 {
    let normal = SPACE_GAP * cell[0].size;
    if cell.len() < 2 || cell[0].len > 1 || cell[1].len > 1 {
        return normal;
    }
    let mut narrowest = f32::INFINITY;
    for pair in cell.windows(2) {
        if pair[1].len > 1 {
            return normal;
        }
        narrowest = narrowest.min(pair[1].x0 - pair[0].x1);
    }
    if narrowest <= 0.0 {
        normal
    } else {
        (WIDE_SPACE_FACTOR * narrowest).min(BLOCK_GAP * cell[0].size)
    }
}

/// How many of the reference's table lines (3+ numeric cells) are in `ours` with the same cells
/// in the same order: cells are what runs of 2+ spaces separate. Both are `pdftotext -layout`-like
/// texts; a line of `ours` counts once. For measuring [`layout_text`] against pdftotext.
pub fn table_lines_matched(ours: &str, reference: &str) -> (usize, usize) {
    let mut have: HashMap<Vec<&str>, usize> = HashMap::new();
    for line in ours.lines() {
        *have.entry(cells(line)).or_default() += 1;
    }
    let (mut matched, mut total) = (0, 0);
    for line in reference.lines() {
        let cells = cells(line);
        if cells.iter().filter(|c| is_numeric(c)).count() < 3 {
            continue;
        }
        total += 1;
        if let Some(n) = have.get_mut(&cells).filter(|n| **n > 0) {
            *n -= 1;
            matched += 1;
        }
    }
    (matched, total)
}

/// A line's cells: its text split at runs of two or more spaces.
pub fn cells(line: &str) -> Vec<&str> {
    let line = line.trim_matches(|c: char| c.is_whitespace());
    let mut out = Vec::new();
    let mut rest = line;
    while let Some(at) = rest.find("  ") {
        out.push(&rest[..at]);
        rest = rest[at..].trim_start_matches(' ');
    }
    if !rest.is_empty() {
        out.push(rest);
    }
    out
}

fn is_numeric(cell: &str) -> bool {
    cell.chars().any(|c| c.is_ascii_digit())
        && cell
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, ',' | '.' | '-' | '%'))
}
