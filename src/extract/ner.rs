//! Person-name tagging: a greedy averaged perceptron over word, shape,
//! affix, context, name-list and document-level features, trained on the
//! CoNLL-2003 PER annotations (`src/bin/train-people.rs` re-creates the
//! model in `models/people.bin`).
//!
//! Document-level features need no labels: how the same word is written
//! elsewhere in the article (in lower case, capitalised mid-sentence, after
//! a title such as "President", after a known given name). They carry the
//! evidence of well-written sentences to all-caps headlines and to
//! sentence-initial words.

use std::collections::{HashMap, HashSet};

use rustc_hash::{FxHashMap, FxHashSet};
use std::io::{BufRead, Read};
use std::path::Path;
use std::sync::LazyLock;

use anyhow::{Context, Result, bail};
use xxhash_rust::xxh3::xxh3_64_with_seed;

/// Tags: outside, beginning and inside of a person's name.
pub const O: usize = 0;
pub const B: usize = 1;
pub const I: usize = 2;
const TAGS: usize = 3;

/// Given names (US Census 1990, public domain).
static GIVEN_NAMES: LazyLock<FxHashSet<&'static str>> =
    LazyLock::new(|| include_str!("given_names.txt").lines().collect());
/// The 25,000 most frequent surnames (US Census 1990, public domain).
static SURNAMES: LazyLock<FxHashSet<&'static str>> =
    LazyLock::new(|| include_str!("surnames.txt").lines().collect());

/// Given names from many countries (from Jörg Michael's name dictionary,
/// as shipped in gender-guesser; GNU FDL 1.2 or later, see
/// `models/README.md`).
static WORLD_NAMES: LazyLock<FxHashSet<&'static str>> =
    LazyLock::new(|| include_str!("world_given_names.txt").lines().collect());

/// Words that introduce a person's name.
pub const TITLES: &[&str] = &[
    "president",
    "senator",
    "sen",
    "rep",
    "representative",
    "congressman",
    "congresswoman",
    "governor",
    "gov",
    "mayor",
    "minister",
    "secretary",
    "chancellor",
    "premier",
    "king",
    "queen",
    "prince",
    "princess",
    "pope",
    "ambassador",
    "general",
    "gen",
    "lt",
    "col",
    "colonel",
    "admiral",
    "adm",
    "sgt",
    "sergeant",
    "captain",
    "capt",
    "judge",
    "justice",
    "dr",
    "mr",
    "mrs",
    "ms",
    "miss",
    "sir",
    "dame",
    "lord",
    "lady",
    "chairman",
    "chairwoman",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "speaker",
    "leader",
    "director",
    "commissioner",
    "prosecutor",
    "attorney",
    "detective",
    "rabbi",
    "imam",
    "cardinal",
    "archbishop",
    "bishop",
    "sheikh",
    "emir",
    "ayatollah",
    "envoy",
    "coach",
    "deputy",
    "officer",
    "professor",
    "prof",
    "economist",
    "analyst",
    "inspector",
    "ceo",
    "manager",
    "striker",
    "midfielder",
    "defender",
    "goalkeeper",
    "captain",
    "champion",
    "president-elect",
    "chief",
    "executive",
    "vice",
];

/// Abbreviations that keep their period.
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "st", "sen", "gen", "rep", "gov", "lt", "col", "jr", "sr", "inc",
    "corp", "co", "ltd", "vs", "no", "prof", "capt", "sgt", "adm", "mt", "ft", "jan", "feb", "mar",
    "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
];

/// A token of running text, as byte offsets into it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

/// Splits text into tokens the way CoNLL-2003 is tokenised: punctuation
/// apart, possessive `'s` apart, abbreviations and initials keep their
/// period. Also marks where sentences start.
pub fn tokenize(text: &str) -> (Vec<Span>, Vec<bool>) {
    let mut spans = Vec::new();
    let mut starts = Vec::new();
    let mut new_sentence = true;
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < text.len() {
        let c = text[i..].chars().next().unwrap_or(' ');
        if c.is_whitespace() {
            if c == '\n' && text[i + 1..].starts_with('\n') {
                new_sentence = true;
            }
            i += c.len_utf8();
            continue;
        }
        // A chunk up to white space or a dash between words.
        let mut j = i;
        while j < text.len() {
            let d = text[j..].chars().next().unwrap_or(' ');
            if d.is_whitespace() || d == '—' || d == '–' {
                break;
            }
            j += d.len_utf8();
        }
        if j == i {
            // A lone dash.
            let len = c.len_utf8();
            spans.push(Span {
                start: i,
                end: i + len,
            });
            starts.push(new_sentence);
            new_sentence = false;
            i += len;
            continue;
        }
        for span in split_chunk(text, i, j) {
            let tok = &text[span.start..span.end];
            spans.push(span);
            starts.push(new_sentence);
            new_sentence = matches!(tok, "." | "!" | "?");
        }
        i = j;
        let _ = bytes;
    }
    (spans, starts)
}

