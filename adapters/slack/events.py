"""Slack: pure converters from Events API payloads (and exports) to interaction metadata.

Only who, with whom, where, when and what kind leave this module. A message's text is read for
one thing, the user ids it mentions, and is never stored or logged. Every converter returns a
value for any JSON it is given (an unusable part is left out), never raises on its shape.
Shapes: https://api.slack.com/events/message, https://api.slack.com/events/reaction_added,
https://api.slack.com/events/member_joined_channel, https://api.slack.com/events/user_change.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, NamedTuple

from adapters.slack.asker import address_of
from adapters.slack.status import away_change
from adapters.slack.tenancy import tenant_for
from bot.core.model import Interaction, known_zone

# Slack's ids: a capital letter for what it is (U/W person, C/G channel, T team, E enterprise,
# B bot) then capitals and digits; real ones are 9 to 11 characters, 40 is generous.
SLACK_ID = re.compile(r"[A-Z][A-Z0-9]{1,39}")
MENTION = re.compile(r"<@([UW][A-Z0-9]{1,39})(?:\|[^>]*)?>")
MAX_MENTIONS = 50  # distinct people one message may be stored as mentioning (a signed event
# with 10,000 mentions once wrote 10,001 people); the first ones in the text are kept
# Message subtypes that are a person speaking; edits, deletions, joins and bots are not.
SPOKEN = {None, "thread_broadcast", "file_share", "me_message"}


# Slack escapes the channels and people a person names: <#C012|coffee>, <@U08|eve>
# (https://api.slack.com/reference/surfaces/formatting#retrieving-messages).
ESCAPED = re.compile(r"<[#@]([A-Za-z0-9]{1,40})(?:\|[^>]*)?>")


def plain_words(text: str) -> str:
    """What a person typed to the bot, with Slack's escapes turned back into the bare ids the
    service's words take (`admin grant U08`, `scope=C012,C34`)."""
    return ESCAPED.sub(lambda found: found.group(1), text)


def slack_id(value: Any) -> bool:
    """Whether `value` looks like one of Slack's ids (anything else is dropped, not stored)."""
    return isinstance(value, str) and SLACK_ID.fullmatch(value) is not None


def to_observed(body: Mapping[str, Any]) -> list[tuple[str, Interaction]]:
    """(source id, Interaction) pairs for one event_callback; [] for anything else or a bot's.

    Source ids come from the message (channel and ts), not the event id, so a message seen live
    and again in a workspace export, or redelivered by a retry, is stored once."""
    event = body.get("event")
    if body.get("type") != "event_callback" or not isinstance(event, dict):
        return []
    kind = event.get("type")
    if kind == "message" and event.get("channel_type") != "im":
        channel = event.get("channel")
        return message_interactions(channel, event) if slack_id(channel) else []
    if kind in ("member_joined_channel", "member_left_channel"):
        return membership_interactions(event, body)
    if kind == "reaction_added":
        item = event.get("item") if isinstance(event.get("item"), dict) else {}
        channel, ts = item.get("channel"), item.get("ts")
        if not (slack_id(channel) and isinstance(ts, str)):
            return []
        return reaction_interactions(channel, ts, event.get("item_user"), event.get("user"),
                                     _moment(event.get("event_ts"), body.get("event_time")))
    return []


def message_interactions(channel: str, message: Mapping[str, Any]) -> list[tuple[str, Interaction]]:
    """A person's message in a channel: a post (or a reply to the thread's author), its
    mentions, and (in an export) its reactions. The text is scanned for user ids only."""
    user, ts, subtype = message.get("user"), message.get("ts"), message.get("subtype")
    if message.get("bot_id") or message.get("bot_profile") or \
            not (subtype is None or isinstance(subtype, str)) or subtype not in SPOKEN:
        return []
    at = _moment(ts, None)
    if not slack_id(channel) or not slack_id(user) or not isinstance(ts, str) or at is None:
        return []
    key = f"slack:{channel}:{ts}"
    # a thread_broadcast names the thread's author in `root` and has no parent_user_id
    # (https://api.slack.com/events/message/thread_broadcast)
    root = message.get("root") if isinstance(message.get("root"), dict) else {}
    parent = message.get("parent_user_id") or root.get("user")
    threaded = message.get("thread_ts") not in (None, ts)
    if threaded and slack_id(parent) and parent != user:
        out = [(key, Interaction(user, parent, "reply", at, channel))]
    else:
        out = [(key, Interaction(user, None, "message", at, channel))]
    text = message.get("text") if isinstance(message.get("text"), str) else ""
    out += [(f"{key}:mention:{target}", Interaction(user, target, "mention", at, channel))
            for target in sorted(mentioned(text, user))]
    reactions = message.get("reactions")
    for reaction in reactions if isinstance(reactions, list) else []:
        users = reaction.get("users") if isinstance(reaction, dict) else None
        for reactor in users if isinstance(users, list) else []:
            out += reaction_interactions(channel, ts, user, reactor, at)
    return out


