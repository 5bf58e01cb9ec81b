//! Space-aligned tables, as `pdftotext -layout` (or a PDF read here) lays them out: one row a
//! line, columns separated by runs of spaces, empty cells left blank, headers over several lines
//! with merged cells centred over the columns they span, long names wrapped onto the lines above
//! and below their row, and a table continued on the next page with its header repeated and its
//! columns shifted.
//!
//! A run of such lines becomes a regular grid: every row has one cell per column, so the parser
//! reads it like any other layout. How:
//! 1. Each line is cut into *chunks* at runs of two or more spaces, and, inside a table, at single
//!    spaces between a figure and words or between two words of several CJK characters (narrow
//!    columns leave one space). Single CJK characters spread out (`收   入`, `支 出 总 计`) stay one
//!    label.
//! 2. Data lines (figures, or a classification code with a name) of one page give the columns: each
//!    chunk joins the column it overlaps, and the same row never puts two chunks in one column.
//! 3. Header lines above the first data line are placed over those columns; a label that stands
//!    over several labels of a lower header line spans all of them, a label broken over two lines
//!    inside one column is joined, and a label over no data column makes a column of its own.
//! 4. Lines of words between data lines are either pieces of a wrapped cell (joined to their row)
//!    or rows of their own.
//! 5. Each page's part is aligned to the first page's columns; a header repeated on a later page
//!    is dropped.

use super::width::{Measure, is_wide};
use super::{Cell, Row};

mod header;

use header::header_rows;

/// A piece of a line between runs of spaces, with its character columns `[start, end)`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Chunk {
    pub start: usize,
    pub end: usize,
    pub text: String,
}

impl Chunk {
    fn center(&self) -> f64 {
        (self.start + self.end) as f64 / 2.0
    }
}

/// One line of a space-aligned run, with its 1-based line number and its page.
#[derive(Debug, Clone, Copy)]
pub struct Line<'a> {
    pub number: u32,
    pub page: u32,
    pub text: &'a str,
}

fn is_space(c: char) -> bool {
    matches!(c, ' ' | '\u{3000}' | '\u{a0}' | '\u{c}' | '\r')
}

pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FA1F)
}

/// Splits a line at runs of two or more spaces. Leading indentation is not a gap.
pub fn coarse_chunks(line: &str) -> Vec<Chunk> {
    coarse_chunks_in(line, Measure::Chars)
}

/// [`coarse_chunks`] with positions counted in `measure`.
fn coarse_chunks_in(line: &str, measure: Measure) -> Vec<Chunk> {
    let chars: Vec<char> = line.chars().collect();
    let pos = positions(&chars, measure);
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if is_space(chars[i]) {
            i += 1;
            continue;
        }
        let start = i;
        let mut end = i;
        while end < chars.len() {
            if !is_space(chars[end]) {
                end += 1;
                continue;
            }
            let gap_end = (end..chars.len())
                .find(|&k| !is_space(chars[k]))
                .unwrap_or(chars.len());
            if gap_end - end >= 2 || gap_end == chars.len() {
                break;
            }
            end = gap_end;
        }
        out.push(Chunk {
            start: pos[start],
            end: pos[end],
            text: chars[start..end].iter().collect(),
        });
        i = end;
    }
    merge_spread_letters(out)
}

/// The column where each character starts, and after the last one, the line's width.
fn positions(chars: &[char], measure: Measure) -> Vec<usize> {
    let mut pos = Vec::with_capacity(chars.len() + 1);
    let mut at = 0;
    pos.push(at);
    for &c in chars {
        at += measure.of(c);
        pos.push(at);
    }
    pos
}

/// How the space-aligned lines of a document count their columns. `pdftotext -layout` gives
/// every character one column; text laid out for the screen (the PDF reader here) gives a wide
/// character two. Whichever count makes the figures end on fewer distinct columns is the one the
/// text was laid out in (figures stand right-aligned in their columns; names of different lengths
/// before them move them under the other count). Lines without wide characters count the same
/// either way. A document is laid out one way throughout, so its tables of a single row (whose
/// figures cannot tell) are counted the way its other tables are.
pub fn measure_of(lines: &[Line]) -> Measure {
    let edges = |measure: Measure| {
        let mut ends: Vec<usize> = lines
            .iter()
            .filter(|l| l.text.chars().any(is_wide))
            .flat_map(|l| coarse_chunks_in(l.text, measure))
            .flat_map(|c| fine_chunks(&c, measure))
            .filter(|c| is_amount(&c.text))
            .map(|c| c.end)
            .collect();
        ends.sort_unstable();
        ends.dedup();
        ends.len()
    };
    if edges(Measure::Display) < edges(Measure::Chars) {
        Measure::Display
    } else {
        Measure::Chars
    }
}

/// Header words of two characters that templates spread over their cell's width.
const SPREAD_WORDS: [&str; 8] = [
    "合计", "总计", "小计", "项目", "金额", "科目", "名称", "收入",
];

/// Single CJK characters spread out with up to three spaces (`收   入`, `项   目`) are one label.
fn merge_spread_letters(chunks: Vec<Chunk>) -> Vec<Chunk> {
    let single = |c: &Chunk| {
        let mut it = c.text.chars().filter(|&ch| !is_space(ch));
        it.next().is_some_and(is_cjk) && it.all(is_cjk) && spread(&c.text)
    };
    let mut out: Vec<Chunk> = Vec::new();
    for c in chunks {
        // Two-character words of table headers stand spread wider (`合       计`).
        let word = |a: &Chunk, b: &Chunk| {
            let w: String = a
                .text
                .chars()
                .chain(b.text.chars())
                .filter(|&ch| !is_space(ch))
                .collect();
            SPREAD_WORDS.contains(&w.as_str())
        };
        if let Some(last) = out.last_mut()
            && single(last)
            && single(&c)
            && (c.start - last.end <= 3 || (c.start - last.end <= 12 && word(last, &c)))
        {
            last.text.push_str(&c.text);
            last.end = c.end;
            continue;
        }
        out.push(c);
    }
    out
}

/// True for a label whose CJK characters stand one by one (`收`, `支 出`).
fn spread(text: &str) -> bool {
    text.split(|c: char| is_space(c))
        .filter(|w| !w.is_empty())
        .all(|w| w.chars().count() == 1)
}

