#!/usr/bin/env python3
"""How far topics found in the words alone agree with Reuters' own labels.

    python3 bench/topics_reuters.py NEWSIDX [--corpus DIR]

Copies Reuters-21578 (../shared/corpora/reuters21578) into a temporary
directory with every TOPICS list emptied, indexes the copy with the binary
NEWSIDX, dumps each article's topics (`NEWSIDX search '*' --all --json`)
and compares them with the labels of the original, mapped onto the
taxonomy of schema/topics.json (`earn` is earnings, `acq` mergers and
acquisitions; a code the taxonomy keeps as a label-only topic, such as
`coffee`, stands for its nearest taxonomy topic, commodities). Only
articles with at least one label count. The labels of an article are
closed upwards (trade brings economy). Figures:

- first in labels: the first topic is a label or the area of one;
- first area: the first topic's area is the area of a label;
- label recall: labels (mapped) among the topics found;
- precision: topics found among the labels closed upwards (Reuters labels
  only some subjects, so this is a floor, not the precision);
- none: labelled articles given no topic.
"""

import argparse
import gzip
import json
import re
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared/corpora/reuters21578"
TAXONOMY = REPO / "schema/topics.json"


def key(label):
    """A label as the taxonomy looks it up (see `label_key` in topics.rs)."""
    k = "".join(c if c.isalnum() else (" and " if c == "&" else " ") for c in label.lower())
    words = k.split()
    if len(words) > 1:
        words = [w for w in words if w != "news"]
    return " ".join(words)


def taxonomy(path=TAXONOMY):
    """(parent of each topic, label -> topic, label-only topics)."""
    parent, labels, label_only = {}, {}, set()

    def add(t, up):
        parent[t["name"]] = up
        labels[key(t["name"])] = t["name"]
        for a in t.get("aliases", []):
            labels[key(a)] = t["name"]
        for code, codes in t.get("codes", {}).items():
            parent[code] = t["name"]
            label_only.add(code)
            labels[key(code)] = code
            for c in codes:
                labels[key(c)] = code
        for child in t.get("children", []):
            add(child, t["name"])

    for t in json.loads(Path(path).read_text())["topics"]:
        add(t, None)
    return parent, labels, label_only


def index_and_dump(newsidx, folder):
    """Indexes `folder` into `folder/index` with the binary `newsidx` and
    returns every article as `search --json` prints it, one per line. A
    run that skipped a file (exit 3) still counts."""
    index = Path(folder) / "index"
    r = subprocess.run(
        [newsidx, "index", "--quiet", str(folder), "--index", str(index)],
        capture_output=True,
        text=True,
    )
    if r.returncode not in (0, 3):
        sys.exit(f"indexing failed (exit {r.returncode})\n{r.stderr}")
    return subprocess.run(
        [newsidx, "search", "*", "--all", "-n", "100000", "--json", "--index", str(index)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("newsidx")
    ap.add_argument("--corpus", type=Path, default=CORPUS)
    args = ap.parse_args()
    parent, labels, label_only = taxonomy()

    def up(t):
        while t in label_only:
            t = parent[t]
        return t

    def chain(t):
        out = []
        while t:
            out.append(t)
            t = parent[t]
        return out

    truth = {}
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        for f in sorted(args.corpus.glob("reut2-*.sgm.gz")):
            text = gzip.open(f, "rt", encoding="latin-1").read()
            for m in re.finditer(r'NEWID="(\d+)">.*?<TOPICS>(.*?)</TOPICS>', text, re.S):
                truth[m.group(1)] = re.findall(r"<D>(.*?)</D>", m.group(2))
            text = re.sub(r"<TOPICS>.*?</TOPICS>", "<TOPICS></TOPICS>", text, flags=re.S)
            with gzip.open(tmp / f.name, "wt", encoding="latin-1") as out:
                out.write(text)
        # Reuters has a record with neither title nor body: skipped, and
        # said so in the exit status; only a failure to index stops here.
        out = index_and_dump(args.newsidx, tmp)
    n = first = first_area = rec_n = rec_hit = right = wrong = none = 0
    for line in out.splitlines():
        h = json.loads(line)
        lab = [labels.get(key(x)) for x in truth.get(h["id"], [])]
        lab = [up(x) for x in lab if x]
        if not lab:
            continue
        n += 1
        closure = {c for x in lab for c in chain(x)}
        areas = {chain(x)[-1] for x in lab}
        found = [t for t in h.get("topics") or [] if t in parent]
        if not found:
            none += 1
        else:
            first += found[0] in closure
            first_area += chain(found[0])[-1] in areas
        for x in set(lab):
            rec_n += 1
            rec_hit += x in found
        for t in found:
            right += t in closure
            wrong += t not in closure
    if not n:
        sys.exit("no labelled articles")
    print(f"labelled articles: {n}")
    print(f"first in labels {first / n:.3f}; first area {first_area / n:.3f}")
    print(f"label recall {rec_hit / rec_n:.3f}; precision {right / (right + wrong):.3f}; none {none}")


if __name__ == "__main__":
    main()
