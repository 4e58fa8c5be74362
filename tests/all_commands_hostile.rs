//! The search side under abuse (issue 13): escape sequences in articles
//! and file names, queries starting with a hyphen, `field:*` and open
//! date ranges, dates the index cannot hold. Each test runs the real
//! binary.

use std::collections::BTreeSet;

use crate::util::{Run, TestEnv, data_dir};

const BLINK: &str = "\x1b[5m";
const RETITLE: &str = "\x1b]0;PWNED\x07\x1b[2J";
const BLINK_SHOWN: &str = "\\x1b[5m";
const RETITLE_SHOWN: &str = "\\x1b]0;PWNED\\x07\\x1b[2J";

/// An index of two articles carrying escape sequences in their source, id
/// and title, in a file whose name carries one too.
fn hostile_index() -> TestEnv {
    let env = TestEnv::new();
    let dir = env.path("articles");
    std::fs::create_dir_all(&dir).unwrap();
    let records = [
        serde_json::json!({
            "id": format!("a{RETITLE}"),
            "title": format!("Wombat census {RETITLE} results"),
            "source": format!("src{BLINK}blink"),
            "date": "2017-02-07",
            "body": format!("Sergey Lavrov counted wombats. {RETITLE} The wombats were many."),
            "people": [format!("Sergey {BLINK}Lavrov")],
            "topics": [format!("wildlife{RETITLE}")],
        }),
        serde_json::json!({
            "id": format!("b{BLINK}"),
            "title": "Wombat census, plain",
            "source": RETITLE,
            "date": "2017-02-08",
            "body": "Wombats again, counted by Marco Rubio.",
        }),
    ];
    let lines: Vec<String> = records.iter().map(|r| r.to_string()).collect();
    std::fs::write(
        dir.join(format!("wombats{BLINK}.jsonl")),
        lines.join("\n") + "\n",
    )
    .unwrap();
    env.index(&[&dir], 0);
    env
}

/// The error's caret stands under `needle` in the query line.
fn assert_caret_under(run: &Run, needle: &str) {
    let line = |test: &dyn Fn(&str) -> bool| run.stderr.lines().find(|l| test(l));
    let query = line(&|l| l.starts_with("  query: ")).expect("a query line");
    let caret = line(&|l| l.trim() == "^").expect("a caret line");
    assert_eq!(query.find(needle), caret.find('^'), "{run}");
}

fn assert_nothing_obeyed(what: &str, text: &str) {
    assert!(
        !text.contains('\x1b') && !text.contains('\x07'),
        "{what}: a raw escape reached the terminal:\n{text}"
    );
}

