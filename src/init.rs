//! `gongkai init [DIR]`: a new portal's folder that builds at once — a commented `site.toml`, an
//! empty departments table, `content/budgets/` with a short README, the about and methodology
//! pages, the GitHub Pages workflow and a `.gitignore`. A file that is already there is kept as
//! it is, never overwritten.

use std::path::{Path, PathBuf};

/// The files of a new portal, by path relative to its folder.
pub const SKELETON: [(&str, &str); 7] = [
    ("site.toml", include_str!("init/site.toml")),
    (
        "content/departments.csv",
        include_str!("init/content/departments.csv"),
    ),
    (
        "content/budgets/README.md",
        include_str!("init/content/budgets/README.md"),
    ),
    (
        "content/pages/about.md",
        include_str!("init/content/pages/about.md"),
    ),
    (
        "content/pages/methodology.md",
        include_str!("init/content/pages/methodology.md"),
    ),
    (
        ".github/workflows/pages.yml",
        include_str!("init/workflows/pages.yml"),
    ),
    (".gitignore", include_str!("init/gitignore")),
];

/// What `init` did with each file of the skeleton.
#[derive(Debug, Default)]
pub struct Created {
    pub written: Vec<PathBuf>,
    /// Files that were already there and were left alone.
    pub kept: Vec<PathBuf>,
}

/// Writes the skeleton into `dir` (created when missing), keeping every file already there.
pub fn init(dir: &Path) -> std::io::Result<Created> {
    let mut created = Created::default();
    for (relative, text) in SKELETON {
        let path = dir.join(relative);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| at(parent, e))?;
        }
        match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
        {
            Ok(mut file) => {
                use std::io::Write;
                file.write_all(text.as_bytes()).map_err(|e| at(&path, e))?;
                created.written.push(path);
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => created.kept.push(path),
            Err(e) => return Err(at(&path, e)),
        }
    }
    Ok(created)
}

fn at(path: &Path, e: std::io::Error) -> std::io::Error {
    std::io::Error::new(e.kind(), format!("{}: {e}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;

    #[test]
    fn the_skeleton_builds_and_keeps_what_was_there() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("portal");
        std::fs::create_dir_all(&root).unwrap();
        std::fs::write(root.join(".gitignore"), "mine\n").unwrap();
        let created = init(&root).unwrap();
        assert_eq!(created.kept, vec![root.join(".gitignore")]);
        assert_eq!(created.written.len(), SKELETON.len() - 1);
        assert_eq!(
            std::fs::read_to_string(root.join(".gitignore")).unwrap(),
            "mine\n"
        );

        let config = Config::load(&root.join("site.toml")).unwrap();
        let out = root.join(&config.output);
        let report =
            crate::build::build(&root, &config, &out, &indicatif::ProgressBar::hidden()).unwrap();
        assert_eq!(report.departments, 0);
        assert!(report.document_errors.is_empty());
        let home = std::fs::read_to_string(out.join("index.html")).unwrap();
        assert!(
            home.contains("content/budgets/"),
            "the home page says what to add"
        );
        assert!(out.join("pages/methodology/index.html").is_file());

        // A second init changes nothing.
        let again = init(&root).unwrap();
        assert!(again.written.is_empty());
    }
}