/// A line of a table: at least two chunks apart by two or more spaces.
pub fn is_spaced(line: &str) -> bool {
    coarse_chunks(line).len() >= 2
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Token {
    Figure,
    Words,
    Other,
}

fn token_kind(t: &str) -> Token {
    if is_figure_text(t) || is_placeholder(t) {
        Token::Figure
    } else if t.chars().any(is_cjk) {
        Token::Words
    } else {
        Token::Other
    }
}

/// Digits with optional thousands separators, decimals, sign or percent: `1,234.50`, `0`, `-3`.
fn is_figure_text(t: &str) -> bool {
    let t = t.strip_suffix('%').unwrap_or(t);
    let t = t.strip_prefix(['-', '−', '－']).unwrap_or(t);
    !t.is_empty()
        && t.starts_with(|c: char| c.is_ascii_digit())
        && t.ends_with(|c: char| c.is_ascii_digit())
        && t.chars()
            .all(|c| c.is_ascii_digit() || c == ',' || c == '.')
        && t.matches('.').count() <= 1
}

fn is_placeholder(t: &str) -> bool {
    matches!(t, "-" | "—" | "－" | "--" | "——" | "/" | "—　")
}

/// Cuts a chunk at single spaces where a table puts two cells one space apart.
fn fine_chunks(chunk: &Chunk, measure: Measure) -> Vec<Chunk> {
    let chars: Vec<char> = chunk.text.chars().collect();
    let pos = positions(&chars, measure);
    // Words at single spaces, with their offsets.
    let mut words: Vec<(usize, usize)> = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if is_space(chars[i]) {
            i += 1;
            continue;
        }
        let s = i;
        while i < chars.len() && !is_space(chars[i]) {
            i += 1;
        }
        words.push((s, i));
    }
    let text = |(s, e): (usize, usize)| chars[s..e].iter().collect::<String>();
    let mut out: Vec<Chunk> = Vec::new();
    let mut current: Option<(usize, usize)> = None;
    let mut prev_word: Option<String> = None;
    for &(s, e) in &words {
        let w = text((s, e));
        let cut = match &prev_word {
            None => false,
            Some(p) => split_between(p, &w),
        };
        match current {
            Some((cs, _)) if !cut => current = Some((cs, e)),
            Some(span) => {
                out.push(Chunk {
                    start: chunk.start + pos[span.0],
                    end: chunk.start + pos[span.1],
                    text: text(span),
                });
                current = Some((s, e));
            }
            None => current = Some((s, e)),
        }
        prev_word = Some(w);
    }
    if let Some(span) = current {
        out.push(Chunk {
            start: chunk.start + pos[span.0],
            end: chunk.start + pos[span.1],
            text: text(span),
        });
    }
    out
}

fn split_between(a: &str, b: &str) -> bool {
    let (ka, kb) = (token_kind(a), token_kind(b));
    let long_digits = |t: &str| t.len() >= 8 && t.bytes().all(|c| c.is_ascii_digit());
    match (ka, kb) {
        // A long project code printed in two pieces stays one.
        (Token::Figure, Token::Figure) => {
            !(long_digits(a) && b.bytes().all(|c| c.is_ascii_digit()))
        }
        (Token::Figure, Token::Words) | (Token::Words, Token::Figure) => true,
        (Token::Words, Token::Words) => a.chars().count() >= 2 && b.chars().count() >= 2,
        _ => false,
    }
}

/// A chunk that is a classification code or a part of one (`201`, `03`, `2010301`, `30101`).
fn is_code_text(t: &str) -> bool {
    let digits = !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit());
    digits
        && (t.len() == 2
            || ((t.len() == 3 || t.len() == 5 || t.len() == 7)
                && (t.starts_with('2') || t.starts_with('3'))))
}

fn has_cjk(t: &str) -> bool {
    t.chars().any(is_cjk)
}

/// A figure as a table prints one: with a separator or decimals, a zero, or a blank mark.
fn is_amount(t: &str) -> bool {
    is_figure_text(t) && (t.contains(',') || t.contains('.') || t == "0" || t.ends_with('%'))
        || is_placeholder(t)
}

/// A target value of a performance table: `≥90%`, `＝100`, `≤30天`.
fn is_target_value(t: &str) -> bool {
    let rest = t.trim_start_matches(['≥', '≤', '>', '<', '=', '＝', '＞', '＜', '≧', '≦']);
    rest.len() < t.len() && rest.trim_start().starts_with(|c: char| c.is_ascii_digit())
}

/// A line that holds table data: figures, target values, or a classification code followed by
/// words.
fn is_data(chunks: &[Chunk]) -> bool {
    if chunks.first().is_some_and(|c| c.text.starts_with("栏次")) {
        return false;
    }
    let amounts = chunks
        .iter()
        .filter(|c| (is_amount(&c.text) && !is_placeholder(&c.text)) || is_target_value(&c.text))
        .count();
    if amounts > 0 {
        return true;
    }
    // A code then words (`2010301  行政运行`, `201 03 01 行政运行`), or words then whole numbers
    // (`差旅费  3900  3900`), or a blank-marked row (`行政运行  -  -`).
    let first_words = chunks.iter().position(|c| has_cjk(&c.text));
    match first_words {
        Some(w) => {
            (w > 0 && chunks[..w].iter().all(|c| is_code_text(&c.text)))
                || chunks[w + 1..]
                    .iter()
                    .any(|c| is_figure_text(&c.text) || is_placeholder(&c.text))
        }
        None => false,
    }
}

fn is_meta(chunks: &[Chunk]) -> bool {
    chunks.len() <= 4
        && chunks.iter().any(|c| {
            let t: String = c.text.chars().filter(|ch| !is_space(*ch)).collect();
            t.contains("单位:")
                || t.contains("单位：")
                || t.contains("部门名称")
                || t.contains("单位名称")
                || t.contains("编制部门")
                || t.contains("编制单位")
                || t.contains("预算年度")
                || t.contains("预算单位")
        })
}

/// A parsed line of the run.
#[derive(Debug, Clone)]
struct Parsed {
    number: u32,
    page: u32,
    chunks: Vec<Chunk>,
}

/// A column of one page: the character columns its cells cover.
#[derive(Debug, Clone, Copy)]
struct Column {
    start: usize,
    end: usize,
    /// Figures are right-aligned in their cells, words left-aligned; header labels are centred
    /// over the cell, so where a cell's room lies depends on it.
    numeric: bool,
}

impl Column {
    fn center(&self) -> f64 {
        (self.start + self.end) as f64 / 2.0
    }
}

fn overlap(a: (usize, usize), b: (usize, usize)) -> usize {
    a.1.min(b.1).saturating_sub(a.0.max(b.0))
}

