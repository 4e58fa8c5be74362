//! People and topics measured against the judged sample of issue 14:
//! 70 news-articles stories drawn at random (`bench/judged/draw.py`) and
//! judged by hand by the rules in `bench/judged/RULES.md`. The figures are
//! those of `bench/judged/score.py`, computed here so CI needs no Python:
//! strict people precision and recall, exactly right people sets, topic
//! precision and first-topic accuracy. The targets of the issue are people
//! precision >= 0.95, recall >= 0.93, topic precision >= 0.90 and first
//! topic >= 0.90; the floors below guard what is reached today.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use serde_json::Value;
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

use crate::util::{TestEnv, corpora, strings};

// Floors a little below the figures of the build they were last raised
// on (people precision 0.956, recall 0.937, 48 of 70 people sets exact;
// topic precision 0.918; first topic 0.914). Raise them when extraction
// improves.
const PEOPLE_PRECISION_FLOOR: f64 = 0.945;
const PEOPLE_RECALL_FLOOR: f64 = 0.925;
const TOPIC_PRECISION_FLOOR: f64 = 0.90;
const FIRST_TOPIC_FLOOR: f64 = 0.87;

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn sample() -> Vec<Value> {
    let text = std::fs::read_to_string(repo().join("bench/judged/news-sample.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

/// Each taxonomy topic mapped to its area (`None` for an area).
fn areas() -> HashMap<String, Option<String>> {
    let text = std::fs::read_to_string(repo().join("schema/topics.json")).unwrap();
    let taxonomy: Value = serde_json::from_str(&text).unwrap();
    let mut parent = HashMap::new();
    for area in taxonomy["topics"].as_array().unwrap() {
        let name = area["name"].as_str().unwrap().to_owned();
        for child in area["children"].as_array().into_iter().flatten() {
            parent.insert(
                child["name"].as_str().unwrap().to_owned(),
                Some(name.clone()),
            );
        }
        parent.insert(name, None);
    }
    parent
}

/// A name compared: accents removed (compatibility decomposition, marks
/// dropped), lower case, curly apostrophes straight, full stops removed,
/// white space collapsed.
fn norm(name: &str) -> String {
    let s: String = name
        .nfkd()
        .filter(|&c| !is_combining_mark(c))
        .collect::<String>()
        .to_lowercase()
        .replace(['\u{2019}', '\u{2018}'], "'")
        .replace('.', "");
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `(right, wrong, missed)` for one story's predicted people: each
/// prediction, in order, is right when it names a judged person not yet
/// matched (by name or form), not counted when it is the first to name an
/// optional person, and wrong otherwise; missed counts the judged people
/// (not optional) left unmatched.
fn score_people(judged: &Value, predicted: &[String]) -> (usize, usize, usize) {
    let people = judged["people"].as_array().unwrap();
    let mut names: HashMap<String, usize> = HashMap::new();
    for (i, p) in people.iter().enumerate() {
        let forms = strings(p, "forms");
        for n in
            std::iter::once(p["name"].as_str().unwrap()).chain(forms.iter().map(|s| s.as_str()))
        {
            names.entry(norm(n)).or_insert(i);
        }
    }
    let optional = |i: usize| people[i]["optional"].as_bool().unwrap_or(false);
    let mut matched = HashSet::new();
    let (mut right, mut wrong) = (0, 0);
    for name in predicted {
        match names.get(&norm(name)) {
            Some(&i) if matched.insert(i) => right += usize::from(!optional(i)),
            _ => wrong += 1,
        }
    }
    let missed = (0..people.len())
        .filter(|&i| !matched.contains(&i) && !optional(i))
        .count();
    (right, wrong, missed)
}

/// `(right, wrong, first_right)` for one story's predicted topics.
fn score_topics(
    judged: &Value,
    predicted: &[String],
    parent: &HashMap<String, Option<String>>,
) -> (usize, usize, bool) {
    let judged_set: HashSet<String> = strings(judged, "topics").into_iter().collect();
    let main = strings(judged, "main");
    let (mut right, mut wrong) = (0, 0);
    let mut seen = HashSet::new();
    for t in predicted {
        let k = t.trim().to_lowercase();
        if judged_set.contains(&k) && !seen.contains(&k) {
            right += 1;
        } else {
            wrong += 1;
        }
        seen.insert(k);
    }
    let area_of = |t: &str| parent.get(t).cloned().flatten();
    let first_right = match predicted.first() {
        None => main.is_empty(),
        Some(first) => {
            let first = first.trim().to_lowercase();
            main.contains(&first)
                || main
                    .iter()
                    .any(|m| area_of(m).as_deref() == Some(first.as_str()))
                || (area_of(&first).is_some_and(|a| main.contains(&a))
                    && judged_set.contains(&first))
        }
    };
    (right, wrong, first_right)
}

#[test]
fn judged_sample_follows_its_rules() {
    let sample = sample();
    let parent = areas();
    assert!(sample.len() >= 60, "{} stories", sample.len());
    let mut ids = HashSet::new();
    for s in &sample {
        let id = s["id"].as_str().unwrap();
        assert!(ids.insert(id.to_owned()), "{id} judged twice");
        let topics = strings(s, "topics");
        let main = strings(s, "main");
        for t in topics.iter().chain(&main) {
            assert!(
                parent.contains_key(t),
                "{id}: {t:?} is not a taxonomy topic"
            );
        }
        for t in &main {
            assert!(topics.contains(t), "{id}: main {t:?} not among its topics");
        }
        for t in &topics {
            if let Some(Some(area)) = parent.get(t) {
                assert!(topics.contains(area), "{id}: {t:?} without its area");
            }
        }
        assert!(topics.is_empty() || !main.is_empty(), "{id}: no main topic");
    }
}

#[test]
fn judged_sample_people_and_topics_at_floors() {
    let sample = sample();
    let parent = areas();
    let env = TestEnv::new();
    env.index(&[&corpora().join("news-articles")], 0);
    let hits = env.search_json(&["*", "--all", "-n", "10000"]);
    let by_id: HashMap<String, &Value> = hits
        .iter()
        .map(|h| (h["id"].as_str().unwrap().to_owned(), h))
        .collect();

    let (mut tp, mut fp, mut fn_, mut exact) = (0, 0, 0, 0);
    let (mut t_right, mut t_wrong, mut first) = (0, 0, 0);
    for s in &sample {
        let id = s["id"].as_str().unwrap();
        let hit = by_id
            .get(id)
            .unwrap_or_else(|| panic!("{id} not in the index"));
        let (people, topics) = (strings(hit, "people"), strings(hit, "topics"));
        let (a, b, c) = score_people(s, &people);
        (tp, fp, fn_) = (tp + a, fp + b, fn_ + c);
        exact += usize::from(b == 0 && c == 0);
        let (r, w, f) = score_topics(s, &topics, &parent);
        (t_right, t_wrong, first) = (t_right + r, t_wrong + w, first + usize::from(f));
    }
    let ratio = |a: usize, b: usize| if b == 0 { 0.0 } else { a as f64 / b as f64 };
    let n = sample.len();
    let (precision, recall) = (ratio(tp, tp + fp), ratio(tp, tp + fn_));
    let f1 = if precision + recall > 0.0 {
        2.0 * precision * recall / (precision + recall)
    } else {
        0.0
    };
    let topic_precision = ratio(t_right, t_right + t_wrong);
    let first_topic = ratio(first, n);
    eprintln!(
        "judged {n}: people precision {precision:.3} recall {recall:.3} F1 {f1:.3} \
         (right {tp}, wrong {fp}, missed {fn_}); exact sets {exact}/{n}; topic precision \
         {t_right}/{} = {topic_precision:.3}; first topic {first}/{n} = {first_topic:.3}",
        t_right + t_wrong
    );
    assert!(
        precision >= PEOPLE_PRECISION_FLOOR,
        "people precision {precision:.3}"
    );
    assert!(recall >= PEOPLE_RECALL_FLOOR, "people recall {recall:.3}");
    assert!(
        topic_precision >= TOPIC_PRECISION_FLOOR,
        "topic precision {topic_precision:.3}"
    );
    assert!(
        first_topic >= FIRST_TOPIC_FLOOR,
        "first topic {first_topic:.3}"
    );
}

#[test]
fn names_compare_without_case_accents_or_full_stops() {
    assert_eq!(norm("Donald J. Trump"), norm("donald j trump"));
    assert_eq!(norm("Hüseyin  Aksoy"), "huseyin aksoy");
    assert_eq!(norm("O\u{2019}Neill"), "o'neill");
    assert_ne!(norm("Kim Jong-un"), norm("Kim Jong Un"));
}
