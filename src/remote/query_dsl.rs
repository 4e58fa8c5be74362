//! newsidx's query language in OpenSearch's query DSL: the query as
//! `search::query` parses it (a `UserInputAst`) turned into `bool`,
//! `match_phrase`, `term`, `prefix`, `fuzzy`, `range`, `terms` and
//! `exists` queries over the fields of `schema/opensearch.json`, weighted
//! as the local engine weighs them (`search::engine`): title, body,
//! people and topics searched by default, people boosted, and for a query
//! of plain words the articles holding all of them, the words as a
//! phrase, and adjacent pairs of them ranked higher.
//!
//! Pure functions, JSON out: no cluster is needed to see what is asked.
//! Words are analysed here with the local analysers (which the template's
//! mirror) only to learn what the local engine would do with them: a
//! field where a word leaves no token is not searched, the key of a
//! wildcard or fuzzy word is its stem, and the extra clauses of plain
//! words use the words' index terms.

use serde_json::{Value, json};
use tantivy::query_grammar::{
    Delimiter, Occur, UserInputAst, UserInputBound, UserInputLeaf, UserInputLiteral,
};
use tantivy::tokenizer::TextAnalyzer;

use crate::index::schema::{names_analyzer, news_analyzer};
use crate::search::query::{self, MAX_EDITS, ParsedQuery};
use crate::search::{
    ALL_WORDS_BOOST, MAX_EXPANSIONS, Match, PAIR_BOOST, PEOPLE_BOOST, PHRASE_BOOST, TITLE_BOOST,
    TOPIC_BOOST,
};

/// How a field's values are matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// Analysed as titles and bodies (stemmed).
    News,
    /// Analysed as names (not stemmed).
    Names,
    /// A keyword: matched exactly.
    Keyword,
}

/// A field of the cluster's documents as a query searches it.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Target {
    field: &'static str,
    boost: f32,
    kind: Kind,
}

const TITLE: Target = Target {
    field: "title",
    boost: TITLE_BOOST,
    kind: Kind::News,
};
const BODY: Target = Target {
    field: "body",
    boost: 1.0,
    kind: Kind::News,
};
const PEOPLE: Target = Target {
    field: "people.text",
    boost: PEOPLE_BOOST,
    kind: Kind::Names,
};
const TOPICS: Target = Target {
    field: "topics.text",
    boost: TOPIC_BOOST,
    kind: Kind::Names,
};
const SOURCE: Target = Target {
    field: "source.text",
    boost: 1.0,
    kind: Kind::Names,
};

/// The fields a word without a field is looked for in, as locally.
const DEFAULT_FIELDS: [Target; 4] = [TITLE, BODY, PEOPLE, TOPICS];

/// The cluster's field for a field name of the parsed query (the
/// schema's names, `search::query` maps users' names to them).
fn targets(name: &str) -> Vec<Target> {
    let keyword = |field| Target {
        field,
        boost: 1.0,
        kind: Kind::Keyword,
    };
    match name {
        "title" => vec![TITLE],
        "body" => vec![BODY],
        "people" => vec![PEOPLE],
        "topic" => vec![TOPICS],
        "source" => vec![SOURCE],
        other => vec![keyword(keyword_field(other))],
    }
}

/// The keyword field of the cluster for a schema field that holds exact
/// values.
fn keyword_field(name: &str) -> &'static str {
    match name {
        "people" | "people_exact" => "people",
        "topic" | "topic_exact" => "topics",
        "source" | "source_exact" => "source",
        "name_words" => "name_words",
        "date" => "date",
        "path" => "path",
        "key" => "key",
        "group" => "group",
        "title" => "title",
        "body" => "body",
        _ => "id",
    }
}

/// Translates parsed queries; holds the analysers.
pub struct Translator {
    news: TextAnalyzer,
    names: TextAnalyzer,
}

impl Default for Translator {
    fn default() -> Self {
        Translator::new()
    }
}

impl Translator {
    pub fn new() -> Translator {
        Translator {
            news: news_analyzer(),
            names: names_analyzer(),
        }
    }

