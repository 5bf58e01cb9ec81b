//! Where the lines of a budget's document come from: its file, or the files of a department
//! folder read in name order as one document, and for a PDF the page each line stands on.
//! Every `Source` line counts the lines of the whole document (as its source page shows them);
//! [`Origin::locate`] turns one back into a file, a line of that file and a page.

use serde::{Deserialize, Serialize};

/// One file of a document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Part {
    /// The file's name, as it sits in its folder.
    pub file: String,
    /// The document line its first line is (1-based).
    pub first_line: u32,
    /// The file is a PDF (published beside its text; its lines have pages).
    pub pdf: bool,
}

/// The files of a document and the page of each line.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Origin {
    /// In document order; empty for a budget not read from files.
    pub parts: Vec<Part>,
    /// The PDF page of each document line (0 for a line of a file without pages); empty when no
    /// line has a page.
    #[serde(skip)]
    pub pages: Vec<u32>,
}

/// A document line as it stands in its own file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Located<'a> {
    pub part: &'a Part,
    /// The part's place in [`Origin::parts`].
    pub index: usize,
    /// The 1-based line in the file's text.
    pub line: u32,
    /// The PDF page, for a line of a PDF.
    pub page: Option<u32>,
}

impl Origin {
    /// A document of one file.
    pub fn single(file: &str, pdf: bool, pages: Vec<u32>) -> Origin {
        Origin {
            parts: vec![Part {
                file: file.to_string(),
                first_line: 1,
                pdf,
            }],
            pages,
        }
    }

    /// The file, line of that file and page of a document line; `None` before the first part or
    /// without parts.
    pub fn locate(&self, line: u32) -> Option<Located<'_>> {
        let index = self
            .parts
            .partition_point(|p| p.first_line <= line)
            .checked_sub(1)?;
        let part = self.parts.get(index)?;
        let page = (line as usize)
            .checked_sub(1)
            .and_then(|i| self.pages.get(i))
            .copied()
            .filter(|&p| p > 0 && part.pdf);
        Some(Located {
            part,
            index,
            line: line - part.first_line + 1,
            page,
        })
    }

    /// More than one file makes the document.
    pub fn is_multi(&self) -> bool {
        self.parts.len() > 1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn two_parts() -> Origin {
        Origin {
            parts: vec![
                Part {
                    file: "1-说明.txt".into(),
                    first_line: 1,
                    pdf: false,
                },
                Part {
                    file: "2-报表.pdf".into(),
                    first_line: 4,
                    pdf: true,
                },
            ],
            pages: vec![0, 0, 0, 1, 1, 2],
        }
    }

    #[test]
    fn a_document_line_is_found_in_its_file_with_its_page() {
        let o = two_parts();
        let l = o.locate(2).unwrap();
        assert_eq!(
            (l.part.file.as_str(), l.line, l.page),
            ("1-说明.txt", 2, None)
        );
        let l = o.locate(6).unwrap();
        assert_eq!(
            (l.part.file.as_str(), l.line, l.page),
            ("2-报表.pdf", 3, Some(2))
        );
        assert!(o.locate(0).is_none());
        assert!(Origin::default().locate(1).is_none());
    }
}
