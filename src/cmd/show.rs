//! `newsidx show ID`: one article in full, found by its id (and its file
//! when the id is in several), in the local index or a cluster's.

use std::io::{IsTerminal, Write};
use std::path::Path;

use anyhow::Result;

use crate::cli::ShowArgs;
use crate::exit::Exit;
use crate::output;
use crate::remote::backend::Backend;
use crate::search::{Found, Shown};
use crate::terminal::visible;

/// Articles listed when an id is in several files.
const SAME_ID_SHOWN: usize = 20;

pub fn run(index_dir: &Path, args: &ShowArgs) -> Result<Exit> {
    let backend = super::backend(index_dir, &args.remote)?;
    let Some(shown) = find(&backend, &args.id, args.path.as_deref())? else {
        return Ok(Exit::Error);
    };
    let stdout = std::io::stdout();
    let color = stdout.is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    let mut out = std::io::BufWriter::new(stdout.lock());
    if args.json {
        output::json::write_article(&mut out, &shown)?;
    } else {
        output::text::write_article(&mut out, &shown, color)?;
    }
    out.flush()?;
    Ok(Exit::Success)
}

/// The article with this id (in `path`); `None` once the reason there
/// is not exactly one is reported on stderr (`show` and `similar`).
pub(crate) fn find(backend: &Backend, id: &str, path: Option<&str>) -> Result<Option<Shown>> {
    // A path as given on the command line, else as the index holds it
    // (a cluster holds the paths of the machine that pushed).
    let path = path.map(|p| match backend {
        Backend::Local(_) => Path::new(p)
            .canonicalize()
            .map(|p| crate::article::path_text(&p))
            .unwrap_or_else(|_| p.to_owned()),
        Backend::Remote(_) => p.to_owned(),
    });
    let found = backend.article(id, path.as_deref(), SAME_ID_SHOWN)?;
    let id_shown = visible(id);
    match found {
        Found::One(shown) => return Ok(Some(*shown)),
        Found::None => match &path {
            Some(path) => eprintln!(
                "newsidx: no article with id {id_shown} in {} (search results give each \
                 article's id and path)",
                visible(path)
            ),
            None => eprintln!(
                "newsidx: no article with id {id_shown} (search results give each article's id)"
            ),
        },
        Found::Several(list) => {
            let more = if list.len() >= SAME_ID_SHOWN {
                " (the first 20)"
            } else {
                ""
            };
            eprintln!(
                "newsidx: several articles have id {id_shown}{more}; add --path with one of:"
            );
            for a in &list {
                eprintln!("  {}", visible(&a.path));
            }
        }
    }
    Ok(None)
}
