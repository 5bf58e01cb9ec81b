//! placeholder: template text left unfilled (`XX`).

use super::*;

/// Where a placeholder (`XX`, `××`, `xxx`) sits in a text: the run found, or `None`. A run of X
/// joined to other Latin letters or digits is a word or code (`XXL`, `xxgk`), not a placeholder;
/// lowercase needs three, since `xx` is common in web addresses.
pub(super) fn find_placeholder(text: &str) -> Option<String> {
    let is_x = |c: char| matches!(c, 'X' | 'x' | 'Ｘ' | 'ｘ' | '×');
    // Most lines have no X at all: they are told apart without a copy.
    if !text.contains(is_x) {
        return None;
    }
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        if !is_x(chars[i]) {
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len() && is_x(chars[i]) {
            i += 1;
        }
        let run: String = chars[start..i].iter().collect();
        let joined = |c: Option<&char>| c.is_some_and(|c| c.is_ascii_alphanumeric());
        let isolated =
            !joined(start.checked_sub(1).and_then(|j| chars.get(j))) && !joined(chars.get(i));
        let long_enough = if run.chars().all(|c| c == 'x') {
            run.len() >= 3
        } else {
            run.chars().count() >= 2
        };
        if isolated && long_enough {
            return Some(run);
        }
    }
    None
}

/// Placeholders left in the text. With the document's lines every line is searched; the model's
/// texts (table cells, responsibilities, glossary, projects, indicators) are searched too. One
/// finding per line.
pub(super) fn placeholder(budget: &Budget, lines: &[String], out: &mut Vec<Finding>) {
    let mut hits: BTreeMap<u32, (String, String)> = BTreeMap::new();
    let mut note = |line: u32, text: &str| {
        if let Some(run) = find_placeholder(text) {
            hits.entry(line)
                .or_insert_with(|| (run, text.trim().chars().take(60).collect()));
        }
    };
    for (index, line) in lines.iter().enumerate() {
        note(u32::try_from(index + 1).unwrap_or(u32::MAX), line);
    }
    for table in &budget.tables {
        for cell in table.rows.iter().flatten() {
            note(cell.line, &cell.text);
        }
    }
    let texts = budget
        .name
        .iter()
        .chain(&budget.responsibilities)
        .chain(&budget.structure);
    for text in texts {
        note(text.source.line, &text.text);
    }
    for entry in &budget.glossary {
        note(
            entry.source.line,
            &format!("{}：{}", entry.term, entry.definition),
        );
    }
    for project in &budget.projects {
        note(project.source.line, &project.name);
        if let Some(unit) = &project.unit {
            note(project.source.line, unit);
        }
    }
    let indicators = budget
        .projects
        .iter()
        .flat_map(|p| &p.indicators)
        .chain(&budget.overall_indicators);
    for indicator in indicators {
        note(
            indicator.source.line,
            &format!("{} {}", indicator.name, indicator.value),
        );
    }
    for (line, (run, excerpt)) in hits {
        let source = source_line(budget, line);
        out.push(Finding {
            severity: Severity::Warning,
            rule: "placeholder".to_string(),
            message_zh: format!("第 {line} 行留有占位符“{run}”，内容未填写：{excerpt}"),
            message_en: format!("Line {line} still holds the placeholder “{run}”: {excerpt}"),
            figures: Vec::new(),
            sources: vec![source],
            details: Vec::new(),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audit::test_support::*;

    // --- placeholder ---------------------------------------------------------------------

    #[test]
    fn placeholder_finds_fengxian_xx_in_lines_and_cells() {
        let mut b = empty();
        let lines = vec![
            "六、国有资产占有使用及资产购置情况说明".to_string(),
            "截止上年底，本单位共有车辆22辆，单价20万元以上的设备XX台（套）。".to_string(),
        ];
        b.tables
            .push(table(TableKind::Projects, &[&["项目", "××项目"]], 300));
        let found: Vec<Finding> = audit_with_lines(&b, &lines)
            .into_iter()
            .filter(|f| f.rule == "placeholder")
            .collect();
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].sources, vec![Source::new(FILE, 2)]);
        assert_eq!(found[0].severity, Severity::Warning);
        assert_eq!(found[1].sources, vec![Source::new(FILE, 301)]);
    }

    #[test]
    fn placeholder_silent_on_words_and_addresses() {
        assert_eq!(find_placeholder("见 www.gov.cn/xxgk 与 XXL 号"), None);
        assert_eq!(find_placeholder("本单位共有车辆 22 辆"), None);
        assert_eq!(find_placeholder("2×3 平方米"), None);
        assert_eq!(find_placeholder("xxx 单位"), Some("xxx".to_string()));
        let b = complete();
        let lines = vec!["本单位共有车辆22辆".to_string()];
        assert!(
            audit_with_lines(&b, &lines)
                .iter()
                .all(|f| f.rule != "placeholder")
        );
    }
}
