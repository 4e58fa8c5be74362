//! `--remote URL`: `search`, `batch`, `people`, `topics`, `timeline`,
//! `show`, `similar`, `stats` and `serve` over an OpenSearch cluster that `newsidx push` filled (issue 16, point
//! 4), checked against the same commands on a local index of the same
//! files. The tests against a real cluster start one with
//! `cluster/start.sh` (two nodes, ports of their own) and run only when
//! `NEWSIDX_TEST_CLUSTER=1`; otherwise they say they are skipped.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::serve::Served;
use crate::util::{TestEnv, closed_port, data_dir, json_lines};

#[test]
fn remote_search_where_no_cluster_listens_fails_clearly() {
    let env = TestEnv::new();
    let port = closed_port();
    let url = format!("http://user:s3cret-word@127.0.0.1:{port}");
    for args in [
        &["search", "oil", "--remote", &url][..],
        &["people", "--remote", &url],
        &["topics", "oil", "--remote", &url],
        &["timeline", "oil", "--remote", &url],
        &["batch", "--remote", &url],
    ] {
        let run = env.run(args);
        assert_eq!(run.code, 2, "{args:?}\n{run}");
        let expected =
            format!("cannot reach the cluster at http://127.0.0.1:{port}: connection refused");
        assert!(run.stderr.contains(&expected), "{run}");
        assert!(!run.stderr.contains("s3cret"), "credentials printed\n{run}");
        assert!(run.stdout.is_empty(), "{run}");
    }
    // The environment names the cluster as --remote does.
    let run = env
        .cmd()
        .args(["search", "oil"])
        .env("NEWSIDX_REMOTE", format!("http://127.0.0.1:{port}"))
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&run.stderr).contains("cannot reach the cluster"));
    let run = env.run(&["search", "oil", "--remote", "localhost:9200"]);
    assert_eq!(run.code, 2, "{run}");
    assert!(run.stderr.contains("must start with http://"), "{run}");
}

/// A cluster started for one test, stopped when it ends (as in
/// `cmd_push`).
struct Cluster {
    state: PathBuf,
    url: String,
}

