//! The index on disk: its schema, how an article becomes a document, the
//! file list of what was indexed, near-duplicate lookups, merges, and the
//! run that writes it all.

pub mod dedup;
pub mod document;
pub mod manifest;
pub mod merge;
pub mod schema;
pub mod stem;
pub mod store;
