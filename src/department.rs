//! One department's disclosure: read (load) → parse → audit, from a file or from bytes, and the
//! documents of a content folder. One document's failure is reported with its file (and line) and
//! never stops the others.

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::model::Budget;
use crate::{audit, load, parse};

/// A document that could not be turned into a budget.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocumentError {
    pub file: String,
    pub line: Option<u32>,
    pub message: String,
}

impl std::fmt::Display for DocumentError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{}: {}", self.file, line, self.message),
            None => write!(f, "{}: {}", self.file, self.message),
        }
    }
}

impl std::error::Error for DocumentError {}

/// The slug of a document: its file stem (`weihui-2024.txt` → `weihui-2024`).
pub fn slug_of(path: &Path) -> String {
    path.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// Reads, parses and audits one document from its bytes. `file` is the name sources refer to.
pub fn load_bytes(file: &str, slug: &str, bytes: &[u8]) -> Result<Budget, DocumentError> {
    load_document(file, slug, bytes).map(|(budget, _)| budget)
}

/// Reads, parses and audits one document, and also returns its decoded lines (numbered the way
/// every `Source` numbers them) for the source page, so the file is read and decoded once.
pub fn load_document(
    file: &str,
    slug: &str,
    bytes: &[u8],
) -> Result<(Budget, Vec<String>), DocumentError> {
    load_with(file, slug, bytes, None).map(|l| (l.budget, l.lines))
}

/// A document loaded for the site: its budget, its lines and the page of each line (empty for a
/// text without pages).
pub struct Loaded {
    pub budget: Budget,
    pub lines: Vec<String>,
    pub pages: Vec<u32>,
    /// The bytes of a PDF, to publish beside its text (read once); `None` for other formats.
    pub pdf: Option<Vec<u8>>,
}

/// Reads, parses and audits one file for the site, keeping the text of a PDF in `cache`.
pub fn load_for_site(path: &Path, cache: Option<&Path>) -> Result<Loaded, DocumentError> {
    let (file, bytes) = read_file(path)?;
    let mut loaded = load_with(&file, &slug_of(path), &bytes, cache)?;
    if load::Format::of(&file) == Some(load::Format::Pdf) {
        loaded.pdf = Some(bytes);
    }
    Ok(loaded)
}

fn load_with(
    file: &str,
    slug: &str,
    bytes: &[u8],
    cache: Option<&Path>,
) -> Result<Loaded, DocumentError> {
    let doc = load::read_cached(file, bytes, cache).map_err(|e| DocumentError {
        file: e.file.clone(),
        line: e.line,
        message: e.reason.clone(),
    })?;
    let mut budget = parse::parse(&doc, slug).map_err(|e| DocumentError {
        file: file.to_string(),
        line: e.line,
        message: e.message,
    })?;
    audit::amend(&mut budget);
    budget.findings = audit::audit_with_lines(&budget, &doc.lines);
    let mut lines = doc.lines;
    if lines.last().is_some_and(String::is_empty) {
        lines.pop();
    }
    let mut pages = doc.pages;
    pages.truncate(lines.len());
    Ok(Loaded {
        budget,
        lines,
        pages,
        pdf: None,
    })
}

/// Reads, parses and audits one file.
pub fn load_file(path: &Path) -> Result<Budget, DocumentError> {
    load_file_with_lines(path).map(|(budget, _)| budget)
}

/// Reads, parses and audits one file, with its decoded lines.
pub fn load_file_with_lines(path: &Path) -> Result<(Budget, Vec<String>), DocumentError> {
    let (file, bytes) = read_file(path)?;
    load_document(&file, &slug_of(path), &bytes)
}

/// A file's name and bytes.
fn read_file(path: &Path) -> Result<(String, Vec<u8>), DocumentError> {
    let file = path
        .file_name()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let bytes = std::fs::read(path).map_err(|e| DocumentError {
        file: path.display().to_string(),
        line: None,
        message: format!("cannot read file: {e}"),
    })?;
    Ok((file, bytes))
}

/// The budget documents of a folder (`*.txt`, `*.md`, `*.html`, `*.pdf`; a folder's `README`, `LICENSE` or
/// `CHANGELOG` is about the folder, not a document), sorted by name so every build sees the same
/// order.
pub fn document_paths(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    if !dir.is_dir() {
        return Err(std::io::Error::new(
            std::io::ErrorKind::NotFound,
            format!("{} is not a folder", dir.display()),
        ));
    }
    let mut paths: Vec<PathBuf> = walkdir::WalkDir::new(dir)
        .follow_links(true)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| e.into_path())
        .filter(|p| p.to_str().and_then(load::Format::of).is_some())
        .filter(|p| {
            let stem = slug_of(p).to_ascii_lowercase();
            !matches!(stem.as_str(), "readme" | "license" | "changelog")
        })
        .collect();
    paths.sort();
    Ok(paths)
}

/// Loads every document of a folder in parallel; results keep the sorted file order.
pub fn load_dir(dir: &Path) -> std::io::Result<Vec<Result<Budget, DocumentError>>> {
    let paths = document_paths(dir)?;
    Ok(paths.par_iter().map(|p| load_file(p)).collect())
}
