//! The typed budget model every later stage reads. It sits at the ground of the crate: it depends on
//! nothing else of ours.
//!
//! Amounts are exact (`rust_decimal`), always in 万元, and keep the scale they were printed with, so
//! the audit knows how precise a figure was ("1,458.9" is good to 0.05 万元). A figure that a document
//! does not disclose is `None`, never zero. Every figure carries the line it was read from.

use std::fmt;
use std::str::FromStr;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// Where a figure or a piece of text was read: file name (as it sits in `content/budgets/`) and the
/// 1-based line number in that file.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Source {
    pub file: String,
    pub line: u32,
}

impl Source {
    pub fn new(file: impl Into<String>, line: u32) -> Self {
        Source {
            file: file.into(),
            line,
        }
    }
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.file, self.line)
    }
}

/// The unit a table or sentence states its amounts in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Unit {
    /// 元
    Yuan,
    /// 万元
    TenThousandYuan,
}

impl Unit {
    pub fn label(self) -> &'static str {
        match self {
            Unit::Yuan => "元",
            Unit::TenThousandYuan => "万元",
        }
    }
}

/// An exact amount of money in 万元. The decimal keeps the scale it was printed with (converted
/// from 元 by shifting the scale by four), so `half_unit` tells how far rounding may have moved it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Amount(Decimal);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("not an amount: {0:?}")]
pub struct AmountError(pub String);

impl Amount {
    pub const ZERO: Amount = Amount(Decimal::ZERO);

    /// An amount already in 万元.
    pub fn from_wan(value: Decimal) -> Self {
        Amount(value)
    }

    /// An amount given in `unit`, converted exactly to 万元.
    pub fn from_unit(value: Decimal, unit: Unit) -> Self {
        match unit {
            Unit::TenThousandYuan => Amount(value),
            Unit::Yuan => {
                let mut v = value;
                // Dividing by 10,000 is a shift of the decimal point: exact, and the printed
                // precision moves with it.
                let scale = v.scale() + 4;
                if scale <= 28 {
                    v.set_scale(scale).expect("scale checked above");
                    Amount(v)
                } else {
                    Amount(value / Decimal::from(10_000))
                }
            }
        }
    }

    /// Parses a printed amount: strips thousands separators (`,` `，`) and every kind of space, reads
    /// full-width digits, and accepts a leading minus. `-`, `—` and empty text are not amounts.
    pub fn parse(text: &str, unit: Unit) -> Result<Self, AmountError> {
        parse_decimal(text)
            .map(|d| Amount::from_unit(d, unit))
            .ok_or_else(|| AmountError(text.to_string()))
    }

    pub fn value(self) -> Decimal {
        self.0
    }

    pub fn is_zero(self) -> bool {
        self.0.is_zero()
    }

    /// Half a unit of the last printed digit, in 万元: the most that rounding can have moved it.
    pub fn half_unit(self) -> Decimal {
        Decimal::new(5, self.0.scale() + 1)
    }

    /// Rounded for display the Chinese way (四舍五入) to `dp` places.
    pub fn rounded(self, dp: u32) -> Decimal {
        self.0
            .round_dp_with_strategy(dp, rust_decimal::RoundingStrategy::MidpointAwayFromZero)
    }

    pub fn abs(self) -> Amount {
        Amount(self.0.abs())
    }
}

impl std::ops::Add for Amount {
    type Output = Amount;
    fn add(self, rhs: Amount) -> Amount {
        Amount(self.0 + rhs.0)
    }
}

impl std::ops::Sub for Amount {
    type Output = Amount;
    fn sub(self, rhs: Amount) -> Amount {
        Amount(self.0 - rhs.0)
    }
}

impl std::ops::Neg for Amount {
    type Output = Amount;
    fn neg(self) -> Amount {
        Amount(-self.0)
    }
}

impl std::iter::Sum for Amount {
    fn sum<I: Iterator<Item = Amount>>(iter: I) -> Amount {
        iter.fold(Amount::ZERO, |a, b| a + b)
    }
}

impl fmt::Display for Amount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl FromStr for Amount {
    type Err = AmountError;
    /// Parses an amount in 万元 (the model's unit).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Amount::parse(s, Unit::TenThousandYuan)
    }
}

