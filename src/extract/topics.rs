//! Topics: the taxonomy in `schema/topics.json` and how an article gets
//! its topics from it.
//!
//! Every topic an article carries is a name of the taxonomy, lower case and
//! spelt one way. The taxonomy has areas (politics, economy, ...), topics
//! under them (diplomacy, energy, ...) and, under some of those, topics
//! that only a file's own labels give: wire codes with no equivalent among
//! the taxonomy's topics (Reuters `coffee`, `wheat`, `money-fx` as
//! "foreign exchange"), which have no words to be found by.
//!
//! Three kinds of evidence, strongest first:
//!
//! - **The file's topic list** (Reuters TOPICS, JSON `topics`, `tags`,
//!   `keywords`, `categories`): each label is looked up among the names,
//!   aliases and codes of the taxonomy, in any case and spacing (`earn` is
//!   earnings, `acq` mergers and acquisitions, `crude` energy, `Politics`
//!   politics, `defense` defence). The topics they name always stand, and
//!   come first. A label the taxonomy does not know is the file's own: it
//!   is kept, lower case, after the taxonomy's topics.
//! - **The section** (JSON `section`, and the folders of the URL's path,
//!   the page itself left out): where the story sat on the site. It
//!   adds `section_weight` to the topic it names, which then stands, but
//!   not to the bar the story's other subjects are held to (`min_share`
//!   and `area_share` are judged on the words alone; when only the
//!   section names the main area, every other area that stands follows);
//!   a section that names no topic is no topic at all. That is how URL
//!   placeholders ("news", "world", "epaper", "indepth", a blogger's name)
//!   fall away without a list of them: they name no subject.
//! - **The words** of the title and body, read a word at a time: each
//!   topic has weighted words and phrases and gets a score (a title match
//!   counts three times; long articles are scaled down). A topic stands on
//!   the words when its *core* terms alone reach the threshold, from two
//!   different terms or from the title. A core term names the subject on
//!   its own: weight at least `core_weight`, and not listed as ambiguous
//!   ("galaxy" is a phone as often as a galaxy, "league" the Arab League,
//!   "lunar" a calendar); other terms only add to the score of a topic
//!   that stands. A topic whose score is under `min_share` of the
//!   strongest topic's is mentioned in passing and falls.
//!
//! **Order.** An area's evidence is its own score and its topics', with
//! the lede (the first `lede_words` words of the body) weighed up
//! `lede_weight` times: a story says first what it is about, and wanders
//! later. The lede only orders; it does not make a topic stand. So that
//! topics compare fairly, each topic's terms weigh here as if its
//! strongest terms (the mean of its ten strongest) weighed
//! `order_top_weight`: a term's weight says how surely it names its topic
//! against the topic's other terms, and the lists were written on
//! different scales (energy's strongest terms weigh 3, climate's 2),
//! which made energy the main subject of a story about climate policy.
//! Whether another area has enough evidence to follow the main one is
//! judged on the weights as written.
//!
//! The first topic is the main subject: in the area with the most evidence,
//! its strongest topic when that holds at least `child_share` of the area's
//! evidence (diplomacy for a foreign minister's visit), else the area's own
//! name (politics for a story about politics in general, with a little of
//! elections, government and legislation). The title names the main
//! subject when the evidence is close: an area whose kept topic has a core
//! term in the title comes first, before a stronger area with no word at
//! all in the title, when it holds at least `title_share` of that area's
//! evidence ("Zimbabwe floods leave villagers stranded" is a natural
//! disaster, though the story says more of maize, harvests and livestock).
//! Within an area, a topic may be written to come after another when
//! both stand (`after`): a crime report quotes the police, so crime moves
//! up to just before police, and takes the lead the police's evidence
//! earned; police leads only where no crime stands (police pay, a march)
//! or the section names it.
//! The area follows its topic, then its other topics. Another area follows only with at least
//! `area_share` of the main area's evidence, strongest topic first, up to
//! `max_topics` in all (and those the file or section names, however
//! many). When no topic stands at all, the area with the most
//! evidence stands alone if that reaches `area_threshold` (an aircraft
//! crash is disasters and accidents though no one word says so). Areas and
//! topics the file lists come first, whatever their evidence; the topics
//! only labels give (coffee, wheat) come last, after the taxonomy's.
//!
//! **Areas include their topics.** An article with a topic always carries
//! its parent, and its parent's parent (coffee, commodities, economy), so
//! counting or filtering on an area by exact match also counts every story
//! of its topics: the facet "politics" counts the stories about diplomacy
//! or elections, and filtering on it finds the same stories.
//!
//! The areas follow IPTC Media Topics where the list leaves room:
//! defence, intelligence, immigration and human rights sit under politics,
//! and disasters and accidents are an area of their own, not environment.

use std::collections::{BTreeMap, HashMap};

use anyhow::{Context, Result, bail};
use rustc_hash::FxHashMap;
use serde::Deserialize;

/// The embedded taxonomy.
pub const TOPICS_JSON: &str = include_str!("../../schema/topics.json");

/// Occurrences of one term counted at most this often, so one repeated
/// word cannot carry a topic alone.
const MAX_COUNT_PER_TERM: usize = 3;
/// A title match counts this many times a body match.
const TITLE_WEIGHT: f32 = 3.0;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct TopicSpec {
    name: String,
    /// Other names of the topic: sections, spellings, wire codes.
    #[serde(default)]
    aliases: Vec<String>,
    #[serde(default)]
    terms: HashMap<String, f32>,
    /// Terms that often mean something else ("galaxy", a phone; "league",
    /// the Arab League): they add to a topic that has a core term, and are
    /// never one.
    #[serde(default)]
    ambiguous: Vec<String>,
    /// Topics of the same area this one comes after when both stand,
    /// whatever their evidence: a crime report quotes the police, so
    /// police comes after crime, and first only when crime does not stand
    /// or the file or section names the police.
    #[serde(default)]
    after: Vec<String>,
    /// Topics under this one that only file labels give: name, and the
    /// labels (wire codes) that stand for it besides its name.
    #[serde(default)]
    codes: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    children: Vec<TopicSpec>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct TaxonomySpec {
    /// The score a topic needs from the words.
    threshold: f32,
    /// At most this many topics from the words (their areas included);
    /// those the file's topic list or section names are always there.
    max_topics: usize,
    /// The least weight of a core term.
    core_weight: f32,
    /// A topic found in the words needs at least this share of the
    /// strongest topic's score.
    min_share: f32,
    /// An area besides the main subject's needs at least this share of its
    /// evidence.
    area_share: f32,
    /// The strongest topic of the main area comes before the area when it
    /// holds at least this share of the area's evidence.
    child_share: f32,
    /// An area the title names by a core term comes first, before a
    /// stronger area with no word in the title, when it has at least this
    /// share of that area's evidence.
    title_share: f32,
    /// What a section naming a topic adds to its score.
    section_weight: f32,
    /// The evidence an area needs to stand alone when no topic stands.
    area_threshold: f32,
    /// The lede: this many first words of the body (none by default).
    #[serde(default)]
    lede_words: usize,
    /// A term in the lede counts this many times a body match when the
    /// main subject is chosen (not when topics are found).
    #[serde(default = "one")]
    lede_weight: f32,
    /// When the main subject is chosen, each topic's terms weigh as if
    /// its strongest terms (the mean of the ten strongest) weighed this
    /// much (0, the default: as written).
    #[serde(default)]
    order_top_weight: f32,
    topics: Vec<TopicSpec>,
}

fn one() -> f32 {
    1.0
}

/// What one term says.
#[derive(Debug, Clone, Copy)]
struct Pattern {
    topic: usize,
    weight: f32,
    /// Whether the term names its topic on its own.
    core: bool,
    /// What the weight is multiplied by when the main subject is chosen
    /// (`order_top_weight` over the mean of the topic's strongest weights).
    lead_scale: f32,
}

/// A compiled taxonomy: every term of every topic by its first word, and
/// a table from every name, alias and code to its topic.
#[derive(Debug)]
pub struct Taxonomy {
    names: Vec<String>,
    /// The topics each topic comes after when both stand (`after`).
    after: Vec<Vec<usize>>,
    parent: Vec<Option<usize>>,
    /// Whether only file labels give the topic (a wire code kept as its
    /// own topic); such topics come after the others.
    label_only: Vec<bool>,
    /// Normalised label (see [`label_key`]) to topic.
    labels: HashMap<String, usize>,
    patterns: Vec<Pattern>,
    /// Every term (lower case), by pattern.
    terms: Vec<String>,
    /// The patterns whose term starts with this word.
    by_first_word: FxHashMap<Box<[u8]>, Vec<usize>>,
    threshold: f32,
    max_topics: usize,
    min_share: f32,
    area_share: f32,
    child_share: f32,
    title_share: f32,
    section_weight: f32,
    area_threshold: f32,
    lede_words: usize,
    lede_weight: f32,
}

/// What the words of one article say, per topic: the score, the part of
/// it from core terms, how many different terms were found, and whether
/// one was in the title.
#[derive(Debug)]
struct Evidence {
    score: Vec<f32>,
    /// The score with the lede weighed up and each topic's terms on one
    /// scale (`order_top_weight`): what orders the topics.
    lead: Vec<f32>,
    /// The same with every term at its written weight: what decides
    /// whether another area has enough evidence to follow.
    lead_plain: Vec<f32>,
    core: Vec<f32>,
    distinct: Vec<u32>,
    in_title: Vec<bool>,
    /// Whether a core term of the topic is in the title.
    core_in_title: Vec<bool>,
}

/// Where in an article a term was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Place {
    Title,
    Lede,
    Body,
}

