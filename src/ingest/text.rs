//! Plain text articles: the first non-empty line is the title, the rest
//! the body.

use std::path::Path;

use super::{Out, record_key};
use crate::article::Article;

pub fn parse(text: &str, path: &Path, out: &mut Out) {
    let text = text.trim_start();
    let (title, body) = match text.split_once('\n') {
        Some((title, body)) => (title.trim(), body),
        None => (text.trim(), ""),
    };
    let key = record_key(path, None);
    out.article(Article {
        id: key.clone(),
        key,
        path: path.to_owned(),
        line: Some(1),
        title: title.to_owned(),
        body: body.to_owned(),
        ..Article::default()
    });
}
