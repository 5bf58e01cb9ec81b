//! search: budgets → a static full-text index that the browser loads through `<script>` files, so
//! it works from file://, on GitHub Pages and on any server (fetch, XHR and workers are blocked on
//! file:// in Chromium; classic script injection is not).
//!
//! Text is normalised (NFKC, lower case; NFKC also folds full-width forms to half-width). Runs of
//! Han characters are indexed as overlapping bigrams plus the run's last character, so a
//! one-character query finds every term that starts with it; runs of Latin letters and digits as
//! whole words; classification codes also under their prefixes (201 / 20103 / 2010301).
//! `static/search.js` tokenises the query the same way; `tests/fixtures/search/` holds the cases
//! both sides are tested against.
//!
//! The index is sharded so a query loads only what it needs: a small metadata file, the term
//! shards its terms hash to (by first character for Han terms, so a one-character query needs one
//! shard), and the document shards of the results it shows. Every file name carries the build id,
//! a hash of the index contents, so a browser never mixes shards of two builds.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::Path;

use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use unicode_normalization::UnicodeNormalization;

use crate::model::{Budget, SanggongItem, preorder};
use crate::site::urls;

/// Version of the file format; `search.js` refuses an index of another version.
pub const FORMAT_VERSION: u32 = 1;
/// Uncompressed size a term shard aims at.
const TERM_SHARD_TARGET: usize = 48 * 1024;
/// Documents per document shard (consecutive ids, so one department's documents share a shard).
const DOCS_PER_SHARD: usize = 128;
/// How many of the best results are checked for the exact phrase in non-positional text and shown
/// by default (the drop-down under the search box shows this many).
pub const DEFAULT_WINDOW: usize = 8;

/// What a search result is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Department,
    Function,
    Economic,
    Project,
    Finding,
    Narrative,
    Sanggong,
    SubUnit,
}

impl Kind {
    pub const ALL: [Kind; 8] = [
        Kind::Department,
        Kind::Function,
        Kind::Economic,
        Kind::Project,
        Kind::Finding,
        Kind::Narrative,
        Kind::Sanggong,
        Kind::SubUnit,
    ];

    pub fn id(self) -> &'static str {
        match self {
            Kind::Department => "department",
            Kind::Function => "function",
            Kind::Economic => "economic",
            Kind::Project => "project",
            Kind::Finding => "finding",
            Kind::Narrative => "narrative",
            Kind::Sanggong => "sanggong",
            Kind::SubUnit => "sub_unit",
        }
    }

    /// The label a result shows.
    pub fn label_zh(self) -> &'static str {
        match self {
            Kind::Department => "部门",
            Kind::Function => "功能分类",
            Kind::Economic => "经济分类",
            Kind::Project => "项目",
            Kind::Finding => "审核发现",
            Kind::Narrative => "说明",
            Kind::Sanggong => "“三公”经费",
            Kind::SubUnit => "所属单位",
        }
    }

    fn index(self) -> usize {
        Kind::ALL.iter().position(|k| *k == self).unwrap_or(0)
    }
}

/// The kind of a text field, which sets its weight and whether positions are kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FieldKind {
    /// The result's title (a project name, a code's name, a finding's message).
    Title,
    /// A classification or project code; indexed under its prefixes too.
    Code,
    /// Short names that belong to the result (indicator names, the unit that runs a project).
    Name,
    /// Running text (responsibilities).
    Text,
}

impl FieldKind {
    pub const ALL: [FieldKind; 4] = [
        FieldKind::Title,
        FieldKind::Code,
        FieldKind::Name,
        FieldKind::Text,
    ];

    pub fn weight(self) -> u32 {
        match self {
            FieldKind::Title => 10,
            FieldKind::Code => 8,
            FieldKind::Name => 4,
            FieldKind::Text => 1,
        }
    }

    /// Positions are kept for short fields only: they decide the first tier (the exact phrase in
    /// a name), and running text would make the index several times larger.
    pub fn positional(self) -> bool {
        self != FieldKind::Text
    }

