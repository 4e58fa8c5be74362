//! JSON articles: a single object, an array of objects (or an object
//! wrapping one, as news APIs return), or JSON lines. Field names follow
//! what news datasets and scrapers write; unknown fields are ignored.

use std::path::Path;

use serde_json::{Map, Value};

use super::{Out, date_or_warn, record_key};
use crate::article::{Article, Problem};

const TITLE: &[&str] = &["title", "headline"];
const BODY: &[&str] = &["body", "text", "maintext", "content", "article"];
const DATE: &[&str] = &[
    "date",
    "published",
    "publish_date",
    "date_publish",
    "datepublished",
    "published_at",
    "pubdate",
];
const URL: &[&str] = &["url", "link"];
const SOURCE: &[&str] = &["source", "source_domain", "site", "publisher"];
const AUTHORS: &[&str] = &["authors", "author"];
const PEOPLE: &[&str] = &["people", "persons"];
const TOPICS: &[&str] = &["topics", "tags", "keywords", "categories", "section"];
const ID: &[&str] = &["id", "_id", "uuid", "guid"];
/// Keys under which APIs wrap a list of articles in one object.
const WRAPPERS: &[&str] = &["articles", "items", "results", "data", "documents"];

/// A `.json` file: one article, or an array of them.
pub fn parse_document(text: &str, path: &Path, out: &mut Out) {
    let value: Value = match serde_json::from_str(text) {
        Ok(value) => value,
        Err(err) => {
            out.problems.push(Problem::skipped(
                path,
                Some(err.line()),
                "invalid JSON",
                format!("invalid JSON at column {}: {err}", err.column()),
            ));
            return;
        }
    };
    let records = match value {
        Value::Array(items) => items,
        Value::Object(obj) => match wrapped_list(&obj) {
            Some(items) => items,
            None => {
                push_record(Value::Object(obj), path, None, None, out);
                return;
            }
        },
        other => {
            out.problems.push(Problem::skipped(
                path,
                None,
                "not an article",
                format!("expected a JSON object or array, found {}", kind(&other)),
            ));
            return;
        }
    };
    for (i, record) in records.into_iter().enumerate() {
        push_record(record, path, Some(i + 1), None, out);
    }
}

/// A `.jsonl` / `.ndjson` file held in memory: one article per line.
pub fn parse_lines(text: &str, path: &Path, out: &mut Out) {
    for (i, line) in text.lines().enumerate() {
        parse_line(line, i + 1, path, out);
    }
}

/// One line of a `.jsonl` / `.ndjson` file.
pub fn parse_line(line: &str, line_no: usize, path: &Path, out: &mut Out) {
    let line = line.trim();
    if line.is_empty() {
        return;
    }
    match serde_json::from_str::<Value>(line) {
        Ok(value) => push_record(value, path, Some(line_no), Some(line_no), out),
        Err(err) => out.problems.push(Problem::skipped(
            path,
            Some(line_no),
            "invalid JSON",
            format!("invalid JSON at column {}: {err}", err.column()),
        )),
    }
}

/// A `.json` file too large to hold: a top-level array read one element
/// at a time. An error stops the file where it is, keeping what came
/// before.
pub fn parse_array_stream(reader: impl std::io::Read, path: &Path, out: &mut Out) {
    use serde::de::{Deserializer as _, SeqAccess, Visitor};
    struct Elements<'o, 'p, 'a> {
        path: &'p Path,
        out: &'o mut Out<'a>,
    }
    impl<'de> Visitor<'de> for Elements<'_, '_, '_> {
        type Value = ();
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("an array of article objects")
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
            let mut n = 0;
            while let Some(value) = seq.next_element::<Value>()? {
                n += 1;
                push_record(value, self.path, Some(n), None, self.out);
            }
            Ok(())
        }
    }
    let mut de = serde_json::Deserializer::from_reader(reader);
    if let Err(err) = de.deserialize_seq(Elements { path, out }) {
        out.problems.push(Problem::skipped(
            path,
            Some(err.line()),
            "invalid JSON",
            format!(
                "invalid JSON at column {}: {err}; the articles before it were read",
                err.column()
            ),
        ));
    }
}

fn wrapped_list(obj: &Map<String, Value>) -> Option<Vec<Value>> {
    if find(obj, TITLE).is_some() || find(obj, BODY).is_some() {
        return None;
    }
    WRAPPERS.iter().find_map(|key| match obj.get(*key) {
        Some(Value::Array(items)) => Some(items.clone()),
        _ => None,
    })
}

fn push_record(
    value: Value,
    path: &Path,
    record: Option<usize>,
    line: Option<usize>,
    out: &mut Out,
) {
    let where_ = match (record, line) {
        (_, Some(_)) => String::new(),
        (Some(n), None) => format!("record {n}: "),
        (None, None) => String::new(),
    };
    let Value::Object(obj) = value else {
        out.problems.push(Problem::skipped(
            path,
            line,
            "not an article",
            format!("{where_}expected a JSON object, found {}", kind(&value)),
        ));
        return;
    };
    let title = text_of(find(&obj, TITLE));
    let body = text_of(find(&obj, BODY));
    if title.trim().is_empty() && body.trim().is_empty() {
        out.problems.push(Problem::skipped(
            path,
            line,
            "no title or body",
            format!("{where_}article has neither a title nor a body"),
        ));
        return;
    }
    let key = record_key(path, record);
    let id = Some(text_of(find(&obj, ID)))
        .filter(|id| !id.trim().is_empty())
        .unwrap_or_else(|| key.clone());
    let date_text = text_of(find(&obj, DATE));
    let date = date_or_warn(Some(&date_text), path, line, &mut out.problems);
    out.article(Article {
        id,
        key,
        path: path.to_owned(),
        line,
        title,
        body,
        date,
        source: non_empty(text_of(find(&obj, SOURCE))),
        url: non_empty(text_of(find(&obj, URL))),
        authors: list_of(&obj, AUTHORS, &[';']),
        people: list_of(&obj, PEOPLE, &[';', '|']),
        topics: list_of(&obj, TOPICS, &[',', ';', '|']),
        ..Article::default()
    });
}

