#!/usr/bin/env python3
"""The people facet of issue 14, for a human to check, and its surname
coverage.

    python3 bench/people_report.py NEWSIDX [--corpora DIR] [-n 100] [--top 20]

Indexes news-articles and Reuters-21578 (from ../shared/corpora beside the
repository, or --corpora) into temporary directories with the binary
NEWSIDX, and for each prints:

1. `newsidx people -n 100`, each name flagged where a reader should look
   twice: a single word, a lower-case word, a word stuck on by a hyphen
   ("Coveney-and"), and other entries that may be the same person (one
   name's words among the other's, or one surname with given names
   written alike: Sergey/Sergei Lavrov). The flags are hints; deciding
   what is a non-person or a split person is left to the reader.
2. Surname coverage, the figure of issue 14: for each of the 20 most
   covered people, the stories whose title or body contains the person's
   surname (case-sensitive, as a whole word), and the share of those whose
   people list carries the person. "exact" counts the entry itself (what
   the facet and its filter speak of); "any" counts any entry whose
   surname is the same (so "Trump" or "Donald J. Trump" count for Donald
   Trump), which is how issue 14 measured 74% for Trump. A surname that is
   also a common word (its lower-case form is in at least half as many
   stories: May, News) is marked and left out of the second pooled figure.
   A story whose every mention of the surname is part of another person's
   name that the story's people list carries ("Rep. Tim Ryan", "Ryan
   Zinke", "Kim Jong-nam") is a namesake's: it is left out and counted in
   its own column, and the last line also gives the figure with those
   stories counted as misses, as the issue's wording has it.

The surname is the last word of the name (without Jr., Sr., II, III;
with the particles before it: Le Pen, de Gaulle; without an al-/el- joined
by a hyphen: "Bashar al-Assad" -> Assad), except for names
in family-name-first order: those whose first word is a common Chinese or
Korean family name and that have three parts, a hyphenated given name or
a given name of run-together pinyin syllables (Kim Jong Un -> Kim, Lee
Jae-yong -> Lee, Xi Jinping -> Xi), or that are listed in FAMILY_FIRST. The surname used is printed beside each person.
"""

import argparse
import gzip
import html
import json
import re
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CORPORA = REPO.parent / "shared/corpora"

# Family names that lead the name in Chinese and Korean usage.
EAST_ASIAN = {
    "Xi", "Li", "Wang", "Zhang", "Liu", "Chen", "Yang", "Zhao", "Huang",
    "Zhou", "Wu", "Sun", "Hu", "Wen", "Kim", "Park", "Lee", "Moon", "Choi",
    "Jiang", "Deng", "Mao",
}
# Names in family-name-first order the rule above does not catch.
FAMILY_FIRST = {"Xi Jinping", "Li Keqiang", "Wang Yi", "Hu Jintao", "Deng Xiaoping",
                "Mao Zedong", "Jiang Zemin", "Wen Jiabao", "Park Geun-hye"}
SUFFIXES = {"Jr", "Jr.", "Sr", "Sr.", "II", "III", "IV"}


def surname(name):
    """The word a story would use for the person alone."""
    words = [w for w in name.split() if w not in SUFFIXES]
    if not words:
        return name
    family_first = name in FAMILY_FIRST or (
        words[0] in EAST_ASIAN
        and len(words) >= 2
        and (len(words) >= 3 or "-" in words[-1] or pinyin(words[-1]))
    )
    if family_first:
        return words[0]
    # A particle before the last word belongs to the surname (Le Pen, de
    # Gaulle, von der Leyen); al- joined by a hyphen does not (Assad).
    i = len(words) - 1
    while i > 1 and words[i - 1].lower() in PARTICLES:
        i -= 1
    return re.sub(r"^(?:al|el|Al|El)-", "", " ".join(words[i:]))


def pinyin(word):
    """Whether a word reads as one romanised Chinese given name of two or
    three syllables run together (Jinping, Keqiang, Xiaoping)."""
    syllable = r"(?:[bcdfghjklmnpqrstwxyz]h?[aeiou]+(?:ng|n|r)?|[aeiou]+(?:ng|n|r)?)"
    return re.fullmatch(rf"{syllable}{{2,3}}", word.lower()) is not None and word[1:].islower()


def news_articles(corpora):
    """Each news-articles story's id and title and body."""
    texts = {}
    with gzip.open(corpora / "news-articles/news-articles.jsonl.gz", "rt", encoding="utf-8") as f:
        for line in f:
            a = json.loads(line)
            texts[a["id"]] = f"{a['title']}\n{a['body']}"
    return texts


