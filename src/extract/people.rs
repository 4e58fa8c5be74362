//! People named in an article: the name spans the tagger (`ner`) finds in
//! the title and body, gathered under one canonical name per person.
//!
//! Within an article, "Senator Marco Rubio", "Rubio" and "Rubio's" are all
//! Marco Rubio: a surname mentioned alone joins the full name used
//! elsewhere, and the most used full form names the person. Titles and
//! honorifics are never part of a name.

use std::collections::HashMap;

use serde::Serialize;

use super::ner::{self, Doc, TITLES, Tagger};

/// Which text a mention is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Field {
    Title,
    Body,
}

/// One mention of a person: byte offsets into the title or body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Mention {
    pub person: String,
    pub text: String,
    pub start: usize,
    pub end: usize,
    pub field: Field,
}

/// A span found by the tagger, before canonical names are given.
struct Found {
    field: Field,
    start: usize,
    end: usize,
    /// The name's words, without titles.
    words: Vec<String>,
}

/// The people of an article (canonical names, most mentioned first), and
/// every mention.
pub fn find_mentions(title: &str, body: &str) -> (Vec<String>, Vec<Mention>) {
    let (title_spans, title_starts) = ner::tokenize(title);
    let (body_spans, mut body_starts) = ner::tokenize(body);
    if let Some(first) = body_starts.first_mut() {
        *first = true;
    }
    let mut words: Vec<&str> = Vec::with_capacity(title_spans.len() + body_spans.len());
    let mut starts = Vec::with_capacity(words.capacity());
    let mut place = Vec::with_capacity(words.capacity());
    for (field, text, spans, sent) in [
        (Field::Title, title, &title_spans, &title_starts),
        (Field::Body, body, &body_spans, &body_starts),
    ] {
        for (k, s) in spans.iter().enumerate() {
            words.push(&text[s.start..s.end]);
            starts.push(sent[k]);
            place.push((field, *s));
        }
    }
    let mut doc = Doc::new(words.clone(), starts.clone());
    let tags = Tagger::embedded().tag(&mut doc);
    let mut found = Vec::new();
    for (a, b) in ner::spans(&tags, &starts) {
        let mut a = a;
        // Titles are not part of a name ("Mr. Lavrov", "President Biden").
        while a < b && TITLES.contains(&words[a].trim_end_matches('.').to_lowercase().as_str()) {
            a += 1;
        }
        if a == b || place[a].0 != place[b - 1].0 {
            continue;
        }
        let name_words: Vec<String> = words[a..b].iter().map(|w| w.to_string()).collect();
        if !name_words
            .iter()
            .any(|w| w.chars().any(char::is_alphabetic))
        {
            continue;
        }
        let (field, first) = place[a];
        found.push(Found {
            field,
            start: first.start,
            end: place[b - 1].1.end,
            words: name_words,
        });
    }
    canonical(found, title, body)
}

/// The canonical names only.
pub fn find_people(title: &str, body: &str) -> Vec<String> {
    find_mentions(title, body).0
}

fn key(w: &str) -> String {
    w.to_lowercase()
}

/// Writes an all-capitals name (from a headline) as a name.
fn name_case(w: &str) -> String {
    if w.chars().any(char::is_lowercase) {
        return w.to_owned();
    }
    let mut out = String::new();
    let mut up = true;
    for c in w.chars() {
        if up {
            out.extend(c.to_uppercase());
        } else {
            out.extend(c.to_lowercase());
        }
        up = !c.is_alphabetic();
    }
    out
}

