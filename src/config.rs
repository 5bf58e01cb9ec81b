//! `site.toml`: the site's title, where it is published, and per-department overrides. Unknown keys
//! are errors (with line and caret), so a typo never silently falls back to a default.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

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
        let config: Config = toml::from_str(text).map_err(|e| ConfigError::Invalid {
            path: path.to_string(),
            message: e.to_string(),
        })?;
        if let Some(url) = &config.base_url
            && !(url.starts_with("http://") || url.starts_with("https://"))
        {
            return Err(ConfigError::Invalid {
                path: path.to_string(),
                message: format!("base_url must be an absolute http(s) URL, not {url:?}"),
            });
        }
        if config.page_size == 0 {
            return Err(ConfigError::Invalid {
                path: path.to_string(),
                message: "page_size = 0: a list page needs at least one department (page_size ≥ 1) / page_size 至少为 1".into(),
            });
        }
        Ok(config)
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
        }
    }
}

/// A department's display name, region and level after overrides.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Identity {
    pub name: String,
    pub region: Region,
    pub level: Option<String>,
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
    }
}
