//! Topics as a user sees them: on the news-articles corpus, whose URL
//! section is a weak label, and on Reuters-21578, whose TOPICS are wire
//! codes. Every topic is a name of the taxonomy, spelt one way, with its
//! parents; placeholders are no topics; codes map onto the taxonomy.

use std::collections::{BTreeMap, HashMap};
use std::io::{BufRead, Read};

use newsidx::extract::Taxonomy;
use serde_json::Value;

use crate::util::{TestEnv, corpora, json_lines, strings};

/// URL sections that name a broad area, and the top-level topics that
/// agree with each.
fn accepted(section: &str) -> Option<&'static [&'static str]> {
    Some(match section {
        "politics" => &["politics"],
        "world" | "international" => &["politics", "conflict", "security"],
        "business" | "economy" => &["economy", "business"],
        "sport" | "sports" => &["sport"],
        "health" => &["health"],
        "technology" | "science" => &["science and technology"],
        "entertainment" => &["culture and entertainment"],
        _ => return None,
    })
}

/// `newsidx extract --json` over a path: the articles, by id.
fn extract(path: &std::path::Path) -> HashMap<String, Value> {
    let run = TestEnv::new().run(&["extract", "--json", path.to_str().unwrap()]);
    assert!(run.code == 0 || run.code == 2, "{run}");
    json_lines(&run.stdout)
        .into_iter()
        .map(|a| (a["id"].as_str().unwrap().to_owned(), a))
        .collect()
}

/// Each topic of `topics` comes with its parents, and is spelt as the
/// taxonomy spells it (lower case, one spelling).
fn assert_well_formed(taxonomy: &Taxonomy, topics: &[String], what: &str) {
    for t in topics {
        assert_eq!(t, &t.to_lowercase(), "{what}: {topics:?}");
        assert_eq!(
            taxonomy.canonical(t),
            Some(t.as_str()),
            "{what}: {topics:?}"
        );
        let mut up = taxonomy.parent(t);
        while let Some(parent) = up {
            assert!(
                topics.iter().any(|x| x == parent),
                "{what}: {t} without {parent}: {topics:?}"
            );
            up = taxonomy.parent(parent);
        }
    }
    let mut sorted = topics.to_vec();
    sorted.sort();
    sorted.dedup();
    assert_eq!(
        sorted.len(),
        topics.len(),
        "{what}: a topic twice: {topics:?}"
    );
}

#[test]
fn top_level_topic_agrees_with_url_section() {
    let taxonomy = Taxonomy::embedded();
    let file = std::fs::File::open(corpora().join("news-articles/news-articles.jsonl.gz")).unwrap();
    let reader = std::io::BufReader::new(flate2::read::GzDecoder::new(file));
    let (mut agree, mut total, mut among) = (0, 0, 0);
    // Agreement on the articles of even and of odd line numbers apart: the
    // rules were tuned looking at the even half only, so the odd half shows
    // how well they carry over to news they were not tuned on.
    let mut halves = [(0, 0); 2];
    let mut misses: BTreeMap<String, usize> = Default::default();
    for (number, line) in reader.lines().enumerate() {
        let a: Value = serde_json::from_str(&line.unwrap()).unwrap();
        let section = a["section"].as_str().unwrap_or("").to_lowercase();
        let Some(ok) = accepted(&section) else {
            continue;
        };
        // The words alone: the section is not shown to the taxonomy here.
        let topics = taxonomy.assign(a["title"].as_str().unwrap(), a["body"].as_str().unwrap());
        total += 1;
        halves[number % 2].1 += 1;
        if topics.iter().any(|t| ok.contains(&t.as_str())) {
            among += 1;
        }
        match taxonomy.top_level(&topics) {
            Some(top) if ok.contains(&top) => {
                agree += 1;
                halves[number % 2].0 += 1;
            }
            other => {
                let key = format!("{section} -> {}", other.unwrap_or("none"));
                if std::env::var_os("NEWSIDX_SHOW_MISSES").is_some()
                    && misses.get(&key).copied().unwrap_or(0) < 4
                {
                    eprintln!("{key}: {} {:?} [{}]", a["title"], topics, a["source"]);
                }
                *misses.entry(key).or_default() += 1;
            }
        }
    }
    let share = agree as f64 / total as f64;
    let any = among as f64 / total as f64;
    let half = |(agree, total): (usize, usize)| agree as f64 / total as f64;
    eprintln!(
        "topic agreement {agree}/{total} = {share:.3} (strongest area; even lines {:.3}, \
         odd lines {:.3}); {among}/{total} = {any:.3} (among the areas assigned); \
         misses {misses:?}",
        half(halves[0]),
        half(halves[1]),
    );
    assert!(total > 600, "{total}");
    // The words alone agree with the URL section for 0.798 of the
    // articles (0.807 with the earlier rules, which gave twice as many
    // topics). The sections are weak labels (a murder trial filed under
    // sports, a bus crash under world); the first topic is judged by hand
    // on samples, and this guards what the words reach against
    // regressions. Fewer, surer topics mean an agreeing area is among
    // those assigned less often (0.842, from 0.940). Since topics weigh
    // alike for the main subject (`order_top_weight`), 0.782: some stories
    // filed under politics now come first as healthcare, society or
    // climate, which they are about, and some on talks about fighting
    // terrorism as terrorism, where diplomacy was the better answer; on
    // the stories judged by hand (bench/judged) the first topic rose
    // from 0.786 to 0.829. Since the taxonomy's terms were widened for
    // the subjects the labelled stories showed it missing (court rulings,
    // health care, hacks, crimes, protests), 0.775: rulings on the travel
    // ban filed under politics come first as courts, a story on the Yahoo
    // hack as cyber security; the first topic judged by hand rose to
    // 0.914, and on the 3,198 training stories from 0.761 to 0.783.
    assert!(share >= 0.77, "agreement {share:.3}; misses {misses:?}");
    assert!(any >= 0.83, "among assigned {any:.3}");
}

