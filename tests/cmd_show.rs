//! `newsidx show` and `newsidx similar`, and the ways from a search result
//! to its article: ids and URLs in text results, totals in `--json`,
//! `-n 0`, CSV export, query words marked in titles, and titles for
//! articles without one.
// See: issue 15, points 5, 6 and 9.

use crate::util::{TestEnv, data_dir, indexed, json_lines, strings};

#[test]
fn show_prints_one_article_in_full() {
    let env = indexed();
    let run = env.run(&["show", "176"]);
    assert_eq!(run.code, 0, "{run}");
    let out = &run.stdout;
    assert!(
        out.starts_with(
            "Lavrov hopes Russia-US contacts on Syria will remain intense under Trump\n"
        ),
        "{run}"
    );
    for line in [
        "id:     176",
        "date:   2017-02-07",
        "source: tass.com",
        "url:    http://tass.com/politics/929400",
        "people: Sergey Lavrov, Donald Trump",
        "topics: politics, diplomacy",
    ] {
        assert!(out.contains(line), "{line}\n{run}");
    }
    assert!(out.contains("news-articles-sample.jsonl"), "{run}");
    assert!(
        out.contains("Before each of these weekly meetings"),
        "the whole text\n{run}"
    );

    let run = env.run(&["show", "176", "--json"]);
    assert_eq!(run.code, 0, "{run}");
    let a: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(a["id"], "176");
    assert_eq!(a["url"], "http://tass.com/politics/929400");
    assert!(a["record"].as_u64().is_some(), "{a}");
    assert_eq!(strings(&a, "people"), ["Sergey Lavrov", "Donald Trump"]);
    assert!(a["duplicates"].is_array());
    let search = env.search_json(&["lavrov", "-n", "1"]);
    assert_eq!(search[0]["id"], "176");
    assert!(a["body"].as_str().unwrap().len() > search[0]["snippet"].as_str().unwrap().len());
}

#[test]
fn show_lists_near_duplicates() {
    let env = TestEnv::new();
    let dir = env.path("wire");
    std::fs::create_dir(&dir).unwrap();
    let text = "The central bank raised interest rates by a quarter point on Tuesday, \
        citing stubborn inflation and a tight labour market in the wombat economy.\n\n\
        Officials said further increases were possible if prices kept rising through \
        the summer, and that the board would watch wage growth closely.\n\n\
        Markets fell after the announcement, with bank shares leading the decline, \
        while the currency rose against the dollar and the euro.";
    for (name, title) in [
        ("original.txt", "Wombat bank raises rates"),
        ("copy.txt", "Rates up as wombat bank acts"),
    ] {
        std::fs::write(dir.join(name), format!("{title}\n\n{text}\n")).unwrap();
    }
    env.index(&[&dir], 0);
    let hits = env.search_json(&["wombat"]);
    assert_eq!(hits.len(), 1, "folded");
    assert_eq!(hits[0]["duplicates"], 1);
    let id = hits[0]["id"].as_str().unwrap();
    let run = env.run(&["show", id, "--json"]);
    assert_eq!(run.code, 0, "{run}");
    let a: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let copies = a["duplicates"].as_array().unwrap();
    assert_eq!(copies.len(), 1, "{a}");
    assert_ne!(copies[0]["id"], id);
    assert!(a["record"].is_null(), "a file of one article");
    let run = env.run(&["show", id]);
    assert!(run.stdout.contains("1 near-duplicate:\n  id "), "{run}");
    // similar leaves out the article's copies, unless --all.
    let run = env.run(&["similar", id, "--json"]);
    assert_eq!(run.code, 1, "{run}");
    let run = env.run(&["similar", id, "--json", "--all"]);
    let similar = json_lines(&run.stdout);
    assert_eq!(similar.len(), 1, "{run}");
    assert_eq!(similar[0]["id"], copies[0]["id"]);
}

