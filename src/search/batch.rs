//! Many queries on one open index: a line of batch input read into a
//! [`Request`] (a plain query, or a JSON object whose keys override the
//! defaults), and its [`Answer`]. `newsidx batch` reads the lines, answers
//! them in parallel and writes the answers with [`crate::output`].

use std::time::Instant;

use serde::Deserialize;

use crate::search::{Choice, Filters, Match, Request, Results, SearchError};

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

/// A JSON input line. A key it does not know is an error that names it
/// (`limt`), as the web API's parameters are.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
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
    /// `"all"` or `"any"`: how the words combine.
    #[serde(rename = "match")]
    matching: Option<String>,
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
    let matching = match parsed.matching.as_deref().map(|m| (m, Match::from_name(m))) {
        None => defaults.matching,
        Some((_, Some(matching))) => matching,
        Some((m, None)) => {
            return Some(Entry {
                id,
                line: line_no,
                request: Err(format!(
                    "line {line_no}: match: '{m}' is not one of all, any"
                )),
                query: parsed.query,
            });
        }
    };
    let request = Request {
        query: parsed.query.clone(),
        plain: parsed.plain.unwrap_or(defaults.plain),
        matching,
        all: parsed.all.unwrap_or(defaults.all),
        limit: parsed.limit.unwrap_or(defaults.limit),
        filters: Filters {
            person: parsed.person,
            topic: parsed.topic,
            source: parsed.source,
            since: parsed.since,
            until: parsed.until,
        }
        .or(&defaults.filters),
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

/// A line that is not text: it still gets an answer, in its place.
pub fn unreadable_line(line_no: usize) -> Entry {
    Entry {
        id: line_no.to_string(),
        line: line_no,
        request: Err(format!("line {line_no}: not valid UTF-8")),
        query: String::new(),
    }
}

/// The answer to one query.
#[derive(Debug)]
pub struct Answer {
    /// The query's id, as its entry has it.
    pub id: String,
    /// The query text as given.
    pub query: String,
    /// The results, or why there are none: the line could not be read,
    /// the request was refused, or the index failed.
    pub outcome: Result<Answered, String>,
}

/// A query that ran.
#[derive(Debug)]
pub struct Answered {
    pub took_ms: f64,
    pub results: Results,
}

/// Answers one query with `search` (the local engine's or a cluster's),
/// timing it.
pub fn answer(entry: &Entry, search: impl Fn(&Request) -> Result<Results, SearchError>) -> Answer {
    let outcome = match &entry.request {
        Ok(req) => {
            let start = Instant::now();
            search(req)
                .map(|results| Answered {
                    took_ms: start.elapsed().as_secs_f64() * 1000.0,
                    results,
                })
                .map_err(|err| match err {
                    SearchError::Query(err) => match err.pos {
                        Some(pos) => format!("{} (at byte {pos})", err.message),
                        None => err.message,
                    },
                    SearchError::Index(err) => format!("{err:#}"),
                    // A filter by its name, as a JSON line's key has it.
                    err => err.to_string(),
                })
        }
        Err(message) => Err(message.clone()),
    };
    Answer {
        id: entry.id.clone(),
        query: entry.query.clone(),
        outcome,
    }
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
        assert!(e.request.unwrap_err().contains("unknown field `qery`"));
        let e = parse_line(r#"{"id": "q9"}"#, 5, &d).unwrap();
        assert!(e.request.unwrap_err().contains("missing field `query`"));
        let e = parse_line(r#"{"query": "putin", "limt": 2}"#, 6, &d).unwrap();
        let message = e.request.unwrap_err();
        assert!(message.contains("line 6") && message.contains("unknown field `limt`"));
        let e = parse_line(r#"{"query": "oil prices", "match": "any"}"#, 7, &d).unwrap();
        assert_eq!(e.request.unwrap().matching, Match::Any);
        let e = parse_line(r#"{"query": "oil", "match": "some"}"#, 8, &d).unwrap();
        assert!(
            e.request
                .unwrap_err()
                .contains("match: 'some' is not one of all, any")
        );
    }
}
