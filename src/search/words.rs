//! A filter on a text fast field alone: the articles holding any of a set
//! of words in its column.
//!
//! `name_words` (the capitalised words outside the names found) is in the
//! column only: facets read it there, and a filter on a person reads it
//! for the words that stand for them ("Lavrov" for Sergey Lavrov). Kept in
//! the inverted index as well, it cost about 3% of indexing's
//! instructions (callgrind, 2,000 archive articles) to serve only these
//! filters, which a pass over the column of a segment answers in a few
//! milliseconds.

use std::sync::Arc;

use tantivy::query::{
    BitSetDocSet, ConstScorer, EmptyScorer, EnableScoring, Explanation, Query, Scorer, Weight,
};
use tantivy::{BitSet, DocId, Score, SegmentReader, TantivyError};

/// The articles whose column `field` holds any of `words`, as written.
#[derive(Debug, Clone)]
pub struct WordsQuery {
    field: String,
    words: Arc<Vec<String>>,
}

impl WordsQuery {
    pub fn new(field: &str, words: Vec<String>) -> WordsQuery {
        WordsQuery {
            field: field.to_owned(),
            words: Arc::new(words),
        }
    }
}

impl Query for WordsQuery {
    fn weight(&self, _: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        Ok(Box::new(WordsWeight(self.clone())))
    }
}

struct WordsWeight(WordsQuery);

impl WordsWeight {
    /// The segment's articles holding a word; `None` when none can (no
    /// column, or none of the words in it).
    fn docs(&self, reader: &SegmentReader) -> tantivy::Result<Option<BitSet>> {
        let Some(column) = reader.fast_fields().str(&self.0.field)? else {
            return Ok(None);
        };
        let mut ords = Vec::new();
        for word in self.0.words.iter() {
            if let Some(ord) = column.dictionary().term_ord(word)? {
                ords.push(ord);
            }
        }
        if ords.is_empty() {
            return Ok(None);
        }
        ords.sort_unstable();
        let max_doc = reader.max_doc();
        let mut docs = BitSet::with_max_value(max_doc);
        for doc in 0..max_doc {
            if column
                .term_ords(doc)
                .any(|ord| ords.binary_search(&ord).is_ok())
            {
                docs.insert(doc);
            }
        }
        Ok(Some(docs))
    }
}

impl Weight for WordsWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        Ok(match self.docs(reader)? {
            Some(docs) => Box::new(ConstScorer::new(BitSetDocSet::from(docs), boost)),
            None => Box::new(EmptyScorer),
        })
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        if !self
            .docs(reader)?
            .is_some_and(|docs| doc < docs.max_value() && docs.contains(doc))
        {
            return Err(TantivyError::InvalidArgument(format!(
                "document {doc} holds none of the words"
            )));
        }
        Ok(Explanation::new("WordsQuery", 1.0))
    }
}

#[cfg(test)]
mod tests {
    use tantivy::collector::DocSetCollector;
    use tantivy::schema::{Schema, TextOptions};
    use tantivy::{Index, IndexWriter, TantivyDocument};

    use super::*;

    /// Which of the documents (by their words) the query finds.
    fn found(docs: &[&[&str]], words: &[&str]) -> Vec<usize> {
        let mut schema = Schema::builder();
        let field = schema.add_text_field("w", TextOptions::default().set_fast("raw"));
        let index = Index::create_in_ram(schema.build());
        let mut writer: IndexWriter = index.writer_with_num_threads(1, 15_000_000).unwrap();
        for words in docs {
            let mut doc = TantivyDocument::new();
            for w in *words {
                doc.add_text(field, w);
            }
            writer.add_document(doc).unwrap();
        }
        writer.commit().unwrap();
        let searcher = index.reader().unwrap().searcher();
        let query = WordsQuery::new("w", words.iter().map(|w| w.to_string()).collect());
        let mut hits: Vec<usize> = searcher
            .search(&query, &DocSetCollector)
            .unwrap()
            .into_iter()
            .map(|a| a.doc_id as usize)
            .collect();
        hits.sort_unstable();
        // Explained for the documents found, refused for the others.
        for doc in 0..docs.len() {
            let explained = query.explain(&searcher, tantivy::DocAddress::new(0, doc as u32));
            assert_eq!(explained.is_ok(), hits.contains(&doc), "{doc}");
        }
        hits
    }

    #[test]
    fn finds_the_articles_holding_any_of_the_words_as_written() {
        let docs: &[&[&str]] = &[
            &["Lavrov", "Kremlin"],
            &[],
            &["Trump"],
            &["lavrov"],
            &["Putin", "Trump"],
        ];
        assert_eq!(found(docs, &["Lavrov"]), [0]);
        assert_eq!(found(docs, &["Trump", "Kremlin"]), [0, 2, 4]);
        assert!(found(docs, &["Merkel"]).is_empty());
        assert!(found(docs, &[]).is_empty());
        // A field no document fills has no column: nothing is found.
        assert!(found(&[&[], &[]], &["Lavrov"]).is_empty());
    }
}
