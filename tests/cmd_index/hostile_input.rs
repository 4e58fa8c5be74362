//! Input made to hurt the indexer: small files that used to take minutes,
//! dates the index cannot hold, and text that only looks like markup.
//! See issue 13.

use std::io::Write;
use std::time::{Duration, Instant};

use crate::util::TestEnv;

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    enc.write_all(bytes).unwrap();
    enc.finish().unwrap()
}

// See issue 13, point 6: a 1,451-byte `.sgm.gz` took 58 s.
#[test]
fn an_sgml_record_of_many_short_lines_is_read_fast() {
    let env = TestEnv::new();
    let mut text = b"<REUTERS NEWID=\"1\">\n".to_vec();
    text.extend_from_slice(&b"x\n".repeat(700_000));
    let unfinished = gzip(&text);
    text.extend_from_slice(b"<TITLE>LAST LINE</TITLE></REUTERS>\n");
    let finished = gzip(&text);
    assert!(unfinished.len() < 2000, "{} bytes", unfinished.len());
    let dir = env.path("wire");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("bomb.sgm.gz"), unfinished).unwrap();
    std::fs::write(dir.join("whole.sgm.gz"), finished).unwrap();

    let start = Instant::now();
    let run = env.run(&["extract", "--json", dir.to_str().unwrap()]);
    let took = start.elapsed();
    assert_eq!(run.code, 3, "{run}");
    assert!(
        run.stderr
            .contains("bomb.sgm.gz:1: record 1 has no closing </REUTERS>"),
        "{run}"
    );
    let article: serde_json::Value = serde_json::from_str(run.stdout.trim()).unwrap();
    assert_eq!(article["title"], "LAST LINE");
    // About 0.2 s each; quadratic time was minutes.
    assert!(took < Duration::from_secs(20), "took {took:?}");
}

// See issue 13, point 8: year 1 was stored as 1754, 3000 as 1831.
#[test]
fn dates_the_index_cannot_hold_are_refused() {
    let env = TestEnv::new();
    let file = env.path("feed.jsonl");
    std::fs::write(
        &file,
        "{\"title\": \"Zeroday tapir\", \"date\": \"0001-01-01T00:00:00Z\"}\n\
         {\"title\": \"Future tapir\", \"date\": \"3000-06-15\"}\n\
         {\"title\": \"Early tapir\", \"date\": \"1677-09-22\"}\n\
         {\"title\": \"Late tapir\", \"date\": \"2262-04-10T12:00:00Z\"}\n",
    )
    .unwrap();
    let run = env.index(&[&file], 0);
    for (line, date) in [(1, "0001-01-01T00:00:00Z"), (2, "3000-06-15")] {
        let warning = format!(
            "feed.jsonl:{line}: date {date:?} is outside the years 1677 to 2262 \
             the index can hold; indexed without a date"
        );
        assert!(run.stderr.contains(&warning), "{warning}\n{run}");
    }
    let mut dates: Vec<(String, serde_json::Value)> = env
        .search_json(&["tapir"])
        .into_iter()
        .map(|h| (h["title"].as_str().unwrap().to_owned(), h["date"].clone()))
        .collect();
    dates.sort_by(|a, b| a.0.cmp(&b.0));
    let date = |d: &serde_json::Value| d.as_str().map(|d| d[..10].to_owned());
    let dates: Vec<(&str, Option<String>)> =
        dates.iter().map(|(t, d)| (t.as_str(), date(d))).collect();
    assert_eq!(
        dates,
        [
            ("Early tapir", Some("1677-09-22".to_owned())),
            ("Future tapir", None),
            ("Late tapir", Some("2262-04-10".to_owned())),
            ("Zeroday tapir", None),
        ]
    );
}