impl Cluster {
    fn start(state: &Path, http_port: u16, transport_port: u16) -> Cluster {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let out = Command::new(root.join("cluster/start.sh"))
            .arg(state)
            .env("NEWSIDX_CLUSTER_HTTP_PORT", http_port.to_string())
            .env("NEWSIDX_CLUSTER_TRANSPORT_PORT", transport_port.to_string())
            .env("NEWSIDX_CLUSTER_HEAP", "256m")
            .output()
            .expect("cluster/start.sh runs");
        let cluster = Cluster {
            state: state.to_owned(),
            url: String::from_utf8_lossy(&out.stdout).trim().to_owned(),
        };
        assert!(
            out.status.success() && cluster.url.starts_with("http://"),
            "cannot start the test cluster (cluster/start.sh):\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
        cluster
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let _ = Command::new(root.join("cluster/stop.sh"))
            .arg(&self.state)
            .env("NEWSIDX_CLUSTER_STOP_WAIT", "10")
            .output();
    }
}

/// Whether the cluster tests are to run; says so when they are not.
fn cluster_wanted(test: &str) -> bool {
    let wanted = std::env::var("NEWSIDX_TEST_CLUSTER").is_ok_and(|v| v == "1");
    if !wanted {
        use std::io::Write;
        let _ = writeln!(
            std::io::stderr(),
            "{test}: skipped: set NEWSIDX_TEST_CLUSTER=1 to run it against a real cluster \
             (cluster/start.sh: OpenJDK 17 and Maven)"
        );
    }
    wanted
}

/// The (id, title) of each hit of a `--json` search, and the total.
fn hits(lines: &[serde_json::Value]) -> (Vec<(String, String)>, u64) {
    let total = lines.first().map_or(0, |l| l["total"].as_u64().unwrap());
    let hits = lines
        .iter()
        .filter(|l| l.get("rank").is_some())
        .map(|l| {
            (
                l["id"].as_str().unwrap().to_owned(),
                l["title"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    (hits, total)
}

#[test]
fn remote_search_gives_what_the_local_index_gives() {
    if !cluster_wanted("remote_search_gives_what_the_local_index_gives") {
        return;
    }
    let env = TestEnv::new();
    let cluster = Cluster::start(&env.path("cluster"), 9261, 9361);
    let data = data_dir();
    env.index(&[&data], 0);
    let push = env.run(&[
        "push",
        "--quiet",
        &cluster.url,
        "--index-name",
        "newsidx-remote",
        data.to_str().unwrap(),
    ]);
    assert_eq!(push.code, 0, "{push}");
    let remote = ["--remote", &cluster.url, "--remote-index", "newsidx-remote"];
    let both = |args: &[&str]| {
        let local = env.run(args);
        let mut with = args.to_vec();
        with.extend_from_slice(&remote);
        (local, env.run(&with))
    };

    // Searches: the same articles match (totals equal), the top ten are
    // mostly the same where scores rank them; every output format works.
    // Queries that match with a constant score (`*`, `field:*`) list
    // equal scores in index order locally, in key order from the
    // cluster: their totals are compared, not their top ten.
    let ranked = [
        "oil",
        "oil prices",
        "Lavrov",
        "\"arms control\"",
        "people:trump OR topic:energy",
        "title:oil -opec",
        "-oil",
        "tiller*",
        "lavrov~1",
        "date:[2017-01-01 TO 2017-12-31] oil",
    ];
    let unranked = ["source:*", "people:*", "oil -people:*", "* -people:*"];
    let mut overlap = 0.0;
    for q in unranked {
        let (local, remote) = both(&["search", q, "--json", "-n", "0"]);
        assert_eq!(local.code, remote.code, "{q}\n{local}\n{remote}");
        let (_, a) = hits(&json_lines(&local.stdout));
        let (_, b) = hits(&json_lines(&remote.stdout));
        assert_eq!(a, b, "{q}\n{local}\n{remote}");
    }
    for q in ranked {
        for any in [false, true] {
            let mut args = vec!["search", q, "--json", "-n", "10"];
            if any {
                args.push("--any");
            }
            let (local, remote) = both(&args);
            assert_eq!(local.code, remote.code, "{q}\n{local}\n{remote}");
            let (mine, my_total) = hits(&json_lines(&local.stdout));
            let (theirs, their_total) = hits(&json_lines(&remote.stdout));
            assert_eq!(my_total, their_total, "{q} (any: {any})\n{local}\n{remote}");
            let size = mine.len().max(theirs.len());
            let shared = mine
                .iter()
                .collect::<BTreeSet<_>>()
                .intersection(&theirs.iter().collect())
                .count();
            overlap += if size == 0 {
                1.0
            } else {
                shared as f64 / size as f64
            };
        }
    }
    let mean = overlap / (2 * ranked.len()) as f64;
    assert!(mean >= 0.8, "mean top-10 overlap {mean:.2}");

    // Filters, sorting and paging.
    for args in [
        &["search", "oil", "--json", "--sort", "newest", "-n", "3"][..],
        &[
            "search", "oil", "--json", "--offset", "2", "-n", "3", "--all",
        ],
        &["search", "*", "--json", "--topic", "energy", "-n", "0"],
        &[
            "search", "*", "--json", "--since", "2017-02", "--until", "2017-03",
        ],
        &["search", "*", "--json", "--source", "Reuters", "-n", "0"],
    ] {
        let (local, remote) = both(args);
        assert_eq!(local.code, remote.code, "{args:?}\n{local}\n{remote}");
        let (_, a) = hits(&json_lines(&local.stdout));
        let (_, b) = hits(&json_lines(&remote.stdout));
        assert_eq!(a, b, "{args:?}\n{local}\n{remote}");
    }
    let (local, remote) = both(&["search", "oil", "--format", "csv"]);
    assert_eq!(
        local.stdout.lines().next(),
        remote.stdout.lines().next(),
        "the same CSV header"
    );
    assert!(remote.stdout.lines().count() > 1, "{remote}");
    let (_, remote) = both(&["search", "oil"]);
    assert_eq!(remote.code, 0, "{remote}");
    assert!(remote.stdout.contains("oil") || remote.stdout.contains("Oil"));

    // People, topics and timelines: the same counts.
    for args in [
        &["people", "--json"][..],
        &["people", "oil", "--json", "-n", "5"],
        &["topics", "--json"],
        &["topics", "Lavrov", "--json"],
        &["timeline", "*", "--json"],
        &["timeline", "oil", "--json", "--by", "week"],
    ] {
        let (local, remote) = both(args);
        assert_eq!(local.code, remote.code, "{args:?}\n{local}\n{remote}");
        assert_eq!(local.stdout, remote.stdout, "{args:?}");
    }

    // Batch: an answer per query, the same totals.
    let queries = env.path("queries.txt");
    std::fs::write(&queries, "oil\nLavrov arms\nNOT (\n").unwrap();
    let (local, remote) = both(&["batch", queries.to_str().unwrap(), "--no-snippets"]);
    assert_eq!((local.code, remote.code), (2, 2), "{local}\n{remote}");
    let totals = |text: &str| -> Vec<Option<u64>> {
        json_lines(text)
            .iter()
            .map(|l| l["total"].as_u64())
            .collect()
    };
    assert_eq!(totals(&local.stdout), totals(&remote.stdout));

    // Mistakes: a query that cannot be read, as locally; an index the
    // cluster does not have.
    let (local, remote) = both(&["search", "oil AND ("]);
    assert_eq!((local.code, remote.code), (2, 2));
    assert_eq!(local.stderr, remote.stderr);
    let run = env.run(&[
        "search",
        "oil",
        "--remote",
        &cluster.url,
        "--remote-index",
        "nope",
    ]);
    assert_eq!(run.code, 2, "{run}");
    assert!(run.stderr.contains("has no index 'nope'"), "{run}");
    let (_, remote) = both(&["search", "zzqxv"]);
    assert_eq!(remote.code, 1, "{remote}");

    // "Did you mean": the same corrections as locally, for names, words
    // of the text (written as the text writes them) and a swap of two
    // letters; none for words the archive has.
    for q in [
        "Lavrof",
        "Trumpp",
        "petrolium",
        "Presidnt",
        "Syrai peace",
        "oil prices",
    ] {
        let (local, remote) = both(&["search", q, "--json", "-n", "1"]);
        let suggested = |text: &str| json_lines(text).first().map(|l| l["suggestions"].clone());
        assert_eq!(
            suggested(&local.stdout),
            suggested(&remote.stdout),
            "{q}\n{local}\n{remote}"
        );
    }
    let (_, remote) = both(&["search", "Lavrof", "--json"]);
    assert_eq!(json_lines(&remote.stdout)[0]["suggestions"][0], "Lavrov");
    let remote = ["--remote", &cluster.url, "--remote-index", "newsidx-remote"];
    show_similar_and_serve_through_the_cluster(&env, &cluster.url, &remote);
}

/// `show`, `similar`, `stats` and `serve` with `--remote`, on the cluster that
/// `remote_search_gives_what_the_local_index_gives` filled: the same
/// articles, counts and pages as from the local index.
fn show_similar_and_serve_through_the_cluster(env: &TestEnv, url: &str, remote_args: &[&str]) {
    let both = |args: &[&str]| {
        let local = env.run(args);
        let mut with = args.to_vec();
        with.extend_from_slice(remote_args);
        (local, env.run(&with))
    };
    // Two articles of two sources.
    let listed = json_lines(&env.run(&["search", "*", "--json", "-n", "100"]).stdout);
    let hits: Vec<&serde_json::Value> = listed.iter().filter(|l| l.get("rank").is_some()).collect();
    let folded = hits[0];
    let single = hits
        .iter()
        .find(|h| h["source"] != folded["source"])
        .expect("the sample archive has two sources");
    for hit in [folded, single] {
        let (id, path) = (hit["id"].as_str().unwrap(), hit["path"].as_str().unwrap());
        let (local, remote) = both(&["show", id, "--path", path, "--json"]);
        assert_eq!((local.code, remote.code), (0, 0), "{local}\n{remote}");
        assert_eq!(local.stdout, remote.stdout, "show {id}");
    }
    // Stats: the same articles, files, dates and sources.
    let (local, remote) = both(&["stats", "--json"]);
    assert_eq!((local.code, remote.code), (0, 0), "{local}\n{remote}");
    let (mine, theirs) = (
        &json_lines(&local.stdout)[0],
        &json_lines(&remote.stdout)[0],
    );
    for key in ["articles", "files", "first_date", "last_date", "sources"] {
        assert_eq!(mine[key], theirs[key], "stats {key}\n{local}\n{remote}");
    }
    assert!(theirs["bytes_on_disk"].as_u64() > Some(0), "{remote}");
    let (_, remote) = both(&["stats"]);
    assert!(
        remote
            .stdout
            .contains(&format!("index:        {url} (index ")),
        "{remote}"
    );

    let (local, remote) = both(&["show", "no-such-id"]);
    assert_eq!((local.code, remote.code), (2, 2), "{remote}");
    assert!(
        remote.stderr.contains("no article with id no-such-id"),
        "{remote}"
    );

    // Similar: neither the article nor its near-duplicates; mostly the same
    // articles as locally (the cluster chooses the words of its
    // more-like-this query by its own statistics).
    let (id, path) = (
        folded["id"].as_str().unwrap(),
        folded["path"].as_str().unwrap(),
    );
    let (local, remote) = both(&["similar", id, "--path", path, "--json", "-n", "10"]);
    assert_eq!((local.code, remote.code), (0, 0), "{local}\n{remote}");
    let group = folded["group"].as_str().unwrap();
    let theirs = json_lines(&remote.stdout);
    let theirs: Vec<&serde_json::Value> =
        theirs.iter().filter(|l| l.get("rank").is_some()).collect();
    assert!(!theirs.is_empty(), "{remote}");
    assert!(
        theirs.iter().all(|h| h["group"] != group && h["id"] != id),
        "the article or a copy of it listed as like it\n{remote}"
    );
    let (mine, _) = self::hits(&json_lines(&local.stdout));
    let (theirs, _) = self::hits(&json_lines(&remote.stdout));
    let shared = mine.iter().filter(|h| theirs.contains(h)).count();
    assert!(
        shared * 2 >= mine.len().min(theirs.len()),
        "similar: {shared} of {} shared\n{local}\n{remote}",
        mine.len()
    );

    // The web page and its API over the cluster.
    let mut command = Command::new(env!("CARGO_BIN_EXE_newsidx"));
    command
        .args(["serve", "--port", "0", "--threads", "2"])
        .args(remote_args)
        .env_remove("NEWSIDX_INDEX")
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null());
    let served = Served::launch(command);
    let local = Served::start(env);
    let (_, about) = served.json("/api/");
    assert!(
        about["index"].as_str().unwrap().contains(url),
        "/api/ names the cluster: {about}"
    );
    assert_eq!(about["articles"], local.json("/api/").1["articles"]);
    for path in [
        "/api/people",
        "/api/people?q=oil&limit=5",
        "/api/topics",
        "/api/topics?person=Sergey%20Lavrov",
        "/api/timeline",
        "/api/timeline?q=oil&by=week",
        &format!(
            "/api/article?id={id}&path={}",
            crate::serve::form_encode(path)
        ),
    ] {
        assert_eq!(served.json(path), local.json(path), "{path}");
    }
    let (status, answer) = served.json("/api/search?q=oil&limit=5");
    assert_eq!(status, 200);
    assert_eq!(
        answer["total"],
        local.json("/api/search?q=oil&limit=5").1["total"]
    );
    assert!(!answer["hits"].as_array().unwrap().is_empty(), "{answer}");
    let (status, answer) = served.json(&format!(
        "/api/similar?id={id}&path={}",
        crate::serve::form_encode(path)
    ));
    assert_eq!(status, 200, "{answer}");
    assert!(answer["total"].as_u64() > Some(0), "{answer}");
    let (status, page) = served.get("/?q=oil");
    assert_eq!(status, 200);
    assert!(page.contains("class=\"hit"), "results on the page");
    assert!(page.contains("People") && page.contains("Topics"));
    let (status, page) = served.get(&format!(
        "/article?id={id}&path={}",
        crate::serve::form_encode(path)
    ));
    assert_eq!(status, 200);
    assert!(page.contains("More like this"), "{page}");
    let (status, answer) = served.json("/api/search?q=oil%20AND%20(");
    assert_eq!(status, 400, "{answer}");
    assert!(answer["error"].as_str().unwrap().contains("invalid query"));
    let (status, _) = served.json("/api/article?id=no-such-id");
    assert_eq!(status, 404);
}

#[test]
fn serve_show_similar_and_stats_where_no_cluster_listens_fail_clearly() {
    let env = TestEnv::new();
    let url = format!("http://127.0.0.1:{}", closed_port());
    for args in [
        &["serve", "--port", "0", "--remote", &url][..],
        &["show", "1", "--remote", &url],
        &["similar", "1", "--remote", &url],
        &["stats", "--remote", &url],
    ] {
        let run = env.run(args);
        assert_eq!(run.code, 2, "{args:?}\n{run}");
        assert!(run.stderr.contains("cannot reach the cluster at"), "{run}");
        assert!(run.stdout.is_empty(), "{run}");
    }
}
