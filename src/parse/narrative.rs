//! Narrative facts: totals, splits, changes against last year, 三公, vehicles, staff, procurement,
//! operating costs, responsibilities, structure, sub-units and the glossary, read from the
//! paragraphs with tolerant patterns.
//!
//! Only what the text states is read; nothing is corrected or derived. A figure the text does not
//! state in a recognisable way stays `None`. When a fact is stated more than once, the first
//! statement in document order wins (the overview sections come first in every template).
//!
//! Paragraphs that a PDF extraction broke mid-sentence are joined into passages first, so patterns
//! see whole sentences; every figure still gets the line its number stands on.

use std::sync::LazyLock;

use regex::{Captures, Regex};

use crate::model::{
    Amount, Change, Count, Figure, FunctionCode, GlossaryEntry, Narrative, Percent, Procurement,
    Source, Staff, StatedEconomic, StatedFunction, StatedSanggong, SubUnit, Text, Unit,
    parse_decimal,
};
use crate::read::Paragraph;

/// What the narrative part of a disclosure states.
#[derive(Debug, Clone, Default)]
pub struct NarrativeFacts {
    /// The department's name as the document's title gives it.
    pub title_name: Option<Text>,
    /// The budget year the title or text names.
    pub year: Option<u16>,
    pub narrative: Narrative,
    pub responsibilities: Vec<Text>,
    pub structure: Vec<Text>,
    pub glossary: Vec<GlossaryEntry>,
    /// Subordinate units named in the text (without amounts).
    pub sub_units: Vec<SubUnit>,
}

/// Reads the narrative facts from all paragraphs of a document, in document order.
pub fn read_narrative(file: &str, paragraphs: &[&Paragraph]) -> NarrativeFacts {
    let reader = Reader { file, passages: sectioned(join_passages(paragraphs)) };
    let (title_name, title_year) = reader.title();
    let narrative = Narrative {
        income_total: reader.first_figure(&INCOME_TOTAL, TOTAL_QUALIFIERS).map(|(f, _)| f),
        expenditure_total: reader.first_figure(&EXPENDITURE_TOTAL, TOTAL_QUALIFIERS).map(|(f, _)| f),
        change: reader.total_change(),
        functions: reader.stated_classes(),
        function_items: Vec::new(),
        economic: Vec::new(),
        sanggong: reader.sanggong(),
        operating_costs: reader.operating_costs(),
        procurement: reader.procurement(),
        vehicles: reader.first_count(&VEHICLES, &[]),
        staff: Staff {
            authorized: reader.first_count(&STAFF_AUTHORIZED, &["行政", "事业", "工勤", "参公"]),
            actual: reader.first_count(&STAFF_ACTUAL, &[]),
            retired: reader.first_count(&STAFF_RETIRED, &[]),
        },
        project_count: reader.first_count(&PROJECT_COUNT, &["转移支付"]),
        ..Narrative::default()
    };
    let mut facts = NarrativeFacts {
        title_name,
        year: title_year.or_else(|| reader.year_in_text()),
        narrative,
        responsibilities: reader.section_texts(Section::Responsibilities),
        structure: reader.section_texts(Section::Structure),
        glossary: reader.glossary(),
        sub_units: reader.sub_units(),
    };
    reader.read_splits(&mut facts.narrative);
    reader.read_coded(&mut facts.narrative);
    facts
}

/// Maps a 支出功能分类 类 name as narratives print it (`一般公共服务`, `卫生健康支出`,
/// `医疗卫生与计划生育`) to its code. Connectives (和/与/及/、), a trailing `支出` and `等` are
/// ignored so wording variants of one class find the same code.
pub fn class_code_for_name(name: &str) -> Option<FunctionCode> {
    let key = class_key(name);
    if key.is_empty() {
        return None;
    }
    CLASS_NAMES
        .iter()
        .find(|(n, _)| class_key(n) == key)
        .and_then(|(_, code)| FunctionCode::new(code))
}

/// 类 names of the 2024 classification and the older names that still appear in disclosures.
const CLASS_NAMES: &[(&str, &str)] = &[
    ("一般公共服务", "201"),
    ("外交", "202"),
    ("国防", "203"),
    ("公共安全", "204"),
    ("教育", "205"),
    ("科学技术", "206"),
    ("文化旅游体育与传媒", "207"),
    ("文化体育与传媒", "207"),
    ("文化和旅游", "207"),
    ("社会保障和就业", "208"),
    ("社会保险基金", "209"),
    ("卫生健康", "210"),
    ("医疗卫生", "210"),
    ("医疗卫生与计划生育", "210"),
    ("节能环保", "211"),
    ("城乡社区", "212"),
    ("农林水", "213"),
    ("交通运输", "214"),
    ("资源勘探工业信息", "215"),
    ("资源勘探信息", "215"),
    ("商业服务业", "216"),
    ("金融", "217"),
    ("援助其他地区", "219"),
    ("自然资源海洋气象", "220"),
    ("国土海洋气象", "220"),
    ("住房保障", "221"),
    ("粮油物资储备", "222"),
    ("国有资本经营预算", "223"),
    ("灾害防治及应急管理", "224"),
    ("预备费", "227"),
    ("其他", "229"),
    ("转移性", "230"),
    ("债务还本", "231"),
    ("债务付息", "232"),
    ("债务发行费用", "233"),
];

