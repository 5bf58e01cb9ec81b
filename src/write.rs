//! The one write function: maps output paths, minifies HTML, and writes the whole site into a
//! temporary folder beside the output, which replaces the output only when every file is written.
//! Over an existing output only what changed is written: a file whose bytes the output already
//! has is not written again, and the commit ([`update`]) moves the new and changed files in and
//! the files no longer built out, undoing every step if one fails. An existing output folder is
//! only ever changed when it carries our marker file.

mod update;

use rustc_hash::FxHashSet as HashSet;
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

/// The file that marks a folder as gongkai's output, and therefore safe to replace.
pub const MARKER: &str = ".gongkai-output";

/// One file of the built site; `path` is relative to the output folder, `/`-separated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    pub path: String,
    pub contents: Vec<u8>,
}

impl OutputFile {
    pub fn new(path: impl Into<String>, contents: impl Into<Vec<u8>>) -> Self {
        OutputFile {
            path: path.into(),
            contents: contents.into(),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    #[error("{path}: {source}")]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error(
        "refusing to replace {path}: it exists and is not a gongkai output folder (no {MARKER} file inside); \
         remove it yourself or choose another output folder"
    )]
    NotOurs { path: String },
    #[error("the output must name a folder, not {path:?}")]
    BadOutput { path: String },
    #[error("output path {path:?} would leave the output folder")]
    BadPath { path: String },
    #[error("two files would be written to {path}")]
    Duplicate { path: String },
    #[error("interrupted: the output is left as it was")]
    Interrupted,
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> WriteError + '_ {
    move |source| WriteError::Io {
        path: path.display().to_string(),
        source,
    }
}

/// Minifies HTML; every other kind of file passes through untouched (a standalone SVG must stay
/// exactly as drawn). See [`collapse_whitespace`].
pub fn minify(path: &str, contents: &[u8]) -> Vec<u8> {
    if path.ends_with(".html") {
        collapse_whitespace(contents)
    } else {
        contents.to_vec()
    }
}

/// The elements whose text is kept byte for byte.
const RAW_ELEMENTS: [&[u8]; 4] = [b"pre", b"textarea", b"script", b"style"];

/// HTML with every run of whitespace in text cut to one character (a newline if the run held
/// one, else a space) — what a browser shows is unchanged, since it collapses such runs itself —
/// and without the end tags of table cells that HTML lets a page leave out (`</td>` and `</th>`
/// right before the next cell or `</tr>`: the parser closes the cell there itself, so the page
/// is the same; a tenth of a department page's tables). Left alone: attribute values, comments,
/// and the contents of `<pre>`, `<textarea>`, `<script>` and `<style>`. One pass, no allocation
/// beyond the output: our templates' indentation is all there is to remove. (minify-html removed
/// 6 % more here at about 50 MB/s, which made it most of the build's time; see the README's scale
/// figures.)
pub fn collapse_whitespace(html: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(html.len());
    let mut i = 0;
    while i < html.len() {
        // Text up to the next tag or whitespace goes as it is, in one copy.
        let stop = html[i..]
            .iter()
            .position(|&b| TEXT_STOP[usize::from(b)])
            .map_or(html.len(), |p| i + p);
        out.extend_from_slice(&html[i..stop]);
        i = stop;
        let Some(&b) = html.get(i) else { break };
        if b == b'<' {
            let end = tag_end(html, i);
            let tag = &html[i..end];
            i = end;
            if is_cell_end(tag) && closes_cell(&html[i..]) {
                continue;
            }
            write_tag(tag, &mut out);
            if let Some(raw) = raw_element(tag) {
                let close = find_close(html, i, raw);
                out.extend_from_slice(&html[i..close]);
                i = close;
            }
        } else {
            // A run of whitespace.
            let start = i;
            while i < html.len() && html[i].is_ascii_whitespace() {
                i += 1;
            }
            let run = &html[start..i];
            out.push(if run.contains(&b'\n') { b'\n' } else { run[0] });
        }
    }
    out
}

/// The bytes that end a stretch of text: a tag's start and ASCII whitespace (as
/// [`u8::is_ascii_whitespace`] has it).
static TEXT_STOP: [bool; 256] = {
    let mut stop = [false; 256];
    let mut b = 0;
    while b < 256 {
        stop[b] = b == b'<' as usize || (b as u8).is_ascii_whitespace();
        b += 1;
    }
    stop
};

/// A start tag as it is, but with each run of whitespace between its attributes cut to one space
/// and the quotes left out around each value that HTML lets stand without them (no whitespace,
/// quote, `=`, `<`, `>` or backtick in it, and not followed by `/`, which would join the value):
/// `<td class="num">` → `<td class=num>`. Other tags (end tags, comments, the doctype) pass as
/// they are.
fn write_tag(tag: &[u8], out: &mut Vec<u8>) {
    if !tag.get(1).is_some_and(u8::is_ascii_alphabetic) {
        out.extend_from_slice(tag);
        return;
    }
    let mut i = 0;
    while i < tag.len() {
        // Up to the next `=` or whitespace the tag goes as it is, in one copy.
        let stop = tag[i..]
            .iter()
            .position(|&b| b == b'=' || b.is_ascii_whitespace())
            .map_or(tag.len(), |p| i + p);
        out.extend_from_slice(&tag[i..stop]);
        i = stop;
        let Some(&c) = tag.get(i) else { break };
        if c == b'=' && matches!(tag.get(i + 1), Some(b'"' | b'\'')) {
            let quote = tag[i + 1];
            let start = i + 2;
            let Some(len) = tag[start..].iter().position(|&b| b == quote) else {
                out.extend_from_slice(&tag[i..]);
                return;
            };
            let value = &tag[start..start + len];
            let after = tag.get(start + len + 1);
            out.push(b'=');
            if !value.is_empty() && value.iter().all(|&b| !needs_quotes(b)) && after != Some(&b'/')
            {
                out.extend_from_slice(value);
            } else {
                out.extend_from_slice(&tag[i + 1..start + len + 1]);
            }
            i = start + len + 1;
        } else if c.is_ascii_whitespace() {
            while i < tag.len() && tag[i].is_ascii_whitespace() {
                i += 1;
            }
            if !matches!(tag.get(i), Some(b'>')) {
                out.push(b' ');
            }
        } else {
            out.push(c);
            i += 1;
        }
    }
}

