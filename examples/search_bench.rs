//! Synthetic departments for the search benchmark: `search_bench N OUT` writes the search index of
//! N generated departments (as many documents of each kind as a typical county office discloses)
//! and a page with the search box into OUT. tests/e2e/bench-search.mjs measures them.

use gongkai::search::{self, Field, FieldKind, Kind, SearchDoc};

const PLACES: [&str; 24] = [
    "卫辉",
    "漯河",
    "凤泉",
    "凤县",
    "莱源",
    "新乡",
    "安阳",
    "鹤壁",
    "焦作",
    "濮阳",
    "许昌",
    "周口",
    "驻马店",
    "南阳",
    "信阳",
    "商丘",
    "开封",
    "洛阳",
    "平顶山",
    "三门峡",
    "宝鸡",
    "汉中",
    "延安",
    "榆林",
];
const LEVELS: [&str; 4] = ["市", "县", "区", "镇"];
const OFFICES: [&str; 12] = [
    "人民政府办公室",
    "财政局",
    "教育局",
    "卫生健康委员会",
    "农业农村局",
    "交通运输局",
    "政务服务和大数据管理局",
    "自然资源局",
    "民政局",
    "司法局",
    "审计局",
    "统计局",
];
const FUNCTIONS: [(&str, &str); 16] = [
    ("201", "一般公共服务支出"),
    ("20101", "人大事务"),
    ("2010101", "行政运行"),
    ("20103", "政府办公厅（室）及相关机构事务"),
    ("2010301", "行政运行"),
    ("2010302", "一般行政管理事务"),
    ("2010350", "事业运行"),
    ("2010399", "其他政府办公厅（室）及相关机构事务支出"),
    ("208", "社会保障和就业支出"),
    ("20805", "行政事业单位养老支出"),
    ("2080505", "机关事业单位基本养老保险缴费支出"),
    ("210", "卫生健康支出"),
    ("21011", "行政事业单位医疗"),
    ("2101101", "行政单位医疗"),
    ("221", "住房保障支出"),
    ("2210201", "住房公积金"),
];
const ECONOMIC: [(&str, &str); 10] = [
    ("301", "工资福利支出"),
    ("30101", "基本工资"),
    ("30102", "津贴补贴"),
    ("30103", "奖金"),
    ("30108", "机关事业单位基本养老保险缴费"),
    ("302", "商品和服务支出"),
    ("30201", "办公费"),
    ("30211", "差旅费"),
    ("30217", "公务接待费"),
    ("30231", "公务用车运行维护费"),
];
const PROJECT_A: [&str; 12] = [
    "电子政务",
    "12345热线",
    "信息化",
    "档案管理",
    "应急管理",
    "法律顾问",
    "安全生产",
    "乡村振兴",
    "网络安全",
    "政务公开",
    "督查考核",
    "机关后勤",
];
const PROJECT_B: [&str; 8] = [
    "运行维护经费",
    "专项经费",
    "平台建设项目",
    "系统升级改造",
    "工作经费",
    "服务外包",
    "设备购置",
    "培训经费",
];
const INDICATORS: [&str; 14] = [
    "服务对象满意度",
    "系统正常运行率",
    "项目完成及时率",
    "资金使用合规率",
    "故障响应时间",
    "接通率",
    "培训人次",
    "设备完好率",
    "群众满意度",
    "信息公开及时率",
    "覆盖单位数量",
    "档案数字化数量",
    "应急演练次数",
    "社会效益",
];
const DUTIES: [&str; 8] = [
    "负责本级政府日常政务运转，协助领导处理日常工作",
    "负责政务信息、督查、电子政务和政务公开工作",
    "承担12345政务服务便民热线的受理、转办和督办",
    "负责机关财务、资产管理和后勤保障工作",
    "组织协调应急管理和突发事件处置工作",
    "负责法律事务、规范性文件审核和行政复议",
    "负责档案管理、机要保密和信息化建设",
    "承办上级交办的其他事项",
];

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 >> 16) as usize
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.next() % items.len()]
    }
}

fn department(i: usize, rng: &mut Rng, docs: &mut Vec<SearchDoc>) {
    let slug = format!("dept-{i:06}");
    let name = format!(
        "{}{}{}",
        rng.pick(&PLACES),
        rng.pick(&LEVELS),
        rng.pick(&OFFICES)
    );
    let url = format!("departments/{slug}/index.html");
    let mut push = |kind: Kind, title: String, fields: Vec<Field>, anchor: Option<String>| {
        docs.push(SearchDoc {
            kind,
            department: slug.clone(),
            department_name: name.clone(),
            title,
            fields,
            url: url.clone(),
            anchor,
            figure: None,
        })
    };
    push(
        Kind::Department,
        name.clone(),
        vec![Field::new(FieldKind::Name, slug.as_str())],
        None,
    );
    for (code, title) in FUNCTIONS.iter().filter(|_| !rng.next().is_multiple_of(4)) {
        push(
            Kind::Function,
            title.to_string(),
            vec![Field::new(FieldKind::Code, *code)],
            Some(format!("fn-{code}")),
        );
    }
    for (code, title) in ECONOMIC.iter().filter(|_| !rng.next().is_multiple_of(4)) {
        push(
            Kind::Economic,
            title.to_string(),
            vec![Field::new(FieldKind::Code, *code)],
            Some(format!("ec-{code}")),
        );
    }
    push(
        Kind::Sanggong,
        "“三公”经费".into(),
        vec![Field::new(
            FieldKind::Name,
            "因公出国（境）费 公务接待费 公务用车购置及运行费",
        )],
        Some("sanggong".into()),
    );
    for p in 0..4 + rng.next() % 6 {
        let title = format!("{}{}", rng.pick(&PROJECT_A), rng.pick(&PROJECT_B));
        let fields = (0..2 + rng.next() % 4)
            .map(|_| Field::new(FieldKind::Name, rng.pick(&INDICATORS)))
            .collect();
        push(
            Kind::Project,
            title,
            fields,
            Some(format!("project-{}", p + 1)),
        );
    }
    for f in 0..rng.next() % 3 {
        push(
            Kind::Finding,
            format!(
                "支出总表合计与各项之和相差 {}.{:02} 万元",
                rng.next() % 100,
                rng.next() % 100
            ),
            Vec::new(),
            Some(format!("finding-{}", f + 1)),
        );
    }
    for _ in 0..3 {
        let text = rng.pick(&DUTIES).to_string();
        push(
            Kind::Narrative,
            "主要职责".into(),
            vec![Field::new(FieldKind::Text, text)],
            Some("responsibilities".into()),
        );
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let n: usize = args.get(1).and_then(|s| s.parse().ok()).unwrap_or(10_000);
    let out = std::path::PathBuf::from(
        args.get(2)
            .map(String::as_str)
            .unwrap_or("target/search-bench"),
    );
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let mut docs = Vec::new();
    for i in 0..n {
        department(i, &mut rng, &mut docs);
    }
    let started = std::time::Instant::now();
    let files = search::build_index(&docs);
    let elapsed = started.elapsed();
    let _ = std::fs::remove_dir_all(out.join("search"));
    std::fs::create_dir_all(out.join("search")).expect("create the output folder");
    for (path, contents) in &files.files {
        std::fs::write(out.join(path), contents).expect("write the index");
    }
    println!(
        "{n} departments, {} documents, {} files, built in {:.2}s, meta {}",
        docs.len(),
        files.files.len(),
        elapsed.as_secs_f64(),
        files.meta
    );
}
