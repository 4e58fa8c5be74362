//! `newsidx stats`: what the index holds.

use std::path::Path;

use anyhow::Result;

use crate::cli::StatsArgs;
use crate::exit::Exit;
use crate::output;
use crate::search::stats::stats;

pub fn run(index_dir: &Path, args: &StatsArgs) -> Result<Exit> {
    let s = stats(index_dir)?;
    let mut out = std::io::stdout().lock();
    if args.json {
        output::json::write_one(&mut out, &s)?;
    } else {
        output::text::write_stats(&mut out, index_dir, &s)?;
    }
    Ok(Exit::Success)
}
