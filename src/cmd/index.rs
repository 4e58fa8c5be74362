//! `newsidx index`: files -> parse -> clean -> extract -> index, bringing
//! the index in line with the files.
//!
//! rayon workers read, parse and enrich files; a bounded channel hands the
//! results to the one `IndexWriter` on this thread, which commits every few
//! seconds (so a crash loses at most the last interval) and at the end.
//! A file whose size and modification time are unchanged since the last
//! run is not read again; one whose content hash is unchanged is not
//! parsed again. Articles of files that are gone are removed.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use rayon::prelude::*;
use serde::Serialize;
use tantivy::{Index, IndexReader, IndexWriter, ReloadPolicy, Searcher, Term};

use crate::article::{Article, Problem, Severity};
use crate::cli::IndexArgs;
use crate::exit::Exit;
use crate::extract::Enricher;
use crate::index::dedup::Deduper;
use crate::index::document::to_document;
use crate::index::manifest::{self, FileState, Manifest};
use crate::index::merge::{self, BoundedMerges};
use crate::index::store::Store;
use crate::ingest::walk::{self, FileInfo};
use crate::ingest::{self, Parsed};
use crate::progress;

/// Problems of one kind printed in full before they are only counted.
const SHOWN_PER_KIND: usize = 20;

/// Set by Ctrl-C: workers stop taking files, the writer commits and stops.
pub static INTERRUPTED: AtomicBool = AtomicBool::new(false);

/// How an index run goes.
#[derive(Debug, Clone)]
pub struct Options {
    pub threads: usize,
    pub memory_mb: u32,
    pub quiet: bool,
    /// Keep the articles of files that no longer exist.
    pub keep_deleted: bool,
    /// How often a long run commits what it has.
    pub commit_interval: Duration,
}

