//! Searching a cluster that `newsidx push` filled, with the answers the
//! local engine gives: a [`Request`] becomes a search request (the query
//! in the DSL, `query_dsl`; the filters; the order and the page;
//! near-duplicates folded with `collapse` on the group; snippets from
//! `highlight`), and the cluster's answer becomes [`Results`] of
//! [`Hit`]s, people and topic counts ([`facets::Count`]) or a
//! [`facets::Timeline`], so every output format works unchanged.
//!
//! Every search is `dfs_query_then_fetch`: words are weighed by their
//! frequency over the whole index, not over each shard, so a ranking does
//! not depend on how documents fall into shards.
//!
//! People are resolved as locally ([`Entities`]): the table is made from
//! the cluster's own counts of people values and capitalised words, read
//! once per process. The cluster does not hold the names written as
//! organisations' nor the user's `corrections.json`, so a table can
//! differ from an index's in those.

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex, PoisonError};

use anyhow::anyhow;
use serde_json::{Value, json};
use tantivy::query_grammar::Delimiter;

use crate::extract::entities;
use crate::index::document::Stored;
use crate::index::entities::Entities;
use crate::remote::ClusterError;
use crate::remote::client::{self, Client};
use crate::remote::query_dsl::{Translator, match_none};
use crate::search::facets::{self, Count, Kind, Period, Timeline};
use crate::search::query::{self, ParsedQuery};
use crate::search::{
    FilterError, Filters, Hit, MAX_RESULT_WINDOW, Match, Request, Results, SNIPPET_CHARS,
    SUGGEST_AT_MOST, SearchError, Sort, body_start, stand_in_title,
};

/// The index `push` fills unless told otherwise.
pub const DEFAULT_INDEX: &str = "newsidx";
/// Marks around highlighted words in the cluster's answer (private-use
/// characters, which no cleaned article holds).
const PRE: &str = "\u{E000}";
const POST: &str = "\u{E001}";
/// Values read per page when counting every value of a field.
const PAGE: usize = 10_000;
/// Buckets of a terms aggregation, at most (the cluster's
/// `search.max_buckets` is 65,535).
const MAX_BUCKETS: usize = 10_000;
/// Values a `terms` query may list (the cluster's `index.max_terms_count`).
const MAX_TERMS: usize = 65_536;

mod article;
mod suggest;

/// A cluster's index, searched as a local index is.
pub struct Remote {
    client: Client,
    index: String,
    dsl: Translator,
    /// Read at the first search that needs it, by one thread while the
    /// others wait, and kept for the process.
    archive: Mutex<Option<Arc<Archive>>>,
}

/// What searches need to know of the whole archive: its people (from
/// the cluster's counts), and the people and topic values it holds.
struct Archive {
    entities: Arc<Entities>,
    people: HashSet<String>,
    topics: HashSet<String>,
}

impl std::fmt::Debug for Remote {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Remote")
            .field("url", &self.client.url())
            .field("index", &self.index)
            .finish()
    }
}

impl Remote {
    /// The index `index` of the cluster `client` speaks to.
    pub fn new(client: Client, index: &str) -> Remote {
        Remote {
            client,
            index: index.to_owned(),
            dsl: Translator::new(),
            archive: Mutex::new(None),
        }
    }

    /// Checks that the cluster answers and holds the index, so that a
    /// wrong URL or name is one clear error before any query runs.
    pub fn check(&self) -> anyhow::Result<()> {
        self.call(
            "GET",
            &format!("/{}/_count", crate::remote::push::encode(&self.index)),
            None,
        )
        .map(drop)
    }

    /// Runs a request as `Engine::search` does: with all-words matching
    /// and no article holding them all, the best partial matches; a query
    /// finding few articles gets "did you mean" suggestions.
    pub fn search(&self, req: &Request) -> Result<Results, SearchError> {
        let limit = req.limit.max(1);
        if req.offset.saturating_add(limit) > MAX_RESULT_WINDOW {
            return Err(SearchError::TooDeep);
        }
        let parsed = query::parse(&req.query, req.plain)?;
        let relaxable = req.matching == Match::All && query::can_relax(&parsed.ast);
        let filters = self.filters(&req.filters)?;
        let mut results = self.run(&parsed, req.matching, &filters, req)?;
        if results.total == 0 && relaxable {
            results = self.run(&parsed, Match::Any, &filters, req)?;
            results.partial = results.total > 0;
        }
        if results.total <= SUGGEST_AT_MOST || results.partial {
            results.suggestions = self.suggest(req);
        }
        Ok(results)
    }

