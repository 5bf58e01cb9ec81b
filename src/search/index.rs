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

    /// The files: `search/meta.js`, the manifest, the term and the document shards.
    /// Deterministic: the same documents always give the same files.
    pub fn files(&self) -> SearchFiles {
        self.files_sharded(TERM_SHARD_TARGET, DOC_SHARD_MAX)
    }

    /// [`Index::files`] with other shard sizes (tests use small ones to get many shards).
    pub fn files_sharded(&self, term_shard_bytes: usize, doc_shard_bytes: usize) -> SearchFiles {
        let mut writer = IndexWriter::with_shard_sizes(term_shard_bytes, doc_shard_bytes);
        let mut files = writer.add(PreparedDocs::new(self.docs.clone()));
        let rest = writer.finish();
        files.extend(rest.files);
        SearchFiles { files, ..rest }
    }
}

/// One term in one field kind of one document: the term, the kind, its count and positions.
pub(super) type DocPosting = (String, FieldKind, u32, Vec<u32>);

/// A document's postings, its department's name included (as running text of every place but
/// the department itself): what a query matches it by.
pub(super) fn doc_postings(doc: &SearchDoc) -> Vec<DocPosting> {
    let department =
        (doc.kind != Kind::Department).then_some((FieldKind::Text, doc.department_name.as_str()));
    postings_of(doc.own_fields().chain(department))
}

/// Per (term, field kind), in that order, the term's count and (for positional kinds) its
/// character positions, fields of one kind laid end to end one apart so a phrase never spans two
/// names.
fn postings_of<'a>(fields: impl Iterator<Item = (FieldKind, &'a str)>) -> Vec<DocPosting> {
    let mut base: BTreeMap<FieldKind, u32> = BTreeMap::new();
    let mut found: BTreeMap<(String, FieldKind), (u32, Vec<u32>)> = BTreeMap::new();
    for (kind, text) in fields {
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
            let tf = if field.positional() {
                positions.len() as u32
            } else {
                tf
            };
            (term, field, tf, positions)
        })
        .collect()
}

/// A shard as a script that hands its body to `search.js`: `[kind, name, number, body]`.
fn shard_file(kind: &str, hash: &str, number: usize, body: &str) -> (String, String) {
    (
        urls::search_file(kind, hash, number),
        script(&format!("\"{kind}\",\"{hash}\",{number},{body}")),
    )
}

fn script(args: &str) -> String {
    format!("(self.__gk=self.__gk||[]).push([{args}]);\n")
}

fn content_hash(body: &str) -> String {
    let mut hash = Fnv64::default();
    hash.write(body.as_bytes());
    hash.id()
}

/// One department's search documents with their postings and their document-shard form, worked
/// out where the department is (in parallel with the others), for [`IndexWriter::add`]. The
/// build's cache keeps it as it is, so an index made again from the cache tokenizes nothing.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PreparedDocs {
    departments: Vec<PreparedDepartment>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct PreparedDepartment {
    slug: String,
    /// Per place, the postings of its own fields (not the department's name).
    postings: Vec<Vec<DocPosting>>,
    /// The runs of places other than the department itself, `(first, count)`: the places the
    /// department's name finds.
    runs: Vec<(usize, u32)>,
    /// The terms of the department's name and their counts.
    name_terms: Vec<(String, u32)>,
    /// The places as [`encode::department_block`] writes them.
    block: String,
}

impl PreparedDocs {
    /// The documents, each department's together (as [`documents`] gives them).
    pub fn new(docs: Vec<SearchDoc>) -> PreparedDocs {
        let mut departments = Vec::new();
        let mut rest = docs.as_slice();
        while let Some(first) = rest.first() {
            let same = rest
                .iter()
                .take_while(|d| {
                    d.department == first.department && d.department_name == first.department_name
                })
                .count();
            let (places, after) = rest.split_at(same);
            departments.push(PreparedDepartment::new(places));
            rest = after;
        }
        PreparedDocs { departments }
    }
}

