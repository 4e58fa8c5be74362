//! The `newsidx` binary: parses the command line, runs it, reports errors.

use std::process::ExitCode;

/// Parsing and indexing allocate many small strings from several threads;
/// mimalloc takes a measurable share off the time (see the README).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use clap::Parser;
use newsidx::cli::Cli;
use newsidx::exit::Exit;

fn main() -> ExitCode {
    no_huge_pages();
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) => {
            let code = if err.use_stderr() {
                Exit::Error
            } else {
                Exit::Success
            };
            let _ = err.print();
            return code.into();
        }
    };
    match newsidx::run(&cli) {
        Ok(exit) => exit.into(),
        Err(err) => {
            if is_broken_pipe(&err) {
                return Exit::Success.into();
            }
            eprintln!("newsidx: error: {err:#}");
            Exit::Error.into()
        }
    }
}

/// mimalloc asks for transparent huge pages; the kernel then zeroes 2 MB
/// at every fresh fault and keeps the whole page resident. Indexing frees
/// and refills its buffers all the time, so with them off it spends less
/// time in the kernel and peaks lower (see the README).
fn no_huge_pages() {
    #[cfg(target_os = "linux")]
    // SAFETY: PR_SET_THP_DISABLE takes plain integers and only sets a flag
    // of this process; a failure (old kernel) is harmless and ignored.
    unsafe {
        let (on, unused): (libc::c_ulong, libc::c_ulong) = (1, 0);
        libc::prctl(libc::PR_SET_THP_DISABLE, on, unused, unused, unused);
    }
}

fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
