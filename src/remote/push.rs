//! `push`: the documents of `export` sent to a cluster in bulk requests.
//!
//! The source makes documents on the calling thread; `concurrency`
//! threads send bulk requests, taking them from a channel that holds as
//! many as there are senders, so memory stays bounded and reading waits
//! for a slow cluster. A request the cluster is too busy for (429, 502,
//! 503, 504), or whose connection fails, is sent again after a pause that
//! doubles each time; documents an answer refuses with 429 (or 503: a
//! shard not available while a node is lost) go again the same way. A
//! document the cluster refuses for any other reason is reported with its
//! key and counted, and the run goes on. A request that still fails after
//! the last retry stops the run.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, OnceLock};
use std::time::Duration;

use anyhow::{Context, Result, anyhow, bail};
use indicatif::ProgressBar;
use serde::Deserialize;

use crate::remote::client::{self, Answer, Client};
use crate::remote::source::{self, Line, Source};
use crate::remote::{TEMPLATE_JSON, TEMPLATE_NAME};
use crate::terminal;

/// Refused documents printed in full before they are only counted.
const SHOWN: usize = 20;
/// The longest pause between tries.
const MAX_PAUSE: Duration = Duration::from_secs(30);

/// How documents are sent.
#[derive(Debug, Clone)]
pub struct Options {
    pub index_name: String,
    /// Primary shards and replicas, when the index is created.
    pub shards: u32,
    pub replicas: u32,
    /// Documents in one bulk request, at most.
    pub bulk_docs: usize,
    /// Bytes in one bulk request, at most (one larger document goes alone).
    pub bulk_bytes: usize,
    /// Bulk requests under way at once.
    pub concurrency: usize,
    /// Tries after the first, for a busy cluster or a failed connection.
    pub retries: u32,
}

/// What the cluster did with the documents.
#[derive(Debug, Default)]
pub struct Tally {
    pub created: usize,
    pub updated: usize,
    /// Documents refused, by the cluster's error type.
    pub refused: BTreeMap<String, usize>,
    /// Requests (or refused documents) sent again.
    pub retried: usize,
    pub requests: usize,
}

impl Tally {
    pub fn refused_total(&self) -> usize {
        self.refused.values().sum()
    }
}

/// The cluster's product and version, checking it answers and takes the
/// credentials.
pub fn connect(client: &Client) -> Result<String> {
    let url = client.url();
    let answer = client.get("GET", "/").map_err(|err| {
        anyhow!(
            "no cluster answers at {url}: {} (is it running, and is the URL right?)",
            client::describe(&err)
        )
    })?;
    if answer.status == 401 || answer.status == 403 {
        bail!(
            "the cluster at {url} refused the credentials ({}); give --user and \
             --password (or NEWSIDX_REMOTE_USER and NEWSIDX_REMOTE_PASSWORD)",
            answer.status
        );
    }
    if !answer.ok() {
        bail!(
            "{url} answered {} to GET /: {}",
            answer.status,
            answer.reason()
        );
    }
    let json: serde_json::Value = serde_json::from_str(&answer.body)
        .with_context(|| format!("{url} does not answer as OpenSearch or Elasticsearch does"))?;
    let version = &json["version"];
    let Some(number) = version["number"].as_str() else {
        bail!("{url} does not answer as OpenSearch or Elasticsearch does (no version)");
    };
    let product = version["distribution"].as_str().unwrap_or("elasticsearch");
    Ok(format!("{product} {number}"))
}

