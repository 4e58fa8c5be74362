//! People across the archive: which of the names found in single articles
//! are one person, which lone surnames stand for whom, and which "people"
//! are no person at all. Only the whole archive can tell: "Sergei Lavrov"
//! and "Sergey Lavrov" are one man because nobody else is called so; a
//! story that says only "Trump" means Donald Trump because the archive
//! names no other Trump nearly as often; "Fox" is no person because the
//! archive mostly writes the word where the tagger saw no person.
//!
//! [`resolve`] turns what the index counts (each person value with its
//! number of articles, each capitalised word outside names with its
//! number) into a [`Table`]; [`Corrections`] by the user are applied on
//! top ([`Table::corrected`]). Pure functions over counts: the index
//! gathers them (`index::entities`), the search side reads the table.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde::{Deserialize, Serialize};
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

use super::ner;

/// A lone surname stands for the archive's most named bearer of it when
/// that bearer holds at least this share of the articles naming any
/// bearer in full ...
pub const DOMINANT_SHARE: f64 = 0.85;
/// ... and at least this many of them ...
pub const DOMINANT_MIN_ARTICLES: u64 = 3;
/// ... unless the word is a given name of the lists that starts more
/// than this many times as many of the archive's full names as it ends.
pub const GIVEN_OVER_SURNAME: u64 = 3;
/// A capitalised word the tagger did not take for a name ("the Trump
/// administration") stands for that person when the archive tags the word
/// as a name in at least this many articles for each article where it
/// stands untagged.
pub const WORD_TAGGED_RATIO: f64 = 0.5;
/// ... and tags it in at least this many articles.
pub const WORD_MIN_TAGGED: u64 = 10;
/// A one-word "person" that no full name explains is no person when the
/// archive writes the word untagged in more articles than it tags it
/// ("Fox", "Muslim", "Samsung"); nor is a full name whose first word is
/// no given name and is so written ("North Carolina", "Fine Gael").
pub const UNTAGGED_RATIO: f64 = 1.0;
/// A full name is no person when its last word is written untagged this
/// many times as often as tagged ("Al Jazeera News").
pub const UNTAGGED_LAST_RATIO: f64 = 4.0;
/// A full name is a firm's or a party's, not a person's, when the archive
/// writes it as an organisation's name ("Dean Witter Reynolds Inc", "the
/// Fine Gael parliamentary party") or a thing's, after "the" ("the Charlie
/// Hebdo offices"), in at least half as many articles as
/// take it for a person (a firm named after its founder, "Ivan F. Boesky
/// and Co", leaves him a person) ...
pub const ORGANISATION_SHARE: f64 = 0.5;
/// ... and in at least this many articles.
pub const ORGANISATION_MIN_ARTICLES: u64 = 3;
/// A lone name is half of a firm's name ("Wagner and Brown") when the
/// archive writes the pair in at least half as many articles as the name
/// stands alone, and in at least this many, and knows neither word as a
/// person's surname.
pub const PAIR_MIN_ARTICLES: u64 = 5;

/// How the archive's person values map onto people. Values not listed
/// stand for themselves.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Table {
    /// A person value as indexed -> the canonical name of its person,
    /// where the two differ.
    #[serde(default)]
    pub alias: BTreeMap<String, String>,
    /// Person values that name no person (lone given names, words the
    /// archive mostly writes outside names, what the user rejected).
    #[serde(default)]
    pub rejected: BTreeSet<String>,
    /// A capitalised word found outside names -> the person whose surname
    /// it is.
    #[serde(default)]
    pub words: BTreeMap<String, String>,
}

/// A name as names are compared across the archive: lower case, accents
/// off, hyphens as spaces, transliteration variants folded (`sergey` =
/// `sergei`), and initials, suffixes and the particles "al"/"el" dropped.
/// The initials are kept aside: George W. Bush is not George H. W. Bush.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct NameKey {
    pub words: Vec<String>,
    pub initials: String,
    /// The last word as a surname: hyphenated parts kept together
    /// ("ki-moon", "ramos-horta"), a particle dropped ("al-Assad": "assad").
    pub surname: String,
}

/// Particles that some sources write and others drop ("Bashar al-Assad",
/// "Bashar Assad").
const PARTICLES: &[&str] = &["al", "el", "ul"];
/// Suffixes written or dropped for one person ("Pope Benedict XVI" aside,
/// "Jr." stays: Donald Trump Jr. is not his father).
const SUFFIXES: &[&str] = &["ii", "iii", "iv"];

