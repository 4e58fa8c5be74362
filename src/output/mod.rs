//! Renderers: the core's results ([`Hit`](crate::search::Hit)s, facet
//! counts, timelines, stats, batch answers) in each format, one file per
//! format. Text for people ([`text`], [`bars`]), JSON for programs
//! ([`json`]), batch lines for evaluation tools ([`tsv`], [`trec`]), and
//! markup ([`html`] escaping for the web pages, [`svg`] charts).

pub mod bars;
pub mod csv;
pub mod html;
pub mod json;
pub mod svg;
pub mod text;
pub mod trec;
pub mod tsv;

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

/// A hit to render in tests.
#[cfg(test)]
pub(crate) fn sample_hit() -> crate::search::Hit {
    crate::search::Hit {
        rank: 3,
        score: 1.5,
        article: crate::index::document::Stored {
            id: "7".into(),
            path: "/a.json".into(),
            title: "Lavrov".into(),
            body: String::new(),
            people: vec!["Sergey Lavrov".into()],
            topics: vec!["diplomacy".into()],
            source: Some("bbc.com".into()),
            url: None,
            date: Some("2017-02-07T10:00:00Z".parse().unwrap()),
            group: "g1".into(),
        },
        snippet: "Lavrov said\nno".into(),
        highlights: vec![(0, 6)],
        duplicates: 2,
        title_highlights: vec![(0, 6)],
    }
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
