//! Articles to tantivy documents and back.

use serde::Serialize;
use tantivy::schema::Value;
use tantivy::{DateTime, TantivyDocument, Term};

use crate::article::Article;
use crate::index::schema::Fields;

/// Builds the document stored for an article in a near-duplicate group.
pub fn to_document(a: &Article, f: &Fields, group: &str) -> TantivyDocument {
    let mut doc = TantivyDocument::new();
    doc.add_text(f.group, group);
    doc.add_u64(f.group_id, group_id(group));
    if let Some(sig) = &a.signature {
        doc.add_bytes(f.minhash, &sig.to_bytes());
        for band in sig.bands() {
            doc.add_u64(f.dup_band, band);
        }
    }
    doc.add_text(f.id, &a.id);
    doc.add_text(f.key, &a.key);
    doc.add_text(f.path, crate::article::path_text(&a.path));
    doc.add_text(f.title, &a.title);
    doc.add_text(f.body, &a.body);
    for person in &a.people {
        doc.add_text(f.people, person);
        doc.add_text(f.people_exact, person);
    }
    for word in &a.name_words {
        doc.add_text(f.name_words, word);
    }
    for name in &a.organisations {
        doc.add_text(f.organisations, name);
    }
    for topic in &a.topics {
        doc.add_text(f.topic, topic);
        doc.add_text(f.topic_exact, topic);
    }
    if let Some(source) = &a.source {
        doc.add_text(f.source, source);
        doc.add_text(f.source_exact, source);
    }
    if let Some(url) = &a.url {
        doc.add_text(f.url, url);
    }
    if let Some(date) = a.date {
        doc.add_date(f.date, DateTime::from_timestamp_secs(date.as_second()));
    }
    doc
}

/// The number that stands for a near-duplicate group in the fast field.
pub fn group_id(group: &str) -> u64 {
    xxhash_rust::xxh3::xxh3_64(group.as_bytes())
}

/// The term that identifies an article's document, for replacing it.
pub fn key_term(f: &Fields, key: &str) -> Term {
    Term::from_field_text(f.key, key)
}

/// A stored document read back as the fields shown to users: the one
/// shape of an indexed article that search hits carry
/// ([`crate::search::Hit`]) and pages show. Serialised as `newsidx
/// serve`'s article answer (`date` in RFC 3339).
#[derive(Debug, Default, Clone, Serialize)]
pub struct Stored {
    pub id: String,
    pub path: String,
    pub title: String,
    pub body: String,
    pub people: Vec<String>,
    pub topics: Vec<String>,
    pub source: Option<String>,
    pub url: Option<String>,
    pub date: Option<jiff::Timestamp>,
    pub group: String,
}

impl Stored {
    pub fn from_document(doc: &TantivyDocument, f: &Fields) -> Stored {
        let text = |field| {
            doc.get_first(field)
                .and_then(|v| v.as_str())
                .map(str::to_owned)
        };
        let all = |field| {
            doc.get_all(field)
                .filter_map(|v| v.as_str().map(str::to_owned))
                .collect::<Vec<_>>()
        };
        let date = doc
            .get_first(f.date)
            .and_then(|v| v.as_datetime())
            .and_then(|d| jiff::Timestamp::from_second(d.into_timestamp_secs()).ok());
        Stored {
            id: text(f.id).unwrap_or_default(),
            path: text(f.path).unwrap_or_default(),
            title: text(f.title).unwrap_or_default(),
            body: text(f.body).unwrap_or_default(),
            people: all(f.people),
            topics: all(f.topic),
            source: text(f.source),
            url: text(f.url),
            date,
            group: text(f.group).unwrap_or_default(),
        }
    }
}
