//! The `&'static str` fields of the views (a label, a severity, a table's name), read back from
//! the build's cache of department results. Their values are a few constants of the program, so
//! each distinct one is kept once for the program's life rather than borrowed from the input.

use std::collections::{BTreeMap, HashSet};
use std::sync::{Mutex, OnceLock};

use serde::{Deserialize, Deserializer};

/// A `&'static str` field that is read back: spelt through this name, since serde would take a
/// field spelt `&'static str` as borrowed from the input (which a cache file cannot lend).
pub type StaticStr = &'static str;

/// The one `&'static str` of this text.
pub fn intern(text: &str) -> &'static str {
    static KEPT: OnceLock<Mutex<HashSet<&'static str>>> = OnceLock::new();
    let mut kept = KEPT
        .get_or_init(Default::default)
        .lock()
        .unwrap_or_else(|e| e.into_inner());
    if let Some(known) = kept.get(text) {
        return known;
    }
    let new: &'static str = Box::leak(text.to_string().into_boxed_str());
    kept.insert(new);
    new
}

/// `#[serde(deserialize_with = "crate::interned::str")]`
pub fn str<'de, D: Deserializer<'de>>(d: D) -> Result<&'static str, D::Error> {
    let text = String::deserialize(d)?;
    Ok(intern(&text))
}

/// `#[serde(deserialize_with = "crate::interned::strs")]`
pub fn strs<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<&'static str>, D::Error> {
    let texts = Vec::<String>::deserialize(d)?;
    Ok(texts.iter().map(|t| intern(t)).collect())
}

/// `#[serde(deserialize_with = "crate::interned::keys")]`: a map keyed by such strings.
pub fn keys<'de, D: Deserializer<'de>, V: Deserialize<'de>>(
    d: D,
) -> Result<BTreeMap<&'static str, V>, D::Error> {
    let map = BTreeMap::<String, V>::deserialize(d)?;
    Ok(map.into_iter().map(|(k, v)| (intern(&k), v)).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_text_is_kept_once() {
        let a = intern(&String::from("warning"));
        let b = intern(&String::from("warning"));
        assert!(std::ptr::eq(a, b));
        assert_eq!(a, "warning");
        assert_ne!(intern("error"), "warning");
    }
}