    /// The search request's query: ranking, and the filters (which do not
    /// score).
    fn query(
        &self,
        parsed: &ParsedQuery,
        matching: Match,
        filters: &[Value],
    ) -> Result<Value, SearchError> {
        let scoring = self.scoring(parsed, matching)?;
        Ok(if filters.is_empty() {
            scoring
        } else {
            json!({"bool": {"must": [scoring], "filter": filters}})
        })
    }

    /// The ranking query, with `people:*` as users see people (the local
    /// engine's `people_exist`): a value that is a person, or a word that
    /// stands for one.
    fn scoring(&self, parsed: &ParsedQuery, matching: Match) -> Result<Value, SearchError> {
        let mut q = self.dsl.scoring(parsed, matching);
        let exists = json!({"exists": {"field": "people"}});
        if q.to_string().contains(&exists.to_string()) {
            let archive = self.archive()?;
            let e = &archive.entities;
            let mut values: Vec<&String> = archive
                .people
                .iter()
                .filter(|v| e.person(v).is_some())
                .collect();
            values.sort_unstable();
            let words: Vec<&String> = e.table().words.keys().collect();
            // The cluster's `index.max_terms_count`: beyond it, any value.
            if values.len() <= MAX_TERMS && words.len() <= MAX_TERMS {
                let people = json!({"bool": {"should": [
                    {"terms": {"people": values}},
                    {"terms": {"name_words": words}},
                ]}});
                replace(&mut q, &exists, &people);
            }
        }
        Ok(q)
    }

    /// The query of a request (no relaxing), for counts.
    fn request_query(&self, req: &Request) -> Result<Value, SearchError> {
        let parsed = query::parse(&req.query, req.plain)?;
        let filters = self.filters(&req.filters)?;
        self.query(&parsed, req.matching, &filters)
    }

    fn run(
        &self,
        parsed: &ParsedQuery,
        matching: Match,
        filters: &[Value],
        req: &Request,
    ) -> Result<Results, SearchError> {
        let body = search_body(
            self.query(parsed, matching, filters)?,
            self.scoring(parsed, matching)?,
            req,
            req.limit,
        );
        self.hits(&body, req)
    }

