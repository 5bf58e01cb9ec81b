//! cross-table: the same total in two tables.

use super::*;

/// Which funds a table covers: 0 all funds, 1 fiscal appropriations, 2 the general public budget.
/// A table of a higher rank can only show less than one of a lower rank.
pub(super) fn coverage_rank(kind: TableKind) -> u8 {
    match kind {
        TableKind::FiscalSummary => 1,
        TableKind::GeneralExpenditure | TableKind::BasicEconomic => 2,
        _ => 0,
    }
}

/// The grand total of expenditure printed in a table: the first amount right of its total label.
pub(super) fn table_total(budget: &Budget, table: &TableRecord) -> Option<Figure> {
    let labels: &[&str] = match table.kind {
        TableKind::Summary | TableKind::FiscalSummary => &["支出总计", "本年支出合计", "支出合计"],
        _ => &["合计", "总计", "支出合计"],
    };
    // Tables without a stated unit are taken as 万元, the unit of nearly every disclosure; a
    // wrong guess shows up as a 10,000× difference that implausible-unit reports.
    let unit = table.unit.unwrap_or(Unit::TenThousandYuan);
    let body = table.rows.iter().skip(table.header_rows);
    for label in labels {
        for row in body.clone() {
            let Some(at) = row.iter().position(|c| {
                let text: String = c.text.chars().filter(|ch| !ch.is_whitespace()).collect();
                text.trim_end_matches(['：', ':']) == *label
            }) else {
                continue;
            };
            let found = row[at + 1..].iter().find_map(|c| {
                Amount::parse(&c.text, unit).ok().map(|amount| Figure {
                    amount,
                    source: source_line(budget, c.line),
                    printed: c.text.trim().to_string(),
                    unit,
                    correction: None,
                    derivation: None,
                })
            });
            if found.is_some() {
                return found;
            }
        }
    }
    None
}

/// The same figure in different tables: the grand totals of 收支总表, 支出总表, 财政拨款收支总表
/// and 一般公共预算支出表, and each function code's amount in every table that lists it.
pub(super) fn cross_table(budget: &Budget, out: &mut Vec<Finding>) {
    let kinds = [
        TableKind::Summary,
        TableKind::Expenditure,
        TableKind::FiscalSummary,
        TableKind::GeneralExpenditure,
    ];
    let totals: Vec<(TableKind, Term)> = kinds
        .iter()
        .filter_map(|&kind| {
            let table = budget.table(kind)?;
            let figure = table_total(budget, table)?;
            Some((
                kind,
                Term::new(
                    format!("{}支出合计", kind.name_zh()),
                    format!("the total of the {}", kind.name_en()),
                    &figure,
                ),
            ))
        })
        .collect();
    for (i, (kind_a, a)) in totals.iter().enumerate() {
        for (kind_b, b) in &totals[i + 1..] {
            compare_by_coverage(out, (*kind_a, a), (*kind_b, b));
        }
    }

    // Same code, different tables. Lines of the same code within one table (one per subordinate
    // unit) are summed first.
    let mut by_code: BTreeMap<(&FunctionCode, TableKind), Vec<&Figure>> = BTreeMap::new();
    for line in &budget.function_lines {
        if let Some(total) = &line.total {
            by_code
                .entry((&line.code, line.table))
                .or_default()
                .push(total);
        }
    }
    let codes: BTreeSet<&FunctionCode> = by_code.keys().map(|(c, _)| *c).collect();
    for code in codes {
        let terms: Vec<(TableKind, Term)> = by_code
            .iter()
            .filter(|((c, _), _)| *c == code)
            .map(|((_, kind), figures)| {
                let amount: Amount = figures.iter().map(|f| f.amount).sum();
                // Every entry holds at least the figure that created it.
                let mut figure = figures[0].clone();
                let mut half = None;
                if figures.len() > 1 {
                    figure.amount = amount;
                    figure.printed = format::amount_plain(amount.value());
                    half = Some(figures.iter().map(|f| f.amount.half_unit()).sum());
                }
                let term = Term::new(
                    format!("{} {} 合计", kind.name_zh(), code),
                    format!("{} in the {}", code, kind.name_en()),
                    &figure,
                );
                (*kind, Term { half, ..term })
            })
            .collect();
        for (i, (kind_a, a)) in terms.iter().enumerate() {
            for (kind_b, b) in &terms[i + 1..] {
                compare_by_coverage(out, (*kind_a, a), (*kind_b, b));
            }
        }
    }
}

pub(super) fn compare_by_coverage(
    out: &mut Vec<Finding>,
    a: (TableKind, &Term),
    b: (TableKind, &Term),
) {
    let (rank_a, rank_b) = (coverage_rank(a.0), coverage_rank(b.0));
    if rank_a == rank_b {
        check_equal(out, "cross-table", a.1, b.1);
    } else if rank_a > rank_b {
        check_at_most(out, "cross-table", a.1, b.1);
    } else {
        check_at_most(out, "cross-table", b.1, a.1);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audit::test_support::*;

    // --- cross-table ---------------------------------------------------------------------

    #[test]
    fn cross_table_compares_grand_totals() {
        let mut b = empty();
        b.tables.push(table(
            TableKind::Summary,
            &[&["收入总计", "922.94", "支出总计", "922.94"]],
            240,
        ));
        b.tables.push(table(
            TableKind::Expenditure,
            &[&["", "合计", "922.94", "483.80"]],
            250,
        ));
        b.tables.push(table(
            TableKind::GeneralExpenditure,
            &[&["合计", "922.94"]],
            320,
        ));
        assert!(run(&b, "cross-table").is_empty());
        b.tables[1] = table(
            TableKind::Expenditure,
            &[&["", "合计", "932.94", "483.80"]],
            250,
        );
        let found = run(&b, "cross-table");
        assert_eq!(found.len(), 2, "{found:#?}");
        // 收支总表 and 支出总表 cover the same funds: an error.
        assert_eq!(found[0].severity, Severity::Error);
        // The general budget may fall short of all funds: info only.
        assert_eq!(found[1].severity, Severity::Info);
        // A general-budget table showing less than the whole is not an error.
        b.tables[1] = table(TableKind::Expenditure, &[&["", "合计", "922.94"]], 250);
        b.tables[2] = table(TableKind::GeneralExpenditure, &[&["合计", "862.94"]], 320);
        let found = run(&b, "cross-table");
        assert_eq!(found.len(), 2, "against 收支总表 and 支出总表");
        assert!(found.iter().all(|f| f.severity == Severity::Info));
    }

    #[test]
    fn cross_table_compares_function_codes() {
        let mut b = empty();
        let line = |table: TableKind, amount: &str, at: u32| FunctionLine {
            code: FunctionCode::new("2010301").expect("valid"),
            name: "行政运行".to_string(),
            total: Some(fig(amount, at)),
            basic: None,
            project: None,
            table,
        };
        b.function_lines = vec![
            line(TableKind::Expenditure, "239.14", 260),
            line(TableKind::Summary, "239.14", 240),
        ];
        assert!(run(&b, "cross-table").is_empty());
        b.function_lines
            .push(line(TableKind::GeneralExpenditure, "293.14", 330));
        let found = run(&b, "cross-table");
        assert_eq!(found.len(), 2);
        assert!(found.iter().all(|f| f.severity == Severity::Error));
    }
}
