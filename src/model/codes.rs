//! Classification codes: 支出功能分类 (类/款/项) and 部门预算支出经济分类 (类/款).

use std::fmt;

use serde::{Deserialize, Serialize};

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

    /// The key of this code's figure among a function table's figures (`class:201`,
    /// `section:20101`, `item:2010101`).
    pub fn figure_key(&self) -> String {
        let level = match self.level() {
            CodeLevel::Class => "class",
            CodeLevel::Section => "section",
            CodeLevel::Item => "item",
        };
        format!("{level}:{}", self.0)
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

/// The 部门预算支出经济分类 类 and their standard names.
pub const ECONOMIC_CLASSES: [(&str, &str); 10] = [
    ("301", "工资福利支出"),
    ("302", "商品和服务支出"),
    ("303", "对个人和家庭的补助"),
    ("307", "债务利息及费用支出"),
    ("309", "资本性支出（基本建设）"),
    ("310", "资本性支出"),
    ("311", "对企业补助（基本建设）"),
    ("312", "对企业补助"),
    ("313", "对社会保障基金补助"),
    ("399", "其他支出"),
];

/// The standard name of an economic 类 (`301` → 工资福利支出).
pub fn economic_class_name(code: &str) -> Option<&'static str> {
    ECONOMIC_CLASSES
        .iter()
        .find(|(c, _)| *c == code)
        .map(|(_, n)| *n)
}

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

#[cfg(test)]
mod tests {
    use super::*;

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