    /// The ranking query for a parsed query, its words matched as
    /// `matching` says: the query itself, required, and for two or more
    /// plain words the clauses that reorder its hits without adding any
    /// (all words present, the words as a phrase, adjacent pairs).
    pub fn scoring(&self, parsed: &ParsedQuery, matching: Match) -> Value {
        let ast = match matching {
            Match::All => query::require_all(parsed.ast.clone()),
            Match::Any => parsed.ast.clone(),
        };
        let main = self.ast(&ast).unwrap_or_else(match_none);
        let Some(words) = parsed.words.as_ref().filter(|w| w.len() >= 2) else {
            return main;
        };
        let text = words.join(" ");
        let terms = self.tokens(Kind::News, &text);
        if terms.len() < 2 {
            return main;
        }
        let mut should = Vec::new();
        let all: Vec<Value> = terms
            .iter()
            .map(|(_, t)| {
                json!({"bool": {"should": [
                    {"term": {"title": {"value": t, "boost": TITLE_BOOST}}},
                    {"term": {"body": t}},
                ]}})
            })
            .collect();
        should.push(json!({"bool": {"must": all, "boost": ALL_WORDS_BOOST}}));
        for field in ["title", "body"] {
            should.push(json!({"match_phrase": {field: {"query": text, "boost": PHRASE_BOOST}}}));
            if terms.len() > 2 {
                for pair in terms.windows(2) {
                    let gap = pair[1].0.saturating_sub(pair[0].0 + 1);
                    should.push(json!({"span_near": {
                        "clauses": [
                            {"span_term": {field: pair[0].1}},
                            {"span_term": {field: pair[1].1}},
                        ],
                        "slop": gap,
                        "in_order": true,
                        "boost": PAIR_BOOST,
                    }}));
                }
            }
        }
        json!({"bool": {"must": [main], "should": should}})
    }

    /// One node of the query; `None` when it holds no word the index
    /// could have (the local engine drops such a clause).
    fn ast(&self, ast: &UserInputAst) -> Option<Value> {
        match ast {
            UserInputAst::Clause(clauses) => {
                let (mut must, mut should, mut must_not) = (Vec::new(), Vec::new(), Vec::new());
                for (occur, sub) in clauses {
                    let Some(q) = self.ast(sub) else { continue };
                    match occur {
                        Some(Occur::Must) => must.push(q),
                        Some(Occur::MustNot) => must_not.push(q),
                        Some(Occur::Should) | None => should.push(q),
                    }
                }
                if must.is_empty() && should.is_empty() && must_not.is_empty() {
                    return None;
                }
                // One required or optional query alone is that query.
                if must_not.is_empty() && must.len() + should.len() == 1 {
                    return must.pop().or_else(|| should.pop());
                }
                let mut b = serde_json::Map::new();
                for (key, list) in [("must", must), ("should", should), ("must_not", must_not)] {
                    if !list.is_empty() {
                        b.insert(key.into(), Value::Array(list));
                    }
                }
                Some(json!({ "bool": b }))
            }
            UserInputAst::Boost(sub, boost) => {
                let q = self.ast(sub)?;
                Some(json!({"bool": {"must": [q], "boost": boost.0}}))
            }
            UserInputAst::Leaf(leaf) => self.leaf(leaf),
        }
    }

    fn leaf(&self, leaf: &UserInputLeaf) -> Option<Value> {
        match leaf {
            UserInputLeaf::Literal(lit) => self.literal(lit),
            UserInputLeaf::All => Some(json!({"match_all": {}})),
            UserInputLeaf::Range {
                field,
                lower,
                upper,
            } => {
                let mut range = serde_json::Map::new();
                match lower {
                    UserInputBound::Inclusive(v) => range.insert("gte".into(), json!(v)),
                    UserInputBound::Exclusive(v) => range.insert("gt".into(), json!(v)),
                    UserInputBound::Unbounded => None,
                };
                match upper {
                    UserInputBound::Inclusive(v) => range.insert("lte".into(), json!(v)),
                    UserInputBound::Exclusive(v) => range.insert("lt".into(), json!(v)),
                    UserInputBound::Unbounded => None,
                };
                let field = keyword_field(field.as_deref().unwrap_or("date"));
                Some(json!({"range": {field: range}}))
            }
            UserInputLeaf::Set { field, elements } => {
                let field = keyword_field(field.as_deref().unwrap_or("id"));
                Some(json!({"terms": {field: elements}}))
            }
            UserInputLeaf::Exists { field } => {
                Some(json!({"exists": {"field": keyword_field(field)}}))
            }
            // `search::query` makes regular expressions only for
            // `title:*` and `body:*` (users cannot write them).
            UserInputLeaf::Regex { field, pattern } => {
                let field = keyword_field(field.as_deref().unwrap_or("body"));
                if pattern == ".+" {
                    Some(json!({"exists": {"field": field}}))
                } else {
                    Some(json!({"regexp": {field: {"value": pattern}}}))
                }
            }
        }
    }

