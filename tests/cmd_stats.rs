//! `newsidx stats`: what the index holds, in text and JSON, agrees with
//! what was indexed and what a search finds.

use std::collections::{BTreeMap, BTreeSet};

use crate::util::{TestEnv, data_dir};

#[test]
fn stats_json_describes_the_index() {
    let env = TestEnv::new();
    env.index(&[&crate::util::data_dir()], 0);
    let run = env.run(&["stats", "--json"]);
    assert_eq!(run.code, 0, "{run}");
    let s: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    for key in [
        "articles",
        "files",
        "bytes_on_disk",
        "segments",
        "first_date",
        "last_date",
        "updated",
        "sources",
    ] {
        assert!(s.get(key).is_some(), "stats lacks {key}");
    }
    assert!(s["articles"].as_u64().unwrap() >= 50);
    assert!(s["files"].as_u64().unwrap() >= 7);
    assert!(s["bytes_on_disk"].as_u64().unwrap() > 10_000);
    assert!(s["first_date"].as_str().unwrap().starts_with("1987"));
    assert!(s["last_date"].as_str().unwrap().starts_with("2017"));
    assert!(
        s["sources"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["name"] == "Reuters")
    );
}

/// `stats --json` parsed.
fn stats_json(env: &TestEnv) -> serde_json::Value {
    let run = env.run(&["stats", "--json"]);
    assert_eq!(run.code, 0, "{run}");
    serde_json::from_str(&run.stdout).unwrap()
}

#[test]
fn stats_agree_with_what_was_indexed() {
    let env = TestEnv::new();
    let started = jiff::Timestamp::now();
    let run = env.index(&[&data_dir()], 0);
    let s = stats_json(&env);

    // The index run's own count, and every article a search finds.
    let summary = format!("{}: {} articles", env.index_dir().display(), s["articles"]);
    assert!(run.stdout.contains(&summary), "{summary:?}\n{run}");
    let all = env.search_json(&["*", "--all", "-n", "1000"]);
    assert_eq!(s["articles"], all.len());
    let files: BTreeSet<&str> = all.iter().map(|h| h["path"].as_str().unwrap()).collect();
    assert_eq!(s["files"], files.len());
    assert!(
        run.stdout
            .contains(&format!(" from {} files ", files.len())),
        "{run}"
    );

    // The date range spans the articles' dates.
    let dates: BTreeSet<&str> = all
        .iter()
        .filter_map(|h| h["date"].as_str())
        .map(|d| &d[..10])
        .collect();
    assert_eq!(s["first_date"], *dates.first().unwrap());
    assert_eq!(s["last_date"], *dates.last().unwrap());
    assert_eq!(s["first_date"], "1987-04-08");
    assert_eq!(s["last_date"], "2017-03-30");

    // The top sources, most articles first, counted as search counts them.
    let mut per_source: BTreeMap<&str, u64> = BTreeMap::new();
    for h in &all {
        if let Some(source) = h["source"].as_str() {
            *per_source.entry(source).or_default() += 1;
        }
    }
    let sources = s["sources"].as_array().unwrap();
    assert_eq!(sources.len(), per_source.len().min(10), "{sources:?}");
    assert_eq!(sources[0]["name"], "Reuters");
    let counts: Vec<u64> = sources
        .iter()
        .map(|c| c["count"].as_u64().unwrap())
        .collect();
    assert!(counts.windows(2).all(|w| w[0] >= w[1]), "{counts:?}");
    for c in sources {
        let name = c["name"].as_str().unwrap();
        assert_eq!(c["count"], per_source[name], "{name}");
    }

    // Size on disk is the size of the index's files.
    let bytes: u64 = std::fs::read_dir(env.index_dir())
        .unwrap()
        .map(|e| e.unwrap().metadata().unwrap())
        .filter(|m| m.is_file())
        .map(|m| m.len())
        .sum();
    assert_eq!(s["bytes_on_disk"], bytes);
    assert!(s["segments"].as_u64().unwrap() >= 1);

    // Updated: the last commit, RFC 3339, during the run.
    let updated: jiff::Timestamp = s["updated"].as_str().unwrap().parse().unwrap();
    let slack = jiff::SignedDuration::from_secs(2);
    assert!(updated >= started - slack, "{updated} before {started}");
    assert!(updated <= jiff::Timestamp::now() + slack, "{updated}");
}

