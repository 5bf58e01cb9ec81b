//! The build, start to finish, in pipeline order: load config → read, parse and audit every
//! document → assemble the site → render → write. Nothing touches the output folder until every
//! page has rendered; a document that fails is reported and left out, never fatal.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::config::{Config, Identity};
use crate::model::Budget;
use crate::pipeline::{self, DocumentError};
use crate::render::{self, MarkdownPage, RenderError, Renderer};
use crate::search;
use crate::write::{self, OutputFile, WriteError};
use crate::{export, site};

#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    #[error("cannot read {path}: {source}")]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error(transparent)]
    Render(#[from] RenderError),
    #[error(transparent)]
    Write(#[from] WriteError),
}

/// What a build did.
#[derive(Debug)]
pub struct BuildReport {
    pub departments: usize,
    /// Documents that could not be read or parsed; the site was built without them.
    pub document_errors: Vec<DocumentError>,
    pub files: usize,
}

/// Builds the site of the project folder `root` (holding `content/`, and optionally
/// `templates/` and `static/`) into `output`.
pub fn build(root: &Path, config: &Config, output: &Path) -> Result<BuildReport, BuildError> {
    write::check_replaceable(output)?;
    let renderer = Renderer::new(&root.join("templates"))?;

    let (budgets, sources, document_errors) =
        load_documents(&root.join("content").join("budgets"))?;
    let pages = load_pages(&root.join("content").join("pages"))?;

    let mut site = site::assemble(
        config,
        &budgets,
        pages.iter().map(MarkdownPage::link).collect(),
    );
    let search = search::search_files(&budgets);
    site.info.search_meta = Some(search.meta.clone());
    let mut files = render::render_site(&renderer, &site, &sources, &pages, &root.join("static"))?;
    files.extend(
        search
            .files
            .into_iter()
            .map(|(path, contents)| OutputFile::new(path, contents)),
    );
    files.extend(open_data(config, &budgets));

    write::write_site(output, &files)?;
    Ok(BuildReport {
        departments: budgets.len(),
        document_errors,
        files: files.len(),
    })
}

/// A budget with its original lines, or why the document could not be used.
type LoadedDocument = Result<(Budget, Vec<String>), DocumentError>;

/// Renders one open-data table for a set of departments.
type CsvTable = fn(&[export::Named]) -> String;

type Loaded = (
    Vec<Budget>,
    BTreeMap<String, Vec<String>>,
    Vec<DocumentError>,
);

/// Every budget document of the folder, with its original lines for the source page. Two files
/// with the same slug (same name in different subfolders) would share pages: the second is
/// refused.
fn load_documents(dir: &Path) -> Result<Loaded, BuildError> {
    let paths = pipeline::document_paths(dir).map_err(|source| BuildError::Io {
        path: dir.display().to_string(),
        source,
    })?;
    let results: Vec<(PathBuf, LoadedDocument)> = paths
        .into_par_iter()
        .map(|path| {
            let loaded = pipeline::load_file_with_lines(&path);
            (path, loaded)
        })
        .collect();
    let mut budgets = Vec::new();
    let mut sources = BTreeMap::new();
    let mut errors = Vec::new();
    for (path, result) in results {
        match result {
            Ok((budget, lines)) => {
                if sources.contains_key(&budget.slug) {
                    errors.push(DocumentError {
                        file: path.display().to_string(),
                        line: None,
                        message: format!(
                            "another document already has the slug {:?}; skipped",
                            budget.slug
                        ),
                    });
                    continue;
                }
                sources.insert(budget.slug.clone(), lines);
                budgets.push(budget);
            }
            Err(e) => errors.push(e),
        }
    }
    Ok((budgets, sources, errors))
}

/// The Markdown pages of `content/pages/`, sorted by name; a missing folder means none.
fn load_pages(dir: &Path) -> Result<Vec<MarkdownPage>, BuildError> {
    if !dir.is_dir() {
        return Ok(Vec::new());
    }
    let io = |path: &Path| {
        let path = path.display().to_string();
        move |source| BuildError::Io { path, source }
    };
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(io(dir))?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.is_file() && p.extension().is_some_and(|x| x == "md"))
        .collect();
    paths.sort();
    paths
        .iter()
        .map(|p| {
            let text = std::fs::read_to_string(p).map_err(io(p))?;
            Ok(render::markdown(&pipeline::slug_of(p), &text))
        })
        .collect()
}

/// `data/budgets.json`, `data/<slug>.json`, the CSV tables across all departments and per
/// department.
fn open_data(config: &Config, budgets: &[Budget]) -> Vec<OutputFile> {
    let identities: Vec<Identity> = budgets
        .iter()
        .map(|b| config.identity(&b.slug, b.name.as_ref().map(|t| t.text.as_str())))
        .collect();
    let named: Vec<export::Named> = budgets.iter().zip(&identities).collect();
    let mut files = Vec::new();
    let mut all = Vec::new();
    let pretty = |v: &serde_json::Value| {
        let mut text = serde_json::to_string_pretty(v).unwrap_or_default();
        text.push('\n');
        text
    };
    for (b, who) in &named {
        let value = export::budget_json(
            b,
            who,
            site::completeness(b).unwrap_or(serde_json::Value::Null),
        );
        files.push(OutputFile::new(
            format!("data/{}.json", b.slug),
            pretty(&value),
        ));
        all.push(value);
    }
    files.push(OutputFile::new(
        "data/budgets.json",
        pretty(&serde_json::Value::Array(all)),
    ));
    let tables: [(&str, CsvTable); 4] = [
        ("functions", export::functions_csv),
        ("economic", export::economic_csv),
        ("projects", export::projects_csv),
        ("sanggong", export::sanggong_csv),
    ];
    for (name, table) in tables {
        files.push(OutputFile::new(format!("data/{name}.csv"), table(&named)));
        for one in &named {
            files.push(OutputFile::new(
                format!("data/{}/{name}.csv", one.0.slug),
                table(std::slice::from_ref(one)),
            ));
        }
    }
    files
}
