//! The build, start to finish, in pipeline order: load config → name the build after its inputs →
//! each department, in parallel, read, parsed, audited, rendered and written, keeping only a
//! summary → the site-wide pages, search index and joined open data from the summaries → the
//! output folder swapped in. Memory holds one document per thread plus the summaries, never the
//! whole site. Everything is written into a temporary folder first; a document that fails is
//! reported and left out, never fatal.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use indicatif::ProgressBar;
use rayon::prelude::*;

use crate::audit;
use crate::config::Config;
use crate::department::{self, DocumentError};
use crate::export;
use crate::render::{self, MarkdownPage, RenderError, Renderer};
use crate::search::{self, PreparedDocs};
use crate::site::{self, SiteInfo, Summary, urls};
use crate::strings::Lang;
use crate::write::{OutputFile, Staging, WriteError};
use crate::years;

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
    /// `content/budgets/` folder.
    pub warnings: Vec<String>,
    pub files: usize,
    pub bytes: u64,
    /// Wall time of each stage, in order, and the peak resident memory at its end (MB, where
    /// the system tells it).
    pub stages: Vec<(&'static str, Duration, Option<u64>)>,
    /// Time spent on each step of the per-department stage, summed over all threads.
    pub department_steps: Vec<(&'static str, Duration)>,
}

/// The departments table, in `content/` (see [`crate::config::table`]).
pub const DEPARTMENTS_TABLE: &str = "departments.csv";

/// Departments read in parallel before their search documents join the index in site order.
const BATCH: usize = 64;

/// One department done — its summary (with its entries of the list pages), its scratch entries
/// (its entry of `data/budgets.json`, then its rows of each CSV table, no header) and its search
/// documents — or why its document was left out.
type Department = Result<(Summary, [String; SCRATCH_ENTRIES], PreparedDocs), DocumentError>;

/// Entries in the scratch file per department: its entry of the index `data/budgets.json`, then
/// the rows of each CSV.
const SCRATCH_ENTRIES: usize = 1 + CSV_TABLES.len();

/// Renders one open-data table for a set of departments.
type CsvTable = fn(&[export::Named], Lang) -> String;

/// The open-data tables, each written per department and joined for all.
const CSV_TABLES: [(&str, CsvTable); 4] = [
    ("functions", export::functions_csv),
    ("economic", export::economic_csv),
    ("projects", export::projects_csv),
    ("sanggong", export::sanggong_csv),
];

/// Wall-clock stages of one build.
struct Clock {
    last: Instant,
    stages: Vec<(&'static str, Duration, Option<u64>)>,
}

impl Clock {
    fn new() -> Clock {
        Clock {
            last: Instant::now(),
            stages: Vec::new(),
        }
    }

    fn lap(&mut self, stage: &'static str) {
        let now = Instant::now();
        self.stages.push((stage, now - self.last, peak_memory_mb()));
        self.last = now;
    }
}

/// The steps of the per-department stage, timed across threads.
#[derive(Default)]
struct Steps([AtomicU64; 5]);

const STEP_NAMES: [&str; 5] = [
    "read, parse, audit",
    "open data",
    "views and charts",
    "render",
    "minify and write",
];

impl Steps {
    /// Runs `f`, adding its time to step `i`.
    fn time<T>(&self, i: usize, f: impl FnOnce() -> T) -> T {
        let start = Instant::now();
        let out = f();
        self.0[i].fetch_add(start.elapsed().as_nanos() as u64, Ordering::Relaxed);
        out
    }

    fn report(&self) -> Vec<(&'static str, Duration)> {
        STEP_NAMES
            .iter()
            .zip(&self.0)
            .map(|(n, t)| (*n, Duration::from_nanos(t.load(Ordering::Relaxed))))
            .collect()
    }
}

/// Peak resident memory of this process so far, in MB (Linux; `None` elsewhere).
pub fn peak_memory_mb() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024)
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
    let renderer = Renderer::new(&root.join("templates"))?;
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
    clock.lap("templates and content list");

    // Every page links the search index's metadata, whose name never changes (so a changed
    // document leaves the other pages as they were); its shards are named after their contents,
    // so they can be written as the departments come and no browser mixes two builds' shards.
    let info = site::site_info(
        config,
        pages.iter().map(MarkdownPage::link).collect(),
        Some(urls::SEARCH_META.to_string()),
    );

    progress.set_length(inputs.len() as u64);
    let steps = Steps::default();
    let scratch = Scratch::new(output)?;
    // The text of each PDF, by the hash of its bytes, beside the output (never inside it), so a
    // rebuild does not extract an unchanged PDF again.
    let cache = pdf_cache(output);
    // In batches, so the search index takes the departments in site order while only a few
    // batches' documents wait in memory. A second thread takes each batch in order (search
    // index, list rows) while the next batch is read and rendered.
    let (sender, receiver) = std::sync::mpsc::sync_channel::<Vec<Department>>(2);
    let in_order = |mut scratch: Scratch| {
        let mut summaries = Vec::with_capacity(inputs.len());
        let mut index = search::IndexWriter::new();
        let mut errors = Vec::new();
        for batch in receiver {
            for result in batch {
                match result {
                    Ok((summary, entries, docs)) => {
                        for rows in &entries {
                            scratch.put(rows.as_bytes())?;
                        }
                        summaries.push(summary);
                        for (path, contents) in index.add(docs) {
                            staging.write(&OutputFile::new(path, contents))?;
                        }
                    }
                    Err(e) => errors.push(e),
                }
            }
        }
        Ok::<_, BuildError>((summaries, index, scratch, errors))
    };
    let (read, taken) = std::thread::scope(|scope| {
        let taker = scope.spawn(move || in_order(scratch));
        let mut claims = years::Claims::default();
        let read = inputs.chunks(BATCH).try_for_each(|batch| {
            let loaded: Vec<_> = batch
                .par_iter()
                .map(|input| steps.time(0, || department::load_input(input, cache.as_deref())))
                .collect();
            // Which department and year each is, in file order: a second document of one
            // department and year is left out, whichever thread read it first.
            let keyed: Vec<_> = batch
                .iter()
                .zip(loaded)
                .map(|(input, loaded)| {
                    let loaded = loaded?;
                    let budget = &loaded.budget;
                    let who = config
                        .identity(&budget.slug, budget.name.as_ref().map(|t| t.text.as_str()));
                    let file = input.path.display().to_string();
                    let key = years::key_of(budget, &who, &file)?;
                    claims.claim(&key, &file)?;
                    Ok((loaded, who, key))
                })
                .collect();
            let results = keyed
                .into_par_iter()
                .map(|keyed| {
                    let done = match keyed {
                        Ok((loaded, who, key)) => {
                            department(&renderer, &info, config, &staging, &steps, loaded, who, key)
                        }
                        Err(e) => Ok(Err(e)),
                    };
                    progress.inc(1);
                    done
                })
                .collect::<Result<Vec<_>, BuildError>>()?;
            // A closed channel means the other thread stopped on an error: stop too; its error
            // is the one reported.
            sender.send(results).map_err(|_| poisoned())
        });
        drop(sender);
        let taken = taker.join().unwrap_or_else(|_| Err(poisoned()));
        (read, taken)
    });
    let (summaries, index, scratch, errors) = taken?;
    read?;
    document_errors.extend(errors);
    document_errors.extend(unused_overrides(config, &inputs));
    progress.finish_and_clear();
    clock.lap("departments (parallel)");

    for (slug, at) in &config.listed {
        if !inputs.iter().any(|i| &i.slug == slug)
            && !document_errors
                .iter()
                .any(|e| department::slug_of(Path::new(&e.file)) == *slug)
        {
            warnings.push(format!("{at}: no document {slug}.* in {}", dir.display()));
        }
    }
    let slugs: Vec<String> = summaries.iter().map(|s| s.slug.clone()).collect();
    let mut summaries = summaries;
    let timelines = across_years(&renderer, &info, &staging, &summaries, config.lang())?;
    // A cross-year finding is shown on the pages of both years it compares, and listed (and
    // counted) with the year whose narrative it checks.
    cross_year_on_year_pages(&renderer, &info, &staging, &timelines)?;
    site::add_cross_year(&mut summaries, &timelines);
    drop(timelines);
    // The site's own lists show each department's latest year, linking the others.
    let latest = site::latest_years(&mut summaries);
    clock.lap("timelines");
    // With more than one year, the lists of each year under `years/<year>/` (its overview for
    // a home page), and a year switch on every list linking the same list in the other years.
    let years = site::SiteYears::new(&summaries, &latest);
    let mut info = info;
    info.years = years.overviews();
    let emit = |file| Ok::<(), BuildError>(staging.write(&file)?);
    for y in site::year_overviews(&summaries) {
        staging.write(&render::render_year(&renderer, &info, &y, &years)?)?;
        let of_year: Vec<&Summary> = summaries
            .iter()
            .filter(|s| s.chart.year == Some(y.year))
            .collect();
        let wide = site::site_wide(&of_year, config.page_size, config.lang(), Some(y.year));
        render::render_lists(&renderer, &info, &of_year, &wide, &years, &emit)?;
    }
    if !years.is_empty() {
        clock.lap("pages of each year");
    }
    let document_count = summaries.len();
    let summaries: Vec<Summary> = summaries
        .into_iter()
        .zip(latest)
        .filter_map(|(s, latest)| latest.then_some(s))
        .collect();
    let listed: Vec<&Summary> = summaries.iter().collect();
    let wide = site::site_wide(&listed, config.page_size, config.lang(), None);
    render::render_lists(&renderer, &info, &listed, &wide, &years, &emit)?;
    render::render_site_pages(&renderer, &info, &pages, &emit)?;
    drop(wide);
    clock.lap("site-wide pages");

    index.finish_into(|path, contents| staging.write(&OutputFile::new(path, contents)))?;
    clock.lap("search index");

    let slugs: Vec<&str> = slugs.iter().map(String::as_str).collect();
    joined_open_data(&staging, &scratch, &slugs, config.lang())?;
    drop(scratch);
    clock.lap("open data (joined)");

    for file in render::assets(&root.join("static"))? {
        staging.write(&file)?;
    }
    if let Some(base) = &info.base_url {
        let paths = staging.paths();
        staging.write(&render::sitemap(base, paths.iter().map(String::as_str)))?;
    }
    let (files, bytes) = staging.totals();
    clock.lap("assets and sitemap");
    staging.commit()?;
    clock.lap("replace output");

    Ok(BuildReport {
        departments: document_count,
        document_errors,
        warnings,
        files: files + 1,
        bytes,
        stages: clock.stages,
        department_steps: steps.report(),
    })
}

