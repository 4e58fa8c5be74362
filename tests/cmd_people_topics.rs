//! `newsidx people` and `newsidx topics`: the most frequent names, over
//! all articles or those matching a query.

use crate::util::{TestEnv, data_dir};

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
    // Reuters' "crude" is the taxonomy's energy: one topic, one name.
    assert!(
        topics.contains(&"energy".to_owned()) && topics.contains(&"economy".to_owned()),
        "{topics:?}"
    );
    assert!(!topics.contains(&"crude".to_owned()), "{topics:?}");

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
