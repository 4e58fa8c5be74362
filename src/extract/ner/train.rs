//! Training and evaluation on CoNLL-2003, for `src/bin/train-people.rs`
//! and only with the `train` feature: reading the corpus, training both
//! passes, and PER precision, recall and F1 at entity level with exact
//! spans.

use std::collections::HashSet;
use std::io::{BufRead, Read};
use std::path::Path;

use anyhow::{Context, Result};

use super::features::Doc;
use super::model::{Model, Tagger, Weights, best, history, tagging_order};
use super::tags::{B, I, O, TAGS, spans};

/// A CoNLL document: sentences of (word, PER tag as O/B/I).
#[derive(Debug, Clone)]
pub struct ConllDoc {
    pub sentences: Vec<Vec<(String, usize)>>,
}

/// Reads a CoNLL-2003 file (plain or .gz), keeping only PER, with IOB1
/// converted to B/I: an `I-PER` after a token that is not PER, or a
/// `B-PER`, begins a name.
pub fn read_conll(path: &Path) -> Result<Vec<ConllDoc>> {
    let file =
        std::fs::File::open(path).with_context(|| format!("failed to read {}", path.display()))?;
    let reader: Box<dyn Read> = if path.extension().is_some_and(|e| e == "gz") {
        Box::new(flate2::read::GzDecoder::new(file))
    } else {
        Box::new(file)
    };
    let mut docs = vec![ConllDoc {
        sentences: Vec::new(),
    }];
    let mut sentence: Vec<(String, usize)> = Vec::new();
    let mut prev_per = false;
    for line in std::io::BufReader::new(reader).lines() {
        let line = line.with_context(|| format!("failed to read {}", path.display()))?;
        let fields: Vec<&str> = line.split_whitespace().collect();
        let docstart = fields.first() == Some(&"-DOCSTART-");
        if fields.is_empty() || docstart {
            let doc = docs.last_mut().expect("there is always a document");
            if !sentence.is_empty() {
                doc.sentences.push(std::mem::take(&mut sentence));
            }
            if docstart {
                docs.push(ConllDoc {
                    sentences: Vec::new(),
                });
            }
            prev_per = false;
            continue;
        }
        let tag = match fields.last().copied() {
            Some("B-PER") => B,
            Some("I-PER") if prev_per => I,
            Some("I-PER") => B,
            _ => O,
        };
        prev_per = tag != O;
        sentence.push((fields[0].to_owned(), tag));
    }
    if !sentence.is_empty() {
        docs.last_mut()
            .expect("there is always a document")
            .sentences
            .push(sentence);
    }
    docs.retain(|d| !d.sentences.is_empty());
    Ok(docs)
}

/// A document's words, sentence starts and gold tags, one after another.
fn flatten(doc: &ConllDoc) -> (Vec<&str>, Vec<bool>, Vec<usize>) {
    let mut words = Vec::new();
    let mut starts = Vec::new();
    let mut gold = Vec::new();
    for s in &doc.sentences {
        for (k, (w, t)) in s.iter().enumerate() {
            words.push(w.as_str());
            starts.push(k == 0);
            gold.push(*t);
        }
    }
    (words, starts, gold)
}

/// Tags as a backwards pass sees them, from tags as read forwards: `B`
/// ends a name, `I` is followed by more of it.
fn backwards_tags(tags: &[usize], starts: &[bool]) -> Vec<usize> {
    (0..tags.len())
        .map(|i| match tags[i] {
            O => O,
            _ if i + 1 < tags.len() && !starts[i + 1] && tags[i + 1] == I => I,
            _ => B,
        })
        .collect()
}

/// What training has done so far.
#[derive(Debug, Clone, Copy)]
pub enum Progress {
    /// A first-pass model for the second pass's training tags (k-fold).
    Fold(usize),
    /// An epoch over the training data, with the share of tokens tagged
    /// right during it.
    Epoch {
        pass: usize,
        run: usize,
        epoch: usize,
        accuracy: f64,
    },
}

