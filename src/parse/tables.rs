//! Typed reading of each kind of table. Columns are found by their header words; rows by what they
//! hold (codes, names, figures), so the order of columns and the layout of the export do not
//! matter.

use crate::load::Row;
use crate::model::*;
use crate::parse::codes::{CodeWalker, class_code_for_name, strip_enumeration};
use crate::parse::grid::{Grid, Section, cell_figure, is_amount, is_decimal_figure};

/// Collects the parser's findings while tables are read.
pub struct Reader<'f> {
    pub file: &'f str,
    pub findings: Vec<Finding>,
}

impl Reader<'_> {
    fn source(&self, line: u32) -> Source {
        Source::new(self.file, line)
    }

    /// A figure from a cell; unreadable text becomes `None` and a finding.
    pub fn figure(
        &mut self,
        row: &Row,
        col: Option<usize>,
        unit: Unit,
        what: &str,
    ) -> Option<Figure> {
        let col = col?;
        match cell_figure(row, col, unit, self.file) {
            Ok(f) => Some(f),
            Err(text) => {
                let line = row.cells.get(col).map(|c| c.line).unwrap_or(row.line);
                self.findings.push(if beyond_range(&text) {
                    beyond_range_finding(what, &text, self.source(line))
                } else {
                    Finding {
                        severity: Severity::Warning,
                        rule: "unreadable-figure".into(),
                        message_zh: format!("无法读取{what}：“{text}”不是金额"),
                        message_en: format!("cannot read {what}: “{text}” is not an amount"),
                        figures: Vec::new(),
                        sources: vec![self.source(line)],
                        details: Vec::new(),
                    }
                });
                None
            }
        }
    }
}

/// A figure printed with more digits than [`parse_decimal`] reads: reported, not read, so it is
/// shown as not disclosed and no sum is computed with it.
pub fn beyond_range_finding(what: &str, text: &str, source: Source) -> Finding {
    let shown: String = text.chars().take(60).collect();
    Finding {
        severity: Severity::Error,
        rule: "figure-out-of-range".into(),
        message_zh: format!(
            "{what}“{shown}”超出可读范围（整数最多 {MAX_INTEGER_DIGITS} 位、小数最多 {MAX_DECIMALS} 位），未读取"
        ),
        message_en: format!(
            "{what} “{shown}” is beyond the range read (at most {MAX_INTEGER_DIGITS} digits before \
             the point and {MAX_DECIMALS} after it); not read"
        ),
        figures: Vec::new(),
        sources: vec![source],
        details: Vec::new(),
    }
}

pub(crate) fn has_cjk(text: &str) -> bool {
    text.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
}

fn is_total_label(text: &str) -> bool {
    let t = strip_enumeration(text).trim_end_matches([':', '：']);
    matches!(t, "合计" | "总计" | "本年合计" | "小计")
}

/// Amount columns of a table by function code.
struct FunctionColumns {
    total: Option<usize>,
    basic: Option<usize>,
    project: Option<usize>,
    unit_code: Option<usize>,
}

fn function_columns(grid: &Grid) -> FunctionColumns {
    // Only this year's columns (a table may print last year's beside them).
    let column = |pred: &dyn Fn(&str) -> bool| {
        grid.column(|l| pred(l) && is_current_period(l, &grid.labels))
    };
    // A column under 基本支出 that names one of its parts (人员支出, 日常公用支出) is not the whole.
    let part = |l: &str| {
        ["人员", "公用", "工资", "商品和服务"]
            .iter()
            .any(|w| l.contains(w))
    };
    // A label carried over from a neighbouring group (`基本支出 项目支出`) names the other group.
    let other = |word: &str| {
        if word == "基本支出" {
            "项目支出"
        } else {
            "基本支出"
        }
    };
    // Where the group prints its parts without a 小计, no column is the whole.
    let group = |word: &str| {
        column(&|l| l.contains(word) && l.contains("小计")).or_else(|| {
            (word != "基本支出" || column(&|l| l.contains(word) && part(l)).is_none())
                .then(|| {
                    column(&|l| l.contains(word) && !l.contains(other(word)))
                        .or_else(|| column(&|l| l.contains(word)))
                })
                .flatten()
        })
    };
    let neither = |l: &str| !l.contains("基本") && !l.contains("项目");
    let total = column(&|l| (l.contains("合计") || l.contains("总计")) && neither(l))
        .or_else(|| {
            column(&|l| l.contains("本年收入") || l.contains("金额") || l.contains("预算数"))
        })
        .or_else(|| column(&|l| l.ends_with("小计") && neither(l)));
    FunctionColumns {
        total,
        basic: group("基本支出"),
        // 陕西's templates name the project expenditure 专项业务经费支出.
        project: column(&|l| l.contains("项目支出") && l.contains("小计"))
            .or_else(|| column(&|l| l.contains("项目支出") && !part(l)))
            .or_else(|| group("项目支出"))
            .or_else(|| column(&|l| l.contains("专项业务经费"))),
        unit_code: grid
            .column(|l| l.contains("单位代码") || l.contains("部门代码") || l.contains("单位编码")),
    }
}

