"""`weaktie ...` run in this process, as the command line would run it."""

from __future__ import annotations

from entrypoints.cli import main


def run(capsys, *argv: str) -> tuple[int, str, str]:
    """`weaktie ARGV`: (exit status, what it printed, what it wrote to stderr)."""
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err
