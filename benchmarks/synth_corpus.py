"""Deterministic synthetic news corpus for benchmarks and tests.

``write_corpus(dir, n_docs, seed=0)`` writes ``n_docs`` news-like articles as
UTF-8 ``.txt`` files plus a ``manifest.json`` in the format of ``seeds/``
(``about`` + ``documents`` with id, file, title, author, outlet, genre,
published, published_hint, published_estimated).  ``generate_text(n_bytes,
seed)`` returns one long text of about that many bytes for throughput runs.

What the texts contain, so that every stage of the extractor has work to do:

* actors in every surface form the gazetteers know: states ("China", "the
  United States"), capitals as metonyms ("Beijing"), demonyms ("Russian"),
  leaders with titles ("Foreign Minister Wang Yi"), organisations ("NATO",
  "the United Nations");
* event sentences of most PLOVER types (AGREE, CONSULT, ACCUSE, REJECT,
  THREATEN, SANCTION, AID, ASSAULT, PROTEST, REQUEST, SUPPORT, MOBILIZE,
  COOPERATE, RETREAT) plus statements, planned events ("will visit ... next
  week"), denials ("denied that ...") and hypotheticals ("If ... were to");
* date expressions of many kinds: days ("on March 3, 2019", "on 12 June
  2021", "2020-05-14"), months, seasons, years, decades, relative ("last
  month", "on Wednesday", "two years ago"), durations ("for three years");
* traps that look like dates and are not: percentages ("2.5 percent"),
  counts ("some 2,000 troops", "1,990 delegates"), resolution numbers,
  clock times, distances;
* noise paragraphs without events;
* in the default ``profile="news"``, background sentences (context, analysis,
  figures, quotes) around the events, so that a KB of text holds about as many
  dated events and time expressions as real reporting does (measured: seeds 1.0
  events and 1.7 time expressions per KB, TimeBank 0.5 and 3.7, AQUAINT 0.9 and
  3.2); ``profile="dense"`` leaves them out (about 8 of each per KB), a stress
  test for the event rules.

Every document draws from its own ``random.Random(f"{seed}:{index}")``, so a
corpus of 10 documents is the first 10 of a corpus of 1000 with the same seed,
and the same seed always gives byte-identical files.  The dates are plausible,
not true: this is synthetic text, not a source of facts.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import random
from pathlib import Path

# --- vocabulary ------------------------------------------------------------
# (name as subject, possessive-safe short form, capital, demonym)
STATES = [
    ("China", "Beijing", "Chinese"), ("Russia", "Moscow", "Russian"),
    ("Ukraine", "Kyiv", "Ukrainian"), ("the United States", "Washington", "American"),
    ("France", "Paris", "French"), ("Germany", "Berlin", "German"),
    ("India", "New Delhi", "Indian"), ("Brazil", "Brasília", "Brazilian"),
    ("Turkey", "Ankara", "Turkish"), ("Iran", "Tehran", "Iranian"),
    ("Japan", "Tokyo", "Japanese"), ("South Africa", "Pretoria", "South African"),
    ("Poland", "Warsaw", "Polish"), ("Saudi Arabia", "Riyadh", "Saudi"),
]
LEADERS = [
    "President Xi Jinping", "Russian President Vladimir Putin", "Foreign Minister Wang Yi",
    "Ukrainian President Volodymyr Zelensky", "Chancellor Olaf Scholz",
    "Prime Minister Narendra Modi", "President Emmanuel Macron",
    "Foreign Minister Sergei Lavrov", "Secretary of State Antony Blinken",
    "President Recep Tayyip Erdoğan", "President Luiz Inácio Lula da Silva",
]
ORGS = [
    "the United Nations", "NATO", "the European Union", "the African Union", "ASEAN",
    "the International Monetary Fund", "the World Bank", "the G20",
    "the Shanghai Cooperation Organisation", "the UN Security Council",
]
OUTLETS = ["Global Wire", "The Daily Ledger", "Eastern Review", "Policy Weekly",
           "Capital Observer", "The Evening Dispatch"]
AUTHORS = ["Ana Moreau", "Li Wen", "Peter Novak", "Sara Haddad", "Tomás Ruiz",
           "Yuki Tanaka", "Olena Kovalenko", None]
GENRES = ["news", "news", "news", "analysis", "opinion", "interview"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
NUMBER_WORDS = ["two", "three", "four", "five", "six", "ten"]
TOPICS = ["energy", "trade", "grain exports", "security", "climate finance",
          "nuclear safety", "shipping lanes", "debt relief", "a ceasefire", "prisoner exchanges"]
OFFENCES = ["violating the ceasefire", "supplying weapons to the rebels",
            "interfering in its elections", "shelling civilian areas",
            "spreading disinformation", "breaking the grain deal"]
DEMANDS = ["withdraw its troops", "return to the negotiating table", "release the detainees",
           "open a humanitarian corridor", "halt the offensive", "lift the blockade"]

# templates: {a}/{b} actors, {d} a past date phrase, {f} a future phrase, {t} topic ...
EVENT_TEMPLATES = [
    "{A} signed an agreement with {b} on {t} {d}.",
    "{A} and {b} agreed to expand cooperation on {t} {d}.",
    "{A} met {b} in {city} {d} to discuss {t}.",
    "{A} held talks with {b} {d}, officials said.",
    "{A} will visit {b} {f}, the foreign ministry announced.",
    "{A} is expected to host {b} for a summit {f}.",
    "{A} accused {b} of {offence} {d}.",
    "{A} rejected {b}'s proposal on {t} {d}.",
    "{A} denied that it had {offence_past}.",
    "{A} threatened to impose sanctions on {b} if talks on {t} fail.",
    "{A} imposed new sanctions on {b} {d}.",
    "{A} sent humanitarian aid to {b} {d}.",
    "{A} launched missile strikes on {b} {d}, killing at least {n_small} people.",
    "Thousands of people protested in {city} against {b} {d}.",
    "{A} called on {b} to {demand} {d}.",
    "{A} praised {b} for its role in the talks on {t} {d}.",
    "{A} deployed troops near the border with {b} {d}.",
    "{A} withdrew its ambassador from {b} {d}.",
    "{A} and {b} held joint naval exercises {d}.",
    "If {a} were to {demand}, {b} could reconsider its position.",
    "{A} said {d} that it was ready to mediate between {b} and {c}.",
    "{A} told reporters {d} that the dispute over {t} had been resolved.",
]
NOISE_TEMPLATES = [
    "Analysts say the outlook for {t} remains uncertain, with growth forecast at {pct} percent.",
    "The region has a population of about {n_big} people and a {n_km}-kilometre coastline.",
    "Some {n_big} delegates attended, according to the organisers; the session ended at {clock}.",
    "Prices rose by {pct}% over the period, while exports of {t} fell.",
    "Resolution {res} remains the reference point for the negotiators, diplomats say.",
    "Observers note that the debate over {t} has shifted {era}.",
    "The report, which runs to {n_small}0 pages, draws on interviews with officials and experts.",
    "Shipping through the strait carries roughly {pct} percent of the world's traded {t}.",
    "Flight {res} landed on time, and the delegation went straight to the talks.",
    "\u201cWe are not in a hurry,\u201d one official said, asking not to be named.",
]
# Background sentences: what fills most of a real article around its dated events
# (context, analysis, figures, quotes, caveats).  Some name actors or carry a time
# expression, some use words that can trigger events ("talks", "said"), few do both.
BACKGROUND_TEMPLATES = [
    "{A} and {b} have long disagreed over {t}, and diplomats in {city} describe the "
    "relationship as cautious but workable.",
    "Trade between {a} and {b} has roughly doubled since {year}, according to customs data, "
    "though much of it remains concentrated in a handful of sectors.",
    "\u201cThere is no alternative to dialogue,\u201d a senior official in {city} said, "
    "speaking on condition of anonymity because the discussions are confidential.",
    "The bloc accounts for about {pct} percent of global output, a figure that officials in "
    "{city} are fond of citing when they argue for a larger say.",
    "Critics argue that {a}'s approach to {t} has done little to change the calculations in "
    "{city}, where officials remain wary of outside pressure.",
    "Economists expect growth of {pct} percent this year, slightly below the pace recorded "
    "in {year}, as higher borrowing costs weigh on investment.",
    "Much of the debate turns on {t}, an issue that has divided governments in the region "
    "for more than a decade.",
    "{A}, which has the region's largest economy, has so far taken a cautious line, "
    "according to people familiar with its thinking.",
    "Officials familiar with the discussions said no decision was expected before the end "
    "of the month.",
    "The port of {city} handled {n_big} containers in the first quarter, up {pct} percent "
    "from a year earlier.",
    "In interviews, residents of {city} described rising prices, long queues for fuel and "
    "growing frustration with the pace of reform.",
    "Such concerns are not new, and similar arguments were made when negotiations on {t} "
    "stalled in the past.",
    "{A} is {b}'s largest trading partner, and the two economies remain closely linked "
    "through investment, energy and transport routes.",
    "The figures could not be independently verified, and the ministry declined to comment.",
    "It is not clear how long the current arrangement will last, or what it would take for "
    "{a} to change course on {t}.",
    "Analysts estimate that the programme will cost at least {n_small} billion dollars over "
    "the next {number} years, much of it borrowed.",
    "For many in {city}, the question is less whether the policy will change than how "
    "quickly, and at whose expense.",
    "The government's critics, including several former ministers, say the strategy "
    "underestimates the risks of depending on a single market.",
    "Shipping insurers have raised premiums for vessels calling at ports in the region, "
    "adding to the cost of {t}.",
    "Public opinion polls suggest that a majority of voters support closer ties with {b}, "
    "although the margin has narrowed in recent years.",
]
TITLE_TEMPLATES = [
    "{A} and {b} seek common ground on {t}",
    "{A} accuses {b} as tensions over {t} grow",
    "Talks between {a} and {b} stall over {t}",
    "What {a}'s new approach to {t} means for {b}",
    "{A} signals shift on {t} ahead of summit",
]


#: "news": event sentences among background as in real reporting (about one dated event
#: and three time expressions per KB, like the seeds and TimeBank/AQUAINT newswire);
#: "dense": nearly every sentence a dated event (about eight per KB), a stress test.
PROFILES = ("news", "dense")
EVENT_SHARE = 0.12  # calibrated: ~0.9 dated events and ~3.7 time expressions per KB


def _cap(s: str) -> str:
    return s[:1].upper() + s[1:]


class _Writer:
    """Builds one article from one random stream."""

    def __init__(self, rng: random.Random, profile: str = "news"):
        if profile not in PROFILES:
            raise ValueError(f"profile must be one of {', '.join(PROFILES)}, not {profile!r}")
        self.rng = rng
        self.profile = profile
        year = rng.randint(2012, 2025)
        self.dct = dt.date(year, 1, 1) + dt.timedelta(days=rng.randint(0, 364))

    # actors, in all their surface forms
    def actor(self) -> str:
        r = self.rng.random()
        if r < 0.45:
            return self.rng.choice(STATES)[0]
        if r < 0.6:
            return self.rng.choice(STATES)[1]
        if r < 0.8:
            return self.rng.choice(LEADERS)
        if r < 0.9:
            return self.rng.choice(ORGS)
        return f"the {self.rng.choice(STATES)[2]} government"

    # date phrases relative to the document creation time
    def past_date(self) -> str:
        rng, dct = self.rng, self.dct
        day = dct - dt.timedelta(days=rng.randint(1, 3000))
        kind = rng.randrange(12)
        if kind == 0:
            return f"on {MONTHS[day.month - 1]} {day.day}, {day.year}"
        if kind == 1:
            return f"on {day.day} {MONTHS[day.month - 1]} {day.year}"
        if kind == 2:
            return f"on {day.isoformat()}"
        if kind == 3:
            return f"in {MONTHS[day.month - 1]} {day.year}"
        if kind == 4:
            return f"in {rng.choice(['early ', 'mid-', 'late '])}{day.year}"
        if kind == 5:
            return f"in the {rng.choice(['spring', 'summer', 'autumn', 'winter'])} of {day.year}"
        if kind == 6:
            return f"in the {rng.choice(['early ', 'late ', ''])}{(day.year // 10 - rng.randint(0, 3)) * 10}s"
        if kind == 7:
            return rng.choice(["last month", "last week", "earlier this year", "last year",
                               "yesterday"])
        if kind == 8:
            return f"on {rng.choice(WEEKDAYS)}"
        if kind == 9:
            return f"{rng.choice(NUMBER_WORDS)} years ago"
        if kind == 10:
            return f"in {MONTHS[day.month - 1]}"
        return f"in {day.year}"

    def future_date(self) -> str:
        rng = self.rng
        day = self.dct + dt.timedelta(days=rng.randint(2, 400))
        return rng.choice([
            "next week", "next month", "later this year", f"on {rng.choice(WEEKDAYS)}",
            f"in {MONTHS[day.month - 1]} {day.year}", f"on {MONTHS[day.month - 1]} {day.day}",
            "early next year",
        ])

    def fill(self, template: str) -> str:
        rng = self.rng
        a, b, c = self.actor(), self.actor(), self.actor()
        while b == a:
            b = self.actor()
        offence = rng.choice(OFFENCES)
        words = {
            "A": _cap(a), "a": a, "b": b, "c": c,
            "d": self.past_date(), "f": self.future_date(),
            "t": rng.choice(TOPICS), "city": rng.choice(STATES)[1],
            "offence": offence,
            "offence_past": offence.replace("violating", "violated").replace("supplying", "supplied")
            .replace("interfering", "interfered").replace("shelling", "shelled")
            .replace("spreading", "spread").replace("breaking", "broken"),
            "demand": rng.choice(DEMANDS), "n_small": rng.randint(2, 60),
            "n_big": f"{rng.randint(1, 9)},{rng.randint(0, 999):03d}",
            "n_km": f"{rng.randint(1, 3)},{rng.randint(100, 999)}",
            "pct": f"{rng.randint(1, 9)}.{rng.randint(0, 9)}",
            "clock": f"{rng.randint(1, 11)}:{rng.choice(['00', '15', '30', '45'])} p.m.",
            "res": rng.randint(1900, 2399),
            "era": rng.choice(["since the 1990s", "over the past decade", "for three years",
                               "in recent months", "since the early 2000s"]),
            "year": self.dct.year - rng.randint(2, 25),
            "number": rng.choice(NUMBER_WORDS),
        }
        return _cap(template.format(**words))

    def paragraph(self) -> str:
        if self.profile == "news":
            return self.news_paragraph()
        rng = self.rng
        if rng.random() < 0.25:
            sentences = [self.fill(rng.choice(NOISE_TEMPLATES)) for _ in range(rng.randint(2, 4))]
        else:
            sentences = [self.fill(rng.choice(EVENT_TEMPLATES)) for _ in range(rng.randint(2, 5))]
            if rng.random() < 0.5:
                sentences.insert(rng.randrange(len(sentences) + 1),
                                 self.fill(rng.choice(NOISE_TEMPLATES)))
        return " ".join(sentences)

    def news_paragraph(self) -> str:
        """Three to six sentences, each a dated event with probability EVENT_SHARE, else
        background (or now and then a noise sentence with figures)."""
        rng = self.rng
        sentences = []
        for _ in range(rng.randint(3, 6)):
            r = rng.random()
            if r < EVENT_SHARE:
                sentences.append(self.fill(rng.choice(EVENT_TEMPLATES)))
            elif r < EVENT_SHARE + 0.1:
                sentences.append(self.fill(rng.choice(NOISE_TEMPLATES)))
            else:
                sentences.append(self.fill(rng.choice(BACKGROUND_TEMPLATES)))
        return " ".join(sentences)

    def article(self, paragraphs: tuple[int, int]) -> tuple[str, str]:
        title = self.fill(self.rng.choice(TITLE_TEMPLATES))
        body = [self.paragraph() for _ in range(self.rng.randint(*paragraphs))]
        return title, title + "\n\n" + "\n".join(body) + "\n"


def generate_text(n_bytes: int, seed: int = 0, profile: str = "news") -> str:
    """About ``n_bytes`` (UTF-8) of article-like paragraphs, cut after a sentence.

    >>> len(generate_text(2000, seed=1).encode()) <= 2000
    True
    >>> generate_text(500, seed=3) == generate_text(500, seed=3)
    True
    """
    if n_bytes < 0:
        raise ValueError(f"n_bytes must be >= 0, not {n_bytes}")
    writer = _Writer(random.Random(f"text:{seed}"), profile)
    parts: list[str] = []
    size = 0
    while size < n_bytes:
        p = writer.paragraph() + "\n"
        parts.append(p)
        size += len(p.encode("utf-8"))
    text = "".join(parts).encode("utf-8")[:n_bytes].decode("utf-8", "ignore")
    cut = max(text.rfind(". "), text.rfind(".\n"))
    return text[:cut + 1] if cut > 0 else text


def write_corpus(
    directory: str | Path,
    n_docs: int,
    seed: int = 0,
    *,
    paragraphs: tuple[int, int] = (4, 12),
    undated_share: float = 0.1,
    month_only_share: float = 0.2,
    profile: str = "news",
) -> dict:
    """Write ``n_docs`` articles and ``manifest.json`` into ``directory``.

    ``undated_share`` of the documents get ``published: null`` (no DCT, so
    relative dates cannot be resolved) and ``month_only_share`` only a month
    (``"2019-03"``, ``published_estimated: true``).  Returns the manifest.
    Files already in ``directory`` are left alone (use an empty folder).
    """
    if n_docs < 0:
        raise ValueError(f"n_docs must be >= 0, not {n_docs}")
    if profile not in PROFILES:
        raise ValueError(f"profile must be one of {', '.join(PROFILES)}, not {profile!r}")
    folder = Path(directory)
    folder.mkdir(parents=True, exist_ok=True)
    documents = []
    width = max(3, len(str(max(n_docs - 1, 0))))
    for i in range(n_docs):
        rng = random.Random(f"{seed}:{i}")
        writer = _Writer(rng, profile)
        title, text = writer.article(paragraphs)
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
        doc_id = f"{i:0{width}d}_{digest}"
        r = rng.random()
        if r < undated_share:
            published, hint, estimated = None, "Synthetic: no date given.", False
        elif r < undated_share + month_only_share:
            published = writer.dct.strftime("%Y-%m")
            hint, estimated = "Synthetic: month estimated from the content.", True
        else:
            published = writer.dct.isoformat()
            hint, estimated = "Synthetic: the generator's document creation time.", False
        (folder / f"{doc_id}.txt").write_text(text, encoding="utf-8")
        documents.append({
            "id": doc_id, "file": f"{doc_id}.txt", "title": title,
            "author": rng.choice(AUTHORS), "outlet": rng.choice(OUTLETS),
            "genre": rng.choice(GENRES), "published": published,
            "published_hint": hint, "published_estimated": estimated,
        })
    manifest = {
        "about": (f"Synthetic corpus written by benchmarks/synth_corpus.py (seed {seed}, "
                  f"{n_docs} documents, profile {profile}). News-like text for benchmarks and tests; the events "
                  "and dates are invented, not facts."),
        "documents": documents,
    }
    (folder / "manifest.json").write_text(
        json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return manifest


if __name__ == "__main__":  # pragma: no cover - convenience
    import argparse

    parser = argparse.ArgumentParser(description="Write a synthetic news corpus.")
    parser.add_argument("directory")
    parser.add_argument("n_docs", type=int)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--profile", choices=PROFILES, default="news")
    args = parser.parse_args()
    m = write_corpus(args.directory, args.n_docs, args.seed, profile=args.profile)
    print(f"wrote {len(m['documents'])} documents to {args.directory}")
