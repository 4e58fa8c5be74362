//! Exit codes, as documented in the README and `--help`.

/// How a command ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// Done; for `search`, hits were found.
    Success = 0,
    /// `search` found nothing.
    NoHits = 1,
    /// An error: bad arguments, a query syntax error, an unusable index.
    Error = 2,
    /// `index` finished but skipped some files or records.
    Skipped = 3,
    /// Stopped by Ctrl-C after committing what was done.
    Interrupted = 130,
}

impl From<Exit> for std::process::ExitCode {
    fn from(e: Exit) -> Self {
        std::process::ExitCode::from(e as u8)
    }
}
