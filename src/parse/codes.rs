//! Classification names: the 类 of the function classification by name, and the names of codes a
//! document leaves unnamed, from the reference lists shipped in `data/reference/`.

use std::collections::HashMap;
use std::sync::LazyLock;

use crate::model::{EconomicLine, Finding, FunctionCode, FunctionLine, Severity, Source};

/// 类 of the 2024 支出功能分类 with the name stems documents use for them. The first name is the
/// standard one.
const CLASSES: &[(&str, &[&str])] = &[
    ("201", &["一般公共服务支出", "一般公共服务"]),
    ("202", &["外交支出", "外交"]),
    ("203", &["国防支出", "国防"]),
    ("204", &["公共安全支出", "公共安全"]),
    ("205", &["教育支出", "教育"]),
    ("206", &["科学技术支出", "科学技术"]),
    (
        "207",
        &[
            "文化旅游体育与传媒支出",
            "文化旅游体育与传媒",
            "文化体育旅游与传媒",
            "文化体育与传媒",
        ],
    ),
    ("208", &["社会保障和就业支出", "社会保障和就业"]),
    ("209", &["社会保险基金支出", "社会保险基金"]),
    (
        "210",
        &["卫生健康支出", "卫生健康", "医疗卫生与计划生育", "医疗卫生"],
    ),
    ("211", &["节能环保支出", "节能环保"]),
    ("212", &["城乡社区支出", "城乡社区"]),
    ("213", &["农林水支出", "农林水"]),
    ("214", &["交通运输支出", "交通运输"]),
    (
        "215",
        &[
            "资源勘探工业信息等支出",
            "资源勘探工业信息",
            "资源勘探信息",
            "资源勘探",
        ],
    ),
    ("216", &["商业服务业等支出", "商业服务业"]),
    ("217", &["金融支出", "金融"]),
    ("219", &["援助其他地区支出", "援助其他地区"]),
    (
        "220",
        &["自然资源海洋气象等支出", "自然资源海洋气象", "国土海洋气象"],
    ),
    ("221", &["住房保障支出", "住房保障"]),
    ("222", &["粮油物资储备支出", "粮油物资储备"]),
    ("223", &["国有资本经营预算支出", "国有资本经营预算"]),
    ("224", &["灾害防治及应急管理支出", "灾害防治及应急管理"]),
    ("227", &["预备费"]),
    ("229", &["其他支出"]),
    ("230", &["转移性支出", "转移性"]),
    ("231", &["债务还本支出", "债务还本"]),
    ("232", &["债务付息支出", "债务付息"]),
    ("233", &["债务发行费用支出", "债务发行费用"]),
    ("234", &["抗疫特别国债安排的支出", "抗疫特别国债"]),
];

/// Strips the enumeration documents put before labels: `一、`, `(一)`, `（十二）`, `1、`, `(1)`,
/// `其中：`.
pub fn strip_enumeration(label: &str) -> &str {
    let mut s = label.trim();
    loop {
        let before = s;
        if let Some(rest) = s.strip_prefix("其中:").or_else(|| s.strip_prefix("其中：")) {
            s = rest.trim_start();
        }
        for (open, close) in [('(', ')'), ('（', '）')] {
            if let Some(rest) = s.strip_prefix(open)
                && let Some(end) = rest.find(close)
                && rest[..end].chars().all(is_enumerator)
                && end > 0
            {
                s = rest[end + close.len_utf8()..].trim_start();
            }
        }
        let digits: usize = s
            .chars()
            .take_while(|c| is_enumerator(*c))
            .map(char::len_utf8)
            .sum();
        if digits > 0
            && let Some(rest) = s[digits..]
                .strip_prefix('、')
                .or_else(|| s[digits..].strip_prefix('.'))
                .or_else(|| s[digits..].strip_prefix('．'))
        {
            s = rest.trim_start();
        }
        if s == before {
            return s;
        }
    }
}

fn is_enumerator(c: char) -> bool {
    c.is_ascii_digit() || "一二三四五六七八九十百零〇".contains(c)
}

/// The function 类 a label names (`一、一般公共服务支出`, `(十)卫生健康支出`, `一般公共服务（类）`).
pub fn class_code_for_name(label: &str) -> Option<FunctionCode> {
    // The standard names, folded once.
    static FOLDED: LazyLock<Vec<(&str, Vec<String>)>> = LazyLock::new(|| {
        CLASSES
            .iter()
            .map(|(code, names)| (*code, names.iter().map(|n| fold_name(n)).collect()))
            .collect()
    });
    let key = fold_name(strip_enumeration(label)).replace("类", "");
    FOLDED.iter().find_map(|(code, names)| {
        names
            .iter()
            .any(|n| {
                key.strip_prefix(n.as_str()).is_some_and(|rest| {
                    matches!(rest, "" | "支出" | "事务" | "事务支出" | "等支出" | "等")
                })
            })
            .then(|| FunctionCode::new(code))
            .flatten()
    })
}

