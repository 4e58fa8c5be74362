//! Plain text articles: the first non-empty line is the title, the rest
//! the body.

use std::path::Path;

use super::{Out, record_key};
use crate::article::Article;

pub fn parse(mut text: String, path: &Path, out: &mut Out) {
    let start = text.len() - text.trim_start().len();
    let (title, body) = match text[start..].find('\n') {
        Some(end) => {
            let title = text[start..start + end].trim().to_owned();
            // The body is what is left of the text, not a copy.
            text.drain(..start + end + 1);
            (title, text)
        }
        None => (text.trim().to_owned(), String::new()),
    };
    let key = record_key(path, None);
    out.article(Article {
        id: key.clone(),
        key,
        path: path.to_owned(),
        line: Some(1),
        title,
        body,
        ..Article::default()
    });
}
