//! One department's budget: the classification trees, projects, narrative facts and totals, and
//! the findings about it.

use serde::{Deserialize, Serialize};

use super::{
    Count, EconomicCode, Figure, Finding, FunctionCode, Origin, Percent, Sanggong, Source,
    StatedSanggong, TableKind, TableRecord, Text,
};

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
    /// True when the document prints the code without a name and the name comes from the
    /// reference lists (`data/reference/`).
    #[serde(default)]
    pub name_from_reference: bool,
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
    /// True when the name comes from the reference lists, not from the document.
    #[serde(default)]
    pub name_from_reference: bool,
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

/// A statement the narrative makes about one item's amount, whatever the item:
/// `X（本年）A 万元，较上年 B 万元增加/减少 C 万元（P%）` and its variants (持平, 占…%).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Claim {
    /// The item as the sentence names it, lead words (`本单位当年`, `(1)`) dropped.
    pub item: String,
    /// The code printed with it (`行政运行（2010301）`).
    pub code: Option<String>,
    /// This year's amount (A).
    pub amount: Figure,
    /// Last year's amount (B), when stated.
    pub prior: Option<Figure>,
    /// The stated change (C), signed: a decrease is negative.
    pub change: Option<Figure>,
    /// The stated percentage change (P), signed.
    pub percent: Option<Percent>,
    /// `占…%`: the share stated right after the amount.
    pub share: Option<Percent>,
    /// 持平 / 无变动.
    pub unchanged: bool,
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
    /// Every statement of an item's amount (with its change or share), model item or not.
    #[serde(default)]
    pub claims: Vec<Claim>,
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
    /// The files the document's lines come from, and their PDF pages.
    #[serde(default)]
    pub origin: Origin,
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
            origin: Origin::default(),
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