fn is_punct(c: char) -> bool {
    !c.is_alphanumeric() && c != '&' && c != '@' && c != '%' && c != '$'
}

/// Splits one white-space-free chunk into tokens.
fn split_chunk(text: &str, start: usize, end: usize) -> Vec<Span> {
    let chunk = &text[start..end];
    let mut out = Vec::new();
    // Leading punctuation.
    let mut s = 0;
    for (k, c) in chunk.char_indices() {
        if is_punct(c) && c != '.' {
            out.push(Span {
                start: start + k,
                end: start + k + c.len_utf8(),
            });
            s = k + c.len_utf8();
        } else {
            break;
        }
    }
    // Trailing punctuation, kept aside to push after the core.
    let mut e = chunk.len();
    let mut tail = Vec::new();
    while e > s {
        let c = chunk[..e].chars().next_back().unwrap_or(' ');
        if !is_punct(c) {
            break;
        }
        if c == '.' {
            let word = &chunk[s..e - 1];
            let lower = word.to_lowercase();
            let keep = word.contains('.')
                || ABBREVIATIONS.contains(&lower.as_str())
                || (word.chars().count() == 1 && word.chars().all(char::is_uppercase));
            if keep && !word.is_empty() {
                break;
            }
        }
        tail.push(Span {
            start: start + e - c.len_utf8(),
            end: start + e,
        });
        e -= c.len_utf8();
    }
    if e > s {
        let core = &chunk[s..e];
        // Possessive 's (or ’s) apart.
        let poss = ["'s", "’s", "'S", "’S"]
            .iter()
            .find(|p| core.len() > p.len() && core.ends_with(*p))
            .map(|p| p.len());
        match poss {
            Some(n) => {
                out.push(Span {
                    start: start + s,
                    end: start + e - n,
                });
                out.push(Span {
                    start: start + e - n,
                    end: start + e,
                });
            }
            None => out.push(Span {
                start: start + s,
                end: start + e,
            }),
        }
    }
    tail.reverse();
    out.extend(tail);
    out
}

/// Word shape: `Xxxx` -> `Xx`, `U.S.` -> `X.X.`, `1996` -> `d`.
fn shape(w: &str) -> String {
    let mut out = String::new();
    let mut last = ' ';
    for c in w.chars() {
        let k = if c.is_uppercase() {
            'X'
        } else if c.is_lowercase() {
            'x'
        } else if c.is_numeric() {
            'd'
        } else {
            c
        };
        if k != last {
            out.push(k);
            last = k;
        }
    }
    out
}

fn is_capitalised(w: &str) -> bool {
    w.chars().next().is_some_and(char::is_uppercase)
}

fn has_lower(w: &str) -> bool {
    w.chars().any(char::is_lowercase)
}

/// A document's tokens with everything the features need.
pub struct Doc<'a> {
    words: Vec<&'a str>,
    lower: Vec<String>,
    shapes: Vec<String>,
    sentence_start: Vec<bool>,
    /// The sentence of each token is all capitals (a headline).
    caps_sentence: Vec<bool>,
    doc_lower: FxHashSet<String>,
    doc_midcap: FxHashSet<String>,
    doc_cue: FxHashSet<String>,
    doc_after_given: FxHashSet<String>,
    /// Hashes of each token's lower-case form and shape.
    hashes: Vec<(u64, u64)>,
    /// Each token's tag-independent features, flattened, with offsets.
    statics: Vec<u64>,
    static_at: Vec<usize>,
    /// First-pass tags, for the second pass: the tag of each token, and how
    /// often each word was tagged as (the last word of) a name.
    stage1: Option<Stage1>,
}

struct Stage1 {
    tags: Vec<usize>,
    per: FxHashMap<String, u32>,
    last: FxHashMap<String, u32>,
}