    /// A word or a phrase, over its field or the default fields: a
    /// phrase query per field where it leaves tokens (one token is a term
    /// query), a prefix or fuzzy query for `tiller*` and `lavrov~1`.
    fn literal(&self, lit: &UserInputLiteral) -> Option<Value> {
        let fields = match lit.field_name.as_deref() {
            Some(name) => targets(name),
            None => DEFAULT_FIELDS.to_vec(),
        };
        let word = lit.delimiter == Delimiter::None;
        let mut queries = Vec::new();
        for t in fields {
            let q = if t.kind == Kind::Keyword {
                let value = &lit.phrase;
                if word && lit.prefix {
                    json!({"prefix": {t.field: {"value": value}}})
                } else if word && lit.slop > 0 {
                    json!({"fuzzy": {t.field: {"value": value, "fuzziness": lit.slop.min(MAX_EDITS)}}})
                } else {
                    json!({"term": {t.field: {"value": value}}})
                }
            } else if word && (lit.prefix || lit.slop > 0) {
                let Some(key) = self.key_word(t.kind, &lit.phrase) else {
                    continue;
                };
                // Locally the words a wildcard stands for are matched
                // with a constant score, as here.
                if lit.prefix {
                    json!({"prefix": {t.field: {
                        "value": key, "rewrite": "constant_score", "boost": t.boost,
                    }}})
                } else {
                    json!({"fuzzy": {t.field: {
                        "value": key,
                        "fuzziness": lit.slop.min(MAX_EDITS),
                        "transpositions": true,
                        "prefix_length": 0,
                        "max_expansions": MAX_EXPANSIONS,
                        "rewrite": "constant_score",
                        "boost": t.boost,
                    }}})
                }
            } else {
                if self.tokens(t.kind, &lit.phrase).is_empty() {
                    continue;
                }
                let kind = if lit.prefix {
                    "match_phrase_prefix"
                } else {
                    "match_phrase"
                };
                let mut body = json!({"query": lit.phrase, "boost": t.boost});
                if !word && lit.slop > 0 {
                    body["slop"] = json!(lit.slop);
                }
                json!({ kind: { t.field: body } })
            };
            queries.push(q);
        }
        match queries.len() {
            0 => None,
            1 => queries.pop(),
            _ => Some(json!({"bool": {"should": queries}})),
        }
    }

    /// The tokens (position, text) a field's analyser makes of a text.
    fn tokens(&self, kind: Kind, text: &str) -> Vec<(usize, String)> {
        let mut analyzer = match kind {
            Kind::News => self.news.clone(),
            Kind::Names => self.names.clone(),
            Kind::Keyword => return vec![(0, text.to_owned())],
        };
        let mut stream = analyzer.token_stream(text);
        let mut tokens = Vec::new();
        while let Some(token) = stream.next() {
            tokens.push((token.position, token.text.clone()));
        }
        tokens
    }

    /// A word as a field indexes it (the local engine's `key_word`): its
    /// one token, or the word in lower case when it is a stop word;
    /// `None` when it makes several tokens.
    fn key_word(&self, kind: Kind, word: &str) -> Option<String> {
        let tokens = self.tokens(kind, word);
        match tokens.len() {
            0 => word
                .chars()
                .all(char::is_alphanumeric)
                .then(|| word.to_lowercase()),
            1 => tokens.into_iter().next().map(|(_, t)| t),
            _ => None,
        }
    }
}