    fn index(self) -> u32 {
        match self {
            FieldKind::Title => 0,
            FieldKind::Code => 1,
            FieldKind::Name => 2,
            FieldKind::Text => 3,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Field {
    pub kind: FieldKind,
    pub text: String,
}

impl Field {
    pub fn new(kind: FieldKind, text: impl Into<String>) -> Field {
        Field {
            kind,
            text: text.into(),
        }
    }
}

/// One search result: a place on a page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SearchDoc {
    pub kind: Kind,
    /// The department's slug and name.
    pub department: String,
    pub department_name: String,
    /// Indexed as a [`FieldKind::Title`] field.
    pub title: String,
    /// Further indexed text.
    pub fields: Vec<Field>,
    /// The page, relative to the site root.
    pub url: String,
    /// The element id on that page.
    pub anchor: Option<String>,
}

impl SearchDoc {
    /// The link: page and anchor.
    pub fn href(&self) -> String {
        match &self.anchor {
            Some(a) => urls::anchor(&self.url, a),
            None => self.url.clone(),
        }
    }

    /// Title first, then the other fields, in order.
    fn all_fields(&self) -> impl Iterator<Item = (FieldKind, &str)> {
        std::iter::once((FieldKind::Title, self.title.as_str()))
            .chain(self.fields.iter().map(|f| (f.kind, f.text.as_str())))
    }
}

/// The searchable places of every department, in the order the budgets come (the build sorts
/// them), each department's documents together. Anchors are the element ids of the department
/// page: `fn-<code>`, `ec-<code>`, `project-<n>`, `finding-<n>`, `sanggong`, `responsibilities` ….
pub fn documents(budgets: &[Budget]) -> Vec<SearchDoc> {
    let mut docs = Vec::new();
    for b in budgets {
        let slug = b.slug.as_str();
        let name = b.display_name();
        let url = urls::department(slug);
        let doc = |kind: Kind, title: &str, fields: Vec<Field>, anchor: Option<String>| SearchDoc {
            kind,
            department: slug.to_string(),
            department_name: name.to_string(),
            title: title.to_string(),
            fields,
            url: url.clone(),
            anchor,
        };
        docs.push(doc(
            Kind::Department,
            name,
            vec![Field::new(FieldKind::Name, slug)],
            None,
        ));
        for (_, n) in preorder(&b.by_function) {
            docs.push(doc(
                Kind::Function,
                n.name.as_deref().unwrap_or_default(),
                vec![Field::new(FieldKind::Code, n.code.as_str())],
                Some(format!("fn-{}", n.code)),
            ));
        }
        for (_, n) in preorder(&b.by_economic) {
            docs.push(doc(
                Kind::Economic,
                n.name.as_deref().unwrap_or_default(),
                vec![Field::new(FieldKind::Code, n.code.as_str())],
                Some(format!("ec-{}", n.code)),
            ));
        }
        if b.sanggong.any() {
            docs.push(doc(
                Kind::Sanggong,
                "“三公”经费",
                vec![Field::new(FieldKind::Name, sanggong_item_names())],
                Some("sanggong".into()),
            ));
        }
        for (i, p) in b.projects.iter().enumerate() {
            let mut fields = Vec::new();
            if let Some(code) = &p.code {
                fields.push(Field::new(FieldKind::Code, code.as_str()));
            }
            // The unit is often the department itself: no need to index its name again.
            for extra in [&p.unit, &p.category].into_iter().flatten() {
                if extra != name {
                    fields.push(Field::new(FieldKind::Name, extra.as_str()));
                }
            }
            let mut seen = BTreeSet::new();
            for indicator in &p.indicators {
                if seen.insert(indicator.name.as_str()) {
                    fields.push(Field::new(FieldKind::Name, indicator.name.as_str()));
                }
            }
            docs.push(doc(
                Kind::Project,
                &p.name,
                fields,
                Some(format!("project-{}", i + 1)),
            ));
        }
        if !b.overall_indicators.is_empty() {
            let names: BTreeSet<&str> = b
                .overall_indicators
                .iter()
                .map(|i| i.name.as_str())
                .collect();
            docs.push(doc(
                Kind::Narrative,
                "整体绩效目标",
                names
                    .into_iter()
                    .map(|n| Field::new(FieldKind::Name, n))
                    .collect(),
                Some("overall-indicators".into()),
            ));
        }
        for (i, f) in b.findings.iter().enumerate() {
            docs.push(doc(
                Kind::Finding,
                &f.message_zh,
                Vec::new(),
                Some(format!("finding-{}", i + 1)),
            ));
        }
        for (title, anchor, texts) in [
            ("主要职责", "responsibilities", &b.responsibilities),
            ("机构设置", "structure", &b.structure),
        ] {
            for t in texts {
                docs.push(doc(
                    Kind::Narrative,
                    title,
                    vec![Field::new(FieldKind::Text, t.text.as_str())],
                    Some(anchor.into()),
                ));
            }
        }
        for u in &b.sub_units {
            let fields = u
                .code
                .iter()
                .map(|c| Field::new(FieldKind::Code, c.as_str()))
                .collect();
            docs.push(doc(
                Kind::SubUnit,
                &u.name,
                fields,
                Some("sub-units".into()),
            ));
        }
    }
    docs
}

/// The 三公 items a search for one of them finds the 三公 section by.
fn sanggong_item_names() -> String {
    [
        SanggongItem::Outbound,
        SanggongItem::Reception,
        SanggongItem::Vehicles,
    ]
    .map(SanggongItem::label_zh)
    .join(" ")
}

// ---------------------------------------------------------------------------------------------
// Tokenisation

/// A term and the position (in characters of the normalised text) where it starts.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Token {
    pub term: String,
    pub position: u32,
}

/// NFKC (which also folds full-width forms to half-width), then lower case. `search.js` does
/// `s.normalize("NFKC").toLowerCase()`.
pub fn normalize(text: &str) -> String {
    text.nfkc().collect::<String>().to_lowercase()
}

/// Han ideographs: the unified blocks, extension A and the supplementary planes' extensions, and
/// the compatibility blocks. `search.js` lists the same ranges.
pub fn is_han(c: char) -> bool {
    matches!(c as u32,
        0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x323AF)
}

/// Letters and digits that form words (after normalisation, so full-width forms are included).
pub fn is_word(c: char) -> bool {
    c.is_ascii_lowercase() || c.is_ascii_digit()
}

/// The index terms of a text: Han runs as overlapping bigrams plus the run's last character,
/// Latin and digit runs as whole words; everything else separates.
pub fn tokenize(text: &str) -> Vec<Token> {
    let chars: Vec<char> = normalize(text).chars().collect();
    let mut tokens = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let start = i;
        if is_han(chars[i]) {
            while i < chars.len() && is_han(chars[i]) {
                i += 1;
            }
            for p in start..i - 1 {
                tokens.push(Token {
                    term: chars[p..p + 2].iter().collect(),
                    position: p as u32,
                });
            }
            tokens.push(Token {
                term: chars[i - 1].to_string(),
                position: (i - 1) as u32,
            });
        } else if is_word(chars[i]) {
            while i < chars.len() && is_word(chars[i]) {
                i += 1;
            }
            tokens.push(Token {
                term: chars[start..i].iter().collect(),
                position: start as u32,
            });
        } else {
            i += 1;
        }
    }
    tokens
}

