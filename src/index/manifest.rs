//! The files an index was built from, with their size, modification time
//! and content hash, so that a second `index` run parses only what is new
//! or changed.
//!
//! Kept in the index directory as `newsidx-files.jsonl`, an append-only
//! log written after each commit (so it never claims more than the index
//! holds) and compacted at the end of a run. A crash can only leave it
//! behind the index, never ahead: files it does not know are indexed
//! again, replacing their articles.

use std::collections::BTreeMap;
use std::fs::{File, OpenOptions};
use std::io::{BufRead, BufReader, BufWriter, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use serde::{Deserialize, Serialize};

pub const FILE_NAME: &str = "newsidx-files.jsonl";

/// What is known of one indexed file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileState {
    pub path: String,
    pub size: u64,
    /// Modification time, nanoseconds since the Unix epoch.
    pub mtime: i64,
    /// xxh3 of the file's bytes, in hex.
    pub hash: String,
    /// Articles indexed from it.
    pub articles: usize,
}

/// One line of the log.
#[derive(Debug, Serialize, Deserialize)]
struct Line {
    path: String,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    removed: bool,
    #[serde(flatten)]
    state: Option<Fields>,
}

#[derive(Debug, Serialize, Deserialize)]
struct Fields {
    size: u64,
    mtime: i64,
    hash: String,
    articles: usize,
}

/// The file states of an index.
#[derive(Debug, Default)]
pub struct Manifest {
    path: PathBuf,
    pub files: BTreeMap<String, FileState>,
}

impl Manifest {
    /// Reads the log of an index directory; a missing log is empty, and a
    /// line cut short by a crash is ignored.
    pub fn load(index_dir: &Path) -> Result<Manifest> {
        let path = index_dir.join(FILE_NAME);
        let files = read_log(&path)?;
        Ok(Manifest { path, files })
    }

    /// Records files as indexed, and paths as removed, durably. The log
    /// changes, not `files`: a run reads those once, at its start, and
    /// need not hold every file it indexes in memory until its end.
    pub fn append(&self, indexed: &[FileState], removed: &[String]) -> Result<()> {
        if indexed.is_empty() && removed.is_empty() {
            return Ok(());
        }
        let mut file = OpenOptions::new()
            .create(true)
            .read(true)
            .append(true)
            .open(&self.path)
            .with_context(|| format!("cannot write {}", self.path.display()))?;
        let torn = ends_mid_line(&mut file)
            .with_context(|| format!("cannot read {}", self.path.display()))?;
        let mut out = BufWriter::new(file);
        if torn {
            // A crash cut the last line short: end it, so the next line
            // is not glued to it (and lost with it).
            out.write_all(b"\n")?;
        }
        for path in removed {
            write_line(
                &mut out,
                &Line {
                    path: path.clone(),
                    removed: true,
                    state: None,
                },
            )?;
        }
        for state in indexed {
            write_line(&mut out, &line_of(state))?;
        }
        let file = out.into_inner().map_err(|e| e.into_error())?;
        file.sync_data().context("cannot sync the file list")?;
        Ok(())
    }

    /// Rewrites the log with one line per file, as the log now has them.
    pub fn compact(&self) -> Result<()> {
        let files = read_log(&self.path)?;
        let tmp = self.path.with_extension("jsonl.tmp");
        let mut out = BufWriter::new(
            File::create(&tmp).with_context(|| format!("cannot write {}", tmp.display()))?,
        );
        for state in files.values() {
            write_line(&mut out, &line_of(state))?;
        }
        let file = out.into_inner().map_err(|e| e.into_error())?;
        file.sync_all().context("cannot sync the file list")?;
        std::fs::rename(&tmp, &self.path)
            .with_context(|| format!("cannot replace {}", self.path.display()))?;
        Ok(())
    }
}

/// Whether the file is non-empty and does not end with a line end.
fn ends_mid_line(file: &mut File) -> std::io::Result<bool> {
    use std::io::{Read, Seek, SeekFrom};
    if file.metadata()?.len() == 0 {
        return Ok(false);
    }
    file.seek(SeekFrom::End(-1))?;
    let mut last = [0];
    file.read_exact(&mut last)?;
    Ok(last[0] != b'\n')
}

