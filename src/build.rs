//! The build, start to finish, in pipeline order: load config → each department, in parallel,
//! read once and, unless the cache has it as its inputs are now, parsed, audited, rendered and
//! written, keeping only a summary and its payload (open-data rows, search documents) in the
//! cache → the site-wide pages, search index and joined open data, each made again only when what
//! it is made from changed → the output updated. Memory holds one document per thread plus the
//! summaries, never the whole site. Everything is written into a temporary folder first; a
//! document that fails is reported and left out, never fatal. What the cache keeps and how it is
//! checked: [`cache`].

mod cache;
mod scratch;
mod stages;
mod timing;

use scratch::Scratch;
use stages::{Stages, save_cache};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};
pub use timing::peak_memory_mb;
use timing::{Clock, Steps};

use indicatif::ProgressBar;
use rayon::prelude::*;

use crate::audit;
use crate::config::{Config, Identity};
use crate::department::{self, DocumentError, Input};
use crate::export;
use crate::render::{self, MarkdownPage, RenderError, Renderer};
use crate::search::{self, PreparedDocs};
use crate::site::{self, SiteInfo, Summary, urls};
use crate::strings::Lang;
use crate::write::{OutputFile, Staging, WriteError};
use crate::years;
use cache::{Cache, Digest, Entry, Hasher, Part, Record, StageName, Stamps};

#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    #[error("cannot read {path}: {source}")]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error(transparent)]
    Config(#[from] crate::config::ConfigError),
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
    /// What the site was built despite: a departments table row without its document, no
    /// `content/budgets/` folder, a cache that could not be written.
    pub warnings: Vec<String>,
    pub files: usize,
    pub bytes: u64,
    /// Wall time of each stage, in order, and the peak resident memory at its end (MB, where
    /// the system tells it).
    pub stages: Vec<(&'static str, Duration, Option<u64>)>,
    /// Time spent on each step of the per-department stage, summed over all threads.
    pub department_steps: Vec<(&'static str, Duration)>,
    /// Departments taken from the cache as the previous build left them (neither read as a
    /// budget nor written), and site-wide stages whose files were kept.
    pub cached: usize,
    /// Of those, the ones whose files were not even read: their length and modification time
    /// were those the cache had (see [`cache::Stamp`]).
    pub unread: usize,
    pub stages_kept: Vec<&'static str>,
}

/// The departments table, in `content/` (see [`crate::config::table`]).
pub const DEPARTMENTS_TABLE: &str = "departments.csv";

/// Departments read in parallel at a time (their documents wait in memory meanwhile).
const BATCH: usize = 64;

/// Entries in the scratch file per department: its entry of the index `data/budgets.json`, then
/// the rows of each CSV.
const SCRATCH_ENTRIES: usize = 1 + CSV_TABLES.len();

/// A department's open-data entries: its entry of `data/budgets.json`, then its rows of each CSV
/// table (no header).
type Entries = [String; SCRATCH_ENTRIES];

/// Renders one open-data table for a set of departments.
type CsvTable = fn(&[export::Named], Lang) -> String;

/// The open-data tables, each written per department and joined for all.
const CSV_TABLES: [(&str, CsvTable); 4] = [
    ("functions", export::functions_csv),
    ("economic", export::economic_csv),
    ("projects", export::projects_csv),
    ("sanggong", export::sanggong_csv),
];

/// What every stage of one build shares.
struct Shared<'a> {
    renderer: &'a Renderer,
    info: &'a SiteInfo,
    config: &'a Config,
    staging: &'a Staging,
    steps: &'a Steps,
    cache: &'a Cache,
    /// The folder of cached PDF texts.
    pdf_cache: Option<&'a Path>,
    output: &'a Path,
}

/// One department of the site, in site order: its cache entry (for one built now, its files'
/// records are filled in once the output is in place) and, while the site-wide pages need it,
/// its summary.
struct Done<'a> {
    input: &'a Input,
    entry: Entry,
    /// Boxed: a summary is 8.5 KB, and a rebuild at 10,000 moves 10,000 of these about.
    summary: Option<Box<Summary>>,
    /// Whether this build wrote its files (else the output's are kept as they are).
    fresh: bool,
    /// Taken from the cache by its files' stamps, without reading them.
    unread: bool,
}

impl Done<'_> {
    /// The path of its year's pages (`weihui/2024`).
    fn slug(&self) -> String {
        urls::year_slug(&self.entry.department, self.entry.year)
    }
}

