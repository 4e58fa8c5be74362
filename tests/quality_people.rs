//! Person-name extraction measured on CoNLL-2003 eng.testa as users get
//! it: each document goes through `newsidx extract --json` as an article
//! with no title and its tokens as running text (joined by spaces,
//! sentences by line breaks), as `../shared/tools/conll-people-score` feeds
//! it. A body mention counts when the tokens it covers are exactly a gold
//! PER span (entity level, exact spans, PER only). The target is F1 >= 0.95.

use std::collections::HashSet;
use std::io::BufRead;
use std::path::Path;

use crate::util::{TestEnv, corpora};

/// A CoNLL document: its tokens, and its gold PER spans as token ranges.
struct Document {
    words: Vec<String>,
    /// Where each sentence starts, as a token index.
    sentences: Vec<usize>,
    gold: Vec<(usize, usize)>,
}

impl Document {
    /// The running text: tokens joined by spaces, sentences by line breaks.
    fn text(&self) -> String {
        let mut text = String::new();
        for (i, w) in self.words.iter().enumerate() {
            if i > 0 {
                text.push(if self.sentences.contains(&i) {
                    '\n'
                } else {
                    ' '
                });
            }
            text.push_str(w);
        }
        text
    }
}

/// Reads a CoNLL-2003 file: documents split at `-DOCSTART-`, sentences at
/// blank lines. IOB1 PER tags become spans; a `B-PER` starts a new one and
/// none crosses a sentence end.
fn read_conll(path: &Path) -> Vec<Document> {
    let file = std::fs::File::open(path).unwrap();
    let reader = std::io::BufReader::new(flate2::read::GzDecoder::new(file));
    let mut docs = Vec::new();
    let mut doc = Document {
        words: Vec::new(),
        sentences: Vec::new(),
        gold: Vec::new(),
    };
    let mut sentence_start = true;
    let mut open: Option<usize> = None;
    for line in reader.lines() {
        let line = line.unwrap();
        let fields: Vec<&str> = line.split_whitespace().collect();
        let docstart = fields.first() == Some(&"-DOCSTART-");
        if fields.is_empty() || docstart {
            if let Some(s) = open.take() {
                doc.gold.push((s, doc.words.len()));
            }
            sentence_start = true;
            if docstart && !doc.words.is_empty() {
                docs.push(std::mem::replace(
                    &mut doc,
                    Document {
                        words: Vec::new(),
                        sentences: Vec::new(),
                        gold: Vec::new(),
                    },
                ));
            }
            continue;
        }
        let i = doc.words.len();
        if sentence_start {
            doc.sentences.push(i);
            sentence_start = false;
        }
        let tag = fields[fields.len() - 1];
        let inside = tag.ends_with("PER");
        if let Some(s) = open.filter(|_| !inside || tag == "B-PER") {
            doc.gold.push((s, i));
            open = None;
        }
        if inside && open.is_none() {
            open = Some(i);
        }
        doc.words.push(fields[0].to_owned());
    }
    if let Some(s) = open {
        doc.gold.push((s, doc.words.len()));
    }
    if !doc.words.is_empty() {
        docs.push(doc);
    }
    docs
}

/// The token spans of a document's body mentions. `body` is the text the
/// offsets refer to (cleaned, so white space may differ from what went
/// in): each token is found in it in order.
fn found(doc: &Document, body: &str, mentions: &[serde_json::Value]) -> Vec<(usize, usize)> {
    let mut at = Vec::with_capacity(doc.words.len());
    let mut from = 0;
    for w in &doc.words {
        match body[from..].find(w.as_str()) {
            Some(k) => {
                at.push(Some((from + k, from + k + w.len())));
                from += k + w.len();
            }
            None => at.push(None),
        }
    }
    let mut spans = Vec::new();
    for m in mentions {
        if m["field"].as_str() != Some("body") {
            continue;
        }
        let (start, end) = (m["start"].as_u64().unwrap(), m["end"].as_u64().unwrap());
        let (start, end) = (start as usize, end as usize);
        let inside: Vec<usize> = (0..at.len())
            .filter(|&j| at[j].is_some_and(|(s, e)| s >= start && e <= end))
            .collect();
        if let (Some(&a), Some(&b)) = (inside.first(), inside.last()) {
            spans.push((a, b + 1));
        }
    }
    spans
}

#[test]
fn conll_testa_f1_at_least_0_95() {
    let docs = read_conll(&corpora().join("conll2003/eng.testa.gz"));
    let env = TestEnv::new();
    let input = env.path("conll.jsonl");
    let mut lines = String::new();
    for (i, d) in docs.iter().enumerate() {
        let article =
            serde_json::json!({"id": format!("conll-{i}"), "title": "", "body": d.text()});
        lines.push_str(&article.to_string());
        lines.push('\n');
    }
    std::fs::write(&input, lines).unwrap();
    let run = env.run(&["extract", "--json", input.to_str().unwrap()]);
    assert_eq!(run.code, 0, "extract\n{run}");

    let gold: HashSet<(usize, usize, usize)> = docs
        .iter()
        .enumerate()
        .flat_map(|(i, d)| d.gold.iter().map(move |&(a, b)| (i, a, b)))
        .collect();
    let mut predicted: HashSet<(usize, usize, usize)> = HashSet::new();
    let mut seen = 0;
    for line in run.stdout.lines() {
        let a: serde_json::Value = serde_json::from_str(line).unwrap();
        let id = a["id"].as_str().unwrap();
        let i: usize = id.strip_prefix("conll-").unwrap().parse().unwrap();
        let mentions = a["mentions"].as_array().unwrap();
        for (s, e) in found(&docs[i], a["body"].as_str().unwrap(), mentions) {
            predicted.insert((i, s, e));
        }
        seen += 1;
    }
    assert_eq!(seen, docs.len(), "one article per document");

    let right = predicted.intersection(&gold).count();
    let p = right as f64 / predicted.len().max(1) as f64;
    let r = right as f64 / gold.len().max(1) as f64;
    let f = if p + r > 0.0 {
        2.0 * p * r / (p + r)
    } else {
        0.0
    };
    eprintln!(
        "eng.testa PER through `extract`: {} documents, {} gold, {} found, {right} right; \
         precision {p:.4} recall {r:.4} F1 {f:.4}",
        docs.len(),
        gold.len(),
        predicted.len()
    );
    assert_eq!(gold.len(), 1842, "gold PER entities in eng.testa");
    // The tagger alone scores F1 0.950 on eng.testa (`train-people`, with
    // CoNLL's sentences). Here it gets running text, one sentence a line:
    // a line break ends a sentence unless the line was wrapped, and
    // `people` adds what the tagger missed and rejects what is no one's
    // name. That scores 0.956 (precision 0.969, recall 0.943). Recall is
    // lost on purpose to given names alone ("Nancy", "Lisa") and "God",
    // which CoNLL counts as people, and to CoNLL's wrapped lines whose
    // break it takes for a sentence end inside a name ("Ricky\nPonting").
    assert!(f >= 0.95, "F1 {f:.4} (P {p:.4}, R {r:.4})");
}
