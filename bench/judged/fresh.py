#!/usr/bin/env python3
"""A second, smaller check of the first topic: 30 other news-articles
stories, for telling a method that generalises from one tuned to the
judged sample.

    python3 bench/judged/fresh.py NEWSIDX [--index DIR]

The stories are `random.Random(2026).sample(ids, 40)` of the corpus's ids
(in file order), less those of news-sample.json, the first 30. Each was
read (title, subtitle, body) and its acceptable first topics written down
before newsidx's output was looked at, by RULES.md rule 14: the main
subject, its area, or a child of a main area that applies
(`fresh-first-topics.json`, `first`). Only the first topic is judged here,
not people nor the full topic set. Prints each miss and the share right.

Measure with it; do not tune on it, or it stops telling anything.
"""

import argparse
import json
import tempfile
from pathlib import Path

from score import CORPUS, HERE, predictions


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("newsidx")
    ap.add_argument("--index", type=Path, help="index directory to use and keep")
    ap.add_argument("--corpus", type=Path, default=CORPUS)
    args = ap.parse_args()
    judged = json.loads((HERE / "fresh-first-topics.json").read_text())
    with tempfile.TemporaryDirectory() as tmp:
        index = args.index or Path(tmp) / "index"
        hits = predictions(args.newsidx, index, args.corpus)
    right = 0
    for story in judged:
        _, topics, title = hits.get(story["id"], ([], [], "(not indexed)"))
        first = topics[0] if topics else None
        if first in story["first"]:
            right += 1
        else:
            print(f"{story['id']:>5} {title[:60]!r}: first {first!r}, accepted {story['first']}")
    print(f"first topic right: {right}/{len(judged)} = {right / len(judged):.3f}")


if __name__ == "__main__":
    main()
