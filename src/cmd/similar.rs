//! `newsidx similar ID`: the articles most like one article, with the
//! filters and outputs of `search`.

use std::path::Path;

use anyhow::Result;

use crate::cli::SimilarArgs;
use crate::exit::Exit;
use crate::search::Request;

pub fn run(index_dir: &Path, args: &SimilarArgs) -> Result<Exit> {
    let backend = super::backend(index_dir, &args.remote)?;
    let Some(shown) = super::show::find(&backend, &args.id, args.path.as_deref())? else {
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
    let results = match backend.similar(&shown.article, &req) {
        Ok(results) => results,
        Err(err) => return super::user_error(err),
    };
    super::search::write_results(&results, args.output(), args.offset, args.limit)
}
