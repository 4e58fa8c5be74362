//! JSON articles: a single object, an array of objects (or an object
//! wrapping one, as news APIs return), or JSON lines. Field names follow
//! what news datasets and scrapers write; unknown fields are ignored.
//!
//! Objects are read straight into [`Record`]s holding only the fields
//! newsidx uses, each reduced to its text as it is read: nothing else of
//! the file is kept, so an article costs about the size of its text, not
//! the many times that a tree of JSON values takes (an array of a million
//! numbers is some 40 MB as values). Lists (authors, people, topics) keep
//! their first [`MAX_LIST`] values.

use std::cell::Cell;
use std::fmt;
use std::io::Read;
use std::path::Path;

use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};

use super::{MAX_LIST, MAX_RECORD, Out, date_or_warn, record_key};
use crate::article::{Article, Problem};

const TITLE: &[&str] = &["title", "headline"];
/// Stands in for a missing or blank title; beside a title, the body's
/// first paragraph (`with_standfirst`).
const SUBTITLE: &[&str] = &["subtitle", "dek", "standfirst"];
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
const TOPICS: &[&str] = &["topics", "tags", "keywords", "categories"];
/// Where the story sat on the site: a topic only if it names one (see
/// `extract::topics`).
const SECTIONS: &[&str] = &["section"];
const ID: &[&str] = &["id", "_id", "uuid", "guid"];
/// Keys under which APIs wrap a list of articles in one object.
const WRAPPERS: &[&str] = &["articles", "items", "results", "data", "documents"];
/// Fields read as one text.
const TEXT_FIELDS: &[&[&str]] = &[TITLE, SUBTITLE, BODY, DATE, URL, SOURCE, ID];
/// Fields read as a list of values.
const LIST_FIELDS: &[&[&str]] = &[AUTHORS, PEOPLE, TOPICS, SECTIONS];

/// A `.json` file held in memory: one article, an array of them, or an
/// object wrapping an array. The text is dropped once read, before the
/// articles go out.
pub fn parse_document(text: String, path: &Path, out: &mut Out) {
    let mut de = serde_json::Deserializer::from_str(&text);
    let document = DOCUMENT
        .deserialize(&mut de)
        .and_then(|doc| de.end().map(|()| doc));
    drop(text);
    let document = match document {
        Ok(document) => document,
        Err(err) => {
            out.problems.push(invalid(path, &err, ""));
            return;
        }
    };
    let records = match document {
        Any::Array(items) => items,
        Any::Object(mut record) => match record.take_wrapped_list() {
            Some(items) => items,
            None => {
                push_record(Element::Record(record), path, None, None, out);
                return;
            }
        },
        Any::Other(kind) => {
            out.problems.push(Problem::skipped(
                path,
                None,
                "not an article",
                format!("expected a JSON object or array, found {kind}"),
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
    let mut de = serde_json::Deserializer::from_str(line);
    let element = ELEMENT
        .deserialize(&mut de)
        .and_then(|element| de.end().map(|()| element.element()));
    match element {
        Ok(element) => push_record(element, path, Some(line_no), Some(line_no), out),
        Err(err) => {
            let mut problem = invalid(path, &err, "");
            problem.line = Some(line_no);
            out.problems.push(problem);
        }
    }
}

/// A `.json` file too large to hold: a top-level array read one element
/// at a time, each at most [`MAX_RECORD`] bytes. An error stops the file
/// where it is, keeping what came before.
pub fn parse_array_stream(reader: impl Read, path: &Path, out: &mut Out) {
    struct Elements<'o, 'p, 'a, 'b> {
        path: &'p Path,
        out: &'o mut Out<'a>,
        budget: &'b Cell<u64>,
        count: &'b Cell<usize>,
    }
    impl<'de> Visitor<'de> for Elements<'_, '_, '_, '_> {
        type Value = ();
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("an array of article objects")
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
            loop {
                self.budget.set(MAX_RECORD as u64);
                let Some(element) = seq.next_element_seed(ELEMENT)? else {
                    return Ok(());
                };
                self.count.set(self.count.get() + 1);
                let n = Some(self.count.get());
                push_record(element.element(), self.path, n, None, self.out);
            }
        }
    }
    let budget = Cell::new(MAX_RECORD as u64);
    let count = Cell::new(0);
    let reader = Budget {
        inner: reader,
        left: &budget,
    };
    let mut de = serde_json::Deserializer::from_reader(reader);
    let elements = Elements {
        path,
        out,
        budget: &budget,
        count: &count,
    };
    if let Err(err) = de.deserialize_seq(elements) {
        let problem = if err.is_io() && budget.get() == 0 {
            Problem::skipped(
                path,
                None,
                "too large",
                format!(
                    "record {} is longer than {} MiB; the articles before it were read",
                    count.get() + 1,
                    MAX_RECORD >> 20
                ),
            )
        } else {
            invalid(path, &err, "; the articles before it were read")
        };
        out.problems.push(problem);
    }
}

fn invalid(path: &Path, err: &serde_json::Error, then: &str) -> Problem {
    Problem::skipped(
        path,
        Some(err.line()),
        "invalid JSON",
        format!("invalid JSON at column {}: {err}{then}", err.column()),
    )
}

/// A reader that fails once more than the budget left has been read.
struct Budget<'b, R> {
    inner: R,
    left: &'b Cell<u64>,
}

impl<R: Read> Read for Budget<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        match self.left.get().checked_sub(n as u64) {
            Some(left) => {
                self.left.set(left);
                Ok(n)
            }
            None => {
                self.left.set(0);
                Err(std::io::Error::new(
                    std::io::ErrorKind::InvalidData,
                    "record too large",
                ))
            }
        }
    }
}

