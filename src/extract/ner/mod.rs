//! Person-name tagging: greedy averaged perceptrons over word, shape,
//! affix, context, name-list and document-level features, trained on the
//! CoNLL-2003 PER annotations (`src/bin/train-people.rs` re-creates the
//! model in `models/people.bin`, see `models/README.md`).
//!
//! Tagging runs twice over a document: left to right, then right to left.
//! Document-level features need no labels: how the same word is written
//! elsewhere in the article (in lower case, capitalised mid-sentence, next
//! to another capitalised word, after a title such as "President", after a
//! known given name). The second pass adds what the first one tagged here
//! and elsewhere in the document, and, going backwards, sees a surname
//! before it decides on the given name in front of it. Both passes carry
//! the evidence of well-written sentences to all-caps headlines and to
//! sentence-initial words.
//!
//! Tags are `O`, `B` (a name starts) and `I` (it goes on). Features are
//! hashed to `u64` keys straight from the token bytes; each model maps
//! keys to one weight per tag, quantised to `i16` on disk.

use std::collections::{HashMap, HashSet};
use std::hash::BuildHasherDefault;
use std::io::{BufRead, Read};
use std::path::Path;
use std::sync::LazyLock;

use anyhow::{Context, Result, bail};
use rustc_hash::{FxHashMap, FxHashSet};
use xxhash_rust::xxh3::xxh3_64_with_seed;

/// Tags: outside, beginning and inside of a person's name.
pub const O: usize = 0;
pub const B: usize = 1;
pub const I: usize = 2;
const TAGS: usize = 3;

/// Given names: US Census 1990, public domain (see `ner/NAMES.md`).
static GIVEN_NAMES: LazyLock<FxHashSet<&'static str>> =
    LazyLock::new(|| include_str!("given_names.txt").lines().collect());
/// The 25,000 most frequent surnames: US Census 1990, public domain.
static SURNAMES: LazyLock<FxHashSet<&'static str>> =
    LazyLock::new(|| include_str!("surnames.txt").lines().collect());
/// Given names from many countries: Jörg Michael's name dictionary as
/// shipped in gender-guesser; GNU FDL 1.2 or later (see `ner/NAMES.md`).
static WORLD_NAMES: LazyLock<FxHashSet<&'static str>> =
    LazyLock::new(|| include_str!("world_given_names.txt").lines().collect());

/// Words that introduce a person's name (lower case, no period). The
/// tagger uses them as cues; `people` strips them from the front of names.
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
    "champion",
    "president-elect",
    "chief",
    "executive",
    "vice",
];

/// Each word of the name and title lists with its flags (`GIVEN`,
/// `SURNAME`, `WORLD`, `TITLE`): one lookup per token instead of four.
static NAME_FLAGS: LazyLock<FxHashMap<&'static str, u16>> = LazyLock::new(|| {
    let mut flags: FxHashMap<&'static str, u16> = FxHashMap::default();
    for (set, bit) in [
        (&*GIVEN_NAMES, GIVEN),
        (&*SURNAMES, SURNAME),
        (&*WORLD_NAMES, WORLD),
        (&*TITLE_SET, TITLE),
    ] {
        for &word in set.iter() {
            *flags.entry(word).or_default() |= bit;
        }
    }
    flags
});

static TITLE_SET: LazyLock<FxHashSet<&'static str>> =
    LazyLock::new(|| TITLES.iter().copied().collect());

/// A title or honorific ("Mr.", "President"), whatever its case.
pub fn is_title(word: &str) -> bool {
    let w = word.trim_end_matches('.');
    w.len() <= 16 && TITLE_SET.contains(w.to_lowercase().as_str())
}

/// Abbreviations that keep their period (lower case, no period).
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "messrs", "dr", "st", "sen", "gen", "rep", "gov", "lt", "col", "jr", "sr",
    "inc", "corp", "co", "ltd", "vs", "no", "prof", "capt", "sgt", "adm", "mt", "ft", "rev", "hon",
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
];

// # Tokenising

/// A token of running text, as byte offsets into it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

