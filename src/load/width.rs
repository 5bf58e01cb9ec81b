//! How wide a character is where text is laid out in character columns: an East Asian wide or
//! full-width character takes two columns, as in a terminal; everything else one.
//!
//! Layout text comes both ways: `pdftotext -layout` places every character in one column (its
//! CJK text looks shifted in a terminal, but its columns line up by character count); the PDF
//! reader here places text by display columns (it lines up on screen, and by width).

/// Whether a character is East Asian wide or full-width (two display columns).
pub fn is_wide(c: char) -> bool {
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

/// How a line's characters are counted into columns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Measure {
    /// One column a character (`pdftotext -layout`).
    Chars,
    /// Two columns for a wide character (text laid out for the screen).
    Display,
}

impl Measure {
    /// The columns `c` takes.
    pub fn of(self, c: char) -> usize {
        match self {
            Measure::Display if is_wide(c) => 2,
            _ => 1,
        }
    }
}
