//! Batch answers in the TREC run format, one line per hit:
//! `qid Q0 docid rank score newsidx`, as trec_eval and ir-measures read.
//! Spaces in an id become `_`, control characters escapes.

use std::io::{self, Write};

use crate::search::batch::Answered;
use crate::terminal::one_line;

/// The hits of one answered query.
pub fn write_answer(out: &mut impl Write, id: &str, found: &Answered) -> io::Result<()> {
    let qid = one_line(id).replace(' ', "_");
    for hit in &found.results.hits {
        let docid = one_line(&hit.article.id).replace(' ', "_");
        writeln!(out, "{qid} Q0 {docid} {} {} newsidx", hit.rank, hit.score)?;
    }
    Ok(())
}