/// A byte an attribute value without quotes cannot hold.
fn needs_quotes(b: u8) -> bool {
    b.is_ascii_whitespace() || matches!(b, b'"' | b'\'' | b'=' | b'<' | b'>' | b'`')
}

/// `</td>` or `</td >`, `</th>`: the end tag of a table cell.
fn is_cell_end(tag: &[u8]) -> bool {
    let name = tag.strip_prefix(b"</").unwrap_or_default();
    let name = name.strip_suffix(b">").unwrap_or_default().trim_ascii_end();
    name.eq_ignore_ascii_case(b"td") || name.eq_ignore_ascii_case(b"th")
}

/// Whether `rest`, what follows a cell's end tag, starts with what closes the cell anyway: the
/// next cell's start tag (`<td>`, `<th scope=…>`, not `<thead>`) or the row's end tag.
fn closes_cell(rest: &[u8]) -> bool {
    let starts = |prefix: &[u8]| {
        rest.len() >= prefix.len() && rest[..prefix.len()].eq_ignore_ascii_case(prefix)
    };
    if starts(b"</tr>") {
        return true;
    }
    (starts(b"<td") || starts(b"<th"))
        && rest
            .get(3)
            .is_some_and(|c| *c == b'>' || c.is_ascii_whitespace())
}

/// The end (exclusive) of the tag, comment or declaration opening at `start`: quotes in a tag are
/// skipped, so a `>` inside an attribute value does not end it.
fn tag_end(html: &[u8], start: usize) -> usize {
    if html[start..].starts_with(b"<!--") {
        return find(html, start + 4, b"-->").map_or(html.len(), |p| p + 3);
    }
    let mut at = start + 1;
    while let Some(p) = html
        .get(at..)
        .and_then(|h| memchr::memchr3(b'>', b'"', b'\'', h))
    {
        let c = html[at + p];
        if c == b'>' {
            return at + p + 1;
        }
        // A quoted value: on after its closing quote.
        match memchr::memchr(c, &html[at + p + 1..]) {
            Some(q) => at = at + p + 1 + q + 1,
            None => break,
        }
    }
    html.len()
}

/// The raw-text element a start tag opens, if any.
fn raw_element(tag: &[u8]) -> Option<&'static [u8]> {
    let name_end = tag
        .iter()
        .skip(1)
        .position(|c| c.is_ascii_whitespace() || *c == b'>' || *c == b'/')
        .map_or(tag.len(), |p| p + 1);
    let name = &tag[1..name_end];
    RAW_ELEMENTS
        .into_iter()
        .find(|raw| name.eq_ignore_ascii_case(raw))
}

/// Where the closing tag of `name` starts, searching from `from` (the end when there is none).
fn find_close(html: &[u8], from: usize, name: &[u8]) -> usize {
    let rest = html.get(from..).unwrap_or_default();
    memchr::memchr_iter(b'<', rest)
        .map(|p| from + p)
        .find(|&p| {
            let after = &html[p + 1..];
            after.first() == Some(&b'/')
                && after.len() > name.len()
                && after[1..=name.len()].eq_ignore_ascii_case(name)
        })
        .unwrap_or(html.len())
}

fn find(haystack: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    memchr::memmem::find(haystack.get(from..)?, needle).map(|p| p + from)
}

/// Where a relative output path lands inside `root`; refuses anything that could escape it.
fn map_path(root: &Path, path: &str) -> Result<PathBuf, WriteError> {
    check_path(path)?;
    Ok(root.join(path))
}

/// Fails unless `path` is a relative path of plain names (no root, `.` or `..`).
fn check_path(path: &str) -> Result<(), WriteError> {
    let safe = !path.is_empty()
        && Path::new(path)
            .components()
            .all(|c| matches!(c, Component::Normal(_)));
    if safe {
        Ok(())
    } else {
        Err(WriteError::BadPath {
            path: path.to_string(),
        })
    }
}

/// Fails unless `output` is absent, empty, or carries the marker file.
pub fn check_replaceable(output: &Path) -> Result<(), WriteError> {
    let display = || output.display().to_string();
    if output.file_name().is_none() {
        return Err(WriteError::BadOutput { path: display() });
    }
    match std::fs::symlink_metadata(output) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(io(output)(e)),
        Ok(meta) if !meta.is_dir() => Err(WriteError::NotOurs { path: display() }),
        Ok(_) => {
            if output.join(MARKER).is_file() {
                return Ok(());
            }
            let mut entries = std::fs::read_dir(output).map_err(io(output))?;
            if entries.next().is_none() {
                Ok(())
            } else {
                Err(WriteError::NotOurs { path: display() })
            }
        }
    }
}