    /// Runs a search body and reads its answer as the local engine's
    /// results: hits ranked from `req.offset`, each with its number of
    /// near-duplicates.
    fn hits(&self, body: &Value, req: &Request) -> Result<Results, SearchError> {
        let answer = self.search_call(body)?;
        let total = answer["hits"]["total"]["value"].as_u64().unwrap_or(0) as usize;
        let raw = answer["hits"]["hits"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        if raw.is_empty() {
            return Ok(Results {
                total,
                ..Results::default()
            });
        }
        let archive = self.archive()?;
        let groups: Vec<String> = raw
            .iter()
            .filter_map(|h| h["_source"]["group"].as_str())
            .filter(|g| !g.is_empty())
            .map(str::to_owned)
            .collect();
        let sizes = self.group_sizes(&groups)?;
        let hits = raw
            .iter()
            .enumerate()
            .map(|(i, h)| {
                let mut hit = hit_of(h, req.offset + i + 1, &archive.entities);
                hit.duplicates = sizes
                    .get(&hit.article.group)
                    .map_or(0, |n| n.saturating_sub(1) as usize);
                if !req.snippets {
                    hit.snippet.clear();
                    hit.highlights.clear();
                }
                hit
            })
            .collect();
        Ok(Results {
            total,
            hits,
            ..Results::default()
        })
    }

    /// The number of articles in each of these near-duplicate groups.
    fn group_sizes(&self, groups: &[String]) -> Result<HashMap<String, u64>, SearchError> {
        if groups.is_empty() {
            return Ok(HashMap::new());
        }
        let body = json!({
            "size": 0,
            "query": {"terms": {"group": groups}},
            "aggs": {"groups": {"terms": {"field": "group", "size": groups.len()}}},
        });
        let answer = self.search_call(&body)?;
        Ok(buckets(&answer["aggregations"]["groups"]).collect())
    }

    /// The `limit` most frequent people, topics or sources among the
    /// articles matching a request, as `Engine::top` counts them: each
    /// person or topic once per article, under the name the archive
    /// resolves it to.
    pub fn top(&self, req: &Request, kind: Kind, limit: usize) -> Result<Vec<Count>, SearchError> {
        let query = self.request_query(req)?;
        let limit = limit.clamp(1, MAX_BUCKETS);
        let mut counts = match kind {
            Kind::Sources | Kind::Topics => {
                let field = if kind == Kind::Sources {
                    "source"
                } else {
                    "topics"
                };
                // Every value, so the counts are exact whatever the shards.
                let body = json!({
                    "size": 0, "query": query, "track_total_hits": false,
                    "aggs": {"top": {"terms": {"field": field, "size": MAX_BUCKETS}}},
                });
                let answer = self.search_call(&body)?;
                buckets(&answer["aggregations"]["top"])
                    .map(|(name, count)| Count { name, count })
                    .collect()
            }
            Kind::People => self.top_people(query, limit)?,
        };
        counts.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.name.cmp(&b.name)));
        counts.truncate(limit);
        Ok(counts)
    }

    /// People: the values and words of the matching articles give the
    /// likely people; each of them is then counted exactly, with the
    /// query its filter makes (an article naming a person twice, in two
    /// ways, counts once).
    fn top_people(&self, query: Value, limit: usize) -> Result<Vec<Count>, SearchError> {
        let archive = self.archive()?;
        let e = &archive.entities;
        let body = json!({
            "size": 0, "query": query, "track_total_hits": false,
            "aggs": {
                "values": {"terms": {"field": "people", "size": MAX_BUCKETS}},
                "words": {"terms": {"field": "name_words", "size": MAX_BUCKETS}},
            },
        });
        let answer = self.search_call(&body)?;
        let mut likely: HashMap<String, u64> = HashMap::new();
        for (value, n) in buckets(&answer["aggregations"]["values"]) {
            if let Some(person) = e.person(&value) {
                *likely.entry(person.to_owned()).or_default() += n;
            }
        }
        for (word, n) in buckets(&answer["aggregations"]["words"]) {
            if let Some(person) = e.word(&word) {
                *likely.entry(person.to_owned()).or_default() += n;
            }
        }
        let mut likely: Vec<(String, u64)> = likely.into_iter().collect();
        likely.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        likely.truncate((limit * 2).max(limit + 50));
        if likely.is_empty() {
            return Ok(Vec::new());
        }
        let mut filters = serde_json::Map::new();
        for (i, (person, _)) in likely.iter().enumerate() {
            let q = person_query(e, &archive.people, person)
                .unwrap_or_else(|| json!({"term": {"people": person}}));
            filters.insert(format!("p{i}"), q);
        }
        let body = json!({
            "size": 0, "query": body["query"], "track_total_hits": false,
            "aggs": {"people": {"filters": {"filters": filters}}},
        });
        let answer = self.search_call(&body)?;
        let counted = &answer["aggregations"]["people"]["buckets"];
        Ok(likely
            .into_iter()
            .enumerate()
            .map(|(i, (name, _))| Count {
                count: counted[format!("p{i}")]["doc_count"].as_u64().unwrap_or(0),
                name,
            })
            .filter(|c| c.count > 0)
            .collect())
    }

    /// Matching articles per period, as `facets::timeline` counts them.
    pub fn timeline(&self, req: &Request, by: Period) -> Result<Timeline, SearchError> {
        let query = self.request_query(req)?;
        let body = json!({
            "size": 0, "query": query, "track_total_hits": false,
            "aggs": {
                "periods": {"date_histogram": {
                    "field": "date", "calendar_interval": by_interval(by), "min_doc_count": 1,
                }},
                "undated": {"missing": {"field": "date"}},
            },
        });
        let answer = self.search_call(&body)?;
        let aggs = &answer["aggregations"];
        let days = aggs["periods"]["buckets"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|b| {
                let ms = b["key"].as_i64()?;
                Some((ms.div_euclid(86_400_000), b["doc_count"].as_u64()?))
            });
        let undated = aggs["undated"]["doc_count"].as_u64().unwrap_or(0);
        Ok(facets::timeline_of(days, undated, by))
    }

    /// The filters of a request as the local engine reads them: people and
    /// topics as the facets count them, sources as a phrase of names,
    /// dates as a range.
    fn filters(&self, filters: &Filters) -> Result<Vec<Value>, SearchError> {
        let mut clauses = Vec::new();
        for (filter, value) in filters.iter() {
            let Some(field) = filter.field() else {
                continue;
            };
            let exact = match filter {
                crate::search::Filter::Person => {
                    let archive = self.archive()?;
                    let name = value.trim();
                    person_query(&archive.entities, &archive.people, name)
                }
                crate::search::Filter::Topic => {
                    let archive = self.archive()?;
                    topic_query(&archive.entities, &archive.topics, value)
                }
                _ => None,
            };
            if let Some(q) = exact {
                clauses.push(q);
                continue;
            }
            let lit = query::literal(Some(field), value, Delimiter::DoubleQuotes);
            let ast = tantivy::query_grammar::UserInputAst::Leaf(Box::new(
                tantivy::query_grammar::UserInputLeaf::Literal(lit),
            ));
            let parsed = ParsedQuery { ast, words: None };
            let q = self.dsl.scoring(&parsed, Match::Any);
            if q == match_none() {
                return Err(FilterError {
                    filter,
                    value: value.to_owned(),
                    message: format!("'{value}' holds no word to look for"),
                }
                .into());
            }
            clauses.push(q);
        }
        let (start, end) = filters.date_bounds()?;
        if start.is_some() || end.is_some() {
            let mut range = serde_json::Map::new();
            if let Some(start) = start {
                range.insert("gte".into(), json!(start));
            }
            if let Some(end) = end {
                range.insert("lt".into(), json!(end));
            }
            clauses.push(json!({"range": {"date": range}}));
        }
        Ok(clauses)
    }

    /// The archive's people and values, read from the cluster once.
    fn archive(&self) -> Result<Arc<Archive>, SearchError> {
        let mut kept = self.archive.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(a) = kept.as_ref() {
            return Ok(Arc::clone(a));
        }
        // Three requests at once: the cluster answers each on its own.
        let (people, words, topics) = std::thread::scope(|s| {
            let words = s.spawn(|| self.all_values("name_words"));
            let topics = s.spawn(|| self.all_values("topics"));
            let people = self.all_values("people");
            let join = |h: std::thread::ScopedJoinHandle<'_, _>| {
                h.join()
                    .unwrap_or_else(|_| Err(anyhow!("a request thread failed").into()))
            };
            (people, join(words), join(topics))
        });
        let (people, words, topics) = (people?, words?, topics?);
        let table = entities::resolve(&people, &words, &[]);
        let archive = Arc::new(Archive {
            entities: Arc::new(Entities::of_table(table)),
            people: people.into_iter().map(|(v, _)| v).collect(),
            topics: topics.into_iter().map(|(v, _)| v).collect(),
        });
        *kept = Some(Arc::clone(&archive));
        Ok(archive)
    }

    /// Every value of a keyword field with its number of articles, in
    /// value order (a composite aggregation, a page at a time).
    fn all_values(&self, field: &str) -> Result<Vec<(String, u64)>, SearchError> {
        let mut values = Vec::new();
        let mut after: Option<Value> = None;
        loop {
            let mut composite = json!({
                "size": PAGE,
                "sources": [{"v": {"terms": {"field": field}}}],
            });
            if let Some(after) = after.take() {
                composite["after"] = after;
            }
            let body = json!({
                "size": 0, "track_total_hits": false,
                "aggs": {"all": {"composite": composite}},
            });
            let answer = self.search_call(&body)?;
            let all = &answer["aggregations"]["all"];
            let page = all["buckets"].as_array().cloned().unwrap_or_default();
            for b in &page {
                if let (Some(v), Some(n)) = (b["key"]["v"].as_str(), b["doc_count"].as_u64()) {
                    values.push((v.to_owned(), n));
                }
            }
            match all.get("after_key") {
                Some(key) if page.len() == PAGE => after = Some(key.clone()),
                _ => break,
            }
        }
        Ok(values)
    }

    fn search_call(&self, body: &Value) -> Result<Value, SearchError> {
        let path = format!(
            "/{}/_search?search_type=dfs_query_then_fetch",
            crate::remote::push::encode(&self.index)
        );
        Ok(self.call("POST", &path, Some(body))?)
    }

    /// One request; what went wrong said as users need it.
    fn call(&self, method: &str, path: &str, body: Option<&Value>) -> anyhow::Result<Value> {
        let url = self.client.url();
        let answer = match body {
            Some(body) => self.client.send(
                method,
                path,
                "application/json",
                &serde_json::to_vec(body).expect("JSON serialises"),
            ),
            None => self.client.get(method, path),
        }
        .map_err(|err| {
            ClusterError(format!(
                "cannot reach the cluster at {url}: {} (is it running, and is the URL right?)",
                client::describe(&err)
            ))
        })?;
        if answer.status == 401 || answer.status == 403 {
            return Err(ClusterError(format!(
                "the cluster at {url} refused the credentials ({}); give --user and \
                 --password (or NEWSIDX_REMOTE_USER and NEWSIDX_REMOTE_PASSWORD)",
                answer.status
            ))
            .into());
        }
        if answer.status == 404 && answer.body.contains("index_not_found_exception") {
            return Err(ClusterError(format!(
                "the cluster at {url} has no index '{}' (fill it with `newsidx push {url} PATH`, \
                 or name another with --remote-index)",
                self.index
            ))
            .into());
        }
        if !answer.ok() {
            return Err(ClusterError(format!(
                "the cluster at {url} could not search ({}): {}",
                answer.status,
                answer.reason()
            ))
            .into());
        }
        serde_json::from_str(&answer.body).map_err(|err| {
            ClusterError(format!("{url} does not answer as OpenSearch does: {err}")).into()
        })
    }
}

