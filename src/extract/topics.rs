//! Topics from keyword rules: the taxonomy in `schema/topics.json` gives
//! each topic weighted words and phrases; an article gets the topics whose
//! evidence passes the threshold (at most `max_topics`), each with its
//! parent.
//!
//! The areas follow IPTC Media Topics where the issue's list leaves room:
//! defence, intelligence, immigration and human rights sit under politics,
//! and disasters and accidents are an area of their own, not environment.

use std::collections::HashMap;

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use anyhow::{Context, Result};
use serde::Deserialize;

/// The embedded taxonomy.
pub const TOPICS_JSON: &str = include_str!("../../schema/topics.json");

/// Occurrences of one term counted at most this often, so one repeated
/// word cannot carry a topic alone.
const MAX_COUNT_PER_TERM: usize = 3;
/// A title match counts this many times a body match.
const TITLE_WEIGHT: f32 = 3.0;

#[derive(Debug, Deserialize)]
struct TopicSpec {
    name: String,
    #[serde(default)]
    terms: HashMap<String, f32>,
    #[serde(default)]
    children: Vec<TopicSpec>,
}

#[derive(Debug, Deserialize)]
struct TaxonomySpec {
    threshold: f32,
    max_topics: usize,
    topics: Vec<TopicSpec>,
}

/// A compiled taxonomy: one automaton over every term of every topic.
#[derive(Debug)]
pub struct Taxonomy {
    names: Vec<String>,
    parent: Vec<Option<usize>>,
    /// For each automaton pattern: (topic, weight).
    patterns: Vec<(usize, f32)>,
    automaton: AhoCorasick,
    threshold: f32,
    max_topics: usize,
}

impl Taxonomy {
    /// The taxonomy embedded in the binary; checked by a test.
    pub fn embedded() -> Taxonomy {
        Taxonomy::from_json(TOPICS_JSON).expect("schema/topics.json is valid")
    }

    pub fn from_json(json: &str) -> Result<Taxonomy> {
        let spec: TaxonomySpec = serde_json::from_str(json).context("invalid topic taxonomy")?;
        let mut names = Vec::new();
        let mut parent = Vec::new();
        let mut terms: Vec<String> = Vec::new();
        let mut patterns = Vec::new();
        let mut add = |topic: &TopicSpec, up: Option<usize>| -> usize {
            let id = names.len();
            names.push(topic.name.to_lowercase());
            parent.push(up);
            let mut sorted: Vec<_> = topic.terms.iter().collect();
            sorted.sort_by(|a, b| a.0.cmp(b.0));
            for (term, weight) in sorted {
                terms.push(term.to_lowercase());
                patterns.push((id, *weight));
            }
            id
        };
        for topic in &spec.topics {
            let id = add(topic, None);
            for child in &topic.children {
                add(child, Some(id));
            }
        }
        // Standard semantics, so every occurrence can be reported: the
        // words are chosen after the boundary check (see `matches`). A DFA
        // (about 3 MB, 7 ms to build) scans half again as fast as the
        // default NFA, and the taxonomy is built once per run.
        let automaton = AhoCorasick::builder()
            .match_kind(MatchKind::Standard)
            .kind(Some(AhoCorasickKind::DFA))
            .build(&terms)
            .context("cannot compile topic terms")?;
        Ok(Taxonomy {
            names,
            parent,
            patterns,
            automaton,
            threshold: spec.threshold,
            max_topics: spec.max_topics,
        })
    }

    /// Every topic name, parents first.
    pub fn names(&self) -> &[String] {
        &self.names
    }

