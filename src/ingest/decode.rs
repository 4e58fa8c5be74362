//! Bytes to text: gzip, byte-order marks, UTF-8 with a Windows-1252
//! fallback, binary detection and line-end normalisation.

use std::path::Path;

use encoding_rs::{Encoding, WINDOWS_1252};

use crate::article::Problem;

/// True when the bytes look like a binary file rather than text: a NUL
/// byte, or many control characters, near the start.
pub fn looks_binary(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(8192)];
    if head.contains(&0) {
        return true;
    }
    let control = head
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0c))
        .count();
    // Reuters SGML carries a few control characters as entities, not raw
    // bytes, so real text has next to none.
    control * 20 > head.len().max(1)
}

/// Decodes text: a byte-order mark wins; otherwise UTF-8, falling back to
/// Windows-1252 (a superset of Latin-1) with a warning unless `latin1` says
/// the format is Latin-1 by definition. Line ends become `\n`.
pub fn decode_text(bytes: &[u8], path: &Path, latin1: bool, problems: &mut Vec<Problem>) -> String {
    let text = if let Some((encoding, bom_len)) = Encoding::for_bom(bytes) {
        let (text, _) = encoding.decode_without_bom_handling(&bytes[bom_len..]);
        text.into_owned()
    } else {
        match std::str::from_utf8(bytes) {
            Ok(text) => text.to_owned(),
            Err(err) => {
                if !latin1 {
                    let offset = err.valid_up_to();
                    let line = 1 + bytes[..offset].iter().filter(|&&b| b == b'\n').count();
                    problems.push(Problem::warning(
                        path,
                        Some(line),
                        "not UTF-8",
                        format!(
                            "text is not valid UTF-8 (byte offset {offset}); \
                             decoded as Windows-1252"
                        ),
                    ));
                }
                let (text, _) = WINDOWS_1252.decode_without_bom_handling(bytes);
                text.into_owned()
            }
        }
    };
    normalize_line_ends(text)
}

/// [`decode_text`] for bytes no longer needed: UTF-8 is taken as it is,
/// without a copy.
pub fn decode_owned(
    bytes: Vec<u8>,
    path: &Path,
    latin1: bool,
    problems: &mut Vec<Problem>,
) -> String {
    if Encoding::for_bom(&bytes).is_none() {
        match String::from_utf8(bytes) {
            Ok(text) => return normalize_line_ends(text),
            Err(err) => return decode_text(err.as_bytes(), path, latin1, problems),
        }
    }
    decode_text(&bytes, path, latin1, problems)
}

fn normalize_line_ends(text: String) -> String {
    if !text.contains('\r') {
        return text;
    }
    text.replace("\r\n", "\n").replace('\r', "\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode(bytes: &[u8]) -> (String, Vec<Problem>) {
        let mut problems = Vec::new();
        let text = decode_text(bytes, Path::new("x.txt"), false, &mut problems);
        (text, problems)
    }

    #[test]
    fn utf8_with_bom_and_crlf() {
        let (text, problems) = decode(b"\xEF\xBB\xBFTitle\r\nBody\r\n");
        assert_eq!(text, "Title\nBody\n");
        assert!(problems.is_empty());
    }

    #[test]
    fn latin1_falls_back_to_windows_1252_with_a_warning() {
        let (text, problems) = decode(b"Caf\xE9 \x93quoted\x94\n");
        assert_eq!(text, "Caf\u{e9} \u{201c}quoted\u{201d}\n");
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].line, Some(1));
    }

    #[test]
    fn utf16_with_bom() {
        let (text, _) = decode(b"\xFF\xFEH\0i\0");
        assert_eq!(text, "Hi");
    }

    #[test]
    fn binary_detection() {
        assert!(looks_binary(b"PK\x03\x04\0\0junk"));
        assert!(!looks_binary("Plain text, with caf\u{e9}.\n".as_bytes()));
    }
}
