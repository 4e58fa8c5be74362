//! People named in an article: the name spans the tagger (`ner`) finds in
//! the title and body, gathered under one canonical name per person.
//!
//! Within an article, "Senator Marco Rubio", "Rubio" and "Rubio's" are all
//! Marco Rubio: titles, honorifics and possessive endings are never part
//! of a name, nor is what stands before a title inside a span ("Houston
//! Mayor Sylvester Turner" is Sylvester Turner), but a royal or a pope
//! named by title and given name alone keeps the title ("Prince Harry",
//! "Pope Francis"); a full name that is part of a longer one with the
//! same last word ("George Bush", "George W. Bush") is that person; a
//! surname alone joins the most mentioned full name ending with it (or,
//! failing that, a given name alone the one starting with it). A person is named by the
//! longest full form used in the article.

mod evidence;

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use super::ner::{self, Doc, Span, Tagger};

pub use crate::article::{Field, Mention};

/// A name the tagger found, titles and possessive stripped, before it is
/// given its person.
struct Found<'a> {
    field: Field,
    start: usize,
    end: usize,
    /// The name's words as written.
    words: Vec<&'a str>,
    /// It starts a sentence, or stands in capitals.
    at_start: bool,
}

/// What [`find`] finds in an article's title and body.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Names {
    /// Canonical names, most mentioned first.
    pub people: Vec<String>,
    /// Every mention of them.
    pub mentions: Vec<Mention>,
    /// Capitalised words outside the names found, which may be the
    /// surname of a person named elsewhere in the archive
    /// (`Article::name_words`).
    pub name_words: Vec<String>,
    /// Names the article writes as an organisation's, in lower case
    /// (`Article::organisations`).
    pub organisations: Vec<String>,
}

/// The people of an article (canonical names, most mentioned first), and
/// every mention.
pub fn find_mentions(title: &str, body: &str) -> (Vec<String>, Vec<Mention>) {
    let names = find(title, body);
    (names.people, names.mentions)
}

/// The people of an article, their mentions, and the capitalised words
/// outside them.
pub fn find(title: &str, body: &str) -> Names {
    let (title_spans, title_starts) = ner::tokenize(title);
    let (body_spans, mut body_starts) = ner::tokenize(body);
    if let Some(first) = body_starts.first_mut() {
        *first = true;
    }
    // A headline in title case ("Hillary Clinton Releases Video") tells
    // names from other words no better than one in capitals: tag it as
    // capitals, where the tagger leans on how the body writes each word.
    let shouted: Vec<String> = if is_title_case(title, &title_spans) {
        title_spans
            .iter()
            .map(|s| title[s.start..s.end].to_uppercase())
            .collect()
    } else {
        Vec::new()
    };
    let mut words: Vec<&str> = Vec::with_capacity(title_spans.len() + body_spans.len());
    for (k, s) in title_spans.iter().enumerate() {
        words.push(
            shouted
                .get(k)
                .map_or(&title[s.start..s.end], String::as_str),
        );
    }
    words.extend(body_spans.iter().map(|s| &body[s.start..s.end]));
    let starts = [title_starts, body_starts].concat();
    let mut doc = Doc::for_tagging(words, starts.clone());
    let tags = Tagger::embedded().tag(&mut doc);
    let in_title = title_spans.len();
    let original: Vec<&str> = title_spans
        .iter()
        .map(|s| &title[s.start..s.end])
        .chain(body_spans.iter().map(|s| &body[s.start..s.end]))
        .collect();
    let mut shouting = capital_lines(&original[..in_title], &starts[..in_title]);
    if !shouted.is_empty() {
        shouting.fill(true);
    }
    shouting.extend(capital_lines(&original[in_title..], &starts[in_title..]));
    let capitalised = original
        .iter()
        .map(|w| evidence::is_capitalised(w))
        .collect();
    let mut tokens = evidence::Tokens {
        words: original,
        starts: &starts,
        shouting,
        tagged: vec![false; tags.len()],
        capitalised,
        lower_words: std::cell::OnceCell::new(),
    };
    let names = ner::spans(&tags, &starts);
    // What the tagger found, lengthened where it cut a name short, less
    // what is something else here; then what it missed, checked the same
    // way.
    // Credits (bylines, "Reporting by", picture credits) name no one of
    // the story; their words are no name words either, lest a reporter's
    // surname count for a namesake.
    let mut credits = Vec::new();
    let mut check = |names: &mut Vec<(usize, usize)>, tokens: &evidence::Tokens| {
        names.retain(|&(a, b)| {
            let credit = tokens.is_credit(a, b);
            if credit {
                credits.push((a, b));
            }
            !credit && !tokens.rejected_here(a, b)
        });
    };
    let mut names = tokens.lengthen(&names);
    check(&mut names, &tokens);
    let mut names = tokens.add_missed(&names);
    check(&mut names, &tokens);
    let mut in_name = vec![false; tags.len()];
    for &(a, b) in names.iter().chain(&credits) {
        in_name[a..b].fill(true);
    }
    let name_words = name_words(
        tokens
            .words
            .iter()
            .zip(in_name)
            .filter(|(_, n)| !n)
            .map(|(w, _)| *w),
    );
    // The body starts a sentence, so no name spans title and body.
    let mut found = Vec::new();
    let names_kept = names.clone();
    for (a, b) in names {
        let (field, text, spans) = if a < in_title {
            (Field::Title, title, &title_spans[a..b])
        } else {
            (Field::Body, body, &body_spans[a - in_title..b - in_title])
        };
        if let Some(mut f) = trim_name(field, text, spans) {
            f.at_start = starts[a] || tokens.shouting[a];
            found.push(f);
        }
    }
    let (mut people, mut mentions) = canonical(&found, title, body);
    royal_titles(&mut people, &mut mentions, title, body);
    // People that are no one: companies named in the article, places and
    // things by the lists, given names and common words standing alone.
    let mut company_names = tokens.companies(&names_kept);
    let organisations = tokens.organisations(&names_kept, &company_names);
    // Names an organisation's noun follows are firms here too; pairs
    // ("Nixon and Kissinger") only the archive can tell.
    company_names.extend(
        organisations
            .iter()
            .filter(|o| !o.contains(" and "))
            .map(|o| o.split(' ').map(str::to_owned).collect()),
    );
    let companies = evidence::Companies::new(company_names);
    // A full name after "the" ("the Charlie Hebdo offices", "the Pyotr
    // Veliky") is a thing's here; a person's rarely is ("the Donald Trump
    // campaign"). Only the archive can weigh it: it counts with the
    // organisations' names (`entities::resolve`).
    let mut organisations = organisations;
    let mut recorded: HashSet<String> = organisations.iter().cloned().collect();
    for name in tokens.staffed() {
        if recorded.insert(name.clone()) {
            organisations.push(name);
        }
    }
    for &(a, b) in &names_kept {
        if b - a >= 2 && a > 0 && tokens.words[a - 1].eq_ignore_ascii_case("the") {
            let name = tokens.words[a..b]
                .iter()
                .map(|w| w.to_lowercase())
                .collect::<Vec<_>>()
                .join(" ");
            if recorded.insert(name.clone()) {
                organisations.push(name);
            }
        }
    }
    let mut not_at_start: HashSet<&str> = HashSet::default();
    for (f, m) in found.iter().zip(&mentions) {
        if !f.at_start {
            not_at_start.insert(&m.person);
        }
    }
    let mut rejected: HashSet<String> = HashSet::default();
    if let Some(byline) = title_byline(&mentions, title, body) {
        rejected.insert(byline);
    }
    // A family in the plural names no one ("the Le Pens", "the Obamas"),
    // and a stray plural of a name is that name, listed already.
    for p in &people {
        if let Some(singular) = p.strip_suffix('s')
            && singular.ends_with(|c: char| c.is_alphabetic())
            && people.iter().any(|q| {
                q != p
                    && q.strip_suffix(singular)
                        .is_some_and(|rest| rest.is_empty() || rest.ends_with(' '))
            })
        {
            rejected.insert(p.clone());
        }
    }
    for p in &people {
        let key: Vec<String> = p.split(' ').map(key).collect();
        let at_starts = !not_at_start.contains(p.as_str());
        if evidence::not_a_person(&tokens, &companies, &key, at_starts) {
            rejected.insert(p.clone());
        }
    }
    if !rejected.is_empty() {
        people.retain(|p| !rejected.contains(p));
        mentions.retain(|m| !rejected.contains(&m.person));
    }
    Names {
        people,
        mentions,
        name_words,
        organisations,
    }
}

