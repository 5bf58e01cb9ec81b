//! What the cache records of a build: the files of each site-wide stage (written by it, or kept
//! from the output), and the manifest written once the output is in place.

use rustc_hash::FxHashSet;
use std::path::Path;

use rayon::prelude::*;

use super::cache::{self, Cache, Digest, Folder, Record, StageName};
use super::{Done, entry_name};
use crate::write::{Staging, WriteError};

/// The site-wide stages' files: those written by the stages run (told by the paths written
/// meanwhile) and those kept from the output.
pub(super) struct Stages<'a> {
    staging: &'a Staging,
    cache: &'a Cache,
    before: FxHashSet<String>,
    written: Vec<(StageName, Digest, Vec<String>)>,
    kept: Vec<(StageName, Digest, Vec<Record>)>,
}

impl<'a> Stages<'a> {
    pub(super) fn new(staging: &'a Staging, cache: &'a Cache) -> Stages<'a> {
        Stages {
            staging,
            cache,
            before: FxHashSet::default(),
            written: Vec::new(),
            kept: Vec::new(),
        }
    }

    /// Whether the output has the stage's files as made from `key`: they are then kept.
    pub(super) fn kept(&mut self, name: StageName, key: Digest) -> bool {
        match self.cache.stage(name, key) {
            Some(files) => {
                self.kept.push((name, key, files.to_vec()));
                true
            }
            None => false,
        }
    }

    pub(super) fn start(&mut self) {
        self.before = self.staging.paths().into_iter().collect();
    }

    /// The stage's files: those written since [`Stages::start`], but for the departments'
    /// own (a department the cache had may be built again meanwhile).
    pub(super) fn finish(&mut self, name: StageName, key: Digest, done: &[Done]) {
        let theirs: FxHashSet<&str> = done
            .iter()
            .filter(|d| d.fresh)
            .flat_map(|d| d.entry.files.iter().map(|r| r.path.as_str()))
            .collect();
        let mut new: Vec<String> = self
            .staging
            .paths()
            .into_iter()
            .filter(|p| !self.before.contains(p) && !theirs.contains(p.as_str()))
            .collect();
        new.sort_unstable();
        self.written.push((name, key, new));
        self.before.clear();
    }

    pub(super) fn keep_files(&self) -> Result<(), WriteError> {
        let files = self.kept.iter().flat_map(|(_, _, files)| files);
        self.staging
            .keep_all_existing(files.map(|r| (r.path.as_str(), r.len)))
    }

    pub(super) fn kept_names(&self) -> Vec<&'static str> {
        self.kept
            .iter()
            .map(|(name, _, _)| match name {
                StageName::Lists => "lists",
                StageName::Search => "search index",
                StageName::OpenData => "open data",
            })
            .collect()
    }

    /// Each stage's key and files: recorded ones for those kept, paths for those written.
    pub(super) fn into_files(self) -> Vec<(StageName, Digest, StageFiles)> {
        let kept = self
            .kept
            .into_iter()
            .map(|(n, k, f)| (n, k, StageFiles::Kept(f)));
        let written = self
            .written
            .into_iter()
            .map(|(n, k, p)| (n, k, StageFiles::Written(p)));
        kept.chain(written).collect()
    }
}

/// A site-wide stage's files: as the manifest had them (kept), or the paths it wrote.
pub(super) enum StageFiles {
    Kept(Vec<Record>),
    Written(Vec<String>),
}

/// Writes the cache's manifest for the output now in place: each department's and stage's
/// files as they are there now.
pub(super) fn save_cache(
    cache: &Cache,
    output: &Path,
    done: Vec<Done>,
    stages: Vec<(StageName, Digest, StageFiles)>,
    all_files: Vec<String>,
) -> std::io::Result<()> {
    // The output now in place (the cache's handle may be of the folder it replaced).
    let folder = Folder::open(output);
    let records = |paths: Vec<String>| -> std::io::Result<Vec<Record>> {
        paths.par_iter().map(|p| Record::of(&folder, p)).collect()
    };
    let mut manifest = cache::Manifest {
        context: cache.context(),
        ..Default::default()
    };
    for d in done {
        let mut entry = d.entry;
        if d.fresh {
            let paths = entry.files.into_iter().map(|r| r.path).collect();
            entry.files = records(paths)?;
        }
        manifest.departments.insert(entry_name(d.input), entry);
    }
    for (name, key, files) in stages {
        let files = match files {
            StageFiles::Kept(kept) => kept,
            StageFiles::Written(paths) => records(paths)?,
        };
        manifest.stages.insert(name, cache::Stage { key, files });
    }
    // The departments' and the stages' files; the others are named in the manifest's own list.
    let recorded: FxHashSet<&str> = manifest.files().collect();
    let mut other_files: Vec<String> = all_files
        .into_iter()
        .filter(|p| !recorded.contains(p.as_str()))
        .collect();
    other_files.sort_unstable();
    manifest.other_files = other_files;
    cache.save(&manifest)
}
