//! Files to articles: format detection, reading and decoding, and the
//! parsers for each format. No cleaning or extraction happens here.

mod decode;
mod json;
mod sgml;
mod stream;
mod text;
pub mod walk;

use std::io::{self, BufRead, BufReader, Read};
use std::path::Path;

use crate::article::{Article, Problem, Severity};
use crate::{dates, interrupt};

use decode::{decode_text, looks_binary};

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

/// Largest file read whole: a `.json` document (one article, an array or
/// a wrapped array of them), or a UTF-16 file of any format. JSON is read
/// into the fields newsidx uses, so a document costs about 2.5 times its
/// size while it is read.
pub const MAX_DOCUMENT: u64 = 64 << 20;
/// Largest record: a line of a `.jsonl` file, an element of a streamed
/// JSON array, an SGML record.
pub const MAX_RECORD: usize = 16 << 20;
/// Largest article: the text (title and body) of any one article, and so a
/// `.txt` file. Enriching an article takes memory in proportion to its
/// text (about 25 times for prose, up to 70 times for nothing but names).
pub const MAX_ARTICLE: usize = 16 << 20;
/// Most values kept in one list (authors, people, topics) of an article.
pub const MAX_LIST: usize = 1000;

/// What parsing one file gave, besides its articles.
#[derive(Debug, Default)]
pub struct Parsed {
    /// Size of the file on disk (bytes read).
    pub bytes: u64,
    /// Size of the contents after decompression.
    pub text_bytes: u64,
    /// xxh3 of the file's bytes, in hex (as the file list keeps it).
    pub hash: String,
    /// Articles found.
    pub articles: usize,
    pub problems: Vec<Problem>,
}

/// Where parsers put what they find: articles go to the caller as they
/// come, so a huge file never sits in memory whole.
pub struct Out<'a> {
    pub problems: Vec<Problem>,
    articles: usize,
    emit: &'a mut dyn FnMut(Article),
}

impl Out<'_> {
    /// Hands an article on, unless its text is over [`MAX_ARTICLE`].
    pub fn article(&mut self, article: Article) {
        if article.title.len() + article.body.len() > MAX_ARTICLE {
            // Records of a JSON array have no line to show; say which.
            let path = article.path.display().to_string();
            let record = match article.key.strip_prefix(&path) {
                Some(n) if article.line.is_none() && n.starts_with('#') => {
                    format!("record {}: ", &n[1..])
                }
                _ => String::new(),
            };
            self.problems.push(Problem::skipped(
                &article.path,
                article.line,
                "too large",
                format!("{record}article text longer than {} MiB", MAX_ARTICLE >> 20),
            ));
            return;
        }
        self.articles += 1;
        (self.emit)(article);
    }
}

/// Reads and parses one file as a stream, handing each article to `emit`.
/// Memory stays bounded whatever the file's size: single documents are
/// capped, and multi-record files are read a record at a time. Reading
/// stops at once on Ctrl-C ([`interrupt::Stoppable`]).
pub fn parse_file(path: &Path, emit: &mut dyn FnMut(Article)) -> Parsed {
    match open_regular(path) {
        Ok(file) => parse_source(path, interrupt::Stoppable(file), emit),
        Err(err) => {
            let mut parsed = Parsed::default();
            let kind = if err.kind() == io::ErrorKind::InvalidInput {
                "not a file or folder"
            } else if format_of(path).is_none() {
                "unsupported type"
            } else {
                "unreadable"
            };
            parsed.problems.push(Problem::skipped(
                path,
                None,
                kind,
                format!("cannot read file: {err}"),
            ));
            parsed
        }
    }
}

/// Opens a file for reading, refusing anything but a regular file. The
/// type is checked on the opened descriptor, so a file swapped for a FIFO
/// after the walk is caught; the open itself does not wait for a writer
/// at the other end of a FIFO (`O_NONBLOCK`, which regular files ignore).
pub fn open_regular(path: &Path) -> io::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(target_os = "linux")]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK);
    }
    let file = options.open(path)?;
    let kind = file.metadata()?.file_type();
    if !kind.is_file() {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            "not a regular file (a FIFO, device or socket); not read",
        ));
    }
    Ok(file)
}