/// Builds the site of the project folder `root` (holding `content/`, and optionally
/// `templates/` and `static/`) into `output`. `progress` counts the departments done (the caller
/// decides whether it is drawn).
pub fn build(
    root: &Path,
    config: &Config,
    output: &Path,
    progress: &ProgressBar,
) -> Result<BuildReport, BuildError> {
    let mut clock = Clock::new();
    // Ctrl-C or a kill removes the temporary folder and files instead of leaving them.
    crate::write::on_signal::install();
    let config = &config
        .clone()
        .with_table(&root.join("content").join(DEPARTMENTS_TABLE))?;
    let staging = Staging::begin(output)?;
    // The last build's manifest, read meanwhile (at 10,000 departments a sixth of a rebuild).
    let reading = {
        let output = output.to_path_buf();
        std::thread::spawn(move || Cache::read(&output))
    };
    let templates = root.join("templates");
    let renderer = Renderer::new(&templates)?;
    let (pages, skipped_pages) = load_pages(&root.join("content").join("pages"), config.raw_html)?;
    let dir = root.join("content").join("budgets");
    let mut warnings = Vec::new();
    // A new portal has no documents yet: its home page says what to add.
    let (inputs, mut document_errors) = if dir.exists() {
        department::scan_inputs(&dir).map_err(|source| BuildError::Io {
            path: dir.display().to_string(),
            source,
        })?
    } else {
        warnings.push(format!(
            "{}: no such folder; put the departments' budget documents there (or start with `gongkai init`)",
            dir.display()
        ));
        (Vec::new(), Vec::new())
    };
    let (inputs, same_slug) = department::one_per_slug(inputs);
    document_errors.extend(same_slug);
    document_errors.extend(skipped_pages);
    // Every page links the search index's metadata, whose name never changes (so a changed
    // document leaves the other pages as they were); its shards are named after their contents,
    // so no browser mixes two builds' shards.
    let info = site::site_info(
        config,
        pages.iter().map(MarkdownPage::link).collect(),
        Some(urls::SEARCH_META.to_string()),
    );
    let contexts = Contexts::new(config, &templates, &info, &pages)?;
    let read = reading
        .join()
        .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
    let cache = read
        .map(|r| r.open(contexts.department))
        .ok_or_else(|| BuildError::Io {
            path: output.display().to_string(),
            source: std::io::Error::other("no folder beside the output for the cache"),
        })?;
    clock.lap("templates and content list");

    progress.set_length(inputs.len() as u64);
    let steps = Steps::default();
    // The text of each PDF, by the hash of its bytes, beside the output (never inside it), so a
    // rebuild does not extract an unchanged PDF again.
    let pdf_cache = pdf_cache(output);
    let shared = Shared {
        renderer: &renderer,
        info: &info,
        config,
        staging: &staging,
        steps: &steps,
        cache: &cache,
        pdf_cache: pdf_cache.as_deref(),
        output,
    };
    let (mut done, errors) = departments(&shared, &inputs, progress)?;
    document_errors.extend(errors);
    document_errors.extend(unused_overrides(config, &inputs));
    progress.finish_and_clear();
    let cached = done.iter().filter(|d| !d.fresh).count();
    let unread = done.iter().filter(|d| d.unread).count();
    clock.lap("departments (parallel)");

    // A row of the departments table without its document (a set: at 10,000 rows, a search of
    // every input for each was a quarter of a rebuild).
    let found: std::collections::HashSet<String> = inputs
        .iter()
        .map(|i| i.slug.clone())
        .chain(
            document_errors
                .iter()
                .map(|e| department::slug_of(Path::new(&e.file))),
        )
        .collect();
    for (slug, at) in &config.listed {
        if !found.contains(slug) {
            warnings.push(format!("{at}: no document {slug}.* in {}", dir.display()));
        }
    }
    let document_count = done.len();
    let mut stages = Stages::new(&staging, &cache);

    // The lists, made from every summary: kept when no summary changed.
    let lists_key = stage_key(contexts.site, &done, Part::Summary);
    if stages.kept(StageName::Lists, lists_key) {
        // Each year's page shows the same cross-year section as before.
        for d in done.iter_mut().filter(|d| d.fresh) {
            d.entry.section = cache
                .previous_entry(&entry_name(d.input))
                .and_then(|e| e.section.clone());
            insert_cross_year(&staging, d)?;
        }
        clock.lap("lists (unchanged)");
    } else {
        stages.start();
        lists(&shared, &mut done, &pages, &mut clock)?;
        stages.finish(StageName::Lists, lists_key, &done);
    }
    for d in &mut done {
        d.summary = None;
    }

    // The search index, made from every department's documents (its shards named after their
    // contents), and kept when they did not change.
    let search_key = stage_key(contexts.data, &done, Part::Docs);
    if stages.kept(StageName::Search, search_key) {
        clock.lap("search index (unchanged)");
    } else {
        stages.start();
        search_index(&shared, &mut done)?;
        stages.finish(StageName::Search, search_key, &done);
        clock.lap("search index");
    }

    // `data/budgets.json` and the CSV tables of every department.
    let open_data_key = stage_key(contexts.data, &done, Part::Entries);
    if stages.kept(StageName::OpenData, open_data_key) {
        clock.lap("open data (unchanged)");
    } else {
        stages.start();
        let scratch = open_data_scratch(&shared, &mut done, output)?;
        joined_open_data(&staging, &scratch, done.len(), config.lang())?;
        stages.finish(StageName::OpenData, open_data_key, &done);
        clock.lap("open data (joined)");
    }

    for file in render::assets(&root.join("static"))? {
        staging.write(&file)?;
    }
    // What the cache has as the output has it: the departments not built again, the stages
    // not run.
    let unchanged = done.iter().filter(|d| !d.fresh);
    staging.keep_all_existing(
        unchanged
            .flat_map(|d| &d.entry.files)
            .map(|r| (r.path.as_str(), r.len)),
    )?;
    stages.keep_files()?;
    let mut all_files = staging.paths();
    if let Some(base) = &info.base_url {
        let sitemap = render::sitemap(base, all_files.iter().map(String::as_str));
        staging.write(&sitemap)?;
        all_files.push(sitemap.path);
    }
    let (files, bytes) = staging.totals();
    clock.lap("assets and sitemap");
    let stages_kept = stages.kept_names();
    let stage_files = stages.into_files();
    // The files the last build put in the output, from its manifest: those no longer built are
    // taken out without walking the whole output (without a manifest, it is walked).
    let previous_files = cache.previous_files();
    cache.set_aside();
    if let Err(e) = staging.commit(previous_files.as_deref()) {
        cache.put_back();
        return Err(e.into());
    }
    clock.lap("replace output");

    if let Err(e) = save_cache(&cache, output, done, stage_files, all_files) {
        warnings.push(format!(
            "the build cache could not be written ({e}); the next build makes everything again"
        ));
    }
    clock.lap("cache");

    Ok(BuildReport {
        departments: document_count,
        document_errors,
        warnings,
        files: files + 1,
        bytes,
        stages: clock.stages,
        department_steps: steps.report(),
        cached,
        unread,
        stages_kept,
    })
}

