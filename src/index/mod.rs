//! The index on disk: its schema, how an article becomes a document, the
//! file list of what was indexed, the people of the archive (`entities`), near-duplicate lookups, merges, and the
//! run that writes it all ([`writer::Indexer`], which plans with `plan`
//! and reports problems with `report`).

pub mod dedup;
pub mod document;
pub mod entities;
pub mod manifest;
pub mod merge;
pub mod plan;
pub mod readonly;
pub mod report;
pub mod schema;
pub mod stem;
pub mod store;
pub mod writer;
