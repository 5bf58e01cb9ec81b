//! One department's disclosure: read (load) → parse → audit, from a file or from bytes, and the
//! documents of a content folder. One document's failure is reported with its file (and line) and
//! never stops the others.

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::model::{Budget, Origin, Part};
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

/// A document loaded for the site: its budget (whose `origin` gives each line's file and page)
/// and its lines.
pub struct Loaded {
    pub budget: Budget,
    pub lines: Vec<String>,
    /// The PDFs among its files, by name, to publish beside its text (read once).
    pub pdfs: Vec<(String, Vec<u8>)>,
}

/// What one department is read from: a file of the budgets folder, or a folder of it whose files
/// (情况说明.pdf, 报表.pdf, …) are read in name order as one document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Input {
    pub slug: String,
    /// The file, or the folder.
    pub path: PathBuf,
    /// Its files in reading order (the file itself for a file).
    pub parts: Vec<PathBuf>,
}

impl Input {
    fn file(path: PathBuf) -> Input {
        Input {
            slug: slug_of(&path),
            parts: vec![path.clone()],
            path,
        }
    }
}

/// Reads, parses and audits one input for the site, keeping the text of a PDF in `cache`.
pub fn load_for_site(path: &Path, cache: Option<&Path>) -> Result<Loaded, DocumentError> {
    load_input(&Input::file(path.to_path_buf()), cache)
}

/// Reads, parses and audits a department's file or folder for the site; the text of a PDF is kept
/// in `cache`. The files of a folder are one document: lines are numbered through all of them.
pub fn load_input(input: &Input, cache: Option<&Path>) -> Result<Loaded, DocumentError> {
    if let [path] = input.parts.as_slice() {
        let (file, bytes) = read_file(path)?;
        let mut loaded = load_with(&file, &input.slug, &bytes, cache)?;
        if load::Format::of(&file) == Some(load::Format::Pdf) {
            loaded.pdfs.push((file, bytes));
        }
        return Ok(loaded);
    }
    let mut docs = Vec::with_capacity(input.parts.len());
    let mut pdfs = Vec::new();
    let mut names = Vec::with_capacity(input.parts.len());
    for path in &input.parts {
        let (file, bytes) = read_file(path)?;
        let doc = load::read_cached(&file, &bytes, cache).map_err(|e| DocumentError {
            file: path.display().to_string(),
            line: e.line,
            message: e.reason.clone(),
        })?;
        let pdf = load::Format::of(&file) == Some(load::Format::Pdf);
        if pdf {
            pdfs.push((file.clone(), bytes));
        }
        names.push((file, pdf));
        docs.push(doc);
    }
    let name = format!("{}/", input.slug);
    let (doc, firsts) = load::Document::joined(&name, docs);
    let pages = doc.pages.clone();
    let mut loaded = finish(&name, &input.slug, doc)?;
    loaded.budget.origin = Origin {
        parts: names
            .into_iter()
            .zip(firsts)
            .map(|((file, pdf), first_line)| Part {
                file,
                first_line,
                pdf,
            })
            .collect(),
        pages,
    };
    loaded.pdfs = pdfs;
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
    let pdf = load::Format::of(file) == Some(load::Format::Pdf);
    let pages = doc.pages.clone();
    let mut loaded = finish(file, slug, doc)?;
    loaded.budget.origin = Origin::single(file, pdf, pages);
    Ok(loaded)
}

/// Parses and audits a read document.
fn finish(file: &str, slug: &str, doc: load::Document) -> Result<Loaded, DocumentError> {
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
    Ok(Loaded {
        budget,
        lines,
        pdfs: Vec::new(),
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
    is_folder(dir)?;
    Ok(documents_under(dir))
}

fn is_folder(dir: &Path) -> std::io::Result<()> {
    if dir.is_dir() {
        Ok(())
    } else {
        Err(std::io::Error::new(
            std::io::ErrorKind::NotFound,
            format!("{} is not a folder", dir.display()),
        ))
    }
}

fn documents_under(dir: &Path) -> Vec<PathBuf> {
    let mut paths: Vec<PathBuf> = walkdir::WalkDir::new(dir)
        .follow_links(true)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| e.into_path())
        .filter(|p| is_document(p))
        .collect();
    paths.sort();
    paths
}

fn is_document(path: &Path) -> bool {
    let stem = slug_of(path).to_ascii_lowercase();
    path.to_str().and_then(load::Format::of).is_some()
        && !matches!(stem.as_str(), "readme" | "license" | "changelog")
}

/// The departments of a budgets folder: each document file directly in it, and each folder in it
/// whose documents (at any depth, in name order) are the parts of one department's disclosure,
/// named after the folder. Sorted by path; a folder without documents is no department.
pub fn inputs(dir: &Path) -> std::io::Result<Vec<Input>> {
    is_folder(dir)?;
    let mut inputs = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            let parts = documents_under(&path);
            if !parts.is_empty() {
                let slug = path
                    .file_name()
                    .map(|s| s.to_string_lossy().into_owned())
                    .unwrap_or_default();
                inputs.push(Input { slug, path, parts });
            }
        } else if path.is_file() && is_document(&path) {
            inputs.push(Input::file(path));
        }
    }
    inputs.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(inputs)
}

/// Loads every department of a folder in parallel; results keep the sorted order.
pub fn load_dir(dir: &Path) -> std::io::Result<Vec<Result<Budget, DocumentError>>> {
    let inputs = inputs(dir)?;
    Ok(inputs
        .par_iter()
        .map(|i| load_input(i, None).map(|l| l.budget))
        .collect())
}
