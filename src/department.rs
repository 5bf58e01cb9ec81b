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

/// The slug of a document: its file stem made safe for a path and a link (`weihui-2024.txt` →
/// `weihui-2024`); see [`slug_from`].
pub fn slug_of(path: &Path) -> String {
    slug_from(
        &path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default(),
    )
}

/// A name made safe for a path and a link: letters (any script), digits and `_` stay; every other
/// run of characters (`#`, `?`, `%`, spaces, dots, `-`…) becomes one `-`, and `-` at either end
/// goes, so `a#b` → `a-b`, `e%41f` → `e-41f`. Empty when nothing is left (`..`): such a file or
/// folder cannot become a page, and [`scan_inputs`] reports it.
pub fn slug_from(name: &str) -> String {
    let mut slug = String::with_capacity(name.len());
    for ch in name.chars() {
        if ch.is_alphanumeric() || ch == '_' {
            slug.push(ch);
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    slug.trim_end_matches('-').to_string()
}

/// Why a file or folder whose name gives no slug is left out.
pub const NO_SLUG: &str = "the file name has no letter or digit to name its page by; rename it / 文件名中没有可用作网址的字母或数字，请重命名";

/// The marker file of a folder gongkai writes (an output folder or its temporary folder): such a
/// folder met among the documents is never read back.
pub const OUTPUT_MARKER: &str = ".gongkai-output";

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

/// Reads, parses and audits a department's file or folder for the site; the text of a PDF is kept
/// in `cache`. The files of a folder are one document: lines are numbered through all of them.
pub fn load_input(input: &Input, cache: Option<&Path>) -> Result<Loaded, DocumentError> {
    load_read(input, read_input(input)?, cache)
}

/// The files of an input, each as its name and bytes, in reading order.
pub type ReadInput = Vec<(String, Vec<u8>)>;

/// Reads the files of an input (each once: what [`load_read`] loads and a cache key hashes).
pub fn read_input(input: &Input) -> Result<ReadInput, DocumentError> {
    input.parts.iter().map(|path| read_file(path)).collect()
}

/// Parses and audits the files of `input` as [`read_input`] read them.
pub fn load_read(
    input: &Input,
    mut files: ReadInput,
    cache: Option<&Path>,
) -> Result<Loaded, DocumentError> {
    if files.len() == 1
        && let Some((file, bytes)) = files.pop()
    {
        let mut loaded = load_with(&file, &input.slug, &bytes, cache)?;
        if load::Format::of(&file) == Some(load::Format::Pdf) {
            loaded.pdfs.push((file, bytes));
        }
        return Ok(loaded);
    }
    let mut docs = Vec::with_capacity(files.len());
    let mut pdfs = Vec::new();
    let mut names = Vec::with_capacity(files.len());
    for (path, (file, bytes)) in input.parts.iter().zip(files) {
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
    let (mut doc, firsts) = load::Document::joined(&name, docs);
    // Parse and audit read no pages: they move to the budget's origin.
    let pages = std::mem::take(&mut doc.pages);
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
    let mut doc = load::read_cached(file, bytes, cache).map_err(|e| DocumentError {
        file: e.file.clone(),
        line: e.line,
        message: e.reason.clone(),
    })?;
    let pdf = load::Format::of(file) == Some(load::Format::Pdf);
    let pages = std::mem::take(&mut doc.pages);
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
    Ok(documents_under(dir, &mut Vec::new()))
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

/// The documents under `dir`, sorted; what is left out goes into `skipped` with its reason: a
/// link in a loop or to nothing, what cannot be read, a hidden file or folder, a folder a build
/// wrote (it holds the marker), something that is not a regular file.
fn documents_under(dir: &Path, skipped: &mut Vec<DocumentError>) -> Vec<PathBuf> {
    let found = std::cell::RefCell::new(Vec::new());
    let skip = |path: &Path, message: &str| {
        found.borrow_mut().push(DocumentError {
            file: path.display().to_string(),
            line: None,
            message: message.to_string(),
        })
    };
    let mut paths = Vec::new();
    let walk = walkdir::WalkDir::new(dir)
        .follow_links(true)
        .into_iter()
        .filter_entry(|e| {
            !e.file_type().is_dir() || e.depth() == 0 || readable_folder(e.path(), &skip)
        });
    for entry in walk {
        let entry = match entry {
            Ok(entry) => entry,
            Err(e) => {
                let path = e.path().unwrap_or(dir).to_path_buf();
                skip(&path, &unreadable(&path, &e));
                continue;
            }
        };
        let path = entry.path();
        if !is_document(path) || entry.file_type().is_dir() {
            continue;
        }
        if !entry.file_type().is_file() {
            skip(path, NOT_REGULAR);
        } else if entry.file_name().to_string_lossy().starts_with('.') {
            skip(path, HIDDEN_FILE);
        } else {
            paths.push(entry.into_path());
        }
    }
    skipped.extend(found.into_inner());
    paths.sort();
    paths
}

const HIDDEN_FILE: &str = "a hidden file, not published / 隐藏文件，未发布";
const NOT_REGULAR: &str =
    "not a regular file (a pipe, socket or device), not read / 不是普通文件，未读取";

/// Whether a folder among the documents is read: not one a build wrote (its temporary folders
/// are passed over, an output folder is reported), not a hidden one (reported).
fn readable_folder(path: &Path, skip: &dyn Fn(&Path, &str)) -> bool {
    let hidden = path
        .file_name()
        .is_some_and(|n| n.to_string_lossy().starts_with('.'));
    if path.join(OUTPUT_MARKER).exists() {
        if !hidden {
            skip(
                path,
                "a folder gongkai wrote (it holds .gongkai-output), not read back as content / 生成的网站文件夹，不作为内容读取",
            );
        }
        return false;
    }
    // The build's own cache beside an output inside the content is left out without a word.
    if hidden && path.file_name().is_none_or(|n| n != CACHE_FOLDER) {
        skip(path, "a hidden folder, not read / 隐藏文件夹，未读取");
    }
    !hidden
}

/// The folder beside the output where a build keeps what the next one can use again (each PDF's
/// text, each department's result).
pub const CACHE_FOLDER: &str = ".gongkai-cache";

/// Why an entry could not be walked: a link in a loop, a link to nothing, or the error.
fn unreadable(path: &Path, e: &walkdir::Error) -> String {
    if e.loop_ancestor().is_some() {
        "a link back into a folder that contains it (a loop), not followed / 符号链接循环，未读取"
            .to_string()
    } else if path.is_symlink() && !path.exists() {
        "a link to nothing (dangling), not read / 符号链接指向不存在的文件，未读取".to_string()
    } else {
        format!("cannot be read ({e}) / 无法读取")
    }
}

fn is_document(path: &Path) -> bool {
    let stem = slug_of(path).to_ascii_lowercase();
    path.to_str().and_then(load::Format::of).is_some()
        && !matches!(stem.as_str(), "readme" | "license" | "changelog")
}

/// The departments of a budgets folder: each document file directly in it, and each folder in it
/// whose documents (at any depth, in name order) are the parts of one department's disclosure,
/// named after the folder. Sorted by path; a folder without documents is no department. What is
/// left out is dropped here; [`scan_inputs`] tells it.
pub fn inputs(dir: &Path) -> std::io::Result<Vec<Input>> {
    scan_inputs(dir).map(|(inputs, _)| inputs)
}

/// [`inputs`], and every input left out with its reason (see [`documents_under`]; also a name that
/// gives no slug). A department whose slug another already has is left out by [`one_per_slug`].
pub fn scan_inputs(dir: &Path) -> std::io::Result<(Vec<Input>, Vec<DocumentError>)> {
    is_folder(dir)?;
    let mut inputs = Vec::new();
    let mut skipped = Vec::new();
    let skip = |skipped: &mut Vec<DocumentError>, path: &Path, message: &str| {
        skipped.push(DocumentError {
            file: path.display().to_string(),
            line: None,
            message: message.to_string(),
        })
    };
    // With its type as the folder's listing gives it: a regular file (most of them) needs no
    // further look; a folder, a link or a type the listing does not tell is looked at below.
    let mut entries: Vec<(PathBuf, bool)> = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        match entry {
            Ok(entry) => {
                let regular = entry.file_type().is_ok_and(|t| t.is_file());
                entries.push((entry.path(), regular));
            }
            Err(e) => skip(
                &mut skipped,
                dir,
                &format!("cannot be read ({e}) / 无法读取"),
            ),
        }
    }
    entries.sort();
    for (path, regular) in entries {
        let hidden = path
            .file_name()
            .is_some_and(|n| n.to_string_lossy().starts_with('.'));
        if !regular && path.is_dir() {
            let found = std::cell::RefCell::new(Vec::new());
            if !readable_folder(&path, &|p, m| skip(&mut found.borrow_mut(), p, m)) {
                skipped.extend(found.into_inner());
                continue;
            }
            let parts = documents_under(&path, &mut skipped);
            if parts.is_empty() {
                continue;
            }
            let slug = slug_from(
                &path
                    .file_name()
                    .map(|s| s.to_string_lossy().into_owned())
                    .unwrap_or_default(),
            );
            if slug.is_empty() {
                skip(&mut skipped, &path, NO_SLUG);
            } else {
                inputs.push(Input { slug, path, parts });
            }
        } else if is_document(&path) {
            // A regular file, not a link, is neither dangling nor of another kind.
            if !regular && path.is_symlink() && !path.exists() {
                skip(
                    &mut skipped,
                    &path,
                    "a link to nothing (dangling), not read / 符号链接指向不存在的文件，未读取",
                );
            } else if !regular && !path.is_file() {
                skip(&mut skipped, &path, NOT_REGULAR);
            } else if slug_of(&path).is_empty() {
                skip(&mut skipped, &path, NO_SLUG);
            } else if hidden {
                skip(&mut skipped, &path, HIDDEN_FILE);
            } else {
                inputs.push(Input::file(path));
            }
        }
    }
    inputs.sort_by(|a, b| a.path.cmp(&b.path));
    Ok((inputs, skipped))
}

/// Keeps one department of each slug (the first by path); each other is left out with an error
/// naming both (`a b.txt` and `a#b.txt`, `a.txt` and `a.pdf`, a file and a folder). Slugs that
/// differ only in case count as one: on the file systems of Windows and macOS their folders would
/// be one.
pub fn one_per_slug(inputs: Vec<Input>) -> (Vec<Input>, Vec<DocumentError>) {
    let mut seen: std::collections::HashMap<String, PathBuf> = std::collections::HashMap::new();
    let mut kept = Vec::with_capacity(inputs.len());
    let mut errors = Vec::new();
    for input in inputs {
        let slug = input.slug.clone();
        match seen.get(&slug.to_lowercase()) {
            Some(first) => errors.push(DocumentError {
                file: input.path.display().to_string(),
                line: None,
                message: format!(
                    "its page would be departments/{slug}/, the page of {} already; skipped: rename one of them / 与 {} 的网页地址相同，未发布，请重命名其中一个",
                    first.display(),
                    first.display()
                ),
            }),
            None => {
                seen.insert(slug.to_lowercase(), input.path.clone());
                kept.push(input);
            }
        }
    }
    (kept, errors)
}

/// Loads every department of a folder in parallel; results keep the sorted order, and every input
/// left out (see [`scan_inputs`], [`one_per_slug`]) follows as an error.
pub fn load_dir(dir: &Path) -> std::io::Result<Vec<Result<Budget, DocumentError>>> {
    load_dir_map(dir, |result| result)
}

/// [`load_dir`], each result handed to `f` as soon as it is loaded and only what `f` returns
/// kept: a whole province's budgets need not be in memory at once.
pub fn load_dir_map<T: Send>(
    dir: &Path,
    f: impl Fn(Result<Budget, DocumentError>) -> T + Sync,
) -> std::io::Result<Vec<T>> {
    let (inputs, mut skipped) = scan_inputs(dir)?;
    let (inputs, same_slug) = one_per_slug(inputs);
    skipped.extend(same_slug);
    let mut out: Vec<T> = inputs
        .par_iter()
        .map(|i| f(load_input(i, None).map(|l| l.budget)))
        .collect();
    out.extend(skipped.into_iter().map(|e| f(Err(e))));
    Ok(out)
}
