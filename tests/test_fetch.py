"""Adding web pages by URL: a local HTTP server started by the tests (there is no internet
in CI) serves good pages, a 404, redirects, the wrong type, an endless and an oversized
download; private addresses are refused unless allowed."""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

import app
from events import fetch
from events.fetch import FetchError, fetch_url
from events.uploads import UploadError, add_url

PAGES = Path(__file__).parent / "data" / "pages"
ARTICLE = (PAGES / "07-drupal-breadcrumbs.html").read_bytes()
LEGACY = (PAGES / "05-legacy-iso-8859-2.html").read_bytes()


class _Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):  # quiet
        pass

    def _send(self, status, body=b"", ctype="text/html; charset=utf-8", headers=()):
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        for k, v in headers:
            self.send_header(k, v)
        if body is not None:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if body:
            self.wfile.write(body)

    def do_GET(self):  # noqa: N802 - the http.server name
        path = self.path
        if path == "/article":
            self._send(200, ARTICLE)
        elif path == "/legacy":  # no charset in the header: the page's <meta> says it
            self._send(200, LEGACY, ctype="text/html")
        elif path == "/missing":
            self._send(404, b"<html><body>Not found</body></html>")
        elif path == "/moved":
            self._send(302, b"", headers=[("Location", "/article")])
        elif path == "/to-metadata":
            self._send(302, b"", headers=[("Location", "http://169.254.169.254/latest/meta-data/")])
        elif path == "/loop":
            self._send(302, b"", headers=[("Location", "/loop")])
        elif path == "/pdf":
            self._send(200, b"%PDF-1.4 ...", ctype="application/pdf")
        elif path == "/huge":  # says so up front
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(50 * 1024 * 1024))
            self.end_headers()
            self.wfile.write(b"<html>" + b"x" * 1024)
        elif path in ("/endless", "/drip"):  # no length; never ends
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            try:
                self.wfile.write(b"<html><body><p>")
                while True:
                    self.wfile.write(b"x" * (65536 if path == "/endless" else 16))
                    self.wfile.flush()
                    if path == "/drip":
                        time.sleep(0.05)
            except OSError:
                return
        elif path == "/empty":
            self._send(200, b"<html><body><script>1</script></body></html>")
        else:
            self._send(404, b"")


@pytest.fixture(scope="module")
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def corpus(tmp_path):
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "seed.txt").write_text("Argentina signed a treaty with Uruguay on 9 September 2022.",
                                     encoding="utf-8")
    return folder


def test_fe001_loopback_is_refused_without_the_operator_flag(server, corpus):
    with pytest.raises(UploadError, match="127.0.0.1, a loopback, private or link-local"):
        add_url(corpus, server + "/article")
    assert sorted(p.name for p in corpus.iterdir()) == ["seed.txt"]