/// Creates the index when it is missing: the template first (so indices
/// named `newsidx*` get it however they come to be), then the index with
/// the template's settings and mapping and the shards and replicas asked
/// for. Returns whether it created the index.
pub fn ensure_index(client: &Client, options: &Options) -> Result<bool> {
    let url = client.url();
    let name = &options.index_name;
    let path = format!("/{}", encode(name));
    let exists = client
        .get("GET", &path)
        .map_err(|err| anyhow!("cannot reach {url}: {}", client::describe(&err)))?;
    match exists.status {
        200 => return Ok(false),
        404 => {}
        status => bail!(
            "{url} answered {status} when asked for index {name}: {}",
            exists.reason()
        ),
    }
    let answer = client
        .send(
            "PUT",
            &format!("/_index_template/{TEMPLATE_NAME}"),
            "application/json",
            TEMPLATE_JSON.as_bytes(),
        )
        .map_err(|err| anyhow!("cannot reach {url}: {}", client::describe(&err)))?;
    if !answer.ok() {
        bail!(
            "the cluster at {url} refused the index template (schema/opensearch.json, \
             {}): {}",
            answer.status,
            answer.reason()
        );
    }
    let answer = client
        .send(
            "PUT",
            &path,
            "application/json",
            index_body(options).to_string().as_bytes(),
        )
        .map_err(|err| anyhow!("cannot reach {url}: {}", client::describe(&err)))?;
    if !answer.ok() {
        if answer.body.contains("resource_already_exists_exception") {
            return Ok(false);
        }
        bail!(
            "the cluster at {url} refused to create index {name} ({}): {}",
            answer.status,
            answer.reason()
        );
    }
    // Writes to an index whose primaries are not yet allocated wait (or
    // fail): let the cluster allocate them first.
    let _ = client.get(
        "GET",
        &format!(
            "/_cluster/health/{}?wait_for_status=yellow&timeout=60s",
            encode(name)
        ),
    );
    Ok(true)
}

/// The body that creates the index: the template's settings and mapping
/// (so an index not named `newsidx*` is right too), shards and replicas
/// as asked.
fn index_body(options: &Options) -> serde_json::Value {
    let template: serde_json::Value =
        serde_json::from_str(TEMPLATE_JSON).expect("schema/opensearch.json is JSON");
    let mut body = template["template"].clone();
    let index = &mut body["settings"]["index"];
    index["number_of_shards"] = options.shards.into();
    index["number_of_replicas"] = options.replicas.into();
    body
}

/// Makes refreshed what was sent, and counts the documents the index
/// holds.
pub fn count(client: &Client, index_name: &str) -> Result<u64> {
    let url = client.url();
    let name = encode(index_name);
    let _ = client.send(
        "POST",
        &format!("/{name}/_refresh"),
        "application/json",
        b"",
    );
    let answer = client
        .get("GET", &format!("/{name}/_count"))
        .map_err(|err| anyhow!("cannot reach {url}: {}", client::describe(&err)))?;
    if !answer.ok() {
        bail!(
            "{url} answered {} to _count: {}",
            answer.status,
            answer.reason()
        );
    }
    let json: serde_json::Value = serde_json::from_str(&answer.body).unwrap_or_default();
    json["count"]
        .as_u64()
        .with_context(|| format!("{url} gave no count for {index_name}"))
}

/// Sends every document of `source`.
pub fn push(
    client: &Client,
    source: &Source,
    source_options: &source::Options,
    options: &Options,
) -> Result<(source::Summary, Tally)> {
    let tally = Mutex::new(Tally::default());
    let bar: OnceLock<ProgressBar> = OnceLock::new();
    let fatal: Mutex<Option<anyhow::Error>> = Mutex::new(None);
    let failed = AtomicBool::new(false);
    let (tx, rx) = crossbeam_channel::bounded::<Vec<Line>>(options.concurrency);
    let summary = std::thread::scope(|scope| {
        for _ in 0..options.concurrency {
            let rx = rx.clone();
            let (tally, bar, fatal, failed) = (&tally, &bar, &fatal, &failed);
            scope.spawn(move || {
                for bulk in rx {
                    if failed.load(Ordering::SeqCst) {
                        continue;
                    }
                    if let Err(err) = send_bulk(client, bulk, options, tally, bar) {
                        failed.store(true, Ordering::SeqCst);
                        fatal.lock().expect("not poisoned").get_or_insert(err);
                    }
                }
            });
        }
        drop(rx);
        let mut pending: Vec<Line> = Vec::new();
        let mut bytes = 0;
        let result = source.run(source_options, &mut |lines, run_bar| {
            bar.get_or_init(|| run_bar.clone());
            for line in lines {
                if !pending.is_empty()
                    && (pending.len() >= options.bulk_docs
                        || bytes + line.bytes.len() > options.bulk_bytes)
                {
                    bytes = 0;
                    tx.send(std::mem::take(&mut pending))
                        .map_err(|_| anyhow!("the senders stopped"))?;
                }
                bytes += line.bytes.len();
                pending.push(line);
            }
            if failed.load(Ordering::SeqCst) {
                bail!("stopped");
            }
            Ok(())
        });
        if result.is_ok() && !pending.is_empty() {
            let _ = tx.send(pending);
        }
        drop(tx);
        result
    });
    if let Some(err) = fatal.into_inner().expect("not poisoned") {
        return Err(err);
    }
    Ok((summary?, tally.into_inner().expect("not poisoned")))
}

