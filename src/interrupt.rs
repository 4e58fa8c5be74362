//! Ctrl-C as a request to stop, not a kill: long runs check the flag and
//! stop cleanly (the indexer's workers take no more files, and its writer
//! commits what it has), so an interrupted run loses nothing it finished.

use std::sync::atomic::{AtomicBool, Ordering};

/// Set by Ctrl-C (or [`request`]); never cleared.
static INTERRUPTED: AtomicBool = AtomicBool::new(false);

/// From now on, Ctrl-C sets the flag instead of ending the process. Only
/// the first handler set in a process counts: later calls change nothing.
pub fn catch_ctrl_c() {
    let _ = ctrlc::set_handler(request);
}

/// Asks running work to stop, as Ctrl-C does.
pub fn request() {
    INTERRUPTED.store(true, Ordering::SeqCst);
}

/// Whether a stop was asked for.
pub fn requested() -> bool {
    INTERRUPTED.load(Ordering::SeqCst)
}
