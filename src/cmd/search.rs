//! `newsidx search`: one query, results for reading or as JSON lines.

use std::io::{IsTerminal, Write};
use std::path::Path;

use anyhow::Result;

use crate::cli::SearchArgs;
use crate::exit::Exit;
use crate::index::store::Store;
use crate::output;
use crate::search::{Engine, Request};

pub fn run(index_dir: &Path, args: &SearchArgs) -> Result<Exit> {
    let store = Store::open(index_dir)?;
    let engine = Engine::new(&store)?;
    let req = Request {
        query: args.query.clone(),
        plain: args.plain,
        matching: crate::search::Match::from_any(args.any),
        limit: args.limit,
        offset: args.offset,
        sort: args.sort,
        filters: (&args.filters).into(),
        snippets: true,
        all: args.all,
    };
    let results = match engine.search(&req) {
        Ok(results) => results,
        Err(err) => return super::user_error(err),
    };
    let stdout = std::io::stdout();
    let color = stdout.is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    let mut out = std::io::BufWriter::new(stdout.lock());
    if args.json {
        output::json::write_results(&mut out, &results)?;
    } else {
        output::text::write_hits(&mut out, &results, args.offset, color)?;
    }
    out.flush()?;
    Ok(if results.total > 0 {
        Exit::Success
    } else {
        Exit::NoHits
    })
}
