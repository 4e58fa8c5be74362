//! Finding the article files under the paths given: recursive, hidden
//! files and folders skipped, symlinks followed with loop detection.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

use crate::article::Problem;
use crate::ingest::format_of;

/// A file found, with what change detection needs.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct FileInfo {
    pub path: PathBuf,
    pub size: u64,
    /// Modification time, nanoseconds since the Unix epoch (0 if unknown).
    pub mtime: i64,
}

impl FileInfo {
    fn new(path: PathBuf, meta: Option<std::fs::Metadata>) -> FileInfo {
        let size = meta.as_ref().map_or(0, |m| m.len());
        let mtime = meta
            .and_then(|m| m.modified().ok())
            .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
            .map_or(0, |d| d.as_nanos().min(i64::MAX as u128) as i64);
        FileInfo { path, size, mtime }
    }
}

/// What a walk found.
#[derive(Debug, Default)]
pub struct Found {
    /// The roots walked, canonical.
    pub roots: Vec<PathBuf>,
    /// Article files, in a stable order.
    pub files: Vec<FileInfo>,
    /// Files passed over because their type is not an article format.
    pub ignored: usize,
    /// Article files left out by the `--include` and `--exclude` globs.
    pub excluded: usize,
    /// Folders or entries that could not be read.
    pub problems: Vec<Problem>,
}

/// Walks the given paths. A path that does not exist is an error: nothing
/// is indexed when a path is mistyped. A file named directly is taken
/// whatever its extension (and reported if it is not an article file).
pub fn find_files(paths: &[PathBuf]) -> Result<Found> {
    let roots = paths
        .iter()
        .map(|path| {
            path.canonicalize()
                .with_context(|| format!("cannot read {}", path.display()))
        })
        .collect::<Result<Vec<_>>>()?;
    walk(roots)
}

/// Which files a walk takes: globs as `--include` and `--exclude` give
/// them, gitignore-style (as ripgrep's and fd's globs). A glob without a
/// slash matches a name at any depth; one with a slash, a path under the
/// folder walked; a trailing slash matches folders only. When there are
/// `include` globs, only files matching one are taken; `exclude` wins
/// over `include`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Select {
    pub include: Vec<String>,
    pub exclude: Vec<String>,
}

/// A glob that cannot be used: which list it is in (`include` or
/// `exclude`), the glob, and why.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{kind}: invalid glob '{glob}': {message}")]
pub struct GlobError {
    pub kind: &'static str,
    pub glob: String,
    pub message: String,
}

impl Select {
    pub fn is_empty(&self) -> bool {
        self.include.is_empty() && self.exclude.is_empty()
    }

    /// Checks every glob, naming the first that cannot be used.
    pub fn check(&self) -> Result<(), GlobError> {
        self.matcher(Path::new("/")).map(|_| ())
    }

    /// The globs as a matcher for paths under `root`.
    fn matcher(&self, root: &Path) -> Result<ignore::overrides::Override, GlobError> {
        let mut builder = ignore::overrides::OverrideBuilder::new(root);
        // Later globs win: excludes after includes. An override glob
        // takes a file; `!` before it leaves the file out.
        let globs = self
            .include
            .iter()
            .map(|g| ("include", g, g.clone()))
            .chain(self.exclude.iter().map(|g| ("exclude", g, format!("!{g}"))));
        for (kind, glob, line) in globs {
            let error = |message: String| GlobError {
                kind,
                glob: glob.clone(),
                message,
            };
            if glob.trim().is_empty() {
                return Err(error("empty".into()));
            }
            builder.add(&line).map_err(|e| error(e.to_string()))?;
        }
        builder.build().map_err(|e| GlobError {
            kind: "include",
            glob: String::new(),
            message: e.to_string(),
        })
    }
}

/// Whether `matcher` leaves the path out.
fn left_out(matcher: &ignore::overrides::Override, path: &Path, is_dir: bool) -> bool {
    !matcher.is_empty() && matcher.matched(path, is_dir).is_ignore()
}

/// The canonical form of each path; an error names a path that does not
/// exist.
pub fn resolve_roots(paths: &[PathBuf]) -> Result<Vec<PathBuf>> {
    paths
        .iter()
        .map(|path| {
            path.canonicalize()
                .with_context(|| format!("cannot index {}", path.display()))
        })
        .collect()
}

/// Walks canonical roots.
pub fn walk(roots: Vec<PathBuf>) -> Result<Found> {
    walk_skipping(roots, None)
}

/// Walks canonical roots, passing over the folder `skip` (the index being
/// written, when it sits inside a folder being indexed: its `meta.json`
/// is no article) and any other folder that holds a search index. A root
/// that is neither a file nor a folder (a device, a FIFO, a socket) is
/// reported, not read.
pub fn walk_skipping(roots: Vec<PathBuf>, skip: Option<&Path>) -> Result<Found> {
    walk_selected(roots, skip, &Select::default())
}

/// Walks canonical roots as [`walk_skipping`] does, taking only the files
/// `select` takes; a file named as a root is matched by its name.
pub fn walk_selected(roots: Vec<PathBuf>, skip: Option<&Path>, select: &Select) -> Result<Found> {
    let skip = skip.and_then(|dir| dir.canonicalize().ok());
    let mut found = Found::default();
    for root in &roots {
        if root.is_file() {
            let parent = root.parent().unwrap_or(Path::new("/"));
            if left_out(&select.matcher(parent)?, root, false) {
                found.excluded += 1;
                continue;
            }
            found
                .files
                .push(FileInfo::new(root.clone(), root.metadata().ok()));
            continue;
        }
        if !root.is_dir() {
            found.problems.push(Problem::skipped(
                root.clone(),
                None,
                "not a file or folder",
                "not a regular file or folder (a device, FIFO or socket); not read",
            ));
            continue;
        }
        if skip.as_deref() == Some(root.as_path()) {
            continue;
        }
        let matcher = select.matcher(root)?;
        walk_dir(root, skip.as_deref(), &matcher, &mut found);
    }
    found.files.sort();
    found.files.dedup_by(|a, b| a.path == b.path);
    found.roots = roots;
    Ok(found)
}

fn walk_dir(
    root: &Path,
    skip: Option<&Path>,
    matcher: &ignore::overrides::Override,
    found: &mut Found,
) {
    let skip = skip.map(Path::to_path_buf);
    let folders = matcher.clone();
    let walker = ignore::WalkBuilder::new(root)
        .standard_filters(false)
        .hidden(true)
        .follow_links(true)
        .filter_entry(move |entry| {
            let excluded_folder = entry.depth() > 0
                && entry.file_type().is_some_and(|t| t.is_dir())
                && left_out(&folders, entry.path(), true);
            skip.as_deref() != Some(entry.path()) && !is_index_folder(entry) && !excluded_folder
        })
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
                if left_out(matcher, path, false) {
                    found.excluded += 1;
                    continue;
                }
                found
                    .files
                    .push(FileInfo::new(path.to_owned(), entry.metadata().ok()));
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

/// A folder holding a search index (tantivy's `meta.json` and
/// `.managed.json`): its files are no articles, whoever wrote them.
fn is_index_folder(entry: &ignore::DirEntry) -> bool {
    entry.file_type().is_some_and(|t| t.is_dir())
        && entry.path().join(".managed.json").is_file()
        && entry.path().join("meta.json").is_file()
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