#[test]
fn stats_of_a_hand_made_archive_and_after_its_files_go() {
    let env = TestEnv::new();
    let dir = env.path("archive");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("a.jsonl"),
        "{\"title\": \"Wombat one\", \"body\": \"a\", \"date\": \"2001-05-06\", \"source\": \"alpha.example\"}\n\
         {\"title\": \"Wombat two\", \"body\": \"b\", \"date\": \"1999-12-31\", \"source\": \"alpha.example\"}\n\
         {\"title\": \"Wombat three\", \"body\": \"c\", \"source\": \"beta.example\"}\n",
    )
    .unwrap();
    std::fs::write(dir.join("b.txt"), "Quokka\n\nNo date, no source.\n").unwrap();
    env.index(&[&dir], 0);
    let s = stats_json(&env);
    assert_eq!(s["articles"], 4);
    assert_eq!(s["files"], 2);
    assert_eq!(s["first_date"], "1999-12-31");
    assert_eq!(s["last_date"], "2001-05-06");
    assert_eq!(
        s["sources"],
        serde_json::json!([
            {"name": "alpha.example", "count": 2},
            {"name": "beta.example", "count": 1},
        ])
    );

    // The files are gone: an empty index, with no dates to show.
    std::fs::remove_file(dir.join("a.jsonl")).unwrap();
    std::fs::remove_file(dir.join("b.txt")).unwrap();
    env.index(&[&dir], 0);
    let s = stats_json(&env);
    assert_eq!(s["articles"], 0);
    assert_eq!(s["files"], 0);
    assert!(s["first_date"].is_null() && s["last_date"].is_null(), "{s}");
    assert_eq!(s["sources"], serde_json::json!([]));
    let text = env.run(&["stats"]);
    assert_eq!(text.code, 0, "{text}");
    assert!(text.stdout.contains("articles:     0\n"), "{text}");
    assert!(!text.stdout.contains("dates:"), "{text}");
    assert!(!text.stdout.contains("top sources:"), "{text}");
}

#[test]
fn text_shows_the_figures_of_json() {
    let env = TestEnv::new();
    env.index(&[&data_dir()], 0);
    let s = stats_json(&env);
    let run = env.run(&["stats"]);
    assert_eq!(run.code, 0, "{run}");
    let mut expected = vec![
        format!("index:        {}", env.index_dir().display()),
        format!("articles:     {}", s["articles"]),
        format!("files:        {}", s["files"]),
        format!(
            "size on disk: {:.1} MB",
            s["bytes_on_disk"].as_u64().unwrap() as f64 / 1e6
        ),
        format!("segments:     {}", s["segments"]),
        format!(
            "dates:        {} to {}",
            s["first_date"].as_str().unwrap(),
            s["last_date"].as_str().unwrap()
        ),
        format!("updated:      {}", s["updated"].as_str().unwrap()),
        "top sources:".to_owned(),
    ];
    for c in s["sources"].as_array().unwrap() {
        expected.push(format!(
            "  {:>8}  {}",
            c["count"].as_u64().unwrap(),
            c["name"].as_str().unwrap()
        ));
    }
    assert_eq!(run.stdout.lines().collect::<Vec<_>>(), expected, "{run}");
}

#[test]
fn a_missing_index_is_an_error_naming_the_directory() {
    let env = TestEnv::new();
    for args in [&["stats"][..], &["stats", "--json"]] {
        let run = env.run(args);
        assert_eq!(run.code, 2, "{run}");
        assert!(run.stdout.is_empty(), "{run}");
        assert!(
            run.stderr
                .contains(&format!("no index at {}", env.index_dir().display())),
            "{run}"
        );
        assert!(run.stderr.contains("newsidx index"), "{run}");
    }
    assert!(!env.index_dir().exists(), "stats creates nothing");

    // A directory that holds something else is named too.
    std::fs::create_dir_all(env.index_dir()).unwrap();
    let run = env.run(&["stats"]);
    assert_eq!(run.code, 2, "{run}");
    assert!(
        run.stderr.contains(&format!(
            "{} is not a newsidx index",
            env.index_dir().display()
        )),
        "{run}"
    );
}
