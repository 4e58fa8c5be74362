//! The archive's people as entities, beside the index: `entities.json`
//! holds the table the whole archive resolves to (`extract::entities`),
//! made anew at the end of each `index` run, so that what the archive
//! learns ("Lavrov" is Sergey Lavrov) holds for older articles too; and
//! `corrections.json`, the user's own, is applied on top whenever the
//! index is opened, so a correction takes effect at once, without
//! re-reading any article.
//!
//! Searches, facets and filters see people only through [`Entities`].

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use serde::{Deserialize, Serialize};
use tantivy::schema::Field;
use tantivy::{Index, Searcher};

use crate::extract::entities::{self, Corrections, Table, fold_case};
use crate::index::schema::Fields;

/// The table of the archive, beside the index.
pub const ENTITIES_FILE: &str = "entities.json";
/// The user's corrections, beside the index.
pub const CORRECTIONS_FILE: &str = "corrections.json";

/// What `entities.json` holds: the table and the commit it was made for.
#[derive(Debug, Serialize, Deserialize)]
struct Saved {
    opstamp: u64,
    table: Table,
}

/// Each term of `field` in the index with the number of articles holding
/// it (deleted ones still counted until their segment is merged: a count
/// for statistics, not for display).
fn term_counts(searcher: &Searcher, field: Field) -> Result<Vec<(String, u64)>> {
    let mut counts: HashMap<String, u64> = HashMap::new();
    for segment in searcher.segment_readers() {
        let inverted = segment
            .inverted_index(field)
            .context("cannot read the index")?;
        let mut stream = inverted.terms().stream().context("cannot read the index")?;
        while stream.advance() {
            let Ok(term) = std::str::from_utf8(stream.key()) else {
                continue;
            };
            *counts.entry(term.to_owned()).or_default() += u64::from(stream.value().doc_freq);
        }
    }
    let mut counts: Vec<(String, u64)> = counts.into_iter().collect();
    counts.sort_unstable();
    Ok(counts)
}

/// Each word of the text fast field `field` with the number of articles
/// holding it, deleted ones counted too (as [`term_counts`] counts): for
/// a field kept in its column only (`name_words`).
fn column_counts(searcher: &Searcher, field: &str) -> Result<Vec<(String, u64)>> {
    let mut counts: HashMap<String, u64> = HashMap::new();
    for segment in searcher.segment_readers() {
        let Some(column) = segment
            .fast_fields()
            .str(field)
            .context("cannot read the index")?
        else {
            continue;
        };
        let mut per_ord = vec![0u64; column.dictionary().num_terms()];
        for doc in 0..segment.max_doc() {
            for ord in column.term_ords(doc) {
                per_ord[ord as usize] += 1;
            }
        }
        let mut stream = column
            .dictionary()
            .stream()
            .context("cannot read the index")?;
        let mut ord = 0;
        while stream.advance() {
            if let Ok(word) = std::str::from_utf8(stream.key())
                && per_ord[ord] > 0
            {
                *counts.entry(word.to_owned()).or_default() += per_ord[ord];
            }
            ord += 1;
        }
    }
    let mut counts: Vec<(String, u64)> = counts.into_iter().collect();
    counts.sort_unstable();
    Ok(counts)
}

/// The table the archive's counts resolve to.
fn resolve(searcher: &Searcher, fields: &Fields) -> Result<Table> {
    let people = term_counts(searcher, fields.people_exact)?;
    let words = column_counts(searcher, "name_words")?;
    let organisations = term_counts(searcher, fields.organisations)?;
    Ok(entities::resolve(&people, &words, &organisations))
}

/// Makes `entities.json` anew for the index in `dir` as committed.
pub fn refresh(dir: &Path) -> Result<()> {
    let index = Index::open_in_dir(dir).context("cannot read the index")?;
    let fields = Fields::resolve(&index.schema())?;
    let opstamp = index.load_metas().context("cannot read the index")?.opstamp;
    let searcher = index
        .reader_builder()
        .reload_policy(tantivy::ReloadPolicy::Manual)
        .try_into()
        .map(|r: tantivy::IndexReader| r.searcher())
        .context("cannot read the index")?;
    let table = resolve(&searcher, &fields)?;
    save(dir, opstamp, table)
}

fn save(dir: &Path, opstamp: u64, table: Table) -> Result<()> {
    let path = dir.join(ENTITIES_FILE);
    let tmp = dir.join(format!("{ENTITIES_FILE}.tmp"));
    let json = serde_json::to_vec(&Saved { opstamp, table }).expect("tables serialise");
    std::fs::write(&tmp, json)
        .and_then(|()| std::fs::rename(&tmp, &path))
        .with_context(|| format!("cannot write {}", path.display()))
}

