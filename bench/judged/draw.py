#!/usr/bin/env python3
"""Draws the judged sample of issue 14: 70 news-articles stories at random
with a fixed seed, reproducibly.

    python3 bench/judged/draw.py [CORPUS] > ids.txt

CORPUS is news-articles.jsonl.gz (default: ../shared/corpora beside the
repository). The ids are taken in the order they appear in the file, then
`random.Random(14).sample(ids, 70)`; the sample is printed one id a line in
the order drawn. The same file and Python 3 give the same ids every time
(random.Random's sample is stable across Python 3 versions for a given
seed and list).
"""

import gzip
import json
import random
import sys
from pathlib import Path

SEED = 14
SIZE = 70
REPO = Path(__file__).resolve().parents[2]
DEFAULT = REPO.parent / "shared/corpora/news-articles/news-articles.jsonl.gz"


def ids(path):
    with gzip.open(path, "rt", encoding="utf-8") as f:
        return [json.loads(line)["id"] for line in f if line.strip()]


def draw(path):
    return random.Random(SEED).sample(ids(path), SIZE)


def main():
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT
    for i in draw(path):
        print(i)


if __name__ == "__main__":
    main()
