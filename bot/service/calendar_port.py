"""The calendar boundary (issue 14): what the service asks of a calendar provider (Google
Calendar, Microsoft 365 through Graph), in no provider's words. adapters/calendar/ implements it
over HTTP; tests/standins/ answers it on loopback.

Free/busy only: a provider answers busy intervals, never an event's title, attendees, location or
description, and nothing here has a field that could hold one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

GOOGLE, MICROSOFT = "google", "microsoft"
PROVIDERS = (GOOGLE, MICROSOFT)


class CalendarRefused(Exception):
    """The provider refused the person's grant (revoked, expired beyond refresh, consent
    withdrawn): fall back to their hours and tell them once how to reconnect."""


class CalendarUnavailable(Exception):
    """The provider did not answer in time (5xx, 429 beyond the retries, a dropped connection):
    nothing is known, so nothing is assumed busy or free; retried later."""


@dataclass(frozen=True, slots=True)
class Tokens:
    """One person's grant. `account`: the calendar id the provider names (Google: the primary
    calendar's id, which is the address; Graph: their SMTP address, which getSchedule asks by),
    kept to ask for free/busy."""

    access_token: str
    refresh_token: str
    expires_at: datetime
    account: str
    scope: str = ""
    # who consented, as the provider names them (addresses, Graph's object id): compared with
    # who the connect link was made for, never kept (sealed_json leaves it out)
    known_as: tuple[str, ...] = ()
    # An app-only token (client credentials, organisation-wide consent) names the Entra tenant
    # it is for; calls then address `account`'s mailbox (/users/{account}), never /me.
    directory: str = ""


@dataclass(frozen=True, slots=True)
class Meeting:
    """What an invitation holds: when, where, and who (by address); no free text of anyone's.
    `key` makes a retried create the same event (Graph transactionId, Google's event id)."""

    key: str
    start: datetime
    end: datetime
    title: str  # ours ("Coffee with weaktie"), never a person's words
    location: str  # the venue, from the program's settings
    attendees: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class CallbackPage:
    """What the page a provider's redirect lands on says: a status (2xx or 4xx) and a sentence."""

    status: int
    text: str


class CalendarProvider(Protocol):
    name: str

    def authorize_url(self, state: str, challenge: str, redirect_uri: str) -> str:
        """Where to send the person to consent: authorization code with PKCE (S256), the least
        scopes (free/busy, and events for the organiser), `state` to tie the answer to them."""

    async def exchange(self, code: str, verifier: str, redirect_uri: str) -> Tokens:
        """The code from the redirect, for tokens; CalendarRefused when the provider says no."""

    async def refresh(self, tokens: Tokens) -> Tokens:
        """A fresh access token; CalendarRefused when the grant is gone."""

    async def busy(self, tokens: Tokens, accounts: tuple[str, ...], start: datetime,
                   end: datetime) -> dict[str, tuple[tuple[datetime, datetime], ...]]:
        """Busy intervals per account between start and end (UTC, merged, sorted)."""

    async def create_event(self, tokens: Tokens, meeting: Meeting) -> str:
        """The event's id in the organiser's calendar; the same id when retried with the same
        key (exactly one event)."""

    async def update_event(self, tokens: Tokens, event_id: str, meeting: Meeting) -> None:
        """Carry a new time or a new list of attendees to the event (attendees are told)."""

    async def cancel_event(self, tokens: Tokens, event_id: str) -> None:
        """Cancel it (attendees are told by the provider); a missing event is no error."""

    async def revoke(self, tokens: Tokens) -> None:
        """Withdraw the grant at the provider (best effort: the tokens go from our store anyway)."""


class OrganisationProvider(Protocol):
    """A provider whose administrators can consent for their whole organisation (Microsoft
    Entra admin consent to an application permission): no person signs in, the bot reads with
    an app-only token for the organisation's tenant."""

    def admin_consent_url(self, directory: str, state: str, redirect_uri: str) -> str:
        """The administrator's consent page for tenant `directory` (an id or domain)."""

    async def app_tokens(self, directory: str) -> Tokens:
        """An app-only token for `directory` (`Tokens.directory` set, no refresh token), cached
        until it is about to expire; CalendarRefused when the tenant has not consented (or
        withdrew), CalendarUnavailable when the provider does not answer."""

    def forget_app_tokens(self, directory: str) -> None:
        """Drop the cached token (the consent was withdrawn here)."""

    async def departments(self, tokens: Tokens) -> dict[str, str]:
        """Sign-in name (lower case) -> department, of the whole directory, app-only; only
        where the administrator also granted reading users (User.Read.All), else
        CalendarRefused."""
