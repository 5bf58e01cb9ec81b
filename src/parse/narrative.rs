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

use super::clause::{clause_before, clauses};
use std::sync::LazyLock;

use regex::{Captures, Regex};

use crate::load::Paragraph;
use crate::model::{
    Amount, Change, Count, Figure, FunctionCode, GlossaryEntry, Narrative, Percent, Procurement,
    Source, Staff, StatedEconomic, StatedFunction, StatedSanggong, SubUnit, Text, Unit,
    parse_decimal,
};

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
    let reader = Reader {
        file,
        passages: sectioned(join_passages(paragraphs)),
    };
    let (title_name, title_year) = reader.title();
    let narrative = Narrative {
        income_total: reader
            .first_figure(&INCOME_TOTAL, TOTAL_QUALIFIERS)
            .map(|(f, _)| f),
        expenditure_total: reader
            .first_figure(&EXPENDITURE_TOTAL, TOTAL_QUALIFIERS)
            .map(|(f, _)| f),
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
    facts.narrative.claims = reader
        .prose()
        .flat_map(|p| super::claims::read_claims(file, &p.text, p))
        .collect();
    facts
}

impl super::claims::Lines for Passage {
    fn line_at(&self, offset: usize) -> u32 {
        Passage::line_at(self, offset)
    }
}

pub use super::codes::class_code_for_name;

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
    /// `三、财政拨款情况说明`: figures of the fiscal appropriation, not of all the department's funds.
    Fiscal,
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
    if matches!(
        end,
        '。' | '；' | ';' | '：' | ':' | '！' | '？' | '!' | '?' | '.'
    ) {
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
    re(
        r"^(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[)）]|\d+\s*[、.．]\D|第[一二三四五六七八九十]+部分|附件|注[：:])",
    )
});
static SENTENCE_OPENER: LazyLock<Regex> =
    LazyLock::new(|| re(r"^(?:本|我|按照|根据|截至|截止|20\d{2}年)"));
static NUMBERED_HEADING: LazyLock<Regex> =
    LazyLock::new(|| re(r"^(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十]+[)）])"));
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
    } else if ["机构设置", "构成情况", "单位构成", "预算单位构成"]
        .iter()
        .any(|k| t.contains(k))
    {
        Section::Structure
    } else if t.contains("三公") {
        Section::Sanggong
    } else if t.contains("公用经费") {
        Section::PublicFunds
    } else if t.contains("采购") {
        Section::Procurement
    } else if t.contains("财政拨款") {
        Section::Fiscal
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
    re(&format!(
        r"(?:{labels})(?:{fillers})*(?:为|是|共计|合计)?\s*{}{SHARE}",
        amount_pattern()
    ))
}

/// Words before a total's label that make it a part, not the total (`一般公共预算收入`).
const TOTAL_QUALIFIERS: &[&str] = &[
    "一般公共",
    "基金",
    "资本经营",
    "专户",
    "拨款",
    "经费",
    "费",
    "基本",
    "项目",
    "采购",
];

/// Words between a total's label and its amount: `收入预算年初预算`, and a heading's label before
/// its sentence (`（二）支出预算。2026 年年初预算数 19,230.18 万元`, 重庆).
const TOTAL_FILLERS: &str = r"年初预算数?|预算数?|安排|[。：:]\s*\d{4}\s*年度?|\s";

static INCOME_TOTAL: LazyLock<Regex> = LazyLock::new(|| {
    labelled(
        "收入总计|收入合计|收入总额|总收入|预算收入|收入预算",
        TOTAL_FILLERS,
    )
});
static EXPENDITURE_TOTAL: LazyLock<Regex> = LazyLock::new(|| {
    labelled(
        "支出总计|支出合计|支出总额|总支出|预算支出|支出预算",
        TOTAL_FILLERS,
    )
});
static BASIC: LazyLock<Regex> = LazyLock::new(|| labelled("基本支出", "年初预算|预算"));
static PROJECT: LazyLock<Regex> = LazyLock::new(|| labelled("项目支出", "年初预算|预算"));
static PERSONNEL: LazyLock<Regex> = LazyLock::new(|| labelled("人员经费", "支出|预算|安排"));
static PUBLIC_FUNDS: LazyLock<Regex> = LazyLock::new(|| labelled("公用经费", "支出|预算|安排"));
static OPERATING: LazyLock<Regex> = LazyLock::new(|| {
    labelled(
        "机关运行经费|机构运转经费|单位运行经费|运行经费|运转经费",
        "支出|预算|安排|数",
    )
});

static VEHICLES: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?:共有|现有|实有|拥有)(?:各类|公务)?(?:车辆|公务用车|汽车|机动车)(?:共)?\s*(?P<n>\d+)\s*辆",
    )
});
static STAFF_AUTHORIZED: LazyLock<Regex> =
    LazyLock::new(|| re(r"编制(?:数|人数)?(?:为|共|共计)?\s*(?P<n>\d+)\s*(?:人|名)"));
