//! synth: realistic synthetic disclosure documents made from the five seeds, for benchmarks and
//! scale tests (`cargo run --release --example synth -- N DIR [SEED]`).
//!
//! Department `i` takes seed `i mod 5` (so both table layouts and both units occur), gets a new
//! name (place and kind of office), written consistently wherever the seed names itself, and has
//! every amount multiplied by one integer factor 1‥9. Multiplying by an integer keeps every
//! decimal exact, so whatever added up in the seed still adds up (and whatever did not, still
//! does not: the seeds' own discrepancies are kept on purpose). One in three departments of a
//! 万元 seed restates its 万元 tables in 元 (`单位：万元` → `单位：元`, amounts × 10000), as
//! fengxian does. Project lists are the seeds' own (rows are not dropped or duplicated).
//!
//! It also writes each department's tables and text as a Markdown page of a Hugo site
//! (`DIR/hugo`), so a general-purpose generator can be timed on the same pages.

use std::collections::HashSet;
use std::fmt::Write as _;
use std::path::Path;

use rayon::prelude::*;

pub mod years;

use crate::load::{self, Block};
use crate::model::{Budget, TableKind, Unit};

/// One of the five example disclosures and how to rename it.
pub struct Seed {
    pub file: &'static str,
    pub text: &'static str,
    /// The department's full name as the seed prints it.
    pub full_name: &'static str,
    /// The place name to replace everywhere (the rest of the name follows from it).
    pub place: &'static str,
    /// What follows the place name in the department's name (`市`, `县`, `区`).
    pub place_suffix: &'static str,
    pub party: bool,
    pub province: &'static str,
    /// The prefecture-level city, when the place is below one.
    pub city: Option<&'static str>,
    pub level: &'static str,
}

pub const SEEDS: [Seed; 5] = [
    Seed {
        file: "fengquan-2024.txt",
        text: include_str!("../content/budgets/fengquan-2024.txt"),
        full_name: "中共新乡市凤泉区委员会办公室",
        place: "凤泉",
        place_suffix: "区",
        party: true,
        province: "河南省",
        city: Some("新乡市"),
        level: "县级",
    },
    Seed {
        file: "fengxian-2024.txt",
        text: include_str!("../content/budgets/fengxian-2024.txt"),
        full_name: "凤县人民政府办公室",
        place: "凤县",
        place_suffix: "县",
        party: false,
        province: "陕西省",
        city: Some("宝鸡市"),
        level: "县级",
    },
    Seed {
        file: "laiyuan-2024.txt",
        text: include_str!("../content/budgets/laiyuan-2024.txt"),
        full_name: "涞源县人民政府办公室",
        place: "涞源",
        place_suffix: "县",
        party: false,
        province: "河北省",
        city: Some("保定市"),
        level: "县级",
    },
    Seed {
        file: "luohe-2024.txt",
        text: include_str!("../content/budgets/luohe-2024.txt"),
        full_name: "漯河市人民政府办公室",
        place: "漯河",
        place_suffix: "市",
        party: false,
        province: "河南省",
        city: None,
        level: "市级",
    },
    Seed {
        file: "weihui-2024.txt",
        text: include_str!("../content/budgets/weihui-2024.txt"),
        full_name: "卫辉市人民政府办公室",
        place: "卫辉",
        place_suffix: "市",
        party: false,
        province: "河南省",
        city: Some("新乡市"),
        level: "县级",
    },
];