/// A cell that prints a code and its name together: `[201]一般公共服务支出`,
/// `2040601-行政运行`, `2010301 行政运行`.
pub fn code_and_name(text: &str) -> Option<(&str, &str)> {
    let t = text.trim_start_matches(['[', '【', '(', '（']);
    let digits = t.bytes().take_while(u8::is_ascii_digit).count();
    if !matches!(digits, 3 | 5 | 7) {
        return None;
    }
    let (code, rest) = t.split_at(digits);
    let name = rest.trim_start_matches([']', '】', ')', '）', '-', '－', '—', ' ', '　']);
    (name.len() < rest.len() && has_cjk(name)).then_some((code, name))
}

/// The function code a row carries, as separate 类/款/项 cells or one 3/5/7-digit cell, and the
/// index of the first cell after it (of the cell itself when the name stands in it too).
fn row_function_code(row: &Row, skip: Option<usize>) -> Option<(FunctionCode, usize)> {
    let cells: Vec<&str> = row.cells.iter().map(|c| c.text.as_str()).collect();
    for i in 0..cells.len() {
        if Some(i) == skip {
            continue;
        }
        let t = cells[i];
        if let Some((code, _)) = code_and_name(t)
            && let Some(code) = FunctionCode::new(code)
        {
            // The name stands in the same cell.
            return Some((code, i));
        }
        if has_cjk(t) {
            return None;
        }
        let two = |s: &str| s.len() == 2 && s.bytes().all(|b| b.is_ascii_digit());
        if t.len() == 3 && t.starts_with('2') && t.bytes().all(|b| b.is_ascii_digit()) {
            let sec = cells.get(i + 1).copied().filter(|s| two(s));
            let item = sec.and(cells.get(i + 2).copied().filter(|s| two(s)));
            let used = 1 + sec.map_or(0, |_| 1) + item.map_or(0, |_| 1);
            return FunctionCode::from_parts(t, sec, item).map(|c| (c, i + used));
        }
        if let Some(code) = FunctionCode::new(t)
            && t.len() > 3
        {
            return Some((code, i + 1));
        }
    }
    None
}

/// A row that prints an economic code with its name (`50501-工资福利支出`, `30101 基本工资`):
/// economic codes start with 3 (部门经济分类) or 5 (政府经济分类), function codes with 2.
fn has_economic_code(row: &Row) -> bool {
    row.cells
        .iter()
        .any(|c| code_and_name(&c.text).is_some_and(|(code, _)| code.starts_with(['3', '5'])))
}

/// What a table by function code gave.
#[derive(Default)]
pub struct FunctionTable {
    pub lines: Vec<FunctionLine>,
    pub total: Option<Figure>,
    pub basic: Option<Figure>,
    pub project: Option<Figure>,
    /// Units listed with their own code and total (`001001 漯河市人民政府办公室 1,879.86`).
    pub units: Vec<SubUnit>,
}