def mentioned(text: str, author: str) -> set[str]:
    """The first MAX_MENTIONS distinct people a message's text mentions, its author aside."""
    found: dict[str, None] = {}
    for match in MENTION.finditer(text):
        if match.group(1) != author:
            found.setdefault(match.group(1))
            if len(found) == MAX_MENTIONS:
                break
    return set(found)


def membership_interactions(event: Mapping[str, Any], body: Mapping[str, Any]
                            ) -> list[tuple[str, Interaction]]:
    """Someone joined or left a channel: who is in it counts as context, not as a tie."""
    user, channel = event.get("user"), event.get("channel")
    at = _moment(event.get("event_ts"), body.get("event_time"))
    if not slack_id(user) or not slack_id(channel) or at is None:
        return []
    kind = "join" if event.get("type") == "member_joined_channel" else "leave"
    stamp = event.get("event_ts")
    stamp = stamp if isinstance(stamp, str) else body.get("event_time")
    key = f"slack:{channel}:{kind}:{user}:{stamp}"
    return [(key, Interaction(user, None, kind, at, channel))]


def reaction_interactions(channel: str, item_ts: str, author: Any, user: Any,
                          at: datetime | None) -> list[tuple[str, Interaction]]:
    """A reaction to a message: from the reacting person to the message's author. One per
    person and message, whichever emoji: an emoji's name is chosen by people (custom emoji), so
    it is in no key, column or log."""
    if not slack_id(user) or not slack_id(author) or user == author or at is None:
        return []
    key = f"slack:{channel}:{item_ts}:reaction:{user}"
    return [(key, Interaction(user, author, "reaction", at, channel or None))]


def _moment(ts: Any, fallback: Any) -> datetime | None:
    """Slack's "1718000000.000100" timestamps (or the envelope's event_time) as UTC."""
    for value in (ts, fallback):
        try:
            return datetime.fromtimestamp(float(value), UTC)
        except (TypeError, ValueError, OverflowError, OSError):
            continue
    return None


class ProfileChange(NamedTuple):
    """What a team_join / user_change says about one person: their id, the organisation
    their account belongs to (None when the event does not say), and settings to store."""

    user: str
    team: str | None
    values: dict[str, Any]


def to_profile(body: Mapping[str, Any]) -> ProfileChange | None:
    """Name, sign-in address, time zone, deactivation, and out of office until when (from the
    status, whose words are never kept), from team_join / user_change."""
    event = body.get("event")
    if not isinstance(event, dict) or event.get("type") not in ("team_join", "user_change"):
        return None
    user = event.get("user")
    if not isinstance(user, dict) or not slack_id(user.get("id")) or user.get("is_bot"):
        return None
    profile = user.get("profile") if isinstance(user.get("profile"), dict) else {}
    values: dict[str, Any] = {}
    name = next((n for n in (profile.get("real_name"), user.get("real_name"),
                             profile.get("display_name")) if isinstance(n, str) and n), None)
    if name:
        values["display_name"] = name[:200]
    if isinstance(user.get("tz"), str) and known_zone(user["tz"]):
        values["timezone"] = user["tz"]
    if address := address_of(user):  # with users:read.email: `import people` by email, and
        values["sign_in"] = address   # the account a calendar connect link must be consented by
    if user.get("deleted") is True:
        values["enrolled"] = False  # a deactivated account is never suggested again
    values.update(away_change(profile, _moment(body.get("event_time"), None)))
    # a Grid account names its organisation in enterprise_user, its home workspace in team_id
    grid = user.get("enterprise_user") if isinstance(user.get("enterprise_user"), dict) else {}
    team = next((t for t in (grid.get("enterprise_id"), user.get("team_id"), profile.get("team"))
                 if slack_id(t)), None)
    return ProfileChange(user["id"], team, values)