/// How a topic came to an article, strongest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Given {
    /// Named by the file's topic list.
    Listed,
    /// Named by the section.
    Section,
    /// Found in the words, or not at all.
    Words,
}

impl Taxonomy {
    /// The taxonomy embedded in the binary; checked by a test.
    pub fn embedded() -> Taxonomy {
        Taxonomy::from_json(TOPICS_JSON).expect("schema/topics.json is valid")
    }

    pub fn from_json(json: &str) -> Result<Taxonomy> {
        let spec: TaxonomySpec = serde_json::from_str(json).context("invalid topic taxonomy")?;
        let mut b = Builder::default();
        for topic in &spec.topics {
            b.add(topic, None, spec.core_weight, spec.order_top_weight)?;
        }
        let after = b.resolve_after()?;
        // The terms by their first word: a text is read a word at a time,
        // and each word looks up the terms that may start there, so a term
        // inside a longer word ("ai" in "said") is never looked at. A
        // small table, built in no time; the Aho-Corasick DFA over every
        // term it replaces found the same terms, but took 3 MB and 7 ms
        // to build.
        let mut by_first_word: FxHashMap<Box<[u8]>, Vec<usize>> = FxHashMap::default();
        for (p, term) in b.terms.iter().enumerate() {
            let first = term.split(|c: char| !c.is_alphanumeric()).next();
            match first {
                Some(first) if !first.is_empty() && term.ends_with(char::is_alphanumeric) => {
                    by_first_word
                        .entry(first.as_bytes().into())
                        .or_default()
                        .push(p);
                }
                _ => bail!("topic term {term:?} does not start and end with a letter or digit"),
            }
        }
        Ok(Taxonomy {
            after,
            terms: b.terms,
            by_first_word,
            names: b.names,
            parent: b.parent,
            label_only: b.label_only,
            labels: b.labels,
            patterns: b.patterns,
            threshold: spec.threshold,
            max_topics: spec.max_topics,
            min_share: spec.min_share,
            area_share: spec.area_share,
            child_share: spec.child_share,
            title_share: spec.title_share,
            section_weight: spec.section_weight,
            area_threshold: spec.area_threshold,
            lede_words: spec.lede_words,
            lede_weight: spec.lede_weight,
        })
    }

    /// Every topic name, parents before their topics.
    pub fn names(&self) -> &[String] {
        &self.names
    }

    /// The topic a label stands for, by name, alias or wire code, in any
    /// case and spacing: "Politics", "defense", "earn", "money-fx" and
    /// "Business news" are politics, defence, earnings, foreign exchange
    /// and business. `None` when it names no topic ("news", "world").
    pub fn canonical(&self, label: &str) -> Option<&str> {
        self.resolve(label).map(|t| self.names[t].as_str())
    }

    /// The topic a topic sits under, if any: diplomacy under politics,
    /// coffee under commodities.
    pub fn parent(&self, topic: &str) -> Option<&str> {
        self.parent[self.id(topic)?].map(|p| self.names[p].as_str())
    }

