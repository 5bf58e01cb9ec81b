//! Test support: the ranking `static/search.js` runs, mirrored in Rust. The site never calls it;
//! `tests/search.rs` checks it on the fixtures `search.js` is tested on (`tests/fixtures/search/`),
//! and the examples measure the index with it.

use super::*;

impl Index {
    /// The ranked results of a query, best first, at most `limit`; see [`rank`].
    pub fn search(&self, query: &str, limit: usize) -> Vec<Hit> {
        rank(self, query, limit.max(1))
    }
}

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
pub(super) type Matches = BTreeMap<FieldKind, (u32, BTreeSet<u32>)>;

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

pub(super) fn sort_hits(hits: &mut [Hit]) {
    hits.sort_by(|a, b| {
        a.tier
            .cmp(&b.tier)
            .then(b.score.total_cmp(&a.score))
            .then(a.doc.cmp(&b.doc))
    });
}

/// True when, in one positional field kind, every term sits at its offset from a common start.
pub(super) fn phrase_in_positions(
    terms: &[QueryTerm],
    matches: &[Option<Matches>],
    base: u32,
) -> bool {
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

pub(super) fn text_has_phrase(doc: &SearchDoc, phrase: &str) -> bool {
    !phrase.is_empty()
        && doc
            .fields
            .iter()
            .filter(|f| !f.kind.positional())
            .any(|f| normalize(&f.text).contains(phrase))
}