/// A byline glued to the end of the title ("Syrians to opposition: 'No
/// concessions over our blood' Mariya Petkova", as pages scraped from
/// some sites give it): the person whose mention ends the title, named
/// nowhere in the body, not even by surname. A story's subject named in
/// its title is named in its body too.
fn title_byline(mentions: &[Mention], title: &str, body: &str) -> Option<String> {
    /// A body shorter than this may leave the title's subject unnamed.
    const BYLINE_BODY_WORDS: usize = 50;
    let last = mentions
        .iter()
        .filter(|m| m.field == Field::Title)
        .max_by_key(|m| m.end)?;
    let rest = title.get(last.end..)?;
    // A story of a title alone (a wire flash) names its subject there.
    if rest.chars().any(char::is_alphanumeric)
        || !last.text.contains(' ')
        || body.split_whitespace().nth(BYLINE_BODY_WORDS).is_none()
    {
        return None;
    }
    let in_body = mentions
        .iter()
        .any(|m| m.person == last.person && m.field == Field::Body);
    let surname = last.person.rsplit(' ').next()?;
    let surname_in_body = body.match_indices(surname).any(|(i, _)| {
        let before = body[..i].chars().next_back();
        let after = body[i + surname.len()..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    });
    (!in_body && !surname_in_body).then(|| last.person.clone())
}

/// Titles by which, with a given name alone, royals and popes are known.
const ROYAL_TITLES: [&str; 5] = ["King", "Queen", "Prince", "Princess", "Pope"];

/// A royal or a pope named by title and given name is known by both:
/// "Prince Harry", "Pope Francis", "King Salman" keep the title, where
/// another given name alone is no person. Only a one-word person whose
/// mention the title opens, in its own case, is renamed.
fn royal_titles(people: &mut [String], mentions: &mut [Mention], title: &str, body: &str) {
    // The title before each one-word person's first titled mention: one
    // pass over the mentions.
    let mut titled: HashMap<String, &'static str> = HashMap::default();
    for m in mentions.iter() {
        if m.person.contains(' ') || titled.contains_key(&m.person) {
            continue;
        }
        if let Some(t) = royal_title_before(m, title, body) {
            titled.insert(m.person.clone(), t);
        }
    }
    // A given name, or a word that is no common word, surname or plural:
    // not "King Power", "Pope Evans", "King Investors".
    titled.retain(|p, _| {
        let lower = p.to_lowercase();
        ner::is_given_name(&lower)
            || !(ner::is_common_word(&lower)
                || ner::surname_rank(&lower).is_some()
                || lower.ends_with('s'))
    });
    if titled.is_empty() {
        return;
    }
    let renamed = |p: &str| titled.get(p).map(|t| format!("{t} {p}"));
    for p in people.iter_mut() {
        if let Some(name) = renamed(p) {
            *p = name;
        }
    }
    for m in mentions.iter_mut() {
        if let Some(name) = renamed(&m.person) {
            m.person = name;
        }
    }
}

/// The royal title right before a mention, in its own case, unless it
/// names a thing ("the Queen Mary", "Nat King Cole").
fn royal_title_before(m: &Mention, title: &str, body: &str) -> Option<&'static str> {
    let text = match m.field {
        Field::Title => title,
        Field::Body => body,
    };
    let before = text.get(..m.start)?.strip_suffix(' ')?;
    let t = ROYAL_TITLES.iter().find(|t| {
        before
            .strip_suffix(**t)
            .is_some_and(|rest| !rest.ends_with(char::is_alphanumeric))
    })?;
    let rest = before[..before.len() - t.len()].trim_end();
    let prev = rest.rsplit(' ').next().unwrap_or("");
    if prev.eq_ignore_ascii_case("the") || ner::is_given_name(&prev.to_lowercase()) {
        return None;
    }
    Some(t)
}

/// Which tokens are in a sentence written in capitals only (a
/// headline, a table heading): there capitals tell nothing.
fn capital_lines(words: &[&str], starts: &[bool]) -> Vec<bool> {
    let mut out = vec![false; words.len()];
    let mut s = 0;
    while s < words.len() {
        let mut e = s + 1;
        while e < words.len() && !starts[e] {
            e += 1;
        }
        let sentence = &words[s..e];
        let letters = sentence.iter().any(|w| w.chars().any(char::is_alphabetic));
        if letters && !sentence.iter().any(|w| w.chars().any(char::is_lowercase)) {
            out[s..e].fill(true);
        }
        s = e;
    }
    out
}

/// At most this many name words are kept of one article.
const MAX_NAME_WORDS: usize = 256;

/// Words that are capitalised at the start of a sentence but are never a
/// surname: function words, pronouns, numbers, days and months.
const NEVER_SURNAMES: &[&str] = &[
    "a",
    "about",
    "according",
    "after",
    "all",
    "also",
    "an",
    "and",
    "any",
    "april",
    "are",
    "as",
    "at",
    "august",
    "be",
    "because",
    "before",
    "both",
    "but",
    "by",
    "can",
    "december",
    "despite",
    "did",
    "do",
    "does",
    "during",
    "each",
    "eight",
    "eleven",
    "even",
    "every",
    "february",
    "first",
    "five",
    "for",
    "four",
    "friday",
    "from",
    "had",
    "has",
    "have",
    "he",
    "her",
    "here",
    "his",
    "how",
    "however",
    "i",
    "if",
    "in",
    "instead",
    "is",
    "it",
    "its",
    "january",
    "july",
    "june",
    "last",
    "many",
    "march",
    "may",
    "meanwhile",
    "monday",
    "more",
    "most",
    "mr",
    "mrs",
    "ms",
    "my",
    "new",
    "nine",
    "no",
    "not",
    "november",
    "now",
    "october",
    "of",
    "on",
    "one",
    "only",
    "or",
    "other",
    "our",
    "over",
    "saturday",
    "second",
    "september",
    "seven",
    "she",
    "since",
    "six",
    "so",
    "some",
    "such",
    "sunday",
    "ten",
    "than",
    "that",
    "the",
    "their",
    "then",
    "there",
    "these",
    "they",
    "third",
    "this",
    "those",
    "three",
    "thursday",
    "to",
    "tuesday",
    "twelve",
    "two",
    "under",
    "until",
    "up",
    "was",
    "we",
    "wednesday",
    "were",
    "what",
    "when",
    "where",
    "whether",
    "which",
    "while",
    "who",
    "why",
    "will",
    "with",
    "without",
    "yes",
    "yet",
    "you",
    "your",
];

/// A word (lower case) that starts sentences but never a name: "one",
/// "the", "monday".
pub fn is_function_word(lower: &str) -> bool {
    NEVER_SURNAMES.binary_search(&lower).is_ok()
}

