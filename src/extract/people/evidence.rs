//! Evidence the tagger lacks, used to find the people it missed and to
//! reject the names it took for people that are not.
//!
//! The tagger learnt from CoNLL-2003 news of 1996 and sees two words to
//! each side. Beyond that:
//! - **the rest of the article**: a name ending a longer capitalised name
//!   that ends in "Inc", "Corp" or "News" is an organisation wherever it
//!   stands in the article ("Chrysler Corp" ... "Chrysler said"); a word
//!   also written in lower case in the article is a common word; a surname
//!   the tagger found once is that person where it missed it ("the Trump
//!   administration");
//! - **the neighbours**: a name followed by another capitalised word is
//!   part of a longer name ("Garda Station", "Good Morning America"); a
//!   capitalised word after "Mr." or "President" is a name; a name after
//!   "Source:" or "Photo:" is a credit line;
//! - **word lists** (`ner/NAMES.md`): given names that are no surname,
//!   the most common English words, and names that are never a person's
//!   (WordNet's places, organisations, peoples, religions and deities, and
//!   ISO 3166 countries and regions).

use std::sync::LazyLock;

use rustc_hash::{FxHashMap, FxHashSet};

use crate::extract::ner;

/// A document's tokens, title then body, as written.
pub(super) struct Tokens<'a> {
    pub words: Vec<&'a str>,
    pub starts: &'a [bool],
    /// In a line written in capitals, or a headline in title case, where
    /// capitals tell nothing.
    pub shouting: Vec<bool>,
    /// Part of a name (as tagged, then as found here).
    pub tagged: Vec<bool>,
    /// Each word [`is_capitalised`], worked out once.
    pub capitalised: Vec<bool>,
    /// The words written without a capital, gathered at the first
    /// [`Tokens::written_lower`].
    pub lower_words: std::cell::OnceCell<FxHashSet<&'a str>>,
}

/// The names of the companies in an article, and every run of words in
/// them, for a look-up per person.
pub(super) struct Companies(FxHashSet<String>);

impl Companies {
    pub fn new(names: Vec<Vec<String>>) -> Companies {
        let mut runs = FxHashSet::default();
        for name in &names {
            for a in 0..name.len() {
                for b in a + 1..=name.len().min(a + 8) {
                    runs.insert(name[a..b].join(" "));
                }
            }
        }
        Companies(runs)
    }
}

/// Words that end the name of a company or a news outlet: a name that
/// stands in front of one is that company wherever it stands in the
/// article.
const COMPANY_ENDINGS: &[&str] = &[
    "ab",
    "ag",
    "airlines",
    "airways",
    "asa",
    "associates",
    "bancorp",
    "bank",
    "bankshares",
    "bhd",
    "broadcasting",
    "bros",
    "brothers",
    "bv",
    "cie",
    "co",
    "communications",
    "company",
    "corp",
    "corporation",
    "cos",
    "entertainment",
    "gmbh",
    "group",
    "holding",
    "holdings",
    "inc",
    "incorporated",
    "industries",
    "kk",
    "llc",
    "llp",
    "ltd",
    "media",
    "motors",
    "news",
    "nv",
    "oyj",
    "pharmaceuticals",
    "plc",
    "pte",
    "pty",
    "sa",
    "securities",
    "sons",
    "spa",
    "technologies",
    "television",
    "tv",
];

/// Words that end the name of a place, a building, an institution or an
/// event: a name right in front of one is not a person there ("George
/// Washington Bridge", "Jackson Hole"), though it may be elsewhere.
const PLACE_ENDINGS: &[&str] = &[
    "academy",
    "act",
    "agency",
    "airport",
    "arena",
    "association",
    "authority",
    "avenue",
    "award",
    "awards",
    "basin",
    "boulevard",
    "bridge",
    "building",
    "cathedral",
    "center",
    "centre",
    "church",
    "city",
    "clinic",
    "club",
    "college",
    "commission",
    "committee",
    "council",
    "county",
    "course",
    "court",
    "cup",
    "department",
    "desert",
    "dynasty",
    "festival",
    "foundation",
    "gulf",
    "hall",
    "hole",
    "hospital",
    "hotel",
    "institute",
    "island",
    "islands",
    "lake",
    "library",
    "ministry",
    "mosque",
    "mountain",
    "mountains",
    "museum",
    "palace",
    "park",
    "party",
    "peninsula",
    "prison",
    "prize",
    "river",
    "road",
    "school",
    "square",
    "stadium",
    "station",
    "strait",
    "street",
    "temple",
    "theater",
    "theatre",
    "tower",
    "trophy",
    "university",
    "valley",
];

/// Words between a name and a place ending that make it a place's
/// ("John F. Kennedy International Airport", "Barack Obama Presidential
/// Center", "Lyndon B. Johnson Space Center").
const PLACE_QUALIFIERS: &[&str] = &[
    "international",
    "medical",
    "memorial",
    "municipal",
    "national",
    "presidential",
    "regional",
    "space",
];

/// The Arabic article as it starts a surname ("Bashar al-Assad",
/// "Abdel Fattah el-Sisi").
const PARTICLES: [&str; 2] = ["al-", "el-"];

/// Abbreviated titles, honorifics and roles the other lists lack, which
/// stand before a name and are no part of it: "Det Supt Katie Elliott",
/// "Fr John O'Connor", "Maj Tim Peake", "Shri Narendra Modi", "Datuk Seri
/// Najib", "Taoiseach Varadkar", "St John".
const BEFORE_NAMES: &[&str] = &[
    "asst",
    "bio",
    "cdr",
    "ch",
    "cllr",
    "cmdr",
    "cpl",
    "dato",
    "datuk",
    "dep",
    "det",
    "fr",
    "frontman",
    "garda",
    "gnr",
    "hon",
    "insp",
    "lcpl",
    "lieut",
    "maj",
    "mlle",
    "mme",
    "msgr",
    "pte",
    "pvt",
    "revd",
    "rfn",
    "seri",
    "shri",
    "smt",
    "spr",
    "st",
    "supt",
    "taoiseach",
    "tpr",
    "winchman",
];

/// Words for an institution that are in no person's name, wherever they
/// stand in it.
const INSTITUTIONS: &[&str] = &[
    "academy",
    "agency",
    "archives",
    "association",
    "college",
    "commission",
    "committee",
    "council",
    "department",
    "foundation",
    "hospital",
    "institute",
    "ministry",
    "museum",
    "party",
    "university",
];

/// Of those, the ones that follow a name in lower case too ("Charles de
/// Gaulle airport").
const LOWER_PLACE_ENDINGS: &[&str] = &[
    "airport", "bridge", "building", "library", "museum", "stadium",
];

/// Words before a colon that make what follows a credit, not a person in
/// the story ("Source: Al Jazeera News", "Photo: Getty Images").
const CREDITS: &[&str] = &[
    "author",
    "copyright",
    "correspondent",
    "courtesy",
    "credit",
    "credits",
    "editor",
    "image",
    "images",
    "photo",
    "photograph",
    "photos",
    "picture",
    "pictures",
    "presenter",
    "presenters",
    "producer",
    "reporter",
    "source",
    "sources",
    "via",
    "video",
    "writer",
];

/// Words before "by" that make the names after it the story's makers
/// ("Reporting by", "Editing by", "Photos by"), not its people.
const CREDIT_VERBS: &[&str] = &[
    "editing",
    "graphics",
    "illustration",
    "illustrations",
    "photo",
    "photographs",
    "photos",
    "pictures",
    "reporting",
    "video",
    "writing",
];

/// An author's note stands in the last this many tokens of a story.
const BIO_REACH: usize = 80;

