//! MinHash signatures of word shingles: what near-duplicate detection
//! compares. Pure functions over text, no I/O.
//!
//! A signature keeps the lowest value of each of `HASHES` hash functions
//! over a text's 5-word shingles; two texts' signatures agree in about the
//! share of shingles they have in common (their Jaccard similarity). The
//! first values, taken two at a time, make band keys (locality-sensitive
//! hashing): texts that are copies share some, and the index finds
//! candidates by them (`index::dedup`).
//!
//! The type, [`Signature`], is declared with the article it belongs to, in
//! `article`; what it can do is here.

pub use crate::article::Signature;

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

/// A family of hash functions from one: multiply-shift with odd
/// multipliers, and offsets, derived from the index.
static FAMILY: ([u64; HASHES], [u64; HASHES]) = {
    let mut a = [0; HASHES];
    let mut b = [0; HASHES];
    let mut i = 0;
    while i < HASHES {
        a[i] = (i as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
        b[i] = (i as u64).wrapping_mul(0xC2B2_AE3D_27D4_EB4F);
        i += 1;
    }
    (a, b)
};

/// The lowest value of each hash function of the family over the shingle
/// hashes: with AVX-512 where the CPU has it (eight 64-bit products at a
/// time), the same loop without it elsewhere.
fn min_hashes(hashes: &[u64]) -> [u32; HASHES] {
    #[cfg(target_arch = "x86_64")]
    if std::arch::is_x86_feature_detected!("avx512f")
        && std::arch::is_x86_feature_detected!("avx512dq")
    {
        // SAFETY: the CPU has the features the function is compiled for.
        return unsafe { min_hashes_avx512(hashes) };
    }
    min_hashes_portable(hashes)
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx512f,avx512dq")]
fn min_hashes_avx512(hashes: &[u64]) -> [u32; HASHES] {
    min_hashes_portable(hashes)
}

#[inline(always)]
fn min_hashes_portable(hashes: &[u64]) -> [u32; HASHES] {
    let mut mins = [u32::MAX; HASHES];
    for &h in hashes {
        for ((min, a), b) in mins.iter_mut().zip(&FAMILY.0).zip(&FAMILY.1) {
            let v = (a.wrapping_mul(h).wrapping_add(*b) >> 32) as u32;
            *min = (*min).min(v);
        }
    }
    mins
}

impl Signature {
    /// The signature of a text, or `None` when it is too short.
    ///
    /// Shingles are `SHINGLE` lower-cased words, each followed by a space,
    /// hashed with xxh3; words are runs of alphanumeric characters.
    pub fn of(text: &str) -> Option<Signature> {
        // The lower-cased words, each followed by one space, and where
        // each starts: a shingle is then one slice of `joined`.
        let mut joined = String::with_capacity(text.len() + 1);
        let mut starts = Vec::with_capacity(text.len() / 5);
        for word in text.split(|c: char| !c.is_alphanumeric()) {
            if word.is_empty() {
                continue;
            }
            starts.push(joined.len());
            if word.is_ascii() {
                joined.extend(word.bytes().map(|b| b.to_ascii_lowercase() as char));
            } else {
                joined.push_str(&word.to_lowercase());
            }
            joined.push(' ');
        }
        if starts.len() < SHINGLE + MIN_SHINGLES - 1 {
            return None;
        }
        starts.push(joined.len());
        let mut hashes: Vec<u64> = starts
            .windows(SHINGLE + 1)
            .map(|w| xxhash_rust::xxh3::xxh3_64(&joined.as_bytes()[w[0]..w[SHINGLE]]))
            .collect();
        hashes.sort_unstable();
        hashes.dedup();
        Some(Signature {
            mins: min_hashes(&hashes).to_vec(),
            shingles: hashes.len().min(u32::MAX as usize) as u32,
        })
    }

    /// Estimated Jaccard similarity of the two texts' shingle sets, from
    /// the lowest 8 bits of each MinHash value (b-bit MinHash: what the
    /// index keeps). Unrelated values agree by chance 1 time in 256; the
    /// estimate takes that out.
    pub fn jaccard(&self, other: &Signature) -> f64 {
        let same = self
            .mins
            .iter()
            .zip(&other.mins)
            .filter(|&(&a, &b)| a as u8 == b as u8)
            .count();
        let chance = 1.0 / 256.0;
        ((same as f64 / HASHES as f64 - chance) / (1.0 - chance)).max(0.0)
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

    /// What the index keeps: the shingle count (u32, little-endian), then
    /// the lowest 8 bits of each MinHash value. Enough to compare; band
    /// keys come from the full values.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(4 + HASHES);
        out.extend_from_slice(&self.shingles.to_le_bytes());
        out.extend(self.mins.iter().map(|&m| m as u8));
        out
    }

    pub fn from_bytes(bytes: &[u8]) -> Option<Signature> {
        if bytes.len() != 4 + HASHES {
            return None;
        }
        let (count, mins) = bytes.split_at(4);
        Some(Signature {
            mins: mins.iter().map(|&b| u32::from(b)).collect(),
            shingles: u32::from_le_bytes(count.try_into().ok()?),
        })
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A story long enough to have a signature.
    pub(crate) const STORY: &str = "The central bank raised interest rates by a quarter point on \
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
        // What the index keeps compares as the full signature does.
        let kept = Signature::from_bytes(&a.to_bytes()).unwrap();
        assert_eq!(kept.shingles, a.shingles);
        assert_eq!(kept.jaccard(&a), 1.0);
        assert_eq!(kept.jaccard(&b), a.jaccard(&b));
        assert_eq!(kept.jaccard(&other), a.jaccard(&other));
        assert!(Signature::from_bytes(&a.to_bytes()[1..]).is_none());
    }
}
