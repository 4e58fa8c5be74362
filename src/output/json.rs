//! JSON for programs: `--json` lines, batch answers and the web API's
//! search answer. Each hit shape is a borrowed projection of [`Hit`], with
//! the field names and order the README documents; facet counts,
//! timelines and stats are written as their own types serialise.

use std::io::{self, Write};

use serde::Serialize;

use crate::search::batch::Answer;
use crate::search::{Hit, Results, Shown};

/// A hit as `newsidx search --json` prints it and `/api/search` lists it.
#[derive(Debug, Serialize)]
pub struct HitJson<'a> {
    rank: usize,
    score: f32,
    id: &'a str,
    path: &'a str,
    title: &'a str,
    /// RFC 3339, UTC.
    date: Option<jiff::Timestamp>,
    source: Option<&'a str>,
    url: Option<&'a str>,
    people: &'a [String],
    topics: &'a [String],
    snippet: &'a str,
    highlights: &'a [(usize, usize)],
    group: &'a str,
    duplicates: usize,
    /// Byte ranges of the query words in the title.
    title_highlights: &'a [(usize, usize)],
}

impl<'a> From<&'a Hit> for HitJson<'a> {
    fn from(hit: &'a Hit) -> HitJson<'a> {
        let a = &hit.article;
        HitJson {
            rank: hit.rank,
            score: hit.score,
            id: &a.id,
            path: &a.path,
            title: &a.title,
            date: a.date,
            source: a.source.as_deref(),
            url: a.url.as_deref(),
            people: &a.people,
            topics: &a.topics,
            snippet: &hit.snippet,
            highlights: &hit.highlights,
            group: &a.group,
            duplicates: hit.duplicates,
            title_highlights: &hit.title_highlights,
        }
    }
}

/// A near-duplicate as `newsidx show --json` lists it.
#[derive(Debug, Serialize)]
struct CopyJson<'a> {
    id: &'a str,
    path: &'a str,
    title: &'a str,
    date: Option<jiff::Timestamp>,
    source: Option<&'a str>,
}

/// An article as `newsidx show --json` prints it.
#[derive(Debug, Serialize)]
struct ShownJson<'a> {
    id: &'a str,
    path: &'a str,
    /// The record's number in a file of many (a JSON line, an SGML
    /// story), from 1; none for a file of one article.
    record: Option<usize>,
    title: &'a str,
    date: Option<jiff::Timestamp>,
    source: Option<&'a str>,
    url: Option<&'a str>,
    people: &'a [String],
    topics: &'a [String],
    group: &'a str,
    duplicates: Vec<CopyJson<'a>>,
    body: &'a str,
}

/// `newsidx show --json`: the article in one object.
pub fn write_article(out: &mut impl Write, shown: &Shown) -> io::Result<()> {
    let a = &shown.article;
    let record = shown.key.rsplit_once('#').and_then(|(_, n)| n.parse().ok());
    write_one(
        out,
        &ShownJson {
            id: &a.id,
            path: &a.path,
            record,
            title: &a.title,
            date: a.date,
            source: a.source.as_deref(),
            url: a.url.as_deref(),
            people: &a.people,
            topics: &a.topics,
            group: &a.group,
            duplicates: shown
                .duplicates
                .iter()
                .map(|d| CopyJson {
                    id: &d.id,
                    path: &d.path,
                    title: &d.title,
                    date: d.date,
                    source: d.source.as_deref(),
                })
                .collect(),
            body: &a.body,
        },
    )
}

/// A hit as a batch answer carries it: no path, url or highlights, and the
/// snippet only when asked for.
#[derive(Debug, Serialize)]
pub struct BatchHitJson<'a> {
    rank: usize,
    score: f32,
    id: &'a str,
    title: &'a str,
    date: Option<jiff::Timestamp>,
    source: Option<&'a str>,
    people: &'a [String],
    topics: &'a [String],
    group: &'a str,
    duplicates: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    snippet: Option<&'a str>,
}

impl<'a> BatchHitJson<'a> {
    pub fn new(hit: &'a Hit, snippets: bool) -> BatchHitJson<'a> {
        let a = &hit.article;
        BatchHitJson {
            rank: hit.rank,
            score: hit.score,
            id: &a.id,
            title: &a.title,
            date: a.date,
            source: a.source.as_deref(),
            people: &a.people,
            topics: &a.topics,
            group: &a.group,
            duplicates: hit.duplicates,
            snippet: snippets.then_some(hit.snippet.as_str()),
        }
    }
}

/// A batch answer: `{id, query, took_ms, total, hits}`, or `{id, query,
/// error}` for a query that failed.
#[derive(Debug, Serialize)]
pub struct AnswerJson<'a> {
    id: &'a str,
    query: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    took_ms: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    total: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    hits: Option<Vec<BatchHitJson<'a>>>,
    /// No article held all the words: the hits hold some of them.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    partial: bool,
    /// "Did you mean": the query with misspelt words put right.
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    suggestions: &'a [String],
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<&'a str>,
}

