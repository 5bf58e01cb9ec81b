//! `site.toml`: the site's title, where it is published, and per-department overrides; and the
//! departments table `content/departments.csv` ([`table`]) for sites with many departments. Unknown
//! keys and columns are errors (with line), so a typo never silently falls back to a default.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

pub mod table;

/// The whole of `site.toml`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    #[serde(default = "default_title")]
    pub title: String,
    #[serde(default)]
    pub description: String,
    /// Absolute URL the site is published at; used only for canonical links and the sitemap.
    #[serde(default)]
    pub base_url: Option<String>,
    #[serde(default = "default_language")]
    pub language: String,
    /// Output folder, relative to the folder of `site.toml`.
    #[serde(default = "default_output")]
    pub output: PathBuf,
    /// Departments per page of the lists of all departments (home, comparison, audit, projects);
    /// a longer list is split into pages.
    #[serde(default = "default_page_size")]
    pub page_size: usize,
    /// Whether the Markdown pages of `content/pages/` may carry raw HTML as written (scripts,
    /// `javascript:` links, inline handlers). Off by default: their HTML is sanitised.
    #[serde(default)]
    pub raw_html: bool,
    /// Overrides keyed by department slug (the document's file stem).
    #[serde(default)]
    pub departments: BTreeMap<String, DepartmentOverride>,
    /// Where each department of the departments table was listed (`file:line`), by slug.
    #[serde(skip)]
    pub listed: BTreeMap<String, String>,
}

/// What `site.toml` may say about one department.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DepartmentOverride {
    /// Display name instead of the one read from the document.
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub region: Option<Region>,
    /// Administrative level (省级 / 市级 / 县级 …).
    #[serde(default)]
    pub level: Option<String>,
    /// The department it reports to: a slug of another department or a name.
    #[serde(default)]
    pub parent: Option<String>,
    /// The official address (http or https) the disclosure was published at.
    #[serde(default)]
    pub official_url: Option<String>,
    /// The day it was published there (ISO 8601, `2024-02-05`).
    #[serde(default)]
    pub published: Option<String>,
    /// The department's id across years (`weihui`): the disclosures of one department in
    /// different years share it. Without one, the id comes from the document (the department's
    /// name as it states it).
    #[serde(default)]
    pub department: Option<String>,
}

impl DepartmentOverride {
    /// This override's fields, and `under`'s where this one says nothing.
    fn over(self, under: DepartmentOverride) -> DepartmentOverride {
        DepartmentOverride {
            name: self.name.or(under.name),
            region: self.region.or(under.region),
            level: self.level.or(under.level),
            parent: self.parent.or(under.parent),
            official_url: self.official_url.or(under.official_url),
            published: self.published.or(under.published),
            department: self.department.or(under.department),
        }
    }
}

/// Where a department sits.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Region {
    #[serde(default)]
    pub province: Option<String>,
    #[serde(default)]
    pub city: Option<String>,
    #[serde(default)]
    pub county: Option<String>,
}

fn default_title() -> String {
    "预算公开".to_string()
}

fn default_language() -> String {
    "zh-CN".to_string()
}

fn default_page_size() -> usize {
    500
}

fn default_output() -> PathBuf {
    PathBuf::from("public")
}

impl Default for Config {
    fn default() -> Self {
        Config {
            title: default_title(),
            description: String::new(),
            base_url: None,
            language: default_language(),
            output: default_output(),
            page_size: default_page_size(),
            raw_html: false,
            departments: BTreeMap::new(),
            listed: BTreeMap::new(),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read {path}: {source}")]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },
    /// toml's message already carries line, column and a caret under the offending text.
    #[error("{path}: {message}")]
    Invalid { path: String, message: String },
}

impl Config {
    /// The strings table of `language` ([`Config::parse`] has checked there is one).
    pub fn lang(&self) -> crate::strings::Lang {
        crate::strings::Lang::parse(&self.language).unwrap_or_default()
    }

    /// Reads and checks `site.toml`.
    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Io {
            path: path.display().to_string(),
            source,
        })?;
        Config::parse(&text, &path.display().to_string())
    }

