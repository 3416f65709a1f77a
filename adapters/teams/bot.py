"""Microsoft Teams on botbuilder: the only module that imports it (botbuilder-python is archived;
moving to the Microsoft 365 Agents SDK must stay a one-file change).

POST /api/messages with our own request handling in front of `CloudAdapter.process_activity`
(its `process()` answers 500 to bodies it cannot parse): an activity's shape is checked by pure
functions first (a 400 with a short reason, nothing written), channel messages, mentions and
reactions are stored as metadata of the tenant's own people, every invoke is answered, the
places the app is installed in are tracked, and channel names are learned. In personal chats:
the shared conversation grammar and card answers.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Mapping
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlparse

from aiohttp import ClientError, web
from botbuilder.core import ActivityHandler, InvokeResponse, MessageFactory, TurnContext
from botbuilder.core.teams import TeamsInfo
from botbuilder.integration.aiohttp import CloudAdapter, ConfigurationBotFrameworkAuthentication
from botbuilder.schema import Activity, ActivityTypes, Attachment, ConversationReference
from botframework.connector.auth import AuthenticationConstants
from msrest.exceptions import ClientException, ClientRequestError, HttpOperationError

from adapters.teams.program_card import program_card
from adapters.teams.render import follow_up_card, notice_card, nudge_card, profile_card, reminder_card
from bot.core.model import Interaction
from bot.service.inbound import (
    Asker,
    BadInput,
    ChannelsNamed,
    Click,
    FormOpened,
    FormSubmitted,
    Handler,
    Installed,
    MembersSeen,
    Observed,
    ReachableAt,
    Request,
    Uninstalled,
    form_name,
)
from bot.service.outbound import (
    DeliveryUncertain,
    FollowUpMessage,
    NoticeMessage,
    Recipient,
    ReminderMessage,
)

LOG = logging.getLogger("weaktie.teams")
PER_SECOND = 10  # Teams' default pace per tenant
CARD = "application/vnd.microsoft.card.adaptive"
ROSTER_PAGE = 200  # members read per roster page (Teams allows 50 to 500)
RETRIES = 3  # after a 429 or a 5xx, with backoff
# The activity as received: botbuilder's models drop fields we need (conversation.tenantId, the
# ids inside mention entities), so the turn reads the raw JSON. Set per request, in its task.
RAW: ContextVar[dict] = ContextVar("weaktie_teams_raw")


@dataclass(frozen=True, slots=True)
class TeamsSettings:
    app_id: str
    app_password: str
    app_type: str = "SingleTenant"
    tenant_id: str = ""
    openid_metadata_url: str = ""  # where token signing keys are published (sovereign clouds)


class _BotFrameworkConfig:
    """The attribute names botbuilder's configuration reader expects."""

    def __init__(self, settings: TeamsSettings) -> None:
        self.APP_ID = settings.app_id
        self.APP_PASSWORD = settings.app_password
        self.APP_TYPE = settings.app_type
        self.APP_TENANTID = settings.tenant_id
        if settings.openid_metadata_url:
            # Overriding one endpoint makes botbuilder read them all from the configuration:
            # the others keep the public cloud's values.
            self.TO_BOT_FROM_CHANNEL_OPENID_METADATA_URL = settings.openid_metadata_url
            self.TO_BOT_FROM_CHANNEL_TOKEN_ISSUER = AuthenticationConstants.TO_BOT_FROM_CHANNEL_TOKEN_ISSUER
            self.TO_CHANNEL_FROM_BOT_LOGIN_URL = AuthenticationConstants.TO_CHANNEL_FROM_BOT_LOGIN_URL
            self.TO_CHANNEL_FROM_BOT_OAUTH_SCOPE = \
                AuthenticationConstants.TO_CHANNEL_FROM_BOT_OAUTH_SCOPE
            self.TO_BOT_FROM_EMULATOR_OPENID_METADATA_URL = \
                AuthenticationConstants.TO_BOT_FROM_EMULATOR_OPENID_METADATA_URL
            self.OAUTH_URL = AuthenticationConstants.OAUTH_URL