static STAFF_ACTUAL: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?:实有|在职)(?:人员|人数)?(?:为|共|共计)?\s*(?P<n>\d+)\s*(?:人|名)"));
static STAFF_RETIRED: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?:离退休|退休)(?:人员|人数)?(?:为|共|共计)?\s*(?P<n>\d+)\s*(?:人|名)"));
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
    re(
        r"(?:与|较|比|同)?(?:上年|上一年度?|去年|\d{4}年度?)(?:同期)?(?:预算数?)?(?:相比|相较|比较)?",
    )
});
static TOTAL_SUBJECT: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?:^|[位门室局会心总]|预算)(?:预算)?(?:收入|收支|支出)(?:预算)?(?:总计|合计|总额|安排)?(?:为|是)?(?:\d|$)",
    )
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
        self.passages
            .iter()
            .filter(|p| !p.heading && p.section != Section::Glossary)
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
            correction: None,
            derivation: None,
        })
    }

    fn percent(&self, caps: &Captures, p: &Passage, base: usize, sign: i32) -> Option<Percent> {
        let m = caps.name("pct")?;
        let mut value = parse_decimal(m.as_str())?;
        if sign < 0 && value.is_sign_positive() {
            value = -value;
        }
        Some(Percent {
            value,
            source: self.source(p, base + m.start()),
        })
    }

    /// The first statement `re` finds whose label is not qualified by one of `qualifiers`, with
    /// its share when one follows.
    fn first_figure(&self, re: &Regex, qualifiers: &[&str]) -> Option<(Figure, Option<Percent>)> {
        self.first_figure_where(re, qualifiers, |_| true)
    }

    /// The first figure `re` finds in the passages `keep` keeps.
    fn first_figure_where(
        &self,
        re: &Regex,
        qualifiers: &[&str],
        keep: impl Fn(&Passage) -> bool,
    ) -> Option<(Figure, Option<Percent>)> {
        self.prose().filter(|p| keep(p)).find_map(|p| {
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
                Some(Count {
                    value,
                    source: self.source(p, n.start()),
                })
            })
        })
    }

    fn read_splits(&self, n: &mut Narrative) {
        // The department's 基本/项目, not those of its fiscal appropriation (重庆's
        // `三、财政拨款情况说明` states only those).
        let department = |p: &Passage| p.section != Section::Fiscal;
        (n.basic, n.basic_share) = split(self.first_figure_where(&BASIC, &[], department));
        (n.project, n.project_share) = split(self.first_figure_where(&PROJECT, &[], department));
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
        (!name.is_empty()).then(|| Text {
            text: name.to_string(),
            source: Source::new(self.file, p.first_line()),
        })
    }

    fn year_in_text(&self) -> Option<u16> {
        self.passages.iter().find_map(|p| {
            YEAR_BUDGET_ANYWHERE
                .captures(&p.text)
                .and_then(|c| year_of(&c))
        })
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
            return Some(Change {
                amount: None,
                percent: None,
                unchanged: true,
                source,
            });
        }
        let sign = sign_of(verb.as_str());
        let amount = self.figure(caps, p, base).map(|mut f| {
            if sign < 0 {
                f.amount = -f.amount;
            }
            f
        });
        let pct_sign = caps
            .name("pverb")
            .map(|v| sign_of(v.as_str()))
            .unwrap_or(sign);
        let percent = self.percent(caps, p, base, pct_sign);
        if amount.is_none() && percent.is_none() {
            return None;
        }
        Some(Change {
            amount,
            percent,
            unchanged: false,
            source,
        })
    }

    /// The first change stated in `p.text[from..to]`, compared against last year within its
    /// clause (the comparison may stand before `from`, as in `预算数与2023年“三公”经费持平`).
    fn change_in(
        &self,
        p: &Passage,
        clause_start: usize,
        from: usize,
        to: usize,
    ) -> Option<Change> {
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
                    let list = if code.len() == 3 {
                        &mut n.functions
                    } else {
                        &mut n.function_items
                    };
                    if list.iter().any(|f| f.code.as_ref() == Some(&fc)) {
                        continue;
                    }
                    let share = self.percent(&caps, p, 0, 1);
                    list.push(StatedFunction {
                        name,
                        code: Some(fc),
                        amount,
                        share,
                        change,
                    });
                } else if code.starts_with(['3', '5']) {
                    if n.economic.iter().any(|e| e.code == code) {
                        continue;
                    }
                    n.economic.push(StatedEconomic {
                        name,
                        code: code.to_string(),
                        amount,
                        change,
                    });
                }
            }
        }
    }

    // --- 三公 ---

    fn sanggong(&self) -> StatedSanggong {
        let mut passages: Vec<&Passage> = self
            .prose()
            .filter(|p| p.section == Section::Sanggong)
            .collect();
        if passages.is_empty() {
            passages = self
                .prose()
                .filter(|p| SANGGONG_TOTAL_STATED.is_match(&p.text))
                .collect();
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
            .filter_map(|c| {
                Some((
                    start + c.get(0)?.start(),
                    start + c.get(0)?.end(),
                    sg_item(&c),
                ))
            })
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
        self.first_figure(&OPERATING, &[])
            .map(|(f, _)| f)
            .or_else(|| {
                self.prose()
                    .filter(|p| p.section == Section::PublicFunds)
                    .find_map(|p| {
                        PUBLIC_FUNDS
                            .captures(&p.text)
                            .and_then(|c| self.figure(&c, p, 0))
                    })
            })
    }

    fn procurement(&self) -> Procurement {
        let mut out = Procurement::default();
        let passages = self
            .prose()
            .filter(|p| p.section == Section::Procurement || p.text.contains("政府采购"));
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
                    *slot = pattern
                        .captures(&p.text)
                        .and_then(|c| self.figure(&c, p, 0));
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
        let structure: Vec<&Passage> = self
            .passages
            .iter()
            .filter(|p| p.section == Section::Structure && !p.heading)
            .collect();
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
            let numbered: Vec<&&Passage> = following
                .iter()
                .take_while(|q| NUMBERED_UNIT.is_match(&q.text))
                .collect();
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
            let name = name
                .trim()
                .trim_end_matches(['。', '；', ';', '，', ',', '、']);
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
    if ["减少", "下降", "降低", "降幅", "减幅"].contains(&verb) {
        -1
    } else {
        1
    }
}

fn year_of(caps: &Captures) -> Option<u16> {
    caps.name("year")?.as_str().parse().ok()
}

/// What a change speaks of: the last comma-separated part before its verb, without the
/// comparison itself; when that is empty (`…安排1486.83万元，较2023年预算增加…`) the part before.
fn subject_of(clause: &str) -> String {
    for part in comma_parts(clause).iter().rev() {
        let stripped = COMPARISON_PHRASE.replace_all(part, "");
        let stripped = stripped.trim();
        if stripped.chars().any(is_han) {
            return stripped.to_string();
        }
    }
    String::new()
}

/// Parts of a clause between `，` `、` and `,`; a `,` between digits is a thousands separator.
fn comma_parts(clause: &str) -> Vec<&str> {
    let chars: Vec<(usize, char)> = clause.char_indices().collect();
    let mut parts = Vec::new();
    let mut start = 0;
    for (k, &(i, c)) in chars.iter().enumerate() {
        let digit_at = |j: Option<&(usize, char)>| j.is_some_and(|(_, d)| d.is_ascii_digit());
        let separator = match c {
            '，' | '、' => true,
            ',' => !(k > 0 && digit_at(chars.get(k - 1)) && digit_at(chars.get(k + 1))),
            _ => false,
        };
        if separator {
            parts.push(&clause[start..i]);
            start = i + c.len_utf8();
        }
    }
    parts.push(&clause[start..]);
    parts
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
    out.into_iter()
        .filter(|(_, s)| !s.trim().is_empty())
        .collect()
}

static TITLE_YEAR_FIRST: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"^(?:第[一二三四五六七八九十]+部分)?(?P<year>20\d{2})年度?(?P<name>\p{Han}[\p{Han}（）()]*?)(?:部门|单位)(?:综合)?预算(?:信息)?公开",
    )
});
static TITLE_NAME_FIRST: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"^(?:第[一二三四五六七八九十]+部分)?(?P<name>\p{Han}[\p{Han}（）()]*?)(?P<year>20\d{2})年度?(?:部门|单位)(?:综合)?预算(?:信息)?公开",
    )
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
    re(&format!(
        r"^(?:预算|支出|安排|数)*(?:为|是|共计|合计)?\s*{}",
        amount_pattern()
    ))
});
static SG_PRIOR: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"(?:较|比)(?:上年|\d{{4}}年)度?(?:预算数?)?(?:为)?\s*{}",
        amount_pattern()
    ))
});
static SANGGONG_TOTAL_STATED: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"三公[”“]?经费(?:预算|支出|安排|数)*(?:为)?\s*{}",
        amount_pattern()
    ))
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
    re(
        r"^(?:[一二三四五六七八九十]+[、.．]|\d+\s*[、.．]|[（(][一二三四五六七八九十\d]+[)）])\s*(?P<term>[^：:。，]{1,40}?)\s*[：:]\s*(?P<def>.+)$",
    )
});
static SUB_UNIT_INTRO: LazyLock<Regex> = LazyLock::new(|| {
    re(r"(?:所属|下属|二级|预算单位|单位共|编制范围的单位|包括的单位)[^：:。]*[：:](?P<rest>.*)$")
});
static NUMBERED_UNIT: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?:^|\s)\d+\s*[.、．]\s*(?P<unit>[^\s\d]+)"));
static UNIT_NAME: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?:本级|办公室|中心|局|委员会|站|所|队|院|馆|处|厅|社|校|园|会)$"));

