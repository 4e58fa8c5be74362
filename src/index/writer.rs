//! The index run: files -> parse -> clean -> extract -> index, bringing
//! the index in line with the files.
//!
//! rayon workers read, parse and enrich files; a bounded channel hands the
//! results to the one `IndexWriter` on the calling thread, which commits
//! every few seconds (so a crash loses at most the last interval) and at
//! the end. A file whose size and modification time are unchanged since
//! the last run is not read again; one whose content hash is unchanged is
//! not parsed again. Articles of files that are gone are removed.
//!
//! On stderr a run draws a progress bar (if asked) and reports problems
//! (`index::report`); the summary it returns is for the caller to show.

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use indicatif::ProgressBar;
use rayon::prelude::*;
use serde::Serialize;
use tantivy::{Index, IndexReader, IndexWriter, ReloadPolicy, Searcher, Term};

use crate::article::{Article, Problem};
use crate::extract::Enricher;
use crate::index::dedup::Deduper;
use crate::index::document::to_document;
use crate::index::entities;
use crate::index::manifest::{self, FileState, Manifest};
use crate::index::merge::{self, BoundedMerges};
use crate::index::plan::{self, Plan, path_text};
use crate::index::readonly;
use crate::index::report::Reporter;
use crate::index::schema::Fields;
use crate::index::store::Store;
use crate::ingest::walk::{self, FileInfo};
use crate::ingest::{self, Parsed};
use crate::{interrupt, progress};

/// How an index run goes.
#[derive(Debug, Clone)]
pub struct Options {
    /// Worker threads, and the index writer's threads.
    pub threads: usize,
    /// The index writer's memory budget, in MB.
    pub memory_mb: u32,
    /// Draw a progress bar on stderr (when it is a terminal).
    pub progress: bool,
    /// Keep the articles of files that no longer exist.
    pub keep_deleted: bool,
    /// How often a long run commits what it has.
    pub commit_interval: Duration,
    /// Which files under the paths to take (`--include`, `--exclude`).
    pub select: walk::Select,
}

impl Options {
    /// Threads when none are asked for: one per CPU, at most 8.
    pub fn default_threads() -> usize {
        std::thread::available_parallelism().map_or(2, |n| n.get().min(8))
    }
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
    /// Article files left out by the include and exclude globs.
    pub files_excluded: usize,
    /// Skipped files or records, by reason.
    pub skipped: BTreeMap<&'static str, usize>,
    /// Warnings (article still indexed), by reason.
    pub warnings: BTreeMap<&'static str, usize>,
    pub seconds: f64,
    /// Stopped by Ctrl-C: what was read so far is committed.
    pub interrupted: bool,
    /// Articles in the index after the run.
    pub index_articles: u64,
}

impl Summary {
    pub fn skipped_total(&self) -> usize {
        self.skipped.values().sum()
    }
}

/// Indexes files into the index in one directory.
#[derive(Debug, Clone)]
pub struct Indexer {
    index_dir: PathBuf,
    options: Options,
}

impl Indexer {
    pub fn new(index_dir: impl Into<PathBuf>, options: Options) -> Indexer {
        Indexer {
            index_dir: index_dir.into(),
            options,
        }
    }

