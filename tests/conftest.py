"""Shared test setup: headless Chromium for dash.testing, browser gating,
and small hand-written event records.

Browser tests (``@pytest.mark.browser``) skip with a reason when Chromium or
chromedriver is missing, unless ``EVENTLINE_REQUIRE_BROWSER=1`` (CI), where a
missing browser is a failure. Chromium runs headless with ``--no-sandbox``
(needed as root) and without background networking.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

CHROME_ARGS = (
    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--no-first-run", "--window-size=1366,768", "--force-device-scale-factor=1",
)


def chrome_binary() -> str | None:
    env = os.environ.get("DASH_TEST_CHROMEPATH")
    if env and Path(env).exists():
        return env
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        found = shutil.which(name)
        if found:
            return found
    return None


def browser_missing_reason(config=None) -> str | None:
    try:
        import dash.testing.plugin  # noqa: F401
        import selenium  # noqa: F401
    except ImportError as exc:
        return f"dash[testing]/selenium not installed ({exc})"
    if config is not None and not any(getattr(p, "__name__", "") == "dash.testing.plugin"
                                      for p in config.pluginmanager.get_plugins()):
        return "the dash.testing pytest plugin is not active (pip install 'dash[testing]')"
    if not chrome_binary():
        return "no Chromium/Chrome binary on PATH (apt-get install chromium)"
    if not shutil.which("chromedriver"):
        return "no chromedriver on PATH (apt-get install chromium-driver)"
    return None


@pytest.hookimpl(optionalhook=True)  # the hookspec exists only with dash[testing]
def pytest_setup_options():
    """dash.testing hook: the Chrome options for ``dash_duo``."""
    from selenium.webdriver.chrome.options import Options

    opts = Options()
    binary = chrome_binary()
    if binary:
        opts.binary_location = binary
    for arg in CHROME_ARGS:
        opts.add_argument(arg)
    return opts


def _free_port_base() -> int:
    """A port from which a run's Dash test servers count up, different for
    each pytest process, so that runs side by side on one machine (several
    checkouts, a developer beside CI) never serve on each other's port."""
    import random
    import socket

    rng = random.Random(os.getpid())
    for _ in range(50):
        base = rng.randrange(20000, 60000, 100)
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", base))
            except OSError:
                continue
        return base
    return 58050


def pytest_configure(config):
    try:
        from dash.testing.application_runners import BaseDashRunner
    except ImportError:
        pass
    else:
        BaseDashRunner._next_port = _free_port_base()
    # selenium 4.2 calls a urllib3 API deprecated in urllib3 2.x on every
    # WebDriver command: hundreds of identical warnings that hide real ones
    config.addinivalue_line(
        "filterwarnings", "ignore:HTTPResponse.getheader:DeprecationWarning:selenium")


def pytest_runtest_setup(item):
    if item.get_closest_marker("browser") is None:
        return
    reason = browser_missing_reason(item.config)
    if reason is None:
        return
    if os.environ.get("EVENTLINE_REQUIRE_BROWSER") == "1":
        pytest.fail(f"browser required (EVENTLINE_REQUIRE_BROWSER=1) but {reason}", pytrace=False)
    pytest.skip(f"browser test skipped: {reason}")


# ---------------------------------------------------------------- records


def make_event(eid, label, *, date, actors, etype="AGREE", status="happened", sources=("docA",),
               sentence=None, sent_start=0):
    """A hand-written event record in the events.model shape.

    ``date``: (value, granularity, start, end, text). ``actors``: list of
    (id, label, role). The mention's offsets are computed from ``sentence``.
    """
    value, gran, start, end, text = date
    sentence = sentence or label
    mention = {"doc_id": sources[0], "sentence": sentence, "start": sent_start,
               "end": sent_start + len(sentence), "actors": []}
    if text and text in sentence:
        s = sentence.index(text)
        mention["timex"] = {"start": sent_start + s, "end": sent_start + s + len(text), "text": text,
                            "value": value}
    for aid, alabel, _role in actors:
        if alabel in sentence:
            s = sentence.index(alabel)
            mention["actors"].append({"start": sent_start + s, "end": sent_start + s + len(alabel),
                                      "text": alabel, "id": aid})
    return {
        "id": eid, "label": label, "type": etype, "status": status, "trigger": "",
        "confidence": 0.7,
        "date": {"value": value, "type": "DATE", "granularity": gran, "start": start, "end": end,
                 "mod": None, "text": text},
        "actors": [{"id": a, "label": lab, "kind": "state", "country": a, "role": r}
                   for a, lab, r in actors],
        "sources": sorted(sources), "mentions": [mention], "merge_reasons": [],
    }


@pytest.fixture
def small_records():
    """Six events by four actors over 1998-2021, written for these tests."""
    docs = [
        {"id": "docA", "file": "a.txt", "title": "Harbour talks <b>open</b>", "author": None,
         "outlet": "Test Gazette", "published": "2021-06-01", "published_estimated": False,
         "dct_inferred": False},
        {"id": "docB", "file": "b.txt", "title": "River accord", "author": "R. Writer",
         "outlet": "Sample Times", "published": "2010-03", "published_estimated": True,
         "dct_inferred": False},
    ]
    ev = [
        make_event("event:a1", "Norland and Sudmark sign a river accord",
                   date=("2009-04-12", "day", "2009-04-12", "2009-04-12", "12 April 2009"),
                   actors=[("NOR", "Norland", "participant"), ("SUD", "Sudmark", "participant")],
                   sources=("docB",),
                   sentence="On 12 April 2009 Norland and Sudmark signed a river accord.",
                   sent_start=40),
        make_event("event:a2", "Norland plans harbour talks with Ostia",
                   date=("2021-07", "month", "2021-07-01", "2021-07-31", "July 2021"),
                   actors=[("NOR", "Norland", "source"), ("OST", "Ostia", "target")],
                   etype="CONSULT", status="planned",
                   sentence="Norland said it will hold harbour talks with Ostia in July 2021."),
        make_event("event:a3", "Sudmark denies sending troops",
                   date=("2015", "year", "2015-01-01", "2015-12-31", "2015"),
                   actors=[("SUD", "Sudmark", "source")], etype="MOBILIZE", status="denied",
                   sources=("docA", "docB")),
        make_event("event:a4", "Westport accuses Norland <script>alert(1)</script>",
                   date=("2012-10-03", "day", "2012-10-03", "2012-10-03", "October 3, 2012"),
                   actors=[("WES", "Westport", "source"), ("NOR", "Norland", "target")],
                   etype="ACCUSE"),
        make_event("event:a5", "Ostia and Westport might cooperate on fishing",
                   date=("199X", "decade", "1990-01-01", "1999-12-31", "the 1990s"),
                   actors=[("OST", "Ostia", "participant"), ("WES", "Westport", "participant")],
                   etype="COOPERATE", status="hypothetical"),
        make_event("event:a6", "An undated statement by Norland",
                   date=("XXXX-03", "month", None, None, "March"),
                   actors=[("NOR", "Norland", "source")], etype="STATEMENT"),
    ]
    return docs, ev
