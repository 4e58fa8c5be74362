//! Rendering hits: text for people, JSON lines for programs.

pub mod html;
pub mod svg;

use std::io::{self, Write};

use anstyle::{AnsiColor, Style};

use crate::search::{Hit, Results};

const TITLE: Style = Style::new().bold();
const DIM: Style = Style::new().dimmed();
const MATCH: Style = AnsiColor::Red.on_default().bold();

/// One JSON object per hit per line.
pub fn write_json(out: &mut impl Write, hits: &[Hit]) -> io::Result<()> {
    for hit in hits {
        serde_json::to_writer(&mut *out, hit)?;
        out.write_all(b"\n")?;
    }
    Ok(())
}

/// Hits for reading: rank and title, then date, source, people, topics
/// and path, then the snippet with the query words highlighted.
pub fn write_text(
    out: &mut impl Write,
    results: &Results,
    offset: usize,
    color: bool,
) -> io::Result<()> {
    let paint = |style: Style, text: &str| {
        if color {
            format!("{style}{text}{style:#}")
        } else {
            text.to_owned()
        }
    };
    for hit in &results.hits {
        let title = if hit.title.is_empty() {
            "(untitled)"
        } else {
            &hit.title
        };
        writeln!(
            out,
            "{:>3}. {}  {}",
            hit.rank,
            paint(TITLE, title),
            paint(DIM, &format!("[{:.2}]", hit.score))
        )?;
        let mut meta = Vec::new();
        if let Some(date) = &hit.date {
            meta.push(date.get(..10).unwrap_or(date).to_owned());
        }
        if let Some(source) = &hit.source {
            meta.push(source.clone());
        }
        meta.push(hit.path.clone());
        if hit.duplicates > 0 {
            let s = if hit.duplicates == 1 { "" } else { "s" };
            meta.push(format!(
                "+{} near-duplicate{s} (--all shows them)",
                hit.duplicates
            ));
        }
        writeln!(out, "     {}", paint(DIM, &meta.join(" · ")))?;
        if !hit.people.is_empty() {
            writeln!(out, "     people: {}", hit.people.join(", "))?;
        }
        if !hit.topics.is_empty() {
            writeln!(out, "     topics: {}", hit.topics.join(", "))?;
        }
        if !hit.snippet.is_empty() {
            writeln!(out, "     {}", highlight(hit, color))?;
        }
        writeln!(out)?;
    }
    let shown = results.hits.len();
    if shown == 0 {
        writeln!(out, "no hits")?;
    } else {
        writeln!(
            out,
            "hits {}-{} of {}",
            offset + 1,
            offset + shown,
            results.total
        )?;
    }
    Ok(())
}

/// The snippet with its highlights in colour on a terminal; elsewhere
/// plain, as grep prints (`--json` gives the highlight offsets).
fn highlight(hit: &Hit, color: bool) -> String {
    if !color {
        return hit.snippet.replace('\n', " ");
    }
    let mut out = String::with_capacity(hit.snippet.len() + 16);
    for (text, marked) in segments(&hit.snippet, &hit.highlights) {
        if marked {
            out.push_str(&format!("{MATCH}{text}{MATCH:#}"));
        } else {
            out.push_str(text);
        }
    }
    out.replace('\n', " ")
}

/// A snippet cut at its highlights: each piece with whether it is a query
/// word. Ranges that overlap, run backwards or split a character are
/// skipped, so the pieces always join up to the snippet.
pub fn segments<'a>(snippet: &'a str, highlights: &[(usize, usize)]) -> Vec<(&'a str, bool)> {
    let mut pieces = Vec::with_capacity(highlights.len() * 2 + 1);
    let mut last = 0;
    for &(start, end) in highlights {
        if start < last
            || start >= end
            || end > snippet.len()
            || !snippet.is_char_boundary(start)
            || !snippet.is_char_boundary(end)
        {
            continue;
        }
        if last < start {
            pieces.push((&snippet[last..start], false));
        }
        pieces.push((&snippet[start..end], true));
        last = end;
    }
    if last < snippet.len() {
        pieces.push((&snippet[last..], false));
    }
    pieces
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segments_join_up_to_the_snippet() {
        let s = "Lavrov met Rubio in Bonn";
        let pieces = segments(s, &[(0, 6), (11, 16)]);
        assert_eq!(
            pieces,
            vec![
                ("Lavrov", true),
                (" met ", false),
                ("Rubio", true),
                (" in Bonn", false)
            ]
        );
        // Bad ranges are skipped, never cut a character or repeat text.
        let s = "é Lavrov";
        let pieces = segments(s, &[(1, 2), (3, 9), (3, 100), (0, 0)]);
        assert_eq!(pieces, vec![("é ", false), ("Lavrov", true)]);
        assert_eq!(segments("", &[]), vec![]);
    }
}