#[cfg(test)]
mod tests {
    use super::*;

    fn read(lines: &[(u32, &str)]) -> NarrativeFacts {
        let paragraphs: Vec<Paragraph> = lines
            .iter()
            .map(|(line, text)| Paragraph {
                text: text.to_string(),
                line: *line,
            })
            .collect();
        let refs: Vec<&Paragraph> = paragraphs.iter().collect();
        read_narrative("t.txt", &refs)
    }

    fn wan(s: &str) -> Amount {
        s.parse().unwrap()
    }

    fn dec(s: &str) -> rust_decimal::Decimal {
        parse_decimal(s).unwrap()
    }

    fn amount_of(f: &Option<Figure>) -> Option<Amount> {
        f.as_ref().map(|f| f.amount)
    }

    fn line_of(f: &Option<Figure>) -> Option<u32> {
        f.as_ref().map(|f| f.source.line)
    }

    fn change_of(c: &Option<Change>) -> (Option<Amount>, Option<rust_decimal::Decimal>, bool) {
        match c {
            Some(c) => (
                c.amount.as_ref().map(|f| f.amount),
                c.percent.as_ref().map(|p| p.value),
                c.unchanged,
            ),
            None => (None, None, false),
        }
    }

    #[test]
    fn a_heading_label_before_its_sentence_names_the_total() {
        // 重庆 lines 23 and 30: the totals stand only in sentences after their headings.
        let f = read(&[
            (21, "二、部门收支总体情况"),
            (
                23,
                "（一）收入预算。2026 年年初预算数 19,230.18 万元，其中：一般公共预算拨款 18,417.70 万元，",
            ),
            (
                30,
                "（二）支出预算。2026 年年初预算数 19,230.18 万元，其中：一般公共服务支出 15,958.96 万元，",
            ),
        ]);
        assert_eq!(amount_of(&f.narrative.income_total), Some(wan("19230.18")));
        assert_eq!(line_of(&f.narrative.income_total), Some(23));
        assert_eq!(
            amount_of(&f.narrative.expenditure_total),
            Some(wan("19230.18"))
        );
        assert_eq!(line_of(&f.narrative.expenditure_total), Some(30));
    }

    #[test]
    fn basic_and_project_of_the_fiscal_appropriation_are_not_the_departments() {
        // 重庆 lines 34–38: only the section on the fiscal appropriation states 基本/项目.
        let f = read(&[
            (21, "二、部门收支总体情况"),
            (30, "（二）支出预算。2026 年年初预算数 19,230.18 万元。"),
            (34, "三、财政拨款情况说明"),
            (
                36,
                "2026 年一般公共预算财政拨款支出 18,417.70 万元。其中：基本支出 9,018.47 万元；项目支出 9,399.23 万元。",
            ),
        ]);
        assert_eq!(
            amount_of(&f.narrative.expenditure_total),
            Some(wan("19230.18"))
        );
        assert_eq!(f.narrative.basic, None);
        assert_eq!(f.narrative.project, None);
        // Stated for the whole department first, they are read there.
        let f = read(&[
            (
                10,
                "支出合计922.94万元，其中：基本支出483.80万元，项目支出439.14万元。",
            ),
            (20, "三、财政拨款情况说明"),
            (22, "其中：基本支出400.00万元。"),
        ]);
        assert_eq!(line_of(&f.narrative.basic), Some(10));
    }

