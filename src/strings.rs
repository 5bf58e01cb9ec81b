//! The words of the site in its language: one table per language (`strings/zh-CN.toml`,
//! `strings/en.toml`), embedded in the binary. Templates read them as `t.<key>`; Rust code that
//! writes words into views or files (CSV headers, labels of findings) asks [`Lang`]. A template
//! never tests the language: it only looks words up.

use std::collections::BTreeMap;
use std::sync::OnceLock;

/// A language the site can be written in.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum Lang {
    /// Simplified Chinese, the default.
    #[default]
    ZhCn,
    English,
}

pub type Strings = BTreeMap<String, String>;

const ZH_CN: &str = include_str!("../strings/zh-CN.toml");
const EN: &str = include_str!("../strings/en.toml");

impl Lang {
    /// The language of a `language` setting: `zh`, `zh-CN`, `zh-Hans` … are Chinese, `en`,
    /// `en-GB` … English; anything else is an error naming what there is.
    pub fn parse(language: &str) -> Result<Lang, String> {
        let primary = language
            .split(['-', '_'])
            .next()
            .unwrap_or_default()
            .to_ascii_lowercase();
        match primary.as_str() {
            "zh" => Ok(Lang::ZhCn),
            "en" => Ok(Lang::English),
            _ => Err(format!(
                "language {language:?} has no strings table (there are: zh-CN, en)"
            )),
        }
    }

    /// The words of this language, keyed as in the tables.
    pub fn strings(self) -> &'static Strings {
        static ZH: OnceLock<Strings> = OnceLock::new();
        static EN_TABLE: OnceLock<Strings> = OnceLock::new();
        match self {
            Lang::ZhCn => ZH.get_or_init(|| parse_table(ZH_CN, "strings/zh-CN.toml")),
            Lang::English => EN_TABLE.get_or_init(|| parse_table(EN, "strings/en.toml")),
        }
    }

    /// One word; a key missing from the table is a bug the tests catch (both tables have the
    /// same keys), shown as the key itself rather than a panic.
    pub fn get(self, key: &str) -> &'static str {
        self.strings().get(key).map_or_else(
            || {
                debug_assert!(false, "no string {key:?}");
                ""
            },
            String::as_str,
        )
    }

    /// A word with `{name}` placeholders filled in.
    pub fn fill(self, key: &str, values: &[(&str, &str)]) -> String {
        let mut text = self.get(key).to_string();
        for (name, value) in values {
            text = text.replace(&format!("{{{name}}}"), value);
        }
        text
    }

    pub fn is_english(self) -> bool {
        self == Lang::English
    }
}

/// The embedded tables are part of the program: one that does not parse is a bug the tests
/// catch, so it panics with its name.
fn parse_table(text: &str, name: &str) -> Strings {
    toml::from_str(text).unwrap_or_else(|e| panic!("{name}: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_tables_have_the_same_keys_and_no_empty_words() {
        let zh = Lang::ZhCn.strings();
        let en = Lang::English.strings();
        let zh_keys: Vec<&String> = zh.keys().collect();
        let en_keys: Vec<&String> = en.keys().collect();
        assert_eq!(zh_keys, en_keys);
        // Only the pieces around a number may be empty ("第 12 行" is "line 12").
        for (k, v) in zh.iter().chain(en.iter()) {
            let piece = k.ends_with("_start") || k.ends_with("_end") || k.ends_with("_suffix");
            assert!(piece || !v.trim().is_empty(), "{k} is empty");
        }
    }

    #[test]
    fn chinese_words_have_no_latin_and_english_words_no_han() {
        let han = |c: char| ('\u{4e00}'..='\u{9fff}').contains(&c);
        for (k, v) in Lang::English.strings() {
            assert!(!v.chars().any(han), "en {k} = {v:?} has Chinese");
        }
        // Words of the page; a file name (CSV, JSON, SVG) or a unit symbol may be Latin.
        // Placeholders ({who}, {n}) and file names (budgets.json) are not words.
        let not_words = regex::Regex::new(r"\{[a-z_]+\}|[a-z]+\.[a-z]+").unwrap();
        for (k, v) in Lang::ZhCn.strings() {
            let words = not_words.replace_all(v, " ");
            let latin = words
                .split(|c: char| !c.is_ascii_alphabetic())
                .filter(|w| w.len() > 1)
                .filter(|w| !["CSV", "JSON", "SVG", "PNG", "JavaScript", "gongkai"].contains(w))
                .collect::<Vec<_>>();
            assert!(latin.is_empty(), "zh-CN {k} = {v:?} has English: {latin:?}");
        }
    }

    #[test]
    fn languages_are_read_from_their_tags() {
        assert_eq!(Lang::parse("zh-CN"), Ok(Lang::ZhCn));
        assert_eq!(Lang::parse("zh_Hans"), Ok(Lang::ZhCn));
        assert_eq!(Lang::parse("en"), Ok(Lang::English));
        assert_eq!(Lang::parse("en-GB"), Ok(Lang::English));
        assert!(Lang::parse("fr").unwrap_err().contains("zh-CN, en"));
    }
}