fn class_key(name: &str) -> String {
    let trimmed = name.trim();
    let trimmed = trimmed.strip_suffix("支出").unwrap_or(trimmed);
    let trimmed = trimmed.strip_suffix('等').unwrap_or(trimmed);
    trimmed.chars().filter(|c| !matches!(c, '和' | '与' | '及' | '、' | ' ')).collect()
}

// ---------------------------------------------------------------------------------------------
// Passages and sections

/// One or more paragraphs joined where the extraction broke a sentence.
#[derive(Debug, Clone)]
struct Passage {
    text: String,
    /// Byte offset in `text` where each joined paragraph starts, with its line.
    starts: Vec<(usize, u32)>,
    heading: bool,
    section: Section,
    /// Where the content starts: after an inline label such as `部门职责：`.
    body: usize,
}

impl Passage {
    fn line_at(&self, offset: usize) -> u32 {
        self.starts
            .iter()
            .rev()
            .find(|(start, _)| *start <= offset)
            .or(self.starts.first())
            .map(|(_, line)| *line)
            .unwrap_or(0)
    }

    fn first_line(&self) -> u32 {
        self.line_at(0)
    }

    fn body_text(&self) -> &str {
        self.text.get(self.body..).unwrap_or("").trim()
    }
}

/// The part of the document a passage belongs to, from the nearest heading above it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Section {
    Other,
    Responsibilities,
    Structure,
    Sanggong,
    /// Shaanxi's `公用经费情况说明`: the slot other templates give to 机关运行经费.
    PublicFunds,
    Procurement,
    Glossary,
}

fn join_passages(paragraphs: &[&Paragraph]) -> Vec<Passage> {
    let mut out: Vec<Passage> = Vec::new();
    let mut last_line = 0u32;
    for p in paragraphs {
        let text = p.text.trim();
        if text.is_empty() {
            continue;
        }
        if let Some(prev) = out.last_mut()
            && p.line.saturating_sub(last_line) <= 3
            && continues(&prev.text, text)
        {
            prev.starts.push((prev.text.len(), p.line));
            prev.text.push_str(text);
        } else {
            out.push(Passage {
                text: text.to_string(),
                starts: vec![(0, p.line)],
                heading: false,
                section: Section::Other,
                body: 0,
            });
        }
        last_line = p.line;
    }
    out
}

/// True when `next` carries on the sentence `prev` was cut off in: `prev` is a full printed line
/// without closing punctuation and `next` opens neither a heading, a list item nor a sentence.
fn continues(prev: &str, next: &str) -> bool {
    let Some(end) = prev.chars().last() else {
        return false;
    };
    if matches!(end, '。' | '；' | ';' | '：' | ':' | '！' | '？' | '!' | '?' | '.') {
        return false;
    }
    prev.chars().count() >= 20
        && !is_heading(prev)
        && !is_heading(next)
        && !is_title_like(next)
        && !LIST_ITEM.is_match(next)
        && !SENTENCE_OPENER.is_match(next)
}

static LIST_ITEM: LazyLock<Regex> = LazyLock::new(|| {
    re(r"^(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[)）]|\d+\s*[、.．]\D|第[一二三四五六七八九十]+部分|附件|注[：:])")
});
static SENTENCE_OPENER: LazyLock<Regex> =
    LazyLock::new(|| re(r"^(?:本|我|按照|根据|截至|截止|20\d{2}年)"));
static NUMBERED_HEADING: LazyLock<Regex> = LazyLock::new(|| {
    re(r"^(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十]+[)）])")
});
static LABEL_HEADING: LazyLock<Regex> = LazyLock::new(|| re(r"^\p{Han}{2,6}[：:]$"));
static INLINE_LABEL: LazyLock<Regex> =
    LazyLock::new(|| re(r"^(?:部门职责|主要职责|单位职责|职能职责|机构设置|单位构成)[：:]"));

fn strip_dash(text: &str) -> &str {
    text.trim_start_matches(['-', '—', ' '])
}

/// A section heading: `第一部分…`, `附件…`, a numbered title without sentence punctuation, or a
/// short label ending in a colon (`机构设置：`).
fn is_heading(text: &str) -> bool {
    let t = strip_dash(text);
    if t.starts_with('第') && t.contains("部分") && t.chars().count() <= 40 {
        return true;
    }
    if t.starts_with("附件") || LABEL_HEADING.is_match(t) {
        return true;
    }
    if !NUMBERED_HEADING.is_match(t) || t.chars().count() > 40 {
        return false;
    }
    let inner = t.trim_end_matches(['。', '.']);
    let punct = inner.contains(['，', ',', '；', ';', '：', ':', '。']);
    // A numbered duty ending in `。` is a list item; a numbered title only ends so when it names
    // a part of the report (`（一）收支预算总体情况。`).
    let closed = inner.len() != t.len();
    !punct && (!closed || inner.contains("情况") || inner.contains("说明"))
}

/// A table title or a caption (`部门机构设置情况`, `表1`, `2024年部门收支总体情况表`).
fn is_title_like(text: &str) -> bool {
    let t = strip_dash(text);
    if t.contains(['，', ',', '。', '；', ';', '：', ':']) || t.chars().count() > 40 {
        return false;
    }
    t.ends_with('表') || t.ends_with("情况") || TABLE_NUMBER.is_match(t)
}

static PART_ONLY: LazyLock<Regex> = LazyLock::new(|| re(r"^第[一二三四五六七八九十]+部分$"));

fn has_sentence_punct(text: &str) -> bool {
    text.contains(['，', ',', '。', '；', ';', '：', ':'])
}

static TABLE_NUMBER: LazyLock<Regex> = LazyLock::new(|| re(r"^表\d+(?:-\d+)?$"));

