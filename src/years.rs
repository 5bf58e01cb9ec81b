//! One department across years: which department and which year a document is, and the rule
//! that a site holds one document per department and year.
//!
//! The department's id comes from the departments table (`department` column, or
//! `[departments.<slug>] department` in `site.toml`) where it names one; otherwise from the
//! department's name as the document states it (it carries the region: `卫辉市人民政府办公室`),
//! made safe for a path. Never from the file name alone: files are named arbitrarily. The year is
//! the one the document states.

use std::collections::HashMap;

use crate::config::Identity;
use crate::department::{DocumentError, slug_from};
use crate::model::Budget;
use crate::site::urls;

/// A department and a year: one document of the site.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Key {
    pub department: String,
    pub year: u16,
}

impl Key {
    /// The path of the year's pages under the department (`weihui/2024`): what every URL of the
    /// document is made from.
    pub fn slug(&self) -> String {
        urls::year_slug(&self.department, self.year)
    }
}

/// Which department and year `budget` is (`who` is its configured identity); an error naming
/// `file` when the document states no year, or neither the table nor the document names the
/// department.
pub fn key_of(budget: &Budget, who: &Identity, file: &str) -> Result<Key, DocumentError> {
    let error = |message: &str| DocumentError {
        file: file.to_string(),
        line: None,
        message: message.to_string(),
    };
    let department = match &who.department {
        Some(id) => id.clone(),
        None => {
            let read = budget
                .name
                .as_ref()
                .map(|n| slug_from(&n.text))
                .unwrap_or_default();
            if read.is_empty() {
                return Err(error(
                    "the document states no department name, so its years cannot be joined; give its id in the `department` column of content/departments.csv / 文件中未读到部门名称，请在 departments.csv 的 department 列填写部门标识",
                ));
            }
            read
        }
    };
    let Some(year) = budget.year else {
        return Err(error(
            "the document states no budget year (`2024年部门预算`) / 文件中未读到预算年度",
        ));
    };
    Ok(Key { department, year })
}

/// The documents already taken, by department and year, with the file of each.
#[derive(Debug, Default)]
pub struct Claims(HashMap<Key, String>);

impl Claims {
    /// Takes `key` for `file`; when an earlier file has it, an error naming both (the later one is
    /// left out). Called in file order, so the same files always give the same site.
    pub fn claim(&mut self, key: &Key, file: &str) -> Result<(), DocumentError> {
        match self.0.get(key) {
            Some(first) => Err(DocumentError {
                file: file.to_string(),
                line: None,
                message: format!(
                    "{first} is already department {} for {}: two documents of one department and year; this one is left out / 与 {first} 为同一部门（{}）同一年度（{}），未发布",
                    key.department, key.year, key.department, key.year
                ),
            }),
            None => {
                self.0.insert(key.clone(), file.to_string());
                Ok(())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Source, Text};

    fn budget(name: Option<&str>, year: Option<u16>) -> Budget {
        let mut b = Budget::empty("x", "x.txt");
        b.name = name.map(|n| Text {
            text: n.to_string(),
            source: Source::new("x.txt", 1),
        });
        b.year = year;
        b
    }

    #[test]
    fn the_id_is_the_tables_or_the_documents_name_never_the_file() {
        let who = Identity::default();
        let key = key_of(
            &budget(Some("卫辉市 人民政府办公室"), Some(2024)),
            &who,
            "a.txt",
        )
        .unwrap();
        assert_eq!(key.department, "卫辉市-人民政府办公室");
        assert_eq!(key.slug(), "卫辉市-人民政府办公室/2024");
        let who = Identity {
            department: Some("weihui".into()),
            ..Identity::default()
        };
        let key = key_of(&budget(None, Some(2023)), &who, "a.txt").unwrap();
        assert_eq!((key.department.as_str(), key.year), ("weihui", 2023));
        let e = key_of(&budget(None, Some(2023)), &Identity::default(), "a.txt").unwrap_err();
        assert!(e.message.contains("department"), "{e}");
        let e = key_of(&budget(Some("某局"), None), &Identity::default(), "a.txt").unwrap_err();
        assert!(e.message.contains("year"), "{e}");
    }

    #[test]
    fn a_second_document_of_one_department_and_year_names_both_files() {
        let mut claims = Claims::default();
        let key = Key {
            department: "a".into(),
            year: 2024,
        };
        claims.claim(&key, "one.txt").unwrap();
        let e = claims.claim(&key, "two.txt").unwrap_err();
        assert_eq!(e.file, "two.txt");
        assert!(e.message.contains("one.txt"), "{e}");
        let other = Key {
            department: "a".into(),
            year: 2023,
        };
        claims.claim(&other, "three.txt").unwrap();
    }
}