/// Parses the bytes of a file named `path` (its name gives the format)
/// from any reader: the file itself, or bytes in memory for tests and
/// fuzzing.
pub fn parse_source(path: &Path, source: impl Read, emit: &mut dyn FnMut(Article)) -> Parsed {
    let mut out = Out {
        problems: Vec::new(),
        articles: 0,
        emit,
    };
    let mut hasher = xxhash_rust::xxh3::Xxh3::new();
    let mut bytes = 0u64;
    let mut text_bytes = 0u64;
    match format_of(path) {
        None => out.problems.push(Problem::skipped(
            path,
            None,
            "unsupported type",
            format!("not an article file (newsidx reads {EXTENSIONS})"),
        )),
        Some((format, gz)) => {
            let raw = stream::Counting::new(source, Some(&mut hasher), &mut bytes);
            let decompressed: Box<dyn Read + '_> = if gz {
                Box::new(flate2::read::MultiGzDecoder::new(raw))
            } else {
                Box::new(raw)
            };
            let text = stream::Counting::new(decompressed, None, &mut text_bytes);
            let mut reader = BufReader::with_capacity(1 << 16, text);
            if let Err(err) = parse_stream(&mut reader, path, format, &mut out) {
                let (kind, what) = if gz {
                    ("truncated gzip", "gzip data is cut short or damaged")
                } else {
                    ("unreadable", "cannot read the rest of the file")
                };
                out.problems.push(Problem::skipped(
                    path,
                    None,
                    kind,
                    format!("{what} ({err}); what came before was read"),
                ));
            }
        }
    }
    if out.articles == 0 && !out.problems.iter().any(|p| p.severity == Severity::Skipped) {
        out.problems.push(Problem::skipped(
            path,
            None,
            "no articles",
            "no article with a title or body found",
        ));
    }
    Parsed {
        bytes,
        text_bytes,
        hash: format!("{:016x}", hasher.digest()),
        articles: out.articles,
        problems: out.problems,
    }
}

/// Parses a stream of decompressed bytes. I/O errors end the file.
fn parse_stream(
    reader: &mut impl BufRead,
    path: &Path,
    format: Format,
    out: &mut Out,
) -> std::io::Result<()> {
    let head = reader.fill_buf()?;
    if head.is_empty() {
        out.problems
            .push(Problem::skipped(path, None, "empty", "file is empty"));
        return Ok(());
    }
    let utf16 =
        encoding_rs::Encoding::for_bom(head).is_some_and(|(enc, _)| enc != encoding_rs::UTF_8);
    if !utf16 && looks_binary(head) {
        out.problems.push(Problem::skipped(
            path,
            None,
            "binary",
            "binary data, not text (contains NUL or control bytes)",
        ));
        return Ok(());
    }
    let latin1 = format == Format::Sgml;
    let whole = utf16
        || matches!(format, Format::Text)
        || (format == Format::Json && !stream::starts_with_array(reader)?);
    if whole {
        // A text file is one article; other formats may hold many.
        let cap = if format == Format::Text {
            MAX_ARTICLE as u64
        } else {
            MAX_DOCUMENT
        };
        let Some(bytes) = stream::read_capped(reader, cap)? else {
            let what = if format == Format::Text {
                "too large for one article"
            } else {
                "too large to read whole (split it, or use .jsonl)"
            };
            out.problems.push(Problem::skipped(
                path,
                None,
                "too large",
                format!("larger than {} MiB: {what}", cap >> 20),
            ));
            return Ok(());
        };
        if bytes.iter().all(|b| b.is_ascii_whitespace()) {
            out.problems
                .push(Problem::skipped(path, None, "empty", "file is empty"));
            return Ok(());
        }
        let text = decode::decode_owned(bytes, path, latin1, &mut out.problems);
        match format {
            Format::Text => text::parse(text, path, out),
            Format::Json => json::parse_document(text, path, out),
            Format::JsonLines => json::parse_lines(&text, path, out),
            Format::Sgml => sgml::parse(&text, path, out),
        }
        return Ok(());
    }
    match format {
        Format::Json => json::parse_array_stream(reader, path, out),
        Format::JsonLines => {
            let mut lines = stream::Lines::new(reader, MAX_RECORD);
            let mut warned = false;
            while let Some((line_no, line)) = lines.next_line()? {
                match line {
                    Some(bytes) => {
                        let text = decode_line(bytes, path, line_no, &mut warned, out);
                        json::parse_line(&text, line_no, path, out);
                    }
                    None => out.problems.push(Problem::skipped(
                        path,
                        Some(line_no),
                        "too large",
                        format!("line longer than {} MiB", MAX_RECORD >> 20),
                    )),
                }
            }
        }
        Format::Sgml => {
            let mut lines = stream::Lines::new(reader, MAX_RECORD);
            let mut records = sgml::Stream::default();
            while let Some((line_no, line)) = lines.next_line()? {
                let Some(bytes) = line else {
                    out.problems.push(Problem::skipped(
                        path,
                        Some(line_no),
                        "too large",
                        format!("line longer than {} MiB", MAX_RECORD >> 20),
                    ));
                    records.skip_line();
                    continue;
                };
                let mut ignored = Vec::new();
                let text = decode_text(bytes, path, true, &mut ignored);
                records.push_line(&text, path, out);
            }
            records.finish(path, out);
        }
        Format::Text => unreachable!("text files are read whole"),
    }
    Ok(())
}

