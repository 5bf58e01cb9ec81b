//! Clauses of the narrative's sentences: where one ends, and the text of one before a place.

/// Byte ranges of the clauses of `text`, cut at `。；;`.
pub(crate) fn clauses(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, c) in text.char_indices() {
        if matches!(c, '。' | '；' | ';') {
            out.push((start, i));
            start = i + c.len_utf8();
        }
    }
    if start < text.len() {
        out.push((start, text.len()));
    }
    out
}

/// The longest clause a change is read from, in characters. A sentence states its subject and
/// comparison shortly before the verb; looking further back on text without sentence ends (a
/// broken extraction) would make reading a passage quadratic in its length.
pub(crate) const CLAUSE_CHARS: usize = 400;

/// The clause text before `at`: back to the sentence's end, at most `CLAUSE_CHARS` characters.
pub(crate) fn clause_before(text: &str, at: usize) -> &str {
    let head = text.get(..at).unwrap_or("");
    let mut start = head.len();
    for (i, c) in head.char_indices().rev().take(CLAUSE_CHARS) {
        if matches!(c, '。' | '；' | ';') {
            break;
        }
        start = i;
    }
    head.get(start..).unwrap_or("")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_clause_ends_at_its_sentence_or_after_a_bounded_look_back() {
        let text = "上年收入100万元。本年收入总计120万元，较上年增加";
        let at = text.find("增加").unwrap();
        assert_eq!(clause_before(text, at), "本年收入总计120万元，较上年");
        // Text without any sentence end (a broken extraction) is not read back to its start.
        let long = format!("{}较上年增加", "收入".repeat(5_000));
        let at = long.find("增加").unwrap();
        let clause = clause_before(&long, at);
        assert_eq!(clause.chars().count(), CLAUSE_CHARS);
        assert!(clause.ends_with("较上年"));
    }
}
