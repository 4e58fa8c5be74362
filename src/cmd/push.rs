//! `newsidx push`: the documents of `export`, sent to a cluster; the
//! summary on stdout, as `index` prints its own.

use std::io::Write;

use anyhow::Result;

use crate::cli::PushArgs;
use crate::cmd::export::{exit_of, source_of, summary_text};
use crate::exit::Exit;
use crate::interrupt;
use crate::remote::client::Client;
use crate::remote::push::{self, Options};

pub fn run(args: &PushArgs) -> Result<Exit> {
    let (source, source_options) = source_of(&args.source);
    let password = args.password.as_ref().map(|p| p.0.as_str());
    let client = Client::new(&args.url, args.user.as_deref(), password)?;
    source.check()?;
    let product = push::connect(&client)?;
    let options = Options {
        index_name: args.source.index_name.clone(),
        shards: args.shards,
        replicas: args.replicas,
        bulk_docs: args.bulk_docs as usize,
        bulk_bytes: args.bulk_mb as usize * 1_000_000,
        concurrency: usize::from(args.concurrency),
        retries: args.retries,
    };
    let created = push::ensure_index(&client, &options)?;
    interrupt::catch_ctrl_c();
    let (summary, tally) = push::push(&client, &source, &source_options, &options)?;
    let documents = push::count(&client, &options.index_name)?;

    let mut out = std::io::stdout().lock();
    write!(out, "{}", summary_text("", "read", &summary))?;
    let secs = summary.seconds.max(1e-6);
    writeln!(
        out,
        "pushed {} articles to {} ({product}) in {} bulk requests: {:.0} articles/s; \
         {} created, {} updated, {} refused; {} tries again",
        tally.created + tally.updated,
        client.url(),
        tally.requests,
        (tally.created + tally.updated) as f64 / secs,
        tally.created,
        tally.updated,
        tally.refused_total(),
        tally.retried
    )?;
    if tally.refused_total() > 0 {
        writeln!(out, "refused by the cluster:")?;
        for (kind, count) in &tally.refused {
            writeln!(out, "  {count:>6}  {kind}")?;
        }
    }
    writeln!(
        out,
        "index {}{}: {documents} documents",
        options.index_name,
        if created { " (created)" } else { "" }
    )?;
    Ok(exit_of(&summary, tally.refused_total()))
}