    #[test]
    fn weihui_overview_totals_change_and_splits() {
        let f = read(&[
            (105, "一、收入支出预算总体情况说明"),
            (
                107,
                "卫辉市人民政府办公室单位2024年收入总计922.94万元，支出总计922.94万元。与2023年预算相比，收入增加284.22万元，增长44.50%，主要原因：2024年增加了人防专项经费（人防宣传费项目）60.00万元；支出增加284.22万元，增长44.50%。",
            ),
            (
                111,
                "卫辉市人民政府办公室单位2024年收入合计922.94万元，其中：一般公共预算922.94万元；政府性基金收入0.00万元。",
            ),
            (
                115,
                "卫辉市人民政府办公室单位2024年支出合计922.94万元，其中：基本支出483.80万元，占52.42%；项目支出439.14万元，占47.58%。",
            ),
            (
                129,
                "卫辉市人民政府办公室单位2024年一般公共预算基本支出年初预算483.80万元。其中：人员经费支出421.33万元，占87.09%；公用经费支出62.47万元，占12.91%。",
            ),
        ]);
        let n = &f.narrative;
        assert_eq!(amount_of(&n.income_total), Some(wan("922.94")));
        assert_eq!(line_of(&n.income_total), Some(107));
        assert_eq!(amount_of(&n.expenditure_total), Some(wan("922.94")));
        assert_eq!(
            change_of(&n.change),
            (Some(wan("284.22")), Some(dec("44.50")), false)
        );
        assert_eq!(amount_of(&n.basic), Some(wan("483.80")));
        assert_eq!(line_of(&n.basic), Some(115));
        assert_eq!(n.basic_share.as_ref().map(|p| p.value), Some(dec("52.42")));
        assert_eq!(amount_of(&n.project), Some(wan("439.14")));
        assert_eq!(
            n.project_share.as_ref().map(|p| p.value),
            Some(dec("47.58"))
        );
        assert_eq!(amount_of(&n.personnel), Some(wan("421.33")));
        assert_eq!(
            n.personnel_share.as_ref().map(|p| p.value),
            Some(dec("87.09"))
        );
        assert_eq!(amount_of(&n.public_funds), Some(wan("62.47")));
        assert_eq!(
            n.public_funds_share.as_ref().map(|p| p.value),
            Some(dec("12.91"))
        );
    }

    #[test]
    fn decrease_is_negative_and_share_may_lack_the_word_zhan() {
        let f = read(&[
            (
                109,
                "2024年收入总计4212.99万元，支出总计4212.99万元，与2023年预算相比，收入减少383.72万元，减少8.3 %。主要原因：因机构改革工作。",
            ),
            (
                131,
                "2024年一般公共预算基本支出年初预算为2754.1万元。其中：人员经费支出2557.74万元，占92.9%；公用经费支出196.36万元，7.1%。",
            ),
        ]);
        let n = &f.narrative;
        assert_eq!(
            change_of(&n.change),
            (Some(wan("-383.72")), Some(dec("-8.3")), false)
        );
        assert_eq!(
            n.change
                .as_ref()
                .and_then(|c| c.amount.as_ref())
                .map(|f| f.printed.as_str()),
            Some("383.72")
        );
        assert_eq!(
            n.public_funds_share.as_ref().map(|p| p.value),
            Some(dec("7.1"))
        );
        assert_eq!(amount_of(&n.basic), Some(wan("2754.1")));
    }

    #[test]
    fn change_of_the_total_in_other_wordings() {
        // fengxian: the subject stands right before 较上年, in a list separated by 、
        let f = read(&[(
            118,
            "2024年本单位预算收入610.67万元、其中一般公共预算拨款收入610.67万元、其他收入0.00万元、2024年本单位预算收入较上年减少84.61万元，主要原因是人员变动。",
        )]);
        assert_eq!(amount_of(&f.narrative.income_total), Some(wan("610.67")));
        assert_eq!(
            change_of(&f.narrative.change),
            (Some(wan("-84.61")), None, false)
        );
        // laiyuan: the subject is the part before the comparison
        let f = read(&[(
            1654,
            "2024年预算收支安排1486.83万元，较2023年预算增加167.73万元，其中：基本支出增加108.79万元",
        )]);
        assert_eq!(
            change_of(&f.narrative.change),
            (Some(wan("167.73")), None, false)
        );
        // fengquan: 收支
        let f = read(&[(
            80,
            "中共新乡市凤泉区委员会办公室2024年收入总计1261.66万元，支出总计1261.66万元，与2023年预算相比，收支增加84.41万元，增长7.17%。",
        )]);
        assert_eq!(
            change_of(&f.narrative.change),
            (Some(wan("84.41")), Some(dec("7.17")), false)
        );
        // invented: only a percentage, 下降
        let f = read(&[(5, "本部门2025年收入预算为1,234.5万元，比上年下降3.2%。")]);
        assert_eq!(amount_of(&f.narrative.income_total), Some(wan("1234.5")));
        assert_eq!(
            f.narrative
                .income_total
                .as_ref()
                .map(|f| f.printed.as_str()),
            Some("1,234.5")
        );
        assert_eq!(
            change_of(&f.narrative.change),
            (None, Some(dec("-3.2")), false)
        );
        // invented: unchanged
        let f = read(&[(5, "2025年收支预算800.00万元，与上年持平。")]);
        assert_eq!(change_of(&f.narrative.change), (None, None, true));
    }

    #[test]
    fn parts_and_reasons_do_not_become_the_total_or_its_change() {
        let f = read(&[
            (
                1,
                "2024年政府性基金预算收入0.00万元，一般公共预算收入500.00万元。",
            ),
            (2, "政府性基金收支预算增加0.00万元，与上年持平。"),
            (3, "主要原因：2024年增加了人防专项经费60.00万元。"),
            (4, "2024年“三公”经费支出预算数比2023年增加0.00万元。"),
            (5, "我单位2024年机构运转经费支出预算62.47万元。"),
            (
                6,
                "(1)行政运行（2010301）239.14万元，较上年减少127.52万元。",
            ),
        ]);
        assert_eq!(f.narrative.income_total, None);
        assert_eq!(f.narrative.expenditure_total, None);
        assert_eq!(f.narrative.change, None);
    }

