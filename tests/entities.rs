//! People as entities across the archive (issue 14): one entry per
//! person, a facet's count equal to the articles its filter returns, lone
//! surnames resolved to the archive's dominant bearer, incremental runs
//! and the user's corrections.

use std::collections::BTreeMap;

use crate::util::{TestEnv, corpora, json_lines, reuters_files};

/// `people` or `topics` with `--json`: (name, count), most frequent first.
fn counts(env: &TestEnv, args: &[&str]) -> Vec<(String, u64)> {
    let run = env.run(args);
    assert!(run.code == 0 || run.code == 1, "{run}");
    json_lines(&run.stdout)
        .iter()
        .map(|c| {
            (
                c["name"].as_str().unwrap().to_owned(),
                c["count"].as_u64().unwrap(),
            )
        })
        .collect()
}

/// For each (filter, value), how many articles `batch` finds for `*`
/// with that filter, near-duplicates included.
fn totals(env: &TestEnv, filters: &[(&str, &str)]) -> Vec<u64> {
    let mut input = String::new();
    for (i, (filter, value)) in filters.iter().enumerate() {
        let line = serde_json::json!({"id": i.to_string(), "query": "*", *filter: value});
        input += &format!("{line}\n");
    }
    let out = env
        .cmd()
        .args(["batch", "--all", "--no-snippets", "-n", "1"])
        .write_stdin(input)
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    let answers = json_lines(&stdout);
    assert_eq!(answers.len(), filters.len(), "{stdout}");
    answers
        .iter()
        .map(|a| a["total"].as_u64().unwrap_or_else(|| panic!("{a}")))
        .collect()
}

fn news_index() -> TestEnv {
    let env = TestEnv::new();
    env.index(&[&corpora().join("news-articles")], 0);
    env
}

#[test]
fn facet_counts_are_what_their_filters_return() {
    let env = news_index();
    let people = counts(&env, &["people", "--json", "-n", "100"]);
    assert_eq!(people.len(), 100);
    let topics = counts(&env, &["topics", "--json", "-n", "1000"]);
    assert!(topics.len() > 10, "{topics:?}");
    let filters: Vec<(&str, &str)> = people
        .iter()
        .map(|(n, _)| ("person", n.as_str()))
        .chain(topics.iter().map(|(n, _)| ("topic", n.as_str())))
        .collect();
    let found = totals(&env, &filters);
    let expected = people.iter().chain(&topics).map(|(_, c)| *c);
    for ((filter, expected), found) in filters.iter().zip(expected).zip(found) {
        assert_eq!(found, expected, "{filter:?}: the facet says {expected}");
    }
    // And each article the filter returns shows the person.
    let lavrov = env.search_json(&["*", "--person", "Sergey Lavrov", "--all", "-n", "1000"]);
    assert!(!lavrov.is_empty());
    for hit in &lavrov {
        let shown = crate::util::strings(hit, "people");
        assert!(shown.contains(&"Sergey Lavrov".to_owned()), "{hit}");
    }
}

