//! `newsidx push`: articles sent to an OpenSearch cluster (issue 16,
//! point 3). The tests against a real cluster start one with
//! `cluster/start.sh` (two nodes, ports of their own) and run only when
//! `NEWSIDX_TEST_CLUSTER=1`; otherwise they say they are skipped.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

use crate::cmd_export::{by_id, indexed_count, pairs};
use crate::util::{TestEnv, data_dir};

/// A port where nothing listens (one the system just handed out).
fn closed_port() -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    listener.local_addr().unwrap().port()
}

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
    assert!(run.stderr.contains("must start with http://"), "{run}");
    let missing = env.path("missing");
    let run = env.run(&["push", &url, missing.to_str().unwrap()]);
    assert_eq!(run.code, 2, "{run}");
    assert!(run.stderr.contains("missing"), "{run}");
}

/// A cluster started for one test, stopped when it ends.
struct Cluster {
    state: PathBuf,
    url: String,
}

impl Cluster {
    /// Starts the cluster, or fails the test saying why it could not.
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

    fn get(&self, path: &str) -> Value {
        let mut answer = ureq::get(format!("{}{path}", self.url)).call().unwrap();
        serde_json::from_str(&answer.body_mut().read_to_string().unwrap()).unwrap()
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
        // Straight to stderr: the test harness would hide an eprintln!.
        use std::io::Write;
        let _ = writeln!(
            std::io::stderr(),
            "{test}: skipped: set NEWSIDX_TEST_CLUSTER=1 to run it against a real cluster \
             (cluster/start.sh: OpenJDK 17 and Maven)"
        );
    }
    wanted
}

#[test]
fn push_of_data_into_a_cluster_matches_the_local_index() {
    if !cluster_wanted("push_of_data_into_a_cluster_matches_the_local_index") {
        return;
    }
    let env = TestEnv::new();
    let cluster = Cluster::start(&env.path("cluster"), 9271, 9371);
    let data = data_dir();
    let local = indexed_count(&env.index(&[&data], 0));

    let push = |args: &[&str]| {
        let mut all = vec![
            "push",
            "--quiet",
            &cluster.url,
            "--index-name",
            "newsidx-test",
        ];
        all.extend_from_slice(args);
        env.run(&all)
    };
    let first = push(&[data.to_str().unwrap()]);
    assert_eq!(first.code, 0, "{first}");
    assert!(
        first.stdout.contains("index newsidx-test (created)"),
        "{first}"
    );
    assert!(
        first
            .stdout
            .contains(&format!("{local} created, 0 updated, 0 refused")),
        "{first}"
    );
    let count = |c: &Cluster| c.get("/newsidx-test/_count")["count"].as_u64().unwrap();
    assert_eq!(count(&cluster), local as u64);

    // The index has the template's mapping and the shards asked for.
    let settings = cluster.get("/newsidx-test/_settings");
    let index = &settings["newsidx-test"]["settings"]["index"];
    assert_eq!(index["number_of_shards"], "2");
    assert_eq!(index["number_of_replicas"], "1");
    let mapping = cluster.get("/newsidx-test/_mapping");
    assert_eq!(mapping["newsidx-test"]["mappings"]["dynamic"], "strict");

    // The second push replaces every document: nothing added.
    let second = push(&[data.to_str().unwrap()]);
    assert_eq!(second.code, 0, "{second}");
    assert!(
        second
            .stdout
            .contains(&format!("0 created, {local} updated")),
        "{second}"
    );
    assert_eq!(count(&cluster), local as u64);

    // The cluster holds what export writes.
    let exported = by_id(&pairs(
        &env.run(&["export", "-q", data.to_str().unwrap()]).stdout,
    ));
    let key = exported
        .keys()
        .find(|k| k.ends_with("rubio-lavrov-meeting.txt"))
        .unwrap();
    let id: String = form_urlencoded::byte_serialize(key.as_bytes()).collect();
    let doc = cluster.get(&format!("/newsidx-test/_doc/{id}"));
    assert_eq!(doc["_source"], exported[key]);

    // From the index: the same documents, so again nothing added.
    let index_dir = env.index_dir();
    let from_index = push(&["--from-index", index_dir.to_str().unwrap()]);
    assert_eq!(from_index.code, 0, "{from_index}");
    assert_eq!(count(&cluster), local as u64);

    // A document the cluster refuses (a URL longer than Lucene's longest
    // term) is reported with its key; the others go in, among them one
    // whose key is longer than an _id may be (it gets a hashed _id).
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
    let refused = push(&[odd.to_str().unwrap()]);
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
    assert_eq!(count(&cluster), local as u64 + 2);

    // Node 2 killed (kill -9) a few seconds into a push: the push goes on
    // with node 1, and nothing is lost or duplicated.
    let reuters = crate::util::reuters_files();
    let mut args = vec![
        "push",
        "--quiet",
        &cluster.url,
        "--index-name",
        "newsidx-kill",
    ];
    let files: Vec<&str> = reuters[..10].iter().map(|p| p.to_str().unwrap()).collect();
    args.extend_from_slice(&files);
    let mut child = env.spawn(&args);
    std::thread::sleep(std::time::Duration::from_secs(3));
    assert!(
        child.try_wait().unwrap().is_none(),
        "the push ended before node 2 was killed"
    );
    let pid = std::fs::read_to_string(env.path("cluster/node-2.pid")).unwrap();
    let killed = Command::new("kill")
        .args(["-9", pid.trim()])
        .status()
        .unwrap();
    assert!(killed.success());
    let killed_run = crate::util::Run::from(child.wait_with_output().unwrap());
    assert_eq!(killed_run.code, 0, "{killed_run}");
    let pushed: u64 = killed_run
        .stdout
        .lines()
        .find_map(|l| l.strip_prefix("pushed "))
        .and_then(|l| l.split_whitespace().next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no summary\n{killed_run}"));
    assert_eq!(pushed, 10_000, "{killed_run}");
    assert_eq!(
        cluster.get("/newsidx-kill/_count")["count"],
        10_000,
        "{killed_run}"
    );

    // An index name the cluster refuses: its reason, exit 2.
    let bad = env.run(&[
        "push",
        "-q",
        &cluster.url,
        "--index-name",
        "Bad Name",
        data.to_str().unwrap(),
    ]);
    assert_eq!(bad.code, 2, "{bad}");
    assert!(bad.stderr.contains("invalid_index_name_exception"), "{bad}");
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
