//! `extract`, `people`, `topics` and `timeline` on the sample archive.

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
    assert!(
        topics.contains(&"diplomacy".into()) && topics.contains(&"arms control".into()),
        "{topics:?}"
    );
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

/// The names of `people --json` or `topics --json` output.
fn names_of(run: &crate::util::Run) -> Vec<String> {
    run.stdout
        .lines()
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).unwrap()["name"]
                .as_str()
                .unwrap()
                .to_owned()
        })
        .collect()
}

#[test]
fn people_and_topics_count_over_queries() {
    let env = TestEnv::new();
    env.index(&[&data_dir()], 0);
    let run = env.run(&["people", "--json", "-n", "5"]);
    assert_eq!(run.code, 0, "{run}");
    let counts: Vec<serde_json::Value> = run
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert!(!counts.is_empty() && counts.len() <= 5);
    let n: Vec<u64> = counts
        .iter()
        .map(|c| c["count"].as_u64().unwrap())
        .collect();
    assert!(
        n.windows(2).all(|w| w[0] >= w[1]),
        "most frequent first: {n:?}"
    );

    let names = names_of(&env.run(&["people", "lavrov", "--json"]));
    assert!(names.contains(&"Sergey Lavrov".to_owned()), "{names:?}");

    let topics = names_of(&env.run(&["topics", "*", "--source", "Reuters", "--json", "-n", "50"]));
    assert!(
        topics.contains(&"crude".to_owned()) && topics.contains(&"economy".to_owned()),
        "{topics:?}"
    );

    let text = env.run(&["topics"]);
    assert_eq!(text.code, 0);
    assert!(
        text.stdout
            .lines()
            .next()
            .unwrap()
            .trim_start()
            .starts_with(char::is_numeric)
    );
}

#[test]
fn timeline_counts_per_period_with_json_and_svg() {
    let env = TestEnv::new();
    env.index(&[&data_dir()], 0);
    let run = env.run(&["timeline", "*", "--by", "year", "--json"]);
    assert_eq!(run.code, 0, "{run}");
    let t: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let periods = t["periods"].as_array().unwrap();
    assert_eq!(periods.first().unwrap()["period"], "1987");
    assert_eq!(periods.last().unwrap()["period"], "2017");
    assert_eq!(periods.len(), 31, "empty years are filled in");
    let dated: u64 = periods.iter().map(|p| p["count"].as_u64().unwrap()).sum();
    assert_eq!(
        dated + t["undated"].as_u64().unwrap(),
        t["total"].as_u64().unwrap()
    );

    let svg = env.path("chart.svg");
    let run = env.run(&[
        "timeline",
        "lavrov",
        "--by",
        "month",
        "--svg",
        svg.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 0, "{run}");
    assert!(run.stdout.contains("2017-0"), "{run}");
    let chart = std::fs::read_to_string(&svg).unwrap();
    assert!(chart.starts_with("<svg") && chart.contains("<rect x=") && chart.contains(">lavrov<"));

    assert_eq!(env.run(&["timeline", "xyzzyplugh"]).code, 1);
}
