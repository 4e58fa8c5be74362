//! `newsidx eval`: measures worked out by hand on a tiny run, per-query
//! figures in JSON, and errors that name the file and line.

use std::fmt::Write;

use crate::util::{Run, TestEnv};

/// Judgments. q1: three relevant (one graded 2, one never retrieved);
/// q2: one relevant, one judged -1 (not relevant); q3: four relevant;
/// q4: judged but not in the run.
const QRELS: &str = "\
q1 0 d1 1
q1 0 d2 2
q1 0 d3 0
q1 0 d9 1
q2 0 e1 1
q2 0 e2 -1
q3 0 r1 1
q3 0 r11 1
q3 0 r101 1
q3 0 r999 1
q4 0 x 1
";

/// The run: q1 as d2 d3 d1 d4; q2 ordered by score (e2 e3 e1) whatever
/// its rank column says; q3 as r1..r101; q5 is not judged.
fn run_text() -> String {
    let mut run = String::from(
        "q1 Q0 d2 1 9.5 test\n\
         q1 Q0 d3 2 8.5 test\n\
         q1 Q0 d1 3 7.5 test\n\
         q1 Q0 d4 4 6.5 test\n\
         \n\
         q2 Q0 e2 3 3.0 test\n\
         q2 Q0 e3 2 2.0 test\n\
         q2 Q0 e1 1 1.0 test\n",
    );
    for i in 1..=101 {
        writeln!(run, "q3 Q0 r{i} {i} {} test", 1000 - i).unwrap();
    }
    run.push_str("q5 Q0 z 1 1.0 test\n");
    run
}

