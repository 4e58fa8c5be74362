//! The index schema, read from `schema/news.json` (embedded in the binary),
//! its field handles, and the text analysers its fields name.

use anyhow::{Context, Result, bail};
use tantivy::Index;
use tantivy::schema::{Field, FieldType, Schema};
use tantivy::tokenizer::{
    AsciiFoldingFilter, Language, LowerCaser, RemoveLongFilter, SimpleTokenizer, StopWordFilter,
    TextAnalyzer,
};

use crate::index::stem::MemoStemmer;

/// The schema as a data file: tantivy's own JSON form of a `Schema`.
pub const SCHEMA_JSON: &str = include_str!("../../schema/news.json");

/// English analyser for title and body: words, lower case, accents
/// folded, English stop words out, Porter-style stemming.
pub const NEWS_TOKENIZER: &str = "news";
/// Analyser for names (people, topics, sources): words, lower case,
/// accents and transliteration variants folded (`Sergei` = `Sergey`), no
/// stemming.
pub const NAMES_TOKENIZER: &str = "names";

/// Resolved handles of every field newsidx uses.
#[derive(Debug, Clone, Copy)]
pub struct Fields {
    pub id: Field,
    pub key: Field,
    pub path: Field,
    pub title: Field,
    pub body: Field,
    pub people: Field,
    pub topic: Field,
    pub source: Field,
    pub url: Field,
    pub date: Field,
    pub people_exact: Field,
    pub topic_exact: Field,
    /// Capitalised words outside the names found (`Article::name_words`).
    pub name_words: Field,
    /// Names written as an organisation's (`Article::organisations`).
    pub organisations: Field,
    pub source_exact: Field,
    /// Near-duplicate group of the article.
    pub group: Field,
    /// The group as a number, for folding groups in search cheaply.
    pub group_id: Field,
    /// MinHash signature of the body, for finding later copies.
    pub minhash: Field,
    /// LSH band keys of the signature, indexed to find candidates.
    pub dup_band: Field,
}

/// Reads the embedded schema.
pub fn schema() -> Schema {
    // The file is embedded and checked by a test, so failing here is a
    // build defect, not a user error.
    serde_json::from_str(SCHEMA_JSON).expect("schema/news.json is a valid schema")
}

impl Fields {
    /// Looks every field up once, checking it has the expected type.
    pub fn resolve(schema: &Schema) -> Result<Fields> {
        let text = |name: &str| field(schema, name, "text");
        Ok(Fields {
            id: text("id")?,
            key: text("key")?,
            path: text("path")?,
            title: text("title")?,
            body: text("body")?,
            people: text("people")?,
            topic: text("topic")?,
            source: text("source")?,
            url: text("url")?,
            date: field(schema, "date", "date")?,
            people_exact: text("people_exact")?,
            topic_exact: text("topic_exact")?,
            name_words: text("name_words")?,
            organisations: text("organisations")?,
            source_exact: text("source_exact")?,
            group: text("group")?,
            group_id: field(schema, "group_id", "u64")?,
            minhash: field(schema, "minhash", "bytes")?,
            dup_band: field(schema, "dup_band", "u64")?,
        })
    }
}

fn field(schema: &Schema, name: &str, kind: &str) -> Result<Field> {
    let field = schema
        .get_field(name)
        .with_context(|| format!("the index schema has no field {name:?}"))?;
    let actual = match schema.get_field_entry(field).field_type() {
        FieldType::Str(_) => "text",
        FieldType::Date(_) => "date",
        FieldType::Bytes(_) => "bytes",
        FieldType::U64(_) => "u64",
        _ => "other",
    };
    if actual != kind {
        bail!("field {name:?} of the index schema is {actual}, expected {kind}");
    }
    Ok(field)
}

/// Registers the analysers the schema names; needed on every open.
pub fn register_tokenizers(index: &Index) {
    index.tokenizers().register(NEWS_TOKENIZER, news_analyzer());
    index
        .tokenizers()
        .register(NAMES_TOKENIZER, names_analyzer());
}

/// The analyser of titles and bodies: words folded, lower case, stop
/// words out, stemmed.
pub fn news_analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(40))
        // Folding first: lower-cased, "İzmir" would become "i̇zmir", an i
        // with a combining dot that no typed "izmir" matches.
        .filter(AsciiFoldingFilter)
        .filter(LowerCaser)
        .filter(StopWordFilter::new(Language::English).expect("English stop words"))
        .filter(MemoStemmer)
        .build()
}