/// Writes the whole site to `output`, atomically as far as the file system allows: everything
/// goes into `.<output>.tmp-<pid>` first; the old output is swapped out only after that worked.
pub fn write_site(output: &Path, files: &[OutputFile]) -> Result<(), WriteError> {
    let staging = Staging::begin(output)?;
    for f in files {
        staging.write(f)?;
    }
    staging.commit(None)
}

/// A site being written: files go into a temporary folder beside the output, from any number of
/// threads, as soon as they are rendered; [`Staging::commit`] puts them in place. Dropped without
/// a commit (an error on the way), it removes the temporary folder and leaves the output alone.
///
/// When the output exists, a file whose bytes it already holds is only recorded as kept, not
/// written, and the commit changes only the files that differ ([`update`]); otherwise the
/// temporary folder becomes the output.
pub struct Staging {
    output: PathBuf,
    temp: PathBuf,
    /// Beside the output: the previous output while it is swapped out, or the previous versions
    /// of the files an update replaces or removes, until the commit has succeeded.
    old: PathBuf,
    /// Whether the output existed at the start: the site is then an update of it.
    update: bool,
    written: Mutex<HashSet<String>>,
    /// The files written that the output already has byte for byte (not in the temporary folder).
    kept: Mutex<HashSet<String>>,
    /// Folders already made (each made once, not once per file).
    folders: Mutex<HashSet<PathBuf>>,
    bytes: AtomicU64,
    committed: bool,
}

impl Staging {
    /// Checks that `output` may be replaced and makes the temporary folder.
    pub fn begin(output: &Path) -> Result<Staging, WriteError> {
        check_replaceable(output)?;
        let name = output
            .file_name()
            .ok_or_else(|| WriteError::BadOutput {
                path: output.display().to_string(),
            })?
            .to_string_lossy()
            .into_owned();
        let parent = match output.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        std::fs::create_dir_all(&parent).map_err(io(&parent))?;
        remove_stale(&parent, &name);
        let pid = std::process::id();
        let temp = parent.join(format!(".{name}.{TEMP}-{pid}"));
        if temp.exists() {
            std::fs::remove_dir_all(&temp).map_err(io(&temp))?;
        }
        std::fs::create_dir_all(&temp).map_err(io(&temp))?;
        // Marked from the start: a build stopped before its commit leaves a folder the next
        // build knows as its own and removes, and that no build reads as content.
        let marker = temp.join(MARKER);
        std::fs::write(&marker, MARKER_TEXT).map_err(io(&marker))?;
        let old = parent.join(format!(".{name}.{OLD}-{pid}"));
        on_signal::register(&temp, output, &old);
        let update = output.is_dir();
        Ok(Staging {
            output: output.to_path_buf(),
            temp,
            old,
            update,
            written: Mutex::new(HashSet::default()),
            kept: Mutex::new(HashSet::default()),
            folders: Mutex::new(HashSet::default()),
            bytes: AtomicU64::new(0),
            committed: false,
        })
    }

    /// Writes one file (HTML minified); a second file at the same path is an error. A file the
    /// output already has, byte for byte, is kept as it is.
    pub fn write(&self, file: &OutputFile) -> Result<(), WriteError> {
        let target = map_path(&self.temp, &file.path)?;
        self.claim(&file.path)?;
        let contents = minify(&file.path, &file.contents);
        self.bytes
            .fetch_add(contents.len() as u64, Ordering::Relaxed);
        if self.update && update::same_file(&self.output.join(&file.path), &contents) {
            self.keep(&file.path);
            return Ok(());
        }
        self.make_folder(&target)?;
        std::fs::write(&target, contents).map_err(io(&target))
    }

    /// Makes each of the output's files given (a path and its length) part of this site as it
    /// is, neither read nor written: the build knows it is what it would write (its cache says
    /// so). Only over an existing output; a second file at the same path is an error, as with
    /// [`Staging::write`]. All at once: a rebuild keeps most of the output (100,000 files at
    /// 10,000 departments), each then one insertion, not two locks and a joined path.
    pub fn keep_all_existing<'a>(
        &self,
        files: impl IntoIterator<Item = (&'a str, u64)>,
    ) -> Result<(), WriteError> {
        let mut written = self.written.lock().map_err(|_| poisoned())?;
        let mut kept = self.kept.lock().map_err(|_| poisoned())?;
        for (path, len) in files {
            check_path(path)?;
            if !self.update {
                return Err(WriteError::Io {
                    path: path.to_string(),
                    source: std::io::Error::new(
                        std::io::ErrorKind::NotFound,
                        "kept from an output that does not exist",
                    ),
                });
            }
            if path == MARKER || !written.insert(path.to_string()) {
                return Err(WriteError::Duplicate {
                    path: path.to_string(),
                });
            }
            self.bytes.fetch_add(len, Ordering::Relaxed);
            kept.insert(path.to_string());
        }
        Ok(())
    }

    /// Records that the output's file at `path` is the one built.
    fn keep(&self, path: &str) {
        if let Ok(mut k) = self.kept.lock() {
            k.insert(path.to_string());
        }
    }

    fn is_kept(&self, path: &str) -> bool {
        self.kept.lock().is_ok_and(|k| k.contains(path))
    }

