"""The command line: every subcommand through app.main([...]) with capsys."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import networkx as nx
import pytest

import app

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"


def run(capsys, *argv):
    code = app.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_cl001_help_lists_every_command_and_option(capsys):
    code, out, err = run(capsys, "--help")
    assert code == 0, err
    for cmd in ("serve", "extract", "timex", "export"):
        assert cmd in out, out
    code, out, _ = run(capsys, "serve", "--help")
    assert code == 0 and "127.0.0.1" in out and "--no-cache" in out and "--dask" in out, out
    code, out, _ = run(capsys, "export", "--help")
    for opt in ("--format", "--output", "--actor", "--from", "--to", "--type", "--status",
                "--source", "--query"):
        assert opt in out, (opt, out)


def test_cl002_extract_seeds_to_stdout_is_json_lines(capsys):
    code, out, err = run(capsys, "extract", "--corpus", str(SEEDS), "--workers", "1", "--no-cache")
    assert code == 0, err
    lines = [ln for ln in out.splitlines() if ln.strip()]
    assert len(lines) >= 5, out[:2000]
    events = [json.loads(ln) for ln in lines]
    for ev in events:
        assert ev["id"].startswith("event:") and ev["sources"] and "date" in ev, ev
    assert len({ev["id"] for ev in events}) == len(events)
    assert any("2001" in str((ev.get("date") or {}).get("value")) for ev in events), \
        [e["date"] for e in events]


def test_cl003_extract_to_file(capsys, tmp_path):
    dest = tmp_path / "ev.jsonl"
    code, out, err = run(capsys, "extract", "--corpus", str(SEEDS), "--output", str(dest),
                         "--workers", "1", "--no-cache")
    assert code == 0, err
    assert out == "" and "wrote" in err, (out, err)
    rows = [json.loads(x) for x in dest.read_text(encoding="utf-8").splitlines()]
    assert rows and all("label" in r for r in rows)


TIMEX_TEXT = ("Ministers from Norland met on 16 July 2001 in Harbourtown.\n"
              "They met again last March and plan a summit in 2026.\n")


def test_cl004_timex_with_dct(capsys, tmp_path):
    f = tmp_path / "t.txt"
    f.write_text(TIMEX_TEXT, encoding="utf-8")
    code, out, err = run(capsys, "timex", str(f), "--dct", "2025-02-13")
    assert code == 0, err
    rows = [json.loads(x) for x in out.splitlines()]
    keys = {"start", "end", "text", "type", "value", "granularity", "mod", "interval_start",
            "interval_end", "anchored"}
    assert rows and all(keys <= set(r) for r in rows), rows
    for r in rows:
        assert TIMEX_TEXT[r["start"]:r["end"]] == r["text"], r
    by_text = {r["text"]: r for r in rows}
    day = next(r for t, r in by_text.items() if "16 July 2001" in t)
    assert day["value"] == "2001-07-16" and day["granularity"] == "day", day
    march = next((r for t, r in by_text.items() if "March" in t), None)
    assert march is not None and march["value"].startswith("2024-03"), rows


def test_cl004b_timex_with_a_month_only_dct_keeps_its_granularity(capsys, tmp_path):
    f = tmp_path / "t.txt"
    f.write_text(TIMEX_TEXT, encoding="utf-8")
    code, out, err = run(capsys, "timex", str(f), "--dct", "2025-02")
    assert code == 0, err
    rows = {r["text"]: r for r in map(json.loads, out.splitlines())}
    march = next(r for t, r in rows.items() if "March" in t)
    assert march["value"] == "2024-03" and march["granularity"] == "month", march


def test_cl005_timex_without_dct_says_it_inferred(capsys, tmp_path):
    f = tmp_path / "t.txt"
    f.write_text("Published 2019-05-04.\n" + TIMEX_TEXT, encoding="utf-8")
    code, out, err = run(capsys, "timex", str(f))
    assert code == 0, err
    assert "infer" in err.lower(), err
    assert out.strip(), out


@pytest.fixture(scope="module")
def seed_export_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("exports")


def _read_back(fmt, path: Path):
    if fmt == "graphml":
        return nx.read_graphml(path)
    if fmt == "gexf":
        return nx.read_gexf(path)
    if fmt == "json":
        data = json.loads(path.read_text(encoding="utf-8"))
        return nx.node_link_graph(data, edges="edges" if "edges" in data else "links")
    if fmt == "csv":
        with zipfile.ZipFile(path) as zf:
            names = zf.namelist()
            nodes = next(n for n in names if "node" in n)
            text = zf.read(nodes).decode("utf-8")
        import csv
        rows = list(csv.DictReader(io.StringIO(text)))
        G = nx.Graph()
        for r in rows:
            G.add_node(r.get("id") or next(iter(r.values())), **r)
        return G
    raise AssertionError(fmt)


@pytest.mark.parametrize("fmt", ["graphml", "gexf", "csv", "json"])
def test_cl006_export_each_format_filtered_by_actor_label(capsys, seed_export_dir, fmt):
    dest = seed_export_dir / f"g.{fmt}"
    code, _, err = run(capsys, "export", "--corpus", str(SEEDS), "--format", fmt, "--output",
                       str(dest), "--actor", "china", "--workers", "1", "--no-cache")
    assert code == 0, err
    G = _read_back(fmt, dest)
    ev_nodes = [n for n in G.nodes if str(n).startswith("event:")]
    assert ev_nodes, list(G.nodes)[:20]
    assert "actor:CHN" in G.nodes, list(G.nodes)[:20]
    full = seed_export_dir / f"all.{fmt}"
    code, _, err = run(capsys, "export", "--corpus", str(SEEDS), "--format", fmt, "--output",
                       str(full), "--workers", "1", "--no-cache")
    assert code == 0, err
    G_all = _read_back(fmt, full)
    all_events = [n for n in G_all.nodes if str(n).startswith("event:")]
    assert set(ev_nodes) <= set(all_events)
    if fmt in ("graphml", "gexf", "json"):
        # every kept event involves China (directly or through a Chinese actor)
        for e in ev_nodes:
            nbrs = set(G.predecessors(e)) if G.is_directed() else set(G.neighbors(e))
            countries = {G.nodes[a].get("country") for a in nbrs}
            assert "actor:CHN" in nbrs or "CHN" in countries, (e, nbrs)


def test_cl007_export_date_window_and_type(capsys, tmp_path):
    dest = tmp_path / "w.graphml"
    code, _, err = run(capsys, "export", "--corpus", str(SEEDS), "--format", "graphml", "--output",
                       str(dest), "--from", "2022", "--to", "2022-12", "--workers", "1", "--no-cache")
    assert code == 0, err
    G = nx.read_graphml(dest)
    for n, d in G.nodes(data=True):
        if d.get("kind") == "event":
            assert d["start"] <= "2022-12-31" and d["end"] >= "2022-01-01", (n, d)


def _bad_files(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "bin.txt").write_bytes(b"\x00\x01\x02PNG\x00" * 50)
    return tmp_path


@pytest.mark.parametrize("argv, needle", [
    (["extract", "--corpus", "{tmp}/nope"], "not found"),
    (["export", "--corpus", "{seeds}", "--format", "pdf", "--output", "{tmp}/x"], "format"),
    (["export", "--corpus", "{seeds}", "--format", "graphml", "--output", "{tmp}/x",
      "--from", "2014-13"], "bad date"),
    (["export", "--corpus", "{seeds}", "--format", "graphml", "--output", "{tmp}/x",
      "--actor", "Atlantis"], "unknown actor"),
    (["export", "--corpus", "{seeds}", "--format", "graphml", "--output", "{tmp}/no/dir/x"],
     "does not exist"),
    (["timex", "{tmp}/empty.txt"], "empty"),
    (["timex", "{tmp}/bin.txt"], "binary"),
    (["timex", "{tmp}/missing.txt"], ""),
    (["timex", "{tmp}/empty.txt", "--dct", "yesterday"], ""),
    (["serve", "--port", "99999"], "65535"),
    (["extract", "--workers", "0"], "1 or more"),
])
def test_cl008_errors_exit_2_with_one_clear_line(capsys, tmp_path, argv, needle):
    _bad_files(tmp_path)
    argv = [a.format(tmp=tmp_path, seeds=SEEDS) for a in argv]
    code, out, err = run(capsys, *argv, *(["--no-cache"] if argv[0] in ("extract", "export") else []))
    assert code == 2, (code, out, err)
    assert "Traceback" not in err, err
    last = err.strip().splitlines()[-1]
    assert "error" in last.lower() and needle.lower() in last.lower(), err


def test_cl009_no_arguments_serves_the_seeds_on_localhost(monkeypatch, small_records, capsys,
                                                          tmp_path):
    from types import SimpleNamespace

    import dash

    docs, events = small_records
    seen = {}

    def fake_load(corpus, **kw):
        seen["corpus"] = corpus
        seen.update(kw)
        return SimpleNamespace(documents=docs, events=events, problems=["note one"])

    def fake_run(dash_app, host, port, **kw):
        assert isinstance(dash_app, dash.Dash)
        seen["run"] = {"host": host, "port": port, "debug": kw["debug"]}

    monkeypatch.setattr(app, "load_corpus", fake_load)
    monkeypatch.setattr("explorer.serving.run", fake_run)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))  # no accounts: no login
    assert app.main([]) == 0
    assert seen["corpus"] is None and seen["cache"] is True, seen
    assert seen["run"] == {"host": "127.0.0.1", "port": 8050, "debug": False}, seen
    err = capsys.readouterr().err
    assert "note one" in err and "http://127.0.0.1:8050/" in err, err
    assert app.main(["serve", "--port", "9001", "--debug", "--no-cache", "--workers", "2"]) == 0
    assert seen["run"] == {"host": "127.0.0.1", "port": 9001, "debug": True} and seen["cache"] is False
    assert seen["workers"] == 2
    # options without a command are the serve command's
    assert app.main(["--port", "9002", "--corpus", "elsewhere"]) == 0
    assert seen["run"]["port"] == 9002 and str(seen["corpus"]) == "elsewhere", seen


def test_cl010_timex_on_hostile_text_keeps_offsets(capsys, tmp_path):
    text = "<script>alert(1)</script> On 3 May 2019\x07 the \u202eenvoys\u202c met.\n"
    f = tmp_path / "h.txt"
    f.write_text(text, encoding="utf-8")
    code, out, err = run(capsys, "timex", str(f), "--dct", "2019-06-01")
    assert code == 0, err
    rows = [json.loads(x) for x in out.splitlines()]
    assert any(r["value"] == "2019-05-03" for r in rows), rows
    for r in rows:
        assert text[r["start"]:r["end"]] == r["text"], r


# ---------------------------------------------------------------- empty exports


def test_cl011_export_matching_nothing_exits_non_zero_and_keeps_the_old_file(capsys, tmp_path):
    out = tmp_path / "g.graphml"
    out.write_text("earlier export", encoding="utf-8")
    code = app.main(["export", "--format", "graphml", "--output", str(out), "--from", "2090",
                     "--no-cache", "--workers", "1"])
    err = capsys.readouterr().err.strip().splitlines()[-1]
    assert code == 2, err
    assert "matches none of the" in err and "nothing was written" in err and "unchanged" in err, err
    assert out.read_text(encoding="utf-8") == "earlier export"
    code = app.main(["export", "--format", "json", "--output", str(tmp_path / "new.json"),
                     "--query", "zzzz-no-such-word", "--no-cache", "--workers", "1"])
    assert code == 2 and not (tmp_path / "new.json").exists()
    assert "unchanged" not in capsys.readouterr().err


def test_cl012_export_says_how_many_events_it_wrote(capsys, tmp_path):
    code = app.main(["export", "--format", "json", "--output", str(tmp_path / "c.json"),
                     "--actor", "China", "--no-cache", "--workers", "1"])
    err = capsys.readouterr().err
    assert code == 0, err
    import re as _re
    n = int(_re.search(r"with (\d+) events? to", err).group(1))
    assert n > 0