/// Trains the two passes on CoNLL documents, and on every other document
/// split into sentences. The second pass learns from first-pass tags
/// made by models that did not see the document (k-fold), as it will meet
/// them on new text. Each model is the mean of `runs` perceptrons trained
/// on differently shuffled data: one run's result hangs on its order more
/// than one would like (±0.005 F1).
pub fn train_tagger(
    docs: &[ConllDoc],
    epochs: usize,
    runs: usize,
    folds: usize,
    mut progress: impl FnMut(Progress),
) -> Tagger {
    // Every other document is also seen a sentence at a time, so that
    // the tagger learns to find names without the rest of the document
    // too: short texts, names mentioned once. `origin` keeps the copies in
    // their document's fold.
    let mut origin: Vec<usize> = (0..docs.len()).collect();
    let mut alone: Vec<ConllDoc> = Vec::new();
    for (d, doc) in docs.iter().enumerate().step_by(2) {
        for sentence in &doc.sentences {
            alone.push(ConllDoc {
                sentences: vec![sentence.clone()],
            });
            origin.push(d);
        }
    }
    let docs: Vec<&ConllDoc> = docs.iter().chain(&alone).collect();
    let mut stage1: Vec<Vec<usize>> = vec![Vec::new(); docs.len()];
    for fold in 0..folds {
        let (held, rest): (Vec<usize>, Vec<usize>) =
            (0..docs.len()).partition(|&i| origin[i] % folds == fold);
        let train_docs: Vec<&ConllDoc> = rest.iter().map(|&i| docs[i]).collect();
        let model = train_runs(&train_docs, None, epochs, runs, |_, _, _| {});
        for i in held {
            let (words, starts, _) = flatten(docs[i]);
            stage1[i] = model.tag(&Doc::for_tagging(words, starts));
        }
        progress(Progress::Fold(fold + 1));
    }
    let first = train_runs(&docs, None, epochs, runs, |run, epoch, accuracy| {
        progress(Progress::Epoch {
            pass: 1,
            run,
            epoch,
            accuracy,
        })
    });
    let second = train_runs(
        &docs,
        Some(&stage1),
        epochs,
        runs,
        |run, epoch, accuracy| {
            progress(Progress::Epoch {
                pass: 2,
                run,
                epoch,
                accuracy,
            })
        },
    );
    Tagger { first, second }
}

/// The mean of `runs` averaged perceptrons, each with its own shuffle;
/// `progress` hears about each epoch of each run.
fn train_runs(
    docs: &[&ConllDoc],
    stage1: Option<&[Vec<usize>]>,
    epochs: usize,
    runs: usize,
    mut progress: impl FnMut(usize, usize, f64),
) -> Model {
    let backwards = stage1.is_some();
    let mut sum: Weights<[f32; TAGS]> = Weights::default();
    for run in 0..runs {
        let model = train(docs, stage1, epochs, run as u64, |epoch, accuracy| {
            progress(run + 1, epoch, accuracy)
        });
        for (k, w) in model.weights {
            let s = sum.entry(k).or_default();
            for t in 0..TAGS {
                s[t] += w[t] / runs as f32;
            }
        }
    }
    Model {
        weights: sum,
        backwards,
    }
}

/// Trains an averaged perceptron, with first-pass tags for each document
/// when training a second pass, which tags backwards (right to left): it
/// sees the name its token may begin before it decides. `shuffle` picks
/// the fixed-seed order of documents; `progress` hears about each epoch.
pub fn train(
    docs: &[&ConllDoc],
    stage1: Option<&[Vec<usize>]>,
    epochs: usize,
    shuffle: u64,
    mut progress: impl FnMut(usize, f64),
) -> Model {
    /// A weight, its running total for the average, and when the total
    /// was last brought up to date.
    struct Weight {
        w: [f32; TAGS],
        total: [f64; TAGS],
        stamp: [u64; TAGS],
    }
    let mut weights: Weights<Weight> = Weights::default();
    let mut step: u64 = 0;
    let mut order: Vec<usize> = (0..docs.len()).collect();
    let mut seed: u64 = 0x5EED ^ shuffle.wrapping_mul(0x9E37_79B9_7F4A_7C15);
    let mut feats = Vec::with_capacity(64);
    // Features that do not depend on tags are computed once.
    let backwards = stage1.is_some();
    let prepared: Vec<(Doc, Vec<usize>)> = docs
        .iter()
        .enumerate()
        .map(|(d, doc)| {
            let (words, starts, mut gold) = flatten(doc);
            if backwards {
                gold = backwards_tags(&gold, &starts);
            }
            let mut doc = Doc::new(words, starts);
            if let Some(s1) = stage1 {
                doc.set_stage1(s1[d].clone());
            }
            (doc, gold)
        })
        .collect();
    for epoch in 0..epochs {
        // A fixed-seed shuffle, so training is repeatable.
        for i in (1..order.len()).rev() {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            order.swap(i, (seed >> 33) as usize % (i + 1));
        }
        let (mut right, mut all) = (0usize, 0usize);
        for &d in &order {
            let (doc, gold) = &prepared[d];
            let mut tags = vec![O; doc.len()];
            for i in tagging_order(doc.len(), backwards) {
                step += 1;
                let (prev, prev2) = history(&tags, &doc.sentence_start, i, backwards);
                doc.dynamic_features(i, prev, prev2, &mut feats);
                feats.extend_from_slice(doc.statics_of(i));
                let mut s = [0.0f32; TAGS];
                for f in &feats {
                    if let Some(w) = weights.get(f) {
                        for (s, w) in s.iter_mut().zip(w.w) {
                            *s += w;
                        }
                    }
                }
                let guess = best(&s, prev);
                let truth = if gold[i] == I && prev == O {
                    B
                } else {
                    gold[i]
                };
                if guess != truth {
                    for f in &feats {
                        let w = weights.entry(*f).or_insert(Weight {
                            w: [0.0; TAGS],
                            total: [0.0; TAGS],
                            stamp: [0; TAGS],
                        });
                        for (t, delta) in [(truth, 1.0f32), (guess, -1.0f32)] {
                            w.total[t] += (step - w.stamp[t]) as f64 * w.w[t] as f64;
                            w.stamp[t] = step;
                            w.w[t] += delta;
                        }
                    }
                } else {
                    right += 1;
                }
                all += 1;
                // The history is what the tagger predicted, as at run time.
                tags[i] = guess;
            }
        }
        progress(epoch + 1, right as f64 / all.max(1) as f64);
    }
    let mut model = Model {
        weights: Weights::default(),
        backwards,
    };
    for (k, w) in weights {
        let avg: [f32; TAGS] = std::array::from_fn(|t| {
            let total = w.total[t] + (step - w.stamp[t]) as f64 * w.w[t] as f64;
            (total / step as f64) as f32
        });
        if avg.iter().any(|v| v.abs() > 1e-6) {
            model.weights.insert(k, avg);
        }
    }
    model
}