impl PreparedDepartment {
    fn new(places: &[SearchDoc]) -> PreparedDepartment {
        let mut runs: Vec<(usize, u32)> = Vec::new();
        for (i, d) in places.iter().enumerate() {
            if d.kind == Kind::Department {
                continue;
            }
            match runs.last_mut() {
                Some((first, count)) if *first + *count as usize == i => *count += 1,
                _ => runs.push((i, 1)),
            }
        }
        let name = places
            .first()
            .map(|d| d.department_name.as_str())
            .unwrap_or_default();
        let name_terms = postings_of(std::iter::once((FieldKind::Text, name)))
            .into_iter()
            .map(|(term, _, tf, _)| (term, tf))
            .collect();
        PreparedDepartment {
            slug: places
                .first()
                .map(|d| d.department.clone())
                .unwrap_or_default(),
            postings: places.iter().map(|d| postings_of(d.own_fields())).collect(),
            runs,
            name_terms,
            block: encode::department_block(places),
        }
    }
}

/// The index built as the departments come, in site order: each term keeps only its postings
/// encoded so far (two or three characters each), and each document shard is handed back as soon
/// as it is full. [`Index::files`] gives the same files for the same documents.
pub struct IndexWriter {
    term_shard_bytes: usize,
    doc_shard_bytes: usize,
    next_doc: u32,
    /// Per term: the document of its last entry and the encoded postings.
    terms: std::collections::HashMap<String, (u32, String)>,
    /// The department blocks of the document shard being filled, and its number of places.
    chunk: String,
    chunk_docs: u32,
    /// The document shards written: content hash and number of places.
    doc_shards: Vec<(String, u32)>,
}

impl Default for IndexWriter {
    fn default() -> Self {
        IndexWriter::new()
    }
}

impl IndexWriter {
    pub fn new() -> IndexWriter {
        IndexWriter::with_shard_sizes(TERM_SHARD_TARGET, DOC_SHARD_MAX)
    }

    fn with_shard_sizes(term_shard_bytes: usize, doc_shard_bytes: usize) -> IndexWriter {
        IndexWriter {
            term_shard_bytes: term_shard_bytes.max(1),
            doc_shard_bytes: doc_shard_bytes.max(1),
            next_doc: 0,
            terms: std::collections::HashMap::new(),
            chunk: String::new(),
            chunk_docs: 0,
            doc_shards: Vec::new(),
        }
    }

    /// Adds the next departments' documents; returns the document shards this filled.
    pub fn add(&mut self, prepared: PreparedDocs) -> Vec<(String, String)> {
        let mut files = Vec::new();
        for department in prepared.departments {
            let first = self.next_doc;
            let places = department.postings.len() as u32;
            let mut runs = department.runs.iter().peekable();
            for (i, postings) in department.postings.into_iter().enumerate() {
                let id = first + i as u32;
                while let Some((_, count)) = runs.next_if(|(start, _)| *start == i) {
                    for (term, tf) in &department.name_terms {
                        self.push(term, id, encode::DEPARTMENT_RUN, *tf, Some(*count), &[]);
                    }
                }
                for (term, field, tf, positions) in postings {
                    self.push(&term, id, field.index(), tf, None, &positions);
                }
            }
            self.next_doc += places;
            if !self.chunk.is_empty() {
                self.chunk.push(',');
            }
            self.chunk.push_str(&department.block);
            self.chunk_docs += places;
            let cut = self.chunk.len() >= self.doc_shard_bytes
                || (self.chunk.len() >= self.doc_shard_bytes / 4 && ends_a_shard(&department.slug));
            if cut {
                files.push(self.flush());
            }
        }
        files
    }

    fn push(
        &mut self,
        term: &str,
        doc: u32,
        field: u32,
        tf: u32,
        run: Option<u32>,
        positions: &[u32],
    ) {
        let (last, out) = match self.terms.get_mut(term) {
            Some(entry) => entry,
            None => self
                .terms
                .entry(term.to_string())
                .or_insert((0, String::new())),
        };
        encode::push_posting(out, doc - *last, field, tf, run, positions);
        *last = doc;
    }