    #[test]
    fn amounts_in_yuan_keep_their_unit() {
        let f = read(&[(3, "2024年收入总计6106713.00元，支出总计6106713.00元。")]);
        let income = f.narrative.income_total.unwrap();
        assert_eq!(income.unit, Unit::Yuan);
        assert_eq!(income.amount, wan("610.6713"));
        assert_eq!(income.printed, "6106713.00");
    }

    #[test]
    fn fengxian_sanggong_sentence_with_prior_year_and_a_yuan_slip() {
        let f = read(&[
            (188, "五、“三公”经费及会议费、培训费等预算情况说明"),
            (
                190,
                "2024年本单位当年一般公共预算“三公”经费预算支出33.96万元，较上年预算35.38万元减少1.41万元（96%），减少主要原因是压减“三公”支出费用。其中：因公出国（境）经费0.00万元，较上年无变动；公务接待费2.19元，较上年3.49减少1.29万元（62.84%）；公务用车运行维护费31.77万元，较上年31.89万元减少0.12万元（0.3%）；公务用车购置费0.00万元，较上年无变动，本单位当年一般公共预算会议费预算支出2.68万元，较上年2.70万元减少0.19万元（7.3%）。",
            ),
            (192, "六、国有资产占有使用及资产购置情况说明"),
        ]);
        let s = &f.narrative.sanggong;
        assert_eq!(amount_of(&s.amounts.total), Some(wan("33.96")));
        assert_eq!(amount_of(&s.total_prior), Some(wan("35.38")));
        assert_eq!(
            change_of(&s.total_change),
            (Some(wan("-1.41")), Some(dec("-96")), false)
        );
        assert_eq!(amount_of(&s.amounts.outbound), Some(wan("0.00")));
        assert_eq!(change_of(&s.outbound_change), (None, None, true));
        let reception = s.amounts.reception.as_ref().unwrap();
        assert_eq!(
            (reception.printed.as_str(), reception.unit),
            ("2.19", Unit::Yuan)
        );
        assert_eq!(
            change_of(&s.reception_change),
            (Some(wan("-1.29")), Some(dec("-62.84")), false)
        );
        assert_eq!(amount_of(&s.amounts.vehicle_operation), Some(wan("31.77")));
        assert_eq!(
            change_of(&s.vehicle_operation_change),
            (Some(wan("-0.12")), Some(dec("-0.3")), false)
        );
        assert_eq!(amount_of(&s.amounts.vehicle_purchase), Some(wan("0.00")));
        assert_eq!(change_of(&s.vehicle_purchase_change), (None, None, true));
        assert_eq!(s.amounts.vehicles, None);
    }

    #[test]
    fn laiyuan_sanggong_total_change_after_the_items() {
        let f = read(&[
            (1657, "四、财政拨款“三公”经费预算情况及增减变化原因"),
            (
                1658,
                "2024年财政拨款“三公”经费预算安排171.00万元,其中因公出国费7.00万元;公务用车购置及运维费69.00万元(其中公务用车购置费为0.00万元,公务用车运维费69.00万元);公务接待费95.00万元;与2023年相比减少18.98万元,增减变化的主要原因是公务用车运维费和公务接待费减少。",
            ),
            (1659, "五、部门整体绩效目标"),
        ]);
        let s = &f.narrative.sanggong;
        assert_eq!(amount_of(&s.amounts.total), Some(wan("171.00")));
        assert_eq!(amount_of(&s.amounts.outbound), Some(wan("7.00")));
        assert_eq!(amount_of(&s.amounts.vehicles), Some(wan("69.00")));
        assert_eq!(amount_of(&s.amounts.vehicle_purchase), Some(wan("0.00")));
        assert_eq!(amount_of(&s.amounts.vehicle_operation), Some(wan("69.00")));
        assert_eq!(amount_of(&s.amounts.reception), Some(wan("95.00")));
        assert_eq!(
            change_of(&s.total_change),
            (Some(wan("-18.98")), None, false)
        );
        assert_eq!(s.reception_change, None);
    }

    #[test]
    fn luohe_sanggong_items_with_repeated_numbering_and_broken_line() {
        let f = read(&[
            (133, "七、一般公共预算“三公”经费支出预算情况说明"),
            (
                135,
                "2024年“三公”经费预算为47万元。2024年“三公”经费支出预算数比2023年减少240万元。主要原因：加强“三公”经费管理。",
            ),
            (137, "具体支出情况如下："),
            (
                139,
                "（一）因公出国（境）费0万元。主要用于单位工作人员公务出国（境）的住宿费、差旅费、伙食补助费、杂费、培训费等支出。预算数与上年持平，无变动。",
            ),
            (
                141,
                "（二）公务接待费10万元。主要用于按规定开支的各类公务接待（含外宾接待）支出。预算数比2023年减少200",
            ),
            (143, "万元，主要原因：因机构改革，公务接待费减少。"),
            (
                145,
                "（二）公务用车购置及运行费37万元。其中，公务用车购置费0万元；公务用车运行维护费37万元，主要用于开展工作所需公务用车的燃料费等支出。公务用车购置费预算数与2023年持平，主要原因：无购买公务车辆计划。公务用车运行维护费预算数比2023年减少40万元。",
            ),
            (147, "八、政府性基金预算支出情况说明"),
        ]);
        let s = &f.narrative.sanggong;
        assert_eq!(amount_of(&s.amounts.total), Some(wan("47")));
        assert_eq!(change_of(&s.total_change), (Some(wan("-240")), None, false));
        assert_eq!(change_of(&s.outbound_change), (None, None, true));
        assert_eq!(amount_of(&s.amounts.reception), Some(wan("10")));
        assert_eq!(
            change_of(&s.reception_change),
            (Some(wan("-200")), None, false)
        );
        assert_eq!(
            s.reception_change.as_ref().map(|c| c.source.line),
            Some(141)
        );
        assert_eq!(amount_of(&s.amounts.vehicles), Some(wan("37")));
        assert_eq!(amount_of(&s.amounts.vehicle_purchase), Some(wan("0")));
        assert_eq!(change_of(&s.vehicle_purchase_change), (None, None, true));
        assert_eq!(
            change_of(&s.vehicle_operation_change),
            (Some(wan("-40")), None, false)
        );
    }

