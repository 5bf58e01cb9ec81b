//! One budget → its open data, `data/<id>/<year>.json`, in format [`FORMAT`] (the README's
//! “Open data” section describes it key by key).
//!
//! Every figure keeps its exact decimal string in 万元 (`null` when not disclosed, never `"0"`),
//! its source, and whether it was corrected (更正) or derived (推算) with the evidence; what every
//! figure of a document shares is said once: the file (a source is its line), the unit, the
//! names of a table's columns (its rows are arrays), a column's value where every row has the
//! same one, the levels of the performance indicators. Nothing empty is written.

use serde_json::{Map, Value, json};

use crate::audit::Completeness;
use crate::config::Identity;
use crate::model::{
    Budget, Correction, Derivation, Figure, Finding, Located, SanggongItem, Source, preorder,
};

/// The version of the department file's format: 2 since a table's rows became arrays under
/// named columns and a source its line (format 1 gave every figure `{"file", "line"}` and every
/// row its keys).
pub const FORMAT: u32 = 2;

/// One department as the open-data format describes it, with the audit's
/// disclosure-completeness score.
pub fn budget_json(
    budget: &Budget,
    who: &Identity,
    department: Option<&str>,
    completeness: &Completeness,
) -> Value {
    let doc = Doc { budget };
    let t = &budget.totals;
    let totals: [(&str, Option<&Figure>); 8] = [
        ("income", t.income.as_ref()),
        ("expenditure", t.expenditure.as_ref()),
        ("basic", t.basic.as_ref()),
        ("project", t.project.as_ref()),
        ("personnel", t.personnel.as_ref()),
        ("public_funds", t.public_funds.as_ref()),
        ("prior_year", t.prior_year.as_ref()),
        ("carried_over", t.carried_over.as_ref()),
    ];
    let sanggong = SanggongItem::LISTED.map(|item| (item.key(), budget.sanggong.get(item)));

    let mut out = Map::new();
    out.insert("format".into(), json!(FORMAT));
    out.insert("slug".into(), json!(budget.slug));
    out.insert("department".into(), json!(department));
    out.insert("name".into(), json!(who.name));
    if let Some(name) = &budget.name {
        out.insert("name_source".into(), doc.source(&name.source));
    }
    out.insert("year".into(), json!(budget.year));
    let region: Map<String, Value> = [
        ("province", &who.region.province),
        ("city", &who.region.city),
        ("county", &who.region.county),
    ]
    .into_iter()
    .filter_map(|(key, value)| Some((key.to_string(), json!(value.as_ref()?))))
    .collect();
    for (key, value) in [
        ("level", &who.level),
        ("parent", &who.parent),
        ("official_url", &who.official_url),
        ("published", &who.published),
    ] {
        if let Some(value) = value {
            out.insert(key.into(), json!(value));
        }
    }
    if !region.is_empty() {
        out.insert("region".into(), Value::Object(region));
    }
    out.insert("file".into(), json!(budget.file));
    if budget.origin.is_multi() {
        let files: Vec<&str> = budget
            .origin
            .parts
            .iter()
            .map(|p| p.file.as_str())
            .collect();
        out.insert("files".into(), json!(files));
    }
    out.insert("unit".into(), json!("万元"));
    doc.figures(&mut out, "totals", &totals);
    doc.figures(&mut out, "sanggong", &sanggong);
    if let Some(vehicles) = &budget.narrative.vehicles {
        out.insert("vehicles".into(), json!(vehicles.value));
        out.insert("vehicles_source".into(), doc.source(&vehicles.source));
    }
    let tables = [
        ("by_function", doc.functions()),
        ("by_economic", doc.economic()),
        ("projects", doc.projects()),
        ("indicators", doc.indicators()),
        ("sub_units", doc.sub_units()),
    ];
    for (key, table) in tables {
        if let Some(table) = table {
            out.insert(key.into(), table);
        }
    }
    if !budget.findings.is_empty() {
        let findings: Vec<Value> = budget.findings.iter().map(|f| doc.finding(f)).collect();
        out.insert("findings".into(), Value::Array(findings));
    }
    // The checklist is the same for every document (the README lists it): its misses say it all.
    let missing: Vec<&str> = completeness
        .checklist
        .iter()
        .filter(|i| !i.met)
        .map(|i| i.id.as_str())
        .collect();
    out.insert(
        "completeness".into(),
        json!({
            "score": completeness.score,
            "grade": completeness.grade,
            "missing": missing,
        }),
    );
    Value::Object(out)
}