    /// A file already written, read back (for [`Staging::rewrite`]).
    pub fn read(&self, path: &str) -> std::io::Result<Vec<u8>> {
        let root = if self.is_kept(path) {
            &self.output
        } else {
            &self.temp
        };
        let target = map_path(root, path)
            .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidInput, e.to_string()))?;
        std::fs::read(&target)
            .map_err(|e| std::io::Error::new(e.kind(), format!("{}: {e}", target.display())))
    }

    /// Changes a file this build already wrote: `change` gets its bytes as written and returns
    /// the new ones (HTML minified again). For what is only known once every department is read:
    /// the cross-year findings of a year's page, which need the department's other years. As
    /// with [`Staging::write`], a result the output already has byte for byte is kept.
    pub fn rewrite(
        &self,
        path: &str,
        change: impl FnOnce(Vec<u8>) -> Vec<u8>,
    ) -> Result<(), WriteError> {
        let target = map_path(&self.temp, path)?;
        if !self.written.lock().is_ok_and(|w| w.contains(path)) {
            return Err(WriteError::Io {
                path: path.to_string(),
                source: std::io::Error::new(
                    std::io::ErrorKind::NotFound,
                    "changed before it was written",
                ),
            });
        }
        let old = self.read(path).map_err(io(&target))?;
        let old_len = old.len() as u64;
        let contents = minify(path, &change(old));
        self.bytes.fetch_sub(old_len, Ordering::Relaxed);
        self.bytes
            .fetch_add(contents.len() as u64, Ordering::Relaxed);
        let kept = self.is_kept(path);
        if self.update && update::same_file(&self.output.join(path), &contents) {
            if !kept {
                std::fs::remove_file(&target).map_err(io(&target))?;
                self.keep(path);
            }
            return Ok(());
        }
        if kept && let Ok(mut k) = self.kept.lock() {
            k.remove(path);
        }
        self.make_folder(&target)?;
        std::fs::write(&target, contents).map_err(io(&target))
    }

    /// Writes a file too large to hold in memory by handing `fill` a buffered writer. Not
    /// minified: for data files only.
    pub fn stream(
        &self,
        path: &str,
        fill: impl FnOnce(&mut dyn std::io::Write) -> std::io::Result<()>,
    ) -> Result<(), WriteError> {
        let target = map_path(&self.temp, path)?;
        self.claim(path)?;
        self.make_folder(&target)?;
        let file = std::fs::File::create(&target).map_err(io(&target))?;
        let mut out = CountingWriter {
            inner: std::io::BufWriter::with_capacity(1 << 16, file),
            bytes: 0,
        };
        fill(&mut out)
            .and_then(|()| std::io::Write::flush(&mut out))
            .map_err(io(&target))?;
        self.bytes.fetch_add(out.bytes, Ordering::Relaxed);
        drop(out);
        if self.update && update::same_files(&self.output.join(path), &target) {
            std::fs::remove_file(&target).map_err(io(&target))?;
            self.keep(path);
        }
        Ok(())
    }

    /// Makes the folder `target` goes into, unless this build already made it.
    fn make_folder(&self, target: &Path) -> Result<(), WriteError> {
        let Some(dir) = target.parent() else {
            return Ok(());
        };
        let made = self.folders.lock().is_ok_and(|f| f.contains(dir));
        if !made {
            std::fs::create_dir_all(dir).map_err(io(dir))?;
            if let Ok(mut f) = self.folders.lock() {
                f.insert(dir.to_path_buf());
            }
        }
        Ok(())
    }

    /// Records that `path` is written; a second claim is an error.
    fn claim(&self, path: &str) -> Result<(), WriteError> {
        let fresh = path != MARKER
            && self
                .written
                .lock()
                .map(|mut w| w.insert(path.to_string()))
                .unwrap_or(false);
        if fresh {
            Ok(())
        } else {
            Err(WriteError::Duplicate {
                path: path.to_string(),
            })
        }
    }

    /// Every path written so far, in no particular order (a caller that keeps them sorts the
    /// few it keeps: sorting all 100,000 of a build at 10,000 six times was a cost of its own).
    pub fn paths(&self) -> Vec<String> {
        self.written
            .lock()
            .map(|w| w.iter().cloned().collect())
            .unwrap_or_default()
    }

    /// How many files and bytes were written.
    pub fn totals(&self) -> (usize, u64) {
        let files = self.written.lock().map(|w| w.len()).unwrap_or(0);
        (files, self.bytes.load(Ordering::Relaxed))
    }

    /// Puts the site in place: over an existing output, only the files that changed are moved
    /// in and those no longer built are removed ([`update::apply`]); else the marked temporary
    /// folder becomes the output. `previous`, when known, is every file the last build put in
    /// the output: only those are looked at for removal, and the output is not walked (a file
    /// put there by hand then stays). Without it, every file of the output not built is removed.
    pub fn commit(mut self, previous: Option<&[String]>) -> Result<(), WriteError> {
        let marker = self.temp.join(MARKER);
        std::fs::write(&marker, MARKER_TEXT).map_err(io(&marker))?;
        // The output may have been made or removed meanwhile by someone else: check again.
        check_replaceable(&self.output)?;
        self.committed = true;
        let done = if self.update {
            let all = std::mem::take(&mut *self.written.lock().map_err(|_| poisoned())?);
            let kept = std::mem::take(&mut *self.kept.lock().map_err(|_| poisoned())?);
            let mut fresh: Vec<&String> = all.iter().filter(|p| !kept.contains(*p)).collect();
            fresh.sort_unstable();
            update::apply(&self.output, &self.temp, &self.old, &fresh, &all, previous)
        } else {
            swap_in(&self.temp, &self.output, &self.old)
        };
        if done.is_err() {
            let _ = std::fs::remove_dir_all(&self.temp);
        }
        on_signal::unregister(&self.temp);
        done
    }
}

