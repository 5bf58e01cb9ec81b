//! Rows of a project table that group the rows under them (a unit `广州市统计局`, a category
//! `通用项目`, a sub-category `大型活动`): printed like projects, each is the sum of the rows
//! that follow it. Told apart by the table's own arithmetic, not by words: the rows must make a
//! tree — every group the exact sum of the subtrees under it — whose top level adds up to the
//! table's printed total. Where no such tree exists, every row is a row of its own.

use rust_decimal::Decimal;

/// How many steps the search may take before it gives up (every row its own).
const BUDGET: usize = 20_000;

/// For each row, the index of the group row it stands under (`None` at the top), and whether it
/// is a group; `None` when the rows are not such a tree, or have no groups.
pub fn group_rows(amounts: &[Decimal], total: Decimal) -> Option<Vec<(Option<usize>, bool)>> {
    let mut search = Search {
        amounts,
        parent: vec![None; amounts.len()],
        group: vec![false; amounts.len()],
        steps: 0,
    };
    let end = search.sequence(0, total, None, true)?;
    (end == amounts.len() && search.group.iter().any(|&g| g))
        .then(|| search.parent.into_iter().zip(search.group).collect())
}

struct Search<'a> {
    amounts: &'a [Decimal],
    parent: Vec<Option<usize>>,
    group: Vec<bool>,
    steps: usize,
}

impl Search<'_> {
    /// Rows from `k` as whole subtrees adding up to `remaining`; the index after them. With
    /// `to_end`, they must take every row left.
    fn sequence(
        &mut self,
        k: usize,
        remaining: Decimal,
        parent: Option<usize>,
        to_end: bool,
    ) -> Option<usize> {
        let n = self.amounts.len();
        if remaining.is_zero() && (!to_end || k == n) {
            return Some(k);
        }
        if k >= n || remaining < Decimal::ZERO {
            return None;
        }
        self.steps += 1;
        if self.steps > BUDGET {
            return None;
        }
        let a = self.amounts[k];
        self.parent[k] = parent;
        // Row k a group: the rows under it add up to it, then the rest.
        if a > Decimal::ZERO && a <= remaining {
            self.group[k] = true;
            if let Some(end) = self.sequence(k + 1, a, Some(k), false)
                && end > k + 1
                && let Some(after) = self.sequence(end, remaining - a, parent, to_end)
            {
                return Some(after);
            }
            self.group[k] = false;
        }
        // Row k a row of its own.
        self.sequence(k + 1, remaining - a, parent, to_end)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(v: i64) -> Decimal {
        Decimal::from(v)
    }

    #[test]
    fn units_and_categories_that_sum_the_rows_under_them_are_groups() {
        // 西安市统计局 表10 (xian-tongjiju-2026.txt lines 828–851), in 元 / 100: the unit,
        // its sub-unit, categories, sub-categories and projects.
        let rows = [
            254081, 251391, 85806, 7500, 7500, 12281, 12281, 150, 150, 5875, 300, 5575, 60000,
            60000, 165585, 165585, 4846, 160739, 2690, 2690, 2690,
        ];
        let amounts: Vec<Decimal> = rows.iter().map(|&v| d(v)).collect();
        let g = group_rows(&amounts, d(254081)).expect("a tree");
        let leaves: Vec<i64> = g
            .iter()
            .zip(rows)
            .filter(|((_, group), _)| !group)
            .map(|(_, v)| v)
            .collect();
        assert_eq!(leaves.iter().sum::<i64>(), 254081);
        assert_eq!(
            leaves,
            [7500, 12281, 150, 300, 5575, 60000, 4846, 160739, 2690]
        );
    }

    #[test]
    fn rows_that_are_no_tree_stay_rows() {
        assert_eq!(group_rows(&[d(100), d(100)], d(200)), None);
        assert_eq!(
            group_rows(&[d(100), d(50)], d(200)),
            None,
            "no sum to the total"
        );
    }
}
