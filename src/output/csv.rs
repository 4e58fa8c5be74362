//! Comma-separated values for spreadsheets (`search --format csv`,
//! `batch --format csv`): a header, then one row per hit, quoted as RFC
//! 4180 asks (the `csv` crate: a field with a comma, a quote or a line
//! break is put in double quotes, its quotes doubled; rows end in CRLF).
//! Control characters from articles are made visible as in TSV
//! ([`one_line`]); people and topics are joined with `; `.

use std::io::{self, Write};

use crate::search::Hit;
use crate::terminal::one_line;

/// The columns of a hit, in order.
pub const COLUMNS: [&str; 10] = [
    "id", "date", "source", "title", "url", "people", "topics", "score", "rank", "path",
];

/// A CSV writer over `out`, as every CSV output here writes.
fn writer<W: Write>(out: W) -> ::csv::Writer<W> {
    ::csv::WriterBuilder::new()
        .terminator(::csv::Terminator::CRLF)
        .from_writer(out)
}

fn error(err: ::csv::Error) -> io::Error {
    match err.into_kind() {
        ::csv::ErrorKind::Io(err) => err,
        other => io::Error::other(format!("{other:?}")),
    }
}

/// The header row; `query_id` first for batch answers.
pub fn write_header(out: &mut impl Write, batch: bool) -> io::Result<()> {
    let mut w = writer(out);
    let first = batch.then_some("query_id");
    w.write_record(first.into_iter().chain(COLUMNS))
        .map_err(error)?;
    w.flush()
}

/// One row per hit; `query_id` leads each row of a batch answer.
pub fn write_hits(out: &mut impl Write, query_id: Option<&str>, hits: &[Hit]) -> io::Result<()> {
    let mut w = writer(out);
    for hit in hits {
        let a = &hit.article;
        let date = a.date.map(crate::dates::format_day).unwrap_or_default();
        let row = [
            one_line(&a.id).into_owned(),
            date,
            one_line(a.source.as_deref().unwrap_or("")).into_owned(),
            one_line(&a.title).into_owned(),
            one_line(a.url.as_deref().unwrap_or("")).into_owned(),
            one_line(&a.people.join("; ")).into_owned(),
            one_line(&a.topics.join("; ")).into_owned(),
            format!("{:.4}", hit.score),
            hit.rank.to_string(),
            one_line(&a.path).into_owned(),
        ];
        let first = query_id.map(|id| one_line(id).into_owned());
        w.write_record(first.into_iter().chain(row))
            .map_err(error)?;
    }
    w.flush()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::sample_hit;

    #[test]
    fn rows_are_quoted_as_rfc_4180_asks() {
        let mut hit = sample_hit();
        hit.article.title = "Lavrov, \"arms\" talks".into();
        hit.article.people = vec!["Sergey Lavrov".into(), "Marco Rubio".into()];
        hit.article.url = Some("https://example.com/a?b=1,2".into());
        let mut out = Vec::new();
        write_header(&mut out, false).unwrap();
        write_hits(&mut out, None, &[hit.clone()]).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "id,date,source,title,url,people,topics,score,rank,path\r\n\
             7,2017-02-07,bbc.com,\"Lavrov, \"\"arms\"\" talks\",\"https://example.com/a?b=1,2\",\
             Sergey Lavrov; Marco Rubio,diplomacy,1.5000,3,/a.json\r\n"
        );
        let mut out = Vec::new();
        write_header(&mut out, true).unwrap();
        hit.article.title = "T\x1b[5m\nx".into();
        write_hits(&mut out, Some("q 1"), &[hit]).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(text.starts_with("query_id,id,"), "{text}");
        assert!(text.contains("\r\nq 1,7,"), "{text}");
        assert!(text.contains(",T\\x1b[5m x,"), "{text}");
    }
}
