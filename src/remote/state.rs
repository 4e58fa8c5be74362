//! Incremental push: which files the cluster already holds as they are
//! now, which changed, which are gone, and which of its documents go.
//!
//! **The state lives in the cluster itself.** Every document carries its
//! file's path and the file's hash, size and modification time as they
//! were when it was read (`file_hash`, `file_size`, `file_mtime` in the
//! template). Before sending, a push reads those fields of every document
//! of the index (doc values only, pages of [`PAGE`] sorted by path and key
//! with `search_after`) and compares them with the files found, by the rules of
//! a local `index` run (`index::plan`): a file whose size and time are as
//! recorded is not read; one whose content hash is the same is not sent
//! either; a file under a path given that the cluster has but the walk did
//! not find is gone, and its documents are deleted. A manifest kept on the
//! pushing machine would be wrong as soon as the index is pushed from
//! another machine, deleted, restored from a snapshot or written by a push
//! that failed half way; the cluster's own documents cannot disagree with
//! the cluster. The cost is one read of a few small fields per document
//! (about 1 s per 25,000 documents here).
//!
//! A file whose documents do not all carry the same state (documents
//! pushed before these fields existed, or a push that stopped in the
//! middle of a changed file), or that has fewer documents than the
//! `file_articles` they record (a push that stopped in the middle of a
//! new file), counts as changed, so it is sent again whole.

use std::collections::{BTreeMap, HashMap};

use anyhow::{Result, anyhow, bail};

use crate::index::manifest::FileState;
use crate::remote::client::{self, Client};
use crate::remote::document::doc_id;
use crate::remote::push::encode;

/// Documents read per request.
const PAGE: usize = 5_000;

/// What the cluster holds of each file.
#[derive(Debug, Default)]
pub struct Held {
    /// Per path, the file's state as its documents record it, and their
    /// number. A path whose documents disagree has an empty hash and a
    /// size and time no file has.
    pub files: BTreeMap<String, FileState>,
    /// The `_id`s of the documents of each path whose file may have
    /// changed or gone (not found now with the size and time recorded).
    pub ids: HashMap<String, Vec<String>>,
}

/// Reads the state of every file the index `index_name` holds documents
/// of; `found` maps the paths of the files found to their size and time,
/// so that only the ids of other files are kept.
pub fn fetch(
    client: &Client,
    index_name: &str,
    found: &HashMap<String, (u64, i64)>,
) -> Result<Held> {
    let url = client.url();
    // What the last push sent, visible to the search (it refreshes at its
    // end, but one that stopped early may not have).
    let _ = client.send(
        "POST",
        &format!("/{}/_refresh", encode(index_name)),
        "application/json",
        b"",
    );
    let path = format!("/{}/_search", encode(index_name));
    let mut held = Held::default();
    // The documents come sorted by path, so a file's are read together:
    // the file being read, whether its documents disagree, their ids.
    let mut current: Option<Reading> = None;
    let mut after: Option<serde_json::Value> = None;
    loop {
        let mut body = serde_json::json!({
            "size": PAGE,
            "_source": false,
            "track_total_hits": false,
            "docvalue_fields": [
                "key", "path", "file_hash", "file_size", "file_mtime", "file_articles"
            ],
            "sort": [{"path": "asc"}, {"key": "asc"}],
        });
        if let Some(sort) = after.take() {
            body["search_after"] = sort;
        }
        let answer = client
            .send(
                "POST",
                &path,
                "application/json",
                body.to_string().as_bytes(),
            )
            .map_err(|err| anyhow!("cannot reach {url}: {}", client::describe(&err)))?;
        if !answer.ok() {
            bail!(
                "{url} answered {} when asked what index {index_name} holds: {}",
                answer.status,
                answer.reason()
            );
        }
        let json: serde_json::Value = serde_json::from_str(&answer.body)
            .map_err(|_| anyhow!("{url} gave an answer that is not JSON to a search"))?;
        let Some(hits) = json["hits"]["hits"].as_array() else {
            bail!("{url} gave no hits to a search of index {index_name}");
        };
        for hit in hits {
            let fields = &hit["fields"];
            let first = |name: &str| &fields[name][0];
            let (Some(key), Some(file)) = (first("key").as_str(), first("path").as_str()) else {
                continue;
            };
            let state = FileState {
                path: file.to_owned(),
                size: first("file_size").as_u64().unwrap_or(u64::MAX),
                mtime: first("file_mtime").as_i64().unwrap_or(i64::MIN),
                hash: first("file_hash").as_str().unwrap_or_default().to_owned(),
                articles: 1,
            };
            let expected = first("file_articles").as_u64();
            match &mut current {
                Some(r) if r.state.path == file => {
                    r.state.articles += 1;
                    r.mixed |= (&r.state.hash, r.state.size, r.state.mtime, r.expected)
                        != (&state.hash, state.size, state.mtime, expected);
                    r.ids.push(doc_id(key).into_owned());
                }
                _ => {
                    if let Some(done) = current.take() {
                        close(&mut held, done, found);
                    }
                    current = Some(Reading {
                        mixed: state.hash.is_empty(),
                        state,
                        expected,
                        ids: vec![doc_id(key).into_owned()],
                    });
                }
            }
        }
        if hits.len() < PAGE {
            break;
        }
        match hits.last().map(|h| h["sort"].clone()) {
            Some(sort) if sort.is_array() => after = Some(sort),
            _ => break,
        }
    }
    if let Some(done) = current.take() {
        close(&mut held, done, found);
    }
    Ok(held)
}

