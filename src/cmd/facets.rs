//! `newsidx people` and `newsidx topics`: the most frequent values over
//! the matching articles, counted from fast fields.

use std::io::Write;
use std::path::Path;

use anyhow::Result;

use crate::cli::FacetArgs;
use crate::exit::Exit;
use crate::facets;
use crate::search::{Engine, Request, SearchError};
use crate::store::Store;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    People,
    Topics,
}

pub fn run(index_dir: &Path, args: &FacetArgs, kind: Kind) -> Result<Exit> {
    let store = Store::open(index_dir)?;
    let engine = Engine::new(&store)?;
    let req = Request {
        query: args.query.clone().unwrap_or_else(|| "*".into()),
        plain: args.plain && args.query.is_some(),
        filters: args.filters.clone(),
        ..Request::default()
    };
    let query = match engine.build_query(&req) {
        Ok(query) => query,
        Err(SearchError::Query(err)) => {
            eprintln!("newsidx: {err}");
            return Ok(Exit::Error);
        }
        Err(SearchError::Index(err)) => return Err(err),
    };
    let field = match kind {
        Kind::People => "people_exact",
        Kind::Topics => "topic_exact",
    };
    let counts = facets::top_values(&engine.searcher(), &*query, field, args.limit)?;
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    if args.json {
        for c in &counts {
            serde_json::to_writer(&mut out, c)?;
            writeln!(out)?;
        }
    } else {
        let width = counts
            .iter()
            .map(|c| c.count.to_string().len())
            .max()
            .unwrap_or(1);
        for c in &counts {
            writeln!(out, "{:>width$}  {}", c.count, c.name)?;
        }
    }
    out.flush()?;
    Ok(if counts.is_empty() {
        Exit::NoHits
    } else {
        Exit::Success
    })
}
