//! Query handling: syntax, exit codes, and hostile input that must never
//! make newsidx panic.

use crate::util::{TestEnv, data_dir};

fn indexed() -> TestEnv {
    let env = TestEnv::new();
    env.index(&[&data_dir()], 0);
    env
}

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
    assert!(run.stderr.contains("offset + limit"), "{run}");
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
fn help_explains_commands_and_exit_codes() {
    let env = TestEnv::new();
    let run = env.run(&["--help"]);
    assert_eq!(run.code, 0);
    for word in ["index", "search", "Exit codes"] {
        assert!(run.stdout.contains(word), "{run}");
    }
    let run = env.run(&["search", "--help"]);
    for word in ["--person", "--since", "--sort", "--plain", "--json"] {
        assert!(run.stdout.contains(word), "{run}");
    }
}

#[test]
fn index_location_from_environment() {
    let env = TestEnv::new();
    let mut cmd = assert_cmd::Command::cargo_bin("newsidx").unwrap();
    cmd.env("NEWSIDX_INDEX", env.index_dir())
        .args(["index", "--quiet"])
        .arg(data_dir().join("web"));
    assert!(cmd.output().unwrap().status.success());
    assert!(env.index_dir().join("meta.json").exists());
}
