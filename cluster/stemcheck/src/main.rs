// Reads JSON lines {"analyzer": "news"|"names", "text": ...} on stdin and
// prints the tokens newsidx's own analysers give, one JSON array per line.
use newsidx::index::schema::{register_tokenizers, schema};
use newsidx::tantivy::Index;
use std::io::BufRead;
fn main() {
    let index = Index::create_in_ram(schema());
    register_tokenizers(&index);
    for line in std::io::stdin().lock().lines() {
        let v: serde_json::Value = serde_json::from_str(&line.unwrap()).unwrap();
        let mut a = index
            .tokenizers()
            .get(v["analyzer"].as_str().unwrap())
            .unwrap();
        let mut s = a.token_stream(v["text"].as_str().unwrap());
        let mut out = Vec::new();
        while let Some(t) = s.next() {
            out.push(t.text.clone());
        }
        println!("{}", serde_json::to_string(&out).unwrap());
    }
}
