#!/usr/bin/env python3
"""Measures what a learned chooser of the first topic would gain over the rules.

    python3 bench/judged/learned_first_topic.py NEWSIDX

An experiment kept for the next attempt, not what newsidx does. newsidx
orders an article's topics by keyword rules (src/extract/topics.rs). This
script fits a linear model that scores every taxonomy topic as the main
subject from the words of the title, lede and body and from the order the
rules give the topics, and chooses the topic of most expected worth by
rule 14 of RULES.md (naming the main subject exactly is worth
1 + ALPHA, its area 1, a topic under a main area 1/2). It may choose a
topic the rules did not find.

It learns from `train-labels.json`: 3,198 stories of news-articles (all
but the 70 of news-sample.json, the 30 fresh ones and the 490 of
wide-sample.json), each labelled with `topics` and `main` by rules 12 to
14 of RULES.md, by helper agents given only those rules, the taxonomy's
names and the stories' text (title, subtitle, URL, body), as the wide
sample was (README.md). It prints the 5-fold cross-validated first-topic
figures on those labels and the figures on wide-sample.json and on the
hand judgements of news-sample.json (both held out from training), beside
the rules' own. The model is a softmax over the topics, trained by Adam on
the full batch with an L2 penalty; its target is each story's main
subject (weight 1 + EXACT_WEIGHT) or another right first topic by rule 14
(weight 1). Needs numpy. MAX_WORDS, BODY_WORDS and PRUNE in the
environment change those settings.
"""

import argparse
import gzip
import json
import math
import os
import random
import re
import tempfile
from collections import Counter
from pathlib import Path

import numpy as np

from score import CORPUS, HERE, REPO, predictions

LABELS = HERE / "train-labels.json"

LEDE_WORDS = 50
# The body's words read: its first BODY_WORDS (fewer cost less time in an
# indexer; 150 lost 0.9 points of first right in cross-validation).
BODY_WORDS = int(os.environ.get("BODY_WORDS", "100000"))
EXACT_WEIGHT = 3.0
L2 = 3.0
EPOCHS = 150
LEARNING_RATE = 0.05
MIN_STORIES = 3
PRUNE = float(os.environ.get("PRUNE", "0.03"))
# The words kept: those whose weights weigh most, summed over places and
# topics, in a first fit on every word; the model is then fitted again on
# these alone. A small table is a fast one: in Rust, with 2,000 words,
# the model cost indexing 3-6% of its time, mostly in cache misses.
MAX_WORDS = int(os.environ.get("MAX_WORDS", "2000"))
# How much more naming the main subject exactly is worth than naming its
# area (the chooser takes the topic of most worth).
ALPHA = 0.5
RANK_FEATURES = 7

WORD = re.compile(r"[a-z][a-z'\-]*[a-z]|[a-z]")


def taxonomy():
    """Topic names (areas first, each followed by its topics) and parents."""
    spec = json.loads((REPO / "schema/topics.json").read_text())
    names, parent = [], {}
    for area in spec["topics"]:
        names.append(area["name"])
        parent[area["name"]] = None
        for child in area.get("children", []):
            names.append(child["name"])
            parent[child["name"]] = area["name"]
    return names, parent


NAMES, PARENT = taxonomy()
INDEX = {n: i for i, n in enumerate(NAMES)}


def area_of(t):
    while PARENT.get(t):
        t = PARENT[t]
    return t


def right(first, main, topics):
    """Rule 14 of RULES.md."""
    if not main:
        return first is None
    if first is None:
        return False
    if first in main:
        return True
    for m in main:
        if PARENT.get(m) and first == area_of(m):
            return True
        if PARENT.get(m) is None and PARENT.get(first) == m and first in topics:
            return True
    return False


def features(title, body):
    """The word features: title and lede words (1 when there), body words
    (ln(1 + n) / ln(2 + words / 50) for a word found n times in a body of
    `words` words); a word is ASCII letters with inner apostrophes and
    hyphens, in lower case."""
    t = WORD.findall(title.lower())
    b = WORD.findall(body.lower())[:BODY_WORDS]
    f = {}
    for w in set(t):
        f["t:" + w] = 1.0
    for w in set(b[:LEDE_WORDS]):
        f["l:" + w] = 1.0
    scale = math.log(2 + len(b) / 50)
    for w, n in Counter(b).items():
        f["b:" + w] = math.log1p(n) / scale
    return f


def rank_features(order):
    """Per topic: its place in the rules' order, and whether an area."""
    phi = np.zeros((len(NAMES), RANK_FEATURES), np.float32)
    for t, name in enumerate(NAMES):
        if name in order:
            phi[t, min(order.index(name), 3)] = 1
        else:
            phi[t, 4] = 1
        is_area = PARENT[name] is None
        phi[t, 5] = is_area
        phi[t, 6] = is_area and bool(order) and order[0] == name
    return phi


class Data:
    def __init__(self, binary, corpus):
        self.features, self.phi, self.order = {}, {}, {}
        with gzip.open(corpus / "news-articles.jsonl.gz", "rt", encoding="utf-8") as f:
            for line in f:
                a = json.loads(line)
                self.features[a["id"]] = features(a.get("title") or "", a.get("body") or "")
        with tempfile.TemporaryDirectory() as tmp:
            hits = predictions(binary, Path(tmp) / "index", corpus)
        for i, (_, topics, _) in hits.items():
            self.order[i] = [t for t in topics if t in INDEX]
            self.phi[i] = rank_features(self.order[i])