/// What an author's note at the end of a story says its author is.
const BIO_ROLES: &[&str] = &[
    "analyst",
    "author",
    "columnist",
    "commentator",
    "contributor",
    "correspondent",
    "editor",
    "fellow",
    "journalist",
    "lecturer",
    "professor",
    "researcher",
    "writer",
];

/// Months, which follow a tweet's signature ("Name (@handle) March 3, 2017").
const MONTHS: &[&str] = &[
    "april",
    "august",
    "december",
    "february",
    "january",
    "july",
    "june",
    "march",
    "may",
    "november",
    "october",
    "september",
];

/// Titles after which a capitalised word is a person's name ("Mr.
/// Trump", "President Trump's").
const PERSON_CUES: &[&str] = &[
    "chancellor",
    "dr",
    "gov",
    "governor",
    "judge",
    "king",
    "lord",
    "mayor",
    "minister",
    "mr",
    "mrs",
    "ms",
    "pope",
    "premier",
    "president",
    "prince",
    "princess",
    "queen",
    "rep",
    "secretary",
    "sen",
    "senator",
    "sir",
];

/// Verbs of speech: the word before one, alone, is a person's name or
/// an organisation's ("Sunak said", "Gazprom said").
const SPEECH_VERBS: &[&str] = &[
    "added", "argued", "asked", "insisted", "said", "says", "told", "tweeted", "warned", "wrote",
];

/// Words after which a capitalised word is a person's name ("the Trump
/// administration", "the Dole campaign").
const AFTER_PERSON: &[&str] = &[
    "administration",
    "aide",
    "aides",
    "ally",
    "appointee",
    "campaign",
    "presidency",
];

/// Capitalised words that may follow a name without being part of it.
const NOT_NAME_PARTS: &[&str] = &[
    "april",
    "august",
    "december",
    "february",
    "friday",
    "i",
    "ii",
    "iii",
    "iv",
    "january",
    "jr",
    "july",
    "june",
    "march",
    "may",
    "monday",
    "november",
    "october",
    "saturday",
    "september",
    "sr",
    "sunday",
    "thursday",
    "tuesday",
    "wednesday",
];

/// Words for a role that stand before a name without being titles the
/// tagger knows ("Head of the Russian General Staff Sergei Rudskoi").
const ROLES: &[&str] = &["boss", "chair", "chairperson", "founder", "head", "member"];

/// People whose firm or institution follows them with "of", "at" or
/// "with" ("an analyst with E.F. Hutton"), and words for a firm right
/// before its name ("brokers James Capel").
const AFFILIATED: &[&str] = &[
    "analyst",
    "analysts",
    "banker",
    "bankers",
    "broker",
    "economist",
    "economists",
    "professor",
    "researcher",
    "researchers",
    "strategist",
    "strategists",
    "trader",
    "traders",
];
/// Also words for a group or a place right before its name ("the
/// conservation group Robin Wood", "the regional capital Lashkar Gah").
const FIRMS: &[&str] = &[
    "band",
    "bank",
    "brokerage",
    "brokers",
    "capital",
    "charity",
    "firm",
    "group",
    "ngo",
    "stockbroker",
    "stockbrokers",
    "stockbroking",
];

/// Kinds of place written before their name with "of" ("the northern
/// Finnish city of Rovaniemi", "the province of Lapland").
const PLACE_NOUNS: &[&str] = &[
    "city",
    "county",
    "district",
    "island",
    "municipality",
    "province",
    "region",
    "town",
    "village",
];

/// Words that name what follows as a storm's or a ship's: "Hurricane
/// Harvey", "Storm Ciaran", "USS Gerald R. Ford", "HMS Queen Elizabeth".
const NAMED_THINGS: &[&str] = &[
    "cyclone",
    "hmas",
    "hmcs",
    "hms",
    "hurricane",
    "rfs",
    "storm",
    "typhoon",
    "uss",
];

/// Nouns that follow the name of an organisation as its parts or people
/// and never a person's name ("Fine Gael parliamentary party", "Morgan
/// Stanley shareholders").
const ORGANISATION_NOUNS: &[&str] = &[
    "headquarters",
    "leadership",
    "members",
    "membership",
    "parliamentary",
    "party",
    "shareholders",
    "stock",
    "subsidiary",
];

/// Nouns for a firm's people that follow its name ("Morgan Stanley
/// analysts", "Merrill Lynch strategist Ann Miller"), but a person's too
/// ("Hillary Clinton strategist Joel Benenson"): for the archive to weigh
/// only, never a verdict in one article.
const STAFF_NOUNS: &[&str] = &[
    "analyst",
    "analysts",
    "clients",
    "customers",
    "economist",
    "economists",
    "employees",
    "executives",
    "strategist",
    "strategists",
];

/// US states as the wire services shorten them after a town ("Atlanta,
/// Ga.").
const STATES: &[&str] = &[
    "ala", "ariz", "ark", "calif", "colo", "conn", "del", "fla", "ga", "ill", "ind", "kan", "kans",
    "ky", "la", "mass", "md", "mich", "minn", "miss", "mo", "mont", "neb", "nev", "okla", "ore",
    "pa", "penn", "tenn", "tex", "va", "vt", "wash", "wis", "wisc", "wyo",
];

/// Numbers in words, which start no name ("Nine Mths").
const NUMBERS: &[&str] = &[
    "eight", "eighth", "eleven", "fifth", "first", "five", "four", "fourth", "nine", "ninth",
    "one", "second", "seven", "seventh", "six", "sixth", "ten", "tenth", "third", "three",
    "twelve", "two",
];

/// `word` (its final period aside) is one of `list` (sorted, lower case,
/// ASCII), in any case.
fn is_one_of(word: &str, list: &[&str]) -> bool {
    let w = word.trim_end_matches('.').as_bytes();
    if w.len() > 16 {
        return false;
    }
    let mut buf = [0u8; 16];
    let lower = &mut buf[..w.len()];
    lower.copy_from_slice(w);
    lower.make_ascii_lowercase();
    // Most words are in no list: one hash says so, where a binary search
    // would compare a dozen strings.
    if !LISTED.contains(&*lower) {
        debug_assert!(
            list.binary_search_by(|l| l.as_bytes().cmp(lower)).is_err(),
            "a word list is missing from LISTED"
        );
        return false;
    }
    list.binary_search_by(|l| l.as_bytes().cmp(lower)).is_ok()
}

/// The lists `is_one_of` looks in.
const LISTS: [&[&str]; 24] = [
    BEFORE_NAMES,
    COMPANY_ENDINGS,
    PLACE_ENDINGS,
    INSTITUTIONS,
    LOWER_PLACE_ENDINGS,
    CREDITS,
    CREDIT_VERBS,
    BIO_ROLES,
    MONTHS,
    PERSON_CUES,
    AFTER_PERSON,
    NOT_NAME_PARTS,
    ROLES,
    AFFILIATED,
    FIRMS,
    PLACE_NOUNS,
    PLACE_QUALIFIERS,
    SPEECH_VERBS,
    NAMED_THINGS,
    ORGANISATION_NOUNS,
    STAFF_NOUNS,
    STATES,
    NUMBERS,
    PLACE_PARTICLES,
];

/// Every word of the lists.
static LISTED: LazyLock<FxHashSet<&'static [u8]>> = LazyLock::new(|| {
    LISTS
        .iter()
        .flat_map(|list| list.iter().map(|w| w.as_bytes()))
        .collect()
});

