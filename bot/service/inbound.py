"""What comes in from a chat platform, in no platform's words: the one value an adapter hands
`Service.handle`. Each adapter turns an event, a message, a click or a form into one of these
(pure converters under adapters/slack/ and adapters/teams/), and renders what comes back.

`tenant` is always the installation's (a Slack team or Enterprise org, a Teams tenant), never a
payload's own claim; `platform` is "slack" or "teams". Free text typed by a person reaches the
service only as `Request.text` (a command, parsed and dropped) or form values it checks.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol

from bot.core.model import Interaction
from bot.errors import BadInput, WeaktieError
from bot.service.admin_words import form_name, is_admin, takes_a_while, working_text
from bot.service.commands import connects_calendar

# The refusals and words an adapter needs, from the one module it may import for them.
__all__ = ["BadInput", "WeaktieError", "connects_calendar", "form_name", "is_admin",
           "takes_a_while", "working_text"]


@dataclass(frozen=True, slots=True)
class Asker:
    """Who is asking, and what their platform says of them: a manager is named in
    WEAKTIE_MANAGERS (by platform id, or on Teams by Entra object id), granted by another
    manager, or a Slack workspace admin."""

    tenant: str
    platform: str
    user: str
    platform_admin: bool = False  # Slack: users.info says is_admin / is_owner
    directory_id: str = ""  # Teams: the user's Entra object id, which an admin can look up
    # Slack: the address users.info gives (profile.email), asked only for `calendar connect`
    address: str = ""
    # the language the platform says the person reads ("fr-FR"): Slack's users.info locale,
    # Teams' activity locale; an explicit `language fr` wins over it (docs/languages.md)
    locale: str = ""


@dataclass(frozen=True, slots=True)
class Observed:
    """Who interacted with whom, as one event showed it (never what was said). `guests` are
    people of other organisations, kept only where the tenant includes them; `unverified`
    are people whose organisation the event does not tell."""

    tenant: str
    platform: str
    rows: tuple[tuple[str, Interaction], ...]
    guests: frozenset[str] = frozenset()
    unverified: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class Request:
    """Words a person typed to the bot: a command (`join`, `pause 2w`, `admin programs`...)."""

    asker: Asker
    text: str


@dataclass(frozen=True, slots=True)
class Click:
    """A button on a nudge: `value` names the nudge (and slot), `kind` the answer."""

    asker: Asker
    value: str
    kind: str


@dataclass(frozen=True, slots=True)
class FormOpened:
    """A person opened a form: "home" (their state and profile) or "program" (a manager's
    program form, `name` empty for a new program)."""

    asker: Asker
    form: str
    name: str = ""


@dataclass(frozen=True, slots=True)
class FormSubmitted:
    """A filled-in form: "profile" or "program", with the values as the platform sent them."""

    asker: Asker
    form: str
    values: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class ProfileSeen:
    """What a platform said about a person without them asking: a time zone, an away status,
    a name from a roster. Stored as settings, never as the status text."""

    tenant: str
    platform: str
    user: str
    values: dict[str, Any]


@dataclass(frozen=True, slots=True)
class FieldsSeen:
    """Custom profile field values a platform event carried (Slack's user_change), by field
    id. Only the field a manager named (`admin team field`) is kept, as the person's team; the
    others are dropped unread."""

    tenant: str
    platform: str
    user: str
    fields: dict[str, str]


@dataclass(frozen=True, slots=True)
class MembersSeen:
    """The people of a team or chat (id, display name, sign-in name), from a roster or a
    members-added event; `guests` among them belong to other organisations."""

    tenant: str
    platform: str
    members: tuple[tuple[str, str, str], ...]
    guests: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class ChannelsNamed:
    """What the platform calls these channels now: {channel id: name}."""

    tenant: str
    platform: str
    names: dict[str, str]


@dataclass(frozen=True, slots=True)
class ReachableAt:
    """Where the bot can write to a person or a place later (a Teams conversation reference)."""

    tenant: str
    platform: str
    who: str
    reference: dict[str, Any]


@dataclass(frozen=True, slots=True)
class Installed:
    """The app arrived: in a workspace (Slack), or in a team, group chat or personal scope
    (Teams: `kind` "team", "groupChat" or "personal", `place` its id)."""

    tenant: str
    platform: str
    place: str = ""
    kind: str = ""


@dataclass(frozen=True, slots=True)
class Uninstalled:
    """The app left a workspace, or one Teams place (the tenant goes once it is nowhere)."""

    tenant: str
    platform: str
    place: str = ""
    kind: str = ""


Inbound = (Observed | Request | Click | FormOpened | FormSubmitted | ProfileSeen | FieldsSeen
           | MembersSeen | ChannelsNamed | ReachableAt | Installed | Uninstalled)


class Handler(Protocol):
    """The service as an adapter sees it: one typed value in, the answer out, plus the few
    read-only questions an adapter asks while converting (who wrote a message, is this event
    new, does the tenant keep guests, who can be named in a form, the calendar file behind a
    link)."""

    async def handle(self, inbound: Inbound) -> Any: ...

    async def first_time(self, platform: str, tenant: str, event: str) -> bool: ...

    async def author_of(self, tenant: str, source: str) -> str | None: ...

    async def includes_guests(self, tenant: str) -> bool: ...

    async def colleagues(self, tenant: str) -> list[tuple[str, str]]: ...

    async def language_of(self, asker: Asker) -> str: ...

    async def invitation(self, nudge: int, token: str) -> str | None: ...