/// The analyser of people, topics and sources: words folded, lower case,
/// transliteration variants joined, no stemming.
pub fn names_analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(40))
        .filter(AsciiFoldingFilter)
        .filter(LowerCaser)
        .filter(NameVariants)
        .build()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dotted_capital_i_folds_to_a_plain_i() {
        let index = Index::create_in_ram(schema());
        register_tokenizers(&index);
        for name in [NEWS_TOKENIZER, NAMES_TOKENIZER] {
            let mut analyzer = index.tokenizers().get(name).unwrap();
            let mut stream = analyzer.token_stream("İzmir İSTANBUL Çağlayan");
            let mut terms = Vec::new();
            while let Some(token) = stream.next() {
                terms.push(token.text.clone());
            }
            assert_eq!(terms[..2], ["izmir", "istanbul"], "{name}");
            assert!(terms[2].starts_with("caglayan"), "{name}: {terms:?}");
        }
    }
    use tantivy::schema::{
        DateOptions, DateTimePrecision, FAST, INDEXED, IndexRecordOption, STORED, STRING,
        TextFieldIndexing, TextOptions,
    };

    /// The schema as code, to review changes to the data file against.
    fn reference() -> Schema {
        let analysed = |tokenizer: &str| {
            TextOptions::default().set_stored().set_indexing_options(
                TextFieldIndexing::default()
                    .set_tokenizer(tokenizer)
                    .set_index_option(IndexRecordOption::WithFreqsAndPositions),
            )
        };
        let exact = TextOptions::default()
            .set_indexing_options(
                TextFieldIndexing::default()
                    .set_tokenizer("raw")
                    .set_fieldnorms(false),
            )
            .set_fast("raw");
        let mut b = Schema::builder();
        b.add_text_field("id", STRING | STORED);
        b.add_text_field("key", STRING | STORED);
        b.add_text_field("path", STRING | STORED);
        b.add_text_field("title", analysed(NEWS_TOKENIZER));
        b.add_text_field("body", analysed(NEWS_TOKENIZER));
        b.add_text_field("people", analysed(NAMES_TOKENIZER));
        b.add_text_field("topic", analysed(NAMES_TOKENIZER));
        b.add_text_field("source", analysed(NAMES_TOKENIZER));
        b.add_text_field("url", STORED);
        b.add_date_field(
            "date",
            DateOptions::from(INDEXED)
                .set_stored()
                .set_fast()
                .set_precision(DateTimePrecision::Seconds),
        );
        b.add_text_field("people_exact", exact.clone());
        b.add_text_field("topic_exact", exact.clone());
        b.add_text_field("source_exact", exact.clone());
        b.add_text_field(
            "organisations",
            TextOptions::default().set_indexing_options(
                TextFieldIndexing::default()
                    .set_tokenizer("raw")
                    .set_fieldnorms(false),
            ),
        );
        // Fast only: filters read the column (`search::words`); in the
        // inverted index too it cost about 3% of indexing's instructions.
        b.add_text_field("name_words", TextOptions::default().set_fast("raw"));
        b.add_text_field("group", STRING | STORED | FAST);
        b.add_u64_field("group_id", FAST);
        b.add_bytes_field("minhash", FAST);
        b.add_u64_field("dup_band", INDEXED);
        b.build()
    }

    #[test]
    fn name_variants_fold_together() {
        for (a, b) in [
            ("sergey", "sergei"),
            ("dmitry", "dmitri"),
            ("yuriy", "yuri"),
            ("aleksandr", "alexandr"),
            ("lavrov", "lavrov"),
        ] {
            let fa = fold_name(a).unwrap_or_else(|| a.to_owned());
            let fb = fold_name(b).unwrap_or_else(|| b.to_owned());
            assert_eq!(fa, fb, "{a} {b}");
        }
        assert_eq!(fold_name("kim"), None);
    }

    #[test]
    fn data_file_matches_reference_schema() {
        let expected = serde_json::to_string_pretty(&reference()).unwrap() + "\n";
        if std::env::var_os("NEWSIDX_UPDATE_SCHEMA").is_some() {
            std::fs::write("schema/news.json", &expected).unwrap();
        }
        assert_eq!(
            SCHEMA_JSON, expected,
            "run with NEWSIDX_UPDATE_SCHEMA=1 to update"
        );
        Fields::resolve(&schema()).unwrap();
    }
}

/// Folds common transliteration variants of names to one form, so that
/// `Sergei` finds `Sergey` and `Aleksandr` finds `Alexandr`: a final `y`,
/// `iy`, `yi` or `ii` after a consonant or vowel becomes `i`, and `ks`
/// becomes `x`. Applied to names at index and query time alike.
#[derive(Clone, Copy, Debug, Default)]
pub struct NameVariants;

impl tantivy::tokenizer::TokenFilter for NameVariants {
    type Tokenizer<T: tantivy::tokenizer::Tokenizer> = NameVariantsFilter<T>;

    fn transform<T: tantivy::tokenizer::Tokenizer>(self, tokenizer: T) -> NameVariantsFilter<T> {
        NameVariantsFilter { tokenizer }
    }
}

#[derive(Clone)]
pub struct NameVariantsFilter<T> {
    tokenizer: T,
}

impl<T: tantivy::tokenizer::Tokenizer> tantivy::tokenizer::Tokenizer for NameVariantsFilter<T> {
    type TokenStream<'a> = NameVariantsStream<T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        NameVariantsStream {
            tail: self.tokenizer.token_stream(text),
        }
    }
}

pub struct NameVariantsStream<T> {
    tail: T,
}

impl<T: tantivy::tokenizer::TokenStream> tantivy::tokenizer::TokenStream for NameVariantsStream<T> {
    fn advance(&mut self) -> bool {
        if !self.tail.advance() {
            return false;
        }
        let text = &mut self.tail.token_mut().text;
        if let Some(folded) = fold_name(text) {
            *text = folded;
        }
        true
    }

    fn token(&self) -> &tantivy::tokenizer::Token {
        self.tail.token()
    }

    fn token_mut(&mut self) -> &mut tantivy::tokenizer::Token {
        self.tail.token_mut()
    }
}

/// The folded form of a lower-case name token, if it differs.
fn fold_name(word: &str) -> Option<String> {
    if word.len() < 4 || !word.is_ascii() {
        return None;
    }
    let mut w = word.replace("ks", "x");
    for ending in ["iy", "yi", "ii", "y"] {
        if let Some(stem) = w.strip_suffix(ending)
            && stem.len() >= 3
        {
            w = format!("{stem}i");
            break;
        }
    }
    (w != word).then_some(w)
}