/// The tokens of a code field: as [`tokenize`], and a 款 or 项 code also under its 类 and 款
/// (`2010301` → `2010301`, `201`, `20103`), all at the code's position.
pub fn code_tokens(text: &str) -> Vec<Token> {
    let mut tokens = tokenize(text);
    let mut prefixes = Vec::new();
    for t in &tokens {
        let classification = matches!(t.term.len(), 5 | 7)
            && t.term.bytes().all(|b| b.is_ascii_digit())
            && matches!(t.term.as_bytes()[0], b'2' | b'3');
        if classification {
            for len in (3..t.term.len()).step_by(2) {
                prefixes.push(Token {
                    term: t.term[..len].to_string(),
                    position: t.position,
                });
            }
        }
    }
    tokens.extend(prefixes);
    tokens
}

fn field_tokens(kind: FieldKind, text: &str) -> Vec<Token> {
    if kind == FieldKind::Code {
        code_tokens(text)
    } else {
        tokenize(text)
    }
}

/// The shard key of a term: a Han term's first character (so every term that starts with a
/// character shares a shard, and a one-character query reads one), a word's first three
/// characters (so a word typed so far finds its completions in one shard).
pub fn shard_key(term: &str) -> String {
    match term.chars().next() {
        Some(c) if is_han(c) => c.to_string(),
        _ => term.chars().take(3).collect(),
    }
}

/// FNV-1a over the key's code points; `search.js` computes the same with `Math.imul`.
pub fn shard_of(term: &str, shards: u32) -> u32 {
    let mut hash: u32 = 0x811c_9dc5;
    for c in shard_key(term).chars() {
        hash ^= c as u32;
        hash = hash.wrapping_mul(0x0100_0193);
    }
    hash % shards.max(1)
}

// ---------------------------------------------------------------------------------------------
// The index

/// The occurrences of a term in one field kind of one document.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Posting {
    doc: u32,
    field: FieldKind,
    tf: u32,
    /// Character positions (fields of the same kind laid end to end, one apart), for positional
    /// kinds only.
    positions: Vec<u32>,
}

/// The index in memory: what the shards hold, and the same ranking `search.js` runs.
#[derive(Debug, Clone)]
pub struct Index {
    docs: Vec<SearchDoc>,
    terms: BTreeMap<String, Vec<Posting>>,
}

impl Index {
    pub fn new(docs: &[SearchDoc]) -> Index {
        Index::from_docs(docs.to_vec())
    }

    /// The index of `docs`, which it keeps (no copy).
    pub fn from_docs(docs: Vec<SearchDoc>) -> Index {
        let mut terms: BTreeMap<String, Vec<Posting>> = BTreeMap::new();
        for (id, doc) in docs.iter().enumerate() {
            for (term, field, tf, positions) in doc_postings(doc) {
                terms.entry(term).or_default().push(Posting {
                    doc: id as u32,
                    field,
                    tf,
                    positions,
                });
            }
        }
        Index { docs, terms }
    }

    pub fn docs(&self) -> &[SearchDoc] {
        &self.docs
    }

    /// The ranked results of a query, best first, at most `limit`; see [`rank`].
    pub fn search(&self, query: &str, limit: usize) -> Vec<Hit> {
        rank(self, query, limit.max(1))
    }

    /// The shard files: `search/meta-<id>.js`, `search/t-<id>-<n>.js`, `search/d-<id>-<n>.js`.
    /// Deterministic: the same documents always give the same files.
    pub fn files(&self) -> SearchFiles {
        self.files_sharded(TERM_SHARD_TARGET, DOCS_PER_SHARD)
    }

    /// [`Index::files`] with other shard sizes (tests use small ones to get many shards).
    pub fn files_sharded(&self, term_shard_bytes: usize, docs_per_shard: usize) -> SearchFiles {
        self.files_named(term_shard_bytes, docs_per_shard, None)
    }

    /// [`Index::files`] under a build id chosen by the caller (the site build names the index
    /// after its inputs, so pages can link it before the index exists).
    pub fn files_with_id(&self, id: &str) -> SearchFiles {
        self.files_named(TERM_SHARD_TARGET, DOCS_PER_SHARD, Some(id))
    }