/// Columns from the data lines of one page. Rows with more cells go first; a chunk joins the
/// column it overlaps most that this row has not used, and widens it only when it overlaps no
/// other column.
fn build_columns(rows: &[&Parsed]) -> Vec<Column> {
    let mut order: Vec<&&Parsed> = rows.iter().collect();
    order.sort_by_key(|r| std::cmp::Reverse(r.chunks.len()));
    let mut cols: Vec<Column> = Vec::new();
    // Per column, figures and other cells seen.
    let mut kinds: Vec<(u32, u32)> = Vec::new();
    for row in order {
        let mut min_col = 0usize;
        for c in &row.chunks {
            let span = (c.start, c.end.max(c.start + 1));
            let touching: Vec<usize> = (0..cols.len())
                .filter(|&j| {
                    overlap(
                        (span.0.saturating_sub(1), span.1 + 1),
                        (cols[j].start, cols[j].end),
                    ) > 0
                })
                .collect();
            let best = touching
                .iter()
                .copied()
                .filter(|&j| j >= min_col)
                .max_by_key(|&j| overlap(span, (cols[j].start, cols[j].end)));
            let figure = is_figure_text(&c.text) || is_placeholder(&c.text);
            match best {
                Some(j) => {
                    if touching.len() == 1 {
                        cols[j].start = cols[j].start.min(span.0);
                        cols[j].end = cols[j].end.max(span.1);
                    }
                    if figure {
                        kinds[j].0 += 1;
                    } else {
                        kinds[j].1 += 1;
                    }
                    min_col = j + 1;
                }
                None => {
                    let at = cols
                        .iter()
                        .position(|k| k.start > span.0)
                        .unwrap_or(cols.len())
                        .max(min_col);
                    cols.insert(
                        at,
                        Column {
                            start: span.0,
                            end: span.1,
                            numeric: false,
                        },
                    );
                    kinds.insert(at, if figure { (1, 0) } else { (0, 1) });
                    min_col = at + 1;
                }
            }
        }
    }
    for (c, (figures, others)) in cols.iter_mut().zip(kinds) {
        c.numeric = figures > others;
    }
    merge_word_columns(cols, rows)
}

/// Two neighbouring columns of words that no row fills both of, one or two spaces apart, are one
/// column (a `合计` centred over the code and name columns made a column of its own).
fn merge_word_columns(mut cols: Vec<Column>, rows: &[&Parsed]) -> Vec<Column> {
    let mut j = 0;
    while j + 1 < cols.len() {
        let (a, b) = (cols[j], cols[j + 1]);
        let near = b.start <= a.end + 2;
        let both = || {
            rows.iter().any(|r| {
                let at = assign(&r.chunks, &cols);
                at.contains(&j) && at.contains(&(j + 1))
            })
        };
        if !a.numeric && !b.numeric && near && !both() {
            cols[j].start = a.start.min(b.start);
            cols[j].end = a.end.max(b.end);
            cols.remove(j + 1);
        } else {
            j += 1;
        }
    }
    cols
}

/// Where each column's cell lies, as `[lo, hi)` in character columns: the room between two
/// columns of words belongs to the left one (words are left-aligned), between two columns of
/// figures to the right one (figures are right-aligned), otherwise it is shared.
fn regions(cols: &[Column]) -> Vec<(f64, f64)> {
    let bounds: Vec<f64> = cols
        .windows(2)
        .map(|w| match (w[0].numeric, w[1].numeric) {
            (false, false) => w[1].start as f64 - 0.5,
            (true, true) => w[0].end as f64 + 0.5,
            _ => (w[0].end + w[1].start) as f64 / 2.0,
        })
        .collect();
    (0..cols.len())
        .map(|j| {
            let lo = if j == 0 {
                f64::NEG_INFINITY
            } else {
                bounds[j - 1]
            };
            let hi = bounds.get(j).copied().unwrap_or(f64::INFINITY);
            (lo, hi)
        })
        .collect()
}

fn distance(a: (usize, usize), b: (usize, usize)) -> usize {
    if overlap(a, b) > 0 {
        0
    } else if a.1 <= b.0 {
        b.0 - a.1
    } else {
        a.0 - b.1
    }
}

/// Assigns a line's chunks to columns in order, each chunk to a different column, maximising the
/// overlap (a chunk over no column goes to the nearest one).
fn assign(chunks: &[Chunk], cols: &[Column]) -> Vec<usize> {
    let (m, n) = (chunks.len(), cols.len());
    if m == 0 || n == 0 {
        return Vec::new();
    }
    if m > n {
        // More chunks than columns: keep the order, extra chunks share the last column.
        return (0..m).map(|i| i.min(n - 1)).collect();
    }
    let score = |i: usize, j: usize| -> f64 {
        let c = &chunks[i];
        let o = overlap(
            (c.start, c.end.max(c.start + 1)),
            (cols[j].start, cols[j].end),
        );
        if o > 0 {
            o as f64 * 10.0
        } else {
            -(c.center() - cols[j].center()).abs()
        }
    };
    // best[i][j]: best score placing chunks 0..=i with chunk i in column j.
    let neg = f64::NEG_INFINITY;
    let mut best = vec![vec![neg; n]; m];
    let mut from = vec![vec![0usize; n]; m];
    for (j, b) in best[0].iter_mut().enumerate() {
        *b = score(0, j);
    }
    for i in 1..m {
        let mut run_best = neg;
        let mut run_at = 0;
        for j in 0..n {
            if j >= 1 && best[i - 1][j - 1] > run_best {
                run_best = best[i - 1][j - 1];
                run_at = j - 1;
            }
            if run_best > neg {
                best[i][j] = run_best + score(i, j);
                from[i][j] = run_at;
            }
        }
    }
    let mut j = (0..n)
        .max_by(|&a, &b| best[m - 1][a].total_cmp(&best[m - 1][b]))
        .unwrap_or(0);
    let mut out = vec![0; m];
    for i in (0..m).rev() {
        out[i] = j;
        j = from[i][j];
    }
    out
}

/// The columns a header chunk stands over: those it overlaps, else the nearest one.
fn covered(c: &Chunk, cols: &[Column]) -> Vec<usize> {
    let span = (c.start, c.end.max(c.start + 1));
    let over: Vec<usize> = (0..cols.len())
        .filter(|&j| overlap(span, (cols[j].start, cols[j].end)) > 0)
        .collect();
    if !over.is_empty() {
        return over;
    }
    (0..cols.len())
        .min_by(|&a, &b| {
            (cols[a].center() - c.center())
                .abs()
                .total_cmp(&(cols[b].center() - c.center()).abs())
        })
        .into_iter()
        .collect()
}