/// Starts with a capital and has a lower-case letter: "Trump", "McCain",
/// not "NATO" or "trump".
pub(super) fn is_capitalised(word: &str) -> bool {
    match word.as_bytes().first() {
        Some(b) if b.is_ascii_uppercase() => {
            word.bytes().any(|b| b.is_ascii_lowercase()) || {
                !word.is_ascii() && word.chars().any(char::is_lowercase)
            }
        }
        Some(b) if b.is_ascii() => false,
        _ => {
            word.chars().next().is_some_and(char::is_uppercase)
                && word.chars().any(char::is_lowercase)
        }
    }
}

/// An initial: "W.", "J".
fn is_initial(word: &str) -> bool {
    let mut c = word.trim_end_matches('.').chars();
    matches!((c.next(), c.next()), (Some(c), None) if c.is_uppercase())
}

/// The surname rank past which a word is no common surname.
const COMMON_SURNAME_RANK: u32 = 1000;
/// The surname rank past which a common English word standing alone is
/// taken for the word ("Check", "Games"), not a surname ("Pence",
/// "Sessions").
const RARE_SURNAME_RANK: u32 = 5000;

/// A word that may be a surname and ends no company's or place's name:
/// what may follow a given name as its surname.
fn surname_word(word: &str) -> bool {
    may_be_surname(word) && !is_one_of(word, COMPANY_ENDINGS) && !is_one_of(word, PLACE_ENDINGS)
}

/// A capitalised word that can open a person's name though no list knows
/// it: a given name, or no common English word, no word with an English
/// ending (a role, a quality, a plural), place, organisation, title,
/// function word or month.
fn may_be_given(word: &str) -> bool {
    if word.contains('-') {
        // "Hans-Georg", not "Transport-Shane" or "Hoffmann-La".
        return word.split('-').all(may_be_given);
    }
    if !is_capitalised(word) || ner::is_title(word) || is_one_of(word, NOT_NAME_PARTS) {
        return false;
    }
    let lower = word.to_lowercase();
    if super::is_function_word(&lower)
        || ner::is_not_person(&lower)
        || is_one_of(&lower, COMPANY_ENDINGS)
        || is_one_of(&lower, PLACE_PARTICLES)
        || is_one_of(&lower, FIRMS)
    {
        return false;
    }
    if ner::is_common_word(&lower) {
        // "Bill", "Mark"; not "Many", "Red".
        return ner::is_given_first(&lower);
    }
    // An English word for a role or a quality, or a plural, capitalised
    // in front of a name: "Sheriff", "Meteorologist", "Presidential",
    // "Organizers".
    const ENGLISH_ENDINGS: &[&str] = &[
        "al", "ant", "ary", "ed", "ent", "er", "ian", "ic", "ing", "ist", "ity", "ive", "ly", "or",
        "ous", "s", "tion",
    ];
    ner::is_given_name(&lower) || !ENGLISH_ENDINGS.iter().any(|e| lower.ends_with(e))
}

/// A capitalised word that can be a surname standing alone: not a title,
/// not a common English word (unless a common surname too), not a place
/// or organisation.
fn may_be_surname(word: &str) -> bool {
    if !is_capitalised(word) || ner::is_title(word) || is_one_of(word, NOT_NAME_PARTS) {
        return false;
    }
    let lower = word.to_lowercase();
    let common_surname = ner::surname_rank(&lower).is_some_and(|r| r <= COMMON_SURNAME_RANK);
    if ner::is_common_word(&lower) && !common_surname {
        return false;
    }
    !ner::is_not_person(&lower) && !ner::is_given_first(&lower)
}

/// A given name of the lists that is no common word and names no place
/// or thing: "Federica", not "Grace" or "Jordan".
fn is_first_name(lower: &str) -> bool {
    lower.len() > 2
        && (ner::is_given_first(lower) || ner::is_given_name(lower))
        && !ner::is_common_word(lower)
        && !ner::is_not_person(lower)
        && !ner::is_title(lower)
        && !is_one_of(lower, NOT_NAME_PARTS)
        && !is_one_of(lower, COMPANY_ENDINGS)
        && !super::is_function_word(lower)
        && !is_one_of(lower, PLACE_PARTICLES)
}

/// Words that start the names of places and works more often than a
/// person's given name ("Les Invalides", "Abu Ghraib", "Wadi Hajjar").
const PLACE_PARTICLES: &[&str] = &["abu", "bab", "ben", "bin", "ibn", "les", "sidi", "wadi"];

/// Particles that open a surname, in lower case: "Von" Einsiedel, "Van"
/// Rompuy, "De" Gaulle, "Da" Silva.
const SURNAME_PARTICLES: &[&str] = &[
    "da", "das", "de", "del", "della", "den", "der", "di", "dos", "du", "la", "le", "ter", "van",
    "von",
];

/// A particle that opens a surname, not a given name, in any case.
fn is_surname_particle(word: &str) -> bool {
    SURNAME_PARTICLES
        .iter()
        .any(|p| word.eq_ignore_ascii_case(p))
}

/// A particle written in lower case inside a full name, between its
/// given names and its surname: "Ursula von der Leyen", "Mohammed bin
/// Salman".
fn is_name_particle(word: &str) -> bool {
    SURNAME_PARTICLES.contains(&word) || matches!(word, "al" | "bin" | "bint" | "ibn")
}

/// Shaped like a surname: letters, and inner hyphens or apostrophes
/// before a capital ("Ramos-Horta", "O'Brien"), not "Obama-era" or
/// "Strike4Repeal".
fn name_shaped(word: &str) -> bool {
    let mut chars = word.chars().peekable();
    while let Some(c) = chars.next() {
        let joins = matches!(c, '-' | '\'' | '’') && chars.peek().is_some_and(|n| n.is_uppercase());
        if !c.is_alphabetic() && !joins {
            return false;
        }
    }
    true
}

