#!/usr/bin/env python3
"""A wider check of topics: 490 other news-articles stories, labelled for
topics and main subject by RULES.md rules 12 and 13, scored like the
judged sample (topic precision, first topic right by rule 14) and, more
strictly, by whether the first topic is exactly a main subject.

    python3 bench/judged/wide.py NEWSIDX [--index DIR] [--verbose]
    python3 bench/judged/wide.py --draw     # the ids, as drawn

The stories are the corpus's ids in file order, less those of
news-sample.json and fresh-first-topics.json, then
`random.Random(16).sample(ids, 490)`, in the order drawn
(`wide-sample.json` keeps that order). How they were labelled is in
README.md: not by hand story by story, as news-sample.json was, so this
measures topics only, and is for seeing whether a change generalises
beyond the 70 and the 30, not for tuning on.
"""

import argparse
import json
import random
import tempfile
from pathlib import Path

from draw import DEFAULT, ids
from score import CORPUS, HERE, areas, predictions, score_topics

SEED = 16
SIZE = 490


def draw(path=DEFAULT):
    """The 490 ids, in the order drawn."""
    taken = {s["id"] for s in json.loads((HERE / "news-sample.json").read_text())}
    taken |= {s["id"] for s in json.loads((HERE / "fresh-first-topics.json").read_text())}
    pool = [i for i in ids(path) if i not in taken]
    return random.Random(SEED).sample(pool, SIZE)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("newsidx", nargs="?")
    ap.add_argument("--index", type=Path, help="index directory to use and keep")
    ap.add_argument("--corpus", type=Path, default=CORPUS)
    ap.add_argument("--verbose", action="store_true", help="print each story's errors")
    ap.add_argument("--draw", action="store_true", help="print the ids drawn and stop")
    ap.add_argument(
        "--labels",
        type=Path,
        default=HERE / "wide-sample.json",
        help="labels to score against (default wide-sample.json; wide-judge-70.json "
        "holds the same labellers' labels of the 70 of news-sample.json)",
    )
    args = ap.parse_args()
    if args.draw:
        print("\n".join(draw(args.corpus / "news-articles.jsonl.gz")))
        return
    if not args.newsidx:
        ap.error("give the newsidx binary to score")
    labelled = json.loads(args.labels.read_text())
    parent = areas()
    with tempfile.TemporaryDirectory() as tmp:
        index = args.index or Path(tmp) / "index"
        hits = predictions(args.newsidx, index, args.corpus)
    right = wrong = first_right = exact = 0
    for story in labelled:
        _, topics, title = hits.get(story["id"], ([], [], "(not indexed)"))
        r, w, f, errors = score_topics(story, topics, parent)
        right += r
        wrong += w
        first_right += f
        first = topics[0].strip().lower() if topics else None
        exact += first in story["main"] if story["main"] else first is None
        if args.verbose and errors:
            print(f"== {story['id']} {title[:70]}")
            for e in errors:
                print(f"   {e}")
    n = len(labelled)
    print(f"labelled stories: {n}")
    print(f"topic precision: {right}/{right + wrong} = {right / max(right + wrong, 1):.3f}")
    print(f"first topic right: {first_right}/{n} = {first_right / n:.3f}")
    print(f"first topic a main subject exactly: {exact}/{n} = {exact / n:.3f}")


if __name__ == "__main__":
    main()
