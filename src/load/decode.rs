//! Bytes → text: UTF-8 (with or without BOM), else GB18030; binary data refused with its line.

use super::ReadError;

/// Decodes bytes as UTF-8 (with or without BOM), else as GB18030 (a superset of GBK and GB2312).
/// Binary data (NUL bytes, many control characters) is refused with the line where it starts.
pub fn decode(file: &str, bytes: &[u8]) -> Result<String, ReadError> {
    let err = |line: Option<u32>, reason: &str| ReadError {
        file: file.to_string(),
        line,
        reason: reason.to_string(),
    };
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(err(None, "the file is empty / 文件为空"));
    }
    if let Some(pos) = bytes.iter().position(|&b| b == 0) {
        return Err(err(
            Some(line_of(bytes, pos)),
            "binary data (NUL byte), not a text document / 二进制数据，不是文本文件",
        ));
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t.to_string(),
        Err(_) => {
            let (decoded, _, had_errors) = encoding_rs::GB18030.decode(bytes);
            if had_errors {
                return Err(err(
                    None,
                    "neither UTF-8 nor GB18030 text / 既不是 UTF-8 也不是 GB18030 编码的文本",
                ));
            }
            decoded.into_owned()
        }
    };
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
    Ok(text)
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
    fn gb18030_is_decoded() {
        let (bytes, _, _) = encoding_rs::GB18030.encode("收入总计 922.94 万元");
        let doc = read("g.txt", &bytes).unwrap();
        let Block::Paragraph(p) = &doc.blocks[0] else {
            panic!()
        };
        assert_eq!(p.text, "收入总计922.94万元");
    }
}
