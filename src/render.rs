//! render: view structs → HTML through MiniJinja (Jinja2 syntax). The default templates and assets
//! are compiled into the binary; a file of the same name in the site's `templates/` (or `static/`)
//! overrides one. HTML autoescape stays on; `| safe` is only used on Markdown we rendered ourselves
//! and on the SVG of our own charts.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

use minijinja::value::{Serde, Value};
use minijinja::{AutoEscape, Environment, UndefinedBehavior};
use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use rayon::prelude::*;

use serde::Serialize;

use crate::format;
use crate::model::Origin;
use crate::site::urls;
use crate::site::{
    self, ChartView, Compare, CompareRow, DepartmentView, FindingView, ListedDepartment, Nav,
    PageLink, ProjectRow, SiteInfo, SiteWide, SiteYears, Summary, TimelineView, YearOverview,
    YearSwitch,
};
use crate::write::OutputFile;

/// The default templates, by the name a user's override must have.
pub const TEMPLATES: [(&str, &str); 18] = [
    ("base.html", include_str!("../templates/base.html")),
    ("macros.html", include_str!("../templates/macros.html")),
    ("table.html", include_str!("../templates/table.html")),
    ("index.html", include_str!("../templates/index.html")),
    (
        "department.html",
        include_str!("../templates/department.html"),
    ),
    ("source.html", include_str!("../templates/source.html")),
    ("timeline.html", include_str!("../templates/timeline.html")),
    (
        "cross_year.html",
        include_str!("../templates/cross_year.html"),
    ),
    ("year.html", include_str!("../templates/year.html")),
    ("compare.html", include_str!("../templates/compare.html")),
    (
        "classification_index.html",
        include_str!("../templates/classification_index.html"),
    ),
    (
        "classification.html",
        include_str!("../templates/classification.html"),
    ),
    ("projects.html", include_str!("../templates/projects.html")),
    ("audit.html", include_str!("../templates/audit.html")),
    ("404.html", include_str!("../templates/404.html")),
    ("page.html", include_str!("../templates/page.html")),
    (
        "search_box.html",
        include_str!("../templates/search_box.html"),
    ),
    ("search.html", include_str!("../templates/search.html")),
];

/// The default assets, written under `static/`.
pub const STATIC: [(&str, &[u8]); 4] = [
    ("style.css", include_bytes!("../static/style.css")),
    ("sort.js", include_bytes!("../static/sort.js")),
    ("search.js", include_bytes!("../static/search.js")),
    ("search.css", include_bytes!("../static/search.css")),
];

#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    #[error("template error: {0}")]
    Template(String),
    #[error("cannot read {path}: {source}")]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },
}

/// MiniJinja's message with its whole cause chain: the template's name and line, and for a value
/// that is not there, which one.
fn template_error(e: &minijinja::Error) -> RenderError {
    let mut text = e.to_string();
    let mut cause = std::error::Error::source(e);
    while let Some(c) = cause {
        text.push_str(": ");
        text.push_str(&c.to_string());
        cause = c.source();
    }
    RenderError::Template(text)
}

/// `{{ x | wan }}`: an amount in 万元 as the site writes amounts (`1,234.50`); anything else as
/// it is.
fn wan_filter(value: Value) -> Value {
    match value.as_str() {
        Some(s) => Value::from(format::amount_text(s)),
        None if value.is_number() => Value::from(format::amount_text(&value.to_string())),
        None => value,
    }
}

/// What a page's template reads, by name: each value converted once, when it is put in.
#[derive(Default)]
pub struct Context(BTreeMap<&'static str, Value>);

impl Context {
    pub fn new() -> Context {
        Context::default()
    }

    pub fn insert<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) {
        self.0.insert(key, Value::from(Serde(value)));
    }

    fn contains_key(&self, key: &str) -> bool {
        self.0.contains_key(key)
    }
}

/// A page's links to a page in its own folder, written from that folder rather than from the site
/// root: `href="../../departments/a/source.html#L12"` → `href="source.html#L12"`. A department
/// page links its source page for every figure; this makes it about a quarter smaller.
fn shorten_own_links(html: &[u8], root: &str, target: &str) -> Vec<u8> {
    let file = target.rsplit('/').next().unwrap_or(target);
    let long = format!("href=\"{root}{target}");
    let short = format!("href=\"{file}");
    let mut out = Vec::with_capacity(html.len());
    let mut start = 0;
    for at in memchr::memmem::find_iter(html, long.as_bytes()) {
        out.extend_from_slice(&html[start..at]);
        out.extend_from_slice(short.as_bytes());
        start = at + long.len();
    }
    out.extend_from_slice(&html[start..]);
    out
}