    fn files_named(
        &self,
        term_shard_bytes: usize,
        docs_per_shard: usize,
        id: Option<&str>,
    ) -> SearchFiles {
        let docs_per_shard = docs_per_shard.max(1);
        let encoded: Vec<(&str, String)> = self
            .terms
            .iter()
            .map(|(t, p)| (t.as_str(), encode_postings(p)))
            .collect();
        let term_shards = term_shard_bodies(&encoded, term_shard_bytes);
        let doc_shards: Vec<String> = self
            .docs
            .chunks(docs_per_shard)
            .map(doc_shard_body)
            .collect();
        let meta = |id: &str| meta_body(id, self.docs.len(), term_shards.len(), docs_per_shard);
        let id = match id {
            Some(id) => id.to_string(),
            None => {
                let mut hash = Fnv64::default();
                hash.write(meta("").as_bytes());
                for body in term_shards.iter().chain(&doc_shards) {
                    hash.write(&[0]);
                    hash.write(body.as_bytes());
                }
                hash.id()
            }
        };
        let mut files = vec![shard_file(&id, "meta", None, &meta(&id))];
        files.extend(
            term_shards
                .iter()
                .enumerate()
                .map(|(n, b)| shard_file(&id, "t", Some(n), b)),
        );
        files.extend(
            doc_shards
                .iter()
                .enumerate()
                .map(|(n, b)| shard_file(&id, "d", Some(n), b)),
        );
        SearchFiles {
            build_id: id.clone(),
            meta: urls::search_file("meta", &id, None),
            files,
        }
    }
}

/// One term in one field kind of one document: the term, the kind, its count and positions.
type DocPosting = (String, FieldKind, u32, Vec<u32>);

/// A document's postings: per (term, field kind), in that order, the term's count and (for
/// positional kinds) its character positions, fields of one kind laid end to end one apart so a
/// phrase never spans two names.
fn doc_postings(doc: &SearchDoc) -> Vec<DocPosting> {
    let mut base: BTreeMap<FieldKind, u32> = BTreeMap::new();
    let mut found: BTreeMap<(String, FieldKind), (u32, Vec<u32>)> = BTreeMap::new();
    for (kind, text) in doc.all_fields() {
        let offset = base.entry(kind).or_insert(0);
        for t in field_tokens(kind, text) {
            let entry = found.entry((t.term, kind)).or_default();
            entry.0 += 1;
            if kind.positional() {
                entry.1.push(*offset + t.position);
            }
        }
        *offset += normalize(text).chars().count() as u32 + 1;
    }
    found
        .into_iter()
        .map(|((term, field), (tf, mut positions))| {
            positions.sort_unstable();
            positions.dedup();
            (term, field, tf, positions)
        })
        .collect()
}

/// The term shards' bodies: `{"term":[postings],…}`, each term in the shard its key hashes to.
/// `encoded` is sorted by term.
fn term_shard_bodies(encoded: &[(&str, String)], term_shard_bytes: usize) -> Vec<String> {
    let total: usize = encoded.iter().map(|(t, p)| t.len() + p.len() + 6).sum();
    let count = total.div_ceil(term_shard_bytes.max(1)).max(1) as u32;
    let mut shards: Vec<String> = vec![String::new(); count as usize];
    for (term, postings) in encoded {
        let body = &mut shards[shard_of(term, count) as usize];
        body.push(if body.is_empty() { '{' } else { ',' });
        let _ = write!(body, "{}:[{postings}]", json_string(term));
    }
    for body in &mut shards {
        if body.is_empty() {
            body.push('{');
        }
        body.push('}');
    }
    shards
}

/// One document shard's body: its departments, then its documents (kind, department, title,
/// link, fields).
fn doc_shard_body(chunk: &[SearchDoc]) -> String {
    let mut departments: BTreeMap<&str, (usize, &str)> = BTreeMap::new();
    let mut first = BTreeMap::new();
    let rows: Vec<Value> = chunk
        .iter()
        .map(|d| {
            let n = first.len();
            let dept = *first.entry(d.department.as_str()).or_insert(n);
            departments.insert(&d.department, (dept, &d.department_name));
            let fields: Vec<Value> = d
                .fields
                .iter()
                .map(|f| json!([f.kind.index(), f.text]))
                .collect();
            json!([d.kind.index(), dept, d.title, d.href(), fields])
        })
        .collect();
    let mut by_index: Vec<(usize, &str, &str)> = departments
        .iter()
        .map(|(slug, (i, name))| (*i, *slug, *name))
        .collect();
    by_index.sort_unstable();
    let departments: Vec<Value> = by_index
        .into_iter()
        .map(|(_, slug, name)| json!([slug, name]))
        .collect();
    json!({"departments": departments, "docs": rows}).to_string()
}

fn meta_body(id: &str, docs: usize, term_shards: usize, docs_per_shard: usize) -> String {
    json!({
        "version": FORMAT_VERSION,
        "id": id,
        "docs": docs,
        "term_shards": term_shards,
        "doc_shard_size": docs_per_shard,
        "window": DEFAULT_WINDOW,
        "kinds": Kind::ALL.iter().map(|k| json!([k.id(), k.label_zh()])).collect::<Vec<_>>(),
        "fields": FieldKind::ALL.iter().map(|f| json!([f.weight(), f.positional()])).collect::<Vec<_>>(),
    })
    .to_string()
}