fn section_of_heading(text: &str) -> Section {
    let t = strip_dash(text);
    if t.contains("名词解释") {
        Section::Glossary
    } else if t.contains("职责") {
        Section::Responsibilities
    } else if ["机构设置", "构成情况", "单位构成", "预算单位构成"].iter().any(|k| t.contains(k)) {
        Section::Structure
    } else if t.contains("三公") {
        Section::Sanggong
    } else if t.contains("公用经费") {
        Section::PublicFunds
    } else if t.contains("采购") {
        Section::Procurement
    } else {
        Section::Other
    }
}

fn sectioned(mut passages: Vec<Passage>) -> Vec<Passage> {
    let mut current = Section::Other;
    let mut after_part = false;
    for p in &mut passages {
        // `第三部分` on a line of its own, its title (`名词解释`) on the next.
        let part_title = after_part && p.text.chars().count() <= 30 && !has_sentence_punct(&p.text);
        after_part = PART_ONLY.is_match(strip_dash(&p.text));
        if part_title {
            p.heading = true;
            current = section_of_heading(&p.text);
        } else if let Some(label) = INLINE_LABEL.find(&p.text)
            && label.end() < p.text.len()
        {
            current = section_of_heading(label.as_str());
            p.body = label.end();
        } else if is_heading(&p.text) {
            p.heading = true;
            current = section_of_heading(&p.text);
        } else if current == Section::Glossary && is_title_like(&p.text) {
            // The tables follow the glossary directly in some documents.
            current = Section::Other;
        }
        p.section = current;
    }
    passages
}

// ---------------------------------------------------------------------------------------------
// Patterns

fn re(pattern: &str) -> Regex {
    Regex::new(pattern).expect("narrative patterns are valid")
}

const NUM: &str = r"\d[\d,]*(?:\.\d+)?";

/// An amount with its unit, in the groups `num` and `unit`.
fn amount_pattern() -> String {
    format!(r"(?P<num>{NUM})\s*(?P<unit>万元|元)")
}

/// An optional share right after an amount (`，占52.42%`, `，7.1%`), in the group `pct`.
const SHARE: &str = r"(?:\s*[，,]?\s*(?:占比为|占比|占)?(?:为)?\s*(?P<pct>-?\d+(?:\.\d+)?)\s*%)?";

fn labelled(labels: &str, fillers: &str) -> Regex {
    re(&format!(r"(?:{labels})(?:{fillers})*(?:为|是|共计|合计)?\s*{}{SHARE}", amount_pattern()))
}

/// Words before a total's label that make it a part, not the total (`一般公共预算收入`).
const TOTAL_QUALIFIERS: &[&str] =
    &["一般公共", "基金", "资本经营", "专户", "拨款", "经费", "费", "基本", "项目", "采购"];

static INCOME_TOTAL: LazyLock<Regex> = LazyLock::new(|| {
    labelled("收入总计|收入合计|收入总额|总收入|预算收入|收入预算", "年初预算|预算|安排")
});
static EXPENDITURE_TOTAL: LazyLock<Regex> = LazyLock::new(|| {
    labelled("支出总计|支出合计|支出总额|总支出|预算支出|支出预算", "年初预算|预算|安排")
});
static BASIC: LazyLock<Regex> = LazyLock::new(|| labelled("基本支出", "年初预算|预算"));
static PROJECT: LazyLock<Regex> = LazyLock::new(|| labelled("项目支出", "年初预算|预算"));
static PERSONNEL: LazyLock<Regex> = LazyLock::new(|| labelled("人员经费", "支出|预算|安排"));
static PUBLIC_FUNDS: LazyLock<Regex> = LazyLock::new(|| labelled("公用经费", "支出|预算|安排"));
static OPERATING: LazyLock<Regex> = LazyLock::new(|| {
    labelled("机关运行经费|机构运转经费|单位运行经费|运行经费|运转经费", "支出|预算|安排|数")
});

static VEHICLES: LazyLock<Regex> = LazyLock::new(|| {
    re(r"(?:共有|现有|实有|拥有)(?:各类|公务)?(?:车辆|公务用车|汽车|机动车)(?:共)?\s*(?P<n>\d+)\s*辆")
});
static STAFF_AUTHORIZED: LazyLock<Regex> =
    LazyLock::new(|| re(r"编制(?:数|人数)?(?:为|共|共计)?\s*(?P<n>\d+)\s*(?:人|名)"));
static STAFF_ACTUAL: LazyLock<Regex> = LazyLock::new(|| {
    re(r"(?:实有|在职)(?:人员|人数)?(?:为|共|共计)?\s*(?P<n>\d+)\s*(?:人|名)")
});
static STAFF_RETIRED: LazyLock<Regex> = LazyLock::new(|| {
    re(r"(?:离退休|退休)(?:人员|人数)?(?:为|共|共计)?\s*(?P<n>\d+)\s*(?:人|名)")
});
static PROJECT_COUNT: LazyLock<Regex> = LazyLock::new(|| {
    re(r"(?:共(?:有|计)?\s*(?P<n>\d+)\s*个(?:预算)?项目|项目(?:共|共计|共有)\s*(?P<m>\d+)\s*个)")
});

