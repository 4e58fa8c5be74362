//! `newsidx people` and `newsidx topics`: the most frequent values over
//! the matching articles, counted from fast fields.

use std::io::Write;
use std::path::Path;

use anyhow::Result;

use crate::cli::FacetArgs;
use crate::exit::Exit;
use crate::output;
use crate::search::Request;
use crate::search::facets::Kind;

pub fn run(index_dir: &Path, args: &FacetArgs, kind: Kind) -> Result<Exit> {
    let req = Request {
        query: args.query.clone().unwrap_or_else(|| "*".into()),
        plain: args.plain && args.query.is_some(),
        filters: (&args.filters).into(),
        matching: crate::search::Match::from_any(args.any),
        ..Request::default()
    };
    let counts = match super::backend(index_dir, &args.remote)?.top(&req, kind, args.limit) {
        Ok(counts) => counts,
        Err(err) => return super::user_error(err),
    };
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    if args.json {
        output::json::write_lines(&mut out, &counts)?;
    } else {
        output::text::write_counts(&mut out, &counts)?;
    }
    out.flush()?;
    Ok(if counts.is_empty() {
        Exit::NoHits
    } else {
        Exit::Success
    })
}
