//! The charts: well-formed, accessible SVG whose printed values are the model's amounts.

mod chart_fixtures;

use chart_fixtures::{amount, seeds, weihui};
use gongkai::charts::{
    COMPARISON_KINDS, Chart, ChartError, KINDS, chart_by_kind, classification_chart,
    comparison_charts, department_charts,
};

fn all_charts() -> Vec<Chart> {
    let budgets = seeds();
    let mut charts: Vec<Chart> = budgets.iter().flat_map(department_charts).collect();
    charts.extend(comparison_charts(&budgets));
    charts.extend(classification_chart(
        "201",
        None,
        &[
            ("卫辉市人民政府办公室".to_string(), amount("595.48")),
            ("漯河市人民政府办公室".to_string(), amount("3385.51")),
        ],
    ));
    charts
}

fn texts_with_class<'a>(doc: &'a roxmltree::Document, class: &str) -> Vec<&'a str> {
    doc.descendants()
        .filter(|n| n.has_tag_name("text") && n.attribute("class") == Some(class))
        .filter_map(|n| n.text())
        .collect()
}

#[test]
fn every_chart_is_well_formed_standalone_accessible_svg() {
    let charts = all_charts();
    assert_eq!(charts.len(), 6 + 4 + 3 + 3 + 4 + COMPARISON_KINDS.len() + 1);
    for chart in &charts {
        let doc =
            roxmltree::Document::parse(&chart.svg).unwrap_or_else(|e| panic!("{}: {e}", chart.id));
        let root = doc.root_element();
        assert!(
            root.has_tag_name(("http://www.w3.org/2000/svg", "svg")),
            "{}",
            chart.id
        );
        let (width, height) = (
            root.attribute("width").unwrap(),
            root.attribute("height").unwrap(),
        );
        assert_eq!(
            root.attribute("viewBox"),
            Some(format!("0 0 {width} {height}").as_str())
        );
        assert_eq!(root.attribute("role"), Some("img"));
        let title_id = format!("{}-title", chart.id);
        let desc_id = format!("{}-desc", chart.id);
        assert_eq!(
            root.attribute("aria-labelledby"),
            Some(format!("{title_id} {desc_id}").as_str())
        );
        let mut children = root.children().filter(|n| n.is_element());
        let title = children.next().unwrap();
        assert!(title.has_tag_name("title") && title.attribute("id") == Some(title_id.as_str()));
        assert_eq!(title.text(), Some(chart.title.as_str()));
        let desc = children.next().unwrap();
        assert!(desc.has_tag_name("desc") && desc.attribute("id") == Some(desc_id.as_str()));
        assert_eq!(desc.text(), Some(chart.desc.as_str()));
        assert!(!chart.desc.is_empty() && !chart.data.is_empty());
        // Nothing outside the file: no links, images, external fonts or stylesheets.
        for node in doc.descendants().filter(|n| n.is_element()) {
            assert!(
                !["image", "use", "a", "style", "foreignObject"].contains(&node.tag_name().name())
            );
            for attr in node.attributes() {
                assert!(
                    !attr.name().contains("href") && !attr.value().contains("url("),
                    "{}",
                    chart.id
                );
            }
        }
        assert!(!chart.svg.starts_with("<?xml"), "inlinable in HTML");
    }
}

#[test]
fn kinds_render_for_a_full_document_and_unknown_kinds_are_errors() {
    let budget = weihui();
    let names: Vec<String> = department_charts(&budget)
        .into_iter()
        .map(|c| c.name)
        .collect();
    assert_eq!(names, KINDS);
    assert!(matches!(
        chart_by_kind(&budget, "pie"),
        Err(ChartError::UnknownKind(_))
    ));
    let empty = chart_fixtures::BudgetBuilder::new("empty", "空").build();
    assert!(matches!(
        chart_by_kind(&empty, "projects"),
        Err(ChartError::NoData { .. })
    ));
    assert!(department_charts(&empty).is_empty());
}

