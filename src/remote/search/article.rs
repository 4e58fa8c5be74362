//! One article of the cluster, and what `show`, `similar` and the web
//! page ask of it: found by id (and path), its near-duplicates, the
//! articles most like it (OpenSearch's `more_like_this`, with the local
//! engine's settings), the index's size and figures (`stats`), and the
//! dates a timeline spans.

use jiff::civil::Date;
use serde_json::{Value, json};

use super::{Remote, search_body, stored_of};
use crate::index::document::Stored;
use crate::remote::ClusterError;
use crate::remote::push::encode;
use crate::search::facets::Kind;
use crate::search::stats::{Stats, TOP_SOURCES};
use crate::search::{
    Found, MAX_RESULT_WINDOW, MAX_SHOWN_DUPLICATES, Request, Results, SIMILAR_TERMS, SearchError,
    Shown,
};

/// Fields a lookup leaves out of the answer: big and of no use here.
const UNSHOWN: [&str; 2] = ["minhash", "dup_band"];

impl Remote {
    /// The cluster's address, as given (credentials left out).
    pub fn url(&self) -> &str {
        self.client.url()
    }

    /// The name of the index searched.
    pub fn index(&self) -> &str {
        &self.index
    }

    /// The cluster and index, as `stats` and `serve`'s `/api/` name them:
    /// `http://host:9200 (index newsidx)`.
    pub fn name(&self) -> String {
        format!("{} (index {})", self.url(), self.index)
    }

    /// The number of articles in the index (near-duplicates included), as
    /// a local index counts its documents.
    pub fn count(&self) -> anyhow::Result<u64> {
        let answer = self.call("GET", &format!("/{}/_count", encode(&self.index)), None)?;
        answer["count"].as_u64().ok_or_else(|| {
            ClusterError(format!(
                "{} does not answer as OpenSearch does (no count)",
                self.url()
            ))
            .into()
        })
    }

    /// The articles with this id (in the file `path`, when given), at most
    /// `limit`, ordered by path, as `Engine::articles` finds them.
    pub fn articles(
        &self,
        id: &str,
        path: Option<&str>,
        limit: usize,
    ) -> anyhow::Result<Vec<Stored>> {
        Ok(self
            .lookup(id, path, limit)?
            .into_iter()
            .map(|(article, _)| article)
            .collect())
    }

    /// The article with this id (in `path`), with its record key and its
    /// near-duplicates, as `Engine::article` gives it to `show`.
    pub fn article(&self, id: &str, path: Option<&str>, limit: usize) -> anyhow::Result<Found> {
        let mut found = self.lookup(id, path, limit.max(2))?;
        let (article, key) = match found.len() {
            0 => return Ok(Found::None),
            1 => found.remove(0),
            _ => return Ok(Found::Several(found.into_iter().map(|(a, _)| a).collect())),
        };
        let mut duplicates = Vec::new();
        if !article.group.is_empty() {
            let body = json!({
                "size": MAX_SHOWN_DUPLICATES + 1,
                "query": {"term": {"group": article.group}},
                "sort": [{"key": "asc"}],
                "_source": {"excludes": UNSHOWN},
            });
            let answer = self.search_call(&body)?;
            let e = &self.archive()?.entities;
            for h in answer["hits"]["hits"].as_array().into_iter().flatten() {
                let mut copy = stored_of(&h["_source"], e);
                if copy.id == article.id && copy.path == article.path {
                    continue;
                }
                copy.body.clear();
                duplicates.push(copy);
            }
            duplicates.truncate(MAX_SHOWN_DUPLICATES);
            duplicates.sort_by(|a, b| (a.date, &a.path, &a.id).cmp(&(b.date, &b.path, &b.id)));
        }
        Ok(Found::One(Box::new(Shown {
            article,
            key,
            duplicates,
        })))
    }

