//! `newsidx stats`: what the index holds.

use std::io::Write;
use std::path::Path;

use anyhow::{Context, Result};
use serde::Serialize;
use tantivy::query::AllQuery;

use crate::cli::StatsArgs;
use crate::exit::Exit;
use crate::index::manifest::Manifest;
use crate::index::store::Store;
use crate::search::facets::{self, Count, Kind};

/// Sources listed.
const TOP_SOURCES: usize = 10;

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

pub fn run(index_dir: &Path, args: &StatsArgs) -> Result<Exit> {
    let s = stats(index_dir)?;
    let mut out = std::io::stdout().lock();
    if args.json {
        serde_json::to_writer(&mut out, &s)?;
        writeln!(out)?;
        return Ok(Exit::Success);
    }
    writeln!(out, "index:        {}", index_dir.display())?;
    writeln!(out, "articles:     {}", s.articles)?;
    writeln!(out, "files:        {}", s.files)?;
    writeln!(out, "size on disk: {:.1} MB", s.bytes_on_disk as f64 / 1e6)?;
    writeln!(out, "segments:     {}", s.segments)?;
    if let (Some(first), Some(last)) = (&s.first_date, &s.last_date) {
        writeln!(out, "dates:        {first} to {last}")?;
    }
    if let Some(updated) = &s.updated {
        writeln!(out, "updated:      {updated}")?;
    }
    if !s.sources.is_empty() {
        writeln!(out, "top sources:")?;
        for c in &s.sources {
            writeln!(out, "  {:>8}  {}", c.count, c.name)?;
        }
    }
    Ok(Exit::Success)
}
