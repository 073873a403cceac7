"""Hand-written event and document records for the graph/query/export tests.

Two sets, both in the :mod:`events.model` record shape and written for these
tests (not taken from seeds/):

* :func:`realistic` -- 14 events, 11 actors (states, persons with a country,
  an organisation without one, a group), 4 documents; curly quotes and
  non-ASCII names; dates of every granularity, with and without intervals.
* :func:`hostile` -- labels and ids with markup, quotes, emoji, right-to-left
  text, C0 controls, a lone surrogate, U+FFFE and a 100 KB evidence sentence.

Also the brute-force oracles the query tests compare against.
"""

from __future__ import annotations

import datetime as dt

A = {  # id: (label, kind, country)
    "CHN": ("China", "state", "CHN"),
    "RUS": ("Russia", "state", "RUS"),
    "UKR": ("Ukraine", "state", "UKR"),
    "USA": ("United States", "state", "USA"),
    "xi-jinping": ("Xi Jinping", "person", "CHN"),
    "wang-yi": ("Wang Yi", "person", "CHN"),
    "putin": ("Vladimir Putin", "person", "RUS"),
    "zelenskyy": ("Volodymyr Zelenskyy", "person", "UKR"),
    "UN": ("United Nations", "organisation", None),
    "rosneft": ("Rosneft", "organisation", "RUS"),
    "kyiv-students": ("Kyiv students’ union", "group", "UKR"),
}

DOCS = [
    {"id": "d1_beijing", "file": "d1.txt", "title": "Beijing’s “peace plan” explained",
     "author": "Lǐ Míng", "outlet": "Harbour Review", "published": "2023-02-24",
     "published_estimated": False, "dct_inferred": False},
    {"id": "d2_moscow", "file": "d2.txt", "title": "Москва и Пекин: a partnership", "author": None,
     "outlet": "Steppe Weekly", "published": "2022-02", "published_estimated": True,
     "dct_inferred": False},
    {"id": "d3_kyiv", "file": "d3.txt", "title": "Kyiv after the winter", "author": "Олена Коваль",
     "outlet": "Dnipro Notes", "published": None, "published_estimated": True,
     "dct_inferred": True},
    {"id": "d4_history", "file": "d4.txt", "title": "Fifty years of summits", "author": "A. Writer",
     "outlet": "Archive Quarterly", "published": "2019", "published_estimated": False,
     "dct_inferred": False},
]


def _date(value, gran, start, end, text, mod=None):
    return {"value": value, "type": "DATE", "granularity": gran, "start": start, "end": end,
            "mod": mod, "text": text}


def _ev(eid, label, etype, status, date, actors, mentions, conf=0.7, trigger=""):
    acts = []
    for aid, role in actors:
        lab, kind, country = A[aid]
        acts.append({"id": aid, "label": lab, "kind": kind, "country": country, "role": role})
    ms = []
    for doc, sentence, start in mentions:
        ms.append({"doc_id": doc, "sentence": sentence, "start": start,
                   "end": start + len(sentence), "actors": []})
    return {"id": eid, "label": label, "type": etype, "status": status, "trigger": trigger,
            "confidence": conf, "date": date, "actors": acts,
            "sources": sorted({m[0] for m in mentions}), "mentions": ms, "merge_reasons": []}


