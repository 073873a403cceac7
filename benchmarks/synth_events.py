"""Deterministic synthetic event and document records for benchmarks.

``synth_events(n, seed=0, n_actors=None)`` returns ``(events, documents)`` in
exactly the record shape documented in :mod:`events.model`:

* dates of mixed granularity -- days (~40 %), months, years, decades,
  quarters, seasons, year-less months (``XXXX-03``, no interval) and
  ``PRESENT_REF`` (no interval) -- some with a ``mod`` (APPROX, START, END,
  BEFORE, AFTER), over 1950-2025;
* actors with Zipf-like (skewed) frequencies: states, persons and
  organisations with a ``country``, groups without one; 1-4 actors an event
  with source/target/participant roles;
* every PLOVER type plus STATEMENT, all four statuses (mostly ``happened``);
* 1-3 mentions an event, each with a sentence, sentence offsets, trigger,
  timex and actor spans whose offsets agree with the sentence text.

The same ``(n, seed, n_actors)`` always gives the same records (only
``random.Random(seed)`` is used).  Texts are made up, not taken from any
corpus.

>>> ev, docs = synth_events(3, seed=1)
>>> len(ev), ev == synth_events(3, seed=1)[0]
(3, True)
>>> sorted(ev[0]) == sorted(["id", "label", "type", "status", "trigger", "confidence",
...     "date", "actors", "sources", "mentions", "merge_reasons"])
True
"""

from __future__ import annotations

import calendar
import hashlib
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from events.model import EVENT_TYPES, STATUSES  # noqa: E402

__all__ = ["synth_events"]

_STATES = [
    ("CHN", "China"), ("RUS", "Russia"), ("UKR", "Ukraine"), ("USA", "United States"),
    ("DEU", "Germany"), ("FRA", "France"), ("GBR", "United Kingdom"), ("IND", "India"),
    ("JPN", "Japan"), ("KOR", "South Korea"), ("PRK", "North Korea"), ("IRN", "Iran"),
    ("TUR", "Türkiye"), ("BRA", "Brazil"), ("ZAF", "South Africa"), ("POL", "Poland"),
    ("BLR", "Belarus"), ("KAZ", "Kazakhstan"), ("PAK", "Pakistan"), ("ISR", "Israel"),
    ("SAU", "Saudi Arabia"), ("EGY", "Egypt"), ("MEX", "México"), ("CAN", "Canada"),
    ("AUS", "Australia"), ("IDN", "Indonesia"), ("VNM", "Viet Nam"), ("PHL", "Philippines"),
    ("ITA", "Italy"), ("ESP", "Spain"), ("HUN", "Hungary"), ("SRB", "Serbia"),
]
_GIVEN = ["Li", "Anna", "Sergei", "Olena", "José", "Chen", "Mehmet", "Ingrid", "Kwame",
          "Aiko", "Pavel", "Zhou", "Fatima", "Lars", "Dmytro", "Wang", "Élodie", "Ravi"]
_FAMILY = ["Wei", "Petrova", "Lavrov", "Kovalenko", "García", "Yilmaz", "Berg", "Mensah",
           "Tanaka", "Novák", "Bo", "Haddad", "Jensen", "Shevchenko", "Yi", "Dubois", "Rao"]
_ORGS = ["Ministry of Foreign Affairs", "Defence Ministry", "Central Bank", "State Council",
         "National Guard", "Energy Company", "Parliament", "Security Council"]
_GROUPS = ["protesters", "separatists", "farmers' union", "opposition coalition",
           "student movement", "militia", "trade delegation", "rebels"]
_VERBS = {
    "AGREE": "signed", "CONSULT": "met", "SUPPORT": "backed", "CONCEDE": "conceded",
    "COOPERATE": "cooperated", "AID": "sent aid", "RETREAT": "withdrew", "REQUEST": "asked",
    "ACCUSE": "accused", "REJECT": "rejected", "THREATEN": "threatened",
    "PROTEST": "protested", "SANCTION": "sanctioned", "MOBILIZE": "mobilized",
    "COERCE": "detained", "ASSAULT": "attacked", "STATEMENT": "said",
}
_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"]


