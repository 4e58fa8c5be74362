//! Enrichment: finds the people and topics of an article, and the MinHash
//! signature its near-duplicates are found by. Pure functions over text,
//! no I/O, so they can be tested in isolation.

pub mod entities;
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
        let people::Names {
            people: mut found,
            mut mentions,
            name_words,
            organisations,
        } = people::find(&article.title, &article.body);
        // The publisher's own name ("Al Jazeera" on aljazeera.com) is not
        // a person, however it is written. Only the URL's host names the
        // publisher: its path names whoever the story is about
        // (abcnews.go.com/Politics/trump-...).
        let publisher = format!(
            "{} {}",
            article.source.as_deref().unwrap_or(""),
            url_host(article.url.as_deref().unwrap_or(""))
        )
        .to_lowercase();
        let is_publisher = |name: &str| {
            // "Al Jazeera News" on aljazeera.com: the outlet's words aside.
            let mut words: Vec<&str> = name.split(' ').collect();
            while words.len() > 1
                && words
                    .last()
                    .is_some_and(|w| OUTLET_WORDS.iter().any(|o| o.eq_ignore_ascii_case(w)))
            {
                words.pop();
            }
            let squashed: String = words
                .concat()
                .chars()
                .filter(|c| c.is_alphanumeric())
                .collect::<String>()
                .to_lowercase();
            squashed.len() >= 5 && publisher.contains(&squashed)
        };
        found.retain(|p| !is_publisher(p));
        mentions.retain(|m| !is_publisher(&m.person));
        let mut name_words = name_words;
        if article.people.is_empty() {
            article.people = found;
        } else {
            // A surname alone in the file's list (Reuters PEOPLE: "wilson")
            // is the one person of that surname the text names in full
            // ("Finance Minister Michael Wilson"); with two such (Bill
            // and Hillary Clinton) it stays as the file gives it.
            let listed = std::mem::take(&mut article.people);
            article.people = dedup_names(
                &listed
                    .iter()
                    .map(|p| full_name(p, &found))
                    .collect::<Vec<_>>(),
            );
            // The file names its people (Reuters PEOPLE): those the text
            // names besides count as far as the archive knows them, by
            // surname (`index::entities`).
            for name in &found {
                if let Some(last) = name.split_whitespace().last()
                    && !name_words.iter().any(|w| w == last)
                {
                    name_words.push(last.to_owned());
                }
            }
        }
        article.mentions = mentions;
        article.name_words = name_words;
        article.organisations = organisations;
        // The file's topic labels (Reuters TOPICS, tags) and sections map
        // onto the taxonomy, which weighs them with the words: see
        // `topics` for the rules and the order.
        let mut listed = std::mem::take(&mut article.topics);
        listed.retain(|t| is_topic_name(t));
        let mut sections = std::mem::take(&mut article.sections);
        // A URL folder names a subject by its name or alias ("politics",
        // "sports"), never by a wire code: "/sport/nba/heat/" is no
        // heating oil, "/food/meat/" no meat trade.
        sections.extend(
            url_sections(article.url.as_deref().unwrap_or(""))
                .filter(|s| self.taxonomy.names_a_subject(s))
                .filter(|s| !sections.iter().any(|x| x.eq_ignore_ascii_case(s)))
                .map(str::to_owned)
                .collect::<Vec<_>>(),
        );
        article.topics = self
            .taxonomy
            .topics(&article.title, &article.body, &listed, &sections);
        article.signature = minhash::Signature::of(&article.body);
    }
}

/// The full name in `found` of a surname alone (`name`, as Reuters
/// PEOPLE gives them: "wilson", "de clercq"): the only longer name whose
/// last words it is, compared as the archive compares names (case,
/// accents, hyphens and spelling variants aside: `entities::NameKey`);
/// `name` itself otherwise.
fn full_name(name: &str, found: &[String]) -> String {
    let tail = entities::NameKey::of(name).words;
    let mut bearers = found.iter().filter(|f| {
        let words = entities::NameKey::of(f).words;
        !tail.is_empty() && words.len() > tail.len() && words.ends_with(&tail)
    });
    match (bearers.next(), bearers.next()) {
        (Some(one), None) => one.clone(),
        _ => name.to_owned(),
    }
}