/// The document whose figures are written: its file and its parts make a source short.
struct Doc<'a> {
    budget: &'a Budget,
}

impl Doc<'_> {
    /// A source as the format writes it: `12`, line 12 of the document's file; `[12, 3]`, on
    /// page 3 of that PDF; for a document of several files `[12, 3, 1, 52]`, line 12 of
    /// `files[1]`, page 3 (`null` when that file is no PDF), line 52 of the whole text (the
    /// `#L52` of its source page); `{"file", "line"}` for a line of
    /// another file.
    fn source(&self, source: &Source) -> Value {
        let origin = &self.budget.origin;
        if source.file != self.budget.file {
            return json!({"file": source.file, "line": source.line});
        }
        match origin.locate(source.line) {
            Some(at) if origin.is_multi() => json!([at.line, at.page, at.index, source.line]),
            Some(Located {
                line,
                page: Some(page),
                ..
            }) => json!([line, page]),
            _ => json!(source.line),
        }
    }

    fn sources(&self, sources: &[Source]) -> Value {
        Value::Array(sources.iter().map(|s| self.source(s)).collect())
    }

    /// A group of named figures (`totals`, `sanggong`): `{key: amount}` with every key (`null`
    /// where not disclosed), `<group>_source` `{key: source}` for those disclosed, and
    /// `<group>_correction` / `<group>_derivation` for those not used as printed.
    fn figures(
        &self,
        out: &mut Map<String, Value>,
        group: &str,
        fields: &[(&str, Option<&Figure>)],
    ) {
        let mut amounts = Map::new();
        let mut sources = Map::new();
        let mut corrections = Map::new();
        let mut derivations = Map::new();
        for (key, figure) in fields {
            amounts.insert(key.to_string(), amount(*figure));
            let Some(f) = figure else { continue };
            sources.insert(key.to_string(), self.source(&f.source));
            if let Some(c) = &f.correction {
                corrections.insert(key.to_string(), Value::Object(self.correction(f, c)));
            }
            if let Some(d) = &f.derivation {
                derivations.insert(key.to_string(), Value::Object(self.derivation(d)));
            }
        }
        out.insert(group.into(), Value::Object(amounts));
        for (suffix, map) in [
            ("source", sources),
            ("correction", corrections),
            ("derivation", derivations),
        ] {
            if !map.is_empty() {
                out.insert(format!("{group}_{suffix}"), Value::Object(map));
            }
        }
    }

    /// 更正: the amount is the proven reading of a misprint.
    fn correction(&self, figure: &Figure, c: &Correction) -> Map<String, Value> {
        let Value::Object(map) = json!({
            "printed": crate::format::amount_plain(c.printed.value()),
            "printed_text": format!("{} {}", figure.printed, figure.unit.label()),
            "reason": c.reason_zh,
            "reason_en": c.reason_en,
            "evidence": c.evidence_zh,
            "evidence_en": c.evidence_en,
            "sources": self.sources(&c.sources),
        }) else {
            unreachable!("json! of an object")
        };
        map
    }

    /// 推算: computed from the lines named.
    fn derivation(&self, d: &Derivation) -> Map<String, Value> {
        let Value::Object(map) = json!({
            "formula": d.formula_zh,
            "sources": self.sources(&d.sources),
        }) else {
            unreachable!("json! of an object")
        };
        map
    }

    /// The function tree, a row per node in the order the tables print them (each 类 before
    /// its 款, each 款 before its 项): a node's level and parent are in its code. `source` is
    /// the amount's; `basic_source` and `project_source` are `null` where those figures stand
    /// on the same line (a table of a row per line), and the line of each where the document
    /// prints a cell per line.
    fn functions(&self) -> Option<Value> {
        let mut table = Table::new(&[
            "code",
            "name",
            "name_from_reference",
            "amount",
            "basic",
            "project",
            "source",
            "basic_source",
            "project_source",
            "derived",
        ]);
        for (_, n) in preorder(&self.budget.by_function) {
            let source = n.amount.as_ref().map(|f| &f.source);
            let (amount, _) = table.figure(self, "amount", n.amount.as_ref(), source);
            let (basic, basic_source) = table.figure(self, "basic", n.basic.as_ref(), source);
            let (project, project_source) =
                table.figure(self, "project", n.project.as_ref(), source);
            let row = vec![
                json!(n.code.as_str()),
                json!(n.name),
                json!(n.name_from_reference),
                amount,
                basic,
                project,
                source.map_or(Value::Null, |s| self.source(s)),
                basic_source,
                project_source,
                json!(n.derived),
            ];
            table.push(row);
        }
        table.into_value()
    }

    /// The economic tree, a row per node as [`Doc::functions`].
    fn economic(&self) -> Option<Value> {
        let mut table = Table::new(&[
            "code",
            "name",
            "name_from_reference",
            "amount",
            "source",
            "derived",
        ]);
        for (_, n) in preorder(&self.budget.by_economic) {
            let source = n.amount.as_ref().map(|f| &f.source);
            let (amount, _) = table.figure(self, "amount", n.amount.as_ref(), source);
            let row = vec![
                json!(n.code.as_str()),
                json!(n.name),
                json!(n.name_from_reference),
                amount,
                source.map_or(Value::Null, |s| self.source(s)),
                json!(n.derived),
            ];
            table.push(row);
        }
        table.into_value()
    }

    /// The projects: `source` is where a project is first read, `amount_source` its amount's
    /// where that is another line.
    fn projects(&self) -> Option<Value> {
        let mut table = Table::new(&[
            "name",
            "unit",
            "category",
            "code",
            "amount",
            "source",
            "amount_source",
        ]);
        for p in &self.budget.projects {
            let (amount, amount_source) =
                table.figure(self, "amount", p.amount.as_ref(), Some(&p.source));
            let row = vec![
                json!(p.name),
                json!(p.unit),
                json!(p.category),
                json!(p.code),
                amount,
                self.source(&p.source),
                amount_source,
            ];
            table.push(row);
        }
        table.into_value()
    }

    /// Every project's performance indicators, a row each: `project` is the project's row in
    /// `projects`, `level` its 一级/二级指标 as `levels[level]` (`[level1, level2]`, each `null`
    /// where the document states none), said once for all the indicators that share them.
    fn indicators(&self) -> Option<Value> {
        let mut levels: Vec<(Option<&str>, Option<&str>)> = Vec::new();
        let mut table = Table::new(&["project", "level", "name", "value", "source"]);
        for (k, p) in self.budget.projects.iter().enumerate() {
            for i in &p.indicators {
                let key = (i.level1.as_deref(), i.level2.as_deref());
                let level = levels.iter().position(|l| *l == key).unwrap_or_else(|| {
                    levels.push(key);
                    levels.len() - 1
                });
                let row = vec![
                    json!(k),
                    json!(level),
                    json!(i.name),
                    json!(i.value),
                    self.source(&i.source),
                ];
                table.push(row);
            }
        }
        let mut value = table.into_value()?;
        let levels: Vec<Value> = levels.into_iter().map(|(a, b)| json!([a, b])).collect();
        value
            .as_object_mut()?
            .insert("levels".into(), Value::Array(levels));
        Some(value)
    }

    /// The subordinate units (所属单位): `source` is the unit's line, `amount_source` its
    /// amount's where that is another line.
    fn sub_units(&self) -> Option<Value> {
        let mut table = Table::new(&["code", "name", "amount", "source", "amount_source"]);
        for u in &self.budget.sub_units {
            let (amount, amount_source) =
                table.figure(self, "amount", u.amount.as_ref(), Some(&u.source));
            let row = vec![
                json!(u.code),
                json!(u.name),
                amount,
                self.source(&u.source),
                amount_source,
            ];
            table.push(row);
        }
        table.into_value()
    }

    /// A finding: its figures as `[label, amount, source]`, `sources` only where they are not
    /// its figures' own (each once, in order), `details` only where it stands for others.
    fn finding(&self, f: &Finding) -> Value {
        let mut out = Map::new();
        out.insert("severity".into(), json!(f.severity.label()));
        out.insert("rule".into(), json!(f.rule));
        out.insert("message".into(), json!(f.message_zh));
        out.insert("message_en".into(), json!(f.message_en));
        if !f.figures.is_empty() {
            let figures: Vec<Value> = f
                .figures
                .iter()
                .map(|c| {
                    json!([
                        c.label,
                        c.amount.map(|a| a.to_string()),
                        c.source.as_ref().map(|s| self.source(s)),
                    ])
                })
                .collect();
            out.insert("figures".into(), Value::Array(figures));
        }
        let mut cited: Vec<&Source> = Vec::new();
        for s in f.figures.iter().filter_map(|c| c.source.as_ref()) {
            if !cited.contains(&s) {
                cited.push(s);
            }
        }
        if !f.sources.iter().eq(cited.iter().copied()) {
            out.insert("sources".into(), self.sources(&f.sources));
        }
        if !f.details.is_empty() {
            let details: Vec<Value> = f.details.iter().map(|d| self.finding(d)).collect();
            out.insert("details".into(), Value::Array(details));
        }
        Value::Object(out)
    }
}

