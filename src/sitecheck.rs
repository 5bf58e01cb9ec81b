//! `gongkai check --site DIR`: every internal `href`, `src`, `srcset`, `action`, `poster` and
//! `<object data>` of every HTML page of a built site resolves to a file of the site, and every
//! `#fragment` to an `id` (or `<a name>`) of the page it points at. Internal links must be
//! relative: an absolute path (`/…`) breaks on a GitHub Pages sub-path and from `file://`, so it
//! is reported too, and so is a link to a folder (it works on a server, not from disk). External
//! links (`https:`, `mailto:`, `//host`) are not fetched. The same rules as
//! `tests/e2e/lib/links.mjs`, so a portal team needs no Node.

use crate::site::urls::percent_decode;
use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use regex::Regex;

static TAG: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r#"<([a-zA-Z][^\s/>]*)((?:\s+[^\s=>]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]+))?)*)\s*/?>"#,
    )
    .expect("tag pattern")
});
static ATTR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"([^\s=>]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?"#).expect("attr pattern")
});
static HIDDEN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?is)<!--.*?-->|<script\b[^>]*>.*?</script>|<style\b[^>]*>.*?</style>")
        .expect("hidden pattern")
});

const LINK_ATTRS: [&str; 6] = ["href", "src", "srcset", "action", "poster", "data"];

/// One tag: its name, attributes (decoded) and line.
struct Tag {
    name: String,
    attrs: Vec<(String, String)>,
    line: usize,
}

/// The tags of a page, comments, scripts and styles left out (their lines kept).
fn tags(html: &str) -> Vec<Tag> {
    let stripped = HIDDEN.replace_all(html, |c: &regex::Captures| {
        let text = &c[0];
        // Keep the opening tag of a script or style (it may have a src), blank the rest.
        let keep = if text.starts_with("<!--") {
            0
        } else {
            text.find('>').map_or(0, |i| i + 1)
        };
        let mut out = text[..keep].to_string();
        out.extend(
            text[keep..]
                .chars()
                .map(|ch| if ch == '\n' { '\n' } else { ' ' }),
        );
        out
    });
    let mut line = 1;
    let mut seen = 0;
    TAG.captures_iter(&stripped)
        .map(|m| {
            let start = m.get(0).map_or(0, |g| g.start());
            line += stripped[seen..start].matches('\n').count();
            seen = start;
            let attrs = ATTR
                .captures_iter(&m[2])
                .map(|a| {
                    let value = a
                        .get(2)
                        .or_else(|| a.get(3))
                        .or_else(|| a.get(4))
                        .map_or("", |v| v.as_str());
                    (a[1].to_ascii_lowercase(), decode_entities(value))
                })
                .collect();
            Tag {
                name: m[1].to_ascii_lowercase(),
                attrs,
                line,
            }
        })
        .collect()
}

fn decode_entities(value: &str) -> String {
    if !value.contains('&') {
        return value.to_string();
    }
    static ENTITY: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"(?i)&(#x[0-9a-f]+|#[0-9]+|[a-z]+);").expect("entity"));
    ENTITY
        .replace_all(value, |c: &regex::Captures| {
            let e = &c[1];
            let code = if let Some(hex) = e.strip_prefix("#x").or_else(|| e.strip_prefix("#X")) {
                u32::from_str_radix(hex, 16).ok()
            } else if let Some(dec) = e.strip_prefix('#') {
                dec.parse().ok()
            } else {
                match e.to_ascii_lowercase().as_str() {
                    "amp" => Some('&' as u32),
                    "lt" => Some('<' as u32),
                    "gt" => Some('>' as u32),
                    "quot" => Some('"' as u32),
                    "apos" => Some('\'' as u32),
                    _ => None,
                }
            };
            code.and_then(char::from_u32)
                .map_or_else(|| c[0].to_string(), |ch| ch.to_string())
        })
        .into_owned()
}

/// What a check found.
#[derive(Debug, Default)]
pub struct Report {
    pub pages: usize,
    pub links: usize,
    /// `page:line: <tag attr="url">: what is wrong`.
    pub broken: Vec<String>,
}

/// Checks the built site in `dir`.
pub fn check(dir: &Path) -> std::io::Result<Report> {
    if !dir.is_dir() {
        return Err(std::io::Error::new(
            std::io::ErrorKind::NotFound,
            format!("{} is not a folder", dir.display()),
        ));
    }
    let mut pages: Vec<String> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .filter_map(|e| {
            let rel = e
                .path()
                .strip_prefix(dir)
                .ok()?
                .to_str()?
                .replace('\\', "/");
            rel.ends_with(".html").then_some(rel)
        })
        .collect();
    pages.sort();
    let mut parsed: BTreeMap<String, Vec<Tag>> = BTreeMap::new();
    for page in &pages {
        parsed.insert(
            page.clone(),
            tags(&std::fs::read_to_string(dir.join(page))?),
        );
    }
    let ids: BTreeMap<&str, HashSet<&str>> = parsed
        .iter()
        .map(|(page, tags)| {
            let set = tags
                .iter()
                .flat_map(|t| {
                    t.attrs.iter().filter_map(move |(k, v)| {
                        (k == "id" || (k == "name" && t.name == "a")).then_some(v.as_str())
                    })
                })
                .collect();
            (page.as_str(), set)
        })
        .collect();

    let mut report = Report {
        pages: pages.len(),
        ..Report::default()
    };
    for (page, tags) in &parsed {
        for tag in tags {
            for (attr, value) in &tag.attrs {
                if !LINK_ATTRS.contains(&attr.as_str()) || (attr == "data" && tag.name != "object")
                {
                    continue;
                }
                let urls: Vec<&str> = if attr == "srcset" {
                    value
                        .split(',')
                        .filter_map(|s| s.split_whitespace().next())
                        .collect()
                } else {
                    vec![value.trim()]
                };
                for url in urls {
                    if let Some(problem) = check_link(dir, page, attr, url, &ids, &mut report.links)
                    {
                        report.broken.push(format!(
                            "{page}:{}: <{} {attr}=\"{url}\">: {problem}",
                            tag.line, tag.name
                        ));
                    }
                }
            }
        }
    }
    Ok(report)
}

