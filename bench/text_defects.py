"""Text defects of a corpus before and after two builds' cleaning: a hyphen
where a space belongs ("Sergey-Lavrov", "Kenny-said", "report,-which") and
`"?` where a quote, apostrophe or dash was lost (`DeVos"?highly`).

    python3 bench/text_defects.py OLD_BINARY NEW_BINARY [PATH...] [--samples N]

PATH defaults to ../shared/corpora/news-articles/news-articles.jsonl.gz.
Both builds run `newsidx extract --json` on the same files. Printed: the
defects counted in each build's cleaned text and in the people it finds,
articles changed by source, hyphenated words changed in articles that a
simple detector (below) finds clean (should be 0), and samples of repairs.
The detector is deliberately independent of the repair's own rules: a
hyphen against one of a few closed-class words, a hyphen glued to a comma
or after a sentence's end, or `"?` glued to a word.
"""
import collections
import difflib
import json
import os
import random
import re
import subprocess
import sys

CLOSED = (
    "the|an|is|was|were|has|had|have|said|says|told|and|but|of|to|in|on|at|for|with|from|that"
    "|which|who|against|into|during|since|than|this|these|those|their|his|its|our|they|we"
)
HYPHEN_DEFECT = re.compile(
    rf"(?<![-\w.'])(?:(?:{CLOSED})(?:-[^\W_]+){{1,2}}|[^\W_]+(?:-[^\W_]+)?-(?:{CLOSED}))(?![-\w])"
    r'|[a-z0-9][,;:]-\w|[a-z]{2}[.!?]-(?:\s|$)|\b(?:Mr|Mrs|Ms|Dr)\.?-[A-Z]|[,.!?]"-\w',
    re.IGNORECASE,
)
QUOTE_DEFECT = re.compile(r'"\?(?=[^\W_]|")|(?<= )"\?(?= )')
CONTRACTION_DEFECT = re.compile(r'[a-z]n"t\b|\b(?:I|you|we|they|would|could|should)"(?:ve|re|ll|m|d)\b')
HYPHENATED = re.compile(r"[^\W_]+(?:-[^\W_]+)+")


def extract(binary, paths):
    out = subprocess.run(
        [binary, "extract", "--json", *paths], capture_output=True, text=True, check=False
    ).stdout
    articles = {}
    for line in out.splitlines():
        a = json.loads(line)
        articles[(a["path"], a["id"])] = a
    return articles


def count(articles):
    c = collections.Counter()
    for a in articles.values():
        text = a["title"] + "\n" + a["body"]
        c["hyphen for a space"] += len(HYPHEN_DEFECT.findall(text))
        c['"? glued to a word (lost quote)'] += len(QUOTE_DEFECT.findall(text))
        c['"? anywhere'] += text.count('"?')
        c['" in a contraction (don"t)'] += len(CONTRACTION_DEFECT.findall(text))
        c["hyphenated words"] += len(HYPHENATED.findall(text))
        for p in a["people"]:
            c["people (entries)"] += 1
            if "-" in p and HYPHEN_DEFECT.search(p):
                c["people with a hyphen for a space"] += 1
    return c


def word_diffs(a, b):
    aw, bw = a.split(" "), b.split(" ")
    sm = difflib.SequenceMatcher(None, aw, bw, autojunk=False)
    for op, i1, i2, j1, j2 in sm.get_opcodes():
        if op != "equal":
            yield " ".join(aw[max(0, i1 - 3) : i2 + 3]), " ".join(bw[max(0, j1 - 3) : j2 + 3])


def main():
    args = sys.argv[1:]
    samples = 20
    if "--samples" in args:
        i = args.index("--samples")
        samples = int(args[i + 1])
        del args[i : i + 2]
    if len(args) < 2:
        sys.exit(__doc__)
    old_bin, new_bin, paths = args[0], args[1], args[2:]
    if not paths:
        shared = os.environ.get("NEWSIDX_SHARED", "../shared")
        paths = [f"{shared}/corpora/news-articles/news-articles.jsonl.gz"]
    old, new = extract(old_bin, paths), extract(new_bin, paths)
    co, cn = count(old), count(new)
    print(f"{'':40} {'old':>8} {'new':>8}")
    for k in sorted(co.keys() | cn.keys()):
        print(f"{k:40} {co[k]:>8} {cn[k]:>8}")

    changed = collections.Counter()
    total = collections.Counter()
    clean_changed = 0
    diffs = []
    for key, a in old.items():
        b = new[key]
        source = a.get("source") or os.path.basename(a["path"])
        total[source] += 1
        if (a["title"], a["body"]) == (b["title"], b["body"]):
            continue
        changed[source] += 1
        raw = a["title"] + "\n" + a["body"]
        has_defect = HYPHEN_DEFECT.search(raw) or QUOTE_DEFECT.search(raw) or CONTRACTION_DEFECT.search(raw)
        for f in ("title", "body"):
            for x, y in word_diffs(a[f], b[f]):
                diffs.append((source, x, y))
                if not has_defect:
                    gone = collections.Counter(HYPHENATED.findall(x)) - collections.Counter(HYPHENATED.findall(y))
                    clean_changed += sum(gone.values())
    print("\narticles changed, by source:")
    for s in sorted(total, key=lambda s: -total[s]):
        print(f"  {s:40} {changed[s]:>5} of {total[s]}")
    print(f"hyphenated words changed in articles the detector finds clean: {clean_changed}")
    random.seed(1)
    print(f"\n{samples} random repairs:")
    for s, x, y in random.sample(diffs, min(samples, len(diffs))):
        print(f"  [{s}] {x}\n     -> {y}")


if __name__ == "__main__":
    main()
