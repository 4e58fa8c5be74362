//! A document's tokens as the tagger sees them (`Doc`): per-token facts,
//! how each word is written elsewhere in the document, and the features,
//! hashed to `u64` keys straight from the token bytes. Those that do not
//! depend on tags are made once; those that do, at each step.

use rustc_hash::FxHashMap;
use xxhash_rust::xxh3::xxh3_64_with_seed;

use super::names::{self, GIVEN, SURNAME, TITLE, WORLD};
use super::tags::{O, spans};

/// Hashes bytes with a template number.
fn hash(bytes: &[u8], template: u64) -> u64 {
    xxh3_64_with_seed(bytes, template)
}

/// Combines two hashes into one.
fn mix(a: u64, b: u64) -> u64 {
    let x = (a ^ b.rotate_left(29)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    x ^ (x >> 31)
}

/// Stand-ins for the words and shapes before and after the document.
const BEFORE: u64 = 0xB5F0_0000_0000_0001;
const AFTER: u64 = 0xE5F0_0000_0000_0002;

/// Per-token facts, as bits.
const CAP: u16 = 1;
const LOWER_START: u16 = 1 << 1;
const HAS_LOWER: u16 = 1 << 2;
// Bits 3 to 6 are the name lists' `GIVEN`, `SURNAME`, `WORLD`, `TITLE`.
const CAPS_SENTENCE: u16 = 1 << 7;
const ALPHA: u16 = 1 << 8;
/// Some letter is a capital (`Lavrov`, `al-Assad`, `McCain`).
const HAS_UPPER: u16 = 1 << 9;
/// The list bits are known: looked up (or not a word the lists can
/// hold). Only tokens with a capital and their neighbours are looked up
/// up front; features ask for the others' bits when they need them.
const LISTED: u16 = 1 << 10;

/// Quotes and dashes as CoNLL writes them.
fn plain(c: char) -> char {
    match c {
        '’' | '‘' | '`' => '\'',
        '“' | '”' | '„' => '"',
        '—' | '–' => '-',
        _ => c,
    }
}

/// Pushes `c` lower-cased and without diacritics (`É` as `e`, `ø` stays),
/// so that "José" has the features of "Jose": the training data and the
/// name lists are nearly all unaccented.
fn push_folded(c: char, out: &mut String) {
    for l in c.to_lowercase() {
        unicode_normalization::char::decompose_canonical(l, |d| {
            if !unicode_normalization::char::is_combining_mark(d) {
                out.push(d);
            }
        });
    }
}

/// The list bits of a token with flags `f` (without them) and lower-cased
/// text `lw`: only words of two letters or more are looked up, without
/// their final period.
fn list_flags(f: u16, lw: &str) -> u16 {
    if f & ALPHA != 0 && lw.len() >= 2 {
        names::flags(lw.trim_end_matches('.'))
    } else {
        0
    }
}

/// The flags (those the characters give), shape and lower case of a
/// word: the shape into `shape`, the lower case onto `lower`.
fn any_word(w: &str, shape: &mut String, lower: &mut String) -> u16 {
    let mut f = 0;
    let mut last = '\0';
    for (k, c) in w.chars().enumerate() {
        let c = plain(c);
        let class = if c.is_uppercase() {
            f |= HAS_UPPER;
            'X'
        } else if c.is_lowercase() {
            f |= HAS_LOWER;
            'x'
        } else if c.is_numeric() {
            'd'
        } else {
            c
        };
        if k == 0 {
            f |= match class {
                'X' => CAP,
                'x' => LOWER_START,
                _ => 0,
            };
        }
        if c.is_alphabetic() {
            f |= ALPHA;
        }
        if class != last {
            shape.push(class);
            last = class;
        }
        if c.is_ascii() {
            lower.push(c.to_ascii_lowercase());
        } else {
            push_folded(c, lower);
        }
    }
    f
}

/// The flags, shape and lower case of a word all in ASCII, as `build`
/// makes them of any word, byte by byte: most words are.
fn ascii_word(w: &[u8], shape: &mut String, lower: &mut String) -> u16 {
    let mut f = 0;
    let mut last = 0u8;
    for (k, &b) in w.iter().enumerate() {
        let b = if b == b'`' { b'\'' } else { b };
        let class = if b.is_ascii_uppercase() {
            f |= HAS_UPPER;
            b'X'
        } else if b.is_ascii_lowercase() {
            f |= HAS_LOWER;
            b'x'
        } else if b.is_ascii_digit() {
            b'd'
        } else {
            b
        };
        if k == 0 {
            f |= match class {
                b'X' => CAP,
                b'x' => LOWER_START,
                _ => 0,
            };
        }
        if b.is_ascii_alphabetic() {
            f |= ALPHA;
        }
        if class != last {
            shape.push(class as char);
            last = class;
        }
        lower.push(b.to_ascii_lowercase() as char);
    }
    f
}

/// A document's tokens with everything the features need.
pub struct Doc<'a> {
    words: Vec<&'a str>,
    pub(super) sentence_start: Vec<bool>,
    /// Lower-cased tokens, one after another, and where each starts.
    lower: String,
    lower_at: Vec<usize>,
    word_hash: Vec<u64>,
    shape_hash: Vec<u64>,
    flags: Vec<u16>,
    /// Each token's tag-independent features, flattened, with offsets;
    /// for tagging, only those of tokens with a capital are made up front
    /// (`static_at[i] == static_at[i + 1]` for the others).
    statics: Vec<u64>,
    static_at: Vec<usize>,
    /// How each word is written elsewhere, for features made later.
    sets: DocSets,
    /// First-pass tags, for the second pass.
    stage1: Option<Stage1>,
}

