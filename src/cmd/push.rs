//! `newsidx push`: the documents of `export`, sent to a cluster; the
//! summary on stdout, as `index` prints its own.
//!
//! From files, a push is incremental: it sends only the files that are
//! new or changed since the cluster got them, and deletes from the cluster
//! the documents of files that are gone and those a changed file no longer
//! holds (`remote::state` says how it knows, and why the state lives in
//! the cluster). `--full` sends every file found.

use std::collections::{HashMap, HashSet};
use std::io::Write;

use anyhow::Result;

use crate::cli::{PushArgs, RemoteArgs};
use crate::cmd::export::{exit_of, source_of, summary_text};
use crate::exit::Exit;
use crate::index::manifest;
use crate::index::plan::{self, path_text};
use crate::ingest::walk::Found;
use crate::interrupt;
use crate::remote::client::{Client, Settings};
use crate::remote::document::doc_id;
use crate::remote::push::{self, Options, Tally};
use crate::remote::source::{self, Source, Summary};
use crate::remote::state::{self, Held};

/// What an incremental push found to do, by file.
#[derive(Debug, Default)]
struct Changes {
    sent: usize,
    new: usize,
    changed: usize,
    unchanged: usize,
    gone: usize,
    full: bool,
}

pub fn run(args: &PushArgs) -> Result<Exit> {
    let (source, source_options) = source_of(&args.source);
    let client = client_of(&args.url, &args.remote)?;
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
    let (summary, tally, changes) = match &source {
        Source::Files(paths) => {
            let (summary, tally, changes) = incremental(
                &client,
                paths,
                created,
                args.full,
                &source_options,
                &options,
            )?;
            (summary, tally, Some(changes))
        }
        Source::Index(_) => {
            let (summary, tally) = push::push(&client, &source, &source_options, &options)?;
            (summary, tally, None)
        }
    };
    let documents = push::count(&client, &options.index_name)?;

    let mut out = std::io::stdout().lock();
    write!(out, "{}", summary_text("", "read", &summary))?;
    if let Some(c) = &changes {
        let how = if c.full {
            "--full".to_owned()
        } else {
            format!("{} new, {} changed", c.new, c.changed)
        };
        writeln!(
            out,
            "files: {} sent ({how}), {} unchanged, {} gone; {} documents deleted",
            c.sent, c.unchanged, c.gone, tally.deleted
        )?;
    }
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

/// The client for a cluster at `url`, connecting as the flags say; warns
/// on stderr when the certificate is not to be checked.
pub(crate) fn client_of(url: &str, remote: &RemoteArgs) -> Result<Client> {
    let settings = Settings {
        user: remote.user.clone(),
        password: remote.password.as_ref().map(|p| p.0.clone()),
        ca_cert: remote.ca_cert.clone(),
        insecure: remote.insecure,
    };
    let client = Client::with(url, &settings)?;
    if remote.insecure && client.url().starts_with("https://") {
        eprintln!(
            "newsidx: warning: --insecure: the certificate of {} is not checked; \
             anyone on the way can read and change what is sent",
            client.url()
        );
    }
    Ok(client)
}

/// Sends the files under `paths` that the cluster does not hold as they
/// are (all of them with `full`), then deletes the documents of files
/// gone and those changed files no longer hold.
fn incremental(
    client: &Client,
    paths: &[std::path::PathBuf],
    created: bool,
    full: bool,
    source_options: &source::Options,
    options: &Options,
) -> Result<(Summary, Tally, Changes)> {
    let found = source::find(paths)?;
    let seen: HashMap<String, (u64, i64)> = found
        .files
        .iter()
        .map(|f| (path_text(&f.path), (f.size, f.mtime)))
        .collect();
    let mut held = if created {
        Held::default()
    } else {
        state::fetch(client, &options.index_name, &seen)?
    };
    let Found {
        roots,
        files,
        ignored,
        excluded,
        problems,
    } = found;
    let all = full.then(|| files.clone());
    let planned = plan::plan(
        std::mem::take(&mut held.files),
        HashSet::new(),
        Found {
            roots: roots.clone(),
            files,
            ignored,
            excluded,
            problems: problems.clone(),
        },
        false,
    );
    let mut changes = Changes {
        gone: planned.removed.len(),
        unchanged: planned.unchanged,
        full,
        ..Changes::default()
    };
    // The old documents of changed files: those the new reading does not
    // replace are deleted after it.
    let mut stale: HashSet<String> = HashSet::new();
    let mut send = Vec::new();
    for (info, known) in planned.todo {
        let Some(known) = known else {
            changes.new += 1;
            send.push(info);
            continue;
        };
        // Size or time differ: the content may not.
        let same = !known.hash.is_empty()
            && manifest::hash_file(&info.path).is_ok_and(|(hash, _)| hash == known.hash);
        if same {
            changes.unchanged += 1;
            continue;
        }
        changes.changed += 1;
        stale.extend(held.ids.remove(&known.path).unwrap_or_default());
        send.push(info);
    }
    if let Some(all) = all {
        // Every file again; the ids of the changed ones are in `stale`.
        send = all;
        changes.unchanged = 0;
    }
    changes.sent = send.len();
    let mut gone: Vec<String> = planned
        .removed
        .iter()
        .flat_map(|path| held.ids.remove(path).unwrap_or_default())
        .collect();
    let to_send = Found {
        roots,
        files: send,
        ignored,
        excluded,
        problems,
    };
    let (summary, mut tally) = push::send_all(client, options, |sink| {
        source::run_found(to_send, source_options, &mut |lines, bar| {
            if !stale.is_empty() {
                for line in &lines {
                    stale.remove(doc_id(&line.key).as_ref());
                }
            }
            sink(lines, bar)
        })
    })?;
    // Stopped part way, a changed file's articles not yet sent are not
    // stale: delete nothing (the next push sends those files again).
    if !summary.interrupted {
        gone.extend(stale);
        if !gone.is_empty() {
            let deleted = push::delete(client, gone, options)?;
            tally.deleted += deleted.deleted;
            tally.requests += deleted.requests;
            tally.retried += deleted.retried;
            for (kind, count) in deleted.refused {
                *tally.refused.entry(kind).or_default() += count;
            }
        }
    }
    Ok((summary, tally, changes))
}
