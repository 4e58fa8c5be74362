//! Near-duplicates: syndicated copies of one story (a changed headline, a
//! cut paragraph, a credit line added) found at index time by MinHash over
//! word shingles, with locality-sensitive hashing to find candidates.
//!
//! Each article gets a group: the group of its closest earlier copy, or a
//! new one. Candidates come from the index as committed (band keys are
//! indexed terms) and from the articles added since the last commit.

use std::collections::HashMap;

use anyhow::{Context, Result};
use tantivy::schema::{IndexRecordOption, Value};
use tantivy::{DocSet, Searcher, TERMINATED, TantivyDocument, Term};

use crate::schema::Fields;

/// Words per shingle.
const SHINGLE: usize = 5;
/// Fewer shingles than this and a text is too short to call a copy.
const MIN_SHINGLES: usize = 8;
/// MinHash values per signature: the first BANDS x ROWS make the band
/// keys; all of them estimate the similarity of candidates (standard error
/// about 0.04).
pub const HASHES: usize = 128;
const BANDS: usize = 32;
const ROWS: usize = 2;
/// Two texts are copies when the shorter is mostly inside the longer (an
/// editor cut a paragraph, added a credit line) and they share a good part
/// of their shingles. With 32 bands of 2 rows, pairs with a Jaccard
/// similarity of 0.3 become candidates 95% of the time, at 0.4 99.6%.
const MIN_CONTAINMENT: f64 = 0.8;
const MIN_JACCARD: f64 = 0.4;

/// A MinHash signature of a text's word shingles, with their number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signature {
    pub mins: Vec<u32>,
    pub shingles: u32,
}

impl Signature {
    /// The signature of a text, or `None` when it is too short.
    pub fn of(text: &str) -> Option<Signature> {
        let words: Vec<String> = text
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .collect();
        if words.len() < SHINGLE + MIN_SHINGLES - 1 {
            return None;
        }
        let mut mins = vec![u32::MAX; HASHES];
        let mut buf = String::new();
        let mut seen = std::collections::HashSet::new();
        for window in words.windows(SHINGLE) {
            buf.clear();
            for w in window {
                buf.push_str(w);
                buf.push(' ');
            }
            let h = xxhash_rust::xxh3::xxh3_64(buf.as_bytes());
            seen.insert(h);
            for (i, min) in mins.iter_mut().enumerate() {
                // A family of hash functions from one: multiply-shift with
                // odd multipliers derived from the index.
                let a = (i as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
                let b = (i as u64).wrapping_mul(0xC2B2_AE3D_27D4_EB4F);
                let v = (a.wrapping_mul(h).wrapping_add(b) >> 32) as u32;
                if v < *min {
                    *min = v;
                }
            }
        }
        Some(Signature {
            mins,
            shingles: seen.len().min(u32::MAX as usize) as u32,
        })
    }

    /// Estimated Jaccard similarity of the two texts' shingle sets.
    pub fn jaccard(&self, other: &Signature) -> f64 {
        let same = self
            .mins
            .iter()
            .zip(&other.mins)
            .filter(|(a, b)| a == b)
            .count();
        same as f64 / HASHES as f64
    }

    /// How similar two texts are, 0 to 1, if they are copies; `None` if
    /// not. From the Jaccard estimate and the set sizes, the share of the
    /// shorter text's shingles found in the longer.
    pub fn copy_score(&self, other: &Signature) -> Option<f64> {
        let j = self.jaccard(other);
        if j < MIN_JACCARD {
            return None;
        }
        let (a, b) = (self.shingles as f64, other.shingles as f64);
        let common = j / (1.0 + j) * (a + b);
        let containment = (common / a.min(b)).min(1.0);
        (containment >= MIN_CONTAINMENT).then_some(containment + j)
    }

    /// The band keys: articles sharing one are candidates.
    pub fn bands(&self) -> Vec<u64> {
        self.mins[..BANDS * ROWS]
            .chunks(ROWS)
            .enumerate()
            .map(|(band, rows)| {
                let mut bytes = Vec::with_capacity(4 * ROWS + 1);
                bytes.push(band as u8);
                for r in rows {
                    bytes.extend_from_slice(&r.to_le_bytes());
                }
                xxhash_rust::xxh3::xxh3_64(&bytes)
            })
            .collect()
    }

    /// The shingle count, then the MinHash values, little-endian.
    pub fn to_bytes(&self) -> Vec<u8> {
        std::iter::once(self.shingles)
            .chain(self.mins.iter().copied())
            .flat_map(u32::to_le_bytes)
            .collect()
    }

    pub fn from_bytes(bytes: &[u8]) -> Option<Signature> {
        if bytes.len() != (HASHES + 1) * 4 {
            return None;
        }
        let mut values = bytes
            .chunks_exact(4)
            .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]));
        let shingles = values.next()?;
        Some(Signature {
            mins: values.collect(),
            shingles,
        })
    }
}

/// The group id of an article that starts its own group.
pub fn new_group(key: &str) -> String {
    format!("{:016x}", xxhash_rust::xxh3::xxh3_64(key.as_bytes()))
}