/// A shard as a script that hands its body to `search.js`.
fn shard_file(id: &str, kind: &str, shard: Option<usize>, body: &str) -> (String, String) {
    let name = urls::search_file(kind, id, shard);
    let args = format!("\"{kind}\",\"{id}\",{},{body}", shard.unwrap_or(0));
    (name, format!("(self.__gk=self.__gk||[]).push([{args}]);\n"))
}

/// One department's search documents with their postings, worked out where the department is
/// (in parallel with the others), for [`IndexWriter::add`].
#[derive(Debug, Clone)]
pub struct PreparedDocs {
    docs: Vec<SearchDoc>,
    postings: Vec<Vec<DocPosting>>,
}

impl PreparedDocs {
    pub fn new(docs: Vec<SearchDoc>) -> PreparedDocs {
        let postings = docs.iter().map(doc_postings).collect();
        PreparedDocs { docs, postings }
    }
}

/// The index built as the departments come, in site order: each term keeps only its postings
/// encoded so far (a few bytes each), and each document shard is handed back as soon as it is
/// full. Gives the same files as [`Index::files_with_id`] on all the documents at once.
pub struct IndexWriter {
    id: String,
    docs_per_shard: usize,
    next_doc: u32,
    /// Per term: the last document id written and the encoded postings.
    terms: std::collections::HashMap<String, (u32, String)>,
    chunk: Vec<SearchDoc>,
    doc_shards: usize,
}

impl IndexWriter {
    pub fn new(id: &str) -> IndexWriter {
        IndexWriter {
            id: id.to_string(),
            docs_per_shard: DOCS_PER_SHARD,
            next_doc: 0,
            terms: std::collections::HashMap::new(),
            chunk: Vec::new(),
            doc_shards: 0,
        }
    }

    /// Adds the next department's documents; returns the document shards this filled.
    pub fn add(&mut self, prepared: PreparedDocs) -> Vec<(String, String)> {
        let mut files = Vec::new();
        for (doc, postings) in prepared.docs.into_iter().zip(prepared.postings) {
            let id = self.next_doc;
            self.next_doc += 1;
            for (term, field, tf, positions) in postings {
                let (last, out) = self.terms.entry(term).or_insert((0, String::new()));
                let mut push = |n: u32| {
                    if !out.is_empty() {
                        out.push(',');
                    }
                    let _ = write!(out, "{n}");
                };
                push(id - *last);
                *last = id;
                let positional = field.positional();
                let tf = if positional {
                    positions.len() as u32
                } else {
                    tf
                };
                push(tf * 4 + field.index());
                if positional {
                    let mut previous = 0;
                    for pos in positions {
                        push(pos - previous);
                        previous = pos;
                    }
                }
            }
            self.chunk.push(doc);
            if self.chunk.len() == self.docs_per_shard {
                files.push(self.flush());
            }
        }
        files
    }

    fn flush(&mut self) -> (String, String) {
        let body = doc_shard_body(&self.chunk);
        self.chunk.clear();
        self.doc_shards += 1;
        shard_file(&self.id, "d", Some(self.doc_shards - 1), &body)
    }

    /// The last document shard, the term shards and the metadata.
    pub fn finish(self) -> SearchFiles {
        let mut files = Vec::new();
        let meta = self
            .finish_into(|path, contents| {
                files.push((path, contents));
                Ok::<(), std::convert::Infallible>(())
            })
            .unwrap_or_else(|never| match never {});
        let build_id = meta
            .strip_prefix("search/meta-")
            .and_then(|m| m.strip_suffix(".js"))
            .unwrap_or_default()
            .to_string();
        SearchFiles {
            build_id,
            meta,
            files,
        }
    }

    /// [`IndexWriter::finish`], handing each file to `emit` as soon as it is made (one term
    /// shard at a time, each term's postings let go as they are written); returns the path of the
    /// metadata file.
    pub fn finish_into<E>(
        mut self,
        mut emit: impl FnMut(String, String) -> Result<(), E>,
    ) -> Result<String, E> {
        if !self.chunk.is_empty() {
            let (path, contents) = self.flush();
            emit(path, contents)?;
        }
        let total: usize = self
            .terms
            .iter()
            .map(|(t, (_, p))| t.len() + p.len() + 6)
            .sum();
        let count = total.div_ceil(TERM_SHARD_TARGET).max(1) as u32;
        let mut groups: Vec<Vec<String>> = vec![Vec::new(); count as usize];
        for term in self.terms.keys() {
            groups[shard_of(term, count) as usize].push(term.clone());
        }
        for (n, mut group) in groups.into_iter().enumerate() {
            group.sort_unstable();
            let mut body = String::from("{");
            for term in group {
                let (_, postings) = self.terms.remove(&term).unwrap_or_default();
                if body.len() > 1 {
                    body.push(',');
                }
                let _ = write!(body, "{}:[{postings}]", json_string(&term));
            }
            body.push('}');
            let (path, contents) = shard_file(&self.id, "t", Some(n), &body);
            emit(path, contents)?;
        }
        let meta = meta_body(
            &self.id,
            self.next_doc as usize,
            count as usize,
            self.docs_per_shard,
        );
        let (path, contents) = shard_file(&self.id, "meta", None, &meta);
        emit(path.clone(), contents)?;
        Ok(path)
    }
}