fn push_record(
    element: Element,
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
    let record_ = match element {
        Element::Record(record) => record,
        Element::Other(kind) => {
            out.problems.push(Problem::skipped(
                path,
                line,
                "not an article",
                format!("{where_}expected a JSON object, found {kind}"),
            ));
            return;
        }
    };
    let obj = &record_;
    let mut title = text_of(obj.find(TITLE));
    let subtitle = text_of(obj.find(SUBTITLE));
    let mut body = text_of(obj.find(BODY));
    if title.trim().is_empty() {
        title = subtitle;
    } else {
        body = with_standfirst(&title, &subtitle, body);
    }
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
    let id = Some(text_of(obj.find(ID)))
        .filter(|id| !id.trim().is_empty())
        .unwrap_or_else(|| key.clone());
    let date_text = text_of(obj.find(DATE));
    let date = date_or_warn(Some(&date_text), path, line, &mut out.problems);
    let mut lists = [
        (AUTHORS, &[';'][..]),
        (PEOPLE, &[';', '|'][..]),
        (TOPICS, &[',', ';', '|'][..]),
        (SECTIONS, &[',', ';', '|'][..]),
    ]
    .map(|(names, seps)| {
        let (list, cut) = obj.list_of(names, seps);
        if cut {
            out.problems.push(Problem::warning(
                path,
                line,
                "long list",
                format!(
                    "{where_}more than {MAX_LIST} {}; the first {MAX_LIST} were kept",
                    names[0]
                ),
            ));
        }
        list
    });
    out.article(Article {
        id,
        key,
        path: path.to_owned(),
        line,
        title,
        body,
        date,
        source: non_empty(text_of(obj.find(SOURCE))),
        url: non_empty(text_of(obj.find(URL))),
        authors: std::mem::take(&mut lists[0]),
        people: std::mem::take(&mut lists[1]),
        topics: std::mem::take(&mut lists[2]),
        sections: std::mem::take(&mut lists[3]),
        ..Article::default()
    });
}

/// The body with the subtitle (standfirst, dek) as its first paragraph:
/// it is part of the story, often its summary, so it is searched and
/// read for people and topics like the body. Not when it only repeats
/// the title, or the body already holds it (after a dateline, say: "MOSCOW,
/// February 6. /TASS/. " and then the subtitle), spacing aside: the text
/// would count twice.
fn with_standfirst(title: &str, subtitle: &str, body: String) -> String {
    let subtitle = subtitle.trim();
    if subtitle.is_empty() {
        return body;
    }
    let squeezed = squeeze(subtitle);
    if squeezed.to_lowercase() == squeeze(title).to_lowercase()
        || squeeze(&body).contains(&squeezed)
    {
        return body;
    }
    if body.trim().is_empty() {
        return subtitle.to_owned();
    }
    format!("{subtitle}\n\n{body}")
}

