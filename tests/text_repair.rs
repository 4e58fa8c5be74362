//! Repair of the text defects some sources carry (issue 14, point 4): a
//! hyphen where a space belongs and `"?` where a quote was lost, as
//! `newsidx extract` shows them. The articles are from news-articles (Dai
//! 2017), cut short.

use crate::util::{TestEnv, json_lines, strings};

/// Five records of ../shared/corpora/news-articles, bodies cut to a few
/// sentences: ABC News (no defect), RTE ("Mr Kenny-said"), TASS (a title
/// ending `"?Lavrov`; "Sergey-Lavrov said", `don"t`) and HuffPost
/// ("Donald Trump-has", `handshake?"?one`).
const ARTICLES: &str = r#"{"id": "2316", "title": "South Korea prosecutors to question ousted leader next week", "date": "2017-03-13", "url": "http://abcnews.go.com/International/wireStory/korean-prosecutors-plan-question-park-week-46137282", "source": "abcnews.go.com", "body": "South Korean prosecutors said Wednesday they plan to question ousted President Park Geun-hye next week over a corruption scandal that removed her from office, as the government announced that an election will be held on May 9 to pick her successor. Park lost her presidential immunity from prosecution after the Constitutional Court ruled Friday to formally end her rule over allegations that she colluded with a longtime confidante to extort money from businesses and allowed her pull government strings from the shadows. Prosecutors said they told Park's lawyer that they'll summon her next Tuesday as a suspect in the scandal. No further details were provided. Dozens of high-profile figures including some top Park administration officials and Samsung heir Lee Jae-yong have already been indicted over the scandal. Park could also face extortion, bribery and other criminal charges, but she has denied any legal wrongdoing and expressed defiance toward her corruption allegations. \"Although it will take time, I believe the truth will certainly come out,\" Park said after leaving the presidential Blue House on Sunday."}
{"id": "2400", "title": "Taoiseach to discuss EU and immigration with Trump", "date": "2017-03-14", "url": "http://www.rte.ie/news/2017/0315/859840-enda-kenny-donald-trump/", "source": "www.rte.ie", "body": "Taoiseach Enda Kenny has said he has a responsibility to the people of Ireland to work with the Trump administration. Mr Kenny-said he will talk to US President Donald Trump about matters that have potential benefits to people on both sides of the Atlantic, as this is a \"man who is used to doing business deals\". Speaking in Washington DC ahead of his meeting with President Trump tomorrow, Mr Kenny said he would explain just how the European Union worked and that it was \"not unfriendly to the United States\". President Trump has expressed an anti-EU sentiment in the past, both as a candidate and since becoming president. Mr Kenny said he had a responsibility as Taoiseach and along with colleagues at European level \"to work with this administration and to make that relationship work in the interest of millions of people on both sides of the Atlantic\"."}
{"id": "2560", "title": "Russia to assist Armenia-Turkey talks \"?Lavrov", "date": "2017-03-16", "url": "http://tass.com/politics/935850", "source": "tass.com", "body": "MOSCOW, March 16. /TASS/. Russia will be prepared to provide active assistance to Armenia and Turkey when they sit down at the negotiating table, Russian Foreign Minister Sergey Lavrov said in an interview with the Armenian magazine Regional Post - Caucasus."}
{"id": "2728", "title": "Trump Straight Up Ignores Request To Shake Hands With Angela Merkel", "date": "2017-03-17", "url": "http://www.huffingtonpost.com/2017/03/17/trump-ignores-handshake-merkel_n_15429806.html", "source": "www.huffingtonpost.com", "body": "President Donald Trump-has shown he can smile for the cameras while sitting next to world leaders he doesn\"t exactly see eye to eye with. But when it came to shaking hands during a meeting with German Chancellor Angela Merkel on Friday-... game over. He let a press gaggle into the Oval Office, and videos of the interaction, which lasted about a minute, showed both leaders making awkward, surly faces. \"Can we get a handshake?\"?one member of the press asked. Merkel looked in Trump's direction. He didn\"t budge and most certainly didn\"t return her gaze."}
{"id": "3632", "title": "Lavrov reiterates there are no facts substantiating Iran's links to terrorists", "date": "2017-03-29", "url": "http://tass.com/politics/938313", "source": "tass.com", "body": "MOSCOW, March 29. /TASS/. There is not a single fact of Iran's collaboration with terrorists, Russian Foreign Minister Sergey-Lavrov said in an interview with the-National Interest magazine.   \"I don\"t think that the Trump administration is thinking in the same terms as the slogans during the campaign, that Iran is the number one terrorist state; we don\"t have a single fact to substantiate this claim,\" Lavrov said. \"At least when we were facing a huge terrorist threat, when we were under terrorist attack in the 1990s in the northern Caucasus, we detected and discovered dozens and hundreds of foreign terrorist fighters from very close neighborship to Iran, but not from Iran at all,\" he said."}
"#;