/// An exact decimal string in 万元, or `null` when not disclosed.
fn amount(figure: Option<&Figure>) -> Value {
    figure.map_or(Value::Null, |f| Value::String(f.exact()))
}

/// Rows of values under named columns: `{"columns": [...], "rows": [[...], ...]}`, with
/// `same` `{column: value}` for a column that holds one value in every row (of two or more),
/// left out of the rows; and `corrections` (`{row, column, printed, …}`, 更正) and
/// `derivations` (`{row, column, formula, sources}`, 推算) for the figures not used as printed,
/// each row counted from 0.
struct Table {
    columns: &'static [&'static str],
    rows: Vec<Vec<Value>>,
    corrections: Vec<Value>,
    derivations: Vec<Value>,
}

impl Table {
    fn new(columns: &'static [&'static str]) -> Table {
        Table {
            columns,
            rows: Vec::new(),
            corrections: Vec::new(),
            derivations: Vec::new(),
        }
    }

    /// The cells of a figure of the row about to be pushed: its amount, and its source where it
    /// does not stand on the row's (`null` where it does); its basis goes to the table's
    /// corrections or derivations.
    fn figure(
        &mut self,
        doc: &Doc,
        column: &str,
        figure: Option<&Figure>,
        row_source: Option<&Source>,
    ) -> (Value, Value) {
        let Some(f) = figure else {
            return (Value::Null, Value::Null);
        };
        let row = self.rows.len();
        let at = |mut map: Map<String, Value>| {
            map.insert("row".into(), json!(row));
            map.insert("column".into(), json!(column));
            Value::Object(map)
        };
        if let Some(c) = &f.correction {
            self.corrections.push(at(doc.correction(f, c)));
        }
        if let Some(d) = &f.derivation {
            self.derivations.push(at(doc.derivation(d)));
        }
        let source = if row_source == Some(&f.source) {
            Value::Null
        } else {
            doc.source(&f.source)
        };
        (amount(Some(f)), source)
    }

    fn push(&mut self, row: Vec<Value>) {
        debug_assert_eq!(row.len(), self.columns.len());
        self.rows.push(row);
    }

    /// The table as JSON; `None` without rows.
    fn into_value(self) -> Option<Value> {
        if self.rows.is_empty() {
            return None;
        }
        let same: Vec<bool> = (0..self.columns.len())
            .map(|j| self.rows.len() > 1 && self.rows.iter().all(|r| r[j] == self.rows[0][j]))
            .collect();
        let mut out = Map::new();
        let columns: Vec<&str> = self
            .columns
            .iter()
            .zip(&same)
            .filter(|(_, same)| !**same)
            .map(|(c, _)| *c)
            .collect();
        out.insert("columns".into(), json!(columns));
        let constant: Map<String, Value> = self
            .columns
            .iter()
            .zip(&same)
            .enumerate()
            .filter(|(_, (_, same))| **same)
            .map(|(j, (c, _))| (c.to_string(), self.rows[0][j].clone()))
            .collect();
        if !constant.is_empty() {
            out.insert("same".into(), Value::Object(constant));
        }
        let rows: Vec<Value> = self
            .rows
            .into_iter()
            .map(|row| {
                Value::Array(
                    row.into_iter()
                        .zip(&same)
                        .filter(|(_, same)| !**same)
                        .map(|(v, _)| v)
                        .collect(),
                )
            })
            .collect();
        out.insert("rows".into(), Value::Array(rows));
        for (key, notes) in [
            ("corrections", self.corrections),
            ("derivations", self.derivations),
        ] {
            if !notes.is_empty() {
                out.insert(key.into(), Value::Array(notes));
            }
        }
        Some(Value::Object(out))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::tests::{budget, figure, who};
    use crate::model::{Compared, FunctionCode, FunctionNode, Origin, Part, Severity};

    fn data(b: &Budget) -> Value {
        budget_json(b, &who(), Some("a"), &crate::audit::completeness(b))
    }

    /// The cell of `column` in row `row` of a table, wherever the table keeps it.
    fn cell<'a>(table: &'a Value, row: usize, column: &str) -> &'a Value {
        if let Some(v) = table.get("same").and_then(|s| s.get(column)) {
            return v;
        }
        let j = table["columns"]
            .as_array()
            .unwrap()
            .iter()
            .position(|c| c == column)
            .unwrap_or_else(|| panic!("no column {column} in {table}"));
        &table["rows"][row][j]
    }

    #[test]
    fn undisclosed_figures_are_null_and_disclosed_ones_exact_strings() {
        let v = data(&budget());
        assert_eq!(v["format"], FORMAT);
        assert_eq!(v["unit"], "万元");
        assert_eq!(v["totals"]["expenditure"], "922.94");
        assert_eq!(v["totals"]["basic"], "483.80");
        assert_eq!(v["totals"]["income"], Value::Null);
        assert_eq!(v["totals_source"]["expenditure"], 40);
        assert!(v["totals_source"].get("income").is_none());
        assert_eq!(v["sanggong"]["outbound"], Value::Null);
        assert_eq!(v["sanggong"]["total"], "4.10");
        assert_eq!(v["sanggong_source"]["total"], 90);
        assert_eq!(v["region"]["province"], "河南省");
        // Nothing empty is written: no city, no vehicles, no corrections, no findings.
        for key in [
            "vehicles",
            "totals_correction",
            "totals_derivation",
            "findings",
            "sub_units",
        ] {
            assert!(v.get(key).is_none(), "{key}: {v:#}");
        }
        assert!(v["region"].get("city").is_none());
    }

    #[test]
    fn trees_and_projects_carry_their_sources() {
        let b = budget();
        let completeness = crate::audit::completeness(&b);
        let v = budget_json(&b, &who(), Some("a"), &completeness);
        let functions = &v["by_function"];
        assert_eq!(cell(functions, 0, "code"), "201");
        assert_eq!(cell(functions, 0, "name"), "一般公共服务支出");
        assert_eq!(cell(functions, 0, "amount"), "595.48");
        assert_eq!(cell(functions, 0, "basic"), &Value::Null);
        assert_eq!(cell(functions, 0, "source"), 300);
        assert_eq!(cell(functions, 0, "derived"), false);
        let projects = &v["projects"];
        assert_eq!(cell(projects, 0, "name"), "电子外网建设项目, 二期");
        assert_eq!(cell(projects, 0, "unit"), "卫辉市人民政府办公室");
        assert_eq!(cell(projects, 0, "amount"), "64.00");
        assert_eq!(cell(projects, 0, "source"), 399);
        assert_eq!(cell(projects, 0, "amount_source"), 400);
        let indicators = &v["indicators"];
        assert_eq!(cell(indicators, 0, "project"), 0);
        assert_eq!(cell(indicators, 0, "value"), "≥100个");
        assert_eq!(cell(indicators, 0, "source"), 401);
        let level = cell(indicators, 0, "level").as_u64().unwrap() as usize;
        assert_eq!(indicators["levels"][level], json!(["产出指标", "数量指标"]));
        assert_eq!(v["completeness"]["score"], completeness.score);
        let missing: Vec<&str> = completeness
            .checklist
            .iter()
            .filter(|i| !i.met)
            .map(|i| i.id.as_str())
            .collect();
        assert_eq!(v["completeness"]["missing"], json!(missing));
    }

    #[test]
    fn a_column_of_one_value_is_said_once_and_a_figure_off_its_row_keeps_its_own_source() {
        let mut b = budget();
        let node = |code: &str, amount: &str, line: u32| FunctionNode {
            code: FunctionCode::new(code).unwrap(),
            name: Some("行政运行".into()),
            name_from_reference: false,
            amount: Some(figure(amount, line)),
            basic: Some(figure(amount, line)),
            project: None,
            derived: false,
            children: vec![],
        };
        let mut class = node("208", "10.00", 20);
        class.derived = true;
        class.basic = Some(figure("10.00", 22));
        class.amount = Figure::derived_sum(
            &[&figure("4.00", 20), &figure("6.00", 21)],
            ("4.00 + 6.00".into(), "4.00 + 6.00".into()),
        );
        class.children = vec![node("20801", "4.00", 20), node("20802", "6.00", 21)];
        b.by_function = vec![class];
        let v = data(&b);
        let t = &v["by_function"];
        // Every row's project is null and every name the document's: said once.
        assert_eq!(t["same"]["project"], Value::Null);
        assert_eq!(t["same"]["name_from_reference"], false);
        assert!(!t["columns"].as_array().unwrap().contains(&json!("project")));
        assert_eq!(cell(t, 2, "code"), "20802");
        assert_eq!(cell(t, 2, "amount"), "6.00");
        assert_eq!(cell(t, 2, "source"), 21);
        // The class's basic stands on line 22, its amount on line 20; every other figure on
        // its row's line. The amount is derived, with its formula and lines.
        assert_eq!(cell(t, 0, "source"), 20);
        assert_eq!(cell(t, 0, "basic_source"), 22);
        assert_eq!(cell(t, 1, "basic_source"), &Value::Null);
        assert_eq!(t["same"]["project_source"], Value::Null);
        assert_eq!(t["derivations"][0]["row"], 0);
        assert_eq!(t["derivations"][0]["column"], "amount");
        assert_eq!(t["derivations"][0]["formula"], "4.00 + 6.00");
        assert_eq!(t["derivations"][0]["sources"], json!([20, 21]));
        assert!(t.get("corrections").is_none());
    }

    #[test]
    fn a_source_of_a_pdf_has_its_page_and_of_a_document_of_several_files_its_file_and_text_line() {
        let mut b = budget();
        b.origin = Origin::single(
            "t-2024.txt",
            true,
            vec![1; 39].into_iter().chain([4, 4]).collect(),
        );
        let v = data(&b);
        assert_eq!(v["totals_source"]["expenditure"], json!([40, 4]));
        assert!(v.get("files").is_none());

        b.origin = Origin {
            parts: vec![
                Part {
                    file: "1-说明.txt".into(),
                    first_line: 1,
                    pdf: false,
                },
                Part {
                    file: "2-报表.pdf".into(),
                    first_line: 31,
                    pdf: true,
                },
            ],
            pages: [vec![0; 30], vec![2; 20]].concat(),
        };
        let v = data(&b);
        assert_eq!(v["files"], json!(["1-说明.txt", "2-报表.pdf"]));
        // Line 40 of the text is line 10 of the tables' PDF, on its page 2.
        assert_eq!(v["totals_source"]["expenditure"], json!([10, 2, 1, 40]));
        // A line of the notes: no page.
        b.totals.expenditure = Some(figure("922.94", 12));
        let v = data(&b);
        assert_eq!(v["totals_source"]["expenditure"], json!([12, null, 0, 12]));
    }

    #[test]
    fn a_finding_names_its_sources_only_where_its_figures_do_not() {
        let mut b = budget();
        let compared = |amount: &str, line: u32| Compared {
            label: "支出合计".into(),
            amount: Some(amount.parse().unwrap()),
            source: Some(Source::new("t-2024.txt", line)),
        };
        let finding = |sources: Vec<u32>| Finding {
            severity: Severity::Error,
            rule: "function-tree-sum".into(),
            message_zh: "不符".into(),
            message_en: "does not add up".into(),
            figures: vec![
                compared("1.00", 5),
                compared("2.00", 6),
                compared("3.00", 5),
            ],
            sources: sources
                .into_iter()
                .map(|l| Source::new("t-2024.txt", l))
                .collect(),
            details: vec![],
        };
        b.findings = vec![
            finding(vec![5, 6]),
            finding(vec![6, 5]),
            finding(vec![5, 6, 7]),
        ];
        let v = data(&b);
        let f = &v["findings"];
        assert_eq!(f[0]["figures"][1], json!(["支出合计", "2.00", 6]));
        assert_eq!(f[0]["message"], "不符");
        assert_eq!(f[0]["message_en"], "does not add up");
        assert!(f[0].get("sources").is_none(), "{f:#}");
        assert_eq!(f[1]["sources"], json!([6, 5]));
        assert_eq!(f[2]["sources"], json!([5, 6, 7]));
        assert!(f[0].get("details").is_none());
    }
}
