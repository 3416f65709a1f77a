"""The import progress bar: drawn for a person at a terminal, silent in pipes and logs."""

from __future__ import annotations

import io

from entrypoints.progress import ProgressBar


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_the_bar_shows_how_far_and_how_many_rows_at_a_terminal():
    screen = Terminal()
    bar = ProgressBar(lambda: 0.5, stream=screen)
    bar(12_000)
    bar.close()
    drawn = screen.getvalue()
    assert "[" + "#" * 15 + " " * 15 + "]" in drawn and "50%" in drawn and "12,000 rows" in drawn
    assert drawn.endswith("\n")


def test_the_bar_stays_silent_when_output_is_not_a_terminal():
    pipe = io.StringIO()
    bar = ProgressBar(lambda: 0.5, stream=pipe)
    bar(12_000)
    bar.close()
    assert pipe.getvalue() == ""
