//! English stemming for the index, with a memo: the same Snowball stemmer
//! tantivy's `Stemmer` runs (so terms are the same), but each word is
//! stemmed once per indexing thread rather than at each of its
//! occurrences. News vocabulary is highly repetitive, and stemming every
//! token took about a tenth of indexing time.

use std::mem;

use rustc_hash::FxHashMap;
use tantivy::tokenizer::{Token, TokenFilter, TokenStream, Tokenizer};

/// Words remembered per analyser at most; past this the memo starts over,
/// so memory stays bounded on any input.
const MEMO_WORDS: usize = 30_000;

/// Token filter: English Snowball stems, remembered.
#[derive(Clone, Copy, Debug, Default)]
pub struct MemoStemmer;

impl TokenFilter for MemoStemmer {
    type Tokenizer<T: Tokenizer> = MemoStemmerFilter<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> MemoStemmerFilter<T> {
        MemoStemmerFilter {
            inner: tokenizer,
            memo: FxHashMap::default(),
        }
    }
}

/// The filter around a tokenizer. Each clone (tantivy clones an analyser
/// for each field of each segment it writes) has a memo of its own.
#[derive(Clone)]
pub struct MemoStemmerFilter<T> {
    inner: T,
    memo: FxHashMap<Box<str>, Box<str>>,
}

impl<T: Tokenizer> Tokenizer for MemoStemmerFilter<T> {
    type TokenStream<'a> = MemoStemmerStream<'a, T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        MemoStemmerStream {
            tail: self.inner.token_stream(text),
            stemmer: frostem::Stemmer::new(frostem::Algorithm::English),
            memo: &mut self.memo,
        }
    }
}

pub struct MemoStemmerStream<'a, T> {
    tail: T,
    stemmer: frostem::Stemmer,
    memo: &'a mut FxHashMap<Box<str>, Box<str>>,
}

impl<T: TokenStream> TokenStream for MemoStemmerStream<'_, T> {
    fn advance(&mut self) -> bool {
        if !self.tail.advance() {
            return false;
        }
        let token = self.tail.token_mut();
        if let Some(stem) = self.memo.get(token.text.as_str()) {
            token.text.clear();
            token.text.push_str(stem);
            return true;
        }
        let stem: Box<str> = self.stemmer.stem(&token.text).into();
        if self.memo.len() >= MEMO_WORDS {
            self.memo.clear();
        }
        let word = mem::replace(&mut token.text, String::from(&*stem));
        self.memo.insert(word.into_boxed_str(), stem);
        true
    }

    fn token(&self) -> &Token {
        self.tail.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.tail.token_mut()
    }
}

#[cfg(test)]
mod tests {
    use tantivy::tokenizer::{Language, LowerCaser, SimpleTokenizer, Stemmer, TextAnalyzer};

    use super::*;

    fn tokens(analyzer: &mut TextAnalyzer, text: &str) -> Vec<String> {
        let mut stream = analyzer.token_stream(text);
        let mut out = Vec::new();
        while stream.advance() {
            out.push(stream.token().text.clone());
        }
        out
    }

    /// The index's terms must not change: the memo gives what tantivy's
    /// own English stemmer gives, for words seen once and seen again.
    #[test]
    fn stems_as_tantivy_does_first_time_and_from_memo() {
        let text = "Ministers were meeting; the meeting's agenda included \
                    generalizations, running costs and relational databases. \
                    Ministers met again: running, runs, ran. Caf\u{e9}s opened.";
        let mut plain = TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(LowerCaser)
            .filter(Stemmer::new(Language::English))
            .build();
        let mut memo = TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(LowerCaser)
            .filter(MemoStemmer)
            .build();
        let expected = tokens(&mut plain, text);
        assert!(expected.contains(&"meet".to_string()), "{expected:?}");
        assert_eq!(tokens(&mut memo, text), expected);
        // Second pass: every word now comes from the memo.
        assert_eq!(tokens(&mut memo, text), expected);
    }

    /// Past its bound the memo starts over, and stems stay right.
    #[test]
    fn stems_stay_right_after_the_memo_starts_over() {
        let mut memo = TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(MemoStemmer)
            .build();
        let words: Vec<String> = (0..MEMO_WORDS + 10)
            .map(|i| format!("walk{i}ing"))
            .collect();
        let stems = tokens(&mut memo, &words.join(" "));
        assert_eq!(stems.len(), words.len());
        assert_eq!(
            stems.last().map(String::as_str),
            Some(&*format!("walk{}", MEMO_WORDS + 9))
        );
        assert_eq!(stems[0], "walk0");
    }
}
