//! `newsidx search`: one query, results for reading or as JSON lines.

use std::io::{IsTerminal, Write};
use std::path::Path;

use anyhow::Result;

use crate::cli::{SearchArgs, SearchFormat};
use crate::exit::Exit;
use crate::output;
use crate::search::{Request, Results};

pub fn run(index_dir: &Path, args: &SearchArgs) -> Result<Exit> {
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
    let results = match super::backend(index_dir, &args.remote)?.search(&req) {
        Ok(results) => results,
        Err(err) => return super::user_error(err),
    };
    write_results(&results, args.output(), args.offset, args.limit)
}

/// Prints results in the format asked for (`search` and `similar`), and
/// says how the command ends: 0 with hits, 1 without.
pub(crate) fn write_results(
    results: &Results,
    format: SearchFormat,
    offset: usize,
    limit: usize,
) -> Result<Exit> {
    let stdout = std::io::stdout();
    let color = stdout.is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    let mut out = std::io::BufWriter::new(stdout.lock());
    match format {
        SearchFormat::Json => output::json::write_results(&mut out, results, offset, limit)?,
        SearchFormat::Text => output::text::write_hits(&mut out, results, offset, color)?,
        SearchFormat::Csv => {
            output::csv::write_header(&mut out, false)?;
            output::csv::write_hits(&mut out, None, &results.hits)?;
        }
    }
    out.flush()?;
    Ok(if results.total > 0 {
        Exit::Success
    } else {
        Exit::NoHits
    })
}