impl<'a> Doc<'a> {
    /// Adds the first pass's tags, for the second pass's features.
    pub fn set_stage1(&mut self, tags: Vec<usize>) {
        let mut per: FxHashMap<String, u32> = FxHashMap::default();
        let mut last: FxHashMap<String, u32> = FxHashMap::default();
        for (a, b) in spans(&tags, &self.sentence_start) {
            for k in a..b {
                *per.entry(self.lower[k].clone()).or_default() += 1;
            }
            if b - a >= 2 {
                *last.entry(self.lower[b - 1].clone()).or_default() += 1;
            }
        }
        self.stage1 = Some(Stage1 { tags, per, last });
    }

    /// Builds a document from tokens and sentence starts.
    pub fn new(words: Vec<&'a str>, sentence_start: Vec<bool>) -> Doc<'a> {
        let lower: Vec<String> = words
            .iter()
            .map(|w| w.to_lowercase().replace('’', "'"))
            .collect();
        let shapes = words.iter().map(|w| shape(w)).collect();
        let mut caps_sentence = vec![false; words.len()];
        let mut s = 0;
        while s < words.len() {
            let mut e = s + 1;
            while e < words.len() && !sentence_start[e] {
                e += 1;
            }
            let caps = words[s..e]
                .iter()
                .any(|w| w.chars().any(char::is_alphabetic))
                && !words[s..e].iter().any(|w| has_lower(w));
            for flag in &mut caps_sentence[s..e] {
                *flag = caps;
            }
            s = e;
        }
        let mut doc = Doc {
            words,
            lower,
            shapes,
            sentence_start,
            caps_sentence,
            doc_lower: FxHashSet::default(),
            doc_midcap: FxHashSet::default(),
            doc_cue: FxHashSet::default(),
            doc_after_given: FxHashSet::default(),
            hashes: Vec::new(),
            statics: Vec::new(),
            static_at: Vec::new(),
            stage1: None,
        };
        for i in 0..doc.words.len() {
            let w = doc.words[i];
            if doc.caps_sentence[i] {
                continue;
            }
            if w.chars().next().is_some_and(char::is_lowercase) {
                doc.doc_lower.insert(doc.lower[i].clone());
            } else if is_capitalised(w) && has_lower(w) && !doc.sentence_start[i] {
                doc.doc_midcap.insert(doc.lower[i].clone());
            }
            if i > 0 && is_capitalised(w) {
                let prev = doc.lower[i - 1].trim_end_matches('.');
                if TITLES.contains(&prev) {
                    doc.doc_cue.insert(doc.lower[i].clone());
                }
                if is_capitalised(doc.words[i - 1])
                    && GIVEN_NAMES.contains(doc.lower[i - 1].as_str())
                {
                    doc.doc_after_given.insert(doc.lower[i].clone());
                }
            }
        }
        doc.hashes = (0..doc.words.len())
            .map(|i| {
                (
                    xxh3_64_with_seed(doc.lower[i].as_bytes(), 0),
                    xxh3_64_with_seed(doc.shapes[i].as_bytes(), 0),
                )
            })
            .collect();
        let mut statics = Vec::with_capacity(doc.words.len() * 40);
        let mut at = Vec::with_capacity(doc.words.len() + 1);
        for i in 0..doc.words.len() {
            at.push(statics.len());
            doc.static_features(i, &mut statics);
        }
        at.push(statics.len());
        doc.statics = statics;
        doc.static_at = at;
        doc
    }

    fn statics_of(&self, i: usize) -> &[u64] {
        &self.statics[self.static_at[i]..self.static_at[i + 1]]
    }

    pub fn len(&self) -> usize {
        self.words.len()
    }

    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    fn word(&self, i: isize) -> &str {
        if i < 0 {
            "<s>"
        } else {
            self.lower.get(i as usize).map_or("</s>", String::as_str)
        }
    }

    fn shape_at(&self, i: isize) -> &str {
        if i < 0 {
            "<s>"
        } else {
            self.shapes.get(i as usize).map_or("</s>", String::as_str)
        }
    }

    /// The features of token `i` that do not depend on tags.
    fn static_features(&self, i: usize, out: &mut Vec<u64>) {
        let w = self.words[i];
        let lw = self.lower[i].as_str();
        let ii = i as isize;
        let mut f =
            |template: u64, value: &str| out.push(xxh3_64_with_seed(value.as_bytes(), template));
        f(0, "");
        f(1, lw);
        f(2, &self.shapes[i]);
        let chars: Vec<char> = lw.chars().collect();
        let n = chars.len();
        let mut buf = String::new();
        for k in 1..=4.min(n) {
            buf.clear();
            buf.extend(&chars[n - k..]);
            f(10 + k as u64, &buf);
        }
        for k in 1..=3.min(n) {
            buf.clear();
            buf.extend(&chars[..k]);
            f(20 + k as u64, &buf);
        }
        f(30, self.word(ii - 1));
        f(31, self.word(ii + 1));
        f(32, self.word(ii - 2));
        f(33, self.word(ii + 2));
        f(36, self.shape_at(ii - 1));
        f(37, self.shape_at(ii + 1));
        let pair = |a: &str, b: &str| {
            mix(
                xxh3_64_with_seed(a.as_bytes(), 0),
                xxh3_64_with_seed(b.as_bytes(), 1),
            )
        };
        out.push(mix(34, pair(self.shape_at(ii - 1), &self.shapes[i])));
        out.push(mix(35, pair(&self.shapes[i], self.shape_at(ii + 1))));
        out.push(mix(44, pair(self.word(ii - 1), lw)));
        out.push(mix(45, pair(lw, self.word(ii + 1))));
        let given = GIVEN_NAMES.contains(lw);
        let surname = SURNAMES.contains(lw);
        let next = self.word(ii + 1);
        let prev_word = self.word(ii - 1).trim_end_matches('.');
        let flags = [
            (50, given),
            (51, surname),
            (52, given && SURNAMES.contains(next)),
            (53, i > 0 && GIVEN_NAMES.contains(prev_word)),
            (54, TITLES.contains(&prev_word)),
            (55, self.sentence_start[i]),
            (56, self.caps_sentence[i]),
            (57, self.doc_lower.contains(lw)),
            (58, self.doc_midcap.contains(lw)),
            (59, self.doc_cue.contains(lw)),
            (60, self.doc_after_given.contains(lw)),
            (61, is_capitalised(w)),
            (62, i > 0 && SURNAMES.contains(self.word(ii - 1))),
            (63, WORLD_NAMES.contains(lw)),
            (
                64,
                i > 0 && WORLD_NAMES.contains(prev_word) && is_capitalised(w),
            ),
            (
                65,
                WORLD_NAMES.contains(lw)
                    && is_capitalised(self.words.get(i + 1).copied().unwrap_or("")),
            ),
        ];
        for (template, on) in flags {
            if on {
                out.push(mix(template, 1));
            }
        }
        // Combinations that matter in headlines and at sentence starts.
        let midcap = self.doc_midcap.contains(lw) as u64;
        let lower = self.doc_lower.contains(lw) as u64;
        let cue = self.doc_cue.contains(lw) as u64;
        if self.caps_sentence[i] {
            out.push(mix(70, midcap * 4 + lower * 2 + cue));
        }
        if self.sentence_start[i] {
            out.push(mix(71, midcap * 2 + lower));
        }
    }

    /// The features of token `i` that depend on the previous tags and on
    /// the first pass.
    fn dynamic_features(&self, i: usize, prev: usize, prev2: usize, out: &mut Vec<u64>) {
        out.clear();
        let (hw, hs) = self.hashes[i];
        out.push(mix(40, prev as u64));
        out.push(mix(41, (prev * 3 + prev2) as u64));
        out.push(mix(mix(42, prev as u64), hw));
        out.push(mix(mix(43, prev as u64), hs));
        if let Some(s1) = &self.stage1 {
            let lw = self.lower[i].as_str();
            let tag = s1.tags[i] as u64;
            let mine = (s1.tags[i] != O) as u32;
            let elsewhere = s1.per.get(lw).copied().unwrap_or(0).saturating_sub(mine) > 0;
            out.push(mix(80, tag));
            out.push(mix(81, tag * 2 + elsewhere as u64));
            if elsewhere {
                out.push(mix(82, is_capitalised(self.words[i]) as u64));
            }
            if s1.last.get(lw).copied().unwrap_or(0) > 0 {
                out.push(mix(83, tag));
            }
            let next = self.lower.get(i + 1).map(String::as_str).unwrap_or("");
            if s1.per.get(next).copied().unwrap_or(0) > 0 && is_capitalised(self.words[i]) {
                out.push(mix(84, 1));
            }
        }
    }
}

/// Combines two hashes into one.
fn mix(a: u64, b: u64) -> u64 {
    let x = (a ^ b.rotate_left(29)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    x ^ (x >> 31)
}

/// Feature keys are hashes already: a map need not hash them again.
#[derive(Default, Clone, Copy)]
struct Identity(u64);

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

type Weights<V> = HashMap<u64, V, std::hash::BuildHasherDefault<Identity>>;

/// Averaged perceptron weights: feature hash -> one weight per tag.
#[derive(Debug, Default)]
pub struct Model {
    weights: Weights<[f32; TAGS]>,
}

impl Model {
    fn scores(&self, feats: &[u64]) -> [f32; TAGS] {
        let mut s = [0.0; TAGS];
        for f in feats {
            if let Some(w) = self.weights.get(f) {
                for t in 0..TAGS {
                    s[t] += w[t];
                }
            }
        }
        s
    }

    /// Tags a document, greedily from left to right.
    pub fn tag(&self, doc: &Doc) -> Vec<usize> {
        let mut tags = Vec::with_capacity(doc.len());
        let mut feats = Vec::with_capacity(16);
        for i in 0..doc.len() {
            let prev = if i == 0 || doc.sentence_start[i] {
                O
            } else {
                tags[i - 1]
            };
            let prev2 = if i < 2 || doc.sentence_start[i] || doc.sentence_start[i - 1] {
                O
            } else {
                tags[i - 2]
            };
            doc.dynamic_features(i, prev, prev2, &mut feats);
            let mut s = self.scores(doc.statics_of(i));
            let d = self.scores(&feats);
            for t in 0..TAGS {
                s[t] += d[t];
            }
            tags.push(best(&s, prev));
        }
        tags
    }

    /// Serialises the non-zero weights: `NXPER1`, count, then (hash, 3 x
    /// f16-like i16 with a shared scale) records.
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
        let mut out = b"NXPER1".to_vec();
        out.extend_from_slice(&scale.to_le_bytes());
        let kept: Vec<(&u64, [i16; TAGS])> = keys
            .into_iter()
            .filter_map(|k| {
                let q = self.weights[k].map(|v| (v / scale).round() as i16);
                q.iter().any(|v| *v != 0).then_some((k, q))
            })
            .collect();
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
        Ok(Model { weights })
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
    first: Model,
    second: Model,
}

impl Tagger {
    /// The tagger embedded in the binary (`models/people.bin`).
    pub fn embedded() -> &'static Tagger {
        static TAGGER: LazyLock<Tagger> = LazyLock::new(|| {
            Tagger::from_bytes(include_bytes!("../../models/people.bin")).unwrap_or_default()
        });
        &TAGGER
    }

    pub fn tag(&self, doc: &mut Doc) -> Vec<usize> {
        let first = self.first.tag(doc);
        doc.set_stage1(first);
        let tags = self.second.tag(doc);
        doc.stage1 = None;
        tags
    }

    /// `NXPER2`, the first model's length, then both models.
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

/// Trains the two passes. The second pass learns from first-pass tags
/// made by models that did not see the document (k-fold), as it will meet
/// them on new text.
pub fn train_tagger(
    docs: &[ConllDoc],
    epochs: usize,
    folds: usize,
    mut progress: impl FnMut(&str, usize, f64),
) -> Tagger {
    let mut stage1: Vec<Vec<usize>> = vec![Vec::new(); docs.len()];
    for fold in 0..folds {
        let (held, rest): (Vec<usize>, Vec<usize>) =
            (0..docs.len()).partition(|i| i % folds == fold);
        let train_docs: Vec<&ConllDoc> = rest.iter().map(|&i| &docs[i]).collect();
        let model = train(&train_docs, None, epochs, |_, _| {});
        for i in held {
            let (words, starts, _) = flatten(&docs[i]);
            stage1[i] = model.tag(&Doc::new(words, starts));
        }
        progress("fold", fold + 1, 0.0);
    }
    let all: Vec<&ConllDoc> = docs.iter().collect();
    let first = train(&all, None, epochs, |e, acc| {
        progress("first pass epoch", e, acc)
    });
    let second = train(&all, Some(&stage1), epochs, |e, acc| {
        progress("second pass epoch", e, acc)
    });
    Tagger { first, second }
}

/// The best tag allowed after `prev`: a name cannot continue after O.
fn best(scores: &[f32; TAGS], prev: usize) -> usize {
    let mut best = O;
    for t in [B, I] {
        if t == I && prev == O {
            continue;
        }
        if scores[t] > scores[best] {
            best = t;
        }
    }
    best
}

/// Person-name spans (token index ranges) from tags.
pub fn spans(tags: &[usize], sentence_start: &[bool]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, &t) in tags.iter().enumerate() {
        let continues = t == I && start.is_some() && !sentence_start[i];
        if !continues {
            if let Some(s) = start.take() {
                out.push((s, i));
            }
            if t != O {
                start = Some(i);
            }
        }
    }
    if let Some(s) = start {
        out.push((s, tags.len()));
    }
    out
}

// # Training and evaluation on CoNLL-2003

/// A CoNLL document: sentences of (word, PER tag as O/B/I).
pub struct ConllDoc {
    pub sentences: Vec<Vec<(String, usize)>>,
}

/// Reads a CoNLL-2003 file (plain or .gz), keeping only PER, with IOB1
/// converted to B/I.
pub fn read_conll(path: &Path) -> Result<Vec<ConllDoc>> {
    let file =
        std::fs::File::open(path).with_context(|| format!("cannot read {}", path.display()))?;
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
        let line = line?;
        let fields: Vec<&str> = line.split_whitespace().collect();
        if fields.is_empty() {
            if !sentence.is_empty() {
                docs.last_mut()
                    .unwrap()
                    .sentences
                    .push(std::mem::take(&mut sentence));
            }
            prev_per = false;
            continue;
        }
        if fields[0] == "-DOCSTART-" {
            if !sentence.is_empty() {
                docs.last_mut()
                    .unwrap()
                    .sentences
                    .push(std::mem::take(&mut sentence));
            }
            docs.push(ConllDoc {
                sentences: Vec::new(),
            });
            prev_per = false;
            continue;
        }
        let ner = fields.last().copied().unwrap_or("O");
        let tag = match ner {
            "B-PER" => B,
            "I-PER" if prev_per => I,
            "I-PER" => B,
            _ => O,
        };
        prev_per = tag != O;
        sentence.push((fields[0].to_owned(), tag));
    }
    if !sentence.is_empty() {
        docs.last_mut().unwrap().sentences.push(sentence);
    }
    docs.retain(|d| !d.sentences.is_empty());
    Ok(docs)
}

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

