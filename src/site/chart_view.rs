//! A chart as a page shows it: the SVG, its standalone file and its figures as a table.

use super::*;

/// A chart as a page shows it: its drawing, a standalone file the page shows as an image, and
/// the same figures as a table.
#[derive(Debug, Clone, Serialize)]
pub struct ChartView {
    #[serde(flatten)]
    pub chart: Chart,
    /// The standalone SVG file, relative to the site root (`charts/<slug>/<name>.svg`).
    pub href: String,
    /// The drawing's size in CSS pixels, as its `<svg>` states it: the page keeps the room for
    /// the image before it loads.
    pub size: Size,
    pub table: ChartTable,
}

/// A drawing's width and height, in CSS pixels.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Size {
    pub width: u32,
    pub height: u32,
}

impl Size {
    /// The `width` and `height` of an SVG document's root element (0 where one is missing).
    fn of_svg(svg: &str) -> Size {
        let head = svg.split('>').next().unwrap_or_default();
        let attribute = |name: &str| {
            head.split(&format!(" {name}=\""))
                .nth(1)
                .and_then(|rest| rest.split('"').next())
                .and_then(|v| v.parse().ok())
                .unwrap_or(0)
        };
        Size {
            width: attribute("width"),
            height: attribute("height"),
        }
    }
}

/// A chart's figures as a table: a row per bar; for a 100 % stacked chart a column per part.
#[derive(Debug, Clone, Serialize)]
pub struct ChartTable {
    /// Heading of the label column.
    pub corner: &'static str,
    pub columns: Vec<String>,
    pub rows: Vec<ChartTableRow>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ChartTableRow {
    pub label: String,
    pub cells: Vec<ChartCell>,
}

/// One cell: the figure and, below it, a second figure (the amount under a share).
#[derive(Debug, Clone, Default, Serialize)]
pub struct ChartCell {
    pub main: String,
    pub sub: Option<String>,
}

impl ChartView {
    pub(super) fn new(chart: Chart, href: String, lang: Lang) -> ChartView {
        let table = chart_table(&chart, lang);
        ChartView {
            size: Size::of_svg(&chart.svg),
            chart,
            href,
            table,
        }
    }
}

pub(super) fn chart_table(chart: &Chart, lang: Lang) -> ChartTable {
    let corner = lang.get(match chart.name.as_str() {
        "by-function" | "basic-economic" => "chart_corner_code",
        "projects" => "project_name",
        name if name.starts_with("compare-") || name == charts::CLASSIFICATION_KIND => "department",
        _ => "item",
    });
    let stacked = chart.data.iter().any(|d| d.series.is_some());
    if !stacked {
        let shares = chart.data.iter().any(|d| d.share.is_some());
        let mut columns = vec![lang.get("amount_wan").to_string()];
        if shares {
            columns.push(lang.get("share").to_string());
        }
        let rows = chart
            .data
            .iter()
            .map(|d| {
                let mut cells = vec![ChartCell {
                    main: d.value.clone(),
                    sub: None,
                }];
                if shares {
                    cells.push(ChartCell {
                        main: d.share.clone().unwrap_or_default(),
                        sub: None,
                    });
                }
                ChartTableRow {
                    label: d.label.clone(),
                    cells,
                }
            })
            .collect();
        return ChartTable {
            corner,
            columns,
            rows,
        };
    }
    // A column per part, in the legend's order (each bar lists its parts in that order, so a
    // part first seen goes right after the part before it in its bar); a row per bar.
    let mut series: Vec<&str> = Vec::new();
    let mut labels: Vec<&str> = Vec::new();
    let mut previous: Option<(&str, &str)> = None;
    for d in &chart.data {
        let key = d.series.as_deref().unwrap_or_default();
        if !series.contains(&key) {
            let at = match previous {
                Some((label, before)) if label == d.label => series
                    .iter()
                    .position(|s| *s == before)
                    .map_or(0, |i| i + 1),
                _ => 0,
            };
            series.insert(at, key);
        }
        if !labels.contains(&d.label.as_str()) {
            labels.push(&d.label);
        }
        previous = Some((&d.label, key));
    }
    let mut columns: Vec<String> = series.iter().map(|s| s.to_string()).collect();
    columns.push(lang.get("chart_total_wan").to_string());
    let rows = labels
        .iter()
        .map(|label| {
            let parts: Vec<_> = chart.data.iter().filter(|d| d.label == *label).collect();
            let mut cells: Vec<ChartCell> = series
                .iter()
                .map(|key| {
                    parts
                        .iter()
                        .find(|d| d.series.as_deref() == Some(*key))
                        .map_or_else(ChartCell::default, |d| ChartCell {
                            main: d.share.clone().unwrap_or_default(),
                            sub: Some(format!("{}{}", d.value, lang.get("wan"))),
                        })
                })
                .collect();
            let total: Amount = parts.iter().map(|d| d.amount).sum();
            cells.push(ChartCell {
                main: format::amount_exact(total.value()),
                sub: None,
            });
            ChartTableRow {
                label: label.to_string(),
                cells,
            }
        })
        .collect();
    ChartTable {
        corner,
        columns,
        rows,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_drawing_s_size_is_read_from_its_root_element() {
        let svg = r#"<svg xmlns="http://www.w3.org/2000/svg" width="760" height="242" viewBox="0 0 760 242"><rect width="9" height="9"/></svg>"#;
        assert_eq!(
            Size::of_svg(svg),
            Size {
                width: 760,
                height: 242
            }
        );
        assert_eq!(Size::of_svg("<svg>"), Size::default());
    }

    #[test]
    fn a_stacked_chart_table_has_a_column_per_part_in_legend_order() {
        let datum = |label: &str, series: &str, amount: &str| charts::ChartDatum {
            label: label.into(),
            series: Some(series.into()),
            amount: amount.parse().unwrap(),
            value: amount.into(),
            share: Some(format!("{amount}%")),
        };
        let chart = Chart {
            name: "compare-function-shares".into(),
            id: "chart-x".into(),
            title: String::new(),
            desc: String::new(),
            svg: String::new(),
            // The first bar has no 213; the legend has it before 其他.
            data: vec![
                datum("甲", "201", "60"),
                datum("甲", "其他", "40"),
                datum("乙", "201", "50"),
                datum("乙", "213", "30"),
                datum("乙", "其他", "20"),
            ],
            notes: Vec::new(),
        };
        let table = chart_table(&chart, Lang::ZhCn);
        assert_eq!(table.corner, "部门");
        assert_eq!(table.columns, ["201", "213", "其他", "合计（万元）"]);
        let first: Vec<&str> = table.rows[0]
            .cells
            .iter()
            .map(|c| c.main.as_str())
            .collect();
        assert_eq!(first, ["60%", "", "40%", "100.00"]);
        assert_eq!(table.rows[1].cells[1].sub.as_deref(), Some("30 万元"));
    }
}