/// The words of a text joined by single spaces.
fn squeeze(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn text_of(text: Option<&str>) -> String {
    text.unwrap_or_default().to_owned()
}

fn non_empty(s: String) -> Option<String> {
    let s = s.trim();
    (!s.is_empty()).then(|| s.to_owned())
}

/// A value as text: strings as they are, numbers printed, objects by their
/// `name` (publishers, authors), arrays joined (a body split in parts).
/// Blank values (null, white space, arrays of blanks) count as missing.
#[derive(Debug)]
struct Text {
    text: String,
    blank: bool,
}

impl Text {
    fn new(text: String) -> Text {
        let blank = text.trim().is_empty();
        Text { text, blank }
    }

    fn solid(text: String) -> Text {
        Text { text, blank: false }
    }
}

/// The value of a field newsidx reads.
#[derive(Debug)]
enum Field {
    /// A title, body, date and the like.
    Text(Text),
    /// Authors, people or topics: the text of each value (the first
    /// [`MAX_LIST`]), and whether more were left out.
    List(Vec<String>, bool),
}

/// An article object: the fields newsidx reads, under their keys as
/// written, in key order (as a JSON object map keeps them; of a key given
/// twice, the last value).
#[derive(Debug, Default)]
struct Record {
    fields: Vec<(String, Field)>,
    /// For a whole document: the arrays under wrapper keys (`None` for a
    /// wrapper key holding something else).
    wrapped: Vec<(&'static str, Option<Vec<Element>>)>,
}

impl Record {
    /// The first non-blank text under any of the names (case-insensitive).
    fn find(&self, names: &[&str]) -> Option<&str> {
        names.iter().find_map(|name| {
            self.fields.iter().find_map(|(key, field)| match field {
                Field::Text(t) if !t.blank && key.eq_ignore_ascii_case(name) => {
                    Some(t.text.as_str())
                }
                _ => None,
            })
        })
    }

    /// All values under all the names, as a list without duplicates (ASCII
    /// case ignored), at most [`MAX_LIST`]; strings are split at the given
    /// separators. True when values were left out.
    fn list_of(&self, names: &[&str], seps: &[char]) -> (Vec<String>, bool) {
        let mut out: Vec<String> = Vec::new();
        let mut seen = std::collections::HashSet::new();
        let mut cut = false;
        for name in names {
            let lists = self
                .fields
                .iter()
                .filter(|(k, _)| k.eq_ignore_ascii_case(name));
            for (_, field) in lists {
                let Field::List(items, more) = field else {
                    continue;
                };
                cut |= more;
                for part in items.iter().flat_map(|item| item.split(seps)) {
                    let part = part.trim();
                    if part.is_empty() || !seen.insert(part.to_ascii_lowercase()) {
                        continue;
                    }
                    if out.len() == MAX_LIST {
                        return (out, true);
                    }
                    out.push(part.to_owned());
                }
            }
        }
        (out, cut)
    }

    /// The articles of an object that wraps a list of them, as news APIs
    /// return: one with no title or body of its own, and an array under a
    /// wrapper key.
    fn take_wrapped_list(&mut self) -> Option<Vec<Element>> {
        if self.find(TITLE).is_some() || self.find(BODY).is_some() {
            return None;
        }
        WRAPPERS.iter().find_map(|name| {
            let (_, items) = self.wrapped.iter_mut().rev().find(|(k, _)| k == name)?;
            items.take()
        })
    }

    /// Puts the fields in key order, keeping the last of a key given twice.
    fn sort(&mut self) {
        self.fields.sort_by(|a, b| a.0.cmp(&b.0));
        self.fields.reverse();
        self.fields.dedup_by(|later, earlier| later.0 == earlier.0);
        self.fields.reverse();
    }
}

/// An item of an array of articles.
#[derive(Debug)]
enum Element {
    Record(Record),
    /// Not an object: what it is, for the message.
    Other(&'static str),
}

/// What a key of an article object is to newsidx.
enum Key {
    Text(String),
    List(String),
    Wrapper(&'static str),
    Other,
}

fn is_any(key: &str, groups: &[&[&str]]) -> bool {
    groups
        .iter()
        .any(|names| names.iter().any(|n| key.eq_ignore_ascii_case(n)))
}

/// Reads a map key and hands it to a function, without keeping it.
struct KeySeed<F>(F);

impl<'de, T, F: FnOnce(&str) -> T> DeserializeSeed<'de> for KeySeed<F> {
    type Value = T;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<T, D::Error> {
        d.deserialize_str(self)
    }
}

impl<'de, T, F: FnOnce(&str) -> T> Visitor<'de> for KeySeed<F> {
    type Value = T;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a key")
    }
    fn visit_str<E: de::Error>(self, key: &str) -> Result<T, E> {
        Ok((self.0)(key))
    }
}

/// Reads any value as its [`Text`].
struct TextSeed;

impl<'de> DeserializeSeed<'de> for TextSeed {
    type Value = Text;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Text, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for TextSeed {
    type Value = Text;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any value")
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Text, E> {
        Ok(Text::solid(v.to_string()))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Text, E> {
        Ok(Text::solid(v.to_string()))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Text, E> {
        Ok(Text::solid(v.to_string()))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Text, E> {
        // Printed as serde_json prints numbers (`1.0`, `1e20`).
        let text = serde_json::Number::from_f64(v).map_or_else(|| v.to_string(), |n| n.to_string());
        Ok(Text::solid(text))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Text, E> {
        Ok(Text::new(v.to_owned()))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Text, E> {
        Ok(Text::new(v))
    }
    fn visit_unit<E: de::Error>(self) -> Result<Text, E> {
        Ok(Text::new(String::new()))
    }
    fn visit_none<E: de::Error>(self) -> Result<Text, E> {
        self.visit_unit()
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Text, A::Error> {
        let mut text = String::new();
        let mut blank = true;
        while let Some(item) = seq.next_element_seed(TextSeed)? {
            blank &= item.blank;
            if !item.text.trim().is_empty() {
                if !text.is_empty() {
                    text.push_str("\n\n");
                }
                text.push_str(&item.text);
            }
        }
        Ok(Text { text, blank })
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Text, A::Error> {
        // Publishers and authors as objects: their name, or failing that
        // their title, value or text.
        const NAMES: [&str; 4] = ["name", "title", "value", "text"];
        let mut found: [Option<Text>; 4] = Default::default();
        while let Some(slot) =
            map.next_key_seed(KeySeed(|k: &str| NAMES.iter().position(|n| *n == k)))?
        {
            match slot {
                Some(i) => found[i] = Some(map.next_value_seed(TextSeed)?),
                None => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        let text = found.into_iter().flatten().next().map(|t| t.text);
        Ok(Text::solid(text.unwrap_or_default()))
    }
}

/// Reads a list field: an array's values (the first [`MAX_LIST`]), or a
/// single value.
struct ListSeed;

impl<'de> DeserializeSeed<'de> for ListSeed {
    type Value = Field;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Field, D::Error> {
        d.deserialize_any(self)
    }
}

/// One value as a list of one.
fn single<E>(text: Result<Text, E>) -> Result<Field, E> {
    text.map(|t| Field::List(vec![t.text], false))
}

impl<'de> Visitor<'de> for ListSeed {
    type Value = Field;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any value")
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Field, E> {
        single(TextSeed.visit_bool(v))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Field, E> {
        single(TextSeed.visit_i64(v))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Field, E> {
        single(TextSeed.visit_u64(v))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Field, E> {
        single(TextSeed.visit_f64(v))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Field, E> {
        single(TextSeed.visit_str(v))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Field, E> {
        single(TextSeed.visit_string(v))
    }
    fn visit_unit<E: de::Error>(self) -> Result<Field, E> {
        single(TextSeed.visit_unit())
    }
    fn visit_none<E: de::Error>(self) -> Result<Field, E> {
        single(TextSeed.visit_unit())
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Field, A::Error> {
        single(TextSeed.visit_map(map))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Field, A::Error> {
        let mut items = Vec::new();
        while items.len() < MAX_LIST {
            match seq.next_element_seed(TextSeed)? {
                Some(item) => items.push(item.text),
                None => return Ok(Field::List(items, false)),
            }
        }
        let mut more = false;
        while seq.next_element::<IgnoredAny>()?.is_some() {
            more = true;
        }
        Ok(Field::List(items, more))
    }
}

/// Reads an article object; at the top of a document, also the arrays
/// under wrapper keys.
struct RecordSeed {
    top: bool,
}

impl<'de> Visitor<'de> for RecordSeed {
    type Value = Record;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an article object")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Record, A::Error> {
        let mut record = Record::default();
        let classify = |k: &str| {
            if is_any(k, TEXT_FIELDS) {
                Key::Text(k.to_owned())
            } else if is_any(k, LIST_FIELDS) {
                Key::List(k.to_owned())
            } else if let Some(name) = WRAPPERS.iter().find(|w| self.top && **w == k) {
                Key::Wrapper(name)
            } else {
                Key::Other
            }
        };
        while let Some(key) = map.next_key_seed(KeySeed(classify))? {
            match key {
                Key::Text(k) => {
                    let text = map.next_value_seed(TextSeed)?;
                    record.fields.push((k, Field::Text(text)));
                }
                Key::List(k) => {
                    let list = map.next_value_seed(ListSeed)?;
                    record.fields.push((k, list));
                }
                Key::Wrapper(name) => {
                    let items = match map.next_value_seed(WRAPPED)? {
                        Any::Array(items) => Some(items),
                        _ => None,
                    };
                    record.wrapped.push((name, items));
                }
                Key::Other => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        record.sort();
        Ok(record)
    }
}

/// Reads any value: an object as an article [`Record`], an array (if
/// `arrays`) as its elements, anything else as what it is.
#[derive(Clone, Copy)]
struct AnySeed {
    /// At the top of a document: wrapper keys count.
    top: bool,
    /// Arrays are read, not passed over.
    arrays: bool,
}

/// A whole document, or the value under a wrapper key.
const DOCUMENT: AnySeed = AnySeed {
    top: true,
    arrays: true,
};
/// An article in an array, or on a line.
const ELEMENT: AnySeed = AnySeed {
    top: false,
    arrays: false,
};
/// The value under a wrapper key.
const WRAPPED: AnySeed = AnySeed {
    top: false,
    arrays: true,
};

enum Any {
    Object(Record),
    Array(Vec<Element>),
    Other(&'static str),
}

impl Any {
    fn element(self) -> Element {
        match self {
            Any::Object(record) => Element::Record(record),
            Any::Array(_) => Element::Other("an array"),
            Any::Other(kind) => Element::Other(kind),
        }
    }
}

impl<'de> DeserializeSeed<'de> for AnySeed {
    type Value = Any;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Any, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for AnySeed {
    type Value = Any;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any value")
    }
    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Any, E> {
        Ok(Any::Other("a boolean"))
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<Any, E> {
        Ok(Any::Other("a number"))
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<Any, E> {
        Ok(Any::Other("a number"))
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Any, E> {
        Ok(Any::Other("a number"))
    }
    fn visit_str<E: de::Error>(self, _: &str) -> Result<Any, E> {
        Ok(Any::Other("a string"))
    }
    fn visit_unit<E: de::Error>(self) -> Result<Any, E> {
        Ok(Any::Other("null"))
    }
    fn visit_none<E: de::Error>(self) -> Result<Any, E> {
        self.visit_unit()
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Any, A::Error> {
        RecordSeed { top: self.top }.visit_map(map).map(Any::Object)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Any, A::Error> {
        if !self.arrays {
            while seq.next_element::<IgnoredAny>()?.is_some() {}
            return Ok(Any::Other("an array"));
        }
        let mut items = Vec::new();
        while let Some(item) = seq.next_element_seed(ELEMENT)? {
            items.push(item.element());
        }
        Ok(Any::Array(items))
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
    fn a_section_is_kept_apart_from_the_topic_list() {
        let r = lines(r#"{"title":"T","body":"B","section":"Politics","topics":["x"],"tags":"y"}"#);
        let a = &r.articles[0];
        assert_eq!(a.topics, ["x", "y"]);
        assert_eq!(a.sections, ["Politics"]);
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
            let r = collect(|out| parse_document(text.to_owned(), Path::new("f.json"), out));
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
    fn values_read_as_text() {
        let r = lines(
            r#"{"title":["", "A", 1.0, null, {"name":"N"}, [2, "B"]],"Title":"upper first","text":1e20,"body":"  ","id":-5,"source":{"url":"u","value":"V","title":"T"},"url":{"href":"h"},"published":true}"#,
        );
        let a = &r.articles[0];
        // Keys in byte order ("Title" before "title"); blank values skipped.
        assert_eq!(a.title, "upper first");
        assert_eq!(a.body, "1e+20");
        assert_eq!(a.id, "-5");
        assert_eq!(a.source.as_deref(), Some("T"));
        assert_eq!(a.url, None);
        assert_eq!(r.problems[0].kind, "bad date");
        let r =
            lines(r#"{"title":["", "A", 1.0, null, {"name":"N"}, [2, "B"]],"title":"last wins"}"#);
        assert_eq!(r.articles[0].title, "last wins");
        let r = lines(r#"{"headline":["", "A", 1.0, null, {"name":"N"}, [2, "B"]]}"#);
        assert_eq!(r.articles[0].title, "A\n\n1.0\n\nN\n\n2\n\nB");
    }

    #[test]
    fn a_subtitle_stands_in_for_a_missing_title() {
        let r = lines(r#"{"title":"","subtitle":"Sub","body":"B"}"#);
        assert_eq!(r.articles[0].title, "Sub");
        let r = lines(r#"{"title":"T","subtitle":"Sub","body":"B"}"#);
        assert_eq!(r.articles[0].title, "T");
        assert_eq!(r.articles[0].body, "Sub\n\nB");
        let r = lines(r#"{"title":"T","dek":" Sub. ","body":"Sub. B"}"#);
        assert_eq!(r.articles[0].body, "Sub. B");
        // Held further on, or spaced otherwise: once.
        let r = lines(
            r#"{"title":"T","subtitle":"Talks  resume\nin Geneva.","body":"GENEVA, May 2. /TASS/. Talks resume in Geneva. More."}"#,
        );
        assert_eq!(
            r.articles[0].body,
            "GENEVA, May 2. /TASS/. Talks resume in Geneva. More."
        );
        // Only the title again: not the body's too.
        let r = lines(r#"{"title":"Talks resume","subtitle":"talks  resume","body":"B"}"#);
        assert_eq!(r.articles[0].body, "B");
        let r = lines(r#"{"title":"T","standfirst":"Sub"}"#);
        assert_eq!(r.articles[0].body, "Sub");
        let r = lines(r#"{"subtitle":"","body":"B"}"#);
        assert_eq!(r.articles[0].title, "");
    }

    #[test]
    fn wrapper_only_without_title_or_body() {
        let doc =
            |text: &str| collect(|out| parse_document(text.to_owned(), Path::new("f.json"), out));
        let r = doc(r#"{"items":[{"title":"a"},3],"data":[{"title":"b"}]}"#);
        let titles: Vec<_> = r.articles.iter().map(|a| a.title.as_str()).collect();
        assert_eq!(titles, ["a"]);
        assert_eq!(
            r.problems[0].message,
            "record 2: expected a JSON object, found a number"
        );
        let r = doc(r#"{"articles":5,"data":[{"title":"b"}],"title":null}"#);
        assert_eq!(r.articles[0].title, "b");
        let r = doc(r#"{"title":"own","articles":[{"title":"a"}]}"#);
        assert_eq!(r.articles[0].title, "own");
        assert_eq!(r.articles.len(), 1);
        let r = doc(r#""just a string""#);
        assert_eq!(
            r.problems[0].message,
            "expected a JSON object or array, found a string"
        );
        let r = doc(r#"{"title":"a"} trailing"#);
        assert_eq!(r.problems[0].kind, "invalid JSON");
    }

    #[test]
    fn long_lists_keep_their_first_values() {
        let tags: Vec<String> = (0..MAX_LIST + 5).map(|i| format!("\"t{i}\"")).collect();
        let r = lines(&format!(
            r#"{{"title":"t","tags":[{}],"keywords":"a, T0, b","author":"X; x"}}"#,
            tags.join(",")
        ));
        let a = &r.articles[0];
        assert_eq!(a.topics.len(), MAX_LIST);
        assert_eq!(a.topics[..2], ["t0", "t1"]);
        assert_eq!(a.authors, ["X"]);
        assert_eq!(r.problems[0].kind, "long list");
    }

    #[test]
    fn streamed_elements_are_capped() {
        let big = format!(
            r#"[{{"title":"a"}}, {{"title":"{}"}}, {{"title":"c"}}]"#,
            "x".repeat(MAX_RECORD)
        );
        let r = collect(|out| parse_array_stream(big.as_bytes(), Path::new("f.json"), out));
        assert_eq!(r.articles.len(), 1);
        assert_eq!(r.problems[0].kind, "too large");
        assert!(
            r.problems[0].message.starts_with("record 2 "),
            "{}",
            r.problems[0].message
        );
    }

    #[test]
    fn articles_over_the_cap_are_skipped() {
        let big = format!(
            r#"{{"items":[{{"title":"a"}}, {{"body":"{}"}}]}}"#,
            "x".repeat(crate::ingest::MAX_ARTICLE + 1)
        );
        let r = collect(|out| parse_document(big, Path::new("f#.json"), out));
        assert_eq!(r.articles.len(), 1);
        assert_eq!(
            r.problems[0].message,
            "record 2: article text longer than 16 MiB"
        );
    }

    #[test]
    fn bad_date_warns_and_keeps_article() {
        let r = lines(r#"{"title":"t","date":"someday"}"#);
        assert_eq!(r.articles.len(), 1);
        assert_eq!(r.articles[0].date, None);
        assert_eq!(r.problems[0].kind, "bad date");
    }
}
