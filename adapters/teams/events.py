"""Pure converters from a checked Teams activity to what the service is told: who interacted
with whom (channel messages, mentions, reactions), where the app is, channel names, and which
people belong to other organisations. No botbuilder call, no I/O.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from adapters.teams.activity import MAX_ID, MAX_MENTIONS, MAX_NAME, _object, _objects, _string
from bot.core.model import Interaction
from bot.service.inbound import (
    Asker,
    BadInput,
)

CHANNEL_NAMED = frozenset({"channelCreated", "channelRenamed", "channelRestored"})
GUEST_ROLES = frozenset({"guest", "anonymous"})  # TeamsChannelAccount.userRole of outsiders


def teams_observed(activity: Any, parent_author: str | None = None
                   ) -> list[tuple[str, Interaction]]:
    """A person's message in a team channel or group chat: a post (a reply to the thread's
    author when `parent_author` is known) and its mentions (at most MAX_MENTIONS distinct
    people, never the bot). Only ids are read from the mention entities; the text is never
    looked at. BadInput when the activity has the wrong shape."""
    conversation = _object(activity, "conversation")
    sender = _string(_object(activity, "from"), "id")
    if activity.get("type") != "message" or _string(conversation, "conversationType") == "personal":
        return []
    when = _moment(activity.get("timestamp"))
    channel = channel_of(activity)
    if not sender or not channel or when is None:
        return []
    key = f"teams:{channel}:{_string(activity, 'id')}"
    if parent_author and parent_author != sender:
        out = [(key, Interaction(sender, parent_author, "reply", when, channel))]
    else:
        out = [(key, Interaction(sender, None, "message", when, channel))]
    return out + [(f"{key}:mention:{target}", Interaction(sender, target, "mention", when, channel))
                  for target in mentioned(activity)]


def mentioned(activity: Any) -> list[str]:
    """The distinct people a message mentions, in order, at most MAX_MENTIONS: never its
    sender, never the bot it was sent to."""
    skip = {_string(_object(activity, "from"), "id"), _string(_object(activity, "recipient"), "id")}
    found: list[str] = []
    for entity in _objects(activity, "entities"):
        target = _string(_object(entity, "mentioned"), "id")
        if _string(entity, "type") == "mention" and target and target not in skip \
                and target not in found:
            found.append(target)
            if len(found) == MAX_MENTIONS:
                break
    return found


def teams_reactions(activity: Any, author: str | None) -> list[tuple[str, Interaction]]:
    """Reactions added to a message whose author we know (from its stored post)."""
    sender = _string(_object(activity, "from"), "id")
    when = _moment(activity.get("timestamp"))
    added = _objects(activity, "reactionsAdded")
    if not author or not sender or sender == author or when is None or not added:
        return []
    channel, parent = channel_of(activity), _string(activity, "replyToId")
    # One per person and message, whichever reaction: its type is never part of a key.
    return [(f"teams:{channel}:{parent}:reaction:{sender}",
             Interaction(sender, author, "reaction", when, channel))]


def channel_of(activity: Any) -> str:
    """The conversation without the ";messageid=…" a channel reply carries."""
    return _string(_object(activity, "conversation"), "id").split(";")[0]


def parent_source(activity: Any) -> str | None:
    """The source id of the post a channel reply answers, if it is one."""
    _, _, parent = _string(_object(activity, "conversation"), "id").partition(";messageid=")
    if not parent or parent == _string(activity, "id"):
        return None
    return f"teams:{channel_of(activity)}:{parent}"


def tenant_of(activity: Any) -> str:
    """The organisation the conversation belongs to ("teams" when the activity does not say,
    as in development)."""
    tenant = _string(_object(activity, "conversation"), "tenantId") or \
        _string(_object(_object(activity, "channelData"), "tenant"), "id")
    return tenant or "teams"


def channel_names(activity: Any) -> dict[str, str]:
    """What a conversationUpdate says channels are called now: a channel created, renamed or
    restored names that channel; a team renamed names its General channel, whose id is the
    team's. Names are cut to what the store holds."""
    if _string(activity, "type") != "conversationUpdate":
        return {}
    data = _object(activity, "channelData")
    event = _string(data, "eventType")
    part = _object(data, "channel") if event in CHANNEL_NAMED else \
        _object(data, "team") if event == "teamRenamed" else {}
    place, name = _string(part, "id"), _string(part, "name", MAX_NAME).strip()
    return {place: name[:MAX_ID]} if place and name else {}