impl Tokens<'_> {
    fn len(&self) -> usize {
        self.words.len()
    }

    /// Token `i` is a capitalised word outside any name, in the same
    /// sentence as the token before it, and not in a line of capitals.
    fn loose_capital(&self, i: usize) -> bool {
        i < self.len() && !self.tagged[i] && !self.shouting[i] && self.capitalised[i]
    }

    /// The name `a..b` is followed by a capitalised word that is not part
    /// of a name, in the same sentence.
    fn capital_follows(&self, b: usize) -> bool {
        b < self.len()
            && !self.starts[b]
            && self.loose_capital(b)
            && !is_one_of(self.words[b], NOT_NAME_PARTS)
    }

    /// The capitalised word `n`, right after a name, may be its surname:
    /// no common word (but a common surname), place, title, or company or
    /// place ending.
    fn continues_name(&self, n: usize) -> bool {
        surname_word(self.words[n])
    }

    /// Word `n`, right after a name, is a surname with an Arabic
    /// article the tagger left out ("Abdel Fattah" "el-Sisi"): it starts
    /// in lower case, so it was no capitalised word to go on with.
    fn particle_surname(&self, n: usize) -> bool {
        if n >= self.len() || self.starts[n] || self.tagged[n] || self.shouting[n] {
            return false;
        }
        let w = self.words[n];
        PARTICLES
            .iter()
            .find_map(|p| w.strip_prefix(p))
            .is_some_and(|bare| is_capitalised(bare) && name_shaped(bare) && surname_word(bare))
    }

    /// The name `a..b` is the start of a longer capitalised name that is
    /// no person's: a company's, a place's or a building's ("Fox News",
    /// "Garda Station", "John F. Kennedy International Airport"), a
    /// title's ("Garda Commissioner"), or a work's that starts with a
    /// common word ("Good Morning America").
    fn ends_name(&self, a: usize, b: usize) -> bool {
        let next = self.words[b];
        if is_one_of(next, COMPANY_ENDINGS) || is_one_of(next, PLACE_ENDINGS) || ner::is_title(next)
        {
            return true;
        }
        // "John F. Kennedy International Airport".
        let mut k = b;
        while k < b + 2 && k < self.len() && is_one_of(self.words[k], PLACE_QUALIFIERS) {
            k += 1;
        }
        if k > b
            && self
                .words
                .get(k)
                .is_some_and(|w| w.starts_with(char::is_uppercase) && is_one_of(w, PLACE_ENDINGS))
        {
            return true;
        }
        let [only] = &self.words[a..b] else {
            return false;
        };
        let lower = only.to_lowercase();
        ner::is_common_word(&lower) && ner::is_common_word(&next.to_lowercase())
    }

    /// Lengthens the names the tagger cut short: a lone given name by the
    /// surname right after it ("Donald" "Trump's", over an initial:
    /// "George W. Bush"), and any name by a capitalised word right after it
    /// that may be a surname ("Philippe Moreau" "Defarges") or by a surname
    /// with the Arabic article ("Abdel Fattah" "el-Sisi"). `spans` are
    /// sorted and apart; so are the spans returned.
    pub fn lengthen(&mut self, spans: &[(usize, usize)]) -> Vec<(usize, usize)> {
        for &(a, b) in spans {
            self.tagged[a..b].fill(true);
        }
        let mut out: Vec<(usize, usize)> = Vec::with_capacity(spans.len());
        for &(a, mut b) in spans {
            if !self.shouting[a] {
                let mut n = b;
                if b == a + 1
                    && ner::is_given_first(&self.words[a].to_lowercase())
                    && n < self.len()
                    && !self.starts[n]
                    && !self.tagged[n]
                    && is_initial(self.words[n])
                {
                    n += 1;
                }
                if self.capital_follows(n) && self.continues_name(n) {
                    b = n + 1;
                    self.tagged[a..b].fill(true);
                } else if self.particle_surname(b) {
                    b += 1;
                    self.tagged[a..b].fill(true);
                }
            }
            out.push((a, b));
        }
        out
    }

    /// Full names of words no list knows ("Rishi Sunak", "Kyrsten Sinema",
    /// "Timothee Chalamet"), which the tagger, knowing few names from
    /// outside the US and Europe, misses: two capitalised words, alone in
    /// their run of capitals, whose second the article also writes alone
    /// as a person's ("Sunak said", "Mr. Sunak"). Names come from
    /// everywhere and outrun any list; the article's own way of writing
    /// one tells it. A surname the tagger found alone takes such a word in
    /// front of it too when the article so writes the surname ("Bola"
    /// "Tinubu"), or when the word is a given name of the lists
    /// ("Federica" "Mogherini").
    /// Adds to `out` (sorted and apart) and tags what it adds.
    fn spoken_names(&mut self, out: &mut Vec<(usize, usize)>) {
        let alone = |i: usize| i == 0 || self.starts[i] || !self.loose_capital(i - 1);
        let mut spoken: FxHashSet<&str> = FxHashSet::default();
        for i in 0..self.len() {
            if !self.capitalised[i] || self.shouting[i] || self.capital_follows(i + 1) {
                continue;
            }
            let says = self.words.get(i + 1).is_some_and(|n| {
                !self.starts[i + 1]
                    && n.starts_with(char::is_lowercase)
                    && is_one_of(n, SPEECH_VERBS)
            });
            let titled = i > 0
                && !self.starts[i]
                && self.words[i - 1].starts_with(char::is_uppercase)
                && is_one_of(self.words[i - 1], PERSON_CUES);
            let w = self.words[i];
            if (says && alone(i) || titled)
                && name_shaped(w)
                && surname_word(w)
                && !self.written_lower(&w.to_lowercase())
            {
                spoken.insert(w);
            }
        }
        // A surname the article gives in full already is that person's:
        // "Impeach Trump" is no second Trump beside Donald Trump.
        let given_in_full: FxHashSet<&str> = out
            .iter()
            .filter(|&&(a, b)| b > a + 1)
            .map(|&(_, b)| self.words[b - 1])
            .collect();
        spoken.retain(|w| !given_in_full.contains(w));
        let given = |i: usize| {
            let w = self.words[i];
            self.loose_capital(i)
                && alone(i)
                && name_shaped(w)
                && w.chars().count() > 1
                && !is_surname_particle(w)
                && may_be_given(w)
        };
        let mut found = Vec::new();
        let mut i = 0;
        while !spoken.is_empty() && i + 1 < self.len() {
            if self.loose_capital(i + 1)
                && !self.starts[i + 1]
                && !self.capital_follows(i + 2)
                && spoken.contains(self.words[i + 1])
                && given(i)
            {
                found.push((i, i + 2));
                i += 2;
            } else {
                i += 1;
            }
        }
        let mut longer = Vec::new();
        for (k, &(a, b)) in out.iter().enumerate() {
            // The surname so written, or a given name of the lists in
            // front ("Federica" "Mogherini said in a statement").
            if b == a + 1
                && a > 0
                && !self.starts[a]
                && (spoken.contains(self.words[a])
                    || is_first_name(&self.words[a - 1].to_lowercase()))
                && given(a - 1)
            {
                longer.push(k);
            }
        }
        for k in longer {
            out[k].0 -= 1;
            found.push(out[k]);
        }
        for &(a, b) in &found {
            self.tagged[a..b].fill(true);
        }
        out.extend(found);
        out.sort_unstable();
        out.dedup();
    }

    /// Given names no list knows in front of a name the tagger found:
    /// "Abiy" "Ahmed", "Recep" "Tayyip Erdogan", "Reince" "Priebus",
    /// "Ursula von der" "Leyen". The tagger, which knows few names
    /// from outside the US and Europe, leaves such words out of the name.
    /// Up to two capitalised words right before the name in its sentence
    /// (then lower-case particles: "bin", "von der"), each of which may
    /// open a name (`opens_name`), and is a given name of the lists when
    /// the tagger found more than a surname; or a given name of the lists
    /// the tagger found alone before the particles. No other capitalised word may stand
    /// before them but a title ("Prime Minister Abiy Ahmed") or a common
    /// word opening the sentence ("Then Abiy Ahmed"), lest they be
    /// the end of a longer name that is no person's, and they name no
    /// place ("Baton Rouge", "Sri Lanka").
    fn given_names_before(&mut self, out: &mut Vec<(usize, usize)>) {
        const MOST: usize = 2;
        let mut next_capital: Option<FxHashMap<&str, &str>> = None;
        let mut longer = Vec::new();
        let mut joined = Vec::new();
        for (n, &(a, b)) in out.iter().enumerate() {
            // Most names have no capital or particle before them: the
            // cheap test first.
            if self.shouting[a]
                || a == 0
                || self.starts[a]
                || !self.loose_capital(a - 1) && !is_name_particle(self.words[a - 1])
            {
                continue;
            }
            // A lone word the tagger found is a name's, not a common word
            // or a thing's ("Summer" "Olympics", "Impeach" "Trump" aside).
            let lone_word_is_no_name = || {
                b == a + 1 && {
                    let lower = self.words[a].to_lowercase();
                    let common_surname =
                        ner::surname_rank(&lower).is_some_and(|r| r <= COMMON_SURNAME_RANK);
                    ner::is_not_person(&lower) || ner::is_english_word(&lower) && !common_surname
                }
            };
            let mut r = a;
            while r > 0
                && a - r < 2
                && !self.starts[r]
                && !self.tagged[r - 1]
                && is_name_particle(self.words[r - 1])
            {
                r -= 1;
            }
            // A given name the tagger found alone before the particles:
            // "Mohammed" "bin" "Salman".
            if r < a
                && r > 0
                && n > 0
                && out[n - 1] == (r - 1, r)
                && !self.starts[r]
                && ner::is_given_name(&self.words[r - 1].to_lowercase())
                && !lone_word_is_no_name()
            {
                // With the words that lengthened it, if any.
                let start = match longer.last() {
                    Some(&(m, start)) if m == n - 1 => start,
                    _ => r - 1,
                };
                joined.push(n - 1);
                longer.push((n, start));
                continue;
            }
            let mut given = 0;
            while r > 0 && given < MOST && !self.starts[r] && self.opens_name(r - 1) {
                r -= 1;
                given += 1;
            }
            // After a title, or a common word opening the sentence
            // ("Then Abiy Ahmed said") will do.
            let alone = r == 0
                || self.starts[r]
                || !self.loose_capital(r - 1)
                || ner::is_title(self.words[r - 1])
                || is_one_of(self.words[r - 1], BEFORE_NAMES)
                || self.starts[r - 1] && ner::is_common_word(&self.words[r - 1].to_lowercase());
            // A full name already is one: only a given name of the lists
            // goes before it ("Recep" "Tayyip Erdogan", not "Xinhua" "Xu
            // Wenrong" or "Uproxx" "Tina Fey").
            let listed =
                || (r..r + given).all(|k| ner::is_given_name(&self.words[k].to_lowercase()));
            if given == 0 || !alone || b > a + 1 && !listed() || lone_word_is_no_name() {
                continue;
            }
            // The words before name no place, nor do the last of them
            // ("Baton Rouge", "Sri Lanka"; a place the name found ends is
            // rejected later, with the name).
            let place = (r..r + given).any(|k| {
                let words: Vec<String> = self.words[k..r + given]
                    .iter()
                    .map(|w| w.to_lowercase())
                    .collect();
                ner::is_not_person(&words.join(" "))
            });
            if place {
                continue;
            }
            // A given name goes with its own name wherever the article
            // writes it: a word before other capitalised words is a
            // description ("Shark Barbara Corcoran", "Shark Mark Cuban"),
            // an abbreviation ("St John", "St Andrew") or an outlet's
            // name.
            let next = next_capital.get_or_insert_with(|| self.next_capitals());
            if (r..r + given).any(|k| {
                next.get(self.words[k])
                    .is_some_and(|next| *next != self.words[k + 1])
            }) {
                continue;
            }
            longer.push((n, r));
        }
        for (n, r) in longer {
            self.tagged[r..out[n].0].fill(true);
            out[n].0 = r;
        }
        if !joined.is_empty() {
            let mut kept = vec![true; out.len()];
            for n in joined {
                kept[n] = false;
            }
            let mut n = 0;
            out.retain(|_| {
                n += 1;
                kept[n - 1]
            });
        }
    }

    /// For each capitalised word, the capitalised word that follows it in
    /// its sentence wherever the article writes both so, or "" when
    /// different words follow it; headlines in title case and lines in
    /// capitals aside, where every word has a capital ("Abiy Wins
    /// Nobel").
    fn next_capitals(&self) -> FxHashMap<&str, &str> {
        let mut next: FxHashMap<&str, &str> = FxHashMap::default();
        for i in 0..self.len().saturating_sub(1) {
            if self.capitalised[i]
                && !self.shouting[i]
                && !self.starts[i + 1]
                && self.capitalised[i + 1]
            {
                let seen = next.entry(self.words[i]).or_insert(self.words[i + 1]);
                if *seen != self.words[i + 1] {
                    *seen = "";
                }
            }
        }
        next
    }

    /// Word `i` is a capitalised word outside any name that may open a
    /// person's name though no list knows it: shaped like a name, with no
    /// run of capitals ("CNNMoney"), no English word ("Sheriff",
    /// "Businessman", "Impeach"), no title or its abbreviation ("Supt",
    /// "Fr"), and nothing else `may_be_given` rules out.
    fn opens_name(&self, i: usize) -> bool {
        let w = self.words[i];
        let capitals_in_a_row = w
            .as_bytes()
            .windows(2)
            .any(|p| p[0].is_ascii_uppercase() && p[1].is_ascii_uppercase());
        self.loose_capital(i)
            && name_shaped(w)
            && w.chars().count() > 1
            && !capitals_in_a_row
            && !is_surname_particle(w)
            && !is_one_of(w, BEFORE_NAMES)
            && !ner::is_english_word(&w.to_lowercase())
            && may_be_given(w)
    }

    /// Adds the names the tagger missed: full names no list knows whose
    /// surname the article writes alone as a person's (`spoken_names`,
    /// which may also lengthen a one-word name found), given names it
    /// left out in front of a name (`given_names_before`), a capitalised word
    /// after "Mr." or "President" or before "administration", and the
    /// surnames of the names found, where the tagger missed them ("the
    /// Trump administration"). `spans` are sorted and apart; so are the
    /// spans returned.
    pub fn add_missed(&mut self, spans: &[(usize, usize)]) -> Vec<(usize, usize)> {
        let mut out = spans.to_vec();
        self.tagged.fill(false);
        for &(a, b) in &out {
            self.tagged[a..b].fill(true);
        }
        self.spoken_names(&mut out);
        self.given_names_before(&mut out);
        // Surnames of the names found: the last capitalised word of each.
        let mut surnames: Vec<&str> = out
            .iter()
            .filter_map(|&(a, b)| {
                self.words[a..b]
                    .iter()
                    .rev()
                    .find(|w| is_capitalised(w) && !ner::is_title(w))
                    .copied()
            })
            .filter(|w| may_be_surname(w))
            .collect();
        surnames.sort_unstable();
        surnames.dedup();
        let mut added = Vec::new();
        // A given name that is nobody's surname and a surname after it,
        // alone: the tagger, which knows few names, misses them most at
        // the start of a sentence ("Federica Mogherini met ...").
        // The surname may carry a particle ("Bashar al-Assad").
        let mut i = 0;
        while i + 1 < self.len() {
            if !self.loose_capital(i) || self.starts[i + 1] {
                i += 1;
                continue;
            }
            let next = self.words[i + 1];
            let bare = PARTICLES
                .iter()
                .find_map(|p| next.strip_prefix(p))
                .unwrap_or(next);
            let surname = if bare.len() < next.len() {
                !self.tagged[i + 1] && !self.shouting[i + 1] && is_capitalised(bare)
            } else {
                self.loose_capital(i + 1)
            };
            if surname
                && (i == 0 || self.starts[i] || !self.loose_capital(i - 1))
                && !self.capital_follows(i + 2)
                && is_first_name(&self.words[i].to_lowercase())
                && name_shaped(bare)
                && surname_word(bare)
                && !self.written_lower(&bare.to_lowercase())
            {
                added.push((i, i + 2));
                self.tagged[i..i + 2].fill(true);
                i += 2;
            } else {
                i += 1;
            }
        }
        for i in 0..self.len() {
            if !self.loose_capital(i) || self.capital_follows(i + 1) {
                continue;
            }
            let w = self.words[i];
            // Not inside a longer capitalised name: after a title, or a
            // common word starting the sentence ("The Trump
            // administration") will do.
            let lone = || {
                i == 0 || self.starts[i] || !self.loose_capital(i - 1) || {
                    let prev = self.words[i - 1];
                    ner::is_title(prev)
                        || self.starts[i - 1] && ner::is_common_word(&prev.to_lowercase())
                }
            };
            let cue = || {
                i > 0
                    && !self.starts[i]
                    && self.words[i - 1].starts_with(char::is_uppercase)
                    && is_one_of(self.words[i - 1], PERSON_CUES)
                    || self.words.get(i + 1).is_some_and(|n| {
                        !self.starts[i + 1]
                            && n.starts_with(char::is_lowercase)
                            && is_one_of(n, AFTER_PERSON)
                    })
            };
            if (surnames.binary_search(&w).is_ok() && lone())
                || (cue() && name_shaped(w) && may_be_surname(w))
            {
                added.push((i, i + 1));
                self.tagged[i] = true;
            }
        }
        if !added.is_empty() {
            out.extend(added);
            out.sort_unstable();
        }
        out
    }

    /// Whether the name `a..b` is something else here: part of a longer
    /// capitalised name, the name of a company, place or building, or a
    /// credit line.
    pub fn rejected_here(&self, a: usize, b: usize) -> bool {
        let last = self.words[a..b]
            .iter()
            .rev()
            .find(|w| w.chars().any(char::is_alphanumeric));
        if last.is_some_and(|w| {
            is_one_of(w, COMPANY_ENDINGS) || is_one_of(w, PLACE_ENDINGS) || ner::is_title(w)
        }) {
            // "Douglas Corp", "Grace Road", "Garda Commissioner".
            return true;
        }
        if self.words[a..b]
            .iter()
            .any(|w| w.starts_with(char::is_uppercase) && is_one_of(w, INSTITUTIONS))
        {
            // "Art Museum Shanghai".
            return true;
        }
        if self.shouting[a] {
            return false;
        }
        if self.capital_follows(b) && self.ends_name(a, b) {
            return true;
        }
        if let Some(&next) = self.words.get(b) {
            let after = self.words.get(b + 1).copied().unwrap_or("");
            // A thing named after someone: "the Richter scale", "a Molotov
            // cocktail", "Parkinson's disease".
            if let Some(last) = last {
                // One buffer, lower case: "parkinson's", then "parkinson's
                // disease"; or "richter scale".
                let mut thing = last.to_lowercase();
                let word = if matches!(next, "'s" | "’s") {
                    thing.push_str("'s");
                    if ner::is_not_person(&thing) {
                        return true;
                    }
                    after
                } else {
                    next
                };
                thing.push(' ');
                thing.extend(word.chars().flat_map(char::to_lowercase));
                if ner::is_not_person(&thing) {
                    return true;
                }
            }
            if next == "&" && after.starts_with(char::is_uppercase)
                || next == "and" && is_one_of(after, COMPANY_ENDINGS)
                || is_one_of(next, LOWER_PLACE_ENDINGS)
            {
                return true;
            }
        }
        if a >= 2 && self.words[a - 1] == ":" && is_one_of(self.words[a - 2], CREDITS) {
            return true;
        }
        if b == a + 1 && a > 0 && self.words[a - 1] == "," && is_one_of(self.words[a], STATES) {
            return true;
        }
        // "Kidder, Peabody and Co": a firm's name, a comma, and the rest of it.
        if self.words.get(b) == Some(&",") {
            let mut j = b + 1;
            while j < self.len() && j <= b + 3 && self.words[j].starts_with(char::is_uppercase) {
                j += 1;
            }
            if j > b + 1
                && matches!(self.words.get(j), Some(&"and" | &"&"))
                && self
                    .words
                    .get(j + 1)
                    .is_some_and(|w| is_one_of(w, COMPANY_ENDINGS))
            {
                return true;
            }
        }
        // "on the Hill.": a surname alone hardly follows "the" at the end
        // of a clause.
        if b == a + 1 && a > 0 && self.words[a - 1].eq_ignore_ascii_case("the") {
            let next = self.words.get(b).copied().unwrap_or(".");
            if !next.chars().any(char::is_alphanumeric) && !next.starts_with(['\'', '’']) {
                return true;
            }
        }
        // "General Staff": a title other than a person's, and a common word.
        if let [title, word] = &self.words[a..b]
            && ner::is_title(title)
            && !is_one_of(title, PERSON_CUES)
        {
            let lower = word.to_lowercase();
            if ner::is_common_word(&lower)
                && ner::surname_rank(&lower).is_none_or(|r| r > COMMON_SURNAME_RANK)
            {
                return true;
            }
        }
        // "North Carolina", "Bowling Green", "Capitol Hill".
        a > 0
            && !self.starts[a]
            && self.loose_capital(a - 1)
            && !ner::is_title(self.words[a - 1])
            && ner::is_not_person(&self.words[a - 1..b].join(" ").to_lowercase())
    }

    /// Whether the name `a..b` is a credit: who made the story, not whom
    /// it is about. A byline ("By Jane Doe" opening a line), a credit line
    /// ("Reporting by A and B; Editing by C", "Additional reporting A",
    /// "A and B contributed to this report"), a picture credit ("Zhu
    /// Xingxin / China Daily", "John Smith/AFP") or the signature of an
    /// embedded tweet ("Jane Doe (@janedoe) March 3, 2017"). The person
    /// still counts where the story names them elsewhere.
    pub fn is_credit(&self, a: usize, b: usize) -> bool {
        let word = |i: usize| self.words.get(i).copied().unwrap_or("");
        let joins = |w: &str| matches!(w, "," | "and" | "&");
        // The list of names this one stands in.
        let mut s = a;
        while s > 0 && a - s < 12 {
            let w = word(s - 1);
            if !(joins(w) || is_capitalised(w) || w.ends_with('.') && w.len() <= 3)
                || w.eq_ignore_ascii_case("by")
                || is_one_of(w, CREDIT_VERBS)
            {
                break;
            }
            s -= 1;
        }
        let mut e = b;
        while e < self.len() && e - b < 12 && (joins(word(e)) || is_capitalised(word(e))) {
            e += 1;
        }
        let before = word(s.wrapping_sub(1));
        if s > 0 && before.eq_ignore_ascii_case("by") {
            if s >= 2 && is_one_of(word(s - 2), CREDIT_VERBS) {
                return true;
            }
            // A byline opens its line: "By Jane Doe", "By Jane Doe and John
            // Roe".
            if self.starts[s - 1]
                && before == "By"
                && (s == a || self.words[s..a].contains(&"and"))
                && !self.words[s..a].contains(&",")
                && !word(b).starts_with(['\'', '’'])
            {
                return true;
            }
        }
        if s >= 2
            && before.eq_ignore_ascii_case("reporting")
            && word(s - 2).eq_ignore_ascii_case("additional")
        {
            return true;
        }
        // "A and B (also) contributed to this report", "... contributed
        // reporting".
        if word(e).eq_ignore_ascii_case("also") {
            e += 1;
        }
        if word(e).eq_ignore_ascii_case("contributed")
            && (word(e + 1).eq_ignore_ascii_case("reporting")
                || word(e + 1).eq_ignore_ascii_case("to")
                    && matches!(word(e + 2), "this" | "the")
                    && matches!(word(e + 3), "report" | "story" | "article" | "reporting"))
        {
            return true;
        }
        if word(b) == "/" && word(b + 1).starts_with(char::is_uppercase) {
            return true;
        }
        // "Follow Jane Doe on Twitter", "Follow Jane Doe on X @janedoe".
        // "Follow" opens its sentence (a quote mark aside); the verb in
        // running text is no credit ("millions follow Taylor Swift on
        // Instagram").
        let opens = |f: usize| {
            f == 0 || self.starts[f] || !self.words[f - 1].chars().any(char::is_alphanumeric)
        };
        if (s.saturating_sub(1)..a).any(|f| self.words[f] == "Follow" && opens(f))
            && word(e) == "on"
            && matches!(
                word(e + 1).to_lowercase().as_str(),
                "x" | "twitter"
                    | "instagram"
                    | "facebook"
                    | "threads"
                    | "bluesky"
                    | "linkedin"
                    | "tiktok"
                    | "mastodon"
            )
        {
            return true;
        }
        // An author's note closing the story: "Mark LeVine is a professor
        // of history at ...".
        if self.starts[a]
            && a + BIO_REACH >= self.len()
            && word(b) == "is"
            && matches!(word(b + 1), "a" | "an" | "the")
            && (b + 2..b + 7).any(|i| is_one_of(word(i), BIO_ROLES))
        {
            return true;
        }
        word(b) == "("
            && word(b + 1).starts_with('@')
            && word(b + 2) == ")"
            && is_one_of(word(b + 3), MONTHS)
    }

    /// The names of firms and institutions: capitalised names that end in
    /// a company ending ("Chrysler Corp", "Dean Witter Reynolds Inc", "Fox
    /// News"), and names found (`spans`) that follow a person as his firm
    /// ("John Henry of E.F. Hutton", "an analyst with Dean Witter",
    /// "brokers James Capel"), names written as a place's ("the city of
    /// Rovaniemi"), a storm's or a ship's ("Hurricane Harvey", "USS Gerald
    /// R. Ford"), and pairs that are a firm's name ("Harper and Row");
    /// each as its words in lower case.
    pub fn companies(&self, spans: &[(usize, usize)]) -> Vec<Vec<String>> {
        let lower = |a: usize, b: usize| -> Vec<String> {
            self.words[a..b]
                .iter()
                .filter(|w| w.chars().any(char::is_alphanumeric))
                .map(|w| w.to_lowercase())
                .collect()
        };
        let mut out = Vec::new();
        for &(a, b) in spans {
            // "Johnson and Johnson", "Harper and Row": a name, "and", and
            // the same name or a capitalised common word.
            if b == a + 1 && matches!(self.words.get(b), Some(&"and" | &"&")) {
                let (x, y) = (self.words[a], self.words.get(b + 1).copied().unwrap_or(""));
                let common = || {
                    is_capitalised(y)
                        && !self.tagged[b + 1]
                        && ner::is_common_word(&y.to_lowercase())
                        && !is_one_of(y, AFTER_PERSON)
                        && !ner::is_title(y)
                        && !self.capital_follows(b + 2)
                };
                if x.eq_ignore_ascii_case(y) || common() {
                    out.push(lower(a, b + 2));
                }
            }
            if a < 2 || self.shouting[a] {
                continue;
            }
            let (before, link) = (self.words[a - 2], self.words[a - 1]);
            // In lower case: "Volkswagen Group Matthias Muller" is a man.
            let firm = is_one_of(link, FIRMS) && link.starts_with(char::is_lowercase)
                || matches!(link, "of" | "at" | "with") && is_one_of(before, AFFILIATED)
                || link == "of" && self.tagged[a - 2] && is_capitalised(before)
                || link == "of"
                    && is_one_of(before, PLACE_NOUNS)
                    && before.starts_with(char::is_lowercase);
            if firm {
                out.push(lower(a, b));
            }
        }
        // A storm's or a ship's name: every name inside it, and so the
        // same name alone elsewhere in the article ("Harvey dumped record
        // rain"), is the storm's or the ship's.
        for (i, w) in self.words.iter().enumerate() {
            if self.shouting[i] || !w.starts_with(char::is_uppercase) || !is_one_of(w, NAMED_THINGS)
            {
                continue;
            }
            // The name: capitalised words up to a title ("After Hurricane
            // Harvey Gov. Greg Abbott said").
            let mut j = i + 1;
            while j < self.len()
                && j <= i + 5
                && !self.starts[j]
                && self.words[j].starts_with(char::is_uppercase)
                && !ner::is_title(self.words[j])
            {
                j += 1;
            }
            let first = spans.partition_point(|&(a, _)| a < i);
            for &(a, b) in spans[first..].iter().take_while(|&&(a, _)| a < j) {
                if a == i && b > a + 1 {
                    // The tagger took the word in: "Storm Ciaran".
                    out.push(lower(a, b));
                    out.push(lower(a + 1, b));
                } else if a > i && b <= j {
                    out.push(lower(a, b));
                }
            }
        }
        for (i, w) in self.words.iter().enumerate() {
            if i == 0 || self.starts[i] || !w.starts_with(char::is_uppercase) {
                continue;
            }
            if !is_one_of(w, COMPANY_ENDINGS) {
                continue;
            }
            // Back over capitalised words and "&" ("Procter & Gamble Co"),
            // an "and" right before the ending ("E.F. Hutton and Co"), and
            // then a comma ("Kidder, Peabody and Co"), to the start of the
            // sentence.
            let mut a = i;
            let anded = matches!(self.words[i - 1], "and" | "&");
            while a > 0 && i - a < 8 {
                let p = self.words[a - 1];
                let joins = p == "&" || p == "and" && a == i || p == "," && anded && i - a <= 4;
                if !(p.starts_with(char::is_uppercase) || joins) {
                    break;
                }
                a -= 1;
                if self.starts[a] {
                    break;
                }
            }
            if a < i {
                out.push(lower(a, i));
            }
        }
        out
    }

    /// Runs of two capitalised words or more, in lower case, that one of
    /// `nouns` follows in lower case ("the Fine Gael parliamentary party").
    fn names_before(&self, nouns: &[&str]) -> Vec<String> {
        let mut out = Vec::new();
        for (b, next) in self.words.iter().enumerate() {
            // The cheap tests first: this runs over every word.
            if b < 2
                || self.starts[b]
                || self.shouting[b]
                || !self.capitalised[b - 1]
                || !is_one_of(next, nouns)
            {
                continue;
            }
            // Back over capitalised words to the start of the sentence or
            // another name's end ("Inc."), then past a sentence's "The".
            let mut a = b;
            while a > 0 && b - a < 6 && self.capitalised[a - 1] && !self.words[a - 1].ends_with('.')
            {
                a -= 1;
                if self.starts[a] {
                    break;
                }
            }
            while a < b && super::is_function_word(&self.words[a].to_lowercase()) {
                a += 1;
            }
            if b - a >= 2 {
                let words: Vec<String> =
                    self.words[a..b].iter().map(|w| w.to_lowercase()).collect();
                out.push(words.join(" "));
            }
        }
        out
    }

    /// The names a noun for a firm's people follows ("Morgan Stanley
    /// analysts"): the archive weighs them with the organisations' names;
    /// in one article they decide nothing (a strategist may be a
    /// politician's).
    pub fn staffed(&self) -> Vec<String> {
        self.names_before(STAFF_NOUNS)
    }

    /// The names the article writes as an organisation's, for the
    /// archive to weigh against the same names taken for people: the
    /// first two words and more of each company's name (`companies`:
    /// "dean witter" of "Dean Witter Reynolds Inc"), runs of two
    /// capitalised words or more that an organisation's noun follows
    /// ("the Fine Gael parliamentary party"), and pairs of one-word names
    /// found (`spans`) joined by "and" ("wagner and brown"). Each in
    /// lower case, once.
    pub fn organisations(
        &self,
        spans: &[(usize, usize)],
        companies: &[Vec<String>],
    ) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        let mut add = |name: String| {
            if !out.contains(&name) {
                out.push(name);
            }
        };
        for words in companies {
            for end in 2..=words.len() {
                add(words[..end].join(" "));
            }
        }
        // Two names of one word each joined by "and" ("an affiliate of
        // Wagner and Brown"): a firm's name where the archive writes the
        // pair again and again, two people where it does not.
        for pair in spans.windows(2) {
            let [(a, b), (c, d)] = [pair[0], pair[1]];
            if b == a + 1 && c == b + 1 && d == c + 1 && matches!(self.words[b], "and" | "&") {
                let (x, y) = (self.words[a].to_lowercase(), self.words[c].to_lowercase());
                add(format!("{x} and {y}"));
            }
        }
        for name in self.names_before(ORGANISATION_NOUNS) {
            add(name);
        }
        out
    }

    /// The word (lower case) is written in lower case somewhere in the
    /// document. The words so written are gathered once, at the first
    /// question: a scan at each question took time in the square of the
    /// length on text of endless capitalised words.
    pub fn written_lower(&self, lower: &str) -> bool {
        self.lower_words
            .get_or_init(|| {
                self.words
                    .iter()
                    .copied()
                    .filter(|w| !w.chars().any(char::is_uppercase))
                    .collect()
            })
            .contains(lower)
    }
}

