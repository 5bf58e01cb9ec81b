//! Synthetic portals of several years: each department discloses every year, and each year's
//! narrative states last year's figures (the total, basic and project expenditure, 三公 and its
//! items, the 类) equal to the previous year's own disclosure, except for a few planted
//! mismatches ([`Planted`]). For the cross-year tests and the benchmark.
//!
//! A document is small and made from scratch (not from a seed, whose 上年 figures are the real
//! previous year's): a title, the narrative's statements, and the summary, expenditure and 三公
//! tables, with figures in exact cents. Its file name says nothing about the department or the
//! year (`doc-<n>.txt`): the site must read both from the document.

use std::fmt::Write as _;
use std::path::Path;

use super::Rng;

/// What a planted mismatch misstates: last year's figure of this item in the narrative.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlantedItem {
    Total,
    Basic,
    Sanggong,
    Reception,
    /// 类 201.
    Class201,
}

/// One planted mismatch: the narrative of `department`'s `year` states last year's `item` off by
/// `off` cents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Planted {
    /// The file of the document that misstates it.
    pub file: String,
    /// The department's name (its id is this made safe for a path).
    pub department: String,
    pub year: u16,
    pub item: PlantedItem,
    pub off: i64,
}

/// Cents in a 万元.
const CENTS: i64 = 100;

/// One year's figures of a department, in cents (万元 × 100).
#[derive(Debug, Clone, Copy)]
struct Figures {
    basic: i64,
    project: i64,
    personnel: i64,
    /// 类 201 and 类 208 (basic + project = 201 + 208).
    class201: i64,
    class208: i64,
    outbound: i64,
    reception: i64,
    vehicle_purchase: i64,
    vehicle_operation: i64,
}

impl Figures {
    fn total(&self) -> i64 {
        self.basic + self.project
    }
    fn public_funds(&self) -> i64 {
        self.basic - self.personnel
    }
    fn vehicles(&self) -> i64 {
        self.vehicle_purchase + self.vehicle_operation
    }
    fn sanggong(&self) -> i64 {
        self.outbound + self.reception + self.vehicles()
    }
}

fn wan(cents: i64) -> String {
    let sign = if cents < 0 { "-" } else { "" };
    let c = cents.abs();
    format!("{sign}{}.{:02}", c / 100, c % 100)
}

/// `较上年 B 万元增加/减少 C 万元` for this year `now` and last year `before`.
fn against(now: i64, before: i64) -> String {
    let delta = now - before;
    if delta == 0 {
        return format!("较上年{}万元持平", wan(before));
    }
    let verb = if delta > 0 { "增加" } else { "减少" };
    format!("较上年{}万元{verb}{}万元", wan(before), wan(delta.abs()))
}

fn figures(rng: &mut Rng) -> Figures {
    let basic = 200 * CENTS + rng.below((800 * CENTS) as usize) as i64;
    let project = 50 * CENTS + rng.below((500 * CENTS) as usize) as i64;
    let personnel = basic * 8 / 10;
    let class201 = (basic + project) * 7 / 10;
    Figures {
        basic,
        project,
        personnel,
        class201,
        class208: basic + project - class201,
        outbound: rng.below((3 * CENTS) as usize) as i64,
        reception: 50 + rng.below((5 * CENTS) as usize) as i64,
        vehicle_purchase: 0,
        vehicle_operation: CENTS + rng.below((20 * CENTS) as usize) as i64,
    }
}

/// The next year's figures: each changes a little.
fn next(rng: &mut Rng, f: &Figures) -> Figures {
    let mut step = |x: i64| (x + rng.below(41) as i64 * x / 200 - x / 10).max(0);
    let basic = step(f.basic).max(100 * CENTS);
    let project = step(f.project);
    let personnel = basic * 8 / 10;
    let class201 = (basic + project) * 7 / 10;
    Figures {
        basic,
        project,
        personnel,
        class201,
        class208: basic + project - class201,
        outbound: step(f.outbound),
        reception: step(f.reception),
        vehicle_purchase: 0,
        vehicle_operation: step(f.vehicle_operation),
    }
}