const FIRST: [char; 30] = [
    '安', '宁', '平', '永', '长', '兴', '德', '建', '清', '和', '广', '丰', '阳', '泰', '嘉', '临',
    '盛', '荣', '庆', '福', '宜', '东', '西', '南', '北', '云', '金', '玉', '华', '青',
];
const SECOND: [char; 20] = [
    '山', '水', '城', '源', '川', '江', '河', '阳', '平', '安', '宁', '丰', '溪', '林', '泉', '州',
    '台', '原', '乐', '昌',
];
/// Government departments; each name ends the way a department's name does (局, 委员会, 办公室,
/// 中心), which is how the Word-export reader recognises it.
const GOVERNMENT: [&str; 25] = [
    "人民政府办公室",
    "财政局",
    "教育局",
    "民政局",
    "司法局",
    "审计局",
    "统计局",
    "水利局",
    "商务局",
    "林业局",
    "信访局",
    "农业农村局",
    "交通运输局",
    "自然资源局",
    "生态环境局",
    "应急管理局",
    "医疗保障局",
    "退役军人事务局",
    "住房和城乡建设局",
    "市场监督管理局",
    "文化广电和旅游局",
    "人力资源和社会保障局",
    "发展和改革委员会",
    "卫生健康委员会",
    "政务服务和大数据管理中心",
];
const PARTY: [&str; 6] = [
    "委员会办公室",
    "委员会机构编制委员会办公室",
    "委员会全面深化改革委员会办公室",
    "委员会财经委员会办公室",
    "委员会外事工作委员会办公室",
    "纪律检查委员会",
];

/// SplitMix64: small, fast, and the same on every machine.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }
}

/// One synthetic department.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Department {
    pub slug: String,
    /// Index into [`SEEDS`].
    pub seed: usize,
    pub name: String,
    /// The new place name with its suffix (`安山县`).
    pub place: String,
    /// Every amount is multiplied by this.
    pub factor: u32,
    /// The seed's 万元 tables are restated in 元.
    pub yuan: bool,
}

impl Department {
    pub fn file(&self) -> String {
        format!("{}.txt", self.slug)
    }
}

/// The departments of a synthetic portal of `n` documents: deterministic for a given `seed`.
pub fn departments(n: usize, seed: u64) -> Vec<Department> {
    let mut rng = Rng::new(seed);
    let mut names = HashSet::new();
    let width = n.to_string().len().max(5);
    (0..n)
        .map(|i| {
            let s = i % SEEDS.len();
            let seed_doc = &SEEDS[s];
            let mut attempt = 0;
            let (name, place) = loop {
                let stem: String = loop {
                    let a = FIRST[rng.below(FIRST.len())];
                    let b = SECOND[rng.below(SECOND.len())];
                    if a != b {
                        break [a, b].into_iter().collect();
                    }
                };
                let place = format!("{stem}{}", seed_doc.place_suffix);
                let name = if seed_doc.party {
                    let city = seed_doc.city.unwrap_or_default();
                    format!("中共{city}{place}{}", PARTY[rng.below(PARTY.len())])
                } else {
                    format!("{place}{}", GOVERNMENT[rng.below(GOVERNMENT.len())])
                };
                attempt += 1;
                if names.insert(name.clone()) || attempt > 20 {
                    break (name, place);
                }
            };
            let factor = 1 + rng.below(9) as u32;
            let yuan = !seed_doc.text.contains("单位：元") && rng.below(3) == 0;
            Department {
                slug: format!("d{:0width$}-2024", i + 1),
                seed: s,
                name,
                place,
                factor,
                yuan,
            }
        })
        .collect()
}

/// Which lines of a seed belong to a table printed in 万元 under a `单位：万元` line, so that its
/// figures can be restated in 元: `cells[line]` for the table's lines, `unit_lines` for the lines
/// that state the unit.
#[derive(Debug, Clone, Default)]
pub struct YuanPlan {
    pub cells: Vec<bool>,
    pub unit_lines: Vec<usize>,
}

fn is_number(text: &str) -> bool {
    let t = text.strip_prefix('-').unwrap_or(text);
    let mut parts = t.splitn(2, '.');
    let int = parts.next().unwrap_or("");
    let frac = parts.next();
    !int.is_empty()
        && int.as_bytes()[0].is_ascii_digit()
        && int.bytes().all(|b| b.is_ascii_digit() || b == b',')
        && frac.is_none_or(|f| !f.is_empty() && f.bytes().all(|b| b.is_ascii_digit()))
}

