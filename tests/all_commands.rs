//! What every command shares: the help text, and where the index is found.

use crate::util::{TestEnv, data_dir};

#[test]
fn help_explains_commands_and_exit_codes() {
    let env = TestEnv::new();
    let run = env.run(&["--help"]);
    assert_eq!(run.code, 0);
    for word in ["index", "search", "Exit codes"] {
        assert!(run.stdout.contains(word), "{run}");
    }
    let run = env.run(&["search", "--help"]);
    for word in ["--person", "--since", "--sort", "--plain", "--json"] {
        assert!(run.stdout.contains(word), "{run}");
    }
}

#[test]
fn index_location_from_environment() {
    let env = TestEnv::new();
    let mut cmd = assert_cmd::Command::cargo_bin("newsidx").unwrap();
    cmd.env("NEWSIDX_INDEX", env.index_dir())
        .args(["index", "--quiet"])
        .arg(data_dir().join("web"));
    assert!(cmd.output().unwrap().status.success());
    assert!(env.index_dir().join("meta.json").exists());
}
