#!/usr/bin/env python3
"""Checks schema/opensearch.json's analysers against newsidx's own, and
regenerates the template's stemmer overrides.

newsidx stems with frostem (a current Snowball English); OpenSearch 2.19's
`porter2` stemmer is Lucene 9's older Snowball English. They differ on a
few hundred common words (added -> add vs ad, international -> internat
vs intern, geologist -> geolog vs geologist...). The template's
`newsidx_stem_fixes` filter (stemmer_override) maps those words to
newsidx's stems; this script finds them.

    CARGO_TARGET_DIR=cluster/target/stemcheck cargo build --release \
        --manifest-path cluster/stemcheck/Cargo.toml
    url=$(cluster/start.sh)
    python3 cluster/stemcheck/stemcheck.py --url "$url" [--write] FILE...

FILEs (plain or .gz) give the words: a word list such as
/usr/share/dict/american-english-large (Debian's wamerican-large) and
news corpora. It reports, for the `news` and `names` analysers, how many
distinct words and how many word occurrences get different tokens from
newsidx and from the cluster; with --write it rewrites the override rules
in schema/opensearch.json (words that differ without overrides).
"""
import argparse
import collections
import gzip
import json
import os
import re
import subprocess
import sys
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
TEMPLATE = os.path.join(ROOT, "schema", "opensearch.json")
INDEX = "newsidx-stemcheck"
WORD = re.compile(r"[^\W_]+")


def request(url, method="GET", body=None):
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(url, data=data, method=method,
                                 headers={"content-type": "application/json"})
    try:
        with urllib.request.urlopen(req) as r:
            return json.load(r)
    except urllib.error.HTTPError as e:
        if method == "DELETE" and e.code == 404:
            return None
        sys.exit(f"stemcheck: {method} {url}: {e.code} {e.read().decode()[:500]}")


def words_of(paths):
    counts = collections.Counter()
    for path in paths:
        opener = gzip.open if path.endswith(".gz") else open
        with opener(path, "rb") as f:
            counts.update(WORD.findall(f.read().decode("utf-8", "replace")))
    return counts


def local_tokens(words, analyzer, binary):
    lines = "".join(json.dumps({"analyzer": analyzer, "text": w}) + "\n" for w in words)
    out = subprocess.run([binary], input=lines, capture_output=True, text=True, check=True)
    return [json.loads(line) for line in out.stdout.splitlines()]


def cluster_tokens(url, words, analyzer):
    """Tokens per word: words joined by newlines, tokens mapped back by offset."""
    out = [[] for _ in words]
    step = 5000
    for s in range(0, len(words), step):
        chunk = words[s:s + step]
        starts, p = [], 0
        for w in chunk:
            starts.append(p)
            p += len(w.encode("utf-16-le")) // 2 + 1  # Java offsets count UTF-16 units
        answer = request(f"{url}/{INDEX}/_analyze", "POST",
                         {"analyzer": analyzer, "text": "\n".join(chunk)})
        import bisect
        for t in answer["tokens"]:
            out[s + bisect.bisect_right(starts, t["start_offset"]) - 1].append(t["token"])
    return out


def compare(words, counts, local, remote):
    diffs = [(w, l, r) for w, l, r in zip(words, local, remote) if l != r]
    occurrences = sum(counts[w] * max(1, len(l)) for w, l in zip(words, local))
    differing = sum(counts[w] for w, _, _ in diffs)
    return diffs, occurrences, differing


