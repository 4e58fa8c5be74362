//! Files to articles: format detection, reading and decoding, and the
//! parsers for each format. No cleaning or extraction happens here.

mod decode;
mod json;
mod sgml;
mod text;

use std::path::{Path, PathBuf};

use crate::article::{Article, Problem};
use crate::dates;

pub use decode::{decode_text, looks_binary};

/// The article file formats newsidx reads, by extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// `.txt`: first non-empty line is the title, the rest the body.
    Text,
    /// `.json`: one article object, or an array of them.
    Json,
    /// `.jsonl` / `.ndjson`: one article object per line.
    JsonLines,
    /// `.sgm` / `.sgml`: Reuters-21578 SGML.
    Sgml,
}

/// Extensions newsidx reads, for messages and help.
pub const EXTENSIONS: &str = ".txt .json .jsonl .ndjson .sgm .sgml (each also .gz)";

/// The format of a file and whether it is gzip-compressed, from its name.
pub fn format_of(path: &Path) -> Option<(Format, bool)> {
    let name = path.file_name()?.to_string_lossy().to_ascii_lowercase();
    let (name, gz) = match name.strip_suffix(".gz") {
        Some(stem) => (stem.to_owned(), true),
        None => (name, false),
    };
    let ext = name.rsplit_once('.')?.1;
    let format = match ext {
        "txt" => Format::Text,
        "json" => Format::Json,
        "jsonl" | "ndjson" => Format::JsonLines,
        "sgm" | "sgml" => Format::Sgml,
        _ => return None,
    };
    Some((format, gz))
}

/// What reading one file gave: its articles and the problems met.
#[derive(Debug, Default)]
pub struct FileResult {
    pub path: PathBuf,
    /// Size of the file on disk.
    pub bytes: u64,
    /// Size of the contents after decompression.
    pub text_bytes: u64,
    pub articles: Vec<Article>,
    pub problems: Vec<Problem>,
}

/// Reads and parses one file. Never fails: what goes wrong is reported in
/// `problems`, and whatever could be read is kept.
pub fn read_file(path: &Path) -> FileResult {
    if format_of(path).is_none() {
        return unsupported(path);
    }
    match std::fs::read(path) {
        Ok(raw) => parse_file_bytes(path, raw),
        Err(err) => FileResult {
            path: path.to_owned(),
            problems: vec![Problem::skipped(
                path,
                None,
                "unreadable",
                format!("cannot read file: {err}"),
            )],
            ..FileResult::default()
        },
    }
}

/// Parses the raw bytes of a file, already read.
pub fn parse_file_bytes(path: &Path, raw: Vec<u8>) -> FileResult {
    let Some((format, gz)) = format_of(path) else {
        return unsupported(path);
    };
    let mut result = FileResult {
        path: path.to_owned(),
        ..FileResult::default()
    };
    parse_raw(path, raw, format, gz, &mut result);
    result
}

fn unsupported(path: &Path) -> FileResult {
    FileResult {
        path: path.to_owned(),
        problems: vec![Problem::skipped(
            path,
            None,
            "unsupported type",
            format!("not an article file (newsidx reads {EXTENSIONS})"),
        )],
        ..FileResult::default()
    }
}

fn parse_raw(path: &Path, raw: Vec<u8>, format: Format, gz: bool, result: &mut FileResult) {
    result.bytes = raw.len() as u64;
    let bytes = if gz {
        match decode::gunzip(&raw, path, &mut result.problems) {
            Some(bytes) => bytes,
            None => return,
        }
    } else {
        raw
    };
    result.text_bytes = bytes.len() as u64;
    parse_bytes(&bytes, path, format, result);
}

/// Parses decoded file contents in a known format.
pub fn parse_bytes(bytes: &[u8], path: &Path, format: Format, result: &mut FileResult) {
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        result
            .problems
            .push(Problem::skipped(path, None, "empty", "file is empty"));
        return;
    }
    let utf16 =
        encoding_rs::Encoding::for_bom(bytes).is_some_and(|(enc, _)| enc != encoding_rs::UTF_8);
    if !utf16 && looks_binary(bytes) {
        result.problems.push(Problem::skipped(
            path,
            None,
            "binary",
            "binary data, not text (contains NUL or control bytes)",
        ));
        return;
    }
    let latin1 = format == Format::Sgml;
    let text = decode_text(bytes, path, latin1, &mut result.problems);
    let before = result.articles.len();
    match format {
        Format::Text => text::parse(&text, path, result),
        Format::Json => json::parse_document(&text, path, result),
        Format::JsonLines => json::parse_lines(&text, path, result),
        Format::Sgml => sgml::parse(&text, path, result),
    }
    if result.articles.len() == before
        && !result
            .problems
            .iter()
            .any(|p| p.severity == crate::article::Severity::Skipped)
    {
        result.problems.push(Problem::skipped(
            path,
            None,
            "no articles",
            "no article with a title or body found",
        ));
    }
}

/// The key of a record in a file: the path alone for single-article
/// files, `path#N` for the N-th record of a multi-record file.
pub(crate) fn record_key(path: &Path, record: Option<usize>) -> String {
    match record {
        Some(n) => format!("{}#{n}", path.display()),
        None => path.display().to_string(),
    }
}

/// Parses a date field, warning (and leaving the date empty) when it
/// cannot be read.
pub(crate) fn date_or_warn(
    raw: Option<&str>,
    path: &Path,
    line: Option<usize>,
    problems: &mut Vec<Problem>,
) -> Option<jiff::Timestamp> {
    let raw = raw?.trim();
    if raw.is_empty() {
        return None;
    }
    let date = dates::parse_date(raw);
    if date.is_none() {
        let shown: String = raw.chars().take(60).collect();
        problems.push(Problem::warning(
            path,
            line,
            "bad date",
            format!("cannot parse date {shown:?}; indexed without a date"),
        ));
    }
    date
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_by_extension() {
        let f = |s: &str| format_of(Path::new(s));
        assert_eq!(f("a/b.txt"), Some((Format::Text, false)));
        assert_eq!(f("B.JSONL.GZ"), Some((Format::JsonLines, true)));
        assert_eq!(f("x.ndjson"), Some((Format::JsonLines, false)));
        assert_eq!(f("reut2-000.sgm.gz"), Some((Format::Sgml, true)));
        assert_eq!(f("x.json"), Some((Format::Json, false)));
        assert_eq!(f("x.png"), None);
        assert_eq!(f("gz"), None);
        assert_eq!(f("noext"), None);
    }
}
