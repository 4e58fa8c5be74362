//! `newsidx timeline`: matching articles per period.

use std::io::Write;
use std::path::Path;

use anyhow::{Context, Result};

use crate::cli::TimelineArgs;
use crate::exit::Exit;
use crate::output::{self, svg};
use crate::search::Request;

pub fn run(index_dir: &Path, args: &TimelineArgs) -> Result<Exit> {
    let req = Request {
        query: args.query.clone(),
        plain: args.plain,
        filters: (&args.filters).into(),
        matching: crate::search::Match::from_any(args.any),
        ..Request::default()
    };
    let t = match super::backend(index_dir, &args.remote)?.timeline(&req, Some(args.by)) {
        Ok(t) => t,
        Err(err) => return super::user_error(err),
    };
    if let Some(path) = &args.svg {
        let title = svg::chart_title(&args.query, &req.filters);
        std::fs::write(path, svg::timeline_svg(&t, &title))
            .with_context(|| format!("cannot write {}", path.display()))?;
    }
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    if args.json {
        output::json::write_one(&mut out, &t)?;
    } else {
        output::bars::write_timeline(&mut out, &t)?;
    }
    out.flush()?;
    Ok(if t.total > 0 {
        Exit::Success
    } else {
        Exit::NoHits
    })
}
