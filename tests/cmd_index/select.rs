//! `newsidx index --include GLOB --exclude GLOB`: files left out of a run,
//! counted in the summary, and removed when indexed before.
// See: issue 15, point 8, "Indexing can leave files out".

use crate::util::{TestEnv, corpora};

/// A folder with an article, a README and a folder of drafts.
fn folder(env: &TestEnv) -> std::path::PathBuf {
    let dir = env.path("corpus");
    std::fs::create_dir_all(dir.join("drafts")).unwrap();
    std::fs::write(
        dir.join("a.json"),
        r#"{"id":"a","title":"Aardvark census","body":"The aardvark count rose."}"#,
    )
    .unwrap();
    std::fs::write(
        dir.join("README.txt"),
        "About this corpus\n\nThe files hold wombat stories.",
    )
    .unwrap();
    std::fs::write(
        dir.join("drafts/b.json"),
        r#"{"id":"b","title":"Wombat draft","body":"An unfinished wombat story."}"#,
    )
    .unwrap();
    dir
}

fn articles(env: &TestEnv) -> u64 {
    let run = env.run(&["stats", "--json"]);
    let stats: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    stats["articles"].as_u64().unwrap()
}

#[test]
fn excluded_files_are_left_out_and_counted() {
    let env = TestEnv::new();
    let dir = folder(&env);
    let run = env.run(&[
        "index",
        "--quiet",
        dir.to_str().unwrap(),
        "--exclude",
        "README.txt",
        "--exclude",
        "drafts/",
    ]);
    assert_eq!(run.code, 0, "{run}");
    assert!(
        run.stdout
            .contains("excluded 1 article file by --exclude README.txt --exclude drafts/"),
        "{run}"
    );
    assert_eq!(articles(&env), 1);
    assert!(env.search_json(&["wombat"]).is_empty());

    // Without the globs the files come in; with them again, they go.
    let run = env.run(&["index", "--quiet", dir.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{run}");
    assert!(!run.stdout.contains("excluded"), "{run}");
    assert_eq!(articles(&env), 3);
    let run = env.run(&[
        "index",
        "--quiet",
        dir.to_str().unwrap(),
        "--exclude",
        "*.txt",
        "--exclude",
        "drafts",
    ]);
    assert_eq!(run.code, 0, "{run}");
    assert!(run.stdout.contains("2 removed"), "{run}");
    assert_eq!(articles(&env), 1);
}

#[test]
fn include_takes_only_matching_files_and_exclude_wins() {
    let env = TestEnv::new();
    let dir = folder(&env);
    let run = env.run(&[
        "index",
        "--quiet",
        dir.to_str().unwrap(),
        "--include",
        "*.json",
        "--exclude",
        "b.json",
    ]);
    assert_eq!(run.code, 0, "{run}");
    assert!(
        run.stdout
            .contains("excluded 2 article files by --include *.json --exclude b.json"),
        "{run}"
    );
    let hits = env.search_json(&["aardvark OR wombat"]);
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0]["id"], "a");

    // A file named on the command line is matched by its name.
    let env = TestEnv::new();
    let readme = dir.join("README.txt");
    let run = env.run(&[
        "index",
        "--quiet",
        readme.to_str().unwrap(),
        dir.join("a.json").to_str().unwrap(),
        "--exclude",
        "README.txt",
    ]);
    assert_eq!(run.code, 0, "{run}");
    assert_eq!(articles(&env), 1);
}

#[test]
fn a_bad_glob_is_an_error_naming_the_flag() {
    let env = TestEnv::new();
    let dir = folder(&env);
    for (flag, glob) in [
        ("--exclude", "a[b"),
        ("--include", ""),
        ("--exclude", "{a,b"),
    ] {
        let run = env.run(&["index", "--quiet", dir.to_str().unwrap(), flag, glob]);
        assert_eq!(run.code, 2, "{run}");
        assert!(
            run.stderr
                .contains(&format!("newsidx: {flag}: invalid glob '{glob}'")),
            "{run}"
        );
        assert!(!env.index_dir().join("meta.json").exists(), "{run}");
    }
}

#[test]
fn the_reuters_folder_without_its_notes() {
    // The folder holds a README.txt, lists (*.lc.txt), category
    // descriptions and the CIA factbook beside the stories: as plain
    // .txt files they would be indexed as articles.
    let env = TestEnv::new();
    let dir = corpora().join("reuters21578");
    let run = env.run(&[
        "index",
        "--quiet",
        dir.to_str().unwrap(),
        "--include",
        "reut2-021.sgm.gz",
    ]);
    assert_eq!(run.code, 0, "{run}");
    let run_stats = env.run(&["stats", "--json"]);
    let stats: serde_json::Value = serde_json::from_str(&run_stats.stdout).unwrap();
    assert_eq!(stats["files"], 1, "{run}");
    assert!(stats["articles"].as_u64().unwrap() > 500, "{run}");
    assert!(run.stdout.contains("excluded 29 article files"), "{run}");
    let run = env.run(&[
        "index",
        "--quiet",
        dir.to_str().unwrap(),
        "--include",
        "reut2-021.sgm.gz",
        "--include",
        "*.txt",
        "--exclude",
        "*.txt",
    ]);
    assert_eq!(run.code, 0, "{run}");
    assert!(run.stdout.contains("1 unchanged"), "{run}");
}
