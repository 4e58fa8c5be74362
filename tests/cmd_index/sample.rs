//! The README's quick start: index the sample archive, then search it.

use crate::util::{TestEnv, data_dir, strings};

#[test]
fn lavrov_arms_control_finds_the_sample_first() {
    let env = TestEnv::new();
    let run = env.index(&[&data_dir()], 0);
    assert!(run.stdout.contains("indexed"), "{run}");
    let hits = env.search_json(&["Lavrov arms control"]);
    let first = &hits[0];
    assert!(
        first["path"]
            .as_str()
            .unwrap()
            .ends_with("rubio-lavrov-meeting.txt"),
        "first hit: {first}"
    );
    let people = strings(first, "people");
    for name in ["Sergey Lavrov", "Marco Rubio"] {
        assert!(people.contains(&name.to_owned()), "{people:?}");
    }
    for not_a_person in ["White House", "Russia", "U.S.", "Thursday", "Moscow"] {
        assert!(
            !people.iter().any(|p| p.contains(not_a_person)),
            "{people:?}"
        );
    }
    let topics = strings(first, "topics");
    assert!(topics.iter().any(|t| t == "diplomacy"), "{topics:?}");
}

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

#[test]
fn filters_and_sorting() {
    let env = TestEnv::new();
    env.index(&[&data_dir()], 0);
    let newest = env.search_json(&["*", "--sort", "newest", "-n", "1000"]);
    let dates: Vec<&str> = newest.iter().filter_map(|h| h["date"].as_str()).collect();
    assert!(dates.len() > 10);
    assert!(dates.windows(2).all(|w| w[0] >= w[1]), "{dates:?}");
    let oldest = env.search_json(&["*", "--sort", "oldest", "-n", "1"]);
    assert!(oldest[0]["date"].as_str().unwrap().starts_with("1987"));

    let reuters = env.search_json(&["*", "--source", "reuters", "-n", "1000"]);
    assert!(!reuters.is_empty());
    assert!(reuters.iter().all(|h| h["source"] == "Reuters"));

    let feb = env.search_json(&[
        "*",
        "--since",
        "2017-02-01",
        "--until",
        "2017-02-28",
        "-n",
        "1000",
    ]);
    assert!(!feb.is_empty());
    assert!(
        feb.iter()
            .all(|h| h["date"].as_str().unwrap().starts_with("2017-02")),
        "{feb:?}"
    );

    let lavrov = env.search_json(&["*", "--person", "lavrov", "-n", "1000"]);
    assert!(lavrov.len() >= 2);
    assert!(
        lavrov
            .iter()
            .all(|h| strings(h, "people").iter().any(|p| p.contains("Lavrov")))
    );
}

#[test]
fn paging_with_offset() {
    let env = TestEnv::new();
    env.index(&[&data_dir()], 0);
    let all = env.search_json(&["russia", "-n", "6"]);
    let page2 = env.search_json(&["russia", "-n", "3", "--offset", "3"]);
    assert_eq!(all.len(), 6);
    assert_eq!(page2[0]["id"], all[3]["id"]);
    assert_eq!(page2[0]["rank"], 4);
}

#[test]
fn text_output_for_people() {
    let env = TestEnv::new();
    env.index(&[&data_dir()], 0);
    let run = env.run(&["search", "Lavrov arms control", "-n", "2"]);
    assert_eq!(run.code, 0);
    assert!(run.stdout.starts_with("  1. Unexpected Diplomacy"), "{run}");
    assert!(run.stdout.contains("people: "));
    assert!(run.stdout.contains("hits 1-2 of "));
    assert!(
        !run.stdout.contains('\u{1b}'),
        "no colour when not a terminal"
    );
}

#[test]
fn person_name_variants_find_the_same_articles() {
    let env = TestEnv::new();
    env.index(&[&data_dir()], 0);
    let ids = |args: &[&str]| {
        let mut ids: Vec<String> = env
            .search_json(args)
            .iter()
            .map(|h| h["path"].to_string() + &h["id"].to_string())
            .collect();
        ids.sort();
        ids
    };
    let surname = ids(&["*", "--person", "lavrov", "-n", "100"]);
    assert!(surname.len() >= 2, "{surname:?}");
    assert_eq!(
        ids(&["*", "--person", "Sergey Lavrov", "-n", "100"]),
        surname
    );
    assert_eq!(
        ids(&["*", "--person", "SERGEI LAVROV", "-n", "100"]),
        surname
    );
    assert_eq!(ids(&["people:\"sergei lavrov\"", "-n", "100"]), surname);
}
