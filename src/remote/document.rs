//! One article as a document of the cluster's index: exactly the fields of
//! the template's strict mapping, and the bulk action line that goes
//! before it.
//!
//! The same article gives the same bytes whether it comes from files or
//! from an index: lists that the index keeps in its own order
//! (`name_words`, `dup_band`) are sorted, the date is whole seconds.

use base64::Engine as _;
use serde::Serialize;

use crate::article::Article;

/// A document as the template maps it. Every field is always present
/// (`null` or `[]` when the article has nothing for it).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Doc {
    pub id: String,
    /// The article key, also the document's `_id`.
    pub key: String,
    pub path: String,
    /// The file as it was read: xxh3 of its bytes (hex, as the index's
    /// file list keeps it), its size and modification time (nanoseconds).
    /// What an incremental push compares; `null` when not known.
    pub file_hash: Option<String>,
    pub file_size: Option<u64>,
    pub file_mtime: Option<i64>,
    /// The articles the file gave: a push that stopped half way through a
    /// file left fewer documents than this. `null` for a file too large
    /// to hold in memory while it is read.
    pub file_articles: Option<u64>,
    pub title: String,
    pub body: String,
    pub people: Vec<String>,
    pub topics: Vec<String>,
    pub source: Option<String>,
    /// Sorted, distinct.
    pub name_words: Vec<String>,
    pub url: Option<String>,
    /// RFC 3339, whole seconds, UTC.
    pub date: Option<String>,
    /// The near-duplicate group.
    pub group: String,
    /// The signature as the index keeps it, in base64.
    pub minhash: Option<String>,
    /// The band keys, sorted: u64 as the i64 with the same bits (a `long`
    /// in the mapping).
    pub dup_band: Vec<i64>,
}

/// A file's state when its articles were read: its content hash, size
/// and modification time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileMark {
    pub hash: String,
    pub size: u64,
    pub mtime: i64,
    /// Articles it gave, when known.
    pub articles: Option<u64>,
}

impl Doc {
    /// The document for an enriched article in a near-duplicate group,
    /// read from a file in the state `file`.
    pub fn from_article(a: &Article, group: &str, file: Option<&FileMark>) -> Doc {
        Doc {
            id: a.id.clone(),
            key: a.key.clone(),
            path: crate::article::path_text(&a.path),
            file_hash: file.map(|f| f.hash.clone()),
            file_size: file.map(|f| f.size),
            file_mtime: file.map(|f| f.mtime),
            file_articles: file.and_then(|f| f.articles),
            title: a.title.clone(),
            body: a.body.clone(),
            people: a.people.clone(),
            topics: a.topics.clone(),
            source: a.source.clone(),
            name_words: sorted(a.name_words.clone()),
            url: a.url.clone(),
            date: a.date.map(|d| date_text(d.as_second())),
            group: group.to_owned(),
            minhash: a.signature.as_ref().map(|s| minhash_text(&s.to_bytes())),
            dup_band: a
                .signature
                .as_ref()
                .map_or_else(Vec::new, |s| bands(s.bands())),
        }
    }

    /// The action line and the document, each ending in a newline.
    pub fn write_bulk(&self, index_name: &str, out: &mut Vec<u8>) {
        #[derive(Serialize)]
        struct Target<'a> {
            _index: &'a str,
            _id: &'a str,
        }
        #[derive(Serialize)]
        struct Action<'a> {
            index: Target<'a>,
        }
        let action = Action {
            index: Target {
                _index: index_name,
                _id: &doc_id(&self.key),
            },
        };
        // Serialising strings and numbers into memory cannot fail.
        serde_json::to_writer(&mut *out, &action).expect("serialisable action");
        out.push(b'\n');
        serde_json::to_writer(&mut *out, self).expect("serialisable document");
        out.push(b'\n');
    }
}

/// A bulk action that deletes the document with `_id` `id` (as [`doc_id`]
/// makes it), ending in a newline.
pub fn write_delete(index_name: &str, id: &str, out: &mut Vec<u8>) {
    let action = serde_json::json!({"delete": {"_index": index_name, "_id": id}});
    serde_json::to_writer(&mut *out, &action).expect("serialisable action");
    out.push(b'\n');
}