/// The files of a built index, paths relative to the site root.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchFiles {
    pub build_id: String,
    /// The metadata file every page includes with a `<script>` tag.
    pub meta: String,
    /// `(path, contents)`, sorted as written: meta, term shards, document shards.
    pub files: Vec<(String, String)>,
}

/// Builds the index of the documents and its files.
pub fn build_index(docs: &[SearchDoc]) -> SearchFiles {
    Index::new(docs).files()
}

/// The search index of a set of budgets, named after its contents. The site build makes the same
/// files through [`IndexWriter`], one department at a time and named after its inputs.
pub fn search_files(budgets: &[Budget]) -> SearchFiles {
    build_index(&documents(budgets))
}

/// Writes the search index of the budgets into `out_dir` (creating `out_dir/search/`) and returns
/// what was written (for `examples/search_index.rs`; the site build writes its index through
/// its one write function).
pub fn write_search(budgets: &[Budget], out_dir: &Path) -> std::io::Result<SearchFiles> {
    let files = search_files(budgets);
    std::fs::create_dir_all(out_dir.join("search"))?;
    for (path, contents) in &files.files {
        std::fs::write(out_dir.join(path), contents)?;
    }
    Ok(files)
}

/// Postings as a flat list of integers: per (document, field kind), the document id's distance
/// from the previous entry's, then `tf * 4 + field`, then for positional kinds the `tf` positions
/// as distances from the previous one.
fn encode_postings(postings: &[Posting]) -> String {
    let mut out = String::new();
    let mut previous = 0;
    for p in postings {
        let mut push = |n: u32| {
            if !out.is_empty() {
                out.push(',');
            }
            let _ = write!(out, "{n}");
        };
        push(p.doc - previous);
        previous = p.doc;
        let tf = if p.field.positional() {
            p.positions.len() as u32
        } else {
            p.tf
        };
        push(tf * 4 + p.field.index());
        if p.field.positional() {
            let mut last = 0;
            for &pos in &p.positions {
                push(pos - last);
                last = pos;
            }
        }
    }
    out
}

fn json_string(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into())
}

/// 64-bit FNV-1a: the build id only needs to change when the contents do.
pub(crate) struct Fnv64(u64);

impl Default for Fnv64 {
    fn default() -> Self {
        Fnv64(0xcbf2_9ce4_8422_2325)
    }
}

impl Fnv64 {
    pub(crate) fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 ^= u64::from(b);
            self.0 = self.0.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }

    pub(crate) fn finish(&self) -> u64 {
        self.0
    }

    /// The hash as a 12-digit hex id.
    pub(crate) fn id(&self) -> String {
        format!("{:012x}", self.0 & 0xffff_ffff_ffff)
    }
}

// ---------------------------------------------------------------------------------------------
// Ranking (mirrored by `search.js`)

/// How well a result matches, best first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Tier {
    /// The exact phrase in a title, code or name.
    PhraseInName = 1,
    /// The exact phrase in running text.
    Phrase = 2,
    /// Every term, not as one phrase.
    AllTerms = 3,
    /// At least half of the terms.
    Partial = 4,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Hit {
    pub doc: usize,
    pub tier: Tier,
    pub score: f64,
}

/// One term of a query: the index term, where it sits in the query, and whether it also stands
/// for every term it begins (the last Han character typed, or the last word typed so far).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueryTerm {
    pub term: String,
    pub offset: u32,
    pub prefix: bool,
}

/// The terms a query looks up. A Han run of two or more characters is its bigrams (the run's
/// last character is covered by the last bigram); a single Han character is looked up as a
/// prefix. Words are looked up whole, except the last one of the query when it is at least three
/// characters long and the query does not end in a space: it may still be being typed.
pub fn query_terms(query: &str) -> Vec<QueryTerm> {
    let tokens = tokenize(query);
    let normalized: Vec<char> = normalize(query).chars().collect();
    let ends_open = normalized.last().is_some_and(|c| is_word(*c));
    let mut terms: Vec<QueryTerm> = Vec::new();
    for (i, t) in tokens.iter().enumerate() {
        let first = t.term.chars().next().unwrap_or(' ');
        let count = t.term.chars().count();
        let term = if is_han(first) {
            let covered = count == 1
                && i > 0
                && tokens[i - 1].position + 1 == t.position
                && tokens[i - 1].term.chars().count() == 2
                && tokens[i - 1].term.chars().all(is_han);
            if covered {
                continue;
            }
            QueryTerm {
                term: t.term.clone(),
                offset: t.position,
                prefix: count == 1,
            }
        } else {
            let last = i + 1 == tokens.len();
            QueryTerm {
                term: t.term.clone(),
                offset: t.position,
                prefix: last && ends_open && count >= 3,
            }
        };
        if !terms
            .iter()
            .any(|q| q.term == term.term && q.prefix == term.prefix)
        {
            terms.push(term);
        }
    }
    terms
}

