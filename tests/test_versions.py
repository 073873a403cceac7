"""The dash versions the explorer is tested under are declared with an upper
bound on the next major (issue 19, item 1: a new major moved the focus into
the dropdown's option inputs and the review keys curated while typing)."""

from __future__ import annotations

import tomllib
from pathlib import Path

import dash
from packaging.requirements import Requirement
from packaging.version import Version

ROOT = Path(__file__).resolve().parents[1]


def dash_requirements() -> list[Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    reqs = list(project["dependencies"])
    for extra in project.get("optional-dependencies", {}).values():
        reqs += extra
    return [r for r in map(Requirement, reqs) if r.name == "dash"]


def test_dash_is_pinned_below_the_next_major_and_installed_within():
    reqs = dash_requirements()
    assert reqs, "pyproject.toml declares no dash requirement"
    installed = Version(dash.__version__)
    for req in reqs:
        uppers = [Version(s.version) for s in req.specifier if s.operator == "<"]
        assert uppers, f"{req}: no upper bound; a new dash major could break the page unnoticed"
        assert all(u.major <= installed.major + 1 and u.minor == 0 == u.micro for u in uppers), req
        assert req.specifier.contains(installed), f"dash {installed} installed, {req} declared"
