"""The project's own parsing pipeline (events/parse.py, events/nlp/), on sentences written
for these tests."""

from __future__ import annotations

import pytest

from events import parse

pytestmark = pytest.mark.skipif(not (parse.PACKAGED / "meta.json").is_file(),
                                reason="the packaged pipeline events/nlp/en_eventline is absent")


def test_the_packaged_pipeline_parses_a_passive_and_finds_the_agent():
    doc = parse.parse_sentences(["Crimea was annexed by Russia."])[0]
    by = {t.text: t for t in doc}
    assert by["Crimea"].dep_ == "nsubj:pass" and by["Crimea"].head.text == "annexed"
    assert by["Russia"].dep_ == "obl:agent" and by["Russia"].head.text == "annexed"


def test_the_pipeline_is_loaded_once_per_process():
    assert parse.get_nlp() is parse.get_nlp()


def test_only_sentences_that_can_hold_an_event_are_parsed():
    docs = parse.parse_candidates(["The weather in Lima was mild.",   # no trigger
                                   "Several officials met for lunch.",  # no actor
                                   "Chile and Peru met in Lima."])
    assert docs[0] is None and docs[1] is None
    assert docs[2] is not None and docs[2].text == "Chile and Peru met in Lima."


def test_an_uninstalled_pipeline_is_a_clear_error_not_a_download():
    with pytest.raises(parse.ParserUnavailable, match="not installed"):
        parse.get_nlp("en_no_such_pipeline_sm")


def _role_rows():
    path = parse.PACKAGED.parents[1] / "data" / "parse_roles.tsv"
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip() and not line.startswith("#"):
            text, _, expect = line.split("\t")[3].partition(" -> ")
            yield pytest.param(text, dict(x.split(":") for x in expect.split()), id=f"line{n}")


@pytest.mark.parametrize("text, expect", list(_role_rows()))
def test_every_parse_role_example_gives_its_roles(text, expect):
    from events.actors import get_gazetteer
    doc = parse.parse_sentences([text])[0]
    mentions = [{"start": m.start, "end": m.end, "id": m.country or m.actor_id}
                for m in get_gazetteer().find(text, when="2024-06-14")]
    from events.extract import load_triggers
    trig = load_triggers().regex.search(text)
    assert trig, text
    got = parse.parse_roles(doc, trig.span(), mentions)
    assert {k: got.get(k) for k in expect} == expect, (got, [(t.text, t.dep_, t.head.text) for t in doc])
