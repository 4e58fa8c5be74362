//! Reuters-21578 SGML: many `<REUTERS>` records per file, with TITLE,
//! BODY, DATE and lists of TOPICS, PEOPLE, PLACES and ORGS in `<D>` tags.

use std::path::Path;

use super::{MAX_LIST, MAX_RECORD, Out, date_or_warn, record_key};
use crate::article::{Article, Problem};

/// Where a streamed SGML file is: the line at the start of the text not
/// yet consumed, and the records seen.
#[derive(Debug, Clone, Copy)]
pub struct Position {
    pub line: usize,
    pub record: usize,
}

impl Default for Position {
    fn default() -> Self {
        Position { line: 1, record: 0 }
    }
}

const CLOSE: &str = "</REUTERS>";

/// A whole file held in memory.
pub fn parse(text: &str, path: &Path, out: &mut Out) {
    let mut at = Position::default();
    let mut resume = 0;
    let used = parse_records(text, path, &mut at, &mut resume, out);
    finish(&text[used..], path, &at, out);
}

/// An SGML file read a line at a time, holding at most one record.
///
/// Each byte is looked at a bounded number of times however long the
/// record grows: the search for `</REUTERS>` resumes where the last one
/// stopped, so a record of many short lines costs time linear in its size.
#[derive(Debug, Default)]
pub struct Stream {
    /// Text not consumed yet: the start of an unfinished record.
    pending: String,
    at: Position,
    /// Where in `pending` the search for the end of the record goes on.
    resume: usize,
}

impl Stream {
    /// Adds a line (without its line end) and parses the records it ends.
    pub fn push_line(&mut self, line: &str, path: &Path, out: &mut Out) {
        self.pending.push_str(line);
        self.pending.push('\n');
        let used = parse_records(&self.pending, path, &mut self.at, &mut self.resume, out);
        self.pending.drain(..used);
        self.resume = self.resume.saturating_sub(used);
        if self.pending.len() > MAX_RECORD {
            out.problems.push(Problem::skipped(
                path,
                Some(self.at.line),
                "too large",
                format!("record longer than {} MiB", MAX_RECORD >> 20),
            ));
            self.skip_pending();
        }
    }

    /// Drops the pending text, counting its lines.
    pub fn skip_pending(&mut self) {
        self.at.line += newlines(&self.pending);
        self.pending.clear();
        self.resume = 0;
    }

    /// A line too long to keep: it counts, and what is pending is lost.
    pub fn skip_line(&mut self) {
        self.pending.push('\n');
        self.skip_pending();
    }

    /// The end of the file: reports a record cut short.
    pub fn finish(self, path: &Path, out: &mut Out) {
        finish(&self.pending, path, &self.at, out);
    }
}

/// Parses the complete records in `text`, returning how many bytes were
/// used; the rest (an unfinished record) waits for more text. The search
/// for the end of that record starts again at `resume`, which is left
/// where the next search may start.
fn parse_records(
    text: &str,
    path: &Path,
    at: &mut Position,
    resume: &mut usize,
    out: &mut Out,
) -> usize {
    let mut used = 0;
    loop {
        let Some(start) = find_open(text, used, "REUTERS") else {
            // Nothing pending: the text between records can go.
            at.line += newlines(&text[used..]);
            *resume = 0;
            return text.len();
        };
        at.line += newlines(&text[used..start]);
        let from = (*resume).max(start);
        let Some(end) = text[from..].find(CLOSE).map(|e| from + e) else {
            // The end tag, when it comes, starts after what was searched
            // (less its own length, in case it is cut in two).
            *resume =
                floor_char_boundary(text, text.len().saturating_sub(CLOSE.len() - 1)).max(start);
            return start;
        };
        at.record += 1;
        parse_record(&text[start..end], path, at.record, at.line, out);
        at.line += newlines(&text[start..end]);
        used = end;
        *resume = end;
    }
}

fn newlines(s: &str) -> usize {
    s.bytes().filter(|&b| b == b'\n').count()
}

/// The largest char boundary at or before `i`.
fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// The end of the file: what is left is a record cut short.
pub fn finish(rest: &str, path: &Path, at: &Position, out: &mut Out) {
    if let Some(start) = find_open(rest, 0, "REUTERS") {
        let line = at.line + rest[..start].matches('\n').count();
        out.problems.push(Problem::skipped(
            path,
            Some(line),
            "truncated record",
            format!(
                "record {} has no closing </REUTERS> (file cut short?)",
                at.record + 1
            ),
        ));
    }
}

fn parse_record(rec: &str, path: &Path, record: usize, line: usize, out: &mut Out) {
    let head_end = rec.find('>').unwrap_or(rec.len());
    let id = attribute(&rec[..head_end], "NEWID");
    let title = element(rec, "TITLE").map(unescape).unwrap_or_default();
    let body = match element(rec, "BODY") {
        Some(body) => strip_signoff(&unescape(body)),
        // Records of TYPE="UNPROC" hold their text directly in TEXT.
        None if element(rec, "TITLE").is_none() => element(rec, "TEXT")
            .map(|t| strip_signoff(&unescape(&strip_tags(t))))
            .unwrap_or_default(),
        None => String::new(),
    };
    if title.trim().is_empty() && body.trim().is_empty() {
        out.problems.push(Problem::skipped(
            path,
            Some(line),
            "no title or body",
            format!("record {record} has neither a TITLE nor a BODY"),
        ));
        return;
    }
    let key = record_key(path, Some(record));
    let date = date_or_warn(element(rec, "DATE"), path, Some(line), &mut out.problems);
    let mut list_of = |name: &str| {
        let (items, cut) = list(rec, name);
        if cut {
            out.problems.push(Problem::warning(
                path,
                Some(line),
                "long list",
                format!(
                    "record {record}: more than {MAX_LIST} {}; the first {MAX_LIST} were kept",
                    name.to_lowercase()
                ),
            ));
        }
        items
    };
    let people = list_of("PEOPLE").iter().map(|p| person_name(p)).collect();
    let topics = list_of("TOPICS");
    out.article(Article {
        id: id.unwrap_or_else(|| key.clone()),
        key,
        path: path.to_owned(),
        line: Some(line),
        title,
        body,
        date,
        source: Some("Reuters".to_owned()),
        people,
        topics,
        ..Article::default()
    });
}

