"""The `weaktie` command: the parser in parser.py, one module per command group.

main() parses, runs the chosen command, turns a WeaktieError into one line on stderr, and
closes every store the command opened.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

from bot.errors import WeaktieError
from entrypoints.cli import databases, parser


def main(argv: Sequence[str] | None = None) -> int:
    commands = parser.build()
    args = commands.parse_args(argv)
    if not getattr(args, "run", None):
        commands.print_help()
        return 2
    created = databases.absent_files(args)
    code = 1  # an exception escaping below is a failure too
    try:
        code = _run(args)
        return code
    finally:
        databases.close_stores()
        if code == 1:
            databases.remove_if_empty(created)


def _run(args) -> int:
    try:
        return args.run(args)
    except WeaktieError as exc:
        print(f"weaktie: error: {exc}", file=sys.stderr)
        return 1
    except BrokenPipeError:  # `weaktie round --json | head`: the reader left, that is fine
        sys.stderr.close()
        return 0
    except KeyboardInterrupt:
        print("weaktie: interrupted; nothing more was written", file=sys.stderr)
        return 130
