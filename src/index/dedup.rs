//! Near-duplicates: syndicated copies of one story (a changed headline, a
//! cut paragraph, a credit line added) found at index time by the MinHash
//! signatures of `extract::minhash`, with locality-sensitive hashing to
//! find candidates.
//!
//! Each article gets a group: the group of its closest earlier copy, or a
//! new one. Candidates come from the index as committed (band keys are
//! indexed terms) and from the articles added since the last commit.

use rustc_hash::FxHashMap;

use anyhow::{Context, Result};
use tantivy::index::SegmentId;
use tantivy::schema::IndexRecordOption;
use tantivy::{DocSet, Searcher, TERMINATED, Term};

use crate::extract::minhash::Signature;
use crate::index::schema::Fields;

/// An earlier article is a candidate when it shares this many bands. One
/// shared band is often a stock phrase both happen to hash lowest; copies
/// with a Jaccard similarity of 0.4 share two or more 97% of the time, at
/// 0.5 99.8%, and checking fewer candidates keeps the index unread.
const MIN_SHARED_BANDS: u8 = 2;
/// Articles read per band key at most (the newest in this run, the first
/// in each committed segment), so the work per article does not grow with
/// the archive when a key is a stock phrase or a story has hundreds of
/// copies: copies of one story are the same articles in every band, so
/// they still share enough bands to be found.
const MAX_BAND_ARTICLES: u32 = 200;

/// The group id of an article that starts its own group.
pub fn new_group(key: &str) -> String {
    format!("{:016x}", xxhash_rust::xxh3::xxh3_64(key.as_bytes()))
}

/// A Bloom filter of the band keys of one segment: about 16 bits a key,
/// three of them set, all in one 64-bit word (one cache miss a key); about
/// 1 in 125 other keys passes. Most band keys of a new article are in no
/// other article, and most segments hold none of its keys: the filters
/// spare those lookups in the segments' term dictionaries.
struct BandFilter {
    words: Vec<u64>,
}

impl BandFilter {
    fn with_keys(keys: u64) -> BandFilter {
        BandFilter {
            words: vec![0; (keys / 4).clamp(1, u64::from(u32::MAX)) as usize],
        }
    }

    fn slot(&self, key: u64) -> (usize, u64) {
        // Band keys are xxh3 hashes: the top 32 bits pick the word (scaled
        // to the number of words), the low bits the three bits in it.
        let word = ((key >> 32) * self.words.len() as u64) >> 32;
        let mask = (1 << (key & 63)) | (1 << ((key >> 6) & 63)) | (1 << ((key >> 12) & 63));
        (word as usize, mask)
    }

    fn insert(&mut self, key: u64) {
        let (word, mask) = self.slot(key);
        self.words[word] |= mask;
    }

    fn contains(&self, key: u64) -> bool {
        let (word, mask) = self.slot(key);
        self.words[word] & mask == mask
    }
}

/// Assigns groups during an index run.
pub struct Deduper {
    fields: Fields,
    /// The index as last committed.
    searcher: Searcher,
    /// A filter of the band keys of each committed segment, made at the
    /// first article after the commit that brought the segment and kept
    /// while it lives (segments do not change); a run with nothing new
    /// makes none.
    filters: FxHashMap<SegmentId, BandFilter>,
    /// Whether `filters` are those of the searcher's segments.
    filters_current: bool,
    /// Band key -> the last entry of `links` with that key.
    recent_bands: FxHashMap<u64, u32>,
    /// (article in `recent`, the previous entry with the same key or
    /// `u32::MAX`): a list per key, in two flat vectors.
    links: Vec<(u32, u32)>,
    /// The articles added since: signature as the index keeps it, group.
    recent: Vec<(Box<[u8]>, String)>,
}

impl Deduper {
    pub fn new(fields: Fields, searcher: Searcher) -> Deduper {
        Deduper {
            fields,
            searcher,
            filters: FxHashMap::default(),
            filters_current: false,
            recent_bands: FxHashMap::default(),
            links: Vec::new(),
            recent: Vec::new(),
        }
    }