def test_fe002_add_url_saves_the_page_with_its_url_in_the_manifest(server, corpus):
    path, final = add_url(corpus, server + "/moved", allow_private=True)
    assert final == server + "/article" and path.suffix == ".html"
    assert path.read_bytes() == ARTICLE
    manifest = json.loads((corpus / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["documents"] == [{"file": path.name, "url": server + "/article"}]
    docs = {d["file"]: d for d in app.load_corpus(corpus, workers=1, cache=False).documents}
    rec = docs[path.name]
    assert rec["url"] == server + "/article" and rec["published"] == "2022-09-14", rec
    assert rec["published_basis"] == "page" and rec["reader"] == "trafilatura"
    assert rec["title"] == "Japan and the Philippines agree to joint coast guard patrols"
    # the same URL (or one redirecting to it) is not added twice
    with pytest.raises(UploadError, match="already added"):
        add_url(corpus, server + "/article", allow_private=True)
    with pytest.raises(UploadError, match="already added"):
        add_url(corpus, server + "/moved", allow_private=True)


def test_fe003_page_in_a_legacy_encoding(server, corpus):
    path, _ = add_url(corpus, server + "/legacy", allow_private=True)
    doc = next(d for d in app.load_corpus(corpus, workers=1, cache=False).documents
               if d["file"] == path.name)
    assert doc["title"] == "Poland and Lithuania open new border crossing"


@pytest.mark.parametrize("path, reason", [
    ("/missing", "answered 404 Not Found"),
    ("/pdf", "not a web page (Content-Type application/pdf)"),
    ("/loop", "more than 5 redirects"),
    ("/huge", "over the 1 MB limit"),
    ("/endless", "over the 1 MB limit"),
    ("/empty", "no text"),
])
def test_fe004_bad_urls_are_refused_clearly_and_nothing_is_saved(server, corpus, path, reason):
    with pytest.raises(UploadError) as exc:
        add_url(corpus, server + path, allow_private=True,
                fetch=lambda u, **kw: fetch_url(u, **{**kw, "max_bytes": 1024 * 1024}))
    assert reason in str(exc.value) and server + path in str(exc.value), str(exc.value)
    assert sorted(p.name for p in corpus.iterdir()) == ["seed.txt"]


def test_fe005_endless_slow_download_stops_at_the_time_limit(server):
    t0 = time.monotonic()
    with pytest.raises(FetchError, match="longer than the time limit"):
        fetch_url(server + "/drip", allow_private=True, timeout=1.5)
    assert time.monotonic() - t0 < 5


def test_fe006_every_redirect_hop_is_checked(server, monkeypatch):
    # the test server stands in for a public site: only its own address counts as public,
    # and its redirect to the cloud metadata address must be refused before any connection
    real = fetch.is_public_address
    monkeypatch.setattr(fetch, "is_public_address", lambda a: a == "127.0.0.1" or real(a))
    assert fetch_url(server + "/article").data == ARTICLE
    with pytest.raises(FetchError, match="169.254.169.254, a loopback, private or link-local"):
        fetch_url(server + "/to-metadata")


@pytest.mark.parametrize("url, reason", [
    ("ftp://example.org/a.html", "only http:// and https://"),
    ("file:///etc/passwd", "only http:// and https://"),
    ("http://user:pw@example.org/", "user name or password"),
    ("http://10.0.0.7/admin", "10.0.0.7, a loopback, private"),
    ("http://[::1]:8050/", "::1, a loopback, private"),
    ("http:///nohost", "no host"),
])
def test_fe007_urls_refused_before_any_download(url, reason):
    with pytest.raises(FetchError, match=reason.replace("[", r"\[").replace(".", r"\.")):
        fetch_url(url)


def test_fe008_cli_add_url_needs_the_flag_for_a_local_server(server, corpus, capsys):
    code = app.main(["add", "--corpus", str(corpus), server + "/article"])
    err = capsys.readouterr().err
    assert code == 2 and "refused" in err and "--allow-private-urls" in err, err
    assert not list(corpus.glob("upload-*"))
    code = app.main(["add", "--corpus", str(corpus), "--allow-private-urls", "--no-cache",
                     server + "/article", server + "/missing"])
    err = capsys.readouterr().err
    assert code == 2 and "404" in err, err
    added = list(corpus.glob("upload-*.html"))
    assert len(added) == 1 and f"added {server}/article as {added[0].name}" in err, err
    n = int(err.split(f"as {added[0].name} (document ")[1].split(":")[1].split()[0])
    assert n >= 3, err  # the article's agreements, patrols and statements are events


def test_fe009_browser_add_box_adds_a_page(server, corpus):
    from benchmarks.ui_bench import Client, initial_values

    result = app.load_corpus(corpus, workers=1, cache=True)
    client = Client(app.create_app(result.documents, result.events, corpus=corpus,
                                   upload_dir=corpus, allow_private_urls=True))
    v = {**initial_values(), "add-url-button.n_clicks": 1, "add-url.n_submit": None,
         "add-url.value": server + "/article", "data-version.data": 0}
    client.dep_for = lambda _oid, *_: next(d for d in client.deps if "add-url.value" in d["output"])
    resp, _, _ = client.call("add-url", v, ["add-url-button.n_clicks"])
    msg = str(resp["upload-message"]["children"])
    assert f"Added {server}/article:" in msg and "events found" in msg, msg
    assert resp["data-version"]["data"] == 1 and resp["add-url"]["value"] == ""
    assert len(list(corpus.glob("upload-*.html"))) == 1
    # refused without the operator's flag
    client = Client(app.create_app(result.documents, result.events, corpus=corpus, upload_dir=corpus))
    client.dep_for = lambda _oid, *_: next(d for d in client.deps if "add-url.value" in d["output"])
    v["add-url.value"] = server + "/legacy"
    resp, _, _ = client.call("add-url", v, ["add-url-button.n_clicks"])
    assert "Rejected" in str(resp["upload-message"]["children"]) and "data-version" not in resp


def test_fe010_added_page_and_pdf_files_keep_their_metadata(corpus, capsys, tmp_path):
    from pdf_maker import make_pdf

    (tmp_path / "report.pdf").write_bytes(make_pdf())
    code = app.main(["add", "--corpus", str(corpus), "--no-cache",
                     str(PAGES / "12-amp-graph-modified.html"), str(tmp_path / "report.pdf")])
    assert code == 0, capsys.readouterr().err
    page = next(corpus.glob("upload-*.html"))
    assert page.read_bytes() == (PAGES / "12-amp-graph-modified.html").read_bytes()
    docs = {d["file"]: d for d in app.load_corpus(corpus, workers=1, cache=False).documents}
    rec = docs[page.name]
    assert (rec["published"], rec["published_basis"]) == ("2022-12-05", "page"), rec
    assert rec["outlet"] == "Mekong Times" and rec["author"] == "Minh Nguyen", rec
    pdf_text = next(corpus.glob("upload-*.txt")).read_text(encoding="utf-8")
    assert "agriculture ministries" in pdf_text and "Page 1 of 2" not in pdf_text


def test_fe011_remove_page_undoes_add_url(server, corpus):
    from events.uploads import remove_page

    path, _ = add_url(corpus, server + "/article", allow_private=True)
    remove_page(corpus, path)
    assert not path.exists()
    assert json.loads((corpus / "manifest.json").read_text(encoding="utf-8"))["documents"] == []
    assert add_url(corpus, server + "/article", allow_private=True)[0].exists()  # can be added again


def test_fe012_https_connects_to_the_checked_address_and_verifies_the_certificate(
        tmp_path, monkeypatch):
    import shutil
    import ssl
    import subprocess

    if not shutil.which("openssl"):
        pytest.skip("needs the openssl command to make a test certificate")
    key, cert = tmp_path / "k.pem", tmp_path / "c.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(key),
                    "-out", str(cert), "-days", "1", "-subj", "/CN=localhost",
                    "-addext", "subjectAltName=DNS:localhost"], check=True, capture_output=True)
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(cert, key)
    httpd.socket = ctx.wrap_socket(httpd.socket, server_side=True)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    url = f"https://localhost:{httpd.server_address[1]}/article"
    try:
        with pytest.raises(FetchError, match="CERTIFICATE_VERIFY_FAILED|certificate verify failed"):
            fetch_url(url, allow_private=True, timeout=5)
        trusting = ssl.create_default_context(cafile=str(cert))
        monkeypatch.setattr(fetch.ssl, "create_default_context", lambda: trusting)
        assert fetch_url(url, allow_private=True, timeout=5).data == ARTICLE
        with pytest.raises(FetchError, match="loopback"):
            fetch_url(url, timeout=5)
    finally:
        httpd.shutdown()
        httpd.server_close()
