//! parse: Document → Budget. Tables are recognised by their titles and header words, never by
//! their position; columns by their header text, checked against what the data rows hold.

pub mod narrative;

use crate::model::*;
use crate::read::{Block, Document, Paragraph};

/// A document that is not a budget disclosure.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    pub line: Option<u32>,
    pub message: String,
}

pub fn parse(doc: &Document, slug: &str) -> Result<Budget, ParseError> {
    let paragraphs: Vec<&Paragraph> = doc
        .blocks
        .iter()
        .filter_map(|b| match b {
            Block::Paragraph(p) => Some(p),
            Block::Table(_) => None,
        })
        .collect();
    let facts = narrative::read_narrative(&doc.file, &paragraphs);
    Ok(Budget {
        slug: slug.to_string(),
        file: doc.file.clone(),
        name: facts.title_name,
        year: facts.year,
        totals: Totals::default(),
        by_function: Vec::new(),
        function_lines: Vec::new(),
        by_economic: Vec::new(),
        economic_lines: Vec::new(),
        sanggong: Sanggong::default(),
        projects: Vec::new(),
        overall_indicators: Vec::new(),
        sub_units: facts.sub_units,
        responsibilities: facts.responsibilities,
        structure: facts.structure,
        glossary: facts.glossary,
        narrative: facts.narrative,
        tables: Vec::new(),
        findings: Vec::new(),
    })
}
