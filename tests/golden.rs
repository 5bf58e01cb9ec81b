//! Golden tests: every expected value below was read off the seed documents by hand
//! (`content/budgets/*.txt`, the example site's own), with the line it sits on in a
//! comment. None of them was copied from program output. Where a document contradicts itself the
//! comment says which figure the parser's policy picks and why.

use gongkai::department;
use gongkai::model::*;

// ---------------------------------------------------------------------------------------------
// helpers
// ---------------------------------------------------------------------------------------------

fn seed(slug: &str) -> Budget {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("content/budgets")
        .join(format!("{slug}.txt"));
    department::load_file(&path).unwrap_or_else(|e| panic!("{e}"))
}

fn amount(s: &str) -> Amount {
    s.parse::<Amount>()
        .unwrap_or_else(|e| panic!("bad expected amount {s:?}: {e}"))
}

fn show(f: &Option<Figure>) -> String {
    match f {
        Some(f) => format!(
            "{} (printed {:?} {} at {})",
            f.amount,
            f.printed,
            f.unit.label(),
            f.source
        ),
        None => "None".to_string(),
    }
}

/// The figure is present and equals `expected` (万元, numeric equality).
#[track_caller]
fn assert_fig(f: &Option<Figure>, expected: &str, what: &str) {
    match f {
        Some(got) => assert_eq!(
            got.amount,
            amount(expected),
            "{what}: expected {expected} 万元, got {}",
            show(f)
        ),
        None => panic!("{what}: expected {expected} 万元, got None"),
    }
}

/// As `assert_fig`, and the figure was read from `line` of `file`.
#[track_caller]
fn assert_fig_at(f: &Option<Figure>, expected: &str, file: &str, line: u32, what: &str) {
    assert_fig(f, expected, what);
    let src = &f.as_ref().unwrap().source;
    assert_eq!(
        (src.file.as_str(), src.line),
        (file, line),
        "{what}: expected to be read from {file}:{line}, got {}",
        show(f)
    );
}

#[track_caller]
fn assert_none(f: &Option<Figure>, what: &str) {
    assert!(
        f.is_none(),
        "{what}: expected None (no place states it), got {}",
        show(f)
    );
}

/// (code, amount, basic, project). `None` for basic/project means the cell is blank in the
/// document and is not asserted.
type Fx = (
    &'static str,
    &'static str,
    Option<&'static str>,
    Option<&'static str>,
);

#[track_caller]
fn assert_function(b: &Budget, (code, total, basic, project): &Fx) {
    let node = b
        .function(code)
        .unwrap_or_else(|| panic!("{}: function {code} missing from the tree", b.slug));
    assert_fig(
        &node.amount,
        total,
        &format!("{} function {code} amount", b.slug),
    );
    if let Some(basic) = basic {
        assert_fig(
            &node.basic,
            basic,
            &format!("{} function {code} basic", b.slug),
        );
    }
    if let Some(project) = project {
        assert_fig(
            &node.project,
            project,
            &format!("{} function {code} project", b.slug),
        );
    }
}

/// Every 类 and every 项 of the tree, and nothing else; plus the amounts of the given 款.
#[track_caller]
fn assert_function_tree(b: &Budget, classes: &[Fx], sections: &[Fx], items: &[Fx]) {
    let mut want: Vec<&str> = classes.iter().map(|c| c.0).collect();
    want.sort();
    let mut got: Vec<&str> = b.by_function.iter().map(|n| n.code.as_str()).collect();
    got.sort();
    assert_eq!(got, want, "{}: 类 of the function tree", b.slug);

    let mut want: Vec<&str> = items.iter().map(|c| c.0).collect();
    want.sort();
    let mut got: Vec<&str> = b.function_items().iter().map(|n| n.code.as_str()).collect();
    got.sort();
    assert_eq!(got, want, "{}: 项 of the function tree", b.slug);

    for f in classes.iter().chain(sections).chain(items) {
        assert_function(b, f);
    }
}

/// (code, total, personnel, public_funds); `None` for personnel/public means a blank cell.
type Ex = (
    Option<&'static str>,
    &'static str,
    Option<&'static str>,
    Option<&'static str>,
);

#[track_caller]
fn assert_economic_lines(b: &Budget, expected: &[Ex]) {
    let got: Vec<String> = b
        .economic_lines
        .iter()
        .map(|l| {
            format!(
                "{} {}",
                l.code.as_ref().map(|c| c.as_str()).unwrap_or("-"),
                l.total
                    .as_ref()
                    .map(|f| f.amount.to_string())
                    .unwrap_or_default()
            )
        })
        .collect();
    assert_eq!(
        b.economic_lines.len(),
        expected.len(),
        "{}: number of economic lines; got {got:?}",
        b.slug
    );
    for (i, (line, (code, total, personnel, public))) in
        b.economic_lines.iter().zip(expected).enumerate()
    {
        let what = format!("{} economic line #{} ({code:?} {total})", b.slug, i + 1);
        assert_eq!(
            line.code.as_ref().map(|c| c.as_str()),
            *code,
            "{what}: code"
        );
        assert_fig(&line.total, total, &format!("{what}: total"));
        if let Some(p) = personnel {
            assert_fig(&line.personnel, p, &format!("{what}: personnel"));
        }
        if let Some(p) = public {
            assert_fig(&line.public_funds, p, &format!("{what}: public funds"));
        }
    }
}

#[track_caller]
fn assert_economic(b: &Budget, code: &str, expected: &str) {
    let node = b
        .economic(code)
        .unwrap_or_else(|| panic!("{}: economic {code} missing from the tree", b.slug));
    assert_fig(
        &node.amount,
        expected,
        &format!("{} economic {code}", b.slug),
    );
}

/// total, outbound, vehicles, vehicle_purchase, vehicle_operation, reception; `None` = not stated.
#[track_caller]
fn assert_sanggong(b: &Budget, expected: [Option<&str>; 6]) {
    let s = &b.sanggong;
    let fields = [
        (&s.total, "total"),
        (&s.outbound, "outbound"),
        (&s.vehicles, "vehicles"),
        (&s.vehicle_purchase, "vehicle_purchase"),
        (&s.vehicle_operation, "vehicle_operation"),
        (&s.reception, "reception"),
    ];
    for ((fig, name), want) in fields.into_iter().zip(expected) {
        let what = format!("{} 三公 {name}", b.slug);
        match want {
            Some(v) => assert_fig(fig, v, &what),
            None => assert_none(fig, &what),
        }
    }
}

/// The full project list in document order: (name, amount).
#[track_caller]
fn assert_projects(b: &Budget, expected: &[(&str, &str)]) {
    let got: Vec<String> = b
        .projects
        .iter()
        .map(|p| {
            format!(
                "{} {}",
                p.name,
                p.amount
                    .as_ref()
                    .map(|f| f.amount.to_string())
                    .unwrap_or_default()
            )
        })
        .collect();
    let names: Vec<&str> = b.projects.iter().map(|p| p.name.as_str()).collect();
    let want: Vec<&str> = expected.iter().map(|e| e.0).collect();
    assert_eq!(
        names, want,
        "{}: project names in document order; got {got:?}",
        b.slug
    );
    for (p, (name, amt)) in b.projects.iter().zip(expected) {
        assert_fig(&p.amount, amt, &format!("{} project {name}", b.slug));
    }
}

