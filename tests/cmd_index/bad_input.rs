//! A folder of broken files: each is reported with its path (and line),
//! skipped and counted; every good article is indexed.

use std::io::Write;

use crate::util::TestEnv;

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    enc.write_all(bytes).unwrap();
    enc.finish().unwrap()
}

#[test]
fn bad_files_are_reported_and_good_ones_indexed() {
    let env = TestEnv::new();
    let dir = env.path("archive");
    std::fs::create_dir_all(dir.join("sub")).unwrap();
    let w = |name: &str, bytes: &[u8]| std::fs::write(dir.join(name), bytes).unwrap();
    w(
        "good.txt",
        b"Quokka census finished\n\nRangers counted every quokka on the island.\n",
    );
    w(
        "sub/latin1.txt",
        b"Caf\xe9 owners protest\n\nThe caf\xe9 owners of the zanzibarian quarter marched.\n",
    );
    w(
        "lines.jsonl",
        b"{\"title\": \"Wombat line one\", \"body\": \"first good line\"}\n\
          {\"title\": \"broken\", \"body\": \n\
          {\"title\": \"Wombat line three\", \"body\": \"third good line\", \"date\": \"not a date\"}\n\
          {\"title\": \"truncat",
    );
    w("empty.txt", b"");
    w("junk.json", b"\x00\x01\x02\x03PK\x00\x00binary junk\x00");
    let full = gzip(&b"{\"title\":\"Gzipped platypus\",\"body\":\"x\"}\n".repeat(2000));
    w("cut.jsonl.gz", &full[..full.len() / 2]);
    w(
        "wire.sgm",
        b"<REUTERS NEWID=\"1\"><DATE>26-FEB-1987 15:01:01.79</DATE>\n<TEXT><TITLE>NUMBAT EXPORTS RISE</TITLE><BODY>Numbat exports rose.</BODY></TEXT></REUTERS>\n\
          <REUTERS NEWID=\"2\"><DATE>26-FEB-1987 15:01:01.79</DATE><TEXT></TEXT></REUTERS>\n",
    );
    w("notes.md", b"# not an article file\n");
    std::os::unix::fs::symlink(dir.join("missing.txt"), dir.join("dangling.txt")).unwrap();
    std::fs::create_dir_all(dir.join(".hidden")).unwrap();
    w(
        ".hidden/secret.txt",
        b"Hidden bilby\n\nShould not be indexed.\n",
    );

    let run = env.index(&[&dir], 3);
    let reported = |needle: &str| {
        assert!(
            run.stderr.contains(needle),
            "stderr lacks {needle:?}\n{run}"
        );
    };
    reported("lines.jsonl:2: invalid JSON");
    reported("lines.jsonl:4: invalid JSON");
    reported("lines.jsonl:3: cannot parse date \"not a date\"");
    reported("empty.txt: file is empty");
    reported("junk.json: binary data");
    reported("cut.jsonl.gz: gzip data is cut short");
    reported("wire.sgm:3: record 2 has neither a TITLE nor a BODY");
    reported("dangling.txt");
    reported("latin1.txt:1: text is not valid UTF-8");
    assert!(!run.stderr.contains("panicked"));
    assert!(run.stdout.contains("skipped"), "{run}");
    assert!(run.stdout.contains("ignored 1 files"), "{run}");

    for (query, expected) in [
        ("quokka", 1),
        ("zanzibarian", 1),
        ("wombat", 2),
        ("numbat", 1),
        ("bilby", 0),
    ] {
        let hits = env.search_json(&[query]);
        assert_eq!(hits.len(), expected, "{query}");
    }
    // The readable head of the cut gzip file is kept.
    assert!(!env.search_json(&["platypus"]).is_empty());
    let latin = env.search_json(&["zanzibarian"]);
    assert_eq!(latin[0]["title"], "Caf\u{e9} owners protest");
}

#[test]
fn symlink_loops_do_not_hang() {
    let env = TestEnv::new();
    let dir = env.path("loop");
    std::fs::create_dir_all(dir.join("a")).unwrap();
    std::fs::write(dir.join("a/story.txt"), b"Loop story\n\nA body.\n").unwrap();
    std::os::unix::fs::symlink(&dir, dir.join("a/back")).unwrap();
    let run = env.index(&[&dir], 3);
    assert!(run.stderr.contains("symbolic link loop"), "{run}");
    assert_eq!(env.search_json(&["loop"]).len(), 1);
}

#[test]
fn missing_path_is_an_error_and_nothing_is_written() {
    let env = TestEnv::new();
    let run = env.run(&["index", "/no/such/folder"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("/no/such/folder"), "{run}");
    assert!(!env.index_dir().exists());
}

#[test]
fn a_foreign_directory_is_never_written_into() {
    let env = TestEnv::new();
    std::fs::create_dir_all(env.index_dir()).unwrap();
    std::fs::write(env.index_dir().join("precious.txt"), b"keep me").unwrap();
    let run = env.run(&["index", crate::util::data_dir().to_str().unwrap()]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("not empty and holds no newsidx index"),
        "{run}"
    );
    let names: Vec<_> = std::fs::read_dir(env.index_dir()).unwrap().collect();
    assert_eq!(names.len(), 1);
    let run = env.run(&["search", "x"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("not a newsidx index"), "{run}");
}

#[test]
fn huge_inputs_are_reported_not_loaded() {
    use std::os::unix::ffi::OsStrExt;
    let env = TestEnv::new();
    let dir = env.path("huge");
    std::fs::create_dir_all(&dir).unwrap();
    // A text file over the single-article limit (16 MiB).
    let line = "lorem ipsum dolor sit amet consectetur adipiscing elit\n";
    std::fs::write(dir.join("big.txt"), line.repeat((65 << 20) / line.len())).unwrap();
    // A JSON line over the record limit (16 MiB), then a good one.
    let huge = format!(
        "{{\"title\": \"huge\", \"body\": \"{}\"}}\n",
        "x ".repeat(9 << 20)
    );
    let good = "{\"title\": \"Echidna after the huge line\", \"body\": \"fine\"}\n";
    std::fs::write(dir.join("lines.jsonl"), huge + good).unwrap();
    // A file name that is not UTF-8.
    let name = std::ffi::OsStr::from_bytes(b"caf\xe9-numbat.txt");
    std::fs::write(
        dir.join(name),
        "Numbat odd name\n\nA file whose name is not UTF-8.\n",
    )
    .unwrap();
    // Many empty files: reported by count, not one line each.
    let empties = dir.join("empties");
    std::fs::create_dir_all(&empties).unwrap();
    for i in 0..500 {
        std::fs::write(empties.join(format!("{i}.txt")), "").unwrap();
    }

    let run = env.index(&[&dir], 3);
    assert!(run.stderr.contains("big.txt: larger than 16 MiB"), "{run}");
    assert!(
        run.stderr
            .contains("lines.jsonl:1: line longer than 16 MiB"),
        "{run}"
    );
    assert!(run.stderr.contains("more: empty"), "{run}");
    assert!(
        run.stderr.lines().count() < 100,
        "problems are summarised: {run}"
    );
    assert!(run.stdout.contains("500  empty"), "{run}");
    assert_eq!(env.search_json(&["echidna"]).len(), 1);
    let odd = env.search_json(&["numbat"]);
    assert_eq!(odd.len(), 1);
    assert!(odd[0]["path"].as_str().unwrap().contains("caf"));
}
