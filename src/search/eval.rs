//! Ranking quality as trec_eval computes it: MAP, nDCG@10, P@10 and
//! recall@100 of a TREC run against TREC qrels.
//!
//! As in trec_eval, a run's documents are ordered by score (descending),
//! ties by document id (descending), whatever the rank column says; only
//! queries that are in both the qrels and the run are averaged; a
//! judgment above 0 is relevant, and its value is the gain for nDCG.

use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::path::Path;

use anyhow::{Context, Result};
use serde::Serialize;

/// Judgments: query id -> document id -> gain.
pub type Qrels = HashMap<String, HashMap<String, i32>>;
/// A run: query id -> (document id, score).
pub type Run = HashMap<String, Vec<(String, f64)>>;

/// Reads TREC qrels: `query_id iteration doc_id relevance`.
pub fn read_qrels(path: &Path) -> Result<Qrels> {
    read(path, "qrels", parse_qrels)
}

/// Reads a TREC run: `query_id Q0 doc_id rank score tag`.
pub fn read_run(path: &Path) -> Result<Run> {
    read(path, "run", parse_run)
}

fn read<T>(path: &Path, what: &str, parse: fn(&str) -> Result<T>) -> Result<T> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("cannot read {what} {}", path.display()))?;
    parse(&text).with_context(|| format!("in {what} {}", path.display()))
}

pub fn parse_qrels(text: &str) -> Result<Qrels> {
    let mut qrels = Qrels::new();
    for (line, f) in records(text, 4) {
        let f = f?;
        let gain: i32 = f[3]
            .parse()
            .with_context(|| format!("line {line}: bad relevance {:?}", f[3]))?;
        qrels
            .entry(f[0].to_owned())
            .or_default()
            .insert(f[2].to_owned(), gain);
    }
    Ok(qrels)
}

pub fn parse_run(text: &str) -> Result<Run> {
    let mut run = Run::new();
    for (line, f) in records(text, 6) {
        let f = f?;
        let score: f64 = f[4]
            .parse()
            .with_context(|| format!("line {line}: bad score {:?}", f[4]))?;
        run.entry(f[0].to_owned())
            .or_default()
            .push((f[2].to_owned(), score));
    }
    Ok(run)
}

/// The non-blank lines of a TREC file split into `n` fields, numbered.
fn records(text: &str, n: usize) -> impl Iterator<Item = (usize, Result<Vec<&str>>)> {
    text.lines().enumerate().filter_map(move |(i, line)| {
        let f: Vec<&str> = line.split_whitespace().collect();
        if f.is_empty() {
            return None;
        }
        let line = i + 1;
        if f.len() != n {
            return Some((
                line,
                Err(anyhow::anyhow!(
                    "line {line}: expected {n} fields, found {}",
                    f.len()
                )),
            ));
        }
        Some((line, Ok(f)))
    })
}

/// The measures of one query, or their mean.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Measures {
    pub map: f64,
    pub ndcg_10: f64,
    pub p_10: f64,
    pub recall_100: f64,
}

/// Mean measures and the number of queries averaged.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub queries: usize,
    pub mean: Measures,
    pub per_query: BTreeMap<String, Measures>,
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "queries     {}", self.queries)?;
        writeln!(f, "map         {:.4}", self.mean.map)?;
        writeln!(f, "ndcg_cut_10 {:.4}", self.mean.ndcg_10)?;
        writeln!(f, "P_10        {:.4}", self.mean.p_10)?;
        write!(f, "recall_100  {:.4}", self.mean.recall_100)
    }
}

/// Scores a run against judgments.
pub fn evaluate(qrels: &Qrels, run: &Run) -> Report {
    let mut per_query = BTreeMap::new();
    for (qid, docs) in run {
        let Some(judged) = qrels.get(qid) else {
            continue;
        };
        per_query.insert(qid.clone(), measure(judged, docs));
    }
    let n = per_query.len().max(1) as f64;
    let mut mean = Measures::default();
    for m in per_query.values() {
        mean.map += m.map / n;
        mean.ndcg_10 += m.ndcg_10 / n;
        mean.p_10 += m.p_10 / n;
        mean.recall_100 += m.recall_100 / n;
    }
    Report {
        queries: per_query.len(),
        mean,
        per_query,
    }
}

fn measure(judged: &HashMap<String, i32>, docs: &[(String, f64)]) -> Measures {
    let mut ranked: Vec<&(String, f64)> = docs.iter().collect();
    ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| b.0.cmp(&a.0)));
    let gain = |doc: &str| judged.get(doc).copied().unwrap_or(0).max(0);
    let num_rel = judged.values().filter(|&&g| g > 0).count();
    let mut m = Measures::default();
    let mut found = 0;
    for (i, (doc, _)) in ranked.iter().enumerate() {
        let g = gain(doc);
        if g > 0 {
            found += 1;
            m.map += found as f64 / (i + 1) as f64;
            if i < 10 {
                m.p_10 += 0.1;
                m.ndcg_10 += g as f64 / ((i + 2) as f64).log2();
            }
            if i < 100 {
                m.recall_100 += 1.0;
            }
        }
    }
    if num_rel > 0 {
        m.map /= num_rel as f64;
        m.recall_100 /= num_rel as f64;
    }
    let mut ideal: Vec<i32> = judged.values().copied().filter(|&g| g > 0).collect();
    ideal.sort_unstable_by(|a, b| b.cmp(a));
    let idcg: f64 = ideal
        .iter()
        .take(10)
        .enumerate()
        .map(|(i, &g)| g as f64 / ((i + 2) as f64).log2())
        .sum();
    m.ndcg_10 = if idcg > 0.0 { m.ndcg_10 / idcg } else { 0.0 };
    m
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hand_computed_query() {
        let qrels = parse_qrels("1 0 a 2\n1 0 b 1\n1 0 c 0\n1 0 z 3\n2 0 x 1\n").unwrap();
        // Rank column is ignored: order is by score, ties by doc id desc.
        let run = parse_run(
            "1 Q0 c 1 3.0 t\n1 Q0 a 2 2.0 t\n1 Q0 d 9 1.0 t\n1 Q0 b 3 1.0 t\n3 Q0 x 1 1 t\n",
        )
        .unwrap();
        let r = evaluate(&qrels, &run);
        assert_eq!(r.queries, 1, "query 3 is not judged, query 2 not run");
        let m = r.mean;
        // Order: c(0) a(2) d(0) b(1). Relevant: a, b, z (3 in all).
        assert!((m.map - (1.0 / 2.0 + 2.0 / 4.0) / 3.0).abs() < 1e-9);
        assert!((m.p_10 - 0.2).abs() < 1e-9);
        assert!((m.recall_100 - 2.0 / 3.0).abs() < 1e-9);
        let dcg = 2.0 / 3f64.log2() + 1.0 / 5f64.log2();
        let idcg = 3.0 + 2.0 / 3f64.log2() + 1.0 / 2.0;
        assert!((m.ndcg_10 - dcg / idcg).abs() < 1e-9);
    }

    #[test]
    fn malformed_lines_are_errors() {
        assert!(parse_qrels("1 0 a\n").is_err());
        assert!(parse_run("1 Q0 a 1 x t\n").is_err());
    }
}