/// Per query term, the document's occurrences: field kind → (tf, positions).
type Matches = BTreeMap<FieldKind, (u32, BTreeSet<u32>)>;

/// Ranks the documents for a query. Tiers, best first: the exact phrase in a title, code or name
/// (read off the positions); the exact phrase in running text (checked on the text, for the
/// results within the shown window only, as the browser only loads those); every term; at least
/// half of the terms. Within a tier by Σ idf · field weight · (1 + ln tf), then document order.
pub fn rank(index: &Index, query: &str, window: usize) -> Vec<Hit> {
    let terms = query_terms(query);
    if terms.is_empty() {
        return Vec::new();
    }
    let n = index.docs.len() as f64;
    let mut per_doc: BTreeMap<u32, Vec<Option<Matches>>> = BTreeMap::new();
    let mut idf = Vec::new();
    for (i, q) in terms.iter().enumerate() {
        let mut docs_of_term: BTreeMap<u32, Matches> = BTreeMap::new();
        let lookups: Vec<&Vec<Posting>> = if q.prefix {
            index
                .terms
                .range(q.term.clone()..)
                .take_while(|(t, _)| t.starts_with(&q.term))
                .map(|(_, p)| p)
                .collect()
        } else {
            index.terms.get(&q.term).into_iter().collect()
        };
        for postings in lookups {
            for p in postings {
                let m = docs_of_term.entry(p.doc).or_default();
                let e = m.entry(p.field).or_default();
                e.0 += p.tf;
                e.1.extend(p.positions.iter().copied());
            }
        }
        idf.push((1.0 + n / (docs_of_term.len().max(1) as f64)).ln());
        for (doc, m) in docs_of_term {
            per_doc
                .entry(doc)
                .or_insert_with(|| vec![None; terms.len()])[i] = Some(m);
        }
    }
    let needed = terms.len().div_ceil(2);
    let base = terms[0].offset;
    let mut hits: Vec<Hit> = per_doc
        .into_iter()
        .filter_map(|(doc, matches)| {
            let found = matches.iter().filter(|m| m.is_some()).count();
            if found < needed {
                return None;
            }
            let mut score = 0.0;
            for (m, w) in matches.iter().zip(&idf) {
                for (field, (tf, _)) in m.iter().flatten() {
                    score += w * f64::from(field.weight()) * (1.0 + f64::from(*tf).ln());
                }
            }
            let tier = if found < terms.len() {
                Tier::Partial
            } else if phrase_in_positions(&terms, &matches, base) {
                Tier::PhraseInName
            } else {
                Tier::AllTerms
            };
            Some(Hit {
                doc: doc as usize,
                tier,
                score,
            })
        })
        .collect();
    sort_hits(&mut hits);
    let phrase = normalize(query).trim().to_string();
    for hit in hits.iter_mut().take(window) {
        if hit.tier == Tier::AllTerms && text_has_phrase(&index.docs[hit.doc], &phrase) {
            hit.tier = Tier::Phrase;
        }
    }
    let shown = window.min(hits.len());
    sort_hits(&mut hits[..shown]);
    hits
}

fn sort_hits(hits: &mut [Hit]) {
    hits.sort_by(|a, b| {
        a.tier
            .cmp(&b.tier)
            .then(b.score.total_cmp(&a.score))
            .then(a.doc.cmp(&b.doc))
    });
}

/// True when, in one positional field kind, every term sits at its offset from a common start.
fn phrase_in_positions(terms: &[QueryTerm], matches: &[Option<Matches>], base: u32) -> bool {
    FieldKind::ALL
        .iter()
        .filter(|f| f.positional())
        .any(|field| {
            let Some(Some(first)) = matches.first() else {
                return false;
            };
            let Some((_, starts)) = first.get(field) else {
                return false;
            };
            starts.iter().any(|&start| {
                terms.iter().zip(matches).all(|(q, m)| {
                    m.as_ref()
                        .and_then(|m| m.get(field))
                        .is_some_and(|(_, ps)| ps.contains(&(start + q.offset - base)))
                })
            })
        })
}