/// Short forms of English given names and the names they stand for: the
/// first word of a full name is compared as its long form, so "Mike
/// Flynn" is Michael Flynn and "Steve Bannon" Stephen Bannon. Only forms
/// that stand for one name of one sex.
const SHORT_FORMS: &[(&str, &str)] = &[
    ("andy", "andrew"),
    ("ben", "benjamin"),
    ("bill", "william"),
    ("bob", "robert"),
    ("charlie", "charles"),
    ("chuck", "charles"),
    ("dan", "daniel"),
    ("dave", "david"),
    ("dick", "richard"),
    ("don", "donald"),
    ("doug", "douglas"),
    ("ed", "edward"),
    ("fred", "frederick"),
    ("greg", "gregory"),
    ("jeff", "jeffrey"),
    ("jim", "james"),
    ("joe", "joseph"),
    ("ken", "kenneth"),
    ("larry", "lawrence"),
    ("liz", "elizabeth"),
    ("matt", "matthew"),
    ("mike", "michael"),
    ("nick", "nicholas"),
    ("phil", "philip"),
    ("rick", "richard"),
    ("ron", "ronald"),
    ("steve", "stephen"),
    ("steven", "stephen"),
    ("tim", "timothy"),
    ("tom", "thomas"),
    ("tony", "anthony"),
    ("walt", "walter"),
];