/// The lines of a source page, each numbered and anchored (`#L12`), text escaped. Where a
/// document is made of several files, each file's first line is preceded by its name. Text read
/// from a PDF marks where each of its pages starts, and every line of it links its page of the
/// PDF (`file.pdf#page=3`, published beside the source page).
pub fn source_listing(lines: &[String], origin: &Origin) -> String {
    let mut out = String::with_capacity(lines.iter().map(|l| l.len() + 96).sum());
    let mut at: Option<(usize, u32)> = None;
    let hrefs: Vec<String> = origin
        .parts
        .iter()
        .map(|p| format::escape(&percent_encoded(&p.file)))
        .collect();
    for (i, line) in lines.iter().enumerate() {
        let n = i + 1;
        let located = origin.locate(n as u32);
        if origin.is_multi()
            && let Some(l) = located
            && l.line == 1
        {
            let name = format::escape(&l.part.file);
            let k = l.index + 1;
            let _ = write!(out, "<span class=\"part\" id=\"part-{k}\">{name}</span>");
        }
        let on_page = located.and_then(|l| l.page.map(|p| (l.index, &hrefs[l.index], p)));
        if let Some((k, href, p)) = on_page
            && at != Some((k, p))
        {
            at = Some((k, p));
            // Anchors by page of the first PDF keep their short form (`#P3`).
            let id = if k == 0 {
                format!("P{p}")
            } else {
                format!("P{}-{p}", k + 1)
            };
            let _ = write!(
                out,
                "<a class=\"pdf-page\" id=\"{id}\" href=\"{href}#page={p}\">PDF 第 {p} 页 · page {p}</a>"
            );
        }
        // Markup per line kept short: it is most of a source page. The style sheet finds the
        // lines as `pre.source > [id^="L"]` and numbers them with a counter, and the page's
        // script makes a click on a number link its line; the id needs no quotes (letters and
        // digits only).
        let _ = write!(out, "<span id=L{n}>");
        // Every line of a PDF's text links the page it stands on.
        if let Some((_, href, p)) = on_page {
            let _ = write!(
                out,
                "<a class=\"pg\" href=\"{href}#page={p}\" aria-label=\"PDF 第 {p} 页\">p{p}</a>"
            );
        }
        out.push_str(&format::escape(line));
        out.push_str("</span>");
    }
    out
}