/// Reads the user's corrections in `path`; none when there is no file.
pub fn read_corrections(path: &Path) -> Result<Corrections> {
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => {
            return Ok(Corrections::default());
        }
        Err(err) => return Err(err).with_context(|| format!("cannot read {}", path.display())),
    };
    serde_json::from_str(&text).map_err(|err| {
        anyhow::anyhow!(
            "{}: line {}, column {}: {}",
            path.display(),
            err.line(),
            err.column(),
            err
        )
    })
}

/// The people and topics of the archive as users see them: the table of
/// the archive with the user's corrections, and the way back from a
/// person's name to the values indexed for them.
#[derive(Debug, Default)]
pub struct Entities {
    table: Table,
    /// Canonical name -> the person values indexed for that person.
    values_of: HashMap<String, Vec<String>>,
    /// Canonical name -> the capitalised words that stand for them.
    words_of: HashMap<String, Vec<String>>,
    /// Any name a person goes by, folded -> the canonical name.
    named: HashMap<String, String>,
    /// Topic as indexed, folded -> the topic it is (`None`: no topic).
    topics: HashMap<String, Option<String>>,
    /// Topic -> the topic values indexed for it.
    topic_values: HashMap<String, Vec<String>>,
    /// The file the corrections came from.
    pub corrections: Option<PathBuf>,
}

impl Entities {
    /// The entities of the index in `dir` (`None`: an index in memory),
    /// as of the commit `searcher` sees. The saved table is used when it
    /// belongs to that commit; else it is made anew (and saved, where the
    /// index may be written).
    pub fn load(
        dir: Option<&Path>,
        index: &Index,
        searcher: &Searcher,
        fields: &Fields,
    ) -> Result<Entities> {
        let opstamp = index.load_metas().map(|m| m.opstamp).ok();
        let saved = dir.and_then(|d| {
            let bytes = std::fs::read(d.join(ENTITIES_FILE)).ok()?;
            serde_json::from_slice::<Saved>(&bytes).ok()
        });
        let table = match saved {
            Some(s) if Some(s.opstamp) == opstamp => s.table,
            _ => {
                let table = resolve(searcher, fields)?;
                if let (Some(dir), Some(opstamp)) = (dir, opstamp) {
                    // A read-only index is resolved at each opening.
                    let _ = save(dir, opstamp, table.clone());
                }
                table
            }
        };
        let corrections_path = dir.map(|d| d.join(CORRECTIONS_FILE));
        let corrections = match &corrections_path {
            Some(path) => read_corrections(path)?,
            None => Corrections::default(),
        };
        let mut e = Entities::from_table(table, &corrections, searcher, fields)?;
        e.corrections = corrections_path.filter(|p| p.exists());
        Ok(e)
    }

    /// The entities of the index in `dir`, opened for reading.
    pub fn open(dir: &Path) -> Result<Entities> {
        let store = crate::index::store::Store::open(dir)?;
        let searcher = store
            .index
            .reader()
            .context("cannot read the index")?
            .searcher();
        Entities::load(Some(dir), &store.index, &searcher, &store.fields)
    }

    /// The entities of a table with the user's corrections applied.
    pub fn from_table(
        table: Table,
        corrections: &Corrections,
        searcher: &Searcher,
        fields: &Fields,
    ) -> Result<Entities> {
        let people = &corrections.people;
        let table = if *people == Default::default() {
            table
        } else {
            // Corrections name people in any case: find the values
            // indexed that are written so.
            let mut wanted: HashMap<String, Vec<String>> = HashMap::new();
            let names = people
                .merge
                .iter()
                .flat_map(|(to, from)| std::iter::once(to).chain(from))
                .chain(&people.split)
                .chain(people.rename.keys())
                .chain(&people.reject);
            for name in names {
                wanted.insert(fold_case(name), Vec::new());
            }
            for (value, _) in term_counts(searcher, fields.people_exact)? {
                if let Some(list) = wanted.get_mut(&fold_case(&value)) {
                    list.push(value);
                }
            }
            table.corrected(people, |name| {
                wanted.get(&fold_case(name)).cloned().unwrap_or_default()
            })
        };
        let mut e = Entities::assemble(table, corrections);
        if !e.topics.is_empty() {
            // The values indexed that the corrections map elsewhere, in
            // whatever case they were written.
            for (value, _) in term_counts(searcher, fields.topic_exact)? {
                if let Some(Some(to)) = e.topics.get(&fold_case(&value))
                    && *to != value
                {
                    e.topic_values.entry(to.clone()).or_default().push(value);
                }
            }
        }
        Ok(e)
    }

    /// The entities of a table as it is, without corrections: for an
    /// archive held elsewhere (a cluster), whose counts give the table.
    pub fn of_table(table: Table) -> Entities {
        Entities::assemble(table, &Corrections::default())
    }

