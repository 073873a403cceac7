"""pcre2 is optional: without it, fastre runs everything on re and extraction is the same."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# Runs in a fresh interpreter where ``import pcre2`` fails, as on a platform without a wheel.
_WITHOUT_PCRE2 = r"""
import json, sys
sys.modules["pcre2"] = None  # import pcre2 -> ImportError
from events import fastre
from events.pipeline import run_pipeline
assert fastre._pcre2 is None, "pcre2 was imported"
result = run_pipeline(sys.argv[1], cache=False, workers=1)
print(json.dumps({"engine": fastre.engine(),
                  "events": sorted((e["id"], e["label"], e["date"]["value"])
                                   for e in result.events)}))
"""


def _seed_events():
    out = subprocess.run([sys.executable, "-c", _WITHOUT_PCRE2, str(ROOT / "seeds")],
                         cwd=ROOT, capture_output=True, text=True, check=True, timeout=300)
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_without_pcre2_everything_runs_on_re_with_the_same_events():
    from events.pipeline import run_pipeline

    got = _seed_events()
    assert got["engine"] == "re"
    here = run_pipeline(str(ROOT / "seeds"), cache=False, workers=1)
    want = sorted([e["id"], e["label"], e["date"]["value"]] for e in here.events)
    assert len(want) >= 40
    assert got["events"] == want


def test_fastre_compiles_and_matches_without_pcre2():
    code = ("import sys; sys.modules['pcre2'] = None\n"
            "from events import fastre\n"
            "p = fastre.compile(r'\\b[0-9]{4}\\b')\n"
            "assert fastre.engine() == 're' and p.fast is None\n"
            "print([m.group() for m in p.finditer('from 2001 to 2022')],"
            " fastre.AsciiPattern('[0-9]+').spans('a 12 b'))")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                         text=True, check=True, timeout=120)
    assert out.stdout.strip() == "['2001', '2022'] [(2, 4)]"
