//! The header lines over a table's columns: which column each label stands over, labels broken
//! by their cell's width joined again, upper labels widened over the labels under them.

use super::*;

/// A header chunk placed over columns.
#[derive(Debug, Clone)]
pub(super) struct Label {
    pub(super) text: String,
    pub(super) line: u32,
    /// The line of its last piece, for a label broken over lines (`因公出国` / `（境）费用`).
    bottom: u32,
    /// Character extent, for telling which labels stand under which.
    start: usize,
    end: usize,
    pub(super) cols: Vec<usize>,
}

impl Label {
    fn center(&self) -> f64 {
        (self.start + self.end) as f64 / 2.0
    }
}

/// Header lines over the columns. Each label stands over the column whose cell holds its
/// centre; of two labels of one line over one column the nearer keeps it and a lowest label
/// (nothing under it) makes a column of its own, as does a lowest label beside every column.
/// Then labels broken inside one column are joined and upper labels widened over those under them.
pub(super) fn header_rows(lines: &[&Parsed], cols: &mut Vec<Column>) -> Vec<Vec<Label>> {
    let (lines, bottoms) = join_broken_labels(lines);
    let spans: Vec<Vec<(usize, usize)>> = lines
        .iter()
        .map(|(_, chunks)| {
            chunks
                .iter()
                .map(|c| (c.start, c.end.max(c.start + 1)))
                .collect()
        })
        .collect();
    let leaf = |r: usize, span: (usize, usize)| {
        !spans[r + 1..]
            .iter()
            .any(|row| row.iter().any(|&d| overlap(span, d) > 0))
    };
    // An upper label between labels of a lower line (`功能分类科目` over `科目编码` and `科目名称`)
    // spans them, though it stands over neither. A label broken over lines (`因公出国` /
    // `（境）费用`) is upper only to the lines under its last piece: labels beside its pieces
    // (`小计`, `公务接待费`) are its neighbours.
    // The labels it spans are the nearest on either side, no other label of its line between.
    let spans_lower = |r: usize, x: usize| {
        let span = spans[r][x];
        let centre = (span.0 + span.1) / 2;
        let between = |lo: usize, hi: usize| {
            spans[r]
                .iter()
                .enumerate()
                .any(|(o, &(start, end))| o != x && start >= lo && end <= hi)
        };
        (r + 1..spans.len())
            .filter(|&b| lines[b].0 > bottoms[r][x])
            .any(|b| {
                let left = spans[b]
                    .iter()
                    .map(|&(_, end)| end)
                    .filter(|&end| end <= centre)
                    .max();
                let right = spans[b]
                    .iter()
                    .map(|&(start, _)| start)
                    .filter(|&start| start >= centre)
                    .min();
                match (left, right) {
                    (Some(left), Some(right)) => !between(left, span.0) && !between(span.1, right),
                    _ => false,
                }
            })
    };
    let data = cols.clone();
    let room = regions(&data);
    // Per line, per chunk: the data column it stands over, or None for a column of its own.
    let mut claims: Vec<Vec<Option<usize>>> = spans
        .iter()
        .map(|row| {
            row.iter()
                .map(|&span| {
                    let centre = (span.0 + span.1) as f64 / 2.0;
                    room.iter()
                        .position(|&(lo, hi)| centre >= lo && centre < hi)
                })
                .collect()
        })
        .collect();
    // Lowest labels over one column that stand side by side (not one above the other) name
    // different columns: the one nearest the figures keeps it, the others get columns of their own.
    for (j, column) in data.iter().enumerate() {
        let mut leaves: Vec<(usize, usize)> = Vec::new();
        for (r, row) in spans.iter().enumerate() {
            for (x, &span) in row.iter().enumerate() {
                if claims[r][x] == Some(j) && leaf(r, span) {
                    leaves.push((r, x));
                }
            }
        }
        // Of two labels as near, the lower (nearer the figures) keeps it.
        leaves.sort_by_key(|&(r, x)| {
            (
                spans_lower(r, x),
                distance(spans[r][x], (column.start, column.end)),
                std::cmp::Reverse(r),
            )
        });
        let mut kept: Vec<(usize, usize)> = Vec::new();
        for (r, x) in leaves {
            let beside = kept
                .iter()
                .all(|&(kr, kx)| overlap(spans[kr][kx], spans[r][x]) == 0);
            if kept.is_empty() || !beside {
                kept.push((r, x));
            } else if !spans_lower(r, x) && distance(spans[r][x], (column.start, column.end)) > 0 {
                // A label over the column's figures stands over it (`项目支出` over
                // `项目支出总数`); one beside them names a column no row fills.
                claims[r][x] = None;
            }
        }
    }
    // Two labels of one line over one column (`“三公”经费财政 因公出国（境）费` over the first
    // figures, CJK text being narrower in extracted text than on the page): the one that reaches
    // past the column into a neighbour that no label of its line names stands over that neighbour.
    for (r, row) in spans.iter().enumerate() {
        for j in 0..data.len() {
            let mine: Vec<usize> = (0..row.len())
                .filter(|&x| claims[r][x] == Some(j))
                .collect();
            let (Some(&first), Some(&last)) = (mine.first(), mine.last()) else {
                continue;
            };
            if first == last {
                continue;
            }
            let free = |k: usize| !claims[r].contains(&Some(k));
            if j + 1 < data.len() && row[last].1 > data[j].end && free(j + 1) {
                claims[r][last] = Some(j + 1);
            } else if j > 0 && row[first].0 < data[j].start && free(j - 1) {
                claims[r][first] = Some(j - 1);
            }
        }
    }
    let mut extra: Vec<(usize, usize)> = Vec::new();
    for (r, claim) in claims.iter().enumerate() {
        for (x, c) in claim.iter().enumerate() {
            if c.is_none() {
                extra.push(spans[r][x]);
            }
        }
    }
    if data.is_empty() {
        extra = spans
            .iter()
            .enumerate()
            .flat_map(|(r, row)| {
                row.iter()
                    .filter(|&&s| leaf(r, s))
                    .copied()
                    .collect::<Vec<_>>()
            })
            .collect();
    }
    extra.sort();
    // The final columns: data columns and labels' own columns, by position.
    let mut all: Vec<(Column, Option<usize>)> = data
        .iter()
        .enumerate()
        .map(|(j, c)| (*c, Some(j)))
        .collect();
    for span in &extra {
        if all
            .iter()
            .any(|(c, own)| own.is_none() && overlap((c.start, c.end), *span) > 0)
        {
            continue;
        }
        let at = all
            .iter()
            .position(|(c, _)| c.start > span.0)
            .unwrap_or(all.len());
        all.insert(
            at,
            (
                Column {
                    start: span.0,
                    end: span.1,
                    numeric: true,
                },
                None,
            ),
        );
    }
    *cols = all.iter().map(|(c, _)| *c).collect();
    let index_of_data = |j: usize| all.iter().position(|(_, own)| *own == Some(j));
    let mut rows: Vec<Vec<Label>> = lines
        .iter()
        .zip(&claims)
        .zip(&bottoms)
        .map(|(((number, chunks), claim), bottoms)| {
            chunks
                .iter()
                .zip(claim)
                .zip(bottoms)
                .map(|((c, claimed), &bottom)| {
                    let col = match claimed.and_then(index_of_data) {
                        Some(k) => vec![k],
                        None => covered(c, cols),
                    };
                    Label {
                        text: c.text.clone(),
                        line: *number,
                        bottom,
                        start: c.start,
                        end: c.end,
                        cols: col,
                    }
                })
                .collect()
        })
        .collect();
    widen_upper_labels(&mut rows, cols);
    rows
}

