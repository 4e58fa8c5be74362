//! Near-duplicates: syndicated copies are grouped at index time, folded
//! in search results, shown with --all, and carried in JSON.

use crate::util::TestEnv;

const P1: &str = "The central bank raised interest rates by a quarter point on Tuesday, \
citing stubborn inflation and a tight labour market in the wombat economy.";
const P2: &str = "Officials said further increases were possible if prices kept rising \
through the summer, and that the board would watch wage growth closely.";
const P3: &str = "Markets fell after the announcement, with bank shares leading the \
decline, while the currency rose against the dollar and the euro.";
const P4: &str = "The governor will speak to parliament next week about the outlook \
for growth, jobs and the housing market, which has slowed since spring.";

fn write(dir: &std::path::Path, name: &str, title: &str, paragraphs: &[&str]) {
    std::fs::write(
        dir.join(name),
        format!("{title}\n\n{}\n", paragraphs.join("\n\n")),
    )
    .unwrap();
}

#[test]
fn copies_are_grouped_and_folded() {
    let env = TestEnv::new();
    let dir = env.path("wire");
    std::fs::create_dir_all(&dir).unwrap();
    write(
        &dir,
        "original.txt",
        "Wombat bank raises rates",
        &[P1, P2, P3, P4],
    );
    // A changed headline, a cut paragraph, a credit line.
    write(
        &dir,
        "copy1.txt",
        "Rates up as wombat bank acts",
        &[P1, P2, P3, P4],
    );
    write(
        &dir,
        "copy2.txt",
        "Wombat bank lifts rates",
        &[P1, P3, P4, "(Reporting by staff; editing by the desk)"],
    );
    write(
        &dir,
        "other.txt",
        "Wombat floods close roads",
        &[
            "Heavy rain flooded roads across the north of the wombat country overnight, and \
         emergency crews rescued dozens of drivers stranded in their cars.",
            "Rivers burst their banks near several towns and schools were closed.",
        ],
    );
    env.index(&[&dir], 0);

    let folded = env.search_json(&["wombat"]);
    assert_eq!(folded.len(), 2, "one hit per story: {folded:?}");
    let story = folded
        .iter()
        .find(|h| h["title"].as_str().unwrap().contains("ates"))
        .unwrap();
    assert_eq!(story["duplicates"], 2);
    let other = folded
        .iter()
        .find(|h| h["title"].as_str().unwrap().contains("floods"))
        .unwrap();
    assert_eq!(other["duplicates"], 0);

    let all = env.search_json(&["wombat", "--all"]);
    assert_eq!(all.len(), 4);
    let groups: std::collections::HashSet<_> = all
        .iter()
        .map(|h| h["group"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(groups.len(), 2);

    let text = env.run(&["search", "wombat"]);
    assert!(text.stdout.contains("+2 near-duplicates"), "{text}");

    // A copy added in a later run joins the group from the index.
    write(&dir, "copy3.txt", "Wombat rates rise again", &[P1, P2, P4]);
    env.index(&[&dir], 0);
    let folded = env.search_json(&["wombat"]);
    assert_eq!(folded.len(), 2);
    let story = folded
        .iter()
        .find(|h| h["title"].as_str().unwrap().contains("ate"))
        .unwrap();
    assert_eq!(story["duplicates"], 3);
}
