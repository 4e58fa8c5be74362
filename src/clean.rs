//! Cleaning: HTML tags and entities out, whitespace normalised, repeated
//! paragraphs kept once, and the page furniture that scrapers pick up at
//! the end of an article ("Comments", "Popular posts", related headlines)
//! cut off. Text defects that some sources carry from upstream (a hyphen
//! for a space, `"?` for a lost quote) are repaired by [`repair`].

mod repair;

use std::collections::HashSet;

pub use repair::repair_article;

/// Paragraphs that start the furniture at the end of a scraped page.
/// Everything from such a paragraph on is cut, when it comes after most of
/// the article's text.
const TAIL_MARKERS: &[&str] = &[
    "comments",
    "comment",
    "post a comment",
    "leave a comment",
    "leave a reply",
    "popular posts",
    "popular posts from this blog",
    "related posts",
    "related articles",
    "related stories",
    "related coverage",
    "related",
    "you may also like",
    "you might also like",
    "recommended",
    "recommended for you",
    "read next",
    "more stories",
    "more from this author",
    "most popular",
    "most read",
    "trending now",
    "share this",
    "share this article",
    "share this story",
    "newer post older post home",
    "sign up for our newsletter",
    "subscribe to our newsletter",
];

/// Lines that are page furniture wherever they stand.
const DROP_LINES: &[&str] = &[
    "advertisement",
    "story continues below advertisement",
    "continue reading below",
    "skip advertisement",
];

/// Paragraphs shorter than this (in bytes) may repeat legitimately
/// (table rows, bylines), so only longer ones are deduplicated.
const MIN_DEDUP_LEN: usize = 40;

/// Cleans an article body: returns paragraphs separated by blank lines.
pub fn clean_body(raw: &str) -> String {
    let text = if looks_like_html(raw) {
        strip_html(raw)
    } else {
        raw.to_owned()
    };
    let text = unescape_if_needed(&text);
    let mut seen = HashSet::new();
    let paragraphs: Vec<String> = split_paragraphs(&text)
        .into_iter()
        .filter(|p| !DROP_LINES.contains(&marker_form(p).as_str()))
        .filter(|p| p.len() < MIN_DEDUP_LEN || seen.insert(p.clone()))
        .collect();
    let keep = furniture_start(&paragraphs).unwrap_or(paragraphs.len());
    paragraphs[..keep].join("\n\n")
}

/// Cleans a single-line field such as a title.
pub fn clean_line(raw: &str) -> String {
    let text = if looks_like_html(raw) {
        strip_html(raw)
    } else {
        raw.to_owned()
    };
    collapse_whitespace(&unescape_if_needed(&text))
}