/// The first present, non-empty value under any of the names
/// (case-insensitive).
fn find<'a>(obj: &'a Map<String, Value>, names: &[&str]) -> Option<&'a Value> {
    names.iter().find_map(|name| {
        obj.iter()
            .find(|(k, v)| k.eq_ignore_ascii_case(name) && !is_blank(v))
            .map(|(_, v)| v)
    })
}

fn is_blank(v: &Value) -> bool {
    match v {
        Value::Null => true,
        Value::String(s) => s.trim().is_empty(),
        Value::Array(items) => items.iter().all(is_blank),
        _ => false,
    }
}

/// A value as text: strings as they are, numbers printed, objects by their
/// `name` (publishers, authors), arrays joined (a body split in parts).
fn text_of(v: Option<&Value>) -> String {
    match v {
        None | Some(Value::Null) => String::new(),
        Some(Value::String(s)) => s.clone(),
        Some(Value::Number(n)) => n.to_string(),
        Some(Value::Bool(b)) => b.to_string(),
        Some(Value::Object(obj)) => ["name", "title", "value", "text"]
            .iter()
            .find_map(|k| obj.get(*k).map(|v| text_of(Some(v))))
            .unwrap_or_default(),
        Some(Value::Array(items)) => items
            .iter()
            .map(|v| text_of(Some(v)))
            .filter(|s| !s.trim().is_empty())
            .collect::<Vec<_>>()
            .join("\n\n"),
    }
}

/// All values under all the names, as a list without duplicates; strings
/// are split at the given separators.
fn list_of(obj: &Map<String, Value>, names: &[&str], seps: &[char]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut push = |s: &str| {
        let s = s.trim();
        if !s.is_empty() && !out.iter().any(|o| o.eq_ignore_ascii_case(s)) {
            out.push(s.to_owned());
        }
    };
    for name in names {
        for (_, v) in obj.iter().filter(|(k, _)| k.eq_ignore_ascii_case(name)) {
            let items: Vec<String> = match v {
                Value::Array(items) => items.iter().map(|v| text_of(Some(v))).collect(),
                other => vec![text_of(Some(other))],
            };
            for item in items {
                for part in item.split(seps) {
                    push(part);
                }
            }
        }
    }
    out
}

fn non_empty(s: String) -> Option<String> {
    let s = s.trim();
    (!s.is_empty()).then(|| s.to_owned())
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::{Collected, collect};

    fn lines(text: &str) -> Collected {
        collect(|out| parse_lines(text, Path::new("f.jsonl"), out))
    }

    #[test]
    fn scraper_field_names() {
        let r = lines(
            r#"{"headline":"H","maintext":"B","datePublished":"2017-02-07T10:00:00Z","link":"http://x","publisher":{"name":"P"},"tags":["a","b"],"keywords":"c, d","persons":[],"id":7}"#,
        );
        let a = &r.articles[0];
        assert_eq!((a.title.as_str(), a.body.as_str()), ("H", "B"));
        assert_eq!(a.id, "7");
        assert_eq!(a.url.as_deref(), Some("http://x"));
        assert_eq!(a.source.as_deref(), Some("P"));
        assert_eq!(a.topics, ["a", "b", "c", "d"]);
        assert!(a.people.is_empty());
        assert!(a.date.is_some());
    }

    #[test]
    fn broken_lines_are_reported_with_line_numbers() {
        let r = lines("{\"title\":\"ok\"}\n\n{\"title\": \"cut\n[1]\n{\"id\":\"x\"}\n");
        assert_eq!(r.articles.len(), 1);
        let lines: Vec<_> = r.problems.iter().map(|p| (p.line, p.kind)).collect();
        assert_eq!(
            lines,
            [
                (Some(3), "invalid JSON"),
                (Some(4), "not an article"),
                (Some(5), "no title or body")
            ]
        );
    }

    #[test]
    fn arrays_and_wrapped_arrays() {
        for text in [
            r#"[{"title":"a"},{"body":"b"}]"#,
            r#"{"status":"ok","articles":[{"title":"a"},{"body":"b"}]}"#,
        ] {
            let r = collect(|out| parse_document(text, Path::new("f.json"), out));
            assert_eq!(r.articles.len(), 2, "{text}");
            assert_eq!(r.articles[1].key, "f.json#2");
        }
    }

    #[test]
    fn streamed_array_keeps_what_came_before_an_error() {
        let text = r#"[{"title":"a"}, {"title":"b"}, {"title": oops}]"#;
        let r = collect(|out| parse_array_stream(text.as_bytes(), Path::new("f.json"), out));
        assert_eq!(r.articles.len(), 2);
        assert_eq!(r.problems[0].kind, "invalid JSON");
    }

    #[test]
    fn bad_date_warns_and_keeps_article() {
        let r = lines(r#"{"title":"t","date":"someday"}"#);
        assert_eq!(r.articles.len(), 1);
        assert_eq!(r.articles[0].date, None);
        assert_eq!(r.problems[0].kind, "bad date");
    }
}
