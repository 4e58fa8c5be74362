//! `newsidx serve`: the archive as a local web page and a JSON API.
//!
//! [`transport`] reads and writes HTTP, with a bound on everything a
//! client could hold, and answers each request with [`handle`], a plain
//! function from method, target and `Host` header to a [`Reply`], so
//! routing, limits and escaping are tested without a socket. Pages are rendered
//! here, on the server, so plain search works without JavaScript: every
//! text that comes from an article or a request goes through
//! [`crate::output::html::escape`], and the API's through serde_json. Files are
//! served only from the assets embedded in the binary.
//!
//! The index is opened when first needed, so the server may start before
//! it exists, and read again when a commit rewrites its `meta.json`, so an
//! `index` run shows without a restart. With `--remote` the pages search
//! an OpenSearch cluster's index instead ([`Backend`]).

mod api;
mod assets;
mod page;
mod params;
mod transport;

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::SystemTime;

use anyhow::{Context, Result};

use crate::index::document::Stored;
use crate::index::entities;
use crate::index::store::Store;
use crate::remote::backend::Backend;
use crate::remote::search::Remote;
use crate::search::facets::Kind;
use crate::search::{Engine, SearchError};

pub use params::{MAX_LIMIT, MAX_QUERY_BYTES};
pub use transport::{
    HEADER_TIMEOUT, MAX_CONNECTIONS, MAX_HEAD_BYTES, MAX_HEADERS, MAX_REQUEST_LINE, WRITE_TIMEOUT,
};

/// Longest request target (path and query string) answered, in bytes:
/// room for the longest query, percent-encoded, with every filter.
pub const MAX_TARGET_BYTES: usize = 8 * 1024;
/// Most bytes of an article's text sent in one answer: an article's page
/// and `/api/article` stop there and say so.
pub const MAX_ARTICLE_BYTES: usize = 1024 * 1024;
/// Articles listed when an id is not unique.
const SAME_ID_SHOWN: usize = 20;

/// A listening server, ready to run.
pub struct Server {
    listener: TcpListener,
    state: Arc<State>,
    addr: SocketAddr,
}

impl Server {
    /// Listens on `addr` (port 0 picks a free port) for the index in
    /// `index_dir`, which need not exist yet.
    pub fn bind(index_dir: &Path, addr: SocketAddr) -> Result<Server> {
        Server::listen(Archive::Dir(index_dir.to_owned()), addr)
    }

    /// Listens on `addr` for searches of a cluster's index.
    pub fn bind_remote(remote: Remote, addr: SocketAddr) -> Result<Server> {
        Server::listen(Archive::Cluster(Arc::new(remote)), addr)
    }

    fn listen(archive: Archive, addr: SocketAddr) -> Result<Server> {
        let listener = TcpListener::bind(addr).with_context(|| {
            format!("cannot listen on {addr} (in use? try another --port, or --port 0)")
        })?;
        let addr = listener
            .local_addr()
            .context("cannot read the listening address")?;
        Ok(Server {
            listener,
            state: Arc::new(State::of(archive, addr.ip().is_loopback())),
            addr,
        })
    }

    /// The address listened on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The address to open in a browser: loopback when listening on every
    /// interface.
    pub fn url(&self) -> String {
        let ip = match self.addr.ip() {
            IpAddr::V4(ip) if ip.is_unspecified() => IpAddr::V4(Ipv4Addr::LOCALHOST),
            IpAddr::V6(ip) if ip.is_unspecified() => IpAddr::V6(Ipv6Addr::LOCALHOST),
            ip => ip,
        };
        format!("http://{}/", SocketAddr::new(ip, self.addr.port()))
    }

    /// Answers requests until the process is stopped, running at most
    /// `threads` searches at once; further requests wait in line. Returns
    /// only if serving cannot start.
    pub fn run(self, threads: usize) -> Result<()> {
        transport::run(self.listener, self.state, threads)
    }
}