fn squeeze(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// The `nth` project named `project` has an indicator whose name contains `name` (spaces
/// ignored) and whose value, spaces ignored, is `value`.
#[track_caller]
fn assert_indicator(b: &Budget, project: &str, nth: usize, name: &str, value: &str) {
    let p = b
        .projects
        .iter()
        .filter(|p| p.name == project)
        .nth(nth)
        .unwrap_or_else(|| panic!("{}: project {project} (#{nth}) missing", b.slug));
    let found = p
        .indicators
        .iter()
        .find(|i| squeeze(&i.name).contains(&squeeze(name)));
    let all: Vec<String> = p
        .indicators
        .iter()
        .map(|i| format!("{}={}", i.name, i.value))
        .collect();
    let ind = found
        .unwrap_or_else(|| panic!("{}: {project} has no indicator {name}; has {all:?}", b.slug));
    assert_eq!(
        squeeze(&ind.value),
        squeeze(value),
        "{}: {project} indicator {name}",
        b.slug
    );
}

#[track_caller]
fn assert_name(b: &Budget, expected: &str) {
    let name = b.name.as_ref().map(|t| t.text.as_str());
    assert_eq!(name, Some(expected), "{}: department name", b.slug);
}

#[track_caller]
fn assert_vehicles(b: &Budget, expected: u32, line: u32) {
    let v = b
        .narrative
        .vehicles
        .as_ref()
        .unwrap_or_else(|| panic!("{}: vehicles missing", b.slug));
    assert_eq!(v.value, expected, "{}: vehicles", b.slug);
    assert_eq!(v.source.line, line, "{}: vehicles source line", b.slug);
}

// ---------------------------------------------------------------------------------------------
// weihui-2024: 卫辉市人民政府办公室, tab-separated, 万元
// ---------------------------------------------------------------------------------------------

const WH: &str = "weihui-2024.txt";

#[test]
fn weihui_identity() {
    let b = seed("weihui-2024");
    assert_eq!(b.slug, "weihui-2024");
    assert_eq!(b.file, WH);
    assert_name(&b, "卫辉市人民政府办公室"); // weihui-2024.txt:207 部门名称：卫辉市人民政府办公室
    assert_eq!(b.year, Some(2024)); // weihui-2024.txt:3
}

#[test]
fn weihui_totals() {
    let b = seed("weihui-2024");
    let t = &b.totals;
    assert_fig_at(&t.income, "922.94", WH, 245, "income"); // weihui-2024.txt:245 收入总计
    assert_fig_at(&t.expenditure, "922.94", WH, 245, "expenditure"); // weihui-2024.txt:245 支出总计
    assert_fig_at(&t.basic, "483.80", WH, 256, "basic"); // weihui-2024.txt:256 支出总表 合计
    assert_fig_at(&t.project, "439.14", WH, 256, "project"); // weihui-2024.txt:256
    assert_fig_at(&t.personnel, "421.33", WH, 348, "personnel"); // weihui-2024.txt:348 基本支出表 合计
    assert_fig_at(&t.public_funds, "62.47", WH, 348, "public funds"); // weihui-2024.txt:348
    // 922.94 − 284.22 (增加 284.22 万元, weihui-2024.txt:107)
    assert_fig_at(&t.prior_year, "638.72", WH, 107, "prior year");
}

#[test]
fn weihui_function_tree() {
    let b = seed("weihui-2024");
    // 类 and 款 are not printed in the 支出总表: sums of the 项 below.
    let classes: &[Fx] = &[
        ("201", "595.48", Some("372.34"), Some("223.14")), // 258–260; 收支总表 595.48 at :213
        ("203", "60.00", None, Some("60.00")),             // 261
        ("208", "57.75", Some("57.75"), None),             // 262–265
        ("210", "16.75", Some("16.75"), None),             // 266–267
        ("213", "156.00", None, Some("156.00")),           // 268
        ("221", "36.96", Some("36.96"), None),             // 269
    ];
    let sections: &[Fx] = &[
        ("20103", "595.48", None, None), // 258–260
        ("20306", "60.00", None, None),  // 261
        ("20805", "55.84", None, None),  // 262–263
        ("20808", "1.30", None, None),   // 264
        ("20899", "0.61", None, None),   // 265
        ("21011", "16.75", None, None),  // 266–267
        ("21305", "156.00", None, None), // 268
        ("22102", "36.96", None, None),  // 269
    ];
    let items: &[Fx] = &[
        ("2010301", "372.34", Some("372.34"), None), // weihui-2024.txt:258 行政运行
        ("2010302", "66.90", None, Some("66.90")),   // weihui-2024.txt:259 一般行政管理事务
        ("2010399", "156.24", None, Some("156.24")), // weihui-2024.txt:260 其他政府办公厅（室）…
        ("2030603", "60.00", None, Some("60.00")),   // weihui-2024.txt:261 人民防空
        ("2080501", "11.00", Some("11.00"), None),   // weihui-2024.txt:262 行政单位离退休
        ("2080505", "44.84", Some("44.84"), None),   // weihui-2024.txt:263 基本养老保险缴费
        ("2080801", "1.30", Some("1.30"), None),     // weihui-2024.txt:264 死亡抚恤
        ("2089999", "0.61", Some("0.61"), None),     // weihui-2024.txt:265 其他社会保障和就业支出
        ("2101101", "9.34", Some("9.34"), None),     // weihui-2024.txt:266 行政单位医疗
        ("2101102", "7.41", Some("7.41"), None),     // weihui-2024.txt:267 事业单位医疗
        ("2130599", "156.00", None, Some("156.00")), // weihui-2024.txt:268 其他巩固脱贫…
        ("2210201", "36.96", Some("36.96"), None),   // weihui-2024.txt:269 住房公积金
    ];
    assert_function_tree(&b, classes, sections, items);
    assert!(
        b.function("201").unwrap().derived,
        "weihui 201 is not printed, so it is a sum"
    );
    assert!(
        !b.function("2010301").unwrap().derived,
        "weihui 2010301 is printed"
    );
}

#[test]
fn weihui_economic() {
    let b = seed("weihui-2024");
    let lines: &[Ex] = &[
        (Some("30102"), "59.07", Some("59.07"), None), // weihui-2024.txt:349 津贴补贴
        (Some("30103"), "52.89", Some("52.89"), None), // weihui-2024.txt:350 奖金
        (Some("30107"), "18.71", Some("18.71"), None), // weihui-2024.txt:351 绩效工资
        (Some("30101"), "179.20", Some("179.20"), None), // weihui-2024.txt:352 基本工资
        (Some("30201"), "11.52", None, Some("11.52")), // weihui-2024.txt:353 办公费
        (Some("30207"), "11.24", None, Some("11.24")), // weihui-2024.txt:354 邮电费
        (Some("30231"), "1.44", None, Some("1.44")),   // weihui-2024.txt:355 公务用车运行维护费
        (Some("30228"), "8.01", None, Some("8.01")),   // weihui-2024.txt:356 工会经费
        (Some("30239"), "22.46", None, Some("22.46")), // weihui-2024.txt:357 其他交通费用
        (Some("30202"), "2.80", None, Some("2.80")),   // weihui-2024.txt:358 印刷费
        (Some("30299"), "5.00", None, Some("5.00")),   // weihui-2024.txt:359 其他商品和服务支出
        (Some("30302"), "11.00", Some("11.00"), None), // weihui-2024.txt:360 退休费
        (Some("30108"), "44.84", Some("44.84"), None), // weihui-2024.txt:361 基本养老保险缴费
        (Some("30305"), "1.30", Some("1.30"), None),   // weihui-2024.txt:362 生活补助
        (Some("30112"), "0.61", Some("0.61"), None),   // weihui-2024.txt:363 其他社会保障缴费
        (Some("30110"), "9.34", Some("9.34"), None),   // weihui-2024.txt:364 职工基本医疗保险缴费
        (Some("30110"), "7.41", Some("7.41"), None), // weihui-2024.txt:365 (same code again, gov 50501)
        (Some("30113"), "36.96", Some("36.96"), None), // weihui-2024.txt:366 住房公积金
    ];
    assert_economic_lines(&b, lines);
    // Class sums of the lines; they match the 支出总表 columns at weihui-2024.txt:256
    // (工资福利 409.03, 对个人和家庭的补助 12.30, 商品和服务 62.47).
    assert_economic(&b, "301", "409.03");
    assert_economic(&b, "302", "62.47");
    assert_economic(&b, "303", "12.30");
    assert_economic(&b, "30110", "16.75"); // 9.34 + 7.41, weihui-2024.txt:364–365
}

#[test]
fn weihui_sanggong() {
    let b = seed("weihui-2024");
    // weihui-2024.txt:376 "4.10 _ 4.10 _ 4.10 _": blank cells are 0.
    assert_sanggong(
        &b,
        [
            Some("4.10"),
            Some("0"),
            Some("4.10"),
            Some("0"),
            Some("4.10"),
            Some("0"),
        ],
    );
    assert_eq!(b.sanggong.total.as_ref().unwrap().source.line, 376);
}

#[test]
fn weihui_projects() {
    let b = seed("weihui-2024");
    assert_projects(
        &b,
        &[
            ("会议费、电子政务通讯费及法制专项经费", "66.90"), // weihui-2024.txt:403
            ("云视讯高清会议及互联网线路租赁费", "0.96"),      // weihui-2024.txt:404
            ("电子外网建设项目", "64.00"),                     // weihui-2024.txt:405
            ("卫辉市电子政务内网建设项目", "33.83"),           // weihui-2024.txt:406
            ("卫辉市政府电子政务云服务采购", "51.95"),         // weihui-2024.txt:407
            ("打击和处置非法集资工作专项经费", "5.50"),        // weihui-2024.txt:408
            ("人防通讯设备", "30.00"),                         // weihui-2024.txt:409
            ("人防训练费", "5.00"),                            // weihui-2024.txt:410
            ("准军事化建设", "20.00"),                         // weihui-2024.txt:411
            ("人防宣传费", "5.00"),                            // weihui-2024.txt:412
            ("提前下达2024年小额贷款贴息项目", "156.00"),      // weihui-2024.txt:413
        ],
    );
    let total: Amount = b
        .projects
        .iter()
        .filter_map(|p| p.amount.as_ref())
        .map(|f| f.amount)
        .sum();
    assert_eq!(total, amount("439.14")); // weihui-2024.txt:401
    let cloud = b
        .projects
        .iter()
        .find(|p| p.name == "卫辉市政府电子政务云服务采购")
        .unwrap();
    assert_eq!(cloud.category.as_deref(), Some("特定目标类")); // weihui-2024.txt:407
    let meeting = &b.projects[0];
    assert_eq!(meeting.category.as_deref(), Some("其他运转类")); // weihui-2024.txt:403
    assert_eq!(meeting.unit.as_deref(), Some("卫辉市人民政府办公室")); // weihui-2024.txt:403
    // Indicators from the 项目绩效目标汇总表.
    assert_indicator(&b, "电子外网建设项目", 0, "联网单位", "≥100个"); // weihui-2024.txt:474
    assert_indicator(&b, "电子外网建设项目", 0, "验收合格率", "100%"); // weihui-2024.txt:475
    assert_indicator(&b, "电子外网建设项目", 0, "项目完成时间", "2024年底"); // weihui-2024.txt:476
    assert_indicator(
        &b,
        "卫辉市政府电子政务云服务采购",
        0,
        "上云业务系统总量",
        "≥44家",
    ); // :518
    assert_indicator(
        &b,
        "提前下达2024年小额贷款贴息项目",
        0,
        "享受政策户满意度",
        "≥92%",
    ); // :525
}

#[test]
fn weihui_narrative_facts() {
    let b = seed("weihui-2024");
    assert_vehicles(&b, 2, 167); // weihui-2024.txt:167 共有车辆2辆
    assert!(
        b.sub_units.is_empty(),
        "weihui is one unit (本级预算, weihui-2024.txt:97)"
    );
}

// ---------------------------------------------------------------------------------------------
// luohe-2024: 漯河市人民政府办公室 + subordinate units; thousands separators; 0.1 projects
// ---------------------------------------------------------------------------------------------

const LH: &str = "luohe-2024.txt";

#[test]
fn luohe_identity() {
    let b = seed("luohe-2024");
    assert_name(&b, "漯河市人民政府办公室"); // luohe-2024.txt:3, :209
    assert_eq!(b.year, Some(2024)); // luohe-2024.txt:4
}

#[test]
fn luohe_totals() {
    let b = seed("luohe-2024");
    let t = &b.totals;
    assert_fig_at(&t.income, "4212.99", LH, 247, "income"); // luohe-2024.txt:247 收入总计 4,212.99
    // The 总计 row prints "支出合计" in the expenditure half (luohe-2024.txt:247).
    assert_fig_at(&t.expenditure, "4212.99", LH, 247, "expenditure");
    assert_fig_at(&t.basic, "2754.10", LH, 275, "basic"); // luohe-2024.txt:275 支出预算表 合计
    assert_fig_at(&t.project, "1458.89", LH, 275, "project"); // luohe-2024.txt:275
    assert_fig_at(&t.personnel, "2557.74", LH, 368, "personnel"); // luohe-2024.txt:368
    assert_fig_at(&t.public_funds, "196.36", LH, 368, "public funds"); // luohe-2024.txt:368
    // 4212.99 + 383.72 (收入减少 383.72 万元, luohe-2024.txt:109)
    assert_fig_at(&t.prior_year, "4596.71", LH, 109, "prior year");
    assert_eq!(t.income.as_ref().unwrap().printed, "4,212.99");
}

#[test]
fn luohe_function_tree() {
    let b = seed("luohe-2024");
    let classes: &[Fx] = &[
        ("201", "3385.51", Some("1926.62"), Some("1458.89")), // 277–281 + 289; 收支表 :215
        ("208", "512.35", Some("512.35"), None),              // 282–285 + 290; :222
        ("210", "128.70", Some("128.70"), None),              // 286–287 + 291; :224
        ("221", "186.43", Some("186.43"), None),              // 288; :234
    ];
    let sections: &[Fx] = &[
        ("20103", "3385.51", None, None), // 277–281, 289
        ("20805", "499.30", None, None),  // 282, 283, 290
        ("20808", "7.04", None, None),    // 284
        ("20899", "6.01", None, None),    // 285
        ("21011", "128.70", None, None),  // 286, 287, 291
        ("22102", "186.43", None, None),  // 288
    ];
    let items: &[Fx] = &[
        ("2010301", "1026.27", Some("1026.27"), None), // luohe-2024.txt:277 行政运行
        ("2010302", "72.00", Some("0.00"), Some("72.00")), // luohe-2024.txt:278 一般行政管理事务
        ("2010305", "45.00", Some("0.00"), Some("45.00")), // luohe-2024.txt:279 专项业务及机关事务管理
        ("2010309", "10.00", Some("0.00"), Some("10.00")), // luohe-2024.txt:280 参事事务
        ("2010399", "1339.39", Some("7.50"), Some("1331.89")), // luohe-2024.txt:281 其他政府办公厅…
        ("2080501", "240.83", Some("240.83"), None),       // luohe-2024.txt:282 行政单位离退休
        ("2080505", "211.22", Some("211.22"), None),       // luohe-2024.txt:283 基本养老保险缴费
        ("2080801", "7.04", Some("7.04"), None),           // luohe-2024.txt:284 死亡抚恤
        ("2089999", "6.01", Some("6.01"), None), // luohe-2024.txt:285 其他社会保障和就业支出
        ("2101101", "54.46", Some("54.46"), None), // luohe-2024.txt:286 行政单位医疗
        ("2101103", "38.44", Some("38.44"), None), // luohe-2024.txt:287 公务员医疗补助
        ("2210201", "186.43", Some("186.43"), None), // luohe-2024.txt:288 住房公积金
        ("2010350", "892.85", Some("892.85"), None), // luohe-2024.txt:289 事业运行 (listed after 221)
        ("2080502", "47.25", Some("47.25"), None),   // luohe-2024.txt:290 事业单位离退休
        ("2101102", "35.80", Some("35.80"), None),   // luohe-2024.txt:291 事业单位医疗
    ];
    assert_function_tree(&b, classes, sections, items);
}

#[test]
fn luohe_economic() {
    let b = seed("luohe-2024");
    // Continuation rows (code cell blank, gov code 50502) have code None. Line 402 is blank.
    let lines: &[Ex] = &[
        (Some("30103"), "28.36", Some("28.36"), None), // luohe-2024.txt:369 奖金
        (Some("30102"), "15.35", Some("15.35"), None), // luohe-2024.txt:370 津贴补贴
        (Some("30102"), "12.15", Some("12.15"), None), // luohe-2024.txt:371
        (Some("30102"), "163.97", Some("163.97"), None), // luohe-2024.txt:372
        (Some("30103"), "215.98", Some("215.98"), None), // luohe-2024.txt:373
        (Some("30101"), "340.30", Some("340.30"), None), // luohe-2024.txt:374 基本工资
        (Some("30103"), "97.03", Some("97.03"), None), // luohe-2024.txt:375
        (Some("30102"), "13.47", Some("13.47"), None), // luohe-2024.txt:376
        (Some("30228"), "10.64", None, Some("10.64")), // luohe-2024.txt:377 工会经费
        (None, "11.04", None, Some("11.04")),          // luohe-2024.txt:378 (continuation)
        (Some("30231"), "9.00", None, Some("9.00")),   // luohe-2024.txt:379 公务用车运行维护费
        (Some("30201"), "39.00", None, Some("39.00")), // luohe-2024.txt:380 办公费
        (None, "20.80", None, Some("20.80")),          // luohe-2024.txt:381
        (Some("30239"), "66.93", None, Some("66.93")), // luohe-2024.txt:382 其他交通费用
        (None, "4.32", None, Some("4.32")),            // luohe-2024.txt:383
        (Some("30229"), "0.47", None, Some("0.47")),   // luohe-2024.txt:384 福利费
        (None, "0.64", None, Some("0.64")),            // luohe-2024.txt:385
        (Some("30216"), "5.11", None, Some("5.11")),   // luohe-2024.txt:386 培训费
        (None, "4.33", None, Some("4.33")),            // luohe-2024.txt:387
        (Some("30229"), "8.51", None, Some("8.51")),   // luohe-2024.txt:388 福利费
        (None, "7.22", None, Some("7.22")),            // luohe-2024.txt:389
        (Some("30301"), "4.80", Some("4.80"), None),   // luohe-2024.txt:390 离休费
        (Some("30302"), "52.69", Some("52.69"), None), // luohe-2024.txt:391 退休费
        (Some("30302"), "13.42", Some("13.42"), None), // luohe-2024.txt:392
        (Some("30302"), "10.11", Some("10.11"), None), // luohe-2024.txt:393
        (Some("30301"), "0.48", Some("0.48"), None),   // luohe-2024.txt:394
        (Some("30301"), "2.95", Some("2.95"), None),   // luohe-2024.txt:395
        (Some("30302"), "121.36", Some("121.36"), None), // luohe-2024.txt:396
        (Some("30301"), "6.58", Some("6.58"), None),   // luohe-2024.txt:397
        (Some("30302"), "10.16", Some("10.16"), None), // luohe-2024.txt:398
        (Some("30301"), "0.52", Some("0.52"), None),   // luohe-2024.txt:399
        (Some("30301"), "17.91", Some("17.91"), None), // luohe-2024.txt:400
        (Some("30302"), "9.85", Some("9.85"), None),   // luohe-2024.txt:401
        (Some("30302"), "11.93", Some("11.93"), None), // luohe-2024.txt:403 (after the blank line)
        (Some("30301"), "6.59", Some("6.59"), None),   // luohe-2024.txt:404
        (Some("30302"), "13.88", Some("13.88"), None), // luohe-2024.txt:405
        (Some("30299"), "3.56", None, Some("3.56")),   // luohe-2024.txt:406 其他商品和服务支出
        (None, "1.29", None, Some("1.29")),            // luohe-2024.txt:407
        (Some("30108"), "123.09", Some("123.09"), None), // luohe-2024.txt:408 基本养老保险缴费
        (Some("30305"), "7.04", Some("7.04"), None),   // luohe-2024.txt:409 生活补助
        (Some("30112"), "1.07", Some("1.07"), None),   // luohe-2024.txt:410 其他社会保障缴费
        (Some("30110"), "54.46", Some("54.46"), None), // luohe-2024.txt:411 职工基本医疗保险缴费
        (Some("30111"), "38.44", Some("38.44"), None), // luohe-2024.txt:412 公务员医疗补助缴费
        (Some("30113"), "92.26", Some("92.26"), None), // luohe-2024.txt:413 住房公积金
        (Some("30107"), "103.85", Some("103.85"), None), // luohe-2024.txt:414 绩效工资
        (Some("30103"), "11.43", Some("11.43"), None), // luohe-2024.txt:415
        (Some("30101"), "287.98", Some("287.98"), None), // luohe-2024.txt:416
        (Some("30102"), "4.45", Some("4.45"), None),   // luohe-2024.txt:417
        (Some("30102"), "12.19", Some("12.19"), None), // luohe-2024.txt:418
        (Some("30103"), "51.53", Some("51.53"), None), // luohe-2024.txt:419
        (Some("30103"), "63.71", Some("63.71"), None), // luohe-2024.txt:420
        (Some("30102"), "14.65", Some("14.65"), None), // luohe-2024.txt:421
        (Some("30103"), "51.53", Some("51.53"), None), // luohe-2024.txt:422
        (Some("30107"), "44.52", Some("44.52"), None), // luohe-2024.txt:423
        (Some("30103"), "107.54", Some("107.54"), None), // luohe-2024.txt:424
        (Some("30102"), "95.12", Some("95.12"), None), // luohe-2024.txt:425
        (Some("30108"), "88.13", Some("88.13"), None), // luohe-2024.txt:426
        (Some("30112"), "1.37", Some("1.37"), None),   // luohe-2024.txt:427
        (Some("30112"), "3.57", Some("3.57"), None),   // luohe-2024.txt:428
        (Some("30110"), "35.80", Some("35.80"), None), // luohe-2024.txt:429
        (Some("30113"), "94.17", Some("94.17"), None), // luohe-2024.txt:430
        (Some("30299"), "2.00", None, Some("2.00")),   // luohe-2024.txt:431
        (Some("30213"), "1.50", None, Some("1.50")),   // luohe-2024.txt:432 维修(护)费
    ];
    assert_economic_lines(&b, lines);
    // Class sums; they equal the 支出预算表 合计 columns at luohe-2024.txt:275
    // (工资福利 2,267.47; 对个人和家庭的补助 290.27; 商品和服务 196.36).
    assert_economic(&b, "301", "2267.47");
    assert_economic(&b, "302", "196.36");
    assert_economic(&b, "303", "290.27");
    // Continuation rows belong to the code above: 30228 = 10.64 + 11.04 (luohe-2024.txt:377–378).
    assert_economic(&b, "30228", "21.68");
    assert_economic(&b, "30201", "59.80"); // 39.00 + 20.80, luohe-2024.txt:380–381
    assert_economic(&b, "30229", "16.84"); // 0.47 + 0.64 + 8.51 + 7.22, luohe-2024.txt:384–389
}

#[test]
fn luohe_sanggong() {
    let b = seed("luohe-2024");
    // Table luohe-2024.txt:442 "47.00 _ 37.00 _ 10.00" has no 运行费 column: operation falls back
    // to the narrative 公务用车运行维护费 37 万元 (luohe-2024.txt:145).
    assert_sanggong(
        &b,
        [
            Some("47.00"),
            Some("0"),
            Some("37.00"),
            Some("0"),
            Some("37"),
            Some("10.00"),
        ],
    );
    assert_eq!(b.sanggong.total.as_ref().unwrap().source.line, 442);
    assert_eq!(
        b.sanggong.vehicle_operation.as_ref().unwrap().source.line,
        145
    );
}

#[test]
fn luohe_projects() {
    let b = seed("luohe-2024");
    assert_projects(
        &b,
        &[
            ("书报费", "13.5"),                                          // luohe-2024.txt:480
            ("大宗印刷费及印刷设备维修费", "40.5"),                      // luohe-2024.txt:481
            ("办公家具更新及办公设备购置费", "18.0"),                    // luohe-2024.txt:482
            ("承办大型活动", "18.0"),                                    // luohe-2024.txt:483
            ("政府专项工作经费", "27.0"),                                // luohe-2024.txt:484
            ("参事事务费", "10.0"),                                      // luohe-2024.txt:485
            ("专项调研经费", "27.0"),                                    // luohe-2024.txt:486
            ("节能工作经费", "21.2"),                                    // luohe-2024.txt:487
            ("政府事务工作经费", "86.8"),                                // luohe-2024.txt:488
            ("政府工会工委办公经费", "2.7"),                             // luohe-2024.txt:489
            ("招商引资及外宣费", "20.0"),                                // luohe-2024.txt:490
            ("调研、起草市政府主要领导全市经济工作会议讲话经费", "9.0"), // luohe-2024.txt:491
            ("普法依法治理经费", "2.7"),                                 // luohe-2024.txt:492
            ("装修改造资金", "378.0"),                                   // luohe-2024.txt:493
            ("运行补助", "28.8"),                                        // luohe-2024.txt:494
            ("后期装饰和运营物品采购费用", "300.0"), // luohe-2024.txt:496 (after blank 495)
            ("招商相关费用", "11.5"),                // luohe-2024.txt:497
            ("维稳费", "18.0"),                      // luohe-2024.txt:498
            ("装修改造工程管理费", "59.3"),          // luohe-2024.txt:499
            ("服务保障工作经费", "18.0"),            // luohe-2024.txt:500
            ("“双招双引”经费", "25.0"),              // luohe-2024.txt:501
            ("运行补助", "13.5"),                    // luohe-2024.txt:502
            ("承办大型活动", "22.5"),                // luohe-2024.txt:503
            ("信访维稳安定费", "8.6"),               // luohe-2024.txt:504
            ("12345热线中心搬迁升级-软硬件", "76.2"), // luohe-2024.txt:505
            ("律师咨询费", "2.0"),                   // luohe-2024.txt:506
            ("12345热线系统及日常运行维护费", "37.4"), // luohe-2024.txt:507
            ("发展调研专项经费", "2.5"),             // luohe-2024.txt:508
            ("全市政务公开专项费", "7.2"),           // luohe-2024.txt:509
            ("政务服务便民热线话务员经费", "114.0"), // luohe-2024.txt:510
            ("市政府门户网站日常管理维护费", "40.0"), // luohe-2024.txt:511
        ],
    );
    // 31 projects, as the narrative says (共31个项目, luohe-2024.txt:167).
    assert_eq!(b.projects.len(), 31);
    // Printed to 0.1 万元: the precision is kept.
    let first = b.projects[0].amount.as_ref().unwrap();
    assert_eq!(first.printed, "13.5"); // luohe-2024.txt:480
    assert_eq!(first.amount.half_unit(), rust_decimal::Decimal::new(5, 2));
    // The same project name under two units (luohe-2024.txt:494 and :502, :483 and :503).
    assert_eq!(
        b.projects[14].unit.as_deref(),
        Some("漯河市人民政府驻北京联络处")
    ); // :494
    assert_eq!(
        b.projects[21].unit.as_deref(),
        Some("漯河市人民政府驻郑州联络中心")
    ); // :502
    assert_eq!(b.projects[3].unit.as_deref(), Some("漯河市人民政府办公室")); // :483
    assert_eq!(
        b.projects[22].unit.as_deref(),
        Some("漯河市人民政府驻郑州联络中心")
    ); // :503
    // Indicators from the 绩效目标汇总表, whose rows lack the 单位资金 cell (shifted left).
    assert_indicator(&b, "参事事务费", 0, "参与政府重点工作督查次数", "≥3次"); // luohe-2024.txt:522
    assert_indicator(&b, "参事事务费", 0, "参事调研课题数", "≥6个"); // luohe-2024.txt:524
    assert_indicator(&b, "书报费", 0, "报纸种类", "≥26种"); // luohe-2024.txt:557
    assert_indicator(
        &b,
        "政务服务便民热线话务员经费",
        0,
        "月接话数量",
        "≥50000通",
    ); // :565
}

#[test]
fn luohe_sub_units() {
    let b = seed("luohe-2024");
    let want = [
        ("001001", "漯河市人民政府办公室", "1879.86", 260), // luohe-2024.txt:260
        ("001005", "漯河市人民政府驻北京联络处", "1112.84", 261), // luohe-2024.txt:261 (联 络处 wrapped)
        ("001006", "漯河市人民政府驻郑州联络中心", "364.10", 262), // luohe-2024.txt:262
        ("001009", "漯河市人民政府办公室汽车队", "296.36", 263),  // luohe-2024.txt:263
        ("001010", "漯河市人民政府发展研究中心", "559.83", 264),  // luohe-2024.txt:264
    ];
    let got: Vec<String> = b
        .sub_units
        .iter()
        .map(|u| format!("{:?} {}", u.code, u.name))
        .collect();
    assert_eq!(b.sub_units.len(), want.len(), "luohe sub units: {got:?}");
    for (u, (code, name, amt, line)) in b.sub_units.iter().zip(want) {
        assert_eq!(u.code.as_deref(), Some(code), "luohe sub unit code");
        assert_eq!(u.name, name, "luohe sub unit {code} name");
        assert_fig_at(&u.amount, amt, LH, line, &format!("luohe sub unit {code}"));
    }
    let sum: Amount = b
        .sub_units
        .iter()
        .filter_map(|u| u.amount.as_ref())
        .map(|f| f.amount)
        .sum();
    assert_eq!(sum, amount("4212.99")); // luohe-2024.txt:259 / :265
}

#[test]
fn luohe_narrative_facts() {
    let b = seed("luohe-2024");
    assert_vehicles(&b, 13, 175); // luohe-2024.txt:175 共有车辆 13 辆
}

// ---------------------------------------------------------------------------------------------
// fengxian-2024: 凤县人民政府办公室(本级); tables in 元, narrative in 万元; tables 2–8 absent
// ---------------------------------------------------------------------------------------------

const FX: &str = "fengxian-2024.txt";

#[test]
fn fengxian_identity() {
    let b = seed("fengxian-2024");
    // Title line 3 reads "凤县人民政府办公室(本级)"; the name the tables give is without the
    // "(本级)" qualifier (fengxian-2024.txt:218 单位名称, :355 主管部门, :480).
    assert_name(&b, "凤县人民政府办公室");
    assert_eq!(b.year, Some(2024)); // fengxian-2024.txt:4
}

#[test]
fn fengxian_totals() {
    let b = seed("fengxian-2024");
    let t = &b.totals;
    // 6106713.00 元 = 610.6713 万元, fengxian-2024.txt:282 收入总计 / 支出总计
    assert_fig_at(&t.income, "610.6713", FX, 282, "income");
    assert_fig_at(&t.expenditure, "610.6713", FX, 282, "expenditure");
    let income = t.income.as_ref().unwrap();
    assert_eq!(income.unit, Unit::Yuan);
    assert_eq!(income.printed, "6106713.00");
    // 收支总表: 人员经费和公用经费支出 4108519.00 元 (fengxian-2024.txt:252),
    // 专项业务经费支出 1998194 元 (fengxian-2024.txt:257, printed without decimals).
    assert_fig_at(&t.basic, "410.8519", FX, 252, "basic");
    assert_fig_at(&t.project, "199.8194", FX, 257, "project");
    // No personnel figure printed anywhere: it is derived (推算) from the 收支总表's basic
    // expenditure by economic class, (1)工资福利支出 4014919.00 元 (fengxian-2024.txt:253) +
    // (3)对个人和家庭的补助 39600.00 元 (fengxian-2024.txt:255) = 4054519 元 = 405.4519 万元.
    assert_fig_at(&t.personnel, "405.4519", FX, 253, "personnel (derived)");
    let derivation = t.personnel.as_ref().unwrap().derivation.as_ref().unwrap();
    let lines: Vec<u32> = derivation.sources.iter().map(|s| s.line).collect();
    assert_eq!(lines, [253, 255]);
    // 公用经费 5.40 万元 only in the narrative (fengxian-2024.txt:206).
    assert_fig_at(&t.public_funds, "5.40", FX, 206, "public funds");
    assert!(t.public_funds.as_ref().unwrap().derivation.is_none());
    // This year's total less the stated change: 610.6713 + 84.61 (较上年减少 84.61 万元,
    // fengxian-2024.txt:120).
    assert_fig_at(&t.prior_year, "695.2813", FX, 120, "prior year");
}

#[test]
fn fengxian_function_tree() {
    let b = seed("fengxian-2024");
    // 类 from the 收支总表 in 元; 项 from the narrative list (万元).
    let classes: &[Fx] = &[
        ("201", "496.7678", None, None), // fengxian-2024.txt:252 一般公共服务支出 4967678.00 元
        ("208", "60.7710", None, None),  // fengxian-2024.txt:259 社会保障和就业支出 607710.00 元
        ("210", "22.4063", None, None),  // fengxian-2024.txt:261 卫生健康支出 224063.00 元
        ("221", "30.7262", None, None),  // fengxian-2024.txt:271 住房保障支出 307262.00 元
    ];
    // 款 are sums of the narrative 项.
    let sections: &[Fx] = &[
        ("20103", "496.76", None, None), // 138–144
        ("20805", "60.77", None, None),  // 146–148
        ("21011", "22.41", None, None),  // 150–154
        ("22102", "30.73", None, None),  // 156
    ];
    let items: &[Fx] = &[
        ("2010301", "239.14", None, None), // fengxian-2024.txt:138 行政运行
        ("2010302", "104.80", None, None), // fengxian-2024.txt:140 一般行政管理事务
        ("2010303", "95.02", None, None),  // fengxian-2024.txt:142 机关服务
        ("2010350", "57.80", None, None),  // fengxian-2024.txt:144 事业运行
        ("2080505", "40.51", None, None),  // fengxian-2024.txt:146 基本养老保险缴费支出
        ("2080506", "20.26", None, None),  // fengxian-2024.txt:148 职业年金缴费支出
        ("2101101", "17.64", None, None),  // fengxian-2024.txt:150 行政单位医疗
        ("2101102", "4.77", None, None),   // fengxian-2024.txt:154 事业单位医疗
        ("2210201", "30.73", None, None),  // fengxian-2024.txt:156 住房公积金
    ];
    assert_function_tree(&b, classes, sections, items);
    let class = b.function("201").unwrap().amount.as_ref().unwrap();
    assert_eq!((class.unit, class.source.line), (Unit::Yuan, 252));
    let item = b.function("2010301").unwrap().amount.as_ref().unwrap();
    assert_eq!((item.unit, item.source.line), (Unit::TenThousandYuan, 138));
}

#[test]
fn fengxian_sanggong() {
    let b = seed("fengxian-2024");
    // No 三公 table (表12 is listed but absent); all from fengxian-2024.txt:190.
    // 公务接待费 is printed "2.19元": the document's own arithmetic proves 万元 was meant
    // (33.96 − 0.00 − 0.00 − 31.77 = 2.19 exactly), so the amount used is 2.19 万元, marked
    // corrected, with the printed 2.19 元 = 0.000219 万元 kept; the audit still reports the slip.
    // 公务用车购置及运行费 as a combined figure is stated nowhere → None.
    assert_sanggong(
        &b,
        [
            Some("33.96"),
            Some("0.00"),
            None,
            Some("0.00"),
            Some("31.77"),
            Some("2.19"),
        ],
    );
    let reception = b.sanggong.reception.as_ref().unwrap();
    assert_eq!(reception.unit, gongkai::model::Unit::Yuan);
    assert_eq!(reception.printed, "2.19");
    let correction = reception.correction.as_ref().expect("a proven correction");
    assert_eq!(correction.printed, amount("0.000219"));
    assert!(correction.evidence_zh.contains("33.96"));
    assert!(
        b.findings
            .iter()
            .any(|f| f.rule == "implausible-unit" && f.sources.iter().any(|s| s.line == 190)),
        "the audit flags 2.19元 at line 190"
    );
    for f in [
        &b.sanggong.total,
        &b.sanggong.reception,
        &b.sanggong.vehicle_operation,
    ] {
        assert_eq!(f.as_ref().unwrap().source.line, 190);
    }
}

#[test]
fn fengxian_projects() {
    let b = seed("fengxian-2024");
    assert_projects(
        &b,
        &[
            ("机构运转补助", "95.01"),      // fengxian-2024.txt:356
            ("督查调研经费", "10.00"),      // fengxian-2024.txt:378
            ("凤县政府网站运维费", "5.00"), // fengxian-2024.txt:408
            ("县政府公车运行费", "45.00"),  // fengxian-2024.txt:435
            (
                "凤县党政机关互联网统一出口管理暨电子政务平台升级项目",
                "44.80",
            ), // fengxian-2024.txt:462
        ],
    );
    assert_indicator(&b, "机构运转补助", 0, "本年度完成支出", "95.01万元"); // fengxian-2024.txt:364
    // LaTeX remnant `$\geq 100\%$` is the value ≥100% (fengxian-2024.txt:362).
    assert_indicator(&b, "机构运转补助", 0, "26名临聘人员劳务费", "≥100%");
    // 表13-2 puts the value one cell further right than its header (fengxian-2024.txt:386).
    assert_indicator(
        &b,
        "督查调研经费",
        0,
        "县政府公文、会议决定的所有事项",
        "≥1099项",
    );
    assert_indicator(&b, "县政府公车运行费", 0, "车辆行车安全率", "≥100%"); // fengxian-2024.txt:443
    assert_indicator(
        &b,
        "凤县党政机关互联网统一出口管理暨电子政务平台升级项目",
        0,
        "光纤标准、数量",
        "43条(100M)光纤",
    ); // fengxian-2024.txt:468
}

#[test]
fn fengxian_narrative_facts() {
    let b = seed("fengxian-2024");
    assert_vehicles(&b, 22, 194); // fengxian-2024.txt:194 共有车辆22辆
    assert!(b.sub_units.is_empty());
}

// ---------------------------------------------------------------------------------------------
// fengquan-2024: 中共新乡市凤泉区委员会办公室; spaced labels; split project codes
// ---------------------------------------------------------------------------------------------

const FQ: &str = "fengquan-2024.txt";

#[test]
fn fengquan_identity() {
    let b = seed("fengquan-2024");
    assert_name(&b, "中共新乡市凤泉区委员会办公室"); // fengquan-2024.txt:3, :178
    assert_eq!(b.year, Some(2024)); // fengquan-2024.txt:5
}

#[test]
fn fengquan_totals() {
    let b = seed("fengquan-2024");
    let t = &b.totals;
    // 收 入 总 计 1,261.66 includes 上年结转结余 20.00 (fengquan-2024.txt:213–214).
    assert_fig_at(&t.income, "1261.66", FQ, 214, "income");
    assert_fig_at(&t.expenditure, "1261.66", FQ, 214, "expenditure");
    assert_fig_at(&t.carried_over, "20.00", FQ, 213, "carried over");
    // 支出预算表 合计 (fengquan-2024.txt:225): 1038.62 / 223.04. The narrative says 基本支出
    // 1058.62 and 项目支出 203.04 (:88); the 一般公共预算支出表 says 1,038.62 / 203.04 (:298).
    // Tables win; the 支出总表 wins over the 一般公共预算支出表.
    assert_fig_at(&t.basic, "1038.62", FQ, 225, "basic");
    assert_fig_at(&t.project, "223.04", FQ, 225, "project");
    assert_fig_at(&t.personnel, "980.74", FQ, 327, "personnel"); // fengquan-2024.txt:327
    assert_fig_at(&t.public_funds, "57.88", FQ, 327, "public funds"); // fengquan-2024.txt:327
    // 1261.66 − 84.41 (收支增加 84.41 万元, fengquan-2024.txt:80)
    assert_fig_at(&t.prior_year, "1177.25", FQ, 80, "prior year");
}

#[test]
fn fengquan_function_tree() {
    let b = seed("fengquan-2024");
    // 类 not printed in the 支出预算表: sums of 项. Note 201 sums to 966.69 while the 收支表
    // prints 966.70 (fengquan-2024.txt:182) — a discrepancy in the document itself.
    let classes: &[Fx] = &[
        ("201", "966.69", Some("763.66"), Some("203.03")), // 227–234
        ("208", "151.90", Some("151.90"), Some("0.00")),   // 235–239
        ("210", "40.52", Some("40.52"), Some("0.00")),     // 240–241
        ("221", "82.54", Some("82.54"), Some("0.00")),     // 242
        ("223", "20.00", Some("0.00"), Some("20.00")),     // 243
    ];
    let sections: &[Fx] = &[
        ("20128", "5.00", None, None),   // 227
        ("20129", "9.73", None, None),   // 228
        ("20131", "904.34", None, None), // 229–231
        ("20136", "14.62", None, None),  // 232–233
        ("20199", "33.00", None, None),  // 234
        ("20805", "146.93", None, None), // 235–237
        ("20808", "1.82", None, None),   // 238
        ("20899", "3.15", None, None),   // 239
        ("21011", "40.52", None, None),  // 240–241
        ("22102", "82.54", None, None),  // 242
        ("22301", "20.00", None, None),  // 243
    ];
    let items: &[Fx] = &[
        ("2012801", "5.00", Some("0.00"), Some("5.00")), // fengquan-2024.txt:227
        ("2012901", "9.73", Some("0.00"), Some("9.73")), // fengquan-2024.txt:228
        ("2013101", "422.15", Some("362.15"), Some("60.00")), // fengquan-2024.txt:229
        ("2013150", "401.51", Some("401.51"), Some("0.00")), // fengquan-2024.txt:230
        ("2013199", "80.68", Some("0.00"), Some("80.68")), // fengquan-2024.txt:231
        ("2013601", "4.00", Some("0.00"), Some("4.00")), // fengquan-2024.txt:232
        ("2013699", "10.62", Some("0.00"), Some("10.62")), // fengquan-2024.txt:233
        ("2019999", "33.00", Some("0.00"), Some("33.00")), // fengquan-2024.txt:234
        ("2080501", "58.32", Some("58.32"), Some("0.00")), // fengquan-2024.txt:235
        ("2080502", "1.27", Some("1.27"), Some("0.00")), // fengquan-2024.txt:236
        ("2080505", "87.34", Some("87.34"), Some("0.00")), // fengquan-2024.txt:237
        ("2080801", "1.82", Some("1.82"), Some("0.00")), // fengquan-2024.txt:238
        ("2089999", "3.15", Some("3.15"), Some("0.00")), // fengquan-2024.txt:239
        ("2101101", "18.39", Some("18.39"), Some("0.00")), // fengquan-2024.txt:240
        ("2101102", "22.13", Some("22.13"), Some("0.00")), // fengquan-2024.txt:241
        ("2210201", "82.54", Some("82.54"), Some("0.00")), // fengquan-2024.txt:242
        ("2230105", "20.00", Some("0.00"), Some("20.00")), // fengquan-2024.txt:243
    ];
    assert_function_tree(&b, classes, sections, items);
}

#[test]
fn fengquan_economic() {
    let b = seed("fengquan-2024");
    let lines: &[Ex] = &[
        (Some("30103"), "27.28", Some("27.28"), Some("0.00")), // fengquan-2024.txt:328 奖金
        (Some("30107"), "166.53", Some("166.53"), Some("0.00")), // fengquan-2024.txt:329 绩效工资
        (Some("30102"), "215.22", Some("215.22"), Some("0.00")), // fengquan-2024.txt:330 津贴补贴
        (Some("30305"), "1.82", Some("1.82"), Some("0.00")),   // fengquan-2024.txt:331 生活补助
        (Some("30101"), "278.92", Some("278.92"), Some("0.00")), // fengquan-2024.txt:332 基本工资
        (Some("30110"), "40.52", Some("40.52"), Some("0.00")), // fengquan-2024.txt:333
        (Some("30113"), "45.45", Some("45.45"), Some("0.00")), // fengquan-2024.txt:334 住房公积金
        (Some("30113"), "37.09", Some("37.09"), Some("0.00")), // fengquan-2024.txt:335
        (Some("30229"), "0.00", Some("0.00"), Some("0.00")),   // fengquan-2024.txt:336 福利费
        (Some("30229"), "0.00", Some("0.00"), Some("0.00")),   // fengquan-2024.txt:337
        (Some("302"), "0.00", Some("0.00"), Some("0.00")), // fengquan-2024.txt:338 (class code on a data row)
        (Some("30228"), "6.19", Some("0.00"), Some("6.19")), // fengquan-2024.txt:339 工会经费
        (Some("30228"), "7.58", Some("0.00"), Some("7.58")), // fengquan-2024.txt:340
        (Some("30201"), "10.32", Some("0.00"), Some("10.32")), // fengquan-2024.txt:341 办公费
        (Some("30239"), "21.45", Some("0.00"), Some("21.45")), // fengquan-2024.txt:342 其他交通费用
        (Some("30302"), "77.42", Some("77.42"), Some("0.00")), // fengquan-2024.txt:343 退休费
        (Some("30299"), "10.14", Some("0.00"), Some("10.14")), // fengquan-2024.txt:344
        (Some("30299"), "0.00", Some("0.00"), Some("0.00")), // fengquan-2024.txt:345
        (Some("30108"), "87.34", Some("87.34"), Some("0.00")), // fengquan-2024.txt:346
        (Some("30112"), "3.15", Some("3.15"), Some("0.00")), // fengquan-2024.txt:347
        (Some("30231"), "2.20", Some("0.00"), Some("2.20")), // fengquan-2024.txt:348
    ];
    assert_economic_lines(&b, lines);
    // Class sums; equal to the 支出预算表 合计 columns (fengquan-2024.txt:225: 901.50 / 79.24 /
    // 57.88). The 0.00 row coded "302" (:338) is a data row, not the class total.
    assert_economic(&b, "301", "901.50");
    assert_economic(&b, "302", "57.88");
    assert_economic(&b, "303", "79.24");
    assert_economic(&b, "30113", "82.54"); // 45.45 + 37.09, fengquan-2024.txt:334–335
    assert_economic(&b, "30228", "13.77"); // 6.19 + 7.58, fengquan-2024.txt:339–340
}

#[test]
fn fengquan_sanggong() {
    let b = seed("fengquan-2024");
    // fengquan-2024.txt:360 "11.00 0.00 9.00 0.00 9.00 2.00"
    assert_sanggong(
        &b,
        [
            Some("11.00"),
            Some("0.00"),
            Some("9.00"),
            Some("0.00"),
            Some("9.00"),
            Some("2.00"),
        ],
    );
    assert_eq!(b.sanggong.reception.as_ref().unwrap().source.line, 360);
}

#[test]
fn fengquan_projects() {
    let b = seed("fengquan-2024");
    assert_projects(
        &b,
        &[
            ("专项-区委办综合业务经费", "60.00"),   // fengquan-2024.txt:440
            ("专项-设备换装经费", "30.00"),         // fengquan-2024.txt:443
            ("专项-电子政务网络运行经费", "9.00"),  // fengquan-2024.txt:447
            ("专项-省委会商系统建设经费", "31.00"), // fengquan-2024.txt:450
            ("专项-档案管理", "20.00"),             // fengquan-2024.txt:453
            ("专项-项目监理经费", "8.50"),          // fengquan-2024.txt:456
            ("专项-区工商联综合业务经费", "5.00"),  // fengquan-2024.txt:459
            ("专项-区机要局综合业务经费", "4.00"),  // fengquan-2024.txt:463
            ("专项-区机要局业务经费", "10.00"),     // fengquan-2024.txt:466
            ("专项-区团委综合业务经费", "2.00"),    // fengquan-2024.txt:469
            ("专项-区科协综合业务经费", "2.00"),    // fengquan-2024.txt:472
            ("专项-区妇联综合业务经费", "2.00"),    // fengquan-2024.txt:476
            ("专项-区委区政府督办中心综合业务经费", "10.00"), // fengquan-2024.txt:479
            ("专项-督查督办平台", "23.00"),         // fengquan-2024.txt:482
            ("专项-区委机要保密局设备购置", "0.62"), // fengquan-2024.txt:485
            ("专项-区档案馆设备购置", "2.18"),      // fengquan-2024.txt:489
            ("专项-区妇联设备购置", "1.24"),        // fengquan-2024.txt:493
            ("专项-区科协设备购置", "1.24"),        // fengquan-2024.txt:496
            ("专项-团区委设备购置", "1.24"),        // fengquan-2024.txt:499
        ],
    );
    // Codes: whole on line 440, split over two cells on line 447 ("41070424000 0000004850").
    assert_eq!(b.projects[0].code.as_deref(), Some("410704240000000004844")); // :440
    assert_eq!(b.projects[2].code.as_deref(), Some("410704240000000004850")); // :447
    assert_eq!(
        b.projects[18].code.as_deref(),
        Some("410704240000000029264")
    ); // :499
    assert_indicator(&b, "专项-电子政务网络运行经费", 0, "覆盖范围", "≥29个"); // :447
    assert_indicator(&b, "专项-档案管理", 0, "档案数量", "5742个"); // :453
    assert_indicator(&b, "专项-区档案馆设备购置", 0, "台式电脑", "3台"); // :490
    assert_indicator(&b, "专项-设备换装经费", 0, "更换数量", "2台"); // :443
}

#[test]
fn fengquan_narrative_facts() {
    let b = seed("fengquan-2024");
    assert_vehicles(&b, 3, 140); // fengquan-2024.txt:140 共有车辆3辆
}

// ---------------------------------------------------------------------------------------------
// laiyuan-2024: 涞源县人民政府办公室; one cell per line, rows separated by blank lines
// ---------------------------------------------------------------------------------------------

const LY: &str = "laiyuan-2024.txt";

#[test]
fn laiyuan_identity() {
    let b = seed("laiyuan-2024");
    // Tables print "434涞源县人民政府办公室" (unit code 434 glued on, laiyuan-2024.txt:2);
    // the narrative names 涞源县人民政府办公室 (laiyuan-2024.txt:1614).
    assert_name(&b, "涞源县人民政府办公室");
    assert_eq!(b.year, Some(2024)); // laiyuan-2024.txt:3 预算年度：2024
}

#[test]
fn laiyuan_totals() {
    let b = seed("laiyuan-2024");
    let t = &b.totals;
    assert_fig_at(&t.income, "1486.83", LY, 222, "income"); // laiyuan-2024.txt:221–222 收入总计
    assert_fig_at(&t.expenditure, "1486.83", LY, 224, "expenditure"); // :223–224 支出总计
    assert_fig_at(&t.basic, "1191.02", LY, 547, "basic"); // laiyuan-2024.txt:547 支出总表 合计
    assert_fig_at(&t.project, "295.81", LY, 548, "project"); // laiyuan-2024.txt:548
    assert_fig_at(&t.personnel, "822.18", LY, 1250, "personnel"); // laiyuan-2024.txt:1250
    assert_fig_at(&t.public_funds, "368.84", LY, 1251, "public funds"); // laiyuan-2024.txt:1251
    // 1486.83 − 167.73 (较2023年预算增加167.73万元, laiyuan-2024.txt:1654)
    assert_fig_at(&t.prior_year, "1319.10", LY, 1654, "prior year");
}

#[test]
fn laiyuan_function_tree() {
    let b = seed("laiyuan-2024");
    // 类 and 款 rows are printed: they carry the printed amounts (not derived).
    let classes: &[Fx] = &[
        ("201", "1255.37", Some("1004.56"), Some("250.81")), // laiyuan-2024.txt:556–558
        ("208", "151.73", Some("151.73"), None),             // laiyuan-2024.txt:606–607
        ("215", "45.00", None, Some("45.00")),               // laiyuan-2024.txt:656, 658
        ("221", "34.73", Some("34.73"), None),               // laiyuan-2024.txt:686–687
    ];
    let sections: &[Fx] = &[
        ("20103", "1255.37", Some("1004.56"), Some("250.81")), // laiyuan-2024.txt:566–568
        ("20805", "151.73", Some("151.73"), None),             // laiyuan-2024.txt:616–617
        ("21508", "45.00", None, Some("45.00")),               // laiyuan-2024.txt:666, 668
        ("22102", "34.73", Some("34.73"), None),               // laiyuan-2024.txt:696–697
    ];
    let items: &[Fx] = &[
        ("2010301", "1104.54", Some("1004.56"), Some("99.98")), // laiyuan-2024.txt:576–578 行政运行
        ("2010302", "35.72", None, Some("35.72")),              // laiyuan-2024.txt:586, 588
        ("2010305", "115.11", None, Some("115.11")),            // laiyuan-2024.txt:596, 598
        ("2080501", "47.54", Some("47.54"), None),              // laiyuan-2024.txt:626–627
        ("2080505", "69.46", Some("69.46"), None),              // laiyuan-2024.txt:636–637
        ("2080506", "34.73", Some("34.73"), None),              // laiyuan-2024.txt:646–647
        ("2150805", "45.00", None, Some("45.00")),              // laiyuan-2024.txt:676, 678
        ("2210201", "34.73", Some("34.73"), None),              // laiyuan-2024.txt:706–707
    ];
    assert_function_tree(&b, classes, sections, items);
    let n201 = b.function("201").unwrap();
    assert!(!n201.derived, "laiyuan prints its 201 row");
    assert_eq!(n201.amount.as_ref().unwrap().source.line, 556);
    assert_eq!(
        b.function("2010301")
            .unwrap()
            .project
            .as_ref()
            .unwrap()
            .source
            .line,
        578
    );
}

#[test]
fn laiyuan_economic() {
    let b = seed("laiyuan-2024");
    // Class rows 301/302/303 are printed and are lines too.
    let lines: &[Ex] = &[
        (Some("301"), "773.68", Some("773.68"), None), // laiyuan-2024.txt:1256–1257 工资福利支出
        (Some("30101"), "353.13", Some("353.13"), None), // laiyuan-2024.txt:1263 基本工资
        (Some("30102"), "127.26", Some("127.26"), None), // laiyuan-2024.txt:1270 津贴补贴
        (Some("30103"), "43.29", Some("43.29"), None), // laiyuan-2024.txt:1277 奖金
        (Some("30107"), "79.83", Some("79.83"), None), // laiyuan-2024.txt:1284 绩效工资
        (Some("30108"), "69.46", Some("69.46"), None), // laiyuan-2024.txt:1291
        (Some("30109"), "34.73", Some("34.73"), None), // laiyuan-2024.txt:1298 职业年金缴费
        (Some("30110"), "28.09", Some("28.09"), None), // laiyuan-2024.txt:1305
        (Some("30112"), "3.16", Some("3.16"), None),   // laiyuan-2024.txt:1312
        (Some("30113"), "34.73", Some("34.73"), None), // laiyuan-2024.txt:1319 住房公积金
        (Some("302"), "368.84", None, Some("368.84")), // laiyuan-2024.txt:1326, 1328 商品和服务支出
        (Some("30201"), "97.49", None, Some("97.49")), // laiyuan-2024.txt:1333 办公费
        (Some("30202"), "10.00", None, Some("10.00")), // laiyuan-2024.txt:1340 印刷费
        (Some("30205"), "14.04", None, Some("14.04")), // laiyuan-2024.txt:1347 水费
        (Some("30207"), "7.97", None, Some("7.97")),   // laiyuan-2024.txt:1354 邮电费
        (Some("30211"), "33.60", None, Some("33.60")), // laiyuan-2024.txt:1361 差旅费
        (Some("30212"), "7.00", None, Some("7.00")),   // laiyuan-2024.txt:1368 因公出国（境）费用
        (Some("30215"), "15.00", None, Some("15.00")), // laiyuan-2024.txt:1375 会议费
        (Some("30217"), "95.00", None, Some("95.00")), // laiyuan-2024.txt:1382 公务接待费
        (Some("30231"), "69.00", None, Some("69.00")), // laiyuan-2024.txt:1389 公务用车运行维护费
        (Some("30239"), "19.74", None, Some("19.74")), // laiyuan-2024.txt:1396 其他交通费用
        (Some("303"), "48.50", Some("48.50"), None), // laiyuan-2024.txt:1403–1404 对个人和家庭的补助
        (Some("30301"), "14.27", Some("14.27"), None), // laiyuan-2024.txt:1410 离休费
        (Some("30302"), "33.27", Some("33.27"), None), // laiyuan-2024.txt:1417 退休费
        (Some("30305"), "0.96", Some("0.96"), None), // laiyuan-2024.txt:1424 生活补助
    ];
    assert_economic_lines(&b, lines);
    assert_economic(&b, "301", "773.68"); // laiyuan-2024.txt:1256 (printed)
    assert_economic(&b, "302", "368.84"); // laiyuan-2024.txt:1326 (printed)
    assert_economic(&b, "303", "48.50"); // laiyuan-2024.txt:1403 (printed)
    assert_economic(&b, "30217", "95.00"); // laiyuan-2024.txt:1382
    let n301 = b.economic("301").unwrap();
    assert_eq!(n301.amount.as_ref().unwrap().source.line, 1256);
}

#[test]
fn laiyuan_sanggong() {
    let b = seed("laiyuan-2024");
    // The table's 合计 186.00 (laiyuan-2024.txt:1523) includes 会议费/培训费 rows; the 三公 total
    // is the “三公”经费小计 171.00 (:1530), as the narrative also says (:1658).
    // 公务用车购置费 row is blank (:1565) → 0.
    assert_sanggong(
        &b,
        [
            Some("171.00"),
            Some("7.00"),
            Some("69.00"),
            Some("0"),
            Some("69.00"),
            Some("95.00"),
        ],
    );
    let s = &b.sanggong;
    assert_eq!(s.total.as_ref().unwrap().source.line, 1530);
    assert_eq!(s.outbound.as_ref().unwrap().source.line, 1537);
    assert_eq!(s.vehicles.as_ref().unwrap().source.line, 1558);
    assert_eq!(s.vehicle_operation.as_ref().unwrap().source.line, 1572);
    assert_eq!(s.reception.as_ref().unwrap().source.line, 1579);
}

#[test]
fn laiyuan_projects() {
    let b = seed("laiyuan-2024");
    assert_projects(
        &b,
        &[
            ("OA系统服务费", "5.44"),                       // laiyuan-2024.txt:1707
            ("北斗服务费", "13.98"),                        // laiyuan-2024.txt:1815
            ("法治办专项", "10.00"),                        // laiyuan-2024.txt:1923
            ("挂牌上市奖励资金", "45.00"),                  // laiyuan-2024.txt:2031
            ("金融办经费", "2.00"),                         // laiyuan-2024.txt:2139
            ("金融中心专项债卷服务费", "60.00"),            // laiyuan-2024.txt:2247
            ("杏花湾租金", "51.00"),                        // laiyuan-2024.txt:2355
            ("政府办工作经费", "30.00"),                    // laiyuan-2024.txt:2463
            ("政府办举办企业家早餐会经费", "5.00"),         // laiyuan-2024.txt:2571
            ("政府办异地调动干部周转住房费用", "30.72"),    // laiyuan-2024.txt:2679
            ("政府办原治金矿业总公司遗留问题电费", "5.00"), // laiyuan-2024.txt:2787
            ("政府地方志专项", "21.14"),                    // laiyuan-2024.txt:2895
            ("政府网络信息费", "7.23"),                     // laiyuan-2024.txt:3003
            ("智能签批设备", "9.31"),                       // laiyuan-2024.txt:3111
        ],
    );
    assert_eq!(b.projects[0].code.as_deref(), Some("13063024P000092100025")); // :1701
    assert_eq!(b.projects[4].code.as_deref(), Some("13063024P00003210003D")); // :2133
    assert_eq!(
        b.projects[13].code.as_deref(),
        Some("13063024P000090100016")
    ); // :3105
    assert_indicator(&b, "北斗服务费", 0, "平台用车数量", "≥241辆"); // laiyuan-2024.txt:1852
    assert_indicator(&b, "法治办专项", 0, "办理案件数量", "≥14件"); // laiyuan-2024.txt:1960
    assert_indicator(&b, "杏花湾租金", 0, "租赁面积", "≤38771平方米"); // laiyuan-2024.txt:2392
    assert_indicator(&b, "OA系统服务费", 0, "系统数量", "1条"); // laiyuan-2024.txt:1744
}

#[test]
fn laiyuan_narrative_facts() {
    let b = seed("laiyuan-2024");
    // From the assets table: 2、车辆（台、辆） 32 (laiyuan-2024.txt:3281–3282).
    assert_vehicles(&b, 32, 3282);
}

// ---------------------------------------------------------------------------------------------
// robustness
// ---------------------------------------------------------------------------------------------

fn seed_bytes(slug: &str) -> Vec<u8> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("content/budgets")
        .join(format!("{slug}.txt"));
    std::fs::read(path).unwrap()
}