def direct_message(body: Mapping[str, Any]) -> tuple[str, str] | None:
    """(user, text) when the event is a person writing to the bot in a DM, else None."""
    event = body.get("event")
    if not isinstance(event, dict) or event.get("type") != "message":
        return None
    if event.get("channel_type") != "im" or event.get("bot_id") or event.get("subtype"):
        return None
    user, text = event.get("user"), event.get("text")
    if not slack_id(user) or not isinstance(text, str):
        return None
    return user, text


# -- organisations: which installation a request reached, and who in it is someone else's ---

@dataclass(frozen=True, slots=True)
class Installed:
    """The installation a request reached as bolt resolves it (an event's authorizations[0],
    an action's team, a modal's view.app_installed_team_id), never the payload's top-level
    team_id: in a Slack Connect channel that is the organisation the event came from."""

    enterprise_id: str | None
    team_id: str | None
    is_enterprise_install: bool = False

    @classmethod
    def of(cls, context: Mapping[str, Any]) -> Installed:
        """From bolt's context (or anything with its three keys)."""
        enterprise, team = context.get("enterprise_id"), context.get("team_id")
        return cls(enterprise if slack_id(enterprise) else None,
                   team if slack_id(team) else None,
                   context.get("is_enterprise_install") is True)

    @property
    def tenant(self) -> str | None:
        """The tenant weaktie files this installation's data under (None: unknown)."""
        return tenant_for(self.enterprise_id, self.team_id, self.is_enterprise_install)

    def own(self, team: str | None, shared: bool) -> bool:
        """Whether an account of `team` (a workspace T… or, in Enterprise Grid, the
        organisation E…) is one of this installation's people. Outside a channel shared
        with another organisation, everyone of an Enterprise Grid installation is of that
        organisation (a channel shared between its workspaces carries their own team ids)."""
        if team is None:
            return not shared
        if team in (self.team_id, self.enterprise_id):
            return True
        return self.enterprise_id is not None and not shared


def shared_channel(body: Mapping[str, Any]) -> bool:
    """Whether the event happened in a channel shared with another organisation (Slack
    Connect): the envelope's is_ext_shared_channel, or the event's own flag."""
    event = body.get("event") if isinstance(body.get("event"), dict) else {}
    channel = event.get("channel") if isinstance(event.get("channel"), dict) else {}
    return any(part.get("is_ext_shared_channel") is True or part.get("is_ext_shared") is True
               for part in (body, event, channel))


def sender_team(event: Mapping[str, Any]) -> str | None:
    """The organisation of the event's sender as the event states it: user_team, then
    user_profile.team, source_team, team (an app_mention's `team` is the installed one, its
    user_team the sender's)."""
    profile = event.get("user_profile") if isinstance(event.get("user_profile"), dict) else {}
    for team in (event.get("user_team"), profile.get("team"), event.get("source_team"),
                 event.get("team")):
        if slack_id(team):
            return team
    return None


def outsiders(body: Mapping[str, Any], installed: Installed,
              observed: list[tuple[str, Interaction]]) -> tuple[frozenset[str], frozenset[str]]:
    """(guests, unverified) among the people of `observed`, the interactions of `body`: the
    sender is a guest when their organisation is stated and is not the installation's; in a
    shared channel everyone else, and a sender whose organisation is not stated, is
    unverified (the store keeps them only if already known as the tenant's own)."""
    event = body.get("event") if isinstance(body.get("event"), dict) else {}
    sender = event.get("user") if slack_id(event.get("user")) else None
    shared, team = shared_channel(body), sender_team(event)
    people = {p for _, i in observed for p in (i.actor, i.target) if p is not None}
    guests = {sender} if sender and team is not None and not installed.own(team, shared) \
        else set()
    unverified = (people - {sender}) | ({sender} if sender and team is None else set()) \
        if shared else set()
    return frozenset(guests & people), frozenset(unverified - guests)
