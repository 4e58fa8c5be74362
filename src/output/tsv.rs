//! Tab-separated batch answers, one line per hit:
//! `query_id<TAB>rank<TAB>article_id<TAB>score<TAB>title`. Tabs and line
//! breaks in a field become spaces, other control characters escapes.

use std::io::{self, Write};

use crate::search::batch::Answered;
use crate::terminal::one_line;

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
