//! The way from a result to its article: one article by its id with its
//! near-duplicates (`newsidx show`), the articles most like it
//! (`newsidx similar`, tantivy's more-like-this), the query words in a
//! title, and a title for an article without one.

use std::collections::{HashMap, HashSet};

use anyhow::{Context, Result};
use tantivy::collector::TopDocs;
use tantivy::query::{BooleanQuery, ConstScoreQuery, Occur, Query, TermQuery};
use tantivy::schema::IndexRecordOption;
use tantivy::{Searcher, TantivyDocument, Term};

use super::{Engine, Results, SearchError};
use crate::index::document::Stored;
use crate::search::request::Request;

/// Words that end in a dot without ending a sentence.
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "sen", "rep", "gov", "gen", "col", "lt", "sgt", "st", "jr", "sr",
    "prof", "rev", "no", "vs", "inc", "corp", "co", "ltd", "jan", "feb", "aug", "sept", "oct",
    "nov", "dec",
];

/// Longest title made from an article's first sentence, in bytes.
const STAND_IN_BYTES: usize = 120;

/// The title shown for an article without one: its first sentence (or
/// line), cut between words at [`STAND_IN_BYTES`]; empty if the body is.
pub fn stand_in_title(body: &str) -> String {
    let text = body.trim_start();
    let line = text.split('\n').next().unwrap_or("").trim();
    // A sentence ends at `. `, `! ` or `? ` before a capital, a digit or
    // a quote; not after an abbreviation (`U.S. officials`, `Mr. Lavrov`).
    let mut end = line.len();
    for (i, c) in line.char_indices() {
        if !matches!(c, '.' | '!' | '?') {
            continue;
        }
        let next = line[i + 1..]
            .strip_prefix(' ')
            .and_then(|r| r.chars().next());
        let word = line[..i].rsplit(' ').next().unwrap_or("");
        let abbreviation = c == '.'
            && (word.contains('.')
                || word.chars().count() < 2
                || ABBREVIATIONS.contains(&word.to_lowercase().as_str()));
        if next.is_some_and(|n| n.is_uppercase() || n.is_ascii_digit() || "\"'“‘".contains(n))
            && !abbreviation
        {
            end = i + 1;
            break;
        }
    }
    let sentence = &line[..end];
    if sentence.len() <= STAND_IN_BYTES {
        return sentence.to_owned();
    }
    let mut cut = STAND_IN_BYTES;
    while !sentence.is_char_boundary(cut) {
        cut -= 1;
    }
    let cut = sentence[..cut].rfind(' ').filter(|&i| i > 0).unwrap_or(cut);
    format!(
        "{}…",
        sentence[..cut]
            .trim_end()
            .trim_end_matches(['.', ',', ';', ':'])
            .trim_end()
    )
}

/// Words of an article that make the more-like-this query for it: those
/// frequent in it and rare in the archive.
pub const SIMILAR_TERMS: usize = 25;

/// What [`Engine::article`] found for an id.
#[derive(Debug)]
pub enum Found {
    /// The article, with its record key (`path#n`) and its near-duplicates.
    One(Box<Shown>),
    /// No article has the id (in the path given).
    None,
    /// Several articles have the id: at most this many, by path.
    Several(Vec<Stored>),
}

/// An article in full, for `newsidx show`.
#[derive(Debug, Clone)]
pub struct Shown {
    pub article: Stored,
    /// Where in the file: `path#n` for the n-th record of a file of many.
    pub key: String,
    /// The other articles of its near-duplicate group.
    pub duplicates: Vec<Stored>,
}