    /// Articles with this id (in `path`) and their record keys.
    fn lookup(
        &self,
        id: &str,
        path: Option<&str>,
        limit: usize,
    ) -> anyhow::Result<Vec<(Stored, String)>> {
        let mut filter = vec![json!({"term": {"id": id}})];
        if let Some(path) = path {
            filter.push(json!({"term": {"path": path}}));
        }
        let body = json!({
            "size": limit.clamp(1, MAX_RESULT_WINDOW),
            "query": {"bool": {"filter": filter}},
            "sort": [{"path": "asc"}, {"key": "asc"}],
            "_source": {"excludes": UNSHOWN},
        });
        let answer = self.search_call(&body)?;
        let hits = answer["hits"]["hits"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        if hits.is_empty() {
            return Ok(Vec::new());
        }
        let e = &self.archive()?.entities;
        Ok(hits
            .iter()
            .map(|h| {
                let src = &h["_source"];
                let article = stored_of(src, e);
                let key = src["key"]
                    .as_str()
                    .map_or_else(|| article.path.clone(), str::to_owned);
                (article, key)
            })
            .collect())
    }

    /// The articles most like `a`, as `Engine::similar` asks for them: a
    /// more-like-this query over title and text (at most
    /// [`SIMILAR_TERMS`] words, each in at least two articles), without
    /// the article and its near-duplicates, narrowed by the request's
    /// filters, paged, ordered and folded as a search. The cluster picks
    /// the words on each shard by that shard's counts, so the list can
    /// differ from the local one, and with the shards.
    pub fn similar(&self, a: &Stored, req: &Request) -> Result<Results, SearchError> {
        if req.offset.saturating_add(req.limit.max(1)) > MAX_RESULT_WINDOW {
            return Err(SearchError::TooDeep);
        }
        let itself = if a.group.is_empty() || req.all {
            json!({"bool": {"filter": [{"term": {"id": a.id}}, {"term": {"path": a.path}}]}})
        } else {
            json!({"term": {"group": a.group}})
        };
        let like = json!({"more_like_this": {
            "fields": ["title", "body"],
            "like": [{"_index": self.index, "doc": {"title": a.title, "body": a.body}}],
            "min_term_freq": 1,
            "min_doc_freq": 2,
            "min_word_length": 2,
            "max_query_terms": SIMILAR_TERMS,
            "minimum_should_match": "1",
        }});
        let mut query = json!({"bool": {"must": [like], "must_not": [itself]}});
        let filters = self.filters(&req.filters)?;
        if !filters.is_empty() {
            query["bool"]["filter"] = Value::Array(filters);
        }
        let mut body = search_body(query, Value::Null, req, req.limit);
        // Snippets start the text: the query's words are the article's,
        // not the user's, so there is nothing of the user's to mark.
        if let Some(body) = body.as_object_mut() {
            body.remove("highlight");
        }
        self.hits(&body, req)
    }

    /// What `newsidx stats` says of a local index, of the cluster's:
    /// articles, files (the distinct paths of articles: the cluster's
    /// count, near exact below 40,000), bytes and segments on the nodes
    /// (replicas included), first and last date, and the top sources. The
    /// time of the last change is not kept by the cluster: `updated` is
    /// left out.
    pub fn stats(&self) -> anyhow::Result<Stats> {
        let all = Request {
            query: "*".into(),
            ..Request::default()
        };
        let answer = self.search_call(&json!({
            "size": 0, "track_total_hits": true,
            "aggs": {"files": {"cardinality": {"field": "path", "precision_threshold": 40_000}}},
        }))?;
        let stats = self.call(
            "GET",
            &format!("/{}/_stats/store,segments", encode(&self.index)),
            None,
        )?;
        let total = &stats["_all"]["total"];
        let day = |d: Date| d.strftime("%Y-%m-%d").to_string();
        let range = self.date_range(&all).map_err(anyhow::Error::from)?;
        Ok(Stats {
            articles: answer["hits"]["total"]["value"].as_u64().unwrap_or(0),
            files: answer["aggregations"]["files"]["value"]
                .as_u64()
                .unwrap_or(0) as usize,
            bytes_on_disk: total["store"]["size_in_bytes"].as_u64().unwrap_or(0),
            segments: total["segments"]["count"].as_u64().unwrap_or(0) as usize,
            first_date: range.map(|r| day(r.0)),
            last_date: range.map(|r| day(r.1)),
            updated: None,
            sources: self
                .top(&all, Kind::Sources, TOP_SOURCES)
                .map_err(anyhow::Error::from)?,
        })
    }

    /// The first and last day of the matching articles' dates, for a
    /// timeline whose period is picked to fit; `None` when none is dated.
    pub fn date_range(&self, req: &Request) -> Result<Option<(Date, Date)>, SearchError> {
        let query = self.request_query(req)?;
        let body = json!({
            "size": 0, "query": query, "track_total_hits": false,
            "aggs": {"first": {"min": {"field": "date"}}, "last": {"max": {"field": "date"}}},
        });
        let answer = self.search_call(&body)?;
        let day = |name: &str| -> Option<Date> {
            let ms = answer["aggregations"][name]["value"].as_f64()?;
            let t = jiff::Timestamp::from_millisecond(ms as i64).ok()?;
            Some(t.to_zoned(jiff::tz::TimeZone::UTC).date())
        };
        Ok(day("first").zip(day("last")))
    }
}
