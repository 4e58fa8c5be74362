//! The real corpora in ../shared/corpora: every article is indexed, and
//! Reuters' PEOPLE and TOPICS tags land in the people and topics fields.

use crate::util::{TestEnv, corpora, strings};

fn count_line(stdout: &str) -> u64 {
    stdout
        .lines()
        .find_map(|l| l.strip_prefix("indexed ")?.split(' ').next()?.parse().ok())
        .expect("summary line")
}

#[test]
fn news_articles_all_indexed() {
    let env = TestEnv::new();
    let run = env.index(&[&corpora().join("news-articles")], 0);
    assert_eq!(count_line(&run.stdout), 3788, "{run}");
    let hits = env.search_json(&["lavrov", "-n", "100"]);
    assert!(hits.len() >= 40, "{}", hits.len());
}

#[test]
fn reuters_all_records_with_text_indexed() {
    let env = TestEnv::new();
    let dir = corpora().join("reuters21578");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().ends_with(".sgm.gz"))
        .collect();
    files.sort();
    assert_eq!(files.len(), 22);
    let paths: Vec<&std::path::Path> = files.iter().map(|p| p.as_path()).collect();
    let run = env.index(&paths, 3);
    // 21,578 records; one (NEWID 12793) has neither title nor body.
    assert_eq!(count_line(&run.stdout), 21_577, "{run}");
    assert!(
        run.stderr
            .contains("reut2-012.sgm.gz:25983: record 793 has neither"),
        "{run}"
    );

    // NEWID 1: TOPICS cocoa, a code under commodities: the taxonomy's
    // topics first, the code last; the words add agriculture.
    let cocoa = env.search_json(&["id:1"]);
    let topics = strings(&cocoa[0], "topics");
    assert_eq!(topics[..2], ["commodities", "economy"], "{topics:?}");
    assert_eq!(topics.last().unwrap(), "cocoa", "{topics:?}");
    assert!(topics.contains(&"agriculture".to_owned()), "{topics:?}");
    // PEOPLE tags become names.
    let baker = env.search_json(&["people:\"james baker\"", "-n", "1000"]);
    assert!(baker.len() > 50, "{}", baker.len());
    let volcker = env.search_json(&[
        "*",
        "--person",
        "Volcker",
        "--topic",
        "foreign exchange",
        "-n",
        "1000",
    ]);
    assert!(!volcker.is_empty());
    for hit in &volcker {
        assert!(strings(hit, "topics").contains(&"foreign exchange".to_owned()));
    }
}
