//! query -> parse ([`query`]) -> search ([`engine`]) -> hits; what a
//! search asks for ([`request`]: filters, order, page); facet counts and
//! timelines ([`facets`]); ranking evaluation ([`eval`]).

pub mod engine;
pub mod eval;
pub mod facets;
pub mod query;
pub mod request;

pub use engine::*;
pub use request::{Choice, Filter, FilterError, Filters, Request, Sort};