    /// Filters for the segments of the searcher that have none yet; the
    /// filters of segments merged away go.
    fn update_filters(&mut self) -> Result<()> {
        let segments = self.searcher.segment_readers();
        self.filters
            .retain(|id, _| segments.iter().any(|s| s.segment_id() == *id));
        for segment in segments {
            if self.filters.contains_key(&segment.segment_id()) {
                continue;
            }
            let inverted = segment
                .inverted_index(self.fields.dup_band)
                .context("cannot read the index")?;
            let mut filter = BandFilter::with_keys(inverted.terms().num_terms() as u64);
            let mut terms = inverted.terms().stream().context("cannot read the index")?;
            while terms.advance() {
                if let Ok(bytes) = <[u8; 8]>::try_from(terms.key()) {
                    filter.insert(u64::from_be_bytes(bytes));
                }
            }
            self.filters.insert(segment.segment_id(), filter);
        }
        Ok(())
    }

    /// After a commit: the index now holds the recent articles.
    pub fn committed(&mut self, searcher: Searcher) {
        self.searcher = searcher;
        self.filters_current = false;
        self.recent_bands = FxHashMap::default();
        self.links = Vec::new();
        self.recent = Vec::new();
    }

    /// The group for an article with this signature and key.
    pub fn assign(&mut self, sig: Option<&Signature>, key: &str) -> Result<String> {
        let Some(sig) = sig else {
            return Ok(new_group(key));
        };
        if !self.filters_current {
            self.update_filters()?;
            self.filters_current = true;
        }
        let bands = sig.bands();
        let mut best: Option<(f64, String)> = None;
        let mut consider = |other: &Signature, group: &str| {
            if let Some(score) = sig.copy_score(other)
                && best.as_ref().is_none_or(|b| score > b.0)
            {
                best = Some((score, group.to_owned()));
            }
        };
        let mut shared: FxHashMap<u32, u8> = FxHashMap::default();
        for band in &bands {
            let mut at = self.recent_bands.get(band).copied().unwrap_or(u32::MAX);
            let mut seen = 0;
            while let Some(&(i, previous)) = self.links.get(at as usize) {
                seen += 1;
                if seen > MAX_BAND_ARTICLES {
                    break;
                }
                *shared.entry(i).or_default() += 1;
                at = previous;
            }
        }
        for (i, n) in shared {
            if n >= MIN_SHARED_BANDS {
                let (bytes, group) = &self.recent[i as usize];
                if let Some(other) = Signature::from_bytes(bytes) {
                    consider(&other, group);
                }
            }
        }
        for (other, group) in self.indexed_candidates(&bands)? {
            consider(&other, &group);
        }
        let group = best.map_or_else(|| new_group(key), |b| b.1);
        let i = self.recent.len() as u32;
        self.recent
            .push((sig.to_bytes().into_boxed_slice(), group.clone()));
        for band in bands {
            let previous = self.recent_bands.insert(band, self.links.len() as u32);
            self.links.push((i, previous.unwrap_or(u32::MAX)));
        }
        Ok(group)
    }