/// What the output's files are made from besides each department's own document, hashed: for
/// a department's files, this program, the settings other than the departments table (a
/// department sees its row through its identity, hashed with its entry), the templates and
/// what every page shows of the site; for the site-wide files, also the whole configuration and
/// the Markdown pages. The static files are copied on every build and shape no page.
struct Contexts {
    department: Digest,
    /// Also the whole configuration: for the search index and the open data.
    data: Digest,
    /// Also the Markdown pages: for the lists.
    site: Digest,
}

impl Contexts {
    fn new(
        config: &Config,
        templates: &Path,
        info: &SiteInfo,
        pages: &[MarkdownPage],
    ) -> Result<Contexts, BuildError> {
        let templates = cache::folder_digest(templates).map_err(|source| BuildError::Io {
            path: templates.display().to_string(),
            source,
        })?;
        let mut general = config.clone();
        general.departments.clear();
        general.listed.clear();
        // Without the program's own id, a new one each time: the cache then only carries the
        // build's payloads and never gives anything to the next build.
        let program = cache::program_id().unwrap_or_else(|| {
            cache::digest(&[
                format!("{:?}", Instant::now()).as_bytes(),
                &std::process::id().to_le_bytes(),
            ])
        });
        let department = cache::digest(&[
            program.as_bytes(),
            format!("{general:?}").as_bytes(),
            templates.as_bytes(),
            format!("{info:?}").as_bytes(),
        ]);
        let data = cache::digest(&[department.as_bytes(), format!("{config:?}").as_bytes()]);
        let site = cache::digest(&[data.as_bytes(), format!("{pages:?}").as_bytes()]);
        Ok(Contexts {
            department,
            data,
            site,
        })
    }
}

/// The key of a site-wide stage: its context and, in site order, the part of every department's
/// payload it is made from.
fn stage_key(context: Digest, done: &[Done], part: Part) -> Digest {
    let mut h = Hasher::new();
    h.part(context.as_bytes());
    for d in done {
        h.part(d.entry.parts[part as usize].as_bytes());
    }
    h.finish()
}

/// The name of an input in the cache: its name in the budgets folder (every input is a file or a
/// folder there), not its path, so a build from another working folder, or given the project's
/// folder another way, finds the same entries.
fn entry_name(input: &Input) -> String {
    input.path.file_name().map_or_else(
        || input.path.display().to_string(),
        |name| name.to_string_lossy().into_owned(),
    )
}