#[test]
fn news_articles_topics_are_taxonomy_topics_main_subject_first() {
    let taxonomy = Taxonomy::embedded();
    let articles = extract(&corpora().join("news-articles"));
    assert!(articles.len() > 3700, "{}", articles.len());
    let file = std::fs::File::open(corpora().join("news-articles/news-articles.jsonl.gz")).unwrap();
    let mut text = String::new();
    flate2::read::GzDecoder::new(file)
        .read_to_string(&mut text)
        .unwrap();
    let (mut politics, mut politics_first) = (0, 0);
    let mut with_topics = 0;
    for line in text.lines() {
        let raw: Value = serde_json::from_str(line).unwrap();
        let Some(a) = articles.get(raw["id"].as_str().unwrap()) else {
            continue;
        };
        let topics = strings(a, "topics");
        // This corpus lists no topics of its own: every topic is the
        // taxonomy's, so URL placeholders ("news", "epaper", "indepth",
        // "2017", blogger slugs) never stand as topics, and "Politics" and
        // "politics" are one.
        assert_well_formed(&taxonomy, &topics, a["title"].as_str().unwrap());
        with_topics += usize::from(!topics.is_empty());
        let section = raw["section"].as_str().unwrap_or("");
        if let Some(topic) = taxonomy.canonical(section) {
            assert!(topics.iter().any(|t| t == topic), "{section}: {topics:?}");
        }
        if section.eq_ignore_ascii_case("politics") {
            politics += 1;
            politics_first += usize::from(taxonomy.top_level(&topics) == Some("politics"));
        }
    }
    // Stories filed under Politics are first of all about politics: 334
    // of 366 before topics weighed alike for the main subject, 326 since
    // (Obamacare sign-ups now come first as healthcare, a transgender
    // bathroom rule as society, the Clean Power Plan as climate); 318
    // since the terms were widened (rulings on the travel ban and stories
    // on the judiciary come first as courts, one on the Yahoo hack as
    // cyber security, an inquiry into a plane crash as accidents, as the
    // labelled stories have such stories).
    let share = politics_first as f64 / politics as f64;
    eprintln!(
        "politics first: {politics_first}/{politics} = {share:.3}; with topics {with_topics}"
    );
    assert!(
        politics > 300 && share >= 0.86,
        "{politics_first}/{politics}"
    );
    assert!(
        with_topics as f64 >= 0.9 * articles.len() as f64,
        "{with_topics}"
    );
}