/// Finds `<NAME` followed by `>` or whitespace, from `pos`.
fn find_open(text: &str, mut pos: usize, name: &str) -> Option<usize> {
    let open = format!("<{name}");
    loop {
        let at = pos + text[pos..].find(&open)?;
        let next = text[at + open.len()..].chars().next();
        if matches!(next, Some('>') | Some(' ') | Some('\t') | Some('\n')) {
            return Some(at);
        }
        pos = at + open.len();
    }
}

/// The raw content of the first `<NAME ...>...</NAME>` element.
fn element<'a>(rec: &'a str, name: &str) -> Option<&'a str> {
    let start = find_open(rec, 0, name)?;
    let content = start + rec[start..].find('>')? + 1;
    let close = format!("</{name}>");
    let end = rec[content..]
        .find(&close)
        .map_or(rec.len(), |e| content + e);
    Some(&rec[content..end])
}

fn attribute(head: &str, name: &str) -> Option<String> {
    let key = format!("{name}=\"");
    let start = head.find(&key)? + key.len();
    let len = head[start..].find('"')?;
    Some(head[start..start + len].to_owned()).filter(|v| !v.is_empty())
}

/// The `<D>` items of a list element such as TOPICS or PEOPLE, the first
/// [`MAX_LIST`]; true when there were more.
fn list(rec: &str, name: &str) -> (Vec<String>, bool) {
    let Some(content) = element(rec, name) else {
        return (Vec::new(), false);
    };
    let mut items = content.split("<D>").skip(1).filter_map(|item| {
        let item = item.split("</D>").next()?.trim();
        (!item.is_empty()).then(|| unescape(item))
    });
    let kept: Vec<String> = items.by_ref().take(MAX_LIST).collect();
    let cut = items.next().is_some();
    (kept, cut)
}

/// Reuters writes people as `james-baker`; readers expect `James Baker`.
fn person_name(tag: &str) -> String {
    tag.split(['-', ' '])
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut chars = w.chars();
            match chars.next() {
                Some(first) => first.to_uppercase().chain(chars).collect(),
                None => String::new(),
            }
        })
        .collect::<Vec<String>>()
        .join(" ")
}

fn strip_tags(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut in_tag = false;
    for c in s.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

/// Decodes entities (`&lt;`, `&#3;`) and drops the control characters
/// some of them stand for, keeping line breaks.
fn unescape(s: &str) -> String {
    let text = htmlize::unescape(s);
    text.chars()
        .filter(|c| !c.is_control() || *c == '\n' || *c == '\t')
        .collect()
}

/// Removes the "Reuter" sign-off that ends wire stories.
fn strip_signoff(body: &str) -> String {
    let trimmed = body.trim_end();
    for signoff in ["Reuter", "REUTER"] {
        if let Some(rest) = trimmed.strip_suffix(signoff)
            && (rest.ends_with(char::is_whitespace) || rest.is_empty())
        {
            return rest.trim_end().to_owned();
        }
    }
    trimmed.to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::collect;

    const SAMPLE: &str = r#"<!DOCTYPE lewis SYSTEM "lewis.dtd">
<REUTERS TOPICS="YES" NEWID="5">
<DATE>26-FEB-1987 15:01:01.79</DATE>
<TOPICS><D>crude</D><D>money-fx</D></TOPICS>
<PEOPLE><D>james-baker</D></PEOPLE>
<TEXT>&#2;
<TITLE>OIL &lt;XON> UP</TITLE>
<BODY>Prices rose
today.
 Reuter
&#3;</BODY></TEXT>
</REUTERS>
<REUTERS NEWID="6">
<DATE>26-FEB-1987 15:01:01.79</DATE>
<TEXT TYPE="UNPROC">&#2;
Unprocessed text here.
&#3;</TEXT>
</REUTERS>
<REUTERS NEWID="7">
<DATE>junk</DATE><TEXT></TEXT>
</REUTERS>
<REUTERS NEWID="8">
<TITLE>CUT</TITLE>
"#;

    #[test]
    fn records_fields_and_problems() {
        let r = collect(|out| parse(SAMPLE, Path::new("r.sgm"), out));
        assert_eq!(r.articles.len(), 2);
        let a = &r.articles[0];
        assert_eq!(a.id, "5");
        assert_eq!(a.key, "r.sgm#1");
        assert_eq!(a.title, "OIL <XON> UP");
        assert_eq!(a.body, "Prices rose\ntoday.");
        assert_eq!(a.topics, ["crude", "money-fx"]);
        assert_eq!(a.people, ["James Baker"]);
        assert_eq!(a.line, Some(2));
        assert!(a.date.is_some());
        assert_eq!(r.articles[1].body.trim(), "Unprocessed text here.");
        let kinds: Vec<_> = r.problems.iter().map(|p| (p.kind, p.line)).collect();
        assert_eq!(
            kinds,
            [
                ("no title or body", Some(19)),
                ("truncated record", Some(22))
            ]
        );
    }
}