    /// The area of the first topic in `topics` that the taxonomy knows:
    /// the topic itself, or its topmost parent.
    pub fn top_level<'a>(&'a self, topics: &[String]) -> Option<&'a str> {
        topics
            .iter()
            .find_map(|t| Some(self.names[self.area_of(self.id(t)?)].as_str()))
    }

    /// Whether `label` names a topic of the taxonomy by its name or an
    /// alias, in any case and spacing ("Politics", "sports"): not a topic
    /// only wire codes give ("heat", "meat").
    pub fn names_a_subject(&self, label: &str) -> bool {
        self.resolve(label).is_some_and(|t| !self.label_only[t])
    }

    /// The topics of a text with no labels: see [`Taxonomy::topics`].
    pub fn assign(&self, title: &str, body: &str) -> Vec<String> {
        self.topics(title, body, &[], &[])
    }

    /// The topics of an article: from its file's topic list (`listed`),
    /// its sections and its words, main subject first, every topic
    /// followed (at once or later) by its parents. See the module docs.
    pub fn topics(
        &self,
        title: &str,
        body: &str,
        listed: &[String],
        sections: &[String],
    ) -> Vec<String> {
        let (given, extra) = self.read_labels(listed, sections);
        let ev = self.evidence(title, body);
        let score: Vec<f32> = (0..self.names.len())
            .map(|t| match given[t] {
                Given::Section => ev.score[t] + self.section_weight,
                _ => ev.score[t],
            })
            .collect();
        let kept = self.kept(&given, &score, &ev);
        let with_section = |lead: &[f32]| -> Vec<f32> {
            (0..self.names.len())
                .map(|t| match given[t] {
                    Given::Section => lead[t] + self.section_weight,
                    _ => lead[t],
                })
                .collect()
        };
        let rank = with_section(&ev.lead);
        let plain = &ev.lead_plain;
        let mut names: Vec<String> = self
            .order(&kept, &given, &rank, plain, &ev)
            .into_iter()
            .map(|t| self.names[t].clone())
            .collect();
        names.extend(extra);
        names
    }

    /// How the file's labels give each topic, and the topics to put last:
    /// wire codes kept as their own topics, and the file's labels the
    /// taxonomy does not know, in the file's order.
    fn read_labels(&self, listed: &[String], sections: &[String]) -> (Vec<Given>, Vec<String>) {
        let mut given = vec![Given::Words; self.names.len()];
        let mut extra: Vec<String> = Vec::new();
        let labels = listed
            .iter()
            .map(|l| (l, Given::Listed))
            .chain(sections.iter().map(|s| (s, Given::Section)));
        for (label, how) in labels {
            match self.resolve(label) {
                Some(t) if self.label_only[t] => {
                    if !extra.contains(&self.names[t]) {
                        extra.push(self.names[t].clone());
                    }
                    // Its nearest taxonomy topic stands for it.
                    let mut up = t;
                    while self.label_only[up] {
                        up = self.parent[up].expect("a code topic has a parent");
                    }
                    given[up] = given[up].min(how);
                }
                Some(t) => given[t] = given[t].min(how),
                None if how == Given::Listed => {
                    let own = own_label(label);
                    if !own.is_empty() && !extra.contains(&own) {
                        extra.push(own);
                    }
                }
                // A section that names no topic is not one.
                None => {}
            }
        }
        (given, extra)
    }

    /// An area's evidence: its own score and all its topics'. An article
    /// about elections, parliament and a minister is about politics even
    /// when no one topic dominates.
    fn area_scores(&self, score: &[f32]) -> Vec<f32> {
        let mut area = vec![0.0f32; score.len()];
        for (t, s) in score.iter().enumerate() {
            area[self.area_of(t)] += s;
        }
        area
    }

    /// The topics that stand, and are more than a mention in passing.
    fn kept(&self, given: &[Given], score: &[f32], ev: &Evidence) -> Vec<usize> {
        let n = self.names.len();
        let stands = |t: usize| {
            !self.label_only[t]
                && (given[t] != Given::Words
                    || (ev.core[t] >= self.threshold && (ev.distinct[t] >= 2 || ev.in_title[t])))
        };
        // The bar for a mention in passing is set by the words alone: a
        // section makes its topic stand, it does not raise the bar for the
        // story's other subjects.
        let best = (0..n)
            .filter(|&t| stands(t))
            .map(|t| ev.score[t])
            .fold(0.0, f32::max);
        let mut kept: Vec<usize> = (0..n)
            .filter(|&t| {
                stands(t) && (given[t] != Given::Words || score[t] >= self.min_share * best)
            })
            .collect();
        if kept.is_empty() {
            let area = self.area_scores(score);
            let top = (0..n)
                .filter(|&a| self.parent[a].is_none())
                .max_by(|&a, &b| area[a].total_cmp(&area[b]).then(b.cmp(&a)));
            kept.extend(top.filter(|&a| area[a] >= self.area_threshold));
        }
        kept
    }

    /// The kept topics in order, each with its parents: the main subject's
    /// area first, then the other areas with enough evidence.
    fn order(
        &self,
        kept: &[usize],
        given: &[Given],
        score: &[f32],
        plain: &[f32],
        ev: &Evidence,
    ) -> Vec<usize> {
        let area = self.area_scores(score);
        let plain = self.area_scores(plain);
        // Whether the title names a kept topic of the area by a core term,
        // and whether it has any word of the area at all.
        let mut area_titled = vec![false; score.len()];
        for &t in kept {
            area_titled[self.area_of(t)] |= ev.core_in_title[t];
        }
        let mut area_in_title = vec![false; score.len()];
        for (t, &x) in ev.in_title.iter().enumerate() {
            area_in_title[self.area_of(t)] |= x;
        }
        let mut area_given = vec![Given::Words; score.len()];
        for (t, &g) in given.iter().enumerate() {
            let a = self.area_of(t);
            area_given[a] = area_given[a].min(g);
        }
        let listed_first = |x: Given, y: Given| (x != Given::Listed).cmp(&(y != Given::Listed));
        let mut areas: Vec<usize> = kept.iter().map(|&t| self.area_of(t)).collect();
        areas.sort_by(|&a, &b| {
            listed_first(area_given[a], area_given[b])
                .then(area[b].total_cmp(&area[a]))
                .then(a.cmp(&b))
        });
        areas.dedup();
        // The title names the main subject: an area the title names by a
        // core term goes before a stronger one it does not touch at all.
        if let Some(&top) = areas.first()
            && area_given[top] != Given::Listed
            && !area_in_title[top]
            && let Some(i) = areas
                .iter()
                .position(|&a| area_titled[a] && area[a] >= self.title_share * area[top])
        {
            let a = areas.remove(i);
            areas.insert(0, a);
        }
        let Some((&main, rest)) = areas.split_first() else {
            return Vec::new();
        };
        let strongest = |a: usize| {
            kept.iter()
                .filter(|&&t| self.area_of(t) == a)
                .map(|&t| score[t])
                .fold(0.0, f32::max)
        };
        let mut rest: Vec<usize> = rest
            .iter()
            .copied()
            .filter(|&a| area_given[a] != Given::Words || plain[a] >= self.area_share * plain[main])
            .collect();
        rest.sort_by(|&a, &b| {
            listed_first(area_given[a], area_given[b])
                .then(strongest(b).total_cmp(&strongest(a)))
                .then(a.cmp(&b))
        });

        let mut out: Vec<usize> = Vec::new();
        for a in std::iter::once(main).chain(rest) {
            let mut topics: Vec<usize> = kept
                .iter()
                .copied()
                .filter(|&t| t != a && self.area_of(t) == a)
                .collect();
            topics.sort_by(|&x, &y| {
                listed_first(given[x], given[y])
                    .then(score[y].total_cmp(&score[x]))
                    .then(x.cmp(&y))
            });
            // The main subject is the main area's leading topic when the
            // strongest holds enough of the area's evidence, else the area
            // itself; an area the file lists comes before topics it does
            // not. The leading topic is the strongest, or the one the
            // strongest follows (`after`): crime before the police.
            let top = topics.first().map_or(0.0, |&t| score[t]);
            self.follow(&mut topics, given);
            if topics.first().is_some_and(|&t| {
                given[t] != Given::Listed
                    && (given[a] == Given::Listed
                        || (a == main && top < self.child_share * area[a]))
            }) {
                out.push(a);
            }
            for t in topics {
                let chain = self.chain(t);
                let new = chain.iter().filter(|c| !out.contains(c)).count();
                if given[t] != Given::Words || out.len() + new <= self.max_topics {
                    for c in chain {
                        if !out.contains(&c) {
                            out.push(c);
                        }
                    }
                }
            }
            if !out.contains(&a)
                && kept.contains(&a)
                && (given[a] != Given::Words || out.len() < self.max_topics)
            {
                out.push(a);
            }
        }
        out
    }

    /// Moves the topics a topic is written to follow (`after`) up to just
    /// before it, in their order, when they stand after it and the file
    /// or section does not give it more strongly than them; the others
    /// keep their places.
    fn follow(&self, topics: &mut Vec<usize>, given: &[Given]) {
        let mut i = 0;
        while i < topics.len() {
            let t = topics[i];
            let later = topics[i + 1..]
                .iter()
                .position(|&u| self.after[t].contains(&u) && given[u] <= given[t]);
            if let Some(j) = later {
                let u = topics.remove(i + 1 + j);
                topics.insert(i, u);
            }
            // On to the next topic, or to `t` again, now one further on (a
            // topic moved up follows none).
            i += 1;
        }
    }

    /// The area a topic belongs to: its topmost parent, or itself.
    fn area_of(&self, mut t: usize) -> usize {
        while let Some(up) = self.parent[t] {
            t = up;
        }
        t
    }

    /// A topic and its parents, the topic first.
    fn chain(&self, t: usize) -> Vec<usize> {
        let mut chain = vec![t];
        let mut id = t;
        while let Some(up) = self.parent[id] {
            chain.push(up);
            id = up;
        }
        chain
    }

    fn id(&self, name: &str) -> Option<usize> {
        self.names.iter().position(|n| n == name)
    }

    fn resolve(&self, label: &str) -> Option<usize> {
        self.labels.get(&label_key(label)).copied()
    }

    /// The terms found in `lower` (already lowercased): whole words and
    /// phrases only (a hyphen in the text may stand for a space in a term:
    /// see [`same_words`]), leftmost first and, among those starting at
    /// the same place, the longest. A phrase that runs into a longer word
    /// does not hide the words inside it: "presidential elections" is
    /// "presidential" and "elections", though "presidential election" is a
    /// term too.
    fn matches(&self, lower: &str) -> Vec<(usize, usize)> {
        let bytes = lower.as_bytes();
        let mut found: Vec<(usize, usize, usize)> = Vec::new();
        let mut at = 0;
        while at < bytes.len() {
            let (start, end) = next_word(lower, at);
            at = end;
            let Some(patterns) = self.by_first_word.get(&bytes[start..end]) else {
                continue;
            };
            for &p in patterns {
                let term = self.terms[p].as_bytes();
                let end = start + term.len();
                if bytes
                    .get(start..end)
                    .is_some_and(|text| same_words(text, term))
                    && stands_alone(lower, start, end)
                {
                    found.push((start, end, p));
                }
            }
        }
        // Longest first among those starting at the same place.
        found.sort_unstable_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
        let mut free = 0;
        found
            .into_iter()
            .filter(|&(start, end, _)| {
                let keep = start >= free;
                if keep {
                    free = end;
                }
                keep
            })
            .map(|(start, _, pattern)| (start, pattern))
            .collect()
    }

    /// Scores each topic on the text.
    fn evidence(&self, title: &str, body: &str) -> Evidence {
        let mut found: Vec<(usize, Place)> = Vec::new();
        let lower = title.to_lowercase();
        found.extend(
            self.matches(&lower)
                .into_iter()
                .map(|(_, p)| (p, Place::Title)),
        );
        let lower = body.to_lowercase();
        // One pass gives the body's length in words and where its lede
        // ends (none when there is no lede).
        let (body_words, lede_end) = words_and_start(&lower, self.lede_words);
        let lede_end = if self.lede_words == 0 { 0 } else { lede_end };
        found.extend(self.matches(&lower).into_iter().map(|(at, p)| {
            let place = if at < lede_end {
                Place::Lede
            } else {
                Place::Body
            };
            (p, place)
        }));
        // Summed in pattern order, so the same article always gets the
        // same scores to the last bit (a hash map's order changes from run
        // to run, and so did ties at the threshold).
        found.sort_unstable();
        let words = body_words + title.split_whitespace().count();
        // Long articles touch many subjects in passing: scale evidence down
        // gently with length.
        let scale = ((words as f32) / 400.0).sqrt().max(1.0);
        let n = self.names.len();
        let mut ev = Evidence {
            score: vec![0.0; n],
            lead: vec![0.0; n],
            lead_plain: vec![0.0; n],
            core: vec![0.0; n],
            distinct: vec![0; n],
            in_title: vec![false; n],
            core_in_title: vec![false; n],
        };
        for run in found.chunk_by(|a, b| a.0 == b.0) {
            let in_title = run.iter().filter(|(_, t)| *t == Place::Title).count();
            let in_lede = run.iter().filter(|(_, t)| *t == Place::Lede).count();
            let in_body = run.len() - in_title - in_lede;
            let p = self.patterns[run[0].0];
            let hits = (in_title as f32 * TITLE_WEIGHT + (in_lede + in_body) as f32)
                .min(MAX_COUNT_PER_TERM as f32);
            let evidence = p.weight * hits / scale;
            let lead_hits = (in_title as f32 * TITLE_WEIGHT
                + in_lede as f32 * self.lede_weight
                + in_body as f32)
                .min(MAX_COUNT_PER_TERM as f32);
            ev.lead[p.topic] += p.weight * p.lead_scale * lead_hits / scale;
            ev.lead_plain[p.topic] += p.weight * lead_hits / scale;
            ev.score[p.topic] += evidence;
            if p.core {
                ev.core[p.topic] += evidence;
            }
            ev.distinct[p.topic] += 1;
            ev.in_title[p.topic] |= in_title > 0;
            ev.core_in_title[p.topic] |= p.core && in_title > 0;
        }
        ev
    }

    #[cfg(test)]
    fn scores(&self, title: &str, body: &str) -> Vec<f32> {
        self.evidence(title, body).score
    }
}

