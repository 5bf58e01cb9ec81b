//! Updating an existing output in place: the commit of a rebuild. Only the files that changed are
//! touched — the new and changed ones are renamed in from the temporary folder (a rename replaces
//! a file whole, so no half-written file is ever seen), the ones no longer built are moved out —
//! and every step is recorded, so that an error or an interruption on the way undoes them all and
//! leaves the output as it was. The previous versions wait in a folder beside the output (marked,
//! so a killed build's folder is removed by the next one) that holds only what changed: the cost
//! of a rebuild's commit grows with what changed, not with the site.

use rustc_hash::FxHashSet as HashSet;
use std::io::Read;
use std::path::{Path, PathBuf};

use super::{MARKER, MARKER_TEXT, WriteError, io, map_path, on_signal};

/// Whether the regular file at `existing` holds exactly `contents` (false when it is missing,
/// not a plain file, or cannot be read).
pub(super) fn same_file(existing: &Path, contents: &[u8]) -> bool {
    let Ok(meta) = std::fs::symlink_metadata(existing) else {
        return false;
    };
    if !meta.is_file() || meta.len() != contents.len() as u64 {
        return false;
    }
    let Ok(mut file) = std::fs::File::open(existing) else {
        return false;
    };
    let mut buf = vec![0; 1 << 16];
    let mut at = 0;
    loop {
        match file.read(&mut buf) {
            Ok(0) => return at == contents.len(),
            Ok(n) => {
                if at + n > contents.len() || buf[..n] != contents[at..at + n] {
                    return false;
                }
                at += n;
            }
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(_) => return false,
        }
    }
}

/// Whether the regular file at `existing` has the bytes of the file at `new` (a file too large
/// to hold twice is compared by chunks).
pub(super) fn same_files(existing: &Path, new: &Path) -> bool {
    let (Ok(a), Ok(b)) = (std::fs::symlink_metadata(existing), std::fs::metadata(new)) else {
        return false;
    };
    if !a.is_file() || a.len() != b.len() {
        return false;
    }
    let (Ok(a), Ok(b)) = (std::fs::File::open(existing), std::fs::File::open(new)) else {
        return false;
    };
    let mut a = std::io::BufReader::with_capacity(1 << 16, a);
    let mut b = std::io::BufReader::with_capacity(1 << 16, b);
    loop {
        let (Ok(x), Ok(y)) = (
            std::io::BufRead::fill_buf(&mut a),
            std::io::BufRead::fill_buf(&mut b),
        ) else {
            return false;
        };
        if x.is_empty() || y.is_empty() {
            return x.is_empty() && y.is_empty();
        }
        let n = x.len().min(y.len());
        if x[..n] != y[..n] {
            return false;
        }
        std::io::BufRead::consume(&mut a, n);
        std::io::BufRead::consume(&mut b, n);
    }
}

/// One step done to the output, and how it is undone.
enum Step {
    /// `output/p` was moved to `old/p`: moved back.
    SetAside(String),
    /// `output/p` was made: removed.
    Added(String),
    /// `output/p` replaced a file whose previous version is `old/p`: that is moved back.
    Replaced(String),
}

struct Journal<'a> {
    output: &'a Path,
    old: &'a Path,
    /// Whether `old` was made (with its marker).
    old_made: bool,
    steps: Vec<Step>,
}

impl Journal<'_> {
    /// `old/p`, its folder made.
    fn keep_place(&mut self, p: &str) -> Result<PathBuf, WriteError> {
        if !self.old_made {
            std::fs::create_dir_all(self.old).map_err(io(self.old))?;
            let marker = self.old.join(MARKER);
            std::fs::write(&marker, MARKER_TEXT).map_err(io(&marker))?;
            self.old_made = true;
        }
        let place = self.old.join(p);
        if let Some(dir) = place.parent() {
            std::fs::create_dir_all(dir).map_err(io(dir))?;
        }
        Ok(place)
    }

    /// Moves the output's `p`, no longer built, aside.
    fn set_aside(&mut self, p: &str) -> Result<(), WriteError> {
        let place = self.keep_place(p)?;
        let target = self.output.join(p);
        std::fs::rename(&target, &place).map_err(io(&target))?;
        self.steps.push(Step::SetAside(p.to_string()));
        Ok(())
    }

    /// Puts the temporary folder's `p` in place of the output's.
    fn put(&mut self, temp: &Path, p: &str) -> Result<(), WriteError> {
        let source = temp.join(p);
        let target = self.output.join(p);
        match std::fs::symlink_metadata(&target) {
            // A folder where a file now goes: its files were all set aside (none is built).
            Ok(meta) if meta.is_dir() => remove_empty_folders(&target)?,
            Ok(_) => {
                // The previous version stays reachable (a second name of the same file where the
                // file system allows it, else moved) until the commit has succeeded.
                let place = self.keep_place(p)?;
                if std::fs::hard_link(&target, &place).is_err() {
                    std::fs::rename(&target, &place).map_err(io(&target))?;
                }
                self.steps.push(Step::Replaced(p.to_string()));
                return std::fs::rename(&source, &target).map_err(io(&target));
            }
            Err(_) => {}
        }
        if let Some(dir) = target.parent() {
            std::fs::create_dir_all(dir).map_err(io(dir))?;
        }
        std::fs::rename(&source, &target).map_err(io(&target))?;
        self.steps.push(Step::Added(p.to_string()));
        Ok(())
    }

    /// Undoes every step, last first; whether all were undone (what could not be put back
    /// stays in `old`, which is then kept).
    fn undo(&mut self) -> bool {
        let mut all = true;
        while let Some(step) = self.steps.pop() {
            let undone = match step {
                Step::Added(p) => {
                    let removed = std::fs::remove_file(self.output.join(&p));
                    remove_emptied(self.output, &p);
                    removed
                }
                Step::SetAside(p) | Step::Replaced(p) => {
                    let target = self.output.join(&p);
                    if let Some(dir) = target.parent() {
                        let _ = std::fs::create_dir_all(dir);
                    }
                    std::fs::rename(self.old.join(&p), &target)
                }
            };
            all &= undone.is_ok();
        }
        all
    }
}