/// The capitalised part of a word joined to lower-case words by hyphens:
/// "Obama" of "Obama-era", "Trump" of "pro-Trump" or
/// "the-Trump-administration"; the word itself otherwise ("Kara-Murza").
fn capitalised_part(word: &str) -> &str {
    if !word.contains('-') {
        return word;
    }
    let capital = |p: &str| p.starts_with(char::is_uppercase);
    let lower = |p: &str| !p.is_empty() && p.chars().all(char::is_lowercase);
    let parts: Vec<&str> = word.split('-').collect();
    let (Some(a), Some(b)) = (
        parts.iter().position(|p| capital(p)),
        parts.iter().rposition(|p| capital(p)),
    ) else {
        return word;
    };
    if !parts[a..=b].iter().all(|p| capital(p))
        || !parts[..a].iter().chain(&parts[b + 1..]).all(|p| lower(p))
    {
        return word;
    }
    let start: usize = parts[..a].iter().map(|p| p.len() + 1).sum();
    let len = parts[a..=b].iter().map(|p| p.len()).sum::<usize>() + (b - a);
    &word[start..start + len]
}

/// The distinct capitalised words among `words` (in mixed case, letters
/// with at most inner hyphens and apostrophes) that could be a surname.
fn name_words<'a>(words: impl Iterator<Item = &'a str>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut seen = HashSet::default();
    for w in words {
        if out.len() >= MAX_NAME_WORDS {
            break;
        }
        // Most words start in lower case, with a digit or a mark, and
        // only a hyphenated one ("pro-Trump") can hold a capitalised part.
        if !w.starts_with(char::is_uppercase) && !w.contains('-') {
            continue;
        }
        let w = capitalised_part(w);
        let mut chars = w.chars();
        let Some(first) = chars.next() else { continue };
        let rest = chars.as_str();
        let shaped = first.is_uppercase()
            && rest.chars().any(char::is_lowercase)
            && rest
                .chars()
                .all(|c| c.is_alphabetic() || matches!(c, '-' | '\'' | '’'))
            && !rest.ends_with(['-', '\'', '’']);
        if !shaped || !seen.insert(w) {
            continue;
        }
        let mut buf = [0u8; 32];
        let owned;
        let lower = match ner::ascii_lower(w, &mut buf) {
            Some(lower) => lower,
            None => {
                owned = w.to_lowercase();
                owned.as_str()
            }
        };
        if ner::is_title(lower) || NEVER_SURNAMES.binary_search(&lower).is_ok() {
            continue;
        }
        out.push(w.to_owned());
    }
    out
}

/// The canonical names only.
pub fn find_people(title: &str, body: &str) -> Vec<String> {
    find_mentions(title, body).0
}

/// Words a title-case headline leaves in lower case.
const SMALL_WORDS: &[&str] = &[
    "a", "about", "after", "against", "amid", "an", "and", "are", "as", "at", "be", "but", "by",
    "for", "from", "in", "into", "is", "its", "nor", "of", "off", "on", "or", "out", "over", "per",
    "than", "the", "to", "up", "via", "vs", "with",
];

/// Most words capitalised, as in "Pence Casts Historic Tie-Breaking Vote".
fn is_title_case(title: &str, spans: &[Span]) -> bool {
    let (mut capitalised, mut lower) = (0, 0);
    for s in spans {
        let w = &title[s.start..s.end];
        let Some(c) = w.chars().next().filter(|c| c.is_alphabetic()) else {
            continue;
        };
        if c.is_uppercase() {
            capitalised += w.chars().any(char::is_lowercase) as usize;
        } else if !SMALL_WORDS.contains(&w) {
            lower += 1;
        }
    }
    capitalised >= 3 && lower * 6 <= capitalised
}

/// Function words that end no name, though the tagger may take one that
/// follows a name without a stop for part of it ("Donald Trump Yet").
const NEVER_LAST: &[&str] = &[
    "a",
    "an",
    "and",
    "as",
    "at",
    "but",
    "by",
    "despite",
    "during",
    "each",
    "even",
    "every",
    "for",
    "from",
    "he",
    "her",
    "here",
    "his",
    "however",
    "i",
    "if",
    "in",
    "instead",
    "it",
    "its",
    "meanwhile",
    "my",
    "no",
    "not",
    "now",
    "of",
    "on",
    "or",
    "our",
    "she",
    "since",
    "so",
    "such",
    "than",
    "that",
    "the",
    "their",
    "then",
    "there",
    "these",
    "they",
    "this",
    "those",
    "to",
    "under",
    "until",
    "we",
    "what",
    "when",
    "where",
    "whether",
    "which",
    "while",
    "who",
    "why",
    "with",
    "without",
    "yet",
    "you",
    "your",
];

/// Irish titles the tagger's list lacks: stripped from names like the
/// others.
const MORE_TITLES: &[&str] = &["taoiseach", "tanaiste", "tánaiste"];

/// A title or honorific, stripped from the ends of a name.
fn is_title(w: &str) -> bool {
    ner::is_title(w) || {
        let lower = w.to_lowercase();
        MORE_TITLES.contains(&lower.as_str())
    }
}

/// Titles that are also words of people's names, inside a name as often
/// as before one: "Hassan Sheikh Mohamud", "Martin Luther King Jr.",
/// "John Pope Jr.".
fn is_title_in_names(w: &str) -> bool {
    matches!(
        w.trim_end_matches('.').to_lowercase().as_str(),
        "king"
            | "queen"
            | "pope"
            | "sheikh"
            | "sir"
            | "dame"
            | "lord"
            | "lady"
            | "miss"
            | "cardinal"
    )
}

/// Possessive endings, as the tokenizer splits them off.
fn is_possessive(w: &str) -> bool {
    matches!(w, "'s" | "’s" | "'S" | "’S" | "'" | "’")
}

/// Name suffixes that are no name alone.
fn is_suffix(w: &str) -> bool {
    matches!(
        w.trim_end_matches('.').to_lowercase().as_str(),
        "jr" | "sr" | "ii" | "iii" | "iv"
    )
}

/// The name in a tagged span: titles, punctuation and possessive endings
/// off both ends, and what stands before a title inside it ("Houston
/// Mayor Sylvester Turner"). None if nothing like a name is left.
fn trim_name<'a>(field: Field, text: &'a str, spans: &'a [Span]) -> Option<Found<'a>> {
    let word = |s: &Span| &text[s.start..s.end];
    let has_alnum = |w: &str| w.chars().any(char::is_alphanumeric);
    // Titles, punctuation and possessives off the front.
    let front = |mut spans: &'a [Span]| {
        while let [first, rest @ ..] = spans {
            let w = word(first);
            if !is_title(w) && has_alnum(w) && !is_possessive(w) {
                break;
            }
            spans = rest;
        }
        spans
    };
    let mut spans = front(spans);
    // Titles, and function words that end no name ("Donald Trump Yet").
    while let [rest @ .., last] = spans {
        let w = word(last);
        let never =
            !rest.is_empty() && NEVER_LAST.binary_search(&w.to_lowercase().as_str()).is_ok();
        if has_alnum(w) && !is_possessive(w) && !is_title(w) && !never {
            break;
        }
        spans = rest;
    }
    // A title inside the span ends a description of the person, and the
    // name follows it: "Houston Mayor Sylvester Turner", "Petty Officer
    // Ryan Owens", "Crown Prince Mohammed". Not the titles that are also
    // part of names ("Hassan Sheikh Mohamud", "Nat King Cole").
    if let Some(i) = spans
        .iter()
        .take(spans.len().saturating_sub(1))
        .skip(1)
        .rposition(|s| is_title(word(s)) && !is_title_in_names(word(s)))
        .filter(|&i| spans[i + 2..].iter().any(|s| !is_suffix(word(s))))
    {
        // And the titles after it: "Crown Prince Sheikh Mohammed bin
        // Zayed", "UK Ambassador Sir Kim Darroch".
        spans = front(&spans[i + 2..]);
    }
    let words: Vec<&str> = spans.iter().map(word).collect();
    if !words.iter().any(|w| w.chars().any(char::is_alphabetic)) {
        return None;
    }
    if let [only] = words[..] {
        // An initial or a suffix alone ("J.", "Jr."), or a party and state
        // ("R-Wis.") is no name.
        let bare = only.trim_end_matches('.');
        let party =
            bare.len() > 2 && bare.as_bytes()[1] == b'-' && bare.starts_with(['R', 'D', 'I']);
        if bare.chars().count() < 2 || is_suffix(only) || party {
            return None;
        }
    }
    Some(Found {
        field,
        start: spans.first()?.start,
        end: spans.last()?.end,
        words,
        at_start: false,
    })
}