/// Reads a printed decimal number, tolerating separators and full-width forms. `None` when the text
/// is not a plain number.
pub fn parse_decimal(text: &str) -> Option<Decimal> {
    let mut cleaned = String::with_capacity(text.len());
    for ch in text.chars() {
        match ch {
            ',' | '，' | ' ' | '\u{a0}' | '\u{3000}' | '\u{2009}' | '\u{202f}' | '\t' => {}
            '０'..='９' => cleaned.push(char::from(b'0' + (ch as u32 - '０' as u32) as u8)),
            '．' => cleaned.push('.'),
            '－' | '−' => cleaned.push('-'),
            _ => cleaned.push(ch),
        }
    }
    let body = cleaned.strip_prefix('-').unwrap_or(&cleaned);
    if body.is_empty()
        || !body.chars().all(|c| c.is_ascii_digit() || c == '.')
        || !body.starts_with(|c: char| c.is_ascii_digit())
        || body.ends_with('.')
        || body.matches('.').count() > 1
    {
        return None;
    }
    Decimal::from_str_exact(&cleaned).ok()
}

/// An amount together with where it was read and how it was printed there.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Figure {
    pub amount: Amount,
    pub source: Source,
    /// The text as printed, e.g. `6106713.00` (in 元) or `4,212.99`.
    pub printed: String,
    /// The unit it was printed in.
    pub unit: Unit,
}

impl Figure {
    /// The exact amount in 万元 as text: with the digits printed for a figure given in 万元
    /// (`1458.9`, `60.00`), and without the zeros the conversion adds for one given in 元
    /// (6106713.00 元 → `610.6713`, not `610.671300`), never fewer than two decimals.
    pub fn exact(&self) -> String {
        match self.unit {
            Unit::TenThousandYuan => self.amount.to_string(),
            Unit::Yuan => crate::format::amount_plain(self.amount.value()),
        }
    }
}

/// A percentage as printed (`52.42%` → 52.42), with its source.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Percent {
    pub value: Decimal,
    pub source: Source,
}

/// A count of things (vehicles, staff, projects), with its source.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Count {
    pub value: u32,
    pub source: Source,
}

/// A piece of narrative text with its first line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Text {
    pub text: String,
    pub source: Source,
}

/// Level of a code in the classification tree.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CodeLevel {
    /// 类 (3 digits for function codes)
    Class,
    /// 款 (5 digits)
    Section,
    /// 项 (7 digits)
    Item,
}

impl CodeLevel {
    pub fn label(self) -> &'static str {
        match self {
            CodeLevel::Class => "类",
            CodeLevel::Section => "款",
            CodeLevel::Item => "项",
        }
    }
}

/// A 支出功能分类 code: 类 `201`, 款 `20103` or 项 `2010301`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct FunctionCode(String);

impl FunctionCode {
    pub fn new(code: &str) -> Option<Self> {
        let ok = matches!(code.len(), 3 | 5 | 7)
            && code.bytes().all(|b| b.is_ascii_digit())
            && code.starts_with('2');
        ok.then(|| FunctionCode(code.to_string()))
    }