def realistic() -> tuple[list[dict], list[dict]]:
    """(events, documents): 14 events of mixed granularity, written for the tests."""
    ev = [
        _ev("event:e01", "China and Russia sign a friendship treaty", "AGREE", "happened",
            _date("2001-07", "month", "2001-07-01", "2001-07-31", "July 2001"),
            [("CHN", "participant"), ("RUS", "participant")],
            [("d4_history", "In July 2001 China and Russia signed a “good-neighbourly” treaty.", 120)],
            conf=0.9, trigger="sign"),
        _ev("event:e02", "Xi Jinping meets Vladimir Putin in Moscow", "CONSULT", "happened",
            _date("2023-03-20", "day", "2023-03-20", "2023-03-20", "March 20, 2023"),
            [("xi-jinping", "participant"), ("putin", "participant")],
            [("d1_beijing", "Xi Jinping met Vladimir Putin in Moscow on March 20, 2023.", 10),
             ("d2_moscow", "On March 20, 2023, Xi met Putin — “dear friend”, he said.", 300)],
            trigger="meet"),
        _ev("event:e03", "Russia invades Ukraine", "ASSAULT", "happened",
            _date("2022-02-24", "day", "2022-02-24", "2022-02-24", "24 February 2022"),
            [("RUS", "source"), ("UKR", "target")],
            [("d3_kyiv", "Russia invaded Ukraine on 24 February 2022.", 0)], conf=0.95),
        _ev("event:e04", "Zelenskyy asks the UN for air defence", "REQUEST", "happened",
            _date("2022-Q4", "quarter", "2022-10-01", "2022-12-31", "late 2022", mod="END"),
            [("zelenskyy", "source"), ("UN", "target")],
            [("d3_kyiv", "Late in 2022 Zelenskyy asked the UN for ‘air defence’.", 80)]),
        _ev("event:e05", "Wang Yi proposes a ceasefire plan", "STATEMENT", "happened",
            _date("2023-02-24", "day", "2023-02-24", "2023-02-24", "Friday"),
            [("wang-yi", "source")],
            [("d1_beijing", "On Friday Wang Yi presented a twelve-point plan.", 400)]),
        _ev("event:e06", "United States sanctions Rosneft", "SANCTION", "happened",
            _date("2022-03", "month", "2022-03-01", "2022-03-31", "March 2022"),
            [("USA", "source"), ("rosneft", "target")],
            [("d2_moscow", "In March 2022 Washington sanctioned Rosneft.", 900)]),
        _ev("event:e07", "Soviet–Chinese border talks", "CONSULT", "happened",
            _date("197X", "decade", "1970-01-01", "1979-12-31", "the 1970s"),
            [("CHN", "participant"), ("RUS", "participant")],
            [("d4_history", "Throughout the 1970s Moscow and Beijing held border talks.", 15)]),
        _ev("event:e08", "Kyiv students protest", "PROTEST", "happened",
            _date("2014", "year", "2014-01-01", "2014-12-31", "in 2014"),
            [("kyiv-students", "source"), ("RUS", "target")],
            [("d3_kyiv", "In 2014 the students’ union protested in Kyiv.", 500)], conf=0.5),
        _ev("event:e09", "China may mediate between Russia and Ukraine", "CONSULT", "hypothetical",
            _date("PRESENT_REF", "ref", None, None, "now"),
            [("CHN", "source"), ("RUS", "target"), ("UKR", "target")],
            [("d1_beijing", "China could now mediate between Russia and Ukraine.", 700)], conf=0.4),
        _ev("event:e10", "Russia denies shelling Kharkiv", "ASSAULT", "denied",
            _date("XXXX-03", "month", None, None, "in March"),
            [("RUS", "source"), ("UKR", "target")],
            [("d3_kyiv", "Moscow denied that it shelled Kharkiv in March.", 1200)]),
        _ev("event:e11", "Ukraine plans a peace summit", "CONSULT", "planned",
            _date("2024-SU", "season", "2024-06-01", "2024-08-31", "summer 2024", mod="APPROX"),
            [("UKR", "source"), ("USA", "participant"), ("CHN", "participant")],
            [("d3_kyiv", "Kyiv plans a peace summit around summer 2024 with Washington.", 1500)]),
        _ev("event:e12", "Putin and Xi declare a “no limits” partnership", "AGREE", "happened",
            _date("2022-02-04", "day", "2022-02-04", "2022-02-04", "4 February 2022"),
            [("putin", "participant"), ("xi-jinping", "participant"), ("RUS", "participant"),
             ("CHN", "participant")],
            [("d2_moscow", "On 4 February 2022 Putin and Xi declared a “no limits” partnership.", 40)],
            conf=0.85),
        _ev("event:e13", "Rosneft supplies oil to China", "COOPERATE", "happened",
            _date("2023", "year", "2023-01-01", "2023-12-31", "in 2023", mod="START"),
            [("rosneft", "source"), ("CHN", "target")],
            [("d2_moscow", "Early in 2023 Rosneft raised supplies to China.", 1300),
             ("d1_beijing", "Rosneft’s deliveries to China rose in 2023.", 1900)]),
        _ev("event:e14", "United States aids Ukraine", "AID", "happened",
            _date("2022-08-24", "day", "2022-08-24", "2022-08-24", "Independence Day"),
            [("USA", "source"), ("UKR", "target")],
            [("d3_kyiv", "On Independence Day the United States announced new aid to Ukraine.", 2100)]),
    ]
    return ev, [dict(d) for d in DOCS]


#: Characters a hostile record carries that XML 1.0 forbids.
FORBIDDEN = "\x00\x01\x0b\ud800\ufffe"
LONG = "Ж" * 30_000 + " <&> “quoted” " + "x" * 70_000  # > 100 KB of UTF-8


