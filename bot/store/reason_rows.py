"""How a nudge keeps its reasons (the `reasons` JSON column): each a {"key", "facts"} object
(bot/core/reasons.py), written in the reader's language only when shown. Rows written before
reasons were structured hold English sentences: they are read back as they are, and shown so."""

from __future__ import annotations

from bot.core.reasons import Reason


def reasons_to_store(reasons) -> list:
    return [r.stored() if isinstance(r, Reason) else str(r) for r in reasons]


def reasons_from_store(stored) -> tuple:
    """Reason for each structured entry; a sentence of an older row stays that sentence."""
    return tuple(Reason.from_stored(r) if isinstance(r, dict) else r for r in stored or ())


def scrubbed(stored: list, name: str, instead: str) -> list:
    """The stored reasons without `name` (a forgotten person's): replaced by `instead` in an
    older row's sentences; in a structured reason, a fact that is the name becomes None, which
    is shown as "a colleague" in the reader's language (bot/service/reason_texts.py)."""
    return [r.replace(name, instead) if isinstance(r, str) else _scrub_facts(r, name, instead)
            for r in stored]


def _scrub_facts(value, name: str, instead: str):
    if isinstance(value, dict):
        return {k: v if k == "key" else _scrub_facts(v, name, instead) for k, v in value.items()}
    if isinstance(value, str):
        return None if value == name else value.replace(name, instead)
    return value