    /// Joins separate 类/款/项 cells (`201`, `03`, `01`).
    pub fn from_parts(class: &str, section: Option<&str>, item: Option<&str>) -> Option<Self> {
        let mut code = class.to_string();
        if let Some(s) = section {
            code.push_str(s);
            if let Some(i) = item {
                code.push_str(i);
            }
        }
        FunctionCode::new(&code)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn level(&self) -> CodeLevel {
        match self.0.len() {
            3 => CodeLevel::Class,
            5 => CodeLevel::Section,
            _ => CodeLevel::Item,
        }
    }

    pub fn parent(&self) -> Option<FunctionCode> {
        match self.0.len() {
            5 => Some(FunctionCode(self.0[..3].to_string())),
            7 => Some(FunctionCode(self.0[..5].to_string())),
            _ => None,
        }
    }

    pub fn class(&self) -> FunctionCode {
        FunctionCode(self.0[..3].to_string())
    }
}

impl fmt::Display for FunctionCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for FunctionCode {
    type Error = String;
    fn try_from(s: String) -> Result<Self, String> {
        FunctionCode::new(&s).ok_or_else(|| format!("not a function code: {s}"))
    }
}

impl From<FunctionCode> for String {
    fn from(c: FunctionCode) -> String {
        c.0
    }
}

/// A 部门预算支出经济分类 code: 类 `301` or 款 `30101`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct EconomicCode(String);

impl EconomicCode {
    pub fn new(code: &str) -> Option<Self> {
        let ok = matches!(code.len(), 3 | 5)
            && code.bytes().all(|b| b.is_ascii_digit())
            && code.starts_with('3');
        ok.then(|| EconomicCode(code.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn level(&self) -> CodeLevel {
        if self.0.len() == 3 {
            CodeLevel::Class
        } else {
            CodeLevel::Section
        }
    }

    pub fn class(&self) -> EconomicCode {
        EconomicCode(self.0[..3].to_string())
    }
}

impl fmt::Display for EconomicCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for EconomicCode {
    type Error = String;
    fn try_from(s: String) -> Result<Self, String> {
        EconomicCode::new(&s).ok_or_else(|| format!("not an economic code: {s}"))
    }
}

impl From<EconomicCode> for String {
    fn from(c: EconomicCode) -> String {
        c.0
    }
}

/// The standard tables of a disclosure (财预〔2016〕143号 plus projects and performance targets).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TableKind {
    /// 收支总表
    Summary,
    /// 收入总表
    Income,
    /// 支出总表 (function codes with 基本/项目 columns)
    Expenditure,
    /// 财政拨款收支总表
    FiscalSummary,
    /// 一般公共预算支出表
    GeneralExpenditure,
    /// 一般公共预算基本支出表 (economic codes)
    BasicEconomic,
    /// 支出经济分类汇总表 / 一般公共预算支出 by economic class
    EconomicSummary,
    /// “三公”经费表
    Sanggong,
    /// 政府性基金预算支出表
    GovernmentFund,
    /// 国有资本经营预算支出表
    StateCapital,
    /// 项目支出表
    Projects,
    /// 项目绩效目标表
    ProjectPerformance,
    /// 整体绩效目标表
    OverallPerformance,
    /// 政府采购预算表
    Procurement,
    /// 国有资产 / 固定资产占用表
    Assets,
}

impl TableKind {
    pub const ALL: [TableKind; 15] = [
        TableKind::Summary,
        TableKind::Income,
        TableKind::Expenditure,
        TableKind::FiscalSummary,
        TableKind::GeneralExpenditure,
        TableKind::BasicEconomic,
        TableKind::EconomicSummary,
        TableKind::Sanggong,
        TableKind::GovernmentFund,
        TableKind::StateCapital,
        TableKind::Projects,
        TableKind::ProjectPerformance,
        TableKind::OverallPerformance,
        TableKind::Procurement,
        TableKind::Assets,
    ];

    pub fn name_zh(self) -> &'static str {
        match self {
            TableKind::Summary => "收支总表",
            TableKind::Income => "收入总表",
            TableKind::Expenditure => "支出总表",
            TableKind::FiscalSummary => "财政拨款收支总表",
            TableKind::GeneralExpenditure => "一般公共预算支出表",
            TableKind::BasicEconomic => "一般公共预算基本支出表",
            TableKind::EconomicSummary => "支出经济分类汇总表",
            TableKind::Sanggong => "“三公”经费支出表",
            TableKind::GovernmentFund => "政府性基金预算支出表",
            TableKind::StateCapital => "国有资本经营预算支出表",
            TableKind::Projects => "项目支出表",
            TableKind::ProjectPerformance => "项目绩效目标表",
            TableKind::OverallPerformance => "整体绩效目标表",
            TableKind::Procurement => "政府采购预算表",
            TableKind::Assets => "国有资产占用情况表",
        }
    }

    pub fn name_en(self) -> &'static str {
        match self {
            TableKind::Summary => "income and expenditure summary",
            TableKind::Income => "income table",
            TableKind::Expenditure => "expenditure table",
            TableKind::FiscalSummary => "fiscal appropriation summary",
            TableKind::GeneralExpenditure => "general public budget expenditure",
            TableKind::BasicEconomic => "basic expenditure by economic class",
            TableKind::EconomicSummary => "expenditure by economic class",
            TableKind::Sanggong => "“three public” expenses",
            TableKind::GovernmentFund => "government fund budget expenditure",
            TableKind::StateCapital => "state capital budget expenditure",
            TableKind::Projects => "project expenditure",
            TableKind::ProjectPerformance => "project performance targets",
            TableKind::OverallPerformance => "overall performance targets",
            TableKind::Procurement => "government procurement",
            TableKind::Assets => "state assets",
        }
    }

