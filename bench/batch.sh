#!/usr/bin/env bash
# Batch query benchmark (issue 4): indexes the news-articles corpus and the
# 21,578 Reuters articles, then runs 2,000 two- and three-word queries drawn
# from news headlines through `newsidx batch`, with and without snippets,
# and prints queries/s (wall clock, process start and index open included)
# and p50/p99 latency per query (took_ms as batch reports it).
#
#   bash bench/batch.sh [QUERIES]        (default 2000)
#
# Needs python3 (query sampling and percentiles) and ../shared/corpora.
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-2000}
corpora=${NEWSIDX_CORPORA:-../shared/corpora}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# NEWSIDX_BIN measures another build (bench/compare.sh runs two side by side).
if [ -n "${NEWSIDX_BIN:-}" ]; then
    nb=$(realpath "$NEWSIDX_BIN")
else
    cargo build --release --quiet
    nb=target/release/newsidx
fi

echo "== index: news-articles + Reuters-21578"
"$nb" index --quiet --index "$work/idx" \
    "$corpora/news-articles/news-articles.jsonl.gz" \
    "$corpora"/reuters21578/reut2-*.sgm.gz 2>/dev/null | head -1 || true

python3 - "$corpora" "$n" > "$work/queries.txt" <<'PY'
import gzip, json, random, re, sys
corpora, n = sys.argv[1], int(sys.argv[2])
random.seed(42)
titles = [json.loads(l)["title"] for l in
          gzip.open(f"{corpora}/news-articles/news-articles.jsonl.gz", "rt")]
stop = set("a an the of in on at to for and or but is are was were be by "
           "with from as it its this that".split())
out = []
while len(out) < n:
    words = [w for w in re.findall(r"[A-Za-z]+", random.choice(titles))
             if w.lower() not in stop and len(w) > 2]
    k = random.choice([2, 3])
    if len(words) < k:
        continue
    i = random.randrange(len(words) - k + 1)
    out.append(" ".join(words[i:i + k]))
print("\n".join(out))
PY

run() {
    local label=$1; shift
    local start end
    start=$(date +%s.%N)
    "$nb" batch --index "$work/idx" "$@" "$work/queries.txt" > "$work/out.jsonl"
    end=$(date +%s.%N)
    python3 - "$work/out.jsonl" "$start" "$end" "$label" <<'PY'
import json, sys
path, start, end, label = sys.argv[1], float(sys.argv[2]), float(sys.argv[3]), sys.argv[4]
took = sorted(json.loads(l)["took_ms"] for l in open(path))
n = len(took)
print(f"{label:<14} {n} queries in {end - start:.3f} s: {n / (end - start):,.0f} queries/s, "
      f"p50 {took[n // 2]:.3f} ms, p99 {took[min(n - 1, int(n * 0.99))]:.3f} ms")
PY
}

echo "== batch, top 10, $(nproc) cores"
run "no snippets" --no-snippets
run "snippets"