/// One page's part of the table.
struct Page<'p> {
    meta: Vec<&'p Parsed>,
    header: Vec<&'p Parsed>,
    /// The line numbering the columns (`栏次  1  2  3`), when the header has one.
    numbering: Option<&'p Parsed>,
    body: Vec<&'p Parsed>,
}

/// The line that numbers the columns under the header (`栏次  1  2  3  4`): it names no column.
fn is_numbering(chunks: &[Chunk]) -> bool {
    let is_number = |c: &Chunk| c.text.chars().all(|ch| ch.is_ascii_digit());
    let labelled = chunks.first().is_some_and(|c| !is_number(c));
    let numbers = &chunks[usize::from(labelled)..];
    numbers.len() >= 2
        && numbers
            .iter()
            .all(|c| c.text.len() <= 3 && c.text.chars().all(|ch| ch.is_ascii_digit()))
}

/// The most lines a table's header takes.
const MAX_HEADER_LINES: usize = 6;

fn split_page<'p>(lines: &[&'p Parsed]) -> Page<'p> {
    let mut meta = Vec::new();
    let mut i = 0;
    while i < lines.len() && is_meta(&lines[i].chunks) && !is_data(&lines[i].chunks) {
        meta.push(lines[i]);
        i += 1;
    }
    // A header is a few lines; a table of words alone (targets, descriptions) has a short one.
    let data_at = (i..lines.len())
        .find(|&k| is_data(&lines[k].chunks))
        .unwrap_or(lines.len());
    // A line numbering the columns closes the header, however many lines it took.
    let numbered = (i..data_at)
        .take(MAX_HEADER_LINES + 2)
        .find(|&k| is_numbering(&lines[k].chunks));
    // Headers of tables in three blocks (上年 | 当年 | 增减) stack their groups deeper: words
    // right over the first figures are header however many lines they take, up to a limit.
    let deep = (data_at - i <= MAX_HEADER_LINES + 2).then_some(data_at);
    let first_data = data_at.min(
        (i + MAX_HEADER_LINES)
            .max(numbered.map_or(0, |k| k + 1))
            .max(deep.unwrap_or(0)),
    );
    Page {
        meta,
        header: lines[i..first_data]
            .iter()
            .copied()
            .filter(|l| !is_numbering(&l.chunks))
            .collect(),
        numbering: lines[i..first_data]
            .iter()
            .copied()
            .find(|l| is_numbering(&l.chunks)),
        body: lines[first_data..].to_vec(),
    }
}

/// The numbers of a numbering line (`栏次  1  2  3  4`, `**  1  2  3`) when they count 1, 2, 3, …
/// with one number a column.
fn column_numbers(line: &Parsed) -> Option<&[Chunk]> {
    let start = line.chunks.iter().position(|c| c.text == "1")?;
    let numbers = &line.chunks[start..];
    let counted = numbers
        .iter()
        .enumerate()
        .all(|(i, c)| c.text.parse::<usize>() == Ok(i + 1));
    (counted && numbers.len() >= 2).then_some(numbers)
}

/// A numbering line under the header numbers every column of figures, blank ones too: a number
/// that no column of the data rows stands at (nearest, each column taking one number) is a column
/// whose cells the data rows leave blank (`公务用车购置费` with no figure in any row).
fn add_numbered_columns(cols: &mut Vec<Column>, numbering: &Parsed) {
    let Some(numbers) = column_numbers(numbering) else {
        return;
    };
    let figures = cols.iter().filter(|c| c.numeric).count();
    if figures == 0 || figures >= numbers.len() {
        return;
    }
    let mut taken = vec![false; numbers.len()];
    for c in cols.iter().filter(|c| c.numeric) {
        let nearest = (0..numbers.len()).filter(|&k| !taken[k]).min_by(|&a, &b| {
            (numbers[a].center() - c.center())
                .abs()
                .total_cmp(&(numbers[b].center() - c.center()).abs())
        });
        if let Some(k) = nearest {
            taken[k] = true;
        }
    }
    for (n, _) in numbers.iter().zip(&taken).filter(|(_, t)| !**t) {
        // Only where it stands apart from every column: a number inside a column's cell is its.
        if cols
            .iter()
            .any(|c| overlap((n.start, n.end.max(n.start + 1)), (c.start, c.end)) > 0)
        {
            continue;
        }
        let at = cols
            .iter()
            .position(|c| c.start > n.start)
            .unwrap_or(cols.len());
        cols.insert(
            at,
            Column {
                start: n.start,
                end: n.end.max(n.start + 1),
                numeric: true,
            },
        );
    }
}

/// A row of the grid under construction: per column the text pieces and the line of each.
#[derive(Debug, Clone)]
struct GridRow {
    line: u32,
    cells: Vec<Vec<(String, u32)>>,
    /// True for a row with figures or a code; false for a row of words only.
    data: bool,
    /// Per column, whether the cell's text reached the column's right edge (so it may go on below).
    full: Vec<bool>,
    /// Per column, whether a piece from the line above was put in.
    topped: Vec<bool>,
}

fn starts_enumerated(t: &str) -> bool {
    let t = t.trim_start();
    let numerals = "一二三四五六七八九十";
    t.starts_with('（')
        || t.starts_with('(')
        || t.chars().next().is_some_and(|c| numerals.contains(c)) && t.contains('、')
        || t.chars().next().is_some_and(|c| c.is_ascii_digit())
            && (t.contains('、') || t.contains('.'))
}

