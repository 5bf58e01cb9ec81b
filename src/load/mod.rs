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
pub mod positioned;
pub mod text;
pub mod width;

use std::fmt;
use std::path::{Path, PathBuf};

pub use decode::{decode, decode_noting};
pub use normalize::{key, normalize};
pub use text::{is_note, is_title, read_text};

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
    pub kind: NoteKind,
}

/// What a [`ReadNote`] is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoteKind {
    /// The source marks the place `[illegible]`.
    Illegible,
    /// A page of a PDF could not be read.
    PdfPage,
    /// Bytes that are no character were replaced by U+FFFD.
    Encoding,
    /// A line beyond the length read was cut.
    LongLine,
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

impl Document {
    /// Documents read one after another as one (a department folder's files in name order):
    /// every line numbered in the whole, the pages of each kept (0 for lines without a page).
    /// Returns the whole and the first line of each part.
    pub fn joined(file: &str, parts: Vec<Document>) -> (Document, Vec<u32>) {
        let mut whole = Document {
            file: file.to_string(),
            lines: Vec::new(),
            pages: Vec::new(),
            blocks: Vec::new(),
            notes: Vec::new(),
        };
        let mut firsts = Vec::with_capacity(parts.len());
        let any_pages = parts.iter().any(|d| !d.pages.is_empty());
        for mut part in parts {
            // A part's text may end with the empty line after its last newline: it is not a line.
            if part.lines.last().is_some_and(String::is_empty) {
                part.lines.pop();
            }
            let offset = whole.lines.len() as u32;
            firsts.push(offset + 1);
            if any_pages {
                let n = part.lines.len();
                part.pages.resize(n, 0);
                whole.pages.extend(part.pages);
            }
            whole.lines.extend(part.lines);
            whole
                .blocks
                .extend(part.blocks.into_iter().map(|b| b.shifted(offset)));
            whole.notes.extend(part.notes.into_iter().map(|mut n| {
                n.line += offset;
                n
            }));
        }
        (whole, firsts)
    }
}

impl Block {
    /// The block with every line number moved down by `by`.
    fn shifted(self, by: u32) -> Block {
        match self {
            Block::Paragraph(mut p) => {
                p.line += by;
                Block::Paragraph(p)
            }
            Block::Table(mut t) => {
                t.line += by;
                for row in &mut t.rows {
                    row.line += by;
                    for cell in &mut row.cells {
                        cell.line += by;
                    }
                }
                Block::Table(t)
            }
        }
    }
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
    /// A PDF (`.pdf`): its text laid out in-process like `pdftotext -layout` ([`pdf`]), then read
    /// as text; form feeds give each line its page.
    Pdf,
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
            "pdf" => Some(Format::Pdf),
            _ => None,
        }
    }
}

/// Reads a document from its bytes, in the format its name says (text when it says none).
pub fn read(file: &str, bytes: &[u8]) -> Result<Document, ReadError> {
    read_cached(file, bytes, None)
}

/// Reads a document; the text of a PDF is kept in `cache` (a folder), under the hash of its bytes,
/// so an unchanged PDF is not extracted again.
pub fn read_cached(file: &str, bytes: &[u8], cache: Option<&Path>) -> Result<Document, ReadError> {
    let pdf = Format::of(file) == Some(Format::Pdf);
    too_large(
        file,
        bytes.len(),
        if pdf { MAX_PDF_BYTES } else { MAX_TEXT_BYTES },
    )?;
    if pdf {
        return read_pdf(file, bytes, cache);
    }
    let (text, notes) = decode_noting(file, bytes)?;
    let mut doc = match Format::of(file) {
        Some(Format::Html) => html::read_html(file, &text),
        _ => read_text(file, &text),
    };
    doc.notes.extend(notes);
    Ok(doc)
}

/// The largest text (or HTML) document read, in bytes: 16 MiB, some twenty times the largest
/// disclosure seen (a 50 MB text once took 2 GB of memory and wrote 321 MB for one department).
pub const MAX_TEXT_BYTES: usize = 16 << 20;
/// The largest PDF read, in bytes (its text must then be within [`MAX_TEXT_BYTES`] too).
pub const MAX_PDF_BYTES: usize = 256 << 20;

/// An error when a document (or the text of a PDF) is beyond `limit` bytes.
fn too_large(file: &str, len: usize, limit: usize) -> Result<(), ReadError> {
    if len <= limit {
        return Ok(());
    }
    let mb = |n: usize| n as f64 / (1 << 20) as f64;
    Err(ReadError {
        file: file.to_string(),
        line: None,
        reason: format!(
            "{:.1} MB is more than the {:.0} MB a document may have (a budget disclosure is rarely \
             above 2 MB); not read / 文件过大（{:.1} MB，上限 {:.0} MB），未读取",
            mb(len),
            mb(limit),
            mb(len),
            mb(limit)
        ),
    })
}

/// Where the text of a PDF with these bytes is kept in the cache folder `cache`.
fn cache_path(cache: &Path, bytes: &[u8]) -> PathBuf {
    cache.join(format!("{}.txt", content_hash(bytes)))
}

/// The layout text of a PDF with these bytes, when an earlier build left it in `cache`.
pub fn cached_pdf_text(bytes: &[u8], cache: &Path) -> Option<String> {
    std::fs::read_to_string(cache_path(cache, bytes)).ok()
}

fn read_pdf(file: &str, bytes: &[u8], cache: Option<&Path>) -> Result<Document, ReadError> {
    if let Some(text) = cache.and_then(|dir| cached_pdf_text(bytes, dir)) {
        return Ok(read_text(file, &text));
    }
    let cached = cache.map(|dir| cache_path(dir, bytes));
    let (text, failed) = match pdf::layout_text(bytes) {
        Ok(text) => (text, Vec::new()),
        Err(pdf::PdfError::Pages { failed, text }) => (text, failed),
        Err(e) => {
            return Err(ReadError {
                file: file.to_string(),
                line: None,
                reason: e.to_string(),
            });
        }
    };
    too_large(file, text.len(), MAX_TEXT_BYTES)?;
    if failed.is_empty()
        && let Some(path) = &cached
    {
        // A cache that cannot be written only costs the next build the extraction again.
        let _ = path
            .parent()
            .map(std::fs::create_dir_all)
            .and_then(|_| write_atomically(path, &text).ok());
    }
    let mut doc = read_text(file, &text);
    for f in failed {
        doc.notes.push(ReadNote {
            line: first_line_of_page(&doc.pages, f.page),
            what: format!(
                "PDF page {} could not be read (PDF 第 {} 页无法读取): {}",
                f.page, f.page, f.reason
            ),
            kind: NoteKind::PdfPage,
        });
    }
    Ok(doc)
}

fn first_line_of_page(pages: &[u32], page: u32) -> u32 {
    pages
        .iter()
        .position(|&p| p >= page)
        .map_or(1, |i| i as u32 + 1)
}

/// A hash of a file's bytes, as the name of its cached text (FNV-1a, 64 bits, with the length).
fn content_hash(bytes: &[u8]) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{h:016x}-{}", bytes.len())
}

fn write_atomically(path: &Path, text: &str) -> std::io::Result<()> {
    let tmp = path.with_extension("part");
    std::fs::write(&tmp, text)?;
    std::fs::rename(&tmp, path)
}