// See: issue 13, point 11.
#[test]
fn escape_sequences_in_articles_are_shown_not_obeyed() {
    let env = hostile_index();
    let articles = env.path("articles");
    let articles = articles.to_str().unwrap();
    // Each command, and what it shows of the hostile fields.
    let cases: [(&[&str], &[&str]); 8] = [
        (
            &["search", "wombats"],
            &["src\\x1b[5mblink", RETITLE_SHOWN, "wombats\\x1b[5m.jsonl"],
        ),
        (&["stats"], &["src\\x1b[5mblink", RETITLE_SHOWN]),
        (&["extract", articles], &["a\\x1b]0;PWNED", "b\\x1b[5m"]),
        (&["people"], &[]),
        (&["topics"], &[]),
        (&["timeline", "wombats", "--by", "year"], &[]),
        (
            &["batch", "--format", "tsv"],
            &["a\\x1b]0;PWNED", "b\\x1b[5m"],
        ),
        (
            &["batch", "--format", "trec"],
            &["a\\x1b]0;PWNED", "b\\x1b[5m"],
        ),
    ];
    for (args, shown) in cases {
        let mut cmd = env.cmd();
        cmd.args(args).write_stdin("wombats\n");
        let run = Run::from(cmd.output().unwrap());
        let what = args.join(" ");
        assert_eq!(run.code, 0, "{what}\n{run}");
        assert_nothing_obeyed(&what, &run.stdout);
        assert_nothing_obeyed(&what, &run.stderr);
        for s in shown {
            assert!(run.stdout.contains(s), "{what}: {s:?} not shown\n{run}");
        }
    }
    // A TSV line keeps its five fields.
    let mut cmd = env.cmd();
    cmd.args(["batch", "--format", "tsv"])
        .write_stdin("wombats\n");
    let tsv = Run::from(cmd.output().unwrap());
    for line in tsv.stdout.lines() {
        assert_eq!(line.split('\t').count(), 5, "{line:?}");
    }
    // JSON keeps the values as they are, escaped by JSON itself.
    let hits = env.search_json(&["wombats"]);
    let sources: BTreeSet<_> = hits
        .iter()
        .map(|h| h["source"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(
        sources,
        BTreeSet::from([format!("src{BLINK}blink"), RETITLE.to_owned()])
    );
}

#[test]
fn a_file_name_with_escapes_is_shown_escaped_by_extract() {
    let env = TestEnv::new();
    let dir = env.path("bad");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join(format!("x{RETITLE}.json")), b"{not json").unwrap();
    let run = env.run(&["extract", dir.to_str().unwrap()]);
    assert_eq!(run.code, 3, "{run}");
    assert_nothing_obeyed("extract", &run.stderr);
    assert!(
        run.stderr.contains(&format!("x{RETITLE_SHOWN}.json")),
        "{run}"
    );
}

#[test]
fn a_query_with_escapes_is_shown_escaped_in_errors() {
    let env = hostile_index();
    // Escapes the query grammar takes as word characters.
    let run = env.run(&["search", "wombats \x1bx\x07 colour:red"]);
    assert_eq!(run.code, 2, "{run}");
    assert_nothing_obeyed("search", &run.stderr);
    // The caret stands under the field, counted as shown.
    assert_caret_under(&run, "colour");
    let mut cmd = env.cmd();
    cmd.args(["batch", "--format", "tsv"]).write_stdin(
        serde_json::json!({"id": format!("q{BLINK}"), "query": "x \x1b \x07 colour:red"})
            .to_string(),
    );
    let run = Run::from(cmd.output().unwrap());
    assert_eq!(run.code, 2, "{run}");
    assert_nothing_obeyed("batch", &run.stderr);
    assert!(
        run.stderr.contains(&format!("query q{BLINK_SHOWN}:")),
        "{run}"
    );
}

/// The ids of the hits of a query, every copy and up to 1000.
fn ids(env: &TestEnv, query: &str) -> BTreeSet<String> {
    env.search_json(&[query, "--all", "-n", "1000"])
        .iter()
        .map(|h| format!("{}{}", h["path"], h["id"]))
        .collect()
}

fn data_index() -> TestEnv {
    let env = TestEnv::new();
    env.index(&[&data_dir()], 0);
    env
}

// See: issue 13, point 14.
#[test]
fn a_query_may_start_with_a_hyphen() {
    let env = data_index();
    let lavrov = ids(&env, "lavrov");
    let rubio = ids(&env, "rubio");
    assert!(!lavrov.is_empty() && !lavrov.is_disjoint(&rubio));
    let without: BTreeSet<_> = lavrov.difference(&rubio).cloned().collect();
    assert!(!without.is_empty());
    assert_eq!(ids(&env, "-rubio lavrov"), without);

    // Flags still count, after the query or before it.
    for args in [
        ["search", "lavrov", "-n", "1"],
        ["search", "-n", "1", "lavrov"],
    ] {
        let run = env.run(&args);
        assert_eq!(run.code, 0, "{run}");
        assert!(run.stdout.contains("hits 1-1 of "), "{run}");
    }
    for cmd in ["people", "topics", "timeline"] {
        let run = env.run(&[cmd, "-rubio lavrov"]);
        assert_eq!(run.code, 0, "{cmd}\n{run}");
    }
    let run = env.run(&["people", "-n", "1"]);
    assert_eq!((run.code, run.stdout.lines().count()), (0, 1), "{run}");
    // A mistyped flag after the query is still an error.
    let run = env.run(&["search", "lavrov", "--jsn"]);
    assert_eq!(run.code, 2, "{run}");
}

// See: issue 13, point 5.
#[test]
fn field_star_finds_articles_having_the_field() {
    let env = data_index();
    let all = env.search_json(&["*", "--all", "-n", "1000"]);
    let having = |key: &str| {
        all.iter()
            .filter(|h| match &h[key] {
                serde_json::Value::String(s) => !s.is_empty(),
                serde_json::Value::Array(a) => !a.is_empty(),
                _ => false,
            })
            .count()
    };
    assert!(having("people") < all.len() && having("date") < all.len());
    for (query, key) in [
        ("title:*", "title"),
        ("headline:*", "title"),
        ("people:*", "people"),
        ("topic:*", "topics"),
        ("source:*", "source"),
        ("date:*", "date"),
        ("id:*", "id"),
        ("path:*", "path"),
        ("people:[* TO *]", "people"),
    ] {
        assert_eq!(ids(&env, query).len(), having(key), "{query}");
    }
    // Articles without people: all but those with some.
    assert_eq!(ids(&env, "* -people:*").len(), all.len() - having("people"));
    let body = ids(&env, "body:*").len();
    assert!(body > 0 && body <= all.len());
    let with_people: BTreeSet<_> = ids(&env, "people:*");
    let lavrov = ids(&env, "lavrov AND people:*");
    assert!(!lavrov.is_empty() && lavrov.is_subset(&with_people));

    let run = env.run(&["search", "lavrov colour:*"]);
    assert_eq!(run.code, 2, "{run}");
    assert!(run.stderr.contains("unknown field 'colour'"), "{run}");
    assert_caret_under(&run, "colour");
    assert!(!run.stderr.contains("fast field"), "{run}");
}

// See: issue 13, point 14.
#[test]
fn open_date_ranges_match_dated_articles() {
    let env = data_index();
    let all = env.search_json(&["*", "--all", "-n", "1000"]);
    let dates: Vec<&str> = all.iter().filter_map(|h| h["date"].as_str()).collect();
    assert!(!dates.is_empty() && dates.len() < all.len());
    assert_eq!(ids(&env, "date:[* TO *]").len(), dates.len());
    assert_eq!(ids(&env, "date:{* TO *}").len(), dates.len());
    let since_2017 = dates.iter().filter(|d| **d >= "2017").count();
    assert!(since_2017 > 0 && since_2017 < dates.len());
    assert_eq!(ids(&env, "date:[2017-01-01 TO *]").len(), since_2017);
    assert_eq!(ids(&env, "date:>=2017-01-01").len(), since_2017);
    assert_eq!(
        ids(&env, "date:[* TO 2016-12-31]").len(),
        dates.len() - since_2017
    );
    // The last day the index holds is a bound like any other.
    assert_eq!(
        ids(&env, "date:[2017-01-01 TO 2262-04-11]").len(),
        since_2017
    );
    assert_eq!(ids(&env, "date:[1677-09-22 TO *]").len(), dates.len());
}

// See: issue 13, point 8.
#[test]
fn dates_the_index_cannot_hold_are_refused() {
    let env = data_index();
    for (flag, value) in [("--since", "0001-01-01"), ("--until", "3000-06-15")] {
        let run = env.run(&["search", "lavrov", flag, value]);
        assert_eq!(run.code, 2, "{run}");
        assert!(
            run.stderr.contains(&format!(
                "newsidx: {flag}: date '{value}' is outside the years the index can hold \
                 (1677-09-22 to 2262-04-11)"
            )),
            "{run}"
        );
    }
    for query in [
        "date:[0001-01-01 TO 2017]",
        "date:3000",
        "date:1677-09-21",
        "date:>2262-04-12",
        "date:\"9000-06-15T10:00:00Z\"",
    ] {
        let run = env.run(&["search", query]);
        assert_eq!(run.code, 2, "{query}\n{run}");
        assert!(
            run.stderr.contains("is outside the years"),
            "{query}\n{run}"
        );
        assert!(run.stderr.contains('^'), "{query}\n{run}");
    }
    let run = env.run(&["search", "date:[2017 TO 3000-06-15]"]);
    assert_caret_under(&run, "3000");

    let mut cmd = env.cmd();
    cmd.args(["batch"])
        .write_stdin("{\"id\": \"old\", \"query\": \"lavrov\", \"since\": \"0001-01-01\"}\n");
    let run = Run::from(cmd.output().unwrap());
    assert_eq!(run.code, 2, "{run}");
    let answer: serde_json::Value = serde_json::from_str(run.stdout.trim()).unwrap();
    assert!(
        answer["error"]
            .as_str()
            .unwrap()
            .contains("is outside the years"),
        "{run}"
    );
}
