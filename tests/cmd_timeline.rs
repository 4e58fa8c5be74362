//! `newsidx timeline`: matching articles per period, as text, JSON and
//! SVG; each period counts what a search restricted to it finds.

use std::collections::BTreeSet;

use serde_json::Value;

use crate::util::{TestEnv, data_dir, reuters_files};

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

/// Three files of Reuters-21578 indexed: February to October 1987 with
/// months in between that have no articles, and one record whose date
/// cannot be read (reut2-017, line 6653).
fn reuters_sample() -> TestEnv {
    let env = TestEnv::new();
    let files: Vec<_> = reuters_files()
        .into_iter()
        .filter(|p| {
            let name = p.file_name().unwrap().to_str().unwrap();
            ["reut2-000.sgm.gz", "reut2-017.sgm.gz", "reut2-021.sgm.gz"].contains(&name)
        })
        .collect();
    assert_eq!(files.len(), 3);
    let paths: Vec<&std::path::Path> = files.iter().map(|p| p.as_path()).collect();
    env.index(&paths, 0);
    env
}

/// `timeline --json` parsed, expecting the given exit code.
fn timeline(env: &TestEnv, args: &[&str], code: i32) -> Value {
    let mut all = vec!["timeline", "--json"];
    all.extend_from_slice(args);
    let run = env.run(&all);
    assert_eq!(run.code, code, "{run}");
    serde_json::from_str(&run.stdout).unwrap()
}

/// How many articles `search QUERY --since FROM --until TO --all` finds.
fn searched(env: &TestEnv, query: &str, from: &str, to: &str) -> u64 {
    let hits = env.search_json(&[
        query, "--since", from, "--until", to, "--all", "-n", "100000",
    ]);
    hits.len() as u64
}

/// Each period's count equals the hits of a search over that period
/// alone (`since` and `until` take a month or year as a whole), and the
/// periods with the undated articles add up to the total.
fn check_periods_against_search(env: &TestEnv, query: &str, by: &str) -> Value {
    let t = timeline(env, &[query, "--by", by], 0);
    assert_eq!(t["by"], by);
    let periods = t["periods"].as_array().unwrap();
    let mut dated = 0;
    for p in periods {
        let period = p["period"].as_str().unwrap();
        let count = p["count"].as_u64().unwrap();
        assert_eq!(
            count,
            searched(env, query, period, period),
            "{query} in {period}"
        );
        dated += count;
    }
    let total = t["total"].as_u64().unwrap();
    assert_eq!(dated + t["undated"].as_u64().unwrap(), total, "{t}");
    let all = env.search_json(&[query, "--all", "-n", "100000"]);
    assert_eq!(total, all.len() as u64, "{query}: total is every match");
    t
}

#[test]
fn months_of_reuters_count_what_search_finds_in_them() {
    let env = reuters_sample();
    let t = check_periods_against_search(&env, "*", "month");
    let labels: Vec<&str> = t["periods"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["period"].as_str().unwrap())
        .collect();
    assert_eq!(
        labels,
        [
            "1987-02", "1987-03", "1987-04", "1987-05", "1987-06", "1987-07", "1987-08", "1987-09",
            "1987-10"
        ],
        "months without articles are filled in"
    );
    assert_eq!(t["total"], 2578);
    assert_eq!(
        t["undated"], 1,
        "the record with a date that cannot be read"
    );
    let t = check_periods_against_search(&env, "oil", "month");
    assert!(t["total"].as_u64().unwrap() > 100, "{t}");
    assert_eq!(t["undated"], 0, "{t}");

    // Weeks: each starts on its `start` and lasts seven days.
    let t = timeline(&env, &["oil", "--by", "week"], 0);
    for p in t["periods"].as_array().unwrap() {
        let start: jiff::civil::Date = p["start"].as_str().unwrap().parse().unwrap();
        let end = start.checked_add(jiff::Span::new().days(6)).unwrap();
        assert_eq!(p["period"], p["start"]);
        assert_eq!(
            p["count"].as_u64().unwrap(),
            searched(&env, "oil", &start.to_string(), &end.to_string()),
            "week of {start}"
        );
    }
}

#[test]
fn years_of_the_sample_count_what_search_finds_in_them() {
    let env = TestEnv::new();
    env.index(&[&data_dir()], 0);
    let t = check_periods_against_search(&env, "*", "year");
    assert_eq!(t["total"], 57);
    assert_eq!(t["undated"], 2);
    check_periods_against_search(&env, "lavrov OR oil", "year");

    // The search filters narrow the timeline as they narrow a search.
    let t = timeline(&env, &["*", "--by", "year", "--source", "Reuters"], 0);
    assert_eq!(
        t["periods"],
        serde_json::json!([{"period": "1987", "start": "1987-01-01", "count": 20}])
    );
    let t = timeline(
        &env,
        &[
            "*", "--by", "month", "--since", "2017-02", "--until", "2017-03",
        ],
        0,
    );
    let periods = t["periods"].as_array().unwrap();
    assert_eq!(periods.len(), 2, "{t}");
    assert_eq!(t["undated"], 0, "a date filter leaves out the undated");
    for p in periods {
        let month = p["period"].as_str().unwrap();
        assert_eq!(
            p["count"].as_u64().unwrap(),
            searched(&env, "*", month, month)
        );
    }
}

