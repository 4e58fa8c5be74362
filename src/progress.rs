//! The one place progress bars are configured: on stderr, hidden under
//! `--quiet` or when stderr is not a terminal.

use std::io::IsTerminal;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// A bar over `total_bytes` of input.
pub fn bytes_bar(total_bytes: u64, quiet: bool) -> ProgressBar {
    if quiet || !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(Some(total_bytes), ProgressDrawTarget::stderr());
    bar.set_style(
        ProgressStyle::with_template(
            "{spinner} [{elapsed_precise}] {wide_bar} {bytes}/{total_bytes} \
             ({bytes_per_sec}, {eta} left) {msg}",
        )
        .expect("valid progress template"),
    );
    bar.enable_steady_tick(Duration::from_millis(100));
    bar
}

/// A bar over `total` articles.
pub fn articles_bar(total: u64, quiet: bool) -> ProgressBar {
    if quiet || !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::stderr());
    bar.set_style(
        ProgressStyle::with_template(
            "{spinner} [{elapsed_precise}] {wide_bar} {human_pos}/{human_len} articles \
             ({per_sec}, {eta} left) {msg}",
        )
        .expect("valid progress template"),
    );
    bar.enable_steady_tick(Duration::from_millis(100));
    bar
}
