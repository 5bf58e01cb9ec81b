//! load: an input file → a [`Document`] of paragraphs and tables, every block and cell with its
//! line. One reader per input format; each gives the same `Document`, so `parse` never knows which
//! format a table came from.
//!
//! - [`decode`]: bytes → text (UTF-8, GB18030).
//! - [`text`]: extracted text → blocks; the table layout of a run of lines is told apart by the
//!   lines themselves, not by configuration.
//! - [`columns`]: space-aligned lines (`pdftotext -layout`) → rows with one cell per column.
//! - [`html`]: an HTML page → blocks (`<table>` rows and cells, text between them).
//! - [`normalize`]: the one place text is cleaned (full-width forms, spaced-out CJK labels, LaTeX
//!   and HTML remnants, Markdown emphasis, Word bookmarks, `[illegible]` marks).

pub mod columns;
pub mod decode;
pub mod html;
pub mod normalize;
pub mod pdf;
pub mod text;

use std::fmt;

pub use decode::decode;
pub use normalize::{key, normalize};
pub use text::{is_title, read_text};

/// How the table rows of a run of lines were laid out in the extracted text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Layout {
    /// One table row per line, cells separated by tabs.
    RowPerLine,
    /// One cell per tab-indented line, rows separated by blank lines.
    CellPerLine,
    /// Columns apart by runs of spaces (`pdftotext -layout`), rebuilt into a grid of equal rows.
    SpaceAligned,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cell {
    pub text: String,
    pub line: u32,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub cells: Vec<Cell>,
    pub line: u32,
}

impl Row {
    pub fn text(&self, i: usize) -> &str {
        self.cells.get(i).map(|c| c.text.as_str()).unwrap_or("")
    }

    pub fn is_blank(&self) -> bool {
        self.cells.iter().all(|c| c.text.is_empty())
    }

    /// The row's non-empty cells joined, for matching words anywhere in it.
    pub fn joined(&self) -> String {
        let parts: Vec<&str> = self
            .cells
            .iter()
            .map(|c| c.text.as_str())
            .filter(|t| !t.is_empty())
            .collect();
        parts.join(" ")
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    pub rows: Vec<Row>,
    pub layout: Layout,
    pub line: u32,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paragraph {
    pub text: String,
    pub line: u32,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    Paragraph(Paragraph),
    Table(Table),
}

impl Block {
    pub fn line(&self) -> u32 {
        match self {
            Block::Paragraph(p) => p.line,
            Block::Table(t) => t.line,
        }
    }
}

/// Something the reader had to drop or could not read (an `[illegible]` mark).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadNote {
    pub line: u32,
    pub what: String,
}

/// A document as blocks, plus its decoded lines (for the source page and provenance links).
#[derive(Debug, Clone)]
pub struct Document {
    pub file: String,
    pub lines: Vec<String>,
    /// The page of each line (form feeds separate pages); empty for a text without pages.
    pub pages: Vec<u32>,
    pub blocks: Vec<Block>,
    pub notes: Vec<ReadNote>,
}

/// Why a file could not be read as a document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadError {
    pub file: String,
    pub line: Option<u32>,
    pub reason: String,
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{}: {}", self.file, line, self.reason),
            None => write!(f, "{}: {}", self.file, self.reason),
        }
    }
}

impl std::error::Error for ReadError {}

/// The formats a document can come in, by its file name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Extracted text (`.txt`) or Markdown (`.md`), tables in any layout of [`text`].
    Text,
    /// An HTML page (`.html`, `.htm`).
    Html,
}

impl Format {
    /// The format of a file by its extension; `None` for a file that is not a document.
    pub fn of(file: &str) -> Option<Format> {
        let ext = std::path::Path::new(file)
            .extension()?
            .to_str()?
            .to_ascii_lowercase();
        match ext.as_str() {
            "txt" | "md" | "markdown" => Some(Format::Text),
            "html" | "htm" => Some(Format::Html),
            _ => None,
        }
    }
}

/// Reads a document from its bytes, in the format its name says (text when it says none).
pub fn read(file: &str, bytes: &[u8]) -> Result<Document, ReadError> {
    let text = decode(file, bytes)?;
    Ok(match Format::of(file) {
        Some(Format::Html) => html::read_html(file, &text),
        _ => read_text(file, &text),
    })
}