/// Collapses runs of whitespace to one space and drops control characters.
pub fn collapse_whitespace(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for word in s.split(|c: char| c.is_whitespace() || c.is_control()) {
        if word.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

fn unescape_if_needed(s: &str) -> String {
    if s.contains('&') {
        htmlize::unescape(s).into_owned()
    } else {
        s.to_owned()
    }
}

/// Splits text into paragraphs: a blank line ends one, and so does an
/// indented line (wire copy such as Reuters marks paragraphs by indenting).
/// Other line breaks are hard wraps, and become spaces, unless the next
/// line starts with a capital or a digit and its first word would have
/// fitted on the line before (then the line ended for a reason of its own:
/// a table row, a heading, one sentence a line), or the line is longer
/// than anyone wraps text. Those stay line breaks, where the people tagger
/// starts a sentence.
fn split_paragraphs(text: &str) -> Vec<String> {
    let width = text
        .split('\n')
        .map(|l| l.trim_end().chars().count())
        .max()
        .unwrap_or(0);
    let mut paragraphs = Vec::new();
    let mut current = String::new();
    let mut flush = |current: &mut String| {
        let p = collapse_keeping_lines(current);
        if !p.is_empty() {
            paragraphs.push(p);
        }
        current.clear();
    };
    let mut last_len = 0;
    let mut lines = 0;
    for line in text.split('\n') {
        if line.trim().is_empty() {
            flush(&mut current);
            continue;
        }
        if line.starts_with([' ', '\t']) && !current.trim().is_empty() {
            flush(&mut current);
        }
        let len = line.trim_end().chars().count();
        let first_word = line.split_whitespace().next().unwrap_or("");
        let wrapped = first_word.starts_with(char::is_lowercase)
            || last_len + 1 + first_word.chars().count() > width && last_len <= MAX_WRAP_WIDTH
            // The first line of wire copy is short when its dateline was
            // taken off ("WASHINGTON, April 1 - "): it is wrapped if a
            // wrapped line follows and it ends in no stop.
            || lines == 1 && !current.trim_end().ends_with(STOPS) && len * 5 >= width * 4;
        lines += 1;
        current.push(if wrapped || current.is_empty() {
            ' '
        } else {
            '\n'
        });
        current.push_str(line);
        last_len = len;
    }
    flush(&mut current);
    paragraphs
}

/// What ends a sentence or a heading at the end of a line.
const STOPS: &[char] = &['.', '!', '?', ':', '"', '\'', '”', '’', ')'];

/// Lines longer than this (in characters) are not hard-wrapped text.
const MAX_WRAP_WIDTH: usize = 100;

/// Collapses runs of whitespace to one space, or to one line break where
/// the run holds one, and drops control characters.
fn collapse_keeping_lines(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut newline = false;
    for (k, line) in s.split('\n').enumerate() {
        newline |= k > 0;
        for word in line.split(|c: char| c.is_whitespace() || c.is_control()) {
            if word.is_empty() {
                continue;
            }
            if !out.is_empty() {
                out.push(if newline { '\n' } else { ' ' });
            }
            newline = false;
            out.push_str(word);
        }
    }
    out
}

fn marker_form(p: &str) -> String {
    p.trim_end_matches([':', '.', '!', ' '])
        .trim_start_matches(['#', ' '])
        .to_lowercase()
}

/// Where the furniture tail starts: the first marker paragraph that comes
/// after the larger part of the text.
fn furniture_start(paragraphs: &[String]) -> Option<usize> {
    let total: usize = paragraphs.iter().map(String::len).sum();
    let mut before = 0;
    for (i, p) in paragraphs.iter().enumerate() {
        if i > 0
            && p.len() <= 40
            && before * 2 > total
            && TAIL_MARKERS.contains(&marker_form(p).as_str())
        {
            return Some(i);
        }
        before += p.len();
    }
    None
}

/// True when the text holds something that looks like an HTML tag.
fn looks_like_html(s: &str) -> bool {
    let bytes = s.as_bytes();
    bytes
        .windows(2)
        .any(|w| w[0] == b'<' && (w[1].is_ascii_alphabetic() || w[1] == b'/' || w[1] == b'!'))
        && s.contains('>')
}

/// Elements whose content is no text: dropped whole, when they are markup.
const SKIP: &[&str] = &["script", "style", "noscript", "template", "svg"];

/// Removes tags; block-level tags become paragraph breaks, and the content
/// of script, style and similar elements is dropped.
///
/// An element is only dropped when its closing tag follows: "The <script>
/// tag explained" is text about HTML, not HTML, and keeps its words (and
/// the tag, as written). Likewise an unclosed comment opener stays text.
/// Time is linear in the text: each search for a closing tag either
/// consumes what it passes over, or fails once and is remembered.
fn strip_html(s: &str) -> String {
    const BLOCK: &[&str] = &[
        "p",
        "br",
        "div",
        "li",
        "ul",
        "ol",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "tr",
        "table",
        "blockquote",
        "section",
        "article",
        "header",
        "footer",
        "hr",
        "pre",
        "figure",
        "figcaption",
    ];
    let mut out = String::with_capacity(s.len());
    // The offset from which no closing tag of each SKIP element (or no
    // comment end, last) follows, once a search has found none.
    let mut none_after = [usize::MAX; SKIP.len() + 1];
    let offset = |rest: &str| s.len() - rest.len();
    let mut rest = s;
    while let Some(lt) = rest.find('<') {
        out.push_str(&rest[..lt]);
        let after = &rest[lt + 1..];
        if !after.starts_with(|c: char| c.is_ascii_alphabetic() || c == '/' || c == '!') {
            out.push('<');
            rest = after;
            continue;
        }
        if let Some(comment) = after.strip_prefix("!--") {
            let end = if offset(comment) >= none_after[SKIP.len()] {
                None
            } else {
                comment.find("-->")
            };
            match end {
                Some(end) => rest = &comment[end + 3..],
                None => {
                    none_after[SKIP.len()] = offset(comment);
                    out.push_str("<!--");
                    rest = comment;
                }
            }
            continue;
        }
        let Some(gt) = after.find('>') else {
            // An unclosed tag at the end: drop it.
            rest = "";
            break;
        };
        let tag = &after[..gt];
        let name = tag
            .trim_start_matches('/')
            .split(|c: char| !c.is_ascii_alphanumeric())
            .next()
            .unwrap_or("");
        let content = &after[gt + 1..];
        let skip = SKIP.iter().position(|n| name.eq_ignore_ascii_case(n));
        if let Some(i) = skip.filter(|_| !tag.starts_with('/') && !tag.ends_with('/')) {
            let end = if offset(content) >= none_after[i] {
                None
            } else {
                closing_tag_end(content, SKIP[i])
            };
            match end {
                Some(end) => rest = &content[end..],
                None => {
                    // No closing tag: not markup, but text about it.
                    none_after[i] = offset(content);
                    out.push_str(&rest[lt..lt + gt + 2]);
                    rest = content;
                }
            }
            continue;
        }
        rest = content;
        if BLOCK.iter().any(|b| name.eq_ignore_ascii_case(b)) {
            out.push_str("\n\n");
        } else {
            out.push(' ');
        }
    }
    out.push_str(rest);
    out
}

/// Where the first `</name>` (any case, attributes allowed) in `text` ends.
fn closing_tag_end(text: &str, name: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut pos = 0;
    while let Some(i) = text[pos..].find("</") {
        let at = pos + i + 2;
        let after = at + name.len();
        if bytes.len() >= after
            && bytes[at..after].eq_ignore_ascii_case(name.as_bytes())
            && bytes
                .get(after)
                .is_some_and(|&b| b == b'>' || b == b'/' || b.is_ascii_whitespace())
        {
            return text[after..].find('>').map(|gt| after + gt + 1);
        }
        pos = at;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repeated_paragraphs_are_kept_once() {
        let p1 = "The first paragraph is long enough to count as one.";
        let p2 = "The second paragraph is also long enough to count.";
        let raw = format!("{p1}\n\n{p2}\n\n{p1}\n\n{p2}\n");
        assert_eq!(clean_body(&raw), format!("{p1}\n\n{p2}"));
    }

    #[test]
    fn furniture_tail_is_cut() {
        let body = "A long paragraph of real news text that matters. ".repeat(8);
        let raw = format!(
            "{body}\n\nComments\n\nPopular posts from this blog\n\n\
             Some Other Headline Entirely\n"
        );
        assert_eq!(clean_body(&raw), body.trim());
    }

    #[test]
    fn early_marker_is_not_furniture() {
        let raw = "Related\n\nThe article goes on at length after this. \
                   And on and on, with more and more words in it.";
        assert!(clean_body(raw).starts_with("Related"));
    }

    #[test]
    fn html_is_stripped_and_entities_decoded() {
        let raw = "<html><head><style>p{color:red}</style></head><body>\
                   <p>Caf&eacute; &amp; bar &lt;3</p><script>alert(1)</script>\
                   <p>Second <b>bold</b> para</p></body></html>";
        assert_eq!(clean_body(raw), "Caf\u{e9} & bar <3\n\nSecond bold para");
    }

    #[test]
    fn lines_that_end_early_stay_lines() {
        // One sentence a line (as CoNLL-2003 is given to the scorer), and
        // table rows: each next word would have fitted on the line before.
        let raw = "Peter Blackburn\nBRUSSELS 1996-08-22\n\
                   The European Commission said on Thursday it disagreed .\n";
        assert_eq!(
            clean_body(raw),
            "Peter Blackburn\nBRUSSELS 1996-08-22\n\
             The European Commission said on Thursday it disagreed ."
        );
        let raw = "Qtr to March 31 of the company, which was the second it reported\n\
                   in the year\n    Shr 48 cts vs 31 cts\nNet 1,872,075 vs 887,478\n\
                   Revs 51.6 mln vs 40.1 mln\n";
        assert_eq!(
            clean_body(raw),
            "Qtr to March 31 of the company, which was the second it reported in the year\n\n\
             Shr 48 cts vs 31 cts\nNet 1,872,075 vs 887,478\nRevs 51.6 mln vs 40.1 mln"
        );
    }

    #[test]
    fn a_short_first_line_of_wire_copy_is_wrapped() {
        // Reuters-21578: the dateline ("WASHINGTON, April 1 - ") was taken
        // off the first line, which a name now ends.
        let raw = "U.S. Trade Representative Clayton\n\
                   Yeutter said President Reagan should have the authority and\n\
                   responsibility for deciding if and when to award relief.\n";
        assert_eq!(
            clean_body(raw),
            "U.S. Trade Representative Clayton Yeutter said President Reagan should \
             have the authority and responsibility for deciding if and when to award relief."
        );
    }

    #[test]
    fn wire_copy_indents_paragraphs_and_wraps_lines() {
        let raw = "Showers continued throughout\nthe week.\n    The dry period\nmeans late.";
        assert_eq!(
            clean_body(raw),
            "Showers continued throughout the week.\n\nThe dry period means late."
        );
    }

    // See issue 13, point 9.
    #[test]
    fn an_unclosed_script_tag_is_text() {
        assert_eq!(
            clean_line("The <script> tag explained for beginners"),
            "The <script> tag explained for beginners"
        );
        for name in ["svg", "STYLE", "template", "noscript"] {
            let line = format!("Why <{name} class=x> matters, and more");
            assert_eq!(clean_line(&line), line);
        }
        assert_eq!(clean_line("A <!-- comment opener"), "A <!-- comment opener");
        // Real elements still go, whatever their case and attributes.
        assert_eq!(
            clean_line("A <SCRIPT type=x>var a = '<p>';</Script > b <svg/> c <style>x</style>"),
            "A b c"
        );
        assert_eq!(
            clean_body("<p>One <script>a</script> two</p><p>Three <script> four</p>"),
            "One two\n\nThree <script> four"
        );
    }

    #[test]
    fn a_lone_less_than_is_text() {
        assert_eq!(clean_line("a < b and c > d"), "a < b and c > d");
    }
}
