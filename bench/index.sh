#!/usr/bin/env bash
# Archive-scale benchmark (issue 6): makes an archive with
# ../shared/tools/make-archive (default 200,000 articles), indexes it from
# scratch with newsidx (release build) and with plain tantivy (the 0.27
# Python binding: no cleaning, no extraction) in the same run, then runs
# 2,000 two- and three-word queries with snippets on the newsidx index.
#
#   bash bench/index.sh [--articles N]
#
# Needs python3 and `pip install tantivy==0.27.0` for the
# peer (kept out of .ci/run). Prints articles/s and MB/s, peak resident
# and private memory (bench/peak_memory.py), index size, the ratio to plain tantivy, queries/s, p50/p99
# latency, and the time to open the index and answer one query from a
# cold process.
set -euo pipefail
cd "$(dirname "$0")/.."
articles=200000
if [ "${1:-}" = "--articles" ]; then articles=$2; fi
shared=${NEWSIDX_SHARED:-../shared}
work=${NEWSIDX_BENCH_DIR:-$(mktemp -d)}
trap 'rm -rf "$work"' EXIT

# NEWSIDX_BIN measures another build (bench/compare.sh runs two side by side).
if [ -n "${NEWSIDX_BIN:-}" ]; then
    nb=$(realpath "$NEWSIDX_BIN")
else
    cargo build --release --quiet
    nb=$PWD/target/release/newsidx
fi

echo "== archive: $articles articles"
python3 "$shared/tools/make-archive" --articles "$articles" --out "$work/archive" \
    --near-duplicates 0.05
input_bytes=$(find "$work/archive" -name '*.txt' -printf '%s\n' | awk '{s+=$1} END {print s}')

echo "== newsidx index (cleaning, people, topics, near-duplicates)"
start=$(date +%s.%N)
python3 bench/peak_memory.py "$nb" index --quiet --index "$work/idx" "$work/archive" \
    > "$work/newsidx.out" 2> "$work/newsidx.err" || true
end=$(date +%s.%N)
newsidx_secs=$(python3 -c "print($end - $start)")
head -2 "$work/newsidx.out"
grep '^peak memory' "$work/newsidx.err" || cat "$work/newsidx.err"
idx_bytes=$(du -sb "$work/idx" | cut -f1)
python3 -c "
a, i, b = $articles, $idx_bytes, $input_bytes
print(f'index size: {i / 1e6:.1f} MB, {i / a:.0f} bytes per article, {100 * i / b:.0f}% of the {b / 1e6:.0f} MB input')"

echo "== plain tantivy (Python binding 0.27), best of 1 and 2 threads"
best=""
for threads in 1 2; do
    rm -rf "$work/peer"
    line=$(python3 bench/plain_tantivy.py "$work/archive" "$work/peer" "$threads" 512)
    echo "  threads $threads: $line (articles, seconds, articles/s)"
    secs=$(echo "$line" | cut -d' ' -f2)
    best=$(python3 -c "print(min(float(x) for x in '$best $secs'.split()))")
done
python3 -c "
n, s, p, b = $articles, $newsidx_secs, $best, $input_bytes
print(f'newsidx {n / s:,.0f} articles/s, {b / s / 1e6:.1f} MB/s; plain tantivy {n / p:,.0f} articles/s; ratio {p / s:.2f}x')"

# All words (the default), any word, and all words with a wildcard in
# every tenth query.
for mix in all any wildcards; do
echo "== search ($mix): 2,000 queries with snippets, top 10"
flags=() wildcards=()
if [ "$mix" = any ]; then flags=(--any); fi
if [ "$mix" = wildcards ]; then wildcards=(--wildcards); fi
python3 bench/archive_queries.py "$work/archive" "${wildcards[@]}" > "$work/queries.txt"
start=$(date +%s.%N)
"$nb" batch --index "$work/idx" "${flags[@]}" "$work/queries.txt" > "$work/answers.jsonl"
end=$(date +%s.%N)
python3 - "$work/answers.jsonl" "$start" "$end" <<'PY'
import json, sys
took = sorted(json.loads(l)["took_ms"] for l in open(sys.argv[1]) if "took_ms" in l)
n, secs = len(took), float(sys.argv[3]) - float(sys.argv[2])
print(f"{n} queries in {secs:.2f} s: {n / secs:,.0f} queries/s; "
      f"p50 {took[n // 2]:.2f} ms, p99 {took[min(n - 1, int(n * 0.99))]:.2f} ms")
PY
done

echo "== cold process: open the index and answer one query (median of 20)"
python3 - "$nb" "$work/idx" <<'PY'
import subprocess, sys, time
times = []
for _ in range(20):
    t = time.perf_counter()
    subprocess.run([sys.argv[1], "search", "--index", sys.argv[2], "oil prices", "-n", "10"],
                   stdout=subprocess.DEVNULL, check=False)
    times.append((time.perf_counter() - t) * 1000)
times.sort()
print(f"median {times[10]:.1f} ms, max {times[-1]:.1f} ms")
PY