/// What an index run did, for the summary.
#[derive(Debug, Default, Serialize)]
pub struct Summary {
    pub files_read: usize,
    pub articles_indexed: usize,
    pub bytes_read: u64,
    /// Bytes of text after decompression.
    pub text_bytes: u64,
    pub files_new: usize,
    pub files_changed: usize,
    pub files_unchanged: usize,
    pub files_removed: usize,
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

pub fn run(index_dir: &Path, args: &IndexArgs) -> Result<Exit> {
    let roots = walk::resolve_roots(&args.paths)?;
    let options = Options {
        threads: args
            .threads
            .map(usize::from)
            .unwrap_or_else(|| std::thread::available_parallelism().map_or(2, |n| n.get().min(8))),
        memory_mb: args.memory_mb,
        quiet: args.quiet,
        keep_deleted: args.keep_deleted,
        commit_interval: Duration::from_secs(args.commit_interval),
    };
    let _ = ctrlc::set_handler(|| INTERRUPTED.store(true, Ordering::SeqCst));
    let summary = index_roots(index_dir, roots, &options)?;
    print_summary(&summary, index_dir)?;
    Ok(if summary.interrupted {
        Exit::Interrupted
    } else if summary.skipped_total() > 0 {
        Exit::Skipped
    } else {
        Exit::Success
    })
}

/// Articles handed to the writer at a time.
const BATCH: usize = 256;

/// What a worker sends the writer.
enum Work {
    /// Some articles of a new or changed file, enriched.
    Articles {
        path: String,
        articles: Vec<Article>,
    },
    /// A file fully parsed: its new state and what went wrong.
    Done {
        parsed: Parsed,
        state: FileState,
        new: bool,
    },
    /// Same bytes as before: only its recorded time changes.
    Unchanged(FileState),
    /// Could not be read at all.
    Unreadable(Problem),
}

/// Brings the index in `index_dir` in line with the files under `roots`.
pub fn index_roots(index_dir: &Path, roots: Vec<PathBuf>, options: &Options) -> Result<Summary> {
    let start = Instant::now();
    let store = Store::open_or_create(index_dir)?;
    let fields = store.fields;
    // Take the writer's lock first, so a second run fails at once.
    let mut writer: IndexWriter = store
        .index
        .writer_with_num_threads(options.threads, options.memory_mb as usize * 1_000_000)
        .map_err(|err| match err {
            tantivy::TantivyError::LockFailure(..) => anyhow::anyhow!(
                "another newsidx run is indexing into {}; wait for it to finish",
                index_dir.display()
            ),
            other => anyhow::Error::new(other).context("cannot open the index for writing"),
        })?;
    writer.set_merge_policy(Box::new(BoundedMerges::new(merge::MAX_MERGE_DOCS)));
    let mut manifest = Manifest::load(index_dir)?;
    let found = walk::walk(roots)?;
    let mut summary = Summary {
        files_ignored: found.ignored,
        ..Summary::default()
    };
    let mut reporter = Reporter::default();
    let bar = progress::bytes_bar(0, true);
    for problem in &found.problems {
        reporter.report(problem, &mut summary, &bar);
    }

    // Files that may have articles in the index: only these need their
    // old articles deleted. Into a fresh index, no file does, and a
    // delete costs memory until the next commit and time at each flush.
    // The recorded files are needed only to plan the run; new states go
    // to the log, so memory does not grow with the files indexed.
    let recorded = std::mem::take(&mut manifest.files);
    let mut held: HashSet<String> = recorded.keys().cloned().collect();
    held.extend(indexed_paths(&store)?);
    // Files that are gone: in the file list or the index, under a root
    // walked, and not found now.
    let mut removed = Vec::new();
    if !options.keep_deleted && !held.is_empty() {
        let present: HashSet<String> = found.files.iter().map(|f| path_text(&f.path)).collect();
        // A folder that could not be read this time hides its files: they
        // are not gone, so their articles stay.
        let unread: Vec<&Path> = found.problems.iter().map(|p| p.path.as_path()).collect();
        for path in &held {
            let path_ref = Path::new(path);
            let under_root = found.roots.iter().any(|r| path_ref.starts_with(r));
            let hidden = unread.iter().any(|u| path_ref.starts_with(u));
            if under_root && !hidden && !present.contains(path) {
                writer.delete_term(Term::from_field_text(fields.path, path));
                removed.push(path.clone());
            }
        }
        removed.sort();
        summary.files_removed = removed.len();
    }

    // Files whose size and time are as recorded are not read at all.
    let mut todo: Vec<(FileInfo, Option<FileState>)> = Vec::new();
    for info in found.files {
        let known = recorded.get(&path_text(&info.path)).cloned();
        match &known {
            Some(k) if k.size == info.size && k.mtime == info.mtime => summary.files_unchanged += 1,
            _ => todo.push((info, known)),
        }
    }
    drop(recorded);

    let total_bytes = todo.iter().map(|(f, _)| f.size).sum();
    let bar = progress::bytes_bar(total_bytes, options.quiet);
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(options.threads)
        .build()
        .context("cannot start worker threads")?;
    let enricher = Enricher::embedded();
    let (tx, rx) = crossbeam_channel::bounded::<Work>(options.threads * 4);
    let mut pending: Vec<FileState> = Vec::new();
    let mut deduper = Deduper::new(fields, committed_searcher(index_dir)?);
    let mut last_commit = Instant::now();
    std::thread::scope(|scope| -> Result<()> {
        scope.spawn(|| {
            pool.install(|| {
                todo.par_iter().for_each_with(tx, |tx, (info, known)| {
                    if INTERRUPTED.load(Ordering::Relaxed) {
                        return;
                    }
                    let done = work_on(info, known.as_ref(), &enricher, tx);
                    // The receiver only goes away on a fatal error.
                    let _ = tx.send(done);
                });
            });
        });
        // Files whose old articles are already deleted in this run.
        let mut started: HashSet<String> = HashSet::new();
        for work in rx {
            match work {
                Work::Unchanged(state) => {
                    summary.files_unchanged += 1;
                    bar.inc(state.size);
                    pending.push(state);
                }
                Work::Unreadable(problem) => reporter.report(&problem, &mut summary, &bar),
                Work::Articles { path, articles } => {
                    // Whatever the file held before goes; what it holds now
                    // comes in (added after the delete, so it stays).
                    if started.insert(path.clone()) && held.contains(&path) {
                        writer.delete_term(Term::from_field_text(fields.path, &path));
                    }
                    for article in &articles {
                        let group = deduper.assign(article.signature.as_ref(), &article.key)?;
                        writer.add_document(to_document(article, &fields, &group))?;
                    }
                    summary.articles_indexed += articles.len();
                }
                Work::Done { parsed, state, new } => {
                    if !started.remove(&state.path) && held.contains(&state.path) {
                        writer.delete_term(Term::from_field_text(fields.path, &state.path));
                    }
                    if new {
                        summary.files_new += 1;
                    } else {
                        summary.files_changed += 1;
                    }
                    summary.files_read += 1;
                    summary.bytes_read += parsed.bytes;
                    summary.text_bytes += parsed.text_bytes;
                    bar.inc(parsed.bytes);
                    for problem in &parsed.problems {
                        reporter.report(problem, &mut summary, &bar);
                    }
                    pending.push(state);
                }
            }
            if last_commit.elapsed() >= options.commit_interval {
                writer.commit().context("cannot commit to the index")?;
                manifest.append(&pending, &removed)?;
                pending.clear();
                removed.clear();
                deduper.committed(committed_searcher(index_dir)?);
                last_commit = Instant::now();
            }
        }
        Ok(())
    })?;
    drop(deduper);
    summary.interrupted = INTERRUPTED.load(Ordering::SeqCst);
    bar.set_message("committing");
    writer.commit().context("cannot commit to the index")?;
    manifest.append(&pending, &removed)?;
    writer
        .wait_merging_threads()
        .context("cannot finish merging index segments")?;
    manifest.compact()?;
    bar.finish_and_clear();
    reporter.finish(&summary);
    summary.index_articles = committed_searcher(index_dir)?.num_docs();
    summary.seconds = start.elapsed().as_secs_f64();
    Ok(summary)
}

/// Reads a file and sends its articles to the writer in batches, unless
/// its bytes are the same as last time.
fn work_on(
    info: &FileInfo,
    known: Option<&FileState>,
    enricher: &Enricher,
    tx: &crossbeam_channel::Sender<Work>,
) -> Work {
    let path = path_text(&info.path);
    if let Some(known) = known {
        match manifest::hash_file(&info.path) {
            Ok((hash, size)) if hash == known.hash => {
                return Work::Unchanged(FileState {
                    path,
                    size,
                    mtime: info.mtime,
                    hash,
                    articles: known.articles,
                });
            }
            Ok(_) => {}
            Err(err) => {
                return Work::Unreadable(Problem::skipped(
                    &info.path,
                    None,
                    "unreadable",
                    format!("cannot read file: {err}"),
                ));
            }
        }
    }
    let mut batch = Vec::new();
    let send = |batch: &mut Vec<Article>| {
        // A file may hold thousands of articles: enrich them in parallel.
        batch.par_iter_mut().for_each(|a| enricher.enrich(a));
        // The receiver only goes away on a fatal error.
        let _ = tx.send(Work::Articles {
            path: path.clone(),
            articles: std::mem::take(batch),
        });
    };
    let parsed = ingest::parse_file(&info.path, &mut |article| {
        batch.push(article);
        if batch.len() >= BATCH {
            send(&mut batch);
        }
    });
    if !batch.is_empty() {
        send(&mut batch);
    }
    let state = FileState {
        path: path.clone(),
        size: parsed.bytes,
        mtime: info.mtime,
        hash: parsed.hash.clone(),
        articles: parsed.articles,
    };
    Work::Done {
        parsed,
        state,
        new: known.is_none(),
    }
}

/// A searcher over the index as committed, through memory maps of its
/// own (for near-duplicate lookups, and the final count). Near-duplicate
/// lookups touch pages all over the band keys' term
/// dictionaries, and merges read whole segments: a map kept for the whole
/// run would keep every page ever touched resident, growing with the
/// archive. Replaced at each commit, these maps hold only what one commit
/// interval touched, and the writer's maps go when its merges end.
fn committed_searcher(index_dir: &Path) -> Result<Searcher> {
    let index = Index::open_in_dir(index_dir).context("cannot read the index")?;
    let reader: IndexReader = index
        .reader_builder()
        .reload_policy(ReloadPolicy::Manual)
        .try_into()
        .context("cannot read the index")?;
    Ok(reader.searcher())
}

/// The path as stored in the index and the file list.
fn path_text(path: &Path) -> String {
    path.to_string_lossy().into_owned()
}

/// Every file path the index holds articles from.
fn indexed_paths(store: &Store) -> Result<HashSet<String>> {
    let reader = store.index.reader().context("cannot read the index")?;
    let searcher = reader.searcher();
    let mut paths = HashSet::new();
    for segment in searcher.segment_readers() {
        let inverted = segment
            .inverted_index(store.fields.path)
            .context("cannot read the index")?;
        let mut stream = inverted.terms().stream().context("cannot read the index")?;
        while stream.advance() {
            paths.insert(String::from_utf8_lossy(stream.key()).into_owned());
        }
    }
    Ok(paths)
}

/// Prints problems on stderr: the first few of each kind, then a count.
#[derive(Default)]
struct Reporter {
    shown: HashMap<&'static str, usize>,
}

impl Reporter {
    fn report(&mut self, p: &Problem, summary: &mut Summary, bar: &indicatif::ProgressBar) {
        let counts = match p.severity {
            Severity::Skipped => &mut summary.skipped,
            Severity::Warning => &mut summary.warnings,
        };
        *counts.entry(p.kind).or_default() += 1;
        let shown = self.shown.entry(p.kind).or_default();
        if *shown < SHOWN_PER_KIND {
            *shown += 1;
            bar.suspend(|| eprintln!("newsidx: {p}"));
        }
    }

    fn finish(&self, summary: &Summary) {
        for (kind, count) in summary.skipped.iter().chain(&summary.warnings) {
            let shown = self.shown.get(kind).copied().unwrap_or(0);
            if *count > shown {
                eprintln!("newsidx: ... and {} more: {kind}", count - shown);
            }
        }
    }
}

fn print_summary(s: &Summary, index_dir: &Path) -> Result<()> {
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
