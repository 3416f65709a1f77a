"""Calendar invitations for confirmed meetups: an .ics file behind an unguessable link."""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Mapping
from datetime import UTC, datetime

from bot.core.lifecycle import common_slot
from bot.service.click_texts import confirmation_text, group_reading
from bot.service.language import Texts, texts
from bot.service.reason_texts import reason_lines
from bot.store.values import StoredNudge


def link_token(secret: str, nudge: int) -> str:
    """The unguessable part of a nudge's calendar link (no table needed to check it)."""
    return hmac.new(secret.encode(), f"ics:{nudge}".encode(), hashlib.sha256).hexdigest()[:32]


def token_ok(secret: str, nudge: int, token: str) -> bool:
    """Compared as bytes: compare_digest refuses a str with non-ASCII characters (a 500)."""
    return hmac.compare_digest(link_token(secret, nudge).encode(), token.encode())


def ics(nudge: StoredNudge, slot: int, names: Mapping[str, str], now: datetime,
        says: Texts | None = None) -> str:
    """One VEVENT for the agreed slot: who, where, why, in the group's language (`says`,
    English when not told); times in UTC. Names, the venue and our own words only: no one's
    free text."""
    says = says or texts(None)
    start, end = nudge.slots[slot].start, nudge.slots[slot].end
    who = [names.get(m) or m for m in nudge.members]
    summary = says.gettext("Coffee: {names}", names=", ".join(who))
    lines = [
        "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//weaktie//meetups//EN", "METHOD:PUBLISH",
        "BEGIN:VEVENT",
        f"UID:weaktie-nudge-{nudge.id}-{slot}@weaktie",
        f"DTSTAMP:{_utc(now)}", f"DTSTART:{_utc(start)}", f"DTEND:{_utc(end)}",
        f"SUMMARY:{_text(summary)}",
        *([f"LOCATION:{_text(nudge.place)}"] if nudge.place else []),
        f"DESCRIPTION:{_text(' '.join(r + '.' for r in reason_lines(nudge.reasons, says)))}",
        "END:VEVENT", "END:VCALENDAR",
    ]
    return "\r\n".join(lines) + "\r\n"


def _utc(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _text(value: str) -> str:
    """RFC 5545 text escaping."""
    return (value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\n", "\\n"))


def invitation(store, secret: str, nudge_id: int, token: str, now: datetime) -> str | None:
    """The .ics of a confirmed meetup behind its link; None for a wrong token, a missing or
    unconfirmed nudge alike (the token is checked before the database is touched)."""
    if not token_ok(secret, nudge_id, token):
        return None
    tenant = store.tenant_of_nudge(nudge_id)
    found = store.nudge(tenant, nudge_id) if tenant else None
    if found is None:
        return None
    slot = agreed_slot(store, tenant, nudge_id)
    if slot is None:
        return None  # not confirmed (yet)
    people = {p: store.person(tenant, p) for p in found.members}
    names = {p: person.label for p, person in people.items() if person is not None}
    says, _zone = group_reading(store, tenant, found.members)
    return ics(found, slot, names, now, says)


def agreed_slot(store, tenant: str, nudge: int) -> int | None:
    """The slot every member accepted, if they all accepted the same one."""
    found = store.nudge(tenant, nudge)
    return common_slot(found.members, store.answers(tenant, nudge)) if found else None


def confirmation(store, tenant: str, nudge: int, slot: int, public_url: str | None,
                 secret: str | None) -> str | None:
    """What everyone in the conversation reads once they all accepted the same slot (None
    if the nudge or the slot is gone), with the calendar link when the install has one: in
    the group's language, the time in the zone they share (else UTC), named."""
    found = store.nudge(tenant, nudge)
    if found is None or not 0 <= slot < len(found.slots):
        return None
    link = f"{public_url}/calendar/{nudge}/{link_token(secret, nudge)}.ics" \
        if public_url and secret else None
    says, zone = group_reading(store, tenant, found.members)
    return confirmation_text(found, slot, link, says, zone)
