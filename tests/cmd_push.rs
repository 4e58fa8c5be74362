//! `newsidx push`: articles sent to an OpenSearch cluster (issue 16,
//! point 3). The tests against a real cluster start one with
//! `cluster/start.sh` (two nodes, ports of their own) and run only when
//! `NEWSIDX_TEST_CLUSTER=1`; otherwise they say they are skipped.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::{OnceLock, RwLock};

use serde_json::Value;

use crate::cmd_export::{by_id, indexed_count, pairs};
use crate::util::{Run, TestEnv, closed_port, data_dir};

#[test]
fn push_where_no_cluster_listens_fails_clearly() {
    let env = TestEnv::new();
    let port = closed_port();
    let url = format!("http://elastic:s3cret-word@127.0.0.1:{port}");
    let run = env.run(&["push", &url, data_dir().to_str().unwrap()]);
    assert_eq!(run.code, 2, "{run}");
    let expected = format!("no cluster answers at http://127.0.0.1:{port}: connection refused");
    assert!(run.stderr.contains(&expected), "{run}");
    assert!(!run.stderr.contains("s3cret"), "credentials printed\n{run}");
    assert!(run.stdout.is_empty(), "{run}");

    // Other mistakes, before anything is sent.
    let run = env.run(&["push", "localhost:9200", data_dir().to_str().unwrap()]);
    assert_eq!(run.code, 2, "{run}");
    assert!(
        run.stderr.contains("must start with http:// or https://"),
        "{run}"
    );
    let missing = env.path("missing");
    let run = env.run(&["push", &url, missing.to_str().unwrap()]);
    assert_eq!(run.code, 2, "{run}");
    assert!(run.stderr.contains("missing"), "{run}");
}

/// The test cluster every cluster test shares: the one `.ci/run` started
/// (`NEWSIDX_TEST_CLUSTER_URL`, state in `NEWSIDX_TEST_CLUSTER_STATE`),
/// or one started here with `cluster/start.sh` in `target/test-cluster`
/// (HTTP ports 9271-9272, transport 9371-9372, or
/// `NEWSIDX_CLUSTER_HTTP_PORT` and `NEWSIDX_CLUSTER_TRANSPORT_PORT`) and
/// stopped when the test binary exits. Each test has an index of its own.
struct Cluster {
    url: String,
    state: PathBuf,
    http_port: String,
    transport_port: String,
}

static CLUSTER: OnceLock<Result<Cluster, String>> = OnceLock::new();
/// Tests share the nodes; the one that kills a node has them alone (a
/// replica promoted under another test's push turns "created" into
/// "updated").
static NODES: RwLock<()> = RwLock::new(());

/// The state directory of a cluster these tests started, to stop at exit.
static STARTED: OnceLock<PathBuf> = OnceLock::new();

#[cfg(target_os = "linux")]
extern "C" fn stop_started_cluster() {
    if let Some(state) = STARTED.get() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let _ = Command::new(root.join("cluster/stop.sh"))
            .arg(state)
            .env("NEWSIDX_CLUSTER_STOP_WAIT", "10")
            .output();
    }
}

impl Cluster {
    fn find_or_start() -> Result<Cluster, String> {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let var = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
        let state = var("NEWSIDX_TEST_CLUSTER_STATE")
            .map_or_else(|| root.join("target/test-cluster"), PathBuf::from);
        let http_port = var("NEWSIDX_CLUSTER_HTTP_PORT").unwrap_or_else(|| "9271".into());
        let transport_port = var("NEWSIDX_CLUSTER_TRANSPORT_PORT").unwrap_or_else(|| "9371".into());
        let mut cluster = Cluster {
            url: String::new(),
            state,
            http_port,
            transport_port,
        };
        if let Some(url) = var("NEWSIDX_TEST_CLUSTER_URL") {
            cluster.url = url.trim_end_matches('/').to_owned();
            return match ureq::get(&cluster.url).call() {
                Ok(_) => Ok(cluster),
                Err(err) => Err(format!(
                    "NEWSIDX_TEST_CLUSTER=1, but no cluster answers at \
                     NEWSIDX_TEST_CLUSTER_URL={}: {err}",
                    cluster.url
                )),
            };
        }
        let url = cluster.start_sh()?;
        #[cfg(target_os = "linux")]
        {
            STARTED.get_or_init(|| cluster.state.clone());
            // SAFETY: registers a plain function to run at exit.
            unsafe { libc::atexit(stop_started_cluster) };
        }
        cluster.url = url;
        Ok(cluster)
    }