/// Answers one request: `method` as sent, `target` the path and query
/// string, `host` the `Host` header.
pub fn handle(state: &State, method: &str, target: &str, host: Option<&str>) -> Reply {
    let (path, query) = target.split_once('?').unwrap_or((target, ""));
    let is_api = path == "/api" || path.starts_with("/api/");
    let fail = |failure: Failure| {
        if is_api {
            api::failure(&failure)
        } else {
            page::failure(&failure)
        }
    };
    if target.len() > MAX_TARGET_BYTES {
        return fail(Failure {
            status: 414,
            message: format!(
                "request too long ({} bytes; at most {MAX_TARGET_BYTES})",
                target.len()
            ),
        });
    }
    if state.loopback && !host.is_none_or(is_loopback_host) {
        // A page elsewhere could point its own name at 127.0.0.1 and read
        // the archive through the visitor's browser (DNS rebinding).
        return fail(Failure {
            status: 403,
            message: "this server answers only requests addressed to localhost".into(),
        });
    }
    if method != "GET" && method != "HEAD" {
        let mut reply = fail(Failure {
            status: 405,
            message: format!("{method} is not allowed here: only GET and HEAD"),
        });
        reply.allow = true;
        return reply;
    }
    match path {
        "/" => page::search(state, query),
        "/article" => page::article(state, query),
        "/api" | "/api/" => api::reply(api::index(state)),
        "/api/search" => api::reply(api::search(state, query)),
        "/api/people" => api::reply(api::facet(state, query, Kind::People)),
        "/api/topics" => api::reply(api::facet(state, query, Kind::Topics)),
        "/api/timeline" => api::reply(api::timeline(state, query)),
        "/api/article" => api::reply(api::article(state, query)),
        "/api/similar" => api::reply(api::similar(state, query)),
        _ => match path.strip_prefix("/assets/").and_then(assets::get) {
            Some(asset) => Reply::asset(asset),
            None => fail(Failure::not_found("there is no such page here")),
        },
    }
}