/// The text of one year's document. `prior` is what its narrative states for last year.
fn document(
    name: &str,
    year: u16,
    f: &Figures,
    prior: &Figures,
    (prior_total, prior_sanggong): (i64, i64),
) -> String {
    let last = year - 1;
    let mut t = String::new();
    let total = f.total();
    let _ = writeln!(t, "{name}{year}年部门预算公开\n");
    let _ = writeln!(t, "第二部分 {name}{year}年部门预算情况说明\n");
    let _ = writeln!(t, "一、收入支出预算总体情况说明\n");
    let delta = total - prior_total;
    let verb = if delta >= 0 { "增加" } else { "减少" };
    let _ = writeln!(
        t,
        "{name}{year}年收入总计{}万元，支出总计{}万元，与{last}年预算相比，收支{verb}{}万元。\n",
        wan(total),
        wan(total),
        wan(delta.abs())
    );
    let _ = writeln!(t, "三、支出预算总体情况说明\n");
    let _ = writeln!(
        t,
        "{name}{year}年支出合计{}万元，其中：基本支出{}万元，{}；项目支出{}万元，{}。\n",
        wan(total),
        wan(f.basic),
        against(f.basic, prior.basic),
        wan(f.project),
        against(f.project, prior.project)
    );
    let _ = writeln!(t, "五、一般公共预算支出情况说明\n");
    let _ = writeln!(
        t,
        "主要用于以下方面：一般公共服务支出(201){}万元，{}；社会保障和就业支出(208){}万元，{}。\n",
        wan(f.class201),
        against(f.class201, prior.class201),
        wan(f.class208),
        against(f.class208, prior.class208)
    );
    let _ = writeln!(t, "六、一般公共预算基本支出情况说明\n");
    let _ = writeln!(
        t,
        "{name}{year}年一般公共预算基本支出{}万元。其中：人员经费支出{}万元；公用经费支出{}万元。\n",
        wan(f.basic),
        wan(f.personnel),
        wan(f.public_funds())
    );
    let _ = writeln!(t, "七、“三公”经费支出情况说明\n");
    let _ = writeln!(
        t,
        "{year}年本单位当年一般公共预算“三公”经费预算支出{}万元，{}。其中：因公出国（境）经费{}万元，{}；公务接待费{}万元，{}；公务用车运行维护费{}万元，{}；公务用车购置费{}万元，{}。\n",
        wan(f.sanggong()),
        against(f.sanggong(), prior_sanggong),
        wan(f.outbound),
        against(f.outbound, prior.outbound),
        wan(f.reception),
        against(f.reception, prior.reception),
        wan(f.vehicle_operation),
        against(f.vehicle_operation, prior.vehicle_operation),
        wan(f.vehicle_purchase),
        against(f.vehicle_purchase, prior.vehicle_purchase),
    );
    // The summary table.
    let _ = writeln!(t, "{year}年部门收支总体情况表\n");
    let _ = writeln!(t, "部门名称：{name}\n");
    let _ = writeln!(t, "单位：万元\n");
    let _ = writeln!(t, "收入\t\t支出\t");
    let _ = writeln!(t, "项目\t金额\t项目\t金额");
    let _ = writeln!(
        t,
        "一、一般公共预算\t{}\t一、一般公共服务\t{}",
        wan(total),
        wan(f.class201)
    );
    let _ = writeln!(t, "\t\t二、社会保障和就业\t{}", wan(f.class208));
    let _ = writeln!(
        t,
        "本年收入合计\t{}\t本年支出合计\t{}",
        wan(total),
        wan(total)
    );
    let _ = writeln!(t, "收入总计\t{}\t支出总计\t{}\n", wan(total), wan(total));
    // The expenditure table: 类 with basic and project, and the split of basic.
    let _ = writeln!(t, "{year}年部门支出总体情况表\n");
    let _ = writeln!(t, "部门名称：{name}\n");
    let _ = writeln!(t, "单位：万元\n");
    let _ = writeln!(t, "科目编码\t科目名称\t合计\t基本支出\t项目支出");
    let _ = writeln!(
        t,
        "\t合计\t{}\t{}\t{}",
        wan(total),
        wan(f.basic),
        wan(f.project)
    );
    // 类 201 takes all of basic and what is left of its amount in projects.
    let p201 = f.class201 - f.basic;
    let _ = writeln!(
        t,
        "201\t一般公共服务支出\t{}\t{}\t{}",
        wan(f.class201),
        wan(f.basic),
        wan(p201)
    );
    let _ = writeln!(
        t,
        "208\t社会保障和就业支出\t{}\t\t{}\n",
        wan(f.class208),
        wan(f.class208)
    );
    let _ = writeln!(t, "{year}年一般公共预算基本支出表\n");
    let _ = writeln!(t, "单位：万元\n");
    let _ = writeln!(t, "经济分类科目编码\t科目名称\t合计\t人员经费\t公用经费");
    let _ = writeln!(
        t,
        "\t合计\t{}\t{}\t{}",
        wan(f.basic),
        wan(f.personnel),
        wan(f.public_funds())
    );
    let _ = writeln!(
        t,
        "301\t工资福利支出\t{}\t{}\t",
        wan(f.personnel),
        wan(f.personnel)
    );
    let _ = writeln!(
        t,
        "302\t商品和服务支出\t{}\t\t{}\n",
        wan(f.public_funds()),
        wan(f.public_funds())
    );
    let _ = writeln!(t, "{year}年一般公共预算“三公”经费支出情况表\n");
    let _ = writeln!(t, "部门名称：{name}\n");
    let _ = writeln!(t, "单位：万元\n");
    let _ = writeln!(
        t,
        "“三公”经费合计\t因公出国（境）费\t公务用车购置及运行费\t\t\t公务接待费"
    );
    let _ = writeln!(t, "\t\t小计\t公务用车购置费\t公务用车运行费\t");
    let _ = writeln!(
        t,
        "{}\t{}\t{}\t{}\t{}\t{}",
        wan(f.sanggong()),
        wan(f.outbound),
        wan(f.vehicles()),
        wan(f.vehicle_purchase),
        wan(f.vehicle_operation),
        wan(f.reception)
    );
    t
}

