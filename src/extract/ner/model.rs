//! The model: averaged perceptron weights (feature key -> one weight per
//! tag), greedy tagging with them, and their byte format, quantised to
//! `i16` (`models/people.bin`, embedded in the binary).

use std::collections::HashMap;
use std::hash::BuildHasherDefault;
use std::sync::LazyLock;

use anyhow::{Result, bail};

use super::features::Doc;
use super::tags::{B, I, O, TAGS};

/// Feature keys are hashes already: a map need not hash them again.
#[derive(Default, Clone, Copy)]
pub(super) struct Identity(u64);

impl std::hash::Hasher for Identity {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = (self.0 << 8) | *b as u64;
        }
    }
    fn write_u64(&mut self, v: u64) {
        self.0 = v;
    }
}

pub(super) type Weights<V> = HashMap<u64, V, BuildHasherDefault<Identity>>;

/// Averaged perceptron weights: feature hash -> one weight per tag; and
/// which way the model tags.
#[derive(Debug, Default)]
pub struct Model {
    pub(super) weights: Weights<[f32; TAGS]>,
    pub(super) backwards: bool,
}

/// The best tag allowed after `prev`: a name cannot continue after O, and
/// a new name does not start right after one (CoNLL-2003 English has no
/// `B-PER`: two names never touch).
pub(super) fn best(scores: &[f32; TAGS], prev: usize) -> usize {
    let next = if prev == O { B } else { I };
    if scores[next] > scores[O] { next } else { O }
}

/// The tags of the two tokens tagged before token `i` (those to its left,
/// or going backwards to its right): none across a sentence start.
pub(super) fn history(
    tags: &[usize],
    starts: &[bool],
    i: usize,
    backwards: bool,
) -> (usize, usize) {
    if backwards {
        let n = tags.len();
        let prev = if i + 1 >= n || starts[i + 1] {
            O
        } else {
            tags[i + 1]
        };
        let prev2 = if i + 2 >= n || starts[i + 1] || starts[i + 2] {
            O
        } else {
            tags[i + 2]
        };
        return (prev, prev2);
    }
    let prev = if i == 0 || starts[i] { O } else { tags[i - 1] };
    let prev2 = if i < 2 || starts[i] || starts[i - 1] {
        O
    } else {
        tags[i - 2]
    };
    (prev, prev2)
}

/// Tags as read forwards, from a backwards pass's tags.
fn forwards_tags(tags: &[usize], starts: &[bool]) -> Vec<usize> {
    (0..tags.len())
        .map(|i| match tags[i] {
            O => O,
            _ if i > 0 && !starts[i] && tags[i - 1] == I => I,
            _ => B,
        })
        .collect()
}

/// Token positions in the order a pass tags them.
pub(super) fn tagging_order(n: usize, backwards: bool) -> Box<dyn Iterator<Item = usize>> {
    if backwards {
        Box::new((0..n).rev())
    } else {
        Box::new(0..n)
    }
}

impl Model {
    fn add_scores(&self, feats: &[u64], s: &mut [f32; TAGS]) {
        for f in feats {
            if let Some(w) = self.weights.get(f) {
                for t in 0..TAGS {
                    s[t] += w[t];
                }
            }
        }
    }

    /// Tags a document greedily, from left to right or, for a backwards
    /// model, from right to left. The tags read forwards.
    pub fn tag(&self, doc: &Doc) -> Vec<usize> {
        let mut tags = vec![O; doc.len()];
        let mut feats = Vec::with_capacity(16);
        let mut scratch = Vec::with_capacity(64);
        for i in tagging_order(doc.len(), self.backwards) {
            let (prev, prev2) = history(&tags, &doc.sentence_start, i, self.backwards);
            if prev == O && !doc.may_start(i) {
                continue;
            }
            doc.dynamic_features(i, prev, prev2, &mut feats);
            let mut s = [0.0; TAGS];
            self.add_scores(doc.statics_or(i, &mut scratch), &mut s);
            self.add_scores(&feats, &mut s);
            tags[i] = best(&s, prev);
        }
        if self.backwards {
            tags = forwards_tags(&tags, &doc.sentence_start);
        }
        tags
    }