pub fn read_function_table(
    r: &mut Reader,
    grid: &Grid,
    kind: TableKind,
    unit: Unit,
) -> FunctionTable {
    let cols = function_columns(grid);
    let mut out = FunctionTable::default();
    let mut unit_rows: Vec<(String, SubUnit)> = Vec::new();
    // A table that prints names without codes (`科学技术支出` / ` 技术研究与开发`): the codes
    // follow from the names, read top to bottom.
    let coded = grid
        .data
        .iter()
        .any(|row| row_function_code(row, cols.unit_code).is_some());
    // A table by function and economic class at once (`2040650-事业运行 | 50501-工资福利支出 |
    // 30101-基本工资 | …`) prints a function code on many rows, each one economic part of it:
    // its rows are no function lines, only its total is the table's.
    // So does a table that prints one code on several rows (one per unit, or per economic class
    // under it).
    let mut seen = std::collections::HashSet::new();
    let repeated = grid
        .data
        .iter()
        .filter_map(|row| row_function_code(row, cols.unit_code))
        .any(|(code, _)| !seen.insert(code.as_str().to_string()));
    let crossed = grid.data.iter().any(|row| has_economic_code(row));
    let mut walker = CodeWalker::default();
    let mut inferred = 0;
    for row in &grid.data {
        let by_name = if coded {
            None
        } else {
            row.cells
                .iter()
                .find(|c| has_cjk(&c.text))
                .filter(|c| !is_total_label(&c.text))
                .and_then(|c| walker.function(&c.text).map(|code| (code, c.text.clone())))
        };
        if by_name.is_some() {
            inferred += 1;
        }
        let coded_line = by_name.or_else(|| {
            row_function_code(row, cols.unit_code).map(|(code, next)| {
                let name = row.cells[next.min(row.cells.len())..]
                    .iter()
                    .map(|c| c.text.as_str())
                    .find(|t| has_cjk(t))
                    .map(|t| code_and_name(t).map_or(t, |(_, name)| name))
                    .unwrap_or("")
                    .to_string();
                (code, name)
            })
        });
        if let Some((code, name)) = coded_line {
            if crossed {
                continue;
            }
            let what = format!("{} {}", code, name);
            out.lines.push(FunctionLine {
                total: r.figure(row, cols.total, unit, &what),
                basic: r.figure(row, cols.basic, unit, &what),
                project: r.figure(row, cols.project, unit, &what),
                code,
                name,
                table: kind,
            });
            continue;
        }
        let words: Vec<&str> = row
            .cells
            .iter()
            .map(|c| c.text.as_str())
            .filter(|t| has_cjk(t))
            .collect();
        if words.iter().any(|w| is_total_label(w))
            || (words.is_empty() && out.total.is_none() && out.lines.is_empty())
        {
            if out.total.is_none() {
                out.total = r.figure(row, cols.total, unit, "合计");
                out.basic = r.figure(row, cols.basic, unit, "基本支出合计");
                out.project = r.figure(row, cols.project, unit, "项目支出合计");
            }
            continue;
        }
        // A unit's own row: a short numeric code and a name.
        let code = cols
            .unit_code
            .map(|c| row.text(c))
            .filter(|t| !t.is_empty())
            .or_else(|| {
                row.cells.iter().map(|c| c.text.as_str()).find(|t| {
                    t.len() >= 3 && t.len() <= 12 && t.bytes().all(|b| b.is_ascii_digit())
                })
            });
        if let (Some(code), Some(name)) = (code, words.first()) {
            unit_rows.push((
                code.to_string(),
                SubUnit {
                    code: Some(code.to_string()),
                    name: name.to_string(),
                    amount: r.figure(row, cols.total, unit, name),
                    source: r.source(row.line),
                },
            ));
        }
    }
    if inferred > 0
        && let Some(first) = grid.data.first()
    {
        r.findings.push(Finding {
            severity: Severity::Info,
            rule: "codes-from-names".into(),
            message_zh: format!(
                "该表未印科目编码，{inferred} 行的功能分类编码按科目名称对照编码表得出"
            ),
            message_en: format!(
                "The table prints no codes; the function codes of {inferred} rows follow from their names"
            ),
            figures: Vec::new(),
            sources: vec![r.source(first.line)],
            details: Vec::new(),
        });
    }
    if repeated {
        out.lines = merged_by_code(std::mem::take(&mut out.lines), out.total.as_ref());
    }
    // Units one level below the shortest code are the department's subordinate units; a single
    // level is the department itself.
    if let Some(shortest) = unit_rows.iter().map(|(c, _)| c.len()).min() {
        out.units = unit_rows
            .into_iter()
            .filter(|(c, _)| c.len() > shortest)
            .map(|(_, u)| u)
            .collect();
    }
    out
}

/// A table that prints one code on several rows, one per unit without the unit's name (北京's
/// 预算05 prints each unit's 项 rows one block after another): where the rows of its finest codes
/// add up to the table's total, each code's figures are the sum of its rows, shown as derived with
/// the rows' lines; otherwise the rows cannot be told apart and the table gives no lines.
fn merged_by_code(lines: Vec<FunctionLine>, total: Option<&Figure>) -> Vec<FunctionLine> {
    let finest = |line: &FunctionLine| {
        let code = line.code.as_str();
        !lines
            .iter()
            .any(|o| o.code.as_str().len() > code.len() && o.code.as_str().starts_with(code))
    };
    let leaves: Option<Amount> = lines
        .iter()
        .filter(|l| finest(l))
        .map(|l| l.total.as_ref().map(|f| f.amount))
        .sum();
    match (leaves, total) {
        (Some(sum), Some(total)) if sum == total.amount => {}
        _ => return Vec::new(),
    }
    let mut out: Vec<FunctionLine> = Vec::new();
    let mut rows: Vec<Vec<FunctionLine>> = Vec::new();
    for line in lines {
        match out.iter().position(|o| o.code == line.code) {
            Some(i) => rows[i].push(line),
            None => {
                out.push(line.clone());
                rows.push(vec![line]);
            }
        }
    }
    for (line, rows) in out.iter_mut().zip(&rows) {
        if rows.len() < 2 {
            continue;
        }
        let label = format!("{} {}", line.code.as_str(), line.name);
        line.total = sum_of_rows(rows.iter().map(|r| r.total.as_ref()), &label);
        line.basic = sum_of_rows(rows.iter().map(|r| r.basic.as_ref()), &label);
        line.project = sum_of_rows(rows.iter().map(|r| r.project.as_ref()), &label);
    }
    out
}

/// The sum of one code's rows (a blank cell adds nothing), derived from the printed figures.
fn sum_of_rows<'a>(
    figures: impl Iterator<Item = Option<&'a Figure>>,
    label: &str,
) -> Option<Figure> {
    let figures: Vec<&Figure> = figures.flatten().collect();
    let first = figures.first()?;
    if figures.len() == 1 {
        return Some((*first).clone());
    }
    let sum: Amount = figures.iter().map(|f| f.amount).sum();
    let terms: Vec<String> = figures
        .iter()
        .map(|f| crate::format::amount_plain(f.amount.value()))
        .collect();
    let lines: Vec<String> = figures.iter().map(|f| f.source.line.to_string()).collect();
    let printed = crate::format::amount_plain(sum.value());
    Figure::derived_sum(
        &figures,
        (
            format!(
                "{label}：各单位行（第 {} 行）之和 {} = {printed} 万元",
                lines.join("、"),
                terms.join(" + ")
            ),
            format!(
                "{label}: the sum of its rows for each unit (lines {}) {} = {printed} (10k yuan)",
                lines.join(", "),
                terms.join(" + ")
            ),
        ),
    )
}

