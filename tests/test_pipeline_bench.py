"""The benchmark runner's contract: table, skips, one JSON line at the end, the chart."""

from __future__ import annotations

import json

import pytest

from benchmarks import run
from benchmarks.extract_bench import Section


def _ok(args, tmp):
    sec = Section("fake")
    sec.add("speed", "speed", 12.5, "KB/s", "a note")
    sec.add("ratio", "ratio", 3.0, "x")
    return sec


def _missing(args, tmp):
    import benchmarks.no_such_bench  # noqa: F401


def _broken(args, tmp):
    raise RuntimeError("boom <script>")


def test_runner_prints_table_skips_and_one_json_line(monkeypatch, capsys):
    monkeypatch.setattr(run, "RUNNERS", {"extract": _ok, "cache": _broken, "graph": _missing,
                                         "ui": _ok})
    assert run.main(["--quick", "--no-plot"]) == 0
    out = capsys.readouterr().out.strip().splitlines()
    figures = json.loads(out[-1])  # the last line is the JSON, whatever comes before
    assert figures["extract"]["speed"] == 12.5 and figures["ui"]["ratio"] == 3.0, figures
    assert "cache" not in figures and "graph" not in figures, figures
    assert figures["skipped"]["graph"].startswith("module missing"), figures
    assert "boom" in figures["skipped"]["cache"], figures
    assert figures["quick"] is True and figures["cpu_count"] >= 1, figures
    table = "\n".join(out[:-1])
    assert "speed" in table and "12.50" in table and "KB/s" in table, table
    assert "skipped [graph]" in table, table


def test_runner_only_flag(monkeypatch, capsys):
    calls = []
    monkeypatch.setattr(run, "RUNNERS", {n: (lambda a, t, n=n: calls.append(n) or _ok(a, t))
                                         for n in run.SECTIONS})
    run.main(["--only", "cache", "--no-plot"])
    assert calls == ["cache"], calls
    figures = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert set(figures) >= {"cache"} and "extract" not in figures, figures


@pytest.mark.parametrize("argv", [["--workers", "0"], ["--only", "nonsense"]])
def test_runner_rejects_bad_arguments(argv, capsys):
    with pytest.raises(SystemExit) as exc:
        run.main(argv)
    assert exc.value.code == 2
    assert "error" in capsys.readouterr().err


def test_module_results_are_flattened(monkeypatch):
    import types
    fake = types.ModuleType("benchmarks.fake_bench")
    fake.run = lambda quick: {"build_s": {"1000": 0.5, "10000": 4.0}, "label": "x",
                              "notes": ["slow disk"]}
    monkeypatch.setitem(__import__("sys").modules, "benchmarks.fake_bench", fake)
    sec = run._from_module("fake_bench", "fake", type("A", (), {"quick": True})())
    assert sec.figures == {"build_s.1000": 0.5, "build_s.10000": 4.0, "label": "x"}, sec.figures
    assert sec.notes == ["slow disk"]


def test_scaling_chart_is_a_png(tmp_path):
    pytest.importorskip("matplotlib")
    from benchmarks.plot import write_scaling_chart
    figures = {
        "cpu_count": 2, "python": "3.11", "quick": True,
        "extract": {"extract_kb_s_1": 900.0, "extract_kb_s_n": 1700.0, "dateparser_kb_s": 60.0,
                    "extract_vs_dateparser": 15.0, "workers": 2},
        "cache": {"seeds_cold_s": 0.4, "seeds_cached_s": 0.05, "seeds_one_changed_s": 0.1},
        "graph": {"sizes.1000.build_s": 0.1, "sizes.10000.build_s": 1.0,
                  "sizes.1000.filter_warm_s": 0.001, "sizes.10000.filter_warm_s": 0.004,
                  "sizes.1000.build_peak_mb": 5, "sizes.10000.build_peak_mb": 40},
    }
    path = write_scaling_chart(figures, tmp_path / "sub" / "scaling.png")
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 10_000, len(data)
    # missing sections draw a placeholder instead of failing
    empty = write_scaling_chart({"cpu_count": 2}, tmp_path / "empty.png")
    assert empty.read_bytes()[:4] == b"\x89PNG"


def test_newswire_documents_come_with_their_creation_times(monkeypatch, tmp_path):
    """The newswire comparison reads TimeBank-style .tml files as documents with a DCT."""
    from benchmarks.extract_bench import newswire_docs

    tb = tmp_path / "TimeBank"
    tb.mkdir()
    (tb / "wsj_0001.tml").write_text(
        '<?xml version="1.0"?><TimeML><DOCID>wsj_0001</DOCID>'
        '<DCT><TIMEX3 tid="t0" type="DATE" value="1989-11-02" '
        'functionInDocument="CREATION_TIME">11/02/89</TIMEX3></DCT>'
        '<TEXT>Moscow and Beijing signed a trade pact on <TIMEX3 tid="t1" type="DATE" '
        'value="1989-10-30">Monday</TIMEX3>.</TEXT></TimeML>', encoding="utf-8")
    monkeypatch.setenv("EVENTLINE_TIMEML", str(tmp_path))
    docs = newswire_docs()
    assert [(d.id, d.published) for d in docs] == [("wsj_0001", "1989-11-02")]
    assert docs[0].text == "Moscow and Beijing signed a trade pact on Monday."
    monkeypatch.setenv("EVENTLINE_TIMEML", str(tmp_path / "absent"))
    assert newswire_docs() == []