/// A change against last year: its verb, an amount and/or a percentage.
static CHANGE: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"(?P<verb>增加|增长|上升|减少|下降|降低|持平|无变动|无变化)(?:了)?(?:[（(](?:增加|减少)[)）])?\s*(?:{})?(?:\s*[，,]?\s*[（(]?\s*(?P<pverb>增长|增加|上升|减少|下降|降低|增幅|降幅|减幅)?(?:为)?\s*(?P<pct>-?\d+(?:\.\d+)?)\s*%[)）]?)?",
        amount_pattern()
    ))
});
static COMPARISON: LazyLock<Regex> =
    LazyLock::new(|| re(r"较|比|相比|同比|上年|去年|同期|与\d{4}年"));
static COMPARISON_PHRASE: LazyLock<Regex> = LazyLock::new(|| {
    re(r"(?:与|较|比|同)?(?:上年|上一年度?|去年|\d{4}年度?)(?:同期)?(?:预算数?)?(?:相比|相较|比较)?")
});
static TOTAL_SUBJECT: LazyLock<Regex> = LazyLock::new(|| {
    re(r"(?:^|[位门室局会心总]|预算)(?:预算)?(?:收入|收支|支出)(?:预算)?(?:总计|合计|总额|安排)?(?:\d|$)")
});
static NOT_TOTAL_SUBJECT: LazyLock<Regex> = LazyLock::new(|| {
    re(r"一般公共|基金|资本|三公|基本|项目|人员|公用|经费|采购|财政拨款|专户|[（(]\d")
});

// ---------------------------------------------------------------------------------------------
// Reading

struct Reader<'a> {
    file: &'a str,
    passages: Vec<Passage>,
}

