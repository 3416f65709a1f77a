"""Calendar invitations for confirmed meetups: an .ics file behind an unguessable link."""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Mapping
from datetime import UTC, datetime


def link_token(secret: str, nudge: int) -> str:
    """The unguessable part of a nudge's calendar link (no table needed to check it)."""
    return hmac.new(secret.encode(), f"ics:{nudge}".encode(), hashlib.sha256).hexdigest()[:32]


def token_ok(secret: str, nudge: int, token: str) -> bool:
    """Compared as bytes: compare_digest refuses a str with non-ASCII characters (a 500)."""
    return hmac.compare_digest(link_token(secret, nudge).encode(), token.encode())


def ics(nudge: Mapping, slot: int, names: Mapping[str, str], now: datetime) -> str:
    """One VEVENT for the agreed slot: who, where, why; times in UTC."""
    start, end = (datetime.fromisoformat(t) for t in nudge["slots"][slot])
    who = [names.get(m) or m for m in nudge["members"]]
    lines = [
        "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//weaktie//meetups//EN", "METHOD:PUBLISH",
        "BEGIN:VEVENT",
        f"UID:weaktie-nudge-{nudge['id']}-{slot}@weaktie",
        f"DTSTAMP:{_utc(now)}", f"DTSTART:{_utc(start)}", f"DTEND:{_utc(end)}",
        f"SUMMARY:{_text('Coffee: ' + ', '.join(who))}",
        *([f"LOCATION:{_text(nudge['place'])}"] if nudge.get("place") else []),
        f"DESCRIPTION:{_text(' '.join(r + '.' for r in nudge['reasons']))}",
        "END:VEVENT", "END:VCALENDAR",
    ]
    return "\r\n".join(lines) + "\r\n"


def _utc(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _text(value: str) -> str:
    """RFC 5545 text escaping."""
    return (value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\n", "\\n"))
