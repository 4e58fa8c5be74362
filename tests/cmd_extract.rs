//! `newsidx extract`: clean text, people, topics and mention offsets,
//! without an index.

use crate::util::{TestEnv, data_dir, strings};

fn extract_json(env: &TestEnv, path: &std::path::Path) -> Vec<serde_json::Value> {
    let run = env.run(&["extract", "--json", path.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{run}");
    run.stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[test]
fn extract_gives_clean_text_people_topics_and_mention_offsets() {
    let env = TestEnv::new();
    let articles = extract_json(&env, &data_dir().join("web/rubio-lavrov-meeting.txt"));
    assert_eq!(articles.len(), 1);
    let a = &articles[0];
    for key in [
        "id", "path", "title", "date", "source", "body", "people", "topics", "mentions",
    ] {
        assert!(a.get(key).is_some(), "no {key}");
    }
    let people = strings(a, "people");
    assert_eq!(&people[..2], ["Marco Rubio", "Sergey Lavrov"]);
    for reject in [
        "White House",
        "Russia",
        "U.S.",
        "Moscow",
        "NATO",
        "Thursday",
        "Kremlin",
    ] {
        assert!(
            !people.iter().any(|p| p == reject),
            "{reject} in {people:?}"
        );
    }
    let topics = strings(a, "topics");
    assert_eq!(topics[..2], ["diplomacy", "politics"], "{topics:?}");
    let title = a["title"].as_str().unwrap();
    let body = a["body"].as_str().unwrap();
    let mentions = a["mentions"].as_array().unwrap();
    assert!(mentions.len() >= 10);
    for m in mentions {
        let (start, end) = (
            m["start"].as_u64().unwrap() as usize,
            m["end"].as_u64().unwrap() as usize,
        );
        let text = if m["field"] == "title" { title } else { body };
        assert_eq!(
            &text[start..end],
            m["text"].as_str().unwrap(),
            "offsets point at the mention"
        );
        assert!(people.contains(&m["person"].as_str().unwrap().to_owned()));
    }
    // "Rubio's" and "Senator Rubio" are Marco Rubio; the title is not kept.
    let rubio: Vec<&str> = mentions
        .iter()
        .filter(|m| m["person"] == "Marco Rubio")
        .map(|m| m["text"].as_str().unwrap())
        .collect();
    assert!(
        rubio.contains(&"Rubio") && rubio.contains(&"Marco Rubio"),
        "{rubio:?}"
    );
    assert!(
        rubio
            .iter()
            .all(|t| !t.contains("Senator") && !t.ends_with("'s") && !t.ends_with("’s"))
    );
}

// See issue 14, point 3: only people are people.
#[test]
fn extract_rejects_non_people_and_keeps_people() {
    let env = TestEnv::new();
    let input = env.path("stories.jsonl");
    let stories = [
        (
            "www.aljazeera.com",
            "http://www.aljazeera.com/news/2017/03/trump-putin-call.html",
            "Trump and Putin speak by phone",
            "US President Donald Trump spoke to Russian President Vladimir Putin \
             on Tuesday, the Kremlin said. Fox News host Sean Hannity said Fox \
             would air the call. Muslim leaders in Zhejiang and North Carolina \
             welcomed it. \"God willing, it will last,\" one said. Check out the \
             full segment above. Source: Al Jazeera News",
        ),
        (
            "Reuters",
            "",
            "CHRYSLER SELLS BONDS",
            "Chrysler Corp said it sold 100 mln dlrs of bonds through Dean Witter \
             Reynolds Inc, of Atlanta, Ga. Chrysler said the sale was routine, \
             said Douglas Augenthaler, an analyst with E.F. Hutton. George met \
             the board on Monday. The Trump administration did not comment.",
        ),
    ];
    let mut lines = String::new();
    for (source, url, title, body) in stories {
        let story = serde_json::json!({"source": source, "url": url, "title": title, "body": body});
        lines.push_str(&format!("{story}\n"));
    }
    std::fs::write(&input, lines).unwrap();
    let articles = extract_json(&env, &input);
    assert_eq!(articles.len(), 2);
    let people: Vec<Vec<String>> = articles.iter().map(|a| strings(a, "people")).collect();
    assert_eq!(
        people[0],
        ["Donald Trump", "Vladimir Putin", "Sean Hannity"]
    );
    assert_eq!(people[1], ["Douglas Augenthaler", "Trump"]);
    for a in &articles {
        for m in a["mentions"].as_array().unwrap() {
            let person = m["person"].as_str().unwrap();
            assert!(
                strings(a, "people").iter().any(|p| p == person),
                "{person} has mentions but is no person"
            );
        }
    }
}

// Issue 14, point 5: a site's sections name topics; the URL's folders are
// its sections too.
#[test]
fn a_url_folder_that_names_a_topic_files_the_story_under_it() {
    let env = TestEnv::new();
    let story = |id: &str, url: &str| {
        serde_json::json!({
            "id": id,
            "title": "Taoiseach attends St Patrick's Day event in Washington",
            "body": "The Taoiseach had breakfast with the Vice President at his residence.",
            "url": url,
            "section": "news",
        })
        .to_string()
    };
    let path = env.path("stories.jsonl");
    std::fs::write(
        &path,
        [
            story(
                "filed",
                "http://www.rte.ie/news/politics/2017/0316/860285-st-patricks-day-us/",
            ),
            story(
                "unfiled",
                "http://www.rte.ie/news/2017/0316/860285-st-patricks-day-us/",
            ),
            story("page", "http://www.example.com/news/politics"),
        ]
        .join("\n"),
    )
    .unwrap();
    let articles = extract_json(&env, &path);
    let topics = |id: &str| {
        let a = articles.iter().find(|a| a["id"] == id).unwrap();
        strings(a, "topics")
    };
    assert_eq!(topics("filed"), ["politics"]);
    // "news" names no topic, and the page's own name is no folder.
    assert!(topics("unfiled").is_empty(), "{:?}", topics("unfiled"));
    assert!(topics("page").is_empty(), "{:?}", topics("page"));
}