impl Reader<'_> {
    fn source(&self, p: &Passage, offset: usize) -> Source {
        Source::new(self.file, p.line_at(offset))
    }

    /// Passages that may state figures: not headings, not the glossary.
    fn prose(&self) -> impl Iterator<Item = &Passage> {
        self.passages.iter().filter(|p| !p.heading && p.section != Section::Glossary)
    }

    /// The amount in the groups `num`/`unit` of `caps`, matched in `p.text[base..]`.
    fn figure(&self, caps: &Captures, p: &Passage, base: usize) -> Option<Figure> {
        let num = caps.name("num")?;
        let unit = match caps.name("unit")?.as_str() {
            "元" => Unit::Yuan,
            _ => Unit::TenThousandYuan,
        };
        let amount = Amount::parse(num.as_str(), unit).ok()?;
        Some(Figure {
            amount,
            source: self.source(p, base + num.start()),
            printed: num.as_str().to_string(),
            unit,
        })
    }

    fn percent(&self, caps: &Captures, p: &Passage, base: usize, sign: i32) -> Option<Percent> {
        let m = caps.name("pct")?;
        let mut value = parse_decimal(m.as_str())?;
        if sign < 0 && value.is_sign_positive() {
            value = -value;
        }
        Some(Percent { value, source: self.source(p, base + m.start()) })
    }

    /// The first statement `re` finds whose label is not qualified by one of `qualifiers`, with
    /// its share when one follows.
    fn first_figure(&self, re: &Regex, qualifiers: &[&str]) -> Option<(Figure, Option<Percent>)> {
        self.prose().find_map(|p| {
            re.captures_iter(&p.text).find_map(|caps| {
                let start = caps.get(0)?.start();
                if qualified(&p.text[..start], qualifiers) {
                    return None;
                }
                let figure = self.figure(&caps, p, 0)?;
                Some((figure, self.percent(&caps, p, 0, 1)))
            })
        })
    }

    fn first_count(&self, re: &Regex, qualifiers: &[&str]) -> Option<Count> {
        self.prose().find_map(|p| {
            re.captures_iter(&p.text).find_map(|caps| {
                let start = caps.get(0)?.start();
                if qualified(&p.text[..start], qualifiers) {
                    return None;
                }
                let n = caps.name("n").or_else(|| caps.name("m"))?;
                let value = n.as_str().parse::<u32>().ok()?;
                Some(Count { value, source: self.source(p, n.start()) })
            })
        })
    }

    fn read_splits(&self, n: &mut Narrative) {
        (n.basic, n.basic_share) = split(self.first_figure(&BASIC, &[]));
        (n.project, n.project_share) = split(self.first_figure(&PROJECT, &[]));
        (n.personnel, n.personnel_share) = split(self.first_figure(&PERSONNEL, &[]));
        (n.public_funds, n.public_funds_share) = split(self.first_figure(&PUBLIC_FUNDS, &[]));
    }

    // --- title ---

    fn title(&self) -> (Option<Text>, Option<u16>) {
        for (i, p) in self.passages.iter().enumerate() {
            let t = strip_dash(&p.text);
            for pattern in [&*TITLE_YEAR_FIRST, &*TITLE_NAME_FIRST] {
                if let Some(caps) = pattern.captures(t)
                    && let Some(name) = caps.name("name")
                {
                    return (self.title_text(name.as_str(), p), year_of(&caps));
                }
            }
            if BARE_NAME.is_match(t)
                && !t.contains("部分")
                && !t.contains("目录")
                && let Some(next) = self.passages.get(i + 1)
                && let Some(caps) = YEAR_BUDGET_LINE.captures(&next.text)
            {
                return (self.title_text(t, p), year_of(&caps));
            }
        }
        (None, None)
    }

    /// Keeps a suffix such as `(本级)` as printed: it says the disclosure covers only the
    /// department's own office, which a reader of the title should still see.
    fn title_text(&self, name: &str, p: &Passage) -> Option<Text> {
        let name = name.trim();
        (!name.is_empty())
            .then(|| Text { text: name.to_string(), source: Source::new(self.file, p.first_line()) })
    }

    fn year_in_text(&self) -> Option<u16> {
        self.passages.iter().find_map(|p| YEAR_BUDGET_ANYWHERE.captures(&p.text).and_then(|c| year_of(&c)))
    }

    // --- change of the total ---

    fn total_change(&self) -> Option<Change> {
        self.prose().find_map(|p| {
            CHANGE.captures_iter(&p.text).find_map(|caps| {
                let at = caps.get(0)?.start();
                let clause = clause_before(&p.text, at);
                if !COMPARISON.is_match(clause) || !is_total_subject(&subject_of(clause)) {
                    return None;
                }
                self.change(&caps, p, 0)
            })
        })
    }

    /// A change from a `CHANGE` match; `None` when it states neither an amount, a percentage nor
    /// that nothing changed (`增加了人防专项经费…` is a reason, not a change).
    fn change(&self, caps: &Captures, p: &Passage, base: usize) -> Option<Change> {
        let verb = caps.name("verb")?;
        let source = self.source(p, base + verb.start());
        if matches!(verb.as_str(), "持平" | "无变动" | "无变化") {
            return Some(Change { amount: None, percent: None, unchanged: true, source });
        }
        let sign = sign_of(verb.as_str());
        let amount = self.figure(caps, p, base).map(|mut f| {
            if sign < 0 {
                f.amount = -f.amount;
            }
            f
        });
        let pct_sign = caps.name("pverb").map(|v| sign_of(v.as_str())).unwrap_or(sign);
        let percent = self.percent(caps, p, base, pct_sign);
        if amount.is_none() && percent.is_none() {
            return None;
        }
        Some(Change { amount, percent, unchanged: false, source })
    }

    /// The first change stated in `p.text[from..to]`, compared against last year within its
    /// clause (the comparison may stand before `from`, as in `预算数与2023年“三公”经费持平`).
    fn change_in(&self, p: &Passage, clause_start: usize, from: usize, to: usize) -> Option<Change> {
        let window = p.text.get(from..to)?;
        CHANGE.captures_iter(window).find_map(|caps| {
            let at = from + caps.get(0)?.start();
            let context = p.text.get(clause_start..at)?;
            if !COMPARISON.is_match(context) {
                return None;
            }
            self.change(&caps, p, from)
        })
    }

    // --- functions and economic classes ---

    fn stated_classes(&self) -> Vec<StatedFunction> {
        let mut out: Vec<StatedFunction> = Vec::new();
        for p in self.prose() {
            for caps in CLASS_STATEMENT.captures_iter(&p.text) {
                let (Some(whole), Some(run)) = (caps.get(0), caps.name("name")) else {
                    continue;
                };
                let (name, code) = class_of_run(run.as_str());
                let Some(amount) = self.figure(&caps, p, 0) else {
                    continue;
                };
                let change = self.change_after(p, whole.end(), &CLASS_STATEMENT);
                if out.iter().any(|f| f.name == name) {
                    continue;
                }
                out.push(StatedFunction {
                    name,
                    code,
                    amount,
                    share: self.percent(&caps, p, 0, 1),
                    change,
                });
            }
        }
        out
    }

    /// The change stated after a statement ending at `end`, up to the clause's end or the next
    /// statement of the same kind.
    fn change_after(&self, p: &Passage, end: usize, next: &Regex) -> Option<Change> {
        let rest = p.text.get(end..)?;
        let mut stop = rest.find(['。', '；', ';']).unwrap_or(rest.len());
        if let Some(m) = next.find(rest) {
            stop = stop.min(m.start());
        }
        self.change_in(p, end, end, end + stop)
    }

    fn read_coded(&self, n: &mut Narrative) {
        for p in self.prose() {
            for caps in CODED_STATEMENT.captures_iter(&p.text) {
                let (Some(whole), Some(run), Some(code)) =
                    (caps.get(0), caps.name("name"), caps.name("code"))
                else {
                    continue;
                };
                let Some(amount) = self.figure(&caps, p, 0) else {
                    continue;
                };
                let name = strip_lead_words(run.as_str()).to_string();
                let code = code.as_str();
                let change = self.change_after(p, whole.end(), &CODED_STATEMENT);
                if let Some(fc) = FunctionCode::new(code) {
                    let list = if code.len() == 3 { &mut n.functions } else { &mut n.function_items };
                    if list.iter().any(|f| f.code.as_ref() == Some(&fc)) {
                        continue;
                    }
                    let share = self.percent(&caps, p, 0, 1);
                    list.push(StatedFunction { name, code: Some(fc), amount, share, change });
                } else if code.starts_with(['3', '5']) {
                    if n.economic.iter().any(|e| e.code == code) {
                        continue;
                    }
                    n.economic.push(StatedEconomic { name, code: code.to_string(), amount, change });
                }
            }
        }
    }

    // --- 三公 ---

    fn sanggong(&self) -> StatedSanggong {
        let mut passages: Vec<&Passage> =
            self.prose().filter(|p| p.section == Section::Sanggong).collect();
        if passages.is_empty() {
            passages = self.prose().filter(|p| SANGGONG_TOTAL_STATED.is_match(&p.text)).collect();
        }
        let mut state = SanggongState::default();
        for p in passages {
            for (start, end) in clauses(&p.text) {
                self.sanggong_clause(p, start, end, &mut state);
            }
        }
        state.out
    }

    fn sanggong_clause(&self, p: &Passage, start: usize, end: usize, st: &mut SanggongState) {
        let Some(clause) = p.text.get(start..end) else {
            return;
        };
        let mentions: Vec<(usize, usize, SgItem)> = SG_ITEM
            .captures_iter(clause)
            .filter_map(|c| Some((start + c.get(0)?.start(), start + c.get(0)?.end(), sg_item(&c))))
            .collect();
        let lead_end = mentions.first().map(|m| m.0).unwrap_or(end);
        if let Some(change) = self.change_in(p, start, start, lead_end) {
            // `预算数比2023年…` continues the item before; anything else speaks of the total.
            let lead = p.text.get(start..lead_end).unwrap_or("");
            let target = match st.last {
                Some(item) if ATTACHED_LEAD.is_match(lead.trim()) => item,
                _ => SgItem::Total,
            };
            st.set_change(target, change);
        }
        for (i, &(_, name_end, item)) in mentions.iter().enumerate() {
            let seg_end = mentions.get(i + 1).map(|m| m.0).unwrap_or(end);
            let after = p.text.get(name_end..seg_end).unwrap_or("");
            if let Some(caps) = SG_AMOUNT.captures(after)
                && let Some(f) = self.figure(&caps, p, name_end)
            {
                st.set_amount(item, f);
            }
            if item == SgItem::Total
                && st.out.total_prior.is_none()
                && let Some(caps) = SG_PRIOR.captures(after)
            {
                st.out.total_prior = self.figure(&caps, p, name_end);
            }
            if let Some(change) = self.change_in(p, start, name_end, seg_end) {
                st.set_change(item, change);
            }
            st.last = Some(item);
        }
    }

    // --- other facts ---

    /// 机关运行经费 / 机构运转经费 as stated. Shaanxi's template has no such section; its
    /// `公用经费情况说明` stands in that slot and its glossary defines 公用经费 with the very list
    /// other templates give for 机构运转经费 (办公及印刷费、邮电费…), so a 公用经费 amount stated
    /// in a section of its own is read as the operating costs too.
    fn operating_costs(&self) -> Option<Figure> {
        self.first_figure(&OPERATING, &[]).map(|(f, _)| f).or_else(|| {
            self.prose()
                .filter(|p| p.section == Section::PublicFunds)
                .find_map(|p| PUBLIC_FUNDS.captures(&p.text).and_then(|c| self.figure(&c, p, 0)))
        })
    }

    fn procurement(&self) -> Procurement {
        let mut out = Procurement::default();
        let passages = self.prose().filter(|p| {
            p.section == Section::Procurement || p.text.contains("政府采购")
        });
        for p in passages {
            out.none |= PROCUREMENT_NONE.is_match(&p.text);
            let slots = [
                (&*PROCUREMENT_TOTAL, &mut out.total),
                (&*PROCUREMENT_GOODS, &mut out.goods),
                (&*PROCUREMENT_WORKS, &mut out.works),
                (&*PROCUREMENT_SERVICES, &mut out.services),
            ];
            for (pattern, slot) in slots {
                if slot.is_none() {
                    *slot = pattern.captures(&p.text).and_then(|c| self.figure(&c, p, 0));
                }
            }
        }
        out
    }

    fn section_texts(&self, section: Section) -> Vec<Text> {
        self.passages
            .iter()
            .filter(|p| p.section == section && !p.heading && !is_title_like(&p.text))
            .filter(|p| !p.body_text().is_empty())
            .map(|p| Text {
                text: p.body_text().to_string(),
                source: self.source(p, p.body),
            })
            .collect()
    }

    fn glossary(&self) -> Vec<GlossaryEntry> {
        self.passages
            .iter()
            .filter(|p| p.section == Section::Glossary && !p.heading)
            .filter_map(|p| {
                let caps = GLOSSARY_ENTRY.captures(&p.text)?;
                let term = caps.name("term")?.as_str().trim();
                let definition = caps.name("def")?.as_str().trim();
                (!term.is_empty() && !definition.is_empty()).then(|| GlossaryEntry {
                    term: term.to_string(),
                    definition: definition.to_string(),
                    source: Source::new(self.file, p.first_line()),
                })
            })
            .collect()
    }

    /// Units listed after `所属事业单位预算包括：` (numbered, inline or on the following lines)
    /// or `…编制范围的单位共一个：X本级，…`.
    fn sub_units(&self) -> Vec<SubUnit> {
        let structure: Vec<&Passage> =
            self.passages.iter().filter(|p| p.section == Section::Structure && !p.heading).collect();
        let mut out = Vec::new();
        for (i, p) in structure.iter().enumerate() {
            let Some(caps) = SUB_UNIT_INTRO.captures(&p.text) else {
                continue;
            };
            let Some(rest) = caps.name("rest") else {
                continue;
            };
            if !rest.as_str().trim().is_empty() {
                self.push_units(&mut out, p, rest.start(), rest.as_str());
                continue;
            }
            let following = &structure[i + 1..];
            let numbered: Vec<&&Passage> =
                following.iter().take_while(|q| NUMBERED_UNIT.is_match(&q.text)).collect();
            if numbered.is_empty() {
                if let Some(q) = following.first() {
                    self.push_units(&mut out, q, 0, &q.text);
                }
            } else {
                for q in numbered {
                    self.push_units(&mut out, q, 0, &q.text);
                }
            }
        }
        out
    }

    fn push_units(&self, out: &mut Vec<SubUnit>, p: &Passage, base: usize, text: &str) {
        let numbered: Vec<(usize, &str)> = NUMBERED_UNIT
            .captures_iter(text)
            .filter_map(|c| c.name("unit").map(|m| (m.start(), m.as_str())))
            .collect();
        let pieces: Vec<(usize, &str)> = if numbered.is_empty() {
            split_with_offsets(text)
                .into_iter()
                .filter(|(_, s)| UNIT_NAME.is_match(s) && !s.starts_with('无'))
                .collect()
        } else {
            numbered
        };
        for (offset, name) in pieces {
            let name = name.trim().trim_end_matches(['。', '；', ';', '，', ',', '、']);
            if name.is_empty() || out.iter().any(|u: &SubUnit| u.name == name) {
                continue;
            }
            out.push(SubUnit {
                code: None,
                name: name.to_string(),
                amount: None,
                source: self.source(p, base + offset),
            });
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Helpers

fn split(found: Option<(Figure, Option<Percent>)>) -> (Option<Figure>, Option<Percent>) {
    match found {
        Some((f, pct)) => (Some(f), pct),
        None => (None, None),
    }
}

/// True when the text right before a label ends with one of the qualifying words.
fn qualified(before: &str, qualifiers: &[&str]) -> bool {
    let before = before.trim_end();
    qualifiers.iter().any(|q| before.ends_with(q))
}

fn sign_of(verb: &str) -> i32 {
    if ["减少", "下降", "降低", "降幅", "减幅"].contains(&verb) { -1 } else { 1 }
}

fn year_of(caps: &Captures) -> Option<u16> {
    caps.name("year")?.as_str().parse().ok()
}

/// Byte ranges of the clauses of `text`, cut at `。；;`.
fn clauses(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, c) in text.char_indices() {
        if matches!(c, '。' | '；' | ';') {
            out.push((start, i));
            start = i + c.len_utf8();
        }
    }
    if start < text.len() {
        out.push((start, text.len()));
    }
    out
}

/// The clause text before `at`.
fn clause_before(text: &str, at: usize) -> &str {
    let head = text.get(..at).unwrap_or("");
    let start = head
        .char_indices()
        .rev()
        .find(|(_, c)| matches!(c, '。' | '；' | ';'))
        .map(|(i, c)| i + c.len_utf8())
        .unwrap_or(0);
    head.get(start..).unwrap_or("")
}

/// What a change speaks of: the last comma-separated part before its verb, without the
/// comparison itself; when that is empty (`…安排1486.83万元，较2023年预算增加…`) the part before.
fn subject_of(clause: &str) -> String {
    let parts: Vec<&str> = clause.split(['，', ',', '、']).collect();
    for part in parts.iter().rev() {
        let stripped = COMPARISON_PHRASE.replace_all(part, "");
        let stripped = stripped.trim();
        if stripped.chars().any(is_han) {
            return stripped.to_string();
        }
    }
    String::new()
}

fn is_total_subject(subject: &str) -> bool {
    !subject.is_empty() && TOTAL_SUBJECT.is_match(subject) && !NOT_TOTAL_SUBJECT.is_match(subject)
}

fn is_han(c: char) -> bool {
    matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF)
}