fn external(url: &str) -> bool {
    if url.starts_with("//") {
        return true;
    }
    let scheme: String = url.chars().take_while(|c| *c != ':').collect();
    scheme.len() < url.len()
        && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "+.-".contains(c))
}

/// What is wrong with one link of `page`, if anything; counts the internal links.
fn check_link(
    dir: &Path,
    page: &str,
    attr: &str,
    url: &str,
    ids: &BTreeMap<&str, HashSet<&str>>,
    count: &mut usize,
) -> Option<String> {
    if (url.is_empty() && attr == "action") || external(url) {
        return None;
    }
    *count += 1;
    if url.is_empty() {
        return Some("empty link".into());
    }
    if url.starts_with('/') {
        return Some("absolute path; links inside the site must be relative".into());
    }
    let (before, fragment) = match url.split_once('#') {
        Some((b, f)) => (b, Some(f)),
        None => (url, None),
    };
    let path_part = before.split('?').next().unwrap_or("");
    let mut target = page.to_string();
    if !path_part.is_empty() {
        let Some(rel) = percent_decode(path_part) else {
            return Some("malformed URL".into());
        };
        let mut parts: Vec<&str> = page.split('/').collect();
        parts.pop();
        for part in rel.split('/') {
            match part {
                "" | "." => {}
                ".." => {
                    if parts.pop().is_none() {
                        return Some("points outside the site".into());
                    }
                }
                p => parts.push(p),
            }
        }
        target = parts.join("/");
        let full: PathBuf = dir.join(&target);
        if full.is_dir() {
            return Some(format!("a folder; link to {target}/index.html instead"));
        }
        if !full.is_file() {
            return Some(format!("no such file {target}"));
        }
    }
    let fragment = fragment.filter(|f| !f.is_empty())?;
    if !target.ends_with(".html") {
        return None;
    }
    let fragment = percent_decode(fragment).unwrap_or_else(|| fragment.to_string());
    match ids.get(target.as_str()) {
        Some(set) if set.contains(fragment.as_str()) => None,
        _ => Some(format!("no id \"{fragment}\" in {target}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_each_kind_of_broken_link_and_passes_good_ones() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        std::fs::create_dir_all(d.join("a/sub")).unwrap();
        std::fs::write(
            d.join("index.html"),
            "<p id=top><a href=\"a/index.html#x\">ok</a>\n<a href='a/index.html#nope'>bad</a>\n\
             <a href=\"/abs.html\">abs</a> <a href=\"a/\">dir</a> <a href=\"missing.html\">m</a>\n\
             <a href=\"https://x.gov.cn/\">ext</a> <a href=\"mailto:a@b\">m</a> <a href=\"#top\">t</a>\n\
             <!-- <a href=\"gone.html\"> --><script>var s = '<a href=\"gone.html\">';</script>\n\
             <img srcset=\"a/p.svg 1x, a/q.svg 2x\"> <a href=\"../up.html\">up</a>\n\
             <a href=\"a/sub/%E4%B8%AD.html#%E7%94%B2\">zh</a> <a href=\"a/index.html#a&amp;b\">amp</a>",
        )
        .unwrap();
        std::fs::write(
            d.join("a/index.html"),
            "<h2 id=x>x</h2><a name=\"a&b\"></a>",
        )
        .unwrap();
        std::fs::write(d.join("a/p.svg"), "<svg/>").unwrap();
        std::fs::write(d.join("a/sub/中.html"), "<b id=\"甲\">").unwrap();
        let r = check(d).unwrap();
        assert_eq!(r.pages, 3);
        let broken = r.broken.join("\n");
        assert_eq!(r.broken.len(), 6, "{broken}");
        for expected in [
            "index.html:2: <a href=\"a/index.html#nope\">: no id \"nope\" in a/index.html",
            "index.html:3: <a href=\"/abs.html\">: absolute path",
            "index.html:3: <a href=\"a/\">: a folder",
            "index.html:3: <a href=\"missing.html\">: no such file missing.html",
            "index.html:6: <img srcset=\"a/q.svg\">: no such file a/q.svg",
            "index.html:6: <a href=\"../up.html\">: points outside the site",
        ] {
            assert!(broken.contains(expected), "{expected}\nnot in\n{broken}");
        }
        assert_eq!(r.links, 11, "{broken}");
    }
}