# What one activity may hold before we look at it: Teams' own activities stay far below these.
MAX_ID = 200  # the store's id columns (tenants, people, channels) are 200 characters
MAX_NAME = 1000
MAX_TEXT = 100_000  # a Teams message is at most about 100 KB
MAX_URL = 2000
MAX_LIST = 1000  # entities, members added or removed, reactions
MAX_MENTIONS = 50  # distinct people one message may be stored as mentioning
MAX_KNOWN_PLACES = 10_000  # teams and chats a process remembers having recorded
MAX_LOOKUPS = 50  # members added that one activity may make us look up
CHANNEL_NAMED = frozenset({"channelCreated", "channelRenamed", "channelRestored"})
GUEST_ROLES = frozenset({"guest", "anonymous"})  # TeamsChannelAccount.userRole of outsiders
# Inbound Bot Framework activity types (invokeResponse only ever goes from the bot).
ACTIVITY_TYPES = frozenset(t.value for t in ActivityTypes) - {ActivityTypes.invoke_response.value}


def checked_activity(body: Any) -> dict:
    """The activity, when it has the shape our turn and botbuilder read; BadInput with a short
    reason when not. Only the parts something reads are checked (the rest is botbuilder's)."""
    if not isinstance(body, dict):
        raise BadInput("the body is not a JSON object")
    if _string(body, "type") not in ACTIVITY_TYPES:
        raise BadInput("type is not a Bot Framework activity type")
    for key in ("from", "recipient", "conversation"):
        _account(body, key)
    for key in ("tenantId", "conversationType"):
        _string(body["conversation"], key)
    for key in ("id", "replyToId", "channelId", "action", "name", "locale"):
        _string(body, key)
    _string(body, "serviceUrl", MAX_URL)
    _string(body, "timestamp", 64)
    _string(body, "text", MAX_TEXT)
    data = _object(body, "channelData")
    for key in ("tenant", "team", "channel"):
        # present means with an id: botbuilder's Teams helpers index it
        if data.get(key) is not None and not _string(_object(data, key), "id"):
            raise BadInput(f"channelData.{key}.id is missing")
        _string(_object(data, key), "name", MAX_NAME)
    _string(data, "eventType")
    for entity in _objects(body, "entities"):
        _string(entity, "type")
        _string(_object(entity, "mentioned"), "id")
    for key in ("membersAdded", "membersRemoved"):
        for member in _objects(body, key):
            _member(member)
    for key in ("reactionsAdded", "reactionsRemoved"):
        _objects(body, key)
    return body


def _account(parent: Mapping[str, Any], key: str) -> dict:
    """A required ChannelAccount-like object: an object with a non-empty string id."""
    account = _object(parent, key)
    if not _string(account, "id"):
        raise BadInput(f"{key}.id is missing")
    for name in ("aadObjectId", "tenantId", "userRole"):
        _string(account, name)
    _string(account, "name", MAX_NAME)
    return account


def _member(member: Mapping[str, Any]) -> None:
    if not _string(member, "id"):
        raise BadInput("a member has no id")
    for name in ("aadObjectId", "tenantId", "userRole"):
        _string(member, name)
    _string(member, "name", MAX_NAME)


def _object(parent: Any, key: str) -> dict:
    """parent[key] as an object ({} when absent or null); BadInput when it is anything else."""
    if not isinstance(parent, Mapping):
        raise BadInput("an activity part is not an object")
    value = parent.get(key)
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise BadInput(f"{key} is not an object")
    return value


def _string(parent: Any, key: str, limit: int = MAX_ID) -> str:
    """parent[key] as a string ("" when absent or null), at most `limit` characters, without
    NUL (PostgreSQL text cannot hold it); an id-sized one printable (no control or bidi
    characters: ids and names end up in the store and in what people read)."""
    if not isinstance(parent, Mapping):
        raise BadInput("an activity part is not an object")
    value = parent.get(key)
    if value is None:
        return ""
    if not isinstance(value, str) or len(value) > limit or "\x00" in value or \
            (limit <= MAX_ID and not value.isprintable()):
        raise BadInput(f"{key} is not a printable string of at most {limit} characters")
    return value


