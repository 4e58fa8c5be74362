//! Ctrl-C as a request to stop, not a kill: long runs check the flag and
//! stop cleanly (the indexer's workers take no more files, and its writer
//! commits what it has), so an interrupted run loses nothing it finished.
//! A file being read when Ctrl-C comes stops being read at once
//! ([`Stoppable`]); a second Ctrl-C ends the process there and then.

use std::io::{self, Read};
use std::sync::atomic::{AtomicBool, Ordering};

/// Set by Ctrl-C (or [`request`]); never cleared.
static INTERRUPTED: AtomicBool = AtomicBool::new(false);

/// From now on, Ctrl-C sets the flag instead of ending the process; a
/// second Ctrl-C ends it with exit code 130 (an index is safe from that:
/// it holds what was last committed). Only the first handler set in a
/// process counts: later calls change nothing.
pub fn catch_ctrl_c() {
    let _ = ctrlc::set_handler(|| {
        if requested() {
            std::process::exit(130);
        }
        request();
    });
}

/// Asks running work to stop, as Ctrl-C does.
pub fn request() {
    INTERRUPTED.store(true, Ordering::SeqCst);
}

/// Whether a stop was asked for.
pub fn requested() -> bool {
    INTERRUPTED.load(Ordering::SeqCst)
}

/// A reader that fails once a stop is asked for, so that a parser in the
/// middle of a large file gives up within one read instead of reading on.
pub struct Stoppable<R>(pub R);

impl<R: Read> Read for Stoppable<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if requested() {
            // Not `ErrorKind::Interrupted`: readers retry that one.
            return Err(io::Error::other("stopped by Ctrl-C"));
        }
        self.0.read(buf)
    }
}
