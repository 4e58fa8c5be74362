//! Finding the article files under the paths given: recursive, hidden
//! files and folders skipped, symlinks followed with loop detection.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

use crate::article::Problem;
use crate::ingest::format_of;

/// What a walk found.
#[derive(Debug, Default)]
pub struct Found {
    /// Article files with their sizes, in a stable order.
    pub files: Vec<(PathBuf, u64)>,
    /// Files passed over because their type is not an article format.
    pub ignored: usize,
    /// Folders or entries that could not be read.
    pub problems: Vec<Problem>,
}

/// Walks the given paths. A path that does not exist is an error: nothing
/// is indexed when a path is mistyped. A file named directly is taken
/// whatever its extension (and reported if it is not an article file).
pub fn find_files(paths: &[PathBuf]) -> Result<Found> {
    let mut found = Found::default();
    for path in paths {
        let root = path
            .canonicalize()
            .with_context(|| format!("cannot index {}", path.display()))?;
        if root.is_file() {
            let size = root.metadata().map(|m| m.len()).unwrap_or(0);
            found.files.push((root, size));
            continue;
        }
        walk_dir(&root, &mut found);
    }
    found.files.sort();
    found.files.dedup_by(|a, b| a.0 == b.0);
    Ok(found)
}

fn walk_dir(root: &Path, found: &mut Found) {
    let walker = ignore::WalkBuilder::new(root)
        .standard_filters(false)
        .hidden(true)
        .follow_links(true)
        .build();
    for entry in walker {
        match entry {
            Ok(entry) => {
                if !entry.file_type().is_some_and(|t| t.is_file()) {
                    continue;
                }
                let path = entry.path();
                if format_of(path).is_none() {
                    found.ignored += 1;
                    continue;
                }
                let size = entry.metadata().map(|m| m.len()).unwrap_or(0);
                found.files.push((path.to_owned(), size));
            }
            Err(err) => {
                let path = error_path(&err).unwrap_or_else(|| root.to_owned());
                found.problems.push(Problem::skipped(
                    path,
                    None,
                    "unreadable",
                    format!("cannot walk: {}", root_cause(&err)),
                ));
            }
        }
    }
}

fn error_path(err: &ignore::Error) -> Option<PathBuf> {
    match err {
        ignore::Error::WithPath { path, .. } => Some(path.clone()),
        ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
            error_path(err)
        }
        ignore::Error::Loop { child, .. } => Some(child.clone()),
        _ => None,
    }
}

fn root_cause(err: &ignore::Error) -> String {
    match err {
        ignore::Error::WithPath { err, .. }
        | ignore::Error::WithDepth { err, .. }
        | ignore::Error::WithLineNumber { err, .. } => root_cause(err),
        ignore::Error::Loop { ancestor, .. } => {
            format!("symbolic link loop back to {}", ancestor.display())
        }
        other => other.to_string(),
    }
}
