"""Request bodies changed in one place, to make the hostile variants of a well-formed one
(tests/adapters/test_teams_hostile.py, bench/hostile_bodies.py)."""

from __future__ import annotations

from typing import Any


def with_value(body: dict, path: tuple, value: Any) -> dict:
    """`body` with the field at `path` (keys, outermost first) set to `value`, in place."""
    part = body
    for key in path[:-1]:
        part = part[key]
    part[path[-1]] = value
    return body