/// How many of a topic's strongest terms set the scale of its list.
const TOP_TERMS: usize = 10;

/// Collects the topics of a taxonomy spec, depth first.
#[derive(Default)]
struct Builder {
    names: Vec<String>,
    /// Each topic's `after`, by name, until all topics are known.
    after: Vec<Vec<String>>,
    parent: Vec<Option<usize>>,
    label_only: Vec<bool>,
    labels: HashMap<String, usize>,
    terms: Vec<String>,
    patterns: Vec<Pattern>,
    /// The topic of each term, a hyphen read as a space.
    term_topic: HashMap<String, usize>,
}

impl Builder {
    fn add(
        &mut self,
        spec: &TopicSpec,
        up: Option<usize>,
        core_weight: f32,
        order_top_weight: f32,
    ) -> Result<usize> {
        let id = self.topic(&spec.name, up, false)?;
        self.after[id] = spec.after.clone();
        for alias in &spec.aliases {
            self.label(alias, id)?;
        }
        for word in &spec.ambiguous {
            if !spec.terms.contains_key(word) {
                bail!(
                    "topic {}: ambiguous {word:?} is not one of its terms",
                    spec.name
                );
            }
        }
        let mut sorted: Vec<_> = spec.terms.iter().collect();
        sorted.sort_by(|a, b| a.0.cmp(b.0));
        // The scale of the list: the mean of its strongest weights, so
        // that one term more or less does not change it.
        let mut weights: Vec<f32> = spec.terms.values().copied().collect();
        weights.sort_by(|a, b| b.total_cmp(a));
        weights.truncate(TOP_TERMS);
        let strongest = weights.iter().sum::<f32>() / weights.len().max(1) as f32;
        let lead_scale = if order_top_weight > 0.0 && strongest > 0.0 {
            order_top_weight / strongest
        } else {
            1.0
        };
        for (term, &weight) in sorted {
            // A term of two topics would give its evidence to only one of
            // them; a hyphen in the text reads as a space (`same_words`), so
            // "cyber-attack" and "cyber attack" are one term here.
            let key = term.to_lowercase().replace('-', " ");
            if let Some(&other) = self.term_topic.get(&key)
                && other != id
            {
                bail!(
                    "topic term {term:?} is a term of both {} and {}",
                    self.names[other],
                    self.names[id]
                );
            }
            self.term_topic.insert(key, id);
            self.terms.push(term.to_lowercase());
            self.patterns.push(Pattern {
                topic: id,
                weight,
                core: weight >= core_weight && !spec.ambiguous.contains(term),
                lead_scale,
            });
        }
        for (name, codes) in &spec.codes {
            let code = self.topic(name, Some(id), true)?;
            for label in codes {
                self.label(label, code)?;
            }
        }
        for child in &spec.children {
            self.add(child, Some(id), core_weight, order_top_weight)?;
        }
        Ok(id)
    }

    fn topic(&mut self, name: &str, up: Option<usize>, label_only: bool) -> Result<usize> {
        let id = self.names.len();
        if name != own_label(name) {
            bail!("topic name {name:?} is not lower case with single spaces");
        }
        self.names.push(name.to_owned());
        self.after.push(Vec::new());
        self.parent.push(up);
        self.label_only.push(label_only);
        self.label(name, id)?;
        Ok(id)
    }