/// What a 收支总表 (or 财政拨款收支总表) gave: figures next to their labels.
#[derive(Default)]
pub struct SummaryTable {
    pub income_total: Option<Figure>,
    pub expenditure_total: Option<Figure>,
    pub income_current: Option<Figure>,
    pub expenditure_current: Option<Figure>,
    pub carried_over: Option<Figure>,
    pub basic: Option<Figure>,
    pub project: Option<Figure>,
    pub classes: Vec<(FunctionCode, Figure)>,
    /// Economic classes printed under 基本支出 (`人员经费和公用经费支出`) in a column of its own:
    /// (class code, figure).
    pub basic_economic: Vec<(&'static str, Figure)>,
    /// Economic classes printed under 项目支出 (`专项业务经费支出`).
    pub project_economic: Vec<(&'static str, Figure)>,
}

/// Which block of economic classes a column of a summary table is in.
#[derive(Clone, Copy, PartialEq, Eq)]
enum EconomicBlock {
    Basic,
    Project,
}

fn label_key(text: &str) -> String {
    label_chars(text).collect()
}

/// The characters of [`label_key`], without making the string.
fn label_chars(text: &str) -> impl Iterator<Item = char> + '_ {
    strip_enumeration(text)
        .chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, ':' | '：'))
}

/// Whether [`label_key`] of `text` starts with `word` (asked of every cell of a form's rows).
fn label_starts_with(text: &str, word: &str) -> bool {
    let mut key = label_chars(text);
    word.chars().all(|w| key.next() == Some(w))
}

/// Reads a summary table by looking, in every row, for known labels and the figure in the cell to
/// their right. This holds for two, three or four column pairs and for either layout.
pub fn read_summary(r: &mut Reader, grid: &Grid, unit: Unit) -> SummaryTable {
    let mut out = SummaryTable::default();
    let mut blocks: std::collections::HashMap<usize, EconomicBlock> = Default::default();
    for row in &grid.data {
        let mut income_total_here = false;
        let mut labels_before = 0;
        for i in 0..row.cells.len() {
            let mut key = label_key(row.text(i));
            if key.is_empty() || !has_cjk(&key) {
                continue;
            }
            // A label broken over two cells (`收入 | 总计`, from `收   入   总   计`).
            let mut value_col = i + 1;
            if matches!(key.as_str(), "收入" | "支出") && label_key(row.text(i + 1)) == "总计"
            {
                key.push_str("总计");
                value_col += 1;
            }
            // The figure may stand a column further right, past a blank sub-label column; it is
            // the first filled cell before the next label.
            if row.text(value_col).is_empty()
                && let Some(j) = (value_col + 1..row.cells.len())
                    .take_while(|&j| !has_cjk(row.text(j)))
                    .find(|&j| !row.text(j).is_empty())
            {
                value_col = j;
            }
            // `合计` heads each half of a summary that puts its totals first: income, then
            // expenditure.
            if matches!(key.as_str(), "合计" | "总计") {
                key = if labels_before == 0 {
                    "收入总计"
                } else {
                    "支出总计"
                }
                .to_string();
            }
            labels_before += 1;
            let next = row.text(value_col);
            if !next.is_empty() && crate::model::parse_decimal(next).is_none() {
                continue;
            }
            // A column listing the economic classes under 基本支出 and 项目支出: `(1)工资福利支出`
            // rows under `1、人员经费和公用经费支出`.
            let sub_level = row.text(i).trim_start().starts_with(['(', '（']);
            if !sub_level {
                match key.as_str() {
                    "基本支出" | "人员经费和公用经费支出" => {
                        blocks.insert(i, EconomicBlock::Basic);
                    }
                    "项目支出" | "专项业务经费支出" => {
                        blocks.insert(i, EconomicBlock::Project);
                    }
                    _ => {
                        blocks.remove(&i);
                    }
                }
            } else if let Some(block) = blocks.get(&i).copied()
                && let Some(class) = super::codes::economic_class_for_name(&key)
                && !next.is_empty()
                && let Some(f) = r.figure(row, Some(value_col), unit, &key)
            {
                let list = match block {
                    EconomicBlock::Basic => &mut out.basic_economic,
                    EconomicBlock::Project => &mut out.project_economic,
                };
                if !list.iter().any(|(c, _)| *c == class) {
                    list.push((class, f));
                }
                continue;
            }
            let take = |slot: &mut Option<Figure>, r: &mut Reader| {
                if slot.is_none() {
                    *slot = r.figure(row, Some(value_col), unit, &key);
                }
            };
            match key.as_str() {
                "收入总计" => {
                    take(&mut out.income_total, r);
                    income_total_here = true;
                }
                "支出总计" => take(&mut out.expenditure_total, r),
                "支出合计" if income_total_here => take(&mut out.expenditure_total, r),
                "本年收入合计" | "收入合计" => take(&mut out.income_current, r),
                "本年支出合计" => take(&mut out.expenditure_current, r),
                k if k.starts_with("上年结转")
                    || k == "单位上年结转结余"
                    || k == "年初财政拨款结转和结余" =>
                {
                    take(&mut out.carried_over, r)
                }
                "基本支出" | "人员经费和公用经费支出" => take(&mut out.basic, r),
                "项目支出" | "专项业务经费支出" => take(&mut out.project, r),
                k if !k.contains("收入") && !k.contains("拨款") && !k.contains("结转") => {
                    if let Some(code) = class_code_for_name(k)
                        && !out.classes.iter().any(|(c, _)| *c == code)
                        && !next.is_empty()
                        && let Some(f) = r.figure(row, Some(value_col), unit, k)
                    {
                        out.classes.push((code, f));
                    }
                }
                _ => {}
            }
        }
    }
    out
}

