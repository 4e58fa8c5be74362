//! "Did you mean" over a cluster, as `Engine::suggest` makes it: each
//! rare word of a query of plain words replaced by the most frequent
//! index word one edit away (two for words of seven letters or more),
//! people's names first, then the text's words; found with the term
//! suggester, the words' own frequencies with `filter` aggregations, and
//! a stemmed word of the text written back as the text writes it. A
//! swap of two letters is one edit, as in the local fuzzy matching. The
//! suggester keeps the first letter of two-edit candidates (Lucene's
//! spell checker does), where the local index tries them all.

use serde_json::{Map, Value, json};

use super::{POST, PRE, Remote, marked};
use crate::search::query;
use crate::search::{Request, as_typed, closeness};

/// The fields a word is looked for in, in this order: names, then text.
const FIELDS: [&str; 2] = ["people.text", "body"];
/// Candidates the cluster returns per word and field.
const CANDIDATES: usize = 20;

impl Remote {
    /// The query with its rare words corrected, or nothing when no word
    /// is rare or no commoner word is near one.
    pub(super) fn suggest(&self, req: &Request) -> Vec<String> {
        let Ok(parsed) = query::parse(&req.query, req.plain) else {
            return Vec::new();
        };
        let Some(words) = parsed.words else {
            return Vec::new();
        };
        let better = self.better_words(&words).unwrap_or_default();
        if better.iter().all(Option::is_none) {
            return Vec::new();
        }
        let corrected: Vec<String> = words
            .iter()
            .zip(better)
            .map(|(w, b)| b.unwrap_or_else(|| w.clone()))
            .collect();
        vec![corrected.join(" ")]
    }

    /// For each word, a commoner one close to it, as the user wrote it.
    fn better_words(&self, words: &[String]) -> anyhow::Result<Vec<Option<String>>> {
        let eligible = |w: &String| w.chars().count() >= 4 && w.chars().all(char::is_alphanumeric);
        let mut aggs = Map::new();
        let mut suggest = Map::new();
        for (i, word) in words.iter().enumerate().filter(|(_, w)| eligible(w)) {
            let edits = if word.chars().count() >= 7 { 2 } else { 1 };
            for (f, field) in FIELDS.iter().enumerate() {
                aggs.insert(
                    format!("own{i}_{f}"),
                    json!({"filter": {"match": {*field: word}}}),
                );
                // One suggester per number of edits, so common words two
                // edits away cannot crowd out the one-edit ones; no
                // ceiling on a candidate's frequency.
                for e in 1..=edits {
                    suggest.insert(
                        format!("w{i}_{f}_{e}"),
                        json!({"text": word, "term": {
                            "field": field, "suggest_mode": "always", "max_edits": e,
                            "prefix_length": 0, "min_word_length": 1, "size": CANDIDATES,
                            "sort": "frequency", "max_term_freq": 1.0e9,
                        }}),
                    );
                }
            }
        }
        if suggest.is_empty() {
            return Ok(vec![None; words.len()]);
        }
        let body = json!({"size": 0, "track_total_hits": false, "aggs": aggs, "suggest": suggest});
        let answer = self.search_call(&body)?;
        let mut better = Vec::with_capacity(words.len());
        for (i, word) in words.iter().enumerate() {
            if !eligible(word) {
                better.push(None);
                continue;
            }
            let own = (0..FIELDS.len())
                .filter_map(|f| answer["aggregations"][format!("own{i}_{f}")]["doc_count"].as_u64())
                .max()
                .unwrap_or(0);
            // A word some articles have is no typo (Saudi is not Sandi).
            if own >= 3 {
                better.push(None);
                continue;
            }
            let choice = self.choose(&answer["suggest"], i, word, own);
            better.push(choice.map(|w| as_typed(&w, word)));
        }
        Ok(better)
    }

    /// The best candidate for word `i`: one edit away before two, names
    /// before the text; of those, one with the word's first letter
    /// (typos seldom hit it), then the commonest. A word no article has
    /// takes any word some have; a rare one, a much commoner one.
    fn choose(&self, suggest: &Value, i: usize, word: &str, own: u64) -> Option<String> {
        let first = word
            .chars()
            .next()
            .map(|c| c.to_lowercase().collect::<String>());
        let most = if word.chars().count() >= 7 { 2 } else { 1 };
        for edits in 1..=most {
            for (f, field) in FIELDS.iter().enumerate() {
                let Some(entry) = suggest[format!("w{i}_{f}_{edits}")].get(0) else {
                    continue;
                };
                let typed = entry["text"].as_str().unwrap_or(word);
                let mut best: Option<((bool, u64), String)> = None;
                for option in entry["options"].as_array().into_iter().flatten() {
                    let (Some(text), Some(n)) = (option["text"].as_str(), option["freq"].as_u64())
                    else {
                        continue;
                    };
                    if strsim::osa_distance(typed, text) > edits {
                        continue;
                    }
                    let commoner = if own == 0 {
                        n > 0
                    } else {
                        n >= 3 && n > own * 5
                    };
                    let rank = (first.as_deref().is_some_and(|c| text.starts_with(c)), n);
                    if commoner && best.as_ref().is_none_or(|(b, _)| rank > *b) {
                        best = Some((rank, text.to_owned()));
                    }
                }
                if let Some((_, text)) = best {
                    // Without the written form, the stem (a failed request
                    // loses no other word's correction).
                    return Some(if *field == "body" {
                        self.surface(&text, word).ok().flatten().unwrap_or(text)
                    } else {
                        text
                    });
                }
            }
        }
        None
    }

    /// A word of the text as written for an index word (`president` for
    /// `presid`): of the words an article holding it has marked for it,
    /// the one closest to what was typed.
    fn surface(&self, term: &str, typed: &str) -> anyhow::Result<Option<String>> {
        let body = json!({
            "size": 1,
            "query": {"term": {"body": term}},
            "_source": false,
            "highlight": {
                "pre_tags": [PRE], "post_tags": [POST],
                "fields": {"body": {"type": "plain", "fragment_size": 100, "number_of_fragments": 5}},
            },
        });
        let answer = self.search_call(&body)?;
        let typed = typed.to_lowercase();
        let fragments = &answer["hits"]["hits"][0]["highlight"]["body"];
        Ok(fragments
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .flat_map(|fragment| {
                let (text, ranges) = marked(fragment);
                ranges
                    .into_iter()
                    .map(|(s, e)| text[s..e].to_lowercase())
                    .collect::<Vec<_>>()
            })
            .max_by_key(|w| closeness(w, &typed)))
    }
}