#[test]
fn one_person_one_entry() {
    let env = news_index();
    let people: BTreeMap<String, u64> = counts(&env, &["people", "--json", "-n", "200"])
        .into_iter()
        .collect();
    for (person, not_also) in [
        (
            "Sergey Lavrov",
            &["Sergei Lavrov", "Lavrov", "Sergey-Lavrov"][..],
        ),
        (
            "Donald Trump",
            &["Trump", "Donald", "Donald J. Trump", "Donald Trumps"],
        ),
        ("Barack Obama", &["Obama", "Barack"]),
        ("Bashar al-Assad", &["Bashar Assad", "Assad"]),
    ] {
        assert!(people.contains_key(person), "{person} in {people:?}");
        for other in not_also {
            assert!(!people.contains_key(*other), "{other} beside {person}");
        }
    }
    let kims = people
        .keys()
        .filter(|p| p.starts_with("Kim Jong U") || p.starts_with("Kim Jong-u"));
    assert_eq!(kims.count(), 1, "{people:?}");
    for given in ["Donald", "George", "James", "John"] {
        assert!(!people.contains_key(given), "lone given name {given}");
    }
    // A surname alone names the person the archive knows by it, and
    // finds what the full name finds.
    let by = |name: &str| {
        let mut ids: Vec<String> = env
            .search_json(&["*", "--person", name, "--all", "-n", "5000"])
            .iter()
            .map(|h| h["id"].as_str().unwrap().to_owned())
            .collect();
        ids.sort();
        ids
    };
    assert_eq!(by("Lavrov"), by("Sergey Lavrov"));
    assert_eq!(by("sergei lavrov"), by("Sergey Lavrov"));
    // Bill and Hillary Clinton stay two people.
    assert!(people.contains_key("Hillary Clinton") && people.contains_key("Bill Clinton"));

    // `extract --archive` names people as the archive does.
    let file = env.path("new.jsonl");
    write_articles(
        &file,
        &[(
            "n1",
            "Talks",
            "Sergei Lavrov spoke in Moscow on Friday. Donald said nothing.",
        )],
    );
    let people_of = |args: &[&str]| {
        let run = env.run(args);
        assert_eq!(run.code, 0, "{run}");
        crate::util::strings(&json_lines(&run.stdout)[0], "people")
    };
    let file = file.to_str().unwrap();
    assert_eq!(people_of(&["extract", "--json", file])[0], "Sergei Lavrov");
    assert_eq!(
        people_of(&["extract", "--json", "--archive", file]),
        ["Sergey Lavrov"]
    );
    let nowhere = TestEnv::new();
    let run = nowhere.run(&["extract", "--archive", file]);
    assert_eq!(run.code, 2, "{run}");
    assert!(run.stderr.contains("no index"), "{run}");
}

#[test]
fn stories_naming_a_famous_surname_carry_the_person() {
    let env = news_index();
    for (surname, person, share) in [
        ("Trump", "Donald Trump", 0.9),
        ("Putin", "Vladimir Putin", 0.9),
    ] {
        let hits = env.search_json(&[surname, "--all", "-n", "5000"]);
        let naming: Vec<&serde_json::Value> = hits
            .iter()
            .filter(|h| {
                // The search matched the word; count the stories whose
                // title or snippet shows it capitalised as a name.
                h["title"].as_str().unwrap().contains(surname)
            })
            .collect();
        assert!(naming.len() > 20, "{surname}: {}", naming.len());
        let carrying = naming
            .iter()
            .filter(|h| crate::util::strings(h, "people").contains(&person.to_owned()))
            .count();
        let got = carrying as f64 / naming.len() as f64;
        assert!(
            got >= share,
            "{surname}: {carrying} of {} stories",
            naming.len()
        );
    }
}

#[test]
fn reuters_names_its_people_once() {
    let env = TestEnv::new();
    let files = reuters_files();
    let paths: Vec<&std::path::Path> = files.iter().map(|p| p.as_path()).collect();
    // Exit 3: a few Reuters records have neither title nor body.
    env.index(&paths, 3);
    let people: BTreeMap<String, u64> = counts(&env, &["people", "--json", "-n", "300"])
        .into_iter()
        .collect();
    for (person, surname) in [
        ("Paul Volcker", "Volcker"),
        ("Yasuhiro Nakasone", "Nakasone"),
        ("Margaret Thatcher", "Thatcher"),
    ] {
        assert!(people.contains_key(person), "{person} in {people:?}");
        assert!(!people.contains_key(surname), "{surname} beside {person}");
    }
}

/// Articles as JSON lines, one per (id, title, body).
fn write_articles(path: &std::path::Path, articles: &[(&str, &str, &str)]) {
    let mut text = String::new();
    for (id, title, body) in articles {
        text += &serde_json::json!({"id": id, "title": title, "body": body}).to_string();
        text.push('\n');
    }
    std::fs::write(path, text).unwrap();
}