/// What a 基本支出 table by economic class gave.
#[derive(Default)]
pub struct EconomicTable {
    pub lines: Vec<EconomicLine>,
    pub total: Option<Figure>,
    pub personnel: Option<Figure>,
    pub public_funds: Option<Figure>,
}

pub fn read_economic(r: &mut Reader, grid: &Grid, unit: Unit) -> EconomicTable {
    let total_col = grid
        .column(|l| l.contains("合计") || l.contains("总计"))
        .or_else(|| {
            grid.column(|l| (l.contains("预算") || l.contains("金额")) && !l.contains("科目"))
        })
        .or_else(|| grid.figure_column());
    let personnel_col = grid.column(|l| l.contains("人员经费"));
    let public_col = grid.column(|l| l.contains("公用经费") || l.contains("日常公用"));
    let mut out = EconomicTable::default();
    // Codes follow from the names where the table prints none.
    let coded = grid.data.iter().any(|row| {
        row.cells.iter().any(|c| {
            EconomicCode::new(&c.text).is_some()
                || code_and_name(&c.text).is_some_and(|(code, _)| EconomicCode::new(code).is_some())
        })
    });
    let mut walker = CodeWalker::default();
    for row in &grid.data {
        let cells: Vec<&str> = row.cells.iter().map(|c| c.text.as_str()).collect();
        let mut dept = cells.iter().position(|t| EconomicCode::new(t).is_some());
        let mut named: Option<EconomicCode> = None;
        // `[301]工资福利支出`: the code and its name in one cell.
        if dept.is_none()
            && let Some((i, code)) = cells.iter().enumerate().find_map(|(i, t)| {
                code_and_name(t)
                    .and_then(|(c, _)| EconomicCode::new(c))
                    .map(|c| (i, c))
            })
        {
            dept = Some(i);
            named = Some(code);
        }
        if !coded
            && named.is_none()
            && let Some(i) = cells.iter().position(|t| has_cjk(t))
            && !is_total_label(cells[i])
        {
            named = walker.economic(cells[i]);
            if named.is_some() {
                dept = Some(i);
            }
        }
        let gov = cells.iter().position(|t| {
            matches!(t.len(), 3 | 5) && t.starts_with('5') && t.bytes().all(|b| b.is_ascii_digit())
        });
        let by_name = named.is_some();
        let name_after = |at: Option<usize>| {
            if by_name {
                return at.map(|i| {
                    code_and_name(cells[i])
                        .map_or(cells[i], |(_, n)| n)
                        .to_string()
                });
            }
            at.and_then(|i| cells.get(i + 1))
                .filter(|t| has_cjk(t))
                .map(|t| t.to_string())
        };
        if dept.is_none() && gov.is_none() {
            if cells.iter().any(|t| is_total_label(t)) && out.total.is_none() {
                out.total = r.figure(row, total_col, unit, "基本支出合计");
                out.personnel = r.figure(row, personnel_col, unit, "人员经费合计");
                out.public_funds = r.figure(row, public_col, unit, "公用经费合计");
            }
            continue;
        }
        let what = dept
            .map(|i| cells[i])
            .or(gov.map(|i| cells[i]))
            .unwrap_or("");
        out.lines.push(EconomicLine {
            code: named.or_else(|| dept.and_then(|i| EconomicCode::new(cells[i]))),
            name: name_after(dept),
            gov_code: gov.map(|i| cells[i].to_string()),
            gov_name: name_after(gov),
            total: r.figure(row, total_col, unit, what),
            personnel: r.figure(row, personnel_col, unit, what),
            public_funds: r.figure(row, public_col, unit, what),
        });
    }
    out
}