    /// Parses `site.toml` text; `path` names it in errors.
    pub fn parse(text: &str, path: &str) -> Result<Config, ConfigError> {
        let mut config: Config = toml::from_str(text).map_err(|e| ConfigError::Invalid {
            path: path.to_string(),
            message: e.to_string(),
        })?;
        if let Err(message) = crate::strings::Lang::parse(&config.language) {
            return Err(ConfigError::Invalid {
                path: path.to_string(),
                message: format!("language: {message}"),
            });
        }
        for (slug, o) in &mut config.departments {
            let invalid = |message: String| ConfigError::Invalid {
                path: path.to_string(),
                message: format!("[departments.{slug}]: {message}"),
            };
            if let Some(url) = &o.official_url {
                check_official_url(url).map_err(invalid)?;
            }
            if let Some(date) = &o.published {
                o.published = Some(table::date(date).map_err(invalid)?);
            }
            if let Some(id) = &o.department {
                check_department_id(id).map_err(invalid)?;
            }
        }
        if let Some(url) = &config.base_url {
            check_base_url(url).map_err(|message| ConfigError::Invalid {
                path: path.to_string(),
                message,
            })?;
        }
        if config.page_size == 0 {
            return Err(ConfigError::Invalid {
                path: path.to_string(),
                message: "page_size = 0: a list page needs at least one department (page_size ≥ 1) / page_size 至少为 1".into(),
            });
        }
        Ok(config)
    }

    /// The configuration with the site published at `url` instead (`--base-url`, e.g. the URL
    /// GitHub Pages gives): canonical links and the sitemap use it.
    pub fn with_base_url(mut self, url: &str) -> Result<Config, ConfigError> {
        check_base_url(url).map_err(|message| ConfigError::Invalid {
            path: "--base-url".to_string(),
            message,
        })?;
        self.base_url = Some(url.to_string());
        Ok(self)
    }

    /// The configuration with the departments table at `path` (when that file exists) under its
    /// overrides: what `site.toml` says of a department wins, field by field.
    pub fn with_table(mut self, path: &Path) -> Result<Config, ConfigError> {
        if !path.is_file() {
            return Ok(self);
        }
        for (slug, (row, line)) in table::load(path)? {
            self.listed
                .insert(slug.clone(), format!("{}:{line}", path.display()));
            let own = self.departments.remove(&slug).unwrap_or_default();
            self.departments.insert(slug, own.over(row));
        }
        Ok(self)
    }

    pub fn department(&self, slug: &str) -> Option<&DepartmentOverride> {
        self.departments.get(slug)
    }

    /// Who a department is on the site: the override's name before the name read from the
    /// document, and the slug when neither exists.
    pub fn identity(&self, slug: &str, read_name: Option<&str>) -> Identity {
        let o = self.department(slug);
        Identity {
            name: o
                .and_then(|o| o.name.clone())
                .or_else(|| read_name.map(str::to_string))
                .unwrap_or_else(|| slug.to_string()),
            region: o.and_then(|o| o.region.clone()).unwrap_or_default(),
            level: o.and_then(|o| o.level.clone()),
            parent: o
                .and_then(|o| o.parent.clone())
                .map(|p| match self.department(&p) {
                    // A slug of the site names its department.
                    Some(DepartmentOverride {
                        name: Some(name), ..
                    }) => name.clone(),
                    _ => p,
                }),
            official_url: o.and_then(|o| o.official_url.clone()),
            published: o.and_then(|o| o.published.clone()),
            department: o.and_then(|o| o.department.clone()),
        }
    }
}

/// A department id names a folder and a link: letters (any script), digits, `_` and single `-`
/// inside (the form [`crate::department::slug_from`] gives).
pub fn check_department_id(id: &str) -> Result<(), String> {
    let fine = !id.is_empty()
        && !id.starts_with('-')
        && !id.ends_with('-')
        && !id.contains("--")
        && id
            .chars()
            .all(|c| c.is_alphanumeric() || c == '_' || c == '-');
    if fine {
        Ok(())
    } else {
        Err(format!(
            "department id {id:?}: only letters, digits, `_` and `-` inside (it names a folder and a link) / 部门标识只能含字母、数字、_ 和 -"
        ))
    }
}

/// An official address is an absolute http(s) URL (it is linked as it is).
fn check_official_url(url: &str) -> Result<(), String> {
    check_base_url(url)
        .map_err(|_| format!("official url must start with http:// or https://, not {url:?}"))?;
    if url
        .chars()
        .any(|c| c.is_whitespace() || c == '"' || c == '<' || c == '>')
    {
        return Err(format!(
            "official url {url:?} has a space, quote or angle bracket"
        ));
    }
    Ok(())
}

/// A base URL is absolute: canonical links and the sitemap must name the page wherever it is read.
fn check_base_url(url: &str) -> Result<(), String> {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"));
    match rest {
        Some(host) if !host.is_empty() && !host.starts_with('/') => Ok(()),
        _ => Err(format!(
            "base_url must be an absolute http(s) URL, not {url:?}"
        )),
    }
}