/// The body of one page: data rows, and lines of words joined to the row they belong to or kept
/// as rows of their own.
fn body_rows(body: &[&Parsed], cols: &[Column]) -> Vec<GridRow> {
    let n = cols.len();
    // How far right the text of each column reaches on data lines.
    let mut reach = vec![0usize; n];
    let assigned: Vec<Vec<usize>> = body.iter().map(|l| assign(&l.chunks, cols)).collect();
    for (l, a) in body.iter().zip(&assigned) {
        for (c, &j) in l.chunks.iter().zip(a) {
            if has_cjk(&c.text) {
                reach[j] = reach[j].max(c.end);
            }
        }
    }
    let mut rows: Vec<GridRow> = Vec::new();
    // Pieces waiting for the data row below them.
    let mut pending: Vec<(usize, String, u32)> = Vec::new();
    for (idx, (l, a)) in body.iter().zip(&assigned).enumerate() {
        let data = is_data(&l.chunks);
        if data {
            let mut row = GridRow {
                line: l.number,
                cells: vec![Vec::new(); n],
                data: true,
                full: vec![false; n],
                topped: vec![false; n],
            };
            for (k, text, line) in pending.drain(..) {
                row.cells[k].push((text, line));
                row.topped[k] = true;
            }
            for (c, &j) in l.chunks.iter().zip(a) {
                row.cells[j].push((c.text.clone(), l.number));
                row.full[j] = has_cjk(&c.text) && c.end + 1 >= reach[j];
            }
            rows.push(row);
            continue;
        }
        // A line of words: pieces of wrapped cells, or a row of its own.
        let own = l.chunks.iter().any(|c| starts_enumerated(&c.text))
            || l.chunks.iter().any(|c| !has_cjk(&c.text));
        // The top of a name centred on the row below, whose own cell there is empty.
        let tops_next = body.get(idx + 1).is_some_and(|nl| {
            is_data(&nl.chunks)
                && nl.number <= l.number + 2
                && a.iter().all(|j| !assigned[idx + 1].contains(j))
        });
        let above = rows.last().filter(|r| r.data && l.number <= r.line + 2);
        let continues_above = above.is_some_and(|r| {
            l.chunks
                .iter()
                .zip(a)
                .all(|(_, &j)| !r.cells[j].is_empty() && (r.full[j] || r.topped[j]))
        });
        if !own && continues_above {
            let r = rows.last_mut().expect("checked above");
            for (c, &j) in l.chunks.iter().zip(a) {
                r.cells[j].push((c.text.clone(), l.number));
                r.full[j] = false;
            }
        } else if !own && tops_next {
            for (c, &j) in l.chunks.iter().zip(a) {
                pending.push((j, c.text.clone(), l.number));
            }
        } else {
            let mut row = GridRow {
                line: l.number,
                cells: vec![Vec::new(); n],
                data: false,
                full: vec![false; n],
                topped: vec![false; n],
            };
            for (c, &j) in l.chunks.iter().zip(a) {
                row.cells[j].push((c.text.clone(), l.number));
            }
            rows.push(row);
        }
    }
    rows
}

/// Maps the columns of a later page onto the first page's: the shift that lines them up best, then
/// each column to the first-page column it overlaps most, in order.
fn shifted(line: &Parsed, shift: i64) -> Parsed {
    let at = |x: usize| (x as i64 + shift).max(0) as usize;
    Parsed {
        number: line.number,
        page: line.page,
        chunks: line
            .chunks
            .iter()
            .map(|c| Chunk {
                start: at(c.start),
                end: at(c.end).max(at(c.start) + 1),
                text: c.text.clone(),
            })
            .collect(),
    }
}

/// The shift (in characters) that lays the data rows of a page best on the given columns.
fn best_shift(lines: &[&Parsed], cols: &[Column]) -> i64 {
    let data: Vec<&&Parsed> = lines.iter().filter(|l| is_data(&l.chunks)).collect();
    let score = |shift: i64| -> f64 {
        data.iter()
            .map(|l| {
                let moved = shifted(l, shift);
                let a = assign(&moved.chunks, cols);
                moved
                    .chunks
                    .iter()
                    .zip(&a)
                    .map(|(c, &j)| {
                        let o = overlap((c.start, c.end), (cols[j].start, cols[j].end));
                        if o > 0 {
                            o as f64
                        } else {
                            -(c.center() - cols[j].center()).abs()
                        }
                    })
                    .sum::<f64>()
            })
            .sum()
    };
    let mut best = (score(0), 0);
    for shift in (-30i64..=30).filter(|&s| s != 0) {
        let s = score(shift);
        if s > best.0 {
            best = (s, shift);
        }
    }
    best.1
}

/// The row of a page that holds nothing else, laid out like the data row above it where it has
/// as many amounts: its amounts into that row's amount columns, in order, its words into that
/// row's name column. pdftotext sets a page of one line (a 合计 row carried over alone) flush
/// left, so its positions say nothing of its columns; its amounts, one per column, do.
fn laid_like(row: Row, above: &Row) -> Row {
    let amount = |c: &Cell| is_amount(&c.text);
    let columns: Vec<usize> = (0..above.cells.len())
        .filter(|&j| amount(&above.cells[j]))
        .collect();
    let amounts: Vec<&Cell> = row.cells.iter().filter(|c| amount(c)).collect();
    let name = above.cells.iter().position(|c| has_cjk(&c.text));
    let (Some(name), Some(&first)) = (name, columns.first()) else {
        return row;
    };
    let words: Vec<&Cell> = row
        .cells
        .iter()
        .filter(|c| !c.text.is_empty() && !amount(c))
        .collect();
    let placed: Vec<usize> = (0..row.cells.len())
        .filter(|&j| amount(&row.cells[j]))
        .collect();
    // Rows with a code are placed by it; a total's words are not.
    let coded = words.iter().any(|c| is_code_text(&c.text));
    if coded || amounts.len() != columns.len() || placed == columns || name >= first {
        return row;
    }
    let mut cells = vec![
        Cell {
            text: String::new(),
            line: row.line,
        };
        above.cells.len().max(row.cells.len())
    ];
    for (c, &j) in amounts.into_iter().zip(&columns) {
        cells[j] = c.clone();
    }
    cells[name] = Cell {
        text: join_pieces(words.iter().map(|c| c.text.as_str())),
        line: row.line,
    };
    Row {
        cells,
        line: row.line,
    }
}

fn map_columns(master: &[Column], page: &[Column]) -> Vec<usize> {
    if master.len() == page.len() {
        return (0..page.len()).collect();
    }
    let mut best: Option<(f64, Vec<usize>)> = None;
    for shift in -30i64..=30 {
        let moved: Vec<Chunk> = page
            .iter()
            .map(|c| Chunk {
                start: (c.start as i64 + shift).max(0) as usize,
                end: (c.end as i64 + shift).max(1) as usize,
                text: String::new(),
            })
            .collect();
        let a = assign(&moved, master);
        let score: f64 = moved
            .iter()
            .zip(&a)
            .map(|(c, &j)| {
                let o = overlap((c.start, c.end), (master[j].start, master[j].end));
                if o > 0 {
                    o as f64
                } else {
                    -(c.center() - master[j].center()).abs()
                }
            })
            .sum();
        if best.as_ref().is_none_or(|(s, _)| score > *s) {
            best = Some((score, a));
        }
    }
    best.map(|(_, a)| a).unwrap_or_default()
}

fn header_signature(header: &[&Parsed]) -> String {
    header
        .iter()
        .flat_map(|l| l.chunks.iter())
        .map(|c| {
            c.text
                .chars()
                .filter(|ch| !is_space(*ch))
                .collect::<String>()
        })
        .collect()
}

