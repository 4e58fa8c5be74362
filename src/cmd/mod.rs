//! One module per subcommand.

pub mod batch;
pub mod eval;
pub mod extract;
pub mod facets;
pub mod index;
pub mod search;
pub mod serve;
pub mod stats;
pub mod timeline;

use std::path::Path;

use anyhow::Result;
use tantivy::query::Query;

use crate::index::store::Store;
use crate::search::{Engine, Request, SearchError};

/// Opens the index and builds a command's query. A query the user got
/// wrong is reported here, and `None` tells the command to exit with 2.
pub(crate) fn prepare(index_dir: &Path, req: &Request) -> Result<Option<(Engine, Box<dyn Query>)>> {
    let store = Store::open(index_dir)?;
    let engine = Engine::new(&store)?;
    match engine.build_query(req) {
        Ok(query) => Ok(Some((engine, query))),
        Err(SearchError::Query(err)) => {
            eprintln!("newsidx: {err}");
            Ok(None)
        }
        Err(SearchError::Index(err)) => Err(err),
    }
}
