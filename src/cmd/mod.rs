//! One module per subcommand.

pub mod batch;
pub mod eval;
pub mod extract;
pub mod facets;
pub mod index;
pub mod search;
pub mod stats;
pub mod timeline;
