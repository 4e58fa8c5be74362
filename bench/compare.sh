#!/usr/bin/env bash
# Two builds side by side, alternating, in one run (the machine is noisy:
# compare the ratio, not the absolute figures): indexing an archive made
# by ../shared/tools/make-archive, then 2,000 batch queries (with
# snippets) drawn from its titles, each build on its own index.
#
#   bash bench/compare.sh OLD_BINARY NEW_BINARY [--articles N] [--rounds R]
#
# Prints per round: seconds to index, articles/s, and batch queries/s with
# p50/p99 latency; then the medians and NEW/OLD ratios.
set -euo pipefail
cd "$(dirname "$0")/.."
old=$(realpath "$1"); new=$(realpath "$2"); shift 2
articles=50000; rounds=3
while [ $# -gt 0 ]; do
    case $1 in
        --articles) articles=$2; shift 2 ;;
        --rounds) rounds=$2; shift 2 ;;
        *) echo "unknown option $1" >&2; exit 2 ;;
    esac
done
shared=${NEWSIDX_SHARED:-../shared}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

python3 "$shared/tools/make-archive" --articles "$articles" --out "$work/archive" \
    --near-duplicates 0.05 >/dev/null
python3 bench/archive_queries.py "$work/archive" > "$work/queries.txt"

one() { # label binary round
    local label=$1 bin=$2 round=$3 idx="$work/idx-$1"
    rm -rf "$idx"
    local s e b
    s=$(date +%s.%N)
    "$bin" index --quiet --index "$idx" "$work/archive" >/dev/null 2>&1 || true
    e=$(date +%s.%N)
    "$bin" batch --index "$idx" "$work/queries.txt" > "$work/answers-$label.jsonl" 2>/dev/null
    b=$(date +%s.%N)
    python3 - "$label" "$round" "$s" "$e" "$b" "$articles" "$work/answers-$label.jsonl" <<'PY' | tee -a "$work/rows"
import json, sys
label, rnd, s, e, b, n, path = sys.argv[1], sys.argv[2], *map(float, sys.argv[3:6]), int(sys.argv[6]), sys.argv[7]
took = sorted(json.loads(l)["took_ms"] for l in open(path))
q = len(took)
print(f"{label} round {rnd}: index {e - s:.2f} s ({n / (e - s):,.0f} art/s); "
      f"batch {q / (b - e):,.0f} q/s, p50 {took[q // 2]:.2f} ms, p99 {took[min(q - 1, int(q * .99))]:.2f} ms")
PY
}

for r in $(seq "$rounds"); do
    if [ $((r % 2)) = 1 ]; then one old "$old" "$r"; one new "$new" "$r"; else one new "$new" "$r"; one old "$old" "$r"; fi
done
python3 - "$work/rows" <<'PY'
import re, statistics, sys
rows = {"old": [], "new": []}
for line in open(sys.argv[1]):
    label = line.split()[0]
    nums = [float(x.replace(",", "")) for x in re.findall(r"(?<![\w.,])\d[\d,]*(?:\.\d+)?", line.split(":", 1)[1])]
    rows[label].append(nums)
med = {k: [statistics.median(c) for c in zip(*v)] for k, v in rows.items()}
names = ["index s", "art/s", "batch q/s", "p50 ms", "p99 ms"]
for i, name in enumerate(names):
    o, n = med["old"][i], med["new"][i]
    print(f"median {name:<10} old {o:>10,.2f}  new {n:>10,.2f}  new/old {n / o:.3f}")
PY
