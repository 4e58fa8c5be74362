//! `newsidx batch`: many queries on one open index, in parallel, answers in
//! input order, one machine-readable answer per query.

use std::fs::File;
use std::io::{self, BufRead, BufReader, BufWriter, Write};
use std::path::Path;
use std::time::Instant;

use anyhow::{Context, Result};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::cli::{BatchArgs, BatchFormat};
use crate::exit::Exit;
use crate::index::store::Store;
use crate::search::{Engine, Filters, Hit, Request, SearchError};

/// Queries read and answered together: bounds memory on huge inputs
/// while keeping every core busy.
const CHUNK: usize = 2048;

/// One query of the input.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    /// The query's id: its own, or its line number.
    pub id: String,
    pub line: usize,
    /// The request, or why the line could not be read.
    pub request: Result<Request, String>,
    /// The query text as given, for the answer.
    pub query: String,
}

/// A JSON input line.
#[derive(Debug, Deserialize)]
struct JsonLine {
    id: Option<serde_json::Value>,
    query: String,
    limit: Option<usize>,
    person: Option<String>,
    topic: Option<String>,
    source: Option<String>,
    since: Option<String>,
    until: Option<String>,
    plain: Option<bool>,
    all: Option<bool>,
}

/// Reads one input line; `None` for blank lines and comments.
pub fn parse_line(line: &str, line_no: usize, defaults: &Request) -> Option<Entry> {
    let text = line.trim();
    if text.is_empty() || text.starts_with('#') {
        return None;
    }
    let fallback_id = line_no.to_string();
    if !text.starts_with('{') {
        return Some(Entry {
            id: fallback_id,
            line: line_no,
            request: Ok(Request {
                query: text.to_owned(),
                ..defaults.clone()
            }),
            query: text.to_owned(),
        });
    }
    let parsed: JsonLine = match serde_json::from_str(text) {
        Ok(parsed) => parsed,
        Err(err) => {
            // Keep the id if the object has one, so the error can be matched.
            let id = serde_json::from_str::<serde_json::Value>(text)
                .ok()
                .and_then(|v| v.get("id").map(id_text))
                .unwrap_or(fallback_id);
            return Some(Entry {
                id,
                line: line_no,
                request: Err(format!("line {line_no}: invalid query object: {err}")),
                query: text.to_owned(),
            });
        }
    };
    let id = parsed.id.as_ref().map(id_text).unwrap_or(fallback_id);
    let f = &defaults.filters;
    let request = Request {
        query: parsed.query.clone(),
        plain: parsed.plain.unwrap_or(defaults.plain),
        all: parsed.all.unwrap_or(defaults.all),
        limit: parsed.limit.unwrap_or(defaults.limit),
        filters: Filters {
            person: parsed.person,
            topic: parsed.topic,
            source: parsed.source,
            since: parsed.since,
            until: parsed.until,
        }
        .or(f),
        ..defaults.clone()
    };
    Some(Entry {
        id,
        line: line_no,
        request: Ok(request),
        query: parsed.query,
    })
}