fn strip_lead_words(run: &str) -> &str {
    let mut s = run;
    for lead in ["其中", "主要用于", "用于", "包括", "主要是", "分别是"] {
        s = s.strip_prefix(lead).unwrap_or(s);
    }
    s
}

/// The 类 name in a run of Chinese text before `（类）` and its code: the longest known class
/// name the run ends with, else the run without lead words.
fn class_of_run(run: &str) -> (String, Option<FunctionCode>) {
    let chars: Vec<(usize, char)> = run.char_indices().collect();
    for (start, _) in chars {
        let tail = &run[start..];
        if let Some(code) = class_code_for_name(tail) {
            return (tail.to_string(), Some(code));
        }
    }
    (strip_lead_words(run).to_string(), None)
}

fn split_with_offsets(text: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, c) in text.char_indices() {
        if matches!(c, '，' | ',' | '、' | '；' | ';' | '。') {
            out.push((start, &text[start..i]));
            start = i + c.len_utf8();
        }
    }
    out.push((start, &text[start..]));
    out.into_iter().filter(|(_, s)| !s.trim().is_empty()).collect()
}

static TITLE_YEAR_FIRST: LazyLock<Regex> = LazyLock::new(|| {
    re(r"^(?:第[一二三四五六七八九十]+部分)?(?P<year>20\d{2})年度?(?P<name>\p{Han}[\p{Han}（）()]*?)(?:部门|单位)(?:综合)?预算(?:信息)?公开")
});
static TITLE_NAME_FIRST: LazyLock<Regex> = LazyLock::new(|| {
    re(r"^(?:第[一二三四五六七八九十]+部分)?(?P<name>\p{Han}[\p{Han}（）()]*?)(?P<year>20\d{2})年度?(?:部门|单位)(?:综合)?预算(?:信息)?公开")
});
static BARE_NAME: LazyLock<Regex> = LazyLock::new(|| re(r"^\p{Han}[\p{Han}（）()]{2,40}$"));
static YEAR_BUDGET_LINE: LazyLock<Regex> =
    LazyLock::new(|| re(r"^(?P<year>20\d{2})年度?(?:部门|单位)(?:综合)?预算"));