/// Works out the [`YuanPlan`] of a seed from what the parser reads of it.
pub fn yuan_plan(seed: &Seed) -> YuanPlan {
    let lines: Vec<&str> = seed.text.split('\n').collect();
    let mut plan = YuanPlan {
        cells: vec![false; lines.len() + 2],
        unit_lines: Vec::new(),
    };
    let Ok(doc) = load::read(seed.file, seed.text.as_bytes()) else {
        return plan;
    };
    let Ok(budget) = crate::parse::parse(&doc, "seed") else {
        return plan;
    };
    // Tables that state 万元 under a unit line are restated; a table that states no unit is read
    // in the unit most tables state, so it is restated too when those become 元.
    let mut unstated = Vec::new();
    let (mut restated, mut kept) = (0, 0);
    for t in &budget.tables {
        let cell_lines = t.rows.iter().flatten();
        let Some(last) = cell_lines.clone().map(|c| c.line as usize).max() else {
            continue;
        };
        let first = t.source.line as usize;
        match t.unit {
            Some(Unit::TenThousandYuan) => {}
            None if !matches!(
                t.kind,
                TableKind::ProjectPerformance | TableKind::OverallPerformance
            ) =>
            {
                unstated.push((first, last));
                continue;
            }
            _ => continue,
        }
        let first_figure = cell_lines
            .filter(|c| is_number(c.text.trim()) && c.text.contains('.'))
            .map(|c| c.line as usize)
            .min()
            .unwrap_or(last);
        // The line stating the unit, between the title and the first figure.
        let unit_line = (first..=first_figure).find(|&l| {
            lines
                .get(l.wrapping_sub(1))
                .is_some_and(|s| s.contains("单位：万元") || s.contains("单位:万元"))
        });
        match unit_line {
            Some(u) => {
                restated += 1;
                plan.unit_lines.push(u);
                mark(&mut plan.cells, first, last);
            }
            None => kept += 1,
        }
    }
    if restated > kept {
        for (first, last) in unstated {
            mark(&mut plan.cells, first, last);
        }
    }
    plan
}

fn mark(cells: &mut [bool], first: usize, last: usize) {
    for l in first..=last {
        if let Some(c) = cells.get_mut(l) {
            *c = true;
        }
    }
}

/// `text` (a number as printed: digits, optional commas, optional decimals) times `factor`,
/// printed the same way; with `to_yuan`, also times 10000 and printed with (at least) two
/// decimals, as 元 tables are.
fn scale(text: &str, factor: u32, to_yuan: bool) -> String {
    let (sign, t) = match text.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", text),
    };
    let commas = t.contains(',');
    let (int, frac) = t.split_once('.').unwrap_or((t, ""));
    let digits: String = int
        .chars()
        .filter(char::is_ascii_digit)
        .chain(frac.chars())
        .collect();
    let Ok(mut n) = digits.parse::<i128>() else {
        return text.to_string();
    };
    let mut decimals = frac.len();
    n *= i128::from(factor);
    if to_yuan {
        n *= 10_000;
        let target = 2.max(decimals.saturating_sub(4));
        while decimals > target {
            n /= 10;
            decimals -= 1;
        }
        while decimals < target {
            n *= 10;
            decimals += 1;
        }
    }
    let s = n.to_string();
    let s = format!("{s:0>width$}", width = decimals + 1);
    let (int, frac) = s.split_at(s.len() - decimals);
    let mut out = String::from(sign);
    if commas {
        for (i, ch) in int.chars().enumerate() {
            if i > 0 && (int.len() - i) % 3 == 0 {
                out.push(',');
            }
            out.push(ch);
        }
    } else {
        out.push_str(int);
    }
    if decimals > 0 {
        out.push('.');
        out.push_str(frac);
    }
    out
}

