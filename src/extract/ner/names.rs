//! The name and title lists built into the binary: given names, surnames,
//! given names from many countries, and titles. A token's features start
//! from its flags here (`flags`); `people` strips titles from names
//! (`is_title`).

use std::sync::LazyLock;

use rustc_hash::{FxHashMap, FxHashSet};

/// A word's flags in the lists: bits of a token's flags (see
/// `features`, which keeps the bits below and above these for other facts).
pub(super) const GIVEN: u16 = 1 << 3;
pub(super) const SURNAME: u16 = 1 << 4;
pub(super) const WORLD: u16 = 1 << 5;
pub(super) const TITLE: u16 = 1 << 6;

/// Given names: US Census 1990, public domain (see `ner/NAMES.md`).
const GIVEN_NAMES: &str = include_str!("given_names.txt");
/// The 25,000 most frequent surnames, with their rank (1 is the most
/// frequent): US Census 1990, public domain.
static SURNAMES: LazyLock<FxHashMap<&'static str, u32>> = LazyLock::new(|| {
    let mut ranks = FxHashMap::default();
    for (k, name) in include_str!("surnames.txt").lines().enumerate() {
        ranks.entry(name).or_insert(k as u32 + 1);
    }
    ranks
});
/// Given names from many countries: Jörg Michael's name dictionary as
/// shipped in gender-guesser; GNU FDL 1.2 or later (see `ner/NAMES.md`).
const WORLD_NAMES: &str = include_str!("world_given_names.txt");

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
/// Made straight from the lists, sized once: every run starts with it.
static NAME_FLAGS: LazyLock<FxHashMap<&'static str, u16>> = LazyLock::new(|| {
    let lists = [(GIVEN_NAMES, GIVEN), (WORLD_NAMES, WORLD)];
    let most =
        lists.iter().map(|(l, _)| l.lines().count()).sum::<usize>() + TITLES.len() + SURNAMES.len();
    let mut flags: FxHashMap<&'static str, u16> =
        FxHashMap::with_capacity_and_hasher(most, Default::default());
    for (list, bit) in lists {
        for word in list.lines() {
            *flags.entry(word).or_default() |= bit;
        }
    }
    for &word in TITLES {
        *flags.entry(word).or_default() |= TITLE;
    }
    for &word in SURNAMES.keys() {
        *flags.entry(word).or_default() |= SURNAME;
    }
    flags
});

static TITLE_SET: LazyLock<FxHashSet<&'static str>> =
    LazyLock::new(|| TITLES.iter().copied().collect());

/// The list flags of a word, lower-cased and without its final period.
pub(super) fn flags(word: &str) -> u16 {
    NAME_FLAGS.get(word).copied().unwrap_or(0)
}

/// A given name of the lists (Census or from many countries), in lower
/// case: "donald", "sergei".
pub fn is_given_name(lower: &str) -> bool {
    flags(lower) & (GIVEN | WORLD) != 0
}

/// A surname of the Census list, in lower case: "smith".
pub fn is_listed_surname(lower: &str) -> bool {
    flags(lower) & SURNAME != 0
}

/// A title or honorific ("Mr.", "President"), whatever its case.
pub fn is_title(word: &str) -> bool {
    let w = word.trim_end_matches('.');
    let mut buf = [0u8; 16];
    match ascii_lower(w, &mut buf) {
        Some(lower) => TITLE_SET.contains(lower),
        None => w.len() <= 16 && !w.is_ascii() && TITLE_SET.contains(w.to_lowercase().as_str()),
    }
}

/// `word` in lower case, in `buf`, if it is ASCII and fits: no allocation
/// for the words checked against lists on every token.
pub fn ascii_lower<'b>(word: &str, buf: &'b mut [u8]) -> Option<&'b str> {
    if word.len() > buf.len() || !word.is_ascii() {
        return None;
    }
    let out = &mut buf[..word.len()];
    out.copy_from_slice(word.as_bytes());
    out.make_ascii_lowercase();
    std::str::from_utf8(out).ok()
}

/// Given names that are far more often given names than surnames: one
/// standing alone is someone's given name (US Census 1990, public domain;
/// see `ner/NAMES.md`).
static GIVEN_FIRST: LazyLock<FxHashSet<&'static str>> =
    LazyLock::new(|| include_str!("given_first.txt").lines().collect());
/// The most common English words written in lower case (SCOWL sizes 10
/// and 20; see `ner/NAMES.md`).
static COMMON_WORDS: LazyLock<FxHashSet<&'static str>> =
    LazyLock::new(|| include_str!("common_words.txt").lines().collect());
/// The rest of SCOWL's English words up to size 50, in lower case (see
/// `ner/NAMES.md`).
static ENGLISH_WORDS: LazyLock<FxHashSet<&'static str>> =
    LazyLock::new(|| include_str!("english_words.txt").lines().collect());
/// Names that are never a person's: capitalised WordNet words none of
/// whose senses is a person (places, organisations, peoples, religions,
/// deities, products, works), countries and their regions (ISO 3166), and
/// cities of 100,000 people or more (GeoNames) whose name is nobody's.
static NOT_PEOPLE: LazyLock<FxHashSet<&'static str>> = LazyLock::new(|| {
    include_str!("not_people.txt")
        .lines()
        .chain(include_str!("places.txt").lines())
        .chain(include_str!("cities.txt").lines())
        .collect()
});

/// The rank of a surname (lower case) among US surnames, 1 the most
/// frequent; None past the 25,000th.
pub fn surname_rank(lower: &str) -> Option<u32> {
    SURNAMES.get(lower).copied()
}

/// A given name (lower case) that alone is nobody's surname.
pub fn is_given_first(lower: &str) -> bool {
    GIVEN_FIRST.contains(lower)
}

/// One of the most common English words (lower case).
pub fn is_common_word(lower: &str) -> bool {
    COMMON_WORDS.contains(lower)
}

/// Whether `lower` (in lower case) is an English word: one of the common
/// words or of SCOWL's larger list up to size 50 ("sheriff",
/// "businessman", "passerby"; not "abiy" or "recep").
pub fn is_english_word(lower: &str) -> bool {
    COMMON_WORDS.contains(lower) || ENGLISH_WORDS.contains(lower)
}

/// A name (lower case, words apart by one space) that is a place, an
/// organisation, a people, a religion or a thing, never a person.
pub fn is_not_person(lower: &str) -> bool {
    NOT_PEOPLE.contains(lower)
}
