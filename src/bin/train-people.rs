//! Trains the person-name model from CoNLL-2003 and writes it where the
//! build embeds it:
//!
//! ```sh
//! cargo run --release --bin train-people -- ../shared/corpora models/people.bin
//! ```
//!
//! Deterministic: the same corpora give the same model. Prints accuracy
//! per epoch and P/R/F1 of PER entities on eng.train and eng.testa.

use std::path::PathBuf;
use std::time::Instant;

use anyhow::{Context, Result};
use newsidx::extract::ner;

/// Passes over the training data.
const EPOCHS: usize = 12;
/// Folds for the first-pass tags the second pass learns from.
const FOLDS: usize = 5;

fn main() -> Result<()> {
    let mut args = std::env::args().skip(1);
    let corpora = PathBuf::from(args.next().unwrap_or_else(|| "../shared/corpora".into()));
    let out = PathBuf::from(args.next().unwrap_or_else(|| "models/people.bin".into()));
    let conll = corpora.join("conll2003");
    let start = Instant::now();
    let train = ner::read_conll(&conll.join("eng.train.gz"))?;
    let dev = ner::read_conll(&conll.join("eng.testa.gz"))?;
    eprintln!(
        "read {} training and {} development documents",
        train.len(),
        dev.len()
    );
    let model = ner::train_tagger(&train, EPOCHS, FOLDS, |what, n, acc| {
        eprintln!(
            "{what} {n:>2}: token accuracy {acc:.4} ({:.0?})",
            start.elapsed()
        );
    });
    let (p, r, f) = ner::evaluate(&model, &dev);
    eprintln!(
        "eng.testa before quantising: P {p:.4} R {r:.4} F1 {f:.4} ({} features)",
        model.len()
    );
    if std::env::var_os("NEWSIDX_SHOW_ERRORS").is_some() {
        show_errors(&model, &dev);
    }
    let bytes = model.to_bytes();
    std::fs::write(&out, &bytes).with_context(|| format!("cannot write {}", out.display()))?;
    // Score the model as it will be loaded: quantised.
    let model = ner::Tagger::from_bytes(&bytes)?;
    for (name, docs) in [("eng.train", &train), ("eng.testa", &dev)] {
        let (p, r, f) = ner::evaluate(&model, docs);
        println!("{name}: PER precision {p:.4} recall {r:.4} F1 {f:.4}");
    }
    println!(
        "wrote {} ({} features, {:.1} MB) in {:.0?}",
        out.display(),
        model.len(),
        bytes.len() as f64 / 1e6,
        start.elapsed()
    );
    Ok(())
}

#[allow(dead_code)]
fn show_errors(model: &ner::Tagger, docs: &[ner::ConllDoc]) {
    let (missed, spurious) = ner::errors(model, docs);
    for m in missed.iter().step_by((missed.len() / 40).max(1)) {
        eprintln!("missed   {m}");
    }
    for s in spurious.iter().step_by((spurious.len() / 25).max(1)) {
        eprintln!("spurious {s}");
    }
}