/// The documents of one file, as they are read.
struct Reading {
    /// The file's state as its first document has it; `articles` counts
    /// its documents.
    state: FileState,
    /// The number of articles the file gave, as its first document has it.
    expected: Option<u64>,
    /// Whether its documents disagree.
    mixed: bool,
    ids: Vec<String>,
}

/// Records a file whose documents have all been read: a file whose
/// documents disagree, or are fewer or more than it gave (a push stopped
/// in the middle of it), gets a state no file has (so it is sent again);
/// the ids are kept only for a file that may have changed or gone.
fn close(held: &mut Held, reading: Reading, found: &HashMap<String, (u64, i64)>) {
    let Reading {
        mut state,
        expected,
        mixed,
        ids,
    } = reading;
    let whole = expected.is_none_or(|n| n == state.articles as u64);
    if mixed || !whole {
        state.hash.clear();
        state.size = u64::MAX;
        state.mtime = i64::MIN;
    }
    if found.get(&state.path) != Some(&(state.size, state.mtime)) {
        held.ids.insert(state.path.clone(), ids);
    }
    held.files.insert(state.path.clone(), state);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn state(path: &str, hash: &str, size: u64) -> FileState {
        FileState {
            path: path.into(),
            size,
            mtime: 7,
            hash: hash.into(),
            articles: 2,
        }
    }

    /// A file found as recorded keeps no ids; one that differs, is gone,
    /// or whose documents disagree keeps them, and the last gets a state
    /// no file has.
    #[test]
    fn ids_are_kept_only_for_files_that_may_have_changed() {
        let found = HashMap::from([
            ("/a".to_owned(), (10, 7)),
            ("/c".to_owned(), (10, 7)),
            ("/d".to_owned(), (10, 7)),
        ]);
        let mut held = Held::default();
        let ids = || vec!["x#1".to_owned(), "x#2".to_owned()];
        let reading = |path: &str, expected: Option<u64>, mixed: bool| Reading {
            state: state(path, "h", 10),
            expected,
            mixed,
            ids: ids(),
        };
        close(&mut held, reading("/a", Some(2), false), &found);
        close(&mut held, reading("/b", None, false), &found);
        close(&mut held, reading("/c", Some(2), true), &found);
        // Found as recorded, but fewer documents than the file gave.
        close(&mut held, reading("/d", Some(3), false), &found);
        let mut kept: Vec<&str> = held.ids.keys().map(String::as_str).collect();
        kept.sort_unstable();
        assert_eq!(kept, ["/b", "/c", "/d"]);
        assert_eq!(held.files["/d"].hash, "");
        assert_eq!(held.files["/a"].hash, "h");
        assert_eq!(held.files["/c"].hash, "");
        assert_eq!(held.files["/c"].size, u64::MAX);
        assert_eq!(held.files["/c"].articles, 2);
    }
}