/// A class name without spaces, brackets and connectives, which vary between editions and
/// offices (社会保障和就业 / 社会保障与就业).
fn fold_name(s: &str) -> String {
    s.chars()
        .filter(|c| {
            !c.is_whitespace() && !matches!(c, '(' | ')' | '（' | '）' | '和' | '与' | '及' | '、')
        })
        .collect()
}

/// The standard name of a function 类.
pub fn class_name(code: &str) -> Option<&'static str> {
    CLASSES
        .iter()
        .find(|(c, _)| *c == code)
        .map(|(_, names)| names[0])
}

/// Names by code: the mined lists (codes of 244 real disclosures, `*_mined.tsv`), then the
/// observed ones for codes the mined lists lack. Each code's majority name first, then the
/// variants documents also print.
static FUNCTION_NAMES: LazyLock<HashMap<String, Vec<String>>> = LazyLock::new(|| {
    reference_names(&[
        include_str!("../../data/reference/function_codes_mined.tsv"),
        include_str!("../../data/reference/function_codes_observed.tsv"),
    ])
});

static ECONOMIC_NAMES: LazyLock<HashMap<String, Vec<String>>> = LazyLock::new(|| {
    reference_names(&[
        include_str!("../../data/reference/dept_econ_codes_mined.tsv"),
        include_str!("../../data/reference/dept_econ_codes_observed.tsv"),
    ])
});

fn reference_names(tsvs: &[&str]) -> HashMap<String, Vec<String>> {
    let mut names: HashMap<String, Vec<String>> = HashMap::new();
    for cols in reference_rows(tsvs) {
        let (code, name) = (cols[0], cols[2]);
        if names.contains_key(code) {
            continue;
        }
        let mut all = vec![name.to_string()];
        // `variant_names` of the mined lists: `名称 [n; years] | 名称 [n; years]`.
        if cols.len() >= 8 {
            all.extend(
                cols[5]
                    .split('|')
                    .map(|v| v.split('[').next().unwrap_or("").trim().to_string())
                    .filter(|v| !v.is_empty()),
            );
        }
        names.insert(code.to_string(), all);
    }
    names
}

/// The rows of reference lists (`code \t level \t name \t …`) with a code and a name, as their
/// cells; comments and header lines left out.
fn reference_rows<'a>(tsvs: &'a [&'a str]) -> impl Iterator<Item = Vec<&'a str>> + 'a {
    tsvs.iter()
        .flat_map(|tsv| tsv.lines())
        .filter(|l| !l.starts_with('#') && !l.starts_with("code\t"))
        .map(|l| l.split('\t').collect::<Vec<&str>>())
        .filter(|cols| cols.len() >= 3)
}

/// Every name the reference lists know for a code (function or economic), the majority name
/// first; empty when the code is not in them.
pub fn reference_names_of(code: &str) -> Vec<String> {
    let table = if code.starts_with('3') {
        &*ECONOMIC_NAMES
    } else {
        &*FUNCTION_NAMES
    };
    let mut all: Vec<String> = Vec::new();
    if code.starts_with('2')
        && let Some(class) = class_name(code)
    {
        all.push(class.to_string());
    }
    if let Some(class) = crate::model::economic_class_name(code) {
        all.push(class.to_string());
    }
    all.extend(table.get(code).into_iter().flatten().cloned());
    all
}

/// A name for a function code the document leaves unnamed: the standard 类 name, else the name
/// the reference list of observed codes gives.
pub fn function_name(code: &str) -> Option<String> {
    class_name(code)
        .map(str::to_string)
        .or_else(|| FUNCTION_NAMES.get(code).and_then(|n| n.first().cloned()))
}

