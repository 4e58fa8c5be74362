//! Properties over arbitrary input: no parser and no query panics, and
//! what comes out stays well formed. A short run belongs to the normal
//! suite; `fuzz/` holds the coverage-guided harness for long runs.

use std::path::Path;

use proptest::prelude::*;

use newsidx::index::store::Store;
use newsidx::ingest;
use newsidx::search::{Engine, Request};

const NAMES: &[&str] = &[
    "a.txt",
    "a.json",
    "a.jsonl",
    "a.sgm",
    "a.txt.gz",
    "a.jsonl.gz",
];

fn parse(name: &str, bytes: &[u8]) -> (Vec<newsidx::article::Article>, ingest::Parsed) {
    let mut articles = Vec::new();
    let parsed = ingest::parse_source(Path::new(name), bytes, &mut |a| articles.push(a));
    (articles, parsed)
}

/// Text shaped like the formats, so the parsers get past their first byte.
fn formatish() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("{\"title\": \"".to_owned()),
        Just("\", \"body\": \"".to_owned()),
        Just("\"}\n".to_owned()),
        Just("[".to_owned()),
        Just("]".to_owned()),
        Just("<REUTERS NEWID=\"1\">".to_owned()),
        Just("</REUTERS>\n".to_owned()),
        Just("<TITLE>".to_owned()),
        Just("</TITLE><BODY>".to_owned()),
        Just("</BODY>".to_owned()),
        Just("&#3;&lt;&amp".to_owned()),
        Just("\n\n".to_owned()),
        Just("<p>".to_owned()),
        Just("Comments\n\n".to_owned()),
        "[ -~\u{a0}-\u{3ff}]{0,40}",
    ];
    proptest::collection::vec(piece, 0..40).prop_map(|v| v.concat())
}

/// A word as people type them: letters with punctuation inside, before
/// or after (`Trump's`, `U.S.`, `#MeToo`, `C++`, `9/11`, an emoji), and
/// now and then an operator.
fn word_with_punctuation() -> impl Strategy<Value = String> {
    let punct = r#"[-'’.&#@+/!?,;:^`\\\[\]{}"()*~😀]"#;
    prop_oneof![
        8 => proptest::string::string_regex(&format!(
            "{punct}?[A-Za-z0-9]{{1,8}}{punct}{{0,2}}[a-z0-9]{{0,4}}{punct}?"
        ))
        .expect("a valid pattern"),
        1 => Just("AND".to_owned()),
        1 => Just("OR".to_owned()),
        1 => Just("NOT".to_owned()),
        1 => Just("\"arms control\"".to_owned()),
    ]
}

/// An index in memory with a few articles, so queries have postings,
/// positions and dates to work on.
fn small_index() -> Engine {
    let store = Store::create_in_ram().unwrap();
    let mut writer: tantivy::IndexWriter = store.index.writer(15_000_000).unwrap();
    let text =
        std::fs::read_to_string(crate::util::data_dir().join("feeds/news-articles-sample.jsonl"))
            .unwrap();
    let (articles, _) = parse("a.jsonl", text.as_bytes());
    let enricher = newsidx::extract::Enricher::embedded();
    for mut a in articles {
        enricher.enrich(&mut a);
        writer
            .add_document(newsidx::index::document::to_document(
                &a,
                &store.fields,
                &a.key,
            ))
            .unwrap();
    }
    writer.commit().unwrap();
    Engine::new(&store).unwrap()
}

