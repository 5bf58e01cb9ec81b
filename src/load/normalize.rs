//! The one place text is cleaned: full-width forms, spaced-out CJK labels, LaTeX and HTML
//! remnants, Markdown emphasis, Word bookmarks and `[illegible]` marks (kept as notes).

use super::ReadNote;

fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FA1F)
}

/// CJK punctuation and full-width brackets that never want a space beside them.
fn is_cjk_punct(c: char) -> bool {
    matches!(c as u32, 0x3000..=0x303F | 0xFF01..=0xFF0F | 0xFF1A..=0xFF20 | 0xFF3B..=0xFF40 | 0xFF5B..=0xFF65)
        || matches!(c, '“' | '”' | '‘' | '’' | '—' | '…' | '·' | '≥' | '≤' | '×')
}

fn is_wide(c: char) -> bool {
    is_cjk(c) || is_cjk_punct(c)
}

/// Normalises one line or cell of text. See the module documentation for what is removed.
pub fn normalize(raw: &str, line: u32, notes: &mut Vec<ReadNote>) -> String {
    // Most cells are empty or a plain number: nothing to normalise.
    if raw
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b',' | b'-' | b'%'))
    {
        return raw.to_string();
    }
    // Word bookmarks: `[bookmark: _Toc_2_2_0000000001]`
    let mut s = strip_bookmarks(raw);
    if s.contains("[illegible]") {
        notes.push(ReadNote {
            line,
            what: "[illegible]".to_string(),
            kind: super::NoteKind::Illegible,
        });
        s = s.replace("[illegible]", " ");
    }
    if s.contains('$') {
        s = strip_latex(&s);
    }
    if s.contains('<') || s.contains('&') {
        s = strip_html(&s);
    }
    if s.contains("**") {
        s = s.replace("**", "");
    }
    // Most lines of text have nothing to read in full width and no space to weigh: as they are.
    if !s.chars().any(|c| c == ' ' || widened(c).is_some()) && s.trim().len() == s.len() {
        return s;
    }
    let mut out = String::with_capacity(s.len());
    for ch in s.chars() {
        out.push(widened(ch).unwrap_or(ch));
    }
    collapse_spaces(&out)
}

/// The character a full-width form or an odd space stands for (`２` → `2`, `\u{3000}` → ` `);
/// `None` for any other.
fn widened(ch: char) -> Option<char> {
    Some(match ch {
        '０'..='９' | 'Ａ'..='Ｚ' | 'ａ'..='ｚ' => char::from_u32(ch as u32 - 0xFEE0)?,
        '％' => '%',
        '．' => '.',
        '\u{a0}' | '\u{3000}' | '\u{2009}' | '\u{202f}' | '\t' | '\r' => ' ',
        _ => return None,
    })
}

/// Collapses runs of spaces and removes those that only spread CJK text out (`本 年 收 入` →
/// `本年收入`, `2024 年` → `2024年`). Spaces between two Latin words or two numbers stay.
fn collapse_spaces(s: &str) -> String {
    let chars: Vec<char> = s.trim().chars().collect();
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == ' ' {
            let mut j = i;
            while j < chars.len() && chars[j] == ' ' {
                j += 1;
            }
            let prev = out.chars().last();
            let next = chars.get(j).copied();
            let keep = match (prev, next) {
                (Some(p), Some(n)) => !(is_wide(p) || is_wide(n)),
                _ => false,
            };
            if keep {
                out.push(' ');
            }
            i = j;
        } else {
            out.push(c);
            i += 1;
        }
    }
    out
}

fn strip_latex(s: &str) -> String {
    let mut out = s.to_string();
    for (from, to) in [
        ("\\geqslant", "≥"),
        ("\\leqslant", "≤"),
        ("\\geq", "≥"),
        ("\\leq", "≤"),
        ("\\ge", "≥"),
        ("\\le", "≤"),
        ("\\%", "%"),
        ("\\times", "×"),
        ("\\sim", "~"),
        ("\\pm", "±"),
        ("\\,", ""),
        ("\\;", ""),
        ("\\ ", " "),
    ] {
        out = out.replace(from, to);
    }
    out.replace(['$', '{', '}'], "")
}

