//! `newsidx stats`: what the index holds.

use crate::util::TestEnv;

#[test]
fn stats_json_describes_the_index() {
    let env = TestEnv::new();
    env.index(&[&crate::util::data_dir()], 0);
    let run = env.run(&["stats", "--json"]);
    assert_eq!(run.code, 0, "{run}");
    let s: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    for key in [
        "articles",
        "files",
        "bytes_on_disk",
        "segments",
        "first_date",
        "last_date",
        "updated",
        "sources",
    ] {
        assert!(s.get(key).is_some(), "stats lacks {key}");
    }
    assert!(s["articles"].as_u64().unwrap() >= 50);
    assert!(s["files"].as_u64().unwrap() >= 7);
    assert!(s["bytes_on_disk"].as_u64().unwrap() > 10_000);
    assert!(s["first_date"].as_str().unwrap().starts_with("1987"));
    assert!(s["last_date"].as_str().unwrap().starts_with("2017"));
    assert!(
        s["sources"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["name"] == "Reuters")
    );
}