def running_text(args):
    import difflib
    texts = []
    for path in args.files:
        opener = gzip.open if path.endswith(".gz") else open
        with opener(path, "rb") as f:
            for line in f:
                line = line.decode("utf-8", "replace").strip()
                if len(line) > 20:
                    texts.append(line[:20000])
                if len(texts) >= args.running:
                    break
        if len(texts) >= args.running:
            break
    for ours, theirs in (("news", "newsidx_news"), ("names", "newsidx_names")):
        local = local_tokens(texts, ours, args.binary)
        total = differing = 0
        shown = []
        for text, l in zip(texts, local):
            r = [t["token"] for t in request(f"{args.url}/{INDEX}/_analyze", "POST",
                                                {"analyzer": theirs, "text": text})["tokens"]]
            total += len(l)
            if r != l:
                for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=l, b=r, autojunk=False).get_opcodes():
                    if op != "equal":
                        differing += max(i2 - i1, j2 - j1)
                        if len(shown) < args.show:
                            shown.append((l[i1:i2], r[j1:j2]))
        print(f"{theirs} on {len(texts)} lines of running text: {differing} of {total} tokens differ")
        for l, r in shown:
            print(f"    newsidx {l}, cluster {r}")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--url", default="http://127.0.0.1:9201")
    ap.add_argument("--binary", default=os.path.join(ROOT, "cluster", "target", "stemcheck", "release", "stemcheck"))
    ap.add_argument("--write", action="store_true", help="rewrite the override rules in schema/opensearch.json")
    ap.add_argument("--show", type=int, default=15, help="differences to print per analyser")
    ap.add_argument("--running", type=int, default=0, metavar="N",
                    help="also compare the first N lines of the files as running text (tokenization, not only stems)")
    ap.add_argument("files", nargs="+")
    args = ap.parse_args()

    template = json.load(open(TEMPLATE))
    analysis = template["template"]["settings"]["analysis"]
    # The same analysers with no overrides, to find the words that need one.
    plain = dict(analysis["analyzer"]["newsidx_news"])
    plain["filter"] = [f for f in plain["filter"] if f != "newsidx_stem_fixes"]
    analysis_plain = json.loads(json.dumps(analysis))
    analysis_plain["analyzer"]["newsidx_news_plain"] = plain
    request(f"{args.url}/{INDEX}", "DELETE")
    request(f"{args.url}/{INDEX}", "PUT", {"settings": {"number_of_shards": 1, "number_of_replicas": 0,
                                                        "analysis": analysis_plain}})
    try:
        counts = words_of(args.files)
        words = list(counts)
        print(f"{len(words)} distinct words, {sum(counts.values())} occurrences", file=sys.stderr)
        rules = {}
        for ours, theirs in (("news", "newsidx_news"), ("names", "newsidx_names"), ("news", "newsidx_news_plain")):
            local = local_tokens(words, ours, args.binary)
            remote = cluster_tokens(args.url, words, theirs)
            diffs, occ, differing = compare(words, counts, local, remote)
            print(f"{theirs}: {len(diffs)} of {len(words)} distinct words differ from newsidx's {ours!r}; "
                  f"{differing} of {occ} occurrences ({100.0 * differing / max(occ, 1):.3f} %)")
            by_count = sorted(diffs, key=lambda d: -counts[d[0]])
            for w, l, r in by_count[:args.show]:
                print(f"    {counts[w]:>7}  {w!r}: newsidx {l}, cluster {r}")
            if theirs == "newsidx_news_plain":
                for w, l, r in diffs:
                    # Overridable: one token each side, the same token before
                    # stemming (ASCII, so folding is lower-casing).
                    if len(l) == 1 and len(r) == 1 and w.isascii():
                        rules.setdefault(w.lower(), l[0])
        if args.running:
            running_text(args)
        if args.write:
            by_stem = collections.defaultdict(list)
            for word, stem in sorted(rules.items()):
                by_stem[stem].append(word)
            lines = [f"{', '.join(ws)} => {stem}" for stem, ws in sorted(by_stem.items())]
            analysis["filter"]["newsidx_stem_fixes"]["rules"] = lines
            with open(TEMPLATE, "w") as f:
                json.dump(template, f, indent=2, ensure_ascii=False)
                f.write("\n")
            print(f"wrote {len(lines)} rules ({len(rules)} words) to {TEMPLATE}", file=sys.stderr)
    finally:
        request(f"{args.url}/{INDEX}", "DELETE")


if __name__ == "__main__":
    main()
