"""A one-line progress printer for long runs (no dependency).

Writes ``\\r``-refreshed lines such as::

    extract  120/5000 docs  2.4%  8,311 events  41.2 docs/s  318 KB/s  ETA 1m58s

to a stream (stderr by default), at most every ``interval`` seconds, and a
final line with a newline on :meth:`Progress.close`.  On a stream that is not
a terminal it prints whole lines instead, less often, so logs stay readable.
"""

from __future__ import annotations

import sys
import time
from typing import TextIO


def format_seconds(seconds: float) -> str:
    """``75`` -> ``'1m15s'``; ``3700`` -> ``'1h01m'``.

    >>> format_seconds(4.2), format_seconds(75), format_seconds(3700)
    ('4s', '1m15s', '1h01m')
    """
    seconds = max(0, int(round(seconds)))
    if seconds < 60:
        return f"{seconds}s"
    if seconds < 3600:
        return f"{seconds // 60}m{seconds % 60:02d}s"
    return f"{seconds // 3600}h{(seconds % 3600) // 60:02d}m"


class Progress:
    """Counts documents, events and bytes against a known total (or, with ``unit``,
    other things: the merge counts mentions)."""

    def __init__(self, total_docs: int, total_bytes: int = 0, *, label: str = "extract",
                 stream: TextIO | None = None, interval: float = 0.2, enabled: bool = True,
                 unit: str = "docs"):
        self.total_docs = total_docs
        self.total_bytes = total_bytes
        self.label = label
        self.unit = unit  # what is counted: "docs", or e.g. "mentions" (no events, no KB/s)
        self.closed = False
        self.stream = stream if stream is not None else sys.stderr
        self.enabled = enabled
        self.tty = bool(getattr(self.stream, "isatty", lambda: False)())
        self.interval = interval if self.tty else max(interval, 5.0)
        self.docs = 0
        self.events = 0
        self.bytes = 0
        self.started = time.perf_counter()
        self._last = 0.0

    def update(self, docs: int = 0, events: int = 0, nbytes: int = 0) -> None:
        self.docs += docs
        self.events += events
        self.bytes += nbytes
        now = time.perf_counter()
        if self.enabled and (now - self._last >= self.interval or self.docs >= self.total_docs):
            self._last = now
            self._write(self.line(), final=False)

    def line(self) -> str:
        elapsed = max(time.perf_counter() - self.started, 1e-9)
        rate = self.docs / elapsed
        kbs = self.bytes / 1024 / elapsed
        pct = 100.0 * self.docs / self.total_docs if self.total_docs else 100.0
        left = self.total_docs - self.docs
        eta = format_seconds(left / rate) if rate > 0 and left > 0 else "-"
        if self.unit != "docs":
            return (f"{self.label} {self.docs:,}/{self.total_docs:,} {self.unit} {pct:5.1f}%  "
                    f"{rate:,.0f} {self.unit}/s  ETA {eta}")
        return (f"{self.label} {self.docs}/{self.total_docs} docs {pct:5.1f}%  "
                f"{self.events:,} events  {rate:.1f} docs/s  {kbs:,.0f} KB/s  ETA {eta}")

    def _write(self, text: str, final: bool) -> None:
        if self.tty:
            self.stream.write("\r" + text.ljust(100) + ("\n" if final else ""))
        else:
            self.stream.write(text + "\n")
        self.stream.flush()

    def close(self) -> None:
        """Print the final line (once: closing again does nothing)."""
        if self.enabled and not self.closed:
            self.closed = True
            elapsed = time.perf_counter() - self.started
            self._write(self.line().split("  ETA")[0] + f"  in {format_seconds(elapsed)}", final=True)