    /// Stable identifier used in URLs and anchors.
    pub fn id(self) -> &'static str {
        match self {
            TableKind::Summary => "summary",
            TableKind::Income => "income",
            TableKind::Expenditure => "expenditure",
            TableKind::FiscalSummary => "fiscal-summary",
            TableKind::GeneralExpenditure => "general-expenditure",
            TableKind::BasicEconomic => "basic-economic",
            TableKind::EconomicSummary => "economic-summary",
            TableKind::Sanggong => "sanggong",
            TableKind::GovernmentFund => "government-fund",
            TableKind::StateCapital => "state-capital",
            TableKind::Projects => "projects",
            TableKind::ProjectPerformance => "project-performance",
            TableKind::OverallPerformance => "overall-performance",
            TableKind::Procurement => "procurement",
            TableKind::Assets => "assets",
        }
    }
}

/// One cell of a recognised table, as normalised text with its line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TableCell {
    pub text: String,
    pub line: u32,
}

/// A table the parser recognised, kept as a grid so pages can show it as published.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TableRecord {
    pub kind: TableKind,
    /// The title as printed.
    pub title: String,
    pub source: Source,
    /// The unit its amounts are printed in, when the document says.
    pub unit: Option<Unit>,
    /// Rows, header rows first. Cells are normalised text.
    pub rows: Vec<Vec<TableCell>>,
    /// How many of `rows` are header rows.
    pub header_rows: usize,
    /// True when the table has no figures (an empty table, often published with a note).
    pub empty: bool,
    /// The note that explains an empty table (`此表无数据…`), if any.
    pub note: Option<Text>,
    /// Key figures read from this table, so the same figure can be compared across tables:
    /// `total`, `basic`, `project`, `income_total`, `expenditure_total`, `carried_over`,
    /// `personnel`, `public_funds`, `class:201`, `item:2010301` ….
    pub figures: Vec<KeyedFigure>,
}

/// A figure of a table under a key that means the same in every table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeyedFigure {
    pub key: String,
    pub figure: Figure,
}

impl TableRecord {
    pub fn figure(&self, key: &str) -> Option<&Figure> {
        self.figures
            .iter()
            .find(|f| f.key == key)
            .map(|f| &f.figure)
    }
}

/// One line of a function-classification table (支出总表 / 一般公共预算支出表 / 收入总表).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FunctionLine {
    pub code: FunctionCode,
    pub name: String,
    pub total: Option<Figure>,
    pub basic: Option<Figure>,
    pub project: Option<Figure>,
    /// Which table it was read from.
    pub table: TableKind,
}

/// A node of the 类 → 款 → 项 tree. Amounts of 类 and 款 are the stated ones where the document
/// prints that row, otherwise the sum of their children (`derived` is then true).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FunctionNode {
    pub code: FunctionCode,
    pub name: Option<String>,
    pub amount: Option<Figure>,
    pub basic: Option<Figure>,
    pub project: Option<Figure>,
    /// True when the amounts are sums of the children rather than printed figures.
    pub derived: bool,
    pub children: Vec<FunctionNode>,
}

/// One line of the basic-expenditure table by economic class.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EconomicLine {
    /// 部门预算支出经济分类 code, when printed on the row (continuation rows leave it blank and
    /// belong to the code above).
    pub code: Option<EconomicCode>,
    pub name: Option<String>,
    /// 政府预算支出经济分类 code (50101 …), when printed.
    pub gov_code: Option<String>,
    pub gov_name: Option<String>,
    pub total: Option<Figure>,
    pub personnel: Option<Figure>,
    pub public_funds: Option<Figure>,
}

/// The economic tree: 类 (301 …) with their 款, amounts summed over all lines of the same code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EconomicNode {
    pub code: EconomicCode,
    pub name: Option<String>,
    pub amount: Option<Figure>,
    /// True when the amount is a sum of lines rather than one printed figure.
    pub derived: bool,
    pub children: Vec<EconomicNode>,
}

/// A node of a classification tree: a function 类/款/项 or an economic class.
pub trait TreeNode: Sized {
    fn children(&self) -> &[Self];
}

impl TreeNode for FunctionNode {
    fn children(&self) -> &[FunctionNode] {
        &self.children
    }
}

impl TreeNode for EconomicNode {
    fn children(&self) -> &[EconomicNode] {
        &self.children
    }
}