    /// Committed articles that share at least `MIN_SHARED_BANDS` bands
    /// with the signature: their signatures and groups, read from fast
    /// fields (a few bytes each, not the stored article).
    fn indexed_candidates(&self, bands: &[u64]) -> Result<Vec<(Signature, String)>> {
        let mut out = Vec::new();
        let mut shared: FxHashMap<tantivy::DocId, u8> = FxHashMap::default();
        let mut buf = Vec::new();
        let mut known = Vec::with_capacity(bands.len());
        for segment in self.searcher.segment_readers() {
            // A candidate shares `MIN_SHARED_BANDS` keys, so its segment
            // has them all: with fewer in its filter, it holds none (most
            // segments, for most articles).
            known.clear();
            let filter = self.filters.get(&segment.segment_id());
            known.extend(
                bands
                    .iter()
                    .filter(|&&b| filter.is_none_or(|f| f.contains(b))),
            );
            if known.len() < usize::from(MIN_SHARED_BANDS) {
                continue;
            }
            let inverted = segment
                .inverted_index(self.fields.dup_band)
                .context("cannot read the index")?;
            let alive = segment.alive_bitset();
            shared.clear();
            for band in &known {
                let term = Term::from_field_u64(self.fields.dup_band, *band);
                let Some(mut postings) = inverted
                    .read_postings(&term, IndexRecordOption::Basic)
                    .context("cannot read the index")?
                else {
                    continue;
                };
                let mut doc = postings.doc();
                let mut read = 0;
                while doc != TERMINATED && read < MAX_BAND_ARTICLES {
                    read += 1;
                    if alive.is_none_or(|a| a.is_alive(doc)) {
                        *shared.entry(doc).or_default() += 1;
                    }
                    doc = postings.advance();
                }
            }
            if !shared.values().any(|&n| n >= MIN_SHARED_BANDS) {
                continue;
            }
            let fast = segment.fast_fields();
            let (Some(sigs), Some(groups)) = (
                fast.bytes("minhash").context("cannot read the index")?,
                fast.str("group").context("cannot read the index")?,
            ) else {
                continue;
            };
            for (&doc, &n) in &shared {
                if n < MIN_SHARED_BANDS {
                    continue;
                }
                let (Some(sig_ord), Some(group_ord)) =
                    (sigs.ords().first(doc), groups.ords().first(doc))
                else {
                    continue;
                };
                buf.clear();
                if !sigs.ord_to_bytes(sig_ord, &mut buf)? {
                    continue;
                }
                let Some(sig) = Signature::from_bytes(&buf) else {
                    continue;
                };
                let mut group = String::new();
                if groups.ord_to_str(group_ord, &mut group)? {
                    out.push((sig, group));
                }
            }
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::minhash::tests::STORY;

    /// The filter never forgets a key, and lets fewer than 1 in 100 other
    /// keys through (each one that does costs a lookup in the segment).
    #[test]
    fn band_filter_has_no_misses_and_few_false_alarms() {
        let key = |i: u64| xxhash_rust::xxh3::xxh3_64(&i.to_le_bytes());
        for keys in [1, 1_000, 64_000 * 32] {
            let mut filter = BandFilter::with_keys(keys);
            for i in 0..keys {
                filter.insert(key(i));
            }
            assert!((0..keys).all(|i| filter.contains(key(i))));
            let trials = 1_000_000;
            let alarms = (keys..keys + trials)
                .filter(|&i| filter.contains(key(i)))
                .count();
            assert!(
                alarms * 100 < trials as usize,
                "{keys} keys: {alarms} false alarms in {trials}"
            );
        }
    }

    /// A story republished far more often than `MAX_BAND_ARTICLES` stays
    /// one group, in the run and against the committed index.
    #[test]
    fn hundreds_of_copies_stay_one_group() {
        let store = crate::index::store::Store::create_in_ram().unwrap();
        let mut writer: tantivy::IndexWriter = store.index.writer(15_000_000).unwrap();
        let reader = store.index.reader().unwrap();
        let mut dedup = Deduper::new(store.fields, reader.searcher());
        let sig = Signature::of(STORY).unwrap();
        let mut groups = std::collections::HashSet::new();
        for round in 0..2 {
            for n in 0..(MAX_BAND_ARTICLES + 50) {
                let key = format!("copy-{round}-{n}");
                let group = dedup.assign(Some(&sig), &key).unwrap();
                let article = crate::article::Article {
                    key,
                    body: STORY.to_owned(),
                    signature: Some(sig.clone()),
                    ..Default::default()
                };
                writer
                    .add_document(crate::index::document::to_document(
                        &article,
                        &store.fields,
                        &group,
                    ))
                    .unwrap();
                groups.insert(group);
            }
            writer.commit().unwrap();
            reader.reload().unwrap();
            dedup.committed(reader.searcher());
        }
        assert_eq!(groups.len(), 1, "{groups:?}");
    }
}