    /// Each topic's `after` as topics: each a topic of the same area, and
    /// none followed in turn, so moving topics always ends.
    fn resolve_after(&self) -> Result<Vec<Vec<usize>>> {
        let mut after = vec![Vec::new(); self.names.len()];
        for (t, names) in self.after.iter().enumerate() {
            if !names.is_empty() && self.parent[t].is_none() {
                bail!("topic {}: an area follows no other", self.names[t]);
            }
            for name in names {
                let Some(u) = self.names.iter().position(|n| n == name) else {
                    bail!(
                        "topic {}: comes after {name:?}, which is no topic",
                        self.names[t]
                    );
                };
                if self.parent[u] != self.parent[t] || u == t {
                    bail!(
                        "topic {}: comes after {name:?}, which is not a topic beside it",
                        self.names[t]
                    );
                }
                if !self.after[u].is_empty() {
                    bail!(
                        "topic {}: comes after {name:?}, which comes after others",
                        self.names[t]
                    );
                }
                after[t].push(u);
            }
        }
        Ok(after)
    }

    fn label(&mut self, label: &str, id: usize) -> Result<()> {
        let key = label_key(label);
        match self.labels.insert(key.clone(), id) {
            Some(other) if other != id => bail!(
                "label {label:?} names both {} and {}",
                self.names[other],
                self.names[id]
            ),
            _ => Ok(()),
        }
    }
}

/// A label as looked up: lower case, "&" read as "and", any run of other
/// characters than letters and digits one space ("money-fx" is "money
/// fx"), and a "news" before or after other words dropped ("Business
/// News" is "business"; "news" alone stays, and names no topic).
fn label_key(label: &str) -> String {
    let mut key = String::with_capacity(label.len());
    for c in label.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            key.push(c);
        } else if c == '&' {
            key.push_str(" and ");
        } else {
            key.push(' ');
        }
    }
    let words: Vec<&str> = key.split_whitespace().collect();
    let words: Vec<&str> = if words.len() > 1 {
        words.into_iter().filter(|w| *w != "news").collect()
    } else {
        words
    };
    words.join(" ")
}