impl Engine {
    /// The article with this id (in `path`, when given): one, none or
    /// several (at most `limit`).
    pub fn article(&self, id: &str, path: Option<&str>, limit: usize) -> Result<Found> {
        let found = self.articles(id, path, limit.max(2))?;
        let article = match found.len() {
            0 => return Ok(Found::None),
            1 => found.into_iter().next().unwrap_or_default(),
            _ => return Ok(Found::Several(found)),
        };
        let (key, duplicates) = {
            let searcher = self.searcher();
            let key = self
                .key_of(&searcher, &article)?
                .unwrap_or_else(|| article.path.clone());
            let mut duplicates = Vec::new();
            if !article.group.is_empty() {
                let term = Term::from_field_text(self.fields.group, &article.group);
                let query = TermQuery::new(term, IndexRecordOption::Basic);
                let top = TopDocs::with_limit(MAX_SHOWN_DUPLICATES).order_by_score();
                for (_, addr) in searcher
                    .search(&query, &top)
                    .context("cannot look up near-duplicates")?
                {
                    let doc: TantivyDocument =
                        searcher.doc(addr).context("cannot read a stored article")?;
                    let mut copy = self.stored(&searcher, addr, &doc)?;
                    if copy.id == article.id && copy.path == article.path {
                        continue;
                    }
                    copy.body.clear();
                    duplicates.push(copy);
                }
                duplicates.sort_by(|a, b| (a.date, &a.path, &a.id).cmp(&(b.date, &b.path, &b.id)));
            }
            (key, duplicates)
        };
        Ok(Found::One(Box::new(Shown {
            article,
            key,
            duplicates,
        })))
    }

    /// The record key of a stored article (found by id and path).
    fn key_of(&self, searcher: &Searcher, a: &Stored) -> Result<Option<String>> {
        let term = |field, text: &str| -> Box<dyn Query> {
            Box::new(TermQuery::new(
                Term::from_field_text(field, text),
                IndexRecordOption::Basic,
            ))
        };
        let query = BooleanQuery::new(vec![
            (Occur::Must, term(self.fields.id, &a.id)),
            (Occur::Must, term(self.fields.path, &a.path)),
        ]);
        let top = TopDocs::with_limit(1).order_by_score();
        let docs = searcher
            .search(&query, &top)
            .context("cannot look up an article")?;
        let Some((_, addr)) = docs.first() else {
            return Ok(None);
        };
        let doc: TantivyDocument = searcher
            .doc(*addr)
            .context("cannot read a stored article")?;
        Ok(doc
            .get_first(self.fields.key)
            .and_then(|v| tantivy::schema::Value::as_str(&v))
            .map(str::to_owned))
    }

    /// The articles most like `a` (as [`Engine::article`] found it):
    /// tantivy's more-like-this over its title and text, narrowed by the
    /// request's filters, with its page, order and folding. The article
    /// is left out, and so are its near-duplicates unless `req.all`.
    pub fn similar(&self, a: &Stored, req: &Request) -> Result<Results, SearchError> {
        let f = &self.fields;
        // tantivy keeps the best terms in a heap fed from a hash map, so
        // terms of equal weight would be chosen in a different order on
        // each run: the terms are chosen here, ties by their text, and
        // handed to it already analysed.
        let terms = self.similar_terms(a)?;
        if terms.is_empty() {
            // No word of it is in another article: nothing is like it.
            return Ok(Results::default());
        }
        let mlt = tantivy::query::MoreLikeThisQuery::builder()
            .with_min_doc_frequency(2)
            .with_min_term_frequency(1)
            .with_max_query_terms(SIMILAR_TERMS * 2)
            .with_document_fields(terms);
        let term = |field, text: &str| -> Box<dyn Query> {
            Box::new(TermQuery::new(
                Term::from_field_text(field, text),
                IndexRecordOption::Basic,
            ))
        };
        let itself: Box<dyn Query> = if a.group.is_empty() || req.all {
            Box::new(BooleanQuery::new(vec![
                (Occur::Must, term(f.id, &a.id)),
                (Occur::Must, term(f.path, &a.path)),
            ]))
        } else {
            term(f.group, &a.group)
        };
        let mut clauses: Vec<(Occur, Box<dyn Query>)> =
            vec![(Occur::Must, Box::new(mlt)), (Occur::MustNot, itself)];
        if let Some(filter) = self.filter_query(&req.filters, &req.query)? {
            clauses.push((Occur::Must, Box::new(ConstScoreQuery::new(filter, 0.0))));
        }
        self.run(&BooleanQuery::new(clauses), req)
    }