/// A bulk answer, as far as it is read.
#[derive(Deserialize)]
struct BulkAnswer {
    items: Vec<Item>,
}

#[derive(Deserialize)]
struct Item {
    index: ItemResult,
}

#[derive(Deserialize)]
struct ItemResult {
    status: u16,
    #[serde(default)]
    result: Option<String>,
    #[serde(default)]
    error: Option<serde_json::Value>,
}

/// Sends one bulk request until the cluster has taken every document (or
/// refused it for good). A request the cluster refuses whole (400: one of
/// its documents fails validation) is split in halves until the document
/// to blame is alone, and that one is reported.
fn send_bulk(
    client: &Client,
    lines: Vec<Line>,
    options: &Options,
    tally: &Mutex<Tally>,
    bar: &OnceLock<ProgressBar>,
) -> Result<()> {
    let mut pieces = vec![lines];
    while let Some(mut piece) = pieces.pop() {
        let Some(answer) = send_piece(client, &mut piece, options, tally, bar)? else {
            continue;
        };
        if piece.len() > 1 {
            let second = piece.split_off(piece.len() / 2);
            pieces.push(second);
            pieces.push(piece);
        } else if let Some(line) = piece.first() {
            let json: serde_json::Value = serde_json::from_str(&answer.body).unwrap_or_default();
            let kind = json["error"]["type"].as_str().unwrap_or("refused");
            let reason = json["error"]["reason"].as_str().unwrap_or_default();
            refuse(tally, bar, &line.key, kind, reason);
        }
    }
    Ok(())
}

/// Sends documents until each is taken or refused; returns the answer
/// when the cluster refused the request as a whole with 400.
fn send_piece(
    client: &Client,
    lines: &mut Vec<Line>,
    options: &Options,
    tally: &Mutex<Tally>,
    bar: &OnceLock<ProgressBar>,
) -> Result<Option<Answer>> {
    let url = client.url();
    let mut tries = 0;
    loop {
        let body: Vec<u8> = lines.iter().flat_map(|l| l.bytes.iter().copied()).collect();
        tally.lock().expect("not poisoned").requests += 1;
        let why = match client.send("POST", "/_bulk", "application/x-ndjson", &body) {
            Ok(answer) if answer.ok() => {
                *lines = take_answer(&answer, std::mem::take(lines), tally, bar)
                    .with_context(|| format!("cannot read {url}'s answer to a bulk request"))?;
                if lines.is_empty() {
                    return Ok(None);
                }
                format!("{} documents refused for now (429 or 503)", lines.len())
            }
            Ok(answer) if matches!(answer.status, 429 | 502 | 503 | 504) => {
                format!("{}: {}", answer.status, answer.reason())
            }
            Ok(answer) if answer.status == 400 => return Ok(Some(answer)),
            Ok(answer) if answer.status == 413 => bail!(
                "the cluster at {url} refused a bulk request of {:.1} MB as too large; \
                 try a smaller --bulk-mb",
                body.len() as f64 / 1e6
            ),
            Ok(answer) => bail!(
                "the cluster at {url} refused a bulk request ({}): {}",
                answer.status,
                answer.reason()
            ),
            Err(err) if client::is_connection_error(&err) => client::describe(&err),
            Err(err) => bail!("cannot send to {url}: {}", client::describe(&err)),
        };
        if tries >= options.retries {
            bail!(
                "the cluster at {url} did not take a bulk request after {} tries (last: {why}); \
                 what was taken is kept: run again to send the rest",
                tries + 1
            );
        }
        tries += 1;
        tally.lock().expect("not poisoned").retried += 1;
        std::thread::sleep(pause(tries));
    }
}