def _objects(parent: Any, key: str, limit: int = MAX_LIST) -> list[dict]:
    """parent[key] as a list of objects ([] when absent or null), at most `limit` long."""
    if not isinstance(parent, Mapping):
        raise BadInput("an activity part is not an object")
    value = parent.get(key)
    if value is None:
        return []
    if not isinstance(value, list) or len(value) > limit or \
            not all(isinstance(item, dict) for item in value):
        raise BadInput(f"{key} is not a list of at most {limit} objects")
    return value


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
    so WEAKTIE_MANAGERS may name people by it."""
    return Asker(tenant, "teams", sender, directory_id=_aad(activity))


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


class WeaktieTeamsBot(ActivityHandler):
    """Stores channel activity; in personal chats keeps the conversation reference (for
    proactive nudges), answers with the shared grammar, and takes card answers."""

    def __init__(self, handlers: Handler) -> None:
        self.h = handlers
        # (tenant, place) known to be recorded by this process: a channel message from a
        # team costs one write per team, not one per message
        self.known: set[tuple[str, str]] = set()

    async def on_message_activity(self, turn_context: TurnContext) -> None:
        raw = RAW.get()
        tenant = tenant_of(raw)
        if _conversation_type(raw) == "personal":
            sender = _sender(raw)
            if await self._outsider(tenant, raw):
                await turn_context.send_activity(OUTSIDERS)
                return
            reference = TurnContext.get_conversation_reference(turn_context.activity).serialize()
            await self.h.handle(ReachableAt(tenant, "teams", sender, reference))
            if _string(raw, "text", MAX_TEXT).strip().lower() == "profile":
                home = await self.h.handle(FormOpened(_asker(tenant, sender, raw), "home"))
                colleagues = await self.h.colleagues(tenant)
                await turn_context.send_activity(MessageFactory.attachment(Attachment(
                    content_type=CARD, content=profile_card(home, colleagues))))
                return
            name = form_name(_string(raw, "text", MAX_TEXT))
            if name is not None:  # `admin form [NAME]`: a manager gets the program as a card
                found = await self.h.handle(FormOpened(_asker(tenant, sender, raw), "program",
                                                       name))
                if isinstance(found, dict):
                    found = MessageFactory.attachment(Attachment(content_type=CARD,
                                                                 content=program_card(found)))
                await turn_context.send_activity(found)
                return
            await turn_context.send_activity(await self._reply(tenant, sender, raw))
            return
        if await self._seen(tenant, place_of(raw)):
            await self._first_roster(turn_context, tenant, raw)
        parent = parent_source(raw)
        author = await self.h.author_of(tenant, parent) if parent else None
        observed = teams_observed(raw, author)
        if observed:
            guests, unverified = organisations(raw, tenant)
            await self.h.handle(Observed(tenant, "teams", tuple(observed), guests, unverified))

    async def on_conversation_update_activity(self, turn_context: TurnContext) -> None:
        """The app was added: in a personal chat, keep the reference (so the person can get
        nudges before they ever write); in a team or group chat, record the place and learn the
        roster. The app was removed from a team or chat: that place is left."""
        raw = RAW.get()
        bot_id = _string(_object(raw, "recipient"), "id")
        tenant = tenant_of(raw)
        names = channel_names(raw)
        if names:
            await self.h.handle(ChannelsNamed(tenant, "teams", names))
        if bot_id in [m["id"] for m in _objects(raw, "membersRemoved")]:
            await self._left(tenant, place_of(raw))
            return
        added = [m["id"] for m in _objects(raw, "membersAdded")]
        if added and bot_id not in added and _conversation_type(raw) != "personal":
            people, guests = await self._members_added(turn_context, tenant, bot_id)
            await self.h.handle(MembersSeen(tenant, "teams", tuple(people), guests))
        if bot_id not in added:
            return
        await self._arrived(turn_context, tenant, raw)
        if _conversation_type(raw) != "personal":
            people, guests = await self._roster(turn_context, tenant, bot_id)
            await self.h.handle(MembersSeen(tenant, "teams", tuple(people), guests))

    async def on_installation_update_add(self, turn_context: TurnContext) -> None:
        """Installed (or upgraded) in a team, a group chat or a personal scope: the tenant is
        back if it had been uninstalled."""
        await self._arrived(turn_context, tenant_of(RAW.get()), RAW.get())

    async def on_installation_update_remove(self, turn_context: TurnContext) -> None:
        """Removed from one place: only when no place is left is the tenant uninstalled (its
        data then purged on the same schedule as a Slack workspace's)."""
        await self._left(tenant_of(RAW.get()), place_of(RAW.get()))

    async def _arrived(self, turn_context: TurnContext, tenant: str, raw: dict) -> None:
        place = place_of(raw)
        if place is not None and place[1] == "personal":
            if await self._outsider(tenant, raw):
                return
            reference = TurnContext.get_conversation_reference(turn_context.activity).serialize()
            await self.h.handle(ReachableAt(tenant, "teams", place[0], reference))
        await self._seen(tenant, place, again=True)

    async def _outsider(self, tenant: str, raw: dict) -> bool:
        """Whether the sender is shown as of another organisation (a guest, an anonymous or
        federated user) in a tenant that does not include guests: nothing is stored of them."""
        if organisation(_object(raw, "from"), tenant) != "guest":
            return False
        return not await self.h.includes_guests(tenant)

    async def _seen(self, tenant: str, place: tuple[str, str] | None, again: bool = False
                    ) -> bool:
        """Record where the app is (once per process, unless `again`: an install says so);
        whether the store had not known the team or group chat."""
        if place is None or (not again and (tenant, place[0]) in self.known):
            return False
        new = await self.h.handle(Installed(tenant, "teams", *place))
        if len(self.known) >= MAX_KNOWN_PLACES:
            self.known.clear()
        self.known.add((tenant, place[0]))
        return bool(new)

    async def _first_roster(self, turn_context: TurnContext, tenant: str, raw: dict) -> None:
        """A team or chat first seen by a message (the app was installed before weaktie kept
        places, or the install's activity never arrived): its roster is read now, so that the
        message's sender and mentions are known as the tenant's own rather than dropped as
        people of unknown organisation. A failed read is logged; the place stays recorded, and
        people become known as they are added or when the app is installed again."""
        try:
            people, guests = await self._roster(turn_context, tenant,
                                                _string(_object(raw, "recipient"), "id"))
        except OUTBOUND as exc:
            LOG.warning("Teams: the roster of a team first seen by a message could not be read "
                        "(%s)", type(exc).__name__)
            return
        await self.h.handle(MembersSeen(tenant, "teams", tuple(people), guests))

    async def _left(self, tenant: str, place: tuple[str, str] | None) -> None:
        if place is None:
            return
        self.known.discard((tenant, place[0]))
        await self.h.handle(Uninstalled(tenant, "teams", *place))

    async def _roster(self, turn_context: TurnContext, tenant: str, bot_id: str
                      ) -> tuple[list[tuple[str, str, str]], frozenset[str]]:
        """Everyone in the team or chat, page by page (TeamsInfo.get_paged_members), and the
        guests among them."""
        members: list = []
        token = None
        while True:
            page = await TeamsInfo.get_paged_members(turn_context, token, ROSTER_PAGE)
            members += [m for m in page.members or [] if m.id != bot_id]
            token = page.continuation_token
            if not token:
                return _people(members, tenant, roster=True)

    async def _members_added(self, turn_context: TurnContext, tenant: str, bot_id: str
                             ) -> tuple[list[tuple[str, str, str]], frozenset[str]]:
        """People added to a team or chat the app is in. Teams' entry names only their id, so
        each is looked up (TeamsInfo.get_member) to learn their organisation and name."""
        members = []
        for entry in _objects(RAW.get(), "membersAdded")[:MAX_LOOKUPS]:
            if entry["id"] == bot_id:
                continue
            try:
                members.append(await TeamsInfo.get_member(turn_context, entry["id"]))
            except OUTBOUND as exc:  # unknown organisation: stored by nobody
                LOG.warning("Teams: a member added could not be looked up (%s)",
                            type(exc).__name__)
        return _people(members, tenant, roster=False)

    async def on_message_reaction_activity(self, turn_context: TurnContext) -> None:
        raw = RAW.get()
        tenant, parent = tenant_of(raw), _string(raw, "replyToId")
        source = f"teams:{channel_of(raw)}:{parent}"
        author = await self.h.author_of(tenant, source) if parent else None
        observed = teams_reactions(raw, author)
        if observed:
            guests, unverified = organisations(raw, tenant)
            await self.h.handle(Observed(tenant, "teams", tuple(observed), guests, unverified))

    async def on_invoke_activity(self, turn_context: TurnContext) -> InvokeResponse:
        """Every invoke is answered in the HTTP response, never with botbuilder's 501: an
        Action.Execute like the Action.Submit it falls back to, anything else accepted."""
        raw = RAW.get()
        name = _string(raw, "name")
        if name != "adaptiveCard/action":
            return InvokeResponse(status=200, body=INVOKE_ANSWERS.get(name))
        try:
            data = card_action_data(raw.get("value"))
        except BadInput as exc:
            return InvokeResponse(status=200, body=_card_error(str(exc)))
        if await self._outsider(tenant_of(raw), raw):
            return InvokeResponse(status=200, body=_card_message(OUTSIDERS))
        said = await self._card(tenant_of(raw), _sender(raw), data, raw)
        return InvokeResponse(status=200, body=_card_message(said or NOT_OURS))

    async def _reply(self, tenant: str, sender: str, raw: dict) -> str:
        value = raw.get("value")
        said = await self._card(tenant, sender, value, raw) if isinstance(value, dict) else None
        if said is not None:
            return said
        return await self.h.handle(Request(_asker(tenant, sender, raw),
                                           _string(raw, "text", MAX_TEXT)))

    async def _card(self, tenant: str, sender: str, value: dict, raw: dict) -> str | None:
        """What a person submitted on one of our cards (Action.Submit's `value`, Action.Execute's
        `action.data`), answered; None when it is not one of ours."""
        kind = value.get("weaktie")
        if kind == "profile":  # the profile card
            if any(not isinstance(value.get(k, ""), str) for k in PROFILE_TEXT):
                # a forged card (found by bench/hostile.py: office 5 was a 500); the person's
                # conversation reference is already saved, so this is a reply, not a 400
                return "Not saved: office, time zone and hours are text."
            form = {**value, "avoid": [p for p in str(value.get("avoid") or "").split(",") if p]}
            problems = await self.h.handle(FormSubmitted(_asker(tenant, sender, raw), "profile",
                                                         form))
            return "Saved." if not problems else "Not saved: " + " ".join(problems.values())
        if kind == "answer":  # a card's button
            answered = await self.h.handle(Click(_asker(tenant, sender, raw),
                                                 str(value.get("value")),
                                                 str(value.get("answer"))))
            return f"{answered.reply}\n\n{answered.announcement}" if answered.announcement \
                else answered.reply
        if kind == "program":  # the program card
            problems, saved = await self.h.handle(FormSubmitted(_asker(tenant, sender, raw),
                                                                "program", value))
            return saved or "Not saved:\n" + "\n".join(f"• {field}: {problem}"
                                                        for field, problem in problems.items())
        return None


NOT_OURS = "That card is not one of weaktie's."
PROFILE_TEXT = ("office", "tz", "hours")  # the profile card's text inputs (teams_cards.py)
OUTSIDERS = ("weaktie suggests coffees among this organisation's own people; it keeps nothing "
             "about guests here.")
# Accepting answers to the invokes Teams may send an app without those features (botbuilder's
# TeamsActivityHandler answers each with its handler's result, 501 by default); an invoke not
# listed gets an empty 200, as botbuilder gives signin/*, fileConsent/invoke,
# actionableMessage/executeAction, composeExtension/setting and onCardButtonClicked.
_NOTHING_FOUND = {"composeExtension": {"type": "result", "attachmentLayout": "list",
                                       "attachments": []}}
_NO_TASK = {"task": {"type": "message", "value": "weaktie has no dialog here."}}
INVOKE_ANSWERS: dict[str, dict] = {
    "composeExtension/query": _NOTHING_FOUND,
    "composeExtension/queryLink": _NOTHING_FOUND,
    "composeExtension/anonymousQueryLink": _NOTHING_FOUND,
    "composeExtension/selectItem": _NOTHING_FOUND,
    "composeExtension/querySettingUrl": _NOTHING_FOUND,
    "composeExtension/fetchTask": _NO_TASK,
    "composeExtension/submitAction": {},
    "task/fetch": _NO_TASK,
    "task/submit": {},
    "tab/fetch": {"tab": {"type": "continue", "value": {"cards": []}}},
    "tab/submit": {"tab": {"type": "continue", "value": {"cards": []}}},
    "config/fetch": {"config": {"type": "message", "value": "Nothing to configure."}},
    "config/submit": {"config": {"type": "message", "value": "Nothing to configure."}},
}


def card_action_data(value: Any) -> dict:
    """The data of an Action.Execute (an `adaptiveCard/action` invoke's value: {"action":
    {"type": "Action.Execute", "verb", "data"}, "trigger"}); BadInput when it is not one."""
    action = _object({"value": value}, "value").get("action")
    if not isinstance(action, dict) or action.get("type") != "Action.Execute":
        raise BadInput("not an Action.Execute")
    return _object(action, "data")


def _card_message(text: str) -> dict:
    """An AdaptiveCardInvokeResponse that shows the clicker a short message."""
    return {"statusCode": 200, "type": "application/vnd.microsoft.activity.message",
            "value": text}


def _card_error(reason: str) -> dict:
    return {"statusCode": 400, "type": "application/vnd.microsoft.error",
            "value": {"code": "BadRequest", "message": reason}}


class TeamsNudges:
    """The ChatAdapter for Teams: the bot cannot open a group chat, so each member gets a 1:1
    card, proactively. The service runs each member's delivery states (bot/service/
    delivery.py); this posts one card to one person, paced and retried."""

    shared_conversation = False  # a group's reminder goes to each member: one outbox row each
    platform = "teams"

    def __init__(self, adapter: CloudAdapter, app_id: str) -> None:
        self.adapter, self.app_id = adapter, app_id
        self.locks: dict[str, asyncio.Lock] = {}
        self.last: dict[str, float] = {}

    async def send_to(self, message, to: Recipient) -> None:
        if isinstance(message, FollowUpMessage):
            card, what = follow_up_card(message), f"nudge {message.nudge} to {to.member}"
        elif isinstance(message, ReminderMessage):
            card, what = reminder_card(message, to.names, to.member), f"outbox {message.outbox}"
        elif isinstance(message, NoticeMessage):
            card, what = notice_card(message), f"outbox {message.outbox}"
        else:
            card = nudge_card(message, to.names, to.member, to.sign_ins)
            what = f"nudge {message.nudge} to {to.member}"
        await self._post(message.tenant, to.reference, Attachment(content_type=CARD,
                                                                  content=card), what)

    async def _post(self, tenant: str, ref: dict, attachment: Attachment, what: str) -> None:
        """One card to one conversation; a 429 or 5xx is retried (Teams kept nothing)."""
        async def deliver(turn_context: TurnContext) -> None:
            await turn_context.send_activity(MessageFactory.attachment(attachment))

        for attempt in range(RETRIES + 1):
            await self._pace(tenant)
            try:
                await self.adapter.continue_conversation(
                    ConversationReference().deserialize(ref), deliver, self.app_id)
                return
            except HttpOperationError as exc:
                status = getattr(exc.response, "status_code", None) or \
                    getattr(exc.response, "status", None)
                if status not in (429, 500, 502, 503, 504) or attempt == RETRIES:
                    raise
                # Teams did not take it (throttled or down): waiting and trying again is safe.
                await asyncio.sleep(_retry_after(exc.response, attempt))
            except (OSError, TimeoutError, ClientRequestError) as exc:
                # The connection broke (msrest wraps aiohttp's errors): Teams may have it.
                raise DeliveryUncertain(f"{what}: {exc}") from exc

    async def _pace(self, tenant: str) -> None:
        """At most PER_SECOND sends a second per tenant (Teams allows about that by default)."""
        lock = self.locks.setdefault(tenant, asyncio.Lock())
        async with lock:
            loop = asyncio.get_running_loop()
            wait = self.last.get(tenant, 0.0) + 1 / PER_SECOND - loop.time()
            if wait > 0:
                await asyncio.sleep(wait)
            self.last[tenant] = loop.time()


@dataclass
class TeamsEndpoint:
    """POST /api/messages: 415 for a non-JSON body, 400 with a short reason for anything that
    is not a Bot Framework activity of the shape we read, 401 for a bad token; never a 500 for
    what a client sent."""

    adapter: CloudAdapter
    bot: WeaktieTeamsBot
    production: bool = True

    async def handle(self, request: web.Request) -> web.Response:
        if request.content_type != "application/json":
            return _refusal(415, "expected application/json")
        try:
            body = checked_activity(json.loads(await request.read()))
            activity = Activity().deserialize(body)
            # botbuilder's Teams helpers (the roster, a member) unpack it as a mapping
            activity.channel_data = activity.channel_data or {}
        except BadInput as exc:
            return _refusal(400, str(exc))
        except (ValueError, RecursionError, TypeError, AttributeError):
            # not JSON, or msrest's DeserializationError (a ValueError) on a field it types
            return _refusal(400, "not a Bot Framework activity")
        if self.production and not request.headers.get("Authorization"):
            return _refusal(401, "unauthorized")
        if self.production and not allowed_service_url(_string(body, "serviceUrl", MAX_URL)):
            # A forged serviceUrl must never receive our token with a reply.
            return _refusal(400, "serviceUrl is not a Microsoft service")
        RAW.set(body)
        try:  # authenticate first, apart: any failure here is the caller's, so a 401
            authenticated = await self.adapter.bot_framework_authentication.authenticate_request(
                activity, request.headers.get("Authorization", ""))
        except Exception:  # noqa: BLE001 - botbuilder and PyJWT raise many kinds for bad tokens
            return _refusal(401, "unauthorized")
        return await self._turn(authenticated, activity, body)

    async def _turn(self, authenticated, activity: Activity, body: dict) -> web.Response:
        try:
            answer = await self.adapter.process_activity(authenticated, activity, self.bot.on_turn)
        except BadInput as exc:
            return _refusal(400, str(exc))
        except OUTBOUND as exc:
            # The turn wrote what it had to before it replied: answering 5xx would make Teams
            # send the activity again for nothing. One line, no content.
            LOG.warning("Teams %s: a call to the Bot Connector failed (%s); what the activity "
                        "says is kept", body["type"], type(exc).__name__)
            return web.Response(status=202)
        if answer and answer.body is not None:
            return web.json_response(answer.body, status=answer.status)
        return web.Response(status=answer.status if answer else 201)


# What a failed call to the Bot Connector (a reply, a roster page) raises: msrest's errors
# (HttpOperationError, ClientRequestError, ValidationError), aiohttp's and the socket's.
OUTBOUND = (ClientException, ClientError, OSError, TimeoutError)


def _refusal(status: int, reason: str) -> web.Response:
    return web.json_response({"error": reason}, status=status)


def teams_endpoint(settings: TeamsSettings | None, dev: bool,
                   handlers: Handler) -> TeamsEndpoint | None:
    """The endpoint, or None when Teams is not configured. Authentication is never silently
    off: only the explicit development switch serves without it, and says so loudly."""
    if settings is None and not dev:
        return None
    if settings is None:
        LOG.warning("WEAKTIE_DEV=1: /api/messages accepts UNAUTHENTICATED requests; "
                    "never use this in production")
        settings = dev_settings()
    return TeamsEndpoint(cloud_adapter(settings), WeaktieTeamsBot(handlers),
                         production=bool(settings.app_id))


# The Bot Connector's hosts (public cloud, GCC and GCC High / DoD): replies go nowhere else.
SERVICE_HOSTS = ("smba.trafficmanager.net", "botframework.com", "teams.microsoft.com",
                 "infra.gov.teams.microsoft.us", "botframework.azure.us")


def allowed_service_url(url: str) -> bool:
    """Whether a serviceUrl is one of Microsoft's, over HTTPS."""
    parsed = urlparse(url)
    host = (parsed.hostname or "").lower()
    return parsed.scheme == "https" and any(host == h or host.endswith("." + h)
                                            for h in SERVICE_HOSTS)


def _retry_after(response, attempt: int) -> float:
    """Retry-After when Teams gives one, else exponential backoff from half a second."""
    headers = getattr(response, "headers", None) or {}
    try:
        return min(30.0, float(headers.get("Retry-After")))
    except (TypeError, ValueError):
        return 0.5 * 2 ** attempt


def cloud_adapter(settings: TeamsSettings) -> CloudAdapter:
    return CloudAdapter(ConfigurationBotFrameworkAuthentication(_BotFrameworkConfig(settings)))


def dev_settings() -> TeamsSettings:
    """No app id: botbuilder then skips authentication (development only)."""
    return TeamsSettings(app_id="", app_password="", app_type="MultiTenant")