def reuters(corpora):
    """Each Reuters story's id (NEWID) and title and body."""
    texts = {}
    for path in sorted((corpora / "reuters21578").glob("*.sgm.gz")):
        with gzip.open(path, "rt", encoding="latin-1") as f:
            data = f.read()
        for rec in re.finditer(r'<REUTERS[^>]*NEWID="(\d+)"[^>]*>(.*?)</REUTERS>', data, re.S):
            body = rec.group(2)
            parts = [
                m.group(1)
                for tag in ("TITLE", "BODY")
                for m in [re.search(rf"<{tag}>(.*?)</{tag}>", body, re.S)]
                if m
            ]
            if not parts:
                m = re.search(r"<TEXT[^>]*>(.*?)</TEXT>", body, re.S)
                parts = [re.sub(r"<[^>]+>", " ", m.group(1))] if m else []
            texts[rec.group(1)] = html.unescape("\n".join(parts))
    return texts


def run(cmd):
    r = subprocess.run(cmd, capture_output=True, text=True)
    if r.returncode not in (0, 1):
        sys.exit(f"{' '.join(map(str, cmd))} exited {r.returncode}\n{r.stderr}")
    return r.stdout


# Words that never belong to a name: a hyphen joining one to a name is the
# source's hyphen for a space ("Kenny-said", "spokesman-Stephane").
STUCK = {
    "a", "an", "and", "as", "at", "but", "by", "for", "had", "has", "have", "in",
    "is", "of", "on", "or", "said", "says", "the", "to", "told", "was", "who",
    "will", "with", "would", "spokesman", "spokeswoman", "minister", "president",
}
PARTICLES = {"al", "el", "bin", "ibn", "de", "del", "della", "der", "den", "van", "von",
             "da", "di", "dos", "das", "du", "la", "le"}


def given(name):
    """The name without its surname, hyphens and spaces removed, lower case."""
    words = name.split()
    s = surname(name).split()
    rest = [w for w in words if w not in s and w not in SUFFIXES]
    return "".join(rest).replace("-", "").replace(".", "").lower()


def edits(a, b):
    """Levenshtein distance."""
    row = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        prev, row[0] = row[0], i
        for j, y in enumerate(b, 1):
            prev, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, prev + (x != y))
    return row[-1]


def same_person(a, b):
    """Whether two facet names may well be one person: the words of one
    among the words of the other (Obama, Barack Obama; Donald Trump, Donald
    J. Trump), or one surname with given names written alike (Sergey and
    Sergei Lavrov, Kim Jong Un and Kim Jong-un)."""
    wa = set(a.replace("-", " ").replace(".", "").lower().split())
    wb = set(b.replace("-", " ").replace(".", "").lower().split())
    if wa <= wb or wb <= wa:
        return True
    if surname(a) != surname(b):
        return False
    ga, gb = given(a), given(b)
    return bool(ga and gb) and edits(ga, gb) <= 2 and min(len(ga), len(gb)) >= 4


def flags(name, names):
    """Hints for a reader: what may make a facet entry wrong."""
    out = []
    words = name.split()
    if len(words) == 1:
        out.append("one word")
    lower = [w for w in words if w[:1].islower() and w.split("-")[0] not in PARTICLES]
    if lower:
        out.append("lower-case word")
    if any(part.lower() in STUCK for w in words if "-" in w for part in w.split("-")):
        out.append("word stuck by a hyphen")
    others = [o for o in names if o != name and same_person(name, o)]
    if others:
        out.append("same person as " + ", ".join(others[:4]) + "?")
    return out


def only_namesakes(text, word, s, name, listed):
    """Whether every occurrence of the surname `s` (regex `word`) in
    `text` lies inside a written name of another person of `listed` that
    has `s` among its words."""
    spans = []
    for other in listed:
        words = re.split(r"[\s-]+", other)
        if other == name or len(words) < 2 or s not in words:
            continue
        written = r"[\s-]+".join(re.escape(w) for w in words)
        spans += [m.span() for m in re.finditer(rf"(?<![^\W_]){written}(?![^\W_])", text)]
    return bool(spans) and all(
        any(a <= m.start() and m.end() <= b for a, b in spans) for m in word.finditer(text)
    )