/// The longest `_id` OpenSearch and Elasticsearch take, in bytes.
pub const MAX_ID: usize = 512;

/// A document's `_id`: its article key, or for a key longer than
/// [`MAX_ID`] (a deep path) the key's start and a hash of the whole key:
/// still the same for the same key, so loading twice adds nothing.
pub fn doc_id(key: &str) -> std::borrow::Cow<'_, str> {
    if key.len() <= MAX_ID {
        return key.into();
    }
    let mut end = MAX_ID - 64;
    while !key.is_char_boundary(end) {
        end -= 1;
    }
    let hash = xxhash_rust::xxh3::xxh3_128(key.as_bytes());
    format!("{}…#xxh3-{hash:032x}", &key[..end]).into()
}

/// A date in seconds as the document carries it.
pub fn date_text(seconds: i64) -> String {
    jiff::Timestamp::from_second(seconds)
        .map(|t| t.to_string())
        .unwrap_or_else(|_| seconds.to_string())
}

/// Signature bytes in base64 (the mapping's `binary`).
pub fn minhash_text(bytes: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

/// Band keys sorted, distinct, as `long`s.
pub fn bands(mut keys: Vec<u64>) -> Vec<i64> {
    keys.sort_unstable();
    keys.dedup();
    keys.into_iter().map(|k| k as i64).collect()
}

/// Strings sorted, distinct.
pub fn sorted(mut words: Vec<String>) -> Vec<String> {
    words.sort_unstable();
    words.dedup();
    words
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The template's mapping is strict: a document with a field it does
    /// not map, or without one it does, is not what the cluster expects.
    #[test]
    fn documents_carry_exactly_the_fields_of_the_template() {
        let template: serde_json::Value =
            serde_json::from_str(crate::remote::TEMPLATE_JSON).unwrap();
        let mapping = &template["template"]["mappings"];
        assert_eq!(mapping["dynamic"], "strict");
        let mut mapped: Vec<&str> = mapping["properties"]
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        mapped.sort_unstable();
        let doc = serde_json::to_value(Doc::default()).unwrap();
        let mut fields: Vec<&str> = doc
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        fields.sort_unstable();
        assert_eq!(fields, mapped);
    }

    #[test]
    fn long_keys_get_ids_the_cluster_takes() {
        let short = "/d/a.txt";
        assert_eq!(doc_id(short), short);
        let long = format!("/{}é/{}.txt", "x".repeat(446), "y".repeat(300));
        let id = doc_id(&long);
        assert!(id.len() <= MAX_ID, "{}", id.len());
        assert!(long.starts_with(id.split('…').next().unwrap()));
        assert_eq!(id, doc_id(&long));
        assert_ne!(id, doc_id(&format!("{long}#2")));
    }

    #[test]
    fn bulk_lines_are_an_action_and_a_document() {
        let article = Article {
            id: "a1".into(),
            key: "/d/a.jsonl#1".into(),
            path: "/d/a.jsonl".into(),
            title: "Title \"quoted\"".into(),
            date: Some(jiff::Timestamp::from_second(86_400).unwrap()),
            name_words: vec!["Trump".into(), "Biden".into(), "Trump".into()],
            ..Default::default()
        };
        let mut out = Vec::new();
        Doc::from_article(&article, "g", None).write_bulk("news", &mut out);
        let text = String::from_utf8(out).unwrap();
        let lines: Vec<serde_json::Value> = text
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert_eq!(lines.len(), 2);
        assert_eq!(
            lines[0],
            serde_json::json!({"index": {"_index": "news", "_id": "/d/a.jsonl#1"}})
        );
        assert_eq!(lines[1]["date"], "1970-01-02T00:00:00Z");
        assert_eq!(
            lines[1]["name_words"],
            serde_json::json!(["Biden", "Trump"])
        );
        assert_eq!(lines[1]["minhash"], serde_json::Value::Null);
        assert_eq!(lines[1]["dup_band"], serde_json::json!([]));
    }
}
