//! Trains the person-name model from CoNLL-2003 and writes it where the
//! build embeds it. It needs the `train` feature; from the repository
//! root:
//!
//! ```sh
//! cargo run --release --features train --bin train-people -- --corpora ../shared/corpora --out models/people.bin
//! ```
//!
//! Deterministic: the same corpora give the same model, byte for byte.
//! Prints token accuracy per epoch, PER precision, recall and F1 (entity
//! level, exact spans) on eng.train and eng.testa, and how fast the new
//! model tags the bodies of `news-articles/` on one thread. Rebuild
//! afterwards: the model is embedded with `include_bytes!`.

use std::io::BufRead;
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{Context, Result};
use clap::Parser;
use newsidx::extract::ner;
use newsidx::extract::ner::train::{
    ConllDoc, Progress, cross_validate, errors, evaluate, read_conll, train_tagger,
};

/// Trains the people tagger on CoNLL-2003 eng.train and scores it on
/// eng.testa.
#[derive(Debug, Parser)]
struct Args {
    /// The shared corpora: reads conll2003/eng.{train,testa}.gz and, for
    /// the speed figure, news-articles/news-articles.jsonl.gz.
    #[arg(long, default_value = "../shared/corpora")]
    corpora: PathBuf,
    /// Where to write the model.
    #[arg(long, default_value = "models/people.bin")]
    out: PathBuf,
    /// Prints a sample of missed and spurious names on eng.testa.
    #[arg(long)]
    show_errors: bool,
    /// Only scores the method: k-fold cross-validation on eng.train
    /// (documents split by index), nothing written.
    #[arg(long, value_name = "FOLDS", value_parser = clap::value_parser!(u16).range(2..))]
    cross_validate: Option<u16>,
}

/// Passes over the training data.
const EPOCHS: usize = 12;
/// Perceptrons (differently shuffled) averaged into each model.
const RUNS: usize = 4;
/// Folds for the first-pass tags the second pass learns from.
const FOLDS: usize = 5;

fn main() -> Result<()> {
    let args = Args::parse();
    let conll = args.corpora.join("conll2003");
    let start = Instant::now();
    let train = read_conll(&conll.join("eng.train.gz"))?;
    let dev = read_conll(&conll.join("eng.testa.gz"))?;
    eprintln!(
        "read {} training and {} development documents",
        train.len(),
        dev.len()
    );
    if let Some(k) = args.cross_validate {
        let (p, r, f) = cross_validate(&train, k.into(), EPOCHS, RUNS, FOLDS);
        println!(
            "eng.train {k}-fold cross-validation: PER precision {p:.4} recall {r:.4} F1 {f:.4} \
             ({:.1?})",
            start.elapsed()
        );
        return Ok(());
    }
    let model = train_tagger(&train, EPOCHS, RUNS, FOLDS, |step| match step {
        Progress::Fold(n) => {
            eprintln!(
                "first-pass fold {n}/{FOLDS} tagged ({:.1?})",
                start.elapsed()
            )
        }
        Progress::Epoch {
            pass,
            run,
            epoch,
            accuracy,
        } => eprintln!(
            "pass {pass} run {run}/{RUNS} epoch {epoch:>2}/{EPOCHS}: training token accuracy \
             {accuracy:.4} ({:.1?})",
            start.elapsed()
        ),
    });
    let bytes = model.to_bytes();
    std::fs::write(&args.out, &bytes)
        .with_context(|| format!("failed to write {}", args.out.display()))?;
    let trained = start.elapsed();
    // Score the model as it will be loaded: quantised.
    let model = ner::Tagger::from_bytes(&bytes)?;
    for (name, docs) in [("eng.train", &train), ("eng.testa", &dev)] {
        let (p, r, f) = evaluate(&model, docs);
        println!("{name}: PER precision {p:.4} recall {r:.4} F1 {f:.4}");
    }
    println!(
        "wrote {} ({} features, {:.2} MB); trained in {:.1?}",
        args.out.display(),
        model.len(),
        bytes.len() as f64 / 1e6,
        trained
    );
    if args.show_errors {
        show_errors(&model, &dev);
    }
    let news = args.corpora.join("news-articles/news-articles.jsonl.gz");
    if news.exists() {
        speed(&model, &news)?;
    }
    Ok(())
}

/// Tags the bodies of a JSON Lines corpus on one thread and prints MB/s,
/// tokenising included.
fn speed(model: &ner::Tagger, path: &Path) -> Result<()> {
    let file =
        std::fs::File::open(path).with_context(|| format!("failed to read {}", path.display()))?;
    let mut bodies = Vec::new();
    for line in std::io::BufReader::new(flate2::read::GzDecoder::new(file)).lines() {
        let line = line.with_context(|| format!("failed to read {}", path.display()))?;
        let v: serde_json::Value = serde_json::from_str(&line)?;
        if let Some(body) = v["body"].as_str() {
            bodies.push(body.to_owned());
        }
    }
    let bytes: usize = bodies.iter().map(String::len).sum();
    let start = Instant::now();
    let mut names = 0;
    for body in &bodies {
        names += ner::find_names(model, body).len();
    }
    let secs = start.elapsed().as_secs_f64();
    println!(
        "tagged {} bodies ({:.1} MB, {names} names) in {secs:.2}s on one thread: {:.1} MB/s",
        bodies.len(),
        bytes as f64 / 1e6,
        bytes as f64 / 1e6 / secs
    );
    Ok(())
}

fn show_errors(model: &ner::Tagger, docs: &[ConllDoc]) {
    let (missed, spurious) = errors(model, docs);
    eprintln!("{} missed, {} spurious", missed.len(), spurious.len());
    for m in missed.iter().step_by((missed.len() / 40).max(1)) {
        eprintln!("missed   {m}");
    }
    for s in spurious.iter().step_by((spurious.len() / 25).max(1)) {
        eprintln!("spurious {s}");
    }
}