/// Found by `queries_never_panic`: a left-out phrase asked tantivy's
/// phrase scorer about a document before its first match, which its debug
/// assertions refused (see Cargo.toml).
#[test]
fn left_out_phrases_are_answered() {
    let engine = small_index();
    let total = |query: &str| {
        let req = Request {
            query: query.to_owned(),
            limit: 5,
            snippets: true,
            ..Request::default()
        };
        engine
            .search(&req)
            .unwrap_or_else(|e| panic!("{query}: {e}"))
            .total
    };
    let every = total("*");
    assert_eq!(total("-0!r{"), every - total("0!r{"));
    assert_eq!(
        total("-\"foreign minister\""),
        every - total("\"foreign minister\"")
    );
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn parsers_never_panic_on_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..2000), which in 0..NAMES.len()) {
        let (articles, parsed) = parse(NAMES[which], &bytes);
        prop_assert_eq!(articles.len(), parsed.articles);
        prop_assert!(parsed.articles > 0 || !parsed.problems.is_empty(), "nothing found is reported");
    }

    #[test]
    fn parsers_keep_records_well_formed(text in formatish(), which in 0..4usize) {
        let (articles, _) = parse(NAMES[which], text.as_bytes());
        let mut keys = std::collections::HashSet::new();
        for a in &articles {
            prop_assert!(!a.is_empty(), "an article has a title or body");
            prop_assert!(keys.insert(a.key.clone()), "keys are unique within a file");
        }
    }

    #[test]
    fn cleaning_never_panics_and_trims(text in formatish()) {
        let body = newsidx::clean::clean_body(&text);
        prop_assert_eq!(body.trim(), body.as_str());
        prop_assert!(!body.contains("\n\n\n"));
        let line = newsidx::clean::clean_line(&text);
        prop_assert!(!line.contains('\n'));
    }

    #[test]
    fn queries_never_panic(query in "[ -~]{0,60}", plain in any::<bool>()) {
        thread_local! {
            static ENGINE: Engine = small_index();
        }
        ENGINE.with(|engine| {
            let req = Request { query: query.clone(), plain, limit: 5, snippets: true, ..Request::default() };
            if let Ok(results) = engine.search(&req) {
                assert!(results.hits.len() <= 5);
            }
        });
    }

    /// Plain words with punctuation in and around them either parse or
    /// get an error that says where, never a bare "syntax error"; without
    /// quotes, parentheses and operators they always parse.
    // See: issue 15, "Queries as people type them".
    #[test]
    fn words_with_punctuation_parse_or_are_located(words in proptest::collection::vec(word_with_punctuation(), 1..6)) {
        let query = words.join(" ");
        if let Err(e) = newsidx::search::query::parse(&query, false) {
            prop_assert!(e.pos.is_some(), "{query:?}: {e}");
            prop_assert!(!e.message.contains("syntax error"), "{query:?}: {e}");
            prop_assert!(e.to_string().contains('^'), "{query:?}: {e}");
        }
        let tame: Vec<String> = words
            .iter()
            .map(|w| w.chars().filter(|c| !"\"()*~:\\[]{}".contains(*c)).collect::<String>())
            .filter(|w| !matches!(w.as_str(), "AND" | "OR" | "NOT"))
            .collect();
        let tame = tame.join(" ");
        if !tame.trim().is_empty() {
            let parsed = newsidx::search::query::parse(&tame, false);
            prop_assert!(parsed.is_ok(), "{tame:?}: {}", parsed.unwrap_err());
        }
    }

    /// Whatever the URL (any characters, slashes, dots, digits), the
    /// article is enriched, and its topics are the taxonomy's, spelt its
    /// way, each with its area.
    #[test]
    fn enrichment_takes_any_url(
        host in "(https?://)?[a-z.]{0,12}",
        folders in proptest::collection::vec(prop_oneof![
            "[A-Za-z0-9 ?#%.-]{0,12}",
            proptest::sample::select(vec!["politics", "Sport", "news", "2017", "coffee", "health care", "acq", "..", ""])
                .prop_map(str::to_owned),
        ], 0..6),
        body in formatish(),
    ) {
        let url = format!("{host}/{}", folders.join("/"));
        thread_local! {
            static ENRICHER: newsidx::extract::Enricher = newsidx::extract::Enricher::embedded();
        }
        let taxonomy = newsidx::extract::Taxonomy::embedded();
        let mut article = newsidx::article::Article {
            title: "Election results".into(),
            body,
            url: Some(url.clone()),
            ..Default::default()
        };
        ENRICHER.with(|e| e.enrich(&mut article));
        for t in &article.topics {
            prop_assert_eq!(taxonomy.canonical(t), Some(t.as_str()), "{:?}: {:?}", url, article.topics);
            if let Some(area) = taxonomy.top_level(std::slice::from_ref(t)) {
                prop_assert!(article.topics.iter().any(|x| x == area), "{:?}: {:?}", url, article.topics);
            }
        }
    }

    /// A story filed under a folder that names a topic carries it, whatever
    /// the page and the text.
    #[test]
    fn a_url_folder_naming_a_topic_files_the_story(
        host in "(https?://)?[a-z]{1,8}\\.com",
        page in "[a-z0-9-]{1,20}(\\.html)?(\\?[a-z=&]{0,10})?",
        body in formatish(),
    ) {
        thread_local! {
            static ENRICHER: newsidx::extract::Enricher = newsidx::extract::Enricher::embedded();
        }
        let mut article = newsidx::article::Article {
            title: "A story".into(),
            body,
            url: Some(format!("{host}/2017/03/politics/{page}")),
            ..Default::default()
        };
        ENRICHER.with(|e| e.enrich(&mut article));
        prop_assert!(article.topics.iter().any(|t| t == "politics"), "{:?}: {:?}", article.url, article.topics);
    }

    #[test]
    fn people_extraction_offsets_are_valid(text in "[A-Za-z .,'’\u{2014}]{0,200}") {
        let people = newsidx::extract::people::find_people("", &text);
        for p in people {
            prop_assert!(!p.trim().is_empty());
        }
    }
}
