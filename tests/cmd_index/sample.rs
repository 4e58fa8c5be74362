//! The sample archive in data/: every format is indexed, bodies are stored
//! clean, and indexing it again replaces instead of duplicating.

use crate::util::{TestEnv, data_dir};

#[test]
fn stored_body_is_clean() {
    let env = TestEnv::new();
    env.index(&[&data_dir().join("web")], 0);
    let store = newsidx::index::store::Store::open(&env.index_dir()).unwrap();
    let engine = newsidx::search::Engine::new(&store).unwrap();
    let searcher = engine.searcher();
    let query = tantivy::query::TermQuery::new(
        tantivy::Term::from_field_text(
            store.fields.path,
            data_dir()
                .join("web/rubio-lavrov-meeting.txt")
                .canonicalize()
                .unwrap()
                .to_str()
                .unwrap(),
        ),
        tantivy::schema::IndexRecordOption::Basic,
    );
    let top = searcher
        .search(
            &query,
            &tantivy::collector::TopDocs::with_limit(1).order_by_score(),
        )
        .unwrap();
    assert_eq!(top.len(), 1, "the sample is indexed under its path");
    let doc: tantivy::TantivyDocument = searcher.doc(top[0].1).unwrap();
    let stored = newsidx::index::document::Stored::from_document(&doc, &store.fields);
    let paragraphs: Vec<&str> = stored.body.split("\n\n").collect();
    assert_eq!(
        paragraphs.len(),
        9,
        "the sample has nine paragraphs:\n{}",
        stored.body
    );
    for p in &paragraphs {
        assert_eq!(stored.body.matches(p).count(), 1, "repeated: {p}");
    }
    assert!(!stored.body.contains("Popular posts"));
    assert!(!stored.body.contains("Comments"));
    assert!(
        stored.body.ends_with("modern era."),
        "{}",
        &stored.body[stored.body.len() - 80..]
    );
}

#[test]
fn reindexing_replaces_instead_of_duplicating() {
    let env = TestEnv::new();
    let first = env.index(&[&data_dir()], 0);
    let second = env.index(&[&data_dir()], 0);
    let count = |s: &str| {
        s.lines()
            .find(|l| l.starts_with("index "))
            .and_then(|l| l.rsplit(": ").next())
            .unwrap()
            .to_owned()
    };
    assert_eq!(count(&first.stdout), count(&second.stdout));
    let hits = env.search_json(&["Lavrov arms control", "-n", "100"]);
    let samples = hits
        .iter()
        .filter(|h| {
            h["path"]
                .as_str()
                .unwrap()
                .ends_with("rubio-lavrov-meeting.txt")
        })
        .count();
    assert_eq!(samples, 1);
}

#[test]
fn every_format_in_data_is_indexed() {
    let env = TestEnv::new();
    env.index(&[&data_dir()], 0);
    let hits = env.search_json(&["*", "-n", "1000"]);
    let paths: Vec<&str> = hits.iter().map(|h| h["path"].as_str().unwrap()).collect();
    for ending in [
        ".txt",
        ".txt.gz",
        ".jsonl",
        ".jsonl.gz",
        ".json",
        ".sgm",
        ".sgm.gz",
    ] {
        assert!(
            paths.iter().any(|p| p.ends_with(ending)),
            "no article from a {ending} file"
        );
    }
}
