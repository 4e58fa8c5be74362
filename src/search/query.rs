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
/// match, and a query made only of such words keeps them. `will`, on
/// Lucene's list only, is here too: the index has no such word, and all
/// words could never be found.
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
    "will",
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
///
/// Words are words whatever punctuation they carry (`Trump's`, `O'Brien`,
/// `U.S.`, `AT&T`, `#MeToo`, `9/11`): characters the grammar would read
/// as operators are escaped when they sit inside a word (`escape_words`).
/// Only operators used wrongly are errors, each with its position.
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
    let escaped = escape_words(query).map_err(|(pos, message)| err(Some(pos), &message))?;
    let ast = match query_grammar::parse_query(&escaped.text) {
        Ok(ast) => ast,
        Err(_) => {
            let (_, errors) = query_grammar::parse_query_lenient(&escaped.text);
            let (pos, message) = errors
                .first()
                .map(|e| (escaped.origin(e.pos), grammar_message(&e.message)))
                .unwrap_or_else(|| {
                    (
                        first_operator(query),
                        "this cannot be read as a query".into(),
                    )
                });
            return Err(err(
                Some(pos),
                &format!("{message} (put the words in quotes to search for them as they are)"),
            ));
        }
    };
    let ast = rewrite(ast).map_err(|message| {
        let pos = message
            .1
            .as_ref()
            .and_then(|needle| query.find(needle.as_str()))
            .or_else(|| Some(first_operator(query)));
        err(pos, &message.0)
    })?;
    Ok(match bare_words(&ast) {
        Some(words) => words_query(words),
        None => ParsedQuery {
            ast: allow_negative_only(ast),
            words: None,
        },
    })
}

/// tantivy's words for a grammar error, in ours.
fn grammar_message(message: &str) -> String {
    match message {
        "expected word" => "a word is missing here".into(),
        "unparsed end of query" => "the query cannot be read from here".into(),
        m if m.starts_with("missing delimiter") => "this quote is never closed".into(),
        m if m.starts_with("parsed possible invalid field as term") => {
            "a colon inside a value (put the value in quotes: title:\"a:b\")".into()
        }
        m if m.starts_with("parsed keyword NOT as term") => {
            "NOT needs a word after it (write not in lower case to search for the word)".into()
        }
        m => m.to_lowercase(),
    }
}

/// Where the first character that may be an operator is; the start when
/// none is.
fn first_operator(query: &str) -> usize {
    query
        .char_indices()
        .find(|(_, c)| "\"()[]{}:^*~+-".contains(*c))
        .map_or(0, |(i, _)| i)
}

/// A query with the punctuation inside its words escaped, and for each of
/// its bytes, the byte of the query it comes from.
#[derive(Debug)]
struct Escaped {
    text: String,
    origin: Vec<usize>,
}

impl Escaped {
    /// The position in the query of a position in the escaped text.
    fn origin(&self, pos: usize) -> usize {
        match self.origin.get(pos) {
            Some(&p) => p,
            None => self.origin.last().map_or(0, |&p| p + 1),
        }
    }

    fn push(&mut self, c: char, from: usize) {
        self.text.push(c);
        self.origin.extend(std::iter::repeat_n(from, c.len_utf8()));
    }

    fn push_escaped(&mut self, c: char, from: usize) {
        self.push('\\', from);
        self.push(c, from);
    }
}

/// Whether a name before a colon is a field users may write.
fn is_field(name: &str) -> bool {
    name.eq_ignore_ascii_case("_exists_")
        || FIELD_NAMES
            .iter()
            .any(|(alias, _)| alias.eq_ignore_ascii_case(name))
}

