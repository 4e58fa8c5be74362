//! The user's query: parsed with tantivy's query grammar, field names
//! mapped to the schema's, dates made RFC 3339, and errors located.

use std::fmt;

use tantivy::query_grammar::{
    self, Delimiter, Occur, UserInputAst, UserInputBound, UserInputLeaf, UserInputLiteral,
};

use crate::dates;
use crate::terminal::visible;

/// Longest query accepted, in bytes.
pub const MAX_QUERY_LEN: usize = 20_000;
/// Deepest nesting of parentheses accepted.
const MAX_DEPTH: usize = 32;

/// Field names users may write, and the schema field each stands for.
const FIELD_NAMES: &[(&str, &str)] = &[
    ("title", "title"),
    ("headline", "title"),
    ("body", "body"),
    ("text", "body"),
    ("people", "people"),
    ("person", "people"),
    ("persons", "people"),
    ("topic", "topic"),
    ("topics", "topic"),
    ("tag", "topic"),
    ("tags", "topic"),
    ("source", "source"),
    ("site", "source"),
    ("date", "date"),
    ("id", "id"),
    ("path", "path"),
];

/// Words dropped from bag-of-words queries (Snowball's English list, and
/// the pieces contractions split into): in a question such as "what
/// problems of heat conduction have been solved" they only add noise.
/// The index keeps them (as Lucene's shorter list says), so phrases still
/// match, and a query made only of such words keeps them.
const QUERY_STOP_WORDS: &[&str] = &[
    "i",
    "me",
    "my",
    "myself",
    "we",
    "our",
    "ours",
    "ourselves",
    "you",
    "your",
    "yours",
    "yourself",
    "yourselves",
    "he",
    "him",
    "his",
    "himself",
    "she",
    "her",
    "hers",
    "herself",
    "it",
    "its",
    "itself",
    "they",
    "them",
    "their",
    "theirs",
    "themselves",
    "what",
    "which",
    "who",
    "whom",
    "this",
    "that",
    "these",
    "those",
    "am",
    "is",
    "are",
    "was",
    "were",
    "be",
    "been",
    "being",
    "have",
    "has",
    "had",
    "having",
    "do",
    "does",
    "did",
    "doing",
    "would",
    "should",
    "could",
    "ought",
    "cannot",
    "a",
    "an",
    "the",
    "and",
    "but",
    "if",
    "or",
    "because",
    "as",
    "until",
    "while",
    "of",
    "at",
    "by",
    "for",
    "with",
    "about",
    "against",
    "between",
    "into",
    "through",
    "during",
    "before",
    "after",
    "above",
    "below",
    "to",
    "from",
    "up",
    "down",
    "in",
    "out",
    "on",
    "off",
    "over",
    "under",
    "again",
    "further",
    "then",
    "once",
    "here",
    "there",
    "when",
    "where",
    "why",
    "how",
    "all",
    "any",
    "both",
    "each",
    "few",
    "more",
    "most",
    "other",
    "some",
    "such",
    "no",
    "nor",
    "not",
    "only",
    "own",
    "same",
    "so",
    "than",
    "too",
    "very",
    "s",
    "t",
    "d",
    "ll",
    "re",
    "ve",
    "m",
];

/// A query that cannot be run, with where in it the trouble is.
#[derive(Debug, Clone, PartialEq)]
pub struct QueryError {
    pub query: String,
    /// Byte offset of the trouble in the query, when known.
    pub pos: Option<usize>,
    pub message: String,
    /// The trouble is in the query's syntax (operators, fields, quotes,
    /// parentheses), so taking the query as plain words would get past
    /// it; front ends say so (`--plain`, the page's "Plain words").
    pub syntax: bool,
}

impl fmt::Display for QueryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid query: {}", visible(&self.message))?;
        // A query may come from a file (batch): its control characters
        // are shown, not obeyed, and the caret counts them as shown.
        let shown: String = self.query.chars().take(200).collect();
        write!(f, "\n  query: {}", visible(&shown))?;
        if let Some(pos) = self.pos.filter(|&p| p <= shown.len()) {
            let col = visible(&shown[..pos]).chars().count();
            write!(f, "\n         {}^", " ".repeat(col))?;
        }
        Ok(())
    }
}

