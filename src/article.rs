//! The `Article` that flows from parsing through cleaning and extraction to
//! the index, and the `Problem`s met on the way.
//!
//! Plain data that every stage shares, so this module uses nothing else of
//! the crate: the stages depend on it, never the reverse.

use std::fmt;
use std::path::{Path, PathBuf};

use jiff::Timestamp;
use serde::Serialize;

/// One news article, as parsed from a file and then cleaned and enriched.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Article {
    /// The record's own id, or the file path (plus record number) when the
    /// record has none.
    pub id: String,
    /// Where the article came from: `path` for single-article files,
    /// `path#N` (1-based record or line number) for multi-record files.
    /// Unique across the archive; re-indexing replaces by this key.
    pub key: String,
    /// The file the article was read from.
    pub path: PathBuf,
    /// Line in the file where the record starts (1-based), when meaningful.
    pub line: Option<usize>,
    pub title: String,
    pub body: String,
    pub date: Option<Timestamp>,
    pub source: Option<String>,
    pub url: Option<String>,
    pub authors: Vec<String>,
    pub people: Vec<String>,
    pub topics: Vec<String>,
    /// Capitalised words of the title and body outside the names found
    /// ("Trump" in "the Trump administration"): each may be the surname
    /// of a person the archive knows, which only the whole archive can
    /// tell (see `index::entities`). Distinct, in order of appearance.
    #[serde(skip)]
    pub name_words: Vec<String>,
    /// Names the article writes as an organisation's, in lower case:
    /// before a company ending ("Dean Witter Reynolds Inc") or an
    /// organisation's noun ("Fine Gael parliamentary party"). Across the
    /// archive they tell a firm or a party from a person of that name
    /// (see `extract::entities`).
    #[serde(skip)]
    pub organisations: Vec<String>,
    /// The site sections the file gives (JSON `section`): where the story
    /// sat, such as "Politics" or "news". Enrichment turns those that name
    /// a topic into topics, and empties this.
    #[serde(skip)]
    pub sections: Vec<String>,
    /// Where the people found in the text are mentioned.
    #[serde(skip)]
    pub mentions: Vec<Mention>,
    /// MinHash of the body, for near-duplicate detection.
    #[serde(skip)]
    pub signature: Option<Signature>,
}

impl Article {
    /// True when there is neither a title nor a body worth indexing.
    pub fn is_empty(&self) -> bool {
        self.title.trim().is_empty() && self.body.trim().is_empty()
    }
}

/// Which text a mention is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Field {
    Title,
    Body,
}

/// One mention of a person (found by `extract::people`): byte offsets into
/// the title or body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Mention {
    pub person: String,
    pub text: String,
    pub start: usize,
    pub end: usize,
    pub field: Field,
}

/// A MinHash signature of a text's word shingles, with their number.
/// Made, compared and turned into band keys by `extract::minhash`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signature {
    pub mins: Vec<u32>,
    pub shingles: u32,
}

/// How serious a problem is: a warning leaves the article indexed, a skip
/// drops a record or a whole file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Warning,
    Skipped,
}

/// Something wrong with the input, located as precisely as we can.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Problem {
    pub severity: Severity,
    pub path: PathBuf,
    pub line: Option<usize>,
    /// A short, stable reason used to group problems in the summary.
    pub kind: &'static str,
    /// The full message for this occurrence.
    pub message: String,
}

impl Problem {
    pub fn skipped(
        path: impl Into<PathBuf>,
        line: Option<usize>,
        kind: &'static str,
        message: impl Into<String>,
    ) -> Problem {
        Problem {
            severity: Severity::Skipped,
            path: path.into(),
            line,
            kind,
            message: message.into(),
        }
    }

    pub fn warning(
        path: impl Into<PathBuf>,
        line: Option<usize>,
        kind: &'static str,
        message: impl Into<String>,
    ) -> Problem {
        Problem {
            severity: Severity::Warning,
            path: path.into(),
            line,
            kind,
            message: message.into(),
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let what = match self.severity {
            Severity::Warning => "warning",
            Severity::Skipped => "skipped",
        };
        write!(f, "{what}: {}", self.path.display())?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
        }
        write!(f, ": {}", self.message)
    }
}

/// The text that stands for a file path in the index and the file list:
/// the path itself when it is UTF-8, which it almost always is. A name in
/// another encoding (a Latin-1 `M\xfcller.txt`) keeps its real bytes: each
/// byte that is not UTF-8 is written as U+FFFD and two hex digits, and so
/// is each byte of a U+FFFD already in the name, so no two paths share a
/// text (`Müller.txt` and `Möller.txt` in Latin-1 stay two files).
pub fn path_text(path: &Path) -> String {
    let bytes = path.as_os_str().as_encoded_bytes();
    let mut out = String::with_capacity(bytes.len());
    for chunk in bytes.utf8_chunks() {
        for c in chunk.valid().chars() {
            if c == char::REPLACEMENT_CHARACTER {
                for b in "\u{FFFD}".as_bytes() {
                    push_byte(&mut out, *b);
                }
            } else {
                out.push(c);
            }
        }
        for b in chunk.invalid() {
            push_byte(&mut out, *b);
        }
    }
    out
}

fn push_byte(out: &mut String, b: u8) {
    use std::fmt::Write;
    let _ = write!(out, "\u{FFFD}{b:02x}");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    #[test]
    fn paths_in_other_encodings_stay_apart() {
        use std::os::unix::ffi::OsStrExt;
        let latin1 = |b: &[u8]| path_text(Path::new(std::ffi::OsStr::from_bytes(b)));
        let muller = latin1(b"/d/M\xfcller.txt");
        let moller = latin1(b"/d/M\xf6ller.txt");
        assert_ne!(muller, moller);
        assert_eq!(muller, "/d/M\u{FFFD}fcller.txt");
        // A name that holds the marker itself does not collide.
        assert_ne!(latin1("/d/M\u{FFFD}fcller.txt".as_bytes()), muller);
        assert_eq!(path_text(Path::new("/d/Müller.txt")), "/d/Müller.txt");
    }
}
