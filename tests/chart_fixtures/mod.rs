//! Budgets of the five seed documents built by hand, with figures read off the documents, for the
//! chart tests and benchmark (independent of the parser).

use std::str::FromStr;

use gongkai::model::{
    Amount, Budget, EconomicCode, EconomicNode, Figure, FunctionCode, FunctionNode, Project,
    Sanggong, Source, Text, Unit,
};
use rust_decimal::Decimal;

/// A small builder over `Budget`; every figure is given as printed, in 万元 unless said otherwise.
pub struct BudgetBuilder {
    budget: Budget,
    unit: Unit,
}

pub fn figure_in(file: &str, printed: &str, unit: Unit) -> Figure {
    let amount =
        Amount::parse(printed, unit).unwrap_or_else(|_| panic!("fixture amount {printed}"));
    Figure {
        amount,
        source: Source::new(file, 1),
        printed: printed.to_string(),
        unit,
        correction: None,
        derivation: None,
    }
}

impl BudgetBuilder {
    pub fn new(slug: &str, name: &str) -> Self {
        let file = format!("{slug}.txt");
        BudgetBuilder {
            budget: Budget {
                name: Some(Text {
                    text: name.to_string(),
                    source: Source::new(&file, 1),
                }),
                year: Some(2024),
                ..Budget::empty(slug, &file)
            },
            unit: Unit::TenThousandYuan,
        }
    }

    /// Figures given from now on are printed in 元.
    pub fn in_yuan(mut self) -> Self {
        self.unit = Unit::Yuan;
        self
    }

    fn fig(&self, printed: &str) -> Option<Figure> {
        Some(figure_in(&self.budget.file, printed, self.unit))
    }

    pub fn total(mut self, printed: &str) -> Self {
        self.budget.totals.expenditure = self.fig(printed);
        self
    }

    pub fn basic_project(mut self, basic: &str, project: &str) -> Self {
        self.budget.totals.basic = self.fig(basic);
        self.budget.totals.project = self.fig(project);
        self
    }

    pub fn personnel_public(mut self, personnel: &str, public_funds: &str) -> Self {
        self.budget.totals.personnel = self.fig(personnel);
        self.budget.totals.public_funds = self.fig(public_funds);
        self
    }

    /// A 类 of the function tree; `None` for a class the document names without an amount.
    pub fn class(mut self, code: &str, name: Option<&str>, amount: Option<&str>) -> Self {
        let amount = amount.and_then(|a| self.fig(a));
        self.budget.by_function.push(FunctionNode {
            code: FunctionCode::new(code).expect("fixture function code"),
            name: name.map(str::to_string),
            amount,
            basic: None,
            project: None,
            derived: true,
            children: Vec::new(),
            name_from_reference: false,
        });
        self
    }

    /// An economic 类 with its 款 `(code, name, amount)`.
    pub fn economic(mut self, code: &str, sections: &[(&str, &str, &str)]) -> Self {
        let children: Vec<EconomicNode> = sections
            .iter()
            .map(|(code, name, amount)| EconomicNode {
                code: EconomicCode::new(code).expect("fixture economic code"),
                name: Some(name.to_string()),
                amount: self.fig(amount),
                derived: false,
                children: Vec::new(),
                name_from_reference: false,
            })
            .collect();
        let sum: Amount = children
            .iter()
            .filter_map(|c| c.amount.as_ref().map(|f| f.amount))
            .sum();
        self.budget.by_economic.push(EconomicNode {
            code: EconomicCode::new(code).expect("fixture economic code"),
            name: None,
            amount: Some(Figure {
                amount: sum,
                source: Source::new(&self.budget.file, 1),
                printed: sum.to_string(),
                unit: Unit::TenThousandYuan,
                correction: None,
                derivation: None,
            }),
            derived: true,
            children,
            name_from_reference: false,
        });
        self
    }

    /// 三公: total, outbound, vehicles (subtotal), purchase, operation, reception; `None` = not printed.
    pub fn sanggong(mut self, items: [Option<&str>; 6]) -> Self {
        let [total, outbound, vehicles, purchase, operation, reception] =
            items.map(|i| i.and_then(|a| self.fig(a)));
        self.budget.sanggong = Sanggong {
            total,
            outbound,
            vehicles,
            vehicle_purchase: purchase,
            vehicle_operation: operation,
            reception,
        };
        self
    }

    pub fn project(mut self, name: &str, amount: Option<&str>) -> Self {
        let amount = amount.and_then(|a| self.fig(a));
        self.budget.projects.push(Project {
            name: name.to_string(),
            unit: None,
            category: None,
            code: None,
            amount,
            indicators: Vec::new(),
            source: Source::new(&self.budget.file, 1),
        });
        self
    }

    pub fn build(self) -> Budget {
        self.budget
    }
}

pub fn amount(printed: &str) -> Amount {
    Amount::from_wan(Decimal::from_str(printed).expect("fixture decimal"))
}

