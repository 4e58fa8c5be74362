//! Integration tests: the built binary on real files.

mod util;

mod bad_input;
mod corpora;
mod queries;
mod sample;