/// The hash of an input as read: its slug and each file's name and bytes.
fn input_digest(input: &Input, files: &department::ReadInput) -> Digest {
    let mut h = Hasher::new();
    h.part(input.slug.as_bytes());
    for (name, bytes) in files {
        h.part(name.as_bytes()).part(bytes);
    }
    h.finish()
}

/// The hash of the identity a department is given: of its JSON, which states every field (its
/// `Debug` text did too, but escaping a Chinese name for it was 4 % of a rebuild at 10,000).
fn identity_digest(who: &Identity) -> Digest {
    let json = serde_json::to_vec(who).unwrap_or_default();
    cache::digest(&[&json])
}

/// An input read and hashed: as the cache has it, or loaded (parsed and audited).
enum Looked {
    /// With whether its files were read.
    Cached(Entry, bool),
    Loaded(Box<department::Loaded>, Digest, Option<Stamps>),
}

/// Unless the cache has an input with the same bytes and identity (and the output its files),
/// reads it once, parses and audits it. Its files are not even read when their stamps say they
/// are the ones the cache has (see [`cache::Stamp`]).
fn look(shared: &Shared, input: &Input) -> Result<Looked, DocumentError> {
    let name = entry_name(input);
    let cached = |digest: Digest, read: bool| {
        let entry = shared.cache.entry(&name, digest)?;
        let who = shared
            .config
            .identity(&input.slug, entry.read_name.as_deref());
        (identity_digest(&who) == entry.identity).then(|| Looked::Cached(entry.clone(), read))
    };
    let stamps = cache::stamps(&input.parts);
    let unchanged = stamps
        .as_ref()
        .and_then(|now| shared.cache.unchanged_input(&name, now));
    if let Some(looked) = unchanged.and_then(|digest| cached(digest, false)) {
        return Ok(looked);
    }
    let files = shared.steps.time(0, || department::read_input(input))?;
    let digest = shared.steps.time(0, || input_digest(input, &files));
    // Read and found the same: its stamps, taken before the read, are the ones to trust next
    // time (a file changed just before the last build would otherwise be read on every build).
    if let Some(Looked::Cached(mut entry, read)) = cached(digest, true) {
        entry.stamps = stamps;
        return Ok(Looked::Cached(entry, read));
    }
    let loaded = shared
        .steps
        .time(1, || department::load_read(input, files, shared.pdf_cache))?;
    Ok(Looked::Loaded(Box::new(loaded), digest, stamps))
}

/// Every department, in batches: read and hashed in parallel, then each taken from the cache or
/// built, in site order; also the documents left out.
fn departments<'a>(
    shared: &Shared,
    inputs: &'a [Input],
    progress: &ProgressBar,
) -> Result<(Vec<Done<'a>>, Vec<DocumentError>), BuildError> {
    let mut done = Vec::with_capacity(inputs.len());
    let mut errors = Vec::new();
    let mut claims = years::Claims::default();
    for batch in inputs.chunks(BATCH) {
        let looked: Vec<_> = batch.par_iter().map(|input| look(shared, input)).collect();
        // Which department and year each is, in file order: a second document of one
        // department and year is left out, whichever thread read it first.
        let mut todo = Vec::with_capacity(batch.len());
        for (input, looked) in batch.iter().zip(looked) {
            let file = input.path.display().to_string();
            let keyed = looked.and_then(|looked| {
                let key = match &looked {
                    Looked::Cached(entry, _) => years::Key {
                        department: entry.department.clone(),
                        year: entry.year,
                    },
                    Looked::Loaded(loaded, ..) => {
                        let budget = &loaded.budget;
                        let who = shared
                            .config
                            .identity(&budget.slug, budget.name.as_ref().map(|t| t.text.as_str()));
                        years::key_of(budget, &who, &file)?
                    }
                };
                claims.claim(&key, &file)?;
                Ok((looked, key))
            });
            match keyed {
                Ok(keyed) => todo.push((input, keyed)),
                Err(e) => {
                    progress.inc(1);
                    errors.push(e);
                }
            }
        }
        let results = todo
            .into_par_iter()
            .map(|(input, (looked, key))| {
                let one = match looked {
                    Looked::Cached(entry, read) => Ok(Done {
                        input,
                        entry,
                        summary: None,
                        fresh: false,
                        unread: !read,
                    }),
                    Looked::Loaded(loaded, digest, stamps) => {
                        built(shared, input, *loaded, (digest, stamps), key)
                    }
                };
                progress.inc(1);
                one
            })
            .collect::<Result<Vec<_>, BuildError>>()?;
        done.extend(results);
    }
    Ok((done, errors))
}

