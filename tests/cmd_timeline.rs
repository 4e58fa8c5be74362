//! `newsidx timeline`: matching articles per period, as text, JSON and
//! SVG.

use crate::util::{TestEnv, data_dir};

#[test]
fn timeline_counts_per_period_with_json_and_svg() {
    let env = TestEnv::new();
    env.index(&[&data_dir()], 0);
    let run = env.run(&["timeline", "*", "--by", "year", "--json"]);
    assert_eq!(run.code, 0, "{run}");
    let t: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let periods = t["periods"].as_array().unwrap();
    assert_eq!(periods.first().unwrap()["period"], "1987");
    assert_eq!(periods.last().unwrap()["period"], "2017");
    assert_eq!(periods.len(), 31, "empty years are filled in");
    let dated: u64 = periods.iter().map(|p| p["count"].as_u64().unwrap()).sum();
    assert_eq!(
        dated + t["undated"].as_u64().unwrap(),
        t["total"].as_u64().unwrap()
    );

    let svg = env.path("chart.svg");
    let run = env.run(&[
        "timeline",
        "lavrov",
        "--by",
        "month",
        "--svg",
        svg.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 0, "{run}");
    assert!(run.stdout.contains("2017-0"), "{run}");
    let chart = std::fs::read_to_string(&svg).unwrap();
    assert!(chart.starts_with("<svg") && chart.contains("<rect x=") && chart.contains(">lavrov<"));

    assert_eq!(env.run(&["timeline", "xyzzyplugh"]).code, 1);
}