fn row_of(cells: Vec<Vec<(String, u32)>>, line: u32) -> Row {
    Row {
        cells: cells
            .into_iter()
            .map(|pieces| Cell {
                line: pieces.first().map_or(line, |p| p.1),
                text: join_pieces(pieces.iter().map(|p| p.0.as_str())),
            })
            .collect(),
        line,
    }
}

/// Pieces of one cell: CJK pieces run on without a space, others keep one.
fn join_pieces<'a>(pieces: impl Iterator<Item = &'a str>) -> String {
    let mut out = String::new();
    for p in pieces {
        let glue = !out.is_empty()
            && out.chars().last().is_some_and(|c| c.is_ascii())
            && p.chars().next().is_some_and(|c| c.is_ascii());
        if glue {
            out.push(' ');
        }
        out.push_str(p);
    }
    out
}

/// True when a header cell's text names a column or the label column (`项目`, `科目编码`,
/// `预算数`, `合计`…): words that head a table, never a row's name.
pub fn names_a_column(text: &str) -> bool {
    const WORDS: [&str; 8] = [
        "项目",
        "科目",
        "预算数",
        "金额",
        "名称",
        "编码",
        "代码",
        "合计",
    ];
    WORDS.iter().any(|w| text.contains(w))
}

/// True when some line of the run holds table data.
pub fn has_data(lines: &[Line]) -> bool {
    lines.iter().any(|l| {
        let chunks: Vec<Chunk> = coarse_chunks(l.text)
            .iter()
            .flat_map(|c| fine_chunks(c, Measure::Chars))
            .collect();
        is_data(&chunks)
    })
}