/// A department's display name, region, level and where its disclosure was published, after
/// overrides.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Identity {
    pub name: String,
    pub region: Region,
    pub level: Option<String>,
    /// The name of the department it reports to.
    pub parent: Option<String>,
    pub official_url: Option<String>,
    /// ISO 8601 date.
    pub published: Option<String>,
    /// The department's id across years as configured (`None`: from the document).
    pub department: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_full_config() {
        let c = Config::parse(
            r#"
title = "河南预算公开"
base_url = "https://example.org/gk/"
output = "out"
[departments.weihui-2024]
name = "卫辉市政府办"
level = "县级"
region = { province = "河南省", city = "新乡市", county = "卫辉市" }
"#,
            "site.toml",
        )
        .unwrap();
        assert_eq!(c.title, "河南预算公开");
        assert_eq!(c.output, PathBuf::from("out"));
        assert_eq!(c.language, "zh-CN");
        let d = c.department("weihui-2024").unwrap();
        assert_eq!(d.region.as_ref().unwrap().county.as_deref(), Some("卫辉市"));
    }

    #[test]
    fn a_typo_is_an_error_with_line_and_caret() {
        let err = Config::parse("title = \"x\"\ntitel = \"y\"\n", "site.toml").unwrap_err();
        let text = err.to_string();
        assert!(text.starts_with("site.toml: "), "{text}");
        assert!(text.contains("line 2"), "{text}");
        assert!(text.contains('^'), "{text}");
        assert!(text.contains("titel"), "{text}");
    }

    #[test]
    fn unknown_department_keys_are_errors() {
        let err = Config::parse("[departments.a]\ndisplay = \"x\"\n", "site.toml").unwrap_err();
        assert!(err.to_string().contains("display"), "{err}");
    }

    #[test]
    fn page_size_zero_is_an_error() {
        let err = Config::parse("page_size = 0\n", "site.toml").unwrap_err();
        assert!(err.to_string().contains("page_size = 0"), "{err}");
        assert_eq!(
            Config::parse("page_size = 1\n", "site.toml")
                .unwrap()
                .page_size,
            1
        );
    }

    #[test]
    fn base_url_must_be_absolute() {
        assert!(Config::parse("base_url = \"/gk/\"\n", "site.toml").is_err());
        assert!(Config::parse("base_url = \"https://\"\n", "site.toml").is_err());
    }

    #[test]
    fn site_toml_wins_over_the_table_field_by_field() {
        let dir = tempfile::tempdir().unwrap();
        let csv = dir.path().join("departments.csv");
        std::fs::write(
            &csv,
            "slug,name,level,parent,url,published\na,表中名,县级,b,https://x.gov.cn/a,2024/3/1\nb,上级局,,,,\n",
        )
        .unwrap();
        let c = Config::parse("[departments.a]\nname = \"配置名\"\n", "site.toml")
            .unwrap()
            .with_table(&csv)
            .unwrap();
        let who = c.identity("a", Some("读出的名"));
        assert_eq!(who.name, "配置名");
        assert_eq!(who.level.as_deref(), Some("县级"));
        assert_eq!(who.parent.as_deref(), Some("上级局"));
        assert_eq!(who.official_url.as_deref(), Some("https://x.gov.cn/a"));
        assert_eq!(who.published.as_deref(), Some("2024-03-01"));
        assert!(
            c.listed["b"].ends_with("departments.csv:3"),
            "{:?}",
            c.listed
        );
        // No table: the same configuration.
        let plain = Config::default()
            .with_table(&dir.path().join("none.csv"))
            .unwrap();
        assert_eq!(plain, Config::default());
    }

    #[test]
    fn official_links_in_site_toml_are_checked() {
        let err = Config::parse(
            "[departments.a]\nofficial_url = \"www.x.cn\"\n",
            "site.toml",
        )
        .unwrap_err();
        assert!(err.to_string().contains("[departments.a]"), "{err}");
        let c = Config::parse("[departments.a]\npublished = \"2024/1/2\"\n", "site.toml").unwrap();
        assert_eq!(
            c.identity("a", None).published.as_deref(),
            Some("2024-01-02")
        );
    }

    #[test]
    fn base_url_from_the_command_line_replaces_the_configured_one() {
        let c = Config::parse("base_url = \"https://a.example/x/\"\n", "site.toml").unwrap();
        let c = c.with_base_url("https://team.github.io/portal").unwrap();
        assert_eq!(c.base_url.as_deref(), Some("https://team.github.io/portal"));
        let err = Config::default()
            .with_base_url("team.github.io")
            .unwrap_err();
        assert!(err.to_string().starts_with("--base-url: "), "{err}");
    }
}
