//! Where `export` and `push` get their documents: files, through the
//! pipeline of `index` (walk, parse, clean, extract, near-duplicate
//! groups), or the articles an index stores.
//!
//! Both hand documents on in batches, in a fixed order, with memory
//! bounded whatever the archive's size:
//!
//! - Files: one thread reads and parses the files in path order into
//!   batches of articles (crossing file boundaries, so many small files
//!   still make full batches); rayon enriches each batch in parallel; the
//!   groups are given in order (`index::dedup::Deduper`, over a scratch
//!   index of signatures in a temporary folder, committed every
//!   [`DEDUP_COMMIT`] articles); rayon serialises the batch. Two batches
//!   wait at most between reading and enriching.
//! - An index: segment by segment, documents in id order, read in
//!   parallel a batch at a time. The band keys, which the index keeps only
//!   as indexed terms, are gathered for [`WINDOW`] documents at a time.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::Instant;

use anyhow::{Context, Result, bail};
use indicatif::ProgressBar;
use rayon::prelude::*;
use tantivy::schema::{IndexRecordOption, Value};
use tantivy::{
    DocAddress, DocId, DocSet, IndexReader, IndexWriter, ReloadPolicy, SegmentReader,
    TantivyDocument,
};

use crate::article::Article;
use crate::extract::Enricher;
use crate::index::dedup::Deduper;
use crate::index::document::{Stored, to_document};
use crate::index::manifest;
use crate::index::report::Reporter;
use crate::index::schema::Fields;
use crate::index::store::Store;
use crate::ingest::walk::{self, FileInfo, Found};
use crate::ingest::{self, Parsed};
use crate::remote::document::{self, Doc, FileMark};
use crate::{interrupt, progress};

/// Articles enriched at a time.
const BATCH: usize = 256;
/// Text enriched at a time, at most (plus one article).
const BATCH_BYTES: usize = 4 << 20;
/// Articles between commits of the scratch index of signatures: what the
/// near-duplicate lookups hold in memory.
pub const DEDUP_COMMIT: usize = 20_000;
/// Documents of a segment whose band keys are gathered at once (about
/// 300 bytes each).
pub const WINDOW: u32 = 1 << 16;

/// What to export.
#[derive(Debug, Clone, PartialEq)]
pub enum Source {
    /// Files and folders, read as `index` reads them.
    Files(Vec<PathBuf>),
    /// The articles stored in an index.
    Index(PathBuf),
}

/// How documents are made.
#[derive(Debug, Clone)]
pub struct Options {
    /// The index named in each action line.
    pub index_name: String,
    /// Worker threads.
    pub threads: usize,
    /// Draw a progress bar on stderr (when it is a terminal).
    pub progress: bool,
}

/// One document, ready to send: its key and its two bulk lines.
#[derive(Debug, Clone)]
pub struct Line {
    pub key: String,
    pub bytes: Vec<u8>,
}

/// What a run read, for the summary.
#[derive(Debug, Default)]
pub struct Summary {
    pub articles: usize,
    pub files_read: usize,
    pub bytes_read: u64,
    pub text_bytes: u64,
    /// Files found whose type is not an article format.
    pub files_ignored: usize,
    /// Skipped files or records, by reason.
    pub skipped: BTreeMap<&'static str, usize>,
    /// Warnings (article still exported), by reason.
    pub warnings: BTreeMap<&'static str, usize>,
    pub seconds: f64,
    /// Stopped by Ctrl-C.
    pub interrupted: bool,
}

impl Summary {
    pub fn skipped_total(&self) -> usize {
        self.skipped.values().sum()
    }
}

/// Takes the documents, a batch at a time, in order; the bar is the run's
/// (for printing around it). An error stops the run.
pub type Sink<'a> = dyn FnMut(Vec<Line>, &ProgressBar) -> Result<()> + 'a;

impl Source {
    /// Checks that what is to be read is there, before anything is
    /// written or sent: a mistyped path or index is an error.
    pub fn check(&self) -> Result<()> {
        match self {
            Source::Files(paths) => resolve(paths).map(drop),
            Source::Index(dir) => Store::open(dir).map(drop),
        }
    }