/// Turns a run of space-aligned lines (blank lines left out) into rows with one cell per column.
/// Meta lines (`单位：万元`) of the first page come first, as they are.
/// `measure` is how the document counts columns ([`measure_of`]).
pub fn table_rows(lines: &[Line], measure: Measure) -> Vec<Row> {
    let parsed: Vec<Parsed> = lines
        .iter()
        .map(|l| Parsed {
            number: l.number,
            page: l.page,
            chunks: coarse_chunks_in(l.text, measure)
                .iter()
                .flat_map(|c| fine_chunks(c, measure))
                .collect(),
        })
        .filter(|p| !p.chunks.is_empty())
        .collect();
    let mut pages: Vec<Vec<&Parsed>> = Vec::new();
    for p in &parsed {
        match pages.last_mut() {
            Some(last) if last[0].page == p.page => last.push(p),
            _ => pages.push(vec![p]),
        }
    }
    let mut out: Vec<Row> = Vec::new();
    // The first page's columns, its header's signature and how many lines the header took.
    let mut master: Option<(Vec<Column>, String, usize)> = None;
    for lines in &pages {
        let page = split_page(lines);
        // A page that continues the table lays its rows on the first page's columns, moved by
        // the shift that fits its figures best (pages of one PDF may sit a few characters apart).
        if let Some((master_cols, signature, header_len)) = &master {
            // The header repeated, maybe with the first lines of the page's rows after it (the
            // header is cut at a few lines, and wrapped text of a row may fall inside them).
            let rest = (1..=page.header.len())
                .filter(|&n| n == page.header.len() || n == *header_len)
                .find(|&n| header_signature(&page.header[..n]) == *signature)
                .map(|n| &page.header[n..]);
            let repeated = rest.is_some();
            // Word rows at the top of a page that name no column are rows of the table.
            let words_only = !page
                .header
                .iter()
                .any(|l| l.chunks.iter().any(|c| names_a_column(&c.text)));
            if page.header.is_empty() || repeated || words_only {
                let shift = best_shift(&page.body, master_cols);
                let body: Vec<&Parsed> = if let Some(rest) = rest {
                    rest.iter().chain(&page.body).copied().collect()
                } else {
                    page.header.iter().chain(&page.body).copied().collect()
                };
                let moved: Vec<Parsed> = body.iter().map(|l| shifted(l, shift)).collect();
                let refs: Vec<&Parsed> = moved.iter().collect();
                // A page of one line and nothing else (no header).
                let lone = page.header.is_empty() && page.body.len() == 1;
                for r in body_rows(&refs, master_cols) {
                    let row = row_of(r.cells, r.line);
                    let above = out
                        .iter()
                        .rev()
                        .find(|a| a.cells.iter().any(|c| is_amount(&c.text)));
                    out.push(match above {
                        Some(above) if lone && r.data => laid_like(row, above),
                        _ => row,
                    });
                }
                continue;
            }
        }
        let data: Vec<&Parsed> = page
            .body
            .iter()
            .copied()
            .filter(|l| is_data(&l.chunks))
            .collect();
        let mut cols = build_columns(&data);
        if let Some(numbering) = page.numbering {
            add_numbered_columns(&mut cols, numbering);
        }
        let signature = header_signature(&page.header);
        let repeated = master
            .as_ref()
            .is_some_and(|(_, s, _)| !signature.is_empty() && *s == signature);
        let header = header_rows(&page.header, &mut cols);
        if cols.is_empty() {
            cols = build_columns(&page.header.to_vec());
        }
        let body = body_rows(&page.body, &cols);
        let (width, to_master): (usize, Vec<usize>) = match &master {
            None => (cols.len(), (0..cols.len()).collect()),
            Some((m, _, _)) => (m.len(), map_columns(m, &cols)),
        };
        let widen = |cells: Vec<Vec<(String, u32)>>| -> Vec<Vec<(String, u32)>> {
            let mut wide = vec![Vec::new(); width.max(1)];
            for (j, pieces) in cells.into_iter().enumerate() {
                let k = to_master.get(j).copied().unwrap_or(j).min(width.max(1) - 1);
                wide[k].extend(pieces);
            }
            wide
        };
        if master.is_none() {
            for m in &page.meta {
                out.push(Row {
                    cells: m
                        .chunks
                        .iter()
                        .map(|c| Cell {
                            text: c.text.clone(),
                            line: m.number,
                        })
                        .collect(),
                    line: m.number,
                });
            }
        }
        if !repeated {
            for labels in header {
                let Some(line) = labels.iter().map(|l| l.line).min() else {
                    continue;
                };
                let mut cells = vec![Vec::new(); cols.len()];
                for l in &labels {
                    for &j in &l.cols {
                        cells[j].push((l.text.clone(), l.line));
                    }
                }
                out.push(row_of(widen(cells), line));
            }
        }
        for r in body {
            out.push(row_of(widen(r.cells), r.line));
        }
        if master.is_none() {
            master = Some((cols, signature, page.header.len()));
        }
    }
    // Every row as wide as the widest.
    let width = out.iter().map(|r| r.cells.len()).max().unwrap_or(0);
    for r in &mut out {
        while r.cells.len() < width {
            r.cells.push(Cell {
                text: String::new(),
                line: r.line,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines_of(text: &str) -> Vec<Line<'_>> {
        text.split('\n')
            .enumerate()
            .map(|(i, t)| Line {
                number: i as u32 + 1,
                page: 1,
                text: t,
            })
            .collect()
    }

    fn grid(text: &str) -> Vec<Vec<String>> {
        let mut page = 1;
        let lines: Vec<Line> = text
            .split('\n')
            .enumerate()
            .filter_map(|(i, t)| {
                if t.starts_with('\u{c}') {
                    page += 1;
                }
                (!t.trim().is_empty()).then_some(Line {
                    number: i as u32 + 1,
                    page,
                    text: t,
                })
            })
            .collect();
        table_rows(&lines, measure_of(&lines))
            .into_iter()
            .map(|r| r.cells.into_iter().map(|c| c.text).collect())
            .collect()
    }

    #[test]
    fn labels_broken_over_lines_beside_their_siblings_and_groups_over_them() {
        // 西安's 三公 table (表13, lines 899–906, cut after its 当年 block): 因公出国 / （境）费用 and
        // 公务用车购置 / 费 are labels of columns no row fills, broken over the lines their
        // siblings (小计, 公务接待费) stand on; 公务用车购置及运行维护费 heads 小计, 购置费 and 运行维护费,
        // and the 三公 group heads 小计 to the vehicles.
        let text = r"                                                                            上年                                                                                                      当年
                                                         一般公共预算拨款安排的“三公”经费预算                                                                                     一般公共预算拨款安排的“三公”经费预算
  单位编码                 单位名称                                                    公务用车购置及运行维护费                                                                                            公务用车购置及运行维护费
                               合计                      因公出国                                                 会议费          培训费           合计                      因公出国                                                 会议费         培训费
                                           小计                  公务接待费                    公务用车购置 公务用车运行                                              小计                  公务接待费                    公务用车购置 公务用车运行
                                                       （境）费用                小计                                                                                 （境）费用                小计
                                                                                          费     维护费                                                                                               费     维护费
                  合计          518,400.00   93,000.00            18,000.00   75,000.00           75,000.00   130,000.00   295,400.00   913,900.00   81,000.00            15,000.00   66,000.00           66,000.00   57,900.00   775,000.00";
        let g = grid(text);
        let data = g.last().unwrap();
        let header = &g[..g.len() - 1];
        let labels = |j: usize| -> Vec<&str> {
            header
                .iter()
                .map(|r| r.get(j).map_or("", String::as_str))
                .filter(|t| !t.is_empty())
                .collect()
        };
        let column = |words: &[&str], without: &[&str]| -> String {
            let found: Vec<usize> = (0..data.len())
                .filter(|&j| {
                    let l = labels(j);
                    words.iter().all(|w| l.contains(w)) && !without.iter().any(|w| l.contains(w))
                })
                .collect();
            assert_eq!(found.len(), 1, "{words:?}: {found:?} in {g:?}");
            data[found[0]].clone()
        };
        let sg = "一般公共预算拨款安排的“三公”经费预算";
        let cars = "公务用车购置及运行维护费";
        assert_eq!(column(&["当年", "合计"], &[sg]), "913,900.00");
        assert_eq!(column(&["当年", sg, "小计"], &[cars]), "81,000.00");
        assert_eq!(column(&["当年", sg, "因公出国（境）费用"], &[]), "");
        assert_eq!(column(&["当年", sg, "公务接待费"], &[]), "15,000.00");
        assert_eq!(column(&["当年", sg, cars, "小计"], &[]), "66,000.00");
        assert_eq!(column(&["当年", sg, cars, "公务用车购置费"], &[]), "");
        assert_eq!(
            column(&["当年", sg, cars, "公务用车运行维护费"], &[]),
            "66,000.00"
        );
        assert_eq!(column(&["当年", "会议费"], &[sg]), "57,900.00");
        assert_eq!(column(&["上年", sg, "公务接待费"], &[]), "18,000.00");
    }

    #[test]
    fn a_group_label_over_the_figures_of_a_lower_label_stands_over_them() {
        // 北京's 预算05 (lines 447–454): `项目支出` (line 449) and `项目支出总数` (line 452) both stand
        // over the figures of one column; the lower names it, the upper heads it, and no empty
        // column is made of either.
        let text = r"            功能分类科目                                                     预算数

                                                             基本支出                                  项目支出
  科目编码              科目名称      合计
                                                                                                           扣除基建项目后预
                                              小计             人员经费            公用经费          项目支出总数
                                                                                                              算数
2040601   行政运行               12,482.549431   12,333.173431   11,347.459612    985.713819      149.376000       149.376000";
        let g = grid(text);
        let data = g.last().unwrap();
        let named: Vec<usize> = (0..data.len())
            .filter(|&j| g.iter().any(|r| r[j] == "项目支出总数"))
            .collect();
        assert_eq!(named.len(), 1, "{g:?}");
        let j = named[0];
        assert_eq!(data[j], "149.376000", "{g:?}");
        assert!(g.iter().any(|r| r[j] == "项目支出"), "{g:?}");
    }

    #[test]
    fn chunks_split_at_wide_gaps_and_keep_spread_labels() {
        let c = coarse_chunks("  收   入        项目  1,0.5 一、支出");
        let t: Vec<&str> = c.iter().map(|c| c.text.as_str()).collect();
        assert_eq!(t, ["收入", "项目", "1,0.5 一、支出"]);
        let f = fine_chunks(&c[2], Measure::Chars);
        let t: Vec<&str> = f.iter().map(|c| c.text.as_str()).collect();
        assert_eq!(t, ["1,0.5", "一、支出"]);
        let f = fine_chunks(
            &Chunk {
                start: 0,
                end: 11,
                text: "支 出 总 计".into(),
            },
            Measure::Chars,
        );
        assert_eq!(f.len(), 1);
    }

    #[test]
    fn a_table_laid_out_by_display_width_keeps_its_columns() {
        // As the PDF reader lays a table out: a CJK character takes two columns, so figures end
        // on one display column, while their character offsets differ with the names' lengths.
        let text = "科目名称                              合计              基本支出          项目支出\n\
                    社会保障和就业支出                 8,661,624         8,661,624\n\
                    机关事业单位基本养老保险缴费支出     767,579           767,579\n\
                    住房公积金                           335,816                             1,000\n\
                    合计                               9,501,164         9,501,164           1,000";
        assert_eq!(measure_of(&lines_of(text)), Measure::Display);
        let g = grid(text);
        let row = |name: &str| g.iter().find(|r| r[0] == name).unwrap().clone();
        assert_eq!(
            row("机关事业单位基本养老保险缴费支出")[1..],
            ["767,579", "767,579", ""]
        );
        assert_eq!(row("住房公积金")[1..], ["335,816", "", "1,000"]);
        assert_eq!(row("合计")[1..], ["9,501,164", "9,501,164", "1,000"]);
        // pdftotext's text of the same table counts characters: it stays counted so.
        let chars = format!(
            "科目名称{}合计{}基本支出{}项目支出\n社会保障和就业支出{}8,661,624{}8,661,624\n\
             住房公积金{}335,816{}1,000",
            " ".repeat(13),
            " ".repeat(8),
            " ".repeat(7),
            " ".repeat(5),
            " ".repeat(2),
            " ".repeat(11),
            " ".repeat(17)
        );
        assert_eq!(measure_of(&lines_of(&chars)), Measure::Chars);
        assert_eq!(
            grid(&chars)[2],
            ["住房公积金", "335,816", "", "1,000"].map(String::from)
        );
    }

    #[test]
    fn a_total_row_alone_on_a_page_is_laid_like_the_rows_above() {
        // pdftotext sets a page holding one line flush left.
        let g = grid(
            "类   款   科目名称                合计          基本支出      项目支出\n\
             201  05   统计信息事务            257,700       0             257,700\n\
             221  02   住房公积金              3,503,499     3,503,499     0\n\
             \u{c}合计   3,761,199   3,503,499   257,700",
        );
        let total = g
            .iter()
            .find(|r| r.contains(&"合计".to_string()) && r[3] != "合计");
        let total = total.expect("the total row");
        // The columns of the row above (whatever the header made of them), in order.
        let above = &g[g.len() - 2];
        assert_eq!(above[3..], ["3,503,499", "3,503,499", "0"], "{g:?}");
        assert_eq!(total[3..], ["3,761,199", "3,503,499", "257,700"], "{g:?}");
        assert_eq!(total[2], "合计");
    }

    #[test]
    fn empty_cells_stay_in_their_columns() {
        let g = grid(
            "  科目编码                  科目名称         总计             基本支出         项目支出\n\
             201        一般公共服务支出                    15,958.96      6,420.41     9,538.54\n \
             2010301   行政运行                         6,342.71      6,342.71\n \
             2010302   一般行政管理事务                     8,220.69                   8,220.69\n",
        );
        assert_eq!(
            g[0],
            ["科目编码", "科目名称", "总计", "基本支出", "项目支出"]
        );
        assert_eq!(g[2], ["2010301", "行政运行", "6,342.71", "6,342.71", ""]);
        assert_eq!(
            g[3],
            ["2010302", "一般行政管理事务", "8,220.69", "", "8,220.69"]
        );
    }

    #[test]
    fn merged_and_broken_header_labels() {
        let g = grid(
            "              功能分类科目                                                    2026年预算数\n                                 2025年预算\n                                     数                                   基本支出\n  科目编码                  科目名称                   总计                                                 项目支出\n                                                           小计            人员经费         公用经费\n                   合计              15,635.80   18,417.70   9,018.47        7,180.92    1,837.55     9,399.23\n\
             201        一般公共服务支出                12,679.50   15,146.48   6,420.41        4,609.73    1,810.68     8,726.06\n",
        );
        let label = |c: usize| -> String {
            g[..g.len() - 2]
                .iter()
                .map(|r| r[c].clone())
                .collect::<Vec<_>>()
                .join("|")
        };
        // Columns: code, name, 2025, total, basic, personnel, public, project.
        assert_eq!(g[0].len(), 8, "{g:?}");
        assert!(label(2).contains("2025年预算数"), "{}", label(2));
        assert!(
            label(3).contains("2026年预算数") && label(3).contains("总计"),
            "{}",
            label(3)
        );
        assert!(
            label(4).contains("基本支出") && label(4).contains("小计"),
            "{}",
            label(4)
        );
        assert!(label(5).contains("基本支出") && label(5).contains("人员经费"));
        assert!(!label(3).contains("基本支出"));
        assert!(!label(7).contains("基本支出") && label(7).contains("项目支出"));
        assert_eq!(g[5][3], "18,417.70");
        assert_eq!(g[5][7], "9,399.23");
        assert_eq!(g[6][1], "一般公共服务支出");
    }

    #[test]
    fn wrapped_names_join_their_row() {
        let g = grid(
            " 科目编码   科目名称                       总计\n \
             2010350   事业运行                             80.18\n            \
             其他政府办公厅（室）及相关机构事务\n \
             2010399                         1,315.37\n           \
             支出\n",
        );
        assert_eq!(g.len(), 3, "{g:?}");
        assert_eq!(g[2][0], "2010399");
        assert_eq!(g[2][1], "其他政府办公厅（室）及相关机构事务支出");
        assert_eq!(g[2][2], "1,315.37");
    }

    #[test]
    fn rows_of_words_alone_stay_rows() {
        let g = grid(
            "一、一般公共预算资金             18,417.70 一、一般公共服务支出            15,958.96\n\
             六、上级补助收入资金                        六、住房保障支出              539.91\n\
             七、附属单位上缴收入资金\n",
        );
        assert_eq!(g.len(), 3, "{g:?}");
        assert_eq!(
            g[0],
            [
                "一、一般公共预算资金",
                "18,417.70",
                "一、一般公共服务支出",
                "15,958.96"
            ]
        );
        assert_eq!(g[2][0], "七、附属单位上缴收入资金");
    }

    #[test]
    fn a_repeated_header_on_the_next_page_is_dropped_and_columns_realigned() {
        let page1 = "      科目编码     科目名称         总计        基本支出       项目支出\n    \
                     201        一般公共服务支出     10.00        6.00          4.00\n     \
                     2010301   行政运行              6.00        6.00\n";
        // The next page sets everything four columns further left.
        let page2 = "\u{c}  科目编码     科目名称         总计        基本支出       项目支出\n \
                     2010302   一般行政管理事务      4.00                      4.00\n";
        let g = grid(&format!("{page1}{page2}"));
        assert_eq!(g.len(), 4, "{g:?}");
        assert_eq!(g[3], ["2010302", "一般行政管理事务", "4.00", "", "4.00"]);
    }
}
