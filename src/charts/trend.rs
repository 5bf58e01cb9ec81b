//! One department across years: a bar per year, oldest first.

use super::*;

/// Total expenditure of each year of one department (`years` oldest first, `who` its name); `None`
/// unless at least two years disclose it. A year that does not is named in the description.
pub fn trend_chart(years: &[&Budget], who: &str, lang: Lang) -> Option<Chart> {
    let mut rows = Vec::new();
    let mut missing = Vec::new();
    for budget in years {
        let Some(year) = budget.year else { continue };
        let label = year_text(year, lang);
        match amount_of(&budget.totals.expenditure) {
            Some(amount) => rows.push((label, amount)),
            None => missing.push(label),
        }
    }
    if rows.len() < 2 {
        return None;
    }
    Some(amount_bars(BarsSpec {
        id: "chart-trend".to_string(),
        name: "trend",
        title: lang.fill("chart_trend_title", &[("who", who)]),
        what: lang.fill("chart_trend_what", &[("who", who)]),
        lang,
        rows,
        missing,
        sort: false,
        shares: false,
        colour_of: None,
        legend: Vec::new(),
        extra_notes: Vec::new(),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Source, Unit};

    fn year(y: u16, total: Option<&str>) -> Budget {
        let mut b = Budget::empty("a", "a.txt");
        b.year = Some(y);
        b.totals.expenditure = total.map(|t| {
            Figure::new(
                Amount::parse(t, Unit::TenThousandYuan).unwrap(),
                Source::new("a.txt", 3),
                t,
                Unit::TenThousandYuan,
            )
        });
        b
    }

    #[test]
    fn bars_keep_the_order_of_the_years_and_name_an_undisclosed_one() {
        let (a, b, c) = (
            year(2022, Some("300.00")),
            year(2023, None),
            year(2024, Some("100.00")),
        );
        let chart = trend_chart(&[&a, &b, &c], "某局", Lang::ZhCn).unwrap();
        let labels: Vec<&str> = chart.data.iter().map(|d| d.label.as_str()).collect();
        assert_eq!(
            labels,
            [year_text(2022, Lang::ZhCn), year_text(2024, Lang::ZhCn)]
        );
        assert!(
            chart.desc.contains(&year_text(2023, Lang::ZhCn)),
            "{}",
            chart.desc
        );
        assert!(trend_chart(&[&a], "某局", Lang::ZhCn).is_none());
    }
}
