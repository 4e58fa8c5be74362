//! `newsidx batch`: many queries on one open index, in parallel, answers in
//! input order, one machine-readable answer per query.

use std::fs::File;
use std::io::{self, BufRead, BufReader, BufWriter, Write};
use std::path::Path;

use anyhow::{Context, Result};
use rayon::prelude::*;

use crate::cli::{BatchArgs, BatchFormat};
use crate::exit::Exit;
use crate::output;
use crate::search::Request;
use crate::search::batch::{self, Answer, Entry};
use crate::terminal::visible;

/// Queries read and answered together: bounds memory on huge inputs
/// while keeping every core busy.
const CHUNK: usize = 2048;

pub fn run(index_dir: &Path, args: &BatchArgs) -> Result<Exit> {
    let backend = super::backend(index_dir, &args.remote)?;
    let defaults = Request {
        query: String::new(),
        plain: args.plain,
        matching: crate::search::Match::from_any(args.any),
        limit: args.limit,
        offset: 0,
        sort: Default::default(),
        filters: (&args.filters).into(),
        snippets: !args.no_snippets && args.format == BatchFormat::Jsonl,
        all: args.all,
    };
    let input: Box<dyn BufRead> = if args.input.as_os_str() == "-" {
        Box::new(BufReader::new(io::stdin()))
    } else {
        let file = File::open(&args.input)
            .with_context(|| format!("cannot read queries from {}", args.input.display()))?;
        Box::new(BufReader::new(file))
    };
    let mut builder = rayon::ThreadPoolBuilder::new();
    if let Some(n) = args.threads {
        builder = builder.num_threads(n.into());
    }
    let pool = builder.build().context("cannot start worker threads")?;
    let mut out = BufWriter::new(io::stdout().lock());
    let mut err = io::stderr().lock();
    let mut failed = false;
    if args.format == BatchFormat::Csv {
        output::csv::write_header(&mut out, true)?;
    }
    let mut chunk: Vec<Entry> = Vec::with_capacity(CHUNK);
    let mut lines = input.lines().enumerate();
    loop {
        chunk.clear();
        for (i, line) in lines.by_ref() {
            let line = match line {
                Ok(line) => line,
                Err(e) if e.kind() == io::ErrorKind::InvalidData => {
                    chunk.push(batch::unreadable_line(i + 1));
                    continue;
                }
                Err(e) => return Err(e).context("cannot read queries"),
            };
            if let Some(entry) = batch::parse_line(&line, i + 1, &defaults) {
                chunk.push(entry);
                if chunk.len() == CHUNK {
                    break;
                }
            }
        }
        if chunk.is_empty() {
            break;
        }
        let answers: Vec<Answer> = pool.install(|| {
            chunk
                .par_iter()
                .map(|e| batch::answer(e, |req| backend.search(req)))
                .collect()
        });
        for a in &answers {
            failed |= a.outcome.is_err();
            write_answer(&mut out, &mut err, args.format, defaults.snippets, a)?;
        }
        out.flush()?;
    }
    Ok(if failed { Exit::Error } else { Exit::Success })
}

/// Writes one answer in the chosen format; with the line formats, a query
/// that failed is reported on `err`.
fn write_answer(
    out: &mut impl Write,
    err: &mut impl Write,
    format: BatchFormat,
    snippets: bool,
    a: &Answer,
) -> io::Result<()> {
    let found = match (&a.outcome, format) {
        (_, BatchFormat::Jsonl) => return output::json::write_answer(out, a, snippets),
        (Ok(found), _) => found,
        (Err(message), _) => {
            // The id and the query come from the input: shown, not obeyed.
            let message: Vec<_> = message.lines().map(visible).collect();
            let id = visible(&a.id);
            return writeln!(err, "newsidx: query {id}: {}", message.join("\n"));
        }
    };
    match format {
        BatchFormat::Tsv => output::tsv::write_answer(out, &a.id, found),
        BatchFormat::Trec => output::trec::write_answer(out, &a.id, found),
        BatchFormat::Csv => output::csv::write_hits(out, Some(&a.id), &found.results.hits),
        BatchFormat::Jsonl => unreachable!("written above"),
    }
}
