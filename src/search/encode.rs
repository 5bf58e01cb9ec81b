//! The compact forms the shards hold: posting lists as strings of base-46 digits, and a
//! department's places as one JSON array with the strings it repeats listed once. `search.js`
//! reads both (`numbers`, `departmentBlock`).

use super::*;

/// The printable ASCII characters but `"` and `\`, so an encoded list sits in a JSON string as it
/// is. The first [`BASE`] end a number, the others continue it: a number below 46 is one
/// character, below 2,116 two, below 97,336 three.
const DIGITS: &[u8; 92] =
    b"!#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[]^_`abcdefghijklmnopqrstuvwxyz{|}~";
const BASE: u32 = 46;

/// Appends `n` in base 46, most significant digit first.
pub(super) fn push_number(out: &mut String, mut n: u32) {
    let mut digits = [0u8; 6];
    let mut len = 0;
    loop {
        digits[len] = (n % BASE) as u8;
        len += 1;
        n /= BASE;
        if n == 0 {
            break;
        }
    }
    for (i, d) in digits[..len].iter().rev().enumerate() {
        let continues = i + 1 < len;
        let digit = usize::from(*d) + if continues { BASE as usize } else { 0 };
        out.push(char::from(DIGITS[digit]));
    }
}

/// The numbers of a string [`push_number`] wrote; `None` for a character it never writes.
#[cfg(test)]
pub(super) fn numbers(text: &str) -> Option<Vec<u32>> {
    let mut out = Vec::new();
    let mut value: u32 = 0;
    for b in text.bytes() {
        let digit = DIGITS.iter().position(|d| *d == b)? as u32;
        if digit >= BASE {
            value = value.checked_mul(BASE)?.checked_add(digit - BASE)?;
        } else {
            out.push(value.checked_mul(BASE)?.checked_add(digit)?);
            value = 0;
        }
    }
    Some(out)
}

/// The field number of a department's name in a posting list: the name is running text of each
/// of a run of the department's places, given once for the run (see [`push_posting`]).
pub(super) const DEPARTMENT_RUN: u32 = 4;
/// Field numbers 0–3 are [`FieldKind`]s, 4 is [`DEPARTMENT_RUN`].
const FIELD_CODES: u32 = 5;

/// One entry of a term's posting list: `(distance from the previous entry's document · 5 +
/// field) · 2 + (tf > 1)`, then `tf − 2` when tf > 1, then for [`DEPARTMENT_RUN`] the number of
/// places of the run, and for a positional field the `tf` positions, each as its distance from
/// the one before. A term in one field of the place after the last costs two or three characters.
pub(super) fn push_posting(
    out: &mut String,
    doc_delta: u32,
    field: u32,
    tf: u32,
    run: Option<u32>,
    positions: &[u32],
) {
    let more = u32::from(tf > 1);
    push_number(out, (doc_delta * FIELD_CODES + field) * 2 + more);
    if tf > 1 {
        push_number(out, tf - 2);
    }
    if let Some(run) = run {
        push_number(out, run);
    }
    let mut previous = 0;
    for &p in positions {
        push_number(out, p - previous);
        previous = p;
    }
}

/// A department's places as the document shards hold them: `[page, name, strings, place…]`, a
/// place `[kind, title, anchor, figure, field kind, text, …]`. A text the department uses more
/// than once (a code that is also the anchor, a name of several codes) is in `strings` once and a
/// place gives its number there. The anchor leaves out its kind's prefix (`fn-`, see
/// [`Kind::anchor_prefix`]); one that does not start with it keeps a leading `#`, and a place on
/// another page than the department's is `@` and its link. No figure is `""`.
pub(super) fn department_block(docs: &[SearchDoc]) -> String {
    let page = docs.first().map(|d| d.url.as_str()).unwrap_or_default();
    let name = docs
        .first()
        .map(|d| d.department_name.as_str())
        .unwrap_or_default();
    let rows: Vec<Vec<Cell>> = docs
        .iter()
        .map(|d| {
            let anchor = if d.url != page {
                format!("@{}", d.href())
            } else {
                match &d.anchor {
                    None => String::new(),
                    Some(a) => match a.strip_prefix(d.kind.anchor_prefix()) {
                        Some(rest) if !rest.is_empty() && !rest.starts_with(['#', '@']) => {
                            rest.to_string()
                        }
                        _ => format!("#{a}"),
                    },
                }
            };
            let mut row = vec![
                Cell::Number(d.kind.index() as u32),
                Cell::Text(d.title.clone()),
                Cell::Text(anchor),
                Cell::Text(d.figure.clone().unwrap_or_default()),
            ];
            for f in &d.fields {
                row.push(Cell::Number(f.kind.index()));
                row.push(Cell::Text(f.text.clone()));
            }
            row
        })
        .collect();
    let strings = repeated_strings(&rows);
    let number: BTreeMap<&str, usize> = strings
        .iter()
        .enumerate()
        .map(|(i, s)| (s.as_str(), i))
        .collect();
    let mut out = String::from("[");
    out.push_str(&json_string(page));
    out.push(',');
    out.push_str(&json_string(name));
    out.push_str(",[");
    for (i, s) in strings.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(&json_string(s));
    }
    out.push(']');
    for row in &rows {
        out.push_str(",[");
        for (i, cell) in row.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            match cell {
                Cell::Number(n) => {
                    let _ = write!(out, "{n}");
                }
                Cell::Text(t) => match number.get(t.as_str()) {
                    Some(n) => {
                        let _ = write!(out, "{n}");
                    }
                    None => out.push_str(&json_string(t)),
                },
            }
        }
        out.push(']');
    }
    out.push(']');
    out
}