/// 卫辉市人民政府办公室 2024, every chart's figures.
pub fn weihui() -> Budget {
    BudgetBuilder::new("weihui-2024", "卫辉市人民政府办公室")
        .total("922.94")
        .basic_project("483.80", "439.14")
        .personnel_public("421.33", "62.47")
        .class("201", None, Some("595.48"))
        .class("203", None, Some("60.00"))
        .class("208", None, Some("57.75"))
        .class("210", None, Some("16.75"))
        .class("213", None, Some("156.00"))
        .class("221", None, Some("36.96"))
        .economic(
            "301",
            &[
                ("30101", "基本工资", "179.20"),
                ("30102", "津贴补贴", "59.07"),
                ("30103", "奖金", "52.89"),
                ("30107", "绩效工资", "18.71"),
                ("30108", "机关事业单位基本养老保险缴费", "44.84"),
                ("30110", "职工基本医疗保险缴费", "16.75"),
                ("30112", "其他社会保障缴费", "0.61"),
                ("30113", "住房公积金", "36.96"),
            ],
        )
        .economic(
            "302",
            &[
                ("30201", "办公费", "11.52"),
                ("30202", "印刷费", "2.80"),
                ("30207", "邮电费", "11.24"),
                ("30228", "工会经费", "8.01"),
                ("30231", "公务用车运行维护费", "1.44"),
                ("30239", "其他交通费用", "22.46"),
                ("30299", "其他商品和服务支出", "5.00"),
            ],
        )
        .economic(
            "303",
            &[("30302", "退休费", "11.00"), ("30305", "生活补助", "1.30")],
        )
        // The 三公 table prints only the total and the vehicle operation; the other cells are blank.
        .sanggong([Some("4.10"), None, Some("4.10"), None, Some("4.10"), None])
        .project("会议费、电子政务通讯费及法制专项经费", Some("66.90"))
        .project("云视讯高清会议及互联网线路租赁费", Some("0.96"))
        .project("电子外网建设项目", Some("64.00"))
        .project("卫辉市电子政务内网建设项目", Some("33.83"))
        .project("卫辉市政府电子政务云服务采购", Some("51.95"))
        .project("打击和处置非法集资工作专项经费", Some("5.50"))
        .project("人防通讯设备", Some("30.00"))
        .project("人防训练费", Some("5.00"))
        .project("准军事化建设", Some("20.00"))
        .project("人防宣传费", Some("5.00"))
        .project("提前下达2024年小额贷款贴息项目", Some("156.00"))
        .build()
}

/// 漯河市人民政府办公室 2024 (figures of the narrative and the fiscal summary).
pub fn luohe() -> Budget {
    BudgetBuilder::new("luohe-2024", "漯河市人民政府办公室")
        .total("4,212.99")
        .basic_project("2754.1", "1458.89")
        .personnel_public("2557.74", "196.36")
        .class("201", Some("一般公共服务支出"), Some("3,385.51"))
        .class("208", Some("社会保障和就业支出"), Some("512.35"))
        .class("210", Some("卫生健康支出"), Some("128.70"))
        .class("221", Some("住房保障支出"), Some("186.43"))
        .sanggong([Some("47"), None, None, None, None, None])
        .economic(
            "301",
            &[
                ("30101", "基本工资", "886.61"),
                ("30113", "住房公积金", "186.43"),
            ],
        )
        .build()
}

/// 中共新乡市凤泉区委员会办公室 2024 (narrative figures).
pub fn fengquan() -> Budget {
    BudgetBuilder::new("fengquan-2024", "中共新乡市凤泉区委员会办公室")
        .total("1261.66")
        .basic_project("1058.62", "203.04")
        .personnel_public("980.74", "57.88")
        .class("201", Some("一般公共服务支出"), Some("966.70"))
        .class("208", Some("社会保障和就业支出"), Some("151.90"))
        .class("210", Some("卫生健康支出"), Some("40.52"))
        .class("221", Some("住房保障支出"), Some("82.54"))
        .class("223", Some("国有资本经营预算支出"), Some("20.00"))
        .sanggong([Some("11.00"), None, None, None, None, None])
        .build()
}

/// 凤县人民政府办公室(本级) 2024: tables in 元; personnel/public funds not disclosed.
pub fn fengxian() -> Budget {
    BudgetBuilder::new("fengxian-2024", "凤县人民政府办公室(本级)")
        .in_yuan()
        .total("6106713.00")
        .class("201", Some("一般公共服务支出"), Some("4967678.00"))
        .class("208", Some("社会保障和就业支出"), Some("607710.00"))
        .class("210", Some("卫生健康支出"), Some("224063.00"))
        .class("221", Some("住房保障支出"), Some("307262.00"))
        .basic_project("4108519.00", "1998194")
        .build()
        .with_narrative_sanggong()
}

/// 涞源县人民政府办公室 2024.
pub fn laiyuan() -> Budget {
    BudgetBuilder::new("laiyuan-2024", "涞源县人民政府办公室")
        .total("1486.83")
        .basic_project("1191.02", "295.81")
        .personnel_public("822.18", "368.84")
        .class("201", Some("一般公共服务支出"), Some("1255.37"))
        .class("208", Some("社会保障和就业支出"), Some("151.73"))
        .class("210", Some("卫生健康支出"), None)
        .class("221", Some("住房保障支出"), Some("34.73"))
        .sanggong([
            Some("171.00"),
            Some("7.00"),
            Some("69.00"),
            Some("0.00"),
            Some("69.00"),
            Some("95.00"),
        ])
        .build()
}

trait NarrativeSanggong {
    fn with_narrative_sanggong(self) -> Self;
}

impl NarrativeSanggong for Budget {
    /// Fengxian states its 三公 in 万元 in the narrative.
    fn with_narrative_sanggong(mut self) -> Budget {
        let file = self.file.clone();
        let f = |p: &str| Some(figure_in(&file, p, Unit::TenThousandYuan));
        self.sanggong = Sanggong {
            total: f("33.96"),
            outbound: f("0.00"),
            vehicles: None,
            vehicle_purchase: f("0.00"),
            vehicle_operation: f("31.77"),
            reception: f("2.19"),
        };
        self
    }
}

pub fn seeds() -> Vec<Budget> {
    vec![weihui(), luohe(), fengxian(), fengquan(), laiyuan()]
}