/// A department built from its loaded document: its files written, its payload cached.
fn built<'a>(
    shared: &Shared,
    input: &'a Input,
    loaded: department::Loaded,
    (digest, stamps): (Digest, Option<Stamps>),
    key: years::Key,
) -> Result<Done<'a>, BuildError> {
    let read_name = loaded.budget.name.as_ref().map(|t| t.text.clone());
    let who = shared
        .config
        .identity(&loaded.budget.slug, read_name.as_deref());
    let identity = identity_digest(&who);
    let (id, year) = (key.department.clone(), key.year);
    let (summary, entries, docs, paths) = department(shared, loaded, who, key)?;
    let (payload, parts) = shared
        .steps
        .time(6, || {
            let summary = Part::Summary.encode(&summary)?;
            let entries = Part::Entries.encode(&entries)?;
            let docs = Part::Docs.encode(&docs)?;
            shared.cache.put([&summary, &entries, &docs])
        })
        .map_err(|source| BuildError::Io {
            path: format!("the build cache beside {}", shared.output.display()),
            source,
        })?;
    Ok(Done {
        input,
        entry: Entry {
            input: digest,
            stamps,
            read_name,
            identity,
            department: id,
            year,
            files: paths
                .into_iter()
                .map(|path| Record {
                    path,
                    len: 0,
                    modified: 0,
                })
                .collect(),
            section: None,
            payload,
            parts,
        },
        summary: Some(Box::new(summary)),
        fresh: true,
        unread: false,
    })
}

impl Shared<'_> {
    /// A department the cache had, built again from its document: its payload is unreadable,
    /// or its page needs another cross-year section. Its page gets the section of its entry.
    fn rebuild(&self, d: &mut Done) -> Result<(), BuildError> {
        let unreadable = |message: String| BuildError::Io {
            path: d.input.path.display().to_string(),
            source: std::io::Error::other(message),
        };
        if d.fresh {
            return Err(unreadable(
                "its entry in the build cache was changed while the site was built".into(),
            ));
        }
        let stamps = cache::stamps(&d.input.parts);
        let files = department::read_input(d.input).map_err(|e| unreadable(e.to_string()))?;
        let digest = input_digest(d.input, &files);
        let loaded = department::load_read(d.input, files, self.pdf_cache)
            .map_err(|e| unreadable(e.to_string()))?;
        let key = years::Key {
            department: d.entry.department.clone(),
            year: d.entry.year,
        };
        let section = d.entry.section.take();
        *d = built(self, d.input, loaded, (digest, stamps), key)?;
        d.entry.section = section;
        insert_cross_year(self.staging, d)
    }

    /// A part of a department's payload as the cache has it; `None` when unreadable.
    fn part<T: serde::de::DeserializeOwned>(&self, d: &Done, part: Part) -> Option<T> {
        let bytes = self.cache.part(&d.entry, part)?;
        part.decode(&bytes)
    }
}

/// Puts a department's cross-year section, if it has one, into its page written by this build.
fn insert_cross_year(staging: &Staging, d: &Done) -> Result<(), BuildError> {
    if let Some(section) = &d.entry.section {
        staging.rewrite(&urls::department(&d.slug()), |page| {
            render::insert_section(&page, section.as_bytes())
        })?;
    }
    Ok(())
}