/// Lower case without accents: "José" -> "jose".
pub fn fold_case(s: &str) -> String {
    s.nfkd()
        .filter(|c| !is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .map(|c| if c == '’' { '\'' } else { c })
        .collect()
}

/// One word of a name, folded: transliteration endings (`-y`, `-iy`,
/// `-ii` -> `-i`), `ks` -> `x`.
fn fold_word(word: &str) -> String {
    let mut w = word.replace("ks", "x");
    if w.len() >= 4 {
        for ending in ["iy", "yi", "ii", "y"] {
            if let Some(stem) = w.strip_suffix(ending)
                && stem.len() >= 3
            {
                w = format!("{stem}i");
                break;
            }
        }
    }
    w
}

impl NameKey {
    pub fn of(name: &str) -> NameKey {
        let folded = fold_case(name);
        let mut words = Vec::new();
        let mut initials = String::new();
        for part in folded.split(|c: char| c.is_whitespace() || c == '-') {
            let bare = part.trim_matches(|c: char| !c.is_alphanumeric());
            let bare = bare.strip_suffix("'s").unwrap_or(bare);
            if bare.is_empty() || SUFFIXES.contains(&bare) || PARTICLES.contains(&bare) {
                continue;
            }
            // "J.", "H.W." and lone letters are initials.
            let letters: Vec<&str> = bare.split('.').filter(|p| !p.is_empty()).collect();
            if letters.iter().all(|p| p.chars().count() == 1)
                && (part.contains('.') || bare.chars().count() == 1)
            {
                initials.extend(letters.iter().flat_map(|p| p.chars()));
                continue;
            }
            words.push(fold_word(&bare.replace('.', "")));
        }
        if words.len() >= 2
            && let Ok(i) = SHORT_FORMS.binary_search_by_key(&words[0].as_str(), |(s, _)| s)
        {
            words[0] = SHORT_FORMS[i].1.to_owned();
        }
        let surname = folded
            .split_whitespace()
            .rev()
            .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
            .map(|w| w.strip_suffix("'s").unwrap_or(w))
            .find(|w| {
                !w.is_empty() && !w.contains('.') && !SUFFIXES.contains(w) && w.chars().count() > 1
            })
            .map(|w| {
                let w = PARTICLES
                    .iter()
                    .find_map(|p| w.strip_prefix(p).and_then(|r| r.strip_prefix('-')))
                    .unwrap_or(w);
                fold_word(w)
            })
            .unwrap_or_default();
        NameKey {
            words,
            initials,
            surname,
        }
    }

    fn last(&self) -> Option<&str> {
        self.words.last().map(String::as_str)
    }
}

/// `short`'s words appear in `long` in order, and both end with the same
/// word: "hillary clinton" in "hillary rodham clinton".
fn is_part_of(short: &[String], long: &[String]) -> bool {
    if short.len() >= long.len() || short.last() != long.last() {
        return false;
    }
    let mut rest = long.iter();
    short.iter().all(|w| rest.any(|l| l == w))
}

/// A tiny union-find over cluster numbers.
struct Union(Vec<usize>);

impl Union {
    fn find(&mut self, mut i: usize) -> usize {
        while self.0[i] != i {
            self.0[i] = self.0[self.0[i]];
            i = self.0[i];
        }
        i
    }
    fn join(&mut self, a: usize, b: usize) {
        let (a, b) = (self.find(a), self.find(b));
        if a != b {
            self.0[a] = b;
        }
    }
}

/// Written as a name is: its first and last words capitalised ("Staffan
/// de Mistura", not "bill Reagan").
fn well_cased(name: &str) -> bool {
    let capital = |w: &str| w.chars().any(char::is_uppercase);
    let mut words = name.split_whitespace();
    words.next().is_some_and(capital) && words.last().is_none_or(capital)
}

/// Resolves the archive's people from its counts: `people` holds each
/// person value with its number of articles, `words` each capitalised
/// word found outside names with its number, `organisations` each name
/// written as an organisation's with its number.
pub fn resolve(
    people: &[(String, u64)],
    words: &[(String, u64)],
    organisations: &[(String, u64)],
) -> Table {
    let keys: Vec<NameKey> = people.iter().map(|(n, _)| NameKey::of(n)).collect();
    let mut table = Table::default();

    // 1. Full names (two words or more) in clusters: one per key and kind
    //    of initials.
    let mut cluster_of_name: Vec<Option<usize>> = vec![None; people.len()];
    let mut by_key: HashMap<&[String], Vec<usize>> = HashMap::new();
    for (i, k) in keys.iter().enumerate() {
        if k.words.len() >= 2 {
            by_key.entry(&k.words).or_default().push(i);
        } else if k.words.is_empty() {
            table.rejected.insert(people[i].0.clone());
        }
    }
    let mut clusters: Vec<Vec<usize>> = Vec::new();
    let mut sorted_keys: Vec<&&[String]> = by_key.keys().collect();
    sorted_keys.sort();
    for key in sorted_keys {
        let names = &by_key[*key];
        // Names with initials, by their initials; names without join the
        // one kind of initials used for most of them, if there is one.
        let mut kinds: BTreeMap<&str, u64> = BTreeMap::new();
        for &i in names {
            if !keys[i].initials.is_empty() {
                *kinds.entry(&keys[i].initials).or_default() += people[i].1;
            }
        }
        let total: u64 = kinds.values().sum();
        let main_kind = kinds
            .iter()
            .max_by_key(|(_, n)| **n)
            .filter(|(_, n)| **n as f64 >= DOMINANT_SHARE * total as f64)
            .map(|(k, _)| *k);
        let mut slot: BTreeMap<&str, usize> = BTreeMap::new();
        for &i in names {
            let kind = match keys[i].initials.as_str() {
                "" => main_kind.unwrap_or(""),
                k => k,
            };
            let c = *slot.entry(kind).or_insert_with(|| {
                clusters.push(Vec::new());
                clusters.len() - 1
            });
            clusters[c].push(i);
            cluster_of_name[i] = Some(c);
        }
    }
    let weight = |members: &[usize]| members.iter().map(|&i| people[i].1).sum::<u64>();
    let mut union = Union((0..clusters.len()).collect());

    // 2. A shorter full name joins the one longer name it is part of
    //    ("Hillary Clinton", "Hillary Rodham Clinton"), if one holds most
    //    of them; "Donald Trumps" joins a far more named "Donald Trump".
    let mut by_last: HashMap<&str, Vec<usize>> = HashMap::new();
    for (c, members) in clusters.iter().enumerate() {
        if let Some(last) = keys[members[0]].last() {
            by_last.entry(last).or_default().push(c);
        }
    }
    for c in 0..clusters.len() {
        let key = &keys[clusters[c][0]].words;
        let supersets: Vec<usize> = by_last[key.last().map(String::as_str).unwrap_or("")]
            .iter()
            .copied()
            .filter(|&d| d != c && is_part_of(key, &keys[clusters[d][0]].words))
            .collect();
        let total: u64 = supersets.iter().map(|&d| weight(&clusters[d])).sum();
        if let Some(&best) = supersets.iter().max_by_key(|&&d| weight(&clusters[d]))
            && weight(&clusters[best]) as f64 >= DOMINANT_SHARE * total as f64
        {
            union.join(c, best);
            continue;
        }
        if let Some(stem) = key.last().and_then(|l| l.strip_suffix('s')) {
            let mut singular = key.clone();
            *singular.last_mut().expect("two words") = stem.to_owned();
            if let Some(names) = by_key.get(singular.as_slice()) {
                let d = cluster_of_name[names[0]].expect("full names have clusters");
                if weight(&clusters[d]) >= 5 * weight(&clusters[c]) {
                    union.join(c, d);
                }
            }
        }
    }
    let mut merged: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for (c, members) in clusters.iter().enumerate() {
        let root = union.find(c);
        merged
            .entry(root)
            .or_default()
            .extend(members.iter().copied());
    }
    let entities: Vec<Vec<usize>> = merged.into_values().collect();

    // The canonical name of each: its most used well-written form. It
    // speaks for the entity, not a stray longer form that joined it
    // ("Affairs-Charlie Flanagan").
    let best: Vec<usize> = entities
        .iter()
        .map(|members| {
            *members
                .iter()
                .max_by_key(|&&i| {
                    (
                        well_cased(&people[i].0),
                        people[i].1,
                        std::cmp::Reverse(&people[i].0),
                    )
                })
                .expect("entities have names")
        })
        .collect();
    let canonical: Vec<&str> = best.iter().map(|&i| people[i].0.as_str()).collect();

    // How often each folded word is tagged as (part of) a name, and how
    // often it stands capitalised outside names.
    let mut tagged: HashMap<&str, u64> = HashMap::new();
    for (i, k) in keys.iter().enumerate() {
        for w in &k.words {
            *tagged.entry(w).or_default() += people[i].1;
        }
    }
    let word_keys: Vec<String> = words
        .iter()
        .map(|(w, _)| fold_word(&fold_case(w)))
        .collect();
    let mut untagged: HashMap<&str, u64> = HashMap::new();
    for (k, (_, n)) in word_keys.iter().zip(words) {
        *untagged.entry(k).or_default() += n;
    }
    if let Ok(list) = std::env::var("NEWSIDX_DEBUG_WORDS") {
        for w in list.split(',') {
            eprintln!(
                "{w}: tagged {:?} untagged {:?}",
                tagged.get(w),
                untagged.get(w)
            );
        }
    }
    let ratio = |w: &str| {
        tagged.get(w).copied().unwrap_or(0) as f64
            / untagged.get(w).copied().unwrap_or(0).max(1) as f64
    };

    // How many articles write each name as an organisation's.
    let mut firm: HashMap<Vec<String>, u64> = HashMap::new();
    for (name, n) in organisations {
        *firm.entry(NameKey::of(name).words).or_default() += n;
    }

    // 3. Full names: aliases of their canonical name, unless the archive
    //    mostly writes their words outside names: the first where it is
    //    no given name ("North Carolina"), or the last ("Al Jazeera News"),
    //    or never writes them as a name is written; or unless it writes
    //    them as an organisation's name often enough ("Dean Witter").
    let mut is_person = vec![true; entities.len()];
    for (e, members) in entities.iter().enumerate() {
        let key = &keys[best[e]].words;
        let as_firm = firm.get(key).copied().unwrap_or(0);
        let a_firm = as_firm >= ORGANISATION_MIN_ARTICLES
            && as_firm as f64 >= ORGANISATION_SHARE * weight(members) as f64;
        let (first, last) = (&key[0], &key[key.len() - 1]);
        // Never once written as a name is ("bill Reagan signed"): a
        // tagger's slip.
        let written = members.iter().any(|&i| well_cased(&people[i].0));
        is_person[e] = written
            && !a_firm
            && !super::people::is_function_word(first)
            && (ner::is_given_name(first) || ratio(first) * UNTAGGED_RATIO >= 1.0)
            && ratio(last) * UNTAGGED_LAST_RATIO >= 1.0;
        for &i in members {
            let name = &people[i].0;
            if !is_person[e] {
                table.rejected.insert(name.clone());
            } else if name != canonical[e] {
                table.alias.insert(name.clone(), canonical[e].to_owned());
            }
        }
    }

    // 4. Surnames and their bearers (people only): the last word of a
    //    full name, or a short first word where it is no given name and
    //    the last no surname ("Xi Jinping").
    let mut bearers: HashMap<&str, Vec<(usize, u64)>> = HashMap::new();
    for (e, members) in entities.iter().enumerate() {
        if !is_person[e] {
            continue;
        }
        let w = weight(members);
        let key = &keys[best[e]];
        let (first, last) = (&key.words[0], &key.words[key.words.len() - 1]);
        bearers.entry(&key.surname).or_default().push((e, w));
        // Family name first: a short first word that is no given name
        // before a last word that is no surname ("Xi Jinping", "Wang Yi").
        if key.words.len() <= 3
            && first.chars().count() <= 4
            && !ner::is_given_name(first)
            && !ner::is_listed_surname(last)
        {
            bearers.entry(first).or_default().push((e, w));
        }
    }
    let mut starts: HashMap<&str, u64> = HashMap::new();
    let mut ends: HashMap<&str, u64> = HashMap::new();
    for (i, k) in keys.iter().enumerate() {
        if let [first, .., last] = &k.words[..] {
            *starts.entry(first).or_default() += people[i].1;
            *ends.entry(last).or_default() += people[i].1;
        }
    }
    // A word of the name lists that starts the archive's full names far
    // more often than it ends them is a given name, whoever bears it as a
    // surname: "James" alone is not Bill James, whom the archive names
    // twice, when it names James Baker three hundred times.
    let dominant = |surname: &str| -> Option<usize> {
        let list = bearers.get(surname)?;
        let total: u64 = list.iter().map(|b| b.1).sum();
        let &(e, w) = list.iter().max_by_key(|b| (b.1, std::cmp::Reverse(b.0)))?;
        let (s, n) = (
            starts.get(surname).copied().unwrap_or(0),
            ends.get(surname).copied().unwrap_or(0),
        );
        let given = ner::is_given_name(surname) && s > GIVEN_OVER_SURNAME * n;
        (!given && w >= DOMINANT_MIN_ARTICLES && w as f64 >= DOMINANT_SHARE * total as f64)
            .then_some(e)
    };

    let given_name = |w: &str| {
        let (s, e) = (
            starts.get(w).copied().unwrap_or(0),
            ends.get(w).copied().unwrap_or(0),
        );
        s > e || (s == 0 && e == 0 && ner::is_given_name(w))
    };

    // 5. Lone words: the dominant bearer's surname, else no person if a
    //    given name (and no bearer's surname) or mostly written outside
    //    names, else a surname of its own (the spelling most used).
    let mut lone: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, k) in keys.iter().enumerate() {
        if k.words.len() == 1 {
            lone.entry(&k.words[0]).or_default().push(i);
        }
    }
    // The pairs of one-word names the archive writes as one name, and
    // how often: "Wagner and Brown" is a firm; "Flynn and Kislyak" two
    // people, for Kislyak is a person the archive knows.
    let mut paired: HashMap<String, u64> = HashMap::new();
    for (name, n) in organisations {
        if let [x, "and", y] = name.split(' ').collect::<Vec<_>>()[..] {
            let (x, y) = (fold_word(&fold_case(x)), fold_word(&fold_case(y)));
            if dominant(&x).is_some() || dominant(&y).is_some() {
                continue;
            }
            for w in [x, y] {
                let e = paired.entry(w).or_default();
                *e = (*e).max(*n);
            }
        }
    }
    // Lone surnames standing for themselves, with no bearer named in full.
    let mut unborne: HashMap<&str, &str> = HashMap::new();
    for (word, names) in lone {
        let target = match dominant(word) {
            Some(e) => Some(canonical[e]),
            // A given name: one that starts the archive's full names more
            // often than it ends them, or a listed one that does neither.
            None if given_name(word) => None,
            None if ratio(word) * UNTAGGED_RATIO < 1.0 => None,
            // Half of a firm's name ("Wagner and Brown").
            None if paired.get(word).is_some_and(|&p| {
                let lone: u64 = names.iter().map(|&i| people[i].1).sum();
                p >= PAIR_MIN_ARTICLES && p as f64 >= ORGANISATION_SHARE * lone as f64
            }) =>
            {
                None
            }
            None => names
                .iter()
                .max_by_key(|&&i| (well_cased(&people[i].0), people[i].1))
                .map(|&i| people[i].0.as_str()),
        };
        if let Some(t) = target
            && !bearers.contains_key(word)
            && dominant(word).is_none()
        {
            unborne.insert(word, t);
        }
        for &i in &names {
            let name = &people[i].0;
            match target {
                None => {
                    table.rejected.insert(name.clone());
                }
                Some(t) if t != name => {
                    table.alias.insert(name.clone(), t.to_owned());
                }
                Some(_) => {}
            }
        }
    }

    // 6. Capitalised words outside names: the dominant bearer's surname,
    //    where the archive tags the word as a name often enough.
    //    A surname the archive only ever names alone ("Reagan" in a wire
    //    that writes "President Reagan") stands for itself so, where the
    //    archive tags it at least as often as not.
    for ((word, _), key) in words.iter().zip(&word_keys) {
        let often = tagged.get(key.as_str()).copied().unwrap_or(0) >= WORD_MIN_TAGGED;
        if let Some(e) = dominant(key)
            && ratio(key) >= WORD_TAGGED_RATIO
            && often
        {
            table.words.insert(word.clone(), canonical[e].to_owned());
        } else if let Some(t) = unborne.get(key.as_str())
            && ratio(key) >= 1.0
            && often
        {
            table.words.insert(word.clone(), (*t).to_owned());
        }
    }
    table
}