def place_of(activity: Any) -> tuple[str, str] | None:
    """Where an activity happened, as the app's installations count: (team id, "team"),
    (group chat id, "groupChat") or (person id, "personal"); None when it does not say."""
    kind = _conversation_type(activity)
    if kind == "personal":
        return (_sender(activity), "personal") if _sender(activity) else None
    team = _string(_object(_object(activity, "channelData"), "team"), "id")
    if team:
        return team, "team"
    if kind == "groupChat" and channel_of(activity):
        return channel_of(activity), "groupChat"
    return None


def organisation(account: Any, tenant: str) -> str:
    """"own", "guest" or "unknown": what a member entry (a roster's TeamsChannelAccount, a
    message's `from`) says of the person's organisation. A guest (B2B), an anonymous meeting
    participant or a federated user of another tenant is "guest"; an entry that names neither
    a tenant nor a role, as a message's `from` and a mention's `mentioned` do, is "unknown"."""
    role = _string(account, "userRole").lower()
    home = _string(account, "tenantId")
    if role in GUEST_ROLES or (home and home != tenant):
        return "guest"
    return "own" if home == tenant else "unknown"


def organisations(activity: Any, tenant: str) -> tuple[frozenset[str], frozenset[str]]:
    """(guests, unverified) among the people a message or reaction shows: its sender and the
    people it mentions."""
    accounts = [_object(activity, "from")] + [
        _object(entity, "mentioned") for entity in _objects(activity, "entities")
        if _string(entity, "type") == "mention"]
    found: dict[str, set[str]] = {"guest": set(), "unknown": set(), "own": set()}
    for account in accounts:
        if _string(account, "id"):
            found[organisation(account, tenant)].add(account["id"])
    return frozenset(found["guest"]), frozenset(found["unknown"] - found["guest"])


def _people(members: list, tenant: str, roster: bool
            ) -> tuple[list[tuple[str, str, str]], frozenset[str]]:
    """(id, name, sign-in name) of Teams members (botbuilder's TeamsChannelAccount), bounded to
    what the store holds, and the ids of the guests among them. A roster is the team's own
    member list, so a member it names no organisation for counts as the tenant's own; a member
    added whose organisation is not told is left out."""
    people, guests = [], set()
    for member in members:
        entry = member.serialize()
        org = organisation(entry, tenant)
        if not isinstance(member.id, str) or not 0 < len(member.id) <= MAX_ID or \
                not member.id.isprintable() or \
                (org == "unknown" and not roster):
            continue
        if org == "guest":
            guests.add(member.id)
        people.append((member.id, _storable(member.name, MAX_ID),
                       _storable(member.user_principal_name or member.email, 320)))
    return people, frozenset(guests)


def _storable(text: str | None, limit: int) -> str:
    """A name from Microsoft's answer as the store can hold it (no NUL, bounded)."""
    return (text or "").replace("\x00", "")[:limit]


def _sender(activity: Any) -> str:
    return _string(_object(activity, "from"), "id")


def _conversation_type(activity: Any) -> str:
    return _string(_object(activity, "conversation"), "conversationType")


def _asker(tenant: str, sender: str, activity: Any) -> Asker:
    """A Teams person asking, with their Entra object id: the id a Teams admin can look up,
    so WEAKTIE_MANAGERS may name people by it; and the activity's `locale` ("fr-FR"), the
    language their Teams client is in (https://learn.microsoft.com/en-us/azure/bot-service/
    rest-api/bot-framework-rest-connector-api-reference#activity-object)."""
    return Asker(tenant, "teams", sender, directory_id=_aad(activity),
                 locale=_string(activity, "locale")[:35])


def _aad(activity: Any) -> str:
    """The sender's Entra (Azure AD) object id, when Teams gives one."""
    return _string(_object(activity, "from"), "aadObjectId")


def _moment(text: Any) -> datetime | None:
    if not isinstance(text, str):
        return None
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


PROFILE_TEXT = ("office", "tz", "hours")  # the profile card's text inputs (adapters/teams/render.py)


def card_action_data(value: Any) -> dict:
    """The data of an Action.Execute (an `adaptiveCard/action` invoke's value: {"action":
    {"type": "Action.Execute", "verb", "data"}, "trigger"}); BadInput when it is not one."""
    action = _object({"value": value}, "value").get("action")
    if not isinstance(action, dict) or action.get("type") != "Action.Execute":
        raise BadInput("not an Action.Execute")
    return _object(action, "data")