impl std::error::Error for QueryError {}

/// A parsed query.
#[derive(Debug, Clone)]
pub struct ParsedQuery {
    pub ast: UserInputAst,
    /// The words, when the query is only plain words (no operators,
    /// fields or phrases): such a query also ranks documents holding all
    /// the words, and the words as a phrase, higher.
    pub words: Option<Vec<String>>,
}

/// Parses a query in the search syntax, or as plain words.
pub fn parse(query: &str, plain: bool) -> Result<ParsedQuery, QueryError> {
    let err = |pos: Option<usize>, message: &str| QueryError {
        query: query.to_owned(),
        pos,
        message: message.to_owned(),
        syntax: true,
    };
    let not_syntax = |message: &str| QueryError {
        syntax: false,
        ..err(None, message)
    };
    if query.len() > MAX_QUERY_LEN {
        return Err(not_syntax(&format!(
            "query is longer than {MAX_QUERY_LEN} bytes"
        )));
    }
    if plain {
        return plain_words(query).ok_or_else(|| not_syntax("the query has no words"));
    }
    if query.trim().is_empty() {
        return Err(not_syntax("the query is empty"));
    }
    check_depth(query).map_err(|pos| err(Some(pos), "parentheses are nested too deeply"))?;
    let ast = match query_grammar::parse_query(query) {
        Ok(ast) => ast,
        Err(_) => {
            let (_, errors) = query_grammar::parse_query_lenient(query);
            let (pos, message) = errors
                .first()
                .map(|e| (Some(e.pos.min(query.len())), e.message.as_str()))
                .unwrap_or((None, "syntax error"));
            return Err(err(pos, message));
        }
    };
    let ast = rewrite(ast).map_err(|message| {
        let pos = message
            .1
            .as_ref()
            .and_then(|needle| query.find(needle.as_str()));
        err(pos, &message.0)
    })?;
    Ok(match bare_words(&ast) {
        Some(words) => words_query(words),
        None => ParsedQuery { ast, words: None },
    })
}

/// A bag-of-words query, without the stop words of questions.
fn words_query(words: Vec<String>) -> ParsedQuery {
    let is_stop = |w: &String| QUERY_STOP_WORDS.contains(&w.to_lowercase().as_str());
    let words = if words.iter().all(is_stop) {
        words
    } else {
        words.into_iter().filter(|w| !is_stop(w)).collect()
    };
    let clauses = words
        .iter()
        .map(|w| {
            let lit = literal(None, w, Delimiter::None);
            (
                None,
                UserInputAst::Leaf(Box::new(UserInputLeaf::Literal(lit))),
            )
        })
        .collect();
    ParsedQuery {
        ast: UserInputAst::Clause(clauses),
        words: Some(words),
    }
}

/// Plain mode: every run of letters and digits is a word, nothing else
/// means anything.
fn plain_words(query: &str) -> Option<ParsedQuery> {
    let words: Vec<String> = query
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .take(1024)
        .map(str::to_lowercase)
        .collect();
    if words.is_empty() {
        return None;
    }
    Some(words_query(words))
}

pub(crate) fn literal(field: Option<&str>, phrase: &str, delimiter: Delimiter) -> UserInputLiteral {
    UserInputLiteral {
        field_name: field.map(str::to_owned),
        phrase: phrase.to_owned(),
        delimiter,
        slop: 0,
        prefix: false,
    }
}

