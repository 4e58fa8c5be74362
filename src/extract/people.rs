//! People named in an article, by rules: capitalised names after a title
//! or honorific ("Senator Marco Rubio", "Foreign Minister Sergey Lavrov",
//! "Mr. Lavrov"), and a known given name followed by a surname ("Betsy
//! DeVos"). A surname mentioned alone joins the full name used elsewhere
//! in the article; titles are never part of the name.

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

/// Given names from the US Census 1990 lists (public domain).
static GIVEN_NAMES: LazyLock<HashSet<&'static str>> =
    LazyLock::new(|| include_str!("given_names.txt").lines().collect());

/// Words that introduce a person's name.
const TITLES: &[&str] = &[
    "president",
    "senator",
    "sen",
    "rep",
    "representative",
    "congressman",
    "congresswoman",
    "governor",
    "gov",
    "mayor",
    "minister",
    "secretary",
    "chancellor",
    "premier",
    "king",
    "queen",
    "prince",
    "princess",
    "pope",
    "ambassador",
    "general",
    "gen",
    "lt",
    "col",
    "colonel",
    "admiral",
    "adm",
    "sgt",
    "sergeant",
    "captain",
    "capt",
    "judge",
    "justice",
    "dr",
    "mr",
    "mrs",
    "ms",
    "miss",
    "sir",
    "dame",
    "lord",
    "lady",
    "chairman",
    "chairwoman",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "speaker",
    "leader",
    "director",
    "commissioner",
    "prosecutor",
    "attorney",
    "detective",
    "rabbi",
    "imam",
    "cardinal",
    "archbishop",
    "bishop",
    "sheikh",
    "emir",
    "ayatollah",
    "envoy",
    "presidents",
    "coach",
    "treasurer",
    "governor-elect",
    "president-elect",
    "deputy",
    "officer",
    "professor",
    "prof",
    "economist",
    "analyst",
    "inspector",
    "superintendent",
    "mp",
    "mep",
    "ceo",
];

/// Capitalised words that end a name: what follows a title is an
/// organisation or place, not a person ("President Obama Administration").
const NOT_NAME: &[&str] = &[
    "administration",
    "government",
    "house",
    "party",
    "ministry",
    "department",
    "office",
    "council",
    "committee",
    "agency",
    "university",
    "street",
    "square",
    "foundation",
    "institute",
    "center",
    "centre",
    "court",
    "state",
    "states",
    "union",
    "bank",
    "board",
    "group",
    "company",
    "corp",
    "inc",
    "ltd",
    "news",
    "times",
    "post",
    "white",
    "kremlin",
    "congress",
    "senate",
    "parliament",
    "army",
    "navy",
    "police",
    "and",
    "the",
    "of",
    "for",
    "in",
    "on",
    "at",
    "to",
    "a",
    "an",
    "but",
    "as",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "january",
    "february",
    "march",
    "april",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "today",
    "tonight",
    "yesterday",
    "tomorrow",
    "democrat",
    "democrats",
    "republican",
    "republicans",
    "god",
    "trust",
    "fund",
    "club",
    "league",
    "airport",
    "hospital",
    "school",
    "church",
    "mosque",
    "city",
    "county",
];

/// Lower-case particles allowed inside a name ("Mohammed bin Salman").
const PARTICLES: &[&str] = &[
    "bin", "al", "de", "van", "von", "der", "da", "di", "la", "le", "du", "del", "ibn",
];

#[derive(Debug, Clone)]
struct Token<'a> {
    text: &'a str,
    /// The word without a trailing possessive or period.
    word: &'a str,
    /// Lower case of `word`.
    lower: String,
    /// The token ends a sentence or clause (trailing punctuation).
    stops: bool,
}

fn tokens(text: &str) -> Vec<Token<'_>> {
    text.split(|c: char| {
        c.is_whitespace() || c == '—' || c == '–' || c == '/' || c == '"' || c == '(' || c == ')'
    })
    .filter(|t| !t.is_empty())
    .map(|text| {
        let stops = text.ends_with([',', ';', ':', '!', '?', '.']) && !is_abbrev(text);
        let mut word =
            text.trim_matches(|c: char| !c.is_alphanumeric() && c != '.' && c != '\'' && c != '’');
        for suffix in ["'s", "’s", "'", "’"] {
            if let Some(w) = word.strip_suffix(suffix) {
                word = w;
            }
        }
        let word = word.trim_end_matches('.');
        let word = word.trim_start_matches(|c: char| !c.is_alphanumeric());
        Token {
            text,
            word,
            lower: word.to_lowercase(),
            stops,
        }
    })
    .collect()
}

fn is_abbrev(t: &str) -> bool {
    let w = t.trim_end_matches('.').to_ascii_lowercase();
    TITLES.contains(&w.as_str()) || (w.len() == 1 && t.ends_with('.'))
}

/// A name part: capitalised, with lower-case letters (not an acronym).
fn is_name_word(t: &Token) -> bool {
    let mut chars = t.word.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    first.is_uppercase()
        && t.word.chars().any(|c| c.is_lowercase())
        && t.word
            .chars()
            .all(|c| c.is_alphabetic() || c == '-' || c == '\'' || c == '’' || c == '.')
        && !NOT_NAME.contains(&t.lower.as_str())
        && !TITLES.contains(&t.lower.as_str())
}

