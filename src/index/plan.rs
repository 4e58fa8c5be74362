//! What an index run has to do, from what the file list records, what the
//! index holds and what the walk found: which files to read, and which
//! files' articles to delete.

use std::collections::{BTreeMap, HashSet};
use std::path::Path;

use anyhow::{Context, Result};

use crate::index::manifest::FileState;
use crate::index::store::Store;
use crate::ingest::walk::{FileInfo, Found};

/// The work of one run.
#[derive(Debug, Default)]
pub struct Plan {
    /// Files that may have articles in the index: only these need their
    /// old articles deleted. Into a fresh index, no file does, and a
    /// delete costs memory until the next commit and time at each flush.
    pub held: HashSet<String>,
    /// Files that are gone (unless deleted files are kept), sorted: their
    /// articles go.
    pub removed: Vec<String>,
    /// Files to read, with what the file list records of them.
    pub todo: Vec<(FileInfo, Option<FileState>)>,
    /// Files whose size and time are as recorded: not read at all.
    pub unchanged: usize,
}

/// Plans a run over the files `found`, given the files the file list
/// records and those the index holds articles from.
pub fn plan(
    recorded: BTreeMap<String, FileState>,
    indexed: HashSet<String>,
    found: Found,
    keep_deleted: bool,
) -> Plan {
    let mut held: HashSet<String> = recorded.keys().cloned().collect();
    held.extend(indexed);
    // Files that are gone: in the file list or the index, under a root
    // walked, and not found now.
    let mut removed = Vec::new();
    if !keep_deleted && !held.is_empty() {
        let present: HashSet<String> = found.files.iter().map(|f| path_text(&f.path)).collect();
        // A folder that could not be read this time hides its files: they
        // are not gone, so their articles stay.
        // Compared as path texts, as `held` holds them (a name that is not
        // UTF-8 is escaped there).
        let as_text = |p: &Path| std::path::PathBuf::from(path_text(p));
        let unread: Vec<_> = found.problems.iter().map(|p| as_text(&p.path)).collect();
        let roots: Vec<_> = found.roots.iter().map(|r| as_text(r)).collect();
        for path in &held {
            let path_ref = Path::new(path);
            let under_root = roots.iter().any(|r| path_ref.starts_with(r));
            let hidden = unread.iter().any(|u| path_ref.starts_with(u));
            if under_root && !hidden && !present.contains(path) {
                removed.push(path.clone());
            }
        }
        removed.sort();
    }
    let mut todo = Vec::new();
    let mut unchanged = 0;
    for info in found.files {
        let known = recorded.get(&path_text(&info.path)).cloned();
        match &known {
            Some(k) if k.size == info.size && k.mtime == info.mtime => unchanged += 1,
            _ => todo.push((info, known)),
        }
    }
    Plan {
        held,
        removed,
        todo,
        unchanged,
    }
}

pub use crate::article::path_text;

/// Every file path the index holds articles from.
pub fn indexed_paths(store: &Store) -> Result<HashSet<String>> {
    let reader = store.index.reader().context("cannot read the index")?;
    let searcher = reader.searcher();
    let mut paths = HashSet::new();
    for segment in searcher.segment_readers() {
        let inverted = segment
            .inverted_index(store.fields.path)
            .context("cannot read the index")?;
        let mut stream = inverted.terms().stream().context("cannot read the index")?;
        while stream.advance() {
            paths.insert(String::from_utf8_lossy(stream.key()).into_owned());
        }
    }
    Ok(paths)
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::*;
    use crate::article::Problem;

    fn state(path: &str, size: u64) -> (String, FileState) {
        let state = FileState {
            path: path.to_owned(),
            size,
            mtime: 1,
            hash: String::new(),
            articles: 1,
        };
        (path.to_owned(), state)
    }

    fn file(path: &str, size: u64) -> FileInfo {
        FileInfo {
            path: PathBuf::from(path),
            size,
            mtime: 1,
        }
    }

    /// The archive under /a as recorded, and as found now: one file
    /// the same, one changed, one new, one gone, one in a folder that
    /// could not be read; /b was not walked.
    fn archive() -> (BTreeMap<String, FileState>, HashSet<String>, Found) {
        let recorded = BTreeMap::from([
            state("/a/same.txt", 10),
            state("/a/changed.txt", 10),
            state("/a/gone.txt", 10),
            state("/a/locked/hidden.txt", 10),
            state("/b/elsewhere.txt", 10),
        ]);
        // Indexed, but not yet in the file list (a crash before its log).
        let indexed = HashSet::from(["/a/crashed.txt".to_owned()]);
        let found = Found {
            roots: vec![PathBuf::from("/a")],
            files: vec![
                file("/a/changed.txt", 12),
                file("/a/new.txt", 5),
                file("/a/same.txt", 10),
            ],
            ignored: 0,
            excluded: 0,
            problems: vec![Problem::skipped("/a/locked", None, "unreadable", "denied")],
        };
        (recorded, indexed, found)
    }

    #[test]
    fn gone_files_under_the_roots_are_removed_and_changed_ones_read() {
        let (recorded, indexed, found) = archive();
        let plan = plan(recorded, indexed, found, false);
        assert_eq!(plan.removed, ["/a/crashed.txt", "/a/gone.txt"]);
        assert_eq!(plan.unchanged, 1);
        let todo: Vec<(&Path, bool)> = plan
            .todo
            .iter()
            .map(|(f, known)| (f.path.as_path(), known.is_some()))
            .collect();
        assert_eq!(
            todo,
            [
                (Path::new("/a/changed.txt"), true),
                (Path::new("/a/new.txt"), false)
            ]
        );
        assert_eq!(plan.held.len(), 6);
    }

    /// Roots and unreadable folders whose names are not UTF-8 are compared
    /// as the index holds paths (escaped), not as raw bytes.
    #[cfg(unix)]
    #[test]
    fn folders_named_in_latin1_are_compared_as_the_index_holds_them() {
        use std::os::unix::ffi::OsStrExt;
        let raw = |b: &[u8]| PathBuf::from(std::ffi::OsStr::from_bytes(b));
        let text = |b: &[u8]| path_text(&raw(b));
        let recorded = BTreeMap::from([
            state(&text(b"/m\xfcll/gone.txt"), 10),
            state(&text(b"/a/l\xf6cked/hidden.txt"), 10),
        ]);
        let found = Found {
            roots: vec![raw(b"/m\xfcll"), PathBuf::from("/a")],
            files: vec![],
            ignored: 0,
            excluded: 0,
            problems: vec![Problem::skipped(
                raw(b"/a/l\xf6cked"),
                None,
                "unreadable",
                "denied",
            )],
        };
        let plan = plan(recorded, HashSet::new(), found, false);
        assert_eq!(plan.removed, [text(b"/m\xfcll/gone.txt")]);
    }

    #[test]
    fn kept_deleted_files_stay() {
        let (recorded, indexed, found) = archive();
        let plan = plan(recorded, indexed, found, true);
        assert!(plan.removed.is_empty());
        assert_eq!((plan.unchanged, plan.todo.len()), (1, 2));
    }
}