/// The body of a search request: the query, the page, the order, the
/// folding of near-duplicates, and the highlights (of `highlight`, the
/// ranking query without the filters).
fn search_body(query: Value, highlight: Value, req: &Request, size: usize) -> Value {
    let sort = match req.sort {
        Sort::Relevance => json!(["_score", {"key": "asc"}]),
        Sort::Newest => json!([{"date": {"order": "desc", "missing": "_last"}}, {"key": "asc"}]),
        Sort::Oldest => json!([{"date": {"order": "asc", "missing": "_last"}}, {"key": "asc"}]),
    };
    let mut body = json!({
        "query": query,
        "from": req.offset,
        "size": size,
        "track_total_hits": true,
        "sort": sort,
        "_source": {"excludes": ["minhash", "dup_band"]},
        "highlight": {
            "pre_tags": [PRE],
            "post_tags": [POST],
            "highlight_query": highlight,
            "require_field_match": false,
            "fields": {
                "body": {
                    "type": "plain",
                    "fragment_size": SNIPPET_CHARS,
                    "number_of_fragments": 1,
                },
                "title": {"type": "plain", "number_of_fragments": 0},
            },
        },
    });
    if !req.all {
        body["collapse"] = json!({"field": "group"});
    }
    body
}

/// An article as the cluster holds it (its `_source`), as the local
/// engine stores it: people and topics under the names the archive
/// resolves them to.
fn stored_of(src: &Value, e: &Entities) -> Stored {
    let text = |key: &str| src[key].as_str().map(str::to_owned);
    let list = |key: &str| -> Vec<String> {
        src[key]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|v| v.as_str().map(str::to_owned))
            .collect()
    };
    let mut people = e.people_of(&list("people"));
    for word in list("name_words") {
        if let Some(p) = e.word(&word)
            && !people.iter().any(|q| q == p)
        {
            people.push(p.to_owned());
        }
    }
    Stored {
        id: text("id").unwrap_or_default(),
        path: text("path").unwrap_or_default(),
        title: text("title").unwrap_or_default(),
        body: text("body").unwrap_or_default(),
        people,
        topics: e.topics_of(&list("topics")),
        source: text("source"),
        url: text("url"),
        date: src["date"]
            .as_str()
            .and_then(|d| d.parse::<jiff::Timestamp>().ok()),
        group: text("group").unwrap_or_default(),
    }
}