    /// Brings the index in line with the files under `paths` (files or
    /// folders), creating it if need be. A path that does not exist is an
    /// error, before anything is written.
    ///
    /// Stops early, with what was read so far committed, when
    /// [`interrupt::requested`].
    pub fn run(&self, paths: &[PathBuf]) -> Result<Summary> {
        let roots = walk::resolve_roots(paths)?;
        let start = Instant::now();
        let options = &self.options;
        let store = Store::open_or_create(&self.index_dir)?;
        // Take the writer's lock first, so a second run fails at once.
        let writer = self.open_writer(&store)?;
        let mut manifest = Manifest::load(&self.index_dir)?;
        let found = walk::walk_selected(roots, Some(&self.index_dir), &options.select)?;
        let mut summary = Summary {
            files_ignored: found.ignored,
            files_excluded: found.excluded,
            ..Summary::default()
        };
        let mut reporter = Reporter::default();
        let bar = progress::bytes_bar(0, true);
        for problem in &found.problems {
            reporter.report(problem, &bar);
        }

        // The recorded files are needed only to plan the run; new states
        // go to the log, so memory does not grow with the files indexed.
        let recorded = std::mem::take(&mut manifest.files);
        let Plan {
            held,
            removed,
            todo,
            unchanged,
        } = plan::plan(
            recorded,
            plan::indexed_paths(&store)?,
            found,
            options.keep_deleted,
        );
        for path in &removed {
            writer.delete_term(Term::from_field_text(store.fields.path, path));
        }
        summary.files_removed = removed.len();
        summary.files_unchanged = unchanged;

        let total_bytes = todo.iter().map(|(f, _)| f.size).sum();
        let bar = progress::bytes_bar(total_bytes, !options.progress);
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(options.threads)
            .build()
            .context("cannot start worker threads")?;
        let enricher = Enricher::embedded();
        let (tx, rx) = crossbeam_channel::bounded::<Work>(options.threads * 4);
        let mut run = Run {
            index_dir: &self.index_dir,
            fields: store.fields,
            writer,
            manifest,
            deduper: Deduper::new(store.fields, committed_searcher(&self.index_dir)?),
            summary,
            reporter,
            bar,
            held,
            started: HashSet::new(),
            pending: Vec::new(),
            removed,
            last_commit: Instant::now(),
        };
        std::thread::scope(|scope| -> Result<()> {
            scope.spawn(|| {
                pool.install(|| {
                    todo.par_iter().for_each_with(tx, |tx, (info, known)| {
                        if interrupt::requested() {
                            return;
                        }
                        let done = work_on(info, known.as_ref(), &enricher, tx);
                        // The receiver only goes away on a fatal error.
                        let _ = tx.send(done);
                    });
                });
            });
            for work in rx {
                run.take(work)?;
                if run.last_commit.elapsed() >= options.commit_interval {
                    run.commit()?;
                }
            }
            Ok(())
        })?;
        let mut summary = run.finish()?;
        summary.seconds = start.elapsed().as_secs_f64();
        Ok(summary)
    }

    /// The index writer, with the merges bounded.
    fn open_writer(&self, store: &Store) -> Result<IndexWriter> {
        let options = &self.options;
        let writer: IndexWriter = store
            .index
            .writer_with_num_threads(options.threads, options.memory_mb as usize * 1_000_000)
            .map_err(|err| match err {
                tantivy::TantivyError::LockFailure(..) => anyhow::anyhow!(
                    "another newsidx run is indexing into {}; wait for it to finish",
                    self.index_dir.display()
                ),
                other => anyhow::Error::new(other).context("cannot open the index for writing"),
            })?;
        writer.set_merge_policy(Box::new(BoundedMerges::new(merge::MAX_MERGE_DOCS)));
        Ok(writer)
    }
}

/// The writer's side of a run, once the plan is made.
struct Run<'a> {
    index_dir: &'a Path,
    fields: Fields,
    writer: IndexWriter,
    manifest: Manifest,
    deduper: Deduper,
    summary: Summary,
    reporter: Reporter,
    bar: ProgressBar,
    /// Files that may have articles in the index (see `Plan::held`).
    held: HashSet<String>,
    /// Files whose old articles are already deleted in this run.
    started: HashSet<String>,
    /// File states to log at the next commit.
    pending: Vec<FileState>,
    /// Files gone, to log at the next commit.
    removed: Vec<String>,
    last_commit: Instant,
}