/// A query that matches nothing.
pub fn match_none() -> Value {
    json!({"match_none": {}})
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::query::parse;

    fn dsl(q: &str, matching: Match) -> Value {
        Translator::new().scoring(&parse(q, false).unwrap(), matching)
    }

    fn word(field: &str, text: &str, boost: f32) -> Value {
        json!({"match_phrase": {field: {"query": text, "boost": boost}}})
    }

    fn anywhere(text: &str) -> Value {
        json!({"bool": {"should": [
            word("title", text, TITLE_BOOST),
            word("body", text, 1.0),
            word("people.text", text, PEOPLE_BOOST),
            word("topics.text", text, TOPIC_BOOST),
        ]}})
    }

    #[test]
    fn one_word_is_looked_for_in_the_default_fields_with_their_weights() {
        assert_eq!(dsl("lavrov", Match::All), anywhere("lavrov"));
    }

    #[test]
    fn plain_words_are_all_required_and_ranked_as_locally() {
        let q = dsl("oil prices", Match::All);
        assert_eq!(
            q["bool"]["must"][0],
            json!({"bool": {"must": [anywhere("oil"), anywhere("prices")]}})
        );
        let should = q["bool"]["should"].as_array().unwrap();
        // All words (as index terms), then the phrase in title and body;
        // two words make no pairs.
        assert_eq!(should.len(), 3);
        assert_eq!(
            should[0]["bool"]["must"][1]["bool"]["should"][1],
            json!({"term": {"body": "price"}})
        );
        assert_eq!(
            should[1],
            json!({"match_phrase": {"title": {"query": "oil prices", "boost": PHRASE_BOOST}}})
        );
        // Three words: a pair clause per adjacent pair and field.
        let q = dsl("crude oil prices", Match::All);
        let should = q["bool"]["should"].as_array().unwrap();
        assert_eq!(should.len(), 1 + 2 * 3);
        assert_eq!(
            should[2]["span_near"]["clauses"][1],
            json!({"span_term": {"title": "oil"}})
        );
    }

    #[test]
    fn any_leaves_words_optional() {
        let q = dsl("oil prices", Match::Any);
        assert_eq!(
            q["bool"]["must"][0],
            json!({"bool": {"should": [anywhere("oil"), anywhere("prices")]}})
        );
    }

    #[test]
    fn operators_phrases_fields_and_exclusions() {
        let q = dsl("\"arms control\" -nuclear title:Lavrov", Match::All);
        assert_eq!(
            q,
            json!({"bool": {
                "must": [anywhere("arms control"), word("title", "Lavrov", TITLE_BOOST)],
                "must_not": [anywhere("nuclear")],
            }})
        );
        let q = dsl("people:trump OR topic:energy", Match::All);
        assert_eq!(
            q,
            json!({"bool": {"should": [
                word("people.text", "trump", PEOPLE_BOOST),
                word("topics.text", "energy", TOPIC_BOOST),
            ]}})
        );
        // Exclusions alone: every article without them.
        let q = dsl("-merkel", Match::All);
        assert_eq!(
            q,
            json!({"bool": {"must": [{"match_all": {}}], "must_not": [anywhere("merkel")]}})
        );
    }

    #[test]
    fn wildcards_and_fuzzy_words_use_the_stem_with_a_constant_score() {
        let q = dsl("title:presidents*", Match::All);
        assert_eq!(
            q,
            json!({"prefix": {"title": {
                "value": "presid", "rewrite": "constant_score", "boost": TITLE_BOOST,
            }}})
        );
        let q = dsl("people:lavrov~1", Match::All);
        assert_eq!(q["fuzzy"]["people.text"]["value"], "lavrov");
        assert_eq!(q["fuzzy"]["people.text"]["fuzziness"], 1);
        assert_eq!(q["fuzzy"]["people.text"]["boost"], json!(PEOPLE_BOOST));
    }

    #[test]
    fn dates_sets_and_field_presence() {
        let q = dsl("date:2017-02", Match::All);
        assert_eq!(
            q,
            json!({"range": {"date": {"gte": "2017-02-01T00:00:00Z", "lt": "2017-03-01T00:00:00Z"}}})
        );
        assert_eq!(
            dsl("source:*", Match::All),
            json!({"exists": {"field": "source"}})
        );
        assert_eq!(
            dsl("title:*", Match::All),
            json!({"exists": {"field": "title"}})
        );
        assert_eq!(
            dsl("id:a1", Match::All),
            json!({"term": {"id": {"value": "a1"}}})
        );
    }

    #[test]
    fn words_that_leave_no_token_in_a_field_skip_it() {
        // A stop word is no word of titles and bodies, but a name word.
        let q = dsl("+the", Match::All);
        assert_eq!(
            q,
            json!({"bool": {"should": [
                word("people.text", "the", PEOPLE_BOOST),
                word("topics.text", "the", TOPIC_BOOST),
            ]}})
        );
        // Punctuation alone leaves nothing anywhere: nothing matches.
        assert_eq!(dsl("\"!!\"", Match::All), match_none());
    }

    #[test]
    fn boosts_and_phrase_slop() {
        let q = dsl("\"arms control\"~2^3", Match::All);
        assert_eq!(q["bool"]["boost"], json!(3.0));
        assert_eq!(
            q["bool"]["must"][0]["bool"]["should"][0]["match_phrase"]["title"]["slop"],
            2
        );
    }
}