    /// The lookups of a (corrected) table, and the topic corrections.
    fn assemble(table: Table, corrections: &Corrections) -> Entities {
        let mut e = Entities {
            table,
            ..Entities::default()
        };
        for (value, person) in &e.table.alias {
            e.values_of
                .entry(person.clone())
                .or_default()
                .push(value.clone());
            e.named.insert(fold_case(value), person.clone());
        }
        for (word, person) in &e.table.words {
            e.words_of
                .entry(person.clone())
                .or_default()
                .push(word.clone());
        }
        let persons: Vec<String> = e
            .values_of
            .keys()
            .chain(e.words_of.keys())
            .cloned()
            .collect::<std::collections::BTreeSet<String>>()
            .into_iter()
            .collect();
        for person in persons {
            e.named.insert(fold_case(&person), person.clone());
            if !e.table.alias.contains_key(&person) && !e.table.rejected.contains(&person) {
                e.values_of.entry(person.clone()).or_default().push(person);
            }
        }
        for (from, to) in &corrections.topics.map {
            e.topics.insert(fold_case(from), Some(to.clone()));
        }
        for name in &corrections.topics.reject {
            e.topics.insert(fold_case(name), None);
        }
        e
    }

    /// The table in use (corrections applied).
    pub fn table(&self) -> &Table {
        &self.table
    }

    /// The person an indexed value stands for; `None`: no person.
    pub fn person<'a>(&'a self, value: &'a str) -> Option<&'a str> {
        self.table.person(value)
    }

    /// The person a capitalised word outside names stands for, if any.
    pub fn word(&self, word: &str) -> Option<&str> {
        self.table.words.get(word).map(String::as_str)
    }

    /// The topic an indexed topic value is; `None`: no topic.
    pub fn topic<'a>(&'a self, value: &'a str) -> Option<&'a str> {
        if self.topics.is_empty() {
            return Some(value);
        }
        match self.topics.get(&fold_case(value)) {
            Some(to) => to.as_deref(),
            None => Some(value),
        }
    }

    /// Indexed people values as people: mapped, rejected ones left out,
    /// each person once, in their order.
    pub fn people_of(&self, values: &[String]) -> Vec<String> {
        mapped_once(values, |v| self.person(v))
    }

    /// Indexed topic values as topics, each once, in their order.
    pub fn topics_of(&self, values: &[String]) -> Vec<String> {
        mapped_once(values, |v| self.topic(v))
    }

    /// The person a user names, by any name the archive knows them by
    /// (any case): their canonical name, the values indexed for them and
    /// the words that stand for them. `None` when the name is not one the
    /// archive resolved (the caller then matches the name as written).
    pub fn person_named(&self, name: &str) -> Option<PersonTerms<'_>> {
        let key = fold_case(name.trim());
        let canonical = self.named.get(&key)?;
        Some(PersonTerms {
            canonical,
            values: self.values_of.get(canonical).map_or(&[], Vec::as_slice),
            words: self.words_of.get(canonical).map_or(&[], Vec::as_slice),
        })
    }

    /// The topic values indexed for the topic a user names: the name as
    /// written (or what the corrections make of it) and what the
    /// corrections map onto it.
    pub fn topic_values(&self, name: &str) -> Vec<String> {
        let name = name.trim();
        let target = self.topic(name).unwrap_or(name);
        let mut values = vec![target.to_owned()];
        if let Some(more) = self.topic_values.get(target) {
            values.extend(more.iter().cloned());
        }
        values.sort();
        values.dedup();
        values
    }

    /// The taxonomy's name for a topic label a user may type: `crude` is
    /// energy, `Politics` politics (`extract::topics`).
    pub fn taxonomy_name(&self, label: &str) -> Option<&'static str> {
        static TAXONOMY: std::sync::LazyLock<crate::extract::Taxonomy> =
            std::sync::LazyLock::new(crate::extract::Taxonomy::embedded);
        TAXONOMY.canonical(label)
    }

    /// Rejected person values, for tests and `--json` listings.
    pub fn rejected(&self) -> impl Iterator<Item = &str> {
        self.table.rejected.iter().map(String::as_str)
    }

    /// Every alias, for listings: value -> person.
    pub fn aliases(&self) -> &BTreeMap<String, String> {
        &self.table.alias
    }
}

/// Each value mapped (`None`: left out), each result once, in order.
fn mapped_once<'a>(values: &'a [String], map: impl Fn(&'a str) -> Option<&'a str>) -> Vec<String> {
    let mut out: Vec<String> = Vec::with_capacity(values.len());
    for v in values {
        if let Some(m) = map(v)
            && !out.iter().any(|o| o == m)
        {
            out.push(m.to_owned());
        }
    }
    out
}

/// What a person filter matches.
#[derive(Debug, Clone, Copy)]
pub struct PersonTerms<'a> {
    pub canonical: &'a str,
    pub values: &'a [String],
    pub words: &'a [String],
}