/// A cell that is a bare number: an amount when it has decimals, or when it is a long run of
/// digits that is no classification or project code (whole-元 figures such as `6106713`).
fn is_amount_cell(t: &str) -> bool {
    if !is_number(t) {
        return false;
    }
    if t.contains('.') {
        return true;
    }
    let digits = t.trim_start_matches('-').replace(',', "");
    (7..=11).contains(&digits.len())
        && !(digits.len() == 7 && matches!(&digits[..1], "2" | "3" | "5"))
}

/// Scales the amounts of running text: numbers followed by 万元 or 元 (not thresholds such as
/// `单价50万元以上`, nor rates such as `元/人`).
fn scale_text(text: &str, factor: u32, out: &mut String) {
    let bytes = text.as_bytes();
    let mut i = 0;
    let mut copied = 0;
    while i < bytes.len() {
        if !bytes[i].is_ascii_digit() || (i > 0 && matches!(bytes[i - 1], b'.' | b',')) {
            i += 1;
            continue;
        }
        let start = i;
        while i < bytes.len() && (bytes[i].is_ascii_digit() || bytes[i] == b',') {
            i += 1;
        }
        if i + 1 < bytes.len() && bytes[i] == b'.' && bytes[i + 1].is_ascii_digit() {
            i += 1;
            while i < bytes.len() && bytes[i].is_ascii_digit() {
                i += 1;
            }
        }
        let mut end = i;
        while end > start && bytes[end - 1] == b',' {
            end -= 1;
        }
        let rest = text[end..].trim_start_matches(' ');
        let unit = if rest.starts_with("万元") {
            "万元".len()
        } else if rest.starts_with('元') {
            "元".len()
        } else {
            0
        };
        if unit == 0 {
            continue;
        }
        let after = &rest[unit..];
        if after.starts_with("以上") || after.starts_with("以下") || after.starts_with('/') {
            continue;
        }
        out.push_str(&text[copied..start]);
        out.push_str(&scale(&text[start..end], factor, false));
        copied = end;
    }
    out.push_str(&text[copied..]);
}

fn scale_cell(cell: &str, factor: u32, yuan: bool, out: &mut String) {
    let t = cell.trim();
    if is_amount_cell(t) {
        let at = cell.find(t).unwrap_or(0);
        out.push_str(&cell[..at]);
        out.push_str(&scale(t, factor, yuan));
        out.push_str(&cell[at + t.len()..]);
    } else {
        scale_text(cell, factor, out);
    }
}

/// The text of department `d`: its seed renamed, every amount scaled, and (when `d.yuan`) the
/// 万元 tables restated in 元.
pub fn document(d: &Department, plan: &YuanPlan) -> String {
    let seed = &SEEDS[d.seed];
    let mut out = String::with_capacity(seed.text.len() + seed.text.len() / 8);
    for (i, line) in seed.text.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let number = i + 1;
        let yuan = d.yuan && plan.cells.get(number).copied().unwrap_or(false);
        if d.yuan && plan.unit_lines.contains(&number) {
            out.push_str(
                &line
                    .replace("单位：万元", "单位：元")
                    .replace("单位:万元", "单位:元"),
            );
            continue;
        }
        if line.contains('\t') || is_amount_cell(line.trim()) {
            for (j, cell) in line.split('\t').enumerate() {
                if j > 0 {
                    out.push('\t');
                }
                scale_cell(cell, d.factor, yuan, &mut out);
            }
        } else {
            scale_text(line, d.factor, &mut out);
        }
    }
    // Rename last: names hold no figures. The full name first, then the place wherever else the
    // seed names it (its city, its subordinate units).
    let renamed_place = if seed.place.ends_with(seed.place_suffix) {
        d.place.clone()
    } else {
        d.place.trim_end_matches(seed.place_suffix).to_string()
    };
    out.replace(seed.full_name, &d.name)
        .replace(seed.place, &renamed_place)
}

fn md_cell(text: &str) -> String {
    let t = text.trim().replace('|', "\\|").replace('\n', " ");
    if t.is_empty() { " ".to_string() } else { t }
}

