//! An HTML page of absolutely positioned text (`pdftohtml -s -i -noframes` writes every piece of a
//! PDF's text as `<p style="position:absolute;top:…px;left:…px" class="ft…">`, one page a
//! `position:relative` box): the pieces are laid out again as `pdftotext -layout` lays a page out
//! (a line per row of pieces, each piece at the column its left edge stands on, a character of
//! half the font's size a column, pages apart by form feeds), and that text is read as text.

use super::pdf::{Word, layout_words};

/// A piece of text at its place on its page.
#[derive(Debug, Clone)]
pub struct Piece {
    pub page: u32,
    pub top: f64,
    pub left: f64,
    /// The font size in px, when the page's style sheet gives it.
    pub size: Option<f64>,
    pub text: String,
}

/// The `top` and `left` of an absolutely positioned element's style, in px (lengths in pt, cm,
/// mm or in, as other converters write them, are turned into px at 96 px an inch).
pub fn position(style: &str) -> Option<(f64, f64)> {
    let mut absolute = false;
    let (mut top, mut left) = (None, None);
    for declaration in style.split(';') {
        let Some((key, value)) = declaration.split_once(':') else {
            continue;
        };
        let value: String = value.chars().filter(|c| !c.is_whitespace()).collect();
        match key.trim() {
            "position" => absolute = value == "absolute",
            "top" => top = length(&value),
            "left" => left = length(&value),
            _ => {}
        }
    }
    absolute.then_some((top?, left?))
}

/// A CSS length in px.
fn length(value: &str) -> Option<f64> {
    let split = value
        .find(|c: char| !(c.is_ascii_digit() || c == '.' || c == '-'))
        .unwrap_or(value.len());
    let number: f64 = value[..split].parse().ok()?;
    let per = match &value[split..] {
        "px" | "" => 1.0,
        "pt" => 96.0 / 72.0,
        "in" => 96.0,
        "cm" => 96.0 / 2.54,
        "mm" => 96.0 / 25.4,
        _ => return None,
    };
    Some(number * per)
}

/// The font size of each class of a style sheet (`.ft10{font-size:39px;…}`).
pub fn class_sizes(css: &str) -> Vec<(String, f64)> {
    let mut out = Vec::new();
    for rule in css.split('}') {
        let Some((selector, body)) = rule.split_once('{') else {
            continue;
        };
        let Some(class) = selector.trim().strip_prefix('.') else {
            continue;
        };
        let body: String = body.chars().filter(|c| !c.is_whitespace()).collect();
        let Some(at) = body.find("font-size:") else {
            continue;
        };
        let rest = &body[at + "font-size:".len()..];
        let value = rest.split(';').next().unwrap_or(rest);
        if let Some(size) = length(value) {
            out.push((class.to_string(), size));
        }
    }
    out
}