/// A header line: its number and its labels.
type HeaderLine = (u32, Vec<Chunk>);

/// Header labels end in a word of their own (`基本支出`, `人员经费`, `2026年预算数`); a piece that
/// does not (`一般公共预`, `2025年预算`) was broken by the cell's width.
fn is_complete_label(text: &str) -> bool {
    const ENDINGS: [&str; 17] = [
        "支出", "经费", "合计", "总计", "小计", "收入", "名称", "编码", "代码", "科目", "金额",
        "项目", "结转", "结余", "数", "其中", "费",
    ];
    let t: String = text.chars().filter(|c| !is_space(*c)).collect();
    ENDINGS.iter().any(|e| t.ends_with(e))
}

/// Header lines with labels broken by their cell's width joined (`一般公共预` / `算拨款收入`,
/// `因公出国` / `（境）费`): the upper piece does not end in a word of its own, and the lower piece
/// is the only one under it, inside its width, with nothing between them and nothing under it.
/// Beside the lines, the line number of each label's last piece.
fn join_broken_labels(lines: &[&Parsed]) -> (Vec<HeaderLine>, Vec<Vec<u32>>) {
    let mut rows: Vec<HeaderLine> = lines.iter().map(|l| (l.number, l.chunks.clone())).collect();
    let mut bottoms: Vec<Vec<u32>> = rows
        .iter()
        .map(|(number, chunks)| vec![*number; chunks.len()])
        .collect();
    let span = |c: &Chunk| (c.start, c.end.max(c.start + 1));
    for r in 0..rows.len() {
        let mut i = 0;
        while i < rows[r].1.len() {
            let upper = rows[r].1[i].clone();
            if is_complete_label(&upper.text) || !has_cjk(&upper.text) {
                i += 1;
                continue;
            }
            let wide = (upper.start.saturating_sub(2), upper.end + 2);
            let below =
                (r + 1..rows.len()).find(|&b| rows[b].1.iter().any(|c| overlap(span(c), wide) > 0));
            let mut joined = false;
            if let Some(b) = below {
                let under: Vec<usize> = (0..rows[b].1.len())
                    .filter(|&x| overlap(span(&rows[b].1[x]), wide) > 0)
                    .collect();
                if let [x] = under[..] {
                    let lower = rows[b].1[x].clone();
                    let inside = lower.start + 2 >= upper.start && lower.end <= upper.end + 2;
                    let nothing_under = !rows[b + 1..]
                        .iter()
                        .any(|(_, row)| row.iter().any(|c| overlap(span(c), span(&lower)) > 0));
                    if inside
                        && nothing_under
                        && has_cjk(&lower.text)
                        && lower.text.chars().count() <= upper.text.chars().count() + 1
                    {
                        rows[b].1.remove(x);
                        bottoms[b].remove(x);
                        rows[r].1[i].text.push_str(&lower.text);
                        bottoms[r][i] = rows[b].0;
                        joined = true;
                    }
                }
            }
            if !joined {
                i += 1;
            }
        }
    }
    let kept: Vec<bool> = rows.iter().map(|(_, row)| !row.is_empty()).collect();
    let mut k = kept.iter();
    rows.retain(|_| *k.next().unwrap_or(&true));
    let mut k = kept.iter();
    bottoms.retain(|_| *k.next().unwrap_or(&true));
    (rows, bottoms)
}