/// Department `d`'s page as Markdown: its paragraphs and every table of the document, in order.
pub fn markdown(d: &Department, text: &str) -> String {
    let mut md = String::with_capacity(text.len() + text.len() / 2);
    let _ = writeln!(
        md,
        "---\ntitle: \"{}\"\nslug: \"{}\"\n---\n",
        d.name.replace('"', "\\\""),
        d.slug
    );
    let Ok(doc) = load::read(&d.file(), text.as_bytes()) else {
        md.push_str(text);
        return md;
    };
    for block in &doc.blocks {
        match block {
            Block::Paragraph(p) => {
                let t = p.text.trim();
                if !t.is_empty() {
                    md.push_str(t);
                    md.push_str("\n\n");
                }
            }
            Block::Table(t) => {
                let width = t.rows.iter().map(|r| r.cells.len()).max().unwrap_or(0);
                if width == 0 {
                    continue;
                }
                for (i, row) in t.rows.iter().enumerate() {
                    md.push('|');
                    for j in 0..width {
                        let cell = row.cells.get(j).map(|c| c.text.as_str()).unwrap_or("");
                        md.push(' ');
                        md.push_str(&md_cell(cell));
                        md.push_str(" |");
                    }
                    md.push('\n');
                    if i == 0 {
                        md.push('|');
                        for _ in 0..width {
                            md.push_str(" --- |");
                        }
                        md.push('\n');
                    }
                }
                md.push('\n');
            }
        }
    }
    md
}

/// `site.toml` of the synthetic portal: its title and language. Its departments are listed in
/// [`departments_csv`], as README advises for a site of many.
pub const SITE_TOML: &str = "# Generated by `cargo run --release --example synth`.\n\
title = \"部门预算公开（合成）\"\n\
description = \"由五份示例预算文件合成的部门预算，用于规模测试。\"\n\
language = \"zh-CN\"\n\
output = \"public\"\n";

/// `content/departments.csv` of the synthetic portal: each department's region, level and id.
pub fn departments_csv(departments: &[Department]) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    let rows = std::iter::once(
        ["slug", "province", "city", "county", "level", "department"].map(String::from),
    )
    .chain(departments.iter().map(|d| {
        let seed = &SEEDS[d.seed];
        // A place below a city is its county; one that is not names the city itself.
        let (city, county) = match seed.city {
            Some(city) => (city.to_string(), d.place.clone()),
            None => (d.place.clone(), String::new()),
        };
        // Synthetic names may repeat: the id keeps each department apart.
        let id = d.slug.strip_suffix("-2024").unwrap_or(&d.slug).to_string();
        [
            d.slug.clone(),
            seed.province.to_string(),
            city,
            county,
            seed.level.to_string(),
            id,
        ]
    }));
    for row in rows {
        w.write_record(&row).expect("a Vec takes any row");
    }
    String::from_utf8(w.into_inner().expect("a Vec takes any row")).expect("rows are UTF-8")
}

const HUGO_CONFIG: &str = "baseURL = \"https://example.org/\"\n\
languageCode = \"zh-CN\"\n\
title = \"部门预算公开（合成）\"\n\
disableKinds = [\"taxonomy\", \"term\"]\n";

const HUGO_SINGLE: &str = "<!doctype html>\n<html lang=\"zh-CN\">\n<head><meta charset=\"utf-8\">\
<title>{{ .Title }} · {{ .Site.Title }}</title></head>\n<body>\n<header><a href=\"{{ \"/\" | relURL }}\">\
{{ .Site.Title }}</a></header>\n<main>\n<h1>{{ .Title }}</h1>\n{{ .Content }}\n</main>\n</body>\n</html>\n";

