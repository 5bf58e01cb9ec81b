//! sanggong-sum, projects-vs-project-total, project-count.

use super::*;

/// 三公 total = 出国 + 车辆 + 接待, and 车辆 = 购置 + 运行, in the table and in the narrative.
pub(super) fn sanggong_sum(budget: &Budget, out: &mut Vec<Finding>) {
    let statements = [
        (&budget.sanggong, "三公经费表", "the 三公 table"),
        (&budget.narrative.sanggong.amounts, "说明", "the narrative"),
    ];
    for (s, where_zh, where_en) in statements {
        // The narrative's figures as meant: a 元 slip is implausible-unit's to report.
        let term = |item: SanggongItem| {
            s.get(item).map(|f| {
                Term::new(
                    format!("{where_zh}中的{}", item.label_zh()),
                    format!("{where_en}'s {}", item.label_en()),
                    &as_meant(f),
                )
            })
        };
        let vehicles = term(SanggongItem::Vehicles);
        let purchase = term(SanggongItem::VehiclePurchase);
        let operation = term(SanggongItem::VehicleOperation);
        if let (Some(v), Some(p), Some(o)) = (&vehicles, &purchase, &operation) {
            check_sum(out, "sanggong-sum", v, &[p.clone(), o.clone()], None);
        }
        let vehicle_parts = match (vehicles, purchase, operation) {
            (Some(v), _, _) => Some(vec![v]),
            (None, Some(p), Some(o)) => Some(vec![p, o]),
            _ => None,
        };
        let (Some(total), Some(outbound), Some(reception), Some(vehicle_parts)) = (
            term(SanggongItem::Total),
            term(SanggongItem::Outbound),
            term(SanggongItem::Reception),
            vehicle_parts,
        ) else {
            continue;
        };
        let mut parts = vec![outbound];
        parts.extend(vehicle_parts);
        parts.push(reception);
        check_sum(out, "sanggong-sum", &total, &parts, None);
    }
}

/// The projects listed add up to 项目支出.
pub(super) fn projects_vs_project_total(budget: &Budget, out: &mut Vec<Finding>) {
    let Some(total) = &budget.totals.project else {
        return;
    };
    if budget.projects.is_empty() {
        return;
    }
    let Some(parts) = budget
        .projects
        .iter()
        .map(|p| {
            p.amount
                .as_ref()
                .map(|f| Term::new(p.name.clone(), p.name.clone(), f))
        })
        .collect::<Option<Vec<_>>>()
    else {
        return;
    };
    let label = format!("所列 {} 个项目", parts.len());
    let label_en = format!("the {} projects listed", parts.len());
    check_sum(
        out,
        "projects-vs-project-total",
        &Term::new("项目支出", "project expenditure", total),
        &parts,
        Some((&label, &label_en)),
    );
}

/// The number of projects the text states against the number listed.
pub(super) fn project_count(budget: &Budget, out: &mut Vec<Finding>) {
    let Some(count) = &budget.narrative.project_count else {
        return;
    };
    let listed = budget.projects.len();
    if listed == 0 || listed == count.value as usize {
        return;
    }
    out.push(finding(
        Severity::Warning,
        "project-count",
        (
            format!(
                "说明称共 {} 个项目，但项目表列出 {} 个。",
                count.value, listed
            ),
            format!(
                "The narrative states {} projects but {} are listed.",
                count.value, listed
            ),
        ),
        vec![Compared {
            label: format!("说明中的项目个数 {}", count.value),
            amount: None,
            source: Some(count.source.clone()),
        }],
    ));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audit::test_support::*;

    // --- sanggong-sum --------------------------------------------------------------------

    #[test]
    fn sanggong_sum_fires_and_stays_silent() {
        let mut b = empty();
        // fengquan-2024 lines 110–118: 11.00 = 0.00 + 2.00 + 9.00 (9.00 = 0.00 + 9.00).
        b.sanggong = Sanggong {
            total: Some(fig("11.00", 110)),
            outbound: Some(fig("0.00", 114)),
            vehicles: Some(fig("9.00", 118)),
            vehicle_purchase: Some(fig("0.00", 118)),
            vehicle_operation: Some(fig("9.00", 118)),
            reception: Some(fig("2.00", 116)),
        };
        assert!(run(&b, "sanggong-sum").is_empty());
        b.sanggong.vehicle_operation = Some(fig("8.00", 118));
        b.sanggong.reception = Some(fig("3.00", 116));
        let found = run(&b, "sanggong-sum");
        assert_eq!(found.len(), 2);
        assert!(found.iter().all(|f| f.severity == Severity::Error));
    }

    #[test]
    fn sanggong_sum_reads_fengxian_reception_as_meant() {
        // 0.00 + 2.19 + 31.77 + 0.00 = 33.96 once 2.19 元 is read as 万元; the slip itself is
        // implausible-unit's finding.
        assert!(run(&fengxian(), "sanggong-sum").is_empty());
    }

    // --- projects-vs-project-total, project-count ----------------------------------------

    #[test]
    fn projects_sum_to_project_total_within_rounding() {
        let mut b = empty();
        // luohe prints project amounts to 0.1 and the total to 0.01.
        b.totals.project = Some(fig("100.04", 117));
        b.projects = vec![project("甲", "50.0", 400), project("乙", "50.0", 401)];
        let found = run(&b, "projects-vs-project-total");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].severity, Severity::Info);
        b.projects[1] = project("乙", "50.04", 401);
        b.projects[0] = project("甲", "50.00", 400);
        assert!(run(&b, "projects-vs-project-total").is_empty());
        b.projects[1] = project("乙", "40.04", 401);
        assert_eq!(
            run(&b, "projects-vs-project-total")[0].severity,
            Severity::Error
        );
        // A project without an amount: no sum to check.
        b.projects[1].amount = None;
        assert!(run(&b, "projects-vs-project-total").is_empty());
    }

    #[test]
    fn project_count_fires_and_stays_silent() {
        let mut b = empty();
        b.projects = vec![project("甲", "1.00", 400)];
        b.narrative.project_count = Some(Count {
            value: 1,
            source: Source::new(FILE, 90),
        });
        assert!(run(&b, "project-count").is_empty());
        b.narrative.project_count = Some(Count {
            value: 31,
            source: Source::new(FILE, 90),
        });
        assert_eq!(run(&b, "project-count")[0].severity, Severity::Warning);
    }
}