fn poisoned() -> WriteError {
    WriteError::Io {
        path: String::new(),
        source: std::io::Error::other("a thread panicked while writing"),
    }
}

struct CountingWriter<W> {
    inner: W,
    bytes: u64,
}

impl<W: std::io::Write> std::io::Write for CountingWriter<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.bytes += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = std::fs::remove_dir_all(&self.temp);
            on_signal::unregister(&self.temp);
        }
    }
}

const MARKER_TEXT: &str = "This folder is generated by gongkai and replaced on every build.\n";
/// The kinds of things a build puts beside its output `<name>`, each named `.<name>.<kind>-<pid>`:
/// the folder being written, the previous output while it is swapped out, and the scratch file
/// of the open-data rows.
const TEMP: &str = "tmp";
const OLD: &str = "old";
const SCRATCH: &str = "lists";

/// The scratch file a build keeps beside `output` (`.<name>.lists-<pid>`).
pub fn scratch_path(output: &Path) -> PathBuf {
    let name = output.file_name().unwrap_or_default().to_string_lossy();
    let path = output.with_file_name(format!(".{name}.{SCRATCH}-{}", std::process::id()));
    on_signal::register_file(&path);
    path
}

/// Forgets the scratch file (removed by its owner).
pub fn scratch_done(path: &Path) {
    on_signal::unregister(path);
}

/// Removes what builds of the output `name` in `parent` left behind when they were stopped
/// (killed, out of power): `.<name>.tmp-<pid>` and `.<name>.old-<pid>` folders that carry the
/// marker, and `.<name>.lists-<pid>` files, of processes no longer running. Whatever cannot be
/// removed stays; the build goes on.
fn remove_stale(parent: &Path, name: &str) {
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    let prefix = format!(".{name}.");
    for entry in entries.filter_map(Result::ok) {
        let file_name = entry.file_name().to_string_lossy().into_owned();
        let Some((kind, pid)) = file_name
            .strip_prefix(&prefix)
            .and_then(|rest| rest.rsplit_once('-'))
        else {
            continue;
        };
        let Ok(pid) = pid.parse::<u32>() else {
            continue;
        };
        if pid == std::process::id() || process_runs(pid) {
            continue;
        }
        let path = entry.path();
        match kind {
            TEMP | OLD if path.join(MARKER).is_file() => {
                let _ = std::fs::remove_dir_all(&path);
            }
            SCRATCH if path.is_file() => {
                let _ = std::fs::remove_file(&path);
            }
            _ => {}
        }
    }
}

/// Whether the process `pid` still runs (Linux: `/proc/<pid>`). Where that cannot be told, it is
/// taken as running, so nothing of a running build is ever removed.
fn process_runs(pid: u32) -> bool {
    let proc = Path::new("/proc");
    !proc.join("self").exists() || proc.join(pid.to_string()).exists()
}

/// Removal of the temporary folder and files when the build is interrupted (SIGINT, SIGTERM,
/// SIGHUP; Ctrl-C on Windows), through `ctrlc` (a small, well-kept crate that installs the one
/// handler portably). The output is left as it was: when the signal comes between the two
/// renames of the swap, the previous output is put back.
pub mod on_signal {
    use std::path::{Path, PathBuf};
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::sync::{Mutex, MutexGuard, Once};

    struct Pending {
        temp: PathBuf,
        /// The output and the name of its previous version while swapped out, for a folder.
        swap: Option<(PathBuf, PathBuf)>,
    }

    static PENDING: Mutex<Vec<Pending>> = Mutex::new(Vec::new());
    static INSTALL: Once = Once::new();
    /// Held while an update changes the output: an interruption waits for it, and the update,
    /// seeing [`INTERRUPTED`], undoes what it did, so the output is left whole and as it was.
    static COMMIT: Mutex<()> = Mutex::new(());
    static INTERRUPTED: AtomicBool = AtomicBool::new(false);

    /// Taken by an update for as long as it changes the output.
    pub(super) fn commit_lock() -> MutexGuard<'static, ()> {
        COMMIT.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Whether the process was interrupted (an update in progress then undoes itself).
    pub(super) fn interrupted() -> bool {
        INTERRUPTED.load(Ordering::SeqCst)
    }

    /// Installs the handler (once per process; a program that has its own keeps it).
    pub fn install() {
        INSTALL.call_once(|| {
            let _ = ctrlc::set_handler(|| {
                clean_up();
                eprintln!("interrupted: the temporary files are removed, the output is unchanged");
                std::process::exit(130);
            });
        });
    }

    pub(super) fn register(temp: &Path, output: &Path, old: &Path) {
        if let Ok(mut p) = PENDING.lock() {
            p.push(Pending {
                temp: temp.to_path_buf(),
                swap: Some((output.to_path_buf(), old.to_path_buf())),
            });
        }
    }

    pub(super) fn register_file(path: &Path) {
        if let Ok(mut p) = PENDING.lock() {
            p.push(Pending {
                temp: path.to_path_buf(),
                swap: None,
            });
        }
    }

