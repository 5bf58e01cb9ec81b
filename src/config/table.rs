//! `content/departments.csv`: one row per department, as a portal team keeps it in Excel or WPS
//! (UTF-8, with or without the byte-order mark those programs write). Columns, by header (English
//! or Chinese, in any order; only the slug is required):
//!
//! | column | also | what |
//! |---|---|---|
//! | `slug` | `id`, `标识` | the document's file stem (`weihui-2024` for `weihui-2024.pdf`) |
//! | `name` | `名称`, `部门名称` | display name instead of the one read from the document |
//! | `province`, `city`, `county` | `省`, `市`, `县` | where the department sits |
//! | `level` | `级次`, `层级` | 省级 / 市级 / 县级 … |
//! | `parent` | `上级`, `上级部门` | the department it reports to (a slug of the table or a name) |
//! | `url` | `official_url`, `原文链接` | the official address of the disclosure (http or https) |
//! | `published` | `date`, `发布日期` | when it was published: 2024-02-05, 2024/2/5, 2024.2.5 or 2024年2月5日 |
//! | `department` | `部门标识` | the department's id across years (`weihui`): its pages are `departments/<id>/` |
//!
//! Every bad row is an error naming the file and its line; an unknown column is an error too, so
//! a typo never silently drops a column.

use std::collections::BTreeMap;
use std::path::Path;

use super::{ConfigError, DepartmentOverride, Region};

/// What one column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Column {
    Slug,
    Name,
    Province,
    City,
    County,
    Level,
    Parent,
    Url,
    Published,
    Department,
}

impl Column {
    fn of(header: &str) -> Option<Column> {
        let h = header.trim().to_ascii_lowercase();
        Some(match h.as_str() {
            "slug" | "id" | "标识" => Column::Slug,
            "name" | "名称" | "部门名称" => Column::Name,
            "province" | "省" => Column::Province,
            "city" | "市" => Column::City,
            "county" | "县" | "区县" => Column::County,
            "level" | "级次" | "层级" => Column::Level,
            "parent" | "上级" | "上级部门" => Column::Parent,
            "url" | "official_url" | "原文链接" => Column::Url,
            "published" | "date" | "发布日期" => Column::Published,
            "department" | "部门标识" => Column::Department,
            _ => return None,
        })
    }
}

/// The rows of the table by slug, each with its line (for errors about it later).
pub type Rows = BTreeMap<String, (DepartmentOverride, u64)>;

/// Reads the table at `path`.
pub fn load(path: &Path) -> Result<Rows, ConfigError> {
    let bytes = std::fs::read(path).map_err(|source| ConfigError::Io {
        path: path.display().to_string(),
        source,
    })?;
    parse(&bytes, &path.display().to_string())
}

