"""Ids as the store takes them: the last guard against what no column or driver can hold (a
NUL byte makes PostgreSQL refuse the whole statement, a list cannot be bound at all), refused
as bad input (a 4xx at the edge), never a database error (a 5xx)."""

from __future__ import annotations

import re

from bot.errors import BadInput

MAX_ID = 200  # the widest id column (people.external_id, channels.external_id, tenants.name)
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def usable_id(value: object, what: str = "id") -> str:
    """`value` if it is a non-empty string the store can keep as an id, else BadInput."""
    if not isinstance(value, str) or not value or len(value) > MAX_ID:
        raise BadInput(f"{what}: expected a string of 1 to {MAX_ID} characters")
    if _CONTROL.search(value):
        raise BadInput(f"{what}: control characters are not allowed")
    return value


def is_usable(value: object) -> bool:
    try:
        usable_id(value)
    except BadInput:
        return False
    return True