/// Trains an averaged perceptron, with first-pass tags for each document
/// when training a second pass; `progress` hears about each epoch.
pub fn train(
    docs: &[&ConllDoc],
    stage1: Option<&[Vec<usize>]>,
    epochs: usize,
    mut progress: impl FnMut(usize, f64),
) -> Model {
    struct Weight {
        w: [f32; TAGS],
        total: [f64; TAGS],
        stamp: [u64; TAGS],
    }
    let mut weights: Weights<Weight> = Weights::default();
    let mut step: u64 = 0;
    let mut order: Vec<usize> = (0..docs.len()).collect();
    let mut seed: u64 = 0x5EED;
    let mut feats = Vec::with_capacity(64);
    let prepared: Vec<_> = docs.iter().map(|d| flatten(d)).collect();
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
            let (words, starts, gold) = &prepared[d];
            let mut doc = Doc::new(words.clone(), starts.clone());
            if let Some(s1) = stage1 {
                doc.set_stage1(s1[d].clone());
            }
            let mut tags: Vec<usize> = Vec::with_capacity(doc.len());
            for i in 0..doc.len() {
                step += 1;
                let prev = if i == 0 || starts[i] { O } else { tags[i - 1] };
                let prev2 = if i < 2 || starts[i] || starts[i - 1] {
                    O
                } else {
                    tags[i - 2]
                };
                doc.dynamic_features(i, prev, prev2, &mut feats);
                feats.extend_from_slice(doc.statics_of(i));
                let mut s = [0.0f32; TAGS];
                for f in &feats {
                    if let Some(w) = weights.get(f) {
                        for t in 0..TAGS {
                            s[t] += w.w[t];
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
                tags.push(guess);
            }
        }
        progress(epoch + 1, right as f64 / all.max(1) as f64);
    }
    let mut model = Model::default();
    for (k, w) in weights {
        let mut avg = [0.0f32; TAGS];
        for t in 0..TAGS {
            let total = w.total[t] + (step - w.stamp[t]) as f64 * w.w[t] as f64;
            avg[t] = (total / step as f64) as f32;
        }
        if avg.iter().any(|v| v.abs() > 1e-6) {
            model.weights.insert(k, avg);
        }
    }
    model
}

/// Precision, recall and F1 of PER entities, exact spans, as conlleval
/// counts them.
pub fn evaluate(tagger: &Tagger, docs: &[ConllDoc]) -> (f64, f64, f64) {
    let (mut tp, mut predicted, mut gold_n) = (0usize, 0usize, 0usize);
    for d in docs {
        let (words, starts, gold) = flatten(d);
        let mut doc = Doc::new(words, starts.clone());
        let tags = tagger.tag(&mut doc);
        let want: HashSet<(usize, usize)> = spans(&gold, &starts).into_iter().collect();
        let got: HashSet<(usize, usize)> = spans(&tags, &starts).into_iter().collect();
        tp += want.intersection(&got).count();
        predicted += got.len();
        gold_n += want.len();
    }
    let p = tp as f64 / predicted.max(1) as f64;
    let r = tp as f64 / gold_n.max(1) as f64;
    let f = if p + r > 0.0 {
        2.0 * p * r / (p + r)
    } else {
        0.0
    };
    (p, r, f)
}

/// Reads a CoNLL file and scores the embedded model on it.
pub fn evaluate_conll(path: &Path) -> Result<(f64, f64, f64)> {
    Ok(evaluate(Tagger::embedded(), &read_conll(path)?))
}

/// Missed and spurious entities on a corpus, for error analysis.
pub fn errors(tagger: &Tagger, docs: &[ConllDoc]) -> (Vec<String>, Vec<String>) {
    let (mut missed, mut spurious) = (Vec::new(), Vec::new());
    for d in docs {
        let (words, starts, gold) = flatten(d);
        let mut doc = Doc::new(words.clone(), starts.clone());
        let tags = tagger.tag(&mut doc);
        let want: HashSet<(usize, usize)> = spans(&gold, &starts).into_iter().collect();
        let got: HashSet<(usize, usize)> = spans(&tags, &starts).into_iter().collect();
        let ctx = |a: usize, b: usize| {
            let lo = a.saturating_sub(3);
            let hi = (b + 3).min(words.len());
            format!(
                "[{}]  ...{}...",
                words[a..b].join(" "),
                words[lo..hi].join(" ")
            )
        };
        for &(a, b) in want.difference(&got) {
            missed.push(ctx(a, b));
        }
        for &(a, b) in got.difference(&want) {
            spurious.push(ctx(a, b));
        }
    }
    (missed, spurious)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokenizer_splits_like_conll() {
        let text = "Sen. Marco Rubio met Russia’s Lavrov—a \"rare\" U.S. move, J. Smith said.";
        let (spans, starts) = tokenize(text);
        let words: Vec<&str> = spans.iter().map(|s| &text[s.start..s.end]).collect();
        assert_eq!(
            words,
            [
                "Sen.", "Marco", "Rubio", "met", "Russia", "’s", "Lavrov", "—", "a", "\"", "rare",
                "\"", "U.S.", "move", ",", "J.", "Smith", "said", "."
            ]
        );
        assert!(starts[0] && !starts[1]);
    }

    #[test]
    fn spans_from_tags() {
        let starts = [true, false, false, false, true, false];
        assert_eq!(
            spans(&[B, I, O, B, I, O], &starts),
            [(0, 2), (3, 4), (4, 5)]
        );
    }

    #[test]
    fn embedded_model_tags_a_sentence() {
        let model = Tagger::embedded();
        assert!(model.len() > 1000, "the model is trained: {}", model.len());
        let text = "German Chancellor Angela Merkel met Vladimir Putin in Moscow on Thursday .";
        let (sp, starts) = tokenize(text);
        let words = sp.iter().map(|s| &text[s.start..s.end]).collect();
        let mut doc = Doc::new(words, starts.clone());
        let found: Vec<String> = spans(&model.tag(&mut doc), &starts)
            .into_iter()
            .map(|(a, b)| text[sp[a].start..sp[b - 1].end].to_owned())
            .collect();
        assert_eq!(found, ["Angela Merkel", "Vladimir Putin"]);
    }
}