/// Splits text into tokens the way CoNLL-2003 is tokenised, and marks
/// where sentences start.
///
/// Punctuation is split off, also inside a chunk with no space
/// (`Putin."?Meanwhile`); possessive and clitic endings are tokens of their
/// own (`Lavrov` `'s`, `Russia` `’s`, `do` `n't`); hyphens and apostrophes
/// inside words stay (`Kara-Murza`, `O'Brien`), as do abbreviations and
/// initials with their periods (`U.S.`, `Mr.`, `J.`) and numbers (`13,000`,
/// `3.5`). Em and en dashes are tokens even between words. A sentence
/// starts after `.`, `!` or `?` (and any closing quote glued to it) and
/// after a blank line.
pub fn tokenize(text: &str) -> (Vec<Span>, Vec<bool>) {
    let mut out = Tokens {
        spans: Vec::with_capacity(text.len() / 5 + 1),
        starts: Vec::with_capacity(text.len() / 5 + 1),
        pending: true,
    };
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < text.len() {
        // White space; two line breaks end a sentence.
        let mut newlines = 0;
        while i < text.len() {
            let b = bytes[i];
            if b.is_ascii() {
                if !b.is_ascii_whitespace() {
                    break;
                }
                newlines += (b == b'\n') as usize;
                i += 1;
            } else {
                let c = char_at(text, i);
                if !c.is_whitespace() {
                    break;
                }
                i += c.len_utf8();
            }
        }
        if newlines >= 2 {
            out.pending = true;
        }
        if i >= text.len() {
            break;
        }
        // A chunk: up to white space or a dash.
        let mut j = i;
        while j < text.len() {
            let b = bytes[j];
            if b.is_ascii() {
                if b.is_ascii_whitespace() {
                    break;
                }
                j += 1;
            } else {
                let c = char_at(text, j);
                if c.is_whitespace() || c == '—' || c == '–' {
                    break;
                }
                j += c.len_utf8();
            }
        }
        if j == i {
            let len = char_at(text, i).len_utf8();
            out.push(text, i, i + len);
            i += len;
        } else {
            split_chunk(text, i, j, &mut out);
            i = j;
        }
    }
    (out.spans, out.starts)
}

fn char_at(text: &str, i: usize) -> char {
    text[i..].chars().next().unwrap_or(' ')
}

/// Tokens found so far, and whether the next one starts a sentence.
struct Tokens {
    spans: Vec<Span>,
    starts: Vec<bool>,
    pending: bool,
}

impl Tokens {
    fn push(&mut self, text: &str, start: usize, end: usize) {
        let tok = &text[start..end];
        let glued = self.spans.last().is_some_and(|s| s.end == start);
        let closing = matches!(tok, "\"" | "'" | "’" | "”" | ")" | "]" | "»");
        if self.pending && glued && closing {
            // `said."`: the quote ends the sentence before.
            self.starts.push(false);
        } else {
            self.starts.push(self.pending);
            self.pending = false;
        }
        self.spans.push(Span { start, end });
        if matches!(tok, "." | "!" | "?") {
            self.pending = true;
        }
    }

    /// A word, with a possessive or clitic ending apart.
    fn push_word(&mut self, text: &str, start: usize, end: usize) {
        let word = &text[start..end];
        if let Some(q) = word.rfind(['\'', '’']) {
            let after = &word[q..];
            let ending =
                after[after.chars().next().map_or(1, char::len_utf8)..].to_ascii_lowercase();
            let cut = match ending.as_str() {
                "s" | "re" | "ve" | "ll" | "d" | "m" => Some(q),
                "t" if q > 1 && word[..q].ends_with(['n', 'N']) => Some(q - 1),
                _ => None,
            };
            if let Some(cut) = cut.filter(|&c| c > 0) {
                self.push(text, start, start + cut);
                self.push(text, start + cut, end);
                return;
            }
        }
        self.push(text, start, end);
    }
}

/// A character that belongs to a word: letters, digits, marks, and a few
/// symbols kept with them (`AT&T`, `$5`, `5%`, `#tag`).
fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric() || matches!(c, '&' | '@' | '%' | '$' | '#' | '_')
    } else {
        c.is_alphanumeric()
            || !matches!(c as u32,
                0x80..=0xBF | 0xD7 | 0xF7 | 0x2000..=0x2BFF | 0x3000..=0x303F
                | 0xFE30..=0xFE4F | 0xFF00..=0xFF20)
    }
}