#[test]
fn unknown_or_ambiguous_ids_are_errors() {
    let env = indexed();
    let run = env.run(&["show", "no-such-id"]);
    assert_eq!(run.code, 2, "{run}");
    assert_eq!(
        run.stderr,
        "newsidx: no article with id no-such-id (search results give each article's id)\n"
    );
    assert!(run.stdout.is_empty());
    let run = env.run(&["similar", "no-such-id"]);
    assert_eq!(run.code, 2, "{run}");
    assert!(
        run.stderr.contains("no article with id no-such-id"),
        "{run}"
    );
    let run = env.run(&["show", "176", "--path", "/no/such/file.json"]);
    assert_eq!(run.code, 2, "{run}");
    assert!(run.stderr.contains("in /no/such/file.json"), "{run}");
    for id in ["", "-1", "\u{1b}[2J", "*", "id:176"] {
        let run = env.run(&["show", "--", id]);
        assert_eq!(run.code, 2, "{id:?}: {run}");
        assert!(!run.stderr.contains('\u{1b}'), "{run}");
    }

    // The same id in two files: both listed, and --path picks one.
    let env = TestEnv::new();
    let dir = env.path("two");
    std::fs::create_dir(&dir).unwrap();
    for name in ["a", "b"] {
        std::fs::write(
            dir.join(format!("{name}.json")),
            format!(r#"{{"id":"7","title":"Story {name}","body":"Text of {name}."}}"#),
        )
        .unwrap();
    }
    env.index(&[&dir], 0);
    let run = env.run(&["show", "7"]);
    assert_eq!(run.code, 2, "{run}");
    assert!(
        run.stderr
            .contains("several articles have id 7; add --path"),
        "{run}"
    );
    assert!(
        run.stderr.contains("a.json") && run.stderr.contains("b.json"),
        "{run}"
    );
    let b = dir.join("b.json");
    let run = env.run(&["show", "7", "--path", b.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{run}");
    assert!(run.stdout.starts_with("Story b\n"), "{run}");
}

#[test]
fn similar_finds_articles_like_one() {
    let env = indexed();
    let hits = env.search_json(&["lavrov", "-n", "1"]);
    let id = hits[0]["id"].as_str().unwrap();
    let run = env.run(&["similar", id, "--json", "-n", "5"]);
    assert_eq!(run.code, 0, "{run}");
    let similar = json_lines(&run.stdout);
    assert_eq!(similar.len(), 5, "{run}");
    assert!(
        similar.iter().all(|h| h["id"] != id),
        "the article itself is left out"
    );
    // Russia and its diplomats, as the article is.
    assert!(
        similar[..3]
            .iter()
            .any(|h| strings(h, "people").iter().any(|p| p == "Sergey Lavrov")),
        "{run}"
    );
    let total = similar[0]["total"].as_u64().unwrap();
    assert!(total >= 5);

    // The filters, paging and outputs of search.
    let run = env.run(&["similar", id, "--source", "tass.com", "--json", "-n", "100"]);
    let filtered = json_lines(&run.stdout);
    assert!(!filtered.is_empty(), "{run}");
    assert!(filtered.iter().all(|h| h["source"] == "tass.com"), "{run}");
    let page2 = json_lines(
        &env.run(&["similar", id, "--json", "-n", "2", "--offset", "2"])
            .stdout,
    );
    assert_eq!(page2[0]["id"], similar[2]["id"]);
    assert_eq!(page2[0]["rank"], 3);
    let run = env.run(&["similar", id, "-n", "2"]);
    assert_eq!(run.code, 0, "{run}");
    assert!(
        run.stdout.contains(&format!("hits 1-2 of {total}")),
        "{run}"
    );
    let run = env.run(&["similar", id, "--format", "csv", "-n", "2"]);
    assert_eq!(run.stdout.lines().count(), 3, "{run}");
    let run = env.run(&["similar", id, "--since", "2030-01-01"]);
    assert_eq!(run.code, 1, "{run}");
    let run = env.run(&["similar", id, "--since", "garbage"]);
    assert_eq!(run.code, 2, "{run}");
    assert!(run.stderr.contains("--since"), "{run}");
}

#[test]
fn text_results_show_the_id_and_url() {
    let env = indexed();
    let run = env.run(&["search", "lavrov", "-n", "1"]);
    assert_eq!(run.code, 0, "{run}");
    assert!(run.stdout.contains(" · id 176 · "), "{run}");
    assert!(
        run.stdout
            .contains("\n     http://tass.com/politics/929400\n"),
        "{run}"
    );
}

#[test]
fn totals_counts_and_pages_past_the_end() {
    let env = indexed();
    let all = env.search_json(&["lavrov", "-n", "100"]);
    let total = all.len();
    assert!(total > 2);
    for hit in &all {
        assert_eq!(hit["total"].as_u64(), Some(total as u64));
    }
    // -n 0: the count alone.
    let run = env.run(&["search", "lavrov", "-n", "0"]);
    assert_eq!(run.code, 0, "{run}");
    assert_eq!(run.stdout, format!("{total} hits\n"));
    let run = env.run(&["search", "lavrov", "-n", "0", "--json"]);
    assert_eq!(run.code, 0, "{run}");
    let v: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(
        v,
        serde_json::json!({"total": total, "offset": 0, "limit": 0})
    );
    // Past the end: no hits, and the total.
    let run = env.run(&["search", "lavrov", "--offset", "300"]);
    assert_eq!(run.code, 0, "{run}");
    assert_eq!(
        run.stdout,
        format!("no hits at --offset 300: {total} hits in all\n")
    );
    let run = env.run(&["search", "lavrov", "--offset", "300", "--json"]);
    let v: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(v["total"].as_u64(), Some(total as u64));
    // Nothing found: exit 1, and a total of 0.
    let run = env.run(&["search", "xyzzyplugh", "--json"]);
    assert_eq!(run.code, 1, "{run}");
    assert_eq!(run.stdout, "{\"total\":0,\"offset\":0,\"limit\":10}\n");
    let run = env.run(&["search", "xyzzyplugh"]);
    assert_eq!(run.stdout, "no hits\n");
}

#[test]
fn csv_export_for_search_and_batch() {
    let env = indexed();
    let run = env.run(&["search", "lavrov", "--format", "csv", "-n", "3"]);
    assert_eq!(run.code, 0, "{run}");
    let lines: Vec<&str> = run.stdout.split("\r\n").collect();
    assert_eq!(
        lines[0],
        "id,date,source,title,url,people,topics,score,rank,path"
    );
    assert_eq!(lines.len(), 5, "header, 3 rows, and the end: {run}");
    assert!(
        lines[1].starts_with("176,2017-02-07,tass.com,Lavrov hopes Russia-US contacts"),
        "{run}"
    );
    assert!(
        lines[1].contains(",Sergey Lavrov; Donald Trump,politics; diplomacy,"),
        "{run}"
    );
    // --json and --format together are refused.
    let run = env.run(&["search", "lavrov", "--format", "csv", "--json"]);
    assert_eq!(run.code, 2, "{run}");
    let run = env.run(&["search", "lavrov", "--format", "json", "-n", "1"]);
    assert_eq!(json_lines(&run.stdout)[0]["id"], "176");

    // Fields with commas and quotes are quoted; rows stay rows.
    let env = TestEnv::new();
    let dir = env.path("q");
    std::fs::create_dir(&dir).unwrap();
    std::fs::write(
        dir.join("a.json"),
        r#"{"id":"q,1","title":"Oil, \"crude\" and\nlines","body":"Oil prices rose.","url":"http://x.example/a?b=1,2"}"#,
    )
    .unwrap();
    env.index(&[&dir], 0);
    let run = env.run(&["search", "oil", "--format", "csv"]);
    assert!(
        run.stdout.contains(
            "\r\n\"q,1\",,,\"Oil, \"\"crude\"\" and lines\",\"http://x.example/a?b=1,2\","
        ),
        "{run}"
    );

    let env = indexed();
    let queries = env.path("queries.txt");
    std::fs::write(
        &queries,
        "lavrov\n{\"id\":\"bad\",\"query\":\"lavrov\",\"since\":\"garbage\"}\noil\n",
    )
    .unwrap();
    let run = env.run(&[
        "batch",
        queries.to_str().unwrap(),
        "--format",
        "csv",
        "-n",
        "2",
    ]);
    assert_eq!(run.code, 2, "the bad query fails\n{run}");
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(
        lines[0],
        "query_id,id,date,source,title,url,people,topics,score,rank,path"
    );
    assert_eq!(lines.len(), 5, "{run}");
    assert!(lines[1].starts_with("1,176,"), "{run}");
    assert!(lines[3].starts_with("3,"), "{run}");
    assert!(run.stderr.contains("query bad"), "{run}");
}

#[test]
fn query_words_are_marked_in_titles() {
    let env = indexed();
    let hits = env.search_json(&["lavrov", "-n", "3"]);
    for hit in &hits {
        let title = hit["title"].as_str().unwrap();
        for range in hit["title_highlights"].as_array().unwrap() {
            let (start, end) = (range[0].as_u64().unwrap(), range[1].as_u64().unwrap());
            let word = &title[start as usize..end as usize];
            assert!(
                word.to_lowercase().starts_with("lavrov"),
                "{word} in {title}"
            );
        }
    }
    assert_eq!(hits[0]["title_highlights"], serde_json::json!([[0, 6]]));
    // Stemmed: "talks" marks "Talks".
    let hits = env.search_json(&["talk", "-n", "20"]);
    assert!(
        hits.iter()
            .any(|h| !h["title_highlights"].as_array().unwrap().is_empty()),
        "some title holds the word"
    );
}

#[test]
fn a_subtitle_or_first_sentence_stands_in_for_a_missing_title() {
    let env = TestEnv::new();
    let dir = env.path("untitled");
    std::fs::create_dir(&dir).unwrap();
    std::fs::write(
        dir.join("a.jsonl"),
        concat!(
            r#"{"id":"s","title":"","subtitle":"Wombats return to the valley","body":"Wombats were seen again."}"#,
            "\n",
            r#"{"id":"f","title":"","subtitle":"","body":"The U.S. wombat count rose by 4.5 percent. Officials were pleased."}"#,
            "\n"
        ),
    )
    .unwrap();
    env.index(&[&dir], 0);
    let hits = env.search_json(&["wombat"]);
    let title = |id: &str| {
        hits.iter()
            .find(|h| h["id"] == id)
            .map(|h| h["title"].as_str().unwrap().to_owned())
    };
    assert_eq!(title("s").as_deref(), Some("Wombats return to the valley"));
    assert_eq!(
        title("f").as_deref(),
        Some("The U.S. wombat count rose by 4.5 percent.")
    );
    let run = env.run(&["search", "wombat", "--plain"]);
    assert!(!run.stdout.contains("(untitled)"), "{run}");
}

/// A subtitle beside a title is the story's first paragraph (news sites
/// put the lede or the standfirst there): searched, shown, and read for
/// people; once, when the body already opens with it.
#[test]
fn a_subtitle_beside_a_title_opens_the_body() {
    let env = TestEnv::new();
    let dir = env.path("standfirst");
    std::fs::create_dir(&dir).unwrap();
    std::fs::write(
        dir.join("a.jsonl"),
        concat!(
            r#"{"id":"w","title":"Wombat count rises","subtitle":"Ranger Margaret Okafor says the marsupials are back in the Derwent valley.","body":"The count rose by four percent this year. Officials were pleased."}"#,
            "\n",
            r#"{"id":"r","title":"Rain returns","subtitle":"Rain fell on the plains.","body":"Rain fell on the plains. Farmers were pleased."}"#,
            "\n",
            r#"{"id":"t","title":"Hail returns","subtitle":"Hail fell on the  hills.","body":"MOSCOW, May 2. /TASS/. Hail fell on the hills. Farmers were not pleased."}"#,
            "\n"
        ),
    )
    .unwrap();
    env.index(&[&dir], 0);
    let hits = env.search_json(&["marsupials Derwent"]);
    assert_eq!(hits.len(), 1, "{hits:?}");
    assert_eq!(hits[0]["id"], "w");
    let run = env.run(&["search", "*", "--person", "Margaret Okafor", "--json"]);
    assert_eq!(run.code, 0, "{run}");
    assert!(run.stdout.contains("\"w\""), "{run}");

    let run = env.run(&["extract", "--json", dir.join("a.jsonl").to_str().unwrap()]);
    assert_eq!(run.code, 0, "{run}");
    let articles = json_lines(&run.stdout);
    let body = |id: &str| {
        articles
            .iter()
            .find(|a| a["id"] == id)
            .map(|a| a["body"].as_str().unwrap().to_owned())
            .unwrap()
    };
    assert!(
        body("w").starts_with("Ranger Margaret Okafor says") && body("w").contains("Officials"),
        "{}",
        body("w")
    );
    assert_eq!(body("r").matches("Rain fell on the plains.").count(), 1);
    assert_eq!(body("t").matches("Hail fell").count(), 1);

    let run = env.run(&["show", "w"]);
    assert_eq!(run.code, 0, "{run}");
    assert!(run.stdout.contains("Ranger Margaret Okafor says"), "{run}");
}

#[test]
fn the_timeline_chart_names_its_query_and_filters() {
    let env = TestEnv::new();
    env.index(&[&data_dir()], 0);
    let svg = env.path("chart.svg");
    let run = env.run(&[
        "timeline",
        "*",
        "--person",
        "Putin",
        "--source",
        "tass.com",
        "--svg",
        svg.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 0, "{run}");
    let chart = std::fs::read_to_string(&svg).unwrap();
    assert!(
        chart.contains(">All articles · person: Putin · source: tass.com<"),
        "{chart}"
    );
}

#[test]
fn extract_on_a_missing_file_cannot_read_it() {
    let env = TestEnv::new();
    let run = env.run(&["extract", "/no/such/file.json"]);
    assert_eq!(run.code, 2, "{run}");
    assert!(
        run.stderr.contains("cannot read /no/such/file.json: "),
        "{run}"
    );
    assert!(!run.stderr.contains("cannot index"), "{run}");
}

#[test]
fn an_article_like_no_other_has_no_similar_articles() {
    let env = TestEnv::new();
    let dir = env.path("one");
    std::fs::create_dir(&dir).unwrap();
    std::fs::write(
        dir.join("a.jsonl"),
        "{\"id\":\"1\",\"title\":\"Zyx\",\"body\":\"Qwv.\"}\n{\"id\":\"2\",\"title\":\"!!\",\"body\":\"?\"}\n",
    )
    .unwrap();
    env.index(&[&dir], 0);
    for id in ["1", "2"] {
        let run = env.run(&["similar", id]);
        assert_eq!(run.code, 1, "{run}");
        assert_eq!(run.stdout, "no hits\n");
        let run = env.run(&["similar", id, "--json"]);
        assert_eq!(run.stdout, "{\"total\":0,\"offset\":0,\"limit\":10}\n");
        assert_eq!(env.run(&["show", id]).code, 0);
    }
}

// See: issue 13, point 11: what comes from articles is shown, not obeyed,
// in the new outputs too.
#[test]
fn escape_sequences_are_shown_not_obeyed() {
    const RETITLE: &str = "\x1b]0;PWNED\x07\x1b[2J";
    let env = TestEnv::new();
    let dir = env.path("articles");
    std::fs::create_dir(&dir).unwrap();
    let records = [
        serde_json::json!({
            "id": format!("a{RETITLE}"),
            "title": format!("Wombat census {RETITLE} results"),
            "source": format!("src{RETITLE}"),
            "url": format!("http://x.example/{RETITLE}"),
            "body": format!("Wombats were counted. {RETITLE} The wombats were many."),
        }),
        serde_json::json!({
            "id": "b",
            "title": "Wombat census, plain",
            "body": "Wombats again, counted and many.",
        }),
    ];
    let lines: Vec<String> = records.iter().map(|r| r.to_string()).collect();
    std::fs::write(dir.join("w\x1b[5m.jsonl"), lines.join("\n") + "\n").unwrap();
    env.index(&[&dir], 0);
    let id = format!("a{RETITLE}");
    for args in [
        &["show", id.as_str()][..],
        &["similar", "b"],
        &["similar", "b", "--format", "csv"],
        &["search", "wombats", "--format", "csv"],
        &["search", "wombats"],
        &["show", "nothing\x1b[2J"],
    ] {
        let run = env.run(args);
        assert!(run.code <= 2, "{run}");
        for text in [&run.stdout, &run.stderr] {
            assert!(
                !text.contains('\x1b') && !text.contains('\x07'),
                "{args:?}: a raw escape reached the terminal:\n{text}"
            );
        }
    }
    let run = env.run(&["show", &id]);
    assert_eq!(run.code, 0, "{run}");
    assert!(run.stdout.contains("\\x1b]0;PWNED"), "{run}");
}