/// A word as names are compared: lower case, one kind of apostrophe.
fn key(w: &str) -> String {
    w.to_lowercase().replace('’', "'")
}

/// Writes an all-capitals word (from a headline) as a name: `PUTIN` ->
/// `Putin`, `O'BRIEN` -> `O'Brien`.
fn name_case(w: &str) -> String {
    let mut out = String::with_capacity(w.len());
    let mut up = true;
    for c in w.chars() {
        if up {
            out.extend(c.to_uppercase());
        } else {
            out.extend(c.to_lowercase());
        }
        up = !c.is_alphabetic();
    }
    out
}

/// A name for display: as written, unless it was written in capitals only.
fn display(words: &[&str]) -> String {
    if words.iter().any(|w| w.chars().any(char::is_lowercase)) {
        words.join(" ")
    } else {
        words
            .iter()
            .map(|w| name_case(w))
            .collect::<Vec<_>>()
            .join(" ")
    }
}

/// `short`'s words appear in `long` in order, and both end with the same
/// word: "George Bush" in "George W. Bush", "Tayyip Erdogan" in "Recep
/// Tayyip Erdogan".
fn is_part_of(short: &[String], long: &[String]) -> bool {
    if short.last() != long.last() || short.len() > long.len() {
        return false;
    }
    let mut rest = long.iter();
    short.iter().all(|w| rest.any(|l| l == w))
}

/// A full (multi-word) form of a name used in the article.
struct Form<'a> {
    key: Vec<String>,
    words: Vec<&'a str>,
    count: usize,
    first: usize,
}

/// How many forms one form is compared with, at most, to find its person.
/// An article would need hundreds of full names sharing two words for this
/// to matter; it keeps text made to defeat the index (endless lists of
/// capitalised words) linear.
const MAX_CANDIDATES: usize = 256;

/// Each form's person: the longest form it is part of, then the most used,
/// then the first.
///
/// A form is only part of forms holding all its words and ending with its
/// last word, so each is compared only with the forms holding the rarest
/// pair of (one of its words, its last word), best first: the first that
/// holds it is its person (at worst itself).
fn persons(forms: &[Form]) -> Vec<usize> {
    let rank = |k: usize| {
        let f = &forms[k];
        (f.key.len(), f.count, std::cmp::Reverse(f.first))
    };
    let mut holding: HashMap<(&str, &str), Vec<usize>> = HashMap::default();
    for (k, form) in forms.iter().enumerate() {
        let (last, words) = form.key.split_last().expect("full forms have words");
        for w in words {
            let list = holding.entry((w, last)).or_default();
            if list.last() != Some(&k) {
                list.push(k);
            }
        }
    }
    for list in holding.values_mut() {
        list.sort_unstable_by_key(|&k| std::cmp::Reverse(rank(k)));
    }
    forms
        .iter()
        .enumerate()
        .map(|(j, form)| {
            let (last, words) = form.key.split_last().expect("full forms have words");
            let candidates = words
                .iter()
                .map(|w| &holding[&(w.as_str(), last.as_str())])
                .min_by_key(|list| list.len())
                .expect("full forms have two words or more");
            candidates
                .iter()
                .take(MAX_CANDIDATES)
                .copied()
                .find(|&k| is_part_of(&form.key, &forms[k].key))
                .unwrap_or(j)
        })
        .collect()
}

/// The full forms (two words or more) among the names found, counted,
/// each shown as first written in mixed case.
fn full_forms<'a>(found: &[Found<'a>], keys: &[Vec<String>]) -> Vec<Form<'a>> {
    let mut forms: Vec<Form> = Vec::new();
    let mut form_of: HashMap<&[String], usize> = HashMap::default();
    for (i, (f, k)) in found.iter().zip(keys).enumerate() {
        if k.len() < 2 {
            continue;
        }
        let j = *form_of.entry(k).or_insert_with(|| {
            forms.push(Form {
                key: k.clone(),
                words: f.words.clone(),
                count: 0,
                first: i,
            });
            forms.len() - 1
        });
        let form = &mut forms[j];
        form.count += 1;
        let mixed = |ws: &[&str]| ws.iter().any(|w| w.chars().any(char::is_lowercase));
        if !mixed(&form.words) && mixed(&f.words) {
            form.words = f.words.clone();
        }
    }
    forms
}

