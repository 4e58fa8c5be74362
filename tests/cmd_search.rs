//! `newsidx search`: the README's quick start, query syntax, filters,
//! sorting, paging, text output, exit codes, and hostile input that must
//! never make newsidx panic.

use crate::util::{TestEnv, data_dir, indexed, strings};

#[test]
fn exit_codes_follow_grep() {
    let env = indexed();
    assert_eq!(env.run(&["search", "lavrov"]).code, 0);
    assert_eq!(env.run(&["search", "xyzzyplugh"]).code, 1);
    let run = env.run(&["search", "lavrov AND (arms"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("invalid query"), "{run}");
    assert!(
        run.stderr.contains("lavrov AND (arms"),
        "the query is quoted\n{run}"
    );
}

#[test]
fn huge_pages_are_refused_not_allocated() {
    let env = indexed();
    let run = env.run(&["search", "lavrov", "--limit", "18446744073709551615"]);
    assert_eq!(run.code, 2, "{run}");
    assert!(run.stderr.contains("--limit (-n) plus --offset"), "{run}");
    let run = env.run(&["search", "lavrov", "--offset", "18446744073709551615"]);
    assert_eq!(run.code, 2, "{run}");
    assert_eq!(env.run(&["search", "lavrov", "--limit", "100000"]).code, 0);
}

#[test]
fn bad_filters_name_the_flag_and_do_not_suggest_plain() {
    let env = indexed();
    for args in [
        &["search", "lavrov", "--since", "garbage"][..],
        &["people", "--since", "garbage"],
        &["timeline", "lavrov", "--since", "garbage"],
    ] {
        let run = env.run(args);
        assert_eq!(run.code, 2, "{run}");
        assert!(
            run.stderr.contains("--since: cannot read date 'garbage'"),
            "{run}"
        );
        assert!(!run.stderr.contains("--plain"), "{run}");
    }
    let run = env.run(&["search", "lavrov", "--limit", "18446744073709551615"]);
    assert!(!run.stderr.contains("--plain"), "{run}");
    let run = env.run(&["search", "lavrov AND (arms"]);
    assert!(
        run.stderr.contains("--plain"),
        "a syntax error suggests it\n{run}"
    );
}

#[test]
fn unknown_field_is_named() {
    let env = indexed();
    let run = env.run(&["search", "colour:red"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("unknown field 'colour'"), "{run}");
}

#[test]
fn operators_fields_and_phrases() {
    let env = indexed();
    let both = env.search_json(&["lavrov AND rubio"]);
    let not = env.search_json(&["lavrov -rubio", "-n", "100"]);
    assert!(!both.is_empty() && !not.is_empty());
    let ids =
        |hits: &[serde_json::Value]| hits.iter().map(|h| h["id"].to_string()).collect::<Vec<_>>();
    assert!(ids(&both).iter().all(|id| !ids(&not).contains(id)));
    let phrase = env.search_json(&["\"arms control\""]);
    assert!(!phrase.is_empty());
    let title = env.search_json(&["title:lavrov"]);
    assert!(title.iter().all(|h| {
        h["title"]
            .as_str()
            .unwrap()
            .to_lowercase()
            .contains("lavrov")
    }));
    let dated = env.search_json(&["date:[1987-01-01 TO 1987-12-31]", "-n", "100"]);
    assert!(!dated.is_empty());
    assert!(
        dated
            .iter()
            .all(|h| h["date"].as_str().unwrap().starts_with("1987"))
    );
}

#[test]
fn plain_mode_reads_operators_as_words() {
    let env = indexed();
    let run = env.run(&["search", "--plain", "Lavrov AND (arms \"control"]);
    assert_eq!(run.code, 0, "{run}");
}

#[test]
fn hostile_queries_never_panic() {
    let env = indexed();
    let long_words = "lavrov ".repeat(1500);
    let long_junk = "(\"[{:-+^~*".repeat(1000);
    let nested = "(".repeat(5000) + "a" + &")".repeat(5000);
    let queries = [
        "\"unbalanced",
        "(lavrov",
        "lavrov)",
        "[1 TO",
        "AND",
        "OR",
        "NOT",
        "-",
        "+",
        "AND OR NOT",
        "title:",
        ":",
        "people:\"\"",
        "date:[x TO y]",
        "date:>2017",
        "*:*",
        "~2",
        "\"\"~",
        "lavrov^",
        "lavrov^abc",
        "title:(a OR",
        "\u{1}",
        "\u{202e}evil",
        "   ",
        "-lavrov",
        "NOT lavrov",
        "/regex/",
        "id:",
        "date:2017-02-30",
        "a:b:c:d",
        &long_words,
        &long_junk,
        &nested,
    ];
    for q in queries {
        for extra in [None, Some("--plain")] {
            let mut args = vec!["search", q];
            args.extend(extra);
            let run = env.run(&args);
            assert!([0, 1, 2].contains(&run.code), "query {q:?}: {run}");
            assert!(!run.stderr.contains("panicked"), "query {q:?}: {run}");
        }
    }
}

#[test]
fn searching_without_an_index_explains() {
    let env = TestEnv::new();
    let run = env.run(&["search", "lavrov"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("no index at"), "{run}");
    assert!(run.stderr.contains("newsidx index"), "{run}");
}

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
    let run = env.run(&["search", "Lavrov arms control", "-n", "2", "--any"]);
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
