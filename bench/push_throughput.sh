#!/usr/bin/env bash
# Push throughput (issue 16): news-articles sent to the 2-node test cluster
# by `newsidx push` and by a plain bulk upload of the same documents with
# curl, in the same run, into fresh indices, and the ratio of the two.
#
#   bash bench/push_throughput.sh [URL]
#
# Without URL it starts a cluster with cluster/start.sh in
# target/bench-cluster (ports NEWSIDX_CLUSTER_HTTP_PORT, default 9201) and
# stops it at the end. NEWSIDX_BIN measures another build (default: a
# release build, made here). Both sides send bulk requests of the same
# number of documents (BULK_DOCS, 1000), CONCURRENCY (2) at a time, into
# an index made from the same template (2 shards, 1 replica), and both
# are timed to a refreshed index. Three figures:
#
#   curl:            the NDJSON of `newsidx export` split into chunks of
#                    BULK_DOCS documents, sent by `xargs -P CONCURRENCY curl`
#   push from index: `newsidx push --from-index` (documents made from the
#                    local index: what push itself adds to sending)
#   push from files: `newsidx push FILES` (parsing and enrichment on the
#                    same cores as the cluster, while it indexes)
#
# ratio = curl's time / push's time (1.0: as fast as curl; target >= 0.9).
set -euo pipefail
cd "$(dirname "$0")/.."
shared=${NEWSIDX_SHARED:-../shared}
corpus=$shared/corpora/news-articles/news-articles.jsonl.gz
bulk_docs=${BULK_DOCS:-1000}
concurrency=${CONCURRENCY:-2}
work=$(mktemp -d)
state=""
cleanup() {
    rm -rf "$work"
    if [ -n "$state" ]; then cluster/stop.sh "$state" >&2 || true; fi
}
trap cleanup EXIT

if [ -n "${NEWSIDX_BIN:-}" ]; then
    nb=$(realpath "$NEWSIDX_BIN")
else
    cargo build --release --quiet
    nb=$PWD/target/release/newsidx
fi
if [ -n "${1:-}" ]; then
    url=${1%/}
else
    state=$PWD/target/bench-cluster
    url=$(cluster/start.sh "$state")
fi

now() { date +%s.%N; }
elapsed() { echo "$(now) - $1" | bc; }
fresh() { curl -sf -XDELETE "$url/$1" >/dev/null || true; }
count() {
    curl -sf -XPOST "$url/$1/_refresh" >/dev/null
    curl -sf "$url/$1/_count" | sed 's/.*"count":\([0-9]*\).*/\1/'
}

echo "newsidx: $nb; cluster: $url; $bulk_docs documents a request, $concurrency at once" >&2
"$nb" --index "$work/index" index --quiet "$corpus" >/dev/null
"$nb" export --quiet --index-name newsidx-bench-curl "$corpus" >"$work/bulk.ndjson"
docs=$(($(wc -l <"$work/bulk.ndjson") / 2))
mb=$(echo "scale=1; $(stat -c %s "$work/bulk.ndjson") / 1000000" | bc)
split -l $((bulk_docs * 2)) -a 4 "$work/bulk.ndjson" "$work/chunk-"
echo "$docs documents, $mb MB of NDJSON, $(ls "$work"/chunk-* | wc -l) chunks" >&2

# The template, as push puts it (push puts it again; the same body).
curl -sf -XPUT "$url/_index_template/newsidx" -H 'content-type: application/json' \
    --data-binary @schema/opensearch.json >/dev/null

run_curl() {
    fresh newsidx-bench-curl
    local start
    start=$(now)
    curl -sf -XPUT "$url/newsidx-bench-curl" >/dev/null
    curl -sf "$url/_cluster/health/newsidx-bench-curl?wait_for_status=yellow&timeout=60s" >/dev/null
    ls "$work"/chunk-* | xargs -P "$concurrency" -I{} sh -c \
        "curl -sf -XPOST '$url/_bulk' -H 'content-type: application/x-ndjson' \
            --data-binary @{} -o {}.answer"
    local n
    n=$(count newsidx-bench-curl)
    curl_secs=$(elapsed "$start")
    if grep -l '"errors":true' "$work"/chunk-*.answer >/dev/null; then
        echo "curl: some documents were refused" >&2
    fi
    rm -f "$work"/chunk-*.answer
    [ "$n" = "$docs" ] || echo "curl: count $n, expected $docs" >&2
}

run_push() { # NAME ARGS...
    local name=$1
    shift
    fresh "$name"
    local start
    start=$(now)
    "$nb" push --quiet "$url" --index-name "$name" --bulk-docs "$bulk_docs" \
        --concurrency "$concurrency" "$@" >"$work/push.out"
    push_secs=$(elapsed "$start")
    local n
    n=$(count "$name")
    [ "$n" = "$docs" ] || echo "push: count $n, expected $docs" >&2
}

# Interleaved, twice each, to spread the machine's load over all three.
declare -A best
for round in 1 2; do
    run_curl
    echo "round $round: curl $curl_secs s" >&2
    [ -z "${best[curl]:-}" ] || (($(echo "$curl_secs < ${best[curl]}" | bc))) && best[curl]=$curl_secs
    run_push newsidx-bench-push-index --from-index "$work/index"
    echo "round $round: push --from-index $push_secs s" >&2
    [ -z "${best[index]:-}" ] || (($(echo "$push_secs < ${best[index]}" | bc))) && best[index]=$push_secs
    run_push newsidx-bench-push-files "$corpus"
    echo "round $round: push from files $push_secs s" >&2
    [ -z "${best[files]:-}" ] || (($(echo "$push_secs < ${best[files]}" | bc))) && best[files]=$push_secs
done
for name in newsidx-bench-curl newsidx-bench-push-index newsidx-bench-push-files; do fresh "$name"; done

printf '%-18s %8s %12s %8s\n' "what (best of 2)" "seconds" "articles/s" "ratio"
for what in curl index files; do
    secs=${best[$what]}
    case $what in
        curl) label="curl" ;;
        index) label="push --from-index" ;;
        files) label="push from files" ;;
    esac
    printf '%-18s %8.1f %12.0f %8.2f\n' "$label" "$secs" "$(echo "$docs / $secs" | bc -l)" \
        "$(echo "${best[curl]} / $secs" | bc -l)"
done