fn extract(env: &TestEnv) -> Vec<serde_json::Value> {
    let path = env.path("defects.jsonl");
    std::fs::write(&path, ARTICLES).unwrap();
    let run = env.run(&["extract", "--json", path.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{run}");
    json_lines(&run.stdout)
}

fn by_id<'a>(articles: &'a [serde_json::Value], id: &str) -> &'a serde_json::Value {
    articles.iter().find(|a| a["id"] == id).unwrap()
}

#[test]
fn defective_text_is_repaired_before_people_are_found() {
    let env = TestEnv::new();
    let articles = extract(&env);
    assert_eq!(articles.len(), 5);
    for a in &articles {
        for person in strings(a, "people") {
            assert!(
                !person.contains("-said") && !person.contains("-has") && person != "Sergey-Lavrov",
                "{person:?} in {}",
                a["id"]
            );
        }
    }

    let kenny = by_id(&articles, "2400");
    assert!(strings(kenny, "people").contains(&"Enda Kenny".to_owned()));
    assert!(
        kenny["body"]
            .as_str()
            .unwrap()
            .contains("Mr Kenny said he will talk")
    );

    let title = by_id(&articles, "2560")["title"].as_str().unwrap();
    assert_eq!(
        title,
        "Russia to assist Armenia-Turkey talks \u{2014} Lavrov"
    );

    let lavrov = by_id(&articles, "3632");
    assert!(strings(lavrov, "people").contains(&"Sergey Lavrov".to_owned()));
    let body = lavrov["body"].as_str().unwrap();
    assert!(body.contains("Minister Sergey Lavrov said in an interview with the National"));
    assert!(body.contains("\"I don't think"), "{body}");

    let trump = by_id(&articles, "2728");
    assert!(strings(trump, "people").contains(&"Donald Trump".to_owned()));
    let body = trump["body"].as_str().unwrap();
    assert!(
        body.starts_with("President Donald Trump has shown"),
        "{body}"
    );
    assert!(
        body.contains("\"Can we get a handshake?\" one member"),
        "{body}"
    );
    // Mentions still point at their text after the repair.
    for m in trump["mentions"].as_array().unwrap() {
        let field = trump[m["field"].as_str().unwrap()].as_str().unwrap();
        let (start, end) = (m["start"].as_u64().unwrap(), m["end"].as_u64().unwrap());
        assert_eq!(
            &field[start as usize..end as usize],
            m["text"].as_str().unwrap()
        );
    }
}

#[test]
fn text_without_the_defect_is_unchanged() {
    let env = TestEnv::new();
    let articles = extract(&env);
    let clean = by_id(&articles, "2316");
    let input: serde_json::Value = ARTICLES
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        .find(|a| a["id"] == "2316")
        .unwrap();
    let words = |v: &serde_json::Value| -> Vec<String> {
        v.as_str()
            .unwrap()
            .split_whitespace()
            .map(str::to_owned)
            .collect()
    };
    assert_eq!(words(&clean["body"]), words(&input["body"]));
    assert_eq!(clean["title"], input["title"]);
    let body = clean["body"].as_str().unwrap();
    for name in ["Park Geun-hye", "Lee Jae-yong"] {
        assert!(body.contains(name), "{name} not in {body}");
    }
}