    /// Runs `cluster/start.sh`: starts the nodes that are not running
    /// and waits for them; the URL, or why it failed.
    fn start_sh(&self) -> Result<String, String> {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let out = Command::new(root.join("cluster/start.sh"))
            .arg(&self.state)
            .env("NEWSIDX_CLUSTER_HTTP_PORT", &self.http_port)
            .env("NEWSIDX_CLUSTER_TRANSPORT_PORT", &self.transport_port)
            .env("NEWSIDX_CLUSTER_HEAP", "256m")
            .output()
            .map_err(|err| format!("cannot run cluster/start.sh: {err}"))?;
        let url = String::from_utf8_lossy(&out.stdout).trim().to_owned();
        if !out.status.success() || !url.starts_with("http://") {
            return Err(format!(
                "NEWSIDX_TEST_CLUSTER=1, but the test cluster cannot be started \
                 (cluster/start.sh {}: Java 17 and Maven needed):\n{}",
                self.state.display(),
                String::from_utf8_lossy(&out.stderr)
            ));
        }
        Ok(url)
    }

    fn get(&self, path: &str) -> Value {
        let mut answer = ureq::get(format!("{}{path}", self.url)).call().unwrap();
        serde_json::from_str(&answer.body_mut().read_to_string().unwrap()).unwrap()
    }

    fn count(&self, index: &str) -> u64 {
        let _ = ureq::post(format!("{}/{index}/_refresh", self.url)).send_empty();
        self.get(&format!("/{index}/_count"))["count"]
            .as_u64()
            .unwrap()
    }

    /// The `_id`s the index holds.
    fn ids(&self, index: &str) -> BTreeSet<String> {
        let _ = ureq::post(format!("{}/{index}/_refresh", self.url)).send_empty();
        let mut ids = BTreeSet::new();
        let mut after: Option<Value> = None;
        loop {
            let mut body = serde_json::json!({
                "size": 5000, "_source": false, "sort": [{"key": "asc"}],
            });
            if let Some(sort) = after.take() {
                body["search_after"] = sort;
            }
            let mut answer = ureq::post(format!("{}/{index}/_search", self.url))
                .header("content-type", "application/json")
                .send(body.to_string())
                .unwrap();
            let json: Value =
                serde_json::from_str(&answer.body_mut().read_to_string().unwrap()).unwrap();
            let hits = json["hits"]["hits"].as_array().unwrap();
            for hit in hits {
                ids.insert(hit["_id"].as_str().unwrap().to_owned());
            }
            if hits.len() < 5000 {
                return ids;
            }
            after = Some(hits.last().unwrap()["sort"].clone());
        }
    }

    /// The index's health once it is green or two minutes have passed.
    fn health(&self, index: &str) -> String {
        self.get(&format!(
            "/_cluster/health/{index}?wait_for_status=green&timeout=120s"
        ))["status"]
            .as_str()
            .unwrap_or_default()
            .to_owned()
    }

    /// Deletes an index left from an earlier run.
    fn fresh(&self, index: &str) {
        let _ = ureq::delete(format!("{}/{index}", self.url)).call();
    }
}

/// The shared cluster, when the cluster tests are to run (otherwise they
/// say they are skipped); a test fails when it cannot have the cluster.
fn cluster(test: &str) -> Option<&'static Cluster> {
    let wanted = std::env::var("NEWSIDX_TEST_CLUSTER").is_ok_and(|v| v == "1");
    if !wanted {
        // Straight to stderr: the test harness would hide an eprintln!.
        use std::io::Write;
        let _ = writeln!(
            std::io::stderr(),
            "{test}: skipped: set NEWSIDX_TEST_CLUSTER=1 to run it against a real cluster \
             (cluster/start.sh: OpenJDK 17 and Maven)"
        );
        return None;
    }
    match CLUSTER.get_or_init(Cluster::find_or_start) {
        Ok(cluster) => Some(cluster),
        Err(why) => panic!("{why}"),
    }
}

/// `newsidx push -q URL --index-name INDEX ARGS...`
fn push(env: &TestEnv, cluster: &Cluster, index: &str, args: &[&str]) -> Run {
    let mut all = vec!["push", "--quiet", &cluster.url, "--index-name", index];
    all.extend_from_slice(args);
    env.run(&all)
}

/// The `_id`s of what `export` makes of the paths.
fn exported_ids(env: &TestEnv, paths: &[&str]) -> BTreeSet<String> {
    let mut args = vec!["export", "-q"];
    args.extend_from_slice(paths);
    let run = env.run(&args);
    assert_eq!(run.code, 0, "{run}");
    by_id(&pairs(&run.stdout)).into_keys().collect()
}

/// The files line of a push's summary.
fn files_line(run: &Run) -> &str {
    run.stdout
        .lines()
        .find(|l| l.starts_with("files: "))
        .unwrap_or_else(|| panic!("no files line\n{run}"))
}

/// Says how long a part of a test took (the harness shows it with
/// --nocapture, and always for a test that fails).
fn took(test: &str, what: &str, secs: f64) {
    use std::io::Write;
    let _ = writeln!(std::io::stderr(), "{test}: {what}: {secs:.1} s");
}