/// Reads the table from its bytes; `file` names it in errors.
pub fn parse(bytes: &[u8], file: &str) -> Result<Rows, ConfigError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let at = |line: u64, message: String| ConfigError::Invalid {
        path: format!("{file}:{line}"),
        message,
    };
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let line = 1 + bytes[..e.valid_up_to()]
            .iter()
            .filter(|b| **b == b'\n')
            .count();
        at(
            line as u64,
            "not UTF-8: save the table as “CSV UTF-8” (Excel) or choose UTF-8 encoding (WPS)"
                .to_string(),
        )
    })?;
    // Excel and WPS end lines with CRLF; as LF, byte offsets give the lines of errors.
    let text = text.replace("\r\n", "\n");
    let mut reader = csv::ReaderBuilder::new()
        .flexible(false)
        .from_reader(text.as_bytes());
    let headers = reader
        .headers()
        .map_err(|e| at(1, format!("cannot read the header: {e}")))?
        .clone();
    let mut columns = Vec::with_capacity(headers.len());
    for h in &headers {
        match Column::of(h) {
            Some(c) if columns.contains(&c) => {
                return Err(at(1, format!("column {h:?} appears twice")));
            }
            Some(c) => columns.push(c),
            None if h.trim().is_empty() => {
                return Err(at(1, "a column without a header".to_string()));
            }
            None => {
                return Err(at(
                    1,
                    format!(
                        "unknown column {h:?} (known: slug, name, province, city, county, level, parent, url, published, department)"
                    ),
                ));
            }
        }
    }
    if !columns.contains(&Column::Slug) {
        return Err(at(
            1,
            "no slug column (the document's file stem)".to_string(),
        ));
    }
    let mut rows = Rows::new();
    // The line from the byte offset: csv's own line count is off after a CRLF line end. Records
    // come in order, so each count goes on from the last one (a table of 10,000 rows would
    // otherwise be counted from its start 10,000 times).
    let counted = std::cell::Cell::new((0usize, 1u64));
    let line_at = |byte: u64| {
        let (from, line) = counted.get();
        let mut end = (byte as usize).min(text.len());
        // After an empty line, csv's position is that line's start: the row is on the next.
        while text.as_bytes().get(end) == Some(&b'\n') {
            end += 1;
        }
        let (from, line) = if end < from { (0, 1) } else { (from, line) };
        let line = line
            + text.as_bytes()[from..end]
                .iter()
                .filter(|b| **b == b'\n')
                .count() as u64;
        counted.set((end, line));
        line
    };
    for record in reader.records() {
        let record = record.map_err(|e| {
            let line = e.position().map_or(0, |p| line_at(p.byte()));
            at(line, csv_message(&e))
        })?;
        let line = record.position().map_or(0, |p| line_at(p.byte()));
        if record.iter().all(|v| v.trim().is_empty()) {
            continue; // an empty row, as spreadsheets leave at the end
        }
        let mut slug = String::new();
        let mut row = DepartmentOverride::default();
        let mut region = Region::default();
        for (column, value) in columns.iter().zip(record.iter()) {
            let value = value.trim();
            if value.is_empty() {
                continue;
            }
            let text = Some(value.to_string());
            match column {
                Column::Slug => slug = value.to_string(),
                Column::Name => row.name = text,
                Column::Province => region.province = text,
                Column::City => region.city = text,
                Column::County => region.county = text,
                Column::Level => row.level = text,
                Column::Parent => row.parent = text,
                Column::Url => {
                    super::check_official_url(value).map_err(|m| at(line, m))?;
                    row.official_url = text;
                }
                Column::Published => {
                    row.published = Some(date(value).map_err(|m| at(line, m))?);
                }
                Column::Department => {
                    super::check_department_id(value).map_err(|m| at(line, m))?;
                    row.department = text;
                }
            }
        }
        if slug.is_empty() {
            return Err(at(line, "no slug".to_string()));
        }
        if region != Region::default() {
            row.region = Some(region);
        }
        if let Some((_, first)) = rows.get(&slug) {
            return Err(at(
                line,
                format!("slug {slug:?} is already on line {first}"),
            ));
        }
        rows.insert(slug, (row, line));
    }
    Ok(rows)
}

fn csv_message(e: &csv::Error) -> String {
    match e.kind() {
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => format!("{len} fields, but the header has {expected_len}"),
        _ => e.to_string(),
    }
}

