//! What the commands and the web pages search: the local index's
//! [`Engine`], or an OpenSearch cluster's index ([`Remote`], `--remote`),
//! behind one set of questions, so every output and page is made the same
//! way from either.

use std::sync::Arc;

use anyhow::Result;
use jiff::civil::Date;

use crate::index::document::Stored;
use crate::remote::search::Remote;
use crate::search::facets::{self, Count, Kind, Period, Timeline};
use crate::search::{Engine, Found, Request, Results, SearchError};

/// Most bars in a timeline whose period is picked to fit.
const TIMELINE_BARS: usize = 40;

/// An archive to search.
#[derive(Clone)]
pub enum Backend {
    Local(Arc<Engine>),
    Remote(Arc<Remote>),
}

/// The counts shown beside a page of results.
pub struct Overview {
    pub people: Vec<Count>,
    pub topics: Vec<Count>,
    pub sources: Vec<Count>,
    pub timeline: Timeline,
}

impl Backend {
    /// The number of articles in the archive.
    pub fn count(&self) -> Result<u64> {
        match self {
            Backend::Local(engine) => Ok(engine.searcher().num_docs()),
            Backend::Remote(remote) => remote.count(),
        }
    }

    pub fn search(&self, req: &Request) -> Result<Results, SearchError> {
        match self {
            Backend::Local(engine) => engine.search(req),
            Backend::Remote(remote) => remote.search(req),
        }
    }

    /// The `limit` most frequent people, topics or sources of the
    /// articles matching `req`.
    pub fn top(&self, req: &Request, kind: Kind, limit: usize) -> Result<Vec<Count>, SearchError> {
        match self {
            Backend::Local(engine) => {
                let query = engine.build_query(req)?;
                Ok(engine.top(&engine.searcher(), &*query, kind, limit)?)
            }
            Backend::Remote(remote) => remote.top(req, kind, limit),
        }
    }

    /// Articles per period; `by: None` picks the shortest period that
    /// gives at most [`TIMELINE_BARS`] bars.
    pub fn timeline(&self, req: &Request, by: Option<Period>) -> Result<Timeline, SearchError> {
        match self {
            Backend::Local(engine) => {
                let query = engine.build_query(req)?;
                let searcher = engine.searcher();
                let by =
                    match by {
                        Some(by) => by,
                        None => fitting(facets::date_range(&searcher, &*query)?.and_then(
                            |(first, last)| Some((first.parse().ok()?, last.parse().ok()?)),
                        )),
                    };
                Ok(facets::timeline(&searcher, &*query, by)?)
            }
            Backend::Remote(remote) => {
                let by = match by {
                    Some(by) => by,
                    None => fitting(remote.date_range(req)?),
                };
                remote.timeline(req, by)
            }
        }
    }

    /// People, topics and sources (the first `facets` and `sources` of
    /// each) and the timeline of the articles matching `req`: from one
    /// query locally, from requests sent at once to a cluster.
    pub fn overview(
        &self,
        req: &Request,
        by: Option<Period>,
        facets: usize,
        sources: usize,
    ) -> Result<Overview, SearchError> {
        match self {
            Backend::Local(engine) => {
                let query = engine.build_query(req)?;
                let searcher = engine.searcher();
                let top = |kind, n| engine.top(&searcher, &*query, kind, n);
                Ok(Overview {
                    people: top(Kind::People, facets)?,
                    topics: top(Kind::Topics, facets)?,
                    sources: top(Kind::Sources, sources)?,
                    timeline: self.timeline(req, by)?,
                })
            }
            Backend::Remote(remote) => std::thread::scope(|s| {
                let people = s.spawn(|| remote.top(req, Kind::People, facets));
                let topics = s.spawn(|| remote.top(req, Kind::Topics, facets));
                let timeline = s.spawn(|| self.timeline(req, by));
                let sources = remote.top(req, Kind::Sources, sources);
                Ok(Overview {
                    people: joined(people)?,
                    topics: joined(topics)?,
                    timeline: joined(timeline)?,
                    sources: sources?,
                })
            }),
        }
    }

    /// The articles with this id (in `path`), at most `limit`, by path.
    pub fn articles(&self, id: &str, path: Option<&str>, limit: usize) -> Result<Vec<Stored>> {
        match self {
            Backend::Local(engine) => engine.articles(id, path, limit),
            Backend::Remote(remote) => remote.articles(id, path, limit),
        }
    }

    /// The article with this id (in `path`), with its record key and its
    /// near-duplicates, or the several that have the id (at most `limit`).
    pub fn article(&self, id: &str, path: Option<&str>, limit: usize) -> Result<Found> {
        match self {
            Backend::Local(engine) => engine.article(id, path, limit),
            Backend::Remote(remote) => remote.article(id, path, limit),
        }
    }

    /// The articles most like `a`.
    pub fn similar(&self, a: &Stored, req: &Request) -> Result<Results, SearchError> {
        match self {
            Backend::Local(engine) => engine.similar(a, req),
            Backend::Remote(remote) => remote.similar(a, req),
        }
    }
}

/// The answer of a request made on its own thread.
fn joined<T>(
    handle: std::thread::ScopedJoinHandle<'_, Result<T, SearchError>>,
) -> Result<T, SearchError> {
    handle.join().unwrap_or_else(|_| {
        Err(SearchError::Index(anyhow::anyhow!(
            "internal error: a thread asking the cluster stopped"
        )))
    })
}

/// The shortest period that shows the span `first` to `last` in at most
/// [`TIMELINE_BARS`] bars; the default period when nothing is dated.
fn fitting(range: Option<(Date, Date)>) -> Period {
    match range {
        Some((first, last)) => Period::fitting(first, last, TIMELINE_BARS),
        None => Period::default(),
    }
}