#[track_caller]
fn assert_refused(file: &str, bytes: &[u8]) {
    let slug = file.trim_end_matches(".txt");
    match department::load_bytes(file, slug, bytes) {
        Ok(b) => panic!(
            "{file}: expected an error, got a budget named {:?}",
            b.display_name()
        ),
        Err(e) => {
            let shown = e.to_string();
            assert!(
                shown.contains(file),
                "the error must name the file {file}: {shown}"
            );
            assert!(
                shown.len() > file.len() + 2,
                "the error must say why: {shown}"
            );
        }
    }
}

#[test]
fn random_text_is_not_a_budget() {
    assert_refused(
        "notes.txt",
        "今天天气很好，我们去公园散步。\n\nThe quick brown fox jumps over the lazy dog.\n1 2 3 4 5\n"
            .as_bytes(),
    );
}

#[test]
fn a_poem_with_numbers_is_not_a_budget() {
    // Text with figures and 万元 but no budget tables and no department.
    assert_refused(
        "poem.txt",
        "床前明月光，疑是地上霜。\n举头望明月，低头思故乡。\n买菜花了 12.50 元，房租 0.30 万元。\n"
            .as_bytes(),
    );
}

#[test]
fn empty_file_is_not_a_budget() {
    assert_refused("empty.txt", b"");
    assert_refused("blank.txt", b"\n\n  \n\t\n");
}

