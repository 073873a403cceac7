"""The examples in the docstrings of every module under events/ run and hold."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import events

MODULES = sorted(m.name for m in pkgutil.walk_packages(events.__path__, "events."))


def test_every_events_module_is_collected():
    # a new module under events/ is checked without being listed here
    assert {"events.timex", "events.curation", "events.curation.validate", "events.merge"} <= set(MODULES)


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert result.failed == 0, f"{result.failed} of {result.attempted} examples failed in {name}"


def test_the_examples_are_many():
    attempted = sum(doctest.testmod(importlib.import_module(n), optionflags=doctest.ELLIPSIS,
                                    report=False).attempted for n in MODULES)
    assert attempted >= 15, attempted