/// What the first pass found: the tag of each token, how often each word
/// (by hash) was part of a name, and the last word of a longer name.
struct Stage1 {
    tags: Vec<usize>,
    per: FxHashMap<u64, u32>,
    last: FxHashMap<u64, u32>,
}

/// How each word (by hash) is written across the document: how many
/// times in lower case, capitalised mid-sentence, after a title, after a
/// given name, next to another capitalised word. `own` has the same facts,
/// as bits, for each token, so that features can say "elsewhere".
#[derive(Default)]
struct DocSets {
    counts: FxHashMap<u64, [u16; 5]>,
    own: Vec<u8>,
}

const IN_LOWER: usize = 0;
const IN_MIDCAP: usize = 1;
const IN_CUE: usize = 2;
const IN_AFTER_GIVEN: usize = 3;
const IN_SEQUENCE: usize = 4;

impl DocSets {
    /// The word of token `i` is written so at another place.
    fn elsewhere(&self, hash: u64, i: usize, what: usize) -> bool {
        let n = self.counts.get(&hash).map_or(0, |c| c[what]);
        n > (self.own[i] >> what & 1) as u16
    }
}

impl<'a> Doc<'a> {
    /// Builds a document from tokens and sentence starts, with the
    /// features of every token (for training).
    #[cfg(feature = "train")]
    pub fn new(words: Vec<&'a str>, sentence_start: Vec<bool>) -> Doc<'a> {
        Doc::build(words, sentence_start, true)
    }

    /// Builds a document for tagging: features are made up front only for
    /// tokens with a capital, the only ones that can start a name.
    pub fn for_tagging(words: Vec<&'a str>, sentence_start: Vec<bool>) -> Doc<'a> {
        Doc::build(words, sentence_start, false)
    }

    fn build(words: Vec<&'a str>, sentence_start: Vec<bool>, all: bool) -> Doc<'a> {
        let n = words.len();
        assert_eq!(n, sentence_start.len(), "one sentence flag per token");
        let mut lower = String::with_capacity(words.iter().map(|w| w.len()).sum());
        let mut lower_at = Vec::with_capacity(n + 1);
        let mut word_hash = Vec::with_capacity(n);
        let mut shape_hash = Vec::with_capacity(n);
        let mut flags = Vec::with_capacity(n);
        let mut shape = String::with_capacity(16);
        for w in &words {
            let from = lower.len();
            lower_at.push(from);
            shape.clear();
            let f = if w.is_ascii() {
                ascii_word(w.as_bytes(), &mut shape, &mut lower)
            } else {
                any_word(w, &mut shape, &mut lower)
            };
            let lw = &lower[from..];
            word_hash.push(hash(lw.as_bytes(), 0));
            shape_hash.push(hash(shape.as_bytes(), 1));
            flags.push(f);
        }
        lower_at.push(lower.len());
        let upper = |f: &u16| f & HAS_UPPER != 0;
        for i in 0..n {
            let near = &flags[i.saturating_sub(1)..(i + 2).min(n)];
            if near.iter().any(upper) {
                flags[i] |= list_flags(flags[i], &lower[lower_at[i]..lower_at[i + 1]]) | LISTED;
            }
        }
        // Sentences in capitals only (headlines).
        let mut s = 0;
        while s < n {
            let mut e = s + 1;
            while e < n && !sentence_start[e] {
                e += 1;
            }
            let letters = flags[s..e].iter().any(|f| f & ALPHA != 0);
            if letters && !flags[s..e].iter().any(|f| f & HAS_LOWER != 0) {
                for f in &mut flags[s..e] {
                    *f |= CAPS_SENTENCE;
                }
            }
            s = e;
        }
        let mut doc = Doc {
            words,
            sentence_start,
            lower,
            lower_at,
            word_hash,
            shape_hash,
            flags,
            statics: Vec::new(),
            static_at: Vec::new(),
            sets: DocSets::default(),
            stage1: None,
        };
        doc.sets = doc.doc_sets();
        let mut statics = Vec::with_capacity(if all { n * 48 } else { n * 12 });
        let mut at = Vec::with_capacity(n + 1);
        for i in 0..n {
            at.push(statics.len());
            if all || doc.may_start(i) {
                doc.static_features(i, &mut statics);
            }
        }
        at.push(statics.len());
        doc.statics = statics;
        doc.static_at = at;
        doc
    }

    /// How each word is written elsewhere in the document, headlines
    /// aside.
    fn doc_sets(&self) -> DocSets {
        let n = self.len();
        let mut sets = DocSets {
            counts: FxHashMap::default(),
            own: vec![0; n],
        };
        let cap = |i: usize| self.flags[i] & (CAP | CAPS_SENTENCE) == CAP;
        for i in 0..n {
            let f = self.flags[i];
            if f & CAPS_SENTENCE != 0 {
                continue;
            }
            let mut own = 0u8;
            if f & LOWER_START != 0 {
                own |= 1 << IN_LOWER;
            } else if f & CAP != 0 && f & HAS_LOWER != 0 {
                if !self.sentence_start[i] {
                    own |= 1 << IN_MIDCAP;
                }
                if i > 0 {
                    let p = self.flags[i - 1];
                    if p & TITLE != 0 {
                        own |= 1 << IN_CUE;
                    }
                    if p & GIVEN != 0 && p & CAP != 0 {
                        own |= 1 << IN_AFTER_GIVEN;
                    }
                }
                let joined_before = i > 0 && !self.sentence_start[i] && cap(i - 1);
                let joined_after = i + 1 < n && !self.sentence_start[i + 1] && cap(i + 1);
                if joined_before || joined_after {
                    own |= 1 << IN_SEQUENCE;
                }
            }
            if own != 0 {
                let c = sets.counts.entry(self.word_hash[i]).or_default();
                for (k, n) in c.iter_mut().enumerate() {
                    *n = n.saturating_add((own >> k & 1) as u16);
                }
                sets.own[i] = own;
            }
        }
        sets
    }

    pub fn len(&self) -> usize {
        self.words.len()
    }

    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    fn lower(&self, i: usize) -> &str {
        &self.lower[self.lower_at[i]..self.lower_at[i + 1]]
    }

    fn word_at(&self, i: isize) -> u64 {
        match usize::try_from(i) {
            Err(_) => BEFORE,
            Ok(i) => self.word_hash.get(i).copied().unwrap_or(AFTER),
        }
    }

    fn shape_at(&self, i: isize) -> u64 {
        match usize::try_from(i) {
            Err(_) => BEFORE,
            Ok(i) => self.shape_hash.get(i).copied().unwrap_or(AFTER),
        }
    }

    fn flags_at(&self, i: isize) -> u16 {
        usize::try_from(i)
            .ok()
            .filter(|&i| i < self.len())
            .map_or(0, |i| self.listed_flags(i))
    }

    /// Token `i`'s flags with its list bits, looked up now if they were
    /// not up front.
    fn listed_flags(&self, i: usize) -> u16 {
        let f = self.flags[i];
        if f & LISTED != 0 {
            f
        } else {
            f | list_flags(f, self.lower(i))
        }
    }

    pub(super) fn statics_of(&self, i: usize) -> &[u64] {
        &self.statics[self.static_at[i]..self.static_at[i + 1]]
    }

    /// Token `i`'s tag-independent features: made up front, or now into
    /// `scratch`.
    pub(super) fn statics_or<'s>(&'s self, i: usize, scratch: &'s mut Vec<u64>) -> &'s [u64] {
        let made = self.statics_of(i);
        if !made.is_empty() {
            return made;
        }
        scratch.clear();
        self.static_features(i, scratch);
        scratch
    }

    /// Whether token `i` can start a name (or, tagging backwards, end
    /// one): it has a capital letter. Lower-case words are tagged only
    /// inside a name (`Osama bin Laden`); CoNLL-2003 has no person's name
    /// without a capital, so this loses nothing and skips most tokens.
    pub(super) fn may_start(&self, i: usize) -> bool {
        self.flags[i] & HAS_UPPER != 0
    }

    /// The features of token `i` that do not depend on tags.
    fn static_features(&self, i: usize, out: &mut Vec<u64>) {
        let sets = &self.sets;
        let lw = self.lower(i);
        let ii = i as isize;
        let (hw, hs) = (self.word_hash[i], self.shape_hash[i]);
        out.push(mix(0, 0));
        out.push(mix(1, hw));
        out.push(mix(2, hs));
        // Suffixes and prefixes of 1-4 and 1-3 characters.
        let mut ends = lw.char_indices().rev().map(|(k, _)| k);
        for k in 1..=4 {
            match ends.next() {
                Some(at) => out.push(hash(&lw.as_bytes()[at..], 10 + k)),
                None => break,
            }
        }
        let mut cuts = lw.char_indices().map(|(k, c)| k + c.len_utf8());
        for k in 1..=3 {
            match cuts.next() {
                Some(at) => out.push(hash(&lw.as_bytes()[..at], 20 + k)),
                None => break,
            }
        }
        let (w1, w2) = (self.word_at(ii - 1), self.word_at(ii - 2));
        let (n1, n2) = (self.word_at(ii + 1), self.word_at(ii + 2));
        let (s1, t1) = (self.shape_at(ii - 1), self.shape_at(ii + 1));
        out.extend([
            mix(30, w1),
            mix(31, n1),
            mix(32, w2),
            mix(33, n2),
            mix(36, s1),
            mix(37, t1),
            mix(34, mix(s1, hs)),
            mix(35, mix(hs, t1)),
            mix(44, mix(w1, hw)),
            mix(45, mix(hw, n1)),
        ]);
        let f = self.listed_flags(i);
        let (p, nx) = (self.flags_at(ii - 1), self.flags_at(ii + 1));
        let has = |flags: u16, bit: u16| flags & bit != 0;
        let other = |what: usize| sets.elsewhere(hw, i, what);
        let (lower, midcap, cue) = (other(IN_LOWER), other(IN_MIDCAP), other(IN_CUE));
        let sequence = other(IN_SEQUENCE);
        let bits = [
            (50, has(f, GIVEN)),
            (51, has(f, SURNAME)),
            (52, has(f, GIVEN) && has(nx, SURNAME)),
            (53, has(p, GIVEN)),
            (54, has(p, TITLE)),
            (55, self.sentence_start[i]),
            (56, has(f, CAPS_SENTENCE)),
            (57, lower),
            (58, midcap),
            (59, cue),
            (60, other(IN_AFTER_GIVEN)),
            (61, has(f, CAP)),
            (62, has(p, SURNAME)),
            (63, has(f, WORLD)),
            (64, has(p, WORLD) && has(f, CAP)),
            (65, has(f, WORLD) && has(nx, CAP)),
            (66, sequence),
        ];
        for (template, on) in bits {
            if on {
                out.push(mix(template, 1));
            }
        }
        // Combinations that matter in headlines and at sentence starts.
        let (midcap, lower, cue, sequence) =
            (midcap as u64, lower as u64, cue as u64, sequence as u64);
        if has(f, CAPS_SENTENCE) {
            out.push(mix(70, midcap * 8 + lower * 4 + cue * 2 + sequence));
        }
        if self.sentence_start[i] {
            out.push(mix(71, midcap * 4 + lower * 2 + sequence));
        }
    }

    /// Adds the first pass's tags, for the second pass's features.
    pub(super) fn set_stage1(&mut self, tags: Vec<usize>) {
        let mut per: FxHashMap<u64, u32> = FxHashMap::default();
        let mut last: FxHashMap<u64, u32> = FxHashMap::default();
        for (a, b) in spans(&tags, &self.sentence_start) {
            for &h in &self.word_hash[a..b] {
                *per.entry(h).or_default() += 1;
            }
            if b - a >= 2 {
                *last.entry(self.word_hash[b - 1]).or_default() += 1;
            }
        }
        self.stage1 = Some(Stage1 { tags, per, last });
    }

    /// Drops the first pass's tags, once the second pass is done.
    pub(super) fn clear_stage1(&mut self) {
        self.stage1 = None;
    }

    /// The features of token `i` that depend on the previous tags and on
    /// the first pass.
    pub(super) fn dynamic_features(&self, i: usize, prev: usize, prev2: usize, out: &mut Vec<u64>) {
        out.clear();
        let (hw, hs) = (self.word_hash[i], self.shape_hash[i]);
        out.push(mix(40, prev as u64));
        out.push(mix(41, (prev * 3 + prev2) as u64));
        out.push(mix(mix(42, prev as u64), hw));
        out.push(mix(mix(43, prev as u64), hs));
        if let Some(s1) = &self.stage1 {
            let tag = s1.tags[i] as u64;
            let mine = (s1.tags[i] != O) as u32;
            let elsewhere = s1.per.get(&hw).copied().unwrap_or(0) > mine;
            let cap = self.flags[i] & CAP != 0;
            out.push(mix(80, tag));
            out.push(mix(81, tag * 2 + elsewhere as u64));
            if elsewhere {
                out.push(mix(82, cap as u64));
            }
            if s1.last.contains_key(&hw) {
                out.push(mix(83, tag));
            }
            if cap && i + 1 < self.len() && s1.per.contains_key(&self.word_hash[i + 1]) {
                out.push(mix(84, 1));
            }
        }
    }
}