/// The pieces laid out as text, a page at a time, by the PDF reader's layout
/// ([`super::pdf::layout_words`]): a piece is a word whose box starts at its left edge and whose
/// baseline is a font size under its top; half the smallest font of text a few characters long is
/// a column, so no piece takes more columns than its width on the page.
pub fn lay_out(pieces: &[Piece]) -> String {
    let mut sizes: Vec<f64> = pieces.iter().filter_map(|p| p.size).collect();
    sizes.sort_by(f64::total_cmp);
    let body = sizes.get(sizes.len() / 2).copied().unwrap_or(16.0).max(4.0);
    let smallest = pieces
        .iter()
        .filter(|p| p.text.trim().chars().count() >= 3)
        .filter_map(|p| p.size)
        .fold(f64::INFINITY, f64::min);
    let column = if smallest.is_finite() {
        smallest.max(4.0)
    } else {
        body
    } / 2.0;
    let mut by_page: Vec<&Piece> = pieces.iter().collect();
    by_page.sort_by_key(|p| p.page);
    let mut out = String::new();
    for page in by_page.chunk_by(|a, b| a.page == b.page) {
        let mut row: Vec<&Piece> = page.to_vec();
        row.sort_by(|a, b| a.top.total_cmp(&b.top).then(a.left.total_cmp(&b.left)));
        // (text, left, top, size) of each piece, a label that ends in a colon and its sentence
        // (or a sentence that starts with one) joined however far apart: `pdftohtml` leaves
        // some classes' font sizes out, so the label's width, and the gap after it, are unknown.
        let mut merged: Vec<(String, f64, f64, f64)> = Vec::new();
        for p in row {
            let text = p.text.split_whitespace().collect::<Vec<_>>().join(" ");
            if text.is_empty() {
                continue;
            }
            let size = p.size.unwrap_or(body);
            if let Some((before, _, top, _)) = merged.last_mut()
                && (*top - p.top).abs() < size / 2.0
                && (before.ends_with(['：', ':']) || text.starts_with(['：', ':']))
                && !text.starts_with(|c: char| c.is_ascii_digit() || c == '-')
            {
                before.push_str(&text);
                continue;
            }
            merged.push((text, p.left, p.top, size));
        }
        // Page units with y up, as the PDF reader's: a piece's top is the box's top.
        let words: Vec<Word> = merged
            .into_iter()
            .map(|(text, left, top, size)| {
                let (top, size) = (-(top as f32), size as f32);
                Word::placed(text, left as f32, top - size, top, size)
            })
            .collect();
        if words.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push('\u{c}');
        }
        out.push_str(&layout_words(words, 0.0, column as f32));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn piece(page: u32, top: f64, left: f64, text: &str) -> Piece {
        Piece {
            page,
            top,
            left,
            size: Some(16.0),
            text: text.to_string(),
        }
    }

    #[test]
    fn positions_and_sizes_are_read_from_styles() {
        assert_eq!(
            position("position:absolute;top:364px;left:393px;white-space:nowrap"),
            Some((364.0, 393.0))
        );
        assert_eq!(position("position:relative;width:892px"), None);
        assert_eq!(
            position("margin-top:3px; position: absolute; left: 1in; top: 72pt"),
            Some((96.0, 96.0))
        );
        assert_eq!(
            class_sizes(
                "p {margin: 0;}\t.ft10{font-size:39px;font-family:X;}\n.ft21{font-size:16px}"
            ),
            [("ft10".to_string(), 39.0), ("ft21".to_string(), 16.0)]
        );
    }

    #[test]
    fn pieces_are_laid_out_in_rows_and_columns() {
        // A row of a table: the name at the left, two figures further right; a second row a line
        // lower; a second page.
        let text = lay_out(&[
            piece(1, 100.0, 0.0, "科目"),
            piece(1, 100.0, 160.0, "合计"),
            piece(1, 101.0, 240.0, "基本支出"),
            piece(1, 120.0, 0.0, "行政运行"),
            piece(1, 120.0, 152.0, "1,234.56"),
            piece(1, 120.0, 248.0, "100.00"),
            piece(2, 50.0, 0.0, "第二页"),
        ]);
        let lines: Vec<&str> = text.split('\n').collect();
        assert_eq!(
            lines[0],
            format!("科目{}合计{}基本支出", " ".repeat(16), " ".repeat(6))
        );
        assert_eq!(
            lines[1],
            format!("行政运行{}1,234.56{}100.00", " ".repeat(11), " ".repeat(4))
        );
        assert_eq!(lines[2], "\u{c}第二页");
        // A bold label and its sentence, one right after the other on the page, stay one text.
        let text = lay_out(&[
            piece(1, 10.0, 0.0, "（十五）补助"),
            piece(1, 10.0, 97.0, "：反映补助支出。"),
        ]);
        assert_eq!(text, "（十五）补助：反映补助支出。\n");
        // … and so do a label that ends in a colon and its sentence further right.
        let text = lay_out(&[
            piece(1, 10.0, 0.0, "（九）基本支出："),
            piece(1, 10.0, 400.0, "指为保障机构正常运转。"),
        ]);
        assert_eq!(text, "（九）基本支出：指为保障机构正常运转。\n");
    }
}
