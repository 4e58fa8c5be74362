//! `newsidx extract`: parsing, cleaning and enrichment without indexing.

use std::io::Write;
use std::path::Path;

use anyhow::Result;
use rayon::prelude::*;
use serde::Serialize;

use crate::article::{Article, Severity};
use crate::cli::ExtractArgs;
use crate::exit::Exit;
use crate::extract::Enricher;
use crate::extract::people::Mention;
use crate::index::entities::Entities;
use crate::ingest;
use crate::ingest::walk;
use crate::terminal::{one_line, visible};

/// An article as `extract --json` prints it.
#[derive(Debug, Serialize)]
struct Extracted<'a> {
    id: &'a str,
    path: String,
    title: &'a str,
    date: Option<String>,
    source: Option<&'a str>,
    url: Option<&'a str>,
    body: &'a str,
    people: &'a [String],
    topics: &'a [String],
    mentions: &'a [Mention],
}

pub fn run(index_dir: &Path, args: &ExtractArgs) -> Result<Exit> {
    let archive = match args.archive {
        true => Some(Entities::open(index_dir)?),
        false => None,
    };
    let found = walk::find_files(&args.paths)?;
    let enricher = Enricher::embedded();
    let mut skipped = !found.problems.is_empty();
    for p in &found.problems {
        eprintln!("newsidx: {}", visible(&p.to_string()));
    }
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    // Files in order; articles in batches, each enriched in parallel.
    for info in &found.files {
        let mut batch: Vec<Article> = Vec::new();
        let mut failed: Option<std::io::Error> = None;
        let mut flush = |batch: &mut Vec<Article>, out: &mut dyn Write| {
            batch.par_iter_mut().for_each(|a| {
                enricher.enrich(a);
                if let Some(entities) = &archive {
                    as_archive_knows(a, entities);
                }
            });
            for a in batch.drain(..) {
                let written = if args.json {
                    serde_json::to_writer(&mut *out, &extracted(&a))
                        .map_err(std::io::Error::from)
                        .and_then(|()| writeln!(out))
                } else {
                    write_text(out, &a)
                };
                if let Err(err) = written {
                    failed.get_or_insert(err);
                }
            }
        };
        let parsed = ingest::parse_file(&info.path, &mut |a| {
            batch.push(a);
            if batch.len() >= 256 {
                flush(&mut batch, &mut out);
            }
        });
        flush(&mut batch, &mut out);
        if let Some(err) = failed {
            return Err(err.into());
        }
        for p in &parsed.problems {
            skipped |= p.severity == Severity::Skipped;
            eprintln!("newsidx: {}", visible(&p.to_string()));
        }
    }
    out.flush()?;
    Ok(if skipped {
        Exit::Skipped
    } else {
        Exit::Success
    })
}

/// The article's people as the archive knows them: names mapped, those
/// that are no person dropped, and the people its capitalised words
/// stand for added.
fn as_archive_knows(a: &mut Article, entities: &Entities) {
    let mut people = entities.people_of(&a.people);
    for w in &a.name_words {
        if let Some(p) = entities.word(w)
            && !people.iter().any(|q| q == p)
        {
            people.push(p.to_owned());
        }
    }
    a.people = people;
    a.mentions.retain_mut(|m| match entities.person(&m.person) {
        Some(p) => {
            m.person = p.to_owned();
            true
        }
        None => false,
    });
}

fn extracted(a: &Article) -> Extracted<'_> {
    Extracted {
        id: &a.id,
        path: a.path.display().to_string(),
        title: &a.title,
        date: a.date.map(|d| d.to_string()),
        source: a.source.as_deref(),
        url: a.url.as_deref(),
        body: &a.body,
        people: &a.people,
        topics: &a.topics,
        mentions: &a.mentions,
    }
}

/// An article for reading; its text made safe for a terminal.
fn write_text(out: &mut dyn Write, a: &Article) -> std::io::Result<()> {
    writeln!(
        out,
        "{}",
        if a.title.is_empty() {
            "(untitled)".into()
        } else {
            one_line(&a.title)
        }
    )?;
    let mut meta = vec![a.id.clone()];
    if let Some(d) = a.date {
        meta.push(crate::dates::format_day(d));
    }
    if let Some(s) = &a.source {
        meta.push(s.clone());
    }
    writeln!(out, "  {}", one_line(&meta.join(" · ")))?;
    writeln!(out, "  people: {}", one_line(&a.people.join(", ")))?;
    writeln!(out, "  topics: {}", one_line(&a.topics.join(", ")))?;
    writeln!(
        out,
        "  body: {} words in {} paragraphs",
        a.body.split_whitespace().count(),
        a.body.split("\n\n").count()
    )?;
    writeln!(out)
}
