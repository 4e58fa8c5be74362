//! Test environment: a temporary directory with an index in it, and the
//! built `newsidx` binary run against it.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Output;

use assert_cmd::Command;
use tempfile::TempDir;

pub struct TestEnv {
    pub dir: TempDir,
}

/// The repository's sample archive.
pub fn data_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("data")
}

/// A test environment with the sample archive indexed.
pub fn indexed() -> TestEnv {
    let env = TestEnv::new();
    env.index(&[&data_dir()], 0);
    env
}

/// `../shared/corpora` beside the repository; the tests need it.
pub fn corpora() -> PathBuf {
    let dir = match std::env::var_os("NEWSIDX_CORPORA") {
        Some(dir) => PathBuf::from(dir),
        None => Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpora"),
    };
    assert!(
        dir.is_dir(),
        "corpora not found at {} (set NEWSIDX_CORPORA)",
        dir.display()
    );
    dir
}

/// The 22 files of Reuters-21578 in the corpora, in order.
pub fn reuters_files() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(corpora().join("reuters21578"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().ends_with(".sgm.gz"))
        .collect();
    files.sort();
    files
}

impl TestEnv {
    pub fn new() -> TestEnv {
        TestEnv {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    pub fn index_dir(&self) -> PathBuf {
        self.dir.path().join("index")
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// `newsidx --index <tmp>/index ARGS...`
    pub fn cmd(&self) -> Command {
        let mut cmd = Command::cargo_bin("newsidx").unwrap();
        cmd.arg("--index").arg(self.index_dir());
        cmd.env_remove("NEWSIDX_INDEX").env("NO_COLOR", "1");
        cmd
    }

    /// Starts `newsidx --index <tmp>/index ARGS...` without waiting, its
    /// output piped (for runs to interrupt, kill or race).
    pub fn spawn<I, S>(&self, args: I) -> std::process::Child
    where
        I: IntoIterator<Item = S>,
        S: AsRef<std::ffi::OsStr>,
    {
        std::process::Command::new(env!("CARGO_BIN_EXE_newsidx"))
            .arg("--index")
            .arg(self.index_dir())
            .args(args)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap()
    }

    pub fn run(&self, args: &[&str]) -> Run {
        Run::from(self.cmd().args(args).output().unwrap())
    }

    /// Indexes paths, expecting the given exit code.
    pub fn index(&self, paths: &[&Path], code: i32) -> Run {
        let mut cmd = self.cmd();
        cmd.arg("index").arg("--quiet").args(paths);
        let run = Run::from(cmd.output().unwrap());
        assert_eq!(run.code, code, "index exit code\n{run}");
        run
    }

    /// Searches with `--json`, returning the hits.
    pub fn search_json(&self, args: &[&str]) -> Vec<serde_json::Value> {
        let mut all = vec!["search", "--json"];
        all.extend_from_slice(args);
        let run = self.run(&all);
        assert!(run.code == 0 || run.code == 1, "search failed\n{run}");
        // A page without hits is one line `{total, offset, limit}`.
        run.stdout
            .lines()
            .map(|l| serde_json::from_str::<serde_json::Value>(l).expect("each line is JSON"))
            .filter(|v| v.get("rank").is_some())
            .collect()
    }
}

pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl From<Output> for Run {
    fn from(o: Output) -> Run {
        Run {
            code: o.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&o.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
        }
    }
}

impl std::fmt::Display for Run {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "exit {}\n--- stdout\n{}\n--- stderr\n{}",
            self.code, self.stdout, self.stderr
        )
    }
}

/// The string values of a JSON array field.
pub fn strings(v: &serde_json::Value, key: &str) -> Vec<String> {
    v[key]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|s| s.as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

/// The `files: N new, N changed, N removed, N unchanged` line of an index
/// run's summary, or "" when there is none.
pub fn summary_line(stdout: &str) -> &str {
    stdout
        .lines()
        .find(|l| l.starts_with("files: "))
        .unwrap_or("")
}

/// Each line of `text` parsed as JSON.
pub fn json_lines(text: &str) -> Vec<serde_json::Value> {
    text.lines()
        .map(|l| serde_json::from_str(l).expect("each line is JSON"))
        .collect()
}

/// Sends a running child Ctrl-C (SIGINT).
pub fn ctrl_c(child: &std::process::Child) {
    let status = std::process::Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
}

/// A port where nothing listens (one the system just handed out).
pub fn closed_port() -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    listener.local_addr().unwrap().port()
}