    /// The top-level topic of the strongest topic in `topics` (as `assign`
    /// orders them): the topic itself, or its parent.
    pub fn top_level<'a>(&'a self, topics: &[String]) -> Option<&'a str> {
        topics.iter().find_map(|t| {
            let id = self.names.iter().position(|n| n == t)?;
            Some(self.names[self.parent[id].unwrap_or(id)].as_str())
        })
    }

    /// The terms found in `lower` (already lowercased): whole words and
    /// phrases only, leftmost first and, among those starting at the same
    /// place, the longest. A phrase that runs into a longer word does not
    /// hide the words inside it: "presidential elections" is "presidential"
    /// and "elections", though "presidential election" is a term too.
    fn matches(&self, lower: &str) -> Vec<usize> {
        let mut found: Vec<(usize, usize, usize)> = self
            .automaton
            .find_overlapping_iter(lower)
            .filter(|m| stands_alone(lower, m.start(), m.end()))
            .map(|m| (m.start(), m.end(), m.pattern().as_usize()))
            .collect();
        found.sort_unstable_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
        let mut free = 0;
        found
            .into_iter()
            .filter(|&(start, end, _)| {
                let keep = start >= free;
                if keep {
                    free = end;
                }
                keep
            })
            .map(|(_, _, pattern)| pattern)
            .collect()
    }

    /// Scores each topic on the text.
    fn scores(&self, title: &str, body: &str) -> Vec<f32> {
        let mut found: Vec<(usize, bool)> = Vec::new();
        for (text, in_title) in [(title, true), (body, false)] {
            let lower = text.to_lowercase();
            found.extend(self.matches(&lower).into_iter().map(|p| (p, in_title)));
        }
        // Summed in pattern order, so the same article always gets the
        // same scores to the last bit (a hash map's order changes from run
        // to run, and so did ties at the threshold).
        found.sort_unstable();
        let words = body.split_whitespace().count() + title.split_whitespace().count();
        // Long articles touch many subjects in passing: scale evidence down
        // gently with length.
        let scale = ((words as f32) / 400.0).sqrt().max(1.0);
        let mut scores = vec![0.0; self.names.len()];
        for run in found.chunk_by(|a, b| a.0 == b.0) {
            let in_title = run.iter().filter(|(_, t)| *t).count();
            let in_body = run.len() - in_title;
            let (topic, weight) = self.patterns[run[0].0];
            let hits =
                (in_title as f32 * TITLE_WEIGHT + in_body as f32).min(MAX_COUNT_PER_TERM as f32);
            scores[topic] += weight * hits / scale;
        }
        scores
    }

    /// The topics of an article, strongest first, each child followed by
    /// its parent.
    pub fn assign(&self, title: &str, body: &str) -> Vec<String> {
        let scores = self.scores(title, body);
        // A top-level topic's evidence is its own and all its children's:
        // an article about elections, parliament and a minister is about
        // politics even when no one sub-topic dominates.
        let mut area = scores.clone();
        for (t, up) in self.parent.iter().enumerate() {
            if let Some(p) = up {
                area[*p] += scores[t];
            }
        }
        let top = |t: usize| self.parent[t].unwrap_or(t);
        let mut ranked: Vec<usize> = (0..scores.len())
            .filter(|&t| {
                scores[t] >= self.threshold
                    || (self.parent[t].is_none() && area[t] >= self.threshold)
            })
            .collect();
        // Strongest area first; within it, the strongest topics.
        ranked.sort_by(|&a, &b| {
            area[top(b)]
                .total_cmp(&area[top(a)])
                .then(top(a).cmp(&top(b)))
                .then(scores[b].total_cmp(&scores[a]))
                .then(a.cmp(&b))
        });
        let mut out: Vec<String> = Vec::new();
        for t in ranked.into_iter().take(self.max_topics) {
            for id in [Some(t), self.parent[t]].into_iter().flatten() {
                let name = &self.names[id];
                if !out.contains(name) {
                    out.push(name.clone());
                }
            }
        }
        out
    }
}

/// Whether `text[start..end]` stands as whole words: no letter or digit
/// just before or just after it.
fn stands_alone(text: &str, start: usize, end: usize) -> bool {
    let bytes = text.as_bytes();
    let edge = |c: Option<char>| c.is_none_or(|c| !c.is_alphanumeric());
    let before = match start.checked_sub(1).map(|i| bytes[i]) {
        None => true,
        Some(b) if b.is_ascii() => !b.is_ascii_alphanumeric(),
        Some(_) => edge(text[..start].chars().next_back()),
    };
    before
        && match bytes.get(end) {
            None => true,
            Some(b) if b.is_ascii() => !b.is_ascii_alphanumeric(),
            Some(_) => edge(text[end..].chars().next()),
        }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SMALL: &str = r#"{"threshold": 2.0, "max_topics": 2, "topics": [
        {"name": "economy", "terms": {"economy": 1.0},
         "children": [{"name": "energy", "terms": {"oil": 1.0, "crude oil": 2.0, "opec": 2.0}}]},
        {"name": "sport", "terms": {"football": 2.0}}]}"#;

    #[test]
    fn child_brings_its_parent_and_boundaries_hold() {
        let t = Taxonomy::from_json(SMALL).unwrap();
        assert_eq!(
            t.assign("OPEC talks", "Crude oil rose."),
            ["energy", "economy"]
        );
        // "soil" and "footballer" are not "oil" and "football".
        assert!(t.assign("", "The soil of footballers").is_empty());
    }

    #[test]
    fn a_phrase_running_into_a_longer_word_hides_nothing() {
        let json = r#"{"threshold": 1.0, "max_topics": 3, "topics": [
            {"name": "politics", "terms": {"presidential": 1.0},
             "children": [{"name": "elections", "terms": {
                 "elections": 1.0, "presidential election": 3.0}}]}]}"#;
        let t = Taxonomy::from_json(json).unwrap();
        // "presidential election" is found, but runs into "elections":
        // the words inside it still count.
        let scores = t.scores("", "The presidential elections");
        assert_eq!(scores, [1.0, 1.0]);
        // Where the phrase stands whole, it wins over its first word.
        let scores = t.scores("", "The presidential election.");
        assert_eq!(scores, [0.0, 3.0]);
    }

    #[test]
    fn embedded_areas_follow_iptc_media_topics() {
        let t = Taxonomy::embedded();
        let top = |title: &str, body: &str| t.top_level(&t.assign(title, body)).map(String::from);
        assert_eq!(
            top(
                "Bus crash leaves 3 killed",
                "A bus crash on the highway killed three; rescuers pulled survivors from the wreck."
            )
            .as_deref(),
            Some("disasters and accidents")
        );
        assert_eq!(
            top(
                "Defense Ministry holds military exercises",
                "The armed forces began drills; the defense minister said troops were ready."
            )
            .as_deref(),
            Some("politics")
        );
        assert_eq!(
            top(
                "Asylum seekers deported",
                "Immigration officials deported migrants whose asylum claims failed."
            )
            .as_deref(),
            Some("politics")
        );
    }

    #[test]
    fn embedded_taxonomy_loads() {
        let t = Taxonomy::embedded();
        assert!(t.names().len() >= 30, "{}", t.names().len());
    }
}
