#!/usr/bin/env python3
"""Does `--remote` search a cluster as newsidx searches its own index?

Draws 50 queries from the headlines of news-articles (a fixed seed: two to
four words of a headline, in order), runs them with `newsidx batch` on the
local index and with `--remote URL` on the cluster, and reports the mean
top-10 overlap (shared hits / the larger top 10; target >= 0.8) and how
many totals agree. Then, for the first 10 queries, checks that `people`,
`topics` and `timeline` give the same counts both ways.

The cluster must hold the same articles as the index:

    newsidx push URL ../shared/corpora/news-articles
    newsidx --index IDX index ../shared/corpora/news-articles
    bench/remote_overlap.py URL --index IDX [--bin target/debug/newsidx]

Prints one line per check and a summary; exits 1 when the overlap is below
the target or a count check fails.
"""

import argparse
import gzip
import json
import random
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "../shared/corpora/news-articles/news-articles.jsonl.gz"
STOP = set(
    "a an and are as at be but by for from has have he her his in is it its of on or "
    "she that the their they this to was were will with after over into says say new "
    "who what how why not no more than about up out".split()
)


def draw(n, seed):
    titles = []
    with gzip.open(CORPUS, "rt", encoding="utf-8") as f:
        for line in f:
            title = json.loads(line).get("title") or ""
            words = [w for w in re.findall(r"[A-Za-z][A-Za-z0-9]+", title) if w.lower() not in STOP]
            if len(words) >= 2:
                titles.append(words)
    rng = random.Random(seed)
    queries = []
    while len(queries) < n:
        words = rng.choice(titles)
        k = rng.randint(2, min(4, len(words)))
        start = rng.randint(0, len(words) - k)
        q = " ".join(words[start : start + k])
        if q not in queries:
            queries.append(q)
    return queries


def run(cmd, stdin=None):
    out = subprocess.run(cmd, input=stdin, capture_output=True, text=True)
    if out.returncode not in (0, 1):
        sys.exit(f"{' '.join(cmd)} failed ({out.returncode}):\n{out.stderr}")
    return out.stdout


def batch(base, queries, flags=()):
    cmd = base + ["batch", "-n", "10", "--no-snippets", *flags]
    lines = run(cmd, "\n".join(queries) + "\n")
    return [json.loads(l) for l in lines.splitlines()]


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("url")
    p.add_argument("--index", required=True, help="the local index of the same articles")
    p.add_argument("--bin", default=str(ROOT / "target/debug/newsidx"))
    p.add_argument("--remote-index", default="newsidx")
    p.add_argument("--queries", type=int, default=50)
    p.add_argument("--seed", type=int, default=16)
    args = p.parse_args()
    local = [args.bin, "--index", args.index]
    remote = [args.bin, "--index", "/nonexistent"]
    flags = ["--remote", args.url, "--remote-index", args.remote_index]
    queries = draw(args.queries, args.seed)

    mine, theirs = batch(local, queries), batch(remote, queries, flags)
    overlaps, same_total = [], 0
    for q, a, b in zip(queries, mine, theirs):
        if "error" in a or "error" in b:
            sys.exit(f"query {q!r} failed: {a.get('error')} / {b.get('error')}")
        ka = [(h["id"], h["title"]) for h in a["hits"]]
        kb = [(h["id"], h["title"]) for h in b["hits"]]
        size = max(len(ka), len(kb))
        overlap = len(set(ka) & set(kb)) / size if size else 1.0
        overlaps.append(overlap)
        same_total += a["total"] == b["total"]
        print(f"{overlap:4.2f}  total {a['total']:>5} {b['total']:>5}  {q}")
    mean = sum(overlaps) / len(overlaps)
    print(f"mean top-10 overlap over {len(queries)} queries: {mean:.3f} (target 0.8)")
    full = [o for o, a in zip(overlaps, mine) if a["total"] >= 10]
    if full:
        print(f"  over the {len(full)} with 10 hits or more: {sum(full) / len(full):.3f}")
    print(f"totals equal: {same_total}/{len(queries)}")

    failed = 0
    checks = 0
    for q in queries[:10]:
        for cmd in (["people", q, "-n", "20"], ["topics", q, "-n", "20"], ["timeline", q, "--by", "week"]):
            checks += 1
            a, b = run(local + cmd + ["--json"]), run(remote + cmd + ["--json", *flags])
            ok = a == b
            failed += not ok
            print(f"{'same' if ok else 'DIFF'}  {cmd[0]:<8} {q}")
    print(f"people/topics/timeline counts equal: {checks - failed}/{checks}")
    sys.exit(0 if mean >= 0.8 and failed == 0 else 1)


if __name__ == "__main__":
    main()