/// Escapes the characters tantivy's grammar reads as operators (`'`,
/// `"`, `:`, `^`, brackets, backquotes) where they are part of a word,
/// so that `Trump's`, `O'Brien`, `12:30` or `5'10"` are words. What is
/// left are the operators: `"phrases"`, `field:value`, `(groups)`,
/// `[ranges]`, `+`, `-`, `^2`, `AND`, `OR`, `NOT`. Single quotes are never
/// quotes. Unclosed quotes, ranges and parentheses, and `AND`, `OR` or
/// `NOT` without a word beside them are errors: the position and what is
/// wrong.
fn escape_words(query: &str) -> Result<Escaped, (usize, String)> {
    let mut out = Escaped {
        text: String::with_capacity(query.len() + 8),
        origin: Vec::with_capacity(query.len() + 8),
    };
    let chars: Vec<(usize, char)> = query.char_indices().collect();
    // Where the current quote, range, and open parentheses began.
    let mut quote: Option<usize> = None;
    let mut range: Option<usize> = None;
    let mut parens: Vec<usize> = Vec::new();
    // At the start of a token (after a space, a parenthesis, + or -);
    // after a field's colon; where the token's word starts.
    let mut at_start = true;
    let mut after_field = false;
    let mut word_start = 0;
    let mut i = 0;
    while i < chars.len() {
        let (at, c) = chars[i];
        let next = chars.get(i + 1).map(|&(_, c)| c);
        i += 1;
        if quote.is_some() {
            out.push(c, at);
            if c == '\\' {
                if let Some(&(at, c)) = chars.get(i) {
                    out.push(c, at);
                    i += 1;
                }
            } else if c == '"' {
                quote = None;
                at_start = false;
            }
            continue;
        }
        if range.is_some() {
            out.push(c, at);
            if c == ']' || c == '}' {
                range = None;
                at_start = false;
            }
            continue;
        }
        if c.is_whitespace() {
            out.push(c, at);
            at_start = true;
            // `title: lavrov`: the value may follow a space.
            continue;
        }
        if c == '\\' {
            // The user's own escape; a lone one at the end is a word.
            match chars.get(i) {
                Some(&(at2, c2)) => {
                    out.push(c, at);
                    out.push(c2, at2);
                    i += 1;
                }
                None => out.push_escaped(c, at),
            }
            at_start = false;
            after_field = false;
            continue;
        }
        if at_start {
            let field = std::mem::take(&mut after_field);
            match c {
                '"' => {
                    quote = Some(at);
                    out.push(c, at);
                    at_start = false;
                }
                '+' | '-' | '(' => {
                    if c == '(' {
                        parens.push(at);
                    }
                    out.push(c, at);
                    after_field = field && c == '(';
                }
                ')' => {
                    if parens.pop().is_none() {
                        return Err((at, "this ) closes no (".into()));
                    }
                    out.push(c, at);
                }
                '[' | '{' if field => {
                    range = Some(at);
                    out.push(c, at);
                    at_start = false;
                }
                '/' if field => {
                    out.push(c, at);
                    at_start = false;
                }
                '>' | '<' if field => {
                    out.push(c, at);
                    after_field = true;
                }
                '\'' | '`' | '^' | ':' | '[' | ']' | '{' | '}' | '/' => {
                    out.push_escaped(c, at);
                    at_start = false;
                    word_start = at;
                }
                // `IN` is the grammar's set keyword (`source: IN [a b]`);
                // elsewhere, as in MADE IN CHINA, a word.
                'I' if is_in_word(&query[at..]) => {
                    out.push_escaped(c, at);
                    at_start = false;
                    word_start = at;
                }
                _ => {
                    out.push(c, at);
                    at_start = false;
                    word_start = at;
                }
            }
            continue;
        }
        match c {
            '\'' | '`' | '"' | '[' | ']' | '{' | '}' => out.push_escaped(c, at),
            '(' => {
                parens.push(at);
                out.push(c, at);
                at_start = true;
            }
            ')' => {
                if parens.pop().is_none() {
                    return Err((at, "this ) closes no (".into()));
                }
                out.push(c, at);
                // `(a b)^2`: a boost may follow.
                if next == Some('^') {
                    out.push('^', at + 1);
                    i += 1;
                }
            }
            '^' if is_boost(&chars[i..]) => out.push(c, at),
            '^' => out.push_escaped(c, at),
            ':' => {
                let name = query[word_start..at].trim_start_matches(['+', '-']);
                let value_follows =
                    next.is_some_and(|n| n.is_alphanumeric() || "\"([{*<>".contains(n) || n == '_');
                let named =
                    !name.is_empty() && name.chars().all(|c| c.is_ascii_alphabetic() || c == '_');
                if is_field(name) || (named && value_follows) {
                    // A field (an unknown one is named as an error later).
                    out.push(c, at);
                    at_start = true;
                    after_field = true;
                } else {
                    out.push_escaped(c, at);
                }
            }
            _ => out.push(c, at),
        }
    }
    if let Some(at) = quote {
        return Err((
            at,
            "this quote is never closed (close it, or take it away to search for the words)".into(),
        ));
    }
    if let Some(at) = range {
        return Err((
            at,
            "this range is never closed (as in date:[2017-01-01 TO 2017-06-30])".into(),
        ));
    }
    if let Some(&at) = parens.last() {
        return Err((at, "this ( is never closed".into()));
    }
    check_operators(query)?;
    Ok(out)
}