fn is_initial(t: &Token) -> bool {
    t.text.len() == 2 && t.text.ends_with('.') && t.text.starts_with(|c: char| c.is_uppercase())
}

/// Collects a name starting at `i`: name words, initials and particles,
/// up to four parts, stopping at punctuation.
fn name_at(toks: &[Token], i: usize) -> Option<(Vec<String>, usize)> {
    let mut parts: Vec<String> = Vec::new();
    let mut j = i;
    while j < toks.len() && parts.len() < 4 {
        let t = &toks[j];
        if is_name_word(t) {
            parts.push(t.word.to_owned());
        } else if is_initial(t) && !parts.is_empty() {
            parts.push(t.text.to_owned());
        } else if PARTICLES.contains(&t.text)
            && !parts.is_empty()
            && toks.get(j + 1).is_some_and(is_name_word)
        {
            parts.push(t.text.to_owned());
        } else {
            break;
        }
        let possessive = t.text.ends_with("'s") || t.text.ends_with("’s");
        j += 1;
        if t.stops || possessive {
            break;
        }
    }
    while parts
        .last()
        .is_some_and(|p| p.len() <= 2 || PARTICLES.contains(&p.as_str()))
    {
        parts.pop();
    }
    (!parts.is_empty()).then_some((parts, j))
}

/// Finds the people of an article, most mentioned first.
pub fn find_people(title: &str, body: &str) -> Vec<String> {
    let mut found: Vec<Vec<String>> = Vec::new();
    for text in [title, body] {
        let toks = tokens(text);
        let mut i = 0;
        while i < toks.len() {
            let t = &toks[i];
            let after_title = TITLES.contains(&t.lower.as_str()) && !t.stops;
            if after_title {
                // Skip a run of titles: "Secretary General", "Vice President".
                let mut j = i + 1;
                while j < toks.len() && TITLES.contains(&toks[j].lower.as_str()) {
                    j += 1;
                }
                if let Some((parts, end)) = name_at(&toks, j) {
                    found.push(parts);
                    i = end;
                    continue;
                }
            } else if GIVEN_NAMES.contains(t.lower.as_str()) && is_name_word(t) && !t.stops {
                if let Some((parts, end)) = name_at(&toks, i) {
                    if parts.len() >= 2 {
                        found.push(parts);
                        i = end;
                        continue;
                    }
                }
            }
            i += 1;
        }
    }
    canonical(found, title, body)
}

/// Joins surname-only mentions to the full name and counts mentions of
/// each person in the whole text.
fn canonical(found: Vec<Vec<String>>, title: &str, body: &str) -> Vec<String> {
    let full: Vec<&Vec<String>> = found.iter().filter(|p| p.len() >= 2).collect();
    let mut names: Vec<String> = Vec::new();
    for parts in &found {
        let name = if parts.len() == 1 {
            // A lone surname: the full name with that surname, if one.
            match full.iter().find(|f| f.last() == parts.last()) {
                Some(f) => f.join(" "),
                None => parts[0].clone(),
            }
        } else {
            parts.join(" ")
        };
        if !names.contains(&name) {
            names.push(name);
        }
    }
    // Rank by how often the surname is mentioned anywhere in the text.
    let words: Vec<Token> = tokens(title).into_iter().chain(tokens(body)).collect();
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for t in &words {
        *counts.entry(t.word).or_default() += 1;
    }
    let mut ranked: Vec<(usize, usize, String)> = names
        .into_iter()
        .enumerate()
        .map(|(i, name)| {
            let surname = name.rsplit(' ').next().unwrap_or(&name);
            (counts.get(surname).copied().unwrap_or(1), i, name)
        })
        .collect();
    ranked.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    ranked.into_iter().map(|(_, _, name)| name).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_and_surnames_join() {
        let people = find_people(
            "Rubio to Meet Russia’s Lavrov",
            "U.S. Senator Marco Rubio is to meet Russian Foreign Minister \
             Sergey Lavrov this Thursday. Lavrov said little. The White House \
             was silent, and President Biden’s administration too. Mr. Lavrov \
             and Senator Rubio met.",
        );
        assert_eq!(people, ["Sergey Lavrov", "Marco Rubio", "Biden"]);
    }

    #[test]
    fn given_name_and_surname() {
        let people = find_people(
            "",
            "Michigan billionaire Betsy DeVos was confirmed after Vice President \
             Mike Pence cast a vote. Sen. Elizabeth Warren, D-Mass., objected.",
        );
        assert_eq!(people, ["Betsy DeVos", "Mike Pence", "Elizabeth Warren"]);
    }

    #[test]
    fn places_and_organisations_are_not_people() {
        let people = find_people(
            "",
            "The White House and the Kremlin spoke. NATO and the U.S. met in \
             Moscow on Thursday. Republicans objected. President of Russia.",
        );
        assert!(people.is_empty(), "{people:?}");
    }
}
