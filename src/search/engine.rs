//! Running a query: ranking, filters, sorting and snippets, over one open
//! index. `Engine` is cheap to share between threads.

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex, PoisonError, RwLock};

use anyhow::{Context, Result};
use tantivy::collector::{Count, TopDocs};
use tantivy::query::{
    BooleanQuery, BoostQuery, ConstScoreQuery, FuzzyTermQuery, Occur, PhraseQuery, Query,
    QueryParser, TermQuery, TermSetQuery,
};
use tantivy::query_grammar::{Delimiter, UserInputAst, UserInputBound, UserInputLeaf};
use tantivy::schema::IndexRecordOption;
use tantivy::snippet::SnippetGenerator;
use tantivy::{DateTime, DocAddress, IndexReader, Order, Searcher, TantivyDocument, Term};

use crate::index::document::Stored;
use crate::index::entities::Entities;
use crate::index::schema::Fields;
use crate::index::store::Store;
use crate::search::facets;
use crate::search::query::{self, ParsedQuery, QueryError, literal};
use crate::search::request::{Filter, FilterError, Filters, Match, Request, Sort};
use crate::search::words::WordsQuery;

mod article;

pub use article::{Found, MAX_SHOWN_DUPLICATES, SIMILAR_TERMS, Shown, stand_in_title};

/// Boost of a title match over a body match.
pub const TITLE_BOOST: f32 = 1.0;
/// People and topics are short fields; a match there is good evidence.
pub const PEOPLE_BOOST: f32 = 1.5;
pub const TOPIC_BOOST: f32 = 1.0;
/// Extra weight for documents holding every word of the query.
pub const ALL_WORDS_BOOST: f32 = 1.0;
/// Extra weight for documents holding the words as a phrase.
pub const PHRASE_BOOST: f32 = 1.0;
/// Extra weight for each pair of adjacent query words found next to each
/// other (a light sequential-dependence model): proximity is evidence.
pub const PAIR_BOOST: f32 = 0.1;
/// Deepest page a search may reach (offset + limit), as Elasticsearch's
/// `max_result_window`: collecting more costs memory for nothing.
pub const MAX_RESULT_WINDOW: usize = 100_000;
/// Length of a snippet, in characters.
pub const SNIPPET_CHARS: usize = 220;
/// Most index words a wildcard (`tiller*`) or fuzzy word (`lavrov~2`)
/// may stand for, over the fields it searches; more is an error, not a
/// slow query. Lucene's default clause limit is 1,024.
pub const MAX_EXPANSIONS: usize = 500;
/// A query finding at most this many articles gets "did you mean".
pub const SUGGEST_AT_MOST: usize = 2;

/// One result: the article as stored, and what the search found out
/// about it. Renderers in [`crate::output`] show it; its JSON shapes are
/// projections of it ([`crate::output::json`]).
#[derive(Debug, Clone)]
pub struct Hit {
    /// 1-based, counted from the first page.
    pub rank: usize,
    pub score: f32,
    /// The article, without its body: the snippet stands for it.
    pub article: Stored,
    /// A passage of the body around the query words, as plain text.
    pub snippet: String,
    /// Byte ranges of the query words within `snippet`.
    pub highlights: Vec<(usize, usize)>,
    /// How many other articles are near-duplicates of this one (its
    /// group is `article.group`).
    pub duplicates: usize,
    /// Byte ranges of the query words within `article.title`.
    pub title_highlights: Vec<(usize, usize)>,
}

/// The results of one request.
#[derive(Debug, Clone, Default)]
pub struct Results {
    /// Matching articles, near-duplicates included.
    pub total: usize,
    pub hits: Vec<Hit>,
    /// No article holds all the words: these hits hold some of them
    /// (any-word matching), and front ends say so.
    pub partial: bool,
    /// Queries with a misspelt word put right ("did you mean"), when the
    /// query found few articles; each finds more.
    pub suggestions: Vec<String>,
}