    #[test]
    fn fengquan_sanggong_total_unchanged() {
        let f = read(&[
            (104, "七、“三公”经费支出情况说明"),
            (
                106,
                "中共新乡市凤泉区委员会办公室2024年“三公”经费预算为11.00万元。2024年“三公”经费支出预算数与2023年“三公”经费持平。",
            ),
            (
                114,
                "(二)公务接待费2.00万元，主要用于按规定开支的各类公务接待（含外宾接待）支出。预算数与2023年持平。",
            ),
        ]);
        let s = &f.narrative.sanggong;
        assert_eq!(amount_of(&s.amounts.total), Some(wan("11.00")));
        assert_eq!(change_of(&s.total_change), (None, None, true));
        assert_eq!(amount_of(&s.amounts.reception), Some(wan("2.00")));
        assert_eq!(change_of(&s.reception_change), (None, None, true));
    }

    #[test]
    fn coded_function_items_and_economic_classes() {
        let f = read(&[
            (136, "2024年本单位当年一般公共预算支出610.67万元，其中："),
            (
                138,
                "(1)行政运行（2010301）239.14万元，较上年减少127.52万元，原因是人员变动、相应业务经费减少。",
            ),
            (
                140,
                "(2)一般行政管理事务（2010302）104.80万元，较上年增加104.80万元，原因是上年度无预算。",
            ),
            (150, "(7)行政单位医疗（2101101）17.64万元，较上年减少"),
            (152, "2.53万元，原因是人员变动，缴费基数变化，业务费减少。"),
            (
                156,
                "(9)住房公积金(2210201) 30.73万元，较上年减少8.47万元，原因是人员变动，业务费减少。",
            ),
            (
                162,
                "2024年本单位当年一般公共预算支出610.67万元。其中：工资福利支出(301) 401.49万元，较上年减少95.64万元，原因是人员变动。",
            ),
            (166, "对个人和家庭的补助(303) 3.96万元，较上年无变动。"),
            (
                172,
                "机关商品和服务支出(502) 200.59万元，较上年增加9.40万元，原因是增加了人员经费。",
            ),
        ]);
        let items = &f.narrative.function_items;
        let codes: Vec<&str> = items
            .iter()
            .filter_map(|i| i.code.as_ref().map(|c| c.as_str()))
            .collect();
        assert_eq!(codes, ["2010301", "2010302", "2101101", "2210201"]);
        assert_eq!(items[0].name, "行政运行");
        assert_eq!(items[0].amount.amount, wan("239.14"));
        assert_eq!(
            change_of(&items[0].change),
            (Some(wan("-127.52")), None, false)
        );
        assert_eq!(
            change_of(&items[1].change),
            (Some(wan("104.80")), None, false)
        );
        assert_eq!(
            change_of(&items[2].change),
            (Some(wan("-2.53")), None, false)
        );
        assert_eq!(
            items[2]
                .change
                .as_ref()
                .and_then(|c| c.amount.as_ref())
                .map(|f| f.source.line),
            Some(152)
        );
        assert_eq!(items[3].amount.amount, wan("30.73"));
        let eco = &f.narrative.economic;
        let codes: Vec<&str> = eco.iter().map(|e| e.code.as_str()).collect();
        assert_eq!(codes, ["301", "303", "502"]);
        assert_eq!(eco[0].name, "工资福利支出");
        assert_eq!(
            change_of(&eco[0].change),
            (Some(wan("-95.64")), None, false)
        );
        assert_eq!(change_of(&eco[1].change), (None, None, true));
        assert_eq!(eco[2].name, "机关商品和服务支出");
        assert_eq!(change_of(&eco[2].change), (Some(wan("9.40")), None, false));
    }

    #[test]
    fn class_statements_map_to_codes() {
        let f = read(&[(
            98,
            "2024年一般公共预算支出年初预算为1261.66万元。主要用于以下方面：一般公共服务(类)支出966.70万元，占76.62 %；社会保障和就业(类)支出151.90万元，占12.04 %；卫生健康（类）支出40.52万元，占3.21%；国有资本经营预算（类）支出20.00万元，占1.59%；其中城乡社区（类）支出5万元。",
        )]);
        let fs = &f.narrative.functions;
        let got: Vec<(&str, Option<&str>)> = fs
            .iter()
            .map(|s| (s.name.as_str(), s.code.as_ref().map(|c| c.as_str())))
            .collect();
        assert_eq!(
            got,
            [
                ("一般公共服务", Some("201")),
                ("社会保障和就业", Some("208")),
                ("卫生健康", Some("210")),
                ("国有资本经营预算", Some("223")),
                ("城乡社区", Some("212")),
            ]
        );
        assert_eq!(fs[0].amount.amount, wan("966.70"));
        assert_eq!(fs[0].share.as_ref().map(|p| p.value), Some(dec("76.62")));
        assert_eq!(fs[4].share, None);
    }

    #[test]
    fn class_names_tolerate_wording_variants() {
        let code = |n: &str| class_code_for_name(n).map(|c| c.as_str().to_string());
        assert_eq!(code("一般公共服务支出").as_deref(), Some("201"));
        assert_eq!(code("医疗卫生与计划生育支出").as_deref(), Some("210"));
        assert_eq!(code("卫生健康").as_deref(), Some("210"));
        assert_eq!(code("文化旅游体育与传媒").as_deref(), Some("207"));
        assert_eq!(code("文化和旅游体育与传媒支出").as_deref(), Some("207"));
        assert_eq!(code("社会保障与就业").as_deref(), Some("208"));
        assert_eq!(code("灾害防治及应急管理支出").as_deref(), Some("224"));
        assert_eq!(code("其他支出").as_deref(), Some("229"));
        assert_eq!(code("行政运行"), None);
        assert_eq!(code(""), None);
        assert_eq!(code("支出"), None);
    }