#[test]
fn binary_file_is_not_a_budget() {
    let mut png = vec![
        0x89, b'P', b'N', b'G', 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d,
    ];
    png.extend((0u8..=255).cycle().take(2048));
    assert_refused("image.txt", &png);
}

#[test]
fn a_gb18030_copy_reads_the_same_figures() {
    let text = String::from_utf8(seed_bytes("weihui-2024")).unwrap();
    let (gbk, _, unmappable) = encoding_rs::GB18030.encode(&text);
    assert!(!unmappable);
    let b = department::load_bytes("weihui-2024.txt", "weihui-2024", &gbk)
        .unwrap_or_else(|e| panic!("{e}"));
    assert_fig_at(
        &b.totals.expenditure,
        "922.94",
        WH,
        245,
        "GB18030 expenditure",
    ); // weihui-2024.txt:245
    assert_fig_at(&b.totals.basic, "483.80", WH, 256, "GB18030 basic"); // weihui-2024.txt:256
    assert_name(&b, "卫辉市人民政府办公室");
}

#[test]
fn a_crlf_copy_reads_the_same_figures_and_lines() {
    let text = String::from_utf8(seed_bytes("luohe-2024")).unwrap();
    let crlf = text.replace('\n', "\r\n");
    let b = department::load_bytes("luohe-2024.txt", "luohe-2024", crlf.as_bytes())
        .unwrap_or_else(|e| panic!("{e}"));
    assert_fig_at(&b.totals.income, "4212.99", LH, 247, "CRLF income"); // luohe-2024.txt:247
    assert_fig_at(&b.totals.personnel, "2557.74", LH, 368, "CRLF personnel"); // luohe-2024.txt:368
    assert_eq!(b.projects.len(), 31); // luohe-2024.txt:480–511
}

