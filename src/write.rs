//! The one write function: maps output paths, minifies HTML, and writes the whole site into a
//! temporary folder beside the output, which replaces the output only when every file is written.
//! An existing output folder is only ever deleted when it carries our marker file.

use std::collections::BTreeSet;
use std::path::{Component, Path, PathBuf};

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
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> WriteError + '_ {
    move |source| WriteError::Io {
        path: path.display().to_string(),
        source,
    }
}

/// Minifies HTML; every other kind of file passes through untouched (minify-html would turn a
/// standalone SVG into invalid XML).
pub fn minify(path: &str, contents: &[u8]) -> Vec<u8> {
    if !path.ends_with(".html") {
        return contents.to_vec();
    }
    let cfg = minify_html::Cfg {
        minify_css: true,
        minify_js: true,
        keep_html_and_head_opening_tags: true,
        keep_closing_tags: true,
        ..minify_html::Cfg::default()
    };
    minify_html::minify(contents, &cfg)
}

/// Where a relative output path lands inside `root`; refuses anything that could escape it.
fn map_path(root: &Path, path: &str) -> Result<PathBuf, WriteError> {
    let relative = Path::new(path);
    let safe = !path.is_empty()
        && relative
            .components()
            .all(|c| matches!(c, Component::Normal(_)));
    if !safe {
        return Err(WriteError::BadPath {
            path: path.to_string(),
        });
    }
    Ok(root.join(relative))
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
    check_replaceable(output)?;
    let mut seen = BTreeSet::new();
    for f in files {
        if !seen.insert(f.path.as_str()) || f.path == MARKER {
            return Err(WriteError::Duplicate {
                path: f.path.clone(),
            });
        }
    }
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
    let pid = std::process::id();
    let temp = parent.join(format!(".{name}.tmp-{pid}"));
    if temp.exists() {
        std::fs::remove_dir_all(&temp).map_err(io(&temp))?;
    }
    if let Err(e) = write_all(&temp, files) {
        let _ = std::fs::remove_dir_all(&temp);
        return Err(e);
    }
    swap_in(&temp, output, &parent.join(format!(".{name}.old-{pid}")))
}

fn write_all(root: &Path, files: &[OutputFile]) -> Result<(), WriteError> {
    std::fs::create_dir_all(root).map_err(io(root))?;
    for f in files {
        let target = map_path(root, &f.path)?;
        if let Some(dir) = target.parent() {
            std::fs::create_dir_all(dir).map_err(io(dir))?;
        }
        std::fs::write(&target, minify(&f.path, &f.contents)).map_err(io(&target))?;
    }
    let marker = root.join(MARKER);
    std::fs::write(
        &marker,
        "This folder is generated by gongkai and replaced on every build.\n",
    )
    .map_err(io(&marker))
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
