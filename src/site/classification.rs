//! The classification pages: every function code any department states, across departments.

use super::*;

#[derive(Debug, Clone, Serialize)]
pub struct CodeHeader {
    pub code: String,
    pub name: String,
    pub href: String,
}

/// One function code across departments.
#[derive(Debug, Clone, Serialize)]
pub struct CodePage {
    pub code: String,
    pub level: &'static str,
    pub depth: usize,
    pub name: String,
    pub href: String,
    /// The list of all codes this page belongs to (the site's or its year's).
    pub index_href: String,
    pub parent: Option<CodeHeader>,
    pub children: Vec<CodeHeader>,
    pub rows: Vec<CodeDepartment>,
    /// Sum over the departments that state it.
    pub total: FigureView,
    /// A bar per department, when at least two state an amount.
    pub chart: Option<ChartView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct CodeDepartment {
    pub name: String,
    pub href: String,
    pub amount: FigureView,
    pub share: Option<String>,
}

/// A code linking its page among the pages of `year` (the site's own for `None`).
pub(super) fn code_header(code: &str, name: &str, year: Option<u16>) -> CodeHeader {
    CodeHeader {
        code: code.to_string(),
        name: name.to_string(),
        href: urls::in_year(year, &urls::classification(code)),
    }
}

/// Every function code (类, 款 and 项) any department states, in code order, with the departments
/// that state it (as indexes into the summaries and their code entries); its pages are those of
/// `year` (see [`urls::in_year`]).
#[derive(Debug, Clone, Default)]
pub struct CodeIndex {
    codes: Vec<(String, String)>,
    rows: Vec<Vec<(u32, u32)>>,
    year: Option<u16>,
}

/// One line of the list of all codes.
#[derive(Debug, Clone, Serialize)]
pub struct CodeLine {
    pub code: String,
    pub level: &'static str,
    pub depth: usize,
    pub name: String,
    pub href: String,
    /// How many departments state it.
    pub count: usize,
    pub total: FigureView,
}

/// 类, 款 or 项 (class, section, item) by the code's length, in the site's language.
pub(super) fn code_level(code: &str, lang: Lang) -> &'static str {
    lang.get(match code.len() {
        3 => "level_class",
        5 => "level_section",
        _ => "level_item",
    })
}

impl CodeIndex {
    pub(super) fn new(summaries: &[&Summary], year: Option<u16>) -> CodeIndex {
        // Per code: its first name given, and (summary, entry) of each department stating it.
        type Seen<'a> = BTreeMap<&'a str, (&'a str, Vec<(u32, u32)>)>;
        let mut seen: Seen = BTreeMap::new();
        for (i, s) in summaries.iter().enumerate() {
            for (j, e) in s.codes.iter().enumerate() {
                let entry = seen.entry(&e.code).or_insert(("", Vec::new()));
                if entry.0.is_empty() {
                    entry.0 = e.name.as_deref().unwrap_or_default();
                }
                entry.1.push((i as u32, j as u32));
            }
        }
        let mut index = CodeIndex {
            year,
            ..CodeIndex::default()
        };
        for (code, (name, rows)) in seen {
            index.codes.push((code.to_string(), name.to_string()));
            index.rows.push(rows);
        }
        index
    }

    pub fn len(&self) -> usize {
        self.codes.len()
    }

    pub fn is_empty(&self) -> bool {
        self.codes.is_empty()
    }

    /// Whether some department states `code`.
    pub fn has(&self, code: &str) -> bool {
        self.position(code).is_some()
    }

    fn position(&self, code: &str) -> Option<usize> {
        self.codes
            .binary_search_by(|(c, _)| c.as_str().cmp(code))
            .ok()
    }

    /// The code of the `i`-th page.
    pub fn code(&self, i: usize) -> &str {
        &self.codes[i].0
    }

    fn entries<'a>(
        &'a self,
        summaries: &'a [&'a Summary],
        i: usize,
    ) -> impl Iterator<Item = (&'a Summary, &'a CodeEntry)> {
        self.rows[i].iter().map(|&(s, e)| {
            let summary = summaries[s as usize];
            (summary, &summary.codes[e as usize])
        })
    }

    fn header(&self, code: &str) -> Option<CodeHeader> {
        let i = self.position(code)?;
        Some(code_header(code, &self.codes[i].1, self.year))
    }

    fn total(&self, summaries: &[&Summary], i: usize) -> FigureView {
        let amounts: Vec<Amount> = self
            .entries(summaries, i)
            .filter_map(|(_, e)| e.amount)
            .collect();
        FigureView::computed((!amounts.is_empty()).then(|| amounts.into_iter().sum()))
    }

    /// The list of all codes (the classification index page).
    pub fn lines(&self, summaries: &[&Summary], lang: Lang) -> Vec<CodeLine> {
        self.codes
            .iter()
            .enumerate()
            .map(|(i, (code, name))| CodeLine {
                code: code.clone(),
                level: code_level(code, lang),
                depth: (code.len() - 3) / 2,
                name: name.clone(),
                href: urls::in_year(self.year, &urls::classification(code)),
                count: self.rows[i].len(),
                total: self.total(summaries, i),
            })
            .collect()
    }

    /// The page of the `i`-th code, made when it is rendered (a code's rows are only held while
    /// its page is).
    pub fn page(&self, summaries: &[&Summary], i: usize, lang: Lang) -> CodePage {
        let (code, name) = &self.codes[i];
        let parent = match code.len() {
            5 | 7 => self.header(&code[..code.len() - 2]),
            _ => None,
        };
        let children = self.codes[i + 1..]
            .iter()
            .take_while(|(k, _)| k.starts_with(code.as_str()))
            .filter(|(k, _)| k.len() == code.len() + 2)
            .map(|(k, n)| code_header(k, n, self.year))
            .collect();
        let bars: Vec<(String, Amount)> = self
            .entries(summaries, i)
            .filter_map(|(s, e)| e.amount.map(|a| (s.name.clone(), a)))
            .collect();
        CodePage {
            code: code.clone(),
            level: code_level(code, lang),
            depth: (code.len() - 3) / 2,
            name: name.clone(),
            href: urls::in_year(self.year, &urls::classification(code)),
            index_href: urls::in_year(self.year, urls::CLASSIFICATION_INDEX),
            parent,
            children,
            rows: self
                .entries(summaries, i)
                .map(|(s, e)| CodeDepartment {
                    name: s.name.clone(),
                    href: urls::anchor(&s.href, &format!("fn-{code}")),
                    amount: s.figure(e),
                    share: s.share(e),
                })
                .collect(),
            total: self.total(summaries, i),
            chart: charts::classification_chart_in(
                code,
                (!name.is_empty()).then_some(name.as_str()),
                &bars,
                lang,
            )
            .map(|chart| {
                let href = urls::in_year(self.year, &urls::classification_chart(code));
                ChartView::new(chart, href, lang)
            }),
        }
    }
}