/// False for a column of last year's figures or of the change (`2025年预算数` beside
/// `2026年预算数`, `上年`, `增减变化情况`) in a table that prints this year's beside them.
pub fn is_current_period(label: &str, all: &[String]) -> bool {
    if ["上年", "增减", "变化", "比上年", "执行数", "决算"]
        .iter()
        .any(|w| label.contains(w))
    {
        return false;
    }
    let latest = all.iter().filter_map(|l| year_in(l)).max();
    match (year_in(label), latest) {
        (Some(y), Some(latest)) => y == latest,
        _ => true,
    }
}

/// The first year a label names (`2026年预算数`).
fn year_in(label: &str) -> Option<u16> {
    let at = label.find('年')?;
    let digits: String = label[..at]
        .chars()
        .rev()
        .take_while(char::is_ascii_digit)
        .collect();
    (digits.len() == 4)
        .then(|| digits.chars().rev().collect::<String>().parse().ok())
        .flatten()
}

/// Reads a 项目支出表: one project per row with its name, unit, category and total.
pub fn read_project_table(r: &mut Reader, grid: &Grid, unit: Unit) -> Vec<Project> {
    let name_col = grid
        .column(|l| l.contains("项目名称"))
        .or_else(|| grid.column(|l| l.contains("项目")));
    let unit_col = grid.column(|l| l.contains("单位") && !l.contains("资金"));
    let category_col = grid.column(|l| l.contains("类型") || l.contains("类别"));
    let total_col = grid.column(|l| l.contains("合计") || l.contains("总计") || l.contains("金额"));
    let Some(name_col) = name_col else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut total = None;
    for row in &grid.data {
        let name = row.text(name_col);
        if total.is_none() && row.cells.iter().any(|c| is_total_label(&c.text)) {
            total = total_col
                .and_then(|c| cell_figure(row, c, unit, r.file).ok())
                .map(|f| f.amount);
        }
        if name.is_empty() || !has_cjk(name) || is_total_label(name) {
            continue;
        }
        out.push(Project {
            name: name.to_string(),
            unit: unit_col
                .map(|c| row.text(c))
                .filter(|t| has_cjk(t))
                .map(str::to_string),
            category: category_col
                .map(|c| row.text(c))
                .filter(|t| has_cjk(t))
                .map(str::to_string),
            code: None,
            amount: r.figure(row, total_col, unit, name),
            indicators: Vec::new(),
            source: r.source(row.cells.get(name_col).map(|c| c.line).unwrap_or(row.line)),
        });
    }
    without_group_rows(out, total)
}

/// The projects without the rows that sum those under them (units, categories), where the
/// table's arithmetic shows which they are (see [`groups`](crate::parse::groups)).
fn without_group_rows(projects: Vec<Project>, total: Option<Amount>) -> Vec<Project> {
    let amounts: Option<Vec<_>> = projects
        .iter()
        .map(|p| p.amount.as_ref().map(|f| f.amount.value()))
        .collect();
    let grouped = total
        .zip(amounts)
        .and_then(|(total, amounts)| crate::parse::groups::group_rows(&amounts, total.value()));
    match grouped {
        Some(rows) => projects
            .into_iter()
            .zip(rows)
            .filter(|(_, (_, group))| !group)
            .map(|(p, _)| p)
            .collect(),
        None => projects,
    }
}

fn project_code(text: &str) -> Option<String> {
    let t: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    (t.len() >= 12
        && t.chars().all(|c| c.is_ascii_alphanumeric())
        && t.bytes().filter(u8::is_ascii_digit).count() >= 10)
        .then_some(t)
}

const LEVEL1: &[&str] = &[
    "产出指标",
    "效益指标",
    "满意度指标",
    "投入管理指标",
    "成本指标",
];

fn level1_of(label: &str) -> Option<&'static str> {
    LEVEL1.iter().find(|w| label.contains(*w)).copied()
}