/// A file name as a URL path segment (spaces and non-ASCII characters percent-encoded).
fn percent_encoded(name: &str) -> String {
    let mut out = String::new();
    for b in name.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

/// The relative path from a page back to the site root (`departments/a/index.html` → `../../`).
pub fn path_to_root(path: &str) -> String {
    "../".repeat(path.matches('/').count())
}

/// A Markdown page of `content/pages/`, rendered.
#[derive(Debug, Clone)]
pub struct MarkdownPage {
    pub name: String,
    pub title: String,
    pub html: String,
}

impl MarkdownPage {
    pub fn link(&self) -> PageLink {
        PageLink {
            name: self.name.clone(),
            title: self.title.clone(),
            href: urls::page(&self.name),
        }
    }
}

/// Renders Markdown (tables and footnotes on); the title is the text of the first heading, or
/// the page's name when it has none. Unless `raw_html` (`site.toml`'s opt-in), the HTML is
/// sanitised by `ammonia` (the well-kept html5ever-based sanitiser): no script, style, inline
/// handler or `javascript:` link reaches the site, the Markdown's own markup stays.
pub fn markdown(name: &str, text: &str, raw_html: bool) -> MarkdownPage {
    let options =
        Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES | Options::ENABLE_STRIKETHROUGH;
    let events: Vec<Event> = Parser::new_ext(text, options).collect();
    let mut title = String::new();
    let mut in_heading = false;
    for event in &events {
        match event {
            Event::Start(Tag::Heading {
                level: HeadingLevel::H1,
                ..
            }) if title.is_empty() => in_heading = true,
            Event::End(TagEnd::Heading(_)) if in_heading => break,
            Event::Text(t) | Event::Code(t) if in_heading => title.push_str(t),
            _ => {}
        }
    }
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    if !raw_html {
        html = ammonia::Builder::default()
            // Footnotes link by id and carry classes; tables may be aligned.
            .add_generic_attributes(["id", "class"])
            .add_tag_attributes("td", ["style"])
            .add_tag_attributes("th", ["style"])
            .filter_style_properties(["text-align"].into())
            .clean(&html)
            .to_string();
    }
    MarkdownPage {
        name: name.to_string(),
        title: if title.is_empty() {
            name.to_string()
        } else {
            title
        },
        html,
    }
}

pub struct Renderer {
    env: Environment<'static>,
    /// The words of the build's language (`t`), converted on the first page: every page reads
    /// them, and a converted value is shared rather than copied.
    words: std::sync::OnceLock<(crate::strings::Lang, Value)>,
}

impl Renderer {
    /// The embedded templates, each replaced by a file of the same name in `user_templates`
    /// (when that folder exists); extra `.html` files there are added too, for includes.
    pub fn new(user_templates: &Path) -> Result<Renderer, RenderError> {
        let mut sources: BTreeMap<String, String> = TEMPLATES
            .iter()
            .map(|(n, t)| (n.to_string(), t.to_string()))
            .collect();
        if user_templates.is_dir() {
            let io = |source| RenderError::Io {
                path: user_templates.display().to_string(),
                source,
            };
            let mut entries: Vec<_> = std::fs::read_dir(user_templates)
                .map_err(io)?
                .filter_map(Result::ok)
                .collect();
            entries.sort_by_key(|e| e.file_name());
            for entry in entries {
                let path = entry.path();
                if path.is_file() && path.extension().is_some_and(|x| x == "html") {
                    let text =
                        std::fs::read_to_string(&path).map_err(|source| RenderError::Io {
                            path: path.display().to_string(),
                            source,
                        })?;
                    sources.insert(entry.file_name().to_string_lossy().into_owned(), text);
                }
            }
        }
        let mut env = Environment::new();
        env.add_filter("wan", wan_filter);
        env.set_auto_escape_callback(|name| {
            if name.ends_with(".html") {
                AutoEscape::Html
            } else {
                AutoEscape::None
            }
        });
        // Printing a value that is not there is an error, as a typo in a template should be;
        // testing one (`{% if x %}`) is not.
        env.set_undefined_behavior(UndefinedBehavior::SemiStrict);
        // Nothing (`none`) prints as nothing, and text is escaped as everywhere else on the site
        // (`format::escape`, which leaves `/` alone).
        env.set_formatter(|out, state, value| {
            if value.is_none() {
                return Ok(());
            }
            if value.is_safe() || *state.auto_escape() == AutoEscape::None {
                return write!(out, "{value}").map_err(minijinja::Error::from);
            }
            match value.as_str() {
                Some(s) => format::write_escaped(out, s),
                None => format::write_escaped(out, &value.to_string()),
            }
            .map_err(minijinja::Error::from)
        });
        let syntax = minijinja::syntax::SyntaxConfig::builder()
            .keep_trailing_newline(true)
            .build()
            .map_err(|e| template_error(&e))?;
        env.set_syntax(syntax);
        for (name, text) in sources {
            env.add_template_owned(name, text)
                .map_err(|e| template_error(&e))?;
        }
        Ok(Renderer {
            env,
            words: std::sync::OnceLock::new(),
        })
    }

    fn page(
        &self,
        template: &str,
        path: &str,
        info: &SiteInfo,
        mut context: Context,
    ) -> Result<OutputFile, RenderError> {
        // A page of one year's lists says so and links that year's; any other page links the
        // site's own lists and shows the year overviews as its switch (`site.years`).
        if !context.contains_key("nav") {
            context.insert("nav", &Nav::of(None));
        }
        if !context.contains_key("switch") {
            context.insert("switch", &None::<YearSwitch>);
        }
        // The 404 page stands for every missing path: it has no address of its own.
        let canonical = info
            .base_url
            .as_ref()
            .filter(|_| path != urls::NOT_FOUND)
            .map(|base| canonical(base, path));
        context.insert("canonical", &canonical);
        let html = self.fragment(template, path, info, context)?;
        Ok(OutputFile::new(path, html))
    }

    /// A part of the page at `path`, rendered alone (its links climb from that page); also the
    /// last step of [`Self::page`].
    fn fragment(
        &self,
        template: &str,
        path: &str,
        info: &SiteInfo,
        mut context: Context,
    ) -> Result<String, RenderError> {
        context.insert("root", &path_to_root(path));
        context.insert("site", info);
        let words = |lang: crate::strings::Lang| (lang, Words::value(lang.strings()));
        let fresh;
        let (_, t) = match self.words.get_or_init(|| words(info.lang)) {
            w if w.0 == info.lang => w,
            _ => {
                fresh = words(info.lang);
                &fresh
            }
        };
        // `tm` is what the macros are handed: once a subset of `t`, because Tera copied a macro's
        // arguments on every call; MiniJinja shares them, so it is `t` itself.
        context.0.insert("t", t.clone());
        context.0.insert("tm", t.clone());
        self.env
            .get_template(template)
            .and_then(|t| t.render(Value::from(context.0)))
            .map_err(|e| template_error(&e))
    }
}

/// The words of the build's language as the templates read them (`t.wan`): found by a hash of
/// the key, each a value made once, where a map value would compare its keys on the way down.
#[derive(Debug)]
struct Words(rustc_hash::FxHashMap<&'static str, Value>);

impl Words {
    fn value(strings: &'static crate::strings::Strings) -> Value {
        Value::from_object(Words(
            strings
                .iter()
                .map(|(k, v)| (k.as_str(), Value::from(v.as_str())))
                .collect(),
        ))
    }
}

impl minijinja::value::Object for Words {
    fn get_value(self: &std::sync::Arc<Self>, key: &Value) -> Option<Value> {
        self.get_value_by_str(key.as_str()?)
    }

    fn get_value_by_str(self: &std::sync::Arc<Self>, key: &str) -> Option<Value> {
        self.0.get(key).cloned()
    }

    /// The keys in order, as the table has them (no template walks `t`; a site's may).
    fn enumerate(self: &std::sync::Arc<Self>) -> minijinja::value::Enumerator {
        let mut keys: Vec<&'static str> = self.0.keys().copied().collect();
        keys.sort_unstable();
        minijinja::value::Enumerator::Values(keys.into_iter().map(Value::from).collect())
    }
}

fn canonical(base: &str, path: &str) -> String {
    let path = path.strip_suffix("index.html").unwrap_or(path);
    format!("{}/{}", base.trim_end_matches('/'), path)
}

/// `sitemap.xml` for every HTML page of `paths`; only written when `base_url` is set (a sitemap
/// needs absolute URLs).
pub fn sitemap<'a>(base: &str, paths: impl IntoIterator<Item = &'a str>) -> OutputFile {
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    let mut paths: Vec<&str> = paths
        .into_iter()
        .filter(|p| p.ends_with(".html") && *p != urls::NOT_FOUND)
        .collect();
    paths.sort_unstable();
    for p in paths {
        xml.push_str(&format!(
            "<url><loc>{}</loc></url>\n",
            format::escape(&canonical(base, p))
        ));
    }
    xml.push_str("</urlset>\n");
    OutputFile::new("sitemap.xml", xml)
}

/// A chart's file: its drawing.
fn chart_file(chart: &ChartView) -> OutputFile {
    OutputFile::new(chart.href.clone(), chart.chart.svg.clone())
}

/// One department's own files: its page, the page of its source text (the text itself is not
/// published again: the source page holds it, line by line), and each of its charts as a standalone SVG (written as it is: the write function minifies HTML
/// only). `lines` are the document's lines as read.
pub fn render_department(
    renderer: &Renderer,
    info: &SiteInfo,
    d: &DepartmentView,
    lines: &[String],
    origin: &Origin,
) -> Result<Vec<OutputFile>, RenderError> {
    let mut files = Vec::with_capacity(3 + d.charts.len());
    let root = path_to_root(&d.href);
    let mut ctx = Context::new();
    ctx.insert("d", d);
    let mut page = renderer.page("department.html", &d.href, info, ctx)?;
    page.contents = shorten_own_links(&page.contents, &root, &d.source_href);
    files.push(page);
    // The source page names the department and links back; the rest of its view would only
    // cost the time to hand it to the template.
    let mut ctx = Context::new();
    ctx.insert(
        "d",
        &serde_json::json!({"name": d.name, "href": d.href, "file": d.file, "slug": d.slug}),
    );
    ctx.insert("line_count", &lines.len());
    ctx.insert("listing", &source_listing(lines, origin));
    files.push(renderer.page("source.html", &d.source_href, info, ctx)?);
    files.extend(d.charts.iter().map(chart_file));
    Ok(files)
}

/// A department's timeline page and its trend chart.
pub fn render_timeline(
    renderer: &Renderer,
    info: &SiteInfo,
    t: &TimelineView,
) -> Result<Vec<OutputFile>, RenderError> {
    let mut ctx = Context::new();
    ctx.insert("d", t);
    ctx.insert("cross_year", &t.findings);
    ctx.insert("timeline_href", &None::<String>);
    let mut files = vec![renderer.page("timeline.html", &t.href, info, ctx)?];
    files.extend(t.charts.iter().map(chart_file));
    Ok(files)
}

/// The section of a department's year page (`slug`) listing the cross-year findings that
/// compare that year with the one before or after (`cross_year.html`, as on the timeline). These
/// findings need the department's other years, which are read after its page is written: the
/// section goes into the written page with [`insert_section`].
pub fn render_cross_year(
    renderer: &Renderer,
    info: &SiteInfo,
    slug: &str,
    findings: &[&FindingView],
) -> Result<Vec<u8>, RenderError> {
    let path = urls::department(slug);
    let mut ctx = Context::new();
    ctx.insert("cross_year", findings);
    ctx.insert("timeline_href", &urls::timeline_of(slug));
    let section = renderer.fragment("cross_year.html", &path, info, ctx)?;
    Ok(shorten_own_links(
        section.as_bytes(),
        &path_to_root(&path),
        &urls::source(slug),
    ))
}

/// A department page with `section` put before its downloads, or at the end of its main content
/// when a template has no downloads section.
pub fn insert_section(page: &[u8], section: &[u8]) -> Vec<u8> {
    // The page as written: its attributes without quotes where they need none (see
    // `write::collapse_whitespace`).
    let at = find_bytes(page, b"<section id=downloads>")
        .or_else(|| find_bytes(page, b"<section id=\"downloads\""))
        .or_else(|| find_bytes(page, b"</main>"))
        .unwrap_or(page.len());
    let mut out = Vec::with_capacity(page.len() + section.len());
    out.extend_from_slice(&page[..at]);
    out.extend_from_slice(section);
    out.extend_from_slice(&page[at..]);
    out
}

fn find_bytes(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// The page of one year's departments side by side: that year's home page.
pub fn render_year(
    renderer: &Renderer,
    info: &SiteInfo,
    y: &YearOverview,
    years: &SiteYears,
) -> Result<OutputFile, RenderError> {
    let mut ctx = Context::new();
    ctx.insert("y", y);
    ctx.insert("nav", &Nav::of(Some(y.year)));
    ctx.insert("switch", &years.switch(Some(y.year), urls::HOME));
    renderer.page("year.html", &y.href, info, ctx)
}

/// Where a list page is and which the others are.
#[derive(Debug, Clone, Serialize)]
pub struct Pager {
    /// 1-based.
    pub number: usize,
    pub count: usize,
    /// The 1-based positions of the first and last department on this page, and how many in all.
    pub first: usize,
    pub last: usize,
    pub total: usize,
    pub pages: Vec<PagerLink>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PagerLink {
    pub number: usize,
    pub href: String,
}

fn pager(first_page: &str, number: usize, size: usize, count: usize, total: usize) -> Pager {
    Pager {
        number,
        count,
        first: ((number - 1) * size + 1).min(total),
        last: (number * size).min(total),
        total,
        pages: (1..=count)
            .map(|n| PagerLink {
                number: n,
                href: urls::list_page(first_page, n),
            })
            .collect(),
    }
}

/// The pages of the lists of all departments, each handed to `emit` as soon as it is rendered:
/// comparison, audit and projects (in pages of `wide.page_size` departments, so no page grows
/// with the size of the portal), the classification index and a page per code with its chart;
/// and the home page, for the site's own pages. These are the pages of `wide.year` (under
/// `years/<year>/`, where the year overview is the home page), or the site's own for `None`; on a
/// site of several years each has a switch linking it in the other years.
pub fn render_lists<E: From<RenderError> + Send>(
    renderer: &Renderer,
    info: &SiteInfo,
    summaries: &[&Summary],
    wide: &SiteWide,
    years: &SiteYears,
    emit: &(dyn Fn(OutputFile) -> Result<(), E> + Sync),
) -> Result<(), E> {
    let year = wide.year;
    let scoped = |path: &str| urls::in_year(year, path);
    // What every page of these lists has in its context: its year, the navigation of its
    // year's lists and its year switch.
    let context = |page: &str| {
        let mut ctx = Context::new();
        ctx.insert("year", &year);
        ctx.insert("nav", &Nav::of(year));
        ctx.insert("switch", &years.switch(year, page));
        ctx
    };
    let page_size = wide.page_size.max(1);
    let count = summaries.len().div_ceil(page_size).max(1);
    let chunks: Vec<&[&Summary]> = if summaries.is_empty() {
        vec![&[]]
    } else {
        summaries.chunks(page_size).collect()
    };
    let total = summaries.len();
    chunks.par_iter().enumerate().try_for_each(|(k, chunk)| {
        let number = k + 1;
        let departments: Vec<&ListedDepartment> =
            chunk.iter().map(|s| &s.listing.department).collect();
        let projects: Vec<&ProjectRow> = chunk.iter().flat_map(|s| &s.listing.projects).collect();
        let compare = Compare {
            rows: chunk
                .iter()
                .map(|s| CompareRow {
                    classes: site::class_cells(s, &wide.classes),
                    ..s.listing.row.clone()
                })
                .collect(),
            classes: &wide.classes,
            // The charts compare every department: on the first page only.
            charts: if number == 1 { &wide.charts } else { &[] },
        };

        // A year's home page is its overview.
        if year.is_none() {
            let path = urls::list_page(urls::HOME, number);
            let mut ctx = context(urls::HOME);
            ctx.insert("departments", &departments);
            ctx.insert("compare", &compare);
            ctx.insert("finding_total", &wide.finding_total);
            ctx.insert("pager", &pager(urls::HOME, number, page_size, count, total));
            emit(renderer.page("index.html", &path, info, ctx)?)?;
        }

        let first = scoped(urls::COMPARE);
        let mut ctx = context(urls::COMPARE);
        ctx.insert("compare", &compare);
        ctx.insert("pager", &pager(&first, number, page_size, count, total));
        let path = urls::list_page(&first, number);
        emit(renderer.page("compare.html", &path, info, ctx)?)?;

        let first = scoped(urls::AUDIT);
        let mut ctx = context(urls::AUDIT);
        ctx.insert("departments", &departments);
        ctx.insert("pager", &pager(&first, number, page_size, count, total));
        let path = urls::list_page(&first, number);
        emit(renderer.page("audit.html", &path, info, ctx)?)?;

        let first = scoped(urls::PROJECTS);
        let mut ctx = context(urls::PROJECTS);
        ctx.insert("projects", &projects);
        ctx.insert("project_total", &wide.project_total);
        ctx.insert("pager", &pager(&first, number, page_size, count, total));
        let path = urls::list_page(&first, number);
        emit(renderer.page("projects.html", &path, info, ctx)?)?;
        Ok::<(), E>(())
    })?;
    for file in wide.charts.iter().map(chart_file) {
        emit(file)?;
    }

    let mut ctx = context(urls::CLASSIFICATION_INDEX);
    ctx.insert("codes", &wide.codes.lines(summaries, info.lang));
    emit(renderer.page(
        "classification_index.html",
        &scoped(urls::CLASSIFICATION_INDEX),
        info,
        ctx,
    )?)?;
    (0..wide.codes.len()).into_par_iter().try_for_each(|i| {
        let c = wide.codes.page(summaries, i, info.lang);
        let mut ctx = context(urls::CLASSIFICATION_INDEX);
        ctx.insert("switch", &years.code_switch(year, wide.codes.code(i)));
        ctx.insert("c", &c);
        emit(renderer.page("classification.html", &c.href, info, ctx)?)?;
        for file in c.chart.iter().map(chart_file) {
            emit(file)?;
        }
        Ok::<(), E>(())
    })
}

/// The pages of the site that have no variant per year, each handed to `emit`: search, the 404
/// page and the Markdown pages.
pub fn render_site_pages<E: From<RenderError> + Send>(
    renderer: &Renderer,
    info: &SiteInfo,
    pages: &[MarkdownPage],
    emit: &(dyn Fn(OutputFile) -> Result<(), E> + Sync),
) -> Result<(), E> {
    emit(renderer.page("search.html", urls::SEARCH, info, Context::new())?)?;

    // GitHub Pages (and most servers) answer a missing path with the 404 page, from whatever
    // folder was asked for: its links resolve from the base URL when the site knows it.
    let mut ctx = Context::new();
    ctx.insert(
        "base_href",
        &info
            .base_url
            .as_ref()
            .map(|b| format!("{}/", b.trim_end_matches('/'))),
    );
    emit(renderer.page("404.html", urls::NOT_FOUND, info, ctx)?)?;

    for p in pages {
        let mut ctx = Context::new();
        ctx.insert(
            "page",
            &serde_json::json!({"name": p.name, "title": p.title, "html": p.html}),
        );
        emit(renderer.page("page.html", &p.link().href, info, ctx)?)?;
    }
    Ok(())
}

/// The assets under `static/`: the embedded ones, each replaced by a file of the same name in
/// the site's `static/` folder, plus that folder's other files.
pub fn assets(user_static: &Path) -> Result<Vec<OutputFile>, RenderError> {
    let mut assets: BTreeMap<String, Vec<u8>> = STATIC
        .iter()
        .map(|(n, b)| (n.to_string(), b.to_vec()))
        .collect();
    if user_static.is_dir() {
        for entry in walkdir::WalkDir::new(user_static).sort_by_file_name() {
            let entry = entry.map_err(|e| RenderError::Io {
                path: user_static.display().to_string(),
                source: e.into(),
            })?;
            if !entry.file_type().is_file() {
                continue;
            }
            let Ok(relative) = entry.path().strip_prefix(user_static) else {
                continue;
            };
            let name = relative
                .components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/");
            let bytes = std::fs::read(entry.path()).map_err(|source| RenderError::Io {
                path: entry.path().display().to_string(),
                source,
            })?;
            assets.insert(name, bytes);
        }
    }
    let mut files: Vec<OutputFile> = assets
        .into_iter()
        .map(|(n, b)| OutputFile::new(format!("static/{n}"), b))
        .collect();
    files.push(OutputFile::new(".nojekyll", ""));
    Ok(files)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_words_are_found_by_key_listed_in_order_and_a_missing_one_is_undefined() {
        let strings = crate::strings::Lang::ZhCn.strings();
        let mut env = Environment::new();
        env.set_undefined_behavior(UndefinedBehavior::SemiStrict);
        let t = Words::value(strings);
        let render = |source: &str| env.render_str(source, minijinja::context! { t => t.clone() });
        assert_eq!(render("{{ t.wan }}").unwrap(), strings["wan"]);
        assert_eq!(
            render("{{ t['not_disclosed'] }}").unwrap(),
            strings["not_disclosed"]
        );
        let keys: Vec<&str> = strings.keys().map(String::as_str).collect();
        assert_eq!(render("{{ t | join(',') }}").unwrap(), keys.join(","));
        assert!(render("{{ t.no_such_word }}").is_err());
    }

    #[test]
    fn the_macros_find_every_word_they_use_in_tm() {
        let macros = TEMPLATES
            .iter()
            .find(|(name, _)| *name == "macros.html")
            .map(|(_, text)| *text)
            .unwrap();
        let used: std::collections::BTreeSet<&str> = macros
            .split("t.")
            .skip(1)
            .map(|rest| {
                rest.split(|c: char| !(c.is_ascii_lowercase() || c == '_'))
                    .next()
                    .unwrap()
            })
            .filter(|k| !k.is_empty())
            .collect();
        assert!(used.len() > 10, "{used:?}");
        for lang in [crate::strings::Lang::ZhCn, crate::strings::Lang::English] {
            for key in &used {
                assert!(lang.strings().contains_key(*key), "{lang:?} lacks {key}");
            }
        }
    }

    #[test]
    fn lines_of_a_pdf_link_their_pages() {
        let lines = vec!["一".to_string(), "二".to_string(), "三".to_string()];
        let html = source_listing(&lines, &Origin::single("a b.pdf", true, vec![1, 1, 2]));
        assert_eq!(html.matches("id=\"P1\"").count(), 1);
        assert_eq!(html.matches("id=\"P2\"").count(), 1);
        assert_eq!(html.matches("href=\"a%20b.pdf#page=1\"").count(), 3);
        assert_eq!(html.matches("href=\"a%20b.pdf#page=2\"").count(), 2);
        assert!(!source_listing(&lines, &Origin::single("a.txt", false, vec![])).contains("page="));
        assert!(
            !html.contains("class=\"part\""),
            "one file has no part headings"
        );
    }

    #[test]
    fn a_document_of_several_files_names_each_and_links_each_pdfs_pages() {
        use crate::model::Part;
        let lines: Vec<String> = ["说明", "一、", "表1", "表2"].map(String::from).into();
        let origin = Origin {
            parts: vec![
                Part {
                    file: "1 说明.txt".into(),
                    first_line: 1,
                    pdf: false,
                },
                Part {
                    file: "2 报表.pdf".into(),
                    first_line: 3,
                    pdf: true,
                },
            ],
            pages: vec![0, 0, 1, 2],
        };
        let html = source_listing(&lines, &origin);
        assert!(html.starts_with("<span class=\"part\" id=\"part-1\">1 说明.txt</span>"));
        let second = html
            .find("id=\"part-2\">2 报表.pdf</span>")
            .expect("second part named");
        assert!(
            html[second..]
                .starts_with("id=\"part-2\">2 报表.pdf</span><a class=\"pdf-page\" id=\"P2-1\"")
        );
        assert_eq!(html.matches("2%20%E6%8A%A5%E8%A1%A8.pdf#page=").count(), 4);
        assert!(
            !html[..second].contains("page="),
            "the text part has no pages"
        );
    }

    #[test]
    fn source_lines_are_numbered_anchored_and_escaped() {
        let lines = vec!["一、<收入>".to_string(), String::new()];
        assert_eq!(
            source_listing(&lines, &Origin::single("a.txt", false, vec![])),
            "<span id=L1>一、&lt;收入&gt;</span><span id=L2></span>"
        );
    }

    #[test]
    fn links_to_a_page_in_the_same_folder_are_written_from_that_folder() {
        let html = br#"<a href="../../departments/a/source.html#L3">1</a><a href="../../departments/ab/source.html#L4">2</a><a href="../../departments/a/source.html">3</a>"#;
        let short = shorten_own_links(html, "../../", "departments/a/source.html");
        assert_eq!(
            String::from_utf8(short).unwrap(),
            r#"<a href="source.html#L3">1</a><a href="../../departments/ab/source.html#L4">2</a><a href="source.html">3</a>"#
        );
    }

    #[test]
    fn a_section_goes_before_the_downloads_or_else_at_the_end_of_the_main_content() {
        let s = b"<section id=\"x\"></section>";
        let page = b"<main><section id=\"downloads\"></section></main>";
        assert_eq!(
            insert_section(page, s),
            b"<main><section id=\"x\"></section><section id=\"downloads\"></section></main>"
        );
        assert_eq!(
            insert_section(b"<main><p>a</p></main>", s),
            b"<main><p>a</p><section id=\"x\"></section></main>"
        );
        // A page as written, its attributes without quotes.
        assert_eq!(
            insert_section(b"<main><section id=downloads></section></main>", s),
            b"<main><section id=\"x\"></section><section id=downloads></section></main>"
        );
    }

    #[test]
    fn a_pager_counts_and_links_its_pages() {
        let p = pager("audit/index.html", 3, 500, 3, 1234);
        assert_eq!((p.first, p.last, p.total), (1001, 1234, 1234));
        let hrefs: Vec<&str> = p.pages.iter().map(|l| l.href.as_str()).collect();
        assert_eq!(
            hrefs,
            ["audit/index.html", "audit/page-2.html", "audit/page-3.html"]
        );
        let empty = pager("index.html", 1, 500, 1, 0);
        assert_eq!((empty.first, empty.last, empty.count), (0, 0, 1));
    }

    #[test]
    fn root_paths_climb_out_of_folders() {
        assert_eq!(path_to_root("index.html"), "");
        assert_eq!(path_to_root("departments/a/index.html"), "../../");
        assert_eq!(
            canonical("https://x.org/gk/", "departments/a/index.html"),
            "https://x.org/gk/departments/a/"
        );
        assert_eq!(
            canonical("https://x.org/gk", "departments/a/source.html"),
            "https://x.org/gk/departments/a/source.html"
        );
    }

    #[test]
    fn markdown_pages_are_sanitised_unless_site_toml_allows_raw_html() {
        let text = "# 关于\n\n<script>alert(1)</script>\n\n[x](javascript:alert(2)) \
                    <img src=x onerror=alert(3)> <a href=\"../compare/\">比较</a>\n\n\
                    <style>body{display:none}</style>\n\n| a |\n|:-:|\n| 1 |\n";
        let safe = markdown("about", text, false).html;
        for bad in ["<script", "javascript:", "onerror", "<style"] {
            assert!(!safe.contains(bad), "{bad} in {safe}");
        }
        assert!(safe.contains("href=\"../compare/\""), "{safe}");
        assert!(safe.contains("<table>"), "{safe}");
        assert!(safe.contains("text-align"), "{safe}");
        let raw = markdown("about", text, true).html;
        assert!(raw.contains("<script>alert(1)</script>"), "{raw}");
    }

    #[test]
    fn markdown_has_tables_footnotes_and_a_title() {
        let p = markdown(
            "glossary",
            "# 名词解释\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n注[^1]\n\n[^1]: 脚注\n",
            false,
        );
        assert_eq!(p.title, "名词解释");
        assert!(p.html.contains("<table>"), "{}", p.html);
        assert!(p.html.contains("footnote"), "{}", p.html);
    }

    #[test]
    fn embedded_templates_parse_and_autoescape() {
        let dir = tempfile::tempdir().unwrap();
        let r = Renderer::new(dir.path()).unwrap();
        let info = SiteInfo {
            title: "<b>t</b>".into(),
            description: String::new(),
            language: "zh-CN".into(),
            lang: crate::strings::Lang::ZhCn,
            base_url: None,
            pages: vec![],
            search_meta: None,
            years: vec![],
        };
        let page = MarkdownPage {
            name: "about".into(),
            title: "关于".into(),
            html: "<p>ok</p>".into(),
        };
        let mut ctx = Context::new();
        ctx.insert(
            "page",
            &serde_json::json!({"name": page.name, "title": page.title, "html": page.html}),
        );
        let out = r
            .page("page.html", "pages/about/index.html", &info, ctx)
            .unwrap();
        let html = String::from_utf8(out.contents).unwrap();
        assert!(html.contains("&lt;b&gt;t&lt;/b&gt;"), "{html}");
        assert!(html.contains("<p>ok</p>"));
        assert!(html.contains("href=\"../../static/style.css\""));
    }

    #[test]
    fn a_user_template_overrides_the_default_and_a_broken_one_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("page.html"), "custom {{ page.title }}").unwrap();
        let r = Renderer::new(dir.path()).unwrap();
        let info = SiteInfo {
            title: "t".into(),
            description: String::new(),
            language: "zh-CN".into(),
            lang: crate::strings::Lang::ZhCn,
            base_url: None,
            pages: vec![],
            search_meta: None,
            years: vec![],
        };
        let mut ctx = Context::new();
        ctx.insert("page", &serde_json::json!({"title": "x"}));
        let out = r
            .page("page.html", "pages/a/index.html", &info, ctx)
            .unwrap();
        assert_eq!(out.contents, b"custom x");
        std::fs::write(dir.path().join("index.html"), "{% if %}").unwrap();
        let err = Renderer::new(dir.path())
            .err()
            .expect("broken template must fail");
        assert!(err.to_string().contains("index.html"), "{err}");
    }
}
