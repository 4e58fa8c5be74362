//! Ranking quality as a number: index Cranfield, run its 225 queries
//! through `batch --format trec`, score with `newsidx eval`.
//!
//! Lucene 9.9 BM25 (k1=1.2, b=0.75) scores nDCG@10 0.3659 and MAP 0.2981
//! on these files; newsidx must do better.

use crate::util::{TestEnv, corpora};

#[test]
fn cranfield_beats_lucene_bm25() {
    let env = TestEnv::new();
    let dir = corpora().join("cranfield");
    // Two records of the collection are empty.
    env.index(&[&dir.join("docs.jsonl.gz")], 3);
    let queries: String = std::fs::read_to_string(dir.join("queries.tsv"))
        .unwrap()
        .lines()
        .map(|l| {
            let (id, text) = l.split_once('\t').unwrap();
            serde_json::json!({"id": id, "query": text}).to_string() + "\n"
        })
        .collect();
    let mut cmd = env.cmd();
    // Any-word matching, as ranking evaluations measure it.
    cmd.args(["batch", "--plain", "--any", "--format", "trec", "-n", "100"])
        .write_stdin(queries.into_bytes());
    let out = cmd.output().unwrap();
    assert!(out.status.success());
    let run_file = env.path("run.trec");
    std::fs::write(&run_file, &out.stdout).unwrap();

    let eval = env.run(&[
        "eval",
        "--json",
        "--qrels",
        dir.join("qrels.txt").to_str().unwrap(),
        run_file.to_str().unwrap(),
    ]);
    assert_eq!(eval.code, 0, "{eval}");
    let report: serde_json::Value = serde_json::from_str(&eval.stdout).unwrap();
    assert_eq!(report["queries"], 225);
    let ndcg = report["mean"]["ndcg_10"].as_f64().unwrap();
    let map = report["mean"]["map"].as_f64().unwrap();
    assert!(ndcg >= 0.38, "nDCG@10 {ndcg:.4}");
    assert!(map >= 0.30, "MAP {map:.4}");
}
