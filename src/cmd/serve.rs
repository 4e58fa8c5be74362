//! `newsidx serve`: the archive in a web browser, on this machine; or,
//! with `--remote`, a cluster's index through the same pages.

use std::io::Write;
use std::net::SocketAddr;
use std::path::Path;

use anyhow::Result;

use crate::cli::ServeArgs;
use crate::exit::Exit;
use crate::serve::Server;

pub fn run(index_dir: &Path, args: &ServeArgs) -> Result<Exit> {
    let addr = SocketAddr::new(args.bind, args.port);
    // A cluster is checked before listening: a wrong URL or index name is
    // one clear error, not a page that fails on every request.
    let (server, served) = match super::remote(&args.remote)? {
        Some(remote) => {
            // The index's address without its scheme: the line's one URL
            // is the page's, which scripts read.
            let host = remote
                .url()
                .split_once("://")
                .map_or(remote.url(), |(_, h)| h);
            let served = format!("{}/{}", host.trim_end_matches('/'), remote.index());
            (Server::bind_remote(remote, addr)?, served)
        }
        None => {
            let server = Server::bind(index_dir, addr)?;
            if !index_dir.join("meta.json").exists() {
                eprintln!(
                    "newsidx: no index at {} yet; the page will say so until `newsidx index` \
                     creates it",
                    index_dir.display()
                );
            }
            (server, index_dir.display().to_string())
        }
    };
    if !args.bind.is_loopback() {
        eprintln!(
            "newsidx: listening on {}: anyone who can reach this machine can read the archive",
            server.addr()
        );
    }
    // Tests and scripts read the address from this line.
    let mut out = std::io::stdout().lock();
    writeln!(out, "Serving {served} at {} (Ctrl-C to stop)", server.url())?;
    out.flush()?;
    drop(out);
    server.run(usize::from(args.threads))?;
    Ok(Exit::Success)
}
