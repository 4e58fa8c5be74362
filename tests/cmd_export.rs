//! `newsidx export`: bulk NDJSON for OpenSearch, from files and from an
//! index (issue 16, point 2).

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use serde_json::Value;

use crate::util::{Run, TestEnv, data_dir};

/// The (action, document) pairs of bulk NDJSON, checking its shape: every
/// line JSON, an action line before each document.
pub fn pairs(ndjson: &str) -> Vec<(Value, Value)> {
    let lines: Vec<Value> = ndjson
        .lines()
        .map(|l| serde_json::from_str(l).expect("each line is JSON"))
        .collect();
    assert_eq!(lines.len() % 2, 0, "an action line and a document each");
    lines
        .chunks(2)
        .map(|pair| (pair[0].clone(), pair[1].clone()))
        .collect()
}

/// Documents by `_id`.
pub fn by_id(pairs: &[(Value, Value)]) -> BTreeMap<String, Value> {
    pairs
        .iter()
        .map(|(action, doc)| {
            (
                action["index"]["_id"].as_str().unwrap().to_owned(),
                doc.clone(),
            )
        })
        .collect()
}

/// The fields of the template's strict mapping.
fn mapped_fields() -> BTreeSet<String> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("schema/opensearch.json");
    let template: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    template["template"]["mappings"]["properties"]
        .as_object()
        .unwrap()
        .keys()
        .cloned()
        .collect()
}

/// Articles an index run indexed, from its summary.
pub fn indexed_count(run: &Run) -> usize {
    let line = run
        .stdout
        .lines()
        .find(|l| l.starts_with("indexed "))
        .unwrap_or_else(|| panic!("no summary\n{run}"));
    line.split_whitespace().nth(1).unwrap().parse().unwrap()
}

/// Near-duplicate groups as sets of keys: the group ids depend on which
/// copy a run met first, which an index run (parallel) does not fix.
fn groups(docs: &BTreeMap<String, Value>) -> BTreeSet<BTreeSet<String>> {
    let mut by_group: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (key, doc) in docs {
        by_group
            .entry(doc["group"].as_str().unwrap().to_owned())
            .or_default()
            .insert(key.clone());
    }
    by_group.into_values().collect()
}

fn without_group(docs: &BTreeMap<String, Value>) -> BTreeMap<String, Value> {
    docs.iter()
        .map(|(k, d)| {
            let mut d = d.clone();
            d.as_object_mut().unwrap().remove("group");
            (k.clone(), d)
        })
        .collect()
}

