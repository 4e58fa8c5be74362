//! `newsidx serve`: the real binary on a free loopback port, asked over
//! HTTP. The API against the command line's `--json`, bad requests,
//! escaping, and an index that changes while the server runs.
// See: issue 7, "A local web page for the archive".

use std::collections::BTreeSet;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use serde_json::Value;

use crate::util::{TestEnv, data_dir, strings};

// See: issue 13, "A server and an indexer that hold under abuse".
mod abuse;

/// An HTTP client that takes 4xx and 5xx answers as answers.
pub fn http_agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(60)))
        .build()
        .into()
}

/// A running `newsidx serve`, stopped when dropped.
pub struct Served {
    child: Child,
    /// `http://127.0.0.1:PORT/`
    pub url: String,
    agent: ureq::Agent,
}

impl Served {
    /// Starts the server on the test environment's index, on a port the
    /// system picks, and waits until it answers.
    pub fn start(env: &TestEnv) -> Served {
        Served::launch(Served::command(env))
    }

    /// `newsidx serve` on the test environment's index, not yet started.
    pub fn command(env: &TestEnv) -> Command {
        let mut command = Command::new(env!("CARGO_BIN_EXE_newsidx"));
        command
            .arg("--index")
            .arg(env.index_dir())
            .args(["serve", "--port", "0", "--threads", "2"])
            .env_remove("NEWSIDX_INDEX")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::null());
        command
    }

    /// Starts `command` and waits until the server answers.
    pub fn launch(mut command: Command) -> Served {
        let mut child = command.spawn().expect("newsidx serve starts");
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let url = line
            .split_whitespace()
            .find(|w| w.starts_with("http://"))
            .unwrap_or_else(|| {
                let _ = child.kill();
                panic!("no address in the first line of output: {line:?}")
            })
            .to_owned();
        assert!(url.starts_with("http://127.0.0.1:"), "{line}");
        let served = Served {
            child,
            url,
            agent: http_agent(),
        };
        // The line is printed once the port listens; this checks it.
        assert_eq!(served.get("/api/").0, 200);
        served
    }

    /// `127.0.0.1:PORT`
    pub fn addr(&self) -> &str {
        self.url.trim_start_matches("http://").trim_end_matches('/')
    }

    /// The server's process id.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Whether the server's process is still running.
    pub fn alive(&mut self) -> bool {
        matches!(self.child.try_wait(), Ok(None))
    }

    /// `GET path`: the status, the content type and the body.
    pub fn fetch(&self, path: &str) -> (u16, String, String) {
        let url = format!("{}{}", self.url.trim_end_matches('/'), path);
        let mut response = self.agent.get(&url).call().expect("the server answers");
        let status = response.status().as_u16();
        let content_type = response
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_owned();
        let body = response.body_mut().read_to_string().unwrap();
        (status, content_type, body)
    }

    pub fn get(&self, path: &str) -> (u16, String) {
        let (status, _, body) = self.fetch(path);
        (status, body)
    }

    /// `GET path` under `/api/`: the status and the JSON answer.
    pub fn json(&self, path: &str) -> (u16, Value) {
        let (status, content_type, body) = self.fetch(path);
        assert_eq!(content_type, "application/json", "{path}");
        let value = serde_json::from_str(&body)
            .unwrap_or_else(|e| panic!("{path}: not JSON ({e}): {body}"));
        (status, value)
    }

    /// A request written by hand, for what an HTTP client would tidy up
    /// (`..` in paths, other methods, other hosts): the status line and
    /// the whole answer.
    pub fn raw(&self, request: &str) -> (String, String) {
        let mut stream = TcpStream::connect(self.addr()).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(30)))
            .unwrap();
        stream.write_all(request.as_bytes()).unwrap();
        let mut answer = String::new();
        let _ = stream.read_to_string(&mut answer);
        let status = answer.lines().next().unwrap_or("").to_owned();
        (status, answer)
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// An article whose title, body, people, source and URL hold markup and
/// script, as a scraped page about HTML might: the cleaner decodes the
/// entities, so the index holds `<script>` as text.
pub const HOSTILE_ARTICLE: &str = r#"{"id": "evil-1",
 "title": "Lavrov &amp; the &lt;script&gt;alert('title')&lt;/script&gt; affair",
 "body": "<p>Sergey Lavrov spoke about markup. The page showed &lt;script&gt;alert(1)&lt;/script&gt; and &lt;img src=x onerror=alert(2)&gt; to readers.</p><p>Second paragraph: a &lt; b &amp;&amp; c &gt; d.</p>",
 "url": "javascript:alert(3)",
 "people": ["<b>Mallory</b>", "Sergey Lavrov"],
 "source": "<i>evil.example</i>",
 "date": "2017-02-20"}"#;