#[test]
fn bars_carry_the_models_amounts_sorted_and_to_scale() {
    let budget = weihui();
    let chart = chart_by_kind(&budget, "by-function").unwrap();
    let doc = roxmltree::Document::parse(&chart.svg).unwrap();
    let values = texts_with_class(&doc, "value");
    assert_eq!(
        values,
        [
            "595.48（64.52%）",
            "156.00（16.90%）",
            "60.00（6.50%）",
            "57.75（6.26%）",
            "36.96（4.00%）",
            "16.75（1.81%）"
        ]
    );
    let labels: Vec<&str> = chart.data.iter().map(|d| d.label.as_str()).collect();
    assert_eq!(labels[0], "201 一般公共服务支出");
    for datum in &chart.data {
        let code = &datum.label[..3];
        assert_eq!(
            Some(datum.amount),
            budget
                .function(code)
                .unwrap()
                .amount
                .as_ref()
                .map(|f| f.amount)
        );
    }
    // Bar lengths are proportional to the amounts (to a pixel).
    let bars: Vec<f64> = doc
        .descendants()
        .filter(|n| n.has_tag_name("rect") && n.attribute("fill") == Some("#0072B2"))
        .map(|n| n.attribute("width").unwrap().parse().unwrap())
        .collect();
    assert_eq!(bars.len(), 6);
    for (bar, datum) in bars.iter().zip(&chart.data) {
        let expected = bars[0] * datum.amount.value().to_string().parse::<f64>().unwrap() / 595.48;
        assert!((bar - expected).abs() <= 1.0, "{bar} vs {expected}");
    }
}

#[test]
fn every_charts_table_holds_the_models_figures() {
    let budget = weihui();
    let split = chart_by_kind(&budget, "basic-project").unwrap();
    let values: Vec<(&str, &str, Option<&str>)> = split
        .data
        .iter()
        .map(|d| (d.label.as_str(), d.value.as_str(), d.share.as_deref()))
        .collect();
    assert_eq!(
        values,
        [
            ("基本支出", "483.80", Some("52.42%")),
            ("项目支出", "439.14", Some("47.58%"))
        ]
    );
    let staff = chart_by_kind(&budget, "personnel-public").unwrap();
    assert_eq!(staff.data[0].share.as_deref(), Some("87.09%"));
    let economic = chart_by_kind(&budget, "basic-economic").unwrap();
    let sum: gongkai::model::Amount = economic.data.iter().map(|d| d.amount).sum();
    assert_eq!(sum, amount("483.80"));
    assert_eq!(economic.data[0].label, "30101 基本工资");
    let projects = chart_by_kind(&budget, "projects").unwrap();
    assert_eq!(projects.data.len(), 10);
    assert_eq!(projects.data[0].value, "156.00");
    assert!(projects.desc.contains("共 11 个项目"));

    // Fengxian's amounts were printed in 元: the table keeps every digit, the bars round.
    let fengxian = chart_fixtures::fengxian();
    let classes = chart_by_kind(&fengxian, "by-function").unwrap();
    assert_eq!(classes.data[0].value, "496.7678");
    assert!(classes.svg.contains(">496.77（81.35%）<"));
}

#[test]
fn undisclosed_figures_are_left_out_and_named_never_drawn_as_zero() {
    let chart = chart_by_kind(&weihui(), "sanggong").unwrap();
    let labels: Vec<&str> = chart.data.iter().map(|d| d.label.as_str()).collect();
    assert_eq!(labels, ["公务用车运行（维护）费"]);
    assert!(
        chart
            .desc
            .contains("未公开、未绘制：因公出国（境）费、公务用车购置费、公务接待费。")
    );
    assert!(chart.desc.contains("“三公”经费合计 4.10 万元"));
    // A disclosed zero is a figure and stays.
    let laiyuan = chart_by_kind(&chart_fixtures::laiyuan(), "sanggong").unwrap();
    assert!(
        laiyuan
            .data
            .iter()
            .any(|d| d.label == "公务用车购置费" && d.value == "0.00")
    );
    let classes = chart_by_kind(&chart_fixtures::laiyuan(), "by-function").unwrap();
    assert!(classes.data.iter().all(|d| !d.label.contains("卫生健康")));
    assert!(classes.notes.iter().any(|n| n.contains("210 卫生健康支出")));
    let fengxian = chart_by_kind(&chart_fixtures::fengxian(), "personnel-public");
    assert!(matches!(fengxian, Err(ChartError::NoData { .. })));
}

#[test]
fn comparison_shares_add_up_per_department() {
    let charts = comparison_charts(&seeds());
    let names: Vec<&str> = charts.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, COMPARISON_KINDS);
    let shares = &charts[1];
    let weihui: Vec<(&str, &str)> = shares
        .data
        .iter()
        .filter(|d| d.label == "卫辉市人民政府办公室")
        .map(|d| (d.series.as_deref().unwrap(), d.share.as_deref().unwrap()))
        .collect();
    assert_eq!(weihui[0], ("201 一般公共服务支出", "64.52%"));
    let totals = &charts[0];
    assert_eq!(totals.data[0].label, "漯河市人民政府办公室");
    assert_eq!(totals.data[0].value, "4,212.99");
    let split = &charts[3];
    assert!(
        split
            .data
            .iter()
            .any(|d| d.label == "漯河市人民政府办公室" && d.share.as_deref() == Some("65.37%"))
    );
}

