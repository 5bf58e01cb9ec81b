//! The typed budget model every later stage reads. It sits at the ground of the crate: it depends on
//! nothing else of ours.
//!
//! Amounts are exact (`rust_decimal`), always in 万元, and keep the scale they were printed with, so
//! the audit knows how precise a figure was ("1,458.9" is good to 0.05 万元). A figure that a document
//! does not disclose is `None`, never zero. Every figure carries the line it was read from.

mod amount;
mod basis;
mod budget;
mod codes;
mod finding;
mod origin;
mod sanggong;
mod table;

pub use amount::*;
pub use basis::*;
pub use budget::*;
pub use codes::*;
pub use finding::*;
pub use origin::*;
pub use sanggong::*;
pub use table::*;