/// Whether a person's name (its words in lower case) is no person's, by
/// the lists and the document: a company's name, a place, a people or a
/// thing, a name opened by a foreign article ("Der Spiegel"), a given
/// name alone, or a common word standing alone. `at_starts`
/// says whether every mention starts a sentence or is in capitals.
pub(super) fn not_a_person(
    tokens: &Tokens,
    companies: &Companies,
    key: &[String],
    at_starts: bool,
) -> bool {
    let joined = key.join(" ");
    if companies.0.contains(&joined) {
        return true;
    }
    // "Co Mayo" is County Mayo; a name opened by a German, Dutch or
    // Spanish article is a paper's, a party's or a band's ("Der Spiegel",
    // "Die Linke", "Het Parool", "Los Tigres del Norte"), not a person's.
    let article = key.len() > 1 && matches!(key[0].as_str(), "der" | "die" | "het" | "los" | "las");
    if ner::is_not_person(&joined) || is_one_of(&key[0], NUMBERS) || key[0] == "co" || article {
        return true;
    }
    let [word] = key else {
        // Every word a common English word and none a name: "Night Live".
        return key.iter().all(|w| {
            ner::is_common_word(w)
                && ner::surname_rank(w).is_none_or(|r| r > COMMON_SURNAME_RANK)
                && !ner::is_given_first(w)
        });
    };
    if ner::is_given_first(word) {
        return true;
    }
    if word.len() > 3 && word.strip_suffix('s').is_some_and(ner::is_not_person) {
        // "Muslims", "Yemenis".
        return true;
    }
    if is_one_of(word, ROLES) {
        return true;
    }
    // A common English word that is a rare surname or none ("Check out
    // the clip"); one that starts each sentence it is in ("Known for his
    // hard line"); one written in lower case elsewhere ("Green" and
    // "green"), unless a common surname.
    let rank = ner::surname_rank(word).unwrap_or(u32::MAX);
    let common = ner::is_common_word(word);
    (common && (at_starts || rank > RARE_SURNAME_RANK))
        || (rank > COMMON_SURNAME_RANK && tokens.written_lower(word))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_are_sorted_lower_case() {
        for list in LISTS {
            assert!(list.windows(2).all(|w| w[0] < w[1]), "{list:?}");
            assert!(
                list.iter()
                    .all(|w| w.bytes().all(|b| b.is_ascii_lowercase()))
            );
        }
    }

    /// The spans `given_names_before` makes of `found` (token spans the
    /// tagger found) in `text`, words split at spaces, one sentence.
    fn before(text: &str, found: &[(usize, usize)]) -> Vec<String> {
        let words: Vec<&str> = text.split(' ').collect();
        let mut starts = vec![false; words.len()];
        starts[0] = true;
        let mut tokens = Tokens {
            capitalised: words.iter().map(|w| is_capitalised(w)).collect(),
            shouting: vec![false; words.len()],
            tagged: vec![false; words.len()],
            words,
            starts: &starts,
            lower_words: std::cell::OnceCell::new(),
        };
        for &(a, b) in found {
            tokens.tagged[a..b].fill(true);
        }
        let mut spans = found.to_vec();
        tokens.given_names_before(&mut spans);
        spans
            .iter()
            .map(|&(a, b)| tokens.words[a..b].join(" "))
            .collect()
    }

    #[test]
    fn given_names_join_the_name_after_them() {
        assert_eq!(before("Then Abiy Ahmed said so", &[(2, 3)]), ["Abiy Ahmed"]);
        assert_eq!(
            before("Then Ursula von der Leyen said so", &[(4, 5)]),
            ["Ursula von der Leyen"]
        );
        assert_eq!(
            before("Then Mohammed bin Salman said so", &[(1, 2), (3, 4)]),
            ["Mohammed bin Salman"]
        );
        // After a title, or at the start of the sentence.
        assert_eq!(
            before("Then Prime Minister Abiy Ahmed said so", &[(4, 5)]),
            ["Abiy Ahmed"]
        );
        assert_eq!(before("Abiy Ahmed said so", &[(1, 2)]), ["Abiy Ahmed"]);
    }

    #[test]
    fn a_particle_the_tagger_took_for_a_name_keeps_the_spans_apart() {
        assert_eq!(
            before("Then Abiy bin Ahmed said so", &[(2, 3), (3, 4)]),
            ["bin", "Ahmed"]
        );
    }

    #[test]
    fn a_headline_in_title_case_says_nothing_of_what_follows_a_word() {
        let words: Vec<&str> = "Abiy Wins Nobel . Then Abiy Ahmed said so"
            .split(' ')
            .collect();
        let mut starts = vec![false; words.len()];
        starts[0] = true;
        starts[4] = true;
        let mut shouting = vec![false; words.len()];
        shouting[..4].fill(true);
        let mut tokens = Tokens {
            capitalised: words.iter().map(|w| is_capitalised(w)).collect(),
            shouting,
            tagged: vec![false; words.len()],
            words,
            starts: &starts,
            lower_words: std::cell::OnceCell::new(),
        };
        tokens.tagged[6] = true;
        let mut spans = vec![(6, 7)];
        tokens.given_names_before(&mut spans);
        assert_eq!(spans, [(5, 7)]);
    }

    #[test]
    fn words_that_open_no_name_stay_out_of_it() {
        /// A text, the spans the tagger found, the names made of them.
        type Case = (
            &'static str,
            &'static [(usize, usize)],
            &'static [&'static str],
        );
        let cases: [Case; 11] = [
            // An English word, an abbreviated title, a run of capitals.
            ("Then Sheriff Ahmed said so", &[(2, 3)], &["Ahmed"]),
            ("Then Supt Ahmed said so", &[(2, 3)], &["Ahmed"]),
            ("Then CNNMoney Ahmed said so", &[(2, 3)], &["Ahmed"]),
            // A word written before other names is a description.
            (
                "Then Zorbo Ahmed met Zorbo Hassan",
                &[(2, 3), (5, 6)],
                &["Ahmed", "Hassan"],
            ),
            // More capitalised words before: the end of a longer name.
            ("Then Banco Rico Zorbo Ahmed said so", &[(4, 5)], &["Ahmed"]),
            // Before a full name, only a given name of the lists.
            ("Then Uproxx Tina Fey said so", &[(2, 4)], &["Tina Fey"]),
            (
                "Then Recep Tayyip Erdogan said so",
                &[(2, 4)],
                &["Recep Tayyip Erdogan"],
            ),
            // Words that name a place.
            (
                "Then Sri Lanka Rajapaksa said so",
                &[(3, 4)],
                &["Rajapaksa"],
            ),
            // A word found alone that names no one is no name to lengthen.
            ("Then Impeach Trump said so", &[(2, 3)], &["Trump"]),
            ("Then Zorbo Olympics said so", &[(2, 3)], &["Olympics"]),
            (
                "Then Mohammed bin Summer said so",
                &[(1, 2), (3, 4)],
                &["Mohammed", "Summer"],
            ),
        ];
        for (text, found, names) in cases {
            assert_eq!(before(text, found), names, "{text}");
        }
    }
}