    /// Makes every document and hands them to `sink`.
    pub fn run(&self, options: &Options, sink: &mut Sink<'_>) -> Result<Summary> {
        match self {
            Source::Files(paths) => run_found(find(paths)?, options, sink),
            Source::Index(dir) => timed(options, |pool| from_index(dir, options, pool, sink)),
        }
    }
}

/// The article files under `paths`, as `index` finds them.
pub fn find(paths: &[PathBuf]) -> Result<Found> {
    walk::walk(resolve(paths)?)
}

/// Makes the documents of the files a walk found (or some of them: an
/// incremental push drops those the cluster has) and hands them to
/// `sink`.
pub fn run_found(found: Found, options: &Options, sink: &mut Sink<'_>) -> Result<Summary> {
    timed(options, |pool| from_files(found, options, pool, sink))
}

/// Runs `work` on a pool of the threads asked for, and times it.
fn timed(
    options: &Options,
    work: impl FnOnce(&rayon::ThreadPool) -> Result<Summary>,
) -> Result<Summary> {
    let start = Instant::now();
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(options.threads)
        .build()
        .context("cannot start worker threads")?;
    let mut summary = work(&pool)?;
    summary.interrupted = interrupt::requested();
    summary.seconds = start.elapsed().as_secs_f64();
    Ok(summary)
}

/// The canonical paths; an error names one that does not exist.
fn resolve(paths: &[PathBuf]) -> Result<Vec<PathBuf>> {
    paths
        .iter()
        .map(|path| {
            path.canonicalize()
                .with_context(|| format!("cannot read {}", path.display()))
        })
        .collect()
}

/// What the reading thread hands on, in order.
enum Read {
    /// Articles as parsed, not yet enriched, each with the state of its
    /// file.
    Articles(Vec<Article>, Vec<Option<std::sync::Arc<FileMark>>>),
    /// A file read to its end (or as far as it could be).
    File(Parsed),
}

fn from_files(
    found: Found,
    options: &Options,
    pool: &rayon::ThreadPool,
    sink: &mut Sink<'_>,
) -> Result<Summary> {
    let mut summary = Summary {
        files_ignored: found.ignored,
        ..Summary::default()
    };
    let mut reporter = Reporter::default();
    let total_bytes = found.files.iter().map(|f| f.size).sum();
    let bar = progress::bytes_bar(total_bytes, !options.progress);
    for problem in &found.problems {
        reporter.report(problem, &bar);
    }
    let enricher = Enricher::embedded();
    let mut groups = Groups::new()?;
    let (tx, rx) = crossbeam_channel::bounded::<Read>(2);
    let files = found.files;
    std::thread::scope(|scope| -> Result<()> {
        scope.spawn(move || read_files(&files, &tx));
        for read in rx {
            match read {
                Read::Articles(mut batch, marks) => {
                    pool.install(|| batch.par_iter_mut().for_each(|a| enricher.enrich(a)));
                    let assigned = batch
                        .iter()
                        .map(|a| groups.assign(a))
                        .collect::<Result<Vec<String>>>()?;
                    let lines = pool.install(|| {
                        batch
                            .par_iter()
                            .zip(&assigned)
                            .zip(&marks)
                            .map(|((a, group), mark)| {
                                line(&Doc::from_article(a, group, mark.as_deref()), options)
                            })
                            .collect()
                    });
                    summary.articles += batch.len();
                    sink(lines, &bar)?;
                }
                Read::File(parsed) => {
                    summary.files_read += 1;
                    summary.bytes_read += parsed.bytes;
                    summary.text_bytes += parsed.text_bytes;
                    bar.inc(parsed.bytes);
                    for problem in &parsed.problems {
                        reporter.report(problem, &bar);
                    }
                }
            }
        }
        Ok(())
    })?;
    bar.finish_and_clear();
    reporter.finish();
    summary.skipped = reporter.skipped;
    summary.warnings = reporter.warnings;
    Ok(summary)
}

