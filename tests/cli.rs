//! Integration tests: the built binary on real files.
//!
//! One file per command (`cmd_<command>.rs`; `index` has a folder of
//! them), `serve.rs` and `browser.rs` for `newsidx serve`, `quality_*.rs`
//! for the measured quality of people, topics and ranking, and
//! `properties.rs` for properties over arbitrary input. Shared helpers are
//! in `util/`.

mod util;

mod all_commands;
mod all_commands_hostile;
mod browser;
mod cmd_batch;
mod cmd_eval;
mod cmd_export;
mod cmd_extract;
mod cmd_index;
mod cmd_people_topics;
mod cmd_push;
mod cmd_remote;
mod cmd_search;
mod cmd_show;
mod cmd_stats;
mod cmd_timeline;
mod entities;
mod properties;
mod quality_judged;
mod quality_people;
mod quality_ranking;
mod quality_topics;
mod query_language;
mod serve;
mod text_repair;