/// The files a log records, the last line of each path winning; a line
/// cut short by a crash is ignored, and a missing log is empty.
fn read_log(path: &Path) -> Result<BTreeMap<String, FileState>> {
    let mut files = BTreeMap::new();
    match File::open(path) {
        Ok(file) => {
            // Bytes, not text: a line torn inside a multi-byte character
            // is skipped like any other torn line.
            for line in BufReader::new(file).split(b'\n') {
                let line = line.with_context(|| format!("cannot read {}", path.display()))?;
                let Ok(entry) = serde_json::from_slice::<Line>(&line) else {
                    continue;
                };
                match entry.state {
                    Some(f) if !entry.removed => {
                        let state = FileState {
                            path: entry.path.clone(),
                            size: f.size,
                            mtime: f.mtime,
                            hash: f.hash,
                            articles: f.articles,
                        };
                        files.insert(entry.path, state);
                    }
                    _ => {
                        files.remove(&entry.path);
                    }
                }
            }
        }
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => {}
        Err(err) => return Err(err).with_context(|| format!("cannot read {}", path.display())),
    }
    Ok(files)
}

fn line_of(s: &FileState) -> Line {
    Line {
        path: s.path.clone(),
        removed: false,
        state: Some(Fields {
            size: s.size,
            mtime: s.mtime,
            hash: s.hash.clone(),
            articles: s.articles,
        }),
    }
}

fn write_line(out: &mut impl Write, line: &Line) -> Result<()> {
    serde_json::to_writer(&mut *out, line)?;
    out.write_all(b"\n")?;
    Ok(())
}

/// The content hash and size of a file, read as a stream.
pub fn hash_file(path: &Path) -> std::io::Result<(String, u64)> {
    let mut file = crate::interrupt::Stoppable(crate::ingest::open_regular(path)?);
    let mut hasher = xxhash_rust::xxh3::Xxh3::new();
    let mut buf = vec![0; 1 << 16];
    let mut size = 0;
    loop {
        let n = std::io::Read::read(&mut file, &mut buf)?;
        if n == 0 {
            break;
        }
        hasher.update(&buf[..n]);
        size += n as u64;
    }
    Ok((format!("{:016x}", hasher.digest()), size))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn state(path: &str, hash: &str) -> FileState {
        FileState {
            path: path.into(),
            size: 1,
            mtime: 2,
            hash: hash.into(),
            articles: 3,
        }
    }

    /// What a crash in the middle of writing a line leaves: here, in the
    /// middle of a two-byte character.
    fn crash_mid_line(index_dir: &Path) {
        let mut f = OpenOptions::new()
            .append(true)
            .open(index_dir.join(FILE_NAME))
            .unwrap();
        f.write_all(b"{\"path\":\"/caf\xc3").unwrap();
    }

    #[test]
    fn log_survives_reload_removal_and_a_torn_line() {
        let dir = tempfile::tempdir().unwrap();
        let m = Manifest::load(dir.path()).unwrap();
        m.append(&[state("/a", "1"), state("/b", "2")], &[])
            .unwrap();
        m.append(&[state("/a", "9")], &["/b".into()]).unwrap();
        crash_mid_line(dir.path());
        let m = Manifest::load(dir.path()).unwrap();
        assert_eq!(m.files.len(), 1);
        assert_eq!(m.files["/a"].hash, "9");
        m.compact().unwrap();
        let m = Manifest::load(dir.path()).unwrap();
        assert_eq!(m.files.keys().collect::<Vec<_>>(), ["/a"]);
    }

    /// The next run after a crash in the middle of a line: its first line
    /// is not glued to the torn one and lost, and compacting keeps it.
    #[test]
    fn a_line_after_a_torn_line_is_kept() {
        let dir = tempfile::tempdir().unwrap();
        let m = Manifest::load(dir.path()).unwrap();
        m.append(&[state("/a", "1")], &[]).unwrap();
        crash_mid_line(dir.path());
        let m = Manifest::load(dir.path()).unwrap();
        m.append(&[state("/d", "4")], &[]).unwrap();
        m.compact().unwrap();
        let m = Manifest::load(dir.path()).unwrap();
        assert_eq!(m.files.keys().collect::<Vec<_>>(), ["/a", "/d"]);
    }
}
