"""The command line's curation and document commands, and the safety defaults
(``app.main([...])`` with capsys, on a corpus written for these tests)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import networkx as nx
import pytest

import app
from tests.test_app_curation import NEW_ARTICLE, write_corpus

ROOT = Path(__file__).resolve().parents[1]


def run(capsys, *argv):
    code = app.main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def corpus(tmp_path):
    return write_corpus(tmp_path / "corpus")


def extract(capsys, corpus, *extra):
    code, out, err = run(capsys, "extract", "--corpus", corpus, "--workers", "1", *extra)
    assert code == 0, err
    return [json.loads(line) for line in out.splitlines() if line.strip()]


def test_cc001_help_lists_curate_and_add(capsys):
    code, out, _ = run(capsys, "--help")
    assert code == 0 and "curate" in out and "add" in out, out
    code, out, _ = run(capsys, "curate", "--help")
    assert code == 0, out
    for sub in ("accept", "reject", "edit", "merge", "split", "undo", "history", "queue"):
        assert sub in out, (sub, out)
    for cmd in ("serve", "extract", "export"):
        code, out, _ = run(capsys, cmd, "--help")
        assert "--show-rejected" in out and "--store" in out, (cmd, out)


def test_cc002_curate_reject_then_extract_hides_it_unless_show_rejected(capsys, corpus):
    events = extract(capsys, corpus)
    assert events and all(ev["curated"] is False for ev in events), events[:1]
    eid = next(ev["id"] for ev in events if "accused" in ev["label"])
    code, out, err = run(capsys, "curate", "reject", eid, "--corpus", corpus, "--note", "duplicate")
    assert code == 0 and "reject" in out, (out, err)
    after = extract(capsys, corpus)
    assert eid not in {e["id"] for e in after} and len(after) == len(events) - 1, after
    shown = {e["id"]: e for e in extract(capsys, corpus, "--show-rejected")}
    assert shown[eid]["curated"] is True and shown[eid]["curation"]["rejected"] is True, shown[eid]
    assert shown[eid]["curation"]["notes"] == ["duplicate"]
    code, out, _ = run(capsys, "curate", "undo", "--corpus", corpus)
    assert code == 0 and "undo" in out
    assert eid in {e["id"] for e in extract(capsys, corpus)}


def test_cc003_export_carries_the_curated_flag(capsys, corpus, tmp_path):
    events = extract(capsys, corpus)
    eid = next(ev["id"] for ev in events if "talks" in ev["label"])
    code, _, err = run(capsys, "curate", "edit", eid, "--date", "2021-07", "--corpus", corpus)
    assert code == 0, err
    dest = tmp_path / "g.graphml"
    code, _, err = run(capsys, "export", "--corpus", corpus, "--format", "graphml", "--output", dest,
                       "--workers", "1")
    assert code == 0, err
    G = nx.read_graphml(dest)
    flags = {n: d.get("curated") for n, d in G.nodes(data=True) if d.get("kind") == "event"}
    assert flags[eid] is True and sum(map(bool, flags.values())) == 1, flags
    assert G.nodes[eid]["start"] == "2021-07-01"


@pytest.mark.parametrize("argv, message", [
    (["curate", "reject", "event:nope", "--corpus", "{corpus}"], "no event or mention"),
    (["curate", "edit", "{eid}", "--date", "2019-13", "--corpus", "{corpus}"], "date"),
    (["curate", "frobnicate", "--corpus", "{corpus}"], "invalid choice"),
    (["curate"], "required"),
    (["curate", "queue", "--corpus", "{corpus}/missing"], "does not exist"),
])
def test_cc004_curate_errors_exit_2_with_a_message(capsys, corpus, argv, message):
    events = extract(capsys, corpus)
    argv = [a.format(corpus=corpus, eid=events[0]["id"]) for a in argv]
    code, out, err = run(capsys, *argv)
    assert code == 2 and message in err and "Traceback" not in err, (code, out, err)


def test_cc005_add_copies_checks_and_extracts(capsys, corpus, tmp_path):
    from events.corpus import read_text_file

    before = extract(capsys, corpus)
    src = tmp_path / "in"
    src.mkdir()
    (src / "ports.txt").write_text(NEW_ARTICLE, encoding="utf-8")
    (src / "page.html").write_text(
        "<h1>Oil talks</h1><p>Brazil and Venezuela held talks on oil prices on 3 March 2018 in "
        "Caracas.</p>", encoding="utf-8")
    (src / "blob.txt").write_bytes(b"\x00\x01" * 200)
    (src / "image.png").write_bytes(b"\x89PNG")  # not picked up from a folder
    code, out, err = run(capsys, "add", "--corpus", corpus, src)
    assert code == 2, err  # one file refused
    assert "rejected blob.txt" in err and "binary" in err, err
    assert err.count("eventline: added ") == 2 and "image.png" not in err, err
    stored = sorted(corpus.glob("upload-*"))  # text as .txt; a web page as it came, as .html
    assert sorted(p.suffix for p in stored) == [".html", ".txt"], stored
    assert all(re.fullmatch(r"upload-[0-9a-f]{16}\.(txt|html)", p.name) for p in stored)
    assert not any("<p>" in read_text_file(p) for p in stored)
    after = extract(capsys, corpus)
    assert len(after) == len(before) + 2, [e["label"] for e in after]


@pytest.mark.parametrize("name, data, message", [
    ("missing.txt", None, "no such file"),
    ("empty.txt", b"", "empty"),
    ("notes.docx", b"PK\x03\x04", "only .txt"),
])
def test_cc006_add_refuses_bad_files(capsys, corpus, tmp_path, name, data, message):
    path = tmp_path / name
    if data is not None:
        path.write_bytes(data)
    code, _, err = run(capsys, "add", "--corpus", corpus, path)
    assert code == 2 and message in err and "Traceback" not in err, err
    assert list(corpus.glob("upload-*")) == []


def test_cc007_add_to_a_missing_corpus(capsys, tmp_path):
    code, _, err = run(capsys, "add", "--corpus", tmp_path / "nope", tmp_path)
    assert code == 2 and "not found" in err, err


# ---------------------------------------------------------------- safety defaults


def test_sf001_serve_binds_localhost_without_debug_by_default():
    args = app.build_parser().parse_args(["serve"])
    assert args.host == "127.0.0.1" and args.debug is False, args
    args = app.build_parser().parse_args(["serve", "--host", "0.0.0.0", "--debug"])
    assert args.host == "0.0.0.0" and args.debug is True


def test_sf002_serve_runs_waitress_and_flask_only_with_debug(monkeypatch, corpus, tmp_path):
    import flask
    import waitress

    seen, dev = {}, {}
    monkeypatch.setattr(waitress, "serve", lambda wsgi, **kw: seen.update(kw, wsgi=wsgi))
    monkeypatch.setattr("dash.Dash.run", lambda self, **kw: dev.update(kw))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))  # no accounts file there
    assert app.main(["serve", "--corpus", str(corpus), "--workers", "1"]) == 0
    assert seen["host"] == "127.0.0.1" and isinstance(seen["wsgi"], flask.Flask), seen
    assert dev == {}  # the production server, not Flask's
    assert app.main(["serve", "--corpus", str(corpus), "--workers", "1", "--debug"]) == 0
    assert dev["debug"] is True and dev["host"] == "127.0.0.1", dev


def test_sf003_no_html_rendering_anywhere_in_the_front_end():
    files = [ROOT / "app.py", *sorted((ROOT / "explorer").glob("*.py")), *sorted((ROOT / "graph").glob("*.py")),
             *sorted((ROOT / "assets").iterdir())]
    offenders = []
    for f in files:
        text = f.read_text(encoding="utf-8")
        for bad in ("dangerously_allow_html", "dangerouslySetInnerHTML", "innerHTML", "DangerouslySetInnerHTML"):
            if bad in text:
                offenders.append((f.name, bad))
    assert offenders == [], offenders


def test_sf004_uploads_are_capped_in_the_page_and_on_the_server(small_records, tmp_path):
    docs, events = small_records
    a = app.create_app(docs, events, upload_dir=tmp_path)
    layout = a.server.test_client().get("/_dash-layout").get_data(as_text=True)
    # the one document limit (events/limits.py), an upload twice that
    assert '"max_size":52428800' in layout.replace(" ", ""), layout[:200]
    assert "25 MB each, 50 MB at once" in layout
    assert a.server.config["MAX_CONTENT_LENGTH"] < 80 * 1024 * 1024
    raised = app.create_app(docs, events, upload_dir=tmp_path, max_document_bytes=40 * 2**20)
    layout = raised.server.test_client().get("/_dash-layout").get_data(as_text=True)
    assert "40 MB each, 80 MB at once" in layout


@pytest.mark.parametrize("extra, expected", [
    ([], "data"),  # bundled seeds: a folder in the user data dir, never seeds/ itself
    (["--no-uploads"], None),
    (["--uploads", "{tmp}/up"], "{tmp}/up"),
])
def test_sf005_where_serve_puts_uploads(monkeypatch, tmp_path, extra, expected):
    seen = {}
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setattr("explorer.serving.run", lambda *a, **kw: None)
    real = app.create_app
    monkeypatch.setattr(app, "create_app", lambda *a, **kw: seen.update(kw) or real(*a, **kw))
    argv = ["serve", "--workers", "1", "--store", str(tmp_path / "c.sqlite")]
    assert app.main(argv + [x.format(tmp=tmp_path) for x in extra]) == 0
    got = seen["upload_dir"]
    if expected is None:
        assert got is None
    elif expected == "data":
        assert Path(got).is_relative_to(tmp_path / "data") and not Path(got).is_relative_to(app.SEEDS), got
    else:
        assert Path(got) == Path(expected.format(tmp=tmp_path)), got
    assert seen["store"].path == tmp_path / "c.sqlite"


def test_curate_is_a_subcommand_of_the_main_parser(tmp_path, capsys):
    # parsed by build_parser like every other command (it used to be routed around it)
    import app

    ns = app.build_parser().parse_args(["curate", "history", "--corpus", str(tmp_path)])
    assert ns.curate_command == "history" and ns.func.__name__ == "cmd_curate"
    assert app.main(["curate", "reject", "event:x", "--corpus", str(tmp_path), "--no-check",
                     "--user", "ana", "--note", "dup"]) == 0
    assert app.main(["curate", "history", "--corpus", str(tmp_path)]) == 0
    assert "by ana" in capsys.readouterr().out
    assert app.main(["curate", "dance", "--corpus", str(tmp_path)]) == 2
