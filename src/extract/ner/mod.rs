//! Person-name tagging: greedy averaged perceptrons over word, shape,
//! affix, context, name-list and document-level features, trained on the
//! CoNLL-2003 PER annotations (`src/bin/train-people.rs`, built with
//! `--features train`, re-creates the model in `models/people.bin`, see
//! `models/README.md`).
//!
//! Tagging runs twice over a document: left to right, then right to left.
//! Document-level features need no labels: how the same word is written
//! elsewhere in the article (in lower case, capitalised mid-sentence, next
//! to another capitalised word, after a title such as "President", after a
//! known given name). The second pass adds what the first one tagged here
//! and elsewhere in the document, and, going backwards, sees a surname
//! before it decides on the given name in front of it. Both passes carry
//! the evidence of well-written sentences to all-caps headlines and to
//! sentence-initial words.
//!
//! Tags are `O`, `B` (a name starts) and `I` (it goes on). Features are
//! hashed to `u64` keys straight from the token bytes; each model maps
//! keys to one weight per tag, quantised to `i16` on disk.
//!
//! The rooms, each using only those above it:
//! - `names`: the name and title lists;
//! - `tokenize`: text to tokens with byte offsets and sentence starts;
//! - `tags`: the tags and the name spans they mark;
//! - `features`: a document's tokens and their features (`Doc`);
//! - `model`: the weights, greedy tagging, the byte format (`Model`,
//!   `Tagger`);
//! - `train` (only with the `train` feature): CoNLL-2003 reading, training
//!   and evaluation.
//!
//! This file puts them together: `find_names` finds the names in a text.

mod features;
mod model;
mod names;
mod tags;
mod tokenize;
#[cfg(feature = "train")]
pub mod train;

pub use features::Doc;
pub use model::{Model, Tagger};
pub use names::{
    TITLES, ascii_lower, is_common_word, is_english_word, is_given_first, is_given_name,
    is_listed_surname, is_not_person, is_title, surname_rank,
};
pub use tags::{B, I, O, spans};
pub use tokenize::{Span, tokenize};

/// The person names in a text, as byte spans, as the tagger finds them
/// (titles not stripped: that is `people`'s work).
pub fn find_names(tagger: &Tagger, text: &str) -> Vec<Span> {
    let (sp, starts) = tokenize(text);
    let words = sp.iter().map(|s| &text[s.start..s.end]).collect();
    let mut doc = Doc::for_tagging(words, starts.clone());
    let tags = tagger.tag(&mut doc);
    spans(&tags, &starts)
        .into_iter()
        .map(|(a, b)| Span {
            start: sp[a].start,
            end: sp[b - 1].end,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_model_tags_a_sentence() {
        let tagger = Tagger::embedded();
        assert!(
            tagger.len() > 1000,
            "the model is trained: {}",
            tagger.len()
        );
        let text = "German Chancellor Angela Merkel met Vladimir Putin in Moscow on Thursday.";
        let found: Vec<&str> = find_names(tagger, text)
            .iter()
            .map(|s| &text[s.start..s.end])
            .collect();
        assert_eq!(found, ["Angela Merkel", "Vladimir Putin"]);
    }
}