/// Assigns groups during an index run.
pub struct Deduper {
    fields: Fields,
    /// The index as last committed.
    searcher: Searcher,
    /// Articles added since: band key -> their entries.
    recent_bands: HashMap<u64, Vec<usize>>,
    recent: Vec<(Signature, String)>,
}

impl Deduper {
    pub fn new(fields: Fields, searcher: Searcher) -> Deduper {
        Deduper {
            fields,
            searcher,
            recent_bands: HashMap::new(),
            recent: Vec::new(),
        }
    }

    /// After a commit: the index now holds the recent articles.
    pub fn committed(&mut self, searcher: Searcher) {
        self.searcher = searcher;
        self.recent_bands.clear();
        self.recent.clear();
    }

    /// The group for an article with this signature and key.
    pub fn assign(&mut self, sig: Option<&Signature>, key: &str) -> Result<String> {
        let Some(sig) = sig else {
            return Ok(new_group(key));
        };
        let bands = sig.bands();
        let mut best: Option<(f64, String)> = None;
        let mut consider = |other: &Signature, group: &str| {
            if let Some(score) = sig.copy_score(other)
                && best.as_ref().is_none_or(|b| score > b.0)
            {
                best = Some((score, group.to_owned()));
            }
        };
        for band in &bands {
            for &i in self.recent_bands.get(band).into_iter().flatten() {
                let (other, group) = &self.recent[i];
                consider(other, group);
            }
        }
        for (other, group) in self.indexed_candidates(&bands)? {
            consider(&other, &group);
        }
        let group = best.map_or_else(|| new_group(key), |b| b.1);
        let i = self.recent.len();
        self.recent.push((sig.clone(), group.clone()));
        for band in bands {
            self.recent_bands.entry(band).or_default().push(i);
        }
        Ok(group)
    }

    /// Committed articles that share a band with the signature.
    fn indexed_candidates(&self, bands: &[u64]) -> Result<Vec<(Signature, String)>> {
        let mut seen = std::collections::HashSet::new();
        let mut out = Vec::new();
        for (ord, segment) in self.searcher.segment_readers().iter().enumerate() {
            let inverted = segment
                .inverted_index(self.fields.dup_band)
                .context("cannot read the index")?;
            let alive = segment.alive_bitset();
            for band in bands {
                let term = Term::from_field_u64(self.fields.dup_band, *band);
                let Some(mut postings) = inverted
                    .read_postings(&term, IndexRecordOption::Basic)
                    .context("cannot read the index")?
                else {
                    continue;
                };
                let mut doc = postings.doc();
                while doc != TERMINATED {
                    let is_alive = alive.is_none_or(|a| a.is_alive(doc));
                    if is_alive && seen.insert((ord, doc)) {
                        let addr = tantivy::DocAddress::new(ord as u32, doc);
                        let stored: TantivyDocument = self
                            .searcher
                            .doc(addr)
                            .context("cannot read a stored article")?;
                        let sig = stored
                            .get_first(self.fields.minhash)
                            .and_then(|v| v.as_bytes())
                            .and_then(Signature::from_bytes);
                        let group = stored
                            .get_first(self.fields.group)
                            .and_then(|v| v.as_str())
                            .map(str::to_owned);
                        if let (Some(sig), Some(group)) = (sig, group) {
                            out.push((sig, group));
                        }
                    }
                    doc = postings.advance();
                }
            }
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const STORY: &str = "The central bank raised interest rates by a quarter point on \
        Tuesday, citing stubborn inflation and a tight labour market. Officials said \
        further increases were possible if prices kept rising.\n\nMarkets fell after \
        the announcement, with bank shares leading the decline. Analysts had expected \
        the move but were surprised by the tone of the statement.\n\nThe governor will \
        speak to parliament next week about the outlook for growth and jobs.\n\nThe \
        opposition called the decision reckless and said families would pay more for \
        their mortgages while wages lagged behind prices.\n\nEconomists expect one more \
        rise before the end of the year, then a long pause while the effects feed through.";

    #[test]
    fn copies_are_similar_and_other_stories_are_not() {
        let a = Signature::of(STORY).unwrap();
        let paragraphs: Vec<&str> = STORY.split("\n\n").collect();
        let mut kept = paragraphs.clone();
        kept.remove(2);
        let cut = format!(
            "{}\n\n(Reporting by staff; editing by the desk)",
            kept.join("\n\n")
        );
        let b = Signature::of(&cut).unwrap();
        assert!(a.copy_score(&b).is_some(), "{}", a.jaccard(&b));
        let retitled = format!("A new headline\n\n{STORY}");
        assert!(a.copy_score(&Signature::of(&retitled).unwrap()).is_some());
        let other = Signature::of(
            "Heavy rain flooded roads across the north of the country overnight, and \
             emergency crews rescued dozens of drivers stranded in their cars as rivers \
             burst their banks near several towns.",
        )
        .unwrap();
        assert!(a.jaccard(&other) < 0.1);
        assert!(a.copy_score(&other).is_none());
        assert!(Signature::of("Too short to judge.").is_none());
        assert_eq!(Signature::from_bytes(&a.to_bytes()), Some(a));
    }
}