/// The word before a period keeps it: `U.S.`, `Mr.`, `J.`.
fn keeps_period(word: &str) -> bool {
    if word.contains('.') {
        return true;
    }
    let mut chars = word.chars();
    if let (Some(c), None) = (chars.next(), chars.next()) {
        return c.is_uppercase();
    }
    word.len() <= 6 && ABBREVIATIONS.contains(&word.to_ascii_lowercase().as_str())
}

/// Splits one white-space-free chunk, `text[start..end]`, into tokens.
fn split_chunk(text: &str, start: usize, end: usize, out: &mut Tokens) {
    let chunk = &text[start..end];
    let mut word: Option<usize> = None;
    let mut prev = ' ';
    let mut iter = chunk.char_indices().peekable();
    while let Some((k, c)) = iter.next() {
        let next = iter.peek().map_or(' ', |&(_, d)| d);
        if is_word_char(c) {
            word.get_or_insert(k);
            prev = c;
            continue;
        }
        if let Some(w) = word {
            let before = &chunk[w..k];
            let inside = match c {
                // `Kara-Murza`, `U.S.-led`.
                '-' => (prev.is_alphanumeric() || prev == '.') && next.is_alphanumeric(),
                '\'' | '’' | '&' => prev.is_alphanumeric() && next.is_alphanumeric(),
                // A letter lost to a bad encoding: `Schr?der`.
                '?' => prev.is_alphabetic() && next.is_lowercase(),
                ',' | '/' | ':' => prev.is_ascii_digit() && next.is_ascii_digit(),
                // `U.S`, `3.5`, `Ph.D`, `U.S.-led`, but not `end.The`.
                '.' if next == '-' => prev.is_alphanumeric() && keeps_period(before),
                '.' => {
                    prev.is_alphanumeric()
                        && next.is_alphanumeric()
                        && !(next.is_uppercase()
                            && before.len() >= 3
                            && before.chars().all(char::is_alphabetic)
                            && before.chars().any(char::is_lowercase))
                }
                _ => false,
            };
            if inside {
                prev = c;
                continue;
            }
            word = None;
            if c == '.' && next != '.' && !next.is_alphanumeric() && keeps_period(&chunk[w..k]) {
                out.push_word(text, start + w, start + k + 1);
                prev = c;
                continue;
            }
            out.push_word(text, start + w, start + k);
        }
        // Punctuation, one character a token; `...` is one token.
        let mut e = k + c.len_utf8();
        if c == '.' {
            while let Some(&(_, '.')) = iter.peek() {
                iter.next();
                e += 1;
            }
        }
        out.push(text, start + k, start + e);
        prev = c;
    }
    if let Some(w) = word {
        out.push_word(text, start + w, end);
    }
}

// # Features

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
const GIVEN: u16 = 1 << 3;
const SURNAME: u16 = 1 << 4;
const WORLD: u16 = 1 << 5;
const TITLE: u16 = 1 << 6;
const CAPS_SENTENCE: u16 = 1 << 7;
const ALPHA: u16 = 1 << 8;
/// Some letter is a capital (`Lavrov`, `al-Assad`, `McCain`).
const HAS_UPPER: u16 = 1 << 9;

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

