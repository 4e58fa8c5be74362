//! What an index holds: articles, files, size on disk, segments, date
//! range, last commit and top sources, for `newsidx stats`.

use std::path::Path;

use anyhow::{Context, Result};
use serde::Serialize;
use tantivy::query::AllQuery;

use crate::index::manifest::Manifest;
use crate::index::store::Store;
use crate::search::facets::{self, Count, Kind};

/// Sources listed.
pub const TOP_SOURCES: usize = 10;

#[derive(Debug, Serialize)]
pub struct Stats {
    pub articles: u64,
    pub files: usize,
    pub bytes_on_disk: u64,
    pub segments: usize,
    pub first_date: Option<String>,
    pub last_date: Option<String>,
    /// When the index was last committed, RFC 3339.
    pub updated: Option<String>,
    pub sources: Vec<Count>,
}

/// Reads the figures of the index in `index_dir`.
pub fn stats(index_dir: &Path) -> Result<Stats> {
    let store = Store::open(index_dir)?;
    let reader = store.index.reader().context("cannot read the index")?;
    let searcher = reader.searcher();
    let mut bytes_on_disk = 0;
    for entry in std::fs::read_dir(index_dir)
        .with_context(|| format!("cannot read {}", index_dir.display()))?
    {
        let entry = entry?;
        if let Ok(meta) = entry.metadata()
            && meta.is_file()
        {
            bytes_on_disk += meta.len();
        }
    }
    let updated = std::fs::metadata(index_dir.join("meta.json"))
        .and_then(|m| m.modified())
        .ok()
        .and_then(|t| jiff::Timestamp::try_from(t).ok())
        .map(|t| t.round(jiff::Unit::Second).unwrap_or(t).to_string());
    let range = facets::date_range(&searcher, &AllQuery)?;
    Ok(Stats {
        articles: searcher.num_docs(),
        files: Manifest::load(index_dir)?.files.len(),
        bytes_on_disk,
        segments: searcher.segment_readers().len(),
        first_date: range.as_ref().map(|r| r.0.clone()),
        last_date: range.map(|r| r.1),
        updated,
        sources: facets::top_values(&searcher, &AllQuery, Kind::Sources, TOP_SOURCES)?,
    })
}
