//! gongkai: a static site generator for Chinese government budget-transparency portals.
//!
//! The pipeline runs one way: `load` (a file → Document) → `parse` (Document → Budget) → `audit`
//! (Budget → findings) → `site` (everything the pages need) → render and write. `model` sits at the
//! ground; no module imports one above it.

pub mod audit;
pub mod build;
pub mod charts;
pub mod check;
pub mod config;
pub mod department;
pub mod export;
pub mod format;
pub mod init;
pub mod interned;
pub mod load;
pub mod model;
pub mod parse;
pub mod render;
pub mod search;
pub mod serve;
pub mod site;
pub mod sitecheck;
pub mod strings;
pub mod synth;
pub mod write;
pub mod years;
