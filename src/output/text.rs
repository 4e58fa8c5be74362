//! Text for people at a terminal: hits with their snippets (highlighted
//! in colour on a terminal), people and topic counts, and index stats.
//! Everything taken from articles and file names goes through
//! [`terminal`](crate::terminal): an escape sequence in a title is shown,
//! not obeyed.

use std::io::{self, Write};

use anstyle::{AnsiColor, Style};

use super::segments;
use crate::search::facets::Count;
use crate::search::stats::Stats;
use crate::search::{Hit, Results, Shown};
use crate::terminal::{one_line, visible};

const TITLE: Style = Style::new().bold();
const DIM: Style = Style::new().dimmed();
const MATCH: Style = AnsiColor::Red.on_default().bold();

/// Hits for reading: rank and title, then date, source, people, topics
/// and path, then the snippet with the query words highlighted.
pub fn write_hits(
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
        let a = &hit.article;
        let title = if a.title.is_empty() {
            paint(TITLE, "(untitled)")
        } else {
            marked_title(&a.title, &hit.title_highlights, color)
        };
        writeln!(
            out,
            "{:>3}. {}  {}",
            hit.rank,
            title,
            paint(DIM, &format!("[{:.2}]", hit.score))
        )?;
        let mut meta = Vec::new();
        if let Some(date) = a.date {
            meta.push(crate::dates::format_day(date));
        }
        if let Some(source) = &a.source {
            meta.push(one_line(source).into_owned());
        }
        // `newsidx show ID` prints the article; ids are unique within a
        // file, and the path tells the files apart.
        meta.push(format!("id {}", one_line(&a.id)));
        if a.id != a.path {
            meta.push(one_line(&a.path).into_owned());
        }
        if hit.duplicates > 0 {
            let s = if hit.duplicates == 1 { "" } else { "s" };
            meta.push(format!(
                "+{} near-duplicate{s} (--all shows them)",
                hit.duplicates
            ));
        }
        writeln!(out, "     {}", paint(DIM, &meta.join(" · ")))?;
        if let Some(url) = &a.url {
            writeln!(out, "     {}", paint(DIM, &one_line(url)))?;
        }
        if !a.people.is_empty() {
            writeln!(out, "     people: {}", one_line(&a.people.join(", ")))?;
        }
        if !a.topics.is_empty() {
            writeln!(out, "     topics: {}", one_line(&a.topics.join(", ")))?;
        }
        if !hit.snippet.is_empty() {
            writeln!(out, "     {}", highlight(hit, color))?;
        }
        writeln!(out)?;
    }
    if results.partial {
        writeln!(
            out,
            "no article holds all the words: these hold some of them (--any always matches any word)"
        )?;
    }
    if let Some(better) = results.suggestions.first() {
        writeln!(out, "did you mean: {}", one_line(better))?;
    }
    let shown = results.hits.len();
    let total = results.total;
    if total == 0 {
        writeln!(out, "no hits")?;
    } else if shown == 0 && offset >= total {
        let s = if total == 1 { "" } else { "s" };
        writeln!(out, "no hits at --offset {offset}: {total} hit{s} in all")?;
    } else if shown == 0 {
        // `-n 0`: the count alone.
        let s = if total == 1 { "" } else { "s" };
        writeln!(out, "{total} hit{s}")?;
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

/// A title on one line, bold on a terminal, with the query words in it
/// in colour.
fn marked_title(title: &str, highlights: &[(usize, usize)], color: bool) -> String {
    if !color {
        return one_line(title).into_owned();
    }
    let mut out = String::with_capacity(title.len() + 16);
    for (text, marked) in segments(title, highlights) {
        let text = one_line(text);
        let style = if marked { MATCH } else { TITLE };
        out.push_str(&format!("{style}{text}{style:#}"));
    }
    out
}

/// The snippet on one line, with its highlights in colour on a terminal;
/// elsewhere plain, as grep prints (`--json` gives the highlight offsets).
fn highlight(hit: &Hit, color: bool) -> String {
    if !color {
        return one_line(&hit.snippet).into_owned();
    }
    let mut out = String::with_capacity(hit.snippet.len() + 16);
    for (text, marked) in segments(&hit.snippet, &hit.highlights) {
        let text = one_line(text);
        if marked {
            out.push_str(&format!("{MATCH}{text}{MATCH:#}"));
        } else {
            out.push_str(&text);
        }
    }
    out
}

/// An article in full, for `newsidx show`: title, facts one a line, its
/// near-duplicates, then the cleaned text.
pub fn write_article(out: &mut impl Write, shown: &Shown, color: bool) -> io::Result<()> {
    let a = &shown.article;
    let paint = |style: Style, text: &str| {
        if color {
            format!("{style}{text}{style:#}")
        } else {
            text.to_owned()
        }
    };
    let title = if a.title.trim().is_empty() {
        "(untitled)".into()
    } else {
        one_line(&a.title)
    };
    writeln!(out, "{}", paint(TITLE, &title))?;
    let mut fact = |name: &str, value: &str| -> io::Result<()> {
        if value.is_empty() {
            return Ok(());
        }
        writeln!(
            out,
            "{}",
            paint(DIM, &format!("{name:<8}{}", one_line(value)))
        )
    };
    fact("id:", &a.id)?;
    fact(
        "date:",
        &a.date.map(crate::dates::format_day).unwrap_or_default(),
    )?;
    fact("source:", a.source.as_deref().unwrap_or(""))?;
    fact("url:", a.url.as_deref().unwrap_or(""))?;
    fact("file:", &a.path)?;
    if let Some((_, record)) = shown.key.rsplit_once('#') {
        fact("record:", record)?;
    }
    fact("people:", &a.people.join(", "))?;
    fact("topics:", &a.topics.join(", "))?;
    if !shown.duplicates.is_empty() {
        let n = shown.duplicates.len();
        let s = if n == 1 { "" } else { "s" };
        writeln!(out, "{}", paint(DIM, &format!("{n} near-duplicate{s}:")))?;
        for d in &shown.duplicates {
            let mut line = vec![format!("id {}", one_line(&d.id))];
            if let Some(date) = d.date {
                line.push(crate::dates::format_day(date));
            }
            if let Some(source) = &d.source {
                line.push(one_line(source).into_owned());
            }
            line.push(one_line(&d.path).into_owned());
            writeln!(out, "  {}", paint(DIM, &line.join(" · ")))?;
        }
    }
    writeln!(out)?;
    // The text as cleaned, its paragraphs kept; control characters shown.
    for line in a.body.lines() {
        writeln!(out, "{}", visible(line))?;
    }
    Ok(())
}

/// People or topics, most frequent first: the count, right-aligned, and
/// the name.
pub fn write_counts(out: &mut impl Write, counts: &[Count]) -> io::Result<()> {
    let width = counts
        .iter()
        .map(|c| c.count.to_string().len())
        .max()
        .unwrap_or(1);
    for c in counts {
        writeln!(out, "{:>width$}  {}", c.count, one_line(&c.name))?;
    }
    Ok(())
}

/// What the index in `index_dir` holds, one figure a line.
/// `newsidx stats`; `index` names the index (its folder, or a cluster's
/// address and index).
pub fn write_stats(out: &mut impl Write, index: &str, s: &Stats) -> io::Result<()> {
    writeln!(out, "index:        {}", visible(index))?;
    writeln!(out, "articles:     {}", s.articles)?;
    writeln!(out, "files:        {}", s.files)?;
    writeln!(out, "size on disk: {:.1} MB", s.bytes_on_disk as f64 / 1e6)?;
    writeln!(out, "segments:     {}", s.segments)?;
    if let (Some(first), Some(last)) = (&s.first_date, &s.last_date) {
        writeln!(out, "dates:        {first} to {last}")?;
    }
    if let Some(updated) = &s.updated {
        writeln!(out, "updated:      {updated}")?;
    }
    if !s.sources.is_empty() {
        writeln!(out, "top sources:")?;
        for c in &s.sources {
            writeln!(out, "  {:>8}  {}", c.count, one_line(&c.name))?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::sample_hit;

    #[test]
    fn hits_read_as_lines_without_colour() {
        let results = Results {
            total: 12,
            hits: vec![sample_hit()],
            ..Results::default()
        };
        let mut out = Vec::new();
        write_hits(&mut out, &results, 2, false).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "  3. Lavrov  [1.50]\n     2017-02-07 · bbc.com · id 7 · /a.json · +2 near-duplicates \
             (--all shows them)\n     people: Sergey Lavrov\n     topics: diplomacy\n     \
             Lavrov said no\n\nhits 3-3 of 12\n"
        );
        let empty = |total, offset| {
            let mut out = Vec::new();
            let results = Results {
                total,
                ..Results::default()
            };
            write_hits(&mut out, &results, offset, false).unwrap();
            String::from_utf8(out).unwrap()
        };
        assert_eq!(empty(12, 0), "12 hits\n");
        assert_eq!(empty(1, 0), "1 hit\n");
        assert_eq!(empty(12, 300), "no hits at --offset 300: 12 hits in all\n");
        let mut hit = sample_hit();
        hit.article.url = Some("https://example.com/a".into());
        let results = Results {
            total: 1,
            hits: vec![hit],
            ..Results::default()
        };
        let mut out = Vec::new();
        write_hits(&mut out, &results, 0, true).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(text.contains("https://example.com/a"), "{text}");
        assert!(text.contains(&format!("{MATCH}Lavrov{MATCH:#}")), "{text}");
        let mut out = Vec::new();
        let none = Results {
            total: 0,
            hits: Vec::new(),
            ..Results::default()
        };
        write_hits(&mut out, &none, 0, false).unwrap();
        assert_eq!(out, b"no hits\n");
        let mut out = Vec::new();
        let partial = Results {
            total: 1,
            hits: vec![sample_hit()],
            partial: true,
            suggestions: vec!["Merkel refugees".into()],
        };
        write_hits(&mut out, &partial, 0, false).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(
            text.ends_with(
                "no article holds all the words: these hold some of them (--any always matches \
                 any word)\ndid you mean: Merkel refugees\nhits 1-1 of 1\n"
            ),
            "{text}"
        );
    }

    #[test]
    fn escapes_in_articles_are_shown_not_obeyed() {
        let mut hit = sample_hit();
        hit.article.title = "T\x1b]0;PWNED\x07".into();
        hit.title_highlights.clear();
        hit.article.source = Some("src\x1b[5mblink".into());
        hit.article.path = "/a\x1b[5m.json".into();
        hit.article.people = vec!["P\x1b[5m".into()];
        hit.snippet = "Lavrov \x1b[2J\tsaid".into();
        let results = Results {
            total: 1,
            hits: vec![hit],
            ..Results::default()
        };
        for color in [false, true] {
            let mut out = Vec::new();
            write_hits(&mut out, &results, 0, color).unwrap();
            let text = String::from_utf8(out).unwrap();
            assert!(
                !text.contains("\x1b[5m") && !text.contains("\x1b]0"),
                "{text}"
            );
            assert!(
                !text.contains("\x1b[2J") && !text.contains('\x07'),
                "{text}"
            );
            for shown in [
                "T\\x1b]0;PWNED\\x07",
                "src\\x1b[5mblink",
                "/a\\x1b[5m.json",
                "people: P\\x1b[5m",
                " \\x1b[2J said",
            ] {
                assert!(text.contains(shown), "{shown}: {text}");
            }
        }
        let mut out = Vec::new();
        let counts = [Count {
            name: "N\x1b[5m".into(),
            count: 1,
        }];
        write_counts(&mut out, &counts).unwrap();
        assert_eq!(out, b"1  N\\x1b[5m\n");
    }

    #[test]
    fn counts_line_up() {
        let counts = [
            Count {
                name: "Sergey Lavrov".into(),
                count: 120,
            },
            Count {
                name: "Marco Rubio".into(),
                count: 7,
            },
        ];
        let mut out = Vec::new();
        write_counts(&mut out, &counts).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "120  Sergey Lavrov\n  7  Marco Rubio\n"
        );
    }
}