/// Timelines, the cross-year sections of the year pages, each year's lists and the site's own,
/// the Markdown pages: everything made from all the summaries. A department the cache had gets
/// its summary from there (or is built again when that cannot be read), and is built again when
/// its page needs another cross-year section than it has.
fn lists(
    shared: &Shared,
    done: &mut [Done],
    pages: &[MarkdownPage],
    clock: &mut Clock,
) -> Result<(), BuildError> {
    let (renderer, info, staging, config) =
        (shared.renderer, shared.info, shared.staging, shared.config);
    let read: Vec<Option<Box<Summary>>> = done
        .par_iter()
        .map(|d| match &d.summary {
            Some(_) => None,
            None => shared.part(d, Part::Summary).map(Box::new),
        })
        .collect();
    for (d, summary) in done.iter_mut().zip(read) {
        if d.summary.is_none() {
            match summary {
                Some(s) => d.summary = Some(s),
                None => {
                    // Its page is written again; the section comes below.
                    d.entry.section = None;
                    shared.rebuild(d)?;
                }
            }
        }
    }
    let mut summaries: Vec<Summary> = done
        .iter_mut()
        .filter_map(|d| d.summary.take().map(|s| *s))
        .collect();
    let timelines = across_years(renderer, info, staging, &summaries, config.lang())?;
    // A cross-year finding is shown on the pages of both years it compares, and listed (and
    // counted) with the year whose narrative it checks.
    let sections: HashMap<String, String> = site::cross_year_by_page(&timelines)
        .par_iter()
        .map(|(slug, findings)| {
            let section = render::render_cross_year(renderer, info, slug, findings)?;
            Ok((
                slug.to_string(),
                String::from_utf8_lossy(&section).into_owned(),
            ))
        })
        .collect::<Result<_, BuildError>>()?;
    let changed: Vec<bool> = done
        .par_iter_mut()
        .map(|d| {
            let section = sections.get(&d.slug()).cloned();
            let changed = !d.fresh && section != d.entry.section;
            d.entry.section = section;
            if d.fresh {
                insert_cross_year(staging, d)?;
            }
            Ok(changed)
        })
        .collect::<Result<_, BuildError>>()?;
    for (d, changed) in done.iter_mut().zip(changed) {
        if changed {
            shared.rebuild(d)?;
        }
    }
    site::add_cross_year(&mut summaries, &timelines);
    drop(timelines);
    // The site's own lists show each department's latest year, linking the others.
    let latest = site::latest_years(&mut summaries);
    clock.lap("timelines");
    // With more than one year, the lists of each year under `years/<year>/` (its overview for
    // a home page), and a year switch on every list linking the same list in the other years.
    let years = site::SiteYears::new(&summaries, &latest);
    let mut info = info.clone();
    info.years = years.overviews();
    let emit = |file| Ok::<(), BuildError>(staging.write(&file)?);
    for y in site::year_overviews(&summaries) {
        staging.write(&render::render_year(renderer, &info, &y, &years)?)?;
        let of_year: Vec<&Summary> = summaries
            .iter()
            .filter(|s| s.chart.year == Some(y.year))
            .collect();
        let wide = site::site_wide(&of_year, config.page_size, config.lang(), Some(y.year));
        render::render_lists(renderer, &info, &of_year, &wide, &years, &emit)?;
    }
    if !years.is_empty() {
        clock.lap("pages of each year");
    }
    let summaries: Vec<Summary> = summaries
        .into_iter()
        .zip(latest)
        .filter_map(|(s, latest)| latest.then_some(s))
        .collect();
    let listed: Vec<&Summary> = summaries.iter().collect();
    let wide = site::site_wide(&listed, config.page_size, config.lang(), None);
    render::render_lists(renderer, &info, &listed, &wide, &years, &emit)?;
    render::render_site_pages(renderer, &info, pages, &emit)?;
    clock.lap("site-wide pages");
    Ok(())
}

/// The search index of every department's documents, in site order, read back from the cache a
/// batch at a time: the next batch is read (its postings worked out) while this one is added.
fn search_index(shared: &Shared, done: &mut [Done]) -> Result<(), BuildError> {
    let staging = shared.staging;
    let mut index = search::IndexWriter::new();
    let read = |batch: &[Done]| -> Vec<Option<PreparedDocs>> {
        batch
            .par_iter()
            .map(|d| shared.part(d, Part::Docs))
            .collect()
    };
    let mut batches = done.chunks_mut(BATCH);
    let mut current = batches.next().map(|b| {
        let docs = read(b);
        (b, docs)
    });
    while let Some((batch, docs)) = current.take() {
        let next = batches.next();
        let (next, added) = rayon::join(
            || {
                next.map(|b| {
                    let docs = read(b);
                    (b, docs)
                })
            },
            || -> Result<(), BuildError> {
                for (d, docs) in batch.iter_mut().zip(docs) {
                    let docs = match docs {
                        Some(docs) => docs,
                        None => {
                            shared.rebuild(d)?;
                            shared
                                .part(d, Part::Docs)
                                .ok_or_else(|| unreadable_cache(d))?
                        }
                    };
                    for (path, contents) in index.add(docs) {
                        staging.write(&OutputFile::new(path, contents))?;
                    }
                }
                Ok(())
            },
        );
        added?;
        current = next;
    }
    index.finish_into(|path, contents| staging.write(&OutputFile::new(path, contents)))?;
    Ok(())
}

fn unreadable_cache(d: &Done) -> BuildError {
    BuildError::Io {
        path: d.input.path.display().to_string(),
        source: std::io::Error::other("its entry in the build cache cannot be read back"),
    }
}

/// Every department's open-data entries, read back from the cache into the scratch file in
/// site order.
fn open_data_scratch(
    shared: &Shared,
    done: &mut [Done],
    output: &Path,
) -> Result<Scratch, BuildError> {
    let mut scratch = Scratch::new(output)?;
    for batch in done.chunks_mut(BATCH) {
        let read: Vec<Option<Entries>> = batch
            .par_iter()
            .map(|d| shared.part(d, Part::Entries))
            .collect();
        for (d, entries) in batch.iter_mut().zip(read) {
            let entries = match entries {
                Some(entries) => entries,
                None => {
                    shared.rebuild(d)?;
                    shared
                        .part::<Entries>(d, Part::Entries)
                        .ok_or_else(|| unreadable_cache(d))?
                }
            };
            for rows in &entries {
                scratch.put(rows.as_bytes())?;
            }
        }
    }
    Ok(scratch)
}