/// The TOPICS codes of each record of a Reuters-21578 file, by NEWID.
fn reuters_codes(path: &std::path::Path) -> HashMap<String, Vec<String>> {
    let mut bytes = Vec::new();
    flate2::read::GzDecoder::new(std::fs::File::open(path).unwrap())
        .read_to_end(&mut bytes)
        .unwrap();
    let text = String::from_utf8_lossy(&bytes);
    let mut out = HashMap::new();
    for record in text.split("<REUTERS ").skip(1) {
        let id = record.split("NEWID=\"").nth(1).unwrap();
        let id = &id[..id.find('"').unwrap()];
        let topics = record
            .split("<TOPICS>")
            .nth(1)
            .map(|t| &t[..t.find("</TOPICS>").unwrap()])
            .unwrap_or("");
        let codes = topics
            .split("<D>")
            .skip(1)
            .map(|d| d[..d.find("</D>").unwrap()].to_owned())
            .collect();
        out.insert(id.to_owned(), codes);
    }
    out
}

#[test]
fn every_reuters_code_maps_onto_the_taxonomy() {
    let taxonomy = Taxonomy::embedded();
    let list =
        std::fs::read_to_string(corpora().join("reuters21578/all-topics-strings.lc.txt")).unwrap();
    let codes: Vec<&str> = list.split_whitespace().collect();
    assert_eq!(codes.len(), 135);
    for code in codes {
        assert!(taxonomy.canonical(code).is_some(), "{code}");
    }
    for (code, topic) in [
        ("earn", "earnings"),
        ("acq", "mergers and acquisitions"),
        ("crude", "energy"),
        ("trade", "trade"),
        ("jobs", "employment"),
        ("money-fx", "foreign exchange"),
        ("dlr", "foreign exchange"),
        ("interest", "interest rates"),
        ("grain", "grain"),
        ("coffee", "coffee"),
    ] {
        assert_eq!(taxonomy.canonical(code), Some(topic), "{code}");
    }
}

#[test]
fn listed_codes_sit_under_their_parents() {
    let taxonomy = Taxonomy::embedded();
    let path = corpora().join("reuters21578/reut2-000.sgm.gz");
    let codes = reuters_codes(&path);
    let articles = extract(&path);
    assert!(articles.len() > 900, "{}", articles.len());
    let mut earn = 0;
    for (id, a) in &articles {
        let topics = strings(a, "topics");
        assert_well_formed(&taxonomy, &topics, id);
        let listed = &codes[id];
        // No raw code stands beside the topic it means: "earn" is
        // earnings, "acq" mergers and acquisitions, "crude" energy.
        for raw in ["earn", "acq", "crude", "money-fx", "nat-gas", "veg-oil"] {
            assert!(!topics.iter().any(|t| t == raw), "{id}: {topics:?}");
        }
        // What the file lists comes first: an earnings report is filed
        // under earnings.
        if listed == &["earn"] {
            earn += 1;
            assert_eq!(topics[..2], ["earnings", "business"], "{id}");
        }
        // Every listed code is there, under its canonical name; a code
        // kept as its own topic (coffee, under commodities, under economy)
        // comes after its parents.
        for code in listed {
            let topic = taxonomy.canonical(code).unwrap();
            let at = topics.iter().position(|t| t == topic);
            assert!(at.is_some(), "{id}: {code} -> {topic} not in {topics:?}");
            let parent = taxonomy.parent(topic);
            if parent.and_then(|p| taxonomy.parent(p)).is_some() {
                let parent_at = topics.iter().position(|t| Some(t.as_str()) == parent);
                assert!(parent_at < at, "{id}: {topics:?}");
            }
        }
    }
    assert!(earn > 150, "{earn}");
}

#[test]
fn the_sample_article_is_about_diplomacy() {
    let text =
        std::fs::read_to_string(crate::util::data_dir().join("web/rubio-lavrov-meeting.txt"))
            .unwrap();
    let (title, body) = text.split_once('\n').unwrap();
    let topics = Taxonomy::embedded().assign(title, &newsidx::clean::clean_body(body));
    // Arms control and cyber security come up too, but the security area
    // holds under half the evidence of politics: they are secondary
    // subjects the rules leave out for precision.
    assert_eq!(topics[..2], ["diplomacy", "politics"], "{topics:?}");
}
