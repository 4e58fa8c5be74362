#!/usr/bin/env python3
"""Scores newsidx's people and topics against the judged sample of issue 14.

    python3 bench/judged/score.py NEWSIDX [--index DIR] [--verbose]

Indexes the whole news-articles corpus with the binary NEWSIDX (into a
temporary directory, or into DIR with --index, which is kept and brought
up to date on the next run), dumps what a user sees for each article with
`NEWSIDX search '*' --all -n 10000 --json`, and scores the stories of
bench/judged/news-sample.json by the rules in bench/judged/RULES.md:

- people precision, recall and F1 (strict, micro over all stories);
- the share of stories whose people are exactly right;
- topic precision (predicted topics in the judged set);
- first-topic accuracy.

--verbose prints each story's errors first. The figures are the last lines
of the output. tests/quality_judged.rs computes the same figures in Rust.

    python3 bench/judged/score.py --check

checks the judgement file alone (taxonomy names, areas of children, main
among topics) without running newsidx.
"""

import argparse
import json
import subprocess
import sys
import tempfile
import unicodedata
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
SAMPLE = HERE / "news-sample.json"
TAXONOMY = REPO / "schema/topics.json"
CORPUS = REPO.parent / "shared/corpora/news-articles"


def norm(name):
    """A name compared: accents removed (compatibility decomposition, marks
    dropped), lower case, curly apostrophes straight, full stops removed,
    white space collapsed."""
    s = unicodedata.normalize("NFKD", name)
    s = "".join(c for c in s if not unicodedata.category(c).startswith("M"))
    s = s.lower().replace("\u2019", "'").replace("\u2018", "'").replace(".", "")
    return " ".join(s.split())


def areas(path=TAXONOMY):
    """Each taxonomy topic mapped to its area (None for an area)."""
    parent = {}
    for area in json.loads(Path(path).read_text())["topics"]:
        parent[area["name"]] = None
        for child in area.get("children", []):
            parent[child["name"]] = area["name"]
    return parent


def check(sample, parent):
    """Problems of the judgement file, as lines."""
    problems = []
    seen = set()
    for s in sample:
        sid = s["id"]
        if sid in seen:
            problems.append(f"{sid}: judged twice")
        seen.add(sid)
        for t in s["topics"] + s["main"]:
            if t not in parent:
                problems.append(f"{sid}: {t!r} is not a taxonomy topic")
        for t in s["main"]:
            if t not in s["topics"]:
                problems.append(f"{sid}: main {t!r} is not among its topics")
        for t in s["topics"]:
            if parent.get(t) and parent[t] not in s["topics"]:
                problems.append(f"{sid}: {t!r} without its area {parent[t]!r}")
        if s["topics"] and not s["main"]:
            problems.append(f"{sid}: topics but no main")
        names = {}
        for p in s["people"]:
            for n in [p["name"]] + p.get("forms", []):
                if norm(n) in names and names[norm(n)] != p["name"]:
                    problems.append(f"{sid}: {n!r} names two people")
                names[norm(n)] = p["name"]
    return problems


def score_people(judged, predicted):
    """(tp, fp, fn, errors) for one story. Each prediction, in order, is
    right when it names a judged person not yet matched (by name or form),
    not counted when it is the first to name an optional person, and wrong
    otherwise. fn counts the judged people (not optional) left unmatched."""
    people = judged["people"]
    names = {}
    for i, p in enumerate(people):
        for n in [p["name"]] + p.get("forms", []):
            names.setdefault(norm(n), i)
    partial = {}
    for i, p in enumerate(people):
        for n in p.get("partial", []):
            partial.setdefault(norm(n), i)
    credits = {norm(c) for c in judged.get("credits", [])}
    matched = set()
    tp = fp = 0
    errors = []
    for name in predicted:
        k = norm(name)
        i = names.get(k)
        if i is not None and i not in matched:
            matched.add(i)
            if not people[i].get("optional"):
                tp += 1
            continue
        fp += 1
        if i is not None:
            why = f"second name for {people[i]['name']}"
        elif k in partial:
            why = f"short form of {people[partial[k]]['name']}"
        elif k in credits:
            why = "credit"
        else:
            why = "not a person of the story"
        errors.append(f"wrong {name!r} ({why})")
    missed = [
        p["name"]
        for i, p in enumerate(people)
        if i not in matched and not p.get("optional")
    ]
    errors += [f"missed {n!r}" for n in missed]
    return tp, fp, len(missed), errors