#[test]
fn json_has_the_documented_fields() {
    let env = TestEnv::new();
    env.index(&[&data_dir()], 0);
    let keys = |v: &Value| -> BTreeSet<String> { v.as_object().unwrap().keys().cloned().collect() };
    for (by, start_of) in [("year", "-01-01"), ("month", "-01"), ("day", "")] {
        let t = timeline(&env, &["lavrov", "--by", by], 0);
        assert_eq!(
            keys(&t),
            ["by", "periods", "total", "undated"]
                .map(String::from)
                .into(),
            "{t}"
        );
        assert_eq!(t["by"], by);
        let periods = t["periods"].as_array().unwrap();
        assert!(!periods.is_empty());
        for p in periods {
            assert_eq!(
                keys(p),
                ["count", "period", "start"].map(String::from).into(),
                "{p}"
            );
            let period = p["period"].as_str().unwrap();
            assert_eq!(p["start"], format!("{period}{start_of}"), "{p}");
        }
        let starts: Vec<&str> = periods
            .iter()
            .map(|p| p["start"].as_str().unwrap())
            .collect();
        assert!(
            starts.windows(2).all(|w| w[0] < w[1]),
            "in order: {starts:?}"
        );
    }
}

#[test]
fn text_and_svg_show_the_same_counts() {
    let env = TestEnv::new();
    env.index(&[&data_dir()], 0);
    let query = "oil OR \"arms control\"";
    let t = timeline(&env, &[query, "--by", "year"], 0);
    let periods = t["periods"].as_array().unwrap();

    let svg = env.path("chart.svg");
    let run = env.run(&[
        "timeline",
        query,
        "--by",
        "year",
        "--svg",
        svg.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 0, "{run}");
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(lines.len(), periods.len() + 1, "{run}");
    for (line, p) in lines.iter().zip(periods) {
        let fields: Vec<&str> = line.split_whitespace().collect();
        assert_eq!(fields[0], p["period"].as_str().unwrap(), "{line}");
        assert_eq!(fields[1], p["count"].to_string(), "{line}");
    }
    assert_eq!(
        lines.last().unwrap(),
        &format!("{} articles ({} without a date)", t["total"], t["undated"])
    );

    // The chart: titled with the query (escaped), one bar per period.
    let chart = std::fs::read_to_string(&svg).unwrap();
    assert!(
        chart.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""),
        "{chart}"
    );
    assert!(chart.ends_with("</svg>\n"));
    assert!(
        chart.contains(">oil OR &quot;arms control&quot;</text>"),
        "{chart}"
    );
    assert!(!chart.contains("\"arms"), "the query's quotes are escaped");
    assert_eq!(chart.matches("<rect x=").count(), periods.len());
    for p in periods {
        let bar = format!(
            "<title>{}: {}</title>",
            p["period"].as_str().unwrap(),
            p["count"]
        );
        assert!(chart.contains(&bar), "no {bar}");
    }
    assert!(
        chart.contains(&format!(">{} articles (", t["total"])),
        "{chart}"
    );

    // --svg goes with --json too; a file that cannot be written is named.
    std::fs::remove_file(&svg).unwrap();
    let run = env.run(&[
        "timeline",
        query,
        "--by",
        "year",
        "--json",
        "--svg",
        svg.to_str().unwrap(),
    ]);
    assert_eq!(serde_json::from_str::<Value>(&run.stdout).unwrap(), t);
    assert!(svg.exists());
    let run = env.run(&["timeline", query, "--svg", "/no/such/dir/chart.svg"]);
    assert_eq!(run.code, 2, "{run}");
    assert!(run.stderr.contains("/no/such/dir/chart.svg"), "{run}");
}

#[test]
fn nothing_found_exits_1() {
    let env = TestEnv::new();
    let run = env.run(&["timeline", "lavrov"]);
    assert_eq!(run.code, 2, "no index: {run}");
    assert!(run.stderr.contains("no index at"), "{run}");
    env.index(&[&data_dir()], 0);
    let empty = serde_json::json!({"by": "month", "periods": [], "undated": 0, "total": 0});
    assert_eq!(timeline(&env, &["xyzzyplugh"], 1), empty);
    assert_eq!(timeline(&env, &["*", "--since", "2030-01-01"], 1), empty);
    let run = env.run(&["timeline", "lavrov", "--person", "nobody such"]);
    assert_eq!(run.code, 1, "{run}");
    assert_eq!(run.stdout, "0 articles\n");
}