/// Every node of a tree with its depth (0 for the roots), each before its children: the order
/// the tables print them in.
pub fn preorder<N: TreeNode>(roots: &[N]) -> Vec<(usize, &N)> {
    fn walk<'a, N: TreeNode>(nodes: &'a [N], depth: usize, out: &mut Vec<(usize, &'a N)>) {
        for n in nodes {
            out.push((depth, n));
            walk(n.children(), depth + 1, out);
        }
    }
    let mut out = Vec::new();
    walk(roots, 0, &mut out);
    out
}

/// The “三公” expenses. Each item is `None` when the document does not say.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sanggong {
    pub total: Option<Figure>,
    /// 因公出国（境）费
    pub outbound: Option<Figure>,
    /// 公务用车购置及运行费
    pub vehicles: Option<Figure>,
    /// 公务用车购置费
    pub vehicle_purchase: Option<Figure>,
    /// 公务用车运行（维护）费
    pub vehicle_operation: Option<Figure>,
    /// 公务接待费
    pub reception: Option<Figure>,
}

/// One performance indicator (绩效指标).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Indicator {
    /// 一级指标 (产出指标, 效益指标 …)
    pub level1: Option<String>,
    /// 二级指标 (数量指标 …)
    pub level2: Option<String>,
    /// 三级指标 / 指标内容
    pub name: String,
    /// 指标值 as printed (`≥95%`)
    pub value: String,
    pub source: Source,
}

/// A project (项目支出).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Project {
    pub name: String,
    /// The unit that runs it (项目单位), when stated.
    pub unit: Option<String>,
    /// 其他运转类 / 特定目标类 …, when stated.
    pub category: Option<String>,
    /// The project code, when printed.
    pub code: Option<String>,
    pub amount: Option<Figure>,
    pub indicators: Vec<Indicator>,
    /// Where the project was first read.
    pub source: Source,
}

/// A subordinate budget unit (所属单位) of a department.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SubUnit {
    pub code: Option<String>,
    pub name: String,
    pub amount: Option<Figure>,
    pub source: Source,
}

/// A change against the previous year as the narrative states it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Change {
    /// Signed: an increase is positive, a decrease negative.
    pub amount: Option<Figure>,
    /// Signed percentage, when stated.
    pub percent: Option<Percent>,
    /// True when the text says it is unchanged (持平 / 无变动).
    pub unchanged: bool,
    pub source: Source,
}

/// A 类 amount (and share) as the narrative states it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatedFunction {
    pub name: String,
    pub code: Option<FunctionCode>,
    pub amount: Figure,
    pub share: Option<Percent>,
    pub change: Option<Change>,
}

/// A 部门/政府经济分类 class amount as the narrative states it (`工资福利支出(301) 401.49 万元`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatedEconomic {
    pub name: String,
    pub code: String,
    pub amount: Figure,
    pub change: Option<Change>,
}

/// A 三公 item as the narrative states it, with its change against the previous year.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatedSanggong {
    pub amounts: Sanggong,
    /// Stated change of the total.
    pub total_change: Option<Change>,
    /// Stated previous-year total (`较上年预算35.38万元`).
    pub total_prior: Option<Figure>,
    pub outbound_change: Option<Change>,
    pub reception_change: Option<Change>,
    pub vehicle_purchase_change: Option<Change>,
    pub vehicle_operation_change: Option<Change>,
}

/// 政府采购 as stated.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Procurement {
    pub total: Option<Figure>,
    pub goods: Option<Figure>,
    pub works: Option<Figure>,
    pub services: Option<Figure>,
    /// True when the text says there is none.
    pub none: bool,
}

/// Staff numbers where stated.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Staff {
    /// 编制
    pub authorized: Option<Count>,
    /// 实有人员
    pub actual: Option<Count>,
    /// 离退休人员
    pub retired: Option<Count>,
}

/// A glossary entry (名词解释).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GlossaryEntry {
    pub term: String,
    pub definition: String,
    pub source: Source,
}

