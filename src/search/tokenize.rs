//! Tokenisation: normalised text → terms with positions (Han bigrams plus the last character,
//! whole words, codes under their prefixes), the same as `static/search.js`.

use super::*;

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

pub(super) fn field_tokens(kind: FieldKind, text: &str) -> Vec<Token> {
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