#[test]
fn push_of_data_into_a_cluster_matches_the_local_index() {
    let Some(cluster) = cluster("push_of_data_into_a_cluster_matches_the_local_index") else {
        return;
    };
    let _shared = NODES.read().unwrap_or_else(|e| e.into_inner());
    let index = "newsidx-t-data";
    cluster.fresh(index);
    let env = TestEnv::new();
    let data = data_dir();
    let data = data.to_str().unwrap();
    let local = indexed_count(&env.index(&[Path::new(data)], 0));

    let first = push(&env, cluster, index, &[data]);
    assert_eq!(first.code, 0, "{first}");
    assert!(
        first.stdout.contains(&format!("index {index} (created)")),
        "{first}"
    );
    assert!(
        first
            .stdout
            .contains(&format!("{local} created, 0 updated, 0 refused")),
        "{first}"
    );
    assert_eq!(
        files_line(&first),
        "files: 7 sent (7 new, 0 changed), 0 unchanged, 0 gone; 0 documents deleted"
    );
    assert_eq!(cluster.count(index), local as u64);

    // The index has the template's mapping and the shards asked for.
    let settings = cluster.get(&format!("/{index}/_settings"));
    let settings = &settings[index]["settings"]["index"];
    assert_eq!(settings["number_of_shards"], "2");
    assert_eq!(settings["number_of_replicas"], "1");
    let mapping = cluster.get(&format!("/{index}/_mapping"));
    assert_eq!(mapping[index]["mappings"]["dynamic"], "strict");

    // The second push sends nothing: the cluster has every file as it is.
    let second = push(&env, cluster, index, &[data]);
    assert_eq!(second.code, 0, "{second}");
    assert_eq!(
        files_line(&second),
        "files: 0 sent (0 new, 0 changed), 7 unchanged, 0 gone; 0 documents deleted"
    );
    assert!(second.stdout.contains("pushed 0 articles"), "{second}");
    assert_eq!(cluster.count(index), local as u64);

    // --full sends everything again: every document replaced, none added.
    let full = push(&env, cluster, index, &["--full", data]);
    assert_eq!(full.code, 0, "{full}");
    assert!(
        full.stdout.contains(&format!("0 created, {local} updated")),
        "{full}"
    );
    assert_eq!(cluster.count(index), local as u64);

    // The cluster holds what export writes.
    let exported = by_id(&pairs(&env.run(&["export", "-q", data]).stdout));
    let key = exported
        .keys()
        .find(|k| k.ends_with("rubio-lavrov-meeting.txt"))
        .unwrap();
    let id: String = form_urlencoded::byte_serialize(key.as_bytes()).collect();
    let doc = cluster.get(&format!("/{index}/_doc/{id}"));
    assert_eq!(doc["_source"], exported[key]);

    // From the index: the same documents, so again nothing added, and the
    // file states they carry are those of the files: nothing to send after.
    let index_dir = env.index_dir();
    let from_index = push(
        &env,
        cluster,
        index,
        &["--from-index", index_dir.to_str().unwrap()],
    );
    assert_eq!(from_index.code, 0, "{from_index}");
    assert_eq!(cluster.count(index), local as u64);
    let after = push(&env, cluster, index, &[data]);
    assert!(files_line(&after).starts_with("files: 0 sent"), "{after}");

    // An index name the cluster refuses: its reason, exit 2.
    let bad = push(&env, cluster, "Bad Name", &[data]);
    assert_eq!(bad.code, 2, "{bad}");
    assert!(bad.stderr.contains("invalid_index_name_exception"), "{bad}");
}