impl<'a> AnswerJson<'a> {
    pub fn new(a: &'a Answer, snippets: bool) -> AnswerJson<'a> {
        let (took_ms, total, hits, error) = match &a.outcome {
            Ok(found) => (
                Some(found.took_ms),
                Some(found.results.total),
                Some(
                    found
                        .results
                        .hits
                        .iter()
                        .map(|h| BatchHitJson::new(h, snippets))
                        .collect(),
                ),
                None,
            ),
            Err(message) => (None, None, None, Some(message.as_str())),
        };
        let (partial, suggestions) = match &a.outcome {
            Ok(found) => (found.results.partial, found.results.suggestions.as_slice()),
            Err(_) => (false, &[][..]),
        };
        AnswerJson {
            id: &a.id,
            query: &a.query,
            took_ms,
            total,
            hits,
            partial,
            suggestions,
            error,
        }
    }
}

/// `/api/search`'s answer: the request as run, and the results.
#[derive(Debug, Serialize)]
pub struct SearchJson<'a> {
    query: &'a str,
    offset: usize,
    limit: usize,
    total: usize,
    hits: Vec<HitJson<'a>>,
    /// No article held all the words: the hits hold some of them.
    partial: bool,
    /// "Did you mean": the query with misspelt words put right.
    suggestions: &'a [String],
}

impl<'a> SearchJson<'a> {
    pub fn new(query: &'a str, offset: usize, limit: usize, results: &'a Results) -> Self {
        SearchJson {
            query,
            offset,
            limit,
            total: results.total,
            hits: results.hits.iter().map(HitJson::from).collect(),
            partial: results.partial,
            suggestions: &results.suggestions,
        }
    }
}

/// A hit as `newsidx search --json` prints it: the hit, how many
/// articles match in all, and what the search says about all its hits
/// (only when it says something).
#[derive(Debug, Serialize)]
struct SearchHitJson<'a> {
    #[serde(flatten)]
    hit: HitJson<'a>,
    total: usize,
    /// No article held all the words: the hits hold some of them.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    partial: bool,
    /// "Did you mean": the query with misspelt words put right.
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    suggestions: &'a [String],
}

/// What `newsidx search --json` prints for a page without hits (`-n 0`,
/// an offset past the end, nothing found): how many articles match, and
/// the spellings offered, if any.
#[derive(Debug, Serialize)]
struct NoHitsJson<'a> {
    total: usize,
    offset: usize,
    limit: usize,
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    suggestions: &'a [String],
}

/// `newsidx search --json`: one object per hit per line, each with the
/// total, and `partial` and `suggestions` when there is something to say;
/// a page without hits is one line `{total, offset, limit, suggestions}`.
pub fn write_results(
    out: &mut impl Write,
    results: &Results,
    offset: usize,
    limit: usize,
) -> io::Result<()> {
    if results.hits.is_empty() {
        return write_one(
            out,
            &NoHitsJson {
                total: results.total,
                offset,
                limit,
                suggestions: &results.suggestions,
            },
        );
    }
    write_lines(
        out,
        results.hits.iter().map(|hit| SearchHitJson {
            hit: HitJson::from(hit),
            total: results.total,
            partial: results.partial,
            suggestions: &results.suggestions,
        }),
    )
}

/// One JSON object per hit per line.
pub fn write_hits(out: &mut impl Write, hits: &[Hit]) -> io::Result<()> {
    write_lines(out, hits.iter().map(HitJson::from))
}

/// One batch answer on a line; `snippets` says whether they were asked
/// for (a hit's snippet may be empty either way).
pub fn write_answer(out: &mut impl Write, a: &Answer, snippets: bool) -> io::Result<()> {
    write_one(out, &AnswerJson::new(a, snippets))
}

/// One JSON object per item per line: people or topic counts.
pub fn write_lines<T: Serialize>(
    out: &mut impl Write,
    items: impl IntoIterator<Item = T>,
) -> io::Result<()> {
    for item in items {
        write_one(out, &item)?;
    }
    Ok(())
}

