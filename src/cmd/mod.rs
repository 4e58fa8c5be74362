//! One module per subcommand.

pub mod batch;
pub mod eval;
pub mod index;
pub mod search;