/// A hit of the cluster's answer as the local engine makes it (without
/// its number of near-duplicates).
fn hit_of(h: &Value, rank: usize, e: &Entities) -> Hit {
    let mut article = stored_of(&h["_source"], e);
    let body = std::mem::take(&mut article.body);
    let first = |field: &str| h["highlight"][field][0].as_str().map(marked);
    let mut title_highlights = Vec::new();
    if article.title.trim().is_empty() {
        article.title = stand_in_title(&body);
    } else if let Some((title, marks)) = first("title")
        && title == article.title
    {
        title_highlights = marks;
    }
    let (snippet, highlights) =
        first("body").unwrap_or_else(|| (body_start(&body).to_owned(), Vec::new()));
    Hit {
        rank,
        score: h["_score"].as_f64().unwrap_or(0.0) as f32,
        article,
        snippet,
        highlights,
        duplicates: 0,
        title_highlights,
    }
}

/// A highlighted text without its marks, and the byte ranges they held.
fn marked(text: &str) -> (String, Vec<(usize, usize)>) {
    let mut out = String::with_capacity(text.len());
    let mut ranges = Vec::new();
    let mut start = None;
    for c in text.chars() {
        match c {
            '\u{E000}' => start = Some(out.len()),
            '\u{E001}' => {
                if let Some(s) = start.take() {
                    ranges.push((s, out.len()));
                }
            }
            c => out.push(c),
        }
    }
    // Adjacent marks (a phrase) are one range, as locally.
    let mut merged: Vec<(usize, usize)> = Vec::with_capacity(ranges.len());
    for (s, e) in ranges {
        match merged.last_mut() {
            Some(last) if last.1 == s => last.1 = e,
            _ => merged.push((s, e)),
        }
    }
    (out, merged)
}