/// Errors a request can meet: the user's query, a filter, the page, or
/// the index. Only the first is about the query's syntax.
#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    /// The query cannot be read.
    #[error(transparent)]
    Query(#[from] QueryError),
    /// A filter's value cannot be used.
    #[error(transparent)]
    Filter(#[from] FilterError),
    /// The page asked for ends beyond [`MAX_RESULT_WINDOW`].
    #[error("offset + limit may be at most {MAX_RESULT_WINDOW} (page through fewer results)")]
    TooDeep,
    /// The index cannot be read.
    #[error(transparent)]
    Index(#[from] anyhow::Error),
}

/// An open index ready to answer queries.
pub struct Engine {
    reader: IndexReader,
    index: tantivy::Index,
    dir: Option<std::path::PathBuf>,
    fields: Fields,
    parser: QueryParser,
    analyzer: tantivy::tokenizer::TextAnalyzer,
    /// The archive's people (and the user's corrections) as of the
    /// reader's commit.
    entities: RwLock<Arc<Entities>>,
    /// Per segment, for the table in `entities`: see `segment_words`.
    words: Mutex<HashMap<tantivy::index::SegmentId, Arc<SegmentWords>>>,
}

/// A segment's name words column, and the person each word that stands
/// for one (by term ordinal) stands for.
type SegmentWords = Option<(tantivy::columnar::StrColumn, HashMap<u64, String>)>;

impl Engine {
    pub fn new(store: &Store) -> Result<Engine> {
        let f = store.fields;
        let reader = store.index.reader().context("cannot read the index")?;
        let mut parser =
            QueryParser::for_index(&store.index, vec![f.title, f.body, f.people, f.topic]);
        parser.set_field_boost(f.title, TITLE_BOOST);
        parser.set_field_boost(f.people, PEOPLE_BOOST);
        parser.set_field_boost(f.topic, TOPIC_BOOST);
        // Users cannot write regular expressions (`query::parse` refuses
        // them); `title:*` is turned into one (`query::exists`).
        parser.allow_regexes();
        let analyzer = store
            .index
            .tokenizer_for_field(f.body)
            .context("no analyser for the body")?;
        let entities = Entities::load(store.dir.as_deref(), &store.index, &reader.searcher(), &f)?;
        Ok(Engine {
            reader,
            index: store.index.clone(),
            dir: store.dir.clone(),
            fields: f,
            parser,
            analyzer,
            entities: RwLock::new(Arc::new(entities)),
            words: Mutex::new(HashMap::new()),
        })
    }

    /// The people of the archive and the user's corrections, as searches
    /// see them now.
    pub fn entities(&self) -> Arc<Entities> {
        Arc::clone(&self.entities.read().unwrap_or_else(PoisonError::into_inner))
    }

    pub fn searcher(&self) -> Searcher {
        self.reader.searcher()
    }

    /// Makes the searches that start from now on see the index's latest
    /// commit (a long-running server calls this after an `index` run).
    /// The people of the archive and the corrections are read again too.
    pub fn reload(&self) -> Result<()> {
        self.reader.reload().context("cannot reload the index")?;
        let entities = Entities::load(
            self.dir.as_deref(),
            &self.index,
            &self.reader.searcher(),
            &self.fields,
        )?;
        let mut words = self.words.lock().unwrap_or_else(PoisonError::into_inner);
        *self
            .entities
            .write()
            .unwrap_or_else(PoisonError::into_inner) = Arc::new(entities);
        words.clear();
        Ok(())
    }

    /// The stored articles with this id, at most `limit` of them. Ids are
    /// unique within a file, not across files: `path` narrows to one file.
    pub fn articles(&self, id: &str, path: Option<&str>, limit: usize) -> Result<Vec<Stored>> {
        let term = |field, text: &str| -> Box<dyn Query> {
            Box::new(TermQuery::new(
                Term::from_field_text(field, text),
                IndexRecordOption::Basic,
            ))
        };
        let mut clauses = vec![(Occur::Must, term(self.fields.id, id))];
        if let Some(path) = path {
            clauses.push((Occur::Must, term(self.fields.path, path)));
        }
        let searcher = self.searcher();
        let top = TopDocs::with_limit(limit.max(1)).order_by_score();
        let docs = searcher
            .search(&BooleanQuery::new(clauses), &top)
            .context("cannot look up an article")?;
        let mut found = Vec::with_capacity(docs.len());
        for (_, addr) in docs {
            let doc: TantivyDocument =
                searcher.doc(addr).context("cannot read a stored article")?;
            found.push(self.stored(&searcher, addr, &doc)?);
        }
        // Score ties would leave the order to segment layout.
        found.sort_by(|a, b| a.path.cmp(&b.path));
        Ok(found)
    }

    /// Builds the ranking query and the filter query for a request.
    pub fn build_query(&self, req: &Request) -> Result<Box<dyn Query>, SearchError> {
        Ok(self.build(req, req.matching)?.0)
    }

    /// The query for a request with the words matched as `matching` says,
    /// and whether any-word matching would find more (two or more words
    /// joined by nothing).
    fn build(&self, req: &Request, matching: Match) -> Result<(Box<dyn Query>, bool), SearchError> {
        let parsed = query::parse(&req.query, req.plain)?;
        let relaxable = matching == Match::All && query::can_relax(&parsed.ast);
        let scoring = self.scoring_query(&parsed, &req.query, matching)?;
        let filters = self.filter_query(&req.filters, &req.query)?;
        let query: Box<dyn Query> = match filters {
            None => scoring,
            Some(filter) => Box::new(BooleanQuery::new(vec![
                (Occur::Must, scoring),
                (Occur::Must, Box::new(ConstScoreQuery::new(filter, 0.0))),
            ])),
        };
        Ok((query, relaxable))
    }

    fn to_query(&self, ast: UserInputAst, text: &str) -> Result<Box<dyn Query>, QueryError> {
        match self.parser.build_query_from_user_input_ast(ast) {
            // Exclusions alone are given a match-all (`query::parse`): this
            // is a query whose words are no words to the index (`:`, an
            // emoji), which finds nothing.
            Err(tantivy::query::QueryParserError::AllButQueryForbidden) => {
                return Ok(Box::new(tantivy::query::EmptyQuery));
            }
            other => other,
        }
        .map_err(|e| QueryError {
            query: text.to_owned(),
            pos: None,
            message: e.to_string(),
            syntax: true,
        })
    }

    fn scoring_query(
        &self,
        parsed: &ParsedQuery,
        text: &str,
        matching: Match,
    ) -> Result<Box<dyn Query>, QueryError> {
        let ast = self.expand(parsed.ast.clone(), text)?;
        let ast = match matching {
            Match::All => query::require_all(ast),
            Match::Any => ast,
        };
        let main = self.with_people_words(self.to_query(self.people_exist(ast), text)?);
        let Some(words) = parsed.words.as_ref().filter(|w| w.len() >= 2) else {
            return Ok(main);
        };
        // All words present, the words as a phrase, and adjacent pairs of
        // them next to each other: they reorder `main`'s hits without
        // adding any (`main` is required). Built from the analysed terms,
        // over title and body only, to stay cheap.
        let mut clauses = vec![(Occur::Must, main)];
        let terms = self.analyse(&words.join(" "));
        if terms.len() < 2 {
            return Ok(Box::new(BooleanQuery::new(clauses)));
        }
        let (title, body) = (self.fields.title, self.fields.body);
        let term_query = |field, text: &str| -> Box<dyn Query> {
            Box::new(TermQuery::new(
                Term::from_field_text(field, text),
                IndexRecordOption::WithFreqs,
            ))
        };
        let all = BooleanQuery::new(
            terms
                .iter()
                .map(|(_, t)| {
                    let either =
                        BooleanQuery::union(vec![term_query(title, t), term_query(body, t)]);
                    (Occur::Must, Box::new(either) as Box<dyn Query>)
                })
                .collect(),
        );
        clauses.push((
            Occur::Should,
            Box::new(BoostQuery::new(Box::new(all), ALL_WORDS_BOOST)),
        ));
        // Offsets keep the gap of a stop word between words.
        let phrase_of = |field, part: &[(usize, String)]| -> Box<dyn Query> {
            let first = part[0].0;
            Box::new(PhraseQuery::new_with_offset(
                part.iter()
                    .map(|(pos, t)| (pos - first, Term::from_field_text(field, t)))
                    .collect(),
            ))
        };
        for field in [title, body] {
            clauses.push((
                Occur::Should,
                Box::new(BoostQuery::new(phrase_of(field, &terms), PHRASE_BOOST)),
            ));
            if terms.len() > 2 {
                for pair in terms.windows(2) {
                    clauses.push((
                        Occur::Should,
                        Box::new(BoostQuery::new(phrase_of(field, pair), PAIR_BOOST)),
                    ));
                }
            }
        }
        Ok(Box::new(BooleanQuery::new(clauses)))
    }

    fn filter_query(
        &self,
        filters: &Filters,
        text: &str,
    ) -> Result<Option<Box<dyn Query>>, SearchError> {
        let mut clauses = Vec::new();
        for (filter, value) in filters.iter() {
            let Some(field) = filter.field() else {
                continue;
            };
            // People and topics as the facets count them: the values
            // indexed for the person or topic named, exactly.
            let exact = match filter {
                Filter::Person => self.person_filter(value)?,
                Filter::Topic => self.topic_filter(value)?,
                _ => None,
            };
            if let Some(q) = exact {
                clauses.push((Occur::Must, q));
                continue;
            }
            let ast = leaf(literal(Some(field), value, Delimiter::DoubleQuotes));
            let q = self.to_query(ast, text).map_err(|e| FilterError {
                filter,
                value: value.to_owned(),
                message: e.message,
            })?;
            clauses.push((Occur::Must, q));
        }
        let (start, end) = filters.date_bounds()?;
        if start.is_some() || end.is_some() {
            let range = UserInputAst::Leaf(Box::new(UserInputLeaf::Range {
                field: Some("date".into()),
                lower: start.map_or(UserInputBound::Unbounded, UserInputBound::Inclusive),
                upper: end.map_or(UserInputBound::Unbounded, UserInputBound::Exclusive),
            }));
            // Both bounds are dates made here: a failure is not the user's.
            let q = self
                .to_query(range, text)
                .map_err(|e| anyhow::anyhow!("cannot filter by date: {}", e.message))?;
            clauses.push((Occur::Must, q));
        }
        Ok((!clauses.is_empty()).then(|| Box::new(BooleanQuery::new(clauses)) as Box<dyn Query>))
    }

    /// The index terms of a text with their positions, as the body
    /// analyser makes them.
    fn analyse(&self, text: &str) -> Vec<(usize, String)> {
        let mut analyzer = self.analyzer.clone();
        let mut stream = analyzer.token_stream(text);
        let mut terms = Vec::new();
        while let Some(token) = stream.next() {
            terms.push((token.position, token.text.clone()));
        }
        terms
    }

    /// Runs a request. With all-words matching and no article holding
    /// them all, the best partial matches are given instead (`partial`);
    /// a query finding few articles gets "did you mean" suggestions.
    pub fn search(&self, req: &Request) -> Result<Results, SearchError> {
        let limit = req.limit.max(1);
        let want = req.offset.saturating_add(limit);
        if want > MAX_RESULT_WINDOW {
            return Err(SearchError::TooDeep);
        }
        let (query, relaxable) = self.build(req, req.matching)?;
        let mut results = self.run(&*query, req)?;
        if results.total == 0 && relaxable {
            let any = self.build(req, Match::Any)?.0;
            results = self.run(&*any, req)?;
            results.partial = results.total > 0;
        }
        if results.total <= SUGGEST_AT_MOST || results.partial {
            results.suggestions = self.suggest(&self.searcher(), req);
        }
        Ok(results)
    }

    /// Runs a query with a request's page, order, folding and snippets;
    /// the request's query and filters are not read.
    pub fn run(&self, query: &dyn Query, req: &Request) -> Result<Results, SearchError> {
        let limit = req.limit.max(1);
        let want = req.offset.saturating_add(limit);
        if want > MAX_RESULT_WINDOW {
            return Err(SearchError::TooDeep);
        }
        let searcher = self.searcher();
        // Collapsing near-duplicates needs more candidates than it shows;
        // the window grows until enough groups are found.
        let mut window = if req.all { want } else { want * 3 + 10 };
        let (total, docs) = loop {
            let (total, docs) = self.top_docs(&searcher, query, req.sort, window)?;
            let exhausted = docs.len() < window;
            let docs = if req.all {
                docs
            } else {
                self.one_per_group(&searcher, docs)?
            };
            if docs.len() >= want || exhausted {
                break (total, docs);
            }
            window = window.saturating_mul(4);
        };
        let docs: Vec<(f32, DocAddress)> = docs.into_iter().skip(req.offset).take(limit).collect();
        let docs = if req.limit == 0 { Vec::new() } else { docs };
        let snippets = if req.snippets && !docs.is_empty() {
            let mut g = SnippetGenerator::create(&searcher, query, self.fields.body)
                .context("cannot make snippets")?;
            g.set_max_num_chars(SNIPPET_CHARS);
            Some(g)
        } else {
            None
        };
        let title_terms = self.title_terms(query);
        let mut hits = Vec::with_capacity(docs.len());
        for (i, (score, addr)) in docs.into_iter().enumerate() {
            let doc: TantivyDocument =
                searcher.doc(addr).context("cannot read a stored article")?;
            let mut article = self.stored(&searcher, addr, &doc)?;
            // Hits of a batch wait together for output: bodies would
            // weigh on memory for nothing.
            let body = std::mem::take(&mut article.body);
            let (snippet, highlights) = match &snippets {
                Some(g) => make_snippet(g, &body),
                None => (String::new(), Vec::new()),
            };
            let duplicates = self
                .group_size(&searcher, &article.group)?
                .saturating_sub(1);
            let title_highlights = self.title_highlights(&title_terms, &article.title);
            hits.push(Hit {
                rank: req.offset + i + 1,
                score,
                article,
                snippet,
                highlights,
                duplicates,
                title_highlights,
            });
        }
        Ok(Results {
            total,
            hits,
            ..Results::default()
        })
    }
}

impl Engine {
    /// A stored article with its people and topics as users see them:
    /// the people indexed for it as the archive resolves them, then those
    /// its capitalised words stand for ("the Trump administration").
    fn stored(
        &self,
        searcher: &Searcher,
        addr: DocAddress,
        doc: &TantivyDocument,
    ) -> Result<Stored> {
        let mut article = Stored::from_document(doc, &self.fields);
        if article.title.trim().is_empty() {
            article.title = stand_in_title(&article.body);
        }
        let entities = self.entities();
        article.people = entities.people_of(&article.people);
        if !entities.table().words.is_empty() {
            let words = self.segment_words(searcher, addr.segment_ord, &entities)?;
            if let Some((column, people)) = &*words {
                for ord in column.term_ords(addr.doc_id) {
                    if let Some(p) = people.get(&ord)
                        && !article.people.iter().any(|q| q == p)
                    {
                        article.people.push(p.clone());
                    }
                }
            }
        }
        article.topics = entities.topics_of(&article.topics);
        Ok(article)
    }

    /// The `limit` most frequent people, topics or sources among the
    /// articles matching `query`, as users see them (see
    /// [`facets::top_entities`]).
    pub fn top(
        &self,
        searcher: &Searcher,
        query: &dyn Query,
        kind: facets::Kind,
        limit: usize,
    ) -> Result<Vec<facets::Count>> {
        facets::top_entities(searcher, query, kind, limit, &self.entities())
    }

    /// `people:*` as users see people: articles holding a value that is
    /// a person, or a word that stands for one; not those whose every
    /// name the archive rejected. The values go in the query; the words,
    /// read from a column no query parser knows, are put in by
    /// [`Engine::with_people_words`] where the values carry
    /// [`PEOPLE_WORDS_MARK`].
    fn people_exist(&self, ast: UserInputAst) -> UserInputAst {
        match ast {
            UserInputAst::Clause(clauses) => UserInputAst::Clause(
                clauses
                    .into_iter()
                    .map(|(occur, ast)| (occur, self.people_exist(ast)))
                    .collect(),
            ),
            // A boost hides the query it wraps from the one that puts the
            // words in: around `people:*` it goes (it would only scale
            // the score of a filter).
            UserInputAst::Boost(ast, boost) => {
                let inner = self.people_exist(*ast);
                if has_people_mark(&inner) {
                    inner
                } else {
                    UserInputAst::Boost(Box::new(inner), boost)
                }
            }
            UserInputAst::Leaf(leaf) => match *leaf {
                UserInputLeaf::Exists { field } if field == "people_exact" => {
                    let entities = self.entities();
                    let searcher = self.searcher();
                    let mut values = std::collections::BTreeSet::new();
                    for segment in searcher.segment_readers() {
                        let Ok(inverted) = segment.inverted_index(self.fields.people_exact) else {
                            continue;
                        };
                        let Ok(mut stream) = inverted.terms().stream() else {
                            continue;
                        };
                        while stream.advance() {
                            if let Ok(v) = std::str::from_utf8(stream.key())
                                && entities.person(v).is_some()
                            {
                                values.insert(v.to_owned());
                            }
                        }
                    }
                    values.insert(PEOPLE_WORDS_MARK.to_owned());
                    UserInputAst::Leaf(Box::new(UserInputLeaf::Set {
                        field: Some("people_exact".to_owned()),
                        elements: values.into_iter().collect(),
                    }))
                }
                leaf => UserInputAst::Leaf(Box::new(leaf)),
            },
        }
    }

    /// The query with each set of people values that [`people_exist`]
    /// marked joined by the words that stand for people.
    ///
    /// [`people_exist`]: Engine::people_exist
    fn with_people_words(&self, query: Box<dyn Query>) -> Box<dyn Query> {
        let mark = Term::from_field_text(self.fields.people_exact, PEOPLE_WORDS_MARK);
        let mut marked = false;
        query.query_terms(&mut |t, _| marked |= *t == mark);
        if !marked {
            return query;
        }
        if let Some(b) = query.downcast_ref::<BooleanQuery>() {
            let clauses = b
                .clauses()
                .iter()
                .map(|(occur, q)| (*occur, self.with_people_words(q.box_clone())))
                .collect();
            return Box::new(BooleanQuery::with_minimum_required_clauses(
                clauses,
                b.get_minimum_number_should_match(),
            ));
        }
        if query.downcast_ref::<TermSetQuery>().is_some() {
            let mut values = Vec::new();
            query.query_terms(&mut |t, _| {
                if *t != mark {
                    values.push(t.clone());
                }
            });
            let words = self.entities().table().words.keys().cloned().collect();
            return people_or_words(values, words);
        }
        query
    }

    /// The query with its wildcard and fuzzy words (`tiller*`,
    /// `lavrov~1`) replaced by the index words they stand for, over the
    /// fields they search: an exact list, so at most
    /// [`MAX_EXPANSIONS`] words, and an error beyond.
    fn expand(&self, ast: UserInputAst, text: &str) -> Result<UserInputAst, QueryError> {
        Ok(match ast {
            UserInputAst::Clause(clauses) => UserInputAst::Clause(
                clauses
                    .into_iter()
                    .map(|(occur, sub)| self.expand(sub, text).map(|sub| (occur, sub)))
                    .collect::<Result<_, _>>()?,
            ),
            UserInputAst::Boost(sub, boost) => {
                UserInputAst::Boost(Box::new(self.expand(*sub, text)?), boost)
            }
            UserInputAst::Leaf(leaf) => match *leaf {
                UserInputLeaf::Literal(lit)
                    if lit.delimiter == Delimiter::None && (lit.prefix || lit.slop > 0) =>
                {
                    self.expand_word(&lit, text)?
                }
                leaf => UserInputAst::Leaf(Box::new(leaf)),
            },
        })
    }

    /// One wildcard or fuzzy word as a choice of exact index words per
    /// field (each field's words as a regular expression of them).
    fn expand_word(
        &self,
        lit: &tantivy::query_grammar::UserInputLiteral,
        text: &str,
    ) -> Result<UserInputAst, QueryError> {
        let f = &self.fields;
        let fields: Vec<tantivy::schema::Field> = match lit.field_name.as_deref() {
            Some(name) => self
                .index
                .schema()
                .get_field(name)
                .ok()
                .into_iter()
                .collect(),
            None => vec![f.title, f.body, f.people, f.topic],
        };
        let shown = if lit.prefix {
            format!("{}*", lit.phrase)
        } else {
            format!("{}~{}", lit.phrase, lit.slop)
        };
        let err = |message: String| QueryError {
            query: text.to_owned(),
            pos: text.find(&lit.phrase),
            message,
            syntax: false,
        };
        let searcher = self.searcher();
        let mut distinct = std::collections::BTreeSet::new();
        let mut clauses = Vec::new();
        for field in fields {
            let Some(key) = self.key_word(field, &lit.phrase) else {
                continue;
            };
            let words = if lit.prefix {
                self.prefix_words(&searcher, field, &key)
            } else {
                self.fuzzy_words(&searcher, field, &key, lit.slop)
            }
            .map_err(|e| err(format!("cannot read the index: {e:#}")))?;
            distinct.extend(words.iter().cloned());
            if words.len() > MAX_EXPANSIONS || distinct.len() > MAX_EXPANSIONS {
                return Err(err(format!(
                    "{shown} stands for more than {MAX_EXPANSIONS} words of the index; {}",
                    if lit.prefix {
                        "give more letters before the *"
                    } else {
                        "allow fewer edits (~1) or give a longer word"
                    }
                )));
            }
            if words.is_empty() {
                continue;
            }
            let pattern = words
                .iter()
                .map(|w| regex_escape(w))
                .collect::<Vec<_>>()
                .join("|");
            let name = self.index.schema().get_field_name(field).to_owned();
            clauses.push((
                Some(tantivy::query_grammar::Occur::Should),
                UserInputAst::Leaf(Box::new(UserInputLeaf::Regex {
                    field: Some(name),
                    pattern,
                })),
            ));
        }
        Ok(UserInputAst::Clause(clauses))
    }

    /// A word as a field indexes it (folded, lower case, stemmed for
    /// text); `None` when it is no word there (a stop word).
    /// A stop word (`a*`) is taken as written, in lower case.
    fn key_word(&self, field: tantivy::schema::Field, word: &str) -> Option<String> {
        let mut analyzer = self.index.tokenizer_for_field(field).ok()?;
        let mut stream = analyzer.token_stream(word);
        let first = stream.next().map(|t| t.text.clone());
        if stream.next().is_some() {
            // `U.S.*`: which piece would be the prefix? None.
            return None;
        }
        first.or_else(|| {
            word.chars()
                .all(char::is_alphanumeric)
                .then(|| word.to_lowercase())
        })
    }

    /// The index words of a field starting with `prefix`, at most one more
    /// than [`MAX_EXPANSIONS`].
    fn prefix_words(
        &self,
        searcher: &Searcher,
        field: tantivy::schema::Field,
        prefix: &str,
    ) -> Result<std::collections::BTreeSet<String>> {
        let mut words = std::collections::BTreeSet::new();
        for segment in searcher.segment_readers() {
            let inverted = segment.inverted_index(field)?;
            let mut stream = inverted
                .terms()
                .range()
                .ge(prefix.as_bytes())
                .into_stream()?;
            while stream.advance() {
                let Ok(word) = std::str::from_utf8(stream.key()) else {
                    continue;
                };
                if !word.starts_with(prefix) || words.len() > MAX_EXPANSIONS {
                    break;
                }
                words.insert(word.to_owned());
            }
        }
        Ok(words)
    }

    /// The index words of a field within `edits` edits of `word`, at most
    /// one more than [`MAX_EXPANSIONS`].
    fn fuzzy_words(
        &self,
        searcher: &Searcher,
        field: tantivy::schema::Field,
        word: &str,
        edits: u32,
    ) -> Result<std::collections::BTreeSet<String>> {
        let mut words = std::collections::BTreeSet::new();
        let edits = u8::try_from(edits.min(query::MAX_EDITS)).unwrap_or(2);
        let fuzzy = FuzzyTermQuery::new(Term::from_field_text(field, word), edits, true);
        for segment in searcher.segment_readers() {
            let inverted = segment.inverted_index(field)?;
            let automaton = fuzzy.automaton()?;
            let mut stream = inverted.terms().search(automaton).into_stream()?;
            while stream.advance() && words.len() <= MAX_EXPANSIONS {
                if let Ok(word) = std::str::from_utf8(stream.key()) {
                    words.insert(word.to_owned());
                }
            }
        }
        Ok(words)
    }

    /// "Did you mean": the query's words with each rare one replaced by
    /// the most frequent index word one or two edits away (people's names
    /// first, then the text's words), when that finds more. Only for
    /// queries of plain words.
    fn suggest(&self, searcher: &Searcher, req: &Request) -> Vec<String> {
        let Ok(parsed) = query::parse(&req.query, req.plain) else {
            return Vec::new();
        };
        let Some(words) = parsed.words else {
            return Vec::new();
        };
        let mut changed = false;
        let corrected: Vec<String> = words
            .iter()
            .map(|w| match self.better_word(searcher, w) {
                Some(better) => {
                    changed = true;
                    better
                }
                None => w.clone(),
            })
            .collect();
        if changed {
            vec![corrected.join(" ")]
        } else {
            Vec::new()
        }
    }

    /// A commoner index word close to a rare one, as the user would write
    /// it (capitalised if they did).
    fn better_word(&self, searcher: &Searcher, word: &str) -> Option<String> {
        if word.chars().count() < 4 || !word.chars().all(char::is_alphanumeric) {
            return None;
        }
        let f = &self.fields;
        let freq = |field, w: &str| {
            searcher
                .doc_freq(&Term::from_field_text(field, w))
                .unwrap_or(0)
        };
        let keys: Vec<_> = [f.people, f.body]
            .into_iter()
            .filter_map(|field| self.key_word(field, word).map(|key| (field, key)))
            .collect();
        // How many articles have the word, as a name or in the text: a
        // word some have is no typo (Saudi is not Sandi).
        let own = keys.iter().map(|(field, key)| freq(*field, key)).max()?;
        if own >= 3 {
            return None;
        }
        let first = word
            .chars()
            .next()
            .map(|c| c.to_lowercase().collect::<String>());
        // The best: typos seldom hit the first letter (Zenth is Zenith,
        // not Tenth), then the commonest.
        let mut best: Option<((bool, u64), String)> = None;
        // One edit away before two (Reaffrms is Reaffirms, not Reforms).
        let most = if word.chars().count() >= 7 { 2 } else { 1 };
        let tries = (1..=most).flat_map(|edits| keys.iter().map(move |(f, k)| (edits, *f, k)));
        for (edits, field, key) in tries {
            let Ok(close) = self.fuzzy_words(searcher, field, key, edits) else {
                continue;
            };
            for candidate in close {
                let n = freq(field, &candidate);
                // A word the archive lacks takes any word it has; a rare
                // one, a much commoner one.
                let commoner = if own == 0 {
                    n > 0
                } else {
                    n >= 3 && n > own * 5
                };
                let rank = (
                    first.as_deref().is_some_and(|c| candidate.starts_with(c)),
                    n,
                );
                if commoner && best.as_ref().is_none_or(|(b, _)| rank > *b) {
                    best = Some((rank, candidate));
                }
            }
            // People's names first.
            if best.is_some() {
                break;
            }
        }
        let (_, better) = best?;
        let better = self.surface(searcher, &better, word).unwrap_or(better);
        Some(as_typed(&better, word))
    }

    /// A word of the text as written for an index word (`president` for
    /// `presid`): of the words of an article holding it that the analyser
    /// makes into it, the one closest to what was typed.
    fn surface(&self, searcher: &Searcher, term: &str, typed: &str) -> Option<String> {
        let query = TermQuery::new(
            Term::from_field_text(self.fields.body, term),
            IndexRecordOption::Basic,
        );
        let top = TopDocs::with_limit(1).order_by_score();
        let (_, addr) = searcher.search(&query, &top).ok()?.into_iter().next()?;
        let doc: TantivyDocument = searcher.doc(addr).ok()?;
        let body = Stored::from_document(&doc, &self.fields).body;
        let typed = typed.to_lowercase();
        let closeness = |w: &str| closeness(w, &typed);
        body.split(|c: char| !c.is_alphanumeric())
            .filter(|w| w.len() >= term.len().min(3))
            .map(str::to_lowercase)
            .filter(|w| {
                let terms = self.analyse(w);
                terms.len() == 1 && terms[0].1 == term
            })
            .max_by_key(|w| closeness(w))
    }

    /// A segment's name words column, and the people its words (by term
    /// ordinal) stand for; made once per segment and table.
    fn segment_words(
        &self,
        searcher: &Searcher,
        segment_ord: u32,
        entities: &Entities,
    ) -> Result<Arc<SegmentWords>> {
        let segment = searcher.segment_reader(segment_ord);
        let id = segment.segment_id();
        let mut cache = self.words.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(words) = cache.get(&id) {
            return Ok(Arc::clone(words));
        }
        let column = segment
            .fast_fields()
            .str("name_words")
            .context("cannot read the index")?;
        let words = Arc::new(match column {
            Some(column) => {
                let mut people = HashMap::new();
                for (word, person) in &entities.table().words {
                    if let Some(ord) = column
                        .dictionary()
                        .term_ord(word)
                        .context("cannot read the index")?
                    {
                        people.insert(ord, person.clone());
                    }
                }
                Some((column, people))
            }
            None => None,
        });
        cache.insert(id, Arc::clone(&words));
        Ok(words)
    }

    /// Whether any article holds this term.
    fn indexed(&self, searcher: &Searcher, term: &Term) -> Result<bool> {
        Ok(searcher.doc_freq(term).context("cannot read the index")? > 0)
    }

    /// The articles of the person named, as the people facet counts them;
    /// `None` when the archive knows no person by that name as written.
    fn person_filter(&self, name: &str) -> Result<Option<Box<dyn Query>>> {
        let entities = self.entities();
        let searcher = self.searcher();
        let f = &self.fields;
        let (values, words): (Vec<&str>, Vec<&str>) = match entities.person_named(name) {
            Some(p) => (
                p.values.iter().map(String::as_str).collect(),
                p.words.iter().map(String::as_str).collect(),
            ),
            None => {
                let name = name.trim();
                let term = Term::from_field_text(f.people_exact, name);
                if entities.person(name) != Some(name) || !self.indexed(&searcher, &term)? {
                    return Ok(None);
                }
                (vec![name], Vec::new())
            }
        };
        Ok(Some(people_or_words(
            values
                .iter()
                .map(|v| Term::from_field_text(f.people_exact, v))
                .collect(),
            words.iter().map(|w| w.to_string()).collect(),
        )))
    }

    /// The articles with the topic named, as the topics facet counts
    /// them; `None` when no article holds it as written.
    fn topic_filter(&self, name: &str) -> Result<Option<Box<dyn Query>>> {
        let entities = self.entities();
        let searcher = self.searcher();
        // As written, else in lower case, as topics are indexed, else as
        // the taxonomy names the label (`crude`: energy).
        let names = [
            Some(name.to_owned()),
            Some(name.to_lowercase()),
            entities.taxonomy_name(name).map(str::to_owned),
        ];
        for name in names.into_iter().flatten() {
            let terms: Vec<Term> = entities
                .topic_values(&name)
                .iter()
                .map(|v| Term::from_field_text(self.fields.topic_exact, v))
                .collect();
            for term in &terms {
                if self.indexed(&searcher, term)? {
                    return Ok(Some(Box::new(TermSetQuery::new(terms))));
                }
            }
        }
        Ok(None)
    }

    /// The best `n` documents in the requested order, and how many match.
    fn top_docs(
        &self,
        searcher: &Searcher,
        query: &dyn Query,
        sort: Sort,
        n: usize,
    ) -> Result<(usize, Vec<(f32, DocAddress)>)> {
        let top = TopDocs::with_limit(n.max(1));
        Ok(match sort {
            Sort::Relevance => {
                let (docs, total) = searcher
                    .search(query, &(top.order_by_score(), Count))
                    .context("search failed")?;
                (total, docs)
            }
            Sort::Newest | Sort::Oldest => {
                let order = if sort == Sort::Newest {
                    Order::Desc
                } else {
                    Order::Asc
                };
                let by_date = top.order_by_fast_field::<DateTime>("date", order);
                let (docs, total) = searcher
                    .search(query, &(by_date, Count))
                    .context("search failed")?;
                (
                    total,
                    docs.into_iter().map(|(_, addr)| (0.0, addr)).collect(),
                )
            }
        })
    }

    /// Keeps the first document of each near-duplicate group, in order.
    fn one_per_group(
        &self,
        searcher: &Searcher,
        docs: Vec<(f32, DocAddress)>,
    ) -> Result<Vec<(f32, DocAddress)>> {
        let mut columns: HashMap<u32, tantivy::columnar::Column<u64>> = HashMap::new();
        let mut seen: HashSet<u64> = HashSet::new();
        let mut kept = Vec::with_capacity(docs.len());
        for (score, addr) in docs {
            let column = match columns.entry(addr.segment_ord) {
                std::collections::hash_map::Entry::Occupied(e) => e.into_mut(),
                std::collections::hash_map::Entry::Vacant(e) => e.insert(
                    searcher
                        .segment_reader(addr.segment_ord)
                        .fast_fields()
                        .u64("group_id")
                        .context("cannot read groups")?,
                ),
            };
            // Articles without a group stand alone.
            let id = column
                .first(addr.doc_id)
                .unwrap_or(u64::MAX - kept.len() as u64);
            if seen.insert(id) {
                kept.push((score, addr));
            }
        }
        Ok(kept)
    }

    /// Articles in a near-duplicate group.
    fn group_size(&self, searcher: &Searcher, group: &str) -> Result<usize> {
        if group.is_empty() {
            return Ok(1);
        }
        let term = Term::from_field_text(self.fields.group, group);
        // Without deletions the term's document frequency is the count;
        // deleted copies linger in it until segments merge.
        if searcher.segment_readers().iter().all(|s| !s.has_deletes()) {
            return Ok(searcher.doc_freq(&term).context("cannot count a group")? as usize);
        }
        let query = tantivy::query::TermQuery::new(term, tantivy::schema::IndexRecordOption::Basic);
        searcher
            .search(&query, &Count)
            .context("cannot count a group")
    }
}

/// A word as a regular expression matching only itself.
fn regex_escape(word: &str) -> String {
    let mut out = String::with_capacity(word.len() + 4);
    for c in word.chars() {
        if c.is_ascii() && !c.is_ascii_alphanumeric() {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

fn leaf(lit: tantivy::query_grammar::UserInputLiteral) -> UserInputAst {
    UserInputAst::Leaf(Box::new(UserInputLeaf::Literal(lit)))
}

/// A snippet around the query words, or the start of the body when the
/// words are not in it (a title-only match).
fn make_snippet(g: &SnippetGenerator, body: &str) -> (String, Vec<(usize, usize)>) {
    let snippet = g.snippet(body);
    if !snippet.fragment().is_empty() {
        let highlights = snippet
            .highlighted()
            .iter()
            .map(|r| (r.start, r.end))
            .collect();
        return (snippet.fragment().to_owned(), highlights);
    }
    (body_start(body).to_owned(), Vec::new())
}

/// How close a word of the text is to what was typed (both lower case),
/// for "did you mean": the longer common start, then the nearer length.
pub fn closeness(word: &str, typed: &str) -> (usize, std::cmp::Reverse<usize>) {
    let common = word
        .chars()
        .zip(typed.chars())
        .take_while(|(a, b)| a == b)
        .count();
    (common, std::cmp::Reverse(word.len().abs_diff(typed.len())))
}

/// A suggested word capitalised if the user capitalised theirs.
pub fn as_typed(better: &str, typed: &str) -> String {
    let mut chars = better.chars();
    match (typed.chars().next(), chars.next()) {
        (Some(c), Some(first)) if c.is_uppercase() => first.to_uppercase().chain(chars).collect(),
        _ => better.to_owned(),
    }
}

/// The start of a body, cut at a space: the snippet of an article whose
/// body does not hold the query words.
pub fn body_start(body: &str) -> &str {
    let mut end = body.len().min(SNIPPET_CHARS);
    while !body.is_char_boundary(end) {
        end -= 1;
    }
    let cut = if end < body.len() {
        body[..end].rfind(' ').unwrap_or(end)
    } else {
        end
    };
    &body[..cut]
}

/// A people value no name can be: marks the values of `people:*` (see
/// `Engine::people_exist`).
const PEOPLE_WORDS_MARK: &str = "\u{0}people:*";

/// Whether the query holds a set of people values marked for words.
fn has_people_mark(ast: &UserInputAst) -> bool {
    match ast {
        UserInputAst::Clause(clauses) => clauses.iter().any(|(_, a)| has_people_mark(a)),
        UserInputAst::Boost(a, _) => has_people_mark(a),
        UserInputAst::Leaf(leaf) => matches!(
            &**leaf,
            UserInputLeaf::Set { field: Some(f), elements }
                if f == "people_exact" && elements.iter().any(|e| e == PEOPLE_WORDS_MARK)
        ),
    }
}

/// The articles holding any of the people `values` (`people_exact` terms)
/// or any of the `words` that stand for them in the `name_words` column.
fn people_or_words(values: Vec<Term>, words: Vec<String>) -> Box<dyn Query> {
    let values: Box<dyn Query> = Box::new(TermSetQuery::new(values));
    if words.is_empty() {
        return values;
    }
    Box::new(BooleanQuery::union(vec![
        values,
        Box::new(WordsQuery::new("name_words", words)),
    ]))
}