/// Removes Word bookmarks (`[bookmark: _Toc_2_2_0000000001]`) in one pass: an unclosed one stays.
fn strip_bookmarks(s: &str) -> String {
    const MARK: &str = "[bookmark:";
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(start) = rest.find(MARK) {
        match rest[start..].find(']') {
            Some(end) => {
                out.push_str(&rest[..start]);
                rest = &rest[start + end + 1..];
            }
            None => break,
        }
    }
    out.push_str(rest);
    out
}

/// Removes HTML tags and reads the common entities, in time linear in the text: the next `>` is
/// looked for once and kept, not looked for again from every `<` (a line of ten million `<a`
/// without a `>` took minutes).
fn strip_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    // Byte offset (in `s`) of the next `>` at or after the scan, when known; `None` once none is
    // left.
    let mut next_gt: Option<usize> = s.find('>');
    let mut pos = 0;
    while let Some(rel) = s[pos..].find('<') {
        let start = pos + rel;
        let after = start + 1;
        let is_tag = s[after..]
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '/' || c == '!');
        if let Some(gt) = next_gt
            && gt < after
        {
            next_gt = s[after..].find('>').map(|i| after + i);
        }
        match (is_tag, next_gt) {
            (true, Some(end)) => {
                out.push_str(&s[pos..start]);
                out.push(' ');
                pos = end + 1;
            }
            _ => {
                out.push_str(&s[pos..after]);
                pos = after;
            }
        }
    }
    out.push_str(&s[pos..]);
    out.replace("&nbsp;", " ")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

/// A key for matching labels: no spaces, full-width brackets and colons folded to ASCII.
pub fn key(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '（' => '(',
            '）' => ')',
            '：' => ':',
            '，' => ',',
            '、' => ',',
            c => c,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn norm(s: &str) -> String {
        normalize(s, 1, &mut Vec::new())
    }
    #[test]
    fn spaced_out_labels_close_up() {
        assert_eq!(norm("本 年 收 入 合 计"), "本年收入合计");
        assert_eq!(norm("2024 年 3 月 18 日"), "2024年3月18日");
        assert_eq!(
            norm("漯河市人民政府驻北京联 络处"),
            "漯河市人民政府驻北京联络处"
        );
        assert_eq!(norm("OA system  v2"), "OA system v2");
        assert_eq!(norm("  收入  922.94 万元 "), "收入922.94万元");
    }
    #[test]
    fn latex_html_and_markdown_remnants_go() {
        assert_eq!(norm("$\\geq 100\\%$"), "≥100%");
        assert_eq!(norm("<p>目标1: 全县</p> <p>目标2</p>"), "目标1:全县目标2");
        assert_eq!(norm("一、办公室**主要职责**"), "一、办公室主要职责");
        assert_eq!(
            norm("[bookmark: _Toc_2_2_0000000001]部门预算收支总表"),
            "部门预算收支总表"
        );
        assert_eq!(norm("a < b"), "a < b");
    }
    #[test]
    fn stripping_markup_is_linear_in_the_line() {
        // Ten million `<a` without a `>` took minutes when each `<` looked for the next `>`.
        let line = "<a".repeat(2_000_000);
        let start = std::time::Instant::now();
        let out = norm(&line);
        assert_eq!(out, line);
        let many = "[bookmark: x]".repeat(200_000) + "表";
        assert_eq!(norm(&many), "表");
        assert_eq!(norm("<b>a<c</b>"), "a");
        assert_eq!(norm("x [bookmark: open"), "x [bookmark: open");
        assert!(start.elapsed().as_secs() < 20, "{:?}", start.elapsed());
    }
    #[test]
    fn full_width_digits_become_ascii() {
        assert_eq!(norm("１２３．４５％"), "123.45%");
    }
    #[test]
    fn illegible_marks_are_noted() {
        let mut notes = Vec::new();
        assert_eq!(normalize("[illegible]", 7, &mut notes), "");
        assert_eq!(
            notes,
            vec![ReadNote {
                line: 7,
                what: "[illegible]".into(),
                kind: crate::load::NoteKind::Illegible,
            }]
        );
    }
}