/// An upper label spans, besides its own columns, the neighbouring columns that a label of the
/// first line under it covers, or that nothing covers until a lower line; never a column nearer to
/// another label of its own line.
fn widen_upper_labels(rows: &mut [Vec<Label>], cols: &[Column]) {
    let n = cols.len();
    for r in (0..rows.len()).rev() {
        for i in 0..rows[r].len() {
            let me = rows[r][i].clone();
            let Some(&first) = me.cols.first() else {
                continue;
            };
            let last = *me.cols.last().unwrap_or(&first);
            let child = (r + 1..rows.len()).find(|&b| {
                rows[b]
                    .iter()
                    .any(|l| l.cols.iter().any(|c| me.cols.contains(c)))
            });
            let Some(child) = child else { continue };
            // A column is covered at a line by a label on it or by one broken over it.
            let covered_in = |row: usize, j: usize| {
                let at = rows[row].first().map_or(0, |l| l.line);
                (r + 1..=row).any(|b| {
                    rows[b]
                        .iter()
                        .any(|l| l.cols.contains(&j) && (b == row || l.bottom >= at))
                })
            };
            // A label with labels under it heads a group: a group between this label and its
            // first line of labels lies within it (`公务用车购置及运行维护费` under `“三公”经费`).
            let heads_group = |b: usize, l: &Label| {
                rows[b + 1..].iter().any(|row| {
                    row.iter()
                        .any(|m| m.cols.iter().any(|k| l.cols.contains(k)))
                })
            };
            let group_between = |j: usize| {
                (r + 1..child).any(|b| {
                    rows[b]
                        .iter()
                        .any(|l| l.cols.contains(&j) && heads_group(b, l))
                })
            };
            let nearer_other = |j: usize| {
                let d = (cols[j].center() - me.center()).abs();
                rows[r].iter().enumerate().any(|(x, o)| {
                    x != i && (o.cols.contains(&j) || (cols[j].center() - o.center()).abs() < d)
                })
            };
            let labelled_below = |j: usize| (r + 1..rows.len()).any(|b| covered_in(b, j));
            let open = |j: usize| !(r + 1..=child).any(|b| covered_in(b, j)) && labelled_below(j);
            let takes = |j: usize| {
                !nearer_other(j) && (covered_in(child, j) || group_between(j) || open(j))
            };
            let mut lo = first;
            while lo > 0 && takes(lo - 1) {
                lo -= 1;
            }
            let mut hi = last;
            while hi + 1 < n && takes(hi + 1) {
                hi += 1;
            }
            rows[r][i].cols = (lo..=hi).collect();
        }
    }
}
