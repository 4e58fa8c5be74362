#!/usr/bin/env python3
"""How far topics found in the words alone agree with the site's own section.

    python3 bench/topics_sections.py NEWSIDX [--corpus FILE] [--confusion]

Copies news-articles (../shared/corpora/news-articles/news-articles.jsonl.gz)
into a temporary directory with every `section` and `url` emptied (a URL's
folders are sections too), indexes the copy with the binary NEWSIDX, dumps
each article's topics (`NEWSIDX search '*' --all --json`) and compares
them with the section the site filed the
story under, mapped onto the taxonomy of schema/topics.json as newsidx
maps it ("Politics" is politics, "sport" sport; "news", "world", "2017"
name no topic and those stories do not count). A site's section is a
coarse label (a story under "politics" may be about an election), so the
figures compare areas:

- first area: the first topic's area is the section's area;
- section area found: the section's area is among the topics;
- none: stories given no topic.

--confusion also prints the commonest pairs of section area and first
area that disagree (often the story is rightly filed elsewhere: a doping
trial in the sport section is crime and justice).
"""

import argparse
import gzip
import json
import sys
import tempfile
from pathlib import Path

from topics_reuters import index_and_dump, key, taxonomy

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared/corpora/news-articles/news-articles.jsonl.gz"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("newsidx")
    ap.add_argument("--corpus", type=Path, default=CORPUS)
    ap.add_argument("--confusion", action="store_true", help="print the commonest disagreements")
    args = ap.parse_args()
    parent, labels, label_only = taxonomy()

    def area(t):
        while parent.get(t):
            t = parent[t]
        return t

    truth = {}
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        with gzip.open(args.corpus, "rt", encoding="utf-8") as f, open(
            tmp / "stories.jsonl", "w", encoding="utf-8"
        ) as out:
            for line in f:
                a = json.loads(line)
                t = labels.get(key(a.get("section") or ""))
                if t:
                    truth[a["id"]] = area(t)
                a["section"] = ""
                a["url"] = ""
                out.write(json.dumps(a) + "\n")
        out = index_and_dump(args.newsidx, tmp)
    n = first = found_area = none = 0
    conf = {}
    for line in out.splitlines():
        h = json.loads(line)
        want = truth.get(h["id"])
        if not want:
            continue
        n += 1
        found = [t for t in h.get("topics") or [] if t in parent]
        if not found:
            none += 1
            continue
        first += area(found[0]) == want
        if area(found[0]) != want:
            conf[(want, area(found[0]))] = conf.get((want, area(found[0])), 0) + 1
        found_area += want in {area(t) for t in found}
    if not n:
        sys.exit("no story has a section that names a topic")
    if args.confusion:
        for (w, g), c in sorted(conf.items(), key=lambda kv: -kv[1])[:25]:
            print(f"{c:4} section {w:26} first {g}")
    print(f"stories with a topic section: {n}")
    print(f"first area {first / n:.3f}; section area found {found_area / n:.3f}; none {none}")


if __name__ == "__main__":
    main()