/// One department from file to written pages: its page, source page and text, charts, open data;
/// returns its summary, open-data entries, search documents and the paths of its files. A page
/// that cannot be rendered or written stops the build.
fn department(
    shared: &Shared,
    loaded: department::Loaded,
    who: Identity,
    key: years::Key,
) -> Result<(Summary, Entries, PreparedDocs, Vec<String>), BuildError> {
    let Shared {
        renderer,
        info,
        config,
        staging,
        steps,
        ..
    } = *shared;
    // A PDF is published beside its extracted text, and the source page links to its pages.
    let department::Loaded {
        mut budget,
        lines,
        pdfs,
    } = loaded;
    // From here on the document is its department's year: every path is made from that.
    budget.slug = key.slug();
    let slug = budget.slug.clone();

    // Open data first: it gives the name's source as read.
    let data = steps.time(2, || {
        let value = export::budget_json(
            &budget,
            &who,
            Some(&key.department),
            &audit::completeness(&budget),
        );
        let named = [(&budget, &who)];
        let mut entries: Entries = Default::default();
        entries[0] = serde_json::to_string(&export::index_entry(&value, &slug)).unwrap_or_default();
        for (k, (_, table)) in CSV_TABLES.iter().enumerate() {
            entries[1 + k] = without_header(table(&named, config.lang()));
        }
        (
            OutputFile::new(urls::department_json(&slug), compact(&value)),
            entries,
        )
    });
    let (data, entries) = data;

    let (view, docs) = steps.time(3, || {
        site::name_as_site(&mut budget, &who);
        let view = site::department(&budget, &who, config.lang());
        let docs = PreparedDocs::new(search::documents(std::slice::from_ref(&budget)));
        (view, docs)
    });
    let pages = steps.time(4, || {
        render::render_department(renderer, info, &view, &lines, &budget.origin)
    })?;
    let mut paths = Vec::with_capacity(1 + pdfs.len() + pages.len());
    for (file, bytes) in pdfs {
        let file = OutputFile::new(urls::department_file(&slug, &file), bytes);
        staging.write(&file)?;
        paths.push(file.path);
    }
    drop(lines);
    steps.time(5, || {
        std::iter::once(&data)
            .chain(&pages)
            .try_for_each(|file| staging.write(file))
    })?;
    paths.extend(std::iter::once(data.path).chain(pages.into_iter().map(|f| f.path)));
    let mut summary = Summary::new(&budget, &view);
    summary.department = key.department;
    summary.prior = audit::cross_year::prior_statements(&budget);
    Ok((summary, entries, docs, paths))
}

/// Each department's timeline page and trend chart, `data/departments.json` (with the
/// cross-year findings) and `data/series.csv`, from the summaries of every year; returns the
/// timelines.
fn across_years(
    renderer: &Renderer,
    info: &SiteInfo,
    staging: &Staging,
    summaries: &[Summary],
    lang: Lang,
) -> Result<Vec<site::TimelineView>, BuildError> {
    let timelines = site::timelines(summaries, lang);
    timelines.par_iter().try_for_each(|t| {
        render::render_timeline(renderer, info, t)?
            .iter()
            .try_for_each(|file| staging.write(file))?;
        Ok::<(), BuildError>(())
    })?;
    let listed: Vec<export::DepartmentYears> = timelines
        .iter()
        .map(|t| export::DepartmentYears {
            department: &t.department,
            name: &t.name,
            years: t
                .years
                .iter()
                .zip(&t.slugs)
                .map(|(y, slug)| (y.year, slug.as_str()))
                .collect(),
            findings: &t.cross_year,
        })
        .collect();
    staging.write(&OutputFile::new(
        urls::DEPARTMENTS_JSON,
        compact(&export::departments_json(&listed)),
    ))?;
    let rows: Vec<(&str, u16, &crate::model::Budget)> = site::departments(summaries)
        .into_iter()
        .flat_map(|(_, years)| years)
        .filter_map(|i| {
            let s = &summaries[i];
            Some((s.department.as_str(), s.chart.year?, &s.chart))
        })
        .collect();
    staging.write(&OutputFile::new(
        urls::SERIES_CSV,
        export::series_csv(&rows, lang),
    ))?;
    Ok(timelines)
}

