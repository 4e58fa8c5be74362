//! One module per subcommand.

pub mod batch;
pub mod eval;
// pub mod extract; (waits for people::find_mentions)
pub mod facets;
pub mod index;
pub mod search;
pub mod stats;
pub mod timeline;
