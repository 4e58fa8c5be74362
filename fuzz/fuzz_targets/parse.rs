//! The file parsers on arbitrary bytes: the first byte picks the format.
#![no_main]

use libfuzzer_sys::fuzz_target;

const NAMES: &[&str] = &[
    "a.txt",
    "a.json",
    "a.jsonl",
    "a.sgm",
    "a.txt.gz",
    "a.json.gz",
    "a.jsonl.gz",
    "a.sgm.gz",
];

fuzz_target!(|data: &[u8]| {
    let Some((&which, bytes)) = data.split_first() else {
        return;
    };
    let name = NAMES[which as usize % NAMES.len()];
    let enricher = newsidx::extract::Enricher::embedded();
    let mut count = 0;
    let parsed = newsidx::ingest::parse_source(std::path::Path::new(name), bytes, &mut |mut a| {
        enricher.enrich(&mut a);
        count += 1;
    });
    assert_eq!(count, parsed.articles);
});
