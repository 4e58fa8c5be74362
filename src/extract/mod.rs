//! Enrichment: finds the people and topics of an article, and the MinHash
//! signature its near-duplicates are found by. Pure functions over text,
//! no I/O, so they can be tested in isolation.

pub mod minhash;
pub mod ner;
pub mod people;
pub mod topics;

use crate::article::Article;
use crate::clean;

pub use topics::Taxonomy;

/// Cleans an article and fills in its people, topics and signature.
/// Metadata from the file wins; what it lacks is found in the text.
#[derive(Debug)]
pub struct Enricher {
    taxonomy: Taxonomy,
}

impl Enricher {
    pub fn new(taxonomy: Taxonomy) -> Enricher {
        Enricher { taxonomy }
    }

    /// The enricher with the embedded taxonomy.
    pub fn embedded() -> Enricher {
        Enricher::new(Taxonomy::embedded())
    }

    pub fn enrich(&self, article: &mut Article) {
        article.title = clean::clean_line(&article.title);
        article.body = clean::clean_body(&article.body);
        clean::repair_article(&mut article.title, &mut article.body);
        article.people = dedup_names(&article.people);
        article.topics = dedup_names(&article.topics);
        article.topics.retain(|t| is_topic_name(t));
        let (mut found, mut mentions) = people::find_mentions(&article.title, &article.body);
        // The publisher's own name ("Al Jazeera" on aljazeera.com) is not
        // a person, however it is written.
        let publisher = format!(
            "{} {}",
            article.source.as_deref().unwrap_or(""),
            article.url.as_deref().unwrap_or("")
        )
        .to_lowercase();
        let is_publisher = |name: &str| {
            let squashed: String = name
                .chars()
                .filter(|c| c.is_alphanumeric())
                .collect::<String>()
                .to_lowercase();
            squashed.len() >= 5 && publisher.contains(&squashed)
        };
        found.retain(|p| !is_publisher(p));
        mentions.retain(|m| !is_publisher(&m.person));
        if article.people.is_empty() {
            article.people = found;
        }
        article.mentions = mentions;
        // The file's own topics (Reuters TOPICS, tags, sections) are kept,
        // and the taxonomy's are added.
        let found = self.taxonomy.assign(&article.title, &article.body);
        let topics = [std::mem::take(&mut article.topics), found].concat();
        article.topics = dedup_names(&topics);
        article.signature = minhash::Signature::of(&article.body);
    }
}

/// A metadata topic worth keeping: not a number, a language code or other
/// URL-path debris ("2017", "en").
fn is_topic_name(t: &str) -> bool {
    t.chars().filter(|c| c.is_alphabetic()).count() > 2
}

/// Trims names and drops repeats (case-insensitive), keeping first order.
fn dedup_names(names: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::with_capacity(names.len());
    for name in names {
        let name = clean::collapse_whitespace(name);
        if !name.is_empty() && !out.iter().any(|o| o.eq_ignore_ascii_case(&name)) {
            out.push(name);
        }
    }
    out
}
