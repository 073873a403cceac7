"""Hostile input through the real pipeline and every export format.

One corpus holds two plain, well-formed articles next to hostile files (empty,
PNG bytes, Windows-1252, UTF-16, a 50 MB file, control characters and
``<script>`` in texts and file names, impossible dates).  Each test asserts
the specific outcome: the message of a skipped file, that decodable files give
their events, that no invalid date value appears, that the plain articles'
events are exactly those of a run without the hostile files, and that each
export format reads back.  Manifest trouble (wrong types, missing files,
duplicate ids, invalid and deeply nested JSON) gets a small corpus per case.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import re
import sys
import zipfile

import networkx as nx
import pytest

from events import timex
from events.corpus import MAX_BYTES, load_corpus
from events.curation import CurationStore, apply_curation
from events.pipeline import run_pipeline
from graph.build import build_graph
from graph.export import EXPORTERS, export, export_bytes

ARCTIC = ("Arctic talks\n\nCanada and Denmark signed an agreement on Hans Island on June 14, 2022. "
          "Denmark accused Russia of violating its airspace on June 20, 2022.\n")
ANDES = ("Andes\n\nChile and Peru signed a border treaty in Lima on August 3, 2021. "
         "Peru protested against Bolivia on August 9, 2021.\n")
LATIN = ("Paris talks\n\nFrance\u2019s président met Germany\u2019s chancellor in Paris on March 3, "
         "2021, and France signed a \u201cdéfense\u201d pact with Germany.\n")
UTF16 = "Tokyo\n\nJapan and South Korea held talks in Tokyo on May 7, 2023.\n"
ABSURD = ("Odd dates\n\nChina signed a deal with Russia on February 30, 2022. Brazil will meet "
          "Argentina in the 13th month. Egypt threatened Ethiopia in year 99999. India met Nepal on "
          "31/31/2022. Kenya met Uganda on 2022-02-31 and on April 31, 2021.\n")
CONTROL = "Control\n\nItaly\x01 and Spain signed a \x1ftreaty\x0b in Rome on April 2, 2020.\x7f\x08\n"
SCRIPT_TXT = ("<script>alert('x')</script> Poland and Ukraine signed an <b>agreement</b> in Kyiv "
              "on July 9, 2022 <img src=x onerror=alert(2)>.\n")
SCRIPT_HTML = ("<html><head><title>Border</title><script>alert(1)</script></head><body>"
               "<p>Norway and Sweden signed a ferry agreement on October 12, 2021.</p>"
               "<script>document.write('injected')</script><style>p{}</style></body></html>")
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10" + bytes(range(256)) * 8

CONTROL_NAME = "ctrl\x01name\x1f.txt"
SCRIPT_NAME = "<script>alert(1)<\\script>.txt"
HUGE_BYTES = 50 * 2**20


def _write_good(folder):
    (folder / "arctic.txt").write_text(ARCTIC, encoding="utf-8")
    (folder / "andes.md").write_text(ANDES, encoding="utf-8")


@pytest.fixture(scope="module")
def baseline(tmp_path_factory):
    folder = tmp_path_factory.mktemp("baseline")
    _write_good(folder)
    return run_pipeline(folder, cache=False, workers=1)


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    folder = tmp_path_factory.mktemp("hostile")
    _write_good(folder)
    (folder / "empty.txt").write_bytes(b"")
    (folder / "blank.txt").write_bytes(b" \n\t\n")
    (folder / "image.txt").write_bytes(PNG)
    (folder / "latin.txt").write_bytes(LATIN.encode("cp1252"))
    (folder / "utf16.txt").write_bytes(UTF16.encode("utf-16"))  # with BOM
    (folder / "absurd.txt").write_text(ABSURD, encoding="utf-8")
    (folder / CONTROL_NAME).write_text(CONTROL, encoding="utf-8")
    (folder / SCRIPT_NAME).write_text(SCRIPT_TXT, encoding="utf-8")
    (folder / "page.html").write_text(SCRIPT_HTML, encoding="utf-8")
    (folder / "scriptonly.html").write_text("<script>alert(1)</script><style>b{}</style>",
                                            encoding="utf-8")
    (folder / "folder.txt").mkdir()
    (folder / "dangling.txt").symlink_to(folder / "nowhere.txt")
    with open(folder / "huge.txt", "wb") as fh:  # sparse: instant, no 50 MB written
        fh.write(b"Canada met Denmark in Ottawa on June 1, 2022.\n")
        fh.truncate(HUGE_BYTES)
    result = run_pipeline(folder, cache=False, workers=1)
    return folder, result


def _problem(result, name):
    hits = [p for p in result.problems if name in p]
    assert len(hits) == 1, result.problems
    return hits[0]


def _doc_ids(result):
    return {d["id"] for d in result.documents}


def _events_of(result, doc_id):
    return [e for e in result.events if doc_id in e["sources"]]


def _mentions_of(result, doc_id):
    return sorted((m for e in result.events for m in e["mentions"] if m["doc_id"] == doc_id),
                  key=lambda m: m["id"])


def _actor_ids(events):
    return {a["id"] for e in events for a in e["actors"]}


# ---------------------------------------------------------------- files


@pytest.mark.parametrize("name, message", [
    ("empty.txt", "skipped empty.txt: the file is empty"),
    ("blank.txt", "skipped blank.txt: the file is empty"),
    ("image.txt", "skipped image.txt: a PNG image, not text"),
    ("scriptonly.html", "skipped scriptonly.html: the HTML page has no text"),
    ("folder.txt", "skipped folder.txt: not a regular file"),
    ("dangling.txt", "skipped dangling.txt: no such file"),
])
def test_unusable_file_is_skipped_with_its_reason(hostile, name, message):
    _, result = hostile
    assert _problem(result, name) == message
    assert name.rsplit(".", 1)[0] not in _doc_ids(result)


def test_huge_file_reported_with_the_limit_and_others_processed(hostile):
    _, result = hostile
    msg = _problem(result, "huge.txt")
    assert msg.startswith("skipped huge.txt: "), msg
    # one unit (MiB, shown as MB) for the size and the limit, and the option that raises it
    assert f"{HUGE_BYTES / 2**20:.1f} MB" in msg and f"{MAX_BYTES // 2**20} MB limit" in msg, msg
    assert "--max-document-mb" in msg, msg
    assert "huge" not in _doc_ids(result)
    assert {"arctic", "andes", "latin", "utf16"} <= _doc_ids(result)


def test_cp1252_file_is_decoded_and_its_events_found(hostile):
    folder, result = hostile
    doc = next(d for d in load_corpus(folder).documents if d.id == "latin")
    assert "président" in doc.text and "\u201cdéfense\u201d" in doc.text, doc.text[:200]
    events = _events_of(result, "latin")
    assert {"FRA", "DEU"} <= _actor_ids(events), events
    assert {e["date"]["value"] for e in events} == {"2021-03-03"}
    for m in _mentions_of(result, "latin"):  # provenance offsets point into the decoded text
        assert doc.text[m["start"]:m["end"]] == m["sentence"]


def test_utf16_with_bom_is_decoded_and_its_events_found(hostile):
    folder, result = hostile
    doc = next(d for d in load_corpus(folder).documents if d.id == "utf16")
    assert doc.text.startswith("Tokyo\n") and "\ufeff" not in doc.text, repr(doc.text[:40])
    events = _events_of(result, "utf16")
    assert {"JPN", "KOR"} <= _actor_ids(events), events
    assert {e["date"]["value"] for e in events} == {"2023-05-07"}


def _valid_date(d):
    assert timex.VALUE_RE.match(d["value"]), d
    if d.get("start") is not None or d.get("end") is not None:
        s, e = dt.date.fromisoformat(d["start"]), dt.date.fromisoformat(d["end"])
        assert s <= e, d
        assert 1 <= s.year <= 9999


def test_absurd_dates_give_no_invalid_date_values(hostile):
    _, result = hostile
    assert "absurd" in _doc_ids(result)
    assert not any("absurd" in p for p in result.problems), result.problems
    for e in result.events:
        _valid_date(e["date"])
        for m in e["mentions"]:
            assert timex.VALUE_RE.match(m["timex"]["value"]), m["timex"]
    values = {e["date"]["value"] for e in _events_of(result, "absurd")}
    bad = {"2022-02-30", "2022-02-31", "2021-04-31", "99999", "2022-13"}
    assert not values & bad, values
    # the tagger itself, on the same text: no value outside TIMEX3 syntax, no impossible day
    for t in timex.tag(ABSURD, dct="2022-06-01"):
        assert timex.VALUE_RE.match(t.value), t
        if t.interval_start:
            _valid_date({"value": t.value, "start": t.interval_start, "end": t.interval_end})
        assert t.value not in bad, t


def test_control_characters_in_text_and_file_name(hostile):
    folder, result = hostile
    doc_id = CONTROL_NAME.rsplit(".", 1)[0]
    assert doc_id in _doc_ids(result), _doc_ids(result)
    events = _events_of(result, doc_id)
    assert "ITA" in _actor_ids(events), events
    doc = next(d for d in load_corpus(folder).documents if d.id == doc_id)
    for m in _mentions_of(result, doc_id):  # offsets still exact in the raw text
        assert doc.text[m["start"]:m["end"]] == m["sentence"]


def test_script_in_html_is_dropped_and_in_text_kept_verbatim(hostile):
    folder, result = hostile
    docs = {d.id: d for d in load_corpus(folder).documents}
    page = docs["page"]
    assert "alert" not in page.text and "injected" not in page.text and "<p>" not in page.text
    assert {"NOR", "SWE"} <= _actor_ids(_events_of(result, "page")), _events_of(result, "page")
    script_id = SCRIPT_NAME.rsplit(".", 1)[0]
    assert docs[script_id].text == SCRIPT_TXT  # a .txt file is text: kept exactly, escaped on output
    assert {"POL", "UKR"} & _actor_ids(_events_of(result, script_id))


def test_plain_articles_unchanged_by_hostile_neighbours(hostile, baseline):
    _, result = hostile
    assert baseline.problems == []
    for doc_id in ("arctic", "andes"):
        before = _mentions_of(baseline, doc_id)
        assert before, f"{doc_id}: the plain article should give events"
        assert _mentions_of(result, doc_id) == before, doc_id
    plain = [e for e in result.events if set(e["sources"]) <= {"arctic", "andes"}]
    assert plain == [e for e in baseline.events if set(e["sources"]) <= {"arctic", "andes"}]


def test_missing_or_wrong_corpus_folder_is_a_clear_error(tmp_path):
    from events.corpus import CorpusError

    with pytest.raises(CorpusError, match="does not exist"):
        run_pipeline(tmp_path / "nope", cache=False, workers=1)
    (tmp_path / "file.txt").write_text(ARCTIC)
    with pytest.raises(CorpusError, match="is not a folder"):
        run_pipeline(tmp_path / "file.txt", cache=False, workers=1)


def test_corpus_of_only_hostile_files_gives_an_empty_exportable_result(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "image.txt").write_bytes(PNG)
    (tmp_path / "manifest.json").write_text("[" * 1000)
    result = run_pipeline(tmp_path, cache=False, workers=1)
    assert result.documents == [] and result.events == []
    assert len(result.problems) == 3, result.problems
    G = build_graph(result.events, result.documents)
    for fmt in EXPORTERS:
        data = export_bytes(G, fmt)
        assert data, fmt
    assert nx.read_graphml(io.BytesIO(export_bytes(G, "graphml"))).number_of_nodes() == 0


def test_control_characters_do_not_change_the_events(tmp_path):
    texts = {"clean": "Rome\n\nItaly and Spain signed a treaty in Rome on April 2, 2020.\n",
             "dirty": "Rome\n\nItaly\x01 and Spain\x02 signed a\x1f treaty in Rome on April 2, 2020.\n"}
    actors = {}
    for name, text in texts.items():  # separate corpora: merging would hide a lost actor
        (tmp_path / name).mkdir()
        (tmp_path / name / "a.txt").write_text(text)
        result = run_pipeline(tmp_path / name, cache=False, workers=1)
        actors[name] = sorted((e["type"], a["id"]) for e in result.events for a in e["actors"])
    assert actors["clean"] == [("AGREE", "ESP"), ("AGREE", "ITA")], actors
    assert actors["dirty"] == actors["clean"], actors


def test_latin1_file_with_bytes_cp1252_lacks_is_skipped_with_advice(tmp_path):
    _write_good(tmp_path)
    (tmp_path / "latin1.txt").write_bytes(LATIN.replace("\u2019", "'").replace("\u201c", '"')
                                          .replace("\u201d", '"').encode("latin-1") + b"\x81\x8d")
    result = run_pipeline(tmp_path, cache=False, workers=1)
    msg = _problem(result, "latin1.txt")
    assert msg.startswith("skipped latin1.txt: not UTF-8 and not Windows-1252 text (byte "), msg
    assert msg.endswith("convert it to UTF-8"), msg
    assert _doc_ids(result) == {"arctic", "andes"}


@pytest.mark.skipif(sys.platform != "linux", reason="needs a file system with byte file names")
@pytest.mark.parametrize("cache", [False, True], ids=["no-cache", "cache"])
def test_file_name_that_is_not_utf8(tmp_path, cache):
    folder = tmp_path / "corpus"
    folder.mkdir()
    _write_good(folder)
    with open(os.path.join(os.fsencode(folder), b"caf\xe9 accord.txt"), "wb") as fh:
        fh.write(b"Rome\n\nItaly and Spain signed a treaty in Rome on April 2, 2020.\n")
    result = run_pipeline(folder, cache=tmp_path / "cache.sqlite" if cache else False, workers=1)
    assert result.problems == [], result.problems
    ids = [d["id"] for d in result.documents if d["id"].startswith("caf")]
    assert len(ids) == 1, result.documents
    assert {"ITA", "ESP"} <= _actor_ids(_events_of(result, ids[0]))


def test_article_without_punctuation_is_cut_into_bounded_sentences(tmp_path):
    # A run-on text is cut into pieces of at most MAX_SENTENCE characters, so the work per
    # sentence (clause scans per trigger) stays bounded and the whole text is still read.
    from events.sentences import MAX_SENTENCE, split_sentences
    text = "Russia and China met " * 1000
    spans = split_sentences(text)
    assert max(e - s for s, e in spans) <= MAX_SENTENCE
    assert "".join(text[s:e] for s, e in spans).replace(" ", "") == text.replace(" ", "")
    (tmp_path / "run-on.txt").write_text(text)
    result = run_pipeline(tmp_path, cache=False, workers=1)
    assert result.problems == []
    assert [d["id"] for d in result.documents] == ["run-on"]


# ---------------------------------------------------------------- exports


XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


@pytest.fixture(scope="module")
def graph(hostile):
    _, result = hostile
    store_events = result.events
    return build_graph(store_events, result.documents, name="hostile <corpus> \x01")


def _scalars(G):
    yield from (str(v) for _, d in G.nodes(data=True) for v in d.values())
    yield from (str(n) for n in G.nodes)


def test_graph_has_the_hostile_documents_cleaned(graph):
    docs = {n for n, d in graph.nodes(data=True) if d["kind"] == "document"}
    assert "document:ctrlname" in docs, docs  # XML-forbidden characters removed
    assert "document:" + SCRIPT_NAME.rsplit(".", 1)[0] in docs
    assert not any(XML_FORBIDDEN.search(s) for s in _scalars(graph))


def test_graphml_reads_back_in_networkx_and_igraph(graph, tmp_path):
    igraph = pytest.importorskip("igraph")
    path = tmp_path / "g.graphml"
    export(graph, "graphml", path)
    H = nx.read_graphml(path)
    assert set(H.nodes) == set(graph.nodes)
    assert H.number_of_edges() == graph.number_of_edges()
    script_doc = "document:" + SCRIPT_NAME.rsplit(".", 1)[0]
    assert H.nodes[script_doc]["label"] == graph.nodes[script_doc]["label"]
    label_nodes = [n for n, d in graph.nodes(data=True) if "<b>" in str(d.get("label", ""))]
    assert label_nodes, "the <b> label of the script article should reach the graph"
    for n in label_nodes:
        assert H.nodes[n]["label"] == graph.nodes[n]["label"]
    ig = igraph.Graph.Read_GraphML(str(path))
    assert ig.vcount() == graph.number_of_nodes() and ig.ecount() == graph.number_of_edges()
    assert set(ig.vs["id"]) == set(graph.nodes)


def test_gexf_reads_back(graph):
    H = nx.read_gexf(io.BytesIO(export_bytes(graph, "gexf")))
    assert set(H.nodes) == set(graph.nodes)
    assert H.number_of_edges() == graph.number_of_edges()


def test_csv_zip_reads_back(graph):
    with zipfile.ZipFile(io.BytesIO(export_bytes(graph, "csv"))) as zf:
        nodes = list(csv.DictReader(io.StringIO(zf.read("nodes.csv").decode("utf-8"))))
        edges = list(csv.DictReader(io.StringIO(zf.read("edges.csv").decode("utf-8"))))
    assert {r["Id"] for r in nodes} == set(graph.nodes)
    assert len(edges) == graph.number_of_edges()
    assert {(r["Source"], r["Target"]) for r in edges} == {(u, v) for u, v in graph.edges()}


def test_json_reads_back(graph):
    data = json.loads(export_bytes(graph, "json").decode("utf-8"))
    H = nx.node_link_graph(data, edges="edges")
    assert set(H.nodes) == set(graph.nodes)
    assert H.number_of_edges() == graph.number_of_edges()


def test_every_exporter_is_covered():
    assert sorted(EXPORTERS) == ["csv", "gexf", "graphml", "json"]


def test_curated_hostile_label_exports(hostile, tmp_path):
    _, result = hostile
    store = CurationStore(tmp_path / "c.sqlite")
    target = _events_of(result, "arctic")[0]["id"]
    store.edit(target, label="<script>alert('x')</script> & \x01 \ufffe reviewed")
    events = apply_curation(result.events, store)
    edited = next(e for e in events if e["id"] == target)
    assert edited["label"] == "<script>alert('x')</script> & reviewed"  # control chars stripped
    G = build_graph(events, result.documents)
    for fmt in EXPORTERS:
        assert export_bytes(G, fmt), fmt
    H = nx.read_graphml(io.BytesIO(export_bytes(G, "graphml")))
    assert H.nodes[target]["label"] == edited["label"]


# ---------------------------------------------------------------- manifests


def _manifest_corpus(tmp_path, manifest: bytes | str):
    _write_good(tmp_path)
    path = tmp_path / "manifest.json"
    path.write_bytes(manifest if isinstance(manifest, bytes) else manifest.encode("utf-8"))
    return run_pipeline(tmp_path, cache=False, workers=1)


MANIFESTS = {
    "wrong types": (json.dumps({"documents": [
        {"file": "arctic.txt", "id": "arc", "title": ["a", "list"], "author": {"x": 1},
         "published": 20220614},
        {"file": 7},
        "just a string",
        {"file": "../../etc/passwd", "id": "evil"},
    ]}), [
        "manifest: document 'arc': field 'title' should be text, got list; ignored",
        "manifest: document 'arc': field 'author' should be text, got dict; ignored",
        "manifest: document 'arc': 'published' must be YYYY, YYYY-MM or YYYY-MM-DD, got 20220614",
        "manifest: entry 1 has no 'file'; ignored",
        "manifest: entry 2 is not an object; ignored",
        "manifest: entry 3: file '../../etc/passwd' must be a plain file name",
    ], {"arc", "andes"}),
    "not a list": (json.dumps({"documents": {"arctic.txt": {}}}),
                   ["manifest.json: expected a 'documents' list; ignored"], {"arctic", "andes"}),
    "missing files": (json.dumps({"documents": [
        {"file": "arctic.txt", "id": "arc", "published": "2022-06-15"},
        {"file": "ghost.txt", "id": "ghost"}]}),
        ["manifest: file 'ghost.txt' is listed but not in the folder"], {"arc", "andes"}),
    "duplicate ids": (json.dumps({"documents": [
        {"file": "arctic.txt", "id": "same"}, {"file": "andes.md", "id": "same"}]}),
        ["manifest: duplicate id 'same' (file andes.md); this entry is ignored"], {"same", "andes"}),
    "invalid json": ('{"documents": [{"file": "arctic.txt",}', ["manifest.json: not valid JSON"],
                     {"arctic", "andes"}),
    "deeply nested": ("[" * 100_000, ["manifest.json: not valid JSON"], {"arctic", "andes"}),
    "binary": (PNG, ["manifest.json: not valid JSON", "a PNG image, not text"], {"arctic", "andes"}),
}


@pytest.mark.parametrize("case", sorted(MANIFESTS))
def test_bad_manifest_is_reported_and_articles_still_load(tmp_path, baseline, case):
    manifest, messages, ids = MANIFESTS[case]
    result = _manifest_corpus(tmp_path, manifest)
    text = "\n".join(result.problems)
    for message in messages:
        assert message in text, text
    assert _doc_ids(result) == ids
    # the articles' events do not depend on the broken manifest (ids aside)
    got = sorted((m["sentence"], m["trigger"]["text"]) for e in result.events for m in e["mentions"])
    want = sorted((m["sentence"], m["trigger"]["text"]) for e in baseline.events for m in e["mentions"])
    assert got == want
