"""Names the gazetteer does not know (events/names.py), on sentences written for these tests."""

import pytest

from events.extract import extract_document
from events.model import Document
from events.names import load_name_kinds, name_id, unknown_names


def names(sentence, known=()):
    return [(n.text, n.kind, n.country) for n in unknown_names(sentence, list(known))]


@pytest.mark.parametrize("sentence, known, expected", [
    ("BP agreed to sell its stake.", (), [("BP", "organisation", None)]),
    ("Chile's Codelco bought the mine.", [(0, 5, "CHL", "name")], [("Codelco", "organisation", "CHL")]),
    ("Chilean mining company Codelco bought it.", [(0, 7, "CHL", "demonym")],
     [("Codelco", "organisation", "CHL")]),
    ("Suffolk County District Attorney Maria Lopez filed charges against the Acme Corporation.", (),
     [("Maria Lopez", "person", None), ("Acme Corporation", "organisation", None)]),
    ("Amnesty Watch accused the army.", (), [("Amnesty Watch", "organisation", None)]),
    ("The Lisbon Security Conference opened.", (), []),
    ("Troops crossed into the West Bank.", (), []),
    ("Speaking to the Xenon Youth Zone (XYZ) on Monday, Peter Smith said so.", (),
     [("Peter Smith", "person", None)]),
    ("The National Front for the Liberation of Chile demanded talks.", [(41, 46, "CHL", "name")],
     [("National Front for the Liberation of Chile", "organisation", "CHL")]),
    ("Chilean and Peruvian leaders met.", [(0, 7, "CHL", "demonym"), (12, 20, "PER", "demonym")], []),
])
def test_names_by_their_shape(sentence, known, expected):
    assert names(sentence, known) == expected


def test_a_name_is_an_actor_and_its_possessor_is_not():
    evs = extract_document(Document(id="t", published="2024-06-14",
                                    text="Chile's Codelco sued Peru's Minera in 2019."))
    assert evs
    roles = {a["id"]: a["role"] for a in evs[0]["actors"]}
    assert roles.get("org:codelco") == "source" and "CHL" not in roles, evs[0]["actors"]
    codelco = [a for a in evs[0]["actors"] if a["id"] == "org:codelco"][0]
    assert codelco["country"] == "CHL" and codelco["kind"] == "organisation"


def test_a_capital_inside_a_longer_name_is_not_its_state():
    evs = extract_document(Document(id="t", published="2024-06-14",
                                    text="The Lima Times reported in 2019 that Chile attacked Bolivia."))
    ids = {a["id"] for e in evs for a in e["actors"]}
    assert "PER" not in ids and {"CHL", "BOL"} <= ids, [e["actors"] for e in evs]


def test_the_kinds_file_and_ids():
    kinds = load_name_kinds()
    assert {"org", "place", "compass", "event", "title", "stop"} <= set(kinds)
    assert "Corporation" in kinds["org"] and "County" in kinds["place"]
    (n,) = unknown_names("BP agreed.", [])
    assert name_id(n) == "org:bp"


@pytest.mark.parametrize("text, group, country", [
    ("Iraqi police arrested three Syrian rebels in 2014.", "group:IRQ:police", "IRQ"),
    ("Protesters in Cairo attacked a police station in 2011.", "group:EGY:protesters", "EGY"),
    ("The Cypriot government accused Turkey in 2019.", "group:CYP:government", "CYP"),
])
def test_a_sector_of_a_state_is_a_group_of_that_state(text, group, country):
    evs = extract_document(Document(id="t", published="2024-06-14", text=text))
    actors = {a["id"]: a for e in evs for a in e["actors"]}
    assert group in actors, [e["actors"] for e in evs]
    assert actors[group]["kind"] == "group" and actors[group]["country"] == country
    # soldiers and officials act for their state: no group
    evs = extract_document(Document(id="t", published="2024-06-14",
                                    text="Iraqi soldiers arrested three men in 2014."))
    assert {a["id"] for e in evs for a in e["actors"]} == {"IRQ"}


def test_a_given_name_starts_a_person_the_gazetteer_does_not_know():
    assert names("Peter Kuznick said so.") == [("Peter Kuznick", "person", None)]
    assert names("George Washington University hosted it.") == [
        ("George Washington University", "organisation", None)]
    # a capitalised word that is no given name starts no person
    assert names("Paris Agreement talks resumed.") == []