/// Whether a `Host` header names this machine's loopback interface.
fn is_loopback_host(host: &str) -> bool {
    let name = match host.strip_prefix('[') {
        Some(v6) => v6.split(']').next().unwrap_or(""),
        None => host.rsplit_once(':').map_or(host, |(name, _)| name),
    };
    name.eq_ignore_ascii_case("localhost")
        || name.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

/// What the workers share: where the archive is, and the engine open on
/// a local one.
pub struct State {
    archive: Archive,
    /// Listening on loopback only: requests must be addressed to it.
    loopback: bool,
    open: Mutex<Option<Open>>,
}

struct Open {
    engine: Arc<Engine>,
    /// `meta.json` as last seen (tantivy rewrites it on every commit),
    /// and the people files beside it: the archive's table, remade after
    /// each run, and the user's corrections, which take effect at once.
    stamp: Stamp,
}

type Stamp = ((SystemTime, u64), Option<SystemTime>, Option<SystemTime>);

/// The archive served.
enum Archive {
    /// A local index, in this directory.
    Dir(PathBuf),
    /// An index of an OpenSearch cluster.
    Cluster(Arc<Remote>),
}

impl State {
    pub fn new(index_dir: &Path, loopback: bool) -> State {
        State::of(Archive::Dir(index_dir.to_owned()), loopback)
    }

    fn of(archive: Archive, loopback: bool) -> State {
        State {
            archive,
            loopback,
            open: Mutex::new(None),
        }
    }

    /// What is served, as `/api/` names it: the index directory, or the
    /// cluster's URL and index.
    pub fn served(&self) -> String {
        match &self.archive {
            Archive::Dir(dir) => dir.display().to_string(),
            Archive::Cluster(remote) => remote.name(),
        }
    }

    /// What the pages search: the cluster, or the local index's engine.
    fn backend(&self) -> Result<Backend, Failure> {
        match &self.archive {
            Archive::Cluster(remote) => Ok(Backend::Remote(Arc::clone(remote))),
            Archive::Dir(dir) => self.engine(dir).map(Backend::Local),
        }
    }

    /// The engine on the index's latest commit: opened when first needed,
    /// read again when `meta.json` changed since.
    fn engine(&self, index_dir: &Path) -> Result<Arc<Engine>, Failure> {
        let modified = |name: &str| {
            std::fs::metadata(index_dir.join(name))
                .and_then(|m| m.modified())
                .ok()
        };
        let stamp = std::fs::metadata(index_dir.join("meta.json"))
            .ok()
            .and_then(|m| Some((m.modified().ok()?, m.len())))
            .map(|meta| {
                (
                    meta,
                    modified(entities::ENTITIES_FILE),
                    modified(entities::CORRECTIONS_FILE),
                )
            });
        let mut open = self.open.lock().unwrap_or_else(PoisonError::into_inner);
        let Some(stamp) = stamp else {
            *open = None;
            let dir = index_dir.display();
            return Err(Failure {
                status: 503,
                message: format!(
                    "no index at {dir} yet: create it with `newsidx index --index {dir} PATH`; \
                     this page finds it without a restart"
                ),
            });
        };
        if let Some(open) = open.as_mut() {
            if open.stamp != stamp {
                // A broken corrections file is the user's to fix: say so.
                open.engine.reload().map_err(|err| Failure {
                    status: 503,
                    message: format!("{err:#}"),
                })?;
                open.stamp = stamp;
            }
            return Ok(Arc::clone(&open.engine));
        }
        let store = Store::open(index_dir).map_err(|err| Failure {
            status: 503,
            message: format!("{err:#}"),
        })?;
        let engine = Arc::new(Engine::new(&store).map_err(|err| Failure {
            status: 503,
            message: format!("{err:#}"),
        })?);
        *open = Some(Open {
            engine: Arc::clone(&engine),
            stamp,
        });
        Ok(engine)
    }
}

/// The article a request names by `id`, and `path` when the id is not
/// unique (ids are unique within a file).
enum Lookup {
    Found(Box<Stored>),
    /// Several articles have the id; at most [`SAME_ID_SHOWN`].
    Several(Vec<Stored>),
}

fn find_article(backend: &Backend, p: &params::Params) -> Result<Lookup, Failure> {
    let Some(id) = &p.id else {
        return Err(Failure::bad_request(
            "missing parameter id (an article's id, as search results give it)",
        ));
    };
    let mut found = backend
        .articles(id, p.path.as_deref(), SAME_ID_SHOWN)
        .map_err(Failure::backend)?;
    match found.len() {
        0 => Err(Failure::not_found(match &p.path {
            Some(path) => format!("no article with id {id} in {path}"),
            None => format!("no article with id {id}"),
        })),
        1 => Ok(Lookup::Found(Box::new(found.remove(0)))),
        _ => Ok(Lookup::Several(found)),
    }
}

/// A request that cannot be answered: the status to say so with, and a
/// message for the person or program that asked.
#[derive(Debug, Clone, PartialEq)]
pub struct Failure {
    pub status: u16,
    pub message: String,
}

impl Failure {
    pub fn bad_request(message: impl Into<String>) -> Failure {
        Failure {
            status: 400,
            message: message.into(),
        }
    }

    pub fn not_found(message: impl Into<String>) -> Failure {
        Failure {
            status: 404,
            message: message.into(),
        }
    }

    /// What the archive could not do: 502 Bad Gateway when the cluster
    /// behind `--remote` did not answer as asked (it may be down: the
    /// page says so, and the next request tries again), else an error
    /// of newsidx's own (500). Logged on the server too.
    fn backend(err: anyhow::Error) -> Failure {
        let status = if crate::remote::is_cluster_error(&err) {
            502
        } else {
            500
        };
        Failure::logged(status, err)
    }

    /// Something wrong on the server's side.
    fn internal(err: anyhow::Error) -> Failure {
        Failure::logged(500, err)
    }

    /// A failure on the server's side, logged there too.
    fn logged(status: u16, err: anyhow::Error) -> Failure {
        eprintln!("newsidx: error: {err:#}");
        Failure {
            status,
            message: format!("{err:#}"),
        }
    }
}

/// A request the core refused, in the API's terms: a filter by its
/// parameter name (`since: ...`), which is the core's name for it.
impl From<SearchError> for Failure {
    fn from(err: SearchError) -> Failure {
        match err {
            SearchError::Query(err) => Failure::bad_request(match err.pos {
                Some(pos) => format!("invalid query: {} (at byte {pos})", err.message),
                None => format!("invalid query: {}", err.message),
            }),
            SearchError::Filter(_) | SearchError::TooDeep => Failure::bad_request(err.to_string()),
            SearchError::Index(err) => Failure::backend(err),
        }
    }
}

/// An answer, before it is written out.
#[derive(Debug, Clone, PartialEq)]
pub struct Reply {
    pub status: u16,
    pub content_type: &'static str,
    pub body: Vec<u8>,
    /// Embedded assets may be kept a while; answers about the index not.
    pub cacheable: bool,
    /// A 405, which names the methods allowed.
    pub allow: bool,
}

/// What pages may load and do: only this server's own stylesheet and
/// script, so even text that escaped escaping could not run.
const CONTENT_SECURITY_POLICY: &str = "default-src 'none'; style-src 'self'; \
script-src 'self'; img-src 'self'; connect-src 'self'; form-action 'self'; \
base-uri 'none'; frame-ancestors 'none'";

impl Reply {
    fn new(status: u16, content_type: &'static str, body: Vec<u8>) -> Reply {
        Reply {
            status,
            content_type,
            body,
            cacheable: false,
            allow: false,
        }
    }

    fn asset(asset: &assets::Asset) -> Reply {
        Reply {
            cacheable: true,
            ..Reply::new(200, asset.content_type, asset.body.as_bytes().to_vec())
        }
    }

    /// The body as text, for tests.
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// A failure answered as [`handle`] answers one for `target`: in JSON
/// under `/api/`, as a page elsewhere.
fn failure_for(target: &str, failure: &Failure) -> Reply {
    let path = target.split_once('?').map_or(target, |(path, _)| path);
    if path == "/api" || path.starts_with("/api/") {
        api::failure(failure)
    } else {
        page::failure(failure)
    }
}

/// Cuts an article's text to at most [`MAX_ARTICLE_BYTES`], between two
/// words if one ends near there; the length it had when it was cut.
fn cap_body(article: &mut Stored) -> Option<usize> {
    let len = article.body.len();
    if len <= MAX_ARTICLE_BYTES {
        return None;
    }
    let mut end = MAX_ARTICLE_BYTES;
    while !article.body.is_char_boundary(end) {
        end -= 1;
    }
    let mut near = end.saturating_sub(1024);
    while !article.body.is_char_boundary(near) {
        near -= 1;
    }
    if let Some(space) = article.body[near..end].rfind(char::is_whitespace) {
        end = near + space;
    }
    article.body.truncate(end);
    Some(len)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn state() -> State {
        State::new(Path::new("/nonexistent/newsidx-index"), true)
    }

    fn get(target: &str) -> Reply {
        handle(&state(), "GET", target, Some("127.0.0.1:8080"))
    }

    #[test]
    fn long_articles_are_cut_between_words() {
        let mut article = Stored {
            body: "word ".repeat(MAX_ARTICLE_BYTES),
            ..Stored::default()
        };
        assert_eq!(cap_body(&mut article), Some(5 * MAX_ARTICLE_BYTES));
        assert!(article.body.len() <= MAX_ARTICLE_BYTES);
        assert!(article.body.ends_with("word"));
        let mut article = Stored {
            body: "é".repeat(MAX_ARTICLE_BYTES),
            ..Stored::default()
        };
        assert_eq!(cap_body(&mut article), Some(2 * MAX_ARTICLE_BYTES));
        assert_eq!(article.body.len(), MAX_ARTICLE_BYTES);
        // Three-byte characters: neither end of the search for a space may
        // fall inside one.
        let mut article = Stored {
            body: "漢".repeat(MAX_ARTICLE_BYTES / 2),
            ..Stored::default()
        };
        assert!(cap_body(&mut article).is_some());
        assert!(article.body.len() <= MAX_ARTICLE_BYTES);
        let mut article = Stored {
            body: "short".into(),
            ..Stored::default()
        };
        assert_eq!(cap_body(&mut article), None);
        assert_eq!(article.body, "short");
    }

    #[test]
    fn only_embedded_assets_are_files() {
        let css = get("/assets/style.css");
        assert_eq!(
            (css.status, css.content_type),
            (200, "text/css; charset=utf-8")
        );
        assert!(css.cacheable);
        for target in [
            "/assets/../Cargo.toml",
            "/assets/%2e%2e/Cargo.toml",
            "/assets/..%2f..%2fCargo.toml",
            "/assets//etc/passwd",
            "/assets/",
            "/../../etc/passwd",
            "/etc/passwd",
            "//etc/passwd",
            "/src/serve/assets/style.css",
            "/assets/style.css/",
            "/ASSETS/style.css",
        ] {
            let reply = get(target);
            assert_eq!(reply.status, 404, "{target}");
            assert!(reply.content_type.starts_with("text/html"), "{target}");
        }
        let reply = get("/api/nothing");
        assert_eq!(reply.status, 404);
        assert_eq!(reply.content_type, "application/json");
    }

    #[test]
    fn limits_methods_and_hosts() {
        let long = format!("/api/search?q={}", "a".repeat(MAX_TARGET_BYTES));
        assert_eq!(get(&long).status, 414);
        let reply = handle(&state(), "POST", "/api/search?q=x", None);
        assert_eq!((reply.status, reply.allow), (405, true));
        for host in ["localhost:8080", "127.0.0.1", "[::1]:80", "LOCALHOST"] {
            let reply = handle(&state(), "GET", "/assets/app.js", Some(host));
            assert_eq!(reply.status, 200, "{host}");
        }
        for host in [
            "evil.example:8080",
            "127.0.0.1.evil.example",
            "[::2]:80",
            "",
        ] {
            let reply = handle(&state(), "GET", "/assets/app.js", Some(host));
            assert_eq!(reply.status, 403, "{host}");
        }
        // Listening beyond loopback, names are whatever the network uses.
        let open = State::new(Path::new("/nonexistent"), false);
        let reply = handle(&open, "GET", "/assets/app.js", Some("archive.lan:8080"));
        assert_eq!(reply.status, 200);
    }

    #[test]
    fn a_cluster_that_stops_answering_is_a_bad_gateway() {
        // The cluster went away after `serve` started (it checks the
        // cluster at start): whatever connects is dropped unanswered.
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        std::thread::spawn(move || {
            for connection in listener.incoming() {
                drop(connection);
            }
        });
        let client =
            crate::remote::client::Client::new(&format!("http://127.0.0.1:{port}"), None, None)
                .unwrap();
        let remote = State::of(
            Archive::Cluster(Arc::new(Remote::new(client, "newsidx"))),
            true,
        );
        for target in [
            "/api/search?q=lavrov",
            "/api/article?id=1",
            "/api/similar?id=1",
        ] {
            let reply = handle(&remote, "GET", target, Some("127.0.0.1:8080"));
            assert_eq!(reply.status, 502, "{target}");
            let body: serde_json::Value = serde_json::from_slice(&reply.body).unwrap();
            let error = body["error"].as_str().unwrap();
            assert!(
                error.contains("cannot reach the cluster at"),
                "{target}: {error}"
            );
        }
        let reply = handle(&remote, "GET", "/?q=lavrov", Some("127.0.0.1:8080"));
        assert_eq!(reply.status, 502);
        assert!(reply.text().contains("The cluster could not answer"));
        // newsidx's own failures stay 500.
        assert_eq!(Failure::backend(anyhow::anyhow!("disk full")).status, 500);
    }

    #[test]
    fn a_missing_index_is_explained() {
        let reply = get("/api/search?q=lavrov");
        assert_eq!(reply.status, 503);
        let body: serde_json::Value = serde_json::from_slice(&reply.body).unwrap();
        assert!(body["error"].as_str().unwrap().contains("no index at"));
        let reply = get("/?q=lavrov");
        assert_eq!(reply.status, 503);
        assert!(reply.text().contains("newsidx index --index"));
        // The API's own description needs no index.
        assert_eq!(get("/api/").status, 200);
    }

    #[test]
    fn bad_parameters_are_400_with_a_message() {
        let reply = get("/api/search?q=x&limit=500");
        assert_eq!(reply.status, 400);
        let body: serde_json::Value = serde_json::from_slice(&reply.body).unwrap();
        assert_eq!(body["error"], "limit: 500 is out of range (1 to 100)");
        let reply = get("/?q=x&page=zero");
        assert_eq!(reply.status, 400);
        assert!(
            reply
                .text()
                .contains("Page: &#39;zero&#39; is not a number"),
            "the form's words for its fields"
        );
        let reply = get("/?q=%3Cscript%3E&bogus=%3Cscript%3E");
        assert_eq!(reply.status, 400);
        assert!(!reply.text().contains("<script>"));
    }
}
