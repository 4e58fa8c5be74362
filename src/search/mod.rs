//! query -> parse ([`query`]) -> search ([`engine`]) -> hits; facet counts
//! and timelines ([`facets`]); ranking evaluation ([`eval`]).

pub mod engine;
pub mod eval;
pub mod facets;
pub mod query;

pub use engine::*;