    pub(super) fn unregister(path: &Path) {
        if let Ok(mut p) = PENDING.lock() {
            p.retain(|x| x.temp != path);
        }
    }

    /// Removes every pending temporary folder and file; puts a swapped-out output back. An
    /// update of the output in progress is undone first (this waits for it).
    pub fn clean_up() {
        INTERRUPTED.store(true, Ordering::SeqCst);
        drop(commit_lock());
        clean_up_where(|_| true);
    }

    /// [`clean_up`] of the pending paths that `which` selects.
    pub(super) fn clean_up_where(which: impl Fn(&Path) -> bool) {
        let pending: Vec<Pending> = match PENDING.lock() {
            Ok(mut p) => {
                let (chosen, kept) = std::mem::take(&mut *p)
                    .into_iter()
                    .partition(|x| which(&x.temp));
                *p = kept;
                chosen
            }
            Err(_) => return,
        };
        for p in pending {
            match p.swap {
                Some((output, old)) => {
                    if !output.exists() && old.exists() {
                        let _ = std::fs::rename(&old, &output);
                    }
                    // Other threads may still be adding files: a second pass gets those.
                    for _ in 0..3 {
                        if std::fs::remove_dir_all(&p.temp).is_ok() || !p.temp.exists() {
                            break;
                        }
                    }
                }
                None => {
                    let _ = std::fs::remove_file(&p.temp);
                }
            }
        }
    }
}