    /// The [`SIMILAR_TERMS`] terms of an article's title and text that
    /// say most about it (frequent in it, rare in the archive: tf-idf, as
    /// more-like-this weighs them), as pre-analysed values per field.
    fn similar_terms(
        &self,
        a: &Stored,
    ) -> Result<Vec<(tantivy::schema::Field, Vec<tantivy::schema::OwnedValue>)>> {
        use tantivy::tokenizer::{PreTokenizedString, Token};
        let f = &self.fields;
        let searcher = self.searcher();
        let docs = searcher.num_docs() as f32;
        let fields = [(f.title, &a.title), (f.body, &a.body)];
        let mut counts: HashMap<(usize, String), usize> = HashMap::new();
        for (i, (_, text)) in fields.iter().enumerate() {
            let mut analyzer = self.analyzer.clone();
            let mut stream = analyzer.token_stream(text);
            while let Some(token) = stream.next() {
                if token.text.chars().count() >= 2 {
                    *counts.entry((i, token.text.clone())).or_default() += 1;
                }
            }
        }
        let mut scored = Vec::with_capacity(counts.len());
        for ((i, text), tf) in counts {
            let term = Term::from_field_text(fields[i].0, &text);
            let df = searcher.doc_freq(&term).context("cannot read the index")? as f32;
            if df < 2.0 {
                continue;
            }
            let idf = (1.0 + (docs - df + 0.5) / (df + 0.5)).ln();
            scored.push((tf as f32 * idf, i, text, tf));
        }
        scored.sort_by(|a, b| {
            b.0.total_cmp(&a.0)
                .then_with(|| (a.1, &a.2).cmp(&(b.1, &b.2)))
        });
        scored.truncate(SIMILAR_TERMS);
        let mut tokens: [Vec<Token>; 2] = Default::default();
        for (_, i, text, tf) in scored {
            for _ in 0..tf {
                let position = tokens[i].len();
                tokens[i].push(Token {
                    position,
                    text: text.clone(),
                    ..Token::default()
                });
            }
        }
        Ok(fields
            .iter()
            .zip(tokens)
            .filter(|(_, tokens)| !tokens.is_empty())
            .map(|((field, _), tokens)| {
                let value = tantivy::schema::OwnedValue::PreTokStr(PreTokenizedString {
                    text: String::new(),
                    tokens,
                });
                (*field, vec![value])
            })
            .collect())
    }

    /// The index terms of a query in the title field.
    pub(super) fn title_terms(&self, query: &dyn Query) -> HashSet<String> {
        let mut terms = HashSet::new();
        query.query_terms(&mut |term, _| {
            if term.field() == self.fields.title
                && let Some(text) = term.value().as_str()
            {
                terms.insert(text.to_owned());
            }
        });
        terms
    }

    /// Byte ranges of a title's words that are among `terms`.
    pub(super) fn title_highlights(
        &self,
        terms: &HashSet<String>,
        title: &str,
    ) -> Vec<(usize, usize)> {
        if terms.is_empty() {
            return Vec::new();
        }
        let mut analyzer = self.analyzer.clone();
        let mut stream = analyzer.token_stream(title);
        let mut ranges: Vec<(usize, usize)> = Vec::new();
        while let Some(token) = stream.next() {
            if terms.contains(&token.text)
                && token.offset_from < token.offset_to
                && token.offset_to <= title.len()
                && ranges
                    .last()
                    .is_none_or(|&(_, end)| end <= token.offset_from)
            {
                ranges.push((token.offset_from, token.offset_to));
            }
        }
        ranges
    }
}

/// Near-duplicates listed with an article at most.
pub const MAX_SHOWN_DUPLICATES: usize = 100;

#[cfg(test)]
mod tests {
    use super::{STAND_IN_BYTES, stand_in_title};

    #[test]
    fn the_first_sentence_stands_in_for_a_title() {
        assert_eq!(
            stand_in_title("The U.S. count rose by 4.5 percent. Officials were pleased."),
            "The U.S. count rose by 4.5 percent."
        );
        assert_eq!(
            stand_in_title("Mr. Lavrov spoke. Then he left."),
            "Mr. Lavrov spoke."
        );
        assert_eq!(stand_in_title("  One line\nand the next"), "One line");
        assert_eq!(stand_in_title(""), "");
        let dots = format!("{} ... and more", "word ".repeat(23));
        assert!(
            stand_in_title(&dots).ends_with("word…"),
            "{}",
            stand_in_title(&dots)
        );
        let long = "word ".repeat(100);
        let title = stand_in_title(&long);
        assert!(
            title.ends_with("word…") && title.len() <= STAND_IN_BYTES + 3,
            "{title}"
        );
        // Never cut inside a character.
        let title = stand_in_title(&"é".repeat(200));
        assert!(title.ends_with('…'));
    }
}
