"""Out of office from a Slack status: the emoji (or one of Slack's own presets) and its expiry
are read; only the date it ends is kept, never what the status says."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from typing import Any

AWAY_EMOJI = {":palm_tree:", ":airplane:", ":airplane_departure:", ":face_with_thermometer:",
              ":thermometer:", ":face_with_head_bandage:", ":beach_with_umbrella:", ":desert_island:"}
AWAY_PRESETS = {"vacationing", "out sick", "on vacation", "out of office", "ooo"}
# A status without an expiry ends whenever they clear it; until then (and Slack tells us when
# they do) rounds skip them for at most this long, so a forgotten status does not exclude
# someone for ever.
NO_EXPIRY = timedelta(days=14)

Change = dict[str, datetime | None]


def away_change(profile: Mapping[str, Any], now: datetime | None) -> Change:
    """{"away_until": when} for an out-of-office status, {"away_until": None} for any other
    status, {} when the profile says nothing about a status (or nothing we can trust)."""
    if "status_emoji" not in profile and "status_text" not in profile:
        return {}
    if not _away(profile):
        return {"away_until": None}
    expiry = profile.get("status_expiration")
    if isinstance(expiry, (int, float)) and not isinstance(expiry, bool) and expiry > 0:
        try:
            return {"away_until": datetime.fromtimestamp(expiry, UTC)}
        except (OverflowError, OSError, ValueError):
            return {}
    return {"away_until": now + NO_EXPIRY} if now is not None else {}


def _away(profile: Mapping[str, Any]) -> bool:
    emoji, text = profile.get("status_emoji"), profile.get("status_text")
    by_emoji = isinstance(emoji, str) and emoji.lower() in AWAY_EMOJI
    by_preset = isinstance(text, str) and text.strip().lower() in AWAY_PRESETS
    return by_emoji or by_preset