/// The reference name a printed name contradicts: `None` when the code is not in the reference
/// lists or the printed name is one of its names (brackets, spaces, punctuation and a trailing
/// 支出 aside, or one name containing the other — documents shorten names).
pub fn contradicted_name(code: &str, printed: &str) -> Option<String> {
    fn fold(s: &str) -> String {
        let kept: String = strip_enumeration(s)
            .chars()
            .filter(|c| !c.is_whitespace() && !"()（）[]【】“”\"、，,.．·:：-—_".contains(*c))
            .collect();
        kept.trim_end_matches("支出").to_string()
    }
    let names = reference_names_of(code);
    let printed = fold(printed);
    if names.is_empty() || printed.chars().count() < 2 {
        return None;
    }
    let fits = names
        .iter()
        .map(|n| fold(n))
        .any(|n| !n.is_empty() && (n == printed || n.contains(&printed) || printed.contains(&n)));
    (!fits).then(|| names[0].clone())
}

/// An info finding for every printed name that contradicts the reference name of its code.
pub fn name_findings(
    function_lines: &[FunctionLine],
    economic_lines: &[EconomicLine],
) -> Vec<Finding> {
    let mut out: Vec<Finding> = Vec::new();
    let mut named: Vec<(String, String, Option<Source>)> = function_lines
        .iter()
        .map(|l| {
            let source = [&l.total, &l.basic, &l.project]
                .into_iter()
                .flatten()
                .next()
                .map(|f| f.source.clone());
            (l.code.to_string(), l.name.clone(), source)
        })
        .collect();
    named.extend(economic_lines.iter().filter_map(|l| {
        Some((
            l.code.as_ref()?.to_string(),
            l.name.clone()?,
            l.total.as_ref().map(|f| f.source.clone()),
        ))
    }));
    for (code, name, source) in named {
        let Some(reference) = contradicted_name(&code, &name) else {
            continue;
        };
        if out
            .iter()
            .any(|f| f.message_zh.contains(&format!("编码 {code} ")))
        {
            continue;
        }
        out.push(Finding {
            severity: Severity::Info,
            rule: "code-name".into(),
            message_zh: format!("编码 {code} 印作“{name}”，参考编码表中为“{reference}”"),
            message_en: format!(
                "code {code} is printed as “{name}”; the reference lists name it “{reference}”"
            ),
            figures: Vec::new(),
            sources: source.into_iter().collect(),
            details: Vec::new(),
        });
    }
    out
}

/// The 部门预算支出经济分类 类 a label names (`(1)工资福利支出` → 301), for tables that print the
/// classes by name only.
pub fn economic_class_for_name(label: &str) -> Option<&'static str> {
    let name: String = strip_enumeration(label)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    let name = name.replace(['(', ')'], "").replace(['（', '）'], "");
    Some(match name.as_str() {
        "工资福利支出" => "301",
        "商品和服务支出" => "302",
        "对个人和家庭的补助" | "对个人和家庭补助" => "303",
        "债务利息及费用支出" | "债务付息及费用支出" => "307",
        "资本性支出基本建设" => "309",
        "资本性支出" | "其他资本性支出" => "310",
        "对企业补助基本建设" => "311",
        "对企业补助" => "312",
        "对社会保障基金补助" => "313",
        "其他支出" => "399",
        _ => return None,
    })
}