/// Reads a summary table of project targets: a row per project (long code, name, amounts, then
/// indicator name/value pairs under 成本/产出/效益/满意度 headers), continued by rows with more pairs.
pub fn read_performance_summary(r: &mut Reader, grid: &Grid, unit: Unit) -> Vec<Project> {
    let amount_col = grid
        .column(|l| l.contains("资金总额") || l.contains("合计"))
        .unwrap_or(2);
    let header_first = grid.column(|l| level1_of(l).is_some());
    let starts: Vec<(usize, usize)> = grid
        .data
        .iter()
        .enumerate()
        .filter_map(|(i, row)| {
            let first = row.cells.iter().position(|c| !c.text.is_empty())?;
            project_code(&row.cells[first].text).map(|_| (i, first))
        })
        .collect();
    let first_pair_col = |row: &Row| {
        row.cells
            .iter()
            .enumerate()
            .skip(amount_col + 1)
            .find(|(_, c)| !c.text.is_empty() && crate::model::parse_decimal(&c.text).is_none())
            .map(|(i, _)| i)
    };
    let data_first = starts
        .iter()
        .filter_map(|(i, _)| first_pair_col(grid.data[*i]))
        .min();
    let offset: isize = match (header_first, data_first) {
        (Some(h), Some(d)) => h as isize - d as isize,
        _ => 0,
    };
    let level_at = |col: usize| -> Option<String> {
        let h = header_first?;
        let c = col as isize + offset;
        if c < h as isize {
            return None;
        }
        let pair_start = h + ((c as usize - h) / 2) * 2;
        grid.labels
            .get(pair_start)
            .and_then(|l| level1_of(l))
            .map(str::to_string)
    };
    let mut out: Vec<Project> = Vec::new();
    let mut current: Option<Project> = None;
    let mut unit_name: Option<String> = None;
    for row in &grid.data {
        let first = row.cells.iter().position(|c| !c.text.is_empty());
        let code = first.and_then(|f| project_code(&row.cells[f].text));
        let pair_from;
        if let (Some(code), Some(f)) = (code.clone(), first) {
            if let Some(p) = current.take() {
                out.push(p);
            }
            let name = row
                .cells
                .iter()
                .skip(f + 1)
                .map(|c| c.text.as_str())
                .find(|t| has_cjk(t))
                .unwrap_or("");
            current = Some(Project {
                name: name.to_string(),
                unit: unit_name.clone(),
                category: None,
                code: Some(code),
                amount: r.figure(row, Some(amount_col), unit, name),
                indicators: Vec::new(),
                source: r.source(row.line),
            });
            pair_from = amount_col + 1;
        } else if first.is_some_and(|f| f <= 1) {
            // A unit's subtotal row (`302001 卫辉市人民政府办公室`) ends the project before it and
            // names the unit of the projects after it.
            if let Some(p) = current.take() {
                out.push(p);
            }
            unit_name = row
                .cells
                .iter()
                .map(|c| c.text.as_str())
                .find(|t| has_cjk(t))
                .map(str::to_string);
            continue;
        } else {
            pair_from = amount_col + 1;
        }
        let Some(project) = current.as_mut() else {
            continue;
        };
        let cells: Vec<(usize, &str, u32)> = row
            .cells
            .iter()
            .enumerate()
            .skip(pair_from)
            .filter(|(_, c)| !c.text.is_empty())
            .filter(|(i, c)| !(*i < pair_from + 4 && code.is_some() && is_decimal_figure(&c.text)))
            .map(|(i, c)| (i, c.text.as_str(), c.line))
            .collect();
        for pair in cells.chunks(2) {
            if let [(col, name, line), (_, value, _)] = pair {
                project.indicators.push(Indicator {
                    level1: level_at(*col),
                    level2: None,
                    name: name.to_string(),
                    value: value.to_string(),
                    source: Source::new(r.file, *line),
                });
            }
        }
    }
    if let Some(p) = current.take() {
        out.push(p);
    }
    out
}

fn is_level_word(text: &str) -> bool {
    let n = text.chars().count();
    (text.ends_with("指标") && n <= 9)
        || (n <= 10
            && [
                "数量指标",
                "质量指标",
                "时效指标",
                "经济效益",
                "社会效益",
                "生态效益",
                "可持续影响",
                "服务对象满意",
            ]
            .iter()
            .any(|w| text.starts_with(w)))
}

fn strip_indicator_number(text: &str) -> &str {
    let t = text.trim();
    if let Some(rest) = t.strip_prefix("指标") {
        let digits = rest.chars().take_while(char::is_ascii_digit).count();
        if digits > 0 {
            let rest = &rest[digits..];
            if let Some(r) = rest.strip_prefix(':').or_else(|| rest.strip_prefix('：')) {
                return r.trim();
            }
        }
    }
    t
}

fn value_after<'a>(rows: &[&'a Row], word: &str) -> Option<(&'a Row, usize)> {
    rows.iter().find_map(|row| {
        let i = row
            .cells
            .iter()
            .position(|c| label_starts_with(&c.text, word))?;
        let j = (i + 1..row.cells.len()).find(|&j| !row.text(j).is_empty())?;
        Some((*row, j))
    })
}

/// Reads a one-project target form (a table per project: 项目名称, 预算数 / 年度资金总额, then rows
/// of indicators).
pub fn read_performance_form(r: &mut Reader, section: &Section, unit: Unit) -> Option<Project> {
    let rows = &section.rows;
    let (name_row, name_col) = value_after(rows, "项目名称")?;
    let name = name_row.text(name_col).to_string();
    if name.is_empty() || !has_cjk(&name) {
        return None;
    }
    let code = value_after(rows, "项目编码").and_then(|(row, c)| project_code(row.text(c)));
    let unit_name = value_after(rows, "主管部门")
        .or_else(|| value_after(rows, "项目单位"))
        .map(|(row, c)| row.text(c).to_string())
        .filter(|t| has_cjk(t));
    let amount = rows.iter().find_map(|row| {
        let i = row.cells.iter().position(|c| {
            let k = label_key(&c.text);
            k.starts_with("预算数") || k.starts_with("年度资金总额") || k.starts_with("资金总额")
        })?;
        let j = (i + 1..row.cells.len()).find(|&j| {
            is_decimal_figure(row.text(j)) || crate::model::parse_decimal(row.text(j)).is_some()
        })?;
        Some((*row, j))
    });
    let amount = match amount {
        Some((row, col)) => r.figure(row, Some(col), unit, &name),
        None => None,
    };
    let indicators = read_indicator_rows(r, rows);
    Some(Project {
        name,
        unit: unit_name,
        category: None,
        code,
        amount,
        indicators,
        source: r.source(name_row.line),
    })
}