def report(binary, label, paths, texts, limit, top):
    with tempfile.TemporaryDirectory(prefix="newsidx-people-") as tmp:
        index = Path(tmp) / "index"
        r = subprocess.run(
            [binary, "index", "--quiet", *map(str, paths), "--index", str(index)],
            capture_output=True,
            text=True,
        )
        # Exit 3: some records skipped (one Reuters record has no text).
        if r.returncode not in (0, 3):
            sys.exit(f"indexing {label} failed (exit {r.returncode})\n{r.stderr}")
        facet = [
            json.loads(line)
            for line in run([binary, "people", "-n", str(limit), "--json", "--index", str(index)]).splitlines()
        ]
        dump = run([binary, "search", "*", "--all", "-n", "100000", "--json", "--index", str(index)])
    people = {}
    for line in dump.splitlines():
        h = json.loads(line)
        people[h["id"]] = h.get("people") or []

    print(f"\n### {label}: newsidx people -n {limit} ({len(people)} articles)\n")
    names = [p["name"] for p in facet]
    for rank, p in enumerate(facet, 1):
        f = flags(p["name"], names)
        print(f"{rank:4} {p['count']:6}  {p['name']}" + (f"   [{'; '.join(f)}]" if f else ""))

    print(f"\n### {label}: surname coverage of the {top} most covered people\n")
    print(f"{'person':28} {'surname':12} {'stories':>7} {'exact':>13} {'any':>13} {'lower':>6} {'namesakes':>9}")
    pooled = [0, 0, 0, 0]
    clear = [0, 0, 0, 0]
    for p in facet[:top]:
        name = p["name"]
        s = surname(name)
        # A whole word: not inside a longer word ("Xi'an" is not Xi, "Xi's"
        # is), but a hyphen is a boundary ("al-Assad" counts for Assad, and
        # so does the source defect "Trump-has" for Trump).
        edge = r"(?![^\W_])(?!'(?!s\b)[^\W_])"
        word = re.compile(rf"(?<![^\W_]){re.escape(s)}{edge}")
        lower = re.compile(rf"(?<![^\W_]){re.escape(s.lower())}{edge}")
        having = [i for i, t in texts.items() if word.search(t)]
        # Stories where the surname is only ever another person's, in a
        # name the story's people list carries ("Ryan Zinke", "Tim Ryan",
        # "Kim Jong-nam"): namesakes, not misses.
        namesake = {
            i for i in having
            if name not in people.get(i, []) and only_namesakes(texts[i], word, s, name, people.get(i, []))
        }
        having = [i for i in having if i not in namesake]
        exact = sum(1 for i in having if name in people.get(i, []))
        anyone = sum(1 for i in having if any(surname(q) == s for q in people.get(i, [])))
        n = len(having)
        # A surname that is also a common word ("May", "News", "Brown")
        # finds stories that are not about the person.
        common = sum(1 for t in texts.values() if lower.search(t))
        ambiguous = s.lower() != s and common * 2 >= n
        for total in (pooled, clear) if not ambiguous else (pooled,):
            total[0] += n
            total[1] += exact
            total[2] += anyone
            total[3] += len(namesake)

        def share(k):
            return f"{k:5} {k / n:6.1%}" if n else f"{k:5}     - "

        mark = " *" if ambiguous else ""
        print(
            f"{name[:28]:28} {s[:12]:12} {n:7} {share(exact):>13} {share(anyone):>13} {common:6}"
            f" {len(namesake):9}{mark}"
        )
    for label_, (n, exact, anyone, names) in (("pooled", pooled), ("pooled without *", clear)):
        if n:
            print(f"{label_:41} {n:7} {exact:5} {exact / n:6.1%} {anyone:5} {anyone / n:6.1%} {'':6} {names:9}")
    print(
        "\nstories: those with the surname, less its namesakes' stories; exact: the stories"
        "\ncarrying the entry itself; any: any entry with that surname; lower: stories with"
        "\nthe surname in lower case; namesakes: stories left out because the surname is"
        "\nonly ever part of another person's name there (Tim Ryan, Kim Jong-nam); * marks a"
        "\nsurname that is also a common word (lower >= half the stories), left out of the"
        "\nsecond pooled figure."
    )
    return clear


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("newsidx")
    ap.add_argument("--corpora", type=Path, default=CORPORA)
    ap.add_argument("-n", "--limit", type=int, default=100)
    ap.add_argument("--top", type=int, default=20)
    args = ap.parse_args()
    results = {}
    results["news-articles"] = report(
        args.newsidx, "news-articles", [args.corpora / "news-articles/news-articles.jsonl.gz"],
        news_articles(args.corpora), args.limit, args.top,
    )
    results["Reuters-21578"] = report(
        args.newsidx, "Reuters-21578", sorted((args.corpora / "reuters21578").glob("*.sgm.gz")),
        reuters(args.corpora), args.limit, args.top,
    )
    print()
    for label, (n, exact, anyone, names) in results.items():
        if n:
            print(
                f"{label}: surname coverage of the top {args.top} (without *): exact "
                f"{exact}/{n} = {exact / n:.3f}, any name with the surname {anyone}/{n} = "
                f"{anyone / n:.3f}; with the {names} namesakes' stories counted as misses, exact "
                f"{exact}/{n + names} = {exact / (n + names):.3f}"
            )


if __name__ == "__main__":
    main()