enum Cell {
    Number(u32),
    Text(String),
}

/// The texts worth listing once, in the order they first occur: those whose repetitions cost
/// more than the list entry and the numbers that stand for them.
fn repeated_strings(rows: &[Vec<Cell>]) -> Vec<String> {
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    let mut order = Vec::new();
    for cell in rows.iter().flatten() {
        if let Cell::Text(t) = cell {
            let count = counts.entry(t.as_str()).or_insert(0);
            if *count == 0 {
                order.push(t.as_str());
            }
            *count += 1;
        }
    }
    let mut strings = Vec::new();
    for text in order {
        let count = counts[text];
        let size = json_string(text).len();
        let reference = strings.len().to_string().len();
        // Written out every time, against once in the list (and its comma) plus a number each time.
        if count * size > size + 1 + count * reference {
            strings.push(text.to_string());
        }
    }
    strings
}

pub(super) fn json_string(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::Value;

    #[test]
    fn numbers_round_trip_in_the_fewest_characters() {
        let values = [0, 1, 45, 46, 2115, 2116, 97_335, 97_336, u32::MAX];
        let mut out = String::new();
        for v in values {
            push_number(&mut out, v);
        }
        assert_eq!(numbers(&out), Some(values.to_vec()));
        let width = |v: u32| {
            let mut s = String::new();
            push_number(&mut s, v);
            s.len()
        };
        assert_eq!(
            [45, 46, 2115, 2116, 97_335, 97_336].map(width),
            [1, 2, 2, 3, 3, 4]
        );
        assert!(!out.contains(['"', '\\']));
        assert_eq!(numbers("\""), None);
    }

    #[test]
    fn digits_are_the_printable_ascii_but_quote_and_backslash() {
        let expected: Vec<u8> = (0x21..0x7f).filter(|b| *b != b'"' && *b != b'\\').collect();
        assert_eq!(DIGITS.to_vec(), expected);
    }

    fn place(kind: Kind, title: &str, anchor: Option<&str>, fields: Vec<Field>) -> SearchDoc {
        SearchDoc {
            kind,
            department: "a".into(),
            department_name: "甲局".into(),
            title: title.into(),
            fields,
            url: "departments/a/index.html".into(),
            anchor: anchor.map(str::to_string),
            figure: None,
        }
    }

    #[test]
    fn a_block_lists_repeated_texts_once_and_anchors_without_their_prefix() {
        let docs = vec![
            place(Kind::Department, "甲局", None, vec![]),
            place(
                Kind::Function,
                "行政运行",
                Some("fn-2010301"),
                vec![Field::new(FieldKind::Code, "2010301")],
            ),
            place(
                Kind::Narrative,
                "主要职责",
                Some("responsibilities"),
                vec![],
            ),
            place(Kind::Project, "甲", Some("sanggong"), vec![]),
        ];
        let block: Value = serde_json::from_str(&department_block(&docs)).unwrap();
        assert_eq!(
            block,
            json!([
                "departments/a/index.html",
                "甲局",
                // No figure and no anchor (`""`) come often enough to be listed too.
                ["", "2010301"],
                [0, "甲局", 0, 0],
                [1, "行政运行", 1, 0, 1, 1],
                [5, "主要职责", "responsibilities", 0],
                [3, "甲", "#sanggong", 0]
            ])
        );
    }
}
