"""graph.names: actor names typed on the command line, download file names
(issue 19, item 8)."""

from __future__ import annotations

import re

import pytest

import app
from graph.names import ActorNameError, close_actor_names, download_name, resolve_actor_name

LABELS = {"USA": "United States", "donald-trump": "Donald Trump", "CHN": "China",
          "RUS": "Russia", "vladimir-putin": "Vladimir Putin", "george-h-w-bush": "George H. W. Bush",
          "george-w-bush": "George W. Bush", "volodymyr-zelensky": "Volodymyr Zelensky"}
ALIASES = {"USA": ["US", "U.S.", "America"], "donald-trump": ["Trump", "President Trump"]}


@pytest.mark.parametrize("typed, aid", [
    ("trump", "donald-trump"), ("TRUMP", "donald-trump"), ("Donald trump", "donald-trump"),
    ("united states", "USA"), ("usa", "USA"), ("u.s.", "USA"), ("America", "USA"),
    ("actor:chn", "CHN"), ("Actor:CHN", "CHN"), ("  China ", "CHN"), ("putin", "vladimir-putin"),
    ("zelensky", "volodymyr-zelensky"), ("george w. bush", "george-w-bush"),
])
def test_nm001_names_match_case_insensitively(typed, aid):
    assert resolve_actor_name(typed, LABELS, ALIASES) == aid


def test_nm002_trump_without_aliases_matches_a_word_of_the_label():
    assert resolve_actor_name("trump", LABELS) == "donald-trump"


def test_nm003_unknown_name_lists_up_to_five_close_names():
    with pytest.raises(ActorNameError) as err:
        resolve_actor_name("Rusia", LABELS, ALIASES)
    assert "unknown actor 'Rusia'" in str(err.value) and "Russia" in str(err.value)
    many = {f"A{i}": f"Smithson {i}" for i in range(9)}
    assert len(close_actor_names("Smithsen", many)) == 5
    with pytest.raises(ActorNameError, match="no known actor is close"):
        resolve_actor_name("Atlantis", LABELS, ALIASES)


def test_nm004_ambiguous_name_lists_the_actors_it_names():
    with pytest.raises(ActorNameError, match="ambiguous") as err:
        resolve_actor_name("bush", LABELS, ALIASES)
    assert "George H. W. Bush" in str(err.value) and "George W. Bush" in str(err.value)
    with pytest.raises(ActorNameError, match="empty"):
        resolve_actor_name("  ", LABELS)


def test_nm005_cli_actor_trump_exports_his_events(tmp_path, capsys):
    out = tmp_path / "t.graphml"
    code = app.main(["export", "--format", "graphml", "--output", str(out), "--actor", "trump",
                     "--no-cache", "--workers", "1"])
    err = capsys.readouterr().err
    assert code == 0, err
    import networkx as nx

    G = nx.read_graphml(out)
    assert "actor:donald-trump" in G and any(d.get("kind") == "event" for _, d in G.nodes(data=True))


def test_nm006_cli_unknown_actor_suggests_close_names(capsys, tmp_path):
    code = app.main(["export", "--format", "graphml", "--output", str(tmp_path / "x.graphml"),
                     "--actor", "Donald Trumpf", "--no-cache", "--workers", "1"])
    err = capsys.readouterr().err.strip().splitlines()[-1]
    assert code == 2 and "unknown actor 'Donald Trumpf'" in err and "Donald Trump" in err, err
    assert not (tmp_path / "x.graphml").exists()


# ---------------------------------------------------------------- download names


@pytest.mark.parametrize("controls, name", [
    ({}, "eventline-all.graphml"),
    ({"actors": ["CHN"], "date_from": "2022", "date_to": "2023"}, "eventline-china-2022-2023.graphml"),
    ({"actors": ["CHN", "RUS"]}, "eventline-china-russia.graphml"),
    ({"types": ["AGREE"], "statuses": ["planned"]}, "eventline-agree-planned.graphml"),
    ({"date_from": "2014-03"}, "eventline-from-2014-03.graphml"),
    ({"date_to": "2014"}, "eventline-to-2014.graphml"),
    ({"date_from": "2014", "date_to": "2014"}, "eventline-2014.graphml"),
    ({"query": "peace plan"}, "eventline-peace-plan.graphml"),
    ({"sources": ["d1", "d2"]}, "eventline-2-documents.graphml"),
    ({"actors": ["x"]}, "eventline-x.graphml"),
])
def test_nm007_download_named_after_the_filter(controls, name):
    assert download_name(controls, {"CHN": "China", "RUS": "Russia"}, ".graphml") == name


@pytest.mark.parametrize("hostile", [
    "../../etc/passwd", "C:\\Windows\\x", "a/b\\c:d*e?f\"g<h>i|j", "\x00\x1fnul", "名前 🙂",
    "Zoë Ångström", "." * 50, "x" * 500, "word " * 100,
])
def test_nm008_download_name_safe_characters_bounded_length(hostile):
    name = download_name({"actors": ["a"], "query": hostile}, {"a": hostile}, "csv.zip")
    assert re.fullmatch(r"eventline(-[a-z0-9]+)+\.csv\.zip", name), name
    assert len(name) <= 80 + len(".csv.zip"), name


def test_nm009_a_filter_with_nothing_spellable_is_not_called_all():
    assert download_name({"query": "名前"}, {}, ".json") == "eventline-filtered.json"

