//! An archive that stays right: incremental runs, removal, the writer
//! lock, Ctrl-C and kill -9 in the middle of a run.

use std::path::Path;
use std::process::Child;
use std::time::{Duration, Instant};

use crate::util::{TestEnv, reuters_files, summary_line};

fn article(dir: &Path, name: &str, title: &str, body: &str) {
    std::fs::write(dir.join(name), format!("{title}\n\n{body}\n")).unwrap();
}

#[test]
fn add_change_delete_and_unchanged() {
    let env = TestEnv::new();
    let dir = env.path("archive");
    std::fs::create_dir_all(&dir).unwrap();
    article(&dir, "a.txt", "Aardvark story", "An aardvark was seen.");
    article(&dir, "b.txt", "Badger story", "A badger was seen.");
    let run = env.index(&[&dir], 0);
    assert_eq!(
        summary_line(&run.stdout),
        "files: 2 new, 0 changed, 0 removed, 0 unchanged"
    );

    let run = env.index(&[&dir], 0);
    assert_eq!(
        summary_line(&run.stdout),
        "files: 0 new, 0 changed, 0 removed, 2 unchanged"
    );
    assert!(run.stdout.starts_with("indexed 0 articles"), "{run}");

    // Same bytes, new time: not parsed again.
    let later = std::time::SystemTime::now() + Duration::from_secs(5);
    std::fs::File::options()
        .write(true)
        .open(dir.join("a.txt"))
        .unwrap()
        .set_modified(later)
        .unwrap();
    let run = env.index(&[&dir], 0);
    assert_eq!(
        summary_line(&run.stdout),
        "files: 0 new, 0 changed, 0 removed, 2 unchanged"
    );

    article(
        &dir,
        "b.txt",
        "Badger story",
        "A honey badger was seen instead.",
    );
    article(&dir, "c.txt", "Civet story", "A civet was seen.");
    std::fs::remove_file(dir.join("a.txt")).unwrap();
    let run = env.index(&[&dir], 0);
    assert_eq!(
        summary_line(&run.stdout),
        "files: 1 new, 1 changed, 1 removed, 0 unchanged"
    );
    assert!(
        env.search_json(&["aardvark"]).is_empty(),
        "deleted file's article is gone"
    );
    assert_eq!(
        env.search_json(&["honey"]).len(),
        1,
        "changed file re-indexed"
    );
    assert_eq!(env.search_json(&["badger"]).len(), 1, "no duplicate");
    assert_eq!(env.search_json(&["civet"]).len(), 1);

    // --keep-deleted keeps them.
    std::fs::remove_file(dir.join("c.txt")).unwrap();
    let run = env.index(&[&dir], 0);
    let _ = run;
    assert!(env.search_json(&["civet"]).is_empty());
    article(&dir, "d.txt", "Dingo story", "A dingo was seen.");
    let mut cmd = env.cmd();
    cmd.args(["index", "--quiet", "--keep-deleted"]).arg(&dir);
    assert!(cmd.output().unwrap().status.success());
    std::fs::remove_file(dir.join("d.txt")).unwrap();
    let mut cmd = env.cmd();
    cmd.args(["index", "--quiet", "--keep-deleted"]).arg(&dir);
    assert!(cmd.output().unwrap().status.success());
    assert_eq!(env.search_json(&["dingo"]).len(), 1);
}

#[test]
fn only_files_under_the_paths_given_are_removed() {
    let env = TestEnv::new();
    for sub in ["one", "two"] {
        let dir = env.path(sub);
        std::fs::create_dir_all(&dir).unwrap();
        article(&dir, "x.txt", &format!("Story {sub}"), "Body text.");
    }
    env.index(&[&env.path("one"), &env.path("two")], 0);
    env.index(&[&env.path("one")], 0);
    assert_eq!(env.search_json(&["story"]).len(), 2);
}

/// Starts an index run over Reuters that commits after every file.
fn start_long_run(env: &TestEnv) -> Child {
    let mut args: Vec<std::ffi::OsString> = [
        "index",
        "--quiet",
        "--threads",
        "1",
        "--commit-interval",
        "0",
    ]
    .iter()
    .map(Into::into)
    .collect();
    args.extend(reuters_files().into_iter().map(Into::into));
    env.spawn(args)
}

