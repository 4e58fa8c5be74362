//! `newsidx similar ID`: the articles most like one article, with the
//! filters and outputs of `search`.

use std::path::Path;

use anyhow::Result;

use super::show::Archive;
use crate::cli::SimilarArgs;
use crate::exit::Exit;
use crate::search::Request;

pub fn run(index_dir: &Path, args: &SimilarArgs) -> Result<Exit> {
    let archive = Archive::open(index_dir, &args.remote)?;
    let Some(shown) = super::show::find(&archive, &args.id, args.path.as_deref())? else {
        return Ok(Exit::Error);
    };
    // The query is made from the article (`Engine::similar`): the
    // request gives the page, order, filters and folding.
    let req = Request {
        limit: args.limit,
        offset: args.offset,
        sort: args.sort,
        filters: (&args.filters).into(),
        snippets: true,
        all: args.all,
        ..Request::default()
    };
    let results = match &archive {
        Archive::Local(engine) => engine.similar(&shown.article, &req),
        Archive::Remote(remote) => remote.similar(&shown.article, &req),
    };
    let results = match results {
        Ok(results) => results,
        Err(err) => return super::user_error(err),
    };
    super::search::write_results(&results, args.output(), args.offset, args.limit)
}