/// Whether `rest` starts with the word `IN` not followed by a set.
fn is_in_word(rest: &str) -> bool {
    let Some(after) = rest.strip_prefix("IN") else {
        return false;
    };
    (after.is_empty() || after.starts_with(char::is_whitespace))
        && !after.trim_start().starts_with('[')
}

/// Whether what follows a `^` is a boost: a number (`2`, `1.5`), then
/// the word's end.
fn is_boost(rest: &[(usize, char)]) -> bool {
    let digits = |from: usize| {
        rest[from.min(rest.len())..]
            .iter()
            .take_while(|(_, c)| c.is_ascii_digit())
            .count()
    };
    let mut len = digits(0);
    if len == 0 {
        return false;
    }
    if rest.get(len).is_some_and(|(_, c)| *c == '.') {
        let fraction = digits(len + 1);
        if fraction == 0 {
            return false;
        }
        len += 1 + fraction;
    }
    rest.get(len)
        .is_none_or(|(_, c)| c.is_whitespace() || *c == ')')
}

/// `AND`, `OR` and `NOT` each need a word (or a group) beside them.
fn check_operators(query: &str) -> Result<(), (usize, String)> {
    let tokens = tokens(query);
    let is_binary = |t: &str| t == "AND" || t == "OR";
    for (k, &(at, token)) in tokens.iter().enumerate() {
        let before = k.checked_sub(1).map(|k| tokens[k].1);
        let after = tokens.get(k + 1).map(|t| t.1);
        if is_binary(token) {
            let left_ok = before.is_some_and(|b| !is_binary(b) && b != "NOT" && !b.ends_with('('));
            let right_ok = after.is_some_and(|a| !is_binary(a) && !a.starts_with(')'));
            if !left_ok || !right_ok {
                return Err((
                    at,
                    format!(
                        "{token} needs a word on each side (write {} in lower case to search \
                         for the word)",
                        token.to_lowercase()
                    ),
                ));
            }
        } else if token == "NOT" && after.is_none_or(|a| is_binary(a) || a.starts_with(')')) {
            return Err((
                at,
                "NOT needs a word after it (write not in lower case to search for the word)".into(),
            ));
        }
    }
    Ok(())
}

/// The query's tokens outside quotes, with their positions: runs of
/// characters between spaces, a phrase counting as one.
fn tokens(query: &str) -> Vec<(usize, &str)> {
    let mut tokens = Vec::new();
    let mut start: Option<usize> = None;
    let mut in_quote = false;
    let mut escaped = false;
    for (i, c) in query.char_indices() {
        if escaped {
            escaped = false;
            continue;
        }
        match c {
            '\\' => escaped = true,
            '"' if in_quote => in_quote = false,
            '"' if start.is_none() => in_quote = true,
            c if c.is_whitespace() && !in_quote => {
                if let Some(s) = start.take() {
                    tokens.push((s, &query[s..i]));
                }
                continue;
            }
            _ => {}
        }
        start.get_or_insert(i);
    }
    if let Some(s) = start {
        tokens.push((s, &query[s..]));
    }
    tokens
}

