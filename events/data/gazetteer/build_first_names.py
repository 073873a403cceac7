"""Rebuild ``first_names.txt`` from the open treebanks beside the checkout.

The first word of every person name of two or more words, in GUM's entity layer (``Entity=``
person mentions, UD trees) and UNER English-EWT (``B-PER``/``I-PER``), written down when it
is no common word of the corpora (it never appears lower-case), no word of name_kinds.tsv
and no gazetteer name. Usage: ``python events/data/gazetteer/build_first_names.py
[../shared/treebanks]``. The list is data: events/names.py reads it, nothing downloads it.
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).parent
HEADER = """# first_names.txt - given names: a capitalised word that starts a person's name.
# Used by events/names.py: two or three capitalised words starting with one of these ("Peter
# Kuznick said") are a person the gazetteer does not know.
#
# FORMAT: one name a line; '#' starts a comment line.
# SOURCES: the first words of the person names of two or more words in GUM (entity layer;
# annotations CC BY 4.0, texts per genre) and UNER English-EWT (CC BY-SA 4.0), counted by
# build_first_names.py beside this file; kept when never written lower-case in those corpora,
# and neither a word of name_kinds.tsv, a gazetteer name (a demonym, a state) nor shaped like
# an adjective or a title ("-ian", "-ish", "-ese", "-al", "-or", "-ist", "-ment").
# KNOWN PROBLEMS: English-language corpora: many given names of other languages are missing;
# a given name that is also a family name or a word ("Will", "Grace") may start a non-person.
"""


def _gum(root: Path, firsts: Counter, lower: set[str]) -> None:
    for path in sorted((root / "gum").glob("*.conllu")):
        open_persons: list[list[str]] = []
        for line in path.read_text(encoding="utf-8").splitlines():
            cols = line.split("\t")
            if len(cols) != 10 or not cols[0].isdigit():
                continue
            word, misc = cols[1], cols[9]
            if word.islower():
                lower.add(word)
            ent = re.search(r"Entity=([^|]*)", misc)
            ents = ent.group(1) if ent else ""
            for _ in re.findall(r"\(\d+-person", ents):
                open_persons.append([])
            for p in open_persons:
                p.append(word)
            for _ in range(ents.count(")")):
                if open_persons:
                    done = open_persons.pop()
                    if len(done) >= 2 and done[0][:1].isupper() and done[1][:1].isupper():
                        firsts[done[0]] += 1


def _uner(root: Path, firsts: Counter, lower: set[str]) -> None:
    for path in sorted((root / "uner-english-ewt").glob("*.iob2")):
        name: list[str] = []
        for line in path.read_text(encoding="utf-8").splitlines() + [""]:
            cols = line.split("\t")
            tag = cols[2] if len(cols) > 2 else "O"
            if len(cols) > 2 and cols[1].islower():
                lower.add(cols[1])
            if tag == "I-PER" and name:
                name.append(cols[1])
                continue
            if len(name) >= 2 and name[0][:1].isupper() and name[1][:1].isupper():
                firsts[name[0]] += 1
            name = [cols[1]] if tag == "B-PER" else []


def main(argv: list[str]) -> int:
    root = Path(argv[1]) if len(argv) > 1 else HERE.parents[3] / ".." / "shared" / "treebanks"
    if not root.is_dir():
        print(f"no treebanks at {root}", file=sys.stderr)
        return 2
    firsts: Counter = Counter()
    lower: set[str] = set()
    _gum(root, firsts, lower)
    _uner(root, firsts, lower)
    sys.path.insert(0, str(HERE.parents[2]))
    from events.actors import get_gazetteer
    from events.names import load_name_kinds

    kinds = load_name_kinds()
    words = set().union(*kinds.values())
    gazetteer = get_gazetteer()
    keep = sorted(w for w in firsts
                  if re.fullmatch(r"[A-Z][a-z]{1,14}", w) and w.lower() not in lower
                  and w not in words and not gazetteer.find(w)
                  and not re.search(r"(?:ian|ish|ese|ic|al|or|ist|ess|ment)$", w))
    (HERE / "first_names.txt").write_text(HEADER + "\n".join(keep) + "\n", encoding="utf-8")
    print(f"{len(keep)} first names from {root}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