/// Changed, deleted, shortened, added and touched files: the cluster ends
/// up holding what a push into an empty index would have sent.
#[test]
fn a_push_sends_changed_files_and_deletes_what_is_gone() {
    let Some(cluster) = cluster("a_push_sends_changed_files_and_deletes_what_is_gone") else {
        return;
    };
    let _shared = NODES.read().unwrap_or_else(|e| e.into_inner());
    let index = "newsidx-t-incr";
    cluster.fresh(index);
    let env = TestEnv::new();
    let copy = env.path("archive");
    copy_tree(&data_dir(), &copy);
    let copy_str = copy.to_str().unwrap();
    let first = push(&env, cluster, index, &[copy_str]);
    assert_eq!(first.code, 0, "{first}");

    // A multi-record file loses its last two records; a story grows; a
    // file goes; a new one comes; one is rewritten with the same bytes.
    let feed = copy.join("feeds/news-articles-sample.jsonl");
    let text = std::fs::read_to_string(&feed).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    std::fs::write(&feed, lines[..lines.len() - 2].join("\n") + "\n").unwrap();
    let story = copy.join("web/rubio-lavrov-meeting.txt");
    let mut text = std::fs::read_to_string(&story).unwrap();
    text.push_str("\nA paragraph added later, with more words about the meeting.\n");
    std::fs::write(&story, text).unwrap();
    std::fs::remove_file(copy.join("feeds/world-briefs.json")).unwrap();
    std::fs::write(
        copy.join("web/new-story.txt"),
        "A new story\n\nIt came in after the first push.\n",
    )
    .unwrap();
    let same = std::fs::read(copy.join("reuters/reut2-sample.sgm")).unwrap();
    std::thread::sleep(std::time::Duration::from_millis(20));
    std::fs::write(copy.join("reuters/reut2-sample.sgm"), same).unwrap();

    let second = push(&env, cluster, index, &[copy_str]);
    assert_eq!(second.code, 0, "{second}");
    assert!(
        files_line(&second).starts_with("files: 3 sent (1 new, 2 changed), 4 unchanged, 1 gone;"),
        "{second}"
    );
    assert_eq!(cluster.ids(index), exported_ids(&env, &[copy_str]));
    let local = indexed_count(&env.index(&[&copy], 0));
    assert_eq!(cluster.count(index), local as u64);

    let third = push(&env, cluster, index, &[copy_str]);
    assert!(
        files_line(&third).starts_with("files: 0 sent (0 new, 0 changed), 7 unchanged, 0 gone;"),
        "{third}"
    );
    // Another folder pushed to the same index leaves the first one's
    // documents alone: they are not under the paths given.
    let other = env.path("other");
    std::fs::create_dir(&other).unwrap();
    std::fs::write(other.join("x.txt"), "Other\n\nElsewhere.\n").unwrap();
    let run = push(&env, cluster, index, &[other.to_str().unwrap()]);
    assert!(files_line(&run).contains(", 0 gone;"), "{run}");
    assert_eq!(cluster.count(index), local as u64 + 1);
}

/// Copies a folder tree (files and folders only).
fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// news-articles and all of Reuters: the cluster holds as many articles
/// as the local index; a second push sends nothing; a changed file and a
/// deleted one make the cluster match again.
#[test]
fn push_of_the_corpora_matches_the_local_index() {
    const TEST: &str = "push_of_the_corpora_matches_the_local_index";
    let Some(cluster) = cluster(TEST) else {
        return;
    };
    let _shared = NODES.read().unwrap_or_else(|e| e.into_inner());
    let index = "newsidx-t-corpora";
    cluster.fresh(index);
    let env = TestEnv::new();
    let copy = env.path("corpora");
    std::fs::create_dir(&copy).unwrap();
    let mut files = crate::util::reuters_files();
    files.push(crate::util::corpora().join("news-articles/news-articles.jsonl.gz"));
    for file in &files {
        std::fs::copy(file, copy.join(file.file_name().unwrap())).unwrap();
    }
    let copy_str = copy.to_str().unwrap();
    // Exit code 3: one Reuters record has neither title nor body.
    let local = indexed_count(&env.index(&[&copy], 3));

    let start = std::time::Instant::now();
    let first = push(&env, cluster, index, &[copy_str]);
    took(TEST, "first push", start.elapsed().as_secs_f64());
    assert_eq!(first.code, 3, "{first}");
    assert_eq!(cluster.count(index), local as u64, "{first}");

    let start = std::time::Instant::now();
    let again = push(&env, cluster, index, &[copy_str]);
    took(
        TEST,
        "push with nothing to send",
        start.elapsed().as_secs_f64(),
    );
    assert_eq!(
        files_line(&again),
        "files: 0 sent (0 new, 0 changed), 23 unchanged, 0 gone; 0 documents deleted",
        "{again}"
    );
    assert!(again.stdout.contains("pushed 0 articles"), "{again}");
    assert_eq!(cluster.count(index), local as u64, "{again}");

    // reut2-001 now holds reut2-000's stories (other text under its
    // keys); reut2-002 is gone.
    std::fs::copy(copy.join("reut2-000.sgm.gz"), copy.join("reut2-001.sgm.gz")).unwrap();
    std::fs::remove_file(copy.join("reut2-002.sgm.gz")).unwrap();
    let start = std::time::Instant::now();
    let changed = push(&env, cluster, index, &[copy_str]);
    took(
        TEST,
        "push of one changed file, one gone",
        start.elapsed().as_secs_f64(),
    );
    assert_eq!(changed.code, 0, "{changed}");
    assert!(
        files_line(&changed).starts_with("files: 1 sent (0 new, 1 changed), 21 unchanged, 1 gone;"),
        "{changed}"
    );
    // The local index, brought up to date the same way (incrementally).
    let local = index_total(&env.index(&[&copy], 0));
    assert_eq!(cluster.count(index), local, "{changed}");
}