static YEAR_BUDGET_ANYWHERE: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?P<year>20\d{2})年度?(?:部门|单位)(?:综合)?预算"));

static CLASS_STATEMENT: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"(?P<name>\p{{Han}}+)\s*[（(]类[)）](?:支出)?(?:预算)?(?:为)?\s*{}{SHARE}",
        amount_pattern()
    ))
});
static CODED_STATEMENT: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"(?P<name>\p{{Han}}+)\s*[（(]\s*(?P<code>\d{{3}}(?:\d{{2}}){{0,2}})\s*[)）]\s*(?:支出)?(?:为)?\s*{}{SHARE}",
        amount_pattern()
    ))
});

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum SgItem {
    Total,
    Outbound,
    Reception,
    Vehicles,
    Purchase,
    Operation,
    /// 会议费 / 培训费: not 三公, but stated in the same sentences.
    Other,
}

static SG_ITEM: LazyLock<Regex> = LazyLock::new(|| {
    re(concat!(
        r"(?P<total>[“”]?三公[”“]?经费)",
        r"|(?P<vehicles>公务用车购置(?:及|和)(?:运行(?:维护)?|运维)费)",
        r"|(?P<purchase>公务用车购置费)",
        r"|(?P<operation>公务用车(?:运行维护|运行|运维)费)",
        r"|(?P<outbound>因公出国[（(]境[)）](?:经)?费|因公出国(?:经)?费)",
        r"|(?P<reception>公务接待(?:经)?费)",
        r"|(?P<other>会议费预算|培训费预算)",
    ))
});
static SG_AMOUNT: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(r"^(?:预算|支出|安排|数)*(?:为|是|共计|合计)?\s*{}", amount_pattern()))
});
static SG_PRIOR: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(r"(?:较|比)(?:上年|\d{{4}}年)度?(?:预算数?)?(?:为)?\s*{}", amount_pattern()))
});
static SANGGONG_TOTAL_STATED: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(r"三公[”“]?经费(?:预算|支出|安排|数)*(?:为)?\s*{}", amount_pattern()))
});
static ATTACHED_LEAD: LazyLock<Regex> =
    LazyLock::new(|| re(r"^(?:预算数|预算|该项|较上年|比上年|同比)"));