/// The host of a URL: "www.aljazeera.com" of
/// "https://www.aljazeera.com/news/2017/...".
fn url_host(url: &str) -> &str {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    rest.split(['/', '?', '#']).next().unwrap_or("")
}

/// The sections a URL's path files the story under: its folders, the
/// page itself left out, and none with a digit in it (dates, ids).
/// "http://www.rte.ie/news/politics/2017/0316/860285-st-patricks-day-us/"
/// is under "news" and "politics". Like the file's own sections, only
/// those that name a topic of the taxonomy count ("politics" does, "news"
/// does not), and a story filed under a broad section may still be about
/// something narrower: the words choose among the section's topics.
fn url_sections(url: &str) -> impl Iterator<Item = &str> {
    let url = url.split(['?', '#']).next().unwrap_or("");
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    // The host, then the folders: "tass.com/politics/x" and
    // "//host/politics/x" have them too.
    let mut folders: Vec<&str> = rest.trim_start_matches('/').split('/').skip(1).collect();
    // The page: the last part, or the one before a trailing slash.
    while folders.last().is_some_and(|f| f.is_empty()) {
        folders.pop();
    }
    folders.pop();
    folders
        .into_iter()
        .filter(|f| !f.is_empty() && !f.bytes().any(|b| b.is_ascii_digit()))
}

/// Words that end a news outlet's name ("Al Jazeera News", "Fox TV").
const OUTLET_WORDS: &[&str] = &[
    "channel",
    "daily",
    "media",
    "network",
    "news",
    "online",
    "radio",
    "television",
    "tv",
];

