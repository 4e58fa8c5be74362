//! `newsidx stats`: what the index holds (or a cluster's, `--remote`).

use std::path::Path;

use anyhow::Result;

use crate::cli::StatsArgs;
use crate::exit::Exit;
use crate::output;
use crate::search::stats::stats;

pub fn run(index_dir: &Path, args: &StatsArgs) -> Result<Exit> {
    let (s, name) = match super::remote(&args.remote)? {
        Some(remote) => (remote.stats()?, remote.name()),
        None => (stats(index_dir)?, index_dir.display().to_string()),
    };
    let mut out = std::io::stdout().lock();
    if args.json {
        output::json::write_one(&mut out, &s)?;
    } else {
        output::text::write_stats(&mut out, &name, &s)?;
    }
    Ok(Exit::Success)
}