fn swap_in(temp: &Path, output: &Path, old: &Path) -> Result<(), WriteError> {
    if !output.exists() {
        return std::fs::rename(temp, output).map_err(io(output));
    }
    if old.exists() {
        std::fs::remove_dir_all(old).map_err(io(old))?;
    }
    std::fs::rename(output, old).map_err(io(output))?;
    if let Err(e) = std::fs::rename(temp, output) {
        // Put the previous output back so a failed swap changes nothing.
        let _ = std::fs::rename(old, output);
        let _ = std::fs::remove_dir_all(temp);
        return Err(io(output)(e));
    }
    std::fs::remove_dir_all(old).map_err(io(old))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files() -> Vec<OutputFile> {
        vec![
            OutputFile::new(
                "index.html",
                "<!doctype html><html><head><title>x</title></head><body>  <p>公开  </p></body></html>",
            ),
            OutputFile::new("charts/a/b.svg", "<svg viewBox=\"0 0 1 1\"></svg>"),
        ]
    }

    #[test]
    fn writes_minified_html_and_untouched_svg_with_marker() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        write_site(&out, &files()).unwrap();
        let html = std::fs::read_to_string(out.join("index.html")).unwrap();
        assert!(html.contains("公开"));
        assert!(!html.contains("  "), "{html}");
        let svg = std::fs::read_to_string(out.join("charts/a/b.svg")).unwrap();
        assert_eq!(svg, "<svg viewBox=\"0 0 1 1\"></svg>");
        assert!(out.join(MARKER).is_file());
        // A second build replaces the first, and nothing is left beside it.
        write_site(&out, &files()[..1]).unwrap();
        assert!(!out.join("charts").exists());
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, vec![std::ffi::OsString::from("public")]);
    }

    /// Every file of `dir` (relative path) with its bytes, inode and modification time.
    #[cfg(unix)]
    fn files_of(
        dir: &Path,
    ) -> std::collections::BTreeMap<String, (Vec<u8>, u64, std::time::SystemTime)> {
        use std::os::unix::fs::MetadataExt;
        walkdir::WalkDir::new(dir)
            .into_iter()
            .map(Result::unwrap)
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                let meta = e.metadata().unwrap();
                let rel = e
                    .path()
                    .strip_prefix(dir)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned();
                (
                    rel,
                    (
                        std::fs::read(e.path()).unwrap(),
                        meta.ino(),
                        meta.modified().unwrap(),
                    ),
                )
            })
            .collect()
    }

    #[cfg(unix)]
    #[test]
    fn a_rebuild_touches_only_what_changed() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let mut site = files();
        site.push(OutputFile::new("departments/a/index.html", "<p>a</p>"));
        site.push(OutputFile::new("departments/b/index.html", "<p>b</p>"));
        write_site(&out, &site).unwrap();
        let before = files_of(&out);
        // Later than the first build's times, on any file system's clock.
        std::thread::sleep(std::time::Duration::from_millis(20));

        // The same site again: not one file is written, removed or made anew.
        write_site(&out, &site).unwrap();
        assert_eq!(files_of(&out), before);

        // One page changed, one gone, one new: only those are touched.
        let next = vec![
            site[0].clone(),
            site[1].clone(),
            OutputFile::new("departments/a/index.html", "<p>a, changed</p>"),
            OutputFile::new("departments/c/index.html", "<p>c</p>"),
        ];
        let staging = Staging::begin(&out).unwrap();
        for f in &next {
            staging.write(f).unwrap();
        }
        // The unchanged ones are not in the temporary folder at all.
        assert!(!staging.temp.join("index.html").exists());
        assert!(staging.temp.join("departments/a/index.html").is_file());
        staging.commit(None).unwrap();
        let after = files_of(&out);
        for same in ["index.html", "charts/a/b.svg", MARKER] {
            assert_eq!(after[same], before[same], "{same} was touched");
        }
        assert_eq!(after["departments/a/index.html"].0, b"<p>a, changed</p>");
        assert_eq!(after["departments/c/index.html"].0, b"<p>c</p>");
        assert!(!after.contains_key("departments/b/index.html"));
        assert!(
            !out.join("departments/b").exists(),
            "an emptied folder stays"
        );
        let beside: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(beside, vec![std::ffi::OsString::from("public")]);
    }

    #[test]
    fn with_the_previous_files_known_only_those_no_longer_built_are_removed() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let site = vec![
            OutputFile::new("index.html", "<p>i</p>"),
            OutputFile::new("departments/a/index.html", "<p>a</p>"),
            OutputFile::new("departments/b/index.html", "<p>b</p>"),
        ];
        write_site(&out, &site).unwrap();
        std::fs::write(out.join("mine.txt"), "put here by hand").unwrap();
        // Listed by the last build, then removed by hand: nothing to remove, no error.
        std::fs::remove_file(out.join("index.html")).unwrap();
        let previous: Vec<String> = site.iter().map(|f| f.path.clone()).collect();
        let staging = Staging::begin(&out).unwrap();
        staging.write(&site[1]).unwrap();
        staging.commit(Some(&previous)).unwrap();
        assert!(out.join("departments/a/index.html").is_file());
        assert!(!out.join("departments/b").exists(), "b is no longer built");
        assert!(!out.join("index.html").exists());
        assert_eq!(
            std::fs::read_to_string(out.join("mine.txt")).unwrap(),
            "put here by hand",
            "a file the last build did not put there is not looked at"
        );
        // Without the list, the output is walked: every file not built goes.
        let staging = Staging::begin(&out).unwrap();
        staging.write(&site[1]).unwrap();
        staging.commit(None).unwrap();
        assert!(!out.join("mine.txt").exists());
        assert!(out.join("departments/a/index.html").is_file());
    }

    #[cfg(unix)]
    #[test]
    fn a_file_changed_after_it_was_written_is_kept_when_the_output_has_the_result() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let page = "departments/a/index.html";
        let build = |extra: &str| {
            let staging = Staging::begin(&out).unwrap();
            staging
                .write(&OutputFile::new(page, "<main><p>a</p>  </main>"))
                .unwrap();
            staging
                .rewrite(page, |html| {
                    String::from_utf8(html)
                        .unwrap()
                        .replace("</main>", &format!("<p>{extra}</p>   </main>"))
                        .into_bytes()
                })
                .unwrap();
            assert!(staging.rewrite("nowhere.html", |b| b).is_err());
            let (files, bytes) = staging.totals();
            staging.commit(None).unwrap();
            (files, bytes)
        };
        let (files, bytes) = build("x");
        let first = files_of(&out);
        assert_eq!(first[page].0, b"<main><p>a</p> <p>x</p> </main>");
        assert_eq!((files, bytes), (1, first[page].0.len() as u64));
        // The same result again: the file is left as it is.
        build("x");
        assert_eq!(files_of(&out)[page], first[page]);
        // Another result replaces it.
        build("y");
        assert_eq!(files_of(&out)[page].0, b"<main><p>a</p> <p>y</p> </main>");
    }

    #[test]
    fn an_update_that_fails_halfway_is_undone() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let mut site = files();
        site.push(OutputFile::new("z/old.html", "<p>old</p>"));
        write_site(&out, &site).unwrap();
        let before = snapshot(&out);

        let staging = Staging::begin(&out).unwrap();
        staging
            .write(&OutputFile::new("index.html", "<p>new home</p>"))
            .unwrap();
        staging
            .write(&OutputFile::new("a/new.html", "<p>new</p>"))
            .unwrap();
        staging
            .write(&OutputFile::new("y/new.html", "<p>new</p>"))
            .unwrap();
        // The last file to go in has vanished: the update fails after the stale file went out
        // and the other new files went in, and all of that is undone.
        std::fs::remove_file(staging.temp.join("y/new.html")).unwrap();
        let err = staging.commit(None).unwrap_err();
        assert!(matches!(err, WriteError::Io { .. }), "{err}");
        assert_eq!(snapshot(&out), before);
        assert!(
            !out.join("a").exists(),
            "a folder made for a new file stays"
        );
        let beside: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(beside, vec![std::ffi::OsString::from("public")]);
    }

    fn snapshot(dir: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
        walkdir::WalkDir::new(dir)
            .into_iter()
            .map(Result::unwrap)
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                let rel = e
                    .path()
                    .strip_prefix(dir)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned();
                (rel, std::fs::read(e.path()).unwrap())
            })
            .collect()
    }

    #[test]
    fn whitespace_collapses_in_text_but_not_in_attributes_pre_or_scripts() {
        let html = "<p class=\"a  b\" title='x >  y'>  公开 \n\n  预算 </p>\n  \
                    <pre>  1  行\n\n  2</pre>  <script>if (a  <  b) {}\n  </script>\n\
                    <!--  a  >  b  --> <PRE>x  y</PRE>";
        let out = String::from_utf8(collapse_whitespace(html.as_bytes())).unwrap();
        assert_eq!(
            out,
            "<p class=\"a  b\" title='x >  y'> 公开\n预算 </p>\n\
             <pre>  1  行\n\n  2</pre> <script>if (a  <  b) {}\n  </script>\n\
             <!--  a  >  b  --> <PRE>x  y</PRE>"
        );
        // A cell's end tag goes where the next cell or the row's end closes it anyway.
        let table = "<table><thead><tr><th scope=\"col\">a</th><th>b</th></tr></thead>\
                     <tbody><tr><td>1</td><TD class=\"num\">2</td ></tr>\n\
                     <tr><td>3</td>\n<td>4</td></tr></tbody></table><pre></td><td></pre>";
        assert_eq!(
            String::from_utf8(collapse_whitespace(table.as_bytes())).unwrap(),
            "<table><thead><tr><th scope=col>a<th>b</tr></thead>\
             <tbody><tr><td>1<TD class=num>2</tr>\n\
             <tr><td>3</td>\n<td>4</tr></tbody></table><pre></td><td></pre>"
        );
        // Quotes go where a value needs none; runs of whitespace between attributes are cut.
        let tags = "<input\n   id=\"q\"\n   data-s=\"{n} 条\" class='a'  >\
                    <img src=\"a.svg\"/><img alt=\"\" src=\"x=1\"><a href=\"../公开/a.html#L3\">x</a >";
        assert_eq!(
            String::from_utf8(collapse_whitespace(tags.as_bytes())).unwrap(),
            "<input id=q data-s=\"{n} 条\" class=a>\
             <img src=\"a.svg\"/><img alt=\"\" src=\"x=1\"><a href=../公开/a.html#L3>x</a >"
        );
        // Tabs, carriage returns and form feeds are whitespace too; a raw element ends at its
        // own end tag only; a value with `=` and no quotes stays as it is.
        let mixed = "a\t\tb\r\n\tc\x0Cd<pre><span id=L1>  x</span>\n</Pre ><a href=x=y  \t>e</a>";
        assert_eq!(
            String::from_utf8(collapse_whitespace(mixed.as_bytes())).unwrap(),
            "a\tb\nc\x0Cd<pre><span id=L1>  x</span>\n</Pre ><a href=x=y>e</a>"
        );
        // Unclosed tags and elements end the input without a panic.
        for broken in ["<p", "<pre>  a", "<p title=\"a  >", "<!-- a"] {
            assert_eq!(collapse_whitespace(broken.as_bytes()), broken.as_bytes());
        }
    }

    #[test]
    fn leftovers_of_stopped_builds_are_removed_and_others_kept() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        // A pid no process has (above the kernel's pid_max of 2^22).
        let dead = 4_194_400;
        let ours = |p: &Path| {
            std::fs::create_dir_all(p).unwrap();
            std::fs::write(p.join(MARKER), "x").unwrap();
            std::fs::write(p.join("index.html"), "x").unwrap();
        };
        let stale_tmp = dir.path().join(format!(".public.tmp-{dead}"));
        let stale_old = dir.path().join(format!(".public.old-{dead}"));
        let stale_lists = dir.path().join(format!(".public.lists-{dead}"));
        ours(&stale_tmp);
        ours(&stale_old);
        std::fs::write(&stale_lists, "rows").unwrap();
        // Not ours (no marker), or of a running process (pid 1), or of another output: kept.
        let unmarked = dir.path().join(format!(".public.tmp-{}", dead + 1));
        std::fs::create_dir_all(&unmarked).unwrap();
        let running = dir.path().join(".public.tmp-1");
        ours(&running);
        let other = dir.path().join(format!(".site.tmp-{dead}"));
        ours(&other);
        write_site(&out, &files()).unwrap();
        assert!(!stale_tmp.exists() && !stale_old.exists() && !stale_lists.exists());
        assert!(unmarked.exists() && running.exists() && other.exists());
        assert!(out.join("index.html").is_file());
    }

    #[test]
    fn an_interrupted_build_leaves_no_temporary_folder_and_the_output_as_it_was() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        write_site(&out, &files()).unwrap();
        let before = std::fs::read(out.join("index.html")).unwrap();
        let staging = Staging::begin(&out).unwrap();
        staging
            .write(&OutputFile::new("index.html", b"<p>new</p>".to_vec()))
            .unwrap();
        // What the signal handler does (for this test's folder only: other tests build at the
        // same time), then the process would exit.
        on_signal::clean_up_where(|p| p.starts_with(dir.path()));
        assert!(!staging.temp.exists());
        std::mem::forget(staging);
        assert_eq!(std::fs::read(out.join("index.html")).unwrap(), before);
        let left: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .filter_map(Result::ok)
            .map(|e| e.file_name())
            .collect();
        assert_eq!(left, vec![std::ffi::OsString::from("public")]);
    }

    #[test]
    fn refuses_to_replace_a_folder_that_is_not_ours() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("docs");
        std::fs::create_dir(&out).unwrap();
        std::fs::write(out.join("thesis.tex"), "precious").unwrap();
        let err = write_site(&out, &files()).unwrap_err();
        assert!(matches!(err, WriteError::NotOurs { .. }), "{err}");
        assert!(err.to_string().contains(MARKER));
        assert_eq!(
            std::fs::read_to_string(out.join("thesis.tex")).unwrap(),
            "precious"
        );
    }

    #[test]
    fn refuses_paths_that_leave_the_output() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        for bad in ["../x.html", "/etc/x", "", "a/../../b"] {
            let err = write_site(&out, &[OutputFile::new(bad, "x")]).unwrap_err();
            assert!(matches!(err, WriteError::BadPath { .. }), "{bad}: {err}");
        }
        assert!(!out.exists());
        assert!(write_site(Path::new(".."), &files()).is_err());
    }
}