/// Decodes one line, warning once per file about text that is not UTF-8.
fn decode_line(
    bytes: &[u8],
    path: &Path,
    line_no: usize,
    warned: &mut bool,
    out: &mut Out,
) -> String {
    match std::str::from_utf8(bytes) {
        Ok(text) => text.to_owned(),
        Err(_) => {
            let mut problems = Vec::new();
            let text = decode_text(bytes, path, false, &mut problems);
            if !*warned {
                *warned = true;
                for mut p in problems {
                    p.line = Some(line_no);
                    out.problems.push(p);
                }
            }
            text
        }
    }
}

/// Articles and problems gathered in memory, for tests.
#[cfg(test)]
pub(crate) struct Collected {
    pub articles: Vec<Article>,
    pub problems: Vec<Problem>,
}

#[cfg(test)]
pub(crate) fn collect(f: impl FnOnce(&mut Out)) -> Collected {
    let mut articles = Vec::new();
    let mut emit = |a| articles.push(a);
    let mut out = Out {
        problems: Vec::new(),
        articles: 0,
        emit: &mut emit,
    };
    f(&mut out);
    let problems = out.problems;
    Collected { articles, problems }
}

/// The key of a record in a file: the path alone for single-article
/// files, `path#N` for the N-th record of a multi-record file.
pub(crate) fn record_key(path: &Path, record: Option<usize>) -> String {
    match record {
        Some(n) => format!("{}#{n}", crate::article::path_text(path)),
        None => crate::article::path_text(path),
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
    let shown = || raw.chars().take(60).collect::<String>();
    let message = match dates::parse_date_checked(raw) {
        Ok(date) => return Some(date),
        Err(dates::DateError::Unreadable) => format!("cannot parse date {:?}", shown()),
        Err(dates::DateError::OutOfRange(_)) => format!(
            "date {:?} is outside the years 1677 to 2262 the index can hold",
            shown()
        ),
    };
    problems.push(Problem::warning(
        path,
        line,
        "bad date",
        format!("{message}; indexed without a date"),
    ));
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A FIFO (say, swapped in for a file after the walk) is refused at
    /// once: opening it for reading would otherwise wait for a writer
    /// forever.
    #[cfg(target_os = "linux")]
    #[test]
    fn a_fifo_is_refused_without_waiting() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("story.txt");
        let c = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
        // SAFETY: a valid NUL-terminated path; mkfifo only reads it.
        assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o644) }, 0);
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let parsed = parse_file(&fifo, &mut |_| {});
            let _ = tx.send(parsed);
        });
        let parsed = rx
            .recv_timeout(std::time::Duration::from_secs(5))
            .expect("parse_file waited on a FIFO");
        assert_eq!(parsed.articles, 0);
        assert!(
            parsed.problems[0].message.contains("not a regular file"),
            "{:?}",
            parsed.problems
        );
    }

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