/// Name spans as token index ranges.
type Spans = Vec<(usize, usize)>;

/// The words of a CoNLL document, and its gold and found name spans.
fn gold_and_found<'d>(tagger: &Tagger, d: &'d ConllDoc) -> (Vec<&'d str>, Spans, Spans) {
    let (words, starts, gold) = flatten(d);
    let mut doc = Doc::for_tagging(words.clone(), starts.clone());
    let tags = tagger.tag(&mut doc);
    (words, spans(&gold, &starts), spans(&tags, &starts))
}

/// Entity counts: found right, found, in the gold standard.
fn counts(tagger: &Tagger, docs: &[&ConllDoc]) -> [usize; 3] {
    let mut c = [0; 3];
    for d in docs {
        let (_, want, got) = gold_and_found(tagger, d);
        let want: HashSet<(usize, usize)> = want.into_iter().collect();
        c[0] += got.iter().filter(|s| want.contains(s)).count();
        c[1] += got.len();
        c[2] += want.len();
    }
    c
}

/// Precision, recall and F1 from entity counts.
fn prf([tp, predicted, gold]: [usize; 3]) -> (f64, f64, f64) {
    let p = tp as f64 / predicted.max(1) as f64;
    let r = tp as f64 / gold.max(1) as f64;
    let f = if p + r > 0.0 {
        2.0 * p * r / (p + r)
    } else {
        0.0
    };
    (p, r, f)
}

/// Precision, recall and F1 of PER entities, exact spans, as conlleval
/// counts them.
pub fn evaluate(tagger: &Tagger, docs: &[ConllDoc]) -> (f64, f64, f64) {
    prf(counts(tagger, &docs.iter().collect::<Vec<_>>()))
}

/// Scores the training method by k-fold cross-validation on `docs`
/// (split by index), entity counts pooled over the folds.
pub fn cross_validate(
    docs: &[ConllDoc],
    k: usize,
    epochs: usize,
    runs: usize,
    folds: usize,
) -> (f64, f64, f64) {
    let mut total = [0; 3];
    for fold in 0..k {
        let (held, rest): (Vec<_>, Vec<_>) =
            docs.iter().enumerate().partition(|(i, _)| i % k == fold);
        let rest: Vec<ConllDoc> = rest.into_iter().map(|(_, d)| d.clone()).collect();
        let held: Vec<&ConllDoc> = held.into_iter().map(|(_, d)| d).collect();
        let tagger = train_tagger(&rest, epochs, runs, folds, |_| {});
        for (t, c) in total.iter_mut().zip(counts(&tagger, &held)) {
            *t += c;
        }
    }
    prf(total)
}

/// Missed and spurious entities on a corpus, with context, for error
/// analysis.
pub fn errors(tagger: &Tagger, docs: &[ConllDoc]) -> (Vec<String>, Vec<String>) {
    let (mut missed, mut spurious) = (Vec::new(), Vec::new());
    for d in docs {
        let (words, want, got) = gold_and_found(tagger, d);
        let ctx = |&(a, b): &(usize, usize)| {
            let lo = a.saturating_sub(3);
            let hi = (b + 3).min(words.len());
            format!(
                "[{}]  ...{}...",
                words[a..b].join(" "),
                words[lo..hi].join(" ")
            )
        };
        missed.extend(want.iter().filter(|s| !got.contains(s)).map(ctx));
        spurious.extend(got.iter().filter(|s| !want.contains(s)).map(ctx));
    }
    (missed, spurious)
}