fn text_has_phrase(doc: &SearchDoc, phrase: &str) -> bool {
    !phrase.is_empty()
        && doc
            .fields
            .iter()
            .filter(|f| !f.kind.positional())
            .any(|f| normalize(&f.text).contains(phrase))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms(text: &str) -> Vec<(String, u32)> {
        tokenize(text)
            .into_iter()
            .map(|t| (t.term, t.position))
            .collect()
    }

    fn t(term: &str, position: u32) -> (String, u32) {
        (term.to_string(), position)
    }

    #[test]
    fn han_runs_are_bigrams_plus_the_last_character() {
        assert_eq!(
            terms("电子政务"),
            vec![t("电子", 0), t("子政", 1), t("政务", 2), t("务", 3)]
        );
        assert_eq!(terms("热"), vec![t("热", 0)]);
    }

    #[test]
    fn words_are_whole_and_full_width_folds() {
        assert_eq!(
            terms("１２３４５热线ABC"),
            vec![t("12345", 0), t("热线", 5), t("线", 6), t("abc", 7)]
        );
        assert_eq!(
            terms("“三公”经费"),
            vec![t("三公", 1), t("公", 2), t("经费", 4), t("费", 5)]
        );
        assert_eq!(terms("  ，。 "), vec![]);
    }

    #[test]
    fn codes_are_indexed_under_their_prefixes() {
        let codes: Vec<String> = code_tokens("2010301").into_iter().map(|t| t.term).collect();
        assert_eq!(codes, vec!["2010301", "201", "20103"]);
        let plain: Vec<String> = code_tokens("12345").into_iter().map(|t| t.term).collect();
        assert_eq!(plain, vec!["12345"]);
    }

    #[test]
    fn shards_are_keyed_by_first_character_or_first_three() {
        assert_eq!(shard_key("电子"), "电");
        assert_eq!(shard_key("2010301"), "201");
        assert_eq!(shard_of("电子", 7), shard_of("电", 7));
        assert_eq!(shard_of("20103", 7), shard_of("2010301", 7));
    }

    #[test]
    fn query_terms_drop_the_covered_last_character_and_open_the_last_word() {
        let q = query_terms("电子政务");
        assert_eq!(
            q.iter().map(|q| q.term.as_str()).collect::<Vec<_>>(),
            ["电子", "子政", "政务"]
        );
        assert!(q.iter().all(|q| !q.prefix));
        let q = query_terms("热");
        assert!(q[0].prefix);
        let q = query_terms("2010");
        assert!(q[0].prefix);
        let q = query_terms("2010 ");
        assert!(!q[0].prefix);
        let q = query_terms("a 电");
        assert_eq!(q.len(), 2);
        assert!(q[1].prefix);
    }

    fn doc(kind: Kind, dept: &str, title: &str, fields: Vec<Field>) -> SearchDoc {
        SearchDoc {
            kind,
            department: dept.into(),
            department_name: dept.into(),
            title: title.into(),
            fields,
            url: format!("departments/{dept}/index.html"),
            anchor: None,
        }
    }

    fn titles(index: &Index, query: &str) -> Vec<(String, Tier)> {
        index
            .search(query, 8)
            .into_iter()
            .map(|h| (index.docs()[h.doc].title.clone(), h.tier))
            .collect()
    }

    #[test]
    fn ranking_puts_the_phrase_in_a_name_first() {
        let index = Index::new(&[
            doc(
                Kind::Narrative,
                "a",
                "主要职责",
                vec![Field::new(FieldKind::Text, "负责电子政务建设和政务公开")],
            ),
            doc(Kind::Project, "a", "政务服务电子化", vec![]),
            doc(Kind::Project, "a", "电子政务外网运维", vec![]),
            doc(Kind::Project, "a", "电子档案", vec![]),
        ]);
        assert_eq!(
            titles(&index, "电子政务"),
            vec![
                ("电子政务外网运维".to_string(), Tier::PhraseInName),
                ("主要职责".to_string(), Tier::Phrase),
                ("政务服务电子化".to_string(), Tier::Partial),
            ]
        );
        let one = titles(&index, "电");
        assert_eq!(one.len(), 4, "{one:?}");
        assert!(titles(&index, "齉龘").is_empty());
    }

    #[test]
    fn codes_match_whole_and_by_prefix() {
        let index = Index::new(&[
            doc(
                Kind::Function,
                "a",
                "行政运行",
                vec![Field::new(FieldKind::Code, "2010301")],
            ),
            doc(
                Kind::Function,
                "b",
                "一般行政管理事务",
                vec![Field::new(FieldKind::Code, "2010302")],
            ),
            doc(
                Kind::Function,
                "b",
                "行政运行",
                vec![Field::new(FieldKind::Code, "2010301")],
            ),
        ]);
        let hits = titles(&index, "2010301");
        assert_eq!(hits.len(), 2);
        assert!(
            hits.iter()
                .all(|(t, tier)| t == "行政运行" && *tier == Tier::PhraseInName)
        );
        assert_eq!(titles(&index, "20103 ").len(), 3);
        assert_eq!(
            titles(&index, "201030").len(),
            3,
            "the last word is a prefix"
        );
    }

    #[test]
    fn phrases_do_not_span_two_names() {
        let index = Index::new(&[doc(
            Kind::Project,
            "a",
            "甲",
            vec![
                Field::new(FieldKind::Name, "服务电子"),
                Field::new(FieldKind::Name, "政务"),
            ],
        )]);
        assert_eq!(titles(&index, "电子政务")[0].1, Tier::Partial);
    }

    #[test]
    fn files_are_deterministic_and_named_by_their_contents() {
        let docs = vec![doc(Kind::Project, "a", "电子政务", vec![])];
        let a = build_index(&docs);
        let b = build_index(&docs);
        assert_eq!(a, b);
        assert_eq!(a.meta, format!("search/meta-{}.js", a.build_id));
        assert!(a.files.iter().all(|(p, _)| p.contains(&a.build_id)));
        let c = build_index(&[doc(Kind::Project, "a", "电子政务外网", vec![])]);
        assert_ne!(a.build_id, c.build_id);
        let (_, meta) = &a.files[0];
        assert!(
            meta.starts_with("(self.__gk=self.__gk||[]).push([\"meta\""),
            "{meta}"
        );
    }
}