fn sg_item(caps: &Captures) -> SgItem {
    [
        ("total", SgItem::Total),
        ("vehicles", SgItem::Vehicles),
        ("purchase", SgItem::Purchase),
        ("operation", SgItem::Operation),
        ("outbound", SgItem::Outbound),
        ("reception", SgItem::Reception),
    ]
    .into_iter()
    .find(|(name, _)| caps.name(name).is_some())
    .map(|(_, item)| item)
    .unwrap_or(SgItem::Other)
}

#[derive(Default)]
struct SanggongState {
    out: StatedSanggong,
    last: Option<SgItem>,
}

impl SanggongState {
    fn set_amount(&mut self, item: SgItem, f: Figure) {
        let a = &mut self.out.amounts;
        let slot = match item {
            SgItem::Total => &mut a.total,
            SgItem::Outbound => &mut a.outbound,
            SgItem::Reception => &mut a.reception,
            SgItem::Vehicles => &mut a.vehicles,
            SgItem::Purchase => &mut a.vehicle_purchase,
            SgItem::Operation => &mut a.vehicle_operation,
            SgItem::Other => return,
        };
        slot.get_or_insert(f);
    }

    fn set_change(&mut self, item: SgItem, c: Change) {
        let o = &mut self.out;
        let slot = match item {
            SgItem::Total => &mut o.total_change,
            SgItem::Outbound => &mut o.outbound_change,
            SgItem::Reception => &mut o.reception_change,
            SgItem::Purchase => &mut o.vehicle_purchase_change,
            SgItem::Operation => &mut o.vehicle_operation_change,
            SgItem::Vehicles | SgItem::Other => return,
        };
        slot.get_or_insert(c);
    }
}

static PROCUREMENT_TOTAL: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"政府采购(?:预算|支出)*(?:总额|安排|合计|共计|金额)?(?:为|是)?\s*{}",
        amount_pattern()
    ))
});
fn procurement_kind(kind: &str) -> Regex {
    re(&format!(
        r"{kind}(?:类)?(?:采购)?(?:预算)?(?:安排)?(?:为|是)?\s*{}",
        amount_pattern()
    ))
}
static PROCUREMENT_GOODS: LazyLock<Regex> = LazyLock::new(|| procurement_kind("货物"));
static PROCUREMENT_WORKS: LazyLock<Regex> = LazyLock::new(|| procurement_kind("工程"));
static PROCUREMENT_SERVICES: LazyLock<Regex> = LazyLock::new(|| procurement_kind("服务"));
static PROCUREMENT_NONE: LazyLock<Regex> =
    LazyLock::new(|| re(r"无政府采购|未安排政府采购|没有政府采购|政府采购预算为(?:空|零)"));

static GLOSSARY_ENTRY: LazyLock<Regex> = LazyLock::new(|| {
    re(r"^(?:[一二三四五六七八九十]+[、.．]|\d+\s*[、.．]|[（(][一二三四五六七八九十\d]+[)）])\s*(?P<term>[^：:。，]{1,40}?)\s*[：:]\s*(?P<def>.+)$")
});
static SUB_UNIT_INTRO: LazyLock<Regex> = LazyLock::new(|| {
    re(r"(?:所属|下属|二级|预算单位|单位共|编制范围的单位|包括的单位)[^：:。]*[：:](?P<rest>.*)$")
});
static NUMBERED_UNIT: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?:^|\s)\d+\s*[.、．]\s*(?P<unit>[^\s\d]+)"));
static UNIT_NAME: LazyLock<Regex> = LazyLock::new(|| {
    re(r"(?:本级|办公室|中心|局|委员会|站|所|队|院|馆|处|厅|社|校|园|会)$")
});