/// Writes `departments` departments × `years` years (from `first_year`) into `dir` as
/// `doc-<n>.txt`, shuffled so file order is neither department nor year order; one document in
/// every `every` from the second year on misstates one of last year's figures. Returns what was
/// planted.
pub fn write_years(
    dir: &Path,
    departments: usize,
    first_year: u16,
    years: usize,
    every: usize,
    seed: u64,
) -> std::io::Result<Vec<Planted>> {
    std::fs::create_dir_all(dir)?;
    let mut rng = Rng::new(seed);
    let names: Vec<String> = super::departments(departments, seed)
        .into_iter()
        .map(|d| d.name)
        .collect();
    let mut docs: Vec<(String, String)> = Vec::new();
    let mut planted = Vec::new();
    let items = [
        PlantedItem::Total,
        PlantedItem::Basic,
        PlantedItem::Sanggong,
        PlantedItem::Reception,
        PlantedItem::Class201,
    ];
    let mut counter = 0;
    for name in &names {
        let mut before = figures(&mut rng);
        // What the first year's narrative says about a year the site does not have.
        let mut f = next(&mut rng, &before);
        for k in 0..years {
            let year = first_year + k as u16;
            let mut stated = before;
            let mut stated_total = before.total();
            let mut stated_sanggong = before.sanggong();
            let mut plant = None;
            if k > 0 {
                counter += 1;
                if every > 0 && counter % every == 0 {
                    let item = items[(counter / every) % items.len()];
                    let off = 100 + rng.below(900) as i64;
                    match item {
                        PlantedItem::Total => stated_total += off,
                        PlantedItem::Basic => stated.basic += off,
                        // The total of 三公 alone: its items stay right.
                        PlantedItem::Sanggong => stated_sanggong += off,
                        PlantedItem::Reception => stated.reception += off,
                        PlantedItem::Class201 => stated.class201 += off,
                    }
                    plant = Some((item, off));
                }
            }
            let text = document(name, year, &f, &stated, (stated_total, stated_sanggong));
            docs.push((name.clone(), text));
            if let Some((item, off)) = plant {
                planted.push((docs.len() - 1, name.clone(), year, item, off));
            }
            before = f;
            f = next(&mut rng, &f);
        }
    }
    // File names in a shuffled order that says nothing about department or year.
    let mut order: Vec<usize> = (0..docs.len()).collect();
    for i in (1..order.len()).rev() {
        order.swap(i, rng.below(i + 1));
    }
    let mut file_of = vec![String::new(); docs.len()];
    for (n, &i) in order.iter().enumerate() {
        file_of[i] = format!("doc-{:04}.txt", n + 1);
    }
    for (i, (_, text)) in docs.iter().enumerate() {
        std::fs::write(dir.join(&file_of[i]), text)?;
    }
    Ok(planted
        .into_iter()
        .map(|(i, department, year, item, off)| Planted {
            file: file_of[i].clone(),
            department,
            year,
            item,
            off,
        })
        .collect())
}
