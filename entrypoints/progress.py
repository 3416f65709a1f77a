"""A small progress bar on standard error, shown only to a person at a terminal."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from typing import TextIO


class ProgressBar:
    """Call with a row count; `fraction` says how far through the input we are (0..1)."""

    def __init__(self, fraction: Callable[[], float], label: str = "importing",
                 stream: TextIO | None = None, force: bool = False):
        self.fraction = fraction
        self.label = label
        self.stream = stream or sys.stderr
        self.enabled = force or self.stream.isatty()
        self.started = time.monotonic()
        self.last = 0.0

    def __call__(self, rows: int) -> None:
        now = time.monotonic()
        if not self.enabled or now - self.last < 0.1:
            return
        self.last = now
        done = self.fraction()
        bar = "#" * int(done * 30)
        rate = rows / max(now - self.started, 1e-6)
        self.stream.write(f"\r{self.label} [{bar:<30}] {done:4.0%}  {rows:,} rows  "
                          f"{rate:,.0f} rows/s")
        self.stream.flush()

    def close(self) -> None:
        if self.enabled and self.last:
            self.stream.write("\n")
            self.stream.flush()