impl Run<'_> {
    /// Takes what a worker sent.
    fn take(&mut self, work: Work) -> Result<()> {
        match work {
            Work::Unchanged(state) => {
                self.summary.files_unchanged += 1;
                self.bar.inc(state.size);
                self.pending.push(state);
            }
            Work::Unreadable(problem) => self.reporter.report(&problem, &self.bar),
            Work::Interrupted => {}
            Work::Articles { path, articles } => {
                // Whatever the file held before goes; what it holds now
                // comes in (added after the delete, so it stays).
                if self.started.insert(path.clone()) && self.held.contains(&path) {
                    self.delete_file(&path);
                }
                for article in &articles {
                    let group = self
                        .deduper
                        .assign(article.signature.as_ref(), &article.key)?;
                    self.writer
                        .add_document(to_document(article, &self.fields, &group))
                        .map_err(|err| {
                            write_error(self.index_dir, err, "cannot add to the index")
                        })?;
                }
                self.summary.articles_indexed += articles.len();
            }
            Work::Done { parsed, state, new } => {
                if !self.started.remove(&state.path) && self.held.contains(&state.path) {
                    self.delete_file(&state.path);
                }
                let summary = &mut self.summary;
                if new {
                    summary.files_new += 1;
                } else {
                    summary.files_changed += 1;
                }
                summary.files_read += 1;
                summary.bytes_read += parsed.bytes;
                summary.text_bytes += parsed.text_bytes;
                self.bar.inc(parsed.bytes);
                for problem in &parsed.problems {
                    self.reporter.report(problem, &self.bar);
                }
                self.pending.push(state);
            }
        }
        Ok(())
    }

    /// Deletes the articles of a file.
    fn delete_file(&self, path: &str) {
        self.writer
            .delete_term(Term::from_field_text(self.fields.path, path));
    }

    /// Commits what was added, then logs the files it came from.
    fn commit(&mut self) -> Result<()> {
        self.writer
            .commit()
            .map_err(|err| write_error(self.index_dir, err, "cannot commit to the index"))?;
        readonly::share_metadata(self.index_dir);
        self.manifest.append(&self.pending, &self.removed)?;
        self.pending.clear();
        self.removed.clear();
        self.deduper.committed(committed_searcher(self.index_dir)?);
        self.last_commit = Instant::now();
        Ok(())
    }

    /// The last commit, merges finished and the file list compacted.
    fn finish(self) -> Result<Summary> {
        let Run {
            index_dir,
            mut writer,
            manifest,
            deduper,
            mut summary,
            reporter,
            bar,
            pending,
            removed,
            ..
        } = self;
        // Its memory maps of the index go before the last merges read
        // whole segments.
        drop(deduper);
        summary.interrupted = interrupt::requested();
        bar.set_message("committing");
        writer
            .commit()
            .map_err(|err| write_error(index_dir, err, "cannot commit to the index"))?;
        manifest.append(&pending, &removed)?;
        writer
            .wait_merging_threads()
            .map_err(|err| write_error(index_dir, err, "cannot finish merging index segments"))?;
        readonly::share_metadata(index_dir);
        manifest.compact()?;
        bar.finish_and_clear();
        reporter.finish();
        summary.skipped = reporter.skipped;
        summary.warnings = reporter.warnings;
        summary.index_articles = committed_searcher(index_dir)?.num_docs();
        // What the archive now knows of its people holds for every
        // article, old and new; searches remake a missing table.
        if let Err(err) = entities::refresh(index_dir) {
            eprintln!("newsidx: warning: {err:#}");
        }
        Ok(summary)
    }
}

/// An error of the index writer, with its real cause when tantivy hides
/// it: a full disk kills the writer's threads, and tantivy then only says
/// "An index writer was killed".
fn write_error(index_dir: &Path, err: tantivy::TantivyError, what: &str) -> anyhow::Error {
    let text = format!("{err:?}");
    let full = text.contains("No space left") || text.contains("StorageFull") || {
        matches!(err, tantivy::TantivyError::ErrorInThread(_))
            && free_bytes(index_dir).is_some_and(|free| free < 64 << 20)
    };
    if full {
        let free = free_bytes(index_dir).map_or(String::new(), |b| {
            format!(" ({:.1} MB free)", b as f64 / 1e6)
        });
        return anyhow::anyhow!(
            "{what}: the disk holding {} is full{free}; free some space and run \
             again (what was committed before is kept)",
            index_dir.display()
        );
    }
    anyhow::Error::new(err).context(what.to_owned())
}

/// Space left for this user on the file system holding `dir`.
fn free_bytes(dir: &Path) -> Option<u64> {
    #[cfg(target_os = "linux")]
    {
        use std::os::unix::ffi::OsStrExt;
        let c = std::ffi::CString::new(dir.as_os_str().as_bytes()).ok()?;
        let mut st = std::mem::MaybeUninit::<libc::statvfs>::uninit();
        // SAFETY: `c` is a valid NUL-terminated path and `st` points to
        // writable memory of the right type; statvfs fills it on success.
        let ok = unsafe { libc::statvfs(c.as_ptr(), st.as_mut_ptr()) } == 0;
        // SAFETY: filled by the successful call above.
        ok.then(|| unsafe { st.assume_init() })
            .map(|st| st.f_bavail.saturating_mul(st.f_frsize))
    }
    #[cfg(not(target_os = "linux"))]
    {
        let _ = dir;
        None
    }
}

/// Articles handed to the writer at a time.
const BATCH: usize = 256;
/// Text handed to the writer at a time, at most (plus one article).
const BATCH_BYTES: usize = 4 << 20;

/// What a worker sends the writer.
enum Work {
    /// A file whose reading Ctrl-C stopped.
    Interrupted,
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
            Err(_) if interrupt::requested() => return Work::Interrupted,
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
    // Sent every BATCH articles, or sooner when their text is large: a
    // worker holds at most about one article's cap of text (16 MiB) more.
    let mut bytes = 0;
    let parsed = ingest::parse_file(&info.path, &mut |article| {
        bytes += article.title.len() + article.body.len();
        batch.push(article);
        if batch.len() >= BATCH || bytes >= BATCH_BYTES {
            send(&mut batch);
            bytes = 0;
        }
    });
    if !batch.is_empty() {
        send(&mut batch);
    }
    if interrupt::requested() {
        // Read in part: not recorded as done, so the next run reads it
        // again (replacing what was sent of it).
        return Work::Interrupted;
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
