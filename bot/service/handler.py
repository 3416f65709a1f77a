"""The one service the edges call: `handle(inbound)` for everything that comes in from a chat
platform, and the few read-only questions an adapter asks while converting.

It holds what every answer needs (the store, who the named managers are, the public URL and
secret for calendar links, the clock) so that adapters carry none of it. The store is blocking
(SQLAlchemy), so each call runs on a worker thread; live events share one group commit per
platform (bot/service/group_commit.py).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from bot.service import (
    arrivals,
    calendar_connect,
    dashboard_access,
    dashboard_pages,
    invitations,
    rounds,
    team_field,
)
from bot.service import calendar_organisation as organisation
from bot.service.admin import Gate
from bot.service.admin_words import is_admin
from bot.service.another_time import another_time
from bot.service.calendar_connect import CalendarSetup
from bot.service.calendar_port import CallbackPage
from bot.service.click_texts import nudge_language
from bot.service.commands import Command, parse
from bot.service.conversation import answer_nudge, handle_request, home, nudge_of, save_profile
from bot.service.group_commit import GroupCommit
from bot.service.inbound import (
    Asker,
    ChannelsNamed,
    Click,
    FieldsSeen,
    FormOpened,
    FormSubmitted,
    Inbound,
    Installed,
    MembersSeen,
    Observed,
    ProfileSeen,
    ReachableAt,
    Request,
    Uninstalled,
)
from bot.service.meetups import confirmation, invitation
from bot.service.outbound import LATER, Answered
from bot.service.profile_port import ProfileDirectory
from bot.service.program_form import program_form, submit_program_form
from bot.service.web_pages import Page, Refused
from bot.service.whose_language import reader, reader_of


def _utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True, slots=True)
class Deployment:
    """What an install configures that answers depend on."""

    managers: frozenset[str] = frozenset()  # WEAKTIE_MANAGERS: platform or Entra object ids
    public_url: str | None = None  # WEAKTIE_PUBLIC_URL, for calendar links
    secret_key: str | None = None  # WEAKTIE_SECRET_KEY, which signs calendar links
    calendars: CalendarSetup | None = None  # the calendar providers configured, if any
    profiles: ProfileDirectory | None = None  # Slack's profile fields (`admin team field`)


class Service:
    """One typed value in, its answer out. See bot/service/inbound.py for what each means."""

    def __init__(self, store, deployment: Deployment = Deployment(),
                 now: Callable[[], datetime] = _utc_now) -> None:
        self.store = store
        self.deployment = deployment
        self.now = now
        self.gate = Gate(deployment.managers)
        self._writers: dict[str, GroupCommit] = {}

    async def handle(self, inbound: Inbound) -> Any:
        if isinstance(inbound, Observed):
            return await self._writer(inbound.platform).record(
                inbound.tenant, list(inbound.rows), inbound.guests, inbound.unverified)
        if isinstance(inbound, Request) and (words := organisation.admin_words(inbound.text)):
            return await asyncio.to_thread(  # `admin calendar ...`: the organisation's consent
                organisation.admin_reply, self.store, self.deployment.calendars, self.gate,
                inbound.asker, self._manager_says(inbound.asker), words.name, self.now())
        if isinstance(inbound, Request) and (words := team_field.admin_words(inbound.text)) \
                is not None:  # `admin team field ...`: asks Slack for the workspace's fields
            return await team_field.admin_reply(self.store, self.deployment.profiles, self.gate,
                                                inbound.asker, self._manager_says(inbound.asker),
                                                words, self.now(), asyncio.to_thread)
        if isinstance(inbound, Request) and not is_admin(inbound.text):
            command = parse(inbound.text, self.now())
            if isinstance(command, Command) and command.name.startswith("calendar"):
                return await self._calendar(inbound.asker, command)
            if isinstance(command, Command) and command.name == "forget":
                asker = inbound.asker
                await invitations.hand_on(self.store, self.deployment.calendars, asker.tenant,
                                          asker.user, self.now(), asyncio.to_thread)
                await calendar_connect.before_forget(self.store, self.deployment.calendars,
                                                     asker.tenant, asker.user, asyncio.to_thread)
        if isinstance(inbound, Click) and inbound.kind == LATER:  # reads calendars: async
            return await self._another_time(inbound.asker, inbound.value)
        return await asyncio.to_thread(self.answer, inbound)

    def answer(self, inbound: Inbound) -> Any:
        """`handle` for everything but live interactions, on the caller's thread."""
        now = self.now()
        match inbound:
            case Request(asker, text):
                return handle_request(self.store, asker.tenant, asker.user, text, now,
                                      asker.platform, self.gate, self._manager_says(asker),
                                      self.deployment.public_url, asker.locale)
            case Click(asker, value, kind):
                return self._click(asker, value, kind, now)
            case FormOpened(asker, "home", _):  # forms and their errors: in the reader's words
                return home(self.store, asker.tenant, asker.user, now,
                            self.deployment.calendars is not None, reader_of(self.store, asker))
            case FormOpened(asker, "program", name):
                return program_form(self.store, asker.tenant, asker.user, name, self.gate,
                                    self._manager_says(asker), reader_of(self.store, asker))
            case FormSubmitted(asker, "profile", values):
                return save_profile(self.store, asker.tenant, asker.user, values, now,
                                    asker.platform, reader_of(self.store, asker))
            case FormSubmitted(asker, "program", values):
                return submit_program_form(self.store, asker.tenant, asker.user, values, now,
                                           asker.platform, self.gate, self._manager_says(asker),
                                           reader_of(self.store, asker))
            case ProfileSeen(tenant, platform, user, values):
                return self.store.update_person(tenant, user, platform, **values)
            case FieldsSeen(tenant, _, user, fields):
                return team_field.seen(self.store, tenant, user, fields, now)
            case MembersSeen(tenant, platform, members, guests):
                return arrivals.members(self.store, tenant, platform, members, guests)
            case ChannelsNamed(tenant, platform, names):
                return self.store.name_channels(tenant, names, platform)
            case ReachableAt(tenant, platform, who, reference):
                return self.store.save_reference(tenant, who, reference, platform, now)
            case Installed(tenant, platform, place, kind):
                return arrivals.installed(self.store, tenant, platform, place, kind, now)
            case Uninstalled(tenant, platform, place, kind):
                return arrivals.uninstalled(self.store, tenant, platform, place, kind, now)
        raise TypeError(f"not an inbound value: {type(inbound).__name__}")

    # -- questions an adapter asks while converting (they change nothing but `first_time`)

    async def first_time(self, platform: str, tenant: str, event: str) -> bool:
        """Whether no process answered this event yet; shared through the database, since a
        platform's retry may reach another web process."""
        return await asyncio.to_thread(self.store.first_time, f"{platform}:{tenant}:{event}",
                                       self.now())

    async def author_of(self, tenant: str, source: str) -> str | None:
        return await asyncio.to_thread(self.store.author_of, tenant, source)

    async def includes_guests(self, tenant: str) -> bool:
        return await asyncio.to_thread(self.store.includes_guests, tenant)

    async def colleagues(self, tenant: str) -> list[tuple[str, str]]:
        """(id, name) of everyone a person may name in a form (people to avoid)."""
        people = await asyncio.to_thread(self.store.people, tenant)
        return [(p.id, p.name) for p in people.values()]

    async def language_of(self, asker: Asker) -> str:
        """The asker's language ("en", "fr"), for the few words an adapter writes itself."""
        return (await asyncio.to_thread(reader_of, self.store, asker)).language

    async def invitation(self, nudge: int, token: str) -> str | None:
        """The .ics behind a calendar link, or None (wrong token, missing, unconfirmed)."""
        secret = self.deployment.secret_key
        if not secret:
            return None
        return await asyncio.to_thread(invitation, self.store, secret, nudge, token, self.now())

    # -- calendars (bot/service/calendar_connect.py)

    async def _calendar(self, asker: Asker, command: Command) -> str:
        setup, tenant, person = self.deployment.calendars, asker.tenant, asker.user
        says = await asyncio.to_thread(reader_of, self.store, asker)  # answers in their words
        if command.name == "calendar disconnect":
            # the events they hold go first, while their tokens can still cancel them
            await invitations.hand_on(self.store, setup, tenant, person, self.now(),
                                      asyncio.to_thread)
            return await organisation.disconnect(self.store, setup, tenant, person,
                                                 asker.platform, self.now(), asyncio.to_thread,
                                                 says)
        if command.name == "calendar connect":
            if covered := await asyncio.to_thread(organisation.person_connect, self.store, setup,
                                                  tenant, person, command.value, says):
                return covered
            # who is asking as the platform knows them: the consent must be theirs
            known = await asyncio.to_thread(self.store.sign_ins, tenant, [person]) \
                if self.store.has_tenant(tenant) else {}
            expect = {"address": asker.address or known.get(person, ""),
                      "directory_id": asker.directory_id}
            return await asyncio.to_thread(calendar_connect.connect_reply, self.store, setup,
                                           tenant, person, command.value, self.now(),
                                           asker.platform, expect, says)
        return await asyncio.to_thread(organisation.status, self.store, setup, tenant, person,
                                       says)

    async def calendar_callback(self, provider: str, query: dict[str, str]) -> CallbackPage:
        """The provider's redirect after consent (adapters/calendar/callback.py)."""
        return await calendar_connect.callback(self.store, self.deployment.calendars, provider,
                                               query, self.now(), asyncio.to_thread)

    async def organisation_callback(self, query: dict[str, str]) -> CallbackPage:
        """An administrator back from Microsoft's admin consent (adapters/calendar/consent.py)."""
        return await organisation.consent_callback(
            self.store, self.deployment.calendars, self.gate, query, self.now(), asyncio.to_thread)

    # -- the web dashboard (adapters/dashboard/): pages of kept aggregates, behind the gate

    async def dashboard_link(self, token: str, spend: bool) -> str | bool | Refused:
        """A sign-in link: the language of its manager if it would sign in (spend=False), or the
        new session's token."""
        allows, now = self.gate.allows, self.now()
        if spend:
            return await asyncio.to_thread(dashboard_access.sign_in, self.store, token, now, allows)
        found = await asyncio.to_thread(dashboard_access.sign_in_page, self.store, token, now,
                                        allows)
        if isinstance(found, Refused):
            return found
        return await asyncio.to_thread(dashboard_access.language_of, self.store, found)

    async def dashboard_page(self, session: str, page: str, draft: tuple[int, str] | None = None
                             ) -> Page | Refused:
        """One page for the manager behind `session`; `draft`: (idea number, week) to draft first."""
        return await asyncio.to_thread(self._dashboard_page, session, page, draft)

    async def dashboard_sign_out(self, session: str) -> str:
        """End the session: the language its manager reads, for the signed-out page."""
        return await asyncio.to_thread(dashboard_access.sign_out, self.store, session, self.now())

    def _dashboard_page(self, session: str, page: str, draft) -> Page | Refused:
        now = self.now()
        visitor = dashboard_access.signed_in(self.store, session, now, self.gate.allows)
        if isinstance(visitor, Refused):
            return visitor
        return dashboard_pages.shown(self.store, visitor, page, draft, now)

    # -- the rules behind each answer

    def _manager_says(self, asker: Asker) -> bool:
        """What the platform says of the asker: a Slack admin, or (Teams) an Entra object id
        named in WEAKTIE_MANAGERS. The gate adds the managers the store knows."""
        named = bool(asker.directory_id) and asker.directory_id in self.deployment.managers
        return asker.platform_admin or named

    def _click(self, asker: Asker, value: str, kind: str, now: datetime) -> Answered:
        """Record a button's answer: the reply to the clicker, an announcement for everyone
        once all accepted the same slot, and every member's latest answer."""
        tenant = asker.tenant
        says = reader(self.store, tenant, asker.user, asker.locale)
        reply, agreed = answer_nudge(self.store, tenant, asker.user, value, kind, now, says)
        nudge = nudge_of(value)
        if nudge is None or not self.store.has_tenant(tenant):  # nothing recorded: show nothing
            return Answered(reply)
        said = self.store.answers(tenant, nudge)
        language = nudge_language(self.store, tenant, nudge)  # the message's: its answers line
        if kind == "declined":  # after everyone accepted: the invitation follows (issue 14)
            invitations.on_decline(self.store, tenant, nudge, asker.user, now)
        if agreed is None:
            return Answered(reply, None, said, language)
        invitations.plan_on_agreement(self.store, self.deployment.calendars, tenant, nudge,
                                      agreed, now)
        return Answered(reply, confirmation(self.store, tenant, nudge, agreed,
                                            self.deployment.public_url,
                                            self.deployment.secret_key), said, language)

    async def _another_time(self, asker: Asker, value: str) -> Answered:
        """New times for the whole group (bot/service/another_time.py), and every member's
        latest answer for the message to show."""
        says = await asyncio.to_thread(reader, self.store, asker.tenant, asker.user, asker.locale)
        reply = await another_time(self.store, self.deployment.calendars, asker.tenant,
                                   asker.user, asker.platform, value, self.now(),
                                   asyncio.to_thread, says)
        nudge = nudge_of(value)
        if nudge is None or not await asyncio.to_thread(self.store.has_tenant, asker.tenant):
            return Answered(reply)
        said = await asyncio.to_thread(self.store.answers, asker.tenant, nudge)
        return Answered(reply, None, said, await asyncio.to_thread(
            nudge_language, self.store, asker.tenant, nudge))

    def _writer(self, platform: str) -> GroupCommit:
        if platform not in self._writers:
            self._writers[platform] = GroupCommit(
                lambda items: rounds.record_many(self.store, items, platform))
        return self._writers[platform]
