//! The JSON API under `/api/`: the fields of the command line's `--json`,
//! serialised from the same types (`Count`, `Timeline`, `Stored`) and
//! the same projection of `Hit` ([`crate::output::json`]).
//! A failure is `{"error": "..."}` with a 4xx or 5xx status.

use serde::Serialize;

use super::params::Params;
use super::{Failure, Lookup, Reply, State};
use crate::index::document::Stored;
use crate::output::json::{HitJson, SearchJson};
use crate::search::facets::Kind;

/// People or topics listed unless `limit` says otherwise, as on the
/// command line.
const FACET_LIMIT: usize = 20;

/// A JSON answer, or the failure to report.
pub fn reply(answer: Result<Vec<u8>, Failure>) -> Reply {
    match answer {
        Ok(body) => Reply::new(200, "application/json", body),
        Err(failure) => self::failure(&failure),
    }
}

/// `{"error": message}` with the failure's status.
pub fn failure(failure: &Failure) -> Reply {
    let body = serde_json::json!({ "error": failure.message });
    Reply::new(
        failure.status,
        "application/json",
        body.to_string().into_bytes(),
    )
}

fn json(value: &impl Serialize) -> Result<Vec<u8>, Failure> {
    serde_json::to_vec(value).map_err(|err| Failure::internal(err.into()))
}

/// `/api/`: what this server is and what it answers.
pub fn index(state: &State) -> Result<Vec<u8>, Failure> {
    let articles = state.backend().ok().and_then(|b| b.count().ok());
    json(&serde_json::json!({
        "name": "newsidx",
        "version": env!("CARGO_PKG_VERSION"),
        "index": state.served(),
        "articles": articles,
        "endpoints": {
            "/api/search": "q (required), person, topic, source, since, until, sort, plain, match (all or any), all, limit, offset or page",
            "/api/people": "q (default *), the filters, plain, match, limit",
            "/api/topics": "q (default *), the filters, plain, match, limit",
            "/api/timeline": "q (default *), the filters, plain, match, by (day, week, month, year or auto)",
            "/api/article": "id (required), path (when the id is in several files)",
            "/api/similar": "id (required), path, the filters, sort, all, limit, offset or page",
        },
    }))
}

/// `/api/search`: `{query, offset, limit, total, hits, partial,
/// suggestions}`, each hit as `newsidx search --json` prints it.
pub fn search(state: &State, query: &str) -> Result<Vec<u8>, Failure> {
    let p = Params::parse(query)?;
    if p.q.is_empty() {
        return Err(Failure::bad_request(
            "missing parameter q (the query; * for every article)",
        ));
    }
    let backend = state.backend()?;
    let req = p.request();
    let results = backend.search(&req)?;
    json(&SearchJson::new(
        &req.query, req.offset, req.limit, &results,
    ))
}

/// `/api/people` and `/api/topics`: `[{name, count}]`, most frequent
/// first, as `newsidx people --json` prints them.
pub fn facet(state: &State, query: &str, kind: Kind) -> Result<Vec<u8>, Failure> {
    let p = Params::parse(query)?;
    let backend = state.backend()?;
    let limit = p.limit.unwrap_or(FACET_LIMIT);
    let counts = backend.top(&p.request(), kind, limit)?;
    json(&counts)
}

/// `/api/timeline`: `{by, periods: [{period, start, count}], undated,
/// total}`, as `newsidx timeline --json` prints it.
pub fn timeline(state: &State, query: &str) -> Result<Vec<u8>, Failure> {
    let p = Params::parse(query)?;
    let t = state.backend()?.timeline(&p.request(), p.by)?;
    json(&t)
}

/// The answer to `/api/similar`: the article's id and path, the page, and
/// the hits as `/api/search` lists them.
#[derive(Serialize)]
struct SimilarAnswer<'a> {
    id: &'a str,
    path: &'a str,
    offset: usize,
    limit: usize,
    total: usize,
    hits: Vec<HitJson<'a>>,
}

/// `/api/similar`: `{id, path, offset, limit, total, hits}`, the articles
/// most like the one named (more-like-this), narrowed by the filters.
pub fn similar(state: &State, query: &str) -> Result<Vec<u8>, Failure> {
    let p = Params::parse(query)?;
    let backend = state.backend()?;
    let article = match super::find_article(&backend, &p)? {
        Lookup::Found(article) => article,
        Lookup::Several(articles) => return Err(several(&articles)),
    };
    let req = p.request();
    let results = backend.similar(&article, &req)?;
    json(&SimilarAnswer {
        id: &article.id,
        path: &article.path,
        offset: req.offset,
        limit: req.limit,
        total: results.total,
        hits: results.hits.iter().map(HitJson::from).collect(),
    })
}

/// The failure for an id that several articles have.
fn several(articles: &[Stored]) -> Failure {
    let paths: Vec<&str> = articles.iter().map(|a| a.path.as_str()).collect();
    Failure::bad_request(format!(
        "{} articles have id {}; add path, one of: {}",
        articles.len(),
        articles.first().map_or("", |a| a.id.as_str()),
        paths.join(", ")
    ))
}

/// The answer to `/api/article`: the article, its text cut to
/// [`super::MAX_ARTICLE_BYTES`] if longer.
#[derive(Serialize)]
struct ArticleAnswer<'a> {
    #[serde(flatten)]
    article: &'a Stored,
    /// Whether `body` was cut.
    truncated: bool,
    /// The length of the whole text, in bytes.
    body_bytes: usize,
}

/// `/api/article`: `{id, path, title, body, people, topics, source, url,
/// date, group, truncated, body_bytes}`, the body as cleaned for the
/// index.
pub fn article(state: &State, query: &str) -> Result<Vec<u8>, Failure> {
    let p = Params::parse(query)?;
    match super::find_article(&state.backend()?, &p)? {
        Lookup::Found(mut article) => {
            let cut = super::cap_body(&mut article);
            json(&ArticleAnswer {
                article: &article,
                truncated: cut.is_some(),
                body_bytes: cut.unwrap_or(article.body.len()),
            })
        }
        Lookup::Several(articles) => Err(several(&articles)),
    }
}