/// Lines in the index's file list.
fn listed(env: &TestEnv) -> usize {
    std::fs::read_to_string(env.index_dir().join("newsidx-files.jsonl"))
        .map(|s| s.lines().count())
        .unwrap_or(0)
}

/// Waits until the run has committed files beyond the `before` listed
/// when it started.
fn wait_for_commits(env: &TestEnv, child: &mut Child, before: usize) {
    let deadline = Instant::now() + Duration::from_secs(120);
    loop {
        if listed(env) >= before + 2 {
            return;
        }
        assert!(
            child.try_wait().unwrap().is_none(),
            "the run ended too soon"
        );
        assert!(Instant::now() < deadline, "no commit within two minutes");
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn kill_9_loses_at_most_the_last_interval_and_the_next_run_completes() {
    let env = TestEnv::new();
    let mut child = start_long_run(&env);
    wait_for_commits(&env, &mut child, 0);
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();

    // The index opens and searches what was committed.
    let run = env.run(&["search", "*", "--json", "-n", "1"]);
    assert_eq!(run.code, 0, "{run}");
    let stats: serde_json::Value =
        serde_json::from_str(&env.run(&["stats", "--json"]).stdout).unwrap();
    let committed = stats["articles"].as_u64().unwrap();
    assert!(committed > 0 && committed < 21_577, "{committed}");

    // The next run completes the work, with no duplicates.
    let files = reuters_files();
    let paths: Vec<&Path> = files.iter().map(|p| p.as_path()).collect();
    env.index(&paths, 3);
    let stats: serde_json::Value =
        serde_json::from_str(&env.run(&["stats", "--json"]).stdout).unwrap();
    assert_eq!(stats["articles"], 21_577);
    assert_eq!(stats["files"], 22);
    assert_eq!(env.search_json(&["id:1"]).len(), 1);
}

#[test]
fn ctrl_c_commits_and_exits_130() {
    let env = TestEnv::new();
    let mut child = start_long_run(&env);
    wait_for_commits(&env, &mut child, 0);
    crate::util::ctrl_c(&child);
    let out = child.wait_with_output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(130), "{stdout}");
    assert!(stdout.contains("interrupted"), "{stdout}");
    let stats: serde_json::Value =
        serde_json::from_str(&env.run(&["stats", "--json"]).stdout).unwrap();
    assert!(stats["articles"].as_u64().unwrap() > 0);
}

#[test]
fn a_second_run_is_refused_while_search_still_works() {
    let env = TestEnv::new();
    env.index(&[&crate::util::data_dir().join("web")], 0);
    let before = listed(&env);
    let mut child = start_long_run(&env);
    wait_for_commits(&env, &mut child, before);
    let second = env.run(&[
        "index",
        "--quiet",
        crate::util::data_dir().to_str().unwrap(),
    ]);
    let still_running = child.try_wait().unwrap().is_none();
    let search = env.run(&["search", "Lavrov", "--json"]);
    child.kill().unwrap();
    child.wait().unwrap();
    assert!(still_running, "the first run should still hold the index");
    assert_eq!(second.code, 2, "{second}");
    assert!(
        second.stderr.contains("another newsidx run is indexing"),
        "{second}"
    );
    assert_eq!(search.code, 0, "{search}");
}

#[test]
fn a_folder_out_of_reach_does_not_remove_its_articles() {
    // A linked folder whose target is gone (an unmounted drive, say) is
    // reported, and what was indexed from it stays.
    let env = TestEnv::new();
    let dir = env.path("archive");
    let drive = env.path("drive");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::create_dir_all(&drive).unwrap();
    article(&drive, "x.txt", "Quoll story", "A quoll was seen.");
    article(&dir, "y.txt", "Bandicoot story", "A bandicoot was seen.");
    std::os::unix::fs::symlink(&drive, dir.join("linked")).unwrap();
    env.index(&[&dir], 0);
    assert_eq!(env.search_json(&["quoll"]).len(), 1);
    std::fs::rename(&drive, env.path("drive-away")).unwrap();
    let run = env.index(&[&dir], 3);
    assert!(run.stderr.contains("linked"), "{run}");
    assert!(run.stdout.contains("0 removed"), "{run}");
    assert_eq!(env.search_json(&["quoll"]).len(), 1);
}