    /// Serialises the non-zero weights: `NXPER1`, then `F` or `B` (the
    /// direction), scale (f32), count (u32), then sorted records of
    /// (feature hash u64, 3 x i16 weight / scale), all little-endian.
    pub fn to_bytes(&self) -> Vec<u8> {
        let max = self
            .weights
            .values()
            .flat_map(|w| w.iter())
            .fold(0f32, |m, v| m.max(v.abs()))
            .max(1e-9);
        let scale = max / i16::MAX as f32;
        let mut keys: Vec<&u64> = self.weights.keys().collect();
        keys.sort();
        let kept: Vec<(&u64, [i16; TAGS])> = keys
            .into_iter()
            .filter_map(|k| {
                let q = self.weights[k].map(|v| (v / scale).round() as i16);
                q.iter().any(|v| *v != 0).then_some((k, q))
            })
            .collect();
        let mut out = b"NXPER1".to_vec();
        out.push(if self.backwards { b'B' } else { b'F' });
        out.extend_from_slice(&scale.to_le_bytes());
        out.extend_from_slice(&(kept.len() as u32).to_le_bytes());
        for (k, q) in kept {
            out.extend_from_slice(&k.to_le_bytes());
            for v in q {
                out.extend_from_slice(&v.to_le_bytes());
            }
        }
        out
    }

    pub fn from_bytes(bytes: &[u8]) -> Result<Model> {
        let Some(rest) = bytes.strip_prefix(b"NXPER1") else {
            bail!("not a newsidx people model");
        };
        let backwards = match rest.first() {
            Some(b'F') => false,
            Some(b'B') => true,
            _ => bail!("people model is damaged"),
        };
        let rest = &rest[1..];
        if rest.len() < 8 {
            bail!("people model is cut short");
        }
        let scale = f32::from_le_bytes(rest[..4].try_into()?);
        let n = u32::from_le_bytes(rest[4..8].try_into()?) as usize;
        let body = &rest[8..];
        if body.len() != n * (8 + 2 * TAGS) {
            bail!("people model is damaged");
        }
        let mut weights = Weights::with_capacity_and_hasher(n, Default::default());
        for rec in body.chunks_exact(8 + 2 * TAGS) {
            let k = u64::from_le_bytes(rec[..8].try_into()?);
            let mut w = [0.0; TAGS];
            for (t, v) in w.iter_mut().enumerate() {
                let q = i16::from_le_bytes(rec[8 + 2 * t..10 + 2 * t].try_into()?);
                *v = q as f32 * scale;
            }
            weights.insert(k, w);
        }
        Ok(Model { weights, backwards })
    }

    pub fn len(&self) -> usize {
        self.weights.len()
    }

    pub fn is_empty(&self) -> bool {
        self.weights.is_empty()
    }
}

/// Two passes: the second sees, for each word, how the first tagged it
/// here and elsewhere in the document.
#[derive(Debug, Default)]
pub struct Tagger {
    pub(super) first: Model,
    pub(super) second: Model,
}

impl Tagger {
    /// The tagger embedded in the binary (`models/people.bin`), loaded
    /// once.
    pub fn embedded() -> &'static Tagger {
        static TAGGER: LazyLock<Tagger> = LazyLock::new(|| {
            Tagger::from_bytes(include_bytes!("../../../models/people.bin"))
                .expect("models/people.bin is a people model")
        });
        &TAGGER
    }

    /// Tags a document: one of `O`, `B`, `I` per token.
    pub fn tag(&self, doc: &mut Doc) -> Vec<usize> {
        let first = self.first.tag(doc);
        doc.set_stage1(first);
        let tags = self.second.tag(doc);
        doc.clear_stage1();
        tags
    }

    /// `NXPER2`, the first model's length (u32), then both models.
    pub fn to_bytes(&self) -> Vec<u8> {
        let first = self.first.to_bytes();
        let mut out = b"NXPER2".to_vec();
        out.extend_from_slice(&(first.len() as u32).to_le_bytes());
        out.extend_from_slice(&first);
        out.extend_from_slice(&self.second.to_bytes());
        out
    }

    pub fn from_bytes(bytes: &[u8]) -> Result<Tagger> {
        let Some(rest) = bytes.strip_prefix(b"NXPER2") else {
            bail!("not a newsidx people model");
        };
        if rest.len() < 4 {
            bail!("people model is cut short");
        }
        let n = u32::from_le_bytes(rest[..4].try_into()?) as usize;
        let rest = &rest[4..];
        if rest.len() < n {
            bail!("people model is cut short");
        }
        Ok(Tagger {
            first: Model::from_bytes(&rest[..n])?,
            second: Model::from_bytes(&rest[n..])?,
        })
    }

    /// Features in both passes.
    pub fn len(&self) -> usize {
        self.first.len() + self.second.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn model_round_trips_through_bytes() {
        let model = Tagger::embedded();
        let again = Tagger::from_bytes(&model.to_bytes()).unwrap();
        assert_eq!(again.len(), model.len());
        assert!(Tagger::from_bytes(b"NXPER2\0").is_err());
    }
}
