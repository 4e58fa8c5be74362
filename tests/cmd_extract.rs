//! `newsidx extract`: clean text, people, topics and mention offsets,
//! without an index.

use crate::util::{TestEnv, data_dir, strings};

fn extract_json(env: &TestEnv, path: &std::path::Path) -> Vec<serde_json::Value> {
    let run = env.run(&["extract", "--json", path.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{run}");
    run.stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[test]
fn extract_gives_clean_text_people_topics_and_mention_offsets() {
    let env = TestEnv::new();
    let articles = extract_json(&env, &data_dir().join("web/rubio-lavrov-meeting.txt"));
    assert_eq!(articles.len(), 1);
    let a = &articles[0];
    for key in [
        "id", "path", "title", "date", "source", "body", "people", "topics", "mentions",
    ] {
        assert!(a.get(key).is_some(), "no {key}");
    }
    let people = strings(a, "people");
    assert_eq!(&people[..2], ["Marco Rubio", "Sergey Lavrov"]);
    for reject in [
        "White House",
        "Russia",
        "U.S.",
        "Moscow",
        "NATO",
        "Thursday",
        "Kremlin",
    ] {
        assert!(
            !people.iter().any(|p| p == reject),
            "{reject} in {people:?}"
        );
    }
    let topics = strings(a, "topics");
    assert_eq!(topics[..2], ["diplomacy", "politics"], "{topics:?}");
    let title = a["title"].as_str().unwrap();
    let body = a["body"].as_str().unwrap();
    let mentions = a["mentions"].as_array().unwrap();
    assert!(mentions.len() >= 10);
    for m in mentions {
        let (start, end) = (
            m["start"].as_u64().unwrap() as usize,
            m["end"].as_u64().unwrap() as usize,
        );
        let text = if m["field"] == "title" { title } else { body };
        assert_eq!(
            &text[start..end],
            m["text"].as_str().unwrap(),
            "offsets point at the mention"
        );
        assert!(people.contains(&m["person"].as_str().unwrap().to_owned()));
    }
    // "Rubio's" and "Senator Rubio" are Marco Rubio; the title is not kept.
    let rubio: Vec<&str> = mentions
        .iter()
        .filter(|m| m["person"] == "Marco Rubio")
        .map(|m| m["text"].as_str().unwrap())
        .collect();
    assert!(
        rubio.contains(&"Rubio") && rubio.contains(&"Marco Rubio"),
        "{rubio:?}"
    );
    assert!(
        rubio
            .iter()
            .all(|t| !t.contains("Senator") && !t.ends_with("'s") && !t.ends_with("’s"))
    );
}