#[test]
fn a_classification_needs_two_departments() {
    assert!(classification_chart("201", None, &[("卫辉".to_string(), amount("595.48"))]).is_none());
    let chart = classification_chart(
        "201",
        None,
        &[
            ("卫辉".to_string(), amount("595.48")),
            ("漯河".to_string(), amount("3385.51")),
        ],
    )
    .unwrap();
    assert_eq!(chart.title, "201 一般公共服务支出：各部门支出");
    assert_eq!(chart.data[0].label, "漯河");
}

fn long_labels() -> [gongkai::model::Budget; 1] {
    [chart_fixtures::BudgetBuilder::new("long", "测试")
        .project("一个名字非常非常长的项目支出用来检查换行和截断是否正确处理并且带有完整文字的提示框，再加上一段更长的说明文字让它放不进两行", Some("12.00"))
        .project("短项目", Some("3.00"))
        .project("其他政府办公厅（室）及相关机构事务支出，AB-2024-0001 号", Some("1,234.56"))
        .build()]
}

#[test]
fn long_labels_are_shortened_with_the_full_text_as_tooltip() {
    let [budget] = long_labels();
    let chart = chart_by_kind(&budget, "projects").unwrap();
    let doc = roxmltree::Document::parse(&chart.svg).unwrap();
    let tooltip = doc
        .descendants()
        .find(|n| {
            n.has_tag_name("g")
                && n.first_element_child()
                    .is_some_and(|t| t.has_tag_name("title"))
        })
        .unwrap();
    assert_eq!(
        tooltip.first_element_child().unwrap().text(),
        Some(chart.data[1].label.as_str())
    );
    assert!(chart.data[1].label.starts_with("一个名字"));
    let shown: Vec<&str> = tooltip
        .descendants()
        .filter(|n| n.has_tag_name("text"))
        .filter_map(|n| n.text())
        .collect();
    assert_eq!(shown.len(), 2);
    assert!(shown[1].ends_with('…'));
}

#[test]
fn output_is_deterministic() {
    let first: Vec<String> = all_charts().into_iter().map(|c| c.svg).collect();
    let second: Vec<String> = all_charts().into_iter().map(|c| c.svg).collect();
    assert_eq!(first, second);
}

/// The structure of one chart: every element with its geometry and text, one per line.
fn outline(svg: &str) -> String {
    let doc = roxmltree::Document::parse(svg).unwrap();
    let mut out = String::new();
    for node in doc.descendants().filter(|n| n.is_element()) {
        let depth = node.ancestors().filter(|a| a.is_element()).count() - 1;
        out.push_str(&"  ".repeat(depth));
        out.push_str(node.tag_name().name());
        for attr in node.attributes() {
            if attr.name() != "font-family" && attr.name() != "opacity" {
                out.push_str(&format!(" {}={}", attr.name(), attr.value()));
            }
        }
        if let Some(text) = node.text().filter(|t| !t.trim().is_empty()) {
            out.push_str(&format!(" {text:?}"));
        }
        out.push('\n');
    }
    out
}

#[test]
fn snapshot_of_the_function_chart() {
    let chart = chart_by_kind(&weihui(), "by-function").unwrap();
    insta::assert_snapshot!(outline(&chart.svg));
}

/// Writes every chart to `$GONGKAI_CHART_DIR/<id>.svg`, to look at them in a browser.
#[test]
#[ignore]
fn write_charts_for_inspection() {
    let dir = std::env::var("GONGKAI_CHART_DIR").unwrap_or_else(|_| "target/charts".to_string());
    std::fs::create_dir_all(&dir).unwrap();
    let long = long_labels()
        .iter()
        .flat_map(department_charts)
        .collect::<Vec<_>>();
    for chart in all_charts().into_iter().chain(long) {
        std::fs::write(format!("{dir}/{}.svg", chart.id), &chart.svg).unwrap();
    }
}

