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
//! The index is sharded so a query loads only what it needs: a small metadata file (every page
//! links it), the manifest it names (the shards' names, loaded with the first query), the term
//! shards the query's terms hash to (by first character for Han terms, so a one-character query
//! needs one shard), and the document shards of the results it shows. Every file but the
//! metadata is named after its contents, so a browser never mixes files of two builds, and a
//! change to one department leaves the document shards of the others as they were.
//!
//! What keeps it small (about 11 KB a department on the 1,000-department synthetic site of
//! `examples/synth.rs`, from 38 KB in format 1): posting lists
//! are strings of base-46 digits, two or three characters an entry ([`encode`]); a department's
//! name, which every place of it is found by, is one entry for all its places; a department's
//! places are stored with its page once, anchors without their kind's prefix and the texts it
//! repeats once; a narrative section is one place, not one per paragraph.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::Path;

use serde::{Deserialize, Serialize};
use serde_json::json;
use unicode_normalization::UnicodeNormalization;

use crate::format;
use crate::model::{Budget, Figure, SanggongItem, preorder};
use crate::site::urls;

mod encode;
mod index;
mod ranking;
mod tokenize;

pub use index::*;
pub use ranking::*;
pub use tokenize::*;

/// Version of the file format; `search.js` refuses an index of another version.
pub const FORMAT_VERSION: u32 = 2;
/// Uncompressed size a term shard aims at.
const TERM_SHARD_TARGET: usize = 48 * 1024;
/// Uncompressed size a document shard stays under (unless one department is larger); it ends
/// earlier, after a quarter of it, at a department whose name hashes to a multiple of
/// [`DOC_SHARD_CUT`], so where the shards end does not depend on the departments before.
const DOC_SHARD_MAX: usize = 32 * 1024;
const DOC_SHARD_CUT: u64 = 4;
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

    /// The label a result shows (the index carries the Chinese one; a page in another
    /// language gives search.js its own from its strings table).
    pub fn label_zh(self) -> &'static str {
        crate::strings::Lang::ZhCn.get(&format!("kind_{}", self.id()))
    }

    /// What the anchors of this kind's places start with; the document shards leave it out.
    pub fn anchor_prefix(self) -> &'static str {
        match self {
            Kind::Function => "fn-",
            Kind::Economic => "ec-",
            Kind::Project => "project-",
            Kind::Finding => "finding-",
            _ => "",
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
    /// Short names that belong to the result (the unit that runs a project, its category).
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
    /// The figure the place is about in 万元, as a result shows it (`4.10`; the result adds the
    /// unit in the page's language); not indexed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub figure: Option<String>,
}

impl SearchDoc {
    /// The link: page and anchor.
    pub fn href(&self) -> String {
        match &self.anchor {
            Some(a) => urls::anchor(&self.url, a),
            None => self.url.clone(),
        }
    }