/// Gives each mention its person, and ranks the people by mentions.
fn canonical(found: &[Found], title: &str, body: &str) -> (Vec<String>, Vec<Mention>) {
    let keys: Vec<Vec<String>> = found
        .iter()
        .map(|f| f.words.iter().map(|w| key(w)).collect())
        .collect();
    let forms = full_forms(found, &keys);
    let form_of: HashMap<&[String], usize> = forms
        .iter()
        .enumerate()
        .map(|(j, f)| (f.key.as_slice(), j))
        .collect();
    let person = persons(&forms);
    let mut full_mentions = vec![0usize; forms.len()];
    for (j, form) in forms.iter().enumerate() {
        full_mentions[person[j]] += form.count;
    }
    // A lone word joins the most mentioned person with a full form ending
    // with it ("Assad": "Bashar al-Assad"), or else starting with it.
    // Ties go to the person first mentioned.
    let rank = |p: usize| (full_mentions[p], std::cmp::Reverse(forms[p].first));
    let mut by_end: HashMap<&str, usize> = HashMap::default();
    let mut by_start: HashMap<&str, usize> = HashMap::default();
    fn offer<'a, R: Ord>(
        map: &mut HashMap<&'a str, usize>,
        word: &'a str,
        p: usize,
        rank: impl Fn(usize) -> R,
    ) {
        let best = map.entry(word).or_insert(p);
        if rank(p) > rank(*best) {
            *best = p;
        }
    }
    for (j, form) in forms.iter().enumerate() {
        let (first, last) = (&form.key[0], &form.key[form.key.len() - 1]);
        offer(&mut by_end, last, person[j], rank);
        // "al-Assad" also ends with "assad".
        for (i, _) in last.match_indices('-') {
            if i + 1 < last.len() {
                offer(&mut by_end, &last[i + 1..], person[j], rank);
            }
        }
        offer(&mut by_start, first, person[j], rank);
    }
    let lone = |w: &String| -> Option<usize> {
        by_end
            .get(w.as_str())
            .or_else(|| by_start.get(w.as_str()))
            .copied()
    };
    let mut mentions = Vec::with_capacity(found.len());
    for (f, k) in found.iter().zip(&keys) {
        let p = match &k[..] {
            [w] => lone(w),
            _ => form_of.get(&k[..]).map(|&j| person[j]),
        };
        let person = match p {
            Some(p) => display(&forms[p].words),
            None => display(&f.words),
        };
        let text = match f.field {
            Field::Title => title,
            Field::Body => body,
        };
        mentions.push(Mention {
            person,
            text: text[f.start..f.end].to_owned(),
            start: f.start,
            end: f.end,
            field: f.field,
        });
    }
    // Most mentioned first; ties in order of first mention.
    let mut counts: Vec<(&str, usize)> = Vec::new();
    let mut slot: HashMap<&str, usize> = HashMap::default();
    for m in &mentions {
        let i = *slot.entry(&m.person).or_insert_with(|| {
            counts.push((&m.person, 0));
            counts.len() - 1
        });
        counts[i].1 += 1;
    }
    counts.sort_by_key(|c| std::cmp::Reverse(c.1));
    let people = counts.into_iter().map(|c| c.0.to_owned()).collect();
    (people, mentions)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn never_surnames_are_sorted() {
        assert!(NEVER_SURNAMES.windows(2).all(|w| w[0] < w[1]));
        assert!(NEVER_LAST.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn name_words_are_capitalised_words_outside_names() {
        let names = find(
            "",
            "President Trump's administration met Sergey Lavrov. The Kremlin \
             said little on Monday, and AP reported it. 50-50 votes were cast.",
        );
        // "President Trump's" names Trump, though the tagger misses him.
        assert_eq!(names.people, ["Trump", "Sergey Lavrov"]);
        assert!(
            names.name_words.contains(&"Kremlin".to_owned()),
            "{:?}",
            names.name_words
        );
        for not_kept in [
            "Trump",
            "President",
            "The",
            "Monday",
            "AP",
            "Sergey",
            "Lavrov",
            "50-50",
        ] {
            assert!(
                !names.name_words.iter().any(|w| w == not_kept),
                "{not_kept}"
            );
        }
    }

    #[test]
    fn titles_possessives_and_surnames_join() {
        let title = "Rubio to Meet Russia’s Lavrov";
        let body = "U.S. Senator Marco Rubio is to meet Russian Foreign Minister \
             Sergey Lavrov this Thursday. Lavrov said little. The White House \
             was silent. Mr. Lavrov and Senator Rubio met, and Rubio's aides \
             spoke to reporters in Moscow.";
        let (people, mentions) = find_mentions(title, body);
        // Four mentions each; Rubio comes first in the title.
        assert_eq!(people, ["Marco Rubio", "Sergey Lavrov"]);
        for m in &mentions {
            let text = match m.field {
                Field::Title => title,
                Field::Body => body,
            };
            assert_eq!(&text[m.start..m.end], m.text);
            assert!(
                !m.text.contains("Senator") && !m.text.contains("Mr") && !m.text.ends_with("'s")
            );
        }
        let rubio: Vec<&str> = mentions
            .iter()
            .filter(|m| m.person == "Marco Rubio")
            .map(|m| m.text.as_str())
            .collect();
        assert_eq!(rubio, ["Rubio", "Marco Rubio", "Rubio", "Rubio"]);
        assert_eq!(mentions[0].field, Field::Title);
    }

    #[test]
    fn places_and_organisations_are_not_people() {
        let people = find_people(
            "",
            "The White House and the Kremlin spoke on Thursday. NATO and the \
             U.S. met in Moscow. Republicans objected, and the European Union \
             said Russia and China should talk.",
        );
        assert!(people.is_empty(), "{people:?}");
    }

    #[test]
    fn all_caps_headline_names_join_the_body() {
        let (people, mentions) = find_mentions(
            "MERKEL MEETS PUTIN IN BERLIN",
            "German Chancellor Angela Merkel met Russian President Vladimir Putin \
             in Berlin on Monday. Merkel said the talks were useful.",
        );
        assert_eq!(people, ["Angela Merkel", "Vladimir Putin"]);
        let title_people: Vec<&str> = mentions
            .iter()
            .filter(|m| m.field == Field::Title)
            .map(|m| m.person.as_str())
            .collect();
        assert_eq!(title_people, ["Angela Merkel", "Vladimir Putin"]);
    }

    #[test]
    fn same_surname_different_people() {
        let people = find_people(
            "",
            "President Donald Trump spoke first on Tuesday. His wife, Melania \
             Trump, followed him. Then Trump left for Florida.",
        );
        assert_eq!(people, ["Donald Trump", "Melania Trump"]);
    }

    /// Every mention's text is its span of the title or body.
    fn check_offsets(title: &str, body: &str, mentions: &[Mention]) {
        for m in mentions {
            let text = match m.field {
                Field::Title => title,
                Field::Body => body,
            };
            assert_eq!(&text[m.start..m.end], m.text, "{m:?}");
        }
    }

    #[test]
    fn sample_article() {
        let raw = include_str!("../../data/web/rubio-lavrov-meeting.txt");
        let (title, body) = raw.split_once("\n\n").unwrap();
        let (people, mentions) = find_mentions(title, body);
        assert_eq!(people[..2], ["Marco Rubio", "Sergey Lavrov"], "{people:?}");
        for not_a_person in [
            "White House",
            "Russia",
            "U.S.",
            "Moscow",
            "NATO",
            "Washington",
        ] {
            assert!(
                !people.iter().any(|p| p.contains(not_a_person)),
                "{not_a_person} in {people:?}"
            );
        }
        check_offsets(title, body, &mentions);
        let title_people: Vec<&str> = mentions
            .iter()
            .filter(|m| m.field == Field::Title)
            .map(|m| m.person.as_str())
            .collect();
        assert_eq!(title_people, ["Marco Rubio", "Sergey Lavrov"]);
        assert!(mentions.iter().all(|m| !m.text.contains('’')
            && !m.text.starts_with("Senator")
            && !m.text.starts_with("Minister")));
    }

    #[test]
    fn mention_offsets_in_bytes() {
        // Offsets are in bytes: the accents, curly quotes and dashes before
        // the names take more than one each.
        let title = "Café talks: “Lavrov’s offer”";
        let body = "In Zürich’s old town—at a café—Foreign Minister Sergey Lavrov met \
             José Ramos-Horta. “Lavrov’s plan is fair,” Ramos-Horta said.";
        let (people, mentions) = find_mentions(title, body);
        check_offsets(title, body, &mentions);
        assert_eq!(people, ["Sergey Lavrov", "José Ramos-Horta"]);
        let found: Vec<(Field, &str, usize, usize)> = mentions
            .iter()
            .map(|m| (m.field, m.text.as_str(), m.start, m.end))
            .collect();
        let at = |text: &str, s: &str| text.find(s).unwrap();
        let second = |s: &str| at(body, s) + 1 + body[at(body, s) + 1..].find(s).unwrap();
        assert_eq!(
            found,
            [
                (Field::Title, "Lavrov", at(title, "Lavrov"), at(title, "’s")),
                (
                    Field::Body,
                    "Sergey Lavrov",
                    at(body, "Sergey"),
                    at(body, " met")
                ),
                (
                    Field::Body,
                    "José Ramos-Horta",
                    at(body, "José"),
                    at(body, ". “")
                ),
                (Field::Body, "Lavrov", second("Lavrov"), at(body, "’s plan")),
                (
                    Field::Body,
                    "Ramos-Horta",
                    second("Ramos-Horta"),
                    at(body, " said")
                ),
            ]
        );
    }

    #[test]
    fn possessives_are_not_part_of_names() {
        let title = "Lavrov's warning and Rubio’s reply";
        let body = "Sergey Lavrov's remarks angered Marco Rubio’s aides. Lavrov’s \
             ministry and Rubio's office did not comment.";
        let (people, mentions) = find_mentions(title, body);
        assert_eq!(people, ["Sergey Lavrov", "Marco Rubio"]);
        check_offsets(title, body, &mentions);
        let texts: Vec<&str> = mentions.iter().map(|m| m.text.as_str()).collect();
        assert_eq!(
            texts,
            [
                "Lavrov",
                "Rubio",
                "Sergey Lavrov",
                "Marco Rubio",
                "Lavrov",
                "Rubio"
            ]
        );
    }

    #[test]
    fn a_surname_with_the_arabic_article_ends_the_name_before_it() {
        let (people, _) = find_mentions(
            "Sisi to visit Washington",
            "Egyptian President Abdel Fattah el-Sisi declared a state of \
             emergency. Army chief Abdel Fattah el-Sisi has since waged a \
             crackdown. The talks in el-Arish ended.",
        );
        assert_eq!(people, ["Abdel Fattah el-Sisi"]);
    }

    #[test]
    fn short_forms_join_the_longest_full_name() {
        let (people, mentions) = find_mentions(
            "",
            "Turkish President Recep Tayyip Erdogan spoke in Ankara. Tayyip \
             Erdogan said the vote was fair. Erdogan also met Bashar al-Assad, and \
             Assad thanked him. Mr. Erdogan left on Friday.",
        );
        assert_eq!(people, ["Recep Tayyip Erdogan", "Bashar al-Assad"]);
        let erdogan: Vec<&str> = mentions
            .iter()
            .filter(|m| m.person == "Recep Tayyip Erdogan")
            .map(|m| m.text.as_str())
            .collect();
        assert_eq!(
            erdogan,
            [
                "Recep Tayyip Erdogan",
                "Tayyip Erdogan",
                "Erdogan",
                "Erdogan"
            ]
        );
    }

    /// `canonical` as it was before it used an index: every full form
    /// compared with every other, every form scanned for a lone word.
    fn canonical_by_scan(found: &[Found], title: &str, body: &str) -> (Vec<String>, Vec<Mention>) {
        let keys: Vec<Vec<String>> = found
            .iter()
            .map(|f| f.words.iter().map(|w| key(w)).collect())
            .collect();
        let forms = full_forms(found, &keys);
        let form_of: HashMap<&[String], usize> = forms
            .iter()
            .enumerate()
            .map(|(j, f)| (f.key.as_slice(), j))
            .collect();
        // Each form's person: the longest form it is part of, then the most
        // used, then the first.
        let person: Vec<usize> = (0..forms.len())
            .map(|j| {
                (0..forms.len())
                    .filter(|&k| is_part_of(&forms[j].key, &forms[k].key))
                    .max_by(|&a, &b| {
                        let (a, b) = (&forms[a], &forms[b]);
                        (a.key.len(), a.count, std::cmp::Reverse(a.first)).cmp(&(
                            b.key.len(),
                            b.count,
                            std::cmp::Reverse(b.first),
                        ))
                    })
                    .unwrap_or(j)
            })
            .collect();
        let mut full_mentions = vec![0usize; forms.len()];
        for (j, form) in forms.iter().enumerate() {
            full_mentions[person[j]] += form.count;
        }
        // A lone word joins the most mentioned person with a full form ending
        // with it ("Assad": "Bashar al-Assad"), or else starting with it.
        let lone = |w: &String| -> Option<usize> {
            let pick = |test: &dyn Fn(&Form) -> bool| {
                forms
                    .iter()
                    .enumerate()
                    .filter(|(_, f)| test(f))
                    .map(|(j, _)| person[j])
                    .max_by_key(|&p| (full_mentions[p], std::cmp::Reverse(forms[p].first)))
            };
            let ends_with = |f: &Form| {
                f.key.last().is_some_and(|l| {
                    l == w || l.strip_suffix(w.as_str()).is_some_and(|p| p.ends_with('-'))
                })
            };
            pick(&ends_with).or_else(|| pick(&|f| f.key.first() == Some(w)))
        };
        let mut mentions = Vec::with_capacity(found.len());
        for (f, k) in found.iter().zip(&keys) {
            let p = match &k[..] {
                [w] => lone(w),
                _ => form_of.get(&k[..]).map(|&j| person[j]),
            };
            let person = match p {
                Some(p) => display(&forms[p].words),
                None => display(&f.words),
            };
            let text = match f.field {
                Field::Title => title,
                Field::Body => body,
            };
            mentions.push(Mention {
                person,
                text: text[f.start..f.end].to_owned(),
                start: f.start,
                end: f.end,
                field: f.field,
            });
        }
        // Most mentioned first; ties in order of first mention.
        let mut counts: Vec<(&str, usize)> = Vec::new();
        for m in &mentions {
            match counts.iter_mut().find(|c| c.0 == m.person) {
                Some(c) => c.1 += 1,
                None => counts.push((&m.person, 1)),
            }
        }
        counts.sort_by_key(|c| std::cmp::Reverse(c.1));
        let people = counts.into_iter().map(|c| c.0.to_owned()).collect();
        (people, mentions)
    }

    proptest::proptest! {
        /// The indexed `canonical` gives what the scan gave.
        #[test]
        fn canonical_matches_the_full_scan(
            names in proptest::collection::vec(proptest::collection::vec(0..12usize, 1..5), 0..60)
        ) {
            const WORDS: &[&str] = &[
                "Ann", "Bo", "Cy", "Smith", "SMITH", "al-Assad", "Assad", "Bashar",
                "O'Brien", "O’Brien", "bin", "Ann-Bo",
            ];
            let mut body = String::new();
            let mut spans = Vec::new();
            for name in &names {
                let start = body.len();
                let words: Vec<&str> = name.iter().map(|&i| WORDS[i]).collect();
                body.push_str(&words.join(" "));
                spans.push((start, body.len(), words));
                body.push_str(". ");
            }
            let found: Vec<Found> = spans
                .into_iter()
                .map(|(start, end, words)| Found { field: Field::Body, start, end, words, at_start: false })
                .collect();
            proptest::prop_assert_eq!(
                canonical(&found, "", &body),
                canonical_by_scan(&found, "", &body)
            );
        }
    }

    /// People of a text with no title.
    fn people_of(body: &str) -> Vec<String> {
        find_people("", body)
    }

    #[test]
    fn companies_named_in_the_article_are_not_people() {
        let people = people_of(
            "Chrysler Corp said on Tuesday it would recall 100,000 minivans. \
             Chrysler said the fault was minor, according to Bill Sullivan, an \
             analyst with Dean Witter Reynolds Inc. Dean Witter expects more \
             recalls, said Douglas Augenthaler of E.F. Hutton. Hutton declined \
             to comment.",
        );
        assert_eq!(people, ["Bill Sullivan", "Douglas Augenthaler"]);
    }

    #[test]
    fn a_title_inside_a_name_leaves_the_name_after_it() {
        let people = people_of(
            "Both officers were \"getting the very best care available,\" \
             said Houston Mayor Sylvester Turner. Sacramento Mayor Darrell \
             Steinberg tweeted that evacuees could seek shelter. Somalia's \
             Hassan Sheikh Mohamud said so too.",
        );
        assert_eq!(
            people,
            [
                "Sylvester Turner",
                "Darrell Steinberg",
                "Hassan Sheikh Mohamud"
            ]
        );
    }

    #[test]
    fn a_place_written_as_one_is_no_person() {
        let people = people_of(
            "Coalition forces assaulted the Taliban-held city of Marjah in \
             Helmand province. Long regarded as a \"festering sore\" by NATO \
             officers, Marjah was one of the last insurgent-held areas. Marjah \
             had been recovered, said Gen. Stanley McChrystal.",
        );
        assert_eq!(people, ["Stanley McChrystal"]);
        let people = people_of(
            "Relations soured after the town of Gaggenau in southern Germany \
             refused a hall to Turkey's justice minister. Thomas Strobl, the \
             interior minister of the state where Gaggenau is, objected.",
        );
        assert_eq!(people, ["Thomas Strobl"]);
    }

    #[test]
    fn a_name_opened_by_a_foreign_article_is_no_person() {
        let people = people_of(
            "Abbas told the German news outlet, Der Spiegel. Spokesman Steffen \
             Seibert told Der Spiegel on Jan. 29 that Die Linke objected.",
        );
        assert_eq!(people, ["Abbas", "Steffen Seibert"]);
    }

    #[test]
    fn a_name_its_analysts_follow_is_recorded_for_the_archive_only() {
        let names = find(
            "",
            "Morgan Stanley analysts expect a rally. Merrill Lynch strategist \
             Ann Miller agreed, and longtime Hillary Clinton strategist Joel \
             Benenson said rates would fall.",
        );
        for org in ["morgan stanley", "merrill lynch", "hillary clinton"] {
            assert!(
                names.organisations.iter().any(|o| o == org),
                "{org}: {names:?}"
            );
        }
        // In the article a strategist's firm and a strategist's candidate
        // alike stay what the tagger found: only the archive's counts can
        // tell a firm from a politician.
        assert!(
            names.people.iter().any(|p| p == "Hillary Clinton"),
            "{names:?}"
        );
        assert!(names.people.iter().any(|p| p == "Joel Benenson"));
    }

    #[test]
    fn storms_ships_and_airports_named_after_people_are_not_people() {
        let people = people_of(
            "Hurricane Harvey made landfall in Texas on Friday. Harvey dumped \
             record rain on Houston, and Storm Ciaran hit Cornwall. Governor \
             Greg Abbott declared a disaster.",
        );
        assert_eq!(people, ["Greg Abbott"]);
        let people = people_of(
            "The USS Gerald R. Ford sailed to the eastern Mediterranean. The \
             Ford carrier group was joined by the USS Dwight D. Eisenhower, \
             said Lloyd Austin.",
        );
        assert_eq!(people, ["Lloyd Austin"]);
        // The storm's name ends at a title.
        let people =
            people_of("After Hurricane Harvey Gov. Greg Abbott said the state would rebuild.");
        assert_eq!(people, ["Greg Abbott"]);
        let people = people_of(
            "Flights at John F. Kennedy International Airport were delayed, \
             said Elizabeth Warren.",
        );
        assert_eq!(people, ["Elizabeth Warren"]);
    }

    #[test]
    fn a_full_name_no_list_knows_is_found_by_its_surname_said() {
        // Neither "Rishi" nor "Sunak" is in any name list; the article
        // writes "Sunak said".
        let people = people_of(
            "Officials met on Monday. The plan would work, Rishi Sunak said \
             on Tuesday, adding that talks would go on. Sunak spoke to \
             reporters later. \"We will win,\" Sunak said.",
        );
        assert_eq!(people, ["Rishi Sunak"]);
        // The tagger found the surname alone; the given name joins it.
        let people = people_of(
            "Officials met. The plan would work, Bola Tinubu said on Tuesday. \
             Tinubu spoke to reporters later. \"We will win,\" Tinubu said.",
        );
        assert_eq!(people, ["Bola Tinubu"]);
        // Or a given name of the lists stands in front.
        let people =
            people_of("Federica Mogherini said in a statement that the bloc condemned it.");
        assert_eq!(people, ["Federica Mogherini"]);
        // A capitalised role or a plural is no given name.
        let people = people_of(
            "Officials met. Meteorologist Okonkwo spoke on Tuesday, and \
             Organizers Abiola waited. \"Rain will come,\" Okonkwo said. \
             \"So it will,\" Abiola said.",
        );
        assert!(people.is_empty(), "{people:?}");
    }

    #[test]
    fn a_given_name_no_list_knows_joins_the_name_after_it() {
        // The tagger finds the surname, or the last words of the name,
        // and leaves out the first word it does not know; the last, a
        // given name it found alone before the particle.
        for (text, name) in [
            (
                "Officials met.\n\nAbiy Ahmed said on Tuesday that talks would go on.",
                "Abiy Ahmed",
            ),
            (
                "\"We are making progress,\" Recep Tayyip Erdogan told reporters outside.",
                "Recep Tayyip Erdogan",
            ),
            (
                "\"We are making progress,\" Ursula von der Leyen told reporters outside.",
                "Ursula von der Leyen",
            ),
            (
                "\"We are making progress,\" Mohammed bin Salman told reporters outside.",
                "Mohammed bin Salman",
            ),
        ] {
            assert_eq!(people_of(text), [name], "{text}");
        }
    }

    #[test]
    fn roles_outlets_and_descriptions_before_a_name_are_not_given_names() {
        // Each extended the surname the tagger found before the filters
        // (`evidence` tests each filter on its own).
        for (text, name) in [
            (
                "Officials met. The fire was out, Det Supt Elliott said.",
                "Elliott",
            ),
            (
                "Fans cheered. Frontman Jagger sang, and then frontman Jagger left.",
                "Jagger",
            ),
            (
                "Offers came in. But again, Zorbo Barbara Corcoran said she did not like it.",
                "Barbara Corcoran",
            ),
        ] {
            let people = people_of(text);
            assert_eq!(people, [name], "{text}");
        }
    }

    #[test]
    fn royals_and_popes_keep_their_title_with_a_given_name() {
        let people = people_of(
            "Pope Francis met Queen Elizabeth in Rome. Saudi King Salman and \
             Prince William also attended, and Prince Harry spoke. Harry said \
             he was glad.",
        );
        assert_eq!(
            people,
            [
                "Prince Harry",
                "Pope Francis",
                "Queen Elizabeth",
                "King Salman",
                "Prince William"
            ]
        );
        // Things named so are not: a liner, a stadium, a singer's middle name.
        let people = people_of(
            "She sailed on the Queen Mary to New York. Leicester play at the \
             King Power Stadium, where songs by Nat King Cole were played.",
        );
        assert!(
            !people
                .iter()
                .any(|p| p.starts_with("Queen") || p.starts_with("King")),
            "{people:?}"
        );
    }

    #[test]
    fn follow_me_lines_are_credits() {
        let people = people_of(
            "Nvidia shares rose after Jensen Huang spoke. Follow Jane Smith on \
             X @janesmith. Follow Ann Lee and Bob Ray on Instagram.",
        );
        assert_eq!(people, ["Jensen Huang"]);
        // The verb in running text is no credit line.
        let people =
            people_of("Millions follow Taylor Swift on Instagram, and fans follow Elon Musk on X.");
        assert_eq!(people, ["Taylor Swift", "Elon Musk"]);
    }

    #[test]
    fn a_byline_glued_to_the_title_is_no_person_of_the_story() {
        let body = "Supporters gathered in the old city on Friday to mark the \
             anniversary of the uprising. Many said they had lost relatives \
             and homes in the fighting, and that the talks in Geneva offered \
             them little. Abu Ahmad, a teacher, said the opposition must not \
             give up its demands. Others said they only wanted to go home \
             and rebuild what was left of their shops.";
        let title = "Syrians to opposition: 'No concessions over our blood' Mariya Petkova";
        let people = find_people(title, body);
        assert!(!people.iter().any(|p| p == "Mariya Petkova"), "{people:?}");
        // Named in the body, the title's person is the story's.
        let body = format!("{body} Mariya Petkova said so too.");
        let people = find_people(title, &body);
        assert!(people.iter().any(|p| p == "Mariya Petkova"), "{people:?}");
        // A title alone, or nearly, names its subject there.
        let people = find_people(
            "Putin names new prime minister Mikhail Mishustin",
            "More soon.",
        );
        assert_eq!(people, ["Mikhail Mishustin"]);
    }

    #[test]
    fn organisations_are_recorded_for_the_archive() {
        let names = find(
            "",
            "The Fine Gael parliamentary party met on Tuesday. Fine Gael said \
             Enda Kenny would stay, according to Bill Sullivan, an analyst \
             with Dean Witter Reynolds Inc. Morgan Stanley shareholders and \
             Mary Lou McDonald disagreed.",
        );
        for org in [
            "fine gael",
            "dean witter",
            "dean witter reynolds",
            "morgan stanley",
        ] {
            assert!(
                names.organisations.iter().any(|o| o == org),
                "{org}: {names:?}"
            );
        }
        for person in ["enda kenny", "bill sullivan", "mary lou mcdonald"] {
            assert!(!names.organisations.iter().any(|o| o == person), "{person}");
        }
        assert!(!names.people.iter().any(|p| p == "Fine Gael"), "{names:?}");
        assert!(names.people.iter().any(|p| p == "Enda Kenny"), "{names:?}");
    }

    #[test]
    fn a_full_name_after_the_is_recorded_for_the_archive_to_weigh() {
        let names = find(
            "",
            "The cruiser sailed past. Sailors aboard the Pyotr Veliky waved, \
             and Sergei Lavrov said the Donald Trump team was welcome. \
             Trump said so too.",
        );
        for thing in ["pyotr veliky", "donald trump"] {
            assert!(
                names.organisations.iter().any(|o| o == thing),
                "{thing}: {names:?}"
            );
        }
        assert!(!names.organisations.iter().any(|o| o == "sergei lavrov"));
        // In the article it stays what the tagger found: one "the" does
        // not make a thing of a person; the archive's counts may.
        assert!(
            names.people.iter().any(|p| p == "Donald Trump"),
            "{names:?}"
        );
    }

    #[test]
    fn outlets_credits_and_longer_names_are_not_people() {
        let people = people_of(
            "Fox News host Sean Hannity interviewed the president. Fox said \
             the interview would air on Monday, and Hannity told Good Morning \
             America he was pleased. Source: Al Jazeera News. Traffic on the \
             George Washington Bridge was light, a spokesman at Navan Garda \
             Station said.",
        );
        assert_eq!(people, ["Sean Hannity"]);
    }

    #[test]
    fn credits_are_not_people_of_the_story() {
        let people = people_of(
            "Senate leader Chuck Schumer said the vote was close.\n\
             \u{2014} Caitriona Perry (@CaitrionaPerry) February 7, 2017\n\
             A car at an exhibition in Wuzhen. Zhu Xingxin / China Daily\n\
             The photo of Tom Brown was taken by Jane Smith/AFP.\n\
             Jonathan Cohn and Mary Jones contributed to this report.\n\
             Additional reporting Pat McGrath\n\
             Reporting by Lesley Wroughton and Jeff Mason; Editing by Bill Trott",
        );
        assert_eq!(people, ["Chuck Schumer", "Tom Brown"]);
        // A byline opens its line; the people of the story stay.
        let people = people_of(
            "By Jane Doe\n\nBy Monday, Angela Merkel had agreed. By Christmas \
             Emmanuel Macron had too. Donald Trump and \
             Congress contributed to the deficit, said Paul Ryan.",
        );
        assert_eq!(
            people,
            [
                "Angela Merkel",
                "Emmanuel Macron",
                "Donald Trump",
                "Paul Ryan"
            ]
        );
        // A reporter named in the story is a person of it.
        let people = people_of(
            "Jonathan Cohn of The Huffington Post reported the plan. Jonathan \
             Cohn contributed to this report.",
        );
        assert_eq!(people, ["Jonathan Cohn"]);
        // An author's note at the end is a credit; the same words in the
        // story are not.
        let story = format!(
            "Jane Roe is a professor at Harvard, and she said the plan would \
             fail. {}\n\nMark LeVine is a professor of history at the \
             University of California, Irvine.",
            "The committee met again on Tuesday and agreed on nothing. ".repeat(8)
        );
        let people = people_of(&story);
        assert_eq!(people, ["Jane Roe"]);
    }

    #[test]
    fn a_given_name_and_a_surname_the_tagger_missed_are_a_person() {
        let people = people_of(
            "Federica Mogherini met Jens Stoltenberg in Brussels on Monday. \
             Les Invalides was named, and Co Mayo, and the \
             Hudson Theatre. Russia may force Bashar al-Assad to stop.",
        );
        assert_eq!(
            people,
            ["Federica Mogherini", "Jens Stoltenberg", "Bashar al-Assad"]
        );
    }

    #[test]
    fn capitalised_parts_of_hyphenated_words() {
        for (word, part) in [
            ("Obama-era", "Obama"),
            ("pro-Trump", "Trump"),
            ("the-Obama-administration", "Obama"),
            ("Kara-Murza", "Kara-Murza"),
            ("Trump-Putin", "Trump-Putin"),
            ("side-by-side", "side-by-side"),
            ("Obama-", "Obama-"),
            ("Jean-Claude-led", "Jean-Claude"),
        ] {
            assert_eq!(capitalised_part(word), part);
        }
    }

    #[test]
    fn a_family_in_the_plural_is_no_one() {
        let people = people_of(
            "Marine Le Pen spoke in Lyon. The Le Pens have led the party for \
             decades, and Jean-Marie Le Pen founded it.",
        );
        assert_eq!(people, ["Marine Le Pen", "Jean-Marie Le Pen"]);
    }

    #[test]
    fn places_peoples_religions_and_deities_are_not_people() {
        let people = people_of(
            "Muslim leaders from Zhejiang and North Carolina met Kuwaiti \
             officials in Denver. \"God is great,\" one of them said, and the \
             Muslims prayed. Yemenis marched in Cork.",
        );
        assert!(people.is_empty(), "{people:?}");
    }

    #[test]
    fn groups_places_and_buildings_named_by_a_cue_are_no_one() {
        let people = people_of(
            "The expert works for the conservation group Robin Wood, said \
             Ilka Peterson. Rebels threaten the regional capital Lashkar Gah. \
             The book is on view at the Stephen A. Schwarzman building, where \
             Madeleine Viljoen is curator. Presenter: Hazem Sika. The chief \
             executive of Volkswagen Group Matthias Muller was there.",
        );
        assert_eq!(
            people,
            ["Ilka Peterson", "Madeleine Viljoen", "Matthias Muller"]
        );
    }

    #[test]
    fn things_named_after_someone_are_no_one() {
        let people = people_of(
            "The quake measured 6.1 on the Richter scale, said Brian Ferris. \
             Alzheimer's is feared by many, and Parkinson's disease too, \
             according to Mary Hatch.",
        );
        assert_eq!(people, ["Brian Ferris", "Mary Hatch"]);
    }

    #[test]
    fn lone_given_names_and_common_words_are_not_people() {
        let people = people_of(
            "George met Amal in Berlin on Friday. Check out the full segment \
             above. Known for his hard line on Moscow, Senator Marco Rubio \
             spoke first. Historically, the Staff has agreed.",
        );
        assert_eq!(people, ["Marco Rubio"]);
        // A given name joins the full name given in the article.
        let people = people_of(
            "George Clooney met Amal Clooney in Berlin. George said the film \
             was ready.",
        );
        assert_eq!(people, ["George Clooney", "Amal Clooney"]);
    }

    #[test]
    fn surnames_after_titles_and_before_administration_are_people() {
        let (people, mentions) = find_mentions(
            "A timeline of President Trump's wiretapping claims",
            "President Trump's administration said on Monday that Mr. Obama \
             had ordered the wiretap. The Trump administration gave no \
             evidence, and the Obama administration denied it.",
        );
        assert_eq!(people, ["Trump", "Obama"]);
        assert_eq!(mentions.len(), 5, "{mentions:?}");
        assert_eq!(mentions[0].field, Field::Title);
    }

    #[test]
    fn a_name_cut_short_by_the_tagger_is_lengthened() {
        let people = people_of(
            "How will Donald Trump's first 100 days affect you? The war began \
             under George W Bush, says Philippe Moreau Defarges of the \
             Institute of International Relations.",
        );
        for name in ["Donald Trump", "George W Bush", "Philippe Moreau Defarges"] {
            assert!(people.contains(&name.to_owned()), "{name} in {people:?}");
        }
        assert_eq!(people.len(), 3, "{people:?}");
    }

    #[test]
    fn wire_datelines_and_tables_are_not_people() {
        let people = people_of(
            "The company, of Atlanta, Ga., said Smith Barney, Harris Upham and \
             Co Inc would manage the offering.\nNine Mths\nShr 48 cts vs 31 cts\n\
             Johnson and Johnson bought 5 pct of Harper and Row. Harper said it \
             welcomed the stake.",
        );
        assert!(people.is_empty(), "{people:?}");
    }

    #[test]
    fn title_case_headline_words_are_not_names() {
        let title = "Hillary Clinton Releases Video Statement Urging Women To Fight On";
        let body = "Hillary Clinton released a video statement on Monday. Clinton \
             said women should keep fighting for their rights.";
        let (people, mentions) = find_mentions(title, body);
        assert_eq!(people, ["Hillary Clinton"]);
        assert_eq!(mentions[0].text, "Hillary Clinton");
        assert_eq!(mentions[0].field, Field::Title);
    }
}
