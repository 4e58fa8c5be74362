//! The index on disk: creating it on first use, opening it, and refusing
//! directories that are not a newsidx index.

use std::path::Path;

use anyhow::{Context, Result, bail};
use tantivy::Index;

use crate::index::readonly::{self, ReadOnlyDirectory};
use crate::index::schema::{self, Fields};

/// How long a run waits for another run that is creating the same index.
const CREATION_WAIT: std::time::Duration = std::time::Duration::from_secs(3);

/// An open index with its field handles and analysers registered.
pub struct Store {
    pub index: Index,
    pub fields: Fields,
    /// The index directory; `None` for an index in memory.
    pub dir: Option<std::path::PathBuf>,
}

impl Store {
    /// Opens the index in `dir`, creating it if `dir` is missing or empty.
    /// A non-empty directory that holds no index is never written to.
    pub fn open_or_create(dir: &Path) -> Result<Store> {
        if dir.join("meta.json").exists() {
            if let Err(err) = readonly::check_writable(dir) {
                bail!(
                    "cannot write to the index in {}: {}; it can still be searched",
                    dir.display(),
                    why_not_writable(&err)
                );
            }
            return Store::open(dir);
        }
        if dir.exists() {
            if !dir.is_dir() {
                bail!("{} is a file, not an index directory", dir.display());
            }
            let names: Vec<_> = std::fs::read_dir(dir)
                .with_context(|| format!("cannot read {}", dir.display()))?
                .filter_map(|e| e.ok().map(|e| e.file_name()))
                .collect();
            // tantivy's lock files, its file list, and the temporary files
            // its atomic writes go through: what a creation in progress
            // (or one that died before its first commit) leaves.
            let is_tantivys = |n: &std::ffi::OsStr| {
                let n = n.to_string_lossy();
                n.starts_with(".tantivy-") || n.starts_with(".tmp") || n == ".managed.json"
            };
            if !names.iter().all(|n| is_tantivys(n)) {
                // Another run may have made the index since the first look
                // for its meta.json, and written more since.
                if dir.join("meta.json").exists() {
                    return Store::open(dir);
                }
                bail!(
                    "{} is not empty and holds no newsidx index; refusing to \
                     write into it (choose another --index directory)",
                    dir.display()
                );
            }
            if !names.is_empty() {
                // Another run may be creating the index this very moment:
                // tantivy's lock files come before its meta.json.
                let deadline = std::time::Instant::now() + CREATION_WAIT;
                while std::time::Instant::now() < deadline {
                    if dir.join("meta.json").exists() {
                        return Store::open(dir);
                    }
                    std::thread::sleep(std::time::Duration::from_millis(50));
                }
                // Else an index creation died before its first commit;
                // there is nothing in it to keep.
            }
        } else {
            std::fs::create_dir_all(dir)
                .with_context(|| format!("cannot create index directory {}", dir.display()))?;
        }
        let index = match Index::create_in_dir(dir, schema::schema()) {
            Ok(index) => index,
            // Another run created it first.
            Err(_) if dir.join("meta.json").exists() => return Store::open(dir),
            Err(err) => {
                return Err(err)
                    .with_context(|| format!("cannot create index in {}", dir.display()));
            }
        };
        Store::wrap(index, Some(dir))
    }

    /// Opens an existing index.
    pub fn open(dir: &Path) -> Result<Store> {
        if !dir.join("meta.json").exists() {
            if dir.exists() {
                bail!(
                    "{} is not a newsidx index (no meta.json); create one with \
                     `newsidx index --index {} <PATH>`",
                    dir.display(),
                    dir.display()
                );
            }
            bail!(
                "no index at {}; create one with `newsidx index <PATH>` \
                 (or point --index / NEWSIDX_INDEX at an existing one)",
                dir.display()
            );
        }
        // Where nobody here may write, nobody here can commit either: read
        // without the lock file tantivy would create.
        let index = if readonly::check_writable(dir).is_ok() {
            Index::open_in_dir(dir)
        } else {
            ReadOnlyDirectory::open(dir)
                .map_err(tantivy::TantivyError::from)
                .and_then(Index::open)
        };
        let index = index.map_err(|err| describe_open_error(dir, err))?;
        if index.schema() != schema::schema() {
            bail!(
                "the index in {} was not made by this version of newsidx \
                 (its schema differs); index into a new directory",
                dir.display()
            );
        }
        Store::wrap(index, Some(dir))
    }

    /// An empty index in memory, for tests and fuzzing.
    pub fn create_in_ram() -> Result<Store> {
        Store::wrap(Index::create_in_ram(schema::schema()), None)
    }

    fn wrap(index: Index, dir: Option<&Path>) -> Result<Store> {
        schema::register_tokenizers(&index);
        let fields = Fields::resolve(&index.schema())?;
        Ok(Store {
            index,
            fields,
            dir: dir.map(Path::to_path_buf),
        })
    }
}

/// Why a directory cannot be written, in words.
fn why_not_writable(err: &std::io::Error) -> String {
    match err.raw_os_error() {
        #[cfg(target_os = "linux")]
        Some(libc::EROFS) => "it is on a read-only file system".into(),
        _ if err.kind() == std::io::ErrorKind::PermissionDenied => {
            "permission denied (the directory is not writable by this user)".into()
        }
        _ => err.to_string(),
    }
}

/// An error from opening an index, naming its real cause: a file this user
/// may not read is not damage.
fn describe_open_error(dir: &Path, err: tantivy::TantivyError) -> anyhow::Error {
    let denied = matches!(
        &err,
        tantivy::TantivyError::OpenReadError(tantivy::directory::error::OpenReadError::IoError { io_error, .. })
            if io_error.kind() == std::io::ErrorKind::PermissionDenied
    );
    if denied {
        anyhow::anyhow!(
            "cannot open the index in {}: permission denied reading its files \
             (made by another user with an older newsidx? ask them to run \
             `chmod a+r {}/*`)",
            dir.display(),
            dir.display()
        )
    } else {
        anyhow::Error::new(err).context(format!(
            "cannot open the index in {} (damaged?)",
            dir.display()
        ))
    }
}