/// Figures and facts stated in the narrative part, kept apart from the tables so the audit can
/// compare the two.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Narrative {
    pub income_total: Option<Figure>,
    pub expenditure_total: Option<Figure>,
    pub basic: Option<Figure>,
    pub basic_share: Option<Percent>,
    pub project: Option<Figure>,
    pub project_share: Option<Percent>,
    pub personnel: Option<Figure>,
    pub personnel_share: Option<Percent>,
    pub public_funds: Option<Figure>,
    pub public_funds_share: Option<Percent>,
    /// Change of the total against the previous year.
    pub change: Option<Change>,
    /// 类 amounts stated in the text (`一般公共服务（类）支出 595.48 万元，占 64.52%`).
    pub functions: Vec<StatedFunction>,
    /// 项 amounts stated with their codes (`行政运行（2010301）239.14 万元`).
    pub function_items: Vec<StatedFunction>,
    /// Economic classes stated with their codes.
    pub economic: Vec<StatedEconomic>,
    pub sanggong: StatedSanggong,
    /// 机关运行经费 / 机构运转经费 / 公用经费.
    pub operating_costs: Option<Figure>,
    pub procurement: Procurement,
    pub vehicles: Option<Count>,
    pub staff: Staff,
    /// Number of projects stated (`共31个项目`).
    pub project_count: Option<Count>,
}

/// Totals of the budget, each read from the most authoritative place that states it (tables
/// before narrative); their sources say which.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Totals {
    /// 收入总计
    pub income: Option<Figure>,
    /// 支出总计
    pub expenditure: Option<Figure>,
    /// 基本支出
    pub basic: Option<Figure>,
    /// 项目支出
    pub project: Option<Figure>,
    /// 人员经费
    pub personnel: Option<Figure>,
    /// 公用经费
    pub public_funds: Option<Figure>,
    /// 上年结转 (carried over from last year), when stated.
    pub carried_over: Option<Figure>,
    /// Previous year's total: stated, or this year's total less the stated change (then its
    /// source is the sentence that states the change).
    pub prior_year: Option<Figure>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn label(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// One figure that a finding compares.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Compared {
    /// What the figure is, in Chinese (`支出总表 合计`).
    pub label: String,
    pub amount: Option<Amount>,
    pub source: Option<Source>,
}

/// Something a reader should know about a document: a figure that does not add up, a table that is
/// missing, a number that could not be read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    pub severity: Severity,
    /// Stable rule identifier (`function-tree-sum`, `unreadable-figure` …).
    pub rule: String,
    pub message_zh: String,
    pub message_en: String,
    pub figures: Vec<Compared>,
    pub sources: Vec<Source>,
}

/// One department's budget disclosure for one year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Budget {
    /// File stem, e.g. `weihui-2024`.
    pub slug: String,
    /// File name the figures' sources refer to.
    pub file: String,
    pub name: Option<Text>,
    pub year: Option<u16>,
    pub totals: Totals,
    /// The function tree (类 → 款 → 项) of all expenditure.
    pub by_function: Vec<FunctionNode>,
    /// The function lines as printed in the expenditure table that the tree was built from.
    pub function_lines: Vec<FunctionLine>,
    /// The basic-expenditure tree by economic class.
    pub by_economic: Vec<EconomicNode>,
    pub economic_lines: Vec<EconomicLine>,
    pub sanggong: Sanggong,
    pub projects: Vec<Project>,
    /// Indicators of the department as a whole (整体绩效目标).
    pub overall_indicators: Vec<Indicator>,
    pub sub_units: Vec<SubUnit>,
    pub responsibilities: Vec<Text>,
    /// 机构设置 / 单位构成 as stated.
    pub structure: Vec<Text>,
    pub glossary: Vec<GlossaryEntry>,
    pub narrative: Narrative,
    pub tables: Vec<TableRecord>,
    /// What the parser noticed (unreadable figures, illegible text, missing tables).
    pub findings: Vec<Finding>,
}

impl Budget {
    /// A budget that states nothing yet.
    pub fn empty(slug: &str, file: &str) -> Budget {
        Budget {
            slug: slug.to_string(),
            file: file.to_string(),
            name: None,
            year: None,
            totals: Totals::default(),
            by_function: Vec::new(),
            function_lines: Vec::new(),
            by_economic: Vec::new(),
            economic_lines: Vec::new(),
            sanggong: Sanggong::default(),
            projects: Vec::new(),
            overall_indicators: Vec::new(),
            sub_units: Vec::new(),
            responsibilities: Vec::new(),
            structure: Vec::new(),
            glossary: Vec::new(),
            narrative: Narrative::default(),
            tables: Vec::new(),
            findings: Vec::new(),
        }
    }

    pub fn table(&self, kind: TableKind) -> Option<&TableRecord> {
        self.tables.iter().find(|t| t.kind == kind)
    }

    /// Every 项 (leaf) of the function tree, in order.
    pub fn function_items(&self) -> Vec<&FunctionNode> {
        preorder(&self.by_function)
            .into_iter()
            .map(|(_, n)| n)
            .filter(|n| n.children.is_empty())
            .collect()
    }