/// A label of the file's own, as the topic it is kept as: lower case, its
/// white space collapsed.
fn own_label(label: &str) -> String {
    label
        .to_lowercase()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The next word of `text` from byte `at` on: a run of letters and
/// digits, as `start..end`; `end..end` at the end of the text.
fn next_word(text: &str, mut at: usize) -> (usize, usize) {
    let len = text.len();
    while at < len {
        let (word, width) = char_at(text, at);
        if word {
            break;
        }
        at += width;
    }
    let start = at;
    while at < len {
        let (word, width) = char_at(text, at);
        if !word {
            break;
        }
        at += width;
    }
    (start, at)
}

/// The number of words of `text` apart by white space (as
/// `split_whitespace` counts them), and the byte where word `n` (from 0)
/// starts, or the text's end when it has no such word. Byte by byte when
/// the text is ASCII, as most is.
fn words_and_start(text: &str, n: usize) -> (usize, usize) {
    let mut count = 0;
    let mut start = text.len();
    let mut in_word = false;
    let mut step = |at: usize, white: bool| {
        if !white && !in_word {
            if count == n {
                start = at;
            }
            count += 1;
        }
        in_word = !white;
    };
    if text.is_ascii() {
        for (at, &b) in text.as_bytes().iter().enumerate() {
            // `char::is_whitespace` over ASCII: the vertical tab too.
            step(at, matches!(b, b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r'));
        }
    } else {
        for (at, c) in text.char_indices() {
            step(at, c.is_whitespace());
        }
    }
    (count, start)
}

/// Whether the character at byte `at` is a letter or digit, and its
/// width in bytes.
fn char_at(text: &str, at: usize) -> (bool, usize) {
    let b = text.as_bytes()[at];
    if b.is_ascii() {
        (b.is_ascii_alphanumeric(), 1)
    } else {
        let c = text[at..].chars().next().expect("a char boundary");
        (c.is_alphanumeric(), c.len_utf8())
    }
}

/// Whether `text` reads as `term`: the same bytes, but that a hyphen in
/// the text may stand where the term has a space between words. Writers
/// join a phrase with a hyphen when it qualifies a word ("a talk-show
/// host", "a cyber-attack"), and some sources put hyphens for spaces
/// throughout, so "talk show" is found in "talk-show". Not the other way:
/// a hyphenated term is a word of its own, and "year-ago" or "sit-in" are
/// not "a year ago" or "sit in".
fn same_words(text: &[u8], term: &[u8]) -> bool {
    text.len() == term.len()
        && text
            .iter()
            .zip(term)
            .all(|(&a, &b)| a == b || (a == b'-' && b == b' '))
}

/// Whether `text[start..end]` stands as whole words: no letter or digit
/// just before or just after it.
fn stands_alone(text: &str, start: usize, end: usize) -> bool {
    let bytes = text.as_bytes();
    let edge = |c: Option<char>| c.is_none_or(|c| !c.is_alphanumeric());
    let before = match start.checked_sub(1).map(|i| bytes[i]) {
        None => true,
        Some(b) if b.is_ascii() => !b.is_ascii_alphanumeric(),
        Some(_) => edge(text[..start].chars().next_back()),
    };
    before
        && match bytes.get(end) {
            None => true,
            Some(b) if b.is_ascii() => !b.is_ascii_alphanumeric(),
            Some(_) => edge(text[end..].chars().next()),
        }
}

#[cfg(test)]
mod tests {
    use super::*;

    use serde_json::{Value, json};

    /// A test taxonomy of `topics`: the settings of [`small`], those of
    /// `settings` (a JSON object) over them.
    fn taxonomy(settings: Value, topics: Value) -> Result<Taxonomy> {
        let mut spec = json!({
            "threshold": 2.0, "max_topics": 4, "core_weight": 2.0, "min_share": 0.3,
            "area_share": 0.5, "child_share": 0.5, "title_share": 0.7, "section_weight": 2.0,
            "area_threshold": 6.0,
        });
        for (key, value) in settings.as_object().expect("settings are an object") {
            spec[key] = value.clone();
        }
        spec["topics"] = topics;
        Taxonomy::from_json(&spec.to_string())
    }

    /// Settings under which every word counts: one term makes a topic.
    fn loose() -> Value {
        json!({"threshold": 1.0, "max_topics": 3, "core_weight": 1.0, "min_share": 0.0,
               "area_share": 0.0, "section_weight": 1.0, "area_threshold": 1.0})
    }

    /// A small taxonomy: two areas, a topic under one, wire codes.
    fn small() -> Taxonomy {
        taxonomy(
            json!({}),
            json!([
                {"name": "economy", "aliases": ["economics"], "terms": {"economy": 2.0, "prices": 1.0},
                 "codes": {"foreign exchange": ["money-fx", "dlr"]},
                 "children": [{"name": "energy", "aliases": ["crude"],
                     "terms": {"oil": 1.0, "crude oil": 2.0, "opec": 2.0},
                     "codes": {"natural gas": ["nat-gas"]}}]},
                {"name": "sport", "aliases": ["sports"], "ambiguous": ["league"],
                 "terms": {"football": 2.0, "league": 2.0, "match": 1.0}}
            ]),
        )
        .unwrap()
    }

    fn strings(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn child_brings_its_parent_and_boundaries_hold() {
        let t = small();
        assert_eq!(
            t.assign("OPEC talks", "Crude oil rose."),
            ["energy", "economy"]
        );
        // "soil" and "footballer" are not "oil" and "football".
        assert!(
            t.assign("", "The soil of footballers, the soil.")
                .is_empty()
        );
    }

    #[test]
    fn a_phrase_running_into_a_longer_word_hides_nothing() {
        let t = taxonomy(
            loose(),
            json!([{"name": "politics", "terms": {"presidential": 1.0},
                    "children": [{"name": "elections", "terms": {
                        "elections": 1.0, "presidential election": 3.0}}]}]),
        )
        .unwrap();
        // "presidential election" is found, but runs into "elections":
        // the words inside it still count.
        let scores = t.scores("", "The presidential elections");
        assert_eq!(scores, [1.0, 1.0]);
        // Where the phrase stands whole, it wins over its first word.
        let scores = t.scores("", "The presidential election.");
        assert_eq!(scores, [0.0, 3.0]);
    }

    /// Terms are found word by word: with marks inside them, next to
    /// letters outside ASCII, and a term that could not start or end a
    /// word is refused.
    #[test]
    fn terms_are_whole_words_with_marks_inside_and_any_letters_beside() {
        let health =
            |term: &str| taxonomy(loose(), json!([{"name": "health", "terms": {term: 1.0}}]));
        let t = health("covid-19").unwrap();
        assert_eq!(t.scores("", "Covid-19 cases rose; covid-19."), [2.0]);
        assert_eq!(
            t.scores("", "covid-19s, covid-190, écovid-19, covid"),
            [0.0]
        );
        let t = health("çay").unwrap();
        assert_eq!(t.scores("", "Çay, then more çay."), [2.0]);
        assert_eq!(t.scores("", "açay çayé"), [0.0]);
        assert!(health("-19").is_err());
    }

    #[test]
    fn a_hyphen_between_words_in_the_text_reads_as_a_space() {
        let shows = |term: &str| {
            taxonomy(
                loose(),
                json!([{"name": "television", "terms": {term: 1.0}}]),
            )
            .unwrap()
        };
        let t = shows("talk show");
        assert_eq!(t.scores("", "A talk-show host, a talk show."), [2.0]);
        // Only a single hyphen between words: a double one, a doubled
        // space, another mark, or a phrase running into a longer word is
        // not the term.
        assert_eq!(t.scores("", "talk--show, talk  show, talk/show"), [0.0]);
        assert_eq!(t.scores("", "talk-shows"), [0.0]);
        // A hyphenated term is a word of its own: not found in words apart.
        let t = shows("sit-in");
        assert_eq!(t.scores("", "A sit-in; they sit in the square."), [1.0]);
    }

    #[test]
    fn labels_map_by_name_alias_and_code_in_any_case_and_spacing() {
        let t = small();
        for (label, topic) in [
            ("Economy", Some("economy")),
            ("ECONOMICS", Some("economy")),
            ("Economy News", Some("economy")),
            ("crude", Some("energy")),
            ("money-fx", Some("foreign exchange")),
            ("Money FX", Some("foreign exchange")),
            ("nat-gas", Some("natural gas")),
            ("Sports", Some("sport")),
            ("news", None),
            ("world", None),
            ("robert-reich", None),
            ("2017", None),
        ] {
            assert_eq!(t.canonical(label), topic, "{label}");
        }
    }

    #[test]
    fn a_section_that_names_no_topic_is_none() {
        let t = small();
        let topics = |sections: &[&str]| t.topics("", "", &[], &strings(sections));
        // Placeholders and blogger slugs name nothing.
        assert!(topics(&["news", "epaper", "indepth", "robert-reich", "2017"]).is_empty());
        // A section that names a topic gives it, spelt the taxonomy's way.
        assert_eq!(topics(&["Economy"]), ["economy"]);
        assert_eq!(topics(&["Sports"]), ["sport"]);
        assert_eq!(topics(&["crude"]), ["energy", "economy"]);
    }

    #[test]
    fn a_section_does_not_crowd_out_the_stories_other_subjects() {
        let t = small();
        let body = "OPEC cut crude oil output as the economy slowed. The football match went on.";
        let words = t.topics("", body, &[], &[]);
        assert_eq!(words, ["energy", "economy", "sport"]);
        // Filed under economy, the story is still also about sport: the
        // section makes its topic stand and puts it first; it does not
        // raise the bar the other subjects are held to.
        let filed = t.topics("", body, &[], &strings(&["economy"]));
        assert_eq!(filed, ["energy", "economy", "sport"]);
        // A strong section (10) on a story whose words say economy (6)
        // and some sport (3): sport is held to the bars of the words, each
        // bar tried alone, not to those of economy with its section.
        for (min_share, area_share) in [(0.3, 0.0), (0.0, 0.4)] {
            let t = taxonomy(
                json!({"min_share": min_share, "area_share": area_share, "section_weight": 10.0}),
                json!([{"name": "economy", "terms": {"economy": 2.0, "prices": 2.0}},
                       {"name": "sport", "terms": {"football": 2.0, "match": 1.0}}]),
            )
            .unwrap();
            let body =
                "The economy slowed and prices rose in the economy. The football match went on.";
            let filed = t.topics("", body, &[], &strings(&["economy"]));
            assert_eq!(
                filed,
                ["economy", "sport"],
                "min_share {min_share}, area_share {area_share}"
            );
        }
    }

    #[test]
    fn listed_labels_come_first_and_codes_last_after_their_parents() {
        let t = small();
        let text = "The football league match. The football final.";
        // The words say sport; the file's list says energy and natural gas.
        let topics = t.topics("Football", text, &strings(&["nat-gas", "crude"]), &[]);
        assert_eq!(topics, ["energy", "economy", "sport", "natural gas"]);
        // An area the file lists comes before a topic only the words give.
        let topics = t.topics(
            "Opec cuts",
            "Crude oil, opec.",
            &strings(&["economics"]),
            &[],
        );
        assert_eq!(topics, ["economy", "energy"]);
        // A code alone gives its taxonomy parent, and its parent's parent.
        let topics = t.topics("", "", &strings(&["money-fx", "dlr"]), &[]);
        assert_eq!(topics, ["economy", "foreign exchange"]);
        // A label the taxonomy does not know is the file's own, kept last,
        // lower case, once.
        let topics = t.topics("", "", &strings(&["Brexit", "brexit", "crude"]), &[]);
        assert_eq!(topics, ["energy", "economy", "brexit"]);
    }

    #[test]
    fn ambiguous_and_weak_words_do_not_carry_a_topic() {
        let t = small();
        // "league" (the Arab League) and "match" need a core term.
        assert!(
            t.assign("", "The Arab League met. The league asked for a match.")
                .is_empty()
        );
        assert_eq!(
            t.assign("", "The league match: football, football."),
            ["sport"]
        );
        // One core term, once, in the body is not enough; in the title it is.
        assert!(t.assign("", "Opec met.").is_empty());
        assert_eq!(t.assign("Opec meets", ""), ["energy", "economy"]);
    }

    #[test]
    fn the_main_area_comes_first_and_a_passing_subject_falls() {
        let t = small();
        // Energy holds most of the economy's evidence: it comes first.
        let topics = t.assign("Opec cuts", "Crude oil, crude oil and opec; the economy.");
        assert_eq!(topics, ["energy", "economy"]);
        // The economy's own words outweigh energy's: the area comes first.
        let topics = t.assign(
            "The economy",
            "The economy, the economy; prices, prices, prices. Opec; crude oil.",
        );
        assert_eq!(topics, ["economy", "energy"]);
        // A football story that mentions Opec once is not about energy.
        let topics = t.assign(
            "Football final",
            "Football, football, football: the league match. Opec's crude oil.",
        );
        assert_eq!(topics, ["sport"]);
    }

    #[test]
    fn a_topic_comes_after_the_topic_it_follows_when_both_stand() {
        let t = taxonomy(
            json!({}),
            json!([{"name": "justice", "children": [
                {"name": "crime", "terms": {"robbery": 2.0, "robbed": 2.0}},
                {"name": "courts", "terms": {"court": 2.0, "judge": 2.0}},
                {"name": "police", "after": ["crime"],
                 "terms": {"police": 2.0, "officers": 2.0, "arrested": 3.0}}]}]),
        )
        .unwrap();
        // The police say more, but the story is the robbery.
        let text = "Police arrested two men. Police officers said the shop was robbed; \
                    officers arrested them after the robbery.";
        assert_eq!(
            t.assign("Shop robbed", text),
            ["crime", "justice", "police"]
        );
        // The crime moves up to the police's place; the courts keep theirs.
        // Police 18, courts 8, crime 6: the police's 18 is over half the
        // area's 32, so crime leads.
        let text = "Police arrested two men; officers, police officers and officers \
                    arrested them after the robbery. Police said the judge at the court \
                    heard of the robbery; the court and the judge said the shop was robbed.";
        assert_eq!(
            t.assign("Two men held", text),
            ["crime", "justice", "police", "courts"]
        );
        // Without a crime, the police come first.
        let text = "Police officers marched; the officers said police pay must rise.";
        assert_eq!(t.assign("Police march", text)[0], "police");
        // A section naming the police outranks a crime found in the words.
        let text = "Police arrested two men after the robbery; police officers said \
                    the shop was robbed.";
        assert_eq!(t.assign("Two men held", text)[0], "crime");
        let topics = t.topics("Two men held", text, &[], &["police".to_owned()]);
        assert_eq!(topics[0], "police");
    }

    #[test]
    fn a_topic_follows_only_a_topic_beside_it_that_follows_none() {
        let bad = |topics: Value| taxonomy(json!({}), topics).unwrap_err().to_string();
        let err = bad(json!([{"name": "a", "children": [{"name": "b", "after": ["c"]}]}]));
        assert!(err.contains("no topic"), "{err}");
        let err = bad(json!([
            {"name": "a", "children": [{"name": "b", "after": ["d"]}]},
            {"name": "c", "children": [{"name": "d"}]}
        ]));
        assert!(err.contains("not a topic beside it"), "{err}");
        let err = bad(json!([{"name": "a", "children": [
            {"name": "b", "after": ["c"]}, {"name": "c", "after": ["d"]}, {"name": "d"}]}]));
        assert!(err.contains("comes after others"), "{err}");
        let err = bad(json!([{"name": "a", "after": ["b"]}, {"name": "b"}]));
        assert!(err.contains("an area follows no other"), "{err}");
    }

    #[test]
    fn the_title_names_the_main_subject_when_the_evidence_is_close() {
        let t = small();
        let body = "Crude oil, crude oil, crude oil; opec, opec; oil. \
                    Football, football, football: the league match.";
        // Energy has more evidence; the title names football.
        let topics = t.assign("Football final", body);
        assert_eq!(topics[0], "sport", "{topics:?}");
        // With no word of either in the title, the evidence decides.
        let topics = t.assign("A day of news", body);
        assert_eq!(topics[0], "energy", "{topics:?}");
        // A title term of the stronger area keeps it first.
        let topics = t.assign("Football and oil", body);
        assert_eq!(topics[0], "energy", "{topics:?}");
    }

    #[test]
    fn the_lede_names_the_main_subject_and_finds_no_topic() {
        let with_lede = |lede: usize| {
            taxonomy(
                json!({"lede_words": lede, "lede_weight": 2.0}),
                json!([{"name": "economy", "terms": {"economy": 2.0, "opec": 2.0, "prices": 1.0}},
                       {"name": "sport", "terms": {"football": 2.0, "match": 1.0}}]),
            )
            .unwrap()
        };
        // The story opens on Opec's prices; football comes later, as often.
        let body = "Opec cut output, and prices rose. The economy slowed. \
                    Football, football: the match was called off, football.";
        let plain = with_lede(0);
        assert_eq!(plain.assign("Output cut", body), ["sport", "economy"]);
        let lede = with_lede(8);
        assert_eq!(lede.assign("Output cut", body), ["economy", "sport"]);
        // The lede orders the topics; it does not make one stand.
        let body = "Opec met. Football, football: the match; football again.";
        assert_eq!(plain.assign("", body), ["sport"]);
        assert_eq!(lede.assign("", body), ["sport"]);
    }

    #[test]
    fn topics_weigh_alike_for_the_main_subject_whatever_the_scale_of_their_lists() {
        let scaled = |top: f32, area_share: f32| {
            taxonomy(
                json!({"area_share": area_share, "order_top_weight": top}),
                json!([{"name": "energy", "terms": {"coal": 3.0, "power plants": 3.0, "fuel": 1.5}},
                       {"name": "climate",
                        "terms": {"emissions": 2.0, "climate change": 2.0, "warming": 1.0}}]),
            )
            .unwrap()
        };
        // Climate's terms come up five times, energy's four; but
        // climate's list tops out at 2, energy's at 3.
        let body = "Emissions rules and climate change: the order reviews \
                    emissions limits on coal and power plants, and climate \
                    change goals and emissions targets. Coal and power plants \
                    will be affected.";
        let as_written = scaled(0.0, 0.3);
        assert_eq!(as_written.assign("", body), ["energy", "climate"]);
        let alike = scaled(3.0, 0.3);
        assert_eq!(alike.assign("", body), ["climate", "energy"]);
        // Whether another area follows the main one is judged on the
        // weights as written: climate's 4 is under 45% of energy's 12,
        // though weighed alike it would be 6.
        let body = "Coal and power plants; coal again, and power plants. \
                    Emissions and climate change.";
        for top in [0.0, 3.0] {
            assert_eq!(scaled(top, 0.45).assign("", body), ["energy"], "{top}");
        }
        let shares = scaled(0.0, 0.3);
        assert_eq!(shares.assign("", body), ["energy", "climate"]);
    }

    #[test]
    fn words_are_counted_and_found_as_split_whitespace_does() {
        for text in [
            "",
            "   ",
            "one",
            " The cat\tsat\x0bon\x0c the\r\nmat. ",
            "Ça va,\u{a0}très bien\u{2003}merci — oui",
            "a  b\u{3000}c\u{85}d",
        ] {
            let words: Vec<&str> = text.split_whitespace().collect();
            for n in 0..=words.len() + 1 {
                let start = words
                    .get(n)
                    .map_or(text.len(), |w| w.as_ptr() as usize - text.as_ptr() as usize);
                assert_eq!(
                    words_and_start(text, n),
                    (words.len(), start),
                    "{text:?} {n}"
                );
            }
        }
    }

    #[test]
    fn an_area_stands_alone_when_no_topic_does() {
        let t = small();
        // Only weak words, but many: the area, not a topic.
        let topics = t.assign("", "Prices, prices, prices. Oil, oil, oil.");
        assert_eq!(topics, ["economy"]);
    }

    #[test]
    fn a_taxonomy_with_a_label_for_two_topics_is_refused() {
        let with_b = |extra: Value| {
            let mut b = json!({"name": "b", "terms": {"y": 1.0}});
            for (key, value) in extra.as_object().unwrap() {
                b[key] = value.clone();
            }
            taxonomy(loose(), json!([{"name": "a", "terms": {"x": 1.0}}, b]))
        };
        assert!(with_b(json!({})).is_ok());
        let err = with_b(json!({"aliases": ["A"]})).unwrap_err();
        assert!(err.to_string().contains("names both a and b"), "{err}");
        let err = with_b(json!({"ambiguous": ["z"]})).unwrap_err();
        assert!(err.to_string().contains("not one of its terms"), "{err}");
    }

    #[test]
    fn embedded_areas_follow_iptc_media_topics() {
        let t = Taxonomy::embedded();
        let top = |title: &str, body: &str| t.top_level(&t.assign(title, body)).map(String::from);
        assert_eq!(
            top(
                "Bus crash leaves 3 killed",
                "A bus crash on the highway killed three; rescuers pulled survivors from the wreck."
            )
            .as_deref(),
            Some("disasters and accidents")
        );
        assert_eq!(
            top(
                "Defense Ministry holds military exercises",
                "The armed forces began drills; the defense minister said troops were ready."
            )
            .as_deref(),
            Some("politics")
        );
        assert_eq!(
            top(
                "Asylum seekers deported",
                "Immigration officials deported migrants whose asylum claims failed."
            )
            .as_deref(),
            Some("politics")
        );
    }

    #[test]
    fn embedded_labels_give_one_spelling_per_topic() {
        let t = Taxonomy::embedded();
        for (label, topic) in [
            ("Politics", "politics"),
            ("politics", "politics"),
            ("defense", "defence"),
            ("Entertainment", "culture and entertainment"),
            ("Sports", "sport"),
            ("Technology", "technology"),
            ("earn", "earnings"),
            ("acq", "mergers and acquisitions"),
            ("crude", "energy"),
            ("money-fx", "foreign exchange"),
            ("interest", "interest rates"),
            ("ship", "shipping"),
            ("jobs", "employment"),
            ("coffee", "coffee"),
        ] {
            assert_eq!(t.canonical(label), Some(topic), "{label}");
        }
        for placeholder in [
            "news",
            "world",
            "epaper",
            "indepth",
            "programmes",
            "en",
            "US",
        ] {
            assert_eq!(t.canonical(placeholder), None, "{placeholder}");
        }
        // Wire codes sit below a taxonomy topic and its area.
        let coffee = t.topics("", "", &strings(&["coffee"]), &[]);
        assert_eq!(coffee, ["commodities", "economy", "coffee"]);
    }

    #[test]
    fn embedded_misfires_stay_out() {
        let t = Taxonomy::embedded();
        // Samsung's Galaxy is a phone, not space.
        let phone = t.assign(
            "Samsung Galaxy S8 launched",
            "Samsung unveiled the Galaxy S8 smartphone. The Galaxy runs Android apps; \
             the Galaxy S8 has a bigger screen and new software.",
        );
        assert!(!phone.iter().any(|t| t == "space"), "{phone:?}");
        assert_eq!(phone[0], "technology", "{phone:?}");
        // The Arab League and a final round of talks are not sport.
        let talks = t.assign(
            "Syria peace talks resume in Geneva",
            "The UN envoy opened the final round of peace talks; the Arab League and \
             diplomats from the Security Council attended. The foreign minister said a \
             draw-down of forces was discussed.",
        );
        assert!(!talks.iter().any(|t| t == "sport"), "{talks:?}");
        assert_eq!(talks[0], "diplomacy", "{talks:?}");
        // A prime minister speaks of everything: his title is no subject.
        let ward = t.assign(
            "Prime minister opens hospital wing",
            "The prime minister opened a new hospital wing on Monday. The prime \
             minister said patients would wait less for treatment; nurses and \
             doctors at the hospital welcomed the funding.",
        );
        assert!(!ward.iter().any(|t| t == "government"), "{ward:?}");
        assert_eq!(t.top_level(&ward), Some("health"), "{ward:?}");
        // Sugar in a diet, a gold coin, a mine of one's own and tons of
        // anything are no commodities; sugar prices and gold bullion are.
        for (title, body) in [
            (
                "Children eating treble recommended sugar intake",
                "Children eat three times the sugar they should; sugar in drinks and \
                 sweets is to blame, and consumption rises with age.",
            ),
            (
                "Gold coin stolen from museum",
                "Thieves stole a gold coin weighing 100 kilos; the gold coin, a friend of \
                 mine said, is worth tons of money. Police said the gold was never found.",
            ),
        ] {
            let topics = t.assign(title, body);
            assert!(
                !topics.iter().any(|t| t == "commodities"),
                "{title}: {topics:?}"
            );
        }
        for (title, body) in [
            (
                "Raw sugar prices rise",
                "Raw sugar prices rose on the London market as white sugar exports fell \
                 by 200,000 tonnes.",
            ),
            (
                "Central bank sells gold bullion",
                "The central bank sold 20 tonnes of gold bullion; gold prices fell.",
            ),
        ] {
            let topics = t.assign(title, body);
            assert!(
                topics.iter().any(|t| t == "commodities"),
                "{title}: {topics:?}"
            );
        }
        // The hyphenated spelling is human rights as much as the other.
        let killings = t.assign(
            "UN blasts Bangladesh over extra-judicial killings",
            "The United Nations criticised the government for a high rate of \
             extra-judicial killings and enforced disappearances.",
        );
        assert!(killings.iter().any(|t| t == "human rights"), "{killings:?}");
        // A dish of pork and rice is cooking, not farming; pork exports
        // and hogs are farming.
        let dish = t.assign(
            "A dumpling for every season",
            "Fill the dumplings with pork and cabbage, serve them with rice and a glass of \
             milk; in the north, beef and lamb are preferred.",
        );
        assert!(!dish.iter().any(|t| t == "agriculture"), "{dish:?}");
        let trade = t.assign(
            "Pork exports rise",
            "Pork exports rose 12 pct in March as hog prices fell, the meat board said.",
        );
        assert!(trade.iter().any(|t| t == "agriculture"), "{trade:?}");
    }

    #[test]
    fn embedded_an_area_stands_when_its_topics_together_say_enough() {
        let t = Taxonomy::embedded();
        // No one topic stands (one word each, said once or twice), but
        // together they say politics.
        let search = t.assign(
            "When time stopped at sea",
            "An Iraqi father searches for his son, who vanished from a refugee boat. \
             The search takes him from Turkey to Greece, through the bureaucracy of \
             the refugee crisis.",
        );
        assert_eq!(search, ["politics"]);
        // A word or two of an area is not enough.
        let dessert = t.assign(
            "A lemon tart for the weekend",
            "Bake it on Saturday and the family will want another slice by Sunday.",
        );
        assert!(dessert.is_empty(), "{dessert:?}");
    }

    #[test]
    fn embedded_every_topic_carries_its_parents() {
        let t = Taxonomy::embedded();
        let topics = t.topics(
            "Opec cuts output as coffee prices fall",
            "Crude oil producers cut output; coffee growers asked for export quotas.",
            &strings(&["coffee", "crude", "Politics"]),
            &strings(&["business"]),
        );
        for name in &topics {
            let id = t.id(name).unwrap();
            for up in t.chain(id).into_iter().skip(1) {
                assert!(
                    topics.contains(&t.names[up]),
                    "{name} without its parent: {topics:?}"
                );
            }
        }
    }

    #[test]
    fn a_term_of_two_topics_is_refused() {
        // Only one topic would get its evidence; with a hyphen read as a
        // space, "cyber-attack" and "cyber attack" are the same term.
        for (one, other) in [("hacking", "hacking"), ("cyber attack", "Cyber-attack")] {
            let err = taxonomy(
                loose(),
                json!([
                    {"name": "security", "terms": {one: 2.0}},
                    {"name": "technology", "terms": {other: 2.0}},
                ]),
            )
            .unwrap_err();
            assert!(
                format!("{err:#}").contains("is a term of both security and technology"),
                "{err:#}"
            );
        }
        // Twice in one topic is no conflict; the embedded taxonomy has
        // no term in two topics.
        let t = taxonomy(
            loose(),
            json!([{"name": "security", "terms": {"cyber attack": 2.0, "cyber-attack": 2.0}}]),
        );
        assert!(t.is_ok());
        assert!(Taxonomy::from_json(TOPICS_JSON).is_ok());
    }

    #[test]
    fn embedded_taxonomy_loads() {
        let t = Taxonomy::embedded();
        assert!(t.names().len() >= 30, "{}", t.names().len());
        for name in t.names() {
            assert_eq!(name, &name.to_lowercase());
        }
    }
}
