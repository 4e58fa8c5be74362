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

/// The name the template is stored under in the cluster.
pub const TEMPLATE_NAME: &str = "newsidx";
