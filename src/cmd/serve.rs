//! `newsidx serve`: the archive in a web browser, on this machine.

use std::io::Write;
use std::net::SocketAddr;
use std::path::Path;

use anyhow::Result;

use crate::cli::ServeArgs;
use crate::exit::Exit;
use crate::serve::Server;

pub fn run(index_dir: &Path, args: &ServeArgs) -> Result<Exit> {
    let server = Server::bind(index_dir, SocketAddr::new(args.bind, args.port))?;
    if !index_dir.join("meta.json").exists() {
        eprintln!(
            "newsidx: no index at {} yet; the page will say so until `newsidx index` creates it",
            index_dir.display()
        );
    }
    if !args.bind.is_loopback() {
        eprintln!(
            "newsidx: listening on {}: anyone who can reach this machine can read the archive",
            server.addr()
        );
    }
    // Tests and scripts read the address from this line.
    let mut out = std::io::stdout().lock();
    writeln!(
        out,
        "Serving {} at {} (Ctrl-C to stop)",
        index_dir.display(),
        server.url()
    )?;
    out.flush()?;
    drop(out);
    server.run(usize::from(args.threads))?;
    Ok(Exit::Success)
}