/// Parses the files in order, handing their articles on in batches; stops
/// when the receiver goes (an error downstream) or on Ctrl-C.
///
/// Each file is hashed before it is parsed (a second read, mostly from the
/// page cache): its articles carry the hash, so that an incremental push
/// can tell later whether the file changed. A file that changes between
/// the two reads carries the older hash, and is sent again next time. A
/// file's articles are held until it is read to its end, so that each
/// carries their number (a push that stopped in the middle of a file
/// leaves fewer); a file of more than [`FILE_HELD`] bytes of text goes on
/// as it is read, without the number.
fn read_files(files: &[FileInfo], tx: &crossbeam_channel::Sender<Read>) {
    let mut out = Batcher {
        tx,
        batch: Vec::new(),
        marks: Vec::new(),
        bytes: 0,
        open: true,
    };
    for info in files {
        if !out.open || interrupt::requested() {
            return;
        }
        let hashed = manifest::hash_file(&info.path).ok();
        let mark = |articles: Option<u64>| {
            hashed.as_ref().map(|(hash, size)| {
                std::sync::Arc::new(FileMark {
                    hash: hash.clone(),
                    size: *size,
                    mtime: info.mtime,
                    articles,
                })
            })
        };
        let uncounted = mark(None);
        let mut held: Vec<Article> = Vec::new();
        let mut held_bytes = 0;
        let mut spilled = false;
        let parsed = ingest::parse_file(&info.path, &mut |article| {
            if !out.open {
                return;
            }
            if spilled {
                out.push(article, uncounted.clone());
                return;
            }
            held_bytes += article.title.len() + article.body.len();
            held.push(article);
            if held_bytes > FILE_HELD {
                spilled = true;
                for article in held.drain(..) {
                    out.push(article, uncounted.clone());
                }
            }
        });
        if interrupt::requested() {
            // Read in part: what was read goes on, but the file's
            // "problem" is only the stop.
            if !spilled {
                let counted = mark(Some(u64::MAX));
                for article in held {
                    out.push(article, counted.clone());
                }
            }
            break;
        }
        let counted = mark(Some(held.len() as u64));
        for article in held {
            out.push(article, counted.clone());
        }
        out.open = out.open && tx.send(Read::File(parsed)).is_ok();
    }
    if out.open && !out.batch.is_empty() {
        let _ = tx.send(Read::Articles(out.batch, out.marks));
    }
}

/// A file's text held at most until it is read to its end.
const FILE_HELD: usize = 64 << 20;

/// Articles gathered into batches for the enriching threads.
struct Batcher<'a> {
    tx: &'a crossbeam_channel::Sender<Read>,
    batch: Vec<Article>,
    marks: Vec<Option<std::sync::Arc<FileMark>>>,
    bytes: usize,
    /// False once the receiver is gone.
    open: bool,
}

impl Batcher<'_> {
    fn push(&mut self, article: Article, mark: Option<std::sync::Arc<FileMark>>) {
        if !self.open {
            return;
        }
        self.bytes += article.title.len() + article.body.len();
        self.batch.push(article);
        self.marks.push(mark);
        if self.batch.len() >= BATCH || self.bytes >= BATCH_BYTES {
            let full = Read::Articles(
                std::mem::take(&mut self.batch),
                std::mem::take(&mut self.marks),
            );
            self.open = self.tx.send(full).is_ok();
            self.bytes = 0;
        }
    }
}

/// A document's bulk lines.
fn line(doc: &Doc, options: &Options) -> Line {
    let mut bytes = Vec::with_capacity(doc.title.len() + doc.body.len() + 1024);
    doc.write_bulk(&options.index_name, &mut bytes);
    Line {
        key: doc.key.clone(),
        bytes,
    }
}

/// Near-duplicate groups without the user's index: the `Deduper` of an
/// index run, over a scratch index in a temporary folder that holds only
/// signatures, band keys and groups. The groups are those `index` gives
/// when it reads the articles in the same order.
struct Groups {
    fields: Fields,
    writer: IndexWriter,
    reader: IndexReader,
    deduper: Deduper,
    /// Articles with a signature since the last commit.
    pending: usize,
    /// Removed (with the scratch index) when the run ends.
    _dir: tempfile::TempDir,
}

