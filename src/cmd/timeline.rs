//! `newsidx timeline`: matching articles per period.

use std::io::Write;
use std::path::Path;

use anyhow::{Context, Result};

use crate::cli::TimelineArgs;
use crate::exit::Exit;
use crate::output::svg;
use crate::search::Request;
use crate::search::facets;

/// Width of the longest bar in the terminal, in characters.
const BAR_WIDTH: u64 = 50;

pub fn run(index_dir: &Path, args: &TimelineArgs) -> Result<Exit> {
    let req = Request {
        query: args.query.clone(),
        plain: args.plain,
        filters: (&args.filters).into(),
        ..Request::default()
    };
    let Some((engine, query)) = super::prepare(index_dir, &req)? else {
        return Ok(Exit::Error);
    };
    let t = facets::timeline(&engine.searcher(), &*query, args.by)?;
    if let Some(path) = &args.svg {
        std::fs::write(path, svg::timeline_svg(&t, &args.query))
            .with_context(|| format!("cannot write {}", path.display()))?;
    }
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    if args.json {
        serde_json::to_writer(&mut out, &t)?;
        writeln!(out)?;
    } else {
        let max = t.periods.iter().map(|p| p.count).max().unwrap_or(0).max(1);
        let width = t
            .periods
            .iter()
            .map(|p| p.count.to_string().len())
            .max()
            .unwrap_or(1);
        for p in &t.periods {
            let len = (p.count * BAR_WIDTH).div_ceil(max) as usize;
            let bar = "█".repeat(len);
            writeln!(out, "{:<10}  {:>width$}  {bar}", p.period, p.count)?;
        }
        write!(out, "{} articles", t.total)?;
        if t.undated > 0 {
            write!(out, " ({} without a date)", t.undated)?;
        }
        writeln!(out)?;
    }
    out.flush()?;
    Ok(if t.total > 0 {
        Exit::Success
    } else {
        Exit::NoHits
    })
}
