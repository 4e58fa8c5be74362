//! One module per subcommand.

pub mod batch;
pub mod eval;
pub mod export;
pub mod extract;
pub mod facets;
pub mod index;
pub mod push;
pub mod search;
pub mod serve;
pub mod show;
pub mod similar;
pub mod stats;
pub mod timeline;

use std::path::Path;
use std::sync::Arc;

use anyhow::Result;

use crate::cli::SearchRemoteArgs;
use crate::exit::Exit;
use crate::index::store::Store;

use crate::remote::backend::Backend;
use crate::remote::search::Remote;
use crate::search::{Engine, SearchError};

/// The cluster to search instead of the local index, when `--remote` (or
/// `NEWSIDX_REMOTE`) names one; checked to answer and to hold the index.
pub(crate) fn remote(args: &SearchRemoteArgs) -> Result<Option<Remote>> {
    let Some(url) = args.remote.as_deref().filter(|u| !u.trim().is_empty()) else {
        return Ok(None);
    };
    let client = push::client_of(url, &args.connection)?;
    let remote = Remote::new(client, &args.remote_index);
    remote.check()?;
    Ok(Some(remote))
}

/// What a command searches: the cluster `--remote` names, else the
/// local index.
pub(crate) fn backend(index_dir: &Path, args: &SearchRemoteArgs) -> Result<Backend> {
    Ok(match remote(args)? {
        Some(remote) => Backend::Remote(Arc::new(remote)),
        None => Backend::Local(Arc::new(Engine::new(&Store::open(index_dir)?)?)),
    })
}

/// Reports what the user got wrong in command-line terms (a filter by its
/// flag, `--plain` for a query syntax error only) and exits with 2; an
/// index that cannot be read is an error of its own.
pub(crate) fn user_error(err: SearchError) -> Result<Exit> {
    match err {
        SearchError::Query(err) if err.syntax => {
            eprintln!("newsidx: {err}\n  (use --plain to search for the words as they are)")
        }
        SearchError::Query(err) => eprintln!("newsidx: {err}"),
        SearchError::Filter(err) => eprintln!(
            "newsidx: --{}: {}",
            err.filter.name(),
            crate::terminal::visible(&err.message)
        ),
        SearchError::TooDeep => eprintln!(
            "newsidx: --limit (-n) plus --offset may be at most {}: page through fewer results",
            crate::search::MAX_RESULT_WINDOW
        ),
        SearchError::Index(err) => return Err(err),
    }
    Ok(Exit::Error)
}