/// The articles the index holds after a run, from its summary's last line
/// (`index DIR: N articles`).
fn index_total(run: &Run) -> u64 {
    run.stdout
        .lines()
        .rev()
        .find_map(|l| {
            l.strip_prefix("index ")?
                .rsplit_once(": ")?
                .1
                .strip_suffix(" articles")
        })
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no total\n{run}"))
}

/// Node 2 killed (kill -9) a few seconds into a push: the push goes on
/// with node 1, and nothing is lost or duplicated; node 2 is started again
/// for the other tests, and a second push finds nothing to send.
#[test]
fn a_node_killed_during_a_push_loses_nothing() {
    let Some(cluster) = cluster("a_node_killed_during_a_push_loses_nothing") else {
        return;
    };
    let _alone = NODES.write().unwrap_or_else(|e| e.into_inner());
    let index = "newsidx-t-kill";
    cluster.fresh(index);
    let env = TestEnv::new();
    let reuters = crate::util::reuters_files();
    let mut args = vec!["push", "--quiet", &cluster.url, "--index-name", index];
    let files: Vec<&str> = reuters[..10].iter().map(|p| p.to_str().unwrap()).collect();
    // The index made, and every shard copied to both nodes, before the
    // node is killed: a primary with no copy yet is lost with its node
    // until it comes back, and no client can help that (on a slow machine
    // the copies took longer than the 3 s the push ran).
    let first = env.run(&[&args[..], &files[..1]].concat());
    assert_eq!(first.code, 0, "{first}");
    assert_eq!(cluster.health(index), "green");
    args.extend_from_slice(&files);
    let mut child = env.spawn(&args);
    std::thread::sleep(std::time::Duration::from_secs(3));
    assert!(
        child.try_wait().unwrap().is_none(),
        "the push ended before node 2 was killed"
    );
    let pid = std::fs::read_to_string(cluster.state.join("node-2.pid")).unwrap();
    let killed = Command::new("kill")
        .args(["-9", pid.trim()])
        .status()
        .unwrap();
    assert!(killed.success());
    let killed_run = Run::from(child.wait_with_output().unwrap());
    // Node 2 back before anything can fail, so the other tests have it.
    let restarted = cluster.start_sh();
    assert_eq!(killed_run.code, 0, "{killed_run}");
    restarted.unwrap();
    let pushed: u64 = killed_run
        .stdout
        .lines()
        .find_map(|l| l.strip_prefix("pushed "))
        .and_then(|l| l.split_whitespace().next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no summary\n{killed_run}"));
    assert_eq!(pushed, 9_000, "{killed_run}");
    assert_eq!(cluster.count(index), 10_000, "{killed_run}");
    let again = env.run(&args);
    assert!(files_line(&again).starts_with("files: 0 sent"), "{again}");
}

/// A push killed (kill -9) half way: the next one sends what is missing,
/// files the first had only begun among them, and the count is exact.
#[test]
fn a_push_killed_half_way_is_completed_by_the_next() {
    let Some(cluster) = cluster("a_push_killed_half_way_is_completed_by_the_next") else {
        return;
    };
    let _shared = NODES.read().unwrap_or_else(|e| e.into_inner());
    let index = "newsidx-t-stop";
    cluster.fresh(index);
    let env = TestEnv::new();
    let reuters = crate::util::reuters_files();
    let mut args = vec![
        "push",
        "--quiet",
        &cluster.url,
        "--index-name",
        index,
        "--bulk-docs",
        "300",
    ];
    let files: Vec<&str> = reuters[10..16]
        .iter()
        .map(|p| p.to_str().unwrap())
        .collect();
    args.extend_from_slice(&files);
    let mut child = env.spawn(&args);
    std::thread::sleep(std::time::Duration::from_secs(4));
    let _ = child.kill();
    let _ = child.wait();
    let partial = cluster.count(index);
    let again = env.run(&args);
    // Exit code 3 when it reads reut2-012 again: one of its records has
    // neither title nor body (so 5,999 articles in all, not 6,000).
    assert!(again.code == 0 || again.code == 3, "{again}");
    assert_eq!(
        cluster.count(index),
        5_999,
        "{partial} after the kill\n{again}"
    );
    let last = env.run(&args);
    assert!(files_line(&last).starts_with("files: 0 sent"), "{last}");
}

/// What the cluster refuses: an index whose mapping conflicts with the
/// template (exit 2, the cluster's reason), and single documents (reported
/// with their keys, the rest goes in, exit 3).
#[test]
fn what_the_cluster_refuses_is_reported() {
    let Some(cluster) = cluster("what_the_cluster_refuses_is_reported") else {
        return;
    };
    let _shared = NODES.read().unwrap_or_else(|e| e.into_inner());
    let env = TestEnv::new();
    let data = data_dir();
    let data = data.to_str().unwrap();

    let index = "newsidx-t-conflict";
    cluster.fresh(index);
    ureq::put(format!("{}/{index}", cluster.url))
        .header("content-type", "application/json")
        .send(r#"{"mappings":{"properties":{"file_hash":{"type":"long"}}}}"#)
        .unwrap();
    let run = push(&env, cluster, index, &[data]);
    assert_eq!(run.code, 2, "{run}");
    assert!(
        run.stderr.contains("is not one newsidx can push to")
            && run.stderr.contains("illegal_argument_exception"),
        "{run}"
    );

    // A document the cluster refuses (a URL longer than Lucene's longest
    // term) is reported with its key; the others go in, among them one
    // whose key is longer than an _id may be (it gets a hashed _id).
    let index = "newsidx-t-refused";
    cluster.fresh(index);
    let odd = env.path("odd");
    let deep = (0..3).fold(odd.clone(), |p, i| {
        p.join(format!("{i}{}", "x".repeat(200)))
    });
    std::fs::create_dir_all(&deep).unwrap();
    std::fs::write(deep.join("story.txt"), "A title\n\nA body of some words.\n").unwrap();
    let long_url = format!("http://example.com/{}", "a".repeat(40_000));
    std::fs::write(
        odd.join("links.jsonl"),
        format!(
            "{}\n{}\n",
            serde_json::json!({"title": "Long link", "body": "Words.", "url": long_url}),
            serde_json::json!({"title": "Fine", "body": "Other words."})
        ),
    )
    .unwrap();
    let refused = push(&env, cluster, index, &[odd.to_str().unwrap()]);
    assert_eq!(refused.code, 3, "{refused}");
    assert!(
        refused.stderr.contains("refused by the cluster: ")
            && refused.stderr.contains("links.jsonl#1"),
        "{refused}"
    );
    assert!(
        refused.stdout.contains("2 created, 0 updated, 1 refused"),
        "{refused}"
    );
    assert_eq!(cluster.count(index), 2);
    // The file with the refused document is not whole in the cluster:
    // the next push sends it again (and it is refused again); the other
    // file is not sent.
    let again = push(&env, cluster, index, &[odd.to_str().unwrap()]);
    assert_eq!(again.code, 3, "{again}");
    assert!(
        files_line(&again).starts_with("files: 1 sent (0 new, 1 changed), 1 unchanged"),
        "{again}"
    );
}

/// What the stand-in cluster saw.
#[derive(Default)]
struct Seen {
    bulk_requests: usize,
    ids: std::collections::BTreeSet<String>,
    auth: std::collections::BTreeSet<String>,
}

/// A stand-in for a cluster on a loopback port: it answers as OpenSearch
/// does, except that its first bulk request gets 503 and the first
/// document of its second gets 429.
fn busy_cluster() -> (String, std::sync::Arc<std::sync::Mutex<Seen>>) {
    use std::io::{BufRead, BufReader, Read, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let seen = std::sync::Arc::new(std::sync::Mutex::new(Seen::default()));
    let shared = seen.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(stream) = stream else { return };
            let seen = shared.clone();
            std::thread::spawn(move || {
                let mut reader = BufReader::new(stream.try_clone().unwrap());
                let mut stream = stream;
                loop {
                    let mut head = String::new();
                    if reader.read_line(&mut head).unwrap_or(0) == 0 {
                        return;
                    }
                    let mut parts = head.split_whitespace();
                    let (method, path) = (
                        parts.next().unwrap().to_owned(),
                        parts.next().unwrap().to_owned(),
                    );
                    let mut length = 0;
                    loop {
                        let mut line = String::new();
                        reader.read_line(&mut line).unwrap();
                        let line = line.trim_end();
                        if line.is_empty() {
                            break;
                        }
                        let (name, value) = line.split_once(": ").unwrap();
                        match name.to_ascii_lowercase().as_str() {
                            "content-length" => length = value.parse().unwrap(),
                            "authorization" => {
                                seen.lock().unwrap().auth.insert(value.to_owned());
                            }
                            _ => {}
                        }
                    }
                    let mut body = vec![0; length];
                    reader.read_exact(&mut body).unwrap();
                    let body = String::from_utf8(body).unwrap();
                    let (status, answer) = match (method.as_str(), path.as_str()) {
                        ("GET", "/") => (
                            200,
                            r#"{"version":{"number":"2.19.6","distribution":"opensearch"}}"#
                                .to_owned(),
                        ),
                        ("GET", "/newsidx") => (200, "{}".to_owned()),
                        ("PUT", "/newsidx/_mapping") => {
                            (200, r#"{"acknowledged":true}"#.to_owned())
                        }
                        ("POST", "/newsidx/_search") => (200, r#"{"hits":{"hits":[]}}"#.to_owned()),
                        ("POST", "/_bulk") => {
                            let mut seen = seen.lock().unwrap();
                            seen.bulk_requests += 1;
                            if seen.bulk_requests == 1 {
                                (
                                    503,
                                    r#"{"error":{"type":"unavailable","reason":"busy"}}"#
                                        .to_owned(),
                                )
                            } else {
                                let mut items = Vec::new();
                                for (i, action) in body.lines().step_by(2).enumerate() {
                                    let action: Value = serde_json::from_str(action).unwrap();
                                    let id = action["index"]["_id"].as_str().unwrap().to_owned();
                                    if seen.bulk_requests == 2 && i == 0 {
                                        items.push(r#"{"index":{"status":429,"error":{"type":"es_rejected_execution_exception","reason":"queue full"}}}"#.to_owned());
                                    } else {
                                        seen.ids.insert(id);
                                        items.push(
                                            r#"{"index":{"status":201,"result":"created"}}"#
                                                .to_owned(),
                                        );
                                    }
                                }
                                (
                                    200,
                                    format!(r#"{{"errors":true,"items":[{}]}}"#, items.join(",")),
                                )
                            }
                        }
                        ("POST", "/newsidx/_refresh") => (200, "{}".to_owned()),
                        ("GET", "/newsidx/_count") => (
                            200,
                            format!(r#"{{"count":{}}}"#, seen.lock().unwrap().ids.len()),
                        ),
                        _ => (
                            404,
                            r#"{"error":{"type":"not_found","reason":"no"}}"#.to_owned(),
                        ),
                    };
                    let response = format!(
                        "HTTP/1.1 {status} X\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n{answer}",
                        answer.len()
                    );
                    if stream.write_all(response.as_bytes()).is_err() {
                        return;
                    }
                }
            });
        }
    });
    (url, seen)
}

#[test]
fn push_tries_again_when_the_cluster_is_busy_and_keeps_credentials_secret() {
    let env = TestEnv::new();
    let (url, seen) = busy_cluster();
    let data = data_dir();
    let mut cmd = env.cmd();
    cmd.args([
        "push",
        "--quiet",
        "--bulk-docs",
        "20",
        "--user",
        "editor",
        &url,
    ])
    .arg(&data)
    .env("NEWSIDX_REMOTE_PASSWORD", "pa55-word");
    let run = crate::util::Run::from(cmd.output().unwrap());
    assert_eq!(run.code, 0, "{run}");
    assert!(
        run.stdout
            .contains("57 created, 0 updated, 0 refused; 2 tries again"),
        "{run}"
    );
    assert!(run.stdout.contains("index newsidx: 57 documents"), "{run}");
    assert!(
        !run.stdout.contains("pa55") && !run.stderr.contains("pa55"),
        "{run}"
    );

    let exported = by_id(&pairs(
        &env.run(&["export", "-q", data.to_str().unwrap()]).stdout,
    ));
    let seen = seen.lock().unwrap();
    assert_eq!(
        seen.ids.iter().collect::<Vec<_>>(),
        exported.keys().collect::<Vec<_>>(),
        "every document arrived"
    );
    use base64::Engine as _;
    let expected = format!(
        "Basic {}",
        base64::engine::general_purpose::STANDARD.encode("editor:pa55-word")
    );
    assert_eq!(seen.auth.iter().collect::<Vec<_>>(), [&expected]);
}

/// A stand-in cluster behind TLS, with the certificate of
/// `tests/fixtures/tls` (127.0.0.1, signed by the test CA `ca.pem`): it
/// answers `GET /` as OpenSearch does and anything else with 500. Keeps
/// the `Authorization` headers it got.
fn tls_cluster() -> (String, std::sync::Arc<std::sync::Mutex<Vec<String>>>) {
    use rustls::pki_types::pem::PemObject;
    use rustls::pki_types::{CertificateDer, PrivateKeyDer};
    use std::io::{Read, Write};
    use std::sync::{Arc, Mutex};
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/tls");
    let certs: Vec<CertificateDer> = CertificateDer::pem_file_iter(dir.join("server.pem"))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let key = PrivateKeyDer::from_pem_file(dir.join("server.key")).unwrap();
    // The provider of the crate's features: ring, the one ureq uses.
    let config = Arc::new(
        rustls::ServerConfig::builder()
            .with_no_client_auth()
            .with_single_cert(certs, key)
            .unwrap(),
    );
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("https://{}", listener.local_addr().unwrap());
    let seen = Arc::new(Mutex::new(Vec::new()));
    let shared = seen.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(stream) = stream else { return };
            let (config, seen) = (config.clone(), shared.clone());
            std::thread::spawn(move || {
                let conn = rustls::ServerConnection::new(config).unwrap();
                let mut tls = rustls::StreamOwned::new(conn, stream);
                loop {
                    // The head, a byte at a time (requests here have no body
                    // that matters: GET /, then whatever push asks next).
                    let mut head = Vec::new();
                    let mut byte = [0];
                    while !head.ends_with(b"\r\n\r\n") {
                        match tls.read(&mut byte) {
                            Ok(1) => head.push(byte[0]),
                            _ => return,
                        }
                    }
                    let head = String::from_utf8_lossy(&head).into_owned();
                    let mut length = 0;
                    for line in head.lines() {
                        if let Some((name, value)) = line.split_once(": ") {
                            match name.to_ascii_lowercase().as_str() {
                                "authorization" => seen.lock().unwrap().push(value.to_owned()),
                                "content-length" => length = value.parse().unwrap_or(0),
                                _ => {}
                            }
                        }
                    }
                    let mut body = vec![0; length];
                    if tls.read_exact(&mut body).is_err() {
                        return;
                    }
                    let (status, answer) = if head.starts_with("GET / ") {
                        (
                            200,
                            r#"{"version":{"number":"2.19.6","distribution":"opensearch"}}"#,
                        )
                    } else {
                        (
                            500,
                            r#"{"error":{"type":"stand_in","reason":"only GET / here"}}"#,
                        )
                    };
                    let response = format!(
                        "HTTP/1.1 {status} X\r\ncontent-type: application/json\r\n\
                         content-length: {}\r\n\r\n{answer}",
                        answer.len()
                    );
                    if tls.write_all(response.as_bytes()).is_err() || tls.flush().is_err() {
                        return;
                    }
                }
            });
        }
    });
    (url, seen)
}

/// https:// works with the cluster's own CA (`--ca-cert`), or with none
/// checked (`--insecure`, with a warning); a certificate no root vouches
/// for is refused; credentials are sent and never printed.
#[test]
fn push_over_tls_checks_the_certificate() {
    let env = TestEnv::new();
    let (url, seen) = tls_cluster();
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/tls");
    let ca = fixtures.join("ca.pem");
    let data = data_dir();
    let with_password = url.replace("https://", "https://editor:tls-s3cret@");
    let push = |extra: &[&str]| {
        let mut args = vec!["push", "-q", &with_password, data.to_str().unwrap()];
        args.extend_from_slice(extra);
        let run = env.run(&args);
        assert!(
            !run.stdout.contains("tls-s3cret") && !run.stderr.contains("tls-s3cret"),
            "password printed\n{run}"
        );
        run
    };

    // The usual roots do not vouch for the test CA.
    let run = push(&[]);
    assert_eq!(run.code, 2, "{run}");
    assert!(
        run.stderr
            .contains(&format!("no cluster answers at {url}: "))
            && run.stderr.contains("UnknownIssuer"),
        "{run}"
    );
    assert!(seen.lock().unwrap().is_empty());

    // With the CA, the connection is made: GET / answers, and what push
    // asks next gets the stand-in's 500.
    let ca_str = ca.to_str().unwrap();
    let run = push(&["--ca-cert", ca_str]);
    assert_eq!(run.code, 2, "{run}");
    assert!(
        run.stderr
            .contains(&format!("{url} answered 500 when asked for index newsidx")),
        "{run}"
    );
    use base64::Engine as _;
    let expected = format!(
        "Basic {}",
        base64::engine::general_purpose::STANDARD.encode("editor:tls-s3cret")
    );
    assert!(seen.lock().unwrap().iter().all(|a| *a == expected));
    assert!(!seen.lock().unwrap().is_empty());

    // The CA from the environment, as from the flag.
    let mut cmd = env.cmd();
    cmd.args(["push", "-q", &url]).arg(&data);
    cmd.env("NEWSIDX_REMOTE_CA_CERT", &ca);
    let run = Run::from(cmd.output().unwrap());
    assert!(run.stderr.contains("answered 500"), "{run}");

    // --insecure: no check, and a warning.
    let run = push(&["--insecure"]);
    assert!(run.stderr.contains("answered 500"), "{run}");
    assert!(
        run.stderr.contains(&format!(
            "warning: --insecure: the certificate of {url} is not checked"
        )),
        "{run}"
    );

    // A CA file that holds no certificate, or is not there.
    let key = fixtures.join("server.key");
    let run = push(&["--ca-cert", key.to_str().unwrap()]);
    assert_eq!(run.code, 2, "{run}");
    assert!(run.stderr.contains("holds no certificate"), "{run}");
    let run = push(&["--ca-cert", "/nonexistent/ca.pem"]);
    assert_eq!(run.code, 2, "{run}");
    assert!(
        run.stderr
            .contains("cannot read the CA certificate file /nonexistent/ca.pem"),
        "{run}"
    );

    // A URL newsidx cannot use: the error does not repeat the password.
    let run = env.run(&[
        "push",
        "ftp://editor:tls-s3cret@127.0.0.1/",
        data.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 2, "{run}");
    assert!(
        run.stderr.contains("must start with http:// or https://"),
        "{run}"
    );
    assert!(!run.stderr.contains("tls-s3cret"), "{run}");
}