    #[test]
    fn operating_costs_procurement_vehicles_staff_projects() {
        let f = read(&[
            (106, "截止上年底，本单位人员编制30人，其中行政编制21"),
            (
                108,
                "人、事业编制9人；实有人员26人，其中行政19人、事业7人。单位管理的离退休人员7人。",
            ),
            (151, "（一）行政（事业）单位机构运转经费"),
            (
                153,
                "我单位2024年机构运转经费支出预算62.47万元，主要保障机构正常运转及正常履职需要。",
            ),
            (155, "（二）政府采购支出情况"),
            (157, "我单位2024年政府采购预算安排3万元，其中：政府采"),
            (
                159,
                "购货物预算35.25万元，主要为办公家具设备；政府采购工程预算0万元，主要为无工程；政府采购服务预算0万元，主要为无服务。",
            ),
            (
                167,
                "2023年期末，我单位共有车辆2辆，其中：一般公务用车2辆、一般执法执勤用车0辆。",
            ),
            (
                168,
                "2024年对所有项目支出全面实施绩效目标管理，涉及预算拨款1458.89万元，共31个项目，无部门重点评价项目。",
            ),
            (179, "负责管理的专项转移支付项目共有0项。"),
        ]);
        let n = &f.narrative;
        assert_eq!(
            n.staff
                .authorized
                .as_ref()
                .map(|c| (c.value, c.source.line)),
            Some((30, 106))
        );
        assert_eq!(
            n.staff.actual.as_ref().map(|c| (c.value, c.source.line)),
            Some((26, 108))
        );
        assert_eq!(n.staff.retired.as_ref().map(|c| c.value), Some(7));
        assert_eq!(amount_of(&n.operating_costs), Some(wan("62.47")));
        assert_eq!(amount_of(&n.procurement.total), Some(wan("3")));
        assert_eq!(amount_of(&n.procurement.goods), Some(wan("35.25")));
        assert_eq!(line_of(&n.procurement.goods), Some(159));
        assert_eq!(amount_of(&n.procurement.works), Some(wan("0")));
        assert_eq!(amount_of(&n.procurement.services), Some(wan("0")));
        assert!(!n.procurement.none);
        assert_eq!(n.vehicles.as_ref().map(|c| c.value), Some(2));
        assert_eq!(n.project_count.as_ref().map(|c| c.value), Some(31));
    }

    #[test]
    fn invented_wordings_for_facts() {
        let f = read(&[
            (
                1,
                "截至2024年底，本部门核定编制12名，在职人员11名，退休人员4名。",
            ),
            (2, "本部门现有公务用车5辆。"),
            (3, "本部门2025年无政府采购预算。"),
            (4, "2025年，机关运行经费预算为88.5万元。"),
            (5, "项目共计7个，均编制了绩效目标。"),
        ]);
        let n = &f.narrative;
        assert_eq!(n.staff.authorized.as_ref().map(|c| c.value), Some(12));
        assert_eq!(n.staff.actual.as_ref().map(|c| c.value), Some(11));
        assert_eq!(n.staff.retired.as_ref().map(|c| c.value), Some(4));
        assert_eq!(n.vehicles.as_ref().map(|c| c.value), Some(5));
        assert!(n.procurement.none);
        assert_eq!(n.procurement.total, None);
        assert_eq!(amount_of(&n.operating_costs), Some(wan("88.5")));
        assert_eq!(n.project_count.as_ref().map(|c| c.value), Some(7));
    }

    #[test]
    fn public_funds_section_stands_for_operating_costs_only_in_its_own_section() {
        let f = read(&[
            (204, "九、公用经费情况说明"),
            (
                206,
                "本单位当年公用经费预算安排5.40万元，较上年7.20万元减少1.80万元，主要原因是保障日常运转。",
            ),
        ]);
        assert_eq!(amount_of(&f.narrative.operating_costs), Some(wan("5.40")));
        assert_eq!(amount_of(&f.narrative.public_funds), Some(wan("5.40")));
        let f = read(&[(
            129,
            "其中：人员经费支出421.33万元，占87.09%；公用经费支出62.47万元，占12.91%。",
        )]);
        assert_eq!(f.narrative.operating_costs, None);
    }

    #[test]
    fn titles_in_their_three_shapes() {
        let f = read(&[
            (3, "2024年卫辉市人民政府办公室单位预算公开"),
            (5, "2024年3月18日"),
        ]);
        assert_eq!(
            f.title_name.as_ref().map(|t| t.text.as_str()),
            Some("卫辉市人民政府办公室")
        );
        assert_eq!(f.year, Some(2024));
        let f = read(&[
            (3, "凤县人民政府办公室(本级)"),
            (4, "2024年单位预算公开说明"),
        ]);
        assert_eq!(
            f.title_name.as_ref().map(|t| t.text.as_str()),
            Some("凤县人民政府办公室(本级)")
        );
        let f = read(&[
            (1, "部门预算收支总表"),
            (
                1613,
                "第一部分涞源县人民政府办公室2024年部门预算信息公开情况说明",
            ),
        ]);
        assert_eq!(
            f.title_name
                .as_ref()
                .map(|t| (t.text.as_str(), t.source.line)),
            Some(("涞源县人民政府办公室", 1613))
        );
        let f = read(&[(1, "某某县财政局"), (3, "2025年度部门预算公开")]);
        assert_eq!(
            f.title_name.as_ref().map(|t| t.text.as_str()),
            Some("某某县财政局")
        );
        assert_eq!(f.year, Some(2025));
        let f = read(&[(1, "目录"), (2, "第二部分某局2024年部门预算情况说明")]);
        assert_eq!(f.title_name, None);
    }