/// One department from file to written pages: its page, source page and text, charts, open data.
/// A document that cannot be read is an `Ok(Err(..))` (left out, reported); a page that cannot be
/// rendered or written stops the build.
#[allow(clippy::too_many_arguments)]
fn department(
    renderer: &Renderer,
    info: &SiteInfo,
    config: &Config,
    staging: &Staging,
    steps: &Steps,
    loaded: department::Loaded,
    who: crate::config::Identity,
    key: years::Key,
) -> Result<Department, BuildError> {
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
    let data = steps.time(1, || {
        let value = export::budget_json(
            &budget,
            &who,
            Some(&key.department),
            &audit::completeness(&budget),
        );
        let named = [(&budget, &who)];
        let mut entries: [String; SCRATCH_ENTRIES] = Default::default();
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

    let (view, docs) = steps.time(2, || {
        site::name_as_site(&mut budget, &who);
        let view = site::department(&budget, &who, config.lang());
        let docs = PreparedDocs::new(search::documents(std::slice::from_ref(&budget)));
        (view, docs)
    });
    let pages = steps.time(3, || {
        render::render_department(renderer, info, &view, &lines, &budget.origin)
    })?;
    for (file, bytes) in pdfs {
        staging.write(&OutputFile::new(urls::department_file(&slug, &file), bytes))?;
    }
    drop(lines);
    steps.time(4, || {
        std::iter::once(&data)
            .chain(&pages)
            .try_for_each(|file| staging.write(file))
    })?;
    let mut summary = Summary::new(&budget, &view);
    summary.department = key.department;
    summary.prior = audit::cross_year::prior_statements(&budget);
    Ok(Ok((summary, entries, docs)))
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

/// Each year's page of a department with cross-year findings gets the section listing those
/// that compare it with the year before or after (its page was written before the other years
/// were read).
fn cross_year_on_year_pages(
    renderer: &Renderer,
    info: &SiteInfo,
    staging: &Staging,
    timelines: &[site::TimelineView],
) -> Result<(), BuildError> {
    site::cross_year_by_page(timelines)
        .par_iter()
        .try_for_each(|(slug, findings)| {
            let section = render::render_cross_year(renderer, info, slug, findings)?;
            staging.rewrite(&urls::department(slug), |page| {
                render::insert_section(&page, &section)
            })?;
            Ok(())
        })
}

/// The folder of cached PDF texts for a site written to `output`: `.gongkai-cache/pdf` beside it.
fn pdf_cache(output: &Path) -> Option<PathBuf> {
    let parent = output.parent()?;
    let parent = if parent.as_os_str().is_empty() {
        Path::new(".")
    } else {
        parent
    };
    Some(parent.join(".gongkai-cache").join("pdf"))
}

/// Each department's rows of the CSV tables, kept in a file beside the output from the
/// department stage until the joined tables are written, so they take no memory meanwhile.
/// Removed when dropped.
struct Scratch {
    path: PathBuf,
    file: std::sync::Mutex<std::fs::File>,
    /// Offset and length of each department's entry, in site order.
    spans: Vec<(u64, usize)>,
    end: u64,
}

impl Scratch {
    fn new(output: &Path) -> Result<Scratch, BuildError> {
        let path = crate::write::scratch_path(output);
        let io = |source| BuildError::Io {
            path: path.display().to_string(),
            source,
        };
        let file = std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(true)
            .open(&path)
            .map_err(io)?;
        Ok(Scratch {
            path,
            file: std::sync::Mutex::new(file),
            spans: Vec::new(),
            end: 0,
        })
    }

    fn put(&mut self, bytes: &[u8]) -> Result<(), BuildError> {
        use std::io::{Seek, SeekFrom, Write};
        let file = self.file.get_mut().map_err(|_| poisoned())?;
        file.seek(SeekFrom::Start(self.end))
            .map_err(io_at(&self.path))?;
        file.write_all(bytes).map_err(io_at(&self.path))?;
        self.spans.push((self.end, bytes.len()));
        self.end += bytes.len() as u64;
        Ok(())
    }

    fn get(&self, i: usize) -> Result<String, BuildError> {
        use std::io::{Read, Seek, SeekFrom};
        let (at, len) = self.spans[i];
        let mut bytes = vec![0; len];
        let mut file = self.file.lock().map_err(|_| poisoned())?;
        file.seek(SeekFrom::Start(at)).map_err(io_at(&self.path))?;
        file.read_exact(&mut bytes).map_err(io_at(&self.path))?;
        String::from_utf8(bytes)
            .map_err(|e| io_at(&self.path)(std::io::Error::new(std::io::ErrorKind::InvalidData, e)))
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
        crate::write::scratch_done(&self.path);
    }
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
    slugs: &[&str],
    lang: Lang,
) -> Result<(), BuildError> {
    staging.stream(urls::BUDGETS_JSON, |out| {
        // The array of the departments' entries, one a line.
        out.write_all(b"[")?;
        for i in 0..slugs.len() {
            let one = scratch
                .get(i * SCRATCH_ENTRIES)
                .map_err(|e| std::io::Error::other(e.to_string()))?;
            out.write_all(if i == 0 { b"\n" } else { b",\n" })?;
            out.write_all(one.as_bytes())?;
        }
        out.write_all(if slugs.is_empty() { b"]\n" } else { b"\n]\n" })?;
        Ok(())
    })?;
    for (k, (name, table)) in CSV_TABLES.iter().enumerate() {
        staging.stream(&urls::csv(name), |out| {
            // The header (with the byte-order mark) alone, then each department's rows.
            out.write_all(table(&[], lang).as_bytes())?;
            for i in 0..slugs.len() {
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
    config
        .departments
        .keys()
        .filter(|k| !slugs.contains(k.as_str()))
        .map(|k| DocumentError {
            file: "site.toml".into(),
            line: None,
            message: format!(
                "[departments.{k}] names no document (no file gives the slug {k:?}); the override is not used / 没有与之对应的文件，此设置未使用"
            ),
        })
        .collect()
}
