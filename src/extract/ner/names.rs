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
    w.len() <= 16 && TITLE_SET.contains(w.to_lowercase().as_str())
}
