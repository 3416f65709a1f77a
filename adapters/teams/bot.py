"""The Teams bot on botbuilder's ActivityHandler: each activity, once its shape is checked
(adapters/teams/activity.py), becomes one inbound value for the service (adapters/teams/
events.py converts): channel messages, mentions and reactions as metadata of the tenant's own
people, the places the app is installed in, rosters and channel names; in personal chats the
shared conversation grammar, the profile and program cards, and card answers. botbuilder is
imported only under adapters/teams/, so moving to the Microsoft 365 Agents SDK (botbuilder-
python is archived) stays inside this folder.
"""

from __future__ import annotations

import logging

from botbuilder.core import ActivityHandler, InvokeResponse, MessageFactory, TurnContext
from botbuilder.core.teams import TeamsInfo
from botbuilder.schema import Attachment

from adapters.teams.activity import MAX_TEXT, RAW, _object, _objects, _string
from adapters.teams.events import (
    PROFILE_TEXT,
    _asker,
    _conversation_type,
    _people,
    _sender,
    card_action_data,
    channel_names,
    channel_of,
    organisation,
    organisations,
    parent_source,
    place_of,
    teams_observed,
    teams_reactions,
    tenant_of,
)
from adapters.teams.profile_card import profile_card
from adapters.teams.program_card import program_card
from adapters.teams.replies import INVOKE_ANSWERS, NOT_OURS, OUTSIDERS, _card_error, _card_message
from adapters.teams.send import CARD, OUTBOUND
from bot.service.inbound import (
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
from bot.service.language import texts

LOG = logging.getLogger("weaktie.teams")
ROSTER_PAGE = 200  # members read per roster page (Teams allows 50 to 500)
MAX_KNOWN_PLACES = 10_000  # teams and chats a process remembers having recorded
MAX_LOOKUPS = 50  # members added that one activity may make us look up


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
            if _string(raw, "text", MAX_TEXT).strip().lower() in ("profile", "profil"):
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
        await self._record(raw, tenant, parent_source(raw), teams_observed)

    async def _record(self, raw: dict, tenant: str, source: str | None, convert) -> None:
        """Store who interacted with whom in this activity; `source` is the message it answers
        or reacts to, whose author the store knows (Teams does not say it)."""
        author = await self.h.author_of(tenant, source) if source else None
        observed = convert(raw, author)
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
        parent = _string(raw, "replyToId")
        source = f"teams:{channel_of(raw)}:{parent}" if parent else None
        await self._record(raw, tenant_of(raw), source, teams_reactions)

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
            says = texts(await self.h.language_of(_asker(tenant, sender, raw)))
            if any(not isinstance(value.get(k, ""), str) for k in PROFILE_TEXT):
                # a forged card (found by bench/hostile.py: office 5 was a 500); the person's
                # conversation reference is already saved, so this is a reply, not a 400
                return says.gettext("Not saved: office, time zone and hours are text.")
            form = {**value, "avoid": [p for p in str(value.get("avoid") or "").split(",") if p]}
            problems = await self.h.handle(FormSubmitted(_asker(tenant, sender, raw), "profile",
                                                         form))
            return says.gettext("Not saved: {problems}", problems=" ".join(problems.values())) \
                if problems else says.pgettext("form", "Saved.")
        if kind == "answer":  # a card's button
            answered = await self.h.handle(Click(_asker(tenant, sender, raw),
                                                 str(value.get("value")),
                                                 str(value.get("answer"))))
            return f"{answered.reply}\n\n{answered.announcement}" if answered.announcement \
                else answered.reply
        if kind == "calendar":  # the profile card's "Connect your calendar"
            return await self.h.handle(Request(_asker(tenant, sender, raw), "calendar connect"))
        if kind == "program":  # the program card
            problems, saved = await self.h.handle(FormSubmitted(_asker(tenant, sender, raw),
                                                                "program", value))
            if saved:
                return saved
            says = texts(await self.h.language_of(_asker(tenant, sender, raw)))
            return says.gettext("Not saved:\n{problems}", problems="\n".join(
                f"• {field}: {problem}" for field, problem in problems.items()))
        return None
