//! query -> parse ([`query`]) -> search ([`engine`]) -> hits; what a
//! search asks for ([`request`]: filters, order, page); many queries at
//! once ([`batch`]); facet counts and timelines ([`facets`]); what the
//! index holds ([`stats`]); ranking evaluation ([`eval`]).

pub mod batch;
pub mod engine;
pub mod eval;
pub mod facets;
pub mod query;
pub mod request;
pub mod stats;
pub mod words;

pub use engine::*;
pub use request::{Choice, Filter, FilterError, Filters, Match, Request, Sort};