    /// Title first, then the other fields, in order. A query also finds every place but the
    /// department itself by the department's name, as running text ([`doc_postings`]): a query
    /// that names a department finds that department's places with every term ("卫辉 三公" →
    /// 卫辉's 三公 section), ahead of the other departments' places that match the rest only.
    /// The shards hold that once per department, not once per place.
    fn own_fields(&self) -> impl Iterator<Item = (FieldKind, &str)> {
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
            figure: None,
        };
        let with_figure = |mut d: SearchDoc, figure: Option<&Figure>| {
            d.figure = figure.map(|f| format::amount(f.amount.value()));
            d
        };
        docs.push(with_figure(
            doc(
                Kind::Department,
                name,
                vec![Field::new(FieldKind::Name, slug)],
                None,
            ),
            b.totals.expenditure.as_ref(),
        ));
        for (_, n) in preorder(&b.by_function) {
            docs.push(with_figure(
                doc(
                    Kind::Function,
                    n.name.as_deref().unwrap_or_default(),
                    vec![Field::new(FieldKind::Code, n.code.as_str())],
                    Some(format!("fn-{}", n.code)),
                ),
                n.amount.as_ref(),
            ));
        }
        for (_, n) in preorder(&b.by_economic) {
            docs.push(with_figure(
                doc(
                    Kind::Economic,
                    n.name.as_deref().unwrap_or_default(),
                    vec![Field::new(FieldKind::Code, n.code.as_str())],
                    Some(format!("ec-{}", n.code)),
                ),
                n.amount.as_ref(),
            ));
        }
        if b.sanggong.any() {
            docs.push(with_figure(
                doc(
                    Kind::Sanggong,
                    "“三公”经费",
                    vec![Field::new(FieldKind::Name, sanggong_item_names())],
                    Some("sanggong".into()),
                ),
                b.sanggong.total.as_ref(),
            ));
        }
        // Projects by name, code, unit and category, not by their performance indicators: those
        // are mostly the same few phrases (预算执行率, 资金拨付及时率, 满意度) in every project of
        // every department, and made up over half of the index (about 5.5 KB of a department's
        // 17.5 KB at 1,000 departments) for results that cannot tell one project from another.
        // The same holds for the department's overall indicators.
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
            docs.push(with_figure(
                doc(
                    Kind::Project,
                    &p.name,
                    fields,
                    Some(format!("project-{}", i + 1)),
                ),
                p.amount.as_ref(),
            ));
        }
        for (i, f) in b.findings.iter().enumerate() {
            docs.push(doc(
                Kind::Finding,
                &finding_title(&f.message_zh),
                Vec::new(),
                Some(format!("finding-{}", i + 1)),
            ));
        }
        // One place per section, its paragraphs as fields (a phrase never spans two): the
        // section is what a result links to, and one entry per paragraph repeated the title,
        // link and postings of the department's name for every paragraph.
        for (title, anchor, texts) in [
            ("主要职责", "responsibilities", &b.responsibilities),
            ("机构设置", "structure", &b.structure),
        ] {
            if !texts.is_empty() {
                docs.push(doc(
                    Kind::Narrative,
                    title,
                    texts
                        .iter()
                        .map(|t| Field::new(FieldKind::Text, t.text.as_str()))
                        .collect(),
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

/// How much of a finding's message its result shows and is found by: enough to say what it is
/// about (the message names the table or figure first, then the figures compared, often 60
/// characters and more, which the department page shows).
const FINDING_TITLE_CHARS: usize = 36;

fn finding_title(message: &str) -> String {
    match message.char_indices().nth(FINDING_TITLE_CHARS) {
        Some((cut, _)) => format!("{}…", &message[..cut]),
        None => message.to_string(),
    }
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
    fn a_finding_is_found_by_the_start_of_its_message() {
        let long = "说".repeat(FINDING_TITLE_CHARS + 1);
        assert_eq!(
            finding_title(&long),
            format!("{}…", "说".repeat(FINDING_TITLE_CHARS))
        );
        let fits = "说".repeat(FINDING_TITLE_CHARS);
        assert_eq!(finding_title(&fits), fits);
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
            figure: None,
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
        // The metadata's name is fixed (every page links it) and it comes last; it names the
        // manifest, which names the shards; every other file is named after its contents.
        assert_eq!(a.meta, "search/meta.js");
        let (last, meta) = a.files.last().unwrap();
        assert_eq!(last, &a.meta);
        assert!(
            meta.starts_with("(self.__gk=self.__gk||[]).push([\"meta\""),
            "{meta}"
        );
        for (path, contents) in &a.files[..a.files.len() - 1] {
            let body = contents.split_once(',').unwrap().1;
            let (hash, rest) = body.split_once(',').unwrap();
            let hash = hash.trim_matches('"');
            assert!(path.contains(hash), "{path}");
            let data = rest.split_once(',').unwrap().1;
            let data = data.strip_suffix("]);\n").unwrap();
            let mut fnv = Fnv64::default();
            fnv.write(data.as_bytes());
            assert_eq!(fnv.id(), hash, "{path} is named after its contents");
        }
        let manifest = &a.files[a.files.len() - 2].0;
        assert!(manifest.starts_with("search/m-"), "{manifest}");
        let manifest_id = manifest.split('-').nth(1).unwrap();
        assert!(meta.contains(manifest_id));
        let c = build_index(&[doc(Kind::Project, "a", "电子政务外网", vec![])]);
        assert_ne!(a.files.last(), c.files.last());
    }

    #[test]
    fn a_changed_department_leaves_the_others_document_shards_as_they_were() {
        let site = |third: &str| {
            let mut docs = Vec::new();
            for (i, name) in ["甲局", "乙局", "丙局", "丁局", "戊局", "己局"]
                .iter()
                .enumerate()
            {
                let project = if i == 2 { third } else { "档案管理" };
                docs.extend(department(&format!("d{i}"), name, &[project, "电子政务"]));
            }
            let names: BTreeSet<String> = Index::new(&docs)
                .files_sharded(48 * 1024, 64)
                .files
                .into_iter()
                .map(|(path, _)| path)
                .filter(|p| p.starts_with("search/d-"))
                .collect();
            names
        };
        let before = site("档案管理");
        let after = site("档案数字化");
        assert!(before.len() > 2, "{before:?}");
        let renamed: Vec<&String> = before.difference(&after).collect();
        assert_eq!(renamed.len(), 1, "{before:?} → {after:?}");
    }

    fn department(slug: &str, name: &str, projects: &[&str]) -> Vec<SearchDoc> {
        let mut docs = vec![doc(Kind::Department, slug, name, vec![])];
        for p in projects {
            docs.push(doc(
                Kind::Project,
                slug,
                p,
                vec![
                    Field::new(FieldKind::Code, "2010301"),
                    Field::new(FieldKind::Name, "服务对象满意度"),
                    Field::new(FieldKind::Text, "负责电子政务建设和政务公开，电子政务"),
                ],
            ));
        }
        for d in &mut docs {
            d.department_name = name.to_string();
        }
        docs
    }

    /// Per (term, document, field): tf and positions, as the term shards say, each department's
    /// name spread over the places it stands for (as `search.js` does).
    type Occurrences = BTreeMap<(String, u32, u32), (u32, BTreeSet<u32>)>;

    fn decoded_shards(files: &SearchFiles) -> Occurrences {
        let mut out = Occurrences::new();
        for (path, contents) in &files.files {
            if !path.starts_with("search/t-") {
                continue;
            }
            let body = contents.splitn(4, ',').nth(3).unwrap();
            let body: BTreeMap<String, String> =
                serde_json::from_str(body.strip_suffix("]);\n").unwrap()).unwrap();
            for (term, text) in body {
                let list = encode::numbers(&text).unwrap();
                let (mut i, mut doc) = (0, 0);
                while i < list.len() {
                    let head = list[i];
                    i += 1;
                    let tf = if head % 2 == 1 {
                        i += 1;
                        list[i - 1] + 2
                    } else {
                        1
                    };
                    let field = (head / 2) % 5;
                    doc += head / 10;
                    if field == encode::DEPARTMENT_RUN {
                        for d in doc..doc + list[i] {
                            out.entry((term.clone(), d, FieldKind::Text.index()))
                                .or_default()
                                .0 += tf;
                        }
                        i += 1;
                        continue;
                    }
                    let e = out.entry((term.clone(), doc, field)).or_default();
                    e.0 += tf;
                    if FieldKind::ALL[field as usize].positional() {
                        let mut at = 0;
                        for _ in 0..tf {
                            at += list[i];
                            i += 1;
                            e.1.insert(at);
                        }
                    }
                }
            }
        }
        out
    }

    #[test]
    fn the_shards_hold_the_postings_the_ranking_reads() {
        let mut docs = department(
            "a",
            "卫辉市人民政府办公室",
            &["电子政务外网运维", "档案管理"],
        );
        docs.extend(department("b", "漯河市财政局", &["12345热线"]));
        // A department whose own place is not first: its name still finds every other place.
        let mut c = department("c", "卫辉市财政局", &["电子档案", "政务公开"]);
        c.swap(0, 1);
        docs.extend(c);
        let index = Index::new(&docs);
        let mut expected = Occurrences::new();
        for (term, postings) in &index.terms {
            for p in postings {
                let e = expected
                    .entry((term.clone(), p.doc, p.field.index()))
                    .or_default();
                e.0 += p.tf;
                e.1.extend(p.positions.iter().copied());
            }
        }
        for sizes in [(48 * 1024, 32 * 1024), (64, 64)] {
            let files = index.files_sharded(sizes.0, sizes.1);
            assert_eq!(decoded_shards(&files), expected, "shard sizes {sizes:?}");
        }
        assert!(
            index
                .files_sharded(64, 64)
                .files
                .iter()
                .filter(|(p, _)| p.starts_with("search/d-"))
                .count()
                > 1
        );
    }
}
