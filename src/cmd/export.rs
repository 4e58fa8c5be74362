//! `newsidx export`: documents for OpenSearch as bulk NDJSON on stdout or
//! in a file, then a summary on stderr.

use std::io::Write;

use anyhow::{Context, Result};

use crate::cli::{ExportArgs, ExportSourceArgs};
use crate::exit::Exit;
use crate::index::writer::Options as IndexOptions;
use crate::interrupt;
use crate::remote::source::{Options, Source, Summary};

pub fn run(args: &ExportArgs) -> Result<Exit> {
    let (source, options) = source_of(&args.source);
    source.check()?;
    interrupt::catch_ctrl_c();
    let mut out: Box<dyn Write> = match &args.output {
        Some(path) => Box::new(
            std::fs::File::create(path)
                .with_context(|| format!("cannot write {}", path.display()))?,
        ),
        None => Box::new(std::io::stdout().lock()),
    };
    let mut out = std::io::BufWriter::with_capacity(1 << 20, &mut out);
    let summary = source.run(&options, &mut |lines, _| {
        for line in lines {
            out.write_all(&line.bytes)?;
        }
        Ok(())
    })?;
    out.flush()?;
    drop(out);
    eprint!("{}", summary_text("newsidx: ", "exported", &summary));
    Ok(exit_of(&summary, 0))
}

/// The source and options the command line asks for.
pub(crate) fn source_of(args: &ExportSourceArgs) -> (Source, Options) {
    let source = match &args.from_index {
        Some(dir) => Source::Index(dir.clone()),
        None => Source::Files(args.paths.clone()),
    };
    let options = Options {
        index_name: args.index_name.clone(),
        threads: args
            .threads
            .map_or_else(IndexOptions::default_threads, usize::from),
        progress: !args.quiet,
    };
    (source, options)
}

/// How a run ended: Ctrl-C, something skipped or refused, or all done.
pub(crate) fn exit_of(s: &Summary, refused: usize) -> Exit {
    if s.interrupted {
        Exit::Interrupted
    } else if s.skipped_total() + refused > 0 {
        Exit::Skipped
    } else {
        Exit::Success
    }
}

/// What was read, as `index` words its summary, each line starting with
/// `prefix`.
pub(crate) fn summary_text(prefix: &str, done: &str, s: &Summary) -> String {
    use std::fmt::Write;
    let mut out = String::new();
    let secs = s.seconds.max(1e-6);
    let _ = write!(out, "{prefix}{done} {} articles", s.articles);
    if s.files_read > 0 {
        let _ = write!(
            out,
            " from {} files ({:.1} MB, {:.1} MB of text)",
            s.files_read,
            s.bytes_read as f64 / 1e6,
            s.text_bytes as f64 / 1e6
        );
    }
    let _ = writeln!(
        out,
        " in {:.2} s: {:.0} articles/s",
        s.seconds,
        s.articles as f64 / secs
    );
    if s.skipped_total() > 0 {
        let _ = writeln!(
            out,
            "{prefix}skipped {} files or records:",
            s.skipped_total()
        );
        for (kind, count) in &s.skipped {
            let _ = writeln!(out, "  {count:>6}  {kind}");
        }
    }
    if !s.warnings.is_empty() {
        let _ = writeln!(out, "{prefix}warnings (articles still {done}):");
        for (kind, count) in &s.warnings {
            let _ = writeln!(out, "  {count:>6}  {kind}");
        }
    }
    if s.files_ignored > 0 {
        let _ = writeln!(
            out,
            "{prefix}ignored {} files that are not article files ({})",
            s.files_ignored,
            crate::ingest::EXTENSIONS
        );
    }
    if s.interrupted {
        let _ = writeln!(
            out,
            "{prefix}interrupted: only what was read so far went out"
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use clap::Parser;

    use crate::cli::{Cli, Command};

    #[test]
    fn export_and_push_take_files_or_an_index_not_both() {
        let cli = Cli::try_parse_from(["newsidx", "export", "a", "b", "-o", "out.ndjson"]).unwrap();
        let Command::Export(args) = cli.command else {
            panic!("not export")
        };
        assert_eq!(args.source.paths.len(), 2);
        assert_eq!(args.source.index_name, "newsidx");
        assert_eq!(args.output.as_deref(), Some("out.ndjson".as_ref()));

        let cli = Cli::try_parse_from([
            "newsidx",
            "push",
            "http://h:9200",
            "--from-index",
            "idx",
            "--shards",
            "4",
            "--replicas",
            "0",
        ])
        .unwrap();
        let Command::Push(args) = cli.command else {
            panic!("not push")
        };
        assert_eq!(args.url, "http://h:9200");
        assert!(args.source.paths.is_empty());
        assert_eq!((args.shards, args.replicas), (4, 0));
        assert_eq!((args.bulk_docs, args.concurrency), (1000, 2));
        let cli = Cli::try_parse_from(["newsidx", "push", "http://h", "a", "--password", "pw1"]);
        assert!(
            !format!("{cli:?}").contains("pw1"),
            "the password in a dump"
        );

        for wrong in [
            vec!["newsidx", "export"],
            vec!["newsidx", "export", "a", "--from-index", "idx"],
            vec!["newsidx", "push", "http://h:9200"],
            vec!["newsidx", "push", "http://h:9200", "a", "--shards", "0"],
        ] {
            assert!(Cli::try_parse_from(&wrong).is_err(), "{wrong:?}");
        }
    }
}
