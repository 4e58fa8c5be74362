//! The index on disk: creating it on first use, opening it, and refusing
//! directories that are not a newsidx index.

use std::path::Path;

use anyhow::{Context, Result, bail};
use tantivy::Index;

use crate::index::schema::{self, Fields};

/// An open index with its field handles and analysers registered.
pub struct Store {
    pub index: Index,
    pub fields: Fields,
}

impl Store {
    /// Opens the index in `dir`, creating it if `dir` is missing or empty.
    /// A non-empty directory that holds no index is never written to.
    pub fn open_or_create(dir: &Path) -> Result<Store> {
        if dir.join("meta.json").exists() {
            return Store::open(dir);
        }
        if dir.exists() {
            if !dir.is_dir() {
                bail!("{} is a file, not an index directory", dir.display());
            }
            let mut entries =
                std::fs::read_dir(dir).with_context(|| format!("cannot read {}", dir.display()))?;
            if entries.next().is_some() {
                bail!(
                    "{} is not empty and holds no newsidx index; refusing to \
                     write into it (choose another --index directory)",
                    dir.display()
                );
            }
        } else {
            std::fs::create_dir_all(dir)
                .with_context(|| format!("cannot create index directory {}", dir.display()))?;
        }
        let index = Index::create_in_dir(dir, schema::schema())
            .with_context(|| format!("cannot create index in {}", dir.display()))?;
        Store::wrap(index)
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
        let index = Index::open_in_dir(dir)
            .with_context(|| format!("cannot open the index in {} (damaged?)", dir.display()))?;
        if index.schema() != schema::schema() {
            bail!(
                "the index in {} was not made by this version of newsidx \
                 (its schema differs); index into a new directory",
                dir.display()
            );
        }
        Store::wrap(index)
    }

    /// An empty index in memory, for tests and fuzzing.
    pub fn create_in_ram() -> Result<Store> {
        Store::wrap(Index::create_in_ram(schema::schema()))
    }

    fn wrap(index: Index) -> Result<Store> {
        schema::register_tokenizers(&index);
        let fields = Fields::resolve(&index.schema())?;
        Ok(Store { index, fields })
    }
}