def _actors(rng: random.Random, n_actors: int) -> list[dict]:
    out: list[dict] = [
        {"id": code, "label": label, "kind": "state", "country": code}
        for code, label in _STATES[: max(1, min(len(_STATES), n_actors // 3))]
    ]
    states = list(out)
    i = 0
    while len(out) < n_actors:
        i += 1
        r = rng.random()
        st = rng.choice(states)
        if r < 0.55:
            name = f"{rng.choice(_GIVEN)} {rng.choice(_FAMILY)}"
            out.append({"id": f"{name.lower().replace(' ', '-')}-{i}", "label": name,
                        "kind": "person", "country": st["country"]})
        elif r < 0.8:
            out.append({"id": f"{st['id']}-org-{i}", "label": f"{st['label']} {rng.choice(_ORGS)}",
                        "kind": "organisation", "country": st["country"]})
        else:
            out.append({"id": f"group-{i}", "label": rng.choice(_GROUPS).title() + f" {i}",
                        "kind": "group", "country": None})
    return out


def _date(rng: random.Random) -> dict:
    y = rng.randint(1950, 2025)
    m = rng.randint(1, 12)
    d = rng.randint(1, calendar.monthrange(y, m)[1])
    last = calendar.monthrange(y, m)[1]
    r = rng.random()
    if r < 0.40:
        v, g, s, e, t = f"{y}-{m:02d}-{d:02d}", "day", f"{y}-{m:02d}-{d:02d}", f"{y}-{m:02d}-{d:02d}", f"{_MONTHS[m-1]} {d}, {y}"
    elif r < 0.65:
        v, g, s, e, t = f"{y}-{m:02d}", "month", f"{y}-{m:02d}-01", f"{y}-{m:02d}-{last:02d}", f"{_MONTHS[m-1]} {y}"
    elif r < 0.80:
        v, g, s, e, t = str(y), "year", f"{y}-01-01", f"{y}-12-31", f"in {y}"
    elif r < 0.85:
        dec = y // 10
        v, g, s, e, t = f"{dec}X", "decade", f"{dec}0-01-01", f"{dec}9-12-31", f"the {dec}0s"
    elif r < 0.88:
        q = (m - 1) // 3 + 1
        qe = q * 3
        v, g, t = f"{y}-Q{q}", "quarter", f"the {['first', 'second', 'third', 'fourth'][q-1]} quarter of {y}"
        s, e = f"{y}-{qe-2:02d}-01", f"{y}-{qe:02d}-{calendar.monthrange(y, qe)[1]:02d}"
    elif r < 0.90:
        v, g, s, e, t = f"{y}-SU", "season", f"{y}-06-01", f"{y}-08-31", f"summer {y}"
    elif r < 0.95:
        v, g, s, e, t = f"XXXX-{m:02d}", "month", None, None, _MONTHS[m - 1]
    else:
        v, g, s, e, t = "PRESENT_REF", "ref", None, None, "now"
    mod = None
    if s is not None and rng.random() < 0.1:
        mod = rng.choice(["APPROX", "START", "END", "BEFORE", "AFTER"])
        t = {"APPROX": "around ", "START": "early ", "END": "late ", "BEFORE": "before ",
             "AFTER": "after "}[mod] + t
    return {"value": v, "type": "DATE", "granularity": g, "start": s, "end": e, "mod": mod,
            "text": t}


def synth_events(n: int, seed: int = 0, n_actors: int | None = None) -> tuple[list[dict], list[dict]]:
    """Return ``n`` synthetic event records and the document records they cite."""
    if n < 0:
        raise ValueError(f"n must be >= 0, got {n}")
    rng = random.Random(seed)
    if n_actors is None:
        n_actors = max(12, min(5000, n // 20))
    actors = _actors(rng, max(2, n_actors))
    weights = [1.0 / (rank + 1) ** 1.1 for rank in range(len(actors))]
    cum = []
    acc = 0.0
    for w in weights:
        acc += w
        cum.append(acc)
    n_docs = max(5, n // 40)
    documents = []
    for k in range(n_docs):
        y, m = rng.randint(2000, 2025), rng.randint(1, 12)
        published = f"{y}-{m:02d}-{rng.randint(1, 28):02d}" if rng.random() < 0.8 else (
            f"{y}-{m:02d}" if rng.random() < 0.7 else None)
        did = f"{k:05d}_{hashlib.sha1(f'{seed}-{k}'.encode()).hexdigest()[:16]}"
        documents.append({
            "id": did, "file": did + ".txt", "title": f"Synthetic report {k} on {rng.choice(_STATES)[1]}",
            "author": f"{rng.choice(_GIVEN)} {rng.choice(_FAMILY)}" if rng.random() < 0.7 else None,
            "outlet": rng.choice(["Daily Synthetic", "The Test Herald", "Агентство Тест", "测试日报"]),
            "published": published, "published_estimated": published is None,
            "dct_inferred": False,
        })
    type_weights = [8, 10, 6, 2, 5, 3, 2, 4, 6, 4, 3, 4, 3, 2, 2, 3, 12]
    status_weights = [80, 12, 5, 3]
    events = []
    for i in range(n):
        etype = rng.choices(EVENT_TYPES, type_weights)[0]
        status = rng.choices(STATUSES, status_weights)[0]
        k = rng.choices((1, 2, 3, 4), (25, 50, 17, 8))[0]
        chosen: dict[str, dict] = {}
        while len(chosen) < k:
            a = actors[rng.choices(range(len(actors)), cum_weights=cum)[0]]
            chosen[a["id"]] = a
        acts = list(chosen.values())
        if len(acts) == 1 or etype in ("CONSULT", "COOPERATE", "AGREE"):
            roles = ["participant"] * len(acts)
        else:
            roles = ["source", "target"] + ["participant"] * (len(acts) - 2)
        date = _date(rng)
        verb = _VERBS[etype]
        label = f"{acts[0]['label']} {verb}" + (f" {acts[1]['label']}" if len(acts) > 1 else "")
        mentions = []
        for _ in range(rng.choices((1, 2, 3), (60, 30, 10))[0]):
            doc = documents[rng.randrange(n_docs)]
            lead = rng.choice(["", "Officials said ", "According to reports, ", "“Yes,” they said: "])
            sentence = f"{lead}{label} {date['text']}."
            off = rng.randint(0, 5000)
            t_at = sentence.find(verb)
            x_at = sentence.rfind(date["text"])
            spans = []
            for a in acts[:2]:
                at = sentence.find(a["label"])
                if at >= 0:
                    spans.append({"start": off + at, "end": off + at + len(a["label"]),
                                  "text": a["label"], "id": a["id"]})
            mentions.append({
                "doc_id": doc["id"], "sentence": sentence,
                "start": off, "end": off + len(sentence),
                "trigger": {"start": off + t_at, "end": off + t_at + len(verb), "text": verb},
                "timex": {"start": off + x_at, "end": off + x_at + len(date["text"]),
                          "text": date["text"], "value": date["value"]},
                "actors": spans,
            })
        ident = f"{seed}|{i}|{etype}|{date['value']}|{label}"
        events.append({
            "id": "event:" + hashlib.sha1(ident.encode()).hexdigest()[:12],
            "label": label, "type": etype, "status": status, "trigger": verb.split()[0],
            "confidence": round(rng.uniform(0.3, 1.0), 2),
            "date": date,
            "actors": [{"id": a["id"], "label": a["label"], "kind": a["kind"],
                        "country": a["country"], "role": r} for a, r in zip(acts, roles, strict=True)],
            "sources": sorted({m["doc_id"] for m in mentions}),
            "mentions": mentions,
            "merge_reasons": [f"same type {etype}, same date {date['value']}"] if len(mentions) > 1 else [],
        })
    return events, documents