/// The articles of the person named, as the people facet counts them
/// (the local engine's `person_filter`); `None` when the archive knows no
/// person by that name as written.
fn person_query(e: &Entities, values: &HashSet<String>, name: &str) -> Option<Value> {
    let (people, words): (Vec<&str>, Vec<&str>) = match e.person_named(name) {
        Some(p) => (
            p.values.iter().map(String::as_str).collect(),
            p.words.iter().map(String::as_str).collect(),
        ),
        None => {
            if e.person(name) != Some(name) || !values.contains(name) {
                return None;
            }
            (vec![name], Vec::new())
        }
    };
    let mut should = vec![json!({"terms": {"people": people}})];
    if !words.is_empty() {
        should.push(json!({"terms": {"name_words": words}}));
    }
    Some(json!({"bool": {"should": should}}))
}

/// The articles with the topic named, as the topics facet counts them
/// (the local engine's `topic_filter`); `None` when no article holds it
/// as written.
fn topic_query(e: &Entities, values: &HashSet<String>, name: &str) -> Option<Value> {
    let names = [
        Some(name.to_owned()),
        Some(name.to_lowercase()),
        e.taxonomy_name(name).map(str::to_owned),
    ];
    names.into_iter().flatten().find_map(|name| {
        let wanted = e.topic_values(&name);
        wanted
            .iter()
            .any(|v| values.contains(v))
            .then(|| json!({"terms": {"topics": wanted}}))
    })
}

/// Every node of a query equal to `from` made `to`.
fn replace(q: &mut Value, from: &Value, to: &Value) {
    if q == from {
        *q = to.clone();
        return;
    }
    match q {
        Value::Array(items) => items.iter_mut().for_each(|v| replace(v, from, to)),
        Value::Object(map) => map.values_mut().for_each(|v| replace(v, from, to)),
        _ => {}
    }
}

/// A terms aggregation's buckets: key and count.
fn buckets(agg: &Value) -> impl Iterator<Item = (String, u64)> + '_ {
    agg["buckets"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|b| {
            let key = match &b["key"] {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            Some((key, b["doc_count"].as_u64()?))
        })
}