/// A publication date as ISO 8601 (`2024-02-05`), from the ways a spreadsheet writes one.
pub fn date(text: &str) -> Result<String, String> {
    let bad = || {
        format!(
            "publication date {text:?} is not a date such as 2024-02-05, 2024/2/5 or 2024年2月5日"
        )
    };
    let parts: Vec<&str> = text
        .trim_end_matches('日')
        .split(['-', '/', '.', '年', '月'])
        .collect();
    let [y, m, d] = parts.as_slice() else {
        return Err(bad());
    };
    let num = |s: &str, digits: std::ops::RangeInclusive<usize>| {
        (digits.contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse::<u32>().ok())
            .flatten()
    };
    let (Some(y), Some(m), Some(d)) = (num(y, 4..=4), num(m, 1..=2), num(d, 1..=2)) else {
        return Err(bad());
    };
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return Err(bad()),
    };
    if d == 0 || d > days {
        return Err(bad());
    }
    Ok(format!("{y:04}-{m:02}-{d:02}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    const TABLE: &str = "slug,name,province,city,county,level,parent,url,published\r\n\
        weihui-2024,卫辉市人民政府办公室,河南省,新乡市,卫辉市,县级,,https://www.weihui.gov.cn/a.html,2024/2/5\r\n\
        luohe-2024,,河南省,漯河市,,市级,,,2024-01-31\r\n\
        ,,,,,,,,\r\n";

    #[test]
    fn reads_a_table_saved_by_excel_with_its_byte_order_mark() {
        let mut bytes = b"\xEF\xBB\xBF".to_vec();
        bytes.extend_from_slice(TABLE.as_bytes());
        for input in [bytes.as_slice(), TABLE.as_bytes()] {
            let rows = parse(input, "departments.csv").unwrap();
            assert_eq!(rows.len(), 2);
            let (w, line) = &rows["weihui-2024"];
            assert_eq!(*line, 2);
            assert_eq!(w.name.as_deref(), Some("卫辉市人民政府办公室"));
            assert_eq!(w.region.as_ref().unwrap().county.as_deref(), Some("卫辉市"));
            assert_eq!(w.level.as_deref(), Some("县级"));
            assert_eq!(w.parent, None);
            assert_eq!(
                w.official_url.as_deref(),
                Some("https://www.weihui.gov.cn/a.html")
            );
            assert_eq!(w.published.as_deref(), Some("2024-02-05"));
            let (l, _) = &rows["luohe-2024"];
            assert_eq!(l.name, None);
            assert_eq!(l.region.as_ref().unwrap().county, None);
        }
    }

    #[test]
    fn chinese_headers_in_any_order() {
        let rows = parse(
            "发布日期,标识,上级部门\n2024年3月1日,a,市财政局\n".as_bytes(),
            "d.csv",
        )
        .unwrap();
        assert_eq!(rows["a"].0.published.as_deref(), Some("2024-03-01"));
        assert_eq!(rows["a"].0.parent.as_deref(), Some("市财政局"));
    }

    #[test]
    fn bad_rows_name_the_file_and_line() {
        let cases = [
            (
                "slug,url\na,https://x.cn\nb,ftp://x.cn\n",
                "d.csv:3: ",
                "url",
            ),
            ("slug,published\na,2024-02-30\n", "d.csv:2: ", "2024-02-30"),
            ("slug,name\na,x\na,y\n", "d.csv:3: ", "line 2"),
            ("slug,name\na,x,extra\n", "d.csv:2: ", "3 fields"),
            ("slug,nmae\na,x\n", "d.csv:1: ", "nmae"),
            ("name\nx\n", "d.csv:1: ", "slug"),
            ("slug,name\n,x\n", "d.csv:2: ", "no slug"),
            // Lines are counted on from row to row, through a cell of two lines and an empty line.
            (
                "slug,name,url\na,\"two\nlines\",\nb,x,https://x.cn\n\nc,y,ftp://x.cn\n",
                "d.csv:6: ",
                "url",
            ),
        ];
        for (text, at, says) in cases {
            let err = parse(text.as_bytes(), "d.csv").unwrap_err().to_string();
            assert!(err.starts_with(at), "{text:?}: {err}");
            assert!(err.contains(says), "{text:?}: {err}");
        }
        let rows = parse(
            "slug,name\r\na,\"two\r\nlines\"\r\nb,x\r\n\r\nc,y\r\n".as_bytes(),
            "d.csv",
        )
        .unwrap();
        let lines: Vec<u64> = ["a", "b", "c"].iter().map(|k| rows[*k].1).collect();
        assert_eq!(lines, [2, 4, 6]);
        let gbk = b"slug,name\na,\xce\xc0\n";
        let err = parse(gbk, "d.csv").unwrap_err().to_string();
        assert!(err.starts_with("d.csv:2: not UTF-8"), "{err}");
    }

    #[test]
    fn dates_in_the_forms_spreadsheets_write() {
        assert_eq!(date("2024-2-5").unwrap(), "2024-02-05");
        assert_eq!(date("2024.12.31").unwrap(), "2024-12-31");
        assert_eq!(date("2024年2月29日").unwrap(), "2024-02-29");
        for bad in [
            "2023-02-29",
            "24-1-1",
            "2024-13-01",
            "2024-01",
            "明天",
            "2024-1-1-1",
        ] {
            assert!(date(bad).is_err(), "{bad}");
        }
    }
}
