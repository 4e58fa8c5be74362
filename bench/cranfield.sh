#!/usr/bin/env bash
# Ranking quality on Cranfield (issue 4): index the 1,400 abstracts, run the
# 225 queries through `newsidx batch --plain --any --format trec` (top 100), and
# score the run with `newsidx eval` (MAP, nDCG@10, P@10, recall@100, as
# trec_eval computes them). Lucene 9.9 BM25 scores nDCG@10 0.3659, MAP
# 0.2981 on these files.
#
#   bash bench/cranfield.sh
set -euo pipefail
cd "$(dirname "$0")/.."
corpora=${NEWSIDX_CORPORA:-../shared/corpora}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cargo build --release --quiet
nb=target/release/newsidx
"$nb" index --quiet --index "$work/idx" "$corpora/cranfield/docs.jsonl.gz" \
    > /dev/null 2>&1 || true
# Query ids are the line positions 1..225, as the judgments use them.
cut -f2 "$corpora/cranfield/queries.tsv" |
    "$nb" batch --index "$work/idx" --plain --any --format trec -n 100 > "$work/run.trec"
"$nb" eval --qrels "$corpora/cranfield/qrels.txt" "$work/run.trec"
