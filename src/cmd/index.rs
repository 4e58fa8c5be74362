//! `newsidx index`: files -> parse -> clean -> extract -> index.
//!
//! rayon workers read, parse and enrich files; a bounded channel hands the
//! results to the one `IndexWriter` on this thread, which commits every few
//! seconds (so a crash loses at most the last interval) and at the end.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use rayon::prelude::*;
use serde::Serialize;
use tantivy::IndexWriter;

use crate::article::{Problem, Severity};
use crate::cli::IndexArgs;
use crate::document::{key_term, to_document};
use crate::exit::Exit;
use crate::extract::Enricher;
use crate::ingest::{self, FileResult};
use crate::progress;
use crate::store::Store;
use crate::walk;

/// How often a long run commits what it has.
const COMMIT_INTERVAL: Duration = Duration::from_secs(10);
/// Warnings of one kind printed in full before they are only counted.
const WARNINGS_SHOWN_PER_KIND: usize = 10;

/// Set by Ctrl-C: workers stop taking files, the writer commits and stops.
pub static INTERRUPTED: AtomicBool = AtomicBool::new(false);

/// What an index run did, for the summary.
#[derive(Debug, Default, Serialize)]
pub struct Summary {
    pub files_read: usize,
    pub articles_indexed: usize,
    pub bytes_read: u64,
    /// Bytes of text after decompression.
    pub text_bytes: u64,
    /// Files found whose type is not an article format.
    pub files_ignored: usize,
    /// Skipped files or records, by reason.
    pub skipped: BTreeMap<&'static str, usize>,
    /// Warnings (article still indexed), by reason.
    pub warnings: BTreeMap<&'static str, usize>,
    pub seconds: f64,
    pub interrupted: bool,
    /// Articles in the index after the run.
    pub index_articles: u64,
}

impl Summary {
    pub fn skipped_total(&self) -> usize {
        self.skipped.values().sum()
    }
}

pub fn run(index_dir: &std::path::Path, args: &IndexArgs) -> Result<Exit> {
    let found = walk::find_files(&args.paths)?;
    let store = Store::open_or_create(index_dir)?;
    let threads = args
        .threads
        .map(usize::from)
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(2, |n| n.get().min(8)));
    let _ = ctrlc::set_handler(|| INTERRUPTED.store(true, Ordering::SeqCst));
    let summary = index_files(&store, found, threads, args.memory_mb, args.quiet)?;
    print_summary(&summary, index_dir)?;
    Ok(if summary.interrupted {
        Exit::Interrupted
    } else if summary.skipped_total() > 0 {
        Exit::Skipped
    } else {
        Exit::Success
    })
}

/// Indexes the files found, reporting problems on stderr as they come.
pub fn index_files(
    store: &Store,
    found: walk::Found,
    threads: usize,
    memory_mb: u32,
    quiet: bool,
) -> Result<Summary> {
    let start = Instant::now();
    let fields = store.fields;
    let mut writer: IndexWriter = store
        .index
        .writer_with_num_threads(threads, memory_mb as usize * 1_000_000)
        .map_err(|err| match err {
            tantivy::TantivyError::LockFailure(..) => anyhow::anyhow!(
                "another newsidx run is writing to this index; wait for it to finish"
            ),
            other => anyhow::Error::new(other).context("cannot open the index for writing"),
        })?;
    let total_bytes = found.files.iter().map(|(_, size)| size).sum();
    let bar = progress::bytes_bar(total_bytes, quiet);
    let mut summary = Summary {
        files_ignored: found.ignored,
        ..Summary::default()
    };
    let mut reporter = Reporter::default();
    for problem in &found.problems {
        reporter.report(problem, &mut summary, &bar);
    }
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .context("cannot start worker threads")?;
    let enricher = Enricher::embedded();
    let (tx, rx) = crossbeam_channel::bounded::<FileResult>(threads * 4);
    let files: Vec<PathBuf> = found.files.into_iter().map(|(path, _)| path).collect();
    let mut last_commit = Instant::now();
    std::thread::scope(|scope| -> Result<()> {
        scope.spawn(|| {
            pool.install(|| {
                files.par_iter().for_each_with(tx, |tx, path| {
                    if INTERRUPTED.load(Ordering::Relaxed) {
                        return;
                    }
                    let mut result = ingest::read_file(path);
                    // A file may hold thousands of articles: enrich them
                    // in parallel too.
                    result
                        .articles
                        .par_iter_mut()
                        .for_each(|article| enricher.enrich(article));
                    // The receiver only goes away on a fatal error.
                    let _ = tx.send(result);
                });
            });
        });
        for result in rx {
            summary.files_read += 1;
            summary.bytes_read += result.bytes;
            summary.text_bytes += result.text_bytes;
            bar.inc(result.bytes);
            for problem in &result.problems {
                reporter.report(problem, &mut summary, &bar);
            }
            for article in &result.articles {
                writer.delete_term(key_term(&fields, &article.key));
                writer.add_document(to_document(article, &fields))?;
                summary.articles_indexed += 1;
            }
            if last_commit.elapsed() >= COMMIT_INTERVAL {
                writer.commit().context("cannot commit to the index")?;
                last_commit = Instant::now();
            }
        }
        Ok(())
    })?;
    summary.interrupted = INTERRUPTED.load(Ordering::SeqCst);
    bar.set_message("committing");
    writer.commit().context("cannot commit to the index")?;
    writer
        .wait_merging_threads()
        .context("cannot finish merging index segments")?;
    bar.finish_and_clear();
    reporter.finish(&summary);
    let reader = store.index.reader().context("cannot read the index")?;
    summary.index_articles = reader.searcher().num_docs();
    summary.seconds = start.elapsed().as_secs_f64();
    Ok(summary)
}

/// Prints problems on stderr: every skip, and the first few warnings of
/// each kind.
#[derive(Default)]
struct Reporter {
    shown: BTreeMap<&'static str, usize>,
}

impl Reporter {
    fn report(&mut self, p: &Problem, summary: &mut Summary, bar: &indicatif::ProgressBar) {
        let counts = match p.severity {
            Severity::Skipped => &mut summary.skipped,
            Severity::Warning => &mut summary.warnings,
        };
        *counts.entry(p.kind).or_default() += 1;
        let shown = self.shown.entry(p.kind).or_default();
        if p.severity == Severity::Skipped || *shown < WARNINGS_SHOWN_PER_KIND {
            *shown += 1;
            bar.suspend(|| eprintln!("newsidx: {p}"));
        }
    }

    fn finish(&self, summary: &Summary) {
        for (kind, count) in &summary.warnings {
            let shown = self.shown.get(kind).copied().unwrap_or(0);
            if *count > shown {
                eprintln!("newsidx: ... and {} more warnings: {kind}", count - shown);
            }
        }
    }
}

fn print_summary(s: &Summary, index_dir: &std::path::Path) -> Result<()> {
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
