//! Topics from keyword rules: the taxonomy in `schema/topics.json` gives
//! each topic weighted words and phrases; an article gets the topics whose
//! evidence passes the threshold (at most `max_topics`), each with its
//! parent.

use std::collections::HashMap;

use aho_corasick::{AhoCorasick, MatchKind};
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
        let automaton = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
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

    /// Scores each topic on the text.
    fn scores(&self, title: &str, body: &str) -> Vec<f32> {
        let mut counts: HashMap<usize, (usize, usize)> = HashMap::new();
        for (text, in_title) in [(title, true), (body, false)] {
            let lower = text.to_lowercase();
            let bytes = lower.as_bytes();
            for m in self.automaton.find_iter(&lower) {
                let before = lower[..m.start()].chars().next_back();
                let after = lower[m.end()..].chars().next();
                let boundary = |c: Option<char>| c.is_none_or(|c| !c.is_alphanumeric());
                if boundary(before) && boundary(after) && !bytes.is_empty() {
                    let entry = counts.entry(m.pattern().as_usize()).or_default();
                    if in_title {
                        entry.0 += 1;
                    } else {
                        entry.1 += 1;
                    }
                }
            }
        }
        let words = body.split_whitespace().count() + title.split_whitespace().count();
        // Long articles touch many subjects in passing: scale evidence down
        // gently with length.
        let scale = ((words as f32) / 400.0).sqrt().max(1.0);
        let mut scores = vec![0.0; self.names.len()];
        for (pattern, (in_title, in_body)) in counts {
            let (topic, weight) = self.patterns[pattern];
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
    fn embedded_taxonomy_loads() {
        let t = Taxonomy::embedded();
        assert!(t.names().len() >= 30, "{}", t.names().len());
    }
}