impl Groups {
    fn new() -> Result<Groups> {
        let dir = tempfile::Builder::new()
            .prefix("newsidx-export-")
            .tempdir()
            .context("cannot create a temporary folder for near-duplicate lookups")?;
        let store = Store::open_or_create(dir.path())?;
        let writer = store
            .index
            .writer_with_num_threads(1, 32_000_000)
            .context("cannot write the scratch index of near-duplicate lookups")?;
        let reader: IndexReader = store
            .index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()
            .context("cannot read the scratch index of near-duplicate lookups")?;
        Ok(Groups {
            fields: store.fields,
            deduper: Deduper::new(store.fields, reader.searcher()),
            writer,
            reader,
            pending: 0,
            _dir: dir,
        })
    }

    /// The group of the next article, in order.
    fn assign(&mut self, a: &Article) -> Result<String> {
        let group = self.deduper.assign(a.signature.as_ref(), &a.key)?;
        if a.signature.is_some() {
            // Only what the lookups read: signature, band keys, group.
            let lookup = Article {
                key: a.key.clone(),
                signature: a.signature.clone(),
                ..Article::default()
            };
            self.writer
                .add_document(to_document(&lookup, &self.fields, &group))
                .context("cannot write the scratch index of near-duplicate lookups")?;
            self.pending += 1;
            if self.pending >= DEDUP_COMMIT {
                self.writer
                    .commit()
                    .context("cannot commit the scratch index of near-duplicate lookups")?;
                self.reader
                    .reload()
                    .context("cannot read the scratch index of near-duplicate lookups")?;
                self.deduper.committed(self.reader.searcher());
                self.pending = 0;
            }
        }
        Ok(group)
    }
}

fn from_index(
    dir: &std::path::Path,
    options: &Options,
    pool: &rayon::ThreadPool,
    sink: &mut Sink<'_>,
) -> Result<Summary> {
    let store = Store::open(dir)?;
    let reader: IndexReader = store
        .index
        .reader_builder()
        .reload_policy(ReloadPolicy::Manual)
        .try_into()
        .context("cannot read the index")?;
    let searcher = reader.searcher();
    let fields = store.fields;
    // The files' states as the index's file list records them.
    let files = manifest::Manifest::load(dir)?.files;
    let bar = progress::articles_bar(searcher.num_docs(), !options.progress);
    let mut summary = Summary::default();
    for (ord, segment) in searcher.segment_readers().iter().enumerate() {
        let fast = segment.fast_fields();
        let minhash = fast.bytes("minhash").context("cannot read the index")?;
        let name_words = fast.str("name_words").context("cannot read the index")?;
        let alive = segment.alive_bitset();
        let max = segment.max_doc();
        for start in (0..max).step_by(WINDOW as usize) {
            let end = max.min(start + WINDOW);
            let bands = window_bands(segment, &fields, start, end)?;
            let docs: Vec<DocId> = (start..end)
                .filter(|&doc| alive.is_none_or(|a| a.is_alive(doc)))
                .collect();
            for chunk in docs.chunks(BATCH) {
                if interrupt::requested() {
                    break;
                }
                let lines = pool.install(|| {
                    chunk
                        .par_iter()
                        .map(|&doc| -> Result<Line> {
                            let stored: TantivyDocument = searcher
                                .doc(DocAddress::new(ord as u32, doc))
                                .context("cannot read an article of the index")?;
                            let s = Stored::from_document(&stored, &fields);
                            let key = stored
                                .get_first(fields.key)
                                .and_then(|v| v.as_str())
                                .unwrap_or_default()
                                .to_owned();
                            let mut words = Vec::new();
                            if let Some(column) = &name_words {
                                for term in column.term_ords(doc) {
                                    let mut word = String::new();
                                    if column.ord_to_str(term, &mut word)? {
                                        words.push(word);
                                    }
                                }
                            }
                            let mut signature = None;
                            if let Some(column) = &minhash
                                && let Some(term) = column.ords().first(doc)
                            {
                                let mut bytes = Vec::new();
                                if column.ord_to_bytes(term, &mut bytes)? {
                                    signature = Some(document::minhash_text(&bytes));
                                }
                            }
                            let file = files.get(&s.path);
                            let doc = Doc {
                                id: s.id,
                                key,
                                file_hash: file.map(|f| f.hash.clone()),
                                file_size: file.map(|f| f.size),
                                file_mtime: file.map(|f| f.mtime),
                                file_articles: file.map(|f| f.articles as u64),
                                path: s.path,
                                title: s.title,
                                body: s.body,
                                people: s.people,
                                topics: s.topics,
                                source: s.source,
                                name_words: document::sorted(words),
                                url: s.url,
                                date: s.date.map(|d| document::date_text(d.as_second())),
                                group: s.group,
                                minhash: signature,
                                dup_band: document::bands(bands[(doc - start) as usize].clone()),
                            };
                            Ok(line(&doc, options))
                        })
                        .collect::<Result<Vec<Line>>>()
                })?;
                summary.articles += lines.len();
                bar.inc(lines.len() as u64);
                sink(lines, &bar)?;
            }
        }
    }
    bar.finish_and_clear();
    Ok(summary)
}