def score_topics(judged, predicted, parent):
    """(right, wrong, first_right, errors) for one story's topics."""
    judged_set = set(judged["topics"])
    right = wrong = 0
    seen = set()
    errors = []
    for t in predicted:
        k = t.strip().lower()
        if k in judged_set and k not in seen:
            right += 1
        else:
            wrong += 1
            why = "again" if k in seen else "not judged"
            errors.append(f"topic {t!r} ({why})")
        seen.add(k)
    main = judged["main"]
    if not predicted:
        first_right = not main
    else:
        first = predicted[0].strip().lower()
        first_right = (
            first in main
            or any(parent.get(m) == first for m in main)
            or (parent.get(first) in main and first in judged_set)
        )
    if not first_right:
        first = predicted[0] if predicted else None
        errors.append(f"first topic {first!r}, main {main}")
    return right, wrong, first_right, errors


def run(cmd):
    r = subprocess.run(cmd, capture_output=True, text=True)
    if r.returncode not in (0, 1):
        sys.exit(f"{' '.join(map(str, cmd))} exited {r.returncode}\n{r.stderr}")
    return r.stdout


def predictions(binary, index, corpus):
    """Each article's (people, topics, title) as newsidx shows them."""
    r = subprocess.run(
        [binary, "index", "--quiet", str(corpus), "--index", str(index)],
        capture_output=True,
        text=True,
    )
    if r.returncode != 0:
        sys.exit(f"indexing failed (exit {r.returncode})\n{r.stderr}")
    out = run([binary, "search", "*", "--all", "-n", "10000", "--json", "--index", str(index)])
    hits = {}
    for line in out.splitlines():
        h = json.loads(line)
        hits[h["id"]] = (h.get("people") or [], h.get("topics") or [], h.get("title") or "")
    return hits


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("newsidx", nargs="?", help="the newsidx binary")
    ap.add_argument("--index", type=Path, help="index directory to use and keep")
    ap.add_argument("--corpus", type=Path, default=CORPUS)
    ap.add_argument("--sample", type=Path, default=SAMPLE)
    ap.add_argument("--verbose", "-v", action="store_true")
    ap.add_argument("--check", action="store_true", help="check the judgements only")
    args = ap.parse_args()

    sample = json.loads(args.sample.read_text())
    parent = areas()
    problems = check(sample, parent)
    for p in problems:
        print(p)
    if args.check or problems:
        print(f"{len(sample)} stories judged, {len(problems)} problems")
        sys.exit(1 if problems else 0)
    if not args.newsidx:
        ap.error("the newsidx binary is needed (or --check)")

    if args.index:
        hits = predictions(args.newsidx, args.index, args.corpus)
    else:
        with tempfile.TemporaryDirectory(prefix="newsidx-judged-") as tmp:
            hits = predictions(args.newsidx, Path(tmp) / "index", args.corpus)

    tp = fp = fn = exact = 0
    t_right = t_wrong = first = 0
    for s in sample:
        people, topics, title = hits.get(s["id"], ([], [], None))
        a, b, c, p_err = score_people(s, people)
        tp, fp, fn = tp + a, fp + b, fn + c
        exact += b == 0 and c == 0
        r, w, f, t_err = score_topics(s, topics, parent)
        t_right, t_wrong, first = t_right + r, t_wrong + w, first + f
        if args.verbose and (p_err or t_err or title is None):
            print(f"== {s['id']} {title if title is not None else '(not in the index)'}")
            print(f"   people {people}")
            print(f"   topics {topics}")
            for e in p_err + t_err:
                print(f"   {e}")

    n = len(sample)
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    t_prec = t_right / (t_right + t_wrong) if t_right + t_wrong else 0.0
    print(f"judged stories: {n}")
    print(
        f"people precision {precision:.3f} recall {recall:.3f} F1 {f1:.3f} "
        f"(right {tp}, wrong {fp}, missed {fn})"
    )
    print(f"people sets exactly right: {exact}/{n} = {exact / n:.3f}")
    print(f"topic precision: {t_right}/{t_right + t_wrong} = {t_prec:.3f}")
    print(f"first topic right: {first}/{n} = {first / n:.3f}")


if __name__ == "__main__":
    main()