/// The calendar interval of a period.
fn by_interval(by: Period) -> &'static str {
    match by {
        Period::Day => "day",
        Period::Week => "week",
        Period::Month => "month",
        Period::Year => "year",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nodes_of_a_query_are_replaced_at_any_depth() {
        let exists = json!({"exists": {"field": "people"}});
        let mut q = json!({"bool": {"must": [exists.clone(), {"term": {"id": "1"}}],
            "must_not": [exists.clone()]}});
        replace(&mut q, &exists, &json!({"match_all": {}}));
        assert_eq!(
            q,
            json!({"bool": {"must": [{"match_all": {}}, {"term": {"id": "1"}}],
                "must_not": [{"match_all": {}}]}})
        );
    }

    #[test]
    fn marks_become_ranges_of_the_plain_text() {
        let (text, ranges) = marked("Oil \u{E000}prices\u{E001} rise in \u{E000}Oslo\u{E001}");
        assert_eq!(text, "Oil prices rise in Oslo");
        assert_eq!(ranges, vec![(4, 10), (19, 23)]);
        assert_eq!(&text[4..10], "prices");
        let (_, ranges) = marked("\u{E000}arms\u{E001}\u{E000} control\u{E001}");
        assert_eq!(ranges, vec![(0, 12)]);
    }

    #[test]
    fn a_request_becomes_a_search_body() {
        let req = Request {
            query: "oil".into(),
            limit: 5,
            offset: 10,
            sort: Sort::Newest,
            ..Request::default()
        };
        let body = search_body(json!({"match_all": {}}), json!({}), &req, 5);
        assert_eq!(body["from"], 10);
        assert_eq!(body["size"], 5);
        assert_eq!(body["sort"][0]["date"]["order"], "desc");
        assert_eq!(body["collapse"]["field"], "group");
        assert_eq!(body["track_total_hits"], true);
        let all = Request { all: true, ..req };
        assert!(
            search_body(json!({}), json!({}), &all, 5)
                .get("collapse")
                .is_none()
        );
    }

    #[test]
    fn hits_read_back_as_the_local_engine_makes_them() {
        let answer = json!({
            "_score": 2.5,
            "_source": {
                "id": "a1", "path": "/d/a.txt", "title": "Oil prices rise",
                "body": "Crude rose.", "people": ["Sergey Lavrov"], "topics": ["energy"],
                "source": "Reuters", "url": null, "date": "2017-02-07T00:00:00Z",
                "group": "/d/a.txt", "name_words": [],
            },
            "highlight": {"title": ["Oil \u{E000}prices\u{E001} rise"]},
        });
        let hit = hit_of(&answer, 3, &Entities::default());
        assert_eq!(hit.rank, 3);
        assert_eq!(hit.score, 2.5);
        assert_eq!(hit.article.title, "Oil prices rise");
        assert_eq!(hit.title_highlights, vec![(4, 10)]);
        assert_eq!(hit.snippet, "Crude rose.");
        assert_eq!(hit.article.people, vec!["Sergey Lavrov".to_owned()]);
        assert_eq!(hit.article.date.map(|d| d.as_second()), Some(1_486_425_600));
    }

    #[test]
    fn people_and_topics_filter_as_the_facets_count() {
        let table = entities::resolve(
            &[("Sergey Lavrov".into(), 5), ("Lavrov".into(), 3)],
            &[("Lavrov".into(), 2)],
            &[],
        );
        let e = Entities::of_table(table);
        let values: HashSet<String> = ["Sergey Lavrov".into(), "Lavrov".into()].into();
        let q = person_query(&e, &values, "Sergey Lavrov").unwrap();
        let people = q["bool"]["should"][0]["terms"]["people"]
            .as_array()
            .unwrap();
        assert!(people.contains(&json!("Sergey Lavrov")), "{q}");
        assert!(person_query(&e, &values, "Nobody Known").is_none());
        let topics: HashSet<String> = ["energy".into()].into();
        assert_eq!(
            topic_query(&e, &topics, "Energy"),
            Some(json!({"terms": {"topics": ["energy"]}}))
        );
        assert_eq!(topic_query(&e, &topics, "sports"), None);
    }
}
