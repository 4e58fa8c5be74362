//! Integration tests: the built binary on real files.

mod util;

mod bad_input;
mod batch;
mod browser;
mod corpora;
mod dedup;
mod enrich;
mod hostile_index;
mod hostile_search;
mod incremental;
mod people_quality;
mod properties;
mod queries;
mod ranking;
mod sample;
mod serve;
mod topics_quality;
