"""Connecting a calendar: `calendar connect` gives the person a link to their provider's consent
page (OAuth 2.0 authorization code with PKCE, the least scopes), the provider calls back with a
code, and the tokens are kept sealed. `calendar disconnect` withdraws the grant and erases them;
`calendar` says what is connected. Free/busy is all weaktie ever reads (docs/calendars.md).
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import json
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, Protocol

from bot.service.calendar_port import (
    GOOGLE,
    MICROSOFT,
    CalendarProvider,
    CalendarRefused,
    CalendarUnavailable,
    CallbackPage,
    OrganisationProvider,
    Tokens,
)
from bot.service.language import ENGLISH, Texts, date, texts
from bot.service.whose_language import reader
from bot.store import Store
from bot.store.calendars import CalendarLink
from bot.store.keys import token_digest

STATE_LIFETIME = timedelta(minutes=10)
NAMES = {GOOGLE: "Google Calendar", MICROSOFT: "Microsoft 365"}
EN = texts(ENGLISH)


def reads(says: Texts) -> str:
    return says.gettext("weaktie reads only when you are busy or free, never what your events "
                        "are, and creates one event when everyone in your group accepts a time. "
                        "`calendar disconnect` undoes it.")


READS = reads(EN)


class Box(Protocol):
    """Sealing at rest (entrypoints/secrets.py: Fernet, keyed by WEAKTIE_SECRET_KEY)."""

    def seal(self, plain: str) -> str: ...
    def open(self, sealed: str) -> str: ...


@dataclass(frozen=True, slots=True)
class CalendarSetup:
    """What an install configured: its providers by name, the box, where it is reachable."""

    providers: Mapping[str, CalendarProvider]
    box: Box
    public_url: str
    # Microsoft's, when organisation-wide consent is offered (bot/service/calendar_organisation.py)
    organisation: OrganisationProvider | None = None

    def reads(self, link: CalendarLink | None) -> bool:
        """Whether a person's calendar can be read: connected (or covered by the organisation's
        grant, which this install still offers), its grant not refused since, and its provider
        still configured here."""
        return link is not None and link.refused_at is None and link.provider in self.providers \
            and (not link.organisation or self.organisation is not None)

    def redirect_uri(self, provider: str) -> str:
        return f"{self.public_url.rstrip('/')}/calendar/oauth/{provider}"


def connect_reply(store: Store, setup: CalendarSetup | None, tenant: str, person: str,
                  which: str | None, now: datetime, platform: str,
                  expect: Mapping[str, str] | None = None, says: Texts = EN) -> str:
    """The links to connect, in the person's language; `expect`: who is asking as their
    platform knows them ("address", "directory_id"), which the consenting account must be (see
    `same_person`)."""
    if setup is None or not setup.providers:
        return says.gettext("Calendars are not set up on this install yet: ask whoever runs "
                            "weaktie (docs/calendars.md). Meanwhile I propose times within your "
                            "`hours`.")
    names = [which] if which else sorted(setup.providers)
    if which and which not in setup.providers:
        return says.gettext("{calendar} is not set up here; say {words}.",
                            calendar=NAMES.get(which, which), words=says.gettext(" or ").join(
                                f"`calendar connect {name}`" for name in sorted(setup.providers)))
    links = [f"• {NAMES[name]}: "
             f"{_link(store, setup, tenant, person, name, now, platform, dict(expect or {}))}"
             for name in names]
    return says.gettext("Connect your calendar (each link is for you only and works once, for "
                        "10 minutes):\n{links}\n{reads}", links="\n".join(links),
                        reads=reads(says))


def _link(store: Store, setup: CalendarSetup, tenant: str, person: str, provider: str,
          now: datetime, platform: str, expect: dict[str, str]) -> str:
    verifier, state = secrets.token_urlsafe(48), secrets.token_urlsafe(32)
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()) \
        .rstrip(b"=").decode()
    store.add_calendar_state(tenant, person, provider, token_digest(state), setup.box.seal(verifier),
                             now + STATE_LIFETIME, platform, expect)
    return setup.providers[provider].authorize_url(state, challenge, setup.redirect_uri(provider))


async def callback(store: Store, setup: CalendarSetup | None, provider: str,
                   query: Mapping[str, str], now: datetime, run) -> CallbackPage:
    """The provider's redirect. `run(fn, *args)` runs a store call off the event loop."""
    state, code = query.get("state", ""), query.get("code", "")
    if setup is None or provider not in setup.providers or not state:
        return CallbackPage(404, "There is no such calendar connection here.")
    found = await run(store.take_calendar_state, token_digest(state), provider, now)
    if found is None:
        return CallbackPage(403, "This link has expired or was used already. Say `calendar connect` "
                           "to the bot for a new one.")
    # the page is in the language of the person the link was made for (the state says who)
    says, name = await run(reader, store, found.tenant, found.person, ""), NAMES[provider]
    if "error" in query or not code:
        return CallbackPage(400, says.gettext("Not connected: {calendar} did not give consent. "
                                              "Say `calendar connect` to the bot to try again.",
                                              calendar=name))
    try:
        tokens = await setup.providers[provider].exchange(
            code, setup.box.open(found.sealed_verifier), setup.redirect_uri(provider))
    except CalendarRefused:
        return CallbackPage(403, says.gettext("{calendar} refused the connection. Say `calendar "
                                              "connect` to the bot to try again.", calendar=name))
    except CalendarUnavailable:
        return CallbackPage(424, says.gettext("{calendar} did not answer. Say `calendar connect` "
                                              "to the bot to try again in a moment.",
                                              calendar=name))
    if not same_person(found.expect, provider, tokens.known_as):
        # a forwarded link: the grant just made is withdrawn, nothing is kept, and the page
        # names nobody (not whose link it was, not who signed in)
        with contextlib.suppress(CalendarRefused, CalendarUnavailable):
            await setup.providers[provider].revoke(tokens)
        return CallbackPage(403, says.gettext(
            "Not connected: this link was made for someone else. A connect link works only for "
            "the account its owner uses at work; if it is yours, sign in with that account and "
            "say `calendar connect` to the bot again."))
    await run(store.save_calendar, found.tenant, found.person, provider, tokens.account,
              setup.box.seal(sealed_json(tokens)), now)
    return CallbackPage(200, says.gettext("Your {calendar} calendar is connected. You can close "
                                          "this tab. {reads}", calendar=name, reads=reads(says)))


