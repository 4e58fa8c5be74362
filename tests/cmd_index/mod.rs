//! `newsidx index`: broken and hostile input, incremental runs and
//! interruptions, near-duplicates, the sample archive and the real corpora.

mod abuse;
mod bad_input;
mod corpora;
mod dedup;
mod hostile_input;
mod incremental;
mod sample;
mod select;