#[test]
fn a_folder_with_bad_files_still_yields_the_good_budgets() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("weihui-2024.txt"),
        seed_bytes("weihui-2024"),
    )
    .unwrap();
    std::fs::write(dir.path().join("luohe-2024.txt"), seed_bytes("luohe-2024")).unwrap();
    std::fs::write(
        dir.path().join("broken.txt"),
        [0u8, 159, 146, 150, 0, 1, 2, 3],
    )
    .unwrap();
    std::fs::write(dir.path().join("empty.txt"), b"").unwrap();
    std::fs::write(
        dir.path().join("notes.txt"),
        "随便写点什么，这不是预算。\nhello\n",
    )
    .unwrap();
    // A folder's README is not a document.
    std::fs::write(dir.path().join("README.md"), "# not a document\n").unwrap();

    let results = department::load_dir(dir.path()).unwrap();
    assert_eq!(results.len(), 5, "the five .txt files, README.md ignored");
    // Sorted by file name: broken, empty, luohe-2024, notes, weihui-2024.
    for (i, bad) in [(0, "broken.txt"), (1, "empty.txt"), (3, "notes.txt")] {
        match &results[i] {
            Ok(b) => panic!("{bad} should fail, got budget {}", b.slug),
            Err(e) => assert!(e.to_string().contains(bad), "error names {bad}: {e}"),
        }
    }
    let luohe = results[2].as_ref().unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(luohe.slug, "luohe-2024");
    assert_fig(&luohe.totals.expenditure, "4212.99", "luohe in folder"); // luohe-2024.txt:247
    let weihui = results[4].as_ref().unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(weihui.slug, "weihui-2024");
    assert_fig(&weihui.totals.expenditure, "922.94", "weihui in folder"); // weihui-2024.txt:245
    assert_fig(&weihui.totals.project, "439.14", "weihui in folder"); // weihui-2024.txt:256
}

#[test]
fn all_five_seeds_load_from_the_content_folder() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("content/budgets");
    let results = department::load_dir(&dir).unwrap();
    let slugs: Vec<String> = results
        .iter()
        .map(|r| match r {
            Ok(b) => b.slug.clone(),
            Err(e) => panic!("{e}"),
        })
        .collect();
    assert_eq!(
        slugs,
        [
            "fengquan-2024",
            "fengxian-2024",
            "laiyuan-2024",
            "luohe-2024",
            "weihui-2024"
        ]
    );
}