/// The band keys of the documents `start..end` of a segment: the index
/// keeps them only as terms, so every term's postings are read for the
/// documents in the window.
fn window_bands(
    segment: &SegmentReader,
    fields: &Fields,
    start: DocId,
    end: DocId,
) -> Result<Vec<Vec<u64>>> {
    let mut out = vec![Vec::new(); (end - start) as usize];
    let inverted = segment
        .inverted_index(fields.dup_band)
        .context("cannot read the index")?;
    let mut terms = inverted.terms().stream().context("cannot read the index")?;
    while terms.advance() {
        let Ok(key) = <[u8; 8]>::try_from(terms.key()) else {
            bail!("the index holds a band key that is not 8 bytes long (damaged?)");
        };
        let key = u64::from_be_bytes(key);
        let mut postings = inverted
            .read_postings_from_terminfo(terms.value(), IndexRecordOption::Basic)
            .context("cannot read the index")?;
        let mut doc = postings.doc();
        if doc < start {
            doc = postings.seek(start);
        }
        while doc < end {
            out[(doc - start) as usize].push(key);
            doc = postings.advance();
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::minhash::Signature;

    /// Band keys gathered window by window are those of one pass, whatever
    /// the window's size (the seek into each term's postings).
    #[test]
    fn band_keys_are_the_same_in_any_windows() {
        let store = Store::create_in_ram().unwrap();
        let mut writer: IndexWriter = store.index.writer(15_000_000).unwrap();
        for n in 0..40 {
            let body = format!(
                "Story number {n} tells of the harbour, the ships that came in on day {n}, \
                 the cargo they carried and the {} sailors who brought them home.",
                n * 7
            );
            let article = Article {
                key: format!("k{n}"),
                signature: (n % 5 != 0).then(|| Signature::of(&body)).flatten(),
                body,
                ..Article::default()
            };
            writer
                .add_document(to_document(&article, &store.fields, "g"))
                .unwrap();
        }
        writer.commit().unwrap();
        let searcher = store.index.reader().unwrap().searcher();
        let segment = &searcher.segment_readers()[0];
        let max = segment.max_doc();
        let whole = window_bands(segment, &store.fields, 0, max).unwrap();
        assert!(whole.iter().filter(|b| !b.is_empty()).count() >= 30);
        for size in [1, 3, 7] {
            let mut pieces = Vec::new();
            for start in (0..max).step_by(size) {
                let end = max.min(start + size as u32);
                pieces.extend(window_bands(segment, &store.fields, start, end).unwrap());
            }
            assert_eq!(pieces, whole, "windows of {size}");
        }
    }
}