/// A file's topic label worth looking at: not a number, a language code or
/// other URL-path debris ("2017", "en"). (Sections need no such test: one
/// that names no topic of the taxonomy is dropped anyway.)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_labels_and_sections_become_taxonomy_topics() {
        let enricher = Enricher::embedded();
        let mut article = Article {
            title: "Coffee quotas talks".into(),
            body: "Producers met to discuss export quotas.".into(),
            topics: vec!["coffee".into(), "2017".into()],
            sections: vec!["news".into()],
            ..Article::default()
        };
        enricher.enrich(&mut article);
        // "news" names no topic and "2017" is URL debris; the wire code
        // comes after its taxonomy parents.
        assert_eq!(article.topics[..2], ["commodities", "economy"]);
        assert_eq!(article.topics.last().map(String::as_str), Some("coffee"));
        assert!(!article.topics.iter().any(|t| t == "news" || t == "2017"));
        assert!(article.sections.is_empty());
    }

    fn enriched(source: &str, url: &str, body: &str) -> Article {
        let mut article = Article {
            title: String::new(),
            body: body.to_owned(),
            source: Some(source.to_owned()),
            url: Some(url.to_owned()),
            ..Article::default()
        };
        Enricher::embedded().enrich(&mut article);
        article
    }

    #[test]
    fn the_publisher_is_no_person_but_the_url_path_names_no_publisher() {
        let a = enriched(
            "www.aljazeera.com",
            "http://www.aljazeera.com/news/2017/03/trump-lavrov.html",
            "Al Jazeera News reported that President Donald Trump met Sergey \
             Lavrov. Al Jazeera said Trump was upbeat.",
        );
        assert_eq!(a.people, ["Donald Trump", "Sergey Lavrov"]);
        assert!(a.mentions.iter().all(|m| !m.person.contains("Jazeera")));
    }

    fn with_listed(people: &[&str], body: &str) -> Vec<String> {
        let mut article = Article {
            title: "Canada's finance minister speaks".into(),
            body: body.to_owned(),
            people: people.iter().map(|&p| p.to_owned()).collect(),
            ..Article::default()
        };
        Enricher::embedded().enrich(&mut article);
        article.people
    }

    /// Reuters PEOPLE gives surnames: the text's full name stands for
    /// one, when the text names a single person of that surname.
    #[test]
    fn a_listed_surname_is_the_full_name_the_text_gives() {
        let body = "Canadian Finance Minister Michael Wilson said the economy was \
                    sound. Wilson spoke in Ottawa.";
        assert_eq!(with_listed(&["Wilson"], body), ["Michael Wilson"]);
        // Already listed in full: one entry.
        assert_eq!(
            with_listed(&["Michael Wilson", "Wilson"], body),
            ["Michael Wilson"]
        );
        // Two bearers in the text: the file's surname stays.
        let two = "Michael Wilson met Pete Wilson, the governor, in Sacramento. \
                   Wilson said talks went well.";
        assert_eq!(with_listed(&["Wilson"], two), ["Wilson"]);
        // No bearer named in full: as the file gives it.
        assert_eq!(with_listed(&["Wilson"], "Wilson said so."), ["Wilson"]);
        // Compared as the archive compares names: accents aside.
        assert_eq!(
            with_listed(&["Muller"], "Economy Minister Werner Müller said so."),
            ["Werner Müller"]
        );
        // A surname of two words.
        assert_eq!(
            with_listed(
                &["De Clercq"],
                "EC External Affairs Commissioner Willy De Clercq said talks would go on."
            ),
            ["Willy De Clercq"]
        );
    }

    #[test]
    fn url_hosts() {
        assert_eq!(
            url_host("https://www.bbc.co.uk/news/x?y=1"),
            "www.bbc.co.uk"
        );
        assert_eq!(url_host("tass.com/politics"), "tass.com");
        assert_eq!(url_host(""), "");
    }

    #[test]
    fn url_folders_are_sections_and_the_page_is_not() {
        let sections = |url| url_sections(url).collect::<Vec<_>>();
        assert_eq!(
            sections("http://www.rte.ie/news/politics/2017/0316/860285-st-patricks-day-us/"),
            ["news", "politics"]
        );
        assert_eq!(
            sections("http://www.cnn.com/2017/03/01/politics/gop-health-plan/index.html"),
            ["politics", "gop-health-plan"]
        );
        assert_eq!(
            sections("https://www.bbc.co.uk/sport/football/39391431?x=1"),
            ["sport", "football"]
        );
        // The page names no section, even when it is one word.
        assert!(sections("https://example.com/health").is_empty());
        assert!(sections("https://example.com/").is_empty());
        assert!(sections("no url").is_empty());
        assert!(sections("").is_empty());
        // Without a scheme, and with a URL in the query, which is no path.
        assert_eq!(sections("tass.com/politics/937859"), ["politics"]);
        assert_eq!(sections("//example.com/sport/x"), ["sport"]);
        assert_eq!(
            sections("example.com/a?next=http://x/politics/b"),
            Vec::<&str>::new()
        );
    }

    #[test]
    fn a_url_folder_naming_a_topic_gives_it() {
        let enricher = Enricher::embedded();
        let topics = |url: &str| {
            let mut article = Article {
                title: "Taoiseach attends St Patrick's Day event in Washington".into(),
                body: "The Taoiseach had breakfast with the Vice President.".into(),
                url: Some(url.into()),
                sections: vec!["news".into()],
                ..Article::default()
            };
            enricher.enrich(&mut article);
            article.topics
        };
        assert_eq!(
            topics("http://www.rte.ie/news/politics/2017/0316/860285-st-patricks-day-us/"),
            ["politics"]
        );
        // The page's own name is the story's, not a section.
        assert!(topics("http://www.example.com/news/politics").is_empty());
        // A folder that is a wire code names no subject.
        assert!(
            topics("http://www.example.com/sport/nba/heat/story")
                .iter()
                .all(|t| t != "energy")
        );
    }
}