    fn flush(&mut self) -> (String, String) {
        let body = format!("[{}]", self.chunk);
        let hash = content_hash(&body);
        let file = shard_file("d", &hash, self.doc_shards.len(), &body);
        self.doc_shards.push((hash, self.chunk_docs));
        self.chunk.clear();
        self.chunk_docs = 0;
        file
    }

    /// The last document shard, the term shards, the manifest and the metadata.
    pub fn finish(self) -> SearchFiles {
        let mut files = Vec::new();
        let meta = self
            .finish_into(|path, contents| {
                files.push((path, contents));
                Ok::<(), std::convert::Infallible>(())
            })
            .unwrap_or_else(|never| match never {});
        SearchFiles { meta, files }
    }

    /// [`IndexWriter::finish`], handing each file to `emit` as soon as it is made (one term
    /// shard at a time, each term's postings let go as they are written); returns the path of the
    /// metadata file, which comes last.
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
        let count = total.div_ceil(self.term_shard_bytes).max(1) as u32;
        let mut groups: Vec<Vec<String>> = vec![Vec::new(); count as usize];
        for term in self.terms.keys() {
            groups[shard_of(term, count) as usize].push(term.clone());
        }
        let mut term_shards = Vec::with_capacity(groups.len());
        for (n, mut group) in groups.into_iter().enumerate() {
            group.sort_unstable();
            let mut body = String::from("{");
            for term in group {
                let (_, postings) = self.terms.remove(&term).unwrap_or_default();
                if body.len() > 1 {
                    body.push(',');
                }
                let _ = write!(
                    body,
                    "{}:{}",
                    encode::json_string(&term),
                    encode::json_string(&postings)
                );
            }
            body.push('}');
            let hash = content_hash(&body);
            let (path, contents) = shard_file("t", &hash, n, &body);
            emit(path, contents)?;
            term_shards.push(hash);
        }
        let manifest = json!({
            "docs": self.next_doc,
            "t": term_shards,
            "d": self.doc_shards.iter().map(|(h, _)| h).collect::<Vec<_>>(),
            "dn": self.doc_shards.iter().map(|(_, n)| n).collect::<Vec<_>>(),
        })
        .to_string();
        let id = content_hash(&manifest);
        let (path, contents) = shard_file("m", &id, 0, &manifest);
        emit(path, contents)?;
        let meta = json!({
            "version": FORMAT_VERSION,
            "window": DEFAULT_WINDOW,
            "kinds": Kind::ALL.iter().map(|k| json!([k.id(), k.label_zh(), k.anchor_prefix()])).collect::<Vec<_>>(),
            "fields": FieldKind::ALL.iter().map(|f| json!([f.weight(), f.positional()])).collect::<Vec<_>>(),
        })
        .to_string();
        let path = urls::SEARCH_META.to_string();
        emit(path.clone(), script(&format!("\"meta\",\"{id}\",0,{meta}")))?;
        Ok(path)
    }
}

/// Whether a document shard may end after this department (see [`DOC_SHARD_CUT`]).
fn ends_a_shard(slug: &str) -> bool {
    let mut hash = Fnv64::default();
    hash.write(slug.as_bytes());
    hash.finish() % DOC_SHARD_CUT == 0
}

/// The files of a built index, paths relative to the site root.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchFiles {
    /// The metadata file every page includes with a `<script>` tag.
    pub meta: String,
    /// `(path, contents)` as written: document shards, term shards, manifest, metadata.
    pub files: Vec<(String, String)>,
}

/// Builds the index of the documents and its files.
pub fn build_index(docs: &[SearchDoc]) -> SearchFiles {
    let mut writer = IndexWriter::new();
    let mut files = writer.add(PreparedDocs::new(docs.to_vec()));
    let rest = writer.finish();
    files.extend(rest.files);
    SearchFiles { files, ..rest }
}

/// The search index of a set of budgets. The site build makes the same files through
/// [`IndexWriter`], one department at a time.
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

/// 64-bit FNV-1a: a shard's name only needs to change when its contents do.
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