fn check_depth(query: &str) -> Result<(), usize> {
    let mut depth = 0usize;
    for (i, c) in query.char_indices() {
        match c {
            '(' | '[' | '{' => {
                depth += 1;
                if depth > MAX_DEPTH {
                    return Err(i);
                }
            }
            ')' | ']' | '}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    Ok(())
}

/// An error message, and a piece of the query to point at.
type RewriteError = (String, Option<String>);

fn rewrite(ast: UserInputAst) -> Result<UserInputAst, RewriteError> {
    Ok(match ast {
        UserInputAst::Clause(clauses) => UserInputAst::Clause(
            clauses
                .into_iter()
                .map(|(occur, sub)| rewrite(sub).map(|sub| (occur, sub)))
                .collect::<Result<_, _>>()?,
        ),
        UserInputAst::Boost(sub, boost) => UserInputAst::Boost(Box::new(rewrite(*sub)?), boost),
        UserInputAst::Leaf(leaf) => rewrite_leaf(*leaf)?,
    })
}

fn field_name(name: &str) -> Result<&'static str, RewriteError> {
    FIELD_NAMES
        .iter()
        .find(|(alias, _)| alias.eq_ignore_ascii_case(name))
        .map(|(_, field)| *field)
        .ok_or_else(|| {
            (
                format!(
                    "unknown field '{name}' (fields: title, body, people, topic, source, date, id, path)"
                ),
                Some(format!("{name}:")),
            )
        })
}

fn map_field(field: Option<String>) -> Result<Option<String>, RewriteError> {
    field.map(|f| field_name(&f).map(str::to_owned)).transpose()
}

fn rewrite_leaf(leaf: UserInputLeaf) -> Result<UserInputAst, RewriteError> {
    let leaf = match leaf {
        // Elasticsearch's spelling of `title:*`.
        UserInputLeaf::Literal(lit)
            if lit
                .field_name
                .as_deref()
                .is_some_and(|f| f.eq_ignore_ascii_case("_exists_")) =>
        {
            exists(field_name(&lit.phrase).map_err(|(m, _)| (m, Some(lit.phrase.clone())))?)
        }
        UserInputLeaf::Literal(mut lit) => {
            lit.field_name = map_field(lit.field_name)?;
            if lit.field_name.as_deref() == Some("date") {
                let (start, end) = date_span(&lit.phrase)?;
                UserInputLeaf::Range {
                    field: Some("date".into()),
                    lower: UserInputBound::Inclusive(start),
                    upper: UserInputBound::Exclusive(end),
                }
            } else {
                UserInputLeaf::Literal(lit)
            }
        }
        UserInputLeaf::Range {
            field,
            lower,
            upper,
        } => {
            let field = map_field(field)?;
            // `*` is an open end however it is written (`date:>*`).
            let open = |bound: UserInputBound| match bound {
                b if b.term_str() == "*" => UserInputBound::Unbounded,
                b => b,
            };
            let (lower, upper) = (open(lower), open(upper));
            if let (Some(name), UserInputBound::Unbounded, UserInputBound::Unbounded) =
                (field.as_deref(), &lower, &upper)
            {
                // `[* TO *]` bounds nothing: the field has a value.
                return Ok(UserInputAst::Leaf(Box::new(exists(field_name(name)?))));
            }
            if field.as_deref() == Some("date") {
                let lower = match lower {
                    UserInputBound::Inclusive(v) => UserInputBound::Inclusive(date_span(&v)?.0),
                    UserInputBound::Exclusive(v) => UserInputBound::Inclusive(date_span(&v)?.1),
                    UserInputBound::Unbounded => UserInputBound::Unbounded,
                };
                let upper = match upper {
                    UserInputBound::Inclusive(v) => UserInputBound::Exclusive(date_span(&v)?.1),
                    UserInputBound::Exclusive(v) => UserInputBound::Exclusive(date_span(&v)?.0),
                    UserInputBound::Unbounded => UserInputBound::Unbounded,
                };
                UserInputLeaf::Range {
                    field,
                    lower,
                    upper,
                }
            } else {
                UserInputLeaf::Range {
                    field,
                    lower,
                    upper,
                }
            }
        }
        UserInputLeaf::Set { field, elements } => UserInputLeaf::Set {
            field: map_field(field)?,
            elements,
        },
        UserInputLeaf::Exists { field } => exists(field_name(&field)?),
        UserInputLeaf::Regex { .. } => {
            return Err((
                "regular expressions are not supported".into(),
                Some("/".into()),
            ));
        }
        UserInputLeaf::All => UserInputLeaf::All,
    };
    Ok(UserInputAst::Leaf(Box::new(leaf)))
}

/// `field:*`: the articles where the field has a value, as Elasticsearch's
/// `query_string` reads it. Dates, people, topics and sources are asked
/// of their fast fields; the other fields (no fast field) match when they
/// hold at least one indexed word, which the engine's query parser finds
/// with a regular expression over the field's terms.
fn exists(field: &'static str) -> UserInputLeaf {
    let fast = match field {
        "date" => Some("date"),
        "people" => Some("people_exact"),
        "topic" => Some("topic_exact"),
        "source" => Some("source_exact"),
        _ => None,
    };
    match fast {
        Some(fast) => UserInputLeaf::Exists {
            field: fast.to_owned(),
        },
        None => UserInputLeaf::Regex {
            field: Some(field.to_owned()),
            pattern: ".+".to_owned(),
        },
    }
}

/// The span of time a date value covers, as RFC 3339 `[start, end)`:
/// a day for `2017-02-07`, a month for `2017-02`, a year for `2017`, one
/// second for a full timestamp. A date the index cannot hold (before
/// 1677-09-22 or after 2262-04-11) is an error; a span running past the
/// last second the index holds is cut there.
pub fn date_span(value: &str) -> Result<(String, String), RewriteError> {
    let located = |message: String| (message, Some(value.to_owned()));
    let bad = || {
        located(format!(
            "cannot read date '{value}' (use YYYY-MM-DD, YYYY-MM, YYYY or RFC 3339)"
        ))
    };
    let v = value.trim();
    let (start, length) = if let Some(start) = civil_date(v) {
        let start = start.map_err(|_| bad())?;
        let length = match v.split('-').count() {
            1 => jiff::Span::new().years(1),
            2 => jiff::Span::new().months(1),
            _ => jiff::Span::new().days(1),
        };
        let start = start
            .to_zoned(jiff::tz::TimeZone::UTC)
            .map_err(|_| bad())?
            .timestamp();
        (start, length)
    } else {
        let ts = v
            .parse::<jiff::Timestamp>()
            .ok()
            .or_else(|| dates::parse_date(v))
            .ok_or_else(bad)?;
        let length = if v.contains(':') {
            jiff::Span::new().seconds(1)
        } else {
            jiff::Span::new().days(1)
        };
        (ts, length)
    };
    // A bound outside what tantivy's nanosecond dates hold would wrap
    // around (year 1 would mean 1754).
    if !dates::in_range(start) {
        return Err(located(format!(
            "date '{value}' is outside the years the index can hold \
             (1677-09-22 to 2262-04-11)"
        )));
    }
    let last = jiff::Timestamp::from_second(dates::LAST_SECOND + 1).map_err(|_| bad())?;
    // Calendar arithmetic in UTC: a month or a year from its start.
    let end = start
        .to_zoned(jiff::tz::TimeZone::UTC)
        .checked_add(length)
        .map(|z| z.timestamp())
        .unwrap_or(last)
        .min(last);
    Ok((start.to_string(), end.to_string()))
}

/// `YYYY`, `YYYY-MM` or `YYYY-MM-DD` (four-digit year): the first day,
/// or an error for a day or month that does not exist; `None` for other
/// forms.
fn civil_date(v: &str) -> Option<Result<jiff::civil::Date, jiff::Error>> {
    let parts: Vec<&str> = v.split('-').collect();
    let digits = |p: &&str| !p.is_empty() && p.len() <= 4 && p.bytes().all(|b| b.is_ascii_digit());
    if parts.len() > 3 || parts[0].len() != 4 || !parts.iter().all(digits) {
        return None;
    }
    // At most four digits each: the numbers fit.
    let number = |i: usize| parts.get(i).map_or(1, |p| p.parse::<i16>().unwrap_or(0));
    let (year, month, day) = (number(0), number(1), number(2));
    Some(jiff::civil::Date::new(
        year,
        i8::try_from(month).unwrap_or(0),
        i8::try_from(day).unwrap_or(0),
    ))
}

/// The words of a query made only of bare words.
fn bare_words(ast: &UserInputAst) -> Option<Vec<String>> {
    let leaf_word = |ast: &UserInputAst| match ast {
        UserInputAst::Leaf(leaf) => match leaf.as_ref() {
            UserInputLeaf::Literal(lit)
                if lit.field_name.is_none()
                    && lit.delimiter == Delimiter::None
                    && !lit.prefix
                    && lit.slop == 0 =>
            {
                Some(lit.phrase.clone())
            }
            _ => None,
        },
        _ => None,
    };
    match ast {
        UserInputAst::Clause(clauses) => clauses
            .iter()
            .map(|(occur, sub)| match occur {
                None | Some(Occur::Should) => leaf_word(sub),
                _ => None,
            })
            .collect(),
        other => leaf_word(other).map(|w| vec![w]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bare_words_are_found() {
        let q = parse("Lavrov arms control", false).unwrap();
        assert_eq!(q.words.unwrap(), ["Lavrov", "arms", "control"]);
        let q = parse("what did Lavrov say", false).unwrap();
        assert_eq!(q.words.unwrap(), ["Lavrov", "say"]);
        assert!(parse("Lavrov AND arms", false).unwrap().words.is_none());
        assert!(parse("\"arms control\"", false).unwrap().words.is_none());
        assert!(parse("title:arms control", false).unwrap().words.is_none());
    }

    #[test]
    fn aliases_map_to_schema_fields() {
        let q = parse("person:lavrov topics:diplomacy", false).unwrap();
        let text = format!("{:?}", q.ast);
        assert!(
            text.contains("\"people\":lavrov") && text.contains("\"topic\":diplomacy"),
            "{text}"
        );
    }

    #[test]
    fn unknown_field_is_located() {
        let e = parse("lavrov colour:red", false).unwrap_err();
        assert!(e.message.contains("unknown field 'colour'"));
        assert_eq!(e.pos, Some(7));
    }

    #[test]
    fn dates_become_ranges() {
        let q = parse("date:[2017-02-01 TO 2017-02-28]", false).unwrap();
        let text = format!("{:?}", q.ast);
        assert!(
            text.contains("2017-02-01T00:00:00Z") && text.contains("2017-03-01T00:00:00Z"),
            "{text}"
        );
        assert_eq!(date_span("2017").unwrap().1, "2018-01-01T00:00:00Z");
        assert!(parse("date:[2017-02-31 TO *]", false).is_err());
    }

    /// The one leaf of a query.
    fn only_leaf(q: &str) -> UserInputLeaf {
        match parse(q, false).unwrap().ast {
            UserInputAst::Leaf(leaf) => *leaf,
            UserInputAst::Clause(mut clauses) if clauses.len() == 1 => {
                match clauses.pop().unwrap().1 {
                    UserInputAst::Leaf(leaf) => *leaf,
                    other => panic!("{q}: {other:?}"),
                }
            }
            other => panic!("{q}: {other:?}"),
        }
    }

    #[test]
    fn field_star_asks_whether_the_field_has_a_value() {
        let exists = |field: &str| UserInputLeaf::Exists {
            field: field.into(),
        };
        let any_word = |field: &str| UserInputLeaf::Regex {
            field: Some(field.into()),
            pattern: ".+".into(),
        };
        for (q, want) in [
            ("date:*", exists("date")),
            ("date:[* TO *]", exists("date")),
            ("date:{* TO *}", exists("date")),
            ("person:*", exists("people_exact")),
            ("topic:*", exists("topic_exact")),
            ("site:*", exists("source_exact")),
            ("headline:*", any_word("title")),
            ("body:*", any_word("body")),
            ("title:[* TO *]", any_word("title")),
            ("id:*", any_word("id")),
            ("_exists_:people", exists("people_exact")),
            ("_EXISTS_:headline", any_word("title")),
            ("date:>*", exists("date")),
        ] {
            assert_eq!(only_leaf(q), want, "{q}");
        }
        let e = parse("lavrov colour:*", false).unwrap_err();
        assert!(e.message.contains("unknown field 'colour'"));
        assert_eq!(e.pos, Some(7));
        assert!(parse("title:/.+/", false).is_err());
        assert_eq!(parse("_exists_:colour", false).unwrap_err().pos, Some(9));
    }

    #[test]
    fn open_date_ranges_keep_their_bound() {
        let UserInputLeaf::Range { lower, upper, .. } = only_leaf("date:[2017-01-01 TO *]") else {
            panic!()
        };
        assert_eq!(
            (lower, upper),
            (
                UserInputBound::Inclusive("2017-01-01T00:00:00Z".into()),
                UserInputBound::Unbounded
            )
        );
    }

    #[test]
    fn dates_the_index_cannot_hold_are_refused() {
        for v in [
            "0001-01-01",
            "0001",
            "1677-09-21",
            "1677-09",
            "2262-04-12",
            "3000-06-15",
            "9000-06-15T10:00:00Z",
            "1600-01-01T00:00:00+01:00",
        ] {
            let (message, needle) = date_span(v).unwrap_err();
            assert!(message.contains("outside the years"), "{v}: {message}");
            assert_eq!(needle.as_deref(), Some(v));
        }
        // The last day, month and year the index holds end at its last
        // second.
        let last = "2262-04-11T23:47:17Z";
        assert_eq!(date_span("2262-04-11").unwrap().1, last);
        assert_eq!(date_span("2262-04").unwrap().1, last);
        assert_eq!(date_span("2262").unwrap().1, last);
        assert_eq!(date_span("1677-09-22").unwrap().0, "1677-09-22T00:00:00Z");
        assert_eq!(
            date_span("2017-02-07").unwrap(),
            ("2017-02-07T00:00:00Z".into(), "2017-02-08T00:00:00Z".into())
        );
        assert_eq!(
            date_span("2017-02-07T10:00:00+01:00").unwrap(),
            ("2017-02-07T09:00:00Z".into(), "2017-02-07T09:00:01Z".into())
        );
        assert_eq!(date_span("26-FEB-1987").unwrap().0, "1987-02-26T00:00:00Z");
        for v in ["2017-13", "2017-02-30", "12017", "2017-02-07-01", "x"] {
            let (message, _) = date_span(v).unwrap_err();
            assert!(message.starts_with("cannot read date"), "{v}: {message}");
        }
        let e = parse("date:[2017 TO 3000]", false).unwrap_err();
        assert_eq!(e.pos, Some(14));
    }

    #[test]
    fn errors_show_control_characters_escaped() {
        let e = QueryError {
            query: "a\x1b]0;x\x07 colour:red".into(),
            pos: Some(8),
            message: "unknown field 'colour'".into(),
            syntax: true,
        };
        let text = e.to_string();
        assert!(!text.contains('\x1b') && !text.contains('\x07'), "{text}");
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[1], "  query: a\\x1b]0;x\\x07 colour:red");
        assert_eq!(lines[1].find("colour"), lines[2].find('^'));
    }

    #[test]
    fn syntax_errors_and_limits() {
        for q in [
            "",
            "   ",
            "(((((((((((((((((((((((((((((((((a)))))))))))))))))))))))))))))))))",
        ] {
            assert!(parse(q, false).is_err(), "{q}");
        }
        assert!(parse(&"a ".repeat(20_000), false).is_err());
    }

    #[test]
    fn plain_mode_takes_everything_as_words() {
        let q = parse("AND \"OR (NOT title: it's", true).unwrap();
        assert_eq!(q.words.unwrap(), ["title"]);
        let q = parse("AND OR NOT", true).unwrap();
        assert_eq!(q.words.unwrap(), ["and", "or", "not"]);
        assert!(parse("!!! ---", true).is_err());
    }
}
