//! `newsidx people` and `newsidx topics`: the most frequent values over
//! the matching articles, counted from fast fields.

use std::io::Write;
use std::path::Path;

use anyhow::Result;

use crate::cli::FacetArgs;
use crate::exit::Exit;
use crate::search::Request;
use crate::search::facets::{self, Kind};

pub fn run(index_dir: &Path, args: &FacetArgs, kind: Kind) -> Result<Exit> {
    let req = Request {
        query: args.query.clone().unwrap_or_else(|| "*".into()),
        plain: args.plain && args.query.is_some(),
        filters: (&args.filters).into(),
        ..Request::default()
    };
    let Some((engine, query)) = super::prepare(index_dir, &req)? else {
        return Ok(Exit::Error);
    };
    let counts = facets::top_values(&engine.searcher(), &*query, kind, args.limit)?;
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