/// A name for an economic code the document leaves unnamed.
pub fn economic_name(code: &str) -> Option<String> {
    let standard = crate::model::economic_class_name(code);
    standard
        .map(str::to_string)
        .or_else(|| ECONOMIC_NAMES.get(code).and_then(|n| n.first().cloned()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn enumerations_are_stripped() {
        assert_eq!(strip_enumeration("一、一般公共服务"), "一般公共服务");
        assert_eq!(strip_enumeration("(十)卫生健康支出"), "卫生健康支出");
        assert_eq!(strip_enumeration("（二十一）住房保障支出"), "住房保障支出");
        assert_eq!(strip_enumeration("1、财政拨款"), "财政拨款");
        assert_eq!(strip_enumeration("其中：财政拨款"), "财政拨款");
        assert_eq!(strip_enumeration("(1)一般公共预算拨款"), "一般公共预算拨款");
        assert_eq!(strip_enumeration("二十、住房保障支出"), "住房保障支出");
    }

    #[test]
    fn class_names_map_to_codes() {
        let code = |s: &str| class_code_for_name(s).map(|c| c.as_str().to_string());
        assert_eq!(code("一、一般公共服务").as_deref(), Some("201"));
        assert_eq!(code("1、一般公共服务支出").as_deref(), Some("201"));
        assert_eq!(code("(十)卫生健康支出").as_deref(), Some("210"));
        assert_eq!(code("十三、农林水事务").as_deref(), Some("213"));
        assert_eq!(code("一般公共服务（类）").as_deref(), Some("201"));
        assert_eq!(code("二十三、国有资本经营预算").as_deref(), Some("223"));
        assert_eq!(code("三、国有资本经营预算拨款收入"), None);
        assert_eq!(code("本年支出合计"), None);
        assert_eq!(code("（三）国防支出（").as_deref(), Some("203"));
    }

    #[test]
    fn unnamed_codes_get_reference_names() {
        assert_eq!(function_name("201").as_deref(), Some("一般公共服务支出"));
        assert_eq!(
            function_name("20103").as_deref(),
            Some("政府办公厅（室）及相关机构事务")
        );
        assert_eq!(economic_name("30101").as_deref(), Some("基本工资"));
        // Mined from 244 disclosures (not in the 105 observed codes).
        assert_eq!(
            function_name("20131").as_deref(),
            Some("党委办公厅（室）及相关机构事务")
        );
    }

    #[test]
    fn a_printed_name_that_contradicts_the_reference_is_told_apart_from_a_variant() {
        assert_eq!(contradicted_name("2010301", "行政运行"), None);
        assert_eq!(contradicted_name("2010301", " 行政运行 "), None);
        // Brackets of either width, a shortened name.
        assert_eq!(
            contradicted_name("20103", "政府办公厅(室)及相关机构事务"),
            None
        );
        assert_eq!(contradicted_name("201", "一般公共服务"), None);
        // 福利院 2024 numbers its 302 款 in sequence: 302 04 电费 is 手续费 in the standard.
        assert_eq!(
            contradicted_name("30204", "电费").as_deref(),
            Some("手续费")
        );
        // A code the reference lacks says nothing.
        assert_eq!(contradicted_name("2999901", "随便"), None);
    }
}

/// A code and its parent, by name, from the reference lists (mined from real disclosures, see
/// `data/reference/`): what a table that prints names without codes (`  行政运行`) means.
struct Book {
    /// (folded name, code, parent code)
    entries: Vec<(String, String, String)>,
}

impl Book {
    fn from(tsvs: &[&str]) -> Book {
        let mut entries: Vec<(String, String, String)> = Vec::new();
        for cols in reference_rows(tsvs) {
            let (code, name) = (cols[0], cols[2]);
            let parent = match code.len() {
                5 | 7 => &code[..code.len() - 2],
                _ => "",
            };
            let key = fold_name(name);
            if !entries.iter().any(|(k, c, _)| *k == key && c == code) {
                entries.push((key, code.to_string(), parent.to_string()));
            }
        }
        Book { entries }
    }

    /// The code named `name` whose parent is `parent`.
    fn child(&self, name: &str, parent: &str) -> Option<&str> {
        let key = fold_name(strip_enumeration(name));
        self.entries
            .iter()
            .find(|(k, _, p)| *k == key && p == parent)
            .map(|(_, c, _)| c.as_str())
    }
}

static FUNCTION_BOOK: LazyLock<Book> = LazyLock::new(|| {
    Book::from(&[
        include_str!("../../data/reference/function_codes_observed.tsv"),
        include_str!("../../data/reference/function_codes_mined.tsv"),
    ])
});

static ECONOMIC_BOOK: LazyLock<Book> = LazyLock::new(|| {
    Book::from(&[
        include_str!("../../data/reference/dept_econ_codes_observed.tsv"),
        include_str!("../../data/reference/dept_econ_codes_mined.tsv"),
    ])
});

/// Codes for the rows of a table that names its lines without codes, read top to bottom: a name
/// is a 项 of the 款 above, else a 款 of the 类 above, else a 类. Names the reference lists do not
/// know get no code.
#[derive(Default)]
pub struct CodeWalker {
    class: Option<String>,
    section: Option<String>,
}

impl CodeWalker {
    pub fn function(&mut self, name: &str) -> Option<FunctionCode> {
        let book = &*FUNCTION_BOOK;
        if let Some(s) = &self.section
            && let Some(code) = book.child(name, s)
        {
            return FunctionCode::new(code);
        }
        if let Some(c) = &self.class
            && let Some(code) = book.child(name, c)
        {
            self.section = Some(code.to_string());
            return FunctionCode::new(code);
        }
        let class = class_code_for_name(name)?;
        self.class = Some(class.as_str().to_string());
        self.section = None;
        Some(class)
    }

    pub fn economic(&mut self, name: &str) -> Option<crate::model::EconomicCode> {
        let book = &*ECONOMIC_BOOK;
        if let Some(c) = &self.class
            && let Some(code) = book.child(name, c)
        {
            return crate::model::EconomicCode::new(code);
        }
        let code = book.child(name, "")?;
        self.class = Some(code.to_string());
        crate::model::EconomicCode::new(code)
    }
}