#[test]
fn what_the_archive_learns_holds_for_older_articles() {
    let env = TestEnv::new();
    let dir = env.path("archive");
    std::fs::create_dir_all(&dir).unwrap();
    write_articles(
        &dir.join("first.jsonl"),
        &[(
            "old",
            "Talks in Geneva",
            "Lavrov said on Monday that the talks would go on. Lavrov added \
             that Moscow wanted a deal.",
        )],
    );
    env.index(&[&dir], 0);
    let before = counts(&env, &["people", "--json"]);
    assert!(before.iter().any(|(n, _)| n == "Lavrov"), "{before:?}");

    let later: Vec<(String, String, String)> = (0..4)
        .map(|i| {
            (
                format!("new{i}"),
                format!("Russian diplomacy, part {i}"),
                "Russian Foreign Minister Sergey Lavrov met his counterpart in \
                 Vienna on Tuesday. Lavrov said the meeting was useful."
                    .to_owned(),
            )
        })
        .collect();
    let later: Vec<(&str, &str, &str)> = later
        .iter()
        .map(|(a, b, c)| (a.as_str(), b.as_str(), c.as_str()))
        .collect();
    write_articles(&dir.join("second.jsonl"), &later);
    env.index(&[&dir], 0);
    let after = counts(&env, &["people", "--json"]);
    assert_eq!(after, [("Sergey Lavrov".to_owned(), 5)], "{after:?}");
    let old = env.search_json(&["id:old"]);
    assert_eq!(crate::util::strings(&old[0], "people"), ["Sergey Lavrov"]);
}

#[test]
fn corrections_take_effect_without_reindexing() {
    let env = news_index();
    let before: BTreeMap<String, u64> = counts(&env, &["people", "--json", "-n", "300"])
        .into_iter()
        .collect();
    let kim = before
        .keys()
        .find(|p| p.starts_with("Kim Jong U") || p.starts_with("Kim Jong-u"))
        .unwrap()
        .clone();
    let corrections = serde_json::json!({
        "people": {
            "merge": {"Hillary Clinton": ["Bill Clinton"]},
            "rename": {kim.as_str(): "Kim Jong-un (North Korea)"},
            "reject": ["Sean Spicer"]
        },
        "topics": {"map": {"politics": "public affairs"}}
    });
    std::fs::write(
        env.index_dir().join("corrections.json"),
        serde_json::to_string_pretty(&corrections).unwrap(),
    )
    .unwrap();
    let after: BTreeMap<String, u64> = counts(&env, &["people", "--json", "-n", "300"])
        .into_iter()
        .collect();
    assert!(!after.contains_key("Sean Spicer") && !after.contains_key("Bill Clinton"));
    assert!(after["Hillary Clinton"] >= before["Hillary Clinton"].max(before["Bill Clinton"]));
    assert_eq!(after["Kim Jong-un (North Korea)"], before[&kim]);
    let found = totals(
        &env,
        &[("person", "Bill Clinton"), ("person", "Hillary Clinton")],
    );
    assert_eq!(found[0], after["Hillary Clinton"]);
    assert_eq!(found[1], after["Hillary Clinton"]);
    let topics: BTreeMap<String, u64> = counts(&env, &["topics", "--json", "-n", "300"])
        .into_iter()
        .collect();
    assert!(topics.contains_key("public affairs") && !topics.contains_key("politics"));
    assert_eq!(
        totals(&env, &[("topic", "public affairs")])[0],
        topics["public affairs"]
    );

    // A broken file is an error naming the file and line; nothing runs
    // on half the corrections.
    std::fs::write(
        env.index_dir().join("corrections.json"),
        "{\n  \"people\": {\n    \"merge\": [1, 2]\n  }\n}\n",
    )
    .unwrap();
    let run = env.run(&["people"]);
    assert_eq!(run.code, 2, "{run}");
    assert!(
        run.stderr.contains("corrections.json") && run.stderr.contains("line 3"),
        "{run}"
    );
}