// See issue 13, point 9: "The <script> tag explained for beginners" was
// stored as "The".
#[test]
fn text_that_names_a_tag_is_kept() {
    let env = TestEnv::new();
    let file = env.path("tags.jsonl");
    std::fs::write(
        &file,
        "{\"title\": \"The <script> tag explained for beginners\", \
          \"body\": \"Put a <style> element in the head. Bongos read on.\"}\n\
         {\"title\": \"Scraped okapi page\", \
          \"body\": \"<p>Okapi text.</p><script>var hidden = 1;</script><p>More okapi text.</p>\"}\n",
    )
    .unwrap();
    env.index(&[&file], 0);
    let hits = env.search_json(&["explained"]);
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0]["title"], "The <script> tag explained for beginners");
    assert_eq!(env.search_json(&["bongos"]).len(), 1, "text after <style>");
    assert!(env.search_json(&["hidden"]).is_empty(), "script content");

    let run = env.run(&["extract", "--json", file.to_str().unwrap()]);
    let bodies: Vec<String> = run
        .stdout
        .lines()
        .map(|l| {
            let a: serde_json::Value = serde_json::from_str(l).unwrap();
            a["body"].as_str().unwrap().to_owned()
        })
        .collect();
    assert_eq!(
        bodies,
        [
            "Put a <style> element in the head. Bongos read on.",
            "Okapi text.\n\nMore okapi text."
        ]
    );
}

// See issue 13, point 12: memory per JSON document was 21 times its size.
#[test]
fn an_article_over_the_cap_is_skipped_and_long_lists_cut() {
    let env = TestEnv::new();
    let dir = env.path("big");
    std::fs::create_dir_all(&dir).unwrap();
    let body = "word ".repeat(3_400_000);
    std::fs::write(
        dir.join("huge.json"),
        format!("{{\"title\": \"Huge\", \"body\": \"{body}\"}}"),
    )
    .unwrap();
    let tags: Vec<String> = (0..5000).map(|i| format!("\"tag{i}\"")).collect();
    std::fs::write(
        dir.join("tags.json"),
        format!(
            "{{\"title\": \"Many tags\", \"body\": \"Gerenuk.\", \"tags\": [{}]}}",
            tags.join(",")
        ),
    )
    .unwrap();
    let run = env.index(&[&dir], 3);
    assert!(
        run.stderr
            .contains("huge.json: article text longer than 16 MiB"),
        "{run}"
    );
    assert!(
        run.stderr
            .contains("tags.json: more than 1000 topics; the first 1000 were kept"),
        "{run}"
    );
    let hits = env.search_json(&["gerenuk"]);
    assert_eq!(crate::util::strings(&hits[0], "topics").len(), 1000);
}

/// Pieces of text that have cost more than linear time somewhere: markup
/// that never ends, records that never end, and endless distinct names.
/// `{}` stands for a new capitalised word each time.
const PIECES: &[&str] = &[
    "<script>{} ",
    "<script>x</script>",
    "<STYLE>",
    "<svg/>",
    "<!-- ",
    "<p>{} {}</p>",
    "</scr",
    "\n",
    "\n  {}\n",
    "{} {}. ",
    "Mr. {} {} {} said. ",
    "{}-{} ",
    "&amp;&#3;&lt;",
    "<D>{}</D>",
    "<TITLE>",
    "<REUTERS",
    "<",
    "&",
    "{} {} {}, {} ",
    "Mr. {} {} Smith said. ",
    "{} {} said, and {} said. ",
    "Prince {} spoke. ",
    "Hurricane {} {} ",
    "Follow {} {} on X. ",
    "Shark {} {} bin {} told us. ",
];

/// A capitalised word of its own for each number.
fn word(mut i: usize) -> String {
    const SYLLABLES: [&str; 16] = [
        "ka", "lo", "mi", "ne", "ro", "ta", "vi", "ze", "pa", "su", "da", "fe", "gu", "ho", "ji",
        "bo",
    ];
    let mut w = String::from("Ma");
    loop {
        w.push_str(SYLLABLES[i % 16]);
        i /= 16;
        if i == 0 {
            return w;
        }
    }
}

/// The pieces of `unit`, over and over, to at least `size` bytes.
fn hostile(unit: &[usize], size: usize) -> String {
    let mut text = String::with_capacity(size + 100);
    let mut n = 0;
    while text.len() < size {
        for &piece in unit {
            for (k, part) in PIECES[piece].split("{}").enumerate() {
                if k > 0 {
                    text.push_str(&word(n));
                    n += 1;
                }
                text.push_str(part);
            }
        }
    }
    text
}

/// Processor time this thread has used: unlike the time on the clock, it
/// does not grow while other processes have the processor.
#[cfg(target_os = "linux")]
fn thread_time() -> Duration {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: clock_gettime only writes the timespec it is given.
    let status = unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut ts) };
    assert_eq!(status, 0, "clock_gettime");
    Duration::new(ts.tv_sec as u64, ts.tv_nsec as u32)
}