def same_person(expect: Mapping[str, str], provider: str, known_as: tuple[str, ...]) -> bool:
    """Whether the account that consented is the person the link was made for. Microsoft names
    the Entra object id, which Teams gives as aadObjectId: compared first, exactly. Otherwise the
    sign-in address the platform gave (Slack's profile.email, Teams' UPN) must be one the provider
    names for the account. With nothing known to compare (Slack without `users:read.email`),
    the link alone decides, as before (docs/calendars.md)."""
    names = {name.casefold() for name in known_as}
    directory_id, address = expect.get("directory_id", ""), expect.get("address", "")
    if provider == MICROSOFT and directory_id:
        return directory_id.casefold() in names
    if address:
        return address.casefold() in names
    return True


def status_text(store: Store, tenant: str, person: str, says: Texts = EN) -> str:
    link = store.calendars(tenant, [person]).get(person)
    if link is None:
        return says.gettext("No calendar is connected: I propose times within your `hours`. "
                            "`calendar connect` links yours.")
    name, since = NAMES.get(link.provider, link.provider), date(link.connected_at, says.language)
    if link.refused_at:
        return says.gettext("Your {calendar} calendar is connected since {since}. It stopped "
                            "answering for you (the grant was withdrawn or expired): `calendar "
                            "connect` again. {reads}", calendar=name, since=since,
                            reads=reads(says))
    return says.gettext("Your {calendar} calendar is connected since {since}. {reads}",
                        calendar=name, since=since, reads=reads(says))


async def disconnect(store: Store, setup: CalendarSetup | None, tenant: str, person: str,
                     run, says: Texts = EN) -> str:
    link: CalendarLink | None = await run(store.remove_calendar, tenant, person)
    if link is None:
        return says.gettext("No calendar was connected; nothing changed.")
    provider = setup.providers.get(link.provider) if setup else None
    if provider is not None:
        # best effort: the tokens are gone from here either way
        with contextlib.suppress(CalendarRefused, CalendarUnavailable):
            await provider.revoke(tokens_of(setup.box, link.sealed))
    return says.gettext("Disconnected: your {calendar} tokens are erased and the grant "
                        "withdrawn. I propose times within your `hours` again.",
                        calendar=NAMES.get(link.provider, link.provider))


async def before_forget(store: Store, setup: CalendarSetup | None, tenant: str, person: str,
                        run) -> None:
    """`forget me` erases the tokens: first withdraw the grant, as `calendar disconnect` does
    (invitations.hand_on has handed on the events they hold). Best effort."""
    from bot.service.calendar_slots import fresh_tokens

    link = (await run(store.calendars, tenant, [person])).get(person)
    if setup is None or link is None or link.provider not in setup.providers or link.organisation:
        return  # an organisation's grant is not the person's to withdraw
    provider = setup.providers[link.provider]
    with contextlib.suppress(CalendarRefused, CalendarUnavailable):
        await provider.revoke(await fresh_tokens(store, setup, tenant, link,
                                                 datetime.now(UTC), run))


def sealed_json(tokens: Tokens) -> str:
    return json.dumps({"access": tokens.access_token, "refresh": tokens.refresh_token,
                       "expires": tokens.expires_at.isoformat(), "account": tokens.account,
                       "scope": tokens.scope})


def tokens_of(box: Box, sealed: str) -> Tokens:
    data: dict[str, Any] = json.loads(box.open(sealed))
    return Tokens(data["access"], data["refresh"], datetime.fromisoformat(data["expires"]),
                  data["account"], data.get("scope", ""))
