//! The standard tables of a disclosure and a table as the parser recognised it.

use serde::{Deserialize, Serialize};

use super::{Figure, Source, Text, Unit};

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
    /// 一般公共预算基本支出表 by function class (陕西's 表7: 合计, 人员经费, 公用经费 per 类/款/项)
    BasicFunction,
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
    pub const ALL: [TableKind; 16] = [
        TableKind::Summary,
        TableKind::Income,
        TableKind::Expenditure,
        TableKind::FiscalSummary,
        TableKind::GeneralExpenditure,
        TableKind::BasicEconomic,
        TableKind::BasicFunction,
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

    /// The eight tables of 财预〔2016〕143号: the basic elements of a disclosure.
    pub const BASIC: [TableKind; 8] = [
        TableKind::Summary,
        TableKind::Income,
        TableKind::Expenditure,
        TableKind::FiscalSummary,
        TableKind::GeneralExpenditure,
        TableKind::BasicEconomic,
        TableKind::Sanggong,
        TableKind::GovernmentFund,
    ];

    /// The tables a disclosure must have: the [`TableKind::BASIC`] eight, then 项目支出 and
    /// 绩效目标.
    pub const REQUIRED: [TableKind; 10] = {
        let mut all = [TableKind::Projects; 10];
        let mut i = 0;
        while i < TableKind::BASIC.len() {
            all[i] = TableKind::BASIC[i];
            i += 1;
        }
        all[9] = TableKind::ProjectPerformance;
        all
    };

    pub fn name_zh(self) -> &'static str {
        match self {
            TableKind::Summary => "收支总表",
            TableKind::Income => "收入总表",
            TableKind::Expenditure => "支出总表",
            TableKind::FiscalSummary => "财政拨款收支总表",
            TableKind::GeneralExpenditure => "一般公共预算支出表",
            TableKind::BasicEconomic => "一般公共预算基本支出表",
            TableKind::BasicFunction => "一般公共预算基本支出表（按功能分类）",
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
            TableKind::BasicFunction => "basic expenditure by function class",
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
            TableKind::BasicFunction => "basic-function",
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
