//! Bytes → text: UTF-8 (with or without BOM), UTF-16 with its BOM, else GB18030; binary data
//! refused with its line. A few bytes that are no character (a file cut inside a character, a
//! stray byte) are replaced by U+FFFD, each with a note at its line; many are a refusal.

use super::{NoteKind, ReadError, ReadNote};

/// Decodes bytes as UTF-8 (with or without BOM), UTF-16 (with its BOM), else as GB18030 (a
/// superset of GBK and GB2312). Binary data (NUL bytes, many control characters) is refused with
/// the line where it starts.
pub fn decode(file: &str, bytes: &[u8]) -> Result<String, ReadError> {
    decode_noting(file, bytes).map(|(text, _)| text)
}

/// The most characters that may be replaced before a text counts as not text at all: one in a
/// thousand, and never fewer than 16.
fn replacements_allowed(len: usize) -> usize {
    (len / 1000).max(16)
}

/// [`decode`], with a note at each line where a byte that is no character was replaced.
pub fn decode_noting(file: &str, bytes: &[u8]) -> Result<(String, Vec<ReadNote>), ReadError> {
    let err = |line: Option<u32>, reason: &str| ReadError {
        file: file.to_string(),
        line,
        reason: reason.to_string(),
    };
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(err(None, "the file is empty / 文件为空"));
    }
    let utf16 = match bytes {
        [0xFF, 0xFE, ..] => Some(encoding_rs::UTF_16LE),
        [0xFE, 0xFF, ..] => Some(encoding_rs::UTF_16BE),
        _ => None,
    };
    let text = if let Some(encoding) = utf16 {
        // UTF-16 is full of NUL bytes: it is told by its BOM, not refused as binary.
        let (decoded, _) = encoding.decode_with_bom_removal(bytes);
        decoded.into_owned()
    } else {
        if let Some(pos) = bytes.iter().position(|&b| b == 0) {
            return Err(err(
                Some(line_of(bytes, pos)),
                "binary data (NUL byte), not a text document / 二进制数据，不是文本文件",
            ));
        }
        let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        match std::str::from_utf8(bytes) {
            Ok(t) => t.to_string(),
            Err(_) => {
                let (gb, _, gb_errors) = encoding_rs::GB18030.decode(bytes);
                if gb_errors {
                    // Neither decodes cleanly: the one that needs fewer replacements.
                    let utf8 = String::from_utf8_lossy(bytes);
                    let count = |t: &str| t.chars().filter(|&c| c == '\u{fffd}').count();
                    if count(&utf8) <= count(&gb) {
                        utf8.into_owned()
                    } else {
                        gb.into_owned()
                    }
                } else {
                    gb.into_owned()
                }
            }
        }
    };
    let replaced: Vec<usize> = text
        .char_indices()
        .filter(|&(_, c)| c == '\u{fffd}')
        .map(|(i, _)| i)
        .collect();
    if replaced.len() > replacements_allowed(text.len()) {
        return Err(err(
            Some(line_of(text.as_bytes(), replaced[0])),
            "neither UTF-8, UTF-16 nor GB18030 text / 既不是 UTF-8、UTF-16 也不是 GB18030 编码的文本",
        ));
    }
    let controls = text
        .chars()
        .filter(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\u{c}'))
        .count();
    if controls * 20 > text.chars().count().max(1) {
        let first = text
            .char_indices()
            .find(|(_, c)| c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\u{c}'))
            .map(|(i, _)| line_of(text.as_bytes(), i));
        return Err(err(
            first,
            "mostly control characters, not a text document / 大量控制字符，不是文本文件",
        ));
    }
    let mut notes: Vec<ReadNote> = Vec::new();
    // Lines counted once, in one pass over the text.
    let (mut line, mut at) = (1u32, 0usize);
    for i in replaced {
        line += text.as_bytes()[at..i]
            .iter()
            .filter(|&&b| b == b'\n')
            .count() as u32;
        at = i;
        if notes.last().is_none_or(|n| n.line != line) {
            notes.push(ReadNote {
                line,
                what: "bytes that are no character (a file cut inside a character?) replaced by �"
                    .into(),
                kind: NoteKind::Encoding,
            });
        }
    }
    Ok((text, notes))
}

fn line_of(bytes: &[u8], pos: usize) -> u32 {
    bytes[..pos].iter().filter(|&&b| b == b'\n').count() as u32 + 1
}

#[cfg(test)]
mod tests {
    use super::super::{Block, read};

    #[test]
    fn binary_and_empty_files_are_refused_with_a_reason() {
        let e = read("x.bin", b"abc\n\x00\x01").unwrap_err();
        assert_eq!(e.line, Some(2));
        assert!(e.to_string().starts_with("x.bin:2:"));
        assert!(read("e.txt", b"  \n").is_err());
    }
    #[test]
    fn utf16_with_its_bom_is_decoded() {
        let text = "单位：万元\n收入总计 922.94 万元\n";
        for bytes in [
            [0xFF, 0xFE]
                .into_iter()
                .chain(text.encode_utf16().flat_map(u16::to_le_bytes))
                .collect::<Vec<u8>>(),
            [0xFE, 0xFF]
                .into_iter()
                .chain(text.encode_utf16().flat_map(u16::to_be_bytes))
                .collect(),
        ] {
            let doc = read("u.txt", &bytes).unwrap();
            assert_eq!(doc.lines[1], "收入总计 922.94 万元");
            assert!(doc.notes.is_empty());
        }
    }

    #[test]
    fn a_character_cut_is_replaced_with_a_note_at_its_line() {
        let mut bytes = "第一行\n第二行 922.94\n合计".as_bytes().to_vec();
        bytes.pop(); // the last byte of 计
        let doc = read("cut.txt", &bytes).unwrap();
        assert_eq!(doc.lines[2], "合\u{fffd}");
        assert_eq!(doc.notes.len(), 1);
        assert_eq!(doc.notes[0].line, 3);
        assert_eq!(doc.notes[0].kind, super::super::NoteKind::Encoding);
        // Bytes that are mostly no characters are still refused, with the line.
        let junk: Vec<u8> = (0..200).flat_map(|_| [b'a', 0xFF, 0xC3]).collect();
        let e = read("junk.txt", &junk).unwrap_err();
        assert_eq!(e.line, Some(1));
    }

    #[test]
    fn gb18030_is_decoded() {
        let (bytes, _, _) = encoding_rs::GB18030.encode("收入总计 922.94 万元");
        let doc = read("g.txt", &bytes).unwrap();
        let Block::Paragraph(p) = &doc.blocks[0] else {
            panic!()
        };
        assert_eq!(p.text, "收入总计922.94万元");
    }
}