fn id_text(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// The answer to one query.
#[derive(Debug, Serialize)]
pub struct Answer {
    pub id: String,
    pub query: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub took_ms: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub total: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hits: Option<Vec<BatchHit>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// A hit as batch output carries it.
#[derive(Debug, Serialize)]
pub struct BatchHit {
    pub rank: usize,
    pub score: f32,
    pub id: String,
    pub title: String,
    pub date: Option<String>,
    pub source: Option<String>,
    pub people: Vec<String>,
    pub topics: Vec<String>,
    pub group: String,
    pub duplicates: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub snippet: Option<String>,
}

impl BatchHit {
    fn from_hit(hit: Hit, snippets: bool) -> BatchHit {
        BatchHit {
            rank: hit.rank,
            score: hit.score,
            id: hit.id,
            title: hit.title,
            date: hit.date,
            source: hit.source,
            people: hit.people,
            topics: hit.topics,
            group: hit.group,
            duplicates: hit.duplicates,
            snippet: snippets.then_some(hit.snippet),
        }
    }
}

/// Answers one query.
pub fn answer(engine: &Engine, entry: &Entry) -> Answer {
    let mut answer = Answer {
        id: entry.id.clone(),
        query: entry.query.clone(),
        took_ms: None,
        total: None,
        hits: None,
        error: None,
    };
    let req = match &entry.request {
        Ok(req) => req,
        Err(message) => {
            answer.error = Some(message.clone());
            return answer;
        }
    };
    let start = Instant::now();
    match engine.search(req) {
        Ok(results) => {
            answer.took_ms = Some(start.elapsed().as_secs_f64() * 1000.0);
            answer.total = Some(results.total);
            answer.hits = Some(
                results
                    .hits
                    .into_iter()
                    .map(|h| BatchHit::from_hit(h, req.snippets))
                    .collect(),
            );
        }
        Err(SearchError::Query(err)) => {
            let mut message = err.message.clone();
            if let Some(pos) = err.pos {
                message.push_str(&format!(" (at byte {pos})"));
            }
            answer.error = Some(message);
        }
        Err(SearchError::Index(err)) => answer.error = Some(format!("{err:#}")),
        Err(err) => answer.error = Some(err.to_string()),
    }
    answer
}

/// Writes one answer in the chosen format; errors go to `err` for the
/// line formats.
pub fn write_answer(
    out: &mut impl Write,
    err: &mut impl Write,
    format: BatchFormat,
    a: &Answer,
) -> io::Result<()> {
    match format {
        BatchFormat::Jsonl => {
            serde_json::to_writer(&mut *out, a)?;
            out.write_all(b"\n")?;
        }
        BatchFormat::Tsv | BatchFormat::Trec => {
            if let Some(message) = &a.error {
                writeln!(err, "newsidx: query {}: {message}", a.id)?;
                return Ok(());
            }
            let qid = one_line(&a.id).replace(' ', "_");
            for hit in a.hits.iter().flatten() {
                if format == BatchFormat::Tsv {
                    writeln!(
                        out,
                        "{qid}\t{}\t{}\t{}\t{}",
                        hit.rank,
                        one_line(&hit.id),
                        hit.score,
                        one_line(&hit.title)
                    )?;
                } else {
                    let docid = one_line(&hit.id).replace(' ', "_");
                    writeln!(out, "{qid} Q0 {docid} {} {} newsidx", hit.rank, hit.score)?;
                }
            }
        }
    }
    Ok(())
}

/// Tabs and line breaks would break a line format.
fn one_line(s: &str) -> String {
    s.replace(['\t', '\n', '\r'], " ")
}

pub fn run(index_dir: &Path, args: &BatchArgs) -> Result<Exit> {
    let store = Store::open(index_dir)?;
    let engine = Engine::new(&store)?;
    let defaults = Request {
        query: String::new(),
        plain: args.plain,
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
    let mut chunk: Vec<Entry> = Vec::with_capacity(CHUNK);
    let mut lines = input.lines().enumerate();
    loop {
        chunk.clear();
        for (i, line) in lines.by_ref() {
            let line = match line {
                Ok(line) => line,
                Err(e) if e.kind() == io::ErrorKind::InvalidData => {
                    chunk.push(Entry {
                        id: (i + 1).to_string(),
                        line: i + 1,
                        request: Err(format!("line {}: not valid UTF-8", i + 1)),
                        query: String::new(),
                    });
                    continue;
                }
                Err(e) => return Err(e).context("cannot read queries"),
            };
            if let Some(entry) = parse_line(&line, i + 1, &defaults) {
                chunk.push(entry);
                if chunk.len() == CHUNK {
                    break;
                }
            }
        }
        if chunk.is_empty() {
            break;
        }
        let answers: Vec<Answer> =
            pool.install(|| chunk.par_iter().map(|e| answer(&engine, e)).collect());
        for a in &answers {
            failed |= a.error.is_some();
            write_answer(&mut out, &mut err, args.format, a)?;
        }
        out.flush()?;
    }
    Ok(if failed { Exit::Error } else { Exit::Success })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn defaults() -> Request {
        Request {
            limit: 10,
            ..Request::default()
        }
    }

    #[test]
    fn lines_plain_json_comments() {
        let d = defaults();
        assert_eq!(parse_line("   ", 1, &d), None);
        assert_eq!(parse_line("# note", 2, &d), None);
        let e = parse_line("lavrov arms", 3, &d).unwrap();
        assert_eq!(
            (e.id.as_str(), e.request.unwrap().query.as_str()),
            ("3", "lavrov arms")
        );
        let e = parse_line(
            r#"{"id": 7, "query": "x", "limit": 3, "person": "Lavrov", "plain": true}"#,
            4,
            &d,
        )
        .unwrap();
        let r = e.request.unwrap();
        assert_eq!(e.id, "7");
        assert_eq!(
            (r.limit, r.plain, r.filters.person.as_deref()),
            (3, true, Some("Lavrov"))
        );
        let e = parse_line(r#"{"id": "q9", "qery": "typo"}"#, 5, &d).unwrap();
        assert_eq!(e.id, "q9");
        assert!(e.request.unwrap_err().contains("missing field `query`"));
    }
}