/// (map, ndcg_10, p_10, recall_100) of each query, by hand: MAP sums the
/// precision at each relevant document found (k relevant in the first n:
/// k/n) over all relevant; nDCG@10 divides the gains discounted by
/// log2(rank + 1) by those of the ideal order.
fn expected() -> [(&'static str, [f64; 4]); 3] {
    let log2 = |x: f64| x.log2();
    [
        // Relevant at ranks 1 (gain 2) and 3 (gain 1); d9 never found.
        (
            "q1",
            [
                (1.0 + 2.0 / 3.0) / 3.0,
                (2.0 / log2(2.0) + 1.0 / log2(4.0))
                    / (2.0 / log2(2.0) + 1.0 / log2(3.0) + 1.0 / log2(4.0)),
                2.0 / 10.0,
                2.0 / 3.0,
            ],
        ),
        // Relevant at rank 3 only.
        ("q2", [1.0 / 3.0, 1.0 / log2(4.0), 1.0 / 10.0, 1.0]),
        // Relevant at ranks 1, 11 and 101; r999 never found: rank 11 is
        // past P@10 and nDCG@10, rank 101 past recall@100.
        (
            "q3",
            [
                (1.0 + 2.0 / 11.0 + 3.0 / 101.0) / 4.0,
                1.0 / (1.0 + 1.0 / log2(3.0) + 1.0 / log2(4.0) + 1.0 / log2(5.0)),
                1.0 / 10.0,
                2.0 / 4.0,
            ],
        ),
    ]
}

const MEASURES: [&str; 4] = ["map", "ndcg_10", "p_10", "recall_100"];

fn close(got: &serde_json::Value, want: f64, what: &str) {
    let got = got
        .as_f64()
        .unwrap_or_else(|| panic!("{what}: not a number"));
    assert!((got - want).abs() < 1e-12, "{what}: {got} != {want}");
}

/// Writes the judgments and run, and runs `eval` with `args` before them.
fn eval(env: &TestEnv, qrels: &str, run: &str, args: &[&str]) -> Run {
    let (q, r) = (env.path("qrels.txt"), env.path("run.txt"));
    std::fs::write(&q, qrels).unwrap();
    std::fs::write(&r, run).unwrap();
    let mut all = vec!["eval"];
    all.extend_from_slice(args);
    all.extend(["--qrels", q.to_str().unwrap(), r.to_str().unwrap()]);
    env.run(&all)
}

#[test]
fn measures_match_the_hand_computed_ones() {
    let env = TestEnv::new();
    let run = eval(&env, QRELS, &run_text(), &["--json"]);
    assert_eq!(run.code, 0, "{run}");
    let report: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(report["queries"], 3, "q4 has no run, q5 no judgments");
    let per_query = report["per_query"].as_object().unwrap();
    assert_eq!(
        per_query.keys().collect::<Vec<_>>(),
        ["q1", "q2", "q3"],
        "{report}"
    );
    let mut mean = [0.0; 4];
    for (qid, want) in expected() {
        let got = &per_query[qid];
        assert_eq!(got.as_object().unwrap().len(), 4, "{got}");
        for (i, measure) in MEASURES.iter().enumerate() {
            close(&got[measure], want[i], &format!("{qid} {measure}"));
            mean[i] += want[i] / 3.0;
        }
    }
    for (i, measure) in MEASURES.iter().enumerate() {
        close(
            &report["mean"][measure],
            mean[i],
            &format!("mean {measure}"),
        );
    }

    // Text: the same means, as trec_eval names them, to four places.
    let text = eval(&env, QRELS, &run_text(), &[]);
    assert_eq!(text.code, 0, "{text}");
    assert_eq!(
        text.stdout,
        format!(
            "queries     3\nmap         {:.4}\nndcg_cut_10 {:.4}\nP_10        {:.4}\nrecall_100  {:.4}\n",
            mean[0], mean[1], mean[2], mean[3]
        )
    );
}

#[test]
fn a_malformed_line_is_named_by_file_and_line() {
    let env = TestEnv::new();
    let path = |name: &str| env.path(name).display().to_string();

    // Line 5 of the run, counting the blank line before it.
    let bad = "q1 Q0 d2 1 9.5 test\n\nq1 Q0 d3 2 8.5 test\n\nq1 Q0 d1 3 7.5\n";
    let run = eval(&env, QRELS, bad, &[]);
    assert_eq!(run.code, 2, "{run}");
    assert!(run.stdout.is_empty(), "{run}");
    assert!(
        run.stderr.contains(&format!("run {}", path("run.txt"))),
        "{run}"
    );
    assert!(
        run.stderr.contains("line 5: expected 6 fields, found 5"),
        "{run}"
    );

    let run = eval(&env, QRELS, "q1 Q0 d2 1 9.5 t\nq1 Q0 d3 2 high t\n", &[]);
    assert_eq!(run.code, 2, "{run}");
    assert!(run.stderr.contains(&path("run.txt")), "{run}");
    assert!(run.stderr.contains("line 2: bad score \"high\""), "{run}");

    let run = eval(&env, "q1 0 d1 1\nq1 0 d2 yes\n", &run_text(), &[]);
    assert_eq!(run.code, 2, "{run}");
    assert!(
        run.stderr.contains(&format!("qrels {}", path("qrels.txt"))),
        "{run}"
    );
    assert!(
        run.stderr.contains("line 2: bad relevance \"yes\""),
        "{run}"
    );

    let run = eval(&env, "q1 0 d1\n", &run_text(), &[]);
    assert_eq!(run.code, 2, "{run}");
    assert!(
        run.stderr.contains("line 1: expected 4 fields, found 3"),
        "{run}"
    );
}

#[test]
fn missing_files_and_arguments_exit_2() {
    let env = TestEnv::new();
    std::fs::write(env.path("qrels.txt"), QRELS).unwrap();
    let qrels = env.path("qrels.txt");
    let run = env.run(&[
        "eval",
        "--qrels",
        qrels.to_str().unwrap(),
        "/no/such/run.txt",
    ]);
    assert_eq!(run.code, 2, "{run}");
    assert!(run.stderr.contains("run /no/such/run.txt"), "{run}");
    let run = env.run(&["eval", "--qrels", "/no/such/qrels.txt", "/no/such/run.txt"]);
    assert_eq!(run.code, 2, "{run}");
    assert!(run.stderr.contains("qrels /no/such/qrels.txt"), "{run}");
    let run = env.run(&["eval", "/no/such/run.txt"]);
    assert_eq!(run.code, 2, "{run}");
    assert!(run.stderr.contains("--qrels"), "{run}");
}