/// What a user corrects, from `corrections.json` beside the index. Every
/// name is compared without regard to case.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Corrections {
    #[serde(default)]
    pub people: PeopleCorrections,
    #[serde(default)]
    pub topics: TopicCorrections,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PeopleCorrections {
    /// Canonical name -> names that are that person too.
    #[serde(default)]
    pub merge: BTreeMap<String, Vec<String>>,
    /// Names the archive merged that stand for themselves.
    #[serde(default)]
    pub split: Vec<String>,
    /// Canonical name -> the name to show instead.
    #[serde(default)]
    pub rename: BTreeMap<String, String>,
    /// Names that are no person.
    #[serde(default)]
    pub reject: Vec<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TopicCorrections {
    /// Topic as indexed -> the topic it is.
    #[serde(default)]
    pub map: BTreeMap<String, String>,
    /// Topics that are no topic.
    #[serde(default)]
    pub reject: Vec<String>,
}

impl Table {
    /// The person a value stands for: `None` when it is no person.
    pub fn person<'a>(&'a self, value: &'a str) -> Option<&'a str> {
        if self.rejected.contains(value) {
            return None;
        }
        Some(self.alias.get(value).map_or(value, String::as_str))
    }

    /// Points every value now standing for `from` (`from` itself and its
    /// `variants`) at `to`, or at nobody.
    fn redirect(&mut self, from: &str, to: Option<&str>, variants: &[String]) {
        let from_key = fold_case(from);
        let mut values: Vec<String> = self
            .alias
            .iter()
            .filter(|(_, p)| fold_case(p) == from_key)
            .map(|(v, _)| v.clone())
            .collect();
        values.extend(variants.iter().cloned());
        for v in values {
            self.alias.remove(&v);
            self.rejected.remove(&v);
            match to {
                Some(to) if to != v => {
                    self.alias.insert(v, to.to_owned());
                }
                Some(_) => {}
                None => {
                    self.rejected.insert(v);
                }
            }
        }
        let words: Vec<String> = self
            .words
            .iter()
            .filter(|(w, p)| fold_case(p) == from_key || (to.is_none() && fold_case(w) == from_key))
            .map(|(w, _)| w.clone())
            .collect();
        for w in words {
            match to {
                Some(to) => self.words.insert(w, to.to_owned()),
                None => self.words.remove(&w),
            };
        }
    }

    /// The table with the user's corrections applied: splits first, then
    /// merges, renames and rejections. Names are compared without regard
    /// to case or accents: `variants(name)` gives the person values
    /// indexed that are written so.
    pub fn corrected(
        mut self,
        c: &PeopleCorrections,
        variants: impl Fn(&str) -> Vec<String>,
    ) -> Table {
        for name in &c.split {
            let key = fold_case(name);
            for v in variants(name) {
                self.alias.remove(&v);
                self.rejected.remove(&v);
            }
            self.words.retain(|w, _| fold_case(w) != key);
        }
        for (to, names) in &c.merge {
            for from in names {
                self.redirect(from, Some(to), &variants(from));
            }
            for v in variants(to) {
                self.rejected.remove(&v);
                if &v != to {
                    self.alias.insert(v, to.clone());
                }
            }
        }
        for (from, to) in &c.rename {
            self.redirect(from, Some(to), &variants(from));
        }
        for name in &c.reject {
            self.redirect(name, None, &variants(name));
        }
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn counts(list: &[(&str, u64)]) -> Vec<(String, u64)> {
        list.iter().map(|(n, c)| (n.to_string(), *c)).collect()
    }

    #[test]
    fn keys_fold_spelling_variants() {
        let k = |n| NameKey::of(n).words.join(" ");
        assert_eq!(k("Sergey Lavrov"), k("Sergei Lavrov"));
        assert_eq!(k("Kim Jong Un"), k("Kim Jong-un"));
        assert_eq!(k("Bashar al-Assad"), k("Bashar Assad"));
        assert_eq!(k("Donald J. Trump"), k("donald Trump"));
        assert_eq!(k("José Ramos-Horta"), "jose ramos horta");
        assert_ne!(
            NameKey::of("George W. Bush"),
            NameKey::of("George H.W. Bush")
        );
        assert_ne!(k("Donald Trump Jr."), k("Donald Trump"));
        assert_eq!(NameKey::of("Ban Ki-moon").surname, "ki-moon");
        assert_eq!(NameKey::of("Bashar al-Assad").surname, "assad");
    }

    #[test]
    fn variants_join_under_the_most_used_name() {
        let people = counts(&[
            ("Sergey Lavrov", 36),
            ("Sergei Lavrov", 13),
            ("Lavrov", 3),
            ("Donald Trump", 756),
            ("Donald J. Trump", 5),
            ("donald J. Trump", 1),
            ("Donald Trumps", 1),
            ("Trump", 21),
            ("Melania Trump", 10),
            ("Kim Jong Un", 33),
            ("Kim Jong-un", 22),
            ("Bashar al-Assad", 37),
            ("Bashar Assad", 9),
            ("Assad", 4),
        ]);
        let t = resolve(&people, &[], &[]);
        for (value, person) in [
            ("Sergei Lavrov", "Sergey Lavrov"),
            ("Lavrov", "Sergey Lavrov"),
            ("Donald J. Trump", "Donald Trump"),
            ("donald J. Trump", "Donald Trump"),
            ("Donald Trumps", "Donald Trump"),
            ("Trump", "Donald Trump"),
            ("Melania Trump", "Melania Trump"),
            ("Kim Jong-un", "Kim Jong Un"),
            ("Bashar Assad", "Bashar al-Assad"),
            ("Assad", "Bashar al-Assad"),
        ] {
            assert_eq!(t.person(value), Some(person), "{value}");
        }
    }

    #[test]
    fn shared_surnames_stay_apart() {
        let people = counts(&[
            ("Hillary Clinton", 84),
            ("Bill Clinton", 22),
            ("Clinton", 12),
            ("George W. Bush", 37),
            ("George H.W. Bush", 10),
            ("George Bush", 4),
        ]);
        let t = resolve(&people, &[("Clinton".into(), 30)], &[]);
        assert_eq!(t.person("Clinton"), Some("Clinton"));
        assert_eq!(t.person("Bill Clinton"), Some("Bill Clinton"));
        assert!(t.words.is_empty(), "{:?}", t.words);
        assert_eq!(t.person("George H.W. Bush"), Some("George H.W. Bush"));
        assert_eq!(t.person("George Bush"), Some("George Bush"));
    }

    #[test]
    fn lone_given_names_and_untagged_words_are_no_people() {
        let people = counts(&[
            ("Donald", 21),
            ("George", 21),
            ("Fox", 36),
            ("Nunes", 50),
            ("Spicer", 5),
            ("Sean Spicer", 115),
        ]);
        let words = counts(&[("Fox", 300), ("Nunes", 10), ("Spicer", 20)]);
        let t = resolve(&people, &words, &[]);
        assert_eq!(t.person("Donald"), None);
        assert_eq!(t.person("George"), None);
        assert_eq!(t.person("Fox"), None);
        assert_eq!(t.person("Nunes"), Some("Nunes"));
        assert_eq!(t.person("Spicer"), Some("Sean Spicer"));
        assert_eq!(
            t.words.get("Spicer").map(String::as_str),
            Some("Sean Spicer")
        );
        assert!(!t.words.contains_key("Fox"));
    }

    #[test]
    fn slips_of_the_tagger_bear_no_surname() {
        // "bill Reagan signed" and "One Reagan" are no bearers of Reagan:
        // Ronald Reagan is its only one, and a file's own "Reagan" joins
        // him.
        let people = counts(&[
            ("Reagan", 462),
            ("Ronald Reagan", 10),
            ("bill Reagan", 2),
            ("One Reagan", 1),
            ("Michael Reagan", 1),
        ]);
        let t = resolve(&people, &[("Reagan".into(), 40)], &[]);
        assert_eq!(t.person("Reagan"), Some("Ronald Reagan"));
        assert_eq!(t.person("bill Reagan"), None);
        assert_eq!(t.person("One Reagan"), None);
        assert_eq!(
            t.words.get("Reagan").map(String::as_str),
            Some("Ronald Reagan")
        );
        // A surname only ever named alone stands for itself.
        let t = resolve(&counts(&[("Volcker", 100)]), &[("Volcker".into(), 20)], &[]);
        assert_eq!(t.words.get("Volcker").map(String::as_str), Some("Volcker"));
    }

    #[test]
    fn short_forms_of_given_names_are_one_person() {
        let people = counts(&[
            ("Michael Flynn", 65),
            ("Mike Flynn", 8),
            ("Steve Bannon", 23),
            ("Stephen Bannon", 7),
            ("Mike Pence", 80),
        ]);
        let t = resolve(&people, &[], &[]);
        assert_eq!(
            t.alias.get("Mike Flynn").map(String::as_str),
            Some("Michael Flynn")
        );
        assert_eq!(
            t.alias.get("Stephen Bannon").map(String::as_str),
            Some("Steve Bannon")
        );
        assert!(!t.alias.contains_key("Mike Pence"));
        assert!(SHORT_FORMS.windows(2).all(|w| w[0].0 < w[1].0));
    }

    #[test]
    fn a_given_name_alone_is_not_its_rare_bearer_as_a_surname() {
        let people = counts(&[
            ("James Baker", 300),
            ("James Miller", 20),
            ("Bill James", 2),
            ("William James", 1),
            ("James", 26),
        ]);
        let t = resolve(&people, &[("James".into(), 40)], &[]);
        assert_ne!(t.alias.get("James").map(String::as_str), Some("Bill James"));
        assert!(!t.words.contains_key("James"));
    }

    #[test]
    fn a_stray_longer_form_does_not_speak_for_the_person() {
        // "Public Expenditure Minister-Paschal Donohoe-said", once.
        let people = counts(&[("Paschal Donohoe", 12), ("Minister-Paschal Donohoe", 1)]);
        let t = resolve(&people, &[], &[]);
        assert!(!t.rejected.contains("Paschal Donohoe"), "{t:?}");
        assert_eq!(
            t.alias.get("Minister-Paschal Donohoe").map(String::as_str),
            Some("Paschal Donohoe")
        );
    }

    #[test]
    fn firms_and_parties_the_archive_writes_as_such_are_no_people() {
        let people = counts(&[
            ("Dean Witter", 10),
            ("Fine Gael", 6),
            ("Ivan Boesky", 11),
            ("Paul Volcker", 40),
        ]);
        let organisations = counts(&[
            ("dean witter", 29),
            ("dean witter reynolds", 27),
            ("fine gael", 10),
            // His firm, "Ivan F. Boesky and Co": he is named far more.
            ("ivan f. boesky", 3),
            ("volcker", 1),
        ]);
        let t = resolve(&people, &[], &organisations);
        assert!(t.rejected.contains("Dean Witter"));
        assert!(t.rejected.contains("Fine Gael"));
        assert!(!t.rejected.contains("Ivan Boesky"));
        assert!(!t.rejected.contains("Paul Volcker"));
        // "an affiliate of Wagner and Brown", again and again: a firm.
        let people = counts(&[("Wagner", 17), ("Brown", 27), ("Gorbachev", 9)]);
        let organisations = counts(&[("wagner and brown", 15), ("reagan and gorbachev", 4)]);
        let t = resolve(&people, &[], &organisations);
        assert!(t.rejected.contains("Wagner") && t.rejected.contains("Brown"));
        assert!(!t.rejected.contains("Gorbachev"));
        // Kislyak is a person: "Manafort and Kislyak" are two people.
        let people = counts(&[("Manafort", 6), ("Sergey Kislyak", 40), ("Kislyak", 10)]);
        let organisations = counts(&[("manafort and kislyak", 6)]);
        let t = resolve(&people, &[], &organisations);
        assert!(!t.rejected.contains("Manafort"));
        // Too few articles to tell.
        let t = resolve(
            &counts(&[("Hertha Berlin", 2)]),
            &[],
            &counts(&[("hertha berlin", 2)]),
        );
        assert!(!t.rejected.contains("Hertha Berlin"));
    }

    #[test]
    fn corrections_merge_split_rename_reject() {
        let people = counts(&[
            ("Sergey Lavrov", 36),
            ("Lavrov", 3),
            ("S. Lavrov", 1),
            ("God", 50),
            ("Kim Jong Un", 33),
        ]);
        let t = resolve(&people, &[("Lavrov".into(), 2)], &[]);
        assert_eq!(t.person("Lavrov"), Some("Sergey Lavrov"));
        let c = PeopleCorrections {
            merge: [("Sergey Lavrov".into(), vec!["S. Lavrov".into()])].into(),
            split: vec!["Lavrov".into()],
            rename: [("Kim Jong Un".into(), "Kim Jong-un".into())].into(),
            reject: vec!["god".into()],
        };
        let values = ["Sergey Lavrov", "Lavrov", "S. Lavrov", "God", "Kim Jong Un"];
        let t = t.corrected(&c, |name| {
            values
                .iter()
                .filter(|v| fold_case(v) == fold_case(name))
                .map(|v| v.to_string())
                .collect()
        });
        assert_eq!(t.person("S. Lavrov"), Some("Sergey Lavrov"));
        assert_eq!(t.person("Lavrov"), Some("Lavrov"));
        assert!(!t.words.contains_key("Lavrov"));
        assert_eq!(t.person("Kim Jong Un"), Some("Kim Jong-un"));
        assert_eq!(t.person("God"), None);
    }
}