    /// The node of a code anywhere in the function tree.
    pub fn function(&self, code: &str) -> Option<&FunctionNode> {
        fn find<'a>(nodes: &'a [FunctionNode], code: &str) -> Option<&'a FunctionNode> {
            for n in nodes {
                if n.code.as_str() == code {
                    return Some(n);
                }
                if code.starts_with(n.code.as_str())
                    && let Some(found) = find(&n.children, code)
                {
                    return Some(found);
                }
            }
            None
        }
        find(&self.by_function, code)
    }

    pub fn economic(&self, code: &str) -> Option<&EconomicNode> {
        self.by_economic.iter().find_map(|n| {
            if n.code.as_str() == code {
                Some(n)
            } else {
                n.children.iter().find(|c| c.code.as_str() == code)
            }
        })
    }

    pub fn display_name(&self) -> &str {
        self.name
            .as_ref()
            .map(|t| t.text.as_str())
            .unwrap_or(&self.slug)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yuan_converts_exactly_to_wan_and_keeps_precision() {
        let a = Amount::parse("6106713.00", Unit::Yuan).unwrap();
        assert_eq!(a.to_string(), "610.671300");
        assert_eq!(a, "610.6713".parse().unwrap());
        assert_eq!(a.half_unit(), Decimal::new(5, 7));
    }

    #[test]
    fn exact_text_drops_only_the_zeros_a_conversion_added() {
        let f = |printed: &str, unit: Unit| Figure {
            amount: Amount::parse(printed, unit).unwrap(),
            source: Source::new("t.txt", 1),
            printed: printed.to_string(),
            unit,
        };
        assert_eq!(f("6106713.00", Unit::Yuan).exact(), "610.6713");
        assert_eq!(f("0.00", Unit::Yuan).exact(), "0.00");
        assert_eq!(f("1998194", Unit::Yuan).exact(), "199.8194");
        assert_eq!(f("1,458.9", Unit::TenThousandYuan).exact(), "1458.9");
        assert_eq!(f("60.00", Unit::TenThousandYuan).exact(), "60.00");
    }

    #[test]
    fn amounts_tolerate_separators_and_full_width() {
        assert_eq!(
            Amount::parse("4,212.99", Unit::TenThousandYuan)
                .unwrap()
                .to_string(),
            "4212.99"
        );
        assert_eq!(
            Amount::parse("１，２３４．５", Unit::TenThousandYuan)
                .unwrap()
                .to_string(),
            "1234.5"
        );
        assert_eq!(
            Amount::parse(" 1 458.9\u{3000}", Unit::TenThousandYuan)
                .unwrap()
                .to_string(),
            "1458.9"
        );
        assert!(Amount::parse("", Unit::TenThousandYuan).is_err());
        assert!(Amount::parse("-", Unit::TenThousandYuan).is_err());
        assert!(Amount::parse("12.3.4", Unit::TenThousandYuan).is_err());
        assert!(Amount::parse("302", Unit::TenThousandYuan).is_ok());
        assert!(Amount::parse("≥95%", Unit::TenThousandYuan).is_err());
    }

    #[test]
    fn half_unit_follows_printed_digits() {
        assert_eq!(
            Amount::parse("1,458.9", Unit::TenThousandYuan)
                .unwrap()
                .half_unit(),
            Decimal::new(5, 2)
        );
        assert_eq!(
            Amount::parse("47", Unit::TenThousandYuan)
                .unwrap()
                .half_unit(),
            Decimal::new(5, 1)
        );
    }

    #[test]
    fn chinese_rounding_is_half_away_from_zero() {
        let a: Amount = "0.125".parse().unwrap();
        assert_eq!(a.rounded(2).to_string(), "0.13");
    }

    #[test]
    fn function_codes_know_their_level_and_parent() {
        let c = FunctionCode::from_parts("201", Some("03"), Some("01")).unwrap();
        assert_eq!(c.as_str(), "2010301");
        assert_eq!(c.level(), CodeLevel::Item);
        assert_eq!(c.parent().unwrap().as_str(), "20103");
        assert_eq!(c.class().as_str(), "201");
        assert!(FunctionCode::new("30101").is_none());
        assert!(FunctionCode::new("2010").is_none());
        assert!(EconomicCode::new("30101").is_some());
        assert!(EconomicCode::new("50101").is_none());
    }
}
