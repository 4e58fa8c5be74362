//! `newsidx batch`: input forms, order kept, per-query errors, and each
//! output format parsed back.

use crate::util::{Run, TestEnv, indexed};

fn batch(env: &TestEnv, args: &[&str], input: &str) -> Run {
    let mut cmd = env.cmd();
    cmd.arg("batch")
        .args(args)
        .write_stdin(input.as_bytes().to_vec());
    Run::from(cmd.output().unwrap())
}

fn jsonl(run: &Run) -> Vec<serde_json::Value> {
    run.stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

const INPUT: &str = "# a comment\n\
lavrov arms control\n\
\n\
{\"id\": \"q-rubio\", \"query\": \"rubio\", \"limit\": 2}\n\
{\"id\": 42, \"query\": \"*\", \"source\": \"reuters\", \"limit\": 3}\n\
oil prices\n";

#[test]
fn input_forms_and_order() {
    let env = indexed();
    let run = batch(&env, &[], INPUT);
    assert_eq!(run.code, 0, "{run}");
    let answers = jsonl(&run);
    let ids: Vec<&str> = answers.iter().map(|a| a["id"].as_str().unwrap()).collect();
    assert_eq!(
        ids,
        ["2", "q-rubio", "42", "6"],
        "ids are own ids or line numbers, in input order"
    );
    let first = &answers[0];
    assert_eq!(first["query"], "lavrov arms control");
    assert!(first["took_ms"].as_f64().unwrap() >= 0.0);
    assert!(first["total"].as_u64().unwrap() >= 1);
    let hit = &first["hits"][0];
    for key in [
        "rank", "score", "id", "title", "date", "source", "people", "topics", "snippet",
    ] {
        assert!(hit.get(key).is_some(), "hit lacks {key}: {hit}");
    }
    assert!(hit["title"].as_str().unwrap().contains("Lavrov"));
    assert!(
        answers[1]["hits"].as_array().unwrap().len() <= 2,
        "per-query limit"
    );
    let reuters = answers[2]["hits"].as_array().unwrap();
    assert_eq!(reuters.len(), 3);
    assert!(
        reuters.iter().all(|h| h["source"] == "Reuters"),
        "per-query filter"
    );
}

#[test]
fn answers_match_single_searches() {
    let env = indexed();
    let queries = ["russia", "oil", "trump", "election", "china trade", "syria"];
    let run = batch(&env, &["--no-snippets", "-n", "5"], &queries.join("\n"));
    let answers = jsonl(&run);
    assert_eq!(answers.len(), queries.len());
    for (q, a) in queries.iter().zip(&answers) {
        let single = env.search_json(&[q, "-n", "5"]);
        let batch_ids: Vec<_> = a["hits"]
            .as_array()
            .unwrap()
            .iter()
            .map(|h| h["id"].clone())
            .collect();
        let single_ids: Vec<_> = single.iter().map(|h| h["id"].clone()).collect();
        assert_eq!(batch_ids, single_ids, "{q}");
        assert!(a["hits"][0].get("snippet").is_none());
    }
}

#[test]
fn a_bad_query_fails_in_place_and_the_rest_go_on() {
    let env = indexed();
    let run = batch(
        &env,
        &[],
        "lavrov\n(unbalanced\n{\"id\": \"j\", \"qery\": 1}\n{broken json\nrubio\n",
    );
    assert_eq!(run.code, 2, "{run}");
    let answers = jsonl(&run);
    assert_eq!(answers.len(), 5);
    assert!(answers[0]["error"].is_null() && answers[4]["error"].is_null());
    assert!(answers[1]["error"].as_str().is_some());
    assert_eq!(answers[2]["id"], "j");
    assert!(answers[2]["error"].as_str().unwrap().contains("query"));
    assert!(answers[3]["error"].as_str().unwrap().contains("line 4"));
    assert!(!answers[4]["hits"].as_array().unwrap().is_empty());
}

#[test]
fn plain_takes_any_text() {
    let env = indexed();
    let input = "Lavrov's \"arms (control\nAND OR NOT\ntitle: what: ::\n";
    let run = batch(&env, &["--plain"], input);
    assert!(run.code == 0, "{run}");
    let answers = jsonl(&run);
    assert_eq!(answers.len(), 3);
    assert!(answers.iter().all(|a| a["error"].is_null()), "{run}");
    assert!(answers[0]["total"].as_u64().unwrap() > 0);
}

#[test]
fn tsv_and_trec_formats() {
    let env = indexed();
    let input =
        "{\"id\": \"q1\", \"query\": \"lavrov\"}\n{\"id\": \"q2\", \"query\": \"oil\"}\n(bad\n";
    let tsv = batch(&env, &["--format", "tsv", "-n", "3"], input);
    assert_eq!(tsv.code, 2);
    assert!(tsv.stderr.contains("query 3"), "{tsv}");
    let rows: Vec<Vec<&str>> = tsv
        .stdout
        .lines()
        .map(|l| l.split('\t').collect())
        .collect();
    assert_eq!(rows.len(), 6);
    for (i, row) in rows.iter().enumerate() {
        assert_eq!(row.len(), 5, "{row:?}");
        assert_eq!(row[0], if i < 3 { "q1" } else { "q2" });
        assert_eq!(row[1].parse::<usize>().unwrap(), i % 3 + 1);
        row[3].parse::<f32>().unwrap();
    }
    let trec = batch(&env, &["--format", "trec", "-n", "3"], input);
    let run = newsidx::search::eval::parse_run(&trec.stdout).unwrap();
    assert_eq!(run["q1"].len(), 3);
    let lines: Vec<Vec<&str>> = trec
        .stdout
        .lines()
        .map(|l| l.split(' ').collect())
        .collect();
    assert!(
        lines
            .iter()
            .all(|f| f.len() == 6 && f[1] == "Q0" && f[5] == "newsidx")
    );
}

#[test]
fn reads_a_query_file() {
    let env = indexed();
    let file = env.path("queries.txt");
    std::fs::write(&file, "lavrov\noil\n").unwrap();
    let run = env.run(&["batch", file.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{run}");
    assert_eq!(jsonl(&run).len(), 2);
    let run = env.run(&["batch", "/no/such/queries.txt"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("/no/such/queries.txt"), "{run}");
}

#[test]
fn hostile_lines_never_stop_the_batch() {
    let env = indexed();
    let mut input = String::new();
    for q in [
        "\u{0}",
        "((((((((((",
        "\"",
        "AND",
        "date:[x TO",
        "{\"query\": null}",
        "{\"id\": []}",
        "-",
    ] {
        input.push_str(q);
        input.push('\n');
    }
    input.push_str(&"lavrov ".repeat(3000));
    input.push('\n');
    let mut bytes = input.into_bytes();
    bytes.extend_from_slice(b"caf\xe9 latin1 line\nlavrov\n");
    let mut cmd = env.cmd();
    cmd.arg("batch").write_stdin(bytes);
    let run = Run::from(cmd.output().unwrap());
    assert!(!run.stderr.contains("panicked"), "{run}");
    let answers = jsonl(&run);
    assert_eq!(answers.len(), 11, "one answer per line, in place: {run}");
    assert!(answers[10]["error"].is_null());
    assert!(answers[9]["error"].as_str().unwrap().contains("UTF-8"));
}
