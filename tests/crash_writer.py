"""Write a burst of curation edits, printing each committed operation id.

Used by tests/test_curation_crash.py: the test kills this process with SIGKILL
part way and then checks that the database is intact and that every id
printed here (printed only after its commit returned) is in it.

Usage::

    python tests/crash_writer.py DB PREFIX [--count N] [--events K]

Edits the labels of events ``<PREFIX>0`` .. ``<PREFIX>K-1`` in turn, forever
or ``N`` times; one line ``<op id>`` per committed edit, flushed.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from events.curation import CurationStore  # noqa: E402


def main(argv: list[str]) -> int:
    p = argparse.ArgumentParser()
    p.add_argument("db")
    p.add_argument("prefix")
    p.add_argument("--count", type=int, default=0, help="stop after N edits (0: never)")
    p.add_argument("--events", type=int, default=7)
    ns = p.parse_args(argv)
    store = CurationStore(ns.db)
    i = 0
    while not ns.count or i < ns.count:
        op_id = store.edit(f"{ns.prefix}{i % ns.events}", label=f"label {ns.prefix} {i}",
                           note=f"burst edit {i}")
        print(op_id, flush=True)
        i += 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