const HUGO_LIST: &str = "<!doctype html>\n<html lang=\"zh-CN\">\n<head><meta charset=\"utf-8\">\
<title>{{ .Site.Title }}</title></head>\n<body>\n<h1>{{ .Site.Title }}</h1>\n<ul>\n\
{{ range .Site.RegularPages }}<li><a href=\"{{ .RelPermalink }}\">{{ .Title }}</a></li>\n{{ end }}\
</ul>\n</body>\n</html>\n";

/// Writes the synthetic portal into `dir`: `site.toml`, `content/departments.csv`,
/// `content/budgets/*.txt`, and the Hugo
/// site `hugo/` with one Markdown page per department. Returns the departments.
pub fn generate(n: usize, seed: u64, dir: &Path) -> std::io::Result<Vec<Department>> {
    let departments = departments(n, seed);
    let plans: Vec<YuanPlan> = SEEDS.iter().map(yuan_plan).collect();
    let budgets = dir.join("content").join("budgets");
    let hugo = dir.join("hugo");
    let pages = hugo.join("content");
    let layouts = hugo.join("layouts").join("_default");
    for d in [&budgets, &pages, &layouts] {
        if d.exists() {
            std::fs::remove_dir_all(d)?;
        }
        std::fs::create_dir_all(d)?;
    }
    std::fs::write(dir.join("site.toml"), SITE_TOML)?;
    std::fs::write(
        dir.join("content").join("departments.csv"),
        departments_csv(&departments),
    )?;
    std::fs::write(hugo.join("hugo.toml"), HUGO_CONFIG)?;
    std::fs::write(layouts.join("single.html"), HUGO_SINGLE)?;
    std::fs::write(layouts.join("list.html"), HUGO_LIST)?;
    departments.par_iter().try_for_each(|d| {
        let text = document(d, &plans[d.seed]);
        std::fs::write(pages.join(format!("{}.md", d.slug)), markdown(d, &text))?;
        std::fs::write(budgets.join(d.file()), text)
    })?;
    Ok(departments)
}

/// The totals a synthetic document must parse to: its seed's, times the factor.
pub fn expected_totals(seed: &Budget, factor: u32) -> Vec<Option<rust_decimal::Decimal>> {
    let t = &seed.totals;
    [
        &t.income,
        &t.expenditure,
        &t.basic,
        &t.project,
        &t.personnel,
        &t.public_funds,
        &seed.sanggong.total,
    ]
    .iter()
    .map(|f| {
        f.as_ref()
            .map(|f| f.amount.value() * rust_decimal::Decimal::from(factor))
    })
    .collect()
}

/// The same totals of a parsed document, for comparing with [`expected_totals`].
pub fn totals(b: &Budget) -> Vec<Option<rust_decimal::Decimal>> {
    expected_totals(b, 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scaling_keeps_the_printed_form() {
        assert_eq!(scale("1486.83", 3, false), "4460.49");
        assert_eq!(scale("4,212.99", 2, false), "8,425.98");
        assert_eq!(scale("2754.1", 9, false), "24786.9");
        assert_eq!(scale("0.00", 7, false), "0.00");
        assert_eq!(scale("6106713", 2, false), "12213426");
        assert_eq!(scale("1486.83", 1, true), "14868300.00");
        assert_eq!(scale("76.2", 2, true), "1524000.00");
        assert_eq!(scale("-84.61", 2, false), "-169.22");
        assert_eq!(scale("0.05", 1, false), "0.05");
    }

    #[test]
    fn running_text_scales_amounts_not_counts_thresholds_or_shares() {
        let mut out = String::new();
        scale_text(
            "支出 1261.66 万元，占92.87%；车辆3辆，单价50万元以上设备0台；接待费2万元；编号201",
            2,
            &mut out,
        );
        assert_eq!(
            out,
            "支出 2523.32 万元，占92.87%；车辆3辆，单价50万元以上设备0台；接待费4万元；编号201"
        );
        assert!(
            is_amount_cell("6106713") && !is_amount_cell("2010301") && !is_amount_cell("101001")
        );
        assert!(!is_amount_cell("41070424000000000484") && !is_amount_cell("12"));
    }
}
