//! newsidx's articles for an OpenSearch (or Elasticsearch) cluster: the
//! documents of the index template `schema/opensearch.json` (embedded),
//! made from files by the pipeline of `index` or read back from an index
//! (`source`), written as bulk NDJSON (`export`) or sent to a cluster
//! (`client`, `push`).

pub mod backend;
pub mod client;
pub mod document;
pub mod push;
pub mod query_dsl;
pub mod search;
pub mod source;
pub mod state;

/// The index template for the cluster, as a data file: settings (the
/// analysers that mirror newsidx's), and the strict mapping every document
/// must match ([`document::Doc`]).
pub const TEMPLATE_JSON: &str = include_str!("../../schema/opensearch.json");

/// A cluster that did not answer as asked: not reachable, refusing the
/// credentials, without the index, or answering otherwise than OpenSearch
/// does. The web layer answers such a request with 502 Bad Gateway: the
/// fault is upstream, not in the request nor in newsidx.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct ClusterError(pub String);

/// Whether `err` is, or was caused by, a [`ClusterError`], however it was
/// passed on (as the cause of another error, or inside a search error).
pub fn is_cluster_error(err: &anyhow::Error) -> bool {
    err.chain().any(|e| {
        e.is::<ClusterError>()
            || matches!(
                e.downcast_ref::<crate::search::SearchError>(),
                Some(crate::search::SearchError::Index(inner)) if is_cluster_error(inner)
            )
    })
}

/// The name the template is stored under in the cluster.
pub const TEMPLATE_NAME: &str = "newsidx";
