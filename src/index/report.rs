//! The problems an index run meets, counted for its summary and shown on
//! stderr as they come: the first few of each kind in full, then only a
//! count at the end.
//!
//! The lines share stderr with the progress bar, so each is printed with
//! the bar out of the way; a run with thousands of problems of one kind
//! prints (and redraws the bar) only a few times.

use std::collections::{BTreeMap, HashMap};

use indicatif::ProgressBar;

use crate::article::{Problem, Severity};
use crate::terminal;

/// Problems of one kind printed in full before they are only counted.
const SHOWN_PER_KIND: usize = 20;

/// Counts problems by severity and kind, and prints the first few.
#[derive(Debug, Default)]
pub struct Reporter {
    /// Skipped files or records, by kind.
    pub skipped: BTreeMap<&'static str, usize>,
    /// Warnings (article still indexed), by kind.
    pub warnings: BTreeMap<&'static str, usize>,
    shown: HashMap<&'static str, usize>,
}

impl Reporter {
    pub fn report(&mut self, p: &Problem, bar: &ProgressBar) {
        let counts = match p.severity {
            Severity::Skipped => &mut self.skipped,
            Severity::Warning => &mut self.warnings,
        };
        *counts.entry(p.kind).or_default() += 1;
        let shown = self.shown.entry(p.kind).or_default();
        if *shown < SHOWN_PER_KIND {
            *shown += 1;
            bar.suspend(|| eprintln!("newsidx: {}", terminal::visible(&p.to_string())));
        }
    }

    /// Prints how many of each kind were not shown.
    pub fn finish(&self) {
        for (kind, count) in self.skipped.iter().chain(&self.warnings) {
            let shown = self.shown.get(kind).copied().unwrap_or(0);
            if *count > shown {
                eprintln!("newsidx: ... and {} more: {kind}", count - shown);
            }
        }
    }
}