/// Gives each mention its person: full names sharing first and last word
/// are one person under the most used (then longest) form; a lone surname
/// or given name joins the most mentioned full name it belongs to.
fn canonical(found: Vec<Found>, title: &str, body: &str) -> (Vec<String>, Vec<Mention>) {
    // Full forms as written (mixed case preferred), counted.
    let mut forms: HashMap<Vec<String>, (usize, Vec<String>)> = HashMap::new();
    for f in found.iter().filter(|f| f.words.len() >= 2) {
        let k: Vec<String> = f.words.iter().map(|w| key(w)).collect();
        let entry = forms.entry(k).or_insert((0, f.words.clone()));
        entry.0 += 1;
        if entry.1.iter().all(|w| !w.chars().any(char::is_lowercase)) {
            entry.1 = f.words.clone();
        }
    }
    let mut fulls: Vec<(Vec<String>, usize, Vec<String>)> =
        forms.into_iter().map(|(k, (n, w))| (k, n, w)).collect();
    fulls.sort_by(|a, b| {
        b.1.cmp(&a.1)
            .then(b.0.len().cmp(&a.0.len()))
            .then(a.0.cmp(&b.0))
    });
    // Each full form's person: the first (most used) form with the same
    // first and last word.
    let person_of_full = |k: &[String]| -> Option<String> {
        fulls
            .iter()
            .find(|(other, _, _)| other.first() == k.first() && other.last() == k.last())
            .map(|(_, _, w)| w.iter().map(|x| name_case(x)).collect::<Vec<_>>().join(" "))
    };
    let mut mentions = Vec::with_capacity(found.len());
    for f in &found {
        let k: Vec<String> = f.words.iter().map(|w| key(w)).collect();
        let person = if k.len() >= 2 {
            person_of_full(&k)
        } else {
            // A lone word: the most used full name ending (or else starting)
            // with it.
            fulls
                .iter()
                .find(|(other, _, _)| other.last() == k.last())
                .or_else(|| {
                    fulls
                        .iter()
                        .find(|(other, _, _)| other.first() == k.first())
                })
                .and_then(|(other, _, _)| person_of_full(other))
        }
        .unwrap_or_else(|| {
            f.words
                .iter()
                .map(|w| name_case(w))
                .collect::<Vec<_>>()
                .join(" ")
        });
        let text = match f.field {
            Field::Title => title,
            Field::Body => body,
        };
        mentions.push(Mention {
            person,
            text: text[f.start..f.end].to_owned(),
            start: f.start,
            end: f.end,
            field: f.field,
        });
    }
    let mut counts: Vec<(String, usize, usize)> = Vec::new();
    for (i, m) in mentions.iter().enumerate() {
        match counts.iter_mut().find(|c| c.0 == m.person) {
            Some(c) => c.1 += 1,
            None => counts.push((m.person.clone(), 1, i)),
        }
    }
    counts.sort_by(|a, b| b.1.cmp(&a.1).then(a.2.cmp(&b.2)));
    (counts.into_iter().map(|c| c.0).collect(), mentions)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_possessives_and_surnames_join() {
        let title = "Rubio to Meet Russia’s Lavrov";
        let body = "U.S. Senator Marco Rubio is to meet Russian Foreign Minister \
             Sergey Lavrov this Thursday. Lavrov said little. The White House \
             was silent. Mr. Lavrov and Senator Rubio met, and Rubio's aides \
             spoke to reporters in Moscow.";
        let (people, mentions) = find_mentions(title, body);
        // Four mentions each; Rubio comes first in the title.
        assert_eq!(people, ["Marco Rubio", "Sergey Lavrov"]);
        for m in &mentions {
            let text = match m.field {
                Field::Title => title,
                Field::Body => body,
            };
            assert_eq!(&text[m.start..m.end], m.text);
            assert!(
                !m.text.contains("Senator") && !m.text.contains("Mr") && !m.text.ends_with("'s")
            );
        }
        let rubio: Vec<&str> = mentions
            .iter()
            .filter(|m| m.person == "Marco Rubio")
            .map(|m| m.text.as_str())
            .collect();
        assert_eq!(rubio, ["Rubio", "Marco Rubio", "Rubio", "Rubio"]);
        assert_eq!(mentions[0].field, Field::Title);
    }

    #[test]
    fn places_and_organisations_are_not_people() {
        let people = find_people(
            "",
            "The White House and the Kremlin spoke on Thursday. NATO and the \
             U.S. met in Moscow. Republicans objected, and the European Union \
             said Russia and China should talk.",
        );
        assert!(people.is_empty(), "{people:?}");
    }

    #[test]
    fn all_caps_headline_names_join_the_body() {
        let (people, mentions) = find_mentions(
            "MERKEL MEETS PUTIN IN BERLIN",
            "German Chancellor Angela Merkel met Russian President Vladimir Putin \
             in Berlin on Monday. Merkel said the talks were useful.",
        );
        assert_eq!(people, ["Angela Merkel", "Vladimir Putin"]);
        let title_people: Vec<&str> = mentions
            .iter()
            .filter(|m| m.field == Field::Title)
            .map(|m| m.person.as_str())
            .collect();
        assert_eq!(title_people, ["Angela Merkel", "Vladimir Putin"]);
    }

    #[test]
    fn same_surname_different_people() {
        let people = find_people(
            "",
            "President Donald Trump spoke first on Tuesday. His wife, Melania \
             Trump, followed him. Then Trump left for Florida.",
        );
        assert_eq!(people, ["Donald Trump", "Melania Trump"]);
    }
}