/// Removes the folders of `output/p` that are empty now, from the innermost up.
fn remove_emptied(output: &Path, p: &str) {
    let mut dir = output.join(p);
    while dir.pop() && dir != output && std::fs::remove_dir(&dir).is_ok() {}
}

/// Removes the folder `dir` and the folders in it, all of which must be empty.
fn remove_empty_folders(dir: &Path) -> Result<(), WriteError> {
    for entry in walkdir::WalkDir::new(dir).contents_first(true) {
        let entry = entry.map_err(|e| io(dir)(e.into()))?;
        std::fs::remove_dir(entry.path()).map_err(io(entry.path()))?;
    }
    Ok(())
}

/// The output's files (relative, `/`-separated) that the new site does not have; the marker is
/// the output's own. Of `previous` (the files the last build put there) when it is known, else of
/// the whole output.
fn stale_files(
    output: &Path,
    built: &HashSet<String>,
    previous: Option<&[String]>,
) -> Result<Vec<String>, WriteError> {
    if let Some(previous) = previous {
        let mut stale: Vec<String> = previous
            .iter()
            .filter(|p| p.as_str() != MARKER && !built.contains(*p))
            .filter(|p| {
                map_path(output, p).is_ok_and(|f| f.symlink_metadata().is_ok_and(|m| !m.is_dir()))
            })
            .cloned()
            .collect();
        stale.sort_unstable();
        return Ok(stale);
    }
    let mut stale = Vec::new();
    for entry in walkdir::WalkDir::new(output).min_depth(1) {
        let entry = entry.map_err(|e| io(output)(e.into()))?;
        if entry.file_type().is_dir() {
            continue;
        }
        let Ok(rel) = entry.path().strip_prefix(output) else {
            continue;
        };
        let rel: Vec<String> = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        let rel = rel.join("/");
        if rel != MARKER && !built.contains(&rel) {
            stale.push(rel);
        }
    }
    stale.sort_unstable();
    Ok(stale)
}

/// Updates `output` to the site whose paths are `built`: the files of `fresh` (new or changed,
/// in `temp`) are put in, the output's other files not in `built` (of `previous` only, when it is
/// given) are removed, the folders left empty go. On an error or an interruption everything done
/// is undone and the output is as it was. `temp` and `old` are removed either way.
pub(super) fn apply(
    output: &Path,
    temp: &Path,
    old: &Path,
    fresh: &[&String],
    built: &HashSet<String>,
    previous: Option<&[String]>,
) -> Result<(), WriteError> {
    let stale = stale_files(output, built, previous)?;
    if old.exists() {
        std::fs::remove_dir_all(old).map_err(io(old))?;
    }
    let lock = on_signal::commit_lock();
    let mut journal = Journal {
        output,
        old,
        old_made: false,
        steps: Vec::new(),
    };
    let interrupted = || {
        if on_signal::interrupted() {
            Err(WriteError::Interrupted)
        } else {
            Ok(())
        }
    };
    let done = stale
        .iter()
        .try_for_each(|p| interrupted().and_then(|()| journal.set_aside(p)))
        .and_then(|()| {
            fresh
                .iter()
                .try_for_each(|p| interrupted().and_then(|()| journal.put(temp, p)))
        });
    let mut old_kept = false;
    if done.is_err() {
        old_kept = !journal.undo();
    } else {
        // Folders the removed files leave empty go too (a folder with anything left stays).
        for p in &stale {
            remove_emptied(output, p);
        }
    }
    drop(lock);
    let _ = std::fs::remove_dir_all(temp);
    if journal.old_made && !old_kept {
        let _ = std::fs::remove_dir_all(old);
    }
    done
}