/// Indicator rows after a header row naming 一级指标 / 指标内容: levels are recognised by their
/// words, the name is the first other cell and the value the last one (a trailing 依据 column is
/// left out).
fn read_indicator_rows(r: &Reader, rows: &[&Row]) -> Vec<Indicator> {
    let header_at = rows.iter().position(|row| {
        row.cells.iter().any(|c| {
            let k = label_key(&c.text);
            k == "一级指标" || k == "指标内容"
        })
    });
    // Without a header row, indicators start at the first row naming a first-level indicator.
    let first_level_at = || {
        rows.iter()
            .position(|row| row.cells.iter().any(|c| LEVEL1.contains(&c.text.as_str())))
            .map(|i| i.saturating_sub(1))
    };
    let Some(start) = header_at.or_else(first_level_at) else {
        return Vec::new();
    };
    let header = rows[start];
    let width = header.cells.len();
    let basis_col =
        header_at.and_then(|_| header.cells.iter().position(|c| c.text.contains("依据")));
    let mut level1: Option<String> = None;
    let mut level2: Option<String> = None;
    let mut out = Vec::new();
    for row in &rows[start + 1..] {
        let pad = width.saturating_sub(row.cells.len());
        let cells: Vec<&crate::load::Cell> = row
            .cells
            .iter()
            .enumerate()
            .filter(|(i, _)| Some(i + pad) != basis_col)
            .map(|(_, c)| c)
            .filter(|c| !c.text.is_empty())
            .collect();
        let mut rest = Vec::new();
        for c in cells {
            if is_level_word(&c.text) {
                let is_first = LEVEL1.iter().any(|w| c.text == *w)
                    && !(c.text == "成本指标" && level1.as_deref() == Some("产出指标"));
                if is_first {
                    level1 = Some(c.text.clone());
                    level2 = None;
                } else {
                    level2 = Some(c.text.clone());
                }
            } else if c.text != "绩效指标" && c.text != "年度绩效指标" {
                rest.push(c);
            }
        }
        if rest.len() >= 2 {
            let name = rest[0];
            let value = rest[rest.len() - 1];
            out.push(Indicator {
                level1: level1.clone(),
                level2: level2.clone(),
                name: strip_indicator_number(&name.text).to_string(),
                value: value.text.clone(),
                source: Source::new(r.file, name.line),
            });
        }
    }
    out
}

/// Reads the indicators of an overall-targets table by the columns its header names.
pub fn read_overall(r: &Reader, section: &Section) -> Vec<Indicator> {
    let rows = &section.rows;
    let Some(start) = rows
        .iter()
        .position(|row| row.cells.iter().any(|c| label_key(&c.text) == "一级指标"))
    else {
        return Vec::new();
    };
    let header = rows[start];
    let col = |word: &str| header.cells.iter().position(|c| label_key(&c.text) == word);
    let (Some(c1), Some(c2), Some(c3), Some(cv)) = (
        col("一级指标"),
        col("二级指标"),
        col("三级指标"),
        col("指标值"),
    ) else {
        return read_indicator_rows(r, rows);
    };
    let mut level1 = None;
    let mut level2 = None;
    let mut out = Vec::new();
    for row in &rows[start + 1..] {
        if !row.text(c1).is_empty() {
            level1 = Some(row.text(c1).to_string());
        }
        if !row.text(c2).is_empty() {
            level2 = Some(row.text(c2).to_string());
        }
        let (name, value) = (row.text(c3), row.text(cv));
        if !name.is_empty() && !value.is_empty() {
            out.push(Indicator {
                level1: level1.clone(),
                level2: level2.clone(),
                name: name.to_string(),
                value: value.to_string(),
                source: Source::new(
                    r.file,
                    row.cells.get(c3).map(|c| c.line).unwrap_or(row.line),
                ),
            });
        }
    }
    out
}

/// The number of vehicles an assets table lists (`车辆（台、辆） 32 392.43`).
pub fn read_vehicles(r: &Reader, grid: &Grid) -> Option<Count> {
    grid.header.iter().chain(grid.data.iter()).find_map(|row| {
        let i = row.cells.iter().position(|c| c.text.contains("车辆"))?;
        let cell = row.cells.get(i + 1)?;
        let value: u32 = cell.text.parse().ok()?;
        Some(Count {
            value,
            source: Source::new(r.file, cell.line),
        })
    })
}

/// True when a section's rows hold any non-zero figure.
pub fn has_figures(grid: &Grid) -> bool {
    grid.data.iter().any(|row| {
        row.cells.iter().any(|c| {
            is_amount(&c.text) && crate::model::parse_decimal(&c.text).is_some_and(|d| !d.is_zero())
        })
    })
}