#[cfg(not(target_os = "linux"))]
fn thread_time() -> Duration {
    static START: std::sync::OnceLock<Instant> = std::sync::OnceLock::new();
    START.get_or_init(Instant::now).elapsed()
}

/// The least time `stage` takes on `text` in `runs` runs.
fn best_of(runs: usize, text: &str, stage: &dyn Fn(&str)) -> Duration {
    (0..runs)
        .map(|_| {
            let start = thread_time();
            stage(text);
            thread_time() - start
        })
        .min()
        .unwrap()
}

/// Asserts that doubling the input at most triples the time (3.5 times
/// on the retry: quadratic time quadruples it), at `n`, `2n` and `4n`
/// bytes. Each time is the least processor time of three runs,
/// and a pair that fails is timed again (best of six) before it counts, so
/// a busy machine does not fail the test; quadratic time doubles the ratio
/// at each step.
fn assert_linear(what: &str, unit: &[usize], n: usize, stage: &dyn Fn(&str)) {
    let texts = [n, 2 * n, 4 * n].map(|size| hostile(unit, size));
    let mut times = texts.each_ref().map(|t| best_of(3, t, stage));
    // Times this small are noise, whatever the ratio.
    let slack = Duration::from_millis(10);
    for i in 0..2 {
        if times[i + 1] > 3 * times[i] + slack {
            times[i] = times[i].min(best_of(6, &texts[i], stage));
            times[i + 1] = times[i + 1].min(best_of(6, &texts[i + 1], stage));
        }
        assert!(
            times[i + 1] <= times[i] * 7 / 2 + slack,
            "{what} is not linear on {:?}: {:?} for {} bytes, {:?} for {} bytes",
            unit.iter().map(|&p| PIECES[p]).collect::<Vec<_>>(),
            times[i],
            texts[i].len(),
            times[i + 1],
            texts[i + 1].len()
        );
    }
}

fn clean(text: &str) {
    newsidx::clean::clean_body(text);
    newsidx::clean::clean_line(text);
}

/// The text as the body of one Reuters record, read as a stream.
fn sgml(text: &str) {
    let record = format!(
        "<REUTERS NEWID=\"1\">\n<TEXT><TITLE>T</TITLE><BODY>{text}</BODY></TEXT></REUTERS>\n"
    );
    newsidx::ingest::parse_source(
        std::path::Path::new("a.sgm"),
        record.as_bytes(),
        &mut |_| {},
    );
}

fn people(text: &str) {
    newsidx::extract::people::find_people("", text);
}

/// Checks the three stages on text made of `unit`.
fn assert_stages_linear(unit: &[usize]) {
    assert_linear("cleaning", unit, 1 << 20, &clean);
    assert_linear("SGML reading", unit, 1 << 20, &sgml);
    assert_linear("people extraction", unit, 64 << 10, &people);
}

// See issue 13, point 6: the three cases that were found quadratic.
#[test]
fn known_hostile_inputs_take_linear_time() {
    let index = |piece: &str| PIECES.iter().position(|p| *p == piece).unwrap();
    // Records of many short lines.
    assert_linear("SGML reading", &[index("\n")], 256 << 10, &sgml);
    // Pages of many scripts.
    let scripts = [index("<p>{} {}</p>"), index("<script>x</script>")];
    assert_linear("cleaning", &scripts, 256 << 10, &clean);
    // Endless distinct names, with one surname.
    let names = [index("Mr. {} {} Smith said. ")];
    assert_linear("people extraction", &names, 128 << 10, &people);
    // Endless names said alone, royals, storms, follow lines, and given
    // names before a name.
    let names = [
        index("{} {} said, and {} said. "),
        index("Prince {} spoke. "),
        index("Hurricane {} {} "),
        index("Follow {} {} on X. "),
        index("Shark {} {} bin {} told us. "),
    ];
    assert_linear("people extraction", &names, 128 << 10, &people);
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig {
        cases: 3,
        max_shrink_iters: 10,
        ..proptest::prelude::ProptestConfig::default()
    })]

    // See issue 13, point 6, "Done when".
    #[test]
    fn hostile_inputs_take_linear_time(unit in proptest::collection::vec(0..PIECES.len(), 1..6)) {
        assert_stages_linear(&unit);
    }
}
