"""Reasons as an English reader reads them (bot/service/reason_texts.py), for tests that check
what the core explains."""

from __future__ import annotations

from bot.service.language import texts
from bot.service.reason_texts import reason_text


def english(reasons) -> tuple[str, ...]:
    return tuple(reason_text(r, texts("en")) for r in reasons)