def vocabulary(data, stories):
    df = Counter()
    for s in stories:
        df.update(data.features[s["id"]].keys())
    return {k: j for j, k in enumerate(sorted(k for k, c in df.items() if c >= MIN_STORIES))}


def matrix(data, stories, vocab):
    x = np.zeros((len(stories), len(vocab)), np.float32)
    for r, s in enumerate(stories):
        for k, v in data.features[s["id"]].items():
            j = vocab.get(k)
            if j is not None:
                x[r, j] = v
    return x


def target(story):
    y = np.zeros(len(NAMES), np.float32)
    for t, name in enumerate(NAMES):
        if name in story["main"]:
            y[t] = 1 + EXACT_WEIGHT
        elif right(name, story["main"], story["topics"]):
            y[t] = 1
    return y


def train(data, stories):
    stories = [s for s in stories if s["main"] and s["id"] in data.phi]
    vocab = vocabulary(data, stories)
    model = fit(data, stories, vocab)
    if MAX_WORDS:
        w = model[0]
        weight = Counter()
        for key, j in vocab.items():
            weight[key[2:]] += float(np.abs(w[:, j]).sum())
        words = {k for k, _ in weight.most_common(MAX_WORDS)}
        kept = sorted(k for k in vocab if k[2:] in words)
        model = fit(data, stories, {k: j for j, k in enumerate(kept)})
    return model


def fit(data, stories, vocab):
    x = matrix(data, stories, vocab)
    y = np.array([target(s) for s in stories])
    phi = np.array([data.phi[s["id"]] for s in stories])
    n = len(stories)
    w = np.zeros((len(NAMES), len(vocab)), np.float32)
    u = np.zeros(RANK_FEATURES, np.float32)
    b = np.zeros(len(NAMES), np.float32)
    params = [w, u, b]
    m = [np.zeros_like(p) for p in params]
    v = [np.zeros_like(p) for p in params]
    for step in range(1, EPOCHS + 1):
        s = x @ w.T + phi @ u + b
        s -= s.max(1, keepdims=True)
        e = np.exp(s)
        p = e / e.sum(1, keepdims=True)
        q = p * y
        q /= q.sum(1, keepdims=True)
        g = (p - q) / n
        grads = [g.T @ x + L2 / n * w, np.einsum("nt,ntr->r", g, phi), g.sum(0)]
        for param, grad, mo, ve in zip(params, grads, m, v):
            mo *= 0.9
            mo += 0.1 * grad
            ve *= 0.999
            ve += 0.001 * grad * grad
            param -= LEARNING_RATE * (mo / (1 - 0.9**step)) / (
                np.sqrt(ve / (1 - 0.999**step)) + 1e-8
            )
    w = np.where(np.abs(w) >= PRUNE, np.round(w, 3), 0)
    return w, u, b, vocab


def first_topic(data, model, story_id):
    """The first topic newsidx gives with the model (None: no topic)."""
    w, u, b, vocab = model
    order = data.order.get(story_id, [])
    if not order:
        return None
    x = np.zeros(w.shape[1], np.float32)
    for k, val in data.features[story_id].items():
        j = vocab.get(k)
        if j is not None:
            x[j] = val
    s = w @ x + data.phi[story_id] @ u + b
    p = np.exp(s - s.max())
    p /= p.sum()
    worth = p * (1 + ALPHA)
    for t, name in enumerate(NAMES):
        up = PARENT[name]
        if up:
            worth[INDEX[up]] += p[t]
            worth[t] += 0.5 * p[INDEX[up]]
    return NAMES[int(np.argmax(worth))]


def figures(data, model, stories):
    """(right, exact) for the rules and for the model."""
    rules = [0, 0]
    with_model = [0, 0]
    for s in stories:
        order = data.order.get(s["id"], [])
        for first, tally in ((order[0] if order else None, rules), (first_topic(data, model, s["id"]), with_model)):
            tally[0] += right(first, s["main"], s["topics"])
            tally[1] += first in s["main"] if s["main"] else first is None
    return rules, with_model


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("newsidx", help="the newsidx binary")
    ap.add_argument("--corpus", type=Path, default=CORPUS)
    args = ap.parse_args()
    labels = json.loads(LABELS.read_text())
    data = Data(args.newsidx, args.corpus)
    stories = list(labels)
    random.Random(1).shuffle(stories)
    k = 5
    rules, learned = [0, 0], [0, 0]
    for fold in range(k):
        model = train(data, [s for j, s in enumerate(stories) if j % k != fold])
        r, m = figures(data, model, stories[fold::k])
        rules = [a + c for a, c in zip(rules, r)]
        learned = [a + c for a, c in zip(learned, m)]
    print(f"{'labels':<28} {'stories':>7}  first right (rules -> learned)  exactly main")
    row = "{:<28} {:>7}  {:>5} -> {:<5}                   {:>5} -> {}"
    print(row.format("train-labels.json, 5-fold", len(stories), rules[0], learned[0], rules[1], learned[1]))
    model = train(data, labels)
    for name in ("wide-sample.json", "news-sample.json"):
        held = json.loads((HERE / name).read_text())
        r, m = figures(data, model, held)
        print(row.format(name, len(held), r[0], m[0], r[1], m[1]))


if __name__ == "__main__":
    main()
