//! newsidx: a fast local full-text search engine for news archives.
//!
//! Data flows one way: files -> [`ingest`] (parse) -> [`clean`] ->
//! [`extract`] (people, topics, MinHash) -> [`index`] (the run:
//! [`index::writer`]); and query -> [`search::query`] (parse) ->
//! [`search`] -> [`output`], or [`serve`] for the browser. See
//! ARCHITECTURE.md for the map.

pub mod article;
pub mod clean;
pub mod cli;
pub mod cmd;
pub mod dates;
pub mod exit;
pub mod extract;
pub mod index;
pub mod ingest;
pub mod interrupt;
pub mod output;
pub mod progress;
pub mod remote;
pub mod search;
pub mod serve;
pub mod terminal;

use anyhow::Result;

/// The tantivy this crate builds on, for callers that use its types.
pub use tantivy;

use crate::cli::{Cli, Command};
use crate::exit::Exit;
use crate::search::facets::Kind;

/// Runs a parsed command line.
pub fn run(cli: &Cli) -> Result<Exit> {
    let index_dir = cli.index_dir();
    match &cli.command {
        Command::Index(args) => cmd::index::run(&index_dir, args),
        Command::Search(args) => cmd::search::run(&index_dir, args),
        Command::Show(args) => cmd::show::run(&index_dir, args),
        Command::Similar(args) => cmd::similar::run(&index_dir, args),
        Command::Batch(args) => cmd::batch::run(&index_dir, args),
        Command::Eval(args) => cmd::eval::run(args),
        Command::Stats(args) => cmd::stats::run(&index_dir, args),
        Command::Extract(args) => cmd::extract::run(&index_dir, args),
        Command::People(args) => cmd::facets::run(&index_dir, args, Kind::People),
        Command::Topics(args) => cmd::facets::run(&index_dir, args, Kind::Topics),
        Command::Timeline(args) => cmd::timeline::run(&index_dir, args),
        Command::Serve(args) => cmd::serve::run(&index_dir, args),
        Command::Export(args) => cmd::export::run(args),
        Command::Push(args) => cmd::push::run(args),
    }
}