/// A clause of only exclusions (`NOT merkel`, `-merkel`) means every
/// article without them, at any depth.
fn allow_negative_only(ast: UserInputAst) -> UserInputAst {
    match ast {
        UserInputAst::Clause(clauses) => {
            let mut clauses: Vec<_> = clauses
                .into_iter()
                .map(|(occur, sub)| (occur, allow_negative_only(sub)))
                .collect();
            if !clauses.is_empty() && clauses.iter().all(|(o, _)| *o == Some(Occur::MustNot)) {
                clauses.push((
                    Some(Occur::Must),
                    UserInputAst::Leaf(Box::new(UserInputLeaf::All)),
                ));
            }
            UserInputAst::Clause(clauses)
        }
        UserInputAst::Boost(sub, boost) => {
            UserInputAst::Boost(Box::new(allow_negative_only(*sub)), boost)
        }
        leaf => leaf,
    }
}

/// The query with its words joined by nothing made required: `oil
/// prices` as `+oil +prices`. Bare stop words stay optional (`what did
/// lavrov say` needs only Lavrov and say); `OR` keeps its meaning.
pub fn require_all(ast: UserInputAst) -> UserInputAst {
    match ast {
        UserInputAst::Clause(clauses) => {
            let has_required = clauses
                .iter()
                .any(|(o, sub)| o.is_none() && !is_stop_leaf(sub) || *o == Some(Occur::Must));
            UserInputAst::Clause(
                clauses
                    .into_iter()
                    .map(|(occur, sub)| {
                        let occur = match occur {
                            None if has_required && is_stop_leaf(&sub) => Some(Occur::Should),
                            None => Some(Occur::Must),
                            other => other,
                        };
                        (occur, require_all(sub))
                    })
                    .collect(),
            )
        }
        UserInputAst::Boost(sub, boost) => UserInputAst::Boost(Box::new(require_all(*sub)), boost),
        leaf => leaf,
    }
}

/// Whether a clause is a bare stop word (`the`, `did`).
fn is_stop_leaf(ast: &UserInputAst) -> bool {
    matches!(ast, UserInputAst::Leaf(leaf) if matches!(leaf.as_ref(),
        UserInputLeaf::Literal(lit) if lit.field_name.is_none()
            && lit.delimiter == Delimiter::None
            && QUERY_STOP_WORDS.contains(&lit.phrase.to_lowercase().as_str())))
}

/// Whether requiring all words changes anything: two or more words
/// joined by nothing somewhere in the query.
pub fn can_relax(ast: &UserInputAst) -> bool {
    match ast {
        UserInputAst::Clause(clauses) => {
            clauses.iter().filter(|(o, _)| o.is_none()).count() >= 2
                || clauses.iter().any(|(_, sub)| can_relax(sub))
        }
        UserInputAst::Boost(sub, _) => can_relax(sub),
        UserInputAst::Leaf(_) => false,
    }
}

/// A bag-of-words query, without the stop words of questions.
fn words_query(words: Vec<(Option<Occur>, String)>) -> ParsedQuery {
    let is_stop =
        |(_, w): &(Option<Occur>, String)| QUERY_STOP_WORDS.contains(&w.to_lowercase().as_str());
    let words: Vec<_> = if words.iter().all(is_stop) {
        words
    } else {
        words.into_iter().filter(|w| !is_stop(w)).collect()
    };
    // Each word keeps its occurrence: joined by nothing (all words, or
    // any with `--any`) or by OR.
    let clauses = words
        .iter()
        .map(|(occur, w)| {
            let lit = literal(None, w, Delimiter::None);
            (
                *occur,
                UserInputAst::Leaf(Box::new(UserInputLeaf::Literal(lit))),
            )
        })
        .collect();
    ParsedQuery {
        ast: UserInputAst::Clause(clauses),
        words: Some(words.into_iter().map(|(_, w)| w).collect()),
    }
}

