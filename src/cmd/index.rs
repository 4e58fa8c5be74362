//! `newsidx index`: the arguments to an index run (`index::writer`), then
//! its summary on stdout and the exit code.

use std::io::Write;
use std::path::Path;
use std::time::Duration;

use anyhow::Result;

use crate::cli::IndexArgs;
use crate::exit::Exit;
use crate::index::writer::{Indexer, Options, Summary};
use crate::ingest::walk::Select;
use crate::{ingest, interrupt};

pub fn run(index_dir: &Path, args: &IndexArgs) -> Result<Exit> {
    let options = Options {
        threads: args
            .threads
            .map_or_else(Options::default_threads, usize::from),
        memory_mb: args.memory_mb,
        progress: !args.quiet,
        keep_deleted: args.keep_deleted,
        commit_interval: Duration::from_secs(args.commit_interval),
        select: Select {
            include: args.include.clone(),
            exclude: args.exclude.clone(),
        },
    };
    if let Err(err) = options.select.check() {
        eprintln!(
            "newsidx: --{}: invalid glob '{}': {}",
            err.kind,
            crate::terminal::visible(&err.glob),
            err.message
        );
        return Ok(Exit::Error);
    }
    interrupt::catch_ctrl_c();
    let summary = Indexer::new(index_dir, options).run(&args.paths)?;
    print_summary(&summary, index_dir, args)?;
    Ok(if summary.interrupted {
        Exit::Interrupted
    } else if summary.skipped_total() > 0 {
        Exit::Skipped
    } else {
        Exit::Success
    })
}

fn print_summary(s: &Summary, index_dir: &Path, args: &IndexArgs) -> Result<()> {
    let mut out = std::io::stdout().lock();
    let secs = s.seconds.max(1e-6);
    let mb = s.bytes_read as f64 / 1e6;
    let text_mb = s.text_bytes as f64 / 1e6;
    writeln!(
        out,
        "indexed {} articles from {} files ({:.1} MB, {:.1} MB of text) in {:.2} s: \
         {:.0} articles/s, {:.1} MB/s of text",
        s.articles_indexed,
        s.files_read,
        mb,
        text_mb,
        s.seconds,
        s.articles_indexed as f64 / secs,
        text_mb / secs
    )?;
    writeln!(
        out,
        "files: {} new, {} changed, {} removed, {} unchanged",
        s.files_new, s.files_changed, s.files_removed, s.files_unchanged
    )?;
    if s.skipped_total() > 0 {
        writeln!(out, "skipped {} files or records:", s.skipped_total())?;
        for (kind, count) in &s.skipped {
            writeln!(out, "  {count:>6}  {kind}")?;
        }
    }
    if !s.warnings.is_empty() {
        writeln!(out, "warnings (articles still indexed):")?;
        for (kind, count) in &s.warnings {
            writeln!(out, "  {count:>6}  {kind}")?;
        }
    }
    if s.files_ignored > 0 {
        writeln!(
            out,
            "ignored {} files that are not article files ({})",
            s.files_ignored,
            ingest::EXTENSIONS
        )?;
    }
    if !args.include.is_empty() || !args.exclude.is_empty() {
        let globs: Vec<String> = args
            .include
            .iter()
            .map(|g| format!("--include {}", crate::terminal::visible(g)))
            .chain(
                args.exclude
                    .iter()
                    .map(|g| format!("--exclude {}", crate::terminal::visible(g))),
            )
            .collect();
        let s_ = if s.files_excluded == 1 { "" } else { "s" };
        writeln!(
            out,
            "excluded {} article file{s_} by {}",
            s.files_excluded,
            globs.join(" ")
        )?;
    }
    if s.interrupted {
        writeln!(
            out,
            "interrupted: what was read so far is committed; run again to finish"
        )?;
    }
    writeln!(
        out,
        "index {}: {} articles",
        index_dir.display(),
        s.index_articles
    )?;
    Ok(())
}