def hostile() -> tuple[list[dict], list[dict]]:
    """(events, documents) whose strings try to break every writer."""
    nasty = '<script>alert("x")</script> & \'apos\' "dq" 🚀 مرحبا \u202egnp.exe'
    ev = [
        {"id": "event:h1", "label": nasty + " \x00\x01\x0b end", "type": "THREATEN",
         "status": "happened", "trigger": "threat\ud800", "confidence": 0.5,
         "date": {"value": "2020-01-02", "type": "DATE", "granularity": "day",
                  "start": "2020-01-02", "end": "2020-01-02", "mod": None,
                  "text": "2 Jan\x0c 2020"},
         "actors": [{"id": "evil<&>\"id", "label": "Évil & <Co>\ufffe", "kind": "group",
                     "country": None, "role": "source"},
                    {"id": "ISR", "label": "إسرائيل", "kind": "state", "country": "ISR",
                     "role": "target"}],
         "sources": ["doc<1>"],
         "mentions": [{"doc_id": "doc<1>", "sentence": LONG, "start": 0, "end": len(LONG),
                       "actors": []},
                      {"doc_id": "doc<1>", "sentence": "tab\there\r\nCRLF and \x1f unit sep",
                       "start": 0, "end": 10, "actors": []}]},
        {"label": "No id, no date, no actors \U0001f600", "type": "STATEMENT",
         "status": "hypothetical", "confidence": 1, "date": None, "actors": [],
         "sources": [], "mentions": []},
        {"id": "event:h3", "label": "=cmd|' /C calc'!A0", "type": "PROTEST", "status": "planned",
         "date": {"value": "1999", "granularity": "year", "start": "1999-01-01",
                  "end": "1999-12-31", "text": "1999"},
         "actors": [{"id": "evil<&>\"id", "label": "Evil alias\x00", "kind": "group",
                     "role": "participant"}],
         "sources": ["doc<1>", "missing-doc"], "mentions": []},
    ]
    docs = [{"id": "doc<1>", "file": "x.txt", "title": "Title with \x00 NUL & <tags>",
             "author": "\u202eRTL author", "outlet": None, "published": None,
             "published_estimated": True, "dct_inferred": False}]
    return ev, docs


def drop_forbidden(s: str) -> str:
    """Independent statement of the cleaning rule (not graph.clean)."""
    def ok(c):
        o = ord(c)
        if o < 0x20:
            return c in "\t\n\r"
        return not (0xD800 <= o <= 0xDFFF or o in (0xFFFE, 0xFFFF))
    return "".join(c for c in s if ok(c))


# ------------------------------------------------------------------ oracles


def day(s: str) -> dt.date:
    return dt.date.fromisoformat(s)


def bound(text: str, last: bool) -> dt.date:
    parts = [int(p) for p in text.split("-")]
    if len(parts) == 1:
        return dt.date(parts[0], 12, 31) if last else dt.date(parts[0], 1, 1)
    if len(parts) == 2:
        if not last:
            return dt.date(parts[0], parts[1], 1)
        nxt = dt.date(parts[0] + (parts[1] == 12), parts[1] % 12 + 1, 1)
        return nxt - dt.timedelta(days=1)
    return dt.date(*parts)


def oracle(events, *, actors=(), all_actors=False, types=(), statuses=(), date_from="",
           date_to="", sources=(), query="") -> set[str]:
    """Event ids a filter should keep, computed straight from the records."""
    out = set()
    for e in events:
        def involves(x, e=e):
            return any(a["id"] == x or a.get("country") == x for a in e["actors"])
        if actors:
            hits = [involves(x) for x in actors]
            if not (all(hits) if all_actors else any(hits)):
                continue
        if types and e["type"] not in types:
            continue
        if statuses and e["status"] not in statuses:
            continue
        if date_from or date_to:
            s, t = e["date"]["start"], e["date"]["end"]
            if not s:
                continue
            if date_from and day(t) < bound(date_from, False):
                continue
            if date_to and day(s) > bound(date_to, True):
                continue
        if sources and not set(sources) & set(e["sources"]):
            continue
        if query:
            hay = " ".join([e["label"], *(m["sentence"] for m in e["mentions"]),
                            *(a["label"] for a in e["actors"])]).casefold()
            if not all(w in hay for w in query.casefold().split()):
                continue
        out.add(e["id"])
    return out


def test_fixture_records_are_consistent():
    ev, docs = realistic()
    ids = [e["id"] for e in ev]
    assert len(ids) == len(set(ids)) == 14
    doc_ids = {d["id"] for d in docs}
    for e in ev:
        assert set(e["sources"]) <= doc_ids, e
        d = e["date"]
        assert (d["start"] is None) == (d["end"] is None), e
        if d["start"]:
            assert day(d["start"]) <= day(d["end"]), e
    kinds = {A[a["id"]][1] for e in ev for a in e["actors"]}
    assert kinds == {"state", "person", "organisation", "group"}


def test_oracle_bounds():
    assert bound("2024-02", True) == dt.date(2024, 2, 29)
    assert bound("2023-12", True) == dt.date(2023, 12, 31)
    assert bound("1975", True) == dt.date(1975, 12, 31)