/// Plain mode: every run of letters and digits is a word, nothing else
/// means anything.
fn plain_words(query: &str) -> Option<ParsedQuery> {
    let words: Vec<(Option<Occur>, String)> = query
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .take(1024)
        .map(|w| (None, w.to_lowercase()))
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
        // `*:*`: Lucene's every article.
        UserInputLeaf::Literal(lit)
            if lit.field_name.is_none()
                && lit.delimiter == Delimiter::None
                && lit.phrase == "*:*" =>
        {
            UserInputLeaf::All
        }
        UserInputLeaf::Literal(mut lit) => {
            lit.field_name = map_field(lit.field_name)?;
            if lit.delimiter == Delimiter::None && lit.field_name.as_deref() != Some("date") {
                word_operators(&mut lit)?;
            }
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

/// Most edits a fuzzy word may allow (`lavrov~2`), as Lucene.
pub const MAX_EDITS: u32 = 2;

/// What a bare word carries at its end: a possessive (`Trump's` is
/// Trump), a wildcard (`tiller*`: `prefix`), or a fuzzy mark (`lavrov~1`:
/// `slop` holds the edits; a word, unlike a phrase, has no other use for
/// it). A `*` elsewhere in a word is an error.
fn word_operators(lit: &mut UserInputLiteral) -> Result<(), RewriteError> {
    // `IN` as a word comes escaped (`escape_words`).
    if let Some(word) = lit.phrase.strip_prefix('\\')
        && word.chars().all(char::is_alphanumeric)
    {
        lit.phrase = word.to_owned();
    }
    let word = lit.phrase.as_str();
    for suffix in ["'s", "'S", "\u{2019}s", "\u{2019}S", "'", "\u{2019}"] {
        if let Some(stem) = word.strip_suffix(suffix)
            && stem.chars().last().is_some_and(char::is_alphanumeric)
        {
            lit.phrase = stem.to_owned();
            return Ok(());
        }
    }
    if word == "*" {
        return Ok(());
    }
    if let Some(stem) = word.strip_suffix('*')
        && !stem.contains('*')
        && stem.chars().any(char::is_alphanumeric)
    {
        lit.phrase = stem.to_owned();
        lit.prefix = true;
        return Ok(());
    }
    if word.contains('*') {
        return Err((
            format!("a wildcard * goes at the end of a word, as in tiller* (found '{word}')"),
            Some(word.to_owned()),
        ));
    }
    if let Some((stem, edits)) = word.rsplit_once('~')
        && stem.chars().any(char::is_alphanumeric)
        && edits.bytes().all(|b| b.is_ascii_digit())
    {
        // `lavrov~` is Lucene's `lavrov~2`.
        let edits = if edits.is_empty() {
            MAX_EDITS
        } else {
            edits.parse::<u32>().unwrap_or(u32::MAX)
        };
        if edits > MAX_EDITS {
            return Err((
                format!(
                    "a fuzzy word allows at most {MAX_EDITS} edits, as in lavrov~1 or lavrov~2"
                ),
                Some(word.to_owned()),
            ));
        }
        lit.phrase = stem.to_owned();
        lit.slop = edits;
    }
    Ok(())
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

/// The words of a query made only of bare words, each with how it is
/// joined (nothing, or OR).
fn bare_words(ast: &UserInputAst) -> Option<Vec<(Option<Occur>, String)>> {
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
                None | Some(Occur::Should) => leaf_word(sub).map(|w| (*occur, w)),
                _ => None,
            })
            .collect(),
        other => leaf_word(other).map(|w| vec![(None, w)]),
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
    fn words_with_punctuation_are_words() {
        for q in [
            "Trump's wall",
            "O'Brien",
            "Michelle O'Neill",
            "Merkel's",
            "don't",
            "U.S.",
            "AT&T",
            "#MeToo",
            "@potus",
            "C++",
            "9/11",
            "emoji \u{1f600} oil",
            "12:30",
            "Breaking: oil",
            "5'10\"",
            "rock'n'roll",
            "'90s",
            "it’s",
            "a^b",
            "lavrov^",
            "/r/news",
            "[1 TO 5",
            "x`y",
            "a\\",
            "MADE IN CHINA",
            "*:*",
        ] {
            let q = parse(q, false);
            assert!(q.is_ok(), "{q:?}");
        }
        let q = parse("Trump's wall", false).unwrap();
        assert_eq!(q.words.unwrap(), ["Trump", "wall"]);
        let q = parse("workers’ O'Brien", false).unwrap();
        assert_eq!(q.words.unwrap(), ["workers", "O'Brien"]);
        // Operators still work beside such words.
        assert!(parse("title:\"arms control\" Trump's -O'Brien", false).is_ok());
        assert!(parse("(lavrov OR rubio)^2 Trump's", false).is_ok());
    }

    #[test]
    fn operator_mistakes_are_located_and_explained() {
        for (q, pos, words) in [
            ("lavrov AND", 7, "AND needs a word on each side"),
            ("OR lavrov", 0, "OR needs a word"),
            ("lavrov AND OR rubio", 7, "AND needs a word"),
            ("lavrov NOT", 7, "NOT needs a word after it"),
            ("(lavrov", 0, "never closed"),
            ("lavrov)", 6, "closes no ("),
            ("lavrov \"arms", 7, "quote is never closed"),
            ("date:[2017 TO", 5, "range is never closed"),
            ("ti*er", 0, "goes at the end of a word"),
            ("oil lavrov~3", 4, "at most 2 edits"),
        ] {
            let e = parse(q, false).unwrap_err();
            assert_eq!(e.pos, Some(pos), "{q}: {e}");
            assert!(e.message.contains(words), "{q}: {e}");
            assert!(e.to_string().contains('^'), "{q}: {e}");
        }
    }

    #[test]
    fn wildcards_and_fuzzy_words_are_marked() {
        let UserInputLeaf::Literal(lit) = only_leaf("tiller*") else {
            panic!()
        };
        assert_eq!((lit.phrase.as_str(), lit.prefix), ("tiller", true));
        let UserInputLeaf::Literal(lit) = only_leaf("lavrov~1") else {
            panic!()
        };
        assert_eq!((lit.phrase.as_str(), lit.slop), ("lavrov", 1));
        let UserInputLeaf::Literal(lit) = only_leaf("title:lavrov~") else {
            panic!()
        };
        assert_eq!((lit.phrase.as_str(), lit.slop), ("lavrov", MAX_EDITS));
        // A phrase keeps its slop and prefix meanings.
        let UserInputLeaf::Literal(lit) = only_leaf("\"arms control\"~2") else {
            panic!()
        };
        assert_eq!((lit.delimiter, lit.slop), (Delimiter::DoubleQuotes, 2));
        assert!(parse("*", false).is_ok());
    }

    #[test]
    fn exclusions_alone_mean_every_other_article() {
        for q in ["NOT merkel", "-merkel", "-merkel -putin"] {
            let text = format!("{:?}", parse(q, false).unwrap().ast);
            assert!(text.contains("+*"), "{q}: {text}");
        }
        let text = format!("{:?}", parse("lavrov -merkel", false).unwrap().ast);
        assert!(!text.contains("+*"), "{text}");
    }

    #[test]
    fn all_words_are_required_unless_or_says_otherwise() {
        let occurs = |ast: &UserInputAst| match ast {
            UserInputAst::Clause(c) => c.iter().map(|(o, _)| *o).collect::<Vec<_>>(),
            _ => Vec::new(),
        };
        let q = parse("oil prices", false).unwrap();
        assert!(can_relax(&q.ast));
        assert_eq!(
            occurs(&require_all(q.ast)),
            [Some(Occur::Must), Some(Occur::Must)]
        );
        let q = parse("oil OR prices", false).unwrap();
        assert!(!can_relax(&q.ast));
        assert_eq!(
            occurs(&require_all(q.ast)),
            [Some(Occur::Should), Some(Occur::Should)]
        );
        // A stop word beside a phrase stays optional.
        let q = parse("did \"arms control\"", false).unwrap();
        assert_eq!(
            occurs(&require_all(q.ast)),
            [Some(Occur::Should), Some(Occur::Must)]
        );
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