/// Every chart of every parsed seed is well-formed SVG and shows the model's 类 amounts.
#[test]
fn charts_of_the_parsed_seeds_are_valid_and_match_the_model() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("content/budgets");
    let budgets: Vec<gongkai::model::Budget> = gongkai::department::load_dir(&dir)
        .expect("content exists")
        .into_iter()
        .map(|r| r.expect("seed parses"))
        .collect();
    for b in &budgets {
        let charts = gongkai::charts::department_charts(b);
        assert!(!charts.is_empty(), "{}: has charts", b.slug);
        for chart in &charts {
            let doc = roxmltree::Document::parse(&chart.svg)
                .unwrap_or_else(|e| panic!("{} {}: {e}", b.slug, chart.name));
            let root = doc.root_element();
            assert!(
                root.children().any(|n| n.has_tag_name("title")),
                "{} {}",
                b.slug,
                chart.name
            );
            assert!(
                root.children().any(|n| n.has_tag_name("desc")),
                "{} {}",
                b.slug,
                chart.name
            );
        }
        let by_function = charts
            .iter()
            .find(|c| c.name == "by-function")
            .expect("by-function chart");
        for class in &b.by_function {
            let Some(amount) = class.amount.as_ref().map(|f| f.amount) else {
                continue;
            };
            assert!(
                by_function.data.iter().any(|d| d.amount == amount),
                "{}: class {} {} is on the chart",
                b.slug,
                class.code,
                amount
            );
        }
    }
    let comparison = gongkai::charts::comparison_charts(&budgets);
    assert!(comparison.len() >= 4);
    for chart in &comparison {
        roxmltree::Document::parse(&chart.svg).unwrap_or_else(|e| panic!("{}: {e}", chart.name));
    }
}

/// fengxian-2024 states 公用经费 (5.40 万元, line 206) but prints no 人员经费 (the site derives
/// it from the tables' lines): without the derived figure, its chart draws the one figure and
/// shows no share, which would be 100% of a whole it does not know.
#[test]
fn no_share_is_shown_when_a_part_is_undisclosed() {
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("content/budgets/fengxian-2024.txt");
    let mut b = gongkai::department::load_file(&path).expect("seed parses");
    assert!(b.totals.personnel.as_ref().unwrap().derivation.is_some());
    b.totals.personnel = None;
    let chart = gongkai::charts::chart_by_kind(&b, "personnel-public").expect("a chart");
    assert_eq!(chart.data.len(), 1);
    assert_eq!(chart.data[0].value, "5.40");
    assert!(chart.data.iter().all(|d| d.share.is_none()));
    assert!(!chart.svg.contains("100.00%"));
    assert!(chart.notes.iter().any(|n| n.contains("人员经费")));
}

#[test]
fn charts_across_many_departments_draw_the_largest_thirty_and_say_so() {
    use gongkai::charts::MAX_BARS;
    // 35 departments: the seeds seven times over, each copy's figures as they are but named apart.
    let mut many = Vec::new();
    for copy in 0..7 {
        for mut b in seeds() {
            b.slug = format!("{}-{copy}", b.slug);
            if let Some(name) = &mut b.name {
                name.text = format!("{}（{copy}）", name.text);
            }
            many.push(b);
        }
    }
    let charts = comparison_charts(&many);
    assert_eq!(charts.len(), COMPARISON_KINDS.len());
    for chart in &charts {
        let bars: std::collections::BTreeSet<&str> =
            chart.data.iter().map(|d| d.label.as_str()).collect();
        assert!(
            bars.len() <= MAX_BARS,
            "{}: {} bars",
            chart.name,
            bars.len()
        );
        assert!(
            chart.notes.iter().any(|n| n.contains("共 35 个部门")),
            "{}: {:?}",
            chart.name,
            chart.notes
        );
        roxmltree::Document::parse(&chart.svg).unwrap();
    }
    // The total chart keeps the 30 largest: 28 copies of the four larger seeds and 2 of the
    // smallest, whose other 5 copies are left out.
    let total = charts.iter().find(|c| c.name == "compare-total").unwrap();
    let smallest = seeds()
        .into_iter()
        .min_by_key(|b| b.totals.expenditure.as_ref().unwrap().amount)
        .unwrap();
    let smallest = smallest.name.unwrap().text;
    let kept = total
        .data
        .iter()
        .filter(|d| d.label.starts_with(&smallest))
        .count();
    assert_eq!((total.data.len(), kept), (MAX_BARS, 2));

    // A classification chart of 40 departments draws the 30 largest amounts, largest first.
    let rows: Vec<(String, _)> = (1..=40)
        .map(|i| (format!("部门{i}"), amount(&format!("{i}.00"))))
        .collect();
    let chart = classification_chart("201", None, &rows).unwrap();
    assert_eq!(chart.data.len(), MAX_BARS);
    assert_eq!(chart.data[0].label, "部门40");
    assert_eq!(chart.data[MAX_BARS - 1].label, "部门11");
    assert!(
        chart.notes.iter().any(|n| n.contains("共 40 个部门")),
        "{:?}",
        chart.notes
    );
}
