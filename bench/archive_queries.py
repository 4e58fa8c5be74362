"""2,000 two- and three-word queries drawn from the titles of an archive
made by make-archive (fixed seed), one per line on stdout. With
--wildcards, every tenth query ends in a prefix (`presid*`), as people
type them (issue 15).

    python3 bench/archive_queries.py ARCHIVE_DIR [--wildcards]
"""
import os
import random
import re
import sys

random.seed(42)
titles = []
for d, _, files in os.walk(sys.argv[1]):
    for f in files[:50]:
        if f.endswith(".txt"):
            titles.append(open(os.path.join(d, f), encoding="utf-8").readline())
stop = set("a an the of in on at to for and or but is are was were be by with from as it its".split())
out = []
while len(out) < 2000:
    words = [w for w in re.findall(r"[A-Za-z]+", random.choice(titles)) if w.lower() not in stop and len(w) > 2]
    k = random.choice([2, 3])
    if len(words) >= k:
        i = random.randrange(len(words) - k + 1)
        query = words[i:i + k]
        if "--wildcards" in sys.argv[2:] and len(out) % 10 == 0 and len(query[-1]) >= 6:
            query[-1] = query[-1][:-2] + "*"
        out.append(" ".join(query))
print("\n".join(out))