    #[test]
    fn responsibilities_structure_and_sub_units() {
        let f = read(&[
            (52, "一、主要职责"),
            (
                54,
                "（一）组织起草或审核以市政府、市政府办公室名义印发的公文；编发《漯河市人民政府公报》。",
            ),
            (60, "（四）负责市政府会议的组织工作。"),
            (72, "（十）负责市政府值班工作，指导市政府系统值班工"),
            (74, "作。"),
            (88, "二、机构设置"),
            (
                90,
                "漯河市人民政府办公室部门预算包括办公室机关本级预算和所属事业单位预算。",
            ),
            (94, "所属事业单位预算包括："),
            (96, "1.漯河市人民政府办公室本级"),
            (97, "2.漯河市人民政府驻北京联络中心"),
            (103, "第二部分"),
            (105, "部门预算情况说明"),
        ]);
        let duties: Vec<(&str, u32)> = f
            .responsibilities
            .iter()
            .map(|t| (t.text.as_str(), t.source.line))
            .collect();
        assert_eq!(duties.len(), 3);
        assert_eq!(duties[1], ("（四）负责市政府会议的组织工作。", 60));
        assert_eq!(
            duties[2],
            ("（十）负责市政府值班工作，指导市政府系统值班工作。", 72)
        );
        assert_eq!(f.structure.len(), 4);
        let units: Vec<(&str, u32)> = f
            .sub_units
            .iter()
            .map(|u| (u.name.as_str(), u.source.line))
            .collect();
        assert_eq!(
            units,
            [
                ("漯河市人民政府办公室本级", 96),
                ("漯河市人民政府驻北京联络中心", 97)
            ]
        );
    }

    #[test]
    fn inline_labels_and_single_unit_sentences() {
        let f = read(&[
            (1616, "一、部门职责及机构设置情况"),
            (
                1617,
                "部门职责：提高信息公开工作业务水平；协助县领导组织会议决定事项的落实。",
            ),
            (1618, "县政府值班工作，及时报告重要情况。"),
            (1629, "机构设置："),
            (1630, "部门机构设置情况"),
            (1647, "二、部门预算安排的总体情况"),
        ]);
        let duties: Vec<&str> = f.responsibilities.iter().map(|t| t.text.as_str()).collect();
        assert_eq!(
            duties,
            [
                "提高信息公开工作业务水平；协助县领导组织会议决定事项的落实。",
                "县政府值班工作，及时报告重要情况。"
            ]
        );
        assert!(f.structure.is_empty());
        let f = read(&[
            (69, "二、中共新乡市凤泉区委员会办公室预算单位构成情况"),
            (71, "纳入本部门2024年度部门预算编制范围的单位共一个："),
            (72, "中共新乡市凤泉区委员会办公室本级，无二级预算单位。"),
        ]);
        let units: Vec<&str> = f.sub_units.iter().map(|u| u.name.as_str()).collect();
        assert_eq!(units, ["中共新乡市凤泉区委员会办公室本级"]);
        let f = read(&[
            (1, "二、机构设置"),
            (2, "本部门下属单位包括：1.某县档案馆 2.某县机要局"),
        ]);
        let units: Vec<&str> = f.sub_units.iter().map(|u| u.name.as_str()).collect();
        assert_eq!(units, ["某县档案馆", "某县机要局"]);
    }

    #[test]
    fn glossary_entries_until_the_next_part() {
        let f = read(&[
            (173, "第三部分"),
            (175, "名词解释"),
            (
                177,
                "一、财政拨款收入：是指市级财政当年拨付的资金；包括一般公共预算拨款、政府性基金预算拨款、国有资本经营",
            ),
            (179, "预算拨款。"),
            (
                183,
                "三、事业收入：是指事业单位开展专业活动及辅助活动所取得的收入，不包括教育收费。",
            ),
            (201, "附件："),
            (205, "一、2024年部门收支总体情况表：见下表"),
        ]);
        let got: Vec<(&str, &str, u32)> = f
            .glossary
            .iter()
            .map(|g| (g.term.as_str(), g.definition.as_str(), g.source.line))
            .collect();
        assert_eq!(
            got,
            [
                (
                    "财政拨款收入",
                    "是指市级财政当年拨付的资金；包括一般公共预算拨款、政府性基金预算拨款、国有资本经营预算拨款。",
                    177
                ),
                (
                    "事业收入",
                    "是指事业单位开展专业活动及辅助活动所取得的收入，不包括教育收费。",
                    183
                ),
            ]
        );
        let f = read(&[
            (208, "十、专业名词解释"),
            (210, "1.公用经费：包括办公及印刷费、邮电费。"),
            (212, "2.“三公”经费：是指用财政拨款安排的因公出国（境）费。"),
            (216, "2024年单位综合预算公开报表"),
            (245, "2.收支总表：单位为元"),
        ]);
        let terms: Vec<&str> = f.glossary.iter().map(|g| g.term.as_str()).collect();
        assert_eq!(terms, ["公用经费", "“三公”经费"]);
    }

    #[test]
    fn odd_input_does_not_panic() {
        let odd = [
            "",
            " ",
            "万元",
            "（类）万元",
            "(2010301)万元",
            "三公经费",
            "“三公”经费预算为",
            "较上年减少",
            "增加%",
            "收入总计.万元",
            "收入总计99999999999999999999999999999999999.9万元",
            "收入总计1,,,2万元，占%",
            "一、",
            "（一）",
            "第一部分",
            "所属单位包括：",
            "1.",
            "名词解释",
            "一、：",
            "😀🧾收入合计😀12万元😀",
            "共有车辆99999999999辆",
            "与2023年相比，收入增加（减少）万元，增长.%",
            "\u{0}\u{1}\t",
        ];
        let lines: Vec<(u32, &str)> = odd
            .iter()
            .enumerate()
            .map(|(i, s)| (i as u32 + 1, *s))
            .collect();
        let f = read(&lines);
        assert_eq!(f.narrative.vehicles, None);
        for s in odd {
            let _ = read(&[(1, s)]);
            let _ = read(&[(1, "二、机构设置"), (2, s), (3, s)]);
            let _ = read(&[(1, "名词解释"), (2, s)]);
            let _ = read(&[(1, "七、“三公”经费支出情况说明"), (2, s)]);
            let _ = class_code_for_name(s);
        }
        assert_eq!(read(&[]).title_name, None);
    }
}