/// A document's tokens with everything the features need.
pub struct Doc<'a> {
    words: Vec<&'a str>,
    sentence_start: Vec<bool>,
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
                    push_folded(c, &mut lower);
                }
            }
            let lw = &lower[from..];
            if f & ALPHA != 0 && lw.len() >= 2 {
                let bare = lw.trim_end_matches('.');
                f |= NAME_FLAGS.get(bare).copied().unwrap_or(0);
            }
            word_hash.push(hash(lw.as_bytes(), 0));
            shape_hash.push(hash(shape.as_bytes(), 1));
            flags.push(f);
        }
        lower_at.push(lower.len());
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
            .and_then(|i| self.flags.get(i).copied())
            .unwrap_or(0)
    }

    fn statics_of(&self, i: usize) -> &[u64] {
        &self.statics[self.static_at[i]..self.static_at[i + 1]]
    }

    /// Token `i`'s tag-independent features: made up front, or now into
    /// `scratch`.
    fn statics_or<'s>(&'s self, i: usize, scratch: &'s mut Vec<u64>) -> &'s [u64] {
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
    fn may_start(&self, i: usize) -> bool {
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
        let f = self.flags[i];
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
    fn set_stage1(&mut self, tags: Vec<usize>) {
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

    /// The features of token `i` that depend on the previous tags and on
    /// the first pass.
    fn dynamic_features(&self, i: usize, prev: usize, prev2: usize, out: &mut Vec<u64>) {
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

// # The model

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

type Weights<V> = HashMap<u64, V, BuildHasherDefault<Identity>>;

/// Averaged perceptron weights: feature hash -> one weight per tag; and
/// which way the model tags.
#[derive(Debug, Default)]
pub struct Model {
    weights: Weights<[f32; TAGS]>,
    backwards: bool,
}

/// The best tag allowed after `prev`: a name cannot continue after O, and
/// a new name does not start right after one (CoNLL-2003 English has no
/// `B-PER`: two names never touch).
fn best(scores: &[f32; TAGS], prev: usize) -> usize {
    let next = if prev == O { B } else { I };
    if scores[next] > scores[O] { next } else { O }
}

/// The tags of the two tokens tagged before token `i` (those to its left,
/// or going backwards to its right): none across a sentence start.
fn history(tags: &[usize], starts: &[bool], i: usize, backwards: bool) -> (usize, usize) {
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

/// Tags as a backwards pass sees them, from tags as read forwards: `B`
/// ends a name, `I` is followed by more of it.
fn backwards_tags(tags: &[usize], starts: &[bool]) -> Vec<usize> {
    (0..tags.len())
        .map(|i| match tags[i] {
            O => O,
            _ if i + 1 < tags.len() && !starts[i + 1] && tags[i + 1] == I => I,
            _ => B,
        })
        .collect()
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
fn tagging_order(n: usize, backwards: bool) -> Box<dyn Iterator<Item = usize>> {
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
    first: Model,
    second: Model,
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
        doc.stage1 = None;
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

/// Person-name spans (token index ranges) from tags. A name never
/// crosses a sentence start.
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

/// The person names in a text, as byte spans, as the tagger finds them
/// (titles not stripped: that is `people`'s work).
pub fn find_names(tagger: &Tagger, text: &str) -> Vec<Span> {
    let (sp, starts) = tokenize(text);
    let words = sp.iter().map(|s| &text[s.start..s.end]).collect();
    let mut doc = Doc::for_tagging(words, starts.clone());
    let tags = tagger.tag(&mut doc);
    spans(&tags, &starts)
        .into_iter()
        .map(|(a, b)| Span {
            start: sp[a].start,
            end: sp[b - 1].end,
        })
        .collect()
}

// # Training and evaluation on CoNLL-2003

/// A CoNLL document: sentences of (word, PER tag as O/B/I).
#[derive(Debug, Clone)]
pub struct ConllDoc {
    pub sentences: Vec<Vec<(String, usize)>>,
}

/// Reads a CoNLL-2003 file (plain or .gz), keeping only PER, with IOB1
/// converted to B/I: an `I-PER` after a token that is not PER, or a
/// `B-PER`, begins a name.
pub fn read_conll(path: &Path) -> Result<Vec<ConllDoc>> {
    let file =
        std::fs::File::open(path).with_context(|| format!("failed to read {}", path.display()))?;
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
        let line = line.with_context(|| format!("failed to read {}", path.display()))?;
        let fields: Vec<&str> = line.split_whitespace().collect();
        let docstart = fields.first() == Some(&"-DOCSTART-");
        if fields.is_empty() || docstart {
            let doc = docs.last_mut().expect("there is always a document");
            if !sentence.is_empty() {
                doc.sentences.push(std::mem::take(&mut sentence));
            }
            if docstart {
                docs.push(ConllDoc {
                    sentences: Vec::new(),
                });
            }
            prev_per = false;
            continue;
        }
        let tag = match fields.last().copied() {
            Some("B-PER") => B,
            Some("I-PER") if prev_per => I,
            Some("I-PER") => B,
            _ => O,
        };
        prev_per = tag != O;
        sentence.push((fields[0].to_owned(), tag));
    }
    if !sentence.is_empty() {
        docs.last_mut()
            .expect("there is always a document")
            .sentences
            .push(sentence);
    }
    docs.retain(|d| !d.sentences.is_empty());
    Ok(docs)
}

/// A document's words, sentence starts and gold tags, one after another.
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

/// What training has done so far.
#[derive(Debug, Clone, Copy)]
pub enum Progress {
    /// A first-pass model for the second pass's training tags (k-fold).
    Fold(usize),
    /// An epoch over the training data, with the share of tokens tagged
    /// right during it.
    Epoch {
        pass: usize,
        run: usize,
        epoch: usize,
        accuracy: f64,
    },
}

/// Trains the two passes on CoNLL documents, and on every other document
/// split into sentences. The second pass learns from first-pass tags
/// made by models that did not see the document (k-fold), as it will meet
/// them on new text. Each model is the mean of `runs` perceptrons trained
/// on differently shuffled data: one run's result hangs on its order more
/// than one would like (±0.005 F1).
pub fn train_tagger(
    docs: &[ConllDoc],
    epochs: usize,
    runs: usize,
    folds: usize,
    mut progress: impl FnMut(Progress),
) -> Tagger {
    // Every other document is also seen a sentence at a time, so that
    // the tagger learns to find names without the rest of the document
    // too: short texts, names mentioned once. `origin` keeps the copies in
    // their document's fold.
    let mut origin: Vec<usize> = (0..docs.len()).collect();
    let mut alone: Vec<ConllDoc> = Vec::new();
    for (d, doc) in docs.iter().enumerate().step_by(2) {
        for sentence in &doc.sentences {
            alone.push(ConllDoc {
                sentences: vec![sentence.clone()],
            });
            origin.push(d);
        }
    }
    let docs: Vec<&ConllDoc> = docs.iter().chain(&alone).collect();
    let mut stage1: Vec<Vec<usize>> = vec![Vec::new(); docs.len()];
    for fold in 0..folds {
        let (held, rest): (Vec<usize>, Vec<usize>) =
            (0..docs.len()).partition(|&i| origin[i] % folds == fold);
        let train_docs: Vec<&ConllDoc> = rest.iter().map(|&i| docs[i]).collect();
        let model = train_runs(&train_docs, None, epochs, runs, |_, _, _| {});
        for i in held {
            let (words, starts, _) = flatten(docs[i]);
            stage1[i] = model.tag(&Doc::for_tagging(words, starts));
        }
        progress(Progress::Fold(fold + 1));
    }
    let first = train_runs(&docs, None, epochs, runs, |run, epoch, accuracy| {
        progress(Progress::Epoch {
            pass: 1,
            run,
            epoch,
            accuracy,
        })
    });
    let second = train_runs(
        &docs,
        Some(&stage1),
        epochs,
        runs,
        |run, epoch, accuracy| {
            progress(Progress::Epoch {
                pass: 2,
                run,
                epoch,
                accuracy,
            })
        },
    );
    Tagger { first, second }
}

/// The mean of `runs` averaged perceptrons, each with its own shuffle;
/// `progress` hears about each epoch of each run.
fn train_runs(
    docs: &[&ConllDoc],
    stage1: Option<&[Vec<usize>]>,
    epochs: usize,
    runs: usize,
    mut progress: impl FnMut(usize, usize, f64),
) -> Model {
    let backwards = stage1.is_some();
    let mut sum: Weights<[f32; TAGS]> = Weights::default();
    for run in 0..runs {
        let model = train(docs, stage1, epochs, run as u64, |epoch, accuracy| {
            progress(run + 1, epoch, accuracy)
        });
        for (k, w) in model.weights {
            let s = sum.entry(k).or_default();
            for t in 0..TAGS {
                s[t] += w[t] / runs as f32;
            }
        }
    }
    Model {
        weights: sum,
        backwards,
    }
}

/// Trains an averaged perceptron, with first-pass tags for each document
/// when training a second pass, which tags backwards (right to left): it
/// sees the name its token may begin before it decides. `shuffle` picks
/// the fixed-seed order of documents; `progress` hears about each epoch.
pub fn train(
    docs: &[&ConllDoc],
    stage1: Option<&[Vec<usize>]>,
    epochs: usize,
    shuffle: u64,
    mut progress: impl FnMut(usize, f64),
) -> Model {
    /// A weight, its running total for the average, and when the total
    /// was last brought up to date.
    struct Weight {
        w: [f32; TAGS],
        total: [f64; TAGS],
        stamp: [u64; TAGS],
    }
    let mut weights: Weights<Weight> = Weights::default();
    let mut step: u64 = 0;
    let mut order: Vec<usize> = (0..docs.len()).collect();
    let mut seed: u64 = 0x5EED ^ shuffle.wrapping_mul(0x9E37_79B9_7F4A_7C15);
    let mut feats = Vec::with_capacity(64);
    // Features that do not depend on tags are computed once.
    let backwards = stage1.is_some();
    let prepared: Vec<(Doc, Vec<usize>)> = docs
        .iter()
        .enumerate()
        .map(|(d, doc)| {
            let (words, starts, mut gold) = flatten(doc);
            if backwards {
                gold = backwards_tags(&gold, &starts);
            }
            let mut doc = Doc::new(words, starts);
            if let Some(s1) = stage1 {
                doc.set_stage1(s1[d].clone());
            }
            (doc, gold)
        })
        .collect();
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
            let (doc, gold) = &prepared[d];
            let mut tags = vec![O; doc.len()];
            for i in tagging_order(doc.len(), backwards) {
                step += 1;
                let (prev, prev2) = history(&tags, &doc.sentence_start, i, backwards);
                doc.dynamic_features(i, prev, prev2, &mut feats);
                feats.extend_from_slice(doc.statics_of(i));
                let mut s = [0.0f32; TAGS];
                for f in &feats {
                    if let Some(w) = weights.get(f) {
                        for (s, w) in s.iter_mut().zip(w.w) {
                            *s += w;
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
                tags[i] = guess;
            }
        }
        progress(epoch + 1, right as f64 / all.max(1) as f64);
    }
    let mut model = Model {
        weights: Weights::default(),
        backwards,
    };
    for (k, w) in weights {
        let avg: [f32; TAGS] = std::array::from_fn(|t| {
            let total = w.total[t] + (step - w.stamp[t]) as f64 * w.w[t] as f64;
            (total / step as f64) as f32
        });
        if avg.iter().any(|v| v.abs() > 1e-6) {
            model.weights.insert(k, avg);
        }
    }
    model
}

/// Name spans as token index ranges.
type Spans = Vec<(usize, usize)>;

/// The words of a CoNLL document, and its gold and found name spans.
fn gold_and_found<'d>(tagger: &Tagger, d: &'d ConllDoc) -> (Vec<&'d str>, Spans, Spans) {
    let (words, starts, gold) = flatten(d);
    let mut doc = Doc::for_tagging(words.clone(), starts.clone());
    let tags = tagger.tag(&mut doc);
    (words, spans(&gold, &starts), spans(&tags, &starts))
}

/// Entity counts: found right, found, in the gold standard.
fn counts(tagger: &Tagger, docs: &[&ConllDoc]) -> [usize; 3] {
    let mut c = [0; 3];
    for d in docs {
        let (_, want, got) = gold_and_found(tagger, d);
        let want: HashSet<(usize, usize)> = want.into_iter().collect();
        c[0] += got.iter().filter(|s| want.contains(s)).count();
        c[1] += got.len();
        c[2] += want.len();
    }
    c
}

/// Precision, recall and F1 from entity counts.
fn prf([tp, predicted, gold]: [usize; 3]) -> (f64, f64, f64) {
    let p = tp as f64 / predicted.max(1) as f64;
    let r = tp as f64 / gold.max(1) as f64;
    let f = if p + r > 0.0 {
        2.0 * p * r / (p + r)
    } else {
        0.0
    };
    (p, r, f)
}

/// Precision, recall and F1 of PER entities, exact spans, as conlleval
/// counts them.
pub fn evaluate(tagger: &Tagger, docs: &[ConllDoc]) -> (f64, f64, f64) {
    prf(counts(tagger, &docs.iter().collect::<Vec<_>>()))
}

/// Scores the training method by k-fold cross-validation on `docs`
/// (split by index), entity counts pooled over the folds.
pub fn cross_validate(
    docs: &[ConllDoc],
    k: usize,
    epochs: usize,
    runs: usize,
    folds: usize,
) -> (f64, f64, f64) {
    let mut total = [0; 3];
    for fold in 0..k {
        let (held, rest): (Vec<_>, Vec<_>) =
            docs.iter().enumerate().partition(|(i, _)| i % k == fold);
        let rest: Vec<ConllDoc> = rest.into_iter().map(|(_, d)| d.clone()).collect();
        let held: Vec<&ConllDoc> = held.into_iter().map(|(_, d)| d).collect();
        let tagger = train_tagger(&rest, epochs, runs, folds, |_| {});
        for (t, c) in total.iter_mut().zip(counts(&tagger, &held)) {
            *t += c;
        }
    }
    prf(total)
}

/// Reads a CoNLL-2003 file (plain or .gz) and scores the embedded model
/// on its PER entities: precision, recall, F1.
pub fn evaluate_conll(path: &Path) -> Result<(f64, f64, f64)> {
    Ok(evaluate(Tagger::embedded(), &read_conll(path)?))
}

/// Missed and spurious entities on a corpus, with context, for error
/// analysis.
pub fn errors(tagger: &Tagger, docs: &[ConllDoc]) -> (Vec<String>, Vec<String>) {
    let (mut missed, mut spurious) = (Vec::new(), Vec::new());
    for d in docs {
        let (words, want, got) = gold_and_found(tagger, d);
        let ctx = |&(a, b): &(usize, usize)| {
            let lo = a.saturating_sub(3);
            let hi = (b + 3).min(words.len());
            format!(
                "[{}]  ...{}...",
                words[a..b].join(" "),
                words[lo..hi].join(" ")
            )
        };
        missed.extend(want.iter().filter(|s| !got.contains(s)).map(ctx));
        spurious.extend(got.iter().filter(|s| !want.contains(s)).map(ctx));
    }
    (missed, spurious)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<&str> {
        tokenize(text)
            .0
            .iter()
            .map(|s| &text[s.start..s.end])
            .collect()
    }

    #[test]
    fn tokenizer_splits_like_conll() {
        let text = "Sen. Marco Rubio met Russia’s Lavrov—a \"rare\" U.S. move, J. Smith said.";
        assert_eq!(
            words(text),
            [
                "Sen.", "Marco", "Rubio", "met", "Russia", "’s", "Lavrov", "—", "a", "\"", "rare",
                "\"", "U.S.", "move", ",", "J.", "Smith", "said", "."
            ]
        );
        let (_, starts) = tokenize(text);
        assert!(starts[0] && !starts[1]);
    }

    #[test]
    fn tokenizer_splits_glued_punctuation_and_clitics() {
        assert_eq!(
            words("Putin.\"?Meanwhile O'Brien's Kara-Murza, don't 13,000 3.5% Rink,75 (AP)"),
            [
                "Putin",
                ".",
                "\"",
                "?",
                "Meanwhile",
                "O'Brien",
                "'s",
                "Kara-Murza",
                ",",
                "do",
                "n't",
                "13,000",
                "3.5%",
                "Rink",
                ",",
                "75",
                "(",
                "AP",
                ")"
            ]
        );
        assert_eq!(words("end.The U.S.-led"), ["end", ".", "The", "U.S.-led"]);
        assert_eq!(words("Wait... what"), ["Wait", "...", "what"]);
    }

    #[test]
    fn tokenizer_offsets_and_sentences() {
        let text = "He said: “Lavrov’s aides left.” Then\n\nRubio spoke";
        let (spans, starts) = tokenize(text);
        let toks: Vec<&str> = spans.iter().map(|s| &text[s.start..s.end]).collect();
        assert_eq!(
            toks,
            [
                "He", "said", ":", "“", "Lavrov", "’s", "aides", "left", ".", "”", "Then", "Rubio",
                "spoke"
            ]
        );
        let started: Vec<&str> = toks
            .iter()
            .zip(&starts)
            .filter(|(_, s)| **s)
            .map(|(t, _)| *t)
            .collect();
        assert_eq!(started, ["He", "Then", "Rubio"]);
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
    fn model_round_trips_through_bytes() {
        let model = Tagger::embedded();
        let again = Tagger::from_bytes(&model.to_bytes()).unwrap();
        assert_eq!(again.len(), model.len());
        assert!(Tagger::from_bytes(b"NXPER2\0").is_err());
    }

    #[test]
    fn embedded_model_tags_a_sentence() {
        let tagger = Tagger::embedded();
        assert!(
            tagger.len() > 1000,
            "the model is trained: {}",
            tagger.len()
        );
        let text = "German Chancellor Angela Merkel met Vladimir Putin in Moscow on Thursday.";
        let found: Vec<&str> = find_names(tagger, text)
            .iter()
            .map(|s| &text[s.start..s.end])
            .collect();
        assert_eq!(found, ["Angela Merkel", "Vladimir Putin"]);
    }
}
