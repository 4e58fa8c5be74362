//! Tab-separated batch answers, one line per hit:
//! `query_id<TAB>rank<TAB>article_id<TAB>score<TAB>title`.

use std::io::{self, Write};

use super::one_line;
use crate::search::batch::Answered;

/// The hits of one answered query.
pub fn write_answer(out: &mut impl Write, id: &str, found: &Answered) -> io::Result<()> {
    let qid = one_line(id).replace(' ', "_");
    for hit in &found.results.hits {
        writeln!(
            out,
            "{qid}\t{}\t{}\t{}\t{}",
            hit.rank,
            one_line(&hit.article.id),
            hit.score,
            one_line(&hit.article.title)
        )?;
    }
    Ok(())
}
