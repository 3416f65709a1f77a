"""What the store hands back beyond the core's own values: frozen, typed, read by attribute.

Each is built from rows in one place (the aggregate that reads it), so a caller never
re-parses a row or guesses a key. Times are aware (UTC); ids are external ids, never row ids.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime

from bot.core.model import Slot


@dataclass(frozen=True, slots=True)
class StoredNudge:
    """A nudge as stored: its members in the group's order, why, when, where, and how far its
    delivery got (planned, sending, sent, asking, asked, failed, unknown). Read for delivery
    (Store.deliverable, delivered), it also carries its tenant, its program's tone and who
    claimed it to send; `created_at` is set where a person's own suggestion is read."""

    id: int
    round: int
    members: tuple[str, ...]
    reasons: tuple  # Reason each (bot/core/reasons.py); an older row's English sentences: str
    slots: tuple[Slot, ...]
    place: str | None = None
    state: str = "planned"
    delivery_ref: str | None = None
    score: float = 0.0
    tenant: str = ""  # "" and None: not read here (only for delivery)
    tone: str | None = None
    claimed_by: str | None = None
    claimed_at: datetime | None = None
    created_at: datetime | None = None
    calendars: tuple[str, ...] = ()  # members whose free/busy the slots heed (read for delivery)


@dataclass(frozen=True, slots=True)
class ToRemind:
    """A delivered nudge someone accepted that has no reminder yet, with each member's latest
    answer: (kind, slot, when)."""

    nudge: StoredNudge
    answers: Mapping[str, tuple[str, int | None, datetime]]


@dataclass(frozen=True, slots=True)
class DeclinedRound:
    """A round where a decline left someone alone: who is free (partners left alone, in the
    order the declines came; and people left unmatched), who declined and who was re-matched
    already, the program's stored settings (None if gone) and the last slot's end."""

    tenant: str
    round: int
    program: dict | None
    freed: tuple[str, ...]
    unmatched: tuple[str, ...]
    declined: frozenset[str]
    rematched: frozenset[str]
    horizon: datetime | None


@dataclass(frozen=True, slots=True)
class PersonTurn:
    """One delivered nudge of one person's: its round, when that was due, when its slots end,
    and whether they answered it at all."""

    tenant: str
    person: str
    round: int
    due_at: datetime
    ends: tuple[datetime, ...]
    answered: bool


@dataclass(frozen=True, slots=True)
class OutboxRow:
    """One message the clock sends once (a reminder, an idle notice), and how far it got.
    `payload` is what planned it wrote (ids, times, places; never anything anyone wrote)."""

    id: int
    kind: str
    key: str
    state: str
    tenant: str
    to: str | None
    nudge: int | None
    payload: Mapping = field(default_factory=dict)
    delivery_ref: str | None = None
    sent_at: datetime | None = None
    claimed_by: str | None = None
    claimed_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class UnknownSend:
    """A send cut off where the platform keeps nothing to look in: the id people type
    (n12-2, f12-2, o34), its kind (nudge, follow-up, reminder, pause notice), whose, when."""

    id: str
    kind: str
    tenant: str
    person: str | None
    at: datetime | None


@dataclass(frozen=True, slots=True)
class SlackInstall:
    """A Slack installation as slack_sdk's stores keep it; the bot token still sealed."""

    install_key: str
    tenant: str
    enterprise_id: str | None
    team_id: str | None
    is_enterprise_install: bool
    app_id: str | None
    bot_id: str | None
    bot_user_id: str | None
    bot_scopes: str | None
    installer_user_id: str | None
    bot_token_encrypted: str
    installed_at: datetime


@dataclass(frozen=True, slots=True)
class RoundGroup:
    """One group of a program's recent round, as the outcomes read it: its members, every kind
    each member answered and their latest (kind, slot), the slots proposed, and when the round
    was due (the moment the group was suggested)."""

    members: tuple[str, ...]
    said: Mapping[str, frozenset[str]]
    latest: Mapping[str, tuple[str, int | None]]
    slots: tuple[Slot, ...]
    suggested: datetime


@dataclass(frozen=True, slots=True)
class Spoken:
    """What is known of one person's language: whether they have a row, what they chose
    (`language fr`), what their platform last said ("fr-FR"), and the organisation's default."""

    known: bool = False
    chosen: str | None = None
    locale: str | None = None
    tenant_default: str | None = None