#[test]
fn export_of_data_is_bulk_ndjson_of_what_index_indexes() {
    let env = TestEnv::new();
    let data = data_dir();
    let run = env.run(&["export", "--quiet", data.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{run}");
    assert!(run.stderr.contains("exported 57 articles"), "{run}");
    let exported = pairs(&run.stdout);

    let indexed = env.index(&[&data], 0);
    assert_eq!(exported.len(), indexed_count(&indexed), "{indexed}");

    let fields = mapped_fields();
    for (action, doc) in &exported {
        let target = action["index"].as_object().unwrap();
        assert_eq!(target.len(), 2, "{action}");
        assert_eq!(target["_index"], "newsidx");
        // The id is the article key: loading twice replaces, never adds.
        assert_eq!(target["_id"], doc["key"]);
        let keys: BTreeSet<String> = doc.as_object().unwrap().keys().cloned().collect();
        assert_eq!(keys, fields, "exactly the template's fields");
        assert!(doc["group"].as_str().is_some_and(|g| !g.is_empty()));
        if let Some(date) = doc["date"].as_str() {
            assert!(date.parse::<jiff::Timestamp>().is_ok(), "{date}");
        }
    }
    let ids: BTreeSet<&str> = exported
        .iter()
        .map(|(a, _)| a["index"]["_id"].as_str().unwrap())
        .collect();
    assert_eq!(ids.len(), exported.len(), "one document per article");
    let lavrov = exported
        .iter()
        .find(|(_, d)| {
            d["path"]
                .as_str()
                .unwrap()
                .ends_with("rubio-lavrov-meeting.txt")
        })
        .expect("the web article");
    let people: Vec<&str> = lavrov.1["people"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p.as_str().unwrap())
        .collect();
    assert!(people.contains(&"Sergey Lavrov"), "{people:?}");

    // The same files give the same bytes, to stdout or to a file, and
    // under another index name only the action lines change.
    let again = env.run(&[
        "export",
        "--quiet",
        "--threads",
        "1",
        data.to_str().unwrap(),
    ]);
    assert_eq!(again.stdout, run.stdout);
    let file = env.path("bulk.ndjson");
    let to_file = env.run(&[
        "export",
        "-q",
        "--output",
        file.to_str().unwrap(),
        data.to_str().unwrap(),
    ]);
    assert_eq!(to_file.code, 0, "{to_file}");
    assert!(to_file.stdout.is_empty());
    assert_eq!(std::fs::read_to_string(&file).unwrap(), run.stdout);
    let named = env.run(&[
        "export",
        "-q",
        "--index-name",
        "news-2017",
        data.to_str().unwrap(),
    ]);
    let named = pairs(&named.stdout);
    assert!(
        named
            .iter()
            .all(|(a, _)| a["index"]["_index"] == "news-2017")
    );
    assert_eq!(
        named.iter().map(|p| &p.1).collect::<Vec<_>>(),
        exported.iter().map(|p| &p.1).collect::<Vec<_>>()
    );
}

#[test]
fn export_from_an_index_gives_the_same_documents() {
    let env = TestEnv::new();
    let data = data_dir();
    env.index(&[&data], 0);
    let from_files = env.run(&["export", "-q", data.to_str().unwrap()]);
    let index = env.index_dir();
    let from_index = env.run(&["export", "-q", "--from-index", index.to_str().unwrap()]);
    assert_eq!(from_index.code, 0, "{from_index}");
    assert!(
        from_index.stderr.contains("exported 57 articles"),
        "{from_index}"
    );
    let files = by_id(&pairs(&from_files.stdout));
    let stored = by_id(&pairs(&from_index.stdout));
    assert_eq!(files.len(), 57);
    assert_eq!(without_group(&files), without_group(&stored));
    assert_eq!(groups(&files), groups(&stored));
    // Signatures and band keys come back from the index's own columns.
    assert!(stored.values().any(|d| d["minhash"].is_string()));
    assert!(
        stored
            .values()
            .any(|d| d["dup_band"].as_array().unwrap().len() > 10)
    );
    let again = env.run(&["export", "-q", "--from-index", index.to_str().unwrap()]);
    assert_eq!(
        again.stdout, from_index.stdout,
        "the same index, the same order"
    );
}

#[test]
fn export_reports_bad_input_and_goes_on() {
    let env = TestEnv::new();
    // A path that does not exist: nothing written, exit 2.
    let missing = env.path("no-such-folder");
    let out = env.path("out.ndjson");
    let run = env.run(&[
        "export",
        "--output",
        out.to_str().unwrap(),
        missing.to_str().unwrap(),
        data_dir().to_str().unwrap(),
    ]);
    assert_eq!(run.code, 2, "{run}");
    assert!(run.stderr.contains("no-such-folder"), "{run}");
    assert!(!out.exists(), "no output for a mistyped path");

    // A broken file among good ones: reported, skipped, the rest exported.
    let dir = env.path("mixed");
    std::fs::create_dir(&dir).unwrap();
    std::fs::copy(
        data_dir().join("web/rubio-lavrov-meeting.txt"),
        dir.join("good.txt"),
    )
    .unwrap();
    std::fs::write(
        dir.join("broken.jsonl"),
        "{\"title\": \"cut\", \"body\": \n{\"title\": \"Whole\", \"body\": \"A whole record.\"}\n",
    )
    .unwrap();
    std::fs::write(dir.join("cut.json.gz"), b"\x1f\x8b\x08\x00garbage").unwrap();
    let run = env.run(&["export", dir.to_str().unwrap()]);
    assert_eq!(run.code, 3, "{run}");
    for what in [
        "broken.jsonl:1",
        "cut.json.gz",
        "skipped 2 files or records",
    ] {
        assert!(run.stderr.contains(what), "{what}\n{run}");
    }
    let docs = by_id(&pairs(&run.stdout));
    assert_eq!(docs.len(), 2, "{run}");
    assert!(docs.keys().any(|k| k.ends_with("good.txt")));
    assert!(docs.keys().any(|k| k.ends_with("broken.jsonl#2")));

    // An index that is not there.
    let run = env.run(&["export", "--from-index", missing.to_str().unwrap()]);
    assert_eq!(run.code, 2, "{run}");
    assert!(run.stderr.contains("no index at"), "{run}");
    assert!(run.stdout.is_empty());
}

#[test]
fn ctrl_c_stops_an_export_with_whole_documents_written() {
    let env = TestEnv::new();
    let corpora = crate::util::corpora();
    let out = env.path("bulk.ndjson");
    let child = env.spawn([
        "export".as_ref(),
        "--output".as_ref(),
        out.as_os_str(),
        corpora.join("news-articles").as_os_str(),
        corpora.join("reuters21578").as_os_str(),
    ]);
    std::thread::sleep(std::time::Duration::from_millis(1500));
    crate::util::ctrl_c(&child);
    let run = Run::from(child.wait_with_output().unwrap());
    assert_eq!(run.code, 130, "{run}");
    assert!(run.stderr.contains("interrupted"), "{run}");
    assert!(
        !run.stderr.contains("Ctrl-C"),
        "the stop is no problem of a file\n{run}"
    );
    let docs = pairs(&std::fs::read_to_string(&out).unwrap());
    assert!(docs.len() < 25_373, "{}", docs.len());
}
