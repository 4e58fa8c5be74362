#!/usr/bin/env python3
"""Prints the stories of the judged sample (title, source, section, body)
for a person judging them by hand.

    python3 bench/judged/show.py [ID ...]

Without ids it prints all the drawn ids in the order drawn.
"""

import gzip
import json
import sys
import textwrap

from draw import DEFAULT, draw


def main():
    wanted = sys.argv[1:] or draw(DEFAULT)
    stories = {}
    with gzip.open(DEFAULT, "rt", encoding="utf-8") as f:
        for line in f:
            a = json.loads(line)
            stories[a["id"]] = a
    for n, i in enumerate(wanted, 1):
        a = stories[i]
        print(f"=== #{n} id {i} | {a['source']} | section {a['section']!r} | {a['date']}")
        print(f"TITLE: {a['title']}")
        if a.get("subtitle"):
            print(f"SUBTITLE: {a['subtitle']}")
        print(f"URL: {a['url']}")
        print(textwrap.fill(a["body"], 120, break_on_hyphens=False))
        print()


if __name__ == "__main__":
    main()
