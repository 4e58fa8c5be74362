//! The query syntax and search on arbitrary text, over a small index.
#![no_main]

use std::sync::LazyLock;

use libfuzzer_sys::fuzz_target;
use newsidx::search::{Engine, Match, Request};
use newsidx::index::store::Store;

static ENGINE: LazyLock<Engine> = LazyLock::new(|| {
    let store = Store::create_in_ram().unwrap();
    let mut writer: tantivy_writer::Writer = store.index.writer(15_000_000).unwrap();
    let mut n = 0;
    for (title, body) in [
        (
            "Rubio to meet Lavrov",
            "Senator Marco Rubio will meet Sergey Lavrov on arms control.",
        ),
        (
            "Oil prices rise",
            "OPEC cut output and crude rose two dlrs a barrel.",
        ),
    ] {
        n += 1;
        let a = newsidx::article::Article {
            id: n.to_string(),
            key: n.to_string(),
            title: title.into(),
            body: body.into(),
            ..Default::default()
        };
        writer
            .add_document(newsidx::index::document::to_document(&a, &store.fields, "g"))
            .unwrap();
    }
    writer.commit().unwrap();
    Engine::new(&store).unwrap()
});

mod tantivy_writer {
    pub type Writer = newsidx::tantivy::IndexWriter;
}

fuzz_target!(|data: &[u8]| {
    let Some((&flags, rest)) = data.split_first() else {
        return;
    };
    let Ok(query) = std::str::from_utf8(rest) else {
        return;
    };
    let req = Request {
        query: query.to_owned(),
        plain: flags & 1 == 1,
        all: flags & 2 == 2,
        matching: if flags & 4 == 4 { Match::Any } else { Match::All },
        snippets: true,
        limit: 10,
        ..Request::default()
    };
    let _ = ENGINE.search(&req);
});