/// The folder of cached PDF texts for a site written to `output`: `.gongkai-cache/pdf` beside it.
fn pdf_cache(output: &Path) -> Option<PathBuf> {
    let parent = output.parent()?;
    let parent = if parent.as_os_str().is_empty() {
        Path::new(".")
    } else {
        parent
    };
    Some(parent.join(department::CACHE_FOLDER).join("pdf"))
}

fn io_at(path: &Path) -> impl Fn(std::io::Error) -> BuildError + '_ {
    move |source| BuildError::Io {
        path: path.display().to_string(),
        source,
    }
}

fn poisoned() -> BuildError {
    BuildError::Io {
        path: String::new(),
        source: std::io::Error::other("a thread panicked while writing"),
    }
}

/// A data file's JSON: compact (no indentation, which made up about 45 % of the pretty-printed
/// text), one line ending in a newline.
fn compact(value: &serde_json::Value) -> String {
    let mut text = serde_json::to_string(value).unwrap_or_default();
    text.push('\n');
    text
}

/// `data/budgets.json` (the index of every department's year, linking its own file) and the CSV
/// tables across all departments, joined in site order from the entries kept in the scratch file
/// (so no department's data waits in memory).
fn joined_open_data(
    staging: &Staging,
    scratch: &Scratch,
    count: usize,
    lang: Lang,
) -> Result<(), BuildError> {
    staging.stream(urls::BUDGETS_JSON, |out| {
        // The array of the departments' entries, one a line.
        out.write_all(b"[")?;
        for i in 0..count {
            let one = scratch
                .get(i * SCRATCH_ENTRIES)
                .map_err(|e| std::io::Error::other(e.to_string()))?;
            out.write_all(if i == 0 { b"\n" } else { b",\n" })?;
            out.write_all(one.as_bytes())?;
        }
        out.write_all(if count == 0 { b"]\n" } else { b"\n]\n" })?;
        Ok(())
    })?;
    for (k, (name, table)) in CSV_TABLES.iter().enumerate() {
        staging.stream(&urls::csv(name), |out| {
            // The header (with the byte-order mark) alone, then each department's rows.
            out.write_all(table(&[], lang).as_bytes())?;
            for i in 0..count {
                let rows = scratch
                    .get(i * SCRATCH_ENTRIES + 1 + k)
                    .map_err(|e| std::io::Error::other(e.to_string()))?;
                out.write_all(rows.as_bytes())?;
            }
            Ok(())
        })?;
    }
    Ok(())
}

/// A CSV table's rows without its header line (and byte-order mark).
fn without_header(csv: String) -> String {
    match csv.find("\r\n") {
        Some(end) => csv[end + 2..].to_string(),
        None => String::new(),
    }
}

/// The Markdown pages of `content/pages/`, sorted by name; a missing folder means none. A page
/// whose name gives no slug, or is hidden, or has another's slug is left out and reported.
fn load_pages(
    dir: &Path,
    raw_html: bool,
) -> Result<(Vec<MarkdownPage>, Vec<DocumentError>), BuildError> {
    if !dir.is_dir() {
        return Ok((Vec::new(), Vec::new()));
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
    let mut skipped = Vec::new();
    let mut pages = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for p in &paths {
        let slug = department::slug_of(p);
        let hidden = p
            .file_name()
            .is_some_and(|n| n.to_string_lossy().starts_with('.'));
        let why = if slug.is_empty() {
            Some(department::NO_SLUG)
        } else if hidden {
            Some("a hidden file, not published / 隐藏文件，未发布")
        } else if !seen.insert(slug.to_lowercase()) {
            Some("another page already has this name; skipped / 与另一页面地址相同，未发布")
        } else {
            None
        };
        if let Some(why) = why {
            skipped.push(DocumentError {
                file: p.display().to_string(),
                line: None,
                message: why.to_string(),
            });
            continue;
        }
        let text = std::fs::read_to_string(p).map_err(io(p))?;
        pages.push(render::markdown(&slug, &text, raw_html));
    }
    Ok((pages, skipped))
}

/// A `[departments.<slug>]` of `site.toml` that names no department built: reported, since the
/// override it gives is never used (a typo in the slug, or a renamed file).
fn unused_overrides(config: &Config, inputs: &[department::Input]) -> Vec<DocumentError> {
    let slugs: std::collections::HashSet<&str> = inputs.iter().map(|i| i.slug.as_str()).collect();
    // A row of the departments table without its document is reported with its line there.
    config
        .departments
        .keys()
        .filter(|k| !slugs.contains(k.as_str()) && !config.listed.contains_key(k.as_str()))
        .map(|k| DocumentError {
            file: "site.toml".into(),
            line: None,
            message: format!(
                "[departments.{k}] names no document (no file gives the slug {k:?}); the override is not used / 没有与之对应的文件，此设置未使用"
            ),
        })
        .collect()
}
