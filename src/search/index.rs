//! The index: postings per term, sharded into the `<script>` files the browser loads.

use super::*;

/// The occurrences of a term in one field kind of one document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Posting {
    pub(super) doc: u32,
    pub(super) field: FieldKind,
    pub(super) tf: u32,
    /// Character positions (fields of the same kind laid end to end, one apart), for positional
    /// kinds only.
    pub(super) positions: Vec<u32>,
}

/// The index in memory: what the shards hold, and the same ranking `search.js` runs.
#[derive(Debug, Clone)]
pub struct Index {
    pub(super) docs: Vec<SearchDoc>,
    pub(super) terms: BTreeMap<String, Vec<Posting>>,
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

    /// The shard files: `search/meta.js`, `search/t-<id>-<n>.js`, `search/d-<id>-<n>.js`.
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
            meta: urls::SEARCH_META.to_string(),
            files,
        }
    }
}

/// One term in one field kind of one document: the term, the kind, its count and positions.
pub(super) type DocPosting = (String, FieldKind, u32, Vec<u32>);

/// A document's postings: per (term, field kind), in that order, the term's count and (for
/// positional kinds) its character positions, fields of one kind laid end to end one apart so a
/// phrase never spans two names.
pub(super) fn doc_postings(doc: &SearchDoc) -> Vec<DocPosting> {
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
pub(super) fn term_shard_bodies(
    encoded: &[(&str, String)],
    term_shard_bytes: usize,
) -> Vec<String> {
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
/// link, fields, and the figure when there is one).
pub(super) fn doc_shard_body(chunk: &[SearchDoc]) -> String {
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
            match &d.figure {
                Some(figure) => json!([d.kind.index(), dept, d.title, d.href(), fields, figure]),
                None => json!([d.kind.index(), dept, d.title, d.href(), fields]),
            }
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

pub(super) fn meta_body(
    id: &str,
    docs: usize,
    term_shards: usize,
    docs_per_shard: usize,
) -> String {
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
pub(super) fn shard_file(
    id: &str,
    kind: &str,
    shard: Option<usize>,
    body: &str,
) -> (String, String) {
    let name = match shard {
        Some(n) => urls::search_file(kind, id, n),
        None => urls::SEARCH_META.to_string(),
    };
    let args = format!("\"{kind}\",\"{id}\",{},{body}", shard.unwrap_or(0));
    (name, format!("(self.__gk=self.__gk||[]).push([{args}]);\n"))
}

/// One department's search documents with their postings, worked out where the department is
/// (in parallel with the others), for [`IndexWriter::add`]. Kept (by the build's cache) as its
/// documents alone: the postings, three times their size, are worked out again when read back.
#[derive(Debug, Clone, Deserialize)]
#[serde(from = "Vec<SearchDoc>")]
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

impl From<Vec<SearchDoc>> for PreparedDocs {
    fn from(docs: Vec<SearchDoc>) -> PreparedDocs {
        PreparedDocs::new(docs)
    }
}

impl Serialize for PreparedDocs {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.docs.serialize(s)
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
        let build_id = self.id.clone();
        let mut files = Vec::new();
        let meta = self
            .finish_into(|path, contents| {
                files.push((path, contents));
                Ok::<(), std::convert::Infallible>(())
            })
            .unwrap_or_else(|never| match never {});
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
pub(super) fn encode_postings(postings: &[Posting]) -> String {
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

pub(super) fn json_string(s: &str) -> String {
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

    /// The hash as a 12-digit hex id.
    pub(crate) fn id(&self) -> String {
        format!("{:012x}", self.0 & 0xffff_ffff_ffff)
    }
}
