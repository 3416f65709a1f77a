"""Who reads a meetup message: each member's language and time zone, and the language a
message to the whole group is written in (a Slack group DM).

The service adds them to each outbound message before handing it to an adapter
(bot/service/delivery.py), so that adapters write nothing from the store: a Teams card is in
its one reader's language and local time, a Slack group DM in its group's language.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, fields, replace

from bot.core.model import known_zone
from bot.service.language import ENGLISH, LANGUAGES, choose
from bot.store import Store


@dataclass(frozen=True, slots=True)
class Reader:
    """One member as a message reads to them: their language ("fr") and time zone (IANA)."""

    member: str
    language: str = ENGLISH
    zone: str = "UTC"


def reader_of(message, member: str) -> Reader:
    """The member's Reader on a message (English and UTC when the service told nothing)."""
    for reader in getattr(message, "readers", ()):
        if reader.member == member:
            return reader
    return Reader(member, _default(message))


def _default(message) -> str:
    default = getattr(message, "default_language", None)
    return default if default in LANGUAGES else ENGLISH


def group_language(message) -> str:
    """The language most of the members read; on a tie, the organisation's default if it is
    among the tied, then English if it is, then the first tied by name."""
    members = getattr(message, "members", ()) or (getattr(message, "to", None),)
    counts = Counter(reader_of(message, m).language for m in members if m)
    if not counts:
        return _default(message)
    most = max(counts.values())
    tied = sorted(language for language, count in counts.items() if count == most)
    for preferred in (getattr(message, "default_language", None), ENGLISH):
        if preferred in tied:
            return preferred
    return tied[0]


def group_zone(message) -> str:
    """The one time zone every member is in, else UTC: what a text for all of them names."""
    members = getattr(message, "members", ()) or (getattr(message, "to", None),)
    zones = {reader_of(message, m).zone for m in members if m}
    return zones.pop() if len(zones) == 1 else "UTC"


def with_readers(store: Store, message):
    """`message` with each member's Reader and the organisation's default language (messages
    with no such fields are returned as they are)."""
    names = {f.name for f in fields(message)}
    if "readers" not in names:
        return message
    members = list(getattr(message, "members", ()) or ())
    to = getattr(message, "to", None)
    if to and to not in members:
        members.append(to)
    readers, default = readers_of(store, message.tenant, members)
    return replace(message, readers=readers, default_language=default)


def readers_of(store: Store, tenant: str, members) -> tuple[tuple[Reader, ...], str | None]:
    """Each member's Reader, and the organisation's default language."""
    readers, default = [], None
    for member in members:
        spoken = store.spoken(tenant, member)
        default = spoken.tenant_default
        person = store.person(tenant, member)
        readers.append(Reader(member, choose(spoken.chosen, spoken.locale, spoken.tenant_default),
                              _zone(person.timezone if person else None)))
    return tuple(readers), default


@dataclass(frozen=True, slots=True)
class Group:
    """Members read together (a nudge's, when no message is at hand), as group_language and
    group_zone read a message's."""

    members: tuple[str, ...]
    readers: tuple[Reader, ...]
    default_language: str | None = None


def group_of(store: Store, tenant: str, members) -> Group:
    return Group(tuple(members), *readers_of(store, tenant, members))


def _zone(zone: str | None) -> str:
    return zone if zone and known_zone(zone) else "UTC"