/// Counts a document the cluster refused, and shows the first few.
fn refuse(tally: &Mutex<Tally>, bar: &OnceLock<ProgressBar>, key: &str, kind: &str, reason: &str) {
    let mut tally = tally.lock().expect("not poisoned");
    *tally.refused.entry(kind.to_owned()).or_default() += 1;
    if tally.refused_total() <= SHOWN {
        let message = format!(
            "newsidx: refused by the cluster: {}: {kind}: {}",
            terminal::visible(key),
            terminal::one_line(&reason.chars().take(500).collect::<String>())
        );
        match bar.get() {
            Some(bar) => bar.suspend(|| eprintln!("{message}")),
            None => eprintln!("{message}"),
        }
    }
}

/// The pause before try `n` (1-based): half a second, doubling, at most
/// [`MAX_PAUSE`].
fn pause(n: u32) -> Duration {
    (Duration::from_millis(500) * 2u32.saturating_pow(n.saturating_sub(1).min(16))).min(MAX_PAUSE)
}

/// Counts what a bulk answer says of each document, reports those refused,
/// and returns those to send again (refused with 429 or 503: for now).
fn take_answer(
    answer: &Answer,
    lines: Vec<Line>,
    tally: &Mutex<Tally>,
    bar: &OnceLock<ProgressBar>,
) -> Result<Vec<Line>> {
    let parsed: BulkAnswer = serde_json::from_str(&answer.body).context("not a bulk answer")?;
    if parsed.items.len() != lines.len() {
        bail!(
            "{} results for {} documents",
            parsed.items.len(),
            lines.len()
        );
    }
    let mut again = Vec::new();
    for (line, item) in lines.into_iter().zip(parsed.items) {
        let item = item.index;
        if matches!(item.status, 429 | 503) {
            again.push(line);
        } else if let Some(error) = item.error {
            let kind = error["type"].as_str().unwrap_or("refused");
            let reason = error["reason"].as_str().unwrap_or_default();
            refuse(tally, bar, &line.key, kind, reason);
        } else {
            let mut tally = tally.lock().expect("not poisoned");
            match item.result.as_deref() {
                Some("created") => tally.created += 1,
                _ => tally.updated += 1,
            }
        }
    }
    Ok(again)
}

/// An index name in a URL path: names are lower case letters, digits and
/// a few signs, but a name the cluster will refuse must still make a
/// well-formed request (so the refusal, not a bad URL, is what is shown).
pub(crate) fn encode(name: &str) -> String {
    use std::fmt::Write;
    let mut out = String::new();
    for b in name.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(char::from(b));
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pauses_double_up_to_a_limit() {
        assert_eq!(pause(1), Duration::from_millis(500));
        assert_eq!(pause(2), Duration::from_secs(1));
        assert_eq!(pause(4), Duration::from_secs(4));
        assert_eq!(pause(9), MAX_PAUSE);
        assert_eq!(pause(u32::MAX), MAX_PAUSE);
    }

    #[test]
    fn the_index_gets_the_templates_mapping_and_the_shards_asked_for() {
        let body = index_body(&Options {
            index_name: "archive".into(),
            shards: 4,
            replicas: 0,
            bulk_docs: 1,
            bulk_bytes: 1,
            concurrency: 1,
            retries: 0,
        });
        assert_eq!(body["settings"]["index"]["number_of_shards"], 4);
        assert_eq!(body["settings"]["index"]["number_of_replicas"], 0);
        assert_eq!(body["mappings"]["dynamic"], "strict");
        assert!(body["settings"]["analysis"]["analyzer"]["newsidx_news"].is_object());
    }
}