/// One JSON value on a line: a timeline, the stats.
pub fn write_one(out: &mut impl Write, value: &impl Serialize) -> io::Result<()> {
    serde_json::to_writer(&mut *out, value)?;
    out.write_all(b"\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::sample_hit as hit;
    use crate::search::batch::Answered;

    #[test]
    fn hits_keep_the_documented_fields() {
        let mut out = Vec::new();
        write_hits(&mut out, &[hit()]).unwrap();
        let line = String::from_utf8(out).unwrap();
        let v: serde_json::Value = serde_json::from_str(&line).unwrap();
        assert_eq!(v["date"], "2017-02-07T10:00:00Z");
        assert_eq!(v["highlights"], serde_json::json!([[0, 6]]));
        assert!(v.get("body").is_none());
        let mut fields: Vec<&str> = v.as_object().unwrap().keys().map(|k| k.as_str()).collect();
        fields.sort();
        let mut documented = [
            "rank",
            "score",
            "id",
            "path",
            "title",
            "date",
            "source",
            "url",
            "people",
            "topics",
            "snippet",
            "highlights",
            "group",
            "duplicates",
            "title_highlights",
        ];
        documented.sort();
        assert_eq!(fields, documented);
        // The order, as the README lists the fields.
        assert!(line.starts_with(r#"{"rank":3,"score":1.5,"id":"7","path":"/a.json","#));
        assert!(
            line.ends_with("\"group\":\"g1\",\"duplicates\":2,\"title_highlights\":[[0,6]]}\n"),
            "{line}"
        );
    }

    #[test]
    fn search_lines_carry_the_total() {
        let results = Results {
            total: 12,
            hits: vec![hit()],
            ..Results::default()
        };
        let mut out = Vec::new();
        write_results(&mut out, &results, 2, 1).unwrap();
        let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
        assert_eq!(
            (v["rank"].as_u64(), v["total"].as_u64()),
            (Some(3), Some(12))
        );
        assert_eq!(v["title"], "Lavrov");
        let none = Results {
            total: 12,
            hits: Vec::new(),
            ..Results::default()
        };
        let mut out = Vec::new();
        write_results(&mut out, &none, 300, 10).unwrap();
        assert_eq!(out, b"{\"total\":12,\"offset\":300,\"limit\":10}\n");
    }

    #[test]
    fn search_lines_say_partial_and_suggestions_only_when_there_are_some() {
        let lines = |results: &Results| {
            let mut out = Vec::new();
            write_results(&mut out, results, 0, 10).unwrap();
            String::from_utf8(out).unwrap()
        };
        let plain = Results {
            total: 1,
            hits: vec![hit()],
            ..Results::default()
        };
        let text = lines(&plain);
        assert!(
            !text.contains("partial") && !text.contains("suggestions"),
            "{text}"
        );
        let partial = Results {
            partial: true,
            suggestions: vec!["Lavrov".into()],
            ..plain
        };
        let text = lines(&partial);
        assert!(
            text.contains("\"partial\":true,\"suggestions\":[\"Lavrov\"]}\n"),
            "{text}"
        );
        let none = Results {
            suggestions: vec!["Lavrov".into()],
            ..Results::default()
        };
        assert_eq!(
            lines(&none),
            "{\"total\":0,\"offset\":0,\"limit\":10,\"suggestions\":[\"Lavrov\"]}\n"
        );
    }

    #[test]
    fn batch_answers_project_hits() {
        let a = Answer {
            id: "q".into(),
            query: "lavrov".into(),
            outcome: Ok(Answered {
                took_ms: 1.0,
                results: Results {
                    total: 1,
                    hits: vec![hit()],
                    ..Results::default()
                },
            }),
        };
        let mut out = Vec::new();
        write_answer(&mut out, &a, false).unwrap();
        let line = String::from_utf8(out).unwrap();
        assert!(
            line.contains(
                r#""hits":[{"rank":3,"score":1.5,"id":"7","title":"Lavrov","date":"2017-02-07T10:00:00Z","source":"bbc.com","people":["Sergey Lavrov"],"topics":["diplomacy"],"group":"g1","duplicates":2}]"#
            ),
            "{line}"
        );
        let mut out = Vec::new();
        write_answer(&mut out, &a, true).unwrap();
        assert!(
            String::from_utf8(out)
                .unwrap()
                .contains(r#""duplicates":2,"snippet":"Lavrov said\nno"}"#)
        );
        let failed = Answer {
            outcome: Err("since: cannot read date".into()),
            ..a
        };
        let mut out = Vec::new();
        write_answer(&mut out, &failed, true).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "{\"id\":\"q\",\"query\":\"lavrov\",\"error\":\"since: cannot read date\"}\n"
        );
    }
}