/// The sample archive, with [`HOSTILE_ARTICLE`] when asked.
pub fn indexed(hostile: bool) -> TestEnv {
    let env = TestEnv::new();
    if hostile {
        let dir = env.path("hostile");
        std::fs::create_dir(&dir).unwrap();
        std::fs::write(dir.join("evil.json"), HOSTILE_ARTICLE).unwrap();
        env.index(&[&data_dir(), &dir], 0);
    } else {
        env.index(&[&data_dir()], 0);
    }
    env
}

/// The command line's `--json` output, one value per line.
fn cli_json(env: &TestEnv, args: &[&str]) -> Vec<Value> {
    let run = env.run(args);
    assert!(run.code == 0 || run.code == 1, "{run}");
    run.stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

fn keys(v: &Value) -> BTreeSet<String> {
    v.as_object().unwrap().keys().cloned().collect()
}

#[test]
fn api_answers_as_the_command_line_does() {
    let env = indexed(false);
    let server = Served::start(&env);

    let (status, about) = server.json("/api/");
    assert_eq!(status, 200);
    assert_eq!(about["articles"], 57);
    assert!(about["endpoints"]["/api/search"].is_string());

    let (status, answer) = server.json("/api/search?q=lavrov&limit=3");
    assert_eq!(status, 200, "{answer}");
    assert_eq!(
        keys(&answer),
        [
            "hits",
            "limit",
            "offset",
            "partial",
            "query",
            "suggestions",
            "total"
        ]
        .map(String::from)
        .into()
    );
    assert_eq!(
        (&answer["query"], &answer["offset"], &answer["limit"]),
        (&"lavrov".into(), &0.into(), &3.into())
    );
    let hits = answer["hits"].as_array().unwrap();
    let cli = cli_json(&env, &["search", "--json", "lavrov", "-n", "3"]);
    assert_eq!(hits.len(), 3);
    for (api, cli) in hits.iter().zip(&cli) {
        // The command line's lines also carry the total, which the API
        // gives once.
        let mut cli_keys = keys(cli);
        assert!(cli_keys.remove("total"));
        assert_eq!(keys(api), cli_keys, "the fields of --json");
        for field in ["rank", "id", "path", "title", "date", "people", "snippet"] {
            assert_eq!(api[field], cli[field], "{field}");
        }
    }

    // Paging by page or by offset, and filters.
    let (_, page) = server.json("/api/search?q=lavrov&limit=2&page=2");
    let (_, offset) = server.json("/api/search?q=lavrov&limit=2&offset=2");
    assert_eq!(page["hits"], offset["hits"]);
    assert_eq!(page["hits"][0]["rank"], 3);
    assert_eq!(page["hits"][0]["id"], hits[2]["id"]);
    let (_, filtered) =
        server.json("/api/search?q=*&person=Michael+Flynn&since=2017-02&until=2017-02&limit=100");
    let filtered = filtered["hits"].as_array().unwrap();
    assert!(!filtered.is_empty());
    for hit in filtered {
        assert!(strings(hit, "people").iter().any(|p| p.contains("Flynn")));
        assert!(hit["date"].as_str().unwrap().starts_with("2017-02"));
    }

    // People, topics and the timeline, as their commands print them.
    let (status, people) = server.json("/api/people?q=lavrov&limit=5");
    assert_eq!(status, 200);
    let cli = cli_json(&env, &["people", "lavrov", "--json", "-n", "5"]);
    assert_eq!(people, Value::Array(cli));
    let (_, topics) = server.json("/api/topics?topic=energy");
    let cli = cli_json(&env, &["topics", "--topic", "energy", "--json"]);
    assert_eq!(topics, Value::Array(cli));
    let (_, timeline) = server.json("/api/timeline?q=lavrov&by=month");
    let cli = cli_json(&env, &["timeline", "lavrov", "--by", "month", "--json"]);
    assert_eq!(timeline, cli[0]);
    let (_, auto) = server.json("/api/timeline");
    assert_eq!(auto["by"], "year", "31 years of articles fit in years");
    assert_eq!(auto["total"], 57);

    // One article, whole.
    let (status, article) = server.json("/api/article?id=176");
    assert_eq!(status, 200, "{article}");
    assert_eq!(article["title"], hits[0]["title"]);
    assert_eq!(article["people"], hits[0]["people"]);
    assert!(article["body"].as_str().unwrap().len() > hits[0]["snippet"].as_str().unwrap().len());
    for field in ["id", "path", "date", "source", "url", "topics", "group"] {
        assert!(article.get(field).is_some(), "{field}");
    }
    let path = article["path"].as_str().unwrap();
    let encoded: String = form_encode(path);
    let (status, same) = server.json(&format!("/api/article?id=176&path={encoded}"));
    assert_eq!((status, &same), (200, &article));
}

/// Percent-encodes a query string value.
pub fn form_encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[test]
fn bad_requests_are_refused_with_a_reason() {
    let env = indexed(false);
    let server = Served::start(&env);
    let long = "a".repeat(1001);
    for (path, message) in [
        ("/api/search", "missing parameter q"),
        ("/api/search?q=lavrov+AND+(arms", "invalid query"),
        ("/api/search?q=colour:red", "unknown field 'colour'"),
        (&format!("/api/search?q={long}"), "q: too long"),
        ("/api/search?q=x&limit=101", "limit: 101 is out of range"),
        ("/api/search?q=x&limit=-1", "limit: '-1' is not a number"),
        ("/api/search?q=x&page=0", "page: 0 is out of range"),
        ("/api/search?q=x&offset=99999&limit=100", "offset + limit"),
        ("/api/search?q=x&sort=best", "sort: 'best' is not one of"),
        ("/api/search?q=x&since=yesterday", "since: cannot read date"),
        ("/api/search?query=x", "unknown parameter 'query'"),
        ("/api/search?q=x&q=y", "given twice"),
        ("/api/timeline?by=decade", "by: 'decade'"),
        ("/api/article", "missing parameter id"),
    ] {
        let (status, answer) = server.json(path);
        assert_eq!(status, 400, "{path}: {answer}");
        let error = answer["error"].as_str().unwrap();
        assert!(error.contains(message), "{path}: {error}");
    }
    // A bad filter is named as the API knows it, and is no query syntax
    // error: no flag, no advice to take the query as plain words.
    let (status, answer) = server.json("/api/search?q=x&since=garbage");
    assert_eq!(status, 400, "{answer}");
    let error = answer["error"].as_str().unwrap();
    assert!(error.starts_with("since: "), "{error}");
    assert!(!error.contains("--") && !error.contains("plain"), "{error}");
    let (status, body) = server.get("/?q=x&since=garbage");
    assert_eq!(status, 400);
    assert!(body.contains("From: cannot read date"), "{body}");
    assert!(!body.contains("Plain words</i> under"), "{body}");
    let (_, body) = server.get("/?q=lavrov+AND+(");
    assert!(body.contains("Plain words</i> under"), "{body}");
    let (status, answer) = server.json("/api/article?id=no-such-article");
    assert_eq!(status, 404, "{answer}");
    assert_eq!(server.json("/api/nothing").0, 404);

    // Pages answer in HTML, with the message escaped.
    let (status, content_type, body) = server.fetch("/?q=%3Cb%3E+AND+(&page=1");
    assert_eq!(
        (status, content_type.as_str()),
        (400, "text/html; charset=utf-8")
    );
    assert!(body.contains("invalid query"), "{body}");
    assert!(
        body.contains("value=\"&lt;b&gt; AND (\""),
        "the form keeps the query"
    );
    let (status, body) = server.get("/?q=x&limit=1000");
    assert_eq!(status, 400);
    assert!(body.contains("limit: 1000 is out of range"));
    let (status, body) = server.get("/no/such/page");
    assert_eq!(status, 404);
    assert!(body.contains("Not found"));

    // Only the embedded assets are files, whatever the path says.
    assert_eq!(server.get("/assets/style.css").0, 200);
    for path in [
        "/assets/../Cargo.toml",
        "/assets/../../../../../../etc/passwd",
        "/assets/%2e%2e/%2e%2e/Cargo.toml",
        "/assets/..%2f..%2fCargo.toml",
        "/../Cargo.toml",
        "/Cargo.toml",
        "/src/serve/assets/style.css",
        "/assets/",
    ] {
        let (status, answer) = server.raw(&format!(
            "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
        ));
        assert!(status.contains(" 404 "), "{path}: {status}");
        assert!(!answer.contains("[package]") && !answer.contains("root:"));
    }
    let (status, _) =
        server.raw("POST /api/search?q=x HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
    assert!(status.contains(" 405 "), "{status}");
    let (status, answer) =
        server.raw("HEAD /?q=lavrov HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
    assert!(status.contains(" 200 "), "{status}");
    assert!(!answer.contains("<html"), "HEAD has no body");
    // A name that is not this machine's: a DNS rebinding attempt.
    let (status, _) = server.raw(
        "GET /api/search?q=lavrov HTTP/1.1\r\nHost: attacker.example:8080\r\nConnection: close\r\n\r\n",
    );
    assert!(status.contains(" 403 "), "{status}");

    // Still serving after all that.
    assert_eq!(server.json("/api/search?q=lavrov").0, 200);
}

/// See: issue 7, "an article containing `<script>` shows as text".
#[test]
fn article_markup_is_shown_as_text() {
    let env = indexed(true);
    let server = Served::start(&env);
    let (_, article) = server.json("/api/article?id=evil-1");
    let body = article["body"].as_str().unwrap();
    assert!(body.contains("<script>alert(1)</script>"), "{body}");

    for path in [
        "/article?id=evil-1",
        "/?q=affair",
        "/?q=affair&person=%3Cb%3EMallory%3C%2Fb%3E",
    ] {
        let (status, html) = server.get(path);
        assert_eq!(status, 200, "{path}");
        assert!(
            html.contains("&lt;script&gt;alert(&#39;title&#39;)&lt;/script&gt;"),
            "{path}"
        );
        assert_eq!(
            html.matches("<script").count(),
            1,
            "only the page's own script: {path}"
        );
        for raw in [
            "<img",
            "<b>Mallory",
            "<i>evil",
            "javascript:",
            "onerror=alert(2)>",
        ] {
            assert!(!html.contains(raw), "{path} holds {raw}");
        }
        assert!(html.contains("&lt;b&gt;Mallory&lt;/b&gt;"), "{path}");
    }
    let (_, html) = server.get("/article?id=evil-1");
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(html.contains("&lt;img src=x onerror=alert(2)&gt;"));
    assert!(html.contains("a &lt; b &amp;&amp; c &gt; d."));
    assert!(html.contains("&lt;i&gt;evil.example&lt;/i&gt;"));
}

#[test]
fn pages_work_without_javascript() {
    let env = indexed(false);
    let server = Served::start(&env);

    let (status, home) = server.get("/");
    assert_eq!(status, 200);
    for part in [
        "<form class=\"search\" role=\"search\" action=\"/\" method=\"get\">",
        "Search 57 articles",
        "class=\"skip\" href=\"#main\"",
        "<caption>Query syntax",
        "id=\"facet-people\"",
        "Timeline <span class=\"by\">by year</span>",
    ] {
        assert!(home.contains(part), "home page lacks {part}");
    }

    let (status, page) = server.get("/?q=lavrov");
    assert_eq!(status, 200);
    assert!(page.contains("match <q>lavrov</q></h1>"), "{page}");
    assert!(page.contains("<mark>Lavrov</mark>"));
    assert!(page.contains("<ol class=\"hits\" start=\"1\">"));
    assert!(page.contains("value=\"lavrov\""));
    // Following a person facet's link, as a click without script does.
    let link = first_link(&page, "id=\"facet-people\"");
    assert!(link.starts_with("/?q=lavrov&person="), "{link}");
    let (status, narrowed) = server.get(&link);
    assert_eq!(status, 200);
    assert!(narrowed.contains("<ul class=\"chips\""));
    assert!(narrowed.contains("aria-current=\"true\""));
    // A timeline bar's link narrows to its period.
    let bar = first_link(&narrowed, "<ol class=\"bars\">");
    assert!(bar.contains("since=") && bar.contains("until="), "{bar}");
    assert_eq!(server.get(&bar).0, 200);

    // Paging, and the way back from an article.
    let (_, second) = server.get("/?q=*&page=2");
    assert!(second.contains("<ol class=\"hits\" start=\"11\">"));
    assert!(second.contains("rel=\"prev\" href=\"/?q=*\""));
    assert!(second.contains("rel=\"next\" href=\"/?q=*&amp;page=3\""));
    let (status, article) = server.get("/article?id=176&q=lavrov&page=1");
    assert_eq!(status, 200);
    assert!(article.contains("href=\"/?q=lavrov\">← Back to the results"));
    assert!(
        article.contains("<dd class=\"people\"><a class=\"tag\" href=\"/?person=Sergey+Lavrov\">")
    );

    let (status, content_type, css) = server.fetch("/assets/style.css");
    assert_eq!(
        (status, content_type.as_str()),
        (200, "text/css; charset=utf-8")
    );
    assert!(css.contains("@media"));
}

/// The target of the first link after `marker` in a page.
fn first_link(html: &str, marker: &str) -> String {
    html.split(marker)
        .nth(1)
        .and_then(|s| s.split("<a href=\"").nth(1))
        .and_then(|s| s.split('"').next())
        .unwrap_or_else(|| panic!("no link after {marker}"))
        .replace("&amp;", "&")
}

#[test]
fn index_runs_show_without_a_restart() {
    let env = TestEnv::new();
    let server = Served::start(&env);
    let (status, answer) = server.json("/api/search?q=lavrov");
    assert_eq!(status, 503);
    assert!(answer["error"].as_str().unwrap().contains("no index at"));
    let (status, page) = server.get("/");
    assert_eq!(status, 503);
    assert!(page.contains("newsidx index --index"));

    // Created while the server runs.
    env.index(&[&data_dir().join("web")], 0);
    let (status, answer) = server.json("/api/search?q=lavrov");
    assert_eq!(status, 200, "{answer}");
    let before = answer["total"].as_u64().unwrap();
    assert_eq!(server.json("/api/article?id=176").0, 404);

    // More files in a second run.
    env.index(&[&data_dir().join("feeds")], 0);
    let (_, answer) = server.json("/api/search?q=lavrov");
    assert!(answer["total"].as_u64().unwrap() > before, "{answer}");
    let (status, article) = server.json("/api/article?id=176");
    assert_eq!(status, 200, "{article}");
    assert!(
        article["path"].as_str().unwrap().ends_with(
            Path::new("feeds")
                .join("news-articles-sample.jsonl")
                .to_str()
                .unwrap()
        )
    );
}

#[test]
fn ids_shared_by_two_files_need_a_path() {
    let env = TestEnv::new();
    for name in ["a", "b"] {
        let dir = env.path(name);
        std::fs::create_dir(&dir).unwrap();
        std::fs::write(
            dir.join("story.json"),
            format!(
                r#"{{"id": "same", "title": "Story {name}", "body": "Text of story {name}."}}"#
            ),
        )
        .unwrap();
    }
    env.index(&[&env.path("a"), &env.path("b")], 0);
    let server = Served::start(&env);
    let (status, answer) = server.json("/api/article?id=same");
    assert_eq!(status, 400);
    let error = answer["error"].as_str().unwrap();
    assert!(
        error.contains("2 articles have id same; add path"),
        "{error}"
    );
    let path = env.path("b").join("story.json");
    let (status, article) = server.json(&format!(
        "/api/article?id=same&path={}",
        form_encode(path.to_str().unwrap())
    ));
    assert_eq!(status, 200);
    assert_eq!(article["title"], "Story b");
    let (status, page) = server.get("/article?id=same");
    assert_eq!(status, 200);
    assert!(page.contains("2 articles have the id <code>same</code>"));
    assert_eq!(page.matches("href=\"/article?id=same&amp;path=").count(), 2);
}

#[test]
fn a_port_in_use_is_explained() {
    let env = TestEnv::new();
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let run = env.run(&["serve", "--port", &port]);
    assert_eq!(run.code, 2, "{run}");
    assert!(run.stderr.contains("cannot listen on 127.0.0.1:"), "{run}");
    assert!(run.stderr.contains("--port 0"), "{run}");
    let run = env.run(&["serve", "--help"]);
    assert_eq!(run.code, 0);
    for word in ["--port", "--bind", "/api/search", "without a restart"] {
        assert!(run.stdout.contains(word), "{word}\n{run}");
    }
}

// See: issue 15, points 5 and 9: from each article to those like it,
// and the query words marked in titles.
#[test]
fn similar_articles_on_the_page_and_the_api() {
    let env = indexed(false);
    let server = Served::start(&env);

    let (status, answer) = server.json("/api/similar?id=176&limit=3");
    assert_eq!(status, 200, "{answer}");
    assert_eq!(
        keys(&answer),
        ["hits", "id", "limit", "offset", "path", "total"]
            .map(String::from)
            .into()
    );
    let hits = answer["hits"].as_array().unwrap();
    assert_eq!(hits.len(), 3);
    assert!(hits.iter().all(|h| h["id"] != "176"));
    // The same articles as the command line finds.
    let cli = cli_json(&env, &["similar", "176", "--json", "-n", "3"]);
    for (api, cli) in hits.iter().zip(&cli) {
        assert_eq!((&api["id"], &api["path"]), (&cli["id"], &cli["path"]));
    }
    assert_eq!(answer["total"], cli[0]["total"]);
    let (_, filtered) = server.json("/api/similar?id=176&source=tass.com&limit=100");
    let filtered = filtered["hits"].as_array().unwrap();
    assert!(!filtered.is_empty());
    assert!(filtered.iter().all(|h| h["source"] == "tass.com"));
    let (status, answer) = server.json("/api/similar?id=no-such-id");
    assert_eq!(status, 404, "{answer}");
    assert_eq!(answer["error"], "no article with id no-such-id");
    let (status, _) = server.json("/api/similar");
    assert_eq!(status, 400);
    let (_, about) = server.json("/api/");
    assert!(about["endpoints"]["/api/similar"].is_string());

    // Search hits carry the title's marks, and link to those like them.
    let (_, answer) = server.json("/api/search?q=lavrov&limit=1");
    assert_eq!(
        answer["hits"][0]["title_highlights"],
        serde_json::json!([[0, 6]])
    );
    let (_, page) = server.get("/?q=lavrov");
    assert!(
        page.contains("<h2><a href=\"/article?id=176&amp;path="),
        "{page}"
    );
    assert!(
        page.contains("\"><mark>Lavrov</mark> hopes Russia-US contacts"),
        "{page}"
    );
    assert!(page.contains("class=\"similar-link\" href=\"/article?id=176&amp;path="));
    assert!(page.contains("#similar\">More like this</a>"));

    // The article's page lists those like it, each a link to its page.
    let (status, article) = server.get("/article?id=176&q=lavrov");
    assert_eq!(status, 200);
    assert!(
        article.contains("<h2 id=\"similar-h\">More like this</h2>"),
        "{article}"
    );
    let list = article.split("<ol class=\"similar-list\">").nth(1).unwrap();
    let list = list.split("</ol>").next().unwrap();
    assert_eq!(list.matches("<li>").count(), 10, "{list}");
    assert_eq!(list.matches("href=\"/article?id=").count(), 10);
    assert!(list.contains("&amp;q=lavrov\""), "the way back comes along");
    let first = list
        .split("href=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap();
    assert_eq!(server.get(&first.replace("&amp;", "&")).0, 200);
}
