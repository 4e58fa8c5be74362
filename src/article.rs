//! The `Article` that flows from parsing through cleaning and extraction to
//! the index, and the `Problem`s met on the way.
//!
//! Plain data that every stage shares, so this module uses nothing else of
//! the crate: the stages depend on it, never the reverse.

use std::fmt;
use std::path::PathBuf;

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
